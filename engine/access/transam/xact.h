/*-------------------------------------------------------------------------
 * xact.h
 *	  Transactions: the block state machine (BEGIN/COMMIT/ROLLBACK and
 *	  implicit transactions), transaction ids, command ids, snapshots for
 *	  READ COMMITTED / REPEATABLE READ, and commit/abort callbacks.
 *
 * Role: tcop brackets every statement with xact_start_command() and
 * xact_commit_command(); errors go through xact_abort_current().  The SQL
 * layer calls the block functions for BEGIN/COMMIT/ROLLBACK.  Storage code
 * asks for the current xid (assigned lazily, at the first write) and
 * command id, and for snapshots.
 *
 * Invariants:
 *	- A transaction gets an xid only when it first writes; read-only
 *	  transactions never consume xids or touch CLOG.
 *	- Commit order: CLOG marks the xid committed, then the xid leaves the
 *	  proc array (under LWLOCK_PROC_ARRAY exclusive).  A snapshot taken in
 *	  between sees it still running, which is safe; the reverse order would
 *	  let a snapshot miss a committed transaction.
 *	- Abort marks CLOG aborted; the tuples it wrote stay on disk but are
 *	  invisible to everyone, and VACUUM removes them later.
 *	- The command id increments after each statement that wrote, so a
 *	  statement never sees its own changes (Halloween protection) but the
 *	  next statement of the same transaction does.
 *
 * See also: access/transam/README.md, access/transam/snapshot.h,
 * access/transam/clog.h.
 *-------------------------------------------------------------------------
 */
#ifndef XACT_H
#define XACT_H

#include "common/minipg.h"
#include "storage/smgr/smgr.h"

/* ---- statement brackets (tcop) ---- */

/* Ensure a transaction is open for the next statement. */
void		xact_start_command(void);
/*
 * End of a statement: outside a block, commit; inside a block, advance the
 * command counter; after COMMIT/ROLLBACK, finish the block.
 */
void		xact_commit_command(void);
/* After an ERROR: abort the transaction, or enter the failed-block state. */
void		xact_abort_current(void);

/* ---- transaction blocks (SQL layer) ---- */

/* BEGIN / START TRANSACTION.  WARNING 25001 if already in a block. */
void		xact_begin_block(void);
/*
 * COMMIT / END.  Returns false if the block had failed (the command tag is
 * then ROLLBACK, as PostgreSQL reports).  WARNING 25P01 outside a block.
 */
bool		xact_end_block(void);
/* ROLLBACK / ABORT.  WARNING 25P01 outside a block. */
void		xact_user_abort_block(void);
/* A multi-statement simple Query runs as one implicit block. */
void		xact_begin_implicit_block(void);
void		xact_end_implicit_block(void);
/* ERROR 25001 "%s cannot run inside a transaction block" when in one. */
void		xact_prevent_in_block(const char *stmt_name);

bool		xact_in_block(void);
/* In a failed block: only ROLLBACK (or COMMIT) is accepted. */
bool		xact_in_aborted_block(void);
/* ReadyForQuery status: 'I' idle, 'T' in block, 'E' failed block. */
char		xact_status_char(void);
/* Is any transaction (implicit or block) currently open? */
bool		xact_is_open(void);
/*
 * Did a transaction that wrote (had an xid) commit since the last call?
 * Clears the flag.  The backend asks before sending ReadyForQuery, where
 * the fault point xact/commit/before-reply sits.
 */
bool		xact_take_commit_reply(void);

/* Isolation level of the current transaction (XACT_* from guc.h). */
int			xact_isolation_level(void);
void		xact_set_isolation_level(int level);	/* before first snapshot */
void		xact_set_read_only(bool read_only);
bool		xact_read_only(void);

/* ---- ids ---- */

/* The current xid, assigning one if the transaction has none yet. */
TransactionId xact_get_xid(void);
/* The current xid if assigned, else InvalidTransactionId. */
TransactionId xact_get_xid_if_any(void);
CommandId	xact_get_cid(void);
/* Make this statement's changes visible to the next command. */
void		xact_command_counter_increment(void);
/* Is xid the current transaction's own xid? */
bool		xact_is_current_xid(TransactionId xid);
/* Increments at every statement start (snapshot reuse within a statement). */
uint64_t	xact_statement_seq(void);
/* Start time of the current transaction (now(), CURRENT_TIMESTAMP). */
int64_t		xact_start_timestamp_us(void);
/* Start time of the current statement (statement_timestamp()). */
int64_t		xact_statement_timestamp_us(void);

/* In a forked child (standalone mode): start with no transaction. */
void		xact_forget_after_fork(void);

/* ---- callbacks ---- */

typedef enum XactEvent
{
	XACT_EVENT_PRE_COMMIT,		/* may still ERROR (abort instead) */
	XACT_EVENT_COMMIT,			/* after commit; must not ERROR */
	XACT_EVENT_ABORT,			/* after abort; must not ERROR */
} XactEvent;

typedef void (*XactCallback) (XactEvent event, void *arg);
/* Register for the life of the process (again with the same fn and arg:
 * ignored, so each callback runs once per event). */
void		xact_register_callback(XactCallback fn, void *arg);

/*
 * Set by catalog/storage.c: the files this transaction drops if it
 * commits (at_commit) or created and removes if it aborts; they go into
 * the commit/abort record so that replay unlinks them too.  Returns the
 * count and a palloc'd array in *rels.
 */
extern int	(*xact_pending_files_hook) (bool at_commit, RelFileLocator **rels);

#endif							/* XACT_H */
