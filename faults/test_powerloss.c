/*-------------------------------------------------------------------------
 * test_powerloss.c
 *	  Unit tests for the simulated power cut (faults/powerloss.h) through
 *	  the real file-operations layer (storage/file/fileops.c).
 *
 * What:
 *	- fsynced data survives the cut while unsynced data next to it is gone;
 *	- unsynced overwrites (overlapping, partial, through fo_write_full) are
 *	  undone newest-first back to the synced bytes;
 *	- a file extended (and one created) without fsync returns to its old
 *	  size; holes past the end disappear;
 *	- an unsynced fo_ftruncate, and fo_open with O_TRUNC on a write-only
 *	  descriptor, are undone; a synced truncation stays;
 *	- two processes writing the same file through their own descriptors,
 *	  the fsync coming from the other process: what preceded the fsync is
 *	  kept, what followed it is rolled back;
 *	- two processes hammering overlapping ranges concurrently: the journal
 *	  lock keeps every entry whole and exact, so rollback is exact;
 *	- an entry cut short by a killed writer (garbage past valid_len) is
 *	  overwritten by the next writer, not replayed;
 *	- torn mode: with a fixed seed the mix of old and new sectors is the
 *	  same in two runs (even with a recreated file: another inode), differs
 *	  with another seed, every sector is entirely old or entirely new
 *	  (also for an unaligned write at 512-byte sectors), older unsynced
 *	  writes are fully undone, and the report shows the same pattern;
 *	- rename and unlink: a renamed file is rolled back under its new name,
 *	  an unlinked file's journal goes with it;
 *	- journaling off (the control word at 0): nothing is recorded and a
 *	  rollback changes nothing; turning the word on starts recording;
 *	  powerloss_discard_all() drops journals left when it is turned off;
 *	- a pwrite through an O_APPEND descriptor is journaled at EOF.
 * How: in a fresh temporary directory per test (chdir'd into, like the
 * server's data directory), journal in pg_faults/powerloss; files written
 * only with fo_*; processes are plain fork()s that report through their
 * exit status and synchronize through pipes.  Release builds have no
 * journal: there the test checks that rollback is refused (ENOSYS).
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
#include "faults/powerloss.h"
#include "storage/file/fileops.h"
#include "faults/test_files.h"
#include "utils/memctx.h"

#define SECTOR 4096
#define JOURNAL_DIR POWERLOSS_DIR

static char testdir[64];
static char report[8192];

/* ---------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------
 */

/* Fill len bytes of the file at off with byte c, through fo_write_full. */
static void
put(int fd, off_t off, size_t len, char c)
{
	char	   *buf = malloc(len);

	assert_non_null(buf);
	memset(buf, c, len);
	assert_int_equal(fo_write_full(fd, buf, len, off), 0);
	free(buf);
}

/* A file of nblocks blocks of byte c (block i = c + i if step), fsynced. */
static void
make_synced(const char *name, int nblocks, char c, bool step)
{
	int			fd = open_rw(name);

	assert_int_equal(fo_ftruncate(fd, 0), 0);
	for (int i = 0; i < nblocks; i++)
		put(fd, (off_t) i * BLCKSZ, BLCKSZ, (char) (step ? c + i : c));
	assert_int_equal(fo_fsync(fd), 0);
	fo_close(fd);
}

/* Number of journal files (of any size) in the journal directory. */
static int
journal_files(void)
{
	DIR		   *d = opendir(JOURNAL_DIR);
	struct dirent *de;
	int			n = 0;

	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL)
		if (strstr(de->d_name, ".undo") != NULL)
			n++;
	closedir(d);
	return n;
}

#ifdef MINIPG_FAULTS

static int
rollback(int tear_sector, uint64_t seed)
{
	int			n = powerloss_rollback_all(NULL, tear_sector, seed, report, sizeof(report));

	print_message("%s", report);
	return n;
}

static void
wait_child_ok(pid_t pid)
{
	int			status;

	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* Child-side checks: no cmocka in a forked child, just an exit code. */
#define CHILD_CHECK(cond, code) \
	do { \
		if (!(cond)) \
			_exit(code); \
	} while (0)

static void
child_put(int fd, off_t off, size_t len, char c, int code)
{
	char		buf[BLCKSZ];

	CHILD_CHECK(len <= sizeof(buf), code);
	memset(buf, c, len);
	CHILD_CHECK(fo_write_full(fd, buf, len, off) == 0, code);
}

static void
send_token(int fd)
{
	char		c = 'x';

	assert_int_equal(write(fd, &c, 1), 1);
}

static bool
recv_token(int fd)
{
	char		c;

	return read(fd, &c, 1) == 1;
}

/* ---------------------------------------------------------------------
 * Tests
 * ---------------------------------------------------------------------
 */

static void
test_synced_survives(void **state)
{
	(void) state;
	make_synced("rel", 4, 'O', false);
	int			fd = open_rw("rel");

	put(fd, BLCKSZ, BLCKSZ, 'S');
	assert_int_equal(fo_fsync(fd), 0);
	put(fd, 2 * BLCKSZ, BLCKSZ, 'U');	/* not synced: must go */
	fo_close(fd);

	assert_int_equal(rollback(0, 1), 1);
	assert_bytes("rel", 0, BLCKSZ, 'O');
	assert_bytes("rel", BLCKSZ, BLCKSZ, 'S');
	assert_bytes("rel", 2 * BLCKSZ, BLCKSZ, 'O');
	assert_int_equal(size_of("rel"), 4 * BLCKSZ);
	assert_int_equal(journal_files(), 0);

	/* Nothing unsynced since: a second cut changes nothing. */
	assert_int_equal(rollback(0, 1), 0);
	assert_bytes("rel", BLCKSZ, BLCKSZ, 'S');
}

static void
test_unsynced_gone(void **state)
{
	(void) state;
	make_synced("rel", 4, 'a', true);
	int			fd = open_rw("rel");

	put(fd, 0, BLCKSZ, 'X');
	put(fd, 100, 100, 'Y');		/* overlaps the first write */
	put(fd, BLCKSZ + 50, 100, 'Z');
	assert_int_equal(fo_fdatasync(fd), 0);	/* sync, then more */
	put(fd, 3 * BLCKSZ, BLCKSZ, 'W');
	put(fd, 3 * BLCKSZ + 10, 20, 'V');
	put(fd, 2 * BLCKSZ, 1, 'Q');
	fo_close(fd);
	/* The writes really happened. */
	assert_bytes("rel", 3 * BLCKSZ + 10, 20, 'V');
	assert_bytes("rel", 2 * BLCKSZ, 1, 'Q');

	assert_int_equal(rollback(0, 1), 1);
	assert_non_null(strstr(report, "rel: undid 3 writes and 0 truncates"));
	/* Synced by fdatasync: kept. */
	assert_bytes("rel", 0, 100, 'X');
	assert_bytes("rel", 100, 100, 'Y');
	assert_bytes("rel", BLCKSZ + 50, 100, 'Z');
	/* Unsynced: back to the synced bytes. */
	assert_bytes("rel", 2 * BLCKSZ, BLCKSZ, 'c');
	assert_bytes("rel", 3 * BLCKSZ, BLCKSZ, 'd');
}

static void
test_unsynced_overlapping_undone(void **state)
{
	(void) state;
	make_synced("rel", 2, 'O', false);
	int			fd = open_rw("rel");

	put(fd, 0, BLCKSZ, 'A');
	put(fd, 100, 100, 'B');
	put(fd, 50, 4000, 'C');
	fo_close(fd);
	assert_int_equal(rollback(0, 1), 1);
	assert_bytes("rel", 0, 2 * BLCKSZ, 'O');
}

static void
test_extension_undone(void **state)
{
	(void) state;
	make_synced("rel", 2, 'O', false);
	int			fd = open_rw("rel");
	char		block[BLCKSZ];

	memset(block, 'E', sizeof(block));
	assert_int_equal(fo_pwrite_extend(fd, block, BLCKSZ, 2 * BLCKSZ), BLCKSZ);
	assert_int_equal(fo_pwrite_extend(fd, block, BLCKSZ, 3 * BLCKSZ), BLCKSZ);
	assert_int_equal(fo_pwrite(fd, block, 10, 9 * BLCKSZ), 10);	/* leaves a hole */
	put(fd, BLCKSZ - 5, 10, 'S');	/* straddles the old EOF */
	fo_close(fd);
	assert_int_equal(size_of("rel"), 9 * BLCKSZ + 10);

	/* pwrite on an O_APPEND descriptor lands at EOF, whatever the offset. */
	int			afd = fo_open("rel", O_WRONLY | O_APPEND, 0);

	assert_true(afd >= 0);
	assert_int_equal(fo_pwrite(afd, block, 20, 0), 20);
	fo_close(afd);
	assert_bytes("rel", 0, BLCKSZ - 5, 'O');

	/* A file created and written, never fsynced: back to empty. */
	fd = open_rw("new");
	put(fd, 0, 3 * BLCKSZ, 'N');
	fo_close(fd);

	assert_int_equal(size_of("rel"), 9 * BLCKSZ + 30);
	assert_int_equal(rollback(0, 1), 2);
	assert_int_equal(size_of("rel"), 2 * BLCKSZ);
	assert_bytes("rel", 0, 2 * BLCKSZ, 'O');
	assert_int_equal(size_of("new"), 0);
}

static void
test_truncation_undone(void **state)
{
	(void) state;
	make_synced("rel", 4, 'a', true);
	make_synced("kept", 4, 'k', false);
	int			fd = open_rw("rel");

	assert_int_equal(fo_ftruncate(fd, BLCKSZ + 10), 0);
	put(fd, 2 * BLCKSZ, 100, 'X');	/* re-extends inside the dropped range */
	assert_int_equal(fo_ftruncate(fd, 0), 0);
	assert_int_equal(fo_ftruncate(fd, 5 * BLCKSZ), 0);	/* grows: zeros */
	fo_close(fd);
	assert_int_equal(size_of("rel"), 5 * BLCKSZ);

	/* A synced truncation stays. */
	fd = open_rw("kept");
	assert_int_equal(fo_ftruncate(fd, BLCKSZ), 0);
	assert_int_equal(fo_fsync(fd), 0);
	fo_close(fd);

	assert_int_equal(rollback(0, 1), 1);
	assert_non_null(strstr(report, "rel: undid 1 writes and 3 truncates"));
	assert_int_equal(size_of("rel"), 4 * BLCKSZ);
	for (int i = 0; i < 4; i++)
		assert_bytes("rel", (off_t) i * BLCKSZ, BLCKSZ, (char) ('a' + i));
	assert_int_equal(size_of("kept"), BLCKSZ);
}

static void
test_open_trunc_write_only_undone(void **state)
{
	(void) state;
	make_synced("ctl", 3, 'O', false);
	int			fd = fo_open("ctl", O_WRONLY | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(size_of("ctl"), 0);
	put(fd, 0, 100, 'T');
	put(fd, 50, 10, 'U');		/* old bytes read through a write-only fd */
	fo_close(fd);

	assert_int_equal(rollback(0, 1), 1);
	assert_int_equal(size_of("ctl"), 3 * BLCKSZ);
	assert_bytes("ctl", 0, 3 * BLCKSZ, 'O');
}

/*
 * Parent P and child C, each with its own descriptor of one file:
 * P writes block 0; C writes block 1 and fsyncs; P writes block 2;
 * C writes block 3 and extends with block 4.  The cut keeps blocks 0-1
 * (C's fsync covered P's write too) and undoes the rest.
 */
static void
test_two_processes_fsync_from_other(void **state)
{
	int			to_child[2],
				to_parent[2];

	(void) state;
	make_synced("rel", 4, 'O', false);
	assert_int_equal(pipe(to_child), 0);
	assert_int_equal(pipe(to_parent), 0);

	pid_t		pid = fork();

	assert_true(pid >= 0);
	if (pid == 0)
	{
		int			fd = fo_open("rel", O_RDWR, 0);

		CHILD_CHECK(fd >= 0, 10);
		CHILD_CHECK(recv_token(to_child[0]), 11);
		child_put(fd, BLCKSZ, BLCKSZ, 'C', 12);
		CHILD_CHECK(fo_fsync(fd) == 0, 13);
		send_token(to_parent[1]);
		CHILD_CHECK(recv_token(to_child[0]), 14);
		child_put(fd, 3 * BLCKSZ, BLCKSZ, 'c', 15);
		child_put(fd, 4 * BLCKSZ, BLCKSZ, 'e', 16);
		_exit(0);
	}
	int			fd = open_rw("rel");

	put(fd, 0, BLCKSZ, 'P');
	send_token(to_child[1]);
	assert_true(recv_token(to_parent[0]));
	put(fd, 2 * BLCKSZ, BLCKSZ, 'p');
	send_token(to_child[1]);
	wait_child_ok(pid);
	fo_close(fd);
	assert_int_equal(size_of("rel"), 5 * BLCKSZ);

	assert_int_equal(rollback(0, 1), 1);
	assert_bytes("rel", 0, BLCKSZ, 'P');
	assert_bytes("rel", BLCKSZ, BLCKSZ, 'C');
	assert_bytes("rel", 2 * BLCKSZ, 2 * BLCKSZ, 'O');
	assert_int_equal(size_of("rel"), 4 * BLCKSZ);
	for (int i = 0; i < 2; i++)
	{
		close(to_child[i]);
		close(to_parent[i]);
	}
}

/*
 * Two processes overwrite overlapping ranges of one file at the same time.
 * Each entry must hold exactly the bytes its write destroyed, and no entry
 * may clobber another, or the newest-first undo would not end at the
 * synced contents.
 */
#define HAMMER_WRITES 300

static void
test_concurrent_writers_exact(void **state)
{
	pid_t		pids[2];

	(void) state;
	make_synced("rel", 8, 'a', true);
	for (int p = 0; p < 2; p++)
	{
		pids[p] = fork();
		assert_true(pids[p] >= 0);
		if (pids[p] == 0)
		{
			int			fd = fo_open("rel", O_RDWR, 0);
			uint64_t	x = 0x9E3779B97F4A7C15ULL * (uint64_t) (p + 1);

			CHILD_CHECK(fd >= 0, 20);
			for (int i = 0; i < HAMMER_WRITES; i++)
			{
				x ^= x << 13;
				x ^= x >> 7;
				x ^= x << 17;
				off_t		off = (off_t) (x % (9 * BLCKSZ));	/* may extend */
				size_t		len = 1 + (size_t) ((x >> 32) % 3000);

				child_put(fd, off, len, (char) ('A' + (i + p) % 26), 21);
			}
			_exit(0);
		}
	}
	for (int p = 0; p < 2; p++)
		wait_child_ok(pids[p]);

	assert_int_equal(rollback(0, 1), 1);
	assert_non_null(strstr(report, "undid 600 writes"));
	assert_int_equal(size_of("rel"), 8 * BLCKSZ);
	for (int i = 0; i < 8; i++)
		assert_bytes("rel", (off_t) i * BLCKSZ, BLCKSZ, (char) ('a' + i));
}

/*
 * A writer killed while appending leaves bytes past valid_len; the next
 * writer must overwrite them, and rollback must not read them as entries.
 */
static void
test_partial_entry_overwritten(void **state)
{
	(void) state;
	make_synced("rel", 2, 'O', false);
	int			fd = open_rw("rel");
	struct stat st;
	char		jpath[256];
	char		garbage[300];

	put(fd, 0, 10, 'A');
	assert_int_equal(fstat(fd, &st), 0);
	snprintf(jpath, sizeof(jpath), "%s/%016llx-%016llx.undo", JOURNAL_DIR,
			 (unsigned long long) st.st_dev, (unsigned long long) st.st_ino);
	int			jfd = open(jpath, O_WRONLY | O_APPEND);

	assert_true(jfd >= 0);
	memset(garbage, 0x5A, sizeof(garbage));
	assert_int_equal(write(jfd, garbage, sizeof(garbage)), (ssize_t) sizeof(garbage));
	close(jfd);
	put(fd, BLCKSZ, 10, 'B');
	fo_close(fd);

	assert_int_equal(rollback(0, 1), 1);
	assert_null(strstr(report, "damaged"));
	assert_non_null(strstr(report, "undid 2 writes"));
	assert_bytes("rel", 0, 2 * BLCKSZ, 'O');
}

/*
 * Torn run: "torn" is 8 synced sectors of 'O'; an older unsynced write
 * puts 'A' on sectors 0-7, the newest puts 'N' on sectors 2-13 (6 of them
 * past the old EOF).  Returns in pattern[12] what each of sectors 2-13
 * holds after the cut: 'N' (new) or 'o' (old: 'O', zeros or absent),
 * checking that no sector is a mix and that the layout rules hold.
 */
#define TORN_SECTORS 8
#define TORN_FIRST 2
#define TORN_PARTS 12

static void
torn_run(uint64_t seed, char *pattern)
{
	char		last_new = -1;

	if (access("torn", F_OK) == 0)
		assert_int_equal(fo_unlink("torn"), 0);	/* a new inode each run */
	int			fd = open_rw("torn");

	put(fd, 0, TORN_SECTORS * SECTOR, 'O');
	assert_int_equal(fo_fsync(fd), 0);
	put(fd, 0, TORN_SECTORS * SECTOR, 'A');
	put(fd, TORN_FIRST * SECTOR, TORN_PARTS * SECTOR, 'N');
	fo_close(fd);

	assert_int_equal(rollback(SECTOR, seed), 1);
	assert_non_null(strstr(report, "torn at 4096-byte sectors"));
	off_t		size = size_of("torn");

	assert_true(size >= TORN_SECTORS * SECTOR);
	assert_true(size <= (TORN_FIRST + TORN_PARTS) * SECTOR);
	assert_int_equal(size % SECTOR, 0);
	for (int s = 0; s < TORN_FIRST; s++)
		assert_bytes("torn", (off_t) s * SECTOR, SECTOR, 'O');	/* older write undone */
	for (int i = 0; i < TORN_PARTS; i++)
	{
		int			s = TORN_FIRST + i;
		off_t		off = (off_t) s * SECTOR;
		bool		beyond_old_eof = s >= TORN_SECTORS;

		if (off >= size)
		{
			assert_true(beyond_old_eof);
			pattern[i] = 'o';
		}
		else if (all_bytes("torn", off, SECTOR, 'N'))
		{
			pattern[i] = 'N';
			last_new = (char) s;
		}
		else if (all_bytes("torn", off, SECTOR, beyond_old_eof ? '\0' : 'O'))
			pattern[i] = 'o';
		else
			fail_msg("sector %d is neither entirely old nor entirely new", s);
	}
	pattern[TORN_PARTS] = '\0';
	/* The file ends with its last kept sector, or at the old size. */
	if (size > TORN_SECTORS * SECTOR)
		assert_int_equal(size, ((off_t) last_new + 1) * SECTOR);

	char		shown[TORN_PARTS + 3];

	snprintf(shown, sizeof(shown), "[%s]", pattern);
	assert_non_null(strstr(report, shown));
}

static void
test_torn_deterministic(void **state)
{
	char		p1[TORN_PARTS + 1],
				p2[TORN_PARTS + 1],
				p3[TORN_PARTS + 1];

	(void) state;
	torn_run(42, p1);
	torn_run(42, p2);
	torn_run(4242, p3);
	print_message("seed 42: %s, again: %s, seed 4242: %s\n", p1, p2, p3);
	assert_string_equal(p1, p2);
	assert_string_not_equal(p1, p3);
	/* A tear, not a full undo or a full keep. */
	assert_non_null(strchr(p1, 'N'));
	assert_non_null(strchr(p1, 'o'));
}

/* An unaligned newest write at 512-byte sectors: each piece whole. */
static void
test_torn_unaligned_pieces_whole(void **state)
{
	const off_t off = 1000;
	const size_t len = 5000;
	int			old_pieces = 0,
				new_pieces = 0;

	(void) state;
	make_synced("rel", 1, 'O', false);
	int			fd = open_rw("rel");

	put(fd, off, len, 'N');
	fo_close(fd);
	assert_int_equal(rollback(512, 7), 1);
	assert_non_null(strstr(report, "parts kept new"));
	assert_int_equal(size_of("rel"), BLCKSZ);
	assert_bytes("rel", 0, (size_t) off, 'O');
	assert_bytes("rel", off + (off_t) len, BLCKSZ - (size_t) off - len, 'O');
	for (off_t start = off; start < off + (off_t) len;)
	{
		off_t		end = Min((start / 512 + 1) * 512, off + (off_t) len);

		if (all_bytes("rel", start, (size_t) (end - start), 'N'))
			new_pieces++;
		else if (all_bytes("rel", start, (size_t) (end - start), 'O'))
			old_pieces++;
		else
			fail_msg("piece [%lld, %lld) is mixed", (long long) start, (long long) end);
		start = end;
	}
	assert_int_equal(old_pieces + new_pieces, 11);
	assert_true(old_pieces > 0);
	assert_true(new_pieces > 0);
}

static void
test_rename_and_unlink(void **state)
{
	(void) state;
	make_synced("a.tmp", 2, 'O', false);
	int			fd = open_rw("a.tmp");

	put(fd, 0, BLCKSZ, 'X');
	fo_close(fd);
	assert_int_equal(fo_rename("a.tmp", "a"), 0);

	make_synced("gone", 1, 'O', false);
	fd = open_rw("gone");
	put(fd, 0, 10, 'X');
	fo_close(fd);
	assert_int_equal(journal_files(), 2);
	assert_int_equal(fo_unlink("gone"), 0);
	assert_int_equal(journal_files(), 1);

	/* fsync of a directory is not journaled and does not disturb others. */
	assert_int_equal(fo_fsync_dir("."), 0);

	assert_int_equal(rollback(0, 1), 1);
	assert_non_null(strstr(report, "a: undid 1 writes"));	/* the new name */
	assert_bytes("a", 0, 2 * BLCKSZ, 'O');
}

static void
test_disabled_records_nothing(void **state)
{
	static const int off = 0;
	static int	on = 0;

	(void) state;
	powerloss_set_enabled_word(&off);
	make_synced("rel", 2, 'O', false);
	int			fd = open_rw("rel");

	put(fd, 0, BLCKSZ, 'X');
	assert_int_equal(fo_ftruncate(fd, BLCKSZ), 0);
	assert_int_equal(journal_files(), 0);
	assert_int_equal(rollback(0, 1), 0);
	assert_bytes("rel", 0, BLCKSZ, 'X');
	assert_int_equal(size_of("rel"), BLCKSZ);

	/* The control word switches it on for the next write. */
	powerloss_set_enabled_word(&on);
	put(fd, 0, 10, 'Y');
	assert_int_equal(journal_files(), 0);	/* word still 0 */
	on = 1;
	put(fd, 0, 10, 'Z');
	fo_close(fd);
	assert_int_equal(journal_files(), 1);
	assert_int_equal(rollback(0, 1), 1);
	assert_bytes("rel", 0, 10, 'Y');
	assert_bytes("rel", 10, BLCKSZ - 10, 'X');

	/* Switched off with a journal left: discard it, nothing rolls back. */
	fd = open_rw("rel");
	put(fd, 0, 10, 'W');
	fo_close(fd);
	on = 0;
	assert_int_equal(powerloss_discard_all(NULL), 1);
	assert_int_equal(journal_files(), 0);
	assert_int_equal(rollback(0, 1), 0);
	assert_bytes("rel", 0, 10, 'W');
}

#else							/* !MINIPG_FAULTS */

static void
test_release_has_no_journal(void **state)
{
	(void) state;
	make_synced("rel", 1, 'O', false);
	int			fd = open_rw("rel");

	put(fd, 0, 10, 'X');
	fo_close(fd);
	assert_int_equal(journal_files(), 0);
	errno = 0;
	assert_int_equal(powerloss_rollback_all(NULL, 0, 1, report, sizeof(report)), -1);
	assert_int_equal(errno, ENOSYS);
	assert_bytes("rel", 0, 10, 'X');
}

#endif							/* MINIPG_FAULTS */

static int
setup(void **state)
{
	(void) state;
	snprintf(testdir, sizeof(testdir), "/tmp/minipg_test_powerloss_XXXXXX");
	if (mkdtemp(testdir) == NULL || chdir(testdir) != 0)
		return -1;
	powerloss_enable_for_tests(JOURNAL_DIR);
	return 0;
}

static int
teardown(void **state)
{
	char		cmd[128];

	(void) state;
	powerloss_set_enabled_word(NULL);
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
		cmocka_unit_test_setup_teardown(test_synced_survives, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unsynced_gone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unsynced_overlapping_undone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_extension_undone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncation_undone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_trunc_write_only_undone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_processes_fsync_from_other, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_writers_exact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_partial_entry_overwritten, setup, teardown),
		cmocka_unit_test_setup_teardown(test_torn_deterministic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_torn_unaligned_pieces_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rename_and_unlink, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disabled_records_nothing, setup, teardown),
#else
		cmocka_unit_test_setup_teardown(test_release_has_no_journal, setup, teardown),
#endif
	};

	memctx_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
