/*-------------------------------------------------------------------------
 * bgwriter.c
 *	  The background writer: wakes every bgwriter_delay and writes dirty
 *	  buffers just ahead of the clock sweep, so backends rarely have to
 *	  write a victim themselves.  How far ahead: the buffers allocated per
 *	  round (smoothed: a rise is followed at once, a fall over 16 rounds)
 *	  times bgwriter_lru_multiplier, at least enough to cover the whole
 *	  pool every 2 minutes; at most bgwriter_lru_maxpages writes a round
 *	  (bufmgr_bgwriter_lru_round, storage/buffer/buf_flush.c).
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

/* Allocation-rate estimate kept across rounds (see bufmgr.h). */
static BgWriterPacing pacing;

/* Scan the whole pool at least once in this many ms, even when idle. */
#define FULL_SCAN_PERIOD_MS 120000

static void
bgwriter_round(void)
{
	ELOG_TRY();
	{
		int			nbuffers = bufmgr_nbuffers();
		int			min_scan = (int) ((int64_t) nbuffers * guc_bgwriter_delay_ms /
									  FULL_SCAN_PERIOD_MS);
		bool		idle;

		if (guc_bgwriter_lru_maxpages > 0)
			(void) bufmgr_bgwriter_lru_round(&pacing, guc_bgwriter_lru_maxpages,
											 guc_bgwriter_lru_multiplier, min_scan, &idle);
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
