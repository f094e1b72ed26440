/*-------------------------------------------------------------------------
 * pm_children.h
 *	  The postmaster's private table of its child processes, and forking.
 *
 * Role: every process the postmaster forks is recorded here with its role,
 * so that exits can be classified and signals sent by role.  This table is
 * postmaster-local memory, never shared memory, so it survives any child
 * scribbling on the segment.
 *
 * Invariants:
 *	- An entry exists from fork until the postmaster reaps the pid.
 *	- Dead-end children (connections refused before attaching, because
 *	  the server is starting, recovering or shutting down) have no child
 *	  slot and never touch shared memory.
 *	- Each child runs in its own process group (setsid), so signalling the
 *	  group also reaches anything it spawned (archive_command, ...).
 *-------------------------------------------------------------------------
 */
#ifndef PM_CHILDREN_H
#define PM_CHILDREN_H

#include "common/minipg.h"
#include "storage/ipc/proc.h"

typedef struct PMChild
{
	pid_t		pid;
	BackendType type;
	int			child_slot;		/* pmsignal slot, -1 for dead-end children */
	bool		dead_end;
	int32_t		cancel_key;		/* backends: BackendKeyData secret */
	int64_t		start_us;
} PMChild;

#define BACKEND_MASK(t) (1u << (t))
#define ALL_CHILDREN_MASK 0xFFFFFFFFu

/* Fork a child running entry(arg); returns its pid or -1 (errno set). */
pid_t		pm_start_child(BackendType type, bool dead_end, int32_t cancel_key,
						   void (*entry) (void *arg), void *arg);
/*
 * Does a live backend with this pid have this cancel key?  Works in a
 * child too: it consults the copy of the table inherited at fork.
 */
bool		pm_child_cancel_key_matches(int pid, int32_t key);
PMChild    *pm_child_find(pid_t pid);
void		pm_child_forget(PMChild *child);
/* Live children whose role is in mask (dead-end children excluded unless
 * include_dead_end). */
int			pm_count_children(uint32_t mask, bool include_dead_end);
/* Signal the process group of each live child whose role is in mask. */
void		pm_signal_children(int signo, uint32_t mask);
pid_t		pm_child_pid_of_type(BackendType type);

/* The name PostgreSQL's postmaster log uses for a role ("server process"). */
const char *pm_process_log_name(BackendType type);

/* Called in a freshly forked child by pm_start_child, before entry(). */
extern void (*pm_child_close_postmaster_fds) (void);

/* The postmaster's PID (children watch it: interrupt_watch_postmaster). */
extern pid_t PostmasterPid;
/* When the postmaster started (microseconds since the epoch), inherited
 * by every child: pg_postmaster_start_time(). */
extern int64_t PostmasterStartTime_us;

#endif							/* PM_CHILDREN_H */
