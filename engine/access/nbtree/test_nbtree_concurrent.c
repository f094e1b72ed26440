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
 *	  was neither vacuumed nor killed is found exactly once.
 * How: standalone_init() with 128 shared buffers (the indexes do not fit,
 * so pages are evicted and read back), children from standalone_fork()
 * report through their exit status; transaction liveness of the fake heap
 * versions is real (xid_status of real transactions).  Expected results
 * are computed from the generated keys, never from the index.
 *-------------------------------------------------------------------------
 */
#include "access/nbtree/test_nbtree_common.h"

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
		assert_int_equal(xid_status(atomic_load(&test_heap->slots[tid_slot(&got[0])].xid)),
						 XID_COMMITTED);
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
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
