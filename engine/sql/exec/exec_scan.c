/*-------------------------------------------------------------------------
 * exec_scan.c
 *	  Table scans: SeqScan (heap_beginscan/heap_getnext) and IndexScan
 *	  (btree_beginscan/btree_getnext + heap_fetch_visible).
 *
 * Output row: the table's columns then the row's TID (packed Datum), so
 * UPDATE/DELETE can find the version they read.  The tuple copy the heap
 * returns lives in the node's per-row context, which is reset before the
 * next tuple is fetched (so filtering a million rows uses one row's
 * memory).
 *
 * Index keys are evaluated at the start of each (re)scan -- they may be
 * Params set by a nested loop -- and converted to the index column's
 * type; an integer value outside the column type's range either makes the
 * scan empty (=, or the bound excludes every value) or drops the key (the
 * bound includes every value).  Index entries whose whole HOT chain is
 * dead are marked (btree_kill_current).
 *-------------------------------------------------------------------------
 */
#include "sql/exec/exec_internal.h"

#include "access/heap/heapam.h"
#include "access/nbtree/nbtree.h"
#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/interrupt.h"
#include "utils/pgstat/pgstat.h"

typedef struct SeqScanState
{
	PlanState	ps;
	Relation	rel;
	HeapScanDesc scan;
	int			natts;
} SeqScanState;

typedef struct IndexScanState
{
	PlanState	ps;
	Relation	rel;
	Relation	index;
	BTScanDesc	scan;
	ScanKeyData *keys;
	int			nkeys;
	bool		keys_ready;
	bool		empty;
	MemoryContext key_cxt;
	int			natts;
} IndexScanState;

/* Deform tup into the slot: columns, then the TID. */
static void
fill_scan_slot(TupleSlot *slot, HeapTuple tup, Relation rel, int natts)
{
	heap_deform_tuple(tup, rel->rd_att, slot->values, slot->isnull);
	slot->values[natts] = tid_to_datum(&tup->t_self);
	slot->isnull[natts] = false;
}

/* ------------------------------------------------------------------------
 * SeqScan
 * ------------------------------------------------------------------------
 */
static TupleSlot *
seqscan_exec(PlanState *ps)
{
	SeqScanState *ss = (SeqScanState *) ps;
	MemoryContext old;

	if (ss->scan == NULL)
	{
		old = memctx_switch_to(ps->estate->query_cxt);
		ss->scan = heap_beginscan(ss->rel, ps->estate->snapshot);
		memctx_switch_to(old);
		pgstat_count_seq_scan(ss->rel->rd_id);
	}
	old = exec_begin_row(ps);
	for (;;)
	{
		HeapTuple	tup = heap_getnext(ss->scan);

		if (tup == NULL)
		{
			memctx_switch_to(old);
			return NULL;
		}
		pgstat_count_seq_tuple(ss->rel->rd_id);
		fill_scan_slot(ps->result, tup, ss->rel, ss->natts);
		ps->econtext.outer = ps->result;
		if (ps->plan->qual == NIL || exec_qual(ps->plan->qual, &ps->econtext))
			break;
		memctx_reset(ps->row_cxt);
		CHECK_FOR_INTERRUPTS();
	}
	memctx_switch_to(old);
	return ps->result;
}

static void
seqscan_rescan(PlanState *ps)
{
	SeqScanState *ss = (SeqScanState *) ps;

	if (ss->scan != NULL)
	{
		heap_rescan(ss->scan);
		pgstat_count_seq_scan(ss->rel->rd_id);
	}
}

static void
seqscan_end(PlanState *ps)
{
	SeqScanState *ss = (SeqScanState *) ps;

	if (ss->scan != NULL)
		heap_endscan(ss->scan);
	ss->scan = NULL;
}

PlanState *
exec_init_seqscan(SeqScanPlan *plan, EState *estate)
{
	SeqScanState *ss = (SeqScanState *) exec_make_state(sizeof(SeqScanState), &plan->plan,
														estate, seqscan_exec);

	ss->rel = exec_open_relation(estate, plan->relid);
	ss->natts = ss->rel->rd_att->natts;
	if (ss->natts + 1 != plan->plan.ncols)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("cached plan must not change result type"));
	ss->ps.rescan = seqscan_rescan;
	ss->ps.end = seqscan_end;
	return &ss->ps;
}

/* ------------------------------------------------------------------------
 * IndexScan
 * ------------------------------------------------------------------------
 */
static bool
is_int(Oid t)
{
	return t == INT2OID || t == INT4OID || t == INT8OID;
}

/*
 * Convert an integer key to the column's width.  Returns false when the
 * key must be dropped (*empty set when nothing can match).
 */
static bool
convert_int_key(Datum *value, Oid from, Oid to, int strategy, bool *empty)
{
	int64_t		v = from == INT2OID ? DatumGetInt16(*value) :
		from == INT4OID ? DatumGetInt32(*value) : DatumGetInt64(*value);
	int64_t		min = to == INT2OID ? INT16_MIN : to == INT4OID ? INT32_MIN : INT64_MIN;
	int64_t		max = to == INT2OID ? INT16_MAX : to == INT4OID ? INT32_MAX : INT64_MAX;

	if (v > max)
	{
		if (strategy == BTLessStrategyNumber || strategy == BTLessEqualStrategyNumber)
			return false;
		*empty = true;
		return false;
	}
	if (v < min)
	{
		if (strategy == BTGreaterStrategyNumber || strategy == BTGreaterEqualStrategyNumber)
			return false;
		*empty = true;
		return false;
	}
	*value = to == INT2OID ? Int16GetDatum((int16_t) v) :
		to == INT4OID ? Int32GetDatum((int32_t) v) : Int64GetDatum(v);
	return true;
}

static void
indexscan_setup_keys(IndexScanState *is)
{
	IndexScanPlan *plan = (IndexScanPlan *) is->ps.plan;
	MemoryContext old;
	ListCell   *lc;

	memctx_reset(is->key_cxt);
	old = memctx_switch_to(is->key_cxt);
	is->nkeys = 0;
	is->empty = false;
	foreach(lc, plan->indexkeys)
	{
		IndexKeyPlan *k = lfirst(lc);
		bool		isnull;
		Datum		v = exec_eval_expr(k->arg, &is->ps.econtext, &isnull);
		ScanKeyData *sk;

		if (isnull)
		{
			is->empty = true;	/* comparison with NULL matches nothing */
			continue;
		}
		if (k->argtype != k->keytype && is_int(k->argtype) && is_int(k->keytype) &&
			!convert_int_key(&v, k->argtype, k->keytype, k->strategy, &is->empty))
			continue;
		sk = &is->keys[is->nkeys++];
		sk->attno = k->attno;
		sk->strategy = k->strategy;
		sk->argument = v;
		sk->arg_is_null = false;
	}
	memctx_switch_to(old);
	is->keys_ready = true;
}

static TupleSlot *
indexscan_exec(PlanState *ps)
{
	IndexScanState *is = (IndexScanState *) ps;
	MemoryContext old;

	if (!is->keys_ready)
	{
		indexscan_setup_keys(is);
		if (!is->empty)
		{
			old = memctx_switch_to(ps->estate->query_cxt);
			if (is->scan == NULL)
				is->scan = btree_beginscan(is->index, is->keys, is->nkeys,
										   ((IndexScanPlan *) ps->plan)->backward);
			else
				btree_rescan(is->scan, is->keys, is->nkeys);
			memctx_switch_to(old);
			pgstat_count_index_scan(is->rel->rd_id);
		}
	}
	if (is->empty)
		return NULL;
	old = exec_begin_row(ps);
	for (;;)
	{
		ItemPointerData tid;
		HeapTuple	tup;
		bool		all_dead = false;

		if (!btree_getnext(is->scan, &tid))
		{
			memctx_switch_to(old);
			return NULL;
		}
		tup = heap_fetch_visible(is->rel, &tid, ps->estate->snapshot, &all_dead);
		pgstat_count_index_tuples(is->rel->rd_id, 1, tup != NULL);
		if (tup == NULL)
		{
			if (all_dead)
				btree_kill_current(is->scan);
			CHECK_FOR_INTERRUPTS();
			continue;
		}
		fill_scan_slot(ps->result, tup, is->rel, is->natts);
		ps->econtext.outer = ps->result;
		if (ps->plan->qual == NIL || exec_qual(ps->plan->qual, &ps->econtext))
			break;
		memctx_reset(ps->row_cxt);
		CHECK_FOR_INTERRUPTS();
	}
	memctx_switch_to(old);
	return ps->result;
}

static void
indexscan_rescan(PlanState *ps)
{
	((IndexScanState *) ps)->keys_ready = false;
}

static void
indexscan_end(PlanState *ps)
{
	IndexScanState *is = (IndexScanState *) ps;

	if (is->scan != NULL)
		btree_endscan(is->scan);
	is->scan = NULL;
}

PlanState *
exec_init_indexscan(IndexScanPlan *plan, EState *estate)
{
	IndexScanState *is = (IndexScanState *) exec_make_state(sizeof(IndexScanState),
															&plan->plan, estate,
															indexscan_exec);

	is->rel = exec_open_relation(estate, plan->relid);
	is->index = exec_open_relation(estate, plan->indexid);
	is->natts = is->rel->rd_att->natts;
	if (is->natts + 1 != plan->plan.ncols)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("cached plan must not change result type"));
	is->keys = palloc0(sizeof(ScanKeyData) * Max(list_length(plan->indexkeys), 1));
	is->key_cxt = memctx_create(estate->query_cxt, "IndexScanKeys");
	is->ps.rescan = indexscan_rescan;
	is->ps.end = indexscan_end;
	return &is->ps;
}
