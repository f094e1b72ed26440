/*-------------------------------------------------------------------------
 * test_nbtree_heap.c
 *	  Unit tests for the B-tree together with the real heap
 *	  (access/heap): CREATE INDEX from a table, the uniqueness check
 *	  through heap_tid_liveness, and VACUUM's bulk delete.
 *
 * What:
 *	- btree_build over a table with updated (non-HOT) and deleted rows:
 *	  the index holds exactly the entries heap_index_build_scan reports,
 *	  and an equality scan finds every live row's TID; a unique build over
 *	  the same table works (old versions of a key are not live);
 *	- a unique build over two live rows with one id: 23505
 *	  `could not create unique index` with `Key (id)=(5) is duplicated.`;
 *	- unique insertion checked by heap_tid_liveness: a committed row
 *	  conflicts (23505), our own earlier row conflicts, a committed delete
 *	  frees the key, an aborted insert does not count;
 *	- a non-HOT update (heap_update + btree_insert): while it is in
 *	  progress a scan returns the old version's entry as well as the new
 *	  one, and after a rollback the old version is still found;
 *	- heap_vacuum with btree_bulk_delete removes exactly the index entries
 *	  of the deleted rows; the rest are still found.
 * How: standalone_init(), a hand-built table (id int4, payload text) and
 * index on id; transactions bracketed as tcop does.  Expected results come
 * from what the test inserted and deleted.
 *-------------------------------------------------------------------------
 */
#include "access/nbtree/test_nbtree_common.h"

#include "access/heap/heapam.h"
#include "sql/types/datum.h"

static Relation
make_table(const char *name)
{
	Relation	rel = palloc0(sizeof(RelationData));

	rel->rd_id = next_relnumber;
	snprintf(rel->rd_name, sizeof(rel->rd_name), "%s", name);
	rel->rd_kind = RELKIND_TABLE;
	rel->rd_persistence = RELPERSISTENCE_PERMANENT;
	rel->rd_locator.db_oid = 5;
	rel->rd_locator.rel_number = next_relnumber++;
	rel->rd_fillfactor = 100;
	rel->rd_att = tupdesc_create(2);
	tupdesc_init_attr(rel->rd_att, 0, "id", INT4OID, -1);
	tupdesc_init_attr(rel->rd_att, 1, "payload", TEXTOID, -1);
	smgr_create(rel->rd_locator, false);
	return rel;
}

/* An index on the table's id column (not yet built). */
static Relation
make_id_index(Relation table, const char *name, bool unique)
{
	static const Oid types[] = {INT4OID};
	static const char *const names[] = {"id"};
	Relation	idx = make_index(name, 1, types, names, unique);

	idx->rd_index->table_oid = table->rd_id;
	return idx;
}

static HeapTuple
make_row(Relation rel, int32_t id, const char *payload)
{
	Datum		v[2] = {Int32GetDatum(id), CStringGetTextDatum(payload)};
	bool		n[2] = {false, false};

	return heap_form_tuple(rel->rd_att, v, n);
}

/* Insert a row in the current transaction; index it when idx is given. */
static ItemPointerData
insert_row(Relation rel, Relation idx, int32_t id)
{
	HeapTuple	tup = make_row(rel, id, "payload");

	heap_insert(rel, tup, xact_get_cid());
	if (idx != NULL)
	{
		Datum		v = Int32GetDatum(id);
		bool		isnull = false;

		btree_insert(idx, &v, &isnull, &tup->t_self, rel, heap_tid_liveness);
	}
	return tup->t_self;
}

/* TIDs an equality scan returns for id. */
static int
lookup(Relation idx, int32_t id, ItemPointerData *out, int max)
{
	ScanKeyData k = skey(1, BTEqualStrategyNumber, Int32GetDatum(id));

	return scan_collect(idx, &k, 1, false, out, max);
}

/* The one entry for id (asserts there is exactly one). */
static ItemPointerData
lookup_one(Relation idx, int32_t id)
{
	ItemPointerData got[4];

	assert_int_equal(lookup(idx, id, got, 4), 1);
	return got[0];
}

/*
 * An equality scan for id returns live, possibly preceded or followed by
 * old (an entry of a dead version, in TID order), and nothing else.
 */
static void
assert_lookup_among(Relation idx, int32_t id, ItemPointerData live, ItemPointerData old)
{
	ItemPointerData got[4];
	int			n = lookup(idx, id, got, 4);
	bool		old_first = old.ip_blkid != live.ip_blkid ? old.ip_blkid < live.ip_blkid :
		old.ip_posid < live.ip_posid;

	assert_true(n == 1 || n == 2);
	if (n == 1)
		assert_true(ItemPointerEquals(&got[0], &live));
	else
	{
		assert_true(ItemPointerEquals(&got[old_first ? 0 : 1], &old));
		assert_true(ItemPointerEquals(&got[old_first ? 1 : 0], &live));
	}
}

static void
count_cb(HeapTuple tup, ItemPointer root_tid, bool is_live, void *arg)
{
	(void) tup;
	(void) root_tid;
	(void) is_live;
	(*(int *) arg)++;
}

#define NROWS 4000

static void
test_build_from_heap(void **state)
{
	Relation	t = make_table("tb");
	ItemPointerData *tids = malloc(sizeof(ItemPointerData) * NROWS);
	ItemPointerData got[4];
	TM_FailureData tmfd;

	(void) state;
	xact_start_command();
	for (int i = 0; i < NROWS; i++)
		tids[i] = insert_row(t, NULL, i);
	xact_commit_command();

	/* Update every 10th row without HOT (a new root TID), delete every 7th. */
	xact_start_command();
	for (int i = 0; i < NROWS; i += 10)
	{
		HeapTuple	tup = make_row(t, i, "updated");
		bool		hot;

		assert_int_equal(heap_update(t, &tids[i], tup, xact_get_cid(), false, &hot, &tmfd), TM_Ok);
		assert_false(hot);
		tids[i] = tup->t_self;
	}
	xact_commit_command();
	xact_start_command();
	for (int i = 3; i < NROWS; i += 7)
		assert_int_equal(heap_delete(t, &tids[i], xact_get_cid(), &tmfd), TM_Ok);
	xact_commit_command();

	Relation	idx = make_id_index(t, "tb_id_idx", false);
	Relation	uidx = make_id_index(t, "tb_id_key", true);
	int			reported = 0;

	xact_start_command();
	btree_build(t, idx);
	btree_build(t, uidx);
	(void) heap_index_build_scan(t, count_cb, &reported);
	xact_commit_command();

	assert_int_equal((int) btree_verify(idx), reported);
	assert_int_equal((int) btree_verify(uidx), reported);
	for (int i = 0; i < NROWS; i++)
	{
		int			n = lookup(uidx, i, got, 4);

		if (i % 7 == 3)
			continue;			/* deleted: may still be indexed while visible to someone */
		/* The live row's TID is among the entries for its id. */
		bool		found = false;

		for (int j = 0; j < n && j < 4; j++)
			found |= ItemPointerEquals(&got[j], &tids[i]);
		assert_true(found);
	}
	ASSERT_NOTHING_HELD();
	free(tids);
}

static void
test_unique_build_duplicate(void **state)
{
	Relation	t = make_table("td");
	Relation	idx = make_id_index(t, "td_id_key", true);
	CapturedError err;

	(void) state;
	xact_start_command();
	for (int i = 0; i < 100; i++)
		(void) insert_row(t, NULL, i == 50 ? 5 : i);
	xact_commit_command();
	xact_start_command();
	CAPTURE(err, btree_build(t, idx));
	xact_abort_current();
	assert_string_equal(err.sqlstate, "23505");
	assert_string_equal(err.message, "could not create unique index \"td_id_key\"");
	assert_string_equal(err.detail, "Key (id)=(5) is duplicated.");
	ASSERT_NOTHING_HELD();
}

static void
test_unique_with_heap(void **state)
{
	Relation	t = make_table("tu");
	Relation	idx = make_id_index(t, "tu_pkey", true);
	CapturedError err;
	TM_FailureData tmfd;

	(void) state;
	btree_build_empty(idx);
	xact_start_command();
	ItemPointerData first = insert_row(t, idx, 1);

	xact_commit_command();

	/* A committed row with the key: conflict. */
	xact_start_command();
	CAPTURE(err, (void) insert_row(t, idx, 1));
	xact_abort_current();
	assert_string_equal(err.sqlstate, "23505");
	assert_string_equal(err.message, "duplicate key value violates unique constraint \"tu_pkey\"");
	assert_string_equal(err.detail, "Key (id)=(1) already exists.");

	/* Our own earlier row in the same transaction: conflict too. */
	xact_start_command();
	(void) insert_row(t, idx, 2);
	CAPTURE(err, (void) insert_row(t, idx, 2));
	xact_abort_current();
	assert_string_equal(err.sqlstate, "23505");
	assert_string_equal(err.detail, "Key (id)=(2) already exists.");

	/* The aborted row with key 2 does not count any more. */
	ItemPointerData aborted_two = lookup_one(idx, 2);

	xact_start_command();
	ItemPointerData two = insert_row(t, idx, 2);

	xact_commit_command();

	/* A committed delete frees key 1. */
	xact_start_command();
	assert_int_equal(heap_delete(t, &first, xact_get_cid(), &tmfd), TM_Ok);
	xact_commit_command();
	xact_start_command();
	ItemPointerData again = insert_row(t, idx, 1);

	xact_commit_command();

	/*
	 * Key 1: the new entry, and the old one unless the check was told it
	 * is dead to every snapshot (then it is marked LP_DEAD and skipped).
	 */
	assert_int_equal((int) btree_verify(idx), 4);	/* 1, 2 (aborted), 2, 1 again */
	assert_lookup_among(idx, 1, again, first);
	assert_lookup_among(idx, 2, two, aborted_two);
	ASSERT_NOTHING_HELD();
}

/*
 * A non-HOT update of a row through the real heap: the old version is
 * deleted by the updating transaction, which inserts the new version's
 * entry.  Until that transaction commits, other snapshots see only the
 * old version, so a scan must still return its entry; if the update rolls
 * back, the old version is the row again and must stay reachable.
 */
static void
test_update_keeps_old_entry(void **state)
{
	Relation	t = make_table("tk");
	Relation	idx = make_id_index(t, "tk_pkey", true);
	TM_FailureData tmfd;
	ItemPointerData got[4];

	(void) state;
	btree_build_empty(idx);
	xact_start_command();
	ItemPointerData v1 = insert_row(t, idx, 1);

	xact_commit_command();

	for (int attempt = 0; attempt < 2; attempt++)
	{
		bool		commit = attempt == 1;
		HeapTuple	tup = make_row(t, 1, "updated");
		Datum		v = Int32GetDatum(1);
		bool		isnull = false;
		bool		hot;

		xact_start_command();
		assert_int_equal(heap_update(t, &v1, tup, xact_get_cid(), false, &hot, &tmfd), TM_Ok);
		assert_false(hot);
		btree_insert(idx, &v, &isnull, &tup->t_self, t, heap_tid_liveness);

		/*
		 * In progress: v1's entry (all other snapshots can see), the new
		 * one, and (second time) the rolled-back version's between them.
		 */
		assert_int_equal(lookup(idx, 1, got, 4), 2 + attempt);
		assert_true(ItemPointerEquals(&got[0], &v1));
		assert_true(ItemPointerEquals(&got[1 + attempt], &tup->t_self));
		if (!commit)
		{
			/* Rolled back: v1 is the row again and the index still finds it. */
			xact_abort_current();
			int			n = lookup(idx, 1, got, 4);

			assert_true(n >= 1);
			assert_true(ItemPointerEquals(&got[0], &v1));
			continue;
		}
		xact_commit_command();
	}
	ASSERT_NOTHING_HELD();
}

static void
test_vacuum(void **state)
{
	Relation	t = make_table("tv");
	Relation	idx = make_id_index(t, "tv_id_idx", false);
	ItemPointerData *tids = malloc(sizeof(ItemPointerData) * NROWS);
	ItemPointerData got[4];
	TM_FailureData tmfd;
	VacuumStats vs;
	int			deleted = 0;

	(void) state;
	btree_build_empty(idx);
	xact_start_command();
	for (int i = 0; i < NROWS; i++)
		tids[i] = insert_row(t, idx, i);
	xact_commit_command();
	xact_start_command();
	for (int i = 0; i < NROWS; i += 3)
	{
		assert_int_equal(heap_delete(t, &tids[i], xact_get_cid(), &tmfd), TM_Ok);
		deleted++;
	}
	xact_commit_command();

	Relation	indexes[1] = {idx};

	heap_vacuum(t, indexes, 1, btree_bulk_delete, &vs);
	assert_int_equal((int) vs.index_entries_removed, deleted);
	assert_int_equal((int) btree_verify(idx), NROWS - deleted);
	for (int i = 0; i < NROWS; i += 13)
	{
		int			n = lookup(idx, i, got, 4);

		if (i % 3 == 0)
			assert_int_equal(n, 0);
		else
		{
			assert_int_equal(n, 1);
			assert_true(ItemPointerEquals(&got[0], &tids[i]));
		}
	}
	ASSERT_NOTHING_HELD();
	free(tids);
}

static int
setup(void **state)
{
	(void) state;
	return nbtree_test_setup(256);
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
		cmocka_unit_test(test_build_from_heap),
		cmocka_unit_test(test_unique_build_duplicate),
		cmocka_unit_test(test_unique_with_heap),
		cmocka_unit_test(test_update_keeps_old_entry),
		cmocka_unit_test(test_vacuum),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
