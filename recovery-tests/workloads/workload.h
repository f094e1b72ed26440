/*-------------------------------------------------------------------------
 * workload.h
 *	  Workloads with oracles: what clients do to a cluster, and what must
 *	  be true of it after any crash.
 *
 * Role: a workload generates transactions (as SQL statement lists) from
 * seeded streams, one stream per client, and keeps the history the
 * harness reports back: which transactions were acknowledged, which the
 * server rolled back, and which are in doubt (the connection died while
 * the COMMIT was in flight).  After recovery its oracle reads the
 * database and says, by named check, whether exactly the committed state
 * survived.
 *
 * The driver (runner.c) owns sessions, interleaving and timing; a workload
 * never touches a connection except in setup() and check().  So oracles
 * are pure functions of (history, database contents) and have unit tests
 * that feed them made-up histories and tables.
 *
 * Workloads:
 *	bank	accounts(id, balance) and transfers(id, src, dst, amount): each
 *			transaction moves an amount between two accounts and logs the
 *			transfer.  Oracle: the total never changes; no balance is
 *			negative; every balance equals its initial value plus the
 *			logged transfers; every acknowledged transfer is logged, no
 *			rolled-back one is, an in-doubt one is all-or-nothing.
 *	ledger	append-only rows with unique ids (several rows per transaction).
 *			Oracle: every acknowledged row is present, every in-doubt
 *			transaction's rows are present or absent as a whole, nothing
 *			else exists; the primary-key index agrees with the heap.
 *	mix		pgbench-like tpcb over indexed tables (accounts, tellers,
 *			branches, history).  Oracle: the tpcb balance invariant
 *			(branch, teller and account deltas equal history's sum), history
 *			rows match acknowledged transactions (in-doubt all-or-nothing).
 *
 * Entry points: hx_workload_find, and the HxWorkloadOps of each workload.
 *-------------------------------------------------------------------------
 */
#ifndef HX_WORKLOAD_H
#define HX_WORKLOAD_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/hx_rng.h"
#include "lib/hx_session.h"

#define HX_MAX_TXN_STMTS	16
#define HX_MAX_CLIENTS		16

typedef enum HxOutcome
{
	HX_TXN_ACKED,				/* COMMIT returned success to the client */
	HX_TXN_FAILED,				/* the server reported an error: rolled back */
	HX_TXN_IN_DOUBT,			/* connection lost / timeout with COMMIT in flight */
} HxOutcome;

/* One transaction: BEGIN, its statements, COMMIT (all in stmts). */
typedef struct HxTxn
{
	uint64_t	id;				/* unique within the workload run */
	int			client;
	int			nstmts;
	char		stmts[HX_MAX_TXN_STMTS][256];
} HxTxn;

typedef struct HxWorkloadParams
{
	int			clients;		/* 1..HX_MAX_CLIENTS */
	int			scale;			/* size knob (accounts, rows per txn...) */
} HxWorkloadParams;

/* One failed check: its name ("bank/total-unchanged") and what was seen. */
typedef struct HxCheckFailure
{
	char		check[64];
	char		detail[512];
} HxCheckFailure;

typedef struct HxCheckList
{
	int			n;
	HxCheckFailure items[16];
	int			n_dropped;		/* failures beyond items[] */
} HxCheckList;

void		hx_check_fail(HxCheckList *l, const char *check, const char *fmt, ...)
			__attribute__((format(printf, 3, 4)));

typedef struct HxWorkload HxWorkload;	/* a workload's private state */

typedef struct HxWorkloadOps
{
	const char *name;
	/* Choices (initial balances, sizes) from streams of `seed`. */
	HxWorkload *(*create) (uint64_t seed, const HxWorkloadParams *p);
	/* Create tables and initial rows (one session, before any fault). */
	HxStatus	(*setup) (HxWorkload *w, HxSession *s);
	/* Client k's next transaction, from k's own stream. */
	void		(*next_txn) (HxWorkload *w, int client, HxTxn *t);
	/* What became of it (the driver calls this exactly once per txn). */
	void		(*record) (HxWorkload *w, const HxTxn *t, HxOutcome o);
	/* The oracle, after recovery; appends failures; true if all hold. */
	bool		(*check) (HxWorkload *w, HxSession *s, HxCheckList *out);
	/* One line for the report: "412 acked, 3 failed, 1 in doubt". */
	void		(*summary) (HxWorkload *w, char *buf, size_t len);
	void		(*destroy) (HxWorkload *w);
} HxWorkloadOps;

extern const HxWorkloadOps hx_workload_bank;
extern const HxWorkloadOps hx_workload_ledger;
extern const HxWorkloadOps hx_workload_mix;

const HxWorkloadOps *hx_workload_find(const char *name);

#endif							/* HX_WORKLOAD_H */
