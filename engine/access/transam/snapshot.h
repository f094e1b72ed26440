/*-------------------------------------------------------------------------
 * snapshot.h
 *	  MVCC snapshots and transaction-status queries: everything a heap or
 *	  index scan needs to decide whether a tuple version is visible.
 *
 * A snapshot records which transactions had committed when it was taken:
 *	xid < xmin                 finished before the snapshot (check CLOG)
 *	xid >= xmax                started after it: invisible
 *	xid in xip[0..xcnt)        was running: invisible
 *	otherwise                  finished before it (check CLOG)
 * plus the taking transaction's own xid and current command id, because a
 * transaction sees its own earlier commands' changes but not its current
 * command's.
 *
 * Isolation: READ COMMITTED takes a new snapshot per statement;
 * REPEATABLE READ (and SERIALIZABLE, which minipg runs as REPEATABLE READ)
 * keeps the first one for the whole transaction.
 *
 * Invariants:
 *	- xmin <= every xid in xip < xmax.
 *	- MyProc->xmin holds the xmin of the oldest snapshot still in use by
 *	  this process, so VACUUM and page pruning never remove a version some
 *	  snapshot may still need (snapshot_global_xmin()).
 *-------------------------------------------------------------------------
 */
#ifndef SNAPSHOT_H
#define SNAPSHOT_H

#include "common/minipg.h"

typedef struct SnapshotData
{
	TransactionId xmin;
	TransactionId xmax;
	int			xcnt;
	TransactionId *xip;			/* running xids, excluding our own */
	TransactionId own_xid;		/* our xid, or Invalid if none yet */
	CommandId	curcid;			/* our commands < curcid are visible */
} SnapshotData;

typedef SnapshotData *Snapshot;

/*
 * The snapshot for the current statement (READ COMMITTED: fresh per
 * statement; REPEATABLE READ: the transaction's first).  Valid until the
 * end of the statement; owned by the transaction system.
 */
Snapshot	snapshot_get_statement(void);
/*
 * A brand-new snapshot now (re-checks after a lock wait, catalog reads).
 * Overwritten by the next call.
 */
Snapshot	snapshot_get_latest(void);
/* Has the current transaction taken a snapshot yet (SET TRANSACTION rules)? */
bool		snapshot_xact_has_snapshot(void);
/* A palloc'd copy, for cursors and portals that outlive their statement. */
Snapshot	snapshot_copy(const SnapshotData *src);
/* Advance a kept snapshot's view of our own commands to the current one. */
void		snapshot_refresh_cid(Snapshot snap);

/* Transaction status, from the proc array and CLOG. */
typedef enum XidStatus
{
	XID_IN_PROGRESS,
	XID_COMMITTED,
	XID_ABORTED,				/* includes crashed: never committed */
} XidStatus;

XidStatus	xid_status(TransactionId xid);
bool		xid_is_in_progress(TransactionId xid);
bool		xid_did_commit(TransactionId xid);
/*
 * Is a committed xid's commit record flushed?  False only after an
 * asynchronous commit whose WAL the WAL writer has not flushed yet: a
 * "committed" hint bit must wait until then (clog.h).
 */
bool		xid_commit_is_durable(TransactionId xid);
/* Is xid treated as running by this snapshot (or not yet started)? */
bool		xid_in_snapshot(TransactionId xid, const SnapshotData *snap);

/*
 * The oldest xid any running transaction or live snapshot may still need:
 * tuple versions deleted by transactions committed before this are dead
 * to everyone and may be pruned or vacuumed.
 */
TransactionId snapshot_global_xmin(void);

/* Wait until xid is no longer running (row-lock waits).  Interruptible. */
void		xid_wait(TransactionId xid);

/* Modulo-2^32 comparison of normal xids (wraparound-aware). */
static inline bool
xid_precedes(TransactionId a, TransactionId b)
{
	if (!TransactionIdIsNormal(a) || !TransactionIdIsNormal(b))
		return a < b;
	return (int32_t) (a - b) < 0;
}

static inline bool
xid_follows_or_equals(TransactionId a, TransactionId b)
{
	return !xid_precedes(a, b);
}

#endif							/* SNAPSHOT_H */
