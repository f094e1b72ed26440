/*-------------------------------------------------------------------------
 * walinsert.c
 *	  Assembling WAL records from registered pages and main data, and
 *	  inserting them (protocol and invariants in walinsert.h).
 *
 * The record is assembled in process-local memory without any lock; only
 * the copy into the shared ring happens under the insert lock.  Whether a
 * page is logged whole depends on the redo pointer, which a checkpoint may
 * move at any time; so the choice is made with the pointer read before
 * assembling, and checked again under the insert lock: if a page logged
 * as a delta now needs an image, the record is assembled again.
 *-------------------------------------------------------------------------
 */
#include "access/wal/walinsert.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "access/transam/xact.h"
#include "access/wal/wal_internal.h"
#include "storage/page/page.h"
#include "utils/crc32c.h"
#include "utils/elog.h"
#include "utils/guc.h"

/* Equal bytes that end a delta fragment (a fragment header costs 4). */
#define DELTA_MIN_GAP 8

typedef struct RegBlock
{
	Buffer		buf;
	bool		force_image;
	bool		have_before;	/* before[] holds the page as registered */
	bool		image;			/* decided for the current assembly */
} RegBlock;

static RegBlock reg[WAL_MAX_BLOCKS];
static int	nreg = 0;
static int	nreg_local = 0;		/* registered local buffers (temporary relations) */
static char before_images[WAL_MAX_BLOCKS][BLCKSZ] __attribute__((aligned(8)));
static char main_data[WAL_MAX_MAIN_DATA];
static size_t main_len = 0;
static bool building = false;
static char *assembly = NULL;	/* WAL_MAX_RECORD_SIZE bytes, allocated once */

void
wal_reset(void)
{
	building = false;
	nreg = 0;
	nreg_local = 0;
	main_len = 0;
}

void
wal_begin(void)
{
	/* A leftover from an ERROR between begin and insert is discarded. */
	wal_reset();
	building = true;
}

/* The page must be logged whole if its LSN is at or below redo. */
static bool
lsn_needs_image(XLogRecPtr page_lsn, XLogRecPtr redo)
{
	if (page_lsn == InvalidXLogRecPtr)
		return true;			/* never logged: no base for a delta */
	return guc_full_page_writes && page_lsn <= redo;
}

void
wal_register_buffer(Buffer buf, int flags)
{
	if (!building)
		elog(ERROR, "wal_register_buffer without wal_begin");
	if (nreg >= WAL_MAX_BLOCKS)
		elog(ERROR, "too many pages registered in one WAL record");
	for (int i = 0; i < nreg; i++)
		if (reg[i].buf == buf)
			elog(ERROR, "buffer registered twice in one WAL record");

	RegBlock   *b = &reg[nreg];
	const char *page = bufmgr_page(buf);

	if (BufferIsLocal(buf))
	{
		/* A temporary relation's page: registered (so bufmgr's check that
		 * every change is registered holds), never logged. */
		b->buf = buf;
		b->force_image = b->have_before = b->image = false;
		nreg++;
		nreg_local++;
		return;
	}
	b->buf = buf;
	b->force_image = (flags & WAL_REGISTER_IMAGE) != 0;
	b->have_before = !b->force_image &&
		!lsn_needs_image(page_get_lsn(page), wal_redo_pointer());
	b->image = false;
	if (b->have_before)
		memcpy(before_images[nreg], page, BLCKSZ);
	nreg++;
}

void
wal_register_data(const void *data, size_t len)
{
	if (!building)
		elog(ERROR, "wal_register_data without wal_begin");
	if (main_len + len > WAL_MAX_MAIN_DATA)
		elog(ERROR, "too much data in one WAL record");
	memcpy(main_data + main_len, data, len);
	main_len += len;
}

/* ---- assembling ---- */

static inline uint64_t
load64(const char *p)
{
	uint64_t	v;

	memcpy(&v, p, 8);
	return v;
}

/*
 * Write the fragments that turn before into after at out; returns their
 * size, or SIZE_MAX if that would exceed limit (an image is smaller).
 */
static size_t
compute_delta(const char *before, const char *after, char *out, size_t limit)
{
	size_t		pos = WAL_DELTA_SKIP;
	size_t		o = 0;

	while (pos < BLCKSZ)
	{
		/* Skip equal bytes, a word at a time once aligned. */
		while (pos < BLCKSZ && pos % 8 != 0 && before[pos] == after[pos])
			pos++;
		while (pos + 8 <= BLCKSZ && load64(before + pos) == load64(after + pos))
			pos += 8;
		while (pos < BLCKSZ && before[pos] == after[pos])
			pos++;
		if (pos >= BLCKSZ)
			break;

		size_t		start = pos;
		size_t		end = pos + 1;

		for (size_t p = end, same = 0; p < BLCKSZ; p++)
		{
			if (before[p] != after[p])
			{
				end = p + 1;
				same = 0;
			}
			else if (++same >= DELTA_MIN_GAP)
				break;
		}

		WalDeltaFragment f = {(uint16_t) start, (uint16_t) (end - start)};

		if (o + sizeof(f) + f.length > limit)
			return SIZE_MAX;
		memcpy(out + o, &f, sizeof(f));
		memcpy(out + o + sizeof(f), after + start, f.length);
		o += sizeof(f) + f.length;
		pos = end;
	}
	return o;
}

/* The free-space hole of a standard page, or none. */
static void
page_hole(const char *page, uint16_t *offset, uint16_t *length)
{
	PageHeader	ph = (PageHeader) page;

	*offset = 0;
	*length = 0;
	if (ph->pd_lower >= SizeOfPageHeaderData && ph->pd_lower <= ph->pd_upper &&
		ph->pd_upper <= BLCKSZ)
	{
		*offset = ph->pd_lower;
		*length = (uint16_t) (ph->pd_upper - ph->pd_lower);
	}
}

/* Append an image of page to out; returns the bytes written. */
static size_t
append_image(const char *page, RelFileLocator rl, BlockNumber blkno, char *out)
{
	WalBlockRef ref;

	memset(&ref, 0, sizeof(ref));
	ref.rl = wal_relfile(rl);
	ref.blkno = blkno;
	ref.kind = WAL_BLOCK_IMAGE;
	page_hole(page, &ref.hole_offset, &ref.hole_length);
	ref.data_len = (uint16_t) (BLCKSZ - ref.hole_length);
	memcpy(out, &ref, sizeof(ref));
	memcpy(out + sizeof(ref), page, ref.hole_offset);
	memcpy(out + sizeof(ref) + ref.hole_offset, page + ref.hole_offset + ref.hole_length,
		   (size_t) (BLCKSZ - ref.hole_offset - ref.hole_length));
	return sizeof(ref) + ref.data_len;
}

/* Assemble block refs and main data into `assembly` for redo pointer redo. */
static size_t
assemble(XLogRecPtr redo)
{
	size_t		o = 0;

	if (assembly == NULL)
	{
		assembly = malloc(WAL_MAX_RECORD_SIZE);
		if (assembly == NULL)
			elog(PANIC, "out of memory for the WAL record assembly buffer");
	}
	for (int i = 0; i < nreg; i++)
	{
		RegBlock   *b = &reg[i];
		const char *page = bufmgr_page(b->buf);
		RelFileLocator rl = bufmgr_relation(b->buf);
		BlockNumber blkno = bufmgr_block_number(b->buf);

		b->image = !b->have_before || lsn_needs_image(page_get_lsn(page), redo);
		if (!b->image)
		{
			WalBlockRef ref;
			uint16_t	hole_off,
						hole_len;

			page_hole(page, &hole_off, &hole_len);
			size_t		n = compute_delta(before_images[i], page, assembly + o + sizeof(ref),
										  (size_t) (BLCKSZ - hole_len));

			if (n != SIZE_MAX)
			{
				memset(&ref, 0, sizeof(ref));
				ref.rl = wal_relfile(rl);
				ref.blkno = blkno;
				ref.kind = WAL_BLOCK_DELTA;
				ref.data_len = (uint16_t) n;
				memcpy(assembly + o, &ref, sizeof(ref));
				o += sizeof(ref) + n;
				continue;
			}
			b->image = true;	/* the delta would be larger */
		}
		o += append_image(page, rl, blkno, assembly + o);
	}
	memcpy(assembly + o, main_data, main_len);
	return o + main_len;
}

/* Under the insert lock: are the delta decisions still valid? */
static bool
recheck_deltas(XLogRecPtr redo, void *arg)
{
	(void) arg;
	for (int i = 0; i < nreg; i++)
		if (!reg[i].image && lsn_needs_image(page_get_lsn(bufmgr_page(reg[i].buf)), redo))
			return false;
	return true;
}

XLogRecPtr
wal_insert_xid(uint8_t rmid, uint8_t info, TransactionId xid)
{
	XLogRecPtr	start,
				end;
	int			images = 0;

	if (!building)
		elog(PANIC, "wal_insert without wal_begin");
	Assert(crit_section_depth > 0 || nreg == 0);
	if (nreg_local > 0)
	{
		/* Temporary relations are not logged; one record never mixes them
		 * with permanent pages (a record describes one relation's change). */
		if (nreg_local != nreg)
			elog(PANIC, "WAL record mixes temporary and permanent relations' pages");
		wal_reset();
		return InvalidXLogRecPtr;
	}
	for (;;)
	{
		size_t		len = assemble(wal_redo_pointer());
		WalRecordHeader hdr;

		memset(&hdr, 0, sizeof(hdr));
		hdr.tot_len = (uint32_t) (sizeof(hdr) + len);
		hdr.xid = xid;
		hdr.rmid = rmid;
		hdr.info = info;
		hdr.nblocks = (uint8_t) nreg;
		end = wal_insert_record(&hdr, assembly, len, crc32c(crc32c_init(), assembly, len),
								recheck_deltas, NULL, NULL, &start);
		if (end != InvalidXLogRecPtr)
			break;
	}
	for (int i = 0; i < nreg; i++)
	{
		page_set_lsn(bufmgr_page(reg[i].buf), end);
		images += reg[i].image;
	}
	if (images > 0)
		atomic_fetch_add(&wal_shared->fpi, (uint64_t) images);
	wal_reset();
	return end;
}

XLogRecPtr
wal_insert(uint8_t rmid, uint8_t info)
{
	return wal_insert_xid(rmid, info, xact_get_xid_if_any());
}

XLogRecPtr
wal_insert_simple(uint8_t rmid, uint8_t info, TransactionId xid, const void *data, size_t len,
				  XLogRecPtr *start_out)
{
	WalRecordHeader hdr;
	XLogRecPtr	start;

	if (len > WAL_MAX_MAIN_DATA)
		elog(PANIC, "WAL record main data too large: %zu bytes", len);
	memset(&hdr, 0, sizeof(hdr));
	hdr.tot_len = (uint32_t) (sizeof(hdr) + len);
	hdr.xid = xid;
	hdr.rmid = rmid;
	hdr.info = info;

	XLogRecPtr	end = wal_insert_record(&hdr, data, len, crc32c(crc32c_init(), data, len),
										NULL, NULL, NULL, &start);

	if (start_out != NULL)
		*start_out = start;
	return end;
}

/* ---- hint-bit images ---- */

typedef struct HintImage
{
	Buffer		buf;
	void		(*mark_dirty) (Buffer buf, XLogRecPtr lsn);
} HintImage;

static bool
hint_recheck(XLogRecPtr redo, void *arg)
{
	(void) redo;
	(void) arg;
	return true;				/* an image is valid whatever the redo pointer */
}

static void
hint_mark_dirty(XLogRecPtr end, void *arg)
{
	HintImage  *h = arg;

	h->mark_dirty(h->buf, end);
}

bool
wal_log_hint_image(Buffer buf, void (*mark_dirty) (Buffer buf, XLogRecPtr lsn))
{
	static char copy[BLCKSZ] __attribute__((aligned(8)));
	static char rec[sizeof(WalBlockRef) + BLCKSZ];

	if (wal_shared == NULL || !atomic_load(&wal_shared->insert_ready) ||
		atomic_load(&wal_shared->in_recovery) || !guc_full_page_writes)
		return false;

	const char *page = bufmgr_page(buf);

	if (page_get_lsn(page) > wal_redo_pointer() || page_is_new(page))
		return false;
	/* Other hint-bit setters may change bits meanwhile: any mix is valid. */
	memcpy(copy, page, BLCKSZ);

	size_t		len = append_image(copy, bufmgr_relation(buf), bufmgr_block_number(buf), rec);
	WalRecordHeader hdr;
	HintImage	h = {buf, mark_dirty};
	XLogRecPtr	start;

	memset(&hdr, 0, sizeof(hdr));
	hdr.tot_len = (uint32_t) (sizeof(hdr) + len);
	hdr.rmid = RM_XLOG;
	hdr.info = WAL_XLOG_FPI_FOR_HINT;
	hdr.nblocks = 1;
	(void) wal_insert_record(&hdr, rec, len, crc32c(crc32c_init(), rec, len),
							 hint_recheck, hint_mark_dirty, &h, &start);
	atomic_fetch_add(&wal_shared->fpi, 1);
	return true;
}

/* bufmgr_wal_registered_hook: is buf part of the record being built?
 * (Replay changes pages outside any record: always true there.) */
static bool
buffer_is_registered(Buffer buf)
{
	if (wal_shared != NULL && atomic_load(&wal_shared->in_recovery))
		return true;
	for (int i = 0; building && i < nreg; i++)
		if (reg[i].buf == buf)
			return true;
	return false;
}

void
wal_install_bufmgr_hooks(void)
{
	bufmgr_wal_flush_hook = wal_flush;
	bufmgr_hint_wal_hook = wal_log_hint_image;
	bufmgr_wal_registered_hook = buffer_is_registered;
}
