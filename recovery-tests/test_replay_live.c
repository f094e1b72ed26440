/*-------------------------------------------------------------------------
 * test_replay_live.c
 *	  repro, shrink and the determinism self-check against the built engine
 *	  (MINIPG_BIN), bounded to well under a minute.
 *
 * How: the negative control (the ledger under a power cut with fsync =
 * off, seed 1, which loses acknowledged commits) runs once; its kept
 * folder must hold scenario.txt, history.txt, fault-trail.txt and
 * server.log; scenario.txt read back must name the seed, the setting and
 * the plan it ran with, and replaying it must fail the same way.  The
 * shrinker, at most 6 candidates, must end at a plan no larger in any key
 * that still fails the same way.  Three scenarios that fire in backends
 * only (a crash at a commit point, a killed checkpointer, a power cut)
 * run twice each through hx_determinism, which must find no mismatch.
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

#include "replay.h"
#define HX_TEST_ARTIFACTS "/tmp/hx_replay_XXXXXX"
#include "test_live.h"


#define NEG_SCENARIO	"ledger/powerloss/xact/commit/before-wal-insert"
#define NEG_SEED		1

static void
options(HxRunOptions *o)
{
	live_options(o, HX_TARGET_MINIPG, getenv("MINIPG_BIN"));
}

static void
negative_control(HxRunOptions *o)
{
	options(o);
	o->cluster.settings[o->cluster.n_settings++] = "fsync = 'off'";
	snprintf(o->args.sets[o->args.n_sets++], sizeof(o->args.sets[0]), "fsync=off");
	snprintf(o->repro_args, sizeof(o->repro_args), " --set 'fsync=off'");
}

static char *
slurp(const char *dir, const char *name)
{
	char		path[HX_PATH_LEN + 64];
	FILE	   *f;
	char	   *buf = calloc(1, 1 << 20);
	size_t		n;

	assert_non_null(buf);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (f == NULL)
		fail_msg("%s is missing", path);
	n = fread(buf, 1, (1 << 20) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void
test_kept_folder_and_repro(void **state)
{
	HxScenario	s;
	HxRunOptions o;
	HxVerdict  *v = calloc(1, sizeof(HxVerdict));
	HxRecord   *rec = calloc(1, sizeof(HxRecord));
	char		err[256];
	char	   *text;
	HxLines		trail = {0},
				hist = {0};
	int			fault_from;
	FILE	   *devnull = fopen("/dev/null", "w");

	(void) state;
	assert_non_null(v);
	assert_non_null(rec);
	assert_non_null(devnull);
	assert_true(hx_scenario_parse(NEG_SCENARIO, &s, err, sizeof(err)));
	negative_control(&o);
	hx_run_isolated(&s, NEG_SEED, &o, v);
	assert_false(v->passed);
	assert_true(v->artifacts[0] != '\0');
	assert_int_equal(access(v->artifacts, F_OK), 0);

	/* the record */
	text = slurp(v->artifacts, "scenario.txt");
	assert_true(hx_record_parse(text, rec, err, sizeof(err)));
	free(text);
	assert_string_equal(rec->scenario, NEG_SCENARIO);
	assert_true(rec->seed == NEG_SEED);
	assert_int_equal(rec->args.n_sets, 1);
	assert_string_equal(rec->args.sets[0], "fsync=off");
	assert_string_equal(rec->args.bin, getenv("MINIPG_BIN"));
	assert_true(hx_plan_has(&rec->resolved, HX_PLAN_NTH));
	assert_memory_equal(&rec->resolved, &v->plan, sizeof(HxPlan));
	assert_true(hx_checks_same(&rec->failures, &v->failures));
	assert_non_null(strstr(rec->run_command, "--seed 1 --set 'fsync=off'"));
	assert_non_null(strstr(rec->repro_command, " repro "));

	/* the trail: one power cut in a backend, at the seed's hit */
	text = slurp(v->artifacts, "fault-trail.txt");
	hx_trail_normalize(text, &trail);
	free(text);
	assert_int_equal(trail.n, 2);
	assert_non_null(strstr(trail.line[0], "backend#"));
	assert_non_null(strstr(trail.line[0], " powerloss "));
	assert_non_null(strstr(trail.line[1], "note powerloss"));

	/* the history: the warm-up the plan says, then the fault phase */
	text = slurp(v->artifacts, "history.txt");
	hx_history_normalize(text, &hist, &fault_from);
	assert_non_null(strstr(text, " after-recovery acked"));
	free(text);
	assert_int_equal(fault_from, rec->resolved.v[HX_PLAN_WARMUP]);
	assert_true(hist.n > fault_from);
	free(slurp(v->artifacts, "server.log"));

	/* replay it from the record, into another folder */
	snprintf(o.artifacts_dir, sizeof(o.artifacts_dir), "%s/repro", artifacts);
	assert_int_equal(mkdir(o.artifacts_dir, 0755), 0);
	assert_int_equal(hx_repro(rec, &s, &o, 1, devnull), 1);

	hx_lines_free(&trail);
	hx_lines_free(&hist);
	fclose(devnull);
	free(v);
	free(rec);
}

static void
test_shrink_bounded(void **state)
{
	HxScenario	s;
	HxRunOptions o;
	HxShrinkLimits limits = {6, 60000.0, 1};
	char	   *out = NULL;
	size_t		len = 0;
	FILE	   *f = open_memstream(&out, &len);
	char		err[256];
	HxPlan		best;
	const char *line;

	(void) state;
	assert_non_null(f);
	assert_true(hx_scenario_parse(NEG_SCENARIO, &s, err, sizeof(err)));
	negative_control(&o);
	snprintf(o.artifacts_dir, sizeof(o.artifacts_dir), "%s/shrink", artifacts);
	assert_int_equal(mkdir(o.artifacts_dir, 0755), 0);
	assert_int_equal(hx_shrink_scenario(&s, NEG_SEED, &o, &limits, f), 0);
	fclose(f);
	line = strstr(out, "smallest plan after ");
	assert_non_null(line);
	line = strstr(line, "): ");
	assert_non_null(line);
	{
		char		plan[128];

		snprintf(plan, sizeof(plan), "%.*s", (int) strcspn(line + 3, "\n"), line + 3);
		assert_true(hx_plan_parse(plan, &best, err, sizeof(err)));
	}
	/* the seed's plan has 4 clients and warmup 11: six attempts get one below */
	assert_true(best.v[HX_PLAN_CLIENTS] < 4 || best.v[HX_PLAN_WARMUP] < 11);
	assert_non_null(strstr(out, "--plan '"));
	free(out);
}

static void
test_determinism_sample(void **state)
{
	static const char catalog_text[] =
		"xact/commit/after-wal-flush     step backend standalone\n"
		"xact/commit/before-wal-insert   step backend standalone\n";
	static const struct
	{
		const char *name;
		const char *row;
	}			items[] = {
		{"bank/crash/xact/commit/after-wal-flush", "xact/commit/after-wal-flush"},
		{"ledger/kill/checkpointer", "kill/checkpointer"},
		{"mix/powerloss/xact/commit/before-wal-insert", "xact/commit/before-wal-insert"},
	};
	HxCatalog	c;
	HxMatrixList l;
	HxRunOptions o;
	char		err[256];
	char	   *out = NULL;
	size_t		len = 0;
	FILE	   *f = open_memstream(&out, &len);
	int			mismatches;

	(void) state;
	assert_non_null(f);
	assert_true(hx_catalog_parse(catalog_text, &c, err, sizeof(err)));
	memset(&l, 0, sizeof(l));
	l.items = calloc(3, sizeof(HxMatrixItem));
	assert_non_null(l.items);
	for (int i = 0; i < 3; i++)
	{
		HxMatrixItem *it = &l.items[l.n++];

		it->index = i;
		snprintf(it->name, sizeof(it->name), "%s", items[i].name);
		snprintf(it->row, sizeof(it->row), "%s", items[i].row);
		it->workload = "bank";
		it->seed = 1;
	}
	options(&o);
	snprintf(o.artifacts_dir, sizeof(o.artifacts_dir), "%s/det", artifacts);
	assert_int_equal(mkdir(o.artifacts_dir, 0755), 0);
	mismatches = hx_determinism(&l, &c, &o, 1, f);
	fclose(f);
	if (mismatches != 0)
		fail_msg("%s", out);
	assert_non_null(strstr(out, "3 identical"));
	free(out);
	hx_matrix_list_free(&l);
	hx_catalog_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kept_folder_and_repro),
		cmocka_unit_test(test_shrink_bounded),
		cmocka_unit_test(test_determinism_sample),
	};

	return cmocka_run_group_tests(tests, live_setup, live_teardown);
}
