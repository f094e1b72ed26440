/*-------------------------------------------------------------------------
 * test_autovacuum_thresholds.c
 *	  Unit tests for autovac_table_needs (postmaster/autovacuum_thresholds.c):
 *	  PostgreSQL's default thresholds at and across their boundaries
 *	  (strictly greater than threshold + scale_factor * reltuples), a
 *	  never-counted table (reltuples -1 counts as 0), the insert trigger
 *	  and its -1 switch, and the GUC defaults themselves.
 *
 * How: counters set by hand; each expectation is the arithmetic worked
 * out in the comment beside it.
 *-------------------------------------------------------------------------
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "postmaster/autovacuum.h"
#include "utils/guc.h"

static const AutoVacThresholds pg_defaults = {50, 0.2, 50, 0.1, 1000, 0.2};

static void
check(double reltuples, int64_t dead, int64_t ins, int64_t mod, bool want_vac, bool want_anl)
{
	PgStatTableCounters c;
	bool		vac,
				anl;

	memset(&c, 0, sizeof(c));
	c.n_dead_tup = dead;
	c.n_ins_since_vacuum = ins;
	c.n_mod_since_analyze = mod;
	autovac_table_needs(&pg_defaults, reltuples, &c, &vac, &anl);
	assert_int_equal(vac, want_vac);
	assert_int_equal(anl, want_anl);
}

static void
test_dead_tuple_boundary(void **state)
{
	(void) state;
	/* 1000 rows: vacuum past 50 + 0.2 * 1000 = 250 dead. */
	check(1000, 250, 0, 0, false, false);
	check(1000, 251, 0, 0, true, false);
	/* Never counted (-1 -> 0): past 50. */
	check(-1, 50, 0, 0, false, false);
	check(-1, 51, 0, 0, true, false);
}

static void
test_analyze_boundary(void **state)
{
	(void) state;
	/* 1000 rows: analyze past 50 + 0.1 * 1000 = 150 changes. */
	check(1000, 0, 0, 150, false, false);
	check(1000, 0, 0, 151, false, true);
}

static void
test_insert_trigger(void **state)
{
	(void) state;
	/* 1000 rows: inserts past 1000 + 0.2 * 1000 = 1200. */
	check(1000, 0, 1200, 0, false, false);
	check(1000, 0, 1201, 0, true, false);

	AutoVacThresholds off = pg_defaults;
	PgStatTableCounters c;
	bool		vac,
				anl;

	off.vacuum_insert_threshold = -1;
	memset(&c, 0, sizeof(c));
	c.n_ins_since_vacuum = 1000000;
	autovac_table_needs(&off, 1000, &c, &vac, &anl);
	assert_false(vac);
}

static void
test_guc_defaults_are_postgresql_15s(void **state)
{
	AutoVacThresholds g;

	(void) state;
	guc_init();
	autovac_thresholds_from_gucs(&g);
	assert_int_equal(g.vacuum_threshold, 50);
	assert_true(g.vacuum_scale_factor == 0.2);
	assert_int_equal(g.analyze_threshold, 50);
	assert_true(g.analyze_scale_factor == 0.1);
	assert_int_equal(g.vacuum_insert_threshold, 1000);
	assert_true(g.vacuum_insert_scale_factor == 0.2);
	assert_true(guc_autovacuum);
	assert_int_equal(guc_autovacuum_naptime_s, 60);
	assert_int_equal(guc_autovacuum_max_workers, 3);
	assert_int_equal(guc_log_autovacuum_min_duration_ms, -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dead_tuple_boundary),
		cmocka_unit_test(test_analyze_boundary),
		cmocka_unit_test(test_insert_trigger),
		cmocka_unit_test(test_guc_defaults_are_postgresql_15s),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
