/*-------------------------------------------------------------------------
 * pgstat_backend.c
 *	  Counting in a backend (or autovacuum worker) and publishing the
 *	  counts to the stats collector's ring at transaction end.
 *
 * Role: the executor and heap access methods call the cheap
 * pgstat_count_* functions; they add to process-local entries.  At commit
 * or abort the transaction callback turns each touched table's entry into
 * one PGSTAT_MSG_TABLE (with PostgreSQL's transactional rules, below) and
 * the database counters into one PGSTAT_MSG_DB, and appends them to the
 * shared ring.
 *
 *	commit: n_live_tup += ins - del, n_dead_tup += upd + del,
 *	        n_mod_since_analyze += ins + upd + del
 *	abort:  n_dead_tup += ins + upd (the new versions are dead), nothing
 *	        else moves; deletes of an aborted transaction change nothing
 *	both:   n_tup_ins/upd/del/hot_upd, n_ins_since_vacuum += attempts
 *
 * Invariants:
 *	- At most PGSTAT_LOCAL_TABLES distinct tables are counted per
 *	  transaction; further ones are not counted (logged once at DEBUG1).
 *	- Messages the ring cannot take stay in the pending buffer for the
 *	  next transaction end (or exit); only when that buffer is full are
 *	  messages dropped, and counted in the shared "dropped" counter.
 *	- Nothing here raises an ERROR: counting must never fail a query or a
 *	  commit (the callbacks run after the commit record).
 *
 * Fault points: stats/backend/before-flush (step: a backend dies with
 * counts published only in part).
 *-------------------------------------------------------------------------
 */
#include "utils/pgstat/pgstat_internal.h"

#include <string.h>
#include <unistd.h>

#include "access/transam/xact.h"
#include "catalog/catalog.h"
#include "faults/faultpoint.h"
#include "storage/lmgr/lwlock.h"
#include "utils/elog.h"
#include "utils/errcodes.h"
#include "utils/guc.h"
#include "utils/interrupt.h"

#define PGSTAT_LOCAL_TABLES		1024	/* power of two */
#define PGSTAT_PENDING_MSGS		(PGSTAT_LOCAL_TABLES + 64)

typedef struct LocalTable
{
	Oid			relid;			/* InvalidOid: free */
	int64_t		seq_scan;
	int64_t		seq_tup_read;
	int64_t		idx_scan;
	int64_t		idx_tup_fetch;
	int64_t		ins;
	int64_t		upd;
	int64_t		hot_upd;
	int64_t		del;
} LocalTable;

static LocalTable local_tables[PGSTAT_LOCAL_TABLES];
static int	n_local_tables = 0;
static LocalTable *last_table = NULL;
static bool warned_full = false;
static PgStatDbCounters local_db;
static bool db_dirty = false;

static PgStatMsg pending[PGSTAT_PENDING_MSGS];
static void collect_drops(bool committed);
static int	n_pending = 0;
static bool backend_initialized = false;

/* Tables dropped by this transaction (beyond the bound their entries stay
 * until pg_stat_reset, harmless). */
#define PGSTAT_MAX_DROPS 64
static Oid	dropped[PGSTAT_MAX_DROPS];
static int	n_dropped = 0;
static int64_t session_start_us = 0;

static bool
counting(void)
{
	return pgstat_shared != NULL && backend_initialized && guc_track_counts;
}

static LocalTable *
local_table(Oid relid)
{
	if (last_table != NULL && last_table->relid == relid)
		return last_table;

	uint32_t	mask = PGSTAT_LOCAL_TABLES - 1;
	uint32_t	i = (relid * 0x9E3779B1u) & mask;

	for (int probes = 0; probes < PGSTAT_LOCAL_TABLES; probes++, i = (i + 1) & mask)
	{
		LocalTable *t = &local_tables[i];

		if (t->relid == relid)
			return last_table = t;
		if (t->relid == InvalidOid)
		{
			if (n_local_tables >= PGSTAT_LOCAL_TABLES / 2)
				break;			/* keep probe chains short */
			memset(t, 0, sizeof(*t));
			t->relid = relid;
			n_local_tables++;
			return last_table = t;
		}
	}
	if (!warned_full)
	{
		warned_full = true;
		elog(DEBUG1, "too many tables touched in one transaction: some are not counted");
	}
	return NULL;
}

#define COUNT_TABLE(relid, field, n) \
	do { \
		if (counting()) \
		{ \
			LocalTable *t_ = local_table(relid); \
			if (t_ != NULL) \
				t_->field += (n); \
		} \
	} while (0)

void
pgstat_count_seq_scan(Oid relid)
{
	COUNT_TABLE(relid, seq_scan, 1);
}

void
pgstat_count_seq_tuple(Oid relid)
{
	COUNT_TABLE(relid, seq_tup_read, 1);
	local_db.tup_returned++;
}

void
pgstat_count_index_scan(Oid relid)
{
	COUNT_TABLE(relid, idx_scan, 1);
}

void
pgstat_count_index_tuples(Oid relid, int64_t returned, int64_t fetched)
{
	COUNT_TABLE(relid, idx_tup_fetch, fetched);
	local_db.tup_returned += returned;
	local_db.tup_fetched += fetched;
}

void
pgstat_count_heap_insert(Oid relid)
{
	COUNT_TABLE(relid, ins, 1);
}

void
pgstat_count_heap_update(Oid relid, bool hot)
{
	COUNT_TABLE(relid, upd, 1);
	if (hot)
		COUNT_TABLE(relid, hot_upd, 1);
}

void
pgstat_count_heap_delete(Oid relid)
{
	COUNT_TABLE(relid, del, 1);
}

void
pgstat_count_deadlock(void)
{
	local_db.deadlocks++;
	db_dirty = true;
}

void
pgstat_count_tempfile(int64_t bytes)
{
	local_db.temp_files++;
	local_db.temp_bytes += bytes;
	db_dirty = true;
}

void
pgstat_count_local_block(PgStatIOOp op)
{
	if (op == PGSTAT_IO_READ)
		local_db.blks_read++;
	else
		local_db.blks_hit++;
}

/* ---- publishing ---- */

static void
queue_msg(const PgStatMsg *m)
{
	if (n_pending >= PGSTAT_PENDING_MSGS)
	{
		atomic_fetch_add(&pgstat_shared->dropped, 1);
		return;
	}
	pending[n_pending++] = *m;
}

/* Move what fits of pending[] into the ring; wake the collector when the
 * ring passes half full (it also wakes on its own every naptime). */
static void
ring_put_pending(void)
{
	int			moved = 0;
	uint64_t	used;

	spin_lock(&pgstat_shared->ring_lock);
	while (moved < n_pending &&
		   pgstat_shared->ring_head - pgstat_shared->ring_tail < PGSTAT_RING_SIZE)
	{
		pgstat_shared->ring[pgstat_shared->ring_head % PGSTAT_RING_SIZE] = pending[moved++];
		pgstat_shared->ring_head++;
	}
	used = pgstat_shared->ring_head - pgstat_shared->ring_tail;
	spin_unlock(&pgstat_shared->ring_lock);
	if (moved > 0 && moved < n_pending)
		memmove(pending, pending + moved, sizeof(PgStatMsg) * (size_t) (n_pending - moved));
	n_pending -= moved;
	if (used >= PGSTAT_RING_SIZE / 2 || n_pending > 0)
	{
		int			procno = atomic_load(&pgstat_shared->collector_procno);

		if (procno >= 0 && procno < proc_global->n_procs)
			proc_wakeup(&proc_global->procs[procno]);
	}
}

/* Turn the local counts into messages (transactional rules above). */
static void
collect_messages(bool committed)
{
	PgStatMsg	m;

	for (int i = 0; i < PGSTAT_LOCAL_TABLES && n_local_tables > 0; i++)
	{
		LocalTable *t = &local_tables[i];

		if (t->relid == InvalidOid)
			continue;
		memset(&m, 0, sizeof(m));
		m.type = PGSTAT_MSG_TABLE;
		m.dbid = MyDatabaseId;
		m.relid = t->relid;
		PgStatTableCounters *c = &m.u.table;

		c->seq_scan = t->seq_scan;
		c->seq_tup_read = t->seq_tup_read;
		c->idx_scan = t->idx_scan;
		c->idx_tup_fetch = t->idx_tup_fetch;
		c->n_tup_ins = t->ins;
		c->n_tup_upd = t->upd;
		c->n_tup_del = t->del;
		c->n_tup_hot_upd = t->hot_upd;
		c->n_ins_since_vacuum = t->ins;
		if (committed)
		{
			c->n_live_tup = t->ins - t->del;
			c->n_dead_tup = t->upd + t->del;
			c->n_mod_since_analyze = t->ins + t->upd + t->del;
		}
		else
			c->n_dead_tup = t->ins + t->upd;
		local_db.tup_inserted += t->ins;
		local_db.tup_updated += t->upd;
		local_db.tup_deleted += t->del;
		queue_msg(&m);
		t->relid = InvalidOid;
		n_local_tables--;
	}
	n_local_tables = 0;
	last_table = NULL;
	memset(local_tables, 0, sizeof(local_tables));
}

static void
collect_db_message(void)
{
	PgStatMsg	m;

	memset(&m, 0, sizeof(m));
	m.type = PGSTAT_MSG_DB;
	m.dbid = MyDatabaseId;
	m.u.db = local_db;
	queue_msg(&m);
	memset(&local_db, 0, sizeof(local_db));
	db_dirty = false;
}

void
pgstat_flush_pending(void)
{
	if (!counting())
		return;
	if (db_dirty || local_db.blks_read || local_db.blks_hit || local_db.tup_returned)
		collect_db_message();
	if (n_pending == 0)
		return;
	/* An ERROR here must not reach the committed transaction's client:
	 * logged, the messages stay pending for the next flush. */
	volatile bool failed = false;

	ELOG_TRY();
	{
		FAULT_MARK("stats/backend/before-flush");
	}
	ELOG_CATCH();
	{
		ErrorData  *e = elog_current_error();

		e->elevel = LOG;
		elog_emit_current_error();
		elog_flush_error();
		failed = true;
	}
	ELOG_END_TRY();
	if (failed)
		return;
	ring_put_pending();
}

static void
pgstat_xact_callback(XactEvent event, void *arg)
{
	(void) arg;
	if (event == XACT_EVENT_PRE_COMMIT || !counting())
		return;
	if (event == XACT_EVENT_COMMIT)
		local_db.xact_commit++;
	else
		local_db.xact_rollback++;
	collect_messages(event == XACT_EVENT_COMMIT);
	collect_drops(event == XACT_EVENT_COMMIT);
	db_dirty = true;
	pgstat_flush_pending();
}

static void
pgstat_backend_exit(int code, Datum arg)
{
	(void) arg;
	if (!counting())
		return;
	/* A transaction still open was aborted by now (its callback ran). */
	local_db.session_time_us += now_us() - session_start_us;
	if (code != 0)
		local_db.sessions_fatal++;
	db_dirty = true;
	pgstat_flush_pending();
	backend_initialized = false;
}

void
pgstat_init_backend(void)
{
	if (pgstat_shared == NULL || backend_initialized)
		return;
	xact_register_callback(pgstat_xact_callback, NULL);
	on_proc_exit(pgstat_backend_exit, 0);
	backend_initialized = true;
	session_start_us = now_us();
	if (MyBackendType == B_BACKEND)
	{
		local_db.sessions++;
		db_dirty = true;
	}
}

/* ---- reports sent at once ---- */

static void
send_now(const PgStatMsg *m)
{
	if (pgstat_shared == NULL)
		return;
	queue_msg(m);
	ring_put_pending();
}

static void
report_maintenance(PgStatMsgType type, Oid relid, bool autovacuum, int64_t live, int64_t dead)
{
	PgStatMsg	m;

	memset(&m, 0, sizeof(m));
	m.type = type;
	m.dbid = MyDatabaseId;
	m.relid = relid;
	m.autovacuum = autovacuum;
	m.time_us = now_us();
	m.u.table.n_live_tup = live;
	m.u.table.n_dead_tup = dead;
	send_now(&m);
}

void
pgstat_report_vacuum(Oid relid, bool autovacuum, int64_t live, int64_t dead)
{
	report_maintenance(PGSTAT_MSG_VACUUM, relid, autovacuum, live, dead);
}

void
pgstat_report_analyze(Oid relid, bool autovacuum, int64_t live, int64_t dead)
{
	report_maintenance(PGSTAT_MSG_ANALYZE, relid, autovacuum, live, dead);
}

void
pgstat_report_drop(Oid relid)
{
	if (!counting())
		return;
	if (n_dropped < PGSTAT_MAX_DROPS)
		dropped[n_dropped++] = relid;
}

/* At commit, after the tables' last counts: forget the dropped tables. */
static void
collect_drops(bool committed)
{
	PgStatMsg	m;

	for (int i = 0; committed && i < n_dropped; i++)
	{
		memset(&m, 0, sizeof(m));
		m.type = PGSTAT_MSG_DROP_TABLE;
		m.dbid = MyDatabaseId;
		m.relid = dropped[i];
		queue_msg(&m);
	}
	n_dropped = 0;
}

void
pgstat_report_reset_db(void)
{
	PgStatMsg	m;

	memset(&m, 0, sizeof(m));
	m.type = PGSTAT_MSG_RESET_DB;
	m.dbid = MyDatabaseId;
	m.time_us = now_us();
	send_now(&m);
}

void
pgstat_report_reset_shared(const char *target)
{
	PgStatMsg	m;

	memset(&m, 0, sizeof(m));
	m.type = PGSTAT_MSG_RESET_SHARED;
	if (strcmp(target, "bgwriter") == 0)
		m.reset_target = 0;
	else if (strcmp(target, "wal") == 0)
		m.reset_target = 1;
	else if (strcmp(target, "io") == 0)
		m.reset_target = 2;
	else if (strcmp(target, "archiver") == 0 || strcmp(target, "recovery_prefetch") == 0)
		return;					/* nothing counted there yet */
	else
		ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("unrecognized reset target: \"%s\"", target),
				errhint("Target must be \"archiver\", \"bgwriter\", \"io\", \"recovery_prefetch\", or \"wal\"."));
	m.time_us = now_us();
	send_now(&m);
}

void
pgstat_sync_for_read(void)
{
	uint64_t	target;

	if (pgstat_shared == NULL)
		return;
	pgstat_flush_pending();
	spin_lock(&pgstat_shared->ring_lock);
	target = pgstat_shared->ring_head;
	spin_unlock(&pgstat_shared->ring_lock);
	for (int i = 0; i < 200; i++)
	{
		int			procno = atomic_load(&pgstat_shared->collector_procno);
		uint64_t	tail;

		if (procno < 0)
			return;				/* no collector: read what is folded */
		spin_lock(&pgstat_shared->ring_lock);
		tail = pgstat_shared->ring_tail;
		spin_unlock(&pgstat_shared->ring_lock);
		if (tail >= target)
		{
			/* Taken off the ring; folding happens under LWLOCK_STATS
			 * exclusive, which a reader's shared acquire waits for. */
			return;
		}
		proc_wakeup(&proc_global->procs[procno]);
		if (MyProc != NULL)
			proc_sleep(10);
		else
			usleep(10000);
	}
}
