/*-------------------------------------------------------------------------
 * workload.c
 *	  The workload registry, check-failure reporting, and what the three
 *	  workloads share: history bookkeeping, statement building, reading
 *	  tables through a session, bounded failure details, and blaming
 *	  balance discrepancies on in-doubt transactions.
 *
 * Invariants:
 *	- Nothing here reads the clock or rand(): client choices come from
 *	  the "client-K" streams seeded in hx_wl_init_base.
 *	- Reading helpers never keep an HxResult: they parse it into plain
 *	  integers and free it, so an oracle's peak memory is one result.
 *	- A check list never overflows: failures past its capacity are
 *	  counted in n_dropped.
 *
 * Entry points: hx_workload_find, hx_check_fail; the hx_wl_* and
 * hx_detail_* helpers of workload_internal.h.
 *
 * See also: wl_bank.c, wl_ledger.c, wl_mix.c.
 *-------------------------------------------------------------------------
 */
#include "workloads/workload_internal.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*-------------------------------------------------------------------------
 * Registry and failures
 *-------------------------------------------------------------------------
 */

const HxWorkloadOps *
hx_workload_find(const char *name)
{
	static const HxWorkloadOps *const all[] = {
		&hx_workload_bank, &hx_workload_ledger, &hx_workload_mix,
	};

	if (name == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (strcmp(all[i]->name, name) == 0)
			return all[i];
	return NULL;
}

/*
 * Append a failure named `check`; past the list's capacity only count it,
 * so a flood of failures never hides the first ones.
 */
void
hx_check_fail(HxCheckList *l, const char *check, const char *fmt, ...)
{
	const size_t cap = sizeof(l->items) / sizeof(l->items[0]);
	HxCheckFailure *f;
	va_list		ap;

	if (l->n < 0 || (size_t) l->n >= cap)
	{
		l->n_dropped++;
		return;
	}
	f = &l->items[l->n++];
	snprintf(f->check, sizeof(f->check), "%s", check);
	va_start(ap, fmt);
	vsnprintf(f->detail, sizeof(f->detail), fmt, ap);
	va_end(ap);
}

/*-------------------------------------------------------------------------
 * History bookkeeping
 *-------------------------------------------------------------------------
 */

void
hx_wl_init_base(HxWorkload *w, const HxWorkloadOps *ops, uint64_t seed,
				const HxWorkloadParams *p)
{
	w->ops = ops;
	w->seed = seed;
	w->params.clients = p != NULL ? p->clients : 1;
	w->params.scale = p != NULL ? p->scale : 1;
	if (w->params.clients < 1)
		w->params.clients = 1;
	if (w->params.clients > HX_MAX_CLIENTS)
		w->params.clients = HX_MAX_CLIENTS;
	if (w->params.scale < 1)
		w->params.scale = 1;

	/*
	 * Seed every possible client's stream, not just params.clients: the
	 * driver may run more clients than it announced, and a stream depends
	 * only on (seed, K) anyway.
	 */
	for (int k = 0; k < HX_MAX_CLIENTS; k++)
	{
		char		name[32];

		snprintf(name, sizeof(name), "client-%d", k);
		hx_rng_init(&w->client_rng[k], seed, name);
	}
	w->last_id = 0;
	memset(&w->counts, 0, sizeof(w->counts));
}

int
hx_wl_client_index(const HxWorkload *w, int client)
{
	(void) w;
	assert(client >= 0 && client < HX_MAX_CLIENTS);
	if (client < 0)
		return 0;
	return client % HX_MAX_CLIENTS;
}

bool
hx_wl_grow(void **arr, size_t *cap, size_t need, size_t elem_size)
{
	size_t		newcap;
	void	   *p;

	if (need <= *cap)
		return true;
	if (need > HX_WL_MAX_TRACKED_TXNS)
		return false;
	newcap = *cap < 256 ? 256 : *cap * 2;
	while (newcap < need)
		newcap *= 2;
	if (newcap > HX_WL_MAX_TRACKED_TXNS)
		newcap = HX_WL_MAX_TRACKED_TXNS;
	p = realloc(*arr, newcap * elem_size);
	if (p == NULL)
		return false;
	*arr = p;
	*cap = newcap;
	return true;
}

ptrdiff_t
hx_wl_find_id(const void *base, size_t n, size_t elem_size, uint64_t id)
{
	const unsigned char *b = base;
	size_t		lo = 0;
	size_t		hi = n;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;
		uint64_t	mid_id;

		memcpy(&mid_id, b + mid * elem_size, sizeof(mid_id));
		if (mid_id == id)
			return (ptrdiff_t) mid;
		if (mid_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

HxHistState
hx_wl_count_outcome(HxWorkload *w, HxOutcome o)
{
	switch (o)
	{
		case HX_TXN_ACKED:
			w->counts.acked++;
			return HX_HIST_ACKED;
		case HX_TXN_FAILED:
			w->counts.failed++;
			return HX_HIST_FAILED;
		case HX_TXN_IN_DOUBT:
			break;
	}
	w->counts.in_doubt++;
	return HX_HIST_IN_DOUBT;
}

void
hx_wl_summary(const HxWorkload *w, char *buf, size_t len)
{
	const HxWlCounts *c = &w->counts;
	uint64_t	recorded = c->acked + c->failed + c->in_doubt;
	int			n;

	if (len == 0)
		return;
	n = snprintf(buf, len, "%" PRIu64 " acked, %" PRIu64 " failed, %" PRIu64 " in doubt",
				 c->acked, c->failed, c->in_doubt);
	if (n < 0 || (size_t) n >= len)
		return;
	if (c->generated > recorded)
	{
		int			m = snprintf(buf + n, len - (size_t) n, ", %" PRIu64 " unrecorded",
								 c->generated - recorded);

		if (m < 0 || (size_t) m >= len - (size_t) n)
			return;
		n += m;
	}
	if (c->untracked > 0)
		snprintf(buf + n, len - (size_t) n,
				 " (history full: %" PRIu64 " read-only fillers)", c->untracked);
}

/*-------------------------------------------------------------------------
 * Statements
 *-------------------------------------------------------------------------
 */

void
hx_wl_stmt(HxTxn *t, const char *fmt, ...)
{
	va_list		ap;
	int			n;

	assert(t->nstmts < HX_MAX_TXN_STMTS);
	if (t->nstmts >= HX_MAX_TXN_STMTS)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->stmts[t->nstmts], sizeof(t->stmts[0]), fmt, ap);
	va_end(ap);
	assert(n > 0 && (size_t) n < sizeof(t->stmts[0]));
	(void) n;
	t->nstmts++;
}

void
hx_wl_filler_txn(HxWorkload *w, HxTxn *t, const char *select_sql)
{
	w->counts.untracked++;
	hx_wl_stmt(t, "BEGIN");
	hx_wl_stmt(t, "%s", select_sql);
	hx_wl_stmt(t, "COMMIT");
}

const char *
hx_wl_signed_op(int64_t v, char *buf, size_t len)
{
	if (v < 0)
		snprintf(buf, len, "- %" PRId64, -v);
	else
		snprintf(buf, len, "+ %" PRId64, v);
	return buf;
}

/*-------------------------------------------------------------------------
 * Reading through a session
 *-------------------------------------------------------------------------
 */

static void
describe_result(const HxResult *r, const char *sql, char *err, size_t errlen)
{
	const char *what = "error";

	switch (r->kind)
	{
		case HX_RES_OK:
			what = "ok";
			break;
		case HX_RES_SQL_ERROR:
			what = "SQL error";
			break;
		case HX_RES_CONN_LOST:
			what = "connection lost";
			break;
		case HX_RES_TIMEOUT:
			what = "timeout";
			break;
	}
	snprintf(err, errlen, "%.120s: %s: %s%s%s%s", sql, what, r->message,
			 r->sqlstate[0] ? " (" : "", r->sqlstate, r->sqlstate[0] ? ")" : "");
}

bool
hx_wl_exec(HxSession *s, const char *sql, char *err, size_t errlen)
{
	HxResult	r = hx_session_exec(s, sql, HX_WL_STMT_TIMEOUT_MS);
	bool		ok = r.kind == HX_RES_OK;

	if (!ok)
		describe_result(&r, sql, err, errlen);
	hx_result_free(&r);
	return ok;
}

static bool
parse_int64(const char *s, int64_t *v)
{
	char	   *end;
	long long	x;

	if (s == NULL || *s == '\0')
		return false;
	errno = 0;
	x = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return false;
	*v = (int64_t) x;
	return true;
}

bool
hx_wl_read_ints(HxSession *s, const char *sql, int ncols,
				int64_t **out, size_t *nrows, char *err, size_t errlen)
{
	HxResult	r = hx_session_exec(s, sql, HX_WL_STMT_TIMEOUT_MS);
	int64_t    *vals = NULL;
	bool		ok = false;

	*out = NULL;
	*nrows = 0;
	if (r.kind != HX_RES_OK)
	{
		describe_result(&r, sql, err, errlen);
		goto done;
	}
	if (r.nrows > 0 && r.ncols != ncols)
	{
		snprintf(err, errlen, "%.120s: %d columns, expected %d", sql, r.ncols, ncols);
		goto done;
	}
	if (r.nrows > 0)
	{
		vals = malloc((size_t) r.nrows * (size_t) ncols * sizeof(int64_t));
		if (vals == NULL)
		{
			snprintf(err, errlen, "%.120s: out of memory for %d rows", sql, r.nrows);
			goto done;
		}
	}
	for (int i = 0; i < r.nrows; i++)
		for (int j = 0; j < ncols; j++)
		{
			const char *v = hx_result_value(&r, i, j);

			if (!parse_int64(v, &vals[(size_t) i * (size_t) ncols + (size_t) j]))
			{
				snprintf(err, errlen, "%.120s: row %d column %d is %s%s%s, not an integer",
						 sql, i + 1, j + 1, v ? "\"" : "NULL", v ? v : "", v ? "\"" : "");
				free(vals);
				vals = NULL;
				goto done;
			}
		}
	*out = vals;
	*nrows = (size_t) r.nrows;
	ok = true;
done:
	hx_result_free(&r);
	return ok;
}

bool
hx_wl_explain(HxSession *s, const char *sql, char *plan, size_t plan_len,
			  char *err, size_t errlen)
{
	char		q[512];
	HxResult	r;
	size_t		n = 0;
	bool		ok;

	snprintf(q, sizeof(q), "EXPLAIN %s", sql);
	r = hx_session_exec(s, q, HX_WL_STMT_TIMEOUT_MS);
	ok = r.kind == HX_RES_OK;
	if (!ok)
		describe_result(&r, q, err, errlen);
	if (plan_len > 0)
		plan[0] = '\0';
	for (int i = 0; ok && i < r.nrows && n + 1 < plan_len; i++)
	{
		const char *line = hx_result_value(&r, i, 0);
		int			m;

		while (line != NULL && *line == ' ')
			line++;
		m = snprintf(plan + n, plan_len - n, "%s%s", i > 0 ? " | " : "", line ? line : "");
		if (m < 0)
			break;
		n += (size_t) m;
		if (n >= plan_len)
			n = plan_len - 1;
	}
	hx_result_free(&r);
	return ok;
}

/*-------------------------------------------------------------------------
 * Indexes against heaps (see the header)
 *-------------------------------------------------------------------------
 */

/*
 * Set the planner's scan switches in one statement that runs on both
 * targets: only the parameters the server has are set (minipg lacks
 * enable_indexonlyscan and enable_bitmapscan), so no ERROR reaches the
 * server log.  "on" is every switch's default on both.
 */
static bool
set_planner(HxSession *s, const char *seqscan, const char *index_paths, char *err, size_t errlen)
{
	char		sql[400];

	snprintf(sql, sizeof(sql),
			 "SELECT set_config(name, val, false) FROM (VALUES ('enable_seqscan', '%s'), "
			 "('enable_indexscan', '%s'), ('enable_indexonlyscan', '%s'), "
			 "('enable_bitmapscan', '%s')) AS v(name, val) "
			 "WHERE current_setting(name, true) IS NOT NULL",
			 seqscan, index_paths, index_paths, index_paths);
	return hx_wl_exec(s, sql, err, errlen);
}

/* EXPLAIN sql and require `want` in the plan. */
static bool
plan_has(HxSession *s, const char *sql, const char *want, char *err, size_t errlen)
{
	char		plan[400];

	if (!hx_wl_explain(s, sql, plan, sizeof(plan), err, errlen))
		return false;
	if (strstr(plan, want) == NULL)
	{
		snprintf(err, errlen, "could not get a plan with \"%s\" for %.100s: %s", want, sql, plan);
		return false;
	}
	return true;
}

bool
hx_wl_plan_heap(HxSession *s, const char *sql, char *err, size_t errlen)
{
	return set_planner(s, "on", "off", err, errlen) &&
		plan_has(s, sql, "Seq Scan", err, errlen);
}

bool
hx_wl_plan_reset(HxSession *s, char *err, size_t errlen)
{
	return set_planner(s, "on", "on", err, errlen);
}

/*
 * Disable sequential scans and prove that sql reads the index `index`
 * ("Index Scan using X", "Index Only Scan using X", "Bitmap Index Scan on
 * X" all do).
 */
static bool
plan_index(HxSession *s, const char *sql, const char *index, char *err, size_t errlen)
{
	return set_planner(s, "off", "on", err, errlen) &&
		plan_has(s, sql, index, err, errlen);
}

bool
hx_wl_read_index_side(HxSession *s, const char *index, const char *table, const char *key,
					  const char *column, bool int4, const int64_t *heap_ids, size_t nheap,
					  HxIndexSide *out, char *err, size_t errlen)
{
	char		sql[256];
	/* literals of the column's own type, so PostgreSQL can use the index */
	const char *all = int4 ? "BETWEEN -2147483647 AND 2147483647"
		: "BETWEEN -9223372036854775807 AND 9223372036854775807";
	size_t		nprobes = nheap < HX_WL_PROBES ? nheap : HX_WL_PROBES;

	out->ids = NULL;
	out->nids = 0;
	out->nprobes = 0;
	snprintf(sql, sizeof(sql), "SELECT %s FROM %s WHERE %s %s", key, table, column, all);
	if (!plan_index(s, sql, index, err, errlen) ||
		!hx_wl_read_ints(s, sql, 1, &out->ids, &out->nids, err, errlen))
		return false;
	if (strcmp(key, column) != 0)
		nprobes = 0;
	for (size_t p = 0; p < nprobes; p++)
	{
		int64_t		id = heap_ids[p * nheap / nprobes];
		int64_t    *cnt = NULL;
		size_t		one = 0;

		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s WHERE %s = %" PRId64, table, key, id);
		if ((p == 0 && !plan_has(s, sql, index, err, errlen)) ||
			!hx_wl_read_ints(s, sql, 1, &cnt, &one, err, errlen))
			return false;
		if (one != 1)
		{
			snprintf(err, errlen, "%s: %zu rows", sql, one);
			free(cnt);
			return false;
		}
		out->probe_ids[p] = id;
		out->probe_counts[p] = cnt[0];
		out->nprobes = p + 1;
		free(cnt);
	}
	return hx_wl_plan_reset(s, err, errlen);
}

static int
cmp_int64(const void *a, const void *b)
{
	int64_t		x = *(const int64_t *) a;
	int64_t		y = *(const int64_t *) b;

	return (x > y) - (x < y);
}

/* How many times id occurs in the sorted array ids[0..n). */
static size_t
count_sorted(const int64_t *ids, size_t n, int64_t id)
{
	size_t		lo = 0;
	size_t		hi = n;
	size_t		c = 0;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo + c < n && ids[lo + c] == id)
		c++;
	return c;
}

bool
hx_wl_compare_index(const char *label, const int64_t *heap_ids, size_t nheap,
					const int64_t *index_ids, size_t nindex, const int64_t *probe_ids,
					const int64_t *probe_counts, size_t nprobes, HxDetail *d)
{
	const char *sep = label != NULL ? " " : "";
	int64_t    *h = malloc((nheap + 1) * sizeof(int64_t));
	int64_t    *x = malloc((nindex + 1) * sizeof(int64_t));
	size_t		i = 0;
	size_t		j = 0;

	if (h == NULL || x == NULL)
	{
		free(h);
		free(x);
		return false;
	}
	if (nheap > 0)
		memcpy(h, heap_ids, nheap * sizeof(int64_t));
	if (nindex > 0)
		memcpy(x, index_ids, nindex * sizeof(int64_t));
	qsort(h, nheap, sizeof(int64_t), cmp_int64);
	qsort(x, nindex, sizeof(int64_t), cmp_int64);
	/* merge the two sorted multisets */
	while (i < nheap || j < nindex)
	{
		int64_t		id = (j >= nindex || (i < nheap && h[i] <= x[j])) ? h[i] : x[j];
		size_t		nh = 0;
		size_t		ni = 0;

		while (i < nheap && h[i] == id)
			i++, nh++;
		while (j < nindex && x[j] == id)
			j++, ni++;
		if (nh != ni)
			hx_detail_add(d, "%s%sid %" PRId64 ": %zu in the heap, %zu through the index",
						  label ? label : "", sep, id, nh, ni);
	}
	for (size_t p = 0; p < nprobes; p++)
	{
		size_t		nh = count_sorted(h, nheap, probe_ids[p]);

		if ((int64_t) nh != probe_counts[p])
			hx_detail_add(d, "%s%spoint lookup of id %" PRId64 " finds %" PRId64
						  ", the heap has %zu", label ? label : "", sep, probe_ids[p],
						  probe_counts[p], nh);
	}
	free(h);
	free(x);
	return true;
}

bool
hx_wl_check_index(HxSession *s, const char *index, const char *table, const char *key,
				  const char *column, bool int4, const int64_t *heap_ids, size_t nheap,
				  HxDetail *d, char *err, size_t errlen)
{
	HxIndexSide side;
	bool		ok;

	memset(&side, 0, sizeof(side));
	ok = hx_wl_read_index_side(s, index, table, key, column, int4, heap_ids, nheap, &side,
							   err, errlen);
	if (ok && !hx_wl_compare_index(index, heap_ids, nheap, side.ids, side.nids, side.probe_ids,
								   side.probe_counts, side.nprobes, d))
	{
		snprintf(err, errlen, "out of memory comparing %zu index entries of %s", side.nids, table);
		ok = false;
	}
	free(side.ids);
	return ok;
}

/*-------------------------------------------------------------------------
 * Bounded details
 *-------------------------------------------------------------------------
 */

void
hx_detail_add(HxDetail *d, const char *fmt, ...)
{
	char		item[160];
	va_list		ap;
	int			n;

	d->total++;
	if (d->full || d->listed >= HX_DETAIL_SHOWN)
	{
		d->full = true;
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(item, sizeof(item), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (d->len + (d->listed > 0 ? 2 : 0) + strlen(item) + 1 > sizeof(d->buf))
	{
		d->full = true;			/* count the rest only */
		return;
	}
	d->len += (size_t) snprintf(d->buf + d->len, sizeof(d->buf) - d->len, "%s%s",
								d->listed > 0 ? "; " : "", item);
	d->listed++;
}

void
hx_detail_report(HxCheckList *l, const char *check, const HxDetail *d, const char *what)
{
	if (d->total == 0)
		return;
	if (d->total > d->listed)
		hx_check_fail(l, check, "%s (%u): %s (and %u more)", what, d->total, d->buf,
					  d->total - d->listed);
	else
		hx_check_fail(l, check, "%s (%u): %s", what, d->total, d->buf);
}

/*-------------------------------------------------------------------------
 * Blaming discrepancies on in-doubt transactions (see the header)
 *-------------------------------------------------------------------------
 */

/* d has want's sign and at least its size (so want could be part of it). */
static bool
same_sign_and_covers(int64_t d, int64_t want)
{
	if (want == 0)
		return false;
	return want > 0 ? d >= want : d <= want;
}

bool
hx_wl_explain_by_in_doubt(int64_t *d, size_t ncounters, HxDoubtTxn *txns, size_t n)
{
	for (size_t i = 0; i < n; i++)
	{
		HxDoubtTxn *t = &txns[i];

		t->inconsistent = 0;
		for (int j = 0; j < t->neffects && j < HX_DOUBT_MAX_EFFECTS; j++)
		{
			const HxDoubtEffect *e = &t->effects[j];
			/* the discrepancy this effect leaves when it disagrees with the marker */
			int64_t		want = t->marker_present ? -e->amount : e->amount;

			if (e->counter >= ncounters)
				continue;
			if (same_sign_and_covers(d[e->counter], want))
			{
				d[e->counter] -= want;
				t->inconsistent |= 1u << j;
			}
		}
	}
	for (size_t k = 0; k < ncounters; k++)
		if (d[k] != 0)
			return false;
	return true;
}
