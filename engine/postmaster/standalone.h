/*-------------------------------------------------------------------------
 * standalone.h
 *	  A single-process engine environment without a postmaster: for unit
 *	  tests, bootstrap, and the fuzzers' single-session mode.
 *
 * standalone_init() gives the calling process everything a backend has
 * after startup: the data directory as working directory, a private
 * shared-memory segment, a proc slot, pg_control, id counters, and
 * MyDatabaseId = postgres.  Transactions then work normally
 * (xact_start_command ... xact_commit_command).
 *
 * standalone_fork() forks a second "backend" that shares the segment,
 * for tests of concurrency (row locks, visibility between transactions).
 *
 * Invariant: nothing here is used by the postmaster's own processes.
 *-------------------------------------------------------------------------
 */
#ifndef STANDALONE_H
#define STANDALONE_H

#include "common/minipg.h"

/*
 * Prepare the environment in datadir.  create: make the directory layout,
 * a fresh pg_control and the first WAL segment there first (the directory
 * must exist and be empty or absent).  Otherwise the existing cluster is
 * recovered like the startup process does it (WAL replay from the last
 * checkpoint, then an end-of-recovery checkpoint).  FATAL on failure.
 */
void		standalone_init(const char *datadir, bool create);

/*
 * What standalone_init(datadir, false) does before WAL replay, and no
 * more: shared memory, a proc slot, pg_control, the id counters.  WAL is
 * left in recovery (wal_in_recovery()), for tests of what happens or is
 * refused then; MyDatabaseId is not set.
 */
void		standalone_init_before_recovery(const char *datadir);

/*
 * fork(); in the child, take a new proc slot and reset per-process state
 * (pins, lwlocks, transaction).  Returns as fork() does.
 */
pid_t		standalone_fork(void);

/* A fresh temporary data directory (mkdtemp under /tmp); malloc'd path. */
char	   *standalone_temp_datadir(const char *tag);

/* Remove that directory and everything in it, then free the path; a
 * failure is reported on stderr (tests call it after their last check). */
void		standalone_remove_datadir(char *dir);

#endif							/* STANDALONE_H */
