/*-------------------------------------------------------------------------
 * vacuumheap.c
 *	  VACUUM of one heap: prune every page, remove index entries that
 *	  point to dead line pointers, then free those line pointers.
 *
 * Role: the only way LP_DEAD line pointers (left by pruning for the roots
 * of dead rows, because index entries still point at them) become
 * reusable.  The order is what makes it safe:
 *	1. pass over the heap: prune each page with a fresh horizon
 *	   (snapshot_global_xmin()), collect the TIDs of its LP_DEAD line
 *	   pointers, count live tuples;
 *	2. for each index, bulk_delete with a callback answering "is this TID
 *	   dead?" (binary search in the sorted TID array);
 *	3. only then set those line pointers LP_UNUSED (so a new tuple may take
 *	   the slot) and drop trailing unused line pointers.
 * Reusing a slot before step 2 would let an old index entry point at an
 * unrelated new row.  The TID array is bounded by maintenance_work_mem;
 * when it fills, steps 2 and 3 run for what was collected and the pass
 * goes on (several index passes for a very large table).
 *
 * Invariants:
 *	- Only LP_DEAD line pointers are freed, and only after every index was
 *	  cleaned of them; nothing else changes them (pruning leaves LP_DEAD
 *	  alone, inserts reuse only LP_UNUSED).
 *	- Two VACUUMs of the same table must not run at once (the caller's
 *	  table lock): one could free a slot, a new row take it, and the other
 *	  then delete the new row's index entries.
 *
 * Entry point: heap_vacuum.
 *
 * See also: pruneheap.c, README.md (rule 10), nbtree.h (btree_bulk_delete).
 *-------------------------------------------------------------------------
 */
#include "access/heap/heapam_internal.h"

#include <stdlib.h>

#include "access/transam/snapshot.h"
#include "access/wal/walinsert.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/interrupt.h"
#include "utils/memctx.h"

/* The dead TIDs collected so far, in (block, offset) order. */
typedef struct DeadTids
{
	ItemPointerData *tids;
	size_t		n;
	size_t		cap;			/* allocated */
	size_t		max;			/* maintenance_work_mem bound */
} DeadTids;

static int
tid_cmp(const void *a, const void *b)
{
	const ItemPointerData *x = a;
	const ItemPointerData *y = b;

	if (x->ip_blkid != y->ip_blkid)
		return x->ip_blkid < y->ip_blkid ? -1 : 1;
	if (x->ip_posid != y->ip_posid)
		return x->ip_posid < y->ip_posid ? -1 : 1;
	return 0;
}

/* The bulk_delete callback: is tid one of the collected dead TIDs? */
static bool
tid_is_dead(ItemPointer tid, void *arg)
{
	DeadTids   *dead = arg;

	return bsearch(tid, dead->tids, dead->n, sizeof(ItemPointerData), tid_cmp) != NULL;
}

static void
dead_init(DeadTids *dead)
{
	size_t		bound = (size_t) guc_maintenance_work_mem_kb * 1024 / sizeof(ItemPointerData);

	bound = Min(bound, MaxAllocSize / sizeof(ItemPointerData));
	dead->max = Max(bound, (size_t) MaxOffsetNumber);
	dead->cap = Min(dead->max, (size_t) 1024);
	dead->tids = palloc(dead->cap * sizeof(ItemPointerData));
	dead->n = 0;
}

static void
dead_add(DeadTids *dead, BlockNumber blk, OffsetNumber off)
{
	Assert(dead->n < dead->max);
	if (dead->n == dead->cap)
	{
		dead->cap = Min(dead->cap * 2, dead->max);
		dead->tids = repalloc(dead->tids, dead->cap * sizeof(ItemPointerData));
	}
	ItemPointerSet(&dead->tids[dead->n], blk, off);
	dead->n++;
}

/*
 * Free the given LP_DEAD line pointers of one page (offsets ascending),
 * drop trailing unused line pointers and compact.  One page change (one
 * WAL record later).  Returns how many were freed.  Precondition:
 * exclusive content lock.
 */
static int
heap_page_vacuum_execute(Buffer buf, const OffsetNumber *offs, int n)
{
	Page		page = bufmgr_page(buf);
	OffsetNumber maxoff = page_get_max_offset(page);
	int			freed = 0;

	wal_begin();
	wal_register_buffer(buf, 0);
	START_CRIT_SECTION();
	for (int i = 0; i < n; i++)
	{
		if (offs[i] > maxoff)
			continue;
		ItemId		lp = page_get_item_id(page, offs[i]);

		if (!itemid_is_dead(lp))
			continue;
		itemid_set_unused(lp);
		freed++;
	}
	page_truncate_line_pointers(page);
	page_repair_fragmentation(page);
	bufmgr_mark_dirty(buf);
	wal_insert(RM_HEAP, WAL_HEAP_VACUUM);
	END_CRIT_SECTION();
	return freed;
}

/* Step 3 for the TIDs of one block: dead->tids[from, to). */
static int
vacuum_block(Relation rel, const DeadTids *dead, size_t from, size_t to)
{
	OffsetNumber offs[MaxOffsetNumber];
	int			n = 0;
	Buffer		buf = bufmgr_read(rel->rd_locator, dead->tids[from].ip_blkid);

	for (size_t i = from; i < to && n < MaxOffsetNumber; i++)
		offs[n++] = dead->tids[i].ip_posid;
	bufmgr_lock(buf, LW_EXCLUSIVE);
	int			freed = heap_page_vacuum_execute(buf, offs, n);

	bufmgr_unlock_release(buf);
	return freed;
}

/* Steps 2 and 3 for everything collected; empties the array. */
static void
vacuum_dead_tids(Relation rel, Relation *indexes, int nindexes,
				 index_bulk_delete_fn bulk_delete, DeadTids *dead, VacuumStats *stats)
{
	if (dead->n == 0)
		return;
	/* Collected in heap order already; sorting keeps bsearch honest. */
	qsort(dead->tids, dead->n, sizeof(ItemPointerData), tid_cmp);
	for (int i = 0; i < nindexes; i++)
		stats->index_entries_removed += bulk_delete(indexes[i], tid_is_dead, dead);
	for (size_t from = 0; from < dead->n;)
	{
		size_t		to = from;

		CHECK_FOR_INTERRUPTS();
		while (to < dead->n && dead->tids[to].ip_blkid == dead->tids[from].ip_blkid)
			to++;
		stats->dead_items_freed += vacuum_block(rel, dead, from, to);
		from = to;
	}
	dead->n = 0;
}

/* Count the tuples that remain: committed-live ones and those whose
 * deleter is still running. */
static double
count_live(Page page, Buffer buf, TransactionId oldest_xmin)
{
	OffsetNumber maxoff = page_get_max_offset(page);
	double		live = 0;

	for (OffsetNumber off = FirstOffsetNumber; off <= maxoff; off++)
	{
		uint32_t	len;

		if (!itemid_is_normal(page_get_item_id(page, off)))
			continue;
		HTSV_Result r = heap_tuple_satisfies_vacuum(heap_page_tuple(page, off, &len),
													oldest_xmin, buf);

		if (r == HEAPTUPLE_LIVE || r == HEAPTUPLE_DELETE_IN_PROGRESS)
			live++;
	}
	return live;
}

/* Step 1 for one block: prune, collect LP_DEAD TIDs, count live tuples. */
static void
scan_block(Relation rel, BlockNumber blk, TransactionId oldest_xmin, DeadTids *dead,
		   VacuumStats *stats)
{
	Buffer		buf = bufmgr_read(rel->rd_locator, blk);
	Page		page = bufmgr_page(buf);
	PruneResult pr;

	bufmgr_lock(buf, LW_EXCLUSIVE);
	if (page_is_new(page))
		heap_page_init(buf);
	heap_page_prune(rel, buf, oldest_xmin, &pr);
	stats->tuples_removed += pr.ndeleted;

	OffsetNumber maxoff = page_get_max_offset(page);

	for (OffsetNumber off = FirstOffsetNumber; off <= maxoff; off++)
		if (itemid_is_dead(page_get_item_id(page, off)))
			dead_add(dead, blk, off);
	stats->tuples_remaining += count_live(page, buf, oldest_xmin);
	bufmgr_unlock_release(buf);
	stats->pages_scanned++;
}

void
heap_vacuum(Relation rel, Relation *indexes, int nindexes,
			index_bulk_delete_fn bulk_delete, VacuumStats *stats)
{
	DeadTids	dead;
	TransactionId oldest_xmin = snapshot_global_xmin();
	BlockNumber nblocks = heap_nblocks(rel);

	memset(stats, 0, sizeof(*stats));
	dead_init(&dead);
	for (BlockNumber blk = 0; blk < nblocks; blk++)
	{
		CHECK_FOR_INTERRUPTS();
		/* Room for a whole page of dead TIDs, or clean up first. */
		if (dead.max - dead.n < (size_t) MaxOffsetNumber)
			vacuum_dead_tids(rel, indexes, nindexes, bulk_delete, &dead, stats);
		scan_block(rel, blk, oldest_xmin, &dead, stats);
	}
	vacuum_dead_tids(rel, indexes, nindexes, bulk_delete, &dead, stats);
	pfree(dead.tids);
}
