/*-------------------------------------------------------------------------
 * test_wal_reader.c
 *	  Unit tests of walreader.c on WAL segments written here byte by byte
 *	  from walformat.h: finding the first record of a page, and the
 *	  reader's answers to bad positions and damaged or short files.
 *
 * What:
 *	- walreader_find_first: on a segment's first page, the first record
 *	  after the long header; on a page that begins with the continuation
 *	  of a record spanning three pages, the record after that one (the
 *	  skip crosses a further page header); at an address inside a page,
 *	  the same answer as for the page's start; on a page whose next page
 *	  (still the continuation) is damaged, none (the reason given); past
 *	  the end of the file, none, with read_errno 0 (end of WAL); in a
 *	  segment that does not exist, none, read_errno 0.  The record found
 *	  reads back with walreader_read, and sequential reading then ends at
 *	  the zeroes after the last record.
 *	- walreader_read refuses, with PostgreSQL's messages: no starting
 *	  position (sequential read before any record), an unaligned record
 *	  address, an address inside a page header, a page that starts with a
 *	  continuation; a page header whose long-header bit disagrees with its
 *	  place in the segment; a long header with another segment size; a
 *	  segment file that ends inside a page the record needs ("read 4096 of
 *	  8192", read_errno 0: the end of WAL); with fault points compiled in,
 *	  a pread failing with EACCES (read_errno EACCES: not the end).
 * How: records are headers plus a fill pattern with a CRC-32C computed
 * here bit by bit; pages get their headers (long on the segment's first
 * page, WAL_PAGE_CONT with the exact remaining length on continuations)
 * as walformat.h describes; the segment file is only as long as the pages
 * written.  No shared memory: the reader is used as the tools use it.
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "access/wal/walformat.h"
#include "access/wal/walreader.h"
#include "postmaster/standalone.h"
#include "utils/guc.h"
#include "utils/memctx.h"
#include "utils/test_crc32c_ref.h"

#ifdef MINIPG_FAULTS
#include <fiu-control.h>

#include "faults/fault_control.h"
#endif

#define SYSID		UINT64_C(7123456789012345678)
#define SEGNO		1
#define SEG_START	((XLogRecPtr) SEGNO * WAL_SEGMENT_SIZE)
#define PAGE(n)		(SEG_START + (XLogRecPtr) (n) * WAL_PAGE_SIZE)
#define MAX_PAGES	8


/* ---- a segment built in memory ---- */

typedef struct Segment
{
	char		bytes[MAX_PAGES * WAL_PAGE_SIZE];
	XLogRecPtr	pos;			/* where the next record goes */
	XLogRecPtr	prev;			/* start of the last record */
	int			pages;			/* pages with a header */
} Segment;

static Segment seg;
static char *datadir;
static char waldir[600];

static void
page_header(XLogRecPtr page_start, uint32_t rem_len)
{
	WalLongPageHeader h;
	size_t		off = (size_t) (page_start - SEG_START);

	memset(&h, 0, sizeof(h));
	h.std.magic = WAL_PAGE_MAGIC;
	h.std.timeline = WAL_TIMELINE;
	h.std.pageaddr = page_start;
	h.std.rem_len = rem_len;
	h.std.info = rem_len > 0 ? WAL_PAGE_CONT : 0;
	if (page_start % WAL_SEGMENT_SIZE == 0)
	{
		h.std.info |= WAL_PAGE_LONG;
		h.system_identifier = SYSID;
		h.segment_size = WAL_SEGMENT_SIZE;
		h.page_size = WAL_PAGE_SIZE;
		memcpy(seg.bytes + off, &h, sizeof(h));
	}
	else
		memcpy(seg.bytes + off, &h.std, sizeof(h.std));
	seg.pages = (int) (off / WAL_PAGE_SIZE) + 1;
}

static void
seg_reset(void)
{
	memset(&seg, 0, sizeof(seg));
	seg.pos = SEG_START;
	seg.prev = InvalidXLogRecPtr;
}

/* Append a record of tot_len bytes (header + fill); returns its start. */
static XLogRecPtr
add_record(uint32_t tot_len, uint8_t fill)
{
	char	   *rec = malloc(tot_len);
	WalRecordHeader h;

	assert_non_null(rec);
	memset(&h, 0, sizeof(h));
	h.tot_len = tot_len;
	h.prev = seg.prev;
	h.rmid = RM_XLOG;
	h.info = WAL_XLOG_SWITCH;
	memset(rec + sizeof(h), fill, tot_len - sizeof(h));
	h.crc = ref_crc32c(0xFFFFFFFFu, rec + sizeof(h), tot_len - sizeof(h));
	h.crc = ref_crc32c(h.crc, &h, offsetof(WalRecordHeader, crc)) ^ 0xFFFFFFFFu;
	memcpy(rec, &h, sizeof(h));

	if (seg.pos % WAL_PAGE_SIZE == 0)
	{
		page_header(seg.pos, 0);
		seg.pos += wal_page_header_size(seg.pos);
	}

	XLogRecPtr	start = seg.pos;
	size_t		done = 0;

	while (done < tot_len)
	{
		if (seg.pos % WAL_PAGE_SIZE == 0)
		{
			page_header(seg.pos, tot_len - (uint32_t) done);
			seg.pos += wal_page_header_size(seg.pos);
		}

		size_t		n = Min(tot_len - done, WAL_PAGE_SIZE - seg.pos % WAL_PAGE_SIZE);

		assert_true(seg.pos + n <= SEG_START + sizeof(seg.bytes));
		memcpy(seg.bytes + (seg.pos - SEG_START), rec + done, n);
		done += n;
		seg.pos += n;
	}
	seg.pos = WAL_ALIGN(seg.pos);
	seg.prev = start;
	free(rec);
	return start;
}

static void
seg_path(char *path, size_t len, uint64_t segno)
{
	char		name[WAL_FILE_NAME_LEN + 1];

	wal_file_name(name, WAL_TIMELINE, segno);
	snprintf(path, len, "%s/%s", waldir, name);
}

/* Write the first len bytes of the segment as its file. */
static void
seg_write(size_t len)
{
	char		path[700];

	seg_path(path, sizeof(path), SEGNO);

	int			fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, seg.bytes, len), (ssize_t) len);
	close(fd);
}

static void
seg_write_pages(void)
{
	seg_write((size_t) seg.pages * WAL_PAGE_SIZE);
}

/* The layout most tests use: R1 (64 bytes) on page 0, R2 (20000 bytes)
 * from page 0 to page 2, R3 (48 bytes) on page 2. */
static XLogRecPtr r1,
			r2,
			r3;

static void
standard_segment(void)
{
	seg_reset();
	r1 = add_record(64, 0x11);
	r2 = add_record(20000, 0x22);
	r3 = add_record(48, 0x33);
	assert_int_equal(seg.pages, 3);
	/* The layout walformat.h implies (checked, so the tests mean it). */
	assert_int_equal(r1, SEG_START + sizeof(WalLongPageHeader));
	assert_int_equal(r2, r1 + 64);
	assert_int_equal(r3, PAGE(2) + sizeof(WalPageHeader) +
					 (20000 - (WAL_PAGE_SIZE - (r2 - SEG_START)) -
					  (WAL_PAGE_SIZE - sizeof(WalPageHeader))));
}

static void
reader_open(WalReader *r)
{
	walreader_init(r, waldir, SYSID);
}

/* ---- find_first ---- */

static void
test_find_first(void **state)
{
	(void) state;
	WalReader	r;
	const WalRecordHeader *rec;

	standard_segment();
	seg_write_pages();
	reader_open(&r);

	assert_int_equal(walreader_find_first(&r, SEG_START), r1);
	/* Page 1 starts with the middle of R2, which ends on page 2. */
	assert_int_equal(walreader_find_first(&r, PAGE(1)), r3);
	/* An address inside a page: that page. */
	assert_int_equal(walreader_find_first(&r, PAGE(1) + 5000), r3);
	assert_int_equal(walreader_find_first(&r, PAGE(2) + 17), r3);
	assert_string_equal(r.errmsg, "");

	/* What it found is a record; the one after it is the end. */
	rec = walreader_read(&r, r3);
	assert_non_null(rec);
	assert_int_equal(rec->tot_len, 48);
	assert_int_equal(rec->prev, r2);
	assert_null(walreader_read(&r, InvalidXLogRecPtr));
	assert_int_equal(r.read_errno, 0);
	{
		char		want[200];

		snprintf(want, sizeof(want), "invalid record length at 0/%X: wanted 24, got 0",
				 (unsigned) (r3 + 48));
		assert_string_equal(r.errmsg, want);
	}

	/* Past the end of the file: the end of WAL, not an I/O error. */
	assert_int_equal(walreader_find_first(&r, PAGE(3)), InvalidXLogRecPtr);
	assert_int_equal(r.read_errno, 0);
	assert_string_equal(r.errmsg, "could not read from WAL segment 000000010000000000000001, "
						"LSN 0/1006000, offset 24576: read 0 of 8192");

	/* A segment that does not exist: the end too. */
	assert_int_equal(walreader_find_first(&r, SEG_START + WAL_SEGMENT_SIZE), InvalidXLogRecPtr);
	assert_int_equal(r.read_errno, 0);
	assert_non_null(strstr(r.errmsg, "000000010000000000000002\": No such file or directory"));
	walreader_close(&r);

	/* The continuation's next page damaged: no answer, and why. */
	WalPageHeader *p2 = (WalPageHeader *) (seg.bytes + 2 * WAL_PAGE_SIZE);

	p2->magic = 0x1234;
	seg_write_pages();
	reader_open(&r);
	assert_int_equal(walreader_find_first(&r, PAGE(1)), InvalidXLogRecPtr);
	assert_string_equal(r.errmsg, "invalid magic number 1234 in WAL page at 0/1004000");
	assert_int_equal(r.read_errno, 0);
	/* The first page is still fine. */
	assert_int_equal(walreader_find_first(&r, SEG_START), r1);
	walreader_close(&r);
}

/* ---- positions walreader_read refuses ---- */

static void
test_bad_positions(void **state)
{
	(void) state;
	WalReader	r;

	standard_segment();
	seg_write_pages();
	reader_open(&r);

	/* Sequential read with nothing read yet. */
	assert_null(walreader_read(&r, InvalidXLogRecPtr));
	assert_string_equal(r.errmsg, "no starting position");
	assert_int_equal(r.read_errno, 0);

	assert_null(walreader_read(&r, r1 + 4));
	assert_string_equal(r.errmsg, "invalid record offset at 0/100002C");
	assert_null(walreader_read(&r, PAGE(1) + 8));	/* inside the header */
	assert_string_equal(r.errmsg, "invalid record offset at 0/1002008");
	assert_null(walreader_read(&r, SEG_START + 32));	/* inside the long header */
	assert_string_equal(r.errmsg, "invalid record offset at 0/1000020");
	assert_null(walreader_read(&r, PAGE(1)));	/* a continuation */
	assert_string_equal(r.errmsg, "unexpected contrecord at 0/1002000");

	/* And the three records read in order. */
	assert_non_null(walreader_read(&r, r1));
	assert_non_null(walreader_read(&r, InvalidXLogRecPtr));
	assert_int_equal(r.read_ptr, r2);
	assert_int_equal(((const WalRecordHeader *) r.buf)->tot_len, 20000);
	assert_non_null(walreader_read(&r, InvalidXLogRecPtr));
	assert_int_equal(r.read_ptr, r3);
	assert_string_equal(r.errmsg, "");
	walreader_close(&r);
}

/* ---- damaged headers, short files, failed reads ---- */

static void
test_bad_page_headers(void **state)
{
	(void) state;
	WalReader	r;

	/* A long-header bit on a page that is not a segment's first. */
	standard_segment();
	((WalPageHeader *) (seg.bytes + WAL_PAGE_SIZE))->info |= WAL_PAGE_LONG;
	seg_write_pages();
	reader_open(&r);
	assert_non_null(walreader_read(&r, r1));
	assert_null(walreader_read(&r, InvalidXLogRecPtr));	/* R2 needs page 1 */
	assert_string_equal(r.errmsg, "invalid info bits 0003 in WAL page at 0/1002000");
	assert_int_equal(r.read_errno, 0);
	walreader_close(&r);

	/* The first page without it. */
	standard_segment();
	((WalPageHeader *) seg.bytes)->info &= (uint16_t) ~WAL_PAGE_LONG;
	seg_write_pages();
	reader_open(&r);
	assert_null(walreader_read(&r, r1));
	assert_string_equal(r.errmsg, "invalid info bits 0000 in WAL page at 0/1000000");
	walreader_close(&r);

	/* Another segment size in the long header. */
	standard_segment();
	((WalLongPageHeader *) seg.bytes)->segment_size = 1024 * 1024;
	seg_write_pages();
	reader_open(&r);
	assert_null(walreader_read(&r, r1));
	assert_string_equal(r.errmsg, "WAL file has segment size 1048576, page size 8192 at 0/1000000");
	walreader_close(&r);

	/* Another page size. */
	standard_segment();
	((WalLongPageHeader *) seg.bytes)->page_size = 4096;
	seg_write_pages();
	reader_open(&r);
	assert_null(walreader_read(&r, r1));
	assert_string_equal(r.errmsg, "WAL file has segment size 16777216, page size 4096 at 0/1000000");
	walreader_close(&r);
}

static void
test_short_file(void **state)
{
	(void) state;
	WalReader	r;

	/* The file ends half way into page 1, where R2 continues. */
	standard_segment();
	seg_write(WAL_PAGE_SIZE + WAL_PAGE_SIZE / 2);
	reader_open(&r);
	assert_non_null(walreader_read(&r, r1));
	assert_null(walreader_read(&r, InvalidXLogRecPtr));
	assert_string_equal(r.errmsg, "could not read from WAL segment 000000010000000000000001, "
						"LSN 0/1002000, offset 8192: read 4096 of 8192");
	assert_int_equal(r.read_errno, 0);	/* the end of WAL */
	walreader_close(&r);

	/* Shorter than one page: not even R1. */
	seg_write(100);
	reader_open(&r);
	assert_null(walreader_read(&r, r1));
	assert_string_equal(r.errmsg, "could not read from WAL segment 000000010000000000000001, "
						"LSN 0/1000000, offset 0: read 100 of 8192");
	assert_int_equal(r.read_errno, 0);
	walreader_close(&r);
}

#ifdef MINIPG_FAULTS
static void
test_pread_fails(void **state)
{
	(void) state;
	WalReader	r;

	standard_segment();
	seg_write_pages();
	fault_arm_local_libfiu();
	reader_open(&r);
	assert_int_equal(fiu_enable("storage/file/read", 1, (void *) (intptr_t) EACCES, 0), 0);
	assert_null(walreader_read(&r, r1));
	assert_int_equal(fiu_disable("storage/file/read"), 0);
	assert_int_equal(r.read_errno, EACCES);
	assert_string_equal(r.errmsg, "could not read from WAL segment 000000010000000000000001, "
						"LSN 0/1000000, offset 0: Permission denied");
	/* The same reader reads once the fault is gone. */
	assert_non_null(walreader_read(&r, r1));
	assert_int_equal(r.read_errno, 0);

	/* In find_first too. */
	walreader_close(&r);
	reader_open(&r);
	assert_int_equal(fiu_enable("storage/file/read", 1, (void *) (intptr_t) EIO, 0), 0);
	assert_int_equal(walreader_find_first(&r, PAGE(1)), InvalidXLogRecPtr);
	assert_int_equal(fiu_disable("storage/file/read"), 0);
	assert_int_equal(r.read_errno, EIO);
	walreader_close(&r);
}
#endif

static int
setup(void **state)
{
	(void) state;
	datadir = standalone_temp_datadir("walreader");
	snprintf(waldir, sizeof(waldir), "%s", datadir);
	return 0;
}

static int
teardown(void **state)
{
	(void) state;
	standalone_remove_datadir(datadir);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_first),
		cmocka_unit_test(test_bad_positions),
		cmocka_unit_test(test_bad_page_headers),
		cmocka_unit_test(test_short_file),
#ifdef MINIPG_FAULTS
		cmocka_unit_test(test_pread_fails),
#endif
	};

	memctx_init();
	guc_init();
	return cmocka_run_group_tests(tests, setup, teardown);
}
