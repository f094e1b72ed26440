/*-------------------------------------------------------------------------
 * xact.c
 *	  The transaction block state machine (see xact.h).
 *
 * Block states (PostgreSQL's TBLOCK_* simplified):
 *	DEFAULT		no transaction open
 *	STARTED		implicit transaction for one statement
 *	IMPLICIT	multi-statement simple Query, no explicit BEGIN
 *	INPROGRESS	inside BEGIN ... COMMIT
 *	ABORT		inside a block that failed: only ROLLBACK/COMMIT allowed
 *	END			COMMIT seen; commit at the end of this command
 *	ABORT_END	ROLLBACK (or COMMIT of a failed block) seen; finish aborting
 *	ABORT_PENDING ROLLBACK seen in a good block; abort at end of command
 *-------------------------------------------------------------------------
 */
#include "access/transam/xact.h"

#include "access/transam/clog.h"
#include "access/transam/procarray.h"
#include "access/transam/varsup.h"
#include "access/wal/wal.h"
#include "access/wal/walformat.h"
#include "access/wal/walinsert.h"
#include "faults/faultpoint.h"
#include "storage/ipc/proc.h"
#include "storage/lmgr/lock.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

typedef enum TBlockState
{
	TBLOCK_DEFAULT,
	TBLOCK_STARTED,
	TBLOCK_IMPLICIT,
	TBLOCK_BEGIN,
	TBLOCK_INPROGRESS,
	TBLOCK_ABORT,
	TBLOCK_END,
	TBLOCK_ABORT_END,
	TBLOCK_ABORT_PENDING,
} TBlockState;

#define MAX_XACT_CALLBACKS 16

static TBlockState block_state = TBLOCK_DEFAULT;
static bool xact_open = false;
static TransactionId current_xid = InvalidTransactionId;
static uint64_t statement_seq = 0;
static CommandId current_cid = 0;
static bool cid_used = false;
static int64_t xact_start_us = 0;
static int64_t stmt_start_us = 0;
static int	isolation_level = XACT_READ_COMMITTED;
static bool read_only = false;
/* A transaction with an xid committed since the last xact_take_commit_reply(). */
static bool commit_reply_pending = false;

static struct
{
	XactCallback fn;
	void	   *arg;
}			callbacks[MAX_XACT_CALLBACKS];
static int	n_callbacks = 0;

void
xact_register_callback(XactCallback fn, void *arg)
{
	/* Registering again is a no-op: a session set up twice in one process
	 * (the fuzz driver runs thousands) must not fill the table. */
	for (int i = 0; i < n_callbacks; i++)
		if (callbacks[i].fn == fn && callbacks[i].arg == arg)
			return;
	if (n_callbacks >= MAX_XACT_CALLBACKS)
		elog(FATAL, "too many transaction callbacks");
	callbacks[n_callbacks].fn = fn;
	callbacks[n_callbacks].arg = arg;
	n_callbacks++;
}

static void
call_callbacks(XactEvent ev)
{
	for (int i = 0; i < n_callbacks; i++)
		callbacks[i].fn(ev, callbacks[i].arg);
}

static void
start_transaction(void)
{
	Assert(!xact_open);
	xact_open = true;
	current_cid = 0;
	cid_used = false;
	xact_start_us = stmt_start_us;
	isolation_level = guc_default_transaction_isolation;
	read_only = guc_default_transaction_read_only;
	if (TransactionContext == NULL)
		TransactionContext = memctx_create(TopMemoryContext, "TopTransactionContext");
	proc_set_xact_start(xact_start_us);
}

static void
finish_transaction(void)
{
	xact_open = false;
	if (TransactionContext != NULL)
		memctx_reset(TransactionContext);
	proc_set_xact_start(0);
}

/* The main data of a commit or abort record (palloc'd before the
 * critical section, where nothing may fail). */
typedef struct XactRecordData
{
	char	   *data;
	size_t		len;
	int			nrels;
} XactRecordData;

int			(*xact_pending_files_hook) (bool at_commit, RelFileLocator **rels) = NULL;

static void
prepare_xact_record(XactRecordData *rec, bool commit)
{
	RelFileLocator *rels = NULL;
	int			npending = xact_pending_files_hook ? xact_pending_files_hook(commit, &rels) : 0;
	int			nrels = 0;
	WalXactFinish f;

	/* Temporary relations' files are not named: WAL never names them. */
	for (int i = 0; i < npending; i++)
		nrels += !relfilelocator_is_temp(rels[i]);
	memset(&f, 0, sizeof(f));
	f.time_us = now_us();
	f.nrels = nrels;
	rec->len = sizeof(f) + (size_t) nrels * sizeof(WalRelFile);
	rec->data = palloc(rec->len);
	rec->nrels = nrels;
	memcpy(rec->data, &f, sizeof(f));
	for (int i = 0, n = 0; i < npending; i++)
	{
		if (relfilelocator_is_temp(rels[i]))
			continue;
		WalRelFile	wf = wal_relfile(rels[i]);

		memcpy(rec->data + sizeof(f) + (size_t) n++ * sizeof(wf), &wf, sizeof(wf));
	}
}

/*
 * Commit: callbacks that may still fail run first; then the point of no
 * return: the commit record goes into WAL and (synchronous commit) is
 * flushed, CLOG says committed, then we leave the proc array (xact.h
 * explains why in this order).  A transaction that drops files always
 * commits synchronously: the files are unlinked right after, and the
 * commit must not be lost once they are gone.  A read-only transaction
 * has no xid, writes no record and only clears its snapshot horizon.
 */
static void
commit_transaction(void)
{
	call_callbacks(XACT_EVENT_PRE_COMMIT);

	/* Read after the callbacks: one may write (ON COMMIT DROP). */
	TransactionId xid = current_xid;

	if (TransactionIdIsValid(xid))
	{
		XactRecordData rec;

		prepare_xact_record(&rec, true);

#ifdef MINIPG_PLANTED_BUG_COMMIT_REPLY_BEFORE_FLUSH
		/*
		 * PLANTED BUG commit-reply-before-flush (docs/planted-bugs.md; test
		 * builds only): "&&" where "||" belongs, so only a commit that drops
		 * files waits for its WAL flush.  Every other commit is acknowledged
		 * with its record still in the WAL buffers, durable only once the
		 * WAL writer gets to it (up to wal_writer_delay later): a crash in
		 * between loses a transaction the client was told had committed.
		 */
		bool		sync = guc_synchronous_commit > SYNCHRONOUS_COMMIT_OFF && rec.nrels > 0;
#else
		bool		sync = guc_synchronous_commit > SYNCHRONOUS_COMMIT_OFF || rec.nrels > 0;
#endif

		/* Still abortable here: "error" takes the ordinary abort path. */
		FAULT_MARK("xact/commit/before-wal-insert");
		START_CRIT_SECTION();
		XLogRecPtr	lsn = wal_insert_simple(RM_XACT, WAL_XACT_COMMIT, xid, rec.data, rec.len, NULL);

		/* Steps inside the critical section: "error" there is a PANIC. */
		FAULT_MARK("xact/commit/after-wal-insert");
		if (sync)
			wal_flush(lsn);
		else
			wal_note_async_commit(lsn);
		FAULT_MARK("xact/commit/after-wal-flush");
		clog_set_status(xid, CLOG_STATUS_COMMITTED, lsn);
		FAULT_MARK("xact/commit/after-clog-update");
		END_CRIT_SECTION();
		commit_reply_pending = true;
	}
	procarray_end_xact(xid);
	current_xid = InvalidTransactionId;
	/* Locks go only after the outcome is visible to everyone. */
	lock_release_all();
	guc_at_xact_end(true);
	call_callbacks(XACT_EVENT_COMMIT);
	finish_transaction();
}

/*
 * Abort: an abort record (not flushed: losing it in a crash changes
 * nothing, an xid with no outcome is aborted), CLOG, then the rest.
 */
static void
abort_transaction(void)
{
	TransactionId xid = current_xid;

	if (!xact_open)
		return;
	if (TransactionIdIsValid(xid))
	{
		XactRecordData rec;

		prepare_xact_record(&rec, false);
		FAULT_MARK("xact/abort/before-wal-insert");
		START_CRIT_SECTION();
		XLogRecPtr	lsn = wal_insert_simple(RM_XACT, WAL_XACT_ABORT, xid, rec.data, rec.len, NULL);

		clog_set_status(xid, CLOG_STATUS_ABORTED, lsn);
		FAULT_MARK("xact/abort/after-clog-update");
		END_CRIT_SECTION();
	}
	if (MyProc != NULL)
	{
		procarray_end_xact(xid);
		lock_release_all();
	}
	current_xid = InvalidTransactionId;
	guc_at_xact_end(false);
	call_callbacks(XACT_EVENT_ABORT);
	finish_transaction();
}

bool
xact_take_commit_reply(void)
{
	bool		pending = commit_reply_pending;

	commit_reply_pending = false;
	return pending;
}

TransactionId
xact_get_xid(void)
{
	if (!TransactionIdIsValid(current_xid))
	{
		if (!xact_open)
			elog(ERROR, "cannot assign a transaction id outside a transaction");
		if (read_only)
			ereport(ERROR, errcode(ERRCODE_READ_ONLY_SQL_TRANSACTION),
					errmsg("cannot execute this statement in a read-only transaction"));
		current_xid = varsup_assign_xid();
	}
	return current_xid;
}

TransactionId
xact_get_xid_if_any(void)
{
	return current_xid;
}

bool
xact_is_current_xid(TransactionId xid)
{
	return TransactionIdIsValid(xid) && xid == current_xid;
}

uint64_t
xact_statement_seq(void)
{
	return statement_seq;
}

void
xact_forget_after_fork(void)
{
	block_state = TBLOCK_DEFAULT;
	xact_open = false;
	current_xid = InvalidTransactionId;
	TransactionContext = NULL;
}

void
xact_start_command(void)
{
	stmt_start_us = now_us();
	statement_seq++;
	switch (block_state)
	{
		case TBLOCK_DEFAULT:
			start_transaction();
			block_state = TBLOCK_STARTED;
			break;
		default:
			break;
	}
}

void
xact_commit_command(void)
{
	switch (block_state)
	{
		case TBLOCK_DEFAULT:
			break;
		case TBLOCK_STARTED:
			commit_transaction();
			block_state = TBLOCK_DEFAULT;
			break;
		case TBLOCK_BEGIN:
			block_state = TBLOCK_INPROGRESS;
			break;
		case TBLOCK_IMPLICIT:
		case TBLOCK_INPROGRESS:
			xact_command_counter_increment();
			break;
		case TBLOCK_END:
			commit_transaction();
			block_state = TBLOCK_DEFAULT;
			break;
		case TBLOCK_ABORT:
			break;
		case TBLOCK_ABORT_END:
			abort_transaction();
			block_state = TBLOCK_DEFAULT;
			break;
		case TBLOCK_ABORT_PENDING:
			abort_transaction();
			block_state = TBLOCK_DEFAULT;
			break;
	}
}

void
xact_abort_current(void)
{
	switch (block_state)
	{
		case TBLOCK_DEFAULT:
			abort_transaction();
			break;
		case TBLOCK_STARTED:
		case TBLOCK_IMPLICIT:
		case TBLOCK_ABORT_END:
		case TBLOCK_ABORT_PENDING:
			abort_transaction();
			block_state = TBLOCK_DEFAULT;
			break;

			/*
			 * The COMMIT itself failed: the transaction is over (rolled
			 * back) and the session back to idle, as in PostgreSQL; there
			 * is no block left for a ROLLBACK to end.
			 */
		case TBLOCK_END:
			abort_transaction();
			block_state = TBLOCK_DEFAULT;
			break;
		case TBLOCK_BEGIN:
		case TBLOCK_INPROGRESS:
			abort_transaction();
			block_state = TBLOCK_ABORT;
			break;
		case TBLOCK_ABORT:
			break;
	}
}

void
xact_begin_block(void)
{
	switch (block_state)
	{
		case TBLOCK_STARTED:
		case TBLOCK_IMPLICIT:
			block_state = TBLOCK_BEGIN;
			break;
		case TBLOCK_INPROGRESS:
		case TBLOCK_ABORT:
			ereport(WARNING, errcode(ERRCODE_ACTIVE_SQL_TRANSACTION),
					errmsg("there is already a transaction in progress"));
			break;
		default:
			elog(FATAL, "BEGIN: unexpected transaction block state %d", (int) block_state);
	}
}

bool
xact_end_block(void)
{
	switch (block_state)
	{
		case TBLOCK_INPROGRESS:
			block_state = TBLOCK_END;
			return true;
		case TBLOCK_ABORT:
			block_state = TBLOCK_ABORT_END;
			return false;
		case TBLOCK_STARTED:
		case TBLOCK_IMPLICIT:
			ereport(WARNING, errcode(ERRCODE_NO_ACTIVE_SQL_TRANSACTION),
					errmsg("there is no transaction in progress"));
			return true;
		default:
			elog(FATAL, "COMMIT: unexpected transaction block state %d", (int) block_state);
	}
	return true;
}

void
xact_user_abort_block(void)
{
	switch (block_state)
	{
		case TBLOCK_INPROGRESS:
			block_state = TBLOCK_ABORT_PENDING;
			break;
		case TBLOCK_ABORT:
			block_state = TBLOCK_ABORT_END;
			break;
		case TBLOCK_STARTED:
		case TBLOCK_IMPLICIT:
			ereport(WARNING, errcode(ERRCODE_NO_ACTIVE_SQL_TRANSACTION),
					errmsg("there is no transaction in progress"));
			block_state = TBLOCK_ABORT_PENDING;
			break;
		default:
			elog(FATAL, "ROLLBACK: unexpected transaction block state %d", (int) block_state);
	}
}

void
xact_begin_implicit_block(void)
{
	if (block_state == TBLOCK_STARTED)
		block_state = TBLOCK_IMPLICIT;
}

void
xact_end_implicit_block(void)
{
	if (block_state == TBLOCK_IMPLICIT)
		block_state = TBLOCK_STARTED;
}

void
xact_prevent_in_block(const char *stmt_name)
{
	if (block_state != TBLOCK_STARTED && block_state != TBLOCK_DEFAULT)
		ereport(ERROR, errcode(ERRCODE_ACTIVE_SQL_TRANSACTION),
				errmsg("%s cannot run inside a transaction block", stmt_name));
}

bool
xact_in_block(void)
{
	return block_state != TBLOCK_DEFAULT && block_state != TBLOCK_STARTED &&
		block_state != TBLOCK_IMPLICIT;
}

bool
xact_in_aborted_block(void)
{
	return block_state == TBLOCK_ABORT;
}

char
xact_status_char(void)
{
	switch (block_state)
	{
		case TBLOCK_DEFAULT:
		case TBLOCK_STARTED:
		case TBLOCK_IMPLICIT:
			return 'I';
		case TBLOCK_ABORT:
		case TBLOCK_ABORT_END:
			return 'E';
		default:
			return 'T';
	}
}

bool
xact_is_open(void)
{
	return xact_open;
}

int
xact_isolation_level(void)
{
	return isolation_level;
}

void
xact_set_isolation_level(int level)
{
	isolation_level = level;
}

void
xact_set_read_only(bool ro)
{
	read_only = ro;
}

bool
xact_read_only(void)
{
	return read_only;
}

CommandId
xact_get_cid(void)
{
	cid_used = true;
	return current_cid;
}

void
xact_command_counter_increment(void)
{
	if (cid_used)
	{
		current_cid++;
		cid_used = false;
	}
}

int64_t
xact_start_timestamp_us(void)
{
	return xact_start_us;
}

int64_t
xact_statement_timestamp_us(void)
{
	return stmt_start_us;
}
