/*-------------------------------------------------------------------------
 * lock_internal.h
 *	  Shared structures of the heavyweight lock table, for lock.c and the
 *	  deadlock detector (deadlock.c).  Not for use elsewhere.
 *-------------------------------------------------------------------------
 */
#ifndef LOCK_INTERNAL_H
#define LOCK_INTERNAL_H

#include "storage/lmgr/lock.h"
#include "storage/lmgr/lwlock.h"

#define LOCK_TABLE_MAGIC	0x4C4F434B544142ULL	/* "LOCKTAB" */
#define PROC_MAX_HELD_LOCKS 64

/* Proc.lock_wait_status values. */
#define LOCK_WAIT_WAITING	0
#define LOCK_WAIT_GRANTED	1

#define LOCK_ENTRY_MAGIC	0x4C4B454Eu	/* "LKEN": checked by entry_at() */

typedef struct LockEntry
{
	uint32_t	magic;			/* LOCK_ENTRY_MAGIC, in use or free */
	LockTag		tag;
	bool		in_use;
	int			granted[MAX_LOCKMODES];	/* procs holding each mode */
	int			wait_head;		/* first waiting procno, -1 none */
	int			next;			/* bucket chain or free list */
} LockEntry;

typedef struct HeldLock
{
	int			entry;
	int			mode_mask;		/* 0 = slot unused */
} HeldLock;

typedef struct ProcLockSet
{
	HeldLock	held[PROC_MAX_HELD_LOCKS];
} ProcLockSet;

typedef struct LockTable
{
	uint64_t	magic;
	int			n_entries;
	int			per_partition;
	int			n_proc_slots;
	int			free_head[NUM_LOCK_MANAGER_PARTITIONS];
	int		   *buckets;
	LockEntry  *entries;
	ProcLockSet *proc_locks;
} LockTable;

extern LockTable *lock_table;

int			lock_conflict_mask(LOCKMODE mode);
int			lock_partition_of(const LockTag *tag);
LWLock	   *lock_partition_lock(int partition);
/* Modes procno holds on entry e (partition lock held). */
int			lock_holder_mask(int procno, int e);

#endif							/* LOCK_INTERNAL_H */
