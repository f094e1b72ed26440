/*-------------------------------------------------------------------------
 * runner.h
 *	  One scenario, start to verdict: a pure function of (scenario name,
 *	  seed) that creates a cluster, runs a workload, injects a fault plan,
 *	  waits for recovery, and runs every check.
 *
 * A scenario name spells its parts: WORKLOAD/FAULT[/POINT], e.g.
 *	  bank/crash/xact/commit/after-wal-flush    crash a backend at that point
 *	  ledger/error/storage/file/fsync           EIO at that point
 *	  mix/kill/checkpointer                     SIGKILL the checkpointer
 *	  bank/immediate                            immediate shutdown, restart
 *	  ledger/kill/postmaster                    kill -9 postmaster + children
 *	  bank/powerloss/xact/commit/before-wal-insert
 *	  ledger/enospc/storage/file/extend         ENOSPC at that point
 *	  mix/short/storage/file/write              one short write (ENOSPC)
 *	  bank/diskfull/storage/file/extend         every write short: disk full
 *	  ledger/torn/storage/file/write            power cut, newest writes torn
 *	  mix/corrupt-proc/xact/commit/after-wal-insert  scribble, then crash
 *	  bank/kill/backend+crash/wal/recovery/after-record
 *	                    a second fault while it recovers (compound.h)
 * and the seed chooses everything else: how many clients, how many
 * transactions before the fault is armed, which hit of the point fires
 * (nth=), the workload's own choices, and for compound scenarios the
 * second fault during recovery.
 *
 * Steps, each bounded by a timeout (a timeout is a failure named
 * "no-hang/<step>"):
 *	 1. create the cluster from the template; start; workload setup;
 *	 2. CHECKPOINT, read pg_control (the redo LSN recovery must start at
 *		if no later checkpoint completes) and the set of child PIDs;
 *	 3. run clients; arm the fault plan (SQL fault_attach, or a signal);
 *		at a point, every tenth transaction CHECKPOINT, a transaction held
 *		open, CHECKPOINT again, its ROLLBACK;
 *	 4. wait for the crash and the restart (or restart it ourselves after
 *		a postmaster kill / power cut / immediate stop);
 *	 5. checks (checks.h): postmaster-reset-children, shmem-recreated,
 *		replay-from-last-checkpoint, recovery-finished,
 *		pages-not-ahead-of-wal (page_lsn.h), the workload's oracle,
 *		new-writes-work, clean-restart-keeps-all;
 *	 6. verdict; on failure keep the artifacts folder
 *		ARTIFACTS/<name with '/' as '_'>-<seed>/:
 *		  scenario.txt		everything `crashmatrix repro` needs (repro.h)
 *		  history.txt		every client transaction: phase, client,
 *							statements, outcome (acked, failed SQLSTATE
 *							"message", lost, in-doubt, timeout)
 *		  fault-trail.txt	DATADIR/pg_faults/trail (minipg)
 *		  server.log		the server's log
 *		  cluster/			the work directory: data/, server.log
 *		(with keep_records, the four files for every run, cluster/ only
 *		for a failure).
 *
 * The plan (repro.h): clients, scale and warmup are drawn first from the
 * seed's "plan" stream, nth when the fault is armed, each then replaced
 * by its override from args.plan if set; budget is FAULT_TXNS_MAX unless
 * overridden.  The verdict carries the plan as run.
 *
 * Entry points: hx_scenario_parse, hx_scenario_run.
 *-------------------------------------------------------------------------
 */
#ifndef HX_RUNNER_H
#define HX_RUNNER_H

#include <stdbool.h>
#include <stdint.h>

#include "compound.h"
#include "lib/hx_cluster.h"
#include "repro.h"
#include "workloads/workload.h"

typedef enum HxFaultKind
{
	HX_FAULT_POINT,				/* a policy at a fault point (action below) */
	HX_FAULT_KILL_ROLE,			/* SIGKILL one process by role */
	HX_FAULT_KILL_POSTMASTER,	/* SIGKILL the postmaster and every child */
	HX_FAULT_IMMEDIATE,			/* minipg_ctl stop -m immediate, then start */
} HxFaultKind;

typedef struct HxScenario
{
	char		name[160];
	const HxWorkloadOps *workload;
	HxFaultKind kind;
	char		action[16];		/* crash, error, panic, powerloss, corrupt */
	char		point[96];		/* fault point, for HX_FAULT_POINT */
	char		options[128];	/* extra policy options (errno=, target=) */
	HxRole		role;			/* for HX_FAULT_KILL_ROLE */
	HxSecondFault second;		/* compound scenarios: FIRST+ACTION/POINT */
} HxScenario;

/* Parse a scenario name; false with a message if it is not one. */
bool		hx_scenario_parse(const char *name, HxScenario *s, char *err, size_t errlen);

typedef struct HxRunOptions
{
	HxClusterOptions cluster;
	char		artifacts_dir[HX_PATH_LEN];	/* failures are kept under it */
	char		self_command[HX_PATH_LEN];	/* argv[0], for the repro line */
	char		repro_args[512];	/* options that change the run (--set, --bin...);
									 * not --plan: the runner adds that from args.plan */
	int			step_timeout_ms;
	bool		keep_always;
	/*
	 * Keep scenario.txt, history.txt, fault-trail.txt and server.log of
	 * every run, without the data directory unless it failed (the
	 * determinism self-check compares them).
	 */
	bool		keep_records;
	bool		verbose;
	/* What scenario.txt records for `repro`, including the plan overrides. */
	HxRunArgs	args;
} HxRunOptions;

typedef struct HxVerdict
{
	bool		passed;
	HxCheckList failures;		/* named checks that failed */
	double		recovery_ms;	/* fault to first successful query */
	double		total_ms;
	char		artifacts[HX_PATH_LEN];	/* "" if nothing kept */
	char		repro[HX_PATH_LEN * 2];	/* the one command that reproduces it */
	char		summary[256];	/* the workload's summary line */
	HxPlan		plan;			/* the plan it ran with (nth, budget: -1 unless at a point) */
} HxVerdict;

void		hx_scenario_run(const HxScenario *s, uint64_t seed, const HxRunOptions *o,
							HxVerdict *v);

#endif							/* HX_RUNNER_H */
