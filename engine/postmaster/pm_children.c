/*-------------------------------------------------------------------------
 * pm_children.c
 *	  The postmaster's child table and the fork path (see pm_children.h).
 *
 * The table is a fixed array sized at postmaster start; a full table makes
 * the fork fail like a fork() EAGAIN would.
 *
 * Fault points: postmaster/fork-<kind> (backend, dead-end, startup,
 * checkpointer, bgwriter, walwriter, stats-collector, autovacuum-launcher,
 * autovacuum-worker), one per kind of child so a policy can
 * fail the fork of one kind only: the fork fails with the policy's errno
 * (default EIO; EAGAIN is what a full process table gives) and the
 * caller's real fork-failure path runs.
 *-------------------------------------------------------------------------
 */
#include "postmaster/pm_children.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "faults/fault_control.h"
#include "faults/faultpoint.h"
#include "storage/ipc/pmsignal.h"
#include "utils/elog.h"
#include "utils/interrupt.h"
#include "utils/memctx.h"

#define PM_MAX_CHILD_TABLE 4096

static PMChild children[PM_MAX_CHILD_TABLE];
static int	n_children_hwm = 0;	/* entries [0, hwm) may be in use */

void		(*pm_child_close_postmaster_fds) (void) = NULL;

const char *
pm_process_log_name(BackendType type)
{
	switch (type)
	{
		case B_BACKEND:
			return "server process";
		case B_STARTUP:
			return "startup process";
		case B_CHECKPOINTER:
			return "checkpointer process";
		case B_BG_WRITER:
			return "background writer process";
		case B_WAL_WRITER:
			return "WAL writer process";
		case B_AUTOVAC_LAUNCHER:
			return "autovacuum launcher process";
		case B_AUTOVAC_WORKER:
			return "autovacuum worker process";
		case B_STATS_COLLECTOR:
			return "statistics collector process";
		case B_ARCHIVER:
			return "archiver process";
		case B_LOGGER:
			return "system logger process";
		case B_BG_WORKER:
			return "background worker process";
		default:
			return "server process";
	}
}

pid_t		PostmasterPid = 0;
int64_t		PostmasterStartTime_us = 0;

/* Does the fault point for forking this kind of child fire?  (errno set) */
static bool
fork_fault_fires(BackendType type, bool dead_end)
{
	if (!FAULT_ARMED())
		return false;
	switch (type)
	{
		case B_BACKEND:
			return dead_end ? FAULT_POINT("postmaster/fork-dead-end") :
				FAULT_POINT("postmaster/fork-backend");
		case B_STARTUP:
			return FAULT_POINT("postmaster/fork-startup");
		case B_CHECKPOINTER:
			return FAULT_POINT("postmaster/fork-checkpointer");
		case B_BG_WRITER:
			return FAULT_POINT("postmaster/fork-bgwriter");
		case B_WAL_WRITER:
			return FAULT_POINT("postmaster/fork-walwriter");
		case B_STATS_COLLECTOR:
			return FAULT_POINT("postmaster/fork-stats-collector");
		case B_AUTOVAC_LAUNCHER:
			return FAULT_POINT("postmaster/fork-autovacuum-launcher");
		case B_AUTOVAC_WORKER:
			return FAULT_POINT("postmaster/fork-autovacuum-worker");
		default:
			return false;
	}
}

static PMChild *
alloc_entry(void)
{
	for (int i = 0; i < PM_MAX_CHILD_TABLE; i++)
	{
		if (children[i].pid == 0)
		{
			if (i >= n_children_hwm)
				n_children_hwm = i + 1;
			return &children[i];
		}
	}
	return NULL;
}

/* Everything a child does between fork() and its role's entry point
 * (signals blocked until interrupt_install_backend_handlers). */
static void
child_after_fork(BackendType type, int slot)
{
	MyProcPid = getpid();
	MyBackendType = type;
	on_proc_exit_reset();
	(void) setsid();
	if (pm_child_close_postmaster_fds)
		pm_child_close_postmaster_fds();
	interrupt_install_backend_handlers();
	interrupt_watch_postmaster(PostmasterPid);
	elog_set_process_label(backend_type_name(type));
	fault_process_init(MyBackendType);
	/* Marked ACTIVE only when the child attaches to shared memory (proc.c). */
	MyPMChildSlot = slot;
	/* The postmaster's memory contexts are ours now; start clean. */
	memctx_reset(ErrorContext);
}

pid_t
pm_start_child(BackendType type, bool dead_end, int32_t cancel_key,
			   void (*entry) (void *arg), void *arg)
{
	PMChild    *entry_slot = alloc_entry();
	int			slot = -1;

	if (entry_slot == NULL)
	{
		errno = EAGAIN;
		return -1;
	}
	if (!dead_end)
	{
		slot = pmsignal_assign_child_slot();
		if (slot < 0)
		{
			errno = EAGAIN;
			return -1;
		}
	}
	/*
	 * Every signal stays blocked across fork() until the child has its own
	 * handlers (interrupt_install_backend_handlers unblocks them): the
	 * child starts with the postmaster's handlers, which would swallow a
	 * SIGQUIT or SIGTERM sent right after the fork (the postmaster
	 * abandoning startup at once, a crash, a fast shutdown), leaving the
	 * child running until SIGKILL.  Blocked, the signal waits for the
	 * child's handler.  (The fault point is consulted first: its "wait"
	 * action must not hold the postmaster's signals.)
	 */
	sigset_t	all,
				old;
	pid_t		pid = -1;

	if (!fork_fault_fires(type, dead_end))
	{
		sigfillset(&all);
		sigprocmask(SIG_BLOCK, &all, &old);
		pid = fork();
		if (pid == 0)
		{
			child_after_fork(type, slot);
			entry(arg);
			proc_exit(0);
		}
		int			save = errno;

		sigprocmask(SIG_SETMASK, &old, NULL);
		errno = save;
	}
	if (pid < 0)
	{
		int			save = errno;

		if (slot >= 0)
			pmsignal_release_child_slot(slot);
		errno = save;
		return -1;
	}
	entry_slot->pid = pid;
	entry_slot->type = type;
	entry_slot->child_slot = slot;
	entry_slot->dead_end = dead_end;
	entry_slot->cancel_key = cancel_key;
	entry_slot->start_us = now_us();
	return pid;
}

PMChild *
pm_child_find(pid_t pid)
{
	for (int i = 0; i < n_children_hwm; i++)
		if (children[i].pid == pid)
			return &children[i];
	return NULL;
}

void
pm_child_forget(PMChild *child)
{
	child->pid = 0;
	child->child_slot = -1;
}

int
pm_count_children(uint32_t mask, bool include_dead_end)
{
	int			n = 0;

	for (int i = 0; i < n_children_hwm; i++)
	{
		PMChild    *c = &children[i];

		if (c->pid == 0 || !(mask & BACKEND_MASK(c->type)))
			continue;
		if (c->dead_end && !include_dead_end)
			continue;
		n++;
	}
	return n;
}

void
pm_signal_children(int signo, uint32_t mask)
{
	for (int i = 0; i < n_children_hwm; i++)
	{
		PMChild    *c = &children[i];

		if (c->pid == 0 || !(mask & BACKEND_MASK(c->type)))
			continue;
		/* The group first (reaches grandchildren); the pid in case setsid
		 * has not run yet in a just-forked child. */
		kill(-c->pid, signo);
		kill(c->pid, signo);
	}
}

pid_t
pm_child_pid_of_type(BackendType type)
{
	for (int i = 0; i < n_children_hwm; i++)
		if (children[i].pid != 0 && children[i].type == type && !children[i].dead_end)
			return children[i].pid;
	return 0;
}

bool
pm_child_cancel_key_matches(int pid, int32_t key)
{
	PMChild    *c = pm_child_find((pid_t) pid);

	return c != NULL && c->type == B_BACKEND && !c->dead_end && c->cancel_key == key;
}
