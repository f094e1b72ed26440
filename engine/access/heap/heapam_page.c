/*-------------------------------------------------------------------------
 * heapam_page.c
 *	  Reading tuples out of heap pages, and the small functions that each
 *	  make one change to one heap page (insert a tuple, set a tuple's xmax).
 *
 * Role: the page-level layer under heapam.c.  heap_page_init,
 * heap_page_add_tuple and heap_page_set_xmax here (and
 * heap_page_prune_execute / heap_page_vacuum_execute in pruneheap.c /
 * vacuumheap.c) are the only code that changes a heap page other than by
 * setting hint bits; each is where the WAL record for its change will be
 * inserted (README.md, rule 9).  The HOT chain iterator lives here too.
 *
 * Invariants:
 *	- Callers hold the buffer pinned and exclusive-locked for the changing
 *	  functions, share or exclusive for the readers.
 *	- Changes run inside a critical section once they start modifying the
 *	  page: a failure half-way would leave a page that only WAL replay
 *	  could repair.  Everything that can fail (space, validation) is
 *	  checked before.
 *	- Line pointers read here are validated (ERROR XX001), so a damaged
 *	  line pointer never makes us read outside the page.
 *
 * Entry points: heap_page_tuple, heap_page_free_space,
 * heap_fillfactor_reserve, heap_copy_from_page, heap_page_init,
 * heap_page_add_tuple, heap_page_set_xmax, heap_chain_begin,
 * heap_chain_next.
 *
 * Fault point: heap/insert/before-wal-insert (a step inside the critical
 * section of heap_page_add_tuple: the page is changed, its WAL record not
 * yet inserted; "error" there is a PANIC).
 *
 * See also: heapam_internal.h, storage/page/page.h.
 *-------------------------------------------------------------------------
 */
#include "access/heap/heapam_internal.h"

#include "access/wal/walinsert.h"

#include "access/transam/snapshot.h"
#include "faults/faultpoint.h"
#include "utils/elog.h"
#include "utils/memctx.h"

HeapTupleHeader
heap_page_tuple(Page page, OffsetNumber off, uint32_t *len)
{
	ItemId		lp = page_get_item_id(page, off);
	unsigned	lp_off = itemid_get_offset(lp);
	unsigned	lp_len = itemid_get_length(lp);
	const PageHeaderData *ph = (const PageHeaderData *) page;

	Assert(itemid_is_normal(lp));
	if (lp_len < SizeofHeapTupleHeader || lp_off < ph->pd_upper ||
		lp_off + lp_len > ph->pd_special || lp_off != MAXALIGN(lp_off))
		ereport(ERROR, errcode(ERRCODE_DATA_CORRUPTED),
				errmsg("corrupted line pointer: offset = %u, size = %u", lp_off, lp_len));
	*len = lp_len;
	return (HeapTupleHeader) (page + lp_off);
}

size_t
heap_page_free_space(const char *page)
{
	const PageHeaderData *ph = (const PageHeaderData *) page;

	if (page_get_max_offset(page) >= MaxHeapTuplesPerPage &&
		!(ph->pd_flags & PD_HAS_FREE_LINES))
		return 0;
	return page_get_free_space(page);
}

size_t
heap_fillfactor_reserve(Relation rel)
{
	int			ff = rel->rd_fillfactor;

	if (ff <= 0 || ff > 100)
		ff = 100;
	return (size_t) BLCKSZ * (size_t) (100 - ff) / 100;
}

HeapTuple
heap_copy_from_page(Relation rel, Page page, BlockNumber blk, OffsetNumber off,
					MemoryContext ctx)
{
	uint32_t	len;
	HeapTupleHeader h = heap_page_tuple(page, off, &len);
	HeapTuple	tup = memctx_alloc(ctx, HEAPTUPLESIZE + len);

	tup->t_len = len;
	ItemPointerSet(&tup->t_self, blk, off);
	tup->t_tableOid = rel->rd_id;
	tup->t_data = (HeapTupleHeader) ((char *) tup + HEAPTUPLESIZE);
	memcpy(tup->t_data, h, len);
	return tup;
}

void
heap_page_init(Buffer buf)
{
	wal_begin();
	wal_register_buffer(buf, WAL_REGISTER_IMAGE);
	START_CRIT_SECTION();
	page_init(bufmgr_page(buf), 0);
	bufmgr_mark_dirty(buf);
	wal_insert(RM_HEAP, WAL_HEAP_INIT_PAGE);
	END_CRIT_SECTION();
}

OffsetNumber
heap_page_add_tuple(Buffer buf, HeapTuple tup)
{
	Page		page = bufmgr_page(buf);
	BlockNumber blk = bufmgr_block_number(buf);

	wal_begin();
	wal_register_buffer(buf, 0);
	START_CRIT_SECTION();
	OffsetNumber off = page_add_item(page, tup->t_data, tup->t_len, InvalidOffsetNumber,
									 PAGE_ADD_IS_HEAP);

	if (off == InvalidOffsetNumber)
		elog(PANIC, "failed to add tuple of %u bytes to block %u", tup->t_len, blk);
	ItemPointerSet(&tup->t_self, blk, off);
	heap_hdr_set_ctid(tup->t_data, &tup->t_self);
	/* The stored copy gets the same t_ctid (its own TID). */
	HeapTupleHeader stored = (HeapTupleHeader) page_get_item(page, page_get_item_id(page, off));

	heap_hdr_set_ctid(stored, &tup->t_self);
	bufmgr_mark_dirty(buf);

	WalHeapItem item = {off};

	wal_register_data(&item, sizeof(item));
	FAULT_MARK("heap/insert/before-wal-insert");
	wal_insert(RM_HEAP, WAL_HEAP_INSERT);
	END_CRIT_SECTION();
	return off;
}

/* Remember that the page holds a version deleted by xid (pd_prune_xid
 * keeps the oldest such xid). */
static void
page_set_prunable(Page page, TransactionId xid)
{
	PageHeader	ph = page_header(page);

	if (!TransactionIdIsValid(ph->pd_prune_xid) || xid_precedes(xid, ph->pd_prune_xid))
		ph->pd_prune_xid = xid;
}

void
heap_page_set_xmax(Buffer buf, OffsetNumber off, TransactionId xid, CommandId cid,
				   const ItemPointerData *new_tid, bool hot, bool full)
{
	Page		page = bufmgr_page(buf);
	uint32_t	len;
	HeapTupleHeader h = heap_page_tuple(page, off, &len);
	ItemPointerData self;

	ItemPointerSet(&self, bufmgr_block_number(buf), off);
	wal_begin();
	wal_register_buffer(buf, 0);
	START_CRIT_SECTION();
	h->t_xmax = xid;
	h->t_cmax = cid;
	h->t_infomask &= (uint16_t) ~HEAP_XMAX_HINTS;
	if (hot)
		h->t_infomask2 |= HEAP_HOT_UPDATED;
	else
		h->t_infomask2 &= (uint16_t) ~HEAP_HOT_UPDATED;
	heap_hdr_set_ctid(h, new_tid != NULL ? new_tid : &self);
	page_set_prunable(page, xid);
	if (full)
		page_header(page)->pd_flags |= PD_PAGE_FULL;
	bufmgr_mark_dirty(buf);

	WalHeapItem item = {off};

	wal_register_data(&item, sizeof(item));
	wal_insert(RM_HEAP, WAL_HEAP_SET_XMAX);
	END_CRIT_SECTION();
}

/* ---- walking a HOT chain ---- */

void
heap_chain_begin(HotChainIter *it, Page page, BlockNumber blk, OffsetNumber root)
{
	OffsetNumber maxoff = page_is_new(page) ? 0 : page_get_max_offset(page);

	it->page = page;
	it->blk = blk;
	it->prior_xmax = InvalidTransactionId;
	it->steps = 0;
	it->at_root = true;
	it->next = InvalidOffsetNumber;
	if (root < FirstOffsetNumber || root > maxoff)
		return;
	ItemId		lp = page_get_item_id(page, root);

	if (itemid_is_redirected(lp))
	{
		it->next = itemid_get_redirect(lp);
		it->at_root = false;	/* the target must be heap-only */
	}
	else
		it->next = root;
}

HeapTupleHeader
heap_chain_next(HotChainIter *it, OffsetNumber *off)
{
	OffsetNumber cur = it->next;
	uint32_t	len;

	it->next = InvalidOffsetNumber;
	if (cur < FirstOffsetNumber || cur > page_get_max_offset(it->page) ||
		it->steps++ >= MaxOffsetNumber ||
		!itemid_is_normal(page_get_item_id(it->page, cur)))
		return NULL;
	HeapTupleHeader h = heap_page_tuple(it->page, cur, &len);

	if (!it->at_root && !heap_hdr_is_heap_only(h))
		return NULL;
	if (TransactionIdIsValid(it->prior_xmax) && h->t_xmin != it->prior_xmax)
		return NULL;
	it->at_root = false;
	ItemPointerData ctid = heap_hdr_ctid(h);

	if (heap_hdr_is_hot_updated(h) && ctid.ip_blkid == it->blk)
	{
		it->next = ctid.ip_posid;
		it->prior_xmax = h->t_xmax;
	}
	*off = cur;
	return h;
}
