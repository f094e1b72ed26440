/*-------------------------------------------------------------------------
 * fault_control.h
 *	  The cluster-wide fault control plane: the policy table in shared
 *	  memory, the libfiu callback every process registers, triggers and
 *	  their seeded randomness, and the actions.
 *
 * Role: decide, at each fault point a process reaches, whether an attached
 * policy fires there, and carry out its action (DESIGN.md "Fault
 * injection").  Policies come from three places, all in the same text
 * form (fault_policy.h): the file pg_faults/policy.conf in the data
 * directory and the environment variable MINIPG_FAULTS, both read by the
 * postmaster at start (so points fire during startup and recovery before
 * any connection exists), and the SQL functions fault_attach() /
 * fault_detach() at run time.
 *
 * Invariants:
 *	- The shared table is the only truth for live processes; libfiu's own
 *	  per-process tables are used only for one "*" external callback (and
 *	  for fiu-ctrl when remote control is on).
 *	- Policies and their hit/fire counters survive a crash restart: the
 *	  postmaster copies the table out of the old segment before it is
 *	  destroyed (fault_shmem_before_destroy, called by shmem_destroy) and back into the new one
 *	  (fault_shmem_init), so a "once" policy that crashed the cluster does
 *	  not fire again during recovery.
 *	- Every decision is a pure function of (seed, process type, ordinal of
 *	  the process among its type, point, hit number): never of the clock.
 *	- Every firing is written to the fault trail (pg_faults/trail) before
 *	  its action runs, so a crash action is always on record.
 *-------------------------------------------------------------------------
 */
#ifndef FAULT_CONTROL_H
#define FAULT_CONTROL_H

#include <stddef.h>
#include <stdint.h>

#include "common/minipg.h"
#include "storage/ipc/proc.h"

/* Directory (under the data directory) for the policy file and the trail. */
#define FAULT_DIR			"pg_faults"
#define FAULT_POLICY_FILE	"pg_faults/policy.conf"
#define FAULT_TRAIL_FILE	"pg_faults/trail"
#define FAULT_ENV_POLICY	"MINIPG_FAULTS"		/* policies, ';'-separated */
#define FAULT_ENV_SEED		"MINIPG_FAULT_SEED"	/* overrides the file's seed */
#define FAULT_ENV_FIU_CTRL	"MINIPG_FIU_CTRL"	/* fifo base name for fiu-ctrl */

/* Shared-memory area (listed in storage/ipc/shmem_areas.c). */
size_t		fault_shmem_size(void);
void		fault_shmem_init(void *mem, size_t size);

/*
 * Postmaster: read MINIPG_FAULTS, MINIPG_FAULT_SEED and pg_faults/policy.conf
 * (FATAL with the line on a syntax error), before shared memory exists.
 */
void		fault_postmaster_load(const char *datadir);
/*
 * Before a process unmaps the segment (shmem_destroy): carry the policies
 * and counters over to private memory, for the next segment.
 */
void		fault_shmem_before_destroy(void);

/*
 * Every process, once, as soon as it knows its type (the postmaster at
 * start, children right after fork): registers the libfiu callback and
 * derives this process's sub-seed.
 */
void		fault_process_init(BackendType type);

/*
 * Unit tests that drive points with libfiu's own calls (fiu_enable,
 * fiu_enable_external on one name): arm every point in this process and
 * leave libfiu's table in charge (fault_process_init then registers no
 * callback of its own).
 */
void		fault_arm_local_libfiu(void);

/* Control (SQL functions and tests).  Errors are ereport(ERROR). */
int			fault_attach(const char *point, const char *action, const char *options);
int			fault_detach(const char *point_or_id);	/* number removed */
int			fault_wakeup(const char *point);		/* processes woken */
int			fault_waiting(const char *point);		/* processes waiting there */
void		fault_set_seed(uint64_t seed);
uint64_t	fault_hits(const char *point);	/* sum of hits of matching policies */
uint64_t	fault_fired(const char *point);	/* sum of firings of matching policies */
/* One line per policy: "id point action options hits=N fired=M". */
char	  **fault_list(int *n_out);

#endif							/* FAULT_CONTROL_H */
