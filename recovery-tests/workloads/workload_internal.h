/*-------------------------------------------------------------------------
 * workload_internal.h
 *	  What the workloads share, and the pure oracles the unit tests call.
 *
 * Role: not for the driver (it uses workload.h only).  Each workload's
 * check() is two steps: read the tables into the plain arrays declared
 * here, then call its evaluator (hx_bank_evaluate, hx_ledger_evaluate,
 * hx_mix_evaluate), a pure function of (history, table contents) that
 * appends named failures.  test_workload_oracles.c feeds the evaluators
 * made-up histories and tables, and reads a live workload's history
 * through the *_view functions.
 *
 * Invariants:
 *	- Transaction ids are handed out by next_txn, 1, 2, 3 ... in call
 *	  order; a history array holds them in id order (the evaluators
 *	  binary-search it).
 *	- A transaction never recorded (HX_HIST_PENDING) is judged as in
 *	  doubt: the oracle never claims more than the client could know.
 *	- At most HX_WL_MAX_TRACKED_TXNS transactions are remembered; beyond
 *	  that (or if memory runs out) next_txn hands out read-only
 *	  transactions, which cannot change what the oracle expects.
 *
 * Entry points: the evaluators and views below; helpers hx_wl_* and
 * hx_detail_* used by wl_bank.c, wl_ledger.c and wl_mix.c.
 *
 * See also: workload.h (the interface and the check names).
 *-------------------------------------------------------------------------
 */
#ifndef HX_WORKLOAD_INTERNAL_H
#define HX_WORKLOAD_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "workloads/workload.h"

/* Transactions remembered per workload run (the design bound is ~100k). */
#define HX_WL_MAX_TRACKED_TXNS	131072
/* Timeout of each statement setup() and check() run. */
#define HX_WL_STMT_TIMEOUT_MS	60000

/* What became of a transaction, as far as its client knows. */
typedef enum HxHistState
{
	HX_HIST_PENDING = 0,		/* generated, outcome not recorded yet */
	HX_HIST_ACKED,
	HX_HIST_FAILED,
	HX_HIST_IN_DOUBT,
} HxHistState;

/* Outcome counts for summary(); every record() counts, tracked or not. */
typedef struct HxWlCounts
{
	uint64_t	generated;
	uint64_t	acked;
	uint64_t	failed;
	uint64_t	in_doubt;
	uint64_t	untracked;		/* read-only fillers past the history bound */
} HxWlCounts;

/*
 * The part of every workload's state that the shared code knows.  Each
 * workload embeds it as the first member of its own struct (BankWorkload,
 * LedgerWorkload, MixWorkload) and casts back.
 */
struct HxWorkload
{
	const HxWorkloadOps *ops;
	uint64_t	seed;
	HxWorkloadParams params;	/* clamped: clients 1..HX_MAX_CLIENTS, scale >= 1 */
	HxRng		client_rng[HX_MAX_CLIENTS]; /* stream "client-K" of seed */
	uint64_t	last_id;		/* last transaction id handed out */
	HxWlCounts	counts;
};

/*-------------------------------------------------------------------------
 * Shared helpers (workload.c)
 *-------------------------------------------------------------------------
 */

/* Fill the common part: clamp params, seed the client streams. */
void		hx_wl_init_base(HxWorkload *w, const HxWorkloadOps *ops, uint64_t seed,
							const HxWorkloadParams *p);
/* Clamp a client number from the driver to a valid stream index. */
int			hx_wl_client_index(const HxWorkload *w, int client);
/*
 * Make room for `need` elements of `elem_size` in *arr (capacity *cap,
 * doubled as needed, never past HX_WL_MAX_TRACKED_TXNS); false if the
 * bound is reached or realloc fails (then *arr is unchanged).
 */
bool		hx_wl_grow(void **arr, size_t *cap, size_t need, size_t elem_size);
/*
 * Index of the record whose first member (a uint64_t id) equals `id` in
 * an array sorted by id, or -1.
 */
ptrdiff_t	hx_wl_find_id(const void *base, size_t n, size_t elem_size, uint64_t id);
/* Count a recorded outcome and map it to a history state. */
HxHistState hx_wl_count_outcome(HxWorkload *w, HxOutcome o);
/* "N acked, M failed, K in doubt" plus untracked/unrecorded notes. */
void		hx_wl_summary(const HxWorkload *w, char *buf, size_t len);
/* Append one statement to t (printf-style); asserts it fits. */
void		hx_wl_stmt(HxTxn *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A read-only transaction for when the history is full. */
void		hx_wl_filler_txn(HxWorkload *w, HxTxn *t, const char *select_sql);
/* "+ 5" or "- 5", for SET x = x <op> literal. */
const char *hx_wl_signed_op(int64_t v, char *buf, size_t len);

/* Run one statement; false with "SQL: message (SQLSTATE)" in err. */
bool		hx_wl_exec(HxSession *s, const char *sql, char *err, size_t errlen);
/*
 * Run a query whose `ncols` columns are all integers; *out gets a
 * malloc'd row-major array of nrows * ncols values (NULL when no rows).
 * False with a description in err on an SQL error, a NULL, a non-integer
 * or an unexpected column count.
 */
bool		hx_wl_read_ints(HxSession *s, const char *sql, int ncols,
							int64_t **out, size_t *nrows, char *err, size_t errlen);
/* EXPLAIN sql, the plan's lines joined with " | " into plan. */
bool		hx_wl_explain(HxSession *s, const char *sql, char *plan, size_t plan_len,
						  char *err, size_t errlen);

/*
 * A bounded list of offenders for one check's detail: the first few
 * items are spelled out, the rest counted.
 */
#define HX_DETAIL_SHOWN	8
typedef struct HxDetail
{
	char		buf[360];
	size_t		len;
	unsigned	listed;			/* items spelled out in buf */
	unsigned	total;			/* items added */
	bool		full;			/* buf or HX_DETAIL_SHOWN reached */
} HxDetail;

void		hx_detail_add(HxDetail *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* If d has items: one failure "<what> (<total>): item; item; ... (and N more)". */
void		hx_detail_report(HxCheckList *l, const char *check, const HxDetail *d,
							 const char *what);

/*
 * Indexes against heaps.  A table's key column is read twice: by a
 * sequential scan (the heap) and through a B-tree index on some column
 * (a range scan over every value, plus point lookups of a few keys when
 * the index is on the key itself).  The planner is forced each way with
 * the enable_* switches the server has (enable_bitmapscan and
 * enable_indexonlyscan exist only on PostgreSQL) and each plan verified
 * with EXPLAIN, so "agrees" never means "read the heap twice".
 */
#define HX_WL_PROBES	32

typedef struct HxIndexSide
{
	int64_t    *ids;			/* malloc'd: key of every row found through the index */
	size_t		nids;
	int64_t		probe_ids[HX_WL_PROBES];	/* point lookups: key = probe_ids[i] ... */
	int64_t		probe_counts[HX_WL_PROBES];	/* ... found probe_counts[i] rows */
	size_t		nprobes;
} HxIndexSide;

/*
 * Force sequential scans and prove that sql gets one; false with err if
 * not.  The setting stays for the reads that follow.
 */
bool		hx_wl_plan_heap(HxSession *s, const char *sql, char *err, size_t errlen);
/* Put the planner settings back as they were; false with err on failure. */
bool		hx_wl_plan_reset(HxSession *s, char *err, size_t errlen);
/*
 * Read `key` of `table` through the B-tree `index` on `column` (int4: the
 * column is int, else bigint; EXPLAIN must name the index), with point
 * lookups of up to HX_WL_PROBES of heap_ids (evenly spaced) when column
 * is key.  Resets the planner settings.  out->ids is malloc'd (free it)
 * even on failure.
 */
bool		hx_wl_read_index_side(HxSession *s, const char *index, const char *table,
								  const char *key, const char *column, bool int4,
								  const int64_t *heap_ids, size_t nheap, HxIndexSide *out,
								  char *err, size_t errlen);
/*
 * Pure: add to d every key whose count differs between the heap and the
 * index range scan, and every point lookup that found other than the
 * heap's count, each item prefixed with label (if not NULL).  Neither
 * array needs to be sorted.  False if out of memory.
 */
bool		hx_wl_compare_index(const char *label, const int64_t *heap_ids, size_t nheap,
								const int64_t *index_ids, size_t nindex, const int64_t *probe_ids,
								const int64_t *probe_counts, size_t nprobes, HxDetail *d);
/*
 * Both steps for one index: read its side, compare with heap_ids (read by
 * hx_wl_plan_heap'd scans), disagreements into d labelled with the
 * index's name.  False with err if the index could not be read.
 */
bool		hx_wl_check_index(HxSession *s, const char *index, const char *table, const char *key,
							  const char *column, bool int4, const int64_t *heap_ids, size_t nheap,
							  HxDetail *d, char *err, size_t errlen);

/*
 * Attributing balance discrepancies to in-doubt transactions.
 *
 * A counter is a balance the oracle can recompute from marker rows (a
 * transfers or history row per transaction).  d[k] = actual - expected,
 * where expected applies every transaction whose marker row is present.
 * An in-doubt transaction applied as a whole leaves d at zero; one whose
 * marker is present but whose update of counter k was lost leaves -amount
 * there, one whose marker is absent but whose update survived leaves
 * +amount.  hx_wl_explain_by_in_doubt peels such patterns off d, greedily
 * in array order, setting bit i of `inconsistent` for each effect i it
 * blames; it returns true if nothing is left.  Pure; d is modified.
 */
#define HX_DOUBT_MAX_EFFECTS	3
typedef struct HxDoubtEffect
{
	size_t		counter;
	int64_t		amount;			/* what applying the transaction adds */
} HxDoubtEffect;

typedef struct HxDoubtTxn
{
	uint64_t	id;
	bool		marker_present;
	int			neffects;
	HxDoubtEffect effects[HX_DOUBT_MAX_EFFECTS];
	unsigned	inconsistent;	/* out: bit i = effects[i] disagrees with the marker */
} HxDoubtTxn;

bool		hx_wl_explain_by_in_doubt(int64_t *d, size_t ncounters, HxDoubtTxn *txns, size_t n);

/*-------------------------------------------------------------------------
 * bank (wl_bank.c)
 *
 *	accounts(id int PRIMARY KEY, balance bigint NOT NULL)	ids 1..naccounts
 *	transfers(id bigint PRIMARY KEY, src int, dst int, amount bigint)
 *-------------------------------------------------------------------------
 */
typedef struct HxBankTxnRec
{
	uint64_t	id;				/* first member: see hx_wl_find_id */
	int32_t		src;
	int32_t		dst;
	int64_t		amount;			/* > 0, moved from src to dst */
	HxHistState state;
} HxBankTxnRec;

typedef struct HxBankHistory
{
	int			naccounts;
	const int64_t *initial;		/* initial[i] = balance of account i + 1 */
	const HxBankTxnRec *txns;	/* sorted by id */
	size_t		ntxns;
} HxBankHistory;

typedef struct HxBankAccountRow
{
	int64_t		id;
	int64_t		balance;
} HxBankAccountRow;

typedef struct HxBankTransferRow
{
	int64_t		id;
	int64_t		src;
	int64_t		dst;
	int64_t		amount;
} HxBankTransferRow;

typedef struct HxBankTables
{
	const HxBankAccountRow *accounts;
	size_t		naccounts;
	const HxBankTransferRow *transfers;
	size_t		ntransfers;
} HxBankTables;

bool		hx_bank_evaluate(const HxBankHistory *h, const HxBankTables *t, HxCheckList *out);
void		hx_bank_view(const HxWorkload *w, HxBankHistory *out);

/*-------------------------------------------------------------------------
 * ledger (wl_ledger.c)
 *
 *	ledger(id bigint PRIMARY KEY, txn_id bigint, seq int, val bigint)
 *	row seq of transaction T: id = T * HX_LEDGER_ID_STRIDE + seq,
 *	val = T's base + seq.
 *-------------------------------------------------------------------------
 */
#define HX_LEDGER_ID_STRIDE	16
#define HX_LEDGER_MAX_ROWS	(HX_MAX_TXN_STMTS - 2)	/* BEGIN and COMMIT */

typedef struct HxLedgerTxnRec
{
	uint64_t	id;				/* first member: see hx_wl_find_id */
	int			nrows;			/* 1..HX_LEDGER_MAX_ROWS */
	int64_t		base;
	HxHistState state;
} HxLedgerTxnRec;

typedef struct HxLedgerHistory
{
	const HxLedgerTxnRec *txns; /* sorted by id */
	size_t		ntxns;
} HxLedgerHistory;

typedef struct HxLedgerRow
{
	int64_t		id;
	int64_t		txn_id;
	int64_t		seq;
	int64_t		val;
} HxLedgerRow;

typedef struct HxLedgerTables
{
	const HxLedgerRow *rows;	/* every row, read by a sequential scan */
	size_t		nrows;
	const int64_t *index_ids;	/* every id, read by a range scan of the primary key */
	size_t		nindex;
	const int64_t *probe_ids;	/* point lookups through the primary key: */
	const int64_t *probe_counts;	/* ... count(*) WHERE id = probe_ids[i] */
	size_t		nprobes;
} HxLedgerTables;

bool		hx_ledger_evaluate(const HxLedgerHistory *h, const HxLedgerTables *t,
							   HxCheckList *out);
void		hx_ledger_view(const HxWorkload *w, HxLedgerHistory *out);

/*-------------------------------------------------------------------------
 * mix (wl_mix.c): pgbench's tpcb-like transaction over
 *
 *	mix_branches(bid int PRIMARY KEY, bbalance bigint)
 *	mix_tellers(tid int PRIMARY KEY, bid int, tbalance bigint)
 *	mix_accounts(aid int PRIMARY KEY, bid int, abalance bigint, filler text)
 *	mix_history(id bigint PRIMARY KEY, tid int, bid int, aid int, delta bigint)
 *
 * every balance starting at 0, plus read-only transactions.
 *-------------------------------------------------------------------------
 */
typedef enum HxMixKind
{
	HX_MIX_TPCB,				/* update account, teller, branch; log history */
	HX_MIX_SELECT,				/* read one account's balance */
} HxMixKind;

typedef struct HxMixTxnRec
{
	uint64_t	id;				/* first member: see hx_wl_find_id */
	HxMixKind	kind;
	int32_t		aid;
	int32_t		tid;
	int32_t		bid;
	int64_t		delta;			/* tpcb only; never 0 */
	HxHistState state;
} HxMixTxnRec;

typedef struct HxMixHistory
{
	int			naccounts;		/* ids 1..n in each table */
	int			ntellers;
	int			nbranches;
	const HxMixTxnRec *txns;	/* sorted by id */
	size_t		ntxns;
} HxMixHistory;

typedef struct HxMixBalanceRow
{
	int64_t		id;
	int64_t		balance;
} HxMixBalanceRow;

typedef struct HxMixHistoryRow
{
	int64_t		id;
	int64_t		tid;
	int64_t		bid;
	int64_t		aid;
	int64_t		delta;
} HxMixHistoryRow;

typedef struct HxMixTables
{
	const HxMixBalanceRow *accounts;
	size_t		naccounts;
	const HxMixBalanceRow *tellers;
	size_t		ntellers;
	const HxMixBalanceRow *branches;
	size_t		nbranches;
	const HxMixHistoryRow *history;
	size_t		nhistory;
} HxMixTables;

bool		hx_mix_evaluate(const HxMixHistory *h, const HxMixTables *t, HxCheckList *out);
void		hx_mix_view(const HxWorkload *w, HxMixHistory *out);

#endif							/* HX_WORKLOAD_INTERNAL_H */
