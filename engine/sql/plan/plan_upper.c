/*-------------------------------------------------------------------------
 * plan_upper.c
 *	  Everything above FROM/WHERE: aggregation (plain, hashed, sorted),
 *	  projection (with set-returning functions), DISTINCT [ON], ORDER BY
 *	  and LIMIT/OFFSET.
 *
 * Pipeline: join tree -> [Agg (+HAVING filter)] -> Result/ProjectSet
 * computing the target list (resjunk sort/group columns last) ->
 * [HashAggregate for DISTINCT | Sort + Unique] -> [Sort] -> [Limit].
 * Above an Agg, group expressions and aggregate calls in the target list
 * and HAVING are replaced by references to the Agg's output columns.
 *
 * Memory: Sort and hash nodes are bounded by work_mem in the executor
 * (see sql/README.md); the planner only chooses hashed grouping when
 * enable_hashagg is on and no aggregate needs sorted input (DISTINCT or
 * ORDER BY inside the call).
 *-------------------------------------------------------------------------
 */
#include "sql/plan/plan_internal.h"

#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

static void
copy_estimates(Plan *to, Plan *from)
{
	if (from == NULL)
	{
		to->plan_rows = 1;
		to->total_cost = 0.01;
		return;
	}
	to->plan_rows = from->plan_rows;
	to->startup_cost = from->startup_cost;
	to->total_cost = from->total_cost;
	to->plan_width = from->plan_width;
}

static void
set_coltypes_from_exprs(Plan *p, List *exprs)
{
	ListCell   *lc;

	p->coltypes = palloc(sizeof(Oid) * Max(list_length(exprs), 1));
	foreach(lc, exprs)
		p->coltypes[foreach_current_index(lc)] = exprType(lfirst(lc));
}

/* Projection of already-resolved expressions over input (or no input). */
static Plan *
make_projection(Plan *input, List *resolved_tlist, bool hidden)
{
	ResultPlan *r = makeNode(ResultPlan);

	r->plan.lefttree = input;
	r->tlist = resolved_tlist;
	r->hidden = hidden && input != NULL;
	r->plan.ncols = list_length(resolved_tlist);
	set_coltypes_from_exprs((Plan *) r, resolved_tlist);
	copy_estimates((Plan *) r, input);
	return (Plan *) r;
}

Plan *
make_result(Plan *input, List *tlist, List *layout_for_refs, bool hidden)
{
	(void) layout_for_refs;
	return make_projection(input, tlist, hidden);
}

static List *
tlist_exprs(List *targetList)
{
	List	   *result = NIL;
	ListCell   *lc;

	foreach(lc, targetList)
		result = lappend(result, ((TargetEntry *) lfirst(lc))->expr);
	return result;
}

static TargetEntry *
tle_by_ref(List *targetList, int ref)
{
	ListCell   *lc;

	foreach(lc, targetList)
	{
		TargetEntry *tle = lfirst(lc);

		if (tle->ressortgroupref == ref)
			return tle;
	}
	elog(ERROR, "ORDER/GROUP BY item %d not found in target list", ref);
	return NULL;
}

/* ------------------------------------------------------------------------
 * Sort / Unique / Limit
 * ------------------------------------------------------------------------
 */
Plan *
make_sort(Plan *input, List *sortClause, List *targetList)
{
	SortPlan   *s = makeNode(SortPlan);
	int			n = list_length(sortClause);
	ListCell   *lc;

	s->nkeys = n;
	s->sortcols = palloc(sizeof(int) * Max(n, 1));
	s->sorttypes = palloc(sizeof(Oid) * Max(n, 1));
	s->descending = palloc(sizeof(bool) * Max(n, 1));
	s->nullsfirst = palloc(sizeof(bool) * Max(n, 1));
	foreach(lc, sortClause)
	{
		SortGroupClause *sgc = lfirst(lc);
		TargetEntry *tle = tle_by_ref(targetList, sgc->tleSortGroupRef);
		int			i = foreach_current_index(lc);

		s->sortcols[i] = tle->resno;
		s->sorttypes[i] = sgc->sorttype;
		s->descending[i] = sgc->descending;
		s->nullsfirst[i] = sgc->nulls_first;
		s->sortexprs = lappend(s->sortexprs, tle->expr);
	}
	s->plan.lefttree = input;
	s->plan.ncols = input->ncols;
	s->plan.coltypes = input->coltypes;
	copy_estimates((Plan *) s, input);
	s->plan.startup_cost = input->total_cost + input->plan_rows * 0.05;
	s->plan.total_cost = s->plan.startup_cost + input->plan_rows * 0.01;
	return (Plan *) s;
}

static Plan *
make_sort_cols(Plan *input, int n, const int *cols, const Oid *types, List *exprs)
{
	SortPlan   *s = makeNode(SortPlan);

	s->nkeys = n;
	s->sortcols = palloc(sizeof(int) * Max(n, 1));
	s->sorttypes = palloc(sizeof(Oid) * Max(n, 1));
	s->descending = palloc0(sizeof(bool) * Max(n, 1));
	s->nullsfirst = palloc0(sizeof(bool) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		s->sortcols[i] = cols[i];
		s->sorttypes[i] = types[i];
	}
	s->sortexprs = exprs;
	s->plan.lefttree = input;
	s->plan.ncols = input->ncols;
	s->plan.coltypes = input->coltypes;
	copy_estimates((Plan *) s, input);
	s->plan.startup_cost = input->total_cost + input->plan_rows * 0.05;
	s->plan.total_cost = s->plan.startup_cost + input->plan_rows * 0.01;
	return (Plan *) s;
}

static Plan *
make_unique_cols(Plan *input, int n, const int *cols)
{
	UniquePlan *u = makeNode(UniquePlan);

	u->numcols = n;
	u->cols = palloc(sizeof(int) * Max(n, 1));
	memcpy(u->cols, cols, sizeof(int) * n);
	u->plan.lefttree = input;
	u->plan.ncols = input->ncols;
	u->plan.coltypes = input->coltypes;
	copy_estimates((Plan *) u, input);
	return (Plan *) u;
}

Plan *
make_unique(Plan *input, int ncols)
{
	int		   *cols = palloc(sizeof(int) * Max(ncols, 1));

	for (int i = 0; i < ncols; i++)
		cols[i] = i + 1;
	return make_unique_cols(input, ncols, cols);
}

/* HashAggregate without aggregates over the first ncols input columns. */
Plan *
make_hashed_distinct(Plan *input, int ncols)
{
	AggPlan    *a = makeNode(AggPlan);

	a->strategy = AGG_HASHED;
	a->grouptypes = palloc(sizeof(Oid) * Max(ncols, 1));
	for (int i = 0; i < ncols; i++)
	{
		Var		   *v = makeVar(VAR_OUTER, i + 1, input->coltypes[i], -1, 0);

		a->groupexprs = lappend(a->groupexprs, v);
		a->grouptypes[i] = input->coltypes[i];
	}
	a->groupexprs_orig = a->groupexprs;
	a->plan.lefttree = input;
	a->plan.ncols = ncols;
	a->plan.coltypes = a->grouptypes;
	copy_estimates((Plan *) a, input);
	a->plan.plan_rows = Max(1, input->plan_rows * 0.5);
	return (Plan *) a;
}

Plan *
make_limit(Plan *input, Expr *offset, Expr *count)
{
	LimitPlan  *l = makeNode(LimitPlan);

	l->limitOffset = offset;
	l->limitCount = count;
	l->plan.lefttree = input;
	l->plan.ncols = input->ncols;
	l->plan.coltypes = input->coltypes;
	copy_estimates((Plan *) l, input);
	return (Plan *) l;
}

/* ------------------------------------------------------------------------
 * Aggregation
 * ------------------------------------------------------------------------
 */
typedef struct AggCollect
{
	List	   *groupexprs;		/* unresolved */
	List	   *aggs;			/* unresolved Aggrefs */
} AggCollect;

static bool
collect_walker(Node *node, void *arg)
{
	AggCollect *ac = (AggCollect *) arg;
	ListCell   *lc;

	if (node == NULL)
		return false;
	foreach(lc, ac->groupexprs)
	{
		if (expr_equal(lfirst(lc), node))
			return false;
	}
	if (IsA(node, Aggref))
	{
		foreach(lc, ac->aggs)
		{
			if (expr_equal(lfirst(lc), node))
				return false;
		}
		ac->aggs = lappend(ac->aggs, node);
		return false;
	}
	if (IsA(node, Var) && ((Var *) node)->varlevelsup == 0)
	{
		/* functionally dependent on a grouped primary key: group by it too */
		ac->groupexprs = lappend(ac->groupexprs, node);
		return false;
	}
	return expression_tree_walker(node, collect_walker, arg);
}

typedef struct UpperCtx
{
	List	   *groupexprs;
	List	   *aggs;
} UpperCtx;

static Node *
upper_mutator(Node *node, void *arg)
{
	UpperCtx   *ctx = (UpperCtx *) arg;
	ListCell   *lc;

	if (node == NULL)
		return NULL;
	foreach(lc, ctx->groupexprs)
	{
		if (expr_equal(lfirst(lc), node))
		{
			Var		   *v = makeVar(VAR_OUTER, foreach_current_index(lc) + 1,
									exprType(node), exprTypmod(node), 0);

			if (IsA(node, Var))
			{
				v->explain_rel = ((Var *) node)->explain_rel;
				v->explain_col = ((Var *) node)->explain_col;
			}
			return (Node *) v;
		}
	}
	if (IsA(node, Aggref))
	{
		foreach(lc, ctx->aggs)
		{
			if (expr_equal(lfirst(lc), node))
				return (Node *) makeVar(VAR_OUTER,
										list_length(ctx->groupexprs) + foreach_current_index(lc) + 1,
										exprType(node), -1, 0);
		}
		elog(ERROR, "aggregate not found in Agg output");
	}
	if (IsA(node, Var) && ((Var *) node)->varlevelsup == 0)
		elog(ERROR, "ungrouped column reached the Agg output");
	return expression_tree_mutator(node, upper_mutator, arg);
}

static bool
aggs_need_sort(List *aggs)
{
	ListCell   *lc;

	foreach(lc, aggs)
	{
		Aggref	   *a = lfirst(lc);

		if (a->aggdistinct || a->aggorder != NIL)
			return true;
	}
	return false;
}

/* Resolve an Aggref's inputs against the Agg's input layout. */
static Aggref *
resolve_aggref(PlannerInfo *root, Aggref *a, List *layout, int aggno)
{
	Aggref	   *r = (Aggref *) expr_copy(a);

	r->args = set_refs_list(root, a->args, layout, NIL);
	r->aggorder = set_refs_list(root, a->aggorder, layout, NIL);
	r->aggfilter = set_refs(root, a->aggfilter, layout, NIL);
	r->aggno = aggno;
	return r;
}

static Plan *
make_agg(PlannerInfo *root, Plan *input, List **tlist, Expr **having)
{
	Query	   *q = root->parse;
	AggPlan    *agg = makeNode(AggPlan);
	AggCollect	ac = {NIL, NIL};
	UpperCtx	uc;
	ListCell   *lc;
	int			ngroups;
	List	   *layout;

	foreach(lc, q->groupClause)
		ac.groupexprs = lappend(ac.groupexprs,
								tle_by_ref(q->targetList,
										   ((SortGroupClause *) lfirst(lc))->tleSortGroupRef)->expr);
	collect_walker((Node *) *tlist, &ac);
	collect_walker((Node *) *having, &ac);
	ngroups = list_length(ac.groupexprs);
	if (input == NULL)
		input = make_projection(NULL, NIL, false);
	layout = input->layout;
	if (ngroups == 0)
		agg->strategy = AGG_PLAIN;
	else if (guc_enable_hashagg && !aggs_need_sort(ac.aggs))
		agg->strategy = AGG_HASHED;
	else
	{
		/* sorted grouping: compute the group keys, sort on them */
		List	   *proj = NIL;
		int		   *cols = palloc(sizeof(int) * ngroups);
		Oid		   *types = palloc(sizeof(Oid) * ngroups);
		List	   *newlayout = list_copy(layout);

		for (int i = 0; i < input->ncols; i++)
			proj = lappend(proj, makeVar(VAR_OUTER, i + 1, input->coltypes[i], -1, 0));
		foreach(lc, ac.groupexprs)
		{
			int			i = foreach_current_index(lc);

			proj = lappend(proj, set_refs(root, lfirst(lc), layout, NIL));
			cols[i] = input->ncols + i + 1;
			types[i] = exprType(lfirst(lc));
			newlayout = lappend(newlayout, NULL);
		}
		input = make_projection(input, proj, true);
		input->layout = newlayout;
		input = make_sort_cols(input, ngroups, cols, types,
							   set_refs_list(root, ac.groupexprs, layout, NIL));
		input->layout = newlayout;
		agg->strategy = AGG_SORTED;
	}
	agg->grouptypes = palloc(sizeof(Oid) * Max(ngroups, 1));
	foreach(lc, ac.groupexprs)
	{
		agg->grouptypes[foreach_current_index(lc)] = exprType(lfirst(lc));
		agg->groupexprs = lappend(agg->groupexprs, set_refs(root, lfirst(lc), layout, NIL));
	}
	agg->groupexprs_orig = agg->groupexprs;
	foreach(lc, ac.aggs)
		agg->aggs = lappend(agg->aggs,
							resolve_aggref(root, lfirst(lc), layout, foreach_current_index(lc)));
	agg->plan.lefttree = input;
	agg->plan.ncols = ngroups + list_length(ac.aggs);
	agg->plan.coltypes = palloc(sizeof(Oid) * Max(agg->plan.ncols, 1));
	for (int i = 0; i < ngroups; i++)
		agg->plan.coltypes[i] = agg->grouptypes[i];
	foreach(lc, ac.aggs)
		agg->plan.coltypes[ngroups + foreach_current_index(lc)] = exprType(lfirst(lc));
	copy_estimates((Plan *) agg, input);
	agg->plan.plan_rows = ngroups == 0 ? 1 : Max(1, Min(200, input->plan_rows));

	/* label group Vars for EXPLAIN before rewriting the upper expressions */
	uc.groupexprs = ac.groupexprs;
	uc.aggs = ac.aggs;
	*tlist = (List *) upper_mutator((Node *) *tlist, &uc);
	*having = (Expr *) upper_mutator((Node *) *having, &uc);
	if (*having)
		agg->plan.qual = make_conjuncts(*having);
	return (Plan *) agg;
}

/* ------------------------------------------------------------------------
 * Projection with set-returning functions
 * ------------------------------------------------------------------------
 */
typedef struct SrfCtx
{
	List	   *srfs;
} SrfCtx;

static Node *
srf_mutator(Node *node, void *arg)
{
	SrfCtx	   *ctx = (SrfCtx *) arg;

	if (node == NULL)
		return NULL;
	if (IsA(node, FuncExpr) && ((FuncExpr *) node)->funcretset)
	{
		SrfValue   *sv = makeNode(SrfValue);
		FuncExpr   *f = (FuncExpr *) expression_tree_mutator(node, srf_mutator, arg);

		sv->srfno = list_length(ctx->srfs);
		sv->srftype = f->funcresulttype;
		ctx->srfs = lappend(ctx->srfs, f);
		return (Node *) sv;
	}
	return expression_tree_mutator(node, srf_mutator, arg);
}

static Plan *
make_project_set(Plan *input, List *resolved_tlist)
{
	ProjectSetPlan *ps = makeNode(ProjectSetPlan);
	SrfCtx		ctx = {NIL};

	ps->tlist = (List *) srf_mutator((Node *) resolved_tlist, &ctx);
	ps->srfs = ctx.srfs;
	ps->plan.lefttree = input;
	ps->plan.ncols = list_length(resolved_tlist);
	set_coltypes_from_exprs((Plan *) ps, resolved_tlist);
	copy_estimates((Plan *) ps, input);
	ps->plan.plan_rows *= 10;
	return (Plan *) ps;
}

/* ------------------------------------------------------------------------
 * Window functions
 * ------------------------------------------------------------------------
 */
typedef struct WinCollect
{
	int			winref;
	List	   *funcs;
} WinCollect;

static bool
collect_winfuncs_walker(Node *node, void *arg)
{
	WinCollect *wc = (WinCollect *) arg;
	ListCell   *lc;

	if (node == NULL)
		return false;
	if (IsA(node, WindowFunc) && ((WindowFunc *) node)->winref == wc->winref)
	{
		foreach(lc, wc->funcs)
		{
			if (expr_equal(lfirst(lc), node))
				return false;
		}
		wc->funcs = lappend(wc->funcs, node);
		return false;
	}
	return expression_tree_walker(node, collect_winfuncs_walker, arg);
}

typedef struct WinReplace
{
	List	   *funcs;
	int			first_col;
} WinReplace;

static Node *
replace_winfuncs_mutator(Node *node, void *arg)
{
	WinReplace *wr = (WinReplace *) arg;
	ListCell   *lc;

	if (node == NULL)
		return NULL;
	if (IsA(node, WindowFunc))
	{
		foreach(lc, wr->funcs)
		{
			if (expr_equal(lfirst(lc), node))
				return (Node *) makeVar(VAR_OUTER, wr->first_col + foreach_current_index(lc),
										exprType(node), -1, 0);
		}
	}
	return expression_tree_mutator(node, replace_winfuncs_mutator, arg);
}

/*
 * One WindowAgg for window clause wc: a projection adding its PARTITION BY
 * and ORDER BY keys to the row, a Sort on them, and the WindowAgg, whose
 * results replace the window calls in tlist.
 */
static Plan *
make_window_agg(PlannerInfo *root, Plan *input, WindowClause *wc, List **tlist)
{
	Query	   *q = root->parse;
	WinCollect	collect = {wc->winref, NIL};
	WindowAggPlan *wa = makeNode(WindowAggPlan);
	List	   *keys = list_concat_copy(wc->partitionClause, wc->orderClause);
	List	   *proj = NIL;
	SortPlan   *sort;
	int			nkeys = list_length(keys);
	int			base = input->ncols;
	ListCell   *lc;
	WinReplace	wr;

	collect_winfuncs_walker((Node *) *tlist, &collect);
	if (collect.funcs == NIL)
		return input;
	for (int i = 0; i < base; i++)
		proj = lappend(proj, makeVar(VAR_OUTER, i + 1, input->coltypes[i], -1, 0));
	foreach(lc, keys)
	{
		TargetEntry *tle = tle_by_ref(q->targetList, ((SortGroupClause *) lfirst(lc))->tleSortGroupRef);

		proj = lappend(proj, expr_copy(list_nth(*tlist, tle->resno - 1)));
	}
	input = make_projection(input, proj, true);
	sort = makeNode(SortPlan);
	sort->nkeys = nkeys;
	sort->sortcols = palloc(sizeof(int) * Max(nkeys, 1));
	sort->sorttypes = palloc(sizeof(Oid) * Max(nkeys, 1));
	sort->descending = palloc(sizeof(bool) * Max(nkeys, 1));
	sort->nullsfirst = palloc(sizeof(bool) * Max(nkeys, 1));
	foreach(lc, keys)
	{
		SortGroupClause *sgc = lfirst(lc);
		int			i = foreach_current_index(lc);

		sort->sortcols[i] = base + i + 1;
		sort->sorttypes[i] = sgc->sorttype;
		sort->descending[i] = sgc->descending;
		sort->nullsfirst[i] = sgc->nulls_first;
	}
	sort->plan.lefttree = input;
	sort->plan.ncols = input->ncols;
	sort->plan.coltypes = input->coltypes;
	copy_estimates((Plan *) sort, input);
	wa->npart = list_length(wc->partitionClause);
	wa->nord = list_length(wc->orderClause);
	wa->partcols = palloc(sizeof(int) * Max(wa->npart, 1));
	wa->ordcols = palloc(sizeof(int) * Max(wa->nord, 1));
	for (int i = 0; i < wa->npart; i++)
		wa->partcols[i] = base + i + 1;
	for (int i = 0; i < wa->nord; i++)
		wa->ordcols[i] = base + wa->npart + i + 1;
	wa->winfuncs = collect.funcs;
	wa->frameOptions = wc->frameOptions;
	wa->startOffset = set_refs(root, wc->startOffset, NIL, NIL);
	wa->endOffset = set_refs(root, wc->endOffset, NIL, NIL);
	wa->plan.lefttree = (Plan *) sort;
	wa->plan.ncols = input->ncols + list_length(collect.funcs);
	wa->plan.coltypes = palloc(sizeof(Oid) * wa->plan.ncols);
	memcpy(wa->plan.coltypes, input->coltypes, sizeof(Oid) * input->ncols);
	foreach(lc, collect.funcs)
		wa->plan.coltypes[input->ncols + foreach_current_index(lc)] = exprType(lfirst(lc));
	copy_estimates((Plan *) wa, input);
	wr.funcs = collect.funcs;
	wr.first_col = input->ncols + 1;
	*tlist = (List *) replace_winfuncs_mutator((Node *) *tlist, &wr);
	return (Plan *) wa;
}

/* ------------------------------------------------------------------------
 * The pipeline
 * ------------------------------------------------------------------------
 */
static int
count_visible(List *targetList)
{
	ListCell   *lc;
	int			n = 0;

	foreach(lc, targetList)
	{
		if (!((TargetEntry *) lfirst(lc))->resjunk)
			n++;
	}
	return n;
}

static Plan *
plan_distinct(PlannerInfo *root, Plan *p, bool *sorted)
{
	Query	   *q = root->parse;
	int			n = list_length(q->distinctClause);
	int		   *cols = palloc(sizeof(int) * Max(n, 1));
	ListCell   *lc;

	*sorted = false;
	foreach(lc, q->distinctClause)
		cols[foreach_current_index(lc)] =
			tle_by_ref(q->targetList, ((SortGroupClause *) lfirst(lc))->tleSortGroupRef)->resno;
	if (q->hasDistinctOn)
	{
		/* sort by ORDER BY then the DISTINCT ON columns; keep the first of each */
		List	   *order = list_concat_copy(q->sortClause, NIL);

		foreach(lc, q->distinctClause)
		{
			if (!list_member_ptr(order, lfirst(lc)))
				order = lappend(order, lfirst(lc));
		}
		p = make_sort(p, order, q->targetList);
		*sorted = true;
		return make_unique_cols(p, n, cols);
	}
	if (q->sortClause == NIL && guc_enable_hashagg && count_visible(q->targetList) == n &&
		n == p->ncols)
		return make_hashed_distinct(p, n);
	p = make_sort(p, q->distinctClause, q->targetList);
	*sorted = true;
	return make_unique_cols(p, n, cols);
}

Plan *
plan_upper(PlannerInfo *root, Plan *input, List *where_quals)
{
	Query	   *q = root->parse;
	List	   *tlist = tlist_exprs(q->targetList);
	Expr	   *having = q->havingQual;
	Plan	   *p = input;
	bool		sorted = false;

	if (input == NULL && where_quals != NIL)
	{
		/* SELECT ... WHERE without FROM: a gated one-row Result */
		ResultPlan *r = (ResultPlan *) make_projection(NULL, NIL, false);
		BoolExpr   *b = makeNode(BoolExpr);

		b->boolop = AND_EXPR;
		b->args = set_refs_list(root, where_quals, NIL, NIL);
		b->location = -1;
		r->constqual = list_length(where_quals) == 1 ? linitial(b->args) : (Expr *) b;
		p = (Plan *) r;
	}
	if (q->hasAggs || q->groupClause != NIL || q->havingQual != NULL)
		p = make_agg(root, p, &tlist, &having);
	else if (p != NULL)
		tlist = set_refs_list(root, tlist, p->layout, NIL);
	else
		tlist = set_refs_list(root, tlist, NIL, NIL);

	if (q->hasWindowFuncs)
	{
		ListCell   *lc;

		if (p == NULL)
			p = make_projection(NULL, NIL, false);
		foreach(lc, q->windowClause)
			p = make_window_agg(root, p, lfirst(lc), &tlist);
	}
	if (q->hasSrfs)
		p = make_project_set(p, tlist);
	else if (p != NULL && IsA(p, ResultPlan) && ((ResultPlan *) p)->tlist == NIL &&
			 p->lefttree == NULL)
	{
		/* fill the gated one-row Result's target list */
		((ResultPlan *) p)->tlist = tlist;
		p->ncols = list_length(tlist);
		set_coltypes_from_exprs(p, tlist);
	}
	else
		p = make_projection(p, tlist, true);

	if (q->distinctClause != NIL)
		p = plan_distinct(root, p, &sorted);
	if (q->sortClause != NIL && !sorted)
		p = make_sort(p, q->sortClause, q->targetList);
	if (q->limitCount != NULL || q->limitOffset != NULL)
		p = make_limit(p, set_refs(root, q->limitOffset, NIL, NIL),
					   set_refs(root, q->limitCount, NIL, NIL));
	return p;
}
