/*-------------------------------------------------------------------------
 * pg_faults.h
 *	  The PostgreSQL reference: which scenarios run against a real
 *	  PostgreSQL (--target postgres), and black-box I/O faults there
 *	  through libfiu's preload and remote control.
 *
 * Role: minipg's fault points (fault_attach) do not exist in PostgreSQL,
 * so against it the harness runs only black-box scenarios: process kills,
 * immediate stop, kill -9 of the postmaster, and failed system calls from
 * libfiu's POSIX preload.  This module says which scenario runs on which
 * target (hx_scenario_supported), lists the reference set for `crashmatrix
 * matrix --target postgres` (pg_reference_scenarios), and does the
 * libfiu plumbing for the runner (runner.c calls each pg_fault_* at the
 * step named below).
 *
 * A libfiu scenario is WORKLOAD/error/POINT[@ROLE] (the call fails with
 * EIO) or WORKLOAD/enospc/POINT[@ROLE] (ENOSPC), POINT one of libfiu's
 * names, ROLE the process the failure is armed in (default: the first of
 * the point's list):
 *	posix/io/sync/fsync			checkpointer: data files and directories at
 *								a checkpoint
 *	posix/io/sync/fdatasync		backend (the WAL flush at its commit;
 *								wal_sync_method = fdatasync on Linux),
 *								walwriter
 *	posix/io/rw/pwrite			backend (its WAL write at commit),
 *								checkpointer (data pages at a checkpoint),
 *								walwriter, bgwriter
 *	posix/io/rw/write			checkpointer: pg_control at the end of a
 *								checkpoint, and its own log lines
 *	linux/io/sync_file_range	checkpointer: writeback requests after
 *								checkpoint_flush_after of writes
 * The seed picks, for a backend, which client's backend.  The failure is
 * persistent: every call of that
 * function in that process fails until the process exits or the harness
 * disarms it before the checks (a new process forked after a crash reset
 * starts clean, as the postmaster itself was never armed).
 *
 * How (each step checked, failures named "harness/fiu-..."):
 *	1. start: the postmaster runs under what `fiu-run -x` would set up
 *	   (pg_fault_start_env): libfiu, its remote control (fifos
 *	   <workdir>/fiu-<PID>.in/.out in every process, re-created in each
 *	   forked child by libfiu's pthread_atfork handler, checked) and
 *	   libfiu's own POSIX wrappers, all loaded by pg_fiu/pg_fiu_posix.c:
 *	   fiu-run's two preload libraries as they are crash PostgreSQL 15
 *	   (a symbol clash) or break its postmaster (a thread that takes its
 *	   signals); see there;
 *	2. arm (pg_fault_inject): `fiu-ctrl -f <workdir>/fiu -c "enable
 *	   name=POINT,failnum=1,failinfo=ERRNO" PID` for the chosen process;
 *	3. fired (pg_fault_fired): the armed process is gone, or the server
 *	   log since arming names the errno ("Input/output error") or a crash
 *	   reset;
 *	4. reset expected (pg_fault_expect_reset): a PANIC, a child killed by
 *	   a signal, or the armed auxiliary process gone;
 *	5. before the checks: disarm it if the armed process lives on, and
 *	   describe what PostgreSQL did in the verdict's summary.
 *
 * Entry points: hx_scenario_supported, pg_reference_scenarios,
 * pg_fault_is_fiu_point, pg_fault_start_env, pg_fault_inject,
 * pg_fault_fired, pg_fault_expect_reset, pg_fault_checkpointed,
 * pg_fault_disarm, pg_fault_describe.
 *
 * See also: docs/pg15-reference.md (what PostgreSQL 15 did), runner.h.
 *-------------------------------------------------------------------------
 */
#ifndef HX_PG_FAULTS_H
#define HX_PG_FAULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "lib/hx_cluster.h"
#include "lib/hx_rng.h"
#include "lib/hx_session.h"

struct HxScenario;

/*
 * Can scenario s run against target?  False with the reason when it
 * cannot: a minipg fault point against PostgreSQL, a libfiu point against
 * minipg, another action than error or enospc at a libfiu point, an
 * unknown libfiu point or a process it is not armed in.
 */
bool		hx_scenario_supported(const struct HxScenario *s, HxTarget target, char *err,
								  size_t errlen);

/* Is `point` (a scenario's POINT[@ROLE]) one of libfiu's preload points? */
bool		pg_fault_is_fiu_point(const char *point);

/* One scenario of the reference set (the FAULT part of its name). */
typedef struct PgReferenceScenario
{
	const char *fault;			/* "kill/checkpointer", "error/posix/io/sync/fsync" */
	const char *column;			/* the HTML grid's column: "kill/stop", "error" */
	const char *by_design;		/* never run against PostgreSQL: why; NULL runs */
} PgReferenceScenario;

/* The reference set, in matrix order; *n gets its length. */
const PgReferenceScenario *pg_reference_scenarios(int *n);

/* A libfiu fault in progress (one per scenario; zeroed = none). */
typedef struct PgFault
{
	bool		active;			/* the scenario is a libfiu point (postgres) */
	char		setup_error[256];	/* why the preload could not be set up */
	char		fiu_point[64];	/* libfiu's name: "posix/io/sync/fsync" */
	HxRole		role;			/* the process it is armed in */
	int			err;			/* EIO or ENOSPC */
	pid_t		pid;			/* the armed process; 0 before arming */
	size_t		log_at;			/* server log size when it was armed */
	bool		died;			/* an armed process was seen gone */
	char		fifo_base[HX_PATH_LEN];
	char		env_preload[HX_PATH_LEN + 64];
	char		env_fifo[HX_PATH_LEN + 32];
	char		env_posix[HX_PATH_LEN + 32];
	const char *env[4];
} PgFault;

/*
 * Step 1.  The environment to start c's postmaster with (hx_cluster_start)
 * when s is a libfiu scenario against PostgreSQL; NULL otherwise, and
 * NULL with f->setup_error set if libfiu's preload is missing (the inject
 * step then reports it).  Copies the preload library into c's work
 * directory, where the postgres user can read it.  f is reset.
 */
const char *const *pg_fault_start_env(PgFault *f, const struct HxScenario *s, HxCluster *c);

/*
 * Step 2.  Arm the failure (see above); the seed's plan stream picks the
 * client.  False with the reason in err.
 */
bool		pg_fault_inject(PgFault *f, HxCluster *c, const struct HxScenario *s, HxRng *plan,
							HxSession *const *clients, int nclients, char *err, size_t errlen);

/* Step 3: has it fired?  (It records an armed process seen gone.) */
bool		pg_fault_fired(PgFault *f, HxCluster *c);

/* Step 4: must the postmaster reset the cluster after it? */
bool		pg_fault_expect_reset(PgFault *f, HxCluster *c);

/*
 * After a CHECKPOINT the runner issued while waiting for the failure
 * succeeded: read pg_control's redo LSN into *cd (the checks compare the
 * replay start with it), unless the log shows a crash since arming.
 * PostgreSQL 15's "checkpoint complete" line does not name its redo LSN
 * (16 does), so without this a checkpoint between arming and the failure
 * would leave the expectation stale.
 */
void		pg_fault_checkpointed(PgFault *f, HxCluster *c, HxControlData *cd);

/* Step 5: disarm it in the armed process if it is still alive. */
void		pg_fault_disarm(PgFault *f, HxCluster *c);

/*
 * Step 5: what happened, for the verdict's summary: "fsync EIO in the
 * checkpointer: PANIC \"could not fsync file ...\", crash reset; ".
 */
void		pg_fault_describe(PgFault *f, HxCluster *c, char *buf, size_t len);

#endif							/* HX_PG_FAULTS_H */
