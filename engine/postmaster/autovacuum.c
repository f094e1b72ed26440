/*-------------------------------------------------------------------------
 * autovacuum.c
 *	  The autovacuum launcher and worker processes (rules in autovacuum.h).
 *
 * The shared "Autovacuum" area holds one pending start request (the
 * database a worker should take), when it was made, and the number of
 * workers running; all under its spinlock, only copies under it.
 *
 * Launcher loop: every autovacuum_naptime (one database: minipg has only
 * "postgres"), if no request is pending and fewer than
 * autovacuum_max_workers run, post a request and signal the postmaster.
 * A request no worker took within autovacuum_naptime (the fork failed) is
 * dropped with PostgreSQL's warning and retried at the next round.  The
 * launcher exits 0 when autovacuum is turned off (the postmaster starts it
 * again when it is turned on).
 *
 * Worker: takes the request (none pending: exit 0), opens the database as
 * the bootstrap superuser, lists its ordinary tables with reltuples from
 * pg_class, decides from the cumulative statistics and runs
 * utility_vacuum_relation() for each chosen table in a transaction of its
 * own.  An ERROR in one table (a cancel from a waiting backend, an I/O
 * error) is logged and the worker goes on with the next one.  System
 * catalogs are not processed (minipg's VACUUM of pg_class would update the
 * row it reads).
 *
 * Invariants:
 *	- The postmaster never reads this area; it forks a worker per signal.
 *	- n_running counts workers between taking a request and exit (an exit
 *	  callback decrements it); a crash resets the whole segment.
 *-------------------------------------------------------------------------
 */
#include "postmaster/autovacuum.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "access/heap/heapam.h"
#include "access/transam/xact.h"
#include "catalog/catalog.h"
#include "catalog/storage.h"
#include "catalog/syscat.h"
#include "faults/faultpoint.h"
#include "postmaster/auxprocess.h"
#include "sql/utility.h"
#include "storage/buffer/bufmgr.h"
#include "storage/ipc/pmsignal.h"
#include "storage/ipc/proc.h"
#include "storage/ipc/waitevent.h"
#include "storage/lmgr/lock.h"
#include "storage/lmgr/lwlock.h"
#include "storage/lmgr/spin.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/interrupt.h"
#include "utils/memctx.h"
#include "utils/ps_status.h"

#define AUTOVAC_MAGIC 0x4155544F56414331ULL	/* "AUTOVAC1" */

typedef struct AutoVacShmem
{
	uint64_t	magic;
	slock_t		lock;
	Oid			starting_dbid;	/* InvalidOid: no request pending */
	int64_t		starting_since_us;
	int			n_running;
	_Atomic int launcher_procno;	/* -1: none */
} AutoVacShmem;

static AutoVacShmem *av_shmem = NULL;

size_t
autovac_shmem_size(void)
{
	return sizeof(AutoVacShmem);
}

void
autovac_shmem_init(void *mem, size_t size)
{
	(void) size;
	av_shmem = mem;
	av_shmem->magic = AUTOVAC_MAGIC;
	spin_init(&av_shmem->lock);
	atomic_store(&av_shmem->launcher_procno, -1);
}

static void
wake_launcher(void)
{
	int			procno = atomic_load(&av_shmem->launcher_procno);

	if (procno >= 0 && procno < proc_global->n_procs)
		proc_wakeup(&proc_global->procs[procno]);
}

/* ---------------------------------------------------------------------
 * The launcher
 * ---------------------------------------------------------------------
 */

/* Tell the postmaster.  An ERROR (a fault) is logged; the request then
 * times out after autovacuum_naptime. */
static void
launcher_signal_postmaster(void)
{
	ELOG_TRY();
	{
		FAULT_MARK("autovacuum/launcher/before-request");
		pmsignal_send(PMSIGNAL_START_AUTOVAC_WORKER);
	}
	ELOG_CATCH();
	{
		elog_emit_current_error();
		elog_flush_error();
		lwlock_release_all();
	}
	ELOG_END_TRY();
}

/* Post a start request if there is room; true if one was posted. */
static bool
launcher_request_worker(int64_t now)
{
	bool		post = false;
	bool		timed_out = false;
	int64_t		naptime_us = (int64_t) guc_autovacuum_naptime_s * 1000000;

	spin_lock(&av_shmem->lock);
	if (av_shmem->starting_dbid != InvalidOid && now - av_shmem->starting_since_us > naptime_us)
	{
		av_shmem->starting_dbid = InvalidOid;
		timed_out = true;
	}
	if (av_shmem->starting_dbid == InvalidOid &&
		av_shmem->n_running < guc_autovacuum_max_workers)
	{
		av_shmem->starting_dbid = POSTGRES_DATABASE_OID;
		av_shmem->starting_since_us = now;
		post = true;
	}
	spin_unlock(&av_shmem->lock);
	if (timed_out)
		ereport(WARNING, errmsg("autovacuum worker took too long to start; canceled"));
	if (post)
		launcher_signal_postmaster();
	return post;
}

static void
clear_launcher(int code, Datum arg)
{
	(void) code;
	(void) arg;
	if (av_shmem != NULL)
		atomic_store(&av_shmem->launcher_procno, -1);
}

void
autovac_launcher_main(void *arg)
{
	int64_t		next_run_us;

	(void) arg;
	aux_process_init(B_AUTOVAC_LAUNCHER);
	on_proc_exit(clear_launcher, 0);
	atomic_store(&av_shmem->launcher_procno, MyProc->procno);
	ereport(DEBUG1, errmsg("autovacuum launcher started"));
	/* The first round comes soon after start, as in PostgreSQL. */
	next_run_us = now_us() + 1000000;
	for (;;)
	{
		uint32_t	seq = proc_wakeup_seq();

		if (PostmasterDeathPending)
			proc_exit(1);
		if (ProcDiePending)
			break;
		if (ConfigReloadPending)
		{
			ConfigReloadPending = 0;
			guc_load_config_files(".", PGC_SIGHUP);
		}
		if (!guc_autovacuum)
			break;				/* turned off: the postmaster restarts us when on */

		int64_t		now = now_us();

		if (now >= next_run_us && launcher_request_worker(now))
			next_run_us = now + (int64_t) guc_autovacuum_naptime_s * 1000000;

		int64_t		wait_ms = (next_run_us - now) / 1000;

		/* Re-check at least every second (workers finishing wake us). */
		wait_ms = Max(Min(wait_ms, 1000), 10);
		proc_set_wait_event(WAIT_EVENT_AUTOVACUUM_MAIN);
		proc_sleep_if_unchanged(seq, (long) wait_ms);
		proc_set_wait_event(0);
	}
	ereport(DEBUG1, errmsg("autovacuum launcher shutting down"));
	proc_exit(0);
}

/* ---------------------------------------------------------------------
 * The worker
 * ---------------------------------------------------------------------
 */

typedef struct AvTable
{
	Oid			relid;
	double		reltuples;
	Oid			nspid;
	char		relname[NAMEDATALEN];
} AvTable;

typedef struct AvScan
{
	AvTable    *tables;
	int			n;
	int			cap;
	char		dbname[NAMEDATALEN];
} AvScan;

static MemoryContext av_context = NULL;

static bool
collect_table_cb(HeapTuple tup, void *arg)
{
	AvScan	   *s = arg;
	PgClassRow	r;

	syscat_class_row(tup, &r);
	if (r.relkind != RELKIND_TABLE || r.relpersistence == RELPERSISTENCE_TEMP ||
		r.relnamespace == PG_CATALOG_NAMESPACE || syscat_is_system(r.oid))
		return true;
	if (s->n == s->cap)
	{
		s->cap = s->cap ? s->cap * 2 : 64;
		AvTable    *bigger = memctx_alloc(av_context, sizeof(AvTable) * (size_t) s->cap);

		if (s->n > 0)
			memcpy(bigger, s->tables, sizeof(AvTable) * (size_t) s->n);
		s->tables = bigger;
	}
	AvTable    *t = &s->tables[s->n++];

	t->relid = r.oid;
	t->reltuples = r.reltuples;
	t->nspid = r.relnamespace;
	snprintf(t->relname, sizeof(t->relname), "%s", r.relname);
	return true;
}

typedef struct NameLookup
{
	Oid			oid;
	char		name[NAMEDATALEN];
} NameLookup;

static bool
database_name_cb(HeapTuple tup, void *arg)
{
	NameLookup *l = arg;
	PgDatabaseRow r;

	syscat_database_row(tup, &r);
	if (r.oid != l->oid)
		return true;
	snprintf(l->name, sizeof(l->name), "%s", r.datname);
	return false;
}

static bool
role_name_cb(HeapTuple tup, void *arg)
{
	NameLookup *l = arg;
	PgAuthidRow r;

	syscat_authid_row(tup, &r);
	if (r.oid != l->oid)
		return true;
	snprintf(l->name, sizeof(l->name), "%s", r.rolname);
	return false;
}

/* After an ERROR in the worker: the backend's recovery, minus the client. */
static void
worker_recover_from_error(void)
{
	HOLD_INTERRUPTS();
	QueryCancelEnabled = false;
	QueryCancelPending = 0;
	elog_emit_current_error();
	bufmgr_release_all();
	lwlock_release_all();
	memctx_switch_to(TopMemoryContext);
	xact_abort_current();
	elog_flush_error();
	RESUME_INTERRUPTS();
}

static void
worker_exit(int code, Datum arg)
{
	(void) code;
	(void) arg;
	if (av_shmem == NULL)
		return;
	spin_lock(&av_shmem->lock);
	av_shmem->n_running--;
	spin_unlock(&av_shmem->lock);
	wake_launcher();
}

/* Take the pending request: its database, or InvalidOid if none. */
static Oid
worker_take_request(void)
{
	Oid			dbid;

	spin_lock(&av_shmem->lock);
	dbid = av_shmem->starting_dbid;
	av_shmem->starting_dbid = InvalidOid;
	if (dbid != InvalidOid)
		av_shmem->n_running++;
	spin_unlock(&av_shmem->lock);
	if (dbid != InvalidOid)
		on_proc_exit(worker_exit, 0);
	return dbid;
}

/* Session setup and the list of tables, in one short transaction. */
static AvScan *
worker_open_database(Oid dbid)
{
	AvScan	   *scan = memctx_alloc_zero(av_context, sizeof(AvScan));
	NameLookup	db = {dbid, ""};
	NameLookup	role = {BOOTSTRAP_SUPERUSERID, ""};

	xact_start_command();
	storage_init();
	MyDatabaseId = dbid;
	MyRoleId = BOOTSTRAP_SUPERUSERID;
	syscat_scan(PgDatabaseRelationId, database_name_cb, &db);
	syscat_scan(PgAuthidRelationId, role_name_cb, &role);
	syscat_scan(PgClassRelationId, collect_table_cb, scan);
	xact_commit_command();
	if (db.name[0] == '\0')
		ereport(FATAL, errcode(ERRCODE_INVALID_CATALOG_NAME),
				errmsg("database %u does not exist", dbid));
	ps_set_title(psprintf("autovacuum worker %s", db.name));
	proc_set_connection_info(dbid, BOOTSTRAP_SUPERUSERID, role.name, db.name, "", "", -1);
	snprintf(scan->dbname, sizeof(scan->dbname), "%s", db.name);
	return scan;
}

static const char *
namespace_name(Oid nspid)
{
	static NameLookup cached = {InvalidOid, ""};

	if (cached.oid == nspid)
		return cached.name;
	cached.oid = nspid;
	(void) catalog_namespace_name(nspid, cached.name);
	return cached.name;
}

/* VACUUM and/or ANALYZE one table in its own transaction; log as
 * log_autovacuum_min_duration asks. */
static void
worker_process_table(const AvTable *t, const char *dbname, bool dovacuum, bool doanalyze)
{
	int64_t		start = now_us();
	VacuumStats stats;
	bool		done;

	FAULT_MARK("autovacuum/worker/before-table");
	xact_start_command();
	const char *nsp = namespace_name(t->nspid);

	proc_set_state(STATE_RUNNING, psprintf("autovacuum: %s%s %s.%s",
										   dovacuum ? "VACUUM" : "ANALYZE",
										   dovacuum && doanalyze ? " ANALYZE" : "",
										   nsp, t->relname));
	QueryCancelEnabled = true;
	/* Try the lock here (VACUUM's own try then finds it held). */
	done = lock_relation_conditional(t->relid, ShareUpdateExclusiveLock);
	if (done)
	{
		FAULT_MARK("autovacuum/worker/after-lock");
		CHECK_FOR_INTERRUPTS();
		done = utility_vacuum_relation(t->relid, dovacuum, doanalyze, true, &stats);
	}
	QueryCancelEnabled = false;
	xact_commit_command();
	proc_set_state(STATE_IDLE, NULL);

	int64_t		elapsed_ms = (now_us() - start) / 1000;
	int			min_ms = guc_log_autovacuum_min_duration_ms;

	if (!done)
	{
		ereport(min_ms >= 0 ? LOG : DEBUG1,
				errmsg("skipping %s of \"%s\" --- lock not available",
					   dovacuum ? "vacuum" : "analyze", t->relname));
		return;
	}
	if (min_ms < 0 || elapsed_ms < min_ms)
		return;
	if (dovacuum)
		ereport(LOG, errmsg("automatic vacuum of table \"%s.%s.%s\": index scans: %d\n"
							"pages: 0 removed, %.0f remain, %.0f scanned (100.00%% of total)\n"
							"tuples: %.0f removed, %.0f remain, 0 are dead but not yet removable\n"
							"system usage: elapsed: %.2f s",
							dbname, nsp, t->relname, stats.index_entries_removed > 0 ? 1 : 0,
							stats.pages_scanned, stats.pages_scanned,
							stats.tuples_removed, stats.tuples_remaining,
							elapsed_ms / 1000.0));
	if (doanalyze)
		ereport(LOG, errmsg("automatic analyze of table \"%s.%s.%s\"\n"
							"system usage: elapsed: %.2f s",
							dbname, nsp, t->relname, elapsed_ms / 1000.0));
}

static void
worker_do_tables(AvScan *scan)
{
	AutoVacThresholds th;
	const char *dbname = scan->dbname;

	pgstat_sync_for_read();
	for (int i = 0; i < scan->n; i++)
	{
		const AvTable *t = &scan->tables[i];
		PgStatTableCounters c;
		bool		dovacuum,
					doanalyze;

		CHECK_FOR_INTERRUPTS();
		if (ConfigReloadPending)
		{
			ConfigReloadPending = 0;
			guc_load_config_files(".", PGC_SIGHUP);
		}
		if (!pgstat_fetch_table(MyDatabaseId, t->relid, &c))
			continue;			/* never touched since the statistics began */
		autovac_thresholds_from_gucs(&th);
		autovac_table_needs(&th, t->reltuples, &c, &dovacuum, &doanalyze);
		if (!dovacuum && !doanalyze)
			continue;
		ELOG_TRY();
		{
			worker_process_table(t, dbname, dovacuum, doanalyze);
		}
		ELOG_CATCH();
		{
			worker_recover_from_error();
		}
		ELOG_END_TRY();
	}
}

void
autovac_worker_main(void *arg)
{
	(void) arg;
	ps_set_title("autovacuum worker");
	proc_attach_auxiliary(B_AUTOVAC_WORKER);
	av_context = memctx_create(TopMemoryContext, "AutovacMemCxt");
	SessionContext = memctx_create(TopMemoryContext, "SessionContext");
	MessageContext = memctx_create(TopMemoryContext, "MessageContext");
	memctx_switch_to(MessageContext);

	Oid			dbid = worker_take_request();

	if (dbid == InvalidOid)
		proc_exit(0);			/* the launcher's request was taken or dropped */
	pgstat_init_backend();

	AvScan	   *scan = worker_open_database(dbid);

	worker_do_tables(scan);
	proc_exit(0);
}
