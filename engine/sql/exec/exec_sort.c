/*-------------------------------------------------------------------------
 * exec_sort.c
 *	  Sort (bounded by work_mem: quicksort in memory, or an external merge
 *	  sort through utils/extsort.h) and Unique (drop consecutive
 *	  duplicates of sorted input).
 *
 * Ordering: per key the type's compare function; NULLs sort last in
 * ascending order and first in descending order unless NULLS FIRST/LAST
 * says otherwise (PostgreSQL's defaults).  For Unique, NULLs are equal to
 * each other (DISTINCT semantics).
 *
 * Sort copies each input row (row_copy, one chunk) into the sorter's item
 * context; past work_mem the sorter writes sorted runs to temporary files
 * (rows in exec_spill.c's format) and merges them while the node returns
 * rows.  A row returned is valid until the next call.  The files are
 * closed by rescan (full), by the end of the node, or at transaction end.
 * EXPLAIN ANALYZE reads the method and space through exec_sort_stats.
 *-------------------------------------------------------------------------
 */
#include "sql/exec/exec_internal.h"

#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/extsort.h"
#include "utils/interrupt.h"

typedef struct SortState
{
	PlanState	ps;
	ExtSort    *sorter;
	bool		sorted;
	ExtSortStats stats;			/* of the last finished sort */
	bool		have_stats;
} SortState;

static int
compare_rows(const void *a, const void *b, void *arg)
{
	SortState  *ss = (SortState *) arg;
	SortPlan   *plan = (SortPlan *) ss->ps.plan;
	const Row  *ra = a;
	const Row  *rb = b;

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

static size_t
row_item_size(const void *item, void *arg)
{
	(void) arg;
	return ((const Row *) item)->flat_size;
}

static void
row_item_to_disk(void *copy, const void *orig, void *arg)
{
	row_pointers_to_offsets(copy, orig, ((SortState *) arg)->ps.lefttree->typbyvals);
}

static void
row_item_from_disk(void *item, void *arg)
{
	row_offsets_to_pointers(item, ((SortState *) arg)->ps.lefttree->typbyvals);
}

static const ExtSortMethods sort_row_methods = {
	compare_rows, row_item_size, row_item_to_disk, row_item_from_disk
};

static void
sort_release(SortState *ss)
{
	if (ss->sorter != NULL)
		extsort_end(ss->sorter);
	ss->sorter = NULL;
	ss->sorted = false;
}

static TupleSlot *
sort_exec(PlanState *ps)
{
	SortState  *ss = (SortState *) ps;
	Row		   *row;

	if (!ss->sorted)
	{
		sort_release(ss);
		ss->sorter = extsort_begin(&sort_row_methods, ss, exec_work_mem_bytes(),
								   ps->estate->query_cxt);
		for (;;)
		{
			TupleSlot  *in = exec_proc_node(ps->lefttree);

			if (in == NULL)
				break;
			extsort_put(ss->sorter, row_copy(extsort_item_cxt(ss->sorter), in,
											 ps->lefttree->typlens, ps->lefttree->typbyvals));
		}
		extsort_finish(ss->sorter);
		extsort_stats(ss->sorter, &ss->stats);
		ss->have_stats = true;
		ss->sorted = true;
	}
	row = extsort_next(ss->sorter);
	if (row == NULL)
		return NULL;
	row_to_slot(row, ps->result);
	return ps->result;
}

static void
sort_rescan(PlanState *ps)
{
	SortState  *ss = (SortState *) ps;

	if (ps->estate->full_rescan || !ss->sorted)
	{
		sort_release(ss);
		exec_rescan(ps->lefttree);
	}
	else
		extsort_rewind(ss->sorter);
}

static void
sort_end(PlanState *ps)
{
	sort_release((SortState *) ps);
}

bool
exec_sort_stats(PlanState *ps, ExtSortStats *out)
{
	SortState  *ss = (SortState *) ps;

	if (ps == NULL || nodeTag(ps->plan) != T_SortPlan || !ss->have_stats)
		return false;
	*out = ss->stats;
	return true;
}

PlanState *
exec_init_sort(SortPlan *plan, EState *estate)
{
	SortState  *ss = (SortState *) exec_make_state(sizeof(SortState), &plan->plan, estate,
												   sort_exec);

	ss->ps.lefttree = exec_init_node(plan->plan.lefttree, estate);
	ss->ps.rescan = sort_rescan;
	ss->ps.end = sort_end;
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
