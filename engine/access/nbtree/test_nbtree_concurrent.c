/*-------------------------------------------------------------------------
 * test_nbtree_concurrent.c
 *	  Unit tests for B-tree concurrency (access/nbtree): several processes
 *	  inserting, scanning and racing on unique keys in one index.
 *
 * What:
 *	- 3 processes insert 20,000 distinct keys each (interleaved values, so
 *	  they split the same pages): btree_verify passes, 60,000 entries, and
 *	  a scan finds every key with its TID, in order;
 *	- 3 processes insert 10,000 entries each over 100 key values (long
 *	  duplicate runs split concurrently): every entry is found;
 *	- scans running while two processes insert: each scan returns strictly
 *	  increasing keys and every key that existed before it started, both
 *	  directions (Lehman-Yao moves right / walks left past splits);
 *	- unique key, first inserter's transaction still open: the second
 *	  process waits (it is observed waiting), then gets 23505 when the
 *	  first commits, or succeeds when it aborts;
 *	- 3 processes race to insert the same 1,000 unique keys, each in its
 *	  own transaction: exactly one wins per key (1,000 successes in all,
 *	  every loser got 23505) and the index holds exactly 1,000 entries;
 *	- 3 inserters, a scanner killing entries and a VACUUM loop at once:
 *	  the tree stays valid, no vacuumed entry survives, every entry that
 *	  was neither vacuumed nor killed is found exactly once;
 *	- the lost-update workload: 3 processes make non-HOT updates of three
 *	  rows of a unique index (fill factor 100: long runs of equal keys,
 *	  splits, dead entries reclaimed) while 2 processes scan for those
 *	  keys: every scan returns, once and in TID order, each entry that was
 *	  in the index when it started and whose version it may still need
 *	  (a logical clock stands in for snapshots; see the test); the same
 *	  with a non-unique index (no uniqueness check).  A uniqueness check
 *	  that marked the old version's entry LP_DEAD while the version was
 *	  still visible to a scan's snapshot fails the first one.
 * How: standalone_init() with 128 shared buffers (the indexes do not fit,
 * so pages are evicted and read back), children from standalone_fork()
 * report through their exit status; transaction liveness of the fake heap
 * versions is real (xid_status of real transactions).  Expected results
 * are computed from the generated keys, never from the index.
 *-------------------------------------------------------------------------
 */
#include "access/nbtree/test_nbtree_common.h"

#include <sched.h>
#include <time.h>

#define NPROCS 3

/* Fork n children running fn(i); each must exit 0. */
static void
run_children(int n, int (*fn) (int))
{
	pid_t		pids[8];

	ASSERT_NOTHING_HELD();
	for (int i = 0; i < n; i++)
	{
		pids[i] = standalone_fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0)
		{
			volatile int code = 0;

			ELOG_TRY();
			{
				code = fn(i);
			}
			ELOG_CATCH();
			{
				elog_emit_current_error();
				_exit(3);
			}
			ELOG_END_TRY();
			proc_exit(code != 0 ? code : (bufmgr_pins_held() == 0 ? 0 : 4));
		}
	}
	for (int i = 0; i < n; i++)
	{
		int			status;

		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
}

static Relation shared_idx;

/* ---- distinct keys ---- */

#define PER_PROC 20000

static int
insert_distinct_child(int p)
{
	int		   *order = malloc(sizeof(int) * PER_PROC);
	uint64_t	rng = 1000 + (uint64_t) p;

	for (int i = 0; i < PER_PROC; i++)
		order[i] = i;
	shuffle_ints(order, PER_PROC, &rng);
	for (int i = 0; i < PER_PROC; i++)
	{
		int			key = order[i] * NPROCS + p;

		insert_int(shared_idx, key, false, key);
	}
	free(order);
	return 0;
}

static void
test_concurrent_distinct(void **state)
{
	int			total = PER_PROC * NPROCS;
	ItemPointerData *got = malloc(sizeof(ItemPointerData) * (size_t) total);
	BTVerifyStats st;

	(void) state;
	test_heap_reset();
	shared_idx = make_int_index("conc_idx", true);
	run_children(NPROCS, insert_distinct_child);

	btree_verify_ext(shared_idx, &st);
	assert_int_equal((int) st.leaf_entries, total);
	assert_true(st.levels >= 2);
	assert_int_equal(scan_collect(shared_idx, NULL, 0, false, got, total), total);
	for (int i = 0; i < total; i++)
		if (tid_slot(&got[i]) != i)
			fail_msg("entry %d has slot %d", i, tid_slot(&got[i]));
	/* Spot checks by key, both directions. */
	for (int key = 0; key < total; key += 997)
	{
		ScanKeyData k = skey(1, BTEqualStrategyNumber, Int32GetDatum(key));

		assert_int_equal(scan_collect(shared_idx, &k, 1, key % 2 == 0, got, 2), 1);
		assert_int_equal(tid_slot(&got[0]), key);
	}
	free(got);
}

/* ---- duplicates ---- */

#define DUP_PER_PROC 10000
#define DUP_KEYS 100

static int
dup_key_of(int slot)
{
	return (int) ((uint32_t) slot * 2654435761u % DUP_KEYS);
}

static int
insert_dups_child(int p)
{
	for (int i = 0; i < DUP_PER_PROC; i++)
	{
		int			slot = i * NPROCS + p;

		insert_int(shared_idx, dup_key_of(slot), false, slot);
	}
	return 0;
}

static void
test_concurrent_duplicates(void **state)
{
	int			total = DUP_PER_PROC * NPROCS;
	ItemPointerData *got = malloc(sizeof(ItemPointerData) * (size_t) total);

	(void) state;
	test_heap_reset();
	shared_idx = make_int_index("dup_conc_idx", false);
	run_children(NPROCS, insert_dups_child);
	assert_int_equal((int) btree_verify(shared_idx), total);
	for (int key = 0; key < DUP_KEYS; key++)
	{
		ScanKeyData k = skey(1, BTEqualStrategyNumber, Int32GetDatum(key));
		int			n = scan_collect(shared_idx, &k, 1, false, got, total);
		int			want = 0;

		/* Exactly this key's slots, in TID (= slot) order. */
		for (int slot = 0; slot < total; slot++)
			if (dup_key_of(slot) == key)
			{
				assert_true(want < n);
				assert_int_equal(tid_slot(&got[want]), slot);
				want++;
			}
		assert_int_equal(n, want);
	}
	free(got);
}

/* ---- scans during inserts ---- */

#define PRELOADED 20000			/* even keys 0, 2, ... present before the scans */
#define ODD_PER_PROC 10000

typedef struct ScanShared
{
	_Atomic int inserters_done;
	_Atomic int scans;
	_Atomic int partial_scans;	/* scans that saw some but not all odd keys */
} ScanShared;

static ScanShared *scan_shared;

static int
insert_odd_child(int p)
{
	for (int i = 0; i < ODD_PER_PROC; i++)
	{
		int			key = 2 * (i * 2 + p) + 1;

		insert_int(shared_idx, key, false, key);
	}
	atomic_fetch_add(&scan_shared->inserters_done, 1);
	return 0;
}

/* Scan repeatedly while the inserters run; check order and completeness. */
static int
scanner_child(int p)
{
	ItemPointerData *got = malloc(sizeof(ItemPointerData) * (PRELOADED * 2 + 4 * ODD_PER_PROC));
	int			max = PRELOADED * 2 + 4 * ODD_PER_PROC;

	for (int round = 0; round < 12 || atomic_load(&scan_shared->inserters_done) < 2; round++)
	{
		bool		backward = round % 2 == 1;
		int			n = scan_collect(shared_idx, NULL, 0, backward, got, max);
		int			evens = 0;

		for (int i = 0; i < n; i++)
		{
			int			key = tid_slot(&got[i]);

			if (i > 0)
			{
				int			prev = tid_slot(&got[i - 1]);

				if (backward ? prev <= key : prev >= key)
					return 10;	/* out of order or repeated */
			}
			evens += key % 2 == 0;
		}
		if (evens != PRELOADED)
			return 11;			/* missed an entry that existed before */
		atomic_fetch_add(&scan_shared->scans, 1);
		if (n - evens > 0 && n - evens < 2 * ODD_PER_PROC)
			atomic_fetch_add(&scan_shared->partial_scans, 1);
	}
	free(got);
	(void) p;
	return 0;
}

static int
scan_or_insert_child(int p)
{
	return p == 0 ? scanner_child(p) : insert_odd_child(p - 1);
}

static void
test_scans_during_inserts(void **state)
{
	(void) state;
	test_heap_reset();
	scan_shared = mmap(NULL, sizeof(ScanShared), PROT_READ | PROT_WRITE,
					   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	assert_true(scan_shared != MAP_FAILED);
	shared_idx = make_int_index("scan_conc_idx", true);
	for (int i = 0; i < PRELOADED; i++)
		insert_int(shared_idx, 2 * i, false, 2 * i);
	run_children(3, scan_or_insert_child);
	assert_int_equal((int) btree_verify(shared_idx), PRELOADED + 2 * ODD_PER_PROC);
	/* The scans really overlapped the insertions. */
	assert_true(atomic_load(&scan_shared->partial_scans) > 0);
	munmap(scan_shared, sizeof(ScanShared));
}

/* ---- waiting for the first inserter's transaction ---- */

enum
{
	CHILD_GOT_23505 = 10,
	CHILD_INSERTED = 20,
	CHILD_OTHER_ERROR = 30,
};

static int	go_pipe[2];

static int
second_inserter_child(int p)
{
	char		c;
	CapturedError err;

	(void) p;
	if (read(go_pipe[0], &c, 1) != 1)
		return 2;
	xact_start_command();
	slot_set(2, SLOT_BY_XID, xact_get_xid());
	CAPTURE(err, insert_int(shared_idx, 42, false, 2));
	if (!err.caught)
	{
		xact_commit_command();
		return CHILD_INSERTED;
	}
	xact_abort_current();
	if (strcmp(err.sqlstate, "23505") == 0 &&
		strcmp(err.message, "duplicate key value violates unique constraint \"wait_idx\"") == 0 &&
		strcmp(err.detail, "Key (id)=(42) already exists.") == 0)
		return CHILD_GOT_23505;
	fprintf(stderr, "child error %s: %s (%s)\n", err.sqlstate, err.message, err.detail);
	return CHILD_OTHER_ERROR;
}

/* Run the scenario; commit or abort the first transaction; return the child's code. */
static int
wait_scenario(bool commit)
{
	int			status;
	pid_t		pid;

	test_heap_reset();
	shared_idx = make_int_index("wait_idx", true);
	assert_int_equal(pipe(go_pipe), 0);
	pid = standalone_fork();
	if (pid == 0)
		proc_exit(second_inserter_child(0));

	xact_start_command();
	slot_set(1, SLOT_BY_XID, xact_get_xid());
	insert_int(shared_idx, 42, false, 1);
	assert_int_equal(write(go_pipe[1], "g", 1), 1);

	/* The child reports our xid in doubt, then sleeps in xid_wait. */
	for (int i = 0; i < 1000 && atomic_load(&test_heap->in_doubt_reports) == 0; i++)
		usleep(10000);
	assert_int_equal(atomic_load(&test_heap->in_doubt_reports), 1);
	usleep(200000);
	assert_int_equal(waitpid(pid, &status, WNOHANG), 0);	/* still waiting */

	if (commit)
		xact_commit_command();
	else
		xact_abort_current();
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	close(go_pipe[0]);
	close(go_pipe[1]);
	ASSERT_NOTHING_HELD();
	return WEXITSTATUS(status);
}

static void
test_unique_wait_commit(void **state)
{
	(void) state;
	assert_int_equal(wait_scenario(true), CHILD_GOT_23505);
	assert_int_equal((int) btree_verify(shared_idx), 1);
}

static void
test_unique_wait_abort(void **state)
{
	BTVerifyStats st;
	ItemPointerData got[4];
	ScanKeyData k = skey(1, BTEqualStrategyNumber, Int32GetDatum(42));

	(void) state;
	assert_int_equal(wait_scenario(false), CHILD_INSERTED);
	/* Both entries exist; the aborted one was marked dead by the child's re-check. */
	btree_verify_ext(shared_idx, &st);
	assert_int_equal((int) st.leaf_entries, 2);
	assert_int_equal((int) st.dead_entries, 1);
	assert_int_equal(scan_collect(shared_idx, &k, 1, false, got, 4), 1);
	assert_int_equal(tid_slot(&got[0]), 2);
}

/* ---- racing unique inserts ---- */

#define RACE_KEYS 1000

typedef struct RaceShared
{
	_Atomic int ready;			/* start barrier */
	_Atomic int successes;
	_Atomic int conflicts;
} RaceShared;

static RaceShared *race;

/* Insert, capturing an ERROR (kept out of race_child's loop for setjmp's sake). */
static void
try_insert(int32_t key, int slot, CapturedError *err)
{
	CAPTURE(*err, insert_int(shared_idx, key, false, slot));
}

static int
race_child(int p)
{
	uint64_t	rng = 500 + (uint64_t) p;

	atomic_fetch_add(&race->ready, 1);
	for (int i = 0; i < 10000 && atomic_load(&race->ready) < NPROCS; i++)
		usleep(1000);
	for (int key = 0; key < RACE_KEYS; key++)
	{
		int			slot = 100000 + p * RACE_KEYS + key;
		CapturedError err;

		xact_start_command();
		slot_set(slot, SLOT_BY_XID, xact_get_xid());
		try_insert(key, slot, &err);
		if (err.caught)
		{
			xact_abort_current();
			if (strcmp(err.sqlstate, "23505") != 0)
			{
				fprintf(stderr, "race error %s: %s\n", err.sqlstate, err.message);
				return 5;
			}
			atomic_fetch_add(&race->conflicts, 1);
			continue;
		}
		/* Hold the transaction open a little now and then, so others wait. */
		if (rng_next(&rng) % 8 == 0)
			usleep(200);
		xact_commit_command();
		atomic_fetch_add(&race->successes, 1);
	}
	return 0;
}

static void
test_unique_race(void **state)
{
	ItemPointerData got[8];

	(void) state;
	test_heap_reset();
	race = mmap(NULL, sizeof(RaceShared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	assert_true(race != MAP_FAILED);
	memset(race, 0, sizeof(RaceShared));
	shared_idx = make_int_index("race_idx", true);
	run_children(NPROCS, race_child);
	assert_int_equal(atomic_load(&race->successes), RACE_KEYS);
	assert_int_equal(atomic_load(&race->conflicts), (NPROCS - 1) * RACE_KEYS);
	assert_true(atomic_load(&test_heap->in_doubt_reports) > 0);	/* some waited */
	assert_int_equal((int) btree_verify(shared_idx), RACE_KEYS);
	/* Each key's one entry belongs to a committed transaction. */
	for (int key = 0; key < RACE_KEYS; key += 7)
	{
		ScanKeyData k = skey(1, BTEqualStrategyNumber, Int32GetDatum(key));

		assert_int_equal(scan_collect(shared_idx, &k, 1, false, got, 8), 1);
		assert_int_equal(xid_status(slot_xid(tid_slot(&got[0]))), XID_COMMITTED);
	}
	munmap(race, sizeof(RaceShared));
}

/* ---- inserts, kills and VACUUM at once ---- */

#define MIX_INSERTERS 3
#define MIX_PER_PROC 8000
#define MIX_SLOT(p, i) (200000 + (p) * MIX_PER_PROC + (i))

static _Atomic int *mix_done;

static bool
dead_if_mult_11(ItemPointer tid, void *arg)
{
	(void) arg;
	return tid_slot(tid) % 11 == 0;
}

/* Children 0-2 insert; 3 kills entries of slots % 7 == 0; 4 runs VACUUM. */
static int
mix_child(int p)
{
	uint64_t	rng = 777 + (uint64_t) p;

	if (p < MIX_INSERTERS)
	{
		for (int i = 0; i < MIX_PER_PROC; i++)
			insert_int(shared_idx, (int32_t) (rng_next(&rng) % 3000), false, MIX_SLOT(p, i));
		atomic_fetch_add(mix_done, 1);
		return 0;
	}
	while (atomic_load(mix_done) < MIX_INSERTERS)
	{
		if (p == MIX_INSERTERS)
		{
			BTScanDesc	scan = btree_beginscan(shared_idx, NULL, 0, rng_next(&rng) % 2 == 0);
			ItemPointerData tid;

			while (btree_getnext(scan, &tid))
				if (tid_slot(&tid) % 7 == 0)
					btree_kill_current(scan);
			btree_endscan(scan);
		}
		else
			(void) btree_bulk_delete(shared_idx, dead_if_mult_11, NULL);
	}
	return 0;
}

static void
test_inserts_kills_and_vacuum(void **state)
{
	int			total = MIX_INSERTERS * MIX_PER_PROC;
	ItemPointerData *got = malloc(sizeof(ItemPointerData) * (size_t) total);
	char	   *seen = calloc((size_t) total, 1);
	BTVerifyStats st;

	(void) state;
	test_heap_reset();
	mix_done = mmap(NULL, sizeof(int), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	assert_true(mix_done != MAP_FAILED);
	*mix_done = 0;
	shared_idx = make_int_index("mix_idx", false);
	run_children(MIX_INSERTERS + 2, mix_child);

	/* One more VACUUM pass now that nothing runs, then check the survivors. */
	(void) btree_bulk_delete(shared_idx, dead_if_mult_11, NULL);
	btree_verify_ext(shared_idx, &st);

	int			n = scan_collect(shared_idx, NULL, 0, false, got, total);

	assert_true(n <= total);
	for (int i = 0; i < n; i++)
	{
		int			slot = tid_slot(&got[i]) - 200000;

		assert_true(slot >= 0 && slot < total);
		assert_true(tid_slot(&got[i]) % 11 != 0);
		assert_false(seen[slot]);
		seen[slot] = 1;
	}
	/* Every entry neither vacuumed nor killed is there, exactly once. */
	int			want = 0;

	for (int p = 0; p < MIX_INSERTERS; p++)
		for (int i = 0; i < MIX_PER_PROC; i++)
		{
			int			slot = MIX_SLOT(p, i);

			if (slot % 11 == 0)
				continue;
			if (slot % 7 != 0)
			{
				assert_true(seen[slot - 200000]);
				want++;
			}
		}
	assert_true(n >= want);
	/* The rest that a scan still returns are killed-candidates not yet killed. */
	for (int i = 0; i < n; i++)
		if (tid_slot(&got[i]) % 7 != 0)
			want--;
	assert_int_equal(want, 0);
	assert_int_equal((int) st.leaf_entries - (int) st.dead_entries, n);
	munmap(mix_done, sizeof(int));
	free(seen);
	free(got);
}

/* ---- non-HOT updates of a few rows while others scan for them ---- */

/*
 * The server's lost-update workload without the executor: rows with keys
 * 1..UPD_ROWS in a unique index (fill factor 100); UPD_UPDATERS processes
 * update the rows with keys 1..UPD_KEYS, each update a transaction that
 * marks the old version deleted by it, inserts the new version's entry
 * (uniqueness check over every earlier entry of the key) and commits;
 * UPD_SCANNERS processes scan for one of those keys, over and over.
 *
 * A logical clock stands in for snapshots: a scan registers the clock
 * value at its start; a version replaced (update committed) before that
 * is invisible to the scan, every other version is one it may need.  A
 * "horizon" pass marks versions replaced before every running scan
 * started as dead to everyone (SLOT_DEAD: the check may then mark them
 * LP_DEAD, and scans kill them as the executor does), so leaves fill with
 * dead entries that insertions reclaim before splitting.
 *
 * The invariant checked by every scan: each entry that was in the index
 * when the scan started and whose version the scan may need is returned,
 * once, in TID order, and only entries of the scanned key are returned.
 */
#define UPD_ROWS 1000
#define UPD_KEYS 3
#define UPD_UPDATERS 3
#define UPD_SCANNERS 2
#define UPD_UPDATES 2000		/* per updater */
#define UPD_BASE 300000			/* version v is heap slot UPD_BASE + v */
#define UPD_VERSIONS (UPD_ROWS + 1 + UPD_UPDATERS * UPD_UPDATES)

typedef struct UpdShared
{
	atomic_flag horizon_lock;	/* scan registration vs. the horizon pass */
	_Atomic uint64_t clock;
	_Atomic uint64_t scan_start[UPD_SCANNERS];	/* running scan's start, 0 if none */
	_Atomic uint32_t row_lock[UPD_KEYS + 1];	/* one updater per row at a time */
	_Atomic int current[UPD_KEYS + 1];	/* the row's newest version */
	_Atomic int next_version;
	_Atomic int updaters_done;
	_Atomic int failed;			/* a child failed: the others stop */
	_Atomic int scans;
	_Atomic int kills;
	_Atomic int needed_checked;	/* entries a scan had to return (and did) */
	_Atomic int key[UPD_VERSIONS];
	_Atomic int in_index[UPD_VERSIONS]; /* its btree_insert has returned */
	_Atomic uint64_t replaced_at[UPD_VERSIONS];	/* clock when replaced, 0 if newest */
} UpdShared;

static UpdShared *upd;

static void
upd_lock(atomic_flag *flag)
{
	while (atomic_flag_test_and_set(flag))
		sched_yield();
}

/* Versions replaced before every running scan started are dead to everyone. */
static void
upd_advance_horizon(void)
{
	upd_lock(&upd->horizon_lock);

	uint64_t	horizon = atomic_load(&upd->clock) + 1;
	int			n = atomic_load(&upd->next_version);

	for (int i = 0; i < UPD_SCANNERS; i++)
	{
		uint64_t	start = atomic_load(&upd->scan_start[i]);

		if (start != 0 && start < horizon)
			horizon = start;
	}
	for (int v = 1; v < n; v++)
	{
		uint64_t	at = atomic_load(&upd->replaced_at[v]);

		if (at != 0 && at < horizon)
			slot_set(UPD_BASE + v, SLOT_DEAD, 0);
	}
	atomic_flag_clear(&upd->horizon_lock);
}

static int
upd_updater_child(int p)
{
	uint64_t	rng = 4242 + (uint64_t) p;

	for (int i = 0; i < UPD_UPDATES; i++)
	{
		int			k = 1 + (int) (rng_next(&rng) % UPD_KEYS);

		while (atomic_exchange(&upd->row_lock[k], 1) != 0)
		{
			if (atomic_load(&upd->failed))
				return 0;		/* another child failed (and may hold the row) */
			sched_yield();
		}

		int			old = atomic_load(&upd->current[k]);
		int			new = atomic_fetch_add(&upd->next_version, 1);

		atomic_store(&upd->key[new], k);
		xact_start_command();
		slot_set(UPD_BASE + new, SLOT_BY_XID, xact_get_xid());
		slot_set(UPD_BASE + old, SLOT_DELETED_BY_XID, xact_get_xid());
		insert_int(shared_idx, k, false, UPD_BASE + new);
		atomic_store(&upd->in_index[new], 1);
		xact_commit_command();
		atomic_store(&upd->replaced_at[old], atomic_fetch_add(&upd->clock, 1) + 1);
		atomic_store(&upd->current[k], new);
		atomic_store(&upd->row_lock[k], 0);
		if (i % 500 == 499)
			upd_advance_horizon();
	}
	atomic_fetch_add(&upd->updaters_done, 1);
	return 0;
}

/* Register a "snapshot": the clock value scans compare replacements with. */
static uint64_t
upd_register(int p)
{
	upd_lock(&upd->horizon_lock);

	uint64_t	start = atomic_fetch_add(&upd->clock, 1) + 1;

	atomic_store(&upd->scan_start[p], start);
	atomic_flag_clear(&upd->horizon_lock);
	return start;
}

/* One scan for key k with snapshot start; 0 if it kept the invariant. */
static int
upd_scan_once(uint64_t start, int k, int *want, char *seen)
{
	/* The entries of key k in the index now. */
	int			n = atomic_load(&upd->next_version);
	int			nwant = 0;

	for (int v = 1; v < n; v++)
		if (atomic_load(&upd->in_index[v]) && atomic_load(&upd->key[v]) == k)
			want[nwant++] = v;
	memset(seen, 0, UPD_VERSIONS);

	ScanKeyData key = skey(1, BTEqualStrategyNumber, Int32GetDatum(k));
	BTScanDesc	scan = btree_beginscan(shared_idx, &key, 1, false);
	ItemPointerData tid;
	int			prev = 0;

	while (btree_getnext(scan, &tid))
	{
		int			v = tid_slot(&tid) - UPD_BASE;

		if (v <= prev || v >= UPD_VERSIONS || atomic_load(&upd->key[v]) != k)
		{
			fprintf(stderr, "scan for %d: version %d after %d\n", k, v, prev);
			return 20;			/* out of order, repeated, or another key */
		}
		prev = v;
		seen[v] = 1;
		if (slot_mode(UPD_BASE + v) == SLOT_DEAD)
		{
			btree_kill_current(scan);
			atomic_fetch_add(&upd->kills, 1);
		}
	}
	btree_endscan(scan);
	for (int i = 0; i < nwant; i++)
	{
		int			v = want[i];
		uint64_t	at = atomic_load(&upd->replaced_at[v]);

		if (at != 0 && at < start)
			continue;			/* replaced before the scan: not needed */
		if (!seen[v])
		{
			fprintf(stderr, "scan for %d (start %llu) missed version %d (replaced at %llu)\n",
					k, (unsigned long long) start, v, (unsigned long long) at);
			return 21;
		}
		atomic_fetch_add(&upd->needed_checked, 1);
	}
	atomic_fetch_add(&upd->scans, 1);
	return 0;
}

static int
upd_scanner_child(int p)
{
	uint64_t	rng = 99 + (uint64_t) p;
	int		   *want = malloc(sizeof(int) * UPD_VERSIONS);
	char	   *seen = malloc(UPD_VERSIONS);
	int			rc = 0;

	while (rc == 0 && atomic_load(&upd->updaters_done) < UPD_UPDATERS &&
		   !atomic_load(&upd->failed))
	{
		/* A "transaction": 1 to 8 scans with one snapshot (keeps old versions needed). */
		uint64_t	start = upd_register(p);
		int			nscans = 1 + (int) (rng_next(&rng) % 8);

		for (int i = 0; i < nscans && rc == 0; i++)
			rc = upd_scan_once(start, 1 + (int) (rng_next(&rng) % UPD_KEYS), want, seen);
		atomic_store(&upd->scan_start[p], 0);
	}
	free(want);
	free(seen);
	return rc;
}

/* Run one role; any failure (return code or ERROR) stops the others too. */
static int
upd_child(int p)
{
	volatile int rc = 0;

	ELOG_TRY();
	{
		rc = p < UPD_UPDATERS ? upd_updater_child(p) : upd_scanner_child(p - UPD_UPDATERS);
	}
	ELOG_CATCH();
	{
		atomic_store(&upd->failed, 1);
		ELOG_RE_THROW();
	}
	ELOG_END_TRY();
	if (rc != 0)
		atomic_store(&upd->failed, 1);
	return rc;
}

static void
upd_rows_scenario(bool unique)
{
	BTVerifyStats st;
	int			updates = UPD_UPDATERS * UPD_UPDATES;

	test_heap_reset();
	upd = mmap(NULL, sizeof(UpdShared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	assert_true(upd != MAP_FAILED);
	memset(upd, 0, sizeof(UpdShared));
	atomic_flag_clear(&upd->horizon_lock);
	shared_idx = make_int_index(unique ? "upd_pkey" : "upd_idx", unique);
	shared_idx->rd_fillfactor = 100;
	for (int k = 1; k <= UPD_ROWS; k++)
	{
		insert_int(shared_idx, k, false, UPD_BASE + k);
		atomic_store(&upd->key[k], k);
		atomic_store(&upd->in_index[k], 1);
		if (k <= UPD_KEYS)
			atomic_store(&upd->current[k], k);
	}
	atomic_store(&upd->next_version, UPD_ROWS + 1);
	run_children(UPD_UPDATERS + UPD_SCANNERS, upd_child);

	/* The scans overlapped the updates and checked many needed entries. */
	assert_true(atomic_load(&upd->scans) >= 20);
	assert_true(atomic_load(&upd->needed_checked) >= 20);
	assert_true(atomic_load(&upd->kills) > 0);
	btree_verify_ext(shared_idx, &st);
	/* Dead entries were reclaimed before splits: fewer than were inserted. */
	assert_true(st.leaf_entries < UPD_ROWS + updates);
	assert_true(st.leaf_pages >= 3);
	/* Each updated row: its newest version is the last entry of its key. */
	for (int k = 1; k <= UPD_KEYS; k++)
	{
		ItemPointerData *got = malloc(sizeof(ItemPointerData) * UPD_VERSIONS);
		ScanKeyData key = skey(1, BTEqualStrategyNumber, Int32GetDatum(k));
		int			n = scan_collect(shared_idx, &key, 1, false, got, UPD_VERSIONS);

		assert_true(n >= 1);
		assert_int_equal(tid_slot(&got[n - 1]) - UPD_BASE, atomic_load(&upd->current[k]));
		free(got);
	}
	munmap(upd, sizeof(UpdShared));
}

/* The primary key: the uniqueness check walks every entry of the key. */
static void
test_updates_while_scanned(void **state)
{
	(void) state;
	upd_rows_scenario(true);
}

/* A plain index: no check, the leaves only lose what scans killed. */
static void
test_updates_while_scanned_nonunique(void **state)
{
	(void) state;
	upd_rows_scenario(false);
}

static int
setup(void **state)
{
	(void) state;
	return nbtree_test_setup(128);
}

static int
teardown(void **state)
{
	(void) state;
	return nbtree_test_teardown();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_concurrent_distinct),
		cmocka_unit_test(test_concurrent_duplicates),
		cmocka_unit_test(test_scans_during_inserts),
		cmocka_unit_test(test_unique_wait_commit),
		cmocka_unit_test(test_unique_wait_abort),
		cmocka_unit_test(test_unique_race),
		cmocka_unit_test(test_inserts_kills_and_vacuum),
		cmocka_unit_test(test_updates_while_scanned),
		cmocka_unit_test(test_updates_while_scanned_nonunique),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
