/*-------------------------------------------------------------------------
 * lock.c
 *	  The heavyweight lock table (see lock.h).
 *
 * Shared layout: LockTable header, bucket heads, LockEntry array, then
 * ProcLockSet per proc slot (the locks each proc holds, for the deadlock
 * detector and pg_locks).  Entries and buckets are divided evenly among
 * the NUM_LOCK_MANAGER_PARTITIONS partitions; a tag's partition is its hash
 * modulo the partition count, and everything about that tag (its entry,
 * its bucket chain, its free list, the ProcLockSet slots pointing at it) is
 * protected by that partition's lwlock.
 *
 * Grant rule (PostgreSQL's): a request is granted at once when its mode
 * conflicts neither with modes granted to other procs nor with modes
 * requested by procs already waiting (no starvation); a proc that already
 * holds the lock only checks the granted modes (lock upgrades never wait
 * behind requests that would wait for them).  On release, waiters are
 * granted in queue order as long as they conflict with nothing granted and
 * with no earlier waiter still waiting.
 *
 * Fault points: lock/table/full (a new entry finds the table full: the
 * real "out of shared memory" ERROR, partition lock held) and
 * lock/wait/relation (a step at the start of a wait, inside the wait's
 * error handler, so "error" leaves the queue cleanly).
 *-------------------------------------------------------------------------
 */
#include "storage/lmgr/lock.h"

#include <stdatomic.h>
#include <stdio.h>

#include "catalog/catalog.h"
#include "faults/fault_regions.h"
#include "faults/faultpoint.h"
#include "storage/ipc/proc.h"
#include "storage/ipc/waitevent.h"
#include "storage/lmgr/lock_internal.h"
#include "storage/lmgr/lwlock.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/interrupt.h"

LockTable  *lock_table = NULL;

/* PostgreSQL's conflict table: bit m set = conflicts with mode m. */
static const int conflicts[MAX_LOCKMODES] = {
	0,
	/* AccessShare */ (1 << AccessExclusiveLock),
	/* RowShare */ (1 << ExclusiveLock) | (1 << AccessExclusiveLock),
	/* RowExclusive */ (1 << ShareLock) | (1 << ShareRowExclusiveLock) |
	(1 << ExclusiveLock) | (1 << AccessExclusiveLock),
	/* ShareUpdateExclusive */ (1 << ShareUpdateExclusiveLock) | (1 << ShareLock) |
	(1 << ShareRowExclusiveLock) | (1 << ExclusiveLock) | (1 << AccessExclusiveLock),
	/* Share */ (1 << RowExclusiveLock) | (1 << ShareUpdateExclusiveLock) |
	(1 << ShareRowExclusiveLock) | (1 << ExclusiveLock) | (1 << AccessExclusiveLock),
	/* ShareRowExclusive */ (1 << RowExclusiveLock) | (1 << ShareUpdateExclusiveLock) |
	(1 << ShareLock) | (1 << ShareRowExclusiveLock) | (1 << ExclusiveLock) |
	(1 << AccessExclusiveLock),
	/* Exclusive */ (1 << RowShareLock) | (1 << RowExclusiveLock) |
	(1 << ShareUpdateExclusiveLock) | (1 << ShareLock) | (1 << ShareRowExclusiveLock) |
	(1 << ExclusiveLock) | (1 << AccessExclusiveLock),
	/* AccessExclusive */ 0x1FE,
};

static const char *const mode_names[MAX_LOCKMODES] = {
	"INVALID", "AccessShareLock", "RowShareLock", "RowExclusiveLock",
	"ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock",
	"ExclusiveLock", "AccessExclusiveLock",
};

const char *
lock_mode_name(LOCKMODE mode)
{
	return (mode > 0 && mode < MAX_LOCKMODES) ? mode_names[mode] : "INVALID";
}

bool
lock_modes_conflict(LOCKMODE a, LOCKMODE b)
{
	return (conflicts[a] & (1 << b)) != 0;
}

int
lock_conflict_mask(LOCKMODE mode)
{
	return conflicts[mode];
}

/* ---- this process's own locks ---- */

typedef struct LocalLock
{
	LockTag		tag;
	int			entry;
	int			counts[MAX_LOCKMODES];
} LocalLock;

#define MAX_LOCAL_LOCKS 256
static LocalLock local_locks[MAX_LOCAL_LOCKS];
static int	n_local_locks = 0;

static bool
tags_equal(const LockTag *a, const LockTag *b)
{
	return a->field1 == b->field1 && a->field2 == b->field2 && a->type == b->type;
}

static LocalLock *
local_find(const LockTag *tag)
{
	for (int i = 0; i < n_local_locks; i++)
		if (tags_equal(&local_locks[i].tag, tag))
			return &local_locks[i];
	return NULL;
}

static int
local_mode_mask(const LocalLock *l)
{
	int			mask = 0;

	for (int m = 1; m < MAX_LOCKMODES; m++)
		if (l && l->counts[m] > 0)
			mask |= 1 << m;
	return mask;
}

/* ---- shared memory ---- */

static int
total_entries(void)
{
	int			n = guc_max_locks_per_transaction * (guc_max_connections + NUM_AUXILIARY_PROCS);

	/* Round up to a multiple of the partition count. */
	return (n + NUM_LOCK_MANAGER_PARTITIONS - 1) / NUM_LOCK_MANAGER_PARTITIONS *
		NUM_LOCK_MANAGER_PARTITIONS;
}

static int
n_proc_slots(void)
{
	return guc_max_connections + NUM_AUXILIARY_PROCS;
}

size_t
lock_shmem_size(void)
{
	size_t		n = (size_t) total_entries();

	return sizeof(LockTable) + n * sizeof(int) + n * sizeof(LockEntry) +
		(size_t) n_proc_slots() * sizeof(ProcLockSet);
}

void
lock_shmem_init(void *mem, size_t size)
{
	(void) size;
	lock_table = mem;
	lock_table->magic = LOCK_TABLE_MAGIC;
	lock_table->n_entries = total_entries();
	lock_table->per_partition = lock_table->n_entries / NUM_LOCK_MANAGER_PARTITIONS;
	lock_table->n_proc_slots = n_proc_slots();
	lock_table->buckets = (int *) (lock_table + 1);
	lock_table->entries = (LockEntry *) (lock_table->buckets + lock_table->n_entries);
	lock_table->proc_locks = (ProcLockSet *) (lock_table->entries + lock_table->n_entries);
	for (int i = 0; i < lock_table->n_entries; i++)
	{
		lock_table->buckets[i] = -1;
		lock_table->entries[i].magic = LOCK_ENTRY_MAGIC;
		lock_table->entries[i].in_use = false;
	}
	for (int p = 0; p < NUM_LOCK_MANAGER_PARTITIONS; p++)
	{
		int			first = p * lock_table->per_partition;

		lock_table->free_head[p] = first;
		for (int i = first; i < first + lock_table->per_partition; i++)
			lock_table->entries[i].next = (i + 1 < first + lock_table->per_partition) ? i + 1 : -1;
	}
	/* The "corrupt" fault action may scribble an entry's magic (entry_at). */
	fault_register_region(FAULT_TARGET_LOCK, lock_table->entries, sizeof(LockEntry),
						  lock_table->n_entries, 0, sizeof(uint32_t));
}

static uint32_t
tag_hash(const LockTag *tag)
{
	uint32_t	h = tag->field1 * 0x9E3779B1u;

	h ^= tag->field2 + 0x7F4A7C15u + (h << 6) + (h >> 2);
	h ^= (uint32_t) tag->type * 0x85EBCA6Bu;
	return h ^ (h >> 15);
}

int
lock_partition_of(const LockTag *tag)
{
	return (int) (tag_hash(tag) % NUM_LOCK_MANAGER_PARTITIONS);
}

LWLock *
lock_partition_lock(int partition)
{
	return lwlock_get(LWLOCK_LOCK_MANAGER_BASE + partition);
}

/* Bucket index for a tag: within its partition's share of buckets. */
static int
bucket_of(const LockTag *tag)
{
	int			p = lock_partition_of(tag);

	return p * lock_table->per_partition +
		(int) ((tag_hash(tag) / NUM_LOCK_MANAGER_PARTITIONS) % (uint32_t) lock_table->per_partition);
}

/*
 * Entry e, checked: a scribbled entry (bad magic or index out of range)
 * is a PANIC here, before anyone trusts its chain or its counts.
 */
static LockEntry *
entry_at(int e)
{
	LockEntry  *le;

	if (e < 0 || e >= lock_table->n_entries)
		elog(PANIC, "lock table is corrupted: entry index %d out of range", e);
	le = &lock_table->entries[e];
	if (le->magic != LOCK_ENTRY_MAGIC)
		elog(PANIC, "lock table entry %d is corrupted (bad magic)", e);
	return le;
}

/* Find (or create) the entry for tag.  Partition lock held exclusively. */
static int
entry_lookup(const LockTag *tag, bool create)
{
	int			b = bucket_of(tag);

	for (int e = lock_table->buckets[b]; e >= 0; e = entry_at(e)->next)
		if (tags_equal(&entry_at(e)->tag, tag))
			return e;
	if (!create)
		return -1;
	int			p = lock_partition_of(tag);
	int			e = FAULT_POINT("lock/table/full") ? -1 : lock_table->free_head[p];

	if (e < 0)
		ereport(ERROR, errcode(ERRCODE_OUT_OF_MEMORY),
				errmsg("out of shared memory"),
				errhint("You might need to increase max_locks_per_transaction."));
	LockEntry  *le = entry_at(e);

	lock_table->free_head[p] = le->next;
	memset(le, 0, sizeof(*le));
	le->magic = LOCK_ENTRY_MAGIC;
	le->tag = *tag;
	le->in_use = true;
	le->wait_head = -1;
	le->next = lock_table->buckets[b];
	lock_table->buckets[b] = e;
	return e;
}

/* Free an entry nobody holds or waits for.  Partition lock held. */
static void
entry_maybe_free(int e)
{
	LockEntry  *le = &lock_table->entries[e];

	for (int m = 1; m < MAX_LOCKMODES; m++)
		if (le->granted[m] > 0)
			return;
	if (le->wait_head >= 0)
		return;
	int			b = bucket_of(&le->tag);

	for (int *link = &lock_table->buckets[b]; *link >= 0; link = &lock_table->entries[*link].next)
	{
		if (*link == e)
		{
			*link = le->next;
			break;
		}
	}
	int			p = lock_partition_of(&le->tag);

	le->in_use = false;
	le->next = lock_table->free_head[p];
	lock_table->free_head[p] = e;
}

/* ---- per-proc holder sets (shared) ---- */

static ProcLockSet *
proclocks_of(int procno)
{
	return &lock_table->proc_locks[procno];
}

/* Record that procno now holds mode on entry e.  Partition lock held. */
static void
holder_add(int procno, int e, LOCKMODE mode)
{
	ProcLockSet *s = proclocks_of(procno);
	int			free_slot = -1;

	for (int i = 0; i < PROC_MAX_HELD_LOCKS; i++)
	{
		if (s->held[i].entry == e && s->held[i].mode_mask != 0)
		{
			s->held[i].mode_mask |= 1 << mode;
			return;
		}
		if (s->held[i].mode_mask == 0 && free_slot < 0)
			free_slot = i;
	}
	if (free_slot < 0)
		ereport(ERROR, errcode(ERRCODE_OUT_OF_MEMORY),
				errmsg("out of shared memory"),
				errhint("You might need to increase max_locks_per_transaction."));
	s->held[free_slot].entry = e;
	s->held[free_slot].mode_mask = 1 << mode;
}

int
lock_holder_mask(int procno, int e)
{
	ProcLockSet *s = proclocks_of(procno);

	for (int i = 0; i < PROC_MAX_HELD_LOCKS; i++)
		if (s->held[i].entry == e && s->held[i].mode_mask != 0)
			return s->held[i].mode_mask;
	return 0;
}

/* ---- granting ---- */

/* Modes granted to procs other than procno (given procno's own mask). */
static int
others_granted_mask(const LockEntry *le, int own_mask)
{
	int			mask = 0;

	for (int m = 1; m < MAX_LOCKMODES; m++)
	{
		int			others = le->granted[m] - ((own_mask >> m) & 1);

		if (others > 0)
			mask |= 1 << m;
	}
	return mask;
}

static int
waiters_mask(const LockEntry *le, int stop_at_procno)
{
	int			mask = 0;

	for (int w = le->wait_head; w >= 0 && w != stop_at_procno;
		 w = proc_global->procs[w].lock_wait_next)
		mask |= 1 << proc_global->procs[w].lock_wait_mode;
	return mask;
}

static void
grant(LockEntry *le, int e, int procno, LOCKMODE mode)
{
	le->granted[mode]++;
	holder_add(procno, e, mode);
}

/* Wake every waiter that can now be granted, in order.  Partition lock held. */
static void
grant_waiters(int e)
{
	LockEntry  *le = &lock_table->entries[e];
	int			ahead_mask = 0;
	int		   *link = &le->wait_head;

	while (*link >= 0)
	{
		int			w = *link;
		Proc	   *wp = &proc_global->procs[w];
		LOCKMODE	mode = wp->lock_wait_mode;
		int			own = lock_holder_mask(w, e);

		if ((conflicts[mode] & (others_granted_mask(le, own) | ahead_mask)) == 0)
		{
			*link = wp->lock_wait_next;
			wp->lock_wait_next = -1;
			wp->lock_wait_index = -1;
			grant(le, e, w, mode);
			atomic_store(&wp->lock_wait_status, LOCK_WAIT_GRANTED);
			proc_wakeup(wp);
			continue;
		}
		ahead_mask |= 1 << mode;
		link = &wp->lock_wait_next;
	}
}

static void
dequeue(LockEntry *le, int procno)
{
	for (int *link = &le->wait_head; *link >= 0; link = &proc_global->procs[*link].lock_wait_next)
	{
		if (*link == procno)
		{
			*link = proc_global->procs[procno].lock_wait_next;
			proc_global->procs[procno].lock_wait_next = -1;
			return;
		}
	}
}

static void
enqueue(LockEntry *le, int procno)
{
	int		   *link = &le->wait_head;

	while (*link >= 0)
		link = &proc_global->procs[*link].lock_wait_next;
	*link = procno;
	proc_global->procs[procno].lock_wait_next = -1;
}

/* ---- acquiring ---- */

static void
local_remember(const LockTag *tag, int e, LOCKMODE mode)
{
	LocalLock  *l = local_find(tag);

	if (l == NULL)
	{
		if (n_local_locks >= MAX_LOCAL_LOCKS)
			ereport(ERROR, errcode(ERRCODE_OUT_OF_MEMORY),
					errmsg("out of shared memory"),
					errhint("You might need to increase max_locks_per_transaction."));
		l = &local_locks[n_local_locks++];
		memset(l, 0, sizeof(*l));
		l->tag = *tag;
	}
	l->entry = e;
	l->counts[mode]++;
}

void
lock_wait_step(int64_t start, bool *deadlock_checked, uint32_t seq)
{
	CHECK_FOR_INTERRUPTS();
	int64_t		waited_ms = (now_us() - start) / 1000;

	if (guc_lock_timeout_ms > 0 && waited_ms >= guc_lock_timeout_ms)
		ereport(ERROR, errcode(ERRCODE_LOCK_NOT_AVAILABLE),
				errmsg("canceling statement due to lock timeout"));
	if (!*deadlock_checked && waited_ms >= guc_deadlock_timeout_ms)
	{
		lock_check_deadlock();
		*deadlock_checked = true;
	}
	long		sleep_ms = 1000;

	if (!*deadlock_checked)
		sleep_ms = Min(sleep_ms, (long) (guc_deadlock_timeout_ms - waited_ms) + 1);
	if (guc_lock_timeout_ms > 0)
		sleep_ms = Min(sleep_ms, (long) (guc_lock_timeout_ms - waited_ms) + 1);
	proc_sleep_if_unchanged(seq, Max(sleep_ms, 1));
}

/* The wait loop: granted by a releaser, or error. */
static void
wait_for_grant(const LockTag *tag, int e, LOCKMODE mode)
{
	int64_t		start = now_us();
	bool		deadlock_checked = false;
	LWLock	   *plock = lock_partition_lock(lock_partition_of(tag));

	proc_set_wait_event(WAIT_EVENT_RELATION);
	ELOG_TRY();
	{
		FAULT_MARK("lock/wait/relation");
		for (;;)
		{
			uint32_t	seq = proc_wakeup_seq();

			if (atomic_load(&MyProc->lock_wait_status) == LOCK_WAIT_GRANTED)
				break;
			lock_wait_step(start, &deadlock_checked, seq);
		}
	}
	ELOG_CATCH();
	{
		/* Leave the queue, unless a releaser granted us the lock meanwhile. */
		lwlock_acquire(plock, LW_EXCLUSIVE);
		if (atomic_load(&MyProc->lock_wait_status) != LOCK_WAIT_GRANTED)
		{
			LockEntry  *le = &lock_table->entries[e];

			dequeue(le, MyProc->procno);
			MyProc->lock_wait_index = -1;
			grant_waiters(e);
			entry_maybe_free(e);
		}
		else
			local_remember(tag, e, mode);
		lwlock_release(plock);
		proc_set_wait_event(0);
		ELOG_RE_THROW();
	}
	ELOG_END_TRY();
	proc_set_wait_event(0);
}

static bool
acquire(const LockTag *tag, LOCKMODE mode, bool dont_wait)
{
	LocalLock  *l = local_find(tag);

	Assert(mode > 0 && mode < MAX_LOCKMODES);
	if (MyProc == NULL)
		elog(ERROR, "cannot acquire locks without a proc slot");
	if (l != NULL && l->counts[mode] > 0)
	{
		l->counts[mode]++;
		return true;
	}
	int			own_mask = local_mode_mask(l);
	LWLock	   *plock = lock_partition_lock(lock_partition_of(tag));

	lwlock_acquire(plock, LW_EXCLUSIVE);
	int			e = entry_lookup(tag, true);
	LockEntry  *le = &lock_table->entries[e];
	int			blockers = others_granted_mask(le, own_mask);

	if (own_mask == 0)
		blockers |= waiters_mask(le, -1);
	if ((conflicts[mode] & blockers) == 0)
	{
		grant(le, e, MyProc->procno, mode);
		lwlock_release(plock);
		local_remember(tag, e, mode);
		return true;
	}
	if (dont_wait)
	{
		entry_maybe_free(e);
		lwlock_release(plock);
		return false;
	}
	MyProc->lock_wait_index = e;
	MyProc->lock_wait_mode = mode;
	MyProc->lock_wait_start_us = now_us();
	atomic_store(&MyProc->lock_wait_status, LOCK_WAIT_WAITING);
	enqueue(le, MyProc->procno);
	lwlock_release(plock);

	wait_for_grant(tag, e, mode);
	local_remember(tag, e, mode);
	return true;
}

void
lock_acquire(const LockTag *tag, LOCKMODE mode)
{
	(void) acquire(tag, mode, false);
}

bool
lock_conditional_acquire(const LockTag *tag, LOCKMODE mode)
{
	return acquire(tag, mode, true);
}

bool
lock_held(const LockTag *tag, LOCKMODE mode)
{
	LocalLock  *l = local_find(tag);

	if (l == NULL)
		return false;
	for (int m = mode; m < MAX_LOCKMODES; m++)
		if (l->counts[m] > 0)
			return true;
	return false;
}

void
lock_release_all(void)
{
	for (int i = 0; i < n_local_locks; i++)
	{
		LocalLock  *l = &local_locks[i];
		LWLock	   *plock = lock_partition_lock(lock_partition_of(&l->tag));
		ProcLockSet *s = proclocks_of(MyProc->procno);

		lwlock_acquire(plock, LW_EXCLUSIVE);
		LockEntry  *le = &lock_table->entries[l->entry];

		for (int m = 1; m < MAX_LOCKMODES; m++)
			if (l->counts[m] > 0)
				le->granted[m]--;
		for (int h = 0; h < PROC_MAX_HELD_LOCKS; h++)
			if (s->held[h].entry == l->entry)
				s->held[h].mode_mask = 0;
		grant_waiters(l->entry);
		entry_maybe_free(l->entry);
		lwlock_release(plock);
	}
	n_local_locks = 0;
}

void
lock_forget_after_fork(void)
{
	n_local_locks = 0;
}

static void
relation_tag(LockTag *tag, Oid relid)
{
	tag->field1 = MyDatabaseId;
	tag->field2 = relid;
	tag->type = LOCKTAG_RELATION;
}

void
lock_relation(Oid relid, LOCKMODE mode)
{
	LockTag		tag;

	relation_tag(&tag, relid);
	lock_acquire(&tag, mode);
}

bool
lock_relation_conditional(Oid relid, LOCKMODE mode)
{
	LockTag		tag;

	relation_tag(&tag, relid);
	return lock_conditional_acquire(&tag, mode);
}

void
lock_walk(lock_visitor visit, void *arg)
{
	for (int p = 0; p < NUM_LOCK_MANAGER_PARTITIONS; p++)
		lwlock_acquire(lock_partition_lock(p), LW_SHARED);
	for (int procno = 0; procno < lock_table->n_proc_slots; procno++)
	{
		Proc	   *pr = &proc_global->procs[procno];
		int			pid = atomic_load(&pr->pid);

		if (pid == 0)
			continue;
		ProcLockSet *s = proclocks_of(procno);

		for (int h = 0; h < PROC_MAX_HELD_LOCKS; h++)
			for (int m = 1; m < MAX_LOCKMODES; m++)
				if (s->held[h].mode_mask & (1 << m))
					visit(&lock_table->entries[s->held[h].entry].tag, m, pid, true, arg);
		if (atomic_load(&pr->lock_wait_status) == LOCK_WAIT_WAITING && pr->lock_wait_index >= 0)
			visit(&lock_table->entries[pr->lock_wait_index].tag, pr->lock_wait_mode, pid, false, arg);
	}
	for (int p = NUM_LOCK_MANAGER_PARTITIONS - 1; p >= 0; p--)
		lwlock_release(lock_partition_lock(p));
}
