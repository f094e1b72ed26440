/*-------------------------------------------------------------------------
 * walwrite.c
 *	  Writing the WAL ring to segment files, fsync, group commit, and the
 *	  life cycle of segment files (create, recycle, remove).
 *
 * Everything that writes happens under LWLOCK_WAL_WRITE.  A write moves
 * exactly the bytes [written_upto, target) from the ring to the files, so
 * bytes already written are never rewritten: a torn write can only damage
 * WAL that was never reported durable.
 *
 * Group commit: wal_flush() takes the write lock and then writes and
 * fsyncs everything inserted so far, not only what its caller needs;
 * committers queued on the lock meanwhile find their LSN already flushed
 * and return without an fsync of their own.
 *
 * Segment files are created full size (zero-filled, fsync'd, renamed into
 * place) so that an fdatasync of WAL never has to persist file-size
 * changes.  Checkpoints rename segments no longer needed to future
 * segment names (recycling) up to WAL_PREALLOCATE_SEGMENTS, and unlink
 * the rest; a recycled segment's stale pages carry their old page address
 * and are rejected by the reader.  With archive_mode on, a completed
 * segment gets its .ready status file here, and only segments whose
 * archiving is done may be removed or recycled (walarchive.c).
 *
 * Errors: failing to open, write or fsync WAL is a PANIC: the commit
 * protocol cannot continue without it, and a failed fsync may have lost
 * the data (never retry).
 *
 * Fault points (faults/fault_points.def): wal/write/before-write,
 * wal/flush/before-fsync, wal/segment/before-create, wal/segment/recycle and
 * wal/segment/remove make their call fail with the policy's errno (the
 * real error path runs); wal/flush/after-fsync, wal/segment/switch and
 * wal/walwriter/before-flush are steps.  All but the last run under
 * LWLOCK_WAL_WRITE (never under a spinlock).
 *-------------------------------------------------------------------------
 */
#include "access/wal/wal_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "access/transam/checkpoint.h"
#include "faults/faultpoint.h"
#include "storage/file/fileops.h"
#include "storage/lmgr/lwlock.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

#define WAL_PREALLOCATE_SEGMENTS 5

/* This process's open segment (one at a time). */
static int	open_fd = -1;
static uint64_t open_segno = 0;

static void
segment_path(uint64_t segno, char *path, size_t len)
{
	char		name[WAL_FILE_NAME_LEN + 1];

	wal_file_name(name, WAL_TIMELINE, segno);
	snprintf(path, len, "%s/%s", WAL_DIR, name);
}

static void
fsync_wal_dir(void)
{
	if (guc_fsync && fo_fsync_dir(WAL_DIR) != 0)
		ereport(PANIC, errcode_for_file_access(),
				errmsg("could not fsync directory \"%s\": %m", WAL_DIR));
}

/* Create segment segno full of zeroes (write lock held, or bootstrap). */
static void
create_segment(uint64_t segno)
{
	static const char zeros[64 * 1024];
	char		tmp[64];
	char		path[64];
	int			fd;

	segment_path(segno, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s/xlogtemp.%d", WAL_DIR, (int) getpid());
	fd = FAULT_POINT("wal/segment/before-create") ? -1 :
		fo_open(tmp, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		ereport(PANIC, errcode_for_file_access(),
				errmsg("could not create file \"%s\": %m", tmp));
	for (off_t off = 0; off < WAL_SEGMENT_SIZE; off += (off_t) sizeof(zeros))
		if (fo_write_full(fd, zeros, sizeof(zeros), off) != 0)
		{
			int			save = errno;

			fo_close(fd);
			fo_unlink(tmp);
			errno = save;
			ereport(PANIC, errcode_for_file_access(),
					errmsg("could not write to file \"%s\": %m", tmp));
		}
	if (guc_fsync && fo_fsync(fd) != 0)
		ereport(PANIC, errcode_for_file_access(),
				errmsg("could not fsync file \"%s\": %m", tmp));
	fo_close(fd);
	if (fo_rename(tmp, path) != 0)
		ereport(PANIC, errcode_for_file_access(),
				errmsg("could not rename file \"%s\" to \"%s\": %m", tmp, path));
	fsync_wal_dir();
	if (wal_shared != NULL)
		atomic_fetch_add(&wal_shared->segments_added, 1);
}

int
wal_open_segment(uint64_t segno, bool create)
{
	char		path[64];

	if (open_fd >= 0 && open_segno == segno)
		return open_fd;
	if (open_fd >= 0)
		fo_close(open_fd);
	open_fd = -1;
	segment_path(segno, path, sizeof(path));
	int			fd = fo_open(path, O_RDWR, 0);

	if (fd < 0 && errno == ENOENT && create)
	{
		create_segment(segno);
		fd = fo_open(path, O_RDWR, 0);
	}
	if (fd < 0)
		ereport(PANIC, errcode_for_file_access(),
				errmsg("could not open file \"%s\": %m", path));
	open_fd = fd;
	open_segno = segno;
	return fd;
}

/* fdatasync every segment holding bytes in [from, to). */
static void
sync_range(XLogRecPtr from, XLogRecPtr to)
{
	if (!guc_fsync || to <= from)
		return;
	for (uint64_t seg = wal_segno(from); seg <= wal_segno(to - 1); seg++)
	{
		int			fd = wal_open_segment(seg, false);

		if (!FAULT_POINT("wal/flush/before-fsync") && fo_fdatasync(fd) == 0)
		{
			atomic_fetch_add(&wal_shared->syncs, 1);
			continue;
		}
		char		path[64];

		segment_path(seg, path, sizeof(path));
		ereport(PANIC, errcode_for_file_access(),
				errmsg("could not fdatasync file \"%s\": %m", path));
	}
}

/*
 * Validate the header of every ring page that starts in [from, end), the
 * headers this write is about to hand to the kernel: a scribbled WAL
 * buffer page is a PANIC, never written (a page that started before `from`
 * had its header written already).
 */
static void
check_ring_headers(XLogRecPtr from, XLogRecPtr end, uint64_t ring_bytes)
{
	XLogRecPtr	page = (from + WAL_PAGE_SIZE - 1) / WAL_PAGE_SIZE * WAL_PAGE_SIZE;

	for (; page < end; page += WAL_PAGE_SIZE)
	{
		const WalPageHeader *h = (const WalPageHeader *) (wal_shared->ring + page % ring_bytes);

		if (h->magic != WAL_PAGE_MAGIC || h->pageaddr != page ||
			h->timeline != wal_shared->timeline ||
			(h->info & ~(WAL_PAGE_CONT | WAL_PAGE_LONG)) != 0)
			elog(PANIC, "WAL buffer page at %X/%X is corrupted (bad page header)",
				 LSN_FORMAT_ARGS(page));
	}
}

void
wal_write_locked(XLogRecPtr target, bool flush)
{
	const uint64_t ring_bytes = (uint64_t) wal_shared->npages * WAL_PAGE_SIZE;
	XLogRecPtr	inserted = atomic_load_explicit(&wal_shared->inserted_upto, memory_order_acquire);
	XLogRecPtr	from = atomic_load(&wal_shared->written_upto);

	Assert(lwlock_held_by_me(lwlock_get(LWLOCK_WAL_WRITE)));
	if (target > inserted)
		target = inserted;
	while (from < target)
	{
		uint64_t	segno = wal_segno(from);
		XLogRecPtr	end = Min(target, wal_segment_start(segno + 1));
		uint64_t	ring_off = from % ring_bytes;
		size_t		run = (size_t) Min(end - from, ring_bytes - ring_off);
		int			fd = wal_open_segment(segno, true);

		check_ring_headers(from, from + run, ring_bytes);
		if (!FAULT_POINT("wal/write/before-write") &&
			fo_write_full(fd, wal_shared->ring + ring_off, run,
						  (off_t) (from % WAL_SEGMENT_SIZE)) == 0)
		{
			atomic_fetch_add(&wal_shared->writes, 1);
			from += run;
			atomic_store(&wal_shared->written_upto, from);
			if (from % WAL_SEGMENT_SIZE == 0)
			{
				/* A segment is complete; the next write opens another. */
				FAULT_MARK("wal/segment/switch");
				if (wal_archiving_active())
				{
					/*
					 * As PostgreSQL: a segment is durable before it is
					 * offered to the archiver, so the archive never holds
					 * WAL a power loss could take from pg_wal.
					 */
					XLogRecPtr	flushed = atomic_load(&wal_shared->flushed_upto);

					if (from > flushed)
					{
						sync_range(flushed, from);
						atomic_store(&wal_shared->flushed_upto, from);
					}
				}
				wal_archive_segment_complete(segno);
				/* Time for a checkpoint (max_wal_size)? */
				if (wal_bytes_since_redo() >= checkpoint_wal_trigger_bytes())
					checkpoint_request_async(CHECKPOINT_CAUSE_XLOG);
			}
			continue;
		}
		char		path[64];

		segment_path(segno, path, sizeof(path));
		ereport(PANIC, errcode_for_file_access(),
				errmsg("could not write to log file \"%s\" at offset %u, length %zu: %m",
					   path, (unsigned) (from % WAL_SEGMENT_SIZE), run));
	}
	if (flush)
	{
		XLogRecPtr	flushed = atomic_load(&wal_shared->flushed_upto);

		if (from > flushed)
		{
			sync_range(flushed, from);
			/* Durable on disk; no waiter has been told yet. */
			FAULT_MARK("wal/flush/after-fsync");
			atomic_store(&wal_shared->flushed_upto, from);
		}
	}
}

void
wal_wait_for_ring_page(XLogRecPtr page_start)
{
	uint64_t	ring_bytes = (uint64_t) wal_shared->npages * WAL_PAGE_SIZE;

	if (page_start < ring_bytes)
		return;
	/* The page this slot held ends here; it must be on its way to disk. */
	XLogRecPtr	old_end = page_start - ring_bytes + WAL_PAGE_SIZE;

	if (atomic_load(&wal_shared->written_upto) >= old_end)
		return;
	atomic_fetch_add(&wal_shared->buffers_full, 1);
	/* Under LWLOCK_WAL_INSERT, usually inside a critical section. */
	FAULT_MARK("wal/insert/buffers-full");
	lwlock_acquire(lwlock_get(LWLOCK_WAL_WRITE), LW_EXCLUSIVE);
	wal_write_locked(old_end, false);
	lwlock_release(lwlock_get(LWLOCK_WAL_WRITE));
}

void
wal_flush(XLogRecPtr lsn)
{
	if (wal_shared == NULL || atomic_load(&wal_shared->in_recovery))
		return;
	if (atomic_load(&wal_shared->flushed_upto) >= lsn)
		return;
	lwlock_acquire(lwlock_get(LWLOCK_WAL_WRITE), LW_EXCLUSIVE);
	if (atomic_load(&wal_shared->flushed_upto) < lsn)
		wal_write_locked(atomic_load(&wal_shared->inserted_upto), true);
	XLogRecPtr	flushed = atomic_load(&wal_shared->flushed_upto);

	lwlock_release(lwlock_get(LWLOCK_WAL_WRITE));
	if (flushed < lsn)
		elog(ERROR, "xlog flush request %X/%X is not satisfied --- flushed only to %X/%X",
			 LSN_FORMAT_ARGS(lsn), LSN_FORMAT_ARGS(flushed));
}

void
wal_register_walwriter(void)
{
	atomic_store(&wal_shared->walwriter_pid, (int32_t) getpid());
}

void
wal_note_async_commit(XLogRecPtr lsn)
{
	uint64_t	cur = atomic_load(&wal_shared->async_commit_upto);

	while (cur < lsn && !atomic_compare_exchange_weak(&wal_shared->async_commit_upto, &cur, lsn))
		;
	uint64_t	pending = lsn - Min(lsn, atomic_load(&wal_shared->flushed_upto));
	int32_t		pid = atomic_load(&wal_shared->walwriter_pid);

	if (pid > 0 && pending >= (uint64_t) guc_wal_writer_flush_after_blocks * WAL_PAGE_SIZE)
		kill((pid_t) pid, SIGUSR1);
}

uint64_t
wal_background_flush(void)
{
	XLogRecPtr	target = atomic_load(&wal_shared->inserted_upto);
	XLogRecPtr	before = atomic_load(&wal_shared->flushed_upto);

	if (atomic_load(&wal_shared->in_recovery) || before >= target)
		return 0;
	FAULT_MARK("wal/walwriter/before-flush");
	lwlock_acquire(lwlock_get(LWLOCK_WAL_WRITE), LW_EXCLUSIVE);
	wal_write_locked(target, true);
	XLogRecPtr	after = atomic_load(&wal_shared->flushed_upto);

	lwlock_release(lwlock_get(LWLOCK_WAL_WRITE));
	return after > before ? after - before : 0;
}

/* ---- segment files ---- */

typedef struct SegmentList
{
	uint64_t   *segs;
	int			n;
} SegmentList;

static int
compare_u64(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *) a,
				y = *(const uint64_t *) b;

	return x < y ? -1 : x > y;
}

/* Segment numbers of the files in pg_wal, ascending (palloc'd). */
static SegmentList
list_segments(void)
{
	SegmentList l = {NULL, 0};
	int			cap = 16;
	DIR		   *dir = opendir(WAL_DIR);
	struct dirent *de;

	if (dir == NULL)
		ereport(PANIC, errcode_for_file_access(),
				errmsg("could not open directory \"%s\": %m", WAL_DIR));
	l.segs = palloc(sizeof(uint64_t) * (size_t) cap);
	while ((de = readdir(dir)) != NULL)
	{
		uint32_t	tli;
		uint64_t	segno;

		if (!wal_parse_file_name(de->d_name, &tli, &segno))
			continue;
		if (l.n == cap)
		{
			cap *= 2;
			l.segs = repalloc(l.segs, sizeof(uint64_t) * (size_t) cap);
		}
		l.segs[l.n++] = segno;
	}
	closedir(dir);
	qsort(l.segs, (size_t) l.n, sizeof(uint64_t), compare_u64);
	return l;
}

static void
unlink_segment(uint64_t segno)
{
	char		path[64];

	if (open_fd >= 0 && open_segno == segno)
	{
		fo_close(open_fd);
		open_fd = -1;
	}
	segment_path(segno, path, sizeof(path));
	if ((FAULT_POINT("wal/segment/remove") || fo_unlink(path) != 0) && errno != ENOENT)
		ereport(LOG, errcode_for_file_access(),
				errmsg("could not remove file \"%s\": %m", path));
}

void
wal_remove_segments_after(uint64_t segno)
{
	SegmentList l = list_segments();
	bool		any = false;

	for (int i = 0; i < l.n; i++)
		if (l.segs[i] > segno)
		{
			unlink_segment(l.segs[i]);
			any = true;
		}
	if (any)
		fsync_wal_dir();
	pfree(l.segs);
}

void
wal_remove_old_segments(XLogRecPtr keep_from, int *removed, int *recycled)
{
	uint64_t	keep_seg = wal_segno(keep_from);

	*removed = 0;
	*recycled = 0;
	lwlock_acquire(lwlock_get(LWLOCK_WAL_WRITE), LW_EXCLUSIVE);

	SegmentList l = list_segments();
	uint64_t	current = wal_segno(atomic_load(&wal_shared->written_upto));
	uint64_t	highest = current;
	int			future = 0;

	for (int i = 0; i < l.n; i++)
	{
		if (l.segs[i] > current)
			future++;
		highest = Max(highest, l.segs[i]);
	}
	for (int i = 0; i < l.n && l.segs[i] < keep_seg; i++)
	{
		uint64_t	old = l.segs[i];

		if (old == current)
			break;				/* never the segment being written */
		if (!wal_archive_may_remove(old))
			continue;			/* not archived yet (walarchive.c rule 1) */
		wal_archive_cleanup(old);
		if (future < WAL_PREALLOCATE_SEGMENTS)
		{
			char		from[64],
						to[64];

			segment_path(old, from, sizeof(from));
			segment_path(highest + 1, to, sizeof(to));
			if (open_fd >= 0 && open_segno == old)
			{
				fo_close(open_fd);
				open_fd = -1;
			}
			/* A failed rename falls back to removing the segment. */
			if (!FAULT_POINT("wal/segment/recycle") && fo_rename(from, to) == 0)
			{
				highest++;
				future++;
				(*recycled)++;
				continue;
			}
		}
		unlink_segment(old);
		(*removed)++;
	}
	if (*removed + *recycled > 0)
		fsync_wal_dir();
	lwlock_release(lwlock_get(LWLOCK_WAL_WRITE));
	pfree(l.segs);
}
