/*-------------------------------------------------------------------------
 * test_wal_recovery.c
 *	  Unit tests of WAL written by the real engine, of the reader's end-of-
 *	  WAL detection on damaged segment files, of crash recovery on real
 *	  data, and of the CLOG's commit LSNs.
 *
 * What:
 *	- reading engine WAL: a cluster gets a table with two indexes, a bulk
 *	  insert, an update, a rolled-back transaction; every record read back
 *	  from pg_wal matches an independent walk of the segment bytes
 *	  (walformat.h: page headers, 8-byte alignment, continuation), has a
 *	  CRC-32C equal to one computed bit by bit here, links to the record
 *	  before it, decodes, and wal_describe names it; the heap records of
 *	  each transaction are exactly the rows it wrote (one INSERT per row,
 *	  offsets 1, 2, 3... per page), followed by its COMMIT (or ABORT);
 *	  SMGR CREATE precedes the first page change of each new file; the
 *	  reader ends at the child's insert position on zeroes.
 *	- damaged WAL (in a scratch copy of pg_wal): the reader returns NULL
 *	  with the reason in errmsg, having returned exactly the records
 *	  before the damage, for: a zeroed tail, one flipped bit in any byte
 *	  of several records (padding between records is not part of them and
 *	  changes nothing), a record torn at a page boundary (continuation
 *	  page never written, or only its header), pages of a recycled segment
 *	  (old page addresses), a wrong magic number or timeline, bogus
 *	  tot_len values (0, 23, huge, the maximum, a little too long), a
 *	  wrong prev link or rmgr id under a valid CRC, and a different
 *	  system identifier.  An I/O error (a page read failing with EIO at
 *	  wal/reader/read-page, a segment open failing with EACCES) is not an
 *	  end: the reader says so (read_errno) with PostgreSQL's message.
 *	- crash recovery: a child commits rows (3000-row inserts, updates,
 *	  deletes and VACUUM, with a primary key and a second index, so heap
 *	  pages fill and B-tree pages split), rolls one transaction back,
 *	  leaves one open, and is SIGKILLed without a checkpoint; another
 *	  process recovers the data directory: exactly the committed rows are
 *	  visible, through sequential and index scans, the indexes pass
 *	  btree_verify, a key of the uncommitted transaction can be inserted
 *	  again, no xid named in WAL is handed out again; recovering again
 *	  after a crash right after recovery gives the same rows; new writes
 *	  after that survive a third crash.  Variants: with whatever the
 *	  buffer pool happened to write; with every dirty page (uncommitted
 *	  rows too) written before the crash, so replay runs over pages that
 *	  already hold its changes; the same with the second half of every
 *	  page of the table and its indexes torn (full-page images must repair
 *	  them); with a WAL page written but never flushed lost (recovery ends
 *	  there and zeroes the rest of the segment, so stale records can never
 *	  follow the new ones); with fault points compiled in, recovery itself
 *	  crashed half way and near the end (PANIC at
 *	  wal/recovery/before-record, with a tiny buffer pool so replayed pages
 *	  reach disk) and then completed.
 *	- DDL across a crash: DROP TABLE, TRUNCATE, CREATE TABLE in a rolled-
 *	  back and in an open transaction, all after the checkpoint: after
 *	  recovery (twice) only the committed catalog state exists and the
 *	  dropped files stay dropped.
 *	- a segment boundary: a record continued on the next segment's first
 *	  page (long header with the exact remaining length), read back and
 *	  replayed; without the next segment the WAL ends at that record.  The
 *	  WAL ring is 4 pages, smaller than one record.
 *	- CLOG: clog_set_status with an LSN makes clog_get_status_lsn return
 *	  it for every xid of the xid's group of CLOG_XACTS_PER_LSN_GROUP (and
 *	  not for the next group), keeps the newest one, and
 *	  xid_commit_is_durable is false until WAL is flushed past it (the
 *	  record is then on disk, checked with the reader); the same through a
 *	  real asynchronous commit and the WAL writer's flush.
 *	- relation extension lost in a power failure (the file is shorter than
 *	  the pages WAL restores): recovery must still rebuild the table.
 * How: every engine instance runs in a forked child (standalone_init in a
 * temporary data directory) that reports through a shared mapping and its
 * exit status, so crashes are real process deaths (SIGKILL, no checkpoint,
 * shared memory gone) and each recovery starts in a fresh process like
 * the startup process after a crash.  Expected rows are computed from the
 * workload's definition; expected WAL layout from walformat.h.
 *-------------------------------------------------------------------------
 */
#include "sql/test_sql_common.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "access/nbtree/nbtree.h"
#include "access/transam/checkpoint.h"
#include "access/transam/clog.h"
#include "access/transam/snapshot.h"
#include "access/wal/wal.h"
#include "access/wal/waldesc.h"
#include "access/wal/walformat.h"
#include "access/wal/walinsert.h"
#include "access/wal/walreader.h"
#include "catalog/relcache.h"
#include "postmaster/test_child.h"
#include "storage/smgr/smgr.h"
#include "utils/test_crc32c_ref.h"

#ifdef MINIPG_FAULTS
#include <fiu-control.h>

#include "faults/fault_control.h"
#include "faults/faultpoint.h"
#endif

/* ---- what children report to the parent (a shared mapping) ---- */

typedef struct ChildReport
{
	XLogRecPtr	insert_pos;		/* end of the WAL the child wrote */
	XLogRecPtr	checkpoint_end; /* end of its last checkpoint record */
	XLogRecPtr	flushed_upto;	/* WAL fsync'd (for the workload: at the crash) */
	RelFileLocator table_rl;
	RelFileLocator pkey_rl;
	RelFileLocator bidx_rl;
	uint64_t	system_identifier;
	TransactionId new_xid;		/* first xid assigned after recovery */
} ChildReport;

static ChildReport *report;

/* ---- an engine in a child ---- */

/*
 * Start the engine in dir: create a cluster (with catalogs and a first
 * checkpoint, as initdb leaves it) or recover the one there.
 */
static void
child_start(const char *dir, bool create, int shared_buffers)
{
	bool		superuser;

	memctx_init();
	guc_init();
	guc_fsync = false;			/* process crashes only: the kernel keeps writes */
	guc_log_checkpoints = false;
	guc_max_connections = 4;
	if (shared_buffers > 0)
		guc_shared_buffers_blocks = shared_buffers;
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

/* Run SQL; with expected, the output must equal it; without, no ERROR. */
static void
child_sql(const char *query, const char *expected)
{
	char	   *got = sql_run(query);

	if (expected != NULL ? strcmp(got, expected) != 0 : strncmp(got, "ERROR", 5) == 0)
	{
		fprintf(stderr, "child query: %s\nexpected:\n%s\ngot:\n%s\n", query,
				expected != NULL ? expected : "(no error)", got);
		_exit(3);
	}
}

/* Run SQL; the output must start with prefix (errors carry a position). */
static void
child_sql_prefix(const char *query, const char *prefix)
{
	char	   *got = sql_run(query);

	if (strncmp(got, prefix, strlen(prefix)) != 0)
	{
		fprintf(stderr, "child query: %s\nexpected to start with:\n%s\ngot:\n%s\n", query,
				prefix, got);
		_exit(3);
	}
}

static RelFileLocator
locator_of(const char *name)
{
	xact_start_command();
	Relation	rel = relation_openrv(NULL, name, false);
	RelFileLocator rl = rel->rd_locator;

	relation_close(rel);
	xact_commit_command();
	return rl;
}


/* walformat.h: CRC of the payload, then of the header up to crc. */
static uint32_t
record_crc(const char *rec, uint32_t tot_len)
{
	uint32_t	crc = ref_crc32c(0xFFFFFFFFu, rec + sizeof(WalRecordHeader),
								 tot_len - sizeof(WalRecordHeader));

	crc = ref_crc32c(crc, rec, offsetof(WalRecordHeader, crc));
	return crc ^ 0xFFFFFFFFu;
}

/* ---- the WAL bytes, walked independently of walreader.c ---- */

typedef struct RawRecord
{
	XLogRecPtr	start;
	XLogRecPtr	end;			/* aligned: where the next record starts */
	uint32_t	tot_len;
	char	   *bytes;			/* the record reassembled (tot_len bytes) */
} RawRecord;

typedef struct WalImage
{
	char	   *bytes;			/* segments WAL_FIRST_SEGMENT.. concatenated */
	size_t		len;
	int			nsegments;
	RawRecord  *recs;
	int			nrecs;
} WalImage;

static WalImage wal;
static char *reader_dir;		/* the cluster the reader tests read */
static char *scratch_dir;		/* a copy of its pg_wal to damage */

static XLogRecPtr
wal_base(void)
{
	return wal_segment_start(WAL_FIRST_SEGMENT);
}

static char *
wal_at(XLogRecPtr lsn)
{
	assert_true(lsn >= wal_base() && lsn - wal_base() < wal.len);
	return wal.bytes + (lsn - wal_base());
}

static size_t
page_header_size_at(XLogRecPtr page_start)
{
	return page_start % WAL_SEGMENT_SIZE == 0 ? sizeof(WalLongPageHeader) : sizeof(WalPageHeader);
}

/* The LSN of byte i of the record starting at start (page headers skipped). */
static XLogRecPtr
record_byte_lsn(XLogRecPtr start, size_t i)
{
	XLogRecPtr	pos = start;

	for (;;)
	{
		if (pos % WAL_PAGE_SIZE == 0)
			pos += page_header_size_at(pos);

		size_t		room = WAL_PAGE_SIZE - pos % WAL_PAGE_SIZE;

		if (i < room)
			return pos + i;
		i -= room;
		pos += room;
	}
}

static void
load_segments(const char *waldir)
{
	memset(&wal, 0, sizeof(wal));
	for (uint64_t seg = WAL_FIRST_SEGMENT;; seg++)
	{
		char		name[WAL_FILE_NAME_LEN + 1];
		char		path[1200];

		wal_file_name(name, WAL_TIMELINE, seg);
		snprintf(path, sizeof(path), "%s/%s", waldir, name);

		int			fd = open(path, O_RDONLY);

		if (fd < 0)
			break;
		wal.bytes = realloc(wal.bytes, wal.len + WAL_SEGMENT_SIZE);
		assert_non_null(wal.bytes);
		assert_int_equal(pread(fd, wal.bytes + wal.len, WAL_SEGMENT_SIZE, 0), WAL_SEGMENT_SIZE);
		close(fd);
		wal.len += WAL_SEGMENT_SIZE;
		wal.nsegments++;
	}
	assert_true(wal.nsegments >= 1);
}

/* Walk the records from the first one to the zero length after the last. */
static void
raw_walk(XLogRecPtr limit)
{
	XLogRecPtr	pos = wal_base() + sizeof(WalLongPageHeader);
	int			cap = 1024;

	wal.recs = malloc(sizeof(RawRecord) * (size_t) cap);
	while (pos < limit)
	{
		if (pos % WAL_PAGE_SIZE == 0)
			pos += page_header_size_at(pos);

		uint32_t	tot_len;

		memcpy(&tot_len, wal_at(pos), sizeof(tot_len));
		if (tot_len == 0)
			break;
		assert_true(tot_len >= WAL_RECORD_MIN_SIZE && tot_len <= WAL_MAX_RECORD_SIZE);
		if (wal.nrecs == cap)
		{
			cap *= 2;
			wal.recs = realloc(wal.recs, sizeof(RawRecord) * (size_t) cap);
		}

		RawRecord  *r = &wal.recs[wal.nrecs++];

		r->start = pos;
		r->tot_len = tot_len;
		r->bytes = malloc(tot_len);
		for (uint32_t i = 0; i < tot_len;)
		{
			XLogRecPtr	at = record_byte_lsn(r->start, i);
			size_t		n = Min((size_t) (tot_len - i), WAL_PAGE_SIZE - at % WAL_PAGE_SIZE);

			memcpy(r->bytes + i, wal_at(at), n);
			i += (uint32_t) n;
		}
		r->end = WAL_ALIGN(record_byte_lsn(r->start, tot_len - 1) + 1);
		pos = r->end;
	}
}

/* ---- the workload for the reader tests ---- */

#define READER_ROWS		200
#define READER_UPDATED	10

/* Insert one row of n bytes into wide; the WAL the statement wrote. */
static uint64_t
insert_wide(int n)
{
	char		sql[96];
	XLogRecPtr	before = wal_insert_position();

	snprintf(sql, sizeof(sql), "insert into wide values (repeat('f', %d))", n);
	child_sql(sql, "INSERT 0 1");
	return wal_insert_position() - before;
}

/*
 * Make a record start right after a page header (test_reader_torn_record
 * needs one; left to chance, whether any record does changes whenever the
 * engine logs a little more or less).  In one transaction each insert
 * writes exactly one record: fill the page with 200-byte rows, then size
 * the last row from the previous one's WAL so that its record ends where
 * the page does.  A row that lands on a new heap page logs a different
 * size, so try again on the next page if the fit missed.
 */
static void
fill_wal_page_exactly(void)
{
	child_sql("begin", "BEGIN");
	for (int attempt = 0; attempt < 8; attempt++)
	{
		uint64_t	step = insert_wide(200);
		uint64_t	room;

		while ((room = WAL_PAGE_SIZE - wal_insert_position() % WAL_PAGE_SIZE) > 600)
			step = insert_wide(200);
		if (room < step + 64)
			continue;			/* too close to size a row of the same kind */
		(void) insert_wide((int) (200 + room - step));

		XLogRecPtr	pos = wal_insert_position();
		XLogRecPtr	page = pos - pos % WAL_PAGE_SIZE;

		if (pos == page || pos == page + page_header_size_at(page))
		{
			child_sql("commit", "COMMIT");
			return;
		}
	}
	fprintf(stderr, "reader workload: could not end a record at a page boundary\n");
	_exit(3);
}

static void
reader_workload(const char *dir, int arg)
{
	(void) arg;
	child_start(dir, true, 0);
	child_sql("create table wide (b text)", "CREATE TABLE");
	/*
	 * Two records of more than 7 kB in a row: a WAL page is 8 kB, so at
	 * least one of them crosses a page boundary, whatever else the engine
	 * logs (the torn-record tests need such a record).
	 */
	child_sql("insert into wide values (repeat('x', 7500))", "INSERT 0 1");
	child_sql("insert into wide values (repeat('y', 7500))", "INSERT 0 1");
	fill_wal_page_exactly();
	child_sql("create table t (a int primary key, b text)", "CREATE TABLE");
	child_sql("create index t_b on t (b)", "CREATE INDEX");
	child_sql("insert into t select g, 'row ' || g from generate_series(1, 200) g", "INSERT 0 200");
	child_sql("begin", "BEGIN");
	child_sql("insert into t values (1000, 'rolled back')", "INSERT 0 1");
	child_sql("rollback", "ROLLBACK");
	child_sql("update t set b = 'updated' where a <= 10", "UPDATE 10");
	report->table_rl = locator_of("t");
	report->pkey_rl = locator_of("t_pkey");
	report->bidx_rl = locator_of("t_b");
	wal_flush(wal_insert_position());
	report->insert_pos = wal_insert_position();
	report->checkpoint_end = checkpoint_last_end();
	crash_now();
}

static char *
segment_path(const char *datadir, const char *sub, uint64_t segno)
{
	char		name[WAL_FILE_NAME_LEN + 1];
	char	   *path = malloc(1200);

	wal_file_name(name, WAL_TIMELINE, segno);
	snprintf(path, 1200, "%s/%s/%s", datadir, sub, name);
	return path;
}

/* Write (a part of) the pristine WAL image into the scratch copy. */
static void
scratch_write(XLogRecPtr from, const void *bytes, size_t len)
{
	while (len > 0)
	{
		uint64_t	seg = wal_segno(from);
		size_t		off = from % WAL_SEGMENT_SIZE;
		size_t		n = Min(len, (size_t) WAL_SEGMENT_SIZE - off);
		char	   *path = segment_path(scratch_dir, "pg_wal", seg);
		int			fd = open(path, O_WRONLY | O_CREAT, 0600);

		assert_true(fd >= 0);
		assert_int_equal(pwrite(fd, bytes, n, (off_t) off), (ssize_t) n);
		close(fd);
		free(path);
		from += n;
		bytes = (const char *) bytes + n;
		len -= n;
	}
}

/* Put the pristine bytes back over [from, from + len). */
static void
scratch_restore(XLogRecPtr from, size_t len)
{
	scratch_write(from, wal_at(from), len);
}

static int
reader_setup(void **state)
{
	(void) state;
	memset(report, 0, sizeof(*report));
	reader_dir = standalone_temp_datadir("walreader");
	assert_child_killed(run_child_in(reader_workload, reader_dir, 0), SIGKILL, "reader workload");
	assert_true(report->insert_pos > wal_base());

	char		waldir[1100];

	snprintf(waldir, sizeof(waldir), "%s/pg_wal", reader_dir);
	load_segments(waldir);
	raw_walk(report->insert_pos);
	memcpy(&report->system_identifier, wal.bytes + offsetof(WalLongPageHeader, system_identifier),
		   sizeof(uint64_t));

	/* The scratch copy: the same segment files. */
	scratch_dir = standalone_temp_datadir("walscratch");
	snprintf(waldir, sizeof(waldir), "%s/pg_wal", scratch_dir);
	assert_int_equal(mkdir(waldir, 0700), 0);
	scratch_write(wal_base(), wal.bytes, wal.len);
	return 0;
}

/* Before each damage test: the scratch copy equal to the original again
 * (a failed test may have left its damage behind). */
static int
scratch_reset(void **state)
{
	(void) state;
	scratch_write(wal_base(), wal.bytes, wal.len);
	return 0;
}

static int
reader_teardown(void **state)
{
	(void) state;
	standalone_remove_datadir(reader_dir);
	standalone_remove_datadir(scratch_dir);
	for (int i = 0; i < wal.nrecs; i++)
		free(wal.recs[i].bytes);
	free(wal.recs);
	free(wal.bytes);
	return 0;
}

/* ---- reading engine WAL ---- */

typedef struct XactTally
{
	TransactionId xid;
	int			heap_inserts;	/* on t */
	int			heap_set_xmax;	/* on t */
	XLogRecPtr	last_change;	/* start of its last change to t */
	XLogRecPtr	commit;			/* start of its COMMIT, or 0 */
	XLogRecPtr	abort;
} XactTally;

static XactTally *
tally_for(XactTally *t, int *n, TransactionId xid)
{
	for (int i = 0; i < *n; i++)
		if (t[i].xid == xid)
			return &t[i];
	assert_true(*n < 16);
	memset(&t[*n], 0, sizeof(t[*n]));
	t[*n].xid = xid;
	return &t[(*n)++];
}

static bool
block_ref_on(const WalDecoded *d, RelFileLocator rl, BlockNumber *blk)
{
	for (int i = 0; i < d->nblocks; i++)
		if (relfilelocator_equal(wal_relfile_locator(d->blocks[i].ref.rl), rl))
		{
			*blk = d->blocks[i].ref.blkno;
			return true;
		}
	return false;
}

static void
test_reader_reads_engine_wal(void **state)
{
	WalReader	r;
	const WalRecordHeader *h;
	XactTally	xacts[16];
	int			nxacts = 0;
	XLogRecPtr	prev = InvalidXLogRecPtr;
	XLogRecPtr	create_t = 0,
				create_pkey = 0,
				create_bidx = 0,
				first_t_change = 0;
	TransactionId first_xid = InvalidTransactionId;
	int			n = 0;
	int			crossing = 0;
	BlockNumber last_blk = InvalidBlockNumber;
	unsigned	last_off = 0;
	char		desc[512];
	char		expect[128];

	(void) state;
	walreader_init(&r, "", report->system_identifier);
	snprintf(r.waldir, sizeof(r.waldir), "%s/pg_wal", reader_dir);
	h = walreader_read(&r, wal.recs[0].start);
	for (; h != NULL; h = walreader_read(&r, InvalidXLogRecPtr), n++)
	{
		const RawRecord *raw = &wal.recs[n];
		WalDecoded	d;
		char		err[128];

		/* The reader and the independent walk agree byte for byte. */
		assert_true(n < wal.nrecs);
		assert_int_equal(r.read_ptr, raw->start);
		assert_int_equal(r.end_ptr, raw->end);
		assert_int_equal(h->tot_len, raw->tot_len);
		assert_memory_equal(h, raw->bytes, raw->tot_len);
		crossing += raw->start / WAL_PAGE_SIZE != (raw->end - 1) / WAL_PAGE_SIZE;

		/* CRC, back link, decoding, description. */
		assert_int_equal(h->crc, record_crc(raw->bytes, raw->tot_len));
		assert_int_equal(h->prev, prev);
		prev = r.read_ptr;
		if (!wal_decode(h, &d, err, sizeof(err)))
			fail_msg("record at %X/%X does not decode: %s", LSN_FORMAT_ARGS(r.read_ptr), err);
		wal_describe(h, desc, sizeof(desc));

		const char *op = wal_op_name(h->rmid, h->info);

		assert_true(strncmp(desc, op, strlen(op)) == 0);
		assert_string_not_equal(op, "UNKNOWN");

		BlockNumber blk;

		if (h->rmid == RM_SMGR)
		{
			WalSmgrCreate c;

			assert_int_equal(d.main_len, sizeof(c));
			memcpy(&c, d.main_data, sizeof(c));
			snprintf(expect, sizeof(expect), "CREATE %u/%u", c.rl.db_oid, c.rl.rel_number);
			assert_string_equal(desc, expect);
			if (relfilelocator_equal(wal_relfile_locator(c.rl), report->table_rl))
				create_t = r.read_ptr;
			if (relfilelocator_equal(wal_relfile_locator(c.rl), report->pkey_rl))
				create_pkey = r.read_ptr;
			if (relfilelocator_equal(wal_relfile_locator(c.rl), report->bidx_rl))
				create_bidx = r.read_ptr;
		}
		else if (h->rmid == RM_XACT)
		{
			XactTally  *x = tally_for(xacts, &nxacts, h->xid);

			assert_string_equal(wal_rmgr_name(h->rmid), "Transaction");
			assert_non_null(strstr(desc, " UTC"));
			if ((h->info & 0xF0) == WAL_XACT_COMMIT)
				x->commit = r.read_ptr;
			else
				x->abort = r.read_ptr;
		}
		else if (h->rmid == RM_HEAP && block_ref_on(&d, report->table_rl, &blk))
		{
			XactTally  *x = tally_for(xacts, &nxacts, h->xid);

			assert_string_equal(wal_rmgr_name(h->rmid), "Heap");
			if (first_t_change == 0)
			{
				first_t_change = r.read_ptr;
				first_xid = h->xid;
			}
			x->last_change = r.read_ptr;
			snprintf(expect, sizeof(expect), "blkref #0: rel %u/%u blk %u",
					 report->table_rl.db_oid, report->table_rl.rel_number, blk);
			assert_non_null(strstr(desc, expect));
			if ((h->info & 0xF0) == WAL_HEAP_INSERT)
			{
				x->heap_inserts++;
				/* The bulk insert into the empty table: offsets 1, 2, 3...
				 * on each new page. */
				if (h->xid == first_xid)
				{
					unsigned	off = blk == last_blk ? last_off + 1 : 1;

					snprintf(expect, sizeof(expect), "INSERT off %u, ", off);
					if (strncmp(desc, expect, strlen(expect)) != 0)
						fail_msg("record \"%s\" should start with \"%s\"", desc, expect);
					last_blk = blk;
					last_off = off;
				}
			}
			else if ((h->info & 0xF0) == WAL_HEAP_SET_XMAX)
				x->heap_set_xmax++;
		}
	}

	/* Every record was returned, then the zero tail ended the WAL there. */
	assert_int_equal(n, wal.nrecs);
	assert_int_equal(r.end_ptr, report->insert_pos);
	if (report->insert_pos % WAL_PAGE_SIZE != 0)
	{
		snprintf(expect, sizeof(expect), "invalid record length at %X/%X: wanted 24, got 0",
				 LSN_FORMAT_ARGS(report->insert_pos));
		assert_string_equal(r.errmsg, expect);
	}
	walreader_close(&r);
	printf("engine WAL: %d records, %d crossing a page boundary\n", n, crossing);
	assert_true(crossing > 0);

	/* Files are created before their first page is logged. */
	assert_true(create_t != 0 && create_pkey != 0 && create_bidx != 0);
	assert_true(create_t < first_t_change);

	/* Three transactions changed t: the bulk insert, the rolled-back one,
	 * the update.  Each is exactly its rows, then its outcome. */
	XactTally  *bulk = NULL,
			   *rolled = NULL,
			   *upd = NULL;

	for (int i = 0; i < nxacts; i++)
	{
		if (xacts[i].heap_inserts == READER_ROWS && xacts[i].heap_set_xmax == 0)
			bulk = &xacts[i];
		else if (xacts[i].heap_inserts == 1 && xacts[i].heap_set_xmax == 0)
			rolled = &xacts[i];
		else if (xacts[i].heap_inserts == READER_UPDATED && xacts[i].heap_set_xmax == READER_UPDATED)
			upd = &xacts[i];
		else
			assert_int_equal(xacts[i].heap_inserts + xacts[i].heap_set_xmax, 0);
	}
	assert_non_null(bulk);
	assert_non_null(rolled);
	assert_non_null(upd);
	assert_true(bulk->xid != rolled->xid && rolled->xid != upd->xid && bulk->xid != upd->xid);
	assert_true(bulk->commit > bulk->last_change && bulk->abort == 0);
	assert_true(upd->commit > upd->last_change && upd->abort == 0);
	assert_true(rolled->abort > rolled->last_change && rolled->commit == 0);
}

/* ---- damaged WAL ---- */

/* Read from the first record to the end of valid WAL in the scratch copy;
 * returns the number of records, errmsg in msg. */
static int
scratch_read_all(char *msg, size_t msglen, XLogRecPtr *last_start)
{
	WalReader	r;
	int			n = 0;

	walreader_init(&r, "", report->system_identifier);
	snprintf(r.waldir, sizeof(r.waldir), "%s/pg_wal", scratch_dir);
	for (const WalRecordHeader *h = walreader_read(&r, wal.recs[0].start); h != NULL;
		 h = walreader_read(&r, InvalidXLogRecPtr))
		n++;
	snprintf(msg, msglen, "%s", r.errmsg);
	*last_start = r.read_ptr;
	walreader_close(&r);
	return n;
}

/* Read record k - 1 by position, then record k through the back link:
 * true if k was returned; msg gets the reader's reason otherwise. */
static bool
scratch_read_pair(int k, char *msg, size_t msglen)
{
	WalReader	r;
	bool		ok;

	walreader_init(&r, "", report->system_identifier);
	snprintf(r.waldir, sizeof(r.waldir), "%s/pg_wal", scratch_dir);
	assert_non_null(walreader_read(&r, wal.recs[k - 1].start));
	ok = walreader_read(&r, InvalidXLogRecPtr) != NULL;
	if (ok)
		assert_int_equal(r.read_ptr, wal.recs[k].start);
	snprintf(msg, msglen, "%s", r.errmsg);
	walreader_close(&r);
	return ok;
}

static void
expect_stop(int expected_n, const char *expected_msg, const char *what)
{
	char		msg[256];
	XLogRecPtr	last;
	int			n = scratch_read_all(msg, sizeof(msg), &last);

	if (n != expected_n)
		fail_msg("%s: reader returned %d records, expected %d (%s)", what, n, expected_n, msg);
	if (expected_n > 0)
		assert_int_equal(last, wal.recs[expected_n - 1].start);
	if (strstr(msg, expected_msg) == NULL)
		fail_msg("%s: reason \"%s\" lacks \"%s\"", what, msg, expected_msg);
}

/*
 * A record index (neither the first nor the last record) with the given
 * property: the first at or after from, else the last before it.  from
 * only prefers a region: which records have a property (crossing a page,
 * say) shifts whenever the engine writes a little more or less WAL, e.g.
 * one hint-bit full-page image fewer, and the tests must not depend on it.
 */
static int
find_record(bool (*pred) (const RawRecord *r), int from)
{
	for (int i = Max(from, 1); i < wal.nrecs - 1; i++)
		if (pred(&wal.recs[i]))
			return i;
	for (int i = Min(from, wal.nrecs - 1) - 1; i >= 1; i--)
		if (pred(&wal.recs[i]))
			return i;
	fail_msg("no record with the wanted property");
	return -1;
}

static bool
is_heap_insert(const RawRecord *r)
{
	const WalRecordHeader *h = (const WalRecordHeader *) r->bytes;

	return h->rmid == RM_HEAP && (h->info & 0xF0) == WAL_HEAP_INSERT;
}

static bool
is_commit(const RawRecord *r)
{
	const WalRecordHeader *h = (const WalRecordHeader *) r->bytes;

	return h->rmid == RM_XACT && (h->info & 0xF0) == WAL_XACT_COMMIT;
}

/* Crosses a page boundary, and not only with its padding. */
static bool
crosses_page(const RawRecord *r)
{
	return r->start / WAL_PAGE_SIZE != record_byte_lsn(r->start, r->tot_len - 1) / WAL_PAGE_SIZE;
}

/* Starts a page (right after its header). */
static bool
starts_page(const RawRecord *r)
{
	return r->start % WAL_PAGE_SIZE == page_header_size_at(r->start - r->start % WAL_PAGE_SIZE);
}

/* The longest record (not the first). */
static int
largest_record(void)
{
	int			best = 1;

	for (int i = 1; i < wal.nrecs; i++)
		if (wal.recs[i].tot_len > wal.recs[best].tot_len)
			best = i;
	return best;
}

static void
test_reader_zeroed_tail(void **state)
{
	static char zeros[WAL_SEGMENT_SIZE];
	char		expect[128];
	int			k = wal.nrecs / 2;
	XLogRecPtr	from = wal.recs[k].start;
	size_t		len = wal_base() + wal.len - from;

	(void) state;
	assert_true(len <= sizeof(zeros) * (size_t) wal.nsegments);
	for (size_t done = 0; done < len; done += Min(len - done, sizeof(zeros)))
		scratch_write(from + done, zeros, Min(len - done, sizeof(zeros)));
	snprintf(expect, sizeof(expect), "invalid record length at %X/%X: wanted 24, got 0",
			 LSN_FORMAT_ARGS(from));
	expect_stop(k, expect, "zeroed tail");
	scratch_restore(from, len);

	/* Undamaged, the copy reads to the end like the original. */
	expect_stop(wal.nrecs, "", "restored copy");
}

/* Flip one bit of byte i of record k; the pair read must stop at k. */
static void
flip_and_check(int k, size_t i)
{
	const RawRecord *rec = &wal.recs[k];
	XLogRecPtr	at = record_byte_lsn(rec->start, i);
	char		b = *wal_at(at) ^ (char) (1 << (i % 8));
	char		msg[256];
	char		expect[128];

	scratch_write(at, &b, 1);
	if (scratch_read_pair(k, msg, sizeof(msg)))
		fail_msg("record %d at %X/%X read despite a flipped bit in byte %zu", k,
				 LSN_FORMAT_ARGS(rec->start), i);
	if (i >= offsetof(WalRecordHeader, prev) && i < offsetof(WalRecordHeader, prev) + 8)
		snprintf(expect, sizeof(expect), "record with incorrect prev-link");
	else if (i < sizeof(uint32_t) ||
			 (i == offsetof(WalRecordHeader, rmid) &&
			  (uint8_t) (rec->bytes[i] ^ (1 << (i % 8))) > RM_MAX_ID))
		snprintf(expect, sizeof(expect), "%s", "");	/* length or rmgr: any reason */
	else
		snprintf(expect, sizeof(expect), "incorrect resource manager data checksum in record at %X/%X",
				 LSN_FORMAT_ARGS(rec->start));
	if (msg[0] == '\0' || strstr(msg, expect) == NULL)
		fail_msg("record %d byte %zu flipped: reason \"%s\" lacks \"%s\"", k, i, msg, expect);
	scratch_restore(at, 1);
}

static void
test_reader_flipped_bits(void **state)
{
	int			picks[4];
	int			checked = 0;

	(void) state;
	picks[0] = find_record(is_heap_insert, wal.nrecs / 2);
	picks[1] = find_record(is_commit, wal.nrecs / 3);
	picks[2] = find_record(crosses_page, wal.nrecs / 4);
	picks[3] = largest_record();
	for (int p = 0; p < 4; p++)
	{
		const RawRecord *rec = &wal.recs[picks[p]];

		for (size_t i = 0; i < rec->tot_len; i++)
		{
			/* Every byte of small records; of large ones the header,
			 * the bytes around page boundaries and a sample. */
			XLogRecPtr	at = record_byte_lsn(rec->start, i);
			bool		near_boundary = at % WAL_PAGE_SIZE < 64 || at % WAL_PAGE_SIZE > WAL_PAGE_SIZE - 64;

			if (rec->tot_len > 512 && i >= sizeof(WalRecordHeader) + 64 && !near_boundary &&
				i % 61 != 0 && i != rec->tot_len - 1)
				continue;
			flip_and_check(picks[p], i);
			checked++;
		}
	}

	/* The padding after a record is not part of it: damage there is
	 * harmless and every record is still read. */
	int			padded = -1;

	for (int i = 1; i < wal.nrecs - 1 && padded < 0; i++)
		if (wal.recs[i].end > record_byte_lsn(wal.recs[i].start, wal.recs[i].tot_len - 1) + 1)
			padded = i;
	assert_true(padded > 0);

	XLogRecPtr	pad = record_byte_lsn(wal.recs[padded].start, wal.recs[padded].tot_len - 1) + 1;
	char		junk = 0x5A;
	char		msg[256];

	scratch_write(pad, &junk, 1);
	assert_true(scratch_read_pair(padded + 1, msg, sizeof(msg)));
	scratch_restore(pad, 1);
	printf("flipped bits: %d bytes checked in 4 records\n", checked);
}

static void
test_reader_torn_record(void **state)
{
	static char zeros[WAL_PAGE_SIZE];
	char		expect[128];
	char		msg[256];
	int			k = find_record(crosses_page, wal.nrecs / 2);
	const RawRecord *rec = &wal.recs[k];
	XLogRecPtr	boundary = rec->start - rec->start % WAL_PAGE_SIZE + WAL_PAGE_SIZE;

	(void) state;

	/* The page the record continues on was never written. */
	scratch_write(boundary, zeros, WAL_PAGE_SIZE);
	snprintf(expect, sizeof(expect), "invalid magic number 0000 in WAL page at %X/%X",
			 LSN_FORMAT_ARGS(boundary));
	expect_stop(k, expect, "continuation page missing");
	scratch_restore(boundary, WAL_PAGE_SIZE);

	/* Only the continuation page's header made it (first sector written,
	 * the rest not): the record fails its CRC. */
	size_t		hsize = page_header_size_at(boundary);

	scratch_write(boundary + hsize, zeros, WAL_PAGE_SIZE - hsize);
	snprintf(expect, sizeof(expect), "incorrect resource manager data checksum in record at %X/%X",
			 LSN_FORMAT_ARGS(rec->start));
	expect_stop(k, expect, "continuation page torn");
	scratch_restore(boundary + hsize, WAL_PAGE_SIZE - hsize);

	/* The continuation page says it continues nothing. */
	WalPageHeader ph;

	memcpy(&ph, wal_at(boundary), sizeof(ph));
	ph.info &= (uint16_t) ~WAL_PAGE_CONT;
	ph.rem_len = 0;
	scratch_write(boundary, &ph, sizeof(ph));
	assert_false(scratch_read_pair(k, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "invalid contrecord length 0"));

	/* ...or a wrong remaining length. */
	memcpy(&ph, wal_at(boundary), sizeof(ph));
	ph.rem_len += 8;
	scratch_write(boundary, &ph, sizeof(ph));
	assert_false(scratch_read_pair(k, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "invalid contrecord length"));
	scratch_restore(boundary, sizeof(ph));

	/* A record starting right after a page header must not be taken for
	 * the continuation of anything: that page's CONT flag is refused. */
	int			s = find_record(starts_page, 1);
	XLogRecPtr	page = wal.recs[s].start - wal.recs[s].start % WAL_PAGE_SIZE;

	memcpy(&ph, wal_at(page), sizeof(ph));
	ph.info |= WAL_PAGE_CONT;
	ph.rem_len = 8;
	scratch_write(page, &ph, sizeof(ph));
	assert_false(scratch_read_pair(s, msg, sizeof(msg)));
	scratch_restore(page, sizeof(ph));
	assert_true(scratch_read_pair(s, msg, sizeof(msg)));
}

/* Records wholly before page p (the reader must return exactly these). */
static int
records_before(XLogRecPtr p)
{
	int			n = 0;

	while (n < wal.nrecs && record_byte_lsn(wal.recs[n].start, wal.recs[n].tot_len - 1) < p)
		n++;
	return n;
}

static void
test_reader_recycled_pages(void **state)
{
	char		expect[160];
	size_t		npages = wal.len / WAL_PAGE_SIZE;
	XLogRecPtr	end_page = report->insert_pos - report->insert_pos % WAL_PAGE_SIZE;
	XLogRecPtr	p = wal_base() + (end_page - wal_base()) / WAL_PAGE_SIZE / 2 * WAL_PAGE_SIZE;

	(void) state;
	assert_true(npages > 4);
	assert_true(p > wal_base() + WAL_PAGE_SIZE);

	/*
	 * A recycled segment: from page p on, the file holds pages of an older
	 * cycle, valid in themselves (here: copies of the first pages, with
	 * their own addresses).  The reader must stop at p.
	 */
	XLogRecPtr	src = wal_base() + WAL_PAGE_SIZE;	/* short header page */
	int			expected = records_before(p);

	for (XLogRecPtr q = p; q <= end_page; q += WAL_PAGE_SIZE, src += WAL_PAGE_SIZE)
		scratch_write(q, wal_at(src), WAL_PAGE_SIZE);
	snprintf(expect, sizeof(expect), "unexpected pageaddr %X/%X in WAL page at %X/%X",
			 LSN_FORMAT_ARGS(wal_base() + WAL_PAGE_SIZE), LSN_FORMAT_ARGS(p));
	expect_stop(expected, expect, "recycled pages");
	scratch_restore(p, end_page + WAL_PAGE_SIZE - p);

	/* The page's own header, one field wrong at a time. */
	WalPageHeader ph;

	memcpy(&ph, wal_at(p), sizeof(ph));
	ph.pageaddr = p - WAL_SEGMENT_SIZE;
	scratch_write(p, &ph, sizeof(ph));
	snprintf(expect, sizeof(expect), "unexpected pageaddr %X/%X in WAL page at %X/%X",
			 LSN_FORMAT_ARGS(p - WAL_SEGMENT_SIZE), LSN_FORMAT_ARGS(p));
	expect_stop(expected, expect, "page address of the previous segment");

	memcpy(&ph, wal_at(p), sizeof(ph));
	ph.magic ^= 0x0100;
	scratch_write(p, &ph, sizeof(ph));
	expect_stop(expected, "invalid magic number", "bad magic");

	memcpy(&ph, wal_at(p), sizeof(ph));
	ph.timeline = 2;
	scratch_write(p, &ph, sizeof(ph));
	expect_stop(expected, "unexpected timeline ID 2 in WAL page", "bad timeline");
	scratch_restore(p, sizeof(ph));

	/* Another cluster's segment: the long header's system identifier. */
	WalReader	r;

	walreader_init(&r, "", report->system_identifier + 1);
	snprintf(r.waldir, sizeof(r.waldir), "%s/pg_wal", scratch_dir);
	assert_null(walreader_read(&r, wal.recs[0].start));
	assert_non_null(strstr(r.errmsg, "WAL file is from a different database system"));
	walreader_close(&r);
}

static void
test_reader_bogus_lengths(void **state)
{
	int			k = find_record(is_heap_insert, wal.nrecs / 3);
	const RawRecord *rec = &wal.recs[k];
	const uint32_t lens[] = {
		0, 1, WAL_RECORD_MIN_SIZE - 1, WAL_MAX_RECORD_SIZE + 1, 0x7FFFFFFF, 0xFFFFFFFF,
	};
	char		msg[256];
	char		expect[128];

	(void) state;
	for (size_t i = 0; i < lengthof(lens); i++)
	{
		scratch_write(rec->start, &lens[i], sizeof(uint32_t));
		assert_false(scratch_read_pair(k, msg, sizeof(msg)));
		snprintf(expect, sizeof(expect), "invalid record length at %X/%X: wanted 24, got %u",
				 LSN_FORMAT_ARGS(rec->start), lens[i]);
		assert_string_equal(msg, expect);
	}

	/* Plausible but wrong lengths: longer (running into the next record,
	 * or across pages up to the maximum) or shorter than the record. */
	const uint32_t plausible[] = {
		rec->tot_len + 8, rec->tot_len - 1, WAL_RECORD_MIN_SIZE, WAL_MAX_RECORD_SIZE,
		WAL_PAGE_SIZE * 3,
	};

	for (size_t i = 0; i < lengthof(plausible); i++)
	{
		scratch_write(rec->start, &plausible[i], sizeof(uint32_t));
		assert_false(scratch_read_pair(k, msg, sizeof(msg)));
		assert_true(msg[0] != '\0');
	}
	scratch_restore(rec->start, sizeof(uint32_t));
	assert_true(scratch_read_pair(k, msg, sizeof(msg)));
}

/* Rewrite record k's header field with a valid CRC (computed here). */
static void
rewrite_header(int k, size_t field_off, const void *value, size_t len)
{
	const RawRecord *rec = &wal.recs[k];
	char	   *copy = malloc(rec->tot_len);

	memcpy(copy, rec->bytes, rec->tot_len);
	memcpy(copy + field_off, value, len);

	uint32_t	crc = record_crc(copy, rec->tot_len);

	memcpy(copy + offsetof(WalRecordHeader, crc), &crc, sizeof(crc));
	/* The header lies in one page for the records picked here. */
	assert_true(record_byte_lsn(rec->start, sizeof(WalRecordHeader) - 1) ==
				rec->start + sizeof(WalRecordHeader) - 1);
	scratch_write(rec->start, copy, sizeof(WalRecordHeader));
	free(copy);
}

static bool
is_heap_insert_unsplit(const RawRecord *r)
{
	return is_heap_insert(r) &&
		record_byte_lsn(r->start, sizeof(WalRecordHeader) - 1) == r->start + sizeof(WalRecordHeader) - 1;
}

static void
test_reader_valid_crc_bad_fields(void **state)
{
	int			k = find_record(is_heap_insert_unsplit, wal.nrecs / 2);
	const RawRecord *rec = &wal.recs[k];
	char		msg[256];
	char		expect[128];

	(void) state;

	/* The CRC computed here is the one the writer computed. */
	rewrite_header(k, 0, rec->bytes, 0);
	assert_true(scratch_read_pair(k, msg, sizeof(msg)));

	/* A back link to the wrong record, CRC valid. */
	XLogRecPtr	bad_prev = wal.recs[k - 2].start;

	rewrite_header(k, offsetof(WalRecordHeader, prev), &bad_prev, sizeof(bad_prev));
	assert_false(scratch_read_pair(k, msg, sizeof(msg)));
	snprintf(expect, sizeof(expect), "record with incorrect prev-link %X/%X at %X/%X",
			 LSN_FORMAT_ARGS(bad_prev), LSN_FORMAT_ARGS(rec->start));
	assert_string_equal(msg, expect);

	/* An unknown resource manager, CRC valid. */
	uint8_t		rmid = RM_MAX_ID + 1;

	scratch_restore(rec->start, sizeof(WalRecordHeader));
	rewrite_header(k, offsetof(WalRecordHeader, rmid), &rmid, 1);
	assert_false(scratch_read_pair(k, msg, sizeof(msg)));
	snprintf(expect, sizeof(expect), "invalid resource manager ID %u at %X/%X", rmid,
			 LSN_FORMAT_ARGS(rec->start));
	assert_string_equal(msg, expect);

	/* Too many block references, CRC valid: the reader returns it (it
	 * checks no payload), wal_decode refuses it. */
	uint8_t		nblocks = WAL_MAX_BLOCKS + 1;
	WalReader	r;
	WalDecoded	d;
	char		err[128];

	scratch_restore(rec->start, sizeof(WalRecordHeader));
	rewrite_header(k, offsetof(WalRecordHeader, nblocks), &nblocks, 1);
	walreader_init(&r, "", 0);
	snprintf(r.waldir, sizeof(r.waldir), "%s/pg_wal", scratch_dir);

	const WalRecordHeader *h = walreader_read(&r, rec->start);

	assert_non_null(h);
	assert_false(wal_decode(h, &d, err, sizeof(err)));
	walreader_close(&r);
	scratch_restore(rec->start, sizeof(WalRecordHeader));
}

/* ---- I/O errors are not the end of WAL ---- */

#ifdef MINIPG_FAULTS

static int	page_reads_until_error;

/* wal/reader/read-page: the page_reads_until_error-th read fails (EIO). */
static int
fail_nth_page_read(const char *name, int *failnum, void **failinfo, unsigned int *flags)
{
	(void) name;
	(void) failnum;
	(void) failinfo;
	(void) flags;
	return --page_reads_until_error == 0;
}

static WalReader *
scratch_reader(WalReader *r)
{
	walreader_init(r, "", report->system_identifier);
	snprintf(r->waldir, sizeof(r->waldir), "%s/pg_wal", scratch_dir);
	return r;
}

/*
 * A page read failing with EIO (wal/reader/read-page) is not the end of
 * WAL: the reader returns NULL with
 * read_errno EIO and PostgreSQL's message, where it used to report an
 * end of WAL (and recovery stopped there, discarding the rest).  The
 * error is not sticky.  A segment that exists but cannot be opened
 * (EACCES) is an I/O error too; a missing segment is the end of WAL.
 */
static void
test_reader_io_error(void **state)
{
	WalReader	r;
	char		name[WAL_FILE_NAME_LEN + 1];
	char		expect[256];
	XLogRecPtr	page = wal.recs[1].start - wal.recs[1].start % WAL_PAGE_SIZE;

	(void) state;
	fault_arm_local_libfiu();

	/* Record 1 by position: the first page read of a new reader fails. */
	page_reads_until_error = 1;
	assert_int_equal(fiu_enable_external("wal/reader/read-page", 1, NULL, 0,
										 fail_nth_page_read), 0);
	assert_null(walreader_read(scratch_reader(&r), wal.recs[1].start));
	fiu_disable("wal/reader/read-page");
	assert_int_equal(page_reads_until_error, 0);
	assert_int_equal(r.read_errno, EIO);
	wal_file_name(name, WAL_TIMELINE, WAL_FIRST_SEGMENT);
	snprintf(expect, sizeof(expect),
			 "could not read from WAL segment %s, LSN %X/%X, offset %u: %s",
			 name, LSN_FORMAT_ARGS(page), (unsigned) (page % WAL_SEGMENT_SIZE), strerror(EIO));
	assert_string_equal(r.errmsg, expect);
	/* Not sticky: the same reader reads the page once the fault is gone. */
	assert_non_null(walreader_read(&r, wal.recs[1].start));
	assert_int_equal(r.read_errno, 0);
	assert_non_null(walreader_read(&r, InvalidXLogRecPtr));
	assert_int_equal(r.read_ptr, wal.recs[2].start);
	walreader_close(&r);

	assert_int_equal(fiu_enable("storage/file/open", 1, (void *) (intptr_t) EACCES, 0), 0);
	assert_null(walreader_read(scratch_reader(&r), wal.recs[0].start));
	fiu_disable("storage/file/open");
	assert_int_equal(r.read_errno, EACCES);
	assert_non_null(strstr(r.errmsg, "could not open file"));
	assert_non_null(strstr(r.errmsg, strerror(EACCES)));
	walreader_close(&r);
	fault_local_armed = 0;

	assert_null(walreader_read(scratch_reader(&r), wal_segment_start(WAL_FIRST_SEGMENT + 1000) +
							   sizeof(WalLongPageHeader)));
	assert_int_equal(r.read_errno, 0);
	assert_non_null(strstr(r.errmsg, "could not open file"));
	walreader_close(&r);
}

#endif							/* MINIPG_FAULTS */

/* ---- crash recovery on real data ---- */

/* Enough rows for several heap pages and B-tree page splits. */
#define CR_ROWS			3000
#define CR_LATE_FIRST	(CR_ROWS + 1)
#define CR_LATE_LAST	(CR_ROWS + 10)
#define CR_NEW_KEY		5050	/* a key of the open transaction (5001..5100) */

/* Workload variants. */
#define CR_FLUSH_NOTHING	0
#define CR_FLUSH_EVERYTHING 1
#define CR_FLUSH_AND_TEAR	2	/* then every page of t and its indexes torn */
#define CR_SMALL_WAL_RING	3	/* WAL written as it goes, not flushed */

static char *crash_dir;

/* The committed rows, as "select a, b from t order by a" prints them. */
static char *
expected_rows(bool with_new_writes)
{
	StringBuf	s;
	int			n = 0;

	strbuf_init(&s);
	strbuf_append(&s, "a|b\n");
	for (int a = 1; a <= CR_LATE_LAST; a++)
	{
		if (a <= CR_ROWS && a % 11 == 0)
			continue;			/* deleted */
		if (with_new_writes && a == 1)
			strbuf_appendf(&s, "%d|again\n", a);
		else if (a > CR_ROWS)
			strbuf_appendf(&s, "%d|w%d\n", a, a);
		else
			strbuf_appendf(&s, "%d|%s%d\n", a, a % 7 == 0 ? "u" : "v", a);
		n++;
	}
	if (with_new_writes)
	{
		strbuf_appendf(&s, "%d|new\n", CR_NEW_KEY);
		n++;
	}
	strbuf_appendf(&s, "SELECT %d", n);
	return s.data;
}

static void
crash_workload(const char *dir, int variant)
{
	char		q[200];

	if (variant == CR_SMALL_WAL_RING)
		guc_wal_buffers_blocks = 4;
	child_start(dir, true, 0);
	/*
	 * Two records of more than 7 kB in a row: a WAL page is 8 kB, so at
	 * least one of them crosses a page boundary, whatever else the engine
	 * logs (the torn-record tests need such a record).
	 */
	child_sql("create table wide (b text)", "CREATE TABLE");
	child_sql("insert into wide values (repeat('x', 7500))", "INSERT 0 1");
	child_sql("insert into wide values (repeat('y', 7500))", "INSERT 0 1");
	child_sql("create table t (a int primary key, b text)", "CREATE TABLE");
	child_sql("create index t_b on t (b)", "CREATE INDEX");
	child_sql("insert into t select g, 'v' || g from generate_series(1, 3000) g", "INSERT 0 3000");
	child_sql("update t set b = 'u' || a where a % 7 = 0", "UPDATE 428");
	child_sql("delete from t where a % 11 = 0", "DELETE 272");
	child_sql("vacuum t", "VACUUM");
	/* Rolled back: an insert, an update, a delete. */
	child_sql("begin", "BEGIN");
	child_sql("insert into t values (9001, 'r'), (9002, 'r')", "INSERT 0 2");
	child_sql("update t set b = 'rb' where a = 1", "UPDATE 1");
	child_sql("delete from t where a = 5", "DELETE 1");
	child_sql("rollback", "ROLLBACK");
	/* Committed one by one. */
	for (int a = CR_LATE_FIRST; a <= CR_LATE_LAST; a++)
	{
		snprintf(q, sizeof(q), "insert into t values (%d, 'w%d')", a, a);
		child_sql(q, "INSERT 0 1");
	}
	/* Left open when the crash comes. */
	child_sql("begin", "BEGIN");
	child_sql("insert into t select g, 'x' || g from generate_series(5001, 5100) g", "INSERT 0 100");
	child_sql("update t set b = 'xx' where a = 2", "UPDATE 1");
	child_sql("delete from t where a = 3", "DELETE 1");
	if (variant == CR_FLUSH_EVERYTHING || variant == CR_FLUSH_AND_TEAR)
	{
		/* What a WAL writer and a background writer may have done: the
		 * open transaction's WAL and every dirty page are on disk. */
		wal_flush(wal_insert_position());
		(void) bufmgr_flush_all();
	}
	report->table_rl = locator_of("t");
	report->pkey_rl = locator_of("t_pkey");
	report->bidx_rl = locator_of("t_b");
	report->insert_pos = wal_insert_position();
	report->checkpoint_end = checkpoint_last_end();
	report->flushed_upto = wal_flushed_upto();
	crash_now();
}

/* Leaf entries of an index, after checking its structure. */
static double
verified_index_entries(const char *name)
{
	xact_start_command();
	Relation	rel = relation_openrv(NULL, name, false);
	double		n = btree_verify(rel);

	relation_close(rel);
	xact_commit_command();
	return n;
}

/* In a recovered child: exactly the committed rows, through every path. */
static void
check_recovered_rows(bool with_new_writes)
{
	char	   *rows = expected_rows(with_new_writes);
	char		q[200];
	char		expect[200];
	int			nrows = 0;

	for (const char *p = rows; *p; p++)
		nrows += *p == '\n';
	nrows -= 1;					/* the column line */

	child_sql("select a, b from t order by a", rows);

	/* The same through the primary key. */
	child_sql("set enable_seqscan = off", "SET");
	char	   *plan = sql_run("explain select a, b from t where a > 0 order by a");

	CHILD_CHECK(strstr(plan, "Index Scan using t_pkey on t") != NULL);
	child_sql("select a, b from t where a > 0 order by a", rows);

	/* Point lookups through both indexes: every committed row is found,
	 * no row of the rolled-back or open transactions is. */
	for (int a = 1; a <= CR_LATE_LAST; a += 29)
	{
		bool		gone = a <= CR_ROWS && a % 11 == 0;
		char		b[32];

		if (with_new_writes && a == 1)
			snprintf(b, sizeof(b), "again");
		else
			snprintf(b, sizeof(b), "%s%d", a > CR_ROWS ? "w" : a % 7 == 0 ? "u" : "v", a);
		snprintf(q, sizeof(q), "select a from t where b = '%s'", b);
		snprintf(expect, sizeof(expect), gone ? "a\nSELECT 0" : "a\n%d\nSELECT 1", a);
		child_sql(q, expect);
		snprintf(q, sizeof(q), "select b from t where a = %d", a);
		snprintf(expect, sizeof(expect), gone ? "b\nSELECT 0" : "b\n%s\nSELECT 1", b);
		child_sql(q, expect);
	}
	child_sql("select a from t where b = 'x5001'", "a\nSELECT 0");
	child_sql("select a from t where b = 'xx'", "a\nSELECT 0");
	child_sql("select a from t where b = 'rb'", "a\nSELECT 0");
	child_sql("select a from t where b = 'r'", "a\nSELECT 0");
	child_sql("select count(*) from t where a > 5000", with_new_writes ? "count\n1\nSELECT 1" :
			  "count\n0\nSELECT 1");
	child_sql("reset enable_seqscan", "RESET");

	/* The indexes are sound and hold at least every visible row. */
	CHILD_CHECK(verified_index_entries("t_pkey") >= nrows);
	CHILD_CHECK(verified_index_entries("t_b") >= nrows);
	pfree(rows);
}

/* Recovery phases. */
#define CR_PHASE_CHECK_AND_CRASH	0	/* recover, check, crash before writing */
#define CR_PHASE_WRITE_AND_CRASH	1	/* recover, check, write, commit, crash */
#define CR_PHASE_FINAL				2	/* recover, check the new writes */

static void
crash_recover(const char *dir, int phase)
{
	child_start(dir, false, 0);
	check_recovered_rows(phase == CR_PHASE_FINAL);
	if (phase == CR_PHASE_CHECK_AND_CRASH)
		crash_now();
	if (phase == CR_PHASE_WRITE_AND_CRASH)
	{
		/* The open transaction's key is free again (its index entry points
		 * to a dead row), and the committed state can move on. */
		xact_start_command();
		report->new_xid = xact_get_xid();
		xact_commit_command();
		child_sql("insert into t values (5050, 'new')", "INSERT 0 1");
		child_sql("update t set b = 'again' where a = 1", "UPDATE 1");
		child_sql("insert into t values (5050, 'dup')",
				  "ERROR 23505: duplicate key value violates unique constraint \"t_pkey\"");
		crash_now();
	}
}

/* The highest xid any WAL record in dir names; counts of some operations. */
static TransactionId
scan_crash_wal(const char *dir, int *splits, int *vacuums)
{
	WalReader	r;
	TransactionId max = InvalidTransactionId;

	*splits = *vacuums = 0;
	walreader_init(&r, "", 0);
	snprintf(r.waldir, sizeof(r.waldir), "%s/pg_wal", dir);
	for (const WalRecordHeader *h = walreader_read(&r, wal_segment_start(WAL_FIRST_SEGMENT) +
												   sizeof(WalLongPageHeader));
		 h != NULL; h = walreader_read(&r, InvalidXLogRecPtr))
	{
		max = Max(max, h->xid);
		*splits += h->rmid == RM_BTREE && (h->info & 0xF0) == WAL_BTREE_SPLIT;
		*vacuums += h->rmid == RM_HEAP && (h->info & 0xF0) == WAL_HEAP_VACUUM;
	}
	walreader_close(&r);
	return max;
}

/*
 * A power failure in the middle of page writes: the second half of every
 * block of rl's file is garbage (the first half written, the rest not).
 * Returns the number of blocks torn.
 */
static int
tear_every_page(const char *dir, RelFileLocator rl)
{
	static char junk[BLCKSZ / 2];
	char		path[1200];
	struct stat st;
	int			fd;

	memset(junk, 0xEE, sizeof(junk));
	snprintf(path, sizeof(path), "%s/base/%u/%u", dir, rl.db_oid, rl.rel_number);
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	for (off_t off = 0; off < st.st_size; off += BLCKSZ)
		assert_int_equal(pwrite(fd, junk, sizeof(junk), off + BLCKSZ / 2), (ssize_t) sizeof(junk));
	close(fd);
	return (int) (st.st_size / BLCKSZ);
}

static void
run_crash_scenario(int variant)
{
	crash_dir = standalone_temp_datadir("walcrash");
	assert_child_killed(run_child_in(crash_workload, crash_dir, variant), SIGKILL, "workload");
	if (variant == CR_FLUSH_AND_TEAR)
	{
		/* Every one of these pages was first logged after the checkpoint,
		 * with a full image: replay must not need their torn contents. */
		assert_true(tear_every_page(crash_dir, report->table_rl) > 10);
		assert_true(tear_every_page(crash_dir, report->pkey_rl) > 2);
		assert_true(tear_every_page(crash_dir, report->bidx_rl) > 2);
	}

	int			splits,
				vacuums;
	TransactionId max_xid = scan_crash_wal(crash_dir, &splits, &vacuums);

	/* The workload exercised multi-page records and VACUUM. */
	assert_true(TransactionIdIsNormal(max_xid));
	assert_true(splits > 0);
	assert_true(vacuums > 0);
	assert_child_killed(run_child_in(crash_recover, crash_dir, CR_PHASE_CHECK_AND_CRASH), SIGKILL,
				   "first recovery");
	assert_child_killed(run_child_in(crash_recover, crash_dir, CR_PHASE_WRITE_AND_CRASH), SIGKILL,
				   "second recovery");
	/* No xid that WAL (and so the data pages) may hold is handed out again. */
	if (report->new_xid <= max_xid)
		fail_msg("xid %u reused after recovery (WAL names xids up to %u)", report->new_xid, max_xid);
	assert_exited_ok(run_child_in(crash_recover, crash_dir, CR_PHASE_FINAL), "third recovery");
	standalone_remove_datadir(crash_dir);
}

static void
test_crash_recovery(void **state)
{
	(void) state;
	run_crash_scenario(CR_FLUSH_NOTHING);
}

static void
test_crash_recovery_pages_on_disk(void **state)
{
	(void) state;
	run_crash_scenario(CR_FLUSH_EVERYTHING);
}

static void
test_crash_recovery_torn_pages(void **state)
{
	(void) state;
	run_crash_scenario(CR_FLUSH_AND_TEAR);
}

/* Record starts and ends of the valid WAL in dir (at most max). */
static int
list_records(const char *dir, XLogRecPtr *starts, XLogRecPtr *ends, int max)
{
	WalReader	r;
	int			n = 0;

	walreader_init(&r, "", 0);
	snprintf(r.waldir, sizeof(r.waldir), "%s/pg_wal", dir);
	for (const WalRecordHeader *h = walreader_read(&r, wal_segment_start(WAL_FIRST_SEGMENT) +
												   sizeof(WalLongPageHeader));
		 h != NULL && n < max; h = walreader_read(&r, InvalidXLogRecPtr), n++)
	{
		starts[n] = r.read_ptr;
		ends[n] = r.end_ptr;
	}
	walreader_close(&r);
	return n;
}

/*
 * A power failure loses a page of WAL that was written but not flushed
 * (the open transaction's records; every commit was flushed).  Recovery
 * ends at the damaged record and must zero everything after the end of
 * valid WAL, so that the stale records beyond it can never be read as a
 * continuation of the new WAL; crashes after that change nothing.
 */
static void
test_recovery_after_lost_wal_tail(void **state)
{
	enum
	{
		MAX_RECORDS = 100000
	};
	XLogRecPtr *starts = malloc(sizeof(XLogRecPtr) * MAX_RECORDS);
	XLogRecPtr *ends = malloc(sizeof(XLogRecPtr) * MAX_RECORDS);

	(void) state;
	crash_dir = standalone_temp_datadir("waltail");
	assert_child_killed(run_child_in(crash_workload, crash_dir, CR_SMALL_WAL_RING), SIGKILL, "workload");

	int			n = list_records(crash_dir, starts, ends, MAX_RECORDS);
	int			k = 0;

	/* Records on disk but not flushed: the tail a power failure may lose.
	 * Damage one with some records after it. */
	while (k < n && starts[k] < report->flushed_upto)
		k++;
	assert_true(n - k > 20);
	k += 10;
	while (k < n && (starts[k] % WAL_PAGE_SIZE) + sizeof(WalRecordHeader) + 1 > WAL_PAGE_SIZE)
		k++;
	assert_true(k < n - 5);

	char	   *seg = segment_path(crash_dir, "pg_wal", wal_segno(starts[k]));
	int			fd = open(seg, O_RDWR);
	char		b;
	off_t		at = (off_t) ((starts[k] + sizeof(WalRecordHeader)) % WAL_SEGMENT_SIZE);

	assert_true(fd >= 0);
	assert_int_equal(pread(fd, &b, 1, at), 1);
	b ^= 0x20;
	assert_int_equal(pwrite(fd, &b, 1, at), 1);
	close(fd);

	assert_child_killed(run_child_in(crash_recover, crash_dir, CR_PHASE_CHECK_AND_CRASH), SIGKILL,
				   "recovery ending at the damaged record");

	/* The new WAL starts where the damaged record was; after its end the
	 * segment holds nothing but zeroes. */
	int			m = list_records(crash_dir, starts, ends, MAX_RECORDS);

	assert_true(m > k);
	assert_true(ends[m - 1] < wal_segment_start(wal_segno(ends[m - 1]) + 1));

	char	   *last = segment_path(crash_dir, "pg_wal", wal_segno(ends[m - 1]));
	char	   *bytes = malloc(WAL_SEGMENT_SIZE);

	fd = open(last, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, bytes, WAL_SEGMENT_SIZE, 0), WAL_SEGMENT_SIZE);
	close(fd);
	for (size_t i = ends[m - 1] % WAL_SEGMENT_SIZE; i < WAL_SEGMENT_SIZE; i++)
		if (bytes[i] != 0)
			fail_msg("stale WAL byte at %X/%X after the end of WAL %X/%X",
					 LSN_FORMAT_ARGS(wal_segment_start(wal_segno(ends[m - 1])) + i),
					 LSN_FORMAT_ARGS(ends[m - 1]));

	assert_child_killed(run_child_in(crash_recover, crash_dir, CR_PHASE_WRITE_AND_CRASH), SIGKILL,
				   "second recovery");
	assert_exited_ok(run_child_in(crash_recover, crash_dir, CR_PHASE_FINAL), "third recovery");
	free(bytes);
	free(last);
	free(seg);
	free(starts);
	free(ends);
	standalone_remove_datadir(crash_dir);
}

#ifdef MINIPG_FAULTS

static int	records_until_crash;

/*
 * wal/recovery/before-record is a step (FAULT_MARK): the crash happens in
 * the callback itself, as the control plane's "panic" action would do it.
 */
static int
crash_at_nth_record(const char *name, int *failnum, void **failinfo, unsigned int *flags)
{
	(void) name;
	(void) failnum;
	(void) failinfo;
	(void) flags;
	if (--records_until_crash == 0)
		elog(PANIC, "fault injected before replaying a WAL record");
	return 0;
}

/* Recover with a tiny buffer pool (replayed pages are evicted to disk),
 * PANIC before replaying record number arg. */
static void
crash_during_recovery(const char *dir, int nth)
{
	records_until_crash = nth;
	fault_arm_local_libfiu();
	CHILD_CHECK(fiu_enable_external("wal/recovery/before-record", 1, NULL, 0,
									crash_at_nth_record) == 0);
	child_start(dir, false, 16);
	fprintf(stderr, "recovery was not interrupted\n");
	_exit(4);
}

/* Records after the workload's last checkpoint (what recovery replays). */
static int
records_to_replay(const char *dir)
{
	WalReader	r;
	int			n = 0;

	walreader_init(&r, "", 0);
	snprintf(r.waldir, sizeof(r.waldir), "%s/pg_wal", dir);
	for (const WalRecordHeader *h = walreader_read(&r, wal_segment_start(WAL_FIRST_SEGMENT) +
												   sizeof(WalLongPageHeader));
		 h != NULL; h = walreader_read(&r, InvalidXLogRecPtr))
		n += r.read_ptr >= report->checkpoint_end;
	walreader_close(&r);
	return n;
}

static void
test_crash_during_recovery(void **state)
{
	(void) state;
	crash_dir = standalone_temp_datadir("walcrash2");
	assert_child_killed(run_child_in(crash_workload, crash_dir, CR_FLUSH_NOTHING), SIGKILL, "workload");

	int			n = records_to_replay(crash_dir);

	assert_true(n > 100);
	/* Interrupted twice, at different points, then completed. */
	assert_child_killed(run_child_in(crash_during_recovery, crash_dir, n / 2), SIGABRT,
				   "recovery interrupted half way");
	assert_child_killed(run_child_in(crash_during_recovery, crash_dir, n - 5), SIGABRT,
				   "recovery interrupted near the end");
	assert_child_killed(run_child_in(crash_recover, crash_dir, CR_PHASE_CHECK_AND_CRASH), SIGKILL,
				   "recovery after interrupted recoveries");
	assert_child_killed(run_child_in(crash_recover, crash_dir, CR_PHASE_WRITE_AND_CRASH), SIGKILL,
				   "second recovery");
	assert_exited_ok(run_child_in(crash_recover, crash_dir, CR_PHASE_FINAL), "third recovery");
	standalone_remove_datadir(crash_dir);
}

#endif							/* MINIPG_FAULTS */

/* ---- DDL across a crash ---- */

typedef struct DdlReport
{
	RelFileLocator gone;		/* dropped */
	RelFileLocator gone_pkey;
	RelFileLocator trunc_old;	/* truncated away */
	RelFileLocator trunc_new;
} DdlReport;

static DdlReport *ddl_report;

static void
ddl_workload(const char *dir, int arg)
{
	(void) arg;
	child_start(dir, true, 0);
	child_sql("create table keep (a int primary key, b text)", "CREATE TABLE");
	child_sql("insert into keep select g, 'k' || g from generate_series(1, 100) g", "INSERT 0 100");
	/* Created, filled and dropped, all after the checkpoint. */
	child_sql("create table gone (a int primary key, b text)", "CREATE TABLE");
	child_sql("insert into gone select g, 'g' || g from generate_series(1, 500) g", "INSERT 0 500");
	ddl_report->gone = locator_of("gone");
	ddl_report->gone_pkey = locator_of("gone_pkey");
	child_sql("drop table gone", "DROP TABLE");
	/* Truncated: a new file, the old one dropped at commit. */
	child_sql("create table trunc (a int)", "CREATE TABLE");
	child_sql("insert into trunc select g from generate_series(1, 200) g", "INSERT 0 200");
	ddl_report->trunc_old = locator_of("trunc");
	child_sql("truncate trunc", "TRUNCATE TABLE");
	child_sql("insert into trunc values (7)", "INSERT 0 1");
	ddl_report->trunc_new = locator_of("trunc");
	/* Created in a transaction that rolls back, and in one left open. */
	child_sql("begin", "BEGIN");
	child_sql("create table rolled (a int)", "CREATE TABLE");
	child_sql("insert into rolled values (1)", "INSERT 0 1");
	child_sql("rollback", "ROLLBACK");
	child_sql("begin", "BEGIN");
	child_sql("create table open_t (a int)", "CREATE TABLE");
	child_sql("insert into open_t values (1)", "INSERT 0 1");
	crash_now();
}

static bool
file_exists(const char *dir, RelFileLocator rl)
{
	char		path[1200];
	struct stat st;

	snprintf(path, sizeof(path), "%s/base/%u/%u", dir, rl.db_oid, rl.rel_number);
	return stat(path, &st) == 0;
}

static void
ddl_recover(const char *dir, int crash_after)
{
	child_start(dir, false, 0);
	child_sql("select count(*), min(b), max(b) from keep", "count|min|max\n100|k1|k99\nSELECT 1");
	child_sql_prefix("select * from gone", "ERROR 42P01: relation \"gone\" does not exist");
	child_sql("select a from trunc", "a\n7\nSELECT 1");
	child_sql_prefix("select * from rolled", "ERROR 42P01: relation \"rolled\" does not exist");
	child_sql_prefix("select * from open_t", "ERROR 42P01: relation \"open_t\" does not exist");
	/* The dropped files stay dropped. */
	CHILD_CHECK(!file_exists(".", ddl_report->gone));
	CHILD_CHECK(!file_exists(".", ddl_report->gone_pkey));
	CHILD_CHECK(!file_exists(".", ddl_report->trunc_old));
	CHILD_CHECK(file_exists(".", ddl_report->trunc_new));
	/* The names are free again. */
	child_sql("create table gone (a int)", "CREATE TABLE");
	child_sql("drop table gone", "DROP TABLE");
	if (crash_after)
		crash_now();
}

/*
 * DROP TABLE, TRUNCATE and CREATE TABLE in a rolled-back or open
 * transaction, all after the last checkpoint: replay re-creates the files
 * from their SMGR records, replays their pages, and the commit/abort
 * records drop them again; recovering twice gives the same result.
 */
static void
test_crash_recovery_ddl(void **state)
{
	(void) state;
	ddl_report = shared_with_children(sizeof(DdlReport));
	crash_dir = standalone_temp_datadir("walddl");
	assert_child_killed(run_child_in(ddl_workload, crash_dir, 0), SIGKILL, "workload");
	assert_false(file_exists(crash_dir, ddl_report->gone));
	assert_child_killed(run_child_in(ddl_recover, crash_dir, 1), SIGKILL, "first recovery");
	assert_exited_ok(run_child_in(ddl_recover, crash_dir, 0), "second recovery");
	standalone_remove_datadir(crash_dir);
	munmap(ddl_report, sizeof(DdlReport));
}

/* ---- WAL across a segment boundary ---- */

#define SEG_FILLER_BYTES	(60 * 1024)
#define SEG_ROWS			20

/*
 * Fill segment 1 with large main-data records (a WAL ring of 4 pages,
 * smaller than one record, so records are written out while they are
 * still being copied in), then commit rows whose WAL lies in segment 2.
 */
static void
segment_workload(const char *dir, int arg)
{
	static char filler[SEG_FILLER_BYTES];
	XLogRecPtr	end = InvalidXLogRecPtr;

	(void) arg;
	guc_init();
	guc_wal_buffers_blocks = 4;
	child_start(dir, true, 0);
	for (uint32_t i = 0; wal_segno(end) <= WAL_FIRST_SEGMENT; i++)
	{
		memset(filler, (int) (i & 0x7F), sizeof(filler));
		memcpy(filler, &i, sizeof(i));
		end = wal_insert_simple(RM_XLOG, WAL_XLOG_FPI, InvalidTransactionId, filler,
								sizeof(filler), NULL);
	}
	WalStats	ws;

	wal_get_stats(&ws);
	CHILD_CHECK(ws.buffers_full > 0);	/* the ring really was that small */
	child_sql("create table s (a int primary key, b text)", "CREATE TABLE");
	child_sql("insert into s select g, 's' || g from generate_series(1, 20) g", "INSERT 0 20");
	child_sql("delete from s where a = 7", "DELETE 1");
	report->insert_pos = wal_insert_position();
	crash_now();
}

static void
segment_recover(const char *dir, int arg)
{
	(void) arg;
	child_start(dir, false, 0);
	child_sql("select count(*), sum(a) from s", "count|sum\n19|203\nSELECT 1");
	child_sql("set enable_seqscan = off", "SET");
	child_sql("select b from s where a = 20", "b\ns20\nSELECT 1");
	child_sql("select b from s where a = 7", "b\nSELECT 0");
}

static void
test_segment_boundary(void **state)
{
	char		waldir[1100];
	char		msg[256];
	XLogRecPtr	seg2 = wal_segment_start(WAL_FIRST_SEGMENT + 1);

	(void) state;
	crash_dir = standalone_temp_datadir("walseg");
	assert_child_killed(run_child_in(segment_workload, crash_dir, 0), SIGKILL, "workload");
	assert_true(wal_segno(report->insert_pos) == WAL_FIRST_SEGMENT + 1);

	snprintf(waldir, sizeof(waldir), "%s/pg_wal", crash_dir);
	load_segments(waldir);
	assert_true(wal.nsegments >= 2);
	raw_walk(report->insert_pos);

	/* The record that crosses into segment 2, and segment 2's first page:
	 * a long header, continuing that record by exactly its remainder. */
	int			k = 0;

	while (k < wal.nrecs && record_byte_lsn(wal.recs[k].start, wal.recs[k].tot_len - 1) < seg2)
		k++;
	assert_true(k < wal.nrecs && wal.recs[k].start < seg2);

	WalLongPageHeader lh;
	size_t		in_seg1 = 0;

	while (record_byte_lsn(wal.recs[k].start, in_seg1) < seg2)
		in_seg1++;
	memcpy(&lh, wal_at(seg2), sizeof(lh));
	assert_int_equal(lh.std.magic, WAL_PAGE_MAGIC);
	assert_int_equal(lh.std.info, WAL_PAGE_LONG | WAL_PAGE_CONT);
	assert_int_equal(lh.std.pageaddr, seg2);
	assert_int_equal(lh.std.rem_len, wal.recs[k].tot_len - in_seg1);
	assert_int_equal(lh.segment_size, WAL_SEGMENT_SIZE);
	assert_int_equal(lh.page_size, WAL_PAGE_SIZE);
	assert_memory_equal(&lh.system_identifier,
						wal.bytes + offsetof(WalLongPageHeader, system_identifier),
						sizeof(uint64_t));

	/* The reader returns every record, across the boundary. */
	WalReader	r;
	int			n = 0;

	walreader_init(&r, waldir, lh.system_identifier);
	for (const WalRecordHeader *h = walreader_read(&r, wal.recs[0].start); h != NULL;
		 h = walreader_read(&r, InvalidXLogRecPtr), n++)
	{
		assert_int_equal(r.read_ptr, wal.recs[n].start);
		assert_memory_equal(h, wal.recs[n].bytes, wal.recs[n].tot_len);
	}
	assert_int_equal(n, wal.nrecs);
	assert_int_equal(r.end_ptr, report->insert_pos);
	walreader_close(&r);

	/* Without segment 2 the WAL ends at the crossing record. */
	char	   *path2 = segment_path(crash_dir, "pg_wal", WAL_FIRST_SEGMENT + 1);
	char		moved[1300];

	snprintf(moved, sizeof(moved), "%s.moved", path2);
	assert_int_equal(rename(path2, moved), 0);
	walreader_init(&r, waldir, 0);
	n = 0;
	for (const WalRecordHeader *h = walreader_read(&r, wal.recs[0].start); h != NULL;
		 h = walreader_read(&r, InvalidXLogRecPtr))
		n++;
	snprintf(msg, sizeof(msg), "%s", r.errmsg);
	walreader_close(&r);
	assert_int_equal(n, k);
	assert_non_null(strstr(msg, "could not open file"));
	assert_int_equal(rename(moved, path2), 0);
	free(path2);

	/* Recovery replays across the boundary. */
	assert_exited_ok(run_child_in(segment_recover, crash_dir, 0), "recovery across segments");
	for (int i = 0; i < wal.nrecs; i++)
		free(wal.recs[i].bytes);
	free(wal.recs);
	free(wal.bytes);
	memset(&wal, 0, sizeof(wal));
	standalone_remove_datadir(crash_dir);
}

/* ---- concurrent inserters sharing a small WAL ring ---- */

#define CW_WRITERS		3
#define CW_RECORDS		3000
#define CW_MAX_LEN		3000

typedef struct CwPayload
{
	uint32_t	writer;
	uint32_t	seq;
	uint32_t	len;			/* of the whole main data */
} CwPayload;

static uint8_t
cw_byte(uint32_t writer, uint32_t seq, size_t i)
{
	return (uint8_t) (writer * 131 + seq * 7 + i * 13);
}

static uint32_t
cw_len(uint32_t writer, uint32_t seq)
{
	return sizeof(CwPayload) + (writer * 7919 + seq * 104729) % CW_MAX_LEN;
}

static void
cw_insert_all(uint32_t writer)
{
	static char data[sizeof(CwPayload) + CW_MAX_LEN];

	for (uint32_t seq = 0; seq < CW_RECORDS; seq++)
	{
		CwPayload	p = {writer, seq, cw_len(writer, seq)};

		memcpy(data, &p, sizeof(p));
		for (size_t i = sizeof(p); i < p.len; i++)
			data[i] = (char) cw_byte(writer, seq, i);

		XLogRecPtr	end = wal_insert_simple(RM_XLOG, WAL_XLOG_FPI, InvalidTransactionId,
											data, p.len, NULL);

		/* Commits now and then (sharing flushes); between two of them one
		 * writer alone inserts more than the ring holds. */
		if (seq % 50 == 0)
			wal_flush(end);
	}
}

static void
concurrent_writers(const char *dir, int arg)
{
	pid_t		pids[CW_WRITERS - 1];
	WalStats	ws;

	(void) arg;
	memctx_init();
	guc_init();
	guc_fsync = false;
	guc_max_connections = 8;
	guc_wal_buffers_blocks = 4;
	standalone_init(dir, true);
	for (int w = 1; w < CW_WRITERS; w++)
	{
		pids[w - 1] = standalone_fork();
		CHILD_CHECK(pids[w - 1] >= 0);
		if (pids[w - 1] == 0)
		{
			cw_insert_all((uint32_t) w);
			proc_exit(0);
		}
	}
	cw_insert_all(0);
	for (int w = 1; w < CW_WRITERS; w++)
	{
		int			status;

		CHILD_CHECK(waitpid(pids[w - 1], &status, 0) == pids[w - 1]);
		CHILD_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	wal_get_stats(&ws);
	CHILD_CHECK(ws.buffers_full > 0);
	wal_flush(wal_insert_position());
	report->insert_pos = wal_insert_position();
}

/*
 * Three processes insert records of varied sizes (up to a third of the
 * 4-page ring), so inserters must write out ring pages themselves, and
 * flush every 50 records: the WAL read back is one
 * valid chain holding every record of every writer, in each writer's
 * order, byte for byte.
 */
static void
test_concurrent_inserters(void **state)
{
	uint32_t	next[CW_WRITERS] = {0};
	WalReader	r;
	int			others = 0;
	int			switches = 0;
	uint32_t	last_writer = 0;
	char	   *dir = standalone_temp_datadir("walconc");

	(void) state;
	assert_exited_ok(run_child_in(concurrent_writers, dir, 0), "concurrent writers");

	walreader_init(&r, "", 0);
	snprintf(r.waldir, sizeof(r.waldir), "%s/pg_wal", dir);
	for (const WalRecordHeader *h = walreader_read(&r, wal_segment_start(WAL_FIRST_SEGMENT) +
												   sizeof(WalLongPageHeader));
		 h != NULL; h = walreader_read(&r, InvalidXLogRecPtr))
	{
		WalDecoded	d;
		char		err[128];
		CwPayload	p;

		assert_true(wal_decode(h, &d, err, sizeof(err)));
		if (h->rmid != RM_XLOG || (h->info & 0xF0) != WAL_XLOG_FPI)
		{
			others++;
			continue;
		}
		assert_true(d.main_len >= sizeof(p));
		memcpy(&p, d.main_data, sizeof(p));
		assert_true(p.writer < CW_WRITERS);
		assert_int_equal(p.seq, next[p.writer]);
		assert_int_equal(p.len, cw_len(p.writer, p.seq));
		assert_int_equal(d.main_len, p.len);
		for (size_t i = sizeof(p); i < p.len; i++)
			if ((uint8_t) d.main_data[i] != cw_byte(p.writer, p.seq, i))
				fail_msg("writer %u record %u byte %zu damaged", p.writer, p.seq, i);
		next[p.writer]++;
		switches += p.writer != last_writer;
		last_writer = p.writer;
	}
	assert_int_equal(r.end_ptr, report->insert_pos);
	walreader_close(&r);
	for (int w = 0; w < CW_WRITERS; w++)
		assert_int_equal(next[w], CW_RECORDS);
	printf("concurrent inserters: %d records, %d changes of writer, %d other records\n",
		   CW_WRITERS * CW_RECORDS, switches, others);
	standalone_remove_datadir(dir);
}

/* ---- a relation extension lost with the power ---- */

static void
lost_extension_workload(const char *dir, int arg)
{
	(void) arg;
	child_start(dir, true, 0);
	child_sql("create table p (a int, b text)", "CREATE TABLE");
	child_sql("insert into p select g, 'p' || g from generate_series(1, 50) g", "INSERT 0 50");
	report->table_rl = locator_of("p");
	crash_now();
}

static void
lost_extension_recover(const char *dir, int arg)
{
	(void) arg;
	child_start(dir, false, 0);
	child_sql("select count(*), min(b), max(a) from p", "count|min|max\n50|p1|50\nSELECT 1");
}

/*
 * The table was created and filled after the last checkpoint, so its
 * blocks were added by extension writes that nothing has fsync'd yet.  A
 * power failure may lose them: the file comes back shorter (here: empty,
 * as smgr_create left it durable).  WAL has everything: the page's image
 * (heap INIT_PAGE) and then the row deltas.  Recovery must rebuild the
 * rows, as PostgreSQL does by extending the file during replay.
 */
static void
test_recovery_after_lost_extension(void **state)
{
	char		path[1200];
	struct stat st;

	(void) state;
	crash_dir = standalone_temp_datadir("walext");
	assert_child_killed(run_child_in(lost_extension_workload, crash_dir, 0), SIGKILL, "workload");
	snprintf(path, sizeof(path), "%s/base/%u/%u", crash_dir, report->table_rl.db_oid,
			 report->table_rl.rel_number);
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size >= BLCKSZ);
	assert_int_equal(truncate(path, 0), 0);

	int			status = run_child_in(lost_extension_recover, crash_dir, 0);

	standalone_remove_datadir(crash_dir);
	assert_exited_ok(status, "recovery of a table whose extension was lost");
}

/* ---- CLOG commit LSNs ---- */

/* Read the record at start from pg_wal; true if it is there with this
 * xid and end. */
static bool
commit_record_on_disk(XLogRecPtr start, TransactionId xid, XLogRecPtr end)
{
	WalReader	r;
	bool		found;

	walreader_init(&r, WAL_DIR, 0);

	const WalRecordHeader *h = walreader_read(&r, start);

	found = h != NULL && h->rmid == RM_XACT && (h->info & 0xF0) == WAL_XACT_COMMIT &&
		h->xid == xid && r.end_ptr == end;
	walreader_close(&r);
	return found;
}

/* Where the next record will start (after a page header if at a page start). */
static XLogRecPtr
next_record_start(void)
{
	XLogRecPtr	pos = wal_insert_position();

	return pos % WAL_PAGE_SIZE == 0 ? pos + page_header_size_at(pos) : pos;
}

static void
clog_child(const char *dir, int arg)
{
	XLogRecPtr	lsn;

	(void) arg;
	memctx_init();
	guc_init();
	guc_fsync = false;
	guc_max_connections = 4;
	standalone_init(dir, true);

	/* An xid far from the ones in use, its group, a neighbour in the
	 * group, and one in the next group (clog.h's layout). */
	const TransactionId x = 100003;
	const TransactionId group_first = x - x % CLOG_XACTS_PER_LSN_GROUP;
	const TransactionId y = group_first + (x + 11) % CLOG_XACTS_PER_LSN_GROUP;
	const TransactionId z = group_first + CLOG_XACTS_PER_LSN_GROUP + 1;

	CHILD_CHECK(y != x && y / CLOG_XACTS_PER_LSN_GROUP == x / CLOG_XACTS_PER_LSN_GROUP);

	/* A commit record for x, inserted but not flushed (an asynchronous
	 * commit): not on disk yet. */
	wal_flush(wal_insert_position());

	WalXactFinish f;
	XLogRecPtr	start;

	memset(&f, 0, sizeof(f));

	XLogRecPtr	end = wal_insert_simple(RM_XACT, WAL_XACT_COMMIT, x, &f, sizeof(f), &start);

	CHILD_CHECK(end > start);
	CHILD_CHECK(wal_flushed_upto() < end);
	CHILD_CHECK(!commit_record_on_disk(start, x, end));

	clog_set_status(x, CLOG_STATUS_COMMITTED, end);
	CHILD_CHECK(clog_get_status_lsn(x, &lsn) == CLOG_STATUS_COMMITTED);
	CHILD_CHECK(lsn == end);
	/* The LSN is kept per group: y shares it, z does not. */
	CHILD_CHECK(clog_get_status_lsn(y, &lsn) == CLOG_STATUS_IN_PROGRESS);
	CHILD_CHECK(lsn == end);
	CHILD_CHECK(clog_get_status_lsn(z, &lsn) == CLOG_STATUS_IN_PROGRESS);
	CHILD_CHECK(lsn == InvalidXLogRecPtr);
	CHILD_CHECK(!xid_commit_is_durable(x));
	CHILD_CHECK(!xid_commit_is_durable(y));
	CHILD_CHECK(xid_commit_is_durable(z));

	/* An older LSN in the same group does not lower it. */
	clog_set_status(y, CLOG_STATUS_ABORTED, start);
	CHILD_CHECK(clog_get_status_lsn(y, &lsn) == CLOG_STATUS_ABORTED);
	CHILD_CHECK(lsn == end);
	CHILD_CHECK(clog_get_status(x) == CLOG_STATUS_COMMITTED);

	/* Flushed: the record is on disk, and the commit durable. */
	wal_flush(end);
	CHILD_CHECK(wal_flushed_upto() >= end);
	CHILD_CHECK(commit_record_on_disk(start, x, end));
	CHILD_CHECK(xid_commit_is_durable(x));
	CHILD_CHECK(xid_commit_is_durable(y));

	/* The real asynchronous commit path, and the WAL writer's flush. */
	guc_synchronous_commit = SYNCHRONOUS_COMMIT_OFF;
	wal_flush(wal_insert_position());

	XLogRecPtr	commit_start = next_record_start();

	xact_start_command();

	TransactionId xid = xact_get_xid();

	xact_commit_command();
	CHILD_CHECK(TransactionIdIsNormal(xid));
	CHILD_CHECK(clog_get_status_lsn(xid, &lsn) == CLOG_STATUS_COMMITTED);
	CHILD_CHECK(lsn > commit_start);
	CHILD_CHECK(wal_flushed_upto() < lsn);
	CHILD_CHECK(!commit_record_on_disk(commit_start, xid, lsn));
	CHILD_CHECK(!xid_commit_is_durable(xid));
	CHILD_CHECK(wal_background_flush() > 0);
	CHILD_CHECK(commit_record_on_disk(commit_start, xid, lsn));
	CHILD_CHECK(xid_commit_is_durable(xid));
}

static void
test_clog_commit_lsn(void **state)
{
	(void) state;
	char	   *dir = standalone_temp_datadir("walclog");

	assert_exited_ok(run_child_in(clog_child, dir, 0), "clog checks");
	standalone_remove_datadir(dir);
}

int
main(void)
{
	const struct CMUnitTest reader_tests[] = {
		cmocka_unit_test(test_reader_reads_engine_wal),
		cmocka_unit_test_setup(test_reader_zeroed_tail, scratch_reset),
		cmocka_unit_test_setup(test_reader_flipped_bits, scratch_reset),
		cmocka_unit_test_setup(test_reader_torn_record, scratch_reset),
		cmocka_unit_test_setup(test_reader_recycled_pages, scratch_reset),
		cmocka_unit_test_setup(test_reader_bogus_lengths, scratch_reset),
		cmocka_unit_test_setup(test_reader_valid_crc_bad_fields, scratch_reset),
#ifdef MINIPG_FAULTS
		cmocka_unit_test_setup(test_reader_io_error, scratch_reset),
#endif
	};
	const struct CMUnitTest engine_tests[] = {
		cmocka_unit_test(test_clog_commit_lsn),
		cmocka_unit_test(test_crash_recovery),
		cmocka_unit_test(test_crash_recovery_pages_on_disk),
		cmocka_unit_test(test_crash_recovery_torn_pages),
		cmocka_unit_test(test_recovery_after_lost_wal_tail),
#ifdef MINIPG_FAULTS
		cmocka_unit_test(test_crash_during_recovery),
#endif
		cmocka_unit_test(test_crash_recovery_ddl),
		cmocka_unit_test(test_segment_boundary),
		cmocka_unit_test(test_concurrent_inserters),
		cmocka_unit_test(test_recovery_after_lost_extension),
	};
	int			failed;

	memctx_init();
	guc_init();
	report = shared_with_children(sizeof(ChildReport));
	failed = cmocka_run_group_tests_name("wal reader", reader_tests, reader_setup, reader_teardown);
	failed += cmocka_run_group_tests_name("wal recovery", engine_tests, NULL, NULL);
	return failed;
}
