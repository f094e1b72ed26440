/*-------------------------------------------------------------------------
 * runner_internal.h
 *	  What the runner's files share: the state of one run, a client
 *	  transaction on its way, and the functions each file offers the
 *	  others (prefix rn_).  Not for anything outside the runner.
 *
 *	  runner.c			the scenario's steps, fault injection, the checks
 *						after it, the artifacts folder
 *	  runner_txn.c		client transactions (one, a pair interleaved, one
 *						left open across a kill) and the client history
 *	  runner_compound.c	the second fault of a compound scenario
 *
 * Invariant: a Run is owned by one hx_scenario_run call; nothing here
 * keeps state between runs.
 *-------------------------------------------------------------------------
 */
#ifndef HX_RUNNER_INTERNAL_H
#define HX_RUNNER_INTERNAL_H

#include <stdio.h>

#include "runner.h"
#include "pg_faults.h"
#include "lib/hx_rng.h"
#include "lib/hx_session.h"

#define HISTORY_MAX_BYTES	(16 * 1024 * 1024)	/* history.txt is cut beyond this */

/* Which part of the run a client transaction belongs to (history.txt). */
typedef enum Phase
{
	PHASE_WARMUP,				/* before the checkpoint */
	PHASE_FAULT,				/* the fault is armed or injected */
	PHASE_AFTER_RECOVERY,		/* new-writes-work */
} Phase;

typedef struct Run
{
	const HxScenario *s;
	const HxRunOptions *o;
	HxVerdict  *v;
	HxCluster	c;
	HxWorkload *w;
	HxRng		plan;
	HxRng		interleave;		/* which fault-phase steps run as pairs */
	HxRng		rollback;		/* which fault-phase transactions roll back */
	HxRng		held;			/* whose transaction is held across a CHECKPOINT */
	uint64_t	seed;
	int			nclients;
	HxSession  *clients[HX_MAX_CLIENTS];
	uint64_t	txns_run;
	bool		fired_at_attach;	/* the point fired in the attaching backend */
	bool		pm_replaced;	/* a new postmaster runs (we restarted it) */
	bool		second_fired;	/* compound: the second fault fired */
	pid_t		killed_pid;		/* kill/ROLE: the process killed */
	PgFault		pgf;			/* PostgreSQL: a libfiu point (pg_faults.h) */
	/* The client history, written to history.txt when the run is kept. */
	Phase		phase;
	FILE	   *hist;			/* open_memstream over hist_buf */
	char	   *hist_buf;
	size_t		hist_len;
	bool		hist_cut;		/* HISTORY_MAX_BYTES reached */
} Run;

/*
 * One client transaction on its way: its statements go out one at a time
 * (txn_send), so the runner can hold one open, COMMIT not yet sent, while
 * it injects a fault; txn_end sends the rest and records the outcome.
 */
typedef struct TxnRun
{
	HxTxn		t;
	int			k;				/* the client */
	bool		rollback;		/* ends in ROLLBACK instead of its COMMIT */
	int			n_sent;
	HxResultKind last;
	char		sqlstate[6];
	char		message[256];
} TxnRun;

/* runner.c */
void		rn_fail(Run *r, const char *check, const char *detail);
/* Run one statement on a fresh admin connection; its first value in out. */
bool		rn_admin_exec(Run *r, const char *sql, char *out, size_t outlen);
const char *rn_trail_path(Run *r, char *buf, size_t len);
bool		rn_first_fault_stops_postmaster(const HxScenario *s);
void		rn_check_children_followed(Run *r, const HxProcess *before, int n_before);

/* runner_txn.c */
void		rn_hist_event(Run *r, const char *what, const char *detail);
void		rn_txn_start(Run *r, int k, TxnRun *x);
void		rn_txn_send(Run *r, TxnRun *x, int upto);
HxResultKind rn_txn_end(Run *r, TxnRun *x);
HxResultKind rn_run_txn(Run *r, int k);
HxResultKind rn_run_step(Run *r);
void		rn_txn_hold_open(Run *r, TxnRun *x);
void		rn_work_before_kill(Run *r, TxnRun *open);
HxResultKind rn_finish_after_kill(Run *r, TxnRun *open);
bool		rn_connect_clients(Run *r);
void		rn_close_clients(Run *r);

/* runner_compound.c */
bool		rn_arm_second_fault(Run *r);
bool		rn_await_second_fault(Run *r, const HxProcess *before, int n_before,
								  const char *gen_before, size_t log_at);

#endif							/* HX_RUNNER_INTERNAL_H */
