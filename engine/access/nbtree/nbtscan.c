/*-------------------------------------------------------------------------
 * nbtscan.c
 *	  B-tree index scans: scan-key preprocessing, positioning, reading
 *	  leaf pages a page at a time forward or backward, and marking
 *	  entries dead.
 *
 * How a scan reads (README.md, "Scans"):
 *	- Positioning: the equality keys on a prefix of the columns, plus the
 *	  bound in the scan direction on the next column, form a search key;
 *	  the scan descends to the first (forward) or last (backward) entry
 *	  that can match.  Without such keys it starts at the leftmost or
 *	  rightmost leaf.
 *	- Page at a time: under the leaf's share lock the scan copies the heap
 *	  TIDs of every matching entry on the page (skipping LP_DEAD ones) and
 *	  the sibling link to follow, then unlocks and unpins.  No lock or pin
 *	  is held between btree_getnext calls.
 *	- Moving on: forward, to the right sibling recorded while the page was
 *	  locked; entries that a concurrent split moved right were copied
 *	  already.  Backward, to the recorded left sibling, then right from it
 *	  until the page whose right-link is the page just read (a split of
 *	  the left sibling meanwhile put new pages in between).
 *	- Stopping: a key on a column whose preceding columns all have
 *	  equality keys is "required": when an entry fails it in the direction
 *	  of the scan (too big going forward, too small going backward, or
 *	  NULL going forward), no later entry can match and the scan ends.
 *	  The high key is tested the same way, to avoid reading a right
 *	  sibling that cannot match.
 *
 * Scans return TIDs for MVCC snapshots: a TID copied from a page that
 * VACUUM then removed can only be reused by a tuple the snapshot does not
 * see.
 *
 * Entry points: btree_beginscan, btree_getnext, btree_kill_current,
 * btree_rescan, btree_endscan.
 *-------------------------------------------------------------------------
 */
#include "access/nbtree/nbtree_int.h"

#include "utils/elog.h"
#include "utils/interrupt.h"
#include "utils/memctx.h"

typedef struct BTScanItem
{
	ItemPointerData heap_tid;
	OffsetNumber off;
} BTScanItem;

typedef enum KeyResult
{
	KEY_MATCH,
	KEY_SKIP,					/* this entry fails, later ones may match */
	KEY_STOP,					/* no later entry in scan order can match */
} KeyResult;

typedef struct BTScanDescData
{
	BTIndexData bi;
	bool		backward;
	int			nkeys;
	ScanKeyData *keys;			/* sorted by attno */
	bool	   *required;		/* per key: see the file header */
	bool		impossible;		/* a NULL argument: nothing matches */
	bool		started;
	bool		more;			/* the next page in scan order may match */
	/* The batch copied from the current page. */
	BlockNumber cur_blkno;
	uint16_t	cur_cycle;
	BlockNumber next_blkno;		/* right (forward) or left (backward) sibling */
	BTScanItem *items;			/* in return order */
	int			nitems;
	int			capacity;
	int			pos;			/* next item to return */
	uint64_t	steps;
} BTScanDescData;

/* ---- keys ---- */

static void
set_keys(BTScanDesc scan, const ScanKeyData *keys, int nkeys)
{
	BTIndex		bi = &scan->bi;

	if (nkeys < 0 || (nkeys > 0 && keys == NULL))
		elog(ERROR, "invalid scan keys for index \"%s\"", bi->rel->rd_name);
	if (scan->keys != NULL)
		pfree(scan->keys);
	if (scan->required != NULL)
		pfree(scan->required);
	scan->nkeys = nkeys;
	scan->keys = palloc(sizeof(ScanKeyData) * (size_t) Max(nkeys, 1));
	scan->required = palloc0(sizeof(bool) * (size_t) Max(nkeys, 1));
	scan->impossible = false;

	/* Insertion sort by attno (stable; the caller should pass them sorted). */
	for (int i = 0; i < nkeys; i++)
	{
		ScanKeyData k = keys[i];
		int			j = i;

		if (k.attno < 1 || k.attno > bi->natts ||
			k.strategy < BTLessStrategyNumber || k.strategy > BTGreaterStrategyNumber)
			elog(ERROR, "invalid scan key (column %d, strategy %d) for index \"%s\"",
				 k.attno, k.strategy, bi->rel->rd_name);
		while (j > 0 && scan->keys[j - 1].attno > k.attno)
		{
			scan->keys[j] = scan->keys[j - 1];
			j--;
		}
		scan->keys[j] = k;
		scan->impossible |= k.arg_is_null;
	}

	/* A key is required when every earlier column has an equality key. */
	bool		has_eq[INDEX_MAX_KEYS + 1] = {false};

	for (int i = 0; i < nkeys; i++)
		if (scan->keys[i].strategy == BTEqualStrategyNumber)
			has_eq[scan->keys[i].attno] = true;
	for (int i = 0; i < nkeys; i++)
	{
		bool		req = true;

		for (int a = 1; a < scan->keys[i].attno; a++)
			req &= has_eq[a];
		scan->required[i] = req;
	}
}

static bool
strategy_holds(int strategy, int cmp)
{
	switch (strategy)
	{
		case BTLessStrategyNumber:
			return cmp < 0;
		case BTLessEqualStrategyNumber:
			return cmp <= 0;
		case BTEqualStrategyNumber:
			return cmp == 0;
		case BTGreaterEqualStrategyNumber:
			return cmp >= 0;
		default:
			return cmp > 0;
	}
}

/* Does a failure of a required key mean that no later entry matches? */
static bool
failure_stops(const BTScanDesc scan, int strategy, int cmp, bool isnull)
{
	if (isnull)
		return !scan->backward; /* NULLS LAST */
	if (!scan->backward)
		return strategy == BTLessStrategyNumber || strategy == BTLessEqualStrategyNumber ||
			(strategy == BTEqualStrategyNumber && cmp > 0);
	return strategy == BTGreaterStrategyNumber || strategy == BTGreaterEqualStrategyNumber ||
		(strategy == BTEqualStrategyNumber && cmp < 0);
}

/* Test tup (leaf item or high key) against the keys; the first failing key decides. */
static KeyResult
check_keys(BTScanDesc scan, const BTTupleHeader *tup, BlockNumber blkno)
{
	Datum		values[INDEX_MAX_KEYS];
	bool		isnull[INDEX_MAX_KEYS];
	BTIndex		bi = &scan->bi;

	if (scan->nkeys == 0)
		return KEY_MATCH;
	bt_deform(bi, tup, scan->keys[scan->nkeys - 1].attno, values, isnull, blkno);
	for (int i = 0; i < scan->nkeys; i++)
	{
		const ScanKeyData *k = &scan->keys[i];
		int			a = k->attno - 1;
		int			cmp = 0;

		if (!isnull[a])
		{
			cmp = bt_compare_datum(&bi->att[a], values[a], false, k->argument, false);
			if (strategy_holds(k->strategy, cmp))
				continue;
		}
		if (scan->required[i] && failure_stops(scan, k->strategy, cmp, isnull[a]))
			return KEY_STOP;
		return KEY_SKIP;
	}
	return KEY_MATCH;
}

/* Is strategy a bound in the scan's starting direction (lower going forward)? */
static bool
is_start_bound(const BTScanDesc scan, int strategy)
{
	if (!scan->backward)
		return strategy == BTGreaterStrategyNumber || strategy == BTGreaterEqualStrategyNumber;
	return strategy == BTLessStrategyNumber || strategy == BTLessEqualStrategyNumber;
}

/*
 * The search key to position the scan: equality values of a column
 * prefix, then the tightest start bound of the next column.  nkeys 0:
 * start at the end of the index.
 */
static void
start_key(BTScanDesc scan, BTSearchKey *key)
{
	BTIndex		bi = &scan->bi;
	bool		strict_bound = false;
	bool		bounded = false;

	memset(key, 0, sizeof(*key));
	for (int attno = 1; attno <= bi->natts && !bounded; attno++)
	{
		const ScanKeyData *eq = NULL;
		const ScanKeyData *bound = NULL;
		const BTAttInfo *att = &bi->att[attno - 1];

		for (int i = 0; i < scan->nkeys; i++)
		{
			const ScanKeyData *k = &scan->keys[i];

			if (k->attno != attno)
				continue;
			if (k->strategy == BTEqualStrategyNumber && eq == NULL)
				eq = k;
			else if (is_start_bound(scan, k->strategy))
			{
				int			c = bound ? bt_compare_datum(att, k->argument, false,
														 bound->argument, false) : 0;
				bool		tighter = bound == NULL || (scan->backward ? c < 0 : c > 0) ||
					(c == 0 && (k->strategy == BTLessStrategyNumber ||
								k->strategy == BTGreaterStrategyNumber));

				if (tighter)
					bound = k;
			}
		}
		if (eq == NULL && bound == NULL)
			break;
		key->values[key->nkeys] = (eq ? eq : bound)->argument;
		key->isnull[key->nkeys] = false;
		key->nkeys++;
		if (eq == NULL)
		{
			bounded = true;
			strict_bound = bound->strategy == BTLessStrategyNumber ||
				bound->strategy == BTGreaterStrategyNumber;
		}
	}

	/*
	 * Forward: the first entry >= key, or > key after a strict bound.
	 * Backward: the last entry <= key, or < key after a strict bound; that
	 * is one before the first entry > key (resp. >= key).
	 */
	key->nextkey = scan->backward ? !strict_bound : strict_bound;
	key->has_tid = false;
}

/* ---- reading pages ---- */

/*
 * Copy the matching entries of the page in buf (share-locked), starting
 * at start and going in scan order, and where to go next.
 */
static void
read_page(BTScanDesc scan, Buffer buf, int start)
{
	BTIndex		bi = &scan->bi;
	Page		page = bufmgr_page(buf);
	BlockNumber blkno = bufmgr_block_number(buf);
	BTPageOpaque o = bt_opaque(page);
	int			first = bt_first_data_offset(o);
	int			max = page_get_max_offset(page);
	bool		stopped = false;

	if (!bt_is_leaf(o))
		bt_corrupt(bi, blkno);
	if (scan->capacity < max)
	{
		scan->items = repalloc(scan->items, sizeof(BTScanItem) * (size_t) max);
		scan->capacity = max;
	}
	scan->cur_blkno = blkno;
	scan->cur_cycle = o->btpo_cycle;
	scan->nitems = 0;
	scan->pos = 0;

	int			step = scan->backward ? -1 : 1;
	int			off = scan->backward ? Min(start, max) : Max(start, first);

	for (; off >= first && off <= max; off += step)
	{
		BTTuple		tup = bt_page_tuple(bi, page, blkno, (OffsetNumber) off);

		if (itemid_is_dead(page_get_item_id(page, (OffsetNumber) off)))
			continue;

		KeyResult	r = check_keys(scan, tup, blkno);

		if (r == KEY_STOP)
		{
			stopped = true;
			break;
		}
		if (r == KEY_MATCH)
		{
			BTScanItem *item = &scan->items[scan->nitems++];

			(void) bt_tuple_heap_tid(tup, &item->heap_tid);
			item->off = (OffsetNumber) off;
		}
	}
	if (scan->backward)
	{
		scan->next_blkno = o->btpo_prev;
		scan->more = !stopped && !bt_is_leftmost(o);
	}
	else
	{
		scan->next_blkno = o->btpo_next;
		scan->more = !stopped && !bt_is_rightmost(o) &&
			check_keys(scan, bt_page_tuple(bi, page, blkno, BT_HIKEY), blkno) != KEY_STOP;
	}
}

/*
 * The page left of cur, share-locked: start at the left-link recorded when
 * cur was read and move right until the page whose right-link is cur.
 */
static Buffer
walk_left(BTScanDesc scan, BlockNumber cur, BlockNumber left)
{
	BTIndex		bi = &scan->bi;
	BlockNumber blkno = left;

	for (;;)
	{
		if (blkno == cur)
			bt_corrupt(bi, cur);

		Buffer		buf = bt_getbuf(bi, blkno, BT_READ);
		BTPageOpaque o = bt_opaque(bufmgr_page(buf));

		if (!bt_is_leaf(o))
			bt_corrupt(bi, blkno);
		if (o->btpo_next == cur)
			return buf;
		if (bt_is_rightmost(o))
			bt_corrupt(bi, cur);
		bt_check_steps(bi, &scan->steps, blkno);
		blkno = o->btpo_next;
		bt_relbuf(buf);
	}
}

/* Read the next page in scan order; false when there is none. */
static bool
step_page(BTScanDesc scan)
{
	Buffer		buf;

	if (!scan->more)
		return false;
	bt_check_steps(&scan->bi, &scan->steps, scan->next_blkno);
	if (scan->backward)
		buf = walk_left(scan, scan->cur_blkno, scan->next_blkno);
	else
		buf = bt_getbuf(&scan->bi, scan->next_blkno, BT_READ);
	read_page(scan, buf, scan->backward ? MaxOffsetNumber : 0);
	bt_relbuf(buf);
	return true;
}

/* Position the scan and read its first page. */
static void
start_scan(BTScanDesc scan)
{
	BTIndex		bi = &scan->bi;
	BTSearchKey key;
	Buffer		buf;
	int			start;

	scan->started = true;
	scan->more = false;
	scan->nitems = scan->pos = 0;
	if (scan->impossible)
		return;
	start_key(scan, &key);
	if (key.nkeys == 0)
	{
		buf = bt_get_endpoint(bi, 0, scan->backward);
		if (!BufferIsValid(buf))
			return;
		start = scan->backward ? MaxOffsetNumber : 0;
	}
	else
	{
		BTStack		stack = bt_search(bi, &key, &buf, BT_READ, false);

		bt_free_stack(stack);
		if (!BufferIsValid(buf))
			return;

		int			off = bt_binsrch(bi, buf, &key);

		start = scan->backward ? off - 1 : off;
	}
	read_page(scan, buf, start);
	bt_relbuf(buf);
}

/* ---- API ---- */

BTScanDesc
btree_beginscan(Relation index, const ScanKeyData *keys, int nkeys, bool backward)
{
	BTScanDesc	scan = palloc0(sizeof(BTScanDescData));

	bt_index_init(&scan->bi, index);
	scan->backward = backward;
	scan->capacity = 64;
	scan->items = palloc(sizeof(BTScanItem) * (size_t) scan->capacity);
	set_keys(scan, keys, nkeys);
	return scan;
}

/*
 * Next matching heap TID in key order (reverse order for a backward
 * scan).  Precondition: no content locks held.  Holds none on return.
 */
bool
btree_getnext(BTScanDesc scan, ItemPointer tid_out)
{
	if (!scan->started)
		start_scan(scan);
	for (;;)
	{
		if (scan->pos < scan->nitems)
		{
			*tid_out = scan->items[scan->pos++].heap_tid;
			return true;
		}
		CHECK_FOR_INTERRUPTS();
		if (!step_page(scan))
			return false;
	}
}

/*
 * Mark the entry returned last LP_DEAD (its heap chain is dead to
 * everyone).  A hint: takes the leaf's share lock briefly and does nothing
 * when the page lost items since it was read (btpo_cycle changed) or the
 * entry is gone.
 */
void
btree_kill_current(BTScanDesc scan)
{
	if (!scan->started || scan->pos == 0)
		return;

	const BTScanItem *item = &scan->items[scan->pos - 1];
	BTIndex		bi = &scan->bi;
	Buffer		buf = bt_getbuf(bi, scan->cur_blkno, BT_READ);
	Page		page = bufmgr_page(buf);
	BTPageOpaque o = bt_opaque(page);

	if (o->btpo_cycle == scan->cur_cycle && bt_is_leaf(o))
	{
		OffsetNumber first = bt_first_data_offset(o);
		OffsetNumber max = page_get_max_offset(page);
		OffsetNumber off = item->off;

		for (int tries = 0; tries <= max; tries++)
		{
			ItemPointerData tid;

			if (off >= first && off <= max)
			{
				(void) bt_tuple_heap_tid(bt_page_tuple(bi, page, scan->cur_blkno, off), &tid);
				if (ItemPointerEquals(&tid, &item->heap_tid))
				{
					itemid_mark_dead(page_get_item_id(page, off));
					bufmgr_mark_dirty_hint(buf);
					break;
				}
			}
			/* Insertions shifted it: search the page from its start. */
			off = tries == 0 ? first : (OffsetNumber) (off + 1);
		}
	}
	bt_relbuf(buf);
}

void
btree_rescan(BTScanDesc scan, const ScanKeyData *keys, int nkeys)
{
	set_keys(scan, keys, nkeys);
	scan->started = false;
	scan->more = false;
	scan->nitems = scan->pos = 0;
	scan->steps = 0;
}

void
btree_endscan(BTScanDesc scan)
{
	pfree(scan->items);
	pfree(scan->keys);
	pfree(scan->required);
	pfree(scan);
}
