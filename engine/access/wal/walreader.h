/*-------------------------------------------------------------------------
 * walreader.h
 *	  Reading WAL records back from segment files, validating everything.
 *
 * Role: the startup process reads the checkpoint record and then replays
 * record after record with it; minipg_waldump prints them; a future WAL
 * sender will ship them.  The reader never trusts a byte: every page
 * header, length, back link, block reference and CRC is checked, and the
 * first record that fails a check is where WAL ends (the reason is kept
 * in errmsg, e.g. "invalid record length at 0/1A2B3C8: wanted 24, got 0").
 *
 * An I/O error is not the end of WAL: when a segment cannot be opened for
 * any reason but its absence, or a page cannot be read (pread fails), the
 * read returns NULL with read_errno set and PostgreSQL's message in errmsg
 * ("could not read from WAL segment 000000010000000000000003, LSN
 * 0/3040000, offset 262144: Input/output error").  The records after that
 * page may well be valid and committed: recovery must fail rather than
 * end there (walrecovery.c).  A missing segment, or one shorter than the
 * page wanted, is the end of WAL (read_errno 0).
 *
 * Usage:
 *		WalReader r;
 *		walreader_init(&r, "pg_wal", sysid);	// sysid 0: accept any
 *		rec = walreader_read(&r, start_lsn);	// first record
 *		while ((rec = walreader_read(&r, InvalidXLogRecPtr)) != NULL) ...
 *		walreader_close(&r);
 * r.read_ptr / r.end_ptr are the last record's start and end.
 *
 * The reader reads ahead (WAL_READ_CHUNK bytes of a segment at a time): it
 * assumes the bytes it reads do not change meanwhile, which holds for
 * replay and the tools; a reader of WAL still being written would have to
 * drop its read-ahead at the flush position.
 *-------------------------------------------------------------------------
 */
#ifndef WALREADER_H
#define WALREADER_H

#include "access/wal/walformat.h"

/* Bytes read from a segment file at a time (whole pages). */
#define WAL_READ_CHUNK	(32 * WAL_PAGE_SIZE)

typedef struct WalReader
{
	char		waldir[1024];
	uint64_t	system_identifier;	/* 0: do not check */
	int			fd;				/* open segment, -1 if none */
	uint64_t	fd_segno;
	char		page[WAL_PAGE_SIZE];
	XLogRecPtr	page_addr;		/* page[] holds this page; Invalid if none */
	char	   *chunk;			/* read-ahead: WAL_READ_CHUNK bytes of one segment */
	XLogRecPtr	chunk_start;
	size_t		chunk_len;		/* valid bytes in chunk (0: none) */
	XLogRecPtr	read_ptr;		/* start of the last record returned */
	XLogRecPtr	end_ptr;		/* its end: where the next record starts */
	char	   *buf;			/* the last record, reassembled */
	size_t		buf_size;
	char		errmsg[256];	/* why the last read returned NULL */
	int			read_errno;		/* non-zero: it returned NULL on an I/O error
								 * (this errno), not at the end of WAL */
} WalReader;

void		walreader_init(WalReader *r, const char *waldir, uint64_t system_identifier);
void		walreader_close(WalReader *r);

/*
 * Read the record starting at lsn, or the one after the last record read
 * when lsn is InvalidXLogRecPtr (then its back link must name the last
 * record).  Returns the record (valid until the next call) or NULL at the
 * end of valid WAL, with the reason in r->errmsg; or NULL on an I/O error,
 * with r->read_errno set as well.
 */
const WalRecordHeader *walreader_read(WalReader *r, XLogRecPtr lsn);

/*
 * The start of the first record that begins at or after page_start (a
 * page's first byte): skips the tail of a record continued from the
 * previous page.  InvalidXLogRecPtr (reason in errmsg, read_errno set on
 * an I/O error) if the page cannot be read or is invalid.  Tools use it to
 * start at a segment's beginning.
 */
XLogRecPtr	walreader_find_first(WalReader *r, XLogRecPtr page_start);

/* A record split into its parts (pointers into the record). */
typedef struct WalDecodedBlock
{
	WalBlockRef ref;
	const char *data;			/* ref.data_len bytes */
} WalDecodedBlock;

typedef struct WalDecoded
{
	const WalRecordHeader *hdr;
	int			nblocks;
	WalDecodedBlock blocks[WAL_MAX_BLOCKS];
	const char *main_data;
	size_t		main_len;
} WalDecoded;

/*
 * Split a CRC-checked record into block references and main data,
 * checking every length and offset.  False (with a reason) if malformed.
 */
bool		wal_decode(const WalRecordHeader *rec, WalDecoded *out, char *err, size_t errlen);

#endif							/* WALREADER_H */
