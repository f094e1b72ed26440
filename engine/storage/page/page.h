/*-------------------------------------------------------------------------
 * page.h
 *	  The 8 KB slotted page: the on-disk and in-buffer format of every heap
 *	  and index block, its line pointers, and its checksum.
 *
 * Role: owns the page format.  Heap and btree build on it: they store
 * tuples as "items" addressed by 1-based line pointer numbers
 * (OffsetNumber), so an ItemPointer (block, offset) stays valid while the
 * tuple's bytes move around inside the page.
 *
 * Byte layout (all integers in host byte order, i.e. little-endian on the
 * x86-64 machines minipg runs on; BLCKSZ = 8192):
 *
 *	offset size field				meaning
 *	------ ---- ------------------- -------------------------------------------
 *	  0		8	pd_lsn				LSN just past the last WAL record that
 *									changed the page (0 until WAL exists)
 *	  8		2	pd_checksum			page checksum (see below); 0 in memory
 *									is fine, it is set on every write
 *	 10		2	pd_flags			PD_HAS_FREE_LINES | PD_PAGE_FULL |
 *									PD_ALL_VISIBLE; other bits must be zero
 *	 12		2	pd_lower			offset of the first free byte after the
 *									line pointer array
 *	 14		2	pd_upper			offset of the first byte of tuple data
 *	 16		2	pd_special			offset of the special space (BLCKSZ when
 *									the page has none)
 *	 18		2	pd_pagesize_version	BLCKSZ | PAGE_LAYOUT_VERSION (8192 | 4)
 *	 20		4	pd_prune_xid		oldest xid that may have left prunable
 *									tuples (0 = none known)
 *	 24	   4n	pd_linp[n]			line pointers 1..n (n = (pd_lower-24)/4)
 *	pd_lower ..	pd_upper			free space
 *	pd_upper .. pd_special			tuple data, growing down from pd_special;
 *									each item starts MAXALIGNed and occupies
 *									MAXALIGN(length) bytes
 *	pd_special .. 8192				special space (btree's page opaque data)
 *
 * A line pointer is one little-endian 32-bit word:
 *	bits  0-14	lp_off		byte offset of the item (LP_NORMAL), or the
 *							offset number it redirects to (LP_REDIRECT)
 *	bits 15-16	lp_flags	LP_UNUSED 0, LP_NORMAL 1, LP_REDIRECT 2, LP_DEAD 3
 *	bits 17-31	lp_len		item length in bytes (0 = no storage)
 *
 * A new page (never initialized) is all zeroes; page_is_new() tests
 * pd_upper == 0, and verification insists that such a page be entirely
 * zero.
 *
 * Checksum: a 16-bit value derived from the CRC-32C of (the 4-byte block
 * number, then the 8192 page bytes with pd_checksum taken as zero), folded
 * to 16 bits and mapped into 1..65535.  Because the block number is part
 * of the input, a correct page written to the wrong block fails.  It is
 * computed on every write (bufmgr sets it on a private copy) and verified
 * on every read of a non-new page; verification also checks the header
 * (pd_lower/pd_upper/pd_special ordering and bounds, flags, version).
 * Failures raise ERROR XX001 "invalid page in block %u of relation %s".
 *
 * Invariants of a valid initialized page:
 *	24 <= pd_lower <= pd_upper <= pd_special <= BLCKSZ, pd_special MAXALIGNed
 *	every line pointer with storage lies in [pd_upper, pd_special)
 *	an LP_UNUSED line pointer has lp_off = lp_len = 0
 *
 * Concurrency: page functions do no locking.  Callers hold the buffer's
 * content lock: exclusive to change anything but hint bits, shared to
 * read (see storage/buffer/README.md).
 *
 * See also: storage/page/README.md (rules), storage/buffer/bufmgr.h.
 *-------------------------------------------------------------------------
 */
#ifndef PAGE_H
#define PAGE_H

#include "common/minipg.h"

typedef char *Page;

/* One line pointer (see the layout above). */
typedef struct ItemIdData
{
	uint32_t	lp_word;
} ItemIdData;
typedef ItemIdData *ItemId;

#define LP_UNUSED	0			/* free, no storage */
#define LP_NORMAL	1			/* in use, has storage */
#define LP_REDIRECT 2			/* HOT redirect to another offset, no storage */
#define LP_DEAD		3			/* dead, may or may not have storage */

#define LP_OFF_MASK		0x7FFFu
#define LP_FLAGS_SHIFT	15
#define LP_FLAGS_MASK	0x3u
#define LP_LEN_SHIFT	17
#define LP_LEN_MASK		0x7FFFu

typedef struct PageHeaderData
{
	XLogRecPtr	pd_lsn;
	uint16_t	pd_checksum;
	uint16_t	pd_flags;
	uint16_t	pd_lower;
	uint16_t	pd_upper;
	uint16_t	pd_special;
	uint16_t	pd_pagesize_version;
	TransactionId pd_prune_xid;
	ItemIdData	pd_linp[];
} PageHeaderData;
typedef PageHeaderData *PageHeader;

#define SizeOfPageHeaderData	24
StaticAssert(offsetof(PageHeaderData, pd_linp) == SizeOfPageHeaderData,
			 "page header must be 24 bytes");
StaticAssert(sizeof(ItemIdData) == 4, "line pointer must be 4 bytes");

#define PAGE_LAYOUT_VERSION 4

/* pd_flags bits. */
#define PD_HAS_FREE_LINES	0x0001	/* hint: some line pointer is LP_UNUSED */
#define PD_PAGE_FULL		0x0002	/* hint: an UPDATE found no room */
#define PD_ALL_VISIBLE		0x0004	/* every tuple is visible to everyone */
#define PD_VALID_FLAG_BITS	0x0007

/* Most line pointers a page can hold. */
#define MaxOffsetNumber		((OffsetNumber) (BLCKSZ / sizeof(ItemIdData)))
#define FirstOffsetNumber	((OffsetNumber) 1)
/* Largest item page_add_item accepts (an empty page with no special space). */
#define PAGE_MAX_ITEM_SIZE	(BLCKSZ - MAXALIGN(SizeOfPageHeaderData + sizeof(ItemIdData)))

/* page_add_item flags. */
#define PAGE_ADD_OVERWRITE	0x01	/* offnum must name an unused line pointer */
#define PAGE_ADD_IS_HEAP	0x02	/* reuse LP_UNUSED slots; never shift */

/* Line pointer accessors. */
static inline unsigned
itemid_get_offset(const ItemIdData *id)
{
	return id->lp_word & LP_OFF_MASK;
}

static inline unsigned
itemid_get_flags(const ItemIdData *id)
{
	return (id->lp_word >> LP_FLAGS_SHIFT) & LP_FLAGS_MASK;
}

static inline unsigned
itemid_get_length(const ItemIdData *id)
{
	return (id->lp_word >> LP_LEN_SHIFT) & LP_LEN_MASK;
}

static inline void
itemid_set(ItemIdData *id, unsigned off, unsigned flags, unsigned len)
{
	id->lp_word = (off & LP_OFF_MASK) | ((flags & LP_FLAGS_MASK) << LP_FLAGS_SHIFT) |
		((len & LP_LEN_MASK) << LP_LEN_SHIFT);
}

static inline bool itemid_is_used(const ItemIdData *id) { return itemid_get_flags(id) != LP_UNUSED; }
static inline bool itemid_is_normal(const ItemIdData *id) { return itemid_get_flags(id) == LP_NORMAL; }
static inline bool itemid_is_redirected(const ItemIdData *id) { return itemid_get_flags(id) == LP_REDIRECT; }
static inline bool itemid_is_dead(const ItemIdData *id) { return itemid_get_flags(id) == LP_DEAD; }
static inline bool itemid_has_storage(const ItemIdData *id) { return itemid_get_length(id) != 0; }

/* The offset number an LP_REDIRECT line pointer points to. */
static inline OffsetNumber
itemid_get_redirect(const ItemIdData *id)
{
	return (OffsetNumber) itemid_get_offset(id);
}

static inline void itemid_set_unused(ItemIdData *id) { itemid_set(id, 0, LP_UNUSED, 0); }
static inline void itemid_set_normal(ItemIdData *id, unsigned off, unsigned len) { itemid_set(id, off, LP_NORMAL, len); }
static inline void itemid_set_redirect(ItemIdData *id, OffsetNumber target) { itemid_set(id, target, LP_REDIRECT, 0); }
/* Dead with no storage (its space is reclaimed by page_repair_fragmentation). */
static inline void itemid_set_dead(ItemIdData *id) { itemid_set(id, 0, LP_DEAD, 0); }
/* Dead but keeping its storage (index scans marking known-dead tuples). */
static inline void itemid_mark_dead(ItemIdData *id)
{
	itemid_set(id, itemid_get_offset(id), LP_DEAD, itemid_get_length(id));
}

/* Header accessors. */
static inline PageHeader
page_header(Page page)
{
	return (PageHeader) page;
}

static inline XLogRecPtr
page_get_lsn(const char *page)
{
	XLogRecPtr	lsn;

	memcpy(&lsn, page + offsetof(PageHeaderData, pd_lsn), sizeof(lsn));
	return lsn;
}

static inline void
page_set_lsn(Page page, XLogRecPtr lsn)
{
	memcpy(page + offsetof(PageHeaderData, pd_lsn), &lsn, sizeof(lsn));
}

/* Number of line pointers (the highest OffsetNumber in use or not). */
static inline OffsetNumber
page_get_max_offset(const char *page)
{
	const PageHeaderData *ph = (const PageHeaderData *) page;

	return ph->pd_lower <= SizeOfPageHeaderData ? 0 :
		(OffsetNumber) ((ph->pd_lower - SizeOfPageHeaderData) / sizeof(ItemIdData));
}

/* Line pointer for offnum (1-based).  Precondition: 1 <= offnum <= max. */
static inline ItemId
page_get_item_id(Page page, OffsetNumber offnum)
{
	Assert(offnum >= FirstOffsetNumber && offnum <= page_get_max_offset(page));
	return &((PageHeader) page)->pd_linp[offnum - 1];
}

/* The item's bytes.  Precondition: the line pointer has storage. */
static inline char *
page_get_item(Page page, const ItemIdData *id)
{
	Assert(itemid_has_storage(id));
	return page + itemid_get_offset(id);
}

static inline char *
page_get_special(Page page)
{
	return page + ((PageHeader) page)->pd_special;
}

static inline size_t
page_get_special_size(const char *page)
{
	return (size_t) BLCKSZ - ((const PageHeaderData *) page)->pd_special;
}

/* Never initialized (pd_upper == 0); a verified new page is all zero. */
static inline bool
page_is_new(const char *page)
{
	return ((const PageHeaderData *) page)->pd_upper == 0;
}

/* Zero the page and set up an empty header with special_size bytes
 * (MAXALIGNed) of special space at the end.  ERROR if it cannot fit. */
void		page_init(Page page, size_t special_size);

/*
 * Add an item of size bytes.  offnum == InvalidOffsetNumber: choose the
 * slot (with PAGE_ADD_IS_HEAP the first LP_UNUSED one, else a new one at
 * the end).  offnum given: with PAGE_ADD_OVERWRITE it must name an unused
 * line pointer (or max+1); without it, line pointers at and after offnum
 * move up by one (index pages keep items sorted this way).
 * Returns the offset used, or InvalidOffsetNumber when the item does not
 * fit or offnum is not usable (a WARNING says which).  ERROR XX001 if the
 * page header is corrupt.  Precondition: exclusive content lock.
 */
OffsetNumber page_add_item(Page page, const void *item, size_t size,
						   OffsetNumber offnum, int flags);

/* Free bytes for one more item, counting its new line pointer (0 if none). */
size_t		page_get_free_space(const char *page);
/* pd_upper - pd_lower, ignoring line pointers (0 if the header is bad). */
size_t		page_get_exact_free_space(const char *page);

/*
 * Index pages: remove the item at offnum and its line pointer; later line
 * pointers move down by one and the tuple space is compacted.  ERROR on an
 * offset out of range or a corrupt line pointer (page left unchanged).
 */
void		page_index_delete(Page page, OffsetNumber offnum);
/* Same for several distinct offsets (any order), in one pass. */
void		page_index_multi_delete(Page page, const OffsetNumber *offnums, int n);

/*
 * Heap pages: move the storage of every item that still has storage
 * together at the end of the page, reclaiming holes left by items whose
 * line pointers became LP_UNUSED or dead without storage.  Line pointer
 * numbers never change.  Sets/clears PD_HAS_FREE_LINES.  ERROR XX001 on
 * corrupt line pointers (page left unchanged).
 */
void		page_repair_fragmentation(Page page);

/*
 * Remove trailing LP_UNUSED line pointers (offsets of the remaining items
 * do not change).  Returns how many were removed.
 */
int			page_truncate_line_pointers(Page page);

/* Checksum of the page as if stored in block blkno (never 0). */
uint16_t	page_checksum(const char *page, BlockNumber blkno);
/* Store page_checksum() in pd_checksum (a new page is left all zero). */
void		page_set_checksum(Page page, BlockNumber blkno);
/* Every byte zero (what a new page must be). */
bool		page_is_all_zero(const char *page);
/* Header sanity only: bounds and ordering of lower/upper/special, flags. */
bool		page_header_is_valid(const char *page);

typedef enum PageVerifyResult
{
	PAGE_VERIFY_OK,
	PAGE_VERIFY_BAD_CHECKSUM,
	PAGE_VERIFY_BAD_HEADER,
	PAGE_VERIFY_NEW_NOT_ZERO,	/* pd_upper == 0 but not all zero */
} PageVerifyResult;

/* Check a page read from block blkno; *computed gets the checksum. */
PageVerifyResult page_check(const char *page, BlockNumber blkno, uint16_t *computed);

/*
 * page_check() that raises ERROR XX001 "invalid page in block %u of
 * relation %s" on failure (after a WARNING "page verification failed,
 * calculated checksum %u but expected %u" when the checksum is wrong).
 * relname is what the message shows (a relation path).
 */
void		page_verify(const char *page, BlockNumber blkno, const char *relname);

#endif							/* PAGE_H */
