/*-------------------------------------------------------------------------
 * walredo.h
 *	  Applying one WAL record to the database (replay).
 *
 * Page changes replay the same way whatever the resource manager: a page
 * image is restored unconditionally; a delta is applied only when the
 * page's LSN is older than the record's end, so replaying a record twice
 * (a crash during recovery, or a page written after the redo point)
 * changes nothing the second time.  Every page replayed gets the record's
 * end as its LSN and is marked dirty.
 *
 * Non-page records: XACT commit/abort set the CLOG status (with the
 * record's LSN, see clog.h) and unlink the files the transaction dropped
 * (commit) or created (abort); SMGR create creates the file if missing;
 * checkpoints move the id counters forward.
 *
 * Extension: an image for a block past the end of its file (the crash lost
 * an unsynced extension) first grows the file with zero blocks.
 *
 * Invalid pages: a delta for a block past the end of its file, or for a
 * file that does not exist, is skipped and remembered; a later record
 * that drops the file forgets it (the file was legitimately removed after
 * the change).  wal_redo_check_invalid_pages() at the end of recovery
 * PANICs if any remain: WAL then references pages that never existed.
 *-------------------------------------------------------------------------
 */
#ifndef WALREDO_H
#define WALREDO_H

#include "access/wal/walreader.h"

/* Apply rec (decoded), which starts at start and ends at end. */
void		wal_redo(const WalDecoded *rec, XLogRecPtr start, XLogRecPtr end);

/* Apply one page image or delta to page (for replay and unit tests);
 * false if the delta was skipped because page_lsn >= end. */
bool		wal_redo_apply_block(const WalDecodedBlock *b, char *page, XLogRecPtr end);

void		wal_redo_check_invalid_pages(void);
int			wal_redo_invalid_page_count(void);

#endif							/* WALREDO_H */
