/*-------------------------------------------------------------------------
 * walrecovery.h
 *	  Crash recovery: replay WAL from the last checkpoint's redo point to
 *	  the end of valid WAL, then open WAL for new records.
 *
 * Called once by the startup process (and by standalone environments).
 * Steps, each logged as PostgreSQL logs it:
 *	1. read the checkpoint record pg_control points to (PANIC "could not
 *	   locate a valid checkpoint record" if it is not there);
 *	2. after a clean shutdown with nothing after that record: no replay;
 *	3. otherwise fsync the whole data directory (what a crashed server
 *	   left in the kernel's cache must be durable before a checkpoint
 *	   declares it so), mark pg_control "in crash recovery", log
 *	   "redo starts at X/Y", replay every record until one fails
 *	   validation (logged as the reason WAL ends), log "redo done at X/Y
 *	   system usage: ...", and check that no invalid page references are
 *	   left;
 *	4. wal_start_insertion() at the end of the last valid record.
 * Returns whether records were replayed (result->replayed); the caller
 * then logs the end of recovery (wal_log_end_of_recovery) and has the
 * end-of-recovery checkpoint written.
 */
#ifndef WALRECOVERY_H
#define WALRECOVERY_H

#include "common/minipg.h"

typedef struct WalRecoveryResult
{
	bool		replayed;		/* crash recovery ran */
	XLogRecPtr	redo_start;
	XLogRecPtr	last_record;	/* start of the last valid record */
	XLogRecPtr	end_of_wal;
	uint64_t	records;		/* records replayed */
} WalRecoveryResult;

void		wal_recover(WalRecoveryResult *result);

/* After wal_recover() replayed WAL: insert and flush an END_OF_RECOVERY
 * record (where this run's new WAL begins, for minipg_waldump and later
 * for timelines). */
void		wal_log_end_of_recovery(void);

#endif							/* WALRECOVERY_H */
