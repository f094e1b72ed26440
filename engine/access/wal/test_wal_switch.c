/*-------------------------------------------------------------------------
 * test_wal_switch.c
 *	  Unit tests for wal_switch_segment (pg_switch_wal, archive_timeout):
 *	- a switch ends the segment exactly: the insert position is the next
 *	  segment's start, the returned LSN (end of the first SWITCH record)
 *	  lies in the old segment, and a second switch with nothing inserted
 *	  is a no-op returning that position, as in PostgreSQL;
 *	- with fewer bytes left than a record header (8), the one filler record
 *	  spills into the next segment and the old one is still complete
 *	  (written past its end);
 *	- the reader walks every record across the switches without a gap, and
 *	  crash recovery replays through them: the rows committed before,
 *	  between and after the switches are all there.
 * How: the engine runs in forked children (standalone_init in a temporary
 * data directory); the first one works and SIGKILLs itself, the second
 * recovers.  The 8-byte leftover is produced by sizing one record from
 * the page arithmetic of walformat.h.
 *-------------------------------------------------------------------------
 */
#include "sql/test_sql_common.h"


#include "access/transam/checkpoint.h"
#include "access/wal/wal.h"
#include "access/wal/walformat.h"
#include "access/wal/walinsert.h"
#include "access/wal/walreader.h"
#include "postmaster/test_child.h"

typedef struct Report
{
	XLogRecPtr	end;			/* insert position when the worker crashed */
} Report;

static Report *report;

static void
child_start(const char *dir, bool create)
{
	bool		superuser;

	memctx_init();
	guc_init();
	guc_fsync = false;
	guc_log_checkpoints = false;
	guc_max_connections = 4;
	standalone_init(dir, create);
	if (create)
	{
		xact_start_command();
		catalog_bootstrap("postgres");
		xact_commit_command();
		checkpoint_perform(CHECKPOINT_IMMEDIATE | CHECKPOINT_FORCE);
	}
	xact_start_command();
	catalog_session_init("postgres", "postgres", &superuser);
	xact_commit_command();
	sql_session_init();
}

static void
child_sql(const char *query, const char *expected)
{
	char	   *got = sql_run(query);

	if (strcmp(got, expected) != 0)
	{
		fprintf(stderr, "query: %s\nexpected:\n%s\ngot:\n%s\n", query, expected, got);
		_exit(3);
	}
}

/* Record bytes (page headers excluded) left in pos's segment. */
static uint64_t
room_left(XLogRecPtr pos)
{
	XLogRecPtr	seg_end = wal_segment_start(wal_segno(pos) + 1);
	XLogRecPtr	first_page = (pos + WAL_PAGE_SIZE - 1) / WAL_PAGE_SIZE * WAL_PAGE_SIZE;

	return seg_end - pos - (seg_end - first_page) / WAL_PAGE_SIZE * sizeof(WalPageHeader);
}

static void
worker(const char *dir, int arg)
{
	static char filler[60000];
	uint64_t	seg;

	(void) arg;
	child_start(dir, true);
	child_sql("create table t (a int)", "CREATE TABLE");
	child_sql("insert into t values (1)", "INSERT 0 1");

	/* A plain switch. */
	seg = wal_segno(wal_insert_position());
	XLogRecPtr	ret = wal_switch_segment();

	CHILD_CHECK(wal_insert_position() == wal_segment_start(seg + 1));
	CHILD_CHECK(wal_segno(ret) == seg && ret < wal_insert_position());
	CHILD_CHECK(wal_written_upto() >= wal_segment_start(seg + 1));
	/* Nothing inserted since: no-op. */
	CHILD_CHECK(wal_switch_segment() == wal_segment_start(seg + 1));
	CHILD_CHECK(wal_insert_position() == wal_segment_start(seg + 1));
	child_sql("insert into t values (2)", "INSERT 0 1");

	/* Leave exactly 8 record bytes in the segment, then switch. */
	seg = wal_segno(wal_insert_position());
	while (room_left(wal_insert_position()) > sizeof(filler) + 2 * WAL_PAGE_SIZE)
		(void) wal_insert_simple(RM_XLOG, WAL_XLOG_FPI, InvalidTransactionId, filler,
								 sizeof(filler), NULL);
	uint64_t	room = room_left(wal_insert_position());
	size_t		len = (size_t) (room - 8 - sizeof(WalRecordHeader));

	CHILD_CHECK(len % 8 == 0);
	(void) wal_insert_simple(RM_XLOG, WAL_XLOG_FPI, InvalidTransactionId, filler, len, NULL);
	CHILD_CHECK(wal_segno(wal_insert_position()) == seg);
	CHILD_CHECK(room_left(wal_insert_position()) == 8);
	(void) wal_switch_segment();
	CHILD_CHECK(wal_segno(wal_insert_position()) == seg + 1);
	CHILD_CHECK(wal_written_upto() > wal_segment_start(seg + 1));
	child_sql("insert into t values (3)", "INSERT 0 1");
	wal_flush(wal_insert_position());
	report->end = wal_insert_position();
	crash_now();
}

static void
recoverer(const char *dir, int arg)
{
	(void) arg;
	child_start(dir, false);
	child_sql("select count(*), sum(a) from t", "count|sum\n3|6\nSELECT 1");
}

static void
test_switch_and_recover(void **state)
{
	char	   *dir = standalone_temp_datadir("walswitch");
	char		waldir[1100];
	WalReader	r;
	int			switches = 0;
	XLogRecPtr	prev_end = InvalidXLogRecPtr;

	(void) state;
	assert_child_killed(run_child_in(worker, dir, 0), SIGKILL, "worker");

	/* The reader: every record, back to back, through both switches. */
	snprintf(waldir, sizeof(waldir), "%s/pg_wal", dir);
	walreader_init(&r, waldir, 0);
	for (const WalRecordHeader *h = walreader_read(&r, wal_segment_start(WAL_FIRST_SEGMENT) +
												   sizeof(WalLongPageHeader));
		 h != NULL; h = walreader_read(&r, InvalidXLogRecPtr))
	{
		if (prev_end != InvalidXLogRecPtr)
		{
			XLogRecPtr	expect = prev_end;

			if (expect % WAL_PAGE_SIZE == 0)
				expect += wal_page_header_size(expect);
			assert_int_equal(r.read_ptr, expect);
		}
		prev_end = r.end_ptr;
		switches += h->rmid == RM_XLOG && (h->info & 0xF0) == WAL_XLOG_SWITCH;
	}
	assert_int_equal(r.end_ptr, report->end);
	assert_true(switches >= 3);
	walreader_close(&r);

	assert_exited_ok(run_child_in(recoverer, dir, 0), "recovery");
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_switch_and_recover),
	};

	report = shared_with_children(sizeof(Report));
	return cmocka_run_group_tests(tests, NULL, NULL);
}
