/*-------------------------------------------------------------------------
 * test_nbtree.c
 *	  Unit tests for B-tree insertion, scans, uniqueness and deletion
 *	  (access/nbtree), in one process.
 *
 * What:
 *	- 100,000 random int4 keys (with duplicates) inserted in random order:
 *	  btree_verify passes and counts them; scans for every strategy, for
 *	  ranges and with no key, forward and backward, return exactly the
 *	  TIDs of a sorted reference array, in order;
 *	- a duplicate-heavy set (50 distinct keys, runs spanning many pages):
 *	  each equality scan returns exactly that key's TIDs in TID order;
 *	- ascending insertion leaves leaves about 90% full (fill factor);
 *	- two-column keys (int4, text) with NULLs: equality on the first column
 *	  plus a range on the second, forward and backward, NULLs last; a NULL
 *	  scan argument matches nothing;
 *	- uniqueness: a live duplicate raises 23505 with PostgreSQL's message
 *	  and DETAIL (also for two columns, and for a duplicate behind a run
 *	  of dead entries spanning pages); a dead one is ignored and marked
 *	  LP_DEAD; NULL keys never conflict;
 *	- non-HOT updates of one row in a unique index: the entry of a version
 *	  deleted by the updating (open) or a committed transaction is still
 *	  returned by scans (other snapshots may see it), also after the
 *	  update rolls back; only versions dead to everyone are marked;
 *	- btree_kill_current marks exactly the entries killed (scans then skip
 *	  them); an insertion into a full page reclaims them before splitting;
 *	  btree_bulk_delete removes exactly the entries reported dead;
 *	- keys near the size limit (3 per page) and one beyond it (54000);
 *	- an incomplete split (downlink removed, flag set by hand) is accepted
 *	  by verify and scans, and finished by the next insertion through it;
 *	- corruption: a bad special-space magic, a zero page, a garbage line
 *	  pointer and random byte flips raise XX002 (or XX001) and never crash.
 * How: a standalone environment (standalone_init) with 512 shared buffers
 * (the larger indexes do not fit, so pages are evicted and read back);
 * the expected results come from sorting the inserted (key, TID) pairs
 * with qsort, never from the index.  See test_nbtree_common.h.
 *-------------------------------------------------------------------------
 */
#include "access/nbtree/test_nbtree_common.h"

#include "access/nbtree/nbtree_int.h"
#include "storage/file/tempfile.h"
#include "access/wal/walinsert.h"
#include "sql/types/datum.h"

/*
 * Tests that fabricate page states (a crash's leftovers) still follow the
 * engine's rule: a page change is part of a WAL record.
 */
static void
tamper_begin(Buffer buf)
{
	wal_begin();
	wal_register_buffer(buf, 0);
	START_CRIT_SECTION();
}

static void
tamper_end(Buffer buf)
{
	bufmgr_mark_dirty(buf);
	wal_insert(RM_BTREE, WAL_BTREE_INSERT);
	END_CRIT_SECTION();
}

/* ---- the reference model ---- */

typedef struct Entry
{
	int32_t		key;
	bool		isnull;
	ItemPointerData tid;
} Entry;

static int
cmp_tid(const ItemPointerData *a, const ItemPointerData *b)
{
	if (a->ip_blkid != b->ip_blkid)
		return a->ip_blkid < b->ip_blkid ? -1 : 1;
	return (a->ip_posid > b->ip_posid) - (a->ip_posid < b->ip_posid);
}

static int
cmp_entry(const void *pa, const void *pb)
{
	const Entry *a = pa;
	const Entry *b = pb;

	if (a->isnull != b->isnull)
		return a->isnull ? 1 : -1;
	if (!a->isnull && a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return cmp_tid(&a->tid, &b->tid);
}

static bool
entry_matches(const Entry *e, const ScanKeyData *keys, int nkeys)
{
	for (int i = 0; i < nkeys; i++)
	{
		int32_t		arg = DatumGetInt32(keys[i].argument);
		int			c;

		if (e->isnull || keys[i].arg_is_null)
			return false;
		c = (e->key > arg) - (e->key < arg);
		switch (keys[i].strategy)
		{
			case BTLessStrategyNumber:
				if (!(c < 0))
					return false;
				break;
			case BTLessEqualStrategyNumber:
				if (!(c <= 0))
					return false;
				break;
			case BTEqualStrategyNumber:
				if (c != 0)
					return false;
				break;
			case BTGreaterEqualStrategyNumber:
				if (!(c >= 0))
					return false;
				break;
			default:
				if (!(c > 0))
					return false;
				break;
		}
	}
	return true;
}

/* Scan with keys both ways and compare with the sorted reference. */
static void
check_scan(Relation idx, const Entry *sorted, int n, const ScanKeyData *keys, int nkeys)
{
	ItemPointerData *want = malloc(sizeof(ItemPointerData) * (size_t) (n + 1));
	ItemPointerData *got = malloc(sizeof(ItemPointerData) * (size_t) (n + 1));
	int			nwant = 0;

	for (int i = 0; i < n; i++)
		if (entry_matches(&sorted[i], keys, nkeys))
			want[nwant++] = sorted[i].tid;
	for (int dir = 0; dir < 2; dir++)
	{
		int			ngot = scan_collect(idx, keys, nkeys, dir == 1, got, n + 1);

		if (ngot != nwant)
			fail_msg("scan (%d keys, first strategy %d, backward %d) returned %d, want %d",
					 nkeys, nkeys ? keys[0].strategy : 0, dir, ngot, nwant);
		for (int i = 0; i < nwant; i++)
		{
			const ItemPointerData *w = &want[dir == 1 ? nwant - 1 - i : i];

			if (!ItemPointerEquals(&got[i], w))
				fail_msg("scan result %d is (%u,%u), want (%u,%u)", i,
						 got[i].ip_blkid, got[i].ip_posid, w->ip_blkid, w->ip_posid);
		}
	}
	free(want);
	free(got);
}

/* Insert n entries (keys given, TIDs = slots base..) and return them sorted. */
static Entry *
insert_entries(Relation idx, const int32_t *keys, const bool *nulls, int n, int base)
{
	Entry	   *e = malloc(sizeof(Entry) * (size_t) n);

	for (int i = 0; i < n; i++)
	{
		e[i].key = keys[i];
		e[i].isnull = nulls ? nulls[i] : false;
		e[i].tid = slot_tid(base + i);
		insert_int(idx, e[i].key, e[i].isnull, base + i);
	}
	ASSERT_NOTHING_HELD();
	qsort(e, (size_t) n, sizeof(Entry), cmp_entry);
	return e;
}

/* ---- insertion and scans ---- */

#define NRANDOM 100000

static void
test_random_insert_and_scans(void **state)
{
	uint64_t	rng = 42;
	int32_t    *keys = malloc(sizeof(int32_t) * NRANDOM);
	Relation	idx = make_int_index("rnd_idx", false);
	BTVerifyStats st;

	(void) state;
	test_heap_reset();
	for (int i = 0; i < NRANDOM; i++)
		keys[i] = (int32_t) (rng_next(&rng) % 400000) - 200000;	/* ~12% duplicates */

	Entry	   *sorted = insert_entries(idx, keys, NULL, NRANDOM, 0);

	btree_verify_ext(idx, &st);
	assert_int_equal((int) st.leaf_entries, NRANDOM);
	assert_int_equal((int) st.dead_entries, 0);
	assert_true(st.levels >= 2);
	assert_int_equal((int) btree_verify(idx), NRANDOM);

	/* No keys: everything, in (key, TID) order; and backward. */
	check_scan(idx, sorted, NRANDOM, NULL, 0);

	/* Each strategy, with arguments present, absent, below and above all keys. */
	int32_t		args[] = {sorted[0].key, sorted[NRANDOM - 1].key, sorted[NRANDOM / 2].key,
		sorted[1234].key + 1, -300000, 300000, 0, sorted[77777].key};

	for (size_t a = 0; a < lengthof(args); a++)
		for (int s = BTLessStrategyNumber; s <= BTGreaterStrategyNumber; s++)
		{
			ScanKeyData k = skey(1, s, Int32GetDatum(args[a]));

			check_scan(idx, sorted, NRANDOM, &k, 1);
		}

	/* Ranges, including several bounds on one side and an empty range. */
	for (int r = 0; r < 20; r++)
	{
		int32_t		lo = (int32_t) (rng_next(&rng) % 400000) - 200000;
		int32_t		hi = lo + (int32_t) (rng_next(&rng) % 5000);
		ScanKeyData k[4] = {
			skey(1, r % 2 ? BTGreaterStrategyNumber : BTGreaterEqualStrategyNumber, Int32GetDatum(lo)),
			skey(1, BTGreaterEqualStrategyNumber, Int32GetDatum(lo - 10)),
			skey(1, r % 3 ? BTLessStrategyNumber : BTLessEqualStrategyNumber, Int32GetDatum(hi)),
			skey(1, BTLessEqualStrategyNumber, Int32GetDatum(hi + 100)),
		};

		check_scan(idx, sorted, NRANDOM, k, 4);
	}
	ScanKeyData empty[2] = {skey(1, BTGreaterStrategyNumber, Int32GetDatum(10)),
	skey(1, BTLessStrategyNumber, Int32GetDatum(5))};

	check_scan(idx, sorted, NRANDOM, empty, 2);

	/* Equality on every 1000th entry's key. */
	for (int i = 0; i < NRANDOM; i += 1000)
	{
		ScanKeyData k = skey(1, BTEqualStrategyNumber, Int32GetDatum(sorted[i].key));

		check_scan(idx, sorted, NRANDOM, &k, 1);
	}
	ASSERT_NOTHING_HELD();
	free(sorted);
	free(keys);
}

static void
test_duplicate_heavy(void **state)
{
	enum
	{
		N = 50000, DISTINCT = 50
	};
	uint64_t	rng = 7;
	int32_t    *keys = malloc(sizeof(int32_t) * N);
	Relation	idx = make_int_index("dup_idx", false);

	(void) state;
	test_heap_reset();
	for (int i = 0; i < N; i++)
		keys[i] = (int32_t) (rng_next(&rng) % DISTINCT) * 3;

	Entry	   *sorted = insert_entries(idx, keys, NULL, N, 100000);

	assert_int_equal((int) btree_verify(idx), N);
	for (int k = -1; k <= DISTINCT * 3; k += 1)
	{
		ScanKeyData key = skey(1, BTEqualStrategyNumber, Int32GetDatum(k));

		if (k % 3 == 0 || k == 7 || k < 0)
			check_scan(idx, sorted, N, &key, 1);
	}

	ScanKeyData range[2] = {skey(1, BTGreaterStrategyNumber, Int32GetDatum(30)),
	skey(1, BTLessEqualStrategyNumber, Int32GetDatum(60))};

	check_scan(idx, sorted, N, range, 2);
	free(sorted);
	free(keys);
}

static void
test_ascending_fill(void **state)
{
	enum
	{
		N = 60000
	};
	Relation	idx = make_int_index("asc_idx", true);
	BTVerifyStats st;

	(void) state;
	test_heap_reset();
	for (int i = 0; i < N; i++)
		insert_int(idx, i, false, i);
	btree_verify_ext(idx, &st);
	assert_int_equal((int) st.leaf_entries, N);
	/* Every leaf but the last filled to the fill factor (90%). */
	assert_true(st.leaf_fill > 0.86 && st.leaf_fill < 0.93);

	/* Descending insertion still produces a valid tree. */
	Relation	desc = make_int_index("desc_idx", false);

	for (int i = N; i > 0; i--)
		insert_int(desc, i, false, i);
	assert_int_equal((int) btree_verify(desc), N);
	ASSERT_NOTHING_HELD();
}

static void
test_nulls(void **state)
{
	enum
	{
		N = 3000
	};
	uint64_t	rng = 99;
	int32_t		keys[N];
	bool		nulls[N];
	Relation	idx = make_int_index("null_idx", true);

	(void) state;
	test_heap_reset();
	/* Distinct keys (a unique index) in scrambled order, a quarter NULL. */
	for (int i = 0; i < N; i++)
	{
		keys[i] = (int32_t) ((i * 7919) % N) - 1000;
		nulls[i] = rng_next(&rng) % 4 == 0;
	}

	Entry	   *sorted = insert_entries(idx, keys, nulls, N, 200000);

	assert_int_equal((int) btree_verify(idx), N);
	/* Full scans put the NULLs last (first going backward). */
	check_scan(idx, sorted, N, NULL, 0);
	for (int s = BTLessStrategyNumber; s <= BTGreaterStrategyNumber; s++)
	{
		ScanKeyData k = skey(1, s, Int32GetDatum(sorted[N / 3].key));

		check_scan(idx, sorted, N, &k, 1);
	}
	/* A NULL argument matches nothing. */
	ScanKeyData k = skey(1, BTEqualStrategyNumber, 0);

	k.arg_is_null = true;
	check_scan(idx, sorted, N, &k, 1);

	ItemPointerData tid;

	assert_int_equal(scan_collect(idx, &k, 1, false, &tid, 1), 0);
	free(sorted);
}

/* ---- two columns: (a int4, b text) ---- */

typedef struct Entry2
{
	int32_t		a;
	char		b[16];
	bool		bnull;
	ItemPointerData tid;
} Entry2;

static int
cmp_entry2(const void *pa, const void *pb)
{
	const Entry2 *x = pa;
	const Entry2 *y = pb;

	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	if (x->bnull != y->bnull)
		return x->bnull ? 1 : -1;
	if (!x->bnull)
	{
		int			c = strcmp(x->b, y->b);

		if (c != 0)
			return c;
	}
	return cmp_tid(&x->tid, &y->tid);
}

static void
test_two_columns(void **state)
{
	enum
	{
		N = 20000
	};
	static const Oid types[] = {INT4OID, TEXTOID};
	static const char *const names[] = {"a", "b"};
	Relation	idx = make_index("two_idx", 2, types, names, false);
	Entry2	   *e = malloc(sizeof(Entry2) * N);
	uint64_t	rng = 5;
	ItemPointerData *got = malloc(sizeof(ItemPointerData) * N);

	(void) state;
	btree_build_empty(idx);
	test_heap_reset();
	for (int i = 0; i < N; i++)
	{
		Datum		v[2];
		bool		isnull[2];

		e[i].a = (int32_t) (rng_next(&rng) % 40);
		snprintf(e[i].b, sizeof(e[i].b), "v%05u", (unsigned) (rng_next(&rng) % 3000));
		e[i].bnull = i % 10 == 0;
		e[i].tid = slot_tid(300000 + i);
		v[0] = Int32GetDatum(e[i].a);
		v[1] = CStringGetTextDatum(e[i].b);
		isnull[0] = false;
		isnull[1] = e[i].bnull;
		btree_insert(idx, v, isnull, &e[i].tid, &test_heap_rel, NULL);
	}
	qsort(e, N, sizeof(Entry2), cmp_entry2);
	assert_int_equal((int) btree_verify(idx), N);

	/* a = 17 AND b >= 'v01000' AND b < 'v02000', both directions. */
	ScanKeyData k[3] = {
		skey(1, BTEqualStrategyNumber, Int32GetDatum(17)),
		skey(2, BTGreaterEqualStrategyNumber, CStringGetTextDatum("v01000")),
		skey(2, BTLessStrategyNumber, CStringGetTextDatum("v02000")),
	};

	for (int dir = 0; dir < 2; dir++)
	{
		int			want = 0;
		int			n = scan_collect(idx, k, 3, dir == 1, got, N);

		for (int i = 0; i < N; i++)
		{
			int			j = dir == 1 ? N - 1 - i : i;

			if (e[j].a == 17 && !e[j].bnull && strcmp(e[j].b, "v01000") >= 0 &&
				strcmp(e[j].b, "v02000") < 0)
			{
				assert_true(want < n);
				assert_true(ItemPointerEquals(&got[want], &e[j].tid));
				want++;
			}
		}
		assert_int_equal(n, want);
		assert_true(want > 10);
	}

	/* a = 3: its NULL b entries come last going forward, first going backward. */
	ScanKeyData eq = skey(1, BTEqualStrategyNumber, Int32GetDatum(3));

	for (int dir = 0; dir < 2; dir++)
	{
		int			want = 0;
		int			n = scan_collect(idx, &eq, 1, dir == 1, got, N);

		for (int i = 0; i < N; i++)
		{
			int			j = dir == 1 ? N - 1 - i : i;

			if (e[j].a == 3)
			{
				assert_true(ItemPointerEquals(&got[want], &e[j].tid));
				want++;
			}
		}
		assert_int_equal(n, want);
	}

	/* b alone (not a leading column): filters every entry. */
	ScanKeyData bk = skey(2, BTEqualStrategyNumber, CStringGetTextDatum(e[N / 2].b));
	int			want = 0;
	int			n = scan_collect(idx, &bk, 1, false, got, N);

	for (int i = 0; i < N; i++)
		if (!e[i].bnull && strcmp(e[i].b, e[N / 2].b) == 0)
		{
			if (!ItemPointerEquals(&got[want], &e[i].tid))
				fail_msg("b-only scan result %d (of %d): got slot %d want slot %d (a=%d b=%s)", want, n,
						 tid_slot(&got[want]), tid_slot(&e[i].tid), e[i].a, e[i].b);
			want++;
		}
	assert_int_equal(n, want);

	/* a > 37 (strict bound on the first column, backward start at the end). */
	ScanKeyData gt = skey(1, BTGreaterStrategyNumber, Int32GetDatum(37));

	for (int dir = 0; dir < 2; dir++)
	{
		int			cnt = 0;

		n = scan_collect(idx, &gt, 1, dir == 1, got, N);
		for (int i = 0; i < N; i++)
		{
			int			j = dir == 1 ? N - 1 - i : i;

			if (e[j].a > 37)
			{
				if (!ItemPointerEquals(&got[cnt], &e[j].tid))
					fail_msg("a > 37 (backward %d) result %d of %d: got slot %d want slot %d", dir,
							 cnt, n, tid_slot(&got[cnt]), tid_slot(&e[j].tid));
				cnt++;
			}
		}
		assert_int_equal(n, cnt);
	}
	ASSERT_NOTHING_HELD();
	free(e);
	free(got);
}

/* ---- uniqueness ---- */

static void
test_unique(void **state)
{
	Relation	idx = make_int_index("t_pkey", true);
	CapturedError err;

	(void) state;
	test_heap_reset();
	insert_int(idx, 1, false, 1);
	insert_int(idx, 2, false, 2);

	/* A live duplicate. */
	CAPTURE(err, insert_int(idx, 1, false, 3));
	assert_true(err.caught);
	assert_string_equal(err.sqlstate, "23505");
	assert_string_equal(err.message, "duplicate key value violates unique constraint \"t_pkey\"");
	assert_string_equal(err.detail, "Key (id)=(1) already exists.");
	ASSERT_NOTHING_HELD();
	assert_int_equal((int) btree_verify(idx), 2);

	/* Once the version behind it is dead, the key may be inserted again. */
	slot_set(1, SLOT_DEAD, 0);
	insert_int(idx, 1, false, 3);

	BTVerifyStats st;

	btree_verify_ext(idx, &st);
	assert_int_equal((int) st.leaf_entries, 3);
	assert_int_equal((int) st.dead_entries, 1);		/* slot 1's entry, marked */

	/* Scans skip the dead-marked entry. */
	ScanKeyData k = skey(1, BTEqualStrategyNumber, Int32GetDatum(1));
	ItemPointerData got[4];

	assert_int_equal(scan_collect(idx, &k, 1, false, got, 4), 1);
	assert_int_equal(tid_slot(&got[0]), 3);

	/* And the new one conflicts in turn. */
	CAPTURE(err, insert_int(idx, 1, false, 4));
	assert_string_equal(err.sqlstate, "23505");

	/* NULLs never conflict. */
	for (int i = 0; i < 5; i++)
		insert_int(idx, 0, true, 10 + i);
	assert_int_equal((int) btree_verify(idx), 8);

	/* Two columns: PostgreSQL's DETAIL format; a quoted column name. */
	static const Oid types[] = {INT4OID, TEXTOID};
	static const char *const names[] = {"a", "Foo Bar"};
	Relation	idx2 = make_index("t_a_b_key", 2, types, names, true);
	Datum		v[2] = {Int32GetDatum(1), CStringGetTextDatum("x y")};
	bool		nulls[2] = {false, false};
	ItemPointerData t1 = slot_tid(20);
	ItemPointerData t2 = slot_tid(21);

	btree_build_empty(idx2);
	btree_insert(idx2, v, nulls, &t1, &test_heap_rel, test_heap_check);
	CAPTURE(err, btree_insert(idx2, v, nulls, &t2, &test_heap_rel, test_heap_check));
	assert_string_equal(err.sqlstate, "23505");
	assert_string_equal(err.message, "duplicate key value violates unique constraint \"t_a_b_key\"");
	assert_string_equal(err.detail, "Key (a, \"Foo Bar\")=(1, x y) already exists.");
	nulls[1] = true;
	btree_insert(idx2, v, nulls, &t2, &test_heap_rel, test_heap_check);
	btree_insert(idx2, v, nulls, &t1, &test_heap_rel, test_heap_check);
	assert_int_equal((int) btree_verify(idx2), 3);
	ASSERT_NOTHING_HELD();
}

/*
 * A run of 1500 entries with one key spans several leaves: all but the
 * last are dead (built without a uniqueness conflict), the last is live.
 * Inserting the key again must walk the whole run, marking the dead ones,
 * and find the live one.
 */
static void
test_unique_spanning_pages(void **state)
{
	enum
	{
		RUN = 1500
	};
	Relation	idx = make_int_index("span_key", true);
	BTBuildSpool spool = btree_spool_begin(idx);
	CapturedError err;
	BTVerifyStats st;

	(void) state;
	test_heap_reset();
	for (int i = 0; i < 2000; i++)
	{
		Datum		v = Int32GetDatum(i < RUN ? 7 : i);
		bool		isnull = false;
		ItemPointerData tid = slot_tid(i);

		if (i < RUN - 1)
			slot_set(i, SLOT_DEAD, 0);
		btree_spool_add(spool, &v, &isnull, &tid, i >= RUN - 1);
	}
	/* build_empty already wrote the metapage: the spool accepts an empty index. */
	btree_spool_finish(spool);
	btree_verify_ext(idx, &st);
	assert_int_equal((int) st.leaf_entries, 2000);
	assert_true(st.leaf_pages >= 5);

	atomic_store(&test_heap->checks, 0);
	CAPTURE(err, insert_int(idx, 7, false, 5000));
	assert_string_equal(err.sqlstate, "23505");
	assert_string_equal(err.detail, "Key (id)=(7) already exists.");
	assert_int_equal(atomic_load(&test_heap->checks), RUN);
	btree_verify_ext(idx, &st);
	assert_int_equal((int) st.dead_entries, RUN - 1);

	/* The last one dies too: now the insertion succeeds without callbacks on marked ones. */
	slot_set(RUN - 1, SLOT_DEAD, 0);
	atomic_store(&test_heap->checks, 0);
	insert_int(idx, 7, false, 5000);
	assert_int_equal(atomic_load(&test_heap->checks), 1);
	btree_verify_ext(idx, &st);
	assert_int_equal((int) st.leaf_entries, 2001);
	ASSERT_NOTHING_HELD();
}

/*
 * A non-HOT update of row key 1 from version old_slot to new_slot in the
 * current transaction: the old version is deleted by us, the new one is
 * ours, and its entry goes into the unique index.
 */
static void
update_slot(Relation idx, int old_slot, int new_slot)
{
	TransactionId xid = xact_get_xid();

	slot_set(old_slot, SLOT_DELETED_BY_XID, xid);
	slot_set(new_slot, SLOT_BY_XID, xid);
	insert_int(idx, 1, false, new_slot);
}

/* The slots of the entries an equality scan for key 1 returns, in scan order. */
static int
scan_key1_slots(Relation idx, int *slots, int max)
{
	ScanKeyData k = skey(1, BTEqualStrategyNumber, Int32GetDatum(1));
	ItemPointerData got[16];
	int			n = scan_collect(idx, &k, 1, false, got, 16);

	assert_true(n <= max && n <= 16);
	for (int i = 0; i < n; i++)
		slots[i] = tid_slot(&got[i]);
	return n;
}

#define ASSERT_KEY1_SLOTS(idx, ...) \
	do { \
		const int	want_[] = {__VA_ARGS__}; \
		int			got_[16]; \
		int			n_ = scan_key1_slots(idx, got_, 16); \
		assert_int_equal(n_, (int) (sizeof(want_) / sizeof(want_[0]))); \
		for (int i_ = 0; i_ < n_; i_++) \
			assert_int_equal(got_[i_], want_[i_]); \
	} while (0)

/*
 * Non-HOT updates of one row: each new version's entry is inserted while
 * the old version is deleted by the updating transaction (in progress) or
 * by a committed one.  Such a version is dead for the uniqueness check but
 * other snapshots may still see it, so its entry must stay visible to
 * scans (a concurrent UPDATE ... WHERE key = 1 through the index would
 * otherwise find no row); and when the update aborts, the old version is
 * the live row again.  Only versions dead to everyone get marked.
 */
static void
test_unique_update_keeps_old_entries(void **state)
{
	Relation	idx = make_int_index("upd_pkey", true);
	BTVerifyStats st;

	(void) state;
	test_heap_reset();
	insert_int(idx, 1, false, 1);
	insert_int(idx, 2, false, 2);

	/* Update 1 -> 3, still in progress: the old entry is returned. */
	xact_start_command();
	update_slot(idx, 1, 3);
	ASSERT_KEY1_SLOTS(idx, 1, 3);
	xact_commit_command();

	/* Update 3 -> 4; slot 1 was deleted by a committed transaction. */
	xact_start_command();
	update_slot(idx, 3, 4);
	xact_commit_command();
	ASSERT_KEY1_SLOTS(idx, 1, 3, 4);
	btree_verify_ext(idx, &st);
	assert_int_equal((int) st.dead_entries, 0);

	/* Update 4 -> 5 rolls back: slot 4 is the live row and is still found. */
	xact_start_command();
	update_slot(idx, 4, 5);
	xact_abort_current();
	ASSERT_KEY1_SLOTS(idx, 1, 3, 4, 5);

	/*
	 * Slots 1 and 3 become dead to everyone (no snapshot needs them) and
	 * slot 5's insertion aborted: the next check marks exactly those.
	 */
	slot_set(1, SLOT_DEAD, 0);
	slot_set(3, SLOT_DEAD, 0);
	xact_start_command();
	update_slot(idx, 4, 6);
	xact_commit_command();
	btree_verify_ext(idx, &st);
	assert_int_equal((int) st.leaf_entries, 6);
	assert_int_equal((int) st.dead_entries, 3);
	ASSERT_KEY1_SLOTS(idx, 4, 6);
	ASSERT_NOTHING_HELD();
}

/* ---- bottom-up build ---- */

#define NBUILD 200000

static void
test_build(void **state)
{
	static const Oid types[] = {INT4OID};
	static const char *const names[] = {"id"};
	uint64_t	rng = 1234;
	Entry	   *e = malloc(sizeof(Entry) * NBUILD);
	BTBuildSpool spool;
	BTVerifyStats st;

	(void) state;
	/* A file without blocks: the spool writes the metapage itself. */
	Relation	idx = make_index("build_idx", 1, types, names, false);

	spool = btree_spool_begin(idx);
	for (int i = 0; i < NBUILD; i++)
	{
		Datum		v;
		bool		isnull = false;

		e[i].key = (int32_t) (rng_next(&rng) % 1000000);
		e[i].isnull = false;
		e[i].tid = slot_tid(i);
		v = Int32GetDatum(e[i].key);
		btree_spool_add(spool, &v, &isnull, &e[i].tid, true);
	}
	btree_spool_finish(spool);
	qsort(e, NBUILD, sizeof(Entry), cmp_entry);

	btree_verify_ext(idx, &st);
	assert_int_equal((int) st.leaf_entries, NBUILD);
	assert_true(st.levels >= 2);
	assert_true(st.leaf_fill > 0.87 && st.leaf_fill < 0.92);
	check_scan(idx, e, NBUILD, NULL, 0);

	ScanKeyData k[2] = {skey(1, BTGreaterStrategyNumber, Int32GetDatum(123456)),
	skey(1, BTLessEqualStrategyNumber, Int32GetDatum(223456))};

	check_scan(idx, e, NBUILD, k, 2);

	/* The built tree takes insertions (splits of built pages). */
	for (int i = 0; i < 5000; i++)
		insert_int(idx, (int32_t) (rng_next(&rng) % 1000000), false, NBUILD + i);
	assert_int_equal((int) btree_verify(idx), NBUILD + 5000);

	/* A second build into a non-empty index is refused. */
	CapturedError err;

	spool = btree_spool_begin(idx);
	CAPTURE(err, btree_spool_finish(spool));
	assert_true(err.caught);
	ASSERT_NOTHING_HELD();
	free(e);
}

static void
spool_many(BTBuildSpool spool, int n)
{
	for (int i = 0; i < n; i++)
	{
		Datum		v[2] = {Int32GetDatum(i), CStringGetTextDatum("some text to take space")};
		bool		nulls[2] = {false, false};
		ItemPointerData tid = slot_tid(i);

		btree_spool_add(spool, v, nulls, &tid, true);
	}
}

static void
test_build_unique_and_limits(void **state)
{
	static const Oid types[] = {INT4OID, TEXTOID};
	static const char *const names[] = {"a", "b"};
	CapturedError err;

	(void) state;

	/* Duplicates among live entries: PostgreSQL's error. */
	Relation	idx = make_index("tu", 2, types, names, true);
	BTBuildSpool spool = btree_spool_begin(idx);

	for (int i = 0; i < 1000; i++)
	{
		Datum		v[2] = {Int32GetDatum(i == 500 ? 1 : i), CStringGetTextDatum("a")};
		bool		nulls[2] = {false, false};
		ItemPointerData tid = slot_tid(i);

		btree_spool_add(spool, v, nulls, &tid, true);
	}
	CAPTURE(err, btree_spool_finish(spool));
	assert_string_equal(err.sqlstate, "23505");
	assert_string_equal(err.message, "could not create unique index \"tu\"");
	assert_string_equal(err.detail, "Key (a, b)=(1, a) is duplicated.");

	/* Dead duplicates and NULLs are fine. */
	idx = make_index("tu2", 2, types, names, true);
	spool = btree_spool_begin(idx);
	for (int i = 0; i < 1000; i++)
	{
		Datum		v[2] = {Int32GetDatum(i % 100), CStringGetTextDatum("a")};
		bool		nulls[2] = {false, i % 100 == 0};
		ItemPointerData tid = slot_tid(i);

		btree_spool_add(spool, v, nulls, &tid, i < 100 || i % 100 == 0);
	}
	btree_spool_finish(spool);
	assert_int_equal((int) btree_verify(idx), 1000);

	/*
	 * More than maintenance_work_mem: sorted runs in temporary files,
	 * merged into a complete index; every file removed afterwards.
	 */
	int			saved = guc_maintenance_work_mem_kb;
	uint64_t	files_before = tempfile_count_created();

	guc_maintenance_work_mem_kb = 1024;
	idx = make_index("tbig", 2, types, names, false);
	spool = btree_spool_begin(idx);
	spool_many(spool, 100000);
	btree_spool_finish(spool);
	assert_true(tempfile_count_created() >= files_before + 2);
	assert_int_equal(tempfile_count_open(), 0);
	assert_int_equal((int) btree_verify(idx), 100000);

	/* A duplicate found across runs (first and last entry added). */
	files_before = tempfile_count_created();
	idx = make_index("tbigu", 2, types, names, true);
	spool = btree_spool_begin(idx);
	spool_many(spool, 100000);
	{
		Datum		v[2] = {Int32GetDatum(0), CStringGetTextDatum("some text to take space")};
		bool		nulls[2] = {false, false};
		ItemPointerData tid = slot_tid(200000);

		btree_spool_add(spool, v, nulls, &tid, true);
	}
	CAPTURE(err, btree_spool_finish(spool));
	guc_maintenance_work_mem_kb = saved;
	assert_true(tempfile_count_created() > files_before);
	assert_string_equal(err.sqlstate, "23505");
	assert_string_equal(err.detail, "Key (a, b)=(0, some text to take space) is duplicated.");
	tempfile_close_all();		/* what the transaction abort does */
	assert_int_equal(tempfile_count_open(), 0);

	/* An empty build leaves an empty, valid index. */
	idx = make_index("tempty", 2, types, names, false);
	btree_spool_finish(btree_spool_begin(idx));
	assert_int_equal((int) btree_verify(idx), 0);
	ItemPointerData tid;

	assert_int_equal(scan_collect(idx, NULL, 0, false, &tid, 1), 0);
	ASSERT_NOTHING_HELD();
}

/* ---- killed entries and VACUUM ---- */

/* Scan with keys in one direction, killing every step-th entry returned. */
static int
kill_some(Relation idx, const ScanKeyData *k, bool backward, int step, int *returned)
{
	BTScanDesc	scan = btree_beginscan(idx, k, 1, backward);
	ItemPointerData tid;
	int			killed = 0;

	*returned = 0;
	while (btree_getnext(scan, &tid))
		if ((*returned)++ % step == 0)
		{
			btree_kill_current(scan);
			killed++;
		}
	btree_endscan(scan);
	ASSERT_NOTHING_HELD();
	return killed;
}

static void
test_kill_entries(void **state)
{
	enum
	{
		N = 20000
	};
	Relation	idx = make_int_index("kill_idx", false);
	BTVerifyStats st;
	BTVerifyStats before;
	ItemPointerData *got = malloc(sizeof(ItemPointerData) * N);
	int			returned;
	int			returned2;

	(void) state;
	test_heap_reset();
	for (int i = 0; i < N; i++)
		insert_int(idx, i % 5000, false, i);

	/* Every third entry of keys < 2500 going forward, every other of >= 4000 backward. */
	ScanKeyData lt = skey(1, BTLessStrategyNumber, Int32GetDatum(2500));
	ScanKeyData ge = skey(1, BTGreaterEqualStrategyNumber, Int32GetDatum(4000));
	int			killed = kill_some(idx, &lt, false, 3, &returned);
	int			killed2 = kill_some(idx, &ge, true, 2, &returned2);

	assert_int_equal(returned, N / 2);
	assert_int_equal(returned2, N / 5);
	btree_verify_ext(idx, &st);
	assert_int_equal((int) st.leaf_entries, N);
	assert_int_equal((int) st.dead_entries, killed + killed2);

	/* Scans skip them; a second kill pass finds only live entries. */
	assert_int_equal(scan_collect(idx, &lt, 1, false, got, N), returned - killed);
	assert_int_equal(scan_collect(idx, &ge, 1, true, got, N), returned2 - killed2);

	/*
	 * As many new entries into the range < 2500 as were killed there: a
	 * full page first drops its dead entries, so some are reclaimed and
	 * the tree grows by fewer pages than the insertions alone would need.
	 */
	before = st;
	for (int i = 0; i < killed; i++)
		insert_int(idx, (i * 7) % 2500, false, N + i);
	btree_verify_ext(idx, &st);

	int			reclaimed = killed + killed2 - (int) st.dead_entries;

	assert_true(reclaimed > 0);
	assert_true(reclaimed <= killed);	/* only pages that filled up, in that range */
	assert_int_equal((int) st.leaf_entries, N + killed - reclaimed);
	assert_true(st.leaf_pages < before.leaf_pages + killed / 300);
	ASSERT_NOTHING_HELD();
	free(got);
}

static bool
dead_if_multiple_of_5(ItemPointer tid, void *arg)
{
	(*(int *) arg)++;
	return tid_slot(tid) % 5 == 0;
}

static void
test_bulk_delete(void **state)
{
	enum
	{
		N = 30000
	};
	uint64_t	rng = 3;
	Relation	idx = make_int_index("vac_idx", false);
	ItemPointerData *got = malloc(sizeof(ItemPointerData) * N);
	int			calls = 0;
	int			returned;

	(void) state;
	test_heap_reset();
	for (int i = 0; i < N; i++)
		insert_int(idx, (int32_t) (rng_next(&rng) % 10000), false, i);

	/* LP_DEAD entries are physical entries too: VACUUM removes those reported dead. */
	ScanKeyData lt = skey(1, BTLessStrategyNumber, Int32GetDatum(1000));
	int			killed = kill_some(idx, &lt, false, 2, &returned);

	assert_true(killed > 1000);

	double		removed = btree_bulk_delete(idx, dead_if_multiple_of_5, &calls);

	assert_int_equal((int) removed, N / 5);
	assert_int_equal(calls, N);
	assert_int_equal((int) btree_verify(idx), N - N / 5);

	/* Every survivor is still found; none of the removed. */
	int			n = scan_collect(idx, NULL, 0, false, got, N);
	int			live_killed = 0;
	BTVerifyStats st;

	btree_verify_ext(idx, &st);
	live_killed = (int) st.dead_entries;
	assert_int_equal(n, N - N / 5 - live_killed);
	for (int i = 0; i < n; i++)
		assert_true(tid_slot(&got[i]) % 5 != 0);
	calls = 0;
	assert_int_equal((int) btree_bulk_delete(idx, dead_if_multiple_of_5, &calls), 0);
	assert_int_equal(calls, N - N / 5);
	ASSERT_NOTHING_HELD();
	free(got);
}

/* ---- big keys ---- */

static void
test_big_keys(void **state)
{
	static const Oid types[] = {TEXTOID};
	static const char *const names[] = {"t"};
	Relation	idx = make_index("big_idx", 1, types, names, false);
	char	   *s = malloc(4000);
	CapturedError err;
	bool		isnull = false;

	(void) state;
	btree_build_empty(idx);
	/* 2690-byte values: three per page; leaves and internal pages split with them. */
	for (int i = 0; i < 300; i++)
	{
		ItemPointerData tid = slot_tid(i);
		Datum		v;

		memset(s, 'a' + (i * 7) % 26, 2690);
		snprintf(s, 12, "%08d", (i * 7919) % 300);
		s[8] = 'x';
		s[2690] = '\0';
		v = CStringGetTextDatum(s);
		btree_insert(idx, &v, &isnull, &tid, &test_heap_rel, NULL);
	}
	BTVerifyStats st;

	btree_verify_ext(idx, &st);
	assert_int_equal((int) st.leaf_entries, 300);
	assert_true(st.levels >= 3);

	/* One byte over the limit. */
	memset(s, 'z', 3000);
	s[3000] = '\0';

	Datum		v = CStringGetTextDatum(s);
	ItemPointerData tid = slot_tid(1);

	CAPTURE(err, btree_insert(idx, &v, &isnull, &tid, &test_heap_rel, NULL));
	assert_string_equal(err.sqlstate, "54000");
	assert_string_equal(err.message,
						"index row size 3012 exceeds btree version 4 maximum 2704 for index \"big_idx\"");
	assert_string_equal(err.detail, "Index row references tuple (0,2) in relation \"t\".");
	ASSERT_NOTHING_HELD();
	free(s);
}

/* ---- incomplete splits ---- */

/*
 * Fake what an ERROR between a split and its parent insertion leaves:
 * remove the downlink of some leaf R from its parent and flag R's left
 * sibling BTP_INCOMPLETE_SPLIT.  Verify and scans accept it; the next
 * insertion that reaches the flagged page restores the downlink.
 */
static void
test_incomplete_split(void **state)
{
	enum
	{
		N = 5000
	};
	Relation	idx = make_int_index("inc_idx", false);
	BTIndexData bi;

	(void) state;
	test_heap_reset();
	for (int i = 0; i < N; i++)
		insert_int(idx, i * 2, false, i);
	bt_index_init(&bi, idx);

	/* The root is internal; take its third downlink (a leaf). */
	BTMetaPageData meta;

	bt_read_meta(&bi, &meta);
	assert_int_equal(meta.btm_level, 1);

	Buffer		root = bt_getbuf(&bi, meta.btm_root, BT_WRITE);
	Page		rpage = bufmgr_page(root);
	BTTuple		down = bt_page_tuple(&bi, rpage, meta.btm_root, 3);
	BlockNumber child = bt_tuple_child(down);
	BlockNumber left = bt_tuple_child(bt_page_tuple(&bi, rpage, meta.btm_root, 2));

	tamper_begin(root);
	page_index_delete(rpage, 3);
	tamper_end(root);
	bt_relbuf(root);

	Buffer		lbuf = bt_getbuf(&bi, left, BT_WRITE);

	assert_int_equal(bt_opaque(bufmgr_page(lbuf))->btpo_next, child);
	tamper_begin(lbuf);
	bt_opaque(bufmgr_page(lbuf))->btpo_flags |= BTP_INCOMPLETE_SPLIT;
	tamper_end(lbuf);
	bt_relbuf(lbuf);

	/* Still a valid tree; scans find every entry. */
	assert_int_equal((int) btree_verify(idx), N);

	ItemPointerData *got = malloc(sizeof(ItemPointerData) * N);

	assert_int_equal(scan_collect(idx, NULL, 0, false, got, N), N);
	for (int i = 0; i < N; i++)
		assert_int_equal(tid_slot(&got[i]), i);

	/* An insertion into the flagged page's key range finishes the split. */
	Buffer		cbuf = bt_getbuf(&bi, child, BT_READ);
	int32_t		inside;
	Datum		values[1];
	bool		isnull[1];

	bt_deform(&bi, bt_page_tuple(&bi, bufmgr_page(cbuf), child,
								 bt_first_data_offset(bt_opaque(bufmgr_page(cbuf)))),
			  1, values, isnull, child);
	bt_relbuf(cbuf);
	inside = DatumGetInt32(values[0]) - 3;	/* lands on the left (flagged) page */
	insert_int(idx, inside, false, N);

	lbuf = bt_getbuf(&bi, left, BT_READ);
	assert_false(bt_incomplete_split(bt_opaque(bufmgr_page(lbuf))));
	bt_relbuf(lbuf);
	root = bt_getbuf(&bi, meta.btm_root, BT_READ);

	bool		found = false;

	for (OffsetNumber off = 1; off <= page_get_max_offset(bufmgr_page(root)); off++)
		found |= bt_tuple_child(bt_page_tuple(&bi, bufmgr_page(root), meta.btm_root, off)) == child;
	bt_relbuf(root);
	assert_true(found);
	assert_int_equal((int) btree_verify(idx), N + 1);
	ASSERT_NOTHING_HELD();
	free(got);
}

/* ---- corruption ---- */

static void
expect_corrupt(Relation idx, const char *message)
{
	CapturedError err;
	ItemPointerData tid;

	CAPTURE(err, (void) btree_verify(idx));
	assert_true(err.caught);
	assert_string_equal(err.sqlstate, "XX002");
	if (message)
		assert_string_equal(err.message, message);
	CAPTURE(err, (void) scan_collect(idx, NULL, 0, false, &tid, 1));
	assert_true(err.caught);
	assert_string_equal(err.sqlstate, "XX002");
	ASSERT_NOTHING_HELD();
}

/* Replace block blkno's buffered image (not marking it dirty unless restoring). */
static void
put_page(Relation idx, BlockNumber blkno, const char *image, bool dirty)
{
	Buffer		buf = bufmgr_read(idx->rd_locator, blkno);

	bufmgr_lock(buf, LW_EXCLUSIVE);
	if (dirty)
	{
		tamper_begin(buf);
		memcpy(bufmgr_page(buf), image, BLCKSZ);
		tamper_end(buf);
	}
	else
		memcpy(bufmgr_page(buf), image, BLCKSZ);
	bufmgr_unlock_release(buf);
}

static void
get_page(Relation idx, BlockNumber blkno, char *image)
{
	Buffer		buf = bufmgr_read(idx->rd_locator, blkno);

	bufmgr_lock(buf, LW_SHARED);
	memcpy(image, bufmgr_page(buf), BLCKSZ);
	bufmgr_unlock_release(buf);
}

static void
test_corruption(void **state)
{
	enum
	{
		N = 3000
	};
	Relation	idx = make_int_index("bad_idx", false);
	char		saved[BLCKSZ];
	char		bad[BLCKSZ];
	uint64_t	rng = 77;
	ItemPointerData *got = malloc(sizeof(ItemPointerData) * (N + 10));

	(void) state;
	test_heap_reset();
	for (int i = 0; i < N; i++)
		insert_int(idx, i, false, i);
	/* Clean buffers: a corrupted image that gets evicted is never written. */
	(void) bufmgr_flush_all();

	/* Block 1 is the first leaf (it was the first root). */
	get_page(idx, 1, saved);
	memcpy(bad, saved, BLCKSZ);
	((BTPageOpaque) (bad + BLCKSZ - sizeof(BTPageOpaqueData)))->btpo_magic = 0x1234;
	put_page(idx, 1, bad, false);
	expect_corrupt(idx, "index \"bad_idx\" contains corrupted page at block 1");

	memset(bad, 0, BLCKSZ);
	put_page(idx, 1, bad, false);
	expect_corrupt(idx, "index \"bad_idx\" contains unexpected zero page at block 1");

	/* A line pointer whose length runs past the page. */
	memcpy(bad, saved, BLCKSZ);
	itemid_set_normal(page_get_item_id(bad, 5), itemid_get_offset(page_get_item_id(bad, 5)), 4000);
	put_page(idx, 1, bad, false);
	expect_corrupt(idx, "index \"bad_idx\" contains corrupted page at block 1");

	/*
	 * Random byte flips in the items, line pointers and special space of a
	 * leaf and of the root (internal): verify, scans and an insertion raise
	 * errors (or, for harmless flips, work), never crash or hang.  After
	 * each round every page is put back as it was.
	 */
	put_page(idx, 1, saved, false);

	BlockNumber nblocks = bufmgr_nblocks(idx->rd_locator);
	char	   *all = malloc((size_t) BLCKSZ * nblocks);
	char		metaimg[BLCKSZ];
	BlockNumber root;
	int			errors = 0;

	for (BlockNumber b = 0; b < nblocks; b++)
		get_page(idx, b, all + (size_t) b * BLCKSZ);
	memcpy(metaimg, all, BLCKSZ);
	root = ((BTMetaPageData *) (metaimg + itemid_get_offset(page_get_item_id(metaimg, 1))))->btm_root;
	assert_true(root != 1);
	for (int round = 0; round < 600; round++)
	{
		CapturedError err;
		BlockNumber target = round % 2 ? 1 : root;

		memcpy(bad, all + (size_t) target * BLCKSZ, BLCKSZ);
		for (int f = 0; f < 4; f++)
		{
			size_t		pos = rng_next(&rng) % 3 == 0 ? 24 + rng_next(&rng) % 64
				: BLCKSZ - 1 - rng_next(&rng) % 2048;

			bad[pos] ^= (char) (1 + rng_next(&rng) % 255);
		}
		put_page(idx, target, bad, false);
		CAPTURE(err, (void) btree_verify(idx);
				(void) scan_collect(idx, NULL, 0, round % 4 < 2, got, N + 10);
				insert_int(idx, (int32_t) (rng_next(&rng) % N), false, 1000000 + round));
		if (err.caught)
		{
			errors++;
			if (strcmp(err.sqlstate, "XX002") != 0 && strcmp(err.sqlstate, "XX001") != 0)
				fail_msg("unexpected error %s: %s", err.sqlstate, err.message);
		}
		ASSERT_NOTHING_HELD();
		for (BlockNumber b = 0; b < nblocks; b++)
			put_page(idx, b, all + (size_t) b * BLCKSZ, true);
	}
	assert_true(errors > 200);
	assert_int_equal((int) btree_verify(idx), N);
	free(all);

	/* A metapage that is not one. */
	get_page(idx, 0, saved);
	memcpy(bad, saved, BLCKSZ);
	((BTMetaPageData *) (bad + itemid_get_offset(page_get_item_id(bad, 1))))->btm_magic = 0;
	put_page(idx, 0, bad, false);
	expect_corrupt(idx, "index \"bad_idx\" contains corrupted page at block 0");
	put_page(idx, 0, saved, true);
	assert_int_equal((int) btree_verify(idx), N);
	ASSERT_NOTHING_HELD();
	free(got);
}

static int
setup(void **state)
{
	(void) state;
	return nbtree_test_setup(512);
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
		cmocka_unit_test(test_random_insert_and_scans),
		cmocka_unit_test(test_duplicate_heavy),
		cmocka_unit_test(test_ascending_fill),
		cmocka_unit_test(test_nulls),
		cmocka_unit_test(test_two_columns),
		cmocka_unit_test(test_unique),
		cmocka_unit_test(test_unique_spanning_pages),
		cmocka_unit_test(test_unique_update_keeps_old_entries),
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_build_unique_and_limits),
		cmocka_unit_test(test_kill_entries),
		cmocka_unit_test(test_bulk_delete),
		cmocka_unit_test(test_big_keys),
		cmocka_unit_test(test_incomplete_split),
		cmocka_unit_test(test_corruption),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
