/*-------------------------------------------------------------------------
 * pgstat_funcs.c
 *	  SQL functions over the cumulative statistics: pg_stat_reset(),
 *	  pg_stat_reset_shared(text), pg_stat_clear_snapshot(), and
 *	  PostgreSQL's per-table and per-database accessors
 *	  (pg_stat_get_live_tuples(oid), pg_stat_get_last_autovacuum_time(oid),
 *	  pg_stat_get_db_xact_commit(oid), ...), which its views are built on.
 *
 * Every accessor first lets the collector fold what was published so far
 * (pgstat_sync_for_read), so a session sees its own committed work.
 *
 * Registered through pgstat_fmgr (sql/types/fmgr_catalog.c).  Resets are
 * messages to the collector, as in PostgreSQL <= 14, so they take effect
 * when it folds them (a session's next read waits for that).
 *-------------------------------------------------------------------------
 */
#include "catalog/catalog.h"
#include "sql/types/datetime.h"
#include "sql/types/fmgr.h"
#include "sql/types/types.h"
#include "utils/pgstat/pgstat.h"

extern const FmgrTableSet pgstat_fmgr;

static Datum
fn_pg_stat_reset(FunctionCallInfo fcinfo)
{
	(void) fcinfo;
	pgstat_report_reset_db();
	PG_RETURN_VOID();
}

static Datum
fn_pg_stat_reset_shared(FunctionCallInfo fcinfo)
{
	pgstat_report_reset_shared(TextDatumGetCString(fcinfo->args[0]));
	PG_RETURN_VOID();
}

/* Nothing is cached per transaction here (every read is fresh). */
static Datum
fn_pg_stat_clear_snapshot(FunctionCallInfo fcinfo)
{
	(void) fcinfo;
	PG_RETURN_VOID();
}

static PgStatTableCounters *
table_counters(FunctionCallInfo fcinfo)
{
	static PgStatTableCounters c;

	pgstat_sync_for_read();
	(void) pgstat_fetch_table(MyDatabaseId, DatumGetObjectId(fcinfo->args[0]), &c);
	return &c;
}

static PgStatDbCounters *
db_counters(FunctionCallInfo fcinfo)
{
	static PgStatDbCounters c;

	pgstat_sync_for_read();
	(void) pgstat_fetch_db(DatumGetObjectId(fcinfo->args[0]), &c);
	return &c;
}

#define TABLE_INT8(fname, field) \
static Datum \
fn_##fname(FunctionCallInfo fcinfo) \
{ \
	return Int64GetDatum(table_counters(fcinfo)->field); \
}
#define TABLE_TIME(fname, field) \
static Datum \
fn_##fname(FunctionCallInfo fcinfo) \
{ \
	int64_t		t = table_counters(fcinfo)->field; \
	if (t == 0) \
	{ \
		fcinfo->isnull = true; \
		return (Datum) 0; \
	} \
	return Int64GetDatum(datetime_from_unix_us(t)); \
}
#define DB_INT8(fname, field) \
static Datum \
fn_##fname(FunctionCallInfo fcinfo) \
{ \
	return Int64GetDatum(db_counters(fcinfo)->field); \
}

TABLE_INT8(pg_stat_get_numscans, seq_scan)
TABLE_INT8(pg_stat_get_tuples_returned, seq_tup_read)
TABLE_INT8(pg_stat_get_tuples_fetched, idx_tup_fetch)
TABLE_INT8(pg_stat_get_tuples_inserted, n_tup_ins)
TABLE_INT8(pg_stat_get_tuples_updated, n_tup_upd)
TABLE_INT8(pg_stat_get_tuples_deleted, n_tup_del)
TABLE_INT8(pg_stat_get_tuples_hot_updated, n_tup_hot_upd)
TABLE_INT8(pg_stat_get_live_tuples, n_live_tup)
TABLE_INT8(pg_stat_get_dead_tuples, n_dead_tup)
TABLE_INT8(pg_stat_get_mod_since_analyze, n_mod_since_analyze)
TABLE_INT8(pg_stat_get_ins_since_vacuum, n_ins_since_vacuum)
TABLE_INT8(pg_stat_get_vacuum_count, vacuum_count)
TABLE_INT8(pg_stat_get_autovacuum_count, autovacuum_count)
TABLE_INT8(pg_stat_get_analyze_count, analyze_count)
TABLE_INT8(pg_stat_get_autoanalyze_count, autoanalyze_count)
TABLE_TIME(pg_stat_get_last_vacuum_time, last_vacuum_us)
TABLE_TIME(pg_stat_get_last_autovacuum_time, last_autovacuum_us)
TABLE_TIME(pg_stat_get_last_analyze_time, last_analyze_us)
TABLE_TIME(pg_stat_get_last_autoanalyze_time, last_autoanalyze_us)
DB_INT8(pg_stat_get_db_xact_commit, xact_commit)
DB_INT8(pg_stat_get_db_xact_rollback, xact_rollback)
DB_INT8(pg_stat_get_db_blocks_fetched, blks_read + db_counters(fcinfo)->blks_hit)
DB_INT8(pg_stat_get_db_blocks_hit, blks_hit)
DB_INT8(pg_stat_get_db_tuples_returned, tup_returned)
DB_INT8(pg_stat_get_db_tuples_fetched, tup_fetched)
DB_INT8(pg_stat_get_db_tuples_inserted, tup_inserted)
DB_INT8(pg_stat_get_db_tuples_updated, tup_updated)
DB_INT8(pg_stat_get_db_tuples_deleted, tup_deleted)
DB_INT8(pg_stat_get_db_deadlocks, deadlocks)
DB_INT8(pg_stat_get_db_temp_files, temp_files)
DB_INT8(pg_stat_get_db_temp_bytes, temp_bytes)

#define STAT_FN(fname, ret) \
	{#fname, 1, {OIDOID}, ret, true, FUNC_STABLE, false, fn_##fname}

static const BuiltinFunction pgstat_functions[] = {
	STAT_FN(pg_stat_get_numscans, INT8OID),
	STAT_FN(pg_stat_get_tuples_returned, INT8OID),
	STAT_FN(pg_stat_get_tuples_fetched, INT8OID),
	STAT_FN(pg_stat_get_tuples_inserted, INT8OID),
	STAT_FN(pg_stat_get_tuples_updated, INT8OID),
	STAT_FN(pg_stat_get_tuples_deleted, INT8OID),
	STAT_FN(pg_stat_get_tuples_hot_updated, INT8OID),
	STAT_FN(pg_stat_get_live_tuples, INT8OID),
	STAT_FN(pg_stat_get_dead_tuples, INT8OID),
	STAT_FN(pg_stat_get_mod_since_analyze, INT8OID),
	STAT_FN(pg_stat_get_ins_since_vacuum, INT8OID),
	STAT_FN(pg_stat_get_vacuum_count, INT8OID),
	STAT_FN(pg_stat_get_autovacuum_count, INT8OID),
	STAT_FN(pg_stat_get_analyze_count, INT8OID),
	STAT_FN(pg_stat_get_autoanalyze_count, INT8OID),
	STAT_FN(pg_stat_get_last_vacuum_time, TIMESTAMPTZOID),
	STAT_FN(pg_stat_get_last_autovacuum_time, TIMESTAMPTZOID),
	STAT_FN(pg_stat_get_last_analyze_time, TIMESTAMPTZOID),
	STAT_FN(pg_stat_get_last_autoanalyze_time, TIMESTAMPTZOID),
	STAT_FN(pg_stat_get_db_xact_commit, INT8OID),
	STAT_FN(pg_stat_get_db_xact_rollback, INT8OID),
	STAT_FN(pg_stat_get_db_blocks_fetched, INT8OID),
	STAT_FN(pg_stat_get_db_blocks_hit, INT8OID),
	STAT_FN(pg_stat_get_db_tuples_returned, INT8OID),
	STAT_FN(pg_stat_get_db_tuples_fetched, INT8OID),
	STAT_FN(pg_stat_get_db_tuples_inserted, INT8OID),
	STAT_FN(pg_stat_get_db_tuples_updated, INT8OID),
	STAT_FN(pg_stat_get_db_tuples_deleted, INT8OID),
	STAT_FN(pg_stat_get_db_deadlocks, INT8OID),
	STAT_FN(pg_stat_get_db_temp_files, INT8OID),
	STAT_FN(pg_stat_get_db_temp_bytes, INT8OID),
	{"pg_stat_reset", 0, {0}, VOIDOID, false, FUNC_VOLATILE, false, fn_pg_stat_reset},
	{"pg_stat_reset_shared", 1, {TEXTOID}, VOIDOID, true, FUNC_VOLATILE, false,
	fn_pg_stat_reset_shared},
	{"pg_stat_clear_snapshot", 0, {0}, VOIDOID, false, FUNC_VOLATILE, false,
	fn_pg_stat_clear_snapshot},
};

const FmgrTableSet pgstat_fmgr = {
	FMGR_ROWS(pgstat_functions), FMGR_NO_ROWS, FMGR_NO_ROWS, FMGR_NO_ROWS
};
