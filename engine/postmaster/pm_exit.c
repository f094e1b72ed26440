/*-------------------------------------------------------------------------
 * pm_exit.c
 *	  Classifying and describing child exits (rules in pm_exit.h).
 *-------------------------------------------------------------------------
 */
#include "postmaster/pm_exit.h"

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

static bool
is_backend_type(BackendType type)
{
	return type == B_BACKEND || type == B_AUTOVAC_WORKER || type == B_BG_WORKER;
}

bool
pm_exit_is_clean(BackendType type, int status, bool slot_clean)
{
	if (!slot_clean || !WIFEXITED(status))
		return false;
	/* The archiver ends with FATAL (exit 1) when archive_command dies by a
	 * signal: PostgreSQL 15 restarts it without a crash reset. */
	if (is_backend_type(type) || type == B_ARCHIVER)
		return WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 1;
	return WEXITSTATUS(status) == 0;
}

const char *
pm_exit_describe(const char *procname, pid_t pid, int status, char *buf, size_t len)
{
	if (WIFEXITED(status))
		snprintf(buf, len, "%s (PID %d) exited with exit code %d",
				 procname, (int) pid, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, len, "%s (PID %d) was terminated by signal %d: %s",
				 procname, (int) pid, WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		snprintf(buf, len, "%s (PID %d) exited with unrecognized status %d",
				 procname, (int) pid, status);
	return buf;
}
