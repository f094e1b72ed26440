/*-------------------------------------------------------------------------
 * exec_subplan.c
 *	  Subqueries in expressions (SubPlan): EXISTS, scalar (EXPR), and
 *	  x op ANY/ALL (subquery) including IN / NOT IN.
 *
 * A correlated SubPlan (parparams not NIL) sets its exec params from its
 * args, evaluated in the calling row, and restarts its plan (a full
 * rescan: buffered nodes below recompute).  An uncorrelated one runs once
 * per execution: EXISTS/EXPR results are cached, ANY/ALL rows are kept in
 * a row buffer and re-read for each probe.
 *
 * NULL semantics (PostgreSQL's): a scalar subquery with no rows is NULL,
 * with more than one row ERROR 21000; ANY is TRUE if some comparison is
 * TRUE, else NULL if some was NULL, else FALSE; ALL is FALSE if some
 * comparison is FALSE, else NULL if some was NULL, else TRUE.
 *-------------------------------------------------------------------------
 */
#include "sql/exec/exec_internal.h"

#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/interrupt.h"

static void
restart_subplan(SubPlan *sp, SubPlanState *st, ExprContext *econtext)
{
	EState	   *estate = econtext->estate;
	ListCell   *lc;
	ListCell   *ac;

	forboth(lc, sp->parparams, ac, sp->args)
	{
		int			id = lfirst_int(lc);
		bool		isnull;
		Datum		v = exec_eval_expr(lfirst(ac), econtext, &isnull);

		estate->exec_params[id] = v;
		estate->exec_nulls[id] = isnull;
	}
	if (st->started)
	{
		bool		save = estate->full_rescan;

		estate->full_rescan = true;
		exec_rescan(st->ps);
		estate->full_rescan = save;
	}
	st->started = true;
}

/* Compare the current row against testexpr; returns the three-valued result. */
static Datum
eval_test(SubPlan *sp, ExprContext *econtext, Datum *values, bool *nulls, bool *isnull)
{
	Datum	   *save_v = econtext->sublink_values;
	bool	   *save_n = econtext->sublink_nulls;
	Datum		r;

	econtext->sublink_values = values;
	econtext->sublink_nulls = nulls;
	r = exec_eval_expr(sp->testexpr, econtext, isnull);
	econtext->sublink_values = save_v;
	econtext->sublink_nulls = save_n;
	return r;
}

/* ANY / ALL over a sequence of rows given by next(). */
typedef TupleSlot *(*RowSource) (void *arg);

static Datum
any_all(SubPlan *sp, ExprContext *econtext, RowSource next, void *arg, bool *isnull)
{
	bool		is_any = sp->sublinktype == ANY_SUBLINK;
	bool		sawnull = false;

	for (;;)
	{
		TupleSlot  *row = next(arg);
		bool		rnull;
		Datum		r;

		if (row == NULL)
			break;
		r = eval_test(sp, econtext, row->values, row->isnull, &rnull);
		if (rnull)
			sawnull = true;
		else if (is_any && DatumGetBool(r))
		{
			*isnull = false;
			return BoolGetDatum(true);
		}
		else if (!is_any && !DatumGetBool(r))
		{
			*isnull = false;
			return BoolGetDatum(false);
		}
	}
	*isnull = sawnull;
	return BoolGetDatum(!is_any);
}

static TupleSlot *
next_from_plan(void *arg)
{
	return exec_proc_node((PlanState *) arg);
}

typedef struct BufferIter
{
	RowBuffer  *rb;
	int64_t		pos;
	TupleSlot  *slot;
} BufferIter;

static TupleSlot *
next_from_buffer(void *arg)
{
	BufferIter *it = (BufferIter *) arg;

	if (it->pos >= it->rb->nrows)
		return NULL;
	row_to_slot(it->rb->rows[it->pos++], it->slot);
	return it->slot;
}

static Datum
scalar_result(SubPlan *sp, SubPlanState *st, bool *isnull)
{
	TupleSlot  *row = exec_proc_node(st->ps);
	Datum		v;

	if (row == NULL)
	{
		*isnull = true;
		return (Datum) 0;
	}
	*isnull = row->isnull[0];
	v = *isnull ? (Datum) 0 :
		datum_copy(row->values[0], st->ps->typbyvals[0], st->ps->typlens[0]);
	if (exec_proc_node(st->ps) != NULL)
		ereport(ERROR, errcode(ERRCODE_CARDINALITY_VIOLATION),
				errmsg("more than one row returned by a subquery used as an expression"));
	(void) sp;
	return v;
}

/* "left = $sublink1" with hashable types: the left expression, else NULL. */
static Expr *
hashable_any_left(SubPlan *sp)
{
	OpExpr	   *op = (OpExpr *) sp->testexpr;
	Param	   *p;
	Oid			lt;
	Oid			rt;

	if (sp->sublinktype != ANY_SUBLINK || sp->ncols != 1 || !IsA(op, OpExpr) ||
		op->kind != OPK_NORMAL || list_length(op->args) != 2 ||
		strcmp(op->op->name, "=") != 0)
		return NULL;
	p = lsecond(op->args);
	if (!IsA(p, Param) || p->paramkind != PARAM_SUBLINK || p->paramid != 1)
		return NULL;
	lt = exprType(linitial(op->args));
	rt = p->paramtype;
	if (type_get_or_null(rt) == NULL || type_get(rt)->hash == NULL ||
		!(lt == rt || ((lt == INT2OID || lt == INT4OID || lt == INT8OID) &&
					   (rt == INT2OID || rt == INT4OID || rt == INT8OID))))
		return NULL;
	return linitial(op->args);
}

static void
build_hash(SubPlan *sp, SubPlanState *st, EState *estate)
{
	Oid			type = ((Param *) lsecond(((OpExpr *) sp->testexpr)->args))->paramtype;

	st->hash = rowhash_create(estate->query_cxt, 1, &type, "hashed subplan");
	for (;;)
	{
		TupleSlot  *row = exec_proc_node(st->ps);

		if (row == NULL)
			break;
		st->hash_rows++;
		if (row->isnull[0])
		{
			st->hash_has_nulls = true;
			continue;
		}
		if (rowhash_lookup(st->hash, rowhash_hash(st->hash, row->values, row->isnull),
						   row->values, row->isnull, (int[]) {1}, NULL, NULL) == NULL)
			rowhash_insert(st->hash, rowhash_hash(st->hash, row->values, row->isnull), row,
						   st->ps->typlens, st->ps->typbyvals);
	}
}

static Datum
probe_hash(SubPlanState *st, Expr *left, ExprContext *econtext, bool *isnull)
{
	bool		lnull;
	Datum		v = exec_eval_expr(left, econtext, &lnull);
	Oid			ltype = exprType((Node *) left);

	*isnull = false;
	if (st->hash_rows == 0)
		return BoolGetDatum(false);
	if (!lnull &&
		rowhash_lookup(st->hash, rowhash_hash_types(st->hash, &v, &lnull, &ltype), &v, &lnull,
					   (int[]) {1}, &ltype, NULL) != NULL)
		return BoolGetDatum(true);
	if (lnull || st->hash_has_nulls)
	{
		*isnull = true;
		return (Datum) 0;
	}
	return BoolGetDatum(false);
}

Datum
exec_eval_subplan(SubPlan *sp, ExprContext *econtext, bool *isnull)
{
	EState	   *estate = econtext->estate;
	SubPlanState *st = exec_subplan_state(estate, sp->plan_id);
	bool		correlated = sp->parparams != NIL;

	*isnull = false;
	if (!correlated && st->have_cache)
	{
		*isnull = st->cache_null;
		return st->cache_value;
	}
	if (!correlated && st->hash != NULL)
		return probe_hash(st, hashable_any_left(sp), econtext, isnull);
	if (!correlated && st->rows != NULL)
	{
		BufferIter	it = {st->rows, 0, exec_make_slot(st->ps->plan->ncols)};

		return any_all(sp, econtext, next_from_buffer, &it, isnull);
	}
	restart_subplan(sp, st, econtext);
	switch (sp->sublinktype)
	{
		case EXISTS_SUBLINK:
			{
				bool		found = exec_proc_node(st->ps) != NULL;

				if (!correlated)
				{
					st->have_cache = true;
					st->cache_value = BoolGetDatum(found);
					st->cache_null = false;
				}
				return BoolGetDatum(found);
			}
		case EXPR_SUBLINK:
			{
				Datum		v;

				if (!correlated)
				{
					MemoryContext old = memctx_switch_to(estate->query_cxt);

					v = scalar_result(sp, st, isnull);
					memctx_switch_to(old);
					st->have_cache = true;
					st->cache_value = v;
					st->cache_null = *isnull;
					return v;
				}
				return scalar_result(sp, st, isnull);
			}
		case ANY_SUBLINK:
		case ALL_SUBLINK:
			if (!correlated && hashable_any_left(sp) != NULL)
			{
				build_hash(sp, st, estate);
				return probe_hash(st, hashable_any_left(sp), econtext, isnull);
			}
			if (!correlated)
			{
				BufferIter	it;

				st->rows = rowbuf_create(estate->query_cxt, "subquery");
				for (;;)
				{
					TupleSlot  *row = exec_proc_node(st->ps);

					if (row == NULL)
						break;
					rowbuf_add(st->rows, row, st->ps->typlens, st->ps->typbyvals);
				}
				it.rb = st->rows;
				it.pos = 0;
				it.slot = exec_make_slot(st->ps->plan->ncols);
				return any_all(sp, econtext, next_from_buffer, &it, isnull);
			}
			return any_all(sp, econtext, next_from_plan, st->ps, isnull);
		default:
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("this kind of subquery is not supported"));
	}
	return (Datum) 0;
}
