/*-------------------------------------------------------------------------
 * nbtree.h
 *	  B-tree indexes: ordered maps from key values to heap TIDs, unique or
 *	  not (primary keys are unique).
 *
 * Role: the executor inserts an entry for every new heap version that
 * needs one (not HOT updates), and scans ranges of keys to find TIDs for
 * equality and range predicates; the planner uses an index scan whenever
 * a predicate on the leading key column allows it.
 *
 * Design (details in access/nbtree/README.md): Lehman-Yao style pages
 * with right links and high keys, so a scan or insert that races a page
 * split moves right instead of restarting; one metapage at block 0
 * pointing to the root; leaf items are (key columns, heap TID) and are
 * ordered by key then TID; the special space of each page holds left/right
 * links, level and flags.
 *
 * Uniqueness: inserting a key that exists checks the heap versions behind
 * the existing entries (through a callback, so the btree never depends on
 * heap internals): a live committed version raises 23505
 * `duplicate key value violates unique constraint "%s"` with DETAIL
 * `Key (col)=(val) already exists.`; a version being inserted or deleted by
 * a running transaction makes the inserter wait for it and re-check, as
 * PostgreSQL does; dead versions are ignored.  NULLs never conflict.
 *
 * Dead entries: a scan whose heap fetch found the whole HOT chain dead
 * marks the entry dead (btree_kill_current), and so does a uniqueness
 * check told HEAP_VERSION_DEAD_TO_ALL (never for a version some snapshot
 * may still see: scans skip dead entries); later insertions reclaim
 * space from dead entries before splitting a page; VACUUM removes entries
 * whose TIDs it reports dead (btree_bulk_delete).
 *-------------------------------------------------------------------------
 */
#ifndef NBTREE_H
#define NBTREE_H

#include "catalog/relcache.h"
#include "common/minipg.h"

/* Comparison strategies, as PostgreSQL numbers them. */
#define BTLessStrategyNumber		1
#define BTLessEqualStrategyNumber	2
#define BTEqualStrategyNumber		3
#define BTGreaterEqualStrategyNumber 4
#define BTGreaterStrategyNumber		5

/*
 * One scan condition "key column attno <op> argument".  The argument has
 * the column's type (the planner converts it); comparisons use the type's
 * compare function (sql/types/types.h).  A NULL argument matches nothing.
 */
typedef struct ScanKeyData
{
	int			attno;			/* 1-based index column */
	int			strategy;		/* BT*StrategyNumber */
	Datum		argument;
	bool		arg_is_null;
} ScanKeyData;

typedef ScanKeyData *ScanKey;

/* ---- building and maintenance ---- */

/* Initialize an empty index (metapage) in a freshly created file. */
void		btree_build_empty(Relation index);
/* CREATE INDEX: sort the heap's entries and build bottom-up. */
void		btree_build(Relation heap, Relation index);

/*
 * The sort-and-build steps of btree_build, for callers that produce the
 * entries themselves: begin, add each (keys, heap TID) in any order
 * (is_live: the entry takes part in the uniqueness check), finish (sort,
 * reject duplicates of a unique index with 23505, write the tree into the
 * index, whose file must be empty or hold an empty index).  Entries past
 * maintenance_work_mem are sorted on disk (temporary files, utils/extsort.h).
 */
typedef struct BTBuildSpoolData *BTBuildSpool;

BTBuildSpool btree_spool_begin(Relation index);
void		btree_spool_add(BTBuildSpool spool, const Datum *values, const bool *isnull,
							ItemPointer heap_tid, bool is_live);
void		btree_spool_finish(BTBuildSpool spool);

/*
 * Decides for a unique check whether the heap version at tid is live
 * (committed and not deleted: conflict), dead (ignore), or in doubt
 * (being inserted or deleted by a running transaction: *wait_xid is set
 * and the caller waits for it, then re-checks).
 *
 * "Dead" is meant for the uniqueness check only (dirty-snapshot rules: a
 * version deleted by a committed transaction, or by our own, does not
 * conflict), and says nothing about other transactions' snapshots, which
 * may still see the version: its entry must stay visible to scans.  Only
 * HEAP_VERSION_DEAD_TO_ALL (no snapshot can see any version of the chain,
 * e.g. an aborted insertion, or a deletion committed before every running
 * transaction's horizon) lets the check mark the entry LP_DEAD.  A
 * callback that cannot tell answers HEAP_VERSION_DEAD.
 */
typedef enum HeapLiveness
{
	HEAP_VERSION_DEAD,
	HEAP_VERSION_LIVE,
	HEAP_VERSION_IN_DOUBT,
	HEAP_VERSION_DEAD_TO_ALL,
} HeapLiveness;

typedef HeapLiveness (*btree_heap_check_fn) (Relation heap, ItemPointer tid,
											 TransactionId *wait_xid);

/*
 * Insert (values, heap_tid).  For a unique index, check_unique is called
 * for entries with an equal key (see above).  ERROR 23505 on conflict.
 */
void		btree_insert(Relation index, const Datum *values, const bool *isnull,
						 ItemPointer heap_tid, Relation heap, btree_heap_check_fn check_unique);

/* VACUUM: delete entries whose heap TID is_dead says is dead; returns the count. */
double		btree_bulk_delete(Relation index, bool (*is_dead) (ItemPointer tid, void *arg),
							  void *arg);

/* ---- scans ---- */

typedef struct BTScanDescData *BTScanDesc;

/* Keys must be sorted by attno; several keys on one column form a range. */
BTScanDesc	btree_beginscan(Relation index, const ScanKeyData *keys, int nkeys, bool backward);
/* Next matching heap TID, in key order; false at the end. */
bool		btree_getnext(BTScanDesc scan, ItemPointer tid_out);
/* The entry returned last points to a dead HOT chain: mark it dead. */
void		btree_kill_current(BTScanDesc scan);
void		btree_rescan(BTScanDesc scan, const ScanKeyData *keys, int nkeys);
void		btree_endscan(BTScanDesc scan);

/* Structural check used by tests and amcheck-like verification:
 * ERROR XX002 on any violated invariant; returns the number of leaf entries
 * (LP_DEAD ones included).  Exact only while nobody modifies the index. */
double		btree_verify(Relation index);

/* What btree_verify measured (leaf_entries counts LP_DEAD entries too). */
typedef struct BTVerifyStats
{
	double		leaf_entries;	/* items on leaf pages, high keys excluded */
	double		dead_entries;	/* of which marked LP_DEAD */
	double		leaf_pages;
	double		internal_pages;
	int			levels;			/* 0 for an empty index */
	double		leaf_fill;		/* used fraction of the leaves' item space */
} BTVerifyStats;

void		btree_verify_ext(Relation index, BTVerifyStats *stats);

#endif							/* NBTREE_H */
