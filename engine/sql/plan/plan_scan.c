/*-------------------------------------------------------------------------
 * plan_scan.c
 *	  Base relations: how to scan each FROM item, and the estimates the
 *	  join and scan choices use.
 *
 * Index scans: a btree index is usable when some qual compares its
 * leading column with =, <, <=, >, >= against a value that is constant
 * during the scan (a Const, a Param, or -- for the inner side of an index
 * nested loop -- a column of the outer side, passed as an exec Param).
 * Quals on further index columns are used while the previous columns have
 * equality.  The value is converted to the column's type at run time when
 * the conversion is safe (integer widths, text/varchar); otherwise the
 * qual stays a filter.
 *
 * Choice (no statistics, so PostgreSQL's default selectivities): equality
 * on a unique index's full key -> always the index; equality on a leading
 * column or a two-sided range -> index; a one-sided range -> sequential
 * scan unless enable_seqscan is off.  enable_indexscan off disables
 * index scans.
 *-------------------------------------------------------------------------
 */
#include "sql/plan/plan_internal.h"

#include "access/heap/heapam.h"
#include "access/nbtree/nbtree.h"
#include "catalog/relcache.h"
#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

int
type_width(Oid type)
{
	const TypeInfo *ti = type_get_or_null(type);

	if (ti == NULL || ti->typlen < 0)
		return 32;
	return ti->typlen;
}

static int
rte_width(RangeTblEntry *rte)
{
	ListCell   *lc;
	int			w = 0;

	foreach(lc, rte->coltypes)
		w += type_width(lfirst_oid(lc));
	return Max(w, 1);
}

double
estimate_rel_rows(Oid relid)
{
	Relation	rel = relation_open(relid);
	double		rows = rel->rd_reltuples;

	if (rows <= 0)
	{
		BlockNumber pages = heap_nblocks(rel);
		int			width = 0;

		for (int i = 0; i < rel->rd_att->natts; i++)
			width += type_width(tupdesc_attr(rel->rd_att, i)->atttypid);
		if (pages < 10)
			pages = 10;
		rows = (double) pages * (double) (BLCKSZ / (width + 32));
	}
	relation_close(rel);
	return rows;
}

/* ------------------------------------------------------------------------
 * Qual classification
 * ------------------------------------------------------------------------
 */
static int
strategy_of(const char *opname)
{
	if (strcmp(opname, "=") == 0)
		return BTEqualStrategyNumber;
	if (strcmp(opname, "<") == 0)
		return BTLessStrategyNumber;
	if (strcmp(opname, "<=") == 0)
		return BTLessEqualStrategyNumber;
	if (strcmp(opname, ">") == 0)
		return BTGreaterStrategyNumber;
	if (strcmp(opname, ">=") == 0)
		return BTGreaterEqualStrategyNumber;
	return 0;
}

static int
commute_strategy(int s)
{
	switch (s)
	{
		case BTLessStrategyNumber:
			return BTGreaterStrategyNumber;
		case BTLessEqualStrategyNumber:
			return BTGreaterEqualStrategyNumber;
		case BTGreaterStrategyNumber:
			return BTLessStrategyNumber;
		case BTGreaterEqualStrategyNumber:
			return BTLessEqualStrategyNumber;
		default:
			return s;
	}
}

static bool
is_int_type(Oid t)
{
	return t == INT2OID || t == INT4OID || t == INT8OID;
}

static bool
is_text_type(Oid t)
{
	return t == TEXTOID || t == VARCHAROID;
}

/* Can a value of type from be compared in an index on a column of type to? */
bool
index_key_compatible(Oid to, Oid from)
{
	return to == from || (is_int_type(to) && is_int_type(from)) ||
		(is_text_type(to) && is_text_type(from));
}

/* Strip implicit int-widening and text relabels around a Var. */
static Var *
strip_to_var(Expr *e)
{
	while (e && IsA(e, CoerceExpr))
	{
		CoerceExpr *c = (CoerceExpr *) e;

		if (!index_key_compatible(c->resulttype, c->sourcetype) ||
			(is_int_type(c->sourcetype) && type_width(c->resulttype) < type_width(c->sourcetype)))
			return NULL;
		e = c->arg;
	}
	return (e && IsA(e, Var)) ? (Var *) e : NULL;
}

typedef struct VarsOnlyCtx
{
	List	   *allowed;		/* rtindexes allowed (outer side), may be NIL */
	bool		ok;
} VarsOnlyCtx;

static bool
vars_only_walker(Node *node, void *arg)
{
	VarsOnlyCtx *ctx = (VarsOnlyCtx *) arg;

	if (node == NULL)
		return false;
	if (IsA(node, Var) && ((Var *) node)->varlevelsup == 0 &&
		!list_member_int(ctx->allowed, ((Var *) node)->varno))
	{
		ctx->ok = false;
		return true;
	}
	if (IsA(node, SubPlan) || IsA(node, Aggref) ||
		(IsA(node, FuncExpr) && (((FuncExpr *) node)->func->volatility == FUNC_VOLATILE ||
								 ((FuncExpr *) node)->funcretset)))
	{
		ctx->ok = false;
		return true;
	}
	return expression_tree_walker(node, vars_only_walker, arg);
}

/* Is expr constant during a scan, given the outer rels whose Vars are params? */
static bool
is_scan_constant(Expr *expr, List *outer_relids)
{
	VarsOnlyCtx ctx = {outer_relids, true};

	vars_only_walker((Node *) expr, &ctx);
	return ctx.ok;
}

/* An index-usable qual: column attno of rtindex <strategy> value. */
typedef struct IndexQual
{
	Expr	   *qual;
	int			attno;			/* table column */
	int			strategy;
	Expr	   *value;
	bool		uses_outer;
} IndexQual;

static bool
match_index_qual(Expr *qual, int rtindex, List *outer_relids, IndexQual *iq)
{
	OpExpr	   *op;
	Var		   *lv;
	Var		   *rv;
	int			strategy;

	if (!IsA(qual, OpExpr))
		return false;
	op = (OpExpr *) qual;
	if (op->kind != OPK_NORMAL || list_length(op->args) != 2 ||
		(strategy = strategy_of(op->op->name)) == 0)
		return false;
	lv = strip_to_var(linitial(op->args));
	rv = strip_to_var(lsecond(op->args));
	if (lv && lv->varlevelsup == 0 && lv->varno == rtindex && lv->varattno > 0 &&
		is_scan_constant(lsecond(op->args), outer_relids))
	{
		iq->attno = lv->varattno;
		iq->strategy = strategy;
		iq->value = lsecond(op->args);
	}
	else if (rv && rv->varlevelsup == 0 && rv->varno == rtindex && rv->varattno > 0 &&
			 is_scan_constant(linitial(op->args), outer_relids))
	{
		iq->attno = rv->varattno;
		iq->strategy = commute_strategy(strategy);
		iq->value = linitial(op->args);
	}
	else
		return false;
	iq->qual = qual;
	iq->uses_outer = expr_contains_vars((Node *) iq->value);
	return true;
}

/* ------------------------------------------------------------------------
 * Index choice
 * ------------------------------------------------------------------------
 */
typedef struct IndexChoice
{
	Relation	index;			/* NULL: none */
	List	   *quals;			/* IndexQual list used as keys */
	List	   *keycols;		/* IntList: index column per IndexQual */
	int			score;			/* 0 best .. 3 worst */
	bool		uses_outer;
	double		probed_rows;	/* > 0: rows counted in the index */
} IndexChoice;

static void
consider_index(Relation index, List *cands, IndexChoice *best)
{
	IndexInfo  *ii = index->rd_index;
	List	   *used = NIL;
	List	   *cols = NIL;
	int			eqcols = 0;
	bool		lower = false;
	bool		upper = false;
	bool		outer = false;
	int			score;

	for (int k = 0; k < ii->nkeys; k++)
	{
		ListCell   *lc;
		bool		has_eq = false;
		bool		any = false;

		foreach(lc, cands)
		{
			IndexQual  *iq = lfirst(lc);

			if (iq->attno != ii->keys[k])
				continue;
			if (!index_key_compatible(ii->key_types[k], exprType((Node *) iq->value)))
				continue;
			any = true;
			used = lappend(used, iq);
			cols = lappend_int(cols, k + 1);
			outer |= iq->uses_outer;
			if (iq->strategy == BTEqualStrategyNumber)
				has_eq = true;
			else if (iq->strategy == BTLessStrategyNumber ||
					 iq->strategy == BTLessEqualStrategyNumber)
				upper = true;
			else
				lower = true;
		}
		if (!any || !has_eq)
			break;
		eqcols++;
	}
	if (used == NIL)
		return;
	if (ii->unique && eqcols == ii->nkeys)
		score = 0;
	else if (eqcols > 0)
		score = 1;
	else if (lower && upper)
		score = 2;
	else
		score = 3;
	if (best->index == NULL || score < best->score ||
		(score == best->score && list_length(used) > list_length(best->quals)))
	{
		best->index = index;
		best->quals = used;
		best->keycols = cols;
		best->score = score;
		best->uses_outer = outer;
		best->probed_rows = 0;
	}
}

/* Expression with this level's Vars labelled for EXPLAIN (not remapped). */
static Node *
label_mutator(Node *node, void *ctx)
{
	PlannerInfo *root = (PlannerInfo *) ctx;

	if (node == NULL)
		return NULL;
	if (IsA(node, Var) && ((Var *) node)->varno > 0)
	{
		Var		   *v = (Var *) expr_copy(node);
		RangeTblEntry *rte = list_nth(root->parse->rtable, v->varno - 1);

		v->explain_rel = rte->aliasname;
		if (v->varattno > 0)
			v->explain_col = strVal(list_nth(rte->colnames, v->varattno - 1));
		return (Node *) v;
	}
	return expression_tree_mutator(node, label_mutator, ctx);
}

/* Replace outer Vars in an index key by exec params set by the nested loop. */
typedef struct NestParamCtx
{
	PlannerInfo *root;
	List	   *outer_layout;
	List	  **nestparams;
} NestParamCtx;

static Node *
nestparam_mutator(Node *node, void *arg)
{
	NestParamCtx *ctx = (NestParamCtx *) arg;

	if (node == NULL)
		return NULL;
	if (IsA(node, Var) && ((Var *) node)->varlevelsup == 0)
	{
		Var		   *v = (Var *) node;
		NestParamPlan *np = makeNode(NestParamPlan);
		Param	   *p = makeNode(Param);

		np->paramno = ctx->root->glob->nParamExec++;
		np->expr = set_refs(ctx->root, (Expr *) v, ctx->outer_layout, NIL);
		*ctx->nestparams = lappend(*ctx->nestparams, np);
		p->paramkind = PARAM_EXEC;
		p->paramid = np->paramno;
		p->paramtype = v->vartype;
		p->paramtypmod = v->vartypmod;
		p->location = v->location;
		return (Node *) p;
	}
	return expression_tree_mutator(node, nestparam_mutator, arg);
}

static Plan *
make_index_scan(PlannerInfo *root, int rtindex, RangeTblEntry *rte, IndexChoice *ic,
				List *outer_layout, List **nestparams)
{
	IndexScanPlan *is = makeNode(IndexScanPlan);
	NestParamCtx npc = {root, outer_layout, nestparams};
	ListCell   *lc;
	ListCell   *kc;
	List	   *keys = NIL;

	forboth(lc, ic->quals, kc, ic->keycols)
	{
		IndexQual  *iq = lfirst(lc);
		IndexKeyPlan *k = makeNode(IndexKeyPlan);

		k->attno = lfirst_int(kc);
		k->strategy = iq->strategy;
		k->arg = iq->uses_outer ? (Expr *) nestparam_mutator((Node *) iq->value, &npc) :
			(Expr *) expr_copy(iq->value);
		k->argtype = exprType((Node *) iq->value);
		k->keytype = ic->index->rd_index->key_types[k->attno - 1];
		k->origqual = (Expr *) label_mutator((Node *) iq->qual, root);
		/* keep keys ordered by index column */
		{
			List	   *sorted = NIL;
			bool		placed = false;
			ListCell   *sc;

			foreach(sc, keys)
			{
				IndexKeyPlan *other = lfirst(sc);

				if (!placed && other->attno > k->attno)
				{
					sorted = lappend(sorted, k);
					placed = true;
				}
				sorted = lappend(sorted, other);
			}
			if (!placed)
				sorted = lappend(sorted, k);
			keys = sorted;
		}
	}
	is->scanrelid = rtindex;
	is->relid = rte->relid;
	is->relname = rte->relname;
	is->aliasname = rte->aliasname;
	is->indexid = ic->index->rd_id;
	is->indexname = pstrdup(ic->index->rd_name);
	is->indexkeys = keys;
	return (Plan *) is;
}

static double
index_rows(double rows, IndexChoice *ic)
{
	if (ic->probed_rows > 0)
		return ic->probed_rows;
	switch (ic->score)
	{
		case 0:
			return 1;
		case 1:
			return Max(1, rows * 0.005);
		case 2:
			return Max(1, rows * 0.005);
		default:
			return Max(1, rows * 0.333);
	}
}

/*
 * Without statistics a one- or two-sided range is a guess; when every key
 * is a constant, count the index entries in the range instead (at most
 * PROBE_LIMIT of them, so planning stays cheap).  Returns -1 when the keys
 * are not constants, else the count (PROBE_LIMIT meaning "at least").
 */
#define PROBE_LIMIT 2000

static double
probe_index_rows(IndexChoice *ic)
{
	ScanKeyData keys[INDEX_MAX_KEYS * 4];
	int			nkeys = 0;
	ListCell   *lc;
	ListCell   *kc;
	BTScanDesc	scan;
	ItemPointerData tid;
	double		n = 0;

	forboth(lc, ic->quals, kc, ic->keycols)
	{
		IndexQual  *iq = lfirst(lc);
		Const	   *c = (Const *) iq->value;
		int			pos = nkeys;

		if (!IsA(c, Const) || c->constisnull || nkeys >= (int) lengthof(keys) ||
			c->consttype != ic->index->rd_index->key_types[lfirst_int(kc) - 1])
			return -1;
		/* keep the keys ordered by index column */
		while (pos > 0 && keys[pos - 1].attno > lfirst_int(kc))
		{
			keys[pos] = keys[pos - 1];
			pos--;
		}
		keys[pos].attno = lfirst_int(kc);
		keys[pos].strategy = iq->strategy;
		keys[pos].argument = c->constvalue;
		keys[pos].arg_is_null = false;
		nkeys++;
	}
	scan = btree_beginscan(ic->index, keys, nkeys, false);
	while (n < PROBE_LIMIT && btree_getnext(scan, &tid))
		n++;
	btree_endscan(scan);
	return n;
}

/* ------------------------------------------------------------------------
 * Selectivity
 * ------------------------------------------------------------------------
 */
double
clause_selectivity(PlannerInfo *root, Expr *qual)
{
	(void) root;
	if (IsA(qual, OpExpr) && ((OpExpr *) qual)->kind == OPK_NORMAL)
	{
		int			s = strategy_of(((OpExpr *) qual)->op->name);

		if (s == BTEqualStrategyNumber)
			return 0.005;
		if (s != 0)
			return 0.333;
	}
	if (IsA(qual, NullTest))
		return ((NullTest *) qual)->nulltesttype == IS_NULL ? 0.005 : 0.995;
	return 0.5;
}

bool
rel_has_index_on(PlannerInfo *root, int rtindex, int attno)
{
	RangeTblEntry *rte = list_nth(root->parse->rtable, rtindex - 1);
	Relation	rel;
	ListCell   *lc;
	bool		found = false;

	if (rte->rtekind != RTE_RELATION)
		return false;
	rel = relation_open(rte->relid);
	foreach(lc, rel->rd_indexes)
	{
		Relation	idx = relation_open(lfirst_oid(lc));

		if (idx->rd_index && idx->rd_index->keys[0] == attno)
			found = true;
		relation_close(idx);
	}
	relation_close(rel);
	return found;
}

/* ------------------------------------------------------------------------
 * Base relation plans
 * ------------------------------------------------------------------------
 */
static List *
take_rel_quals(List **quals, int rtindex)
{
	List	   *mine = NIL;
	List	   *rest = NIL;
	ListCell   *lc;

	foreach(lc, *quals)
	{
		Expr	   *q = lfirst(lc);
		List	   *relids = expr_varnos((Node *) q);

		if (list_length(relids) == 1 && linitial_int(relids) == rtindex)
			mine = lappend(mine, q);
		else
			rest = lappend(rest, q);
	}
	*quals = rest;
	return mine;
}

static void
set_scan_estimates(Plan *p, double rows, double cost, int width)
{
	p->plan_rows = Max(1, rows);
	p->startup_cost = 0;
	p->total_cost = cost;
	p->plan_width = width;
}

static Plan *
plan_relation(PlannerInfo *root, int rtindex, RangeTblEntry *rte, List **pool,
			  List *outer_relids, List *outer_layout, List **nestparams)
{
	List	   *mine = take_rel_quals(pool, rtindex);
	List	   *cands = NIL;
	IndexChoice best = {0};
	Relation	rel = relation_open(rte->relid);
	List	   *indexes = NIL;
	List	   *layout = make_rel_layout(root, rtindex, true);
	List	   *filters = NIL;
	double		rows = estimate_rel_rows(rte->relid);
	double		sel = 1.0;
	Plan	   *plan;
	ListCell   *lc;
	bool		use_index;

	root->glob->relationOids = list_append_unique_oid(root->glob->relationOids, rte->relid);
	/* candidate quals: own quals, plus join quals usable from the outer side */
	foreach(lc, mine)
	{
		IndexQual  *iq = palloc0(sizeof(IndexQual));

		if (match_index_qual(lfirst(lc), rtindex, NIL, iq))
			cands = lappend(cands, iq);
	}
	if (outer_relids != NIL)
	{
		foreach(lc, *pool)
		{
			IndexQual  *iq = palloc0(sizeof(IndexQual));

			if (match_index_qual(lfirst(lc), rtindex, outer_relids, iq) && iq->uses_outer &&
				iq->strategy == BTEqualStrategyNumber)
				cands = lappend(cands, iq);
		}
	}
	if (guc_enable_indexscan)
	{
		foreach(lc, rel->rd_indexes)
		{
			Relation	idx = relation_open(lfirst_oid(lc));

			indexes = lappend(indexes, idx);
			if (idx->rd_index != NULL)
				consider_index(idx, cands, &best);
		}
	}
	/* tiny tables are scanned sequentially anyway: no probe */
	if (best.index != NULL && best.score >= 2 && !best.uses_outer && heap_nblocks(rel) > 10)
	{
		double		probed = probe_index_rows(&best);

		/* a range holding few rows is an index scan after all */
		if (probed >= 0 && probed < PROBE_LIMIT && probed < rows * 0.1)
		{
			best.score = 2;
			best.probed_rows = Max(probed, 1);
		}
		else if (probed >= PROBE_LIMIT && rows > 0)
			best.score = 3;
	}
	use_index = best.index != NULL &&
		(best.score <= 2 || !guc_enable_seqscan || best.uses_outer);
	if (use_index)
	{
		plan = make_index_scan(root, rtindex, rte, &best, outer_layout, nestparams);
		/* quals consumed as keys leave the pool / own list */
		foreach(lc, best.quals)
		{
			IndexQual  *iq = lfirst(lc);

			mine = list_delete_ptr(mine, iq->qual);
			*pool = list_delete_ptr(*pool, iq->qual);
		}
		rows = index_rows(rows, &best);
	}
	else
	{
		SeqScanPlan *ss = makeNode(SeqScanPlan);

		ss->scanrelid = rtindex;
		ss->relid = rte->relid;
		ss->relname = rte->relname;
		ss->aliasname = rte->aliasname;
		plan = (Plan *) ss;
	}
	foreach(lc, mine)
	{
		sel *= clause_selectivity(root, lfirst(lc));
		filters = lappend(filters, set_refs(root, lfirst(lc), layout, NIL));
	}
	plan_init_node(plan, list_length(layout), layout);
	plan->qual = filters;
	set_scan_estimates(plan, rows * sel,
					   use_index ? 8.0 + rows * 0.01 : (double) rows * 0.0125 + 10,
					   rte_width(rte));
	foreach(lc, indexes)
		relation_close(lfirst(lc));
	relation_close(rel);
	return plan;
}

static Plan *
plan_subquery_rel(PlannerInfo *root, int rtindex, RangeTblEntry *rte, List **pool,
				  List **lateral_refs)
{
	PlannerInfo *child = make_planner_info(root->glob, rte->subquery, root, true);
	SubqueryScanPlan *ss = makeNode(SubqueryScanPlan);
	List	   *layout = make_rel_layout(root, rtindex, false);
	List	   *mine = take_rel_quals(pool, rtindex);
	bool		save_collecting = root->collecting_lateral;
	List	   *save_refs = root->lateral_refs;
	Plan	   *sub;

	root->collecting_lateral = rte->lateral;
	root->lateral_refs = NIL;
	sub = plan_query_level(child);
	*lateral_refs = root->lateral_refs;
	root->collecting_lateral = save_collecting;
	root->lateral_refs = save_refs;

	ss->plan.lefttree = sub;
	ss->scanrelid = rtindex;
	ss->aliasname = rte->aliasname;
	plan_init_node((Plan *) ss, list_length(layout), layout);
	ss->plan.qual = set_refs_list(root, mine, layout, NIL);
	set_scan_estimates((Plan *) ss, sub->plan_rows, sub->total_cost, rte_width(rte));
	return (Plan *) ss;
}

/* Replace columns of other FROM items by exec params (a LATERAL function). */
typedef struct LateralCtx
{
	PlannerInfo *root;
	List	  **refs;
} LateralCtx;

static Node *
lateral_mutator(Node *node, void *arg)
{
	LateralCtx *ctx = (LateralCtx *) arg;

	if (node == NULL)
		return NULL;
	if (IsA(node, Var) && ((Var *) node)->varlevelsup == 0)
	{
		Var		   *v = (Var *) node;
		OuterParam *op = palloc(sizeof(OuterParam));
		Param	   *p = makeNode(Param);

		op->paramid = ctx->root->glob->nParamExec++;
		op->var = (Var *) expr_copy(v);
		*ctx->refs = lappend(*ctx->refs, op);
		p->paramkind = PARAM_EXEC;
		p->paramid = op->paramid;
		p->paramtype = v->vartype;
		p->paramtypmod = v->vartypmod;
		p->location = v->location;
		return (Node *) p;
	}
	return expression_tree_mutator(node, lateral_mutator, arg);
}

/* Vars with varlevelsup == depth anywhere in q (and deeper subqueries). */
static bool lateral_deps_walker(Node *node, void *arg);

typedef struct DepsCtx
{
	int			depth;
	List	   *relids;
} DepsCtx;

static void
query_lateral_deps(Query *q, DepsCtx *ctx)
{
	ListCell   *lc;

	ctx->depth++;
	query_expression_walker(q, lateral_deps_walker, ctx, false);
	foreach(lc, q->rtable)
	{
		RangeTblEntry *rte = lfirst(lc);

		if (rte->rtekind == RTE_SUBQUERY)
			query_lateral_deps(rte->subquery, ctx);
	}
	ctx->depth--;
}

static bool
lateral_deps_walker(Node *node, void *arg)
{
	DepsCtx    *ctx = (DepsCtx *) arg;

	if (node == NULL)
		return false;
	if (IsA(node, Var) && ((Var *) node)->varlevelsup == ctx->depth)
	{
		ctx->relids = list_append_unique_int(ctx->relids, ((Var *) node)->varno);
		return false;
	}
	if (IsA(node, SubqueryExpr))
	{
		query_lateral_deps(((SubqueryExpr *) node)->subquery, ctx);
		return expression_tree_walker(node, lateral_deps_walker, arg);
	}
	return expression_tree_walker(node, lateral_deps_walker, arg);
}

List *
rel_lateral_deps(PlannerInfo *root, int rtindex)
{
	RangeTblEntry *rte = list_nth(root->parse->rtable, rtindex - 1);

	if (rte->rtekind == RTE_FUNCTION)
		return expr_varnos((Node *) rte->funcexpr);
	if (rte->rtekind == RTE_SUBQUERY && rte->lateral)
	{
		DepsCtx		ctx = {0, NIL};

		query_lateral_deps(rte->subquery, &ctx);
		return ctx.relids;
	}
	return NIL;
}

Plan *
plan_base_rel(PlannerInfo *root, int rtindex, List **pool, List *outer_relids,
			  List *outer_layout, List **nestparams, List **lateral_refs)
{
	RangeTblEntry *rte = list_nth(root->parse->rtable, rtindex - 1);
	List	   *layout;
	List	   *mine;
	Plan	   *plan;

	*lateral_refs = NIL;
	switch (rte->rtekind)
	{
		case RTE_RELATION:
			return plan_relation(root, rtindex, rte, pool, outer_relids, outer_layout,
								 nestparams);
		case RTE_SUBQUERY:
			return plan_subquery_rel(root, rtindex, rte, pool, lateral_refs);
		default:
			break;
	}
	layout = make_rel_layout(root, rtindex, false);
	mine = take_rel_quals(pool, rtindex);
	if (rte->rtekind == RTE_FUNCTION)
	{
		FunctionScanPlan *fs = makeNode(FunctionScanPlan);
		LateralCtx	lctx = {root, lateral_refs};

		fs->scanrelid = rtindex;
		fs->aliasname = rte->aliasname;
		fs->funcexpr = set_refs(root,
								(Expr *) lateral_mutator((Node *) rte->funcexpr, &lctx),
								NIL, NIL);
		fs->ordinality = rte->funcordinality;
		fs->sysview = rte->sysview;
		plan = (Plan *) fs;
		set_scan_estimates(plan, rte->sysview != 0 ||
						   (IsA(rte->funcexpr, FuncExpr) &&
							((FuncExpr *) rte->funcexpr)->funcretset) ? 1000 : 1, 10,
						   rte_width(rte));
	}
	else if (rte->rtekind == RTE_VALUES)
	{
		ValuesScanPlan *vs = makeNode(ValuesScanPlan);
		ListCell   *lc;

		vs->scanrelid = rtindex;
		vs->aliasname = rte->aliasname;
		foreach(lc, rte->values_lists)
			vs->values_lists = lappend(vs->values_lists,
									   set_refs_list(root, lfirst(lc), NIL, NIL));
		plan = (Plan *) vs;
		set_scan_estimates(plan, list_length(rte->values_lists),
						   0.01 * list_length(rte->values_lists), rte_width(rte));
	}
	else if (rte->rtekind == RTE_CTE &&
			 cte_worktable_id(root, rte->ctename, rte->ctelevelsup) >= 0)
	{
		/* the recursive term reading the previous round's rows */
		WorkTableScanPlan *ws = makeNode(WorkTableScanPlan);

		ws->wt_id = cte_worktable_id(root, rte->ctename, rte->ctelevelsup);
		ws->ctename = rte->ctename;
		ws->aliasname = rte->aliasname;
		plan = (Plan *) ws;
		set_scan_estimates(plan, 100, 1, rte_width(rte));
	}
	else if (rte->rtekind == RTE_CTE)
	{
		CteScanPlan *cs = makeNode(CteScanPlan);
		Plan	   *ctep;

		cs->cte_id = cte_plan_id(root, rte->ctename, rte->ctelevelsup, &ctep);
		cs->scanrelid = rtindex;
		cs->ctename = rte->ctename;
		cs->aliasname = rte->aliasname;
		plan = (Plan *) cs;
		set_scan_estimates(plan, ctep->plan_rows, ctep->total_cost, rte_width(rte));
	}
	else
		elog(ERROR, "unexpected range table entry kind %d", (int) rte->rtekind);
	plan_init_node(plan, list_length(layout), layout);
	plan->qual = set_refs_list(root, mine, layout, NIL);
	return plan;
}
