/*-------------------------------------------------------------------------
 * buf_clock.c
 *	  Victim selection: the clock sweep over usage counts.
 *
 * Role: when a block is not in the pool, some buffer must give up its
 * block.  The clock hand (buf_ctl->next_victim, an ever-increasing atomic
 * counter taken modulo NBuffers, so concurrent sweepers get different
 * buffers without a lock) visits buffers in turn: a pinned buffer is
 * skipped, an unpinned one with a usage count above zero has it
 * decremented and is skipped, and the first unpinned buffer with usage
 * count zero is the victim.  A buffer pinned n times recently thus
 * survives about n passes of the hand.
 *
 * Termination: each visit of a pinned buffer decrements a try counter,
 * which is reset to NBuffers whenever a usage count is decremented (that
 * is progress).  When it reaches zero, NBuffers consecutive visits found
 * only pinned buffers: ERROR "no unpinned buffers available".
 *-------------------------------------------------------------------------
 */
#include "storage/buffer/buf_internals.h"
#include "utils/elog.h"

/*
 * Return an unpinned victim with its descriptor spinlock held (*state_out
 * is the locked state).  The caller pins it with buf_pin_locked().  ERROR
 * 53000 when every buffer is pinned.
 */
BufferDesc *
buf_clock_get_victim(uint32_t *state_out)
{
	int			nbuffers = buf_ctl->nbuffers;
	int			trycounter = nbuffers;

	for (;;)
	{
		uint64_t	tick = atomic_fetch_add(&buf_ctl->next_victim, 1);
		BufferDesc *d = buf_desc((int) (tick % (uint64_t) nbuffers));
		uint32_t	state = atomic_load_explicit(&d->state, memory_order_relaxed);

		if (BUF_STATE_REFCOUNT(state) == 0)
		{
			state = buf_hdr_lock(d);
			if (BUF_STATE_REFCOUNT(state) == 0)
			{
				if (BUF_STATE_USAGE(state) == 0)
				{
					*state_out = state;
					return d;
				}
				buf_hdr_unlock(d, state - BUF_USAGECOUNT_ONE);
				trycounter = nbuffers;
				continue;
			}
			buf_hdr_unlock(d, state);
		}
		if (--trycounter == 0)
			ereport(ERROR, errcode(ERRCODE_INSUFFICIENT_RESOURCES),
					errmsg("no unpinned buffers available"));
	}
}
