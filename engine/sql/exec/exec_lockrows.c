/*-------------------------------------------------------------------------
 * exec_lockrows.c
 *	  LockRows: SELECT ... FOR UPDATE / FOR NO KEY UPDATE / FOR SHARE /
 *	  FOR KEY SHARE.
 *
 * The heap has no separate row-lock operation, so a row is locked by
 * writing its version again unchanged (heap_update with HOT allowed):
 * that sets the old version's xmax to our transaction, which is exactly
 * what makes a concurrent UPDATE, DELETE or FOR UPDATE wait for us.  Every
 * strength therefore takes an exclusive lock.  The cost is a new row
 * version per locked row (index entries too when the update cannot be
 * HOT).
 *
 * Concurrency is ModifyTable's: a row updated by a transaction that
 * committed while we waited is re-read at its newest version and the
 * query's conditions are re-checked on it (READ COMMITTED), the row is
 * skipped if it was deleted or no longer qualifies, and REPEATABLE READ
 * raises 40001.  The output row carries the locked version's values.
 *-------------------------------------------------------------------------
 */
#include "sql/exec/exec_internal.h"

#include "access/heap/heapam.h"
#include "access/transam/xact.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/interrupt.h"

typedef struct LockRowsState
{
	PlanState	ps;
	int			nrels;
	ResultRel **rels;
	int		   *ctid_cols;
	int		   *first_cols;
} LockRowsState;

/* Replace rel i's columns and TID in the row with the newest version. */
static bool
refetch_latest(LockRowsState *ls, int i, ItemPointer tid)
{
	ResultRel  *rr = ls->rels[i];
	HeapTuple	latest = heap_fetch_latest(rr->rel, tid, snapshot_get_latest());
	TupleSlot  *row = ls->ps.result;

	if (latest == NULL)
		return false;
	heap_deform_tuple(latest, rr->rel->rd_att, row->values + ls->first_cols[i] - 1,
					  row->isnull + ls->first_cols[i] - 1);
	row->values[ls->ctid_cols[i] - 1] = tid_to_datum(&latest->t_self);
	*tid = latest->t_self;
	ls->ps.econtext.outer = row;
	return exec_qual(((LockRowsPlan *) ls->ps.plan)->epq_quals, &ls->ps.econtext);
}

/* Lock rel i's version in the current row; false when the row drops out. */
static bool
lock_one(LockRowsState *ls, int i)
{
	ResultRel  *rr = ls->rels[i];
	TupleSlot  *row = ls->ps.result;
	ItemPointerData tid;

	datum_to_tid(row->values[ls->ctid_cols[i] - 1], &tid);
	for (;;)
	{
		HeapTuple	tup = heap_form_tuple(rr->rel->rd_att, row->values + ls->first_cols[i] - 1,
										  row->isnull + ls->first_cols[i] - 1);
		TM_FailureData tmfd;
		bool		is_hot = false;
		TM_Result	res = heap_update(rr->rel, &tid, tup, ls->ps.estate->cid, true, &is_hot,
									  &tmfd);

		switch (res)
		{
			case TM_Ok:
				if (!is_hot)
					resultrel_insert_index_entries(rr, row->values + ls->first_cols[i] - 1,
												   row->isnull + ls->first_cols[i] - 1,
												   &tup->t_self);
				row->values[ls->ctid_cols[i] - 1] = tid_to_datum(&tup->t_self);
				return true;
			case TM_SelfModified:
				return true;	/* already locked by this statement */
			case TM_Updated:
			case TM_Deleted:
				if (xact_isolation_level() >= XACT_REPEATABLE_READ)
					ereport(ERROR, errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
							errmsg(res == TM_Deleted ?
								   "could not serialize access due to concurrent delete" :
								   "could not serialize access due to concurrent update"));
				if (res == TM_Deleted || !refetch_latest(ls, i, &tid))
					return false;
				CHECK_FOR_INTERRUPTS();
				continue;
			case TM_Invisible:
				elog(ERROR, "attempted to lock invisible tuple");
		}
	}
}

static TupleSlot *
lockrows_exec(PlanState *ps)
{
	LockRowsState *ls = (LockRowsState *) ps;

	for (;;)
	{
		TupleSlot  *in = exec_proc_node(ps->lefttree);
		MemoryContext old;
		bool		keep = true;

		if (in == NULL)
			return NULL;
		old = exec_begin_row(ps);
		memcpy(ps->result->values, in->values, sizeof(Datum) * in->ncols);
		memcpy(ps->result->isnull, in->isnull, sizeof(bool) * in->ncols);
		for (int i = 0; i < ls->nrels && keep; i++)
			keep = lock_one(ls, i);
		memctx_switch_to(old);
		if (keep)
			return ps->result;
	}
}

static void
lockrows_end(PlanState *ps)
{
	LockRowsState *ls = (LockRowsState *) ps;

	for (int i = 0; i < ls->nrels; i++)
		resultrel_close(ls->rels[i]);
	ls->nrels = 0;
}

PlanState *
exec_init_lockrows(LockRowsPlan *plan, EState *estate)
{
	LockRowsState *ls = (LockRowsState *) exec_make_state(sizeof(LockRowsState), &plan->plan,
														  estate, lockrows_exec);
	ListCell   *lc;
	int			i = 0;

	if (xact_read_only())
		ereport(ERROR, errcode(ERRCODE_READ_ONLY_SQL_TRANSACTION),
				errmsg("cannot execute SELECT FOR UPDATE in a read-only transaction"));
	ls->ps.lefttree = exec_init_node(plan->plan.lefttree, estate);
	ls->nrels = list_length(plan->relids);
	ls->rels = palloc0(sizeof(ResultRel *) * Max(ls->nrels, 1));
	ls->ctid_cols = palloc(sizeof(int) * Max(ls->nrels, 1));
	ls->first_cols = palloc(sizeof(int) * Max(ls->nrels, 1));
	foreach(lc, plan->relids)
	{
		ls->rels[i] = resultrel_open(lfirst_oid(lc));
		ls->ctid_cols[i] = list_nth_int(plan->ctid_cols, i);
		ls->first_cols[i] = list_nth_int(plan->first_cols, i);
		i++;
	}
	ls->ps.end = lockrows_end;
	return &ls->ps;
}
