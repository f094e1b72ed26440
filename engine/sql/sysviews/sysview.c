/*-------------------------------------------------------------------------
 * sysview.c
 *	  The registry of system views and the row buffer their fill functions
 *	  write into.
 *
 * Role: name lookup for the analyzer, id <-> view for plans, and the
 * materialized rows FunctionScan returns.
 *
 * Invariants:
 *	- Rows live in the memory context given to sysview_materialize(); the
 *	  executor resets that context before filling again, so a rescan sees
 *	  a fresh snapshot and nothing leaks across scans.
 *	- Every value a fill function sets is copied into that context (text
 *	  and name are built there), so fill functions may pass stack buffers.
 *	- A column's Datum representation is the one its type uses everywhere
 *	  else: text is a varlena, name a NAMEDATALEN zero-padded array,
 *	  timestamptz microseconds since 2000-01-01.
 *-------------------------------------------------------------------------
 */
#include "sql/sysviews/sysview.h"

#include <string.h>

#include "sql/types/datetime.h"
#include "sql/types/types.h"
#include "utils/elog.h"

#define SYSVIEW(sym) extern const SysView sym;
#include "sql/sysviews/sysview_list.h"
#undef SYSVIEW

static const SysView *const all_views[] = {
#define SYSVIEW(sym) &sym,
#include "sql/sysviews/sysview_list.h"
#undef SYSVIEW
};

struct SysViewRows
{
	const SysView *view;
	MemoryContext cxt;
	int			nrows;
	int			capacity;
	Datum	   *values;			/* nrows * ncolumns */
	bool	   *nulls;
};

const SysView *
sysview_lookup(const char *schema, const char *name)
{
	if (schema != NULL && strcmp(schema, "pg_catalog") != 0)
		return NULL;
	for (size_t i = 0; i < lengthof(all_views); i++)
		if (strcmp(all_views[i]->name, name) == 0)
			return all_views[i];
	return NULL;
}

int
sysview_id(const SysView *view)
{
	for (size_t i = 0; i < lengthof(all_views); i++)
		if (all_views[i] == view)
			return (int) i;
	elog(ERROR, "unknown system view");
	return -1;
}

const SysView *
sysview_by_id(int id)
{
	if (id < 0 || (size_t) id >= lengthof(all_views))
		elog(ERROR, "invalid system view id %d", id);
	return all_views[id];
}

int
sysview_count(void)
{
	return (int) lengthof(all_views);
}

SysViewRows *
sysview_materialize(const SysView *view, MemoryContext cxt)
{
	MemoryContext old = memctx_switch_to(cxt);
	SysViewRows *rows = palloc0(sizeof(SysViewRows));

	rows->view = view;
	rows->cxt = cxt;
	view->fill(rows);
	memctx_switch_to(old);
	return rows;
}

int
sysview_row_count(const SysViewRows *rows)
{
	return rows->nrows;
}

void
sysview_row(const SysViewRows *rows, int i, const Datum **values, const bool **nulls)
{
	Assert(i >= 0 && i < rows->nrows);
	*values = rows->values + (size_t) i * rows->view->ncolumns;
	*nulls = rows->nulls + (size_t) i * rows->view->ncolumns;
}

void
sysview_begin_row(SysViewRows *rows)
{
	int			ncols = rows->view->ncolumns;
	MemoryContext old = memctx_switch_to(rows->cxt);

	if (rows->nrows == rows->capacity)
	{
		int			newcap = rows->capacity == 0 ? 64 : rows->capacity * 2;

		if (rows->values == NULL)
		{
			rows->values = palloc(sizeof(Datum) * (size_t) newcap * ncols);
			rows->nulls = palloc(sizeof(bool) * (size_t) newcap * ncols);
		}
		else
		{
			rows->values = repalloc(rows->values, sizeof(Datum) * (size_t) newcap * ncols);
			rows->nulls = repalloc(rows->nulls, sizeof(bool) * (size_t) newcap * ncols);
		}
		rows->capacity = newcap;
	}
	memctx_switch_to(old);
	memset(rows->values + (size_t) rows->nrows * ncols, 0, sizeof(Datum) * ncols);
	memset(rows->nulls + (size_t) rows->nrows * ncols, true, sizeof(bool) * ncols);
	rows->nrows++;
}

static void
put(SysViewRows *rows, int col, Datum value)
{
	size_t		at;

	Assert(rows->nrows > 0 && col >= 0 && col < rows->view->ncolumns);
	at = (size_t) (rows->nrows - 1) * rows->view->ncolumns + col;
	rows->values[at] = value;
	rows->nulls[at] = false;
}

void
sysview_set_datum(SysViewRows *rows, int col, Datum value)
{
	put(rows, col, value);
}

void
sysview_set_text(SysViewRows *rows, int col, const char *s)
{
	MemoryContext old;

	if (s == NULL)
		return;
	old = memctx_switch_to(rows->cxt);
	if (rows->view->columns[col].type == NAMEOID)
	{
		char	   *name = palloc0(NAMEDATALEN);

		strncpy(name, s, NAMEDATALEN - 1);
		put(rows, col, PointerGetDatum(name));
	}
	else
		put(rows, col, CStringGetTextDatum(s));
	memctx_switch_to(old);
}

void
sysview_set_int4(SysViewRows *rows, int col, int32_t v)
{
	put(rows, col, Int32GetDatum(v));
}

void
sysview_set_int8(SysViewRows *rows, int col, int64_t v)
{
	put(rows, col, Int64GetDatum(v));
}

void
sysview_set_oid(SysViewRows *rows, int col, Oid v)
{
	put(rows, col, ObjectIdGetDatum(v));
}

void
sysview_set_bool(SysViewRows *rows, int col, bool v)
{
	put(rows, col, BoolGetDatum(v));
}

void
sysview_set_float8(SysViewRows *rows, int col, double v)
{
	put(rows, col, Float8GetDatum(v));
}

void
sysview_set_timestamptz_unix_us(SysViewRows *rows, int col, int64_t unix_us)
{
	if (unix_us == 0)
		return;
	put(rows, col, Int64GetDatum(datetime_from_unix_us(unix_us)));
}
