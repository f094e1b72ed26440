/*-------------------------------------------------------------------------
 * startup.c
 *	  The startup process: brings the database to a consistent state before
 *	  the postmaster accepts connections.
 *
 * Steps (each logged as PostgreSQL logs it):
 *	1. read global/pg_control (FATAL if missing or corrupt);
 *	2. report how the cluster was left: "database system was shut down at
 *	   ..." after a clean shutdown, or "database system was interrupted;
 *	   last known up at ..." followed by "database system was not properly
 *	   shut down; automatic recovery in progress" after a crash;
 *	3. restart the id counters: after a clean shutdown from the values the
 *	   shutdown checkpoint recorded, after a crash from the durable
 *	   reservation marks (varsup.h), so no id is ever reused;
 *	4. after a crash: replay WAL from the last
 *	   checkpoint's redo point ("redo starts at", "redo done at"), write
 *	   an END_OF_RECOVERY record and ask the checkpointer for the
 *	   end-of-recovery checkpoint without waiting for it (walrecovery.h);
 *	   PostgreSQL waits for it before opening, which makes a crash restart
 *	   after heavy load as slow as writing every page replay dirtied;
 *	5. mark the cluster "in production" in pg_control and exit 0; the
 *	   postmaster then logs "database system is ready to accept
 *	   connections".
 * Any failure exits non-zero: the postmaster then aborts startup.
 *-------------------------------------------------------------------------
 */
#include "postmaster/auxprocess.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "access/transam/checkpoint.h"
#include "access/transam/controlfile.h"
#include "access/transam/procarray.h"
#include "access/transam/varsup.h"
#include "access/wal/wal.h"
#include "access/wal/walrecovery.h"
#include "utils/elog.h"

static const char *
format_time(int64_t t, char *buf, size_t len)
{
	time_t		tt = (time_t) t;
	struct tm	tm;

	gmtime_r(&tt, &tm);
	strftime(buf, len, "%Y-%m-%d %H:%M:%S UTC", &tm);
	return buf;
}

static void
mark_in_production(ControlFileData *cf, void *arg)
{
	(void) arg;
	cf->state = DB_IN_PRODUCTION;
}

void
startup_process_main(void *arg)
{
	ControlFileData cf;
	char		when[64];
	TransactionId next_xid;
	Oid			next_oid;
	WalRecoveryResult rr;

	(void) arg;
	aux_process_init(B_STARTUP);
	controlfile_load();
	controlfile_get(&cf);
	if (cf.state == DB_SHUTDOWNED)
	{
		ereport(LOG, errmsg("database system was shut down at %s",
							format_time(cf.time, when, sizeof(when))));
		next_xid = cf.next_xid;
		next_oid = cf.next_oid;
	}
	else
	{
		ereport(LOG, errmsg("database system was interrupted; last known up at %s",
							format_time(cf.time, when, sizeof(when))));
		ereport(LOG, errmsg("database system was not properly shut down; automatic recovery in progress"));
		next_xid = Max(cf.next_xid, cf.xid_reserved_until);
		next_oid = Max(cf.next_oid, cf.oid_reserved_until);
	}
	varsup_set_next(next_xid, next_oid);
	procarray_startup(next_xid);
	wal_recover(&rr);
	if (rr.replayed)
	{
		/*
		 * Open for business at once; the checkpointer writes the
		 * end-of-recovery checkpoint in the background.  Until it
		 * completes, pg_control still names the old redo point, so a crash
		 * meanwhile simply replays the same WAL again.
		 */
		wal_log_end_of_recovery();
		controlfile_update(mark_in_production, NULL);
		checkpoint_request_async(CHECKPOINT_END_OF_RECOVERY | CHECKPOINT_IMMEDIATE);
	}
	else
		controlfile_update(mark_in_production, NULL);
	proc_exit(0);
}
