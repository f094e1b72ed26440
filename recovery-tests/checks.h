/*-------------------------------------------------------------------------
 * checks.h
 *	  The checks run after every fault, each with the name a failure is
 *	  reported under.
 *
 *	postmaster-reset-children	the postmaster survived (unless targeted)
 *								and no child from before the crash is alive
 *	shmem-recreated				a new shared-memory generation exists
 *	replay-from-last-checkpoint	"redo starts at" names the redo LSN of the
 *								last checkpoint completed before the crash
 *								(if the crash hit a checkpoint between its
 *								pg_control update and its "complete" line,
 *								only "later than the last logged" is checked)
 *	recovery-finished			the log shows redo done (or nothing to redo)
 *								and "ready to accept connections"
 *	pages-not-ahead-of-wal		no page on disk newer than the WAL that
 *								survived (page_lsn.h)
 *	<workload>/...				the workload's oracle (workload.h)
 *	new-writes-work				new transactions commit after recovery
 *	clean-restart-keeps-all		a fast stop and a start keep the oracle true
 *	no-hang/<step>				a step ran past its timeout
 *
 * The log checks are pure functions over log text so they have unit
 * tests (test_checks.c) with real minipg and PostgreSQL log excerpts.
 *-------------------------------------------------------------------------
 */
#ifndef HX_CHECKS_H
#define HX_CHECKS_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/hx_cluster.h"
#include "workloads/workload.h"

/*
 * The redo LSN of the last "checkpoint complete: ... redo lsn=X/Y" line in
 * log[0..end); false if there is none (PostgreSQL 15 does not print it).
 */
bool		hx_log_last_checkpoint_redo(const char *log, size_t end, uint64_t *redo);
/* The first "redo starts at X/Y" at or after `from`; false if none. */
bool		hx_log_redo_start(const char *log, size_t from, uint64_t *lsn);
/* Did the server log a crash reset ("terminating any other active server processes") after `from`? */
bool		hx_log_crash_reset(const char *log, size_t from);

/* postmaster-reset-children: before = every process before the fault. */
void		hx_check_reset(HxCheckList *out, const HxProcess *before, int n_before,
						   const HxProcess *after, int n_after, bool postmaster_targeted);
/* replay-from-last-checkpoint and recovery-finished, over the log text. */
void		hx_check_replay(HxCheckList *out, const char *log, size_t fault_at,
							uint64_t redo_before_fault);

#endif							/* HX_CHECKS_H */
