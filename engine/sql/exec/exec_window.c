/*-------------------------------------------------------------------------
 * exec_window.c
 *	  WindowAgg: window functions over a partition of rows.
 *
 * The input is sorted by the partition keys, then the window's ORDER BY
 * keys.  The node reads one whole partition into a row buffer (counted
 * against work_mem), then returns each of its rows followed by the value
 * of every window function for that row.
 *
 * Semantics (PostgreSQL's): peers are rows with equal ORDER BY keys (all
 * rows are peers without ORDER BY).  row_number, rank (first peer's
 * position), dense_rank (peer group number), percent_rank ((rank - 1) /
 * (rows - 1)), cume_dist (rows up to the last peer / rows), ntile(n),
 * lag/lead(x [, offset [, default]]) ignore the frame; first_value,
 * last_value, nth_value and aggregates use it.  The default frame (RANGE
 * UNBOUNDED PRECEDING .. CURRENT ROW) ends at the row's last peer.
 * Aggregates over frames starting at the partition's first row are
 * computed incrementally; other frames are aggregated afresh per row.
 *-------------------------------------------------------------------------
 */
#include "sql/exec/exec_internal.h"

#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/interrupt.h"

typedef struct WinAggState
{
	Datum		trans;
	bool		transnull;
	int64_t		upto;			/* rows [0, upto) are in trans (incremental) */
} WinAggState;

typedef struct WindowState
{
	PlanState	ps;
	int			nfuncs;
	WindowFunc **funcs;
	RowBuffer  *part;			/* current partition */
	int64_t		pos;			/* next row of part to return */
	TupleSlot  *pending;		/* first row of the next partition */
	bool		input_done;
	MemoryContext aggcxt;		/* transition states, reset per partition */
	WinAggState *aggs;
	TupleSlot  *rowslot;		/* a partition row, to evaluate arguments on */
	int64_t		start_off;
	int64_t		end_off;
	bool		offsets_done;
	/* the peer group of the last row asked about, and its dense rank */
	int64_t		group_start;
	int64_t		group_end;
	int64_t		group_number;
} WindowState;

/* ------------------------------------------------------------------------
 * Partitions and peers
 * ------------------------------------------------------------------------
 */
static bool
cols_equal(WindowState *ws, Row *a, const Datum *bv, const bool *bn, const int *cols, int n)
{
	for (int i = 0; i < n; i++)
	{
		int			c = cols[i] - 1;

		if (a->isnull[c] || bn[c])
		{
			if (a->isnull[c] != bn[c])
				return false;
			continue;
		}
		if (exec_compare_values(ws->ps.lefttree->plan->coltypes[c], a->values[c], bv[c]) != 0)
			return false;
	}
	return true;
}

static bool
peers(WindowState *ws, int64_t i, int64_t j)
{
	WindowAggPlan *plan = (WindowAggPlan *) ws->ps.plan;
	Row		   *b = ws->part->rows[j];

	return cols_equal(ws, ws->part->rows[i], b->values, b->isnull, plan->ordcols, plan->nord);
}

/*
 * The peer group [group_start, group_end] holding row i.  Rows are asked
 * about in increasing order, so the group is found by extending the
 * previous one (linear over a partition).
 */
static void
peer_group(WindowState *ws, int64_t i)
{
	if (ws->group_end >= 0 && i >= ws->group_start && i <= ws->group_end)
		return;
	if (ws->group_end >= 0 && i == ws->group_end + 1)
		ws->group_number++;
	else
	{
		/* out-of-order request: recount from the start of the partition */
		ws->group_number = 1;
		for (int64_t r = 1; r <= i; r++)
		{
			if (!peers(ws, r - 1, r))
				ws->group_number++;
		}
	}
	ws->group_start = i;
	while (ws->group_start > 0 && peers(ws, ws->group_start - 1, i))
		ws->group_start--;
	ws->group_end = i;
	while (ws->group_end + 1 < ws->part->nrows && peers(ws, ws->group_end + 1, i))
		ws->group_end++;
}

static int64_t
first_peer(WindowState *ws, int64_t i)
{
	peer_group(ws, i);
	return ws->group_start;
}

static int64_t
last_peer(WindowState *ws, int64_t i)
{
	peer_group(ws, i);
	return ws->group_end;
}

/* Read the next partition; false when the input is exhausted. */
static bool
load_partition(WindowState *ws)
{
	WindowAggPlan *plan = (WindowAggPlan *) ws->ps.plan;
	PlanState  *child = ws->ps.lefttree;

	rowbuf_reset(ws->part);
	memctx_reset(ws->aggcxt);
	ws->group_start = 0;
	ws->group_end = -1;
	ws->group_number = 0;
	for (int i = 0; i < ws->nfuncs; i++)
	{
		ws->aggs[i].transnull = true;
		ws->aggs[i].upto = 0;
	}
	ws->pos = 0;
	if (ws->input_done)
		return false;
	if (ws->pending == NULL)
		ws->pending = exec_proc_node(child);
	while (ws->pending != NULL)
	{
		TupleSlot  *in = ws->pending;

		if (ws->part->nrows > 0 &&
			!cols_equal(ws, ws->part->rows[0], in->values, in->isnull, plan->partcols, plan->npart))
			break;
		rowbuf_add(ws->part, in, child->typlens, child->typbyvals);
		ws->pending = exec_proc_node(child);
	}
	if (ws->pending == NULL)
		ws->input_done = true;
	return ws->part->nrows > 0;
}

/* ------------------------------------------------------------------------
 * Function evaluation
 * ------------------------------------------------------------------------
 */
static Datum
eval_arg_on_row(WindowState *ws, WindowFunc *wf, int argno, int64_t row, bool *isnull)
{
	row_to_slot(ws->part->rows[row], ws->rowslot);
	ws->ps.econtext.outer = ws->rowslot;
	return exec_eval_expr(list_nth(wf->args, argno), &ws->ps.econtext, isnull);
}

static int64_t
int_arg(WindowState *ws, WindowFunc *wf, int argno, int64_t row, int64_t dflt)
{
	bool		isnull;
	Datum		v;

	if (list_length(wf->args) <= argno)
		return dflt;
	v = eval_arg_on_row(ws, wf, argno, row, &isnull);
	if (isnull)
		return -1;
	return DatumGetInt32(v);
}

/* Frame [*start, *end] of row i (empty when start > end). */
static void
frame_bounds(WindowState *ws, int64_t i, int64_t *start, int64_t *end)
{
	int			f = ((WindowAggPlan *) ws->ps.plan)->frameOptions;
	int64_t		n = ws->part->nrows;

	if (f & FRAMEOPTION_START_UNBOUNDED_PRECEDING)
		*start = 0;
	else if (f & FRAMEOPTION_START_CURRENT_ROW)
		*start = (f & FRAMEOPTION_ROWS) ? i : first_peer(ws, i);
	else if (f & FRAMEOPTION_START_OFFSET_PRECEDING)
		*start = i - ws->start_off;
	else
		*start = i + ws->start_off;
	if (f & FRAMEOPTION_END_UNBOUNDED_FOLLOWING)
		*end = n - 1;
	else if (f & FRAMEOPTION_END_CURRENT_ROW)
		*end = (f & FRAMEOPTION_ROWS) ? i : last_peer(ws, i);
	else if (f & FRAMEOPTION_END_OFFSET_PRECEDING)
		*end = i - ws->end_off;
	else
		*end = i + ws->end_off;
	if (*start < 0)
		*start = 0;
	if (*end > n - 1)
		*end = n - 1;
}

static void
agg_advance(WindowState *ws, WindowFunc *wf, WinAggState *st, int64_t row)
{
	const BuiltinAggregate *agg = wf->agg;
	const TypeInfo *tt = type_get(wf->transtype);
	FunctionCallInfoData fcinfo;
	int			nargs = list_length(wf->args);
	Datum		result;

	memset(&fcinfo, 0, sizeof(fcinfo));
	row_to_slot(ws->part->rows[row], ws->rowslot);
	ws->ps.econtext.outer = ws->rowslot;
	if (wf->aggfilter && !exec_eval_bool(wf->aggfilter, &ws->ps.econtext))
		return;
	for (int a = 0; a < nargs; a++)
	{
		fcinfo.args[a + 1] = exec_eval_expr(list_nth(wf->args, a), &ws->ps.econtext,
											&fcinfo.argnull[a + 1]);
		fcinfo.argtypes[a + 1] = wf->argtypes[a];
		if (fcinfo.argnull[a + 1] && agg->strict_trans)
			return;
	}
	if (agg->strict_trans && st->transnull && nargs > 0 && wf->transtype == wf->argtypes[0])
	{
		st->trans = datum_copy_in(ws->aggcxt, fcinfo.args[1], tt->byval, tt->typlen);
		st->transnull = false;
		return;
	}
	if (agg->strict_trans && st->transnull)
		return;
	fcinfo.nargs = nargs + 1;
	fcinfo.args[0] = st->trans;
	fcinfo.argnull[0] = st->transnull;
	fcinfo.argtypes[0] = wf->transtype;
	fcinfo.result_type = wf->transtype;
	fcinfo.result_typmod = -1;
	fcinfo.agg_memctx = ws->aggcxt;
	result = agg->transfn(&fcinfo);
	st->transnull = fcinfo.isnull;
	st->trans = fcinfo.isnull ? (Datum) 0 :
		(tt->byval || memctx_of(DatumGetPointer(result)) == ws->aggcxt ? result :
		 datum_copy_in(ws->aggcxt, result, false, tt->typlen));
}

static void
agg_reset(WindowState *ws, WindowFunc *wf, WinAggState *st)
{
	st->upto = 0;
	st->transnull = wf->agg->initval == NULL;
	st->trans = st->transnull ? (Datum) 0 :
		datum_copy_in(ws->aggcxt, type_input(wf->transtype, wf->agg->initval, -1),
					  type_get(wf->transtype)->byval, type_get(wf->transtype)->typlen);
}

static Datum
agg_final(WindowFunc *wf, WinAggState *st, bool *isnull)
{
	FunctionCallInfoData fcinfo;
	Datum		r;

	if (st->transnull || wf->agg->finalfn == NULL)
	{
		*isnull = st->transnull;
		return st->trans;
	}
	memset(&fcinfo, 0, sizeof(fcinfo));
	fcinfo.nargs = 1;
	fcinfo.args[0] = st->trans;
	fcinfo.argtypes[0] = wf->transtype;
	fcinfo.result_type = wf->wintype;
	fcinfo.result_typmod = -1;
	r = wf->agg->finalfn(&fcinfo);
	*isnull = fcinfo.isnull;
	return r;
}

static Datum
window_agg_value(WindowState *ws, int f, int64_t i, bool *isnull)
{
	WindowFunc *wf = ws->funcs[f];
	WinAggState *st = &ws->aggs[f];
	int64_t		start;
	int64_t		end;

	frame_bounds(ws, i, &start, &end);
	if (start == 0 && st->upto <= end + 1 && !(i == 0 && st->upto > 0))
	{
		/* incremental: extend the running state to the frame's end */
		if (st->upto == 0)
			agg_reset(ws, wf, st);
		while (st->upto <= end)
			agg_advance(ws, wf, st, st->upto++);
		return agg_final(wf, st, isnull);
	}
	{
		WinAggState fresh;
		Datum		v;

		agg_reset(ws, wf, &fresh);
		for (int64_t r = start; r <= end; r++)
			agg_advance(ws, wf, &fresh, r);
		v = agg_final(wf, &fresh, isnull);
		st->upto = 0;
		return v;
	}
}

static Datum
window_value(WindowState *ws, int f, int64_t i, bool *isnull)
{
	WindowFunc *wf = ws->funcs[f];
	int64_t		n = ws->part->nrows;
	int64_t		start;
	int64_t		end;

	*isnull = false;
	switch (wf->kind)
	{
		case WINFN_AGG:
			return window_agg_value(ws, f, i, isnull);
		case WINFN_ROW_NUMBER:
			return Int64GetDatum(i + 1);
		case WINFN_RANK:
			return Int64GetDatum(first_peer(ws, i) + 1);
		case WINFN_DENSE_RANK:
			peer_group(ws, i);
			return Int64GetDatum(ws->group_number);
		case WINFN_PERCENT_RANK:
			return Float8GetDatum(n <= 1 ? 0.0 : (double) first_peer(ws, i) / (double) (n - 1));
		case WINFN_CUME_DIST:
			return Float8GetDatum((double) (last_peer(ws, i) + 1) / (double) n);
		case WINFN_NTILE:
			{
				int64_t		buckets = int_arg(ws, wf, 0, i, 1);
				int64_t		per;
				int64_t		extra;
				int64_t		big;

				if (buckets <= 0)
					ereport(ERROR, errcode("22014"),
							errmsg("argument of ntile must be greater than zero"));
				per = n / buckets;
				extra = n % buckets;
				big = extra * (per + 1);
				if (i < big)
					return Int32GetDatum((int32_t) (i / (per + 1) + 1));
				return Int32GetDatum((int32_t) (extra + (i - big) / Max(per, 1) + 1));
			}
		case WINFN_LAG:
		case WINFN_LEAD:
			{
				int64_t		off = int_arg(ws, wf, 1, i, 1);
				int64_t		target;

				if (off < 0 && list_length(wf->args) > 1)
				{
					*isnull = true;
					return (Datum) 0;
				}
				target = wf->kind == WINFN_LAG ? i - off : i + off;
				if (target >= 0 && target < n)
					return eval_arg_on_row(ws, wf, 0, target, isnull);
				if (list_length(wf->args) > 2)
					return eval_arg_on_row(ws, wf, 2, i, isnull);
				*isnull = true;
				return (Datum) 0;
			}
		case WINFN_FIRST_VALUE:
		case WINFN_LAST_VALUE:
		case WINFN_NTH_VALUE:
			{
				int64_t		target;

				frame_bounds(ws, i, &start, &end);
				if (wf->kind == WINFN_FIRST_VALUE)
					target = start;
				else if (wf->kind == WINFN_LAST_VALUE)
					target = end;
				else
				{
					int64_t		nth = int_arg(ws, wf, 1, i, 1);

					if (nth <= 0)
						ereport(ERROR, errcode("22016"),
								errmsg("argument of nth_value must be greater than zero"));
					target = start + nth - 1;
				}
				if (start > end || target < start || target > end)
				{
					*isnull = true;
					return (Datum) 0;
				}
				return eval_arg_on_row(ws, wf, 0, target, isnull);
			}
	}
	*isnull = true;
	return (Datum) 0;
}

/* ------------------------------------------------------------------------
 * Node
 * ------------------------------------------------------------------------
 */
static void
eval_offsets(WindowState *ws)
{
	WindowAggPlan *plan = (WindowAggPlan *) ws->ps.plan;
	bool		isnull;

	ws->start_off = 0;
	ws->end_off = 0;
	if (plan->startOffset)
		ws->start_off = DatumGetInt64(exec_eval_expr(plan->startOffset, &ws->ps.econtext,
													 &isnull));
	if (plan->endOffset)
		ws->end_off = DatumGetInt64(exec_eval_expr(plan->endOffset, &ws->ps.econtext, &isnull));
	if (ws->start_off < 0 || ws->end_off < 0)
		ereport(ERROR, errcode("22013"), errmsg("frame starting offset must not be negative"));
}

static TupleSlot *
windowagg_exec(PlanState *ps)
{
	WindowState *ws = (WindowState *) ps;
	int			ninput = ps->lefttree->plan->ncols;
	MemoryContext old;
	Row		   *row;

	if (!ws->offsets_done)
	{
		eval_offsets(ws);
		ws->offsets_done = true;
	}
	if (ws->pos >= ws->part->nrows && !load_partition(ws))
		return NULL;
	old = exec_begin_row(ps);
	row = ws->part->rows[ws->pos];
	memcpy(ps->result->values, row->values, sizeof(Datum) * ninput);
	memcpy(ps->result->isnull, row->isnull, sizeof(bool) * ninput);
	for (int f = 0; f < ws->nfuncs; f++)
		ps->result->values[ninput + f] = window_value(ws, f, ws->pos,
													  &ps->result->isnull[ninput + f]);
	memctx_switch_to(old);
	ws->pos++;
	return ps->result;
}

static void
windowagg_rescan(PlanState *ps)
{
	WindowState *ws = (WindowState *) ps;

	rowbuf_reset(ws->part);
	ws->pos = 0;
	ws->pending = NULL;
	ws->input_done = false;
	ws->offsets_done = false;
	ws->group_end = -1;
	exec_rescan(ps->lefttree);
}

PlanState *
exec_init_windowagg(WindowAggPlan *plan, EState *estate)
{
	WindowState *ws = (WindowState *) exec_make_state(sizeof(WindowState), &plan->plan, estate,
													  windowagg_exec);
	ListCell   *lc;

	ws->ps.lefttree = exec_init_node(plan->plan.lefttree, estate);
	ws->nfuncs = list_length(plan->winfuncs);
	ws->funcs = palloc(sizeof(WindowFunc *) * Max(ws->nfuncs, 1));
	foreach(lc, plan->winfuncs)
		ws->funcs[foreach_current_index(lc)] = lfirst(lc);
	ws->part = rowbuf_create(estate->query_cxt, "WindowAgg");
	ws->aggcxt = memctx_create(estate->query_cxt, "WindowAgg states");
	ws->aggs = palloc0(sizeof(WinAggState) * Max(ws->nfuncs, 1));
	ws->rowslot = exec_make_slot(plan->plan.lefttree->ncols);
	ws->group_end = -1;
	ws->ps.rescan = windowagg_rescan;
	return &ws->ps;
}
