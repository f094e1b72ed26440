/*-------------------------------------------------------------------------
 * plan_subquery.c
 *	  Subqueries inside expressions and outer references.
 *
 * preprocess_expressions() rewrites every expression of a query level:
 *	- a SubqueryExpr becomes a SubPlan: its query is planned at once (a
 *	  child PlannerInfo) and stored in PlannerGlobal.subplans;
 *	- a Var of an outer level (varlevelsup >= 1) becomes a PARAM_EXEC
 *	  Param.  Which level provides the value: the nearest enclosing
 *	  sublink boundary.  Queries that are not behind a sublink (FROM
 *	  subqueries, set-operation leaves, CTEs) share their parent's params,
 *	  so their outer Vars are forwarded one level up with varlevelsup - 1;
 *	  a reference that lands on the parent's own level is a LATERAL
 *	  reference, collected for the nested loop that will drive the subquery.
 *	  The SubPlan lists (param id, Var) pairs; the executor evaluates the
 *	  Vars in the parent's row before running the subplan.
 *
 * The Query is not modified: the rewritten expressions go into a copy.
 *-------------------------------------------------------------------------
 */
#include "sql/plan/plan_internal.h"

#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/memctx.h"

/* A LATERAL subquery's reference to a column of root's level. */
static int
lateral_param(PlannerInfo *root, Var *var)
{
	ListCell   *lc;
	OuterParam *op;

	if (!root->collecting_lateral)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("this LATERAL reference is not supported"));
	foreach(lc, root->lateral_refs)
	{
		op = lfirst(lc);
		if (op->var->varno == var->varno && op->var->varattno == var->varattno)
			return op->paramid;
	}
	op = palloc(sizeof(OuterParam));
	op->paramid = root->glob->nParamExec++;
	op->var = var;
	root->lateral_refs = lappend(root->lateral_refs, op);
	return op->paramid;
}

static int
assign_outer_param(PlannerInfo *root, Var *var)
{
	ListCell   *lc;
	OuterParam *op;

	if (root->shares_parent_params)
	{
		Var		   *up = (Var *) expr_copy(var);

		up->varlevelsup--;
		if (root->parent == NULL)
			elog(ERROR, "outer reference without an outer query level");
		if (up->varlevelsup == 0)
			return lateral_param(root->parent, up);
		return assign_outer_param(root->parent, up);
	}
	foreach(lc, root->outer_params)
	{
		op = lfirst(lc);
		if (op->var->varno == var->varno && op->var->varattno == var->varattno &&
			op->var->varlevelsup == var->varlevelsup)
			return op->paramid;
	}
	op = palloc(sizeof(OuterParam));
	op->paramid = root->glob->nParamExec++;
	op->var = (Var *) expr_copy(var);
	root->outer_params = lappend(root->outer_params, op);
	return op->paramid;
}

static int
count_visible(Query *q)
{
	ListCell   *lc;
	int			n = 0;

	foreach(lc, q->targetList)
	{
		if (!((TargetEntry *) lfirst(lc))->resjunk)
			n++;
	}
	return n;
}

static Node *preprocess_mutator(Node *node, void *ctx);

static Expr *
make_subplan(PlannerInfo *root, SubqueryExpr *sq)
{
	PlannerInfo *child = make_planner_info(root->glob, sq->subquery, root, false);
	SubPlan    *sp = makeNode(SubPlan);
	ListCell   *lc;

	sp->plan = plan_query_level(child);
	root->glob->subplans = lappend(root->glob->subplans, sp->plan);
	sp->plan_id = list_length(root->glob->subplans) - 1;
	sp->sublinktype = sq->sublinktype;
	sp->resulttype = sq->resulttype;
	sp->resulttypmod = sq->resulttypmod;
	sp->location = sq->location;
	sp->ncols = count_visible(sq->subquery);
	foreach(lc, child->outer_params)
	{
		OuterParam *op = lfirst(lc);
		Var		   *arg = (Var *) expr_copy(op->var);

		arg->varlevelsup--;
		sp->parparams = lappend_int(sp->parparams, op->paramid);
		/* an arg that is still an outer reference becomes our own param */
		sp->args = lappend(sp->args, preprocess_mutator((Node *) arg, root));
	}
	sp->testexpr = (Expr *) preprocess_mutator((Node *) sq->testexpr, root);
	return (Expr *) sp;
}

static Node *
preprocess_mutator(Node *node, void *ctx)
{
	PlannerInfo *root = (PlannerInfo *) ctx;

	if (node == NULL)
		return NULL;
	if (IsA(node, SubqueryExpr))
		return (Node *) make_subplan(root, (SubqueryExpr *) node);
	if (IsA(node, Var) && ((Var *) node)->varlevelsup > 0)
	{
		Var		   *v = (Var *) node;
		Param	   *p = makeNode(Param);

		p->paramkind = PARAM_EXEC;
		p->paramid = assign_outer_param(root, v);
		p->paramtype = v->vartype;
		p->paramtypmod = v->vartypmod;
		p->location = v->location;
		return (Node *) p;
	}
	return expression_tree_mutator(node, preprocess_mutator, ctx);
}

Expr *
replace_outer_vars(PlannerInfo *root, Expr *expr)
{
	return (Expr *) preprocess_mutator((Node *) expr, root);
}

static Node *
preprocess_jointree(PlannerInfo *root, Node *node)
{
	if (node == NULL)
		return NULL;
	if (IsA(node, FromExpr))
	{
		FromExpr   *f = makeNode(FromExpr);
		ListCell   *lc;

		foreach(lc, ((FromExpr *) node)->fromlist)
			f->fromlist = lappend(f->fromlist, preprocess_jointree(root, lfirst(lc)));
		f->quals = replace_outer_vars(root, ((FromExpr *) node)->quals);
		return (Node *) f;
	}
	if (IsA(node, JoinTreeExpr))
	{
		JoinTreeExpr *j = makeNode(JoinTreeExpr);

		*j = *(JoinTreeExpr *) node;
		j->larg = preprocess_jointree(root, j->larg);
		j->rarg = preprocess_jointree(root, j->rarg);
		j->quals = replace_outer_vars(root, j->quals);
		return (Node *) j;
	}
	return node;
}

static List *
preprocess_rtable(PlannerInfo *root, List *rtable)
{
	List	   *result = NIL;
	ListCell   *lc;

	foreach(lc, rtable)
	{
		RangeTblEntry *rte = lfirst(lc);

		if (rte->rtekind == RTE_FUNCTION || rte->rtekind == RTE_VALUES)
		{
			RangeTblEntry *copy = makeNode(RangeTblEntry);

			*copy = *rte;
			copy->funcexpr = replace_outer_vars(root, rte->funcexpr);
			copy->values_lists = (List *) replace_outer_vars(root, (Expr *) rte->values_lists);
			rte = copy;
		}
		result = lappend(result, rte);
	}
	return result;
}

void
preprocess_expressions(PlannerInfo *root)
{
	Query	   *q = makeNode(Query);

	*q = *root->parse;
	root->parse = q;
	q->rtable = preprocess_rtable(root, q->rtable);
	q->targetList = (List *) replace_outer_vars(root, (Expr *) q->targetList);
	q->returningList = (List *) replace_outer_vars(root, (Expr *) q->returningList);
	q->jointree = (FromExpr *) preprocess_jointree(root, (Node *) q->jointree);
	q->havingQual = replace_outer_vars(root, q->havingQual);
	q->limitOffset = replace_outer_vars(root, q->limitOffset);
	q->limitCount = replace_outer_vars(root, q->limitCount);
}

/* ------------------------------------------------------------------------
 * CTEs: planned once per statement, on first reference.
 * ------------------------------------------------------------------------
 */
static CteInfo *
find_cte_info(PlannerInfo *root, const char *ctename, int levelsup)
{
	PlannerInfo *defroot = root;
	ListCell   *lc;

	for (int i = 0; i < levelsup && defroot != NULL; i++)
		defroot = defroot->parent;
	if (defroot != NULL)
	{
		foreach(lc, defroot->parse->cteList)
		{
			if (strcmp(((CteInfo *) lfirst(lc))->ctename, ctename) == 0)
				return lfirst(lc);
		}
	}
	elog(ERROR, "could not find CTE \"%s\"", ctename);
	return NULL;
}

static PlannerInfo *
cte_defining_root(PlannerInfo *root, int levelsup)
{
	for (int i = 0; i < levelsup && root != NULL; i++)
		root = root->parent;
	return root;
}

int
cte_worktable_id(PlannerInfo *root, const char *ctename, int levelsup)
{
	CteInfo    *cte = find_cte_info(root, ctename, levelsup);
	int			i = list_index_ptr(root->glob->recursing, cte);

	return i < 0 ? -1 : list_nth_int(root->glob->recursing_wt, i);
}

/* non-recursive UNION [ALL] recursive, iterated by a RecursiveUnion node */
static Plan *
plan_recursive_cte(PlannerInfo *root, PlannerInfo *defroot, CteInfo *cte)
{
	RecursiveUnionPlan *ru = makeNode(RecursiveUnionPlan);
	int			ncols = list_length(cte->coltypes);
	PlannerInfo *child;
	Plan	   *l;
	Plan	   *r;
	ListCell   *lc;

	ru->wt_id = root->glob->nWorkTables++;
	ru->all = cte->recursive_all;
	child = make_planner_info(root->glob, cte->query, defroot, true);
	l = trim_columns(plan_query_level(child), ncols);
	root->glob->recursing = lappend(root->glob->recursing, cte);
	root->glob->recursing_wt = lappend_int(root->glob->recursing_wt, ru->wt_id);
	child = make_planner_info(root->glob, cte->recursive_query, defroot, true);
	r = trim_columns(plan_query_level(child), ncols);
	root->glob->recursing = list_delete_last(root->glob->recursing);
	root->glob->recursing_wt = list_delete_last(root->glob->recursing_wt);
	ru->plan.lefttree = l;
	ru->plan.righttree = r;
	ru->plan.ncols = ncols;
	ru->plan.coltypes = palloc(sizeof(Oid) * Max(ncols, 1));
	foreach(lc, cte->coltypes)
		ru->plan.coltypes[foreach_current_index(lc)] = lfirst_oid(lc);
	ru->plan.plan_rows = l->plan_rows * 10 + r->plan_rows * 10;
	ru->plan.total_cost = l->total_cost + r->total_cost * 10;
	return (Plan *) ru;
}

int
cte_plan_id(PlannerInfo *root, const char *ctename, int levelsup, Plan **plan)
{
	PlannerInfo *defroot = cte_defining_root(root, levelsup);
	CteInfo    *cte = find_cte_info(root, ctename, levelsup);
	ListCell   *lc;
	PlannerInfo *child;

	foreach(lc, root->glob->cte_infos)
	{
		if (lfirst(lc) == cte)
		{
			*plan = list_nth(root->glob->ctes, foreach_current_index(lc));
			return foreach_current_index(lc);
		}
	}
	if (cte->recursive_query != NULL)
		*plan = plan_recursive_cte(root, defroot, cte);
	else
	{
		child = make_planner_info(root->glob, cte->query, defroot, true);
		*plan = plan_query_level(child);
	}
	root->glob->cte_infos = lappend(root->glob->cte_infos, cte);
	root->glob->ctes = lappend(root->glob->ctes, *plan);
	root->glob->cte_names = lappend(root->glob->cte_names, makeString(cte->ctename));
	return list_length(root->glob->ctes) - 1;
}
