/*-------------------------------------------------------------------------
 * sysview.h
 *	  Built-in system views: pg_stat_activity, pg_settings, pg_locks, ...
 *
 * Role: a system view is a name in pg_catalog whose rows are produced in
 * C from the running server's state (shared memory, GUCs, this backend's
 * memory contexts) rather than read from a heap.  The analyzer resolves the
 * name to a function range-table entry carrying the view's id; FunctionScan
 * calls the view's fill function once when the scan starts (and again on a
 * rescan), which appends every row; the scan then returns them in order and
 * applies the query's quals.  So a view is a consistent-enough snapshot per
 * scan, as PostgreSQL's are, and joins/aggregates/ORDER BY work on it as on
 * any other relation.
 *
 * Invariants:
 *	- A view's columns are fixed at compile time; the analyzer copies names
 *	  and types from here, so a cached plan stays valid for the server's
 *	  life.
 *	- fill() only reads state; it takes no heavyweight lock and raises no
 *	  error for a torn read of another process's slot (it skips the row).
 *	- A row starts all NULL; set only the columns that have a value.
 *	- Views are found only unqualified or qualified with pg_catalog, and
 *	  before any table of the same name (PostgreSQL searches pg_catalog
 *	  first unless search_path lists it later); a user's table of that name
 *	  stays reachable schema-qualified.
 *-------------------------------------------------------------------------
 */
#ifndef SYSVIEW_H
#define SYSVIEW_H

#include "common/minipg.h"
#include "sql/types/datum.h"
#include "utils/memctx.h"

typedef struct SysViewColumn
{
	const char *name;
	Oid			type;			/* BOOLOID, INT4OID, INT8OID, OIDOID, TEXTOID,
								 * NAMEOID, FLOAT8OID, TIMESTAMPTZOID, ... */
} SysViewColumn;

typedef struct SysViewRows SysViewRows;

typedef struct SysView
{
	const char *name;			/* e.g. "pg_stat_activity" */
	const SysViewColumn *columns;
	int			ncolumns;
	void		(*fill) (SysViewRows *rows);
} SysView;

/* NULL when (schema, name) is not a system view; schema may be NULL. */
const SysView *sysview_lookup(const char *schema, const char *name);
/* Stable small integer id of a view (what plans carry), and back. */
int			sysview_id(const SysView *view);
const SysView *sysview_by_id(int id);
int			sysview_count(void);	/* ids are 0 .. sysview_count() - 1 */

/* Row building, only inside a fill function. */
void		sysview_begin_row(SysViewRows *rows);
void		sysview_set_datum(SysViewRows *rows, int col, Datum value);	/* by-value types */
void		sysview_set_text(SysViewRows *rows, int col, const char *s);	/* text, name; NULL -> NULL */
void		sysview_set_int4(SysViewRows *rows, int col, int32_t v);
void		sysview_set_int8(SysViewRows *rows, int col, int64_t v);
void		sysview_set_oid(SysViewRows *rows, int col, Oid v);
void		sysview_set_bool(SysViewRows *rows, int col, bool v);
void		sysview_set_float8(SysViewRows *rows, int col, double v);
/* A Unix-epoch time in microseconds (what the engine records); 0 -> NULL. */
void		sysview_set_timestamptz_unix_us(SysViewRows *rows, int col, int64_t unix_us);

/*
 * For the executor: run a view's fill function with rows allocated in cxt,
 * then read row i (values/nulls arrays of ncolumns entries).
 */
SysViewRows *sysview_materialize(const SysView *view, MemoryContext cxt);
int			sysview_row_count(const SysViewRows *rows);
void		sysview_row(const SysViewRows *rows, int i, const Datum **values,
						const bool **nulls);

#endif							/* SYSVIEW_H */
