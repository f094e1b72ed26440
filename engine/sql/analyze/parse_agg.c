/*-------------------------------------------------------------------------
 * parse_agg.c
 *	  Where aggregates and set-returning functions may appear, and the
 *	  grouping rule: in a grouped query every column reference outside an
 *	  aggregate must be a GROUP BY expression (or belong to a table whose
 *	  primary key is grouped, PostgreSQL's functional dependency rule).
 *
 * Errors: 42803 "aggregate functions are not allowed in WHERE", 42803
 * "column "t.b" must appear in the GROUP BY clause or be used in an
 * aggregate function", 0A000 "set-returning functions are not allowed in
 * WHERE", each at the offending call's or column's position.
 *-------------------------------------------------------------------------
 */
#include "sql/analyze/analyze_internal.h"

#include "utils/elog.h"

void
check_aggregate_placement(ParseState *pstate, int location)
{
	switch (pstate->expr_kind)
	{
		case EXPR_KIND_SELECT_TARGET:
		case EXPR_KIND_HAVING:
		case EXPR_KIND_ORDER_BY:
		case EXPR_KIND_DISTINCT_ON:
			return;
		default:
			break;
	}
	ereport(ERROR, errcode(ERRCODE_GROUPING_ERROR),
			errmsg("aggregate functions are not allowed in %s",
				   expr_kind_name(pstate->expr_kind)),
			parser_errposition(pstate, location));
}

void
check_srf_placement(ParseState *pstate, int location)
{
	switch (pstate->expr_kind)
	{
		case EXPR_KIND_SELECT_TARGET:
		case EXPR_KIND_FROM_FUNCTION:
			return;
		default:
			break;
	}
	ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			errmsg("set-returning functions are not allowed in %s",
				   expr_kind_name(pstate->expr_kind)),
			parser_errposition(pstate, location));
}

typedef struct GroupCheckCtx
{
	ParseState *pstate;
	List	   *groupexprs;
	List	   *grouped_rels;	/* IntList of rtindexes whose pk is grouped */
	bool		in_having;
} GroupCheckCtx;

/* rtindexes whose primary key columns all appear as plain GROUP BY Vars */
static List *
pk_grouped_rels(ParseState *pstate, List *groupexprs)
{
	List	   *result = NIL;
	ListCell   *lc;

	foreach(lc, pstate->rtable)
	{
		RangeTblEntry *rte = lfirst(lc);
		int			rtindex = foreach_current_index(lc) + 1;
		ListCell   *pk;
		bool		all = rte->pk_attnums != NIL;

		foreach(pk, rte->pk_attnums)
		{
			ListCell   *g;
			bool		found = false;

			foreach(g, groupexprs)
			{
				Var		   *v = lfirst(g);

				if (IsA(v, Var) && v->varlevelsup == 0 && v->varno == rtindex &&
					v->varattno == lfirst_int(pk))
					found = true;
			}
			if (!found)
				all = false;
		}
		if (all)
			result = lappend_int(result, rtindex);
	}
	return result;
}

static bool
check_ungrouped_walker(Node *node, void *arg)
{
	GroupCheckCtx *ctx = (GroupCheckCtx *) arg;
	ListCell   *lc;

	if (node == NULL)
		return false;
	if (IsA(node, Aggref))
		return false;
	foreach(lc, ctx->groupexprs)
	{
		if (expr_equal(lfirst(lc), node))
			return false;
	}
	if (IsA(node, Var))
	{
		Var		   *v = (Var *) node;
		RangeTblEntry *rte;

		if (v->varlevelsup != 0 || list_member_int(ctx->grouped_rels, v->varno))
			return false;
		rte = rt_fetch(ctx->pstate->rtable, v->varno);
		ereport(ERROR, errcode(ERRCODE_GROUPING_ERROR),
				errmsg("column \"%s.%s\" must appear in the GROUP BY clause or be used in an aggregate function",
					   rte->aliasname ? rte->aliasname : "?",
					   v->varattno > 0 ? strVal(list_nth(rte->colnames, v->varattno - 1)) : "ctid"),
				parser_errposition(ctx->pstate, v->location));
	}
	return expression_tree_walker(node, check_ungrouped_walker, arg);
}

void
check_ungrouped_columns(ParseState *pstate, Query *query)
{
	GroupCheckCtx ctx;
	ListCell   *lc;

	if (!query->hasAggs && query->groupClause == NIL && query->havingQual == NULL)
		return;
	ctx.pstate = pstate;
	ctx.groupexprs = NIL;
	foreach(lc, query->groupClause)
	{
		SortGroupClause *sgc = lfirst(lc);
		ListCell   *tl;

		foreach(tl, query->targetList)
		{
			TargetEntry *tle = lfirst(tl);

			if (tle->ressortgroupref == sgc->tleSortGroupRef)
				ctx.groupexprs = lappend(ctx.groupexprs, tle->expr);
		}
	}
	ctx.grouped_rels = pk_grouped_rels(pstate, ctx.groupexprs);
	ctx.in_having = false;
	foreach(lc, query->targetList)
		check_ungrouped_walker((Node *) ((TargetEntry *) lfirst(lc))->expr, &ctx);
	ctx.in_having = true;
	check_ungrouped_walker((Node *) query->havingQual, &ctx);
}
