/*-------------------------------------------------------------------------
 * hio.c
 *	  Finding a heap page with room for a new tuple, extending the
 *	  relation when none has.
 *
 * Role: heap_insert and the cross-page case of heap_update ask for a
 * buffer with room for len bytes.  There is no free space map: we try the
 * page this backend last put a tuple into (a small per-backend hint per
 * relation), then the relation's last page, then extend with
 * bufmgr_extend (which holds the relation extension lock, so concurrent
 * extenders get different blocks).  Space freed by VACUUM in earlier
 * pages is reused by HOT updates and by this backend's hint only.
 *
 * Invariants:
 *	- Inserts keep the fillfactor reserve (BLCKSZ * (100 - fillfactor) /
 *	  100 bytes) free on each page, so later updates of its rows find room
 *	  for a HOT version; an empty page accepts any tuple that fits.
 *	- When an UPDATE's old page ("other") must be locked too, the two
 *	  content locks are taken lower block number first.  A freshly extended
 *	  page (always the highest block) comes back locked from bufmgr_extend;
 *	  then the old page is only locked conditionally, or both are released
 *	  and re-taken in order and the new page's space is re-checked.
 *	- New (all-zero) pages found on the way are initialized first (a
 *	  backend that extended and then failed leaves one behind).
 *
 * Entry point: heap_get_buffer_for_tuple.
 *
 * See also: heapam.c (callers), storage/buffer/README.md (rule 9, lock
 * order), access/heap/README.md (rule 7).
 *-------------------------------------------------------------------------
 */
#include "access/heap/heapam_internal.h"

#include "utils/elog.h"
#include "utils/interrupt.h"

#define HIO_HINT_SLOTS 8

/* Per backend: the block each recently used relation last got a tuple. */
static struct
{
	RelFileLocator rl;
	BlockNumber blkno;
}			hints[HIO_HINT_SLOTS];
static int	hint_next_slot = 0;

static BlockNumber
hint_get(RelFileLocator rl)
{
	for (int i = 0; i < HIO_HINT_SLOTS; i++)
		if (relfilelocator_equal(hints[i].rl, rl) && hints[i].rl.rel_number != InvalidOid)
			return hints[i].blkno;
	return InvalidBlockNumber;
}

static void
hint_set(RelFileLocator rl, BlockNumber blkno)
{
	for (int i = 0; i < HIO_HINT_SLOTS; i++)
		if (relfilelocator_equal(hints[i].rl, rl))
		{
			hints[i].blkno = blkno;
			return;
		}
	hints[hint_next_slot].rl = rl;
	hints[hint_next_slot].blkno = blkno;
	hint_next_slot = (hint_next_slot + 1) % HIO_HINT_SLOTS;
}

/* Lock buf, and other when valid and distinct, exclusive, lower block first. */
static void
lock_in_order(Buffer buf, Buffer other)
{
	if (!BufferIsValid(other) || other == buf)
	{
		bufmgr_lock(buf, LW_EXCLUSIVE);
		return;
	}
	if (bufmgr_block_number(other) < bufmgr_block_number(buf))
	{
		bufmgr_lock(other, LW_EXCLUSIVE);
		bufmgr_lock(buf, LW_EXCLUSIVE);
	}
	else
	{
		bufmgr_lock(buf, LW_EXCLUSIVE);
		bufmgr_lock(other, LW_EXCLUSIVE);
	}
}

static void
unlock_both(Buffer buf, Buffer other)
{
	bufmgr_unlock(buf);
	if (BufferIsValid(other) && other != buf)
		bufmgr_unlock(other);
}

/* Does the (locked) page have room for len bytes, keeping reserve free? */
static bool
page_has_room(Buffer buf, size_t len, size_t reserve)
{
	Page		page = bufmgr_page(buf);

	if (page_is_new(page))
		heap_page_init(buf);
	size_t		free_bytes = heap_page_free_space(page);

	if (MAXALIGN(len) + reserve <= free_bytes)
		return true;
	return page_get_max_offset(page) == 0 && MAXALIGN(len) <= free_bytes;
}

/*
 * Try block blkno.  Returns it pinned and locked (other locked too) when
 * it has room, else InvalidBuffer with nothing new held.
 */
static Buffer
try_block(Relation rel, BlockNumber blkno, size_t len, size_t reserve, Buffer other)
{
	bool		is_other = BufferIsValid(other) && bufmgr_block_number(other) == blkno;
	Buffer		buf = is_other ? other : bufmgr_read(rel->rd_locator, blkno);

	if (!is_other)
		heap_page_prune_opt(rel, buf);
	lock_in_order(buf, other);
	if (page_has_room(buf, len, reserve))
		return buf;
	unlock_both(buf, other);
	if (!is_other)
		bufmgr_release(buf);
	return InvalidBuffer;
}

/*
 * Extend the relation by one page and return it locked (with other locked
 * too), or InvalidBuffer when another backend used up the new page while
 * we re-took the locks in order (the caller starts over).
 */
static Buffer
extend_relation(Relation rel, size_t len, Buffer other)
{
	Buffer		buf = bufmgr_extend(rel->rd_locator);

	heap_page_init(buf);
	if (!BufferIsValid(other) || bufmgr_conditional_lock(other, LW_EXCLUSIVE))
		return buf;
	/* Lock order: the old page (lower block) first. */
	bufmgr_unlock(buf);
	bufmgr_lock(other, LW_EXCLUSIVE);
	bufmgr_lock(buf, LW_EXCLUSIVE);
	if (page_has_room(buf, len, 0))
		return buf;
	unlock_both(buf, other);
	bufmgr_release(buf);
	return InvalidBuffer;
}

Buffer
heap_get_buffer_for_tuple(Relation rel, size_t len, Buffer other, bool use_fillfactor)
{
	size_t		reserve = use_fillfactor ? heap_fillfactor_reserve(rel) : 0;

	if (len > MaxHeapTupleSize)
		ereport(ERROR, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("row is too big: size %zu, maximum size %zu",
					   (size_t) MAXALIGN(len), (size_t) MaxHeapTupleSize));
	for (;;)
	{
		BlockNumber nblocks = bufmgr_nblocks(rel->rd_locator);
		BlockNumber hint = hint_get(rel->rd_locator);
		BlockNumber last = nblocks > 0 ? nblocks - 1 : InvalidBlockNumber;
		Buffer		buf = InvalidBuffer;

		CHECK_FOR_INTERRUPTS();
		if (hint != InvalidBlockNumber && hint < nblocks)
			buf = try_block(rel, hint, len, reserve, other);
		if (!BufferIsValid(buf) && last != InvalidBlockNumber && last != hint)
			buf = try_block(rel, last, len, reserve, other);
		if (!BufferIsValid(buf))
			buf = extend_relation(rel, len, other);
		if (BufferIsValid(buf))
		{
			hint_set(rel->rd_locator, bufmgr_block_number(buf));
			return buf;
		}
	}
}
