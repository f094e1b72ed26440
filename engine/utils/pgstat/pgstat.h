/*-------------------------------------------------------------------------
 * pgstat.h
 *	  Cumulative statistics: what backends count, how it reaches the stats
 *	  collector, and what readers (system views, autovacuum) see.
 *
 * Role: PostgreSQL <= 14's model over shared memory instead of UDP.
 * Backends count table and database activity in local memory and, at
 * transaction end, append fixed-size messages (PgStatMsg) to a ring in the
 * "Cumulative statistics" shared-memory area.  The stats collector process
 * (minipg: stats collector) folds them into shared tables of per-table and
 * per-database entries.  Buffer I/O per backend type, checkpoint counts and
 * the bgwriter/WAL counters of bufmgr and the WAL module are shared atomics
 * added to directly (they need no transaction semantics).
 *
 * Invariants:
 *	- The collector is the only writer of the table and database entries
 *	  (it holds LWLOCK_STATS exclusive while folding); readers hold it
 *	  shared.  Resets (pg_stat_reset) are messages too.
 *	- The ring is protected by its spinlock; a producer never waits for the
 *	  collector: a full ring leaves its messages pending in the backend for
 *	  the next transaction end (and they are dropped, counted, only if the
 *	  backend's own pending buffer is full too).
 *	- Counts are transactional where PostgreSQL's are: an aborted insert
 *	  counts as one dead tuple (n_dead_tup), a committed delete moves one
 *	  tuple from live to dead; n_tup_ins/upd/del count attempts.
 *	- Persistence: the collector reads pg_stat/minipg.stat once per shared
 *	  memory generation and unlinks it; it writes it only when it is told to
 *	  stop (SIGTERM, after the shutdown checkpoint).  So a clean shutdown
 *	  keeps the statistics; a crash, an immediate stop or a killed collector
 *	  (attached to shared memory: its abnormal exit is a crash reset) loses
 *	  them, as PostgreSQL's do.
 *
 * Entry points: backends pgstat_count_*, pgstat_report_*, pgstat_init_backend;
 * readers pgstat_fetch_*; the collector pgstat_collector_main.
 *
 * See also: utils/pgstat/README.md, postmaster/autovacuum.h.
 *-------------------------------------------------------------------------
 */
#ifndef PGSTAT_H
#define PGSTAT_H

#include "common/minipg.h"
#include "storage/ipc/proc.h"

/* Per-table counters, as pg_stat_all_tables shows them. */
typedef struct PgStatTableCounters
{
	int64_t		seq_scan;
	int64_t		seq_tup_read;
	int64_t		idx_scan;
	int64_t		idx_tup_fetch;
	int64_t		n_tup_ins;
	int64_t		n_tup_upd;
	int64_t		n_tup_del;
	int64_t		n_tup_hot_upd;
	int64_t		n_live_tup;
	int64_t		n_dead_tup;
	int64_t		n_mod_since_analyze;
	int64_t		n_ins_since_vacuum;
	int64_t		last_vacuum_us;		/* Unix epoch microseconds, 0 = never */
	int64_t		last_autovacuum_us;
	int64_t		last_analyze_us;
	int64_t		last_autoanalyze_us;
	int64_t		vacuum_count;
	int64_t		autovacuum_count;
	int64_t		analyze_count;
	int64_t		autoanalyze_count;
} PgStatTableCounters;

/* Per-database counters (pg_stat_database). */
typedef struct PgStatDbCounters
{
	int64_t		xact_commit;
	int64_t		xact_rollback;
	int64_t		blks_read;
	int64_t		blks_hit;
	int64_t		tup_returned;
	int64_t		tup_fetched;
	int64_t		tup_inserted;
	int64_t		tup_updated;
	int64_t		tup_deleted;
	int64_t		temp_files;
	int64_t		temp_bytes;
	int64_t		deadlocks;
	int64_t		sessions;
	int64_t		sessions_fatal;
	int64_t		session_time_us;
	int64_t		stats_reset_us;
} PgStatDbCounters;

/* I/O operations per backend type (pg_stat_io, object "relation",
 * context "normal"). */
typedef enum PgStatIOOp
{
	PGSTAT_IO_READ,
	PGSTAT_IO_WRITE,
	PGSTAT_IO_EXTEND,
	PGSTAT_IO_HIT,
	PGSTAT_IO_EVICT,
	PGSTAT_IO_FSYNC,
	PGSTAT_IO_NUM_OPS
} PgStatIOOp;

/* Cluster-wide counters: pg_stat_bgwriter, pg_stat_wal, pg_stat_io. */
typedef struct PgStatGlobals
{
	int64_t		checkpoints_timed;
	int64_t		checkpoints_req;
	int64_t		checkpoint_write_time_ms;
	int64_t		checkpoint_sync_time_ms;
	int64_t		buffers_checkpoint;
	int64_t		buffers_clean;
	int64_t		maxwritten_clean;
	int64_t		buffers_backend;
	int64_t		buffers_alloc;
	int64_t		wal_records;
	int64_t		wal_fpi;
	int64_t		wal_bytes;
	int64_t		wal_buffers_full;
	int64_t		wal_write;
	int64_t		wal_sync;
	int64_t		io[B_NUM_TYPES][PGSTAT_IO_NUM_OPS];
	int64_t		bgwriter_reset_us;
	int64_t		wal_reset_us;
	int64_t		io_reset_us;
} PgStatGlobals;

/* ---- the message format (backends -> collector) ---- */

typedef enum PgStatMsgType
{
	PGSTAT_MSG_TABLE,			/* deltas of one table's counters */
	PGSTAT_MSG_DB,				/* deltas of one database's counters */
	PGSTAT_MSG_VACUUM,			/* a VACUUM finished: live/dead set, time */
	PGSTAT_MSG_ANALYZE,			/* an ANALYZE finished */
	PGSTAT_MSG_DROP_TABLE,		/* forget a table's entry */
	PGSTAT_MSG_RESET_DB,		/* pg_stat_reset(): this database's counters */
	PGSTAT_MSG_RESET_SHARED,	/* pg_stat_reset_shared(target) */
} PgStatMsgType;

typedef struct PgStatMsg
{
	uint32_t	type;			/* PgStatMsgType */
	Oid			dbid;
	Oid			relid;
	bool		autovacuum;		/* VACUUM/ANALYZE: run by autovacuum */
	int32_t		reset_target;	/* RESET_SHARED: 0 bgwriter, 1 wal, 2 io */
	int64_t		time_us;		/* VACUUM/ANALYZE end, resets */
	union
	{
		/* TABLE: seq_scan..n_ins_since_vacuum are deltas (the rest unused);
		 * VACUUM/ANALYZE: n_live_tup and n_dead_tup are the new values. */
		PgStatTableCounters table;
		PgStatDbCounters db;	/* DB: deltas */
	}			u;
} PgStatMsg;

/* ---- shared memory ---- */

size_t		pgstat_shmem_size(void);
void		pgstat_shmem_init(void *mem, size_t size);

/* ---- backend side: counting (cheap; no-ops without the shared area) ---- */

/* Register the transaction callback; call once in a process that runs
 * transactions (backends, autovacuum workers). */
void		pgstat_init_backend(void);
void		pgstat_count_seq_scan(Oid relid);
void		pgstat_count_seq_tuple(Oid relid);
void		pgstat_count_index_scan(Oid relid);
void		pgstat_count_index_tuples(Oid relid, int64_t returned, int64_t fetched);
void		pgstat_count_heap_insert(Oid relid);
void		pgstat_count_heap_update(Oid relid, bool hot);
void		pgstat_count_heap_delete(Oid relid);
void		pgstat_count_deadlock(void);
void		pgstat_count_tempfile(int64_t bytes);
/* A buffer access by this process (bufmgr): per backend type and, for
 * reads and hits, the database's blks_read/blks_hit. */
void		pgstat_count_io(PgStatIOOp op);
/* The checkpointer finished a checkpoint. */
void		pgstat_report_checkpoint(bool requested, int64_t write_ms, int64_t sync_ms);
/* VACUUM / ANALYZE of relid finished (sent at once). */
void		pgstat_report_vacuum(Oid relid, bool autovacuum, int64_t live, int64_t dead);
void		pgstat_report_analyze(Oid relid, bool autovacuum, int64_t live, int64_t dead);
void		pgstat_report_drop(Oid relid);
void		pgstat_report_reset_db(void);
/* target "bgwriter", "wal" or "io"; ERROR 22023 otherwise. */
void		pgstat_report_reset_shared(const char *target);
/* Send what this backend holds (transaction end does it; also at exit). */
void		pgstat_flush_pending(void);
/*
 * Before reading: flush ours, then wait (at most ~2 s) until the collector
 * folded every message published so far, so a session reads its own
 * committed counts.
 */
void		pgstat_sync_for_read(void);

/* ---- readers (hold nothing; copy out under LWLOCK_STATS shared) ---- */

bool		pgstat_fetch_table(Oid dbid, Oid relid, PgStatTableCounters *out);
bool		pgstat_fetch_db(Oid dbid, PgStatDbCounters *out);
/* Persisted base + live shared counters. */
void		pgstat_fetch_globals(PgStatGlobals *out);
/* Table entries of one database: calls fn for each (under the lock: fn
 * must only copy). */
typedef void (*pgstat_table_visitor) (Oid relid, const PgStatTableCounters *c, void *arg);
void		pgstat_walk_tables(Oid dbid, pgstat_table_visitor fn, void *arg);
/* Messages the ring could not take (dropped) since shared memory was made. */
uint64_t	pgstat_dropped_messages(void);

/* ---- folding (pgstat_fold.c; pure, unit-tested) ---- */

typedef struct PgStatTableEntry
{
	Oid			dbid;
	Oid			relid;			/* InvalidOid: free (or deleted: see used) */
	uint8_t		state;			/* 0 free, 1 used, 2 deleted */
	PgStatTableCounters c;
} PgStatTableEntry;

typedef struct PgStatDbEntry
{
	Oid			dbid;
	bool		used;
	PgStatDbCounters c;
} PgStatDbEntry;

typedef struct PgStatTables
{
	int			n_tables;		/* capacity, a power of two */
	int			n_dbs;
	int64_t		tables_full;	/* TABLE messages dropped: no free entry */
	PgStatDbEntry *dbs;
	PgStatTableEntry *tables;
	PgStatGlobals *globals;		/* RESET_SHARED writes *_reset_us here */
} PgStatTables;

/* Apply one message.  Precondition: the caller is the only writer. */
void		pgstat_fold(PgStatTables *t, const PgStatMsg *msg);
PgStatTableEntry *pgstat_table_lookup(PgStatTables *t, Oid dbid, Oid relid, bool create);
PgStatDbEntry *pgstat_db_lookup(PgStatTables *t, Oid dbid, bool create);

/* ---- the collector process (pgstat_collector.c) ---- */

pg_noreturn void pgstat_collector_main(void *arg);

#endif							/* PGSTAT_H */
