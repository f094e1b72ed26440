/*-------------------------------------------------------------------------
 * exec_expr.c
 *	  Expression evaluation by walking the analyzed/planned tree.
 *
 * NULL semantics (PostgreSQL's): strict functions and operators return
 * NULL when any argument is NULL (the function is not called); AND/OR
 * are three-valued (FALSE AND NULL = FALSE, TRUE OR NULL = TRUE, else
 * NULL); IS [NOT] DISTINCT FROM treats NULLs as comparable values;
 * CASE takes the first WHEN that is TRUE (NULL counts as not true);
 * COALESCE/GREATEST/LEAST skip NULLs.
 *
 * Results are allocated in CurrentMemoryContext, which the calling node
 * keeps at its per-row context.
 *
 * Entry points: exec_eval_expr, exec_eval_bool, exec_call_function,
 * exec_coerce_value, exec_eval_standalone.
 *-------------------------------------------------------------------------
 */
#include "sql/exec/exec_internal.h"

#include "access/transam/xact.h"
#include "sql/types/types.h"
#include "storage/ipc/proc.h"
#include "utils/elog.h"
#include "utils/guc.h"

/* Microseconds between 1970-01-01 and PostgreSQL's epoch 2000-01-01. */
#define POSTGRES_EPOCH_OFFSET_US	INT64_C(946684800000000)
#define USECS_PER_DAY				INT64_C(86400000000)

Datum
exec_call_function(const BuiltinFunction *func, PGFunction fn, int nargs, const Datum *args,
				   const bool *nulls, const Oid *argtypes, Oid result_type, bool strict,
				   bool *isnull)
{
	FunctionCallInfoData fcinfo;
	Datum		result;

	memset(&fcinfo, 0, sizeof(fcinfo));
	fcinfo.func = func;
	fcinfo.nargs = nargs;
	for (int i = 0; i < nargs; i++)
	{
		if (nulls[i] && strict)
		{
			*isnull = true;
			return (Datum) 0;
		}
		fcinfo.args[i] = args[i];
		fcinfo.argnull[i] = nulls[i];
		fcinfo.argtypes[i] = argtypes ? argtypes[i] : InvalidOid;
	}
	fcinfo.result_type = result_type;
	fcinfo.result_typmod = -1;
	result = fn(&fcinfo);
	*isnull = fcinfo.isnull;
	return result;
}

Datum
exec_coerce_value(Datum value, Oid source, Oid target, int32_t typmod, CoercionContext ccontext,
				  const BuiltinCast *cast)
{
	if (source == target)
	{
		if (typmod >= 0)
			return type_apply_typmod(target, value, typmod, ccontext == COERCION_EXPLICIT);
		return value;
	}
	if (cast != NULL && cast->fn == NULL && !cast->via_io)
	{
		/* binary compatible: same representation */
		if (typmod >= 0)
			return type_apply_typmod(target, value, typmod, ccontext == COERCION_EXPLICIT);
		return value;
	}
	return coerce_datum(value, source, target, typmod, ccontext);
}

/* ------------------------------------------------------------------------
 * Node evaluators
 * ------------------------------------------------------------------------
 */
static Datum
eval_var(Var *v, ExprContext *econtext, bool *isnull)
{
	TupleSlot  *slot = v->varno == VAR_INNER ? econtext->inner : econtext->outer;

	if (slot == NULL || v->varattno < 1 || v->varattno > slot->ncols)
		elog(ERROR, "invalid column reference %d.%d during execution", v->varno, v->varattno);
	*isnull = slot->isnull[v->varattno - 1];
	return slot->values[v->varattno - 1];
}

static Datum
eval_param(Param *p, ExprContext *econtext, bool *isnull)
{
	EState	   *estate = econtext->estate;

	switch (p->paramkind)
	{
		case PARAM_EXTERN:
			if (estate == NULL || p->paramid < 1 || p->paramid > estate->ext.nparams)
				ereport(ERROR, errcode(ERRCODE_UNDEFINED_PARAMETER),
						errmsg("no value found for parameter %d", p->paramid));
			*isnull = estate->ext.isnull[p->paramid - 1];
			return estate->ext.values[p->paramid - 1];
		case PARAM_EXEC:
			*isnull = estate->exec_nulls[p->paramid];
			return estate->exec_params[p->paramid];
		case PARAM_SUBLINK:
			*isnull = econtext->sublink_nulls[p->paramid - 1];
			return econtext->sublink_values[p->paramid - 1];
	}
	*isnull = true;
	return (Datum) 0;
}

static int
eval_args(List *args, ExprContext *econtext, Datum *values, bool *nulls, Oid *types)
{
	ListCell   *lc;
	int			n = 0;

	foreach(lc, args)
	{
		values[n] = exec_eval_expr(lfirst(lc), econtext, &nulls[n]);
		types[n] = exprType(lfirst(lc));
		n++;
	}
	return n;
}

static Datum
eval_func(FuncExpr *f, ExprContext *econtext, bool *isnull)
{
	Datum		values[FUNC_MAX_ARGS];
	bool		nulls[FUNC_MAX_ARGS];
	Oid			types[FUNC_MAX_ARGS];
	int			n;

	if (f->funcretset)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("set-valued function called in context that cannot accept a set"));
	n = eval_args(f->args, econtext, values, nulls, types);
	return exec_call_function(f->func, f->func->fn, n, values, nulls, types,
							  f->funcresulttype, f->func->strict, isnull);
}

static Datum
call_op(OpExpr *op, Datum *values, bool *nulls, Oid *types, int n, bool *isnull)
{
	return exec_call_function(NULL, op->op->fn, n, values, nulls, types, op->op->result,
							  true, isnull);
}

static Datum
eval_op(OpExpr *op, ExprContext *econtext, bool *isnull)
{
	Datum		values[2];
	bool		nulls[2];
	Oid			types[2];
	int			n = eval_args(op->args, econtext, values, nulls, types);
	Datum		eq;
	bool		eqnull;

	switch (op->kind)
	{
		case OPK_NORMAL:
			return call_op(op, values, nulls, types, n, isnull);
		case OPK_DISTINCT:
		case OPK_NOT_DISTINCT:
			*isnull = false;
			if (nulls[0] || nulls[1])
			{
				bool		distinct = nulls[0] != nulls[1];

				return BoolGetDatum(op->kind == OPK_DISTINCT ? distinct : !distinct);
			}
			eq = call_op(op, values, nulls, types, n, &eqnull);
			if (eqnull)
			{
				*isnull = true;
				return (Datum) 0;
			}
			return BoolGetDatum(op->kind == OPK_DISTINCT ? !DatumGetBool(eq) : DatumGetBool(eq));
		case OPK_NULLIF:
			*isnull = nulls[0];
			if (nulls[0] || nulls[1])
				return values[0];
			eq = call_op(op, values, nulls, types, n, &eqnull);
			if (!eqnull && DatumGetBool(eq))
			{
				*isnull = true;
				return (Datum) 0;
			}
			return values[0];
	}
	*isnull = true;
	return (Datum) 0;
}

static Datum
eval_coerce(CoerceExpr *c, ExprContext *econtext, bool *isnull)
{
	Datum		v = exec_eval_expr(c->arg, econtext, isnull);

	if (*isnull)
		return (Datum) 0;
	return exec_coerce_value(v, c->sourcetype, c->resulttype, c->resulttypmod, c->ccontext,
							 c->cast);
}

static Datum
eval_bool_expr(BoolExpr *b, ExprContext *econtext, bool *isnull)
{
	ListCell   *lc;
	bool		sawnull = false;

	if (b->boolop == NOT_EXPR)
	{
		Datum		v = exec_eval_expr(linitial(b->args), econtext, isnull);

		return *isnull ? (Datum) 0 : BoolGetDatum(!DatumGetBool(v));
	}
	foreach(lc, b->args)
	{
		bool		argnull;
		Datum		v = exec_eval_expr(lfirst(lc), econtext, &argnull);

		if (argnull)
			sawnull = true;
		else if (b->boolop == AND_EXPR && !DatumGetBool(v))
		{
			*isnull = false;
			return BoolGetDatum(false);
		}
		else if (b->boolop == OR_EXPR && DatumGetBool(v))
		{
			*isnull = false;
			return BoolGetDatum(true);
		}
	}
	*isnull = sawnull;
	return BoolGetDatum(b->boolop == AND_EXPR);
}

static Datum
eval_boolean_test(BooleanTest *b, ExprContext *econtext, bool *isnull)
{
	bool		argnull;
	Datum		v = exec_eval_expr((Expr *) b->arg, econtext, &argnull);
	bool		r = false;

	*isnull = false;
	switch (b->booltesttype)
	{
		case IS_TRUE:
			r = !argnull && DatumGetBool(v);
			break;
		case IS_NOT_TRUE:
			r = argnull || !DatumGetBool(v);
			break;
		case IS_FALSE:
			r = !argnull && !DatumGetBool(v);
			break;
		case IS_NOT_FALSE:
			r = argnull || DatumGetBool(v);
			break;
		case IS_UNKNOWN:
			r = argnull;
			break;
		case IS_NOT_UNKNOWN:
			r = !argnull;
			break;
	}
	return BoolGetDatum(r);
}

static Datum
eval_case(CaseExpr *c, ExprContext *econtext, bool *isnull)
{
	ListCell   *lc;

	foreach(lc, c->args)
	{
		CaseWhen   *w = lfirst(lc);

		if (exec_eval_bool((Expr *) w->expr, econtext))
			return exec_eval_expr((Expr *) w->result, econtext, isnull);
	}
	if (c->defresult)
		return exec_eval_expr((Expr *) c->defresult, econtext, isnull);
	*isnull = true;
	return (Datum) 0;
}

static Datum
eval_coalesce(CoalesceExpr *c, ExprContext *econtext, bool *isnull)
{
	ListCell   *lc;

	foreach(lc, c->args)
	{
		Datum		v = exec_eval_expr(lfirst(lc), econtext, isnull);

		if (!*isnull)
			return v;
	}
	*isnull = true;
	return (Datum) 0;
}

static Datum
eval_minmax(MinMaxExpr *m, ExprContext *econtext, bool *isnull)
{
	ListCell   *lc;
	Datum		result = (Datum) 0;
	bool		have = false;

	foreach(lc, m->args)
	{
		bool		argnull;
		Datum		v = exec_eval_expr(lfirst(lc), econtext, &argnull);
		int			cmp;

		if (argnull)
			continue;
		if (!have)
		{
			result = v;
			have = true;
			continue;
		}
		cmp = type_compare(m->minmaxtype, v, result);
		if ((m->op == IS_GREATEST && cmp > 0) || (m->op == IS_LEAST && cmp < 0))
			result = v;
	}
	*isnull = !have;
	return result;
}

static Datum
name_value(const char *s)
{
	return type_input(NAMEOID, s, -1);
}

static Datum
eval_svf(SQLValueFunction *s, bool *isnull)
{
	int64_t		ts = xact_start_timestamp_us() - POSTGRES_EPOCH_OFFSET_US;
	Datum		v;

	*isnull = false;
	switch (s->op)
	{
		case SVFOP_CURRENT_DATE:
			{
				int64_t		days = ts / USECS_PER_DAY - (ts % USECS_PER_DAY < 0 ? 1 : 0);

				return Int32GetDatum((int32_t) days);
			}
		case SVFOP_CURRENT_TIME:
		case SVFOP_CURRENT_TIME_N:
		case SVFOP_LOCALTIME:
		case SVFOP_LOCALTIME_N:
			{
				int64_t		tod = ts % USECS_PER_DAY;

				if (tod < 0)
					tod += USECS_PER_DAY;
				if (s->svftype == TIMEOID)
					v = Int64GetDatum(tod);
				else
					v = coerce_datum(Int64GetDatum(tod), TIMEOID, s->svftype, -1,
									 COERCION_IMPLICIT);
				break;
			}
		case SVFOP_CURRENT_TIMESTAMP:
		case SVFOP_CURRENT_TIMESTAMP_N:
		case SVFOP_LOCALTIMESTAMP:
		case SVFOP_LOCALTIMESTAMP_N:
			v = Int64GetDatum(ts);
			break;
		case SVFOP_CURRENT_ROLE:
		case SVFOP_CURRENT_USER:
		case SVFOP_USER:
		case SVFOP_SESSION_USER:
			return name_value(MyProc ? MyProc->username :
							  (guc_session_authorization ? guc_session_authorization : "postgres"));
		case SVFOP_CURRENT_CATALOG:
			return name_value(MyProc ? MyProc->dbname : "postgres");
		case SVFOP_CURRENT_SCHEMA:
			return name_value("public");
		default:
			*isnull = true;
			return (Datum) 0;
	}
	if (s->typmod >= 0)
		v = type_apply_typmod(s->svftype, v, s->typmod, false);
	return v;
}

Datum
exec_eval_expr(Expr *expr, ExprContext *econtext, bool *isnull)
{
	*isnull = false;
	if (expr == NULL)
	{
		*isnull = true;
		return (Datum) 0;
	}
	switch (nodeTag(expr))
	{
		case T_Var:
			return eval_var((Var *) expr, econtext, isnull);
		case T_Const:
			*isnull = ((Const *) expr)->constisnull;
			return ((Const *) expr)->constvalue;
		case T_Param:
			return eval_param((Param *) expr, econtext, isnull);
		case T_FuncExpr:
			return eval_func((FuncExpr *) expr, econtext, isnull);
		case T_OpExpr:
			return eval_op((OpExpr *) expr, econtext, isnull);
		case T_CoerceExpr:
			return eval_coerce((CoerceExpr *) expr, econtext, isnull);
		case T_BoolExpr:
			return eval_bool_expr((BoolExpr *) expr, econtext, isnull);
		case T_NullTest:
			{
				NullTest   *n = (NullTest *) expr;
				bool		argnull;

				(void) exec_eval_expr((Expr *) n->arg, econtext, &argnull);
				return BoolGetDatum(n->nulltesttype == IS_NULL ? argnull : !argnull);
			}
		case T_BooleanTest:
			return eval_boolean_test((BooleanTest *) expr, econtext, isnull);
		case T_CaseExpr:
			return eval_case((CaseExpr *) expr, econtext, isnull);
		case T_CoalesceExpr:
			return eval_coalesce((CoalesceExpr *) expr, econtext, isnull);
		case T_MinMaxExpr:
			return eval_minmax((MinMaxExpr *) expr, econtext, isnull);
		case T_SQLValueFunction:
			return eval_svf((SQLValueFunction *) expr, isnull);
		case T_SubPlan:
			return exec_eval_subplan((SubPlan *) expr, econtext, isnull);
		case T_SrfValue:
			{
				SrfValue   *sv = (SrfValue *) expr;

				*isnull = econtext->srf_nulls[sv->srfno];
				return econtext->srf_values[sv->srfno];
			}
		default:
			elog(ERROR, "unexpected expression node %d during execution", (int) nodeTag(expr));
	}
	return (Datum) 0;
}

bool
exec_eval_bool(Expr *expr, ExprContext *econtext)
{
	bool		isnull;
	Datum		v = exec_eval_expr(expr, econtext, &isnull);

	return !isnull && DatumGetBool(v);
}

Datum
exec_eval_standalone(Expr *expr, const ParamValues *params, bool *isnull)
{
	ExprContext econtext;
	EState		estate;

	memset(&econtext, 0, sizeof(econtext));
	memset(&estate, 0, sizeof(estate));
	if (params)
		estate.ext = *params;
	econtext.estate = &estate;
	return exec_eval_expr(expr, &econtext, isnull);
}
