/*-------------------------------------------------------------------------
 * pmsignal.h
 *	  Child-slot flags (the dead-man switch) and signals from children to
 *	  the postmaster.
 *
 * Role: the postmaster must tell a clean child exit from a crash without
 * trusting the exit status alone.  Each child the postmaster forks gets a
 * slot; the child marks it ACTIVE when it takes its proc slot in shared
 * memory (proc.c) and back to ASSIGNED only in its orderly exit path.  A
 * child that exits before attaching (a refused connection, an
 * authentication timeout) cannot have damaged shared memory.  A child that exits with status 0
 * or 1 but left its slot ACTIVE died somewhere it should not have (e.g. a
 * stray exit() while holding shared state): the postmaster treats that as a
 * crash.
 *
 * Children also ask the postmaster for things (start an autovacuum worker,
 * recovery finished, ...) by setting a reason flag and sending SIGUSR1.
 *
 * Invariants:
 *	- The postmaster is the only writer of UNUSED->ASSIGNED and of
 *	  ->UNUSED, and of the quit reason; the child is the only writer of
 *	  ASSIGNED<->ACTIVE.  These single-word atomic stores are the
 *	  postmaster's only shared-memory writes after creation (DESIGN.md).
 *	- A slot is UNUSED again only after the postmaster reaped its child.
 *-------------------------------------------------------------------------
 */
#ifndef PMSIGNAL_H
#define PMSIGNAL_H

#include "common/minipg.h"

typedef enum PMChildState
{
	PM_CHILD_UNUSED = 0,
	PM_CHILD_ASSIGNED = 1,
	PM_CHILD_ACTIVE = 2,
} PMChildState;

typedef enum PMSignalReason
{
	PMSIGNAL_RECOVERY_STARTED,	/* startup process began WAL replay */
	PMSIGNAL_RECOVERY_FINISHED,
	PMSIGNAL_START_AUTOVAC_WORKER,
	PMSIGNAL_BACKGROUND_WORKER_CHANGE,
	PMSIGNAL_CHECKPOINT_DONE,
	NUM_PMSIGNALS
} PMSignalReason;

/* Why the postmaster is sending SIGQUIT (set just before it does). */
typedef enum PMQuitReason
{
	PMQUIT_NOT_SENT = 0,
	PMQUIT_FOR_CRASH,			/* another process crashed */
	PMQUIT_FOR_STOP,			/* immediate shutdown */
} PMQuitReason;

/* This process's slot (-1 in the postmaster and in unslotted processes). */
extern int	MyPMChildSlot;

size_t		pmsignal_shmem_size(void);
void		pmsignal_shmem_init(void *mem, size_t size);
/* Number of slots: enough for every backend and auxiliary process, twice. */
int			pmsignal_max_children(void);

/* Postmaster side. */
int			pmsignal_assign_child_slot(void);	/* -1 when none free */
/* Returns false if the child left its slot ACTIVE (unclean exit). */
bool		pmsignal_release_child_slot(int slot);
bool		pmsignal_check_and_clear(PMSignalReason reason);

void		pmsignal_set_quit_reason(PMQuitReason reason);

/* Child side (async-signal-safe). */
PMQuitReason pmsignal_get_quit_reason(void);
/* Child side. */
void		pmsignal_mark_active(int slot);
void		pmsignal_mark_clean_exit(void);
void		pmsignal_send(PMSignalReason reason);

#endif							/* PMSIGNAL_H */
