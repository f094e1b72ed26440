/*-------------------------------------------------------------------------
 * wal.h
 *	  The write-ahead log: positions, flushing, the redo pointer, and the
 *	  transitions between recovery and normal running.
 *
 * Role: every change to a permanent page is described by a WAL record
 * (walinsert.h) before the page may reach disk; this module owns the
 * shared WAL state, writes and fsyncs segment files under pg_wal/, and
 * tells the rest of the engine how far WAL is durable.
 *
 * The WAL rule (enforced through bufmgr_wal_flush_hook and clog.c): a data
 * or CLOG page is written only after WAL up to its LSN is flushed.
 *
 * Durability of commits: wal_flush(lsn) returns when every byte below lsn
 * is fsync'd (fdatasync) to its segment; concurrent callers share one
 * fsync (group commit: whoever gets LWLOCK_WAL_WRITE writes and syncs all
 * that has been inserted, the others then find their LSN already flushed).
 * A failed write or fsync of WAL is a PANIC.  With fsync = off nothing is
 * synced (data still reaches the kernel).
 *
 * States: after the shared memory is created, WAL is "in recovery" until
 * the startup process (or bootstrap) calls wal_start_insertion(); no
 * record can be inserted before that.
 *
 * See also: walformat.h (bytes on disk), walinsert.h (building records),
 * walreader.h, walrecovery.h, README.md.
 *-------------------------------------------------------------------------
 */
#ifndef WAL_H
#define WAL_H

#include "common/minipg.h"

/* Number of WAL buffer pages the current settings give (wal_buffers;
 * -1 = shared_buffers / 32, between 8 and 2048 pages). */
int			wal_buffer_pages(void);

size_t		wal_shmem_size(void);
void		wal_shmem_init(void *mem, size_t size);

/* Start of the next record (end of the last one inserted). */
XLogRecPtr	wal_insert_position(void);
/* Everything below this is fsync'd. */
XLogRecPtr	wal_flushed_upto(void);
/* Everything below this has been handed to the kernel. */
XLogRecPtr	wal_written_upto(void);
/* The redo point of the current/last checkpoint (full-page-image limit). */
XLogRecPtr	wal_redo_pointer(void);

/* Make WAL durable up to lsn (no-op if already, or during recovery). */
void		wal_flush(XLogRecPtr lsn);
/* An asynchronous commit ended at lsn: the WAL writer flushes it soon
 * (at once when wal_writer_flush_after bytes are waiting). */
void		wal_note_async_commit(XLogRecPtr lsn);
/* WAL writer: write and flush what is inserted; returns bytes flushed. */
uint64_t	wal_background_flush(void);
void		wal_register_walwriter(void);

/* True until wal_start_insertion(): replay may run, insertion may not. */
bool		wal_in_recovery(void);

/*
 * New cluster (bootstrap, unit tests): create the first segment and make
 * insertion start at its first record position.  Returns that position.
 */
XLogRecPtr	wal_bootstrap(uint64_t system_identifier);

/*
 * End of recovery: new records go at end_of_wal (the end of the last valid
 * record, whose start is last_record).  With clean_tail (after a crash),
 * everything after end_of_wal in its segment is zeroed and later segment
 * files are removed, so no stale bytes from before the crash can ever
 * follow new records and pass for valid ones.  redo is the redo point of
 * the last checkpoint (the full-page-image limit until the next one).
 */
void		wal_start_insertion(uint64_t system_identifier, XLogRecPtr end_of_wal,
								XLogRecPtr last_record, XLogRecPtr redo, bool clean_tail);

/*
 * Checkpoints.  wal_begin_checkpoint() fixes the redo point (the current
 * insert position) under the insert lock and returns it; page changes
 * logged after it carry full-page images.  wal_remove_old_segments()
 * removes or recycles segment files wholly before keep_from; returns the
 * number removed and recycled.
 */
XLogRecPtr	wal_begin_checkpoint(void);
void		wal_remove_old_segments(XLogRecPtr keep_from, int *removed, int *recycled);
/* Bytes of WAL inserted since the redo point (checkpoint trigger). */
uint64_t	wal_bytes_since_redo(void);

/*
 * pg_switch_wal: end the current segment now (filler records up to its
 * end, flushed), so it is complete and can be archived.  Returns the end
 * of the switch record (the insert position if the segment is empty).
 * ERROR during recovery.
 */
XLogRecPtr	wal_switch_segment(void);

/*
 * WAL archiving (walarchive.c; archive_mode != off).  Every completed
 * segment gets pg_wal/archive_status/<segment>.ready (fsync'd); the
 * archiver renames it to .done once archive_command succeeded; a
 * checkpoint removes or recycles a segment only when it is .done (a
 * segment with no status file at all gets a .ready then, and is kept).
 */
#define WAL_ARCHIVE_STATUS_DIR "pg_wal/archive_status"
bool		wal_archiving_active(void);
/* The archiver announces itself (pid 0 at exit) so segment completion wakes it. */
void		wal_archive_register_archiver(pid_t pid);
/* Oldest segment waiting for archiving: its file name into name (>= 25
 * bytes); false if none. */
bool		wal_archive_next_ready(char *name, size_t len);
/* archive_command succeeded for this segment: .ready -> .done, durably.
 * Returns false (and logs) if the rename failed. */
bool		wal_archive_mark_done(const char *name);
/* Seconds (Unix) of the last segment completion; WAL inserted since it? */
int64_t		wal_archive_last_switch_time(void);
bool		wal_activity_since_switch(void);

typedef struct WalStats
{
	uint64_t	records;
	uint64_t	fpi;
	uint64_t	bytes;
	uint64_t	writes;
	uint64_t	syncs;
	uint64_t	buffers_full;
	uint64_t	segments_added;
} WalStats;

void		wal_get_stats(WalStats *out);

/* Format an LSN as PostgreSQL does ("0/16B3D80") into buf (>= 20 bytes). */
const char *lsn_to_string(XLogRecPtr lsn, char *buf, size_t len);
/* Parse "X/Y"; false if malformed. */
bool		lsn_from_string(const char *s, XLogRecPtr *out);

#endif							/* WAL_H */
