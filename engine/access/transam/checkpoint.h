/*-------------------------------------------------------------------------
 * checkpoint.h
 *	  Checkpoints: make everything changed so far durable in the data
 *	  files, and record that in pg_control.
 *
 * Today's procedure (WAL arrives with issue "Engine II", which adds the
 * redo point and the checkpoint record):
 *	1. write every dirty shared buffer and fsync the relation files;
 *	2. write and fsync dirty CLOG pages;
 *	3. update pg_control: next xid/oid, checkpoint time, and for a
 *	   shutdown checkpoint state = "shut down".
 * Only the checkpointer process runs checkpoints (and bootstrap, which
 * has no checkpointer); everyone else asks with checkpoint_request().
 *
 * Invariant: LWLOCK_CHECKPOINT is held for the whole procedure, so
 * checkpoints never overlap.
 *-------------------------------------------------------------------------
 */
#ifndef CHECKPOINT_H
#define CHECKPOINT_H

#include "common/minipg.h"

#define CHECKPOINT_IS_SHUTDOWN	0x0001
#define CHECKPOINT_IMMEDIATE	0x0004
#define CHECKPOINT_FORCE		0x0008
#define CHECKPOINT_WAIT			0x0020
#define CHECKPOINT_CAUSE_TIME	0x0100

/* Run a checkpoint in this process (checkpointer or bootstrap). */
void		checkpoint_perform(int flags);

/* Ask the checkpointer for a checkpoint; with CHECKPOINT_WAIT, wait for it
 * (ERROR if it failed: "checkpoint request failed"). */
void		checkpoint_request(int flags);

/* Checkpointer side: count a checkpoint that failed with ERROR. */
void		checkpoint_report_failure(void);
/* Checkpointer side: take pending request flags (0 if none). */
int			checkpoint_take_request(void);
void		checkpoint_register_checkpointer(void);

size_t		checkpoint_shmem_size(void);
void		checkpoint_shmem_init(void *mem, size_t size);

#endif							/* CHECKPOINT_H */
