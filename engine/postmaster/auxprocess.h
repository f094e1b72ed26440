/*-------------------------------------------------------------------------
 * auxprocess.h
 *	  Entry points of the auxiliary processes the postmaster starts.
 *
 * Each runs in a forked child with a Proc slot of its own (attached by
 * aux_process_init), handles SIGQUIT by _exit(2) like every child, and
 * exits 0 only when the postmaster asked it to.
 *
 *	startup			reads pg_control, replays WAL after a crash, exits 0
 *					when the database is consistent
 *	checkpointer	runs checkpoints on request, on time, on WAL volume and
 *					at shutdown (SIGUSR2)
 *	background writer	writes dirty buffers ahead of the clock sweep
 *	WAL writer		flushes WAL in the background (started after recovery)
 *	archiver		runs archive_command for completed WAL segments (pgarch.c;
 *					archive_mode != off; exits 0 or 1, 1 is not a crash)
 *-------------------------------------------------------------------------
 */
#ifndef AUXPROCESS_H
#define AUXPROCESS_H

#include "common/minipg.h"
#include "storage/ipc/proc.h"

/* Common setup: title, proc slot, memory contexts. */
void		aux_process_init(BackendType type);

pg_noreturn void startup_process_main(void *arg);
pg_noreturn void checkpointer_main(void *arg);
pg_noreturn void bgwriter_main(void *arg);
pg_noreturn void walwriter_main(void *arg);
pg_noreturn void pgarch_main(void *arg);

#endif							/* AUXPROCESS_H */
