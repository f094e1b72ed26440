/*-------------------------------------------------------------------------
 * lwlock.h
 *	  Lightweight locks: shared/exclusive locks in shared memory, sleeping
 *	  on a futex when contended.
 *
 * Role: protect shared data structures (buffer contents, the buffer mapping
 * table, the proc array, CLOG pages, ...) for short periods, possibly across
 * I/O.  No deadlock detection: callers follow the lock order written in
 * storage/lmgr/README.md.
 *
 * Invariants:
 *	- A process records every lwlock it holds (at most LWLOCK_MAX_HELD), so
 *	  lwlock_release_all() after an ERROR leaves nothing held.
 *	- Waiting is not interruptible: a query cancel waits for the lock.
 *	- Holders are not recorded in shared memory; a process killed while
 *	  holding one is cleaned up only by the crash restart.
 *
 * Individual named locks live in one array (LWLOCK_* ids below); locks
 * embedded in other structures (a buffer's content lock) use
 * lwlock_init() with their tranche.
 *-------------------------------------------------------------------------
 */
#ifndef LWLOCK_H
#define LWLOCK_H

#include <stdatomic.h>

#include "common/minipg.h"

typedef struct LWLock
{
	_Atomic uint32_t state;		/* LW_FLAG_EXCLUSIVE | shared holder count */
	_Atomic uint32_t waiters;	/* processes sleeping in futex_wait */
	uint16_t	tranche;
} LWLock;

typedef enum LWLockMode
{
	LW_SHARED,
	LW_EXCLUSIVE,
} LWLockMode;

/* Tranches: what kind of lock this is, for wait events and debugging. */
typedef enum LWLockTranche
{
	LWTRANCHE_INDIVIDUAL,		/* one of the named locks below */
	LWTRANCHE_BUFFER_CONTENT,
	LWTRANCHE_BUFFER_IO,
	LWTRANCHE_BUFFER_MAPPING,
	LWTRANCHE_LOCK_MANAGER,
	LWTRANCHE_CLOG_BUFFER,
	LWTRANCHE_WAL_INSERT,
	LWTRANCHE_COUNT
} LWLockTranche;

/*
 * The named individual locks, in one central list.  Partitioned locks
 * (buffer mapping, lock manager) follow the individual ones.
 */
typedef enum LWLockId
{
	LWLOCK_SHMEM_INDEX,			/* shmem directory (creation only) */
	LWLOCK_PROC_ARRAY,			/* ProcArray membership, xid/xmin publishing */
	LWLOCK_XID_GEN,				/* next transaction id, next oid */
	LWLOCK_CLOG_CONTROL,		/* CLOG page directory */
	LWLOCK_CONTROL_FILE,		/* global/pg_control */
	LWLOCK_CHECKPOINT,			/* one checkpoint at a time */
	LWLOCK_WAL_INSERT,			/* WAL insertion position */
	LWLOCK_WAL_WRITE,			/* WAL write/flush */
	LWLOCK_CATALOG_VERSION,		/* relation-cache invalidation counter */
	LWLOCK_RELFILE_CREATE,		/* relation file creation and unlink */
	LWLOCK_STATS,				/* cumulative statistics area */
	LWLOCK_FAULT_POLICY,		/* fault-injection policy table */
	LWLOCK_AUTO_FILE,			/* postgresql.auto.conf (ALTER SYSTEM) */
	LWLOCK_N_INDIVIDUAL,
} LWLockId;

#define NUM_BUFFER_MAPPING_PARTITIONS 128
#define NUM_LOCK_MANAGER_PARTITIONS 16

/* The named and partitioned locks in shared memory. */
extern LWLock *lwlock_main_array;

#define LWLOCK_BUFFER_MAPPING_BASE	LWLOCK_N_INDIVIDUAL
#define LWLOCK_LOCK_MANAGER_BASE	(LWLOCK_BUFFER_MAPPING_BASE + NUM_BUFFER_MAPPING_PARTITIONS)
#define LWLOCK_MAIN_COUNT			(LWLOCK_LOCK_MANAGER_BASE + NUM_LOCK_MANAGER_PARTITIONS)

static inline LWLock *
lwlock_get(int id)
{
	return &lwlock_main_array[id];
}

#define LWLOCK_MAX_HELD 200

void		lwlock_init(LWLock *lock, LWLockTranche tranche);
void		lwlock_acquire(LWLock *lock, LWLockMode mode);
bool		lwlock_conditional_acquire(LWLock *lock, LWLockMode mode);
void		lwlock_release(LWLock *lock);
bool		lwlock_held_by_me(const LWLock *lock);
bool		lwlock_held_by_me_in_mode(const LWLock *lock, LWLockMode mode);
/* After an ERROR: release everything this process holds. */
void		lwlock_release_all(void);
int			lwlock_num_held(void);
const char *lwlock_tranche_name(LWLockTranche tranche);

/* Shared-memory area for the main array (see shmem_areas.c). */
size_t		lwlock_shmem_size(void);
void		lwlock_shmem_init(void *mem, size_t size);

#endif							/* LWLOCK_H */
