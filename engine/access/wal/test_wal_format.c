/*-------------------------------------------------------------------------
 * test_wal_format.c
 *	  Unit tests of the WAL record format: page deltas and images as the
 *	  insertion code produces them and as replay applies them, replay
 *	  idempotence of one block, and wal_decode's defence against malformed
 *	  records.
 *
 * What:
 *	- round trip through the real code path: pages of a test relation are
 *	  changed at random (seeded: items added at random positions, deleted,
 *	  scribbled on, header fields and special space changed, sometimes the
 *	  whole page rewritten) inside wal_begin / wal_register_buffer /
 *	  wal_insert, with checkpoints in between; the records are read back
 *	  from pg_wal with WalReader and decoded.  For every block reference:
 *	  the kind is an image exactly when the rules of walinsert.h require
 *	  one (first change ever, first change after a checkpoint's redo point,
 *	  WAL_REGISTER_IMAGE) and a delta when a delta is provably smaller;
 *	  an image's hole is the page's [pd_lower, pd_upper); applying the
 *	  block to the page as it was before the change gives the page after
 *	  it byte for byte (pd_lsn = the record's end, pd_checksum aside);
 *	  applying an image to a garbage page gives the same with the hole
 *	  zeroed; and replaying the whole chain of records from the zeroed
 *	  blocks the relation was extended with reproduces every page (the
 *	  situation of crash recovery).  Main data comes back intact.
 *	- wal_redo_apply_block: a delta is skipped (false, page untouched)
 *	  when the page LSN is at or past the record's end; applied twice with
 *	  an older LSN it gives the same bytes; an image is always restored.
 *	- wal_decode rejects, with a reason and without reading outside the
 *	  record, every malformed layout listed in walformat.h: too many
 *	  blocks, truncated block references, block data beyond the record,
 *	  bad image hole lengths, delta fragments out of bounds, empty, below
 *	  WAL_DELTA_SKIP or cut short, unknown block kinds, tot_len below the
 *	  header size; and a seeded mutation fuzzer checks that whatever it
 *	  accepts is self-consistent and can be applied to a page safely.
 *	- segment file names (PostgreSQL's scheme) and LSN text ("0/16B3D80").
 * How: the format tests build records by hand from walformat.h (no shared
 * memory); expected pages come from the test's own copies and its own
 * byte-wise diff, never from the code under test.  The round trip runs in
 * a standalone_init() environment.  Seeds: WALTEST_SEED overrides the
 * default; the seed used is printed.  Records are allocated with their
 * exact size, so the ASan build catches any read past them.
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "access/transam/checkpoint.h"
#include "access/wal/wal.h"
#include "access/wal/waldesc.h"
#include "access/wal/walformat.h"
#include "access/wal/walinsert.h"
#include "access/wal/walreader.h"
#include "access/wal/walredo.h"
#include "catalog/catalog.h"
#include "postmaster/standalone.h"
#include "storage/buffer/bufmgr.h"
#include "storage/page/page.h"
#include "storage/smgr/smgr.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

/* ---- seeded random numbers (xorshift64*) ---- */

static uint64_t rng_state;

static uint64_t
rng_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

/* Uniform in [0, n). */
static uint32_t
rng_below(uint32_t n)
{
	return n == 0 ? 0 : (uint32_t) (rng_next() % n);
}

static uint64_t
test_seed(void)
{
	const char *s = getenv("WALTEST_SEED");

	return s != NULL ? strtoull(s, NULL, 0) : 0x5EED0F0A11ULL;
}

/* ---- building records by hand (walformat.h) ---- */

typedef struct RecBuilder
{
	char		buf[WAL_MAX_RECORD_SIZE];
	size_t		len;
} RecBuilder;

static RecBuilder builder;

static void
rb_begin(uint8_t nblocks)
{
	WalRecordHeader h;

	memset(&h, 0, sizeof(h));
	h.rmid = RM_HEAP;
	h.info = WAL_HEAP_INSERT;
	h.nblocks = nblocks;
	memcpy(builder.buf, &h, sizeof(h));
	builder.len = sizeof(h);
}

static void
rb_bytes(const void *p, size_t n)
{
	assert_true(builder.len + n <= sizeof(builder.buf));
	memcpy(builder.buf + builder.len, p, n);
	builder.len += n;
}

static WalBlockRef
make_ref(uint8_t kind, BlockNumber blkno, uint16_t hole_offset, uint16_t hole_length,
		 uint16_t data_len)
{
	WalBlockRef r;

	memset(&r, 0, sizeof(r));
	r.rl.db_oid = 5;
	r.rl.rel_number = 16384;
	r.blkno = blkno;
	r.kind = kind;
	r.hole_offset = hole_offset;
	r.hole_length = hole_length;
	r.data_len = data_len;
	return r;
}

static void
rb_fragment(uint16_t offset, uint16_t length, uint8_t fill)
{
	WalDeltaFragment f = {offset, length};
	char		bytes[BLCKSZ];

	memset(bytes, fill, length);
	rb_bytes(&f, sizeof(f));
	rb_bytes(bytes, length);
}

/* The record built so far, tot_len set, in a malloc'd block of exactly
 * tot_len bytes (so ASan sees any read past it). */
static WalRecordHeader *
rb_finish(void)
{
	WalRecordHeader *rec = malloc(builder.len);

	assert_non_null(rec);
	memcpy(rec, builder.buf, builder.len);
	rec->tot_len = (uint32_t) builder.len;
	return rec;
}

/* ---- an independent byte diff: the fragments turning before into after ---- */

/* Writes fragments (offset >= WAL_DELTA_SKIP) into out; returns their size. */
static size_t
simple_delta(const char *before, const char *after, char *out)
{
	size_t		o = 0;

	for (size_t pos = WAL_DELTA_SKIP; pos < BLCKSZ;)
	{
		if (before[pos] == after[pos])
		{
			pos++;
			continue;
		}
		size_t		end = pos;

		while (end < BLCKSZ && before[end] != after[end])
			end++;

		WalDeltaFragment f = {(uint16_t) pos, (uint16_t) (end - pos)};

		memcpy(out + o, &f, sizeof(f));
		memcpy(out + o + sizeof(f), after + pos, end - pos);
		o += sizeof(f) + (end - pos);
		pos = end;
	}
	return o;
}

static size_t
count_changed_bytes(const char *a, const char *b)
{
	size_t		n = 0;

	for (size_t i = WAL_DELTA_SKIP; i < BLCKSZ; i++)
		n += a[i] != b[i];
	return n;
}

/* First differing offset in [from, BLCKSZ), or -1. */
static int
first_difference(const char *a, const char *b, size_t from)
{
	for (size_t i = from; i < BLCKSZ; i++)
		if (a[i] != b[i])
			return (int) i;
	return -1;
}

static void
assert_pages_equal_from(const char *got, const char *want, size_t from, const char *what)
{
	int			d = first_difference(got, want, from);

	if (d >= 0)
		fail_msg("%s: pages differ at byte %d (got %02x, want %02x)", what, d,
				 (unsigned char) got[d], (unsigned char) want[d]);
}

/* A standard page with a few items of recognisable bytes. */
static void
build_page(char *page, int nitems, size_t special)
{
	page_init(page, special);
	for (int i = 0; i < nitems; i++)
	{
		char		item[128];

		memset(item, 'a' + i, sizeof(item));
		assert_int_not_equal(page_add_item(page, item, 24 + (size_t) i * 8,
										   InvalidOffsetNumber, 0), InvalidOffsetNumber);
	}
}

/* ---- wal_redo_apply_block: deltas, LSN checks, images ---- */

static void
test_apply_delta_idempotent(void **state)
{
	static char before[BLCKSZ] __attribute__((aligned(8)));
	static char after[BLCKSZ] __attribute__((aligned(8)));
	static char page[BLCKSZ] __attribute__((aligned(8)));
	static char snapshot[BLCKSZ];
	static char delta[2 * BLCKSZ];

	(void) state;
	build_page(before, 5, 16);
	page_set_lsn(before, 500);
	memcpy(after, before, BLCKSZ);
	/* Change an item, add one, and change the special space. */
	ItemId		id = page_get_item_id(after, 2);

	memset(page_get_item(after, id) + 3, 'Z', 7);
	char		extra[40];

	memset(extra, 'q', sizeof(extra));
	assert_int_not_equal(page_add_item(after, extra, sizeof(extra), 1, 0), InvalidOffsetNumber);
	page_get_special(after)[5] = 0x7F;

	size_t		n = simple_delta(before, after, delta);
	WalDecodedBlock b;

	assert_true(n > 0);
	memset(&b, 0, sizeof(b));
	b.ref = make_ref(WAL_BLOCK_DELTA, 0, 0, 0, (uint16_t) n);
	b.data = delta;

	/* Older page: applied, and the page becomes "after" with LSN = end. */
	memcpy(page, before, BLCKSZ);
	assert_true(wal_redo_apply_block(&b, page, 1000));
	assert_pages_equal_from(page, after, WAL_DELTA_SKIP, "delta on older page");
	assert_int_equal(page_get_lsn(page), 1000);

	/* Page LSN equal to the record's end: skipped, not a byte changed. */
	memcpy(page, before, BLCKSZ);
	page_set_lsn(page, 1000);
	memcpy(snapshot, page, BLCKSZ);
	assert_false(wal_redo_apply_block(&b, page, 1000));
	assert_memory_equal(page, snapshot, BLCKSZ);

	/* Page LSN past it: skipped too. */
	page_set_lsn(page, 5000);
	memcpy(snapshot, page, BLCKSZ);
	assert_false(wal_redo_apply_block(&b, page, 1000));
	assert_memory_equal(page, snapshot, BLCKSZ);

	/* The change already on the page but an older LSN (a page written
	 * between the two): applying again gives the same bytes. */
	memcpy(page, after, BLCKSZ);
	page_set_lsn(page, 999);
	assert_true(wal_redo_apply_block(&b, page, 1000));
	assert_pages_equal_from(page, after, WAL_DELTA_SKIP, "delta applied twice");
	page_set_lsn(page, 999);
	assert_true(wal_redo_apply_block(&b, page, 1000));
	assert_pages_equal_from(page, after, WAL_DELTA_SKIP, "delta applied three times");
	assert_int_equal(page_get_lsn(page), 1000);

	/* A delta with no fragments changes nothing but the LSN. */
	b.ref.data_len = 0;
	memcpy(page, before, BLCKSZ);
	assert_true(wal_redo_apply_block(&b, page, 2000));
	assert_pages_equal_from(page, before, WAL_DELTA_SKIP, "empty delta");
	assert_int_equal(page_get_lsn(page), 2000);
}

static void
test_apply_image(void **state)
{
	static char src[BLCKSZ] __attribute__((aligned(8)));
	static char data[BLCKSZ];
	static char page[BLCKSZ] __attribute__((aligned(8)));

	(void) state;
	build_page(src, 7, 0);
	PageHeader	ph = (PageHeader) src;
	uint16_t	hole_off = ph->pd_lower;
	uint16_t	hole_len = (uint16_t) (ph->pd_upper - ph->pd_lower);

	/* Image bytes: the page without its hole. */
	memcpy(data, src, hole_off);
	memcpy(data + hole_off, src + hole_off + hole_len, (size_t) (BLCKSZ - hole_off - hole_len));

	WalDecodedBlock b;

	memset(&b, 0, sizeof(b));
	b.ref = make_ref(WAL_BLOCK_IMAGE, 0, hole_off, hole_len, (uint16_t) (BLCKSZ - hole_len));
	b.data = data;

	/* Whatever the page held, and whatever its LSN: restored. */
	memset(page, 0xA5, BLCKSZ);
	page_set_lsn(page, 99999);
	assert_true(wal_redo_apply_block(&b, page, 3000));
	assert_int_equal(page_get_lsn(page), 3000);
	assert_pages_equal_from(page, src, WAL_DELTA_SKIP, "image");
	for (size_t i = hole_off; i < (size_t) hole_off + hole_len; i++)
		if (page[i] != 0)
			fail_msg("hole byte %zu not zeroed", i);

	/* No hole at all (hole_offset anywhere, length 0). */
	memset(&b, 0, sizeof(b));
	b.ref = make_ref(WAL_BLOCK_IMAGE, 0, 4000, 0, BLCKSZ);
	b.data = src;
	memset(page, 0x5A, BLCKSZ);
	assert_true(wal_redo_apply_block(&b, page, 4000));
	assert_pages_equal_from(page, src, WAL_DELTA_SKIP, "image without hole");
}

/* ---- wal_decode ---- */

/* Decode rec; expect rejection with a reason (err non-empty). */
static void
expect_rejected(WalRecordHeader *rec, const char *case_name)
{
	WalDecoded	d;
	char		err[128] = "";

	if (wal_decode(rec, &d, err, sizeof(err)))
		fail_msg("malformed record accepted: %s", case_name);
	if (err[0] == '\0')
		fail_msg("no reason given for rejecting: %s", case_name);

	/* A description of an undecodable record must not crash either. */
	char		desc[256];

	(void) wal_describe(rec, desc, sizeof(desc));
	free(rec);
}

static void
test_decode_valid(void **state)
{
	static char img[BLCKSZ];
	WalDecoded	d;
	char		err[128];

	(void) state;
	memset(img, 0x11, sizeof(img));
	rb_begin(3);
	WalBlockRef r0 = make_ref(WAL_BLOCK_IMAGE, 7, 100, 8000, BLCKSZ - 8000);

	rb_bytes(&r0, sizeof(r0));
	rb_bytes(img, BLCKSZ - 8000);

	WalBlockRef r1 = make_ref(WAL_BLOCK_DELTA, 8, 0, 0, 4 + 3 + 4 + 1);

	rb_bytes(&r1, sizeof(r1));
	rb_fragment(WAL_DELTA_SKIP, 3, 0x22);
	rb_fragment(BLCKSZ - 1, 1, 0x33);

	WalBlockRef r2 = make_ref(WAL_BLOCK_DELTA, 9, 0, 0, 0);

	rb_bytes(&r2, sizeof(r2));
	rb_bytes("main", 4);

	WalRecordHeader *rec = rb_finish();

	assert_true(wal_decode(rec, &d, err, sizeof(err)));
	assert_int_equal(d.nblocks, 3);
	assert_ptr_equal(d.hdr, rec);
	assert_int_equal(d.blocks[0].ref.blkno, 7);
	assert_int_equal(d.blocks[0].ref.kind, WAL_BLOCK_IMAGE);
	assert_ptr_equal(d.blocks[0].data, (char *) rec + sizeof(WalRecordHeader) + sizeof(WalBlockRef));
	assert_int_equal(d.blocks[1].ref.blkno, 8);
	assert_int_equal(d.blocks[1].ref.data_len, 12);
	assert_int_equal(d.blocks[2].ref.data_len, 0);
	assert_int_equal(d.main_len, 4);
	assert_memory_equal(d.main_data, "main", 4);
	assert_ptr_equal(d.main_data, (char *) rec + rec->tot_len - 4);
	free(rec);

	/* No blocks, no main data: the smallest record. */
	rb_begin(0);
	rec = rb_finish();
	assert_true(wal_decode(rec, &d, err, sizeof(err)));
	assert_int_equal(d.nblocks, 0);
	assert_int_equal(d.main_len, 0);
	free(rec);
}

static void
test_decode_rejects_block_layout(void **state)
{
	static char img[BLCKSZ];
	WalBlockRef r;

	(void) state;
	memset(img, 0x44, sizeof(img));

	/* More block references than WAL_MAX_BLOCKS. */
	rb_begin(WAL_MAX_BLOCKS + 1);
	for (int i = 0; i < WAL_MAX_BLOCKS + 1; i++)
	{
		r = make_ref(WAL_BLOCK_DELTA, (BlockNumber) i, 0, 0, 0);
		rb_bytes(&r, sizeof(r));
	}
	expect_rejected(rb_finish(), "too many blocks");

	rb_begin(255);
	expect_rejected(rb_finish(), "nblocks 255 with no data");

	/* Block reference cut short by the record's end. */
	rb_begin(1);
	r = make_ref(WAL_BLOCK_DELTA, 0, 0, 0, 0);
	rb_bytes(&r, sizeof(r) - 1);
	expect_rejected(rb_finish(), "truncated block reference");

	rb_begin(2);
	r = make_ref(WAL_BLOCK_DELTA, 0, 0, 0, 0);
	rb_bytes(&r, sizeof(r));
	expect_rejected(rb_finish(), "second block reference missing");

	/* data_len beyond the record. */
	rb_begin(1);
	r = make_ref(WAL_BLOCK_DELTA, 0, 0, 0, 9);
	rb_bytes(&r, sizeof(r));
	rb_fragment(100, 4, 1);		/* 8 bytes, one short */
	expect_rejected(rb_finish(), "delta data_len beyond record");

	rb_begin(1);
	r = make_ref(WAL_BLOCK_IMAGE, 0, 0, 0, BLCKSZ);
	rb_bytes(&r, sizeof(r));
	rb_bytes(img, BLCKSZ - 1);
	expect_rejected(rb_finish(), "image data_len beyond record");

	rb_begin(1);
	r = make_ref(WAL_BLOCK_DELTA, 0, 0, 0, 65535);
	rb_bytes(&r, sizeof(r));
	expect_rejected(rb_finish(), "data_len 65535");

	/* Unknown kinds. */
	for (int kind = 0; kind < 256; kind++)
	{
		if (kind == WAL_BLOCK_IMAGE || kind == WAL_BLOCK_DELTA)
			continue;
		rb_begin(1);
		r = make_ref((uint8_t) kind, 0, 0, 0, 0);
		rb_bytes(&r, sizeof(r));
		expect_rejected(rb_finish(), "invalid block kind");
	}
}

static void
test_decode_rejects_bad_images(void **state)
{
	static char img[BLCKSZ];
	static const struct
	{
		uint16_t	hole_offset;
		uint16_t	hole_length;
		uint16_t	data_len;
		const char *name;
	}			cases[] = {
		{8000, 500, BLCKSZ - 500, "hole past the page end"},
		{BLCKSZ, 1, BLCKSZ - 1, "hole starting at the page end"},
		{65535, 0, BLCKSZ, "hole offset 65535"},
		{0, BLCKSZ + 1, 0, "hole longer than the page"},
		{100, 200, BLCKSZ - 199, "data_len too long for the hole"},
		{100, 200, BLCKSZ - 201, "data_len too short for the hole"},
		{24, 0, BLCKSZ - 8, "no hole but data short"},
		{0, 0, 0, "empty image"},
		{24, 65535, 0, "hole length 65535"},
	};

	(void) state;
	memset(img, 0x55, sizeof(img));
	for (size_t i = 0; i < lengthof(cases); i++)
	{
		WalBlockRef r = make_ref(WAL_BLOCK_IMAGE, 0, cases[i].hole_offset,
								 cases[i].hole_length, cases[i].data_len);

		rb_begin(1);
		rb_bytes(&r, sizeof(r));
		rb_bytes(img, cases[i].data_len);
		expect_rejected(rb_finish(), cases[i].name);
	}

	/* The boundary cases that are valid: a hole ending exactly at the end. */
	WalDecoded	d;
	char		err[128];
	WalBlockRef r = make_ref(WAL_BLOCK_IMAGE, 0, BLCKSZ - 100, 100, BLCKSZ - 100);

	rb_begin(1);
	rb_bytes(&r, sizeof(r));
	rb_bytes(img, BLCKSZ - 100);

	WalRecordHeader *rec = rb_finish();

	assert_true(wal_decode(rec, &d, err, sizeof(err)));
	free(rec);
}

static void
test_decode_rejects_bad_deltas(void **state)
{
	static const struct
	{
		uint16_t	offset;
		uint16_t	length;
		const char *name;
	}			cases[] = {
		{0, 4, "fragment over pd_lsn"},
		{WAL_DELTA_SKIP - 1, 2, "fragment over pd_checksum"},
		{8, 2, "fragment exactly on pd_checksum"},
		{BLCKSZ - 4, 5, "fragment past the page end"},
		{BLCKSZ, 1, "fragment at the page end"},
		{65535, 1, "fragment offset 65535"},
		{100, 0, "empty fragment"},
	};

	(void) state;
	for (size_t i = 0; i < lengthof(cases); i++)
	{
		size_t		data_len = sizeof(WalDeltaFragment) + cases[i].length;
		WalBlockRef r = make_ref(WAL_BLOCK_DELTA, 0, 0, 0, (uint16_t) data_len);

		rb_begin(1);
		rb_bytes(&r, sizeof(r));
		rb_fragment(cases[i].offset, cases[i].length, 0x66);
		expect_rejected(rb_finish(), cases[i].name);

		/* The same bad fragment after a good one. */
		r.data_len = (uint16_t) (data_len + sizeof(WalDeltaFragment) + 8);
		rb_begin(1);
		rb_bytes(&r, sizeof(r));
		rb_fragment(200, 8, 0x67);
		rb_fragment(cases[i].offset, cases[i].length, 0x66);
		expect_rejected(rb_finish(), cases[i].name);
	}

	/* A fragment header cut by data_len (main data follows, so the bytes
	 * exist in the record: only data_len makes them not part of the delta). */
	WalBlockRef r = make_ref(WAL_BLOCK_DELTA, 0, 0, 0, 2);

	rb_begin(1);
	rb_bytes(&r, sizeof(r));
	rb_fragment(100, 4, 0x68);
	expect_rejected(rb_finish(), "fragment header cut by data_len");

	/* Fragment bytes cut by data_len. */
	r = make_ref(WAL_BLOCK_DELTA, 0, 0, 0, 4 + 3);
	rb_begin(1);
	rb_bytes(&r, sizeof(r));
	rb_fragment(100, 4, 0x69);
	expect_rejected(rb_finish(), "fragment bytes cut by data_len");
}

/*
 * tot_len below the record header's size: the reader never passes such a
 * record, but wal_decode promises to check every length (fuzzers and
 * tools call it directly).  With nblocks = 0 nothing is read past the
 * header, so this fails cleanly rather than crashing.
 */
static void
test_decode_rejects_short_tot_len(void **state)
{
	WalDecoded	d;
	char		err[128] = "";

	(void) state;
	for (uint32_t len = 0; len < sizeof(WalRecordHeader); len += 8)
	{
		WalRecordHeader *rec = calloc(1, sizeof(WalRecordHeader));

		assert_non_null(rec);
		rec->tot_len = len;
		rec->rmid = RM_XLOG;

		bool		accepted = wal_decode(rec, &d, err, sizeof(err));

		free(rec);
		if (accepted)
			fail_msg("record with tot_len %u accepted (main_len %zu)", len, d.main_len);
	}
}

/* ---- mutation fuzzing of wal_decode + apply ---- */

/* Check what wal_decode accepted against the format, independently. */
static void
check_accepted(const WalRecordHeader *rec, const WalDecoded *d)
{
	size_t		used = sizeof(WalRecordHeader);

	assert_true(rec->nblocks <= WAL_MAX_BLOCKS);
	assert_int_equal(d->nblocks, rec->nblocks);
	for (int i = 0; i < d->nblocks; i++)
	{
		const WalDecodedBlock *b = &d->blocks[i];

		assert_ptr_equal(b->data, (const char *) rec + used + sizeof(WalBlockRef));
		used += sizeof(WalBlockRef) + b->ref.data_len;
		assert_true(used <= rec->tot_len);
		if (b->ref.kind == WAL_BLOCK_IMAGE)
		{
			assert_true((size_t) b->ref.hole_offset + b->ref.hole_length <= BLCKSZ);
			assert_int_equal(b->ref.data_len, BLCKSZ - b->ref.hole_length);
		}
		else
		{
			assert_int_equal(b->ref.kind, WAL_BLOCK_DELTA);
			for (size_t o = 0; o < b->ref.data_len;)
			{
				WalDeltaFragment f;

				assert_true(o + sizeof(f) <= b->ref.data_len);
				memcpy(&f, b->data + o, sizeof(f));
				assert_true(f.offset >= WAL_DELTA_SKIP);
				assert_true(f.length > 0);
				assert_true((size_t) f.offset + f.length <= BLCKSZ);
				o += sizeof(f) + f.length;
				assert_true(o <= b->ref.data_len);
			}
		}
	}
	assert_int_equal(d->main_len, rec->tot_len - used);
	assert_ptr_equal(d->main_data, (const char *) rec + used);
}

static const uint16_t interesting16[] = {
	0, 1, 2, 3, 4, 8, 9, 10, 11, 23, 24, 4095, 4096, 8184, 8188, 8191, 8192, 8193,
	16384, 32767, 32768, 65534, 65535,
};

static void
mutate(char *rec, size_t len)
{
	switch (rng_below(4))
	{
		case 0:					/* a random byte anywhere after tot_len */
			rec[4 + rng_below((uint32_t) (len - 4))] = (char) rng_next();
			break;
		case 1:					/* an interesting 16-bit value */
			{
				uint16_t	v = interesting16[rng_below(lengthof(interesting16))];
				size_t		at = 4 + rng_below((uint32_t) (len - 5));

				memcpy(rec + at, &v, sizeof(v));
				break;
			}
		case 2:					/* nblocks */
			((WalRecordHeader *) rec)->nblocks = (uint8_t) rng_below(WAL_MAX_BLOCKS + 3);
			break;
		default:				/* flip one bit */
			rec[4 + rng_below((uint32_t) (len - 4))] ^= (char) (1 << rng_below(8));
			break;
	}
}

static void
test_decode_fuzz(void **state)
{
	static char img[BLCKSZ];
	char	   *page = malloc(BLCKSZ);
	int			accepted = 0;
	int			rejected = 0;
	uint64_t	seed = test_seed();

	(void) state;
	assert_non_null(page);
	rng_state = seed ^ 0xDEC0DEULL;
	printf("wal_decode fuzz seed: 0x%llx\n", (unsigned long long) seed);
	memset(img, 0x77, sizeof(img));

	/* The base: an image with a hole, two deltas, main data. */
	rb_begin(3);
	WalBlockRef r = make_ref(WAL_BLOCK_IMAGE, 1, 64, 6000, BLCKSZ - 6000);

	rb_bytes(&r, sizeof(r));
	rb_bytes(img, BLCKSZ - 6000);
	r = make_ref(WAL_BLOCK_DELTA, 2, 0, 0, 3 * 4 + 5 + 1 + 16);
	rb_bytes(&r, sizeof(r));
	rb_fragment(WAL_DELTA_SKIP, 5, 1);
	rb_fragment(4000, 1, 2);
	rb_fragment(BLCKSZ - 16, 16, 3);
	r = make_ref(WAL_BLOCK_DELTA, 3, 0, 0, 4 + 100);
	rb_bytes(&r, sizeof(r));
	rb_fragment(500, 100, 4);
	rb_bytes("main-data", 9);

	size_t		base_len = builder.len;
	char	   *base = malloc(base_len);

	assert_non_null(base);
	memcpy(base, builder.buf, base_len);
	((WalRecordHeader *) base)->tot_len = (uint32_t) base_len;

	for (int iter = 0; iter < 20000; iter++)
	{
		/* Sometimes a shorter record (a prefix), always allocated exactly. */
		size_t		len = base_len;

		if (rng_below(4) == 0)
			len = sizeof(WalRecordHeader) + rng_below((uint32_t) (base_len - sizeof(WalRecordHeader) + 1));

		char	   *rec = malloc(len);

		assert_non_null(rec);
		memcpy(rec, base, len);
		((WalRecordHeader *) rec)->tot_len = (uint32_t) len;
		for (int m = (int) rng_below(4); m > 0; m--)
			mutate(rec, len);

		WalDecoded	d;
		char		err[128];
		char		desc[300];

		if (wal_decode((WalRecordHeader *) rec, &d, err, sizeof(err)))
		{
			accepted++;
			check_accepted((WalRecordHeader *) rec, &d);
			for (int i = 0; i < d.nblocks; i++)
			{
				memset(page, 0, BLCKSZ);
				(void) wal_redo_apply_block(&d.blocks[i], page, 1 + (XLogRecPtr) iter);
			}
		}
		else
			rejected++;
		(void) wal_describe((WalRecordHeader *) rec, desc, sizeof(desc));
		free(rec);
	}
	printf("wal_decode fuzz: %d accepted, %d rejected\n", accepted, rejected);
	/* The mutations must exercise both outcomes. */
	assert_true(accepted > 1000);
	assert_true(rejected > 1000);
	free(base);
	free(page);
}

/* ---- segment file names and LSN text ---- */

static void
test_names_and_lsns(void **state)
{
	char		name[WAL_FILE_NAME_LEN + 1];
	char		buf[32];
	uint32_t	tli;
	uint64_t	segno;
	XLogRecPtr	lsn;

	(void) state;
	/* PostgreSQL's names: timeline, then the segment number split at
	 * 4 GB of WAL (256 segments of 16 MB), eight hex digits each. */
	wal_file_name(name, 1, 1);
	assert_string_equal(name, "000000010000000000000001");
	wal_file_name(name, 1, 255);
	assert_string_equal(name, "0000000100000000000000FF");
	wal_file_name(name, 2, 256 + 0x2A);
	assert_string_equal(name, "00000002000000010000002A");
	assert_true(wal_parse_file_name("00000002000000010000002A", &tli, &segno));
	assert_int_equal(tli, 2);
	assert_int_equal(segno, 256 + 0x2A);
	assert_false(wal_parse_file_name("000000010000000000000100", &tli, &segno));
	assert_false(wal_parse_file_name("00000001000000000000002a", &tli, &segno));
	assert_false(wal_parse_file_name("00000001000000000000002", &tli, &segno));
	assert_false(wal_parse_file_name("xlogtemp.123", &tli, &segno));
	assert_false(wal_parse_file_name("0000000100000000000000010", &tli, &segno));
	assert_int_equal(wal_segno(wal_segment_start(7) + WAL_SEGMENT_SIZE - 1), 7);
	assert_int_equal(wal_page_header_size(wal_segment_start(3)), sizeof(WalLongPageHeader));
	assert_int_equal(wal_page_header_size(wal_segment_start(3) + WAL_PAGE_SIZE),
					 sizeof(WalPageHeader));

	/* LSNs print as PostgreSQL prints them (checked against PostgreSQL 15:
	 * '0/16B3D80'::pg_lsn). */
	assert_string_equal(lsn_to_string(0x16B3D80, buf, sizeof(buf)), "0/16B3D80");
	assert_string_equal(lsn_to_string(((XLogRecPtr) 0xA << 32) | 0xB, buf, sizeof(buf)), "A/B");
	assert_string_equal(lsn_to_string(UINT64_MAX, buf, sizeof(buf)), "FFFFFFFF/FFFFFFFF");
	assert_true(lsn_from_string("0/16B3D80", &lsn));
	assert_int_equal(lsn, 0x16B3D80);
	assert_true(lsn_from_string("FFFFFFFF/FFFFFFFF", &lsn));
	assert_int_equal(lsn, UINT64_MAX);
	assert_false(lsn_from_string("", &lsn));
	assert_false(lsn_from_string("16B3D80", &lsn));
	assert_false(lsn_from_string("1/", &lsn));
	assert_false(lsn_from_string("g/1", &lsn));
	assert_false(lsn_from_string("1/2x", &lsn));
}

/* ---- round trip through wal_insert, pg_wal and replay ---- */

#define RT_BLOCKS		4
#define RT_ITERATIONS	240
#define RT_REL_NUMBER	70001

typedef struct RtBlock
{
	int			slot;			/* which of the RT_BLOCKS pages */
	bool		forced;			/* WAL_REGISTER_IMAGE */
	bool		image_expected; /* the rules require an image */
	char		before[BLCKSZ] __attribute__((aligned(8)));
	char		after[BLCKSZ] __attribute__((aligned(8)));
} RtBlock;

typedef struct RtRecord
{
	XLogRecPtr	end;
	int			nblocks;
	uint32_t	iteration;		/* the record's main data */
	RtBlock		blocks[3];
} RtRecord;

static char *rt_datadir;
static RelFileLocator rt_rl;
static Buffer rt_bufs[RT_BLOCKS];

static int
rt_setup(void **state)
{
	(void) state;
	memctx_init();
	guc_init();
	guc_fsync = false;
	guc_log_checkpoints = false;
	guc_max_connections = 4;
	rt_datadir = standalone_temp_datadir("walformat");
	standalone_init(rt_datadir, true);
	rt_rl.db_oid = MyDatabaseId;
	rt_rl.rel_number = RT_REL_NUMBER;
	smgr_create(rt_rl, false);
	return 0;
}

static int
rt_teardown(void **state)
{
	(void) state;
	if (chdir("/") != 0)
		return -1;
	standalone_remove_datadir(rt_datadir);
	return 0;
}

/* One random change to a standard page.  Never fails (checks room first). */
static void
random_page_change(Page page)
{
	PageHeader	ph = (PageHeader) page;
	OffsetNumber max = page_get_max_offset(page);

	switch (rng_below(8))
	{
		case 0:
		case 1:
		case 2:					/* add an item (index-style, maybe shifting) */
			{
				char		item[400];
				size_t		len = 1 + rng_below(sizeof(item));

				for (size_t i = 0; i < len; i++)
					item[i] = (char) rng_next();
				if (MAXALIGN(len) + sizeof(ItemIdData) > page_get_exact_free_space(page))
					break;
				OffsetNumber at = rng_below(2) ? InvalidOffsetNumber :
					(OffsetNumber) (1 + rng_below(max + 1));

				assert_int_not_equal(page_add_item(page, item, len, at, 0), InvalidOffsetNumber);
				break;
			}
		case 3:					/* delete an item */
			if (max > 0)
				page_index_delete(page, (OffsetNumber) (1 + rng_below(max)));
			break;
		case 4:					/* scribble inside an item */
			if (max > 0)
			{
				ItemId		id = page_get_item_id(page, (OffsetNumber) (1 + rng_below(max)));
				unsigned	len = itemid_get_length(id);
				char	   *p = page_get_item(page, id);

				for (int k = (int) rng_below(6); k >= 0; k--)
					p[rng_below(len)] = (char) rng_next();
			}
			break;
		case 5:					/* header fields */
			ph->pd_prune_xid = (TransactionId) rng_next();
			ph->pd_flags = (uint16_t) (rng_next() & PD_VALID_FLAG_BITS);
			break;
		case 6:					/* the special space, if any */
			if (page_get_special_size(page) > 0)
				page_get_special(page)[rng_below((uint32_t) page_get_special_size(page))] =
					(char) rng_next();
			break;
		default:				/* rarely: rewrite every item (image cheaper) */
			if (rng_below(4) == 0)
				for (OffsetNumber o = 1; o <= max; o++)
				{
					ItemId		id = page_get_item_id(page, o);

					for (unsigned k = 0; k < itemid_get_length(id); k++)
						page_get_item(page, id)[k] = (char) rng_next();
				}
			break;
	}
}

/* Produce the records: page_init of every block, then random changes. */
static RtRecord *
rt_produce(int *nrec_out)
{
	RtRecord   *recs = calloc(RT_BLOCKS + RT_ITERATIONS, sizeof(RtRecord));
	XLogRecPtr	last_lsn[RT_BLOCKS] = {0};
	bool		ckpt_since[RT_BLOCKS] = {false};
	int			nrec = 0;

	assert_non_null(recs);
	for (int i = 0; i < RT_BLOCKS + RT_ITERATIONS; i++)
	{
		RtRecord   *rec = &recs[nrec++];
		bool		used[RT_BLOCKS] = {false};

		rec->iteration = (uint32_t) i;
		rec->nblocks = i < RT_BLOCKS ? 1 : 1 + (int) rng_below(3);
		for (int k = 0; k < rec->nblocks; k++)
		{
			RtBlock    *b = &rec->blocks[k];

			if (i < RT_BLOCKS)
			{
				b->slot = i;
				rt_bufs[i] = bufmgr_extend(rt_rl);	/* pinned, locked, zero */
			}
			else
			{
				do
					b->slot = (int) rng_below(RT_BLOCKS);
				while (used[b->slot]);
				bufmgr_lock(rt_bufs[b->slot], LW_EXCLUSIVE);
			}
			used[b->slot] = true;
			b->forced = i >= RT_BLOCKS && rng_below(16) == 0;
			b->image_expected = b->forced || last_lsn[b->slot] == InvalidXLogRecPtr ||
				ckpt_since[b->slot];
			memcpy(b->before, bufmgr_page(rt_bufs[b->slot]), BLCKSZ);
		}

		wal_begin();
		for (int k = 0; k < rec->nblocks; k++)
			wal_register_buffer(rt_bufs[rec->blocks[k].slot],
								rec->blocks[k].forced ? WAL_REGISTER_IMAGE : 0);
		wal_register_data(&rec->iteration, sizeof(rec->iteration));
		START_CRIT_SECTION();
		for (int k = 0; k < rec->nblocks; k++)
		{
			Page		page = bufmgr_page(rt_bufs[rec->blocks[k].slot]);

			if (i < RT_BLOCKS)
				page_init(page, i % 2 ? 16 : 0);
			else
				for (int c = 1 + (int) rng_below(3); c > 0; c--)
					random_page_change(page);
			bufmgr_mark_dirty(rt_bufs[rec->blocks[k].slot]);
		}
		rec->end = wal_insert(RM_HEAP, WAL_HEAP_PRUNE);
		END_CRIT_SECTION();
		for (int k = 0; k < rec->nblocks; k++)
		{
			RtBlock    *b = &rec->blocks[k];

			memcpy(b->after, bufmgr_page(rt_bufs[b->slot]), BLCKSZ);
			bufmgr_unlock(rt_bufs[b->slot]);
			last_lsn[b->slot] = rec->end;
			ckpt_since[b->slot] = false;
			/* wal_insert stamps the record's end on every registered page. */
			assert_int_equal(page_get_lsn(b->after), rec->end);
		}

		/* Now and then a checkpoint: the next change of each page must
		 * carry an image. */
		if (i >= RT_BLOCKS && rng_below(40) == 0)
		{
			checkpoint_perform(CHECKPOINT_IMMEDIATE | CHECKPOINT_FORCE);
			for (int s = 0; s < RT_BLOCKS; s++)
				ckpt_since[s] = true;
		}
	}
	*nrec_out = nrec;
	return recs;
}

/* Check one block reference of a record read back against what the test saw. */
static void
rt_check_block(const WalDecodedBlock *db, const RtBlock *b, XLogRecPtr end, char *chain_page)
{
	static char page[BLCKSZ] __attribute__((aligned(8)));
	PageHeaderData aph;

	memcpy(&aph, b->after, SizeOfPageHeaderData);

	size_t		hole_off = aph.pd_lower;
	size_t		hole_len = (size_t) (aph.pd_upper - aph.pd_lower);

	assert_true(relfilelocator_equal(wal_relfile_locator(db->ref.rl), rt_rl));
	assert_int_equal(db->ref.blkno, (BlockNumber) b->slot);
	if (b->image_expected)
		assert_int_equal(db->ref.kind, WAL_BLOCK_IMAGE);
	else if (count_changed_bytes(b->before, b->after) * 12 + 4 < BLCKSZ - hole_len)
	{
		/* Each changed byte costs at most a fragment header plus up to 8
		 * bytes of gap: a delta is certainly smaller than the image. */
		assert_int_equal(db->ref.kind, WAL_BLOCK_DELTA);
	}

	if (db->ref.kind == WAL_BLOCK_IMAGE)
	{
		/* The hole is exactly the free space of the page after the change. */
		assert_int_equal(db->ref.hole_offset, hole_off);
		assert_int_equal(db->ref.hole_length, hole_len);
		memset(page, 0xA5, BLCKSZ);
		assert_true(wal_redo_apply_block(db, page, end));
		assert_pages_equal_from(page, b->after, WAL_DELTA_SKIP, "image on a garbage page");
		for (size_t i = hole_off; i < hole_off + hole_len; i++)
			if (page[i] != 0)
				fail_msg("image hole byte %zu not zero", i);
	}
	else
	{
		/* Never larger than the image it replaces. */
		assert_true(db->ref.data_len <= BLCKSZ - hole_len);
		memcpy(page, b->before, BLCKSZ);
		assert_true(wal_redo_apply_block(db, page, end));
		assert_pages_equal_from(page, b->after, WAL_DELTA_SKIP, "delta on the before-page");
		/* Replaying it again, from an LSN just before: same bytes. */
		page_set_lsn(page, end - 1);
		assert_true(wal_redo_apply_block(db, page, end));
		assert_pages_equal_from(page, b->after, WAL_DELTA_SKIP, "delta applied twice");
		/* And at its own LSN: a no-op. */
		assert_false(wal_redo_apply_block(db, page, end));
	}
	assert_int_equal(page_get_lsn(page), end);

	/* Crash recovery's view: the chain of records from the zero page the
	 * relation was extended with reproduces the page, except free space. */
	(void) wal_redo_apply_block(db, chain_page, end);
	assert_int_equal(page_get_lsn(chain_page), end);
	if (memcmp(chain_page + WAL_DELTA_SKIP, b->after + WAL_DELTA_SKIP,
			   hole_off - WAL_DELTA_SKIP) != 0 ||
		memcmp(chain_page + hole_off + hole_len, b->after + hole_off + hole_len,
			   BLCKSZ - hole_off - hole_len) != 0)
		fail_msg("replaying the chain of records does not reproduce block %d at %X/%X",
				 b->slot, LSN_FORMAT_ARGS(end));
}

static void
test_round_trip(void **state)
{
	uint64_t	seed = test_seed();
	int			nrec;
	int			matched = 0;
	int			images = 0,
				deltas = 0;
	static char chain[RT_BLOCKS][BLCKSZ] __attribute__((aligned(8)));

	(void) state;
	rng_state = seed;
	printf("round trip seed: 0x%llx\n", (unsigned long long) seed);
	RtRecord   *recs = rt_produce(&nrec);

	wal_flush(wal_insert_position());

	WalReader	r;
	const WalRecordHeader *h;

	memset(chain, 0, sizeof(chain));
	walreader_init(&r, WAL_DIR, 0);
	h = walreader_read(&r, wal_segment_start(WAL_FIRST_SEGMENT) + sizeof(WalLongPageHeader));
	for (; h != NULL; h = walreader_read(&r, InvalidXLogRecPtr))
	{
		if (matched >= nrec || r.end_ptr != recs[matched].end)
		{
			/* Not one of ours (checkpoint records): must not be a page change. */
			assert_false(h->rmid == RM_HEAP);
			continue;
		}

		RtRecord   *rec = &recs[matched++];
		WalDecoded	d;
		char		err[128];

		if (!wal_decode(h, &d, err, sizeof(err)))
			fail_msg("record at %X/%X does not decode: %s", LSN_FORMAT_ARGS(r.read_ptr), err);
		assert_int_equal(h->rmid, RM_HEAP);
		assert_int_equal(h->info, WAL_HEAP_PRUNE);
		assert_int_equal(d.nblocks, rec->nblocks);
		assert_int_equal(d.main_len, sizeof(uint32_t));

		uint32_t	it;

		memcpy(&it, d.main_data, sizeof(it));
		assert_int_equal(it, rec->iteration);
		for (int k = 0; k < d.nblocks; k++)
		{
			rt_check_block(&d.blocks[k], &rec->blocks[k], r.end_ptr, chain[rec->blocks[k].slot]);
			if (d.blocks[k].ref.kind == WAL_BLOCK_IMAGE)
				images++;
			else
				deltas++;
		}
	}
	/* The reader ended at the end of what was inserted, on zeroes (a
	 * zero length, or a zero page header if that end is a page's start). */
	assert_int_equal(r.end_ptr, wal_insert_position());
	if (strstr(r.errmsg, "invalid record length") == NULL &&
		strstr(r.errmsg, "invalid magic number 0000") == NULL)
		fail_msg("unexpected end of WAL: %s", r.errmsg);
	walreader_close(&r);

	assert_int_equal(matched, nrec);
	printf("round trip: %d records, %d images, %d deltas\n", nrec, images, deltas);
	assert_true(images >= RT_BLOCKS);
	assert_true(deltas > nrec / 2);

	for (int s = 0; s < RT_BLOCKS; s++)
		bufmgr_release(rt_bufs[s]);
	free(recs);
}

int
main(void)
{
	const struct CMUnitTest format_tests[] = {
		cmocka_unit_test(test_apply_delta_idempotent),
		cmocka_unit_test(test_apply_image),
		cmocka_unit_test(test_decode_valid),
		cmocka_unit_test(test_decode_rejects_block_layout),
		cmocka_unit_test(test_decode_rejects_bad_images),
		cmocka_unit_test(test_decode_rejects_bad_deltas),
		cmocka_unit_test(test_decode_rejects_short_tot_len),
		cmocka_unit_test(test_decode_fuzz),
		cmocka_unit_test(test_names_and_lsns),
	};
	const struct CMUnitTest engine_tests[] = {
		cmocka_unit_test(test_round_trip),
	};
	int			failed;

	memctx_init();
	guc_init();
	failed = cmocka_run_group_tests_name("wal format", format_tests, NULL, NULL);
	failed += cmocka_run_group_tests_name("wal round trip", engine_tests, rt_setup, rt_teardown);
	return failed;
}
