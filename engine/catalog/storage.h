/*-------------------------------------------------------------------------
 * storage.h
 *	  Relation files that follow transactions: created now but removed if
 *	  the transaction aborts; dropped only if it commits.
 *
 * Invariants:
 *	- A file created by an aborted transaction is unlinked at abort.
 *	- A file dropped (DROP TABLE, TRUNCATE's old file) is unlinked only
 *	  after its transaction committed, and its buffers are discarded first
 *	  (never written back to a file that no longer exists).
 *	- Failures after commit are WARNINGs (the transaction is already
 *	  committed; a leftover file wastes space but harms nothing).
 *	- Creation is WAL-logged before the file exists; the files to unlink
 *	  travel in the commit/abort record (xact_pending_files_hook), so
 *	  replay creates and removes exactly what the original run did.
 *-------------------------------------------------------------------------
 */
#ifndef CATALOG_STORAGE_H
#define CATALOG_STORAGE_H

#include "storage/smgr/smgr.h"

/* Create an empty file; it is removed again if the transaction aborts. */
void		storage_create(RelFileLocator rl);
/* Unlink the file when (if) the transaction commits. */
void		storage_drop_at_commit(RelFileLocator rl);
/* Register the transaction callback (once per process). */
void		storage_init(void);

#endif							/* CATALOG_STORAGE_H */
