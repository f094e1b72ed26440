/*-------------------------------------------------------------------------
 * test_localbuf.c
 *	  Unit tests for local buffers (storage/buffer/localbuf.c): the pages
 *	  of this session's temporary relations, bounded by temp_buffers.
 *
 * What:
 *	- three times more pages than temp_buffers: every page survives
 *	  eviction, the pool never allocates more than temp_buffers pages, the
 *	  shared pool is not touched, and buffers are negative numbers;
 *	- the file is base/<db>/t<N>_<rel>, evicted pages carry checksums, and
 *	  the file is never registered for a checkpoint's fsync;
 *	- every local buffer pinned: ERROR 53000 "no empty local buffer
 *	  available"; bufmgr_release_all() drops local pins too;
 *	- another session's temporary relation: ERROR 0A000;
 *	- drop discards dirty pages without writing; truncate;
 *	- a block corrupted on disk: ERROR XX001, no pin left behind;
 *	- temp_buffers' check refuses a new size once the pool exists, and the
 *	  pool can be discarded (the fuzz session's reset);
 *	- content-lock bookkeeping: locking a locked local buffer is an error.
 * How: a real shared-memory segment (for the comparison with the shared
 * pool) in a temporary data directory; this process attaches as a
 * standalone process, so MyTempBackend is its procno + 1.
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "faults/fault_control.h"
#include "storage/buffer/bufmgr.h"
#include "storage/ipc/proc.h"
#include "storage/ipc/shmem.h"
#include "storage/page/page.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"
#include "utils/test_elog.h"

#define TEMP_BUFFERS 100

static char datadir[64];

/* One of our temporary relations (created on first use). */
static RelFileLocator
temp_rel(Oid relnum)
{
	RelFileLocator rl = {1, relnum, MyTempBackend};

	if (!smgr_exists(rl))
		smgr_create(rl, false);
	return rl;
}

static uint64_t *
value_of(char *page)
{
	return (uint64_t *) page_get_item(page, page_get_item_id(page, 1));
}

static BlockNumber
add_page(RelFileLocator rl, uint64_t value)
{
	Buffer		buf = bufmgr_extend(rl);
	char	   *page = bufmgr_page(buf);
	BlockNumber blkno = bufmgr_block_number(buf);

	assert_true(BufferIsLocal(buf));
	page_init(page, 0);
	assert_int_equal(page_add_item(page, &value, sizeof(value), InvalidOffsetNumber, 0), 1);
	bufmgr_mark_dirty(buf);
	bufmgr_unlock_release(buf);
	return blkno;
}

static uint64_t
read_value(RelFileLocator rl, BlockNumber blkno)
{
	Buffer		buf = bufmgr_read(rl, blkno);
	uint64_t	v;

	assert_true(BufferIsLocal(buf));
	bufmgr_lock(buf, LW_SHARED);
	v = *value_of(bufmgr_page(buf));
	bufmgr_unlock_release(buf);
	return v;
}

static void
test_pages_survive_eviction(void **state)
{
	RelFileLocator rl = temp_rel(500);
	BufferPoolStats shared_before,
				shared_after;
	LocalBufferStats local;
	struct stat st;
	char		path[SMGR_RELPATH_SIZE];

	bool		overflowed;
	int			pending_before = smgr_pending_sync_count(&overflowed);

	(void) state;
	bufmgr_get_stats(&shared_before);
	for (int i = 0; i < 3 * TEMP_BUFFERS; i++)
		assert_int_equal(add_page(rl, 7000 + (uint64_t) i), i);
	for (int i = 3 * TEMP_BUFFERS - 1; i >= 0; i--)
		assert_int_equal(read_value(rl, (BlockNumber) i), 7000 + i);
	bufmgr_get_stats(&shared_after);
	bufmgr_get_local_stats(&local);

	assert_int_equal(bufmgr_local_pool_size(), TEMP_BUFFERS);
	assert_int_equal(local.pages_allocated, TEMP_BUFFERS);
	assert_int_equal(local.extended, 3 * TEMP_BUFFERS);
	/* At least the first 2 * TEMP_BUFFERS pages were evicted dirty and
	 * read back; the last ones may still be cached. */
	assert_true(local.written >= 2 * TEMP_BUFFERS);
	assert_true(local.read >= 2 * TEMP_BUFFERS);
	assert_int_equal(shared_after.buffers_alloc, shared_before.buffers_alloc);
	assert_int_equal(shared_after.blocks_read, shared_before.blocks_read);
	assert_int_equal(bufmgr_pins_held(), 0);
	/* Extended and written, yet never registered for a checkpoint's fsync. */
	assert_int_equal(smgr_pending_sync_count(&overflowed), pending_before);

	char		expected[SMGR_RELPATH_SIZE];

	snprintf(expected, sizeof(expected), "base/1/t%d_500", MyTempBackend);
	smgr_relpath_buf(rl, path, sizeof(path));
	assert_string_equal(path, expected);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 3 * TEMP_BUFFERS * BLCKSZ);

	/* An evicted page is on disk with a valid checksum. */
	char		page[BLCKSZ];
	uint16_t	computed;

	smgr_read(rl, 0, page);
	assert_int_equal(page_check(page, 0, &computed), PAGE_VERIFY_OK);
	assert_int_equal(*value_of(page), 7000);
}

static void
test_all_local_buffers_pinned(void **state)
{
	RelFileLocator rl = temp_rel(501);
	Buffer		pinned[TEMP_BUFFERS];

	(void) state;
	for (int i = 0; i < TEMP_BUFFERS + 1; i++)
		(void) add_page(rl, (uint64_t) i);
	for (int i = 0; i < TEMP_BUFFERS; i++)
		pinned[i] = bufmgr_read(rl, (BlockNumber) i);
	assert_int_equal(bufmgr_pins_held(), TEMP_BUFFERS);
	EXPECT_ERROR((void) bufmgr_read(rl, TEMP_BUFFERS), ERRCODE_INSUFFICIENT_RESOURCES,
				 "no empty local buffer available");
	assert_int_equal(bufmgr_pins_held(), TEMP_BUFFERS);
	bufmgr_lock(pinned[3], LW_EXCLUSIVE);
	bufmgr_release_all();
	assert_int_equal(bufmgr_pins_held(), 0);
	/* Unlocked by release_all: locking again works. */
	Buffer		b = bufmgr_read(rl, 3);

	bufmgr_lock(b, LW_EXCLUSIVE);
	bufmgr_unlock_release(b);
	assert_int_equal(read_value(rl, TEMP_BUFFERS), TEMP_BUFFERS);
}

static void
test_other_sessions_relation(void **state)
{
	RelFileLocator other = {1, 502, MyTempBackend + 1};

	(void) state;
	smgr_create(other, false);
	EXPECT_ERROR((void) bufmgr_extend(other), ERRCODE_FEATURE_NOT_SUPPORTED,
				 "cannot access temporary tables of other sessions");
	EXPECT_ERROR((void) bufmgr_read(other, 0), ERRCODE_FEATURE_NOT_SUPPORTED,
				 "cannot access temporary tables of other sessions");
	assert_int_equal(bufmgr_pins_held(), 0);
	/* Dropping it needs no buffer access (a dead owner's leftovers). */
	bufmgr_drop_relation(other);
	smgr_unlink(other);
	assert_false(smgr_exists(other));
}

static void
test_drop_and_truncate(void **state)
{
	RelFileLocator rl = temp_rel(503);

	(void) state;
	for (int i = 0; i < 10; i++)
		(void) add_page(rl, 100 + (uint64_t) i);
	bufmgr_flush_relation(rl);

	/* A change dropped with the buffers never reaches the file. */
	Buffer		b = bufmgr_read(rl, 4);

	bufmgr_lock(b, LW_EXCLUSIVE);
	*value_of(bufmgr_page(b)) = 999;
	bufmgr_mark_dirty(b);
	assert_true(bufmgr_is_dirty(b));
	bufmgr_unlock(b);
	EXPECT_ERROR(bufmgr_drop_relation(rl), ERRCODE_INTERNAL_ERROR, "is pinned");
	bufmgr_release(b);
	bufmgr_drop_relation(rl);
	assert_int_equal(read_value(rl, 4), 104);

	bufmgr_truncate(rl, 6);
	assert_int_equal(bufmgr_nblocks(rl), 6);
	assert_int_equal(read_value(rl, 5), 105);
	EXPECT_ERROR((void) bufmgr_read(rl, 7), ERRCODE_DATA_CORRUPTED, "could not read block 7");
	assert_int_equal(add_page(rl, 206), 6);
	assert_int_equal(read_value(rl, 6), 206);
	assert_int_equal(bufmgr_pins_held(), 0);
}

static void
test_corrupt_block(void **state)
{
	RelFileLocator rl = temp_rel(504);
	char		page[BLCKSZ];

	(void) state;
	for (int i = 0; i < 3; i++)
		(void) add_page(rl, 300 + (uint64_t) i);
	bufmgr_flush_relation(rl);
	bufmgr_drop_relation(rl);
	smgr_read(rl, 1, page);
	page[BLCKSZ - 1] ^= 0x55;
	smgr_write(rl, 1, page);
	EXPECT_ERROR((void) bufmgr_read(rl, 1), ERRCODE_DATA_CORRUPTED, "invalid page in block 1");
	assert_int_equal(bufmgr_pins_held(), 0);
	/* Nothing valid stayed behind: the second read verifies again. */
	EXPECT_ERROR((void) bufmgr_read(rl, 1), ERRCODE_DATA_CORRUPTED, "invalid page in block 1");
	assert_int_equal(read_value(rl, 2), 302);
}

static void
test_locks_and_pool_size(void **state)
{
	RelFileLocator rl = temp_rel(505);

	(void) state;
	(void) add_page(rl, 1);
	Buffer		b = bufmgr_read(rl, 0);

	bufmgr_lock(b, LW_SHARED);
	EXPECT_ERROR(bufmgr_lock(b, LW_EXCLUSIVE), ERRCODE_INTERNAL_ERROR, "already locked");
	bufmgr_unlock(b);
	EXPECT_ERROR(bufmgr_unlock(b), ERRCODE_INTERNAL_ERROR, "not locked");
	assert_true(bufmgr_conditional_lock(b, LW_EXCLUSIVE));
	bufmgr_unlock_release(b);

	/* The pool exists: only its own size may be set. */
	assert_non_null(bufmgr_local_pool_check(TEMP_BUFFERS * 2));
	assert_null(bufmgr_local_pool_check(TEMP_BUFFERS));
	/* Discarding forgets dirty pages, as a session's exit does. */
	bufmgr_flush_relation(rl);
	(void) add_page(rl, 2);
	bufmgr_local_pool_discard();
	assert_int_equal(bufmgr_local_pool_size(), 0);
	assert_null(bufmgr_local_pool_check(TEMP_BUFFERS * 2));
	/* The next use sizes it again, from the current setting. */
	guc_temp_buffers_blocks = TEMP_BUFFERS * 2;
	assert_int_equal(read_value(rl, 0), 1);
	assert_int_equal(bufmgr_local_pool_size(), TEMP_BUFFERS * 2);
	Buffer		never_written = bufmgr_read(rl, 1);

	assert_true(page_is_new(bufmgr_page(never_written)));
	bufmgr_release(never_written);
}

static int
setup(void **state)
{
	(void) state;
	memctx_init();
	guc_init();
	fault_arm_local_libfiu();
	guc_shared_buffers_blocks = 16;
	guc_temp_buffers_blocks = TEMP_BUFFERS;
	guc_max_connections = 4;
	snprintf(datadir, sizeof(datadir), "/tmp/minipg_test_localbuf_XXXXXX");
	if (mkdtemp(datadir) == NULL || chdir(datadir) != 0)
		return -1;
	shmem_create(1);
	proc_attach_auxiliary(B_STANDALONE);
	return MyTempBackend > 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	char		cmd[128];

	(void) state;
	if (chdir("/") != 0)
		return -1;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", datadir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pages_survive_eviction),
		cmocka_unit_test(test_all_local_buffers_pinned),
		cmocka_unit_test(test_other_sessions_relation),
		cmocka_unit_test(test_drop_and_truncate),
		cmocka_unit_test(test_corrupt_block),
		cmocka_unit_test(test_locks_and_pool_size),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
