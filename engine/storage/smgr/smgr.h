/*-------------------------------------------------------------------------
 * smgr.h
 *	  Relation files: create, read, write, extend, truncate, unlink, fsync.
 *
 * Role: maps a relation (RelFileLocator) to its file and moves whole 8 KB
 * blocks in and out of it.  The buffer manager is the only normal reader
 * and writer; WAL replay and tools may call it directly.
 *
 * Files: a relation is exactly one file, relative to the data directory
 * (every process chdir()s there):
 *	db_oid != 0		base/<db_oid>/<rel_number>
 *	db_oid == 0		global/<rel_number>		(shared catalogs)
 *	temp_backend N	base/<db_oid>/t<N>_<rel_number>	(temporary relations)
 * There is no 1 GB segmentation: a relation's file grows as one file (up
 * to the file system's limit).  Block n lives at byte offset n * BLCKSZ.
 *
 * Invariants:
 *	- All I/O goes through storage/file/fileops.h (fault points, power-loss
 *	  simulation); nothing here calls open/pread/pwrite/fsync directly.
 *	- Every write, extend or truncate of a permanent relation registers
 *	  the file in the shared "pending fsync" table before returning, so
 *	  that the next smgr_sync_all_pending() (the checkpoint) fsyncs it
 *	  whichever process wrote it.  When the table overflows, the next sync
 *	  fsyncs every file under base/ and global/ instead (never less than
 *	  needed).  Temporary relations are never fsynced: a crash ends the
 *	  session that owns them, and the files are removed at the next start
 *	  (smgr_remove_temp_relation_files).
 *	- A failed fsync is a PANIC ("could not fsync file"), never retried:
 *	  after a failed fsync the kernel may have dropped the dirty pages, so
 *	  only WAL replay can restore them.  With fsync = off nothing is synced.
 *	- Each process caches at most SMGR_MAX_OPEN_FILES descriptors and
 *	  closes the least recently used one beyond that.  smgr_unlink() makes
 *	  every process drop its cached descriptors before their next use (a
 *	  shared counter), so nobody writes into an unlinked file's inode.
 *
 * Errors (PostgreSQL's messages): a short read or a read beyond EOF is
 * ERROR XX001 "could not read block %u in file \"%s\": read only %d of %d
 * bytes"; other I/O failures are ERROR with %m and the SQLSTATE for errno.
 *
 * See also: storage/buffer/bufmgr.h, storage/buffer/README.md (durability).
 *-------------------------------------------------------------------------
 */
#ifndef SMGR_H
#define SMGR_H

#include "common/minipg.h"

/*
 * Which relation: database (0 = shared), the relation's file number, and
 * for a temporary relation the session that owns it.  temp_backend is 0
 * for every relation that is not temporary (so {db, rel} initializers
 * name permanent relations); for a temporary one it is the owner's
 * procno + 1, the N of its schema pg_temp_N.  WAL never names a
 * temporary relation (nothing of theirs is logged).
 */
typedef struct RelFileLocator
{
	Oid			db_oid;
	Oid			rel_number;
	int32_t		temp_backend;
} RelFileLocator;

static inline bool
relfilelocator_equal(RelFileLocator a, RelFileLocator b)
{
	return a.db_oid == b.db_oid && a.rel_number == b.rel_number &&
		a.temp_backend == b.temp_backend;
}

static inline bool
relfilelocator_is_temp(RelFileLocator rl)
{
	return rl.temp_backend != 0;
}

/*
 * This session's temp_backend (procno + 1), set when the process gets its
 * proc slot; 0 in processes without one.  A temporary relation whose
 * temp_backend differs belongs to another session.
 */
extern int32_t MyTempBackend;

#define SMGR_MAX_OPEN_FILES 64
/* Longest path smgr_relpath_buf() produces, with the NUL. */
#define SMGR_RELPATH_SIZE	48
/* Highest valid block number (the file never reaches 2^32 blocks). */
#define SMGR_MAX_BLOCKS		((BlockNumber) 0xFFFFFFFE)

/* "base/<db>/<rel>", "base/<db>/t<N>_<rel>" or "global/<rel>", palloc'd /
 * into buf (no allocation). */
char	   *smgr_relpath(RelFileLocator rl);
void		smgr_relpath_buf(RelFileLocator rl, char *buf, size_t size);

/*
 * Create the relation's (empty) file, creating base/<db> if missing and
 * fsyncing the directory.  ERROR "could not create file" if it exists,
 * unless ignore_exists.
 */
void		smgr_create(RelFileLocator rl, bool ignore_exists);
bool		smgr_exists(RelFileLocator rl);
/* Remove the file (absent is fine; other failures are a WARNING). */
void		smgr_unlink(RelFileLocator rl);
/* Number of whole blocks in the file.  ERROR if it cannot be opened. */
BlockNumber smgr_nblocks(RelFileLocator rl);
/* Read block blkno into buf (BLCKSZ bytes).  ERROR on EOF/short read. */
void		smgr_read(RelFileLocator rl, BlockNumber blkno, void *buf);
/* Overwrite block blkno (may lie past EOF during WAL replay). */
void		smgr_write(RelFileLocator rl, BlockNumber blkno, const void *buf);
/* Write block blkno as a new block at the end (blkno == nblocks normally). */
void		smgr_extend(RelFileLocator rl, BlockNumber blkno, const void *buf);
/* Cut the file to nblocks blocks.  ERROR if it is shorter than that. */
void		smgr_truncate(RelFileLocator rl, BlockNumber nblocks);
/* fsync this relation's file now (PANIC on failure). */
void		smgr_immedsync(RelFileLocator rl);

/*
 * Checkpoint: fsync every file written, extended or truncated by any
 * process since the previous call started, then the directories when the
 * overflow fallback ran.  One caller at a time (serialized inside).
 * PANIC on a failed fsync.
 */
void		smgr_sync_all_pending(void);

/* What the last smgr_sync_all_pending() of this process fsync'd. */
typedef struct SmgrSyncStats
{
	int			files;
	double		longest_s;
	double		total_s;
} SmgrSyncStats;

void		smgr_last_sync_stats(SmgrSyncStats *out);
/* Files registered for the next sync; *overflowed set if the table filled. */
int			smgr_pending_sync_count(bool *overflowed);

/* Close every cached descriptor of this process. */
void		smgr_close_all(void);

/*
 * Unlink every temporary relation's file (base/<db>/t<N>_<rel>): the
 * postmaster calls it at start and before reinitializing after a crash,
 * when no session can own one.  Returns the number removed.
 */
int			smgr_remove_temp_relation_files(void);

/* Shared-memory area (see storage/ipc/shmem_areas.c). */
size_t		smgr_shmem_size(void);
void		smgr_shmem_init(void *mem, size_t size);

#endif							/* SMGR_H */
