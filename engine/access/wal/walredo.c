/*-------------------------------------------------------------------------
 * walredo.c
 *	  Replaying WAL records (rules in walredo.h).
 *
 * Runs in the startup process (and in unit tests), single-threaded, with
 * the shared buffer pool: pages are read, changed and marked dirty like in
 * normal running, and reach disk through the bgwriter, eviction or the
 * checkpoint that follows recovery.
 *-------------------------------------------------------------------------
 */
#include "access/wal/walredo.h"

#include "access/transam/clog.h"
#include "access/transam/varsup.h"
#include "storage/buffer/bufmgr.h"
#include "storage/page/page.h"
#include "storage/smgr/smgr.h"
#include "utils/elog.h"
#include "utils/memctx.h"

/* ---- invalid pages ---- */

typedef struct InvalidPage
{
	RelFileLocator rl;
	BlockNumber blkno;
	XLogRecPtr	lsn;
} InvalidPage;

static InvalidPage *invalid_pages = NULL;
static int	n_invalid = 0;
static int	cap_invalid = 0;

static void
remember_invalid_page(RelFileLocator rl, BlockNumber blkno, XLogRecPtr lsn)
{
	for (int i = 0; i < n_invalid; i++)
		if (relfilelocator_equal(invalid_pages[i].rl, rl) && invalid_pages[i].blkno == blkno)
			return;
	if (n_invalid == cap_invalid)
	{
		cap_invalid = cap_invalid ? cap_invalid * 2 : 16;
		invalid_pages = invalid_pages ?
			repalloc(invalid_pages, sizeof(InvalidPage) * (size_t) cap_invalid) :
			memctx_alloc(TopMemoryContext, sizeof(InvalidPage) * (size_t) cap_invalid);
	}
	invalid_pages[n_invalid++] = (InvalidPage) {rl, blkno, lsn};
	elog(DEBUG1, "page %u of relation %u/%u is missing during WAL replay",
		 blkno, rl.db_oid, rl.rel_number);
}

static void
forget_invalid_pages(RelFileLocator rl)
{
	int			kept = 0;

	for (int i = 0; i < n_invalid; i++)
		if (!relfilelocator_equal(invalid_pages[i].rl, rl))
			invalid_pages[kept++] = invalid_pages[i];
	n_invalid = kept;
}

int
wal_redo_invalid_page_count(void)
{
	return n_invalid;
}

void
wal_redo_check_invalid_pages(void)
{
	for (int i = 0; i < n_invalid; i++)
		ereport(WARNING, errmsg("page %u of relation %u/%u was uninitialized (record at %X/%X)",
								invalid_pages[i].blkno, invalid_pages[i].rl.db_oid,
								invalid_pages[i].rl.rel_number,
								LSN_FORMAT_ARGS(invalid_pages[i].lsn)));
	if (n_invalid > 0)
		ereport(PANIC, errmsg("WAL contains references to invalid pages"));
}

/* ---- pages ---- */

bool
wal_redo_apply_block(const WalDecodedBlock *b, char *page, XLogRecPtr end)
{
	if (b->ref.kind == WAL_BLOCK_IMAGE)
	{
		uint16_t	hole = b->ref.hole_offset;
		uint16_t	hlen = b->ref.hole_length;

		memcpy(page, b->data, hole);
		memset(page + hole, 0, hlen);
		memcpy(page + hole + hlen, b->data + hole, (size_t) (BLCKSZ - hole - hlen));
		page_set_lsn(page, end);
		return true;
	}
	if (page_get_lsn(page) >= end)
		return false;			/* this change is already on the page */
	for (size_t o = 0; o < b->ref.data_len;)
	{
		WalDeltaFragment f;

		memcpy(&f, b->data + o, sizeof(f));
		memcpy(page + f.offset, b->data + o + sizeof(f), f.length);
		o += sizeof(f) + f.length;
	}
	page_set_lsn(page, end);
	return true;
}

/* Append zero blocks until blkno exists in rl's file. */
static void
extend_to(RelFileLocator rl, BlockNumber blkno)
{
	static const char zero_page[BLCKSZ];

	for (BlockNumber n = smgr_nblocks(rl); n <= blkno; n++)
		smgr_extend(rl, n, zero_page);
}

static void
redo_block(const WalDecodedBlock *b, XLogRecPtr start, XLogRecPtr end)
{
	RelFileLocator rl = wal_relfile_locator(b->ref.rl);
	Buffer		buf;

	if (!smgr_exists(rl))
	{
		remember_invalid_page(rl, b->ref.blkno, start);
		return;
	}
#ifdef MINIPG_PLANTED_BUG_REPLAY_SKIPS_FPI
	/*
	 * PLANTED BUG replay-skips-fpi (docs/planted-bugs.md; test builds
	 * only): "a page image is there to repair a torn page, so a page that
	 * is on disk, initialized and passes its checksum does not need it".
	 * Wrong: the image is also the only copy of the change its record
	 * made, and the base that the following deltas were computed against;
	 * skipping it loses the first change to every page after each
	 * checkpoint and lays the later deltas over a stale page.
	 */
	if (b->ref.kind == WAL_BLOCK_IMAGE && b->ref.blkno < bufmgr_nblocks(rl))
	{
		Buffer		ondisk = bufmgr_read(rl, b->ref.blkno);
		bool		initialized = !page_is_new(bufmgr_page(ondisk));

		bufmgr_release(ondisk);
		if (initialized)
			return;
	}
#endif
	if (b->ref.kind == WAL_BLOCK_IMAGE)
	{
		/*
		 * An extension the crash lost (not fsync'd yet): grow the file to
		 * hold the block, so later deltas and scans find it.
		 */
		extend_to(rl, b->ref.blkno);
		buf = bufmgr_read_ext(rl, b->ref.blkno, RBM_ZERO_AND_LOCK);
	}
	else
	{
		if (b->ref.blkno >= bufmgr_nblocks(rl))
		{
			remember_invalid_page(rl, b->ref.blkno, start);
			return;
		}
		buf = bufmgr_read(rl, b->ref.blkno);
		bufmgr_lock(buf, LW_EXCLUSIVE);
	}
	if (wal_redo_apply_block(b, bufmgr_page(buf), end))
		bufmgr_mark_dirty(buf);
	bufmgr_unlock_release(buf);
}

/* ---- non-page records ---- */

static void
drop_relation_files(const RelFileLocator *rels, int nrels)
{
	for (int i = 0; i < nrels; i++)
	{
		bufmgr_drop_relation(rels[i]);
		smgr_unlink(rels[i]);
		forget_invalid_pages(rels[i]);
	}
}

static void
redo_xact(const WalDecoded *rec, XLogRecPtr end)
{
	WalXactFinish f;
	uint8_t		op = rec->hdr->info & 0xF0;

	if (rec->main_len < sizeof(f))
		elog(PANIC, "invalid transaction record: %zu bytes", rec->main_len);
	memcpy(&f, rec->main_data, sizeof(f));
	if (f.nrels < 0 || rec->main_len != sizeof(f) + (size_t) f.nrels * sizeof(WalRelFile))
		elog(PANIC, "invalid transaction record: %d relations in %zu bytes",
			 f.nrels, rec->main_len);

	RelFileLocator *rels = palloc(sizeof(RelFileLocator) * (size_t) Max(f.nrels, 1));

	for (int i = 0; i < f.nrels; i++)
	{
		WalRelFile	wf;

		memcpy(&wf, rec->main_data + sizeof(f) + (size_t) i * sizeof(wf), sizeof(wf));
		rels[i] = wal_relfile_locator(wf);
	}
	clog_set_status(rec->hdr->xid, op == WAL_XACT_COMMIT ? CLOG_STATUS_COMMITTED :
					CLOG_STATUS_ABORTED, end);
	drop_relation_files(rels, f.nrels);
	pfree(rels);
}

static void
redo_checkpoint(const WalDecoded *rec)
{
	WalCheckpoint c;

	if (rec->main_len != sizeof(c))
		elog(PANIC, "invalid checkpoint record: %zu bytes", rec->main_len);
	memcpy(&c, rec->main_data, sizeof(c));
	varsup_set_next(Max(varsup_read_next_xid(), c.next_xid),
					Max(varsup_read_next_oid(), c.next_oid));
}

void
wal_redo(const WalDecoded *rec, XLogRecPtr start, XLogRecPtr end)
{
	const WalRecordHeader *h = rec->hdr;

	for (int i = 0; i < rec->nblocks; i++)
		redo_block(&rec->blocks[i], start, end);
	switch (h->rmid)
	{
		case RM_XLOG:
			if ((h->info & 0xF0) == WAL_XLOG_CHECKPOINT_SHUTDOWN ||
				(h->info & 0xF0) == WAL_XLOG_CHECKPOINT_ONLINE)
				redo_checkpoint(rec);
			break;
		case RM_XACT:
			redo_xact(rec, end);
			break;
		case RM_SMGR:
			{
				WalSmgrCreate c;

				if (rec->main_len != sizeof(c))
					elog(PANIC, "invalid file creation record: %zu bytes", rec->main_len);
				memcpy(&c, rec->main_data, sizeof(c));
				smgr_create(wal_relfile_locator(c.rl), true);
				break;
			}
		case RM_HEAP:
		case RM_BTREE:
			break;				/* page changes only: done above */
		default:
			elog(PANIC, "invalid resource manager ID %u in WAL record at %X/%X",
				 h->rmid, LSN_FORMAT_ARGS(start));
	}
}
