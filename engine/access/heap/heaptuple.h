/*-------------------------------------------------------------------------
 * heaptuple.h
 *	  The heap tuple format: header, null bitmap and column data, byte by
 *	  byte, with the accessors every heap file (and later the WAL redo
 *	  routines) use to read and set header fields.
 *
 * Role: owns the on-page (and in-memory) representation of one tuple
 * version.  Forming and deforming (heap_form_tuple, heap_deform_tuple,
 * heap_getattr) are declared in heapam.h and implemented in heaptuple.c.
 *
 * Byte layout of a tuple (host byte order, little-endian on x86-64).  A
 * tuple always starts at a MAXALIGNed address: in a page, page_add_item
 * places items at MAXALIGNed offsets; in memory, palloc returns MAXALIGNed
 * chunks and HEAPTUPLESIZE is MAXALIGNed.
 *
 *	offset size field			meaning
 *	------ ---- --------------- ---------------------------------------------
 *	  0		4	t_xmin			inserting transaction id
 *	  4		4	t_xmax			deleting or updating transaction id, or 0
 *	  8		4	t_cmin			inserting command id (within t_xmin)
 *	 12		4	t_cmax			deleting command id (within t_xmax); there
 *								are no combo command ids, so both are kept
 *	 16		2	t_ctid.bi_hi	block number of t_ctid, high 16 bits
 *	 18		2	t_ctid.bi_lo	block number of t_ctid, low 16 bits
 *	 20		2	t_ctid.posid	offset number of t_ctid.  t_ctid is the
 *								tuple's own TID, or, after an UPDATE, the
 *								TID of the newer version
 *	 22		2	t_infomask2		bits 0-10: number of attributes stored;
 *								HEAP_HOT_UPDATED 0x4000, HEAP_ONLY_TUPLE 0x8000
 *	 24		2	t_infomask		HEAP_HASNULL 0x0001, HEAP_HASVARWIDTH 0x0002,
 *								HEAP_XMIN_COMMITTED 0x0100, HEAP_XMIN_INVALID
 *								0x0200, HEAP_XMAX_COMMITTED 0x0400,
 *								HEAP_XMAX_INVALID 0x0800, HEAP_UPDATED 0x2000
 *	 26		1	t_hoff			offset of the column data: MAXALIGN(27 +
 *								bitmap length); 32 unless the bitmap is longer
 *								than 5 bytes
 *	 27	   nb	t_bits			null bitmap, present iff HEAP_HASNULL:
 *								nb = (natts + 7) / 8 bytes; bit (i % 8) of
 *								byte i / 8 is SET when attribute i+1 is NOT
 *								null
 *	t_hoff ..	column data		the non-null attributes in attnum order; each
 *								starts at an offset (from t_hoff) aligned to
 *								its attalign ('c' 1, 's' 2, 'i' 4, 'd' 8):
 *								  attlen > 0, byval: the low attlen bytes of
 *									the Datum (1, 2, 4 or 8 bytes)
 *								  attlen > 0, by reference: attlen bytes
 *								  attlen = -1 (varlena): 4-byte length word
 *									(total size including itself) + data,
 *									always inline (no TOAST, no compression)
 *								  attlen = -2 (cstring): the bytes and NUL
 *	t_len total length (the line pointer's lp_len); the item occupies
 *	MAXALIGN(t_len) bytes in the page.
 *
 * Invariants:
 *	- A tuple holding fewer attributes than the descriptor (a column was
 *	  added later) reads the missing trailing attributes as NULL.
 *	- t_len <= MaxHeapTupleSize (8160): values are never moved out of line,
 *	  so a row that does not fit an empty page is rejected by
 *	  heap_form_tuple with ERROR 54000.
 *	- Hint bits (XMIN_/XMAX_ COMMITTED/INVALID) only cache what CLOG says;
 *	  they are set once the status is final and may be lost (a page written
 *	  without them is still correct).  Everything else changes only under
 *	  the exclusive content lock.
 *	- HEAP_ONLY_TUPLE: no index entry points to this version; it is reached
 *	  through the HOT chain from its root.  HEAP_HOT_UPDATED: t_ctid names
 *	  a heap-only version on the same page.
 *
 * See also: access/heap/heapam.h (API), access/heap/README.md (rules),
 * storage/page/page.h (the page around it), sql/types/datum.h (Datums).
 *-------------------------------------------------------------------------
 */
#ifndef HEAPTUPLE_H
#define HEAPTUPLE_H

#include "access/heap/heapam.h"
#include "common/minipg.h"
#include "storage/page/page.h"

struct HeapTupleHeaderData
{
	TransactionId t_xmin;
	TransactionId t_xmax;
	CommandId	t_cmin;
	CommandId	t_cmax;
	uint16_t	t_ctid_bi_hi;
	uint16_t	t_ctid_bi_lo;
	uint16_t	t_ctid_posid;
	uint16_t	t_infomask2;
	uint16_t	t_infomask;
	uint8_t		t_hoff;
	uint8_t		t_bits[];		/* null bitmap (HEAP_HASNULL) */
};

typedef HeapTupleHeaderData *HeapTupleHeader;

#define SizeofHeapTupleHeader	offsetof(HeapTupleHeaderData, t_bits)
StaticAssert(offsetof(HeapTupleHeaderData, t_xmin) == 0, "t_xmin at 0");
StaticAssert(offsetof(HeapTupleHeaderData, t_ctid_bi_hi) == 16, "t_ctid at 16");
StaticAssert(offsetof(HeapTupleHeaderData, t_infomask2) == 22, "t_infomask2 at 22");
StaticAssert(offsetof(HeapTupleHeaderData, t_hoff) == 26, "t_hoff at 26");
StaticAssert(offsetof(HeapTupleHeaderData, t_bits) == 27, "heap tuple header must be 27 bytes");

/* t_infomask2 */
#define HEAP_NATTS_MASK			0x07FF
#define HEAP_HOT_UPDATED		0x4000
#define HEAP_ONLY_TUPLE			0x8000

/* t_infomask */
#define HEAP_HASNULL			0x0001
#define HEAP_HASVARWIDTH		0x0002
#define HEAP_XMIN_COMMITTED		0x0100
#define HEAP_XMIN_INVALID		0x0200
#define HEAP_XMAX_COMMITTED		0x0400
#define HEAP_XMAX_INVALID		0x0800
#define HEAP_UPDATED			0x2000
#define HEAP_XMIN_HINTS			(HEAP_XMIN_COMMITTED | HEAP_XMIN_INVALID)
#define HEAP_XMAX_HINTS			(HEAP_XMAX_COMMITTED | HEAP_XMAX_INVALID)

/* Most attributes a tuple can hold (PostgreSQL's column limit). */
#define MaxHeapAttributeNumber	1600
/* Largest tuple: what fits an empty page with one line pointer. */
#define MaxHeapTupleSize		PAGE_MAX_ITEM_SIZE
/* Most tuples (line pointers) a heap page may hold. */
#define MaxHeapTuplesPerPage \
	((int) ((BLCKSZ - SizeOfPageHeaderData) / \
			(MAXALIGN(SizeofHeapTupleHeader) + sizeof(ItemIdData))))

/* Bytes of a HeapTupleData before the tuple in a heap_copytuple chunk. */
#define HEAPTUPLESIZE			MAXALIGN(sizeof(HeapTupleData))
#define BITMAPLEN(natts)		(((natts) + 7) / 8)

/* ---- header accessors ---- */

static inline int
heap_hdr_natts(const HeapTupleHeaderData *h)
{
	return h->t_infomask2 & HEAP_NATTS_MASK;
}

static inline void
heap_hdr_set_natts(HeapTupleHeaderData *h, int natts)
{
	h->t_infomask2 = (uint16_t) ((h->t_infomask2 & ~HEAP_NATTS_MASK) | (natts & HEAP_NATTS_MASK));
}

static inline ItemPointerData
heap_hdr_ctid(const HeapTupleHeaderData *h)
{
	ItemPointerData tid;

	/* The struct has padding: define it, it may be copied into WAL or a pipe. */
	memset(&tid, 0, sizeof(tid));
	ItemPointerSet(&tid, ((BlockNumber) h->t_ctid_bi_hi << 16) | h->t_ctid_bi_lo,
				   h->t_ctid_posid);
	return tid;
}

static inline void
heap_hdr_set_ctid(HeapTupleHeaderData *h, const ItemPointerData *tid)
{
	h->t_ctid_bi_hi = (uint16_t) (tid->ip_blkid >> 16);
	h->t_ctid_bi_lo = (uint16_t) (tid->ip_blkid & 0xFFFF);
	h->t_ctid_posid = tid->ip_posid;
}

static inline bool heap_hdr_is_heap_only(const HeapTupleHeaderData *h) { return (h->t_infomask2 & HEAP_ONLY_TUPLE) != 0; }
static inline bool heap_hdr_is_hot_updated(const HeapTupleHeaderData *h) { return (h->t_infomask2 & HEAP_HOT_UPDATED) != 0; }
static inline bool heap_hdr_has_nulls(const HeapTupleHeaderData *h) { return (h->t_infomask & HEAP_HASNULL) != 0; }

/* Is xmax unset or known aborted (the version is not deleted)? */
static inline bool
heap_hdr_xmax_is_invalid(const HeapTupleHeaderData *h)
{
	return !TransactionIdIsValid(h->t_xmax) || (h->t_infomask & HEAP_XMAX_INVALID) != 0;
}

/* Is attribute attnum (1-based) null according to the bitmap? */
static inline bool
heap_hdr_att_isnull(const HeapTupleHeaderData *h, int attnum)
{
	int			i = attnum - 1;

	return heap_hdr_has_nulls(h) && (h->t_bits[i >> 3] & (1 << (i & 7))) == 0;
}

#endif							/* HEAPTUPLE_H */
