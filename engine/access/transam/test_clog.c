/*-------------------------------------------------------------------------
 * test_clog.c
 *	  Unit tests of the commit log (clog.c): statuses, the on-disk format
 *	  of pg_xact/, the page cache, the per-group commit LSNs, and the
 *	  invariants clog.h states (the WAL rule for CLOG pages, statuses lost
 *	  in a crash coming back from WAL, CLOG set before the proc array).
 *
 * What:
 *	- a fresh cluster: every xid reads "in progress" with no commit LSN,
 *	  on pages and segments never written, without creating any file;
 *	  the special xids (bootstrap, frozen: committed; invalid: aborted);
 *	- the four xids sharing one byte take every combination of statuses
 *	  (3^4) without disturbing each other, and after clog_checkpoint the
 *	  byte on disk is exactly sum(status << 2 * (xid % 4)) (clog.h);
 *	- statuses of xids in windows at the start, middle and end of 70
 *	  pages (more than the CLOG_BUFFERS cached pages, three segments) and
 *	  one page in segment 000A read back through evictions, reach disk at
 *	  clog_checkpoint exactly as clog.h lays them out (files 0000, 0001,
 *	  0002, 000A with the exact sizes; every other entry zero), and read
 *	  back the same in a new process started after a SIGKILL;
 *	- a segment file shorter than a page (a partly written page): the
 *	  bytes present are read, the rest as zeroes, and writing the page
 *	  back keeps them;
 *	- commit LSNs per group of CLOG_XACTS_PER_LSN_GROUP xids, beyond what
 *	  test_wal_recovery.c checks: an abort's LSN counts (and raises the
 *	  group's), an older or invalid LSN leaves it (it is the maximum),
 *	  every member of the group and no neighbour reports it, groups at a page boundary are independent,
 *	  a checkpoint keeps it (the page stays loaded), an eviction resets
 *	  it to 0 ("none since the page was loaded") after flushing WAL past
 *	  it, and the status itself survives;
 *	- the WAL rule: a page holding an asynchronous commit whose record is
 *	  not flushed reaches disk (at clog_checkpoint, and when evicted by
 *	  reads of other pages) only with WAL flushed past that record;
 *	- a crash: committed and aborted statuses that never reached pg_xact
 *	  come back from their WAL records in recovery; an asynchronous
 *	  commit whose record was never written stays "in progress" in CLOG
 *	  (xid_status: aborted);
 *	- with fault points compiled in: a backend dying right after its
 *	  commit record is flushed leaves CLOG unset (replay then sets it);
 *	  one dying right after CLOG is set is still in the proc array
 *	  (xact.h's commit order, which clog.h relies on).
 * How: every engine instance runs in a forked child (standalone_init in a
 * temporary data directory) that fails with a message and exit status 3;
 * a crash is SIGKILL, and a restart is a new child recovering the same
 * directory, so shared memory really starts empty.  Expected statuses
 * come from a hash of the xid; the files are decoded here from clog.h's
 * description, independently of clog.c.  Commit LSNs are ends of real
 * records inserted with wal_insert_simple (a CLOG page write flushes WAL
 * up to them).
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
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

#include "access/transam/checkpoint.h"
#include "access/transam/clog.h"
#include "access/transam/snapshot.h"
#include "access/transam/xact.h"
#include "access/wal/wal.h"
#include "access/wal/walformat.h"
#include "access/wal/walinsert.h"
#include "postmaster/standalone.h"
#include "postmaster/test_child.h"
#include "storage/lmgr/lwlock.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

#ifdef MINIPG_FAULTS
#include <fiu-control.h>

#include "faults/fault_control.h"
#endif

#define XACTS_PER_SEGMENT ((TransactionId) CLOG_XACTS_PER_PAGE * CLOG_PAGES_PER_SEGMENT)
#define PAGE_FIRST_XID(p) ((TransactionId) (p) * CLOG_XACTS_PER_PAGE)

/* ---- what children report to the parent (a shared mapping) ---- */

typedef struct ChildReport
{
	TransactionId committed;	/* a synchronous commit */
	TransactionId aborted;
	TransactionId async_committed;	/* record never written */
	TransactionId died_after_flush; /* PANIC after its commit record's flush */
	TransactionId died_after_clog;	/* PANIC after CLOG said committed */
	XLogRecPtr	before_commit;	/* insert position before a commit */
} ChildReport;

static ChildReport *report;

/* Children take only the data directory (test_child.h's run_child_in). */
typedef void (*ChildFn) (const char *dir);

static ChildFn current_child;

static void
call_current_child(const char *dir, int arg)
{
	(void) arg;
	current_child(dir);
}

/* Run fn(dir) in a child process; returns its wait status. */
static int
run_child(ChildFn fn, const char *dir)
{
	current_child = fn;
	return run_child_in(call_current_child, dir, 0);
}

static void
assert_killed(int status, const char *what)
{
	assert_child_killed(status, SIGKILL, what);
}

/*
 * Start the engine in dir: create a cluster (and checkpoint it, so that a
 * later restart has a checkpoint to recover from) or recover the one
 * there, as the startup process does.
 */
static void
child_start(const char *dir, bool create)
{
	memctx_init();
	guc_init();
	guc_fsync = false;			/* process crashes only: the kernel keeps writes */
	guc_log_checkpoints = false;
	guc_max_connections = 4;
	standalone_init(dir, create);
	if (create)
		checkpoint_perform(CHECKPOINT_IMMEDIATE | CHECKPOINT_FORCE);
}

/* ---- reading pg_xact independently of clog.c (clog.h's layout) ---- */

/* One segment file read whole; absent files have size 0. */
typedef struct SegmentImage
{
	unsigned	segno;
	size_t		size;
	unsigned char *bytes;
} SegmentImage;

/* dir may be "." (in a child, whose working directory is the cluster). */
static bool
segment_load(const char *dir, unsigned segno, SegmentImage *img)
{
	char		path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/pg_xact/%04X", dir, segno);
	img->segno = segno;
	img->size = 0;
	img->bytes = NULL;

	int			fd = open(path, O_RDONLY);

	if (fd < 0)
		return false;
	if (fstat(fd, &st) != 0)
		abort();
	img->size = (size_t) st.st_size;
	img->bytes = malloc(img->size + 1);
	if (img->bytes == NULL || pread(fd, img->bytes, img->size, 0) != (ssize_t) img->size)
		abort();
	close(fd);
	return true;
}

static void
segment_free(SegmentImage *img)
{
	free(img->bytes);
	img->bytes = NULL;
}

/* The 2-bit entry of x, which must lie in img's segment: page
 * (x / CLOG_XACTS_PER_PAGE) % CLOG_PAGES_PER_SEGMENT of the file, byte
 * (x % CLOG_XACTS_PER_PAGE) / 4, bits 2 * (x % 4).  Past the end: 0. */
static int
segment_entry(const SegmentImage *img, TransactionId x)
{
	size_t		off = (size_t) ((x / CLOG_XACTS_PER_PAGE) % CLOG_PAGES_PER_SEGMENT) * BLCKSZ +
		(x % CLOG_XACTS_PER_PAGE) / 4;

	if (x / XACTS_PER_SEGMENT != img->segno)
		abort();
	return off < img->size ? (img->bytes[off] >> (2 * (x % 4))) & 3 : 0;
}

/* x's entry on disk now (0 if its file or byte is not there). */
static int
disk_status(const char *dir, TransactionId x)
{
	SegmentImage img;

	segment_load(dir, x / XACTS_PER_SEGMENT, &img);

	int			s = segment_entry(&img, x);

	segment_free(&img);
	return s;
}

/* Number of files in dir/pg_xact. */
static int
pg_xact_file_count(const char *dir)
{
	char		path[512];
	int			n = 0;
	struct dirent *e;

	snprintf(path, sizeof(path), "%s/pg_xact", dir);

	DIR		   *d = opendir(path);

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* ---- checks inside children ---- */

/* clog_get_status_lsn(x) must give want (and want_lsn unless
 * ANY_LSN), and leave no lwlock held. */
#define ANY_LSN ((XLogRecPtr) UINT64_MAX)

static void
expect_clog(int line, TransactionId x, int want, XLogRecPtr want_lsn)
{
	XLogRecPtr	lsn = 12345;
	int			got = clog_get_status_lsn(x, &lsn);

	if (got != want || (want_lsn != ANY_LSN && lsn != want_lsn) || lwlock_num_held() != 0)
	{
		fprintf(stderr, "line %d: xid %u: status %d lsn %llX (expected %d lsn %llX), %d lwlocks held\n",
				line, x, got, (unsigned long long) lsn, want, (unsigned long long) want_lsn,
				lwlock_num_held());
		_exit(3);
	}
}

#define EXPECT_CLOG(x, want, lsn) expect_clog(__LINE__, (x), (want), (lsn))

static void
set_status(TransactionId x, int status, XLogRecPtr lsn)
{
	clog_set_status(x, status, lsn);
	CHILD_CHECK(lwlock_num_held() == 0);
}

/*
 * Read one xid on each of CLOG_BUFFERS pages starting at first_page, none
 * of them resident: afterwards no page loaded before is resident any
 * more (each load replaces the least recently used page, and these are
 * all newer than every earlier one), so dirty ones have been written.
 */
static void
evict_every_page(int first_page)
{
	for (int p = first_page; p < first_page + CLOG_BUFFERS; p++)
		EXPECT_CLOG(PAGE_FIRST_XID(p) + 7, CLOG_STATUS_IN_PROGRESS, InvalidXLogRecPtr);
}

/* A real commit record (for a made-up xid); returns its end LSN. */
static XLogRecPtr
insert_commit_record(TransactionId xid)
{
	WalXactFinish f;

	memset(&f, 0, sizeof(f));
	return wal_insert_simple(RM_XACT, WAL_XACT_COMMIT, xid, &f, sizeof(f), NULL);
}

/* Run one transaction that takes an xid; commit or abort it. */
static TransactionId
one_transaction(bool commit)
{
	xact_start_command();

	TransactionId xid = xact_get_xid();

	if (commit)
		xact_commit_command();
	else
		xact_abort_current();
	CHILD_CHECK(TransactionIdIsNormal(xid));
	return xid;
}

/* ---- a fresh cluster ---- */

static void
fresh_child(const char *dir)
{
	child_start(dir, true);

	int			files_before = pg_xact_file_count(".");
	const TransactionId samples[] = {
		FirstNormalTransactionId,
		FirstNormalTransactionId + 1,
		PAGE_FIRST_XID(1) - 1,		/* last xid of page 0 */
		PAGE_FIRST_XID(1),			/* first of page 1 */
		XACTS_PER_SEGMENT - 1,		/* last of segment 0000 */
		XACTS_PER_SEGMENT,			/* first of segment 0001 */
		PAGE_FIRST_XID(200) + 12345,
		0x7FFFFFFFu,
		0xFFFFFFF0u,				/* segment 0FFF, the last one */
		0xFFFFFFFFu,
	};

	for (size_t i = 0; i < lengthof(samples); i++)
	{
		/* Never set: in progress, no commit LSN ... */
		EXPECT_CLOG(samples[i], CLOG_STATUS_IN_PROGRESS, InvalidXLogRecPtr);
		/* ... and nothing on disk to say otherwise. */
		CHILD_CHECK(disk_status(".", samples[i]) == 0);
	}
	/* Reading pages that were never written creates no file. */
	CHILD_CHECK(pg_xact_file_count(".") == files_before);

	/*
	 * The special xids never have CLOG entries: rows written by bootstrap
	 * (and frozen ones) are committed for everyone, an invalid xid never
	 * committed anything.
	 */
	EXPECT_CLOG(BootstrapTransactionId, CLOG_STATUS_COMMITTED, InvalidXLogRecPtr);
	EXPECT_CLOG(FrozenTransactionId, CLOG_STATUS_COMMITTED, InvalidXLogRecPtr);
	EXPECT_CLOG(InvalidTransactionId, CLOG_STATUS_ABORTED, InvalidXLogRecPtr);
	CHILD_CHECK(pg_xact_file_count(".") == files_before);

	/* A checkpoint with nothing set writes nothing either. */
	clog_checkpoint();
	CHILD_CHECK(lwlock_num_held() == 0);
	CHILD_CHECK(pg_xact_file_count(".") == files_before);
}

static void
test_fresh_xids_in_progress(void **state)
{
	(void) state;
	char	   *dir = standalone_temp_datadir("clogfresh");

	assert_exited_ok(run_child(fresh_child, dir), "fresh cluster");
	standalone_remove_datadir(dir);
}

/* ---- the four xids of one byte ---- */

/* Base of the xids: byte-aligned, somewhere inside page 3. */
#define BYTE_BASE	(PAGE_FIRST_XID(3) + 4 * 1000)
#define N_COMBOS	81			/* 3^4 */

/* Status of member m (0..3) of the byte for combination c. */
static int
combo_status(int c, int m)
{
	for (int i = 0; i < m; i++)
		c /= 3;
	return c % 3;
}

static void
byte_child(const char *dir)
{
	child_start(dir, true);

	/*
	 * Combination c uses the byte of xids BYTE_BASE + 4c .. + 4c + 3.  Set
	 * the members last-first, so each write lands next to bits already
	 * set; a write that clobbered its neighbours would show below.
	 */
	for (int c = 0; c < N_COMBOS; c++)
		for (int m = 3; m >= 0; m--)
		{
			int			s = combo_status(c, m);

			if (s != CLOG_STATUS_IN_PROGRESS)
				set_status(BYTE_BASE + 4 * (TransactionId) c + (TransactionId) m, s,
						   InvalidXLogRecPtr);
		}
	for (int c = 0; c < N_COMBOS; c++)
		for (int m = 0; m < 4; m++)
			EXPECT_CLOG(BYTE_BASE + 4 * (TransactionId) c + (TransactionId) m, combo_status(c, m),
						InvalidXLogRecPtr);
	/* The bytes around the combinations were not touched. */
	EXPECT_CLOG(BYTE_BASE - 1, CLOG_STATUS_IN_PROGRESS, InvalidXLogRecPtr);
	EXPECT_CLOG(BYTE_BASE + 4 * N_COMBOS, CLOG_STATUS_IN_PROGRESS, InvalidXLogRecPtr);

	/* Not on disk until a checkpoint (or an eviction) writes the page. */
	CHILD_CHECK(disk_status(".", BYTE_BASE + 4 + 0) == 0);
	clog_checkpoint();
	CHILD_CHECK(lwlock_num_held() == 0);

	/* On disk, byte by byte, exactly as clog.h describes it. */
	SegmentImage img;

	CHILD_CHECK(segment_load(".", 0, &img));
	CHILD_CHECK(img.size == 4 * BLCKSZ);	/* pages 0..3; page 3 is the last written */
	for (int c = 0; c < N_COMBOS; c++)
	{
		TransactionId first = BYTE_BASE + 4 * (TransactionId) c;
		size_t		off = 3 * (size_t) BLCKSZ + (first % CLOG_XACTS_PER_PAGE) / 4;
		int			want = 0;

		for (int m = 0; m < 4; m++)
			want |= combo_status(c, m) << (2 * m);
		if (img.bytes[off] != want)
		{
			fprintf(stderr, "byte %zu holds 0x%02X, expected 0x%02X\n", off, img.bytes[off], want);
			_exit(3);
		}
	}
	/* Every other byte of the file is zero. */
	size_t		lo = 3 * (size_t) BLCKSZ + (BYTE_BASE % CLOG_XACTS_PER_PAGE) / 4;

	for (size_t off = 0; off < img.size; off++)
		CHILD_CHECK((off >= lo && off < lo + N_COMBOS) || img.bytes[off] == 0);
	segment_free(&img);
}

static void
test_status_bits_of_one_byte(void **state)
{
	(void) state;
	char	   *dir = standalone_temp_datadir("clogbyte");

	assert_exited_ok(run_child(byte_child, dir), "one byte");
	standalone_remove_datadir(dir);
}

/* ---- many pages, several segments, a restart ---- */

#define MANY_PAGES	70			/* > CLOG_BUFFERS; segments 0000-0002 */
#define WINDOW		96
#define FAR_PAGE	(10 * CLOG_PAGES_PER_SEGMENT + 5)	/* in segment 000A */

static bool
in_window(TransactionId x)
{
	TransactionId p = x / CLOG_XACTS_PER_PAGE;
	TransactionId o = x % CLOG_XACTS_PER_PAGE;

	if (p >= MANY_PAGES && p != FAR_PAGE)
		return false;
	return o < WINDOW ||
		(o >= CLOG_XACTS_PER_PAGE / 2 - WINDOW / 2 + 3 && o < CLOG_XACTS_PER_PAGE / 2 + WINDOW / 2 + 3) ||
		o >= CLOG_XACTS_PER_PAGE - WINDOW;
}

/* The status the workload gives x: 0 (never set), 1 or 2 by a hash. */
static int
planned_status(TransactionId x)
{
	if (!TransactionIdIsNormal(x) || !in_window(x))
		return CLOG_STATUS_IN_PROGRESS;

	uint32_t	h = x * 2654435761u;

	h ^= h >> 15;
	return (int) (h % 3);
}

/* Call fn(x) for every normal xid of the windows, page by page. */
static void
for_each_window_xid(void (*fn) (TransactionId x))
{
	for (int p = 0; p <= FAR_PAGE; p++)
	{
		if (p >= MANY_PAGES && p != FAR_PAGE)
			continue;
		for (TransactionId o = 0; o < CLOG_XACTS_PER_PAGE; o++)
			if (TransactionIdIsNormal(PAGE_FIRST_XID(p) + o) && in_window(PAGE_FIRST_XID(p) + o))
				fn(PAGE_FIRST_XID(p) + o);
	}
}

static void
set_planned(TransactionId x)
{
	int			s = planned_status(x);

	if (s != CLOG_STATUS_IN_PROGRESS)
		set_status(x, s, InvalidXLogRecPtr);
}

static void
check_planned(TransactionId x)
{
	/* No commit LSN was given, so none is reported either. */
	EXPECT_CLOG(x, planned_status(x), InvalidXLogRecPtr);
}

static void
many_pages_write_child(const char *dir)
{
	child_start(dir, true);

	/* Setting in page order evicts the first pages while the last ones
	 * load (MANY_PAGES > CLOG_BUFFERS): they are written then. */
	for_each_window_xid(set_planned);

	TransactionId first_set = FirstNormalTransactionId;

	while (planned_status(first_set) == CLOG_STATUS_IN_PROGRESS)
		first_set++;
	CHILD_CHECK(first_set < WINDOW);
	CHILD_CHECK(disk_status(".", first_set) == planned_status(first_set));
	/* Reading back loads the evicted pages from disk and evicts others. */
	for_each_window_xid(check_planned);
	/* Between the windows, and past the last page: never set. */
	for (TransactionId x = FirstNormalTransactionId; x < PAGE_FIRST_XID(MANY_PAGES + 1); x += 1009)
		EXPECT_CLOG(x, planned_status(x), InvalidXLogRecPtr);

	clog_checkpoint();
	CHILD_CHECK(lwlock_num_held() == 0);
	/* No shutdown: whatever is only in shared memory is lost now. */
	crash_now();
}

static void
many_pages_read_child(const char *dir)
{
	child_start(dir, false);
	for_each_window_xid(check_planned);
	for (TransactionId x = FirstNormalTransactionId; x < PAGE_FIRST_XID(MANY_PAGES + 1); x += 1009)
		EXPECT_CLOG(x, planned_status(x), InvalidXLogRecPtr);
	EXPECT_CLOG(PAGE_FIRST_XID(FAR_PAGE + 1), CLOG_STATUS_IN_PROGRESS, InvalidXLogRecPtr);
}

/* Every entry of segment segno must be planned_status(); the file holds
 * pages up to the last one written, nothing more. */
static void
assert_segment_file(const char *dir, unsigned segno, size_t want_size)
{
	SegmentImage img;

	if (!segment_load(dir, segno, &img))
		fail_msg("pg_xact/%04X is missing", segno);
	assert_int_equal(img.size, want_size);
	for (TransactionId o = 0; o < XACTS_PER_SEGMENT; o++)
	{
		TransactionId x = segno * XACTS_PER_SEGMENT + o;

		if (segment_entry(&img, x) != planned_status(x))
			fail_msg("pg_xact/%04X: xid %u is %d on disk, expected %d", segno, x,
					 segment_entry(&img, x), planned_status(x));
	}
	segment_free(&img);
}

static void
test_many_pages_and_segments(void **state)
{
	(void) state;
	char	   *dir = standalone_temp_datadir("clogmany");

	assert_killed(run_child(many_pages_write_child, dir), "setting statuses on 71 pages");

	/*
	 * The files, decoded here: 0000 and 0001 full (32 pages each), 0002
	 * with pages 64..69, 000A up to page 5 of the segment (the pages
	 * before it are a hole that reads as zeroes), and no other file
	 * (segment names are four upper-case hex digits).
	 */
	assert_int_equal(pg_xact_file_count(dir), 4);
	assert_segment_file(dir, 0, CLOG_PAGES_PER_SEGMENT * (size_t) BLCKSZ);
	assert_segment_file(dir, 1, CLOG_PAGES_PER_SEGMENT * (size_t) BLCKSZ);
	assert_segment_file(dir, 2, (MANY_PAGES - 2 * CLOG_PAGES_PER_SEGMENT) * (size_t) BLCKSZ);
	assert_segment_file(dir, 10, (FAR_PAGE % CLOG_PAGES_PER_SEGMENT + 1) * (size_t) BLCKSZ);

	char		path[512];

	snprintf(path, sizeof(path), "%s/pg_xact/000A", dir);
	assert_int_equal(access(path, F_OK), 0);

	/* A new process (fresh shared memory) reads them back. */
	assert_exited_ok(run_child(many_pages_read_child, dir), "reading statuses after a restart");
	standalone_remove_datadir(dir);
}

/* ---- a segment file shorter than a page ---- */

#define SHORT_PAGE	(3 * CLOG_PAGES_PER_SEGMENT)	/* first page of segment 0003 */
#define SHORT_BYTES 100

/* The status stored in the partial file for the i-th xid of the page. */
static int
short_file_status(TransactionId i)
{
	return (int) ((i * 7 + i / 5) % 3);
}

static void
short_file_child(const char *dir)
{
	child_start(dir, true);

	/* Page SHORT_PAGE partly written: only its first SHORT_BYTES bytes. */
	unsigned char bytes[SHORT_BYTES];

	memset(bytes, 0, sizeof(bytes));
	for (TransactionId i = 0; i < 4 * SHORT_BYTES; i++)
		bytes[i / 4] |= (unsigned char) (short_file_status(i) << (2 * (i % 4)));

	int			fd = open("pg_xact/0003", O_WRONLY | O_CREAT | O_EXCL, 0600);

	CHILD_CHECK(fd >= 0);
	CHILD_CHECK(write(fd, bytes, sizeof(bytes)) == (ssize_t) sizeof(bytes));
	close(fd);

	const TransactionId base = PAGE_FIRST_XID(SHORT_PAGE);

	/* The bytes present are read; the rest of the page, and the next
	 * page (wholly past the end of the file), read as zeroes. */
	for (TransactionId i = 0; i < 4 * SHORT_BYTES; i++)
		EXPECT_CLOG(base + i, short_file_status(i), InvalidXLogRecPtr);
	for (TransactionId i = 4 * SHORT_BYTES; i < CLOG_XACTS_PER_PAGE; i += 37)
		EXPECT_CLOG(base + i, CLOG_STATUS_IN_PROGRESS, InvalidXLogRecPtr);
	EXPECT_CLOG(base + CLOG_XACTS_PER_PAGE, CLOG_STATUS_IN_PROGRESS, InvalidXLogRecPtr);
	EXPECT_CLOG(base + CLOG_XACTS_PER_PAGE + 4 * SHORT_BYTES - 1, CLOG_STATUS_IN_PROGRESS,
				InvalidXLogRecPtr);

	/* Setting one status past the old end and writing the page back
	 * gives a whole page that keeps the bytes read. */
	const TransactionId late = base + 5000;

	set_status(late, CLOG_STATUS_ABORTED, InvalidXLogRecPtr);
	clog_checkpoint();

	SegmentImage img;

	CHILD_CHECK(segment_load(".", 3, &img));
	CHILD_CHECK(img.size == BLCKSZ);
	CHILD_CHECK(memcmp(img.bytes, bytes, sizeof(bytes)) == 0);
	for (TransactionId i = 4 * SHORT_BYTES; i < CLOG_XACTS_PER_PAGE; i++)
		CHILD_CHECK(segment_entry(&img, base + i) ==
					(base + i == late ? CLOG_STATUS_ABORTED : CLOG_STATUS_IN_PROGRESS));
	segment_free(&img);
}

static void
test_partial_page_on_disk(void **state)
{
	(void) state;
	char	   *dir = standalone_temp_datadir("clogshort");

	assert_exited_ok(run_child(short_file_child, dir), "short segment file");
	standalone_remove_datadir(dir);
}

/* ---- commit LSNs per group ---- */

#define LSN_PAGE	20			/* a page nothing else uses */

static void
group_lsn_child(const char *dir)
{
	child_start(dir, true);

	/* Four real record ends, r[0] < r[1] < r[2] < r[3]. */
	const TransactionId g = PAGE_FIRST_XID(LSN_PAGE) + 2 * CLOG_XACTS_PER_LSN_GROUP;
	XLogRecPtr	r[4];

	for (int i = 0; i < 4; i++)
	{
		r[i] = insert_commit_record(g + (TransactionId) i);
		CHILD_CHECK(i == 0 || r[i] > r[i - 1]);
	}

	/* One commit: every member of the group (and no neighbour) reports
	 * its LSN; members' statuses are their own. */
	set_status(g + 5, CLOG_STATUS_COMMITTED, r[1]);
	for (TransactionId i = 0; i < CLOG_XACTS_PER_LSN_GROUP; i++)
		EXPECT_CLOG(g + i, i == 5 ? CLOG_STATUS_COMMITTED : CLOG_STATUS_IN_PROGRESS, r[1]);
	EXPECT_CLOG(g - 1, CLOG_STATUS_IN_PROGRESS, InvalidXLogRecPtr);
	EXPECT_CLOG(g + CLOG_XACTS_PER_LSN_GROUP, CLOG_STATUS_IN_PROGRESS, InvalidXLogRecPtr);

	/* An abort's LSN counts too, and raises the group's (conservative:
	 * its record may not be flushed). */
	set_status(g + 6, CLOG_STATUS_ABORTED, r[2]);
	EXPECT_CLOG(g + 5, CLOG_STATUS_COMMITTED, r[2]);
	EXPECT_CLOG(g + 6, CLOG_STATUS_ABORTED, r[2]);
	EXPECT_CLOG(g + CLOG_XACTS_PER_LSN_GROUP - 1, CLOG_STATUS_IN_PROGRESS, r[2]);

	/* An older LSN does not lower it: the group's LSN is the maximum. */
	set_status(g + 8, CLOG_STATUS_COMMITTED, r[0]);
	EXPECT_CLOG(g + 8, CLOG_STATUS_COMMITTED, r[2]);

	/* No LSN (replay of an old record, say) leaves the group's alone. */
	set_status(g + 7, CLOG_STATUS_COMMITTED, InvalidXLogRecPtr);
	EXPECT_CLOG(g + 7, CLOG_STATUS_COMMITTED, r[2]);
	EXPECT_CLOG(g + 5, CLOG_STATUS_COMMITTED, r[2]);

	/* The last group of the page and the first of the next are distinct
	 * groups on distinct pages. */
	const TransactionId last = PAGE_FIRST_XID(LSN_PAGE + 1) - 1;
	const TransactionId next = PAGE_FIRST_XID(LSN_PAGE + 1);

	set_status(last, CLOG_STATUS_COMMITTED, r[3]);
	EXPECT_CLOG(last - (CLOG_XACTS_PER_LSN_GROUP - 1), CLOG_STATUS_IN_PROGRESS, r[3]);
	EXPECT_CLOG(last - CLOG_XACTS_PER_LSN_GROUP, CLOG_STATUS_IN_PROGRESS, InvalidXLogRecPtr);
	EXPECT_CLOG(next, CLOG_STATUS_IN_PROGRESS, InvalidXLogRecPtr);
	set_status(next, CLOG_STATUS_COMMITTED, r[0]);
	EXPECT_CLOG(next + CLOG_XACTS_PER_LSN_GROUP - 1, CLOG_STATUS_IN_PROGRESS, r[0]);
	EXPECT_CLOG(last, CLOG_STATUS_COMMITTED, r[3]);
	EXPECT_CLOG(g + 5, CLOG_STATUS_COMMITTED, r[2]);

	/* A commit with a newer LSN than r[3] in page LSN_PAGE + 1, an
	 * unflushed one: the checkpoint below must flush WAL past it. */
	const XLogRecPtr newest = insert_commit_record(next + 1);

	set_status(next + 1, CLOG_STATUS_COMMITTED, newest);
	EXPECT_CLOG(next, CLOG_STATUS_COMMITTED, newest);
	CHILD_CHECK(wal_flushed_upto() < newest);

	/* A checkpoint writes the pages but keeps them (and their LSNs)
	 * loaded; WAL is then flushed past every one of those LSNs. */
	clog_checkpoint();
	CHILD_CHECK(wal_flushed_upto() >= newest);
	EXPECT_CLOG(g + 5, CLOG_STATUS_COMMITTED, r[2]);
	EXPECT_CLOG(last, CLOG_STATUS_COMMITTED, r[3]);
	EXPECT_CLOG(next + 1, CLOG_STATUS_COMMITTED, newest);
	CHILD_CHECK(disk_status(".", g + 6) == CLOG_STATUS_ABORTED);
	CHILD_CHECK(xid_commit_is_durable(g + 5));

	/* More changes, then eviction: a page (re)loaded from disk has no
	 * commit LSNs ("none since the page was loaded"); it was written
	 * only after WAL was flushed past its newest LSN, so the statuses
	 * are durable and 0 is right. */
	const XLogRecPtr r5 = insert_commit_record(g + 9);

	set_status(g + 9, CLOG_STATUS_COMMITTED, r5);
	EXPECT_CLOG(g + 9, CLOG_STATUS_COMMITTED, r5);
	CHILD_CHECK(wal_flushed_upto() < r5);
	CHILD_CHECK(!xid_commit_is_durable(g + 9));
	evict_every_page(1000);
	CHILD_CHECK(disk_status(".", g + 9) == CLOG_STATUS_COMMITTED);
	CHILD_CHECK(wal_flushed_upto() >= r5);
	EXPECT_CLOG(g + 5, CLOG_STATUS_COMMITTED, InvalidXLogRecPtr);
	EXPECT_CLOG(g + 6, CLOG_STATUS_ABORTED, InvalidXLogRecPtr);
	EXPECT_CLOG(g + 7, CLOG_STATUS_COMMITTED, InvalidXLogRecPtr);
	EXPECT_CLOG(g + 9, CLOG_STATUS_COMMITTED, InvalidXLogRecPtr);
	EXPECT_CLOG(last, CLOG_STATUS_COMMITTED, InvalidXLogRecPtr);
	EXPECT_CLOG(next + 1, CLOG_STATUS_COMMITTED, InvalidXLogRecPtr);
	CHILD_CHECK(xid_commit_is_durable(g + 9));
}

static void
test_group_commit_lsns(void **state)
{
	(void) state;
	char	   *dir = standalone_temp_datadir("cloglsn");

	assert_exited_ok(run_child(group_lsn_child, dir), "commit LSNs per group");
	standalone_remove_datadir(dir);
}

/* ---- the WAL rule for CLOG pages ---- */

/* An asynchronous commit; *end_out gets the insert position after it
 * (the end of its commit record) and the check that nothing after
 * *before_out is flushed. */
static TransactionId
async_commit(XLogRecPtr *before_out, XLogRecPtr *end_out)
{
	int			saved = guc_synchronous_commit;

	guc_synchronous_commit = SYNCHRONOUS_COMMIT_OFF;
	*before_out = wal_insert_position();

	TransactionId xid = one_transaction(true);

	*end_out = wal_insert_position();
	guc_synchronous_commit = saved;
	CHILD_CHECK(*end_out > *before_out);
	CHILD_CHECK(wal_flushed_upto() <= *before_out);
	return xid;
}

static void
wal_rule_child(const char *dir)
{
	XLogRecPtr	before,
				end;

	child_start(dir, true);

	/* At a checkpoint. */
	TransactionId x = async_commit(&before, &end);

	EXPECT_CLOG(x, CLOG_STATUS_COMMITTED, ANY_LSN);
	CHILD_CHECK(disk_status(".", x) == CLOG_STATUS_IN_PROGRESS);
	clog_checkpoint();
	CHILD_CHECK(disk_status(".", x) == CLOG_STATUS_COMMITTED);
	CHILD_CHECK(wal_flushed_upto() >= end);

	/* At an eviction: reads of other pages push the dirty page out. */
	TransactionId y = async_commit(&before, &end);

	CHILD_CHECK(y / CLOG_XACTS_PER_PAGE < 1000);
	EXPECT_CLOG(y, CLOG_STATUS_COMMITTED, ANY_LSN);
	CHILD_CHECK(disk_status(".", y) == CLOG_STATUS_IN_PROGRESS);
	evict_every_page(1000);
	CHILD_CHECK(disk_status(".", y) == CLOG_STATUS_COMMITTED);
	CHILD_CHECK(wal_flushed_upto() >= end);

	/* An abort record is not flushed by the abort, but it counts for the
	 * page: writing the page flushes it too. */
	before = wal_insert_position();

	TransactionId a = one_transaction(false);

	end = wal_insert_position();
	CHILD_CHECK(wal_flushed_upto() <= before && end > before);
	clog_checkpoint();
	CHILD_CHECK(disk_status(".", a) == CLOG_STATUS_ABORTED);
	CHILD_CHECK(wal_flushed_upto() >= end);
}

static void
test_wal_before_clog_page(void **state)
{
	(void) state;
	char	   *dir = standalone_temp_datadir("clogwal");

	assert_exited_ok(run_child(wal_rule_child, dir), "WAL rule");
	standalone_remove_datadir(dir);
}

/* ---- statuses lost in a crash come back from WAL ---- */

static void
crash_workload_child(const char *dir)
{
	child_start(dir, true);
	report->committed = one_transaction(true);
	report->aborted = one_transaction(false);
	/* The abort record is not flushed by the abort itself. */
	wal_flush(wal_insert_position());

	XLogRecPtr	before,
				end;

	report->async_committed = async_commit(&before, &end);
	/* Its record never even left the WAL buffers. */
	CHILD_CHECK(wal_written_upto() <= before);
	EXPECT_CLOG(report->committed, CLOG_STATUS_COMMITTED, ANY_LSN);
	EXPECT_CLOG(report->aborted, CLOG_STATUS_ABORTED, ANY_LSN);
	EXPECT_CLOG(report->async_committed, CLOG_STATUS_COMMITTED, ANY_LSN);
	/* None of it is in pg_xact: only WAL can bring it back. */
	CHILD_CHECK(disk_status(".", report->committed) == 0);
	CHILD_CHECK(disk_status(".", report->aborted) == 0);
	CHILD_CHECK(disk_status(".", report->async_committed) == 0);
	crash_now();
}

static void
crash_recover_child(const char *dir)
{
	child_start(dir, false);
	EXPECT_CLOG(report->committed, CLOG_STATUS_COMMITTED, ANY_LSN);
	EXPECT_CLOG(report->aborted, CLOG_STATUS_ABORTED, ANY_LSN);
	/* Lost with its record: no status, and not running, so aborted. */
	EXPECT_CLOG(report->async_committed, CLOG_STATUS_IN_PROGRESS, ANY_LSN);
	CHILD_CHECK(xid_status(report->async_committed) == XID_ABORTED);
	CHILD_CHECK(xid_status(report->committed) == XID_COMMITTED);
	/* The end-of-recovery checkpoint wrote the replayed statuses. */
	CHILD_CHECK(disk_status(".", report->committed) == CLOG_STATUS_COMMITTED);
	CHILD_CHECK(disk_status(".", report->aborted) == CLOG_STATUS_ABORTED);
}

static void
test_statuses_replayed_after_crash(void **state)
{
	(void) state;
	char	   *dir = standalone_temp_datadir("clogcrash");

	memset(report, 0, sizeof(*report));
	assert_killed(run_child(crash_workload_child, dir), "workload");
	assert_exited_ok(run_child(crash_recover_child, dir), "recovery");
	standalone_remove_datadir(dir);
}

/* ---- commit order around CLOG (fault points) ---- */

#ifdef MINIPG_FAULTS

/* In a second backend: commit with a PANIC at point (never returns). */
static void
commit_and_die_at(const char *point, TransactionId *xid_out)
{
	fault_arm_local_libfiu();
	CHILD_CHECK(fiu_enable(point, 1, NULL, 0) == 0);
	xact_start_command();
	*xid_out = xact_get_xid();
	report->before_commit = wal_insert_position();
	xact_commit_command();
	fprintf(stderr, "commit did not stop at %s\n", point);
	_exit(4);
}

/* Fork a backend that dies at point; returns once it has died of it. */
static void
backend_dies_at(const char *point, TransactionId *xid_out)
{
	fflush(stderr);

	pid_t		pid = standalone_fork();

	CHILD_CHECK(pid >= 0);
	if (pid == 0)
		commit_and_die_at(point, xid_out);

	int			status;

	CHILD_CHECK(waitpid(pid, &status, 0) == pid);
	CHILD_CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);	/* PANIC */
}

static void
commit_order_child(const char *dir)
{
	child_start(dir, true);

	/* Dead after flushing its commit record: CLOG does not say committed
	 * yet, but the record is durable. */
	backend_dies_at("xact/commit/after-wal-flush", &report->died_after_flush);
	CHILD_CHECK(TransactionIdIsNormal(report->died_after_flush));
	EXPECT_CLOG(report->died_after_flush, CLOG_STATUS_IN_PROGRESS, InvalidXLogRecPtr);
	CHILD_CHECK(wal_insert_position() > report->before_commit);
	CHILD_CHECK(wal_flushed_upto() == wal_insert_position());

	/* Dead after CLOG said committed: it has not left the proc array, so
	 * everyone still treats it as running (a snapshot must not see it as
	 * committed before it is gone from there). */
	backend_dies_at("xact/commit/after-clog-update", &report->died_after_clog);
	EXPECT_CLOG(report->died_after_clog, CLOG_STATUS_COMMITTED, ANY_LSN);
	CHILD_CHECK(xid_is_in_progress(report->died_after_clog));
	CHILD_CHECK(xid_status(report->died_after_clog) == XID_IN_PROGRESS);
	CHILD_CHECK(xid_in_snapshot(report->died_after_clog, snapshot_get_latest()));
	crash_now();
}

static void
commit_order_recover_child(const char *dir)
{
	child_start(dir, false);
	/* Both commit records were flushed: replay sets both statuses. */
	EXPECT_CLOG(report->died_after_flush, CLOG_STATUS_COMMITTED, ANY_LSN);
	EXPECT_CLOG(report->died_after_clog, CLOG_STATUS_COMMITTED, ANY_LSN);
	CHILD_CHECK(xid_status(report->died_after_flush) == XID_COMMITTED);
	CHILD_CHECK(xid_status(report->died_after_clog) == XID_COMMITTED);
}

static void
test_commit_order(void **state)
{
	(void) state;
	char	   *dir = standalone_temp_datadir("clogorder");

	memset(report, 0, sizeof(*report));
	assert_killed(run_child(commit_order_child, dir), "backends dying in commit");
	assert_exited_ok(run_child(commit_order_recover_child, dir), "recovery");
	standalone_remove_datadir(dir);
}

#endif							/* MINIPG_FAULTS */

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fresh_xids_in_progress),
		cmocka_unit_test(test_status_bits_of_one_byte),
		cmocka_unit_test(test_many_pages_and_segments),
		cmocka_unit_test(test_partial_page_on_disk),
		cmocka_unit_test(test_group_commit_lsns),
		cmocka_unit_test(test_wal_before_clog_page),
		cmocka_unit_test(test_statuses_replayed_after_crash),
#ifdef MINIPG_FAULTS
		cmocka_unit_test(test_commit_order),
#endif
	};

	memctx_init();
	guc_init();
	report = shared_with_children(sizeof(ChildReport));
	return cmocka_run_group_tests(tests, NULL, NULL);
}
