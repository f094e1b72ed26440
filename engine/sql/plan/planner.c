/*-------------------------------------------------------------------------
 * planner.c
 *	  The planner's entry point and the plan shapes of whole statements:
 *	  SELECT, set operations (UNION/INTERSECT/EXCEPT) and INSERT/UPDATE/
 *	  DELETE (ModifyTable over the rows to change).
 *
 * planner() plans the top query level; subqueries (sublinks, FROM
 * subqueries, set-operation leaves, CTEs) are planned recursively by
 * plan_query_level() with their own PlannerInfo.  The PlannedStmt
 * collects the subplans, CTE plans and the number of exec params.
 *-------------------------------------------------------------------------
 */
#include "sql/plan/plan_internal.h"

#include "catalog/relcache.h"
#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

static Plan *make_lock_rows(PlannerInfo *root, Plan *input, List *all_quals);

PlannerInfo *
make_planner_info(PlannerGlobal *glob, Query *parse, PlannerInfo *parent,
				  bool shares_parent_params)
{
	PlannerInfo *root = palloc0(sizeof(PlannerInfo));

	root->glob = glob;
	root->parse = parse;
	root->parent = parent;
	root->shares_parent_params = shares_parent_params;
	return root;
}

void
plan_init_node(Plan *plan, int ncols, List *layout)
{
	plan->ncols = ncols;
	plan->layout = layout;
	plan->coltypes = palloc(sizeof(Oid) * Max(ncols, 1));
	for (int i = 0; i < ncols; i++)
	{
		Node	   *v = layout ? list_nth(layout, i) : NULL;

		plan->coltypes[i] = v ? exprType(v) : InvalidOid;
	}
}

/* ------------------------------------------------------------------------
 * Set operations
 * ------------------------------------------------------------------------
 */
static Plan *
make_append(List *plans, int ncols, Oid *coltypes)
{
	AppendPlan *a = makeNode(AppendPlan);
	ListCell   *lc;

	a->plans = plans;
	a->plan.ncols = ncols;
	a->plan.coltypes = coltypes;
	foreach(lc, plans)
	{
		Plan	   *p = lfirst(lc);

		a->plan.plan_rows += p->plan_rows;
		a->plan.total_cost += p->total_cost;
		a->plan.plan_width = Max(a->plan.plan_width, p->plan_width);
	}
	return (Plan *) a;
}

static Oid *
setop_types(List *coltypes)
{
	Oid		   *types = palloc(sizeof(Oid) * Max(list_length(coltypes), 1));
	ListCell   *lc;

	foreach(lc, coltypes)
		types[foreach_current_index(lc)] = lfirst_oid(lc);
	return types;
}

/* Keep only the first ncols columns of a leaf's output. */
Plan *
trim_columns(Plan *p, int ncols)
{
	List	   *tlist = NIL;
	ResultPlan *r;

	if (p->ncols == ncols)
		return p;
	for (int i = 0; i < ncols; i++)
		tlist = lappend(tlist, makeVar(VAR_OUTER, i + 1, p->coltypes[i], -1, 0));
	r = makeNode(ResultPlan);
	r->plan.lefttree = p;
	r->tlist = tlist;
	r->hidden = true;
	plan_init_node((Plan *) r, ncols, NIL);
	for (int i = 0; i < ncols; i++)
		r->plan.coltypes[i] = p->coltypes[i];
	r->plan.plan_rows = p->plan_rows;
	r->plan.total_cost = p->total_cost;
	return (Plan *) r;
}

static Plan *
plan_setop_node(PlannerInfo *root, Node *node, int ncols, List *coltypes)
{
	if (IsA(node, RangeTblRef))
	{
		RangeTblEntry *rte = list_nth(root->parse->rtable, ((RangeTblRef *) node)->rtindex - 1);
		PlannerInfo *child = make_planner_info(root->glob, rte->subquery, root, true);

		return trim_columns(plan_query_level(child), ncols);
	}
	else
	{
		SetOpTree  *op = (SetOpTree *) node;
		Plan	   *l = plan_setop_node(root, op->larg, ncols, coltypes);
		Plan	   *r = plan_setop_node(root, op->rarg, ncols, coltypes);
		Oid		   *types = setop_types(coltypes);

		if (op->op == SETOP_UNION)
		{
			List	   *children = NIL;
			Plan	   *app;

			/* flatten nested UNION ALLs into one Append */
			if (IsA(l, AppendPlan) && ((SetOpTree *) op)->all && IsA(op->larg, SetOpTree) &&
				((SetOpTree *) op->larg)->op == SETOP_UNION && ((SetOpTree *) op->larg)->all)
				children = list_copy(((AppendPlan *) l)->plans);
			else
				children = list_make1(l);
			children = lappend(children, r);
			app = make_append(children, ncols, types);
			if (op->all)
				return app;
			if (guc_enable_hashagg)
				return make_hashed_distinct(app, ncols);
			{
				List	   *sortcl = NIL;
				List	   *tl = NIL;

				for (int i = 0; i < ncols; i++)
				{
					SortGroupClause *sgc = makeNode(SortGroupClause);

					sgc->tleSortGroupRef = i + 1;
					sgc->sorttype = types[i];
					sortcl = lappend(sortcl, sgc);
					tl = lappend(tl, makeTargetEntry((Expr *) makeVar(VAR_OUTER, i + 1, types[i], -1, 0),
													 i + 1, NULL, false));
					((TargetEntry *) llast(tl))->ressortgroupref = i + 1;
				}
				return make_unique(make_sort(app, sortcl, tl), ncols);
			}
		}
		else
		{
			SetOpPlan  *so = makeNode(SetOpPlan);

			so->op = op->op;
			so->all = op->all;
			so->plan.lefttree = l;
			so->plan.righttree = r;
			so->plan.ncols = ncols;
			so->plan.coltypes = types;
			so->plan.plan_rows = Max(1, Min(l->plan_rows, r->plan_rows));
			so->plan.total_cost = l->total_cost + r->total_cost;
			return (Plan *) so;
		}
	}
}

static Plan *
plan_setop_query(PlannerInfo *root)
{
	Query	   *q = root->parse;
	int			ncols = list_length(q->targetList);
	List	   *coltypes = NIL;
	ListCell   *lc;
	Plan	   *p;

	foreach(lc, q->targetList)
		coltypes = lappend_oid(coltypes, exprType((Node *) ((TargetEntry *) lfirst(lc))->expr));
	p = plan_setop_node(root, q->setOperations, ncols, coltypes);
	if (q->sortClause != NIL)
		p = make_sort(p, q->sortClause, q->targetList);
	if (q->limitCount != NULL || q->limitOffset != NULL)
		p = make_limit(p, set_refs(root, q->limitOffset, NIL, NIL),
					   set_refs(root, q->limitCount, NIL, NIL));
	return p;
}

/* ------------------------------------------------------------------------
 * INSERT / UPDATE / DELETE
 * ------------------------------------------------------------------------
 */
static List *
layout_without_rel(List *layout, int rtindex)
{
	List	   *result = NIL;
	ListCell   *lc;

	foreach(lc, layout)
	{
		Var		   *v = lfirst(lc);

		result = lappend(result, (v != NULL && v->varno == rtindex) ? NULL : v);
	}
	return result;
}

static Plan *
plan_modify(PlannerInfo *root)
{
	Query	   *q = root->parse;
	ModifyTablePlan *mt = makeNode(ModifyTablePlan);
	RangeTblEntry *rte = list_nth(q->rtable, q->resultRelation - 1);
	List	   *all_quals;
	Plan	   *src = plan_jointree(root, &all_quals);
	List	   *values = NIL;
	ListCell   *lc;
	List	   *rel_layout = make_rel_layout(root, q->resultRelation, false);

	if (src == NULL)
	{
		ResultPlan *r = makeNode(ResultPlan);

		plan_init_node((Plan *) r, 0, NIL);
		r->plan.plan_rows = 1;
		if (all_quals != NIL)
			r->constqual = linitial(set_refs_list(root, all_quals, NIL, NIL));
		src = (Plan *) r;
	}
	foreach(lc, q->targetList)
	{
		TargetEntry *tle = lfirst(lc);

		if (!tle->resjunk)
			values = lappend(values, tle->expr);
	}
	mt->operation = q->commandType;
	mt->resultRelation = q->resultRelation;
	mt->relid = rte->relid;
	mt->relname = rte->relname;
	root->glob->relationOids = list_append_unique_oid(root->glob->relationOids, rte->relid);
	mt->tlist = q->commandType == CMD_DELETE ? NIL : set_refs_list(root, values, src->layout, NIL);
	if (q->commandType != CMD_INSERT)
	{
		mt->ctid_col = layout_position(src->layout, q->resultRelation, SELF_ITEM_POINTER_ATTNO);
		mt->rel_first_col = layout_position(src->layout, q->resultRelation, 1);
		mt->epq_quals = set_refs_list(root, all_quals, src->layout, NIL);
	}
	mt->returning = set_refs_list(root, tlist_exprs_of(q->returningList),
								  layout_without_rel(src->layout, q->resultRelation), rel_layout);
	mt->plan.lefttree = src;
	mt->plan.ncols = list_length(mt->returning);
	mt->plan.coltypes = palloc(sizeof(Oid) * Max(mt->plan.ncols, 1));
	foreach(lc, mt->returning)
		mt->plan.coltypes[foreach_current_index(lc)] = exprType(lfirst(lc));
	mt->plan.plan_rows = src->plan_rows;
	mt->plan.total_cost = src->total_cost + src->plan_rows * 0.01;
	return (Plan *) mt;
}

List *
tlist_exprs_of(List *targetList)
{
	List	   *result = NIL;
	ListCell   *lc;

	foreach(lc, targetList)
		result = lappend(result, ((TargetEntry *) lfirst(lc))->expr);
	return result;
}

/* SELECT ... FOR UPDATE: lock the marked tables' rows of the join result. */
static Plan *
make_lock_rows(PlannerInfo *root, Plan *input, List *all_quals)
{
	LockRowsPlan *lr = makeNode(LockRowsPlan);
	ListCell   *lc;

	foreach(lc, root->parse->rowMarks)
	{
		int			rtindex = lfirst_int(lc);
		RangeTblEntry *rte = list_nth(root->parse->rtable, rtindex - 1);

		lr->relids = lappend_oid(lr->relids, rte->relid);
		lr->ctid_cols = lappend_int(lr->ctid_cols,
									layout_position(input->layout, rtindex,
													SELF_ITEM_POINTER_ATTNO));
		lr->first_cols = lappend_int(lr->first_cols,
									 layout_position(input->layout, rtindex, 1));
	}
	lr->epq_quals = set_refs_list(root, all_quals, input->layout, NIL);
	plan_init_node((Plan *) lr, input->ncols, input->layout);
	lr->plan.lefttree = input;
	lr->plan.plan_rows = input->plan_rows;
	lr->plan.startup_cost = input->startup_cost;
	lr->plan.total_cost = input->total_cost + input->plan_rows * 0.01;
	lr->plan.plan_width = input->plan_width;
	return (Plan *) lr;
}

/* ------------------------------------------------------------------------
 * Entry points
 * ------------------------------------------------------------------------
 */
Plan *
plan_query_level(PlannerInfo *root)
{
	List	   *all_quals;
	Plan	   *input;

	preprocess_expressions(root);
	if (root->parse->commandType != CMD_SELECT)
		return plan_modify(root);
	if (root->parse->setOperations != NULL)
		return plan_setop_query(root);
	input = plan_jointree(root, &all_quals);
	if (root->parse->rowMarks != NIL && input != NULL)
		input = make_lock_rows(root, input, all_quals);
	return plan_upper(root, input, input == NULL ? all_quals : NIL);
}

static void
collect_relations(Query *q, List **oids)
{
	ListCell   *lc;

	foreach(lc, q->rtable)
	{
		RangeTblEntry *rte = lfirst(lc);

		if (rte->rtekind == RTE_RELATION)
			*oids = list_append_unique_oid(*oids, rte->relid);
		else if (rte->rtekind == RTE_SUBQUERY)
			collect_relations(rte->subquery, oids);
	}
	foreach(lc, q->cteList)
		collect_relations(((CteInfo *) lfirst(lc))->query, oids);
}

PlannedStmt *
planner(Query *query)
{
	PlannerGlobal *glob = palloc0(sizeof(PlannerGlobal));
	PlannerInfo *root = make_planner_info(glob, query, NULL, false);
	PlannedStmt *ps = makeNode(PlannedStmt);

	ps->planTree = plan_query_level(root);
	if (root->outer_params != NIL)
		elog(ERROR, "outer references at the top query level");
	ps->commandType = query->commandType;
	ps->rtable = query->rtable;
	ps->subplans = glob->subplans;
	ps->ctes = glob->ctes;
	ps->cte_names = glob->cte_names;
	ps->nParamExec = glob->nParamExec;
	ps->nWorkTables = glob->nWorkTables;
	ps->relationOids = glob->relationOids;
	collect_relations(query, &ps->relationOids);
	ps->hasReturning = query->returningList != NIL;
	ps->explain_prefix = list_length(query->rtable) > 1;
	return ps;
}
