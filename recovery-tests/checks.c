/*-------------------------------------------------------------------------
 * checks.c
 *	  The named checks after a fault (see checks.h).  Log checks are pure
 *	  functions of the log text.
 *-------------------------------------------------------------------------
 */
#include "checks.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool
hx_log_last_checkpoint_redo(const char *log, size_t end, uint64_t *redo)
{
	static const char key[] = "redo lsn=";
	bool		found = false;

	for (const char *p = log; (p = strstr(p, "checkpoint complete:")) != NULL && (size_t) (p - log) < end; p++)
	{
		const char *eol = strchr(p, '\n');
		const char *k = strstr(p, key);
		uint64_t	v;

		if (k != NULL && (eol == NULL || k < eol) && hx_lsn_parse_prefix(k + sizeof(key) - 1, &v, NULL))
		{
			*redo = v;
			found = true;
		}
	}
	return found;
}

bool
hx_log_redo_start(const char *log, size_t from, uint64_t *lsn)
{
	const char *p = strstr(log + from, "redo starts at ");

	return p != NULL && hx_lsn_parse_prefix(p + strlen("redo starts at "), lsn, NULL);
}

bool
hx_log_crash_reset(const char *log, size_t from)
{
	return strstr(log + from, "terminating any other active server processes") != NULL;
}

void
hx_check_reset(HxCheckList *out, const HxProcess *before, int n_before,
			   const HxProcess *after, int n_after, bool postmaster_targeted)
{
	pid_t		pm_before = 0,
				pm_after = 0;

	for (int i = 0; i < n_before; i++)
		if (before[i].role == HX_ROLE_POSTMASTER)
			pm_before = before[i].pid;
	for (int i = 0; i < n_after; i++)
		if (after[i].role == HX_ROLE_POSTMASTER)
			pm_after = after[i].pid;
	if (!postmaster_targeted && pm_before != pm_after)
		hx_check_fail(out, "postmaster-reset-children",
					  "the postmaster changed from PID %d to %d although it was not the target",
					  (int) pm_before, (int) pm_after);
	for (int i = 0; i < n_before; i++)
	{
		/* The logger outlives resets by design (PostgreSQL 15's rule). */
		if (before[i].role == HX_ROLE_POSTMASTER || before[i].role == HX_ROLE_LOGGER)
			continue;
		for (int j = 0; j < n_after; j++)
			if (after[j].pid == before[i].pid)
				hx_check_fail(out, "postmaster-reset-children",
							  "%s (PID %d) from before the crash is still running",
							  hx_role_name(before[i].role), (int) before[i].pid);
	}
}

/* Was a checkpoint started (and not logged complete) before log[end]? */
static bool
checkpoint_in_progress(const char *log, size_t end)
{
	const char *last_start = NULL,
			   *last_complete = NULL;

	for (const char *p = log; (p = strstr(p, "checkpoint starting:")) != NULL && (size_t) (p - log) < end; p++)
		last_start = p;
	for (const char *p = log; (p = strstr(p, "checkpoint complete:")) != NULL && (size_t) (p - log) < end; p++)
		last_complete = p;
	return last_start != NULL && (last_complete == NULL || last_start > last_complete);
}

void
hx_check_replay(HxCheckList *out, const char *log, size_t fault_at, uint64_t redo_before_fault)
{
	uint64_t	expected = redo_before_fault;
	bool		in_progress;
	uint64_t	started;

	const char *crash = strstr(log + fault_at, "terminating any other active server processes");
	const char *redo_line = strstr(log + fault_at, "redo starts at ");
	size_t		crash_at = crash ? (size_t) (crash - log) :
		redo_line ? (size_t) (redo_line - log) : strlen(log);

	/*
	 * A checkpoint that completed after our pg_control reading but before
	 * the crash moves the expected redo point; the end-of-recovery one,
	 * after the crash line, must not.
	 */
	(void) hx_log_last_checkpoint_redo(log, crash_at, &expected);
	in_progress = checkpoint_in_progress(log, crash_at);
	if (!hx_log_redo_start(log, fault_at, &started))
	{
		if (strstr(log + fault_at, "redo is not required") == NULL)
			hx_check_fail(out, "replay-from-last-checkpoint",
						  "no \"redo starts at\" line after the crash");
	}
	else if (in_progress && started > expected)
	{
		/*
		 * The crash hit a checkpoint after it had updated pg_control but
		 * before it logged "complete": its redo point is the right start,
		 * and the log cannot name it.  Later than the last logged one is
		 * all that can be checked.
		 */
	}
	else if (started != expected)
		hx_check_fail(out, "replay-from-last-checkpoint",
					  "redo started at %X/%X, but the last checkpoint before the crash had redo %X/%X",
					  (unsigned) (started >> 32), (unsigned) started,
					  (unsigned) (expected >> 32), (unsigned) expected);
	if (strstr(log + fault_at, "database system is ready to accept connections") == NULL)
		hx_check_fail(out, "recovery-finished", "the server never logged that it is ready again");
	else if (redo_line != NULL && strstr(redo_line, "redo done at ") == NULL)
		hx_check_fail(out, "recovery-finished", "redo started but \"redo done at\" is missing");
}
