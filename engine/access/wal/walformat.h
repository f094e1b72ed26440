/*-------------------------------------------------------------------------
 * walformat.h
 *	  The write-ahead log on disk: segment files, WAL pages, record and
 *	  block-reference layouts, resource-manager ids.
 *
 * Role: the single definition of WAL bytes, shared by the insertion code
 * (walinsert.c, walbuf.c), the writer (walwrite.c), the reader
 * (walreader.c), replay (walredo.c) and minipg_waldump.
 *
 * Positions: an LSN (XLogRecPtr) is a byte offset in one endless WAL
 * stream, printed as "%X/%X" (high and low 32 bits).  The stream is cut
 * into WAL_SEGMENT_SIZE segment files pg_wal/TTTTTTTTXXXXXXXXYYYYYYYY
 * (timeline, then segment number / 256 and % 256, in hex), each made of
 * WAL_PAGE_SIZE pages.  Every page starts with a WalPageHeader (the first
 * page of a segment with the longer WalLongPageHeader); record bytes fill
 * the rest and continue on the next page when they do not fit.
 *
 * A record: WalRecordHeader, then `nblocks` block references (each a
 * WalBlockRef followed by its data_len bytes), then the main data up to
 * tot_len.  Records start at 8-byte aligned positions; the padding after a
 * record is not part of it.  The header may itself be split by a page
 * boundary: readers reassemble the byte stream first.
 *
 * Block data (kind):
 *	WAL_BLOCK_IMAGE		the whole page after the change, except the
 *						bytes [hole_offset, hole_offset + hole_length)
 *						which are zero (the free space between pd_lower
 *						and pd_upper).  Replay restores it whatever the
 *						page held.
 *	WAL_BLOCK_DELTA		a sequence of fragments {uint16 offset, uint16
 *						length, bytes}: the page bytes the change
 *						modified.  Replay applies them only if the page's
 *						LSN is older than the record.
 * The page's pd_lsn and pd_checksum (its first 10 bytes) are never part of
 * a delta: replay sets pd_lsn to the record's end, checksums are computed
 * on every write.
 *
 * Invariants (checked by walreader.c, which stops at the first record
 * violating one: that is the end of WAL):
 *	- page header: magic, the page's own address, the timeline, and
 *	  WAL_PAGE_CONT with rem_len exactly when a record continues there;
 *	- record: WAL_RECORD_MIN_SIZE <= tot_len <= WAL_MAX_RECORD_SIZE, prev
 *	  equal to the start of the record before it, a known rmid, CRC-32C
 *	  over the header (crc field excluded) and the payload, block
 *	  references that add up to no more than tot_len.
 *-------------------------------------------------------------------------
 */
#ifndef WALFORMAT_H
#define WALFORMAT_H

#include "common/minipg.h"
#include "storage/smgr/smgr.h"

#define WAL_PAGE_SIZE			8192
#define WAL_SEGMENT_SIZE		(16 * 1024 * 1024)
#define WAL_SEGMENTS_PER_ID		((uint64_t) 0x100000000ULL / WAL_SEGMENT_SIZE)
#define WAL_FILE_NAME_LEN		24
#define WAL_DIR					"pg_wal"

/* The first record of a new cluster is on the first page of segment 1. */
#define WAL_FIRST_SEGMENT		1
#define WAL_TIMELINE			1

#define LSN_FORMAT_ARGS(lsn)	((unsigned) ((lsn) >> 32)), ((unsigned) (lsn))

/* ---- pages ---- */

#define WAL_PAGE_MAGIC			0x4D57	/* "WM" */
#define WAL_PAGE_CONT			0x0001	/* page starts with a continuation */
#define WAL_PAGE_LONG			0x0002	/* WalLongPageHeader */

typedef struct WalPageHeader
{
	uint16_t	magic;
	uint16_t	info;			/* WAL_PAGE_* */
	uint32_t	timeline;
	XLogRecPtr	pageaddr;		/* LSN of this page's first byte */
	uint32_t	rem_len;		/* bytes of the continued record left */
	uint32_t	pad;
} WalPageHeader;

typedef struct WalLongPageHeader
{
	WalPageHeader std;
	uint64_t	system_identifier;	/* pg_control's */
	uint32_t	segment_size;
	uint32_t	page_size;
} WalLongPageHeader;

StaticAssert(sizeof(WalPageHeader) == 24, "WAL page header is 24 bytes");
StaticAssert(sizeof(WalLongPageHeader) == 40, "long WAL page header is 40 bytes");

static inline size_t
wal_page_header_size(XLogRecPtr page_start)
{
	return page_start % WAL_SEGMENT_SIZE == 0 ?
		sizeof(WalLongPageHeader) : sizeof(WalPageHeader);
}

/* ---- records ---- */

typedef struct WalRecordHeader
{
	uint32_t	tot_len;		/* header + block refs + main data */
	TransactionId xid;			/* 0 when no transaction is involved */
	XLogRecPtr	prev;			/* start of the previous record */
	uint8_t		rmid;			/* WalRmgrId */
	uint8_t		info;			/* rmgr-specific operation code */
	uint8_t		nblocks;		/* block references that follow */
	uint8_t		flags;			/* unused, zero */
	uint32_t	crc;			/* CRC-32C of header (up to crc) + payload */
} WalRecordHeader;

StaticAssert(sizeof(WalRecordHeader) == 24, "WAL record header is 24 bytes");

#define WAL_RECORD_MIN_SIZE		((uint32_t) sizeof(WalRecordHeader))
#define WAL_MAX_BLOCKS			8
#define WAL_MAX_MAIN_DATA		(64 * 1024)
#define WAL_MAX_RECORD_SIZE		((uint32_t) (sizeof(WalRecordHeader) + \
									WAL_MAX_BLOCKS * (sizeof(WalBlockRef) + BLCKSZ) + \
									WAL_MAX_MAIN_DATA))

/* Records start 8-byte aligned. */
#define WAL_ALIGN(x)			TYPEALIGN(8, (x))

#define WAL_BLOCK_IMAGE			1
#define WAL_BLOCK_DELTA			2

/*
 * A relation as WAL names it: never a temporary one (none of their changes
 * or files is logged), so without RelFileLocator's temp_backend.
 */
typedef struct WalRelFile
{
	Oid			db_oid;
	Oid			rel_number;
} WalRelFile;

static inline WalRelFile
wal_relfile(RelFileLocator rl)
{
	WalRelFile	f = {rl.db_oid, rl.rel_number};

	return f;
}

static inline RelFileLocator
wal_relfile_locator(WalRelFile f)
{
	RelFileLocator rl = {f.db_oid, f.rel_number, 0};

	return rl;
}

typedef struct WalBlockRef
{
	WalRelFile	rl;
	BlockNumber blkno;
	uint8_t		kind;			/* WAL_BLOCK_IMAGE / WAL_BLOCK_DELTA */
	uint8_t		flags;			/* unused, zero */
	uint16_t	hole_offset;	/* IMAGE: the omitted zero bytes */
	uint16_t	hole_length;
	uint16_t	data_len;		/* bytes following this header */
} WalBlockRef;

StaticAssert(sizeof(WalBlockRef) == 20, "WAL block reference is 20 bytes");

/* A delta fragment header; length bytes of page content follow. */
typedef struct WalDeltaFragment
{
	uint16_t	offset;
	uint16_t	length;
} WalDeltaFragment;

/* Bytes at the start of a page that deltas never cover (pd_lsn, pd_checksum). */
#define WAL_DELTA_SKIP			10

/* ---- resource managers ---- */

typedef enum WalRmgrId
{
	RM_XLOG = 0,				/* checkpoints, hint-bit page images */
	RM_XACT = 1,				/* commit and abort */
	RM_SMGR = 2,				/* relation file creation */
	RM_HEAP = 3,				/* table pages */
	RM_BTREE = 4,				/* index pages */
	RM_MAX_ID = RM_BTREE,
} WalRmgrId;

/* RM_XLOG */
#define WAL_XLOG_CHECKPOINT_SHUTDOWN	0x00
#define WAL_XLOG_CHECKPOINT_ONLINE		0x10
#define WAL_XLOG_END_OF_RECOVERY		0x20
#define WAL_XLOG_FPI_FOR_HINT			0x30	/* one page image, hint bits set */
#define WAL_XLOG_FPI					0x40	/* page images (index build) */
#define WAL_XLOG_SWITCH					0x50	/* zero filler up to the end of the
												 * segment (pg_switch_wal, archive_timeout):
												 * one or more records, replay ignores them */

/* RM_XACT */
#define WAL_XACT_COMMIT			0x00
#define WAL_XACT_ABORT			0x10

/* RM_SMGR */
#define WAL_SMGR_CREATE			0x00

/* RM_HEAP: every change is a block delta/image; info says which. */
#define WAL_HEAP_INSERT			0x00	/* main data: WalHeapItem */
#define WAL_HEAP_SET_XMAX		0x10	/* DELETE, UPDATE's old version, row lock; WalHeapItem */
#define WAL_HEAP_INIT_PAGE		0x20
#define WAL_HEAP_PRUNE			0x30
#define WAL_HEAP_VACUUM			0x40

/* RM_BTREE */
#define WAL_BTREE_INSERT		0x00
#define WAL_BTREE_DELETE		0x10
#define WAL_BTREE_NEWROOT		0x20
#define WAL_BTREE_SPLIT			0x30
#define WAL_BTREE_META			0x40
#define WAL_BTREE_BUILD			0x50

/* ---- main data of the records replay interprets ---- */

/* RM_XLOG checkpoints: what pg_control also records. */
typedef struct WalCheckpoint
{
	XLogRecPtr	redo;			/* replay starts here */
	uint32_t	timeline;
	uint32_t	pad;
	TransactionId next_xid;
	Oid			next_oid;
	TransactionId oldest_active_xid;	/* 0 at shutdown */
	uint32_t	pad2;
	int64_t		time;			/* Unix seconds */
} WalCheckpoint;

/* RM_XLOG end of recovery. */
typedef struct WalEndOfRecovery
{
	int64_t		time;			/* Unix seconds */
	uint32_t	timeline;
	uint32_t	pad;
} WalEndOfRecovery;

/* RM_XACT: followed by nrels WalRelFiles to unlink. */
typedef struct WalXactFinish
{
	int64_t		time_us;		/* commit/abort timestamp, Unix microseconds */
	int32_t		nrels;
	uint32_t	pad;
} WalXactFinish;

/* RM_HEAP INSERT / SET_XMAX: which item (for descriptions only). */
typedef struct WalHeapItem
{
	uint16_t	offnum;
} WalHeapItem;

/* RM_SMGR create. */
typedef struct WalSmgrCreate
{
	WalRelFile	rl;
} WalSmgrCreate;

/* ---- segment naming ---- */

static inline uint64_t
wal_segno(XLogRecPtr lsn)
{
	return lsn / WAL_SEGMENT_SIZE;
}

static inline XLogRecPtr
wal_segment_start(uint64_t segno)
{
	return (XLogRecPtr) segno * WAL_SEGMENT_SIZE;
}

/* name must hold WAL_FILE_NAME_LEN + 1 bytes. */
void		wal_file_name(char *name, uint32_t timeline, uint64_t segno);
/* Parse a segment file name; false if it is not one. */
bool		wal_parse_file_name(const char *name, uint32_t *timeline, uint64_t *segno);

#endif							/* WALFORMAT_H */
