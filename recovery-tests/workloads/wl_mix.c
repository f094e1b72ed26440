/*-------------------------------------------------------------------------
 * wl_mix.c
 *	  The mix workload: pgbench's tpcb-like transaction over indexed
 *	  tables, mixed with read-only lookups.
 *
 * Schema (same SQL on minipg and PostgreSQL 15), every balance 0 at first:
 *	mix_branches(bid int PRIMARY KEY, bbalance bigint NOT NULL)
 *	mix_tellers(tid int PRIMARY KEY, bid int NOT NULL, tbalance bigint NOT NULL)
 *	mix_accounts(aid int PRIMARY KEY, bid int NOT NULL, abalance bigint NOT NULL,
 *				 filler text)
 *	mix_history(id bigint PRIMARY KEY, tid int NOT NULL, bid int NOT NULL,
 *				aid int NOT NULL, delta bigint NOT NULL), index on (aid)
 * with `scale` branches, 10 tellers and 1000 accounts per branch (teller
 * t belongs to branch (t-1)/10+1, account a to (a-1)/1000+1).
 *
 * Client K's stream "client-K" picks, per transaction, its kind (tpcb
 * 8 : select 2), an account, a teller (whose branch it then uses) and a
 * delta in +-1..5000.  tpcb T is
 *	BEGIN
 *	UPDATE mix_accounts SET abalance = abalance + d WHERE aid = a
 *	SELECT abalance FROM mix_accounts WHERE aid = a
 *	UPDATE mix_tellers SET tbalance = tbalance + d WHERE tid = t
 *	UPDATE mix_branches SET bbalance = bbalance + d WHERE bid = b
 *	INSERT INTO mix_history (id, tid, bid, aid, delta) VALUES (T, t, b, a, d)
 *	COMMIT
 * and select is BEGIN, SELECT abalance ... WHERE aid = a, COMMIT.
 *
 * Invariants:
 *	- Every tpcb locks an account, then a teller, then a branch, one of
 *	  each: no lock cycle, so no deadlock.
 *	- Since every balance starts at 0, sum(abalance) = sum(tbalance) =
 *	  sum(bbalance) = sum(delta), and each row's balance is the sum of
 *	  history deltas naming it.
 *
 * Oracle (hx_mix_evaluate, pure): mix/tpcb-invariant (the sums, every
 * row's balance against history, the row sets), mix/history-matches-acked
 * (a history row, as generated, for each acknowledged tpcb and for
 * nothing else but in-doubt ones), mix/in-doubt-atomic (an in-doubt
 * tpcb's history row and its three updates all or none; per-row
 * disagreements that in-doubt tpcbs explain exactly are reported here and
 * not as per-row tpcb-invariant items, while unequal sums always break
 * mix/tpcb-invariant).  check() adds
 * mix/index-agrees-with-heap (the four primary keys and the aid index of
 * mix_history against sequential scans; see hx_wl_check_index), and
 * mix/tables-readable when it cannot read the tables.
 *
 * Entry point: hx_workload_mix.  See also workload_internal.h.
 *-------------------------------------------------------------------------
 */
#include "workloads/workload_internal.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIX_MAX_SCALE			100
#define MIX_TELLERS_PER_BRANCH	10
#define MIX_ACCOUNTS_PER_BRANCH	1000
#define MIX_DELTA_MAX			5000

typedef struct MixWorkload
{
	HxWorkload	base;			/* first: see struct HxWorkload */
	int			nbranches;
	int			ntellers;
	int			naccounts;
	HxMixTxnRec *txns;
	size_t		ntxns;
	size_t		cap;
} MixWorkload;

/*-------------------------------------------------------------------------
 * The oracle (pure)
 *
 * Counters: accounts at [0, na), tellers at [na, na + nt), branches at
 * [na + nt, na + nt + nb); d[k] = balance - sum of history deltas.
 *-------------------------------------------------------------------------
 */

typedef struct MixEval
{
	HxDetail	invariant;
	HxDetail	history;
	HxDetail	doubt;
} MixEval;

typedef struct MixTable
{
	const char *name;			/* "account", "teller", "branch" */
	const char *column;			/* "abalance", ... */
	const HxMixBalanceRow *rows;
	size_t		nrows;
	int			expected;		/* ids 1..expected */
	size_t		offset;			/* first counter */
} MixTable;

static bool
mix_in_range(int64_t id, int n)
{
	return id >= 1 && id <= n;
}

/* Counter of (aid, tid, bid) = (i = 0, 1, 2); SIZE_MAX if out of range. */
static size_t
mix_counter(const HxMixHistory *h, int i, int64_t id)
{
	const int	n[3] = {h->naccounts, h->ntellers, h->nbranches};
	const size_t off[3] = {0, (size_t) h->naccounts, (size_t) h->naccounts + (size_t) h->ntellers};

	return mix_in_range(id, n[i]) ? off[i] + (size_t) (id - 1) : SIZE_MAX;
}

/* Read one balance table into bal/seen; row-set problems into ev. */
static int64_t
mix_load_table(const MixTable *mt, int64_t *bal, uint32_t *seen, MixEval *ev)
{
	int64_t		sum = 0;

	for (size_t i = 0; i < mt->nrows; i++)
	{
		const HxMixBalanceRow *r = &mt->rows[i];

		sum += r->balance;
		if (!mix_in_range(r->id, mt->expected))
			hx_detail_add(&ev->invariant, "%s %" PRId64 " should not exist", mt->name, r->id);
		else if (++seen[mt->offset + (size_t) (r->id - 1)] == 2)
			hx_detail_add(&ev->invariant, "%s %" PRId64 " appears more than once", mt->name, r->id);
		else
			bal[mt->offset + (size_t) (r->id - 1)] = r->balance;
	}
	for (int id = 1; id <= mt->expected; id++)
		if (seen[mt->offset + (size_t) (id - 1)] == 0)
			hx_detail_add(&ev->invariant, "%s %d is missing", mt->name, id);
	return sum;
}

/* As bank_blame_in_doubt: true if in-doubt tpcbs explain all of d. */
static bool
mix_blame_in_doubt(const HxMixHistory *h, const uint8_t *present, const int64_t *d,
				   size_t ncounters, MixEval *ev)
{
	static const char *const what[3] = {"account", "teller", "branch"};
	size_t		n = 0;
	HxDoubtTxn *dt = NULL;
	int64_t    *work = NULL;
	bool		explained = false;

	for (size_t i = 0; i < h->ntxns; i++)
		if (h->txns[i].kind == HX_MIX_TPCB &&
			(h->txns[i].state == HX_HIST_IN_DOUBT || h->txns[i].state == HX_HIST_PENDING))
			n++;
	if (n == 0)
		return false;
	dt = calloc(n, sizeof(*dt));
	work = malloc(ncounters * sizeof(*work));
	if (dt == NULL || work == NULL)
		goto done;
	memcpy(work, d, ncounters * sizeof(*work));
	n = 0;
	for (size_t i = 0; i < h->ntxns; i++)
	{
		const HxMixTxnRec *r = &h->txns[i];
		const int64_t ids[3] = {r->aid, r->tid, r->bid};
		HxDoubtTxn *t;

		if (r->kind != HX_MIX_TPCB ||
			(r->state != HX_HIST_IN_DOUBT && r->state != HX_HIST_PENDING))
			continue;
		t = &dt[n++];
		t->id = r->id;
		t->marker_present = present[i] > 0;
		/* effects[j] is always kind j here, so bits name the tables */
		for (int j = 0; j < 3; j++)
			t->effects[t->neffects++] = (HxDoubtEffect) {mix_counter(h, j, ids[j]), r->delta};
	}
	explained = hx_wl_explain_by_in_doubt(work, ncounters, dt, n);
	if (explained)
		for (size_t i = 0; i < n; i++)
		{
			const HxDoubtTxn *t = &dt[i];
			char		rows[64] = "";
			size_t		len = 0;

			if (t->inconsistent == 0)
				continue;
			for (int j = 0; j < 3; j++)
				if (t->inconsistent & (1u << j))
					len += (size_t) snprintf(rows + len, sizeof(rows) - len, "%s%s",
											 len > 0 ? ", " : "", what[j]);
			hx_detail_add(&ev->doubt, "tpcb %" PRIu64 " has its history row %s but its %s "
						  "update %s", t->id, t->marker_present ? "present" : "absent", rows,
						  t->marker_present ? "is lost" : "survived");
		}
done:
	free(dt);
	free(work);
	return explained;
}

bool
hx_mix_evaluate(const HxMixHistory *h, const HxMixTables *t, HxCheckList *out)
{
	const int	n_before = out->n;
	const int	dropped_before = out->n_dropped;
	const size_t nc = (size_t) h->naccounts + (size_t) h->ntellers + (size_t) h->nbranches;
	const MixTable tables[3] = {
		{"account", "abalance", t->accounts, t->naccounts, h->naccounts, 0},
		{"teller", "tbalance", t->tellers, t->ntellers, h->ntellers, (size_t) h->naccounts},
		{"branch", "bbalance", t->branches, t->nbranches, h->nbranches,
		(size_t) h->naccounts + (size_t) h->ntellers},
	};
	int64_t    *bal = calloc(nc + 1, sizeof(int64_t));
	int64_t    *d = calloc(nc + 1, sizeof(int64_t));
	uint32_t   *seen = calloc(nc + 1, sizeof(uint32_t));
	uint8_t    *present = calloc(h->ntxns + 1, sizeof(uint8_t));
	int64_t		sums[3];
	int64_t		sum_delta = 0;
	bool		any_d = false;
	MixEval		ev;

	memset(&ev, 0, sizeof(ev));
	if (bal == NULL || d == NULL || seen == NULL || present == NULL)
	{
		hx_check_fail(out, "harness/out-of-memory", "mix oracle: %zu rows, %zu transactions",
					  nc, h->ntxns);
		goto done;
	}
	for (int i = 0; i < 3; i++)
		sums[i] = mix_load_table(&tables[i], bal, seen, &ev);
	for (size_t k = 0; k < nc; k++)
		d[k] = bal[k];

	/* history rows against the transactions; d -= each row's deltas */
	for (size_t i = 0; i < t->nhistory; i++)
	{
		const HxMixHistoryRow *r = &t->history[i];
		const int64_t ids[3] = {r->aid, r->tid, r->bid};
		ptrdiff_t	k = r->id > 0 ? hx_wl_find_id(h->txns, h->ntxns, sizeof(h->txns[0]),
												  (uint64_t) r->id) : -1;
		const HxMixTxnRec *x;

		sum_delta += r->delta;
		for (int j = 0; j < 3; j++)
		{
			size_t		c = mix_counter(h, j, ids[j]);

			if (c != SIZE_MAX)
				d[c] -= r->delta;
		}
		if (k < 0 || h->txns[k].kind != HX_MIX_TPCB)
		{
			hx_detail_add(&ev.history, "history row %" PRId64 " (aid %" PRId64 ", tid %" PRId64
						  ", bid %" PRId64 ", delta %" PRId64 ") belongs to no tpcb transaction",
						  r->id, r->aid, r->tid, r->bid, r->delta);
			continue;
		}
		x = &h->txns[k];
		if (present[k] < UINT8_MAX)
			present[k]++;
		if (present[k] == 2)
			hx_detail_add(&ev.history, "history row %" PRId64 " appears more than once", r->id);
		if (x->state == HX_HIST_FAILED)
			hx_detail_add(&ev.history, "tpcb %" PRId64 " was rolled back but its history row "
						  "is present", r->id);
		else if (r->aid != x->aid || r->tid != x->tid || r->bid != x->bid || r->delta != x->delta)
			hx_detail_add(x->state == HX_HIST_ACKED ? &ev.history : &ev.doubt,
						  "history row %" PRId64 " reads (aid %" PRId64 ", tid %" PRId64 ", bid %"
						  PRId64 ", delta %" PRId64 "), expected (%" PRId32 ", %" PRId32 ", %"
						  PRId32 ", %" PRId64 ")", r->id, r->aid, r->tid, r->bid, r->delta,
						  x->aid, x->tid, x->bid, x->delta);
	}
	for (size_t i = 0; i < h->ntxns; i++)
	{
		const HxMixTxnRec *x = &h->txns[i];

		if (x->kind == HX_MIX_TPCB && x->state == HX_HIST_ACKED && present[i] == 0)
			hx_detail_add(&ev.history, "acknowledged tpcb %" PRIu64 " (aid %" PRId32 ", tid %"
						  PRId32 ", bid %" PRId32 ", delta %" PRId64 ") has no history row",
						  x->id, x->aid, x->tid, x->bid, x->delta);
	}

	/* the invariant: the sums, then each row (blaming in-doubt tpcbs first) */
	if (sums[0] != sum_delta || sums[1] != sum_delta || sums[2] != sum_delta)
		hx_detail_add(&ev.invariant, "sum(abalance) %" PRId64 ", sum(tbalance) %" PRId64
					  ", sum(bbalance) %" PRId64 ", sum(delta) %" PRId64,
					  sums[0], sums[1], sums[2], sum_delta);
	for (size_t k = 0; k < nc; k++)
	{
		if (seen[k] != 1)
			d[k] = 0;			/* reported as a row-set problem */
		any_d |= d[k] != 0;
	}
	if (any_d && !mix_blame_in_doubt(h, present, d, nc, &ev))
		for (int i = 0; i < 3; i++)
			for (int id = 1; id <= tables[i].expected; id++)
			{
				size_t		k = tables[i].offset + (size_t) (id - 1);

				if (d[k] != 0)
					hx_detail_add(&ev.invariant, "%s %d: %s %" PRId64 ", its history deltas sum to %"
								  PRId64, tables[i].name, id, tables[i].column, bal[k],
								  bal[k] - d[k]);
			}

	hx_detail_report(out, "mix/tpcb-invariant", &ev.invariant, "tpcb invariant violations");
	hx_detail_report(out, "mix/history-matches-acked", &ev.history,
					 "history rows disagree with the acknowledged transactions");
	hx_detail_report(out, "mix/in-doubt-atomic", &ev.doubt, "in-doubt tpcb transactions half-applied");
done:
	free(bal);
	free(d);
	free(seen);
	free(present);
	return out->n == n_before && out->n_dropped == dropped_before;
}

void
hx_mix_view(const HxWorkload *w, HxMixHistory *out)
{
	const MixWorkload *m = (const MixWorkload *) w;

	assert(w->ops == &hx_workload_mix);
	out->naccounts = m->naccounts;
	out->ntellers = m->ntellers;
	out->nbranches = m->nbranches;
	out->txns = m->txns;
	out->ntxns = m->ntxns;
}

/*-------------------------------------------------------------------------
 * The workload
 *-------------------------------------------------------------------------
 */

static HxWorkload *
mix_create(uint64_t seed, const HxWorkloadParams *p)
{
	MixWorkload *m = calloc(1, sizeof(*m));

	if (m == NULL)
		return NULL;
	hx_wl_init_base(&m->base, &hx_workload_mix, seed, p);
	m->nbranches = m->base.params.scale > MIX_MAX_SCALE ? MIX_MAX_SCALE : m->base.params.scale;
	m->ntellers = MIX_TELLERS_PER_BRANCH * m->nbranches;
	m->naccounts = MIX_ACCOUNTS_PER_BRANCH * m->nbranches;
	return &m->base;
}

static HxStatus
mix_setup(HxWorkload *w, HxSession *s)
{
	MixWorkload *m = (MixWorkload *) w;
	char		sql[8][256];
	static const char *const ddl[] = {
		"DROP TABLE IF EXISTS mix_history",
		"DROP TABLE IF EXISTS mix_accounts",
		"DROP TABLE IF EXISTS mix_tellers",
		"DROP TABLE IF EXISTS mix_branches",
		"CREATE TABLE mix_branches (bid int PRIMARY KEY, bbalance bigint NOT NULL)",
		"CREATE TABLE mix_tellers (tid int PRIMARY KEY, bid int NOT NULL, tbalance bigint NOT NULL)",
		("CREATE TABLE mix_accounts (aid int PRIMARY KEY, bid int NOT NULL, "
		 "abalance bigint NOT NULL, filler text)"),
		("CREATE TABLE mix_history (id bigint PRIMARY KEY, tid int NOT NULL, bid int NOT NULL, "
		 "aid int NOT NULL, delta bigint NOT NULL)"),
		"CREATE INDEX mix_history_aid ON mix_history (aid)",
	};
	char		err[512];
	int			nload = 0;

	if (w == NULL || s == NULL)
	{
		hx_set_error("workload mix: setup without %s",
					 w == NULL ? "a workload (create failed)" : "a session");
		return HX_ERROR;
	}
	snprintf(sql[nload++], sizeof(sql[0]),
			 "INSERT INTO mix_branches (bid, bbalance) SELECT g, 0 FROM generate_series(1, %d) g",
			 m->nbranches);
	snprintf(sql[nload++], sizeof(sql[0]),
			 "INSERT INTO mix_tellers (tid, bid, tbalance) SELECT g, (g - 1) / %d + 1, 0 "
			 "FROM generate_series(1, %d) g", MIX_TELLERS_PER_BRANCH, m->ntellers);
	snprintf(sql[nload++], sizeof(sql[0]),
			 "INSERT INTO mix_accounts (aid, bid, abalance, filler) SELECT g, (g - 1) / %d + 1, 0, "
			 "repeat('x', 84) FROM generate_series(1, %d) g", MIX_ACCOUNTS_PER_BRANCH, m->naccounts);
	for (size_t i = 0; i < sizeof(ddl) / sizeof(ddl[0]); i++)
		if (!hx_wl_exec(s, ddl[i], err, sizeof(err)))
			goto fail;
	for (int i = 0; i < nload; i++)
		if (!hx_wl_exec(s, sql[i], err, sizeof(err)))
			goto fail;
	return HX_OK;
fail:
	hx_set_error("workload mix: setup failed: %s", err);
	return HX_ERROR;
}

static void
mix_next_txn(HxWorkload *w, int client, HxTxn *t)
{
	static const unsigned weights[2] = {[HX_MIX_TPCB] = 8,[HX_MIX_SELECT] = 2};
	MixWorkload *m = (MixWorkload *) w;
	HxRng	   *rng = &w->client_rng[hx_wl_client_index(w, client)];
	HxMixKind	kind = (HxMixKind) hx_rng_pick_weighted(rng, weights, 2);
	int32_t		aid = (int32_t) hx_rng_range(rng, 1, m->naccounts);
	int32_t		tid = (int32_t) hx_rng_range(rng, 1, m->ntellers);
	int32_t		bid = (tid - 1) / MIX_TELLERS_PER_BRANCH + 1;
	int64_t		delta = hx_rng_range(rng, 1, MIX_DELTA_MAX);
	void	   *arr = m->txns;
	HxMixTxnRec *rec;
	char		op[32];

	if (hx_rng_chance(rng, 0.5))
		delta = -delta;
	t->id = ++w->last_id;
	t->client = client;
	t->nstmts = 0;
	w->counts.generated++;
	if (!hx_wl_grow(&arr, &m->cap, m->ntxns + 1, sizeof(*m->txns)))
	{
		hx_wl_filler_txn(w, t, "SELECT sum(bbalance) FROM mix_branches");
		return;
	}
	m->txns = arr;
	rec = &m->txns[m->ntxns++];
	*rec = (HxMixTxnRec) {
		.id = t->id, .kind = kind, .aid = aid, .tid = tid, .bid = bid,
		.delta = kind == HX_MIX_TPCB ? delta : 0, .state = HX_HIST_PENDING,
	};

	hx_wl_stmt(t, "BEGIN");
	if (kind == HX_MIX_TPCB)
	{
		hx_wl_signed_op(delta, op, sizeof(op));
		hx_wl_stmt(t, "UPDATE mix_accounts SET abalance = abalance %s WHERE aid = %" PRId32, op, aid);
		hx_wl_stmt(t, "SELECT abalance FROM mix_accounts WHERE aid = %" PRId32, aid);
		hx_wl_stmt(t, "UPDATE mix_tellers SET tbalance = tbalance %s WHERE tid = %" PRId32, op, tid);
		hx_wl_stmt(t, "UPDATE mix_branches SET bbalance = bbalance %s WHERE bid = %" PRId32, op, bid);
		hx_wl_stmt(t, "INSERT INTO mix_history (id, tid, bid, aid, delta) VALUES (%" PRIu64
				   ", %" PRId32 ", %" PRId32 ", %" PRId32 ", %" PRId64 ")",
				   t->id, tid, bid, aid, delta);
	}
	else
		hx_wl_stmt(t, "SELECT abalance FROM mix_accounts WHERE aid = %" PRId32, aid);
	hx_wl_stmt(t, "COMMIT");
}

static void
mix_record(HxWorkload *w, const HxTxn *t, HxOutcome o)
{
	MixWorkload *m = (MixWorkload *) w;
	ptrdiff_t	i = hx_wl_find_id(m->txns, m->ntxns, sizeof(*m->txns), t->id);

	/* the driver records each transaction once (workload.h): ignore a repeat */
	assert(i < 0 || m->txns[i].state == HX_HIST_PENDING);
	if (i >= 0 && m->txns[i].state != HX_HIST_PENDING)
		return;
	if (i >= 0)
		m->txns[i].state = hx_wl_count_outcome(w, o);
	else
		(void) hx_wl_count_outcome(w, o);
}

/*
 * Read "SELECT id, balance" of one table by a verified sequential scan
 * into malloc'd rows and ids.
 */
static bool
mix_read_balances(HxSession *s, const char *sql, HxMixBalanceRow **rows, int64_t **ids,
				  size_t *n, char *err, size_t errlen)
{
	int64_t    *v = NULL;

	*rows = NULL;
	*ids = NULL;
	if (!hx_wl_plan_heap(s, sql, err, errlen) ||
		!hx_wl_read_ints(s, sql, 2, &v, n, err, errlen))
		return false;
	*rows = malloc((*n + 1) * sizeof(**rows));
	*ids = malloc((*n + 1) * sizeof(**ids));
	if (*rows == NULL || *ids == NULL)
	{
		snprintf(err, errlen, "out of memory for %zu rows", *n);
		free(v);
		return false;
	}
	for (size_t i = 0; i < *n; i++)
	{
		(*rows)[i] = (HxMixBalanceRow) {v[2 * i], v[2 * i + 1]};
		(*ids)[i] = v[2 * i];
	}
	free(v);
	return true;
}

/*
 * The oracle: read the four tables by sequential scans, evaluate; then
 * every index against its heap (mix/index-agrees-with-heap): the four
 * primary keys and mix_history's index on aid.
 */
static bool
mix_check(HxWorkload *w, HxSession *s, HxCheckList *out)
{
	static const char *const sql[3] = {
		"SELECT aid, abalance FROM mix_accounts",
		"SELECT tid, tbalance FROM mix_tellers",
		"SELECT bid, bbalance FROM mix_branches",
	};
	static const char *const hist_sql = "SELECT id, tid, bid, aid, delta FROM mix_history";
	/* every index; rows: which heap read has its table's keys */
	static const struct
	{
		const char *index;
		const char *table;
		const char *key;
		const char *column;
		bool		int4;
		int			rows;
	}			indexes[] = {
		{"mix_accounts_pkey", "mix_accounts", "aid", "aid", true, 0},
		{"mix_tellers_pkey", "mix_tellers", "tid", "tid", true, 1},
		{"mix_branches_pkey", "mix_branches", "bid", "bid", true, 2},
		{"mix_history_pkey", "mix_history", "id", "id", false, 3},
		{"mix_history_aid", "mix_history", "id", "aid", true, 3},
	};
	HxMixBalanceRow *rows[3] = {NULL, NULL, NULL};
	int64_t    *ids[4] = {NULL, NULL, NULL, NULL};	/* accounts, tellers, branches, history */
	size_t		n[4] = {0, 0, 0, 0};
	HxMixHistoryRow *hist = NULL;
	int64_t    *v = NULL;
	HxMixTables t;
	HxDetail	index = {0};
	char		err[512];
	bool		ok = false;

	memset(&t, 0, sizeof(t));
	if (w == NULL || s == NULL)
	{
		hx_check_fail(out, "mix/tables-readable", "no workload state or no session");
		return false;
	}
	for (int i = 0; i < 3; i++)
		if (!mix_read_balances(s, sql[i], &rows[i], &ids[i], &n[i], err, sizeof(err)))
			goto unreadable;
	if (!hx_wl_plan_heap(s, hist_sql, err, sizeof(err)) ||
		!hx_wl_read_ints(s, hist_sql, 5, &v, &n[3], err, sizeof(err)) ||
		!hx_wl_plan_reset(s, err, sizeof(err)))
		goto unreadable;
	hist = malloc((n[3] + 1) * sizeof(*hist));
	ids[3] = malloc((n[3] + 1) * sizeof(int64_t));
	if (hist == NULL || ids[3] == NULL)
	{
		hx_check_fail(out, "harness/out-of-memory", "mix: %zu history rows", n[3]);
		goto done;
	}
	for (size_t i = 0; i < n[3]; i++)
	{
		hist[i] = (HxMixHistoryRow) {v[5 * i], v[5 * i + 1], v[5 * i + 2], v[5 * i + 3], v[5 * i + 4]};
		ids[3][i] = hist[i].id;
	}
	free(v);
	v = NULL;
	t = (HxMixTables) {rows[0], n[0], rows[1], n[1], rows[2], n[2], hist, n[3]};
	{
		HxMixHistory h;

		hx_mix_view(w, &h);
		ok = hx_mix_evaluate(&h, &t, out);
	}
	for (size_t i = 0; i < sizeof(indexes) / sizeof(indexes[0]); i++)
		if (!hx_wl_check_index(s, indexes[i].index, indexes[i].table, indexes[i].key,
							   indexes[i].column, indexes[i].int4, ids[indexes[i].rows],
							   n[indexes[i].rows], &index, err, sizeof(err)))
			goto unreadable;
	if (index.total > 0)
	{
		hx_detail_report(out, "mix/index-agrees-with-heap", &index,
						 "index entries disagree with the heap");
		ok = false;
	}
	goto done;
unreadable:
	hx_check_fail(out, "mix/tables-readable", "%s", err);
	ok = false;
done:
	for (int i = 0; i < 3; i++)
		free(rows[i]);
	for (int i = 0; i < 4; i++)
		free(ids[i]);
	free(hist);
	free(v);
	return ok;
}

static void
mix_summary(HxWorkload *w, char *buf, size_t len)
{
	hx_wl_summary(w, buf, len);
}

static void
mix_destroy(HxWorkload *w)
{
	MixWorkload *m = (MixWorkload *) w;

	if (m == NULL)
		return;
	free(m->txns);
	free(m);
}

const HxWorkloadOps hx_workload_mix = {
	.name = "mix",
	.create = mix_create,
	.setup = mix_setup,
	.next_txn = mix_next_txn,
	.record = mix_record,
	.check = mix_check,
	.summary = mix_summary,
	.destroy = mix_destroy,
};
