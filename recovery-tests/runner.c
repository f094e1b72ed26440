/*-------------------------------------------------------------------------
 * runner.c
 *	  Run one scenario to its verdict (see runner.h for the steps).
 *
 * Invariants:
 *	- Every choice comes from HxRng streams of the seed ("plan" here, the
 *	  workload's own streams there), or from a --plan override that
 *	  replaces a value after it was drawn; nothing reads the clock to
 *	  decide.
 *	- Every wait is bounded; a timeout is the failure "no-hang/<step>".
 *	- Every transaction a client starts is recorded exactly once: acked,
 *	  failed (server error, rolled back) or in doubt (connection lost or
 *	  timed out with its COMMIT in flight), both for the workload's oracle
 *	  and, with its statements and phase, in the history (history.txt,
 *	  at most HISTORY_MAX_BYTES).
 *-------------------------------------------------------------------------
 */
#include "runner_internal.h"

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
#include "page_lsn.h"
#include "pg_faults.h"
#include "lib/hx_rng.h"
#include "lib/hx_session.h"
#include "lib/hx_util.h"

#define WARMUP_TXNS_MIN		5
#define WARMUP_TXNS_MAX		40
#define FAULT_TXNS_MAX		400		/* transactions to wait for the fault */
#define NEW_WRITES_TXNS		5

/*-------------------------------------------------------------------------
 * Scenario names
 *-------------------------------------------------------------------------
 */

static const char *const point_actions[] = {"crash", "error", "panic", "powerloss", NULL};

/* Faults that are a policy action with fixed options (an I/O flavour). */
static const struct
{
	const char *prefix;
	const char *action;
	const char *options;
}			io_variants[] = {
	{"enospc", "error", "errno=ENOSPC"},	/* the call fails: no space */
	{"short", "short", ""},		/* one short write; the retry completes it */
	/* every write of a backend short (the disk stays full for them; recovery, run
	 * by the startup process, can write: it would need the space freed) */
	{"diskfull", "short", "persistent proc=backend"},
	{"torn", "powerloss", "tear=512"},	/* power cut; newest writes torn at sectors */
	{NULL, NULL, NULL},
};

/* kill/NAME with the fault policies' process names, besides the roles'. */
static const struct
{
	const char *name;
	HxRole		role;
}			kill_aliases[] = {
	{"autovacuum-launcher", HX_ROLE_AUTOVACUUM_LAUNCHER},
	{"autovacuum-worker", HX_ROLE_AUTOVACUUM_WORKER},
	{"stats-collector", HX_ROLE_STATS},
};

bool
hx_scenario_parse(const char *name, HxScenario *s, char *err, size_t errlen)
{
	char		buf[160];
	char	   *slash;
	char	   *rest;

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
	/* a compound scenario: cut the second fault off (compound.h) */
	if (!hx_second_fault_split(rest, &s->second, err, errlen))
		return false;
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
		/* the fault policies' process names (autovacuum-worker, ...) */
		for (size_t i = 0; i < sizeof(kill_aliases) / sizeof(kill_aliases[0]); i++)
			if (strcmp(kill_aliases[i].name, rest + 5) == 0)
			{
				s->role = kill_aliases[i].role;
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
	for (int i = 0; io_variants[i].prefix != NULL; i++)
	{
		size_t		n = strlen(io_variants[i].prefix);

		if (strncmp(rest, io_variants[i].prefix, n) == 0 && rest[n] == '/' && rest[n + 1] != '\0')
		{
			s->kind = HX_FAULT_POINT;
			strcpy(s->action, io_variants[i].action);
			strcpy(s->options, io_variants[i].options);
			snprintf(s->point, sizeof(s->point), "%s", rest + n + 1);
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

/*
 * Settings without which no workload reaches a point: with 16 or 32
 * shared buffers the workloads' tables and the catalogs no longer fit,
 * so pages are evicted (written by the backend that needs the buffer,
 * when the background writer is off) and read back, and a background
 * writer waking every 10 ms finds dirty buffers ahead of the clock
 * hand.  They are part of the scenario (derived from its name), so its
 * repro line needs nothing more; a --set of the same name comes later
 * in postgresql.conf and wins.
 */
#define REACH_MAX 4
#define AUTOVACUUM_OFTEN \
	{"autovacuum_naptime = 1", "autovacuum_vacuum_threshold = 0", \
	 "autovacuum_vacuum_scale_factor = 0", "autovacuum_analyze_threshold = 0"}

static const struct
{
	const char *prefix;
	const char *settings[REACH_MAX];
}			reach_settings[] = {
	{"bufmgr/evict/", {"shared_buffers = 16", "bgwriter_lru_maxpages = 0"}},
	{"bufmgr/read/", {"shared_buffers = 32", NULL}},
	{"smgr/read", {"shared_buffers = 32", NULL}},
	{"storage/file/read", {"shared_buffers = 32", NULL}},
	{"bufmgr/bgwriter/", {"shared_buffers = 32", "bgwriter_delay = 10"}},
	/*
	 * A crash inside a checkpoint: the WAL writer waits its longest (10 s,
	 * PostgreSQL's maximum) so that the WAL of the transaction held open
	 * across the checkpoint (rn_txn_hold_open) is still unflushed when the
	 * checkpoint writes its pages, every time and not only when its 200 ms
	 * timer happens not to fire: the window in which a checkpoint that
	 * skips the WAL rule leaves a page ahead of the WAL (pages-not-ahead-
	 * of-wal).  Synchronous commits flush their own WAL, so nothing else
	 * changes.  The same at a WAL write or flush, where it also decides
	 * which process takes the nth hit: the committing backends and the
	 * checkpointer, in the harness's order, not the WAL writer as its
	 * timer happens to fire (so these scenarios reproduce; the WAL
	 * writer's own crash is wal/walwriter/before-flush's, at 200 ms).
	 */
	{"checkpoint/", {"wal_writer_delay = 10000", NULL}},
	{"clog/checkpoint/", {"wal_writer_delay = 10000", NULL}},
	{"wal/write/", {"wal_writer_delay = 10000", NULL}},
	{"wal/flush/", {"wal_writer_delay = 10000", NULL}},
	/* a launcher round every second, a worker for every table with a dead row */
	{"autovacuum/", AUTOVACUUM_OFTEN},
	{"postmaster/fork-autovacuum-worker", AUTOVACUUM_OFTEN},
};

/* The same for kill/ROLE: an autovacuum worker to kill exists only while it
 * works, so make it work every second. */
static const struct
{
	HxRole		role;
	const char *settings[REACH_MAX];
}			kill_reach_settings[] = {
	{HX_ROLE_AUTOVACUUM_WORKER, AUTOVACUUM_OFTEN},
	{HX_ROLE_AUTOVACUUM_LAUNCHER, {"autovacuum_naptime = 1", NULL}},
};

/*
 * The archiver and the logger run only when configured: their kill
 * scenarios and fault points turn them on (archive_timeout = 1 so that
 * segments complete, and the archiver works, while the workload runs).
 */
static const struct
{
	HxRole		role;
	const char *prefix;
	const char *settings[3];
}			process_settings[] = {
	{HX_ROLE_ARCHIVER, "archiver/",
	{"archive_mode = on", "archive_command = 'true'", "archive_timeout = 1"}},
	{HX_ROLE_LOGGER, "logger/", {"logging_collector = on", NULL, NULL}},
};

/* The cluster options of this scenario: reach settings first, then --set. */
static void
scenario_cluster_options(const HxScenario *s, const HxClusterOptions *given,
						 HxClusterOptions *out)
{
	*out = *given;
	out->n_settings = 0;
	for (size_t i = 0; i < sizeof(kill_reach_settings) / sizeof(kill_reach_settings[0]); i++)
	{
		if (s->kind != HX_FAULT_KILL_ROLE || s->role != kill_reach_settings[i].role)
			continue;
		for (int j = 0; j < REACH_MAX && kill_reach_settings[i].settings[j] != NULL; j++)
			if (out->n_settings < HX_MAX_SETTINGS)
				out->settings[out->n_settings++] = kill_reach_settings[i].settings[j];
	}
	for (size_t i = 0; i < sizeof(reach_settings) / sizeof(reach_settings[0]); i++)
	{
		if (s->kind != HX_FAULT_POINT ||
			strncmp(s->point, reach_settings[i].prefix, strlen(reach_settings[i].prefix)) != 0)
			continue;
		for (int j = 0; j < REACH_MAX && reach_settings[i].settings[j] != NULL; j++)
			if (out->n_settings < HX_MAX_SETTINGS)
				out->settings[out->n_settings++] = reach_settings[i].settings[j];
	}
	for (size_t i = 0; i < sizeof(process_settings) / sizeof(process_settings[0]); i++)
	{
		bool		wanted = (s->kind == HX_FAULT_KILL_ROLE && s->role == process_settings[i].role) ||
			(s->kind == HX_FAULT_POINT &&
			 strncmp(s->point, process_settings[i].prefix, strlen(process_settings[i].prefix)) == 0);

		for (int j = 0; wanted && j < 3 && process_settings[i].settings[j] != NULL; j++)
			if (out->n_settings < HX_MAX_SETTINGS)
				out->settings[out->n_settings++] = process_settings[i].settings[j];
	}
	for (int i = 0; i < given->n_settings && out->n_settings < HX_MAX_SETTINGS; i++)
		out->settings[out->n_settings++] = given->settings[i];
}

void
rn_fail(Run *r, const char *check, const char *detail)
{
	hx_check_fail(&r->v->failures, check, "%s", detail);
}

bool
rn_admin_exec(Run *r, const char *sql, char *out, size_t outlen)
{
	HxSession  *a = hx_session_connect(&r->c, "hx-admin", r->o->step_timeout_ms);
	HxResult	res;
	bool		ok;

	if (a == NULL)
		return false;
	res = hx_session_exec(a, sql, r->o->step_timeout_ms);
	ok = res.kind == HX_RES_OK;
	/* for people reading history.txt; the polls of fault_fired would drown it */
	if (strncmp(sql, "SELECT fault_fired", 18) != 0)
		rn_hist_event(r, sql, ok ? "" : res.message[0] ? res.message : "failed");
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
			if (r->pgf.active)
			{
				char		why[512];

				if (!pg_fault_inject(&r->pgf, &r->c, r->s, &r->plan, r->clients, r->nclients,
									 why, sizeof(why)))
				{
					rn_fail(r, "harness/fiu-arm", why);
					return false;
				}
				return true;
			}
			nth = hx_plan_pick(&r->o->args.plan, HX_PLAN_NTH, (int) hx_rng_range(&r->plan, 1, 5));
			hx_plan_set(&r->v->plan, HX_PLAN_NTH, (int) nth);
			if (strcmp(r->s->action, "corrupt") == 0)
			{
				/*
				 * Scribble, then crash at the point's next hit: what the
				 * scribble touched must not reach disk, and recovery must
				 * not need it.  (Attached first: it counts the same hits.)
				 */
				snprintf(sql, sizeof(sql), "SELECT fault_attach('%s', 'crash', 'nth=%" PRId64 "')",
						 r->s->point, nth + 1);
				if (!rn_admin_exec(r, sql, out, sizeof(out)))
				{
					rn_fail(r, "harness/attach", out);
					return false;
				}
			}
			/* a persistent fault (diskfull) fires from the nth hit on */
			snprintf(sql, sizeof(sql), "SELECT fault_attach('%s', '%s', '%s=%" PRId64 " %s')",
					 r->s->point, r->s->action,
					 strstr(r->s->options, "persistent") != NULL ? "from" : "nth", nth,
					 r->s->options);
			if (!rn_admin_exec(r, sql, out, sizeof(out)))
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
				rn_fail(r, "harness/attach", out);
				return false;
			}
			return true;
		case HX_FAULT_KILL_ROLE:
			pid = hx_cluster_pid_of(&r->c, r->s->role == HX_ROLE_BACKEND ? HX_ROLE_BACKEND : r->s->role);
			/* An autovacuum worker lives while it works: wait for one
			 * (its settings start one every second). */
			for (int64_t until = hx_now_ms() + r->o->step_timeout_ms;
				 pid == 0 && r->s->role == HX_ROLE_AUTOVACUUM_WORKER && hx_now_ms() < until;)
			{
				hx_sleep_ms(2);
				pid = hx_cluster_pid_of(&r->c, HX_ROLE_AUTOVACUUM_WORKER);
			}
			if (r->s->role == HX_ROLE_BACKEND && r->nclients > 0)
				pid = hx_session_backend_pid(r->clients[hx_rng_below(&r->plan, (uint64_t) r->nclients)]);
			if (pid == 0)
			{
				rn_fail(r, "harness/no-such-process", hx_role_name(r->s->role));
				return false;
			}
			r->killed_pid = pid;
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

	if (r->pgf.active)
		return pg_fault_fired(&r->pgf, &r->c);
	if (!rn_admin_exec(r, "SELECT fault_fired('*')", out, sizeof(out)))
		return true;			/* the cluster is down or restarting: it fired */
	/* corrupt scenarios have two policies: the scribble, then the crash */
	return atoi(out) >= (strcmp(r->s->action, "corrupt") == 0 ? 2 : 1);
}

/*
 * A fault point in the postmaster itself whose firing ends it: a crash
 * there, or an ERROR at one of its step points (an ERROR in the
 * postmaster is FATAL).  Its io points' errors it handles (a failed
 * fork or accept) and goes on.  (The catalog marks these points
 * "postmaster" only; postmaster/child-exit is the step point a first
 * fault reaches: the others run as compound scenarios.)
 */
static bool
fault_ends_postmaster(const HxScenario *s)
{
	if (s->kind != HX_FAULT_POINT || strncmp(s->point, "postmaster/", 11) != 0)
		return false;
	return strcmp(s->action, "crash") == 0 ||
		(strcmp(s->action, "error") == 0 && strcmp(s->point, "postmaster/child-exit") == 0);
}

/* Does the first fault take the postmaster down (so the harness restarts it)? */
bool
rn_first_fault_stops_postmaster(const HxScenario *s)
{
	return s->kind == HX_FAULT_KILL_POSTMASTER || s->kind == HX_FAULT_IMMEDIATE ||
		strcmp(s->action, "powerloss") == 0 || fault_ends_postmaster(s);
}

/*
 * After the postmaster ended by itself (not killed by the harness with
 * everything else): every process it had must follow it, within the step
 * timeout.  (Not at once: a child notices the death at its next wait,
 * e.g. the checkpointer after the checkpoint it is writing.)  The
 * restart waits for this too, or it would meet the orphans' data
 * directory lock.
 */
void
rn_check_children_followed(Run *r, const HxProcess *before, int n_before)
{
	pid_t		pids[HX_MAX_PROCS];
	HxProcess	left[HX_MAX_PROCS];
	int64_t		deadline = hx_now_ms() + r->o->step_timeout_ms;
	int			n_left;

	for (int i = 0; i < n_before; i++)
		pids[i] = before[i].pid;
	if (hx_cluster_wait_gone(pids, n_before, r->o->step_timeout_ms) != HX_OK)
		n_left = n_before;
	else
		while ((n_left = hx_cluster_leftovers(&r->c, left, HX_MAX_PROCS)) > 0 &&
			   hx_now_ms() < deadline)
			hx_sleep_ms(20);
	if (n_left > 0)
		hx_check_fail(&r->v->failures, "postmaster-exit-leaves-no-children",
					  "processes of the cluster outlived its postmaster by more than %d ms",
					  r->o->step_timeout_ms);
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
/*
 * Did an "error" that fired in an auxiliary process end it with a crash
 * reset?  An ERROR in some auxiliary processes is FATAL (the WAL writer,
 * the archiver, ...), others report and go on (the checkpointer, an
 * autovacuum worker); and which exits force a reset is the postmaster's
 * rule, not the harness's (an archiver's exit code 1 does not, a WAL
 * writer's does, as in PostgreSQL 15).  So: find the process in the trail
 * (written before the action runs), wait up to 2 s for the postmaster to
 * log that process's exit, and expect a reset if it then logged
 * "terminating any other active server processes".  Without this the
 * harness could connect before the postmaster reacted and meet the reset
 * half-way through its checks (57P03).
 */
static bool
error_ended_auxiliary(Run *r, size_t log_at)
{
	char		path[512];
	char	   *trail = hx_read_file(rn_trail_path(r, path, sizeof(path)), NULL);
	char		point_field[300];
	int			pid = 0;
	bool		reset = false;

	if (trail == NULL)
		return false;
	snprintf(point_field, sizeof(point_field), " point=%s ", r->s->point);
	for (char *line = trail; line != NULL && *line != '\0';)
	{
		char	   *next = strchr(line, '\n');
		char	   *p;

		if (next != NULL)
			*next++ = '\0';
		if (strstr(line, point_field) != NULL && (p = strstr(line, " pid=")) != NULL &&
			strstr(line, " proc=backend") == NULL && strstr(line, " proc=logger") == NULL)
			pid = atoi(p + 5);
		line = next;
	}
	free(trail);
	if (pid <= 0)
		return false;

	char		exited[64],
				killed[64];

	snprintf(exited, sizeof(exited), "(PID %d) exited", pid);
	snprintf(killed, sizeof(killed), "(PID %d) was terminated", pid);
	for (int64_t deadline = hx_now_ms() + 2000; hx_now_ms() < deadline;)
	{
		char	   *log = hx_cluster_log_read(&r->c, log_at);
		char	   *at = log == NULL ? NULL : strstr(log, exited);

		if (at == NULL && log != NULL)
			at = strstr(log, killed);
		if (at != NULL)
			reset = strstr(at, "terminating any other active server processes") != NULL;
		free(log);
		if (at != NULL)
			break;
		hx_sleep_ms(20);
	}
	return reset;
}

static bool
expect_crash_reset(Run *r, size_t log_at)
{
	char	   *log;
	bool		panic;

	/* PostgreSQL 15's rule: the logger's death is never a crash. */
	if (r->s->kind == HX_FAULT_KILL_ROLE)
		return r->s->role != HX_ROLE_LOGGER;
	if (r->s->kind != HX_FAULT_POINT)
		return false;
	if (r->pgf.active)
		return pg_fault_expect_reset(&r->pgf, &r->c);
	if (strcmp(r->s->action, "crash") == 0 || strcmp(r->s->action, "panic") == 0 ||
		strcmp(r->s->action, "corrupt") == 0)
		return true;
	log = hx_cluster_log_read(&r->c, log_at);
	panic = log != NULL && strstr(log, "PANIC:") != NULL;
	free(log);
	return panic || error_ended_auxiliary(r, log_at);
}

/*
 * pages-not-ahead-of-wal (page_lsn.h), right after recovery and before
 * the oracle reads anything: new WAL soon grows past a page that was
 * written ahead of the WAL the crash lost, and the evidence is gone.
 * When it cannot judge (not minipg, no END_OF_RECOVERY record found) the
 * history says why.
 */
static void
check_pages_not_ahead(Run *r, const char *log, size_t log_at)
{
	uint64_t	redo_start;
	char		why[512];

	if (!hx_log_redo_start(log, log_at, &redo_start))
		return;					/* replay-from-last-checkpoint has failed */
	if (!hx_check_pages_not_ahead(&r->v->failures, &r->c, redo_start, why, sizeof(why)))
		rn_hist_event(r, "pages-not-ahead-of-wal not judged", why);
}

/*
 * After kill/logger: no reset (the shared-memory generation is the one
 * from before the kill), every auxiliary process from before still runs,
 * and a new logger replaced the dead one.  (The server's log is in the
 * logger's files here, so these checks do not read it.)
 */
static void
check_logger_restarted(Run *r, const HxProcess *before, int n_before, const char *gen_before)
{
	char		gen[64];
	pid_t		pid = 0;
	int64_t		deadline = hx_now_ms() + r->o->step_timeout_ms;

	while (hx_now_ms() < deadline)
	{
		pid = hx_cluster_pid_of(&r->c, HX_ROLE_LOGGER);
		if (pid != 0 && pid != r->killed_pid)
			break;
		hx_sleep_ms(20);
	}
	if (pid == 0 || pid == r->killed_pid)
		hx_check_fail(&r->v->failures, "logger-restarted",
					  "no new logger within %d ms of killing PID %d", r->o->step_timeout_ms,
					  (int) r->killed_pid);
	hx_cluster_shmem_generation(&r->c, gen, sizeof(gen));
	if (strcmp(gen, gen_before) != 0)
		hx_check_fail(&r->v->failures, "logger-death-no-reset",
					  "shared-memory generation went from %s to %s: the logger's death reset the cluster",
					  gen_before, gen);
	for (int i = 0; i < n_before; i++)
	{
		HxRole		role = before[i].role;

		if (role == HX_ROLE_BACKEND || role == HX_ROLE_OTHER || role == HX_ROLE_LOGGER)
			continue;			/* sessions end with their clients */
		if (!hx_pid_alive(before[i].pid))
			hx_check_fail(&r->v->failures, "logger-death-no-reset",
						  "%s (PID %d) did not survive the logger's death",
						  hx_role_name(role), (int) before[i].pid);
	}
}

/* Copy a file; false if `from` cannot be read (or `to` written). */
static bool
copy_file(const char *from, const char *to)
{
	FILE	   *in = fopen(from, "rb");
	FILE	   *out;
	char		buf[65536];
	size_t		n;
	bool		ok = true;

	if (in == NULL)
		return false;
	out = fopen(to, "wb");
	if (out == NULL)
	{
		fclose(in);
		return false;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			ok = false;
	if (ferror(in))
		ok = false;
	fclose(in);
	if (fclose(out) != 0)
		ok = false;
	return ok;
}

/* scenario.txt: what `crashmatrix repro` needs to run this again. */
static void
write_record(Run *r, const char *dir, const char *path)
{
	const HxRunOptions *o = r->o;
	HxRecord   *rec = calloc(1, sizeof(HxRecord));
	FILE	   *f;

	if (rec == NULL)
		return;
	snprintf(rec->scenario, sizeof(rec->scenario), "%s", r->s->name);
	rec->seed = r->seed;
	rec->args = o->args;
	if (rec->args.target[0] == '\0')
		snprintf(rec->args.target, sizeof(rec->args.target), "%s", hx_target_name(o->cluster.target));
	if (rec->args.bin[0] == '\0' && o->cluster.target == HX_TARGET_MINIPG)
		snprintf(rec->args.bin, sizeof(rec->args.bin), "%s", o->cluster.bindir);
	if (rec->args.pg_bin[0] == '\0' && o->cluster.target == HX_TARGET_POSTGRES)
		snprintf(rec->args.pg_bin, sizeof(rec->args.pg_bin), "%s", o->cluster.bindir);
	if (rec->args.timeout_ms == 0)
		rec->args.timeout_ms = o->step_timeout_ms;
	rec->resolved = r->v->plan;
	rec->passed = r->v->passed;
	snprintf(rec->summary, sizeof(rec->summary), "%s", r->v->summary);
	rec->failures = r->v->failures;
	snprintf(rec->run_command, sizeof(rec->run_command), "%s", r->v->repro);
	snprintf(rec->repro_command, sizeof(rec->repro_command), "%s repro %s", o->self_command, dir);
	f = fopen(path, "w");
	if (f != NULL)
	{
		hx_record_write(f, rec);
		fclose(f);
	}
	free(rec);
}

/* DATADIR/pg_faults/trail (faults/fault_trail.c writes it), in buf. */
const char *
rn_trail_path(Run *r, char *buf, size_t len)
{
	snprintf(buf, len, "%s/pg_faults/trail", r->c.datadir);
	return buf;
}

/*
 * Keep the run's artifacts folder (runner.h lists what it holds): the
 * records always, the cluster's work directory when `with_cluster`.
 */
static void
keep_artifacts(Run *r, bool with_cluster)
{
	char		cmd[HX_PATH_LEN * 3];
	char		dir[HX_PATH_LEN];
	char		path[HX_PATH_LEN + 32];
	FILE	   *f;

	snprintf(dir, sizeof(dir), "%s/%s-%" PRIu64, r->o->artifacts_dir, r->s->name, r->seed);
	for (char *p = dir + strlen(r->o->artifacts_dir) + 1; *p; p++)
		if (*p == '/')
			*p = '_';
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s'", dir, dir);
	if (system(cmd) != 0)
		return;
	if (with_cluster && r->c.workdir[0] != '\0')
	{
		snprintf(cmd, sizeof(cmd), "cp -a '%s' '%s/cluster' 2>/dev/null", r->c.workdir, dir);
		if (system(cmd) != 0)
			fprintf(stderr, "crashmatrix: could not copy %s into %s\n", r->c.workdir, dir);
	}
	snprintf(r->v->artifacts, sizeof(r->v->artifacts), "%s", dir);

	snprintf(path, sizeof(path), "%s/history.txt", dir);
	f = fopen(path, "w");
	if (f != NULL)
	{
		if (r->hist != NULL)
		{
			fflush(r->hist);
			fwrite(r->hist_buf, 1, r->hist_len, f);
		}
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/fault-trail.txt", dir);
	if (r->c.datadir[0] == '\0' || !copy_file(rn_trail_path(r, cmd, sizeof(cmd)), path))
	{
		f = fopen(path, "w");
		if (f != NULL)
		{
			fprintf(f, "# no fault trail: %s\n", r->o->cluster.target == HX_TARGET_MINIPG ?
					"no fault point fired (or the cluster was never created)" :
					"only minipg keeps one (DATADIR/pg_faults/trail)");
			fclose(f);
		}
	}
	snprintf(path, sizeof(path), "%s/server.log", dir);
	if (r->c.logfile[0] != '\0')
		copy_file(r->c.logfile, path);
	snprintf(path, sizeof(path), "%s/scenario.txt", dir);
	write_record(r, dir, path);
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
	double		t0 = hx_clock_ms(),
				t_fault = 0;
	bool		crashed;
	int			warmup;
	int			budget;
	char		plan_text[128];
	TxnRun		open;			/* the transaction a kill interrupts */
	HxClusterOptions copts;

	memset(v, 0, sizeof(*v));
	memset(&r, 0, sizeof(r));
	r.s = s;
	r.o = o;
	r.v = v;
	r.seed = seed;
	/*
	 * The plan's stream is named after the scenario too: items of a matrix
	 * that share a seed still get different plans (clients, warm-up, nth).
	 */
	{
		char		stream[sizeof(s->name) + 8];

		snprintf(stream, sizeof(stream), "plan/%s", s->name);
		hx_rng_init(&r.plan, seed, stream);
	}
	hx_rng_init(&r.interleave, seed, "interleave");
	hx_rng_init(&r.rollback, seed, "rollback");
	hx_rng_init(&r.held, seed, "held");
	hx_plan_format(&o->args.plan, plan_text, sizeof(plan_text));
	snprintf(v->repro, sizeof(v->repro), "%s run %s --seed %" PRIu64 "%s%s%s%s", o->self_command,
			 s->name, seed, o->repro_args, plan_text[0] ? " --plan '" : "", plan_text,
			 plan_text[0] ? "'" : "");
	r.hist = open_memstream(&r.hist_buf, &r.hist_len);

	/* the seed's draws, in their historical order, each then overridden */
	wp.clients = hx_plan_pick(&o->args.plan, HX_PLAN_CLIENTS, (int) hx_rng_range(&r.plan, 1, 4));
	wp.scale = hx_plan_pick(&o->args.plan, HX_PLAN_SCALE, (int) hx_rng_range(&r.plan, 1, 3));
	r.nclients = wp.clients;
	warmup = hx_plan_pick(&o->args.plan, HX_PLAN_WARMUP,
						  (int) hx_rng_range(&r.plan, WARMUP_TXNS_MIN, WARMUP_TXNS_MAX));
	budget = hx_plan_pick(&o->args.plan, HX_PLAN_BUDGET, FAULT_TXNS_MAX);
	hx_plan_clear(&v->plan);
	hx_plan_set(&v->plan, HX_PLAN_CLIENTS, wp.clients);
	hx_plan_set(&v->plan, HX_PLAN_SCALE, wp.scale);
	hx_plan_set(&v->plan, HX_PLAN_WARMUP, warmup);
	if (s->kind == HX_FAULT_POINT)
		hx_plan_set(&v->plan, HX_PLAN_BUDGET, budget);
	if (r.hist != NULL)
	{
		char		resolved[128];

		hx_plan_format(&v->plan, resolved, sizeof(resolved));
		fprintf(r.hist, "# client history of %s, seed %" PRIu64 ", plan %s%s%s\n"
				"# one entry per transaction, in the order they ran (clients take turns, one at a time):\n"
				"#   txn ID client K PHASE OUTCOME [SQLSTATE] [\"message\"], then the statements sent\n"
				"# PHASE: warm-up (before the checkpoint), fault (armed or injected), after-recovery\n"
				"# OUTCOME: acked; failed (server error, rolled back); rolled-back (the client sent\n"
				"#   ROLLBACK instead of COMMIT); lost (connection lost before\n"
				"#   COMMIT was sent); in-doubt (lost after COMMIT was sent); timeout, timeout-in-doubt\n"
				"# lines \"-- ...\" are the harness's own steps\n",
				s->name, seed, resolved, s->kind == HX_FAULT_POINT ? " (nth drawn when armed)" : "",
				plan_text[0] ? " (overridden)" : "");
	}

	/* 1. cluster, workload setup */
	{
		char		why[512];

		if (s->second.present && o->cluster.target != HX_TARGET_MINIPG)
		{
			rn_fail(&r, "harness/unsupported",
				 "compound scenarios arm their second fault at minipg fault points");
			goto done;
		}
		if (!hx_scenario_supported(s, o->cluster.target, why, sizeof(why)))
		{
			rn_fail(&r, "harness/unsupported", why);
			goto done;
		}
	}
	scenario_cluster_options(s, &o->cluster, &copts);
	if (hx_cluster_create(&r.c, &copts, o->artifacts_dir, "hx") != HX_OK ||
		hx_cluster_start(&r.c, pg_fault_start_env(&r.pgf, s, &r.c)) != HX_OK)
	{
		rn_fail(&r, "harness/cluster-start", hx_last_error());
		goto done;
	}
	r.w = s->workload->create(seed, &wp);
	setup = hx_session_connect(&r.c, "hx-setup", o->step_timeout_ms);
	if (setup == NULL || s->workload->setup(r.w, setup) != HX_OK)
	{
		rn_fail(&r, "harness/workload-setup", hx_last_error());
		if (setup)
			hx_session_close(setup);
		goto done;
	}
	hx_session_close(setup);
	if (!rn_connect_clients(&r))
	{
		rn_fail(&r, "harness/connect", hx_last_error());
		goto done;
	}
	for (int i = 0; i < warmup; i++)
		rn_run_txn(&r, (int) hx_rng_below(&r.plan, (uint64_t) r.nclients));

	/* 2. a checkpoint, then what must hold after the fault */
	if (!rn_admin_exec(&r, "CHECKPOINT", NULL, 0) ||
		hx_cluster_controldata(&r.c, &before_cd) != HX_OK)
	{
		rn_fail(&r, "harness/checkpoint", hx_last_error());
		goto done;
	}
	n_before = hx_cluster_processes(&r.c, before, HX_MAX_PROCS);
	hx_cluster_shmem_generation(&r.c, gen_before, sizeof(gen_before));
	log_at = hx_cluster_log_size(&r.c);

	/* 3. the fault, while clients run (a compound scenario's second first) */
	r.phase = PHASE_FAULT;
	if (s->second.present && !rn_arm_second_fault(&r))
		goto done;
	if (s->kind != HX_FAULT_POINT)
		rn_work_before_kill(&r, &open);
	t_fault = hx_clock_ms();
	if (!inject(&r))
		goto done;
	rn_hist_event(&r, s->kind == HX_FAULT_POINT ? "fault armed" : "fault injected", s->name);
	if (s->kind != HX_FAULT_POINT)
		rn_finish_after_kill(&r, &open);	/* its COMMIT, on a dead connection */
	if (s->kind == HX_FAULT_POINT)
	{
		uint64_t	limit = r.txns_run + (uint64_t) budget;
		bool		fired = r.fired_at_attach;

		while (r.txns_run < limit && !fired)
		{
			HxResultKind k = rn_run_step(&r);

			if (k == HX_RES_CONN_LOST || k == HX_RES_TIMEOUT)
				fired = true;
			else if (r.txns_run % 10 == 0)
			{
				TxnRun		held;
				HxResultKind hk;

				/*
				 * Points of the checkpointer need checkpoints.  Two: the
				 * second with a transaction held open across it
				 * (rn_txn_hold_open) whose changes are the first to their
				 * pages since the first, so that only its (unflushed) WAL
				 * describes them.
				 */
				if (rn_admin_exec(&r, "CHECKPOINT", NULL, 0))
					pg_fault_checkpointed(&r.pgf, &r.c, &before_cd);
				rn_txn_hold_open(&r, &held);
				if (rn_admin_exec(&r, "CHECKPOINT", NULL, 0))
					pg_fault_checkpointed(&r.pgf, &r.c, &before_cd);
				hk = rn_txn_end(&r, &held);
				fired = hk == HX_RES_CONN_LOST || hk == HX_RES_TIMEOUT || point_fired(&r);
			}
		}
		if (!fired && !point_fired(&r))
		{
			snprintf(v->summary, sizeof(v->summary), "not reached: the workload never hit %s; ",
					 s->point);
			rn_hist_event(&r, "not reached", "the budget of transactions ran out");
			v->passed = true;	/* nothing to check; the matrix reports it as skipped */
			goto done;
		}
		rn_hist_event(&r, "fault fired", NULL);
		t_fault = hx_clock_ms();
	}
	rn_close_clients(&r);

	/* 4. recovery (we restart it if the postmaster is gone) */
	if (s->second.present)
	{
		if (!rn_await_second_fault(&r, before, n_before, gen_before, log_at))
			goto done;
		if (!r.second_fired)
			snprintf(v->summary, sizeof(v->summary),
					 "not reached: recovery never hit %s (the first fault was checked); ",
					 s->second.point);
	}
	else if (rn_first_fault_stops_postmaster(s))
	{
		pid_t		pm = r.c.postmaster_pid;

		if (pm != 0)
			hx_cluster_wait_gone(&pm, 1, o->step_timeout_ms);
		if (fault_ends_postmaster(s))
			rn_check_children_followed(&r, before, n_before);
		if (hx_cluster_start(&r.c, NULL) != HX_OK)
		{
			rn_fail(&r, "no-hang/restart", hx_last_error());
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
		rn_fail(&r, "no-hang/recovery", "the cluster did not accept connections again in time");
		goto done;
	}
	v->recovery_ms = hx_clock_ms() - t_fault;
	if (s->kind == HX_FAULT_KILL_ROLE && s->role == HX_ROLE_LOGGER)
		check_logger_restarted(&r, before, n_before, gen_before);

	/* 5. checks (no policy may fire during them) */
	if (r.pgf.active)
	{
		pg_fault_disarm(&r.pgf, &r.c);
		pg_fault_describe(&r.pgf, &r.c, v->summary, sizeof(v->summary));
	}
	else if (r.c.opt.target == HX_TARGET_MINIPG)	/* PostgreSQL has no fault_detach */
		rn_admin_exec(&r, "SELECT fault_detach('*')", NULL, 0);
	{
		char	   *log = hx_cluster_log_read(&r.c, 0);
		bool		pm_targeted = rn_first_fault_stops_postmaster(s) || r.pm_replaced;

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
			check_pages_not_ahead(&r, log, log_at);
		}
		free(log);
	}
	{
		HxSession  *chk = hx_session_connect(&r.c, "hx-check", o->step_timeout_ms);

		if (chk == NULL)
			rn_fail(&r, "no-hang/check-connect", hx_last_error());
		else
		{
			s->workload->check(r.w, chk, &v->failures);
			hx_session_close(chk);
		}
	}
	r.phase = PHASE_AFTER_RECOVERY;
	if (rn_connect_clients(&r))
	{
		for (int i = 0; i < NEW_WRITES_TXNS; i++)
			if (rn_run_txn(&r, i % r.nclients) != HX_RES_OK)
			{
				rn_fail(&r, "new-writes-work", "a transaction after recovery did not commit");
				break;
			}
		rn_close_clients(&r);
	}
	else
		rn_fail(&r, "new-writes-work", hx_last_error());
	if (hx_cluster_stop(&r.c, HX_STOP_FAST) != HX_OK || hx_cluster_start(&r.c, NULL) != HX_OK)
		rn_fail(&r, "clean-restart-keeps-all", "the fast stop and restart failed");
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
	rn_close_clients(&r);
	v->total_ms = hx_clock_ms() - t0;
	if (!v->passed || o->keep_always)
		keep_artifacts(&r, true);
	else if (o->keep_records)
		keep_artifacts(&r, false);
	if (r.c.workdir[0] != '\0')
		hx_cluster_destroy(&r.c, false);
	if (r.w != NULL)
		s->workload->destroy(r.w);
	if (r.hist != NULL)
		fclose(r.hist);
	free(r.hist_buf);
}
