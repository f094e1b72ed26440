/*-------------------------------------------------------------------------
 * views_stats.c
 *	  The cumulative statistics views: pg_stat_all_tables,
 *	  pg_stat_user_tables, pg_stat_sys_tables, pg_stat_database,
 *	  pg_stat_bgwriter, pg_stat_wal (PostgreSQL 15's columns) and
 *	  pg_stat_io (PostgreSQL 16's: 15 has no such view).
 *
 * Role: rows from the stats collector's shared tables (utils/pgstat) joined,
 * as PostgreSQL's views join them, with pg_class / pg_namespace /
 * pg_database read through MVCC catalog scans (no heavyweight lock).
 * Before reading, pgstat_sync_for_read() lets the collector fold what was
 * published so far, so a session sees its own committed work.
 *
 * Invariants:
 *	- A table row exists for every table in pg_class (zeros when the
 *	  collector has no entry), as in PostgreSQL; idx_scan/idx_tup_fetch are
 *	  NULL for a table without indexes.
 *	- Columns minipg does not measure are shown as PostgreSQL shows them
 *	  with the corresponding feature off: times 0 (no track_io_timing),
 *	  checksum_failures NULL (no data checksums), conflicts 0.
 *	- pg_stat_io has one row per backend type that does relation I/O,
 *	  object "relation", context "normal" only (minipg has no buffer
 *	  access strategies, so bulkread/bulkwrite/vacuum contexts are empty).
 *-------------------------------------------------------------------------
 */
#include "sql/sysviews/sysview.h"

#include <string.h>

#include "catalog/catalog.h"
#include "catalog/syscat.h"
#include "sql/types/numeric.h"
#include "sql/types/types.h"
#include "storage/ipc/proc.h"
#include "utils/pgstat/pgstat.h"

/* ------------------------------------------------------------------------
 * pg_stat_all_tables, pg_stat_user_tables, pg_stat_sys_tables
 * ------------------------------------------------------------------------
 */
enum
{
	TAB_RELID, TAB_SCHEMANAME, TAB_RELNAME, TAB_SEQ_SCAN, TAB_SEQ_TUP_READ, TAB_IDX_SCAN,
	TAB_IDX_TUP_FETCH, TAB_N_TUP_INS, TAB_N_TUP_UPD, TAB_N_TUP_DEL, TAB_N_TUP_HOT_UPD,
	TAB_N_LIVE_TUP, TAB_N_DEAD_TUP, TAB_N_MOD_SINCE_ANALYZE, TAB_N_INS_SINCE_VACUUM,
	TAB_LAST_VACUUM, TAB_LAST_AUTOVACUUM, TAB_LAST_ANALYZE, TAB_LAST_AUTOANALYZE,
	TAB_VACUUM_COUNT, TAB_AUTOVACUUM_COUNT, TAB_ANALYZE_COUNT, TAB_AUTOANALYZE_COUNT,
	TAB_NCOLS
};

static const SysViewColumn table_columns[] = {
	{"relid", OIDOID}, {"schemaname", NAMEOID}, {"relname", NAMEOID},
	{"seq_scan", INT8OID}, {"seq_tup_read", INT8OID}, {"idx_scan", INT8OID},
	{"idx_tup_fetch", INT8OID}, {"n_tup_ins", INT8OID}, {"n_tup_upd", INT8OID},
	{"n_tup_del", INT8OID}, {"n_tup_hot_upd", INT8OID}, {"n_live_tup", INT8OID},
	{"n_dead_tup", INT8OID}, {"n_mod_since_analyze", INT8OID},
	{"n_ins_since_vacuum", INT8OID}, {"last_vacuum", TIMESTAMPTZOID},
	{"last_autovacuum", TIMESTAMPTZOID}, {"last_analyze", TIMESTAMPTZOID},
	{"last_autoanalyze", TIMESTAMPTZOID}, {"vacuum_count", INT8OID},
	{"autovacuum_count", INT8OID}, {"analyze_count", INT8OID},
	{"autoanalyze_count", INT8OID},
};
StaticAssert(lengthof(table_columns) == TAB_NCOLS, "pg_stat_all_tables columns");

typedef enum TableFilter
{
	TABLES_ALL,
	TABLES_USER,
	TABLES_SYS,
} TableFilter;

#define MAX_NAMESPACES 256

typedef struct TableScan
{
	SysViewRows *rows;
	TableFilter filter;
	int			n_nsp;
	Oid			nsp_oid[MAX_NAMESPACES];
	char		nsp_name[MAX_NAMESPACES][NAMEDATALEN];
} TableScan;

static bool
collect_namespace_cb(HeapTuple tup, void *arg)
{
	TableScan  *s = arg;
	PgNamespaceRow r;

	if (s->n_nsp >= MAX_NAMESPACES)
		return false;
	syscat_namespace_row(tup, &r);
	s->nsp_oid[s->n_nsp] = r.oid;
	memcpy(s->nsp_name[s->n_nsp], r.nspname, NAMEDATALEN);
	s->n_nsp++;
	return true;
}

static const char *
namespace_of(const TableScan *s, Oid nsp)
{
	for (int i = 0; i < s->n_nsp; i++)
		if (s->nsp_oid[i] == nsp)
			return s->nsp_name[i];
	return NULL;
}

/* PostgreSQL's pg_stat_sys_tables: pg_catalog, information_schema, pg_toast*. */
static bool
is_system_schema(const char *nsp)
{
	return strcmp(nsp, "pg_catalog") == 0 || strcmp(nsp, "information_schema") == 0 ||
		strncmp(nsp, "pg_toast", 8) == 0;
}

static void
set_int8_or_null(SysViewRows *rows, int col, int64_t v, bool isnull)
{
	if (!isnull)
		sysview_set_int8(rows, col, v);
}

static bool
table_row_cb(HeapTuple tup, void *arg)
{
	TableScan  *s = arg;
	SysViewRows *rows = s->rows;
	PgClassRow	r;
	PgStatTableCounters c;

	syscat_class_row(tup, &r);
	if (r.relkind != RELKIND_TABLE)
		return true;
	const char *nsp = namespace_of(s, r.relnamespace);

	if (nsp == NULL)
		return true;			/* namespace dropped meanwhile */
	if ((s->filter == TABLES_USER && is_system_schema(nsp)) ||
		(s->filter == TABLES_SYS && !is_system_schema(nsp)))
		return true;
	(void) pgstat_fetch_table(MyDatabaseId, r.oid, &c);
	sysview_begin_row(rows);
	sysview_set_oid(rows, TAB_RELID, r.oid);
	sysview_set_text(rows, TAB_SCHEMANAME, nsp);
	sysview_set_text(rows, TAB_RELNAME, r.relname);
	sysview_set_int8(rows, TAB_SEQ_SCAN, c.seq_scan);
	sysview_set_int8(rows, TAB_SEQ_TUP_READ, c.seq_tup_read);
	set_int8_or_null(rows, TAB_IDX_SCAN, c.idx_scan, !r.relhasindex);
	set_int8_or_null(rows, TAB_IDX_TUP_FETCH, c.idx_tup_fetch, !r.relhasindex);
	sysview_set_int8(rows, TAB_N_TUP_INS, c.n_tup_ins);
	sysview_set_int8(rows, TAB_N_TUP_UPD, c.n_tup_upd);
	sysview_set_int8(rows, TAB_N_TUP_DEL, c.n_tup_del);
	sysview_set_int8(rows, TAB_N_TUP_HOT_UPD, c.n_tup_hot_upd);
	sysview_set_int8(rows, TAB_N_LIVE_TUP, c.n_live_tup);
	sysview_set_int8(rows, TAB_N_DEAD_TUP, c.n_dead_tup);
	sysview_set_int8(rows, TAB_N_MOD_SINCE_ANALYZE, c.n_mod_since_analyze);
	sysview_set_int8(rows, TAB_N_INS_SINCE_VACUUM, c.n_ins_since_vacuum);
	sysview_set_timestamptz_unix_us(rows, TAB_LAST_VACUUM, c.last_vacuum_us);
	sysview_set_timestamptz_unix_us(rows, TAB_LAST_AUTOVACUUM, c.last_autovacuum_us);
	sysview_set_timestamptz_unix_us(rows, TAB_LAST_ANALYZE, c.last_analyze_us);
	sysview_set_timestamptz_unix_us(rows, TAB_LAST_AUTOANALYZE, c.last_autoanalyze_us);
	sysview_set_int8(rows, TAB_VACUUM_COUNT, c.vacuum_count);
	sysview_set_int8(rows, TAB_AUTOVACUUM_COUNT, c.autovacuum_count);
	sysview_set_int8(rows, TAB_ANALYZE_COUNT, c.analyze_count);
	sysview_set_int8(rows, TAB_AUTOANALYZE_COUNT, c.autoanalyze_count);
	return true;
}

static void
fill_tables(SysViewRows *rows, TableFilter filter)
{
	TableScan  *s = palloc0(sizeof(TableScan));

	s->rows = rows;
	s->filter = filter;
	pgstat_sync_for_read();
	syscat_scan(PgNamespaceRelationId, collect_namespace_cb, s);
	syscat_scan(PgClassRelationId, table_row_cb, s);
}

static void
fill_all_tables(SysViewRows *rows)
{
	fill_tables(rows, TABLES_ALL);
}

static void
fill_user_tables(SysViewRows *rows)
{
	fill_tables(rows, TABLES_USER);
}

static void
fill_sys_tables(SysViewRows *rows)
{
	fill_tables(rows, TABLES_SYS);
}

const SysView sysview_pg_stat_all_tables = {
	"pg_stat_all_tables", table_columns, TAB_NCOLS, fill_all_tables
};
const SysView sysview_pg_stat_user_tables = {
	"pg_stat_user_tables", table_columns, TAB_NCOLS, fill_user_tables
};
const SysView sysview_pg_stat_sys_tables = {
	"pg_stat_sys_tables", table_columns, TAB_NCOLS, fill_sys_tables
};

/* ------------------------------------------------------------------------
 * pg_stat_database
 * ------------------------------------------------------------------------
 */
enum
{
	DB_DATID, DB_DATNAME, DB_NUMBACKENDS, DB_XACT_COMMIT, DB_XACT_ROLLBACK, DB_BLKS_READ,
	DB_BLKS_HIT, DB_TUP_RETURNED, DB_TUP_FETCHED, DB_TUP_INSERTED, DB_TUP_UPDATED,
	DB_TUP_DELETED, DB_CONFLICTS, DB_TEMP_FILES, DB_TEMP_BYTES, DB_DEADLOCKS,
	DB_CHECKSUM_FAILURES, DB_CHECKSUM_LAST_FAILURE, DB_BLK_READ_TIME, DB_BLK_WRITE_TIME,
	DB_SESSION_TIME, DB_ACTIVE_TIME, DB_IDLE_IN_TRANSACTION_TIME, DB_SESSIONS,
	DB_SESSIONS_ABANDONED, DB_SESSIONS_FATAL, DB_SESSIONS_KILLED, DB_STATS_RESET,
	DB_NCOLS
};

static const SysViewColumn database_columns[] = {
	{"datid", OIDOID}, {"datname", NAMEOID}, {"numbackends", INT4OID},
	{"xact_commit", INT8OID}, {"xact_rollback", INT8OID}, {"blks_read", INT8OID},
	{"blks_hit", INT8OID}, {"tup_returned", INT8OID}, {"tup_fetched", INT8OID},
	{"tup_inserted", INT8OID}, {"tup_updated", INT8OID}, {"tup_deleted", INT8OID},
	{"conflicts", INT8OID}, {"temp_files", INT8OID}, {"temp_bytes", INT8OID},
	{"deadlocks", INT8OID}, {"checksum_failures", INT8OID},
	{"checksum_last_failure", TIMESTAMPTZOID}, {"blk_read_time", FLOAT8OID},
	{"blk_write_time", FLOAT8OID}, {"session_time", FLOAT8OID},
	{"active_time", FLOAT8OID}, {"idle_in_transaction_time", FLOAT8OID},
	{"sessions", INT8OID}, {"sessions_abandoned", INT8OID}, {"sessions_fatal", INT8OID},
	{"sessions_killed", INT8OID}, {"stats_reset", TIMESTAMPTZOID},
};
StaticAssert(lengthof(database_columns) == DB_NCOLS, "pg_stat_database columns");

/* Processes attached to database dbid (client backends and autovacuum
 * workers; 0: those attached to no database). */
static int
count_backends(Oid dbid)
{
	int			n = 0;

	for (int i = 0; i < proc_global->n_procs; i++)
	{
		const Proc *p = &proc_global->procs[i];

		if (atomic_load(&p->pid) == 0 || p->database_oid != dbid)
			continue;
		if (dbid == InvalidOid && p->backend_type != B_BACKEND)
			continue;
		n++;
	}
	return n;
}

static void
database_row(SysViewRows *rows, Oid dbid, const char *datname)
{
	PgStatDbCounters c;

	(void) pgstat_fetch_db(dbid, &c);
	sysview_begin_row(rows);
	sysview_set_oid(rows, DB_DATID, dbid);
	sysview_set_text(rows, DB_DATNAME, datname);
	sysview_set_int4(rows, DB_NUMBACKENDS, count_backends(dbid));
	sysview_set_int8(rows, DB_XACT_COMMIT, c.xact_commit);
	sysview_set_int8(rows, DB_XACT_ROLLBACK, c.xact_rollback);
	sysview_set_int8(rows, DB_BLKS_READ, c.blks_read);
	sysview_set_int8(rows, DB_BLKS_HIT, c.blks_hit);
	sysview_set_int8(rows, DB_TUP_RETURNED, c.tup_returned);
	sysview_set_int8(rows, DB_TUP_FETCHED, c.tup_fetched);
	sysview_set_int8(rows, DB_TUP_INSERTED, c.tup_inserted);
	sysview_set_int8(rows, DB_TUP_UPDATED, c.tup_updated);
	sysview_set_int8(rows, DB_TUP_DELETED, c.tup_deleted);
	sysview_set_int8(rows, DB_CONFLICTS, 0);
	sysview_set_int8(rows, DB_TEMP_FILES, c.temp_files);
	sysview_set_int8(rows, DB_TEMP_BYTES, c.temp_bytes);
	sysview_set_int8(rows, DB_DEADLOCKS, c.deadlocks);
	sysview_set_float8(rows, DB_BLK_READ_TIME, 0);
	sysview_set_float8(rows, DB_BLK_WRITE_TIME, 0);
	sysview_set_float8(rows, DB_SESSION_TIME, (double) c.session_time_us / 1000.0);
	sysview_set_float8(rows, DB_ACTIVE_TIME, 0);
	sysview_set_float8(rows, DB_IDLE_IN_TRANSACTION_TIME, 0);
	sysview_set_int8(rows, DB_SESSIONS, c.sessions);
	sysview_set_int8(rows, DB_SESSIONS_ABANDONED, 0);
	sysview_set_int8(rows, DB_SESSIONS_FATAL, c.sessions_fatal);
	sysview_set_int8(rows, DB_SESSIONS_KILLED, 0);
	sysview_set_timestamptz_unix_us(rows, DB_STATS_RESET, c.stats_reset_us);
}

static bool
database_row_cb(HeapTuple tup, void *arg)
{
	PgDatabaseRow r;

	syscat_database_row(tup, &r);
	database_row(arg, r.oid, r.datname);
	return true;
}

static void
fill_database(SysViewRows *rows)
{
	pgstat_sync_for_read();
	/* PostgreSQL's first row: shared objects, datid 0, datname NULL. */
	database_row(rows, InvalidOid, NULL);
	syscat_scan(PgDatabaseRelationId, database_row_cb, rows);
}

const SysView sysview_pg_stat_database = {
	"pg_stat_database", database_columns, DB_NCOLS, fill_database
};

/* ------------------------------------------------------------------------
 * pg_stat_bgwriter (PostgreSQL 15)
 * ------------------------------------------------------------------------
 */
static const SysViewColumn bgwriter_columns[] = {
	{"checkpoints_timed", INT8OID}, {"checkpoints_req", INT8OID},
	{"checkpoint_write_time", FLOAT8OID}, {"checkpoint_sync_time", FLOAT8OID},
	{"buffers_checkpoint", INT8OID}, {"buffers_clean", INT8OID},
	{"maxwritten_clean", INT8OID}, {"buffers_backend", INT8OID},
	{"buffers_backend_fsync", INT8OID}, {"buffers_alloc", INT8OID},
	{"stats_reset", TIMESTAMPTZOID},
};

static void
fill_bgwriter(SysViewRows *rows)
{
	PgStatGlobals g;

	pgstat_sync_for_read();
	pgstat_fetch_globals(&g);
	sysview_begin_row(rows);
	sysview_set_int8(rows, 0, g.checkpoints_timed);
	sysview_set_int8(rows, 1, g.checkpoints_req);
	sysview_set_float8(rows, 2, (double) g.checkpoint_write_time_ms);
	sysview_set_float8(rows, 3, (double) g.checkpoint_sync_time_ms);
	sysview_set_int8(rows, 4, g.buffers_checkpoint);
	sysview_set_int8(rows, 5, g.buffers_clean);
	sysview_set_int8(rows, 6, g.maxwritten_clean);
	sysview_set_int8(rows, 7, g.buffers_backend);
	sysview_set_int8(rows, 8, 0);
	sysview_set_int8(rows, 9, g.buffers_alloc);
	sysview_set_timestamptz_unix_us(rows, 10, g.bgwriter_reset_us);
}

const SysView sysview_pg_stat_bgwriter = {
	"pg_stat_bgwriter", bgwriter_columns, lengthof(bgwriter_columns), fill_bgwriter
};

/* ------------------------------------------------------------------------
 * pg_stat_wal (PostgreSQL 15)
 * ------------------------------------------------------------------------
 */
static const SysViewColumn wal_columns[] = {
	{"wal_records", INT8OID}, {"wal_fpi", INT8OID}, {"wal_bytes", NUMERICOID},
	{"wal_buffers_full", INT8OID}, {"wal_write", INT8OID}, {"wal_sync", INT8OID},
	{"wal_write_time", FLOAT8OID}, {"wal_sync_time", FLOAT8OID},
	{"stats_reset", TIMESTAMPTZOID},
};

static void
fill_wal(SysViewRows *rows)
{
	PgStatGlobals g;

	pgstat_sync_for_read();
	pgstat_fetch_globals(&g);
	sysview_begin_row(rows);
	sysview_set_int8(rows, 0, g.wal_records);
	sysview_set_int8(rows, 1, g.wal_fpi);
	sysview_set_datum(rows, 2, numeric_from_int64(g.wal_bytes));
	sysview_set_int8(rows, 3, g.wal_buffers_full);
	sysview_set_int8(rows, 4, g.wal_write);
	sysview_set_int8(rows, 5, g.wal_sync);
	sysview_set_float8(rows, 6, 0);
	sysview_set_float8(rows, 7, 0);
	sysview_set_timestamptz_unix_us(rows, 8, g.wal_reset_us);
}

const SysView sysview_pg_stat_wal = {
	"pg_stat_wal", wal_columns, lengthof(wal_columns), fill_wal
};

/* ------------------------------------------------------------------------
 * pg_stat_io (PostgreSQL 16's view)
 * ------------------------------------------------------------------------
 */
enum
{
	IO_BACKEND_TYPE, IO_OBJECT, IO_CONTEXT, IO_READS, IO_READ_TIME, IO_WRITES,
	IO_WRITE_TIME, IO_WRITEBACKS, IO_WRITEBACK_TIME, IO_EXTENDS, IO_EXTEND_TIME,
	IO_OP_BYTES, IO_HITS, IO_EVICTIONS, IO_REUSES, IO_FSYNCS, IO_FSYNC_TIME,
	IO_STATS_RESET, IO_NCOLS
};

static const SysViewColumn io_columns[] = {
	{"backend_type", TEXTOID}, {"object", TEXTOID}, {"context", TEXTOID},
	{"reads", INT8OID}, {"read_time", FLOAT8OID}, {"writes", INT8OID},
	{"write_time", FLOAT8OID}, {"writebacks", INT8OID}, {"writeback_time", FLOAT8OID},
	{"extends", INT8OID}, {"extend_time", FLOAT8OID}, {"op_bytes", INT8OID},
	{"hits", INT8OID}, {"evictions", INT8OID}, {"reuses", INT8OID},
	{"fsyncs", INT8OID}, {"fsync_time", FLOAT8OID}, {"stats_reset", TIMESTAMPTZOID},
};
StaticAssert(lengthof(io_columns) == IO_NCOLS, "pg_stat_io columns");

/* The backend types PostgreSQL 16 lists in pg_stat_io, in its order. */
static const BackendType io_backend_types[] = {
	B_AUTOVAC_LAUNCHER, B_AUTOVAC_WORKER, B_BACKEND, B_BG_WORKER, B_BG_WRITER,
	B_CHECKPOINTER, B_STANDALONE, B_STARTUP, B_WAL_SENDER,
};

static void
fill_io(SysViewRows *rows)
{
	PgStatGlobals g;

	pgstat_fetch_globals(&g);
	for (int i = 0; i < (int) lengthof(io_backend_types); i++)
	{
		BackendType t = io_backend_types[i];
		const int64_t *io = g.io[t];

		sysview_begin_row(rows);
		sysview_set_text(rows, IO_BACKEND_TYPE, backend_type_name(t));
		sysview_set_text(rows, IO_OBJECT, "relation");
		sysview_set_text(rows, IO_CONTEXT, "normal");
		sysview_set_int8(rows, IO_READS, io[PGSTAT_IO_READ]);
		sysview_set_float8(rows, IO_READ_TIME, 0);
		sysview_set_int8(rows, IO_WRITES, io[PGSTAT_IO_WRITE]);
		sysview_set_float8(rows, IO_WRITE_TIME, 0);
		sysview_set_int8(rows, IO_WRITEBACKS, 0);
		sysview_set_float8(rows, IO_WRITEBACK_TIME, 0);
		sysview_set_int8(rows, IO_EXTENDS, io[PGSTAT_IO_EXTEND]);
		sysview_set_float8(rows, IO_EXTEND_TIME, 0);
		sysview_set_int8(rows, IO_OP_BYTES, BLCKSZ);
		sysview_set_int8(rows, IO_HITS, io[PGSTAT_IO_HIT]);
		sysview_set_int8(rows, IO_EVICTIONS, io[PGSTAT_IO_EVICT]);
		/* reuses: NULL in the normal context (PostgreSQL 16) */
		sysview_set_int8(rows, IO_FSYNCS, io[PGSTAT_IO_FSYNC]);
		sysview_set_float8(rows, IO_FSYNC_TIME, 0);
		sysview_set_timestamptz_unix_us(rows, IO_STATS_RESET, g.io_reset_us);
	}
}

const SysView sysview_pg_stat_io = {
	"pg_stat_io", io_columns, IO_NCOLS, fill_io
};
