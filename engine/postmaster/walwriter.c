/*-------------------------------------------------------------------------
 * walwriter.c
 *	  The WAL writer: writes and flushes WAL in the background every
 *	  wal_writer_delay, so asynchronous commits become durable within a
 *	  few hundred milliseconds and synchronous committers find most of
 *	  their WAL already written.
 *
 * A backend that commits asynchronously wakes it early (SIGUSR1) once
 * wal_writer_flush_after bytes are waiting (wal_note_async_commit).
 * Started by the postmaster once recovery is over; a failed WAL write or
 * fsync is a PANIC like anywhere else.
 *
 * Signals: SIGTERM = flush once more and exit 0; SIGUSR1 = wake up;
 * SIGHUP = reload settings; SIGQUIT = immediate _exit(2).
 *-------------------------------------------------------------------------
 */
#include "postmaster/auxprocess.h"

#include "access/wal/wal.h"
#include "storage/ipc/waitevent.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/interrupt.h"

void
walwriter_main(void *arg)
{
	(void) arg;
	aux_process_init(B_WAL_WRITER);
	wal_register_walwriter();
	while (!ProcDiePending)
	{
		uint32_t	seq = proc_wakeup_seq();

		if (PostmasterDeathPending)
			proc_exit(1);
		if (ConfigReloadPending)
		{
			ConfigReloadPending = 0;
			guc_load_config_files(".", PGC_SIGHUP);
		}
		(void) wal_background_flush();
		proc_set_wait_event(WAIT_EVENT_WAL_WRITER_MAIN);
		proc_sleep_if_unchanged(seq, guc_wal_writer_delay_ms);
		proc_set_wait_event(0);
	}
	(void) wal_background_flush();
	proc_exit(0);
}
