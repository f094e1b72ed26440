/*-------------------------------------------------------------------------
 * wal_internal.h
 *	  The WAL's shared state, for the files of access/wal only.
 *
 * Layout of the "WAL" shared-memory area: a WalShared header, then the
 * ring of WAL buffer pages (wal_buffers pages of WAL_PAGE_SIZE bytes).
 * The WAL byte at LSN x lives in ring page (x / WAL_PAGE_SIZE) % npages,
 * at offset x % WAL_PAGE_SIZE, from the time it is inserted until it has
 * been written to its segment file.
 *
 * Positions, always in this order:
 *	written_upto <= inserted_upto <= insert_pos
 *	flushed_upto <= written_upto
 *	- insert_pos: where the next record starts (8-byte aligned); under
 *	  LWLOCK_WAL_INSERT.
 *	- inserted_upto: every byte below it is in the ring (may stop inside
 *	  a record that is still being copied); written by the inserter under
 *	  LWLOCK_WAL_INSERT, read by the writer without it.
 *	- written_upto / flushed_upto: handed to the kernel / fsync'd; under
 *	  LWLOCK_WAL_WRITE, readable by anyone (atomics).
 *	- redo_ptr: the redo point of the checkpoint in progress or last
 *	  completed; pages whose LSN is at or below it get a full image at
 *	  their next change.  Changed under LWLOCK_WAL_INSERT, read atomically.
 *
 * Lock order: LWLOCK_WAL_INSERT -> LWLOCK_WAL_WRITE.  The writer never
 * waits for the insert lock, so an inserter that needs a ring page the
 * writer has not written yet may write it itself.
 *-------------------------------------------------------------------------
 */
#ifndef WAL_INTERNAL_H
#define WAL_INTERNAL_H

#include <stdatomic.h>

#include "access/wal/wal.h"
#include "access/wal/walformat.h"

#define WAL_SHARED_MAGIC	0x57414C5348524431ULL	/* "WALSHRD1" */

typedef struct WalShared
{
	uint64_t	magic;
	int			npages;			/* ring pages */
	uint32_t	timeline;
	uint64_t	system_identifier;

	/* Insertion: under LWLOCK_WAL_INSERT. */
	XLogRecPtr	insert_pos;
	XLogRecPtr	prev_record;	/* start of the last record inserted */
	_Atomic uint64_t inserted_upto;
	_Atomic uint64_t redo_ptr;

	/* Writing: under LWLOCK_WAL_WRITE. */
	_Atomic uint64_t written_upto;
	_Atomic uint64_t flushed_upto;

	/* The startup process is replaying: no insertion allowed. */
	_Atomic uint32_t in_recovery;
	/* Set once insertion can start (bootstrap, or end of recovery). */
	_Atomic uint32_t insert_ready;

	/* Asynchronous commits the WAL writer has not flushed yet. */
	_Atomic uint64_t async_commit_upto;
	_Atomic int32_t walwriter_pid;
	/* The archiver, woken (SIGUSR1) when a segment is complete; 0 if none. */
	_Atomic int32_t archiver_pid;
	/* Time (Unix s) of the last segment switch, for archive_timeout. */
	_Atomic int64_t last_switch_time;

	/* Counters (pg_stat_wal). */
	_Atomic uint64_t records;
	_Atomic uint64_t fpi;
	_Atomic uint64_t bytes;
	_Atomic uint64_t writes;
	_Atomic uint64_t syncs;
	_Atomic uint64_t buffers_full;	/* inserter had to write a ring page */
	_Atomic uint64_t segments_added;

	char	   *ring;			/* npages * WAL_PAGE_SIZE (set at init) */
} WalShared;

extern WalShared *wal_shared;

static inline char *
wal_ring_addr(XLogRecPtr lsn)
{
	uint64_t	page = (lsn / WAL_PAGE_SIZE) % (uint64_t) wal_shared->npages;

	return wal_shared->ring + page * WAL_PAGE_SIZE + lsn % WAL_PAGE_SIZE;
}

/* walwrite.c: write (and optionally fsync) up to target; WAL_WRITE lock held. */
void		wal_write_locked(XLogRecPtr target, bool flush);
/* walwrite.c: make sure the ring page for page_start may be overwritten. */
void		wal_wait_for_ring_page(XLogRecPtr page_start);
/* walwrite.c: open (creating if asked) a segment file; fd cached per process. */
int			wal_open_segment(uint64_t segno, bool create);
/* walwrite.c: unlink every segment file after segno. */
void		wal_remove_segments_after(uint64_t segno);

/* walarchive.c: a segment is complete (WAL_WRITE lock held): .ready + wake. */
void		wal_archive_segment_complete(uint64_t segno);
/* walarchive.c: may the checkpoint remove/recycle this segment? */
bool		wal_archive_may_remove(uint64_t segno);
/* walarchive.c: the segment is gone: drop its status file. */
void		wal_archive_cleanup(uint64_t segno);

/* walbuf.c: insert an assembled record (see the function's comment). */
XLogRecPtr	wal_insert_record(WalRecordHeader *hdr, const char *payload, size_t payload_len,
							  uint32_t payload_crc,
							  bool (*recheck) (XLogRecPtr redo, void *arg),
							  void (*under_lock) (XLogRecPtr end, void *arg),
							  void *arg, XLogRecPtr *start_out);

#endif							/* WAL_INTERNAL_H */
