/*-------------------------------------------------------------------------
 * wl_bank.c
 *	  The bank workload: concurrent transfers between accounts, each
 *	  logged with its transaction id; the total never changes.
 *
 * Schema (same SQL on minipg and PostgreSQL 15):
 *	accounts(id int PRIMARY KEY, balance bigint NOT NULL)
 *	transfers(id bigint PRIMARY KEY, src int NOT NULL, dst int NOT NULL,
 *			  amount bigint NOT NULL)
 *
 * Sizes and initial balances come from the "setup" stream: 10 accounts
 * per scale unit, balances 100000..1000000.  Client K's transfers come
 * from "client-K": src != dst, amount 1..1000.  A transfer is
 *	BEGIN
 *	UPDATE accounts SET balance = balance -/+ A WHERE id = <lower id>
 *	UPDATE accounts SET balance = balance +/- A WHERE id = <higher id>
 *	SELECT 1 / (CASE WHEN balance >= 0 THEN 1 ELSE 0 END) FROM accounts WHERE id = src
 *	INSERT INTO transfers (id, src, dst, amount) VALUES (T, src, dst, A)
 *	COMMIT
 *
 * Invariants:
 *	- Rows are locked in id order (lower account first), so two transfers
 *	  never deadlock.
 *	- The guard SELECT divides by zero when src would go negative, so the
 *	  server rolls the transfer back (22012): a committed state never has a
 *	  negative balance, and "bank/no-negative-balance" is an invariant of
 *	  the engine, not of luck.  With balances >= 100000 and amounts <= 1000
 *	  it practically never fires in a scenario's few hundred transfers.
 *
 * Oracle (hx_bank_evaluate, pure): bank/total-unchanged,
 * bank/no-negative-balance, bank/balances-match-transfers,
 * bank/acked-present, bank/failed-absent, bank/in-doubt-atomic,
 * bank/no-unknown-rows (transfer ids never generated, duplicates).
 * Balances are compared with the transfers table, not the history; a
 * disagreement that in-doubt transfers explain exactly (row present but
 * balances not moved, or the reverse, whole or one side) is reported as
 * bank/in-doubt-atomic naming them, anything else as
 * bank/balances-match-transfers; bank/total-unchanged is judged on the
 * raw sum either way.  check() adds bank/index-agrees-with-heap (each primary key read by a
 * range scan and point lookups against a sequential scan; see
 * hx_wl_check_index), and bank/tables-readable when it cannot read.
 *
 * Entry point: hx_workload_bank.  See also workload_internal.h.
 *-------------------------------------------------------------------------
 */
#include "workloads/workload_internal.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BANK_ACCOUNTS_PER_SCALE	10
#define BANK_MAX_SCALE			1000
#define BANK_BALANCE_MIN		100000
#define BANK_BALANCE_MAX		1000000
#define BANK_AMOUNT_MIN			1
#define BANK_AMOUNT_MAX			1000
#define BANK_INSERT_BATCH		100 /* account rows per INSERT in setup */

typedef struct BankWorkload
{
	HxWorkload	base;			/* first: see struct HxWorkload */
	int			naccounts;
	int64_t    *initial;		/* initial[i]: balance of account i + 1 */
	HxBankTxnRec *txns;			/* every tracked transfer, by id */
	size_t		ntxns;
	size_t		cap;
} BankWorkload;

/*-------------------------------------------------------------------------
 * The oracle (pure)
 *-------------------------------------------------------------------------
 */

typedef struct BankEval
{
	HxDetail	total;
	HxDetail	negative;
	HxDetail	mismatch;
	HxDetail	acked;
	HxDetail	failed;
	HxDetail	doubt;
	HxDetail	unknown;
} BankEval;

static bool
bank_valid_account(const HxBankHistory *h, int64_t id)
{
	return id >= 1 && id <= h->naccounts;
}

/*
 * Blame the discrepancies d[] (balance minus initial-plus-transfers-rows)
 * on in-doubt transfers if they explain all of it; true if they do.
 */
static bool
bank_blame_in_doubt(const HxBankHistory *h, const uint8_t *present, const int64_t *d,
					BankEval *ev)
{
	size_t		n = 0;
	HxDoubtTxn *dt = NULL;
	int64_t    *work = NULL;
	bool		explained = false;

	for (size_t i = 0; i < h->ntxns; i++)
		if (h->txns[i].state == HX_HIST_IN_DOUBT || h->txns[i].state == HX_HIST_PENDING)
			n++;
	if (n == 0)
		return false;
	dt = calloc(n, sizeof(*dt));
	work = malloc((size_t) h->naccounts * sizeof(*work));
	if (dt == NULL || work == NULL)
		goto done;
	memcpy(work, d, (size_t) h->naccounts * sizeof(*work));
	n = 0;
	for (size_t i = 0; i < h->ntxns; i++)
	{
		const HxBankTxnRec *r = &h->txns[i];
		HxDoubtTxn *t;

		if (r->state != HX_HIST_IN_DOUBT && r->state != HX_HIST_PENDING)
			continue;
		t = &dt[n++];
		t->id = r->id;
		t->marker_present = present[i] > 0;
		if (bank_valid_account(h, r->src))
			t->effects[t->neffects++] = (HxDoubtEffect) {(size_t) (r->src - 1), -r->amount};
		if (bank_valid_account(h, r->dst))
			t->effects[t->neffects++] = (HxDoubtEffect) {(size_t) (r->dst - 1), r->amount};
	}
	explained = hx_wl_explain_by_in_doubt(work, (size_t) h->naccounts, dt, n);
	if (explained)
		for (size_t i = 0; i < n; i++)
		{
			const HxDoubtTxn *t = &dt[i];
			char		accts[64] = "";
			size_t		len = 0;

			if (t->inconsistent == 0)
				continue;
			for (int j = 0; j < t->neffects; j++)
				if (t->inconsistent & (1u << j))
					len += (size_t) snprintf(accts + len, sizeof(accts) - len, "%s%zu",
											 len > 0 ? " and " : "", t->effects[j].counter + 1);
			hx_detail_add(&ev->doubt, "transfer %" PRIu64 " has its transfers row %s but "
						  "the balance of account %s %s it",
						  t->id, t->marker_present ? "present" : "absent", accts,
						  t->marker_present ? "lacks" : "includes");
		}
done:
	free(dt);
	free(work);
	return explained;
}

/*
 * Evaluate every bank check over (history, tables); append failures to
 * out.  Pure: reads nothing but its arguments.  True if all hold.
 */
bool
hx_bank_evaluate(const HxBankHistory *h, const HxBankTables *t, HxCheckList *out)
{
	const int	n_before = out->n;
	const int	dropped_before = out->n_dropped;
	const size_t na = h->naccounts > 0 ? (size_t) h->naccounts : 0;
	BankEval	ev;
	int64_t    *balance = calloc(na + 1, sizeof(int64_t));
	int64_t    *d = calloc(na + 1, sizeof(int64_t));
	uint32_t   *seen = calloc(na + 1, sizeof(uint32_t));
	uint8_t    *present = calloc(h->ntxns + 1, sizeof(uint8_t));
	int64_t		total = 0;
	int64_t		initial_total = 0;
	bool		any_d = false;

	memset(&ev, 0, sizeof(ev));
	if (balance == NULL || d == NULL || seen == NULL || present == NULL)
	{
		hx_check_fail(out, "harness/out-of-memory", "bank oracle: %zu accounts, %zu transfers",
					  na, h->ntxns);
		goto done;
	}

	/* accounts: the row set, negative balances, the total */
	for (size_t i = 0; i < t->naccounts; i++)
	{
		const HxBankAccountRow *r = &t->accounts[i];

		total += r->balance;
		if (r->balance < 0)
			hx_detail_add(&ev.negative, "account %" PRId64 " has %" PRId64, r->id, r->balance);
		if (!bank_valid_account(h, r->id))
			hx_detail_add(&ev.mismatch, "account %" PRId64 " should not exist", r->id);
		else if (++seen[r->id - 1] == 2)
			hx_detail_add(&ev.mismatch, "account %" PRId64 " appears more than once", r->id);
		else
			balance[r->id - 1] = r->balance;
	}
	for (size_t a = 0; a < na; a++)
	{
		initial_total += h->initial[a];
		if (seen[a] == 0)
			hx_detail_add(&ev.mismatch, "account %zu is missing", a + 1);
	}
	if (total != initial_total || t->naccounts != na)
		hx_detail_add(&ev.total, "sum(balance) is %" PRId64 ", expected %" PRId64
					  " (%+" PRId64 "), over %zu account rows (expected %zu)",
					  total, initial_total, total - initial_total, t->naccounts, na);

	/* transfers: each row against the history; d = balance - expected */
	for (size_t a = 0; a < na; a++)
		d[a] = balance[a] - h->initial[a];
	for (size_t i = 0; i < t->ntransfers; i++)
	{
		const HxBankTransferRow *r = &t->transfers[i];
		ptrdiff_t	k = r->id > 0 ? hx_wl_find_id(h->txns, h->ntxns, sizeof(h->txns[0]),
												  (uint64_t) r->id) : -1;

		if (bank_valid_account(h, r->src) && bank_valid_account(h, r->dst))
		{
			d[r->src - 1] += r->amount;	/* expected -= amount */
			d[r->dst - 1] -= r->amount;
		}
		else
			hx_detail_add(&ev.unknown, "transfer %" PRId64 " names account %" PRId64
						  " -> %" PRId64 ", not between 1 and %d",
						  r->id, r->src, r->dst, h->naccounts);
		if (k < 0)
		{
			hx_detail_add(&ev.unknown, "transfer %" PRId64 " (%" PRId64 " -> %" PRId64
						  ", %" PRId64 ") was never generated", r->id, r->src, r->dst, r->amount);
			continue;
		}
		if (present[k] < UINT8_MAX)
			present[k]++;
		if (present[k] == 2)
			hx_detail_add(&ev.unknown, "transfer %" PRId64 " appears more than once", r->id);
		{
			const HxBankTxnRec *x = &h->txns[k];
			bool		same = r->src == x->src && r->dst == x->dst && r->amount == x->amount;

			if (x->state == HX_HIST_FAILED)
				hx_detail_add(&ev.failed, "transfer %" PRId64 " (%" PRId32 " -> %" PRId32
							  ", %" PRId64 ") was rolled back but its row is present",
							  r->id, x->src, x->dst, x->amount);
			else if (!same)
				hx_detail_add(x->state == HX_HIST_ACKED ? &ev.acked : &ev.doubt,
							  "transfer %" PRId64 " reads (%" PRId64 " -> %" PRId64 ", %" PRId64
							  "), expected (%" PRId32 " -> %" PRId32 ", %" PRId64 ")",
							  r->id, r->src, r->dst, r->amount, x->src, x->dst, x->amount);
		}
	}

	/* acknowledged transfers must be logged */
	for (size_t i = 0; i < h->ntxns; i++)
		if (h->txns[i].state == HX_HIST_ACKED && present[i] == 0)
			hx_detail_add(&ev.acked, "transfer %" PRIu64 " (%" PRId32 " -> %" PRId32
						  ", %" PRId64 ") is missing", h->txns[i].id, h->txns[i].src,
						  h->txns[i].dst, h->txns[i].amount);

	/* balances against the transfers rows; blame in-doubt ones if they explain it */
	for (size_t a = 0; a < na; a++)
	{
		if (seen[a] != 1)
			d[a] = 0;			/* reported above as a row-set problem */
		any_d |= d[a] != 0;
	}
	if (any_d && !bank_blame_in_doubt(h, present, d, &ev))
		for (size_t a = 0; a < na; a++)
			if (d[a] != 0)
				hx_detail_add(&ev.mismatch, "account %zu has %" PRId64 ", initial + transfers = %"
							  PRId64, a + 1, balance[a], balance[a] - d[a]);

	hx_detail_report(out, "bank/total-unchanged", &ev.total, "total mismatch");
	hx_detail_report(out, "bank/no-negative-balance", &ev.negative, "negative balances");
	hx_detail_report(out, "bank/balances-match-transfers", &ev.mismatch,
					 "accounts disagree with the transfers table");
	hx_detail_report(out, "bank/acked-present", &ev.acked, "acknowledged transfers lost or altered");
	hx_detail_report(out, "bank/failed-absent", &ev.failed, "rolled-back transfers present");
	hx_detail_report(out, "bank/in-doubt-atomic", &ev.doubt, "in-doubt transfers half-applied");
	hx_detail_report(out, "bank/no-unknown-rows", &ev.unknown, "unexpected transfers rows");
done:
	free(balance);
	free(d);
	free(seen);
	free(present);
	return out->n == n_before && out->n_dropped == dropped_before;
}

void
hx_bank_view(const HxWorkload *w, HxBankHistory *out)
{
	const BankWorkload *b = (const BankWorkload *) w;

	assert(w->ops == &hx_workload_bank);
	out->naccounts = b->naccounts;
	out->initial = b->initial;
	out->txns = b->txns;
	out->ntxns = b->ntxns;
}

/*-------------------------------------------------------------------------
 * The workload
 *-------------------------------------------------------------------------
 */

static void bank_destroy(HxWorkload *w);

static HxWorkload *
bank_create(uint64_t seed, const HxWorkloadParams *p)
{
	BankWorkload *b = calloc(1, sizeof(*b));
	HxRng		setup;
	int			scale;

	if (b == NULL)
		return NULL;
	hx_wl_init_base(&b->base, &hx_workload_bank, seed, p);
	scale = b->base.params.scale > BANK_MAX_SCALE ? BANK_MAX_SCALE : b->base.params.scale;
	b->naccounts = BANK_ACCOUNTS_PER_SCALE * scale;
	b->initial = malloc((size_t) b->naccounts * sizeof(int64_t));
	if (b->initial == NULL)
	{
		bank_destroy(&b->base);
		return NULL;
	}
	hx_rng_init(&setup, seed, "setup");
	for (int i = 0; i < b->naccounts; i++)
		b->initial[i] = hx_rng_range(&setup, BANK_BALANCE_MIN, BANK_BALANCE_MAX);
	return &b->base;
}

/* Create the tables and the accounts; on failure hx_last_error says why. */
static HxStatus
bank_setup(HxWorkload *w, HxSession *s)
{
	static const char *const ddl[] = {
		"DROP TABLE IF EXISTS transfers",
		"DROP TABLE IF EXISTS accounts",
		"CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL)",
		("CREATE TABLE transfers (id bigint PRIMARY KEY, src int NOT NULL, "
		 "dst int NOT NULL, amount bigint NOT NULL)"),
	};
	BankWorkload *b = (BankWorkload *) w;
	char		err[512];
	char		sql[BANK_INSERT_BATCH * 32 + 64];

	if (w == NULL || s == NULL)
	{
		hx_set_error("workload bank: setup without %s",
					 w == NULL ? "a workload (create failed)" : "a session");
		return HX_ERROR;
	}
	for (size_t i = 0; i < sizeof(ddl) / sizeof(ddl[0]); i++)
		if (!hx_wl_exec(s, ddl[i], err, sizeof(err)))
			goto fail;
	for (int first = 0; first < b->naccounts; first += BANK_INSERT_BATCH)
	{
		size_t		len = (size_t) snprintf(sql, sizeof(sql),
											"INSERT INTO accounts (id, balance) VALUES ");

		for (int i = first; i < b->naccounts && i < first + BANK_INSERT_BATCH; i++)
			len += (size_t) snprintf(sql + len, sizeof(sql) - len, "%s(%d, %" PRId64 ")",
									 i > first ? ", " : "", i + 1, b->initial[i]);
		assert(len < sizeof(sql));
		if (!hx_wl_exec(s, sql, err, sizeof(err)))
			goto fail;
	}
	return HX_OK;
fail:
	hx_set_error("workload bank: setup failed: %s", err);
	return HX_ERROR;
}

/*
 * Client k's next transfer.  The choices are drawn before anything else
 * so that client k's stream yields the same transfers however the
 * history bookkeeping fares.
 */
static void
bank_next_txn(HxWorkload *w, int client, HxTxn *t)
{
	BankWorkload *b = (BankWorkload *) w;
	HxRng	   *rng = &w->client_rng[hx_wl_client_index(w, client)];
	int32_t		src = (int32_t) hx_rng_range(rng, 1, b->naccounts);
	int32_t		dst = (int32_t) hx_rng_range(rng, 1, b->naccounts - 1);
	int64_t		amount = hx_rng_range(rng, BANK_AMOUNT_MIN, BANK_AMOUNT_MAX);
	int32_t		lo;
	int32_t		hi;
	void	   *arr = b->txns;
	HxBankTxnRec *rec;

	if (dst >= src)
		dst++;					/* dst uniform over the others */
	t->id = ++w->last_id;
	t->client = client;
	t->nstmts = 0;
	w->counts.generated++;
	if (!hx_wl_grow(&arr, &b->cap, b->ntxns + 1, sizeof(*b->txns)))
	{
		hx_wl_filler_txn(w, t, "SELECT sum(balance) FROM accounts");
		return;
	}
	b->txns = arr;
	rec = &b->txns[b->ntxns++];
	rec->id = t->id;
	rec->src = src;
	rec->dst = dst;
	rec->amount = amount;
	rec->state = HX_HIST_PENDING;

	lo = src < dst ? src : dst;
	hi = src < dst ? dst : src;
	hx_wl_stmt(t, "BEGIN");
	hx_wl_stmt(t, "UPDATE accounts SET balance = balance %c %" PRId64 " WHERE id = %" PRId32,
			   lo == src ? '-' : '+', amount, lo);
	hx_wl_stmt(t, "UPDATE accounts SET balance = balance %c %" PRId64 " WHERE id = %" PRId32,
			   hi == src ? '-' : '+', amount, hi);
	hx_wl_stmt(t, "SELECT 1 / (CASE WHEN balance >= 0 THEN 1 ELSE 0 END) AS funds_ok "
			   "FROM accounts WHERE id = %" PRId32, src);
	hx_wl_stmt(t, "INSERT INTO transfers (id, src, dst, amount) VALUES (%" PRIu64 ", %" PRId32
			   ", %" PRId32 ", %" PRId64 ")", t->id, src, dst, amount);
	hx_wl_stmt(t, "COMMIT");
}

static void
bank_record(HxWorkload *w, const HxTxn *t, HxOutcome o)
{
	BankWorkload *b = (BankWorkload *) w;
	ptrdiff_t	i = hx_wl_find_id(b->txns, b->ntxns, sizeof(*b->txns), t->id);

	/* the driver records each transaction once (workload.h): ignore a repeat */
	assert(i < 0 || b->txns[i].state == HX_HIST_PENDING);
	if (i >= 0 && b->txns[i].state != HX_HIST_PENDING)
		return;
	if (i >= 0)
		b->txns[i].state = hx_wl_count_outcome(w, o);
	else
		(void) hx_wl_count_outcome(w, o);
}

/*
 * Read a table through a verified sequential scan; false with err.  The
 * planner settings stay forced for the next read (reset by the caller).
 */
static bool
bank_read(HxSession *s, const char *sql, int ncols, int64_t **vals, size_t *n,
		  char *err, size_t errlen)
{
	return hx_wl_plan_heap(s, sql, err, errlen) &&
		hx_wl_read_ints(s, sql, ncols, vals, n, err, errlen);
}

/*
 * The oracle: read both tables by sequential scans, evaluate; then each
 * primary key against its heap (bank/index-agrees-with-heap).
 */
static bool
bank_check(HxWorkload *w, HxSession *s, HxCheckList *out)
{
	int64_t    *acc = NULL;
	int64_t    *tr = NULL;
	int64_t    *acc_ids = NULL;
	int64_t    *tr_ids = NULL;
	size_t		nacc = 0;
	size_t		ntr = 0;
	HxBankAccountRow *arows = NULL;
	HxBankTransferRow *trows = NULL;
	HxDetail	index = {0};
	char		err[512];
	bool		ok = false;

	if (w == NULL || s == NULL)
	{
		hx_check_fail(out, "bank/tables-readable", "no workload state or no session");
		return false;
	}
	if (!bank_read(s, "SELECT id, balance FROM accounts", 2, &acc, &nacc, err, sizeof(err)) ||
		!bank_read(s, "SELECT id, src, dst, amount FROM transfers", 4, &tr, &ntr,
				   err, sizeof(err)) ||
		!hx_wl_plan_reset(s, err, sizeof(err)))
	{
		hx_check_fail(out, "bank/tables-readable", "%s", err);
		goto done;
	}
	arows = malloc((nacc + 1) * sizeof(*arows));
	trows = malloc((ntr + 1) * sizeof(*trows));
	acc_ids = malloc((nacc + 1) * sizeof(*acc_ids));
	tr_ids = malloc((ntr + 1) * sizeof(*tr_ids));
	if (arows == NULL || trows == NULL || acc_ids == NULL || tr_ids == NULL)
	{
		hx_check_fail(out, "harness/out-of-memory", "bank: %zu accounts, %zu transfers rows",
					  nacc, ntr);
		goto done;
	}
	for (size_t i = 0; i < nacc; i++)
	{
		arows[i] = (HxBankAccountRow) {acc[2 * i], acc[2 * i + 1]};
		acc_ids[i] = arows[i].id;
	}
	for (size_t i = 0; i < ntr; i++)
	{
		trows[i] = (HxBankTransferRow) {tr[4 * i], tr[4 * i + 1], tr[4 * i + 2], tr[4 * i + 3]};
		tr_ids[i] = trows[i].id;
	}
	free(acc);
	free(tr);
	acc = tr = NULL;
	{
		HxBankHistory h;
		HxBankTables tab = {arows, nacc, trows, ntr};

		hx_bank_view(w, &h);
		ok = hx_bank_evaluate(&h, &tab, out);
	}
	if (!hx_wl_check_index(s, "accounts_pkey", "accounts", "id", "id", true, acc_ids, nacc,
						   &index, err, sizeof(err)) ||
		!hx_wl_check_index(s, "transfers_pkey", "transfers", "id", "id", false, tr_ids, ntr,
						   &index, err, sizeof(err)))
	{
		hx_check_fail(out, "bank/tables-readable", "%s", err);
		ok = false;
	}
	else if (index.total > 0)
	{
		hx_detail_report(out, "bank/index-agrees-with-heap", &index,
						 "primary-key entries disagree with the heap");
		ok = false;
	}
done:
	free(acc);
	free(tr);
	free(acc_ids);
	free(tr_ids);
	free(arows);
	free(trows);
	return ok;
}

static void
bank_summary(HxWorkload *w, char *buf, size_t len)
{
	hx_wl_summary(w, buf, len);
}

static void
bank_destroy(HxWorkload *w)
{
	BankWorkload *b = (BankWorkload *) w;

	if (b == NULL)
		return;
	free(b->initial);
	free(b->txns);
	free(b);
}

const HxWorkloadOps hx_workload_bank = {
	.name = "bank",
	.create = bank_create,
	.setup = bank_setup,
	.next_txn = bank_next_txn,
	.record = bank_record,
	.check = bank_check,
	.summary = bank_summary,
	.destroy = bank_destroy,
};
