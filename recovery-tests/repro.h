/*-------------------------------------------------------------------------
 * repro.h
 *	  What a run records so that it can be replayed, and the pure parts of
 *	  replaying it: plan overrides, scenario.txt, normalized fault trails,
 *	  client histories compared up to the fault, failed-check sets, and the
 *	  shrinker's candidate generator.
 *
 * Role: runner.c writes a kept artifacts folder with these formats;
 * replay.c (`crashmatrix repro`, `shrink`, `determinism`) reads them back
 * and compares runs.  Nothing here starts a server or reads a clock, so
 * all of it has unit tests (test_repro.c).
 *
 * A plan is the seed's choices that shape a run: clients (how many
 * sessions), warmup (transactions before the checkpoint and the fault),
 * nth (which hit of the point fires), budget (transactions to wait for the
 * point before "not reached"), scale (the workload's size knob).  The
 * runner draws each from the seed's "plan" stream exactly as before and
 * then replaces it by an override when one is set, so an empty override
 * is the seed's own run, draw for draw.  `--plan key=value,...` spells
 * overrides; a run's resolved plan (every value it used) is in its
 * verdict and scenario.txt.
 *
 * Invariants:
 *	- Plan text is "key=value" pairs joined by ',', keys in the fixed order
 *	  clients, warmup, nth, budget, scale when formatted; parsing accepts
 *	  any order, rejects unknown keys, repeats and values out of range.
 *	- scenario.txt is "key: value" lines; unknown keys are ignored when
 *	  read, so older readers skip newer fields.  A value never holds a
 *	  newline (they are written as spaces).
 *	- A normalized trail holds no time, PID or LSN: what two runs of one
 *	  (scenario, seed, plan) must agree on, plus the role of the process
 *	  that fired, which the caller may judge timing-dependent.
 *	- The shrinker only ever proposes a plan smaller in one key than the
 *	  best plan so far, never one it has proposed before, so it ends.
 *
 * Entry points: hx_plan_*, hx_record_write, hx_record_parse,
 * hx_trail_normalize, hx_history_normalize, hx_lines_*, hx_compare_lines,
 * hx_role_timer_driven, hx_point_timer_shared, hx_checks_*, hx_shrink_*.
 *
 * See also: runner.c (writes the folder), replay.c (uses all of this),
 * faults/fault_trail.c (the trail's line format).
 *-------------------------------------------------------------------------
 */
#ifndef HX_REPRO_H
#define HX_REPRO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/hx_cluster.h"
#include "workloads/workload.h"

/*-------------------------------------------------------------------------
 * Plans
 *-------------------------------------------------------------------------
 */

typedef enum HxPlanKey
{
	HX_PLAN_CLIENTS,
	HX_PLAN_WARMUP,
	HX_PLAN_NTH,
	HX_PLAN_BUDGET,
	HX_PLAN_SCALE,
	HX_PLAN_NKEYS
} HxPlanKey;

/*
 * A set of plan values.  All zero (memset) is the empty plan, so options
 * zeroed by their caller override nothing.  An unset key's v is 0.
 */
typedef struct HxPlan
{
	bool		has[HX_PLAN_NKEYS];	/* false: the seed's own choice */
	int			v[HX_PLAN_NKEYS];
} HxPlan;

void		hx_plan_clear(HxPlan *p);	/* every key unset */
bool		hx_plan_is_empty(const HxPlan *p);
void		hx_plan_set(HxPlan *p, HxPlanKey k, int value);
bool		hx_plan_has(const HxPlan *p, HxPlanKey k);
const char *hx_plan_key_name(HxPlanKey k);	/* "clients", ... */
int			hx_plan_key_min(HxPlanKey k);
int			hx_plan_key_max(HxPlanKey k);
/* "clients=2,nth=1" -> overrides; "" is no override.  False with a message. */
bool		hx_plan_parse(const char *text, HxPlan *out, char *err, size_t errlen);
/* The set keys in the fixed order; "" when none is set. */
void		hx_plan_format(const HxPlan *p, char *buf, size_t len);
/* The override for k if set, else `drawn`. */
int			hx_plan_pick(const HxPlan *override, HxPlanKey k, int drawn);

/*-------------------------------------------------------------------------
 * scenario.txt
 *-------------------------------------------------------------------------
 */

/* The options of a run that change what it does (what `repro` gives again). */
typedef struct HxRunArgs
{
	char		target[16];		/* "minipg" or "postgres" */
	char		bin[HX_PATH_LEN];	/* --bin, absolute; "" = the build's default */
	char		pg_bin[HX_PATH_LEN];	/* --pg-bin, absolute; "" = none */
	int			timeout_ms;		/* --timeout-ms; 0 = the default */
	char		sets[HX_MAX_SETTINGS][128];	/* --set NAME=VALUE, in order */
	int			n_sets;
	HxPlan		plan;			/* --plan overrides */
} HxRunArgs;

typedef struct HxRecord
{
	char		scenario[160];
	uint64_t	seed;
	HxRunArgs	args;
	HxPlan		resolved;		/* every plan value the run used */
	bool		passed;
	char		summary[256];	/* the workload's summary line */
	HxCheckList failures;		/* names and details of failed checks */
	char		run_command[HX_PATH_LEN * 2];	/* crashmatrix run ... */
	char		repro_command[HX_PATH_LEN * 2];	/* crashmatrix repro DIR */
} HxRecord;

void		hx_record_write(FILE *f, const HxRecord *r);
/* Parse scenario.txt's text; false with a message if scenario or seed is missing. */
bool		hx_record_parse(const char *text, HxRecord *out, char *err, size_t errlen);

/*-------------------------------------------------------------------------
 * Lists of lines, normalized trails and histories, comparison
 *-------------------------------------------------------------------------
 */

typedef struct HxLines
{
	char	  **line;			/* malloc'd strings */
	int			n;
	int			cap;
} HxLines;

void		hx_lines_add(HxLines *l, const char *s);
void		hx_lines_free(HxLines *l);

/*
 * Normalize a fault trail (pg_faults/trail's text, faults/fault_trail.c):
 * one line per firing, "ROLE#ORDINAL POINT policy=ID hit=H local_hit=L
 * ACTION OPTIONS", and per note "ROLE#ORDINAL note TEXT"; time, PIDs and
 * anything shaped like an LSN are dropped.  A power-loss note keeps only
 * "powerloss" (which files had unsynced writes depends on what the
 * background writers did).  Comment lines ('#') and blank lines are
 * skipped; a line in no known shape is kept whole, less its time and PID.
 */
void		hx_trail_normalize(const char *trail, HxLines *out);
/* The role of a normalized trail line ("backend", "walwriter"; "" if none). */
void		hx_trail_line_role(const char *line, char *role, size_t len);

/*
 * Normalize history.txt (runner.c's format) up to the fault: one line per
 * transaction of the warm-up and fault phases, "PHASE txn ID client K
 * OUTCOME [SQLSTATE] :: STMT; STMT; ...".  The SQLSTATE is kept for a
 * server error only, and no message is kept: a lost connection's text
 * depends on how the socket died.  `fault_from` (may be NULL) gets the
 * index of the first fault-phase line (n if none).
 */
void		hx_history_normalize(const char *history, HxLines *out, int *fault_from);

/*
 * Processes that act on their own timers or on what others left for them
 * (checkpointer, bgwriter, walwriter, autovacuum, stats, archiver,
 * logger, background workers): when and how often they reach a point is
 * timing-dependent.  Backends, the postmaster and the startup process act
 * only on what the harness does.
 */
bool		hx_role_timer_driven(const char *role);
/*
 * Is a point reached by a timer-driven process, given its catalog process
 * list ("backend checkpointer walwriter standalone", "any")?  Then a
 * policy's hit count, and which hit lands in which process, is
 * timing-dependent even when it fires in a backend.
 */
bool		hx_point_timer_shared(const char *processes);

/* Index of the first differing line (also when one list is shorter), -1 if equal. */
int			hx_compare_lines(const HxLines *a, const HxLines *b);

/*-------------------------------------------------------------------------
 * Failed-check sets
 *-------------------------------------------------------------------------
 */

/* Same set of failed check names (duplicates and order ignored)? */
bool		hx_checks_same(const HxCheckList *a, const HxCheckList *b);
/* "a, b" (sorted, unique), or "none" for an empty list. */
void		hx_checks_names(const HxCheckList *l, char *buf, size_t len);

/*-------------------------------------------------------------------------
 * Shrinking
 *-------------------------------------------------------------------------
 */

/*
 * Values to try below `value` for a key whose minimum is `min`, in order:
 * the half (value / 2, raised to min), then value - 1; each only if it is
 * at least min, smaller than value and not already listed.  Returns the
 * count (0..2).
 */
int			hx_shrink_candidates(int value, int min, int out[2]);

#define HX_SHRINK_MAX_TRIED	256

/*
 * Greedy shrinking over a fully resolved plan: keys in the order clients,
 * warmup, nth, scale, budget (nth and budget only for faults at a point);
 * for the current key try its candidates; a plan that still fails the
 * same way becomes the best and the key's candidates restart from its
 * value; when a key has no candidate left the next key is tried; after
 * the last key another pass starts if the pass changed anything (at most
 * `max_passes`).  A plan already tried is never proposed again.
 */
typedef struct HxShrink
{
	HxPlan		best;			/* smallest plan known to fail the same way */
	HxPlan		trying;			/* the candidate handed out by hx_shrink_next */
	bool		point;			/* nth and budget apply */
	int			key_pos;		/* position in the key order */
	int			cand;			/* candidate index for best's value of that key */
	int			pass;
	int			max_passes;
	bool		changed;		/* this pass found a smaller plan */
	bool		waiting;		/* a candidate is out, awaiting its result */
	HxPlan		tried[HX_SHRINK_MAX_TRIED];
	int			n_tried;
} HxShrink;

/* Start from a resolved plan (every key that applies is set). */
void		hx_shrink_init(HxShrink *s, const HxPlan *resolved, bool point_fault, int max_passes);
/* The next plan to try; false when there is none left. */
bool		hx_shrink_next(HxShrink *s, HxPlan *candidate);
/* The outcome of the last candidate: true if it failed the same way. */
void		hx_shrink_result(HxShrink *s, bool still_fails);

#endif							/* HX_REPRO_H */
