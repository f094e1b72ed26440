/*-------------------------------------------------------------------------
 * exec_rows.c
 *	  Rows kept beyond one exec call: copies of slots, row buffers (the
 *	  in-memory tuple store used by Sort, Material, CTEs and subplans),
 *	  value comparison/hashing, and the work_mem guard.
 *
 * work_mem: Sort, hashed Agg and HashJoin spill to temporary files past
 * work_mem (exec_sort.c, exec_agg.c, exec_join.c, rows written by
 * exec_spill.c).  The other nodes that keep rows allocate them in their
 * own memory context and call exec_check_work_mem() as it grows:
 * exceeding EXEC_WORK_MEM_FACTOR times work_mem there is ERROR 53200
 * rather than unbounded growth.
 *-------------------------------------------------------------------------
 */
#include "sql/exec/exec_internal.h"

#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/interrupt.h"

/* How far past work_mem a node may grow before it must give up. */
#define EXEC_WORK_MEM_FACTOR	64

void
exec_col_storage(const Oid *types, int n, int16_t **typlens, bool **typbyvals)
{
	*typlens = palloc(sizeof(int16_t) * Max(n, 1));
	*typbyvals = palloc(sizeof(bool) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		const TypeInfo *ti = types ? type_get_or_null(types[i]) : NULL;

		if (ti == NULL)
		{
			/* unknown column type (e.g. the TID column): treat as a word */
			(*typlens)[i] = 8;
			(*typbyvals)[i] = true;
		}
		else
		{
			(*typlens)[i] = ti->typlen;
			(*typbyvals)[i] = ti->byval;
		}
	}
}

Row *
row_copy(MemoryContext ctx, TupleSlot *slot, const int16_t *typlens, const bool *typbyvals)
{
	int			n = slot->ncols;
	size_t		size = MAXALIGN(sizeof(Row)) + MAXALIGN(sizeof(Datum) * Max(n, 1)) +
		MAXALIGN(sizeof(bool) * Max(n, 1));
	char	   *mem;
	Row		   *row;

	for (int i = 0; i < n; i++)
	{
		if (!slot->isnull[i] && !typbyvals[i])
			size += MAXALIGN(datum_get_size(slot->values[i], false, typlens[i]));
	}
	/* zeroed whole: alignment padding is written to spill files as is */
	mem = memctx_alloc_zero(ctx, size);
	row = (Row *) mem;
	mem += MAXALIGN(sizeof(Row));
	row->flat_size = (uint32_t) size;
	row->ncols = n;
	row->values = (Datum *) mem;
	mem += MAXALIGN(sizeof(Datum) * Max(n, 1));
	row->isnull = (bool *) mem;
	mem += MAXALIGN(sizeof(bool) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		row->isnull[i] = slot->isnull[i];
		if (slot->isnull[i])
			row->values[i] = (Datum) 0;
		else if (typbyvals[i])
			row->values[i] = slot->values[i];
		else
		{
			size_t		len = datum_get_size(slot->values[i], false, typlens[i]);

			memcpy(mem, DatumGetPointer(slot->values[i]), len);
			row->values[i] = PointerGetDatum(mem);
			mem += MAXALIGN(len);
		}
	}
	return row;
}

Datum
datum_copy_in(MemoryContext cxt, Datum value, bool byval, int16_t typlen)
{
	MemoryContext old;
	Datum		result;

	if (byval)
		return value;
	old = memctx_switch_to(cxt);
	result = datum_copy(value, byval, typlen);
	memctx_switch_to(old);
	return result;
}

void
row_to_slot(Row *row, TupleSlot *slot)
{
	memcpy(slot->values, row->values, sizeof(Datum) * row->ncols);
	memcpy(slot->isnull, row->isnull, sizeof(bool) * row->ncols);
}

size_t
exec_work_mem_bytes(void)
{
	return (size_t) guc_work_mem_kb * 1024;
}

void
exec_check_work_mem(MemoryContext cxt, const char *what)
{
	size_t		limit_bytes = (size_t) guc_work_mem_kb * 1024 * EXEC_WORK_MEM_FACTOR;
	size_t		used = memctx_bytes(cxt, true);

	if (used > limit_bytes)
		ereport(ERROR, errcode(ERRCODE_OUT_OF_MEMORY),
				errmsg("out of memory"),
				errdetail("%s needs more than %zu kB, %d times work_mem, and cannot spill to disk.",
						  what, limit_bytes / 1024, EXEC_WORK_MEM_FACTOR),
				errhint("Increase work_mem or reduce the rows processed at once."));
}

RowBuffer *
rowbuf_create(MemoryContext parent, const char *what)
{
	RowBuffer  *rb = memctx_alloc_zero(parent, sizeof(RowBuffer));

	rb->cxt = memctx_create(parent, what);
	rb->what = what;
	return rb;
}

void
rowbuf_add(RowBuffer *rb, TupleSlot *slot, const int16_t *typlens, const bool *typbyvals)
{
	if (rb->nrows == rb->cap)
	{
		int64_t		newcap = rb->cap ? rb->cap * 2 : 64;

		if ((size_t) newcap * sizeof(Row *) > MaxAllocSize)
			exec_check_work_mem(rb->cxt, rb->what);
		rb->rows = rb->rows ? repalloc(rb->rows, sizeof(Row *) * newcap) :
			memctx_alloc(rb->cxt, sizeof(Row *) * newcap);
		rb->cap = newcap;
	}
	rb->rows[rb->nrows++] = row_copy(rb->cxt, slot, typlens, typbyvals);
	if ((rb->nrows & 1023) == 0)
	{
		exec_check_work_mem(rb->cxt, rb->what);
		CHECK_FOR_INTERRUPTS();
	}
}

void
rowbuf_reset(RowBuffer *rb)
{
	memctx_reset(rb->cxt);
	rb->rows = NULL;
	rb->nrows = 0;
	rb->cap = 0;
	rb->readpos = 0;
}

/* ------------------------------------------------------------------------
 * Comparing and hashing values
 * ------------------------------------------------------------------------
 */
static bool
is_int(Oid t)
{
	return t == INT2OID || t == INT4OID || t == INT8OID;
}

static int64_t
int_value(Oid t, Datum d)
{
	if (t == INT2OID)
		return DatumGetInt16(d);
	if (t == INT4OID)
		return DatumGetInt32(d);
	return DatumGetInt64(d);
}

int
exec_compare_values(Oid type, Datum a, Datum b)
{
	return type_compare(type, a, b);
}

uint32_t
exec_hash_value(Oid type, Datum v)
{
	return type_hash(type, v);
}

bool
exec_values_equal(Oid ltype, Datum a, Oid rtype, Datum b)
{
	if (ltype != rtype && is_int(ltype) && is_int(rtype))
		return int_value(ltype, a) == int_value(rtype, b);
	return type_compare(ltype, a, b) == 0;
}
