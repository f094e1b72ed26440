/*-------------------------------------------------------------------------
 * pm_exit.h
 *	  How the postmaster classifies and reports the exit of a child.
 *
 * Role: the one decision that separates "a process finished" from "a
 * process may have damaged shared memory, reset everything"
 * (DESIGN.md, "The process model").  Kept apart from postmaster.c so the
 * rules can be unit-tested without forking.
 *
 * Rules:
 *	- a backend (client, autovacuum worker, background worker) exiting
 *	  with status 0 or 1 is normal: 1 is FATAL, a clean exit of a session
 *	  that failed;
 *	- an auxiliary process is normal only with status 0;
 *	- anything killed by a signal, any other exit status, and any exit
 *	  that left the child's shared-memory slot ACTIVE (the dead-man switch,
 *	  pmsignal.h) is a crash.
 *-------------------------------------------------------------------------
 */
#ifndef PM_EXIT_H
#define PM_EXIT_H

#include <sys/types.h>

#include "common/minipg.h"
#include "storage/ipc/proc.h"

/*
 * status is a waitpid() status; slot_clean says the child released its
 * shared-memory slot (always true for dead-end children, which never
 * attach).  True for a normal exit, false for a crash.
 */
bool		pm_exit_is_clean(BackendType type, int status, bool slot_clean);

/*
 * PostgreSQL's wording for an exit, e.g. "server process (PID 42) was
 * terminated by signal 9: Killed" or "... exited with exit code 2", into
 * buf; returns buf.
 */
const char *pm_exit_describe(const char *procname, pid_t pid, int status, char *buf, size_t len);

#endif							/* PM_EXIT_H */
