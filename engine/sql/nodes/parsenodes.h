/*-------------------------------------------------------------------------
 * parsenodes.h
 *	  Raw parse tree nodes: what sql/parser builds from query text, before
 *	  any catalog lookup.
 *
 * Role: the contract between the parser and the analyzer.  Raw trees say
 * only what was written: names are unresolved String lists, types are
 * TypeName nodes, operators are name lists, constants are A_Const nodes
 * holding value nodes.  The analyzer turns them into analyzed trees.
 *
 * Conventions:
 *	- `location` is the byte offset of the construct in the query string
 *	  (-1 when unknown).  The analyzer converts it to the 1-based character
 *	  position that errposition() wants with parser_errposition_of() (see
 *	  sql/parser/parser.h).
 *	- Names are lists of String nodes: a qualified name a.b.c is
 *	  (String a, String b, String c).  Identifiers are already folded to
 *	  lower case (unquoted) and truncated to NAMEDATALEN-1 bytes.
 *	- Built-in SQL syntax with no name of its own maps to function calls or
 *	  operators as PostgreSQL does, e.g. EXTRACT(f FROM x) is
 *	  pg_catalog.extract('f', x), x AT TIME ZONE z is pg_catalog.timezone(z, x),
 *	  x LIKE y ESCAPE e is x ~~ pg_catalog.like_escape(y, e); see the
 *	  parser README for the full list.
 *	- SQL-standard type keywords map to PostgreSQL's internal names, with
 *	  the pg_catalog schema: INT/INTEGER -> pg_catalog.int4, SMALLINT ->
 *	  int2, BIGINT -> int8, REAL -> float4, FLOAT/DOUBLE PRECISION -> float8,
 *	  DECIMAL/DEC/NUMERIC -> numeric, BOOLEAN -> bool, CHAR(n)/CHARACTER(n)
 *	  -> bpchar, VARCHAR/CHARACTER VARYING -> varchar, TIMESTAMP [WITHOUT
 *	  TIME ZONE] -> timestamp, TIMESTAMP WITH TIME ZONE -> timestamptz,
 *	  TIME -> time/timetz, INTERVAL -> interval, BIT -> bit, BIT VARYING ->
 *	  varbit.  Names not written as keywords (int4, text, timestamptz, ...)
 *	  stay unqualified.
 *	- Nodes marked "shared" below (BoolExpr, NullTest, BooleanTest,
 *	  SubLink, CaseExpr, CaseWhen, CoalesceExpr, MinMaxExpr,
 *	  SQLValueFunction, RowExpr, SetToDefault) are used in analyzed trees
 *	  too, as in PostgreSQL: the analyzer replaces their raw arguments with
 *	  analyzed ones and fills the fields marked "analyzer".
 *
 * See also: sql/nodes/nodes.h, sql/parser/parser.h, sql/parser/README.md.
 *-------------------------------------------------------------------------
 */
#ifndef PARSENODES_H
#define PARSENODES_H

#include "sql/nodes/nodes.h"

/* Relation persistence (RangeVar.relpersistence), PostgreSQL's letters. */
#define RELPERSISTENCE_PERMANENT	'p'
#define RELPERSISTENCE_UNLOGGED		'u'
#define RELPERSISTENCE_TEMP			't'

/* ========================================================================
 * Top level
 * ========================================================================
 */

/*
 * One statement of a query string.  stmt_location is the byte offset of the
 * statement's first token, stmt_len the number of bytes up to and including
 * its last token (not the ';').
 */
typedef struct RawStmt
{
	NodeTag		type;
	Node	   *stmt;
	int			stmt_location;
	int			stmt_len;
} RawStmt;

/* ========================================================================
 * Expressions
 * ========================================================================
 */

typedef enum A_Expr_Kind
{
	AEXPR_OP,					/* normal operator: lexpr may be NULL (prefix) */
	AEXPR_OP_ANY,				/* scalar op ANY (array) */
	AEXPR_OP_ALL,				/* scalar op ALL (array) */
	AEXPR_DISTINCT,				/* IS DISTINCT FROM (name "=") */
	AEXPR_NOT_DISTINCT,			/* IS NOT DISTINCT FROM (name "=") */
	AEXPR_NULLIF,				/* NULLIF(a, b) (name "=") */
	AEXPR_IN,					/* [NOT] IN (list): name "=" or "<>", rexpr a List */
	AEXPR_LIKE,					/* [NOT] LIKE: name "~~" or "!~~" */
	AEXPR_ILIKE,				/* [NOT] ILIKE: name "~~*" or "!~~*" */
	AEXPR_SIMILAR,				/* [NOT] SIMILAR TO: name "~" or "!~" */
	AEXPR_BETWEEN,				/* rexpr is a List of 2 bounds */
	AEXPR_NOT_BETWEEN,
	AEXPR_BETWEEN_SYM,
	AEXPR_NOT_BETWEEN_SYM,
} A_Expr_Kind;

/* An operator expression; name is the operator's name list. */
typedef struct A_Expr
{
	NodeTag		type;
	A_Expr_Kind kind;
	List	   *name;			/* String list, e.g. ("+") or ("pg_catalog", "+") */
	Node	   *lexpr;			/* left argument, NULL for a prefix operator */
	Node	   *rexpr;			/* right argument (or List, see kinds) */
	int			location;		/* of the operator */
} A_Expr;

/*
 * A column reference: fields is a list of String, with an A_Star last for
 * "t.*" (a lone "*" in a target list is ColumnRef(A_Star)).
 */
typedef struct ColumnRef
{
	NodeTag		type;
	List	   *fields;
	int			location;
} ColumnRef;

/* $n */
typedef struct ParamRef
{
	NodeTag		type;
	int			number;
	int			location;
} ParamRef;

/*
 * A literal constant.  val is an Integer, Float, String, Boolean or
 * BitString node, or NULL when isnull (the literal NULL).  Untyped string
 * literals are String; TRUE/FALSE are Boolean.
 */
typedef struct A_Const
{
	NodeTag		type;
	Node	   *val;
	bool		isnull;
	int			location;
} A_Const;

/* CAST(arg AS typeName), arg::typeName, and typed literals (type 'text'). */
typedef struct TypeCast
{
	NodeTag		type;
	Node	   *arg;
	struct TypeName *typeName;
	int			location;		/* of the cast (:: or CAST or the type name) */
} TypeCast;

/* arg COLLATE collname */
typedef struct CollateClause
{
	NodeTag		type;
	Node	   *arg;			/* NULL in a column definition */
	List	   *collname;		/* String list */
	int			location;
} CollateClause;

/* How a function-like construct was written (for column names / deparse). */
typedef enum CoercionForm
{
	COERCE_EXPLICIT_CALL,		/* f(args) */
	COERCE_EXPLICIT_CAST,		/* CAST(...) or :: */
	COERCE_IMPLICIT_CAST,		/* inserted by the analyzer */
	COERCE_SQL_SYNTAX,			/* special SQL syntax: EXTRACT, TRIM, ... */
} CoercionForm;

/*
 * A function call, possibly an aggregate or window function.
 * count(*) has agg_star; f(DISTINCT x) agg_distinct; f(x ORDER BY y)
 * agg_order; f(...) WITHIN GROUP (ORDER BY y) agg_order with
 * agg_within_group; FILTER (WHERE c) agg_filter; OVER (...) over.
 */
typedef struct FuncCall
{
	NodeTag		type;
	List	   *funcname;		/* String list */
	List	   *args;
	List	   *agg_order;		/* SortBy list */
	Node	   *agg_filter;
	struct WindowDef *over;
	bool		agg_within_group;
	bool		agg_star;
	bool		agg_distinct;
	bool		func_variadic;	/* last argument was marked VARIADIC */
	CoercionForm funcformat;
	int			location;
} FuncCall;

/* name => arg (or name := arg) in a function's argument list */
typedef struct NamedArgExpr
{
	NodeTag		type;
	Node	   *arg;
	char	   *name;
	int			argnumber;		/* analyzer: -1 until resolved */
	int			location;
} NamedArgExpr;

/* "*" in a ColumnRef, an indirection list, or COPY's FORCE QUOTE * */
typedef struct A_Star
{
	NodeTag		type;
} A_Star;

/* [idx] or [lidx:uidx] (either bound may be NULL in a slice) */
typedef struct A_Indices
{
	NodeTag		type;
	bool		is_slice;
	Node	   *lidx;
	Node	   *uidx;
} A_Indices;

/*
 * Subscripts and field selection applied to an expression that is not a
 * plain column: (expr)[1], (expr).field, $1[2], (expr).*.
 * indirection holds A_Indices, String (field) and A_Star nodes.
 */
typedef struct A_Indirection
{
	NodeTag		type;
	Node	   *arg;
	List	   *indirection;
} A_Indirection;

/* ARRAY[elements] (elements may be nested A_ArrayExprs) */
typedef struct A_ArrayExpr
{
	NodeTag		type;
	List	   *elements;
	int			location;
} A_ArrayExpr;

/* shared: AND / OR / NOT */
typedef enum BoolExprType
{
	AND_EXPR,
	OR_EXPR,
	NOT_EXPR,
} BoolExprType;

typedef struct BoolExpr
{
	NodeTag		type;
	BoolExprType boolop;
	List	   *args;			/* AND/OR flatten chains: a AND b AND c has 3 */
	int			location;
} BoolExpr;

/* shared: x IS [NOT] NULL, x ISNULL, x NOTNULL */
typedef enum NullTestType
{
	IS_NULL,
	IS_NOT_NULL,
} NullTestType;

typedef struct NullTest
{
	NodeTag		type;
	Node	   *arg;
	NullTestType nulltesttype;
	bool		argisrow;		/* analyzer */
	int			location;
} NullTest;

/* shared: x IS [NOT] TRUE / FALSE / UNKNOWN */
typedef enum BoolTestType
{
	IS_TRUE,
	IS_NOT_TRUE,
	IS_FALSE,
	IS_NOT_FALSE,
	IS_UNKNOWN,
	IS_NOT_UNKNOWN,
} BoolTestType;

typedef struct BooleanTest
{
	NodeTag		type;
	Node	   *arg;
	BoolTestType booltesttype;
	int			location;
} BooleanTest;

/*
 * shared: a subquery in an expression.
 *	EXISTS_SUBLINK		EXISTS (subselect)
 *	ALL_SUBLINK			testexpr op ALL (subselect)
 *	ANY_SUBLINK			testexpr op ANY (subselect), testexpr IN (subselect)
 *						(IN has operName NIL)
 *	EXPR_SUBLINK		(subselect) as a scalar
 *	ARRAY_SUBLINK		ARRAY(subselect)
 */
typedef enum SubLinkType
{
	EXISTS_SUBLINK,
	ALL_SUBLINK,
	ANY_SUBLINK,
	ROWCOMPARE_SUBLINK,
	EXPR_SUBLINK,
	MULTIEXPR_SUBLINK,
	ARRAY_SUBLINK,
	CTE_SUBLINK,
} SubLinkType;

typedef struct SubLink
{
	NodeTag		type;
	SubLinkType subLinkType;
	int			subLinkId;		/* analyzer (MULTIEXPR) */
	Node	   *testexpr;
	List	   *operName;		/* String list, NIL for IN / EXISTS / EXPR */
	Node	   *subselect;		/* raw: a SelectStmt */
	int			location;
} SubLink;

/* shared: CASE [arg] WHEN expr THEN result ... [ELSE defresult] END */
typedef struct CaseExpr
{
	NodeTag		type;
	Oid			casetype;		/* analyzer */
	Node	   *arg;			/* simple CASE operand, or NULL */
	List	   *args;			/* CaseWhen list */
	Node	   *defresult;		/* ELSE, or NULL */
	int			location;
} CaseExpr;

typedef struct CaseWhen
{
	NodeTag		type;
	Node	   *expr;
	Node	   *result;
	int			location;
} CaseWhen;

/* shared: COALESCE(args) */
typedef struct CoalesceExpr
{
	NodeTag		type;
	Oid			coalescetype;	/* analyzer */
	List	   *args;
	int			location;
} CoalesceExpr;

/* shared: GREATEST(args) / LEAST(args) */
typedef enum MinMaxOp
{
	IS_GREATEST,
	IS_LEAST,
} MinMaxOp;

typedef struct MinMaxExpr
{
	NodeTag		type;
	Oid			minmaxtype;		/* analyzer */
	MinMaxOp	op;
	List	   *args;
	int			location;
} MinMaxExpr;

/*
 * shared: SQL special functions written without parentheses.  The _N
 * variants carry a precision in typmod (CURRENT_TIMESTAMP(3)); otherwise
 * typmod is -1.
 */
typedef enum SQLValueFunctionOp
{
	SVFOP_CURRENT_DATE,
	SVFOP_CURRENT_TIME,
	SVFOP_CURRENT_TIME_N,
	SVFOP_CURRENT_TIMESTAMP,
	SVFOP_CURRENT_TIMESTAMP_N,
	SVFOP_LOCALTIME,
	SVFOP_LOCALTIME_N,
	SVFOP_LOCALTIMESTAMP,
	SVFOP_LOCALTIMESTAMP_N,
	SVFOP_CURRENT_ROLE,
	SVFOP_CURRENT_USER,
	SVFOP_USER,
	SVFOP_SESSION_USER,
	SVFOP_CURRENT_CATALOG,
	SVFOP_CURRENT_SCHEMA,
} SQLValueFunctionOp;

typedef struct SQLValueFunction
{
	NodeTag		type;
	SQLValueFunctionOp op;
	Oid			svftype;		/* analyzer */
	int			typmod;
	int			location;
} SQLValueFunction;

/* shared: ROW(a, b) (explicit) or (a, b) (implicit) */
typedef struct RowExpr
{
	NodeTag		type;
	List	   *args;
	Oid			row_typeid;		/* analyzer */
	CoercionForm row_format;	/* COERCE_EXPLICIT_CALL for ROW(...),
								 * COERCE_IMPLICIT_CAST for (a, b) */
	List	   *colnames;		/* analyzer */
	int			location;
} RowExpr;

/* shared: DEFAULT in INSERT ... VALUES or UPDATE ... SET */
typedef struct SetToDefault
{
	NodeTag		type;
	int			location;
} SetToDefault;

/* GROUPING(args) */
typedef struct GroupingFunc
{
	NodeTag		type;
	List	   *args;
	int			location;
} GroupingFunc;

/* ========================================================================
 * Clauses and pieces of statements
 * ========================================================================
 */

/*
 * A result column (SELECT list, RETURNING), an assignment target
 * (UPDATE SET name[...] = val), or an INSERT column name.
 *	SELECT: name = alias or NULL, val = expression.
 *	UPDATE: name = column, indirection = subscripts/fields, val = value.
 *	INSERT column list: name, indirection; val NULL.
 */
typedef struct ResTarget
{
	NodeTag		type;
	char	   *name;
	List	   *indirection;
	Node	   *val;
	int			location;
} ResTarget;

/*
 * UPDATE ... SET (a, b) = source: one per target column, all sharing the
 * source expression as written (a RowExpr, a SubLink, or anything else).
 * The analyzer checks it, with PostgreSQL's errors: "source for a
 * multiple-column UPDATE item must be a sub-SELECT or ROW() expression"
 * (0A000) and "number of columns does not match number of values" (42601),
 * both at the source's location.
 */
typedef struct MultiAssignRef
{
	NodeTag		type;
	Node	   *source;			/* RowExpr or SubLink */
	int			colno;			/* 1-based column of source */
	int			ncolumns;
} MultiAssignRef;

typedef enum SortByDir
{
	SORTBY_DEFAULT,
	SORTBY_ASC,
	SORTBY_DESC,
	SORTBY_USING,
} SortByDir;

typedef enum SortByNulls
{
	SORTBY_NULLS_DEFAULT,
	SORTBY_NULLS_FIRST,
	SORTBY_NULLS_LAST,
} SortByNulls;

/* ORDER BY item (node may be an Integer-valued A_Const: an ordinal) */
typedef struct SortBy
{
	NodeTag		type;
	Node	   *node;
	SortByDir	sortby_dir;
	SortByNulls sortby_nulls;
	List	   *useOp;			/* USING operator name, when SORTBY_USING */
	int			location;		/* of USING, or -1 */
} SortBy;

/* Frame options of a window (bit flags). */
#define FRAMEOPTION_NONDEFAULT					0x00001 /* any frame clause */
#define FRAMEOPTION_RANGE						0x00002
#define FRAMEOPTION_ROWS						0x00004
#define FRAMEOPTION_GROUPS						0x00008
#define FRAMEOPTION_BETWEEN						0x00010
#define FRAMEOPTION_START_UNBOUNDED_PRECEDING	0x00020
#define FRAMEOPTION_END_UNBOUNDED_PRECEDING		0x00040
#define FRAMEOPTION_START_UNBOUNDED_FOLLOWING	0x00080
#define FRAMEOPTION_END_UNBOUNDED_FOLLOWING		0x00100
#define FRAMEOPTION_START_CURRENT_ROW			0x00200
#define FRAMEOPTION_END_CURRENT_ROW				0x00400
#define FRAMEOPTION_START_OFFSET_PRECEDING		0x00800
#define FRAMEOPTION_END_OFFSET_PRECEDING		0x01000
#define FRAMEOPTION_START_OFFSET_FOLLOWING		0x02000
#define FRAMEOPTION_END_OFFSET_FOLLOWING		0x04000
#define FRAMEOPTION_EXCLUDE_CURRENT_ROW			0x08000
#define FRAMEOPTION_EXCLUDE_GROUP				0x10000
#define FRAMEOPTION_EXCLUDE_TIES				0x20000
#define FRAMEOPTION_DEFAULTS	(FRAMEOPTION_RANGE | FRAMEOPTION_START_UNBOUNDED_PRECEDING | \
								 FRAMEOPTION_END_CURRENT_ROW)

/* OVER (...) or WINDOW name AS (...) */
typedef struct WindowDef
{
	NodeTag		type;
	char	   *name;			/* WINDOW clause name, or OVER name */
	char	   *refname;		/* referenced window: OVER (w ORDER BY ...) */
	List	   *partitionClause;
	List	   *orderClause;	/* SortBy list */
	int			frameOptions;	/* FRAMEOPTION_* */
	Node	   *startOffset;
	Node	   *endOffset;
	int			location;
} WindowDef;

/* AS aliasname (colnames) */
typedef struct Alias
{
	NodeTag		type;
	char	   *aliasname;
	List	   *colnames;		/* String list */
} Alias;

/* A table name, possibly qualified; also a FROM item. */
typedef struct RangeVar
{
	NodeTag		type;
	char	   *catalogname;	/* database name, or NULL */
	char	   *schemaname;		/* or NULL */
	char	   *relname;
	bool		inh;			/* false for ONLY t */
	char		relpersistence; /* RELPERSISTENCE_* (CREATE TABLE) */
	Alias	   *alias;
	int			location;
} RangeVar;

/* (subquery) [AS] alias in FROM */
typedef struct RangeSubselect
{
	NodeTag		type;
	bool		lateral;
	Node	   *subquery;		/* SelectStmt */
	Alias	   *alias;			/* required by the grammar */
} RangeSubselect;

/*
 * A function in FROM: generate_series(1, 10) AS g(x).  functions is a List
 * of 2-element Lists (FuncCall or other expression, column definition
 * list or NIL), one per function (ROWS FROM can hold several).
 */
typedef struct RangeFunction
{
	NodeTag		type;
	bool		lateral;
	bool		ordinality;		/* WITH ORDINALITY */
	bool		is_rowsfrom;	/* ROWS FROM (...) */
	List	   *functions;
	Alias	   *alias;
	List	   *coldeflist;		/* ColumnDef list: AS g(a int, b text) */
} RangeFunction;

/* relation TABLESAMPLE method (args) [REPEATABLE (seed)] in FROM */
typedef struct RangeTableSample
{
	NodeTag		type;
	Node	   *relation;		/* RangeVar (with its alias) */
	List	   *method;			/* sampling method name (String list) */
	List	   *args;
	Node	   *repeatable;		/* REPEATABLE seed, or NULL */
	int			location;		/* of the method name */
} RangeTableSample;

typedef enum JoinType
{
	JOIN_INNER,
	JOIN_LEFT,
	JOIN_FULL,
	JOIN_RIGHT,
} JoinType;

/*
 * A join in FROM.  CROSS JOIN is JOIN_INNER without quals; comma lists are
 * not JoinExprs (they are separate fromClause items).
 */
typedef struct JoinExpr
{
	NodeTag		type;
	JoinType	jointype;
	bool		isNatural;
	Node	   *larg;
	Node	   *rarg;
	List	   *usingClause;	/* String list of USING columns */
	Alias	   *join_using_alias;	/* USING (...) AS alias */
	Node	   *quals;			/* ON expression */
	Alias	   *alias;			/* (a JOIN b ...) AS alias */
	int			rtindex;		/* analyzer */
} JoinExpr;

/*
 * A type name.  names is the String list (see the header comment for how
 * SQL keyword types map); typmods are the raw modifier expressions
 * (varchar(10) -> (A_Const 10)); typemod is -1 (the analyzer computes it);
 * arrayBounds is an Integer list, one per [] (-1 when no bound given).
 * For INTERVAL with fields, typmods start with an Integer A_Const holding
 * INTERVAL_MASK_* bits (see below), then the optional precision.
 */
typedef struct TypeName
{
	NodeTag		type;
	List	   *names;
	Oid			typeOid;		/* analyzer, or set directly by internal code */
	bool		setof;
	bool		pct_type;		/* name%TYPE (not produced by this grammar) */
	List	   *typmods;
	int			typemod;
	List	   *arrayBounds;
	int			location;
} TypeName;

/* Interval field masks (PostgreSQL's values) for INTERVAL typmods. */
#define INTERVAL_MASK_MONTH		(1 << 1)
#define INTERVAL_MASK_YEAR		(1 << 2)
#define INTERVAL_MASK_DAY		(1 << 3)
#define INTERVAL_MASK_HOUR		(1 << 10)
#define INTERVAL_MASK_MINUTE	(1 << 11)
#define INTERVAL_MASK_SECOND	(1 << 12)
#define INTERVAL_FULL_RANGE		0x7FFF
#define INTERVAL_FULL_PRECISION 0xFFFF

/*
 * A column definition in CREATE TABLE / ALTER TABLE ADD COLUMN, or a
 * column of a function's column definition list.  Column constraints
 * (NOT NULL, DEFAULT, CHECK, ...) are in constraints, in written order.
 */
typedef struct ColumnDef
{
	NodeTag		type;
	char	   *colname;
	TypeName   *typeName;
	bool		is_not_null;	/* analyzer (from constraints) */
	Node	   *raw_default;	/* analyzer (from constraints) */
	CollateClause *collClause;
	List	   *constraints;	/* Constraint list */
	int			location;
} ColumnDef;

/* LIKE source_table [INCLUDING|EXCLUDING option ...] in CREATE TABLE */
#define CREATE_TABLE_LIKE_COMMENTS		(1 << 0)
#define CREATE_TABLE_LIKE_COMPRESSION	(1 << 1)
#define CREATE_TABLE_LIKE_CONSTRAINTS	(1 << 2)
#define CREATE_TABLE_LIKE_DEFAULTS		(1 << 3)
#define CREATE_TABLE_LIKE_GENERATED		(1 << 4)
#define CREATE_TABLE_LIKE_IDENTITY		(1 << 5)
#define CREATE_TABLE_LIKE_INDEXES		(1 << 6)
#define CREATE_TABLE_LIKE_STATISTICS	(1 << 7)
#define CREATE_TABLE_LIKE_STORAGE		(1 << 8)
#define CREATE_TABLE_LIKE_ALL			0x7FFFFFFF

typedef struct TableLikeClause
{
	NodeTag		type;
	RangeVar   *relation;
	int			options;		/* CREATE_TABLE_LIKE_* bits included */
	Oid			relationOid;	/* analyzer */
} TableLikeClause;

typedef enum ConstrType
{
	CONSTR_NULL,				/* NULL (explicitly nullable) */
	CONSTR_NOTNULL,
	CONSTR_DEFAULT,
	CONSTR_IDENTITY,			/* GENERATED ... AS IDENTITY */
	CONSTR_GENERATED,			/* GENERATED ALWAYS AS (expr) STORED */
	CONSTR_CHECK,
	CONSTR_PRIMARY,
	CONSTR_UNIQUE,
	CONSTR_FOREIGN,
} ConstrType;

/* Foreign key actions and match types (PostgreSQL's letters). */
#define FKCONSTR_ACTION_NOACTION	'a'
#define FKCONSTR_ACTION_RESTRICT	'r'
#define FKCONSTR_ACTION_CASCADE		'c'
#define FKCONSTR_ACTION_SETNULL		'n'
#define FKCONSTR_ACTION_SETDEFAULT	'd'
#define FKCONSTR_MATCH_FULL			'f'
#define FKCONSTR_MATCH_PARTIAL		'p'
#define FKCONSTR_MATCH_SIMPLE		's'

/* Identity generation (Constraint.generated_when). */
#define ATTRIBUTE_IDENTITY_ALWAYS	'a'
#define ATTRIBUTE_IDENTITY_BY_DEFAULT 'd'

/*
 * A column or table constraint.  Column constraints leave keys NIL (the
 * column is implied); table constraints list their columns in keys.
 * DEFERRABLE / INITIALLY DEFERRED attributes are folded into the
 * constraint they follow.
 */
typedef struct Constraint
{
	NodeTag		type;
	ConstrType	contype;
	char	   *conname;		/* CONSTRAINT name, or NULL */
	bool		deferrable;
	bool		initdeferred;
	bool		is_no_inherit;	/* CHECK ... NO INHERIT */
	Node	   *raw_expr;		/* CHECK / DEFAULT / GENERATED expression */
	char		generated_when; /* IDENTITY: ATTRIBUTE_IDENTITY_*; GENERATED: 'a' */
	bool		nulls_not_distinct; /* UNIQUE NULLS NOT DISTINCT */
	List	   *keys;			/* String list: PRIMARY KEY / UNIQUE columns */
	List	   *including;		/* INCLUDE (...) columns */
	List	   *options;		/* WITH (...) index options, or identity sequence options */
	char	   *indexname;		/* USING INDEX name */
	char	   *indexspace;		/* USING INDEX TABLESPACE name */
	RangeVar   *pktable;		/* FOREIGN KEY / REFERENCES table */
	List	   *fk_attrs;		/* FOREIGN KEY (cols) */
	List	   *pk_attrs;		/* REFERENCES t (cols), NIL = primary key */
	char		fk_matchtype;	/* FKCONSTR_MATCH_* */
	char		fk_upd_action;	/* FKCONSTR_ACTION_* */
	char		fk_del_action;
	List	   *fk_del_set_cols;	/* ON DELETE SET NULL (cols) */
	bool		skip_validation;	/* NOT VALID */
	int			location;
} Constraint;

/* CREATE INDEX column: a column name or an expression */
typedef struct IndexElem
{
	NodeTag		type;
	char	   *name;			/* column name, or NULL */
	Node	   *expr;			/* expression, or NULL */
	char	   *indexcolname;	/* analyzer */
	List	   *collation;		/* COLLATE name */
	List	   *opclass;		/* operator class name */
	List	   *opclassopts;
	SortByDir	ordering;
	SortByNulls nulls_ordering;
} IndexElem;

typedef enum DefElemAction
{
	DEFELEM_UNSPEC,
	DEFELEM_SET,
	DEFELEM_ADD,
	DEFELEM_DROP,
} DefElemAction;

/*
 * A generic "name [value]" option: WITH (fillfactor=100), COPY options,
 * EXPLAIN/VACUUM options, role options, transaction modes.  arg is a
 * String, Integer, Float, Boolean, TypeName, A_Star, a List, or NULL when
 * no value was given.
 */
typedef struct DefElem
{
	NodeTag		type;
	char	   *defnamespace;	/* toast.x = ... -> "toast", else NULL */
	char	   *defname;
	Node	   *arg;
	DefElemAction defaction;
	int			location;
} DefElem;

typedef enum LockClauseStrength
{
	LCS_NONE,
	LCS_FORKEYSHARE,
	LCS_FORSHARE,
	LCS_FORNOKEYUPDATE,
	LCS_FORUPDATE,
} LockClauseStrength;

typedef enum LockWaitPolicy
{
	LockWaitBlock,
	LockWaitSkip,
	LockWaitError,
} LockWaitPolicy;

/* FOR UPDATE [OF rels] [NOWAIT | SKIP LOCKED] */
typedef struct LockingClause
{
	NodeTag		type;
	List	   *lockedRels;		/* RangeVar list */
	LockClauseStrength strength;
	LockWaitPolicy waitPolicy;
} LockingClause;

typedef struct WithClause
{
	NodeTag		type;
	List	   *ctes;			/* CommonTableExpr list */
	bool		recursive;
	int			location;
} WithClause;

typedef enum CTEMaterialize
{
	CTEMaterializeDefault,
	CTEMaterializeAlways,
	CTEMaterializeNever,
} CTEMaterialize;

typedef struct CommonTableExpr
{
	NodeTag		type;
	char	   *ctename;
	List	   *aliascolnames;	/* String list */
	CTEMaterialize ctematerialized;
	Node	   *ctequery;		/* SelectStmt, InsertStmt, UpdateStmt, DeleteStmt */
	int			location;
} CommonTableExpr;

typedef enum OnConflictAction
{
	ONCONFLICT_NONE,
	ONCONFLICT_NOTHING,
	ONCONFLICT_UPDATE,
} OnConflictAction;

/* ON CONFLICT (cols) / ON CONFLICT ON CONSTRAINT name */
typedef struct InferClause
{
	NodeTag		type;
	List	   *indexElems;		/* IndexElem list */
	Node	   *whereClause;
	char	   *conname;
	int			location;
} InferClause;

typedef struct OnConflictClause
{
	NodeTag		type;
	OnConflictAction action;
	InferClause *infer;
	List	   *targetList;		/* DO UPDATE SET: ResTarget list */
	Node	   *whereClause;
	int			location;
} OnConflictClause;

typedef enum OnCommitAction
{
	ONCOMMIT_NOOP,
	ONCOMMIT_PRESERVE_ROWS,
	ONCOMMIT_DELETE_ROWS,
	ONCOMMIT_DROP,
} OnCommitAction;

/* Target of SELECT INTO / CREATE TABLE AS */
typedef struct IntoClause
{
	NodeTag		type;
	RangeVar   *rel;
	List	   *colNames;
	char	   *accessMethod;
	List	   *options;		/* DefElem list */
	OnCommitAction onCommit;
	char	   *tableSpaceName;
	bool		skipData;		/* WITH NO DATA */
} IntoClause;

typedef enum GroupingSetKind
{
	GROUPING_SET_EMPTY,			/* () */
	GROUPING_SET_SIMPLE,		/* (a, b) inside GROUPING SETS */
	GROUPING_SET_ROLLUP,
	GROUPING_SET_CUBE,
	GROUPING_SET_SETS,
} GroupingSetKind;

typedef struct GroupingSet
{
	NodeTag		type;
	GroupingSetKind kind;
	List	   *content;
	int			location;
} GroupingSet;

typedef enum RoleSpecType
{
	ROLESPEC_CSTRING,			/* a role name */
	ROLESPEC_CURRENT_ROLE,
	ROLESPEC_CURRENT_USER,
	ROLESPEC_SESSION_USER,
	ROLESPEC_PUBLIC,
} RoleSpecType;

typedef struct RoleSpec
{
	NodeTag		type;
	RoleSpecType roletype;
	char	   *rolename;		/* ROLESPEC_CSTRING only */
	int			location;
} RoleSpec;

/* ========================================================================
 * Statements: queries
 * ========================================================================
 */

typedef enum SetOperation
{
	SETOP_NONE,
	SETOP_UNION,
	SETOP_INTERSECT,
	SETOP_EXCEPT,
} SetOperation;

typedef enum LimitOption
{
	LIMIT_OPTION_DEFAULT,		/* no limit, or LIMIT n / FETCH FIRST n ROWS ONLY */
	LIMIT_OPTION_COUNT,
	LIMIT_OPTION_WITH_TIES,		/* FETCH FIRST n ROWS WITH TIES */
} LimitOption;

/*
 * SELECT, VALUES, TABLE t, and set operations.
 *
 * A leaf (op == SETOP_NONE) is either a SELECT (targetList ...) or a
 * VALUES list (valuesLists: List of Lists of expressions, nothing else
 * set).  A set operation has op, all, larg and rarg; its own sortClause,
 * limit, locking and WITH apply to the whole result.  ORDER BY / LIMIT /
 * FOR UPDATE / WITH written after a simple SELECT are attached to it.
 *
 * DISTINCT: distinct is true for DISTINCT and DISTINCT ON; distinctOn
 * holds the ON expressions.  LIMIT ALL is limitCount = A_Const NULL.
 * TABLE t is SELECT * FROM t.
 */
typedef struct SelectStmt
{
	NodeTag		type;
	bool		distinct;
	List	   *distinctOn;
	IntoClause *intoClause;		/* SELECT ... INTO t */
	List	   *targetList;		/* ResTarget list */
	List	   *fromClause;		/* RangeVar/RangeSubselect/RangeFunction/JoinExpr */
	Node	   *whereClause;
	List	   *groupClause;	/* expressions and GroupingSets */
	bool		groupDistinct;	/* GROUP BY DISTINCT */
	Node	   *havingClause;
	List	   *windowClause;	/* WindowDef list */
	List	   *valuesLists;	/* VALUES rows */
	List	   *sortClause;		/* SortBy list */
	Node	   *limitOffset;
	Node	   *limitCount;
	LimitOption limitOption;
	List	   *lockingClause;	/* LockingClause list */
	WithClause *withClause;
	SetOperation op;
	bool		all;			/* UNION ALL etc. */
	struct SelectStmt *larg;
	struct SelectStmt *rarg;
} SelectStmt;

typedef enum OverridingKind
{
	OVERRIDING_NOT_SET,
	OVERRIDING_USER_VALUE,
	OVERRIDING_SYSTEM_VALUE,
} OverridingKind;

/*
 * INSERT INTO relation [(cols)] source.  selectStmt is a SelectStmt (a
 * VALUES leaf or any query), or NULL for DEFAULT VALUES.  DEFAULT inside
 * VALUES is a SetToDefault node.
 */
typedef struct InsertStmt
{
	NodeTag		type;
	RangeVar   *relation;		/* alias in relation->alias */
	List	   *cols;			/* ResTarget list (name, indirection) */
	Node	   *selectStmt;
	OnConflictClause *onConflictClause;
	List	   *returningList;	/* ResTarget list */
	WithClause *withClause;
	OverridingKind override;
} InsertStmt;

/* UPDATE relation [AS a] SET ... [FROM ...] [WHERE ...] [RETURNING ...] */
typedef struct UpdateStmt
{
	NodeTag		type;
	RangeVar   *relation;
	List	   *targetList;		/* ResTarget list: name, indirection, val */
	Node	   *whereClause;
	List	   *fromClause;
	List	   *returningList;
	WithClause *withClause;
} UpdateStmt;

/* DELETE FROM relation [AS a] [USING ...] [WHERE ...] [RETURNING ...] */
typedef struct DeleteStmt
{
	NodeTag		type;
	RangeVar   *relation;
	List	   *usingClause;
	Node	   *whereClause;
	List	   *returningList;
	WithClause *withClause;
} DeleteStmt;

/* ========================================================================
 * Statements: DDL
 * ========================================================================
 */

typedef enum ObjectType
{
	OBJECT_TABLE,
	OBJECT_INDEX,
	OBJECT_SEQUENCE,
	OBJECT_VIEW,
	OBJECT_MATVIEW,
	OBJECT_SCHEMA,
	OBJECT_TYPE,
	OBJECT_DATABASE,
	OBJECT_ROLE,
	OBJECT_COLUMN,
	OBJECT_TABCONSTRAINT,
} ObjectType;

typedef enum DropBehavior
{
	DROP_RESTRICT,				/* the default */
	DROP_CASCADE,
} DropBehavior;

/*
 * CREATE [TEMP|UNLOGGED] TABLE [IF NOT EXISTS] relation (tableElts) ...
 * Temp/unlogged is in relation->relpersistence.  tableElts holds
 * ColumnDef, table-level Constraint and TableLikeClause nodes in written
 * order.
 */
typedef struct CreateStmt
{
	NodeTag		type;
	RangeVar   *relation;
	List	   *tableElts;
	List	   *options;		/* WITH (...) DefElem list */
	OnCommitAction oncommit;
	char	   *tablespacename;
	char	   *accessMethod;	/* USING method */
	bool		if_not_exists;
} CreateStmt;

/* CREATE TABLE ... AS query / SELECT ... INTO (is_select_into) */
typedef struct CreateTableAsStmt
{
	NodeTag		type;
	Node	   *query;			/* SelectStmt (or ExecuteStmt) */
	IntoClause *into;
	ObjectType	objtype;		/* OBJECT_TABLE */
	bool		is_select_into;
	bool		if_not_exists;
} CreateTableAsStmt;

typedef struct IndexStmt
{
	NodeTag		type;
	char	   *idxname;		/* NULL: choose a name */
	RangeVar   *relation;
	char	   *accessMethod;	/* "btree" unless USING says otherwise */
	char	   *tableSpace;
	List	   *indexParams;	/* IndexElem list */
	List	   *indexIncludingParams;	/* IndexElem list (INCLUDE) */
	List	   *options;		/* WITH (...) */
	Node	   *whereClause;	/* partial index predicate */
	bool		unique;
	bool		nulls_not_distinct;
	bool		concurrent;
	bool		if_not_exists;
} IndexStmt;

/*
 * DROP TABLE|INDEX|VIEW|SEQUENCE|SCHEMA ...: objects is a List of name
 * Lists (String lists), one per object.
 */
typedef struct DropStmt
{
	NodeTag		type;
	List	   *objects;
	ObjectType	removeType;
	DropBehavior behavior;
	bool		missing_ok;		/* IF EXISTS */
	bool		concurrent;		/* DROP INDEX CONCURRENTLY */
} DropStmt;

/* TRUNCATE [TABLE] relations [RESTART IDENTITY] [CASCADE] */
typedef struct TruncateStmt
{
	NodeTag		type;
	List	   *relations;		/* RangeVar list */
	bool		restart_seqs;
	DropBehavior behavior;
} TruncateStmt;

/* ALTER TABLE [IF EXISTS] relation cmd, cmd, ... */
typedef struct AlterTableStmt
{
	NodeTag		type;
	RangeVar   *relation;
	List	   *cmds;			/* AlterTableCmd list */
	ObjectType	objtype;		/* OBJECT_TABLE or OBJECT_INDEX */
	bool		missing_ok;
} AlterTableStmt;

typedef enum AlterTableType
{
	AT_AddColumn,				/* ADD [COLUMN] def: ColumnDef */
	AT_ColumnDefault,			/* ALTER COLUMN name SET DEFAULT def / DROP DEFAULT (def NULL) */
	AT_DropNotNull,				/* ALTER COLUMN name DROP NOT NULL */
	AT_SetNotNull,				/* ALTER COLUMN name SET NOT NULL */
	AT_AlterColumnType,			/* ALTER COLUMN name TYPE def: ColumnDef (typeName, raw_default = USING) */
	AT_DropColumn,				/* DROP [COLUMN] name */
	AT_AddConstraint,			/* ADD def: Constraint */
	AT_DropConstraint,			/* DROP CONSTRAINT name */
	AT_SetRelOptions,			/* SET (def: DefElem list) */
	AT_ResetRelOptions,			/* RESET (def) */
	AT_ChangeOwner,				/* OWNER TO def: RoleSpec */
	AT_SetLogged,
	AT_SetUnLogged,
} AlterTableType;

typedef struct AlterTableCmd
{
	NodeTag		type;
	AlterTableType subtype;
	char	   *name;			/* column or constraint name */
	Node	   *def;
	DropBehavior behavior;
	bool		missing_ok;		/* IF [NOT] EXISTS */
} AlterTableCmd;

/*
 * ALTER TABLE|INDEX|VIEW|SEQUENCE ... RENAME [COLUMN|CONSTRAINT] a TO b,
 * RENAME TO b; ALTER ROLE a RENAME TO b; ALTER SCHEMA a RENAME TO b.
 * renameType says what is renamed (OBJECT_TABLE for the relation itself,
 * OBJECT_COLUMN, OBJECT_TABCONSTRAINT, OBJECT_ROLE, ...); relationType
 * the kind of relation named in relation.
 */
typedef struct RenameStmt
{
	NodeTag		type;
	ObjectType	renameType;
	ObjectType	relationType;
	RangeVar   *relation;
	char	   *subname;		/* old column/constraint/role/schema name */
	char	   *newname;
	DropBehavior behavior;
	bool		missing_ok;
} RenameStmt;

/* CREATE SCHEMA [IF NOT EXISTS] name [AUTHORIZATION role] */
typedef struct CreateSchemaStmt
{
	NodeTag		type;
	char	   *schemaname;
	RoleSpec   *authrole;
	bool		if_not_exists;
} CreateSchemaStmt;

/* CREATE [OR REPLACE] [TEMP] VIEW name [(cols)] AS query */
typedef struct ViewStmt
{
	NodeTag		type;
	RangeVar   *view;
	List	   *aliases;		/* String list */
	Node	   *query;			/* SelectStmt */
	bool		replace;
	List	   *options;
} ViewStmt;

/* CREATE [TEMP] SEQUENCE [IF NOT EXISTS] name [options] */
typedef struct CreateSeqStmt
{
	NodeTag		type;
	RangeVar   *sequence;
	List	   *options;		/* DefElem list: increment, minvalue, ... */
	bool		if_not_exists;
} CreateSeqStmt;

/* ========================================================================
 * Statements: transactions, settings, maintenance, cursors, ...
 * ========================================================================
 */

typedef enum TransactionStmtKind
{
	TRANS_STMT_BEGIN,			/* BEGIN */
	TRANS_STMT_START,			/* START TRANSACTION */
	TRANS_STMT_COMMIT,			/* COMMIT, END */
	TRANS_STMT_ROLLBACK,		/* ROLLBACK, ABORT */
	TRANS_STMT_SAVEPOINT,
	TRANS_STMT_RELEASE,
	TRANS_STMT_ROLLBACK_TO,
	TRANS_STMT_PREPARE,			/* PREPARE TRANSACTION 'gid' */
	TRANS_STMT_COMMIT_PREPARED,
	TRANS_STMT_ROLLBACK_PREPARED,
} TransactionStmtKind;

/*
 * Transaction control.  options (BEGIN/START and SET TRANSACTION) are
 * DefElems named "transaction_isolation" (String "serializable",
 * "repeatable read", "read committed", "read uncommitted"),
 * "transaction_read_only" (Boolean) and "transaction_deferrable" (Boolean),
 * in written order; args are value nodes, not A_Consts.
 */
typedef struct TransactionStmt
{
	NodeTag		type;
	TransactionStmtKind kind;
	List	   *options;
	char	   *savepoint_name;
	char	   *gid;
	bool		chain;			/* AND CHAIN */
	int			location;
} TransactionStmt;

typedef enum VariableSetKind
{
	VAR_SET_VALUE,				/* SET name TO values */
	VAR_SET_DEFAULT,			/* SET name TO DEFAULT */
	VAR_SET_CURRENT,			/* SET name FROM CURRENT */
	VAR_SET_MULTI,				/* SET TRANSACTION ... and similar: args are DefElems */
	VAR_RESET,					/* RESET name */
	VAR_RESET_ALL,				/* RESET ALL */
} VariableSetKind;

/*
 * SET / RESET.  name is lower case (dotted custom names keep the dots);
 * special forms use PostgreSQL's names: SET TIME ZONE -> "timezone",
 * SET NAMES -> "client_encoding", SET SCHEMA -> "search_path", SET ROLE
 * -> "role", SET SESSION AUTHORIZATION -> "session_authorization",
 * SET TRANSACTION -> VAR_SET_MULTI "TRANSACTION", SET SESSION
 * CHARACTERISTICS AS TRANSACTION -> VAR_SET_MULTI "SESSION
 * CHARACTERISTICS" (args: transaction DefElems as in TransactionStmt).
 * args are A_Const nodes (String, Integer, Float) for VAR_SET_VALUE;
 * SET TIME ZONE INTERVAL '...' gives a TypeCast.
 */
typedef struct VariableSetStmt
{
	NodeTag		type;
	VariableSetKind kind;
	char	   *name;
	List	   *args;
	bool		is_local;		/* SET LOCAL */
} VariableSetStmt;

/*
 * SHOW name.  Special forms: SHOW ALL -> "all", SHOW TIME ZONE ->
 * "timezone", SHOW TRANSACTION ISOLATION LEVEL -> "transaction_isolation",
 * SHOW SESSION AUTHORIZATION -> "session_authorization".
 */
typedef struct VariableShowStmt
{
	NodeTag		type;
	char	   *name;
} VariableShowStmt;

/* ALTER SYSTEM SET/RESET: a VariableSetStmt (VAR_SET_VALUE, _DEFAULT, VAR_RESET, VAR_RESET_ALL) */
typedef struct AlterSystemStmt
{
	NodeTag		type;
	VariableSetStmt *setstmt;
} AlterSystemStmt;

/*
 * VACUUM / ANALYZE.  options are DefElems: old-style keywords become
 * "full", "freeze", "verbose", "analyze" with arg NULL; the parenthesized
 * form keeps the written names and values.
 */
typedef struct VacuumStmt
{
	NodeTag		type;
	List	   *options;
	List	   *rels;			/* VacuumRelation list, NIL = all tables */
	bool		is_vacuumcmd;	/* VACUUM (true) or ANALYZE (false) */
} VacuumStmt;

typedef struct VacuumRelation
{
	NodeTag		type;
	RangeVar   *relation;
	Oid			oid;			/* analyzer */
	List	   *va_cols;		/* String list of columns */
} VacuumRelation;

typedef struct CheckPointStmt
{
	NodeTag		type;
} CheckPointStmt;

typedef enum DiscardMode
{
	DISCARD_ALL,
	DISCARD_PLANS,
	DISCARD_SEQUENCES,
	DISCARD_TEMP,
} DiscardMode;

typedef struct DiscardStmt
{
	NodeTag		type;
	DiscardMode target;
} DiscardStmt;

/*
 * COPY relation [(attlist)] FROM/TO file|STDIN|STDOUT [options], or
 * COPY (query) TO ...  filename NULL means STDIN/STDOUT.  options are
 * DefElems with PostgreSQL's option names: "format" (String "csv",
 * "text", "binary"), "header" (Boolean, or String for MATCH), "freeze",
 * "delimiter", "null", "quote", "escape", "force_quote" (List of String
 * or A_Star), "force_not_null", "force_null", "encoding"; the
 * parenthesized form keeps written names and values (arg NULL when
 * none was given).
 */
typedef struct CopyStmt
{
	NodeTag		type;
	RangeVar   *relation;
	Node	   *query;
	List	   *attlist;		/* String list */
	bool		is_from;
	bool		is_program;
	char	   *filename;
	List	   *options;
	Node	   *whereClause;
} CopyStmt;

/* DeclareCursorStmt.options bits */
#define CURSOR_OPT_BINARY		0x0001
#define CURSOR_OPT_SCROLL		0x0002
#define CURSOR_OPT_NO_SCROLL	0x0004
#define CURSOR_OPT_INSENSITIVE	0x0008
#define CURSOR_OPT_ASENSITIVE	0x0010
#define CURSOR_OPT_HOLD			0x0020

typedef struct DeclareCursorStmt
{
	NodeTag		type;
	char	   *portalname;
	int			options;		/* CURSOR_OPT_* */
	Node	   *query;			/* SelectStmt */
} DeclareCursorStmt;

typedef enum FetchDirection
{
	FETCH_FORWARD,
	FETCH_BACKWARD,
	FETCH_ABSOLUTE,
	FETCH_RELATIVE,
} FetchDirection;

#define FETCH_ALL	INT64_MAX

/*
 * FETCH / MOVE.  NEXT is FORWARD 1, PRIOR BACKWARD 1, FIRST ABSOLUTE 1,
 * LAST ABSOLUTE -1, ALL FETCH_ALL; a bare count n is FORWARD n (n may be
 * negative, meaning backward).
 */
typedef struct FetchStmt
{
	NodeTag		type;
	FetchDirection direction;
	int64_t		howMany;
	char	   *portalname;
	bool		ismove;
} FetchStmt;

/* CLOSE name; CLOSE ALL has portalname NULL */
typedef struct ClosePortalStmt
{
	NodeTag		type;
	char	   *portalname;
} ClosePortalStmt;

/* PREPARE name [(types)] AS query */
typedef struct PrepareStmt
{
	NodeTag		type;
	char	   *name;
	List	   *argtypes;		/* TypeName list */
	Node	   *query;			/* Select/Insert/Update/Delete */
} PrepareStmt;

/* EXECUTE name [(params)] */
typedef struct ExecuteStmt
{
	NodeTag		type;
	char	   *name;
	List	   *params;
} ExecuteStmt;

/* DEALLOCATE [PREPARE] name; DEALLOCATE ALL has name NULL */
typedef struct DeallocateStmt
{
	NodeTag		type;
	char	   *name;
} DeallocateStmt;

/*
 * EXPLAIN [ANALYZE] [VERBOSE] query / EXPLAIN (options) query: options
 * are DefElems ("analyze", "verbose", ... with arg NULL or the value).
 */
typedef struct ExplainStmt
{
	NodeTag		type;
	Node	   *query;
	List	   *options;
} ExplainStmt;

/* LOCK [TABLE] rels [IN mode MODE] [NOWAIT]; mode is 1..8 as PostgreSQL's lock modes */
#define LOCKMODE_ACCESS_SHARE			1
#define LOCKMODE_ROW_SHARE				2
#define LOCKMODE_ROW_EXCLUSIVE			3
#define LOCKMODE_SHARE_UPDATE_EXCLUSIVE 4
#define LOCKMODE_SHARE					5
#define LOCKMODE_SHARE_ROW_EXCLUSIVE	6
#define LOCKMODE_EXCLUSIVE				7
#define LOCKMODE_ACCESS_EXCLUSIVE		8

typedef struct LockStmt
{
	NodeTag		type;
	List	   *relations;		/* RangeVar list */
	int			mode;			/* LOCKMODE_* (ACCESS EXCLUSIVE by default) */
	bool		nowait;
} LockStmt;

typedef enum RoleStmtType
{
	ROLESTMT_ROLE,
	ROLESTMT_USER,
	ROLESTMT_GROUP,
} RoleStmtType;

/*
 * CREATE ROLE|USER|GROUP name [[WITH] options].  Options are DefElems
 * with PostgreSQL's internal names: "superuser", "createdb", "createrole",
 * "inherit", "canlogin", "isreplication", "bypassrls" (Boolean),
 * "password" (String, or NULL arg for PASSWORD NULL), "connectionlimit"
 * (Integer), "validUntil" (String), "sysid" (Integer), "rolemembers",
 * "adminmembers", "addroleto" (RoleSpec lists).
 */
typedef struct CreateRoleStmt
{
	NodeTag		type;
	RoleStmtType stmt_type;
	char	   *role;
	List	   *options;
} CreateRoleStmt;

typedef struct AlterRoleStmt
{
	NodeTag		type;
	RoleSpec   *role;
	List	   *options;
	int			action;			/* +1 add members, -1 drop members */
} AlterRoleStmt;

/* ALTER ROLE name [IN DATABASE db] SET/RESET ... */
typedef struct AlterRoleSetStmt
{
	NodeTag		type;
	RoleSpec   *role;			/* NULL for ALTER ROLE ALL */
	char	   *database;
	VariableSetStmt *setstmt;
} AlterRoleSetStmt;

typedef struct DropRoleStmt
{
	NodeTag		type;
	List	   *roles;			/* RoleSpec list */
	bool		missing_ok;
} DropRoleStmt;

/* CREATE DATABASE name [[WITH] options] */
typedef struct CreatedbStmt
{
	NodeTag		type;
	char	   *dbname;
	List	   *options;
} CreatedbStmt;

/* DROP DATABASE [IF EXISTS] name [[WITH] (FORCE)] */
typedef struct DropdbStmt
{
	NodeTag		type;
	char	   *dbname;
	bool		missing_ok;
	List	   *options;
} DropdbStmt;

/* ========================================================================
 * Constructors (makefuncs.c).  All allocate in CurrentMemoryContext and
 * take ownership of the pointers they are given.
 * ========================================================================
 */
A_Const    *makeA_Const(Node *val, int location);
A_Const    *makeNullA_Const(int location);
A_Expr	   *makeA_Expr(A_Expr_Kind kind, List *name, Node *lexpr, Node *rexpr, int location);
/* A_Expr with a one-element operator name. */
A_Expr	   *makeSimpleA_Expr(A_Expr_Kind kind, char *name, Node *lexpr, Node *rexpr,
							 int location);
BoolExpr   *makeBoolExpr(BoolExprType boolop, List *args, int location);
ColumnRef  *makeColumnRef(List *fields, int location);
RangeVar   *makeRangeVar(char *schemaname, char *relname, int location);
Alias	   *makeAlias(char *aliasname, List *colnames);
TypeName   *makeTypeNameFromNameList(List *names);
/* pg_catalog.<name> */
TypeName   *makeSystemTypeName(char *name);
FuncCall   *makeFuncCall(List *funcname, List *args, CoercionForm funcformat, int location);
DefElem    *makeDefElem(char *name, Node *arg, int location);
TypeCast   *makeTypeCast(Node *arg, TypeName *typeName, int location);

#endif							/* PARSENODES_H */
