/*-------------------------------------------------------------------------
 * clog.h
 *	  The commit log: two bits of status per transaction id, cached in
 *	  shared memory and stored under pg_xact/.
 *
 * Status values: 0 = in progress (or crashed before committing: once the
 * xid is no longer in the proc array, 0 means aborted), 1 = committed,
 * 2 = aborted.
 *
 * On disk: pg_xact/XXXX files of CLOG_PAGES_PER_SEGMENT pages of BLCKSZ
 * bytes; xid x lives in page x / CLOG_XACTS_PER_PAGE, byte
 * (x % CLOG_XACTS_PER_PAGE) / 4, bits 2 * (x % 4).  A page not on disk
 * reads as zeroes.
 *
 * Invariants:
 *	- All page access is under LWLOCK_CLOG_CONTROL (shared to read a
 *	  resident page, exclusive to change one or load/evict a page).
 *	- A status is written before the transaction leaves the proc array
 *	  (see xact.h), and never changes once set.
 *	- clog_checkpoint() writes every dirty page and fsyncs the segment
 *	  files; a failed fsync is a PANIC.
 *	- The WAL rule: a page is written only after WAL is flushed up to the
 *	  newest commit/abort record whose status it holds.  Statuses lost in
 *	  a crash come back from those records during replay.
 *-------------------------------------------------------------------------
 */
#ifndef CLOG_H
#define CLOG_H

#include "common/minipg.h"

#define CLOG_XACTS_PER_BYTE		4
#define CLOG_XACTS_PER_PAGE		(BLCKSZ * CLOG_XACTS_PER_BYTE)
#define CLOG_PAGES_PER_SEGMENT	32
#define CLOG_BUFFERS			64
/* Commit LSNs are kept per group of this many xids (see clog_get_status_lsn). */
#define CLOG_XACTS_PER_LSN_GROUP 32
#define CLOG_LSN_GROUPS_PER_PAGE (CLOG_XACTS_PER_PAGE / CLOG_XACTS_PER_LSN_GROUP)

#define CLOG_STATUS_IN_PROGRESS 0
#define CLOG_STATUS_COMMITTED	1
#define CLOG_STATUS_ABORTED		2

size_t		clog_shmem_size(void);
void		clog_shmem_init(void *mem, size_t size);

int			clog_get_status(TransactionId xid);
/*
 * Also return, in *lsn, the newest commit-record end LSN recorded for the
 * xid's group of CLOG_XACTS_PER_LSN_GROUP xids (0 if none since the page
 * was loaded).  A hint bit saying "committed" may only be set once WAL is
 * flushed past it: otherwise an asynchronous commit lost in a crash could
 * leave a page claiming its rows committed.
 */
int			clog_get_status_lsn(TransactionId xid, XLogRecPtr *lsn);
/* Record a final status; lsn is the end of its commit/abort record (both
 * count for the group's LSN: conservative for an unflushed abort). */
void		clog_set_status(TransactionId xid, int status, XLogRecPtr lsn);
/* Checkpoint: write dirty pages, fsync the files written. */
void		clog_checkpoint(void);

#endif							/* CLOG_H */
