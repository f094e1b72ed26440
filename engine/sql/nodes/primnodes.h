/*-------------------------------------------------------------------------
 * primnodes.h
 *	  Analyzed query trees: typed expression nodes, target entries, the
 *	  range table, and Query -- what the analyzer (sql/analyze) builds from a
 *	  raw parse tree and the planner (sql/plan) consumes.
 *
 * Role: after analysis every name is resolved (tables to OIDs, columns to
 * (range-table index, column number), functions and operators to rows of
 * sql/types/fmgr.h) and every expression carries its result type.
 *
 * Invariants:
 *	- Expressions are made of the nodes below plus the "shared" nodes of
 *	  parsenodes.h (BoolExpr, NullTest, BooleanTest, CaseExpr/CaseWhen,
 *	  CoalesceExpr, MinMaxExpr, SQLValueFunction) whose arguments have been
 *	  replaced by analyzed expressions and whose analyzer fields are set.
 *	  A simple CASE (CASE x WHEN ...) is rewritten to the searched form.
 *	- No expression has type UNKNOWNOID except an untyped literal Const that
 *	  nothing has coerced yet; the analyzer coerces every such Const that
 *	  reaches a result column to text.
 *	- Var.varno is a 1-based index into its Query's rtable, never pointing
 *	  at an RTE_JOIN entry (join alias columns are replaced by what they
 *	  stand for); varlevelsup > 0 refers to an enclosing query (correlated
 *	  subquery).  Column number SELF_ITEM_POINTER_ATTNO is the row's TID
 *	  (ctid), used by UPDATE and DELETE.
 *	- After the planner's setrefs pass (sql/plan), Vars inside plans use
 *	  varno VAR_OUTER / VAR_INNER and varattno = 1-based column of that
 *	  input row; orig_varno/orig_attno keep the range-table reference for
 *	  EXPLAIN.
 *	- The trees are read-only once built: the planner copies what it
 *	  changes (expr_copy / expr_mutator in sql/analyze/nodefuncs.h) and the
 *	  executor never writes to them, so a prepared statement's plan can run
 *	  many times.
 *
 * See also: sql/nodes/plannodes.h, sql/analyze/nodefuncs.h (exprType,
 * walkers), sql/README.md (the query pipeline).
 *-------------------------------------------------------------------------
 */
#ifndef PRIMNODES_H
#define PRIMNODES_H

#include "sql/nodes/parsenodes.h"
#include "sql/types/fmgr.h"

typedef Node Expr;

/* Var.varno values used inside plans (see the header comment). */
#define VAR_OUTER	(-1)
#define VAR_INNER	(-2)

/* Column number of the row's TID (a Datum packing block and offset). */
#define SELF_ITEM_POINTER_ATTNO (-1)

/* A column of a range-table entry. */
typedef struct Var
{
	NodeTag		type;
	int			varno;			/* rtable index, or VAR_OUTER/VAR_INNER */
	int			varattno;		/* 1-based column, or SELF_ITEM_POINTER_ATTNO */
	Oid			vartype;
	int32_t		vartypmod;
	int			varlevelsup;	/* 0 = this query */
	int			orig_varno;		/* rtable reference kept for EXPLAIN */
	int			orig_attno;
	const char *explain_rel;	/* setrefs: names for EXPLAIN */
	const char *explain_col;
	int			location;
} Var;

/*
 * A constant.  UNKNOWNOID constants (untyped literals) hold a C string.
 * By-reference values are palloc'd in the tree's memory context.
 */
typedef struct Const
{
	NodeTag		type;
	Oid			consttype;
	int32_t		consttypmod;
	Datum		constvalue;
	bool		constisnull;
	int			location;
} Const;

typedef enum ParamKind
{
	PARAM_EXTERN,				/* $n: paramid n (1-based) */
	PARAM_EXEC,					/* set by the executor: paramid 0-based slot */
	PARAM_SUBLINK,				/* column paramid (1-based) of the current
								 * subquery row, inside SubqueryExpr.testexpr */
} ParamKind;

typedef struct Param
{
	NodeTag		type;
	ParamKind	paramkind;
	int			paramid;
	Oid			paramtype;
	int32_t		paramtypmod;
	int			location;
} Param;

/* A call of a built-in function (possibly set-returning). */
typedef struct FuncExpr
{
	NodeTag		type;
	const BuiltinFunction *func;
	List	   *args;
	Oid			funcresulttype;
	bool		funcretset;
	CoercionForm funcformat;
	int			location;
} FuncExpr;

typedef enum OpExprKind
{
	OPK_NORMAL,					/* a op b (strict) */
	OPK_DISTINCT,				/* a IS DISTINCT FROM b (op is "=") */
	OPK_NOT_DISTINCT,			/* a IS NOT DISTINCT FROM b */
	OPK_NULLIF,					/* NULLIF(a, b): result type of a */
} OpExprKind;

/* An operator call; args has one (prefix) or two elements. */
typedef struct OpExpr
{
	NodeTag		type;
	const BuiltinOperator *op;
	OpExprKind	kind;
	List	   *args;
	Oid			opresulttype;
	int			location;
} OpExpr;

/*
 * A type conversion: a cast function, a binary-compatible relabel or an
 * I/O conversion (cast NULL: use coerce_datum at run time), followed by
 * the target typmod when resulttypmod >= 0.
 */
typedef struct CoerceExpr
{
	NodeTag		type;
	Expr	   *arg;
	Oid			sourcetype;
	Oid			resulttype;
	int32_t		resulttypmod;
	CoercionContext ccontext;
	CoercionForm format;
	const BuiltinCast *cast;
	int			location;
} CoerceExpr;

/* An aggregate call. */
typedef struct Aggref
{
	NodeTag		type;
	const BuiltinAggregate *agg;
	List	   *args;			/* analyzed, coerced to the aggregate's types */
	Oid		   *argtypes;		/* nargs entries, after coercion */
	Oid			aggtype;		/* result type */
	Oid			aggtranstype;	/* resolved transition type */
	bool		aggstar;
	bool		aggdistinct;
	List	   *aggorder;		/* ORDER BY inside the call: Expr list */
	List	   *aggorderdesc;	/* IntList, per aggorder entry: 1 = DESC */
	Expr	   *aggfilter;
	int			aggno;			/* planner: slot in the Agg node */
	int			location;
} Aggref;

/*
 * A subquery in an expression (the analyzed SubLink).  For ANY/ALL,
 * testexpr compares the left operand with PARAM_SUBLINK params standing
 * for the subquery's output columns.
 */
typedef struct SubqueryExpr
{
	NodeTag		type;
	SubLinkType sublinktype;	/* EXISTS, ANY, ALL, EXPR */
	Expr	   *testexpr;
	struct Query *subquery;
	Oid			resulttype;		/* bool, or the column's type for EXPR */
	int32_t		resulttypmod;
	int			location;
} SubqueryExpr;

/*
 * The planned form of SubqueryExpr (built by the planner).  args are
 * evaluated in the parent's row and stored in the exec params parparams
 * before the subplan runs; an uncorrelated subplan (parparams NIL) runs
 * once per execution and its result is cached.
 */
typedef struct SubPlan
{
	NodeTag		type;
	SubLinkType sublinktype;
	Expr	   *testexpr;
	struct Plan *plan;
	int			plan_id;		/* index into PlannedStmt.subplans */
	List	   *parparams;		/* IntList of PARAM_EXEC ids */
	List	   *args;			/* expressions setting them */
	Oid			resulttype;
	int32_t		resulttypmod;
	int			ncols;			/* subquery output columns */
	int			location;
} SubPlan;

/* Inside ProjectSet: the current value of set-returning call srfno. */
typedef struct SrfValue
{
	NodeTag		type;
	int			srfno;
	Oid			srftype;
} SrfValue;

/* Window functions: the built-in ones, or any aggregate used OVER (...). */
typedef enum WinFuncKind
{
	WINFN_AGG,
	WINFN_ROW_NUMBER,
	WINFN_RANK,
	WINFN_DENSE_RANK,
	WINFN_PERCENT_RANK,
	WINFN_CUME_DIST,
	WINFN_NTILE,
	WINFN_LAG,
	WINFN_LEAD,
	WINFN_FIRST_VALUE,
	WINFN_LAST_VALUE,
	WINFN_NTH_VALUE,
} WinFuncKind;

typedef struct WindowFunc
{
	NodeTag		type;
	WinFuncKind kind;
	const char *name;			/* for EXPLAIN */
	const BuiltinAggregate *agg;	/* WINFN_AGG */
	List	   *args;
	Oid		   *argtypes;
	Oid			wintype;		/* result type */
	Oid			transtype;		/* WINFN_AGG: resolved transition type */
	bool		winstar;		/* count(*) OVER */
	Expr	   *aggfilter;
	int			winref;			/* Query.windowClause entry (1-based) */
	int			location;
} WindowFunc;

/* A window: PARTITION BY / ORDER BY (SortGroupClauses) and its frame. */
typedef struct WindowClause
{
	NodeTag		type;
	int			winref;
	List	   *partitionClause;
	List	   *orderClause;
	int			frameOptions;	/* FRAMEOPTION_* (parsenodes.h) */
	Expr	   *startOffset;	/* ROWS n PRECEDING/FOLLOWING: int8 */
	Expr	   *endOffset;
} WindowClause;

/* One result column (SELECT list, RETURNING, INSERT/UPDATE values). */
typedef struct TargetEntry
{
	NodeTag		type;
	Expr	   *expr;
	int			resno;			/* 1-based position (INSERT/UPDATE: attnum) */
	char	   *resname;
	int			ressortgroupref;	/* > 0: referenced by ORDER/GROUP BY */
	Oid			resorigtbl;		/* source table of a plain column, or 0 */
	int			resorigcol;
	bool		resjunk;		/* not sent to the client */
} TargetEntry;

typedef enum RTEKind
{
	RTE_RELATION,
	RTE_SUBQUERY,
	RTE_JOIN,
	RTE_FUNCTION,
	RTE_VALUES,
	RTE_CTE,
} RTEKind;

typedef struct RangeTblEntry
{
	NodeTag		type;
	RTEKind		rtekind;
	char	   *aliasname;		/* name to qualify columns with */
	List	   *colnames;		/* String list, one per column */
	List	   *coltypes;		/* OidList */
	List	   *coltypmods;		/* IntList */
	/* RTE_RELATION */
	Oid			relid;
	char	   *relname;
	char	   *schemaname;		/* as written, or NULL */
	int			rel_natts;		/* columns when analyzed (revalidation) */
	List	   *pk_attnums;		/* IntList: primary key columns (GROUP BY) */
	/* RTE_SUBQUERY */
	struct Query *subquery;
	/* RTE_JOIN: what each join column stands for (Vars or COALESCE) */
	JoinType	jointype;
	List	   *joinaliasvars;
	/* RTE_FUNCTION */
	Expr	   *funcexpr;		/* NULL for a system view */
	bool		funcordinality;
	int			sysview;		/* system view id + 1 (sql/sysviews), else 0 */
	/* RTE_VALUES: List of Lists of Expr */
	List	   *values_lists;
	/* RTE_CTE */
	char	   *ctename;
	int			ctelevelsup;
	bool		lateral;
	bool		inFromCl;
} RangeTblEntry;

typedef struct RangeTblRef
{
	NodeTag		type;
	int			rtindex;
} RangeTblRef;

/* An analyzed JOIN in FROM. */
typedef struct JoinTreeExpr
{
	NodeTag		type;
	JoinType	jointype;
	Node	   *larg;			/* RangeTblRef or JoinTreeExpr */
	Node	   *rarg;
	Expr	   *quals;			/* ON / USING condition, or NULL */
	int			rtindex;		/* its RTE_JOIN entry */
} JoinTreeExpr;

/* FROM list (implicitly cross-joined) and WHERE. */
typedef struct FromExpr
{
	NodeTag		type;
	List	   *fromlist;		/* RangeTblRef / JoinTreeExpr */
	Expr	   *quals;
} FromExpr;

/* ORDER BY / GROUP BY / DISTINCT item: refers to a TargetEntry. */
typedef struct SortGroupClause
{
	NodeTag		type;
	int			tleSortGroupRef;
	Oid			sorttype;		/* the expression's type */
	bool		descending;
	bool		nulls_first;
} SortGroupClause;

/* A set operation tree; leaves are RangeTblRefs to RTE_SUBQUERY entries. */
typedef struct SetOpTree
{
	NodeTag		type;
	SetOperation op;
	bool		all;
	Node	   *larg;
	Node	   *rarg;
	List	   *coltypes;		/* OidList: the result's column types */
	List	   *coltypmods;
} SetOpTree;

/* WITH name AS (query) */
typedef struct CteInfo
{
	NodeTag		type;
	char	   *ctename;
	struct Query *query;
	List	   *colnames;		/* String list */
	List	   *coltypes;		/* OidList */
	List	   *coltypmods;
	int			refcount;
	int			cte_id;			/* planner */
	int			location;
	/*
	 * WITH RECURSIVE: query is the non-recursive term, recursive_query the
	 * term that references the CTE itself; their results are combined with
	 * UNION (recursive_all: UNION ALL) until no new rows appear.
	 */
	struct Query *recursive_query;
	bool		recursive_all;
} CteInfo;

typedef enum CmdType
{
	CMD_SELECT,
	CMD_INSERT,
	CMD_UPDATE,
	CMD_DELETE,
} CmdType;

/*
 * An analyzed SELECT / VALUES / set operation / INSERT / UPDATE / DELETE.
 *	INSERT: rtable[resultRelation] is the table, the source rows come from
 *	  jointree (one RTE_SUBQUERY or RTE_VALUES, or empty for DEFAULT VALUES
 *	  and single-row VALUES), targetList has one entry per table column in
 *	  attnum order (resno = attnum).
 *	UPDATE: targetList has one entry per table column (unassigned columns
 *	  are Vars of the old row) plus a resjunk ctid entry last.
 *	DELETE: targetList is just the resjunk ctid entry.
 */
typedef struct Query
{
	NodeTag		type;
	CmdType		commandType;
	List	   *rtable;
	FromExpr   *jointree;
	List	   *targetList;
	int			resultRelation;
	List	   *returningList;
	bool		hasAggs;
	bool		hasSrfs;		/* set-returning functions in targetList */
	List	   *groupClause;	/* SortGroupClause list */
	Expr	   *havingQual;
	List	   *distinctClause; /* SortGroupClause list */
	bool		hasDistinctOn;
	List	   *sortClause;		/* SortGroupClause list */
	Expr	   *limitOffset;
	Expr	   *limitCount;
	Node	   *setOperations;	/* SetOpTree, or NULL */
	List	   *cteList;		/* CteInfo list */
	bool		isValuesOnly;	/* a bare VALUES list (naming: column1...) */
	List	   *rowMarks;		/* IntList: tables locked by FOR UPDATE/SHARE */
	bool		hasWindowFuncs;
	List	   *windowClause;	/* WindowClause list */
	bool		lockNowait;		/* FOR UPDATE NOWAIT */
	int			stmt_location;
} Query;

#endif							/* PRIMNODES_H */
