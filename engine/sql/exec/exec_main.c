/*-------------------------------------------------------------------------
 * exec_main.c
 *	  Executor entry points and the generic node machinery: creating node
 *	  states from plan nodes, running them (with EXPLAIN ANALYZE timing),
 *	  rescanning and shutting them down.
 *
 * A QueryDesc owns an ExecutorState memory context holding all node
 * states; subplans (SubPlan expressions) and CTEs are initialized up
 * front, their state indexed by plan id.
 *-------------------------------------------------------------------------
 */
#include "sql/exec/exec_internal.h"

#include <time.h>

#include "access/transam/xact.h"
#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/interrupt.h"

struct QueryDesc
{
	EState	   *estate;
	PlanState  *top;
	MemoryContext cxt;
	uint64_t	returned;
	bool		done;
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec * 1000.0 + (double) ts.tv_nsec / 1e6;
}

TupleSlot *
exec_make_slot(int ncols)
{
	TupleSlot  *slot = palloc0(sizeof(TupleSlot));

	slot->ncols = ncols;
	slot->values = palloc0(sizeof(Datum) * Max(ncols, 1));
	slot->isnull = palloc0(sizeof(bool) * Max(ncols, 1));
	return slot;
}

PlanState *
exec_make_state(size_t size, Plan *plan, EState *estate, ExecProcFn exec)
{
	PlanState  *ps = palloc0(size);

	ps->plan = plan;
	ps->estate = estate;
	ps->exec = exec;
	ps->row_cxt = memctx_create(estate->query_cxt, "ExecutorRow");
	ps->econtext.estate = estate;
	ps->result = exec_make_slot(plan->ncols);
	exec_col_storage(plan->coltypes, plan->ncols, &ps->typlens, &ps->typbyvals);
	return ps;
}

MemoryContext
exec_begin_row(PlanState *ps)
{
	memctx_reset(ps->row_cxt);
	return memctx_switch_to(ps->row_cxt);
}

bool
exec_qual(List *qual, ExprContext *econtext)
{
	ListCell   *lc;

	foreach(lc, qual)
	{
		if (!exec_eval_bool(lfirst(lc), econtext))
			return false;
	}
	return true;
}

Relation
exec_open_relation(EState *estate, Oid relid)
{
	MemoryContext old = memctx_switch_to(estate->query_cxt);
	Relation	rel = relation_open(relid);

	estate->open_relations = lappend(estate->open_relations, rel);
	memctx_switch_to(old);
	return rel;
}

SubPlanState *
exec_subplan_state(EState *estate, int plan_id)
{
	return &estate->subplans[plan_id];
}

PlanState *
exec_init_node(Plan *plan, EState *estate)
{
	if (plan == NULL)
		return NULL;
	switch (nodeTag(plan))
	{
		case T_SeqScanPlan:
			return exec_init_seqscan((SeqScanPlan *) plan, estate);
		case T_IndexScanPlan:
			return exec_init_indexscan((IndexScanPlan *) plan, estate);
		case T_ResultPlan:
			return exec_init_result((ResultPlan *) plan, estate);
		case T_ProjectSetPlan:
			return exec_init_projectset((ProjectSetPlan *) plan, estate);
		case T_FunctionScanPlan:
			return exec_init_functionscan((FunctionScanPlan *) plan, estate);
		case T_ValuesScanPlan:
			return exec_init_valuesscan((ValuesScanPlan *) plan, estate);
		case T_SubqueryScanPlan:
			return exec_init_subqueryscan((SubqueryScanPlan *) plan, estate);
		case T_CteScanPlan:
			return exec_init_ctescan((CteScanPlan *) plan, estate);
		case T_MaterialPlan:
			return exec_init_material((MaterialPlan *) plan, estate);
		case T_AppendPlan:
			return exec_init_append((AppendPlan *) plan, estate);
		case T_LimitPlan:
			return exec_init_limit((LimitPlan *) plan, estate);
		case T_NestLoopPlan:
			return exec_init_nestloop((NestLoopPlan *) plan, estate);
		case T_HashJoinPlan:
			return exec_init_hashjoin((HashJoinPlan *) plan, estate);
		case T_SortPlan:
			return exec_init_sort((SortPlan *) plan, estate);
		case T_UniquePlan:
			return exec_init_unique((UniquePlan *) plan, estate);
		case T_AggPlan:
			return exec_init_agg((AggPlan *) plan, estate);
		case T_SetOpPlan:
			return exec_init_setop((SetOpPlan *) plan, estate);
		case T_ModifyTablePlan:
			return exec_init_modify((ModifyTablePlan *) plan, estate);
		case T_LockRowsPlan:
			return exec_init_lockrows((LockRowsPlan *) plan, estate);
		case T_RecursiveUnionPlan:
			return exec_init_recursiveunion((RecursiveUnionPlan *) plan, estate);
		case T_WorkTableScanPlan:
			return exec_init_worktablescan((WorkTableScanPlan *) plan, estate);
		case T_WindowAggPlan:
			return exec_init_windowagg((WindowAggPlan *) plan, estate);
		default:
			elog(ERROR, "unrecognized plan node type %d", (int) nodeTag(plan));
	}
	return NULL;
}

TupleSlot *
exec_proc_node(PlanState *ps)
{
	TupleSlot  *slot;
	double		start;

	CHECK_FOR_INTERRUPTS();
	if (!ps->estate->instrument)
		return ps->exec(ps);
	if (!ps->running)
	{
		ps->running = true;
		ps->nloops += 1;
	}
	start = now_ms();
	slot = ps->exec(ps);
	ps->total_ms += now_ms() - start;
	if (slot != NULL)
	{
		if (ps->ntuples == 0)
			ps->first_ms = ps->total_ms;
		ps->ntuples += 1;
	}
	else
		ps->running = false;
	return slot;
}

void
exec_rescan(PlanState *ps)
{
	if (ps == NULL)
		return;
	ps->running = false;
	if (ps->rescan)
		ps->rescan(ps);
	else
	{
		exec_rescan(ps->lefttree);
		exec_rescan(ps->righttree);
	}
}

void
exec_end_node(PlanState *ps)
{
	if (ps == NULL)
		return;
	if (ps->end)
		ps->end(ps);
	exec_end_node(ps->lefttree);
	exec_end_node(ps->righttree);
}

/* ------------------------------------------------------------------------
 * Entry points
 * ------------------------------------------------------------------------
 */
static void
init_subplans_and_ctes(EState *estate, PlannedStmt *pstmt)
{
	ListCell   *lc;

	/* both arrays first: a subplan may scan a CTE and a CTE may hold subplans */
	estate->subplans = palloc0(sizeof(SubPlanState) * Max(list_length(pstmt->subplans), 1));
	estate->ctes = palloc0(sizeof(CteState) * Max(list_length(pstmt->ctes), 1));
	foreach(lc, pstmt->subplans)
		estate->subplans[foreach_current_index(lc)].ps = exec_init_node(lfirst(lc), estate);
	foreach(lc, pstmt->ctes)
		estate->ctes[foreach_current_index(lc)].ps = exec_init_node(lfirst(lc), estate);
}

QueryDesc *
executor_start(PlannedStmt *pstmt, const ParamValues *params, Snapshot snapshot, bool instrument)
{
	MemoryContext cxt = memctx_create(CurrentMemoryContext, "ExecutorState");
	MemoryContext old = memctx_switch_to(cxt);
	QueryDesc  *qd = palloc0(sizeof(QueryDesc));
	EState	   *estate = palloc0(sizeof(EState));

	qd->cxt = cxt;
	qd->estate = estate;
	estate->pstmt = pstmt;
	estate->query_cxt = cxt;
	estate->snapshot = snapshot;
	estate->cid = xact_get_cid();
	estate->instrument = instrument;
	if (params)
		estate->ext = *params;
	estate->exec_params = palloc0(sizeof(Datum) * Max(pstmt->nParamExec, 1));
	estate->exec_nulls = palloc0(sizeof(bool) * Max(pstmt->nParamExec, 1));
	for (int i = 0; i < pstmt->nParamExec; i++)
		estate->exec_nulls[i] = true;
	estate->worktables = palloc0(sizeof(RowBuffer *) * Max(pstmt->nWorkTables, 1));
	init_subplans_and_ctes(estate, pstmt);
	qd->top = exec_init_node(pstmt->planTree, estate);
	memctx_switch_to(old);
	return qd;
}

TupleSlot *
executor_next(QueryDesc *qd)
{
	TupleSlot  *slot;

	if (qd->done)
		return NULL;
	slot = exec_proc_node(qd->top);
	if (slot == NULL)
		qd->done = true;
	else
		qd->returned++;
	return slot;
}

uint64_t
executor_processed(const QueryDesc *qd)
{
	return qd->estate->processed;
}

uint64_t
executor_rows_returned(const QueryDesc *qd)
{
	return qd->returned;
}

PlanState *
executor_top_state(QueryDesc *qd)
{
	return qd->top;
}

EState *
executor_estate(QueryDesc *qd)
{
	return qd->estate;
}

void
executor_end(QueryDesc *qd)
{
	EState	   *estate = qd->estate;
	ListCell   *lc;

	exec_end_node(qd->top);
	for (int i = 0; i < list_length(estate->pstmt->subplans); i++)
		exec_end_node(estate->subplans[i].ps);
	for (int i = 0; i < list_length(estate->pstmt->ctes); i++)
		exec_end_node(estate->ctes[i].ps);
	foreach(lc, estate->open_relations)
		relation_close(lfirst(lc));
	estate->open_relations = NIL;
	memctx_delete(qd->cxt);
}
