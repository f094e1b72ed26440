/*-------------------------------------------------------------------------
 * heapam_scan.c
 *	  Sequential scans, and the scan that feeds CREATE INDEX.
 *
 * Role: heap_beginscan/heap_getnext return every version visible to a
 * snapshot, page by page; heap_index_build_scan reports one entry per HOT
 * chain for an index build.
 *
 * Page at a time: for each block the scan pins the buffer, lets pruning
 * run if the page needs it, takes the share content lock, tests every
 * tuple against the snapshot and copies the visible ones into a per-page
 * memory context, then unlocks and unpins.  No pin or lock is held
 * between heap_getnext calls, so a scan the caller abandons (ERROR) leaks
 * nothing in shared memory; returned tuples stay valid until the scan
 * moves to the next page or ends.
 *
 * The number of blocks is read at heap_beginscan (and heap_rescan):
 * tuples added later beyond it are invisible to the snapshot anyway.
 *
 * Entry points: heap_beginscan, heap_getnext, heap_rescan, heap_endscan,
 * heap_index_build_scan.
 *
 * See also: heapam_visibility.c, README.md (rules 2-3).
 *-------------------------------------------------------------------------
 */
#include "access/heap/heapam_internal.h"

#include "access/transam/snapshot.h"
#include "utils/elog.h"
#include "utils/interrupt.h"
#include "utils/memctx.h"

typedef struct HeapScanDescData
{
	Relation	rel;
	Snapshot	snap;
	BlockNumber nblocks;
	BlockNumber next_block;
	MemoryContext page_ctx;		/* the current page's tuples */
	HeapTuple  *tuples;
	int			ntuples;
	int			next_tuple;
} HeapScanDescData;

HeapScanDesc
heap_beginscan(Relation rel, Snapshot snap)
{
	HeapScanDesc scan = palloc0(sizeof(HeapScanDescData));

	scan->rel = rel;
	scan->snap = snap;
	scan->page_ctx = memctx_create(CurrentMemoryContext, "heap scan page");
	heap_rescan(scan);
	return scan;
}

void
heap_rescan(HeapScanDesc scan)
{
	memctx_reset(scan->page_ctx);
	scan->tuples = NULL;
	scan->ntuples = 0;
	scan->next_tuple = 0;
	scan->next_block = 0;
	scan->nblocks = heap_nblocks(scan->rel);
}

/*
 * Copy the visible tuples of blk into the page context.  Precondition:
 * nothing of this scan pinned.  Errors (corrupt page) leave nothing
 * pinned beyond what the error cleanup releases.
 */
static void
load_page(HeapScanDesc scan, BlockNumber blk)
{
	Relation	rel = scan->rel;
	Buffer		buf = bufmgr_read(rel->rd_locator, blk);
	Page		page = bufmgr_page(buf);

	memctx_reset(scan->page_ctx);
	scan->ntuples = 0;
	scan->next_tuple = 0;
	heap_page_prune_opt(rel, buf);
	bufmgr_lock(buf, LW_SHARED);
	if (page_is_new(page))
	{
		bufmgr_unlock_release(buf);
		return;
	}

	OffsetNumber maxoff = page_get_max_offset(page);

	scan->tuples = memctx_alloc(scan->page_ctx, sizeof(HeapTuple) * (size_t) Max(maxoff, 1));
	for (OffsetNumber off = FirstOffsetNumber; off <= maxoff; off++)
	{
		uint32_t	len;

		if (!itemid_is_normal(page_get_item_id(page, off)))
			continue;
		if (heap_tuple_satisfies_mvcc(heap_page_tuple(page, off, &len), scan->snap, buf))
			scan->tuples[scan->ntuples++] = heap_copy_from_page(rel, page, blk, off,
																scan->page_ctx);
	}
	bufmgr_unlock_release(buf);
}

HeapTuple
heap_getnext(HeapScanDesc scan)
{
	while (scan->next_tuple >= scan->ntuples)
	{
		if (scan->next_block >= scan->nblocks)
			return NULL;
		CHECK_FOR_INTERRUPTS();
		load_page(scan, scan->next_block++);
	}
	return scan->tuples[scan->next_tuple++];
}

void
heap_endscan(HeapScanDesc scan)
{
	memctx_delete(scan->page_ctx);
	pfree(scan);
}

/* ---- index build ---- */

/* One index build entry collected from a page. */
typedef struct BuildEntry
{
	HeapTuple	tup;
	OffsetNumber root;
	bool		is_live;
} BuildEntry;

/*
 * The newest version of the chain at root that is not dead to everyone,
 * or InvalidOffsetNumber.  Precondition: page locked (share is enough).
 */
static OffsetNumber
chain_newest_not_dead(Page page, Buffer buf, OffsetNumber root, TransactionId oldest_xmin)
{
	HotChainIter it;
	HeapTupleHeader h;
	OffsetNumber off;
	OffsetNumber found = InvalidOffsetNumber;

	heap_chain_begin(&it, page, bufmgr_block_number(buf), root);
	while ((h = heap_chain_next(&it, &off)) != NULL)
		if (heap_tuple_satisfies_vacuum(h, oldest_xmin, buf) != HEAPTUPLE_DEAD)
			found = off;
	return found;
}

/* Collect the page's entries (copies) into entries[]; returns the count. */
static int
collect_build_entries(Relation rel, Buffer buf, Snapshot live_snap, TransactionId oldest_xmin,
					  BuildEntry *entries, MemoryContext ctx)
{
	Page		page = bufmgr_page(buf);
	BlockNumber blk = bufmgr_block_number(buf);
	OffsetNumber maxoff = page_get_max_offset(page);
	int			n = 0;

	for (OffsetNumber root = FirstOffsetNumber; root <= maxoff; root++)
	{
		ItemId		lp = page_get_item_id(page, root);
		uint32_t	len;

		if (!itemid_is_redirected(lp) &&
			!(itemid_is_normal(lp) && !heap_hdr_is_heap_only(heap_page_tuple(page, root, &len))))
			continue;
		OffsetNumber off = chain_newest_not_dead(page, buf, root, oldest_xmin);

		if (off == InvalidOffsetNumber)
			continue;
		entries[n].tup = heap_copy_from_page(rel, page, blk, off, ctx);
		entries[n].root = root;
		entries[n].is_live = heap_tuple_satisfies_mvcc(heap_page_tuple(page, off, &len),
													   live_snap, buf);
		n++;
	}
	return n;
}

double
heap_index_build_scan(Relation rel, heap_build_callback fn, void *arg)
{
	BlockNumber nblocks = heap_nblocks(rel);
	TransactionId oldest_xmin = snapshot_global_xmin();
	Snapshot	live_snap = snapshot_copy(snapshot_get_latest());
	MemoryContext page_ctx = memctx_create(CurrentMemoryContext, "heap index build page");
	double		count = 0;

	for (BlockNumber blk = 0; blk < nblocks; blk++)
	{
		CHECK_FOR_INTERRUPTS();
		memctx_reset(page_ctx);

		BuildEntry *entries = memctx_alloc(page_ctx, sizeof(BuildEntry) * MaxOffsetNumber);
		Buffer		buf = bufmgr_read(rel->rd_locator, blk);

		heap_page_prune_opt(rel, buf);
		bufmgr_lock(buf, LW_SHARED);
		int			n = page_is_new(bufmgr_page(buf)) ? 0 :
			collect_build_entries(rel, buf, live_snap, oldest_xmin, entries, page_ctx);

		bufmgr_unlock_release(buf);
		/* Callbacks run with no buffer of ours locked or pinned. */
		for (int i = 0; i < n; i++)
		{
			ItemPointerData root_tid;

			ItemPointerSet(&root_tid, blk, entries[i].root);
			fn(entries[i].tup, &root_tid, entries[i].is_live, arg);
			count++;
		}
	}
	memctx_delete(page_ctx);
	return count;
}
