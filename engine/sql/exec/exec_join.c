/*-------------------------------------------------------------------------
 * exec_join.c
 *	  Joins: NestLoop (INNER, LEFT; with nested-loop params for index
 *	  nested loops) and HashJoin (INNER, LEFT, RIGHT, FULL).
 *
 * Output row: the outer row's columns followed by the inner row's; a row
 * without a partner on a preserved side gets NULLs for the other side.
 * joinqual (ON conditions) is evaluated with VAR_OUTER = outer row and
 * VAR_INNER = inner row; plan.qual (conditions from above an outer join)
 * over the joined row.
 *
 * HashJoin builds a hash table of the inner rows (with their key values
 * appended) on first execution; rows whose keys are NULL never match.
 * The table is rebuilt only on a full rescan (new outer-level params).
 *
 * Batches (PostgreSQL's hybrid hash join): when the table passes work_mem
 * the number of batches doubles (nbatch, a power of two) and the rows
 * whose batch number -- the low bits of the rotated key hash -- is no
 * longer the current batch are written to that batch's inner file and
 * freed.  Doubling only moves rows from batch b to b + old nbatch, never
 * to a batch already done.  Outer rows of a later batch go to its outer
 * file.  When batch i's outer rows are done (and, for RIGHT/FULL, its
 * unmatched inner rows emitted), batch i + 1's inner file is loaded
 * (rows belonging further on move again) and its outer file probed.
 * Inner rows with NULL keys (RIGHT/FULL) are emitted after the last
 * batch.  When doubling moves no row (one key value fills the table)
 * growth stops and the table just grows (the 64 x work_mem guard still
 * applies).  A rescan of a batched join rebuilds everything.
 *-------------------------------------------------------------------------
 */
#include "sql/exec/exec_internal.h"

#include "sql/types/types.h"
#include "storage/file/tempfile.h"
#include "utils/elog.h"
#include "utils/interrupt.h"

/* Fill the joined row from outer (or NULLs) and inner (or NULLs). */
static void
fill_join_row(TupleSlot *result, TupleSlot *outer, int nouter, TupleSlot *inner, int ninner)
{
	for (int i = 0; i < nouter; i++)
	{
		result->values[i] = outer ? outer->values[i] : (Datum) 0;
		result->isnull[i] = outer ? outer->isnull[i] : true;
	}
	for (int i = 0; i < ninner; i++)
	{
		result->values[nouter + i] = inner ? inner->values[i] : (Datum) 0;
		result->isnull[nouter + i] = inner ? inner->isnull[i] : true;
	}
}

/* plan.qual over the joined row */
static bool
join_filter(PlanState *ps)
{
	if (ps->plan->qual == NIL)
		return true;
	ps->econtext.outer = ps->result;
	ps->econtext.inner = NULL;
	return exec_qual(ps->plan->qual, &ps->econtext);
}

/* ------------------------------------------------------------------------
 * NestLoop
 * ------------------------------------------------------------------------
 */
typedef struct NestLoopState
{
	PlanState	ps;
	TupleSlot  *outer;
	bool		need_outer;
	bool		matched;
	int			nouter;
	int			ninner;
	MemoryContext param_cxt;
} NestLoopState;

static void
set_nest_params(NestLoopState *nl)
{
	NestLoopPlan *plan = (NestLoopPlan *) nl->ps.plan;
	EState	   *estate = nl->ps.estate;
	MemoryContext old;
	ListCell   *lc;

	if (plan->nestparams == NIL)
		return;
	memctx_reset(nl->param_cxt);
	old = memctx_switch_to(nl->param_cxt);
	nl->ps.econtext.outer = nl->outer;
	foreach(lc, plan->nestparams)
	{
		NestParamPlan *np = lfirst(lc);

		estate->exec_params[np->paramno] = exec_eval_expr(np->expr, &nl->ps.econtext,
														  &estate->exec_nulls[np->paramno]);
	}
	memctx_switch_to(old);
}

static TupleSlot *
nestloop_exec(PlanState *ps)
{
	NestLoopState *nl = (NestLoopState *) ps;
	NestLoopPlan *plan = (NestLoopPlan *) ps->plan;

	for (;;)
	{
		TupleSlot  *inner;
		MemoryContext old;
		bool		ok;

		if (nl->need_outer)
		{
			nl->outer = exec_proc_node(ps->lefttree);
			if (nl->outer == NULL)
				return NULL;
			set_nest_params(nl);
			if (plan->nestparams != NIL)
			{
				/* the inner side reads the new params: recompute, don't replay */
				bool		save = ps->estate->full_rescan;

				ps->estate->full_rescan = true;
				exec_rescan(ps->righttree);
				ps->estate->full_rescan = save;
			}
			else
				exec_rescan(ps->righttree);
			nl->need_outer = false;
			nl->matched = false;
		}
		inner = exec_proc_node(ps->righttree);
		old = exec_begin_row(ps);
		if (inner == NULL)
		{
			nl->need_outer = true;
			if (plan->jointype == JOIN_LEFT && !nl->matched)
			{
				fill_join_row(ps->result, nl->outer, nl->nouter, NULL, nl->ninner);
				ok = join_filter(ps);
				memctx_switch_to(old);
				if (ok)
					return ps->result;
			}
			else
				memctx_switch_to(old);
			continue;
		}
		ps->econtext.outer = nl->outer;
		ps->econtext.inner = inner;
		ok = plan->joinqual == NIL || exec_qual(plan->joinqual, &ps->econtext);
		if (ok)
		{
			nl->matched = true;
			fill_join_row(ps->result, nl->outer, nl->nouter, inner, nl->ninner);
			ok = join_filter(ps);
		}
		memctx_switch_to(old);
		if (ok)
			return ps->result;
	}
}

static void
nestloop_rescan(PlanState *ps)
{
	((NestLoopState *) ps)->need_outer = true;
	exec_rescan(ps->lefttree);
}

PlanState *
exec_init_nestloop(NestLoopPlan *plan, EState *estate)
{
	NestLoopState *nl = (NestLoopState *) exec_make_state(sizeof(NestLoopState), &plan->plan,
														  estate, nestloop_exec);

	nl->ps.lefttree = exec_init_node(plan->plan.lefttree, estate);
	nl->ps.righttree = exec_init_node(plan->plan.righttree, estate);
	nl->nouter = plan->plan.lefttree->ncols;
	nl->ninner = plan->plan.righttree->ncols;
	nl->need_outer = true;
	nl->param_cxt = memctx_create(estate->query_cxt, "NestLoopParams");
	nl->ps.rescan = nestloop_rescan;
	return &nl->ps;
}

/* ------------------------------------------------------------------------
 * HashJoin
 * ------------------------------------------------------------------------
 */
typedef enum HashJoinPhase
{
	HJ_BUILD,
	HJ_NEED_OUTER,
	HJ_SCAN_BUCKET,
	HJ_FILL_INNER,				/* RIGHT/FULL: emit unmatched inner rows */
	HJ_NEXT_BATCH,
	HJ_FILL_NULLKEYS,			/* RIGHT/FULL: inner rows with NULL keys */
	HJ_DONE,
} HashJoinPhase;

#define HJ_MAX_BATCHES	(1 << 14)

typedef struct HashJoinState
{
	PlanState	ps;
	HashJoinPhase phase;
	RowHashTable *ht;
	int			nkeys;
	int		   *keycols;		/* positions of the key values in stored rows */
	Oid		   *innertypes;
	Oid		   *outertypes;
	int16_t    *build_typlens;
	bool	   *build_typbyvals;
	TupleSlot  *build_slot;		/* inner row + key values */
	TupleSlot  *inner_slot;		/* a stored row's inner columns */
	RowBuffer  *nullkey_rows;	/* RIGHT/FULL: inner rows with NULL keys */
	TupleSlot  *outer;
	Datum	   *probe_keys;
	bool	   *probe_nulls;
	uint32_t	probe_hash;
	Row		   *cur;
	bool		matched;
	int			nouter;
	int			ninner;
	uint32_t	fill_bucket;
	Row		   *fill_row;
	int64_t		fill_nullpos;
	/* batches */
	int			nbatch;
	int			curbatch;
	bool		growth_enabled;
	TempFile  **inner_files;	/* [nbatch] */
	TempFile  **outer_files;	/* [nbatch] */
	TupleSlot  *outer_spill_slot;	/* an outer row read back */
	MemoryContext outer_cxt;	/* that row's memory */
	MemoryContext spill_cxt;	/* row copies on their way to a file */
} HashJoinState;

static int
batch_of(HashJoinState *hj, uint32_t hash)
{
	return (int) ((hash << 16 | hash >> 16) & (uint32_t) (hj->nbatch - 1));
}

static TempFile *
batch_file(TempFile **files, int b)
{
	if (files[b] == NULL)
		files[b] = tempfile_create();
	return files[b];
}

static void
close_batch_files(HashJoinState *hj)
{
	for (int i = 0; i < hj->nbatch; i++)
	{
		tempfile_close(hj->inner_files[i]);
		tempfile_close(hj->outer_files[i]);
		hj->inner_files[i] = NULL;
		hj->outer_files[i] = NULL;
	}
}

/* Bytes the table holds (freed rows no longer count). */
static size_t
table_bytes(HashJoinState *hj)
{
	return memctx_used_bytes(hj->ht->cxt, true);
}

/*
 * Double nbatch and move the rows of the table that now belong to a later
 * batch to their files.  Stops growing when nothing moved.
 */
static void
increase_nbatch(HashJoinState *hj)
{
	int			old = hj->nbatch;
	int			moved = 0;
	TempFile  **in;
	TempFile  **out;

	if (old >= HJ_MAX_BATCHES)
	{
		hj->growth_enabled = false;
		return;
	}
	in = memctx_alloc_zero(hj->ps.estate->query_cxt, sizeof(TempFile *) * (size_t) old * 2);
	out = memctx_alloc_zero(hj->ps.estate->query_cxt, sizeof(TempFile *) * (size_t) old * 2);
	memcpy(in, hj->inner_files, sizeof(TempFile *) * (size_t) old);
	memcpy(out, hj->outer_files, sizeof(TempFile *) * (size_t) old);
	hj->inner_files = in;
	hj->outer_files = out;
	hj->nbatch = old * 2;
	for (uint32_t b = 0; b < hj->ht->nbuckets; b++)
	{
		Row		  **link = &hj->ht->buckets[b];

		while (*link != NULL)
		{
			Row		   *row = *link;
			int			batch = batch_of(hj, row->hash);

			if (batch == hj->curbatch)
			{
				link = &row->next;
				continue;
			}
			*link = row->next;
			spill_write_row(batch_file(hj->inner_files, batch), row, hj->build_typbyvals);
			pfree(row);
			hj->ht->nrows--;
			moved++;
		}
	}
	if (moved == 0)
		hj->growth_enabled = false;
}

/* Put one inner row (build_slot) into the table or its batch's file. */
static void
insert_inner(HashJoinState *hj, uint32_t hash)
{
	int			batch = batch_of(hj, hash);

	if (batch != hj->curbatch)
	{
		spill_write_slot(batch_file(hj->inner_files, batch), hj->build_slot, hash,
						 hj->build_typlens, hj->build_typbyvals, hj->spill_cxt);
		return;
	}
	rowhash_insert(hj->ht, hash, hj->build_slot, hj->build_typlens, hj->build_typbyvals);
	if (hj->growth_enabled && (hj->ht->nrows & 255) == 0 &&
		table_bytes(hj) > exec_work_mem_bytes())
		increase_nbatch(hj);
}

static bool
eval_keys(List *keys, ExprContext *econtext, Datum *values, bool *nulls)
{
	ListCell   *lc;
	bool		anynull = false;

	foreach(lc, keys)
	{
		int			i = foreach_current_index(lc);

		values[i] = exec_eval_expr(lfirst(lc), econtext, &nulls[i]);
		anynull |= nulls[i];
	}
	return !anynull;
}

static void
hashjoin_build(HashJoinState *hj)
{
	HashJoinPlan *plan = (HashJoinPlan *) hj->ps.plan;
	PlanState  *ps = &hj->ps;
	bool		keep_nulls = plan->jointype == JOIN_RIGHT || plan->jointype == JOIN_FULL;

	for (;;)
	{
		TupleSlot  *in = exec_proc_node(ps->righttree);
		MemoryContext old;
		bool		ok;

		if (in == NULL)
			break;
		old = exec_begin_row(ps);
		for (int i = 0; i < hj->ninner; i++)
		{
			hj->build_slot->values[i] = in->values[i];
			hj->build_slot->isnull[i] = in->isnull[i];
		}
		/* inner keys are expressions over the inner row alone (VAR_OUTER) */
		ps->econtext.outer = in;
		ps->econtext.inner = NULL;
		ok = eval_keys(plan->innerkeys, &ps->econtext, hj->build_slot->values + hj->ninner,
					   hj->build_slot->isnull + hj->ninner);
		if (ok)
			insert_inner(hj, rowhash_hash(hj->ht, hj->build_slot->values + hj->ninner,
										  hj->build_slot->isnull + hj->ninner));
		else if (keep_nulls)
			rowbuf_add(hj->nullkey_rows, hj->build_slot, hj->build_typlens,
					   hj->build_typbyvals);
		memctx_switch_to(old);
	}
}

/* Make batch curbatch current: its inner rows into the table, its outer file readable. */
static void
load_batch(HashJoinState *hj)
{
	TempFile   *f = hj->inner_files[hj->curbatch];

	rowhash_reset(hj->ht);
	if (f != NULL)
	{
		tempfile_rewind(f);
		for (;;)
		{
			MemoryContext old = exec_begin_row(&hj->ps);
			Row		   *r = spill_read_row(f, hj->ps.row_cxt, hj->build_typbyvals);

			if (r != NULL)
			{
				row_to_slot(r, hj->build_slot);
				insert_inner(hj, r->hash);
			}
			memctx_switch_to(old);
			if (r == NULL)
				break;
			CHECK_FOR_INTERRUPTS();
		}
		tempfile_close(f);
		hj->inner_files[hj->curbatch] = NULL;
	}
	if (hj->outer_files[hj->curbatch] != NULL)
		tempfile_rewind(hj->outer_files[hj->curbatch]);
}

/* The next outer row of the current batch, or NULL. */
static TupleSlot *
next_outer(HashJoinState *hj)
{
	TempFile   *f;
	Row		   *r;

	if (hj->curbatch == 0)
		return exec_proc_node(hj->ps.lefttree);
	f = hj->outer_files[hj->curbatch];
	if (f == NULL)
		return NULL;
	memctx_reset(hj->outer_cxt);
	r = spill_read_row(f, hj->outer_cxt, hj->ps.lefttree->typbyvals);
	if (r == NULL)
		return NULL;
	row_to_slot(r, hj->outer_spill_slot);
	return hj->outer_spill_slot;
}

static void
load_inner(HashJoinState *hj, Row *row)
{
	memcpy(hj->inner_slot->values, row->values, sizeof(Datum) * hj->ninner);
	memcpy(hj->inner_slot->isnull, row->isnull, sizeof(bool) * hj->ninner);
}

/* Emit outer + NULLs or NULLs + inner; returns the row if it passes the filter. */
static TupleSlot *
emit_unmatched(HashJoinState *hj, TupleSlot *outer, TupleSlot *inner)
{
	MemoryContext old = exec_begin_row(&hj->ps);
	bool		ok;

	fill_join_row(hj->ps.result, outer, hj->nouter, inner, hj->ninner);
	ok = join_filter(&hj->ps);
	memctx_switch_to(old);
	return ok ? hj->ps.result : NULL;
}

static TupleSlot *
hashjoin_fill_inner(HashJoinState *hj)
{
	for (;;)
	{
		TupleSlot  *r;

		while (hj->fill_row == NULL && hj->fill_bucket < hj->ht->nbuckets)
			hj->fill_row = hj->ht->buckets[hj->fill_bucket++];
		if (hj->fill_row != NULL)
		{
			Row		   *row = hj->fill_row;

			hj->fill_row = row->next;
			if (row->matched)
				continue;
			load_inner(hj, row);
		}
		else if (hj->phase == HJ_FILL_INNER)
		{
			hj->phase = HJ_NEXT_BATCH;
			return NULL;
		}
		else if (hj->fill_nullpos < hj->nullkey_rows->nrows)
			load_inner(hj, hj->nullkey_rows->rows[hj->fill_nullpos++]);
		else
		{
			hj->phase = HJ_DONE;
			return NULL;
		}
		r = emit_unmatched(hj, NULL, hj->inner_slot);
		if (r != NULL)
			return r;
	}
}

static TupleSlot *
hashjoin_exec(PlanState *ps)
{
	HashJoinState *hj = (HashJoinState *) ps;
	HashJoinPlan *plan = (HashJoinPlan *) ps->plan;
	bool		keep_outer = plan->jointype == JOIN_LEFT || plan->jointype == JOIN_FULL;
	bool		keep_inner = plan->jointype == JOIN_RIGHT || plan->jointype == JOIN_FULL;

	for (;;)
	{
		switch (hj->phase)
		{
			case HJ_BUILD:
				hashjoin_build(hj);
				hj->phase = HJ_NEED_OUTER;
				if (hj->ht->nrows == 0 && hj->nbatch == 1 && !keep_outer && !keep_inner)
					hj->phase = HJ_DONE;
				break;
			case HJ_NEED_OUTER:
				{
					MemoryContext old;
					bool		ok;

					hj->outer = next_outer(hj);
					if (hj->outer == NULL)
					{
						hj->phase = keep_inner ? HJ_FILL_INNER : HJ_NEXT_BATCH;
						hj->fill_bucket = 0;
						hj->fill_row = NULL;
						hj->fill_nullpos = 0;
						break;
					}
					old = exec_begin_row(ps);
					ps->econtext.outer = hj->outer;
					ps->econtext.inner = NULL;
					ok = eval_keys(plan->outerkeys, &ps->econtext, hj->probe_keys,
								   hj->probe_nulls);
					memctx_switch_to(old);
					hj->matched = false;
					hj->cur = NULL;
					if (!ok)
					{
						if (keep_outer)
						{
							TupleSlot  *r = emit_unmatched(hj, hj->outer, NULL);

							if (r != NULL)
								return r;
						}
						break;
					}
					hj->probe_hash = rowhash_hash_types(hj->ht, hj->probe_keys, hj->probe_nulls,
														hj->outertypes);
					if (batch_of(hj, hj->probe_hash) != hj->curbatch)
					{
						/* its inner partners are in a later batch */
						spill_write_slot(batch_file(hj->outer_files,
													batch_of(hj, hj->probe_hash)),
										 hj->outer, hj->probe_hash, ps->lefttree->typlens,
										 ps->lefttree->typbyvals, hj->spill_cxt);
						break;
					}
					hj->phase = HJ_SCAN_BUCKET;
					break;
				}
			case HJ_SCAN_BUCKET:
				{
					Row		   *row = rowhash_lookup(hj->ht, hj->probe_hash, hj->probe_keys,
													 hj->probe_nulls, hj->keycols,
													 hj->outertypes, hj->cur);
					MemoryContext old;
					bool		ok;

					hj->cur = row;
					if (row == NULL)
					{
						hj->phase = HJ_NEED_OUTER;
						if (keep_outer && !hj->matched)
						{
							TupleSlot  *r = emit_unmatched(hj, hj->outer, NULL);

							if (r != NULL)
								return r;
						}
						break;
					}
					load_inner(hj, row);
					old = memctx_switch_to(ps->row_cxt);
					ps->econtext.outer = hj->outer;
					ps->econtext.inner = hj->inner_slot;
					ok = plan->joinqual == NIL || exec_qual(plan->joinqual, &ps->econtext);
					if (ok)
					{
						hj->matched = true;
						row->matched = true;
						fill_join_row(ps->result, hj->outer, hj->nouter, hj->inner_slot,
									  hj->ninner);
						ok = join_filter(ps);
					}
					memctx_switch_to(old);
					if (ok)
						return ps->result;
					break;
				}
			case HJ_FILL_INNER:
			case HJ_FILL_NULLKEYS:
				{
					TupleSlot  *r = hashjoin_fill_inner(hj);

					if (r != NULL)
						return r;
					break;
				}
			case HJ_NEXT_BATCH:
				tempfile_close(hj->outer_files[hj->curbatch]);
				hj->outer_files[hj->curbatch] = NULL;
				if (hj->curbatch + 1 >= hj->nbatch)
				{
					hj->phase = keep_inner ? HJ_FILL_NULLKEYS : HJ_DONE;
					hj->fill_bucket = hj->ht->nbuckets;		/* table already done */
					hj->fill_row = NULL;
					hj->fill_nullpos = 0;
					break;
				}
				hj->curbatch++;
				load_batch(hj);
				hj->phase = HJ_NEED_OUTER;
				break;
			case HJ_DONE:
				return NULL;
		}
	}
}

static void
hashjoin_rescan(PlanState *ps)
{
	HashJoinState *hj = (HashJoinState *) ps;
	HashJoinPlan *plan = (HashJoinPlan *) ps->plan;

	if (ps->estate->full_rescan || hj->phase == HJ_BUILD || hj->nbatch > 1 ||
		plan->jointype == JOIN_RIGHT || plan->jointype == JOIN_FULL)
	{
		close_batch_files(hj);
		hj->nbatch = 1;
		hj->curbatch = 0;
		hj->growth_enabled = true;
		rowhash_reset(hj->ht);
		rowbuf_reset(hj->nullkey_rows);
		exec_rescan(ps->righttree);
		hj->phase = HJ_BUILD;
	}
	else
		hj->phase = HJ_NEED_OUTER;
	exec_rescan(ps->lefttree);
}

static void
hashjoin_end(PlanState *ps)
{
	close_batch_files((HashJoinState *) ps);
}

PlanState *
exec_init_hashjoin(HashJoinPlan *plan, EState *estate)
{
	HashJoinState *hj = (HashJoinState *) exec_make_state(sizeof(HashJoinState), &plan->plan,
														  estate, hashjoin_exec);
	int			nkeys = list_length(plan->innerkeys);
	Oid		   *buildtypes;
	ListCell   *lc;

	hj->ps.lefttree = exec_init_node(plan->plan.lefttree, estate);
	hj->ps.righttree = exec_init_node(plan->plan.righttree, estate);
	hj->nouter = plan->plan.lefttree->ncols;
	hj->ninner = plan->plan.righttree->ncols;
	hj->nkeys = nkeys;
	hj->innertypes = palloc(sizeof(Oid) * Max(nkeys, 1));
	hj->outertypes = palloc(sizeof(Oid) * Max(nkeys, 1));
	hj->keycols = palloc(sizeof(int) * Max(nkeys, 1));
	foreach(lc, plan->innerkeys)
	{
		int			i = foreach_current_index(lc);

		hj->innertypes[i] = exprType(lfirst(lc));
		hj->outertypes[i] = exprType(list_nth(plan->outerkeys, i));
		hj->keycols[i] = hj->ninner + i + 1;
	}
	buildtypes = palloc(sizeof(Oid) * Max(hj->ninner + nkeys, 1));
	for (int i = 0; i < hj->ninner; i++)
		buildtypes[i] = plan->plan.righttree->coltypes[i];
	for (int i = 0; i < nkeys; i++)
		buildtypes[hj->ninner + i] = hj->innertypes[i];
	exec_col_storage(buildtypes, hj->ninner + nkeys, &hj->build_typlens, &hj->build_typbyvals);
	hj->build_slot = exec_make_slot(hj->ninner + nkeys);
	hj->inner_slot = exec_make_slot(hj->ninner);
	hj->ht = rowhash_create(estate->query_cxt, nkeys, hj->innertypes, "hash join");
	hj->nullkey_rows = rowbuf_create(estate->query_cxt, "hash join");
	hj->probe_keys = palloc0(sizeof(Datum) * Max(nkeys, 1));
	hj->probe_nulls = palloc0(sizeof(bool) * Max(nkeys, 1));
	hj->phase = HJ_BUILD;
	hj->nbatch = 1;
	hj->growth_enabled = true;
	hj->inner_files = palloc0(sizeof(TempFile *));
	hj->outer_files = palloc0(sizeof(TempFile *));
	hj->outer_spill_slot = exec_make_slot(hj->nouter);
	hj->outer_cxt = memctx_create(estate->query_cxt, "hash join outer batch row");
	hj->spill_cxt = memctx_create(estate->query_cxt, "hash join spill");
	hj->ps.rescan = hashjoin_rescan;
	hj->ps.end = hashjoin_end;
	return &hj->ps;
}
