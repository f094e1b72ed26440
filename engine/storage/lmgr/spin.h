/*-------------------------------------------------------------------------
 * spin.h
 *	  Spinlocks on C11 atomics, for very short critical sections in shared
 *	  memory (a few instructions: never I/O, never another lock, never
 *	  ereport).
 *
 * Invariants:
 *	- Held only for a bounded handful of instructions; a holder never sleeps.
 *	- A lock not obtained after SPIN_STUCK_TIMEOUT_MS of trying means its
 *	  holder died or scribbled on it: "stuck spinlock detected" is a PANIC,
 *	  which restarts the cluster.
 *	- A process killed while holding one leaves it held; only the
 *	  shared-memory reset after that crash clears it.
 *-------------------------------------------------------------------------
 */
#ifndef SPIN_H
#define SPIN_H

#include <stdatomic.h>

#include "common/minipg.h"

typedef _Atomic uint32_t slock_t;

#define SPIN_STUCK_TIMEOUT_MS 60000

void		spin_lock_slow(slock_t *lock, const char *file, int line);

static inline void
spin_init(slock_t *lock)
{
	atomic_store_explicit(lock, 0, memory_order_relaxed);
}

static inline bool
spin_try_lock(slock_t *lock)
{
	return atomic_exchange_explicit(lock, 1, memory_order_acquire) == 0;
}

#define spin_lock(lock) \
	do { \
		if (!spin_try_lock(lock)) \
			spin_lock_slow((lock), __FILE__, __LINE__); \
	} while (0)

static inline void
spin_unlock(slock_t *lock)
{
	atomic_store_explicit(lock, 0, memory_order_release);
}

#endif							/* SPIN_H */
