/*-------------------------------------------------------------------------
 * test_repro.c
 *	  Unit tests of the pure parts of repro, shrink and the determinism
 *	  self-check (repro.c, and the sampling of replay.c).
 *
 * How: plans are parsed and formatted, good and bad; a scenario record is
 * written into memory (open_memstream) and read back field by field,
 * with a newline and a colon in a check's detail; fault trails in the
 * engine's line format (faults/fault_trail.c) are normalized, and two
 * runs that differ only in times, PIDs and LSNs must agree while a
 * different hit must not; a history in runner.c's format is normalized
 * up to the fault; the shrinker is driven against a made-up predicate
 * ("fails while clients >= 2 and nth >= 3 and budget >= nth") and must
 * end at the smallest failing plan without proposing a plan twice; the
 * determinism sample must be the same every time, distinct, runnable and
 * in list order.  No server is started.
 *-------------------------------------------------------------------------
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "replay.h"
#include "repro.h"

/*-------------------------------------------------------------------------
 * Plans
 *-------------------------------------------------------------------------
 */

static void
expect_bad_plan(const char *text, const char *msg_part)
{
	HxPlan		p;
	char		err[256] = "";

	if (hx_plan_parse(text, &p, err, sizeof(err)))
		fail_msg("plan \"%s\" was accepted", text);
	if (strstr(err, msg_part) == NULL)
		fail_msg("plan \"%s\": message \"%s\" lacks \"%s\"", text, err, msg_part);
}

static void
test_plan_parse_format(void **state)
{
	HxPlan		p,
				q;
	char		err[256];
	char		buf[128];

	(void) state;
	assert_true(hx_plan_parse("", &p, err, sizeof(err)));
	assert_true(hx_plan_is_empty(&p));
	hx_plan_format(&p, buf, sizeof(buf));
	assert_string_equal(buf, "");

	/* any order in, the fixed order out */
	assert_true(hx_plan_parse("scale=2,nth=1,clients=3,budget=50,warmup=0", &p, err, sizeof(err)));
	assert_false(hx_plan_is_empty(&p));
	hx_plan_format(&p, buf, sizeof(buf));
	assert_string_equal(buf, "clients=3,warmup=0,nth=1,budget=50,scale=2");
	assert_true(hx_plan_parse(buf, &q, err, sizeof(err)));
	assert_memory_equal(&p, &q, sizeof(p));

	/* only what is set; pick falls back to the drawn value */
	assert_true(hx_plan_parse("nth=7", &p, err, sizeof(err)));
	hx_plan_format(&p, buf, sizeof(buf));
	assert_string_equal(buf, "nth=7");
	assert_true(hx_plan_has(&p, HX_PLAN_NTH));
	assert_false(hx_plan_has(&p, HX_PLAN_CLIENTS));
	assert_int_equal(hx_plan_pick(&p, HX_PLAN_NTH, 3), 7);
	assert_int_equal(hx_plan_pick(&p, HX_PLAN_CLIENTS, 3), 3);
	assert_int_equal(hx_plan_pick(NULL, HX_PLAN_NTH, 3), 3);

	/* zeroed memory is the empty plan (callers memset their options) */
	memset(&q, 0, sizeof(q));
	assert_true(hx_plan_is_empty(&q));
	assert_int_equal(hx_plan_pick(&q, HX_PLAN_WARMUP, 12), 12);

	/* limits are inclusive */
	assert_true(hx_plan_parse("clients=16,warmup=0,nth=1,budget=1,scale=100", &p, err, sizeof(err)));
	assert_int_equal(hx_plan_key_min(HX_PLAN_WARMUP), 0);
	assert_int_equal(hx_plan_key_max(HX_PLAN_CLIENTS), HX_MAX_CLIENTS);
	assert_string_equal(hx_plan_key_name(HX_PLAN_BUDGET), "budget");

	expect_bad_plan("clients", "not key=value");
	expect_bad_plan("cliants=2", "unknown plan key");
	expect_bad_plan("nth=1,nth=2", "given twice");
	expect_bad_plan("clients=0", "from 1 to 16");
	expect_bad_plan("clients=17", "from 1 to 16");
	expect_bad_plan("warmup=-1", "wants a number");
	expect_bad_plan("nth=2x", "wants a number from");
	expect_bad_plan("nth=", "wants a number");
	expect_bad_plan("nth=99999999999999999999", "wants a number");
	expect_bad_plan("nth=2,", "ends with ','");
}

/*-------------------------------------------------------------------------
 * scenario.txt
 *-------------------------------------------------------------------------
 */

static void
test_record_round_trip(void **state)
{
	HxRecord   *r = calloc(1, sizeof(HxRecord));
	HxRecord   *back = calloc(1, sizeof(HxRecord));
	char	   *text = NULL;
	size_t		len = 0;
	FILE	   *f = open_memstream(&text, &len);
	char		err[256];

	(void) state;
	assert_non_null(r);
	assert_non_null(back);
	assert_non_null(f);
	snprintf(r->scenario, sizeof(r->scenario), "ledger/powerloss/xact/commit/before-wal-insert");
	r->seed = 18446744073709551615ULL;
	snprintf(r->args.target, sizeof(r->args.target), "minipg");
	snprintf(r->args.bin, sizeof(r->args.bin), "/work/build/debug/engine");
	r->args.timeout_ms = 30000;
	snprintf(r->args.sets[r->args.n_sets++], sizeof(r->args.sets[0]), "fsync=off");
	snprintf(r->args.sets[r->args.n_sets++], sizeof(r->args.sets[0]), "work_mem=4MB");
	assert_true(hx_plan_parse("warmup=0,nth=2", &r->args.plan, err, sizeof(err)));
	assert_true(hx_plan_parse("clients=1,warmup=0,nth=2,budget=400,scale=3", &r->resolved, err,
							  sizeof(err)));
	r->passed = false;
	snprintf(r->summary, sizeof(r->summary), "40 acked, 0 failed, 1 in doubt");
	hx_check_fail(&r->failures, "ledger/acked-present", "txn 33: 0 of 12 rows\nmissing: seq 0");
	hx_check_fail(&r->failures, "clean-restart-keeps-all", "the oracle fails (1 checks)");
	snprintf(r->run_command, sizeof(r->run_command),
			 "crashmatrix run ledger/powerloss/xact/commit/before-wal-insert --seed 2 --set 'fsync=off'");
	snprintf(r->repro_command, sizeof(r->repro_command), "crashmatrix repro /tmp/a/ledger-2");
	hx_record_write(f, r);
	fclose(f);

	/* a reader of another version: unknown keys and comments are skipped */
	{
		char	   *more = malloc(len + 64);

		assert_non_null(more);
		snprintf(more, len + 64, "%sfuture-field: whatever\n# note\n", text);
		assert_true(hx_record_parse(more, back, err, sizeof(err)));
		free(more);
	}
	assert_string_equal(back->scenario, r->scenario);
	assert_true(back->seed == r->seed);
	assert_string_equal(back->args.target, "minipg");
	assert_string_equal(back->args.bin, r->args.bin);
	assert_string_equal(back->args.pg_bin, "");
	assert_int_equal(back->args.timeout_ms, 30000);
	assert_int_equal(back->args.n_sets, 2);
	assert_string_equal(back->args.sets[0], "fsync=off");
	assert_string_equal(back->args.sets[1], "work_mem=4MB");
	assert_memory_equal(&back->args.plan, &r->args.plan, sizeof(HxPlan));
	assert_memory_equal(&back->resolved, &r->resolved, sizeof(HxPlan));
	assert_false(back->passed);
	assert_string_equal(back->summary, r->summary);
	assert_int_equal(back->failures.n, 2);
	assert_string_equal(back->failures.items[0].check, "ledger/acked-present");
	/* the newline became a space; the colon inside the detail survives */
	assert_string_equal(back->failures.items[0].detail, "txn 33: 0 of 12 rows missing: seq 0");
	assert_true(hx_checks_same(&back->failures, &r->failures));
	assert_string_equal(back->run_command, r->run_command);
	assert_string_equal(back->repro_command, r->repro_command);

	/* what repro needs is required */
	assert_false(hx_record_parse("scenario: bank/immediate\n", back, err, sizeof(err)));
	assert_non_null(strstr(err, "seed"));
	assert_false(hx_record_parse("seed: 3\n", back, err, sizeof(err)));
	assert_non_null(strstr(err, "scenario"));
	assert_false(hx_record_parse("scenario: bank/immediate\nseed: x\n", back, err, sizeof(err)));
	assert_false(hx_record_parse("scenario: bank/immediate\nseed: 1\nplan: nth=0\n", back, err,
								 sizeof(err)));
	assert_false(hx_record_parse("scenario: bank/immediate\nno colon here\n", back, err, sizeof(err)));
	assert_true(hx_record_parse("scenario: bank/immediate\nseed: 1\nverdict: PASS\n", back, err,
								sizeof(err)));
	assert_true(back->passed);
	assert_int_equal(back->failures.n, 0);
	assert_true(hx_plan_is_empty(&back->args.plan));

	free(text);
	free(r);
	free(back);
}

/*-------------------------------------------------------------------------
 * Trails
 *-------------------------------------------------------------------------
 */

static const char trail_a[] =
	"2026-11-21T13:30:10.641055Z pid=15323 proc=backend#1 point=xact/commit/before-wal-insert "
	"policy=1 hit=4 local_hit=4 action=xact/commit/before-wal-insert powerloss nth=4 times=1\n"
	"2026-11-21T13:30:10.646369Z pid=15323 proc=backend#1 note=powerloss files_rolled_back=2 "
	"pg_wal/000000010000000000000001: undid 3 writes and 0 truncates, size 16777216 -> 16777216 "
	"base/5/16384: undid 1 writes\n"
	"2026-11-21T13:30:11.000001Z pid=15400 proc=walwriter#0 note=flushed up to 0/1A2B3C, ok\n"
	"garbage line pid=77 at 0/15\n";

/* The same events: other times, PIDs, LSN and rolled-back files. */
static const char trail_b[] =
	"2026-11-22T01:02:03.000000Z pid=99 proc=backend#1 point=xact/commit/before-wal-insert "
	"policy=1 hit=4 local_hit=4 action=xact/commit/before-wal-insert powerloss nth=4 times=1\n"
	"2026-11-22T01:02:03.000100Z pid=99 proc=backend#1 note=powerloss files_rolled_back=1 "
	"base/5/16384: undid 1 writes\n"
	"2026-11-22T01:02:04.000000Z pid=101 proc=walwriter#0 note=flushed up to 0/FFFF, ok\n"
	"garbage line pid=78 at 0/99\n";

static void
test_trail_normalize(void **state)
{
	HxLines		a = {0},
				b = {0},
				c = {0};
	char		role[32];
	char	   *changed;

	(void) state;
	hx_trail_normalize(trail_a, &a);
	assert_int_equal(a.n, 4);
	assert_string_equal(a.line[0], "backend#1 xact/commit/before-wal-insert policy=1 hit=4 "
						"local_hit=4 powerloss nth=4 times=1");
	assert_string_equal(a.line[1], "backend#1 note powerloss");
	assert_string_equal(a.line[2], "walwriter#0 note flushed up to <lsn>, ok");
	assert_string_equal(a.line[3], "? line at <lsn>");

	hx_trail_normalize(trail_b, &b);
	assert_int_equal(hx_compare_lines(&a, &b), -1);

	/* another hit of the same point is a difference, on that line */
	changed = strdup(trail_b);
	assert_non_null(changed);
	memcpy(strstr(changed, "local_hit=4"), "local_hit=3", 11);
	hx_trail_normalize(changed, &c);
	assert_int_equal(hx_compare_lines(&a, &c), 0);
	hx_lines_free(&c);
	free(changed);

	/* a missing line is a difference at the shorter list's end */
	hx_trail_normalize("# no fault trail\n\n", &c);
	assert_int_equal(c.n, 0);
	assert_int_equal(hx_compare_lines(&a, &c), 0);
	assert_int_equal(hx_compare_lines(&c, &c), -1);
	hx_lines_free(&c);

	/* a corrupt note keeps its details: they follow from the seed */
	hx_trail_normalize("T pid=5 proc=backend#3 note=corrupt target=proc element=2 offset=40 bytes=8",
					   &c);
	assert_string_equal(c.line[0], "backend#3 note corrupt target=proc element=2 offset=40 bytes=8");
	hx_lines_free(&c);

	hx_trail_line_role(a.line[0], role, sizeof(role));
	assert_string_equal(role, "backend");
	hx_trail_line_role(a.line[2], role, sizeof(role));
	assert_string_equal(role, "walwriter");
	hx_trail_line_role(a.line[3], role, sizeof(role));
	assert_string_equal(role, "");

	hx_lines_free(&a);
	hx_lines_free(&b);
}

static void
test_timer_driven(void **state)
{
	(void) state;
	assert_true(hx_role_timer_driven("walwriter"));
	assert_true(hx_role_timer_driven("checkpointer"));
	assert_true(hx_role_timer_driven("bgwriter"));
	assert_false(hx_role_timer_driven("backend"));
	assert_false(hx_role_timer_driven("postmaster"));
	assert_false(hx_role_timer_driven("startup"));
	assert_false(hx_role_timer_driven(""));

	assert_false(hx_point_timer_shared("backend standalone"));
	assert_false(hx_point_timer_shared("backend startup standalone"));
	assert_false(hx_point_timer_shared("postmaster"));
	assert_true(hx_point_timer_shared("backend startup checkpointer bgwriter walwriter standalone"));
	assert_true(hx_point_timer_shared("walwriter"));
	assert_true(hx_point_timer_shared("any"));
}

/*-------------------------------------------------------------------------
 * Histories
 *-------------------------------------------------------------------------
 */

static const char history[] =
	"# client history of ledger/..., seed 2\n"
	"txn 1 client 0 warm-up acked\n"
	"  BEGIN\n"
	"  INSERT INTO ledger VALUES (1)\n"
	"  COMMIT\n"
	"txn 2 client 1 warm-up failed 40001 \"could not serialize access\"\n"
	"  BEGIN\n"
	"  UPDATE t SET x = 1\n"
	"-- CHECKPOINT\n"
	"-- SELECT fault_attach('p', 'crash', 'nth=2 ')\n"
	"-- fault armed: ledger/crash/p\n"
	"txn 3 client 0 fault acked\n"
	"  BEGIN\n"
	"  COMMIT\n"
	"txn 4 client 1 fault in-doubt \"server closed the connection unexpectedly\"\n"
	"  BEGIN\n"
	"  COMMIT\n"
	"txn 5 client 1 fault lost 57P02 \"terminating connection\"\n"
	"  BEGIN\n"
	"-- fault fired\n"
	"txn 6 client 0 after-recovery acked\n"
	"  BEGIN\n"
	"  COMMIT\n";

static void
test_history_normalize(void **state)
{
	HxLines		h = {0},
				g = {0};
	int			fault_from = -5;
	char	   *other;

	(void) state;
	hx_history_normalize(history, &h, &fault_from);
	assert_int_equal(h.n, 5);		/* after-recovery left out */
	assert_int_equal(fault_from, 2);
	assert_string_equal(h.line[0], "warm-up txn 1 client 0 acked :: BEGIN; INSERT INTO ledger "
						"VALUES (1); COMMIT");
	assert_string_equal(h.line[1], "warm-up txn 2 client 1 failed 40001 :: BEGIN; UPDATE t SET x = 1");
	assert_string_equal(h.line[2], "fault txn 3 client 0 acked :: BEGIN; COMMIT");
	/* no message kept; a lost connection's SQLSTATE neither */
	assert_string_equal(h.line[3], "fault txn 4 client 1 in-doubt :: BEGIN; COMMIT");
	assert_string_equal(h.line[4], "fault txn 5 client 1 lost :: BEGIN");

	/* another wording of the lost connection is the same history */
	other = strdup(history);
	assert_non_null(other);
	memcpy(strstr(other, "server closed"), "could not recv", 14);
	hx_history_normalize(other, &g, NULL);
	assert_int_equal(hx_compare_lines(&h, &g), -1);
	hx_lines_free(&g);
	free(other);

	/* no fault phase: it starts at the end */
	hx_history_normalize("txn 1 client 0 warm-up acked\n  BEGIN\n", &g, &fault_from);
	assert_int_equal(g.n, 1);
	assert_int_equal(fault_from, 1);
	hx_lines_free(&g);
	hx_history_normalize("", &g, &fault_from);
	assert_int_equal(g.n, 0);
	assert_int_equal(fault_from, 0);
	hx_lines_free(&h);
}

/*-------------------------------------------------------------------------
 * Check sets
 *-------------------------------------------------------------------------
 */

static void
test_check_sets(void **state)
{
	HxCheckList a,
				b;
	char		buf[256];

	(void) state;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	assert_true(hx_checks_same(&a, &b));
	hx_checks_names(&a, buf, sizeof(buf));
	assert_string_equal(buf, "none");
	hx_check_fail(&a, "ledger/acked-present", "x");
	hx_check_fail(&a, "clean-restart-keeps-all", "y");
	hx_check_fail(&a, "ledger/acked-present", "again");
	hx_check_fail(&b, "clean-restart-keeps-all", "other detail");
	assert_false(hx_checks_same(&a, &b));
	hx_check_fail(&b, "ledger/acked-present", "z");
	assert_true(hx_checks_same(&a, &b));	/* order, details and repeats ignored */
	hx_checks_names(&a, buf, sizeof(buf));
	assert_string_equal(buf, "clean-restart-keeps-all, ledger/acked-present");
	hx_check_fail(&b, "no-hang/restart", "z");
	assert_false(hx_checks_same(&a, &b));
}

/*-------------------------------------------------------------------------
 * Shrinking
 *-------------------------------------------------------------------------
 */

static void
test_shrink_candidates(void **state)
{
	int			c[2];

	(void) state;
	assert_int_equal(hx_shrink_candidates(40, 0, c), 2);
	assert_int_equal(c[0], 20);
	assert_int_equal(c[1], 39);
	assert_int_equal(hx_shrink_candidates(3, 1, c), 2);
	assert_int_equal(c[0], 1);
	assert_int_equal(c[1], 2);
	assert_int_equal(hx_shrink_candidates(2, 1, c), 1);	/* half = minus one = 1 */
	assert_int_equal(c[0], 1);
	assert_int_equal(hx_shrink_candidates(1, 0, c), 1);
	assert_int_equal(c[0], 0);
	assert_int_equal(hx_shrink_candidates(1, 1, c), 0);
	assert_int_equal(hx_shrink_candidates(0, 0, c), 0);
	assert_int_equal(hx_shrink_candidates(5, 4, c), 1);	/* half below min: raised to it */
	assert_int_equal(c[0], 4);
}

/* The made-up failure: the "bug" needs 2 clients and the 3rd hit. */
static bool
fails(const HxPlan *p)
{
	return p->v[HX_PLAN_CLIENTS] >= 2 && p->v[HX_PLAN_NTH] >= 3 &&
		p->v[HX_PLAN_BUDGET] >= p->v[HX_PLAN_NTH];
}

static int
shrink_with(HxShrink *s, bool (*pred) (const HxPlan *), int limit)
{
	HxPlan		cand;
	HxPlan		seen[HX_SHRINK_MAX_TRIED];
	int			n = 0;

	while (n < limit && hx_shrink_next(s, &cand))
	{
		for (int i = 0; i < n; i++)
			assert_false(memcmp(&seen[i], &cand, sizeof(cand)) == 0);	/* never twice */
		seen[n++] = cand;
		hx_shrink_result(s, pred(&cand));
	}
	return n;
}

static void
test_shrink_greedy(void **state)
{
	HxShrink   *s = calloc(1, sizeof(HxShrink));
	HxPlan		start,
				cand;
	char		err[256];
	char		buf[128];
	int			n;

	(void) state;
	assert_non_null(s);
	assert_true(hx_plan_parse("clients=4,warmup=17,nth=5,budget=400,scale=3", &start, err, sizeof(err)));
	assert_true(fails(&start));
	hx_shrink_init(s, &start, true, 3);
	n = shrink_with(s, fails, 200);
	assert_true(n > 0 && n < 60);
	hx_plan_format(&s->best, buf, sizeof(buf));
	assert_string_equal(buf, "clients=2,warmup=0,nth=3,budget=3,scale=1");
	assert_false(hx_shrink_next(s, &cand));

	/* not at a point: nth and budget are left alone */
	assert_true(hx_plan_parse("clients=4,warmup=17,scale=3", &start, err, sizeof(err)));
	hx_shrink_init(s, &start, false, 3);
	while (hx_shrink_next(s, &cand))
	{
		assert_false(hx_plan_has(&cand, HX_PLAN_NTH));
		hx_shrink_result(s, true);	/* everything fails: down to the minimum */
	}
	hx_plan_format(&s->best, buf, sizeof(buf));
	assert_string_equal(buf, "clients=1,warmup=0,scale=1");

	/* nothing smaller fails: the start is the answer; a result without a candidate is ignored */
	assert_true(hx_plan_parse("clients=2,warmup=1,nth=2,budget=2,scale=1", &start, err, sizeof(err)));
	hx_shrink_init(s, &start, true, 3);
	hx_shrink_result(s, true);
	while (hx_shrink_next(s, &cand))
		hx_shrink_result(s, false);
	assert_memory_equal(&s->best, &start, sizeof(start));

	/* the caller's bound holds whatever the predicate */
	assert_true(hx_plan_parse("clients=16,warmup=100000,nth=1000000,budget=100000,scale=100", &start,
							  err, sizeof(err)));
	hx_shrink_init(s, &start, true, 3);
	assert_int_equal(shrink_with(s, fails, 7), 7);
	free(s);
}

/*-------------------------------------------------------------------------
 * The determinism sample
 *-------------------------------------------------------------------------
 */

static const char catalog_text[] =
	"storage/file/write                               io   any\n"
	"storage/file/truncate                            io   standalone\n"
	"wal/flush/after-fsync                            step backend startup checkpointer bgwriter walwriter standalone\n"
	"xact/commit/before-wal-insert                    step backend standalone\n"
	"xact/commit/after-wal-insert                     step backend standalone\n"
	"postmaster/child-exit                            step postmaster\n";

static void
test_determinism_sample(void **state)
{
	HxCatalog	c;
	HxMatrixSpec spec;
	HxMatrixList all,
				s1,
				s2,
				s3,
				everything;
	char		err[256];
	int			runnable = 0;

	(void) state;
	assert_true(hx_catalog_parse(catalog_text, &c, err, sizeof(err)));
	memset(&spec, 0, sizeof(spec));
	spec.mode = HX_MATRIX_FULL;
	spec.seeds = 2;
	spec.seed_base = 1;
	assert_true(hx_matrix_build(&spec, &c, &all, err, sizeof(err)));
	for (int i = 0; i < all.n; i++)
		runnable += all.items[i].skip_reason[0] == '\0';

	hx_determinism_sample(&all, 10, 1, &s1);
	hx_determinism_sample(&all, 10, 1, &s2);
	hx_determinism_sample(&all, 10, 2, &s3);
	assert_int_equal(s1.n, 10);
	assert_int_equal(s2.n, 10);
	assert_int_equal(s3.n, 10);
	assert_memory_equal(s1.items, s2.items, sizeof(HxMatrixItem) * 10);
	assert_false(memcmp(s1.items, s3.items, sizeof(HxMatrixItem) * 10) == 0);
	for (int i = 0; i < s1.n; i++)
	{
		assert_string_equal(s1.items[i].skip_reason, "");
		if (i > 0)
			assert_true(s1.items[i - 1].index < s1.items[i].index);	/* distinct, in order */
	}
	hx_determinism_sample(&all, 100000, 1, &everything);
	assert_int_equal(everything.n, runnable);

	hx_matrix_list_free(&s1);
	hx_matrix_list_free(&s2);
	hx_matrix_list_free(&s3);
	hx_matrix_list_free(&everything);
	hx_matrix_list_free(&all);
	hx_catalog_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_parse_format),
		cmocka_unit_test(test_record_round_trip),
		cmocka_unit_test(test_trail_normalize),
		cmocka_unit_test(test_timer_driven),
		cmocka_unit_test(test_history_normalize),
		cmocka_unit_test(test_check_sets),
		cmocka_unit_test(test_shrink_candidates),
		cmocka_unit_test(test_shrink_greedy),
		cmocka_unit_test(test_determinism_sample),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
