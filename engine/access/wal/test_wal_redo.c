/*-------------------------------------------------------------------------
 * test_wal_redo.c
 *	  Unit tests of applying one WAL record (walredo.c): the invalid-page
 *	  bookkeeping, extension by a page image, and the PANICs on records
 *	  that passed their CRC but make no sense.
 *
 * What:
 *	- invalid pages (walredo.h): a delta or an image for a file that does
 *	  not exist, and a delta for a block past the end of a file that does,
 *	  are skipped (nothing created, nothing extended) and remembered once
 *	  per block (a second reference to the same block adds nothing); more
 *	  than 16 of them are all kept; a commit record dropping some of the
 *	  files forgets exactly their blocks (and unlinks the files), an abort
 *	  record dropping the files its transaction created forgets theirs;
 *	  CLOG gets the commit / abort; with none left
 *	  wal_redo_check_invalid_pages() returns; with some left it logs one
 *	  WARNING per block (block, relation, record LSN) and then PANICs
 *	  "WAL contains references to invalid pages";
 *	- a page image for a block past the end of an existing file grows the
 *	  file with zero blocks up to it (a lost extension) and restores the
 *	  image with the record's end as page LSN; a delta at a later LSN then
 *	  applies, one at an older LSN does not;
 *	- a checkpoint record moves the next xid / oid forward, never back;
 *	- PANIC with PostgreSQL-style messages for: a transaction record too
 *	  short for its header, one whose relation count disagrees with its
 *	  length (too many, negative), a checkpoint record of the wrong size,
 *	  a file-creation record of the wrong size, an unknown resource
 *	  manager id.
 * How: each check runs in a forked child on a cluster made by another
 * child; the child attaches shared memory and pg_control as the startup
 * process does before replay (WAL still "in recovery", so pages change
 * outside any record being built) and calls wal_redo() on records built
 * here (WalDecoded), as the replay loop would after decoding them.  A
 * PANIC is SIGABRT; its log (the child's stderr) is read by the parent.
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "access/transam/clog.h"
#include "access/transam/varsup.h"
#include "access/wal/wal.h"
#include "access/wal/walformat.h"
#include "access/wal/walreader.h"
#include "access/wal/walredo.h"
#include "access/transam/test_child_log.h"
#include "catalog/catalog.h"
#include "faults/fault_control.h"
#include "postmaster/standalone.h"
#include "postmaster/test_child.h"
#include "storage/buffer/bufmgr.h"
#include "storage/page/page.h"
#include "storage/smgr/smgr.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

#define TEST_DB		POSTGRES_DATABASE_OID
#define REDO_START	((XLogRecPtr) 0x1234560)	/* where "the record" starts */

static char *cluster;			/* made once, by a child */

static void
child_create(const char *dir, int arg)
{
	(void) arg;
	memctx_init();
	guc_init();
	guc_fsync = false;
	guc_max_connections = 4;
	standalone_init(dir, true);
	child_done();
}

/* Attached as the startup process is before replay: WAL stays in recovery. */
static void
child_replay_env(const char *dir)
{
	memctx_init();
	guc_init();
	guc_fsync = false;
	guc_max_connections = 4;
	standalone_init_before_recovery(dir);
	CHILD_CHECK(wal_in_recovery());
}

/* ---- records built here, as wal_decode would split them ---- */

static RelFileLocator
rel(Oid rel_number)
{
	RelFileLocator rl = {TEST_DB, rel_number, 0};

	return rl;
}

static WalDecodedBlock
delta_block(RelFileLocator rl, BlockNumber blkno, const char *data, uint16_t len)
{
	WalDecodedBlock b;

	memset(&b, 0, sizeof(b));
	b.ref.rl = wal_relfile(rl);
	b.ref.blkno = blkno;
	b.ref.kind = WAL_BLOCK_DELTA;
	b.ref.data_len = len;
	b.data = data;
	return b;
}

/* A whole page image (no hole) of page. */
static WalDecodedBlock
image_block(RelFileLocator rl, BlockNumber blkno, const char *page)
{
	WalDecodedBlock b;

	memset(&b, 0, sizeof(b));
	b.ref.rl = wal_relfile(rl);
	b.ref.blkno = blkno;
	b.ref.kind = WAL_BLOCK_IMAGE;
	b.ref.data_len = BLCKSZ;
	b.data = page;
	return b;
}

static WalRecordHeader rec_hdr;

static void
redo(uint8_t rmid, uint8_t info, TransactionId xid, const WalDecodedBlock *blocks, int nblocks,
	 const void *main_data, size_t main_len, XLogRecPtr start)
{
	WalDecoded	d;

	memset(&d, 0, sizeof(d));
	memset(&rec_hdr, 0, sizeof(rec_hdr));
	rec_hdr.rmid = rmid;
	rec_hdr.info = info;
	rec_hdr.xid = xid;
	rec_hdr.nblocks = (uint8_t) nblocks;
	d.hdr = &rec_hdr;
	d.nblocks = nblocks;
	for (int i = 0; i < nblocks; i++)
		d.blocks[i] = blocks[i];
	d.main_data = main_data;
	d.main_len = main_len;
	wal_redo(&d, start, start + 64);
}

static void
redo_block(WalDecodedBlock b, XLogRecPtr start)
{
	redo(RM_HEAP, WAL_HEAP_INSERT, InvalidTransactionId, &b, 1, NULL, 0, start);
}

static void
redo_create(RelFileLocator rl)
{
	WalSmgrCreate c = {wal_relfile(rl)};

	redo(RM_SMGR, WAL_SMGR_CREATE, InvalidTransactionId, NULL, 0, &c, sizeof(c), REDO_START);
}

/* A commit or abort record listing nrels files. */
static void
redo_xact(uint8_t op, TransactionId xid, const RelFileLocator *rels, int nrels, XLogRecPtr start)
{
	char		buf[sizeof(WalXactFinish) + 8 * sizeof(WalRelFile)];
	WalXactFinish f = {0};

	f.nrels = nrels;
	memcpy(buf, &f, sizeof(f));
	for (int i = 0; i < nrels; i++)
	{
		WalRelFile	wf = wal_relfile(rels[i]);

		memcpy(buf + sizeof(f) + (size_t) i * sizeof(wf), &wf, sizeof(wf));
	}
	redo(RM_XACT, op, xid, NULL, 0, buf, sizeof(f) + (size_t) nrels * sizeof(WalRelFile), start);
}

/* ---- invalid pages ---- */

static void
child_invalid_pages(const char *dir, int arg)
{
	static const char delta[8] = {0};
	static char page[BLCKSZ];
	RelFileLocator gone = rel(900001),
				shortf = rel(900002),
				many = rel(900003),
				kept = rel(900004);

	(void) arg;
	child_replay_env(dir);
	CHILD_CHECK(wal_redo_invalid_page_count() == 0);
	CHILD_CHECK(!smgr_exists(gone));

	/* A file that does not exist: delta and image skipped, remembered. */
	redo_block(delta_block(gone, 3, delta, 0), REDO_START);
	CHILD_CHECK(wal_redo_invalid_page_count() == 1);
	redo_block(delta_block(gone, 3, delta, 0), REDO_START + 64);
	CHILD_CHECK(wal_redo_invalid_page_count() == 1);	/* once per block */
	redo_block(image_block(gone, 4, page), REDO_START + 128);
	CHILD_CHECK(wal_redo_invalid_page_count() == 2);
	CHILD_CHECK(!smgr_exists(gone));	/* the image did not create it */

	/* A file that exists, a delta past its end: skipped, not extended. */
	redo_create(shortf);
	CHILD_CHECK(smgr_exists(shortf));
	CHILD_CHECK(smgr_nblocks(shortf) == 0);
	redo_block(delta_block(shortf, 2, delta, 0), REDO_START + 192);
	CHILD_CHECK(wal_redo_invalid_page_count() == 3);
	CHILD_CHECK(smgr_nblocks(shortf) == 0);

	/* More than the first allocation (16) of them. */
	for (BlockNumber b = 0; b < 20; b++)
		redo_block(delta_block(many, b, delta, 0), REDO_START + 256);
	CHILD_CHECK(wal_redo_invalid_page_count() == 23);
	/* and one on a file no record will drop */
	redo_block(delta_block(kept, 9, delta, 0), REDO_START + 320);
	CHILD_CHECK(wal_redo_invalid_page_count() == 24);

	/* A commit dropping two of the files forgets exactly their blocks. */
	TransactionId committer = 1000,
				aborter = 1001;
	RelFileLocator dropped[2] = {gone, many};

	redo_xact(WAL_XACT_COMMIT, committer, dropped, 2, REDO_START + 384);
	CHILD_CHECK(wal_redo_invalid_page_count() == 2);
	CHILD_CHECK(clog_get_status(committer) == CLOG_STATUS_COMMITTED);

	/* An abort dropping the file its transaction created: forgotten too,
	 * and the file is gone. */
	redo_xact(WAL_XACT_ABORT, aborter, &shortf, 1, REDO_START + 448);
	CHILD_CHECK(wal_redo_invalid_page_count() == 1);
	CHILD_CHECK(clog_get_status(aborter) == CLOG_STATUS_ABORTED);
	CHILD_CHECK(!smgr_exists(shortf));

	/* A commit without files changes nothing in the bookkeeping. */
	redo_xact(WAL_XACT_COMMIT, 1002, NULL, 0, REDO_START + 512);
	CHILD_CHECK(wal_redo_invalid_page_count() == 1);
	CHILD_CHECK(clog_get_status(1002) == CLOG_STATUS_COMMITTED);

	/* Dropping the last one: the end-of-recovery check passes. */
	redo_xact(WAL_XACT_COMMIT, 1003, &kept, 1, REDO_START + 576);
	CHILD_CHECK(wal_redo_invalid_page_count() == 0);
	wal_redo_check_invalid_pages();
	fprintf(stderr, "check passed\n");
	child_done();
}

static void
test_invalid_pages_forgotten(void **state)
{
	(void) state;
	assert_exited_ok(run_child_in(child_invalid_pages, cluster, 0), "invalid pages");
}

/* Leave invalid pages and run the end-of-recovery check. */
static void
child_invalid_pages_remain(const char *dir, int arg)
{
	static const char delta[8] = {0};
	char		log[600];

	(void) arg;
	child_log_path(log, sizeof(log), dir);
	child_log_to(log);
	child_replay_env(dir);
	redo_block(delta_block(rel(900011), 7, delta, 0), REDO_START);
	redo_block(delta_block(rel(900011), 8, delta, 0), REDO_START + 0x100000040ULL);
	CHILD_CHECK(wal_redo_invalid_page_count() == 2);
	wal_redo_check_invalid_pages();
	fprintf(stderr, "check passed\n");
}

static void
test_invalid_pages_remain(void **state)
{
	(void) state;
	char		log[600];

	child_log_path(log, sizeof(log), cluster);
	assert_child_killed(run_child_in(child_invalid_pages_remain, cluster, 0), SIGABRT,
						"invalid pages left");
	assert_log_has(log, "WARNING:  page 7 of relation 5/900011 was uninitialized "
				   "(record at 0/1234560)");
	assert_log_has(log, "WARNING:  page 8 of relation 5/900011 was uninitialized "
				   "(record at 1/12345A0)");
	assert_log_has(log, "PANIC:  WAL contains references to invalid pages");
	assert_log_lacks(log, "check passed");
	unlink(log);
}

/* ---- extension by an image, deltas after it ---- */

static void
child_extend_by_image(const char *dir, int arg)
{
	static char image[BLCKSZ];
	RelFileLocator rl = rel(900021);

	(void) arg;
	child_replay_env(dir);
	redo_create(rl);
	for (int i = 0; i < BLCKSZ; i++)
		image[i] = (char) (i * 7 + 1);

	/* Block 2 of an empty file: blocks 0..2 appear, 2 holds the image. */
	redo_block(image_block(rl, 2, image), REDO_START);
	CHILD_CHECK(wal_redo_invalid_page_count() == 0);
	CHILD_CHECK(smgr_nblocks(rl) == 3);

	Buffer		buf = bufmgr_read(rl, 2);
	const char *p = bufmgr_page(buf);

	CHILD_CHECK(page_get_lsn(p) == REDO_START + 64);
	CHILD_CHECK(memcmp(p + sizeof(XLogRecPtr), image + sizeof(XLogRecPtr),
					   BLCKSZ - sizeof(XLogRecPtr)) == 0);
	CHILD_CHECK(bufmgr_is_dirty(buf));
	bufmgr_release(buf);
	buf = bufmgr_read(rl, 1);
	CHILD_CHECK(page_is_new(bufmgr_page(buf)));
	bufmgr_release(buf);

	/* A delta recorded later applies; one older than the page does not. */
	char		d[sizeof(WalDeltaFragment) + 4];
	WalDeltaFragment f = {100, 4};

	memcpy(d, &f, sizeof(f));
	memcpy(d + sizeof(f), "ABCD", 4);
	redo_block(delta_block(rl, 2, d, sizeof(d)), REDO_START + 640);
	buf = bufmgr_read(rl, 2);
	p = bufmgr_page(buf);
	CHILD_CHECK(memcmp(p + 100, "ABCD", 4) == 0);
	CHILD_CHECK(page_get_lsn(p) == REDO_START + 640 + 64);
	bufmgr_release(buf);

	memcpy(d + sizeof(f), "wxyz", 4);
	redo_block(delta_block(rl, 2, d, sizeof(d)), REDO_START + 128);
	buf = bufmgr_read(rl, 2);
	p = bufmgr_page(buf);
	CHILD_CHECK(memcmp(p + 100, "ABCD", 4) == 0);
	CHILD_CHECK(page_get_lsn(p) == REDO_START + 640 + 64);
	bufmgr_release(buf);
	CHILD_CHECK(wal_redo_invalid_page_count() == 0);
	child_done();
}

static void
test_extend_by_image(void **state)
{
	(void) state;
	assert_exited_ok(run_child_in(child_extend_by_image, cluster, 0), "extend by image");
}

/* ---- checkpoint records ---- */

static void
child_checkpoint_counters(const char *dir, int arg)
{
	WalCheckpoint c;
	TransactionId xid0;
	Oid			oid0;

	(void) arg;
	child_replay_env(dir);
	xid0 = varsup_read_next_xid();
	oid0 = varsup_read_next_oid();

	memset(&c, 0, sizeof(c));
	c.next_xid = xid0 + 5000;
	c.next_oid = oid0 + 70000;
	redo(RM_XLOG, WAL_XLOG_CHECKPOINT_ONLINE, InvalidTransactionId, NULL, 0, &c, sizeof(c),
		 REDO_START);
	CHILD_CHECK(varsup_read_next_xid() == xid0 + 5000);
	CHILD_CHECK(varsup_read_next_oid() == oid0 + 70000);

	/* An older checkpoint (shutdown kind) never moves them back. */
	c.next_xid = xid0 + 10;
	c.next_oid = oid0 + 10;
	redo(RM_XLOG, WAL_XLOG_CHECKPOINT_SHUTDOWN, InvalidTransactionId, NULL, 0, &c, sizeof(c),
		 REDO_START + 64);
	CHILD_CHECK(varsup_read_next_xid() == xid0 + 5000);
	CHILD_CHECK(varsup_read_next_oid() == oid0 + 70000);

	/* Other XLOG records carry no counters: the same bytes change nothing. */
	c.next_xid = xid0 + 90000;
	redo(RM_XLOG, WAL_XLOG_END_OF_RECOVERY, InvalidTransactionId, NULL, 0, &c, sizeof(c),
		 REDO_START + 128);
	CHILD_CHECK(varsup_read_next_xid() == xid0 + 5000);
	child_done();
}

static void
test_checkpoint_counters(void **state)
{
	(void) state;
	assert_exited_ok(run_child_in(child_checkpoint_counters, cluster, 0), "checkpoint counters");
}

/* ---- records that make no sense: PANIC ---- */

typedef enum BadRecord
{
	BAD_XACT_SHORT,
	BAD_XACT_NRELS,
	BAD_XACT_NEGATIVE,
	BAD_CHECKPOINT_SIZE,
	BAD_SMGR_SIZE,
	BAD_RMID,
	BAD_COUNT
} BadRecord;

static void
child_bad_record(const char *dir, int arg)
{
	char		log[600];
	char		buf[64];
	WalXactFinish f;

	child_log_path(log, sizeof(log), dir);
	child_log_to(log);
	child_replay_env(dir);
	memset(buf, 0, sizeof(buf));
	memset(&f, 0, sizeof(f));
	switch ((BadRecord) arg)
	{
		case BAD_XACT_SHORT:
			redo(RM_XACT, WAL_XACT_COMMIT, 1000, NULL, 0, buf, 4, REDO_START);
			break;
		case BAD_XACT_NRELS:
			f.nrels = 3;		/* room for one */
			memcpy(buf, &f, sizeof(f));
			redo(RM_XACT, WAL_XACT_COMMIT, 1000, NULL, 0, buf,
				 sizeof(f) + sizeof(WalRelFile), REDO_START);
			break;
		case BAD_XACT_NEGATIVE:
			f.nrels = -1;
			memcpy(buf, &f, sizeof(f));
			redo(RM_XACT, WAL_XACT_ABORT, 1000, NULL, 0, buf, sizeof(f), REDO_START);
			break;
		case BAD_CHECKPOINT_SIZE:
			redo(RM_XLOG, WAL_XLOG_CHECKPOINT_ONLINE, 0, NULL, 0, buf, 8, REDO_START);
			break;
		case BAD_SMGR_SIZE:
			redo(RM_SMGR, WAL_SMGR_CREATE, 0, NULL, 0, buf, 4, REDO_START);
			break;
		case BAD_RMID:
			redo(RM_MAX_ID + 5, 0, 0, NULL, 0, NULL, 0, REDO_START);
			break;
		case BAD_COUNT:
			break;
	}
	fprintf(stderr, "record accepted\n");
}

static void
test_bad_records_panic(void **state)
{
	(void) state;
	static const char *const want[BAD_COUNT] = {
		[BAD_XACT_SHORT] = "PANIC:  invalid transaction record: 4 bytes",
		[BAD_XACT_NRELS] = "PANIC:  invalid transaction record: 3 relations in 24 bytes",
		[BAD_XACT_NEGATIVE] = "PANIC:  invalid transaction record: -1 relations in 16 bytes",
		[BAD_CHECKPOINT_SIZE] = "PANIC:  invalid checkpoint record: 8 bytes",
		[BAD_SMGR_SIZE] = "PANIC:  invalid file creation record: 4 bytes",
		[BAD_RMID] = "PANIC:  invalid resource manager ID 9 in WAL record at 0/1234560",
	};
	char		log[600];

	child_log_path(log, sizeof(log), cluster);
	for (int i = 0; i < BAD_COUNT; i++)
	{
		assert_child_killed(run_child_in(child_bad_record, cluster, i), SIGABRT, want[i]);
		assert_log_has(log, want[i]);
		assert_log_lacks(log, "record accepted");
	}
	unlink(log);
}

static int
setup(void **state)
{
	(void) state;
	cluster = standalone_temp_datadir("redo");
	assert_exited_ok(run_child_in(child_create, cluster, 0), "create");
	return 0;
}

static int
teardown(void **state)
{
	(void) state;
	standalone_remove_datadir(cluster);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_invalid_pages_forgotten),
		cmocka_unit_test(test_invalid_pages_remain),
		cmocka_unit_test(test_extend_by_image),
		cmocka_unit_test(test_checkpoint_counters),
		cmocka_unit_test(test_bad_records_panic),
	};

	memctx_init();
	guc_init();
	return cmocka_run_group_tests(tests, setup, teardown);
}
