/*-------------------------------------------------------------------------
 * test_smgr.c
 *	  Unit tests for storage/smgr: relation files and pending fsyncs.
 *
 * What: create / exists / duplicate create; extend, read and overwrite
 * blocks; reading at or past EOF and a partial last block (ERROR XX001
 * with PostgreSQL's "read only %d of %d bytes"); truncate (and truncating
 * "up" refused); unlink; shared-catalog paths under global/; the
 * descriptor cache staying bounded while more relations than its size are
 * used; then, with a real shared-memory segment: writes register their
 * file once per checkpoint cycle, by any process; the sync takes the set;
 * a failed fsync is a PANIC (checked in a child killed by SIGABRT, via the
 * storage/file/fsync fault point); a sync with nothing pending fsyncs
 * nothing; table overflow falls back to syncing everything; a file
 * unlinked and recreated by one process is seen fresh by another process
 * that had it open.
 * How: in a fresh temporary data directory (chdir'd into).  Child
 * processes are plain fork()s that report through their exit status.
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef MINIPG_FAULTS
#include <fiu-control.h>
#endif

#include "faults/fault_control.h"
#include "faults/faultpoint.h"
#include "storage/file/fileops.h"
#include "storage/ipc/shmem.h"
#include "storage/smgr/smgr.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"
#include "utils/test_elog.h"

static char datadir[64];

static RelFileLocator
rel(Oid db, Oid relnum)
{
	RelFileLocator rl = {db, relnum};

	return rl;
}

static void
fill_block(char *buf, int seed)
{
	for (int i = 0; i < BLCKSZ; i++)
		buf[i] = (char) (seed * 7 + i / 13);
}

/* Run the block expecting ERROR: stores sqlstate and message. */
static void
test_create_exists(void **state)
{
	RelFileLocator rl = rel(5, 16384);
	struct stat st;

	(void) state;
	assert_false(smgr_exists(rl));
	smgr_create(rl, false);
	assert_true(smgr_exists(rl));
	assert_int_equal(stat("base/5/16384", &st), 0);
	assert_int_equal(st.st_size, 0);
	assert_int_equal(smgr_nblocks(rl), 0);
	EXPECT_ERROR(smgr_create(rl, false), ERRCODE_IO_ERROR,
				 "could not create file \"base/5/16384\": File exists");
	smgr_create(rl, true);		/* allowed */

	char	   *path = smgr_relpath(rel(0, 1262));

	assert_string_equal(path, "global/1262");
	smgr_create(rel(0, 1262), false);
	assert_int_equal(stat("global/1262", &st), 0);
}

static void
test_extend_read_write(void **state)
{
	RelFileLocator rl = rel(5, 16385);
	char		buf[BLCKSZ];
	char		expect[BLCKSZ];
	struct stat st;

	(void) state;
	smgr_create(rl, false);
	for (int b = 0; b < 5; b++)
	{
		fill_block(buf, b);
		smgr_extend(rl, (BlockNumber) b, buf);
		assert_int_equal(smgr_nblocks(rl), b + 1);
	}
	assert_int_equal(stat("base/5/16385", &st), 0);
	assert_int_equal(st.st_size, 5 * BLCKSZ);
	for (int b = 0; b < 5; b++)
	{
		smgr_read(rl, (BlockNumber) b, buf);
		fill_block(expect, b);
		assert_memory_equal(buf, expect, BLCKSZ);
	}
	fill_block(buf, 99);
	smgr_write(rl, 2, buf);
	memset(buf, 0, BLCKSZ);
	smgr_read(rl, 2, buf);
	fill_block(expect, 99);
	assert_memory_equal(buf, expect, BLCKSZ);
	smgr_read(rl, 3, buf);
	fill_block(expect, 3);
	assert_memory_equal(buf, expect, BLCKSZ);
	assert_int_equal(smgr_nblocks(rl), 5);
}

static void
test_read_past_eof(void **state)
{
	RelFileLocator rl = rel(5, 16385);
	char		buf[BLCKSZ];

	(void) state;
	memset(buf, 0x5A, sizeof(buf));
	EXPECT_ERROR(smgr_read(rl, 5, buf), ERRCODE_DATA_CORRUPTED,
				 "could not read block 5 in file \"base/5/16385\": read only 0 of 8192 bytes");
	EXPECT_ERROR(smgr_read(rl, 1000, buf), ERRCODE_DATA_CORRUPTED, "read only 0 of 8192 bytes");

	/* A partial last block: 100 bytes after block 4. */
	int			fd = fo_open("base/5/16385", O_RDWR, 0);

	assert_true(fd >= 0);
	assert_int_equal(fo_pwrite(fd, buf, 100, 5 * BLCKSZ), 100);
	fo_close(fd);
	assert_int_equal(smgr_nblocks(rl), 5);
	EXPECT_ERROR(smgr_read(rl, 5, buf), ERRCODE_DATA_CORRUPTED,
				 "could not read block 5 in file \"base/5/16385\": read only 100 of 8192 bytes");
}

static void
test_truncate_unlink(void **state)
{
	RelFileLocator rl = rel(5, 16385);
	char		buf[BLCKSZ];
	char		expect[BLCKSZ];

	(void) state;
	smgr_truncate(rl, 2);
	assert_int_equal(smgr_nblocks(rl), 2);
	smgr_read(rl, 1, buf);
	fill_block(expect, 1);
	assert_memory_equal(buf, expect, BLCKSZ);
	EXPECT_ERROR(smgr_read(rl, 2, buf), ERRCODE_DATA_CORRUPTED, "read only 0 of 8192 bytes");
	EXPECT_ERROR(smgr_truncate(rl, 3), ERRCODE_INTERNAL_ERROR,
				 "could not truncate file \"base/5/16385\" to 3 blocks: it's only 2 blocks now");
	smgr_truncate(rl, 2);		/* no-op */
	smgr_truncate(rl, 0);
	assert_int_equal(smgr_nblocks(rl), 0);

	smgr_unlink(rl);
	assert_false(smgr_exists(rl));
	assert_int_equal(access("base/5/16385", F_OK), -1);
	EXPECT_ERROR(smgr_nblocks(rl), ERRCODE_UNDEFINED_FILE,
				 "could not open file \"base/5/16385\": No such file or directory");
	smgr_unlink(rl);			/* absent is fine */
}

static int
count_open_fds(void)
{
	DIR		   *d = opendir("/proc/self/fd");
	int			n = 0;

	assert_non_null(d);
	while (readdir(d) != NULL)
		n++;
	closedir(d);
	return n;
}

static void
test_descriptor_cache_bounded(void **state)
{
	const int	nrels = SMGR_MAX_OPEN_FILES + 30;
	char		buf[BLCKSZ];
	char		expect[BLCKSZ];
	int			baseline;

	(void) state;
	smgr_close_all();
	baseline = count_open_fds();
	for (int i = 0; i < nrels; i++)
	{
		smgr_create(rel(6, (Oid) (20000 + i)), false);
		fill_block(buf, i);
		smgr_extend(rel(6, (Oid) (20000 + i)), 0, buf);
	}
	assert_true(count_open_fds() <= baseline + SMGR_MAX_OPEN_FILES);
	/* Every relation still reads back, in an order that defeats LRU. */
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < nrels; i++)
		{
			smgr_read(rel(6, (Oid) (20000 + i)), 0, buf);
			fill_block(expect, i);
			assert_memory_equal(buf, expect, BLCKSZ);
		}
	assert_true(count_open_fds() <= baseline + SMGR_MAX_OPEN_FILES);
	smgr_close_all();
	assert_int_equal(count_open_fds(), baseline);
}

static void
test_sync_without_shmem(void **state)
{
	bool		overflowed = false;

	(void) state;
	/* No shared table: everything counts as pending; sync walks it all. */
	assert_int_equal(smgr_pending_sync_count(&overflowed), 0);
	assert_true(overflowed);
	smgr_sync_all_pending();
	smgr_immedsync(rel(0, 1262));
}

/* From here on, a shared-memory segment exists. */
static void
test_attach_shmem(void **state)
{
	(void) state;
	guc_shared_buffers_blocks = 16;
	guc_max_connections = 2;
	shmem_create(1);
	assert_non_null(shmem_find_area("Relation file sync table", NULL));
	smgr_sync_all_pending();
	assert_int_equal(smgr_pending_sync_count(NULL), 0);
}

/*
 * What the postmaster does after a child PANICs: a fresh segment (the dead
 * child may have held locks in the old one), and processes start anew.
 */
pg_unused static void
crash_restart(void)
{
	static uint64_t generation = 1;

	shmem_destroy();
	shmem_create(++generation);
	smgr_close_all();
}

#ifdef MINIPG_FAULTS
static int	fsync_calls = 0;

static int
count_fsync(const char *name, int *failnum, void **failinfo, unsigned int *flags)
{
	(void) name;
	(void) failnum;
	(void) failinfo;
	(void) flags;
	fsync_calls++;
	return 0;					/* never fail, just count */
}

/* Run smgr_sync_all_pending() and return how many fsyncs it issued. */
static int
counted_sync(void)
{
	fsync_calls = 0;
	fiu_enable_external("storage/file/fsync", 1, NULL, 0, count_fsync);
	smgr_sync_all_pending();
	fiu_disable("storage/file/fsync");
	return fsync_calls;
}

/*
 * In a child: make every fsync fail, run the sync, and report how the
 * child ended: 0 = returned normally, SIGABRT = PANIC.
 */
static int
sync_with_failing_fsync(void)
{
	pid_t		pid = fork();
	int			status;

	if (pid == 0)
	{
		struct rlimit no_core = {0, 0};

		setrlimit(RLIMIT_CORE, &no_core);
		fiu_enable("storage/file/fsync", 1, NULL, 0);
		smgr_sync_all_pending();
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFSIGNALED(status))
		return WTERMSIG(status);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status) == 0 ? 0 : -1;
}
#endif

static void
test_registration(void **state)
{
	char		buf[BLCKSZ];
	bool		overflowed = true;
	pid_t		pid;
	int			status;

	(void) state;
	fill_block(buf, 1);
	smgr_create(rel(7, 1), false);
	smgr_create(rel(7, 2), false);
	smgr_create(rel(7, 3), false);
	assert_int_equal(smgr_pending_sync_count(&overflowed), 0);
	assert_false(overflowed);
	smgr_extend(rel(7, 1), 0, buf);
	assert_int_equal(smgr_pending_sync_count(NULL), 1);
	smgr_write(rel(7, 1), 0, buf);
	smgr_extend(rel(7, 1), 1, buf);
	assert_int_equal(smgr_pending_sync_count(NULL), 1);
	smgr_extend(rel(7, 2), 0, buf);
	assert_int_equal(smgr_pending_sync_count(NULL), 2);

	/* Another process's write lands in the same shared set. */
	pid = fork();
	if (pid == 0)
	{
		smgr_close_all();
		smgr_extend(rel(7, 3), 0, buf);
		_exit(smgr_pending_sync_count(NULL) == 3 ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(smgr_pending_sync_count(NULL), 3);

#ifdef MINIPG_FAULTS
	assert_int_equal(counted_sync(), 3);	/* exactly the three files */
#else
	smgr_sync_all_pending();
#endif
	assert_int_equal(smgr_pending_sync_count(NULL), 0);
	/* A new cycle: the same file registers again. */
	smgr_write(rel(7, 1), 0, buf);
	assert_int_equal(smgr_pending_sync_count(NULL), 1);
	smgr_truncate(rel(7, 2), 0);
	assert_int_equal(smgr_pending_sync_count(NULL), 2);
#ifdef MINIPG_FAULTS
	assert_int_equal(counted_sync(), 2);
	assert_int_equal(counted_sync(), 0);	/* nothing left */
#else
	smgr_sync_all_pending();
#endif
}

static void
test_failed_fsync_panics(void **state)
{
	(void) state;
#ifdef MINIPG_FAULTS
	char		buf[BLCKSZ];

	fill_block(buf, 3);
	assert_int_equal(smgr_pending_sync_count(NULL), 0);
	/* Nothing pending: no fsync is attempted, so the fault never fires. */
	assert_int_equal(sync_with_failing_fsync(), 0);
	/* One file pending: its fsync fails and the process PANICs. */
	smgr_write(rel(7, 1), 0, buf);
	assert_int_equal(smgr_pending_sync_count(NULL), 1);
	assert_int_equal(sync_with_failing_fsync(), SIGABRT);
	/* The child had taken the set; after a PANIC the cluster restarts. */
	assert_int_equal(smgr_pending_sync_count(NULL), 0);
	crash_restart();
	smgr_write(rel(7, 1), 0, buf);
	assert_int_equal(smgr_pending_sync_count(NULL), 1);
	smgr_sync_all_pending();
#else
	skip();
#endif
}

/* Regular files under dir, one level of subdirectories deep. */
pg_unused static int
count_files(const char *dir)
{
	DIR		   *d = opendir(dir);
	struct dirent *de;
	int			n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
	{
		char		path[256];

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		n += de->d_type == DT_DIR ? count_files(path) : 1;
	}
	closedir(d);
	return n;
}

/* Write block 0 of relations 8/1, 8/2, ... until the table overflows. */
static int
write_until_overflow(void)
{
	char		buf[BLCKSZ];
	bool		overflowed = false;
	int			n = 0;

	fill_block(buf, 4);
	for (Oid r = 1; r <= 400 && !overflowed; r++)
	{
		smgr_create(rel(8, r), true);
		smgr_write(rel(8, r), 0, buf);
		n = smgr_pending_sync_count(&overflowed);
	}
	assert_true(overflowed);
	return n;
}

static void
test_overflow_falls_back(void **state)
{
	bool		overflowed = true;

	int			pending;

	(void) state;
	smgr_close_all();
	pending = write_until_overflow();
	assert_true(pending >= 100);	/* it filled up first */
#ifdef MINIPG_FAULTS
	/* The table's files, then every file (and directory) on disk. */
	assert_true(counted_sync() >= pending + count_files("base") + count_files("global"));
#else
	smgr_sync_all_pending();
#endif
	assert_int_equal(smgr_pending_sync_count(&overflowed), 0);
	assert_false(overflowed);
#ifdef MINIPG_FAULTS
	/* The fallback really fsyncs: with fsync failing, it PANICs. */
	(void) write_until_overflow();
	assert_int_equal(sync_with_failing_fsync(), SIGABRT);
	crash_restart();
#endif
	smgr_close_all();
}

static void
test_unlink_seen_by_other_process(void **state)
{
	RelFileLocator rl = rel(9, 500);
	char		buf[BLCKSZ];
	int			to_child[2],
				to_parent[2];
	pid_t		pid;
	char		c;
	int			status;

	(void) state;
	fill_block(buf, 1);
	smgr_create(rl, false);
	smgr_extend(rl, 0, buf);
	assert_int_equal(pipe(to_child), 0);
	assert_int_equal(pipe(to_parent), 0);
	pid = fork();
	if (pid == 0)
	{
		char		got[BLCKSZ];
		char		want[BLCKSZ];

		smgr_close_all();
		smgr_read(rl, 0, got);	/* caches a descriptor of the old file */
		if (write(to_parent[1], "r", 1) != 1 || read(to_child[0], &c, 1) != 1)
			_exit(2);
		smgr_read(rl, 0, got);	/* must see the new file */
		fill_block(want, 2);
		_exit(memcmp(got, want, BLCKSZ) == 0 && smgr_nblocks(rl) == 1 ? 0 : 1);
	}
	assert_int_equal(read(to_parent[0], &c, 1), 1);
	smgr_unlink(rl);
	smgr_create(rl, false);
	fill_block(buf, 2);
	smgr_extend(rl, 0, buf);
	assert_int_equal(write(to_child[1], "g", 1), 1);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static int
setup(void **state)
{
	(void) state;
	memctx_init();
	guc_init();
	fault_arm_local_libfiu();
	snprintf(datadir, sizeof(datadir), "/tmp/minipg_test_smgr_XXXXXX");
	if (mkdtemp(datadir) == NULL || chdir(datadir) != 0)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	char		cmd[128];

	(void) state;
	smgr_close_all();
	if (chdir("/") != 0)
		return -1;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", datadir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_exists),
		cmocka_unit_test(test_extend_read_write),
		cmocka_unit_test(test_read_past_eof),
		cmocka_unit_test(test_truncate_unlink),
		cmocka_unit_test(test_descriptor_cache_bounded),
		cmocka_unit_test(test_sync_without_shmem),
		cmocka_unit_test(test_attach_shmem),
		cmocka_unit_test(test_registration),
		cmocka_unit_test(test_failed_fsync_panics),
		cmocka_unit_test(test_overflow_falls_back),
		cmocka_unit_test(test_unlink_seen_by_other_process),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
