/*-------------------------------------------------------------------------
 * startup.c
 *	  The startup process: brings the database to a consistent state before
 *	  the postmaster accepts connections.
 *
 * Today it only checks that the cluster exists; reading pg_control and WAL
 * replay from the last checkpoint's redo point arrive with the WAL work
 * (issue "Engine II").  It exits 0 when the database is ready; any other
 * exit during startup makes the postmaster give up.
 *-------------------------------------------------------------------------
 */
#include "postmaster/auxprocess.h"

#include "utils/elog.h"

void
startup_process_main(void *arg)
{
	(void) arg;
	aux_process_init(B_STARTUP);
	proc_exit(0);
}
