/*-------------------------------------------------------------------------
 * test_heapam.c
 *	  Unit tests for the heap access method in one session: insert, scan,
 *	  fetch, visibility, update chains and HOT, pruning, VACUUM, index
 *	  build scans, unique-check liveness and corrupt pages.
 *
 * What:
 *	- inserts fill pages completely (fillfactor 100: the page count equals
 *	  what the tuple size allows) or up to the fillfactor (50: every page
 *	  keeps half free); scans return every row once; fetch by TID agrees;
 *	- our own changes: an insert is invisible to its own command and
 *	  visible to the next; a delete hides the row from later commands only;
 *	  an aborted insert is never visible (and gets HEAP_XMIN_INVALID);
 *	  TM_SelfModified / TM_Invisible for a row changed by an earlier or the
 *	  same command;
 *	- a snapshot taken before an update still sees the old version, through
 *	  a scan and through the HOT chain from the root TID;
 *	- same-page updates are HOT (HEAP_ONLY_TUPLE / HEAP_HOT_UPDATED, t_ctid
 *	  chain); hot_allowed = false and a full page give non-HOT versions;
 *	  a chain whose versions are all dead reports all_dead;
 *	- pruning: ten rows updated 20,000 times in separate transactions stay
 *	  on one page, and the original TIDs still reach the newest versions;
 *	- VACUUM: counts of removed / remaining tuples, index entries removed
 *	  through the bulk_delete callback, line pointers freed, several index
 *	  passes when maintenance_work_mem is small, HOT chains collapsed;
 *	- heap_index_build_scan reports one entry per chain with its root TID;
 *	  heap_tid_liveness classifies live and dead chains;
 *	- a page corrupted on disk gives XX001 from scans, fetches and updates
 *	  and leaves no pin or lock; a scribbled line pointer gives XX001 too.
 * How: standalone_init() environment in a temporary data directory; test
 * tables are RelationData filled by hand; transactions are bracketed as
 * tcop does.  Expected page counts are computed from the tuple format.
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>

#include "test_heapam_common.h"
#include "access/heap/heapam_internal.h"
#include "catalog/syscat.h"

/* Bytes a row with a payload of plen bytes occupies in a page (line
 * pointer included), from the format in heaptuple.h. */
static size_t
row_page_bytes(size_t plen)
{
	size_t		t_len = 32 + 4 + 4 + plen;	/* header, int4, varlena */

	return MAXALIGN(t_len) + 4;
}

static char *
padded(int id, size_t len)
{
	char	   *s = palloc(len + 1);

	memset(s, 'a' + id % 26, len);
	s[len] = '\0';
	return s;
}

/* A copy of a tuple header (the struct itself ends in a flexible array). */
typedef struct PeekedHeader
{
	uint64_t	words[4];
} PeekedHeader;

#define PEEKED(p) ((HeapTupleHeaderData *) (p).words)

/* Look at a tuple header in a page (share lock held briefly). */
static PeekedHeader
peek_header(Relation rel, ItemPointerData tid, unsigned *lp_flags)
{
	Buffer		buf = bufmgr_read(rel->rd_locator, tid.ip_blkid);
	PeekedHeader h;

	StaticAssert(sizeof(h.words) >= SizeofHeapTupleHeader, "header copy too small");
	memset(&h, 0, sizeof(h));
	bufmgr_lock(buf, LW_SHARED);
	Page		page = bufmgr_page(buf);
	ItemId		lp = page_get_item_id(page, tid.ip_posid);

	*lp_flags = itemid_get_flags(lp);
	if (itemid_is_normal(lp))
		memcpy(h.words, page_get_item(page, lp), SizeofHeapTupleHeader);
	bufmgr_unlock_release(buf);
	return h;
}

static size_t
exact_free(Relation rel, BlockNumber blk)
{
	Buffer		buf = bufmgr_read(rel->rd_locator, blk);

	bufmgr_lock(buf, LW_SHARED);
	size_t		f = page_get_exact_free_space(bufmgr_page(buf));

	bufmgr_unlock_release(buf);
	return f;
}

/* ---- insert, scan, fetch ---- */

static void
test_insert_scan_fetch(void **state)
{
	Relation	rel = make_table(40001, 100);
	const int	nrows = 1000;
	const size_t plen = 100;
	ItemPointerData *tids = palloc(sizeof(ItemPointerData) * nrows);

	xact_start_command();
	for (int i = 0; i < nrows; i++)
	{
		HeapTuple	tup = make_row(rel, i, padded(i, plen));

		heap_insert(rel, tup, xact_get_cid());
		tids[i] = tup->t_self;
		assert_int_equal(tup->t_tableOid, rel->rd_id);
	}
	xact_commit_command();

	/* Every page filled: as many pages as the rows need, no more. */
	size_t		per_page = (BLCKSZ - SizeOfPageHeaderData) / row_page_bytes(plen);

	assert_int_equal(heap_nblocks(rel), (nrows + per_page - 1) / per_page);

	/* A scan sees every row exactly once, with its TID. */
	bool	   *seen = palloc0(sizeof(bool) * nrows);

	xact_start_command();
	HeapScanDesc scan = heap_beginscan(rel, snapshot_get_statement());
	HeapTuple	tup;
	int			n = 0;

	while ((tup = heap_getnext(scan)) != NULL)
	{
		int32_t		id = row_id(rel, tup);

		assert_true(id >= 0 && id < nrows);
		assert_false(seen[id]);
		seen[id] = true;
		assert_true(ItemPointerEquals(&tup->t_self, &tids[id]));
		assert_string_equal(row_payload(rel, tup), padded(id, plen));
		n++;
	}
	/* A rescan starts over and sees the same rows. */
	heap_rescan(scan);
	n = 0;
	while ((tup = heap_getnext(scan)) != NULL)
	{
		assert_int_equal(tup->t_tableOid, rel->rd_id);
		n++;
	}
	heap_endscan(scan);
	assert_int_equal(n, nrows);
	/* Fetch by TID agrees. */
	for (int i = 0; i < nrows; i += 37)
	{
		bool		all_dead = true;
		HeapTuple	f = heap_fetch_visible(rel, &tids[i], snapshot_get_statement(), &all_dead);

		assert_non_null(f);
		assert_int_equal(row_id(rel, f), i);
		assert_false(all_dead);
	}
	xact_commit_command();
	assert_int_equal(bufmgr_pins_held(), 0);
}

static void
test_fillfactor(void **state)
{
	Relation	rel = make_table(40002, 50);
	const size_t plen = 200;
	const int	nrows = 300;

	xact_start_command();
	for (int i = 0; i < nrows; i++)
		heap_insert(rel, make_row(rel, i, padded(i, plen)), xact_get_cid());
	xact_commit_command();

	/*
	 * A row goes in while it leaves 4096 bytes (plus the line pointer for
	 * the next one) free: on an empty page, k rows fit while
	 * 8168 - k * bytes - 4 >= MAXALIGN(t_len) + 4096, plus the first.
	 */
	size_t		bytes = row_page_bytes(plen);
	size_t		per_page = (8168 - 4 - 4096 - (bytes - 4)) / bytes + 1;
	BlockNumber nblocks = heap_nblocks(rel);

	assert_int_equal(nblocks, (nrows + per_page - 1) / per_page);
	for (BlockNumber b = 0; b < nblocks; b++)
		assert_true(exact_free(rel, b) >= 4096);
	/* But updates may use the reserve: HOT on a half-full page. */
	ItemPointerData tid;
	bool		hot;

	ItemPointerSet(&tid, 0, 1);
	xact_start_command();
	assert_int_equal(update_row(rel, &tid, 0, padded(0, plen), true, NULL, &hot, NULL), TM_Ok);
	xact_commit_command();
	assert_true(hot);
	assert_true(exact_free(rel, 0) < 4096);
	assert_int_equal(count_rows_now(rel), nrows);
}

/* ---- our own commands ---- */

static void
test_own_changes_and_commands(void **state)
{
	Relation	rel = make_table(40003, 100);

	block_begin();
	xact_start_command();
	HeapTuple	tup = make_row(rel, 1, "mine");

	heap_insert(rel, tup, xact_get_cid());
	ItemPointerData tid = tup->t_self;

	/* Not visible to the command that inserted it ... */
	assert_int_equal(count_rows(rel, snapshot_get_statement()), 0);
	xact_commit_command();
	/* ... visible to the next one. */
	xact_start_command();
	Snapshot	snap = snapshot_get_statement();

	assert_int_equal(count_rows(rel, snap), 1);
	TM_FailureData tmfd;

	assert_int_equal(heap_delete(rel, &tid, xact_get_cid(), &tmfd), TM_Ok);
	/* The deleting command still sees it; deleting twice is self-modified. */
	assert_int_equal(count_rows(rel, snap), 1);
	assert_int_equal(heap_delete(rel, &tid, xact_get_cid(), &tmfd), TM_SelfModified);
	assert_int_equal(tmfd.cmax, xact_get_cid());
	xact_commit_command();
	xact_start_command();
	assert_int_equal(count_rows(rel, snapshot_get_statement()), 0);
	/* Deleted by an earlier command: self-modified, and cmax tells which. */
	assert_int_equal(heap_delete(rel, &tid, xact_get_cid(), &tmfd), TM_SelfModified);
	assert_true(tmfd.cmax < xact_get_cid());
	/* A row inserted by this very command cannot be updated by it. */
	HeapTuple	t2 = make_row(rel, 2, "same-command");

	heap_insert(rel, t2, xact_get_cid());
	assert_int_equal(update_row(rel, &t2->t_self, 2, "x", true, NULL, NULL, &tmfd), TM_Invisible);
	xact_commit_command();
	block_rollback();

	/* Everything aborted: nothing is visible, and the hint says so. */
	assert_int_equal(count_rows_now(rel), 0);
	unsigned	flags;
	PeekedHeader ph = peek_header(rel, tid, &flags);

	assert_int_equal(flags, LP_NORMAL);
	assert_true(PEEKED(ph)->t_infomask & HEAP_XMIN_INVALID);

	/* Update twice in one command: the second finds its own change. */
	ItemPointerData r = insert_committed(rel, 3, "v0");
	ItemPointerData n1;

	block_begin();
	xact_start_command();
	assert_int_equal(update_row(rel, &r, 3, "v1", true, &n1, NULL, NULL), TM_Ok);
	assert_int_equal(update_row(rel, &r, 3, "v1b", true, NULL, NULL, &tmfd), TM_SelfModified);
	assert_true(ItemPointerEquals(&tmfd.ctid, &n1));
	xact_commit_command();
	xact_start_command();
	assert_int_equal(update_row(rel, &r, 3, "v2", true, NULL, NULL, &tmfd), TM_SelfModified);
	assert_true(tmfd.cmax < xact_get_cid());
	assert_int_equal(update_row(rel, &n1, 3, "v2", true, NULL, NULL, NULL), TM_Ok);
	xact_commit_command();
	block_commit();
	assert_string_equal(payload_now(rel, r), "v2");
	assert_int_equal(count_rows_now(rel), 1);
}

/* ---- update chains, HOT, old snapshots ---- */

static void
test_hot_chain_and_old_snapshot(void **state)
{
	Relation	rel = make_table(40004, 100);
	ItemPointerData root = insert_committed(rel, 7, "v0");
	ItemPointerData tids[4] = {root};

	/* A snapshot from before the updates. */
	xact_start_command();
	Snapshot	old = snapshot_copy(snapshot_get_latest());

	xact_commit_command();
	for (int i = 1; i <= 3; i++)
	{
		char		payload[8];
		bool		hot = false;

		snprintf(payload, sizeof(payload), "v%d", i);
		xact_start_command();
		assert_int_equal(update_row(rel, &tids[i - 1], 7, payload, true, &tids[i], &hot, NULL),
						 TM_Ok);
		xact_commit_command();
		assert_true(hot);
		assert_int_equal(tids[i].ip_blkid, root.ip_blkid);
	}
	/* The chain: HOT_UPDATED versions pointing to heap-only ones. */
	for (int i = 0; i < 4; i++)
	{
		unsigned	flags;
		PeekedHeader ph = peek_header(rel, tids[i], &flags);
		HeapTupleHeaderData *h = PEEKED(ph);
		ItemPointerData ctid = heap_hdr_ctid(h);

		assert_int_equal(flags, LP_NORMAL);
		assert_int_equal(heap_hdr_is_heap_only(h), i > 0);
		assert_int_equal(heap_hdr_is_hot_updated(h), i < 3);
		assert_true(ItemPointerEquals(&ctid, &tids[i < 3 ? i + 1 : 3]));
		assert_int_equal((h->t_infomask & HEAP_UPDATED) != 0, i > 0);
	}
	/* Through the root: the old snapshot sees v0, a new one v3. */
	xact_start_command();
	bool		all_dead;
	HeapTuple	t = heap_fetch_visible(rel, &root, old, &all_dead);

	assert_non_null(t);
	assert_string_equal(row_payload(rel, t), "v0");
	assert_true(ItemPointerEquals(&t->t_self, &root));
	t = heap_fetch_visible(rel, &root, snapshot_get_statement(), &all_dead);
	assert_string_equal(row_payload(rel, t), "v3");
	assert_true(ItemPointerEquals(&t->t_self, &tids[3]));
	assert_false(all_dead);
	/* Scans agree: exactly one version each. */
	HeapScanDesc scan = heap_beginscan(rel, old);

	t = heap_getnext(scan);
	assert_string_equal(row_payload(rel, t), "v0");
	assert_null(heap_getnext(scan));
	heap_endscan(scan);
	assert_int_equal(count_rows(rel, snapshot_get_statement()), 1);
	xact_commit_command();

	/* Not HOT when not allowed: a new root, and the old chain is all dead. */
	ItemPointerData cold;
	bool		hot = true;

	xact_start_command();
	assert_int_equal(update_row(rel, &tids[3], 7, "cold", false, &cold, &hot, NULL), TM_Ok);
	xact_commit_command();
	assert_false(hot);
	unsigned	flags;
	PeekedHeader ph = peek_header(rel, cold, &flags);

	assert_false(heap_hdr_is_heap_only(PEEKED(ph)));
	ph = peek_header(rel, tids[3], &flags);
	assert_false(heap_hdr_is_hot_updated(PEEKED(ph)));
	xact_start_command();
	assert_null(heap_fetch_visible(rel, &root, snapshot_get_statement(), &all_dead));
	assert_true(all_dead);
	/* ... except for the old snapshot, which still sees v0 ... */
	assert_non_null(heap_fetch_visible(rel, &root, old, NULL));
	t = heap_fetch_visible(rel, &cold, snapshot_get_statement(), &all_dead);
	assert_string_equal(row_payload(rel, t), "cold");
	xact_commit_command();
}

static void
test_update_to_another_page(void **state)
{
	Relation	rel = make_table(40005, 100);
	ItemPointerData tid = insert_committed(rel, 1, "small");
	int			filler = 0;

	/* Fill block 0 to the brim. */
	while (heap_nblocks(rel) == 1)
	{
		insert_committed(rel, 1000 + filler, padded(filler, 300));
		filler++;
	}
	assert_true(exact_free(rel, 0) < row_page_bytes(300));

	ItemPointerData newtid;
	bool		hot = true;

	xact_start_command();
	assert_int_equal(update_row(rel, &tid, 1, padded(1, 1000), true, &newtid, &hot, NULL), TM_Ok);
	xact_commit_command();
	assert_false(hot);
	assert_true(newtid.ip_blkid != tid.ip_blkid);
	/* The old page is marked full (a hint for pruning). */
	Buffer		buf = bufmgr_read(rel->rd_locator, 0);

	bufmgr_lock(buf, LW_SHARED);
	assert_true(page_header(bufmgr_page(buf))->pd_flags & PD_PAGE_FULL);
	assert_true(TransactionIdIsNormal(page_header(bufmgr_page(buf))->pd_prune_xid));
	bufmgr_unlock_release(buf);
	/* heap_fetch_latest follows the chain across pages. */
	xact_start_command();
	HeapTuple	latest = heap_fetch_latest(rel, &tid, snapshot_get_latest());

	assert_non_null(latest);
	assert_true(ItemPointerEquals(&latest->t_self, &newtid));
	xact_commit_command();
	assert_string_equal(payload_now(rel, newtid), padded(1, 1000));
	assert_int_equal(count_rows_now(rel), filler + 1);

	/*
	 * The scan found block 0 full with a version dead to everyone: pruning
	 * made its line pointer LP_DEAD (an index entry may still point to
	 * it), and the row can no longer be reached from there.
	 */
	unsigned	flags;

	(void) peek_header(rel, tid, &flags);
	assert_int_equal(flags, LP_DEAD);
	xact_start_command();
	TM_FailureData tmfd;
	bool		all_dead = false;

	assert_null(heap_fetch_visible(rel, &tid, snapshot_get_statement(), &all_dead));
	assert_true(all_dead);
	assert_int_equal(heap_delete(rel, &tid, xact_get_cid(), &tmfd), TM_Invisible);
	assert_int_equal(heap_delete(rel, &newtid, xact_get_cid(), &tmfd), TM_Ok);
	xact_commit_command();
	xact_start_command();
	assert_int_equal(heap_delete(rel, &newtid, xact_get_cid(), &tmfd), TM_Deleted);
	assert_true(ItemPointerEquals(&tmfd.ctid, &newtid));
	xact_commit_command();
	assert_int_equal(count_rows_now(rel), filler);
}

/* ---- pruning ---- */

/* Insert two rows, delete the first, prune its page: the first's line pointer flags. */
static unsigned
flags_after_delete_and_prune(Relation rel)
{
	ItemPointerData gone = insert_committed(rel, 1, "deleted");
	TM_FailureData tmfd;
	PruneResult pr;
	unsigned	flags;

	(void) insert_committed(rel, 2, "kept");
	xact_start_command();
	assert_int_equal(heap_delete(rel, &gone, xact_get_cid(), &tmfd), TM_Ok);
	xact_commit_command();

	Buffer		buf = bufmgr_read(rel->rd_locator, gone.ip_blkid);

	bufmgr_lock(buf, LW_EXCLUSIVE);
	heap_page_prune(rel, buf, heap_prune_horizon(), &pr);
	bufmgr_unlock_release(buf);
	assert_int_equal(pr.ndeleted, 1);
	(void) peek_header(rel, gone, &flags);
	assert_int_equal(count_rows_now(rel), 1);
	return flags;
}

/*
 * A dead root stays LP_DEAD in a table (its index entries may still point
 * at it, until VACUUM), but is freed at once in a system catalog: minipg
 * keeps no index on catalogs and never vacuums them, so LP_DEAD there
 * would only pile up (5,000 CREATE/DROP TABLE grew pg_attribute from 1 to
 * 67 pages, and every catalog lookup scans all of them).
 */
static void
test_pruning_frees_dead_catalog_roots(void **state)
{
	(void) state;
	Relation	table = make_table(40020, 100);

	assert_int_equal(flags_after_delete_and_prune(table), LP_DEAD);

	/* The same, in a relation the relcache would call pg_class. */
	Relation	catalog = make_table(40021, 100);

	catalog->rd_id = PgClassRelationId;
	assert_true(relation_is_system_catalog(catalog));
	assert_int_equal(flags_after_delete_and_prune(catalog), LP_UNUSED);

	/* The freed line pointer is used again by the next insert. */
	ItemPointerData again = insert_committed(catalog, 3, "reuses the slot");

	assert_int_equal(again.ip_blkid, 0);
	assert_int_equal(again.ip_posid, 1);
}

static void
test_pruning_keeps_hot_rows_on_one_page(void **state)
{
	Relation	rel = make_table(40006, 100);
	ItemPointerData roots[10];
	ItemPointerData latest[10];
	char		payload[32];

	for (int i = 0; i < 10; i++)
	{
		snprintf(payload, sizeof(payload), "row %d update %d", i, 0);
		roots[i] = latest[i] = insert_committed(rel, i, payload);
	}
	for (int round = 1; round <= 2000; round++)
		for (int i = 0; i < 10; i++)
		{
			snprintf(payload, sizeof(payload), "row %d update %d", i, round);
			xact_start_command();
			TM_Result	r = update_row(rel, &latest[i], i, payload, true, &latest[i], NULL, NULL);

			xact_commit_command();
			if (r != TM_Ok)
				fail_msg("update %d of row %d: %d", round, i, r);
		}
	/* 20,000 versions, one page. */
	assert_int_equal(heap_nblocks(rel), 1);
	for (int i = 0; i < 10; i++)
	{
		snprintf(payload, sizeof(payload), "row %d update %d", i, 2000);
		assert_string_equal(payload_now(rel, roots[i]), payload);
		assert_int_equal(latest[i].ip_blkid, 0);
	}
	assert_int_equal(count_rows_now(rel), 10);
	/* The roots are redirects now (the original versions are gone). */
	unsigned	flags;

	(void) peek_header(rel, roots[0], &flags);
	assert_int_equal(flags, LP_REDIRECT);
	assert_int_equal(bufmgr_pins_held(), 0);
}

/* ---- VACUUM ---- */

#define FAKE_INDEX_MAX 4096

/* An "index": the TIDs it holds; bulk_delete removes the dead ones. */
static struct
{
	ItemPointerData tids[FAKE_INDEX_MAX];
	int			n;
	int			calls;
}			fake_index;

static double
fake_bulk_delete(Relation index, heap_tid_dead_fn is_dead, void *arg)
{
	int			kept = 0;
	int			removed = 0;

	fake_index.calls++;
	for (int i = 0; i < fake_index.n; i++)
	{
		if (is_dead(&fake_index.tids[i], arg))
			removed++;
		else
			fake_index.tids[kept++] = fake_index.tids[i];
	}
	fake_index.n = kept;
	return removed;
}

/* Insert nrows rows (payload plen), indexing each; delete those with
 * id % del_mod != 0 in one transaction.  Returns the TIDs. */
static ItemPointerData *
load_and_delete(Relation rel, int nrows, size_t plen, int del_mod, int *ndeleted)
{
	ItemPointerData *tids = palloc(sizeof(ItemPointerData) * (size_t) nrows);
	TM_FailureData tmfd;

	fake_index.n = 0;
	fake_index.calls = 0;
	xact_start_command();
	for (int i = 0; i < nrows; i++)
	{
		HeapTuple	tup = make_row(rel, i, padded(i, plen));

		heap_insert(rel, tup, xact_get_cid());
		tids[i] = tup->t_self;
		fake_index.tids[fake_index.n++] = tup->t_self;
	}
	xact_commit_command();
	*ndeleted = 0;
	xact_start_command();
	for (int i = 0; i < nrows; i++)
		if (i % del_mod != 0)
		{
			assert_int_equal(heap_delete(rel, &tids[i], xact_get_cid(), &tmfd), TM_Ok);
			(*ndeleted)++;
		}
	xact_commit_command();
	return tids;
}

static void
run_vacuum(Relation rel, VacuumStats *stats)
{
	RelationData index = {0};
	Relation	indexes[1] = {&index};

	xact_start_command();
	heap_vacuum(rel, indexes, 1, fake_bulk_delete, stats);
	xact_commit_command();
}

static void
test_vacuum_frees_dead_line_pointers(void **state)
{
	Relation	rel = make_table(40007, 100);
	int			ndeleted;
	const int	nrows = 200;
	ItemPointerData *tids = load_and_delete(rel, nrows, 40, 3, &ndeleted);
	BlockNumber nblocks = heap_nblocks(rel);
	size_t		free_before = exact_free(rel, 0);
	VacuumStats stats;

	assert_int_equal(ndeleted, 133);
	run_vacuum(rel, &stats);
	assert_int_equal(stats.pages_scanned, nblocks);
	assert_int_equal(stats.tuples_removed, ndeleted);
	assert_int_equal(stats.tuples_remaining, nrows - ndeleted);
	assert_int_equal(stats.index_entries_removed, ndeleted);
	assert_int_equal(stats.dead_items_freed, ndeleted);
	assert_int_equal(fake_index.calls, 1);
	/* The index keeps exactly the survivors. */
	assert_int_equal(fake_index.n, nrows - ndeleted);
	int			k = 0;

	for (int i = 0; i < nrows; i++)
		if (i % 3 == 0)
		{
			assert_true(ItemPointerEquals(&fake_index.tids[k], &tids[i]));
			k++;
		}
	/* The freed line pointers are unused (or gone), the space is back. */
	assert_true(exact_free(rel, 0) > free_before);
	xact_start_command();
	for (int i = 0; i < nrows; i++)
	{
		bool		all_dead = false;
		HeapTuple	t = heap_fetch_visible(rel, &tids[i], snapshot_get_statement(), &all_dead);

		if (i % 3 == 0)
			assert_int_equal(row_id(rel, t), i);
		else
		{
			assert_null(t);
			assert_true(all_dead);
			Buffer		buf = bufmgr_read(rel->rd_locator, tids[i].ip_blkid);

			bufmgr_lock(buf, LW_SHARED);
			Page		page = bufmgr_page(buf);

			assert_true(tids[i].ip_posid > page_get_max_offset(page) ||
						!itemid_is_used(page_get_item_id(page, tids[i].ip_posid)));
			bufmgr_unlock_release(buf);
		}
	}
	xact_commit_command();
	/* Nothing left to do the second time. */
	run_vacuum(rel, &stats);
	assert_int_equal(stats.tuples_removed, 0);
	assert_int_equal(stats.dead_items_freed, 0);
	assert_int_equal(stats.index_entries_removed, 0);
	assert_int_equal(stats.tuples_remaining, nrows - ndeleted);
	assert_int_equal(fake_index.calls, 1);	/* not called again */
	assert_int_equal(count_rows_now(rel), nrows - ndeleted);
}

static void
test_vacuum_multiple_index_passes(void **state)
{
	Relation	rel = make_table(40008, 100);
	int			ndeleted;
	int			saved = guc_maintenance_work_mem_kb;
	const int	nrows = 400;

	(void) load_and_delete(rel, nrows, 100, 2, &ndeleted);
	BlockNumber nblocks = heap_nblocks(rel);
	VacuumStats stats;

	assert_true(nblocks >= 3);
	/* Room for one page of TIDs only: a pass per page. */
	guc_maintenance_work_mem_kb = 1;
	run_vacuum(rel, &stats);
	guc_maintenance_work_mem_kb = saved;
	assert_int_equal(fake_index.calls, nblocks);
	assert_int_equal(stats.index_entries_removed, ndeleted);
	assert_int_equal(stats.dead_items_freed, ndeleted);
	assert_int_equal(stats.tuples_remaining, nrows - ndeleted);
	assert_int_equal(fake_index.n, nrows - ndeleted);
	assert_int_equal(count_rows_now(rel), nrows - ndeleted);
}

static void
test_vacuum_collapses_hot_chains(void **state)
{
	Relation	rel = make_table(40009, 100);
	ItemPointerData roots[5];
	ItemPointerData cur[5];
	VacuumStats stats;

	for (int i = 0; i < 5; i++)
		roots[i] = cur[i] = insert_committed(rel, i, "v0");
	for (int u = 1; u <= 3; u++)
		for (int i = 0; i < 5; i++)
		{
			xact_start_command();
			assert_int_equal(update_row(rel, &cur[i], i, u == 3 ? "last" : "mid", true, &cur[i],
										NULL, NULL), TM_Ok);
			xact_commit_command();
		}
	fake_index.n = 0;
	fake_index.calls = 0;
	run_vacuum(rel, &stats);
	assert_int_equal(stats.tuples_removed, 15);
	assert_int_equal(stats.tuples_remaining, 5);
	assert_int_equal(stats.dead_items_freed, 0);
	assert_int_equal(fake_index.calls, 0);
	for (int i = 0; i < 5; i++)
	{
		unsigned	flags;

		(void) peek_header(rel, roots[i], &flags);
		assert_int_equal(flags, LP_REDIRECT);
		assert_string_equal(payload_now(rel, roots[i]), "last");
	}
}

/* ---- index build scan and unique checks ---- */

typedef struct BuildSeen
{
	int			n;
	ItemPointerData roots[16];
	char	   *payloads[16];
	bool		live[16];
} BuildSeen;

static Relation build_rel;

static void
build_cb(HeapTuple tup, ItemPointer root_tid, bool is_live, void *arg)
{
	BuildSeen  *s = arg;

	if (s->n >= 16)
		return;
	s->roots[s->n] = *root_tid;
	s->payloads[s->n] = row_payload(build_rel, tup);
	s->live[s->n] = is_live;
	s->n++;
}

static int
find_root(const BuildSeen *s, ItemPointerData root)
{
	for (int i = 0; i < s->n; i++)
		if (ItemPointerEquals(&s->roots[i], &root))
			return i;
	return -1;
}

static void
test_index_build_scan_and_liveness(void **state)
{
	Relation	rel = build_rel = make_table(40010, 100);
	ItemPointerData r1 = insert_committed(rel, 1, "one0");
	ItemPointerData r2 = insert_committed(rel, 2, "two");
	ItemPointerData r3 = insert_committed(rel, 3, "three");
	ItemPointerData n1;
	TM_FailureData tmfd;

	xact_start_command();
	assert_int_equal(update_row(rel, &r1, 1, "one1", true, &n1, NULL, NULL), TM_Ok);
	xact_commit_command();
	xact_start_command();
	assert_int_equal(update_row(rel, &n1, 1, "one2", true, &n1, NULL, NULL), TM_Ok);
	assert_int_equal(heap_delete(rel, &r2, xact_get_cid(), &tmfd), TM_Ok);
	xact_commit_command();

	block_begin();
	xact_start_command();
	HeapTuple	mine = make_row(rel, 4, "four");

	heap_insert(rel, mine, xact_get_cid());
	xact_commit_command();
	xact_start_command();
	BuildSeen	seen = {0};
	double		n = heap_index_build_scan(rel, build_cb, &seen);

	/* One per chain: r1 (newest "one2"), r3, our own insert; r2 is dead. */
	assert_int_equal(n, 3);
	assert_int_equal(seen.n, 3);
	int			i1 = find_root(&seen, r1);
	int			i3 = find_root(&seen, r3);
	int			i4 = find_root(&seen, mine->t_self);

	assert_true(i1 >= 0 && i3 >= 0 && i4 >= 0);
	assert_true(find_root(&seen, r2) < 0);
	assert_string_equal(seen.payloads[i1], "one2");
	assert_string_equal(seen.payloads[i4], "four");
	assert_true(seen.live[i1] && seen.live[i3] && seen.live[i4]);

	TransactionId wait_xid;

	assert_int_equal(heap_tid_liveness(rel, &r1, &wait_xid), HEAP_VERSION_LIVE);
	assert_int_equal(heap_tid_liveness(rel, &r2, &wait_xid), HEAP_VERSION_DEAD);
	assert_int_equal(heap_tid_liveness(rel, &mine->t_self, &wait_xid), HEAP_VERSION_LIVE);
	/* Deleted by us: dead for a unique check. */
	assert_int_equal(heap_delete(rel, &r3, xact_get_cid(), &tmfd), TM_Ok);
	assert_int_equal(heap_tid_liveness(rel, &r3, &wait_xid), HEAP_VERSION_DEAD);
	xact_commit_command();
	block_rollback();
	assert_int_equal(heap_tid_liveness(rel, &mine->t_self, &wait_xid), HEAP_VERSION_DEAD);
	assert_int_equal(heap_tid_liveness(rel, &r3, &wait_xid), HEAP_VERSION_LIVE);
}

/* ---- corruption ---- */

static void
test_corrupt_page_on_disk(void **state)
{
	Relation	rel = make_table(40011, 100);
	ItemPointerData tid = insert_committed(rel, 1, "soon corrupt");
	char		path[SMGR_RELPATH_SIZE];

	bufmgr_flush_relation(rel->rd_locator);
	bufmgr_drop_relation(rel->rd_locator);
	smgr_relpath_buf(rel->rd_locator, path, sizeof(path));
	int			fd = open(path, O_RDWR);

	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, "XYZ", 3, 5000), 3);
	close(fd);
	smgr_close_all();

	char		msg[128];

	snprintf(msg, sizeof(msg), "invalid page in block 0 of relation %s", path);
	xact_start_command();
	Snapshot	snap = snapshot_get_statement();

	EXPECT_ERROR_RELEASED(count_rows(rel, snap), "XX001", msg);
	EXPECT_ERROR_RELEASED(heap_fetch_visible(rel, &tid, snap, NULL), "XX001", msg);
	EXPECT_ERROR_RELEASED(update_row(rel, &tid, 1, "x", true, NULL, NULL, NULL), "XX001", msg);
	EXPECT_ERROR_RELEASED(heap_insert(rel, make_row(rel, 2, "y"), xact_get_cid()), "XX001", msg);
	xact_abort_current();
}

static void
test_scribbled_line_pointer(void **state)
{
	Relation	rel = make_table(40012, 100);
	ItemPointerData tid = insert_committed(rel, 1, "row");
	Buffer		buf = bufmgr_read(rel->rd_locator, 0);

	bufmgr_lock(buf, LW_EXCLUSIVE);
	ItemId		lp = page_get_item_id(bufmgr_page(buf), tid.ip_posid);
	ItemIdData	saved = *lp;

	itemid_set_normal(lp, 8000, 500);	/* past the end of the page */
	bufmgr_unlock_release(buf);

	xact_start_command();
	EXPECT_ERROR_RELEASED(count_rows(rel, snapshot_get_statement()), "XX001", "corrupted line pointer");
	EXPECT_ERROR_RELEASED(heap_fetch_visible(rel, &tid, snapshot_get_statement(), NULL), "XX001",
				 "corrupted line pointer");
	xact_abort_current();
	buf = bufmgr_read(rel->rd_locator, 0);
	bufmgr_lock(buf, LW_EXCLUSIVE);
	*page_get_item_id(bufmgr_page(buf), tid.ip_posid) = saved;
	bufmgr_unlock_release(buf);
	assert_int_equal(count_rows_now(rel), 1);
}

int
main(void)
{
	char	   *dir = standalone_temp_datadir("test_heapam");

	memctx_init();
	guc_init();
	guc_shared_buffers_blocks = 1024;
	standalone_init(dir, true);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_insert_scan_fetch),
		cmocka_unit_test(test_fillfactor),
		cmocka_unit_test(test_own_changes_and_commands),
		cmocka_unit_test(test_hot_chain_and_old_snapshot),
		cmocka_unit_test(test_update_to_another_page),
		cmocka_unit_test(test_pruning_keeps_hot_rows_on_one_page),
		cmocka_unit_test(test_pruning_frees_dead_catalog_roots),
		cmocka_unit_test(test_vacuum_frees_dead_line_pointers),
		cmocka_unit_test(test_vacuum_multiple_index_passes),
		cmocka_unit_test(test_vacuum_collapses_hot_chains),
		cmocka_unit_test(test_index_build_scan_and_liveness),
		cmocka_unit_test(test_corrupt_page_on_disk),
		cmocka_unit_test(test_scribbled_line_pointer),
	};
	int			rc = cmocka_run_group_tests(tests, NULL, NULL);
	standalone_remove_datadir(dir);
	return rc;
}
