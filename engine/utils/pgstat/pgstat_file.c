/*-------------------------------------------------------------------------
 * pgstat_file.c
 *	  The permanent statistics file, pg_stat/minipg.stat.
 *
 * Role: carry the cumulative statistics across a clean shutdown.  The
 * collector writes it when the postmaster stops it (after the shutdown
 * checkpoint) and reads it, then unlinks it, when it first starts in a
 * shared-memory generation.  Because the file is gone while the server
 * runs, a crash, an immediate stop or a killed collector leave none behind
 * and the next start begins from zero, as PostgreSQL does.
 *
 * Format (host byte order; the file never travels between machines):
 *	uint32 magic 'MPST', uint32 version, int32 n_dbs, int32 n_tables,
 *	PgStatGlobals (base + live at the time of writing),
 *	n_dbs x PgStatDbEntry, n_tables x PgStatTableEntry (used ones only),
 *	uint32 CRC-32C of everything before it.
 * A file with a bad magic, version, size or CRC is logged and ignored.
 *
 * Fault points: stats/file/before-write (step, in the collector before the
 * file is written: a crash there must leave no file, or the old one never
 * read again); the write itself goes through the file layer's points.
 *-------------------------------------------------------------------------
 */
#include "utils/pgstat/pgstat_internal.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "faults/faultpoint.h"
#include "storage/file/fileops.h"
#include "storage/lmgr/lwlock.h"
#include "utils/crc32c.h"
#include "utils/elog.h"
#include "utils/memctx.h"
#include "utils/strbuf.h"

#define PGSTAT_FILE_MAGIC	0x5453504Du	/* "MPST" */
#define PGSTAT_FILE_VERSION 1

typedef struct PgStatFileHeader
{
	uint32_t	magic;
	uint32_t	version;
	int32_t		n_dbs;
	int32_t		n_tables;
	PgStatGlobals globals;
} PgStatFileHeader;

/* Precondition: the caller (the collector) holds LWLOCK_STATS. */
void
pgstat_write_file(void)
{
	PgStatFileHeader h;
	PgStatGlobals live;
	StringBuf	buf;

	memset(&h, 0, sizeof(h));
	h.magic = PGSTAT_FILE_MAGIC;
	h.version = PGSTAT_FILE_VERSION;
	pgstat_live_globals(&live);
	h.globals = pgstat_shared->base;

	int64_t    *o = &h.globals.checkpoints_timed;
	const int64_t *l = &live.checkpoints_timed;
	size_t		n = (offsetof(PgStatGlobals, bgwriter_reset_us) -
					 offsetof(PgStatGlobals, checkpoints_timed)) / sizeof(int64_t);

	for (size_t i = 0; i < n; i++)
		o[i] += l[i];
	for (int i = 0; i < PGSTAT_MAX_DBS; i++)
		h.n_dbs += pgstat_shared->dbs[i].used;
	for (int i = 0; i < PGSTAT_MAX_TABLES; i++)
		h.n_tables += pgstat_shared->tables[i].state == 1;

	strbuf_init(&buf);
	strbuf_append_bytes(&buf, &h, (int) sizeof(h));
	for (int i = 0; i < PGSTAT_MAX_DBS; i++)
		if (pgstat_shared->dbs[i].used)
			strbuf_append_bytes(&buf, &pgstat_shared->dbs[i], (int) sizeof(PgStatDbEntry));
	for (int i = 0; i < PGSTAT_MAX_TABLES; i++)
		if (pgstat_shared->tables[i].state == 1)
			strbuf_append_bytes(&buf, &pgstat_shared->tables[i], (int) sizeof(PgStatTableEntry));

	uint32_t	crc = crc32c_compute(buf.data, (size_t) buf.len);

	strbuf_append_bytes(&buf, &crc, (int) sizeof(crc));
	FAULT_MARK("stats/file/before-write");
	if (fo_mkdir(PGSTAT_STAT_DIR, 0700) != 0 && errno != EEXIST)
		ereport(ERROR, errcode_for_file_access(),
				errmsg("could not create directory \"%s\": %m", PGSTAT_STAT_DIR));
	fo_write_file_durably(PGSTAT_STAT_FILE, buf.data, (size_t) buf.len);
	elog(DEBUG1, "wrote statistics file \"%s\": %d databases, %d tables",
		 PGSTAT_STAT_FILE, h.n_dbs, h.n_tables);
}

static bool
file_is_valid(const char *data, size_t len, const PgStatFileHeader **hp)
{
	const PgStatFileHeader *h = (const PgStatFileHeader *) data;
	uint32_t	crc;

	if (len < sizeof(*h) + sizeof(uint32_t))
		return false;
	if (h->magic != PGSTAT_FILE_MAGIC || h->version != PGSTAT_FILE_VERSION ||
		h->n_dbs < 0 || h->n_dbs > PGSTAT_MAX_DBS ||
		h->n_tables < 0 || h->n_tables > PGSTAT_MAX_TABLES)
		return false;
	size_t		want = sizeof(*h) + (size_t) h->n_dbs * sizeof(PgStatDbEntry) +
		(size_t) h->n_tables * sizeof(PgStatTableEntry) + sizeof(uint32_t);

	if (len != want)
		return false;
	memcpy(&crc, data + len - sizeof(crc), sizeof(crc));
	if (crc != crc32c_compute(data, len - sizeof(crc)))
		return false;
	*hp = h;
	return true;
}

/* Precondition: the caller (the collector) holds LWLOCK_STATS exclusive. */
void
pgstat_read_and_remove_file(void)
{
	size_t		len;
	char	   *data = fo_read_file(PGSTAT_STAT_FILE, &len);
	const PgStatFileHeader *h;

	if (data == NULL)
	{
		if (errno != ENOENT)
			ereport(LOG, errcode_for_file_access(),
					errmsg("could not open statistics file \"%s\": %m", PGSTAT_STAT_FILE));
		return;
	}
	if (!file_is_valid(data, len, &h))
		ereport(LOG, errmsg("corrupted statistics file \"%s\"", PGSTAT_STAT_FILE));
	else
	{
		PgStatTables t;
		const char *p = data + sizeof(*h);

		pgstat_shared->base = h->globals;
		pgstat_shared_tables(&t);
		for (int i = 0; i < h->n_dbs; i++, p += sizeof(PgStatDbEntry))
		{
			PgStatDbEntry e;

			memcpy(&e, p, sizeof(e));
			PgStatDbEntry *d = pgstat_db_lookup(&t, e.dbid, true);

			if (d != NULL)
				d->c = e.c;
		}
		for (int i = 0; i < h->n_tables; i++, p += sizeof(PgStatTableEntry))
		{
			PgStatTableEntry e;

			memcpy(&e, p, sizeof(e));
			PgStatTableEntry *d = pgstat_table_lookup(&t, e.dbid, e.relid, true);

			if (d != NULL)
				d->c = e.c;
		}
		elog(DEBUG1, "read statistics file \"%s\": %d databases, %d tables",
			 PGSTAT_STAT_FILE, h->n_dbs, h->n_tables);
	}
	pfree(data);
	if (fo_unlink(PGSTAT_STAT_FILE) != 0 && errno != ENOENT)
		ereport(LOG, errcode_for_file_access(),
				errmsg("could not unlink permanent statistics file \"%s\": %m",
					   PGSTAT_STAT_FILE));
}
