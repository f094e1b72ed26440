/*-------------------------------------------------------------------------
 * nbtsearch.c
 *	  Descending the B-tree: finding the root, moving right past
 *	  concurrent splits (Lehman-Yao), binary search within a page, and the
 *	  leftmost/rightmost page of a level.
 *
 * Invariants:
 *	- A descent holds at most one content lock at a time: it releases a
 *	  parent before locking the child, and a page before locking its
 *	  right sibling.  This is safe because pages are never deleted and
 *	  keys only move right (to a new right sibling) when a page splits, so
 *	  whatever moved is found by following right-links from the page the
 *	  stale downlink led to (README.md, rule 2).
 *	- Internal pages are share-locked; the leaf is locked in the caller's
 *	  mode (exclusive for insertion).
 *	- Every sibling walk is bounded (bt_check_steps): a corrupt index with
 *	  a cycle of right-links raises XX002 instead of looping.
 *
 * Entry points: bt_getroot, bt_search, bt_moveright, bt_binsrch,
 * bt_get_endpoint.
 *-------------------------------------------------------------------------
 */
#include "access/nbtree/nbtree_int.h"

#include "utils/elog.h"
#include "utils/interrupt.h"
#include "utils/memctx.h"

void
bt_check_steps(BTIndex bi, uint64_t *steps, BlockNumber blkno)
{
	(*steps)++;
	if ((*steps & 1023) == 0)
		CHECK_FOR_INTERRUPTS();
	if (*steps > 1000 && *steps > (uint64_t) bufmgr_nblocks(bi->rel->rd_locator))
		bt_corrupt(bi, blkno);
}

void
bt_free_stack(BTStack stack)
{
	while (stack != NULL)
	{
		BTStack		parent = stack->bts_parent;

		pfree(stack);
		stack = parent;
	}
}

/*
 * Create the first root (a leaf) of an empty index.  Returns it
 * exclusive-locked, or InvalidBuffer if someone else created it first.
 */
static Buffer
create_first_root(BTIndex bi)
{
	Buffer		metabuf = bt_getbuf(bi, BT_METAPAGE, BT_WRITE);
	BTMetaPageData *meta = bt_meta_of(bi, bufmgr_page(metabuf));

	if (meta->btm_root != BT_NONE)
	{
		bt_relbuf(metabuf);
		return InvalidBuffer;
	}

	Buffer		rootbuf = bt_newbuf(bi, 0, BTP_LEAF | BTP_ROOT);

	bt_page_create_first_root(bi, metabuf, rootbuf);
	bt_relbuf(metabuf);
	return rootbuf;
}

/*
 * Lock the root: a leaf root in leaf_access mode, an internal root shared.
 * create: make a root leaf if the index is empty (returned exclusive).
 * InvalidBuffer if the index is empty and !create.  The page returned may
 * have stopped being the root since the metapage was read; descending from
 * it is still correct (Lehman-Yao), only the stack lacks the new levels.
 */
Buffer
bt_getroot(BTIndex bi, BTAccess leaf_access, bool create)
{
	for (int attempt = 0;; attempt++)
	{
		BTMetaPageData meta;

		bt_read_meta(bi, &meta);
		if (meta.btm_root == BT_NONE)
		{
			if (!create)
				return InvalidBuffer;

			Buffer		rootbuf = create_first_root(bi);

			if (BufferIsValid(rootbuf))
				return rootbuf;
			if (attempt > 100)
				bt_corrupt(bi, BT_METAPAGE);
			continue;
		}

		BTAccess	access = meta.btm_level == 0 ? leaf_access : BT_READ;
		Buffer		buf = bt_getbuf(bi, meta.btm_root, access);

		if (bt_opaque(bufmgr_page(buf))->btpo_level != meta.btm_level)
			bt_corrupt(bi, meta.btm_root);
		return buf;
	}
}

/*
 * First offset on the page whose item is >= key (> key with nextkey) on a
 * leaf; on an internal page, the offset of the downlink to follow: the
 * last item <= key (the minus-infinity first item is <= everything).
 * Precondition: buf locked.
 */
OffsetNumber
bt_binsrch(BTIndex bi, Buffer buf, const BTSearchKey *key)
{
	Page		page = bufmgr_page(buf);
	BlockNumber blkno = bufmgr_block_number(buf);
	BTPageOpaque o = bt_opaque(page);
	OffsetNumber low = bt_first_data_offset(o);
	OffsetNumber high = (OffsetNumber) (page_get_max_offset(page) + 1);
	bool		leaf = bt_is_leaf(o);

	if (!leaf && low >= high)
		bt_corrupt(bi, blkno);	/* an internal page without downlinks */
	while (low < high)
	{
		OffsetNumber mid = (OffsetNumber) (low + (high - low) / 2);
		int			c = bt_compare(bi, key, page, blkno, mid);

		if (leaf ? c > 0 : c >= 0)
			low = (OffsetNumber) (mid + 1);
		else
			high = mid;
	}
	return leaf ? low : (OffsetNumber) (low - 1);
}

/*
 * Lock blkno again in write mode, finish its incomplete split, and lock
 * it again in access mode.
 */
static Buffer
finish_split_and_relock(BTIndex bi, Buffer buf, BTAccess access, BTStack stack)
{
	BlockNumber blkno = bufmgr_block_number(buf);

	if (access != BT_WRITE)
		buf = bt_relandgetbuf(bi, buf, blkno, BT_WRITE);
	if (bt_incomplete_split(bt_opaque(bufmgr_page(buf))))
		bt_finish_split(bi, buf, stack);	/* releases buf */
	else
		bt_relbuf(buf);
	return bt_getbuf(bi, blkno, access);
}

/*
 * Lehman-Yao: the page in buf was reached through a downlink read before
 * it was locked; if it split since, key may now belong to a right
 * sibling.  Move right while key >= the high key.  for_insert: first
 * finish any incomplete split met (an inserter must not add to a page
 * whose right sibling lacks a downlink).  Returns the page to use, locked
 * in access mode; stack is the path above it.
 */
Buffer
bt_moveright(BTIndex bi, Buffer buf, const BTSearchKey *key, BTAccess access, bool for_insert,
			 BTStack stack)
{
	uint64_t	steps = 0;
	uint16_t	level = bt_opaque(bufmgr_page(buf))->btpo_level;

	for (;;)
	{
		Page		page = bufmgr_page(buf);
		BlockNumber blkno = bufmgr_block_number(buf);
		BTPageOpaque o = bt_opaque(page);

		if (o->btpo_level != level)
			bt_corrupt(bi, blkno);
		if (for_insert && bt_incomplete_split(o))
		{
			buf = finish_split_and_relock(bi, buf, access, stack);
			bt_check_steps(bi, &steps, blkno);
			continue;
		}
		if (bt_is_rightmost(o) || bt_compare(bi, key, page, blkno, BT_HIKEY) < 0)
			return buf;
		bt_check_steps(bi, &steps, blkno);
		buf = bt_relandgetbuf(bi, buf, o->btpo_next, access);
	}
}

/*
 * Descend from the root to the leaf where key belongs.  See nbtree_int.h.
 * The stack (palloc'd, freed with bt_free_stack) lists the internal pages
 * passed and the downlinks followed, innermost first.
 */
BTStack
bt_search(BTIndex bi, const BTSearchKey *key, Buffer *bufp, BTAccess leaf_access, bool for_insert)
{
	BTStack		stack = NULL;
	Buffer		buf = bt_getroot(bi, leaf_access, for_insert);

	if (!BufferIsValid(buf))
	{
		*bufp = InvalidBuffer;
		return NULL;
	}
	for (;;)
	{
		BTPageOpaque o = bt_opaque(bufmgr_page(buf));
		BTAccess	access = bt_is_leaf(o) ? leaf_access : BT_READ;

		buf = bt_moveright(bi, buf, key, access, for_insert, stack);
		o = bt_opaque(bufmgr_page(buf));
		if (bt_is_leaf(o))
			break;

		BlockNumber blkno = bufmgr_block_number(buf);
		OffsetNumber off = bt_binsrch(bi, buf, key);
		BlockNumber child = bt_tuple_child(bt_page_tuple(bi, bufmgr_page(buf), blkno, off));
		BTStack		entry = palloc(sizeof(BTStackData));
		uint16_t	level = o->btpo_level;

		entry->bts_blkno = blkno;
		entry->bts_offset = off;
		entry->bts_parent = stack;
		stack = entry;
		buf = bt_relandgetbuf(bi, buf, child, level == 1 ? leaf_access : BT_READ);
		if (bt_opaque(bufmgr_page(buf))->btpo_level != level - 1)
			bt_corrupt(bi, child);
	}
	*bufp = buf;
	return stack;
}

/*
 * The leftmost (or rightmost) page at level (0 = leaf), share-locked;
 * InvalidBuffer if the index is empty.  ERROR if the tree has no such
 * level.
 */
Buffer
bt_get_endpoint(BTIndex bi, int level, bool rightmost)
{
	Buffer		buf = bt_getroot(bi, BT_READ, false);
	uint64_t	steps = 0;

	if (!BufferIsValid(buf))
		return InvalidBuffer;
	for (;;)
	{
		Page		page = bufmgr_page(buf);
		BlockNumber blkno = bufmgr_block_number(buf);
		BTPageOpaque o = bt_opaque(page);

		if (rightmost && !bt_is_rightmost(o))
		{
			bt_check_steps(bi, &steps, blkno);
			buf = bt_relandgetbuf(bi, buf, o->btpo_next, BT_READ);
			continue;
		}
		if (o->btpo_level == level)
			return buf;
		if (o->btpo_level < level)
			elog(ERROR, "index \"%s\" has no level %d", bi->rel->rd_name, level);

		OffsetNumber off = rightmost ? page_get_max_offset(page) : bt_first_data_offset(o);
		BlockNumber child = bt_tuple_child(bt_page_tuple(bi, page, blkno, off));
		uint16_t	plevel = o->btpo_level;

		buf = bt_relandgetbuf(bi, buf, child, BT_READ);
		if (bt_opaque(bufmgr_page(buf))->btpo_level != plevel - 1)
			bt_corrupt(bi, child);
	}
}
