/*-------------------------------------------------------------------------
 * datum.c
 *	  Generic helpers over Datums: sizes, copies, byte-wise equality, and
 *	  conversions between C strings and text varlenas.
 *
 * Role: code that moves values around without knowing their type (the
 * heap forming tuples, the executor copying aggregate states, sorts)
 * works from a type's (byval, typlen) pair through these functions.
 *
 * Invariants:
 *	- A by-value Datum is returned as is; a by-reference one is copied
 *	  into CurrentMemoryContext (never aliased).
 *	- Text made here has VARSIZE == VARHDRSZ + byte length and no NUL.
 *
 * Entry points: cstring_to_text*, text_to_cstring, datum_get_size,
 * datum_copy, datum_image_equal.
 * See also: sql/types/datum.h (packing rules), sql/types/types.h.
 *-------------------------------------------------------------------------
 */
#include "sql/types/datum.h"

#include "utils/elog.h"
#include "utils/memctx.h"

/*
 * A text value holding len bytes of s (s need not be NUL-terminated).
 * ERROR 54000 when the value would exceed the 1 GB allocation limit.
 */
text *
cstring_to_text_len(const char *s, int len)
{
	Assert(len >= 0);
	if (len < 0 || (size_t) len > MaxAllocSize - VARHDRSZ)
		ereport(ERROR, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("invalid memory alloc request size %zu", (size_t) len));
	text	   *t = palloc((size_t) len + VARHDRSZ);

	SET_VARSIZE(t, len + VARHDRSZ);
	if (len > 0)
		memcpy(VARDATA(t), s, (size_t) len);
	return t;
}

text *
cstring_to_text(const char *s)
{
	size_t		len = strlen(s);

	if (len > MaxAllocSize - VARHDRSZ)
		ereport(ERROR, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("invalid memory alloc request size %zu", len));
	return cstring_to_text_len(s, (int) len);
}

/* A palloc'd NUL-terminated copy of a text value. */
char *
text_to_cstring(const text *t)
{
	int			len = VARSIZE_EXHDR(t);
	char	   *s = palloc((size_t) len + 1);

	memcpy(s, VARDATA(t), (size_t) len);
	s[len] = '\0';
	return s;
}

Datum
CStringGetTextDatum(const char *s)
{
	return PointerGetDatum(cstring_to_text(s));
}

char *
TextDatumGetCString(Datum d)
{
	return text_to_cstring(DatumGetTextP(d));
}

size_t
datum_get_size(Datum value, bool byval, int16_t typlen)
{
	if (byval)
	{
		Assert(typlen > 0 && (size_t) typlen <= sizeof(Datum));
		return (size_t) typlen;
	}
	if (typlen > 0)
		return (size_t) typlen;
	if (typlen == -1)
	{
		int32_t		len = VARSIZE(DatumGetPointer(value));

		Assert(len >= VARHDRSZ);
		return (size_t) len;
	}
	Assert(typlen == -2);
	return strlen(DatumGetCString(value)) + 1;
}

Datum
datum_copy(Datum value, bool byval, int16_t typlen)
{
	if (byval)
		return value;
	size_t		size = datum_get_size(value, byval, typlen);
	void	   *copy = palloc(size);

	memcpy(copy, DatumGetPointer(value), size);
	return PointerGetDatum(copy);
}

bool
datum_image_equal(Datum a, Datum b, bool byval, int16_t typlen)
{
	if (byval)
		return a == b;
	size_t		size_a = datum_get_size(a, byval, typlen);
	size_t		size_b = datum_get_size(b, byval, typlen);

	return size_a == size_b &&
		memcmp(DatumGetPointer(a), DatumGetPointer(b), size_a) == 0;
}
