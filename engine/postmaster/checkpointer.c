/*-------------------------------------------------------------------------
 * checkpointer.c
 *	  The checkpointer process: runs checkpoints when asked (CHECKPOINT,
 *	  SIGINT; a backend also asks when max_wal_size worth of WAL has
 *	  accumulated), every checkpoint_timeout when WAL was written since the
 *	  last one, and the shutdown checkpoint when the postmaster sends
 *	  SIGUSR2.  It starts with the postmaster but runs no checkpoint while
 *	  the startup process is replaying WAL (the startup process writes the
 *	  end-of-recovery checkpoint itself).
 *
 * Signals: SIGINT = a checkpoint was requested (flags in shared memory);
 * SIGUSR2 = write the shutdown checkpoint, then exit 0; SIGTERM is ignored
 * (the postmaster stops the checkpointer last, after every backend has
 * gone); SIGQUIT = immediate _exit(2).
 *
 * Error handling: a checkpoint that fails with ERROR is logged, counted as
 * failed (so waiting requesters report it), and retried at the next
 * request; the process keeps running.  A failed fsync inside it is a
 * PANIC, which restarts the cluster.
 *-------------------------------------------------------------------------
 */
#include "postmaster/auxprocess.h"

#include <signal.h>
#include <string.h>
#include <time.h>

#include "access/transam/checkpoint.h"
#include "access/wal/wal.h"
#include "storage/buffer/bufmgr.h"
#include "storage/ipc/waitevent.h"
#include "storage/lmgr/lwlock.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/interrupt.h"
#include "utils/memctx.h"

static volatile sig_atomic_t shutdown_requested = 0;
static volatile sig_atomic_t checkpoint_requested = 0;

static void
handle_sigusr2(int signo)
{
	(void) signo;
	shutdown_requested = 1;
	checkpoint_hurry = 1;
	if (MyProc)
		proc_wakeup(MyProc);
}

static void
handle_sigint(int signo)
{
	(void) signo;
	checkpoint_requested = 1;
	if (MyProc)
		proc_wakeup(MyProc);
}

static void
install_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = handle_sigusr2;
	sigaction(SIGUSR2, &sa, NULL);
	sa.sa_handler = handle_sigint;
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGTERM, &sa, NULL);
}

/* Run one checkpoint; an ERROR is logged and ends the checkpoint as failed
 * for its waiters (checkpoint_report_failure), not fatal. */
static void
run_checkpoint(int flags)
{
	ELOG_TRY();
	{
		checkpoint_perform(flags);
	}
	ELOG_CATCH();
	{
		elog_emit_current_error();
		elog_flush_error();
		bufmgr_release_all();
		lwlock_release_all();
		checkpoint_report_failure();
	}
	ELOG_END_TRY();
}

void
checkpointer_main(void *arg)
{
	time_t		last_checkpoint = time(NULL);

	(void) arg;
	aux_process_init(B_CHECKPOINTER);
	install_handlers();
	checkpoint_register_checkpointer();
	for (;;)
	{
		uint32_t	seq = proc_wakeup_seq();
		int			flags = 0;
		bool		recovering = wal_in_recovery();

		if (PostmasterDeathPending)
			proc_exit(1);		/* no checkpoint: nobody is left to serve */
		if (shutdown_requested)
		{
			/* Mid-recovery there is nothing consistent to checkpoint:
			 * the next start replays again. */
			if (!recovering)
				run_checkpoint(CHECKPOINT_IS_SHUTDOWN | CHECKPOINT_IMMEDIATE);
			proc_exit(0);
		}
		if (ConfigReloadPending)
		{
			ConfigReloadPending = 0;
			guc_load_config_files(".", PGC_SIGHUP);
		}
		time_t		now = time(NULL);

		if (!recovering)
		{
			if (checkpoint_requested)
			{
				checkpoint_requested = 0;
				flags = checkpoint_take_request();
			}
			/* Timed checkpoints only when WAL moved since the last one. */
			if (now - last_checkpoint >= guc_checkpoint_timeout_s &&
				wal_insert_position() != checkpoint_last_end())
				flags |= CHECKPOINT_CAUSE_TIME;
			if (flags != 0)
			{
				checkpoint_hurry = 0;
				run_checkpoint(flags);
				last_checkpoint = time(NULL);
				continue;
			}
		}
		if (now - last_checkpoint >= guc_checkpoint_timeout_s)
			last_checkpoint = now;	/* nothing happened: skip this one */
		long		sleep_ms = (long) (guc_checkpoint_timeout_s - (now - last_checkpoint)) * 1000;

		if (recovering)
			sleep_ms = 100;
		proc_set_wait_event(WAIT_EVENT_CHECKPOINTER_MAIN);
		proc_sleep_if_unchanged(seq, Max(sleep_ms, 100));
		proc_set_wait_event(0);
	}
}
