/*-------------------------------------------------------------------------
 * test_short_write.c
 *	  Unit tests of the "short" fault action: a write point (FAULT_WRITE in
 *	  storage/file/fileops.c) that writes only a prefix of its buffer and
 *	  returns that count with errno = ENOSPC.
 *
 * What:
 *	- the prefix rule (fault_short_write_len): half, rounded down to 512
 *	  bytes from 1024 on, always at least one byte fewer than asked, 0 for
 *	  a 1-byte write;
 *	- fo_pwrite / fo_pwrite_extend under "short": the prefix reaches the
 *	  file, nothing past it, the count comes back with ENOSPC, a 1-byte
 *	  write writes nothing; the trail has the firing and a note with the
 *	  lengths;
 *	- fo_write_full completes a write cut short once (the default, "once")
 *	  and fails with ENOSPC under "short persistent", after exactly the 14
 *	  firings that shrink an 8 kB write to a 0-byte one (8191 bytes
 *	  written);
 *	- attaching "short" where no write happens is refused, naming the point
 *	  and the action: fault_attach() at a read, an fsync, the WAL's
 *	  pre-write check and a step is an ERROR (22023), a pattern is refused
 *	  for the first non-write point it matches; in pg_faults/policy.conf and
 *	  MINIPG_FAULTS it is a FATAL at start with the file or variable and
 *	  line (test_fault_policy.c checks that a short policy on a name
 *	  outside the catalog fires only at a FAULT_WRITE);
 *	- the power-loss journal records exactly the bytes really written: the
 *	  journal of a write cut short 13 times is byte-for-byte as long as the
 *	  one of the same 13 prefixes written without a fault, the rollback
 *	  undoes 13 writes and restores the synced bytes, and an extension cut
 *	  short is rolled back to the old size.
 * How: one standalone process (fault_process_init(B_STANDALONE)) attaches
 * and detaches policies with the control calls, in a fresh temporary
 * directory per test (chdir'd into, like a data directory: the trail and
 * journals land there); the FATAL cases run in forked children whose
 * stderr goes to a file the parent reads.  Release builds have no fault
 * points: there the test only checks that fo_pwrite writes everything.
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/minipg.h"
#include "faults/fault_control.h"
#include "faults/faultpoint.h"
#include "faults/powerloss.h"
#include "storage/file/fileops.h"
#include "faults/test_files.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

#define JOURNAL_DIR POWERLOSS_DIR

static char testdir[64];

#ifdef MINIPG_FAULTS

/* Lines of pg_faults/trail containing `what`. */
static int
trail_count(const char *what)
{
	FILE	   *f = fopen("pg_faults/trail", "r");
	char		line[2048];
	int			n = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		n += strstr(line, what) != NULL;
	fclose(f);
	return n;
}

/* fault_attach() that must succeed. */
static void
attach(const char *point, const char *options)
{
	assert_true(fault_attach(point, "short", options) > 0);
}

/* A synced file of nblocks blocks of byte c, written with no policy live. */
static void
make_synced(const char *name, int nblocks, char c)
{
	char		block[BLCKSZ];
	int			fd = open_rw(name);

	memset(block, c, sizeof(block));
	for (int i = 0; i < nblocks; i++)
		assert_int_equal(fo_write_full(fd, block, BLCKSZ, (off_t) i * BLCKSZ), 0);
	assert_int_equal(fo_fsync(fd), 0);
	fo_close(fd);
}

/* Size of the one power-loss journal in the journal directory. */
static off_t
journal_size(void)
{
	DIR		   *d = opendir(JOURNAL_DIR);
	struct dirent *de;
	off_t		size = -1;
	int			n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (strstr(de->d_name, ".undo") != NULL)
		{
			char		path[512];

			snprintf(path, sizeof(path), "%s/%s", JOURNAL_DIR, de->d_name);
			size = size_of(path);
			n++;
		}
	closedir(d);
	assert_int_equal(n, 1);
	return size;
}

/* ---------------------------------------------------------------------
 * The prefix rule
 * ---------------------------------------------------------------------
 */

static void
test_prefix_rule(void **state)
{
	static const size_t cases[][2] = {
		{0, 0}, {1, 0}, {2, 1}, {3, 1}, {100, 50}, {511, 255}, {1023, 511},
		{1024, 512}, {1500, 512}, {2047, 512}, {2048, 1024}, {8191, 3584},
		{8192, 4096}, {65536, 32768},
	};

	(void) state;
	for (size_t i = 0; i < lengthof(cases); i++)
		if (fault_short_write_len(cases[i][0]) != cases[i][1])
			fail_msg("fault_short_write_len(%zu) = %zu, expected %zu", cases[i][0],
					 fault_short_write_len(cases[i][0]), cases[i][1]);
	for (size_t n = 1; n <= 3 * BLCKSZ; n++)
	{
		size_t		keep = fault_short_write_len(n);

		assert_true(keep < n);
		assert_true(n < 1024 ? keep == n / 2 : keep % 512 == 0 && keep >= n / 2 - 511);
	}
}

/* ---------------------------------------------------------------------
 * The wrappers under "short"
 * ---------------------------------------------------------------------
 */

static void
test_pwrite_writes_prefix(void **state)
{
	char		block[BLCKSZ];
	int			fd;

	(void) state;
	make_synced("rel", 1, 'O');
	fd = open_rw("rel");
	memset(block, 'N', sizeof(block));

	attach("storage/file/write", "");	/* once, by default */
	errno = 0;
	assert_int_equal(fo_pwrite(fd, block, BLCKSZ, 0), BLCKSZ / 2);
	assert_int_equal(errno, ENOSPC);
	assert_bytes("rel", 0, BLCKSZ / 2, 'N');
	assert_bytes("rel", BLCKSZ / 2, BLCKSZ / 2, 'O');
	/* Used up: the next write is whole. */
	assert_int_equal(fo_pwrite(fd, block, BLCKSZ, 0), BLCKSZ);
	assert_bytes("rel", 0, BLCKSZ, 'N');
	assert_int_equal(trail_count(" point=storage/file/write policy="), 1);
	assert_int_equal(trail_count("note=short point=storage/file/write asked=8192 written=4096"), 1);

	/* A 1-byte write keeps nothing: 0 bytes, ENOSPC, the file untouched. */
	attach("storage/file/write", "once");
	errno = 0;
	assert_int_equal(fo_pwrite(fd, "X", 1, 10), 0);
	assert_int_equal(errno, ENOSPC);
	assert_bytes("rel", 10, 1, 'N');

	/* The extension point, past the end of the file. */
	attach("storage/file/extend", "");
	errno = 0;
	assert_int_equal(fo_pwrite_extend(fd, block, 3000, BLCKSZ), 1500 & ~511);
	assert_int_equal(errno, ENOSPC);
	assert_int_equal(size_of("rel"), BLCKSZ + 1024);
	/* A short policy on the write point leaves extensions alone, and back. */
	assert_int_equal(fault_detach("*"), 3);	/* used up, but still listed */
	attach("storage/file/write", "persistent");
	assert_int_equal(fo_pwrite_extend(fd, block, BLCKSZ, BLCKSZ), BLCKSZ);
	assert_int_equal(size_of("rel"), 2 * BLCKSZ);
	assert_int_equal(fault_detach("*"), 1);
	attach("storage/file/extend", "persistent");
	assert_int_equal(fo_pwrite(fd, block, BLCKSZ, 0), BLCKSZ);
	fo_close(fd);
}

static void
test_write_full_completes_once(void **state)
{
	char		block[BLCKSZ];
	int			fd;

	(void) state;
	make_synced("rel", 2, 'O');
	fd = open_rw("rel");
	memset(block, 'N', sizeof(block));
	attach("storage/file/write", "");
	assert_int_equal(fo_write_full(fd, block, BLCKSZ, BLCKSZ), 0);
	assert_bytes("rel", 0, BLCKSZ, 'O');
	assert_bytes("rel", BLCKSZ, BLCKSZ, 'N');
	assert_true(fault_fired("storage/file/write") == 1);
	/* Used up, the policy disarms the point: the retry is not even a hit. */
	assert_int_equal(fault_hits("storage/file/write"), 1);

	/* times=3 over a 4-block write: three cuts, then it completes. */
	memset(block, 'M', sizeof(block));
	attach("storage/file/write", "times=3");
	for (int i = 0; i < 2; i++)
		assert_int_equal(fo_write_full(fd, block, BLCKSZ, (off_t) i * BLCKSZ), 0);
	assert_bytes("rel", 0, 2 * BLCKSZ, 'M');
	assert_int_equal(trail_count("note=short "), 4);
	fo_close(fd);
}

static void
test_write_full_fails_when_persistent(void **state)
{
	char		block[BLCKSZ];
	int			fd;

	(void) state;
	fd = open_rw("new");
	memset(block, 'N', sizeof(block));
	attach("storage/file/write", "persistent");
	errno = 0;
	assert_int_equal(fo_write_full(fd, block, BLCKSZ, 0), -1);
	assert_int_equal(errno, ENOSPC);
	/* 4096 + 2048 + ... + 1: every byte but the last reached the file. */
	assert_int_equal(size_of("new"), BLCKSZ - 1);
	assert_bytes("new", 0, BLCKSZ - 1, 'N');
	assert_true(fault_fired("storage/file/write") == 14);
	assert_int_equal(trail_count("note=short point=storage/file/write asked=1 written=0"), 1);
	assert_int_equal(fault_detach("*"), 1);
	fo_close(fd);
}

/* ---------------------------------------------------------------------
 * Refused where no write happens
 * ---------------------------------------------------------------------
 */

/* fault_attach(point, "short") fails with 22023 and a message with `at`. */
static void
expect_attach_refused(const char *point, const char *at)
{
	volatile bool caught = false;
	char		want[256];

	snprintf(want, sizeof(want), "fault action \"short\" cannot be used at point %s", at);
	ELOG_TRY();
	{
		(void) fault_attach(point, "short", "persistent");
	}
	ELOG_CATCH();
	{
		ErrorData  *e = elog_current_error();

		caught = true;
		assert_string_equal(e->sqlstate, "22023");
		if (strstr(e->message, want) == NULL ||
			strstr(e->message, "the write points are storage/file/write, storage/file/extend") == NULL)
			fail_msg("attach short at %s: unexpected message \"%s\"", point, e->message);
		elog_flush_error();
	}
	ELOG_END_TRY();
	if (!caught)
		fail_msg("short at \"%s\" was accepted", point);
}

/* An ERROR at a point that is not a write, the table unchanged. */
static void
test_refused_at_non_write_points(void **state)
{
	int			n = 0;

	(void) state;
	expect_attach_refused("storage/file/read", "\"storage/file/read\": it is not a write point");
	expect_attach_refused("storage/file/fsync", "\"storage/file/fsync\": it is not a write point");
	expect_attach_refused("wal/write/before-write", "\"wal/write/before-write\": it is not");
	expect_attach_refused("controlfile/before-write", "\"controlfile/before-write\": it is not");
	expect_attach_refused("xact/commit/after-wal-flush", "\"xact/commit/after-wal-flush\": it");
	/* A pattern: refused for the first point it matches that is no write. */
	expect_attach_refused("storage/file/*", "\"storage/file/open\" (matched by \"storage/file/*\"): it");
	expect_attach_refused("*", "\"storage/file/open\" (matched by \"*\"): it");
	(void) fault_list(&n);
	assert_int_equal(n, 0);
	/* A pattern matching only write points is fine. */
	attach("storage/file/ext*", "");
	assert_int_equal(fault_detach("*"), 1);
}

/*
 * In a child with stderr to a file: load policies at "start" (the policy
 * file in the current directory and/or MINIPG_FAULTS); it must end with a
 * FATAL whose text contains `want`.
 */
static void
expect_fatal_at_load(const char *file_text, const char *env, const char *want)
{
	pid_t		pid;
	int			status;
	char	   *log;

	if (file_text != NULL)
	{
		FILE	   *f;

		(void) mkdir("pg_faults", 0700);
		f = fopen("pg_faults/policy.conf", "w");
		assert_non_null(f);
		fputs(file_text, f);
		fclose(f);
	}
	fflush(stderr);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
	{
		int			fd = open("stderr.txt", O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (fd < 0 || dup2(fd, STDERR_FILENO) < 0)
			_exit(9);
		if (env != NULL)
			setenv("MINIPG_FAULTS", env, 1);
		else
			unsetenv("MINIPG_FAULTS");
		fault_postmaster_load(".");
		_exit(0);				/* loaded: not what the test wants */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
	log = fo_read_file("stderr.txt", NULL);
	assert_non_null(log);
	if (strstr(log, "FATAL") == NULL || strstr(log, want) == NULL)
		fail_msg("expected a FATAL with \"%s\", got \"%s\"", want, log);
	unlink("pg_faults/policy.conf");
}

static void
test_refused_at_start(void **state)
{
	(void) state;
	expect_fatal_at_load("seed 3\nstorage/file/write short\nstorage/file/fsync short persistent\n",
						 NULL,
						 "invalid fault policy in file \"pg_faults/policy.conf\", line 3: "
						 "fault action \"short\" cannot be used at point \"storage/file/fsync\"");
	expect_fatal_at_load(NULL, "storage/file/extend short;wal/write/before-write short",
						 "invalid fault policy in environment variable MINIPG_FAULTS, line 2: "
						 "fault action \"short\" cannot be used at point \"wal/write/before-write\"");
}

/* ---------------------------------------------------------------------
 * The power-loss journal sees exactly the bytes written
 * ---------------------------------------------------------------------
 */

static void
test_powerloss_journal_exact(void **state)
{
	char		block[BLCKSZ];
	char		report[4096];
	off_t		cut_journal,
				plain_journal;
	int			fd;

	(void) state;
	make_synced("rel", 2, 'O');
	fd = open_rw("rel");
	memset(block, 'N', sizeof(block));

	/* The disk fills during an overwrite: 13 shrinking writes, then ENOSPC. */
	attach("storage/file/write", "persistent");
	assert_int_equal(fo_write_full(fd, block, BLCKSZ, 0), -1);
	assert_int_equal(errno, ENOSPC);
	assert_int_equal(fault_detach("*"), 1);
	assert_bytes("rel", 0, BLCKSZ - 1, 'N');
	assert_bytes("rel", BLCKSZ - 1, 1, 'O');
	cut_journal = journal_size();
	assert_int_equal(powerloss_rollback_all(NULL, 0, 1, report, sizeof(report)), 1);
	if (strstr(report, "rel: undid 13 writes and 0 truncates, size 16384 -> 16384") == NULL)
		fail_msg("unexpected rollback report: %s", report);
	assert_bytes("rel", 0, 2 * BLCKSZ, 'O');

	/* The same 13 prefixes written plainly: the same journal, byte count. */
	for (size_t done = 0, len = BLCKSZ; len > 1; len -= fault_short_write_len(len))
	{
		size_t		keep = fault_short_write_len(len);

		assert_int_equal(fo_pwrite(fd, block, keep, (off_t) done), (ssize_t) keep);
		done += keep;
	}
	plain_journal = journal_size();
	assert_int_equal(cut_journal, plain_journal);
	assert_int_equal(powerloss_rollback_all(NULL, 0, 1, report, sizeof(report)), 1);
	assert_non_null(strstr(report, "undid 13 writes"));

	/* An extension cut short once: the half block is undone, size restored. */
	attach("storage/file/extend", "");
	assert_int_equal(fo_pwrite_extend(fd, block, BLCKSZ, 2 * BLCKSZ), BLCKSZ / 2);
	assert_int_equal(size_of("rel"), 2 * BLCKSZ + BLCKSZ / 2);
	assert_int_equal(powerloss_rollback_all(NULL, 0, 1, report, sizeof(report)), 1);
	if (strstr(report, "rel: undid 1 writes and 0 truncates, size 20480 -> 16384") == NULL)
		fail_msg("unexpected rollback report: %s", report);
	assert_int_equal(size_of("rel"), 2 * BLCKSZ);
	assert_bytes("rel", 0, 2 * BLCKSZ, 'O');
	fo_close(fd);
}

#else							/* !MINIPG_FAULTS */

static void
test_release_writes_whole(void **state)
{
	char		block[BLCKSZ];
	int			fd = open_rw("rel");

	(void) state;
	memset(block, 'N', sizeof(block));
	assert_int_equal(fo_pwrite(fd, block, BLCKSZ, 0), BLCKSZ);
	assert_int_equal(fo_pwrite_extend(fd, block, BLCKSZ, BLCKSZ), BLCKSZ);
	assert_bytes("rel", 0, 2 * BLCKSZ, 'N');
	assert_int_equal(size_of("rel"), 2 * BLCKSZ);
	fo_close(fd);
}

#endif							/* MINIPG_FAULTS */

static int
setup(void **state)
{
	(void) state;
	snprintf(testdir, sizeof(testdir), "/tmp/minipg_test_short_write_XXXXXX");
	if (mkdtemp(testdir) == NULL || chdir(testdir) != 0)
		return -1;
#ifdef MINIPG_FAULTS
	powerloss_enable_for_tests(JOURNAL_DIR);
#endif
	return 0;
}

static int
teardown(void **state)
{
	char		cmd[128];

	(void) state;
#ifdef MINIPG_FAULTS
	(void) fault_detach("*");
	powerloss_set_enabled_word(NULL);
#endif
	if (chdir("/") != 0)
		return -1;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", testdir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#ifdef MINIPG_FAULTS
		cmocka_unit_test(test_prefix_rule),
		cmocka_unit_test_setup_teardown(test_pwrite_writes_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_full_completes_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_full_fails_when_persistent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_at_non_write_points, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_at_start, setup, teardown),
		cmocka_unit_test_setup_teardown(test_powerloss_journal_exact, setup, teardown),
#else
		cmocka_unit_test_setup_teardown(test_release_writes_whole, setup, teardown),
#endif
	};

	memctx_init();
	guc_init();
	MyBackendType = B_STANDALONE;
	/* No MINIPG_FAULTS: the tests attach their policies themselves. */
	unsetenv("MINIPG_FAULTS");
	fault_process_init(B_STANDALONE);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
