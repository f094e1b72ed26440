/*-------------------------------------------------------------------------
 * bufmgr.c
 *	  The buffer manager's public entry points: find or load a block, pin,
 *	  lock, dirty, release; extend; evict; drop.
 *
 * Role: turns (relation, block) into a pinned shared buffer.  The core is
 * buffer_alloc(): look the tag up under its mapping partition (shared);
 * on a miss take a clock-sweep victim, write it if dirty, and retag it
 * under both the old and the new partition locks (exclusive), re-checking
 * that nobody else loaded the same block meanwhile and that the victim is
 * still unused and clean.  The block's contents are then read by
 * buf_read_block() (buf_io.c) outside every partition lock.
 *
 * Entry points: bufmgr_read, bufmgr_read_ext, bufmgr_extend,
 * bufmgr_release, bufmgr_lock, bufmgr_conditional_lock, bufmgr_unlock,
 * bufmgr_unlock_release, bufmgr_mark_dirty, bufmgr_mark_dirty_hint,
 * bufmgr_page, bufmgr_block_number, bufmgr_relation, bufmgr_nblocks,
 * bufmgr_drop_relation, bufmgr_truncate.  Checkpoint and bgwriter writes
 * are in buf_flush.c.
 *
 * Lock order (see README.md): relation extension lock -> content lock ->
 * io_lock -> mapping partition locks (two in array order) -> descriptor
 * spinlock.  Nothing here waits for a content lock while holding a mapping
 * partition lock.
 *
 * Fault points: bufmgr/evict/before-write (the victim's write fails, via
 * buf_flush) and bufmgr/evict/after-write (a step: victim written, still
 * pinned by us, no lock held).
 *
 * See also: buf_internals.h (state word, layout), buf_io.c, buf_clock.c.
 *-------------------------------------------------------------------------
 */
#include <unistd.h>

#include "faults/fault_catalog.h"
#include "faults/faultpoint.h"
#include "storage/buffer/buf_internals.h"
#include "storage/page/page.h"
#include "utils/elog.h"
#include "utils/pgstat/pgstat.h"

static Buffer
to_buffer(const BufferDesc *d)
{
	return d->buf_id + 1;
}

/*
 * Pin the existing buffer for tag if there is one (*found = true), else
 * retag a victim for it (*found = false; the page is not valid yet).
 * Returns the pinned descriptor.  ERROR 53000 if every buffer is pinned,
 * or the victim's write error.
 */
static BufferDesc *
buffer_alloc(const BufferTag *tag, bool *found)
{
	uint32_t	hash = buf_tag_hash(tag);
	LWLock	   *new_lock = buf_mapping_lock(hash);
	int			id;

	lwlock_acquire(new_lock, LW_SHARED);
	id = buf_table_lookup(tag, hash);
	if (id >= 0)
	{
		BufferDesc *d = buf_desc(id);

		(void) buf_pin(d);
		lwlock_release(new_lock);
		*found = true;
		return d;
	}
	lwlock_release(new_lock);

	for (;;)
	{
		uint32_t	state;
		BufferDesc *victim = buf_clock_get_victim(&state);

		buf_pin_locked(victim, state);
		if (state & BM_DIRTY)
		{
			/* Someone may hold the content lock: pick another victim. */
			if (!lwlock_conditional_acquire(&victim->content_lock, LW_SHARED))
			{
				buf_unpin(victim);
				continue;
			}
			ELOG_TRY();
			{
				(void) buf_flush(victim, BUF_WRITER_BACKEND, FAULT_NAME("bufmgr/evict/before-write"));
			}
			ELOG_CATCH();
			{
				lwlock_release(&victim->content_lock);
				buf_unpin(victim);
				ELOG_RE_THROW();
			}
			ELOG_END_TRY();
			lwlock_release(&victim->content_lock);
			/* Written, still pinned by us, not yet retagged. */
			FAULT_MARK("bufmgr/evict/after-write");
		}

		/* The victim's tag cannot change while we pin it. */
		state = buf_hdr_lock(victim);
		bool		old_valid = (state & BM_TAG_VALID) != 0;
		BufferTag	old_tag = victim->tag;

		buf_hdr_unlock(victim, state);
		uint32_t	old_hash = old_valid ? buf_tag_hash(&old_tag) : 0;
		LWLock	   *old_lock = old_valid ? buf_mapping_lock(old_hash) : NULL;

		buf_lock_two_partitions(new_lock, old_lock);
		id = buf_table_lookup(tag, hash);
		if (id >= 0)
		{
			/* Another process loaded the block meanwhile: use its buffer. */
			BufferDesc *d = buf_desc(id);

			(void) buf_pin(d);
			buf_unlock_two_partitions(new_lock, old_lock);
			buf_unpin(victim);
			*found = true;
			return d;
		}
		state = buf_hdr_lock(victim);
		if (BUF_STATE_REFCOUNT(state) != 1 || (state & (BM_DIRTY | BM_IO_IN_PROGRESS)) != 0)
		{
			/* Pinned by someone else or re-dirtied: try another victim. */
			buf_hdr_unlock(victim, state);
			buf_unlock_two_partitions(new_lock, old_lock);
			buf_unpin(victim);
			continue;
		}
		if (old_valid)
		{
			buf_table_delete(victim, old_hash);
			pgstat_count_io(PGSTAT_IO_EVICT);
		}
		victim->tag = *tag;
		state &= ~(BM_VALID | BM_DIRTY | BM_JUST_DIRTIED | BM_CHECKPOINT_NEEDED |
				   BM_IO_ERROR | BUF_USAGECOUNT_MASK);
		state |= BM_TAG_VALID | BUF_USAGECOUNT_ONE;
		buf_hdr_unlock(victim, state);
		buf_table_insert(victim, hash);
		buf_unlock_two_partitions(new_lock, old_lock);
		atomic_fetch_add(&buf_ctl->buffers_alloc, 1);
		*found = false;
		return victim;
	}
}

/*
 * Forget d's block if its tag still equals *expected: remove it from the
 * mapping table and clear its flags, without writing it.  Precondition:
 * we do not pin d.  Returns false (and does nothing) if another process
 * pins it; the caller waits and retries.
 */
bool
buf_invalidate(BufferDesc *d, const BufferTag *expected)
{
	uint32_t	hash = buf_tag_hash(expected);
	LWLock	   *lock = buf_mapping_lock(hash);
	uint32_t	state;

	lwlock_acquire(lock, LW_EXCLUSIVE);
	state = buf_hdr_lock(d);
	if ((state & BM_TAG_VALID) == 0 || !buf_tag_equal(&d->tag, expected))
	{
		buf_hdr_unlock(d, state);
		lwlock_release(lock);
		return true;			/* already gone */
	}
	if (BUF_STATE_REFCOUNT(state) != 0)
	{
		buf_hdr_unlock(d, state);
		lwlock_release(lock);
		return false;
	}
	buf_table_delete(d, hash);
	memset(&d->tag, 0, sizeof(d->tag));
	buf_hdr_unlock(d, state & (BM_LOCKED));
	lwlock_release(lock);
	return true;
}

/*
 * After a failed read: take the half-made buffer out of the table if we
 * are its only user, so that nothing broken stays behind, then unpin it.
 * If others pin it they will retry the read themselves.
 */
static void
discard_failed_buffer(BufferDesc *d)
{
	BufferTag	tag = d->tag;
	uint32_t	hash = buf_tag_hash(&tag);
	LWLock	   *lock = buf_mapping_lock(hash);
	uint32_t	state;

	lwlock_acquire(lock, LW_EXCLUSIVE);
	state = buf_hdr_lock(d);
	if (BUF_STATE_REFCOUNT(state) == 1 && buf_private_refcount[d->buf_id] == 1 &&
		(state & (BM_VALID | BM_TAG_VALID)) == BM_TAG_VALID)
	{
		buf_table_delete(d, hash);
		memset(&d->tag, 0, sizeof(d->tag));
		state &= BM_LOCKED | BUF_REFCOUNT_MASK;
	}
	buf_hdr_unlock(d, state);
	lwlock_release(lock);
	buf_unpin(d);
}

Buffer
bufmgr_read_ext(RelFileLocator rl, BlockNumber blkno, BufmgrReadMode mode)
{
	BufferTag	tag = {rl, blkno};
	bool		found;
	BufferDesc *d;

	if (blkno > SMGR_MAX_BLOCKS)
		elog(ERROR, "invalid block number %u", blkno);
	if (relfilelocator_is_temp(rl))
		return localbuf_read(rl, blkno, mode);
	buf_ensure_attached();
	d = buffer_alloc(&tag, &found);
	if (found && (atomic_load(&d->state) & BM_VALID))
	{
		atomic_fetch_add(&buf_ctl->blocks_hit, 1);
		pgstat_count_io(PGSTAT_IO_HIT);
		if (mode == RBM_ZERO_AND_LOCK)
			lwlock_acquire(&d->content_lock, LW_EXCLUSIVE);
		return to_buffer(d);
	}
	ELOG_TRY();
	{
		buf_read_block(d, mode);
	}
	ELOG_CATCH();
	{
		discard_failed_buffer(d);
		ELOG_RE_THROW();
	}
	ELOG_END_TRY();
	return to_buffer(d);
}

Buffer
bufmgr_read(RelFileLocator rl, BlockNumber blkno)
{
	return bufmgr_read_ext(rl, blkno, RBM_NORMAL);
}

static LWLock *
extension_lock(RelFileLocator rl)
{
	uint32_t	h = rl.db_oid * 0x9E3779B1u ^ rl.rel_number * 0x85EBCA77u;

	return &buf_ctl->extension_locks[(h ^ (h >> 16)) % NUM_EXTENSION_LOCKS];
}

/*
 * Make d hold the zeroed new block blkno and write it at the end of the
 * file; return with d exclusive-locked.  Precondition: d pinned, tagged
 * for blkno, relation extension lock held.  On ERROR the I/O is marked
 * failed and d is neither valid nor locked.
 */
static void
write_new_block(BufferDesc *d, RelFileLocator rl, BlockNumber blkno)
{
	char	   *page = buf_page(d);

	if (!buf_start_io(d, true))
	{
		/* A zero page already cached for a block beyond EOF. */
		smgr_extend(rl, blkno, page);
		lwlock_acquire(&d->content_lock, LW_EXCLUSIVE);
		return;
	}
	memset(page, 0, BLCKSZ);
	ELOG_TRY();
	{
		smgr_extend(rl, blkno, page);
		pgstat_count_io(PGSTAT_IO_EXTEND);
	}
	ELOG_CATCH();
	{
		buf_terminate_io(d, false, BM_IO_ERROR);
		ELOG_RE_THROW();
	}
	ELOG_END_TRY();
	lwlock_acquire(&d->content_lock, LW_EXCLUSIVE);
	buf_terminate_io(d, false, BM_VALID);
}

/*
 * bufmgr_extend's work, under the relation extension lock: allocate a
 * buffer for block nblocks, write a zero page there, lock it.
 */
static BufferDesc *
extend_locked(RelFileLocator rl)
{
	BufferTag	tag = {rl, smgr_nblocks(rl)};
	bool		found;
	BufferDesc *d;

	if (tag.blkno > SMGR_MAX_BLOCKS)
		ereport(ERROR, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("cannot extend relation %s beyond %u blocks",
					   smgr_relpath(rl), SMGR_MAX_BLOCKS + 1));
	d = buffer_alloc(&tag, &found);
	if (found && (atomic_load(&d->state) & BM_VALID) && !page_is_all_zero(buf_page(d)))
	{
		buf_unpin(d);
		ereport(ERROR,
				errmsg("unexpected data beyond EOF in block %u of relation %s",
					   tag.blkno, smgr_relpath(rl)));
	}
	ELOG_TRY();
	{
		write_new_block(d, rl, tag.blkno);
	}
	ELOG_CATCH();
	{
		discard_failed_buffer(d);
		ELOG_RE_THROW();
	}
	ELOG_END_TRY();
	return d;
}

Buffer
bufmgr_extend(RelFileLocator rl)
{
	LWLock	   *ext;
	BufferDesc *volatile d = NULL;

	if (relfilelocator_is_temp(rl))
		return localbuf_extend(rl);
	buf_ensure_attached();
	ext = extension_lock(rl);
	lwlock_acquire(ext, LW_EXCLUSIVE);
	ELOG_TRY();
	{
		d = extend_locked(rl);
	}
	ELOG_CATCH();
	{
		lwlock_release(ext);
		ELOG_RE_THROW();
	}
	ELOG_END_TRY();
	lwlock_release(ext);
	return to_buffer(d);
}

void
bufmgr_release(Buffer buf)
{
	if (BufferIsLocal(buf))
		localbuf_release(buf);
	else
		buf_unpin(buf_desc_for(buf));
}

void
bufmgr_lock(Buffer buf, LWLockMode mode)
{
	if (BufferIsLocal(buf))
		localbuf_lock(buf, mode);
	else
		lwlock_acquire(&buf_desc_for(buf)->content_lock, mode);
}

bool
bufmgr_conditional_lock(Buffer buf, LWLockMode mode)
{
	if (BufferIsLocal(buf))
	{
		localbuf_lock(buf, mode);
		return true;
	}
	return lwlock_conditional_acquire(&buf_desc_for(buf)->content_lock, mode);
}

void
bufmgr_unlock(Buffer buf)
{
	if (BufferIsLocal(buf))
		localbuf_unlock(buf);
	else
		lwlock_release(&buf_desc_for(buf)->content_lock);
}

void
bufmgr_unlock_release(Buffer buf)
{
	bufmgr_unlock(buf);
	bufmgr_release(buf);
}

/* Set BM_DIRTY | BM_JUST_DIRTIED without the spinlock (CAS). */
static void
set_dirty(BufferDesc *d)
{
	uint32_t	old = atomic_load_explicit(&d->state, memory_order_relaxed);

	for (;;)
	{
		if (old & BM_LOCKED)
		{
			old = buf_hdr_lock(d);
			buf_hdr_unlock(d, old | BM_DIRTY | BM_JUST_DIRTIED);
			return;
		}
		if (atomic_compare_exchange_weak_explicit(&d->state, &old,
												  old | BM_DIRTY | BM_JUST_DIRTIED,
												  memory_order_acq_rel,
												  memory_order_relaxed))
			return;
	}
}

bool		(*bufmgr_wal_registered_hook) (Buffer buf) = NULL;

void
bufmgr_mark_dirty(Buffer buf)
{
	if (BufferIsLocal(buf))
	{
		Assert(localbuf_holds_lock(buf, true));
		Assert(bufmgr_wal_registered_hook == NULL || bufmgr_wal_registered_hook(buf));
		localbuf_mark_dirty(buf);
		return;
	}

	BufferDesc *d = buf_desc_for(buf);

	Assert(lwlock_held_by_me_in_mode(&d->content_lock, LW_EXCLUSIVE));
	/* Every real page change is part of a WAL record being built. */
	Assert(bufmgr_wal_registered_hook == NULL || bufmgr_wal_registered_hook(buf));
	Assert(atomic_load(&d->state) & BM_VALID);
	set_dirty(d);
}

/* bufmgr_hint_wal_hook's callback: dirty the buffer and give the page the
 * LSN of its hint-bit image (concurrent readers hold only a share lock, so
 * the 8-byte LSN is stored atomically). */
static void
mark_dirty_with_lsn(Buffer buf, XLogRecPtr lsn)
{
	BufferDesc *d = buf_desc_for(buf);

	set_dirty(d);
	__atomic_store_n(&((PageHeader) buf_page(d))->pd_lsn, lsn, __ATOMIC_RELAXED);
}

void
bufmgr_mark_dirty_hint(Buffer buf)
{
	if (BufferIsLocal(buf))
	{
		Assert(localbuf_holds_lock(buf, false));
		localbuf_mark_dirty(buf);	/* never torn across a crash: no image */
		return;
	}

	BufferDesc *d = buf_desc_for(buf);
	uint32_t	state = atomic_load(&d->state);

	Assert(lwlock_held_by_me(&d->content_lock));
	if ((state & (BM_DIRTY | BM_JUST_DIRTIED)) == (BM_DIRTY | BM_JUST_DIRTIED))
		return;
	/* A page whose next write could tear needs its image in WAL first. */
	if (bufmgr_hint_wal_hook != NULL && bufmgr_hint_wal_hook(buf, mark_dirty_with_lsn))
		return;
	set_dirty(d);
}

bool
bufmgr_is_dirty(Buffer buf)
{
	if (BufferIsLocal(buf))
		return localbuf_is_dirty(buf);
	return (atomic_load(&buf_desc_for(buf)->state) & BM_DIRTY) != 0;
}

char *
bufmgr_page(Buffer buf)
{
	if (BufferIsLocal(buf))
		return localbuf_page(buf);
	return buf_page(buf_desc_for(buf));
}

BlockNumber
bufmgr_block_number(Buffer buf)
{
	if (BufferIsLocal(buf))
		return localbuf_block_number(buf);
	return buf_desc_for(buf)->tag.blkno;
}

RelFileLocator
bufmgr_relation(Buffer buf)
{
	if (BufferIsLocal(buf))
		return localbuf_relation(buf);
	return buf_desc_for(buf)->tag.rl;
}

BlockNumber
bufmgr_nblocks(RelFileLocator rl)
{
	return smgr_nblocks(rl);
}

/*
 * Invalidate every buffer of rl with blkno >= first_blkno, waiting for
 * other processes' pins to go.  ERROR if we pin one ourselves.
 */
static void
drop_buffers(RelFileLocator rl, BlockNumber first_blkno)
{
	buf_ensure_attached();
	for (int id = 0; id < buf_ctl->nbuffers; id++)
	{
		BufferDesc *d = buf_desc(id);
		uint32_t	state = buf_hdr_lock(d);
		BufferTag	tag = d->tag;
		bool		match = (state & BM_TAG_VALID) &&
			relfilelocator_equal(tag.rl, rl) && tag.blkno >= first_blkno;

		buf_hdr_unlock(d, state);
		if (!match)
			continue;
		if (buf_private_refcount[id] > 0)
			elog(ERROR, "buffer is pinned in bufmgr_drop_relation");
		while (!buf_invalidate(d, &tag))
		{
			/* Another process pins it (writing it, or about to): wait. */
			lwlock_acquire(&d->io_lock, LW_SHARED);
			lwlock_release(&d->io_lock);
			usleep(1000);
		}
	}
}

void
bufmgr_drop_relation(RelFileLocator rl)
{
	if (relfilelocator_is_temp(rl))
		localbuf_drop(rl, 0);
	else
		drop_buffers(rl, 0);
}

void
bufmgr_truncate(RelFileLocator rl, BlockNumber nblocks)
{
	LWLock	   *ext;

	if (relfilelocator_is_temp(rl))
	{
		localbuf_drop(rl, nblocks);
		smgr_truncate(rl, nblocks);
		return;
	}
	buf_ensure_attached();
	ext = extension_lock(rl);
	lwlock_acquire(ext, LW_EXCLUSIVE);
	ELOG_TRY();
	{
		drop_buffers(rl, nblocks);
		smgr_truncate(rl, nblocks);
	}
	ELOG_CATCH();
	{
		lwlock_release(ext);
		ELOG_RE_THROW();
	}
	ELOG_END_TRY();
	lwlock_release(ext);
}
