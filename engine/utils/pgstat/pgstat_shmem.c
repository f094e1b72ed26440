/*-------------------------------------------------------------------------
 * pgstat_shmem.c
 *	  The "Cumulative statistics" shared-memory area: its creation, the
 *	  message ring's consumer side, the cluster-wide atomic counters and
 *	  the readers' copy-out functions.
 *
 * Invariants (see pgstat.h): entries and base values are written only by
 * the collector under LWLOCK_STATS exclusive; readers copy under it shared
 * and never hold it across anything that can ERROR.  The ring is guarded
 * by ring_lock (a spinlock: only copies happen under it).
 *-------------------------------------------------------------------------
 */
#include "utils/pgstat/pgstat_internal.h"

#include <string.h>

#include "access/wal/wal.h"
#include "storage/buffer/bufmgr.h"
#include "storage/lmgr/lwlock.h"

PgStatShared *pgstat_shared = NULL;

size_t
pgstat_shmem_size(void)
{
	return sizeof(PgStatShared);
}

void
pgstat_shmem_init(void *mem, size_t size)
{
	(void) size;
	pgstat_shared = mem;
	pgstat_shared->magic = PGSTAT_SHMEM_MAGIC;
	spin_init(&pgstat_shared->ring_lock);
	atomic_store(&pgstat_shared->collector_procno, -1);
	int64_t		now = now_us();

	pgstat_shared->base.bgwriter_reset_us = now;
	pgstat_shared->base.wal_reset_us = now;
	pgstat_shared->base.io_reset_us = now;
}

void
pgstat_shared_tables(PgStatTables *t)
{
	t->n_tables = PGSTAT_MAX_TABLES;
	t->n_dbs = PGSTAT_MAX_DBS;
	t->tables_full = 0;
	t->dbs = pgstat_shared->dbs;
	t->tables = pgstat_shared->tables;
	t->globals = &pgstat_shared->base;
}

int
pgstat_ring_take(PgStatMsg *out, int max)
{
	int			n = 0;

	spin_lock(&pgstat_shared->ring_lock);
	while (n < max && pgstat_shared->ring_tail < pgstat_shared->ring_head)
	{
		out[n++] = pgstat_shared->ring[pgstat_shared->ring_tail % PGSTAT_RING_SIZE];
		pgstat_shared->ring_tail++;
	}
	spin_unlock(&pgstat_shared->ring_lock);
	return n;
}

void
pgstat_count_io(PgStatIOOp op)
{
	if (pgstat_shared == NULL || MyBackendType <= B_INVALID || MyBackendType >= B_NUM_TYPES)
		return;
	atomic_fetch_add_explicit(&pgstat_shared->io[MyBackendType][op], 1, memory_order_relaxed);
	if (op == PGSTAT_IO_READ || op == PGSTAT_IO_HIT)
		pgstat_count_local_block(op);
}

void
pgstat_report_checkpoint(bool requested, int64_t write_ms, int64_t sync_ms)
{
	if (pgstat_shared == NULL)
		return;
	atomic_fetch_add(requested ? &pgstat_shared->checkpoints_req
					 : &pgstat_shared->checkpoints_timed, 1);
	atomic_fetch_add(&pgstat_shared->checkpoint_write_time_ms, write_ms);
	atomic_fetch_add(&pgstat_shared->checkpoint_sync_time_ms, sync_ms);
}

void
pgstat_live_globals(PgStatGlobals *out)
{
	BufferPoolStats b;
	WalStats	w;

	memset(out, 0, sizeof(*out));
	if (pgstat_shared == NULL)
		return;
	bufmgr_get_stats(&b);
	wal_get_stats(&w);
	out->checkpoints_timed = atomic_load(&pgstat_shared->checkpoints_timed);
	out->checkpoints_req = atomic_load(&pgstat_shared->checkpoints_req);
	out->checkpoint_write_time_ms = atomic_load(&pgstat_shared->checkpoint_write_time_ms);
	out->checkpoint_sync_time_ms = atomic_load(&pgstat_shared->checkpoint_sync_time_ms);
	out->buffers_checkpoint = (int64_t) b.buffers_checkpoint;
	out->buffers_clean = (int64_t) b.buffers_clean;
	out->maxwritten_clean = (int64_t) b.maxwritten_clean;
	out->buffers_backend = (int64_t) b.buffers_backend;
	out->buffers_alloc = (int64_t) b.buffers_alloc;
	out->wal_records = (int64_t) w.records;
	out->wal_fpi = (int64_t) w.fpi;
	out->wal_bytes = (int64_t) w.bytes;
	out->wal_buffers_full = (int64_t) w.buffers_full;
	out->wal_write = (int64_t) w.writes;
	out->wal_sync = (int64_t) w.syncs;
	for (int t = 0; t < B_NUM_TYPES; t++)
		for (int op = 0; op < PGSTAT_IO_NUM_OPS; op++)
			out->io[t][op] = atomic_load_explicit(&pgstat_shared->io[t][op],
												  memory_order_relaxed);
}

void
pgstat_fetch_globals(PgStatGlobals *out)
{
	PgStatGlobals live;

	pgstat_live_globals(&live);
	memset(out, 0, sizeof(*out));
	if (pgstat_shared == NULL)
		return;
	lwlock_acquire(lwlock_get(LWLOCK_STATS), LW_SHARED);
	*out = pgstat_shared->base;
	lwlock_release(lwlock_get(LWLOCK_STATS));
	int64_t    *o = &out->checkpoints_timed;
	const int64_t *l = &live.checkpoints_timed;

	/* Every counter from checkpoints_timed through io[][] is a sum. */
	size_t		n = (offsetof(PgStatGlobals, bgwriter_reset_us) -
					 offsetof(PgStatGlobals, checkpoints_timed)) / sizeof(int64_t);

	for (size_t i = 0; i < n; i++)
		o[i] += l[i];
}

bool
pgstat_fetch_table(Oid dbid, Oid relid, PgStatTableCounters *out)
{
	PgStatTables t;
	bool		found = false;

	memset(out, 0, sizeof(*out));
	if (pgstat_shared == NULL)
		return false;
	pgstat_shared_tables(&t);
	lwlock_acquire(lwlock_get(LWLOCK_STATS), LW_SHARED);
	PgStatTableEntry *e = pgstat_table_lookup(&t, dbid, relid, false);

	if (e != NULL)
	{
		*out = e->c;
		found = true;
	}
	lwlock_release(lwlock_get(LWLOCK_STATS));
	return found;
}

bool
pgstat_fetch_db(Oid dbid, PgStatDbCounters *out)
{
	PgStatTables t;
	bool		found = false;

	memset(out, 0, sizeof(*out));
	if (pgstat_shared == NULL)
		return false;
	pgstat_shared_tables(&t);
	lwlock_acquire(lwlock_get(LWLOCK_STATS), LW_SHARED);
	PgStatDbEntry *e = pgstat_db_lookup(&t, dbid, false);

	if (e != NULL)
	{
		*out = e->c;
		found = true;
	}
	lwlock_release(lwlock_get(LWLOCK_STATS));
	return found;
}

void
pgstat_walk_tables(Oid dbid, pgstat_table_visitor fn, void *arg)
{
	if (pgstat_shared == NULL)
		return;
	lwlock_acquire(lwlock_get(LWLOCK_STATS), LW_SHARED);
	for (int i = 0; i < PGSTAT_MAX_TABLES; i++)
	{
		const PgStatTableEntry *e = &pgstat_shared->tables[i];

		if (e->state == 1 && e->dbid == dbid)
			fn(e->relid, &e->c, arg);
	}
	lwlock_release(lwlock_get(LWLOCK_STATS));
}

uint64_t
pgstat_dropped_messages(void)
{
	return pgstat_shared ? atomic_load(&pgstat_shared->dropped) : 0;
}
