/*-------------------------------------------------------------------------
 * replay.h
 *	  Running scenarios again: `crashmatrix repro` (a kept folder, N
 *	  times), `crashmatrix shrink` (the smallest plan that still fails the
 *	  same way) and `crashmatrix determinism` (a sample of the matrix run
 *	  twice, fault trails and client histories compared).
 *
 * Role: crashmatrix.c parses the command line and builds the options;
 * this module runs scenarios (each in a forked child, so a harness crash
 * costs one run) and judges the results with repro.h's pure functions.
 *
 * "Fails the same way" means the same set of failed check names
 * (hx_checks_same), for repro and shrink alike.
 *
 * The determinism self-check compares, per item, runs A and B:
 *	  warm-up history	the transactions before the fault (client, id,
 *						statements, outcome, SQLSTATE of a server error):
 *						must be identical, always;
 *	  trail				normalized firings and notes (repro.h): those of
 *						backends, the postmaster and the startup process
 *						must be identical, unless the point is also reached
 *						by a timer-driven process; those of timer-driven
 *						processes are timing-dependent;
 *	  fault history		the transactions from arming to the fault, and the
 *	  verdict			(outcome, failed check names): identical unless the
 *						point is shared with, or fired in, a timer-driven
 *						process.
 * A difference in a timing-dependent part is printed as "timing-dependent"
 * with both versions and does not fail the check; any other difference
 * is printed as "MISMATCH" and makes it exit 1.
 *
 * Entry points: hx_run_isolated, hx_repro, hx_shrink_scenario,
 * hx_determinism.
 *
 * See also: repro.h (formats, comparisons, shrink candidates), runner.h
 * (what a run keeps), matrix.h (the items the determinism check samples).
 *-------------------------------------------------------------------------
 */
#ifndef HX_REPLAY_H
#define HX_REPLAY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "matrix.h"
#include "repro.h"
#include "runner.h"

/*
 * hx_scenario_run in a forked child; a child that dies before its verdict
 * gives the failure "harness/crashed".
 */
void		hx_run_isolated(const HxScenario *s, uint64_t seed, const HxRunOptions *o,
							HxVerdict *v);

/*
 * Run rec's scenario `times` times with options o (built from rec by the
 * caller) and report each run and the total on out: "reproduced" or "did
 * not reproduce: now <checks>", and with times > 1 "reproduced R/N".
 * Returns R.
 */
int			hx_repro(const HxRecord *rec, const HxScenario *s, const HxRunOptions *o, int times,
					 FILE *out);

typedef struct HxShrinkLimits
{
	int			max_attempts;	/* candidate runs, the confirmation not counted */
	double		max_ms;			/* stop proposing after this long */
	int			max_passes;		/* passes over the keys */
} HxShrinkLimits;

/*
 * Confirm that (s, seed, o->args.plan) fails, then shrink its plan
 * (repro.h's HxShrink), each candidate run isolated, within the limits;
 * run the smallest plan once more (so its artifacts are the ones kept)
 * and print it with its repro command.  Returns 0 when the smallest plan
 * failed the same way again, 1 when the scenario did not fail at first or
 * the smallest plan did not fail again (flaky), as printed on out.
 */
int			hx_shrink_scenario(const HxScenario *s, uint64_t seed, HxRunOptions *o,
							   const HxShrinkLimits *limits, FILE *out);

/*
 * Run every item of `sample` (no item skipped by design) twice, with
 * records kept under ARTIFACTS/a and ARTIFACTS/b (o->artifacts_dir is
 * ARTIFACTS), and compare them (see above); catalog says which points
 * are reached by timer-driven processes.  Returns the number of items
 * with a MISMATCH.
 */
int			hx_determinism(const HxMatrixList *sample, const HxCatalog *catalog,
						   const HxRunOptions *o, int jobs, FILE *out);

/*
 * K of the runnable items of `all`, chosen by the seeded stream
 * "determinism-sample" of `seed` (the first K places of a Fisher-Yates
 * shuffle), in list order; all of them when K >= their number.  So a
 * sample mixes workloads, actions and points, and is the same every time.
 * Pure, for the unit tests too.
 */
void		hx_determinism_sample(const HxMatrixList *all, int k, uint64_t seed,
								  HxMatrixList *out);

#endif							/* HX_REPLAY_H */
