/*-------------------------------------------------------------------------
 * matrix.c
 *	  The crash matrix: the scenario list from the fault-point catalog,
 *	  shards of it, and running a shard with a progress line (matrix.h
 *	  states the list's order and the rules for what is skipped).
 *
 * Invariants:
 *	- Building the list reads nothing but its arguments: the same catalog
 *	  text and spec give the same list, item for item, on any machine.
 *	- Items run in forked children that report one HxVerdict over a pipe
 *	  (close-on-exec, so a server a child starts never holds it open);
 *	  the parent touches no cluster and keeps no state a child could
 *	  corrupt.  A child that dies before reporting is a failure.
 *	- Results are stored by item, so the reports follow list order
 *	  whatever order items finish in.
 *
 * Entry points: hx_catalog_parse, hx_catalog_free, hx_matrix_build,
 * hx_matrix_shard, hx_shard_parse, hx_matrix_list_free, hx_matrix_run,
 * hx_matrix_rate_per_min, hx_matrix_status_name, hx_format_duration.
 *-------------------------------------------------------------------------
 */
#include "matrix.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "compound.h"
#include "pg_faults.h"
#include "lib/hx_util.h"

static void *
xcalloc(size_t n, size_t size)
{
	void	   *p = calloc(n == 0 ? 1 : n, size);

	if (p == NULL)
	{
		fprintf(stderr, "crashmatrix: out of memory\n");
		abort();
	}
	return p;
}

/*-------------------------------------------------------------------------
 * The catalog
 *-------------------------------------------------------------------------
 */

bool
hx_catalog_parse(const char *text, HxCatalog *out, char *err, size_t errlen)
{
	int			cap = 16;
	int			lineno = 0;
	const char *p = text;

	out->n = 0;
	out->points = xcalloc((size_t) cap, sizeof(HxCatalogPoint));
	while (*p != '\0')
	{
		const char *eol = strchr(p, '\n');
		size_t		len = eol ? (size_t) (eol - p) : strlen(p);
		char		line[512];
		char	   *save = NULL;
		char	   *name,
				   *kind,
				   *proc;
		HxCatalogPoint *pt;

		lineno++;
		if (len >= sizeof(line))
		{
			snprintf(err, errlen, "catalog line %d is too long", lineno);
			goto bad;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		p += len + (eol ? 1 : 0);

		name = strtok_r(line, " \t\r", &save);
		if (name == NULL || name[0] == '#')
			continue;
		kind = strtok_r(NULL, " \t\r", &save);
		if (kind == NULL || (strcmp(kind, "io") != 0 && strcmp(kind, "step") != 0))
		{
			snprintf(err, errlen, "catalog line %d: \"%s\" is not NAME io|step PROCESS...",
					 lineno, name);
			goto bad;
		}
		if (strlen(name) >= sizeof(pt->name))
		{
			snprintf(err, errlen, "catalog line %d: point name too long", lineno);
			goto bad;
		}
		if (out->n == cap)
		{
			HxCatalogPoint *bigger = xcalloc((size_t) cap * 2, sizeof(HxCatalogPoint));

			memcpy(bigger, out->points, (size_t) cap * sizeof(HxCatalogPoint));
			free(out->points);
			out->points = bigger;
			cap *= 2;
		}
		pt = &out->points[out->n];
		snprintf(pt->name, sizeof(pt->name), "%s", name);
		pt->io = strcmp(kind, "io") == 0;
		pt->processes[0] = '\0';
		while ((proc = strtok_r(NULL, " \t\r", &save)) != NULL)
		{
			size_t		used = strlen(pt->processes);

			snprintf(pt->processes + used, sizeof(pt->processes) - used, "%s%s",
					 used ? " " : "", proc);
		}
		if (pt->processes[0] == '\0')
		{
			snprintf(err, errlen, "catalog line %d: point \"%s\" lists no process", lineno, name);
			goto bad;
		}
		out->n++;
	}
	if (out->n == 0)
	{
		snprintf(err, errlen, "the catalog lists no fault point");
		goto bad;
	}
	return true;

bad:
	hx_catalog_free(out);
	return false;
}

void
hx_catalog_free(HxCatalog *c)
{
	free(c->points);
	c->points = NULL;
	c->n = 0;
}

/*
 * Is `only` the one server process type that reaches the point?  ("any"
 * reaches every type; "standalone" is no server process.)
 */
static bool
only_server_process(const HxCatalogPoint *p, const char *only)
{
	char		buf[sizeof(p->processes)];
	char	   *save = NULL;
	bool		seen = false;

	snprintf(buf, sizeof(buf), "%s", p->processes);
	for (char *w = strtok_r(buf, " ", &save); w != NULL; w = strtok_r(NULL, " ", &save))
	{
		if (strcmp(w, "standalone") == 0)
			continue;
		if (only == NULL || strcmp(w, only) != 0)
			return false;
		seen = true;
	}
	return only == NULL ? true : seen;
}

/*
 * Why a point is skipped by design (for both actions), or NULL if it runs.  The
 * rules are matrix.h's; each reason says what would happen instead.
 */
static const char *
by_design_reason(const HxCatalogPoint *p)
{
	if (only_server_process(p, NULL))
		return "reached only by standalone processes (bootstrap, tools, unit tests), "
			"never in a running server";
	/*
	 * A point only recovery reaches runs as a compound scenario
	 * (compound.h) and never comes here; a startup-only point missing from
	 * compound.c's list would, and cannot run as a first fault.  The
	 * postmaster's own points run: a crash there, or an ERROR at a step
	 * (FATAL in the postmaster), ends it, and the runner checks that its
	 * children follow and that a restart recovers (runner.c,
	 * fault_ends_postmaster).
	 */
	if (strcmp(p->name, "stats/file/before-write") == 0)
		return "reached only at a clean shutdown, after the shutdown checkpoint (t060 checks "
			"the statistics file's life)";
	if (strcmp(p->name, "stats/collector/before-read-file") == 0)
		return "reached only when a stats collector starts, as the server opens; a death there "
			"is one more crash reset just after the server said it is ready, which a compound "
			"scenario cannot tell from the first (kill/stats-collector covers the collector's "
			"death)";
	if (only_server_process(p, "startup"))
		return "reached only by the startup process, which has finished before the fault is "
			"armed, and not a second fault compound.c knows";
	if (only_server_process(p, "logger"))
		return "the logger is forked before shared memory exists, so policies attached by SQL "
			"never reach it (pg_faults/policy.conf does: engine/test/t063_logger.py); its death "
			"runs as kill/logger";
	return NULL;
}

/*-------------------------------------------------------------------------
 * The list
 *-------------------------------------------------------------------------
 */

/* The scenarios that are not one action at every point. */
static const struct
{
	const char *fault;			/* FAULT[/POINT] */
	const char *point;			/* the point it needs in the catalog, or NULL */
	const char *column;
	const char *by_design;		/* never run: why */
}			extra_scenarios[] = {
	{"kill/backend", NULL, "kill/stop", NULL},
	{"kill/checkpointer", NULL, "kill/stop", NULL},
	{"kill/bgwriter", NULL, "kill/stop", NULL},
	{"kill/walwriter", NULL, "kill/stop", NULL},
	{"kill/startup", NULL, "kill/stop",
	"the startup process runs only during startup and recovery: there is none to kill while "
	"the workload runs"},
	{"kill/autovacuum-launcher", NULL, "kill/stop", NULL},
	{"kill/autovacuum-worker", NULL, "kill/stop", NULL},
	{"kill/stats-collector", NULL, "kill/stop", NULL},
	{"kill/archiver", NULL, "kill/stop", NULL},
	{"kill/logger", NULL, "kill/stop", NULL},
	{"kill/postmaster", NULL, "kill/stop", NULL},
	{"immediate", NULL, "kill/stop", NULL},
	{"powerloss/xact/commit/before-wal-insert", "xact/commit/before-wal-insert", "powerloss", NULL},
	{"powerloss/wal/flush/after-fsync", "wal/flush/after-fsync", "powerloss", NULL},
	{"corrupt-buffer-page/xact/commit/after-wal-insert", "xact/commit/after-wal-insert",
	"corrupt-buffer-page", NULL},
	{"corrupt-buffer-desc/xact/commit/after-wal-insert", "xact/commit/after-wal-insert",
	"corrupt-buffer-desc", NULL},
	{"corrupt-proc/xact/commit/after-wal-insert", "xact/commit/after-wal-insert",
	"corrupt-proc", NULL},
	{"corrupt-lock/xact/commit/after-wal-insert", "xact/commit/after-wal-insert",
	"corrupt-lock", NULL},
	{"corrupt-wal-buffers/xact/commit/after-wal-insert", "xact/commit/after-wal-insert",
	"corrupt-wal-buffers", NULL},
	/* the I/O flavours at the file layer's write points (runner.h) */
	{"enospc/storage/file/extend", "storage/file/extend", "enospc", NULL},
	{"enospc/storage/file/write", "storage/file/write", "enospc", NULL},
	{"short/storage/file/extend", "storage/file/extend", "short", NULL},
	{"short/storage/file/write", "storage/file/write", "short", NULL},
	{"diskfull/storage/file/extend", "storage/file/extend", "diskfull", NULL},
	{"diskfull/storage/file/write", "storage/file/write", "diskfull", NULL},
	{"torn/storage/file/write", "storage/file/write", "torn", NULL},
	{"torn/xact/commit/before-wal-insert", "xact/commit/before-wal-insert", "torn", NULL},
};

/*
 * A point only recovery reaches (compound.h) runs as the second fault of a
 * compound scenario: after a backend kill, or (for the startup process's
 * errors) after a postmaster kill, so the policy file path runs too.
 */
static void
compound_fault(const HxCatalogPoint *p, const char *action, char *buf, size_t len)
{
	char		proc[16] = "";
	const char *first = "kill/backend";

	(void) hx_second_fault_point_ok(p->name, proc, sizeof(proc), NULL, NULL);
	if (strcmp(proc, "startup") == 0 && strcmp(action, "error") == 0)
		first = "kill/postmaster";
	snprintf(buf, len, "%s+%s/%s", first, action, p->name);
}

static const char *const point_actions[] = {"crash", "error"};

/* A scenario before it is expanded over workloads and seeds. */
typedef struct Scenario
{
	char		fault[128];
	char		row[96];
	char		column[32];
	int			row_order;
	char		reason[256];	/* "" if it runs */
} Scenario;

typedef struct ScenarioList
{
	Scenario   *s;
	int			n;
	int			cap;
} ScenarioList;

static Scenario *
scenario_add(ScenarioList *l)
{
	if (l->n == l->cap)
	{
		int			cap = l->cap ? l->cap * 2 : 64;
		Scenario   *bigger = xcalloc((size_t) cap, sizeof(Scenario));

		if (l->n > 0)
			memcpy(bigger, l->s, (size_t) l->n * sizeof(Scenario));
		free(l->s);
		l->s = bigger;
		l->cap = cap;
	}
	return &l->s[l->n++];
}

static int
catalog_find(const HxCatalog *c, const char *name)
{
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->points[i].name, name) == 0)
			return i;
	return -1;
}

/* Every scenario, runnable or not, in list order (before the split). */
static void
collect_scenarios(const HxCatalog *catalog, ScenarioList *all)
{
	for (int i = 0; i < catalog->n; i++)
	{
		const HxCatalogPoint *p = &catalog->points[i];

		for (size_t a = 0; a < sizeof(point_actions) / sizeof(point_actions[0]); a++)
		{
			Scenario   *s = scenario_add(all);
			bool		compound = hx_second_fault_point_ok(p->name, NULL, 0, NULL, NULL);
			const char *why = compound ? NULL : by_design_reason(p);

			if (compound)
				compound_fault(p, point_actions[a], s->fault, sizeof(s->fault));
			else
				snprintf(s->fault, sizeof(s->fault), "%s/%s", point_actions[a], p->name);
			snprintf(s->row, sizeof(s->row), "%s", p->name);
			snprintf(s->column, sizeof(s->column), "%s", point_actions[a]);
			s->row_order = i;
			snprintf(s->reason, sizeof(s->reason), "%s", why ? why : "");
		}
	}
	for (size_t e = 0; e < sizeof(extra_scenarios) / sizeof(extra_scenarios[0]); e++)
	{
		Scenario   *s = scenario_add(all);
		int			at = extra_scenarios[e].point ? catalog_find(catalog, extra_scenarios[e].point) : -1;

		snprintf(s->fault, sizeof(s->fault), "%s", extra_scenarios[e].fault);
		snprintf(s->column, sizeof(s->column), "%s", extra_scenarios[e].column);
		if (extra_scenarios[e].point != NULL)
		{
			snprintf(s->row, sizeof(s->row), "%s", extra_scenarios[e].point);
			s->row_order = at >= 0 ? at : catalog->n;
		}
		else
		{
			snprintf(s->row, sizeof(s->row), "%s", extra_scenarios[e].fault);
			s->row_order = catalog->n + 1 + (int) e;
		}
		if (extra_scenarios[e].by_design != NULL)
			snprintf(s->reason, sizeof(s->reason), "%s", extra_scenarios[e].by_design);
		else if (extra_scenarios[e].point != NULL && at < 0)
			snprintf(s->reason, sizeof(s->reason),
					 "the fault point %s is not in this build's catalog", extra_scenarios[e].point);
	}
}

/*
 * The PostgreSQL reference (pg_faults.h): its black-box scenarios in their
 * order, then every catalogued point, skipped by design.
 */
static void
collect_pg_scenarios(const HxCatalog *catalog, ScenarioList *all)
{
	int			n;
	const PgReferenceScenario *ref = pg_reference_scenarios(&n);

	for (int e = 0; e < n; e++)
	{
		Scenario   *s = scenario_add(all);
		const char *point = strcmp(ref[e].column, "kill/stop") != 0 ?
			strchr(ref[e].fault, '/') + 1 : NULL;	/* ACTION/POINT: the point's row */

		snprintf(s->fault, sizeof(s->fault), "%s", ref[e].fault);
		snprintf(s->row, sizeof(s->row), "%s", point ? point : ref[e].fault);
		snprintf(s->column, sizeof(s->column), "%s", ref[e].column);
		s->row_order = catalog->n + 1 + e;
		snprintf(s->reason, sizeof(s->reason), "%s", ref[e].by_design ? ref[e].by_design : "");
	}
	for (int i = 0; i < catalog->n; i++)
		for (size_t a = 0; a < sizeof(point_actions) / sizeof(point_actions[0]); a++)
		{
			Scenario   *s = scenario_add(all);

			snprintf(s->fault, sizeof(s->fault), "%s/%s", point_actions[a], catalog->points[i].name);
			snprintf(s->row, sizeof(s->row), "%s", catalog->points[i].name);
			snprintf(s->column, sizeof(s->column), "%s", point_actions[a]);
			s->row_order = i;
			snprintf(s->reason, sizeof(s->reason), "minipg fault points do not exist in PostgreSQL");
		}
}

bool
hx_matrix_build(const HxMatrixSpec *spec, const HxCatalog *catalog, HxMatrixList *out,
				char *err, size_t errlen)
{
	static const char *const default_workloads[] = {"bank", "ledger", "mix"};
	const char *wl[HX_MATRIX_MAX_WORKLOADS];
	int			nwl = spec->n_workloads;
	int			seeds = spec->seeds > 0 ? spec->seeds : (spec->mode == HX_MATRIX_QUICK ? 1 : 5);
	ScenarioList all = {0};
	int			n_runnable = 0;
	int			cap,
				scen_index = 0;

	memset(out, 0, sizeof(*out));
	if (nwl <= 0)
		nwl = 3;
	if (nwl > HX_MATRIX_MAX_WORKLOADS)
	{
		snprintf(err, errlen, "at most %d workloads", HX_MATRIX_MAX_WORKLOADS);
		return false;
	}
	for (int w = 0; w < nwl; w++)
	{
		const HxWorkloadOps *ops =
			hx_workload_find(spec->n_workloads > 0 ? spec->workloads[w] : default_workloads[w]);

		if (ops == NULL)
		{
			snprintf(err, errlen, "unknown workload \"%s\" (bank, ledger, mix)",
					 spec->workloads[w] ? spec->workloads[w] : "");
			return false;
		}
		wl[w] = ops->name;		/* static, outlives the list */
		for (int v = 0; v < w; v++)
			if (wl[v] == wl[w])
			{
				snprintf(err, errlen, "workload \"%s\" given twice", wl[w]);
				return false;
			}
	}

	if (spec->target == HX_TARGET_POSTGRES)
		collect_pg_scenarios(catalog, &all);
	else
		collect_scenarios(catalog, &all);
	for (int i = 0; i < all.n; i++)
		if (all.s[i].reason[0] == '\0')
			n_runnable++;
	cap = n_runnable * (spec->mode == HX_MATRIX_QUICK ? 1 : nwl) * seeds + (all.n - n_runnable);
	out->items = xcalloc((size_t) cap, sizeof(HxMatrixItem));

	/* Runnable scenarios first, expanded; then those skipped by design. */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < all.n; i++)
		{
			const Scenario *s = &all.s[i];
			bool		runnable = s->reason[0] == '\0';
			int			w_first,
						w_count;

			if (runnable != (pass == 0))
				continue;
			if (!runnable)
			{
				HxMatrixItem *it = &out->items[out->n];

				it->index = out->n++;
				it->scenario = scen_index++;
				snprintf(it->fault, sizeof(it->fault), "%s", s->fault);
				snprintf(it->name, sizeof(it->name), "%s", s->fault);
				snprintf(it->row, sizeof(it->row), "%s", s->row);
				snprintf(it->column, sizeof(it->column), "%s", s->column);
				it->row_order = s->row_order;
				snprintf(it->skip_reason, sizeof(it->skip_reason), "%s", s->reason);
				continue;
			}
			/* quick: one workload, rotating by the scenario's index */
			w_first = spec->mode == HX_MATRIX_QUICK ? scen_index % nwl : 0;
			w_count = spec->mode == HX_MATRIX_QUICK ? 1 : nwl;
			for (int w = w_first; w < w_first + w_count; w++)
				for (int j = 0; j < seeds; j++)
				{
					HxMatrixItem *it = &out->items[out->n];
					HxScenario	parsed;
					char		perr[256];
					int			len;

					it->index = out->n++;
					it->scenario = scen_index;
					it->workload = wl[w];
					it->seed = spec->seed_base + (uint64_t) j;
					snprintf(it->fault, sizeof(it->fault), "%s", s->fault);
					len = snprintf(it->name, sizeof(it->name), "%s/%s", wl[w], s->fault);
					snprintf(it->row, sizeof(it->row), "%s", s->row);
					snprintf(it->column, sizeof(it->column), "%s", s->column);
					it->row_order = s->row_order;
					if (len < 0 || (size_t) len >= sizeof(it->name) ||
						!hx_scenario_parse(it->name, &parsed, perr, sizeof(perr)))
					{
						snprintf(err, errlen, "scenario \"%s/%s\" does not parse: %s", wl[w],
								 s->fault, len >= 0 && (size_t) len < sizeof(it->name) ? perr : "too long");
						free(all.s);
						hx_matrix_list_free(out);
						return false;
					}
				}
			scen_index++;
		}
	out->n_scenarios = all.n;
	free(all.s);
	return true;
}

bool
hx_shard_parse(const char *text, int *i, int *n)
{
	char	   *end;
	long		a,
				b;

	if (text == NULL || !isdigit((unsigned char) text[0]))
		return false;
	a = strtol(text, &end, 10);
	if (*end != '/' || !isdigit((unsigned char) end[1]))
		return false;
	b = strtol(end + 1, &end, 10);
	if (*end != '\0' || b < 1 || b > 100000 || a < 1 || a > b)
		return false;
	*i = (int) a;
	*n = (int) b;
	return true;
}

void
hx_matrix_shard(const HxMatrixList *all, int i, int n, HxMatrixList *out)
{
	memset(out, 0, sizeof(*out));
	out->items = xcalloc((size_t) all->n, sizeof(HxMatrixItem));
	out->n_scenarios = all->n_scenarios;
	for (int k = 0; k < all->n; k++)
		if (k % n + 1 == i)
			out->items[out->n++] = all->items[k];
}

void
hx_matrix_list_free(HxMatrixList *l)
{
	free(l->items);
	memset(l, 0, sizeof(*l));
}

const char *
hx_matrix_status_name(HxItemStatus s)
{
	switch (s)
	{
		case HX_ITEM_PENDING:
			return "PENDING";
		case HX_ITEM_PASS:
			return "PASS";
		case HX_ITEM_FAIL:
			return "FAIL";
		case HX_ITEM_NOT_REACHED:
			return "SKIP";
		case HX_ITEM_BY_DESIGN:
			return "SKIP-BY-DESIGN";
	}
	return "?";
}

void
hx_format_duration(double ms, char *buf, size_t len)
{
	long		s = (long) (ms / 1000.0 + 0.5);

	if (s < 0)
		s = 0;
	if (s >= 3600)
		snprintf(buf, len, "%ldh%02ldm", s / 3600, s % 3600 / 60);
	else if (s >= 60)
		snprintf(buf, len, "%ldm%02lds", s / 60, s % 60);
	else
		snprintf(buf, len, "%lds", s);
}

/*-------------------------------------------------------------------------
 * Running
 *-------------------------------------------------------------------------
 */


double
hx_matrix_rate_per_min(const HxMatrixRun *run)
{
	if (run->n_done == 0 || run->elapsed_ms <= 0)
		return 0;
	return run->n_done / (run->elapsed_ms / 60000.0);
}

typedef struct Worker
{
	pid_t		pid;			/* 0: free */
	int			fd;
	int			item;
	double		started_ms;
	HxVerdict  *v;
	size_t		got;
} Worker;

/* In the child: run the item, write its verdict, exit (never returns). */
static void
child_run(const HxMatrixItem *it, const HxRunOptions *o, int fd)
{
	HxScenario	s;
	HxVerdict  *v = xcalloc(1, sizeof(HxVerdict));
	char		err[256];
	const char *p = (const char *) v;
	size_t		left = sizeof(*v);

	if (!hx_scenario_parse(it->name, &s, err, sizeof(err)))
	{
		hx_check_fail(&v->failures, "harness/scenario", "%s", err);
		v->passed = false;
	}
	else
		hx_scenario_run(&s, it->seed, o, v);
	while (left > 0)
	{
		ssize_t		w = write(fd, p, left);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			_exit(3);
		p += w;
		left -= (size_t) w;
	}
	_exit(0);
}

static bool
worker_start(Worker *w, const HxMatrixList *list, int item, const HxRunOptions *o)
{
	int			fds[2];

	if (pipe2(fds, O_CLOEXEC) != 0)
		return false;
	fflush(NULL);				/* the child must not flush our buffers again */
	w->pid = fork();
	if (w->pid < 0)
	{
		close(fds[0]);
		close(fds[1]);
		w->pid = 0;
		return false;
	}
	if (w->pid == 0)
	{
		close(fds[0]);
		child_run(&list->items[item], o, fds[1]);
	}
	close(fds[1]);
	w->fd = fds[0];
	w->item = item;
	w->started_ms = hx_clock_ms();
	w->got = 0;
	if (w->v == NULL)
		w->v = xcalloc(1, sizeof(HxVerdict));
	return true;
}

/* A verdict for an item whose child could not run or report. */
static void
harness_failure(HxVerdict *v, const HxMatrixItem *it, const HxRunOptions *o, const char *what)
{
	memset(v, 0, sizeof(*v));
	hx_check_fail(&v->failures, "harness/crashed", "%s", what);
	snprintf(v->repro, sizeof(v->repro), "%s run %s --seed %" PRIu64 "%s", o->self_command,
			 it->name, it->seed, o->repro_args);
	snprintf(v->summary, sizeof(v->summary), "no verdict");
}

static void
classify(HxMatrixRun *run, int item)
{
	HxMatrixResult *r = &run->results[item];

	if (!r->verdict.passed || r->verdict.failures.n > 0)
	{
		r->status = HX_ITEM_FAIL;
		run->n_fail++;
	}
	else if (strncmp(r->verdict.summary, "not reached", 11) == 0)
	{
		r->status = HX_ITEM_NOT_REACHED;
		run->n_not_reached++;
	}
	else
	{
		r->status = HX_ITEM_PASS;
		run->n_pass++;
	}
	run->n_done++;
}

/* The progress line for the item just finished (and its failure, if any). */
static void
progress(const HxMatrixRun *run, int item, double item_ms, bool tty)
{
	const HxMatrixItem *it = &run->list->items[item];
	const HxMatrixResult *r = &run->results[item];
	double		rate = hx_matrix_rate_per_min(run);
	int			width = snprintf(NULL, 0, "%d", run->n_run);
	char		eta[32],
				took[32],
				line[512];

	if (rate > 0)
		hx_format_duration((run->n_run - run->n_done) / rate * 60000.0, eta, sizeof(eta));
	else
		snprintf(eta, sizeof(eta), "?");
	if (item_ms < 10000)
		snprintf(took, sizeof(took), "%.0fms", item_ms);
	else
		snprintf(took, sizeof(took), "%.1fs", item_ms / 1000.0);

	if (tty && r->status == HX_ITEM_FAIL)
	{
		/* a failure stays on screen above the progress line */
		fprintf(stderr, "\r\033[KFAIL %s seed=%" PRIu64 ":", it->name, it->seed);
		for (int i = 0; i < r->verdict.failures.n; i++)
			fprintf(stderr, "%s %s", i ? "," : "", r->verdict.failures.items[i].check);
		fprintf(stderr, "\n");
	}
	snprintf(line, sizeof(line), "[%*d/%d] %d failed, %d skipped, %.1f scenarios/min, ETA %s  %s seed=%"
			 PRIu64 " %s %s", width, run->n_done, run->n_run, run->n_fail, run->n_not_reached,
			 rate, eta, it->name, it->seed, hx_matrix_status_name(r->status), took);
	if (tty)
	{
		/* a line wider than the terminal would wrap, and \r would not erase it */
		struct winsize ws;
		int			cols = ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 ? ws.ws_col : 0;

		fprintf(stderr, "\r\033[K%.*s", cols > 1 ? cols - 1 : (int) sizeof(line), line);
	}
	else
		fprintf(stderr, "%s\n", line);
	fflush(stderr);
}

void
hx_matrix_run(HxMatrixRun *run, const HxMatrixRunOptions *o)
{
	const HxMatrixList *list = run->list;
	int			jobs = o->jobs < 1 ? 1 : o->jobs > 64 ? 64 : o->jobs;	/* pfd[] below */
	Worker	   *workers = xcalloc((size_t) jobs, sizeof(Worker));
	int			next = 0,
				running = 0;
	double		t0 = hx_clock_ms();
	bool		tty = isatty(STDERR_FILENO);

	run->n_run = run->n_done = run->n_pass = run->n_fail = 0;
	run->n_not_reached = run->n_by_design = 0;
	for (int k = 0; k < list->n; k++)
	{
		if (list->items[k].skip_reason[0] != '\0')
		{
			run->results[k].status = HX_ITEM_BY_DESIGN;
			run->n_by_design++;
		}
		else
		{
			run->results[k].status = HX_ITEM_PENDING;
			run->n_run++;
		}
	}

	for (;;)
	{
		struct pollfd pfd[64];
		int			npfd = 0;

		/* fill free workers with the next runnable items */
		for (int w = 0; w < jobs && next < list->n; w++)
		{
			if (workers[w].pid != 0)
				continue;
			while (next < list->n && list->items[next].skip_reason[0] != '\0')
				next++;
			if (next >= list->n)
				break;
			if (!worker_start(&workers[w], list, next, o->run))
			{
				char		what[256];

				snprintf(what, sizeof(what), "could not start the scenario's process: %s",
						 strerror(errno));
				harness_failure(&run->results[next].verdict, &list->items[next], o->run, what);
				classify(run, next);
				run->elapsed_ms = hx_clock_ms() - t0;
				progress(run, next, 0, tty);
				if (o->on_item)
					o->on_item(run, next, o->arg);
				next++;
				w--;			/* try this slot again */
				continue;
			}
			running++;
			next++;
		}
		if (running == 0)
			break;

		for (int w = 0; w < jobs && npfd < 64; w++)
			if (workers[w].pid != 0)
			{
				pfd[npfd].fd = workers[w].fd;
				pfd[npfd].events = POLLIN;
				pfd[npfd].revents = 0;
				npfd++;
			}
		if (poll(pfd, (nfds_t) npfd, -1) < 0)
		{
			if (errno == EINTR)
				continue;
			perror("crashmatrix: poll");
			break;
		}
		for (int w = 0; w < jobs; w++)
		{
			Worker	   *wk = &workers[w];
			ssize_t		n;
			int			status = 0;
			HxMatrixResult *r;

			if (wk->pid == 0)
				continue;
			/* only read a worker poll said is ready */
			{
				bool		ready = false;

				for (int i = 0; i < npfd; i++)
					if (pfd[i].fd == wk->fd && pfd[i].revents != 0)
						ready = true;
				if (!ready)
					continue;
			}
			if (wk->got < sizeof(HxVerdict))
				n = read(wk->fd, (char *) wk->v + wk->got, sizeof(HxVerdict) - wk->got);
			else
			{
				char		extra[64];

				n = read(wk->fd, extra, sizeof(extra));
			}
			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (n > 0)
			{
				if (wk->got < sizeof(HxVerdict))
					wk->got += (size_t) n;
				continue;
			}
			/* EOF (or an error): the child is done */
			close(wk->fd);
			while (waitpid(wk->pid, &status, 0) < 0 && errno == EINTR)
				;
			r = &run->results[wk->item];
			if (wk->got == sizeof(HxVerdict) && WIFEXITED(status) && WEXITSTATUS(status) == 0)
				r->verdict = *wk->v;
			else
			{
				char		what[256];

				if (WIFSIGNALED(status))
					snprintf(what, sizeof(what),
							 "the scenario's process was killed by signal %d (%s) before its verdict",
							 WTERMSIG(status), strsignal(WTERMSIG(status)));
				else
					snprintf(what, sizeof(what),
							 "the scenario's process exited with status %d before its verdict",
							 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
				harness_failure(&r->verdict, &list->items[wk->item], o->run, what);
			}
			classify(run, wk->item);
			run->elapsed_ms = hx_clock_ms() - t0;
			progress(run, wk->item, hx_clock_ms() - wk->started_ms, tty);
			if (o->on_item)
				o->on_item(run, wk->item, o->arg);
			wk->pid = 0;
			running--;
		}
	}
	if (tty && run->n_run > 0)
		fprintf(stderr, "\n");
	run->elapsed_ms = hx_clock_ms() - t0;
	for (int w = 0; w < jobs; w++)
		free(workers[w].v);
	free(workers);
}
