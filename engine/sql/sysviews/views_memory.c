/*-------------------------------------------------------------------------
 * views_memory.c
 *	  pg_backend_memory_contexts: this backend's memory contexts.
 *
 * Role: one row per memory context of the backend running the query
 * (utils/memctx.h), from TopMemoryContext (level 0) down, with what each
 * has taken from malloc (total_bytes) and handed out (used_bytes).
 *
 * Invariants:
 *	- Only the querying backend's own contexts, as in PostgreSQL.
 *	- free_bytes = total_bytes - used_bytes; the allocator does not count
 *	  blocks or free chunks, so total_nblocks and free_chunks are NULL.
 *	- The rows' own context is one of the contexts walked; its numbers are
 *	  those of the moment it was visited.
 *-------------------------------------------------------------------------
 */
#include "sql/sysviews/sysview.h"

#include "sql/types/types.h"
#include "utils/memctx.h"

enum
{
	MC_NAME, MC_IDENT, MC_PARENT, MC_LEVEL, MC_TOTAL_BYTES, MC_TOTAL_NBLOCKS,
	MC_FREE_BYTES, MC_FREE_CHUNKS, MC_USED_BYTES, MC_NCOLS
};

static const SysViewColumn memory_columns[] = {
	{"name", TEXTOID}, {"ident", TEXTOID}, {"parent", TEXTOID}, {"level", INT4OID},
	{"total_bytes", INT8OID}, {"total_nblocks", INT8OID}, {"free_bytes", INT8OID},
	{"free_chunks", INT8OID}, {"used_bytes", INT8OID},
};
StaticAssert(lengthof(memory_columns) == MC_NCOLS, "pg_backend_memory_contexts columns");

static void
visit_context(MemoryContext ctx, int depth, const char *name, const char *parent_name,
			  size_t total_bytes, size_t used_bytes, void *arg)
{
	SysViewRows *rows = arg;

	(void) ctx;
	sysview_begin_row(rows);
	sysview_set_text(rows, MC_NAME, name);
	sysview_set_text(rows, MC_PARENT, parent_name);
	sysview_set_int4(rows, MC_LEVEL, depth);
	sysview_set_int8(rows, MC_TOTAL_BYTES, (int64_t) total_bytes);
	sysview_set_int8(rows, MC_USED_BYTES, (int64_t) used_bytes);
	sysview_set_int8(rows, MC_FREE_BYTES, (int64_t) (total_bytes - used_bytes));
}

static void
fill_memory_contexts(SysViewRows *rows)
{
	memctx_walk(TopMemoryContext, visit_context, rows);
}

const SysView sysview_pg_backend_memory_contexts = {
	"pg_backend_memory_contexts", memory_columns, MC_NCOLS, fill_memory_contexts
};
