/*-------------------------------------------------------------------------
 * runner_txn.c
 *	  Client transactions of a scenario and the client history
 *	  (history.txt): one transaction, two interleaved so one may wait for
 *	  the other's row locks, and one left open across a kill.
 *
 * Invariants:
 *	- Every transaction a client starts is recorded exactly once, for the
 *	  workload's oracle and in the history: acked, failed (server error,
 *	  rolled back), lost (connection lost before its COMMIT was sent) or
 *	  in doubt (lost or timed out after it was sent).
 *	- The plan stream picks the client of every step, as it always has;
 *	  pairs and the work before a kill draw from their own streams
 *	  ("interleave", "before-kill"), so a seed's plan is unchanged by them.
 *-------------------------------------------------------------------------
 */
#include "runner_internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lib/hx_util.h"

static const char *const phase_names[] = {"warm-up", "fault", "after-recovery"};

/* May the history take another entry?  (Says once that it is cut.) */
static bool
hist_room(Run *r)
{
	if (r->hist == NULL || r->hist_cut)
		return false;
	fflush(r->hist);
	if (r->hist_len < HISTORY_MAX_BYTES)
		return true;
	fprintf(r->hist, "# history cut here: more than %d bytes\n", HISTORY_MAX_BYTES);
	r->hist_cut = true;
	return false;
}

/* A text as one line: newlines and control characters as spaces. */
static void
hist_put_text(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char) *s < 0x20 ? ' ' : *s, f);
}

/* An event between transactions ("-- checkpoint", "-- fault armed: ..."). */
void
rn_hist_event(Run *r, const char *what, const char *detail)
{
	if (!hist_room(r))
		return;
	fprintf(r->hist, "-- %s", what);
	if (detail != NULL && detail[0] != '\0')
	{
		fputs(": ", r->hist);
		hist_put_text(r->hist, detail);
	}
	fputc('\n', r->hist);
}

/*
 * One transaction's entry: "txn ID client K PHASE OUTCOME [SQLSTATE]
 * ["message"]", then the statements that were sent, two spaces in.
 */
static void
hist_txn(Run *r, const HxTxn *t, int n_sent, const char *outcome, const char *sqlstate,
		 const char *message)
{
	if (!hist_room(r))
		return;
	fprintf(r->hist, "txn %" PRIu64 " client %d %s %s", t->id, t->client, phase_names[r->phase],
			outcome);
	if (sqlstate != NULL && sqlstate[0] != '\0')
		fprintf(r->hist, " %s", sqlstate);
	if (message != NULL && message[0] != '\0')
	{
		fputs(" \"", r->hist);
		hist_put_text(r->hist, message);
		fputc('"', r->hist);
	}
	fputc('\n', r->hist);
	for (int i = 0; i < n_sent && i < t->nstmts; i++)
	{
		fputs("  ", r->hist);
		hist_put_text(r->hist, t->stmts[i]);
		fputc('\n', r->hist);
	}
}


void
rn_txn_start(Run *r, int k, TxnRun *x)
{
	memset(x, 0, sizeof(*x));
	x->k = k;
	x->last = HX_RES_OK;
	r->s->workload->next_txn(r->w, k, &x->t);
	r->txns_run++;
}

/* Take one statement's result into x (and free it). */
static void
txn_result(TxnRun *x, HxResult *res)
{
	x->last = res->kind;
	if (res->kind != HX_RES_OK)
	{
		snprintf(x->sqlstate, sizeof(x->sqlstate), "%s", res->sqlstate);
		snprintf(x->message, sizeof(x->message), "%s", res->message);
	}
	hx_result_free(res);
}

/* Send statements up to (not including) index `upto`; stop at a failure. */
void
rn_txn_send(Run *r, TxnRun *x, int upto)
{
	while (x->n_sent < upto && x->last == HX_RES_OK)
	{
		HxResult	res = hx_session_exec(r->clients[x->k], x->t.stmts[x->n_sent],
										  r->o->step_timeout_ms);

		x->n_sent++;
		txn_result(x, &res);
	}
}

/*
 * Send the statements up to (not including) index `upto` as one
 * multi-statement query, without waiting for it (the server runs them in
 * order and stops at the first error); true if it went out.
 */
static bool
txn_send_async(Run *r, TxnRun *x, int upto)
{
	char	   *batch;
	size_t		len = 1;
	bool		sent;

	if (x->last != HX_RES_OK || x->n_sent >= upto)
		return false;
	for (int i = x->n_sent; i < upto; i++)
		len += strlen(x->t.stmts[i]) + 2;
	batch = hx_xmalloc(len);
	batch[0] = '\0';
	for (int i = x->n_sent; i < upto; i++)
	{
		strcat(batch, x->t.stmts[i]);
		strcat(batch, ";");
	}
	x->n_sent = upto;
	sent = hx_session_send(r->clients[x->k], batch);
	free(batch);
	if (!sent)
	{
		x->last = HX_RES_CONN_LOST;
		snprintf(x->message, sizeof(x->message), "the statements could not be sent");
	}
	return sent;
}

/* The result of what txn_send_async sent. */
static void
txn_collect(Run *r, TxnRun *x)
{
	HxResult	res = hx_session_wait(r->clients[x->k], r->o->step_timeout_ms);

	txn_result(x, &res);
}

/* Send the rest; record the outcome for the oracle and the history. */
HxResultKind
rn_txn_end(Run *r, TxnRun *x)
{
	const HxTxn *t = &x->t;
	bool		commit_sent;

	rn_txn_send(r, x, t->nstmts);
	/* the last statement is the COMMIT (or the ROLLBACK that replaced it) */
	commit_sent = x->n_sent == t->nstmts && !x->rollback;
	if (x->last == HX_RES_OK && x->rollback)
	{
		r->s->workload->record(r->w, t, HX_TXN_FAILED);
		hist_txn(r, t, x->n_sent, "rolled-back", NULL, NULL);
	}
	else if (x->last == HX_RES_OK)
	{
		r->s->workload->record(r->w, t, HX_TXN_ACKED);
		hist_txn(r, t, x->n_sent, "acked", NULL, NULL);
	}
	else if (x->last == HX_RES_SQL_ERROR)
	{
		HxResult	rb = hx_session_exec(r->clients[x->k], "ROLLBACK", r->o->step_timeout_ms);

		hx_result_free(&rb);
		r->s->workload->record(r->w, t, HX_TXN_FAILED);
		hist_txn(r, t, x->n_sent, "failed", x->sqlstate, x->message);
	}
	else
	{
		r->s->workload->record(r->w, t, commit_sent ? HX_TXN_IN_DOUBT : HX_TXN_FAILED);
		if (x->last == HX_RES_TIMEOUT)
			hist_txn(r, t, x->n_sent, commit_sent ? "timeout-in-doubt" : "timeout", x->sqlstate,
					 x->message);
		else
			hist_txn(r, t, x->n_sent, commit_sent ? "in-doubt" : "lost", x->sqlstate, x->message);
	}
	return x->last;
}

/* Run client k's next transaction synchronously; record its outcome. */
HxResultKind
rn_run_txn(Run *r, int k)
{
	TxnRun		x;

	rn_txn_start(r, k, &x);
	return rn_txn_end(r, &x);
}

/* The worse of two outcomes, for a caller watching for the fault. */
static HxResultKind
worse(HxResultKind a, HxResultKind b)
{
	if (a == HX_RES_CONN_LOST || b == HX_RES_CONN_LOST)
		return HX_RES_CONN_LOST;
	if (a == HX_RES_TIMEOUT || b == HX_RES_TIMEOUT)
		return HX_RES_TIMEOUT;
	return a != HX_RES_OK ? a : b;
}

/*
 * Two clients' transactions interleaved, so that the second may have to
 * wait for the first one's row locks (lock/wait/... and the lock
 * manager's sleep are only reached that way): A sends everything but its
 * COMMIT; B sends BEGIN, then the rest but its COMMIT as one query
 * without waiting; A commits, releasing its locks; B's query completes
 * (at once, or after waiting at the first row A changed) and B commits.
 * A never waits for B (B can lock nothing A still wants: A has sent all
 * its changes), so no deadlock.
 */
static HxResultKind
run_txn_pair(Run *r, int a, int b)
{
	TxnRun		ta,
				tb;
	bool		in_flight;
	HxResultKind ka;

	rn_txn_start(r, a, &ta);
	rn_txn_send(r, &ta, ta.t.nstmts - 1);
	rn_txn_start(r, b, &tb);
	rn_txn_send(r, &tb, 1);
	in_flight = txn_send_async(r, &tb, tb.t.nstmts - 1);
	ka = rn_txn_end(r, &ta);
	if (in_flight)
		txn_collect(r, &tb);
	return worse(ka, rn_txn_end(r, &tb));
}

/*
 * The next step of the fault phase: one client's transaction (the plan
 * stream picks it, as always), or, one time in four when there are two
 * clients or more, a pair (run_txn_pair) with a second client from the
 * seed's "interleave" stream, so the plan's draws stay as they were.  One
 * single transaction in eight (the "rollback" stream) ends in ROLLBACK
 * instead of COMMIT: the client knows it is gone (recorded failed), and
 * the abort path (xact/abort/...) runs.
 */
HxResultKind
rn_run_step(Run *r)
{
	int			k = (int) hx_rng_below(&r->plan, (uint64_t) r->nclients);

	if (r->nclients >= 2 && hx_rng_below(&r->interleave, 4) == 0)
	{
		int			b = (k + 1 + (int) hx_rng_below(&r->interleave, (uint64_t) r->nclients - 1)) %
			r->nclients;

		return run_txn_pair(r, k, b);
	}
	if (hx_rng_below(&r->rollback, 8) == 0)
	{
		TxnRun		x;

		rn_txn_start(r, k, &x);
		if (x.t.nstmts >= 2 && strcmp(x.t.stmts[x.t.nstmts - 1], "COMMIT") == 0)
		{
			snprintf(x.t.stmts[x.t.nstmts - 1], sizeof(x.t.stmts[0]), "ROLLBACK");
			x.rollback = true;
		}
		return rn_txn_end(r, &x);
	}
	return rn_run_txn(r, k);
}

/*
 * A transaction held open across the runner's periodic CHECKPOINT: a
 * client (from the seed's "held" stream, so the plan's draws stay as they
 * were) sends everything but its last statement, which becomes ROLLBACK;
 * the caller checkpoints, then ends it with rn_txn_end.  The checkpoint
 * then finds pages whose changes are logged but not yet flushed, as a
 * production checkpoint does beside long transactions, and the WAL rule
 * must flush that WAL before it writes them (the planted bug
 * page-write-before-wal does not; pages-not-ahead-of-wal sees it after
 * the crash).  ROLLBACK, not COMMIT: an abort flushes no WAL, so what the
 * checkpoint wrote stays ahead of the flushed WAL whether or not the
 * ROLLBACK reaches the server before a crash does, and the client knows
 * the transaction is gone (recorded rolled-back, or lost).
 */
void
rn_txn_hold_open(Run *r, TxnRun *x)
{
	rn_txn_start(r, (int) hx_rng_below(&r->held, (uint64_t) r->nclients), x);
	if (x->t.nstmts >= 2 && strcmp(x->t.stmts[x->t.nstmts - 1], "COMMIT") == 0)
	{
		snprintf(x->t.stmts[x->t.nstmts - 1], sizeof(x->t.stmts[0]), "ROLLBACK");
		x->rollback = true;
	}
	rn_txn_send(r, x, x->t.nstmts - 1);
	rn_hist_event(r, "transaction held open", "across the CHECKPOINT; it ends in ROLLBACK");
}

bool
rn_connect_clients(Run *r)
{
	for (int k = 0; k < r->nclients; k++)
	{
		char		app[32];

		if (r->clients[k] != NULL)
			hx_session_close(r->clients[k]);
		snprintf(app, sizeof(app), "hx-client-%d", k);
		r->clients[k] = hx_session_connect(&r->c, app, r->o->step_timeout_ms);
		if (r->clients[k] == NULL)
			return false;
	}
	return true;
}

void
rn_close_clients(Run *r)
{
	for (int k = 0; k < r->nclients; k++)
		if (r->clients[k] != NULL)
		{
			hx_session_close(r->clients[k]);
			r->clients[k] = NULL;
		}
}

/*
 * Before a kill, an immediate stop or a postmaster kill: transactions
 * after the checkpoint, so replay has work to redo, then one more left
 * open with everything but its COMMIT sent, so the fault lands in the
 * middle of a transaction.  Drawn from the seed's "before-kill" stream, so
 * the plan's draws stay as they were.
 */
void
rn_work_before_kill(Run *r, TxnRun *open)
{
	HxRng		rng;
	int			n;

	hx_rng_init(&rng, r->seed, "before-kill");
	n = (int) hx_rng_range(&rng, 1, 20);
	for (int i = 0; i < n; i++)
		rn_run_txn(r, (int) hx_rng_below(&rng, (uint64_t) r->nclients));
	rn_txn_start(r, (int) hx_rng_below(&rng, (uint64_t) r->nclients), open);
	rn_txn_send(r, open, open->t.nstmts - 1);
	rn_hist_event(r, "transaction left open", "its COMMIT goes out after the fault");
}

/*
 * After the kill: the open transaction's COMMIT goes out once its
 * backend is gone (the postmaster's reset ends every backend; a kill of
 * the postmaster or an immediate stop already has), so the COMMIT always
 * meets a dead connection and the outcome, in doubt, does not depend on
 * whether the server took it before it noticed the death.  (Bounded: a
 * death that resets nothing leaves the backend up, and the COMMIT then
 * simply runs.)
 */
HxResultKind
rn_finish_after_kill(Run *r, TxnRun *open)
{
	pid_t		pid = hx_session_backend_pid(r->clients[open->k]);

	/* The logger's death resets nothing (PostgreSQL 15's rule): no wait. */
	if (r->s->kind == HX_FAULT_KILL_ROLE && r->s->role == HX_ROLE_LOGGER)
		pid = 0;
	if (pid != 0)
		(void) hx_cluster_wait_gone(&pid, 1, r->o->step_timeout_ms < 10000 ?
									r->o->step_timeout_ms : 10000);
	return rn_txn_end(r, open);
}
