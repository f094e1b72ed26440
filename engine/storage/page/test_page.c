/*-------------------------------------------------------------------------
 * test_page.c
 *	  Unit tests for storage/page/page.c: the slotted page and checksums.
 *
 * What: page_init layout; adding items at free and given offsets (with
 * shifting for index pages and LP_UNUSED reuse for heap pages); exact
 * free-space accounting until a page is full; deleting items from index
 * pages (line pointers shift, data compacts); heap compaction keeps every
 * line pointer number and item content; checksums detect a flipped bit
 * anywhere and a page placed in the wrong block; an all-zero page passes
 * verification while a page with only pd_upper zeroed does not; corrupt
 * header pointers raise ERROR XX001 with PostgreSQL's message.
 * How: pages are plain 8 KB arrays; errors are caught with ELOG_TRY and
 * their SQLSTATE and text checked.  Expected values are computed from the
 * format definition (sizes, offsets), not from the code under test.
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include "storage/page/page.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

static char page_buf[BLCKSZ] __attribute__((aligned(8)));

static PageHeader
ph(void)
{
	return (PageHeader) page_buf;
}

/* Run fn(arg) expecting ERROR with sqlstate and message containing text. */
static void
expect_error(void (*fn) (void *), void *arg, const char *sqlstate, const char *text)
{
	volatile bool caught = false;

	ELOG_TRY();
	{
		fn(arg);
	}
	ELOG_CATCH();
	{
		ErrorData  *e = elog_current_error();

		caught = true;
		assert_string_equal(e->sqlstate, sqlstate);
		if (strstr(e->message, text) == NULL)
			fail_msg("message \"%s\" lacks \"%s\"", e->message, text);
		elog_flush_error();
	}
	ELOG_END_TRY();
	assert_true(caught);
}

static void
fill_item(char *buf, size_t len, int seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (char) (seed * 31 + (int) i);
}

static void
assert_item(OffsetNumber off, size_t len, int seed)
{
	char		expect[256];
	ItemId		id = page_get_item_id(page_buf, off);

	fill_item(expect, len, seed);
	assert_true(itemid_is_normal(id));
	assert_int_equal(itemid_get_length(id), len);
	assert_memory_equal(page_get_item(page_buf, id), expect, len);
}

static OffsetNumber
add(size_t len, int seed, OffsetNumber off, int flags)
{
	char		item[256];

	fill_item(item, len, seed);
	return page_add_item(page_buf, item, len, off, flags);
}

static void
test_init_layout(void **state)
{
	(void) state;
	memset(page_buf, 0x7F, BLCKSZ);
	page_init(page_buf, 13);
	assert_int_equal(ph()->pd_lower, 24);
	assert_int_equal(ph()->pd_upper, BLCKSZ - 16);	/* 13 MAXALIGNed */
	assert_int_equal(ph()->pd_special, BLCKSZ - 16);
	assert_int_equal(ph()->pd_pagesize_version, BLCKSZ | 4);
	assert_int_equal(page_get_special_size(page_buf), 16);
	assert_int_equal(page_get_max_offset(page_buf), 0);
	assert_false(page_is_new(page_buf));
	assert_true(page_header_is_valid(page_buf));
	page_set_lsn(page_buf, 0x0123456789ABCDEFULL);
	assert_true(page_get_lsn(page_buf) == 0x0123456789ABCDEFULL);
	/* The LSN occupies bytes 0..7, little-endian. */
	assert_int_equal((unsigned char) page_buf[0], 0xEF);
	assert_int_equal((unsigned char) page_buf[7], 0x01);
}

static void
test_add_and_get(void **state)
{
	(void) state;
	page_init(page_buf, 0);
	assert_int_equal(add(10, 1, InvalidOffsetNumber, 0), 1);
	assert_int_equal(add(20, 2, InvalidOffsetNumber, 0), 2);
	assert_int_equal(add(30, 3, InvalidOffsetNumber, 0), 3);
	assert_int_equal(page_get_max_offset(page_buf), 3);
	assert_item(1, 10, 1);
	assert_item(2, 20, 2);
	assert_item(3, 30, 3);
	/* Items are MAXALIGNed from the end: 16 + 24 + 32 bytes. */
	assert_int_equal(ph()->pd_upper, BLCKSZ - 72);
	assert_int_equal(itemid_get_offset(page_get_item_id(page_buf, 1)), BLCKSZ - 16);

	/* Index insert in the middle shifts later line pointers up. */
	assert_int_equal(add(8, 9, 2, 0), 2);
	assert_int_equal(page_get_max_offset(page_buf), 4);
	assert_item(1, 10, 1);
	assert_item(2, 8, 9);
	assert_item(3, 20, 2);
	assert_item(4, 30, 3);

	/* Offsets beyond max+1 and overwriting a used slot are refused. */
	assert_int_equal(add(8, 1, 9, 0), InvalidOffsetNumber);
	assert_int_equal(add(8, 1, 2, PAGE_ADD_OVERWRITE), InvalidOffsetNumber);
	/* Zero-length and oversized items are refused. */
	assert_int_equal(add(0, 1, InvalidOffsetNumber, 0), InvalidOffsetNumber);
	assert_int_equal(page_add_item(page_buf, page_buf, BLCKSZ, InvalidOffsetNumber, 0),
					 InvalidOffsetNumber);
}

static void
test_free_space_accounting(void **state)
{
	size_t		before;
	int			n = 0;

	(void) state;
	page_init(page_buf, 0);
	before = page_get_free_space(page_buf);
	assert_int_equal(before, BLCKSZ - 24 - 4);
	assert_int_equal(add(17, 1, InvalidOffsetNumber, 0), 1);
	/* 4 bytes of line pointer and 24 (MAXALIGN(17)) of data. */
	assert_int_equal(page_get_free_space(page_buf), before - 4 - 24);
	assert_int_equal(page_get_exact_free_space(page_buf), before - 24);

	/* Fill with 64-byte items: each costs 68 bytes. */
	page_init(page_buf, 0);
	while (add(64, n, InvalidOffsetNumber, 0) != InvalidOffsetNumber)
		n++;
	assert_int_equal(n, (BLCKSZ - 24) / 68);
	assert_true(page_get_free_space(page_buf) < 64);
	for (int i = 0; i < n; i++)
		assert_item((OffsetNumber) (i + 1), 64, i);
}

static void
test_index_delete(void **state)
{
	OffsetNumber del[2] = {4, 2};

	(void) state;
	page_init(page_buf, 16);
	for (int i = 1; i <= 5; i++)
		assert_int_equal(add((size_t) (i * 10), i, InvalidOffsetNumber, 0), i);
	uint16_t	upper_before = ph()->pd_upper;

	page_index_delete(page_buf, 3);
	assert_int_equal(page_get_max_offset(page_buf), 4);
	assert_item(1, 10, 1);
	assert_item(2, 20, 2);
	assert_item(3, 40, 4);
	assert_item(4, 50, 5);
	assert_int_equal(ph()->pd_upper, upper_before + 32);	/* MAXALIGN(30) */

	page_index_multi_delete(page_buf, del, 2);
	assert_int_equal(page_get_max_offset(page_buf), 2);
	assert_item(1, 10, 1);
	assert_item(2, 40, 4);
	assert_int_equal(ph()->pd_upper, BLCKSZ - 16 - 16 - 40);
	assert_true(page_header_is_valid(page_buf));
}

static void
bad_index_delete(void *arg)
{
	page_index_delete(page_buf, *(OffsetNumber *) arg);
}

static void
test_index_delete_bad_offset(void **state)
{
	OffsetNumber off = 7;

	(void) state;
	page_init(page_buf, 0);
	(void) add(10, 1, InvalidOffsetNumber, 0);
	expect_error(bad_index_delete, &off, ERRCODE_INTERNAL_ERROR, "invalid index offnum: 7");
	off = 0;
	expect_error(bad_index_delete, &off, ERRCODE_INTERNAL_ERROR, "invalid index offnum: 0");
	assert_item(1, 10, 1);
}

static void
test_heap_compaction_keeps_offsets(void **state)
{
	(void) state;
	page_init(page_buf, 0);
	for (int i = 1; i <= 6; i++)
		assert_int_equal(add((size_t) (i * 7), i, InvalidOffsetNumber, PAGE_ADD_IS_HEAP), i);
	size_t		free_before = page_get_free_space(page_buf);

	/* Tuple 2 becomes unused, 4 dead without storage, 5 a redirect to 6. */
	itemid_set_unused(page_get_item_id(page_buf, 2));
	itemid_set_dead(page_get_item_id(page_buf, 4));
	itemid_set_redirect(page_get_item_id(page_buf, 5), 6);
	page_repair_fragmentation(page_buf);

	assert_int_equal(page_get_max_offset(page_buf), 6);
	assert_item(1, 7, 1);
	assert_item(3, 21, 3);
	assert_item(6, 42, 6);
	assert_false(itemid_is_used(page_get_item_id(page_buf, 2)));
	assert_true(itemid_is_dead(page_get_item_id(page_buf, 4)));
	assert_true(itemid_is_redirected(page_get_item_id(page_buf, 5)));
	assert_int_equal(itemid_get_redirect(page_get_item_id(page_buf, 5)), 6);
	/* Reclaimed: MAXALIGN(14) + MAXALIGN(28) + MAXALIGN(35) = 16 + 32 + 40. */
	assert_int_equal(page_get_free_space(page_buf), free_before + 88);
	assert_true(ph()->pd_flags & PD_HAS_FREE_LINES);

	/* A heap insert reuses the unused line pointer 2. */
	assert_int_equal(add(5, 77, InvalidOffsetNumber, PAGE_ADD_IS_HEAP), 2);
	assert_item(2, 5, 77);
	assert_item(6, 42, 6);
	/* A heap page never shifts line pointers. */
	assert_int_equal(add(5, 1, 3, PAGE_ADD_IS_HEAP), InvalidOffsetNumber);

	/* Trailing unused line pointers can be dropped; others stay. */
	itemid_set_unused(page_get_item_id(page_buf, 6));
	itemid_set_unused(page_get_item_id(page_buf, 5));
	page_repair_fragmentation(page_buf);
	assert_int_equal(page_truncate_line_pointers(page_buf), 2);
	assert_int_equal(page_get_max_offset(page_buf), 4);
	assert_item(3, 21, 3);
}

static void
repair(void *arg)
{
	(void) arg;
	page_repair_fragmentation(page_buf);
}

static void
test_compaction_rejects_corrupt_line_pointer(void **state)
{
	char		saved[BLCKSZ];

	(void) state;
	page_init(page_buf, 0);
	(void) add(10, 1, InvalidOffsetNumber, 0);
	(void) add(10, 2, InvalidOffsetNumber, 0);
	/* Point item 2 into the header area. */
	itemid_set_normal(page_get_item_id(page_buf, 2), 8, 10);
	memcpy(saved, page_buf, BLCKSZ);
	expect_error(repair, NULL, ERRCODE_DATA_CORRUPTED, "corrupted line pointer: offset = 8");
	/* Nothing was changed. */
	assert_memory_equal(saved, page_buf, BLCKSZ);
}

static void
test_checksum_detects_corruption(void **state)
{
	uint16_t	computed;

	(void) state;
	page_init(page_buf, 0);
	for (int i = 0; i < 20; i++)
		(void) add(100, i, InvalidOffsetNumber, 0);
	page_set_checksum(page_buf, 5);
	assert_int_not_equal(ph()->pd_checksum, 0);
	assert_int_equal(page_check(page_buf, 5, &computed), PAGE_VERIFY_OK);
	assert_int_equal(computed, ph()->pd_checksum);

	/* The checksum field does not feed into itself. */
	uint16_t	c = ph()->pd_checksum;

	ph()->pd_checksum = 0;
	assert_int_equal(page_checksum(page_buf, 5), c);
	ph()->pd_checksum = c;

	/* Any single flipped bit fails, wherever it is (sampled positions). */
	for (int byte = 0; byte < BLCKSZ; byte += 61)
	{
		if (byte == 8 || byte == 9)
			continue;
		page_buf[byte] ^= 0x10;
		assert_int_equal(page_check(page_buf, 5, &computed), PAGE_VERIFY_BAD_CHECKSUM);
		page_buf[byte] ^= 0x10;
	}
	page_buf[BLCKSZ - 1] ^= 0x01;
	assert_int_equal(page_check(page_buf, 5, &computed), PAGE_VERIFY_BAD_CHECKSUM);
	page_buf[BLCKSZ - 1] ^= 0x01;

	/* The right page in the wrong block fails too. */
	assert_int_equal(page_check(page_buf, 6, &computed), PAGE_VERIFY_BAD_CHECKSUM);
	assert_int_equal(page_check(page_buf, 5 + 65536, &computed), PAGE_VERIFY_BAD_CHECKSUM);
	assert_int_equal(page_check(page_buf, 5, &computed), PAGE_VERIFY_OK);
}

static void
verify_blk5(void *arg)
{
	(void) arg;
	page_verify(page_buf, 5, "base/1/16384");
}

static void
test_verify_raises_xx001(void **state)
{
	(void) state;
	page_init(page_buf, 0);
	(void) add(40, 1, InvalidOffsetNumber, 0);
	page_set_checksum(page_buf, 5);
	verify_blk5(NULL);			/* passes */

	page_buf[4000] ^= 0x04;
	expect_error(verify_blk5, NULL, ERRCODE_DATA_CORRUPTED,
				 "invalid page in block 5 of relation base/1/16384");
	page_buf[4000] ^= 0x04;

	/* Header sanity: a correct checksum over an impossible header. */
	struct
	{
		uint16_t	lower,
					upper,
					special;
	}			bad[] = {
		{20, 8000, 8192},		/* lower inside the header */
		{100, 90, 8192},		/* lower > upper */
		{100, 8100, 8000},		/* upper > special */
		{100, 8000, 8200},		/* special beyond the page */
		{100, 8000, 8190},		/* special not MAXALIGNed */
	};

	for (size_t i = 0; i < lengthof(bad); i++)
	{
		page_init(page_buf, 0);
		ph()->pd_lower = bad[i].lower;
		ph()->pd_upper = bad[i].upper;
		ph()->pd_special = bad[i].special;
		page_set_checksum(page_buf, 5);
		assert_false(page_header_is_valid(page_buf));
		expect_error(verify_blk5, NULL, ERRCODE_DATA_CORRUPTED,
					 "invalid page in block 5 of relation base/1/16384");
	}
	/* Unknown flag bits are rejected as well. */
	page_init(page_buf, 0);
	ph()->pd_flags = 0x0100;
	page_set_checksum(page_buf, 5);
	expect_error(verify_blk5, NULL, ERRCODE_DATA_CORRUPTED, "invalid page in block 5");
}

static void
test_new_page(void **state)
{
	uint16_t	computed;

	(void) state;
	memset(page_buf, 0, BLCKSZ);
	assert_true(page_is_new(page_buf));
	assert_int_equal(page_check(page_buf, 123, &computed), PAGE_VERIFY_OK);
	verify_blk5(NULL);
	/* Setting a checksum leaves a new page all zero. */
	page_set_checksum(page_buf, 5);
	assert_true(page_is_all_zero(page_buf));

	/* pd_upper == 0 with anything else non-zero is not a new page. */
	page_buf[5000] = 1;
	assert_int_equal(page_check(page_buf, 5, &computed), PAGE_VERIFY_NEW_NOT_ZERO);
	expect_error(verify_blk5, NULL, ERRCODE_DATA_CORRUPTED, "invalid page in block 5");
}

static void
add_to_corrupt(void *arg)
{
	(void) arg;
	(void) add(10, 1, InvalidOffsetNumber, 0);
}

static void
test_add_to_corrupt_page(void **state)
{
	(void) state;
	page_init(page_buf, 0);
	ph()->pd_upper = 10;		/* below pd_lower */
	expect_error(add_to_corrupt, NULL, ERRCODE_DATA_CORRUPTED,
				 "corrupted page pointers: lower = 24, upper = 10, special = 8192");
}

static int
setup(void **state)
{
	(void) state;
	memctx_init();
	guc_init();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_layout),
		cmocka_unit_test(test_add_and_get),
		cmocka_unit_test(test_free_space_accounting),
		cmocka_unit_test(test_index_delete),
		cmocka_unit_test(test_index_delete_bad_offset),
		cmocka_unit_test(test_heap_compaction_keeps_offsets),
		cmocka_unit_test(test_compaction_rejects_corrupt_line_pointer),
		cmocka_unit_test(test_checksum_detects_corruption),
		cmocka_unit_test(test_verify_raises_xx001),
		cmocka_unit_test(test_new_page),
		cmocka_unit_test(test_add_to_corrupt_page),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
