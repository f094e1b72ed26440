/*-------------------------------------------------------------------------
 * test_pg_reference.c
 *	  The harness's reference run in small: four black-box scenarios
 *	  against Debian's PostgreSQL 15 must pass every check, and scenarios
 *	  that cannot run on a target must be refused by name.
 *
 * How: each scenario runs through hx_scenario_run exactly as `crashmatrix
 * run SCENARIO --seed N --pg-bin $HX_PG_BIN` would: a backend killed in
 * the middle of the bank workload, the postmaster and every child killed
 * under the ledger, an immediate stop under the mix, and fsync failing
 * with EIO in the checkpointer through libfiu's preload, where PostgreSQL
 * must PANIC (data_sync_retry = off) and recover.
 *
 * Skips: the whole program exits 77 (ctest's SKIP_RETURN_CODE) when
 * HX_PG_BIN does not name a PostgreSQL bin directory (CMake sets it when
 * /usr/lib/postgresql/15/bin exists); the libfiu case alone is skipped
 * when libfiu's preload (packages libfiu0, fiu-utils) is not installed.
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "pg_faults.h"
#define HX_TEST_ARTIFACTS "/tmp/hx_pgref_XXXXXX"
#include "test_live.h"

#define SKIP_RETURN_CODE 77


static void
options(HxRunOptions *o)
{
	live_options(o, HX_TARGET_POSTGRES, getenv("HX_PG_BIN"));
	snprintf(o->repro_args, sizeof(o->repro_args), " --pg-bin '%s'", getenv("HX_PG_BIN"));
}

/* Run one scenario; it must pass and have reached its fault.  Its summary in *v. */
static void
run_expect_pass(const char *name, uint64_t seed, HxVerdict *v)
{
	HxScenario	s;
	HxRunOptions o;
	char		err[512];

	assert_true(hx_scenario_parse(name, &s, err, sizeof(err)));
	assert_true(hx_scenario_supported(&s, HX_TARGET_POSTGRES, err, sizeof(err)));
	options(&o);
	hx_scenario_run(&s, seed, &o, v);
	fprintf(stderr, "%s %s seed=%llu recovery=%.0fms (%s)\n", v->passed ? "PASS" : "FAIL", name,
			(unsigned long long) seed, v->recovery_ms, v->summary);
	if (!v->passed)
		fail_msg("%s seed %llu failed: %s: %s (artifacts %s; reproduce: %s)", name,
				 (unsigned long long) seed, v->failures.n ? v->failures.items[0].check : "?",
				 v->failures.n ? v->failures.items[0].detail : "?", v->artifacts, v->repro);
	assert_null(strstr(v->summary, "not reached"));
}

static void
test_kills_and_immediate(void **state)
{
	HxVerdict	v;

	(void) state;
	run_expect_pass("bank/kill/backend", 1, &v);
	run_expect_pass("ledger/kill/postmaster", 1, &v);
	run_expect_pass("mix/immediate", 1, &v);
}

static void
test_fsync_failure_panics(void **state)
{
	HxVerdict	v;
	const char *dir = getenv("HX_FIU_LIB_DIR");
	char		preload[1024];

	(void) state;
	snprintf(preload, sizeof(preload), "%s/fiu_run_preload.so", dir && dir[0] ? dir : "/usr/lib/fiu");
	if (access(preload, R_OK) != 0 || (access("/usr/bin/fiu-ctrl", X_OK) != 0 &&
									   getenv("HX_FIU_CTRL") == NULL))
	{
		fprintf(stderr, "libfiu's preload or fiu-ctrl is not installed (libfiu0, fiu-utils): "
				"skipped\n");
		skip();
	}
	run_expect_pass("ledger/error/posix/io/sync/fsync", 1, &v);
	/* what PostgreSQL 15 does: PANIC in the checkpointer, then a crash reset */
	assert_non_null(strstr(v.summary, "fsync EIO in the checkpointer: PANIC \"could not fsync file"));
	assert_non_null(strstr(v.summary, ", crash reset;"));
}

/* Each target refuses what it cannot run, naming why. */
static void
test_targets_refuse(void **state)
{
	HxScenario	s;
	char		err[512];

	(void) state;
	assert_true(hx_scenario_parse("bank/crash/xact/commit/after-wal-flush", &s, err, sizeof(err)));
	assert_false(hx_scenario_supported(&s, HX_TARGET_POSTGRES, err, sizeof(err)));
	assert_non_null(strstr(err, "minipg fault points do not exist in PostgreSQL"));
	assert_true(hx_scenario_supported(&s, HX_TARGET_MINIPG, err, sizeof(err)));

	assert_true(hx_scenario_parse("ledger/error/posix/io/sync/fsync", &s, err, sizeof(err)));
	assert_false(hx_scenario_supported(&s, HX_TARGET_MINIPG, err, sizeof(err)));
	assert_non_null(strstr(err, "--target postgres"));
	assert_true(hx_scenario_supported(&s, HX_TARGET_POSTGRES, err, sizeof(err)));

	assert_true(hx_scenario_parse("ledger/error/posix/io/rw/pwrite@bgwriter", &s, err, sizeof(err)));
	assert_true(hx_scenario_supported(&s, HX_TARGET_POSTGRES, err, sizeof(err)));
	assert_true(hx_scenario_parse("ledger/error/posix/io/sync/fsync@backend", &s, err, sizeof(err)));
	assert_false(hx_scenario_supported(&s, HX_TARGET_POSTGRES, err, sizeof(err)));
	assert_non_null(strstr(err, "checkpointer"));
	assert_true(hx_scenario_parse("ledger/enospc/posix/io/rw/pwrite", &s, err, sizeof(err)));
	assert_true(hx_scenario_supported(&s, HX_TARGET_POSTGRES, err, sizeof(err)));
	assert_true(hx_scenario_parse("ledger/crash/posix/io/sync/fsync", &s, err, sizeof(err)));
	assert_false(hx_scenario_supported(&s, HX_TARGET_POSTGRES, err, sizeof(err)));
	assert_true(hx_scenario_parse("ledger/error/posix/io/rw/read", &s, err, sizeof(err)));
	assert_false(hx_scenario_supported(&s, HX_TARGET_POSTGRES, err, sizeof(err)));

	/* kills and immediate run on both */
	assert_true(hx_scenario_parse("mix/kill/checkpointer", &s, err, sizeof(err)));
	assert_true(hx_scenario_supported(&s, HX_TARGET_POSTGRES, err, sizeof(err)));
	assert_true(hx_scenario_supported(&s, HX_TARGET_MINIPG, err, sizeof(err)));

	/* kill/ROLE also takes the fault policies' process names */
	assert_true(hx_scenario_parse("bank/kill/autovacuum-worker", &s, err, sizeof(err)));
	assert_int_equal(s.role, HX_ROLE_AUTOVACUUM_WORKER);
	assert_true(hx_scenario_parse("bank/kill/autovacuum-launcher", &s, err, sizeof(err)));
	assert_int_equal(s.role, HX_ROLE_AUTOVACUUM_LAUNCHER);
	assert_true(hx_scenario_parse("bank/kill/autovacuum_launcher", &s, err, sizeof(err)));
	assert_int_equal(s.role, HX_ROLE_AUTOVACUUM_LAUNCHER);
	assert_true(hx_scenario_parse("bank/kill/stats-collector", &s, err, sizeof(err)));
	assert_int_equal(s.role, HX_ROLE_STATS);
	assert_false(hx_scenario_parse("bank/kill/stats-gatherer", &s, err, sizeof(err)));
}

int
main(void)
{
	const char *bin = getenv("HX_PG_BIN");
	char		path[1024];
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_targets_refuse),
		cmocka_unit_test(test_kills_and_immediate),
		cmocka_unit_test(test_fsync_failure_panics),
	};
	int			rc;

	if (bin == NULL || bin[0] == '\0')
	{
		fprintf(stderr, "HX_PG_BIN not set: PostgreSQL 15 is not installed, reference skipped\n");
		return SKIP_RETURN_CODE;
	}
	snprintf(path, sizeof(path), "%s/pg_ctl", bin);
	if (access(path, X_OK) != 0)
	{
		fprintf(stderr, "%s not found: reference skipped\n", path);
		return SKIP_RETURN_CODE;
	}
	if (mkdtemp(artifacts) == NULL)
	{
		perror("mkdtemp");
		return 1;
	}
	chmod(artifacts, 0755);		/* the postgres user works in there */
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	if (rc == 0)
	{
		char		cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", artifacts);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", artifacts);
	}
	else
		fprintf(stderr, "artifacts kept in %s\n", artifacts);
	return rc;
}
