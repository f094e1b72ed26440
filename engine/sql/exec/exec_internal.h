/*-------------------------------------------------------------------------
 * exec_internal.h
 *	  Executor state shared by the files of sql/exec.
 *
 *	exec_main.c      executor_start/next/end, node dispatch, instrumentation
 *	exec_expr.c      expression evaluation (PostgreSQL NULL semantics)
 *	exec_rows.c      row copies, row buffers (tuple stores), work_mem checks
 *	exec_spill.c     rows in temporary files (Sort runs, Agg partitions,
 *	                 HashJoin batches)
 *	exec_scan.c      SeqScan, IndexScan
 *	exec_basic.c     Result, ProjectSet, FunctionScan, ValuesScan,
 *	                 SubqueryScan, CteScan, Material, Append, Limit
 *	exec_join.c      NestLoop, HashJoin
 *	exec_hash.c      the row hash table (HashJoin, HashAggregate, SetOp)
 *	exec_sort.c      Sort, Unique
 *	exec_agg.c       Agg (plain, sorted, hashed)
 *	exec_setop.c     INTERSECT / EXCEPT
 *	exec_recursive.c WITH RECURSIVE (RecursiveUnion, WorkTableScan)
 *	exec_window.c    window functions (WindowAgg)
 *	exec_subplan.c   SubPlans inside expressions
 *	exec_modify.c    INSERT / UPDATE / DELETE
 *	exec_lockrows.c  SELECT ... FOR UPDATE / FOR SHARE
 *
 * Memory rules:
 *	1. Node state lives in the ExecutorState context (EState.query_cxt).
 *	2. Each node has a per-row context (PlanState.row_cxt) reset at the
 *	   start of each exec call; expression results and scanned tuples of
 *	   the row live there.  A row a node returns is valid until its next
 *	   exec call.
 *	3. A node that keeps rows beyond that (Sort, Material, hash tables,
 *	   Agg groups) copies them into its own context and charges the bytes
 *	   against work_mem (exec_check_work_mem).
 *
 * Rescan: every node implements rescan; a rescan restarts the node's
 * output from the first row, re-reading exec params (nested-loop and
 * subplan parameters).
 *-------------------------------------------------------------------------
 */
#ifndef EXEC_INTERNAL_H
#define EXEC_INTERNAL_H

#include "catalog/relcache.h"
#include "sql/analyze/nodefuncs.h"
#include "sql/exec/executor.h"
#include "utils/memctx.h"

struct PlanState;

typedef struct SubPlanState
{
	struct PlanState *ps;
	bool		started;
	bool		have_cache;		/* uncorrelated: result computed once */
	Datum		cache_value;
	bool		cache_null;
	struct RowBuffer *rows;		/* uncorrelated ANY/ALL: materialized rows */
	struct RowHashTable *hash;	/* uncorrelated "x = ANY": hashed values */
	bool		hash_has_nulls;
	int64_t		hash_rows;
} SubPlanState;

typedef struct CteState
{
	struct PlanState *ps;
	struct RowBuffer *rows;
	bool		done;			/* ps ran to completion */
} CteState;

typedef struct EState
{
	PlannedStmt *pstmt;
	MemoryContext query_cxt;
	Snapshot	snapshot;
	CommandId	cid;
	ParamValues ext;
	Datum	   *exec_params;
	bool	   *exec_nulls;
	SubPlanState *subplans;		/* per PlannedStmt.subplans */
	CteState   *ctes;
	struct RowBuffer **worktables;	/* WITH RECURSIVE: previous round's rows */
	List	   *open_relations; /* Relation list, closed at end */
	uint64_t	processed;
	bool		instrument;
	bool		full_rescan;	/* a correlated SubPlan restarts its plan */
} EState;

typedef struct ExprContext
{
	TupleSlot  *outer;
	TupleSlot  *inner;
	Datum	   *sublink_values; /* current subquery row (PARAM_SUBLINK) */
	bool	   *sublink_nulls;
	Datum	   *srf_values;		/* ProjectSet: current SRF values */
	bool	   *srf_nulls;
	EState	   *estate;
} ExprContext;

typedef struct PlanState PlanState;
typedef TupleSlot *(*ExecProcFn) (PlanState *ps);

struct PlanState
{
	Plan	   *plan;
	EState	   *estate;
	PlanState  *lefttree;
	PlanState  *righttree;
	ExecProcFn	exec;
	void		(*rescan) (PlanState *ps);
	void		(*end) (PlanState *ps);
	MemoryContext row_cxt;
	ExprContext econtext;
	TupleSlot  *result;			/* output slot (ncols = plan->ncols) */
	int16_t    *typlens;		/* output column storage, for row copies */
	bool	   *typbyvals;
	/* instrumentation (EXPLAIN ANALYZE) */
	double		ntuples;
	double		nloops;
	double		total_ms;
	double		first_ms;
	bool		running;
};

/* exec_main.c */
PlanState  *executor_top_state(QueryDesc *qd);
EState	   *executor_estate(QueryDesc *qd);
PlanState  *exec_init_node(Plan *plan, EState *estate);
TupleSlot  *exec_proc_node(PlanState *ps);
void		exec_rescan(PlanState *ps);
void		exec_end_node(PlanState *ps);
/* Allocate and initialize the common part of a node state. */
PlanState  *exec_make_state(size_t size, Plan *plan, EState *estate, ExecProcFn exec);
TupleSlot  *exec_make_slot(int ncols);
/* Reset the per-row context and switch to it; returns the old context. */
MemoryContext exec_begin_row(PlanState *ps);
bool		exec_qual(List *qual, ExprContext *econtext);
Relation	exec_open_relation(EState *estate, Oid relid);
SubPlanState *exec_subplan_state(EState *estate, int plan_id);

/* exec_expr.c */
Datum		exec_eval_expr(Expr *expr, ExprContext *econtext, bool *isnull);
bool		exec_eval_bool(Expr *expr, ExprContext *econtext);
/* Call a function with evaluated arguments (strictness applied). */
Datum		exec_call_function(const BuiltinFunction *func, PGFunction fn, int nargs,
							   const Datum *args, const bool *nulls, const Oid *argtypes,
							   Oid result_type, bool strict, bool *isnull);
Datum		exec_coerce_value(Datum value, Oid source, Oid target, int32_t typmod,
							  CoercionContext ccontext, const BuiltinCast *cast);

/* exec_rows.c */
typedef struct Row
{
	struct Row *next;			/* chaining in hash buckets / lists */
	uint32_t	hash;
	int			ncols;
	bool		matched;		/* hash join: inner row found a partner */
	int64_t		count;			/* SetOp: rows seen on the left */
	int64_t		count2;			/* SetOp: rows seen on the right */
	void	   *extra;			/* Agg: the group's state */
	uint32_t	flat_size;		/* bytes of the one chunk holding the row */
	Datum	   *values;
	bool	   *isnull;
} Row;

/* Copy a slot's values into ctx (by-reference data included). */
Row		   *row_copy(MemoryContext ctx, TupleSlot *slot, const int16_t *typlens,
					 const bool *typbyvals);
void		row_to_slot(Row *row, TupleSlot *slot);
/* datum_copy into a given context. */
Datum		datum_copy_in(MemoryContext cxt, Datum value, bool byval, int16_t typlen);
void		exec_col_storage(const Oid *types, int n, int16_t **typlens, bool **typbyvals);

typedef struct RowBuffer
{
	MemoryContext cxt;
	Row		  **rows;
	int64_t		nrows;
	int64_t		cap;
	int64_t		readpos;
	const char *what;			/* "sort", "hash table"... for errors */
} RowBuffer;

RowBuffer  *rowbuf_create(MemoryContext parent, const char *what);
void		rowbuf_add(RowBuffer *rb, TupleSlot *slot, const int16_t *typlens,
					   const bool *typbyvals);
void		rowbuf_reset(RowBuffer *rb);
/*
 * ERROR 53200 when ctx holds far more than work_mem: the guard of the
 * nodes that keep rows without spilling (Material, CTE, WindowAgg...).
 */
void		exec_check_work_mem(MemoryContext cxt, const char *what);
/* work_mem in bytes. */
size_t		exec_work_mem_bytes(void);

/* exec_spill.c: rows in temporary files (storage/file/tempfile.h) */
struct TempFile;

/*
 * Append a row to a file.  row must be a row_copy (one chunk); it is
 * left unusable (its pointers become offsets): pass a scratch copy.
 */
void		spill_write_row(struct TempFile *tf, Row *row, const bool *typbyvals);
/* Copy slot (with hash) and append it; the copy is made and freed in cxt. */
void		spill_write_slot(struct TempFile *tf, TupleSlot *slot, uint32_t hash,
							 const int16_t *typlens, const bool *typbyvals, MemoryContext cxt);
/* Next row of a file being read (allocated in cxt), or NULL at its end. */
Row		   *spill_read_row(struct TempFile *tf, MemoryContext cxt, const bool *typbyvals);
/* In-place pointer <-> offset conversion of a row chunk (extsort methods). */
void		row_pointers_to_offsets(Row *row, const Row *orig, const bool *typbyvals);
void		row_offsets_to_pointers(Row *row, const bool *typbyvals);

/* Comparison of one column value (NULLs handled by the caller). */
int			exec_compare_values(Oid type, Datum a, Datum b);
uint32_t	exec_hash_value(Oid type, Datum v);
bool		exec_values_equal(Oid ltype, Datum a, Oid rtype, Datum b);

/* node constructors (exec_scan.c, exec_basic.c, ...) */
PlanState  *exec_init_seqscan(SeqScanPlan *plan, EState *estate);
PlanState  *exec_init_indexscan(IndexScanPlan *plan, EState *estate);
PlanState  *exec_init_result(ResultPlan *plan, EState *estate);
PlanState  *exec_init_projectset(ProjectSetPlan *plan, EState *estate);
PlanState  *exec_init_functionscan(FunctionScanPlan *plan, EState *estate);
PlanState  *exec_init_valuesscan(ValuesScanPlan *plan, EState *estate);
PlanState  *exec_init_subqueryscan(SubqueryScanPlan *plan, EState *estate);
PlanState  *exec_init_ctescan(CteScanPlan *plan, EState *estate);
PlanState  *exec_init_material(MaterialPlan *plan, EState *estate);
PlanState  *exec_init_append(AppendPlan *plan, EState *estate);
PlanState  *exec_init_limit(LimitPlan *plan, EState *estate);
PlanState  *exec_init_nestloop(NestLoopPlan *plan, EState *estate);
PlanState  *exec_init_hashjoin(HashJoinPlan *plan, EState *estate);
PlanState  *exec_init_sort(SortPlan *plan, EState *estate);
PlanState  *exec_init_unique(UniquePlan *plan, EState *estate);
PlanState  *exec_init_agg(AggPlan *plan, EState *estate);
PlanState  *exec_init_setop(SetOpPlan *plan, EState *estate);
PlanState  *exec_init_modify(ModifyTablePlan *plan, EState *estate);
PlanState  *exec_init_lockrows(LockRowsPlan *plan, EState *estate);
PlanState  *exec_init_recursiveunion(RecursiveUnionPlan *plan, EState *estate);
PlanState  *exec_init_worktablescan(WorkTableScanPlan *plan, EState *estate);
PlanState  *exec_init_windowagg(WindowAggPlan *plan, EState *estate);

/* exec_sort.c: EXPLAIN ANALYZE's "Sort Method" (false: not a Sort, or not run) */
struct ExtSortStats;
bool		exec_sort_stats(PlanState *ps, struct ExtSortStats *out);

/* exec_subplan.c */
Datum		exec_eval_subplan(SubPlan *sp, ExprContext *econtext, bool *isnull);

/* exec_hash.c: a hash table of rows keyed by some of their columns */
typedef struct RowHashTable
{
	MemoryContext cxt;
	Row		  **buckets;
	uint32_t	nbuckets;
	int64_t		nrows;
	int			nkeys;
	Oid		   *keytypes;
	const char *what;
} RowHashTable;

RowHashTable *rowhash_create(MemoryContext parent, int nkeys, const Oid *keytypes,
							 const char *what);
/* Hash of key values (NULL keys hash to 0). */
uint32_t	rowhash_hash(RowHashTable *ht, const Datum *keys, const bool *nulls);
/* Hash of probe values of the given types (same hash as the stored keys'). */
uint32_t	rowhash_hash_types(RowHashTable *ht, const Datum *keys, const bool *nulls,
							   const Oid *types);
/* Insert a copy of slot with the given key hash; returns the stored row. */
Row		   *rowhash_insert(RowHashTable *ht, uint32_t hash, TupleSlot *slot,
						   const int16_t *typlens, const bool *typbyvals);
/* First row whose keys (columns keycols[] of the row) equal keys[], or NULL. */
Row		   *rowhash_lookup(RowHashTable *ht, uint32_t hash, const Datum *keys,
						   const bool *nulls, const int *keycols, const Oid *probetypes,
						   Row *after);
void		rowhash_reset(RowHashTable *ht);

/* exec_resultrel.c: a table being modified (ModifyTable, COPY FROM) */
typedef struct ResultRel
{
	Relation	rel;
	int			natts;
	Relation   *indexes;
	int			nindexes;
	bool	   *indexed;		/* per column: used by some index */
} ResultRel;

/* Open the table and its indexes (closed by resultrel_close). */
ResultRel  *resultrel_open(Oid relid);
void		resultrel_close(ResultRel *rr);
/* ERROR 23502 when a NOT NULL column is NULL, with the failing row. */
void		resultrel_check_not_null(ResultRel *rr, const Datum *values, const bool *nulls);
/* btree_insert into every index for the new version at tid. */
void		resultrel_insert_index_entries(ResultRel *rr, const Datum *values, const bool *nulls,
										   ItemPointer tid);
/* Check, form, heap_insert and index a new row. */
void		resultrel_insert(ResultRel *rr, const Datum *values, const bool *nulls, CommandId cid);

/* Packing a TID into a Datum (the ctid column). */
static inline Datum
tid_to_datum(const ItemPointerData *tid)
{
	return (Datum) (((uint64_t) tid->ip_blkid << 16) | tid->ip_posid);
}

static inline void
datum_to_tid(Datum d, ItemPointerData *tid)
{
	tid->ip_blkid = (BlockNumber) ((uint64_t) d >> 16);
	tid->ip_posid = (OffsetNumber) (d & 0xFFFF);
}

#endif							/* EXEC_INTERNAL_H */
