/*-------------------------------------------------------------------------
 * bufmgr.h
 *	  The shared buffer pool: 8 KB pages of relation files cached in shared
 *	  memory, shared by every process, with pins, content locks, dirty
 *	  tracking and clock-sweep replacement.
 *
 * Role: every access to a table or index page goes through here.  A
 * caller pins a buffer (bufmgr_read / bufmgr_extend), locks its content
 * (bufmgr_lock) to read or change the page (bufmgr_page), marks it dirty
 * after a change, unlocks and releases it.  Dirty pages reach disk later:
 * on eviction, through the bgwriter, or at a checkpoint (bufmgr_flush_all).
 *
 * Rules (numbered in storage/buffer/README.md):
 *	- Pin before lock; unlock before the last release of a pin.
 *	- Change a page only under its exclusive content lock, then call
 *	  bufmgr_mark_dirty() before unlocking.  Hint bits may be set under a
 *	  share lock with bufmgr_mark_dirty_hint().
 *	- Readers copy what they need out of the page before unlocking; so an
 *	  exclusive content lock alone is enough to reorganize a page.
 *	- A page is written only with a checksum (set on a private copy) and,
 *	  once WAL exists, only after WAL up to its pd_lsn is flushed
 *	  (bufmgr_wal_flush_hook).
 *	- After an ERROR the caller's cleanup runs lwlock_release_all() and
 *	  bufmgr_release_all() (in either order).
 *
 * Errors: reading a page that fails verification raises ERROR XX001
 * "invalid page in block %u of relation %s" and leaves no valid or pinned
 * buffer behind; when every buffer is pinned, ERROR 53000 "no unpinned
 * buffers available".  A failed write leaves the buffer dirty.
 *
 * Fault points: bufmgr/evict/before-write, bufmgr/read/after-io,
 * bufmgr/flush/before-write, bufmgr/bgwriter/before-write.  When one fires
 * with the "error" action the operation fails as an I/O error would
 * (ERROR 58030), leaving the buffer as a real failure would.
 *
 * See also: storage/buffer/README.md, storage/page/page.h (format and
 * checksums), storage/smgr/smgr.h (files).
 *-------------------------------------------------------------------------
 */
#ifndef BUFMGR_H
#define BUFMGR_H

#include "common/minipg.h"
#include "storage/lmgr/lwlock.h"
#include "storage/smgr/smgr.h"

/*
 * A shared buffer is 1..NBuffers; a local buffer (a page of one of this
 * session's temporary relations, in its private memory: localbuf.c) is
 * -1..-temp_buffers; 0 is "no buffer".  Every function below takes both;
 * which kind a relation gets follows from its RelFileLocator.
 */
typedef int Buffer;

#define InvalidBuffer		0
#define BufferIsValid(buf)	((buf) != InvalidBuffer)
#define BufferIsLocal(buf)	((buf) < 0)

typedef enum BufmgrReadMode
{
	RBM_NORMAL,					/* read and verify the block from disk */
	RBM_ZERO_AND_LOCK,			/* do not read: a zeroed page, returned
								 * exclusive-locked (WAL replay of a full-page
								 * image; the block may lie past EOF) */
} BufmgrReadMode;

/* Cumulative counters (pg_stat_bgwriter, pg_stat_database later). */
typedef struct BufferPoolStats
{
	uint64_t	buffers_checkpoint; /* written by bufmgr_flush_all */
	uint64_t	buffers_clean;	/* written by bufmgr_bgwriter_round */
	uint64_t	buffers_backend;	/* written to evict a dirty victim */
	uint64_t	buffers_alloc;	/* buffers (re)assigned to a new block */
	uint64_t	blocks_read;	/* reads from disk */
	uint64_t	blocks_hit;		/* found in the pool */
	uint64_t	maxwritten_clean;	/* bgwriter rounds stopped by max_pages */
} BufferPoolStats;

/*
 * Called before each page write with the page's pd_lsn, when set (the WAL
 * module installs it): it must return only when WAL up to lsn is flushed.
 */
extern void (*bufmgr_wal_flush_hook) (XLogRecPtr lsn);

/*
 * Called by bufmgr_mark_dirty_hint() before a clean (or being-written)
 * buffer becomes dirty through hint bits alone.  If the page needs a
 * full-page image in WAL (its LSN is at or below the redo pointer), the
 * hook logs one, calls mark_dirty(buf, lsn) while no checkpoint can start,
 * and returns true; otherwise it returns false and bufmgr marks the buffer
 * dirty itself.  Installed by the WAL module (wal_log_hint_image).
 */
extern bool (*bufmgr_hint_wal_hook) (Buffer buf, void (*mark_dirty) (Buffer buf, XLogRecPtr lsn));

/*
 * Assertion builds: bufmgr_mark_dirty() checks through this hook that the
 * buffer is registered in the WAL record being built (walinsert.h), so a
 * page change that forgot its WAL record fails in every test run.
 */
extern bool (*bufmgr_wal_registered_hook) (Buffer buf);

/* Shared-memory area (sized from shared_buffers; see shmem_areas.c). */
size_t		bufmgr_shmem_size(void);
void		bufmgr_shmem_init(void *mem, size_t size);

/*
 * Pin block blkno of rl, reading and verifying it if not cached.  Returns
 * it pinned, not locked.  ERROR if the block does not exist or is corrupt.
 */
Buffer		bufmgr_read(RelFileLocator rl, BlockNumber blkno);
Buffer		bufmgr_read_ext(RelFileLocator rl, BlockNumber blkno, BufmgrReadMode mode);

/*
 * Append a new zeroed block to rl (written to the file at once, so
 * nblocks moves), returned pinned and exclusive-locked.  Concurrent
 * extenders of a relation get different blocks (relation extension lock).
 * The page is all zero: the caller page_init()s it and marks it dirty.
 */
Buffer		bufmgr_extend(RelFileLocator rl);

/* Drop one pin.  The content lock must not be held if it is the last. */
void		bufmgr_release(Buffer buf);

/* Content lock.  Precondition: pinned by this process. */
void		bufmgr_lock(Buffer buf, LWLockMode mode);
bool		bufmgr_conditional_lock(Buffer buf, LWLockMode mode);
void		bufmgr_unlock(Buffer buf);
void		bufmgr_unlock_release(Buffer buf);

/* The page changed.  Precondition: pinned and exclusive-locked. */
void		bufmgr_mark_dirty(Buffer buf);
/* Only hint bits changed.  Precondition: pinned and locked (any mode). */
void		bufmgr_mark_dirty_hint(Buffer buf);
bool		bufmgr_is_dirty(Buffer buf);

/* Page address, block and relation of a pinned buffer. */
char	   *bufmgr_page(Buffer buf);
BlockNumber bufmgr_block_number(Buffer buf);
RelFileLocator bufmgr_relation(Buffer buf);

/* Blocks in the relation's file (extensions are written at once). */
BlockNumber bufmgr_nblocks(RelFileLocator rl);

/*
 * Checkpoint: write every buffer dirty at the start of the call, then
 * smgr_sync_all_pending().  Returns the number of buffers written (fits
 * checkpoint_flush_buffers_hook).  Precondition: no content lock held.
 */
int			bufmgr_flush_all(void);
/*
 * The write phase alone (no fsync): pace(written, total, arg) runs after
 * each buffer written, so a checkpoint can spread its writes.
 */
int			bufmgr_checkpoint_write(void (*pace) (int written, int total, void *arg), void *arg);
/* Write rl's dirty buffers and fsync its file (e.g. after a bulk load). */
void		bufmgr_flush_relation(RelFileLocator rl);

/*
 * Background writer: write up to max_pages dirty, unpinned buffers that
 * the clock hand will reach next (usage count <= 1), so that backends
 * rarely have to write a victim themselves.  Returns how many were written.
 */
int			bufmgr_bgwriter_round(int max_pages);

/*
 * The background writer's paced round (bgwriter_lru_multiplier): from the
 * buffers allocated since the previous round (smoothed), estimate how many
 * the backends will need before the next one, times multiplier, and scan
 * ahead of the clock hand until that many reusable buffers (unpinned,
 * usage count <= 1) are clean, writing dirty ones, at most max_pages.
 * State is the caller's (one per bgwriter).  Returns pages written;
 * *idle is set when nothing was allocated and nothing needed writing.
 */
typedef struct BgWriterPacing
{
	uint64_t	last_alloc;		/* buffers_alloc seen at the previous round */
	double		smoothed_alloc; /* allocations per round, smoothed */
	bool		started;
} BgWriterPacing;
int			bufmgr_bgwriter_lru_round(BgWriterPacing *pacing, int max_pages,
									  double multiplier, int min_scan, bool *idle);

/*
 * DROP / TRUNCATE: forget rl's buffers (all, or those at blkno >= nblocks)
 * without writing them.  Waits for other processes' pins to go away; ERROR
 * if this process holds a pin on one.  Caller holds the lock that keeps
 * others from starting to use the relation.
 */
void		bufmgr_drop_relation(RelFileLocator rl);
/* Drop buffers at and beyond nblocks, then smgr_truncate() the file. */
void		bufmgr_truncate(RelFileLocator rl, BlockNumber nblocks);

/* After an ERROR (or at exit): release every content lock on a pinned
 * buffer and every pin this process holds. */
void		bufmgr_release_all(void);
/* Pins this process holds (counting repeats), for leak checks. */
int			bufmgr_pins_held(void);

int			bufmgr_nbuffers(void);

/* One buffer's header as pg_buffercache shows it (taken under its lock). */
typedef struct BufferInfo
{
	int			buf_id;			/* 0-based */
	bool		tag_valid;		/* holds (or is loading) a block */
	RelFileLocator rl;
	BlockNumber blkno;
	bool		dirty;
	int			usage_count;
	int			pins;			/* processes' pins, summed */
} BufferInfo;
void		bufmgr_buffer_info(int buf_id, BufferInfo *info);
void		bufmgr_get_stats(BufferPoolStats *out);

/* This session's local buffers (temporary relations). */
typedef struct LocalBufferStats
{
	uint64_t	read;			/* blocks read from the file */
	uint64_t	hit;			/* found in a local buffer */
	uint64_t	written;		/* dirty pages written (eviction, flush) */
	uint64_t	extended;		/* blocks added to a file */
	int			pages_allocated;	/* 8 KB pages allocated, <= pool size */
} LocalBufferStats;
void		bufmgr_get_local_stats(LocalBufferStats *out);
/* Local buffers in the pool: 0 until the first use, then temp_buffers. */
int			bufmgr_local_pool_size(void);
/*
 * Forget the whole pool without writing anything, as a session's exit
 * does (for drivers that run many sessions in one process: the fuzz
 * session).  Precondition: no local buffer is pinned.
 */
void		bufmgr_local_pool_discard(void);
/*
 * temp_buffers' check: NULL if new_temp_buffers may be set now, else the
 * DETAIL of the refusal (the pool is already sized).
 */
const char *bufmgr_local_pool_check(int new_temp_buffers);

#endif							/* BUFMGR_H */
