/*-------------------------------------------------------------------------
 * test_bufmgr.c
 *	  Unit tests for the shared buffer pool (storage/buffer).
 *
 * What:
 *	- extend and read back; pinning the same buffer repeatedly is cheap and
 *	  bufmgr_release_all() drops exactly our pins;
 *	- more distinct dirty pages than buffers: every page survives eviction
 *	  (and an update made before eviction is read back after it);
 *	- all buffers pinned: ERROR 53000 "no unpinned buffers available";
 *	- bufmgr_flush_all() leaves nothing dirty and the file then holds every
 *	  page with a valid checksum (cold reads after dropping the buffers);
 *	- the WAL hook runs with the page LSN before the page reaches the file;
 *	- a block corrupted on disk gives ERROR XX001 on read and leaves no pin
 *	  and no valid buffer behind (a second read fails the same way; after
 *	  the block is repaired on disk the read works);
 *	- bgwriter rounds write only dirty, unpinned buffers, at most N per call;
 *	- dropping a relation's buffers discards changes without writing them;
 *	  truncation; RBM_ZERO_AND_LOCK beyond EOF; content lock modes;
 *	- concurrent extenders in three processes get distinct blocks;
 *	- three processes increment counters on more pages than there are
 *	  buffers, under exclusive content locks: the totals are exact (proves
 *	  cross-process locking, pinning and eviction);
 *	- fault points (fault builds): a failed eviction write keeps the page
 *	  dirty and intact; a failed read leaves nothing pinned; a failed
 *	  checkpoint write leaves the buffer dirty for the next try.
 * How: a real shared-memory segment (shmem_create) with shared_buffers = 16
 * in a temporary data directory; this process attaches as a standalone
 * process; children are fork()ed and report through their exit status.
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef MINIPG_FAULTS
#include <fiu-control.h>
#endif

#include "faults/fault_control.h"
#include "faults/faultpoint.h"
#include "storage/buffer/bufmgr.h"
#include "storage/file/fileops.h"
#include "storage/ipc/proc.h"
#include "storage/ipc/shmem.h"
#include "storage/page/page.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"
#include "utils/test_elog.h"

#define NBUFFERS 16

static char datadir[64];

/* The one item each test page holds. */
typedef struct TestRow
{
	uint64_t	value;
	BlockNumber blkno;
	int32_t		writer;
} TestRow;

/* The ERROR, and no lightweight lock left: bufmgr releases its own. */
#define EXPECT_ERROR_UNLOCKED(stmt, code, text) \
	do { \
		EXPECT_ERROR(stmt, code, text); \
		assert_int_equal(lwlock_num_held(), 0); \
	} while (0)

static RelFileLocator
rel(Oid relnum)
{
	RelFileLocator rl = {1, relnum};

	return rl;
}

static TestRow *
row_of(char *page)
{
	return (TestRow *) page_get_item(page, page_get_item_id(page, 1));
}

/* Append a page holding value; returns its block number. */
static BlockNumber
add_page(RelFileLocator rl, uint64_t value, int writer)
{
	Buffer		buf = bufmgr_extend(rl);
	char	   *page = bufmgr_page(buf);
	TestRow		row = {value, bufmgr_block_number(buf), writer};
	BlockNumber blkno = row.blkno;

	assert_true(page_is_new(page));
	page_init(page, 0);
	assert_int_equal(page_add_item(page, &row, sizeof(row), InvalidOffsetNumber, 0), 1);
	bufmgr_mark_dirty(buf);
	bufmgr_unlock_release(buf);
	return blkno;
}

static TestRow
read_row(RelFileLocator rl, BlockNumber blkno)
{
	Buffer		buf = bufmgr_read(rl, blkno);
	TestRow		row;

	bufmgr_lock(buf, LW_SHARED);
	memcpy(&row, row_of(bufmgr_page(buf)), sizeof(row));
	bufmgr_unlock_release(buf);
	return row;
}

static void
set_value(RelFileLocator rl, BlockNumber blkno, uint64_t value)
{
	Buffer		buf = bufmgr_read(rl, blkno);

	bufmgr_lock(buf, LW_EXCLUSIVE);
	row_of(bufmgr_page(buf))->value = value;
	bufmgr_mark_dirty(buf);
	bufmgr_unlock_release(buf);
}

/* Read the block straight from the file, checking its checksum. */
static TestRow
disk_row(RelFileLocator rl, BlockNumber blkno)
{
	static char page[BLCKSZ];
	uint16_t	computed;
	TestRow		row;

	smgr_read(rl, blkno, page);
	assert_int_equal(page_check(page, blkno, &computed), PAGE_VERIFY_OK);
	memcpy(&row, row_of(page), sizeof(row));
	return row;
}

static void
test_extend_and_read(void **state)
{
	RelFileLocator rl = rel(100);
	BufferPoolStats before,
				after;

	(void) state;
	smgr_create(rl, false);
	assert_int_equal(bufmgr_nblocks(rl), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(add_page(rl, 1000 + (uint64_t) i, 0), i);
	assert_int_equal(bufmgr_nblocks(rl), 3);

	bufmgr_get_stats(&before);
	for (int i = 0; i < 3; i++)
	{
		TestRow		r = read_row(rl, (BlockNumber) i);

		assert_int_equal(r.value, 1000 + i);
		assert_int_equal(r.blkno, i);
	}
	bufmgr_get_stats(&after);
	assert_int_equal(after.blocks_hit - before.blocks_hit, 3);
	assert_int_equal(after.blocks_read, before.blocks_read);

	/* Repeated pins of one buffer; identity accessors. */
	Buffer		b1 = bufmgr_read(rl, 1);
	Buffer		b2 = bufmgr_read(rl, 1);

	assert_int_equal(b1, b2);
	assert_int_equal(bufmgr_pins_held(), 2);
	assert_int_equal(bufmgr_block_number(b1), 1);
	assert_true(relfilelocator_equal(bufmgr_relation(b1), rl));
	(void) bufmgr_read(rl, 2);
	assert_int_equal(bufmgr_pins_held(), 3);
	bufmgr_release(b1);
	assert_int_equal(bufmgr_pins_held(), 2);
	bufmgr_lock(b2, LW_EXCLUSIVE);
	bufmgr_release_all();		/* also releases the content lock */
	assert_int_equal(bufmgr_pins_held(), 0);
	assert_int_equal(lwlock_num_held(), 0);
	EXPECT_ERROR_UNLOCKED(bufmgr_release(b1), ERRCODE_INTERNAL_ERROR, "is not pinned");
	EXPECT_ERROR_UNLOCKED(bufmgr_release(NBUFFERS + 1), ERRCODE_INTERNAL_ERROR, "bad buffer ID");
}

static void
test_eviction_preserves_pages(void **state)
{
	RelFileLocator rl = rel(101);
	const int	npages = 3 * NBUFFERS;
	BufferPoolStats before,
				after;

	(void) state;
	smgr_create(rl, false);
	bufmgr_get_stats(&before);
	for (int i = 0; i < npages; i++)
		(void) add_page(rl, 5000 + (uint64_t) i, 0);
	/* Update page 0 after it was (very likely) evicted, then evict again. */
	set_value(rl, 0, 777);
	for (int i = 1; i < npages; i++)
		assert_int_equal(read_row(rl, (BlockNumber) i).value, 5000 + i);
	assert_int_equal(read_row(rl, 0).value, 777);
	bufmgr_get_stats(&after);
	/* Dirty victims were written by "backends", and pages read back. */
	assert_true(after.buffers_backend - before.buffers_backend >= (uint64_t) (npages - NBUFFERS));
	assert_true(after.blocks_read - before.blocks_read >= (uint64_t) (npages - NBUFFERS));
	assert_int_equal(bufmgr_pins_held(), 0);
}

static void
test_all_pinned(void **state)
{
	RelFileLocator rl = rel(101);
	Buffer		pinned[NBUFFERS];

	(void) state;
	for (int i = 0; i < NBUFFERS; i++)
		pinned[i] = bufmgr_read(rl, (BlockNumber) i);
	assert_int_equal(bufmgr_pins_held(), NBUFFERS);
	EXPECT_ERROR_UNLOCKED((void) bufmgr_read(rl, NBUFFERS + 1), ERRCODE_INSUFFICIENT_RESOURCES,
				 "no unpinned buffers available");
	EXPECT_ERROR_UNLOCKED((void) bufmgr_extend(rl), ERRCODE_INSUFFICIENT_RESOURCES,
				 "no unpinned buffers available");
	assert_int_equal(bufmgr_nblocks(rl), 3 * NBUFFERS);
	/* The pinned pages were not touched. */
	for (int i = 0; i < NBUFFERS; i++)
	{
		TestRow    *r = row_of(bufmgr_page(pinned[i]));

		assert_int_equal(r->blkno, i);
	}
	assert_int_equal(bufmgr_pins_held(), NBUFFERS);
	bufmgr_release(pinned[3]);
	assert_int_equal(read_row(rl, NBUFFERS + 1).value, 5000 + NBUFFERS + 1);
	bufmgr_release_all();
	assert_int_equal(bufmgr_pins_held(), 0);
	assert_int_equal(read_row(rl, 2 * NBUFFERS).value, 5000 + 2 * NBUFFERS);
}

static void
test_flush_all_then_cold_read(void **state)
{
	RelFileLocator rl = rel(101);
	const int	npages = 3 * NBUFFERS;

	(void) state;
	for (int i = 0; i < npages; i += 5)
		set_value(rl, (BlockNumber) i, 90000 + (uint64_t) i);
	(void) bufmgr_flush_all();
	for (int i = 0; i < npages; i++)
	{
		Buffer		buf = bufmgr_read(rl, (BlockNumber) i);

		assert_false(bufmgr_is_dirty(buf));
		bufmgr_release(buf);
	}
	/* The file has every page, each with a valid checksum. */
	for (int i = 0; i < npages; i++)
	{
		uint64_t	expect = i == 0 ? 90000 : (i % 5 == 0 ? 90000 + (uint64_t) i : 5000 + (uint64_t) i);

		assert_int_equal(disk_row(rl, (BlockNumber) i).value, expect);
	}
	/* Cold reads through the pool after forgetting every buffer. */
	BufferPoolStats before,
				after;

	bufmgr_drop_relation(rl);
	bufmgr_get_stats(&before);
	assert_int_equal(read_row(rl, 10).value, 90010);
	assert_int_equal(read_row(rl, 11).value, 5011);
	bufmgr_get_stats(&after);
	assert_int_equal(after.blocks_read - before.blocks_read, 2);
}

static XLogRecPtr hook_lsn = 0;
static int	hook_calls = 0;
static bool hook_saw_old_page = false;

/* The "WAL flush": record the LSN and check the page is not yet on disk. */
static void
wal_flush_hook(XLogRecPtr lsn)
{
	static char page[BLCKSZ];

	hook_calls++;
	if (lsn > hook_lsn)
		hook_lsn = lsn;
	smgr_read(rel(101), 7, page);
	hook_saw_old_page = page_get_lsn(page) != 0xABCDEF;
}

static void
test_wal_hook_before_write(void **state)
{
	RelFileLocator rl = rel(101);
	Buffer		buf;

	(void) state;
	buf = bufmgr_read(rl, 7);
	bufmgr_lock(buf, LW_EXCLUSIVE);
	page_set_lsn(bufmgr_page(buf), 0xABCDEF);
	bufmgr_mark_dirty(buf);
	bufmgr_unlock_release(buf);
	bufmgr_wal_flush_hook = wal_flush_hook;
	(void) bufmgr_flush_all();
	bufmgr_wal_flush_hook = NULL;
	assert_int_equal(hook_calls, 1);
	assert_true(hook_lsn == 0xABCDEF);
	assert_true(hook_saw_old_page);
	assert_int_equal(disk_row(rl, 7).value, 5007);
}

/* Flip one byte of block blkno in the file; returns the original page. */
static void
corrupt_on_disk(RelFileLocator rl, BlockNumber blkno, char *saved)
{
	char		path[SMGR_RELPATH_SIZE];
	int			fd;
	char		c;

	smgr_relpath_buf(rl, path, sizeof(path));
	smgr_read(rl, blkno, saved);
	fd = fo_open(path, O_RDWR, 0);
	assert_true(fd >= 0);
	c = saved[BLCKSZ - 8] ^ 0x20;
	assert_int_equal(fo_pwrite(fd, &c, 1, (off_t) blkno * BLCKSZ + BLCKSZ - 8), 1);
	fo_close(fd);
}

static void
test_corrupt_block_on_disk(void **state)
{
	RelFileLocator rl = rel(101);
	char		saved[BLCKSZ];

	(void) state;
	(void) bufmgr_flush_all();
	bufmgr_drop_relation(rl);
	corrupt_on_disk(rl, 2, saved);
	EXPECT_ERROR_UNLOCKED((void) bufmgr_read(rl, 2), ERRCODE_DATA_CORRUPTED,
				 "invalid page in block 2 of relation base/1/101");
	assert_int_equal(bufmgr_pins_held(), 0);
	/* Nothing valid stayed behind: the second read verifies again. */
	EXPECT_ERROR_UNLOCKED((void) bufmgr_read(rl, 2), ERRCODE_DATA_CORRUPTED,
				 "invalid page in block 2 of relation base/1/101");
	assert_int_equal(read_row(rl, 3).value, 5003);

	/* A block written into the wrong place fails too. */
	char		block4[BLCKSZ];

	smgr_read(rl, 4, block4);
	smgr_write(rl, 4, saved);	/* block 2's page as block 4 */
	bufmgr_drop_relation(rl);
	EXPECT_ERROR_UNLOCKED((void) bufmgr_read(rl, 4), ERRCODE_DATA_CORRUPTED,
				 "invalid page in block 4 of relation base/1/101");
	smgr_write(rl, 4, block4);
	assert_int_equal(read_row(rl, 4).value, 5004);

	/* Repaired on disk: readable again. */
	smgr_write(rl, 2, saved);
	assert_int_equal(read_row(rl, 2).value, 5002);
	/* Reading past EOF is an error too, and leaves no pin. */
	EXPECT_ERROR_UNLOCKED((void) bufmgr_read(rl, 1000), ERRCODE_DATA_CORRUPTED,
				 "could not read block 1000 in file \"base/1/101\": read only 0 of 8192 bytes");
	assert_int_equal(bufmgr_pins_held(), 0);
}

static void
test_bgwriter_round(void **state)
{
	RelFileLocator rl = rel(102);
	BufferPoolStats before,
				after;
	Buffer		pinned;

	(void) state;
	smgr_create(rl, false);
	(void) bufmgr_flush_all();
	bufmgr_get_stats(&before);
	for (int i = 0; i < 6; i++)
		(void) add_page(rl, 300 + (uint64_t) i, 0);
	/* Page 5 stays pinned: the bgwriter must leave it alone. */
	pinned = bufmgr_read(rl, 5);
	assert_int_equal(bufmgr_bgwriter_round(2), 2);
	assert_int_equal(bufmgr_bgwriter_round(100), 3);
	assert_int_equal(bufmgr_bgwriter_round(100), 0);
	assert_true(bufmgr_is_dirty(pinned));
	bufmgr_release(pinned);
	/* Pinning it made it hot (usage count 2): left for the checkpoint. */
	assert_int_equal(bufmgr_bgwriter_round(100), 0);
	bufmgr_get_stats(&after);
	assert_int_equal(after.buffers_clean - before.buffers_clean, 5);
	assert_true(after.maxwritten_clean > before.maxwritten_clean);
	assert_int_equal(bufmgr_flush_all(), 1);
	for (int i = 0; i < 6; i++)
		assert_int_equal(disk_row(rl, (BlockNumber) i).value, 300 + i);
}

static int
count_dirty_buffers(void)
{
	int			n = 0;

	for (int i = 0; i < bufmgr_nbuffers(); i++)
	{
		BufferInfo	b;

		bufmgr_buffer_info(i, &b);
		n += b.tag_valid && b.dirty;
	}
	return n;
}

/*
 * The paced round: how far it cleans ahead of the clock hand follows the
 * allocations since the previous round (times the multiplier), smoothed.
 */
static void
test_bgwriter_lru_pacing(void **state)
{
	RelFileLocator rl = rel(110);
	BgWriterPacing pacing = {0};
	BufferPoolStats before,
				after;
	bool		idle;

	(void) state;
	smgr_create(rl, false);
	(void) bufmgr_flush_all();
	/* First round: no allocation history yet, nothing asked. */
	assert_int_equal(bufmgr_bgwriter_lru_round(&pacing, 100, 2.0, 0, &idle), 0);
	assert_true(idle);
	/* Fill the whole pool with dirty pages: NBUFFERS allocations. */
	for (int i = 0; i < NBUFFERS; i++)
		(void) add_page(rl, 700 + (uint64_t) i, 0);
	bufmgr_get_stats(&before);
	/* Demand NBUFFERS per round x 0.25: four buffers cleaned ahead. */
	assert_int_equal(bufmgr_bgwriter_lru_round(&pacing, 100, 0.25, 0, &idle), 4);
	assert_false(idle);
	/* No new demand (smoothed 15 x 0.25 = 4): the four clean ones suffice. */
	assert_int_equal(bufmgr_bgwriter_lru_round(&pacing, 100, 0.25, 0, &idle), 0);
	assert_true(idle);
	/* Multiplier 1 wants 15 reusable: 11 more, but at most 5 a round. */
	assert_int_equal(bufmgr_bgwriter_lru_round(&pacing, 5, 1.0, 0, &idle), 5);
	bufmgr_get_stats(&after);
	assert_int_equal(after.buffers_clean - before.buffers_clean, 9);
	assert_true(after.maxwritten_clean > before.maxwritten_clean);
	/*
	 * min_scan keeps it cleaning when demand has gone: every remaining
	 * dirty buffer that is reusable soon gets written; the checkpoint
	 * writes only the hot ones (usage count > 1) it must leave alone.
	 */
	{
		int			dirty = count_dirty_buffers();
		int			by_bgwriter = bufmgr_bgwriter_lru_round(&pacing, 100, 0.0, NBUFFERS, &idle);

		assert_true(dirty >= 1 && by_bgwriter >= 1);
		assert_int_equal(by_bgwriter + bufmgr_flush_all(), dirty);
	}
	for (int i = 0; i < NBUFFERS; i++)
		assert_int_equal(disk_row(rl, (BlockNumber) i).value, 700 + i);
}

static void
test_drop_and_truncate(void **state)
{
	RelFileLocator rl = rel(102);
	Buffer		buf;

	(void) state;
	set_value(rl, 1, 4242);
	bufmgr_drop_relation(rl);
	assert_int_equal(read_row(rl, 1).value, 301);	/* the change was discarded */
	assert_int_equal(disk_row(rl, 1).value, 301);

	buf = bufmgr_read(rl, 1);
	EXPECT_ERROR_UNLOCKED(bufmgr_drop_relation(rl), ERRCODE_INTERNAL_ERROR, "buffer is pinned");
	bufmgr_release(buf);

	set_value(rl, 4, 4444);
	bufmgr_truncate(rl, 2);
	assert_int_equal(bufmgr_nblocks(rl), 2);
	EXPECT_ERROR_UNLOCKED((void) bufmgr_read(rl, 4), ERRCODE_DATA_CORRUPTED, "read only 0 of 8192 bytes");
	(void) bufmgr_flush_all();	/* nothing of block 4 comes back */
	assert_int_equal(bufmgr_nblocks(rl), 2);
	assert_int_equal(add_page(rl, 99, 0), 2);
	assert_int_equal(read_row(rl, 1).value, 301);
}

static void
test_zero_and_lock_and_modes(void **state)
{
	RelFileLocator rl = rel(102);
	Buffer		buf;
	TestRow		row = {31337, 5, 0};

	(void) state;
	/* WAL replay style: a page beyond EOF, not read, returned locked. */
	buf = bufmgr_read_ext(rl, 5, RBM_ZERO_AND_LOCK);
	assert_true(page_is_all_zero(bufmgr_page(buf)));
	assert_false(bufmgr_conditional_lock(buf, LW_SHARED));	/* we hold it */
	page_init(bufmgr_page(buf), 0);
	assert_int_equal(page_add_item(bufmgr_page(buf), &row, sizeof(row), InvalidOffsetNumber, 0), 1);
	bufmgr_mark_dirty(buf);
	bufmgr_unlock_release(buf);
	(void) bufmgr_flush_all();
	assert_int_equal(bufmgr_nblocks(rl), 6);
	assert_int_equal(disk_row(rl, 5).value, 31337);

	/* Hint-bit style dirtying under a share lock. */
	buf = bufmgr_read(rl, 5);
	assert_true(bufmgr_conditional_lock(buf, LW_SHARED));
	assert_false(bufmgr_is_dirty(buf));
	row_of(bufmgr_page(buf))->writer = 1;
	bufmgr_mark_dirty_hint(buf);
	assert_true(bufmgr_is_dirty(buf));
	bufmgr_unlock_release(buf);
	(void) bufmgr_flush_all();
	assert_int_equal(disk_row(rl, 5).writer, 1);
}

/* Fork n children running fn(i); assert each exits 0. */
static void
run_children(int n, void (*fn) (int))
{
	pid_t		pids[8];

	assert_int_equal(bufmgr_pins_held(), 0);
	for (int i = 0; i < n; i++)
	{
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0)
		{
			on_proc_exit_reset();
			MyProc = NULL;
			proc_attach_auxiliary(B_STANDALONE);
			ELOG_TRY();
			{
				fn(i);
			}
			ELOG_CATCH();
			{
				elog_emit_current_error();
				_exit(3);
			}
			ELOG_END_TRY();
			proc_exit(bufmgr_pins_held() == 0 ? 0 : 4);
		}
	}
	for (int i = 0; i < n; i++)
	{
		int			status;

		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
}

#define EXTENDS_PER_CHILD 20

static void
extend_child(int child)
{
	for (int i = 0; i < EXTENDS_PER_CHILD; i++)
		(void) add_page(rel(103), (uint64_t) i, child + 1);
}

static void
test_concurrent_extend(void **state)
{
	RelFileLocator rl = rel(103);
	int			seen[3][EXTENDS_PER_CHILD] = {{0}};

	(void) state;
	smgr_create(rl, false);
	run_children(3, extend_child);
	assert_int_equal(bufmgr_nblocks(rl), 3 * EXTENDS_PER_CHILD);
	for (BlockNumber b = 0; b < 3 * EXTENDS_PER_CHILD; b++)
	{
		TestRow		r = read_row(rl, b);

		assert_int_equal(r.blkno, b);
		assert_true(r.writer >= 1 && r.writer <= 3);
		assert_true(r.value < EXTENDS_PER_CHILD);
		seen[r.writer - 1][r.value]++;
	}
	for (int c = 0; c < 3; c++)
		for (int i = 0; i < EXTENDS_PER_CHILD; i++)
			assert_int_equal(seen[c][i], 1);
}

#define COUNTER_PAGES	 (NBUFFERS + 8)
#define INCREMENTS		 3000

static BlockNumber
counter_block(int child, int i)
{
	return (BlockNumber) ((i * 7 + child * 3) % COUNTER_PAGES);
}

static void
counter_child(int child)
{
	for (int i = 0; i < INCREMENTS; i++)
	{
		Buffer		buf = bufmgr_read(rel(104), counter_block(child, i));
		TestRow    *r;

		bufmgr_lock(buf, LW_EXCLUSIVE);
		r = row_of(bufmgr_page(buf));
		r->value++;
		bufmgr_mark_dirty(buf);
		bufmgr_unlock_release(buf);
	}
}

static void
test_multiprocess_counters(void **state)
{
	RelFileLocator rl = rel(104);
	uint64_t	expect[COUNTER_PAGES] = {0};
	uint64_t	total = 0;

	(void) state;
	smgr_create(rl, false);
	for (int i = 0; i < COUNTER_PAGES; i++)
		(void) add_page(rl, 0, 0);
	run_children(3, counter_child);
	for (int c = 0; c < 3; c++)
		for (int i = 0; i < INCREMENTS; i++)
			expect[counter_block(c, i)]++;
	for (BlockNumber b = 0; b < COUNTER_PAGES; b++)
	{
		TestRow		r = read_row(rl, b);

		assert_int_equal(r.value, expect[b]);
		total += r.value;
	}
	assert_int_equal(total, 3 * INCREMENTS);
	/* And the same totals survive a checkpoint and cold reads. */
	(void) bufmgr_flush_all();
	bufmgr_drop_relation(rl);
	for (BlockNumber b = 0; b < COUNTER_PAGES; b++)
		assert_int_equal(read_row(rl, b).value, expect[b]);
}

static void
test_fault_points(void **state)
{
	(void) state;
#ifdef MINIPG_FAULTS
	RelFileLocator rl = rel(101);

	/* A failed eviction write: the error surfaces, the page stays dirty. */
	(void) bufmgr_flush_all();
	set_value(rl, 20, 2020);
	fiu_enable("bufmgr/evict/before-write", 1, NULL, 0);
	EXPECT_ERROR_UNLOCKED(for (int i = 0; i < 3 * NBUFFERS; i++) (void) read_row(rl, (BlockNumber) i),
				 ERRCODE_IO_ERROR, "could not write block 20 in file \"base/1/101\"");
	fiu_disable("bufmgr/evict/before-write");
	assert_int_equal(bufmgr_pins_held(), 0);
	assert_int_equal(disk_row(rl, 20).value, 90020);
	for (int i = 0; i < 3 * NBUFFERS; i++)
		(void) read_row(rl, (BlockNumber) i);	/* evicts it for real now */
	assert_int_equal(read_row(rl, 20).value, 2020);
	assert_int_equal(disk_row(rl, 20).value, 2020);

	/* A failed read: nothing pinned, and the next read works. */
	bufmgr_drop_relation(rl);
	fiu_enable("bufmgr/read/after-io", 1, NULL, 0);
	EXPECT_ERROR_UNLOCKED((void) bufmgr_read(rl, 9), ERRCODE_IO_ERROR,
				 "could not read block 9 in file \"base/1/101\"");
	fiu_disable("bufmgr/read/after-io");
	assert_int_equal(bufmgr_pins_held(), 0);
	assert_int_equal(read_row(rl, 9).value, 5009);

	/* A failed checkpoint write: still dirty; the next checkpoint writes it. */
	set_value(rl, 9, 909);
	fiu_enable("bufmgr/flush/before-write", 1, NULL, 0);
	EXPECT_ERROR_UNLOCKED((void) bufmgr_flush_all(), ERRCODE_IO_ERROR, "could not write block 9");
	fiu_disable("bufmgr/flush/before-write");
	assert_int_equal(disk_row(rl, 9).value, 5009);
	assert_int_equal(bufmgr_flush_all(), 1);
	assert_int_equal(disk_row(rl, 9).value, 909);

	/* The bgwriter's point, on a new (cold, dirty) page. */
	BlockNumber fresh = add_page(rl, 910, 0);

	fiu_enable("bufmgr/bgwriter/before-write", 1, NULL, 0);
	EXPECT_ERROR_UNLOCKED((void) bufmgr_bgwriter_round(10), ERRCODE_IO_ERROR, "could not write block");
	fiu_disable("bufmgr/bgwriter/before-write");
	assert_int_equal(bufmgr_bgwriter_round(10), 1);
	assert_int_equal(disk_row(rl, fresh).value, 910);
#else
	skip();
#endif
}

static int
setup(void **state)
{
	(void) state;
	memctx_init();
	guc_init();
	fault_arm_local_libfiu();
	guc_shared_buffers_blocks = NBUFFERS;
	guc_max_connections = 4;
	snprintf(datadir, sizeof(datadir), "/tmp/minipg_test_bufmgr_XXXXXX");
	if (mkdtemp(datadir) == NULL || chdir(datadir) != 0)
		return -1;
	shmem_create(1);
	proc_attach_auxiliary(B_STANDALONE);
	return 0;
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
		cmocka_unit_test(test_extend_and_read),
		cmocka_unit_test(test_eviction_preserves_pages),
		cmocka_unit_test(test_all_pinned),
		cmocka_unit_test(test_flush_all_then_cold_read),
		cmocka_unit_test(test_wal_hook_before_write),
		cmocka_unit_test(test_corrupt_block_on_disk),
		cmocka_unit_test(test_bgwriter_round),
		cmocka_unit_test(test_bgwriter_lru_pacing),
		cmocka_unit_test(test_drop_and_truncate),
		cmocka_unit_test(test_zero_and_lock_and_modes),
		cmocka_unit_test(test_concurrent_extend),
		cmocka_unit_test(test_multiprocess_counters),
		cmocka_unit_test(test_fault_points),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
