/*-------------------------------------------------------------------------
 * datum.h
 *	  Packing SQL values into Datums, and variable-length ("varlena")
 *	  values.
 *
 * A Datum is one machine word.  Pass-by-value types (bool, int2, int4,
 * int8, float4, float8, oid, date, time, timestamp, timestamptz) are
 * stored in it directly; every other type is a pointer to its bytes.
 *
 * Variable-length values (text, varchar, bpchar, bytea, numeric) start
 * with a 4-byte header holding the total size in bytes INCLUDING the
 * header, followed by the data.  There are no short headers, no
 * compression and no out-of-line storage: a value must fit in a page (the
 * heap reports "row is too big" otherwise).  The header is read and
 * written with memcpy, so a varlena may sit at any alignment inside a
 * tuple.
 *
 * Invariants:
 *	- VARSIZE(v) >= VARHDRSZ for every varlena.
 *	- Text is UTF-8 without a terminating NUL; use text_to_cstring() to
 *	  get a C string.
 *-------------------------------------------------------------------------
 */
#ifndef DATUM_H
#define DATUM_H

#include "common/minipg.h"

static inline bool DatumGetBool(Datum d) { return d != 0; }
static inline Datum BoolGetDatum(bool b) { return b ? 1 : 0; }
static inline char DatumGetChar(Datum d) { return (char) d; }
static inline Datum CharGetDatum(char c) { return (Datum) (unsigned char) c; }
static inline int16_t DatumGetInt16(Datum d) { return (int16_t) d; }
static inline Datum Int16GetDatum(int16_t v) { return (Datum) (uintptr_t) (uint16_t) v; }
static inline int32_t DatumGetInt32(Datum d) { return (int32_t) d; }
static inline Datum Int32GetDatum(int32_t v) { return (Datum) (uintptr_t) (uint32_t) v; }
static inline uint32_t DatumGetUInt32(Datum d) { return (uint32_t) d; }
static inline Datum UInt32GetDatum(uint32_t v) { return (Datum) v; }
static inline Oid DatumGetObjectId(Datum d) { return (Oid) d; }
static inline Datum ObjectIdGetDatum(Oid v) { return (Datum) v; }
static inline int64_t DatumGetInt64(Datum d) { return (int64_t) d; }
static inline Datum Int64GetDatum(int64_t v) { return (Datum) v; }
static inline void *DatumGetPointer(Datum d) { return (void *) d; }
static inline Datum PointerGetDatum(const void *p) { return (Datum) p; }
static inline char *DatumGetCString(Datum d) { return (char *) d; }
static inline Datum CStringGetDatum(const char *s) { return (Datum) s; }

static inline double
DatumGetFloat8(Datum d)
{
	double		f;
	int64_t		i = (int64_t) d;

	memcpy(&f, &i, sizeof(f));
	return f;
}

static inline Datum
Float8GetDatum(double f)
{
	int64_t		i;

	memcpy(&i, &f, sizeof(i));
	return (Datum) i;
}

static inline float
DatumGetFloat4(Datum d)
{
	float		f;
	int32_t		i = (int32_t) d;

	memcpy(&f, &i, sizeof(f));
	return f;
}

static inline Datum
Float4GetDatum(float f)
{
	int32_t		i;

	memcpy(&i, &f, sizeof(i));
	return (Datum) (uint32_t) i;
}

/* ---- variable-length values ---- */

#define VARHDRSZ ((int32_t) sizeof(int32_t))

typedef struct varlena
{
	char		vl_len_[4];		/* total size incl. header (use VARSIZE) */
	char		vl_dat[];
} varlena;

typedef varlena text;
typedef varlena bytea;

static inline int32_t
VARSIZE(const void *v)
{
	int32_t		len;

	memcpy(&len, v, sizeof(len));
	return len;
}

static inline void
SET_VARSIZE(void *v, int32_t len)
{
	memcpy(v, &len, sizeof(len));
}

#define VARDATA(v)			((char *) (v) + VARHDRSZ)
#define VARSIZE_EXHDR(v)	(VARSIZE(v) - VARHDRSZ)

static inline text *DatumGetTextP(Datum d) { return (text *) d; }

/* Text helpers (palloc'd in CurrentMemoryContext). */
text	   *cstring_to_text(const char *s);
text	   *cstring_to_text_len(const char *s, int len);
char	   *text_to_cstring(const text *t);
Datum		CStringGetTextDatum(const char *s);
char	   *TextDatumGetCString(Datum d);

/*
 * Size in bytes of a value of a type with the given typlen (>0 fixed,
 * -1 varlena, -2 NUL-terminated C string).
 */
size_t		datum_get_size(Datum value, bool byval, int16_t typlen);
/* Copy a value into CurrentMemoryContext (by-value types are returned as is). */
Datum		datum_copy(Datum value, bool byval, int16_t typlen);
/* Byte-wise equality of two values of the same type. */
bool		datum_image_equal(Datum a, Datum b, bool byval, int16_t typlen);

#endif							/* DATUM_H */
