/*-------------------------------------------------------------------------
 * checkpoint.c
 *	  The checkpoint procedure and the request protocol between backends
 *	  and the checkpointer (see checkpoint.h).
 *
 * Request protocol: a requester ORs its flags into `request_flags`,
 * remembers `started`, signals the checkpointer (SIGINT) and, to wait,
 * sleeps until `completed` passes the checkpoint that started after its
 * request.  Every checkpoint the checkpointer begins ends by setting
 * `completed` to its `started` number, whether it succeeded or failed
 * (checkpoint_report_failure), as PostgreSQL's ckpt_done: a failed
 * checkpoint must not leave `completed` behind, or every later waiter
 * would wait for one checkpoint more than will ever run.  `failed` counts
 * checkpoints that ended in ERROR and `last_failed` is the number of the
 * latest of them, so a waiter reports "checkpoint request failed" exactly
 * when a checkpoint that started after its request failed.
 *
 * Fault points (steps, in the checkpointer or a standalone process, with
 * LWLOCK_CHECKPOINT held): checkpoint/end-of-recovery,
 * checkpoint/after-redo-chosen, checkpoint/before-buffer-sync,
 * checkpoint/buffer-written (buf_flush.c, per buffer),
 * checkpoint/before-file-sync, checkpoint/before-control-update,
 * checkpoint/after-control-update, checkpoint/before-wal-removal.  "error"
 * at any of them is an ordinary failed checkpoint (logged, counted,
 * retried).
 *-------------------------------------------------------------------------
 */
#include "access/transam/checkpoint.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#include "access/transam/clog.h"
#include "access/transam/controlfile.h"
#include "access/transam/procarray.h"
#include "access/transam/snapshot.h"
#include "access/transam/varsup.h"
#include "access/wal/wal.h"
#include "access/wal/walformat.h"
#include "access/wal/walinsert.h"
#include "faults/faultpoint.h"
#include "storage/buffer/bufmgr.h"
#include "storage/ipc/proc.h"
#include "storage/ipc/waitevent.h"
#include "storage/smgr/smgr.h"
#include "storage/lmgr/lwlock.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/interrupt.h"
#include "utils/pgstat/pgstat.h"
#include "utils/strbuf.h"

#define CHECKPOINT_SHARED_MAGIC 0x434B5054534855ULL	/* "CKPTSHU" */

typedef struct CheckpointShared
{
	uint64_t	magic;
	_Atomic int32_t checkpointer_pid;
	_Atomic uint32_t request_flags;
	_Atomic uint64_t started;	/* checkpoints begun (the checkpointer's) */
	_Atomic uint64_t completed;	/* = started of the last one that ended */
	_Atomic uint64_t failed;	/* how many ended in ERROR */
	_Atomic uint64_t last_failed;	/* started number of the last failure */
	_Atomic uint64_t last_checkpoint_end;	/* end of the last checkpoint record */
	_Atomic uint64_t distance_estimate;		/* bytes between redo points, averaged */
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
	if (flags & CHECKPOINT_END_OF_RECOVERY)
		strbuf_append(out, " end-of-recovery");
	if (flags & CHECKPOINT_IMMEDIATE)
		strbuf_append(out, " immediate");
	if (flags & CHECKPOINT_FORCE)
		strbuf_append(out, " force");
	if (flags & CHECKPOINT_WAIT)
		strbuf_append(out, " wait");
	if (flags & CHECKPOINT_CAUSE_XLOG)
		strbuf_append(out, " wal");
	if (flags & CHECKPOINT_CAUSE_TIME)
		strbuf_append(out, " time");
}

typedef struct CheckpointResult
{
	DBState		state;
	WalCheckpoint rec;
	XLogRecPtr	rec_start;
} CheckpointResult;

static void
record_checkpoint(ControlFileData *cf, void *arg)
{
	CheckpointResult *r = arg;

	cf->state = r->state;
	cf->checkpoint_time = r->rec.time;
	cf->next_xid = r->rec.next_xid;
	cf->next_oid = r->rec.next_oid;
	cf->checkpoint_lsn = r->rec_start;
	cf->redo_lsn = r->rec.redo;
	cf->timeline = r->rec.timeline;
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double) (t1.tv_sec - t0->tv_sec) + (double) (t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* ---- spreading the writes ---- */

volatile sig_atomic_t checkpoint_hurry = 0;

typedef struct Pace
{
	bool		immediate;
	struct timespec start;
} Pace;

uint64_t
checkpoint_wal_trigger_bytes(void)
{
	double		bytes = (double) guc_max_wal_size_mb * 1024.0 * 1024.0 /
		(1.0 + guc_checkpoint_completion_target);

	return (uint64_t) Max(bytes, (double) WAL_SEGMENT_SIZE);
}

/*
 * After each buffer written: sleep while the checkpoint is ahead of
 * schedule, i.e. its fraction of buffers written (scaled by
 * checkpoint_completion_target) exceeds both the fraction of
 * checkpoint_timeout elapsed and the fraction of the WAL trigger distance
 * used.  An immediate request or a shutdown makes it stop pacing.
 */
static void
pace_writes(int written, int total, void *arg)
{
	Pace	   *p = arg;
	double		progress = (double) written / total * guc_checkpoint_completion_target;

	while (!p->immediate)
	{
		if (PostmasterDeathPending)
			proc_exit(1);		/* nobody is left to serve: stop now */
		if (checkpoint_hurry ||
			(atomic_load(&ckpt->request_flags) & CHECKPOINT_IMMEDIATE))
		{
			p->immediate = true;
			break;
		}
		double		by_time = seconds_since(&p->start) / guc_checkpoint_timeout_s;
		double		by_wal = (double) wal_bytes_since_redo() / (double) checkpoint_wal_trigger_bytes();

		if (progress <= Max(by_time, by_wal))
			break;
		proc_set_wait_event(WAIT_EVENT_CHECKPOINT_WRITE_DELAY);
		proc_sleep(100);
		proc_set_wait_event(0);
	}
}

/* ---- the procedure ---- */

void
checkpoint_perform(int flags)
{
	struct timespec t_start;
	StringBuf	why;
	CheckpointResult r;
	Pace		pace;
	bool		shutdown = (flags & CHECKPOINT_IS_SHUTDOWN) != 0;
	int			removed = 0,
				recycled = 0;
	WalStats	ws0,
				ws1;

	/*
	 * Counted as started before anything can fail, so that a failure at
	 * any step below ends this very checkpoint for its waiters.
	 */
	atomic_fetch_add(&ckpt->started, 1);
	clock_gettime(CLOCK_MONOTONIC, &t_start);
	if (wal_in_recovery())
		elog(ERROR, "cannot run a checkpoint during recovery");
	lwlock_acquire(lwlock_get(LWLOCK_CHECKPOINT), LW_EXCLUSIVE);
	strbuf_init(&why);
	describe_flags(flags, &why);
	if (guc_log_checkpoints)
		ereport(LOG, errmsg("checkpoint starting:%s", why.data));
	wal_get_stats(&ws0);
	if (flags & CHECKPOINT_END_OF_RECOVERY)
		FAULT_MARK("checkpoint/end-of-recovery");

	ControlFileData prev;

	controlfile_get(&prev);

	/*
	 * The redo point first: every page change logged after it carries a
	 * full-page image or a delta replay will apply, so only pages dirty
	 * now must reach disk for this checkpoint.
	 */
	memset(&r, 0, sizeof(r));
	r.rec.redo = wal_begin_checkpoint();
	r.rec.timeline = WAL_TIMELINE;
	FAULT_MARK("checkpoint/after-redo-chosen");
	r.rec.next_xid = varsup_read_next_xid();
	r.rec.next_oid = varsup_read_next_oid();
	r.rec.oldest_active_xid = shutdown ? InvalidTransactionId : snapshot_global_xmin();
	r.rec.time = (int64_t) time(NULL);

	FAULT_MARK("checkpoint/before-buffer-sync");
	pace.immediate = (flags & CHECKPOINT_IMMEDIATE) != 0;
	pace.start = t_start;
#ifdef MINIPG_PLANTED_BUG_CHECKPOINT_REDO_TOO_LATE
	/*
	 * PLANTED BUG checkpoint-redo-too-late (docs/planted-bugs.md; test
	 * builds only): an online checkpoint "saves I/O" by writing only what
	 * the background writer would (dirty buffers that are unpinned and
	 * not recently used), reasoning that hot pages will be dirtied again
	 * anyway; only shutdown and end-of-recovery checkpoints write them
	 * all.  The redo point recorded below still claims that every change
	 * before it is on disk, so it lies later than the first change to a
	 * hot page that never reached disk, and replay after a crash starts
	 * too late to redo it.
	 */
	int			buffers_written = (flags & (CHECKPOINT_IS_SHUTDOWN | CHECKPOINT_END_OF_RECOVERY)) ?
		bufmgr_checkpoint_write(pace_writes, &pace) : bufmgr_bgwriter_round(bufmgr_nbuffers());
#else
	int			buffers_written = bufmgr_checkpoint_write(pace_writes, &pace);
#endif
	double		write_s = seconds_since(&t_start);

	FAULT_MARK("checkpoint/before-file-sync");
	clog_checkpoint();
	smgr_sync_all_pending();

	SmgrSyncStats ss;

	smgr_last_sync_stats(&ss);
	double		sync_s = seconds_since(&t_start) - write_s;

	/* Everything up to the redo point is on disk: say so in WAL... */
	XLogRecPtr	rec_end = wal_insert_simple(RM_XLOG, shutdown ? WAL_XLOG_CHECKPOINT_SHUTDOWN :
											WAL_XLOG_CHECKPOINT_ONLINE, InvalidTransactionId,
											&r.rec, sizeof(r.rec), &r.rec_start);

	wal_flush(rec_end);
	atomic_store(&ckpt->last_checkpoint_end, rec_end);

	/* ...and in pg_control, which is where recovery will look. */
	r.state = (flags & CHECKPOINT_IS_SHUTDOWN) ? DB_SHUTDOWNED : DB_IN_PRODUCTION;
	FAULT_MARK("checkpoint/before-control-update");
	controlfile_update(record_checkpoint, &r);
	FAULT_MARK("checkpoint/after-control-update");

	FAULT_MARK("checkpoint/before-wal-removal");
	wal_remove_old_segments(r.rec.redo, &removed, &recycled);
	wal_get_stats(&ws1);

	double		total_s = seconds_since(&t_start);

	/* distance: WAL between the previous redo point and this one;
	 * estimate: its moving average, as PostgreSQL reports them; lsn and
	 * redo lsn as PostgreSQL 16 appends them (the recovery harness checks
	 * that replay after a crash starts at the last one logged). */
	uint64_t	distance = r.rec.redo - Min(r.rec.redo, prev.redo_lsn);
	uint64_t	estimate = atomic_load(&ckpt->distance_estimate);

	estimate = distance > estimate ? distance : (uint64_t) (0.9 * estimate + 0.1 * distance);
	atomic_store(&ckpt->distance_estimate, estimate);
	if (guc_log_checkpoints)
		ereport(LOG, errmsg("checkpoint complete: wrote %d buffers (%.1f%%); "
							"%d WAL file(s) added, %d removed, %d recycled; "
							"write=%.3f s, sync=%.3f s, total=%.3f s; "
							"sync files=%d, longest=%.3f s, average=%.3f s; "
							"distance=%llu kB, estimate=%llu kB; lsn=%X/%X, redo lsn=%X/%X",
							buffers_written,
							100.0 * buffers_written / Max(bufmgr_nbuffers(), 1),
							(int) (ws1.segments_added - ws0.segments_added), removed, recycled,
							write_s, sync_s, total_s,
							ss.files, ss.longest_s, ss.files > 0 ? ss.total_s / ss.files : 0.0,
							(unsigned long long) (distance / 1024),
							(unsigned long long) (estimate / 1024),
							LSN_FORMAT_ARGS(r.rec_start), LSN_FORMAT_ARGS(r.rec.redo)));
	/* pg_stat_bgwriter counts the checkpointer's own checkpoints, not the
	 * shutdown one (as PostgreSQL 15). */
	if (MyBackendType == B_CHECKPOINTER && !shutdown)
		pgstat_report_checkpoint((flags & CHECKPOINT_CAUSE_TIME) == 0,
								 (int64_t) (write_s * 1000), (int64_t) (sync_s * 1000));
	lwlock_release(lwlock_get(LWLOCK_CHECKPOINT));
	atomic_store(&ckpt->completed, atomic_load(&ckpt->started));
}

XLogRecPtr
checkpoint_last_end(void)
{
	return atomic_load(&ckpt->last_checkpoint_end);
}

void
checkpoint_request_async(int flags)
{
	pid_t		pid = atomic_load(&ckpt->checkpointer_pid);

	if (pid == 0)
		return;
	atomic_fetch_or(&ckpt->request_flags, (uint32_t) flags);
	kill(pid, SIGINT);
}

void
checkpoint_request(int flags)
{
	pid_t		pid = atomic_load(&ckpt->checkpointer_pid);
	uint64_t	started_before = atomic_load(&ckpt->started);

	if (pid == 0)
		ereport(ERROR, errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				errmsg("checkpoint request failed"),
				errhint("Consult recent messages in the server log for details."));
	atomic_fetch_or(&ckpt->request_flags, (uint32_t) flags);
	kill(pid, SIGINT);
	if (!(flags & CHECKPOINT_WAIT))
		return;
	proc_set_wait_event(WAIT_EVENT_CHECKPOINT_DONE);

	/*
	 * Wait for a checkpoint that started after our request to end (one
	 * running at the time of the request may have missed our flags), then
	 * see whether it failed.
	 */
	while (atomic_load(&ckpt->completed) <= started_before)
	{
		CHECK_FOR_INTERRUPTS();
		proc_sleep(50);
	}
	proc_set_wait_event(0);
	if (atomic_load(&ckpt->last_failed) > started_before)
		ereport(ERROR, errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				errmsg("checkpoint request failed"),
				errhint("Consult recent messages in the server log for details."));
}

void
checkpoint_report_failure(void)
{
	uint64_t	started = atomic_load(&ckpt->started);

	/* The failure first: a waiter that sees the checkpoint ended must see
	 * that it failed. */
	atomic_fetch_add(&ckpt->failed, 1);
	atomic_store(&ckpt->last_failed, started);
	atomic_store(&ckpt->completed, started);
}
