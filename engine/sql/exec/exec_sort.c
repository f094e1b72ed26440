/*-------------------------------------------------------------------------
 * exec_sort.c
 *	  Sort (in memory, bounded by work_mem through RowBuffer) and Unique
 *	  (drop consecutive duplicates of sorted input).
 *
 * Ordering: per key the type's compare function; NULLs sort last in
 * ascending order and first in descending order unless NULLS FIRST/LAST
 * says otherwise (PostgreSQL's defaults).  For Unique, NULLs are equal to
 * each other (DISTINCT semantics).
 *
 * Spilling (future work, see sql/README.md): the RowBuffer would write
 * sorted runs to temp files when it reaches work_mem and Sort would merge
 * them; the node interface does not change.
 *-------------------------------------------------------------------------
 */
#include "sql/exec/exec_internal.h"

#include <stdlib.h>

#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/interrupt.h"

typedef struct SortState
{
	PlanState	ps;
	RowBuffer  *rows;
	bool		sorted;
	int64_t		pos;
	uint32_t	ncompares;
} SortState;

static int
compare_rows(const void *a, const void *b, void *arg)
{
	SortState  *ss = (SortState *) arg;
	SortPlan   *plan = (SortPlan *) ss->ps.plan;
	const Row  *ra = *(Row *const *) a;
	const Row  *rb = *(Row *const *) b;

	if ((++ss->ncompares & 0xFFFF) == 0)
		CHECK_FOR_INTERRUPTS();
	for (int k = 0; k < plan->nkeys; k++)
	{
		int			c = plan->sortcols[k] - 1;
		bool		na = ra->isnull[c];
		bool		nb = rb->isnull[c];
		int			cmp;

		if (na || nb)
		{
			if (na && nb)
				continue;
			cmp = na ? 1 : -1;	/* NULL is larger than any value */
			if (plan->nullsfirst[k] != plan->descending[k])
				cmp = -cmp;
			if (plan->descending[k])
				cmp = -cmp;
			return cmp;
		}
		cmp = exec_compare_values(plan->sorttypes[k], ra->values[c], rb->values[c]);
		if (cmp != 0)
			return plan->descending[k] ? -cmp : cmp;
	}
	return 0;
}

static TupleSlot *
sort_exec(PlanState *ps)
{
	SortState  *ss = (SortState *) ps;

	if (!ss->sorted)
	{
		for (;;)
		{
			TupleSlot  *in = exec_proc_node(ps->lefttree);

			if (in == NULL)
				break;
			rowbuf_add(ss->rows, in, ps->lefttree->typlens, ps->lefttree->typbyvals);
		}
		if (ss->rows->nrows > 1)
			qsort_r(ss->rows->rows, (size_t) ss->rows->nrows, sizeof(Row *), compare_rows, ss);
		ss->sorted = true;
		ss->pos = 0;
	}
	if (ss->pos >= ss->rows->nrows)
		return NULL;
	row_to_slot(ss->rows->rows[ss->pos++], ps->result);
	return ps->result;
}

static void
sort_rescan(PlanState *ps)
{
	SortState  *ss = (SortState *) ps;

	if (ps->estate->full_rescan || !ss->sorted)
	{
		rowbuf_reset(ss->rows);
		ss->sorted = false;
		exec_rescan(ps->lefttree);
	}
	ss->pos = 0;
}

PlanState *
exec_init_sort(SortPlan *plan, EState *estate)
{
	SortState  *ss = (SortState *) exec_make_state(sizeof(SortState), &plan->plan, estate,
												   sort_exec);

	ss->ps.lefttree = exec_init_node(plan->plan.lefttree, estate);
	ss->rows = rowbuf_create(estate->query_cxt, "Sort");
	ss->ps.rescan = sort_rescan;
	return &ss->ps;
}

/* ------------------------------------------------------------------------
 * Unique
 * ------------------------------------------------------------------------
 */
typedef struct UniqueState
{
	PlanState	ps;
	MemoryContext prev_cxt;
	Row		   *prev;
} UniqueState;

static bool
same_keys(UniquePlan *plan, const Oid *types, Row *prev, TupleSlot *cur)
{
	for (int k = 0; k < plan->numcols; k++)
	{
		int			c = plan->cols[k] - 1;

		if (prev->isnull[c] || cur->isnull[c])
		{
			if (prev->isnull[c] != cur->isnull[c])
				return false;
			continue;
		}
		if (exec_compare_values(types[c], prev->values[c], cur->values[c]) != 0)
			return false;
	}
	return true;
}

static TupleSlot *
unique_exec(PlanState *ps)
{
	UniqueState *us = (UniqueState *) ps;
	UniquePlan *plan = (UniquePlan *) ps->plan;

	for (;;)
	{
		TupleSlot  *in = exec_proc_node(ps->lefttree);

		if (in == NULL)
			return NULL;
		if (us->prev != NULL && same_keys(plan, ps->plan->coltypes, us->prev, in))
			continue;
		memctx_reset(us->prev_cxt);
		us->prev = row_copy(us->prev_cxt, in, ps->typlens, ps->typbyvals);
		return in;
	}
}

static void
unique_rescan(PlanState *ps)
{
	((UniqueState *) ps)->prev = NULL;
	exec_rescan(ps->lefttree);
}

PlanState *
exec_init_unique(UniquePlan *plan, EState *estate)
{
	UniqueState *us = (UniqueState *) exec_make_state(sizeof(UniqueState), &plan->plan, estate,
													  unique_exec);

	us->ps.lefttree = exec_init_node(plan->plan.lefttree, estate);
	us->prev_cxt = memctx_create(estate->query_cxt, "Unique");
	us->ps.rescan = unique_rescan;
	return &us->ps;
}
