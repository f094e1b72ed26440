/*-------------------------------------------------------------------------
 * plan_internal.h
 *	  Shared state and functions of the planner's files.
 *
 *	planner.c        entry point; SELECT / set operation / modify plans
 *	plan_subquery.c  sublinks -> SubPlans, outer references -> exec
 *	                 Params, CTEs, subqueries in FROM
 *	plan_jointree.c  WHERE/ON qual placement, join order, join methods
 *	plan_scan.c      base relations: seq scan, index scan choice,
 *	                 function/values/subquery/CTE scans, estimates
 *	plan_upper.c     aggregation, projection, DISTINCT, ORDER BY, LIMIT
 *	setrefs.c        row layouts: Vars -> (VAR_OUTER/VAR_INNER, column)
 *
 * A PlannerInfo exists per query level.  Vars that refer to an outer
 * level become PARAM_EXEC Params; a sublink's SubPlan sets them from its
 * args, and subqueries in FROM (and set-operation leaves) share their
 * parent's params.
 *-------------------------------------------------------------------------
 */
#ifndef PLAN_INTERNAL_H
#define PLAN_INTERNAL_H

#include "sql/analyze/nodefuncs.h"
#include "sql/plan/planner.h"

typedef struct PlannerGlobal
{
	List	   *subplans;		/* Plan list (SubPlan.plan_id) */
	List	   *ctes;			/* Plan list by cte_id */
	List	   *cte_names;
	List	   *cte_infos;		/* CteInfo list by cte_id (identity) */
	List	   *recursing;		/* CteInfo list: recursive CTEs being planned */
	List	   *recursing_wt;	/* IntList: their working-table ids */
	int			nWorkTables;
	int			nParamExec;
	List	   *relationOids;
} PlannerGlobal;

/* An outer-level Var replaced by an exec Param. */
typedef struct OuterParam
{
	int			paramid;
	Var		   *var;			/* varlevelsup >= 1, relative to its root */
} OuterParam;

typedef struct PlannerInfo
{
	PlannerGlobal *glob;
	Query	   *parse;
	struct PlannerInfo *parent;
	bool		shares_parent_params;	/* FROM subquery / set-op leaf / CTE */
	List	   *outer_params;	/* OuterParam list (sublink roots only) */
	/*
	 * While a LATERAL subquery of this level is planned: its references to
	 * this level's columns, as OuterParams (Var with varlevelsup 0 here).
	 */
	bool		collecting_lateral;
	List	   *lateral_refs;
} PlannerInfo;

/* planner.c */
Plan	   *plan_query_level(PlannerInfo *root);
PlannerInfo *make_planner_info(PlannerGlobal *glob, Query *parse, PlannerInfo *parent,
							   bool shares_parent_params);
void		plan_init_node(Plan *plan, int ncols, List *layout);
List	   *tlist_exprs_of(List *targetList);
/* Keep only the first ncols output columns (drops resjunk columns). */
Plan	   *trim_columns(Plan *p, int ncols);

/* plan_subquery.c */
void		preprocess_expressions(PlannerInfo *root);
Expr	   *replace_outer_vars(PlannerInfo *root, Expr *expr);
int			cte_plan_id(PlannerInfo *root, const char *ctename, int levelsup, Plan **plan);
/* Working-table id when the CTE is the recursive CTE being planned, else -1. */
int			cte_worktable_id(PlannerInfo *root, const char *ctename, int levelsup);

/* plan_jointree.c */
Plan	   *plan_jointree(PlannerInfo *root, List **all_quals);
List	   *make_conjuncts(Expr *qual);

/* plan_scan.c */
/*
 * *lateral_refs receives OuterParams for columns of other FROM items the
 * scan depends on (LATERAL): the caller must put it on the inner side of
 * a nested loop that sets those params.
 */
Plan	   *plan_base_rel(PlannerInfo *root, int rtindex, List **quals, List *outer_relids,
						  List *outer_layout, List **nestparams, List **lateral_refs);
/* rtindexes a FROM item needs before it can be scanned (LATERAL). */
List	   *rel_lateral_deps(PlannerInfo *root, int rtindex);
double		estimate_rel_rows(Oid relid);
/* Can an index on rtindex serve an equality with an outer Var (index NL)? */
bool		rel_has_index_on(PlannerInfo *root, int rtindex, int attno);
double		clause_selectivity(PlannerInfo *root, Expr *qual);
int			type_width(Oid type);
bool		index_key_compatible(Oid to, Oid from);

/* plan_upper.c */
Plan	   *plan_upper(PlannerInfo *root, Plan *input, List *where_quals);
Plan	   *make_sort(Plan *input, List *sortClause, List *targetList);
Plan	   *make_result(Plan *input, List *tlist, List *layout_for_refs, bool hidden);
Plan	   *make_hashed_distinct(Plan *input, int ncols);
Plan	   *make_unique(Plan *input, int ncols);
Plan	   *make_limit(Plan *input, Expr *offset, Expr *count);

/* setrefs.c */
/* Copy of expr with this level's Vars mapped through the layouts. */
Expr	   *set_refs(PlannerInfo *root, Expr *expr, List *outer_layout, List *inner_layout);
List	   *set_refs_list(PlannerInfo *root, List *exprs, List *outer_layout,
						  List *inner_layout);
/* Layout of a scan over rtindex: its columns then the TID. */
List	   *make_rel_layout(PlannerInfo *root, int rtindex, bool with_ctid);
int			layout_position(List *layout, int varno, int attno);
List	   *layout_relids(List *layout);
Oid		   *layout_types(PlannerInfo *root, List *layout, List *exprs);

#endif							/* PLAN_INTERNAL_H */
