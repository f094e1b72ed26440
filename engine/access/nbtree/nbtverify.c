/*-------------------------------------------------------------------------
 * nbtverify.c
 *	  Structural verification of a B-tree (like PostgreSQL's amcheck
 *	  bt_index_parent_check, without the heap).
 *
 * Walks the tree level by level from the root, left to right along the
 * sibling links, and checks:
 *	- the metapage (magic, version, root, level) and every page's special
 *	  space (bt_check_page), level, leaf flag and root flag;
 *	- sibling links: each page's left-link names the page before it;
 *	- order: the data items of a page strictly increase (keys, heap TID),
 *	  are >= the left sibling's high key and < the page's own high key;
 *	- internal pages: the first data item is the minus-infinity downlink,
 *	  the others are full pivots;
 *	- parent/child: the downlinks of a level, in order, name the pages of
 *	  the level below in sibling order (a page may lack a downlink only if
 *	  its left sibling has BTP_INCOMPLETE_SPLIT), and each downlink's key
 *	  equals the high key of its child's left sibling.
 * Any violation raises XX002.  Pages are copied out under a share lock one
 * at a time, so the walk holds no lock while checking; the result is exact
 * only while nobody modifies the index (tests, or with the table locked).
 *-------------------------------------------------------------------------
 */
#include "access/nbtree/nbtree_int.h"

#include "utils/elog.h"
#include "utils/interrupt.h"
#include "utils/memctx.h"

/* A downlink seen on a parent level: the child and its lower bound. */
typedef struct Downlink
{
	BlockNumber child;
	BTTuple		lower;			/* NULL = minus infinity */
} Downlink;

typedef struct DownlinkArray
{
	Downlink   *items;
	int			n;
	int			cap;
} DownlinkArray;

typedef struct LevelWalk
{
	BTIndex		bi;
	const BTMetaPageData *meta;
	int			level;
	const DownlinkArray *down_in;	/* NULL at the top level */
	DownlinkArray down_out;		/* downlinks of this level (internal) */
	int			down_pos;
	BTVerifyStats *stats;
	double		leaf_bytes_used;
	char	   *page;			/* private copy of the current page */
	BTTuple		prev_hikey;		/* high key of the left sibling, or NULL */
	BlockNumber prev_blkno;
	uint16_t	prev_flags;
} LevelWalk;

static pg_noreturn void
fail(LevelWalk *w, BlockNumber blkno, const char *what)
{
	ereport(ERROR, errcode(ERRCODE_INDEX_CORRUPTED),
			errmsg("index \"%s\" contains corrupted page at block %u", w->bi->rel->rd_name, blkno),
			errdetail("Verification failed: %s.", what));
	__builtin_unreachable();
}

static void
push_downlink(DownlinkArray *a, BlockNumber child, BTTuple lower)
{
	if (a->n == a->cap)
	{
		a->cap = a->cap ? a->cap * 2 : 64;
		a->items = a->items ? repalloc(a->items, sizeof(Downlink) * (size_t) a->cap)
			: palloc(sizeof(Downlink) * (size_t) a->cap);
	}
	a->items[a->n].child = child;
	a->items[a->n].lower = lower;
	a->n++;
}

static void
free_downlinks(DownlinkArray *a)
{
	for (int i = 0; i < a->n; i++)
		if (a->items[i].lower != NULL)
			pfree(a->items[i].lower);
	if (a->items != NULL)
		pfree(a->items);
	memset(a, 0, sizeof(*a));
}

/* Copy block blkno into w->page under a share lock (checked). */
static void
copy_page(LevelWalk *w, BlockNumber blkno)
{
	Buffer		buf = bt_getbuf(w->bi, blkno, BT_READ);

	memcpy(w->page, bufmgr_page(buf), BLCKSZ);
	bt_relbuf(buf);
}

/* The page must be the next child the parent level named (or a split's right half). */
static void
check_parent_link(LevelWalk *w, BlockNumber blkno)
{
	bool		after_incomplete = w->prev_blkno != BT_NONE &&
		(w->prev_flags & BTP_INCOMPLETE_SPLIT) != 0;

	if (w->down_in == NULL)
	{
		if (blkno != w->meta->btm_root && !after_incomplete)
			fail(w, blkno, "a page beside the root has no parent");
		return;
	}
	if (w->down_pos < w->down_in->n && w->down_in->items[w->down_pos].child == blkno)
	{
		const Downlink *d = &w->down_in->items[w->down_pos++];

		if ((d->lower == NULL) != (w->prev_hikey == NULL))
			fail(w, blkno, "downlink key does not match the left sibling's high key");
		if (d->lower != NULL && bt_tuple_compare(w->bi, d->lower, w->prev_hikey, blkno) != 0)
			fail(w, blkno, "downlink key does not match the left sibling's high key");
		return;
	}
	if (!after_incomplete)
		fail(w, blkno, "page has no downlink in the level above");
}

static void
check_items(LevelWalk *w, BlockNumber blkno, BTTuple hikey)
{
	BTIndex		bi = w->bi;
	Page		page = w->page;
	BTPageOpaque o = bt_opaque(page);
	OffsetNumber first = bt_first_data_offset(o);
	OffsetNumber max = page_get_max_offset(page);
	bool		leaf = bt_is_leaf(o);
	BTTuple		prev = NULL;

	if (!leaf && max < first)
		fail(w, blkno, "internal page without downlinks");
	for (OffsetNumber off = first; off <= max; off++)
	{
		BTTuple		tup = bt_page_tuple(bi, page, blkno, off);
		bool		minus_inf = bt_tuple_natts(bi, tup) == 0;

		if (!leaf)
		{
			if (minus_inf != (off == first))
				fail(w, blkno, "minus-infinity downlink misplaced");
			push_downlink(&w->down_out, bt_tuple_child(tup),
						  off == first ? (w->prev_hikey ? bt_copy_tuple(w->prev_hikey) : NULL)
						  : bt_copy_tuple(tup));
		}
		else
		{
			w->stats->leaf_entries += 1;
			if (itemid_is_dead(page_get_item_id(page, off)))
				w->stats->dead_entries += 1;
		}
		if (minus_inf)
			continue;
		if (prev != NULL && bt_tuple_compare(bi, prev, tup, blkno) >= 0)
			fail(w, blkno, "items out of order");
		if (prev == NULL && w->prev_hikey != NULL &&
			bt_tuple_compare(bi, tup, w->prev_hikey, blkno) < 0)
			fail(w, blkno, "item below the left sibling's high key");
		if (hikey != NULL && bt_tuple_compare(bi, tup, hikey, blkno) >= 0)
			fail(w, blkno, "item not below the page's high key");
		prev = tup;
	}
}

/* Walk one level from its leftmost page. */
static void
walk_level(LevelWalk *w, BlockNumber leftmost)
{
	uint64_t	steps = 0;
	BlockNumber blkno = leftmost;

	while (blkno != BT_NONE)
	{
		CHECK_FOR_INTERRUPTS();
		copy_page(w, blkno);

		BTPageOpaque o = bt_opaque(w->page);

		if (o->btpo_level != w->level)
			fail(w, blkno, "wrong level");
		if (o->btpo_prev != w->prev_blkno)
			fail(w, blkno, "left-link does not name the left sibling");
		if (bt_is_root(o) != (blkno == w->meta->btm_root))
			fail(w, blkno, "root flag disagrees with the metapage");
		check_parent_link(w, blkno);

		BTTuple		hikey = bt_is_rightmost(o) ? NULL
			: bt_copy_tuple(bt_page_tuple(w->bi, w->page, blkno, BT_HIKEY));

		check_items(w, blkno, hikey);
		if (bt_is_leaf(o))
		{
			w->stats->leaf_pages += 1;
			w->leaf_bytes_used += BT_PAGE_CAPACITY - page_get_exact_free_space(w->page);
		}
		else
			w->stats->internal_pages += 1;
		if (w->prev_hikey != NULL)
			pfree(w->prev_hikey);
		w->prev_hikey = hikey;
		w->prev_blkno = blkno;
		w->prev_flags = o->btpo_flags;
		bt_check_steps(w->bi, &steps, blkno);
		blkno = o->btpo_next;
	}
	if (w->prev_flags & BTP_INCOMPLETE_SPLIT)
		fail(w, w->prev_blkno, "rightmost page marked as incompletely split");
	if (w->down_in != NULL && w->down_pos != w->down_in->n)
		fail(w, w->down_in->items[w->down_pos].child, "downlink to a page outside its level");
}

void
btree_verify_ext(Relation index, BTVerifyStats *stats)
{
	BTIndexData bi;
	BTMetaPageData meta;
	DownlinkArray down = {NULL, 0, 0};

	memset(stats, 0, sizeof(*stats));
	bt_index_init(&bi, index);
	bt_read_meta(&bi, &meta);
	if (meta.btm_root == BT_NONE)
		return;
	stats->levels = (int) meta.btm_level + 1;

	char	   *page = palloc(BLCKSZ);
	BlockNumber leftmost = meta.btm_root;
	double		bytes_used = 0;

	for (int level = (int) meta.btm_level; level >= 0; level--)
	{
		LevelWalk	w;

		memset(&w, 0, sizeof(w));
		w.bi = &bi;
		w.meta = &meta;
		w.level = level;
		w.down_in = level == (int) meta.btm_level ? NULL : &down;
		w.stats = stats;
		w.page = page;
		w.prev_blkno = BT_NONE;
		walk_level(&w, leftmost);
		bytes_used += w.leaf_bytes_used;
		if (w.prev_hikey != NULL)
			pfree(w.prev_hikey);
		free_downlinks(&down);
		down = w.down_out;
		if (level > 0)
		{
			if (down.n == 0)
				fail(&w, leftmost, "internal level without downlinks");
			leftmost = down.items[0].child;
		}
	}
	free_downlinks(&down);
	pfree(page);
	if (stats->leaf_pages > 0)
		stats->leaf_fill = bytes_used / (stats->leaf_pages * BT_PAGE_CAPACITY);
}

double
btree_verify(Relation index)
{
	BTVerifyStats stats;

	btree_verify_ext(index, &stats);
	return stats.leaf_entries;
}
