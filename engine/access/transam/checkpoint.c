/*-------------------------------------------------------------------------
 * checkpoint.c
 *	  The checkpoint procedure and the request protocol between backends
 *	  and the checkpointer (see checkpoint.h).
 *
 * Request protocol: a requester ORs its flags into `request_flags`,
 * remembers `started`, signals the checkpointer (SIGINT) and, to wait,
 * sleeps until `completed` passes the checkpoint that started after its
 * request.  `failed` counts checkpoints that ended in ERROR, so waiters
 * can report failure.
 *-------------------------------------------------------------------------
 */
#include "access/transam/checkpoint.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#include "access/transam/clog.h"
#include "access/transam/controlfile.h"
#include "access/transam/varsup.h"
#include "faults/faultpoint.h"
#include "storage/buffer/bufmgr.h"
#include "storage/ipc/proc.h"
#include "storage/ipc/waitevent.h"
#include "storage/lmgr/lwlock.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/interrupt.h"
#include "utils/strbuf.h"

#define CHECKPOINT_SHARED_MAGIC 0x434B5054534855ULL	/* "CKPTSHU" */

typedef struct CheckpointShared
{
	uint64_t	magic;
	_Atomic int32_t checkpointer_pid;
	_Atomic uint32_t request_flags;
	_Atomic uint64_t started;
	_Atomic uint64_t completed;
	_Atomic uint64_t failed;
} CheckpointShared;

static CheckpointShared *ckpt;

size_t
checkpoint_shmem_size(void)
{
	return sizeof(CheckpointShared);
}

void
checkpoint_shmem_init(void *mem, size_t size)
{
	(void) size;
	ckpt = mem;
	ckpt->magic = CHECKPOINT_SHARED_MAGIC;
}

void
checkpoint_register_checkpointer(void)
{
	atomic_store(&ckpt->checkpointer_pid, (int32_t) MyProcPid);
}

int
checkpoint_take_request(void)
{
	return (int) atomic_exchange(&ckpt->request_flags, 0);
}

static void
describe_flags(int flags, StringBuf *out)
{
	if (flags & CHECKPOINT_IS_SHUTDOWN)
		strbuf_append(out, " shutdown");
	if (flags & CHECKPOINT_IMMEDIATE)
		strbuf_append(out, " immediate");
	if (flags & CHECKPOINT_FORCE)
		strbuf_append(out, " force");
	if (flags & CHECKPOINT_WAIT)
		strbuf_append(out, " wait");
	if (flags & CHECKPOINT_CAUSE_TIME)
		strbuf_append(out, " time");
}

typedef struct CheckpointResult
{
	bool		shutdown;
	TransactionId next_xid;
	Oid			next_oid;
	int64_t		when;
} CheckpointResult;

static void
record_checkpoint(ControlFileData *cf, void *arg)
{
	CheckpointResult *r = arg;

	cf->state = r->shutdown ? DB_SHUTDOWNED : DB_IN_PRODUCTION;
	cf->checkpoint_time = r->when;
	cf->next_xid = r->next_xid;
	cf->next_oid = r->next_oid;
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double) (t1.tv_sec - t0->tv_sec) + (double) (t1.tv_nsec - t0->tv_nsec) / 1e9;
}

void
checkpoint_perform(int flags)
{
	struct timespec t_start;
	StringBuf	why;
	CheckpointResult r;
	int			buffers_written = 0;

	clock_gettime(CLOCK_MONOTONIC, &t_start);
	lwlock_acquire(lwlock_get(LWLOCK_CHECKPOINT), LW_EXCLUSIVE);
	strbuf_init(&why);
	describe_flags(flags, &why);
	if (guc_log_checkpoints)
		ereport(LOG, errmsg("checkpoint starting:%s", why.data));
	atomic_fetch_add(&ckpt->started, 1);

	/* Ids first: anything assigned after this point is newer than the checkpoint. */
	r.shutdown = (flags & CHECKPOINT_IS_SHUTDOWN) != 0;
	r.next_xid = varsup_read_next_xid();
	r.next_oid = varsup_read_next_oid();
	r.when = (int64_t) time(NULL);

	if (FAULT_POINT("checkpoint/before-buffer-sync"))
		elog(PANIC, "fault injected before checkpoint buffer sync");
	buffers_written = bufmgr_flush_all();
	double		write_s = seconds_since(&t_start);

	clog_checkpoint();
	if (FAULT_POINT("checkpoint/before-control-update"))
		elog(PANIC, "fault injected before pg_control update");
	controlfile_update(record_checkpoint, &r);
	if (FAULT_POINT("checkpoint/after-control-update"))
		elog(PANIC, "fault injected after pg_control update");

	double		total_s = seconds_since(&t_start);

	if (guc_log_checkpoints)
		ereport(LOG, errmsg("checkpoint complete: wrote %d buffers (%.1f%%); "
							"0 WAL file(s) added, 0 removed, 0 recycled; "
							"write=%.3f s, sync=%.3f s, total=%.3f s",
							buffers_written,
							100.0 * buffers_written / Max(guc_shared_buffers_blocks, 1),
							write_s, total_s - write_s, total_s));
	lwlock_release(lwlock_get(LWLOCK_CHECKPOINT));
	atomic_fetch_add(&ckpt->completed, 1);
}

void
checkpoint_request(int flags)
{
	pid_t		pid = atomic_load(&ckpt->checkpointer_pid);
	uint64_t	started_before = atomic_load(&ckpt->started);
	uint64_t	failed_before = atomic_load(&ckpt->failed);

	if (pid == 0)
		ereport(ERROR, errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				errmsg("checkpoint request failed"),
				errhint("Consult recent messages in the server log for details."));
	atomic_fetch_or(&ckpt->request_flags, (uint32_t) flags);
	kill(pid, SIGINT);
	if (!(flags & CHECKPOINT_WAIT))
		return;
	proc_set_wait_event(WAIT_EVENT_CHECKPOINT_DONE);
	/* Wait for a checkpoint that started after our request to complete. */
	while (atomic_load(&ckpt->completed) <= started_before)
	{
		CHECK_FOR_INTERRUPTS();
		if (atomic_load(&ckpt->failed) != failed_before)
		{
			proc_set_wait_event(0);
			ereport(ERROR, errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					errmsg("checkpoint request failed"),
					errhint("Consult recent messages in the server log for details."));
		}
		proc_sleep(50);
	}
	proc_set_wait_event(0);
}

void
checkpoint_report_failure(void)
{
	atomic_fetch_add(&ckpt->failed, 1);
}
