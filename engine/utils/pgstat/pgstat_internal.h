/*-------------------------------------------------------------------------
 * pgstat_internal.h
 *	  The "Cumulative statistics" shared-memory area, private to
 *	  utils/pgstat/ (layout and locking rules in pgstat.h and README.md).
 *-------------------------------------------------------------------------
 */
#ifndef PGSTAT_INTERNAL_H
#define PGSTAT_INTERNAL_H

#include <stdatomic.h>

#include "storage/lmgr/spin.h"
#include "utils/pgstat/pgstat.h"

#define PGSTAT_SHMEM_MAGIC	0x5047535441545331ULL	/* "PGSTATS1" */
#define PGSTAT_MAX_TABLES	4096	/* per-table entries (power of two) */
#define PGSTAT_MAX_DBS		16
#define PGSTAT_RING_SIZE	4096	/* messages */

typedef struct PgStatShared
{
	uint64_t	magic;

	/* The message ring: producers append at head, the collector takes
	 * from tail; both are message counts (slot = count % RING_SIZE).
	 * Protected by ring_lock. */
	slock_t		ring_lock;
	uint64_t	ring_head;
	uint64_t	ring_tail;
	_Atomic uint64_t dropped;	/* messages lost (backend buffer full) */
	_Atomic int collector_procno;	/* -1: no collector attached */

	/*
	 * Set by the collector once it has read (or found no) stats file for
	 * this shared-memory generation; a collector restarted in the same
	 * generation must not read it again (it would count twice).
	 */
	bool		file_loaded;

	/* Live cluster-wide counters (atomics; any process adds). */
	_Atomic int64_t checkpoints_timed;
	_Atomic int64_t checkpoints_req;
	_Atomic int64_t checkpoint_write_time_ms;
	_Atomic int64_t checkpoint_sync_time_ms;
	_Atomic int64_t io[B_NUM_TYPES][PGSTAT_IO_NUM_OPS];

	/* Base values (from the stats file, or minus the live values at a
	 * reset); readers add the live counters.  Collector-written under
	 * LWLOCK_STATS exclusive. */
	PgStatGlobals base;

	/* Folded entries: collector-written under LWLOCK_STATS exclusive. */
	int64_t		tables_full;
	PgStatDbEntry dbs[PGSTAT_MAX_DBS];
	PgStatTableEntry tables[PGSTAT_MAX_TABLES];
	PgStatMsg	ring[PGSTAT_RING_SIZE];
} PgStatShared;

extern PgStatShared *pgstat_shared;

/* A PgStatTables view of the shared entries (for pgstat_fold). */
void		pgstat_shared_tables(PgStatTables *t);
/* The live cluster-wide counters only (no base). */
void		pgstat_live_globals(PgStatGlobals *out);
/* Take up to max messages off the ring; returns how many. */
int			pgstat_ring_take(PgStatMsg *out, int max);

/* This backend's blks_read/blks_hit (pgstat_backend.c). */
void		pgstat_count_local_block(PgStatIOOp op);

/* The stats file (pgstat_file.c), relative to the data directory. */
#define PGSTAT_STAT_DIR		"pg_stat"
#define PGSTAT_STAT_FILE	"pg_stat/minipg.stat"
/* Write entries and globals (base + live) durably; ERROR on failure. */
void		pgstat_write_file(void);
/* Load the file into the shared entries and base (if present and valid;
 * a bad file is logged and ignored), then unlink it. */
void		pgstat_read_and_remove_file(void);

#endif							/* PGSTAT_INTERNAL_H */
