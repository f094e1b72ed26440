/*-------------------------------------------------------------------------
 * wl_ledger.c
 *	  The ledger workload: append-only rows with unique ids, several per
 *	  transaction, so a half-replayed commit shows.
 *
 * Schema (same SQL on minipg and PostgreSQL 15):
 *	ledger(id bigint PRIMARY KEY, txn_id bigint NOT NULL, seq int NOT NULL,
 *		   val bigint NOT NULL)
 *
 * Transaction T (from client K's stream "client-K": a row count n in
 * 1..min(2 + 4 * scale, 14) and a base value) is BEGIN, then for seq
 * 0..n-1 one
 *	INSERT INTO ledger (id, txn_id, seq, val) VALUES (T*16+seq, T, seq, base+seq)
 * then COMMIT.  Inserts only, so no two transactions ever conflict.
 *
 * Oracle (hx_ledger_evaluate, pure): ledger/acked-present (every row of
 * every acknowledged transaction, with its value), ledger/failed-absent,
 * ledger/in-doubt-atomic (all rows or none), ledger/no-unknown-rows (rows
 * of no transaction, a seq beyond the transaction's count, an id that does
 * not match (txn_id, seq), duplicates), ledger/index-agrees-with-heap (the
 * ids read through the primary key, as a range scan and as point
 * lookups, are exactly those of a sequential scan).  check() forces each
 * plan with enable_* settings and verifies it with EXPLAIN, on minipg and
 * PostgreSQL alike; ledger/tables-readable if it cannot.
 *
 * Entry point: hx_workload_ledger.  See also workload_internal.h.
 *-------------------------------------------------------------------------
 */
#include "workloads/workload_internal.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEDGER_BASE_MAX		1000000000000LL

typedef struct LedgerWorkload
{
	HxWorkload	base;			/* first: see struct HxWorkload */
	int			max_rows;		/* rows per transaction, at most */
	HxLedgerTxnRec *txns;
	size_t		ntxns;
	size_t		cap;
} LedgerWorkload;

/*-------------------------------------------------------------------------
 * The oracle (pure)
 *-------------------------------------------------------------------------
 */

static int
cmp_int64(const void *a, const void *b)
{
	int64_t		x = *(const int64_t *) a;
	int64_t		y = *(const int64_t *) b;

	return (x > y) - (x < y);
}

static int
cmp_row_id(const void *a, const void *b)
{
	return cmp_int64(&((const HxLedgerRow *) a)->id, &((const HxLedgerRow *) b)->id);
}

/* The seqs 0..n-1 present (want_present) or missing in mask, as "1, 4". */
static void
list_seqs(uint32_t mask, int n, bool want_present, char *buf, size_t len)
{
	size_t		used = 0;

	buf[0] = '\0';
	for (int s = 0; s < n && used < len; s++)
		if (((mask >> s) & 1u) == (want_present ? 1u : 0u))
			used += (size_t) snprintf(buf + used, len - used, "%s%d", used > 0 ? ", " : "", s);
}

/*
 * Evaluate every ledger check over (history, tables); append failures to
 * out.  Pure: reads nothing but its arguments.  True if all hold.
 */
bool
hx_ledger_evaluate(const HxLedgerHistory *h, const HxLedgerTables *t, HxCheckList *out)
{
	const int	n_before = out->n;
	const int	dropped_before = out->n_dropped;
	HxLedgerRow *rows = malloc((t->nrows + 1) * sizeof(*rows));
	int64_t    *heap_ids = malloc((t->nrows + 1) * sizeof(int64_t));
	uint32_t   *mask = calloc(h->ntxns + 1, sizeof(uint32_t));
	HxDetail	acked = {0},
				failed = {0},
				doubt = {0},
				unknown = {0},
				index = {0};

	if (rows == NULL || heap_ids == NULL || mask == NULL)
	{
		hx_check_fail(out, "harness/out-of-memory", "ledger oracle: %zu rows, %zu transactions",
					  t->nrows, h->ntxns);
		goto done;
	}
	if (t->nrows > 0)
		memcpy(rows, t->rows, t->nrows * sizeof(*rows));
	qsort(rows, t->nrows, sizeof(*rows), cmp_row_id);
	for (size_t i = 0; i < t->nrows; i++)
		heap_ids[i] = rows[i].id;

	if (!hx_wl_compare_index(NULL, heap_ids, t->nrows, t->index_ids, t->nindex, t->probe_ids,
							 t->probe_counts, t->nprobes, &index))
	{
		hx_check_fail(out, "harness/out-of-memory", "ledger oracle: %zu index entries", t->nindex);
		goto done;
	}

	/* every heap row against the history */
	for (size_t i = 0; i < t->nrows; i++)
	{
		const HxLedgerRow *r = &rows[i];
		ptrdiff_t	k;
		const HxLedgerTxnRec *x;

		if (i > 0 && rows[i - 1].id == r->id)
		{
			if (i < 2 || rows[i - 2].id != r->id)
				hx_detail_add(&unknown, "id %" PRId64 " appears more than once in the heap", r->id);
			continue;
		}
		k = r->txn_id > 0 ? hx_wl_find_id(h->txns, h->ntxns, sizeof(h->txns[0]),
										  (uint64_t) r->txn_id) : -1;
		if (k < 0)
		{
			hx_detail_add(&unknown, "row %" PRId64 " (txn %" PRId64 ", seq %" PRId64
						  ") belongs to no transaction", r->id, r->txn_id, r->seq);
			continue;
		}
		x = &h->txns[k];
		if (r->seq < 0 || r->seq >= x->nrows)
		{
			hx_detail_add(&unknown, "row %" PRId64 ": txn %" PRId64 " wrote seq 0..%d, not %" PRId64,
						  r->id, r->txn_id, x->nrows - 1, r->seq);
			continue;
		}
		if (r->id != r->txn_id * HX_LEDGER_ID_STRIDE + r->seq)
		{
			hx_detail_add(&unknown, "row %" PRId64 " claims txn %" PRId64 " seq %" PRId64
						  ", whose id is %" PRId64, r->id, r->txn_id, r->seq,
						  r->txn_id * HX_LEDGER_ID_STRIDE + r->seq);
			continue;
		}
		mask[k] |= 1u << r->seq;
		if (r->val != x->base + r->seq && x->state != HX_HIST_FAILED)
			hx_detail_add(x->state == HX_HIST_ACKED ? &acked : &doubt,
						  "txn %" PRId64 " seq %" PRId64 ": val %" PRId64 ", expected %" PRId64,
						  r->txn_id, r->seq, r->val, x->base + r->seq);
	}

	/* every transaction against its rows */
	for (size_t k = 0; k < h->ntxns; k++)
	{
		const HxLedgerTxnRec *x = &h->txns[k];
		int			have = __builtin_popcount(mask[k]);
		char		seqs[96];

		switch (x->state)
		{
			case HX_HIST_ACKED:
				if (have < x->nrows)
				{
					list_seqs(mask[k], x->nrows, false, seqs, sizeof(seqs));
					hx_detail_add(&acked, "txn %" PRIu64 ": %d of %d rows (missing seq %s)",
								  x->id, have, x->nrows, seqs);
				}
				break;
			case HX_HIST_FAILED:
				if (have > 0)
				{
					list_seqs(mask[k], x->nrows, true, seqs, sizeof(seqs));
					hx_detail_add(&failed, "txn %" PRIu64 " was rolled back but %d of its %d rows "
								  "are present (seq %s)", x->id, have, x->nrows, seqs);
				}
				break;
			case HX_HIST_IN_DOUBT:
			case HX_HIST_PENDING:
				if (have > 0 && have < x->nrows)
				{
					list_seqs(mask[k], x->nrows, true, seqs, sizeof(seqs));
					hx_detail_add(&doubt, "txn %" PRIu64 ": %d of %d rows (present seq %s)",
								  x->id, have, x->nrows, seqs);
				}
				break;
		}
	}

	hx_detail_report(out, "ledger/acked-present", &acked, "acknowledged rows lost or altered");
	hx_detail_report(out, "ledger/failed-absent", &failed, "rolled-back transactions present");
	hx_detail_report(out, "ledger/in-doubt-atomic", &doubt, "in-doubt transactions half-applied");
	hx_detail_report(out, "ledger/no-unknown-rows", &unknown, "unexpected rows");
	{
		char		what[128];

		snprintf(what, sizeof(what), "disagreements between the primary key (%zu entries) "
				 "and the heap (%zu rows)", t->nindex, t->nrows);
		hx_detail_report(out, "ledger/index-agrees-with-heap", &index, what);
	}
done:
	free(rows);
	free(heap_ids);
	free(mask);
	return out->n == n_before && out->n_dropped == dropped_before;
}

void
hx_ledger_view(const HxWorkload *w, HxLedgerHistory *out)
{
	const LedgerWorkload *l = (const LedgerWorkload *) w;

	assert(w->ops == &hx_workload_ledger);
	out->txns = l->txns;
	out->ntxns = l->ntxns;
}

/*-------------------------------------------------------------------------
 * The workload
 *-------------------------------------------------------------------------
 */

static HxWorkload *
ledger_create(uint64_t seed, const HxWorkloadParams *p)
{
	LedgerWorkload *l = calloc(1, sizeof(*l));

	if (l == NULL)
		return NULL;
	hx_wl_init_base(&l->base, &hx_workload_ledger, seed, p);
	l->max_rows = 2 + 4 * (l->base.params.scale > 3 ? 3 : l->base.params.scale);
	if (l->max_rows > HX_LEDGER_MAX_ROWS)
		l->max_rows = HX_LEDGER_MAX_ROWS;
	return &l->base;
}

static HxStatus
ledger_setup(HxWorkload *w, HxSession *s)
{
	static const char *const ddl[] = {
		"DROP TABLE IF EXISTS ledger",
		("CREATE TABLE ledger (id bigint PRIMARY KEY, txn_id bigint NOT NULL, "
		 "seq int NOT NULL, val bigint NOT NULL)"),
	};
	char		err[512];

	if (w == NULL || s == NULL)
	{
		hx_set_error("workload ledger: setup without %s",
					 w == NULL ? "a workload (create failed)" : "a session");
		return HX_ERROR;
	}
	for (size_t i = 0; i < sizeof(ddl) / sizeof(ddl[0]); i++)
		if (!hx_wl_exec(s, ddl[i], err, sizeof(err)))
		{
			hx_set_error("workload ledger: setup failed: %s", err);
			return HX_ERROR;
		}
	return HX_OK;
}

static void
ledger_next_txn(HxWorkload *w, int client, HxTxn *t)
{
	LedgerWorkload *l = (LedgerWorkload *) w;
	HxRng	   *rng = &w->client_rng[hx_wl_client_index(w, client)];
	int			nrows = (int) hx_rng_range(rng, 1, l->max_rows);
	int64_t		base = hx_rng_range(rng, 1, LEDGER_BASE_MAX);
	void	   *arr = l->txns;
	HxLedgerTxnRec *rec;

	t->id = ++w->last_id;
	t->client = client;
	t->nstmts = 0;
	w->counts.generated++;
	if (!hx_wl_grow(&arr, &l->cap, l->ntxns + 1, sizeof(*l->txns)))
	{
		hx_wl_filler_txn(w, t, "SELECT count(*) FROM ledger");
		return;
	}
	l->txns = arr;
	rec = &l->txns[l->ntxns++];
	rec->id = t->id;
	rec->nrows = nrows;
	rec->base = base;
	rec->state = HX_HIST_PENDING;

	hx_wl_stmt(t, "BEGIN");
	for (int seq = 0; seq < nrows; seq++)
		hx_wl_stmt(t, "INSERT INTO ledger (id, txn_id, seq, val) VALUES (%" PRIu64 ", %" PRIu64
				   ", %d, %" PRId64 ")", t->id * HX_LEDGER_ID_STRIDE + (uint64_t) seq, t->id,
				   seq, base + seq);
	hx_wl_stmt(t, "COMMIT");
}

static void
ledger_record(HxWorkload *w, const HxTxn *t, HxOutcome o)
{
	LedgerWorkload *l = (LedgerWorkload *) w;
	ptrdiff_t	i = hx_wl_find_id(l->txns, l->ntxns, sizeof(*l->txns), t->id);

	/* the driver records each transaction once (workload.h): ignore a repeat */
	assert(i < 0 || l->txns[i].state == HX_HIST_PENDING);
	if (i >= 0 && l->txns[i].state != HX_HIST_PENDING)
		return;
	if (i >= 0)
		l->txns[i].state = hx_wl_count_outcome(w, o);
	else
		(void) hx_wl_count_outcome(w, o);
}

/*
 * Read the heap (sequential scan), then the ids through the primary key
 * (range scan and point lookups), into t; *rows_out and side->ids are
 * malloc'd (the caller frees them, also on failure).  false with err on
 * any failure.
 */
static bool
ledger_read(HxSession *s, HxLedgerTables *t, HxLedgerRow **rows_out, HxIndexSide *side,
			char *err, size_t errlen)
{
	static const char *const heap_sql = "SELECT id, txn_id, seq, val FROM ledger";
	int64_t    *vals = NULL;
	int64_t    *heap_ids = NULL;
	size_t		n = 0;
	HxLedgerRow *rows;
	bool		ok = false;

	*rows_out = NULL;
	if (!hx_wl_plan_heap(s, heap_sql, err, errlen) ||
		!hx_wl_read_ints(s, heap_sql, 4, &vals, &n, err, errlen))
		goto done;
	rows = malloc((n + 1) * sizeof(*rows));
	heap_ids = malloc((n + 1) * sizeof(*heap_ids));
	*rows_out = rows;
	if (rows == NULL || heap_ids == NULL)
	{
		snprintf(err, errlen, "out of memory for %zu ledger rows", n);
		goto done;
	}
	for (size_t i = 0; i < n; i++)
	{
		rows[i] = (HxLedgerRow) {vals[4 * i], vals[4 * i + 1], vals[4 * i + 2], vals[4 * i + 3]};
		heap_ids[i] = rows[i].id;
	}
	t->rows = rows;
	t->nrows = n;
	if (!hx_wl_read_index_side(s, "ledger_pkey", "ledger", "id", "id", false, heap_ids, n, side,
							   err, errlen))
		goto done;
	t->index_ids = side->ids;
	t->nindex = side->nids;
	t->probe_ids = side->probe_ids;
	t->probe_counts = side->probe_counts;
	t->nprobes = side->nprobes;
	ok = true;
done:
	free(vals);
	free(heap_ids);
	return ok;
}

static bool
ledger_check(HxWorkload *w, HxSession *s, HxCheckList *out)
{
	HxLedgerTables t;
	HxLedgerHistory h;
	HxLedgerRow *rows = NULL;
	HxIndexSide side;
	char		err[512];
	bool		ok = false;

	memset(&t, 0, sizeof(t));
	memset(&side, 0, sizeof(side));
	if (w == NULL || s == NULL)
	{
		hx_check_fail(out, "ledger/tables-readable", "no workload state or no session");
		return false;
	}
	if (!ledger_read(s, &t, &rows, &side, err, sizeof(err)))
		hx_check_fail(out, "ledger/tables-readable", "%s", err);
	else
	{
		hx_ledger_view(w, &h);
		ok = hx_ledger_evaluate(&h, &t, out);
	}
	free(rows);
	free(side.ids);
	return ok;
}

static void
ledger_summary(HxWorkload *w, char *buf, size_t len)
{
	hx_wl_summary(w, buf, len);
}

static void
ledger_destroy(HxWorkload *w)
{
	LedgerWorkload *l = (LedgerWorkload *) w;

	if (l == NULL)
		return;
	free(l->txns);
	free(l);
}

const HxWorkloadOps hx_workload_ledger = {
	.name = "ledger",
	.create = ledger_create,
	.setup = ledger_setup,
	.next_txn = ledger_next_txn,
	.record = ledger_record,
	.check = ledger_check,
	.summary = ledger_summary,
	.destroy = ledger_destroy,
};
