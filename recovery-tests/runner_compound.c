/*-------------------------------------------------------------------------
 * runner_compound.c
 *	  The runner's side of a compound scenario (compound.h): arm the
 *	  second fault before the first, then wait for and judge what the
 *	  cluster does when recovery meets it.
 *
 * Invariant: when rn_await_second_fault returns true a cluster is
 * running and no second fault is left in pg_faults/policy.conf (the
 * SQL-attached one is detached with every other policy before checks).
 *-------------------------------------------------------------------------
 */
#include "runner_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks.h"
#include "compound.h"
#include "lib/hx_util.h"

/*
 * Arm the second fault before the first: in the shared policy table (it
 * survives the crash reset) if the postmaster lives through the first
 * fault, else in pg_faults/policy.conf for the postmaster we start next.
 * nth comes from the seed's own "second" stream, so the plan's draws are
 * the same with or without a second fault.
 */
bool
rn_arm_second_fault(Run *r)
{
	const HxSecondFault *sf = &r->s->second;
	HxRng		rng;
	int64_t		nth;
	char		opts[128],
				policy[256],
				sql[512],
				out[256];

	hx_rng_init(&rng, r->seed, "second");
	nth = hx_rng_range(&rng, 1, hx_second_fault_max_nth(sf));
	hx_second_fault_policy(sf, nth, policy, sizeof(policy));
	rn_hist_event(r, "second fault armed", policy);
	if (rn_first_fault_stops_postmaster(r->s))
	{
		if (hx_policy_file_write(r->c.datadir, policy))
			return true;
		rn_fail(r, "harness/attach", strerror(errno));
		return false;
	}
	hx_second_fault_options(sf, nth, opts, sizeof(opts));
	snprintf(sql, sizeof(sql), "SELECT fault_attach('%s', '%s', '%s')", sf->point, sf->action, opts);
	if (rn_admin_exec(r, sql, out, sizeof(out)))
		return true;
	rn_fail(r, "harness/attach", out);
	return false;
}

static bool
second_fault_fired(Run *r)
{
	char		path[HX_PATH_LEN + 32];
	char	   *trail = hx_read_file(rn_trail_path(r, path, sizeof(path)), NULL);
	bool		fired = hx_second_fault_in_trail(&r->s->second, trail);

	free(trail);
	return fired;
}

/*
 * The postmaster survived the first fault: wait until it has either
 * exited or reinitialized and become ready again.
 */
static bool
wait_exit_or_ready(Run *r, pid_t pm, const char *gen_before, size_t log_at, bool *exited)
{
	double		deadline = hx_clock_ms() + r->o->step_timeout_ms;

	for (;;)
	{
		char		gen[64] = "";
		char	   *log;
		bool		ready;

		if (!hx_pid_alive(pm))
		{
			*exited = true;
			return true;
		}
		hx_cluster_shmem_generation(&r->c, gen, sizeof(gen));
		log = hx_cluster_log_read(&r->c, log_at);
		ready = log != NULL && strstr(log, "database system is ready to accept connections") != NULL;
		free(log);
		if (ready && strcmp(gen, gen_before) != 0)
		{
			*exited = false;
			return true;
		}
		if (hx_clock_ms() > deadline)
		{
			rn_fail(r, "no-hang/recovery",
				 "after the first fault the postmaster neither exited nor became ready in time");
			return false;
		}
		usleep(50 * 1000);
	}
}

/*
 * The postmaster exited because of the second fault: was that its rule
 * (compound.h), did every process of the cluster go with it, and does the
 * cluster start again once the fault is gone?
 */
static bool
judge_exit_and_restart(Run *r, const HxProcess *before, int n_before, size_t log_at)
{
	const HxSecondFault *sf = &r->s->second;
	char	   *log = hx_cluster_log_read(&r->c, log_at);

	if (sf->expect == HX_SECOND_RECOVERS_ALONE)
		hx_check_fail(&r->v->failures, "second-fault-outcome",
					  "the postmaster exited after an %s at %s, which it should have survived",
					  sf->action, sf->point);
	else if (strcmp(sf->proc, "startup") == 0 &&
			 (log == NULL || strstr(log, HX_LOG_STARTUP_ABORTED) == NULL))
		hx_check_fail(&r->v->failures, "second-fault-outcome",
					  "the startup process failed at %s but the log does not say \"%s\"",
					  sf->point, HX_LOG_STARTUP_ABORTED);
	free(log);
	rn_check_children_followed(r, before, n_before);
	hx_policy_file_remove(r->c.datadir);
	r->pm_replaced = true;
	if (hx_cluster_start(&r->c, NULL) != HX_OK)
	{
		rn_fail(r, "no-hang/restart", hx_last_error());
		return false;
	}
	return true;
}

/*
 * Step 4 of a compound scenario: recovery from the first fault meets the
 * second.  Leaves a running cluster with the second fault removed from
 * the policy file (the SQL-attached one is detached with the rest).
 */
bool
rn_await_second_fault(Run *r, const HxProcess *before, int n_before, const char *gen_before,
				   size_t log_at)
{
	const HxSecondFault *sf = &r->s->second;
	pid_t		pm = r->c.postmaster_pid;
	bool		exited;

	if (rn_first_fault_stops_postmaster(r->s))
	{
		if (pm != 0)
			hx_cluster_wait_gone(&pm, 1, r->o->step_timeout_ms);
		r->pm_replaced = true;
		exited = hx_cluster_start(&r->c, NULL) != HX_OK;	/* it exits while starting */
	}
	else if (!wait_exit_or_ready(r, pm, gen_before, log_at, &exited))
		return false;
	r->second_fired = second_fault_fired(r);
	rn_hist_event(r, "second fault", r->second_fired ? (exited ? "fired; the postmaster exited" :
													 "fired; the cluster recovered")
			   : "never fired");
	if (exited && !r->second_fired)
	{
		rn_fail(r, "no-hang/restart", "the postmaster exited, but not because of the second fault");
		return false;
	}
	if (exited)
		return judge_exit_and_restart(r, before, n_before, log_at);
	if (r->second_fired && sf->expect == HX_SECOND_POSTMASTER_EXITS)
		hx_check_fail(&r->v->failures, "second-fault-outcome",
					  "the postmaster went on after the %s failed at %s (%s)",
					  sf->proc, sf->point, sf->action);
	hx_policy_file_remove(r->c.datadir);
	return true;
}
