/*-------------------------------------------------------------------------
 * heapam.h
 *	  The heap: tables as unordered collections of MVCC tuple versions in
 *	  8 kB slotted pages.
 *
 * Role: store, find, update and delete rows for the executor; decide
 * which version of a row a snapshot sees; reclaim space (page pruning,
 * VACUUM).
 *
 * Tuples: every version carries xmin (creating xid), xmax (deleting or
 * updating xid, or 0), cmin/cmax (command ids within those transactions),
 * t_ctid (its own TID, or the TID of the newer version after an update),
 * infomask hint bits, a null bitmap, and the column data laid out by the
 * TupleDesc (attlen/attbyval/attalign).  Format documented byte by byte in
 * heaptuple.h.
 *
 * HOT: an update that changes no indexed column and fits on the same page
 * is heap-only: no new index entries; index scans reach the new version
 * through the chain from the root line pointer.  Pruning (on access, when
 * a page is nearly full and holds dead versions) removes versions dead to
 * every snapshot (older than snapshot_global_xmin()) and redirects chain
 * roots, so hot rows updated thousands of times stay on one page.
 *
 * Locking and visibility rules (see access/heap/README.md):
 *	- readers copy tuple data out of the page while holding the buffer's
 *	  share content lock; returned HeapTuples are palloc'd copies, so no
 *	  pointer into a shared page survives a lock release;
 *	- writers modify a page only under its exclusive content lock;
 *	- an UPDATE/DELETE that finds its target being changed by a running
 *	  transaction waits for it (xid_wait); if that transaction committed,
 *	  the caller gets TM_Updated/TM_Deleted and, in READ COMMITTED, fetches
 *	  the newest version (heap_fetch_latest) and re-checks its WHERE
 *	  clause, as PostgreSQL does.
 *-------------------------------------------------------------------------
 */
#ifndef HEAPAM_H
#define HEAPAM_H

#include "access/common/tupdesc.h"
#include "access/nbtree/nbtree.h"
#include "access/transam/snapshot.h"
#include "catalog/relcache.h"
#include "common/minipg.h"

typedef struct HeapTupleHeaderData HeapTupleHeaderData;	/* heaptuple.h */

typedef struct HeapTupleData
{
	uint32_t	t_len;			/* length of *t_data */
	ItemPointerData t_self;		/* where it lives (Invalid for a new tuple) */
	Oid			t_tableOid;
	HeapTupleHeaderData *t_data;
} HeapTupleData;

typedef HeapTupleData *HeapTuple;

/* ---- forming and reading tuples (palloc'd in CurrentMemoryContext) ---- */

/* ERROR 54000 "row is too big: size %zu, maximum size %zu" if it cannot fit a page. */
HeapTuple	heap_form_tuple(TupleDesc desc, const Datum *values, const bool *isnull);
/* Extract all columns.  By-reference values point into tup. */
void		heap_deform_tuple(HeapTuple tup, TupleDesc desc, Datum *values, bool *isnull);
Datum		heap_getattr(HeapTuple tup, int attnum, TupleDesc desc, bool *isnull);
HeapTuple	heap_copytuple(HeapTuple tup);
void		heap_freetuple(HeapTuple tup);

/* ---- scans ---- */

typedef struct HeapScanDescData *HeapScanDesc;

/* Sequential scan of every version visible to snap. */
HeapScanDesc heap_beginscan(Relation rel, Snapshot snap);
/* Next visible tuple as a palloc'd copy (valid until the next call or
 * endscan), with t_self set; NULL at the end. */
HeapTuple	heap_getnext(HeapScanDesc scan);
void		heap_rescan(HeapScanDesc scan);
void		heap_endscan(HeapScanDesc scan);

/*
 * Fetch the version visible to snap in the HOT chain starting at tid (an
 * index entry's TID).  Returns a palloc'd copy or NULL.  *all_dead (if not
 * NULL) is set when every version in the chain is dead to every snapshot,
 * so the index entry may be killed.
 */
HeapTuple	heap_fetch_visible(Relation rel, ItemPointer tid, Snapshot snap, bool *all_dead);
/*
 * Follow the update chain from tid to the newest version and return it if
 * it is committed-live (READ COMMITTED re-check after a wait): waits for a
 * running transaction still changing it; our own versions count when made
 * by a command before snap->curcid (snap may be NULL: any of ours).
 * NULL if the row was deleted.
 */
HeapTuple	heap_fetch_latest(Relation rel, ItemPointer tid, Snapshot snap);

/*
 * Unique-index check (fits btree_heap_check_fn): the chain whose root is
 * tid holds a live version (committed or our own, not deleted:
 * HEAP_VERSION_LIVE), one a running transaction inserts or deletes
 * (HEAP_VERSION_IN_DOUBT, *wait_xid = that transaction: wait for it, then
 * check again), or only dead versions (HEAP_VERSION_DEAD).
 */
HeapLiveness heap_tid_liveness(Relation heap, ItemPointer tid, TransactionId *wait_xid);

/* ---- modifications (inside a transaction; assign the xid) ---- */

typedef enum TM_Result
{
	TM_Ok,
	TM_Invisible,				/* the target is not visible to us (should not happen) */
	TM_SelfModified,			/* already changed by us (tmfd->cmax: which command) */
	TM_Updated,					/* changed by a concurrent committed update */
	TM_Deleted,					/* deleted by a concurrent committed delete */
} TM_Result;

typedef struct TM_FailureData
{
	ItemPointerData ctid;		/* TM_Updated: the newer version */
	TransactionId xmax;
	CommandId	cmax;
} TM_FailureData;

/* Insert tup; sets tup->t_self.  Uses free space or extends the table. */
void		heap_insert(Relation rel, HeapTuple tup, CommandId cid);

/*
 * Delete / update the version at tid.  If a running transaction is
 * changing it, wait for that transaction first.  hot_allowed: the caller
 * knows no indexed column changes (so a same-page update may be HOT);
 * *is_hot tells whether it was (then no index entries are needed).
 */
TM_Result	heap_delete(Relation rel, ItemPointer tid, CommandId cid, TM_FailureData *tmfd);
TM_Result	heap_update(Relation rel, ItemPointer otid, HeapTuple newtup, CommandId cid,
						bool hot_allowed, bool *is_hot, TM_FailureData *tmfd);

/* ---- maintenance ---- */

/*
 * Call fn for every tuple an index build must include: live versions and
 * versions still visible to some snapshot, with the TID index entries must
 * point to (the HOT chain root).  Used by CREATE INDEX and ADD PRIMARY KEY.
 */
typedef void (*heap_build_callback) (HeapTuple tup, ItemPointer root_tid, bool is_live,
									 void *arg);
/* Returns the number of callbacks made.  is_live: visible to a fresh
 * snapshot of ours (committed and not deleted, or our own insert).  tup is
 * valid only during the callback; no buffer is locked while it runs. */
double		heap_index_build_scan(Relation rel, heap_build_callback fn, void *arg);

/*
 * VACUUM: prune every page, collect dead TIDs, ask each index to delete
 * entries pointing to them (index_bulk_delete), then free those line
 * pointers.  Bounded by maintenance_work_mem (multiple passes if needed).
 */
typedef struct VacuumStats
{
	double		pages_scanned;
	double		tuples_removed;		/* dead versions this VACUUM's pruning removed */
	double		tuples_remaining;	/* live versions (incl. deletes in progress) */
	double		index_entries_removed;	/* sum of bulk_delete results */
	double		dead_items_freed;	/* LP_DEAD line pointers made reusable */
} VacuumStats;

typedef bool (*heap_tid_dead_fn) (ItemPointer tid, void *arg);
typedef double (*index_bulk_delete_fn) (Relation index, heap_tid_dead_fn is_dead, void *arg);
void		heap_vacuum(Relation rel, Relation *indexes, int nindexes,
						index_bulk_delete_fn bulk_delete, VacuumStats *stats);

BlockNumber heap_nblocks(Relation rel);

#endif							/* HEAPAM_H */
