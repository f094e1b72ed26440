/*-------------------------------------------------------------------------
 * test_scenarios.c
 *	  Recovery scenarios as cmocka tests: a sample of crashmatrix scenarios
 *	  run against the built engine (MINIPG_BIN) must pass every check, and
 *	  a negative control must fail under the right name.
 *
 * The negative control runs the ledger under a power cut with fsync = off:
 * commits the server acknowledged were never made durable, so the oracle
 * must report "ledger/acked-present" and the verdict must carry a repro
 * command naming the seed and the setting.  It proves the harness can see
 * lost commits, so the passing runs mean something.
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#define HX_TEST_ARTIFACTS "/tmp/hx_test_scenarios_XXXXXX"
#include "test_live.h"


static void
options(HxRunOptions *o)
{
	live_options(o, HX_TARGET_MINIPG, getenv("MINIPG_BIN"));
}

static void
run_expect_pass(const char *name, uint64_t seed)
{
	HxScenario	s;
	HxRunOptions o;
	HxVerdict	v;
	char		err[256];

	assert_true(hx_scenario_parse(name, &s, err, sizeof(err)));
	options(&o);
	hx_scenario_run(&s, seed, &o, &v);
	if (!v.passed)
		fail_msg("%s seed %llu failed: %s: %s (artifacts %s)", name, (unsigned long long) seed,
				 v.failures.n ? v.failures.items[0].check : "?",
				 v.failures.n ? v.failures.items[0].detail : "?", v.artifacts);
	assert_null(strstr(v.summary, "not reached"));
}

static void
test_sample_passes(void **state)
{
	(void) state;
	run_expect_pass("bank/crash/xact/commit/after-wal-flush", 1);
	run_expect_pass("ledger/kill/checkpointer", 1);
	run_expect_pass("mix/immediate", 1);
	run_expect_pass("bank/kill/postmaster", 1);
	run_expect_pass("ledger/powerloss/xact/commit/before-wal-insert", 2);
	run_expect_pass("mix/corrupt-proc/xact/commit/after-wal-insert", 1);
	run_expect_pass("bank/error/storage/file/fsync", 1);
}

static void
test_negative_control_fsync_off(void **state)
{
	HxScenario	s;
	HxRunOptions o;
	HxVerdict	v;
	char		err[256];
	bool		lost = false;

	(void) state;
	assert_true(hx_scenario_parse("ledger/powerloss/xact/commit/before-wal-insert", &s, err, sizeof(err)));
	options(&o);
	o.cluster.settings[o.cluster.n_settings++] = "fsync = 'off'";
	snprintf(o.repro_args, sizeof(o.repro_args), " --set 'fsync=off'");
	hx_scenario_run(&s, 1, &o, &v);
	assert_false(v.passed);
	for (int i = 0; i < v.failures.n; i++)
		if (strcmp(v.failures.items[i].check, "ledger/acked-present") == 0)
			lost = true;
	assert_true(lost);
	assert_non_null(strstr(v.repro, "--seed 1 --set 'fsync=off'"));
	assert_true(v.artifacts[0] != '\0');
	assert_int_equal(access(v.artifacts, F_OK), 0);
}

static void
test_bad_names(void **state)
{
	HxScenario	s;
	char		err[256];

	(void) state;
	assert_false(hx_scenario_parse("bank", &s, err, sizeof(err)));
	assert_false(hx_scenario_parse("casino/crash/x", &s, err, sizeof(err)));
	assert_non_null(strstr(err, "unknown workload"));
	assert_false(hx_scenario_parse("bank/kill/janitor", &s, err, sizeof(err)));
	assert_non_null(strstr(err, "unknown process role"));
	assert_false(hx_scenario_parse("bank/melt/xact/commit", &s, err, sizeof(err)));
	assert_true(hx_scenario_parse("mix/corrupt-lock/xact/commit/after-wal-insert", &s, err, sizeof(err)));
	assert_string_equal(s.action, "corrupt");
	assert_string_equal(s.options, "target=lock");
	assert_string_equal(s.point, "xact/commit/after-wal-insert");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_names),
		cmocka_unit_test(test_sample_passes),
		cmocka_unit_test(test_negative_control_fsync_off),
	};

	return cmocka_run_group_tests(tests, live_setup, live_teardown);
}
