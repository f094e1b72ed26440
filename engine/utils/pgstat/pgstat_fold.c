/*-------------------------------------------------------------------------
 * pgstat_fold.c
 *	  Folding statistics messages into the collector's tables.
 *
 * Role: the arithmetic of cumulative statistics, apart from any process or
 * shared memory so unit tests can drive it (test_pgstat_fold.c).  The
 * collector calls pgstat_fold() for each message it takes off the ring.
 *
 * Tables: per-table entries live in an open-addressing hash (linear
 * probing, capacity a power of two) keyed by (dbid, relid); a dropped
 * table's entry becomes a tombstone (state 2) that lookups probe past and
 * inserts reuse.  Database entries are a small array searched linearly.
 *
 * Invariants:
 *	- Only one process folds (the collector); readers copy entries under
 *	  LWLOCK_STATS shared while the collector holds it exclusive.
 *	- n_live_tup and n_dead_tup never go below zero (a VACUUM report can
 *	  set them lower than the sum of deltas still in flight).
 *	- A message for a table with no free entry is counted in tables_full
 *	  and otherwise ignored; a full table never blocks the collector.
 *-------------------------------------------------------------------------
 */
#include "utils/pgstat/pgstat.h"

#include <string.h>

#define ENTRY_FREE 0
#define ENTRY_USED 1
#define ENTRY_DELETED 2

static uint32_t
table_hash(Oid dbid, Oid relid)
{
	uint32_t	h = relid * 0x9E3779B1u ^ (dbid + 0x7F4A7C15u) * 0x85EBCA77u;

	return h ^ (h >> 15);
}

PgStatTableEntry *
pgstat_table_lookup(PgStatTables *t, Oid dbid, Oid relid, bool create)
{
	uint32_t	mask = (uint32_t) t->n_tables - 1;
	uint32_t	i = table_hash(dbid, relid) & mask;
	PgStatTableEntry *reuse = NULL;

	for (int probes = 0; probes < t->n_tables; probes++, i = (i + 1) & mask)
	{
		PgStatTableEntry *e = &t->tables[i];

		if (e->state == ENTRY_FREE)
		{
			if (!create)
				return NULL;
			if (reuse == NULL)
				reuse = e;
			break;
		}
		if (e->state == ENTRY_DELETED)
		{
			if (reuse == NULL)
				reuse = e;
			continue;
		}
		if (e->dbid == dbid && e->relid == relid)
			return e;
	}
	if (!create || reuse == NULL)
		return NULL;
	memset(reuse, 0, sizeof(*reuse));
	reuse->dbid = dbid;
	reuse->relid = relid;
	reuse->state = ENTRY_USED;
	return reuse;
}

PgStatDbEntry *
pgstat_db_lookup(PgStatTables *t, Oid dbid, bool create)
{
	PgStatDbEntry *free_entry = NULL;

	for (int i = 0; i < t->n_dbs; i++)
	{
		if (t->dbs[i].used && t->dbs[i].dbid == dbid)
			return &t->dbs[i];
		if (!t->dbs[i].used && free_entry == NULL)
			free_entry = &t->dbs[i];
	}
	if (!create || free_entry == NULL)
		return NULL;
	memset(free_entry, 0, sizeof(*free_entry));
	free_entry->dbid = dbid;
	free_entry->used = true;
	return free_entry;
}

static int64_t
clamp0(int64_t v)
{
	return v < 0 ? 0 : v;
}

static void
fold_table(PgStatTableCounters *c, const PgStatTableCounters *d)
{
	c->seq_scan += d->seq_scan;
	c->seq_tup_read += d->seq_tup_read;
	c->idx_scan += d->idx_scan;
	c->idx_tup_fetch += d->idx_tup_fetch;
	c->n_tup_ins += d->n_tup_ins;
	c->n_tup_upd += d->n_tup_upd;
	c->n_tup_del += d->n_tup_del;
	c->n_tup_hot_upd += d->n_tup_hot_upd;
	c->n_live_tup = clamp0(c->n_live_tup + d->n_live_tup);
	c->n_dead_tup = clamp0(c->n_dead_tup + d->n_dead_tup);
	c->n_mod_since_analyze += d->n_mod_since_analyze;
	c->n_ins_since_vacuum += d->n_ins_since_vacuum;
}

static void
fold_db(PgStatDbCounters *c, const PgStatDbCounters *d)
{
	c->xact_commit += d->xact_commit;
	c->xact_rollback += d->xact_rollback;
	c->blks_read += d->blks_read;
	c->blks_hit += d->blks_hit;
	c->tup_returned += d->tup_returned;
	c->tup_fetched += d->tup_fetched;
	c->tup_inserted += d->tup_inserted;
	c->tup_updated += d->tup_updated;
	c->tup_deleted += d->tup_deleted;
	c->temp_files += d->temp_files;
	c->temp_bytes += d->temp_bytes;
	c->deadlocks += d->deadlocks;
	c->sessions += d->sessions;
	c->sessions_fatal += d->sessions_fatal;
	c->session_time_us += d->session_time_us;
}

/*
 * VACUUM (PostgreSQL's pgstat_report_vacuum): live and dead become what the
 * VACUUM counted, the inserts-since-vacuum counter restarts.  ANALYZE:
 * live and dead as counted, modifications-since-analyze restart.
 */
static void
fold_maintenance(PgStatTableCounters *c, const PgStatMsg *m)
{
	c->n_live_tup = clamp0(m->u.table.n_live_tup);
	if (m->u.table.n_dead_tup >= 0)	/* ANALYZE sends -1: not counted */
		c->n_dead_tup = m->u.table.n_dead_tup;
	if (m->type == PGSTAT_MSG_VACUUM)
	{
		c->n_ins_since_vacuum = 0;
		if (m->autovacuum)
		{
			c->last_autovacuum_us = m->time_us;
			c->autovacuum_count++;
		}
		else
		{
			c->last_vacuum_us = m->time_us;
			c->vacuum_count++;
		}
	}
	else
	{
		c->n_mod_since_analyze = 0;
		if (m->autovacuum)
		{
			c->last_autoanalyze_us = m->time_us;
			c->autoanalyze_count++;
		}
		else
		{
			c->last_analyze_us = m->time_us;
			c->analyze_count++;
		}
	}
}

/* pg_stat_reset(): this database's table entries and counters go. */
static void
reset_db(PgStatTables *t, Oid dbid, int64_t when_us)
{
	for (int i = 0; i < t->n_tables; i++)
		if (t->tables[i].state == ENTRY_USED && t->tables[i].dbid == dbid)
			t->tables[i].state = ENTRY_DELETED;

	PgStatDbEntry *db = pgstat_db_lookup(t, dbid, true);

	if (db != NULL)
	{
		memset(&db->c, 0, sizeof(db->c));
		db->c.stats_reset_us = when_us;
	}
}

void
pgstat_fold(PgStatTables *t, const PgStatMsg *m)
{
	switch ((PgStatMsgType) m->type)
	{
		case PGSTAT_MSG_TABLE:
		case PGSTAT_MSG_VACUUM:
		case PGSTAT_MSG_ANALYZE:
			{
				PgStatTableEntry *e = pgstat_table_lookup(t, m->dbid, m->relid, true);

				if (e == NULL)
				{
					t->tables_full++;
					return;
				}
				if (m->type == PGSTAT_MSG_TABLE)
					fold_table(&e->c, &m->u.table);
				else
					fold_maintenance(&e->c, m);
				return;
			}
		case PGSTAT_MSG_DB:
			{
				PgStatDbEntry *db = pgstat_db_lookup(t, m->dbid, true);

				if (db != NULL)
					fold_db(&db->c, &m->u.db);
				return;
			}
		case PGSTAT_MSG_DROP_TABLE:
			{
				PgStatTableEntry *e = pgstat_table_lookup(t, m->dbid, m->relid, false);

				if (e != NULL)
					e->state = ENTRY_DELETED;
				return;
			}
		case PGSTAT_MSG_RESET_DB:
			reset_db(t, m->dbid, m->time_us);
			return;
		case PGSTAT_MSG_RESET_SHARED:
			/* The live counters are re-based by the collector; here only
			 * the reset time (pgstat_collector.c does the rest). */
			if (t->globals == NULL)
				return;
			if (m->reset_target == 0)
				t->globals->bgwriter_reset_us = m->time_us;
			else if (m->reset_target == 1)
				t->globals->wal_reset_us = m->time_us;
			else
				t->globals->io_reset_us = m->time_us;
			return;
	}
}
