/*-------------------------------------------------------------------------
 * heapam.c
 *	  Inserting, deleting, updating and fetching heap tuples.
 *
 * Role: the row-level half of the heap access method (heapam.h): the
 * executor and the catalog change rows through heap_insert, heap_delete
 * and heap_update, and follow index entries with heap_fetch_visible.
 *
 * Row-level concurrency (PostgreSQL's READ COMMITTED rules): the target of
 * an UPDATE/DELETE is checked under the page's exclusive content lock
 * (heap_tuple_satisfies_update).  If its xmax is a running transaction,
 * we release the page, xid_wait() for that transaction (deadlock detection
 * and lock_timeout happen there), and check again; if the other
 * transaction committed, the caller gets TM_Updated (tmfd->ctid = newer
 * version) or TM_Deleted; if it aborted, we proceed.  So two sessions
 * updating one row serialize on the first one's transaction.
 *
 * HOT: an update with hot_allowed whose new version fits on the old page
 * makes the new version heap-only (HEAP_ONLY_TUPLE) and the old one
 * HEAP_HOT_UPDATED; index entries keep pointing at the chain's root and
 * heap_fetch_visible walks the chain.
 *
 * Invariants:
 *	- Returned tuples are palloc'd copies made under the share lock.
 *	- No content lock is held while waiting for a transaction, and no pin
 *	  either (we re-read the page afterwards).
 *	- An update touching two pages locks the lower block first (hio.c).
 *	- The new and old versions of an update are changed in one critical
 *	  section (the WAL record for an update will cover both pages).
 *
 * Entry points: heap_insert, heap_delete, heap_update, heap_fetch_visible,
 * heap_fetch_latest, heap_tid_liveness, heap_nblocks.
 *
 * Fault point: heap/update/after-new-version (a step inside the update's
 * critical section, between storing the new version and marking the old).
 *
 * See also: heapam_visibility.c, hio.c, pruneheap.c, README.md.
 *-------------------------------------------------------------------------
 */
#include "access/heap/heapam_internal.h"

#include "access/transam/snapshot.h"
#include "access/transam/xact.h"
#include "faults/faultpoint.h"
#include "utils/elog.h"
#include "utils/interrupt.h"
#include "utils/memctx.h"
#include "utils/pgstat/pgstat.h"

BlockNumber
heap_nblocks(Relation rel)
{
	return bufmgr_nblocks(rel->rd_locator);
}

/* Fill in the header of a version about to be stored by xid/cid. */
static void
prepare_new_version(Relation rel, HeapTuple tup, TransactionId xid, CommandId cid)
{
	HeapTupleHeader h = tup->t_data;

	if (tup->t_len > MaxHeapTupleSize)
		ereport(ERROR, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("row is too big: size %zu, maximum size %zu",
					   (size_t) MAXALIGN(tup->t_len), (size_t) MaxHeapTupleSize));
	Assert(tup->t_len >= SizeofHeapTupleHeader && h->t_hoff <= tup->t_len);
	h->t_xmin = xid;
	h->t_cmin = cid;
	h->t_xmax = InvalidTransactionId;
	h->t_cmax = 0;
	h->t_infomask &= (uint16_t) ~(HEAP_XMIN_HINTS | HEAP_XMAX_HINTS | HEAP_UPDATED);
	h->t_infomask |= HEAP_XMAX_INVALID;
	h->t_infomask2 &= (uint16_t) ~(HEAP_HOT_UPDATED | HEAP_ONLY_TUPLE);
	tup->t_tableOid = rel->rd_id;
}

/*
 * Store tup as a new version by our transaction (assigning its xid) and
 * command cid; sets tup->t_self and tup's header as stored.
 * Precondition: inside a transaction, no heap buffer of rel locked.
 * Errors: 54000 row too big, XX001 corrupt page, I/O errors of extension.
 */
void
heap_insert(Relation rel, HeapTuple tup, CommandId cid)
{
	TransactionId xid = xact_get_xid();

	prepare_new_version(rel, tup, xid, cid);
	Buffer		buf = heap_get_buffer_for_tuple(rel, tup->t_len, InvalidBuffer, true);

	heap_page_add_tuple(buf, tup);
	bufmgr_unlock_release(buf);
	pgstat_count_heap_insert(rel->rd_id);
}

/* ---- UPDATE / DELETE ---- */

static TM_Result
tm_result_of(HTSU_Result r)
{
	switch (r)
	{
		case HTSU_OK:
			return TM_Ok;
		case HTSU_SELF_MODIFIED:
			return TM_SelfModified;
		case HTSU_UPDATED:
			return TM_Updated;
		case HTSU_DELETED:
			return TM_Deleted;
		case HTSU_INVISIBLE:
		case HTSU_BEING_MODIFIED:
			break;
	}
	return TM_Invisible;
}

/*
 * Check the target version at tid for command cid.  *h gets its header
 * (NULL when the line pointer does not hold a tuple: HTSU_INVISIBLE).
 * Precondition: buf (tid's block) pinned and exclusive-locked.
 */
static HTSU_Result
check_target(Buffer buf, ItemPointer tid, CommandId cid, HeapTupleHeader *h)
{
	Page		page = bufmgr_page(buf);
	uint32_t	len;

	*h = NULL;
	if (page_is_new(page) || tid->ip_posid < FirstOffsetNumber ||
		tid->ip_posid > page_get_max_offset(page) ||
		!itemid_is_normal(page_get_item_id(page, tid->ip_posid)))
		return HTSU_INVISIBLE;
	*h = heap_page_tuple(page, tid->ip_posid, &len);
	return heap_tuple_satisfies_update(*h, tid, cid, buf);
}

static void
fill_failure(TM_FailureData *tmfd, HeapTupleHeader h, HTSU_Result r)
{
	if (tmfd == NULL)
		return;
	ItemPointerSetInvalid(&tmfd->ctid);
	tmfd->xmax = InvalidTransactionId;
	tmfd->cmax = 0;
	if (h == NULL)
		return;
	tmfd->ctid = heap_hdr_ctid(h);
	tmfd->xmax = h->t_xmax;
	if (r == HTSU_SELF_MODIFIED)
		tmfd->cmax = h->t_cmax;
}

/*
 * Pin and exclusive-lock tid's page with a target that may be changed:
 * returns the buffer and HTSU_OK, or InvalidBuffer and the failure (tmfd
 * filled).  Waits for running transactions that are changing the target
 * (holding neither lock nor pin while waiting) and checks again.
 */
static Buffer
lock_target(Relation rel, ItemPointer tid, CommandId cid, TM_FailureData *tmfd,
			HTSU_Result *result)
{
	for (;;)
	{
		Buffer		buf = bufmgr_read(rel->rd_locator, tid->ip_blkid);
		HeapTupleHeader h;

		heap_page_prune_opt(rel, buf);
		bufmgr_lock(buf, LW_EXCLUSIVE);
		*result = check_target(buf, tid, cid, &h);
		if (*result == HTSU_OK)
			return buf;
		if (*result != HTSU_BEING_MODIFIED)
		{
			fill_failure(tmfd, h, *result);
			bufmgr_unlock_release(buf);
			return InvalidBuffer;
		}
		TransactionId xwait = h->t_xmax;

		bufmgr_unlock_release(buf);
		xid_wait(xwait);
		CHECK_FOR_INTERRUPTS();
	}
}

/*
 * Mark the version at tid deleted by our transaction and command cid
 * (README.md, rule 6).  Precondition: inside a transaction, no content
 * lock held.  Errors: from xid_wait (40P01, 55P03, 57014), XX001.
 */
TM_Result
heap_delete(Relation rel, ItemPointer tid, CommandId cid, TM_FailureData *tmfd)
{
	TransactionId xid = xact_get_xid();
	HTSU_Result r;
	Buffer		buf = lock_target(rel, tid, cid, tmfd, &r);

	if (!BufferIsValid(buf))
		return tm_result_of(r);
	heap_page_set_xmax(buf, tid->ip_posid, xid, cid, NULL, false, false);
	bufmgr_unlock_release(buf);
	pgstat_count_heap_delete(rel->rd_id);
	return TM_Ok;
}

/*
 * Store newtup in newbuf and mark the old version updated, in one
 * critical section.  Both pages exclusive-locked (the same buffer for a
 * same-page update).
 */
static void
update_execute(Buffer oldbuf, OffsetNumber oldoff, Buffer newbuf, HeapTuple newtup,
			   TransactionId xid, CommandId cid, bool hot)
{
	if (hot)
		newtup->t_data->t_infomask2 |= HEAP_ONLY_TUPLE;
	START_CRIT_SECTION();
	heap_page_add_tuple(newbuf, newtup);
	FAULT_MARK("heap/update/after-new-version");
	heap_page_set_xmax(oldbuf, oldoff, xid, cid, &newtup->t_self, hot, newbuf != oldbuf);
	END_CRIT_SECTION();
}

/*
 * Replace the version at otid by newtup (README.md, rules 6-8): on the same
 * page when it fits (heap-only if hot_allowed), else on a page from hio.c,
 * locking the two pages lower block first.  Sets newtup->t_self.
 * Precondition and errors as heap_delete, plus 54000 row too big.
 */
TM_Result
heap_update(Relation rel, ItemPointer otid, HeapTuple newtup, CommandId cid,
			bool hot_allowed, bool *is_hot, TM_FailureData *tmfd)
{
	TransactionId xid = xact_get_xid();
	HTSU_Result r;

	*is_hot = false;
	prepare_new_version(rel, newtup, xid, cid);
	newtup->t_data->t_infomask |= HEAP_UPDATED;
	for (;;)
	{
		Buffer		buf = lock_target(rel, otid, cid, tmfd, &r);

		if (!BufferIsValid(buf))
			return tm_result_of(r);
		if (MAXALIGN(newtup->t_len) <= heap_page_free_space(bufmgr_page(buf)))
		{
			update_execute(buf, otid->ip_posid, buf, newtup, xid, cid, hot_allowed);
			bufmgr_unlock_release(buf);
			*is_hot = hot_allowed;
			pgstat_count_heap_update(rel->rd_id, hot_allowed);
			return TM_Ok;
		}

		/* Another page: unlock, find one, relock both in order, recheck. */
		bufmgr_unlock(buf);
		Buffer		newbuf = heap_get_buffer_for_tuple(rel, newtup->t_len, buf, true);
		HeapTupleHeader h;

		r = check_target(buf, otid, cid, &h);
		if (r == HTSU_OK)
		{
			bool		hot = hot_allowed && newbuf == buf;

			update_execute(buf, otid->ip_posid, newbuf, newtup, xid, cid, hot);
			if (newbuf != buf)
				bufmgr_unlock_release(newbuf);
			bufmgr_unlock_release(buf);
			*is_hot = hot;
			pgstat_count_heap_update(rel->rd_id, hot);
			return TM_Ok;
		}
		if (newbuf != buf)
			bufmgr_unlock_release(newbuf);
		if (r != HTSU_BEING_MODIFIED)
		{
			fill_failure(tmfd, h, r);
			bufmgr_unlock_release(buf);
			return tm_result_of(r);
		}
		/* Someone changed it while it was unlocked: start over (and wait). */
		bufmgr_unlock_release(buf);
	}
}

/* ---- fetching ---- */

/*
 * Walk the HOT chain from root on a share-locked page; return the offset
 * of the version visible to snap or InvalidOffsetNumber.  *all_dead (if
 * given) is cleared when some version is not dead to everyone.
 */
static OffsetNumber
hot_search(Page page, Buffer buf, OffsetNumber root, Snapshot snap, bool *all_dead)
{
	HotChainIter it;
	HeapTupleHeader h;
	OffsetNumber off;

	heap_chain_begin(&it, page, bufmgr_block_number(buf), root);
	while ((h = heap_chain_next(&it, &off)) != NULL)
	{
		if (heap_tuple_satisfies_mvcc(h, snap, buf))
		{
			if (all_dead != NULL)
				*all_dead = false;
			return off;
		}
		if (all_dead != NULL && *all_dead && !heap_tuple_is_surely_dead(h, buf))
			*all_dead = false;
	}
	return InvalidOffsetNumber;
}

/*
 * Resolve off on a locked page to a normal tuple's offset, following a
 * redirect.  InvalidOffsetNumber if there is no tuple.
 */
static OffsetNumber
resolve_tid(Page page, OffsetNumber off)
{
	OffsetNumber maxoff = page_is_new(page) ? 0 : page_get_max_offset(page);

	if (off < FirstOffsetNumber || off > maxoff)
		return InvalidOffsetNumber;
	ItemId		lp = page_get_item_id(page, off);

	if (itemid_is_redirected(lp))
	{
		off = itemid_get_redirect(lp);
		if (off < FirstOffsetNumber || off > maxoff)
			return InvalidOffsetNumber;
		lp = page_get_item_id(page, off);
	}
	return itemid_is_normal(lp) ? off : InvalidOffsetNumber;
}

/*
 * The version of the chain at tid visible to snap, as a palloc'd copy.
 * Prunes the page first if it needs it.  Errors: XX001.
 */
HeapTuple
heap_fetch_visible(Relation rel, ItemPointer tid, Snapshot snap, bool *all_dead)
{
	Buffer		buf = bufmgr_read(rel->rd_locator, tid->ip_blkid);
	Page		page = bufmgr_page(buf);
	HeapTuple	result = NULL;

	if (all_dead != NULL)
		*all_dead = true;
	heap_page_prune_opt(rel, buf);
	bufmgr_lock(buf, LW_SHARED);

	OffsetNumber off = hot_search(page, buf, tid->ip_posid, snap, all_dead);

	if (off != InvalidOffsetNumber)
		result = heap_copy_from_page(rel, page, tid->ip_blkid, off, CurrentMemoryContext);
	bufmgr_unlock_release(buf);
	return result;
}

/* What heap_fetch_latest does next with the version it is looking at. */
typedef enum LatestStep
{
	LATEST_RETURN,				/* it is the newest live version */
	LATEST_FOLLOW,				/* updated by a committed transaction: go on */
	LATEST_GONE,				/* deleted, aborted, or changed by our current command */
	LATEST_WAIT,				/* a running transaction is changing it */
} LatestStep;

static LatestStep
latest_step(HeapTupleHeader h, ItemPointer self, Snapshot snap, Buffer buf,
			TransactionId *wait_xid)
{
	ItemPointerData ctid = heap_hdr_ctid(h);
	bool		deleted = ItemPointerEquals(&ctid, self);

	if (xact_is_current_xid(h->t_xmin))
	{
		if (snap != NULL && h->t_cmin >= snap->curcid)
			return LATEST_GONE;
	}
	else if (!(h->t_infomask & HEAP_XMIN_COMMITTED))
	{
		if (h->t_infomask & HEAP_XMIN_INVALID)
			return LATEST_GONE;
		XidStatus	st = xid_status(h->t_xmin);

		if (st == XID_IN_PROGRESS)
		{
			*wait_xid = h->t_xmin;
			return LATEST_WAIT;
		}
		if (st == XID_ABORTED)
			return LATEST_GONE;
	}
	if (heap_hdr_xmax_is_invalid(h))
		return LATEST_RETURN;
	if (xact_is_current_xid(h->t_xmax) || (h->t_infomask & HEAP_XMAX_COMMITTED))
		return deleted ? LATEST_GONE : LATEST_FOLLOW;
	XidStatus	st = xid_status(h->t_xmax);

	if (st == XID_IN_PROGRESS)
	{
		*wait_xid = h->t_xmax;
		return LATEST_WAIT;
	}
	if (st == XID_ABORTED)
		return LATEST_RETURN;
	return deleted ? LATEST_GONE : LATEST_FOLLOW;
}

/*
 * Follow t_ctid from tid to the newest version (README.md, rule 6): wait
 * for transactions still changing it, return it when its inserter
 * committed (or is us, from an earlier command than snap->curcid; snap may
 * be NULL), NULL when the row was deleted or the chain is broken.  Holds no
 * lock or pin while waiting.  Errors: from xid_wait, XX001.
 */
HeapTuple
heap_fetch_latest(Relation rel, ItemPointer tid, Snapshot snap)
{
	ItemPointerData cur = *tid;
	TransactionId prior_xmax = InvalidTransactionId;

	for (;;)
	{
		CHECK_FOR_INTERRUPTS();
		Buffer		buf = bufmgr_read(rel->rd_locator, cur.ip_blkid);
		Page		page = bufmgr_page(buf);

		bufmgr_lock(buf, LW_SHARED);
		OffsetNumber off = resolve_tid(page, cur.ip_posid);
		uint32_t	len;
		HeapTupleHeader h = off != InvalidOffsetNumber ? heap_page_tuple(page, off, &len) : NULL;

		if (h == NULL || (TransactionIdIsValid(prior_xmax) && h->t_xmin != prior_xmax))
		{
			bufmgr_unlock_release(buf);
			return NULL;
		}
		ItemPointerData self;
		TransactionId wait_xid = InvalidTransactionId;

		ItemPointerSet(&self, cur.ip_blkid, off);
		switch (latest_step(h, &self, snap, buf, &wait_xid))
		{
			case LATEST_RETURN:
				{
					HeapTuple	copy = heap_copy_from_page(rel, page, cur.ip_blkid, off,
															 CurrentMemoryContext);

					bufmgr_unlock_release(buf);
					return copy;
				}
			case LATEST_GONE:
				bufmgr_unlock_release(buf);
				return NULL;
			case LATEST_WAIT:
				bufmgr_unlock_release(buf);
				xid_wait(wait_xid);
				break;
			case LATEST_FOLLOW:
				prior_xmax = h->t_xmax;
				cur = heap_hdr_ctid(h);
				bufmgr_unlock_release(buf);
				break;
		}
	}
}

/* ---- unique checks for btree ---- */

/* See heapam.h.  Share lock only; never waits itself. */
HeapLiveness
heap_tid_liveness(Relation heap, ItemPointer tid, TransactionId *wait_xid)
{
	Buffer		buf = bufmgr_read(heap->rd_locator, tid->ip_blkid);
	Page		page = bufmgr_page(buf);

	*wait_xid = InvalidTransactionId;
	bufmgr_lock(buf, LW_SHARED);
	HeapLiveness result = heap_chain_liveness(page, buf, tid->ip_posid, wait_xid);

	bufmgr_unlock_release(buf);
	return result;
}
