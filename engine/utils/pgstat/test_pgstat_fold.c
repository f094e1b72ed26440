/*-------------------------------------------------------------------------
 * test_pgstat_fold.c
 *	  Unit tests for utils/pgstat/pgstat_fold.c: table messages add up,
 *	  live/dead never go negative, VACUUM/ANALYZE reports set the counts
 *	  and the times and bump the right counters (manual vs. autovacuum),
 *	  DROP leaves a tombstone that later inserts reuse and lookups pass,
 *	  a full table counts instead of growing, database messages add up and
 *	  a database reset forgets its tables and stamps stats_reset.
 *
 * How: a PgStatTables over arrays on the stack (capacity 8), messages
 * built by hand, every counter compared with the value the rule gives.
 *-------------------------------------------------------------------------
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "utils/pgstat/pgstat.h"

#define NT 8

static PgStatTableEntry tables[NT];
static PgStatDbEntry dbs[2];
static PgStatGlobals globals;
static PgStatTables t;

static int
setup(void **state)
{
	(void) state;
	memset(tables, 0, sizeof(tables));
	memset(dbs, 0, sizeof(dbs));
	memset(&globals, 0, sizeof(globals));
	memset(&t, 0, sizeof(t));
	t.n_tables = NT;
	t.n_dbs = 2;
	t.tables = tables;
	t.dbs = dbs;
	t.globals = &globals;
	return 0;
}

static PgStatMsg
table_msg(Oid relid, int64_t ins, int64_t live, int64_t dead)
{
	PgStatMsg	m;

	memset(&m, 0, sizeof(m));
	m.type = PGSTAT_MSG_TABLE;
	m.dbid = 5;
	m.relid = relid;
	m.u.table.n_tup_ins = ins;
	m.u.table.n_live_tup = live;
	m.u.table.n_dead_tup = dead;
	m.u.table.n_ins_since_vacuum = ins;
	m.u.table.n_mod_since_analyze = ins;
	m.u.table.seq_scan = 1;
	return m;
}

static void
test_table_deltas_add_up(void **state)
{
	(void) state;
	PgStatMsg	a = table_msg(100, 10, 10, 0);
	PgStatMsg	b = table_msg(100, 1, 0, 1);	/* an aborted insert */
	PgStatTableCounters c;

	pgstat_fold(&t, &a);
	pgstat_fold(&t, &b);
	PgStatTableEntry *e = pgstat_table_lookup(&t, 5, 100, false);

	assert_non_null(e);
	c = e->c;
	assert_int_equal(c.n_tup_ins, 11);
	assert_int_equal(c.n_live_tup, 10);
	assert_int_equal(c.n_dead_tup, 1);
	assert_int_equal(c.seq_scan, 2);
	assert_int_equal(c.n_ins_since_vacuum, 11);
	/* Same relid, other database: a different entry. */
	assert_null(pgstat_table_lookup(&t, 6, 100, false));
}

static void
test_live_dead_clamped_at_zero(void **state)
{
	(void) state;
	PgStatMsg	a = table_msg(101, 0, -5, -3);

	pgstat_fold(&t, &a);
	PgStatTableEntry *e = pgstat_table_lookup(&t, 5, 101, false);

	assert_int_equal(e->c.n_live_tup, 0);
	assert_int_equal(e->c.n_dead_tup, 0);
}

static void
test_vacuum_and_analyze_reports(void **state)
{
	(void) state;
	PgStatMsg	a = table_msg(102, 100, 40, 60);
	PgStatMsg	v;

	pgstat_fold(&t, &a);
	memset(&v, 0, sizeof(v));
	v.type = PGSTAT_MSG_VACUUM;
	v.dbid = 5;
	v.relid = 102;
	v.autovacuum = true;
	v.time_us = 1234;
	v.u.table.n_live_tup = 40;
	v.u.table.n_dead_tup = 0;
	pgstat_fold(&t, &v);
	PgStatTableEntry *e = pgstat_table_lookup(&t, 5, 102, false);

	assert_int_equal(e->c.n_dead_tup, 0);
	assert_int_equal(e->c.n_live_tup, 40);
	assert_int_equal(e->c.n_ins_since_vacuum, 0);
	assert_int_equal(e->c.n_mod_since_analyze, 100);	/* VACUUM leaves it */
	assert_int_equal(e->c.autovacuum_count, 1);
	assert_int_equal(e->c.vacuum_count, 0);
	assert_int_equal(e->c.last_autovacuum_us, 1234);
	assert_int_equal(e->c.last_vacuum_us, 0);

	/* A manual ANALYZE: dead -1 means "not counted", kept. */
	a = table_msg(102, 0, 0, 7);
	pgstat_fold(&t, &a);
	v.type = PGSTAT_MSG_ANALYZE;
	v.autovacuum = false;
	v.time_us = 5678;
	v.u.table.n_live_tup = 41;
	v.u.table.n_dead_tup = -1;
	pgstat_fold(&t, &v);
	assert_int_equal(e->c.n_live_tup, 41);
	assert_int_equal(e->c.n_dead_tup, 7);
	assert_int_equal(e->c.n_mod_since_analyze, 0);
	assert_int_equal(e->c.analyze_count, 1);
	assert_int_equal(e->c.autoanalyze_count, 0);
	assert_int_equal(e->c.last_analyze_us, 5678);
}

static void
test_drop_tombstone_and_full_table(void **state)
{
	(void) state;
	PgStatMsg	m;

	for (Oid r = 200; r < 200 + NT; r++)
	{
		m = table_msg(r, 1, 1, 0);
		pgstat_fold(&t, &m);
	}
	assert_int_equal(t.tables_full, 0);
	m = table_msg(300, 1, 1, 0);
	pgstat_fold(&t, &m);
	assert_int_equal(t.tables_full, 1);
	assert_null(pgstat_table_lookup(&t, 5, 300, false));

	/* Drop one: every other entry is still found past the tombstone. */
	memset(&m, 0, sizeof(m));
	m.type = PGSTAT_MSG_DROP_TABLE;
	m.dbid = 5;
	m.relid = 203;
	pgstat_fold(&t, &m);
	assert_null(pgstat_table_lookup(&t, 5, 203, false));
	for (Oid r = 200; r < 200 + NT; r++)
		if (r != 203)
			assert_non_null(pgstat_table_lookup(&t, 5, r, false));
	/* The freed entry takes the next new table. */
	m = table_msg(300, 2, 2, 0);
	pgstat_fold(&t, &m);
	PgStatTableEntry *e = pgstat_table_lookup(&t, 5, 300, false);

	assert_non_null(e);
	assert_int_equal(e->c.n_tup_ins, 2);	/* fresh, not 203's counts */
	assert_int_equal(t.tables_full, 1);
}

static void
test_db_messages_and_reset(void **state)
{
	(void) state;
	PgStatMsg	m;

	memset(&m, 0, sizeof(m));
	m.type = PGSTAT_MSG_DB;
	m.dbid = 5;
	m.u.db.xact_commit = 3;
	m.u.db.xact_rollback = 1;
	m.u.db.blks_hit = 10;
	pgstat_fold(&t, &m);
	pgstat_fold(&t, &m);
	PgStatDbEntry *d = pgstat_db_lookup(&t, 5, false);

	assert_non_null(d);
	assert_int_equal(d->c.xact_commit, 6);
	assert_int_equal(d->c.xact_rollback, 2);
	assert_int_equal(d->c.blks_hit, 20);

	PgStatMsg	tm = table_msg(400, 1, 1, 0);

	pgstat_fold(&t, &tm);
	tm.dbid = 6;
	pgstat_fold(&t, &tm);
	memset(&m, 0, sizeof(m));
	m.type = PGSTAT_MSG_RESET_DB;
	m.dbid = 5;
	m.time_us = 42;
	pgstat_fold(&t, &m);
	assert_int_equal(d->c.xact_commit, 0);
	assert_int_equal(d->c.stats_reset_us, 42);
	assert_null(pgstat_table_lookup(&t, 5, 400, false));
	assert_non_null(pgstat_table_lookup(&t, 6, 400, false));	/* other db kept */

	memset(&m, 0, sizeof(m));
	m.type = PGSTAT_MSG_RESET_SHARED;
	m.reset_target = 1;
	m.time_us = 77;
	pgstat_fold(&t, &m);
	assert_int_equal(globals.wal_reset_us, 77);
	assert_int_equal(globals.bgwriter_reset_us, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_table_deltas_add_up, setup),
		cmocka_unit_test_setup(test_live_dead_clamped_at_zero, setup),
		cmocka_unit_test_setup(test_vacuum_and_analyze_reports, setup),
		cmocka_unit_test_setup(test_drop_tombstone_and_full_table, setup),
		cmocka_unit_test_setup(test_db_messages_and_reset, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
