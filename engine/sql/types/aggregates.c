/*-------------------------------------------------------------------------
 * aggregates.c
 *	  Built-in aggregates: count, sum and avg over the integer and float
 *	  types, min/max over every ordered built-in type, bool_and / bool_or
 *	  / every, string_agg.
 *
 * Role: pg_aggregate rows and their transition and final functions (see
 * fmgr.h for how the executor drives them).
 *
 * Invariants:
 *	- Result types are PostgreSQL's: count -> int8; sum(int2/int4) ->
 *	  int8; sum(int8) and avg(int*) -> numeric; sum(float4) -> float4;
 *	  sum(float8) -> float8; avg(float*) -> float8.
 *	- Integer sums are accumulated in a 128-bit integer, so they cannot
 *	  overflow; numeric results are produced as decimal text and read by
 *	  numeric's input function.  avg's scale follows PostgreSQL's numeric
 *	  division rule (at least 16 significant digits, rounded half away
 *	  from zero), e.g. avg(1, 2) = 1.5000000000000000.
 *	- By-reference states (counters, string_agg buffers) live in
 *	  fcinfo->agg_memctx when it is set and are then updated in place;
 *	  without it every step returns a fresh copy.
 *	- min/max keep a copy of the winning value in the aggregate context,
 *	  never a pointer into the current input row.
 *	- Transition functions tolerate a NULL state (they start one), so the
 *	  executor's "first input becomes the state" rule is optional.
 *
 * Entry points: aggregates_fmgr (exported table set).
 * See also: fmgr.h (aggregate protocol), numeric.c (numeric input).
 *-------------------------------------------------------------------------
 */
#include <math.h>

#include "sql/types/fmgr.h"
#include "sql/types/type_support.h"
#include "sql/types/types.h"
#include "utils/elog.h"
#include "utils/memctx.h"

typedef __int128 int128;

static MemoryContext
state_context(FunctionCallInfo fcinfo)
{
	return fcinfo->agg_memctx != NULL ? fcinfo->agg_memctx : CurrentMemoryContext;
}

static pg_noreturn void
bigint_out_of_range(void)
{
	ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			errmsg("bigint out of range"));
	__builtin_unreachable();
}

/* ---- count ---- */

static Datum
count_step(FunctionCallInfo fcinfo)
{
	int64_t		n = PG_ARGISNULL(0) ? 0 : PG_GETARG_INT64(0);

	if (__builtin_add_overflow(n, 1, &n))
		bigint_out_of_range();
	PG_RETURN_INT64(n);
}

/* count(any): NULL inputs are skipped by strictness or here. */
static Datum
count_any_step(FunctionCallInfo fcinfo)
{
	if (PG_NARGS() > 1 && PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_INT64(0);
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	return count_step(fcinfo);
}

/* ---- sum(int2), sum(int4) -> int8 ---- */

static Datum
int_sum_step(FunctionCallInfo fcinfo, int64_t value)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_INT64(value);

	int64_t		sum;

	if (__builtin_add_overflow(PG_GETARG_INT64(0), value, &sum))
		bigint_out_of_range();
	PG_RETURN_INT64(sum);
}

static Datum
int2_sum(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	return int_sum_step(fcinfo, PG_GETARG_INT16(1));
}

static Datum
int4_sum(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	return int_sum_step(fcinfo, PG_GETARG_INT32(1));
}

/* ---- 128-bit accumulator for sum(int8), avg(int*) ---- */

/*
 * The sum is stored as two 64-bit halves: states sit at 8-byte alignment
 * (palloc, tuple copies), which is not enough for a 16-byte integer.
 */
typedef struct IntAccum
{
	char		vl_len_[4];		/* a varlena, so the state can be copied */
	int64_t		count;
	uint64_t	sum_lo;
	int64_t		sum_hi;
} IntAccum;

static int128
accum_sum(const IntAccum *st)
{
	return (int128) (((unsigned __int128) (uint64_t) st->sum_hi << 64) | st->sum_lo);
}

static void
accum_set_sum(IntAccum *st, int128 v)
{
	st->sum_lo = (uint64_t) v;
	st->sum_hi = (int64_t) (v >> 64);
}

/* The state to update: in place when it lives in agg_memctx, else a copy. */
static IntAccum *
int_accum_state(FunctionCallInfo fcinfo)
{
	IntAccum   *st;

	if (PG_ARGISNULL(0))
	{
		st = memctx_alloc_zero(state_context(fcinfo), sizeof(IntAccum));
		SET_VARSIZE(st, sizeof(IntAccum));
		return st;
	}
	if (fcinfo->agg_memctx != NULL)
		return PG_GETARG_POINTER(0);
	st = palloc(sizeof(IntAccum));
	memcpy(st, PG_GETARG_POINTER(0), sizeof(IntAccum));
	return st;
}

static Datum
int_accum(FunctionCallInfo fcinfo, int64_t value)
{
	IntAccum   *st = int_accum_state(fcinfo);

	if (__builtin_add_overflow(st->count, 1, &st->count))
		bigint_out_of_range();
	accum_set_sum(st, accum_sum(st) + value);
	PG_RETURN_POINTER(st);
}

#define INT_ACCUM_FN(fname, GET) \
	static Datum fname(FunctionCallInfo fcinfo) \
	{ \
		if (PG_ARGISNULL(1)) \
		{ \
			if (PG_ARGISNULL(0)) \
				PG_RETURN_NULL(); \
			PG_RETURN_DATUM(PG_GETARG_DATUM(0)); \
		} \
		return int_accum(fcinfo, GET(1)); \
	}

INT_ACCUM_FN(int2_accum, PG_GETARG_INT16)
INT_ACCUM_FN(int4_accum, PG_GETARG_INT32)
INT_ACCUM_FN(int8_accum, PG_GETARG_INT64)

/* Decimal digits of v >= 0 into buf (NUL-terminated); returns length. */
static int
int128_digits(int128 v, char *buf)
{
	char		tmp[48];
	int			n = 0;

	do
	{
		tmp[n++] = (char) ('0' + (int) (v % 10));
		v /= 10;
	} while (v > 0);
	for (int i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return n;
}

/* Base-10000 weight and leading digit of v >= 0 (zero: weight 0, digit 0). */
static void
nbase_shape(int128 v, int *weight, int *first)
{
	*weight = 0;
	while (v >= 10000)
	{
		v /= 10000;
		(*weight)++;
	}
	*first = (int) v;
}

static Datum
numeric_from_text(const char *s)
{
	return type_input(NUMERICOID, s, -1);
}

static Datum
numeric_sum_final(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();

	IntAccum   *st = PG_GETARG_POINTER(0);
	int128		sum = accum_sum(st);
	char		buf[50];

	buf[0] = '-';
	int128_digits(sum < 0 ? -sum : sum, buf + 1);
	PG_RETURN_DATUM(numeric_from_text(sum < 0 ? buf : buf + 1));
}

/*
 * sum / count as numeric, with the scale numeric division would choose:
 * 16 significant digits relative to the quotient's base-10000 weight.
 */
static Datum
numeric_avg_final(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();

	IntAccum   *st = PG_GETARG_POINTER(0);

	if (st->count == 0)
		PG_RETURN_NULL();

	int128		sum = accum_sum(st);
	int128		mag = sum < 0 ? -sum : sum;
	int128		count = st->count;
	int			w1,
				f1,
				w2,
				f2;

	nbase_shape(mag, &w1, &f1);
	nbase_shape(count, &w2, &f2);

	int			qweight = w1 - w2 - (f1 <= f2 ? 1 : 0);
	int			rscale = Min(Max(16 - qweight * 4, 0), 1000);

	/* integer part, then rscale fraction digits, then round half up */
	StringBuf	out;
	char		intpart[48];
	int128		rem = mag % count;

	strbuf_init(&out);
	strbuf_append_char(&out, '0');	/* room for a carry */
	int128_digits(mag / count, intpart);
	strbuf_append(&out, intpart);
	for (int i = 0; i < rscale; i++)
	{
		rem *= 10;
		strbuf_append_char(&out, (char) ('0' + (int) (rem / count)));
		rem %= count;
	}
	if (rem * 2 >= count)
	{
		for (int i = out.len - 1; i >= 0; i--)
		{
			if (out.data[i] != '9')
			{
				out.data[i]++;
				break;
			}
			out.data[i] = '0';
		}
	}

	/* "-" + digits without the spare leading zero + "." + fraction */
	StringBuf	text;
	const char *digits = out.data[0] == '0' ? out.data + 1 : out.data;
	int			intlen = (int) strlen(digits) - rscale;

	strbuf_init(&text);
	if (sum < 0)
		strbuf_append_char(&text, '-');
	strbuf_append_bytes(&text, digits, intlen);
	if (rscale > 0)
	{
		strbuf_append_char(&text, '.');
		strbuf_append(&text, digits + intlen);
	}
	PG_RETURN_DATUM(numeric_from_text(text.data));
}

/* ---- float sums and averages ---- */

static pg_noreturn void
float_overflow(void)
{
	ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			errmsg("value out of range: overflow"));
	__builtin_unreachable();
}

static Datum
float4_sum(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_DATUM(PG_GETARG_DATUM(1));

	float		a = PG_GETARG_FLOAT4(0),
				b = PG_GETARG_FLOAT4(1),
				r = a + b;

	if (isinf(r) && !isinf(a) && !isinf(b))
		float_overflow();
	PG_RETURN_FLOAT4(r);
}

static Datum
float8_sum(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_DATUM(PG_GETARG_DATUM(1));

	double		a = PG_GETARG_FLOAT8(0),
				b = PG_GETARG_FLOAT8(1),
				r = a + b;

	if (isinf(r) && !isinf(a) && !isinf(b))
		float_overflow();
	PG_RETURN_FLOAT8(r);
}

typedef struct FloatAccum
{
	char		vl_len_[4];
	int64_t		count;
	double		sum;
} FloatAccum;

static Datum
float_accum(FunctionCallInfo fcinfo, double value)
{
	FloatAccum *st;

	if (PG_ARGISNULL(0))
	{
		st = memctx_alloc_zero(state_context(fcinfo), sizeof(FloatAccum));
		SET_VARSIZE(st, sizeof(FloatAccum));
	}
	else if (fcinfo->agg_memctx != NULL)
		st = PG_GETARG_POINTER(0);
	else
	{
		st = palloc(sizeof(FloatAccum));
		memcpy(st, PG_GETARG_POINTER(0), sizeof(FloatAccum));
	}

	double		sum = st->sum + value;

	if (isinf(sum) && !isinf(st->sum) && !isinf(value))
		float_overflow();
	st->sum = sum;
	if (__builtin_add_overflow(st->count, 1, &st->count))
		bigint_out_of_range();
	PG_RETURN_POINTER(st);
}

#define FLOAT_ACCUM_FN(fname, GET) \
	static Datum fname(FunctionCallInfo fcinfo) \
	{ \
		if (PG_ARGISNULL(1)) \
		{ \
			if (PG_ARGISNULL(0)) \
				PG_RETURN_NULL(); \
			PG_RETURN_DATUM(PG_GETARG_DATUM(0)); \
		} \
		return float_accum(fcinfo, (double) GET(1)); \
	}

FLOAT_ACCUM_FN(float4_accum, PG_GETARG_FLOAT4)
FLOAT_ACCUM_FN(float8_accum, PG_GETARG_FLOAT8)

static Datum
float_avg_final(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();

	FloatAccum *st = PG_GETARG_POINTER(0);

	if (st->count == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(st->sum / (double) st->count);
}

/* ---- min / max ---- */

/*
 * Keep the smaller (want_max false) or larger of state and input, as a
 * copy owned by the aggregate context.
 */
static Datum
minmax_step(FunctionCallInfo fcinfo, Oid typid, bool want_max)
{
	const TypeInfo *ti = type_get(typid);
	Datum		value = PG_GETARG_DATUM(1);

	if (!PG_ARGISNULL(0))
	{
		int			c = type_compare(typid, value, PG_GETARG_DATUM(0));

		if (want_max ? c <= 0 : c >= 0)
			PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (ti->byval)
		PG_RETURN_DATUM(value);

	MemoryContext old = memctx_switch_to(state_context(fcinfo));
	Datum		copy = datum_copy(value, ti->byval, ti->typlen);

	memctx_switch_to(old);
	PG_RETURN_DATUM(copy);
}

#define MINMAX_FNS(tag, OID) \
	static Datum min_##tag(FunctionCallInfo fcinfo) { return minmax_step(fcinfo, OID, false); } \
	static Datum max_##tag(FunctionCallInfo fcinfo) { return minmax_step(fcinfo, OID, true); }

MINMAX_FNS(int2, INT2OID)
MINMAX_FNS(int4, INT4OID)
MINMAX_FNS(int8, INT8OID)
MINMAX_FNS(oid, OIDOID)
MINMAX_FNS(float4, FLOAT4OID)
MINMAX_FNS(float8, FLOAT8OID)
MINMAX_FNS(text, TEXTOID)
MINMAX_FNS(bpchar, BPCHAROID)
MINMAX_FNS(numeric, NUMERICOID)
MINMAX_FNS(date, DATEOID)
MINMAX_FNS(time, TIMEOID)
MINMAX_FNS(timestamp, TIMESTAMPOID)
MINMAX_FNS(timestamptz, TIMESTAMPTZOID)
MINMAX_FNS(interval, INTERVALOID)

/* ---- boolean ---- */

static Datum
bool_and_step(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_BOOL(PG_GETARG_BOOL(1));
	PG_RETURN_BOOL(PG_GETARG_BOOL(0) && PG_GETARG_BOOL(1));
}

static Datum
bool_or_step(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_BOOL(PG_GETARG_BOOL(1));
	PG_RETURN_BOOL(PG_GETARG_BOOL(0) || PG_GETARG_BOOL(1));
}

/* ---- string_agg ---- */

/*
 * State: a varlena whose size is its capacity; used counts the bytes of
 * text gathered so far.  It grows by doubling inside agg_memctx.
 */
typedef struct StringAccum
{
	char		vl_len_[4];
	int32_t		used;
	char		data[];
} StringAccum;

static StringAccum *
string_accum_reserve(FunctionCallInfo fcinfo, StringAccum *st, int64_t extra)
{
	int64_t		cap = st == NULL ? 0 : VARSIZE(st) - (int64_t) sizeof(StringAccum);
	int64_t		used = st == NULL ? 0 : st->used;
	int64_t		need = used + extra;

	if (need > (int64_t) (MaxAllocSize - VARHDRSZ - sizeof(StringAccum)))
		ereport(ERROR, errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				errmsg("out of memory"),
				errdetail("Cannot enlarge string buffer containing %d bytes by %d more bytes.",
						  (int) used, (int) extra));
	if (st != NULL && need <= cap && fcinfo->agg_memctx != NULL)
		return st;

	int64_t		newcap = Max(need, Min(Max(cap * 2, (int64_t) 64),
									  (int64_t) (MaxAllocSize - sizeof(StringAccum))));
	StringAccum *ns = memctx_alloc(state_context(fcinfo), sizeof(StringAccum) + (size_t) newcap);

	SET_VARSIZE(ns, (int32_t) (sizeof(StringAccum) + newcap));
	ns->used = (int32_t) used;
	if (used > 0)
		memcpy(ns->data, st->data, (size_t) used);
	/* the old buffer is left to the context: the executor may still own it */
	return ns;
}

static Datum
string_agg_step(FunctionCallInfo fcinfo)
{
	StringAccum *st = PG_ARGISNULL(0) ? NULL : PG_GETARG_POINTER(0);

	if (PG_ARGISNULL(1))
	{
		if (st == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st);
	}

	text	   *value = PG_GETARG_TEXT_P(1);
	text	   *delim = (st != NULL && !PG_ARGISNULL(2)) ? PG_GETARG_TEXT_P(2) : NULL;
	int			dlen = delim != NULL ? VARSIZE_EXHDR(delim) : 0;

	st = string_accum_reserve(fcinfo, st, (int64_t) dlen + VARSIZE_EXHDR(value));
	if (dlen > 0)
		memcpy(st->data + st->used, VARDATA(delim), (size_t) dlen);
	st->used += dlen;
	memcpy(st->data + st->used, VARDATA(value), (size_t) VARSIZE_EXHDR(value));
	st->used += VARSIZE_EXHDR(value);
	PG_RETURN_POINTER(st);
}

static Datum
string_agg_final(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();

	StringAccum *st = PG_GETARG_POINTER(0);

	PG_RETURN_DATUM(type_text_datum(st->data, st->used));
}

/* ---- table ---- */

#define AGG(name, arg, trans, ret, tfn, ffn, init, strict) \
	{name, 1, arg, trans, ret, tfn, ffn, init, strict, InvalidOid}
#define MINMAX_ROWS(tag, OID) \
	AGG("min", OID, OID, OID, min_##tag, NULL, NULL, true), \
	AGG("max", OID, OID, OID, max_##tag, NULL, NULL, true)

static const BuiltinAggregate builtin_aggregates[] = {
	{"count", 0, InvalidOid, INT8OID, INT8OID, count_step, NULL, "0", false, InvalidOid},
	AGG("count", ANYOID, INT8OID, INT8OID, count_any_step, NULL, "0", true),
	AGG("sum", INT2OID, INT8OID, INT8OID, int2_sum, NULL, NULL, false),
	AGG("sum", INT4OID, INT8OID, INT8OID, int4_sum, NULL, NULL, false),
	AGG("sum", INT8OID, BYTEAOID, NUMERICOID, int8_accum, numeric_sum_final, NULL, false),
	AGG("sum", FLOAT4OID, FLOAT4OID, FLOAT4OID, float4_sum, NULL, NULL, true),
	AGG("sum", FLOAT8OID, FLOAT8OID, FLOAT8OID, float8_sum, NULL, NULL, true),
	AGG("avg", INT2OID, BYTEAOID, NUMERICOID, int2_accum, numeric_avg_final, NULL, false),
	AGG("avg", INT4OID, BYTEAOID, NUMERICOID, int4_accum, numeric_avg_final, NULL, false),
	AGG("avg", INT8OID, BYTEAOID, NUMERICOID, int8_accum, numeric_avg_final, NULL, false),
	AGG("avg", FLOAT4OID, BYTEAOID, FLOAT8OID, float4_accum, float_avg_final, NULL, false),
	AGG("avg", FLOAT8OID, BYTEAOID, FLOAT8OID, float8_accum, float_avg_final, NULL, false),
	MINMAX_ROWS(int2, INT2OID),
	MINMAX_ROWS(int4, INT4OID),
	MINMAX_ROWS(int8, INT8OID),
	MINMAX_ROWS(oid, OIDOID),
	MINMAX_ROWS(float4, FLOAT4OID),
	MINMAX_ROWS(float8, FLOAT8OID),
	MINMAX_ROWS(text, TEXTOID),
	MINMAX_ROWS(bpchar, BPCHAROID),
	MINMAX_ROWS(numeric, NUMERICOID),
	MINMAX_ROWS(date, DATEOID),
	MINMAX_ROWS(time, TIMEOID),
	MINMAX_ROWS(timestamp, TIMESTAMPOID),
	MINMAX_ROWS(timestamptz, TIMESTAMPTZOID),
	MINMAX_ROWS(interval, INTERVALOID),
	AGG("bool_and", BOOLOID, BOOLOID, BOOLOID, bool_and_step, NULL, NULL, true),
	AGG("bool_or", BOOLOID, BOOLOID, BOOLOID, bool_or_step, NULL, NULL, true),
	AGG("every", BOOLOID, BOOLOID, BOOLOID, bool_and_step, NULL, NULL, true),
	{"string_agg", 2, TEXTOID, BYTEAOID, TEXTOID, string_agg_step, string_agg_final, NULL,
	false, TEXTOID},
};

const FmgrTableSet aggregates_fmgr = {
	FMGR_NO_ROWS,
	FMGR_NO_ROWS,
	FMGR_NO_ROWS,
	FMGR_ROWS(builtin_aggregates),
};
