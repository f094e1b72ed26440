/*-------------------------------------------------------------------------
 * page.c
 *	  Slotted-page operations and page checksums (format in page.h).
 *
 * Role: initialize pages, add items, delete/compact them, compute and
 * verify checksums.  Every function that rearranges a page first validates
 * what it is about to trust (header bounds, line pointer bounds, total item
 * size) and raises ERROR XX001 before changing anything, so corrupt input
 * produces an error, never a wild memmove.
 *
 * Entry points: page_init, page_add_item, page_get_free_space,
 * page_index_delete, page_index_multi_delete, page_repair_fragmentation,
 * page_truncate_line_pointers, page_checksum, page_set_checksum,
 * page_check, page_verify.
 *
 * See also: page.h (byte layout), storage/page/README.md (rules).
 *-------------------------------------------------------------------------
 */
#include "storage/page/page.h"

#include "utils/crc32c.h"
#include "utils/elog.h"

#define PAGE_SIZE_VERSION ((uint16_t) (BLCKSZ | PAGE_LAYOUT_VERSION))

static PageHeader
hdr(Page page)
{
	return (PageHeader) page;
}

void
page_init(Page page, size_t special_size)
{
	size_t		special = MAXALIGN(special_size);

	if (special > BLCKSZ - MAXALIGN(SizeOfPageHeaderData))
		elog(ERROR, "page special space of %zu bytes is too large", special_size);
	memset(page, 0, BLCKSZ);
	hdr(page)->pd_lower = SizeOfPageHeaderData;
	hdr(page)->pd_upper = (uint16_t) (BLCKSZ - special);
	hdr(page)->pd_special = (uint16_t) (BLCKSZ - special);
	hdr(page)->pd_pagesize_version = PAGE_SIZE_VERSION;
}

bool
page_header_is_valid(const char *page)
{
	const PageHeaderData *ph = (const PageHeaderData *) page;

	return (ph->pd_flags & ~PD_VALID_FLAG_BITS) == 0 &&
		ph->pd_lower >= SizeOfPageHeaderData &&
		ph->pd_lower <= ph->pd_upper &&
		ph->pd_upper <= ph->pd_special &&
		ph->pd_special <= BLCKSZ &&
		ph->pd_special == MAXALIGN(ph->pd_special) &&
		ph->pd_pagesize_version == PAGE_SIZE_VERSION;
}

/* ERROR XX001 unless lower/upper/special are usable for rearranging. */
static void
check_pointers(const char *page)
{
	const PageHeaderData *ph = (const PageHeaderData *) page;

	if (ph->pd_lower < SizeOfPageHeaderData || ph->pd_lower > ph->pd_upper ||
		ph->pd_upper > ph->pd_special || ph->pd_special > BLCKSZ ||
		ph->pd_special != MAXALIGN(ph->pd_special))
		ereport(ERROR, errcode(ERRCODE_DATA_CORRUPTED),
				errmsg("corrupted page pointers: lower = %u, upper = %u, special = %u",
					   ph->pd_lower, ph->pd_upper, ph->pd_special));
}

size_t
page_get_exact_free_space(const char *page)
{
	const PageHeaderData *ph = (const PageHeaderData *) page;

	return ph->pd_upper > ph->pd_lower ? (size_t) (ph->pd_upper - ph->pd_lower) : 0;
}

size_t
page_get_free_space(const char *page)
{
	size_t		space = page_get_exact_free_space(page);

	return space > sizeof(ItemIdData) ? space - sizeof(ItemIdData) : 0;
}

/*
 * Choose the slot for a new item.  Returns the offset, or Invalid after a
 * WARNING when the caller's offnum cannot be used.  *shuffle tells whether
 * existing line pointers must move up to make room.
 */
static OffsetNumber
choose_offset(Page page, OffsetNumber offnum, int flags, bool *shuffle)
{
	OffsetNumber limit = (OffsetNumber) (page_get_max_offset(page) + 1);

	*shuffle = false;
	if (offnum != InvalidOffsetNumber)
	{
		if (offnum > limit)
		{
			elog(WARNING, "specified item offset is too large");
			return InvalidOffsetNumber;
		}
		if (offnum < limit)
		{
			ItemId		id = page_get_item_id(page, offnum);

			if (flags & PAGE_ADD_OVERWRITE)
			{
				if (itemid_is_used(id) || itemid_has_storage(id))
				{
					elog(WARNING, "will not overwrite a used ItemId");
					return InvalidOffsetNumber;
				}
			}
			else if (flags & PAGE_ADD_IS_HEAP)
			{
				elog(WARNING, "cannot shift line pointers of a heap page");
				return InvalidOffsetNumber;
			}
			else
				*shuffle = true;
		}
		return offnum;
	}
	if ((flags & PAGE_ADD_IS_HEAP) && (hdr(page)->pd_flags & PD_HAS_FREE_LINES))
	{
		for (OffsetNumber off = FirstOffsetNumber; off < limit; off++)
		{
			ItemId		id = page_get_item_id(page, off);

			if (!itemid_is_used(id) && !itemid_has_storage(id))
				return off;
		}
		/* The hint was stale: every line pointer is in use. */
		hdr(page)->pd_flags &= (uint16_t) ~PD_HAS_FREE_LINES;
	}
	return limit;
}

OffsetNumber
page_add_item(Page page, const void *item, size_t size, OffsetNumber offnum, int flags)
{
	PageHeader	ph = hdr(page);
	bool		shuffle;

	check_pointers(page);
	if (size == 0 || size > PAGE_MAX_ITEM_SIZE)
		return InvalidOffsetNumber;
	offnum = choose_offset(page, offnum, flags, &shuffle);
	if (offnum == InvalidOffsetNumber)
		return InvalidOffsetNumber;
	if (offnum > MaxOffsetNumber)
		return InvalidOffsetNumber;

	OffsetNumber limit = (OffsetNumber) (page_get_max_offset(page) + 1);
	size_t		lower = ph->pd_lower;

	if (offnum == limit || shuffle)
		lower += sizeof(ItemIdData);
	size_t		alen = MAXALIGN(size);

	if (alen > ph->pd_upper || lower > (size_t) ph->pd_upper - alen)
		return InvalidOffsetNumber;
	uint16_t	upper = (uint16_t) (ph->pd_upper - alen);

	if (shuffle)
		memmove(&ph->pd_linp[offnum], &ph->pd_linp[offnum - 1],
				sizeof(ItemIdData) * (size_t) (limit - offnum));
	itemid_set_normal(&ph->pd_linp[offnum - 1], upper, (unsigned) size);
	memcpy(page + upper, item, size);
	memset(page + upper + size, 0, alen - size);
	ph->pd_lower = (uint16_t) lower;
	ph->pd_upper = upper;
	return offnum;
}

/*
 * Check one line pointer with storage against the data area [upper,
 * special): ERROR XX001 if it points outside it or is misaligned.
 */
static void
check_item(const PageHeaderData *ph, const ItemIdData *id)
{
	unsigned	off = itemid_get_offset(id);
	unsigned	len = itemid_get_length(id);

	if (off < ph->pd_upper || off + MAXALIGN(len) > ph->pd_special || off != MAXALIGN(off))
		ereport(ERROR, errcode(ERRCODE_DATA_CORRUPTED),
				errmsg("corrupted line pointer: offset = %u, size = %u", off, len));
}

/*
 * Rebuild the page: keep the line pointers not flagged in drop (all when
 * drop is NULL), renumbering the survivors when renumber is set, and pack
 * the storage of the survivors against pd_special.  Validates everything
 * first, so an ERROR leaves the page unchanged.
 */
static void
page_rebuild(Page page, const bool *drop, bool renumber)
{
	PageHeader	ph = hdr(page);
	int			nline = page_get_max_offset(page);
	size_t		total = 0;
	int			kept = 0;

	check_pointers(page);
	for (int i = 0; i < nline; i++)
	{
		if (drop && drop[i])
			continue;
		kept++;
		if (itemid_has_storage(&ph->pd_linp[i]))
		{
			check_item(ph, &ph->pd_linp[i]);
			total += MAXALIGN(itemid_get_length(&ph->pd_linp[i]));
		}
	}
	size_t		new_lower = SizeOfPageHeaderData +
		sizeof(ItemIdData) * (size_t) (renumber ? kept : nline);

	if (total > ph->pd_special - new_lower)
		ereport(ERROR, errcode(ERRCODE_DATA_CORRUPTED),
				errmsg("corrupted item lengths: total %zu, available space %zu",
					   total, (size_t) (ph->pd_special - new_lower)));

	char		copy[BLCKSZ];
	PageHeader	old = (PageHeader) copy;
	size_t		upper = ph->pd_special;
	int			out = 0;
	bool		has_unused = false;

	memcpy(copy, page, BLCKSZ);
	for (int i = 0; i < nline; i++)
	{
		ItemIdData	id = old->pd_linp[i];

		if (drop && drop[i])
			continue;
		if (itemid_has_storage(&id))
		{
			unsigned	len = itemid_get_length(&id);

			upper -= MAXALIGN(len);
			memcpy(page + upper, copy + itemid_get_offset(&id), MAXALIGN(len));
			itemid_set(&id, (unsigned) upper, itemid_get_flags(&id), len);
		}
		else if (!itemid_is_used(&id))
			has_unused = true;
		ph->pd_linp[renumber ? out : i] = id;
		out++;
	}
	ph->pd_lower = (uint16_t) new_lower;
	ph->pd_upper = (uint16_t) upper;
	memset(page + new_lower, 0, upper - new_lower);
	if (has_unused)
		ph->pd_flags |= PD_HAS_FREE_LINES;
	else
		ph->pd_flags &= (uint16_t) ~PD_HAS_FREE_LINES;
}

void
page_index_delete(Page page, OffsetNumber offnum)
{
	page_index_multi_delete(page, &offnum, 1);
}

void
page_index_multi_delete(Page page, const OffsetNumber *offnums, int n)
{
	bool		drop[MaxOffsetNumber];
	int			nline;

	check_pointers(page);
	nline = page_get_max_offset(page);
	memset(drop, 0, sizeof(bool) * (size_t) nline);
	for (int i = 0; i < n; i++)
	{
		if (offnums[i] < FirstOffsetNumber || offnums[i] > nline)
			elog(ERROR, "invalid index offnum: %u", offnums[i]);
		if (drop[offnums[i] - 1])
			elog(ERROR, "index offnum %u given twice", offnums[i]);
		drop[offnums[i] - 1] = true;
	}
	page_rebuild(page, drop, true);
}

void
page_repair_fragmentation(Page page)
{
	page_rebuild(page, NULL, false);
}

int
page_truncate_line_pointers(Page page)
{
	PageHeader	ph = hdr(page);
	int			nline;
	int			removed = 0;

	check_pointers(page);
	nline = page_get_max_offset(page);
	while (nline > 0 && !itemid_is_used(&ph->pd_linp[nline - 1]) &&
		   !itemid_has_storage(&ph->pd_linp[nline - 1]))
	{
		nline--;
		removed++;
	}
	ph->pd_lower = (uint16_t) (SizeOfPageHeaderData + sizeof(ItemIdData) * (size_t) nline);
	return removed;
}

uint16_t
page_checksum(const char *page, BlockNumber blkno)
{
	static const char zero_checksum[sizeof(uint16_t)] = {0};
	const size_t cks_off = offsetof(PageHeaderData, pd_checksum);
	const size_t after = cks_off + sizeof(uint16_t);
	uint32_t	crc = crc32c_init();

	crc = crc32c(crc, &blkno, sizeof(blkno));
	crc = crc32c(crc, page, cks_off);
	crc = crc32c(crc, zero_checksum, sizeof(zero_checksum));
	crc = crc32c(crc, page + after, BLCKSZ - after);
	crc = crc32c_finish(crc);
	/* Fold to 16 bits and avoid 0, which would look like "never set". */
	return (uint16_t) (((crc ^ (crc >> 16)) & 0xFFFF) % 65535 + 1);
}

void
page_set_checksum(Page page, BlockNumber blkno)
{
	if (page_is_new(page))
		return;
	hdr(page)->pd_checksum = page_checksum(page, blkno);
}

bool
page_is_all_zero(const char *page)
{
	static const uint64_t zeros[64] = {0};

	for (size_t off = 0; off < BLCKSZ; off += sizeof(zeros))
		if (memcmp(page + off, zeros, sizeof(zeros)) != 0)
			return false;
	return true;
}

PageVerifyResult
page_check(const char *page, BlockNumber blkno, uint16_t *computed)
{
	const PageHeaderData *ph = (const PageHeaderData *) page;

	*computed = 0;
	if (page_is_new(page))
		return page_is_all_zero(page) ? PAGE_VERIFY_OK : PAGE_VERIFY_NEW_NOT_ZERO;
	*computed = page_checksum(page, blkno);
	if (*computed != ph->pd_checksum)
		return PAGE_VERIFY_BAD_CHECKSUM;
	if (!page_header_is_valid(page))
		return PAGE_VERIFY_BAD_HEADER;
	return PAGE_VERIFY_OK;
}

void
page_verify(const char *page, BlockNumber blkno, const char *relname)
{
	uint16_t	computed;
	PageVerifyResult result = page_check(page, blkno, &computed);

	if (result == PAGE_VERIFY_OK)
		return;
	if (result == PAGE_VERIFY_BAD_CHECKSUM)
		ereport(WARNING, errcode(ERRCODE_DATA_CORRUPTED),
				errmsg("page verification failed, calculated checksum %u but expected %u",
					   computed, ((const PageHeaderData *) page)->pd_checksum));
	ereport(ERROR, errcode(ERRCODE_DATA_CORRUPTED),
			errmsg("invalid page in block %u of relation %s", blkno, relname));
}
