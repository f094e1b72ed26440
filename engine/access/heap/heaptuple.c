/*-------------------------------------------------------------------------
 * heaptuple.c
 *	  Forming tuples from Datums and reading Datums back out of tuples
 *	  (format in heaptuple.h).
 *
 * Role: the only code that knows how column values are laid out after the
 * tuple header.  Everything works on a HeapTuple whose t_data is a
 * contiguous, MAXALIGNed copy (never on a shared page: the heap copies
 * tuples out of the page before deforming them).
 *
 * Invariants:
 *	- heap_form_tuple never produces a tuple larger than MaxHeapTupleSize
 *	  (ERROR 54000 "row is too big: size %zu, maximum size %zu", with the
 *	  MAXALIGNed size as PostgreSQL reports it) nor one with more than
 *	  MaxHeapAttributeNumber attributes (ERROR 54011).
 *	- Reading never trusts the bytes: an attribute that would extend past
 *	  t_len, a length word below 4 or a C string without its NUL raises
 *	  ERROR XX001 instead of reading outside the tuple.
 *	- Attributes beyond the tuple's stored count read as NULL.
 *
 * Entry points: heap_form_tuple, heap_deform_tuple, heap_getattr,
 * heap_copytuple, heap_freetuple.
 *
 * See also: heaptuple.h (byte layout), sql/types/datum.h (Datum packing).
 *-------------------------------------------------------------------------
 */
#include "access/heap/heaptuple.h"

#include "access/common/attvalue.h"
#include "sql/types/datum.h"
#include "utils/elog.h"
#include "utils/memctx.h"

/* Size of the column data (with alignment padding) for these values. */
static size_t
compute_data_size(TupleDesc desc, const Datum *values, const bool *isnull)
{
	size_t		off = 0;

	for (int i = 0; i < desc->natts; i++)
	{
		const Attribute *att = tupdesc_attr(desc, i);

		if (isnull[i])
			continue;
		att_check_storage(att->attlen, att->attbyval, att->attnum);
		off = att_align(att->attalign, off);
		off += att_value_size(att->attlen, values[i]);
		/* Stop early on absurd sizes: the caller gets "row is too big". */
		if (off > MaxAllocSize)
			break;
	}
	return off;
}

HeapTuple
heap_form_tuple(TupleDesc desc, const Datum *values, const bool *isnull)
{
	int			natts = desc->natts;
	bool		hasnull = false;
	bool		hasvarwidth = false;

	if (natts > MaxHeapAttributeNumber)
		ereport(ERROR, errcode(ERRCODE_TOO_MANY_COLUMNS),
				errmsg("number of columns (%d) exceeds limit (%d)",
					   natts, MaxHeapAttributeNumber));
	for (int i = 0; i < natts; i++)
	{
		hasnull |= isnull[i];
		hasvarwidth |= !isnull[i] && tupdesc_attr(desc, i)->attlen < 0;
	}
	size_t		hoff = MAXALIGN(SizeofHeapTupleHeader + (hasnull ? BITMAPLEN(natts) : 0));
	size_t		data_size = compute_data_size(desc, values, isnull);
	size_t		len = hoff + data_size;

	if (data_size > MaxAllocSize || len > MaxHeapTupleSize)
		ereport(ERROR, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("row is too big: size %zu, maximum size %zu",
					   (size_t) MAXALIGN(len), (size_t) MaxHeapTupleSize));

	HeapTuple	tup = palloc0(HEAPTUPLESIZE + len);
	HeapTupleHeader h = (HeapTupleHeader) ((char *) tup + HEAPTUPLESIZE);

	tup->t_len = (uint32_t) len;
	ItemPointerSetInvalid(&tup->t_self);
	tup->t_tableOid = InvalidOid;
	tup->t_data = h;
	heap_hdr_set_ctid(h, &tup->t_self);
	heap_hdr_set_natts(h, natts);
	h->t_infomask = (uint16_t) ((hasnull ? HEAP_HASNULL : 0) |
								(hasvarwidth ? HEAP_HASVARWIDTH : 0));
	h->t_hoff = (uint8_t) hoff;

	char	   *data = (char *) h + hoff;
	size_t		off = 0;

	for (int i = 0; i < natts; i++)
	{
		const Attribute *att = tupdesc_attr(desc, i);

		if (isnull[i])
			continue;
		if (hasnull)
			h->t_bits[i >> 3] |= (uint8_t) (1 << (i & 7));
		off = att_align(att->attalign, off);
		size_t		size = att_value_size(att->attlen, values[i]);

		att_store_value(data + off, att->attlen, att->attbyval, values[i], size);
		off += size;
	}
	Assert(off == data_size);
	return tup;
}

static pg_noreturn void
corrupt_tuple(HeapTuple tup, int attnum)
{
	ereport(ERROR, errcode(ERRCODE_DATA_CORRUPTED),
			errmsg("invalid tuple data for attribute %d in tuple (%u,%u) of length %u",
				   attnum, tup->t_self.ip_blkid, tup->t_self.ip_posid, tup->t_len));
	__builtin_unreachable();
}

/* Check the header fields deforming relies on. */
static void
check_header(HeapTuple tup)
{
	const HeapTupleHeaderData *h = tup->t_data;

	if (tup->t_len < SizeofHeapTupleHeader)
		corrupt_tuple(tup, 0);
	size_t		min_hoff = SizeofHeapTupleHeader +
		(heap_hdr_has_nulls(h) ? BITMAPLEN(heap_hdr_natts(h)) : 0);

	if (h->t_hoff < min_hoff || h->t_hoff > tup->t_len)
		corrupt_tuple(tup, 0);
}

/*
 * Walk the stored attributes 1..upto (upto <= stored natts), storing each
 * one's Datum into values/isnull when those are given.  Returns the Datum
 * of attribute upto and its nullness in *last_isnull (heap_getattr).
 * By-reference Datums point into tup.  ERROR XX001 on corrupt data.
 */
static Datum
walk_attributes(HeapTuple tup, TupleDesc desc, int upto, Datum *values, bool *isnull,
				bool *last_isnull)
{
	HeapTupleHeader h = tup->t_data;
	const char *data = (const char *) h + h->t_hoff;
	size_t		avail = tup->t_len - h->t_hoff;
	size_t		off = 0;
	Datum		d = 0;
	bool		null = true;

	for (int i = 0; i < upto; i++)
	{
		const Attribute *att = tupdesc_attr(desc, i);

		null = heap_hdr_att_isnull(h, i + 1);
		d = 0;
		if (!null)
		{
			att_check_storage(att->attlen, att->attbyval, att->attnum);
			if (!att_fetch_value(data, &off, avail, att->attlen, att->attbyval,
								 att->attalign, &d))
				corrupt_tuple(tup, i + 1);
		}
		if (values != NULL)
		{
			values[i] = d;
			isnull[i] = null;
		}
	}
	if (last_isnull != NULL)
		*last_isnull = null;
	return d;
}

void
heap_deform_tuple(HeapTuple tup, TupleDesc desc, Datum *values, bool *isnull)
{
	check_header(tup);
	int			stored = Min(heap_hdr_natts(tup->t_data), desc->natts);

	walk_attributes(tup, desc, stored, values, isnull, NULL);
	for (int i = stored; i < desc->natts; i++)
	{
		values[i] = 0;
		isnull[i] = true;
	}
}

Datum
heap_getattr(HeapTuple tup, int attnum, TupleDesc desc, bool *isnull)
{
	if (attnum < 1 || attnum > desc->natts)
		elog(ERROR, "invalid attribute number %d", attnum);
	check_header(tup);
	if (attnum > heap_hdr_natts(tup->t_data) || heap_hdr_att_isnull(tup->t_data, attnum))
	{
		*isnull = true;
		return 0;
	}
	return walk_attributes(tup, desc, attnum, NULL, NULL, isnull);
}

HeapTuple
heap_copytuple(HeapTuple tup)
{
	if (tup == NULL || tup->t_data == NULL)
		return NULL;
	HeapTuple	copy = palloc(HEAPTUPLESIZE + tup->t_len);

	copy->t_len = tup->t_len;
	copy->t_self = tup->t_self;
	copy->t_tableOid = tup->t_tableOid;
	copy->t_data = (HeapTupleHeader) ((char *) copy + HEAPTUPLESIZE);
	memcpy(copy->t_data, tup->t_data, tup->t_len);
	return copy;
}

void
heap_freetuple(HeapTuple tup)
{
	if (tup != NULL)
		pfree(tup);
}
