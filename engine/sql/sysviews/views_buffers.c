/*-------------------------------------------------------------------------
 * views_buffers.c
 *	  pg_buffercache: what each shared buffer holds.
 *
 * Role: one row per shared buffer, with the pg_buffercache extension's
 * columns (PostgreSQL 15: bufferid, relfilenode, reltablespace,
 * reldatabase, relforknumber, relblocknumber, isdirty, usagecount,
 * pinning_backends).  In PostgreSQL it is an extension; here it is built
 * in, so no CREATE EXTENSION is needed.
 *
 * Invariants:
 *	- Each buffer's header is read under its own header lock
 *	  (bufmgr_buffer_info), so a row is one consistent picture of that
 *	  buffer; rows of different buffers are taken at different moments,
 *	  as in PostgreSQL.
 *	- An unused buffer has only bufferid set (the rest NULL), as in PG.
 *	- Every relation has one fork (main, 0); shared catalogs are database
 *	  0, tablespace is always pg_default (1663).
 *-------------------------------------------------------------------------
 */
#include "sql/sysviews/sysview.h"

#include "storage/buffer/bufmgr.h"
#include "sql/types/types.h"

enum
{
	BC_BUFFERID, BC_RELFILENODE, BC_RELTABLESPACE, BC_RELDATABASE, BC_RELFORKNUMBER,
	BC_RELBLOCKNUMBER, BC_ISDIRTY, BC_USAGECOUNT, BC_PINNING_BACKENDS, BC_NCOLS
};

static const SysViewColumn buffercache_columns[] = {
	{"bufferid", INT4OID}, {"relfilenode", OIDOID}, {"reltablespace", OIDOID},
	{"reldatabase", OIDOID}, {"relforknumber", INT2OID}, {"relblocknumber", INT8OID},
	{"isdirty", BOOLOID}, {"usagecount", INT2OID}, {"pinning_backends", INT4OID},
};
StaticAssert(lengthof(buffercache_columns) == BC_NCOLS, "pg_buffercache columns");

#define DEFAULT_TABLESPACE_OID 1663

static void
fill_buffercache(SysViewRows *rows)
{
	int			n = bufmgr_nbuffers();

	for (int i = 0; i < n; i++)
	{
		BufferInfo	b;

		bufmgr_buffer_info(i, &b);
		sysview_begin_row(rows);
		sysview_set_int4(rows, BC_BUFFERID, i + 1);
		if (!b.tag_valid)
			continue;
		sysview_set_oid(rows, BC_RELFILENODE, b.rl.rel_number);
		sysview_set_oid(rows, BC_RELTABLESPACE, DEFAULT_TABLESPACE_OID);
		sysview_set_oid(rows, BC_RELDATABASE, b.rl.db_oid);
		sysview_set_datum(rows, BC_RELFORKNUMBER, Int16GetDatum(0));
		sysview_set_int8(rows, BC_RELBLOCKNUMBER, (int64_t) b.blkno);
		sysview_set_bool(rows, BC_ISDIRTY, b.dirty);
		sysview_set_datum(rows, BC_USAGECOUNT, Int16GetDatum((int16_t) b.usage_count));
		sysview_set_int4(rows, BC_PINNING_BACKENDS, b.pins);
	}
}

const SysView sysview_pg_buffercache = {
	"pg_buffercache", buffercache_columns, BC_NCOLS, fill_buffercache
};
