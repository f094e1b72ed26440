/*-------------------------------------------------------------------------
 * exec_setop.c
 *	  INTERSECT [ALL] and EXCEPT [ALL], hashed.
 *
 * The left input's rows are counted per distinct row (NULLs equal, as set
 * operations compare rows "not distinct"), then the right input's rows
 * increment a second count for rows the left side has.  Output per
 * distinct row: INTERSECT once if both counts > 0 (ALL: min of the
 * counts); EXCEPT once if only the left count > 0 (ALL: left - right
 * times, if positive).
 *-------------------------------------------------------------------------
 */
#include "sql/exec/exec_internal.h"

#include "utils/elog.h"

typedef struct SetOpState
{
	PlanState	ps;
	RowHashTable *ht;
	int		   *keycols;
	bool		built;
	uint32_t	bucket;
	Row		   *row;
	int64_t		repeat;			/* copies of row still to emit */
} SetOpState;

static void
setop_count(SetOpState *ss, PlanState *child, bool left)
{
	for (;;)
	{
		TupleSlot  *in = exec_proc_node(child);
		uint32_t	h;
		Row		   *r;

		if (in == NULL)
			break;
		h = rowhash_hash(ss->ht, in->values, in->isnull);
		r = rowhash_lookup(ss->ht, h, in->values, in->isnull, ss->keycols, NULL, NULL);
		if (r == NULL)
		{
			if (!left)
				continue;
			r = rowhash_insert(ss->ht, h, in, ss->ps.typlens, ss->ps.typbyvals);
		}
		if (left)
			r->count++;
		else
			r->count2++;
	}
}

static int64_t
copies_of(SetOpPlan *plan, Row *r)
{
	if (plan->op == SETOP_INTERSECT)
	{
		if (r->count == 0 || r->count2 == 0)
			return 0;
		return plan->all ? Min(r->count, r->count2) : 1;
	}
	if (r->count2 == 0)
		return plan->all ? r->count : 1;
	return plan->all ? Max(r->count - r->count2, 0) : 0;
}

static TupleSlot *
setop_exec(PlanState *ps)
{
	SetOpState *ss = (SetOpState *) ps;
	SetOpPlan  *plan = (SetOpPlan *) ps->plan;

	if (!ss->built)
	{
		setop_count(ss, ps->lefttree, true);
		setop_count(ss, ps->righttree, false);
		ss->built = true;
		ss->bucket = 0;
		ss->row = NULL;
		ss->repeat = 0;
	}
	for (;;)
	{
		if (ss->repeat > 0)
		{
			ss->repeat--;
			row_to_slot(ss->row, ps->result);
			return ps->result;
		}
		if (ss->row != NULL)
			ss->row = ss->row->next;
		while (ss->row == NULL && ss->bucket < ss->ht->nbuckets)
			ss->row = ss->ht->buckets[ss->bucket++];
		if (ss->row == NULL)
			return NULL;
		ss->repeat = copies_of(plan, ss->row);
	}
}

static void
setop_rescan(PlanState *ps)
{
	SetOpState *ss = (SetOpState *) ps;

	rowhash_reset(ss->ht);
	ss->built = false;
	exec_rescan(ps->lefttree);
	exec_rescan(ps->righttree);
}

PlanState *
exec_init_setop(SetOpPlan *plan, EState *estate)
{
	SetOpState *ss = (SetOpState *) exec_make_state(sizeof(SetOpState), &plan->plan, estate,
													setop_exec);

	ss->ps.lefttree = exec_init_node(plan->plan.lefttree, estate);
	ss->ps.righttree = exec_init_node(plan->plan.righttree, estate);
	ss->ht = rowhash_create(estate->query_cxt, plan->plan.ncols, plan->plan.coltypes, "SetOp");
	ss->keycols = palloc(sizeof(int) * Max(plan->plan.ncols, 1));
	for (int i = 0; i < plan->plan.ncols; i++)
		ss->keycols[i] = i + 1;
	ss->ps.rescan = setop_rescan;
	return &ss->ps;
}
