/*-------------------------------------------------------------------------
 * test_workload_oracles.c
 *	  Unit tests of the workloads: their oracles, their transactions, their
 *	  bookkeeping, and (when MINIPG_BIN is set) a live run of each.
 *
 * How:
 *	- Oracles: each evaluator (hx_bank_evaluate, hx_ledger_evaluate,
 *	  hx_mix_evaluate) gets a hand-made history and tables built from it
 *	  by applying the committed transactions.  The correct tables must
 *	  pass with no failure; each kind of damage (a lost acknowledged row,
 *	  a rolled-back row present, a half-applied in-doubt transaction, a
 *	  changed total, a negative balance, an unknown row, an index that
 *	  disagrees with its heap, a broken tpcb invariant) must fail under
 *	  exactly the named checks listed, so a check that fired for the wrong
 *	  reason, or not at all, fails the test.
 *	- Transactions: next_txn's statements are run through a tiny model of
 *	  the server that understands exactly the statement forms the
 *	  workloads emit (UPDATE ... SET x = x +/- n WHERE k = id, INSERT
 *	  ... VALUES), with random outcomes (in-doubt ones applied or not);
 *	  the oracle must then pass, proving that the SQL and the recorded
 *	  history say the same thing.  Determinism and stream independence
 *	  are checked by generating twice.
 *	- Live: with MINIPG_BIN (set by ctest), each workload is set up on a
 *	  fresh minipg cluster, runs transactions from two sessions, and its
 *	  check() must pass, twice, and again after an immediate stop and a
 *	  restart (crash recovery); then the data are damaged behind its back
 *	  and check() must fail under the right name.  HX_PG_BIN additionally runs the same
 *	  against PostgreSQL (e.g. /usr/lib/postgresql/15/bin).
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/hx_cluster.h"
#include "lib/hx_rng.h"
#include "lib/hx_session.h"
#include "workloads/workload.h"
#include "workloads/workload_internal.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/*-------------------------------------------------------------------------
 * Assertions over check lists
 *-------------------------------------------------------------------------
 */

static void
print_list(const HxCheckList *l)
{
	for (int i = 0; i < l->n; i++)
		print_message("  %s: %s\n", l->items[i].check, l->items[i].detail);
	if (l->n_dropped > 0)
		print_message("  (%d more dropped)\n", l->n_dropped);
}

static const HxCheckFailure *
find_check(const HxCheckList *l, const char *name)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->items[i].check, name) == 0)
			return &l->items[i];
	return NULL;
}

/*
 * The list holds exactly the checks `names` (each once), nothing else;
 * and if `detail_part` is given, the first named check's detail has it.
 */
static void
assert_exactly(const HxCheckList *l, const char *const *names, size_t n, const char *detail_part)
{
	bool		ok = l->n_dropped == 0 && (size_t) l->n == n;

	for (size_t i = 0; ok && i < n; i++)
		ok = find_check(l, names[i]) != NULL;
	if (ok && detail_part != NULL)
		ok = strstr(find_check(l, names[0])->detail, detail_part) != NULL;
	if (!ok)
	{
		print_message("expected exactly:");
		for (size_t i = 0; i < n; i++)
			print_message(" %s", names[i]);
		if (detail_part)
			print_message(" (detail containing \"%s\")", detail_part);
		print_message("\ngot %d:\n", l->n);
		print_list(l);
	}
	assert_true(ok);
}

#define EXPECT(list, detail, ...) \
	do { \
		static const char *const names_[] = {__VA_ARGS__}; \
		assert_exactly((list), names_, ARRAY_LEN(names_), (detail)); \
	} while (0)

static void
assert_passes(const HxCheckList *l, bool ret)
{
	if (l->n != 0 || !ret)
		print_list(l);
	assert_int_equal(l->n, 0);
	assert_int_equal(l->n_dropped, 0);
	assert_true(ret);
}

/*-------------------------------------------------------------------------
 * Shared helpers
 *-------------------------------------------------------------------------
 */

static void
test_check_fail_bounded(void **state)
{
	HxCheckList l;

	(void) state;
	memset(&l, 0, sizeof(l));
	for (int i = 0; i < 20; i++)
		hx_check_fail(&l, "x/y", "failure %d of %s", i, "twenty");
	assert_int_equal(l.n, 16);
	assert_int_equal(l.n_dropped, 4);
	assert_string_equal(l.items[0].check, "x/y");
	assert_string_equal(l.items[0].detail, "failure 0 of twenty");
	assert_string_equal(l.items[15].detail, "failure 15 of twenty");
}

static void
test_workload_find(void **state)
{
	(void) state;
	assert_ptr_equal(hx_workload_find("bank"), &hx_workload_bank);
	assert_ptr_equal(hx_workload_find("ledger"), &hx_workload_ledger);
	assert_ptr_equal(hx_workload_find("mix"), &hx_workload_mix);
	assert_null(hx_workload_find("banks"));
	assert_null(hx_workload_find(""));
	assert_null(hx_workload_find(NULL));
}

static void
test_detail_bounded(void **state)
{
	HxDetail	d;
	HxCheckList l;

	(void) state;
	memset(&d, 0, sizeof(d));
	memset(&l, 0, sizeof(l));
	hx_detail_report(&l, "a/b", &d, "things");
	assert_int_equal(l.n, 0);	/* nothing added: nothing reported */
	for (int i = 1; i <= HX_DETAIL_SHOWN + 3; i++)
		hx_detail_add(&d, "item %d", i);
	hx_detail_report(&l, "a/b", &d, "things");
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].check, "a/b");
	assert_non_null(strstr(l.items[0].detail, "things (11): item 1; item 2;"));
	assert_non_null(strstr(l.items[0].detail, "item 8 (and 3 more)"));
	assert_null(strstr(l.items[0].detail, "item 9"));
}

/* Index against heap: multisets of keys, point lookups, labelled items. */
static void
test_compare_index(void **state)
{
	const int64_t heap[] = {3, 1, 2, 2};
	const int64_t same[] = {2, 1, 2, 3};
	const int64_t other[] = {1, 2, 3, 4};
	const int64_t probe_ids[] = {2, 3};
	const int64_t probe_ok[] = {2, 1};
	const int64_t probe_bad[] = {2, 0};
	HxDetail	d;
	HxCheckList l;

	(void) state;
	memset(&d, 0, sizeof(d));
	assert_true(hx_wl_compare_index("t", heap, 4, same, 4, probe_ids, probe_ok, 2, &d));
	assert_int_equal(d.total, 0);
	assert_true(hx_wl_compare_index("t", heap, 4, other, 4, probe_ids, probe_bad, 2, &d));
	assert_int_equal(d.total, 3);
	memset(&l, 0, sizeof(l));
	hx_detail_report(&l, "w/index-agrees-with-heap", &d, "disagreements");
	assert_string_equal(l.items[0].detail,
						"disagreements (3): t id 2: 2 in the heap, 1 through the index; "
						"t id 4: 0 in the heap, 1 through the index; "
						"t point lookup of id 3 finds 0, the heap has 1");
	/* empty both ways */
	memset(&d, 0, sizeof(d));
	assert_true(hx_wl_compare_index(NULL, NULL, 0, NULL, 0, NULL, NULL, 0, &d));
	assert_int_equal(d.total, 0);
	assert_true(hx_wl_compare_index(NULL, NULL, 0, same, 1, NULL, NULL, 0, &d));
	assert_string_equal(d.buf, "id 2: 0 in the heap, 1 through the index");
}

/* d = actual - expected; blame on an in-doubt txn moving 5 from 0 to 1. */
static void
test_explain_by_in_doubt(void **state)
{
	HxDoubtTxn	t = {.id = 7, .neffects = 2, .effects = {{0, -5}, {1, 5}}};
	int64_t		d[3];

	(void) state;
	/* marker present, both updates lost: d = {+5, -5} */
	t.marker_present = true;
	memcpy(d, (int64_t[]) {5, -5, 0}, sizeof(d));
	assert_true(hx_wl_explain_by_in_doubt(d, 3, &t, 1));
	assert_int_equal(t.inconsistent, 3);
	/* marker present, only the credit lost */
	memcpy(d, (int64_t[]) {0, -5, 0}, sizeof(d));
	assert_true(hx_wl_explain_by_in_doubt(d, 3, &t, 1));
	assert_int_equal(t.inconsistent, 2);
	/* marker absent, both updates survived: d = {-5, +5} */
	t.marker_present = false;
	memcpy(d, (int64_t[]) {-5, 5, 0}, sizeof(d));
	assert_true(hx_wl_explain_by_in_doubt(d, 3, &t, 1));
	assert_int_equal(t.inconsistent, 3);
	/* the wrong direction for an absent marker: not this txn's doing */
	memcpy(d, (int64_t[]) {5, -5, 0}, sizeof(d));
	assert_false(hx_wl_explain_by_in_doubt(d, 3, &t, 1));
	/* more than it could explain, and a counter it never touches */
	memcpy(d, (int64_t[]) {-6, 5, 0}, sizeof(d));
	assert_false(hx_wl_explain_by_in_doubt(d, 3, &t, 1));
	/* less than one effect: that effect is not blamed, the other is */
	memcpy(d, (int64_t[]) {-3, 5, 0}, sizeof(d));
	assert_false(hx_wl_explain_by_in_doubt(d, 3, &t, 1));
	assert_int_equal(t.inconsistent, 2);
	assert_int_equal(d[0], -3);
	assert_int_equal(d[1], 0);
	memcpy(d, (int64_t[]) {-5, 5, 1}, sizeof(d));
	assert_false(hx_wl_explain_by_in_doubt(d, 3, &t, 1));
	/* nothing to explain */
	memcpy(d, (int64_t[]) {0, 0, 0}, sizeof(d));
	assert_true(hx_wl_explain_by_in_doubt(d, 3, &t, 1));
	assert_int_equal(t.inconsistent, 0);
}

/*-------------------------------------------------------------------------
 * bank
 *
 * Four accounts.  Transfers: 1 acked (applied), 2 failed, 3 in doubt and
 * applied, 4 in doubt and not applied, 5 acked, 6 never recorded (not
 * applied).
 *-------------------------------------------------------------------------
 */

typedef struct BankFix
{
	int64_t		initial[4];
	HxBankTxnRec txns[6];
	HxBankAccountRow acc[8];
	size_t		nacc;
	HxBankTransferRow tr[16];
	size_t		ntr;
} BankFix;

static void
bank_apply_balances(BankFix *f, int k)
{
	const HxBankTxnRec *x = &f->txns[k];

	f->acc[x->src - 1].balance -= x->amount;
	f->acc[x->dst - 1].balance += x->amount;
}

static void
bank_apply_row(BankFix *f, int k)
{
	const HxBankTxnRec *x = &f->txns[k];

	f->tr[f->ntr++] = (HxBankTransferRow) {(int64_t) x->id, x->src, x->dst, x->amount};
}

/* k is the index: transfer id k + 1 */
static void
bank_apply(BankFix *f, int k)
{
	bank_apply_balances(f, k);
	bank_apply_row(f, k);
}

static void
bank_fixture(BankFix *f, bool apply_acked_5)
{
	static const HxBankTxnRec txns[6] = {
		{1, 1, 2, 100, HX_HIST_ACKED},
		{2, 3, 4, 50, HX_HIST_FAILED},
		{3, 2, 3, 70, HX_HIST_IN_DOUBT},
		{4, 4, 1, 30, HX_HIST_IN_DOUBT},
		{5, 1, 3, 10, HX_HIST_ACKED},
		{6, 2, 4, 5, HX_HIST_PENDING},
	};

	memset(f, 0, sizeof(*f));
	for (int i = 0; i < 4; i++)
	{
		f->initial[i] = 1000 * (i + 1);
		f->acc[i] = (HxBankAccountRow) {i + 1, f->initial[i]};
	}
	f->nacc = 4;
	memcpy(f->txns, txns, sizeof(txns));
	bank_apply(f, 0);
	bank_apply(f, 2);
	if (apply_acked_5)
		bank_apply(f, 4);
}

static bool
bank_eval(const BankFix *f, HxCheckList *l)
{
	HxBankHistory h = {4, f->initial, f->txns, 6};
	HxBankTables t = {f->acc, f->nacc, f->tr, f->ntr};

	memset(l, 0, sizeof(*l));
	return hx_bank_evaluate(&h, &t, l);
}

static void
test_bank_correct_passes(void **state)
{
	BankFix		f;
	HxCheckList l;

	(void) state;
	bank_fixture(&f, true);
	assert_passes(&l, bank_eval(&f, &l));
	/* the other in-doubt transfer applied as a whole is fine too */
	bank_apply(&f, 3);
	assert_passes(&l, bank_eval(&f, &l));
}

static void
test_bank_lost_acked(void **state)
{
	BankFix		f;
	HxCheckList l;

	(void) state;
	bank_fixture(&f, false);	/* transfer 5 lost as a whole */
	assert_false(bank_eval(&f, &l));
	EXPECT(&l, "transfer 5 (1 -> 3, 10) is missing", "bank/acked-present");
}

static void
test_bank_failed_present(void **state)
{
	BankFix		f;
	HxCheckList l;

	(void) state;
	bank_fixture(&f, true);
	bank_apply(&f, 1);
	assert_false(bank_eval(&f, &l));
	EXPECT(&l, "transfer 2 (3 -> 4, 50) was rolled back", "bank/failed-absent");
}

static void
test_bank_in_doubt_half_applied(void **state)
{
	BankFix		f;
	HxCheckList l;

	(void) state;
	/* row present, balances untouched */
	bank_fixture(&f, true);
	bank_apply_row(&f, 3);
	assert_false(bank_eval(&f, &l));
	EXPECT(&l, "transfer 4 has its transfers row present but the balance of account 4 and 1 lacks it",
		   "bank/in-doubt-atomic");
	/* balances moved, no row */
	bank_fixture(&f, true);
	bank_apply_balances(&f, 3);
	assert_false(bank_eval(&f, &l));
	EXPECT(&l, "row absent but the balance of account 4 and 1 includes it", "bank/in-doubt-atomic");
	/* only the debit survived: the total changed too */
	bank_fixture(&f, true);
	f.acc[3].balance -= 30;
	assert_false(bank_eval(&f, &l));
	EXPECT(&l, "balance of account 4 includes it", "bank/in-doubt-atomic", "bank/total-unchanged");
	/* the in-doubt transfer that was applied, with its row lost */
	bank_fixture(&f, true);
	f.tr[1] = f.tr[--f.ntr];	/* rows: 1, 3, 5 -> 1, 5 */
	assert_false(bank_eval(&f, &l));
	EXPECT(&l, "transfer 3 has its transfers row absent", "bank/in-doubt-atomic");
}

static void
test_bank_changed_total(void **state)
{
	BankFix		f;
	HxCheckList l;

	(void) state;
	bank_fixture(&f, true);
	f.acc[1].balance += 7;
	assert_false(bank_eval(&f, &l));
	EXPECT(&l, "sum(balance) is 10007, expected 10000 (+7)", "bank/total-unchanged",
		   "bank/balances-match-transfers");
	assert_non_null(strstr(find_check(&l, "bank/balances-match-transfers")->detail,
						   "account 2 has 2037, initial + transfers = 2030"));
	/* a lost account row */
	bank_fixture(&f, true);
	f.nacc = 3;
	assert_false(bank_eval(&f, &l));
	EXPECT(&l, "over 3 account rows (expected 4)", "bank/total-unchanged",
		   "bank/balances-match-transfers");
	assert_non_null(strstr(find_check(&l, "bank/balances-match-transfers")->detail,
						   "account 4 is missing"));
}

static void
test_bank_negative_balance(void **state)
{
	BankFix		f;
	HxCheckList l;

	(void) state;
	/* consistent in every other way: account 1 started with 50 */
	bank_fixture(&f, true);
	f.initial[0] = 50;
	f.acc[0].balance -= 950;
	assert_false(bank_eval(&f, &l));
	EXPECT(&l, "account 1 has -60", "bank/no-negative-balance");
}

static void
test_bank_unknown_and_altered_rows(void **state)
{
	BankFix		f;
	HxCheckList l;

	(void) state;
	/* a transfer nobody generated, balances consistent with it */
	bank_fixture(&f, true);
	f.tr[f.ntr++] = (HxBankTransferRow) {99, 1, 2, 5};
	f.acc[0].balance -= 5;
	f.acc[1].balance += 5;
	assert_false(bank_eval(&f, &l));
	EXPECT(&l, "transfer 99 (1 -> 2, 5) was never generated", "bank/no-unknown-rows");
	/* an acknowledged transfer's row altered (balances as committed) */
	bank_fixture(&f, true);
	f.tr[0].amount = 101;
	assert_false(bank_eval(&f, &l));
	EXPECT(&l, "transfer 1 reads (1 -> 2, 101), expected (1 -> 2, 100)", "bank/acked-present",
		   "bank/balances-match-transfers");
	/* a row twice */
	bank_fixture(&f, true);
	bank_apply_row(&f, 0);
	assert_false(bank_eval(&f, &l));
	EXPECT(&l, "transfer 1 appears more than once", "bank/no-unknown-rows",
		   "bank/balances-match-transfers");
}

/*-------------------------------------------------------------------------
 * ledger
 *
 * Transactions: 1 acked (3 rows), 2 failed (2), 3 in doubt present (4),
 * 4 in doubt absent (2), 5 acked (1), 6 never recorded, absent (3).
 *-------------------------------------------------------------------------
 */

typedef struct LedgerFix
{
	HxLedgerTxnRec txns[6];
	HxLedgerRow rows[32];
	size_t		nrows;
	int64_t		index[32];
	size_t		nindex;
	int64_t		probe_ids[4];
	int64_t		probe_counts[4];
	size_t		nprobes;
} LedgerFix;

static HxLedgerRow
ledger_row(int64_t txn, int64_t seq, int64_t base)
{
	return (HxLedgerRow) {txn * HX_LEDGER_ID_STRIDE + seq, txn, seq, base + seq};
}

static void
ledger_apply(LedgerFix *f, int k)
{
	const HxLedgerTxnRec *x = &f->txns[k];

	for (int s = 0; s < x->nrows; s++)
	{
		f->rows[f->nrows] = ledger_row((int64_t) x->id, s, x->base);
		f->index[f->nindex++] = f->rows[f->nrows++].id;
	}
}

static void
ledger_fixture(LedgerFix *f)
{
	static const HxLedgerTxnRec txns[6] = {
		{1, 3, 1000, HX_HIST_ACKED},
		{2, 2, 2000, HX_HIST_FAILED},
		{3, 4, 3000, HX_HIST_IN_DOUBT},
		{4, 2, 4000, HX_HIST_IN_DOUBT},
		{5, 1, 5000, HX_HIST_ACKED},
		{6, 3, 6000, HX_HIST_PENDING},
	};

	memset(f, 0, sizeof(*f));
	memcpy(f->txns, txns, sizeof(txns));
	ledger_apply(f, 4);			/* out of id order on purpose */
	ledger_apply(f, 0);
	ledger_apply(f, 2);
	f->probe_ids[0] = 1 * HX_LEDGER_ID_STRIDE + 2;
	f->probe_ids[1] = 5 * HX_LEDGER_ID_STRIDE;
	f->probe_counts[0] = f->probe_counts[1] = 1;
	f->nprobes = 2;
}

static bool
ledger_eval(const LedgerFix *f, HxCheckList *l)
{
	HxLedgerHistory h = {f->txns, 6};
	HxLedgerTables t = {f->rows, f->nrows, f->index, f->nindex,
	f->probe_ids, f->probe_counts, f->nprobes};

	memset(l, 0, sizeof(*l));
	return hx_ledger_evaluate(&h, &t, l);
}

/* Remove the row with this id from the heap and/or its id from the index. */
static void
ledger_remove(LedgerFix *f, int64_t id, bool from_heap, bool from_index)
{
	for (size_t i = 0; from_heap && i < f->nrows; i++)
		if (f->rows[i].id == id)
		{
			f->rows[i] = f->rows[--f->nrows];
			break;
		}
	for (size_t i = 0; from_index && i < f->nindex; i++)
		if (f->index[i] == id)
		{
			f->index[i] = f->index[--f->nindex];
			break;
		}
}

static void
test_ledger_correct_passes(void **state)
{
	LedgerFix	f;
	HxCheckList l;
	HxLedgerHistory h = {NULL, 0};
	HxLedgerTables t = {0};

	(void) state;
	ledger_fixture(&f);
	assert_passes(&l, ledger_eval(&f, &l));
	/* nothing at all */
	memset(&l, 0, sizeof(l));
	assert_passes(&l, hx_ledger_evaluate(&h, &t, &l));
}

static void
test_ledger_lost_acked_row(void **state)
{
	LedgerFix	f;
	HxCheckList l;

	(void) state;
	ledger_fixture(&f);
	ledger_remove(&f, 1 * HX_LEDGER_ID_STRIDE + 1, true, true);
	assert_false(ledger_eval(&f, &l));
	EXPECT(&l, "txn 1: 2 of 3 rows (missing seq 1)", "ledger/acked-present");
	/* a whole acknowledged transaction */
	ledger_fixture(&f);
	ledger_remove(&f, 5 * HX_LEDGER_ID_STRIDE, true, true);
	f.nprobes = 1;
	assert_false(ledger_eval(&f, &l));
	EXPECT(&l, "txn 5: 0 of 1 rows (missing seq 0)", "ledger/acked-present");
	/* an acknowledged row altered */
	ledger_fixture(&f);
	f.rows[0].val++;
	assert_false(ledger_eval(&f, &l));
	EXPECT(&l, "txn 5 seq 0: val 5001, expected 5000", "ledger/acked-present");
}

static void
test_ledger_failed_present(void **state)
{
	LedgerFix	f;
	HxCheckList l;

	(void) state;
	ledger_fixture(&f);
	ledger_apply(&f, 1);
	assert_false(ledger_eval(&f, &l));
	EXPECT(&l, "txn 2 was rolled back but 2 of its 2 rows are present (seq 0, 1)",
		   "ledger/failed-absent");
	/* one row is enough */
	ledger_fixture(&f);
	f.rows[f.nrows] = ledger_row(2, 1, 2000);
	f.index[f.nindex++] = f.rows[f.nrows++].id;
	assert_false(ledger_eval(&f, &l));
	EXPECT(&l, "txn 2 was rolled back but 1 of its 2 rows are present (seq 1)",
		   "ledger/failed-absent");
}

static void
test_ledger_in_doubt_half_applied(void **state)
{
	LedgerFix	f;
	HxCheckList l;

	(void) state;
	ledger_fixture(&f);
	ledger_remove(&f, 3 * HX_LEDGER_ID_STRIDE + 2, true, true);
	assert_false(ledger_eval(&f, &l));
	EXPECT(&l, "txn 3: 3 of 4 rows (present seq 0, 1, 3)", "ledger/in-doubt-atomic");
	/* the never-recorded one counts as in doubt */
	ledger_fixture(&f);
	f.rows[f.nrows] = ledger_row(6, 1, 6000);
	f.index[f.nindex++] = f.rows[f.nrows++].id;
	assert_false(ledger_eval(&f, &l));
	EXPECT(&l, "txn 6: 1 of 3 rows (present seq 1)", "ledger/in-doubt-atomic");
}

static void
test_ledger_unknown_rows(void **state)
{
	static const HxLedgerRow bad[] = {
		{77 * HX_LEDGER_ID_STRIDE, 77, 0, 1},	/* no such transaction */
		{5 * HX_LEDGER_ID_STRIDE + 3, 5, 3, 5003},	/* seq beyond its rows */
		{999, 1, 0, 1000},		/* id does not match (txn, seq) */
		{-16, -1, 0, 0},		/* nothing sensible */
	};
	static const char *const what[] = {
		"row 1232 (txn 77, seq 0) belongs to no transaction",
		"row 83: txn 5 wrote seq 0..0, not 3",
		"row 999 claims txn 1 seq 0, whose id is 16",
		"row -16 (txn -1, seq 0) belongs to no transaction",
	};
	LedgerFix	f;
	HxCheckList l;

	(void) state;
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
	{
		ledger_fixture(&f);
		f.rows[f.nrows++] = bad[i];
		f.index[f.nindex++] = bad[i].id;
		assert_false(ledger_eval(&f, &l));
		EXPECT(&l, what[i], "ledger/no-unknown-rows");
	}
	/* a duplicate in the heap (and, consistently, in the index) */
	ledger_fixture(&f);
	f.rows[f.nrows++] = f.rows[1];
	f.index[f.nindex++] = f.rows[1].id;
	assert_false(ledger_eval(&f, &l));
	EXPECT(&l, "id 16 appears more than once in the heap", "ledger/no-unknown-rows");
}

static void
test_ledger_index_disagrees(void **state)
{
	LedgerFix	f;
	HxCheckList l;

	(void) state;
	/* an entry missing from the index */
	ledger_fixture(&f);
	ledger_remove(&f, 3 * HX_LEDGER_ID_STRIDE + 1, false, true);
	assert_false(ledger_eval(&f, &l));
	EXPECT(&l, "id 49: 1 in the heap, 0 through the index", "ledger/index-agrees-with-heap");
	assert_non_null(strstr(l.items[0].detail, "primary key (7 entries) and the heap (8 rows) (1): id 49"));
	/* a dangling index entry: a row the heap does not have */
	ledger_fixture(&f);
	f.index[f.nindex++] = 4 * HX_LEDGER_ID_STRIDE;
	assert_false(ledger_eval(&f, &l));
	EXPECT(&l, "id 64: 0 in the heap, 1 through the index", "ledger/index-agrees-with-heap");
	/* an index entry leading to the wrong row: one id twice, one never */
	ledger_fixture(&f);
	for (size_t i = 0; i < f.nindex; i++)
		if (f.index[i] == 1 * HX_LEDGER_ID_STRIDE + 1)
			f.index[i] = 1 * HX_LEDGER_ID_STRIDE + 2;
	assert_false(ledger_eval(&f, &l));
	EXPECT(&l, "id 17: 1 in the heap, 0 through the index; id 18: 1 in the heap, 2 through the index",
		   "ledger/index-agrees-with-heap");
	/* a point lookup that misses */
	ledger_fixture(&f);
	f.probe_counts[1] = 0;
	assert_false(ledger_eval(&f, &l));
	EXPECT(&l, "point lookup of id 80 finds 0, the heap has 1", "ledger/index-agrees-with-heap");
}

/*-------------------------------------------------------------------------
 * mix
 *
 * 4 accounts, 2 tellers, 1 branch.  1 tpcb acked, 2 tpcb failed, 3
 * select acked, 4 tpcb in doubt applied, 5 tpcb in doubt absent, 6 tpcb
 * acked.
 *-------------------------------------------------------------------------
 */

typedef struct MixFix
{
	HxMixTxnRec txns[6];
	HxMixBalanceRow acc[4];
	HxMixBalanceRow tel[2];
	HxMixBalanceRow br[1];
	size_t		nacc;
	HxMixHistoryRow hist[8];
	size_t		nhist;
} MixFix;

static void
mix_apply_updates(MixFix *f, int k, bool a, bool t, bool b)
{
	const HxMixTxnRec *x = &f->txns[k];

	if (a)
		f->acc[x->aid - 1].balance += x->delta;
	if (t)
		f->tel[x->tid - 1].balance += x->delta;
	if (b)
		f->br[x->bid - 1].balance += x->delta;
}

static void
mix_apply_history(MixFix *f, int k)
{
	const HxMixTxnRec *x = &f->txns[k];

	f->hist[f->nhist++] = (HxMixHistoryRow) {(int64_t) x->id, x->tid, x->bid, x->aid, x->delta};
}

static void
mix_apply(MixFix *f, int k)
{
	mix_apply_updates(f, k, true, true, true);
	mix_apply_history(f, k);
}

static void
mix_fixture(MixFix *f, bool apply_acked_6)
{
	static const HxMixTxnRec txns[6] = {
		{1, HX_MIX_TPCB, 1, 1, 1, 100, HX_HIST_ACKED},
		{2, HX_MIX_TPCB, 2, 2, 1, -40, HX_HIST_FAILED},
		{3, HX_MIX_SELECT, 3, 1, 1, 0, HX_HIST_ACKED},
		{4, HX_MIX_TPCB, 3, 2, 1, 25, HX_HIST_IN_DOUBT},
		{5, HX_MIX_TPCB, 4, 1, 1, -7, HX_HIST_IN_DOUBT},
		{6, HX_MIX_TPCB, 2, 2, 1, 13, HX_HIST_ACKED},
	};

	memset(f, 0, sizeof(*f));
	memcpy(f->txns, txns, sizeof(txns));
	for (int i = 0; i < 4; i++)
		f->acc[i].id = i + 1;
	for (int i = 0; i < 2; i++)
		f->tel[i].id = i + 1;
	f->br[0].id = 1;
	f->nacc = 4;
	mix_apply(f, 0);
	mix_apply(f, 3);
	if (apply_acked_6)
		mix_apply(f, 5);
}

static bool
mix_eval(const MixFix *f, HxCheckList *l)
{
	HxMixHistory h = {4, 2, 1, f->txns, 6};
	HxMixTables t = {f->acc, f->nacc, f->tel, 2, f->br, 1, f->hist, f->nhist};

	memset(l, 0, sizeof(*l));
	return hx_mix_evaluate(&h, &t, l);
}

static void
test_mix_correct_passes(void **state)
{
	MixFix		f;
	HxCheckList l;

	(void) state;
	mix_fixture(&f, true);
	assert_passes(&l, mix_eval(&f, &l));
	mix_apply(&f, 4);			/* the other in-doubt one, applied whole */
	assert_passes(&l, mix_eval(&f, &l));
}

static void
test_mix_tpcb_invariant_broken(void **state)
{
	MixFix		f;
	HxCheckList l;

	(void) state;
	mix_fixture(&f, true);
	f.acc[0].balance += 1;
	assert_false(mix_eval(&f, &l));
	EXPECT(&l, "sum(abalance) 139, sum(tbalance) 138, sum(bbalance) 138, sum(delta) 138",
		   "mix/tpcb-invariant");
	assert_non_null(strstr(l.items[0].detail, "account 1: abalance 101, its history deltas sum to 100"));
	/* a teller's update lost, sums still off */
	mix_fixture(&f, true);
	f.tel[1].balance -= 13;
	assert_false(mix_eval(&f, &l));
	EXPECT(&l, "teller 2: tbalance 25, its history deltas sum to 38", "mix/tpcb-invariant");
	assert_non_null(strstr(l.items[0].detail, "sum(tbalance) 125,"));
	/* the branch's, in the sums alone (a branch row nobody should have) */
	mix_fixture(&f, true);
	{
		HxMixHistory h = {4, 2, 1, f.txns, 6};
		HxMixBalanceRow br2[2] = {f.br[0], {7, 1}};
		HxMixTables t = {f.acc, 4, f.tel, 2, br2, 2, f.hist, f.nhist};

		memset(&l, 0, sizeof(l));
		assert_false(hx_mix_evaluate(&h, &t, &l));
		EXPECT(&l, "branch 7 should not exist; sum(abalance) 138, sum(tbalance) 138, sum(bbalance) 139",
			   "mix/tpcb-invariant");
	}
	/* a lost account row */
	mix_fixture(&f, true);
	f.nacc = 3;
	assert_false(mix_eval(&f, &l));
	EXPECT(&l, "account 4 is missing", "mix/tpcb-invariant");
}

static void
test_mix_history(void **state)
{
	MixFix		f;
	HxCheckList l;

	(void) state;
	/* acknowledged tpcb lost as a whole */
	mix_fixture(&f, false);
	assert_false(mix_eval(&f, &l));
	EXPECT(&l, "acknowledged tpcb 6 (aid 2, tid 2, bid 1, delta 13) has no history row",
		   "mix/history-matches-acked");
	/* its history row lost, its updates kept */
	mix_fixture(&f, true);
	f.nhist--;
	assert_false(mix_eval(&f, &l));
	EXPECT(&l, "tpcb 6", "mix/history-matches-acked", "mix/tpcb-invariant");
	/* a rolled-back tpcb present as a whole */
	mix_fixture(&f, true);
	mix_apply(&f, 1);
	assert_false(mix_eval(&f, &l));
	EXPECT(&l, "tpcb 2 was rolled back but its history row is present",
		   "mix/history-matches-acked");
	/* a history row for the read-only transaction, balances consistent */
	mix_fixture(&f, true);
	f.hist[f.nhist++] = (HxMixHistoryRow) {3, 1, 1, 3, 5};
	f.acc[2].balance += 5;
	f.tel[0].balance += 5;
	f.br[0].balance += 5;
	assert_false(mix_eval(&f, &l));
	EXPECT(&l, "history row 3 (aid 3, tid 1, bid 1, delta 5) belongs to no tpcb transaction",
		   "mix/history-matches-acked");
}

static void
test_mix_in_doubt_half_applied(void **state)
{
	MixFix		f;
	HxCheckList l;

	(void) state;
	/* tpcb 5: history row present, no update */
	mix_fixture(&f, true);
	mix_apply_history(&f, 4);
	assert_false(mix_eval(&f, &l));
	EXPECT(&l, "tpcb 5 has its history row present but its account, teller, branch update is lost",
		   "mix/in-doubt-atomic", "mix/tpcb-invariant");
	/* tpcb 5: only the account update survived */
	mix_fixture(&f, true);
	mix_apply_updates(&f, 4, true, false, false);
	assert_false(mix_eval(&f, &l));
	EXPECT(&l, "tpcb 5 has its history row absent but its account update survived",
		   "mix/in-doubt-atomic", "mix/tpcb-invariant");
	/* tpcb 4 (applied) loses its history row: its updates survived without it */
	mix_fixture(&f, true);
	f.hist[1] = f.hist[--f.nhist];
	assert_false(mix_eval(&f, &l));
	EXPECT(&l, "tpcb 4 has its history row absent but its account, teller, branch update survived",
		   "mix/in-doubt-atomic", "mix/tpcb-invariant");
}

/*-------------------------------------------------------------------------
 * Transactions, through a model of the server
 *-------------------------------------------------------------------------
 */

/* Every balance table (bank: 0; mix: 0 accounts, 1 tellers, 2 branches). */
#define SIM_MAX_IDS		4096
#define SIM_MAX_ROWS	20000

typedef struct Sim
{
	int64_t		bal[3][SIM_MAX_IDS + 1];
	int64_t		rows[SIM_MAX_ROWS][5];	/* inserted rows, up to 5 columns */
	int			ncols;
	size_t		nrows;
} Sim;

static int
sim_table(const char *name)
{
	if (strcmp(name, "accounts") == 0 || strcmp(name, "mix_accounts") == 0)
		return 0;
	if (strcmp(name, "mix_tellers") == 0)
		return 1;
	if (strcmp(name, "mix_branches") == 0)
		return 2;
	fail_msg("unknown table %s", name);
	return -1;
}

/*
 * Apply one transaction's statements to the model; assert that each is
 * one of the forms the workloads promise and that it names txn t.
 */
static void
sim_apply(Sim *sim, const HxTxn *t)
{
	assert_true(t->nstmts >= 3 && t->nstmts <= HX_MAX_TXN_STMTS);
	assert_string_equal(t->stmts[0], "BEGIN");
	assert_string_equal(t->stmts[t->nstmts - 1], "COMMIT");
	for (int i = 1; i < t->nstmts - 1; i++)
	{
		const char *s = t->stmts[i];
		char		table[64],
					col[64],
					col2[64],
					key[64],
					op;
		long long	v,
					id;
		const char *vals;

		assert_true(strlen(s) < sizeof(t->stmts[0]));
		if (sscanf(s, "UPDATE %63s SET %63s = %63s %c %lld WHERE %63s = %lld",
				   table, col, col2, &op, &v, key, &id) == 7)
		{
			assert_string_equal(col, col2);
			assert_true(op == '+' || op == '-');
			assert_true(id >= 1 && id <= SIM_MAX_IDS);
			sim->bal[sim_table(table)][id] += op == '+' ? v : -v;
		}
		else if (strncmp(s, "INSERT INTO ", 12) == 0 && (vals = strstr(s, "VALUES (")) != NULL)
		{
			long long	c[5] = {0};
			int			n = sscanf(vals, "VALUES (%lld, %lld, %lld, %lld, %lld)",
								   &c[0], &c[1], &c[2], &c[3], &c[4]);

			assert_true(n >= 4);
			assert_true(sim->nrows < SIM_MAX_ROWS);
			sim->ncols = n;
			for (int j = 0; j < 5; j++)
				sim->rows[sim->nrows][j] = c[j];
			sim->nrows++;
			/* every marker row carries the transaction id */
			assert_true(c[0] == (long long) t->id ||
						c[1] == (long long) t->id);
		}
		else
			assert_true(strncmp(s, "SELECT ", 7) == 0);
	}
}

/*
 * Run n transactions from `clients` clients of w (client order from a
 * test stream) against the model: acked 70%, failed 15% (nothing applied),
 * in doubt 15% (applied half the time).
 */
static void
sim_run(HxWorkload *w, const HxWorkloadOps *ops, Sim *sim, int n, int clients)
{
	HxRng		r;
	HxTxn	   *t = malloc(sizeof(*t));

	assert_non_null(t);
	hx_rng_init(&r, 42, "test-outcomes");
	for (int i = 0; i < n; i++)
	{
		static const unsigned weights[3] = {70, 15, 15};
		size_t		o;

		memset(t, 0, sizeof(*t));
		ops->next_txn(w, (int) hx_rng_below(&r, (uint64_t) clients), t);
		o = hx_rng_pick_weighted(&r, weights, 3);
		if (o == 0 || (o == 2 && hx_rng_chance(&r, 0.5)))
			sim_apply(sim, t);
		ops->record(w, t, o == 0 ? HX_TXN_ACKED : o == 1 ? HX_TXN_FAILED : HX_TXN_IN_DOUBT);
	}
	free(t);
}

static void
test_bank_sql_matches_history(void **state)
{
	const HxWorkloadParams p = {3, 2};
	HxWorkload *w = hx_workload_bank.create(7, &p);
	Sim		   *sim = calloc(1, sizeof(Sim));
	HxBankHistory h;
	HxBankAccountRow *acc;
	HxBankTransferRow *tr;
	HxCheckList l;
	char		summary[128];

	(void) state;
	assert_non_null(w);
	assert_non_null(sim);
	sim_run(w, &hx_workload_bank, sim, 600, 3);
	hx_bank_view(w, &h);
	assert_int_equal(h.naccounts, 20);
	assert_int_equal(h.ntxns, 600);
	acc = calloc((size_t) h.naccounts, sizeof(*acc));
	tr = calloc(sim->nrows + 1, sizeof(*tr));
	for (int a = 0; a < h.naccounts; a++)
	{
		acc[a] = (HxBankAccountRow) {a + 1, h.initial[a] + sim->bal[0][a + 1]};
		assert_true(h.initial[a] >= 100000);
	}
	for (size_t i = 0; i < sim->nrows; i++)
		tr[i] = (HxBankTransferRow) {sim->rows[i][0], sim->rows[i][1], sim->rows[i][2],
		sim->rows[i][3]};
	{
		HxBankTables tab = {acc, (size_t) h.naccounts, tr, sim->nrows};

		memset(&l, 0, sizeof(l));
		assert_passes(&l, hx_bank_evaluate(&h, &tab, &l));
		/* and the oracle is not blind on these data: drop one transfers row */
		for (size_t i = 0; i < h.ntxns; i++)
			if (h.txns[i].state == HX_HIST_ACKED)
			{
				for (size_t j = 0; j < sim->nrows; j++)
					if (tr[j].id == (int64_t) h.txns[i].id)
						tr[j] = tr[--tab.ntransfers];
				break;
			}
		memset(&l, 0, sizeof(l));
		assert_false(hx_bank_evaluate(&h, &tab, &l));
		assert_non_null(find_check(&l, "bank/acked-present"));
	}
	hx_workload_bank.summary(w, summary, sizeof(summary));
	assert_non_null(strstr(summary, " acked, "));
	assert_non_null(strstr(summary, " failed, "));
	assert_non_null(strstr(summary, " in doubt"));
	free(acc);
	free(tr);
	free(sim);
	hx_workload_bank.destroy(w);
}

static void
test_ledger_sql_matches_history(void **state)
{
	const HxWorkloadParams p = {2, 3};
	HxWorkload *w = hx_workload_ledger.create(11, &p);
	Sim		   *sim = calloc(1, sizeof(Sim));
	HxLedgerHistory h;
	HxLedgerRow *rows;
	int64_t    *ids;
	HxCheckList l;
	int			max_rows = 0;

	(void) state;
	assert_non_null(w);
	assert_non_null(sim);
	sim_run(w, &hx_workload_ledger, sim, 500, 2);
	hx_ledger_view(w, &h);
	assert_int_equal(h.ntxns, 500);
	for (size_t i = 0; i < h.ntxns; i++)
	{
		assert_true(h.txns[i].nrows >= 1 && h.txns[i].nrows <= HX_LEDGER_MAX_ROWS);
		if (h.txns[i].nrows > max_rows)
			max_rows = h.txns[i].nrows;
	}
	assert_int_equal(max_rows, 14);	/* scale 3: 1..14 rows */
	rows = calloc(sim->nrows + 1, sizeof(*rows));
	ids = calloc(sim->nrows + 1, sizeof(*ids));
	for (size_t i = 0; i < sim->nrows; i++)
	{
		rows[i] = (HxLedgerRow) {sim->rows[i][0], sim->rows[i][1], sim->rows[i][2], sim->rows[i][3]};
		ids[i] = rows[i].id;
	}
	{
		HxLedgerTables t = {rows, sim->nrows, ids, sim->nrows, NULL, NULL, 0};

		memset(&l, 0, sizeof(l));
		assert_passes(&l, hx_ledger_evaluate(&h, &t, &l));
		/* an index that lost its last entry */
		t.nindex--;
		memset(&l, 0, sizeof(l));
		assert_false(hx_ledger_evaluate(&h, &t, &l));
		EXPECT(&l, NULL, "ledger/index-agrees-with-heap");
	}
	free(rows);
	free(ids);
	free(sim);
	hx_workload_ledger.destroy(w);
}

static void
test_mix_sql_matches_history(void **state)
{
	const HxWorkloadParams p = {4, 2};
	HxWorkload *w = hx_workload_mix.create(5, &p);
	Sim		   *sim = calloc(1, sizeof(Sim));
	HxMixHistory h;
	HxMixBalanceRow *tabs[3];
	const int  *sizes[3];
	HxMixHistoryRow *hist;
	HxCheckList l;
	size_t		nselect = 0;

	(void) state;
	assert_non_null(w);
	assert_non_null(sim);
	sim_run(w, &hx_workload_mix, sim, 800, 4);
	hx_mix_view(w, &h);
	assert_int_equal(h.naccounts, 2000);
	assert_int_equal(h.ntellers, 20);
	assert_int_equal(h.nbranches, 2);
	sizes[0] = &h.naccounts;
	sizes[1] = &h.ntellers;
	sizes[2] = &h.nbranches;
	for (int k = 0; k < 3; k++)
	{
		tabs[k] = calloc((size_t) *sizes[k], sizeof(HxMixBalanceRow));
		for (int id = 1; id <= *sizes[k]; id++)
			tabs[k][id - 1] = (HxMixBalanceRow) {id, sim->bal[k][id]};
	}
	hist = calloc(sim->nrows + 1, sizeof(*hist));
	for (size_t i = 0; i < sim->nrows; i++)
		hist[i] = (HxMixHistoryRow) {sim->rows[i][0], sim->rows[i][1], sim->rows[i][2],
		sim->rows[i][3], sim->rows[i][4]};
	for (size_t i = 0; i < h.ntxns; i++)
	{
		const HxMixTxnRec *x = &h.txns[i];

		nselect += x->kind == HX_MIX_SELECT;
		if (x->kind != HX_MIX_TPCB)
			continue;
		assert_true(x->delta != 0 && x->delta >= -5000 && x->delta <= 5000);
		assert_int_equal(x->bid, (x->tid - 1) / 10 + 1);	/* the teller's branch */
		assert_true(x->aid >= 1 && x->aid <= 2000);
	}
	assert_true(sim->bal[2][1] != 0 && sim->bal[2][2] != 0);	/* both branches used */
	assert_true(nselect > 80 && nselect < 240);	/* weight 2 of 10 */
	{
		HxMixTables t = {tabs[0], (size_t) h.naccounts, tabs[1], (size_t) h.ntellers,
		tabs[2], (size_t) h.nbranches, hist, sim->nrows};

		memset(&l, 0, sizeof(l));
		assert_passes(&l, hx_mix_evaluate(&h, &t, &l));
		tabs[2][0].balance++;
		memset(&l, 0, sizeof(l));
		assert_false(hx_mix_evaluate(&h, &t, &l));
		EXPECT(&l, "branch 1: bbalance", "mix/tpcb-invariant");
	}
	for (int k = 0; k < 3; k++)
		free(tabs[k]);
	free(hist);
	free(sim);
	hx_workload_mix.destroy(w);
}

/* Generate n transactions of client c (or alternating 0/1 if c < 0) into out. */
static void
gen(const HxWorkloadOps *ops, HxWorkload *w, int n, int c, HxTxn *out)
{
	for (int i = 0; i < n; i++)
	{
		memset(&out[i], 0, sizeof(out[i]));
		ops->next_txn(w, c >= 0 ? c : i % 2, &out[i]);
	}
}

/* Did transactions i of w1 and j of w2 make the same choices (ids aside)? */
static bool
same_choices(const HxWorkloadOps *ops, const HxWorkload *w1, size_t i,
			 const HxWorkload *w2, size_t j)
{
	if (ops == &hx_workload_bank)
	{
		HxBankHistory h1,
					h2;

		hx_bank_view(w1, &h1);
		hx_bank_view(w2, &h2);
		return h1.txns[i].src == h2.txns[j].src && h1.txns[i].dst == h2.txns[j].dst &&
			h1.txns[i].amount == h2.txns[j].amount;
	}
	if (ops == &hx_workload_ledger)
	{
		HxLedgerHistory h1,
					h2;

		hx_ledger_view(w1, &h1);
		hx_ledger_view(w2, &h2);
		return h1.txns[i].nrows == h2.txns[j].nrows && h1.txns[i].base == h2.txns[j].base;
	}
	{
		HxMixHistory h1,
					h2;

		hx_mix_view(w1, &h1);
		hx_mix_view(w2, &h2);
		return h1.txns[i].kind == h2.txns[j].kind && h1.txns[i].aid == h2.txns[j].aid &&
			h1.txns[i].tid == h2.txns[j].tid && h1.txns[i].delta == h2.txns[j].delta;
	}
}

/*
 * Same seed, same transactions; another seed, other ones; and client 0's
 * choices do not depend on whether client 1 ran in between (its stream
 * is its own): compared on the recorded choices, since ids are global.
 */
static void
test_deterministic_streams(void **state)
{
	static const HxWorkloadOps *const ops[] = {&hx_workload_bank, &hx_workload_ledger,
	&hx_workload_mix};
	const HxWorkloadParams p = {2, 1};
	HxTxn	   *a = calloc(40, sizeof(HxTxn));
	HxTxn	   *b = calloc(40, sizeof(HxTxn));

	(void) state;
	assert_non_null(a);
	assert_non_null(b);
	for (size_t k = 0; k < ARRAY_LEN(ops); k++)
	{
		HxWorkload *w1 = ops[k]->create(99, &p);
		HxWorkload *w2 = ops[k]->create(99, &p);
		HxWorkload *w3 = ops[k]->create(100, &p);
		bool		differs = false;

		gen(ops[k], w1, 40, -1, a);
		gen(ops[k], w2, 40, -1, b);
		for (int i = 0; i < 40; i++)
		{
			assert_int_equal(a[i].id, (uint64_t) i + 1);
			assert_int_equal(a[i].client, i % 2);
			assert_int_equal(a[i].nstmts, b[i].nstmts);
			for (int s = 0; s < a[i].nstmts; s++)
				assert_string_equal(a[i].stmts[s], b[i].stmts[s]);
		}
		gen(ops[k], w3, 40, -1, b);
		for (int i = 0; i < 40 && !differs; i++)
			for (int s = 0; s < a[i].nstmts && !differs; s++)
				differs = strcmp(a[i].stmts[s], b[i].stmts[s]) != 0;
		assert_true(differs);
		ops[k]->destroy(w1);
		ops[k]->destroy(w2);
		ops[k]->destroy(w3);

		/* client 0 alone vs. interleaved with client 1 */
		w1 = ops[k]->create(99, &p);
		w2 = ops[k]->create(99, &p);
		gen(ops[k], w1, 20, 0, a);
		gen(ops[k], w2, 40, -1, b);
		for (size_t i = 0; i < 20; i++)	/* client 0's i-th is 2i in the interleaved run */
			assert_true(same_choices(ops[k], w1, i, w2, 2 * i));
		/* and clients 0 and 1 have streams of their own: their choices differ */
		differs = false;
		for (int i = 0; i < 40 && !differs; i += 2)
			differs = !same_choices(ops[k], w2, (size_t) i, w2, (size_t) i + 1);
		assert_true(differs);
		ops[k]->destroy(w1);
		ops[k]->destroy(w2);
	}
	free(a);
	free(b);
}

/* The bank locks the lower account first: its first UPDATE names min(src, dst). */
static void
test_bank_lock_order(void **state)
{
	const HxWorkloadParams p = {1, 1};
	HxWorkload *w = hx_workload_bank.create(3, &p);
	HxBankHistory h;
	HxTxn		t;

	(void) state;
	for (int i = 0; i < 200; i++)
	{
		long long	first,
					second,
					guard;
		const HxBankTxnRec *x;

		memset(&t, 0, sizeof(t));
		hx_workload_bank.next_txn(w, 0, &t);
		hx_bank_view(w, &h);
		x = &h.txns[h.ntxns - 1];
		assert_int_equal(t.nstmts, 6);
		assert_int_equal(sscanf(strstr(t.stmts[1], "WHERE id = "), "WHERE id = %lld", &first), 1);
		assert_int_equal(sscanf(strstr(t.stmts[2], "WHERE id = "), "WHERE id = %lld", &second), 1);
		assert_int_equal(sscanf(strstr(t.stmts[3], "WHERE id = "), "WHERE id = %lld", &guard), 1);
		assert_true(x->src != x->dst);
		assert_int_equal(first, x->src < x->dst ? x->src : x->dst);
		assert_int_equal(second, x->src < x->dst ? x->dst : x->src);
		assert_int_equal(guard, x->src);	/* the guard watches the debited account */
		assert_true(x->amount >= 1 && x->amount <= 1000);
	}
	hx_workload_bank.destroy(w);
}

/* Outcomes are counted; a transaction never recorded is "unrecorded". */
static void
test_summary(void **state)
{
	const HxWorkloadParams p = {2, 1};
	HxWorkload *w = hx_workload_ledger.create(1, &p);
	HxTxn		t[5];
	char		buf[128];

	(void) state;
	gen(&hx_workload_ledger, w, 5, -1, t);
	hx_workload_ledger.record(w, &t[0], HX_TXN_ACKED);
	hx_workload_ledger.record(w, &t[2], HX_TXN_ACKED);
	hx_workload_ledger.record(w, &t[1], HX_TXN_FAILED);
	hx_workload_ledger.record(w, &t[3], HX_TXN_IN_DOUBT);
	hx_workload_ledger.summary(w, buf, sizeof(buf));
	assert_string_equal(buf, "2 acked, 1 failed, 1 in doubt, 1 unrecorded");
	hx_workload_ledger.record(w, &t[4], HX_TXN_ACKED);
	hx_workload_ledger.summary(w, buf, sizeof(buf));
	assert_string_equal(buf, "3 acked, 1 failed, 1 in doubt");
	hx_workload_ledger.summary(w, buf, 8);	/* truncated, terminated */
	assert_string_equal(buf, "3 acked");
	hx_workload_ledger.destroy(w);
}

/*
 * Past HX_WL_MAX_TRACKED_TXNS the history stops growing and transactions
 * become read-only fillers, so the oracle still holds exactly.
 */
static void
test_history_bound(void **state)
{
	const HxWorkloadParams p = {1, 1};
	HxWorkload *w = hx_workload_ledger.create(2, &p);
	HxLedgerHistory h;
	HxTxn		t;
	char		buf[160];

	(void) state;
	for (int i = 0; i < HX_WL_MAX_TRACKED_TXNS + 3; i++)
	{
		memset(&t, 0, sizeof(t));
		hx_workload_ledger.next_txn(w, 0, &t);
		hx_workload_ledger.record(w, &t, HX_TXN_FAILED);
	}
	assert_int_equal(t.id, (uint64_t) HX_WL_MAX_TRACKED_TXNS + 3);
	assert_int_equal(t.nstmts, 3);
	assert_string_equal(t.stmts[1], "SELECT count(*) FROM ledger");
	hx_ledger_view(w, &h);
	assert_int_equal(h.ntxns, HX_WL_MAX_TRACKED_TXNS);
	assert_int_equal(h.txns[h.ntxns - 1].id, (uint64_t) HX_WL_MAX_TRACKED_TXNS);
	hx_workload_ledger.summary(w, buf, sizeof(buf));
	assert_string_equal(buf, "0 acked, 131075 failed, 0 in doubt (history full: 3 read-only fillers)");
	hx_workload_ledger.destroy(w);
}

/*-------------------------------------------------------------------------
 * Live: each workload on a real server
 *-------------------------------------------------------------------------
 */

/* Like the driver's run_txn: statement by statement, ROLLBACK on error. */
static HxOutcome
live_run_txn(HxSession *s, const HxTxn *t)
{
	for (int i = 0; i < t->nstmts; i++)
	{
		HxResult	r = hx_session_exec(s, t->stmts[i], 30000);
		HxResultKind k = r.kind;

		if (k != HX_RES_OK)
			print_message("txn %" PRIu64 " stmt \"%s\": %s (%s)\n", t->id, t->stmts[i],
						  r.message, r.sqlstate);
		hx_result_free(&r);
		if (k == HX_RES_SQL_ERROR)
		{
			r = hx_session_exec(s, "ROLLBACK", 30000);
			hx_result_free(&r);
			return HX_TXN_FAILED;
		}
		if (k != HX_RES_OK)
			return i == t->nstmts - 1 ? HX_TXN_IN_DOUBT : HX_TXN_FAILED;
	}
	return HX_TXN_ACKED;
}

typedef struct LiveCase
{
	const HxWorkloadOps *ops;
	const char *damage;			/* SQL that breaks the oracle */
	const char *expect;			/* the check that must then fail */
} LiveCase;

static void
live_one(HxTarget target, const char *bindir, const LiveCase *lc)
{
	HxClusterOptions opt;
	HxCluster	c;
	HxSession  *s[2];
	HxSession  *chk;
	HxWorkload *w;
	const HxWorkloadParams p = {2, 1};
	HxCheckList l;
	HxTxn		t;
	char		summary[128];
	int			acked = 0;

	memset(&opt, 0, sizeof(opt));
	opt.target = target;
	snprintf(opt.bindir, sizeof(opt.bindir), "%s", bindir);
	memset(&c, 0, sizeof(c));
	if (hx_cluster_create(&c, &opt, NULL, "hx-wltest") != HX_OK ||
		hx_cluster_start(&c, NULL) != HX_OK)
	{
		print_message("cluster: %s\n", hx_last_error());
		hx_cluster_destroy(&c, false);
		fail();
	}
	w = lc->ops->create(1234, &p);
	assert_non_null(w);
	s[0] = hx_session_connect(&c, "hx-wl-0", 30000);
	s[1] = hx_session_connect(&c, "hx-wl-1", 30000);
	assert_non_null(s[0]);
	assert_non_null(s[1]);
	if (lc->ops->setup(w, s[0]) != HX_OK)
	{
		print_message("setup: %s\n", hx_last_error());
		fail();
	}
	for (int i = 0; i < 60; i++)
	{
		HxOutcome	o;

		memset(&t, 0, sizeof(t));
		lc->ops->next_txn(w, i % 2, &t);
		o = live_run_txn(s[i % 2], &t);
		acked += o == HX_TXN_ACKED;
		lc->ops->record(w, &t, o);
	}
	assert_int_equal(acked, 60);
	lc->ops->summary(w, summary, sizeof(summary));
	assert_string_equal(summary, "60 acked, 0 failed, 0 in doubt");

	chk = hx_session_connect(&c, "hx-check", 30000);
	assert_non_null(chk);
	memset(&l, 0, sizeof(l));
	assert_passes(&l, lc->ops->check(w, chk, &l));
	/* twice on one session: check leaves the session as it found it */
	memset(&l, 0, sizeof(l));
	assert_passes(&l, lc->ops->check(w, chk, &l));
	/* and on the cluster recovered from an immediate stop */
	hx_session_close(chk);
	hx_session_close(s[0]);
	hx_session_close(s[1]);
	assert_int_equal(hx_cluster_stop(&c, HX_STOP_IMMEDIATE), HX_OK);
	assert_int_equal(hx_cluster_start(&c, NULL), HX_OK);
	chk = hx_session_connect(&c, "hx-check", 30000);
	assert_non_null(chk);
	memset(&l, 0, sizeof(l));
	assert_passes(&l, lc->ops->check(w, chk, &l));
	{
		HxResult	r = hx_session_exec(chk, lc->damage, 30000);

		assert_int_equal(r.kind, HX_RES_OK);
		hx_result_free(&r);
	}
	memset(&l, 0, sizeof(l));
	assert_false(lc->ops->check(w, chk, &l));
	print_message("%s on %s after \"%s\":\n", lc->ops->name, hx_target_name(target), lc->damage);
	print_list(&l);
	assert_non_null(find_check(&l, lc->expect));

	hx_session_close(chk);
	lc->ops->destroy(w);
	hx_cluster_destroy(&c, false);
}

static const LiveCase live_cases[] = {
	{&hx_workload_bank, "DELETE FROM transfers WHERE id = 10", "bank/acked-present"},
	{&hx_workload_ledger, "DELETE FROM ledger WHERE txn_id = 7", "ledger/acked-present"},
	{&hx_workload_mix, "UPDATE mix_branches SET bbalance = bbalance + 1 WHERE bid = 1",
	"mix/tpcb-invariant"},
};

static void
test_live_minipg(void **state)
{
	const char *bin = getenv("MINIPG_BIN");

	(void) state;
	if (bin == NULL || *bin == '\0')
		skip();
	for (size_t i = 0; i < ARRAY_LEN(live_cases); i++)
		live_one(HX_TARGET_MINIPG, bin, &live_cases[i]);
}

static void
test_live_postgres(void **state)
{
	const char *bin = getenv("HX_PG_BIN");

	(void) state;
	if (bin == NULL || *bin == '\0')
		skip();
	for (size_t i = 0; i < ARRAY_LEN(live_cases); i++)
		live_one(HX_TARGET_POSTGRES, bin, &live_cases[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_fail_bounded),
		cmocka_unit_test(test_workload_find),
		cmocka_unit_test(test_detail_bounded),
		cmocka_unit_test(test_compare_index),
		cmocka_unit_test(test_explain_by_in_doubt),
		cmocka_unit_test(test_bank_correct_passes),
		cmocka_unit_test(test_bank_lost_acked),
		cmocka_unit_test(test_bank_failed_present),
		cmocka_unit_test(test_bank_in_doubt_half_applied),
		cmocka_unit_test(test_bank_changed_total),
		cmocka_unit_test(test_bank_negative_balance),
		cmocka_unit_test(test_bank_unknown_and_altered_rows),
		cmocka_unit_test(test_ledger_correct_passes),
		cmocka_unit_test(test_ledger_lost_acked_row),
		cmocka_unit_test(test_ledger_failed_present),
		cmocka_unit_test(test_ledger_in_doubt_half_applied),
		cmocka_unit_test(test_ledger_unknown_rows),
		cmocka_unit_test(test_ledger_index_disagrees),
		cmocka_unit_test(test_mix_correct_passes),
		cmocka_unit_test(test_mix_tpcb_invariant_broken),
		cmocka_unit_test(test_mix_history),
		cmocka_unit_test(test_mix_in_doubt_half_applied),
		cmocka_unit_test(test_bank_sql_matches_history),
		cmocka_unit_test(test_ledger_sql_matches_history),
		cmocka_unit_test(test_mix_sql_matches_history),
		cmocka_unit_test(test_deterministic_streams),
		cmocka_unit_test(test_bank_lock_order),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_history_bound),
		cmocka_unit_test(test_live_minipg),
		cmocka_unit_test(test_live_postgres),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
