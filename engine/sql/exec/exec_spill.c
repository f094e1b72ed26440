/*-------------------------------------------------------------------------
 * exec_spill.c
 *	  Rows in temporary files: the record format shared by the spilling
 *	  nodes (Sort runs through utils/extsort.h, hashed Agg partitions,
 *	  HashJoin batches).
 *
 * A Row made by row_copy is one chunk of flat_size bytes: the Row header,
 * its values array, its isnull array and the bytes of its by-reference
 * values, each MAXALIGNed.  On disk a row is
 *	[uint32 flat_size][the chunk with every internal pointer replaced by
 *	 its offset from the chunk's start]
 * so reading it back is one read and a fix-up, with no per-column work
 * beyond the by-reference columns.  next and extra are not kept (NULL
 * after reading); hash, matched and the counts are.
 *
 * The file belongs to the caller (tempfile.h); errors are tempfile's
 * ERRORs, plus XX001 for a record cut short (a file we wrote ourselves:
 * only a bug or a damaged disk can do that).
 *-------------------------------------------------------------------------
 */
#include "sql/exec/exec_internal.h"

#include "storage/file/tempfile.h"
#include "utils/elog.h"

void
row_pointers_to_offsets(Row *row, const Row *orig, const bool *typbyvals)
{
	const char *base = (const char *) orig;
	uintptr_t	values_off = (uintptr_t) ((const char *) orig->values - base);
	uintptr_t	isnull_off = (uintptr_t) ((const char *) orig->isnull - base);
	/* row's own arrays (its pointers may still point into orig) */
	Datum	   *values = (Datum *) ((char *) row + values_off);
	const bool *isnull = (const bool *) ((char *) row + isnull_off);

	for (int i = 0; i < row->ncols; i++)
	{
		if (!isnull[i] && !typbyvals[i])
			values[i] = (Datum) ((const char *) DatumGetPointer(values[i]) - base);
	}
	row->values = (Datum *) values_off;
	row->isnull = (bool *) isnull_off;
	row->next = NULL;
	row->extra = NULL;
}

void
row_offsets_to_pointers(Row *row, const bool *typbyvals)
{
	char	   *base = (char *) row;

	row->values = (Datum *) (base + (uintptr_t) row->values);
	row->isnull = (bool *) (base + (uintptr_t) row->isnull);
	for (int i = 0; i < row->ncols; i++)
	{
		if (!row->isnull[i] && !typbyvals[i])
			row->values[i] = PointerGetDatum(base + (uintptr_t) row->values[i]);
	}
}

void
spill_write_row(TempFile *tf, Row *row, const bool *typbyvals)
{
	uint32_t	len = row->flat_size;

	row_pointers_to_offsets(row, row, typbyvals);
	tempfile_write(tf, &len, sizeof(len));
	tempfile_write(tf, row, len);
}

void
spill_write_slot(TempFile *tf, TupleSlot *slot, uint32_t hash, const int16_t *typlens,
				 const bool *typbyvals, MemoryContext cxt)
{
	Row		   *row = row_copy(cxt, slot, typlens, typbyvals);

	row->hash = hash;
	spill_write_row(tf, row, typbyvals);
	pfree(row);
}

Row *
spill_read_row(TempFile *tf, MemoryContext cxt, const bool *typbyvals)
{
	uint32_t	len;
	size_t		got = tempfile_read(tf, &len, sizeof(len));
	Row		   *row;

	if (got == 0)
		return NULL;
	if (got != sizeof(len) || len < sizeof(Row))
		ereport(ERROR, errcode(ERRCODE_DATA_CORRUPTED),
				errmsg("unexpected end of temporary file \"%s\"", tempfile_path(tf)));
	row = memctx_alloc(cxt, len);
	if (tempfile_read(tf, row, len) != len)
		ereport(ERROR, errcode(ERRCODE_DATA_CORRUPTED),
				errmsg("unexpected end of temporary file \"%s\"", tempfile_path(tf)));
	row_offsets_to_pointers(row, typbyvals);
	return row;
}
