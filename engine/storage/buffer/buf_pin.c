/*-------------------------------------------------------------------------
 * buf_pin.c
 *	  Buffer descriptor spinlock and pins.
 *
 * Role: the lowest layer of the buffer manager.  A pin says "this buffer
 * must keep holding this block": a pinned buffer is never chosen as a
 * victim and its tag never changes.  A process pins a buffer in shared
 * state once, however many times it pins it; repeats only count in its
 * private array (buf_private_refcount), which is what makes
 * bufmgr_release_all() after an ERROR drop exactly this process's pins.
 *
 * The descriptor spinlock is the BM_LOCKED bit of the state word (see
 * buf_internals.h).  Holding it is a bounded handful of instructions; a
 * waiter that cannot get it for SPIN_STUCK_TIMEOUT_MS declares it stuck
 * (PANIC), since its holder must have died.
 *
 * Entry points (internal): buf_hdr_lock, buf_hdr_unlock, buf_pin,
 * buf_pin_locked, buf_unpin; public: bufmgr_release_all, bufmgr_pins_held.
 *-------------------------------------------------------------------------
 */
#include <unistd.h>

#include "storage/buffer/buf_internals.h"
#include "storage/lmgr/spin.h"
#include "utils/elog.h"

/* Sum of this process's private pin counts. */
static int	private_pins_total = 0;

typedef struct SpinWait
{
	int			spins;
	long		waited_us;
} SpinWait;

static void
spin_wait_step(SpinWait *w)
{
	if (++w->spins < 1000)
	{
		__builtin_ia32_pause();
		return;
	}
	usleep(100);
	w->waited_us += 100;
	if (w->waited_us / 1000 > SPIN_STUCK_TIMEOUT_MS)
		elog(PANIC, "stuck spinlock detected at buffer header");
}

uint32_t
buf_hdr_lock(BufferDesc *d)
{
	SpinWait	w = {0, 0};

	for (;;)
	{
		uint32_t	old = atomic_fetch_or_explicit(&d->state, BM_LOCKED, memory_order_acquire);

		if ((old & BM_LOCKED) == 0)
			return old | BM_LOCKED;
		while (atomic_load_explicit(&d->state, memory_order_relaxed) & BM_LOCKED)
			spin_wait_step(&w);
	}
}

void
buf_hdr_unlock(BufferDesc *d, uint32_t state)
{
	atomic_store_explicit(&d->state, state & ~BM_LOCKED, memory_order_release);
}

/* Wait until BM_LOCKED is clear; returns the state then seen. */
static uint32_t
wait_hdr_unlocked(BufferDesc *d)
{
	SpinWait	w = {0, 0};
	uint32_t	state;

	while ((state = atomic_load_explicit(&d->state, memory_order_acquire)) & BM_LOCKED)
		spin_wait_step(&w);
	return state;
}

/*
 * Pin d (which the caller found through the mapping table, under the
 * partition lock).  Bumps the usage count on the first pin by this
 * process.  Returns whether the buffer is BM_VALID.
 */
bool
buf_pin(BufferDesc *d)
{
	int			id = d->buf_id;
	uint32_t	old;

	if (buf_private_refcount[id] > 0)
	{
		buf_private_refcount[id]++;
		private_pins_total++;
		return (atomic_load(&d->state) & BM_VALID) != 0;
	}
	old = atomic_load_explicit(&d->state, memory_order_relaxed);
	for (;;)
	{
		uint32_t	new_state;

		if (old & BM_LOCKED)
			old = wait_hdr_unlocked(d);
		new_state = old + BUF_REFCOUNT_ONE;
		if (BUF_STATE_USAGE(old) < BM_MAX_USAGE_COUNT)
			new_state += BUF_USAGECOUNT_ONE;
		if (atomic_compare_exchange_weak_explicit(&d->state, &old, new_state,
												  memory_order_acq_rel,
												  memory_order_relaxed))
		{
			old = new_state;
			break;
		}
	}
	buf_private_refcount[id] = 1;
	private_pins_total++;
	return (old & BM_VALID) != 0;
}

/*
 * Pin d while holding its spinlock (state is what buf_hdr_lock returned,
 * possibly modified); releases the spinlock.  Does not touch the usage
 * count: the checkpoint and the bgwriter must not make pages look hot.
 */
void
buf_pin_locked(BufferDesc *d, uint32_t state)
{
	int			id = d->buf_id;

	if (buf_private_refcount[id] == 0)
		state += BUF_REFCOUNT_ONE;
	buf_hdr_unlock(d, state);
	buf_private_refcount[id]++;
	private_pins_total++;
}

/* Drop one pin.  Precondition: pinned by us; if it is our last pin, our
 * content lock must already be released. */
void
buf_unpin(BufferDesc *d)
{
	int			id = d->buf_id;
	uint32_t	old;

	Assert(buf_private_refcount[id] > 0);
	private_pins_total--;
	if (--buf_private_refcount[id] > 0)
		return;
	Assert(!lwlock_held_by_me(&d->content_lock));
	old = atomic_load_explicit(&d->state, memory_order_relaxed);
	for (;;)
	{
		if (old & BM_LOCKED)
			old = wait_hdr_unlocked(d);
		Assert(BUF_STATE_REFCOUNT(old) > 0);
		if (atomic_compare_exchange_weak_explicit(&d->state, &old, old - BUF_REFCOUNT_ONE,
												  memory_order_acq_rel,
												  memory_order_relaxed))
			break;
	}
}

int
buf_private_pins_total(void)
{
	return private_pins_total;
}

void
buf_reset_private_pin_total(void)
{
	private_pins_total = 0;
}

int
bufmgr_pins_held(void)
{
	return private_pins_total + localbuf_pins_held();
}

void
bufmgr_release_all(void)
{
	localbuf_release_all();
	if (buf_private_refcount == NULL || private_pins_total == 0)
		return;
	for (int id = 0; id < buf_ctl->nbuffers; id++)
	{
		BufferDesc *d;

		if (buf_private_refcount[id] == 0)
			continue;
		d = buf_desc(id);
		/* An I/O our error path did not finish: mark it failed. */
		if (lwlock_held_by_me(&d->io_lock))
			buf_terminate_io(d, false, BM_IO_ERROR);
		while (lwlock_held_by_me(&d->content_lock))
			lwlock_release(&d->content_lock);
		private_pins_total -= buf_private_refcount[id] - 1;
		buf_private_refcount[id] = 1;
		buf_unpin(d);
	}
	Assert(private_pins_total == 0);
	private_pins_total = 0;
}

void
bufmgr_buffer_info(int buf_id, BufferInfo *info)
{
	BufferDesc *d = buf_desc(buf_id);
	uint32_t	state;

	/* The header lock makes tag and state one consistent picture. */
	state = buf_hdr_lock(d);
	info->buf_id = buf_id;
	info->tag_valid = (state & BM_TAG_VALID) != 0;
	info->rl = d->tag.rl;
	info->blkno = d->tag.blkno;
	info->dirty = (state & BM_DIRTY) != 0;
	info->usage_count = (int) BUF_STATE_USAGE(state);
	info->pins = (int) BUF_STATE_REFCOUNT(state);
	buf_hdr_unlock(d, state);
}
