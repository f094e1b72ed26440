/*-------------------------------------------------------------------------
 * autovacuum.h
 *	  The autovacuum launcher and workers.
 *
 * Role: keep tables vacuumed and analyzed without anyone asking.  The
 * launcher ("minipg: autovacuum launcher", an auxiliary process) wakes
 * every autovacuum_naptime per database and, when fewer than
 * autovacuum_max_workers run, records the database in the shared
 * "Autovacuum" area and asks the postmaster (PMSIGNAL_START_AUTOVAC_WORKER)
 * to fork a worker.  The postmaster forks it without reading any shared
 * state.  A worker ("minipg: autovacuum worker <db>") takes that request,
 * attaches like a backend (a proc slot, transactions, locks), reads the
 * cumulative statistics and pg_class, and VACUUMs / ANALYZEs the tables
 * over their thresholds (autovac_table_needs), then exits 0.
 *
 * Rules (as PostgreSQL 15):
 *	- launcher and workers are attached to shared memory: an abnormal exit
 *	  of either is a crash (reset of every process); a worker exiting 0 or
 *	  1 is normal (like a backend), the launcher exiting 0 is restarted
 *	  while the server runs and autovacuum is on;
 *	- a worker never waits for a table lock: it tries it and skips the
 *	  table when taken; a backend that waits deadlock_timeout for a lock a
 *	  worker holds cancels the worker (SIGINT: "canceling autovacuum
 *	  task"), which goes on with its next table;
 *	- shutdown: the launcher and the workers get SIGTERM when backends are
 *	  told to stop, and stop with the helpers.
 *
 * Fault points: autovacuum/launcher/before-request (step, launcher, before
 * it asks for a worker), autovacuum/worker/before-table (step, worker,
 * before each table), autovacuum/worker/after-lock (step, worker, holding
 * the table's lock), postmaster/fork-autovacuum-worker (io, postmaster).
 *-------------------------------------------------------------------------
 */
#ifndef AUTOVACUUM_H
#define AUTOVACUUM_H

#include "common/minipg.h"
#include "utils/pgstat/pgstat.h"

/* The thresholds of one decision (the GUCs, or a test's values). */
typedef struct AutoVacThresholds
{
	int			vacuum_threshold;
	double		vacuum_scale_factor;
	int			analyze_threshold;
	double		analyze_scale_factor;
	int			vacuum_insert_threshold;	/* -1: inserts never trigger */
	double		vacuum_insert_scale_factor;
} AutoVacThresholds;

/* The current GUC values. */
void		autovac_thresholds_from_gucs(AutoVacThresholds *t);

/*
 * PostgreSQL's rule (relation_needs_vacanalyze), reltuples < 0 meaning
 * "never counted" (0):
 *	vacuum  if n_dead_tup > vacuum_threshold + vacuum_scale_factor * reltuples
 *	        or (insert threshold >= 0) n_ins_since_vacuum >
 *	           vacuum_insert_threshold + vacuum_insert_scale_factor * reltuples
 *	analyze if n_mod_since_analyze > analyze_threshold +
 *	           analyze_scale_factor * reltuples
 */
void		autovac_table_needs(const AutoVacThresholds *t, double reltuples,
								const PgStatTableCounters *c, bool *dovacuum, bool *doanalyze);

/* The shared "Autovacuum" area. */
size_t		autovac_shmem_size(void);
void		autovac_shmem_init(void *mem, size_t size);

pg_noreturn void autovac_launcher_main(void *arg);
pg_noreturn void autovac_worker_main(void *arg);

#endif							/* AUTOVACUUM_H */
