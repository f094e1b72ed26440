/*-------------------------------------------------------------------------
 * exec_basic.c
 *	  Simple plan nodes: Result (projection), ProjectSet (set-returning
 *	  functions in the select list), FunctionScan, ValuesScan,
 *	  SubqueryScan, CteScan, Material, Append and Limit.
 *
 * Set-returning functions (fmgr.h protocol): the same FunctionCallInfo is
 * called repeatedly; srf_state starts NULL, srf_memctx lives as long as
 * the call sequence, srf_done ends it.  In a select list several SRFs
 * advance in lock step until all are done (PostgreSQL 10+ semantics); a
 * finished one yields NULL while others continue.
 *
 * Rescans: Material and CteScan replay their stored rows; after a full
 * rescan (EState.full_rescan, set when a correlated SubPlan restarts)
 * Material recomputes them.
 *-------------------------------------------------------------------------
 */
#include "sql/exec/exec_internal.h"

#include "sql/sysviews/sysview.h"
#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/interrupt.h"

/* Evaluate a list of expressions into slot (in the current context). */
static void
project_into(List *tlist, ExprContext *econtext, TupleSlot *slot)
{
	ListCell   *lc;

	foreach(lc, tlist)
	{
		int			i = foreach_current_index(lc);

		slot->values[i] = exec_eval_expr(lfirst(lc), econtext, &slot->isnull[i]);
	}
}

/* ------------------------------------------------------------------------
 * Result
 * ------------------------------------------------------------------------
 */
typedef struct ResultState
{
	PlanState	ps;
	bool		done;			/* no-input Result: row emitted */
	bool		checked;		/* constqual evaluated */
	bool		gate_open;
} ResultState;

static TupleSlot *
result_exec(PlanState *ps)
{
	ResultState *rs = (ResultState *) ps;
	ResultPlan *plan = (ResultPlan *) ps->plan;
	MemoryContext old;

	if (!rs->checked)
	{
		rs->checked = true;
		rs->gate_open = plan->constqual == NULL ||
			exec_eval_bool(plan->constqual, &ps->econtext);
	}
	if (!rs->gate_open)
		return NULL;
	for (;;)
	{
		TupleSlot  *in = NULL;

		if (ps->lefttree)
		{
			in = exec_proc_node(ps->lefttree);
			if (in == NULL)
				return NULL;
		}
		else if (rs->done)
			return NULL;
		rs->done = true;
		old = exec_begin_row(ps);
		ps->econtext.outer = in;
		project_into(plan->tlist, &ps->econtext, ps->result);
		memctx_switch_to(old);
		if (ps->plan->qual == NIL)
			return ps->result;
		ps->econtext.outer = ps->result;
		if (exec_qual(ps->plan->qual, &ps->econtext))
			return ps->result;
	}
}

static void
result_rescan(PlanState *ps)
{
	ResultState *rs = (ResultState *) ps;

	rs->done = false;
	rs->checked = false;
	exec_rescan(ps->lefttree);
}

PlanState *
exec_init_result(ResultPlan *plan, EState *estate)
{
	ResultState *rs = (ResultState *) exec_make_state(sizeof(ResultState), &plan->plan,
													  estate, result_exec);

	rs->ps.lefttree = exec_init_node(plan->plan.lefttree, estate);
	rs->ps.rescan = result_rescan;
	return &rs->ps;
}

/* ------------------------------------------------------------------------
 * Set-returning function calls (shared by ProjectSet and FunctionScan)
 * ------------------------------------------------------------------------
 */
typedef struct SrfCall
{
	FuncExpr   *func;
	FunctionCallInfoData fcinfo;
	MemoryContext cxt;			/* srf_memctx: lives for the call sequence */
	bool		done;
	bool		single;			/* not set-returning: one row */
} SrfCall;

static void
srf_start(SrfCall *call, Expr *expr, ExprContext *econtext)
{
	FunctionCallInfoData *f = &call->fcinfo;
	MemoryContext old;
	ListCell   *lc;

	memctx_reset(call->cxt);
	memset(f, 0, sizeof(*f));
	call->done = false;
	call->single = !(IsA(expr, FuncExpr) && ((FuncExpr *) expr)->funcretset);
	if (call->single)
		return;
	call->func = (FuncExpr *) expr;
	old = memctx_switch_to(call->cxt);
	f->func = call->func->func;
	f->srf_memctx = call->cxt;
	f->result_type = call->func->funcresulttype;
	f->result_typmod = -1;
	foreach(lc, call->func->args)
	{
		int			i = f->nargs++;

		f->args[i] = exec_eval_expr(lfirst(lc), econtext, &f->argnull[i]);
		f->argtypes[i] = exprType(lfirst(lc));
		if (f->argnull[i] && call->func->func->strict)
			call->done = true;	/* strict SRF with a NULL input: no rows */
	}
	memctx_switch_to(old);
}

/* Next value of the call; false when it is exhausted. */
static bool
srf_next(SrfCall *call, Expr *expr, ExprContext *econtext, Datum *value, bool *isnull)
{
	FunctionCallInfoData *f = &call->fcinfo;
	Datum		v;

	if (call->done)
		return false;
	if (call->single)
	{
		call->done = true;
		*value = exec_eval_expr(expr, econtext, isnull);
		return true;
	}
	f->isnull = false;
	v = f->func->fn(f);
	if (f->srf_done)
	{
		call->done = true;
		return false;
	}
	*value = v;
	*isnull = f->isnull;
	return true;
}

/* ------------------------------------------------------------------------
 * ProjectSet
 * ------------------------------------------------------------------------
 */
typedef struct ProjectSetState
{
	PlanState	ps;
	SrfCall    *calls;
	int			ncalls;
	TupleSlot  *input;
	bool		have_input;
	bool		input_done;		/* no-input variant: the one row was used */
	bool		produced;		/* current input row produced a row */
} ProjectSetState;

static bool
projectset_next_input(ProjectSetState *pss)
{
	PlanState  *ps = &pss->ps;
	ListCell   *lc;

	if (ps->lefttree)
	{
		pss->input = exec_proc_node(ps->lefttree);
		if (pss->input == NULL)
			return false;
	}
	else
	{
		if (pss->input_done)
			return false;
		pss->input_done = true;
		pss->input = NULL;
	}
	ps->econtext.outer = pss->input;
	foreach(lc, ((ProjectSetPlan *) ps->plan)->srfs)
		srf_start(&pss->calls[foreach_current_index(lc)], lfirst(lc), &ps->econtext);
	pss->have_input = true;
	return true;
}

static TupleSlot *
projectset_exec(PlanState *ps)
{
	ProjectSetState *pss = (ProjectSetState *) ps;
	ProjectSetPlan *plan = (ProjectSetPlan *) ps->plan;
	MemoryContext old;

	for (;;)
	{
		bool		any = false;
		ListCell   *lc;

		if (!pss->have_input && !projectset_next_input(pss))
			return NULL;
		old = exec_begin_row(ps);
		ps->econtext.outer = pss->input;
		foreach(lc, plan->srfs)
		{
			int			i = foreach_current_index(lc);

			if (srf_next(&pss->calls[i], lfirst(lc), &ps->econtext,
						 &ps->econtext.srf_values[i], &ps->econtext.srf_nulls[i]))
				any = true;
			else
			{
				ps->econtext.srf_values[i] = (Datum) 0;
				ps->econtext.srf_nulls[i] = true;
			}
		}
		if (any)
		{
			project_into(plan->tlist, &ps->econtext, ps->result);
			memctx_switch_to(old);
			return ps->result;
		}
		memctx_switch_to(old);
		pss->have_input = false;
		CHECK_FOR_INTERRUPTS();
	}
}

static void
projectset_rescan(PlanState *ps)
{
	ProjectSetState *pss = (ProjectSetState *) ps;

	pss->have_input = false;
	pss->input_done = false;
	exec_rescan(ps->lefttree);
}

static SrfCall *
make_srf_calls(int n, MemoryContext parent)
{
	SrfCall    *calls = palloc0(sizeof(SrfCall) * Max(n, 1));

	for (int i = 0; i < n; i++)
		calls[i].cxt = memctx_create(parent, "SRF");
	return calls;
}

PlanState *
exec_init_projectset(ProjectSetPlan *plan, EState *estate)
{
	ProjectSetState *pss = (ProjectSetState *) exec_make_state(sizeof(ProjectSetState),
															   &plan->plan, estate,
															   projectset_exec);
	int			n = list_length(plan->srfs);

	pss->ps.lefttree = exec_init_node(plan->plan.lefttree, estate);
	pss->ncalls = n;
	pss->calls = make_srf_calls(n, estate->query_cxt);
	pss->ps.econtext.srf_values = palloc0(sizeof(Datum) * Max(n, 1));
	pss->ps.econtext.srf_nulls = palloc0(sizeof(bool) * Max(n, 1));
	pss->ps.rescan = projectset_rescan;
	return &pss->ps;
}

/* ------------------------------------------------------------------------
 * FunctionScan
 * ------------------------------------------------------------------------
 */
typedef struct FunctionScanState
{
	PlanState	ps;
	SrfCall		call;
	bool		started;
	int64_t		ordinal;
	/* A system view: its rows, filled when the scan starts. */
	MemoryContext view_cxt;
	SysViewRows *view_rows;
	int			view_next;
} FunctionScanState;

/*
 * A system view's scan: the view's rows are taken once at the start (a
 * snapshot of the server's state), then returned one by one.
 */
static TupleSlot *
sysview_scan_exec(FunctionScanState *fs, FunctionScanPlan *plan)
{
	PlanState  *ps = &fs->ps;
	int			ncols = sysview_by_id(plan->sysview - 1)->ncolumns;

	if (!fs->started)
	{
		memctx_reset(fs->view_cxt);
		fs->view_rows = sysview_materialize(sysview_by_id(plan->sysview - 1), fs->view_cxt);
		fs->view_next = 0;
		fs->started = true;
		Assert(ps->plan->ncols == ncols);
	}
	while (fs->view_next < sysview_row_count(fs->view_rows))
	{
		const Datum *values;
		const bool *nulls;

		sysview_row(fs->view_rows, fs->view_next++, &values, &nulls);
		memcpy(ps->result->values, values, sizeof(Datum) * ncols);
		memcpy(ps->result->isnull, nulls, sizeof(bool) * ncols);
		ps->econtext.outer = ps->result;
		if (ps->plan->qual == NIL || exec_qual(ps->plan->qual, &ps->econtext))
			return ps->result;
		CHECK_FOR_INTERRUPTS();
	}
	return NULL;
}

static TupleSlot *
functionscan_exec(PlanState *ps)
{
	FunctionScanState *fs = (FunctionScanState *) ps;
	FunctionScanPlan *plan = (FunctionScanPlan *) ps->plan;
	MemoryContext old;

	if (plan->sysview != 0)
		return sysview_scan_exec(fs, plan);
	if (!fs->started)
	{
		ps->econtext.outer = NULL;
		srf_start(&fs->call, plan->funcexpr, &ps->econtext);
		fs->started = true;
		fs->ordinal = 0;
	}
	for (;;)
	{
		old = exec_begin_row(ps);
		if (!srf_next(&fs->call, plan->funcexpr, &ps->econtext, &ps->result->values[0],
					  &ps->result->isnull[0]))
		{
			memctx_switch_to(old);
			return NULL;
		}
		memctx_switch_to(old);
		if (plan->ordinality)
		{
			ps->result->values[1] = Int64GetDatum(++fs->ordinal);
			ps->result->isnull[1] = false;
		}
		ps->econtext.outer = ps->result;
		if (ps->plan->qual == NIL || exec_qual(ps->plan->qual, &ps->econtext))
			return ps->result;
		CHECK_FOR_INTERRUPTS();
	}
}

static void
functionscan_rescan(PlanState *ps)
{
	((FunctionScanState *) ps)->started = false;
}

PlanState *
exec_init_functionscan(FunctionScanPlan *plan, EState *estate)
{
	FunctionScanState *fs = (FunctionScanState *) exec_make_state(sizeof(FunctionScanState),
																  &plan->plan, estate,
																  functionscan_exec);

	fs->call.cxt = memctx_create(estate->query_cxt, "FunctionScan");
	if (plan->sysview != 0)
		fs->view_cxt = memctx_create(estate->query_cxt, "SystemViewRows");
	fs->ps.rescan = functionscan_rescan;
	return &fs->ps;
}

/* ------------------------------------------------------------------------
 * ValuesScan
 * ------------------------------------------------------------------------
 */
typedef struct ValuesScanState
{
	PlanState	ps;
	ListCell   *next;
	int			pos;
} ValuesScanState;

static TupleSlot *
valuesscan_exec(PlanState *ps)
{
	ValuesScanState *vs = (ValuesScanState *) ps;
	List	   *lists = ((ValuesScanPlan *) ps->plan)->values_lists;

	while (vs->pos < list_length(lists))
	{
		MemoryContext old = exec_begin_row(ps);

		ps->econtext.outer = NULL;
		project_into(list_nth(lists, vs->pos++), &ps->econtext, ps->result);
		memctx_switch_to(old);
		ps->econtext.outer = ps->result;
		if (ps->plan->qual == NIL || exec_qual(ps->plan->qual, &ps->econtext))
			return ps->result;
	}
	return NULL;
}

static void
valuesscan_rescan(PlanState *ps)
{
	((ValuesScanState *) ps)->pos = 0;
}

PlanState *
exec_init_valuesscan(ValuesScanPlan *plan, EState *estate)
{
	ValuesScanState *vs = (ValuesScanState *) exec_make_state(sizeof(ValuesScanState),
															  &plan->plan, estate,
															  valuesscan_exec);

	vs->ps.rescan = valuesscan_rescan;
	return &vs->ps;
}

/* ------------------------------------------------------------------------
 * SubqueryScan
 * ------------------------------------------------------------------------
 */
static TupleSlot *
subqueryscan_exec(PlanState *ps)
{
	for (;;)
	{
		TupleSlot  *in = exec_proc_node(ps->lefttree);

		if (in == NULL)
			return NULL;
		memcpy(ps->result->values, in->values, sizeof(Datum) * ps->result->ncols);
		memcpy(ps->result->isnull, in->isnull, sizeof(bool) * ps->result->ncols);
		if (ps->plan->qual == NIL)
			return ps->result;
		{
			MemoryContext old = exec_begin_row(ps);
			bool		ok;

			ps->econtext.outer = ps->result;
			ok = exec_qual(ps->plan->qual, &ps->econtext);
			memctx_switch_to(old);
			if (ok)
				return ps->result;
		}
	}
}

PlanState *
exec_init_subqueryscan(SubqueryScanPlan *plan, EState *estate)
{
	PlanState  *ps = exec_make_state(sizeof(PlanState), &plan->plan, estate,
									 subqueryscan_exec);

	ps->lefttree = exec_init_node(plan->plan.lefttree, estate);
	return ps;
}

/* ------------------------------------------------------------------------
 * CteScan and Material: read a shared row buffer, filling it on demand
 * ------------------------------------------------------------------------
 */
typedef struct BufferedState
{
	PlanState	ps;
	CteState   *store;			/* shared (CTE) or own (Material) */
	CteState	own;
	int64_t		pos;
} BufferedState;

static TupleSlot *
buffered_exec(PlanState *ps)
{
	BufferedState *bs = (BufferedState *) ps;
	CteState   *st = bs->store;

	for (;;)
	{
		if (bs->pos < st->rows->nrows)
		{
			row_to_slot(st->rows->rows[bs->pos++], ps->result);
			if (ps->plan->qual == NIL)
				return ps->result;
			else
			{
				MemoryContext old = exec_begin_row(ps);
				bool		ok;

				ps->econtext.outer = ps->result;
				ok = exec_qual(ps->plan->qual, &ps->econtext);
				memctx_switch_to(old);
				if (ok)
					return ps->result;
				continue;
			}
		}
		if (st->done)
			return NULL;
		{
			TupleSlot  *in = exec_proc_node(st->ps);

			if (in == NULL)
			{
				st->done = true;
				return NULL;
			}
			rowbuf_add(st->rows, in, st->ps->typlens, st->ps->typbyvals);
		}
	}
}

static void
material_rescan(PlanState *ps)
{
	BufferedState *bs = (BufferedState *) ps;

	bs->pos = 0;
	if (ps->estate->full_rescan && bs->store == &bs->own)
	{
		rowbuf_reset(bs->own.rows);
		bs->own.done = false;
		exec_rescan(ps->lefttree);
	}
}

PlanState *
exec_init_material(MaterialPlan *plan, EState *estate)
{
	BufferedState *bs = (BufferedState *) exec_make_state(sizeof(BufferedState), &plan->plan,
														  estate, buffered_exec);

	bs->ps.lefttree = exec_init_node(plan->plan.lefttree, estate);
	bs->own.ps = bs->ps.lefttree;
	bs->own.rows = rowbuf_create(estate->query_cxt, "Material");
	bs->store = &bs->own;
	bs->ps.rescan = material_rescan;
	return &bs->ps;
}

static void
ctescan_rescan(PlanState *ps)
{
	((BufferedState *) ps)->pos = 0;
}

PlanState *
exec_init_ctescan(CteScanPlan *plan, EState *estate)
{
	BufferedState *bs = (BufferedState *) exec_make_state(sizeof(BufferedState), &plan->plan,
														  estate, buffered_exec);
	CteState   *st = &estate->ctes[plan->cte_id];

	if (st->rows == NULL)
		st->rows = rowbuf_create(estate->query_cxt, "CTE");
	bs->store = st;
	bs->ps.rescan = ctescan_rescan;
	return &bs->ps;
}

/* ------------------------------------------------------------------------
 * Append
 * ------------------------------------------------------------------------
 */
typedef struct AppendState
{
	PlanState	ps;
	PlanState **children;
	int			nchildren;
	int			current;
} AppendState;

static TupleSlot *
append_exec(PlanState *ps)
{
	AppendState *as = (AppendState *) ps;

	while (as->current < as->nchildren)
	{
		TupleSlot  *in = exec_proc_node(as->children[as->current]);

		if (in != NULL)
			return in;
		as->current++;
	}
	return NULL;
}

static void
append_rescan(PlanState *ps)
{
	AppendState *as = (AppendState *) ps;

	for (int i = 0; i < as->nchildren; i++)
		exec_rescan(as->children[i]);
	as->current = 0;
}

static void
append_end(PlanState *ps)
{
	AppendState *as = (AppendState *) ps;

	for (int i = 0; i < as->nchildren; i++)
		exec_end_node(as->children[i]);
}

PlanState *
exec_init_append(AppendPlan *plan, EState *estate)
{
	AppendState *as = (AppendState *) exec_make_state(sizeof(AppendState), &plan->plan,
													  estate, append_exec);
	ListCell   *lc;

	as->nchildren = list_length(plan->plans);
	as->children = palloc0(sizeof(PlanState *) * Max(as->nchildren, 1));
	foreach(lc, plan->plans)
		as->children[foreach_current_index(lc)] = exec_init_node(lfirst(lc), estate);
	as->ps.rescan = append_rescan;
	as->ps.end = append_end;
	return &as->ps;
}

/* ------------------------------------------------------------------------
 * Limit
 * ------------------------------------------------------------------------
 */
typedef struct LimitState
{
	PlanState	ps;
	bool		started;
	int64_t		offset;
	int64_t		count;			/* -1: no limit */
	int64_t		returned;
} LimitState;

static int64_t
limit_value(Expr *e, ExprContext *econtext, bool is_count)
{
	bool		isnull;
	int64_t		v;

	if (e == NULL)
		return is_count ? -1 : 0;
	v = DatumGetInt64(exec_eval_expr(e, econtext, &isnull));
	if (isnull)
		return is_count ? -1 : 0;
	if (v < 0)
	{
		if (is_count)
			ereport(ERROR, errcode(ERRCODE_INVALID_ROW_COUNT_IN_LIMIT_CLAUSE),
					errmsg("LIMIT must not be negative"));
		ereport(ERROR, errcode(ERRCODE_INVALID_ROW_COUNT_IN_RESULT_OFFSET_CLAUSE),
				errmsg("OFFSET must not be negative"));
	}
	return v;
}

static TupleSlot *
limit_exec(PlanState *ps)
{
	LimitState *ls = (LimitState *) ps;
	LimitPlan  *plan = (LimitPlan *) ps->plan;

	if (!ls->started)
	{
		MemoryContext old = exec_begin_row(ps);

		ls->offset = limit_value(plan->limitOffset, &ps->econtext, false);
		ls->count = limit_value(plan->limitCount, &ps->econtext, true);
		memctx_switch_to(old);
		ls->started = true;
		ls->returned = 0;
		while (ls->offset > 0)
		{
			if (exec_proc_node(ps->lefttree) == NULL)
			{
				ls->count = 0;
				break;
			}
			ls->offset--;
		}
	}
	if (ls->count >= 0 && ls->returned >= ls->count)
		return NULL;
	{
		TupleSlot  *in = exec_proc_node(ps->lefttree);

		if (in != NULL)
			ls->returned++;
		return in;
	}
}

static void
limit_rescan(PlanState *ps)
{
	((LimitState *) ps)->started = false;
	exec_rescan(ps->lefttree);
}

PlanState *
exec_init_limit(LimitPlan *plan, EState *estate)
{
	LimitState *ls = (LimitState *) exec_make_state(sizeof(LimitState), &plan->plan, estate,
													limit_exec);

	ls->ps.lefttree = exec_init_node(plan->plan.lefttree, estate);
	ls->ps.rescan = limit_rescan;
	return &ls->ps;
}
