/*-------------------------------------------------------------------------
 * exec_recursive.c
 *	  WITH RECURSIVE: RecursiveUnion and WorkTableScan.
 *
 * RecursiveUnion returns the non-recursive term's rows, keeping them as
 * the working table; then, round after round, it runs the recursive term
 * (whose WorkTableScan nodes read the working table), returns its new
 * rows and makes them the next working table, until a round produces
 * none.  Without ALL, a row already returned is not returned (nor fed to
 * the next round) again, NULLs comparing equal as in UNION.
 *
 * Rows kept in the working tables count against work_mem like any row
 * buffer (exec_rows.c).
 *-------------------------------------------------------------------------
 */
#include "sql/exec/exec_internal.h"

#include "utils/elog.h"

typedef struct RecursiveUnionState
{
	PlanState	ps;
	RowBuffer  *working;		/* rows of the previous round */
	RowBuffer  *next;			/* rows of the current round */
	RowHashTable *seen;			/* UNION: every row returned so far */
	int		   *keycols;
	bool		left_done;
	bool		need_rescan;
} RecursiveUnionState;

/* Is the row new?  (UNION ALL: always) Remembers it when it is. */
static bool
first_time(RecursiveUnionState *rs, TupleSlot *in)
{
	uint32_t	h;

	if (rs->seen == NULL)
		return true;
	h = rowhash_hash(rs->seen, in->values, in->isnull);
	if (rowhash_lookup(rs->seen, h, in->values, in->isnull, rs->keycols, NULL, NULL) != NULL)
		return false;
	rowhash_insert(rs->seen, h, in, rs->ps.typlens, rs->ps.typbyvals);
	return true;
}

/* The round ended: its rows become the working table. */
static void
next_round(RecursiveUnionState *rs)
{
	RowBuffer  *tmp = rs->working;

	rowbuf_reset(tmp);
	rs->working = rs->next;
	rs->next = tmp;
	rs->ps.estate->worktables[((RecursiveUnionPlan *) rs->ps.plan)->wt_id] = rs->working;
	rs->need_rescan = true;
}

static TupleSlot *
recursiveunion_exec(PlanState *ps)
{
	RecursiveUnionState *rs = (RecursiveUnionState *) ps;

	for (;;)
	{
		TupleSlot  *in;

		if (!rs->left_done)
		{
			in = exec_proc_node(ps->lefttree);
			if (in == NULL)
			{
				rs->left_done = true;
				next_round(rs);
				continue;
			}
		}
		else
		{
			if (rs->need_rescan)
			{
				bool		save = ps->estate->full_rescan;

				if (rs->working->nrows == 0)
					return NULL;
				ps->estate->full_rescan = true;
				exec_rescan(ps->righttree);
				ps->estate->full_rescan = save;
				rs->need_rescan = false;
			}
			in = exec_proc_node(ps->righttree);
			if (in == NULL)
			{
				next_round(rs);
				continue;
			}
		}
		if (!first_time(rs, in))
			continue;
		rowbuf_add(rs->next, in, ps->typlens, ps->typbyvals);
		return in;
	}
}

static void
recursiveunion_rescan(PlanState *ps)
{
	RecursiveUnionState *rs = (RecursiveUnionState *) ps;

	rowbuf_reset(rs->working);
	rowbuf_reset(rs->next);
	if (rs->seen)
		rowhash_reset(rs->seen);
	rs->left_done = false;
	rs->need_rescan = false;
	exec_rescan(ps->lefttree);
}

PlanState *
exec_init_recursiveunion(RecursiveUnionPlan *plan, EState *estate)
{
	RecursiveUnionState *rs = (RecursiveUnionState *)
		exec_make_state(sizeof(RecursiveUnionState), &plan->plan, estate, recursiveunion_exec);

	rs->working = rowbuf_create(estate->query_cxt, "recursive union");
	rs->next = rowbuf_create(estate->query_cxt, "recursive union");
	estate->worktables[plan->wt_id] = rs->working;
	if (!plan->all)
	{
		rs->seen = rowhash_create(estate->query_cxt, plan->plan.ncols, plan->plan.coltypes,
								  "recursive union");
		rs->keycols = palloc(sizeof(int) * Max(plan->plan.ncols, 1));
		for (int i = 0; i < plan->plan.ncols; i++)
			rs->keycols[i] = i + 1;
	}
	rs->ps.lefttree = exec_init_node(plan->plan.lefttree, estate);
	rs->ps.righttree = exec_init_node(plan->plan.righttree, estate);
	rs->ps.rescan = recursiveunion_rescan;
	return &rs->ps;
}

/* ------------------------------------------------------------------------
 * WorkTableScan
 * ------------------------------------------------------------------------
 */
typedef struct WorkTableScanState
{
	PlanState	ps;
	int64_t		pos;
} WorkTableScanState;

static TupleSlot *
worktablescan_exec(PlanState *ps)
{
	WorkTableScanState *ws = (WorkTableScanState *) ps;
	RowBuffer  *rb = ps->estate->worktables[((WorkTableScanPlan *) ps->plan)->wt_id];

	while (rb != NULL && ws->pos < rb->nrows)
	{
		MemoryContext old;
		bool		ok;

		row_to_slot(rb->rows[ws->pos++], ps->result);
		if (ps->plan->qual == NIL)
			return ps->result;
		old = exec_begin_row(ps);
		ps->econtext.outer = ps->result;
		ok = exec_qual(ps->plan->qual, &ps->econtext);
		memctx_switch_to(old);
		if (ok)
			return ps->result;
	}
	return NULL;
}

static void
worktablescan_rescan(PlanState *ps)
{
	((WorkTableScanState *) ps)->pos = 0;
}

PlanState *
exec_init_worktablescan(WorkTableScanPlan *plan, EState *estate)
{
	WorkTableScanState *ws = (WorkTableScanState *)
		exec_make_state(sizeof(WorkTableScanState), &plan->plan, estate, worktablescan_exec);

	ws->ps.rescan = worktablescan_rescan;
	return &ws->ps;
}
