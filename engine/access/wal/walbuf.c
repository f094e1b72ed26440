/*-------------------------------------------------------------------------
 * walbuf.c
 *	  The WAL's shared state and the copying of records into the ring of
 *	  WAL buffers (positions and invariants in wal_internal.h).
 *
 * Insertion happens entirely under LWLOCK_WAL_INSERT: the record's start
 * is the current insert position, its bytes are copied page by page into
 * the ring (writing a page header whenever a page starts), then the
 * position moves past it, 8-byte aligned.  One lock keeps this simple;
 * what is done under it is a memcpy of the already assembled record.
 *
 * Fault points: wal/insert/before-copy and wal/insert/after-copy (steps,
 * once per record, outside the insert lock but usually inside the caller's
 * critical section).
 *
 * Entry points: wal_shmem_size/init, wal_insert_record (walinsert.c),
 * wal_bootstrap, wal_start_insertion, wal_begin_checkpoint, the position
 * accessors, wal_get_stats, lsn_to_string.
 *-------------------------------------------------------------------------
 */
#include "access/wal/wal_internal.h"
#include "access/wal/walinsert.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>

#include "faults/fault_regions.h"
#include "faults/faultpoint.h"
#include "storage/file/fileops.h"
#include "storage/lmgr/lwlock.h"
#include "utils/crc32c.h"
#include "utils/elog.h"
#include "utils/guc.h"

WalShared  *wal_shared = NULL;

int
wal_buffer_pages(void)
{
	if (guc_wal_buffers_blocks > 0)
		return Max(guc_wal_buffers_blocks, 4);
	int			n = guc_shared_buffers_blocks / 32;

	return Min(Max(n, 8), 2048);
}

size_t
wal_shmem_size(void)
{
	return MAXALIGN(sizeof(WalShared)) + WAL_PAGE_SIZE +
		(size_t) wal_buffer_pages() * WAL_PAGE_SIZE;
}

void
wal_shmem_init(void *mem, size_t size)
{
	WalShared  *w = mem;

	(void) size;
	w->magic = WAL_SHARED_MAGIC;
	w->npages = wal_buffer_pages();
	w->timeline = WAL_TIMELINE;
	w->ring = (char *) TYPEALIGN(WAL_PAGE_SIZE, (char *) mem + MAXALIGN(sizeof(WalShared)));
	atomic_store(&w->in_recovery, 1);
	wal_shared = w;
	wal_install_bufmgr_hooks();
	/* The "corrupt" fault action may scribble a page header (checked before write). */
	fault_register_region(FAULT_TARGET_WAL_BUFFERS, w->ring, WAL_PAGE_SIZE, w->npages,
						  0, offsetof(WalPageHeader, rem_len));
}

static void
check_shared(void)
{
	if (wal_shared == NULL || wal_shared->magic != WAL_SHARED_MAGIC)
		elog(PANIC, "WAL shared state is corrupted");
}

XLogRecPtr
wal_insert_position(void)
{
	return atomic_load(&wal_shared->inserted_upto);
}

XLogRecPtr
wal_flushed_upto(void)
{
	return atomic_load(&wal_shared->flushed_upto);
}

XLogRecPtr
wal_written_upto(void)
{
	return atomic_load(&wal_shared->written_upto);
}

XLogRecPtr
wal_redo_pointer(void)
{
	return atomic_load(&wal_shared->redo_ptr);
}

bool
wal_in_recovery(void)
{
	return atomic_load(&wal_shared->in_recovery) != 0;
}

uint64_t
wal_bytes_since_redo(void)
{
	XLogRecPtr	ins = atomic_load(&wal_shared->inserted_upto);
	XLogRecPtr	redo = atomic_load(&wal_shared->redo_ptr);

	return ins > redo ? ins - redo : 0;
}

/* ---- copying into the ring ---- */

/* Write the header of the page starting at page_start into the ring. */
static void
start_page(XLogRecPtr page_start, uint32_t rem_len)
{
	wal_wait_for_ring_page(page_start);

	char	   *p = wal_ring_addr(page_start);
	WalLongPageHeader h;
	size_t		hsize = wal_page_header_size(page_start);

	memset(&h, 0, sizeof(h));
	h.std.magic = WAL_PAGE_MAGIC;
	h.std.timeline = wal_shared->timeline;
	h.std.pageaddr = page_start;
	h.std.rem_len = rem_len;
	h.std.info = (uint16_t) ((rem_len > 0 ? WAL_PAGE_CONT : 0) |
							 (hsize == sizeof(WalLongPageHeader) ? WAL_PAGE_LONG : 0));
	if (hsize == sizeof(WalLongPageHeader))
	{
		h.system_identifier = wal_shared->system_identifier;
		h.segment_size = WAL_SEGMENT_SIZE;
		h.page_size = WAL_PAGE_SIZE;
	}
	memcpy(p, &h, hsize);
}

/*
 * Copy len bytes of a record at *pos, which has rec_left bytes (these
 * included) still to place; *pos advances past them and any page headers.
 */
static void
place_bytes(XLogRecPtr *pos, const char *data, size_t len, uint32_t *rec_left)
{
	while (len > 0)
	{
		if (*pos % WAL_PAGE_SIZE == 0)
		{
			start_page(*pos, *rec_left);
			*pos += wal_page_header_size(*pos);
		}
		size_t		room = WAL_PAGE_SIZE - *pos % WAL_PAGE_SIZE;
		size_t		n = Min(room, len);

		memcpy(wal_ring_addr(*pos), data, n);
		*pos += n;
		data += n;
		len -= n;
		*rec_left -= (uint32_t) n;
		atomic_store_explicit(&wal_shared->inserted_upto, *pos, memory_order_release);
	}
}

/*
 * Copy one record at the insert position and advance it (LWLOCK_WAL_INSERT
 * held).  Fills in hdr->prev and hdr->crc (continuing payload_crc over the
 * header); returns the record's end, *start_out its start.
 */
static XLogRecPtr
copy_record_locked(WalRecordHeader *hdr, const char *payload, size_t payload_len,
				   uint32_t payload_crc, XLogRecPtr *start_out)
{
	XLogRecPtr	pos = wal_shared->insert_pos;
	uint32_t	left = hdr->tot_len;

	/* A record never starts at a page's first byte: after its header. */
	if (pos % WAL_PAGE_SIZE == 0)
	{
		start_page(pos, 0);
		pos += wal_page_header_size(pos);
	}
	XLogRecPtr	start = pos;

	hdr->prev = wal_shared->prev_record;
	hdr->crc = crc32c_finish(crc32c(payload_crc, hdr, offsetof(WalRecordHeader, crc)));
	place_bytes(&pos, (const char *) hdr, sizeof(*hdr), &left);
	place_bytes(&pos, payload, payload_len, &left);

	/* Pad to 8 bytes (page ends are 8-aligned, so this stays in the page). */
	XLogRecPtr	end = WAL_ALIGN(pos);

	if (end > pos)
		memset(wal_ring_addr(pos), 0, end - pos);
	wal_shared->prev_record = start;
	wal_shared->insert_pos = end;
	atomic_store_explicit(&wal_shared->inserted_upto, end, memory_order_release);
	*start_out = start;
	return end;
}

/*
 * Insert an assembled record (walinsert.c).  Under the insert lock:
 * recheck(redo_ptr, arg) may refuse (the redo pointer moved so a page now
 * needs a full image): returns InvalidXLogRecPtr and the caller rebuilds.
 * Otherwise fills in hdr->prev and hdr->crc (continuing payload_crc over
 * the header), copies, runs under_lock(end, arg) if given (still holding
 * the lock: see wal_log_hint_image), and returns the record's end (the
 * aligned start of the next record); *start_out gets its start.
 */
XLogRecPtr
wal_insert_record(WalRecordHeader *hdr, const char *payload, size_t payload_len,
				  uint32_t payload_crc,
				  bool (*recheck) (XLogRecPtr redo, void *arg),
				  void (*under_lock) (XLogRecPtr end, void *arg),
				  void *arg, XLogRecPtr *start_out)
{
	check_shared();
	if (!atomic_load(&wal_shared->insert_ready))
		elog(PANIC, "cannot insert WAL records during recovery");
	/* Usually inside the caller's critical section: a step only. */
	FAULT_MARK("wal/insert/before-copy");
	lwlock_acquire(lwlock_get(LWLOCK_WAL_INSERT), LW_EXCLUSIVE);
	if (recheck != NULL && !recheck(atomic_load(&wal_shared->redo_ptr), arg))
	{
		lwlock_release(lwlock_get(LWLOCK_WAL_INSERT));
		return InvalidXLogRecPtr;
	}

	XLogRecPtr	start;
	XLogRecPtr	end = copy_record_locked(hdr, payload, payload_len, payload_crc, &start);

	if (under_lock != NULL)
		under_lock(end, arg);
	lwlock_release(lwlock_get(LWLOCK_WAL_INSERT));

	atomic_fetch_add(&wal_shared->records, 1);
	atomic_fetch_add(&wal_shared->bytes, end - start);
	*start_out = start;
	FAULT_MARK("wal/insert/after-copy");
	return end;
}

/* ---- segment switch (pg_switch_wal, archive_timeout) ---- */

/* Largest filler record: header + WAL_MAX_MAIN_DATA bytes of zeroes. */
#define SWITCH_FILL_MAX ((uint32_t) (sizeof(WalRecordHeader) + WAL_MAX_MAIN_DATA))

/* Record bytes (page headers excluded) that fit in [pos, seg_end). */
static uint64_t
record_room(XLogRecPtr pos, XLogRecPtr seg_end)
{
	XLogRecPtr	first_page = (pos + WAL_PAGE_SIZE - 1) / WAL_PAGE_SIZE * WAL_PAGE_SIZE;
	uint64_t	headers = first_page < seg_end ? (seg_end - first_page) / WAL_PAGE_SIZE : 0;

	return seg_end - pos - headers * sizeof(WalPageHeader);
}

/*
 * Fill the rest of the current segment with SWITCH records (zero main
 * data, at most SWITCH_FILL_MAX each, sized so the last one ends exactly
 * at the segment's end), flush, and return the end of the first one, as
 * PostgreSQL's pg_switch_wal returns the end of its switch record.  When
 * nothing was inserted in the current segment yet, nothing is written and
 * the insert position is returned.  Replay and the reader see ordinary
 * records (replay ignores them), so the format needs nothing new.  In the
 * rare case that less than a record header is left, the one filler record
 * ends a little into the next segment; the current one is complete all
 * the same.
 */
XLogRecPtr
wal_switch_segment(void)
{
	static const char zeros[WAL_MAX_MAIN_DATA];
	XLogRecPtr	first_end = InvalidXLogRecPtr;

	check_shared();
	if (!atomic_load(&wal_shared->insert_ready) || atomic_load(&wal_shared->in_recovery))
		ereport(ERROR, errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				errmsg("recovery is in progress"),
				errhint("WAL control functions cannot be executed during recovery."));
	lwlock_acquire(lwlock_get(LWLOCK_WAL_INSERT), LW_EXCLUSIVE);
	XLogRecPtr	pos = wal_shared->insert_pos;
	XLogRecPtr	seg_end = wal_segment_start(wal_segno(pos) + 1);

	if (pos % WAL_SEGMENT_SIZE == 0)
	{
		lwlock_release(lwlock_get(LWLOCK_WAL_INSERT));
		return pos;
	}
	while (wal_shared->insert_pos < seg_end)
	{
		uint64_t	room = record_room(wal_shared->insert_pos, seg_end);
		uint32_t	tot = (uint32_t) Min(room, (uint64_t) SWITCH_FILL_MAX);
		WalRecordHeader hdr;
		XLogRecPtr	start;

		if (room > tot && room - tot < WAL_RECORD_MIN_SIZE)
			tot -= 32;			/* leave room for one more whole record */
		if (tot < WAL_RECORD_MIN_SIZE)
			tot = WAL_RECORD_MIN_SIZE;	/* spills into the next segment */
		memset(&hdr, 0, sizeof(hdr));
		hdr.tot_len = tot;
		hdr.rmid = RM_XLOG;
		hdr.info = WAL_XLOG_SWITCH;
		size_t		body = tot - sizeof(hdr);
		XLogRecPtr	end = copy_record_locked(&hdr, zeros, body,
											 crc32c(crc32c_init(), zeros, body), &start);

		atomic_fetch_add(&wal_shared->records, 1);
		atomic_fetch_add(&wal_shared->bytes, end - start);
		if (first_end == InvalidXLogRecPtr)
			first_end = end;
	}
	XLogRecPtr	end = wal_shared->insert_pos;

	lwlock_release(lwlock_get(LWLOCK_WAL_INSERT));
	wal_flush(end);
	return first_end;
}

/* ---- starting insertion ---- */

static void
set_insert_position(uint64_t system_identifier, XLogRecPtr pos, XLogRecPtr prev)
{
	wal_shared->system_identifier = system_identifier;
	wal_shared->insert_pos = pos;
	wal_shared->prev_record = prev;
	atomic_store(&wal_shared->inserted_upto, pos);
	atomic_store(&wal_shared->written_upto, pos);
	atomic_store(&wal_shared->flushed_upto, pos);
	atomic_store(&wal_shared->async_commit_upto, pos);
	atomic_store(&wal_shared->in_recovery, 0);
	atomic_store(&wal_shared->insert_ready, 1);
}

XLogRecPtr
wal_bootstrap(uint64_t system_identifier)
{
	XLogRecPtr	seg_start = wal_segment_start(WAL_FIRST_SEGMENT);
	XLogRecPtr	first = seg_start + sizeof(WalLongPageHeader);

	check_shared();
	/* The first page's header is written now: insertion starts after it. */
	wal_shared->system_identifier = system_identifier;
	int			fd = wal_open_segment(WAL_FIRST_SEGMENT, true);
	WalLongPageHeader h;

	memset(&h, 0, sizeof(h));
	h.std.magic = WAL_PAGE_MAGIC;
	h.std.info = WAL_PAGE_LONG;
	h.std.timeline = wal_shared->timeline;
	h.std.pageaddr = seg_start;
	h.system_identifier = system_identifier;
	h.segment_size = WAL_SEGMENT_SIZE;
	h.page_size = WAL_PAGE_SIZE;
	if (fo_write_full(fd, &h, sizeof(h), 0) != 0)
		ereport(PANIC, errcode_for_file_access(),
				errmsg("could not write to the first WAL segment: %m"));
	set_insert_position(system_identifier, first, InvalidXLogRecPtr);
	atomic_store(&wal_shared->redo_ptr, first);
	return first;
}

/* Zero [from, end of its segment) in the segment file. */
static void
zero_rest_of_segment(XLogRecPtr from)
{
	static const char zeros[64 * 1024];
	uint64_t	segno = wal_segno(from);
	int			fd = wal_open_segment(segno, false);
	off_t		off = (off_t) (from % WAL_SEGMENT_SIZE);

	while (off < WAL_SEGMENT_SIZE)
	{
		size_t		n = Min(sizeof(zeros), (size_t) (WAL_SEGMENT_SIZE - off));

		if (fo_write_full(fd, zeros, n, off) != 0)
			ereport(PANIC, errcode_for_file_access(),
					errmsg("could not zero the end of WAL segment: %m"));
		off += (off_t) n;
	}
}

void
wal_start_insertion(uint64_t system_identifier, XLogRecPtr end_of_wal, XLogRecPtr last_record,
					XLogRecPtr redo, bool clean_tail)
{
	check_shared();
	wal_shared->system_identifier = system_identifier;
	/*
	 * end_of_wal is where the next record starts; if that is exactly a
	 * page's first byte, the page header is written with the record.  A
	 * segment starting exactly at end_of_wal is stale as a whole.
	 */
	if (clean_tail)
	{
		if (end_of_wal % WAL_SEGMENT_SIZE != 0)
			zero_rest_of_segment(end_of_wal);
		wal_remove_segments_after(wal_segno(end_of_wal) - (end_of_wal % WAL_SEGMENT_SIZE == 0 ? 1 : 0));
	}
	atomic_store(&wal_shared->redo_ptr, redo);
	set_insert_position(system_identifier, end_of_wal, last_record);
}

XLogRecPtr
wal_begin_checkpoint(void)
{
	lwlock_acquire(lwlock_get(LWLOCK_WAL_INSERT), LW_EXCLUSIVE);
	XLogRecPtr	redo = wal_shared->insert_pos;

	/* A record cannot start at a page's first byte: the redo point is
	 * where the next record will really start. */
	if (redo % WAL_PAGE_SIZE == 0)
		redo += wal_page_header_size(redo);
	atomic_store(&wal_shared->redo_ptr, redo);
	lwlock_release(lwlock_get(LWLOCK_WAL_INSERT));
	return redo;
}

void
wal_get_stats(WalStats *out)
{
	out->records = atomic_load(&wal_shared->records);
	out->fpi = atomic_load(&wal_shared->fpi);
	out->bytes = atomic_load(&wal_shared->bytes);
	out->writes = atomic_load(&wal_shared->writes);
	out->syncs = atomic_load(&wal_shared->syncs);
	out->buffers_full = atomic_load(&wal_shared->buffers_full);
	out->segments_added = atomic_load(&wal_shared->segments_added);
}

const char *
lsn_to_string(XLogRecPtr lsn, char *buf, size_t len)
{
	snprintf(buf, len, "%X/%X", LSN_FORMAT_ARGS(lsn));
	return buf;
}

bool
lsn_from_string(const char *s, XLogRecPtr *out)
{
	unsigned	hi,
				lo;
	int			n = 0;

	if (sscanf(s, "%X/%X%n", &hi, &lo, &n) != 2 || s[n] != '\0')
		return false;
	*out = ((XLogRecPtr) hi << 32) | lo;
	return true;
}

void
wal_file_name(char *name, uint32_t timeline, uint64_t segno)
{
	snprintf(name, WAL_FILE_NAME_LEN + 1, "%08X%08X%08X", timeline,
			 (unsigned) (segno / WAL_SEGMENTS_PER_ID), (unsigned) (segno % WAL_SEGMENTS_PER_ID));
}

bool
wal_parse_file_name(const char *name, uint32_t *timeline, uint64_t *segno)
{
	unsigned	tli,
				hi,
				lo;

	if (strlen(name) != WAL_FILE_NAME_LEN || strspn(name, "0123456789ABCDEF") != WAL_FILE_NAME_LEN)
		return false;
	if (sscanf(name, "%08X%08X%08X", &tli, &hi, &lo) != 3 || lo >= WAL_SEGMENTS_PER_ID)
		return false;
	*timeline = tli;
	*segno = (uint64_t) hi * WAL_SEGMENTS_PER_ID + lo;
	return true;
}
