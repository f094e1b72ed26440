/*-------------------------------------------------------------------------
 * page_decode.c
 *	  Fuzz target: checking a data page read from disk (storage/page:
 *	  page_check, page_verify, page_header_is_valid) and, on a page whose
 *	  header passes, what the engine then does with it: walk its line
 *	  pointers and heap tuple headers, compute free space, compact it
 *	  (page_repair_fragmentation, as pruning does).
 *
 * Input: up to one page (BLCKSZ bytes; shorter inputs are zero-padded);
 * the first input byte also picks the block number the checksum covers.
 * Correct behaviour: PAGE_VERIFY_* / ERROR XX001 for a bad page; a page
 * that passes never makes the readers touch bytes outside it.
 *-------------------------------------------------------------------------
 */
#include "fuzz_common.h"

#include "access/heap/heaptuple.h"
#include "storage/page/page.h"

static char page_buf[BLCKSZ] __attribute__((aligned(8)));

/* Walk the line pointers of a page whose header is valid. */
static void
walk_items(Page page)
{
	OffsetNumber maxoff = page_get_max_offset(page);

	for (OffsetNumber off = 1; off <= maxoff; off++)
	{
		ItemIdData *id = page_get_item_id(page, off);
		unsigned	ioff = itemid_get_offset(id);
		unsigned	len = itemid_get_length(id);

		if (!itemid_is_normal(id) || !itemid_has_storage(id))
			continue;
		/*
		 * What a careful reader checks before dereferencing an item: inside
		 * the page, long enough for a header, and MAXALIGNed as every heap
		 * item is written (a misaligned one is corruption).
		 */
		if (ioff + len > BLCKSZ || len < SizeofHeapTupleHeader || ioff != MAXALIGN(ioff))
			continue;

		const HeapTupleHeaderData *h = (const HeapTupleHeaderData *) page_get_item(page, id);

		(void) heap_hdr_natts(h);
		(void) heap_hdr_ctid(h);
		(void) heap_hdr_xmax_is_invalid(h);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_begin();
	memset(page_buf, 0, sizeof(page_buf));
	memcpy(page_buf, data, size < BLCKSZ ? size : BLCKSZ);

	BlockNumber blkno = size > 0 ? data[0] : 0;
	uint16_t	computed;
	PageVerifyResult res = page_check(page_buf, blkno, &computed);

	(void) page_is_all_zero(page_buf);
	ELOG_TRY();
	{
		page_verify(page_buf, blkno, "base/5/16384");
	}
	ELOG_CATCH();
	{
		/* Any page page_check() accepts, page_verify() accepts too. */
		if (res == PAGE_VERIFY_OK || strcmp(elog_current_error()->sqlstate, "XX001") != 0)
			abort();
	}
	ELOG_END_TRY();
	elog_flush_error();

	if (page_header_is_valid(page_buf) && !page_is_new(page_buf))
	{
		walk_items(page_buf);
		(void) page_get_free_space(page_buf);
		(void) page_get_exact_free_space(page_buf);
		ELOG_TRY();
		{
			page_repair_fragmentation(page_buf);
			walk_items(page_buf);
		}
		ELOG_CATCH();
		{
		}
		ELOG_END_TRY();
	}
	fuzz_reset();
	return 0;
}
