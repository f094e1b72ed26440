/*-------------------------------------------------------------------------
 * test_nbtree_common.h
 *	  Helpers shared by the B-tree unit tests (test_nbtree*.c): the
 *	  standalone environment, hand-built index Relations, a "test heap"
 *	  whose tuple liveness the tests control, error capture and scans.
 *
 * How: standalone_init() gives the test process shared memory, a proc
 * slot and transactions; an index is a fresh relation file with
 * btree_build_empty().  Heap TIDs are not real heap tuples: TID (b, o)
 * names slot b * 1000 + o - 1 of a table in MAP_SHARED memory (so forked
 * processes see the same states) that says whether that "version" is
 * live, dead to everyone, inserted by a transaction, or deleted (updated)
 * by a transaction (then xid_status decides).
 *-------------------------------------------------------------------------
 */
#ifndef TEST_NBTREE_COMMON_H
#define TEST_NBTREE_COMMON_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "access/nbtree/nbtree.h"
#include "access/transam/snapshot.h"
#include "access/transam/xact.h"
#include "postmaster/standalone.h"
#include "sql/types/types.h"
#include "storage/buffer/bufmgr.h"
#include "storage/lmgr/lwlock.h"
#include "storage/smgr/smgr.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"
#include "utils/test_elog.h"

/* ---- errors ---- */


/*
 * Run stmt; if it raises, record the error, clean up like the backend's
 * error handler (release content locks and pins).
 */
#define CAPTURE(cap, stmt) \
	do { \
		CATCH_ERROR(cap, stmt); \
		if ((cap).caught) \
		{ \
			bufmgr_release_all(); \
			lwlock_release_all(); \
		} \
	} while (0)

/* Nothing held after an operation: no content lock, no pin. */
#define ASSERT_NOTHING_HELD() \
	do { \
		assert_int_equal(lwlock_num_held(), 0); \
		assert_int_equal(bufmgr_pins_held(), 0); \
	} while (0)

/* ---- randomness (xorshift64*, fixed seeds) ---- */

static inline uint64_t
rng_next(uint64_t *state)
{
	uint64_t	x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

static inline void
shuffle_ints(int *a, int n, uint64_t *rng)
{
	for (int i = n - 1; i > 0; i--)
	{
		int			j = (int) (rng_next(rng) % (uint64_t) (i + 1));
		int			t = a[i];

		a[i] = a[j];
		a[j] = t;
	}
}

/* ---- the test heap ---- */

#define TEST_HEAP_SLOTS (1 << 19)

enum
{
	SLOT_LIVE = 0,				/* committed and not deleted */
	SLOT_DEAD = 1,				/* dead to everyone */
	SLOT_BY_XID = 2,			/* inserted by xid: its status decides */
	SLOT_DELETED_BY_XID = 3,	/* committed, deleted (updated) by xid */
};

typedef struct TestHeapShared
{
	_Atomic uint32_t in_doubt_reports;	/* IN_DOUBT answers given */
	_Atomic uint32_t checks;	/* callback invocations */
	/* Per slot: xid << 32 | mode, one word so readers never see half a change. */
	_Atomic uint64_t slots[TEST_HEAP_SLOTS];
} TestHeapShared;

static TestHeapShared *test_heap;

static inline void
test_heap_init(void)
{
	test_heap = mmap(NULL, sizeof(TestHeapShared), PROT_READ | PROT_WRITE,
					 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	assert_true(test_heap != MAP_FAILED);
}

static inline void
test_heap_reset(void)
{
	memset(test_heap, 0, sizeof(TestHeapShared));
}

static inline ItemPointerData
slot_tid(int slot)
{
	ItemPointerData tid;

	ItemPointerSet(&tid, (BlockNumber) (slot / 1000), (OffsetNumber) (slot % 1000 + 1));
	return tid;
}

static inline int
tid_slot(const ItemPointerData *tid)
{
	return (int) tid->ip_blkid * 1000 + tid->ip_posid - 1;
}

static inline void
slot_set(int slot, uint32_t mode, TransactionId xid)
{
	atomic_store(&test_heap->slots[slot], (uint64_t) xid << 32 | mode);
}

static inline uint32_t
slot_mode(int slot)
{
	return (uint32_t) atomic_load(&test_heap->slots[slot]);
}

static inline TransactionId
slot_xid(int slot)
{
	return (TransactionId) (atomic_load(&test_heap->slots[slot]) >> 32);
}

/*
 * The unique-check callback, answering like heap_tid_liveness: an aborted
 * insertion is dead to everyone; a deletion by a committed transaction or
 * by ourselves is dead for the check only (HEAP_VERSION_DEAD: another
 * snapshot may still see the version); one by an aborted transaction
 * leaves the version live.
 */
pg_unused static HeapLiveness
test_heap_check(Relation heap, ItemPointer tid, TransactionId *wait_xid)
{
	int			slot = tid_slot(tid);

	(void) heap;
	atomic_fetch_add(&test_heap->checks, 1);
	assert_true(slot >= 0 && slot < TEST_HEAP_SLOTS);

	uint64_t	word = atomic_load(&test_heap->slots[slot]);
	uint32_t	mode = (uint32_t) word;

	switch (mode)
	{
		case SLOT_LIVE:
			return HEAP_VERSION_LIVE;
		case SLOT_DEAD:
			return HEAP_VERSION_DEAD_TO_ALL;
		default:
			break;
	}

	TransactionId xid = (TransactionId) (word >> 32);
	bool		deleted = mode == SLOT_DELETED_BY_XID;

	if (xact_is_current_xid(xid))
		return deleted ? HEAP_VERSION_DEAD : HEAP_VERSION_LIVE;
	switch (xid_status(xid))
	{
		case XID_COMMITTED:
			return deleted ? HEAP_VERSION_DEAD : HEAP_VERSION_LIVE;
		case XID_ABORTED:
			return deleted ? HEAP_VERSION_LIVE : HEAP_VERSION_DEAD_TO_ALL;
		default:
			atomic_fetch_add(&test_heap->in_doubt_reports, 1);
			*wait_xid = xid;
			return HEAP_VERSION_IN_DOUBT;
	}
}

/* ---- relations ---- */

static char test_datadir[256];
static Oid	next_relnumber = 40000;
static RelationData test_heap_rel = {.rd_name = "t"};

/* A fresh empty index on columns (names[i] of types[i]). */
pg_unused static Relation
make_index(const char *name, int natts, const Oid *types, const char *const *names, bool unique)
{
	Relation	rel = palloc0(sizeof(RelationData));

	rel->rd_id = next_relnumber;
	snprintf(rel->rd_name, sizeof(rel->rd_name), "%s", name);
	rel->rd_kind = RELKIND_INDEX;
	rel->rd_persistence = RELPERSISTENCE_PERMANENT;
	rel->rd_locator.db_oid = 5;
	rel->rd_locator.rel_number = next_relnumber++;
	rel->rd_fillfactor = 90;
	rel->rd_att = tupdesc_create(natts);
	rel->rd_index = palloc0(sizeof(IndexInfo));
	rel->rd_index->index_oid = rel->rd_id;
	rel->rd_index->nkeys = natts;
	rel->rd_index->unique = unique;
	for (int i = 0; i < natts; i++)
	{
		tupdesc_init_attr(rel->rd_att, i, names[i], types[i], -1);
		rel->rd_index->keys[i] = (int16_t) (i + 1);
		rel->rd_index->key_types[i] = types[i];
	}
	smgr_create(rel->rd_locator, false);
	return rel;
}

pg_unused static Relation
make_int_index(const char *name, bool unique)
{
	static const Oid types[] = {INT4OID};
	static const char *const names[] = {"id"};
	Relation	rel = make_index(name, 1, types, names, unique);

	btree_build_empty(rel);
	return rel;
}

/* Insert one int4 key (NULL when isnull) pointing to slot's TID. */
pg_unused static void
insert_int(Relation idx, int32_t key, bool isnull, int slot)
{
	Datum		v = Int32GetDatum(key);
	ItemPointerData tid = slot_tid(slot);

	btree_insert(idx, &v, &isnull, &tid, &test_heap_rel, test_heap_check);
}

pg_unused static ScanKeyData
skey(int attno, int strategy, Datum arg)
{
	ScanKeyData k;

	k.attno = attno;
	k.strategy = strategy;
	k.argument = arg;
	k.arg_is_null = false;
	return k;
}

/* Run a scan and collect up to max TIDs; returns how many it produced. */
pg_unused static int
scan_collect(Relation idx, const ScanKeyData *keys, int nkeys, bool backward,
			 ItemPointerData *out, int max)
{
	BTScanDesc	scan = btree_beginscan(idx, keys, nkeys, backward);
	ItemPointerData tid;
	int			n = 0;

	while (btree_getnext(scan, &tid))
	{
		ASSERT_NOTHING_HELD();
		if (n < max)
			out[n] = tid;
		n++;
	}
	btree_endscan(scan);
	return n;
}

/* ---- setup ---- */

pg_unused static int
nbtree_test_setup(int shared_buffers)
{
	memctx_init();
	guc_init();
	guc_shared_buffers_blocks = shared_buffers;
	guc_max_connections = 4;

	char	   *dir = standalone_temp_datadir("nbtree");

	snprintf(test_datadir, sizeof(test_datadir), "%s", dir);
	free(dir);
	standalone_init(test_datadir, true);
	test_heap_init();
	return 0;
}

pg_unused static int
nbtree_test_teardown(void)
{
	char		cmd[512];

	if (chdir("/") != 0)
		return -1;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", test_datadir);
	return system(cmd) == 0 ? 0 : -1;
}

#endif							/* TEST_NBTREE_COMMON_H */
