/*-------------------------------------------------------------------------
 * smgr_sync.c
 *	  The shared "files needing fsync" table and the checkpoint's sync.
 *
 * Role: data writes are not fsynced when they happen (that would make
 * every buffer eviction wait for the disk).  Instead each write registers
 * its file here; the checkpoint calls smgr_sync_all_pending(), which takes
 * the whole set and fsyncs each file once.  Files written by a backend that
 * has since exited are still synced: the table is in shared memory.
 *
 * Shared state (one area, "Relation file sync table"):
 *	entries		open-addressing hash set of RelFileLocators (linear
 *				probing), filled to at most 3/4 of its capacity
 *	overflowed	set when a registration found the table full; the next
 *				sync then fsyncs every file under global/ and base/
 *	cycle		incremented each time a sync takes the set; a process that
 *				registered a file in the current cycle skips further
 *				registrations of it (no lock on the hot path)
 *	unlink_generation  bumped by smgr_unlink (see smgr.c)
 *	table_lock	protects entries, count, overflowed and changes of cycle
 *	sync_lock	held for a whole smgr_sync_all_pending(), so a second
 *				caller cannot return before the first caller's files are
 *				durable
 *
 * Why no request is lost: a writer registers after its write completed.
 * If it sees the cycle unchanged and skips, its file is in the set that
 * the next sync will take, and that sync's fsync starts after the write.
 * If a sync took the set meanwhile, the writer sees a new cycle and
 * registers again in the new set.
 *
 * Without shared memory (tools, unit tests) registration is a no-op and a
 * sync falls back to fsyncing everything.
 *
 * Lock order: sync_lock before table_lock; neither is held while taking
 * any other lwlock.
 *
 * Fault points: smgr/sync/after-take (a step: the set is taken, sync_lock
 * held, nothing synced yet) and smgr/sync/before-fsync (one file's fsync
 * fails with the policy's errno: PANIC, never a retry).
 *-------------------------------------------------------------------------
 */
#include <dirent.h>
#include <errno.h>
#include <time.h>
#include <fcntl.h>
#include <stdio.h>

#include "faults/faultpoint.h"
#include "storage/file/fileops.h"
#include "storage/ipc/shmem.h"
#include "storage/lmgr/lwlock.h"
#include "storage/smgr/smgr_internal.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

#define SMGR_SYNC_MAGIC		0x534D475253594E43ULL	/* "SMGRSYNC" */
#define SYNC_TABLE_MIN		256
#define SYNC_TABLE_MAX		16384

typedef struct SyncEntry
{
	bool		used;
	RelFileLocator rl;
} SyncEntry;

typedef struct SmgrSyncShared
{
	uint64_t	magic;
	LWLock		table_lock;
	LWLock		sync_lock;
	_Atomic uint64_t cycle;
	_Atomic uint64_t unlink_generation;
	bool		overflowed;		/* protected by table_lock */
	int			capacity;		/* power of two */
	int			count;			/* protected by table_lock */
	SyncEntry	entries[];		/* protected by table_lock */
} SmgrSyncShared;

static SmgrSyncShared *smgr_sync = NULL;

static int
table_capacity(void)
{
	int			cap = SYNC_TABLE_MIN;

	while (cap < SYNC_TABLE_MAX && cap < guc_shared_buffers_blocks / 4)
		cap *= 2;
	return cap;
}

size_t
smgr_shmem_size(void)
{
	return shmem_add_size(sizeof(SmgrSyncShared),
						  shmem_mul_size((size_t) table_capacity(), sizeof(SyncEntry)));
}

void
smgr_shmem_init(void *mem, size_t size)
{
	SmgrSyncShared *s = mem;

	(void) size;
	s->magic = SMGR_SYNC_MAGIC;
	lwlock_init(&s->table_lock, LWTRANCHE_INDIVIDUAL);
	lwlock_init(&s->sync_lock, LWTRANCHE_INDIVIDUAL);
	atomic_store(&s->cycle, 0);
	atomic_store(&s->unlink_generation, 0);
	s->overflowed = false;
	s->capacity = table_capacity();
	s->count = 0;
	smgr_sync = s;
}

static void
check_magic(void)
{
	if (smgr_sync->magic != SMGR_SYNC_MAGIC)
		elog(PANIC, "relation file sync table is corrupted (bad magic)");
}

static uint32_t
locator_hash(RelFileLocator rl)
{
	uint32_t	h = rl.db_oid * 0x9E3779B1u ^ rl.rel_number * 0x85EBCA77u;

	h ^= h >> 15;
	h *= 0x2C1B3C6Du;
	h ^= h >> 13;
	return h;
}

/* Insert rl unless present.  Caller holds table_lock exclusively. */
static void
table_insert(RelFileLocator rl)
{
	int			mask = smgr_sync->capacity - 1;
	int			i = (int) (locator_hash(rl) & (uint32_t) mask);

	for (;;)
	{
		SyncEntry  *e = &smgr_sync->entries[i];

		if (!e->used)
			break;
		if (relfilelocator_equal(e->rl, rl))
			return;
		i = (i + 1) & mask;
	}
	if (smgr_sync->count >= smgr_sync->capacity / 4 * 3)
	{
		smgr_sync->overflowed = true;
		return;
	}
	smgr_sync->entries[i].used = true;
	smgr_sync->entries[i].rl = rl;
	smgr_sync->count++;
}

void
smgr_sync_register(RelFileLocator rl, uint64_t *registered_cycle)
{
	if (smgr_sync == NULL || relfilelocator_is_temp(rl))
		return;
	if (*registered_cycle == atomic_load(&smgr_sync->cycle))
		return;
	check_magic();
	lwlock_acquire(&smgr_sync->table_lock, LW_EXCLUSIVE);
	table_insert(rl);
	*registered_cycle = atomic_load(&smgr_sync->cycle);
	lwlock_release(&smgr_sync->table_lock);
}

uint64_t
smgr_sync_unlink_generation(void)
{
	return smgr_sync ? atomic_load(&smgr_sync->unlink_generation) : 0;
}

void
smgr_sync_note_unlink(uint64_t *seen)
{
	if (smgr_sync != NULL && atomic_fetch_add(&smgr_sync->unlink_generation, 1) == *seen)
		(*seen)++;
}

void
smgr_fsync_or_panic(int fd, const char *path)
{
	if (!guc_fsync)
		return;
	if (fo_fsync(fd) != 0)
		ereport(PANIC, errcode_for_file_access(),
				errmsg("could not fsync file \"%s\": %m", path));
}

void
smgr_fsync_dir_or_panic(const char *path)
{
	if (!guc_fsync)
		return;
	if (fo_fsync_dir(path) != 0)
		ereport(PANIC, errcode_for_file_access(),
				errmsg("could not fsync file \"%s\": %m", path));
}

/* fsync one file by path; a file unlinked since it was written is skipped. */
static void
sync_path(const char *path)
{
	int			fd = fo_open(path, O_RDONLY, 0);

	if (fd < 0)
	{
		if (errno == ENOENT)
			return;
		ereport(PANIC, errcode_for_file_access(),
				errmsg("could not fsync file \"%s\": %m", path));
	}
	smgr_fsync_or_panic(fd, path);
	(void) fo_close(fd);
}

/* fsync every entry of directory dir (recursing one level when
 * subdirs_too), then dir itself.  A missing dir is skipped. */
static void
sync_directory(const char *dir, bool subdirs_too)
{
	DIR		   *d = opendir(dir);
	struct dirent *de;

	if (d == NULL)
	{
		if (errno == ENOENT)
			return;
		ereport(PANIC, errcode_for_file_access(),
				errmsg("could not open directory \"%s\": %m", dir));
	}
	while ((de = readdir(d)) != NULL)
	{
		char		path[512];

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (subdirs_too && de->d_type == DT_DIR)
			sync_directory(path, false);
		else if (de->d_type != DT_DIR)
			sync_path(path);
	}
	closedir(d);
	smgr_fsync_dir_or_panic(dir);
}

/* The fallback: fsync every relation file there is. */
static void
sync_everything(void)
{
	if (!guc_fsync)
		return;
	sync_directory("global", false);
	sync_directory("base", true);
}

static SmgrSyncStats last_stats;

void
smgr_last_sync_stats(SmgrSyncStats *out)
{
	*out = last_stats;
}

static double
elapsed_s(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double) (t1.tv_sec - t0->tv_sec) + (double) (t1.tv_nsec - t0->tv_nsec) / 1e9;
}

void
smgr_sync_all_pending(void)
{
	RelFileLocator *pending;
	int			n = 0;
	bool		overflowed;

	if (smgr_sync == NULL)
	{
		sync_everything();
		return;
	}
	check_magic();
	/* Allocate before taking the set: nothing may fail once it is taken. */
	pending = palloc(sizeof(RelFileLocator) * (size_t) smgr_sync->capacity);
	lwlock_acquire(&smgr_sync->sync_lock, LW_EXCLUSIVE);
	lwlock_acquire(&smgr_sync->table_lock, LW_EXCLUSIVE);
	for (int i = 0; i < smgr_sync->capacity; i++)
	{
		SyncEntry  *e = &smgr_sync->entries[i];

		if (e->used)
		{
			pending[n++] = e->rl;
			e->used = false;
		}
	}
	overflowed = smgr_sync->overflowed;
	smgr_sync->overflowed = false;
	smgr_sync->count = 0;
	atomic_fetch_add(&smgr_sync->cycle, 1);
	lwlock_release(&smgr_sync->table_lock);
	/* The set is ours alone now: an "error" at this step must be a PANIC. */
	START_CRIT_SECTION();
	FAULT_MARK("smgr/sync/after-take");
	END_CRIT_SECTION();

	memset(&last_stats, 0, sizeof(last_stats));
	if (guc_fsync)
	{
		for (int i = 0; i < n; i++)
		{
			char		path[SMGR_RELPATH_SIZE];
			struct timespec t0;

			smgr_relpath_buf(pending[i], path, sizeof(path));
			clock_gettime(CLOCK_MONOTONIC, &t0);
			if (FAULT_POINT("smgr/sync/before-fsync"))
				ereport(PANIC, errcode_for_file_access(),
						errmsg("could not fsync file \"%s\": %m", path));
			sync_path(path);

			double		s = elapsed_s(&t0);

			last_stats.files++;
			last_stats.total_s += s;
			last_stats.longest_s = Max(last_stats.longest_s, s);
		}
		if (overflowed)
			sync_everything();
	}
	lwlock_release(&smgr_sync->sync_lock);
	pfree(pending);
}

int
smgr_pending_sync_count(bool *overflowed)
{
	int			n;

	if (smgr_sync == NULL)
	{
		if (overflowed)
			*overflowed = true;		/* everything will be synced */
		return 0;
	}
	lwlock_acquire(&smgr_sync->table_lock, LW_SHARED);
	n = smgr_sync->count;
	if (overflowed)
		*overflowed = smgr_sync->overflowed;
	lwlock_release(&smgr_sync->table_lock);
	return n;
}
