/*-------------------------------------------------------------------------
 * nbtsplit.c
 *	  Page splits: choosing the split point and preparing the two halves.
 *
 * A full page plus the new item is a sequence of n items; the split puts
 * items [0, s) on the left (the original block) and [s, n) on a new right
 * page.  The left page gets a new high key: the pivot form of item s
 * (keys and heap TID), so every left item is < it and every right item
 * >= it.  On an internal page item s also becomes the right page's first
 * downlink, whose key is dropped (minus infinity): the separator lives in
 * the parent.
 *
 * Choice of s:
 *	- inserting at the end of the rightmost page of a level (ascending
 *	  keys: serial ids, pgbench_accounts loads): leave the left page filled
 *	  to the fill factor (rd_fillfactor for leaves, 70 for internal pages,
 *	  as PostgreSQL does), so sequential loads leave pages that full;
 *	- otherwise: the split that best balances the space used on the two
 *	  pages.
 *
 * Invariant: both halves are built in private page images and checked to
 * fit before anything shared changes; bt_page_apply_split then installs
 * them in one step (nbtpage.c).
 *-------------------------------------------------------------------------
 */
#include "access/nbtree/nbtree_int.h"

#include "utils/elog.h"
#include "utils/memctx.h"

typedef struct SplitItem
{
	BTTuple		tup;
	size_t		space;			/* BT_ITEM_SPACE of the tuple as stored */
} SplitItem;

static int
leaf_fillfactor(BTIndex bi)
{
	int			ff = bi->rel->rd_fillfactor;

	if (ff <= 0)
		return 90;
	return Min(Max(ff, 10), 100);
}

/*
 * The split point s in [1, n-1]; ERROR if no split fits both pages.
 * old_hikey_space: what the right page's high key (the old one) needs,
 * 0 on the rightmost page.
 */
static int
choose_split(BTIndex bi, const SplitItem *items, int n, bool leaf, size_t old_hikey_space,
			 bool append_rightmost)
{
	size_t		total = 0;
	size_t		left = 0;
	int			best = -1;
	size_t		best_diff = SIZE_MAX;
	int			ff_best = -1;
	size_t		ff_target = BT_PAGE_CAPACITY * (size_t) (leaf ? leaf_fillfactor(bi)
														 : BT_NONLEAF_FILLFACTOR) / 100;

	for (int i = 0; i < n; i++)
		total += items[i].space;
	for (int s = 1; s < n; s++)
	{
		left += items[s - 1].space;

		size_t		hikey_space = BT_ITEM_SPACE(bt_pivot_size(bi, items[s].tup));
		size_t		lused = left + hikey_space;
		size_t		rused = total - left + old_hikey_space;

		if (!leaf)				/* the right page's first downlink loses its key */
			rused = rused - items[s].space + BT_ITEM_SPACE(sizeof(BTTupleHeader));
		if (lused > BT_PAGE_CAPACITY || rused > BT_PAGE_CAPACITY)
			continue;
		if (append_rightmost && lused <= ff_target)
			ff_best = s;

		size_t		diff = lused > rused ? lused - rused : rused - lused;

		if (diff < best_diff)
		{
			best_diff = diff;
			best = s;
		}
	}
	if (ff_best > 0)
		return ff_best;
	if (best < 0)
		elog(ERROR, "could not find a feasible split point for index \"%s\"", bi->rel->rd_name);
	return best;
}

static void
add_to_image(BTIndex bi, Page image, BTTuple tup, OffsetNumber off)
{
	if (page_add_item(image, tup, bt_tuple_size(tup), off, 0) == InvalidOffsetNumber)
		elog(ERROR, "failed to add item to a page split of index \"%s\"", bi->rel->rd_name);
}

/*
 * The page's data items with itup inserted at off, in order (pointers into
 * the page, which stays locked while they are used).
 */
static SplitItem *
collect_items(BTIndex bi, Page page, BlockNumber blkno, BTTuple itup, OffsetNumber off, int *n)
{
	BTPageOpaque o = bt_opaque(page);
	OffsetNumber first = bt_first_data_offset(o);
	OffsetNumber max = page_get_max_offset(page);
	SplitItem  *items = palloc(sizeof(SplitItem) * (size_t) (max - first + 2));

	if (off < first || off > max + 1)
		bt_corrupt(bi, blkno);
	*n = 0;
	for (OffsetNumber i = first; i <= max + 1; i++)
	{
		if (i == off)
		{
			items[*n].tup = itup;
			items[*n].space = BT_ITEM_SPACE(bt_tuple_size(itup));
			(*n)++;
		}
		if (i <= max)
		{
			items[*n].tup = bt_page_tuple(bi, page, blkno, i);
			items[*n].space = BT_ITEM_SPACE(bt_tuple_size(items[*n].tup));
			(*n)++;
		}
	}
	return items;
}

/* The left half: flagged incompletely split, new high key, items [0, s). */
static void
build_left(BTIndex bi, char *left, BTPageOpaque o, const SplitItem *items, int s, BTTuple hikey)
{
	bt_init_page(left, o->btpo_level,
				 (uint16_t) ((o->btpo_flags & (BTP_LEAF | BTP_ROOT)) | BTP_INCOMPLETE_SPLIT));

	BTPageOpaque lo = bt_opaque(left);

	lo->btpo_prev = o->btpo_prev;
	lo->btpo_cycle = (uint16_t) (o->btpo_cycle + 1);
	add_to_image(bi, left, hikey, BT_HIKEY);
	for (int i = 0; i < s; i++)
		add_to_image(bi, left, items[i].tup, InvalidOffsetNumber);
}

/*
 * The right half: the old high key (if any), items [s, n); on an internal
 * page item s becomes the minus-infinity downlink.
 */
static void
build_right(BTIndex bi, char *right, BTPageOpaque o, BlockNumber blkno, const SplitItem *items,
			int s, int n, BTTuple old_hikey)
{
	bool		leaf = bt_is_leaf(o);

	bt_init_page(right, o->btpo_level, (uint16_t) (o->btpo_flags & BTP_LEAF));

	BTPageOpaque ro = bt_opaque(right);

	ro->btpo_prev = blkno;
	ro->btpo_next = o->btpo_next;
	if (old_hikey != NULL)
		add_to_image(bi, right, old_hikey, BT_HIKEY);
	for (int i = s; i < n; i++)
	{
		if (!leaf && i == s)
		{
			BTTuple		minus = bt_make_minus_infinity(bt_tuple_child(items[i].tup));

			add_to_image(bi, right, minus, InvalidOffsetNumber);
			pfree(minus);
		}
		else
			add_to_image(bi, right, items[i].tup, InvalidOffsetNumber);
	}
}

/*
 * Split the page in buf (exclusive-locked) while inserting itup at off.
 * Returns the new right page exclusive-locked; buf stays locked and now
 * carries BTP_INCOMPLETE_SPLIT until bt_insert_parent adds the downlink.
 * The old right sibling's left link is updated (locked and released here:
 * left to right), and child_buf (if valid) loses its incomplete-split
 * flag in the same step and is released.  An ERROR before the final step
 * leaves every page unchanged (the new page, if allocated, stays unused).
 */
Buffer
bt_split(BTIndex bi, Buffer buf, BTTuple itup, OffsetNumber off, Buffer child_buf)
{
	Page		page = bufmgr_page(buf);
	BlockNumber blkno = bufmgr_block_number(buf);
	BTPageOpaque o = bt_opaque(page);
	int			n;
	SplitItem  *items = collect_items(bi, page, blkno, itup, off, &n);
	BTTuple		old_hikey = bt_is_rightmost(o) ? NULL : bt_page_tuple(bi, page, blkno, BT_HIKEY);
	int			s = choose_split(bi, items, n, bt_is_leaf(o),
								 old_hikey ? BT_ITEM_SPACE(bt_tuple_size(old_hikey)) : 0,
								 bt_is_rightmost(o) && off == page_get_max_offset(page) + 1);
	char	   *left = palloc(BLCKSZ);
	char	   *right = palloc(BLCKSZ);
	BTTuple		hikey = bt_make_pivot(bi, items[s].tup, BT_NONE);

	build_left(bi, left, o, items, s, hikey);
	build_right(bi, right, o, blkno, items, s, n, old_hikey);

	/* Allocate the right page, lock the old right sibling, install. */
	Buffer		rbuf = bt_newbuf(bi, o->btpo_level, bt_opaque(right)->btpo_flags);
	Buffer		sbuf = InvalidBuffer;

	bt_opaque(left)->btpo_next = bufmgr_block_number(rbuf);
	if (!bt_is_rightmost(o))
	{
		sbuf = bt_getbuf(bi, o->btpo_next, BT_WRITE);
		if (bt_opaque(bufmgr_page(sbuf))->btpo_prev != blkno ||
			bt_opaque(bufmgr_page(sbuf))->btpo_level != o->btpo_level)
			bt_corrupt(bi, o->btpo_next);
	}
	bt_page_apply_split(bi, buf, rbuf, sbuf, child_buf, left, right);
	if (BufferIsValid(sbuf))
		bt_relbuf(sbuf);
	if (BufferIsValid(child_buf))
		bt_relbuf(child_buf);
	pfree(hikey);
	pfree(left);
	pfree(right);
	pfree(items);
	return rbuf;
}
