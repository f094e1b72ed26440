/*-------------------------------------------------------------------------
 * replay.c
 *	  repro, shrink and the determinism self-check (replay.h says what
 *	  each compares and when it fails).
 *
 * Invariants:
 *	- Every scenario runs in a forked child (hx_run_isolated, or the
 *	  matrix's workers for the determinism check); this process starts no
 *	  server and keeps no cluster.
 *	- Bounded: repro runs `times` scenarios; shrink at most max_attempts
 *	  candidates plus two runs (the first confirmation and the last), and
 *	  proposes nothing after max_ms; determinism runs 2 x the sample.
 *	- Output is for people and stable for scripts: one line per run or
 *	  item, then a summary line that starts with the command's name.
 *-------------------------------------------------------------------------
 */
#include "replay.h"

#include "lib/hx_util.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/hx_rng.h"



/*-------------------------------------------------------------------------
 * One run in a child
 *-------------------------------------------------------------------------
 */

void
hx_run_isolated(const HxScenario *s, uint64_t seed, const HxRunOptions *o, HxVerdict *v)
{
	int			fds[2];
	pid_t		pid;
	size_t		got = 0;
	int			status = 0;
	char		what[256] = "";

	memset(v, 0, sizeof(*v));
	if (pipe2(fds, O_CLOEXEC) != 0)
	{
		snprintf(what, sizeof(what), "pipe: %s", strerror(errno));
		goto harness_failure;
	}
	fflush(NULL);				/* the child must not flush our buffers again */
	pid = fork();
	if (pid < 0)
	{
		snprintf(what, sizeof(what), "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		goto harness_failure;
	}
	if (pid == 0)
	{
		HxVerdict  *cv = calloc(1, sizeof(HxVerdict));
		const char *p = (const char *) cv;
		size_t		left = sizeof(*cv);

		close(fds[0]);
		if (cv == NULL)
			_exit(3);
		hx_scenario_run(s, seed, o, cv);
		while (left > 0)
		{
			ssize_t		w = write(fds[1], p, left);

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				_exit(3);
			p += w;
			left -= (size_t) w;
		}
		_exit(0);
	}
	close(fds[1]);
	for (;;)
	{
		ssize_t		n = read(fds[0], (char *) v + got, sizeof(*v) - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t) n;
		if (got == sizeof(*v))
			break;
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (got == sizeof(*v) && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return;
	if (WIFSIGNALED(status))
		snprintf(what, sizeof(what), "the scenario's process was killed by signal %d (%s) before "
				 "its verdict", WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		snprintf(what, sizeof(what), "the scenario's process exited with status %d before its "
				 "verdict", WIFEXITED(status) ? WEXITSTATUS(status) : -1);

harness_failure:
	memset(v, 0, sizeof(*v));
	hx_plan_clear(&v->plan);
	hx_check_fail(&v->failures, "harness/crashed", "%s", what);
	snprintf(v->repro, sizeof(v->repro), "%s run %s --seed %" PRIu64 "%s", o->self_command,
			 s->name, seed, o->repro_args);
	snprintf(v->summary, sizeof(v->summary), "no verdict");
}

/* "ledger/acked-present, clean-restart-keeps-all", or "none (PASS)" / "none (not reached)". */
static void
outcome_text(const HxVerdict *v, char *buf, size_t len)
{
	if (v->failures.n > 0)
		hx_checks_names(&v->failures, buf, len);
	else
		snprintf(buf, len, "none (%s)", !v->passed ? "FAIL" :
				 strncmp(v->summary, "not reached", 11) == 0 ? "not reached" : "PASS");
}

static bool
same_way(const HxVerdict *v, bool want_passed, const HxCheckList *want)
{
	return v->passed == want_passed && hx_checks_same(&v->failures, want);
}

/*-------------------------------------------------------------------------
 * repro
 *-------------------------------------------------------------------------
 */

int
hx_repro(const HxRecord *rec, const HxScenario *s, const HxRunOptions *o, int times, FILE *out)
{
	char		want[512],
				now[512],
				plan[128];
	int			reproduced = 0;
	HxVerdict  *v = calloc(1, sizeof(HxVerdict));

	if (v == NULL)
		abort();
	hx_checks_names(&rec->failures, want, sizeof(want));
	hx_plan_format(&o->args.plan, plan, sizeof(plan));
	fprintf(out, "repro: %s seed=%" PRIu64 "%s%s, %d run%s; recorded %s: %s\n", rec->scenario,
			rec->seed, plan[0] ? " plan=" : "", plan, times, times == 1 ? "" : "s",
			rec->passed ? "PASS" : "FAIL", want);
	for (int i = 0; i < times; i++)
	{
		double		t0 = hx_clock_ms();
		bool		same;

		hx_run_isolated(s, rec->seed, o, v);
		same = same_way(v, rec->passed, &rec->failures);
		reproduced += same;
		outcome_text(v, now, sizeof(now));
		if (same)
			fprintf(out, "  run %d/%d: reproduced (%.1fs)", i + 1, times, (hx_clock_ms() - t0) / 1000.0);
		else
			fprintf(out, "  run %d/%d: did not reproduce: now %s (%.1fs)", i + 1, times, now,
					(hx_clock_ms() - t0) / 1000.0);
		if (!same && v->artifacts[0] != '\0')
			fprintf(out, "  artifacts: %s", v->artifacts);
		fprintf(out, "\n");
		fflush(out);
	}
	if (v->artifacts[0] != '\0')
		fprintf(out, "  last run's artifacts: %s\n", v->artifacts);
	if (times == 1)
	{
		if (reproduced == 1)
			fprintf(out, "reproduced\n");
		else
			fprintf(out, "did not reproduce: now %s\n", now);
	}
	else
		fprintf(out, "reproduced %d/%d\n", reproduced, times);
	free(v);
	return reproduced;
}

/*-------------------------------------------------------------------------
 * shrink
 *-------------------------------------------------------------------------
 */

int
hx_shrink_scenario(const HxScenario *s, uint64_t seed, HxRunOptions *o,
				   const HxShrinkLimits *limits, FILE *out)
{
	HxVerdict  *v = calloc(1, sizeof(HxVerdict));
	HxCheckList want;
	HxShrink   *sh = calloc(1, sizeof(HxShrink));
	HxPlan		cand;
	char		names[512],
				plan[128];
	double		t0 = hx_clock_ms();
	int			attempts = 0,
				kept = 0;
	int			rc;

	if (v == NULL || sh == NULL)
		abort();

	/* 1. it must fail */
	hx_plan_format(&o->args.plan, plan, sizeof(plan));
	fprintf(out, "shrink: %s seed=%" PRIu64 "%s%s: confirming that it fails\n", s->name, seed,
			plan[0] ? " plan=" : "", plan);
	fflush(out);
	hx_run_isolated(s, seed, o, v);
	outcome_text(v, names, sizeof(names));
	if (v->passed)
	{
		fprintf(out, "shrink: it does not fail (now %s): nothing to shrink\n", names);
		free(v);
		free(sh);
		return 1;
	}
	want = v->failures;
	hx_plan_format(&v->plan, plan, sizeof(plan));
	fprintf(out, "  fails: %s\n  plan:  %s\n", names, plan);

	/* 2. greedy, bounded */
	hx_shrink_init(sh, &v->plan, s->kind == HX_FAULT_POINT, limits->max_passes);
	while (attempts < limits->max_attempts && hx_clock_ms() - t0 < limits->max_ms &&
		   hx_shrink_next(sh, &cand))
	{
		bool		same;
		double		t1 = hx_clock_ms();

		attempts++;
		o->args.plan = cand;
		hx_run_isolated(s, seed, o, v);
		same = same_way(v, false, &want);
		hx_shrink_result(sh, same);
		kept += same;
		hx_plan_format(&cand, plan, sizeof(plan));
		outcome_text(v, names, sizeof(names));
		fprintf(out, "  attempt %2d: %-48s %4.1fs  %s%s\n", attempts, plan, (hx_clock_ms() - t1) / 1000.0,
				same ? "fails the same way: kept" : "now ", same ? "" : names);
		fflush(out);
	}
	if (hx_shrink_next(sh, &cand))
	{
		hx_shrink_result(sh, false);	/* not run: the limits stopped us */
		fprintf(out, "  stopped by the limits (%d attempts, %.0f s); the plan may shrink further\n",
				attempts, (hx_clock_ms() - t0) / 1000.0);
	}

	/* 3. the smallest plan once more: its artifacts are the ones kept */
	o->args.plan = sh->best;
	hx_run_isolated(s, seed, o, v);
	hx_plan_format(&sh->best, plan, sizeof(plan));
	outcome_text(v, names, sizeof(names));
	if (same_way(v, false, &want))
	{
		fprintf(out, "shrink: smallest plan after %d attempts (%d kept, %.0f s): %s\n", attempts,
				kept, (hx_clock_ms() - t0) / 1000.0, plan);
		rc = 0;
	}
	else
	{
		fprintf(out, "shrink: the smallest plan (%s) did not fail the same way again (now %s): "
				"the failure is flaky\n", plan, names);
		rc = 1;
	}
	hx_checks_names(&want, names, sizeof(names));
	fprintf(out, "  fails:     %s\n", names);
	if (v->artifacts[0] != '\0')
		fprintf(out, "  artifacts: %s\n", v->artifacts);
	fprintf(out, "  reproduce: %s\n", v->repro);
	free(v);
	free(sh);
	return rc;
}

/*-------------------------------------------------------------------------
 * determinism
 *-------------------------------------------------------------------------
 */

void
hx_determinism_sample(const HxMatrixList *all, int k, uint64_t seed, HxMatrixList *out)
{
	int		   *idx = calloc((size_t) (all->n ? all->n : 1), sizeof(int));
	bool	   *pick = calloc((size_t) (all->n ? all->n : 1), sizeof(bool));
	int			runnable = 0;
	HxRng		rng;

	if (idx == NULL || pick == NULL)
		abort();
	memset(out, 0, sizeof(*out));
	out->items = calloc((size_t) (all->n ? all->n : 1), sizeof(HxMatrixItem));
	if (out->items == NULL)
		abort();
	out->n_scenarios = all->n_scenarios;
	for (int i = 0; i < all->n; i++)
		if (all->items[i].skip_reason[0] == '\0')
			idx[runnable++] = i;
	if (k > runnable)
		k = runnable;
	/* the first k places of a seeded Fisher-Yates shuffle */
	hx_rng_init(&rng, seed, "determinism-sample");
	for (int j = 0; j < k; j++)
	{
		int			r = j + (int) hx_rng_below(&rng, (uint64_t) (runnable - j));
		int			t = idx[j];

		idx[j] = idx[r];
		idx[r] = t;
		pick[idx[j]] = true;
	}
	for (int i = 0; i < all->n; i++)
		if (pick[i])
			out->items[out->n++] = all->items[i];
	free(idx);
	free(pick);
}

typedef enum Diff
{
	DIFF_NONE,
	DIFF_TIMING,
	DIFF_REAL,
} Diff;

/* Print one differing line of two lists, shortened. */
static void
print_pair(FILE *out, const char *what, int at, const HxLines *a, const HxLines *b)
{
	fprintf(out, "    %s, line %d:\n", what, at + 1);
	fprintf(out, "      run a: %.300s\n", at < a->n ? a->line[at] : "(none)");
	fprintf(out, "      run b: %.300s\n", at < b->n ? b->line[at] : "(none)");
}

/* The lines of `from` whose role is (timer = true) or is not timer-driven. */
static void
split_roles(const HxLines *from, bool timer, HxLines *out)
{
	for (int i = 0; i < from->n; i++)
	{
		char		role[64];

		hx_trail_line_role(from->line[i], role, sizeof(role));
		if (hx_role_timer_driven(role) == timer)
			hx_lines_add(out, from->line[i]);
	}
}

/* Lines [from, to) of l, copied. */
static void
slice(const HxLines *l, int from, int to, HxLines *out)
{
	for (int i = from; i < to && i < l->n; i++)
		hx_lines_add(out, l->line[i]);
}

/* The item's fault point in the catalog, or NULL (kills, immediate). */
static const HxCatalogPoint *
item_point(const HxMatrixItem *it, const HxCatalog *catalog)
{
	for (int i = 0; i < catalog->n; i++)
		if (strcmp(catalog->points[i].name, it->row) == 0)
			return &catalog->points[i];
	return NULL;
}

typedef struct Side
{
	HxLines		trail,
				history;
	int			fault_from;
	bool		have;
} Side;

static void
side_load(Side *sd, const HxVerdict *v)
{
	char		path[HX_PATH_LEN + 32];
	char	   *text;

	memset(sd, 0, sizeof(*sd));
	if (v->artifacts[0] == '\0')
		return;
	snprintf(path, sizeof(path), "%s/fault-trail.txt", v->artifacts);
	text = hx_read_file(path, NULL);
	if (text == NULL)
		return;
	hx_trail_normalize(text, &sd->trail);
	free(text);
	snprintf(path, sizeof(path), "%s/history.txt", v->artifacts);
	text = hx_read_file(path, NULL);
	if (text == NULL)
		return;
	hx_history_normalize(text, &sd->history, &sd->fault_from);
	free(text);
	sd->have = true;
}

static void
side_free(Side *sd)
{
	hx_lines_free(&sd->trail);
	hx_lines_free(&sd->history);
}

/*
 * Compare lists; on a difference print it under `what` and return `kind`
 * (else DIFF_NONE).
 */
static Diff
compare_part(FILE *out, const char *what, const HxLines *a, const HxLines *b, Diff kind,
			 const char *why)
{
	int			at = hx_compare_lines(a, b);

	if (at < 0)
		return DIFF_NONE;
	fprintf(out, "    %s: %s differs%s%s\n", kind == DIFF_REAL ? "MISMATCH" : "timing-dependent",
			what, why ? " " : "", why ? why : "");
	print_pair(out, what, at, a, b);
	return kind;
}

/* Compare one item's two runs; print what differs; the worst difference. */
static Diff
compare_item(FILE *out, const HxMatrixItem *it, const HxMatrixResult *ra, const HxMatrixResult *rb,
			 const HxCatalog *catalog, int *firings, int *txns)
{
	const HxCatalogPoint *pt = item_point(it, catalog);
	bool		shared = pt != NULL && hx_point_timer_shared(pt->processes);
	Side		a,
				b;
	HxLines		pa = {0},
				pb = {0};
	Diff		worst = DIFF_NONE,
				d;
	bool		timer_fired;
	char		why[256];

	side_load(&a, &ra->verdict);
	side_load(&b, &rb->verdict);
	if (!a.have || !b.have)
	{
		fprintf(out, "    MISMATCH: no records kept for run %s (artifacts \"%s\")\n",
				!a.have ? "a" : "b", !a.have ? ra->verdict.artifacts : rb->verdict.artifacts);
		side_free(&a);
		side_free(&b);
		return DIFF_REAL;
	}
	*firings = a.trail.n;
	*txns = a.history.n;
	if (shared)
		snprintf(why, sizeof(why), "(the point is also reached by: %s)", pt->processes);
	else
		why[0] = '\0';

	/* 1. the warm-up: nothing is armed yet, it must be identical */
	slice(&a.history, 0, a.fault_from, &pa);
	slice(&b.history, 0, b.fault_from, &pb);
	d = compare_part(out, "warm-up history", &pa, &pb, DIFF_REAL, NULL);
	worst = d > worst ? d : worst;
	hx_lines_free(&pa);
	hx_lines_free(&pb);

	/* 2. firings of timer-driven processes */
	split_roles(&a.trail, true, &pa);
	split_roles(&b.trail, true, &pb);
	timer_fired = pa.n > 0 || pb.n > 0;
	d = compare_part(out, "trail of timer-driven processes", &pa, &pb, DIFF_TIMING,
					 "(they act on their own timers)");
	worst = d > worst ? d : worst;
	hx_lines_free(&pa);
	hx_lines_free(&pb);
	if (timer_fired && why[0] == '\0')
		snprintf(why, sizeof(why), "(the fault fired in a timer-driven process)");

	/* 3. firings of the others */
	split_roles(&a.trail, false, &pa);
	split_roles(&b.trail, false, &pb);
	d = compare_part(out, "trail", &pa, &pb, shared ? DIFF_TIMING : DIFF_REAL, shared ? why : NULL);
	worst = d > worst ? d : worst;
	hx_lines_free(&pa);
	hx_lines_free(&pb);

	/* 4. from arming to the fault */
	slice(&a.history, a.fault_from, a.history.n, &pa);
	slice(&b.history, b.fault_from, b.history.n, &pb);
	d = compare_part(out, "fault-phase history", &pa, &pb,
					 shared || timer_fired ? DIFF_TIMING : DIFF_REAL, why[0] ? why : NULL);
	worst = d > worst ? d : worst;
	hx_lines_free(&pa);
	hx_lines_free(&pb);

	/* 5. the verdict */
	if (ra->status != rb->status || !hx_checks_same(&ra->verdict.failures, &rb->verdict.failures))
	{
		char		na[512],
					nb[512];
		Diff		k = shared || timer_fired ? DIFF_TIMING : DIFF_REAL;

		outcome_text(&ra->verdict, na, sizeof(na));
		outcome_text(&rb->verdict, nb, sizeof(nb));
		fprintf(out, "    %s: verdict differs%s%s\n      run a: %s %s\n      run b: %s %s\n",
				k == DIFF_REAL ? "MISMATCH" : "timing-dependent", why[0] ? " " : "", why,
				hx_matrix_status_name(ra->status), na, hx_matrix_status_name(rb->status), nb);
		worst = k > worst ? k : worst;
	}
	side_free(&a);
	side_free(&b);
	return worst;
}

static void
run_side(const HxMatrixList *sample, const HxRunOptions *base, const char *sub, int jobs,
		 HxMatrixResult *results)
{
	HxRunOptions *o = malloc(sizeof(HxRunOptions));
	HxMatrixRun run;
	HxMatrixRunOptions mo;

	if (o == NULL)
		abort();
	*o = *base;
	o->keep_records = true;
	snprintf(o->artifacts_dir, sizeof(o->artifacts_dir), "%s/%s", base->artifacts_dir, sub);
	if (mkdir(o->artifacts_dir, 0755) != 0 && errno != EEXIST)
		fprintf(stderr, "crashmatrix: could not create %s: %s\n", o->artifacts_dir, strerror(errno));
	memset(&run, 0, sizeof(run));
	run.list = sample;
	run.results = results;
	run.shard_i = run.shard_n = 1;
	memset(&mo, 0, sizeof(mo));
	mo.run = o;
	mo.jobs = jobs;
	fprintf(stderr, "determinism: run %s, %d items, records under %s\n", sub, sample->n,
			o->artifacts_dir);
	hx_matrix_run(&run, &mo);
	free(o);
}

int
hx_determinism(const HxMatrixList *sample, const HxCatalog *catalog, const HxRunOptions *o,
			   int jobs, FILE *out)
{
	HxMatrixResult *ra = calloc((size_t) (sample->n ? sample->n : 1), sizeof(HxMatrixResult));
	HxMatrixResult *rb = calloc((size_t) (sample->n ? sample->n : 1), sizeof(HxMatrixResult));
	int			n_same = 0,
				n_timing = 0,
				n_real = 0;
	double		t0 = hx_clock_ms();

	if (ra == NULL || rb == NULL)
		abort();
	run_side(sample, o, "a", jobs, ra);
	run_side(sample, o, "b", jobs, rb);

	fprintf(out, "\n");
	for (int k = 0; k < sample->n; k++)
	{
		const HxMatrixItem *it = &sample->items[k];
		int			firings = 0,
					txns = 0;
		Diff		d;

		fprintf(out, "[%d/%d] %s seed=%" PRIu64 " (%s)\n", k + 1, sample->n, it->name, it->seed,
				hx_matrix_status_name(ra[k].status));
		d = compare_item(out, it, &ra[k], &rb[k], catalog, &firings, &txns);
		if (d == DIFF_NONE)
		{
			fprintf(out, "    identical: %d trail line%s, %d transaction%s up to the fault\n", firings,
					firings == 1 ? "" : "s", txns, txns == 1 ? "" : "s");
			n_same++;
		}
		else if (d == DIFF_TIMING)
			n_timing++;
		else
			n_real++;
	}
	fprintf(out, "\ndeterminism: %d items run twice in %.0f s: %d identical, %d with "
			"timing-dependent differences only, %d MISMATCH%s\n", sample->n,
			(hx_clock_ms() - t0) / 1000.0, n_same, n_timing, n_real, n_real == 1 ? "" : "ES");
	fprintf(out, "  records: %s/a and %s/b\n", o->artifacts_dir, o->artifacts_dir);
	free(ra);
	free(rb);
	return n_real;
}
