/*-------------------------------------------------------------------------
 * test_controlfile.c
 *	  Unit tests of global/pg_control (controlfile.c): the format
 *	  controlfile.h describes, every way reading it can fail, and the
 *	  failures of loading and writing it in a running engine.
 *
 * What:
 *	- dbstate_name: PostgreSQL's text for each DBState (what
 *	  pg_controldata prints), and "unrecognized status code" for a value
 *	  outside the enum (a damaged file);
 *	- a fresh file (controlfile_create): 8192 bytes, the struct at offset
 *	  0 and zeroes after it, version 1501, state "shut down", BLCKSZ, the
 *	  xid/oid counters and reservations it was given, and a CRC-32C that
 *	  an independent bit-by-bit CRC of every byte before the crc field
 *	  reproduces; controlfile_read_file returns exactly those bytes;
 *	- controlfile_read_file refuses, with the exact message, a missing
 *	  file, files shorter than the struct (0 bytes, 1 byte, one byte
 *	  short), a wrong PG_CONTROL_VERSION (under a valid CRC, so it is the
 *	  version check that fires), a bit flipped in any of several fields or
 *	  in the CRC itself, and a BLCKSZ of 4096 under a valid CRC;
 *	- in a running engine: controlfile_update changes the shared copy and
 *	  the file identically; loading a damaged file at startup is FATAL
 *	  (exit 1, SQLSTATE-carrying message in the log) and a missing one too;
 *	  writing when the file has disappeared, when it already exists at
 *	  creation, and (fault builds) when the write or the fsync fails, is a
 *	  PANIC with PostgreSQL's message.
 * How: file checks run in the test process in a temporary directory;
 * engine checks run in forked children (standalone_init) whose stderr is
 * a log file the parent reads (test_child_log.h); a PANIC is SIGABRT.
 * Damaged files are made here by editing the bytes controlfile.h lays out
 * and recomputing the CRC with the independent routine.
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "access/transam/controlfile.h"
#include "access/transam/varsup.h"
#include "postmaster/standalone.h"
#include "postmaster/test_child.h"
#include "access/transam/test_child_log.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"
#include "utils/test_crc32c_ref.h"

#ifdef MINIPG_FAULTS
#include <fiu-control.h>

#include "faults/fault_control.h"
#endif


static void
fix_crc(ControlFileData *cf)
{
	cf->crc = ref_crc32c(0xFFFFFFFFu, cf, offsetof(ControlFileData, crc)) ^ 0xFFFFFFFFu;
}

/* ---- files in a scratch directory ---- */

static char *
control_path(const char *dir)
{
	static char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, CONTROL_FILE_PATH);
	return path;
}

/* A fresh cluster directory holding only global/pg_control. */
static char *
make_control_dir(TransactionId next_xid, Oid next_oid)
{
	char	   *dir = standalone_temp_datadir("ctl");
	char		gdir[512];
	char		cwd[1024];

	snprintf(gdir, sizeof(gdir), "%s/global", dir);
	assert_int_equal(mkdir(gdir, 0700), 0);
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);
	controlfile_create(next_xid, next_oid);
	assert_int_equal(chdir(cwd), 0);
	return dir;
}

static void
write_bytes(const char *path, const void *bytes, size_t len)
{
	int			fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, bytes, len), (ssize_t) len);
	close(fd);
}

static void
read_struct(const char *path, ControlFileData *cf)
{
	int			fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(read(fd, cf, sizeof(*cf)), (ssize_t) sizeof(*cf));
	close(fd);
}

/* Replace the file by cf followed by zeroes (a whole 8 kB file). */
static void
write_struct(const char *path, const ControlFileData *cf)
{
	char		buf[PG_CONTROL_FILE_SIZE];

	memset(buf, 0, sizeof(buf));
	memcpy(buf, cf, sizeof(*cf));
	write_bytes(path, buf, sizeof(buf));
}

/* controlfile_read_file must fail with exactly want. */
static void
assert_read_fails(const char *dir, const char *want)
{
	ControlFileData out;
	char		err[1200];

	err[0] = '\0';
	assert_false(controlfile_read_file(dir, &out, err, sizeof(err)));
	assert_string_equal(err, want);
}

/* ---- tests ---- */

static void
test_dbstate_names(void **state)
{
	(void) state;
	/* PostgreSQL's dbState() texts, as pg_controldata prints them. */
	assert_string_equal(dbstate_name(DB_STARTUP), "starting up");
	assert_string_equal(dbstate_name(DB_SHUTDOWNED), "shut down");
	assert_string_equal(dbstate_name(DB_SHUTDOWNED_IN_RECOVERY), "shut down in recovery");
	assert_string_equal(dbstate_name(DB_SHUTDOWNING), "shutting down");
	assert_string_equal(dbstate_name(DB_IN_CRASH_RECOVERY), "in crash recovery");
	assert_string_equal(dbstate_name(DB_IN_ARCHIVE_RECOVERY), "in archive recovery");
	assert_string_equal(dbstate_name(DB_IN_PRODUCTION), "in production");
	assert_string_equal(dbstate_name((DBState) 7), "unrecognized status code");
	assert_string_equal(dbstate_name((DBState) 0x7FFFFFFF), "unrecognized status code");
}

static void
test_fresh_file_format(void **state)
{
	(void) state;
	char	   *dir = make_control_dir(1234, 56789);
	const char *path = control_path(dir);
	struct stat st;
	unsigned char buf[PG_CONTROL_FILE_SIZE];
	ControlFileData cf,
				got;
	char		err[1200];

	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, PG_CONTROL_FILE_SIZE);

	int			fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(read(fd, buf, sizeof(buf)), (ssize_t) sizeof(buf));
	close(fd);
	for (size_t i = sizeof(ControlFileData); i < sizeof(buf); i++)
		if (buf[i] != 0)
			fail_msg("byte %zu after the struct is %u, not 0", i, buf[i]);
	memcpy(&cf, buf, sizeof(cf));
	assert_int_equal(cf.pg_control_version, PG_CONTROL_VERSION);
	assert_int_equal(cf.state, DB_SHUTDOWNED);
	assert_int_equal(cf.blcksz, BLCKSZ);
	assert_int_equal(cf.name_data_len, NAMEDATALEN);
	assert_int_equal(cf.timeline, 1);
	assert_int_equal(cf.next_xid, 1234);
	assert_int_equal(cf.xid_reserved_until, 1234);
	assert_int_equal(cf.next_oid, 56789);
	assert_int_equal(cf.oid_reserved_until, 56789);
	assert_int_equal(cf.checkpoint_lsn, InvalidXLogRecPtr);
	assert_true(cf.system_identifier != 0);
	assert_int_equal(cf.crc, ref_crc32c(0xFFFFFFFFu, &cf, offsetof(ControlFileData, crc)) ^ 0xFFFFFFFFu);

	assert_true(controlfile_read_file(dir, &got, err, sizeof(err)));
	assert_memory_equal(&got, &cf, sizeof(cf));

	/* Two clusters never share a system identifier. */
	char	   *dir2 = make_control_dir(1234, 56789);

	read_struct(control_path(dir2), &got);
	assert_true(got.system_identifier != cf.system_identifier);
	standalone_remove_datadir(dir2);
	standalone_remove_datadir(dir);
}

static void
test_read_errors(void **state)
{
	(void) state;
	char	   *dir = make_control_dir(FirstNormalTransactionId, FirstNormalObjectId);
	char		path[512];
	char		want[1500];
	ControlFileData good,
				cf;

	snprintf(path, sizeof(path), "%s", control_path(dir));
	read_struct(path, &good);

	/* Missing. */
	assert_int_equal(unlink(path), 0);
	snprintf(want, sizeof(want), "could not open file \"%s\": No such file or directory", path);
	assert_read_fails(dir, want);

	/* Shorter than the struct: empty, one byte, one byte short. */
	snprintf(want, sizeof(want), "could not read file \"%s\": file is too short", path);
	write_bytes(path, &good, 0);
	assert_read_fails(dir, want);
	write_bytes(path, &good, 1);
	assert_read_fails(dir, want);
	write_bytes(path, &good, sizeof(good) - 1);
	assert_read_fails(dir, want);
	/* Exactly the struct (no zero tail) is enough to read. */
	write_bytes(path, &good, sizeof(good));
	{
		char		err[1200];

		assert_true(controlfile_read_file(dir, &cf, err, sizeof(err)));
		assert_memory_equal(&cf, &good, sizeof(cf));
	}

	/* A version from another release, with a CRC that matches it. */
	cf = good;
	cf.pg_control_version = 1300;
	fix_crc(&cf);
	write_struct(path, &cf);
	assert_read_fails(dir, "database files are incompatible with server: "
					  "PG_CONTROL_VERSION 1300, server expects 1501");

	/* One bit flipped in a field, or in the CRC: the checksum says so. */
	static const size_t flipped[] = {
		offsetof(ControlFileData, system_identifier),
		offsetof(ControlFileData, state),
		offsetof(ControlFileData, checkpoint_lsn) + 2,
		offsetof(ControlFileData, redo_lsn) + 7,
		offsetof(ControlFileData, next_xid),
		offsetof(ControlFileData, oid_reserved_until) + 3,
		offsetof(ControlFileData, data_checksum_version),
		offsetof(ControlFileData, crc),
		offsetof(ControlFileData, crc) + 3,
	};

	for (size_t i = 0; i < lengthof(flipped); i++)
	{
		cf = good;
		((unsigned char *) &cf)[flipped[i]] ^= 0x10;
		write_struct(path, &cf);
		assert_read_fails(dir, "incorrect checksum in control file");
	}

	/* Another block size, under a valid CRC. */
	cf = good;
	cf.blcksz = 4096;
	fix_crc(&cf);
	write_struct(path, &cf);
	assert_read_fails(dir, "database files are incompatible with server: "
					  "BLCKSZ 4096, server expects 8192");

	/* Put back, it reads again. */
	write_struct(path, &good);
	{
		char		err[1200];

		assert_true(controlfile_read_file(dir, &cf, err, sizeof(err)));
	}
	standalone_remove_datadir(dir);
}

/* ---- in a running engine (children) ---- */

static void
child_init(const char *dir, bool create)
{
	memctx_init();
	guc_init();
	guc_fsync = false;
	guc_log_checkpoints = false;
	guc_max_connections = 4;
	standalone_init(dir, create);
}

static void
set_xid_mark(ControlFileData *cf, void *arg)
{
	cf->xid_reserved_until = *(TransactionId *) arg;
	cf->state = DB_IN_PRODUCTION;
}

/* controlfile_update: shared copy and file agree afterwards. */
static void
child_update(const char *dir, int arg)
{
	ControlFileData before,
				after,
				ondisk;
	TransactionId mark = (TransactionId) arg;
	char		err[1200];

	(void) dir;
	controlfile_get(&before);
	controlfile_update(set_xid_mark, &mark);
	controlfile_get(&after);
	CHILD_CHECK(after.xid_reserved_until == mark);
	CHILD_CHECK(after.state == DB_IN_PRODUCTION);
	CHILD_CHECK(after.system_identifier == before.system_identifier);
	CHILD_CHECK(after.next_oid == before.next_oid);
	CHILD_CHECK(controlfile_read_file(".", &ondisk, err, sizeof(err)));
	CHILD_CHECK(memcmp(&ondisk, &after, sizeof(after)) == 0);
}

static void
child_create_then_update(const char *dir, int arg)
{
	child_init(dir, true);
	child_update(dir, arg);
	child_done();
}

/* Start on an existing cluster (controlfile_load runs first). */
static void
child_start_existing(const char *dir, int arg)
{
	(void) arg;
	child_init(dir, false);
	fprintf(stderr, "child started\n");
}

static void
test_update_and_load(void **state)
{
	(void) state;
	char	   *dir = standalone_temp_datadir("ctlrun");
	char		log[600];
	ControlFileData cf;
	char		err[1200];

	child_log_path(log, sizeof(log), dir);
	assert_exited_ok(run_child_in(child_create_then_update, dir, 777777), "update");
	assert_true(controlfile_read_file(dir, &cf, err, sizeof(err)));
	assert_int_equal(cf.xid_reserved_until, 777777);
	assert_int_equal(cf.state, DB_IN_PRODUCTION);

	/* A damaged file at startup: FATAL (exit 1), nothing started. */
	ControlFileData bad = cf;

	bad.next_oid ^= 1;
	write_struct(control_path(dir), &bad);
	{
		pid_t		pid = fork();

		assert_true(pid >= 0);
		if (pid == 0)
		{
			child_log_to(log);
			child_start_existing(dir, 0);
			_exit(0);
		}

		int			status;

		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 1);
	}
	assert_log_has(log, "FATAL:  incorrect checksum in control file");
	assert_log_lacks(log, "child started");

	/* Missing: FATAL with the path. */
	assert_int_equal(unlink(control_path(dir)), 0);
	{
		pid_t		pid = fork();

		assert_true(pid >= 0);
		if (pid == 0)
		{
			child_log_to(log);
			child_start_existing(dir, 0);
			_exit(0);
		}

		int			status;

		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 1);
	}
	assert_log_has(log, "FATAL:  could not open file \"./global/pg_control\": "
				   "No such file or directory");
	assert_log_lacks(log, "child started");
	unlink(log);
	standalone_remove_datadir(dir);
}

/* ---- PANICs while writing ---- */

typedef enum WriteFailure
{
	WF_FILE_GONE,				/* the file was removed: open fails */
	WF_CREATE_EXISTING,			/* controlfile_create over an existing file */
	WF_WRITE_FAULT,				/* controlfile/before-write */
	WF_FSYNC_FAULT,				/* storage/file/fsync */
} WriteFailure;

static void
child_write_fails(const char *dir, int arg)
{
	char		log[600];
	TransactionId mark = 4242;

	child_log_path(log, sizeof(log), dir);
	child_log_to(log);
	child_init(dir, true);
	switch ((WriteFailure) arg)
	{
		case WF_FILE_GONE:
			CHILD_CHECK(unlink(CONTROL_FILE_PATH) == 0);
			controlfile_update(set_xid_mark, &mark);
			break;
		case WF_CREATE_EXISTING:
			controlfile_create(FirstNormalTransactionId, FirstNormalObjectId);
			break;
		case WF_WRITE_FAULT:
#ifdef MINIPG_FAULTS
			fault_arm_local_libfiu();
			CHILD_CHECK(fiu_enable("controlfile/before-write", 1, NULL, 0) == 0);
			controlfile_update(set_xid_mark, &mark);
#endif
			break;
		case WF_FSYNC_FAULT:
#ifdef MINIPG_FAULTS
			fault_arm_local_libfiu();
			CHILD_CHECK(fiu_enable("storage/file/fsync", 1, NULL, 0) == 0);
			controlfile_update(set_xid_mark, &mark);
#endif
			break;
	}
	fprintf(stderr, "write did not fail\n");
}

static void
assert_write_panics(WriteFailure how, const char *want)
{
	char	   *dir = standalone_temp_datadir("ctlpanic");
	char		log[600];

	child_log_path(log, sizeof(log), dir);
	assert_child_killed(run_child_in(child_write_fails, dir, (int) how), SIGABRT, want);
	assert_log_has(log, want);
	assert_log_lacks(log, "write did not fail");
	unlink(log);
	standalone_remove_datadir(dir);
}

static void
test_write_panics(void **state)
{
	(void) state;
	assert_write_panics(WF_FILE_GONE, "PANIC:  could not open file \"global/pg_control\": "
						"No such file or directory");
	assert_write_panics(WF_CREATE_EXISTING, "PANIC:  could not open file \"global/pg_control\": "
						"File exists");
#ifdef MINIPG_FAULTS
	assert_write_panics(WF_WRITE_FAULT, "PANIC:  could not write file \"global/pg_control\": ");
	assert_write_panics(WF_FSYNC_FAULT, "PANIC:  could not fsync file \"global/pg_control\": ");
#endif
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dbstate_names),
		cmocka_unit_test(test_fresh_file_format),
		cmocka_unit_test(test_read_errors),
		cmocka_unit_test(test_update_and_load),
		cmocka_unit_test(test_write_panics),
	};

	memctx_init();
	guc_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
