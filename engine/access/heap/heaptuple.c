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

#include "sql/types/datum.h"
#include "utils/elog.h"
#include "utils/memctx.h"

/* Alignment in bytes of an attalign code; ERROR for an unknown code. */
static size_t
align_of(char attalign)
{
	switch (attalign)
	{
		case 'c':
			return 1;
		case 's':
			return 2;
		case 'i':
			return 4;
		case 'd':
			return 8;
		default:
			break;
	}
	elog(ERROR, "invalid attalign code '%c'", attalign);
	return 1;					/* not reached */
}

/* Check that an attribute's storage properties are usable. */
static void
check_attribute(const Attribute *att)
{
	if (att->attbyval)
	{
		if (att->attlen != 1 && att->attlen != 2 && att->attlen != 4 && att->attlen != 8)
			elog(ERROR, "unsupported by-value attribute length %d for column %d",
				 att->attlen, att->attnum);
	}
	else if (att->attlen == 0 || att->attlen < -2)
		elog(ERROR, "invalid attribute length %d for column %d", att->attlen, att->attnum);
}

/* Bytes value occupies in a tuple (not counting alignment padding). */
static size_t
value_size(const Attribute *att, Datum value)
{
	if (att->attlen > 0)
		return (size_t) att->attlen;
	if (att->attlen == -1)
	{
		int32_t		len = VARSIZE(DatumGetPointer(value));

		if (len < VARHDRSZ)
			elog(ERROR, "invalid varlena length %d for column %d", len, att->attnum);
		return (size_t) len;
	}
	return strlen(DatumGetCString(value)) + 1;
}

/* Store value at dst (already aligned). */
static void
store_value(char *dst, const Attribute *att, Datum value, size_t size)
{
	if (!att->attbyval)
	{
		memcpy(dst, DatumGetPointer(value), size);
		return;
	}
	switch (att->attlen)
	{
		case 1:
			{
				uint8_t		v = (uint8_t) value;

				memcpy(dst, &v, 1);
				break;
			}
		case 2:
			{
				uint16_t	v = (uint16_t) value;

				memcpy(dst, &v, 2);
				break;
			}
		case 4:
			{
				uint32_t	v = (uint32_t) value;

				memcpy(dst, &v, 4);
				break;
			}
		default:
			{
				uint64_t	v = (uint64_t) value;

				memcpy(dst, &v, 8);
				break;
			}
	}
}

/* Read a by-value attribute of attlen bytes at src (zero-extended, as the
 * xxxGetDatum functions of datum.h pack them). */
static Datum
fetch_byval(const char *src, int attlen)
{
	switch (attlen)
	{
		case 1:
			{
				uint8_t		v;

				memcpy(&v, src, 1);
				return (Datum) v;
			}
		case 2:
			{
				uint16_t	v;

				memcpy(&v, src, 2);
				return (Datum) v;
			}
		case 4:
			{
				uint32_t	v;

				memcpy(&v, src, 4);
				return (Datum) v;
			}
		default:
			{
				uint64_t	v;

				memcpy(&v, src, 8);
				return (Datum) v;
			}
	}
}

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
		check_attribute(att);
		off = TYPEALIGN(align_of(att->attalign), off);
		off += value_size(att, values[i]);
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
		off = TYPEALIGN(align_of(att->attalign), off);
		size_t		size = value_size(att, values[i]);

		store_value(data + off, att, values[i], size);
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
			check_attribute(att);
			off = TYPEALIGN(align_of(att->attalign), off);
			if (off > avail)
				corrupt_tuple(tup, i + 1);
			size_t		size;

			if (att->attlen > 0)
				size = (size_t) att->attlen;
			else if (att->attlen == -1)
			{
				if (avail - off < (size_t) VARHDRSZ ||
					VARSIZE(data + off) < VARHDRSZ)
					corrupt_tuple(tup, i + 1);
				size = (size_t) VARSIZE(data + off);
			}
			else
			{
				const char *nul = memchr(data + off, '\0', avail - off);

				if (nul == NULL)
					corrupt_tuple(tup, i + 1);
				size = (size_t) (nul - (data + off)) + 1;
			}
			if (size > avail - off)
				corrupt_tuple(tup, i + 1);
			d = att->attbyval ? fetch_byval(data + off, att->attlen) :
				PointerGetDatum(data + off);
			off += size;
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
