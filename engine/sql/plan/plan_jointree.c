/*-------------------------------------------------------------------------
 * plan_jointree.c
 *	  FROM and WHERE: where each qual is evaluated, join order, and join
 *	  methods.
 *
 * Qual placement: WHERE and inner-join ON conditions are split into
 * conjuncts and put in a pool; each is evaluated at the lowest plan node
 * where all the relations it references are available (a scan filter, an
 * index key, or a join condition).  Outer joins are barriers: conditions
 * from above never move into an outer join's nullable side, and ON
 * conditions of an outer join stay at that join (except those that only
 * reference the nullable side, which filter it before the join).
 *
 * Join order: inner joins are flattened into one list; starting from the
 * first item, the planner repeatedly joins the next item that shares a
 * condition with what is already joined (avoiding cross products), else
 * the next in written order.
 *
 * Join method: index nested loop when the new item is a table with a
 * btree index whose leading column is equated to the joined side and the
 * joined side is small; else hash join when there are equality conditions
 * (enable_hashjoin); else nested loop (inner side materialized).
 * RIGHT JOIN is planned as LEFT JOIN with the sides swapped.
 *-------------------------------------------------------------------------
 */
#include "sql/plan/plan_internal.h"

#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

typedef struct JoinUnit
{
	Plan	   *plan;
	List	   *relids;
	List	   *lateral_refs;	/* OuterParams the unit needs from its outer side */
} JoinUnit;

/* Nested-loop params for a LATERAL inner unit, read from the outer row. */
static List *
lateral_nestparams(PlannerInfo *root, JoinUnit *inner, JoinUnit *outer)
{
	List	   *result = NIL;
	ListCell   *lc;

	foreach(lc, inner->lateral_refs)
	{
		OuterParam *op = lfirst(lc);
		NestParamPlan *np = makeNode(NestParamPlan);

		if (!list_member_int(outer->relids, op->var->varno))
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("this LATERAL reference is not supported"));
		np->paramno = op->paramid;
		np->expr = set_refs(root, (Expr *) op->var, outer->plan->layout, NIL);
		result = lappend(result, np);
	}
	return result;
}

List *
make_conjuncts(Expr *qual)
{
	if (qual == NULL)
		return NIL;
	if (IsA(qual, BoolExpr) && ((BoolExpr *) qual)->boolop == AND_EXPR)
	{
		List	   *result = NIL;
		ListCell   *lc;

		foreach(lc, ((BoolExpr *) qual)->args)
			result = list_concat(result, make_conjuncts(lfirst(lc)));
		return result;
	}
	return list_make1(qual);
}

/* relids of a jointree item */
static List *
item_relids(PlannerInfo *root, Node *item)
{
	if (IsA(item, RangeTblRef))
		return list_make1_int(((RangeTblRef *) item)->rtindex);
	if (IsA(item, JoinTreeExpr))
		return list_concat(item_relids(root, ((JoinTreeExpr *) item)->larg),
						   item_relids(root, ((JoinTreeExpr *) item)->rarg));
	if (IsA(item, FromExpr))
	{
		List	   *result = NIL;
		ListCell   *lc;

		foreach(lc, ((FromExpr *) item)->fromlist)
			result = list_concat(result, item_relids(root, lfirst(lc)));
		return result;
	}
	return NIL;
}

/* Flatten inner joins into items, adding their ON conjuncts to the pool. */
static List *
flatten_inner(Node *item, List **pool, List **all_quals)
{
	if (IsA(item, JoinTreeExpr) && ((JoinTreeExpr *) item)->jointype == JOIN_INNER)
	{
		JoinTreeExpr *j = (JoinTreeExpr *) item;
		List	   *conj = make_conjuncts(j->quals);

		*pool = list_concat(*pool, conj);
		if (all_quals)
			*all_quals = list_concat(*all_quals, conj);
		return list_concat(flatten_inner(j->larg, pool, all_quals),
						   flatten_inner(j->rarg, pool, all_quals));
	}
	if (IsA(item, FromExpr))
	{
		List	   *result = NIL;
		ListCell   *lc;
		List	   *conj = make_conjuncts(((FromExpr *) item)->quals);

		*pool = list_concat(*pool, conj);
		if (all_quals)
			*all_quals = list_concat(*all_quals, conj);
		foreach(lc, ((FromExpr *) item)->fromlist)
			result = list_concat(result, flatten_inner(lfirst(lc), pool, all_quals));
		return result;
	}
	return list_make1(item);
}

static bool
relids_subset(List *a, List *b)
{
	ListCell   *lc;

	foreach(lc, a)
	{
		if (!list_member_int(b, lfirst_int(lc)))
			return false;
	}
	return true;
}

static bool
relids_overlap(List *a, List *b)
{
	ListCell   *lc;

	foreach(lc, a)
	{
		if (list_member_int(b, lfirst_int(lc)))
			return true;
	}
	return false;
}

/* Remove and return the pool quals evaluable over relids that touch `must`. */
static List *
take_join_quals(List **pool, List *relids, List *must)
{
	List	   *mine = NIL;
	List	   *rest = NIL;
	ListCell   *lc;

	foreach(lc, *pool)
	{
		List	   *v = expr_varnos(lfirst(lc));

		if (v != NIL && relids_subset(v, relids) && relids_overlap(v, must))
			mine = lappend(mine, lfirst(lc));
		else
			rest = lappend(rest, lfirst(lc));
	}
	*pool = rest;
	return mine;
}

static JoinUnit *plan_item(PlannerInfo *root, Node *item, List **pool);

/* ------------------------------------------------------------------------
 * Join construction
 * ------------------------------------------------------------------------
 */
static bool
hashable_pair(Oid a, Oid b)
{
	const TypeInfo *ta = type_get_or_null(a);

	if (ta == NULL || ta->hash == NULL || ta->compare == NULL)
		return false;
	if (a == b)
		return true;
	return (a == INT2OID || a == INT4OID || a == INT8OID) &&
		(b == INT2OID || b == INT4OID || b == INT8OID);
}

/* Is qual "outer_expr = inner_expr"?  Sets the two sides. */
static bool
split_hash_clause(Expr *qual, List *outer_relids, List *inner_relids, Expr **oexpr,
				  Expr **iexpr)
{
	OpExpr	   *op;
	Expr	   *l;
	Expr	   *r;
	List	   *lv;
	List	   *rv;

	if (!IsA(qual, OpExpr))
		return false;
	op = (OpExpr *) qual;
	if (op->kind != OPK_NORMAL || list_length(op->args) != 2 || strcmp(op->op->name, "=") != 0 ||
		op->opresulttype != BOOLOID)
		return false;
	l = linitial(op->args);
	r = lsecond(op->args);
	if (!hashable_pair(exprType((Node *) l), exprType((Node *) r)) ||
		expr_contains_volatile((Node *) qual))
		return false;
	lv = expr_varnos((Node *) l);
	rv = expr_varnos((Node *) r);
	if (lv == NIL || rv == NIL)
		return false;
	if (relids_subset(lv, outer_relids) && relids_subset(rv, inner_relids))
	{
		*oexpr = l;
		*iexpr = r;
		return true;
	}
	if (relids_subset(rv, outer_relids) && relids_subset(lv, inner_relids))
	{
		*oexpr = r;
		*iexpr = l;
		return true;
	}
	return false;
}

static double
join_rows(JoinUnit *o, JoinUnit *i, bool equi, JoinType jt)
{
	double		rows = equi ? Max(o->plan->plan_rows, i->plan->plan_rows) :
		o->plan->plan_rows * i->plan->plan_rows;

	if (jt == JOIN_LEFT)
		rows = Max(rows, o->plan->plan_rows);
	return Max(rows, 1);
}

static Plan *
finish_join(Plan *join, JoinUnit *o, JoinUnit *i, double rows)
{
	List	   *layout = list_concat_copy(o->plan->layout, i->plan->layout);

	plan_init_node(join, list_length(layout), layout);
	join->lefttree = o->plan;
	join->righttree = i->plan;
	join->plan_rows = rows;
	join->startup_cost = i->plan->total_cost;
	join->total_cost = o->plan->total_cost + i->plan->total_cost + rows * 0.01;
	join->plan_width = o->plan->plan_width + i->plan->plan_width;
	return join;
}

static Plan *
make_hash_join(PlannerInfo *root, JoinUnit *o, JoinUnit *i, List *quals, JoinType jt)
{
	HashJoinPlan *hj = makeNode(HashJoinPlan);
	List	   *other = NIL;
	ListCell   *lc;

	foreach(lc, quals)
	{
		Expr	   *oe;
		Expr	   *ie;

		if (split_hash_clause(lfirst(lc), o->relids, i->relids, &oe, &ie))
		{
			hj->outerkeys = lappend(hj->outerkeys, set_refs(root, oe, o->plan->layout, NIL));
			hj->innerkeys = lappend(hj->innerkeys, set_refs(root, ie, i->plan->layout, NIL));
			hj->hashclauses = lappend(hj->hashclauses,
									  set_refs(root, lfirst(lc), o->plan->layout,
											   i->plan->layout));
		}
		else
			other = lappend(other, lfirst(lc));
	}
	hj->jointype = jt;
	finish_join((Plan *) hj, o, i, join_rows(o, i, true, jt));
	hj->joinqual = set_refs_list(root, other, o->plan->layout, i->plan->layout);
	return (Plan *) hj;
}

static bool
has_hash_clause(List *quals, List *orel, List *irel)
{
	ListCell   *lc;
	Expr	   *a;
	Expr	   *b;

	foreach(lc, quals)
	{
		if (split_hash_clause(lfirst(lc), orel, irel, &a, &b))
			return true;
	}
	return false;
}

static Plan *
make_nestloop(PlannerInfo *root, JoinUnit *o, JoinUnit *i, List *quals, JoinType jt,
			  List *nestparams)
{
	NestLoopPlan *nl = makeNode(NestLoopPlan);
	JoinUnit	inner = *i;

	if (nestparams == NIL && !IsA(i->plan, SeqScanPlan) && !IsA(i->plan, MaterialPlan) &&
		!IsA(i->plan, ValuesScanPlan) && !IsA(i->plan, CteScanPlan))
	{
		MaterialPlan *m = makeNode(MaterialPlan);

		plan_init_node((Plan *) m, i->plan->ncols, i->plan->layout);
		m->plan.lefttree = i->plan;
		m->plan.plan_rows = i->plan->plan_rows;
		m->plan.total_cost = i->plan->total_cost;
		m->plan.plan_width = i->plan->plan_width;
		inner.plan = (Plan *) m;
	}
	nl->jointype = jt;
	nl->nestparams = nestparams;
	finish_join((Plan *) nl, o, &inner, join_rows(o, &inner, nestparams != NIL, jt));
	nl->joinqual = set_refs_list(root, quals, o->plan->layout, inner.plan->layout);
	return (Plan *) nl;
}

/* Could item be the inner side of an index nested loop from `outer`? */
static bool
index_nestloop_candidate(PlannerInfo *root, Node *item, JoinUnit *outer, List *pool)
{
	RangeTblRef *rtr;
	ListCell   *lc;

	if (!IsA(item, RangeTblRef) || !guc_enable_nestloop || !guc_enable_indexscan)
		return false;
	rtr = (RangeTblRef *) item;
	if (((RangeTblEntry *) list_nth(root->parse->rtable, rtr->rtindex - 1))->rtekind !=
		RTE_RELATION)
		return false;
	foreach(lc, pool)
	{
		Expr	   *oe;
		Expr	   *ie;
		List	   *irel = list_make1_int(rtr->rtindex);

		if (split_hash_clause(lfirst(lc), outer->relids, irel, &oe, &ie) || 
			(IsA(lfirst(lc), OpExpr) && strcmp(((OpExpr *) lfirst(lc))->op->name, "=") == 0 &&
			 split_hash_clause(lfirst(lc), outer->relids, irel, &oe, &ie)))
		{
			while (IsA(ie, CoerceExpr))
				ie = ((CoerceExpr *) ie)->arg;
			if (IsA(ie, Var) && ((Var *) ie)->varno == rtr->rtindex &&
				rel_has_index_on(root, rtr->rtindex, ((Var *) ie)->varattno))
				return true;
		}
	}
	return false;
}

static JoinUnit *
join_two(PlannerInfo *root, JoinUnit *outer, Node *item, List **pool)
{
	List	   *irelids = item_relids(root, item);
	List	   *all = list_concat_copy(outer->relids, irelids);
	JoinUnit   *result = palloc0(sizeof(JoinUnit));
	JoinUnit   *inner;
	List	   *quals;

	if (index_nestloop_candidate(root, item, outer, *pool))
	{
		double		inner_rows = estimate_rel_rows(((RangeTblEntry *) list_nth(root->parse->rtable,
																			   ((RangeTblRef *) item)->rtindex - 1))->relid);

		if (outer->plan->plan_rows * 4 < inner_rows || !guc_enable_hashjoin)
		{
			List	   *nestparams = NIL;
			List	   *lateral;

			inner = palloc0(sizeof(JoinUnit));
			inner->relids = irelids;
			inner->plan = plan_base_rel(root, ((RangeTblRef *) item)->rtindex, pool,
										outer->relids, outer->plan->layout, &nestparams,
										&lateral);
			quals = take_join_quals(pool, all, irelids);
			result->plan = make_nestloop(root, outer, inner, quals, JOIN_INNER, nestparams);
			result->relids = all;
			return result;
		}
	}
	inner = plan_item(root, item, pool);
	quals = take_join_quals(pool, all, irelids);
	if (inner->lateral_refs != NIL)
		result->plan = make_nestloop(root, outer, inner, quals, JOIN_INNER,
									 lateral_nestparams(root, inner, outer));
	else if (guc_enable_hashjoin && has_hash_clause(quals, outer->relids, inner->relids))
		result->plan = make_hash_join(root, outer, inner, quals, JOIN_INNER);
	else
		result->plan = make_nestloop(root, outer, inner, quals, JOIN_INNER, NIL);
	result->relids = all;
	return result;
}

static bool
item_connected(PlannerInfo *root, Node *item, List *relids, List *pool)
{
	List	   *irel = item_relids(root, item);
	ListCell   *lc;

	foreach(lc, pool)
	{
		List	   *v = expr_varnos(lfirst(lc));

		if (relids_overlap(v, irel) && relids_overlap(v, relids) &&
			relids_subset(v, list_concat_copy(relids, irel)))
			return true;
	}
	return false;
}

/* Are the FROM items a LATERAL item depends on already joined? */
static bool
item_ready(PlannerInfo *root, Node *item, List *relids)
{
	if (!IsA(item, RangeTblRef))
		return true;
	return relids_subset(rel_lateral_deps(root, ((RangeTblRef *) item)->rtindex), relids);
}

static JoinUnit *
join_items(PlannerInfo *root, List *items, List **pool)
{
	JoinUnit   *cur = plan_item(root, linitial(items), pool);

	if (cur->lateral_refs != NIL && list_length(items) == 1)
		return cur;				/* the caller joins it (LEFT JOIN LATERAL) */
	if (cur->lateral_refs != NIL)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("this LATERAL reference is not supported"));
	List	   *rest = list_copy_tail(items, 1);

	while (rest != NIL)
	{
		Node	   *next = NULL;
		ListCell   *lc;

		foreach(lc, rest)
		{
			if (item_ready(root, lfirst(lc), cur->relids) &&
				item_connected(root, lfirst(lc), cur->relids, *pool))
			{
				next = lfirst(lc);
				break;
			}
		}
		foreach(lc, rest)
		{
			if (next == NULL && item_ready(root, lfirst(lc), cur->relids))
				next = lfirst(lc);
		}
		if (next == NULL)
			next = linitial(rest);
		rest = list_delete_ptr(rest, next);
		cur = join_two(root, cur, next, pool);
	}
	return cur;
}

/* ------------------------------------------------------------------------
 * Outer joins
 * ------------------------------------------------------------------------
 */
static JoinUnit *
plan_outer_join(PlannerInfo *root, JoinTreeExpr *j, List **pool)
{
	JoinType	jt = j->jointype;
	Node	   *larg = j->larg;
	Node	   *rarg = j->rarg;
	List	   *on = make_conjuncts(j->quals);
	List	   *lpool = NIL;
	List	   *rpool = NIL;
	List	   *lrelids;
	List	   *rrelids;
	JoinUnit   *left;
	JoinUnit   *right;
	JoinUnit   *result = palloc0(sizeof(JoinUnit));
	List	   *joinquals = NIL;
	List	   *nestparams = NIL;
	ListCell   *lc;

	if (jt == JOIN_RIGHT)
	{
		larg = j->rarg;
		rarg = j->larg;
		jt = JOIN_LEFT;
	}
	lrelids = item_relids(root, larg);
	rrelids = item_relids(root, rarg);
	/* ON conditions on the nullable side alone filter it before the join */
	foreach(lc, on)
	{
		List	   *v = expr_varnos(lfirst(lc));

		if (jt == JOIN_LEFT && v != NIL && relids_subset(v, rrelids))
			rpool = lappend(rpool, lfirst(lc));
		else
			joinquals = lappend(joinquals, lfirst(lc));
	}
	{
		List	   *litems = flatten_inner(larg, jt == JOIN_LEFT ? pool : &lpool, NULL);

		left = join_items(root, litems, jt == JOIN_LEFT ? pool : &lpool);
	}
	if (jt == JOIN_LEFT && IsA(rarg, RangeTblRef) && guc_enable_nestloop &&
		!has_hash_clause(joinquals, lrelids, rrelids) &&
		index_nestloop_candidate(root, rarg, left, joinquals))
	{
		List	   *tmp = list_concat_copy(joinquals, NIL);

		right = palloc0(sizeof(JoinUnit));
		right->relids = rrelids;
		rpool = list_concat(rpool, tmp);
		right->plan = plan_base_rel(root, ((RangeTblRef *) rarg)->rtindex, &rpool,
									left->relids, left->plan->layout, &nestparams,
									&right->lateral_refs);
		joinquals = rpool;
		result->relids = list_concat_copy(lrelids, rrelids);
		result->plan = make_nestloop(root, left, right, joinquals, JOIN_LEFT, nestparams);
		return result;
	}
	{
		List	   *ritems = flatten_inner(rarg, &rpool, NULL);

		right = join_items(root, ritems, &rpool);
	}
	/* whatever the nullable side did not use (no-Var conditions) joins the ON */
	joinquals = list_concat(joinquals, rpool);
	if (jt == JOIN_FULL)
		joinquals = list_concat(joinquals, lpool);
	result->relids = list_concat_copy(lrelids, rrelids);
	if (right->lateral_refs != NIL)
	{
		if (jt == JOIN_FULL)
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("FULL JOIN with a LATERAL reference is not supported"));
		result->plan = make_nestloop(root, left, right, joinquals, jt,
									 lateral_nestparams(root, right, left));
	}
	else if ((guc_enable_hashjoin || jt == JOIN_FULL) &&
		has_hash_clause(joinquals, left->relids, right->relids))
		result->plan = make_hash_join(root, left, right, joinquals, jt);
	else if (jt == JOIN_FULL)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("FULL JOIN is only supported with merge-joinable or hash-joinable join conditions"));
	else
		result->plan = make_nestloop(root, left, right, joinquals, jt, NIL);
	return result;
}

static JoinUnit *
plan_item(PlannerInfo *root, Node *item, List **pool)
{
	if (IsA(item, RangeTblRef))
	{
		JoinUnit   *u = palloc0(sizeof(JoinUnit));
		List	   *nestparams = NIL;

		u->relids = list_make1_int(((RangeTblRef *) item)->rtindex);
		u->plan = plan_base_rel(root, ((RangeTblRef *) item)->rtindex, pool, NIL, NIL,
								&nestparams, &u->lateral_refs);
		return u;
	}
	if (IsA(item, JoinTreeExpr))
	{
		JoinTreeExpr *j = (JoinTreeExpr *) item;

		if (j->jointype == JOIN_INNER)
			return join_items(root, flatten_inner(item, pool, NULL), pool);
		return plan_outer_join(root, j, pool);
	}
	elog(ERROR, "unexpected jointree node %d", (int) nodeTag(item));
	return NULL;
}

/*
 * Plan the FROM/WHERE part of the query.  Returns NULL when there is no
 * FROM clause (*all_quals then holds the WHERE conjuncts for a Result).
 * *all_quals receives every WHERE / inner ON conjunct (for UPDATE/DELETE
 * re-checks).
 */
Plan *
plan_jointree(PlannerInfo *root, List **all_quals)
{
	FromExpr   *f = root->parse->jointree;
	List	   *pool = NIL;
	List	   *items;
	JoinUnit   *u;

	*all_quals = NIL;
	if (f == NULL)
		return NULL;
	items = flatten_inner((Node *) f, &pool, all_quals);
	if (items == NIL)
		return NULL;
	u = join_items(root, items, &pool);
	if (pool != NIL)
		u->plan->qual = list_concat(u->plan->qual,
									set_refs_list(root, pool, u->plan->layout, NIL));
	return u->plan;
}
