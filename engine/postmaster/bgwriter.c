/*-------------------------------------------------------------------------
 * bgwriter.c
 *	  The background writer: wakes every bgwriter_delay and writes dirty
 *	  buffers ahead of the clock sweep, so backends rarely write their own.
 *
 * Signals: SIGTERM = exit 0 (the postmaster stops it before the shutdown
 * checkpoint); SIGHUP = reload settings; SIGQUIT = immediate _exit(2).
 *-------------------------------------------------------------------------
 */
#include "postmaster/auxprocess.h"

#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/interrupt.h"

void
bgwriter_main(void *arg)
{
	(void) arg;
	aux_process_init(B_BG_WRITER);
	while (!ProcDiePending)
		proc_sleep(guc_bgwriter_delay_ms);
	proc_exit(0);
}
