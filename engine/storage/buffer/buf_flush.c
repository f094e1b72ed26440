/*-------------------------------------------------------------------------
 * buf_flush.c
 *	  Writing dirty buffers in bulk: the checkpoint (bufmgr_flush_all),
 *	  one relation (bufmgr_flush_relation) and the background writer
 *	  (bufmgr_bgwriter_round).
 *
 * Role: make dirty pages reach disk without a backend having to wait for
 * the write.  All three walk the descriptor array, pin a candidate under
 * its spinlock (buf_pin_locked, which leaves the usage count alone), and
 * write it through buf_flush_and_unpin() under a share content lock.
 *
 * Checkpoint correctness: flush_all first marks every buffer dirty at
 * that moment BM_CHECKPOINT_NEEDED, then writes the marked ones.  Pages
 * dirtied after the marking belong to the next checkpoint (their WAL is
 * after the redo point), so the loop is bounded by one pass.  A marked
 * buffer written meanwhile by eviction or the bgwriter loses the mark in
 * buf_terminate_io() and is skipped.
 *
 * Fault points: the write points bufmgr/flush/before-write and
 * bufmgr/bgwriter/before-write (passed to buf_flush, see buf_io.c), and
 * the steps checkpoint/buffer-written and bufmgr/bgwriter/after-write,
 * reached after each buffer written, with no pin, lock or spinlock held.
 *-------------------------------------------------------------------------
 */
#include "faults/fault_catalog.h"
#include "faults/faultpoint.h"
#include "storage/buffer/buf_internals.h"
#include "utils/elog.h"

/* Mark every dirty buffer BM_CHECKPOINT_NEEDED; returns how many. */
static int
mark_dirty_for_checkpoint(void)
{
	int			marked = 0;

	for (int id = 0; id < buf_ctl->nbuffers; id++)
	{
		BufferDesc *d = buf_desc(id);
		uint32_t	state;

		if ((atomic_load(&d->state) & BM_DIRTY) == 0)
			continue;
		state = buf_hdr_lock(d);
		if ((state & (BM_DIRTY | BM_VALID)) == (BM_DIRTY | BM_VALID))
		{
			state |= BM_CHECKPOINT_NEEDED;
			marked++;
		}
		buf_hdr_unlock(d, state);
	}
	return marked;
}

int
bufmgr_checkpoint_write(void (*pace) (int written, int total, void *arg), void *arg)
{
	int			written = 0;
	int			total;

	buf_ensure_attached();
	if ((total = mark_dirty_for_checkpoint()) > 0)
	{
		for (int id = 0; id < buf_ctl->nbuffers; id++)
		{
			BufferDesc *d = buf_desc(id);
			uint32_t	state;

			if ((atomic_load(&d->state) & BM_CHECKPOINT_NEEDED) == 0)
				continue;
			state = buf_hdr_lock(d);
			if ((state & BM_CHECKPOINT_NEEDED) == 0)
			{
				buf_hdr_unlock(d, state);
				continue;
			}
			buf_pin_locked(d, state);
			if (buf_flush_and_unpin(d, BUF_WRITER_CHECKPOINT,
									FAULT_NAME("bufmgr/flush/before-write")))
			{
				written++;
				FAULT_MARK("checkpoint/buffer-written");
				if (pace != NULL)
					pace(written, total, arg);
			}
		}
	}
	return written;
}

int
bufmgr_flush_all(void)
{
	int			written = bufmgr_checkpoint_write(NULL, NULL);

	smgr_sync_all_pending();
	return written;
}

void
bufmgr_flush_relation(RelFileLocator rl)
{
	if (relfilelocator_is_temp(rl))
	{
		localbuf_flush_relation(rl);
		return;
	}
	buf_ensure_attached();
	for (int id = 0; id < buf_ctl->nbuffers; id++)
	{
		BufferDesc *d = buf_desc(id);
		uint32_t	state;

		if ((atomic_load(&d->state) & BM_DIRTY) == 0)
			continue;
		state = buf_hdr_lock(d);
		if ((state & (BM_DIRTY | BM_VALID | BM_TAG_VALID)) != (BM_DIRTY | BM_VALID | BM_TAG_VALID) ||
			!relfilelocator_equal(d->tag.rl, rl))
		{
			buf_hdr_unlock(d, state);
			continue;
		}
		buf_pin_locked(d, state);
		(void) buf_flush_and_unpin(d, BUF_WRITER_BACKEND, FAULT_NAME("bufmgr/flush/before-write"));
	}
	smgr_immedsync(rl);
}

/* Dirty, valid, unpinned and about to be reached by the clock hand. */
static bool
bgwriter_candidate(uint32_t state)
{
	return BUF_STATE_REFCOUNT(state) == 0 && BUF_STATE_USAGE(state) <= 1 &&
		(state & (BM_DIRTY | BM_VALID)) == (BM_DIRTY | BM_VALID);
}

/*
 * Write d if it is still a candidate once its header is locked (another
 * process may have pinned, dirtied or written it since the unlocked look).
 */
static bool
bgwriter_write(BufferDesc *d)
{
	uint32_t	state = buf_hdr_lock(d);

	if (!bgwriter_candidate(state))
	{
		buf_hdr_unlock(d, state);
		return false;
	}
	buf_pin_locked(d, state);
	if (!buf_flush_and_unpin(d, BUF_WRITER_BGWRITER, FAULT_NAME("bufmgr/bgwriter/before-write")))
		return false;
	FAULT_MARK("bufmgr/bgwriter/after-write");
	return true;
}

int
bufmgr_bgwriter_round(int max_pages)
{
	int			nbuffers;
	int			start;
	int			written = 0;

	buf_ensure_attached();
	if (max_pages <= 0)
		return 0;
	nbuffers = buf_ctl->nbuffers;
	start = (int) (atomic_load(&buf_ctl->next_victim) % (uint64_t) nbuffers);
	for (int i = 0; i < nbuffers; i++)
	{
		BufferDesc *d = buf_desc((start + i) % nbuffers);

		if (!bgwriter_candidate(atomic_load(&d->state)))
			continue;
		if (written >= max_pages)
		{
			atomic_fetch_add(&buf_ctl->maxwritten_clean, 1);
			break;
		}
		if (bgwriter_write(d))
			written++;
	}
	return written;
}

/* Unpinned, valid and about to be reached by the clock hand (dirty or not). */
static bool
reusable_soon(uint32_t state)
{
	return BUF_STATE_REFCOUNT(state) == 0 && BUF_STATE_USAGE(state) <= 1;
}

/* How fast a rise in demand is followed vs. a fall (rounds to converge). */
#define ALLOC_SMOOTHING_ROUNDS 16

int
bufmgr_bgwriter_lru_round(BgWriterPacing *pacing, int max_pages, double multiplier,
						  int min_scan, bool *idle)
{
	uint64_t	alloc;
	uint64_t	recent;
	int			nbuffers;
	int			start;
	int			target;
	int			reusable = 0;
	int			written = 0;

	buf_ensure_attached();
	nbuffers = buf_ctl->nbuffers;
	alloc = atomic_load(&buf_ctl->buffers_alloc);
	recent = pacing->started ? alloc - pacing->last_alloc : 0;
	pacing->last_alloc = alloc;
	pacing->started = true;
	/* Follow a rise at once, a fall slowly: bursts are what hurt backends. */
	if ((double) recent > pacing->smoothed_alloc)
		pacing->smoothed_alloc = (double) recent;
	else
		pacing->smoothed_alloc += ((double) recent - pacing->smoothed_alloc) /
			ALLOC_SMOOTHING_ROUNDS;
	target = (int) (pacing->smoothed_alloc * multiplier + 0.999);
	if (target < min_scan)
		target = min_scan;
	if (target > nbuffers)
		target = nbuffers;
	*idle = recent == 0;
	if (max_pages <= 0 || target == 0)
		return 0;
	start = (int) (atomic_load(&buf_ctl->next_victim) % (uint64_t) nbuffers);
	for (int i = 0; i < nbuffers && reusable < target; i++)
	{
		BufferDesc *d = buf_desc((start + i) % nbuffers);
		uint32_t	state = atomic_load(&d->state);

		if (!reusable_soon(state))
			continue;
		if (!bgwriter_candidate(state))
		{
			reusable++;			/* already clean */
			continue;
		}
		if (written >= max_pages)
		{
			atomic_fetch_add(&buf_ctl->maxwritten_clean, 1);
			break;
		}
		if (bgwriter_write(d))
		{
			written++;
			reusable++;
		}
	}
	if (written > 0)
		*idle = false;
	return written;
}
