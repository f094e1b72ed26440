/*-------------------------------------------------------------------------
 * plannodes.h
 *	  Plan trees: what the planner (sql/plan) builds from a Query and the
 *	  executor (sql/exec) runs, Volcano style.
 *
 * Role: a plan node produces rows of `ncols` columns, one at a time.  Its
 * expressions refer to its input rows through Vars with varno VAR_OUTER
 * (the left/only child, or the scanned row of a scan node) or VAR_INNER
 * (the right child of a join), varattno the 1-based column in that row.
 *
 * Row shapes:
 *	- scan nodes (SeqScan, IndexScan) output every column of the table
 *	  followed by the row's TID (ncols = natts + 1);
 *	- FunctionScan / ValuesScan / SubqueryScan / CteScan output their
 *	  entry's columns;
 *	- joins output the outer row's columns followed by the inner row's;
 *	- Result / ProjectSet output their tlist;
 *	- Agg outputs its group expressions followed by its aggregates;
 *	- Sort, Unique, Limit, Material and SetOp pass their input through;
 *	- ModifyTable outputs its RETURNING list (or nothing).
 *
 * Invariants: plans are read-only at run time (per-run state lives in
 * the executor's PlanState), so a prepared plan runs any number of times.
 *
 * See also: sql/nodes/primnodes.h, sql/plan/planner.h,
 * sql/exec/executor.h, sql/README.md.
 *-------------------------------------------------------------------------
 */
#ifndef PLANNODES_H
#define PLANNODES_H

#include "sql/nodes/primnodes.h"

typedef struct Plan
{
	NodeTag		type;
	struct Plan *lefttree;		/* outer input */
	struct Plan *righttree;		/* inner input (joins, SetOp) */
	List	   *qual;			/* filter over the output row (implicit AND) */
	int			ncols;			/* output columns */
	Oid		   *coltypes;		/* ncols output types */
	List	   *layout;			/* planner: Var per output column (or NULL) */
	double		plan_rows;		/* estimates, for EXPLAIN and choices */
	double		startup_cost;
	double		total_cost;
	int			plan_width;
} Plan;

/* Projection (and constant WHERE) over one input row, or no input. */
typedef struct ResultPlan
{
	Plan		plan;
	List	   *tlist;			/* Expr list */
	Expr	   *constqual;		/* when false, no rows at all */
	bool		hidden;			/* EXPLAIN shows the child instead */
} ResultPlan;

/* Projection with set-returning functions in the target list. */
typedef struct ProjectSetPlan
{
	Plan		plan;
	List	   *tlist;			/* Exprs with SrfValue leaves */
	List	   *srfs;			/* FuncExpr list, args over the input */
} ProjectSetPlan;

typedef struct SeqScanPlan
{
	Plan		plan;
	int			scanrelid;		/* rtable index */
	Oid			relid;
	char	   *relname;		/* EXPLAIN: "Seq Scan on relname alias" */
	char	   *aliasname;
} SeqScanPlan;

/* One btree scan key: index column attno <strategy> arg. */
typedef struct IndexKeyPlan
{
	NodeTag		type;
	int			attno;			/* 1-based index column */
	int			strategy;		/* BT*StrategyNumber */
	Expr	   *arg;			/* no Vars: Consts, Params, exec Params */
	Oid			argtype;
	Oid			keytype;		/* the index column's type */
	Expr	   *origqual;		/* for EXPLAIN "Index Cond" */
} IndexKeyPlan;

typedef struct IndexScanPlan
{
	Plan		plan;
	int			scanrelid;
	Oid			relid;
	char	   *relname;
	char	   *aliasname;
	Oid			indexid;
	char	   *indexname;
	List	   *indexkeys;		/* IndexKeyPlan list, sorted by attno */
	bool		backward;
} IndexScanPlan;

typedef struct FunctionScanPlan
{
	Plan		plan;
	int			scanrelid;
	char	   *aliasname;
	Expr	   *funcexpr;		/* FuncExpr (set-returning or not) or other;
								 * NULL when scanning a system view */
	bool		ordinality;
	int			sysview;		/* system view id + 1, else 0 */
} FunctionScanPlan;

typedef struct ValuesScanPlan
{
	Plan		plan;
	int			scanrelid;
	char	   *aliasname;
	List	   *values_lists;	/* List of Lists of Expr (no input Vars) */
} ValuesScanPlan;

typedef struct SubqueryScanPlan
{
	Plan		plan;			/* lefttree: the subquery's plan */
	int			scanrelid;
	char	   *aliasname;
} SubqueryScanPlan;

typedef struct CteScanPlan
{
	Plan		plan;
	int			scanrelid;
	int			cte_id;			/* PlannedStmt.ctes index */
	char	   *ctename;
	char	   *aliasname;
} CteScanPlan;

/* Exec param paramno := expr (over the outer row) before each inner rescan. */
typedef struct NestParamPlan
{
	NodeTag		type;
	int			paramno;
	Expr	   *expr;
} NestParamPlan;

typedef struct NestLoopPlan
{
	Plan		plan;
	JoinType	jointype;		/* INNER, LEFT (RIGHT is swapped to LEFT) */
	List	   *joinqual;		/* over outer + inner */
	List	   *nestparams;		/* NestParamPlan list */
} NestLoopPlan;

typedef struct HashJoinPlan
{
	Plan		plan;			/* righttree: the hashed (inner) input */
	JoinType	jointype;		/* INNER, LEFT, FULL, RIGHT (inner side kept) */
	List	   *outerkeys;		/* Expr over outer */
	List	   *innerkeys;		/* Expr over inner, same types as outerkeys */
	List	   *hashclauses;	/* original equality clauses (EXPLAIN) */
	List	   *joinqual;		/* remaining join conditions */
} HashJoinPlan;

typedef struct SortPlan
{
	Plan		plan;
	int			nkeys;
	int		   *sortcols;		/* 1-based input columns */
	Oid		   *sorttypes;
	bool	   *descending;
	bool	   *nullsfirst;
	List	   *sortexprs;		/* for EXPLAIN "Sort Key" */
} SortPlan;

typedef enum AggStrategy
{
	AGG_PLAIN,					/* one group, no GROUP BY */
	AGG_SORTED,					/* input sorted by the group keys */
	AGG_HASHED,
} AggStrategy;

typedef struct AggPlan
{
	Plan		plan;
	AggStrategy strategy;
	List	   *groupexprs;		/* Expr over input */
	Oid		   *grouptypes;
	List	   *aggs;			/* Aggref list, args over input */
	List	   *groupexprs_orig; /* for EXPLAIN "Group Key" */
} AggPlan;

/* Drop consecutive duplicate rows (input sorted on cols). */
typedef struct UniquePlan
{
	Plan		plan;
	int			numcols;
	int		   *cols;			/* 1-based */
} UniquePlan;

/* INTERSECT [ALL] / EXCEPT [ALL] over the left and right inputs. */
typedef struct SetOpPlan
{
	Plan		plan;
	SetOperation op;
	bool		all;
} SetOpPlan;

typedef struct AppendPlan
{
	Plan		plan;
	List	   *plans;
} AppendPlan;

typedef struct LimitPlan
{
	Plan		plan;
	Expr	   *limitOffset;	/* no input Vars */
	Expr	   *limitCount;
} LimitPlan;

/* Keep the input's rows for rescans. */
typedef struct MaterialPlan
{
	Plan		plan;
} MaterialPlan;

/*
 * INSERT / UPDATE / DELETE.  tlist computes the new row (one entry per
 * table column, in attnum order) from the input row; ctid_col is the
 * input column holding the old row's TID (UPDATE/DELETE).  epq_quals are
 * every WHERE/join condition over the input row, re-checked on a newer
 * version after a concurrent update (READ COMMITTED) with the result
 * table's columns replaced: they occupy input columns
 * [rel_first_col, rel_first_col + natts).  returning is evaluated over
 * the new (INSERT/UPDATE) or old (DELETE) table row as VAR_INNER and the
 * input row as VAR_OUTER.
 */
typedef struct ModifyTablePlan
{
	Plan		plan;
	CmdType		operation;
	int			resultRelation; /* rtable index */
	Oid			relid;
	char	   *relname;
	List	   *tlist;
	int			ctid_col;		/* 1-based, 0 for INSERT */
	int			rel_first_col;	/* 1-based, 0 when not in the input */
	List	   *epq_quals;
	List	   *returning;		/* Expr list */
} ModifyTablePlan;

/*
 * SELECT ... FOR UPDATE/SHARE: lock each input row's versions of the
 * marked tables (by re-writing them unchanged, which takes the row lock),
 * with READ COMMITTED re-checks like ModifyTable's.  Per marked table:
 * relids, ctid_cols (input column of its TID) and first_cols (input
 * column of its first column).
 */
typedef struct LockRowsPlan
{
	Plan		plan;
	List	   *relids;			/* OidList */
	List	   *ctid_cols;		/* IntList */
	List	   *first_cols;		/* IntList */
	List	   *epq_quals;
	bool		nowait;
} LockRowsPlan;

/*
 * WITH RECURSIVE: lefttree is the non-recursive term, righttree the
 * recursive one, which reads the rows of the previous round through
 * WorkTableScan nodes with the same wt_id.
 */
typedef struct RecursiveUnionPlan
{
	Plan		plan;
	int			wt_id;			/* PlannedStmt.nWorkTables index */
	bool		all;			/* UNION ALL: no duplicate elimination */
} RecursiveUnionPlan;

typedef struct WorkTableScanPlan
{
	Plan		plan;
	int			wt_id;
	char	   *ctename;
	char	   *aliasname;
} WorkTableScanPlan;

/*
 * Window functions over input sorted by partcols then ordcols: outputs the
 * input row followed by one column per window function.
 */
typedef struct WindowAggPlan
{
	Plan		plan;
	List	   *winfuncs;		/* WindowFunc list, args over the input */
	int			npart;
	int		   *partcols;		/* 1-based input columns */
	int			nord;
	int		   *ordcols;
	int			frameOptions;
	Expr	   *startOffset;
	Expr	   *endOffset;
} WindowAggPlan;

/* The planner's output for one statement. */
typedef struct PlannedStmt
{
	NodeTag		type;
	CmdType		commandType;
	Plan	   *planTree;
	List	   *rtable;			/* of the top query */
	List	   *subplans;		/* Plan list, SubPlan.plan_id indexes it */
	List	   *ctes;			/* Plan list by cte_id */
	List	   *cte_names;		/* String list by cte_id */
	int			nParamExec;
	int			nWorkTables;	/* WITH RECURSIVE working tables */
	bool		explain_prefix; /* EXPLAIN qualifies column names */
	List	   *relationOids;	/* OidList: every table used (revalidation) */
	bool		hasReturning;
} PlannedStmt;

#endif							/* PLANNODES_H */
