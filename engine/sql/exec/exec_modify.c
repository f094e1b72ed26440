/*-------------------------------------------------------------------------
 * exec_modify.c
 *	  ModifyTable: INSERT, UPDATE and DELETE of the rows its input
 *	  produces, with index maintenance, NOT NULL checks, RETURNING and
 *	  READ COMMITTED re-checks.
 *
 * Index maintenance: every new heap version that is not a HOT update gets
 * an entry in every index of the table (btree_insert, with
 * heap_tid_liveness as the unique-check callback).  An UPDATE may be HOT
 * (hot_allowed) when no indexed column's value changed (binary equality).
 *
 * Concurrency (PostgreSQL's rules): heap_update/heap_delete wait for a
 * running transaction that changed the row.  If that transaction
 * committed an update (TM_Updated), READ COMMITTED fetches the newest
 * version (heap_fetch_latest), re-evaluates every WHERE/join condition on
 * the input row with the table's columns replaced by that version, and if
 * they still hold recomputes the new row and retries on it (EvalPlanQual);
 * a concurrent delete skips the row.  REPEATABLE READ / SERIALIZABLE
 * raise 40001 "could not serialize access due to concurrent update"
 * ("... concurrent delete").  A row already changed by this statement
 * (TM_SelfModified) is skipped.
 *-------------------------------------------------------------------------
 */
#include "sql/exec/exec_internal.h"

#include "access/heap/heapam.h"
#include "access/nbtree/nbtree.h"
#include "access/transam/xact.h"
#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/interrupt.h"

typedef struct ModifyState
{
	PlanState	ps;
	ResultRel  *rr;
	Relation	rel;
	int			natts;
	TupleSlot  *newslot;		/* the new row (natts) */
	TupleSlot  *oldslot;		/* DELETE RETURNING: the old row */
	TupleSlot  *epqslot;		/* input row with a newer version's columns */
	bool		done;
} ModifyState;

static const char *
cmd_name(CmdType op)
{
	return op == CMD_INSERT ? "INSERT" : op == CMD_UPDATE ? "UPDATE" : "DELETE";
}

/* Compute the new row from the tlist over input row `in`. */
static void
compute_new_row(ModifyState *ms, TupleSlot *in)
{
	ModifyTablePlan *plan = (ModifyTablePlan *) ms->ps.plan;
	ListCell   *lc;

	ms->ps.econtext.outer = in;
	ms->ps.econtext.inner = NULL;
	foreach(lc, plan->tlist)
	{
		int			i = foreach_current_index(lc);

		ms->newslot->values[i] = exec_eval_expr(lfirst(lc), &ms->ps.econtext,
												&ms->newslot->isnull[i]);
	}
}

static HeapTuple
form_new_tuple(ModifyState *ms)
{
	resultrel_check_not_null(ms->rr, ms->newslot->values, ms->newslot->isnull);
	return heap_form_tuple(ms->rel->rd_att, ms->newslot->values, ms->newslot->isnull);
}

/* Did no indexed column change between the old row (in input) and the new? */
static bool
hot_possible(ModifyState *ms, TupleSlot *in)
{
	ModifyTablePlan *plan = (ModifyTablePlan *) ms->ps.plan;
	int			base = plan->rel_first_col - 1;

	for (int i = 0; i < ms->natts; i++)
	{
		Attribute  *att = tupdesc_attr(ms->rel->rd_att, i);
		bool		oldnull = in->isnull[base + i];

		if (!ms->rr->indexed[i])
			continue;
		if (oldnull != ms->newslot->isnull[i])
			return false;
		if (!oldnull && !datum_image_equal(in->values[base + i], ms->newslot->values[i],
										   att->attbyval, att->attlen))
			return false;
	}
	return true;
}

static pg_noreturn void
serialization_failure(bool deleted)
{
	ereport(ERROR, errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
			errmsg(deleted ? "could not serialize access due to concurrent delete" :
				   "could not serialize access due to concurrent update"));
	__builtin_unreachable();
}

/*
 * READ COMMITTED re-check after a concurrent update: returns the input row
 * rebuilt on the newest version (and its TID in *tid) if every condition
 * still holds, else NULL.
 */
static TupleSlot *
epq_recheck(ModifyState *ms, TupleSlot *in, ItemPointer tid)
{
	ModifyTablePlan *plan = (ModifyTablePlan *) ms->ps.plan;
	HeapTuple	latest = heap_fetch_latest(ms->rel, tid, snapshot_get_latest());
	int			base = plan->rel_first_col - 1;
	Datum	   *vals;
	bool	   *nulls;

	if (latest == NULL)
		return NULL;
	memcpy(ms->epqslot->values, in->values, sizeof(Datum) * in->ncols);
	memcpy(ms->epqslot->isnull, in->isnull, sizeof(bool) * in->ncols);
	vals = palloc(sizeof(Datum) * ms->natts);
	nulls = palloc(sizeof(bool) * ms->natts);
	heap_deform_tuple(latest, ms->rel->rd_att, vals, nulls);
	if (base >= 0)
	{
		memcpy(ms->epqslot->values + base, vals, sizeof(Datum) * ms->natts);
		memcpy(ms->epqslot->isnull + base, nulls, sizeof(bool) * ms->natts);
	}
	ms->epqslot->values[plan->ctid_col - 1] = tid_to_datum(&latest->t_self);
	*tid = latest->t_self;
	ms->ps.econtext.outer = ms->epqslot;
	ms->ps.econtext.inner = NULL;
	if (!exec_qual(plan->epq_quals, &ms->ps.econtext))
		return NULL;
	return ms->epqslot;
}

/* Returns true when the row was updated; *row is the input row used. */
static bool
do_update(ModifyState *ms, TupleSlot **row)
{
	ModifyTablePlan *plan = (ModifyTablePlan *) ms->ps.plan;
	TupleSlot  *in = *row;
	ItemPointerData tid;

	datum_to_tid(in->values[plan->ctid_col - 1], &tid);
	for (;;)
	{
		TM_FailureData tmfd;
		HeapTuple	newtup;
		bool		is_hot = false;
		TM_Result	res;

		compute_new_row(ms, in);
		newtup = form_new_tuple(ms);
		res = heap_update(ms->rel, &tid, newtup, ms->ps.estate->cid, hot_possible(ms, in),
						  &is_hot, &tmfd);
		switch (res)
		{
			case TM_Ok:
				if (!is_hot)
					resultrel_insert_index_entries(ms->rr, ms->newslot->values,
												   ms->newslot->isnull, &newtup->t_self);
				*row = in;
				return true;
			case TM_SelfModified:
				return false;
			case TM_Updated:
			case TM_Deleted:
				if (xact_isolation_level() >= XACT_REPEATABLE_READ)
					serialization_failure(res == TM_Deleted);
				if (res == TM_Deleted)
					return false;
				in = epq_recheck(ms, in, &tid);
				if (in == NULL)
					return false;
				CHECK_FOR_INTERRUPTS();
				continue;
			case TM_Invisible:
				elog(ERROR, "attempted to update invisible tuple");
		}
	}
}

static bool
do_delete(ModifyState *ms, TupleSlot **row)
{
	ModifyTablePlan *plan = (ModifyTablePlan *) ms->ps.plan;
	TupleSlot  *in = *row;
	ItemPointerData tid;

	datum_to_tid(in->values[plan->ctid_col - 1], &tid);
	for (;;)
	{
		TM_FailureData tmfd;
		TM_Result	res = heap_delete(ms->rel, &tid, ms->ps.estate->cid, &tmfd);

		switch (res)
		{
			case TM_Ok:
				*row = in;
				return true;
			case TM_SelfModified:
				return false;
			case TM_Updated:
			case TM_Deleted:
				if (xact_isolation_level() >= XACT_REPEATABLE_READ)
					serialization_failure(res == TM_Deleted);
				if (res == TM_Deleted)
					return false;
				in = epq_recheck(ms, in, &tid);
				if (in == NULL)
					return false;
				CHECK_FOR_INTERRUPTS();
				continue;
			case TM_Invisible:
				elog(ERROR, "attempted to delete invisible tuple");
		}
	}
}

static TupleSlot *
project_returning(ModifyState *ms, TupleSlot *in, TupleSlot *tablerow)
{
	ModifyTablePlan *plan = (ModifyTablePlan *) ms->ps.plan;
	ListCell   *lc;

	ms->ps.econtext.outer = in;
	ms->ps.econtext.inner = tablerow;
	foreach(lc, plan->returning)
	{
		int			i = foreach_current_index(lc);

		ms->ps.result->values[i] = exec_eval_expr(lfirst(lc), &ms->ps.econtext,
												  &ms->ps.result->isnull[i]);
	}
	return ms->ps.result;
}

static TupleSlot *
modify_exec(PlanState *ps)
{
	ModifyState *ms = (ModifyState *) ps;
	ModifyTablePlan *plan = (ModifyTablePlan *) ps->plan;

	while (!ms->done)
	{
		TupleSlot  *in = exec_proc_node(ps->lefttree);
		MemoryContext old;
		bool		changed = true;
		TupleSlot  *tablerow = ms->newslot;

		if (in == NULL)
		{
			ms->done = true;
			break;
		}
		old = exec_begin_row(ps);
		switch (plan->operation)
		{
			case CMD_INSERT:
				compute_new_row(ms, in);
				resultrel_insert(ms->rr, ms->newslot->values, ms->newslot->isnull,
								 ps->estate->cid);
				break;
			case CMD_UPDATE:
				changed = do_update(ms, &in);
				break;
			case CMD_DELETE:
				changed = do_delete(ms, &in);
				if (changed && plan->returning != NIL)
				{
					int			base = plan->rel_first_col - 1;

					memcpy(ms->oldslot->values, in->values + base, sizeof(Datum) * ms->natts);
					memcpy(ms->oldslot->isnull, in->isnull + base, sizeof(bool) * ms->natts);
					tablerow = ms->oldslot;
				}
				break;
			default:
				elog(ERROR, "unexpected modify operation");
		}
		if (changed)
		{
			ps->estate->processed++;
			if (plan->returning != NIL)
			{
				TupleSlot  *r = project_returning(ms, in, tablerow);

				memctx_switch_to(old);
				return r;
			}
		}
		memctx_switch_to(old);
		CHECK_FOR_INTERRUPTS();
	}
	return NULL;
}

static void
modify_rescan(PlanState *ps)
{
	(void) ps;
	elog(ERROR, "INSERT/UPDATE/DELETE cannot be rescanned");
}

static void
modify_end(PlanState *ps)
{
	ModifyState *ms = (ModifyState *) ps;

	if (ms->rr != NULL)
		resultrel_close(ms->rr);
	ms->rr = NULL;
}

PlanState *
exec_init_modify(ModifyTablePlan *plan, EState *estate)
{
	ModifyState *ms = (ModifyState *) exec_make_state(sizeof(ModifyState), &plan->plan,
													  estate, modify_exec);

	if (xact_read_only())
		ereport(ERROR, errcode(ERRCODE_READ_ONLY_SQL_TRANSACTION),
				errmsg("cannot execute %s in a read-only transaction", cmd_name(plan->operation)));
	ms->ps.lefttree = exec_init_node(plan->plan.lefttree, estate);
	ms->rr = resultrel_open(plan->relid);
	ms->rel = ms->rr->rel;
	ms->natts = ms->rr->natts;
	if (plan->operation != CMD_DELETE && list_length(plan->tlist) != ms->natts)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("cached plan must not change result type"));
	ms->newslot = exec_make_slot(ms->natts);
	ms->oldslot = exec_make_slot(ms->natts);
	ms->epqslot = exec_make_slot(plan->plan.lefttree->ncols);
	ms->ps.rescan = modify_rescan;
	ms->ps.end = modify_end;
	return &ms->ps;
}
