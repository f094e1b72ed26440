/*-------------------------------------------------------------------------
 * nbtsort.c
 *	  Building a B-tree bottom-up from sorted entries (CREATE INDEX), and
 *	  creating an empty index.
 *
 * Steps (btree_spool_*):
 *	1. collect (keys, heap TID, is_live) entries, each one chunk (a
 *	   BuildItem: the leaf tuple plus is_live and the cached first key
 *	   column), in an external sort (utils/extsort.h) bounded by
 *	   maintenance_work_mem: past it sorted runs go to temporary files;
 *	2. sort them by (keys, heap TID) (merging the runs while reading);
 *	3. for a unique index, a first pass over the sorted entries rejects
 *	   two live entries with equal non-NULL keys: 23505 `could not create
 *	   unique index "%s"`; then the sort is read again for step 4;
 *	4. fill leaf pages left to right up to the fill factor, each new page
 *	   pushing its downlink into the level above (created on demand),
 *	   which fills the same way (70%); close every level's rightmost page
 *	   and point the metapage at the single page of the top level.
 *
 * Pages are assembled in private images and written through the buffer
 * pool once complete (block numbers are reserved in order as pages start).
 * The new index is not yet visible to other sessions, so nothing else
 * locks its pages meanwhile.
 *
 * Entry points: btree_build_empty, btree_spool_begin, btree_spool_add,
 * btree_spool_finish (btree_build in nbtbuild.c drives them from a heap
 * scan).
 *-------------------------------------------------------------------------
 */
#include "access/nbtree/nbtree_int.h"

#include <stdlib.h>

#include "access/wal/walinsert.h"
#include "utils/elog.h"
#include "utils/extsort.h"
#include "utils/guc.h"
#include "utils/interrupt.h"
#include "utils/memctx.h"

/*
 * One collected entry, one chunk: this header, then the leaf tuple at
 * BUILD_ITEM_TUP.  The first key column is cached for the comparisons
 * that decide most of the sort (by reference: it points into the tuple,
 * an offset while on disk).
 */
typedef struct BuildItem
{
	uint32_t	size;			/* bytes of the whole chunk */
	bool		is_live;
	bool		first_null;
	Datum		first;
} BuildItem;

#define BUILD_ITEM_TUP(it)	((BTTuple) ((char *) (it) + MAXALIGN(sizeof(BuildItem))))

typedef struct BTBuildSpoolData
{
	BTIndexData bi;
	MemoryContext cxt;
	ExtSort    *sort;
	size_t		n;
} BTBuildSpoolData;

/* One level being filled during the bottom-up build. */
typedef struct BuildLevel
{
	char	   *page;			/* private image of the page being filled */
	BlockNumber blkno;			/* its reserved block */
	uint16_t	level;
	int			nitems;			/* data items on the page */
	struct BuildLevel *up;
} BuildLevel;

/* ---- the metapage ---- */

/*
 * Write the metapage of an empty index into rel's file, which must have
 * no blocks.  ERROR otherwise.
 */
static void
write_empty_metapage(BTIndex bi)
{
	RelFileLocator rl = bi->rel->rd_locator;

	if (bufmgr_nblocks(rl) != 0)
		elog(ERROR, "index \"%s\" already contains data", bi->rel->rd_name);

	Buffer		buf = bufmgr_extend(rl);

	if (bufmgr_block_number(buf) != BT_METAPAGE)
		elog(ERROR, "index \"%s\" already contains data", bi->rel->rd_name);
	wal_begin();
	wal_register_buffer(buf, WAL_REGISTER_IMAGE);
	START_CRIT_SECTION();
	bt_init_metapage(bufmgr_page(buf), bi->natts);
	bufmgr_mark_dirty(buf);
	wal_insert(RM_BTREE, WAL_BTREE_META);
	END_CRIT_SECTION();
	bufmgr_unlock_release(buf);
}

void
btree_build_empty(Relation index)
{
	BTIndexData bi;

	bt_index_init(&bi, index);
	write_empty_metapage(&bi);
}

/* ---- collecting entries ---- */

static int compare_entries(const void *pa, const void *pb, void *arg);

static size_t
item_size(const void *item, void *arg)
{
	(void) arg;
	return ((const BuildItem *) item)->size;
}

static bool
first_by_ref(BTIndex bi, const BuildItem *it)
{
	return !it->first_null && !bi->att[0].attbyval;
}

static void
item_to_disk(void *copy, const void *orig, void *arg)
{
	BuildItem  *c = copy;

	if (first_by_ref((BTIndex) arg, c))
		c->first = (Datum) ((const char *) (uintptr_t) c->first - (const char *) orig);
}

static void
item_from_disk(void *item, void *arg)
{
	BuildItem  *it = item;

	if (first_by_ref((BTIndex) arg, it))
		it->first = (Datum) (uintptr_t) ((char *) it + (uintptr_t) it->first);
}

static const ExtSortMethods build_sort_methods = {
	compare_entries, item_size, item_to_disk, item_from_disk
};

BTBuildSpool
btree_spool_begin(Relation index)
{
	BTBuildSpool spool = palloc0(sizeof(BTBuildSpoolData));

	bt_index_init(&spool->bi, index);
	spool->cxt = memctx_create(CurrentMemoryContext, "btree build");
	spool->sort = extsort_begin(&build_sort_methods, &spool->bi,
								(size_t) guc_maintenance_work_mem_kb * 1024, spool->cxt);
	return spool;
}

void
btree_spool_add(BTBuildSpool spool, const Datum *values, const bool *isnull, ItemPointer tid,
				bool is_live)
{
	BTIndex		bi = &spool->bi;
	MemoryContext old = memctx_switch_to(spool->cxt);
	BTTuple		formed = bt_form_leaf(bi, values, isnull, tid, NULL);
	size_t		tupsize = bt_tuple_size(formed);
	size_t		size = MAXALIGN(sizeof(BuildItem)) + tupsize;
	BuildItem  *it = memctx_alloc_zero(extsort_item_cxt(spool->sort), size);

	it->size = (uint32_t) size;
	it->is_live = is_live;
	memcpy(BUILD_ITEM_TUP(it), formed, tupsize);
	pfree(formed);
	bt_deform(bi, BUILD_ITEM_TUP(it), 1, &it->first, &it->first_null, InvalidBlockNumber);
	extsort_put(spool->sort, it);
	spool->n++;
	memctx_switch_to(old);
	if ((spool->n & 255) == 0)
		CHECK_FOR_INTERRUPTS();
}

/* ---- sorting ---- */

static int
compare_keys(BTIndex bi, const BuildItem *a, const BuildItem *b)
{
	int			c = bt_compare_datum(&bi->att[0], a->first, a->first_null, b->first, b->first_null);

	if (c != 0 || bi->natts == 1)
		return c;

	Datum		av[INDEX_MAX_KEYS];
	Datum		bv[INDEX_MAX_KEYS];
	bool		an[INDEX_MAX_KEYS];
	bool		bn[INDEX_MAX_KEYS];

	bt_deform(bi, BUILD_ITEM_TUP(a), bi->natts, av, an, InvalidBlockNumber);
	bt_deform(bi, BUILD_ITEM_TUP(b), bi->natts, bv, bn, InvalidBlockNumber);
	for (int i = 1; i < bi->natts; i++)
	{
		c = bt_compare_datum(&bi->att[i], av[i], an[i], bv[i], bn[i]);
		if (c != 0)
			return c;
	}
	return 0;
}

static int
compare_entries(const void *pa, const void *pb, void *arg)
{
	const BuildItem *a = pa;
	const BuildItem *b = pb;
	int			c = compare_keys((BTIndex) arg, a, b);

	if (c != 0)
		return c;

	ItemPointerData ta;
	ItemPointerData tb;

	ItemPointerSet(&ta, BUILD_ITEM_TUP(a)->t_blk, BUILD_ITEM_TUP(a)->t_off);
	ItemPointerSet(&tb, BUILD_ITEM_TUP(b)->t_blk, BUILD_ITEM_TUP(b)->t_off);
	return bt_compare_tid(&ta, &tb);
}

static void
report_duplicate(BTIndex bi, const BuildItem *it)
{
	Datum		values[INDEX_MAX_KEYS];
	bool		isnull[INDEX_MAX_KEYS];

	bt_deform(bi, BUILD_ITEM_TUP(it), bi->natts, values, isnull, InvalidBlockNumber);
	ereport(ERROR, errcode(ERRCODE_UNIQUE_VIOLATION),
			errmsg("could not create unique index \"%s\"", bi->rel->rd_name),
			errdetail("Key %s is duplicated.", bt_describe_key(bi, values, isnull)));
}

/*
 * 23505 if two live entries share a key without NULLs: one pass over the
 * sorted entries, keeping a copy of the current key group's first entry
 * (an item returned by the sort is valid only until the next one).
 */
static void
check_duplicates(BTBuildSpool spool)
{
	BTIndex		bi = &spool->bi;
	BuildItem  *group = NULL;
	bool		group_has_null = false;
	int			live = 0;
	size_t		i = 0;
	const BuildItem *it;

	while ((it = extsort_next(spool->sort)) != NULL)
	{
		if ((++i & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		if (group == NULL || compare_keys(bi, group, it) != 0)
		{
			Datum		values[INDEX_MAX_KEYS];
			bool		isnull[INDEX_MAX_KEYS];

			if (group != NULL)
				pfree(group);
			group = palloc(it->size);
			memcpy(group, it, it->size);
			if (first_by_ref(bi, it))
				group->first = (Datum) (uintptr_t) ((char *) group +
													((const char *) (uintptr_t) it->first -
													 (const char *) it));
			bt_deform(bi, BUILD_ITEM_TUP(group), bi->natts, values, isnull, InvalidBlockNumber);
			group_has_null = false;
			for (int k = 0; k < bi->natts; k++)
				group_has_null |= isnull[k];
			live = 0;
		}
		live += it->is_live ? 1 : 0;
		if (!group_has_null && live > 1)
			report_duplicate(bi, group);
	}
	if (group != NULL)
		pfree(group);
	extsort_rewind(spool->sort);
}

/* ---- writing pages ---- */

static BlockNumber
reserve_block(BTIndex bi)
{
	Buffer		buf = bufmgr_extend(bi->rel->rd_locator);
	BlockNumber blkno = bufmgr_block_number(buf);

	bufmgr_unlock_release(buf);
	return blkno;
}

static void
write_block(BTIndex bi, BlockNumber blkno, const char *image)
{
	Buffer		buf = bufmgr_read(bi->rel->rd_locator, blkno);

	bufmgr_lock(buf, LW_EXCLUSIVE);
	wal_begin();
	wal_register_buffer(buf, WAL_REGISTER_IMAGE);
	START_CRIT_SECTION();
	memcpy(bufmgr_page(buf), image, BLCKSZ);
	bufmgr_mark_dirty(buf);
	wal_insert(RM_BTREE, WAL_BTREE_BUILD);
	END_CRIT_SECTION();
	bufmgr_unlock_release(buf);
}

static BuildLevel *
new_level(BTIndex bi, uint16_t level)
{
	BuildLevel *lvl = palloc0(sizeof(BuildLevel));

	lvl->page = palloc(BLCKSZ);
	lvl->level = level;
	lvl->blkno = reserve_block(bi);
	bt_init_page(lvl->page, level, level == 0 ? BTP_LEAF : 0);
	return lvl;
}

static void
image_add(BTIndex bi, BuildLevel *lvl, BTTuple tup, OffsetNumber off)
{
	if (page_add_item(lvl->page, tup, bt_tuple_size(tup), off, 0) == InvalidOffsetNumber)
		elog(ERROR, "failed to add item to block %u of index \"%s\" during build",
			 lvl->blkno, bi->rel->rd_name);
}

static int
build_fillfactor(BTIndex bi, int level)
{
	int			ff = bi->rel->rd_fillfactor;

	if (level > 0)
		return BT_NONLEAF_FILLFACTOR;
	return ff <= 0 ? 90 : Min(Max(ff, 10), 100);
}

static void build_add(BTIndex bi, BuildLevel *lvl, BTTuple tup);

/*
 * The page of lvl is full: give it a high key (the pivot of the first
 * entry that moves to the next page), write it, start the next page and
 * put its downlink into the level above.  pending: entries for the new
 * page (at least tup); entries move from the end of the full page to the
 * new one until the high key fits.
 */
static void
finish_page(BTIndex bi, BuildLevel *lvl, BTTuple tup)
{
	BTTuple    *pending = palloc(sizeof(BTTuple) * (size_t) (lvl->nitems + 1));
	int			npending = 1;

	pending[0] = tup;
	while (page_get_free_space(lvl->page) < MAXALIGN(bt_pivot_size(bi, pending[0])))
	{
		OffsetNumber last = page_get_max_offset(lvl->page);

		if (lvl->nitems <= 1)
			elog(ERROR, "no room for a high key in block %u of index \"%s\"",
				 lvl->blkno, bi->rel->rd_name);
		memmove(&pending[1], &pending[0], sizeof(BTTuple) * (size_t) npending);
		pending[0] = bt_copy_tuple(bt_page_tuple(bi, lvl->page, lvl->blkno, last));
		npending++;
		page_index_delete(lvl->page, last);
		lvl->nitems--;
	}

	BTTuple		hikey = bt_make_pivot(bi, pending[0], BT_NONE);
	BlockNumber next = reserve_block(bi);
	BlockNumber prev = lvl->blkno;

	image_add(bi, lvl, hikey, BT_HIKEY);
	bt_opaque(lvl->page)->btpo_next = next;
	write_block(bi, lvl->blkno, lvl->page);

	if (lvl->up == NULL)
	{
		lvl->up = new_level(bi, (uint16_t) (lvl->level + 1));
		build_add(bi, lvl->up, bt_make_minus_infinity(prev));
	}
	build_add(bi, lvl->up, bt_make_pivot(bi, pending[0], next));

	bt_init_page(lvl->page, lvl->level, lvl->level == 0 ? BTP_LEAF : 0);
	bt_opaque(lvl->page)->btpo_prev = prev;
	lvl->blkno = next;
	lvl->nitems = 0;
	for (int i = 0; i < npending; i++)
	{
		BTTuple		t = pending[i];

		if (lvl->level > 0 && i == 0)
			t = bt_make_minus_infinity(bt_tuple_child(t));
		image_add(bi, lvl, t, InvalidOffsetNumber);
		lvl->nitems++;
	}
	pfree(hikey);
	pfree(pending);
}

/* Append tup (a leaf entry, or a downlink on an upper level) to lvl. */
static void
build_add(BTIndex bi, BuildLevel *lvl, BTTuple tup)
{
	size_t		reserve = (size_t) BLCKSZ * (size_t) (100 - build_fillfactor(bi, lvl->level)) / 100;

	if (lvl->nitems > 0 && page_get_free_space(lvl->page) < MAXALIGN(bt_tuple_size(tup)) + reserve)
	{
		finish_page(bi, lvl, tup);
		return;
	}
	image_add(bi, lvl, tup, InvalidOffsetNumber);
	lvl->nitems++;
}

/* Close every level (its last page is rightmost) and set the metapage. */
static void
finish_levels(BTIndex bi, BuildLevel *leaf)
{
	BlockNumber root = BT_NONE;
	uint32_t	level = 0;

	for (BuildLevel *lvl = leaf; lvl != NULL; lvl = lvl->up)
	{
		if (lvl->up == NULL)
		{
			bt_opaque(lvl->page)->btpo_flags |= BTP_ROOT;
			root = lvl->blkno;
			level = lvl->level;
		}
		write_block(bi, lvl->blkno, lvl->page);
	}

	Buffer		metabuf = bt_getbuf(bi, BT_METAPAGE, BT_WRITE);

	if (bt_meta_of(bi, bufmgr_page(metabuf))->btm_root != BT_NONE)
		elog(ERROR, "index \"%s\" already contains data", bi->rel->rd_name);
	bt_page_set_meta_root(bi, metabuf, root, level);
	bt_relbuf(metabuf);
}

/*
 * Sort the collected entries, check uniqueness, and write the tree into
 * the index, whose file must be empty or hold only an empty index's
 * metapage.  Frees the spool.
 */
void
btree_spool_finish(BTBuildSpool spool)
{
	BTIndex		bi = &spool->bi;
	RelFileLocator rl = bi->rel->rd_locator;
	MemoryContext old = memctx_switch_to(spool->cxt);

	extsort_finish(spool->sort);
	if (bi->rel->rd_index != NULL && bi->rel->rd_index->unique)
		check_duplicates(spool);
	if (bufmgr_nblocks(rl) == 0)
		write_empty_metapage(bi);
	else
	{
		BTMetaPageData meta;

		bt_read_meta(bi, &meta);
		if (meta.btm_root != BT_NONE || bufmgr_nblocks(rl) != 1)
			elog(ERROR, "index \"%s\" already contains data", bi->rel->rd_name);
	}
	if (spool->n > 0)
	{
		BuildLevel *leaf = new_level(bi, 0);
		const BuildItem *it;
		size_t		i = 0;

		while ((it = extsort_next(spool->sort)) != NULL)
		{
			if ((++i & 1023) == 0)
				CHECK_FOR_INTERRUPTS();
			build_add(bi, leaf, BUILD_ITEM_TUP(it));
		}
		finish_levels(bi, leaf);
	}
	extsort_end(spool->sort);
	memctx_switch_to(old);
	memctx_delete(spool->cxt);
	pfree(spool);
}
