/*-------------------------------------------------------------------------
 * clog.c
 *	  Commit-log pages in shared memory with write-back to pg_xact/
 *	  (see clog.h for the format and invariants).
 *
 * A small fixed set of page buffers with LRU replacement.  Loading a page
 * or evicting a dirty one happens under the exclusive control lock; the
 * page count is small and transactions mostly touch the newest page, so
 * this is rarely contended.
 *
 * Fault points (the call fails with the policy's errno, under the control
 * lock): clog/write/page, clog/read/page, clog/checkpoint/before-fsync.
 * A page write can be reached from the commit's critical section (a dirty
 * victim evicted by clog_set_status), where its ERROR becomes a PANIC.
 *-------------------------------------------------------------------------
 */
#include "access/transam/clog.h"

#include <errno.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "access/wal/wal.h"
#include "faults/faultpoint.h"
#include "storage/file/fileops.h"
#include "storage/lmgr/lwlock.h"
#include "utils/elog.h"

#define CLOG_MAGIC 0x434C4F47534855ULL	/* "CLOGSHU" */
#define CLOG_MAX_SEGMENTS_TRACKED 4096

typedef struct ClogShared
{
	uint64_t	magic;
	_Atomic uint64_t lru_clock;
	int			page_number[CLOG_BUFFERS];	/* -1 = empty slot */
	bool		dirty[CLOG_BUFFERS];
	_Atomic uint64_t last_used[CLOG_BUFFERS];	/* bumped under a shared lock too */
	/* Newest commit-record end LSN per group of xids, and per page. */
	XLogRecPtr	group_lsn[CLOG_BUFFERS][CLOG_LSN_GROUPS_PER_PAGE];
	XLogRecPtr	page_lsn[CLOG_BUFFERS];
	/* Segments written since the last checkpoint (need fsync). */
	bool		segment_dirty[CLOG_MAX_SEGMENTS_TRACKED];
	bool		segment_overflow;	/* a segment number beyond the table was written */
	char		pages[CLOG_BUFFERS][BLCKSZ];
} ClogShared;

static ClogShared *clog;

size_t
clog_shmem_size(void)
{
	return sizeof(ClogShared);
}

void
clog_shmem_init(void *mem, size_t size)
{
	(void) size;
	clog = mem;
	clog->magic = CLOG_MAGIC;
	for (int i = 0; i < CLOG_BUFFERS; i++)
		clog->page_number[i] = -1;
}

static void
segment_path(int segno, char *buf, size_t len)
{
	snprintf(buf, len, "pg_xact/%04X", (unsigned) segno);
}

/* Write one page to its segment file.  Control lock held exclusively.
 * The WAL rule: the commit records behind its statuses are flushed first. */
static void
write_page(int slot)
{
	int			pageno = clog->page_number[slot];

	wal_flush(clog->page_lsn[slot]);
	int			segno = pageno / CLOG_PAGES_PER_SEGMENT;
	char		path[64];

	segment_path(segno, path, sizeof(path));
	int			fd = fo_open(path, O_RDWR | O_CREAT, 0600);

	if (fd < 0)
		ereport(ERROR, errcode_for_file_access(),
				errmsg("could not open file \"%s\": %m", path));
	off_t		off = (off_t) (pageno % CLOG_PAGES_PER_SEGMENT) * BLCKSZ;

	if (FAULT_POINT("clog/write/page") || fo_write_full(fd, clog->pages[slot], BLCKSZ, off) != 0)
	{
		int			save = errno;

		close(fd);
		errno = save;
		ereport(ERROR, errcode_for_file_access(),
				errmsg("could not write to file \"%s\" at offset %lld: %m", path, (long long) off));
	}
	close(fd);
	clog->dirty[slot] = false;
	if (segno < CLOG_MAX_SEGMENTS_TRACKED)
		clog->segment_dirty[segno] = true;
	else
		clog->segment_overflow = true;
}

static void
read_page(int slot, int pageno)
{
	char		path[64];
	int			segno = pageno / CLOG_PAGES_PER_SEGMENT;

	segment_path(segno, path, sizeof(path));
	memset(clog->pages[slot], 0, BLCKSZ);
	int			fd = fo_open(path, O_RDONLY, 0);

	if (fd < 0)
	{
		if (errno == ENOENT)
			return;				/* never written: all zero */
		ereport(ERROR, errcode_for_file_access(),
				errmsg("could not open file \"%s\": %m", path));
	}
	off_t		off = (off_t) (pageno % CLOG_PAGES_PER_SEGMENT) * BLCKSZ;
	ssize_t		n = FAULT_POINT("clog/read/page") ? -1 :
		fo_pread(fd, clog->pages[slot], BLCKSZ, off);
	int			save = errno;

	close(fd);
	if (n < 0)
	{
		errno = save;
		ereport(ERROR, errcode_for_file_access(),
				errmsg("could not read from file \"%s\" at offset %lld: %m", path, (long long) off));
	}
	/* A short read leaves the rest zero: the page was only partly written. */
}

static int
find_slot(int pageno)
{
	for (int i = 0; i < CLOG_BUFFERS; i++)
		if (clog->page_number[i] == pageno)
			return i;
	return -1;
}

/* Make pageno resident; returns its slot.  Control lock held exclusively. */
static int
load_page(int pageno)
{
	int			slot = find_slot(pageno);

	if (slot >= 0)
		return slot;
	int			victim = 0;

	for (int i = 0; i < CLOG_BUFFERS; i++)
	{
		if (clog->page_number[i] < 0)
		{
			victim = i;
			break;
		}
		if (atomic_load(&clog->last_used[i]) < atomic_load(&clog->last_used[victim]))
			victim = i;
	}
	if (clog->page_number[victim] >= 0 && clog->dirty[victim])
		write_page(victim);
	clog->page_number[victim] = -1;
	memset(clog->group_lsn[victim], 0, sizeof(clog->group_lsn[victim]));
	clog->page_lsn[victim] = InvalidXLogRecPtr;
	read_page(victim, pageno);
	clog->page_number[victim] = pageno;
	clog->dirty[victim] = false;
	return victim;
}

int
clog_get_status(TransactionId xid)
{
	return clog_get_status_lsn(xid, NULL);
}

int
clog_get_status_lsn(TransactionId xid, XLogRecPtr *lsn_out)
{
	int			pageno = (int) (xid / CLOG_XACTS_PER_PAGE);
	int			byteno = (int) ((xid % CLOG_XACTS_PER_PAGE) / CLOG_XACTS_PER_BYTE);
	int			shift = (int) (xid % CLOG_XACTS_PER_BYTE) * 2;
	int			status;

	if (lsn_out != NULL)
		*lsn_out = InvalidXLogRecPtr;
	if (xid == BootstrapTransactionId || xid == FrozenTransactionId)
		return CLOG_STATUS_COMMITTED;
	if (!TransactionIdIsNormal(xid))
		return CLOG_STATUS_ABORTED;

	lwlock_acquire(lwlock_get(LWLOCK_CLOG_CONTROL), LW_SHARED);
	int			slot = find_slot(pageno);

	if (slot < 0)
	{
		lwlock_release(lwlock_get(LWLOCK_CLOG_CONTROL));
		lwlock_acquire(lwlock_get(LWLOCK_CLOG_CONTROL), LW_EXCLUSIVE);
		slot = load_page(pageno);
	}
	status = (clog->pages[slot][byteno] >> shift) & 3;
	if (lsn_out != NULL)
		*lsn_out = clog->group_lsn[slot][(xid % CLOG_XACTS_PER_PAGE) / CLOG_XACTS_PER_LSN_GROUP];
	atomic_store(&clog->last_used[slot], atomic_fetch_add(&clog->lru_clock, 1) + 1);
	lwlock_release(lwlock_get(LWLOCK_CLOG_CONTROL));
	return status;
}

void
clog_set_status(TransactionId xid, int status, XLogRecPtr lsn)
{
	int			pageno = (int) (xid / CLOG_XACTS_PER_PAGE);
	int			byteno = (int) ((xid % CLOG_XACTS_PER_PAGE) / CLOG_XACTS_PER_BYTE);
	int			shift = (int) (xid % CLOG_XACTS_PER_BYTE) * 2;

	Assert(TransactionIdIsNormal(xid));
	Assert(status == CLOG_STATUS_COMMITTED || status == CLOG_STATUS_ABORTED);
	lwlock_acquire(lwlock_get(LWLOCK_CLOG_CONTROL), LW_EXCLUSIVE);
	int			slot = load_page(pageno);
	char	   *b = &clog->pages[slot][byteno];

	*b = (char) ((*b & ~(3 << shift)) | (status << shift));
	if (lsn != InvalidXLogRecPtr)
	{
		int			group = (int) ((xid % CLOG_XACTS_PER_PAGE) / CLOG_XACTS_PER_LSN_GROUP);

		if (clog->group_lsn[slot][group] < lsn)
			clog->group_lsn[slot][group] = lsn;
		if (clog->page_lsn[slot] < lsn)
			clog->page_lsn[slot] = lsn;
	}
	clog->dirty[slot] = true;
	atomic_store(&clog->last_used[slot], atomic_fetch_add(&clog->lru_clock, 1) + 1);
	lwlock_release(lwlock_get(LWLOCK_CLOG_CONTROL));
}

static void
fsync_segment(int segno)
{
	char		path[64];

	segment_path(segno, path, sizeof(path));
	int			fd = fo_open(path, O_RDWR, 0);

	if (fd < 0)
	{
		if (errno == ENOENT)
			return;
		ereport(ERROR, errcode_for_file_access(),
				errmsg("could not open file \"%s\": %m", path));
	}
	if (FAULT_POINT("clog/checkpoint/before-fsync") || fo_fsync(fd) != 0)
		ereport(PANIC, errcode_for_file_access(),
				errmsg("could not fsync file \"%s\": %m", path));
	close(fd);
}

void
clog_checkpoint(void)
{
	lwlock_acquire(lwlock_get(LWLOCK_CLOG_CONTROL), LW_EXCLUSIVE);
	for (int i = 0; i < CLOG_BUFFERS; i++)
		if (clog->page_number[i] >= 0 && clog->dirty[i])
			write_page(i);
	for (int s = 0; s < CLOG_MAX_SEGMENTS_TRACKED; s++)
	{
		if (!clog->segment_dirty[s])
			continue;
		fsync_segment(s);
		clog->segment_dirty[s] = false;
	}
	if (clog->segment_overflow)
	{
		/* Rare: more segments than tracked; fsync them all. */
		for (int s = CLOG_MAX_SEGMENTS_TRACKED; s < 65536; s++)
		{
			char		path[64];

			segment_path(s, path, sizeof(path));
			if (access(path, F_OK) != 0)
				break;
			fsync_segment(s);
		}
		clog->segment_overflow = false;
	}
	if (fo_fsync_dir("pg_xact") != 0)
		ereport(PANIC, errcode_for_file_access(),
				errmsg("could not fsync directory \"pg_xact\": %m"));
	lwlock_release(lwlock_get(LWLOCK_CLOG_CONTROL));
}
