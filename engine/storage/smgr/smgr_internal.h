/*-------------------------------------------------------------------------
 * smgr_internal.h
 *	  Private interface between smgr.c (files, descriptor cache) and
 *	  smgr_sync.c (the shared pending-fsync table).  Not for other modules:
 *	  use smgr.h.
 *-------------------------------------------------------------------------
 */
#ifndef SMGR_INTERNAL_H
#define SMGR_INTERNAL_H

#include "storage/smgr/smgr.h"

/* Value of a descriptor's registered_cycle before its first registration. */
#define SMGR_NO_CYCLE UINT64_MAX

/*
 * Record that rl's file was written (call after the write completed).
 * *registered_cycle caches the sync cycle of the last registration, so a
 * file written many times between checkpoints takes the table lock once.
 * A temporary relation is never registered: it is never fsynced.
 */
void		smgr_sync_register(RelFileLocator rl, uint64_t *registered_cycle);

/* Shared counter bumped by every unlink (0 without shared memory). */
uint64_t	smgr_sync_unlink_generation(void);
/*
 * Bump it after an unlink.  *seen is the caller's last seen value; it is
 * advanced past our own bump unless another unlink happened unseen.
 */
void		smgr_sync_note_unlink(uint64_t *seen);

/* fsync fd (named path for the message); PANIC on failure; no-op if fsync=off. */
void		smgr_fsync_or_panic(int fd, const char *path);
/* fsync a directory; PANIC on failure; no-op if fsync=off. */
void		smgr_fsync_dir_or_panic(const char *path);

#endif							/* SMGR_INTERNAL_H */
