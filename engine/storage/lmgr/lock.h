/*-------------------------------------------------------------------------
 * lock.h
 *	  Heavyweight (table-level) locks: PostgreSQL's eight lock modes with
 *	  its conflict table, held until transaction end, with wait queues,
 *	  lock_timeout and deadlock detection.
 *
 * Role: keep DDL and queries on the same table from stepping on each
 * other: every statement that reads a table holds AccessShareLock on it,
 * writers RowExclusiveLock, CREATE INDEX ShareLock, VACUUM
 * ShareUpdateExclusiveLock, DROP/TRUNCATE/ALTER AccessExclusiveLock.  So
 * DROP TABLE waits for the readers of the table, and readers wait for an
 * uncommitted DROP.
 *
 * Structure: a shared table of lock objects (tag -> granted counts per
 * mode, FIFO queue of waiting procs), partitioned by hash over the
 * lock-manager lwlocks; each Proc publishes the locks it holds
 * (lock_held[]) so the deadlock detector can find the holders of a lock.
 * Each process also counts its own acquisitions locally, so re-acquiring
 * a held lock takes no shared lock at all.
 *
 * Invariants:
 *	- granted[m] counts the procs holding mode m (each proc once per mode).
 *	- A waiter is granted only by a releaser (or by itself on wakeup after
 *	  the releaser changed the state): never both.
 *	- Locks are released only at transaction end (lock_release_all), after
 *	  the transaction's commit or abort is recorded.
 *	- Deadlock: after deadlock_timeout a waiter follows waits-for edges
 *	  (lock holders and queue-ahead waiters with conflicting modes, and the
 *	  owners of transactions waited for by xid_wait); a cycle back to
 *	  itself fails with 40P01.
 *-------------------------------------------------------------------------
 */
#ifndef LOCK_H
#define LOCK_H

#include "common/minipg.h"

typedef int LOCKMODE;

#define NoLock						0
#define AccessShareLock				1	/* SELECT */
#define RowShareLock				2	/* SELECT FOR UPDATE/SHARE */
#define RowExclusiveLock			3	/* INSERT, UPDATE, DELETE */
#define ShareUpdateExclusiveLock	4	/* VACUUM, ANALYZE */
#define ShareLock					5	/* CREATE INDEX */
#define ShareRowExclusiveLock		6
#define ExclusiveLock				7
#define AccessExclusiveLock			8	/* DROP, TRUNCATE, ALTER TABLE */
#define MAX_LOCKMODES				9

#define LOCKTAG_RELATION			1
#define LOCKTAG_OBJECT				2

typedef struct LockTag
{
	uint32_t	field1;			/* database oid */
	uint32_t	field2;			/* relation / object oid */
	uint16_t	type;			/* LOCKTAG_* */
} LockTag;

const char *lock_mode_name(LOCKMODE mode);
bool		lock_modes_conflict(LOCKMODE a, LOCKMODE b);

/* Acquire; waits (interruptibly) as long as it conflicts.  ERROR 40P01 on
 * deadlock, 55P03 on lock_timeout. */
void		lock_acquire(const LockTag *tag, LOCKMODE mode);
/* Acquire only if it can be granted at once. */
bool		lock_conditional_acquire(const LockTag *tag, LOCKMODE mode);
/* Release everything this transaction holds (transaction end). */
void		lock_release_all(void);
/* Does this process hold the lock in this mode or a stronger one? */
bool		lock_held(const LockTag *tag, LOCKMODE mode);

/* In a forked child: the parent's locks are the parent's (standalone mode). */
void		lock_forget_after_fork(void);

/* Relation locks in the current database. */
void		lock_relation(Oid relid, LOCKMODE mode);
bool		lock_relation_conditional(Oid relid, LOCKMODE mode);

/*
 * Deadlock detection shared with xid waits: starting from the current
 * process, which waits (for a lock or a transaction), follow the
 * waits-for edges; ERROR 40P01 if they lead back to us.
 */
void		lock_check_deadlock(void);

/*
 * One step of waiting for a lock or a transaction (the caller loops:
 * seq = proc_wakeup_seq(); if (done) break; lock_wait_step(...)): raise
 * pending interrupts, enforce lock_timeout (55P03), run the deadlock check
 * once after deadlock_timeout (40P01), then sleep until woken or the next
 * deadline.
 */
void		lock_wait_step(int64_t wait_start_us, bool *deadlock_checked, uint32_t wakeup_seq);

/* For pg_locks: visit every granted or awaited lock. */
typedef void (*lock_visitor) (const LockTag *tag, LOCKMODE mode, int pid, bool granted,
							  void *arg);
void		lock_walk(lock_visitor visit, void *arg);

size_t		lock_shmem_size(void);
void		lock_shmem_init(void *mem, size_t size);

#endif							/* LOCK_H */
