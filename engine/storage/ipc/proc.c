/*-------------------------------------------------------------------------
 * proc.c
 *	  Proc slots: attach/detach, sleep/wakeup, activity reporting.
 *
 * Slot allocation: the first n_backend_procs slots serve client backends
 * (and, later, autovacuum workers and background workers); the last
 * NUM_AUXILIARY_PROCS serve auxiliary processes, one per role.  A backend
 * takes any free backend slot under freelist_lock; free_backend_slots counts
 * them so the superuser reservation can be checked in O(1).
 *
 * Sleep/wakeup: each slot has a 32-bit futex word.  proc_wakeup() increments
 * it and wakes the sleeper; proc_sleep_if_unchanged(seq) sleeps only if the
 * word still equals seq, so a wakeup between "decide to sleep" and "sleep"
 * is never lost (read seq first, then check the condition, then sleep).
 *
 * Fault points (steps, no spinlock held): ipc/proc/after-attach (the slot
 * is taken and the dead-man flag armed) and ipc/proc/before-detach (in the
 * exit callback, before the slot is given back): a crash at either must
 * make the postmaster reset the cluster.
 *-------------------------------------------------------------------------
 */
#include "storage/ipc/proc.h"

#include <errno.h>
#include <linux/futex.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "faults/fault_regions.h"
#include "faults/faultpoint.h"
#include "storage/ipc/pmsignal.h"
#include "storage/smgr/smgr.h"
#include "utils/elog.h"
#include "utils/guc.h"

ProcGlobal *proc_global = NULL;
Proc	   *MyProc = NULL;
BackendType MyBackendType = B_POSTMASTER;
int			MyProcPid = 0;

const char *
backend_type_name(BackendType t)
{
	switch (t)
	{
		case B_INVALID:
			return "not initialized";
		case B_POSTMASTER:
			return "postmaster";
		case B_BACKEND:
			return "client backend";
		case B_STARTUP:
			return "startup";
		case B_CHECKPOINTER:
			return "checkpointer";
		case B_BG_WRITER:
			return "background writer";
		case B_WAL_WRITER:
			return "walwriter";
		case B_AUTOVAC_LAUNCHER:
			return "autovacuum launcher";
		case B_AUTOVAC_WORKER:
			return "autovacuum worker";
		case B_STATS_COLLECTOR:
			return "stats collector";
		case B_ARCHIVER:
			return "archiver";
		case B_LOGGER:
			return "logger";
		case B_BG_WORKER:
			return "background worker";
		case B_WAL_SENDER:
			return "walsender";
		case B_WAL_RECEIVER:
			return "walreceiver";
		case B_STANDALONE:
			return "standalone backend";
		case B_NUM_TYPES:
			break;
	}
	return "unknown process type";
}

int64_t
now_us(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (int64_t) tv.tv_sec * 1000000 + tv.tv_usec;
}

static int
backend_slot_count(void)
{
	return guc_max_connections;
}

size_t
proc_shmem_size(void)
{
	size_t		n = (size_t) backend_slot_count() + NUM_AUXILIARY_PROCS;

	return sizeof(ProcGlobal) + n * sizeof(Proc);
}

void
proc_shmem_init(void *mem, size_t size)
{
	(void) size;
	proc_global = mem;
	proc_global->magic = PROC_GLOBAL_MAGIC;
	spin_init(&proc_global->freelist_lock);
	proc_global->n_backend_procs = backend_slot_count();
	proc_global->n_procs = proc_global->n_backend_procs + NUM_AUXILIARY_PROCS;
	proc_global->free_backend_slots = proc_global->n_backend_procs;
	atomic_store(&proc_global->latest_completed_xid, InvalidTransactionId);
	for (int i = 0; i < proc_global->n_procs; i++)
	{
		Proc	   *p = &proc_global->procs[i];

		p->magic = PROC_MAGIC;
		p->procno = i;
		p->lock_wait_index = -1;
		p->lock_wait_next = -1;
	}
	/* The "corrupt" fault action may scribble magic and procno. */
	fault_register_region(FAULT_TARGET_PROC, proc_global->procs, sizeof(Proc),
						  proc_global->n_procs, 0, offsetof(Proc, procno) + sizeof(int));
}

void
proc_check_entry(const Proc *p, int i)
{
	if (p->magic != PROC_MAGIC || p->procno != i)
		elog(PANIC, "proc array entry %d is corrupted (bad magic or procno)", i);
}

static void
proc_detach(int code, Datum arg)
{
	Proc	   *p = MyProc;

	(void) code;
	(void) arg;
	if (p == NULL)
		return;
	/* An exit callback: meant for crash (the slot is still ACTIVE). */
	FAULT_MARK("ipc/proc/before-detach");
	atomic_store(&p->xid, InvalidTransactionId);
	atomic_store(&p->xmin, InvalidTransactionId);
	MyProc = NULL;
	MyTempBackend = 0;
	spin_lock(&proc_global->freelist_lock);
	atomic_store(&p->pid, 0);
	if (p->procno < proc_global->n_backend_procs)
		proc_global->free_backend_slots++;
	spin_unlock(&proc_global->freelist_lock);
}

static void
mark_clean_exit(int code, Datum arg)
{
	(void) code;
	(void) arg;
	pmsignal_mark_clean_exit();
}

static void
init_slot(Proc *p, BackendType type)
{
	p->backend_type = type;
	p->database_oid = InvalidOid;
	p->role_oid = InvalidOid;
	atomic_store(&p->xid, InvalidTransactionId);
	atomic_store(&p->xmin, InvalidTransactionId);
	p->lock_wait_index = -1;
	p->lock_wait_next = -1;
	atomic_store(&p->changecount, 0);
	p->state = STATE_UNDEFINED;
	p->wait_event_info = 0;
	p->backend_start_us = now_us();
	p->xact_start_us = 0;
	p->query_start_us = 0;
	p->state_change_us = p->backend_start_us;
	p->username[0] = p->dbname[0] = p->application_name[0] = p->client_addr[0] = '\0';
	p->client_port = 0;
	p->query[0] = '\0';
	MyProc = p;
	MyTempBackend = p->procno + 1;	/* our temporary relations' t<N>_ */
	MyBackendType = type;
	/*
	 * The dead-man switch: from here until the orderly detach, an exit that
	 * skips proc_exit (or dies) is a crash for the postmaster.  Registered
	 * before proc_detach so that it runs after it.
	 */
	if (MyPMChildSlot >= 0)
	{
		pmsignal_mark_active(MyPMChildSlot);
		on_proc_exit(mark_clean_exit, 0);
	}
	on_proc_exit(proc_detach, 0);
	FAULT_MARK("ipc/proc/after-attach");
}

void
proc_attach_backend(void)
{
	Proc	   *found = NULL;

	spin_lock(&proc_global->freelist_lock);
	for (int i = 0; i < proc_global->n_backend_procs && proc_global->free_backend_slots > 0; i++)
	{
		Proc	   *p = &proc_global->procs[i];

		if (atomic_load(&p->pid) == 0)
		{
			atomic_store(&p->pid, (int32_t) getpid());
			proc_global->free_backend_slots--;
			found = p;
			break;
		}
	}
	spin_unlock(&proc_global->freelist_lock);
	if (found == NULL)
		ereport(FATAL, errcode(ERRCODE_TOO_MANY_CONNECTIONS),
				errmsg("sorry, too many clients already"));
	init_slot(found, B_BACKEND);
}

void
proc_check_reserved_slots(bool is_superuser)
{
	int			free_slots;

	if (is_superuser || guc_superuser_reserved_connections <= 0)
		return;
	spin_lock(&proc_global->freelist_lock);
	free_slots = proc_global->free_backend_slots;
	spin_unlock(&proc_global->freelist_lock);
	if (free_slots < guc_superuser_reserved_connections)
		ereport(FATAL, errcode(ERRCODE_TOO_MANY_CONNECTIONS),
				errmsg("remaining connection slots are reserved for non-replication superuser connections"));
}

void
proc_attach_auxiliary(BackendType type)
{
	Proc	   *found = NULL;

	spin_lock(&proc_global->freelist_lock);
	for (int i = proc_global->n_backend_procs; i < proc_global->n_procs; i++)
	{
		Proc	   *p = &proc_global->procs[i];

		if (atomic_load(&p->pid) == 0)
		{
			atomic_store(&p->pid, (int32_t) getpid());
			found = p;
			break;
		}
	}
	spin_unlock(&proc_global->freelist_lock);
	if (found == NULL)
		elog(FATAL, "no free proc slot for %s", backend_type_name(type));
	init_slot(found, type);
}

uint32_t
proc_wakeup_seq(void)
{
	return atomic_load(&MyProc->wakeup_word);
}

void
proc_sleep_if_unchanged(uint32_t seq, long timeout_ms)
{
	struct timespec ts;
	struct timespec *tsp = NULL;

	if (timeout_ms >= 0)
	{
		ts.tv_sec = timeout_ms / 1000;
		ts.tv_nsec = (timeout_ms % 1000) * 1000000L;
		tsp = &ts;
	}
	(void) syscall(SYS_futex, (uint32_t *) &MyProc->wakeup_word, FUTEX_WAIT, seq, tsp, NULL, 0);
}

void
proc_sleep(long timeout_ms)
{
	proc_sleep_if_unchanged(proc_wakeup_seq(), timeout_ms);
}

void
proc_wakeup(Proc *proc)
{
	atomic_fetch_add(&proc->wakeup_word, 1);
	(void) syscall(SYS_futex, (uint32_t *) &proc->wakeup_word, FUTEX_WAKE, 1, NULL, NULL, 0);
}

static void
activity_begin(void)
{
	atomic_fetch_add_explicit(&MyProc->changecount, 1, memory_order_acq_rel);
}

static void
activity_end(void)
{
	atomic_fetch_add_explicit(&MyProc->changecount, 1, memory_order_acq_rel);
}

void
proc_set_state(BackendState state, const char *query)
{
	if (MyProc == NULL)
		return;
	int64_t		now = now_us();

	activity_begin();
	if (MyProc->state != state)
		MyProc->state_change_us = now;
	MyProc->state = state;
	if (query != NULL)
	{
		snprintf(MyProc->query, sizeof(MyProc->query), "%s", query);
		MyProc->query_start_us = now;
	}
	activity_end();
}

void
proc_set_wait_event(uint32_t wait_event_info)
{
	if (MyProc != NULL)
		MyProc->wait_event_info = wait_event_info;
}

void
proc_set_connection_info(Oid database_oid, Oid role_oid, const char *user, const char *db,
						 const char *appname, const char *addr, int port)
{
	if (MyProc == NULL)
		return;
	activity_begin();
	MyProc->database_oid = database_oid;
	MyProc->role_oid = role_oid;
	snprintf(MyProc->username, sizeof(MyProc->username), "%s", user ? user : "");
	snprintf(MyProc->dbname, sizeof(MyProc->dbname), "%s", db ? db : "");
	snprintf(MyProc->application_name, sizeof(MyProc->application_name), "%s",
			 appname ? appname : "");
	snprintf(MyProc->client_addr, sizeof(MyProc->client_addr), "%s", addr ? addr : "");
	MyProc->client_port = port;
	activity_end();
}

void
proc_set_xact_start(int64_t when_us)
{
	if (MyProc == NULL)
		return;
	activity_begin();
	MyProc->xact_start_us = when_us;
	activity_end();
}

Proc *
proc_find_by_pid(int pid)
{
	if (pid <= 0)
		return NULL;
	for (int i = 0; i < proc_global->n_procs; i++)
		if (atomic_load(&proc_global->procs[i].pid) == pid)
			return &proc_global->procs[i];
	return NULL;
}

void
proc_read_activity(const Proc *src, Proc *dst)
{
	for (int attempt = 0; attempt < 1000; attempt++)
	{
		uint32_t	before = atomic_load_explicit(&((Proc *) src)->changecount, memory_order_acquire);

		if (before & 1)
			continue;
		memcpy((void *) dst, (const void *) src, sizeof(Proc));
		atomic_thread_fence(memory_order_acquire);
		if (atomic_load_explicit(&((Proc *) src)->changecount, memory_order_acquire) == before)
			return;
	}
	/* Writer keeps changing it; an approximate copy is acceptable. */
	memcpy((void *) dst, (const void *) src, sizeof(Proc));
}

void
proc_set_application_name(const char *appname)
{
	if (MyProc == NULL)
		return;
	activity_begin();
	snprintf(MyProc->application_name, sizeof(MyProc->application_name), "%s",
			 appname ? appname : "");
	activity_end();
}
