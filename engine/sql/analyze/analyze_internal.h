/*-------------------------------------------------------------------------
 * analyze_internal.h
 *	  Shared state and functions of the analyzer's files.
 *
 *	analyze.c         statements: SELECT, VALUES, set operations, WITH,
 *	                  INSERT, UPDATE, DELETE
 *	parse_clause.c    FROM (tables, joins, subqueries, functions), WHERE,
 *	                  ORDER BY, GROUP BY, DISTINCT, LIMIT
 *	parse_relation.c  the range table and name lookup (columns, tables)
 *	parse_target.c    target lists, `*` expansion, result column names
 *	parse_expr.c      expressions
 *	parse_func.c      function, operator and aggregate calls
 *	parse_coerce.c    type coercion, common types, parameter inference
 *	parse_agg.c       grouping checks
 *
 * ParseState is one per query level; a subquery's ParseState points to
 * its parent so correlated column references can be resolved (levelsup).
 * All levels share one ParamTypes.
 *-------------------------------------------------------------------------
 */
#ifndef ANALYZE_INTERNAL_H
#define ANALYZE_INTERNAL_H

#include "sql/analyze/analyze.h"
#include "sql/analyze/nodefuncs.h"

/* Where an expression appears (decides what is allowed and error texts). */
typedef enum ExprKind
{
	EXPR_KIND_NONE,
	EXPR_KIND_SELECT_TARGET,
	EXPR_KIND_WHERE,
	EXPR_KIND_JOIN_ON,
	EXPR_KIND_HAVING,
	EXPR_KIND_GROUP_BY,
	EXPR_KIND_ORDER_BY,
	EXPR_KIND_DISTINCT_ON,
	EXPR_KIND_LIMIT,
	EXPR_KIND_OFFSET,
	EXPR_KIND_VALUES,
	EXPR_KIND_INSERT_TARGET,
	EXPR_KIND_UPDATE_SOURCE,
	EXPR_KIND_RETURNING,
	EXPR_KIND_FROM_FUNCTION,
	EXPR_KIND_COLUMN_DEFAULT,
	EXPR_KIND_FILTER,
	EXPR_KIND_AGG_ARG,
	EXPR_KIND_WINDOW_ARG,
	EXPR_KIND_WINDOW_FRAME,
} ExprKind;

/* A FROM item visible for name lookup. */
typedef struct NsItem
{
	RangeTblEntry *rte;
	int			rtindex;
	bool		rel_visible;	/* may be named as a qualifier */
	bool		cols_visible;	/* unqualified column names resolve here */
} NsItem;

typedef struct ParseState
{
	struct ParseState *parent;
	const char *query_text;
	List	   *rtable;
	List	   *namespace;		/* NsItem list */
	List	   *hidden_namespace;	/* items hidden while a FROM subquery is
									 * analyzed (for PostgreSQL's hints) */
	List	   *ctes;			/* CteInfo visible at this level */
	ParamTypes *params;
	ExprKind	expr_kind;
	bool		hasAggs;
	bool		hasSrfs;
	bool		in_agg_args;
	bool		is_setop_leaf;	/* keep unknown-typed outputs for the set op */
	List	   *windefs;		/* raw WindowDefs of window calls (winref = index + 1) */
	int			resultRelation;
	/* UPDATE/INSERT target, for error messages */
	const char *target_relname;
} ParseState;

/* analyze.c */
ParseState *make_parsestate(ParseState *parent, const char *query_text, ParamTypes *params);
Query	   *transform_stmt(ParseState *pstate, Node *stmt);
Query	   *transform_select_stmt(ParseState *pstate, SelectStmt *stmt);
void		transform_with_clause(ParseState *pstate, WithClause *with, Query *query);

/* analyze_modify.c */
Query	   *transform_insert_stmt(ParseState *pstate, InsertStmt *stmt);
Query	   *transform_update_stmt(ParseState *pstate, UpdateStmt *stmt);
Query	   *transform_delete_stmt(ParseState *pstate, DeleteStmt *stmt);

/* errors */
int			parser_errposition(ParseState *pstate, int location);

/* parse_relation.c */
RangeTblEntry *add_rte(ParseState *pstate, RangeTblEntry *rte, int *rtindex);
RangeTblEntry *add_rte_for_relation(ParseState *pstate, RangeVar *rv, bool add_ns, int *rtindex);
void		add_namespace_item(ParseState *pstate, RangeTblEntry *rte, int rtindex,
							   bool rel_visible, bool cols_visible);
Node	   *column_ref_to_expr(ParseState *pstate, ColumnRef *cref);
List	   *expand_ns_item_star(ParseState *pstate, NsItem *ns, int levelsup, int location,
								List **colnames, List **origtbls, List **origcols);
Var		   *make_var_for_rte(ParseState *pstate, RangeTblEntry *rte, int rtindex, int attno,
							 int levelsup, int location);
Node	   *rte_column_expr(ParseState *pstate, RangeTblEntry *rte, int rtindex, int attno,
							int levelsup, int location);
NsItem	   *find_ns_item_by_name(ParseState *pstate, const char *schema, const char *name,
								 int location, int *levelsup);
CteInfo    *find_cte(ParseState *pstate, const char *name, int *levelsup);
pg_noreturn void error_missing_rte(ParseState *pstate, const char *relname, int location);
RangeTblEntry *rt_fetch(List *rtable, int rtindex);
/* Source (table OID, column) of a Var's column, for RowDescription. */
void		var_origin(ParseState *pstate, Var *var, Oid *tbl, int *col);

/* parse_clause.c */
void		transform_from_clause(ParseState *pstate, List *from);
/* As above, returning the jointree items (RangeTblRef / JoinTreeExpr). */
List	   *transform_from_clause_list(ParseState *pstate, List *from);
Expr	   *transform_where_clause(ParseState *pstate, Node *clause, ExprKind kind,
								   const char *constructName);
List	   *transform_sort_clause(ParseState *pstate, List *sortlist, List **targetlist,
								  ExprKind kind);
List	   *transform_group_clause(ParseState *pstate, List *grouplist, List **targetlist,
								   List *sortClause);
List	   *transform_distinct_clause(ParseState *pstate, List **targetlist, List *sortClause);
List	   *transform_distinct_on_clause(ParseState *pstate, List *distinctlist,
										 List **targetlist, List *sortClause);
Expr	   *transform_limit_clause(ParseState *pstate, Node *clause, ExprKind kind);
RangeTblEntry *make_values_rte(ParseState *pstate, List *exprsLists, List *colnames);
/* SQL99 rules: the target entry equal to expr, or a new resjunk one. */
TargetEntry *find_or_add_target_entry(ParseState *pstate, Expr *expr, List **targetlist);
SortGroupClause *make_sort_group_clause(ParseState *pstate, TargetEntry *tle, List *targetlist,
										bool desc, SortByNulls nulls, int location);

/* parse_window.c */
Expr	   *transform_window_func(ParseState *pstate, FuncCall *fc, List *args,
								  const Oid *argtypes, int nargs);
List	   *transform_window_definitions(ParseState *pstate, List *named, List **targetlist);

/* parse_target.c */
List	   *transform_target_list(ParseState *pstate, List *targetlist, ExprKind kind);
char	   *figure_colname(Node *node);
void		mark_target_origin(ParseState *pstate, TargetEntry *tle);
void		resolve_target_list_unknowns(ParseState *pstate, List *targetlist);

/* parse_expr.c */
Expr	   *transform_expr(ParseState *pstate, Node *raw, ExprKind kind);
Expr	   *transform_expr_recurse(ParseState *pstate, Node *raw);
const char *expr_kind_name(ExprKind kind);

/* parse_func.c */
Expr	   *transform_func_call(ParseState *pstate, FuncCall *fc);
Expr	   *make_operator(ParseState *pstate, List *opname, Expr *lexpr, Expr *rexpr,
						  int location);
char	   *opname_string(List *opname);

/* parse_coerce.c */
Expr	   *coerce_to_target_type(ParseState *pstate, Expr *expr, Oid exprtype,
								  Oid targettype, int32_t targettypmod,
								  CoercionContext ccontext, CoercionForm cformat,
								  int location);
/* As above, but ERROR 42804/42846 with PostgreSQL's texts when impossible. */
Expr	   *coerce_or_error(ParseState *pstate, Expr *expr, Oid targettype,
							int32_t targettypmod, CoercionContext ccontext, int location);
Expr	   *coerce_to_boolean(ParseState *pstate, Expr *expr, const char *constructName);
Expr	   *coerce_to_specific(ParseState *pstate, Expr *expr, Oid type, const char *constructName);
Oid			common_type_of(ParseState *pstate, List *exprs, const char *context);
Expr	   *coerce_unknown_to_text(ParseState *pstate, Expr *expr);
/* Register/lookup a $n parameter's type (UNKNOWNOID while undecided). */
Oid			param_type(ParseState *pstate, int number, int location);
void		param_set_type(ParseState *pstate, int number, Oid type, int location);
void		check_params_resolved(ParseState *pstate);

/* parse_agg.c */
void		check_aggregate_placement(ParseState *pstate, int location);
void		check_srf_placement(ParseState *pstate, int location);
void		check_ungrouped_columns(ParseState *pstate, Query *query);

#endif							/* ANALYZE_INTERNAL_H */
