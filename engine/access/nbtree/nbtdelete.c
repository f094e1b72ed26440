/*-------------------------------------------------------------------------
 * nbtdelete.c
 *	  Removing B-tree entries: LP_DEAD entries of a full leaf before it
 *	  would split, and VACUUM's bulk delete of entries whose heap tuples
 *	  are dead.
 *
 * How dead entries go away (README.md, "Dead entries"):
 *	1. a scan whose heap fetch found the whole HOT chain dead marks the
 *	   entry LP_DEAD (btree_kill_current, a hint under a share lock); so
 *	   does a uniqueness check whose callback reported the version dead
 *	   to every snapshot (HEAP_VERSION_DEAD_TO_ALL; merely "dead for the
 *	   check", e.g. deleted by a committed transaction, is not enough:
 *	   older snapshots still need the entry);
 *	2. scans skip LP_DEAD entries; the uniqueness check ignores them;
 *	3. an insertion that finds its leaf full first deletes the page's
 *	   LP_DEAD entries (bt_delete_dead_items) and splits only if that did
 *	   not free enough room;
 *	4. VACUUM deletes every entry whose heap TID it reports dead
 *	   (btree_bulk_delete), before the heap reuses those TIDs.
 * Pages emptied this way stay in the tree (no page deletion yet): scans
 * pass over them, insertions refill them.
 *
 * Invariant: removing items from a page bumps its btpo_cycle, so a scan
 * that remembered an entry's position never marks a different entry that
 * reused the same heap TID (btree_kill_current compares the cycle).
 *-------------------------------------------------------------------------
 */
#include "access/nbtree/nbtree_int.h"

#include "utils/elog.h"
#include "utils/interrupt.h"
#include "utils/memctx.h"

/*
 * Delete the LP_DEAD data items of the leaf in buf (exclusive-locked).
 * Returns how many were removed.
 */
int
bt_delete_dead_items(BTIndex bi, Buffer buf)
{
	Page		page = bufmgr_page(buf);
	BTPageOpaque o = bt_opaque(page);
	OffsetNumber max = page_get_max_offset(page);
	OffsetNumber offs[MaxOffsetNumber];
	int			n = 0;

	if (!bt_is_leaf(o))
		return 0;
	for (OffsetNumber off = bt_first_data_offset(o); off <= max; off++)
		if (itemid_is_dead(page_get_item_id(page, off)))
			offs[n++] = off;
	bt_page_delete_items(bi, buf, offs, n);
	return n;
}

/*
 * VACUUM: walk the leaves left to right and delete every entry whose heap
 * TID is_dead reports dead.  Returns the number deleted.  One page is
 * locked (exclusive) at a time; is_dead runs under that lock and must not
 * take locks or raise errors.  A page split meanwhile only moves entries
 * right, to pages still ahead of the walk, or to a new page between the
 * current one and the next whose entries were already examined (new
 * entries never point to dead TIDs).
 */
double
btree_bulk_delete(Relation index, bool (*is_dead) (ItemPointer tid, void *arg), void *arg)
{
	BTIndexData bi;
	double		removed = 0;
	uint64_t	steps = 0;

	bt_index_init(&bi, index);

	Buffer		buf = bt_get_endpoint(&bi, 0, false);

	if (!BufferIsValid(buf))
		return 0;

	BlockNumber blkno = bufmgr_block_number(buf);

	bt_relbuf(buf);
	while (blkno != BT_NONE)
	{
		CHECK_FOR_INTERRUPTS();
		buf = bt_getbuf(&bi, blkno, BT_WRITE);

		Page		page = bufmgr_page(buf);
		BTPageOpaque o = bt_opaque(page);
		OffsetNumber max = page_get_max_offset(page);
		OffsetNumber offs[MaxOffsetNumber];
		int			n = 0;

		if (!bt_is_leaf(o))
			bt_corrupt(&bi, blkno);
		for (OffsetNumber off = bt_first_data_offset(o); off <= max; off++)
		{
			ItemPointerData tid;

			(void) bt_tuple_heap_tid(bt_page_tuple(&bi, page, blkno, off), &tid);
			if (is_dead(&tid, arg))
				offs[n++] = off;
		}
		bt_page_delete_items(&bi, buf, offs, n);
		removed += n;

		BlockNumber next = o->btpo_next;

		bt_relbuf(buf);
		bt_check_steps(&bi, &steps, blkno);
		blkno = next;
	}
	return removed;
}
