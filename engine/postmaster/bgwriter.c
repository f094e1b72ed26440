/*-------------------------------------------------------------------------
 * bgwriter.c
 *	  The background writer: wakes every bgwriter_delay and writes dirty
 *	  buffers just ahead of the clock sweep (at most bgwriter_lru_maxpages
 *	  per round), so backends rarely have to write a victim themselves.
 *
 * Errors in a round (a failed write) are logged and the round is retried
 * later; the process keeps running.
 *
 * Signals: SIGTERM = exit 0 (the postmaster stops it before the shutdown
 * checkpoint); SIGHUP = reload settings; SIGQUIT = immediate _exit(2).
 *-------------------------------------------------------------------------
 */
#include "postmaster/auxprocess.h"

#include "storage/buffer/bufmgr.h"
#include "storage/ipc/waitevent.h"
#include "storage/lmgr/lwlock.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/interrupt.h"

static void
bgwriter_round(void)
{
	ELOG_TRY();
	{
		if (guc_bgwriter_lru_maxpages > 0)
			(void) bufmgr_bgwriter_round(guc_bgwriter_lru_maxpages);
	}
	ELOG_CATCH();
	{
		elog_emit_current_error();
		elog_flush_error();
		bufmgr_release_all();
		lwlock_release_all();
	}
	ELOG_END_TRY();
}

void
bgwriter_main(void *arg)
{
	(void) arg;
	aux_process_init(B_BG_WRITER);
	while (!ProcDiePending)
	{
		if (PostmasterDeathPending)
			proc_exit(1);
		if (ConfigReloadPending)
		{
			ConfigReloadPending = 0;
			guc_load_config_files(".", PGC_SIGHUP);
		}
		bgwriter_round();
		proc_set_wait_event(WAIT_EVENT_BGWRITER_MAIN);
		proc_sleep(guc_bgwriter_delay_ms);
		proc_set_wait_event(0);
	}
	proc_exit(0);
}
