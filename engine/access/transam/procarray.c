/*-------------------------------------------------------------------------
 * procarray.c
 *	  Snapshots, transaction status and waiting for transactions, computed
 *	  from the xids published in the proc array (see snapshot.h).
 *
 * Taking a snapshot (under LWLOCK_PROC_ARRAY shared):
 *	xmax = latest_completed_xid + 1
 *	xip  = every published xid < xmax, other than ours
 *	xmin = min(xip, xmax)
 * An xid assigned concurrently is >= xmax (latest_completed never passes
 * a running xid), so it is invisible whether or not we saw it.
 *
 * Ending a transaction (procarray_end_xact, under LWLOCK_PROC_ARRAY
 * exclusive): clear MyProc->xid, advance latest_completed_xid, then wake
 * every process waiting for that xid.
 *
 * Snapshot lifetime: the statement snapshot lives in a buffer owned by
 * this module and is replaced when the next statement asks for one;
 * anything that must outlive its statement (a cursor, a suspended portal)
 * copies it with snapshot_copy().  MyProc->xmin is set at the first
 * snapshot of a transaction and kept until its end, which covers every
 * snapshot the transaction can still use.
 *
 * Deadlocks: a transaction wait is an edge in the waits-for graph that
 * storage/lmgr/deadlock.c searches (together with table-lock waits) after
 * deadlock_timeout; a cycle fails with 40P01.
 *
 * Fault point: lock/wait/xid (a step at the start of a transaction wait,
 * inside its error handler).
 *-------------------------------------------------------------------------
 */
#include "access/transam/procarray.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "access/transam/clog.h"
#include "access/wal/wal.h"
#include "access/transam/snapshot.h"
#include "access/transam/xact.h"
#include "faults/faultpoint.h"
#include "storage/ipc/waitevent.h"
#include "storage/ipc/proc.h"
#include "storage/lmgr/lock.h"
#include "storage/lmgr/lwlock.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/interrupt.h"
#include "utils/memctx.h"
#include "utils/strbuf.h"

static SnapshotData statement_snapshot;
static SnapshotData xact_snapshot;	/* REPEATABLE READ: the transaction's first */
static SnapshotData latest_snapshot;
static uint64_t statement_snapshot_seq = 0;
static bool xact_snapshot_valid = false;

static void
ensure_capacity(SnapshotData *s)
{
	if (s->xip == NULL)
	{
		s->xip = malloc(sizeof(TransactionId) * (size_t) proc_global->n_procs);
		if (s->xip == NULL)
			ereport(ERROR, errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory"));
	}
}

/* Fill s from the proc array. */
static void
take_snapshot(SnapshotData *s)
{
	ensure_capacity(s);
	lwlock_acquire(lwlock_get(LWLOCK_PROC_ARRAY), LW_SHARED);
	TransactionId xmax = atomic_load(&proc_global->latest_completed_xid) + 1;

	if (!TransactionIdIsNormal(xmax))
		xmax = FirstNormalTransactionId;
	TransactionId xmin = xmax;
	int			n = 0;

	for (int i = 0; i < proc_global->n_procs; i++)
	{
		Proc	   *p = &proc_global->procs[i];

		proc_check_entry(p, i);
		if (p == MyProc)
			continue;
		TransactionId x = atomic_load(&p->xid);

		if (!TransactionIdIsNormal(x) || !xid_precedes(x, xmax))
			continue;
		s->xip[n++] = x;
		if (xid_precedes(x, xmin))
			xmin = x;
	}
	/* Publish our horizon before anyone can prune what we may need. */
	if (MyProc != NULL && !TransactionIdIsValid(atomic_load(&MyProc->xmin)))
		atomic_store(&MyProc->xmin, xmin);
	lwlock_release(lwlock_get(LWLOCK_PROC_ARRAY));
	s->xmin = xmin;
	s->xmax = xmax;
	s->xcnt = n;
	s->own_xid = xact_get_xid_if_any();
	s->curcid = xact_get_cid();
}

Snapshot
snapshot_get_statement(void)
{
	uint64_t	seq = xact_statement_seq();

	if (seq == statement_snapshot_seq && statement_snapshot.xip != NULL)
		return &statement_snapshot;
	if (xact_isolation_level() >= XACT_REPEATABLE_READ)
	{
		if (!xact_snapshot_valid)
		{
			take_snapshot(&xact_snapshot);
			xact_snapshot_valid = true;
		}
		ensure_capacity(&statement_snapshot);
		statement_snapshot.xmin = xact_snapshot.xmin;
		statement_snapshot.xmax = xact_snapshot.xmax;
		statement_snapshot.xcnt = xact_snapshot.xcnt;
		memcpy(statement_snapshot.xip, xact_snapshot.xip,
			   sizeof(TransactionId) * (size_t) xact_snapshot.xcnt);
		statement_snapshot.own_xid = xact_get_xid_if_any();
		statement_snapshot.curcid = xact_get_cid();
	}
	else
		take_snapshot(&statement_snapshot);
	statement_snapshot_seq = seq;
	return &statement_snapshot;
}

bool
snapshot_xact_has_snapshot(void)
{
	return statement_snapshot_seq != 0 || xact_snapshot_valid;
}

Snapshot
snapshot_get_latest(void)
{
	take_snapshot(&latest_snapshot);
	return &latest_snapshot;
}

Snapshot
snapshot_copy(const SnapshotData *src)
{
	Snapshot	s = palloc(sizeof(SnapshotData));

	*s = *src;
	s->xip = palloc(sizeof(TransactionId) * (size_t) Max(src->xcnt, 1));
	memcpy(s->xip, src->xip, sizeof(TransactionId) * (size_t) src->xcnt);
	return s;
}

void
snapshot_refresh_cid(Snapshot s)
{
	s->own_xid = xact_get_xid_if_any();
	s->curcid = xact_get_cid();
}

bool
xid_in_snapshot(TransactionId xid, const SnapshotData *snap)
{
	if (xid_precedes(xid, snap->xmin))
		return false;
	if (!xid_precedes(xid, snap->xmax))
		return true;
	for (int i = 0; i < snap->xcnt; i++)
		if (snap->xip[i] == xid)
			return true;
	return false;
}

bool
xid_is_in_progress(TransactionId xid)
{
	if (!TransactionIdIsNormal(xid))
		return false;
	if (xact_is_current_xid(xid))
		return true;
	/* Cheap exit: anything at or below latest_completed that is not
	 * published is finished. */
	bool		found = false;

	lwlock_acquire(lwlock_get(LWLOCK_PROC_ARRAY), LW_SHARED);
	for (int i = 0; i < proc_global->n_procs && !found; i++)
		if (atomic_load(&proc_global->procs[i].xid) == xid)
			found = true;
	lwlock_release(lwlock_get(LWLOCK_PROC_ARRAY));
	return found;
}

XidStatus
xid_status(TransactionId xid)
{
	if (xid == BootstrapTransactionId || xid == FrozenTransactionId)
		return XID_COMMITTED;
	if (!TransactionIdIsNormal(xid))
		return XID_ABORTED;
	if (xid_is_in_progress(xid))
		return XID_IN_PROGRESS;
	/* Not running: CLOG was set before it left the proc array. */
	return clog_get_status(xid) == CLOG_STATUS_COMMITTED ? XID_COMMITTED : XID_ABORTED;
}

bool
xid_commit_is_durable(TransactionId xid)
{
	XLogRecPtr	lsn;

	(void) clog_get_status_lsn(xid, &lsn);
	return lsn == InvalidXLogRecPtr || lsn <= wal_flushed_upto();
}

bool
xid_did_commit(TransactionId xid)
{
	return xid_status(xid) == XID_COMMITTED;
}

TransactionId
snapshot_global_xmin(void)
{
	lwlock_acquire(lwlock_get(LWLOCK_PROC_ARRAY), LW_SHARED);
	TransactionId result = atomic_load(&proc_global->latest_completed_xid) + 1;

	if (!TransactionIdIsNormal(result))
		result = FirstNormalTransactionId;
	for (int i = 0; i < proc_global->n_procs; i++)
	{
		Proc	   *p = &proc_global->procs[i];
		TransactionId x = atomic_load(&p->xid);
		TransactionId m = atomic_load(&p->xmin);

		if (TransactionIdIsNormal(x) && xid_precedes(x, result))
			result = x;
		if (TransactionIdIsNormal(m) && xid_precedes(m, result))
			result = m;
	}
	lwlock_release(lwlock_get(LWLOCK_PROC_ARRAY));
	return result;
}

void
procarray_end_xact(TransactionId xid)
{
	lwlock_acquire(lwlock_get(LWLOCK_PROC_ARRAY), LW_EXCLUSIVE);
	atomic_store(&MyProc->xid, InvalidTransactionId);
	atomic_store(&MyProc->xmin, InvalidTransactionId);
	if (TransactionIdIsNormal(xid) &&
		xid_precedes(atomic_load(&proc_global->latest_completed_xid), xid))
		atomic_store(&proc_global->latest_completed_xid, xid);
	lwlock_release(lwlock_get(LWLOCK_PROC_ARRAY));
	statement_snapshot_seq = 0;
	xact_snapshot_valid = false;
	if (!TransactionIdIsNormal(xid))
		return;
	for (int i = 0; i < proc_global->n_procs; i++)
	{
		Proc	   *p = &proc_global->procs[i];

		if (atomic_load(&p->wait_for_xid) == xid)
			proc_wakeup(p);
	}
}

void
procarray_startup(TransactionId next_xid)
{
	atomic_store(&proc_global->latest_completed_xid, next_xid - 1);
}

void
xid_wait(TransactionId xid)
{
	int64_t		start = now_us();
	bool		deadlock_checked = false;

	if (!TransactionIdIsNormal(xid) || xact_is_current_xid(xid))
		return;
	atomic_store(&MyProc->wait_for_xid, xid);
	proc_set_wait_event(WAIT_EVENT_TRANSACTION_ID);
	ELOG_TRY();
	{
		FAULT_MARK("lock/wait/xid");
		for (;;)
		{
			uint32_t	seq = proc_wakeup_seq();

			if (!xid_is_in_progress(xid))
				break;
			lock_wait_step(start, &deadlock_checked, seq);
		}
	}
	ELOG_CATCH();
	{
		atomic_store(&MyProc->wait_for_xid, InvalidTransactionId);
		proc_set_wait_event(0);
		ELOG_RE_THROW();
	}
	ELOG_END_TRY();
	atomic_store(&MyProc->wait_for_xid, InvalidTransactionId);
	proc_set_wait_event(0);
}
