/*-------------------------------------------------------------------------
 * pmsignal.c
 *	  Child-slot flags and child-to-postmaster signals (see pmsignal.h).
 *-------------------------------------------------------------------------
 */
#include "storage/ipc/pmsignal.h"

#include <signal.h>
#include <stdatomic.h>
#include <unistd.h>

#include "storage/ipc/proc.h"
#include "storage/ipc/shmem.h"
#include "utils/elog.h"
#include "utils/guc.h"

#define PMSIGNAL_MAGIC 0x504D5349474EULL	/* "PMSIGN" */

typedef struct PMSignalData
{
	uint64_t	magic;
	_Atomic int reason_flags[NUM_PMSIGNALS];
	_Atomic int quit_reason;	/* PMQuitReason, written by the postmaster */
	int			n_slots;
	_Atomic int child_flags[];
} PMSignalData;

static PMSignalData *pmsignal_state = NULL;
int			MyPMChildSlot = -1;

int
pmsignal_max_children(void)
{
	return 2 * (guc_max_connections + NUM_AUXILIARY_PROCS);
}

size_t
pmsignal_shmem_size(void)
{
	return sizeof(PMSignalData) + sizeof(_Atomic int) * (size_t) pmsignal_max_children();
}

void
pmsignal_shmem_init(void *mem, size_t size)
{
	(void) size;
	pmsignal_state = mem;
	pmsignal_state->magic = PMSIGNAL_MAGIC;
	pmsignal_state->n_slots = pmsignal_max_children();
}

void
pmsignal_set_quit_reason(PMQuitReason reason)
{
	if (pmsignal_state != NULL)
		atomic_store(&pmsignal_state->quit_reason, (int) reason);
}

PMQuitReason
pmsignal_get_quit_reason(void)
{
	if (pmsignal_state == NULL)
		return PMQUIT_NOT_SENT;
	return (PMQuitReason) atomic_load(&pmsignal_state->quit_reason);
}

int
pmsignal_assign_child_slot(void)
{
	for (int i = 0; i < pmsignal_state->n_slots; i++)
	{
		if (atomic_load(&pmsignal_state->child_flags[i]) == PM_CHILD_UNUSED)
		{
			atomic_store(&pmsignal_state->child_flags[i], PM_CHILD_ASSIGNED);
			return i;
		}
	}
	return -1;
}

bool
pmsignal_release_child_slot(int slot)
{
	if (slot < 0 || slot >= pmsignal_state->n_slots)
		return true;
	int			old = atomic_exchange(&pmsignal_state->child_flags[slot], PM_CHILD_UNUSED);

	return old != PM_CHILD_ACTIVE;
}

bool
pmsignal_check_and_clear(PMSignalReason reason)
{
	return atomic_exchange(&pmsignal_state->reason_flags[reason], 0) != 0;
}

void
pmsignal_mark_active(int slot)
{
	MyPMChildSlot = slot;
	if (slot >= 0)
		atomic_store(&pmsignal_state->child_flags[slot], PM_CHILD_ACTIVE);
}

void
pmsignal_mark_clean_exit(void)
{
	if (MyPMChildSlot >= 0 && pmsignal_state != NULL)
		atomic_store(&pmsignal_state->child_flags[MyPMChildSlot], PM_CHILD_ASSIGNED);
}

void
pmsignal_send(PMSignalReason reason)
{
	atomic_store(&pmsignal_state->reason_flags[reason], 1);
	kill(shmem_header->postmaster_pid, SIGUSR1);
}
