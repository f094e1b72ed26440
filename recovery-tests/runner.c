/*-------------------------------------------------------------------------
 * runner.c
 *	  Run one scenario to its verdict (see runner.h for the steps).
 *
 * Invariants:
 *	- Every choice comes from HxRng streams of the seed ("plan" here, the
 *	  workload's own streams there); nothing reads the clock to decide.
 *	- Every wait is bounded; a timeout is the failure "no-hang/<step>".
 *	- Every transaction a client starts is recorded exactly once: acked,
 *	  failed (server error, rolled back) or in doubt (connection lost or
 *	  timed out with its COMMIT in flight).
 *-------------------------------------------------------------------------
 */
#include "runner.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "checks.h"
#include "lib/hx_rng.h"
#include "lib/hx_session.h"

#define WARMUP_TXNS_MIN		5
#define WARMUP_TXNS_MAX		40
#define FAULT_TXNS_MAX		400		/* transactions to wait for the fault */
#define NEW_WRITES_TXNS		5

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/*-------------------------------------------------------------------------
 * Scenario names
 *-------------------------------------------------------------------------
 */

static const char *const point_actions[] = {"crash", "error", "panic", "powerloss", NULL};

bool
hx_scenario_parse(const char *name, HxScenario *s, char *err, size_t errlen)
{
	char		buf[160];
	char	   *slash;
	const char *rest;

	memset(s, 0, sizeof(*s));
	if (strlen(name) >= sizeof(s->name))
	{
		snprintf(err, errlen, "scenario name too long");
		return false;
	}
	strcpy(s->name, name);
	strcpy(buf, name);
	slash = strchr(buf, '/');
	if (slash == NULL)
	{
		snprintf(err, errlen, "scenario \"%s\" is not WORKLOAD/FAULT[/POINT]", name);
		return false;
	}
	*slash = '\0';
	s->workload = hx_workload_find(buf);
	if (s->workload == NULL)
	{
		snprintf(err, errlen, "unknown workload \"%s\" (bank, ledger, mix)", buf);
		return false;
	}
	rest = slash + 1;
	if (strcmp(rest, "immediate") == 0)
	{
		s->kind = HX_FAULT_IMMEDIATE;
		return true;
	}
	if (strcmp(rest, "kill/postmaster") == 0)
	{
		s->kind = HX_FAULT_KILL_POSTMASTER;
		return true;
	}
	if (strncmp(rest, "kill/", 5) == 0)
	{
		s->kind = HX_FAULT_KILL_ROLE;
		for (int r = 0; r < HX_NUM_ROLES; r++)
			if (strcmp(hx_role_name((HxRole) r), rest + 5) == 0)
			{
				s->role = (HxRole) r;
				return true;
			}
		snprintf(err, errlen, "unknown process role \"%s\"", rest + 5);
		return false;
	}
	for (int i = 0; point_actions[i] != NULL; i++)
	{
		size_t		n = strlen(point_actions[i]);

		if (strncmp(rest, point_actions[i], n) == 0 && rest[n] == '/')
		{
			s->kind = HX_FAULT_POINT;
			strcpy(s->action, point_actions[i]);
			snprintf(s->point, sizeof(s->point), "%s", rest + n + 1);
			if (strcmp(s->action, "error") == 0)
				strcpy(s->options, "errno=EIO");
			return true;
		}
	}
	if (strncmp(rest, "corrupt-", 8) == 0 && strchr(rest + 8, '/') != NULL)
	{
		const char *p = strchr(rest + 8, '/');

		s->kind = HX_FAULT_POINT;
		strcpy(s->action, "corrupt");
		snprintf(s->options, sizeof(s->options), "target=%.*s", (int) (p - rest - 8), rest + 8);
		snprintf(s->point, sizeof(s->point), "%s", p + 1);
		return true;
	}
	snprintf(err, errlen, "unknown fault \"%s\"", rest);
	return false;
}

/*-------------------------------------------------------------------------
 * Running
 *-------------------------------------------------------------------------
 */

typedef struct Run
{
	const HxScenario *s;
	const HxRunOptions *o;
	HxVerdict  *v;
	HxCluster	c;
	HxWorkload *w;
	HxRng		plan;
	uint64_t	seed;
	int			nclients;
	HxSession  *clients[HX_MAX_CLIENTS];
	uint64_t	txns_run;
	bool		fired_at_attach;	/* the point fired in the attaching backend */
} Run;

static void
fail(Run *r, const char *check, const char *detail)
{
	hx_check_fail(&r->v->failures, check, "%s", detail);
}

/* Run client k's next transaction synchronously; record its outcome. */
static HxResultKind
run_txn(Run *r, int k)
{
	HxTxn		t;
	HxResultKind last = HX_RES_OK;
	bool		commit_sent = false;

	memset(&t, 0, sizeof(t));
	r->s->workload->next_txn(r->w, k, &t);
	r->txns_run++;
	for (int i = 0; i < t.nstmts; i++)
	{
		HxResult	res;

		commit_sent = (i == t.nstmts - 1);
		res = hx_session_exec(r->clients[k], t.stmts[i], r->o->step_timeout_ms);
		last = res.kind;
		hx_result_free(&res);
		if (last != HX_RES_OK)
			break;
	}
	if (last == HX_RES_OK)
		r->s->workload->record(r->w, &t, HX_TXN_ACKED);
	else if (last == HX_RES_SQL_ERROR)
	{
		HxResult	rb = hx_session_exec(r->clients[k], "ROLLBACK", r->o->step_timeout_ms);

		hx_result_free(&rb);
		r->s->workload->record(r->w, &t, HX_TXN_FAILED);
	}
	else
		r->s->workload->record(r->w, &t, commit_sent ? HX_TXN_IN_DOUBT : HX_TXN_FAILED);
	return last;
}

static bool
connect_clients(Run *r)
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

static void
close_clients(Run *r)
{
	for (int k = 0; k < r->nclients; k++)
		if (r->clients[k] != NULL)
		{
			hx_session_close(r->clients[k]);
			r->clients[k] = NULL;
		}
}

static bool
admin_exec(Run *r, const char *sql, char *out, size_t outlen)
{
	HxSession  *a = hx_session_connect(&r->c, "hx-admin", r->o->step_timeout_ms);
	HxResult	res;
	bool		ok;

	if (a == NULL)
		return false;
	res = hx_session_exec(a, sql, r->o->step_timeout_ms);
	ok = res.kind == HX_RES_OK;
	if (out != NULL)
		snprintf(out, outlen, "%s", ok ? (hx_result_value(&res, 0, 0) ? hx_result_value(&res, 0, 0) : "")
				 : res.message);
	hx_result_free(&res);
	hx_session_close(a);
	return ok;
}

static bool point_fired(Run *r);

/* Inject the fault; true once it has happened (or been armed, for points). */
static bool
inject(Run *r)
{
	char		sql[512];
	char		out[256];
	pid_t		pid;
	int64_t		nth;

	switch (r->s->kind)
	{
		case HX_FAULT_POINT:
			nth = hx_rng_range(&r->plan, 1, 5);
			if (strcmp(r->s->action, "corrupt") == 0)
			{
				/*
				 * Scribble, then crash at the point's next hit: what the
				 * scribble touched must not reach disk, and recovery must
				 * not need it.  (Attached first: it counts the same hits.)
				 */
				snprintf(sql, sizeof(sql), "SELECT fault_attach('%s', 'crash', 'nth=%" PRId64 "')",
						 r->s->point, nth + 1);
				if (!admin_exec(r, sql, out, sizeof(out)))
				{
					fail(r, "harness/attach", out);
					return false;
				}
			}
			snprintf(sql, sizeof(sql), "SELECT fault_attach('%s', '%s', 'nth=%" PRId64 " %s')",
					 r->s->point, r->s->action, nth, r->s->options);
			if (!admin_exec(r, sql, out, sizeof(out)))
			{
				/*
				 * A point every backend passes (allocating memory, sending
				 * a reply) may fire in the attaching backend itself, before
				 * fault_attach returns: then the fault happened (and the
				 * checks apply); otherwise the attach really failed.
				 */
				if (point_fired(r))
				{
					r->fired_at_attach = true;
					return true;
				}
				fail(r, "harness/attach", out);
				return false;
			}
			return true;
		case HX_FAULT_KILL_ROLE:
			pid = hx_cluster_pid_of(&r->c, r->s->role == HX_ROLE_BACKEND ? HX_ROLE_BACKEND : r->s->role);
			if (r->s->role == HX_ROLE_BACKEND && r->nclients > 0)
				pid = hx_session_backend_pid(r->clients[hx_rng_below(&r->plan, (uint64_t) r->nclients)]);
			if (pid == 0)
			{
				fail(r, "harness/no-such-process", hx_role_name(r->s->role));
				return false;
			}
			return hx_cluster_kill(&r->c, pid, SIGKILL) == HX_OK;
		case HX_FAULT_KILL_POSTMASTER:
			return hx_cluster_kill_everything(&r->c, r->o->step_timeout_ms) == HX_OK;
		case HX_FAULT_IMMEDIATE:
			return hx_cluster_stop(&r->c, HX_STOP_IMMEDIATE) == HX_OK;
	}
	return false;
}

/* For point faults: has the policy fired yet? */
static bool
point_fired(Run *r)
{
	char		out[64];

	if (!admin_exec(r, "SELECT fault_fired('*')", out, sizeof(out)))
		return true;			/* the cluster is down or restarting: it fired */
	/* corrupt scenarios have two policies: the scribble, then the crash */
	return atoi(out) >= (strcmp(r->s->action, "corrupt") == 0 ? 2 : 1);
}

/*
 * Must the postmaster reset the cluster after this fault (a child was
 * killed, or PANICked)?  Kills by role and the crash and panic actions
 * always end a child abnormally.  An error does when the engine's error
 * path is a PANIC (a failed fsync, an error in a critical section), and a
 * scribble (corrupt) when its owner has found it and PANICked; the child
 * logs the PANIC before it dies, so the log says.  (A scribble nobody has
 * looked at yet causes no reset, and must not be waited for.)
 */
static bool
expect_crash_reset(Run *r, size_t log_at)
{
	char	   *log;
	bool		panic;

	if (r->s->kind == HX_FAULT_KILL_ROLE)
		return true;
	if (r->s->kind != HX_FAULT_POINT)
		return false;
	if (strcmp(r->s->action, "crash") == 0 || strcmp(r->s->action, "panic") == 0 ||
		strcmp(r->s->action, "corrupt") == 0)
		return true;
	log = hx_cluster_log_read(&r->c, log_at);
	panic = log != NULL && strstr(log, "PANIC:") != NULL;
	free(log);
	return panic;
}

static void
keep_artifacts(Run *r)
{
	char		cmd[HX_PATH_LEN * 3];
	char		dir[HX_PATH_LEN];
	FILE	   *f;

	snprintf(dir, sizeof(dir), "%s/%s-%" PRIu64, r->o->artifacts_dir, r->s->name, r->seed);
	for (char *p = dir + strlen(r->o->artifacts_dir) + 1; *p; p++)
		if (*p == '/')
			*p = '_';
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s' && cp -a '%s' '%s/' 2>/dev/null",
			 dir, dir, r->c.workdir, dir);
	if (system(cmd) != 0)
		return;
	snprintf(r->v->artifacts, sizeof(r->v->artifacts), "%s", dir);
	snprintf(cmd, sizeof(cmd), "%s/scenario.txt", dir);
	f = fopen(cmd, "w");
	if (f != NULL)
	{
		fprintf(f, "scenario: %s\nseed: %" PRIu64 "\nrepro: %s\nworkload: %s\n",
				r->s->name, r->seed, r->v->repro, r->v->summary);
		for (int i = 0; i < r->v->failures.n; i++)
			fprintf(f, "FAILED %s: %s\n", r->v->failures.items[i].check,
					r->v->failures.items[i].detail);
		fclose(f);
	}
}

void
hx_scenario_run(const HxScenario *s, uint64_t seed, const HxRunOptions *o, HxVerdict *v)
{
	Run			r;
	HxWorkloadParams wp;
	HxSession  *setup;
	HxControlData before_cd;
	HxProcess	before[HX_MAX_PROCS],
				after[HX_MAX_PROCS];
	int			n_before,
				n_after;
	char		gen_before[64] = "",
				gen_after[64] = "";
	size_t		log_at;
	double		t0 = now_ms(),
				t_fault = 0;
	bool		crashed;
	int			warmup;

	memset(v, 0, sizeof(*v));
	memset(&r, 0, sizeof(r));
	r.s = s;
	r.o = o;
	r.v = v;
	r.seed = seed;
	hx_rng_init(&r.plan, seed, "plan");
	snprintf(v->repro, sizeof(v->repro), "%s run %s --seed %" PRIu64 "%s", o->self_command, s->name,
			 seed, o->repro_args);

	wp.clients = (int) hx_rng_range(&r.plan, 1, 4);
	wp.scale = (int) hx_rng_range(&r.plan, 1, 3);
	r.nclients = wp.clients;
	warmup = (int) hx_rng_range(&r.plan, WARMUP_TXNS_MIN, WARMUP_TXNS_MAX);

	/* 1. cluster, workload setup */
	if (hx_cluster_create(&r.c, &o->cluster, o->artifacts_dir, "hx") != HX_OK ||
		hx_cluster_start(&r.c, NULL) != HX_OK)
	{
		fail(&r, "harness/cluster-start", hx_last_error());
		goto done;
	}
	r.w = s->workload->create(seed, &wp);
	setup = hx_session_connect(&r.c, "hx-setup", o->step_timeout_ms);
	if (setup == NULL || s->workload->setup(r.w, setup) != HX_OK)
	{
		fail(&r, "harness/workload-setup", hx_last_error());
		if (setup)
			hx_session_close(setup);
		goto done;
	}
	hx_session_close(setup);
	if (!connect_clients(&r))
	{
		fail(&r, "harness/connect", hx_last_error());
		goto done;
	}
	for (int i = 0; i < warmup; i++)
		run_txn(&r, (int) hx_rng_below(&r.plan, (uint64_t) r.nclients));

	/* 2. a checkpoint, then what must hold after the fault */
	if (!admin_exec(&r, "CHECKPOINT", NULL, 0) ||
		hx_cluster_controldata(&r.c, &before_cd) != HX_OK)
	{
		fail(&r, "harness/checkpoint", hx_last_error());
		goto done;
	}
	n_before = hx_cluster_processes(&r.c, before, HX_MAX_PROCS);
	hx_cluster_shmem_generation(&r.c, gen_before, sizeof(gen_before));
	log_at = hx_cluster_log_size(&r.c);

	/* 3. the fault, while clients run */
	t_fault = now_ms();
	if (!inject(&r))
		goto done;
	if (s->kind == HX_FAULT_POINT)
	{
		uint64_t	limit = r.txns_run + FAULT_TXNS_MAX;
		bool		fired = r.fired_at_attach;

		while (r.txns_run < limit && !fired)
		{
			HxResultKind k = run_txn(&r, (int) hx_rng_below(&r.plan, (uint64_t) r.nclients));

			if (k == HX_RES_CONN_LOST || k == HX_RES_TIMEOUT)
				fired = true;
			else if (r.txns_run % 10 == 0)
			{
				/* points of the checkpointer need checkpoints */
				admin_exec(&r, "CHECKPOINT", NULL, 0);
				fired = point_fired(&r);
			}
		}
		if (!fired && !point_fired(&r))
		{
			snprintf(v->summary, sizeof(v->summary), "not reached: the workload never hit %s; ",
					 s->point);
			v->passed = true;	/* nothing to check; the matrix reports it as skipped */
			goto done;
		}
		t_fault = now_ms();
	}
	close_clients(&r);

	/* 4. recovery (we restart it if the postmaster is gone) */
	if (s->kind == HX_FAULT_KILL_POSTMASTER || s->kind == HX_FAULT_IMMEDIATE ||
		strcmp(s->action, "powerloss") == 0)
	{
		pid_t		pm = r.c.postmaster_pid;

		if (pm != 0)
			hx_cluster_wait_gone(&pm, 1, o->step_timeout_ms);
		if (hx_cluster_start(&r.c, NULL) != HX_OK)
		{
			fail(&r, "no-hang/restart", hx_last_error());
			goto done;
		}
	}
	else if (expect_crash_reset(&r, log_at))
	{
		/*
		 * A child died abnormally: the postmaster must reinitialize.  Wait
		 * for the new segment first, or a connection could still reach the
		 * old cluster before the postmaster has even noticed the death.
		 */
		if (hx_cluster_wait_generation_change(&r.c, gen_before, o->step_timeout_ms) != HX_OK)
		{
			hx_check_fail(&v->failures, "postmaster-reset-children",
						  "no reinitialization (shared-memory generation still %s) after the fault",
						  gen_before);
			goto done;
		}
	}
	if (hx_cluster_wait_ready(&r.c, o->step_timeout_ms) != HX_OK)
	{
		fail(&r, "no-hang/recovery", "the cluster did not accept connections again in time");
		goto done;
	}
	v->recovery_ms = now_ms() - t_fault;

	/* 5. checks (no policy may fire during them) */
	admin_exec(&r, "SELECT fault_detach('*')", NULL, 0);
	{
		char	   *log = hx_cluster_log_read(&r.c, 0);
		bool		pm_targeted = s->kind == HX_FAULT_KILL_POSTMASTER ||
			s->kind == HX_FAULT_IMMEDIATE || strcmp(s->action, "powerloss") == 0;

		crashed = log != NULL && (hx_log_crash_reset(log, log_at) || pm_targeted);
		n_after = hx_cluster_processes(&r.c, after, HX_MAX_PROCS);
		if (crashed)
		{
			hx_check_reset(&v->failures, before, n_before, after, n_after, pm_targeted);
			hx_cluster_shmem_generation(&r.c, gen_after, sizeof(gen_after));
			if (gen_before[0] != '\0' && strcmp(gen_before, gen_after) == 0)
				hx_check_fail(&v->failures, "shmem-recreated",
							  "shared-memory generation still %s after the crash", gen_before);
			hx_check_replay(&v->failures, log, log_at, before_cd.redo_lsn);
		}
		free(log);
	}
	{
		HxSession  *chk = hx_session_connect(&r.c, "hx-check", o->step_timeout_ms);

		if (chk == NULL)
			fail(&r, "no-hang/check-connect", hx_last_error());
		else
		{
			s->workload->check(r.w, chk, &v->failures);
			hx_session_close(chk);
		}
	}
	if (connect_clients(&r))
	{
		for (int i = 0; i < NEW_WRITES_TXNS; i++)
			if (run_txn(&r, i % r.nclients) != HX_RES_OK)
			{
				fail(&r, "new-writes-work", "a transaction after recovery did not commit");
				break;
			}
		close_clients(&r);
	}
	else
		fail(&r, "new-writes-work", hx_last_error());
	if (hx_cluster_stop(&r.c, HX_STOP_FAST) != HX_OK || hx_cluster_start(&r.c, NULL) != HX_OK)
		fail(&r, "clean-restart-keeps-all", "the fast stop and restart failed");
	else
	{
		HxSession  *chk = hx_session_connect(&r.c, "hx-check", o->step_timeout_ms);
		HxCheckList after_restart;

		memset(&after_restart, 0, sizeof(after_restart));
		if (chk == NULL || !s->workload->check(r.w, chk, &after_restart))
			hx_check_fail(&v->failures, "clean-restart-keeps-all",
						  "the oracle fails after a clean restart (%d checks)", after_restart.n);
		if (chk)
			hx_session_close(chk);
	}
	v->passed = v->failures.n == 0 && v->failures.n_dropped == 0;

done:
	if (r.w != NULL)
		s->workload->summary(r.w, v->summary + strlen(v->summary),
							 sizeof(v->summary) - strlen(v->summary));
	if (v->failures.n > 0)
		v->passed = false;
	close_clients(&r);
	v->total_ms = now_ms() - t0;
	if (!v->passed || o->keep_always)
		keep_artifacts(&r);
	if (r.c.workdir[0] != '\0')
		hx_cluster_destroy(&r.c, false);
	if (r.w != NULL)
		s->workload->destroy(r.w);
}
