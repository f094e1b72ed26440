/*-------------------------------------------------------------------------
 * test_matrix.c
 *	  Unit tests of the crash matrix's pure parts: the scenario list built
 *	  from catalog text (matrix.c), sharding, and the reports (report.c).
 *
 * How: a small made-up catalog in `minipg_faults catalog` format holds
 * one point of each kind the rules treat differently (io and step points
 * of backends, standalone-only, postmaster-only, startup-only, the
 * points the extra scenarios need).  The list is checked for order,
 * crash+error per point, the skipped-by-design rules, quick rotation and
 * full expansion.  Shards of it must partition it exactly, the same way
 * every time.  Reports are written for a fabricated run whose check
 * details hold markup, quotes, control bytes and bad UTF-8, into memory
 * (open_memstream); JUnit files of shards are merged and their counts
 * must add up to the unsharded file's.  No server is started.
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

#include "matrix.h"
#include "report.h"

static const char catalog_text[] =
	"storage/file/write                               io   any\n"
	"storage/file/truncate                            io   standalone\n"
	"wal/flush/after-fsync                            step backend startup checkpointer bgwriter walwriter standalone\n"
	"wal/recovery/before-redo                         step startup standalone\n"
	"\n"
	"# a comment line\n"
	"xact/commit/before-wal-insert                    step backend standalone\n"
	"xact/commit/after-wal-insert                     step backend standalone\n"
	"ipc/shmem/create                                 io   postmaster standalone\n"
	"postmaster/fork-backend                          io   postmaster\n"
	"postmaster/fork-startup                          io   postmaster\n"
	"postmaster/child-exit                            step postmaster\n"
	"bufmgr/bgwriter/after-write                      step bgwriter\n";

#define N_POINTS 11
#define N_EXTRA 27				/* extra_scenarios in matrix.c */

static void
load_catalog(HxCatalog *c)
{
	char		err[256];

	assert_true(hx_catalog_parse(catalog_text, c, err, sizeof(err)));
	assert_int_equal(c->n, N_POINTS);
}

static void
build(HxMatrixMode mode, int seeds, uint64_t base, HxMatrixList *l)
{
	HxCatalog	c;
	HxMatrixSpec spec;
	char		err[256];

	load_catalog(&c);
	memset(&spec, 0, sizeof(spec));
	spec.mode = mode;
	spec.seeds = seeds;
	spec.seed_base = base;
	if (!hx_matrix_build(&spec, &c, l, err, sizeof(err)))
		fail_msg("build: %s", err);
	hx_catalog_free(&c);
}

static const HxMatrixItem *
find_fault(const HxMatrixList *l, const char *fault)
{
	for (int k = 0; k < l->n; k++)
		if (strcmp(l->items[k].fault, fault) == 0)
			return &l->items[k];
	return NULL;
}

static bool
runs(const HxMatrixList *l, const char *fault)
{
	const HxMatrixItem *it = find_fault(l, fault);

	return it != NULL && it->skip_reason[0] == '\0' && it->workload != NULL;
}

static bool
by_design(const HxMatrixList *l, const char *fault)
{
	const HxMatrixItem *it = find_fault(l, fault);

	return it != NULL && it->skip_reason[0] != '\0' && it->workload == NULL;
}

/*-------------------------------------------------------------------------
 * The catalog
 *-------------------------------------------------------------------------
 */

static void
test_catalog_parse(void **state)
{
	HxCatalog	c;
	char		err[256];

	load_catalog(&c);
	assert_string_equal(c.points[0].name, "storage/file/write");
	assert_true(c.points[0].io);
	assert_string_equal(c.points[0].processes, "any");
	assert_string_equal(c.points[2].name, "wal/flush/after-fsync");
	assert_false(c.points[2].io);
	assert_string_equal(c.points[2].processes,
						"backend startup checkpointer bgwriter walwriter standalone");
	hx_catalog_free(&c);

	assert_false(hx_catalog_parse("a/b/c  sometimes backend\n", &c, err, sizeof(err)));
	assert_non_null(strstr(err, "line 1"));
	assert_false(hx_catalog_parse("a/b/c io\n", &c, err, sizeof(err)));
	assert_false(hx_catalog_parse("\n# nothing\n", &c, err, sizeof(err)));
	/* no final newline, tabs */
	assert_true(hx_catalog_parse("a/b/c\tstep\tbackend", &c, err, sizeof(err)));
	assert_int_equal(c.n, 1);
	hx_catalog_free(&c);
}

/*-------------------------------------------------------------------------
 * The list
 *-------------------------------------------------------------------------
 */

static void
test_list_deterministic(void **state)
{
	HxMatrixList a,
				b;

	build(HX_MATRIX_FULL, 2, 7, &a);
	build(HX_MATRIX_FULL, 2, 7, &b);
	assert_int_equal(a.n, b.n);
	assert_memory_equal(a.items, b.items, (size_t) a.n * sizeof(HxMatrixItem));
	for (int k = 0; k < a.n; k++)
		assert_int_equal(a.items[k].index, k);
	hx_matrix_list_free(&a);
	hx_matrix_list_free(&b);
}

static void
test_list_crash_and_error_per_point(void **state)
{
	HxMatrixList l;
	int			last_order = -1;
	int			crash_at = -1;

	build(HX_MATRIX_QUICK, 0, 1, &l);
	/* reachable points: both actions, crash first, in catalog order */
	assert_true(runs(&l, "crash/storage/file/write"));
	assert_true(runs(&l, "error/storage/file/write"));
	assert_true(runs(&l, "crash/wal/flush/after-fsync"));
	assert_true(runs(&l, "error/wal/flush/after-fsync"));
	assert_true(runs(&l, "crash/xact/commit/before-wal-insert"));
	assert_true(runs(&l, "error/xact/commit/before-wal-insert"));
	assert_true(runs(&l, "crash/bufmgr/bgwriter/after-write"));
	assert_true(runs(&l, "error/bufmgr/bgwriter/after-write"));
	for (int k = 0; k < l.n; k++)
	{
		const HxMatrixItem *it = &l.items[k];

		if (it->skip_reason[0] != '\0' || strcmp(it->column, "kill/stop") == 0 ||
			(strcmp(it->column, "crash") != 0 && strcmp(it->column, "error") != 0))
			continue;
		assert_true(it->row_order >= last_order);
		last_order = it->row_order;
		if (strcmp(it->column, "crash") == 0)
			crash_at = k;
		else
		{
			/* error comes right after crash of the same point (both runnable here) */
			if (crash_at == k - 1)
				assert_string_equal(l.items[k - 1].row, it->row);
		}
		/* FAULT/POINT, or FIRST+FAULT/POINT for a compound scenario */
		assert_string_equal(strchr(strchr(it->fault, '+') ? strchr(it->fault, '+') : it->fault,
								   '/') + 1, it->row);
	}

	/* the grid's coordinates */
	assert_string_equal(find_fault(&l, "error/storage/file/write")->row, "storage/file/write");
	assert_string_equal(find_fault(&l, "error/storage/file/write")->column, "error");
	assert_string_equal(find_fault(&l, "kill/postmaster")->column, "kill/stop");
	assert_string_equal(find_fault(&l, "corrupt-proc/xact/commit/after-wal-insert")->row,
						"xact/commit/after-wal-insert");
	assert_string_equal(find_fault(&l, "corrupt-proc/xact/commit/after-wal-insert")->column,
						"corrupt-proc");
	hx_matrix_list_free(&l);
}

static void
test_list_skipped_by_design(void **state)
{
	HxMatrixList l;
	int			n_design = 0;
	bool		seen_design = false;

	build(HX_MATRIX_QUICK, 0, 1, &l);
	/* standalone only: never run */
	assert_true(by_design(&l, "crash/storage/file/truncate"));
	assert_true(by_design(&l, "error/storage/file/truncate"));
	assert_non_null(strstr(find_fault(&l, "crash/storage/file/truncate")->skip_reason, "standalone"));
	/* startup only: the second fault of a compound scenario, never alone */
	assert_null(find_fault(&l, "crash/wal/recovery/before-redo"));
	assert_true(runs(&l, "kill/backend+crash/wal/recovery/before-redo"));
	assert_true(runs(&l, "kill/postmaster+error/wal/recovery/before-redo"));
	assert_string_equal(find_fault(&l, "kill/backend+crash/wal/recovery/before-redo")->row,
						"wal/recovery/before-redo");
	assert_string_equal(find_fault(&l, "kill/backend+crash/wal/recovery/before-redo")->column,
						"crash");
	/* postmaster only: a crash ends it (the runner checks its children follow);
	 * an io error is handled ... */
	assert_true(runs(&l, "crash/postmaster/fork-backend"));
	assert_true(runs(&l, "error/postmaster/fork-backend"));
	/* ... reset-time points run as compound scenarios; a step ERROR is FATAL */
	assert_true(runs(&l, "kill/backend+crash/ipc/shmem/create"));
	assert_true(runs(&l, "kill/backend+error/ipc/shmem/create"));
	assert_true(runs(&l, "kill/backend+error/postmaster/fork-startup"));
	assert_true(runs(&l, "crash/postmaster/child-exit"));
	assert_true(runs(&l, "error/postmaster/child-exit"));
	/* "any" includes server processes */
	assert_true(runs(&l, "crash/storage/file/write"));
	/* the extra scenarios */
	assert_true(runs(&l, "kill/backend"));
	assert_true(runs(&l, "kill/checkpointer"));
	assert_true(runs(&l, "kill/bgwriter"));
	assert_true(runs(&l, "kill/walwriter"));
	assert_true(runs(&l, "kill/autovacuum-launcher"));
	assert_true(runs(&l, "kill/autovacuum-worker"));
	assert_true(runs(&l, "kill/stats-collector"));
	assert_true(runs(&l, "kill/postmaster"));
	assert_true(runs(&l, "immediate"));
	assert_true(by_design(&l, "kill/startup"));
	assert_true(runs(&l, "powerloss/xact/commit/before-wal-insert"));
	assert_true(runs(&l, "powerloss/wal/flush/after-fsync"));
	assert_true(runs(&l, "corrupt-buffer-page/xact/commit/after-wal-insert"));
	assert_true(runs(&l, "corrupt-buffer-desc/xact/commit/after-wal-insert"));
	assert_true(runs(&l, "corrupt-lock/xact/commit/after-wal-insert"));
	assert_true(runs(&l, "corrupt-wal-buffers/xact/commit/after-wal-insert"));
	assert_true(runs(&l, "enospc/storage/file/write"));
	assert_true(runs(&l, "short/storage/file/write"));
	assert_true(runs(&l, "diskfull/storage/file/write"));
	assert_true(runs(&l, "torn/storage/file/write"));
	assert_true(runs(&l, "torn/xact/commit/before-wal-insert"));
	/* storage/file/extend is not in this catalog */
	assert_true(by_design(&l, "enospc/storage/file/extend"));
	assert_true(by_design(&l, "short/storage/file/extend"));
	assert_true(by_design(&l, "diskfull/storage/file/extend"));

	/* by design after every runnable item, each exactly once */
	for (int k = 0; k < l.n; k++)
	{
		if (l.items[k].skip_reason[0] != '\0')
		{
			seen_design = true;
			n_design++;
			assert_int_equal(l.items[k].seed, 0);
			assert_string_equal(l.items[k].name, l.items[k].fault);
		}
		else
			assert_false(seen_design);
	}
	/* 2 standalone + kill/startup + 3 at extend */
	assert_int_equal(n_design, 6);
	assert_int_equal(l.n_scenarios, N_POINTS * 2 + N_EXTRA);
	hx_matrix_list_free(&l);
}

static void
test_list_missing_point(void **state)
{
	HxCatalog	c;
	HxMatrixSpec spec;
	HxMatrixList l;
	char		err[256];

	assert_true(hx_catalog_parse("storage/file/write io any\n", &c, err, sizeof(err)));
	memset(&spec, 0, sizeof(spec));
	assert_true(hx_matrix_build(&spec, &c, &l, err, sizeof(err)));
	assert_true(by_design(&l, "powerloss/wal/flush/after-fsync"));
	assert_non_null(strstr(find_fault(&l, "powerloss/wal/flush/after-fsync")->skip_reason,
						   "not in this build's catalog"));
	assert_true(runs(&l, "kill/backend"));
	hx_matrix_list_free(&l);
	hx_catalog_free(&c);
}

static void
test_list_quick_rotates(void **state)
{
	HxMatrixList l;
	static const char *const wl[] = {"bank", "ledger", "mix"};
	int			runnable = 0;

	build(HX_MATRIX_QUICK, 0, 1, &l);
	for (int k = 0; k < l.n; k++)
	{
		const HxMatrixItem *it = &l.items[k];
		char		name[200];

		if (it->skip_reason[0] != '\0')
			continue;
		assert_int_equal(it->scenario, runnable);	/* one item per scenario */
		assert_string_equal(it->workload, wl[runnable % 3]);
		assert_int_equal(it->seed, 1);
		snprintf(name, sizeof(name), "%s/%s", it->workload, it->fault);
		assert_string_equal(it->name, name);
		runnable++;
	}
	/* 11 points x 2 - 2 by design + 23 extra runnable */
	assert_int_equal(runnable, 11 * 2 - 2 + 23);
	hx_matrix_list_free(&l);

	/* --seeds 3 --seed-base 40: three seeds per scenario, same workload */
	build(HX_MATRIX_QUICK, 3, 40, &l);
	assert_int_equal(l.items[0].seed, 40);
	assert_int_equal(l.items[1].seed, 41);
	assert_int_equal(l.items[2].seed, 42);
	assert_string_equal(l.items[0].workload, l.items[2].workload);
	assert_string_equal(l.items[3].workload, "ledger");
	hx_matrix_list_free(&l);
}

static void
test_list_full_expands(void **state)
{
	HxMatrixList l;
	int			runnable = 0;

	build(HX_MATRIX_FULL, 0, 1, &l);	/* default 5 seeds */
	for (int k = 0; k < l.n; k++)
		runnable += l.items[k].skip_reason[0] == '\0';
	assert_int_equal(runnable, (11 * 2 - 2 + 23) * 3 * 5);
	/* the first scenario: bank seeds 1..5, ledger 1..5, mix 1..5 */
	for (int k = 0; k < 15; k++)
	{
		assert_int_equal(l.items[k].scenario, 0);
		assert_string_equal(l.items[k].workload, k < 5 ? "bank" : k < 10 ? "ledger" : "mix");
		assert_int_equal(l.items[k].seed, (uint64_t) (k % 5 + 1));
	}
	assert_int_equal(l.items[15].scenario, 1);
	hx_matrix_list_free(&l);
}

static void
test_list_workloads_option(void **state)
{
	HxCatalog	c;
	HxMatrixSpec spec;
	HxMatrixList l;
	char		err[256];

	load_catalog(&c);
	memset(&spec, 0, sizeof(spec));
	spec.mode = HX_MATRIX_QUICK;
	spec.workloads[0] = "mix";
	spec.workloads[1] = "bank";
	spec.n_workloads = 2;
	assert_true(hx_matrix_build(&spec, &c, &l, err, sizeof(err)));
	assert_string_equal(l.items[0].workload, "mix");
	assert_string_equal(l.items[1].workload, "bank");
	assert_string_equal(l.items[2].workload, "mix");
	hx_matrix_list_free(&l);

	spec.workloads[1] = "nosuch";
	assert_false(hx_matrix_build(&spec, &c, &l, err, sizeof(err)));
	assert_non_null(strstr(err, "nosuch"));
	spec.workloads[1] = "mix";
	assert_false(hx_matrix_build(&spec, &c, &l, err, sizeof(err)));
	hx_catalog_free(&c);
}

/*-------------------------------------------------------------------------
 * Shards
 *-------------------------------------------------------------------------
 */

static void
test_shard_parse(void **state)
{
	int			i,
				n;

	assert_true(hx_shard_parse("1/1", &i, &n));
	assert_int_equal(i, 1);
	assert_int_equal(n, 1);
	assert_true(hx_shard_parse("3/8", &i, &n));
	assert_int_equal(i, 3);
	assert_int_equal(n, 8);
	assert_false(hx_shard_parse("0/4", &i, &n));
	assert_false(hx_shard_parse("5/4", &i, &n));
	assert_false(hx_shard_parse("1/0", &i, &n));
	assert_false(hx_shard_parse("1/", &i, &n));
	assert_false(hx_shard_parse("/4", &i, &n));
	assert_false(hx_shard_parse("1/4x", &i, &n));
	assert_false(hx_shard_parse("-1/4", &i, &n));
	assert_false(hx_shard_parse("", &i, &n));
	assert_false(hx_shard_parse(NULL, &i, &n));
}

static void
test_shards_partition(void **state)
{
	HxMatrixList all;

	build(HX_MATRIX_FULL, 2, 1, &all);
	for (int n = 1; n <= 9; n++)
	{
		int		   *seen = calloc((size_t) all.n, sizeof(int));
		int			total = 0;

		for (int i = 1; i <= n; i++)
		{
			HxMatrixList s,
						again;
			int			prev = -1;

			hx_matrix_shard(&all, i, n, &s);
			hx_matrix_shard(&all, i, n, &again);
			/* stable */
			assert_int_equal(s.n, again.n);
			assert_memory_equal(s.items, again.items, (size_t) s.n * sizeof(HxMatrixItem));
			/* balanced within one item */
			assert_true(s.n == all.n / n || s.n == all.n / n + 1);
			for (int k = 0; k < s.n; k++)
			{
				int			idx = s.items[k].index;

				assert_true(idx > prev);	/* list order kept */
				prev = idx;
				assert_int_equal(idx % n + 1, i);
				assert_memory_equal(&s.items[k], &all.items[idx], sizeof(HxMatrixItem));
				seen[idx]++;
			}
			total += s.n;
			hx_matrix_list_free(&s);
			hx_matrix_list_free(&again);
		}
		assert_int_equal(total, all.n);
		for (int k = 0; k < all.n; k++)
			assert_int_equal(seen[k], 1);
		free(seen);
	}
	hx_matrix_list_free(&all);
}

/*-------------------------------------------------------------------------
 * Reports
 *-------------------------------------------------------------------------
 */

static char *
escaped(void (*fn) (FILE *, const char *), const char *in)
{
	char	   *buf = NULL;
	size_t		len = 0;
	FILE	   *f = open_memstream(&buf, &len);

	fn(f, in);
	fclose(f);
	return buf;
}

static void
test_xml_escape(void **state)
{
	char	   *s;

	s = escaped(hx_xml_escape, "a<b>&\"c'd");
	assert_string_equal(s, "a&lt;b&gt;&amp;&quot;c&#39;d");
	free(s);
	/* control characters are not allowed in XML 1.0: U+FFFD; tab and newline stay */
	s = escaped(hx_xml_escape, "x\x01y\tz\n\x1b[0m\r");
	assert_string_equal(s, "x\xEF\xBF\xBDy\tz\n\xEF\xBF\xBD[0m&#13;");
	free(s);
	/* valid UTF-8 kept, invalid bytes replaced */
	s = escaped(hx_xml_escape, "caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x98\x80");
	assert_string_equal(s, "caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x98\x80");
	free(s);
	s = escaped(hx_xml_escape, "a\xC3(b\xFF\xC0\xAF\xED\xA0\x80");
	assert_string_equal(s, "a\xEF\xBF\xBD(b\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
						"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	free(s);
	/* a truncated sequence at the end does not read past it */
	s = escaped(hx_xml_escape, "end\xE2\x9C");
	assert_string_equal(s, "end\xEF\xBF\xBD\xEF\xBF\xBD");
	free(s);
	s = escaped(hx_xml_escape, "");
	assert_string_equal(s, "");
	free(s);
}

static void
test_html_escape(void **state)
{
	char	   *s = escaped(hx_html_escape, "<script>alert(\"x&y\")</script> 'q'");

	assert_string_equal(s, "&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt; &#39;q&#39;");
	free(s);
	s = escaped(hx_html_escape, "&amp;");
	assert_string_equal(s, "&amp;amp;");
	free(s);
}

static const char nasty[] = "<b>lost</b> & \"found\" 'x' \x01\xFF ]]> </failure>";

/* A run over `l` with made-up outcomes: by design, then pass/fail/not reached/pass. */
static void
fake_run(HxMatrixRun *run, const HxMatrixList *l, HxMatrixResult *results)
{
	memset(run, 0, sizeof(*run));
	run->list = l;
	run->results = results;
	run->mode = HX_MATRIX_QUICK;
	run->shard_i = run->shard_n = 1;
	run->seed_first = run->seed_last = 1;
	snprintf(run->workloads, sizeof(run->workloads), "bank,ledger,mix");
	snprintf(run->bindir, sizeof(run->bindir), "/build/<engine>");
	snprintf(run->command, sizeof(run->command), "crashmatrix matrix --quick --set 'a=<b>'");
	snprintf(run->started, sizeof(run->started), "2026-11-21T12:00:00");
	run->elapsed_ms = 60000;
	for (int k = 0; k < l->n; k++)
	{
		const HxMatrixItem *it = &l->items[k];
		HxMatrixResult *r = &results[k];

		memset(r, 0, sizeof(*r));
		if (it->skip_reason[0] != '\0')
		{
			r->status = HX_ITEM_BY_DESIGN;
			run->n_by_design++;
			continue;
		}
		run->n_run++;
		run->n_done++;
		r->verdict.total_ms = 500 + k;
		r->verdict.recovery_ms = 40 + k % 7;
		snprintf(r->verdict.summary, sizeof(r->verdict.summary), "24 acked, 0 failed, 1 in doubt");
		switch (it->index % 4)
		{
			case 0:
			case 3:
				r->status = HX_ITEM_PASS;
				r->verdict.passed = true;
				run->n_pass++;
				break;
			case 1:
				r->status = HX_ITEM_FAIL;
				hx_check_fail(&r->verdict.failures, "bank/total-unchanged", "%s", nasty);
				hx_check_fail(&r->verdict.failures, "new-writes-work", "commit failed");
				snprintf(r->verdict.artifacts, sizeof(r->verdict.artifacts), "/tmp/a&b/%s-1", it->name);
				snprintf(r->verdict.repro, sizeof(r->verdict.repro),
						 "crashmatrix run %s --seed %llu --set 'x=<y>'", it->name,
						 (unsigned long long) it->seed);
				run->n_fail++;
				break;
			case 2:
				r->status = HX_ITEM_NOT_REACHED;
				r->verdict.passed = true;
				snprintf(r->verdict.summary, sizeof(r->verdict.summary),
						 "not reached: the workload never hit %s; 419 acked", it->row);
				run->n_not_reached++;
				break;
		}
	}
}

static char *
render(void (*fn) (const HxMatrixRun *, FILE *), const HxMatrixRun *run)
{
	char	   *buf = NULL;
	size_t		len = 0;
	FILE	   *f = open_memstream(&buf, &len);

	fn(run, f);
	fclose(f);
	return buf;
}

static int
count(const char *hay, const char *needle)
{
	int			n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* Attribute `name` of the first <testsuite>, as a number. */
static long
suite_attr(const char *xml, const char *name)
{
	const char *suite = strstr(xml, "<testsuite ");
	char		key[64];
	const char *at;

	assert_non_null(suite);
	snprintf(key, sizeof(key), " %s=\"", name);
	at = strstr(suite, key);
	assert_non_null(at);
	assert_true(at < strchr(suite, '>'));
	return strtol(at + strlen(key), NULL, 10);
}

static void
test_junit_report(void **state)
{
	HxMatrixList l;
	HxMatrixRun run;
	HxMatrixResult *res;
	char	   *xml;

	build(HX_MATRIX_QUICK, 0, 1, &l);
	res = calloc((size_t) l.n, sizeof(HxMatrixResult));
	fake_run(&run, &l, res);
	xml = render(hx_report_junit, &run);

	assert_int_equal(suite_attr(xml, "tests"), l.n);
	assert_int_equal(suite_attr(xml, "failures"), run.n_fail);
	assert_int_equal(suite_attr(xml, "skipped"), run.n_not_reached + run.n_by_design);
	assert_non_null(strstr(xml, "<testsuite name=\"crashmatrix\" "));
	assert_int_equal(count(xml, "<testcase "), l.n);
	assert_int_equal(count(xml, "<failure "), run.n_fail);
	assert_int_equal(count(xml, "<skipped message=\"not reached\">"), run.n_not_reached);
	assert_int_equal(count(xml, "<skipped message=\"skipped by design\">"), run.n_by_design);
	assert_non_null(strstr(xml, "<testcase classname=\"bank\" name=\"crash/storage/file/write seed=1\""));
	assert_non_null(strstr(xml, "<testcase classname=\"by-design\" name=\"crash/storage/file/truncate\""));
	assert_non_null(strstr(xml, "<failure message=\"bank/total-unchanged, new-writes-work\""));
	/* the details, escaped; nothing of them raw */
	assert_non_null(strstr(xml, "&lt;b&gt;lost&lt;/b&gt; &amp; &quot;found&quot; &#39;x&#39; "
						   "\xEF\xBF\xBD\xEF\xBF\xBD ]]&gt; &lt;/failure&gt;"));
	assert_null(strstr(xml, "<b>"));
	assert_null(strstr(xml, "\x01"));
	assert_non_null(strstr(xml, "reproduce: crashmatrix run "));
	assert_non_null(strstr(xml, "--set &#39;x=&lt;y&gt;&#39;"));
	assert_non_null(strstr(xml, "artifacts: /tmp/a&amp;b/"));
	/* exactly one element of each kind we open is closed */
	assert_int_equal(count(xml, "<failure "), count(xml, "</failure>"));
	assert_int_equal(count(xml, "<testsuite "), 1);
	assert_int_equal(count(xml, "</testsuite>"), 1);

	/* pending items are left out */
	for (int k = 0; k < l.n; k++)
		if (res[k].status == HX_ITEM_PASS)
		{
			res[k].status = HX_ITEM_PENDING;
			free(xml);
			xml = render(hx_report_junit, &run);
			assert_int_equal(suite_attr(xml, "tests"), l.n - 1);
			break;
		}
	free(xml);
	free(res);
	hx_matrix_list_free(&l);
}

/* The JUnit text of shard i of n of `all` with the outcomes of full_res. */
static char *
shard_junit(const HxMatrixList *all, int i, int n)
{
	HxMatrixList s;
	HxMatrixRun run;
	HxMatrixResult *res;
	char	   *xml;

	hx_matrix_shard(all, i, n, &s);
	res = calloc((size_t) (s.n ? s.n : 1), sizeof(HxMatrixResult));
	fake_run(&run, &s, res);
	xml = render(hx_report_junit, &run);
	free(res);
	hx_matrix_list_free(&s);
	return xml;
}

static void
test_junit_merge(void **state)
{
	HxMatrixList all;
	HxMatrixRun run;
	HxMatrixResult *res;
	char	   *whole;
	char	   *docs[4];
	const char *names[4] = {"s1.xml", "s2.xml", "s3.xml", "s4.xml"};
	char	   *merged = NULL;
	size_t		len = 0;
	FILE	   *f;
	HxJunitTotals t;
	char		err[256];

	build(HX_MATRIX_FULL, 2, 1, &all);
	res = calloc((size_t) all.n, sizeof(HxMatrixResult));
	fake_run(&run, &all, res);
	whole = render(hx_report_junit, &run);
	for (int i = 0; i < 4; i++)
		docs[i] = shard_junit(&all, i + 1, 4);

	f = open_memstream(&merged, &len);
	assert_true(hx_junit_merge((const char *const *) docs, names, 4, f, &t, err, sizeof(err)));
	fclose(f);
	assert_int_equal(t.suites, 4);
	assert_int_equal(t.duplicates, 0);
	/* the counts add up to the unsharded run's */
	assert_int_equal(t.tests, suite_attr(whole, "tests"));
	assert_int_equal(t.failures, suite_attr(whole, "failures"));
	assert_int_equal(t.skipped, suite_attr(whole, "skipped"));
	assert_int_equal(t.testcases, all.n);
	assert_int_equal(suite_attr(merged, "tests"), all.n);
	assert_int_equal(suite_attr(merged, "failures"), run.n_fail);
	assert_int_equal(suite_attr(merged, "skipped"), run.n_not_reached + run.n_by_design);
	assert_int_equal(count(merged, "<testcase "), all.n);
	assert_int_equal(count(merged, "<failure "), count(whole, "<failure "));
	assert_int_equal(count(merged, "<testsuite "), 1);
	assert_int_equal(count(merged, "</testsuite>"), 1);
	assert_int_equal(count(merged, "<?xml"), 1);
	assert_non_null(strstr(merged, "<testsuite name=\"crashmatrix\" "));

	/* merging the merge with nothing else changes no count */
	{
		const char *again[1] = {merged};
		const char *again_names[1] = {"merged.xml"};
		char	   *m2 = NULL;
		size_t		l2 = 0;
		HxJunitTotals t2;

		f = open_memstream(&m2, &l2);
		assert_true(hx_junit_merge(again, again_names, 1, f, &t2, err, sizeof(err)));
		fclose(f);
		assert_int_equal(t2.tests, t.tests);
		assert_int_equal(t2.failures, t.failures);
		assert_int_equal(t2.skipped, t.skipped);
		free(m2);
	}

	/* the same shard twice: duplicates are reported */
	{
		const char *twice[2] = {docs[0], docs[0]};
		char	   *m3 = NULL;
		size_t		l3 = 0;

		f = open_memstream(&m3, &l3);
		assert_true(hx_junit_merge(twice, names, 2, f, &t, err, sizeof(err)));
		fclose(f);
		assert_int_equal(t.duplicates, suite_attr(docs[0], "tests"));
		assert_true(t.first_duplicate[0] != '\0');
		free(m3);
	}

	/* another tool's file: a <testsuites> wrapper, properties, counts to be counted */
	{
		const char *other =
			"<?xml version=\"1.0\"?>\n<testsuites>\n"
			"<testsuite name='crashmatrix' time='1.5'>\n"
			"<properties><property name=\"a\" value=\"b\"/></properties>\n"
			"<testcase classname=\"x\" name=\"one\"/>\n"
			"<testcase classname=\"x\" name=\"two\"><failure message=\"m\">d</failure></testcase>\n"
			"<testcase classname=\"x\" name=\"three\"><skipped/></testcase>\n"
			"</testsuite>\n<testsuite name=\"empty\" tests=\"0\"/>\n</testsuites>\n";
		const char *in[2] = {docs[1], other};
		char	   *m4 = NULL;
		size_t		l4 = 0;

		f = open_memstream(&m4, &l4);
		assert_true(hx_junit_merge(in, names, 2, f, &t, err, sizeof(err)));
		fclose(f);
		assert_int_equal(t.suites, 3);
		assert_int_equal(t.tests, suite_attr(docs[1], "tests") + 3);
		assert_int_equal(t.failures, suite_attr(docs[1], "failures") + 1);
		assert_int_equal(t.skipped, suite_attr(docs[1], "skipped") + 1);
		assert_null(strstr(m4, "<properties"));
		assert_null(strstr(m4, "<testsuites"));
		assert_int_equal(count(m4, "<testcase "), t.tests);
		free(m4);
	}

	/* not JUnit, or cut short */
	{
		const char *bad1[1] = {"<html></html>"};
		const char *bad2[1] = {"<testsuite name=\"x\"><testcase name=\"a\"/>"};
		FILE	   *null = fopen("/dev/null", "w");

		assert_false(hx_junit_merge(bad1, names, 1, null, &t, err, sizeof(err)));
		assert_non_null(strstr(err, "s1.xml"));
		assert_false(hx_junit_merge(bad2, names, 1, null, &t, err, sizeof(err)));
		fclose(null);
	}

	for (int i = 0; i < 4; i++)
		free(docs[i]);
	free(merged);
	free(whole);
	free(res);
	hx_matrix_list_free(&all);
}

static void
test_html_report(void **state)
{
	HxMatrixList l;
	HxMatrixRun run;
	HxMatrixResult *res;
	char	   *html;

	build(HX_MATRIX_FULL, 1, 1, &l);
	res = calloc((size_t) l.n, sizeof(HxMatrixResult));
	fake_run(&run, &l, res);
	html = render(hx_report_html, &run);

	assert_true(strncmp(html, "<!DOCTYPE html>", 15) == 0);
	assert_non_null(strstr(html, "</html>"));
	/* self-contained: nothing fetched from elsewhere */
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<link"));
	assert_null(strstr(html, "src="));
	assert_null(strstr(html, "url("));
	assert_null(strstr(html, "@import"));
	assert_null(strstr(html, "href=\"http"));
	assert_non_null(strstr(html, "<style>"));
	assert_non_null(strstr(html, "<svg "));
	/* escaped everywhere it appears: the failure details and hover titles */
	assert_null(strstr(html, "<b>lost"));
	assert_null(strstr(html, "\x01"));
	assert_non_null(strstr(html, "&lt;b&gt;lost&lt;/b&gt; &amp; &quot;found&quot;"));
	assert_non_null(strstr(html, "/build/&lt;engine&gt;"));
	assert_non_null(strstr(html, "--set &#39;x=&lt;y&gt;&#39;"));
	/* every failure has its section, checks, artifacts and repro in a code block */
	assert_int_equal(count(html, "<div class=\"failure\""), run.n_fail);
	assert_int_equal(count(html, "<pre><code>crashmatrix run "), run.n_fail);
	assert_int_equal(count(html, "<code>/tmp/a&amp;b/"), run.n_fail);
	assert_int_equal(count(html, "<code>new-writes-work</code>"), run.n_fail);
	/* the grid: a row per point and process fault, columns crash and error at least */
	assert_non_null(strstr(html, "<table class=\"grid\">"));
	assert_non_null(strstr(html, "<code>xact/commit/after-wal-insert</code>"));
	assert_non_null(strstr(html, "<code>kill/postmaster</code>"));
	assert_non_null(strstr(html, ">crash</th>"));
	assert_non_null(strstr(html, ">error</th>"));
	assert_non_null(strstr(html, ">corrupt-<br>proc</th>"));
	assert_true(count(html, "class=\"c-fail\"") > 0);
	assert_true(count(html, "class=\"c-design\"") > 0);
	/* several workloads in one cell: a count */
	assert_non_null(strstr(html, "/3</"));
	/* skipped by design, with reasons */
	assert_non_null(strstr(html, "Skipped by design (6)"));
	free(html);
	free(res);
	hx_matrix_list_free(&l);
}

static void
test_format_duration(void **state)
{
	char		b[32];

	hx_format_duration(480, b, sizeof(b));
	assert_string_equal(b, "0s");
	hx_format_duration(48000, b, sizeof(b));
	assert_string_equal(b, "48s");
	hx_format_duration(192000, b, sizeof(b));
	assert_string_equal(b, "3m12s");
	hx_format_duration(3720000, b, sizeof(b));
	assert_string_equal(b, "1h02m");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalog_parse),
		cmocka_unit_test(test_list_deterministic),
		cmocka_unit_test(test_list_crash_and_error_per_point),
		cmocka_unit_test(test_list_skipped_by_design),
		cmocka_unit_test(test_list_missing_point),
		cmocka_unit_test(test_list_quick_rotates),
		cmocka_unit_test(test_list_full_expands),
		cmocka_unit_test(test_list_workloads_option),
		cmocka_unit_test(test_shard_parse),
		cmocka_unit_test(test_shards_partition),
		cmocka_unit_test(test_xml_escape),
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_junit_report),
		cmocka_unit_test(test_junit_merge),
		cmocka_unit_test(test_html_report),
		cmocka_unit_test(test_format_duration),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
