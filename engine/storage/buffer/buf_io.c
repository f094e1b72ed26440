/*-------------------------------------------------------------------------
 * buf_io.c
 *	  Reading blocks into buffers and writing dirty buffers out.
 *
 * Role: the only code that moves pages between the pool and smgr.
 *
 * I/O protocol (one I/O per buffer at a time):
 *	buf_start_io()		take the buffer's io_lock exclusive (this is how a
 *						process waits for someone else's I/O), then under
 *						the spinlock check whether the work is still needed
 *						(input: not BM_VALID; output: BM_DIRTY) and set
 *						BM_IO_IN_PROGRESS; output also clears
 *						BM_JUST_DIRTIED
 *	... the read or write ...
 *	buf_terminate_io()	clear BM_IO_IN_PROGRESS, set BM_VALID (input) or
 *						clear BM_DIRTY unless BM_JUST_DIRTIED was set again
 *						meanwhile (output), or set BM_IO_ERROR on failure,
 *						then release io_lock
 * Every failure between the two is caught here, terminates the I/O with
 * BM_IO_ERROR and re-throws, so no io_lock or BM_IO_IN_PROGRESS survives
 * an ERROR.
 *
 * Writes (buf_flush): the page is copied to a private buffer under the
 * caller's content lock (a share lock suffices, so hint-bit setters may
 * change the shared page concurrently; the copy is what gets a checksum).
 * Order: copy, sanity check (a page that is neither all-zero nor a valid
 * page means shared memory was scribbled on: PANIC rather than write it),
 * bufmgr_wal_flush_hook(pd_lsn), checksum, smgr_write.
 *
 * Fault points: bufmgr/read/after-io (after smgr_read, before checksum
 * verification), and the caller-named write points
 * bufmgr/{evict,flush,bgwriter}/before-write (just before smgr_write).
 * Firing (action "error") fails the I/O as EIO would.
 *-------------------------------------------------------------------------
 */
#include <errno.h>

#include "faults/faultpoint.h"
#include "storage/buffer/buf_internals.h"
#include "storage/page/page.h"
#include "utils/elog.h"
#include "utils/pgstat/pgstat.h"

void		(*bufmgr_wal_flush_hook) (XLogRecPtr lsn) = NULL;
bool		(*bufmgr_hint_wal_hook) (Buffer buf, void (*mark_dirty) (Buffer buf, XLogRecPtr lsn)) = NULL;

bool
buf_start_io(BufferDesc *d, bool for_input)
{
	uint32_t	state;

	lwlock_acquire(&d->io_lock, LW_EXCLUSIVE);
	state = buf_hdr_lock(d);
	if (for_input ? (state & BM_VALID) != 0 : (state & BM_DIRTY) == 0)
	{
		buf_hdr_unlock(d, state);
		lwlock_release(&d->io_lock);
		return false;
	}
	/*
	 * A leftover BM_IO_IN_PROGRESS (we hold io_lock, so nobody is doing
	 * I/O) can only come from a process that died mid-I/O; start over.
	 */
	state |= BM_IO_IN_PROGRESS;
	if (!for_input)
		state &= ~BM_JUST_DIRTIED;
	buf_hdr_unlock(d, state);
	return true;
}

void
buf_terminate_io(BufferDesc *d, bool clear_dirty, uint32_t set_flags)
{
	uint32_t	state = buf_hdr_lock(d);

	state &= ~(BM_IO_IN_PROGRESS | BM_IO_ERROR);
	if (clear_dirty && (state & BM_JUST_DIRTIED) == 0)
		state &= ~(BM_DIRTY | BM_CHECKPOINT_NEEDED);
	state |= set_flags;
	buf_hdr_unlock(d, state);
	lwlock_release(&d->io_lock);
}

/* Raise the ERROR a failed read or write of this block would raise. */
static void
simulated_io_error(const BufferTag *tag, bool write)
{
	char		path[SMGR_RELPATH_SIZE];

	/* errno is the policy's (FAULT_POINT set it): EIO, ENOSPC, ... */
	smgr_relpath_buf(tag->rl, path, sizeof(path));
	if (write)
		ereport(ERROR, errcode_for_file_access(),
				errmsg("could not write block %u in file \"%s\": %m", tag->blkno, path));
	ereport(ERROR, errcode_for_file_access(),
			errmsg("could not read block %u in file \"%s\": %m", tag->blkno, path));
}

/*
 * Fill the buffer with its block (or zeroes for RBM_ZERO_AND_LOCK, then
 * take the content lock exclusive).  Precondition: d pinned with a valid
 * tag.  Returns having done nothing if the buffer is already valid.
 * On ERROR the buffer is left not valid, with BM_IO_ERROR.
 */
void
buf_read_block(BufferDesc *d, BufmgrReadMode mode)
{
	BufferTag	tag = d->tag;
	char	   *page = buf_page(d);

	if (!buf_start_io(d, true))
	{
		if (mode == RBM_ZERO_AND_LOCK)
			lwlock_acquire(&d->content_lock, LW_EXCLUSIVE);
		atomic_fetch_add(&buf_ctl->blocks_hit, 1);
		pgstat_count_io(PGSTAT_IO_HIT);
		return;
	}
	ELOG_TRY();
	{
		if (mode == RBM_ZERO_AND_LOCK)
			memset(page, 0, BLCKSZ);
		else
		{
			char		path[SMGR_RELPATH_SIZE];

			smgr_read(tag.rl, tag.blkno, page);
			if (FAULT_POINT("bufmgr/read/after-io"))
				simulated_io_error(&tag, false);
			smgr_relpath_buf(tag.rl, path, sizeof(path));
			page_verify(page, tag.blkno, path);
		}
	}
	ELOG_CATCH();
	{
		buf_terminate_io(d, false, BM_IO_ERROR);
		ELOG_RE_THROW();
	}
	ELOG_END_TRY();
	/* Lock before the page becomes visible as valid: nobody may see the
	 * zeroed page before the caller has filled it. */
	if (mode == RBM_ZERO_AND_LOCK)
		lwlock_acquire(&d->content_lock, LW_EXCLUSIVE);
	buf_terminate_io(d, false, BM_VALID);
	if (mode == RBM_NORMAL)
	{
		atomic_fetch_add(&buf_ctl->blocks_read, 1);
		pgstat_count_io(PGSTAT_IO_READ);
	}
}

/* PANIC unless the page is fit to be written (see the file header). */
static void
check_page_before_write(const char *page, const BufferTag *tag)
{
	bool		ok = page_is_new(page) ? page_is_all_zero(page) : page_header_is_valid(page);

	if (!ok)
	{
		char		path[SMGR_RELPATH_SIZE];

		smgr_relpath_buf(tag->rl, path, sizeof(path));
		ereport(PANIC, errcode(ERRCODE_DATA_CORRUPTED),
				errmsg("cannot write invalid page in block %u of relation %s",
					   tag->blkno, path));
	}
}

static void
count_write(BufWriter who)
{
	pgstat_count_io(PGSTAT_IO_WRITE);
	switch (who)
	{
		case BUF_WRITER_CHECKPOINT:
			atomic_fetch_add(&buf_ctl->buffers_checkpoint, 1);
			break;
		case BUF_WRITER_BGWRITER:
			atomic_fetch_add(&buf_ctl->buffers_clean, 1);
			break;
		case BUF_WRITER_BACKEND:
			atomic_fetch_add(&buf_ctl->buffers_backend, 1);
			break;
	}
}

/*
 * Write d if it is dirty.  Precondition: pinned, content lock held in
 * either mode.  Returns whether this call wrote it.  On ERROR the buffer
 * stays dirty (with BM_IO_ERROR) and the caller still holds its pin and
 * lock.
 */
bool
buf_flush(BufferDesc *d, BufWriter who, const char *fault_point)
{
	static char copy[BLCKSZ] __attribute__((aligned(4096)));
	BufferTag	tag = d->tag;

	Assert(lwlock_held_by_me(&d->content_lock));
	if (!buf_start_io(d, false))
		return false;
	memcpy(copy, buf_page(d), BLCKSZ);
	ELOG_TRY();
	{
		check_page_before_write(copy, &tag);
#ifdef MINIPG_PLANTED_BUG_PAGE_WRITE_BEFORE_WAL
		/*
		 * PLANTED BUG page-write-before-wal (docs/planted-bugs.md; test
		 * builds only): the background writers skip the WAL flush, "since
		 * the checkpoint flushes WAL when it inserts its record right
		 * after its writes, and the WAL writer flushes every
		 * wal_writer_delay anyway"; only a backend writing its victim
		 * still flushes.  So a page can reach disk carrying changes whose
		 * WAL a crash then loses.
		 */
		if (bufmgr_wal_flush_hook != NULL && !page_is_new(copy) && who == BUF_WRITER_BACKEND)
			bufmgr_wal_flush_hook(page_get_lsn(copy));
#else
		if (bufmgr_wal_flush_hook != NULL && !page_is_new(copy))
			bufmgr_wal_flush_hook(page_get_lsn(copy));
#endif
		page_set_checksum(copy, tag.blkno);
		if (fault_point != NULL && FAULT_POINT(fault_point))
			simulated_io_error(&tag, true);
		smgr_write(tag.rl, tag.blkno, copy);
	}
	ELOG_CATCH();
	{
		buf_terminate_io(d, false, BM_IO_ERROR);
		ELOG_RE_THROW();
	}
	ELOG_END_TRY();
	buf_terminate_io(d, true, 0);
	count_write(who);
	return true;
}

/*
 * Take d's content lock shared, write it if dirty, unlock and drop one
 * pin.  Precondition: pinned, no content lock held.  The pin is dropped
 * on ERROR too.  Returns whether it wrote.
 */
bool
buf_flush_and_unpin(BufferDesc *d, BufWriter who, const char *fault_point)
{
	bool		written = false;

	lwlock_acquire(&d->content_lock, LW_SHARED);
	ELOG_TRY();
	{
		written = buf_flush(d, who, fault_point);
	}
	ELOG_CATCH();
	{
		lwlock_release(&d->content_lock);
		buf_unpin(d);
		ELOG_RE_THROW();
	}
	ELOG_END_TRY();
	lwlock_release(&d->content_lock);
	buf_unpin(d);
	return written;
}
