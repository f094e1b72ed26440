/*-------------------------------------------------------------------------
 * pgstat_collector.c
 *	  The stats collector process ("minipg: stats collector").
 *
 * Role: the single writer of the cumulative statistics tables.  It takes
 * messages off the shared ring and folds them (pgstat_fold.c), reads the
 * permanent stats file once per shared-memory generation, and writes it
 * when the postmaster stops it at shutdown.
 *
 * Loop: sleep until woken (a producer finding the ring half full, a reader
 * waiting for fresh counts) or PGSTAT_NAPTIME_MS; then, holding
 * LWLOCK_STATS exclusive, take batches off the ring and fold them.  The
 * lock is taken before the ring is touched, so a reader that saw the ring
 * tail pass its messages and then takes LWLOCK_STATS shared sees them
 * folded (pgstat_sync_for_read).
 *
 * Lifecycle and restart rules (postmaster.c, pm_exit.c):
 *	- started when the startup process has finished (PM_RUN, before
 *	  "ready to accept connections"), restarted if it exits 0 while the
 *	  server runs;  (never during a crash cleanup, so its death is always
 *	  a crash of its own);
 *	- attached to shared memory (a proc slot, LWLOCK_STATS), so any other
 *	  exit (a signal, a non-zero status) is a crash: every process is
 *	  reset and the statistics start from zero, like after any crash;
 *	- SIGTERM (sent after the checkpointer wrote the shutdown checkpoint):
 *	  fold what is left, write pg_stat/minipg.stat, exit 0;
 *	- SIGQUIT: _exit(2), no file (an immediate stop loses the statistics).
 *
 * Fault points: stats/collector/before-fold (step, each batch),
 * stats/collector/before-read-file (step, at start), and
 * stats/file/before-write (pgstat_file.c).
 *-------------------------------------------------------------------------
 */
#include "utils/pgstat/pgstat_internal.h"

#include <string.h>

#include "faults/faultpoint.h"
#include "postmaster/auxprocess.h"
#include "storage/buffer/bufmgr.h"
#include "storage/ipc/waitevent.h"
#include "storage/lmgr/lwlock.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/interrupt.h"
#include "utils/memctx.h"

#define PGSTAT_NAPTIME_MS	250
#define PGSTAT_BATCH		256

/*
 * pg_stat_reset_shared(target): the live counters cannot be zeroed (they
 * belong to bufmgr and the WAL module), so the base becomes minus their
 * current values and readers see zero.  Precondition: LWLOCK_STATS
 * exclusive.
 */
static void
rebase_shared(int target)
{
	PgStatGlobals live;
	PgStatGlobals *b = &pgstat_shared->base;

	pgstat_live_globals(&live);
	if (target == 0)
	{
		b->checkpoints_timed = -live.checkpoints_timed;
		b->checkpoints_req = -live.checkpoints_req;
		b->checkpoint_write_time_ms = -live.checkpoint_write_time_ms;
		b->checkpoint_sync_time_ms = -live.checkpoint_sync_time_ms;
		b->buffers_checkpoint = -live.buffers_checkpoint;
		b->buffers_clean = -live.buffers_clean;
		b->maxwritten_clean = -live.maxwritten_clean;
		b->buffers_backend = -live.buffers_backend;
		b->buffers_alloc = -live.buffers_alloc;
	}
	else if (target == 1)
	{
		b->wal_records = -live.wal_records;
		b->wal_fpi = -live.wal_fpi;
		b->wal_bytes = -live.wal_bytes;
		b->wal_buffers_full = -live.wal_buffers_full;
		b->wal_write = -live.wal_write;
		b->wal_sync = -live.wal_sync;
	}
	else
	{
		for (int t = 0; t < B_NUM_TYPES; t++)
			for (int op = 0; op < PGSTAT_IO_NUM_OPS; op++)
				b->io[t][op] = -live.io[t][op];
	}
}

/* Fold everything on the ring now.  Returns the number of messages. */
static int
drain_ring(void)
{
	static PgStatMsg batch[PGSTAT_BATCH];
	PgStatTables t;
	int			total = 0;
	int			n;

	pgstat_shared_tables(&t);
	lwlock_acquire(lwlock_get(LWLOCK_STATS), LW_EXCLUSIVE);
	t.tables_full = pgstat_shared->tables_full;
	while ((n = pgstat_ring_take(batch, PGSTAT_BATCH)) > 0)
	{
		FAULT_MARK("stats/collector/before-fold");
		for (int i = 0; i < n; i++)
		{
			if (batch[i].type == PGSTAT_MSG_RESET_SHARED)
				rebase_shared(batch[i].reset_target);
			pgstat_fold(&t, &batch[i]);
		}
		total += n;
	}
	if (t.tables_full > pgstat_shared->tables_full)
		ereport(LOG, errmsg("statistics collector: table of per-table statistics is full "
							"(%d entries); some tables are not counted", PGSTAT_MAX_TABLES));
	pgstat_shared->tables_full = t.tables_full;
	lwlock_release(lwlock_get(LWLOCK_STATS));
	return total;
}

/* An ERROR while folding or loading: logged; the collector goes on (the
 * batch being folded, or the file, is lost). */
static void
collector_recover_from_error(void)
{
	elog_emit_current_error();
	elog_flush_error();
	lwlock_release_all();
}

static int
drain_once(void)
{
	volatile int n = 0;

	ELOG_TRY();
	{
		n = drain_ring();
	}
	ELOG_CATCH();
	{
		collector_recover_from_error();
		n = 1;					/* look again at once */
	}
	ELOG_END_TRY();
	return n;
}

static void
load_file_once(void)
{
	ELOG_TRY();
	{
		lwlock_acquire(lwlock_get(LWLOCK_STATS), LW_EXCLUSIVE);
		if (!pgstat_shared->file_loaded)
		{
			pgstat_shared->file_loaded = true;
			FAULT_MARK("stats/collector/before-read-file");
			pgstat_read_and_remove_file();
		}
		lwlock_release(lwlock_get(LWLOCK_STATS));
	}
	ELOG_CATCH();
	{
		collector_recover_from_error();
	}
	ELOG_END_TRY();
}

/* SIGTERM: the last messages, then the file.  A failure to write is
 * logged; the statistics are then lost, the shutdown goes on. */
static pg_noreturn void
shutdown_collector(void)
{
	HOLD_INTERRUPTS();
	ELOG_TRY();
	{
		(void) drain_ring();
		lwlock_acquire(lwlock_get(LWLOCK_STATS), LW_EXCLUSIVE);
		pgstat_write_file();
		lwlock_release(lwlock_get(LWLOCK_STATS));
	}
	ELOG_CATCH();
	{
		elog_emit_current_error();
		elog_flush_error();
		lwlock_release_all();
	}
	ELOG_END_TRY();
	atomic_store(&pgstat_shared->collector_procno, -1);
	proc_exit(0);
}

static void
clear_procno(int code, Datum arg)
{
	(void) code;
	(void) arg;
	if (pgstat_shared != NULL)
		atomic_store(&pgstat_shared->collector_procno, -1);
}

void
pgstat_collector_main(void *arg)
{
	(void) arg;
	aux_process_init(B_STATS_COLLECTOR);
	on_proc_exit(clear_procno, 0);
	load_file_once();
	atomic_store(&pgstat_shared->collector_procno, MyProc->procno);
	for (;;)
	{
		uint32_t	seq = proc_wakeup_seq();

		if (PostmasterDeathPending)
			proc_exit(1);		/* no file: nobody asked for a shutdown */
		if (ProcDiePending)
			shutdown_collector();
		if (ConfigReloadPending)
		{
			ConfigReloadPending = 0;
			guc_load_config_files(".", PGC_SIGHUP);
		}
		if (drain_once() > 0)
			continue;
		proc_set_wait_event(WAIT_EVENT_PGSTAT_MAIN);
		proc_sleep_if_unchanged(seq, PGSTAT_NAPTIME_MS);
		proc_set_wait_event(0);
	}
}
