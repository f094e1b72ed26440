/*-------------------------------------------------------------------------
 * compound.h
 *	  Compound scenarios: a second fault, armed before the first one, at a
 *	  point the cluster reaches only while it recovers from the first (the
 *	  startup process's replay steps and WAL reads, the postmaster's
 *	  reinitialization of shared memory and its forks of the startup and
 *	  auxiliary processes).
 *
 * A compound scenario's name is FIRST+ACTION/POINT:
 *	  bank/kill/backend+crash/wal/recovery/after-record
 *	  ledger/kill/postmaster+error/wal/reader/read-page
 *	  mix/kill/backend+crash/postmaster/reinit/before-shmem-create
 *
 * What must happen (PostgreSQL's rules, which minipg follows: see
 * engine/postmaster/README.md):
 *	- a startup process that fails (crash or ERROR) while it recovers makes
 *	  the postmaster exit, logging "aborting startup due to startup process
 *	  failure";
 *	- a postmaster that crashes takes every child with it (they notice its
 *	  death and exit);
 *	- either way no process of the cluster may outlive the postmaster, and
 *	  after the harness removes the second fault and starts the cluster
 *	  again, every ordinary check applies: the double failure must not lose
 *	  a committed transaction nor resurrect an uncommitted one;
 *	- a second fault whose failure the postmaster handles itself (an ERROR
 *	  where the postmaster retries, e.g. a failed fork of an auxiliary
 *	  process) must leave a cluster that comes back on its own.
 *
 * Arming: when the postmaster survives the first fault (kill/<role>, a
 * crash or panic point) the second is attached with fault_attach() before
 * the first fault (policies survive the crash reset); when the first fault
 * takes the postmaster down (kill/postmaster, immediate, powerloss) it is
 * written to pg_faults/policy.conf, which a starting postmaster reads.
 * The second fault is limited to the process it is meant for (proc=) so a
 * point shared with normal operation cannot fire early.
 *
 * This module is pure text handling and small file operations; the runner
 * (runner.c) drives the cluster.
 *-------------------------------------------------------------------------
 */
#ifndef HX_COMPOUND_H
#define HX_COMPOUND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum HxSecondExpect
{
	HX_SECOND_POSTMASTER_EXITS,	/* startup failure, postmaster crash, fatal */
	HX_SECOND_RECOVERS_ALONE,	/* the postmaster handles it and goes on */
} HxSecondExpect;

typedef struct HxSecondFault
{
	bool		present;
	char		action[16];		/* crash | error */
	char		point[96];
	char		proc[16];		/* the process type it is meant for */
	HxSecondExpect expect;
} HxSecondFault;

/*
 * Split a scenario's fault part at '+': on return `fault` holds only the
 * first fault and *sf the second (sf->present false if there is none).
 * False with a message if the second is not ACTION/POINT with ACTION crash
 * or error and POINT one reached only while recovering.
 */
bool		hx_second_fault_split(char *fault, HxSecondFault *sf, char *err, size_t errlen);

/*
 * Is `point` one that only recovery (the startup process, the postmaster's
 * reset) reaches?  If so, also the process type to limit it to and what
 * must follow a crash and an error there (each output may be NULL).
 */
bool		hx_second_fault_point_ok(const char *point, char *proc, size_t proclen,
									 HxSecondExpect *on_crash, HxSecondExpect *on_error);

/*
 * How many hits of the point one recovery surely makes (so nth may be
 * drawn from 1..that): the per-record points and WAL page reads at least
 * a few, the rest once.
 */
int			hx_second_fault_max_nth(const HxSecondFault *sf);

/* Its policy options ("nth=N proc=P [errno=EIO]") and whole text ("POINT ACTION OPTIONS"). */
void		hx_second_fault_options(const HxSecondFault *sf, int64_t nth, char *buf, size_t len);
void		hx_second_fault_policy(const HxSecondFault *sf, int64_t nth, char *buf, size_t len);

/* Has the point fired, by the fault trail's text (" point=NAME " on a line)? */
bool		hx_second_fault_in_trail(const HxSecondFault *sf, const char *trail);

/* Write (append) / remove DATADIR/pg_faults/policy.conf; false with errno. */
bool		hx_policy_file_write(const char *datadir, const char *policy);
bool		hx_policy_file_remove(const char *datadir);

/* The log line a startup failure leaves (PostgreSQL's wording). */
#define HX_LOG_STARTUP_ABORTED "aborting startup due to startup process failure"

#endif							/* HX_COMPOUND_H */
