/*-------------------------------------------------------------------------
 * pidfile.h
 *	  The data directory's postmaster.pid lock file.
 *
 * Role: guarantees one postmaster per data directory, and tells minipg_ctl
 * (and the recovery harness) the postmaster's pid, port, socket directory
 * and status.  Layout, one item per line, as PostgreSQL writes it:
 *	1 pid   2 data directory   3 start time (epoch s)   4 port
 *	5 first socket directory   6 first listen address
 *	7 shared-memory generation and postmaster pid ("%9llu %9d"; where
 *	  PostgreSQL puts its System V key and shmid): "0 0" until the first
 *	  segment exists, then ShmemHeader.generation (1 at start, +1 at every
 *	  reinitialization after a crash) and our pid, so the pair names one
 *	  segment even across postmasters.  The recovery harness compares it
 *	  across a crash to prove shared memory was recreated, not reused.
 *	8 status: "starting", "ready", "stopping"
 *
 * Invariants:
 *	- Created with O_EXCL; an existing file whose pid is alive (and is not
 *	  us or our parent) means another postmaster: refuse to start.  A stale
 *	  file (dead pid) is replaced.
 *	- Removed at clean postmaster exit; left behind after a kill -9 of the
 *	  postmaster, which the next start detects as stale.
 *-------------------------------------------------------------------------
 */
#ifndef PIDFILE_H
#define PIDFILE_H

#include "common/minipg.h"

#define PM_STATUS_STARTING	"starting"
#define PM_STATUS_READY		"ready   "
#define PM_STATUS_STOPPING	"stopping"

/* Create the lock file or FATAL. */
void		pidfile_create(const char *datadir);
/* Fill in lines 4..8 once the sockets exist. */
void		pidfile_set_details(int port, const char *socket_dir, const char *listen_addr);
void		pidfile_set_status(const char *status);
/*
 * Rewrite line 7 with the generation of the segment just created: the
 * postmaster calls it after every shmem_create(), at start and after each
 * crash reinitialization.  Other lines are kept.
 */
void		pidfile_set_shmem_generation(uint64_t generation);
void		pidfile_remove(void);

/*
 * The orphan interlock: take an exclusive flock() on the data directory
 * through a descriptor every child inherits and keeps, so the lock lives
 * as long as any process of this server does.  A new postmaster finding
 * it held (its postmaster was killed but children still run and still
 * use the old shared memory) refuses to start: FATAL "pre-existing shared
 * memory block is still in use".
 */
void		pidfile_lock_data_directory(const char *datadir);
/* The logger (not attached to shared memory, outliving the postmaster by
 * a moment while it drains its pipe) drops its inherited copy. */
void		pidfile_close_lock_in_child(void);

/* For tools: read the pid (0 if no file or unparsable). */
pid_t		pidfile_read_pid(const char *datadir);

/* Is pid a live process (not gone, not a zombie)?  For stale-file checks. */
bool		pidfile_process_is_running(pid_t pid);

#endif							/* PIDFILE_H */
