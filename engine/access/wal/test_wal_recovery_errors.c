/*-------------------------------------------------------------------------
 * test_wal_recovery_errors.c
 *	  Unit tests of the replay loop (walrecovery.c) on clusters whose WAL
 *	  or pg_control is not what a crash leaves: what recovery logs, and
 *	  when it refuses to go on.
 *
 * What:
 *	- a WAL record after a shutdown checkpoint (pg_control "shut down"):
 *	  logged as "unexpected WAL record after the shutdown checkpoint at
 *	  X/Y" and replayed (the commit it holds is in CLOG afterwards);
 *	- pg_control naming a record that is not a checkpoint, or a place
 *	  with no record: PANIC "could not locate a valid checkpoint record"
 *	  with the reason in DETAIL;
 *	- a checkpoint record whose redo point holds no record: PANIC "could
 *	  not find redo location X/Y referenced by checkpoint record";
 *	- a record that passes its CRC but cannot be decoded (nblocks 9, CRC
 *	  recomputed): PANIC "invalid WAL record at X/Y: too many block
 *	  references (block 9)";
 *	- the WAL segment holding the checkpoint cannot be read (replaced by
 *	  a directory: pread fails with EISDIR): FATAL (exit 1) with
 *	  PostgreSQL's "could not read from WAL segment" message and no replay;
 *	  with the segment back, recovery replays the same WAL completely;
 *	- with fsync on, recovery first fsyncs the data directory: a symbolic
 *	  link is skipped, a file that cannot be opened (a Unix socket) is
 *	  logged and skipped, and replay goes on; (fault builds) a failing
 *	  fsync is a PANIC naming the file;
 *	- the postmaster dying during replay: the startup process exits 1
 *	  without finishing ("redo done" is never logged).
 * How: a child creates a cluster, checkpoints, writes the situation
 * (records inserted with wal_insert_simple, pg_control changed with
 * controlfile_update) and SIGKILLs itself; the parent may then edit the
 * files; a second child recovers (standalone_init) with its stderr in a
 * log file that the parent reads; a PANIC is SIGABRT.
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "access/transam/checkpoint.h"
#include "access/transam/clog.h"
#include "access/transam/controlfile.h"
#include "access/transam/test_child_log.h"
#include "access/wal/wal.h"
#include "access/wal/walformat.h"
#include "access/wal/walinsert.h"
#include "postmaster/standalone.h"
#include "postmaster/test_child.h"
#include "storage/ipc/proc.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/interrupt.h"
#include "utils/memctx.h"
#include "utils/test_crc32c_ref.h"

#define MARK_XID	((TransactionId) 777)	/* committed by a hand-made record */

typedef struct ChildReport
{
	XLogRecPtr	rec_start;		/* the record the situation is about */
	XLogRecPtr	rec_end;
	XLogRecPtr	redo;			/* a redo pointer written by hand */
	int			mark_status;	/* CLOG of MARK_XID after recovery */
} ChildReport;

static ChildReport *report;

typedef enum Situation
{
	S_CRASH,					/* commit record for MARK_XID, crash */
	S_RECORD_AFTER_SHUTDOWN,	/* the same after a shutdown checkpoint */
	S_NOT_A_CHECKPOINT,			/* pg_control names the commit record */
	S_NO_CHECKPOINT,			/* pg_control names a place with no record */
	S_BOGUS_REDO,				/* a checkpoint record whose redo has none */
	S_HEAP_RECORD,				/* a heap record, edited later */
} Situation;

static void
set_checkpoint(ControlFileData *cf, void *arg)
{
	const XLogRecPtr *lsns = arg;

	cf->checkpoint_lsn = lsns[0];
	cf->redo_lsn = lsns[1];
	cf->state = DB_IN_PRODUCTION;
}

static XLogRecPtr
insert_commit(TransactionId xid)
{
	WalXactFinish f = {0};
	XLogRecPtr	end = wal_insert_simple(RM_XACT, WAL_XACT_COMMIT, xid, &f, sizeof(f),
										&report->rec_start);

	wal_flush(end);
	report->rec_end = end;
	return end;
}

static void
child_make(const char *dir, int arg)
{
	memctx_init();
	guc_init();
	guc_fsync = false;			/* process crashes only */
	guc_log_checkpoints = false;
	guc_max_connections = 4;
	standalone_init(dir, true);
	checkpoint_perform(CHECKPOINT_IMMEDIATE | CHECKPOINT_FORCE);
	switch ((Situation) arg)
	{
		case S_CRASH:
			insert_commit(MARK_XID);
			break;
		case S_RECORD_AFTER_SHUTDOWN:
			checkpoint_perform(CHECKPOINT_IS_SHUTDOWN | CHECKPOINT_IMMEDIATE);
			insert_commit(MARK_XID);
			break;
		case S_NOT_A_CHECKPOINT:
			{
				insert_commit(MARK_XID);

				XLogRecPtr	lsns[2] = {report->rec_start, report->rec_start};

				controlfile_update(set_checkpoint, lsns);
				break;
			}
		case S_NO_CHECKPOINT:
			{
				insert_commit(MARK_XID);

				XLogRecPtr	lsns[2] = {report->rec_end, report->rec_end};

				controlfile_update(set_checkpoint, lsns);
				break;
			}
		case S_BOGUS_REDO:
			{
				WalCheckpoint c;
				XLogRecPtr	start;

				memset(&c, 0, sizeof(c));
				c.redo = WAL_ALIGN(wal_insert_position() + 3 * WAL_PAGE_SIZE + 40);
				c.timeline = WAL_TIMELINE;
				c.next_xid = 1000;
				c.next_oid = 20000;
				wal_flush(wal_insert_simple(RM_XLOG, WAL_XLOG_CHECKPOINT_ONLINE,
											InvalidTransactionId, &c, sizeof(c), &start));

				XLogRecPtr	lsns[2] = {start, c.redo};

				controlfile_update(set_checkpoint, lsns);
				report->redo = c.redo;
				report->rec_start = start;
				break;
			}
		case S_HEAP_RECORD:
			{
				char		data[16];

				memset(data, 0x5A, sizeof(data));
				report->rec_end = wal_insert_simple(RM_HEAP, WAL_HEAP_INSERT, InvalidTransactionId,
													data, sizeof(data), &report->rec_start);
				wal_flush(report->rec_end);
				break;
			}
	}
	crash_now();
}

/* Options of a recovery run. */
enum
{
	R_FSYNC = 1,				/* guc_fsync on: the data directory is fsync'd */
	R_PM_DEATH = 2,				/* the postmaster is gone */
	R_FSYNC_FAULT = 4,			/* fault builds: every fsync fails */
};

static void
child_recover(const char *dir, int flags)
{
	char		log[600];

	child_log_path(log, sizeof(log), dir);
	child_log_to(log);
	memctx_init();
	guc_init();
	guc_fsync = (flags & (R_FSYNC | R_FSYNC_FAULT)) != 0;
	guc_log_checkpoints = false;
	guc_max_connections = 4;
	if (flags & R_FSYNC_FAULT)
	{
		/* Read by fault_process_init in a standalone process. */
		MyBackendType = B_STANDALONE;
		setenv("MINIPG_FAULTS", "storage/file/fsync error errno=EIO persistent", 1);
	}
	if (flags & R_PM_DEATH)
		PostmasterDeathPending = 1;
	standalone_init(dir, false);
	report->mark_status = clog_get_status(MARK_XID);
	fprintf(stderr, "recovered\n");
	child_done();
}

/* A fresh cluster in the given situation (its child died by SIGKILL). */
static char *
make_cluster(Situation s)
{
	char	   *dir = standalone_temp_datadir("recerr");

	memset(report, 0, sizeof(*report));
	assert_child_killed(run_child_in(child_make, dir, (int) s), SIGKILL, "make cluster");
	return dir;
}

static void
lsn_text(char *buf, size_t len, XLogRecPtr lsn)
{
	snprintf(buf, len, "%X/%X", LSN_FORMAT_ARGS(lsn));
}

/* ---- tests ---- */

static void
test_record_after_shutdown_checkpoint(void **state)
{
	(void) state;
	char	   *dir = make_cluster(S_RECORD_AFTER_SHUTDOWN);
	char		log[600],
				want[200],
				at[40];

	child_log_path(log, sizeof(log), dir);
	assert_exited_ok(run_child_in(child_recover, dir, 0), "recover");
	lsn_text(at, sizeof(at), report->rec_start);
	snprintf(want, sizeof(want), "LOG:  unexpected WAL record after the shutdown checkpoint at %s",
			 at);
	assert_log_has(log, want);
	assert_log_has(log, "LOG:  redo starts at ");
	assert_log_has(log, "recovered");
	assert_int_equal(report->mark_status, CLOG_STATUS_COMMITTED);
	remove_datadir_and_log(dir);

	/* After an online checkpoint the same record replays without that LOG. */
	dir = make_cluster(S_CRASH);
	child_log_path(log, sizeof(log), dir);
	assert_exited_ok(run_child_in(child_recover, dir, 0), "recover plain crash");
	assert_log_lacks(log, "unexpected WAL record");
	assert_log_has(log, "LOG:  redo starts at ");
	assert_int_equal(report->mark_status, CLOG_STATUS_COMMITTED);
	remove_datadir_and_log(dir);
}

static void
test_no_valid_checkpoint(void **state)
{
	(void) state;
	char	   *dir = make_cluster(S_NOT_A_CHECKPOINT);
	char		log[600],
				want[300],
				at[40];

	child_log_path(log, sizeof(log), dir);
	assert_child_killed(run_child_in(child_recover, dir, 0), SIGABRT, "not a checkpoint");
	assert_log_has(log, "PANIC:  could not locate a valid checkpoint record");
	lsn_text(at, sizeof(at), report->rec_start);
	snprintf(want, sizeof(want), "DETAIL:  The checkpoint record at %s is not a checkpoint record.",
			 at);
	assert_log_has(log, want);
	assert_log_lacks(log, "redo starts");
	remove_datadir_and_log(dir);

	dir = make_cluster(S_NO_CHECKPOINT);
	child_log_path(log, sizeof(log), dir);
	assert_child_killed(run_child_in(child_recover, dir, 0), SIGABRT, "no record");
	assert_log_has(log, "PANIC:  could not locate a valid checkpoint record");
	lsn_text(at, sizeof(at), report->rec_end);
	snprintf(want, sizeof(want), "DETAIL:  The checkpoint record at %s is invalid record length "
			 "at %s: wanted 24, got 0.", at, at);
	assert_log_has(log, want);
	remove_datadir_and_log(dir);
}

static void
test_redo_location_missing(void **state)
{
	(void) state;
	char	   *dir = make_cluster(S_BOGUS_REDO);
	char		log[600],
				want[300],
				at[40];

	child_log_path(log, sizeof(log), dir);
	assert_child_killed(run_child_in(child_recover, dir, 0), SIGABRT, "bogus redo");
	lsn_text(at, sizeof(at), report->redo);
	snprintf(want, sizeof(want), "PANIC:  could not find redo location %s referenced by "
			 "checkpoint record", at);
	assert_log_has(log, want);
	assert_log_has(log, "DETAIL:  invalid ");
	assert_log_lacks(log, "redo starts");
	remove_datadir_and_log(dir);
}

/* ---- editing a record in its segment file ---- */


static void
segment_path(char *path, size_t len, const char *dir, XLogRecPtr lsn)
{
	char		name[WAL_FILE_NAME_LEN + 1];

	wal_file_name(name, WAL_TIMELINE, wal_segno(lsn));
	snprintf(path, len, "%s/pg_wal/%s", dir, name);
}

static void
test_undecodable_record(void **state)
{
	(void) state;
	char	   *dir = make_cluster(S_HEAP_RECORD);
	char		log[600],
				path[700],
				want[200],
				at[40];
	XLogRecPtr	start = report->rec_start;
	uint32_t	tot_len = (uint32_t) (report->rec_end - start);	/* 24 + 16: aligned */
	char		rec[64];

	/* The record lies within one page (checked): edit it in place. */
	assert_int_equal(tot_len, sizeof(WalRecordHeader) + 16);
	assert_true(start / WAL_PAGE_SIZE == (start + tot_len - 1) / WAL_PAGE_SIZE);
	segment_path(path, sizeof(path), dir, start);

	int			fd = open(path, O_RDWR);

	assert_true(fd >= 0);
	assert_int_equal(pread(fd, rec, tot_len, (off_t) (start % WAL_SEGMENT_SIZE)), tot_len);

	WalRecordHeader h;

	memcpy(&h, rec, sizeof(h));
	assert_int_equal(h.tot_len, tot_len);
	assert_int_equal(h.rmid, RM_HEAP);
	h.nblocks = WAL_MAX_BLOCKS + 1;
	h.crc = ref_crc32c(0xFFFFFFFFu, rec + sizeof(h), tot_len - sizeof(h));
	h.crc = ref_crc32c(h.crc, &h, offsetof(WalRecordHeader, crc)) ^ 0xFFFFFFFFu;
	memcpy(rec, &h, sizeof(h));
	assert_int_equal(pwrite(fd, rec, tot_len, (off_t) (start % WAL_SEGMENT_SIZE)), tot_len);
	close(fd);

	child_log_path(log, sizeof(log), dir);
	assert_child_killed(run_child_in(child_recover, dir, 0), SIGABRT, "undecodable");
	lsn_text(at, sizeof(at), start);
	snprintf(want, sizeof(want), "PANIC:  invalid WAL record at %s: too many block references "
			 "(block 9)", at);
	assert_log_has(log, want);
	assert_log_has(log, "LOG:  redo starts at ");
	assert_log_lacks(log, "redo done");
	remove_datadir_and_log(dir);
}

static void
test_unreadable_segment(void **state)
{
	(void) state;
	char	   *dir = make_cluster(S_CRASH);
	char		log[600],
				path[700],
				saved[720];
	int			status;

	segment_path(path, sizeof(path), dir, report->rec_start);
	snprintf(saved, sizeof(saved), "%s.saved", path);
	assert_int_equal(rename(path, saved), 0);
	assert_int_equal(mkdir(path, 0700), 0);

	child_log_path(log, sizeof(log), dir);
	status = run_child_in(child_recover, dir, 0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
	assert_log_has(log, "FATAL:  could not read from WAL segment 000000010000000000000001, LSN ");
	assert_log_has(log, ": Is a directory");
	assert_log_lacks(log, "redo starts");
	assert_log_lacks(log, "recovered");

	/* Nothing was written: with the segment back, all of it replays. */
	assert_int_equal(rmdir(path), 0);
	assert_int_equal(rename(saved, path), 0);
	assert_exited_ok(run_child_in(child_recover, dir, 0), "recover after");
	assert_log_has(log, "recovered");
	assert_int_equal(report->mark_status, CLOG_STATUS_COMMITTED);
	remove_datadir_and_log(dir);
}

static void
test_sync_data_directory(void **state)
{
	(void) state;
	char	   *dir = make_cluster(S_CRASH);
	char		log[600],
				path[700];
	struct sockaddr_un sa;

	/* A dangling symbolic link and a socket among the relation files. */
	snprintf(path, sizeof(path), "%s/base/dangling", dir);
	assert_int_equal(symlink("/nonexistent/minipg-test", path), 0);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/base/sock", dir);
	assert_true(strlen(sa.sun_path) < sizeof(sa.sun_path) - 1);

	int			s = socket(AF_UNIX, SOCK_STREAM, 0);

	assert_true(s >= 0);
	assert_int_equal(bind(s, (struct sockaddr *) &sa, sizeof(sa)), 0);
	close(s);

	child_log_path(log, sizeof(log), dir);
	assert_exited_ok(run_child_in(child_recover, dir, R_FSYNC), "recover with fsync");
	assert_log_has(log, "LOG:  could not open file \"base/sock\": No such device or address");
	assert_log_lacks(log, "dangling");
	assert_log_has(log, "LOG:  redo done at ");
	assert_log_has(log, "recovered");
	assert_int_equal(report->mark_status, CLOG_STATUS_COMMITTED);
	remove_datadir_and_log(dir);
}

#ifdef MINIPG_FAULTS
static void
test_sync_data_directory_fsync_fails(void **state)
{
	(void) state;
	char	   *dir = make_cluster(S_CRASH);
	char		log[600];

	child_log_path(log, sizeof(log), dir);
	assert_child_killed(run_child_in(child_recover, dir, R_FSYNC_FAULT), SIGABRT, "fsync fails");
	/* nftw visits global first, files before their directory. */
	assert_log_has(log, "PANIC:  could not fsync file \"global/pg_control\": Input/output error");
	assert_log_lacks(log, "redo starts");
	remove_datadir_and_log(dir);
}
#endif

static void
test_postmaster_death_during_replay(void **state)
{
	(void) state;
	char	   *dir = make_cluster(S_CRASH);
	char		log[600];
	int			status;

	child_log_path(log, sizeof(log), dir);
	status = run_child_in(child_recover, dir, R_PM_DEATH);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
	assert_log_has(log, "LOG:  redo starts at ");
	assert_log_lacks(log, "redo done");
	assert_log_lacks(log, "recovered");
	remove_datadir_and_log(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_after_shutdown_checkpoint),
		cmocka_unit_test(test_no_valid_checkpoint),
		cmocka_unit_test(test_redo_location_missing),
		cmocka_unit_test(test_undecodable_record),
		cmocka_unit_test(test_unreadable_segment),
		cmocka_unit_test(test_sync_data_directory),
#ifdef MINIPG_FAULTS
		cmocka_unit_test(test_sync_data_directory_fsync_fails),
#endif
		cmocka_unit_test(test_postmaster_death_during_replay),
	};

	memctx_init();
	guc_init();
	report = shared_with_children(sizeof(ChildReport));
	return cmocka_run_group_tests(tests, NULL, NULL);
}
