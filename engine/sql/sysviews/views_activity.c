/*-------------------------------------------------------------------------
 * views_activity.c
 *	  pg_stat_activity and pg_locks: who is running and what they hold.
 *
 * Role: rows built from the proc array (one slot per backend and per
 * auxiliary process, storage/ipc/proc.h) and the heavyweight lock table
 * (storage/lmgr/lock.h), with PostgreSQL 15's column names.
 *
 * Invariants:
 *	- A slot is read with proc_read_activity() (the owner's changecount
 *	  protocol), so a row is never half old, half new; a slot whose pid is
 *	  0 after the copy was freed meanwhile and is skipped.
 *	- Auxiliary processes show NULL datname/usename/state and an empty
 *	  query, as PostgreSQL shows its own.
 *	- A non-superuser sees other roles' sessions with state, query and
 *	  client fields hidden ("<insufficient privilege>"), as in PostgreSQL.
 *	- Types the engine does not have are shown in the closest one it has:
 *	  client_addr is text (PG: inet), backend_xid/backend_xmin and
 *	  pg_locks.transactionid are bigint (PG: xid).
 *-------------------------------------------------------------------------
 */
#include "sql/sysviews/sysview.h"

#include <stdio.h>

#include "storage/ipc/proc.h"
#include "storage/ipc/waitevent.h"
#include "storage/lmgr/lock.h"
#include "sql/types/types.h"
#include "utils/guc.h"

/* ------------------------------------------------------------------------
 * pg_stat_activity
 * ------------------------------------------------------------------------
 */
enum
{
	ACT_DATID, ACT_DATNAME, ACT_PID, ACT_LEADER_PID, ACT_USESYSID, ACT_USENAME,
	ACT_APPLICATION_NAME, ACT_CLIENT_ADDR, ACT_CLIENT_HOSTNAME, ACT_CLIENT_PORT,
	ACT_BACKEND_START, ACT_XACT_START, ACT_QUERY_START, ACT_STATE_CHANGE,
	ACT_WAIT_EVENT_TYPE, ACT_WAIT_EVENT, ACT_STATE, ACT_BACKEND_XID, ACT_BACKEND_XMIN,
	ACT_QUERY_ID, ACT_QUERY, ACT_BACKEND_TYPE, ACT_NCOLS
};

static const SysViewColumn activity_columns[] = {
	{"datid", OIDOID}, {"datname", NAMEOID}, {"pid", INT4OID}, {"leader_pid", INT4OID},
	{"usesysid", OIDOID}, {"usename", NAMEOID}, {"application_name", TEXTOID},
	{"client_addr", TEXTOID}, {"client_hostname", TEXTOID}, {"client_port", INT4OID},
	{"backend_start", TIMESTAMPTZOID}, {"xact_start", TIMESTAMPTZOID},
	{"query_start", TIMESTAMPTZOID}, {"state_change", TIMESTAMPTZOID},
	{"wait_event_type", TEXTOID}, {"wait_event", TEXTOID}, {"state", TEXTOID},
	{"backend_xid", INT8OID}, {"backend_xmin", INT8OID}, {"query_id", INT8OID},
	{"query", TEXTOID}, {"backend_type", TEXTOID},
};
StaticAssert(lengthof(activity_columns) == ACT_NCOLS, "pg_stat_activity columns");

static const char *
state_name(BackendState s)
{
	switch (s)
	{
		case STATE_IDLE:
			return "idle";
		case STATE_RUNNING:
			return "active";
		case STATE_IDLEINTRANSACTION:
			return "idle in transaction";
		case STATE_FASTPATH:
			return "fastpath function call";
		case STATE_IDLEINTRANSACTION_ABORTED:
			return "idle in transaction (aborted)";
		case STATE_DISABLED:
			return "disabled";
		case STATE_UNDEFINED:
			break;
	}
	return NULL;
}

/* Does this backend see the details of that one? */
static bool
may_see_details(const Proc *p)
{
	return guc_is_superuser || MyProc == NULL || p->role_oid == MyProc->role_oid;
}

static void
activity_row(SysViewRows *rows, const Proc *p, int pid)
{
	bool		is_session = p->backend_type == B_BACKEND ||
		p->backend_type == B_AUTOVAC_WORKER || p->backend_type == B_BG_WORKER ||
		p->backend_type == B_WAL_SENDER;
	TransactionId xid = atomic_load(&((Proc *) p)->xid);
	TransactionId xmin = atomic_load(&((Proc *) p)->xmin);

	sysview_begin_row(rows);
	sysview_set_int4(rows, ACT_PID, pid);
	sysview_set_text(rows, ACT_BACKEND_TYPE, backend_type_name(p->backend_type));
	sysview_set_timestamptz_unix_us(rows, ACT_BACKEND_START, p->backend_start_us);
	if (p->database_oid != InvalidOid)
	{
		sysview_set_oid(rows, ACT_DATID, p->database_oid);
		sysview_set_text(rows, ACT_DATNAME, p->dbname);
	}
	if (p->role_oid != InvalidOid)
	{
		sysview_set_oid(rows, ACT_USESYSID, p->role_oid);
		sysview_set_text(rows, ACT_USENAME, p->username);
	}
	if (!may_see_details(p))
	{
		sysview_set_text(rows, ACT_QUERY, "<insufficient privilege>");
		return;
	}
	if (p->wait_event_info != 0)
	{
		sysview_set_text(rows, ACT_WAIT_EVENT_TYPE, wait_event_type_name(p->wait_event_info));
		sysview_set_text(rows, ACT_WAIT_EVENT, wait_event_name(p->wait_event_info));
	}
	if (xid != InvalidTransactionId)
		sysview_set_int8(rows, ACT_BACKEND_XID, xid);
	if (xmin != InvalidTransactionId)
		sysview_set_int8(rows, ACT_BACKEND_XMIN, xmin);
	sysview_set_text(rows, ACT_QUERY, p->query);
	sysview_set_text(rows, ACT_APPLICATION_NAME, p->application_name);
	if (!is_session)
		return;
	if (p->backend_type == B_BACKEND)
	{
		/* A Unix-socket client: client_addr NULL and client_port -1, as PG. */
		if (p->client_addr[0] != '\0')
		{
			sysview_set_text(rows, ACT_CLIENT_ADDR, p->client_addr);
			sysview_set_int4(rows, ACT_CLIENT_PORT, p->client_port);
		}
		else
			sysview_set_int4(rows, ACT_CLIENT_PORT, -1);
	}
	sysview_set_timestamptz_unix_us(rows, ACT_XACT_START, p->xact_start_us);
	sysview_set_timestamptz_unix_us(rows, ACT_QUERY_START, p->query_start_us);
	sysview_set_timestamptz_unix_us(rows, ACT_STATE_CHANGE, p->state_change_us);
	sysview_set_text(rows, ACT_STATE, state_name(p->state));
}

static void
fill_activity(SysViewRows *rows)
{
	Proc		copy;

	for (int i = 0; i < proc_global->n_procs; i++)
	{
		const Proc *slot = &proc_global->procs[i];
		int			pid = atomic_load(&((Proc *) slot)->pid);

		if (pid == 0)
			continue;
		proc_read_activity(slot, &copy);
		if (atomic_load(&copy.pid) != pid || copy.backend_type == B_INVALID)
			continue;
		activity_row(rows, &copy, pid);
	}
}

const SysView sysview_pg_stat_activity = {
	"pg_stat_activity", activity_columns, ACT_NCOLS, fill_activity
};

/* ------------------------------------------------------------------------
 * pg_locks
 * ------------------------------------------------------------------------
 */
enum
{
	LK_LOCKTYPE, LK_DATABASE, LK_RELATION, LK_PAGE, LK_TUPLE, LK_VIRTUALXID,
	LK_TRANSACTIONID, LK_CLASSID, LK_OBJID, LK_OBJSUBID, LK_VIRTUALTRANSACTION,
	LK_PID, LK_MODE, LK_GRANTED, LK_FASTPATH, LK_WAITSTART, LK_NCOLS
};

static const SysViewColumn locks_columns[] = {
	{"locktype", TEXTOID}, {"database", OIDOID}, {"relation", OIDOID}, {"page", INT4OID},
	{"tuple", INT2OID}, {"virtualxid", TEXTOID}, {"transactionid", INT8OID},
	{"classid", OIDOID}, {"objid", OIDOID}, {"objsubid", INT2OID},
	{"virtualtransaction", TEXTOID}, {"pid", INT4OID}, {"mode", TEXTOID},
	{"granted", BOOLOID}, {"fastpath", BOOLOID}, {"waitstart", TIMESTAMPTZOID},
};
StaticAssert(lengthof(locks_columns) == LK_NCOLS, "pg_locks columns");

typedef struct HeldLockRow
{
	LockTag		tag;
	LOCKMODE	mode;
	int			pid;
	bool		granted;
} HeldLockRow;

typedef struct LockCollect
{
	HeldLockRow *items;
	int			n;
	int			cap;
} LockCollect;

/* Runs under the lock table's partition locks: copy only, no output. */
static void
collect_lock(const LockTag *tag, LOCKMODE mode, int pid, bool granted, void *arg)
{
	LockCollect *c = arg;

	if (c->n == c->cap)
	{
		c->cap = c->cap ? c->cap * 2 : 64;
		c->items = c->items ? repalloc(c->items, sizeof(HeldLockRow) * c->cap) :
			palloc(sizeof(HeldLockRow) * c->cap);
	}
	c->items[c->n++] = (HeldLockRow) {*tag, mode, pid, granted};
}

static void
lock_row_common(SysViewRows *rows, int pid, LOCKMODE mode, bool granted)
{
	sysview_set_int4(rows, LK_PID, pid);
	sysview_set_text(rows, LK_MODE, lock_mode_name(mode));
	sysview_set_bool(rows, LK_GRANTED, granted);
	sysview_set_bool(rows, LK_FASTPATH, false);
}

/* A transaction holds its own xid exclusively; an xid waiter asks Share. */
static void
transaction_lock_rows(SysViewRows *rows)
{
	for (int i = 0; i < proc_global->n_procs; i++)
	{
		Proc	   *p = &proc_global->procs[i];
		int			pid = atomic_load(&p->pid);
		TransactionId xid = atomic_load(&p->xid);
		TransactionId waits_for = atomic_load(&p->wait_for_xid);

		if (pid == 0)
			continue;
		if (xid != InvalidTransactionId)
		{
			sysview_begin_row(rows);
			sysview_set_text(rows, LK_LOCKTYPE, "transactionid");
			sysview_set_int8(rows, LK_TRANSACTIONID, xid);
			lock_row_common(rows, pid, ExclusiveLock, true);
		}
		if (waits_for != InvalidTransactionId)
		{
			sysview_begin_row(rows);
			sysview_set_text(rows, LK_LOCKTYPE, "transactionid");
			sysview_set_int8(rows, LK_TRANSACTIONID, waits_for);
			lock_row_common(rows, pid, ShareLock, false);
		}
	}
}

static void
fill_locks(SysViewRows *rows)
{
	LockCollect c = {0};

	lock_walk(collect_lock, &c);
	for (int i = 0; i < c.n; i++)
	{
		const HeldLockRow *l = &c.items[i];

		sysview_begin_row(rows);
		if (l->tag.type == LOCKTAG_RELATION)
		{
			sysview_set_text(rows, LK_LOCKTYPE, "relation");
			sysview_set_oid(rows, LK_DATABASE, l->tag.field1);
			sysview_set_oid(rows, LK_RELATION, l->tag.field2);
		}
		else
		{
			sysview_set_text(rows, LK_LOCKTYPE, "object");
			sysview_set_oid(rows, LK_DATABASE, l->tag.field1);
			sysview_set_oid(rows, LK_OBJID, l->tag.field2);
			sysview_set_datum(rows, LK_OBJSUBID, Int16GetDatum(0));
		}
		lock_row_common(rows, l->pid, l->mode, l->granted);
	}
	transaction_lock_rows(rows);
}

const SysView sysview_pg_locks = {
	"pg_locks", locks_columns, LK_NCOLS, fill_locks
};
