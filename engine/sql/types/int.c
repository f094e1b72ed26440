/*-------------------------------------------------------------------------
 * int.c
 *	  The integer types int2 (smallint), int4 (integer), int8 (bigint) and
 *	  oid: text and binary I/O, ordering, hashing, and the casts among them.
 *
 * Role: one type family (see types_catalog.c / fmgr_catalog.c); the
 * operators and functions on these types are in int_ops.c.
 *
 * Invariants:
 *	- Input follows PostgreSQL 15's pg_strtoint*: optional blanks, an
 *	  optional sign, decimal digits only, optional blanks.  A value that
 *	  overflows while digits are read is "out of range" (22003) even if
 *	  garbage follows; anything else malformed is 22P02.  The message
 *	  quotes the whole input string.
 *	- oid input accepts -2147483648 .. 4294967295 (negative values wrap,
 *	  as PostgreSQL's strtoul-based oidin does).
 *	- All three integer widths hash through type_hash_uint64 of the
 *	  sign-extended value, so equal values hash equally across widths.
 *	- No signed overflow anywhere: narrowing casts check the range first.
 *
 * Entry points: int_type_table, int_fmgr (exported tables).
 * See also: int_ops.c (arithmetic, comparison), float.c (int <-> float).
 *-------------------------------------------------------------------------
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "sql/types/fmgr.h"
#include "sql/types/type_support.h"
#include "sql/types/types.h"
#include "tcop/pqformat.h"
#include "utils/elog.h"
#include "utils/memctx.h"

typedef enum IntParseResult
{
	INTPARSE_OK,
	INTPARSE_SYNTAX,
	INTPARSE_RANGE,
} IntParseResult;

/*
 * Parse a signed decimal integer in [min, max] the way pg_strtoint* do.
 * Digits are accumulated as a negative number so that min itself parses.
 */
static IntParseResult
parse_int_text(const char *str, int64_t min, int64_t max, int64_t *result)
{
	const char *p = str;
	bool		neg = false;
	int64_t		acc = 0;

	while (*p && isspace((unsigned char) *p))
		p++;
	if (*p == '-')
	{
		neg = true;
		p++;
	}
	else if (*p == '+')
		p++;
	if (!isdigit((unsigned char) *p))
		return INTPARSE_SYNTAX;
	while (isdigit((unsigned char) *p))
	{
		int			digit = *p++ - '0';

		if (__builtin_mul_overflow(acc, 10, &acc) ||
			__builtin_sub_overflow(acc, digit, &acc) || acc < min)
			return INTPARSE_RANGE;
	}
	while (*p && isspace((unsigned char) *p))
		p++;
	if (*p != '\0')
		return INTPARSE_SYNTAX;
	if (!neg)
	{
		/* -acc cannot overflow: acc >= min > INT64_MIN unless min is INT64_MIN */
		if (acc == INT64_MIN || -acc > max)
			return INTPARSE_RANGE;
		acc = -acc;
	}
	*result = acc;
	return INTPARSE_OK;
}

static int64_t
int_input_checked(const char *str, int64_t min, int64_t max, const char *sql_name)
{
	int64_t		v = 0;

	switch (parse_int_text(str, min, max, &v))
	{
		case INTPARSE_OK:
			break;
		case INTPARSE_SYNTAX:
			type_error_invalid_input(sql_name, str);
		case INTPARSE_RANGE:
			type_error_out_of_range(sql_name, str);
	}
	return v;
}

static Datum
int2_in(const char *str, int32_t typmod)
{
	return Int16GetDatum((int16_t) int_input_checked(str, INT16_MIN, INT16_MAX, "smallint"));
}

static Datum
int4_in(const char *str, int32_t typmod)
{
	return Int32GetDatum((int32_t) int_input_checked(str, INT32_MIN, INT32_MAX, "integer"));
}

static Datum
int8_in(const char *str, int32_t typmod)
{
	return Int64GetDatum(int_input_checked(str, INT64_MIN, INT64_MAX, "bigint"));
}

/*
 * oidin: strtoul semantics, so "-1" is 4294967295 and values that do not
 * fit 32 bits either way are out of range.
 */
static Datum
oid_in(const char *str, int32_t typmod)
{
	char	   *end;
	unsigned long cvt;

	if (*str == '\0')
		type_error_invalid_input("oid", str);
	errno = 0;
	cvt = strtoul(str, &end, 10);
	if (end == str)
		type_error_invalid_input("oid", str);
	if (errno == ERANGE)
		type_error_out_of_range("oid", str);
	while (*end && isspace((unsigned char) *end))
		end++;
	if (*end != '\0')
		type_error_invalid_input("oid", str);

	Oid			result = (Oid) cvt;

	if (cvt != (unsigned long) result &&
		cvt != (unsigned long) (long) (int32_t) result)
		type_error_out_of_range("oid", str);
	return ObjectIdGetDatum(result);
}

static char *
int2_out(Datum value)
{
	return psprintf("%d", (int) DatumGetInt16(value));
}

static char *
int4_out(Datum value)
{
	return psprintf("%" PRId32, DatumGetInt32(value));
}

static char *
int8_out(Datum value)
{
	return psprintf("%" PRId64, DatumGetInt64(value));
}

static char *
oid_out(Datum value)
{
	return psprintf("%" PRIu32, DatumGetObjectId(value));
}

static Datum
int2_recv(StringBuf *buf, int32_t typmod)
{
	return Int16GetDatum((int16_t) pq_get_int16(buf));
}

static Datum
int4_recv(StringBuf *buf, int32_t typmod)
{
	return Int32GetDatum((int32_t) pq_get_int32(buf));
}

static Datum
int8_recv(StringBuf *buf, int32_t typmod)
{
	return Int64GetDatum((int64_t) pq_get_int64(buf));
}

static Datum
oid_recv(StringBuf *buf, int32_t typmod)
{
	return ObjectIdGetDatum(pq_get_int32(buf));
}

static void
int2_send(Datum value, StringBuf *out)
{
	pq_send_int16(out, (uint16_t) DatumGetInt16(value));
}

static void
int4_send(Datum value, StringBuf *out)
{
	pq_send_int32(out, (uint32_t) DatumGetInt32(value));
}

static void
int8_send(Datum value, StringBuf *out)
{
	pq_send_int64(out, (uint64_t) DatumGetInt64(value));
}

static void
oid_send(Datum value, StringBuf *out)
{
	pq_send_int32(out, DatumGetObjectId(value));
}

#define CMP3(a, b) ((a) < (b) ? -1 : (a) > (b) ? 1 : 0)

static int
int2_cmp(Datum a, Datum b)
{
	return CMP3(DatumGetInt16(a), DatumGetInt16(b));
}

static int
int4_cmp(Datum a, Datum b)
{
	return CMP3(DatumGetInt32(a), DatumGetInt32(b));
}

static int
int8_cmp(Datum a, Datum b)
{
	return CMP3(DatumGetInt64(a), DatumGetInt64(b));
}

static int
oid_cmp(Datum a, Datum b)
{
	return CMP3(DatumGetObjectId(a), DatumGetObjectId(b));
}

static uint32_t
int2_hash(Datum value)
{
	return type_hash_uint64((uint64_t) (int64_t) DatumGetInt16(value));
}

static uint32_t
int4_hash(Datum value)
{
	return type_hash_uint64((uint64_t) (int64_t) DatumGetInt32(value));
}

static uint32_t
int8_hash(Datum value)
{
	return type_hash_uint64((uint64_t) DatumGetInt64(value));
}

static uint32_t
oid_hash(Datum value)
{
	return type_hash_uint64(DatumGetObjectId(value));
}

#define INT_TYPE(o, n, sqln, len, al, pref, pfx) \
	{ \
		.oid = (o), .name = (n), .sql_name = (sqln), .typlen = (len), .byval = true, \
		.align = (al), .category = TYPCATEGORY_NUMERIC, .preferred = (pref), \
		.input = pfx##_in, .output = pfx##_out, .recv = pfx##_recv, .send = pfx##_send, \
		.compare = pfx##_cmp, .hash = pfx##_hash, \
	}

static const TypeInfo int_types[] = {
	INT_TYPE(INT2OID, "int2", "smallint", 2, 's', false, int2),
	INT_TYPE(INT4OID, "int4", "integer", 4, 'i', false, int4),
	INT_TYPE(INT8OID, "int8", "bigint", 8, 'd', false, int8),
	INT_TYPE(OIDOID, "oid", "oid", 4, 'i', true, oid),
};

const TypeInfoTable int_type_table = TYPE_INFO_TABLE(int_types);

/* ---- casts among the integer types and oid ---- */

static pg_noreturn void
smallint_out_of_range(void)
{
	ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			errmsg("smallint out of range"));
	__builtin_unreachable();
}

static pg_noreturn void
integer_out_of_range(void)
{
	ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			errmsg("integer out of range"));
	__builtin_unreachable();
}

static Datum
int2_to_int4(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT32(PG_GETARG_INT16(0));
}

static Datum
int2_to_int8(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT64(PG_GETARG_INT16(0));
}

static Datum
int4_to_int8(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT64(PG_GETARG_INT32(0));
}

static Datum
int4_to_int2(FunctionCallInfo fcinfo)
{
	int32_t		v = PG_GETARG_INT32(0);

	if (v < INT16_MIN || v > INT16_MAX)
		smallint_out_of_range();
	PG_RETURN_INT16((int16_t) v);
}

static Datum
int8_to_int2(FunctionCallInfo fcinfo)
{
	int64_t		v = PG_GETARG_INT64(0);

	if (v < INT16_MIN || v > INT16_MAX)
		smallint_out_of_range();
	PG_RETURN_INT16((int16_t) v);
}

static Datum
int8_to_int4(FunctionCallInfo fcinfo)
{
	int64_t		v = PG_GETARG_INT64(0);

	if (v < INT32_MIN || v > INT32_MAX)
		integer_out_of_range();
	PG_RETURN_INT32((int32_t) v);
}

/* int2 -> oid goes through int4 (so -1 becomes 4294967295). */
Datum
int2_to_oid(FunctionCallInfo fcinfo)
{
	PG_RETURN_OID((Oid) (uint32_t) (int32_t) PG_GETARG_INT16(0));
}

Datum
int8_to_oid(FunctionCallInfo fcinfo)
{
	int64_t		v = PG_GETARG_INT64(0);

	if (v < 0 || v > (int64_t) UINT32_MAX)
		ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("OID out of range"));
	PG_RETURN_OID((Oid) v);
}

Datum
oid_to_int8(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT64((int64_t) PG_GETARG_OID(0));
}

/* pg_cast rows among these types (int4 <-> oid share a representation). */
static const BuiltinCast int_casts[] = {
	{INT2OID, INT4OID, COERCION_IMPLICIT, int2_to_int4, false},
	{INT2OID, INT8OID, COERCION_IMPLICIT, int2_to_int8, false},
	{INT4OID, INT8OID, COERCION_IMPLICIT, int4_to_int8, false},
	{INT4OID, INT2OID, COERCION_ASSIGNMENT, int4_to_int2, false},
	{INT8OID, INT2OID, COERCION_ASSIGNMENT, int8_to_int2, false},
	{INT8OID, INT4OID, COERCION_ASSIGNMENT, int8_to_int4, false},
	{INT2OID, OIDOID, COERCION_IMPLICIT, int2_to_oid, false},
	{INT4OID, OIDOID, COERCION_IMPLICIT, NULL, false},
	{INT8OID, OIDOID, COERCION_IMPLICIT, int8_to_oid, false},
	{OIDOID, INT4OID, COERCION_ASSIGNMENT, NULL, false},
	{OIDOID, INT8OID, COERCION_ASSIGNMENT, oid_to_int8, false},
};

const FmgrTableSet int_fmgr = {
	FMGR_NO_ROWS,
	FMGR_NO_ROWS,
	FMGR_ROWS(int_casts),
	FMGR_NO_ROWS,
};
