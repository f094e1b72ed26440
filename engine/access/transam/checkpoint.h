/*-------------------------------------------------------------------------
 * checkpoint.h
 *	  Checkpoints: make everything changed so far durable in the data
 *	  files, and record that in pg_control.
 *
 * The procedure (each step a fault point):
 *	1. fix the redo point (wal_begin_checkpoint): from here on, page
 *	   changes are replayable from WAL alone;
 *	2. write every buffer dirty at that moment, spread over
 *	   checkpoint_completion_target of the interval unless immediate;
 *	3. write and fsync dirty CLOG pages, fsync every relation file written;
 *	4. insert the checkpoint record (redo point, next xid/oid) and flush
 *	   WAL up to it;
 *	5. update pg_control: checkpoint and redo LSNs, ids, state ("shut
 *	   down" after a shutdown checkpoint, else "in production");
 *	6. remove or recycle WAL segments wholly before the redo point;
 *	7. log "checkpoint complete: ..." (log_checkpoints).
 * A crash anywhere before step 5 leaves the previous checkpoint in force,
 * whose redo point is still covered by WAL (step 6 runs last).
 * Only the checkpointer process runs checkpoints (and bootstrap, which
 * has no checkpointer); everyone else asks with checkpoint_request().
 *
 * Invariant: LWLOCK_CHECKPOINT is held for the whole procedure, so
 * checkpoints never overlap.
 *-------------------------------------------------------------------------
 */
#ifndef CHECKPOINT_H
#define CHECKPOINT_H

#include <signal.h>

#include "common/minipg.h"

#define CHECKPOINT_IS_SHUTDOWN	0x0001
#define CHECKPOINT_END_OF_RECOVERY 0x0002	/* written by the startup process */
#define CHECKPOINT_IMMEDIATE	0x0004
#define CHECKPOINT_FORCE		0x0008
#define CHECKPOINT_WAIT			0x0020
#define CHECKPOINT_CAUSE_XLOG	0x0080	/* max_wal_size reached */
#define CHECKPOINT_CAUSE_TIME	0x0100

/* Run a checkpoint in this process (checkpointer, startup or bootstrap).
 * ERROR during recovery. */
void		checkpoint_perform(int flags);
/* Ask for a checkpoint without waiting; nothing if there is no checkpointer. */
void		checkpoint_request_async(int flags);
/* End of the last checkpoint record written since shared memory was made
 * (0 if none): no WAL since then means a timed checkpoint can be skipped. */
XLogRecPtr	checkpoint_last_end(void);
/* WAL bytes after a redo point that trigger the next checkpoint:
 * max_wal_size / (1 + checkpoint_completion_target). */
uint64_t	checkpoint_wal_trigger_bytes(void);
/* Set by the checkpointer's signal handlers: stop spreading the writes. */
extern volatile sig_atomic_t checkpoint_hurry;

/* Ask the checkpointer for a checkpoint; with CHECKPOINT_WAIT, wait for it
 * (ERROR if it failed: "checkpoint request failed"). */
void		checkpoint_request(int flags);

/* Checkpointer side: the checkpoint begun last failed with ERROR; it is
 * over for its waiters, who get "checkpoint request failed". */
void		checkpoint_report_failure(void);
/* Checkpointer side: take pending request flags (0 if none). */
int			checkpoint_take_request(void);
void		checkpoint_register_checkpointer(void);

size_t		checkpoint_shmem_size(void);
void		checkpoint_shmem_init(void *mem, size_t size);

#endif							/* CHECKPOINT_H */
