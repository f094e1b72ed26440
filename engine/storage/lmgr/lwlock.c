/*-------------------------------------------------------------------------
 * lwlock.c
 *	  Lightweight locks on a 32-bit atomic state word and Linux futexes.
 *
 * State word: bit LW_FLAG_EXCLUSIVE set while one exclusive holder has it;
 * otherwise the low bits count shared holders.  Acquisition is a CAS loop;
 * a contended acquirer bumps `waiters`, re-checks, and futex-waits on the
 * state word; every release that observes waiters wakes all sleepers, who
 * race again.  Simple and correct; fairness is not guaranteed (a stream of
 * shared holders can delay an exclusive one).
 *
 * Futexes are used without FUTEX_PRIVATE_FLAG because the word lives in a
 * MAP_SHARED mapping used by many processes.
 *
 * Fault point: lock/lwlock/before-sleep, on the slow path only (after
 * the spin, before the futex wait), so the fast path costs nothing extra.
 * It is a step for delay, wait or crash: an "error" there is an ordinary
 * ERROR thrown from lwlock_acquire (PANIC inside a critical section), and
 * error recovery releases every lwlock still held.
 *-------------------------------------------------------------------------
 */
#include "storage/lmgr/lwlock.h"

#include <errno.h>
#include <linux/futex.h>
#include <limits.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "faults/faultpoint.h"
#include "storage/lmgr/spin.h"
#include "utils/elog.h"

#define LW_FLAG_EXCLUSIVE	((uint32_t) 1 << 24)
#define LW_SHARED_MASK		(LW_FLAG_EXCLUSIVE - 1)

LWLock	   *lwlock_main_array = NULL;

typedef struct HeldLock
{
	LWLock	   *lock;
	LWLockMode	mode;
} HeldLock;

static HeldLock held_locks[LWLOCK_MAX_HELD];
static int	num_held = 0;

static void
futex_wait(_Atomic uint32_t *addr, uint32_t expected)
{
	/* Spurious wakeups and EINTR are fine: the caller re-checks. */
	(void) syscall(SYS_futex, (uint32_t *) addr, FUTEX_WAIT, expected, NULL, NULL, 0);
}

static void
futex_wake_all(_Atomic uint32_t *addr)
{
	(void) syscall(SYS_futex, (uint32_t *) addr, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

void
lwlock_init(LWLock *lock, LWLockTranche tranche)
{
	atomic_store(&lock->state, 0);
	atomic_store(&lock->waiters, 0);
	lock->tranche = (uint16_t) tranche;
}

static bool
try_acquire(LWLock *lock, LWLockMode mode, uint32_t *observed)
{
	uint32_t	old = atomic_load_explicit(&lock->state, memory_order_relaxed);

	for (;;)
	{
		uint32_t	desired;

		if (mode == LW_EXCLUSIVE)
		{
			if (old != 0)
			{
				*observed = old;
				return false;
			}
			desired = LW_FLAG_EXCLUSIVE;
		}
		else
		{
			if (old & LW_FLAG_EXCLUSIVE)
			{
				*observed = old;
				return false;
			}
			desired = old + 1;
		}
		if (atomic_compare_exchange_weak_explicit(&lock->state, &old, desired,
												  memory_order_acquire,
												  memory_order_relaxed))
			return true;
	}
}

static void
remember_held(LWLock *lock, LWLockMode mode)
{
	if (num_held >= LWLOCK_MAX_HELD)
		elog(PANIC, "too many lightweight locks taken");
	held_locks[num_held].lock = lock;
	held_locks[num_held].mode = mode;
	num_held++;
}

void
lwlock_acquire(LWLock *lock, LWLockMode mode)
{
	uint32_t	observed;
	int			spins = 0;

	Assert(!lwlock_held_by_me(lock) || mode == LW_SHARED);
	while (!try_acquire(lock, mode, &observed))
	{
		/* A brief spin first: most holders release within microseconds. */
		if (++spins < 100)
		{
			__builtin_ia32_pause();
			continue;
		}
		FAULT_MARK("lock/lwlock/before-sleep");
		atomic_fetch_add(&lock->waiters, 1);
		/* Re-check after announcing ourselves, so a release cannot be missed. */
		if (try_acquire(lock, mode, &observed))
		{
			atomic_fetch_sub(&lock->waiters, 1);
			break;
		}
		futex_wait(&lock->state, observed);
		atomic_fetch_sub(&lock->waiters, 1);
	}
	remember_held(lock, mode);
}

bool
lwlock_conditional_acquire(LWLock *lock, LWLockMode mode)
{
	uint32_t	observed;

	if (!try_acquire(lock, mode, &observed))
		return false;
	remember_held(lock, mode);
	return true;
}

static void
release_state(LWLock *lock, LWLockMode mode)
{
	if (mode == LW_EXCLUSIVE)
		atomic_store_explicit(&lock->state, 0, memory_order_release);
	else
		atomic_fetch_sub_explicit(&lock->state, 1, memory_order_release);
	if (atomic_load(&lock->waiters) > 0)
		futex_wake_all(&lock->state);
}

void
lwlock_release(LWLock *lock)
{
	/* Search from the end: locks are usually released in reverse order. */
	for (int i = num_held - 1; i >= 0; i--)
	{
		if (held_locks[i].lock == lock)
		{
			LWLockMode	mode = held_locks[i].mode;

			memmove(&held_locks[i], &held_locks[i + 1],
					sizeof(HeldLock) * (size_t) (num_held - i - 1));
			num_held--;
			release_state(lock, mode);
			return;
		}
	}
	elog(PANIC, "lock %p (tranche %s) is not held", (void *) lock,
		 lwlock_tranche_name((LWLockTranche) lock->tranche));
}

void
lwlock_release_all(void)
{
	while (num_held > 0)
		lwlock_release(held_locks[num_held - 1].lock);
}

bool
lwlock_held_by_me(const LWLock *lock)
{
	for (int i = 0; i < num_held; i++)
		if (held_locks[i].lock == lock)
			return true;
	return false;
}

bool
lwlock_held_by_me_in_mode(const LWLock *lock, LWLockMode mode)
{
	for (int i = 0; i < num_held; i++)
		if (held_locks[i].lock == lock && held_locks[i].mode == mode)
			return true;
	return false;
}

int
lwlock_num_held(void)
{
	return num_held;
}

const char *
lwlock_tranche_name(LWLockTranche tranche)
{
	static const char *const names[LWTRANCHE_COUNT] = {
		"individual", "BufferContent", "BufferIO", "BufferMapping",
		"LockManager", "XactBuffer", "WALInsert",
	};

	return (tranche >= 0 && tranche < LWTRANCHE_COUNT) ? names[tranche] : "unknown";
}

size_t
lwlock_shmem_size(void)
{
	return sizeof(LWLock) * LWLOCK_MAIN_COUNT;
}

void
lwlock_shmem_init(void *mem, size_t size)
{
	(void) size;
	lwlock_main_array = mem;
	for (int i = 0; i < LWLOCK_MAIN_COUNT; i++)
	{
		LWLockTranche t = LWTRANCHE_INDIVIDUAL;

		if (i >= LWLOCK_LOCK_MANAGER_BASE)
			t = LWTRANCHE_LOCK_MANAGER;
		else if (i >= LWLOCK_BUFFER_MAPPING_BASE)
			t = LWTRANCHE_BUFFER_MAPPING;
		lwlock_init(&lwlock_main_array[i], t);
	}
}

/* Spinlock slow path: back off, then declare the lock stuck. */
void
spin_lock_slow(slock_t *lock, const char *file, int line)
{
	long		waited_us = 0;
	int			spins = 0;

	while (!spin_try_lock(lock))
	{
		if (++spins < 1000)
		{
			__builtin_ia32_pause();
			continue;
		}
		usleep(100);
		waited_us += 100;
		if (waited_us / 1000 > SPIN_STUCK_TIMEOUT_MS)
			elog(PANIC, "stuck spinlock detected at %s:%d", file, line);
	}
}
