/*-------------------------------------------------------------------------
 * walinsert.h
 *	  Building and inserting WAL records.
 *
 * How a page change is logged (the pattern every caller follows):
 *
 *		wal_begin();
 *		wal_register_buffer(buf, 0);		// exclusive-locked, BEFORE the change
 *		wal_register_data(&info, sizeof(info));	// optional main data
 *		START_CRIT_SECTION();
 *		... change the page(s) ...
 *		bufmgr_mark_dirty(buf);
 *		wal_insert(RM_HEAP, WAL_HEAP_INSERT);	// sets every registered page's LSN
 *		END_CRIT_SECTION();
 *
 * wal_register_buffer() keeps a copy of the page as it was; wal_insert()
 * compares it with the page as it is and logs the changed bytes (a delta),
 * or the whole page when it is the first change since the redo point of
 * the latest checkpoint (its LSN is at or below wal_redo_pointer()), when
 * the caller forces it (WAL_REGISTER_IMAGE), or when the delta would not
 * be smaller.  Replay is therefore the same for every kind of page change:
 * restore the image or apply the delta (walredo.c).
 *
 * Invariants:
 *	- Between wal_begin() and wal_insert() the caller holds the exclusive
 *	  content lock of every registered buffer, and changes only registered
 *	  pages.
 *	- wal_insert() runs inside the caller's critical section: it cannot
 *	  fail except by PANIC.
 *	- One record at a time per process; an ERROR between wal_begin and
 *	  wal_insert leaves the builder to wal_reset() (error cleanup).
 *	- At most WAL_MAX_BLOCKS buffers and WAL_MAX_MAIN_DATA bytes.
 *-------------------------------------------------------------------------
 */
#ifndef WALINSERT_H
#define WALINSERT_H

#include "access/wal/walformat.h"
#include "storage/buffer/bufmgr.h"

/* wal_register_buffer flags */
#define WAL_REGISTER_IMAGE	0x01	/* always log the whole page */

void		wal_begin(void);
void		wal_register_buffer(Buffer buf, int flags);
void		wal_register_data(const void *data, size_t len);
/*
 * Insert the record; returns its end LSN, which is also stored as the LSN
 * of every registered page.  The record's xid is the current transaction's
 * (0 if it has none).  When the registered pages are local buffers (a
 * temporary relation's), nothing is logged, no LSN is set and the result
 * is InvalidXLogRecPtr; a record may not mix local and shared buffers.
 */
XLogRecPtr	wal_insert(uint8_t rmid, uint8_t info);
/* Same, with an explicit xid (commit/abort records name their own). */
XLogRecPtr	wal_insert_xid(uint8_t rmid, uint8_t info, TransactionId xid);
/* Forget a record being built (error cleanup). */
void		wal_reset(void);

/*
 * A record with only main data (no pages): checkpoints, commit, abort,
 * file creation.  Returns the end LSN; *start_out (if not NULL) the start.
 */
XLogRecPtr	wal_insert_simple(uint8_t rmid, uint8_t info, TransactionId xid,
							  const void *data, size_t len, XLogRecPtr *start_out);

/*
 * Hint bits are about to be set on a page not yet dirty: if its LSN is at
 * or below the redo pointer, log a full image first (WAL_XLOG_FPI_FOR_HINT)
 * so a torn write of the page can be repaired.  mark_dirty(buf, lsn) is
 * called while the WAL insert lock is still held, so no checkpoint can
 * begin between the image and the buffer becoming dirty.  Returns false
 * (and does nothing) when no image is needed.  Installed as
 * bufmgr_hint_wal_hook.
 */
bool		wal_log_hint_image(Buffer buf, void (*mark_dirty) (Buffer buf, XLogRecPtr lsn));

/* Install the hooks through which bufmgr follows the WAL rule. */
void		wal_install_bufmgr_hooks(void);

#endif							/* WALINSERT_H */
