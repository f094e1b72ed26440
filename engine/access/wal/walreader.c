/*-------------------------------------------------------------------------
 * walreader.c
 *	  Reading and validating WAL records (see walreader.h).
 *
 * The reader keeps one WAL page in memory and one segment file open.  A
 * record is reassembled into r->buf: its first 4 bytes (tot_len, never
 * split by a page end because records are 8-byte aligned) are checked
 * first, so a garbage length cannot make the reader allocate or read
 * without bound.  Every page the record continues on must say so
 * (WAL_PAGE_CONT) and carry the exact number of bytes still missing.
 *
 * This file uses no shared memory and no elog (errors go to r->errmsg),
 * so tools and fuzzers can use it as is.
 *
 * Fault point: wal/reader/read-page (a page read from a segment file fails
 * with the policy's errno; pages already read ahead are not affected).  A
 * failed read or open is an I/O error (read_errno), never the end of WAL.
 *-------------------------------------------------------------------------
 */
#include "access/wal/walreader.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "faults/faultpoint.h"
#include "storage/file/fileops.h"
#include "utils/crc32c.h"

void
walreader_init(WalReader *r, const char *waldir, uint64_t system_identifier)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->waldir, sizeof(r->waldir), "%s", waldir);
	r->system_identifier = system_identifier;
	r->fd = -1;
	r->page_addr = InvalidXLogRecPtr;
	r->chunk = NULL;
	r->chunk_len = 0;
}

void
walreader_close(WalReader *r)
{
	if (r->fd >= 0)
		fo_close(r->fd);
	r->fd = -1;
	free(r->buf);
	r->buf = NULL;
	r->buf_size = 0;
	free(r->chunk);
	r->chunk = NULL;
	r->chunk_len = 0;
}

/*
 * Why the page at page_start could not be read, in PostgreSQL's words:
 * err != 0 is an I/O error (read_errno), err == 0 a segment file that ends
 * before the page (got bytes of it), which is the end of WAL.
 */
static bool
read_failed(WalReader *r, XLogRecPtr page_start, int err, ssize_t got)
{
	char		name[WAL_FILE_NAME_LEN + 1];
	int			n;

	wal_file_name(name, WAL_TIMELINE, wal_segno(page_start));
	n = snprintf(r->errmsg, sizeof(r->errmsg), "could not read from WAL segment %s, LSN %X/%X, offset %u: ",
				 name, LSN_FORMAT_ARGS(page_start), (unsigned) (page_start % WAL_SEGMENT_SIZE));
	if (err != 0)
		snprintf(r->errmsg + n, sizeof(r->errmsg) - (size_t) n, "%s", strerror(err));
	else
		snprintf(r->errmsg + n, sizeof(r->errmsg) - (size_t) n, "read %zd of %d",
				 Max(got, (ssize_t) 0), WAL_PAGE_SIZE);
	r->read_errno = err;
	return false;
}

/*
 * Copy the page at page_start into r->page, reading ahead up to
 * WAL_READ_CHUNK bytes of its segment (replay reads WAL sequentially).
 * False, with the reason set by read_failed, if it cannot be read.
 */
static bool
read_page_bytes(WalReader *r, XLogRecPtr page_start)
{
	off_t		offset = (off_t) (page_start % WAL_SEGMENT_SIZE);

	if (r->chunk_len > 0 && page_start >= r->chunk_start &&
		page_start + WAL_PAGE_SIZE <= r->chunk_start + r->chunk_len)
	{
		memcpy(r->page, r->chunk + (page_start - r->chunk_start), WAL_PAGE_SIZE);
		return true;
	}
	if (FAULT_POINT("wal/reader/read-page"))
	{
		r->chunk_len = 0;
		return read_failed(r, page_start, errno != 0 ? errno : EIO, -1);
	}
	if (r->chunk == NULL && (r->chunk = malloc(WAL_READ_CHUNK)) == NULL)
	{
		/* No read-ahead buffer: one page at a time (errno 0 at EOF). */
		if (fo_read_full(r->fd, r->page, WAL_PAGE_SIZE, offset) != 0)
			return read_failed(r, page_start, errno, 0);
		return true;
	}

	size_t		want = (size_t) Min((uint64_t) WAL_READ_CHUNK,
									WAL_SEGMENT_SIZE - page_start % WAL_SEGMENT_SIZE);
	ssize_t		got = fo_pread(r->fd, r->chunk, want, offset);

	r->chunk_len = 0;
	if (got < 0)
		return read_failed(r, page_start, errno != 0 ? errno : EIO, got);
	if (got < WAL_PAGE_SIZE)
		return read_failed(r, page_start, 0, got);
	r->chunk_start = page_start;
	r->chunk_len = (size_t) got - (size_t) got % WAL_PAGE_SIZE;
	memcpy(r->page, r->chunk, WAL_PAGE_SIZE);
	return true;
}

/* Record why reading stopped: the message, then " at X/Y". */
static bool
fail(WalReader *r, XLogRecPtr at, const char *fmt,...) pg_printf_attr(3, 4);

static bool
fail(WalReader *r, XLogRecPtr at, const char *fmt,...)
{
	char		tmp[200];
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	snprintf(r->errmsg, sizeof(r->errmsg), "%s at %X/%X", tmp, LSN_FORMAT_ARGS(at));
	return false;
}

/* Load and check the page starting at page_start. */
static bool
load_page(WalReader *r, XLogRecPtr page_start)
{
	if (r->page_addr == page_start && page_start != InvalidXLogRecPtr)
		return true;
	r->page_addr = InvalidXLogRecPtr;

	uint64_t	segno = wal_segno(page_start);

	if (r->fd < 0 || r->fd_segno != segno)
	{
		char		name[WAL_FILE_NAME_LEN + 1];
		char		path[1100];

		if (r->fd >= 0)
			fo_close(r->fd);
		wal_file_name(name, WAL_TIMELINE, segno);
		snprintf(path, sizeof(path), "%s/%s", r->waldir, name);
		r->fd = fo_open(path, O_RDONLY, 0);
		if (r->fd < 0)
		{
			int			err = errno;

			snprintf(r->errmsg, sizeof(r->errmsg), "could not open file \"%s\": %s",
					 path, strerror(err));
			/* A segment that does not exist is past the end of WAL; one
			 * that exists but cannot be opened is an I/O error. */
			if (err != ENOENT)
				r->read_errno = err != 0 ? err : EIO;
			return false;
		}
		r->fd_segno = segno;
		r->chunk_len = 0;
	}
	if (!read_page_bytes(r, page_start))
		return false;

	WalLongPageHeader h;
	size_t		hsize = wal_page_header_size(page_start);

	memcpy(&h, r->page, hsize);
	if (h.std.magic != WAL_PAGE_MAGIC)
		return fail(r, page_start, "invalid magic number %04X in WAL page", h.std.magic);
	if (h.std.pageaddr != page_start)
		return fail(r, page_start, "unexpected pageaddr %X/%X in WAL page", LSN_FORMAT_ARGS(h.std.pageaddr));
	if (h.std.timeline != WAL_TIMELINE)
		return fail(r, page_start, "unexpected timeline ID %u in WAL page", h.std.timeline);
	if (((h.std.info & WAL_PAGE_LONG) != 0) != (hsize == sizeof(WalLongPageHeader)))
		return fail(r, page_start, "invalid info bits %04X in WAL page", h.std.info);
	if (hsize == sizeof(WalLongPageHeader))
	{
		if (h.segment_size != WAL_SEGMENT_SIZE || h.page_size != WAL_PAGE_SIZE)
			return fail(r, page_start, "WAL file has segment size %u, page size %u",
						h.segment_size, h.page_size);
		if (r->system_identifier != 0 && h.system_identifier != r->system_identifier)
			return fail(r, page_start, "WAL file is from a different database system: identifier %llu, expected %llu",
						(unsigned long long) h.system_identifier,
						(unsigned long long) r->system_identifier);
	}
	r->page_addr = page_start;
	return true;
}

/*
 * Copy len record bytes starting at *pos into dst; rec_left is how many
 * bytes of the record remain from *pos on (for continuation checks).
 */
static bool
gather(WalReader *r, XLogRecPtr *pos, char *dst, size_t len, uint32_t rec_left)
{
	while (len > 0)
	{
		XLogRecPtr	page_start = *pos - *pos % WAL_PAGE_SIZE;

		if (*pos == page_start)
		{
			/* The record continues on a new page. */
			if (!load_page(r, page_start))
				return false;

			WalPageHeader h;

			memcpy(&h, r->page, sizeof(h));
			if (!(h.info & WAL_PAGE_CONT) || h.rem_len != rec_left)
				return fail(r, page_start, "invalid contrecord length %u (expected %u)",
							h.rem_len, rec_left);
			*pos += wal_page_header_size(page_start);
			continue;
		}
		if (!load_page(r, page_start))
			return false;

		size_t		off = *pos % WAL_PAGE_SIZE;
		size_t		n = Min(len, WAL_PAGE_SIZE - off);

		memcpy(dst, r->page + off, n);
		dst += n;
		len -= n;
		rec_left -= (uint32_t) n;
		*pos += n;
	}
	return true;
}

const WalRecordHeader *
walreader_read(WalReader *r, XLogRecPtr lsn)
{
	bool		check_prev = (lsn == InvalidXLogRecPtr);
	XLogRecPtr	pos = check_prev ? r->end_ptr : lsn;

	r->errmsg[0] = '\0';
	r->read_errno = 0;
	if (pos == InvalidXLogRecPtr)
	{
		snprintf(r->errmsg, sizeof(r->errmsg), "no starting position");
		return NULL;
	}
	/* A record starts after the header of the page it is on. */
	if (pos % WAL_PAGE_SIZE == 0)
	{
		if (!load_page(r, pos))
			return NULL;

		WalPageHeader h;

		memcpy(&h, r->page, sizeof(h));
		if (h.info & WAL_PAGE_CONT)
		{
			fail(r, pos, "unexpected contrecord");
			return NULL;
		}
		pos += wal_page_header_size(pos);
	}
	if (pos % 8 != 0 || pos % WAL_PAGE_SIZE < wal_page_header_size(pos - pos % WAL_PAGE_SIZE))
	{
		fail(r, pos, "invalid record offset");
		return NULL;
	}

	XLogRecPtr	start = pos;
	uint32_t	tot_len;

	if (!load_page(r, pos - pos % WAL_PAGE_SIZE))
		return NULL;
	memcpy(&tot_len, r->page + pos % WAL_PAGE_SIZE, sizeof(tot_len));
	if (tot_len < WAL_RECORD_MIN_SIZE || tot_len > WAL_MAX_RECORD_SIZE)
	{
		snprintf(r->errmsg, sizeof(r->errmsg), "invalid record length at %X/%X: wanted %u, got %u",
				 LSN_FORMAT_ARGS(start), WAL_RECORD_MIN_SIZE, tot_len);
		return NULL;
	}
	if (r->buf_size < tot_len)
	{
		char	   *nb = realloc(r->buf, WAL_MAX_RECORD_SIZE);

		if (nb == NULL)
		{
			/* Not the end of WAL either: the caller must not stop here. */
			snprintf(r->errmsg, sizeof(r->errmsg), "out of memory while reading WAL at %X/%X",
					 LSN_FORMAT_ARGS(start));
			r->read_errno = ENOMEM;
			return NULL;
		}
		r->buf = nb;
		r->buf_size = WAL_MAX_RECORD_SIZE;
	}
	if (!gather(r, &pos, r->buf, tot_len, tot_len))
		return NULL;

	WalRecordHeader *hdr = (WalRecordHeader *) r->buf;

	if (check_prev && hdr->prev != r->read_ptr)
	{
		fail(r, start, "record with incorrect prev-link %X/%X", LSN_FORMAT_ARGS(hdr->prev));
		return NULL;
	}
	if (hdr->rmid > RM_MAX_ID)
	{
		fail(r, start, "invalid resource manager ID %u", hdr->rmid);
		return NULL;
	}
	uint32_t	crc = crc32c(crc32c_init(), r->buf + sizeof(*hdr), tot_len - sizeof(*hdr));

	crc = crc32c_finish(crc32c(crc, hdr, offsetof(WalRecordHeader, crc)));
	if (crc != hdr->crc)
	{
		fail(r, start, "incorrect resource manager data checksum in record");
		return NULL;
	}
	r->read_ptr = start;
	r->end_ptr = WAL_ALIGN(pos);
	return hdr;
}

XLogRecPtr
walreader_find_first(WalReader *r, XLogRecPtr page_start)
{
	XLogRecPtr	pos = page_start - page_start % WAL_PAGE_SIZE;
	WalPageHeader h;

	r->errmsg[0] = '\0';
	r->read_errno = 0;
	if (!load_page(r, pos))
		return InvalidXLogRecPtr;
	memcpy(&h, r->page, sizeof(h));
	pos += wal_page_header_size(pos);
	if (!(h.info & WAL_PAGE_CONT))
		return pos;

	/* Skip the continued record's remaining bytes, page by page. */
	uint32_t	left = h.rem_len;

	while (left > 0)
	{
		if (pos % WAL_PAGE_SIZE == 0)
		{
			if (!load_page(r, pos))
				return InvalidXLogRecPtr;
			pos += wal_page_header_size(pos);
			continue;
		}
		uint32_t	n = (uint32_t) Min((uint64_t) left, WAL_PAGE_SIZE - pos % WAL_PAGE_SIZE);

		pos += n;
		left -= n;
	}
	return WAL_ALIGN(pos);
}

/* ---- decoding ---- */

static bool
decode_fail(char *err, size_t errlen, const char *what, int block)
{
	snprintf(err, errlen, "%s (block %d)", what, block);
	return false;
}

static bool
check_delta(const char *data, size_t len)
{
	size_t		o = 0;

	while (o < len)
	{
		WalDeltaFragment f;

		if (len - o < sizeof(f))
			return false;
		memcpy(&f, data + o, sizeof(f));
		o += sizeof(f);
		if (f.length == 0 || f.offset < WAL_DELTA_SKIP || (size_t) f.offset + f.length > BLCKSZ ||
			len - o < f.length)
			return false;
		o += f.length;
	}
	return true;
}

bool
wal_decode(const WalRecordHeader *rec, WalDecoded *out, char *err, size_t errlen)
{
	const char *p = (const char *) rec + sizeof(*rec);
	size_t		left = rec->tot_len - sizeof(*rec);

	memset(out, 0, sizeof(*out));
	out->hdr = rec;
	if (rec->tot_len < sizeof(*rec))
		return decode_fail(err, errlen, "record shorter than its header", -1);
	if (rec->nblocks > WAL_MAX_BLOCKS)
		return decode_fail(err, errlen, "too many block references", rec->nblocks);
	for (int i = 0; i < rec->nblocks; i++)
	{
		WalDecodedBlock *b = &out->blocks[i];

		if (left < sizeof(WalBlockRef))
			return decode_fail(err, errlen, "truncated block reference", i);
		memcpy(&b->ref, p, sizeof(WalBlockRef));
		p += sizeof(WalBlockRef);
		left -= sizeof(WalBlockRef);
		if (b->ref.data_len > left)
			return decode_fail(err, errlen, "block data beyond record end", i);
		b->data = p;
		if (b->ref.kind == WAL_BLOCK_IMAGE)
		{
			if ((size_t) b->ref.hole_offset + b->ref.hole_length > BLCKSZ ||
				b->ref.data_len != BLCKSZ - b->ref.hole_length)
				return decode_fail(err, errlen, "invalid page image lengths", i);
		}
		else if (b->ref.kind == WAL_BLOCK_DELTA)
		{
			if (!check_delta(p, b->ref.data_len))
				return decode_fail(err, errlen, "invalid page delta", i);
		}
		else
			return decode_fail(err, errlen, "invalid block kind", i);
		p += b->ref.data_len;
		left -= b->ref.data_len;
	}
	out->nblocks = rec->nblocks;
	out->main_data = p;
	out->main_len = left;
	return true;
}
