/*-------------------------------------------------------------------------
 * nbtpage.c
 *	  B-tree page access and page modifications: pinning and locking
 *	  pages with their sanity checks, the metapage, new pages, and the
 *	  small functions that change pages.
 *
 * Invariants:
 *	- Every page is checked on every access (bt_getbuf): special-space
 *	  size and magic, flags, level/leaf consistency.  A zero page or a
 *	  page that fails raises XX002 naming the index and block; nothing
 *	  read from a page is used before it is checked (bt_page_tuple checks
 *	  each line pointer and tuple length).
 *	- Each modification is one function that changes one page or a fixed
 *	  small set of pages inside a critical section, all under exclusive
 *	  content locks the caller holds, marking every changed buffer dirty:
 *	  the unit the WAL module will log as one record (README.md, "WAL").
 *	  Anything that could fail (allocation, validation) happens before
 *	  the critical section.
 *
 * Entry points: bt_getbuf, bt_relbuf, bt_newbuf, bt_check_page,
 * bt_page_tuple, bt_read_meta; modifications bt_page_insert_item,
 * bt_page_delete_items, bt_page_create_first_root, bt_page_set_meta_root,
 * bt_page_new_root, bt_page_apply_split.
 *
 * Fault point: nbtree/split/before-wal-insert (a step inside the split's
 * critical section: the pages are changed, the record not yet inserted).
 *
 * See also: nbtree_int.h (format), storage/buffer/README.md (pin/lock rules).
 *-------------------------------------------------------------------------
 */
#include "access/nbtree/nbtree_int.h"

#include "access/wal/walinsert.h"

#include "faults/faultpoint.h"
#include "utils/elog.h"
#include "utils/memctx.h"

/* ---- checks ---- */

void
bt_check_page(BTIndex bi, Page page, BlockNumber blkno)
{
	if (page_is_new(page))
		ereport(ERROR, errcode(ERRCODE_INDEX_CORRUPTED),
				errmsg("index \"%s\" contains unexpected zero page at block %u",
					   bi->rel->rd_name, blkno));
	if (!page_header_is_valid(page) || page_get_special_size(page) != BT_SPECIAL_SIZE)
		bt_corrupt(bi, blkno);

	BTPageOpaque o = bt_opaque(page);
	bool		is_meta = (o->btpo_flags & BTP_META) != 0;

	if (o->btpo_magic != BT_PAGE_MAGIC || (o->btpo_flags & ~BTP_VALID_FLAGS) != 0 ||
		(o->btpo_flags & BTP_DELETED) != 0 || is_meta != (blkno == BT_METAPAGE))
		bt_corrupt(bi, blkno);
	if (is_meta)
		return;
	if (bt_is_leaf(o) != (o->btpo_level == 0) || o->btpo_level > BT_MAX_LEVEL ||
		o->btpo_next == blkno || o->btpo_prev == blkno ||
		o->btpo_next == BT_METAPAGE || o->btpo_prev == BT_METAPAGE)
		bt_corrupt(bi, blkno);
}

/*
 * The tuple at off, checked: the line pointer is in range, has storage
 * inside the data area, and the tuple's own size and flags agree with it
 * and with its position (high key, internal item, leaf item).
 */
BTTuple
bt_page_tuple(BTIndex bi, Page page, BlockNumber blkno, OffsetNumber off)
{
	const PageHeaderData *ph = (const PageHeaderData *) page;
	BTPageOpaque o = bt_opaque(page);

	if (off < FirstOffsetNumber || off > page_get_max_offset(page))
		bt_corrupt(bi, blkno);

	ItemId		id = page_get_item_id(page, off);
	unsigned	lp_off = itemid_get_offset(id);
	unsigned	len = itemid_get_length(id);
	unsigned	flags = itemid_get_flags(id);

	if ((flags != LP_NORMAL && flags != LP_DEAD) || len < sizeof(BTTupleHeader) ||
		lp_off != MAXALIGN(lp_off) || lp_off < ph->pd_upper || lp_off + len > ph->pd_special)
		bt_corrupt(bi, blkno);

	BTTuple		tup = (BTTuple) (page + lp_off);
	bool		is_hikey = !bt_is_rightmost(o) && off == BT_HIKEY;
	bool		want_pivot = is_hikey || !bt_is_leaf(o);

	if (bt_tuple_size(tup) != len || (tup->t_info & ~BT_INFO_VALID_BITS) != 0 ||
		bt_tuple_is_pivot(tup) != want_pivot)
		bt_corrupt(bi, blkno);
	if (want_pivot)
	{
		if (tup->t_off == 0 ? (len != sizeof(BTTupleHeader) || is_hikey)
			: (tup->t_off != bi->natts || len < sizeof(BTTupleHeader) + BT_PIVOT_TID_SIZE))
			bt_corrupt(bi, blkno);
		/* A downlink names a tree page: not the metapage, not "none". */
		if (!is_hikey && (tup->t_blk == BT_METAPAGE || tup->t_blk == BT_NONE))
			bt_corrupt(bi, blkno);
	}
	return tup;
}

/* ---- buffers ---- */

Buffer
bt_getbuf(BTIndex bi, BlockNumber blkno, BTAccess access)
{
	if (blkno == BT_NONE)
		bt_corrupt(bi, blkno);

	Buffer		buf = bufmgr_read(bi->rel->rd_locator, blkno);

	bufmgr_lock(buf, access == BT_WRITE ? LW_EXCLUSIVE : LW_SHARED);
	bt_check_page(bi, bufmgr_page(buf), blkno);
	return buf;
}

void
bt_relbuf(Buffer buf)
{
	bufmgr_unlock_release(buf);
}

/* Release obuf (if valid), then pin and lock blkno: no lock coupling. */
Buffer
bt_relandgetbuf(BTIndex bi, Buffer obuf, BlockNumber blkno, BTAccess access)
{
	if (BufferIsValid(obuf))
		bt_relbuf(obuf);
	return bt_getbuf(bi, blkno, access);
}

void
bt_init_page(Page page, uint16_t level, uint16_t flags)
{
	page_init(page, sizeof(BTPageOpaqueData));

	BTPageOpaque o = bt_opaque(page);

	o->btpo_prev = BT_NONE;
	o->btpo_next = BT_NONE;
	o->btpo_level = level;
	o->btpo_flags = flags;
	o->btpo_cycle = 0;
	o->btpo_magic = BT_PAGE_MAGIC;
}

/*
 * Extend the index by one page, initialized as an empty btree page and
 * returned exclusive-locked.  The caller marks it dirty as part of the
 * modification that links it into the tree; until then it is unreachable.
 * May be called while holding content locks on other pages of the index
 * (README.md, lock order rule 4).
 */
Buffer
bt_newbuf(BTIndex bi, uint16_t level, uint16_t flags)
{
	Buffer		buf = bufmgr_extend(bi->rel->rd_locator);

	bt_init_page(bufmgr_page(buf), level, flags);
	return buf;
}

/* ---- metapage ---- */

void
bt_init_metapage(Page page, int natts)
{
	BTMetaPageData meta;

	bt_init_page(page, 0, BTP_META);
	memset(&meta, 0, sizeof(meta));
	meta.btm_magic = BT_META_MAGIC;
	meta.btm_version = BT_VERSION;
	meta.btm_root = BT_NONE;
	meta.btm_level = 0;
	meta.btm_natts = (uint32_t) natts;
	if (page_add_item(page, &meta, sizeof(meta), FirstOffsetNumber, 0) != FirstOffsetNumber)
		elog(ERROR, "could not add btree metapage item");
}

/* The metadata of a (locked) metapage, checked; XX002 if it is not one. */
BTMetaPageData *
bt_meta_of(BTIndex bi, Page page)
{
	bt_check_page(bi, page, BT_METAPAGE);
	if (page_get_max_offset(page) != 1)
		bt_corrupt(bi, BT_METAPAGE);

	ItemId		id = page_get_item_id(page, 1);
	const PageHeaderData *ph = (const PageHeaderData *) page;
	unsigned	off = itemid_get_offset(id);

	if (!itemid_is_normal(id) || itemid_get_length(id) != sizeof(BTMetaPageData) ||
		off != MAXALIGN(off) || off < ph->pd_upper || off + sizeof(BTMetaPageData) > ph->pd_special)
		bt_corrupt(bi, BT_METAPAGE);

	BTMetaPageData *meta = (BTMetaPageData *) (page + off);

	if (meta->btm_magic != BT_META_MAGIC || meta->btm_version != BT_VERSION ||
		meta->btm_natts != (uint32_t) bi->natts || meta->btm_level > BT_MAX_LEVEL ||
		meta->btm_root == BT_METAPAGE)
		bt_corrupt(bi, BT_METAPAGE);
	return meta;
}

void
bt_read_meta(BTIndex bi, BTMetaPageData *meta)
{
	Buffer		buf = bt_getbuf(bi, BT_METAPAGE, BT_READ);

	*meta = *bt_meta_of(bi, bufmgr_page(buf));
	bt_relbuf(buf);
}

/* ---- modifications ---- */

/*
 * Add itup at off of the page in buf; when child_buf is valid, clear its
 * BTP_INCOMPLETE_SPLIT flag (itup is the downlink that completes the
 * child's split).  Precondition: both exclusive-locked, itup fits (the
 * caller checked page_get_free_space).  Changes: buf (+ child_buf).
 */
void
bt_page_insert_item(BTIndex bi, Buffer buf, BTTuple itup, OffsetNumber off, Buffer child_buf)
{
	Page		page = bufmgr_page(buf);

	if (page_get_free_space(page) < MAXALIGN(bt_tuple_size(itup)) ||
		off > page_get_max_offset(page) + 1 || off < FirstOffsetNumber)
		elog(ERROR, "no room for a new item at offset %u in block %u of index \"%s\"",
			 off, bufmgr_block_number(buf), bi->rel->rd_name);
	wal_begin();
	wal_register_buffer(buf, 0);
	if (BufferIsValid(child_buf))
		wal_register_buffer(child_buf, 0);
	START_CRIT_SECTION();
	if (page_add_item(page, itup, bt_tuple_size(itup), off, 0) != off)
		elog(PANIC, "failed to add item to block %u of index \"%s\"",
			 bufmgr_block_number(buf), bi->rel->rd_name);
	bufmgr_mark_dirty(buf);
	if (BufferIsValid(child_buf))
	{
		bt_opaque(bufmgr_page(child_buf))->btpo_flags &= (uint16_t) ~BTP_INCOMPLETE_SPLIT;
		bufmgr_mark_dirty(child_buf);
	}
	wal_insert(RM_BTREE, WAL_BTREE_INSERT);
	END_CRIT_SECTION();
}

/*
 * Remove the items at offs (data items of a leaf page: LP_DEAD ones, or
 * entries VACUUM found dead).  Precondition: exclusive lock; every offset
 * names a data item (checked before changing anything).  Changes: buf.
 */
void
bt_page_delete_items(BTIndex bi, Buffer buf, const OffsetNumber *offs, int n)
{
	Page		page = bufmgr_page(buf);
	BlockNumber blkno = bufmgr_block_number(buf);
	BTPageOpaque o = bt_opaque(page);

	if (n <= 0)
		return;
	for (int i = 0; i < n; i++)
	{
		if (offs[i] < bt_first_data_offset(o))
			bt_corrupt(bi, blkno);
		(void) bt_page_tuple(bi, page, blkno, offs[i]);
	}
	wal_begin();
	wal_register_buffer(buf, 0);
	START_CRIT_SECTION();
	page_index_multi_delete(page, offs, n);
	o->btpo_cycle++;
	bufmgr_mark_dirty(buf);
	wal_insert(RM_BTREE, WAL_BTREE_DELETE);
	END_CRIT_SECTION();
}

/*
 * The first insertion into an empty index: rootbuf (a new leaf from
 * bt_newbuf with BTP_ROOT) becomes the root.  Changes: metabuf, rootbuf.
 */
void
bt_page_create_first_root(BTIndex bi, Buffer metabuf, Buffer rootbuf)
{
	BTMetaPageData *meta = bt_meta_of(bi, bufmgr_page(metabuf));

	wal_begin();
	wal_register_buffer(metabuf, 0);
	wal_register_buffer(rootbuf, 0);
	START_CRIT_SECTION();
	meta->btm_root = bufmgr_block_number(rootbuf);
	meta->btm_level = 0;
	bufmgr_mark_dirty(rootbuf);
	bufmgr_mark_dirty(metabuf);
	wal_insert(RM_BTREE, WAL_BTREE_NEWROOT);
	END_CRIT_SECTION();
}

/* Bottom-up build: point the metapage at the finished tree.  Changes: metabuf. */
void
bt_page_set_meta_root(BTIndex bi, Buffer metabuf, BlockNumber root, uint32_t level)
{
	BTMetaPageData *meta = bt_meta_of(bi, bufmgr_page(metabuf));

	wal_begin();
	wal_register_buffer(metabuf, 0);
	START_CRIT_SECTION();
	meta->btm_root = root;
	meta->btm_level = level;
	bufmgr_mark_dirty(metabuf);
	wal_insert(RM_BTREE, WAL_BTREE_META);
	END_CRIT_SECTION();
}

/*
 * The root in lbuf split: rootbuf (new, one level up) gets the two
 * downlinks, the metapage points to it, and the old root loses BTP_ROOT and
 * BTP_INCOMPLETE_SPLIT.  Changes: rootbuf, lbuf, metabuf (the one
 * modification that touches three pages).
 */
void
bt_page_new_root(BTIndex bi, Buffer metabuf, Buffer rootbuf, Buffer lbuf,
				 BTTuple left_down, BTTuple right_down)
{
	Page		root = bufmgr_page(rootbuf);
	BTMetaPageData *meta = bt_meta_of(bi, bufmgr_page(metabuf));
	BTPageOpaque lo = bt_opaque(bufmgr_page(lbuf));

	if (page_get_free_space(root) < MAXALIGN(bt_tuple_size(left_down)) +
		BT_ITEM_SPACE(bt_tuple_size(right_down)))
		elog(ERROR, "new root of index \"%s\" cannot hold its downlinks", bi->rel->rd_name);
	wal_begin();
	wal_register_buffer(rootbuf, 0);
	wal_register_buffer(lbuf, 0);
	wal_register_buffer(metabuf, 0);
	START_CRIT_SECTION();
	if (page_add_item(root, left_down, bt_tuple_size(left_down), FirstOffsetNumber, 0) != 1 ||
		page_add_item(root, right_down, bt_tuple_size(right_down), 2, 0) != 2)
		elog(PANIC, "failed to add downlinks to the new root of index \"%s\"", bi->rel->rd_name);
	meta->btm_root = bufmgr_block_number(rootbuf);
	meta->btm_level = bt_opaque(root)->btpo_level;
	lo->btpo_flags &= (uint16_t) ~(BTP_ROOT | BTP_INCOMPLETE_SPLIT);
	bufmgr_mark_dirty(rootbuf);
	bufmgr_mark_dirty(lbuf);
	bufmgr_mark_dirty(metabuf);
	wal_insert(RM_BTREE, WAL_BTREE_NEWROOT);
	END_CRIT_SECTION();
}

/*
 * Install a split prepared in private images: left replaces the page in
 * lbuf, right fills the new page rbuf, the old right sibling (sbuf, if
 * valid) gets its left link pointed at rbuf, and child_buf (if valid) loses
 * BTP_INCOMPLETE_SPLIT.  Precondition: all exclusive-locked.  Changes: up
 * to four pages, as PostgreSQL's split record does.
 */
void
bt_page_apply_split(BTIndex bi, Buffer lbuf, Buffer rbuf, Buffer sbuf, Buffer child_buf,
					const char *left, const char *right)
{
	Page		lpage = bufmgr_page(lbuf);
	XLogRecPtr	lsn = page_get_lsn(lpage);

	wal_begin();
	wal_register_buffer(lbuf, 0);
	wal_register_buffer(rbuf, 0);
	if (BufferIsValid(sbuf))
		wal_register_buffer(sbuf, 0);
	if (BufferIsValid(child_buf))
		wal_register_buffer(child_buf, 0);
	START_CRIT_SECTION();
	memcpy(lpage, left, BLCKSZ);
	page_set_lsn(lpage, lsn);
	memcpy(bufmgr_page(rbuf), right, BLCKSZ);
	bufmgr_mark_dirty(lbuf);
	bufmgr_mark_dirty(rbuf);
	if (BufferIsValid(sbuf))
	{
		bt_opaque(bufmgr_page(sbuf))->btpo_prev = bufmgr_block_number(rbuf);
		bufmgr_mark_dirty(sbuf);
	}
	if (BufferIsValid(child_buf))
	{
		bt_opaque(bufmgr_page(child_buf))->btpo_flags &= (uint16_t) ~BTP_INCOMPLETE_SPLIT;
		bufmgr_mark_dirty(child_buf);
	}
	FAULT_MARK("nbtree/split/before-wal-insert");
	wal_insert(RM_BTREE, WAL_BTREE_SPLIT);
	END_CRIT_SECTION();
}
