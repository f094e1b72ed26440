/*-------------------------------------------------------------------------
 * nbtinsert.c
 *	  Inserting into a B-tree: the uniqueness check, finding the insert
 *	  position, adding to a page or splitting it, and inserting downlinks
 *	  into parents (growing a new root when the root splits).
 *
 * Invariants (README.md has the numbered rules):
 *	- An insertion holds the exclusive lock of the leaf where its key
 *	  first could appear from the start of the uniqueness check until its
 *	  entry is on a page; moving right meanwhile locks the right page
 *	  before releasing the left one.  Two inserters of one key therefore
 *	  serialize on that page, and the second sees the first's entry.
 *	- The uniqueness check marks an entry LP_DEAD only when the callback
 *	  says no snapshot can see its version (HEAP_VERSION_DEAD_TO_ALL); a
 *	  version merely dead for uniqueness (deleted by a committed or by our
 *	  own transaction) may still be visible to a running scan.
 *	- The uniqueness check never waits while holding a lock: on a version
 *	  in doubt it releases everything, waits for the transaction
 *	  (xid_wait) and starts over.
 *	- Locks are taken left to right within a level and child before
 *	  parent: a split keeps the left half locked until its downlink is in
 *	  the parent (which clears BTP_INCOMPLETE_SPLIT in the same step).
 *	- A split that did not get its downlink (an ERROR in between, later a
 *	  crash) is finished by the next inserter that meets the flag.
 *
 * Entry points: btree_insert; bt_insert_parent, bt_finish_split (also
 * used by nbtsearch.c).
 *
 * Fault point: nbtree/split/before-parent-insert (a step: the split is
 * logged, lbuf and rbuf still exclusive-locked, no downlink yet).
 *
 * See also: nbtsplit.c (choosing the split point), nbtpage.c (the page
 * changes), README.md.
 *-------------------------------------------------------------------------
 */
#include "access/nbtree/nbtree_int.h"

#include "access/transam/snapshot.h"
#include "access/transam/xact.h"
#include "faults/faultpoint.h"
#include "utils/elog.h"
#include "utils/interrupt.h"
#include "utils/memctx.h"

static void insert_on_page(BTIndex bi, Buffer buf, BTStack stack, BTTuple itup,
						   OffsetNumber off, Buffer child_buf);

/* ---- uniqueness ---- */

static pg_noreturn void
report_duplicate(BTIndex bi, BTTuple itup)
{
	char	   *desc = bt_describe_tuple(bi, itup);

	ereport(ERROR, errcode(ERRCODE_UNIQUE_VIOLATION),
			errmsg("duplicate key value violates unique constraint \"%s\"", bi->rel->rd_name),
			errdetail("Key %s already exists.", desc));
	__builtin_unreachable();
}

/*
 * Look at every entry whose key equals key's (it may continue on right
 * siblings).  buf: the leaf where the key first could appear,
 * exclusive-locked, kept locked throughout; right siblings are
 * share-locked one at a time (left to right).  Entries the callback calls
 * dead are skipped; only those dead to every snapshot
 * (HEAP_VERSION_DEAD_TO_ALL) are marked LP_DEAD (a hint): a scan must
 * still return an entry whose version was deleted by a transaction its
 * snapshot does not see as committed (see nbtree.h).  Returns true when
 * no live duplicate exists; false with *xwait set when a transaction must
 * be waited for (only buf is still locked).  On a live duplicate releases
 * every lock and raises 23505.
 */
static bool
check_unique(BTIndex bi, Buffer buf, const BTSearchKey *key, BTTuple itup, Relation heap,
			 btree_heap_check_fn check, TransactionId *xwait)
{
	Buffer		nbuf = InvalidBuffer;
	Buffer		cur = buf;
	OffsetNumber off = bt_binsrch(bi, buf, key);
	uint64_t	steps = 0;

	for (;;)
	{
		Page		page = bufmgr_page(cur);
		BlockNumber blkno = bufmgr_block_number(cur);
		BTPageOpaque o = bt_opaque(page);

		if (off <= page_get_max_offset(page))
		{
			ItemId		id = page_get_item_id(page, off);
			BTTuple		tup = bt_page_tuple(bi, page, blkno, off);

			if (bt_compare_keys_only(bi, key, tup, blkno) != 0)
				break;
			off++;
			if (itemid_is_dead(id))
				continue;

			ItemPointerData tid;
			TransactionId xid = InvalidTransactionId;

			(void) bt_tuple_heap_tid(tup, &tid);

			HeapLiveness state = check(heap, &tid, &xid);

			if (state == HEAP_VERSION_DEAD_TO_ALL)
			{
				itemid_mark_dead(id);
				bufmgr_mark_dirty_hint(cur);
				continue;
			}

			/*
			 * Dead for this check only (deleted by a committed transaction or
			 * by ourselves): another snapshot may still need the entry, and
			 * scans skip LP_DEAD entries, so it must not be marked.
			 */
			if (state == HEAP_VERSION_DEAD)
				continue;
			if (state == HEAP_VERSION_IN_DOUBT && !TransactionIdIsValid(xid))
				elog(ERROR, "uniqueness check of index \"%s\" found no transaction to wait for",
					 bi->rel->rd_name);
			if (state == HEAP_VERSION_IN_DOUBT && !xact_is_current_xid(xid))
			{
				if (BufferIsValid(nbuf))
					bt_relbuf(nbuf);
				*xwait = xid;
				return false;
			}
			/* Live, or "in doubt" about ourselves: a duplicate. */
			if (BufferIsValid(nbuf))
				bt_relbuf(nbuf);
			bt_relbuf(buf);
			report_duplicate(bi, itup);
		}
		if (bt_is_rightmost(o) ||
			bt_compare_keys_only(bi, key, bt_page_tuple(bi, page, blkno, BT_HIKEY), blkno) != 0)
			break;
		bt_check_steps(bi, &steps, blkno);
		nbuf = bt_relandgetbuf(bi, nbuf, o->btpo_next, BT_READ);
		cur = nbuf;
		off = bt_first_data_offset(bt_opaque(bufmgr_page(cur)));
	}
	if (BufferIsValid(nbuf))
		bt_relbuf(nbuf);
	return true;
}

/*
 * After the uniqueness check: the new entry's exact position (key with
 * heap TID) may lie on a right sibling of buf.  Step right with lock
 * coupling (lock the right page, then release the left), finishing an
 * incomplete split of the right page first.  Returns the target leaf,
 * exclusive-locked.
 */
static Buffer
step_right_to_tid(BTIndex bi, Buffer buf, const BTSearchKey *key, BTStack stack)
{
	uint64_t	steps = 0;

	for (;;)
	{
		Page		page = bufmgr_page(buf);
		BlockNumber blkno = bufmgr_block_number(buf);
		BTPageOpaque o = bt_opaque(page);

		if (bt_is_rightmost(o) || bt_compare(bi, key, page, blkno, BT_HIKEY) < 0)
			return buf;

		Buffer		rbuf;

		for (;;)
		{
			bt_check_steps(bi, &steps, o->btpo_next);
			rbuf = bt_getbuf(bi, o->btpo_next, BT_WRITE);
			if (!bt_incomplete_split(bt_opaque(bufmgr_page(rbuf))))
				break;
			bt_finish_split(bi, rbuf, stack);
		}
		if (bt_opaque(bufmgr_page(rbuf))->btpo_level != 0)
			bt_corrupt(bi, bufmgr_block_number(rbuf));
		bt_relbuf(buf);
		buf = rbuf;
	}
}

/* ---- btree_insert ---- */

static void
key_from_values(BTIndex bi, const Datum *values, const bool *isnull, BTSearchKey *key)
{
	memset(key, 0, sizeof(*key));
	key->nkeys = bi->natts;
	for (int i = 0; i < bi->natts; i++)
	{
		key->values[i] = values[i];
		key->isnull[i] = isnull[i];
	}
}

/*
 * Insert (values, heap_tid).  See nbtree.h for the uniqueness contract.
 * Precondition: no content locks held.  Errors: 23505 on a live
 * duplicate, 54000 for an entry too large, XX002 on a corrupt index; any
 * ERROR leaves locks to the caller's cleanup (bufmgr_release_all).
 */
void
btree_insert(Relation index, const Datum *values, const bool *isnull, ItemPointer heap_tid,
			 Relation heap, btree_heap_check_fn check_unique_fn)
{
	BTIndexData bi;
	bool		unique;

	bt_index_init(&bi, index);
	if (!ItemPointerIsValid(heap_tid))
		elog(ERROR, "invalid heap TID for index \"%s\"", index->rd_name);

	BTTuple		itup = bt_form_leaf(&bi, values, isnull, heap_tid,
									heap != NULL ? heap->rd_name : NULL);

	unique = index->rd_index != NULL && index->rd_index->unique && check_unique_fn != NULL;
	for (int i = 0; i < bi.natts; i++)
		unique &= !isnull[i];	/* NULLs never conflict */

	for (;;)
	{
		BTSearchKey key;
		Buffer		buf;
		BTStack		stack;

		CHECK_FOR_INTERRUPTS();
		key_from_values(&bi, values, isnull, &key);
		key.has_tid = !unique;
		key.tid = *heap_tid;
		stack = bt_search(&bi, &key, &buf, BT_WRITE, true);
		if (unique)
		{
			TransactionId xwait = InvalidTransactionId;

			if (!check_unique(&bi, buf, &key, itup, heap, check_unique_fn, &xwait))
			{
				bt_relbuf(buf);
				bt_free_stack(stack);
				xid_wait(xwait);
				continue;
			}
			key.has_tid = true;
			buf = step_right_to_tid(&bi, buf, &key, stack);
		}

		/* Before splitting a full leaf, reclaim its dead entries. */
		if (page_get_free_space(bufmgr_page(buf)) < MAXALIGN(bt_tuple_size(itup)))
			(void) bt_delete_dead_items(&bi, buf);
		insert_on_page(&bi, buf, stack, itup, bt_binsrch(&bi, buf, &key), InvalidBuffer);
		bt_free_stack(stack);
		pfree(itup);
		return;
	}
}

/* ---- adding to a page, splits, parents ---- */

/*
 * Add itup at off of the page in buf (exclusive-locked), splitting it if
 * it is full and then inserting the downlink into the parent.  child_buf
 * (valid when itup is a downlink completing that child's split) has its
 * incomplete-split flag cleared in the same step.  Releases buf and
 * child_buf.
 */
static void
insert_on_page(BTIndex bi, Buffer buf, BTStack stack, BTTuple itup, OffsetNumber off,
			   Buffer child_buf)
{
	if (page_get_free_space(bufmgr_page(buf)) >= MAXALIGN(bt_tuple_size(itup)))
	{
		bt_page_insert_item(bi, buf, itup, off, child_buf);
		if (BufferIsValid(child_buf))
			bt_relbuf(child_buf);
		bt_relbuf(buf);
		return;
	}

	Buffer		rbuf = bt_split(bi, buf, itup, off, child_buf);

	bt_insert_parent(bi, buf, rbuf, stack);
}

/* Grow the tree: lbuf (the root) split into lbuf and rbuf.  Releases both. */
static void
new_root(BTIndex bi, Buffer lbuf, Buffer rbuf)
{
	Page		lpage = bufmgr_page(lbuf);
	BlockNumber lblkno = bufmgr_block_number(lbuf);
	BTPageOpaque lo = bt_opaque(lpage);
	BTTuple		left_down = bt_make_minus_infinity(lblkno);
	BTTuple		right_down = bt_make_pivot(bi, bt_page_tuple(bi, lpage, lblkno, BT_HIKEY),
										   bufmgr_block_number(rbuf));
	Buffer		rootbuf = bt_newbuf(bi, (uint16_t) (lo->btpo_level + 1), BTP_ROOT);
	Buffer		metabuf = bt_getbuf(bi, BT_METAPAGE, BT_WRITE);

	if (bt_meta_of(bi, bufmgr_page(metabuf))->btm_root != lblkno)
		bt_corrupt(bi, BT_METAPAGE);
	bt_page_new_root(bi, metabuf, rootbuf, lbuf, left_down, right_down);
	bt_relbuf(metabuf);
	bt_relbuf(rootbuf);
	bt_relbuf(rbuf);
	bt_relbuf(lbuf);
	pfree(left_down);
	pfree(right_down);
}

/*
 * Lock (exclusive) the parent page holding the downlink to child, starting
 * from the remembered position in stack and moving right if the parent
 * split since.  Updates stack to the downlink's current place.  The caller
 * holds child locked, so its downlink cannot disappear.
 */
static Buffer
get_parent(BTIndex bi, BTStack stack, BlockNumber child, BlockNumber rchild)
{
	BlockNumber blkno = stack->bts_blkno;
	OffsetNumber start = stack->bts_offset;
	uint64_t	steps = 0;

	for (;;)
	{
		Buffer		buf = bt_getbuf(bi, blkno, BT_WRITE);
		Page		page = bufmgr_page(buf);
		BTPageOpaque o = bt_opaque(page);

		if (bt_is_leaf(o))
			bt_corrupt(bi, blkno);
		if (bt_incomplete_split(o))
		{
			bt_finish_split(bi, buf, stack->bts_parent);
			bt_check_steps(bi, &steps, blkno);
			continue;
		}

		OffsetNumber first = bt_first_data_offset(o);
		OffsetNumber max = page_get_max_offset(page);

		start = Max(start, first);
		start = Min(start, (OffsetNumber) (max + 1));
		for (OffsetNumber off = start; off <= max; off++)
			if (bt_tuple_child(bt_page_tuple(bi, page, blkno, off)) == child)
			{
				stack->bts_blkno = blkno;
				stack->bts_offset = off;
				return buf;
			}
		for (OffsetNumber off = start; off > first; off--)
			if (bt_tuple_child(bt_page_tuple(bi, page, blkno, off - 1)) == child)
			{
				stack->bts_blkno = blkno;
				stack->bts_offset = (OffsetNumber) (off - 1);
				return buf;
			}
		if (bt_is_rightmost(o))
		{
			bt_relbuf(buf);
			ereport(ERROR, errcode(ERRCODE_INDEX_CORRUPTED),
					errmsg("failed to re-find parent key in index \"%s\" for split pages %u/%u",
						   bi->rel->rd_name, child, rchild));
		}
		bt_check_steps(bi, &steps, blkno);
		blkno = o->btpo_next;
		start = InvalidOffsetNumber;
		bt_relbuf(buf);
	}
}

/*
 * A path for a page whose descent did not pass its parent (the root split
 * meanwhile): the leftmost page one level up, searched from its start.
 */
static BTStack
stack_for_level(BTIndex bi, int level)
{
	Buffer		buf = bt_get_endpoint(bi, level, false);
	BTStack		stack;

	if (!BufferIsValid(buf))
		bt_corrupt(bi, BT_METAPAGE);
	stack = palloc(sizeof(BTStackData));
	stack->bts_blkno = bufmgr_block_number(buf);
	stack->bts_offset = InvalidOffsetNumber;
	stack->bts_parent = NULL;
	bt_relbuf(buf);
	return stack;
}

/*
 * lbuf split into lbuf and rbuf (both exclusive-locked; lbuf carries
 * BTP_INCOMPLETE_SPLIT): insert the downlink to rbuf, keyed by lbuf's new
 * high key, into the parent, right after lbuf's downlink.  A split root
 * grows a new root instead.  Releases lbuf and rbuf.
 */
void
bt_insert_parent(BTIndex bi, Buffer lbuf, Buffer rbuf, BTStack stack)
{
	Page		lpage = bufmgr_page(lbuf);
	BlockNumber lblkno = bufmgr_block_number(lbuf);
	BlockNumber rblkno = bufmgr_block_number(rbuf);
	BTPageOpaque lo = bt_opaque(lpage);
	BTStack		own_stack = NULL;

	FAULT_MARK("nbtree/split/before-parent-insert");
	if (bt_is_root(lo))
	{
		new_root(bi, lbuf, rbuf);
		return;
	}
	if (stack == NULL)
		stack = own_stack = stack_for_level(bi, lo->btpo_level + 1);

	BTTuple		down = bt_make_pivot(bi, bt_page_tuple(bi, lpage, lblkno, BT_HIKEY), rblkno);
	Buffer		pbuf = get_parent(bi, stack, lblkno, rblkno);

	if (bt_opaque(bufmgr_page(pbuf))->btpo_level != lo->btpo_level + 1)
		bt_corrupt(bi, bufmgr_block_number(pbuf));
	bt_relbuf(rbuf);
	insert_on_page(bi, pbuf, stack->bts_parent, down, (OffsetNumber) (stack->bts_offset + 1), lbuf);
	pfree(down);
	bt_free_stack(own_stack);
}

/*
 * lbuf (exclusive-locked) has BTP_INCOMPLETE_SPLIT: its right sibling has
 * no downlink yet.  Insert it.  stack: the path above lbuf (may be NULL).
 * Releases lbuf.
 */
void
bt_finish_split(BTIndex bi, Buffer lbuf, BTStack stack)
{
	BlockNumber lblkno = bufmgr_block_number(lbuf);
	BTPageOpaque lo = bt_opaque(bufmgr_page(lbuf));

	if (bt_is_rightmost(lo))
		bt_corrupt(bi, lblkno);

	Buffer		rbuf = bt_getbuf(bi, lo->btpo_next, BT_WRITE);
	BTPageOpaque ro = bt_opaque(bufmgr_page(rbuf));

	if (ro->btpo_level != lo->btpo_level || ro->btpo_prev != lblkno)
		bt_corrupt(bi, bufmgr_block_number(rbuf));
	bt_insert_parent(bi, lbuf, rbuf, stack);
}
