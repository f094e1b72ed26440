/*-------------------------------------------------------------------------
 * exec_agg.c
 *	  Aggregation: plain (one group), sorted (input ordered by the group
 *	  keys) and hashed (a hash table of groups), with the aggregates of
 *	  sql/types/fmgr.h (BuiltinAggregate).
 *
 * Per group and aggregate: state = initval (parsed once) or NULL; for each
 * input row passing FILTER, state = transfn(state, args) -- skipped for
 * NULL arguments when strict_trans, and the first non-NULL input becomes
 * the state when there is no initval and the state type is the input
 * type; result = finalfn(state) (NULL state -> NULL) or the state.
 * Transition states live in the group's memory context (passed to
 * transition functions as fcinfo->agg_memctx); a by-reference state a
 * transition function returns elsewhere is copied there.
 *
 * DISTINCT and ORDER BY inside the call: the group's inputs are collected,
 * sorted (and de-duplicated) at the end of the group, then fed.
 *
 * Output row: group key values, then aggregate results; HAVING is the
 * plan's qual over that row.
 *
 * Hashed aggregation past work_mem (as PostgreSQL 13+ does): once the
 * groups' memory passes work_mem, no new group enters the table; an input
 * row of a group not in it is written to one of AGG_NPARTS partition
 * files chosen by AGG_PART_BITS bits of its group hash, rows of groups
 * already in the table are still aggregated in memory.  When the input
 * ends, the table's groups are returned, then each partition is read back
 * as the input of a fresh table (the next bits of the hash choose the
 * sub-partitions should it spill again).  Every group is complete in
 * exactly one table: its rows either all reached its table or (from the
 * moment it was refused) all went to the same partition.  After
 * AGG_MAX_DEPTH levels (all 32 hash bits used) the table just grows.
 *-------------------------------------------------------------------------
 */
#include "sql/exec/exec_internal.h"

#include <stdlib.h>

#include "sql/types/types.h"
#include "storage/file/tempfile.h"
#include "utils/elog.h"
#include "utils/interrupt.h"

#define AGG_PART_BITS	4
#define AGG_NPARTS		(1 << AGG_PART_BITS)
#define AGG_MAX_DEPTH	(32 / AGG_PART_BITS)

/* A partition file waiting to be aggregated. */
typedef struct AggPartition
{
	TempFile   *file;
	int			depth;			/* of the table that will read it */
	struct AggPartition *next;
} AggPartition;

typedef struct PerAgg
{
	Aggref	   *aggref;
	const BuiltinAggregate *agg;
	int			nargs;
	Oid			transtype;
	bool		transbyval;
	int16_t		translen;
	Datum		initval;
	bool		initnull;
	bool		collect;		/* DISTINCT / ORDER BY: buffer the inputs */
	int			ninputs;		/* args + order keys */
	Oid		   *inputtypes;
	int16_t    *in_typlens;
	bool	   *in_typbyvals;
} PerAgg;

typedef struct GroupAggState
{
	Datum		trans;
	bool		transnull;
	bool		owned;			/* trans was copied by us into the group context */
	RowBuffer  *inputs;
} GroupAggState;

typedef struct AggState
{
	PlanState	ps;
	PerAgg	   *peragg;
	int			naggs;
	int			ngroups;
	bool		done;
	/* plain / sorted */
	MemoryContext group_cxt;
	GroupAggState *groupstates;
	Row		   *groupkey;		/* sorted: current group's key values */
	TupleSlot  *pending;		/* sorted: first row of the next group */
	/* hashed */
	RowHashTable *ht;
	bool		built;
	uint32_t	iter_bucket;
	Row		   *iter_row;
	int		   *keycols;
	TupleSlot  *keyslot;
	int16_t    *key_typlens;
	bool	   *key_typbyvals;
	TupleSlot  *inputslot;		/* args + order keys for collecting aggs */
	int		   *sort_cols;		/* for sorting collected inputs */
	PerAgg	   *sorting;
	/* hashed, past work_mem */
	bool		table_full;		/* new groups go to partitions */
	int			depth;			/* partition level of the current table */
	TempFile   *parts[AGG_NPARTS];	/* being written */
	AggPartition *queued;		/* written, not yet aggregated */
	bool		spilled;		/* some partition was written (rescan rebuilds) */
	TupleSlot  *spill_slot;		/* a row read back from a partition */
	MemoryContext spill_cxt;	/* row copies on their way to a file */
	int64_t		new_groups;
} AggState;

/* ------------------------------------------------------------------------
 * Transition
 * ------------------------------------------------------------------------
 */
static void
init_group_states(AggState *as, GroupAggState *gs, MemoryContext cxt)
{
	for (int i = 0; i < as->naggs; i++)
	{
		PerAgg	   *pa = &as->peragg[i];

		gs[i].transnull = pa->initnull;
		gs[i].trans = pa->initnull ? (Datum) 0 :
			datum_copy_in(cxt, pa->initval, pa->transbyval, pa->translen);
		gs[i].owned = !pa->transbyval;
		gs[i].inputs = pa->collect ? rowbuf_create(cxt, "aggregate input") : NULL;
	}
}

static void
advance_trans(PerAgg *pa, GroupAggState *gs, MemoryContext cxt, const Datum *args,
			  const bool *nulls)
{
	FunctionCallInfoData fcinfo;
	Datum		result;

	if (pa->agg->strict_trans)
	{
		for (int i = 0; i < pa->nargs; i++)
		{
			if (nulls[i])
				return;
		}
		if (gs->transnull && pa->nargs > 0 && pa->transtype == pa->inputtypes[0])
		{
			gs->trans = datum_copy_in(cxt, args[0], pa->transbyval, pa->translen);
			gs->transnull = false;
			gs->owned = !pa->transbyval;
			return;
		}
		if (gs->transnull)
			return;
	}
	memset(&fcinfo, 0, sizeof(fcinfo));
	fcinfo.nargs = pa->nargs + 1;
	fcinfo.args[0] = gs->trans;
	fcinfo.argnull[0] = gs->transnull;
	fcinfo.argtypes[0] = pa->transtype;
	for (int i = 0; i < pa->nargs; i++)
	{
		fcinfo.args[i + 1] = args[i];
		fcinfo.argnull[i + 1] = nulls[i];
		fcinfo.argtypes[i + 1] = pa->inputtypes[i];
	}
	fcinfo.result_type = pa->transtype;
	fcinfo.result_typmod = -1;
	fcinfo.agg_memctx = cxt;
	result = pa->agg->transfn(&fcinfo);
	if (fcinfo.isnull)
	{
		gs->transnull = true;
		gs->trans = (Datum) 0;
		return;
	}
	if (!pa->transbyval && DatumGetPointer(result) != DatumGetPointer(gs->trans) &&
		memctx_of(DatumGetPointer(result)) != cxt)
	{
		Datum		old = gs->trans;
		bool		free_old = gs->owned && !gs->transnull;

		result = datum_copy_in(cxt, result, false, pa->translen);
		if (free_old && DatumGetPointer(old) != NULL)
			pfree(DatumGetPointer(old));
		gs->owned = true;
	}
	else if (!pa->transbyval && DatumGetPointer(result) != DatumGetPointer(gs->trans))
		gs->owned = false;
	gs->trans = result;
	gs->transnull = false;
}

static Datum
finalize(PerAgg *pa, GroupAggState *gs, bool *isnull)
{
	if (gs->transnull)
	{
		*isnull = true;
		return (Datum) 0;
	}
	if (pa->agg->finalfn == NULL)
	{
		*isnull = false;
		return gs->trans;
	}
	{
		FunctionCallInfoData fcinfo;
		Datum		r;

		memset(&fcinfo, 0, sizeof(fcinfo));
		fcinfo.nargs = 1;
		fcinfo.args[0] = gs->trans;
		fcinfo.argtypes[0] = pa->transtype;
		fcinfo.result_type = pa->aggref->aggtype;
		fcinfo.result_typmod = -1;
		r = pa->agg->finalfn(&fcinfo);
		*isnull = fcinfo.isnull;
		return r;
	}
}

/* ------------------------------------------------------------------------
 * Collected inputs (DISTINCT / ORDER BY)
 * ------------------------------------------------------------------------
 */
static AggState *sort_target;

static int
compare_inputs(const void *a, const void *b)
{
	PerAgg	   *pa = sort_target->sorting;
	const Row  *ra = *(Row *const *) a;
	const Row  *rb = *(Row *const *) b;
	Aggref	   *ar = pa->aggref;
	int			nkeys = ar->aggorder != NIL ? list_length(ar->aggorder) : pa->nargs;
	int			first = ar->aggorder != NIL ? pa->nargs : 0;

	for (int k = 0; k < nkeys; k++)
	{
		int			c = first + k;
		bool		desc = ar->aggorder != NIL && list_nth_int(ar->aggorderdesc, k);
		int			cmp;

		if (ra->isnull[c] || rb->isnull[c])
		{
			if (ra->isnull[c] && rb->isnull[c])
				continue;
			cmp = ra->isnull[c] ? 1 : -1;
			return desc ? -cmp : cmp;
		}
		cmp = exec_compare_values(pa->inputtypes[c], ra->values[c], rb->values[c]);
		if (cmp != 0)
			return desc ? -cmp : cmp;
	}
	return 0;
}

static bool
same_args(PerAgg *pa, Row *a, Row *b)
{
	for (int i = 0; i < pa->nargs; i++)
	{
		if (a->isnull[i] || b->isnull[i])
		{
			if (a->isnull[i] != b->isnull[i])
				return false;
			continue;
		}
		if (exec_compare_values(pa->inputtypes[i], a->values[i], b->values[i]) != 0)
			return false;
	}
	return true;
}

static void
feed_collected(AggState *as, PerAgg *pa, GroupAggState *gs, MemoryContext cxt)
{
	RowBuffer  *rb = gs->inputs;
	Row		   *prev = NULL;

	if (rb->nrows > 1)
	{
		AggState   *save = sort_target;

		sort_target = as;
		as->sorting = pa;
		qsort(rb->rows, (size_t) rb->nrows, sizeof(Row *), compare_inputs);
		sort_target = save;
	}
	for (int64_t i = 0; i < rb->nrows; i++)
	{
		Row		   *r = rb->rows[i];

		if (pa->aggref->aggdistinct && prev != NULL && same_args(pa, prev, r))
			continue;
		prev = r;
		advance_trans(pa, gs, cxt, r->values, r->isnull);
	}
}

/* ------------------------------------------------------------------------
 * Per input row
 * ------------------------------------------------------------------------
 */
static void
accumulate_row(AggState *as, GroupAggState *gs, MemoryContext cxt)
{
	ExprContext *econtext = &as->ps.econtext;

	for (int i = 0; i < as->naggs; i++)
	{
		PerAgg	   *pa = &as->peragg[i];
		Aggref	   *a = pa->aggref;
		TupleSlot  *in = as->inputslot;
		ListCell   *lc;
		int			n = 0;

		if (a->aggfilter && !exec_eval_bool(a->aggfilter, econtext))
			continue;
		foreach(lc, a->args)
		{
			in->values[n] = exec_eval_expr(lfirst(lc), econtext, &in->isnull[n]);
			n++;
		}
		if (!pa->collect)
		{
			advance_trans(pa, gs + i, cxt, in->values, in->isnull);
			continue;
		}
		foreach(lc, a->aggorder)
		{
			in->values[n] = exec_eval_expr(lfirst(lc), econtext, &in->isnull[n]);
			n++;
		}
		in->ncols = n;
		rowbuf_add(gs[i].inputs, in, pa->in_typlens, pa->in_typbyvals);
	}
}

/* Build the output row for a finished group; true if it passes HAVING. */
static bool
emit_group(AggState *as, Row *key, GroupAggState *gs, MemoryContext cxt)
{
	PlanState  *ps = &as->ps;
	MemoryContext old = exec_begin_row(ps);
	bool		ok;

	for (int i = 0; i < as->ngroups; i++)
	{
		ps->result->values[i] = key ? key->values[i] : (Datum) 0;
		ps->result->isnull[i] = key ? key->isnull[i] : true;
	}
	for (int i = 0; i < as->naggs; i++)
	{
		if (as->peragg[i].collect)
			feed_collected(as, &as->peragg[i], gs + i, cxt);
		ps->result->values[as->ngroups + i] = finalize(&as->peragg[i], gs + i,
													   &ps->result->isnull[as->ngroups + i]);
	}
	ps->econtext.outer = ps->result;
	ok = ps->plan->qual == NIL || exec_qual(ps->plan->qual, &ps->econtext);
	memctx_switch_to(old);
	return ok;
}

/* Group key values of the current input row into as->keyslot. */
static void
eval_group_keys(AggState *as)
{
	ListCell   *lc;

	foreach(lc, ((AggPlan *) as->ps.plan)->groupexprs)
	{
		int			i = foreach_current_index(lc);

		as->keyslot->values[i] = exec_eval_expr(lfirst(lc), &as->ps.econtext,
												&as->keyslot->isnull[i]);
	}
}

/* ------------------------------------------------------------------------
 * Strategies
 * ------------------------------------------------------------------------
 */
static TupleSlot *
agg_plain(AggState *as)
{
	PlanState  *ps = &as->ps;
	bool		ok;

	if (as->done)
		return NULL;
	as->done = true;
	memctx_reset(as->group_cxt);
	init_group_states(as, as->groupstates, as->group_cxt);
	for (;;)
	{
		TupleSlot  *in = exec_proc_node(ps->lefttree);
		MemoryContext old;

		if (in == NULL)
			break;
		old = exec_begin_row(ps);
		ps->econtext.outer = in;
		accumulate_row(as, as->groupstates, as->group_cxt);
		memctx_switch_to(old);
		exec_check_work_mem(as->group_cxt, "aggregate");
	}
	ok = emit_group(as, NULL, as->groupstates, as->group_cxt);
	return ok ? ps->result : NULL;
}

static bool
keys_equal(AggState *as, Row *key, TupleSlot *slot)
{
	for (int i = 0; i < as->ngroups; i++)
	{
		if (key->isnull[i] || slot->isnull[i])
		{
			if (key->isnull[i] != slot->isnull[i])
				return false;
			continue;
		}
		if (exec_compare_values(((AggPlan *) as->ps.plan)->grouptypes[i], key->values[i],
								slot->values[i]) != 0)
			return false;
	}
	return true;
}

static TupleSlot *
agg_sorted(AggState *as)
{
	PlanState  *ps = &as->ps;

	for (;;)
	{
		TupleSlot  *in;
		MemoryContext old;
		bool		ok;

		if (as->done)
			return NULL;
		/* start a group with the pending row (or the first input row) */
		in = as->pending ? as->pending : exec_proc_node(ps->lefttree);
		as->pending = NULL;
		if (in == NULL)
		{
			as->done = true;
			return NULL;
		}
		memctx_reset(as->group_cxt);
		old = exec_begin_row(ps);
		ps->econtext.outer = in;
		eval_group_keys(as);
		as->groupkey = row_copy(as->group_cxt, as->keyslot, as->key_typlens,
								as->key_typbyvals);
		init_group_states(as, as->groupstates, as->group_cxt);
		accumulate_row(as, as->groupstates, as->group_cxt);
		memctx_switch_to(old);
		/* the rest of the group */
		for (;;)
		{
			in = exec_proc_node(ps->lefttree);
			if (in == NULL)
				break;
			old = exec_begin_row(ps);
			ps->econtext.outer = in;
			eval_group_keys(as);
			if (!keys_equal(as, as->groupkey, as->keyslot))
			{
				memctx_switch_to(old);
				as->pending = in;
				break;
			}
			accumulate_row(as, as->groupstates, as->group_cxt);
			memctx_switch_to(old);
			exec_check_work_mem(as->group_cxt, "aggregate");
		}
		if (as->pending == NULL)
			as->done = true;
		ok = emit_group(as, as->groupkey, as->groupstates, as->group_cxt);
		if (ok)
			return ps->result;
	}
}

/* Which partition a refused row goes to at the current depth. */
static int
agg_partition_of(AggState *as, uint32_t hash)
{
	return (int) ((hash >> (as->depth * AGG_PART_BITS)) & (AGG_NPARTS - 1));
}

/* Has the table outgrown work_mem?  Checked every few new groups. */
static void
agg_check_table_size(AggState *as)
{
	if (as->table_full || as->depth >= AGG_MAX_DEPTH - 1)
		return;
	if ((++as->new_groups & 63) != 0)
		return;
	if (memctx_bytes(as->ht->cxt, true) > exec_work_mem_bytes())
		as->table_full = true;
}

static void
agg_close_partitions(AggState *as)
{
	for (int i = 0; i < AGG_NPARTS; i++)
	{
		tempfile_close(as->parts[i]);
		as->parts[i] = NULL;
	}
	while (as->queued != NULL)
	{
		AggPartition *p = as->queued;

		as->queued = p->next;
		tempfile_close(p->file);
		pfree(p);
	}
}

/* The input ended: queue the partitions written while building this table. */
static void
agg_queue_partitions(AggState *as)
{
	for (int i = 0; i < AGG_NPARTS; i++)
	{
		AggPartition *p;

		if (as->parts[i] == NULL)
			continue;
		p = memctx_alloc(as->ps.estate->query_cxt, sizeof(AggPartition));
		p->file = as->parts[i];
		p->depth = as->depth + 1;
		p->next = as->queued;
		as->queued = p;
		as->parts[i] = NULL;
		tempfile_rewind(p->file);
	}
}

/*
 * Build the table from the child (input == NULL) or from a partition file.
 * Past work_mem, rows of new groups go to partition files.
 */
static void
agg_build_hash(AggState *as, TempFile *input)
{
	PlanState  *ps = &as->ps;

	as->table_full = false;
	as->new_groups = 0;
	for (;;)
	{
		TupleSlot  *in;
		MemoryContext old;
		uint32_t	h;
		Row		   *group;

		if (input == NULL)
		{
			in = exec_proc_node(ps->lefttree);
			if (in == NULL)
				break;
			old = exec_begin_row(ps);
		}
		else
		{
			Row		   *r;

			old = exec_begin_row(ps);
			r = spill_read_row(input, ps->row_cxt, ps->lefttree->typbyvals);
			if (r == NULL)
			{
				memctx_switch_to(old);
				break;
			}
			row_to_slot(r, as->spill_slot);
			in = as->spill_slot;
			CHECK_FOR_INTERRUPTS();
		}
		ps->econtext.outer = in;
		eval_group_keys(as);
		h = rowhash_hash(as->ht, as->keyslot->values, as->keyslot->isnull);
		group = rowhash_lookup(as->ht, h, as->keyslot->values, as->keyslot->isnull,
							   as->keycols, NULL, NULL);
		if (group == NULL && as->table_full)
		{
			int			p = agg_partition_of(as, h);

			if (as->parts[p] == NULL)
				as->parts[p] = tempfile_create();
			spill_write_slot(as->parts[p], in, h, ps->lefttree->typlens,
							 ps->lefttree->typbyvals, as->spill_cxt);
			as->spilled = true;
			memctx_switch_to(old);
			continue;
		}
		if (group == NULL)
		{
			group = rowhash_insert(as->ht, h, as->keyslot, as->key_typlens, as->key_typbyvals);
			group->extra = memctx_alloc(as->ht->cxt, sizeof(GroupAggState) * Max(as->naggs, 1));
			init_group_states(as, group->extra, as->ht->cxt);
			agg_check_table_size(as);
		}
		accumulate_row(as, group->extra, as->ht->cxt);
		memctx_switch_to(old);
	}
	agg_queue_partitions(as);
	as->built = true;
	as->iter_bucket = 0;
	as->iter_row = NULL;
}

static TupleSlot *
agg_hashed(AggState *as)
{
	if (!as->built)
	{
		as->depth = 0;
		agg_build_hash(as, NULL);
	}
	for (;;)
	{
		Row		   *group;

		while (as->iter_row == NULL && as->iter_bucket < as->ht->nbuckets)
			as->iter_row = as->ht->buckets[as->iter_bucket++];
		if (as->iter_row == NULL)
		{
			AggPartition *p = as->queued;

			if (p == NULL)
				return NULL;
			/* the next partition becomes the input of a fresh table */
			as->queued = p->next;
			rowhash_reset(as->ht);
			as->depth = p->depth;
			agg_build_hash(as, p->file);
			tempfile_close(p->file);
			pfree(p);
			continue;
		}
		group = as->iter_row;
		as->iter_row = group->next;
		if (emit_group(as, group, group->extra, as->ht->cxt))
			return as->ps.result;
	}
}

static TupleSlot *
agg_exec(PlanState *ps)
{
	AggState   *as = (AggState *) ps;

	switch (((AggPlan *) ps->plan)->strategy)
	{
		case AGG_PLAIN:
			return agg_plain(as);
		case AGG_SORTED:
			return agg_sorted(as);
		case AGG_HASHED:
			return agg_hashed(as);
	}
	return NULL;
}

static void
agg_rescan(PlanState *ps)
{
	AggState   *as = (AggState *) ps;

	as->done = false;
	as->groupkey = NULL;
	as->pending = NULL;
	/* a table that spilled holds only its last partition's groups: rebuild */
	if (as->ht != NULL && (ps->estate->full_rescan || !as->built || as->spilled))
	{
		agg_close_partitions(as);
		rowhash_reset(as->ht);
		as->built = false;
		as->spilled = false;
	}
	as->iter_bucket = 0;
	as->iter_row = NULL;
	if (as->ht == NULL || !as->built)
		exec_rescan(ps->lefttree);
}

static void
agg_end(PlanState *ps)
{
	agg_close_partitions((AggState *) ps);
}

static void
init_peragg(PerAgg *pa, Aggref *a)
{
	const TypeInfo *tt = type_get(a->aggtranstype);
	int			norder = list_length(a->aggorder);

	pa->aggref = a;
	pa->agg = a->agg;
	pa->nargs = list_length(a->args);
	pa->transtype = a->aggtranstype;
	pa->transbyval = tt->byval;
	pa->translen = tt->typlen;
	pa->initnull = a->agg->initval == NULL;
	pa->initval = pa->initnull ? (Datum) 0 : type_input(a->aggtranstype, a->agg->initval, -1);
	pa->collect = a->aggdistinct || a->aggorder != NIL;
	pa->ninputs = pa->nargs + norder;
	pa->inputtypes = palloc(sizeof(Oid) * Max(pa->ninputs, 1));
	for (int i = 0; i < pa->nargs; i++)
		pa->inputtypes[i] = a->argtypes[i];
	for (int i = 0; i < norder; i++)
		pa->inputtypes[pa->nargs + i] = exprType(list_nth(a->aggorder, i));
	exec_col_storage(pa->inputtypes, pa->ninputs, &pa->in_typlens, &pa->in_typbyvals);
}

PlanState *
exec_init_agg(AggPlan *plan, EState *estate)
{
	AggState   *as = (AggState *) exec_make_state(sizeof(AggState), &plan->plan, estate,
												  agg_exec);
	ListCell   *lc;
	int			maxinputs = 1;

	as->ps.lefttree = exec_init_node(plan->plan.lefttree, estate);
	as->naggs = list_length(plan->aggs);
	as->ngroups = list_length(plan->groupexprs);
	as->peragg = palloc0(sizeof(PerAgg) * Max(as->naggs, 1));
	foreach(lc, plan->aggs)
	{
		init_peragg(&as->peragg[foreach_current_index(lc)], lfirst(lc));
		maxinputs = Max(maxinputs, as->peragg[foreach_current_index(lc)].ninputs);
	}
	as->inputslot = exec_make_slot(maxinputs);
	as->groupstates = palloc0(sizeof(GroupAggState) * Max(as->naggs, 1));
	as->group_cxt = memctx_create(estate->query_cxt, "AggGroup");
	as->keyslot = exec_make_slot(as->ngroups);
	exec_col_storage(plan->grouptypes, as->ngroups, &as->key_typlens, &as->key_typbyvals);
	as->keycols = palloc(sizeof(int) * Max(as->ngroups, 1));
	for (int i = 0; i < as->ngroups; i++)
		as->keycols[i] = i + 1;
	if (plan->strategy == AGG_HASHED)
	{
		as->ht = rowhash_create(estate->query_cxt, as->ngroups, plan->grouptypes,
								"HashAggregate");
		as->spill_slot = exec_make_slot(plan->plan.lefttree->ncols);
		as->spill_cxt = memctx_create(estate->query_cxt, "HashAggregate spill");
	}
	as->ps.rescan = agg_rescan;
	as->ps.end = agg_end;
	return &as->ps;
}
