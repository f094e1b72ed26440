/*-------------------------------------------------------------------------
 * heapam_visibility.c
 *	  Which tuple versions a snapshot sees, what an UPDATE/DELETE finds at
 *	  its target, and which versions are dead to everyone.
 *
 * Role: the MVCC rules of PostgreSQL, over t_xmin/t_xmax/t_cmin/t_cmax and
 * the hint bits.  A version is visible to an MVCC snapshot when
 *	- its inserter is our transaction and t_cmin < curcid, or the inserter
 *	  committed and is not in the snapshot (not running when it was taken);
 *	- and it is not deleted for the snapshot: no xmax, an aborted xmax, our
 *	  own delete with t_cmax >= curcid, or a deleter that is in the
 *	  snapshot (running when it was taken, or started after).
 *
 * Hint bits: once CLOG gives a final status (committed or aborted) for
 * xmin or xmax, the matching HEAP_XMIN_/HEAP_XMAX_ COMMITTED/INVALID bit
 * is set so later readers skip the lookup; this is allowed under a share
 * content lock and is followed by bufmgr_mark_dirty_hint().  A status
 * that is still "in progress" is never hinted, nor a commit whose WAL is
 * not flushed yet (asynchronous commit: the hint could outlive a commit
 * lost in a crash).  There are no
 * subtransactions, so "our own xid" is simply xact_is_current_xid().
 *
 * Entry points: heap_tuple_satisfies_mvcc, heap_tuple_satisfies_update,
 * heap_tuple_satisfies_vacuum, heap_tuple_is_surely_dead,
 * heap_prune_horizon, heap_xid_precedes_horizon.
 *
 * See also: access/transam/snapshot.h (snapshots, xid status),
 * access/heap/README.md (rules 4-6).
 *-------------------------------------------------------------------------
 */
#include "access/heap/heapam_internal.h"

#include "access/transam/snapshot.h"
#include "access/transam/xact.h"

static void
set_hint(HeapTupleHeader h, Buffer buf, uint16_t bits)
{
	if (!BufferIsValid(buf) || (h->t_infomask & bits) == bits)
		return;
	h->t_infomask |= bits;
	bufmgr_mark_dirty_hint(buf);
}

/*
 * Status of xmin, hinting final outcomes.  Our own xid counts as in
 * progress.
 */
static XidStatus
xmin_status(HeapTupleHeader h, Buffer buf)
{
	if (h->t_infomask & HEAP_XMIN_COMMITTED)
		return XID_COMMITTED;
	if (h->t_infomask & HEAP_XMIN_INVALID)
		return XID_ABORTED;
	XidStatus	st = xid_status(h->t_xmin);

	if (st == XID_COMMITTED)
	{
		if (xid_commit_is_durable(h->t_xmin))
			set_hint(h, buf, HEAP_XMIN_COMMITTED);
	}
	else if (st == XID_ABORTED)
		set_hint(h, buf, HEAP_XMIN_INVALID);
	return st;
}

/*
 * Status of a valid, un-hinted-invalid xmax, hinting final outcomes.  An
 * aborted xmax gets HEAP_XMAX_INVALID.
 */
static XidStatus
xmax_status(HeapTupleHeader h, Buffer buf)
{
	if (h->t_infomask & HEAP_XMAX_COMMITTED)
		return XID_COMMITTED;
	XidStatus	st = xid_status(h->t_xmax);

	if (st == XID_COMMITTED)
	{
		if (xid_commit_is_durable(h->t_xmax))
			set_hint(h, buf, HEAP_XMAX_COMMITTED);
	}
	else if (st == XID_ABORTED)
		set_hint(h, buf, HEAP_XMAX_INVALID);
	return st;
}

/* Visibility of a version inserted by our own transaction. */
static bool
own_insert_visible(HeapTupleHeader h, Snapshot snap)
{
	if (h->t_cmin >= snap->curcid)
		return false;			/* inserted by this or a later command */
	if (heap_hdr_xmax_is_invalid(h))
		return true;
	if (!xact_is_current_xid(h->t_xmax))
		return true;			/* no subtransactions: such an xmax never committed */
	return h->t_cmax >= snap->curcid;	/* deleted after the snapshot's command */
}

bool
heap_tuple_satisfies_mvcc(HeapTupleHeader h, Snapshot snap, Buffer buf)
{
	if (!(h->t_infomask & HEAP_XMIN_COMMITTED))
	{
		if (h->t_infomask & HEAP_XMIN_INVALID)
			return false;
		if (xact_is_current_xid(h->t_xmin))
			return own_insert_visible(h, snap);
		if (xid_in_snapshot(h->t_xmin, snap))
			return false;
		if (xmin_status(h, buf) != XID_COMMITTED)
			return false;
	}
	else if (xid_in_snapshot(h->t_xmin, snap))
		return false;			/* committed, but after the snapshot */

	/* The inserter committed before the snapshot; now the deleter. */
	if (heap_hdr_xmax_is_invalid(h))
		return true;
	if (!(h->t_infomask & HEAP_XMAX_COMMITTED))
	{
		if (xact_is_current_xid(h->t_xmax))
			return h->t_cmax >= snap->curcid;
		if (xid_in_snapshot(h->t_xmax, snap))
			return true;
		return xmax_status(h, buf) != XID_COMMITTED;
	}
	return xid_in_snapshot(h->t_xmax, snap);
}

/* The UPDATE/DELETE verdict for a version whose xmax is set by another
 * transaction (or committed). */
static HTSU_Result
update_check_xmax(HeapTupleHeader h, ItemPointer self, Buffer buf)
{
	XidStatus	st = xmax_status(h, buf);

	if (st == XID_IN_PROGRESS)
		return HTSU_BEING_MODIFIED;
	if (st == XID_ABORTED)
		return HTSU_OK;
	ItemPointerData ctid = heap_hdr_ctid(h);

	return ItemPointerEquals(&ctid, self) ? HTSU_DELETED : HTSU_UPDATED;
}

HTSU_Result
heap_tuple_satisfies_update(HeapTupleHeader h, ItemPointer self, CommandId cid, Buffer buf)
{
	if (!(h->t_infomask & HEAP_XMIN_COMMITTED))
	{
		if (h->t_infomask & HEAP_XMIN_INVALID)
			return HTSU_INVISIBLE;
		if (xact_is_current_xid(h->t_xmin))
		{
			if (h->t_cmin >= cid)
				return HTSU_INVISIBLE;	/* inserted after the scan started */
			if (heap_hdr_xmax_is_invalid(h) || !xact_is_current_xid(h->t_xmax))
				return HTSU_OK;
			return HTSU_SELF_MODIFIED;
		}
		if (xmin_status(h, buf) != XID_COMMITTED)
			return HTSU_INVISIBLE;
	}
	if (heap_hdr_xmax_is_invalid(h))
		return HTSU_OK;
	/* Changed by us, in this or an earlier command (tmfd->cmax tells). */
	if (xact_is_current_xid(h->t_xmax))
		return HTSU_SELF_MODIFIED;
	return update_check_xmax(h, self, buf);
}

HTSV_Result
heap_tuple_satisfies_vacuum(HeapTupleHeader h, TransactionId oldest_xmin, Buffer buf)
{
	if (!(h->t_infomask & HEAP_XMIN_COMMITTED))
	{
		XidStatus	st = xmin_status(h, buf);

		if (st == XID_ABORTED)
			return HEAPTUPLE_DEAD;
		if (st == XID_IN_PROGRESS)
		{
			if (heap_hdr_xmax_is_invalid(h))
				return HEAPTUPLE_INSERT_IN_PROGRESS;
			/* inserted and deleted by the same running transaction */
			if (h->t_xmax == h->t_xmin)
				return HEAPTUPLE_DELETE_IN_PROGRESS;
			return HEAPTUPLE_INSERT_IN_PROGRESS;
		}
	}
	if (heap_hdr_xmax_is_invalid(h))
		return HEAPTUPLE_LIVE;
	XidStatus	st = xmax_status(h, buf);

	if (st == XID_IN_PROGRESS)
		return HEAPTUPLE_DELETE_IN_PROGRESS;
	if (st == XID_ABORTED)
		return HEAPTUPLE_LIVE;
	if (!xid_precedes(h->t_xmax, oldest_xmin))
		return HEAPTUPLE_RECENTLY_DEAD;
	return HEAPTUPLE_DEAD;
}

bool
heap_tuple_is_surely_dead(HeapTupleHeader h, Buffer buf)
{
	if (h->t_infomask & HEAP_XMIN_INVALID)
		return true;
	if (!(h->t_infomask & HEAP_XMIN_COMMITTED))
	{
		XidStatus	st = xmin_status(h, buf);

		if (st == XID_ABORTED)
			return true;
		if (st == XID_IN_PROGRESS)
			return false;
	}
	if (heap_hdr_xmax_is_invalid(h))
		return false;
	if (xmax_status(h, buf) != XID_COMMITTED)
		return false;
	return heap_xid_precedes_horizon(h->t_xmax);
}

/* ---- unique checks ---- */

/* One version under dirty-snapshot rules (see heap_chain_liveness). */
static HeapLiveness
version_liveness(HeapTupleHeader h, Buffer buf, TransactionId *wait_xid)
{
	if (h->t_infomask & HEAP_XMIN_INVALID)
		return HEAP_VERSION_DEAD;
	if (!(h->t_infomask & HEAP_XMIN_COMMITTED) && !xact_is_current_xid(h->t_xmin))
	{
		XidStatus	st = xmin_status(h, buf);

		if (st == XID_ABORTED)
			return HEAP_VERSION_DEAD;
		if (st == XID_IN_PROGRESS)
		{
			*wait_xid = h->t_xmin;
			return HEAP_VERSION_IN_DOUBT;
		}
	}
	if (heap_hdr_xmax_is_invalid(h))
		return HEAP_VERSION_LIVE;
	if (xact_is_current_xid(h->t_xmax))
		return HEAP_VERSION_DEAD;	/* we deleted or updated it */
	XidStatus	st = xmax_status(h, buf);

	if (st == XID_IN_PROGRESS)
	{
		*wait_xid = h->t_xmax;
		return HEAP_VERSION_IN_DOUBT;
	}
	return st == XID_ABORTED ? HEAP_VERSION_LIVE : HEAP_VERSION_DEAD;
}

HeapLiveness
heap_chain_liveness(Page page, Buffer buf, OffsetNumber root, TransactionId *wait_xid)
{
	HotChainIter it;
	HeapTupleHeader h;
	OffsetNumber off;

	heap_chain_begin(&it, page, bufmgr_block_number(buf), root);
	while ((h = heap_chain_next(&it, &off)) != NULL)
	{
		HeapLiveness v = version_liveness(h, buf, wait_xid);

		if (v != HEAP_VERSION_DEAD)
			return v;
	}
	return HEAP_VERSION_DEAD;
}

/* ---- the cached pruning horizon ---- */

static TransactionId cached_horizon = InvalidTransactionId;
static uint64_t cached_horizon_seq = 0;

TransactionId
heap_prune_horizon(void)
{
	uint64_t	seq = xact_statement_seq();

	if (!TransactionIdIsValid(cached_horizon) || seq != cached_horizon_seq)
	{
		cached_horizon = snapshot_global_xmin();
		cached_horizon_seq = seq;
	}
	return cached_horizon;
}

bool
heap_xid_precedes_horizon(TransactionId xid)
{
	if (TransactionIdIsValid(cached_horizon) && xid_precedes(xid, cached_horizon))
		return true;
	return xid_precedes(xid, heap_prune_horizon());
}
