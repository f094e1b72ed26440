/*-------------------------------------------------------------------------
 * matrix.h
 *	  The crash matrix: every catalogued fault point times the crash and
 *	  error actions, plus process kills, immediate stops, power cuts and
 *	  scribbles over shared structures, times workloads and seeds; split
 *	  into shards; run with a progress line.
 *
 * Role: `crashmatrix matrix` builds the list here (a pure function of the
 * catalog text and the spec, so it has unit tests: test_matrix.c), keeps
 * the shard it was asked for, runs each item through hx_scenario_run
 * (runner.h) in a forked child, and hands the results to report.h.
 *
 * Invariants:
 *	- The list is deterministic: catalog order, then for each point the
 *	  actions crash, error (at a point only recovery reaches, as the
 *	  second fault of a compound scenario: compound.h); then the fixed
 *	  extra scenarios (kills, immediate, power cuts, scribbles, ENOSPC,
 *	  short writes, a full disk, torn writes).  Within a scenario, workloads
 *	  in --workloads order, then seeds base, base+1, ...  Runnable items
 *	  come first, then the items skipped by design (one per scenario).
 *	- An item is one (scenario, workload, seed); item k (0-based, in list
 *	  order) belongs to shard (k mod N) + 1, so N shards partition the
 *	  list exactly and every shard gets a slice of every part of it.
 *	- Skipped by design (never run, listed in the report with a reason):
 *	  points reached only by standalone processes; a crash or an ERROR in
 *	  the postmaster at a point it also passes in normal operation (its
 *	  expected outcome, that it exits, the runner does not judge for a
 *	  first fault yet); and kill/startup (no startup process runs while a
 *	  workload does).
 *	- A run item whose fault never fired ("not reached" in the verdict's
 *	  summary) is skipped, not failed.
 *	- Each item runs in its own child process, so a harness crash costs
 *	  one item (reported as the failure "harness/crashed"), not the run.
 *
 * Entry points: hx_catalog_parse, hx_matrix_build, hx_matrix_shard,
 * hx_shard_parse, hx_matrix_run, hx_matrix_status_name.
 *
 * See also: report.h (JUnit XML and the HTML report), crashmatrix.c (the
 * command line), docs/fault-points.md (the catalog).
 *-------------------------------------------------------------------------
 */
#ifndef HX_MATRIX_H
#define HX_MATRIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runner.h"

#define HX_MATRIX_MAX_WORKLOADS	3

/* One line of `minipg_faults catalog`: name, kind, processes. */
typedef struct HxCatalogPoint
{
	char		name[96];
	bool		io;				/* kind "io" (else "step") */
	char		processes[160];	/* space-separated, as printed */
} HxCatalogPoint;

typedef struct HxCatalog
{
	HxCatalogPoint *points;
	int			n;
} HxCatalog;

/*
 * Parse the catalog's text output: one point per line, "NAME KIND
 * PROCESS...", blank lines and #-comments ignored.  False, with the line
 * number in err, on a malformed line or an empty catalog.
 */
bool		hx_catalog_parse(const char *text, HxCatalog *out, char *err, size_t errlen);
void		hx_catalog_free(HxCatalog *c);

typedef enum HxMatrixMode
{
	HX_MATRIX_QUICK,			/* one workload per scenario, rotating */
	HX_MATRIX_FULL,				/* every workload for every scenario */
} HxMatrixMode;

typedef struct HxMatrixSpec
{
	HxMatrixMode mode;
	int			seeds;			/* seeds per (scenario, workload); 0: 1 quick, 5 full */
	uint64_t	seed_base;		/* seeds are seed_base + j */
	const char *workloads[HX_MATRIX_MAX_WORKLOADS];	/* names, in order */
	int			n_workloads;	/* 0: bank, ledger, mix */
	/*
	 * HX_TARGET_POSTGRES: the PostgreSQL reference set instead
	 * (pg_faults.h): kills, immediate, libfiu's POSIX failures; every
	 * catalogued point is skipped by design there.
	 */
	HxTarget	target;
} HxMatrixSpec;

typedef struct HxMatrixItem
{
	int			index;			/* k in the whole list (before sharding) */
	int			scenario;		/* which scenario (0-based, list order) */
	char		fault[128];		/* FAULT[/POINT]: "crash/xact/commit/after-wal-flush" */
	char		name[160];		/* WORKLOAD/FAULT[/POINT]; = fault when by design */
	const char *workload;		/* "bank", ...; NULL when skipped by design */
	uint64_t	seed;			/* 0 when skipped by design */
	/* Where the report's grid shows it. */
	char		row[96];		/* the fault point, or "kill/backend", "immediate" */
	char		column[32];		/* crash, error, powerloss, corrupt-proc, kill/stop */
	int			row_order;		/* catalog index; extra rows after the catalog */
	char		skip_reason[256];	/* non-empty: skipped by design, never run */
} HxMatrixItem;

typedef struct HxMatrixList
{
	HxMatrixItem *items;
	int			n;
	int			n_scenarios;	/* distinct scenarios, runnable and by design */
} HxMatrixList;

/*
 * The whole list for `spec` over `catalog` (see the invariants above).
 * False with a message on an unknown workload or a bad spec.
 */
bool		hx_matrix_build(const HxMatrixSpec *spec, const HxCatalog *catalog,
							HxMatrixList *out, char *err, size_t errlen);
/* "i/N" with 1 <= i <= N; false otherwise. */
bool		hx_shard_parse(const char *text, int *i, int *n);
/* The items of shard i of n (1-based), in list order (copies). */
void		hx_matrix_shard(const HxMatrixList *all, int i, int n, HxMatrixList *out);
void		hx_matrix_list_free(HxMatrixList *l);

typedef enum HxItemStatus
{
	HX_ITEM_PENDING,			/* not run (yet) */
	HX_ITEM_PASS,
	HX_ITEM_FAIL,
	HX_ITEM_NOT_REACHED,		/* ran; the workload never hit the point */
	HX_ITEM_BY_DESIGN,			/* never run: skip_reason says why */
} HxItemStatus;

const char *hx_matrix_status_name(HxItemStatus s);	/* "PASS", "FAIL", ... */

typedef struct HxMatrixResult
{
	HxItemStatus status;
	HxVerdict	verdict;		/* valid for PASS, FAIL, NOT_REACHED */
} HxMatrixResult;

/* What a run (or a shard of one) did; what report.h writes out. */
typedef struct HxMatrixRun
{
	const HxMatrixList *list;	/* the shard's items */
	HxMatrixResult *results;	/* parallel to list->items */
	HxMatrixMode mode;
	int			shard_i,
				shard_n;		/* 1/1 when not sharded */
	uint64_t	seed_first,
				seed_last;
	char		workloads[64];	/* "bank,ledger,mix" */
	char		bindir[HX_PATH_LEN];
	char		command[1024];	/* the command line, for the report */
	char		started[32];	/* UTC, ISO 8601 */
	double		elapsed_ms;
	/* Counts over list->items. */
	int			n_run;			/* items that are not by design */
	int			n_done;			/* of those, finished */
	int			n_pass,
				n_fail,
				n_not_reached,
				n_by_design;
} HxMatrixRun;

/* Scenarios finished per minute so far (0 before the first). */
double		hx_matrix_rate_per_min(const HxMatrixRun *run);

typedef struct HxMatrixRunOptions
{
	const HxRunOptions *run;	/* per-scenario options (runner.h) */
	int			jobs;			/* scenarios at once (>= 1) */
	/* Called after each item finishes (reports in progress), may be NULL. */
	void		(*on_item) (const HxMatrixRun *run, int item, void *arg);
	void	   *arg;
} HxMatrixRunOptions;

/*
 * Run every item of run->list that is not by design, `jobs` at a time,
 * each in a forked child; fill run->results and the counts, and print the
 * progress line on stderr (rewritten in place on a terminal, one line per
 * item otherwise).  run->list, mode, shard and seeds must be set.
 */
void		hx_matrix_run(HxMatrixRun *run, const HxMatrixRunOptions *o);

/* "3m12s", "48s", "1h02m" */
void		hx_format_duration(double ms, char *buf, size_t len);

#endif							/* HX_MATRIX_H */
