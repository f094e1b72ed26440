/*-------------------------------------------------------------------------
 * float.c
 *	  The floating-point types float4 (real) and float8 (double
 *	  precision): text and binary I/O, ordering, hashing, arithmetic and
 *	  comparison operators, and casts to and from the integer types.
 *
 * Role: one type family (see types_catalog.c / fmgr_catalog.c); math
 * functions (sqrt, exp, trig, random...) are in float_funcs.c.
 *
 * Invariants:
 *	- Output with extra_float_digits > 0 (the default, 1) is the shortest
 *	  decimal that reads back to the same value without being an exact
 *	  tie between two values (PostgreSQL's Ryu rule), printed as PostgreSQL
 *	  does: fixed notation for decimal exponents -4 .. 14 (float8) or
 *	  -4 .. 5 (float4), otherwise d.ddde+XX; "NaN", "Infinity",
 *	  "-Infinity".  With extra_float_digits <= 0, %g with 15 (6) +
 *	  extra_float_digits significant digits.
 *	- Input is strtod/strtof with blanks allowed around the number;
 *	  results that overflow or underflow to zero are 22003 `"%s" is out of
 *	  range for type double precision`; denormals are accepted.
 *	- Arithmetic raises 22003 "value out of range: overflow/underflow"
 *	  when a finite computation leaves the type's range, 22012 on division
 *	  by zero.
 *	- Ordering puts NaN above every number and treats NaN = NaN, -0 = 0;
 *	  hashing agrees (all NaNs and both zeros hash alike; float4 values
 *	  hash as the float8 they widen to).
 *	- Float -> integer casts round to nearest, ties to even (rint).
 *
 * Entry points: float_type_table, float_fmgr (exported tables).
 * See also: float_funcs.c, int_ops.c.
 *-------------------------------------------------------------------------
 */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "sql/types/fmgr.h"
#include "sql/types/type_support.h"
#include "sql/types/types.h"
#include "tcop/pqformat.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

/* ---- errors ---- */

static pg_noreturn void
float_overflow(void)
{
	ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			errmsg("value out of range: overflow"));
	__builtin_unreachable();
}

static pg_noreturn void
float_underflow(void)
{
	ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			errmsg("value out of range: underflow"));
	__builtin_unreachable();
}

static pg_noreturn void
float_zero_divide(void)
{
	ereport(ERROR, errcode(ERRCODE_DIVISION_BY_ZERO), errmsg("division by zero"));
	__builtin_unreachable();
}

/* ---- input ---- */

/*
 * Parse str as float8 (is_float4 false) or float4.  sql_name is used in
 * messages.  The whole input is quoted for syntax errors, only the number
 * itself for range errors, as PostgreSQL does.
 */
static double
float_parse(const char *str, bool is_float4, const char *sql_name)
{
	const char *num = str;
	char	   *end;
	double		val;

	while (*num && isspace((unsigned char) *num))
		num++;
	if (*num == '\0')
		type_error_invalid_input(sql_name, str);
	errno = 0;
	if (is_float4)
		val = strtof(num, &end);
	else
		val = strtod(num, &end);
	if (end == num)
		type_error_invalid_input(sql_name, str);
	if (errno == ERANGE &&
		(val == 0.0 || (is_float4 ? isinf((float) val) : isinf(val))))
		ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("\"%s\" is out of range for type %s",
					   pnstrdup(num, (size_t) (end - num)), sql_name));
	while (*end && isspace((unsigned char) *end))
		end++;
	if (*end != '\0')
		type_error_invalid_input(sql_name, str);
	return val;
}

static Datum
float4_in(const char *str, int32_t typmod)
{
	return Float4GetDatum((float) float_parse(str, true, "real"));
}

static Datum
float8_in(const char *str, int32_t typmod)
{
	return Float8GetDatum(float_parse(str, false, "double precision"));
}

/* ---- output ---- */

/* Strip factors of p from *x, returning how many there were. */
static int
strip_factor(uint64_t *x, uint64_t p)
{
	int			n = 0;

	while (*x != 0 && *x % p == 0)
	{
		*x /= p;
		n++;
	}
	return n;
}

/*
 * Is D * 10^q exactly the midpoint of the adjacent values a < b (a >= 0)?
 * With t the exponent of the smaller of their units in the last place,
 * a = A * 2^t and b = (A + 1) * 2^t, so the midpoint is (2A + 1) * 2^(t-1),
 * an odd number times a power of two.  Comparing the factorisations into
 * 2s, 5s and the rest decides equality exactly, without big numbers.
 */
static bool
decimal_is_midpoint(uint64_t D, int q, double a, double b, bool is_float4)
{
	int			mant_bits = is_float4 ? 24 : 53;
	int			min_exp = is_float4 ? -149 : -1074;
	int			ea = 0,
				eb = 0;

	(void) frexp(a, &ea);
	(void) frexp(b, &eb);

	int			ta = a == 0.0 ? min_exp : Max(ea - mant_bits, min_exp);
	int			tb = Max(eb - mant_bits, min_exp);
	int			t = Min(ta, tb);
	uint64_t	m = 2 * (uint64_t) ldexp(a, -t) + 1;
	int			k = t - 1;
	int			twos = strip_factor(&D, 2);
	int			fives = strip_factor(&D, 5);
	int			m_fives = strip_factor(&m, 5);

	return D == m && twos + q == k && fives + q == m_fives;
}

/*
 * Is digits * 10^(exp10 - n + 1) exactly halfway between v and a
 * neighbouring value?  strtod would round it to v (ties to even), but
 * PostgreSQL's shortest-output algorithm never picks such a tie, so
 * neither do we: e.g. 1e23 prints as 9.999999999999999e+22.
 */
static bool
on_rounding_boundary(const char *digits, int n, int exp10, double v, bool is_float4)
{
	uint64_t	D = 0;
	int			q = exp10 - n + 1;
	double		up,
				down;

	for (int i = 0; i < n; i++)
		D = D * 10 + (uint64_t) (digits[i] - '0');
	if (is_float4)
	{
		up = nextafterf((float) v, INFINITY);
		down = nextafterf((float) v, 0.0f);
	}
	else
	{
		up = nextafter(v, INFINITY);
		down = nextafter(v, 0.0);
	}
	return (!isinf(up) && decimal_is_midpoint(D, q, v, up, is_float4)) ||
		(down < v && decimal_is_midpoint(D, q, down, v, is_float4));
}

/* Does digits * 10^(exp10 - n + 1) read back as exactly v, and not as a tie? */
static bool
candidate_round_trips(const char *digits, int n, int exp10, double v, bool is_float4)
{
	char		buf[64];
	bool		same;

	if (n == 1)
		snprintf(buf, sizeof(buf), "%ce%d", digits[0], exp10);
	else
		snprintf(buf, sizeof(buf), "%c.%.*se%d", digits[0], n - 1, digits + 1, exp10);
	same = is_float4 ? strtof(buf, NULL) == (float) v : strtod(buf, NULL) == v;
	return same && !on_rounding_boundary(digits, n, exp10, v, is_float4);
}

/*
 * Add delta (+1 or -1) to the last digit of the ndigits-digit decimal
 * string digits (no sign, no point), adjusting *exp10 when a carry adds a
 * digit.  False when the result would lose its leading digit.
 */
static bool
bump_digits(char *digits, int ndigits, int *exp10, int delta)
{
	int			i = ndigits - 1;

	while (i >= 0)
	{
		int			d = digits[i] - '0' + delta;

		if (d >= 0 && d <= 9)
		{
			digits[i] = (char) ('0' + d);
			break;
		}
		digits[i] = delta > 0 ? '0' : '9';
		i--;
	}
	if (i < 0)
	{
		if (delta < 0)
			return false;
		/* 99..9 + 1 = 100..0: one more power of ten */
		digits[0] = '1';
		(*exp10)++;
	}
	return digits[0] != '0';
}

/* The nearest p-digit decimal to v: digits (n of them) and exponent. */
static int
nearest_digits(double v, int p, char *digits, int *exp10)
{
	char		buf[64];
	int			n = 0;
	const char *s = buf;

	snprintf(buf, sizeof(buf), "%.*e", p - 1, v);
	/* buf is "D.DDDDe[+-]XX" or "De[+-]XX" */
	for (; *s != 'e'; s++)
		if (*s != '.')
			digits[n++] = *s;
	digits[n] = '\0';
	*exp10 = atoi(s + 1);
	return n;
}

/*
 * Does some p-digit decimal read back as v?  On success digits/exp10 hold
 * it.  With neighbours set, the decimals one unit in the last place either
 * side of the nearest are tried too: at a power of two the rounding
 * interval is lopsided and the nearest can miss it while a neighbour hits.
 */
static bool
p_digits_work(double v, bool is_float4, int p, bool neighbours, char *digits, int *exp10)
{
	int			n = nearest_digits(v, p, digits, exp10);

	if (candidate_round_trips(digits, n, *exp10, v, is_float4))
		return true;
	for (int delta = -1; neighbours && delta <= 1; delta += 2)
	{
		char		alt[32];
		int			alt_e = *exp10;

		memcpy(alt, digits, (size_t) n + 1);
		if (bump_digits(alt, n, &alt_e, delta) &&
			candidate_round_trips(alt, n, alt_e, v, is_float4))
		{
			memcpy(digits, alt, (size_t) n + 1);
			*exp10 = alt_e;
			return true;
		}
	}
	return false;
}

/*
 * The shortest decimal digit string that reads back as v (finite,
 * non-negative): digits (NUL-terminated, no trailing zeros) and the
 * decimal exponent of its first digit.
 *
 * Away from powers of two the rounding interval is symmetric, so "the
 * nearest p-digit decimal works" is monotonic in p and a binary search
 * finds the shortest; 17 (9) digits always work.  Powers of two are
 * scanned upwards with neighbours.
 */
static void
shortest_digits(double v, bool is_float4, char *digits, int *exp10)
{
	int			maxdigits = is_float4 ? 9 : 17;
	int			e2;
	int			lo = 1,
				hi = maxdigits;

	if (v == 0.0)
	{
		strcpy(digits, "0");
		*exp10 = 0;
		return;
	}
	if ((is_float4 ? (double) frexpf((float) v, &e2) : frexp(v, &e2)) == 0.5)
	{
		for (hi = 1; hi < maxdigits; hi++)
			if (p_digits_work(v, is_float4, hi, true, digits, exp10))
				break;
	}
	else
	{
		while (lo < hi)
		{
			int			mid = (lo + hi) / 2;

			if (p_digits_work(v, is_float4, mid, false, digits, exp10))
				hi = mid;
			else
				lo = mid + 1;
		}
	}
	/* recompute at the answer (the last probe may have been another length) */
	if (!p_digits_work(v, is_float4, hi, hi < maxdigits, digits, exp10))
		(void) nearest_digits(v, hi, digits, exp10);

	int			n = (int) strlen(digits);

	while (n > 1 && digits[n - 1] == '0')
		digits[--n] = '\0';
}

/* Render digits * 10^(exp10 - ndigits + 1) the way PostgreSQL prints it. */
static char *
format_shortest(bool negative, const char *digits, int exp10, int fixed_limit)
{
	StringBuf	out;
	int			n = (int) strlen(digits);

	strbuf_init_cap(&out, 32);
	if (negative)
		strbuf_append_char(&out, '-');
	if (exp10 < -4 || exp10 >= fixed_limit)
	{
		strbuf_append_char(&out, digits[0]);
		if (n > 1)
		{
			strbuf_append_char(&out, '.');
			strbuf_append(&out, digits + 1);
		}
		strbuf_appendf(&out, "e%c%02d", exp10 < 0 ? '-' : '+', exp10 < 0 ? -exp10 : exp10);
	}
	else if (exp10 < 0)
	{
		strbuf_append(&out, "0.");
		for (int i = -1; i > exp10; i--)
			strbuf_append_char(&out, '0');
		strbuf_append(&out, digits);
	}
	else
	{
		for (int i = 0; i <= exp10; i++)
			strbuf_append_char(&out, i < n ? digits[i] : '0');
		if (n > exp10 + 1)
		{
			strbuf_append_char(&out, '.');
			strbuf_append(&out, digits + exp10 + 1);
		}
	}
	return out.data;
}

static char *
float_to_text(double v, bool is_float4)
{
	if (isnan(v))
		return pstrdup("NaN");
	if (isinf(v))
		return pstrdup(v > 0 ? "Infinity" : "-Infinity");
	if (guc_extra_float_digits > 0)
	{
		char		digits[32];
		int			exp10 = 0;

		shortest_digits(fabs(v), is_float4, digits, &exp10);
		return format_shortest(signbit(v) != 0, digits, exp10, is_float4 ? FLT_DIG : DBL_DIG);
	}

	int			ndig = (is_float4 ? FLT_DIG : DBL_DIG) + guc_extra_float_digits;

	return psprintf("%.*g", ndig < 1 ? 1 : ndig, v);
}

static char *
float4_out(Datum value)
{
	return float_to_text(DatumGetFloat4(value), true);
}

static char *
float8_out(Datum value)
{
	return float_to_text(DatumGetFloat8(value), false);
}

/* ---- binary I/O ---- */

static Datum
float4_recv(StringBuf *buf, int32_t typmod)
{
	uint32_t	bits = pq_get_int32(buf);
	float		f;

	memcpy(&f, &bits, sizeof(f));
	return Float4GetDatum(f);
}

static void
float4_send(Datum value, StringBuf *out)
{
	float		f = DatumGetFloat4(value);
	uint32_t	bits;

	memcpy(&bits, &f, sizeof(bits));
	pq_send_int32(out, bits);
}

static Datum
float8_recv(StringBuf *buf, int32_t typmod)
{
	uint64_t	bits = pq_get_int64(buf);
	double		d;

	memcpy(&d, &bits, sizeof(d));
	return Float8GetDatum(d);
}

static void
float8_send(Datum value, StringBuf *out)
{
	double		d = DatumGetFloat8(value);
	uint64_t	bits;

	memcpy(&bits, &d, sizeof(bits));
	pq_send_int64(out, bits);
}

/* ---- ordering and hashing ---- */

/* Three-way comparison with NaN = NaN and NaN above everything. */
static int
float_cmp_double(double a, double b)
{
	if (isnan(a))
		return isnan(b) ? 0 : 1;
	if (isnan(b))
		return -1;
	return a < b ? -1 : a > b ? 1 : 0;
}

static int
float4_cmp(Datum a, Datum b)
{
	return float_cmp_double(DatumGetFloat4(a), DatumGetFloat4(b));
}

static int
float8_cmp(Datum a, Datum b)
{
	return float_cmp_double(DatumGetFloat8(a), DatumGetFloat8(b));
}

static uint32_t
float_hash_double(double v)
{
	uint64_t	bits;

	if (v == 0.0)
		v = 0.0;				/* -0 hashes as +0 */
	if (isnan(v))
		v = NAN;
	memcpy(&bits, &v, sizeof(bits));
	return type_hash_uint64(bits);
}

static uint32_t
float4_hash(Datum value)
{
	return float_hash_double(DatumGetFloat4(value));
}

static uint32_t
float8_hash(Datum value)
{
	return float_hash_double(DatumGetFloat8(value));
}

static const TypeInfo float_types[] = {
	{
		.oid = FLOAT4OID, .name = "float4", .sql_name = "real",
		.typlen = 4, .byval = true, .align = 'i',
		.category = TYPCATEGORY_NUMERIC, .preferred = false,
		.input = float4_in, .output = float4_out, .recv = float4_recv, .send = float4_send,
		.compare = float4_cmp, .hash = float4_hash,
	},
	{
		.oid = FLOAT8OID, .name = "float8", .sql_name = "double precision",
		.typlen = 8, .byval = true, .align = 'd',
		.category = TYPCATEGORY_NUMERIC, .preferred = true,
		.input = float8_in, .output = float8_out, .recv = float8_recv, .send = float8_send,
		.compare = float8_cmp, .hash = float8_hash,
	},
};

const TypeInfoTable float_type_table = TYPE_INFO_TABLE(float_types);

/* ---- arithmetic ---- */

static double
float8_add(double a, double b)
{
	double		r = a + b;

	if (isinf(r) && !isinf(a) && !isinf(b))
		float_overflow();
	return r;
}

static double
float8_sub(double a, double b)
{
	double		r = a - b;

	if (isinf(r) && !isinf(a) && !isinf(b))
		float_overflow();
	return r;
}

static double
float8_mul(double a, double b)
{
	double		r = a * b;

	if (isinf(r) && !isinf(a) && !isinf(b))
		float_overflow();
	if (r == 0.0 && a != 0.0 && b != 0.0)
		float_underflow();
	return r;
}

static double
float8_div(double a, double b)
{
	if (b == 0.0 && !isnan(a))
		float_zero_divide();
	double		r = a / b;

	if (isinf(r) && !isinf(a))
		float_overflow();
	if (r == 0.0 && a != 0.0 && !isinf(b))
		float_underflow();
	return r;
}

static float
float4_add(float a, float b)
{
	float		r = a + b;

	if (isinf(r) && !isinf(a) && !isinf(b))
		float_overflow();
	return r;
}

static float
float4_sub(float a, float b)
{
	float		r = a - b;

	if (isinf(r) && !isinf(a) && !isinf(b))
		float_overflow();
	return r;
}

static float
float4_mul(float a, float b)
{
	float		r = a * b;

	if (isinf(r) && !isinf(a) && !isinf(b))
		float_overflow();
	if (r == 0.0f && a != 0.0f && b != 0.0f)
		float_underflow();
	return r;
}

static float
float4_div(float a, float b)
{
	if (b == 0.0f && !isnan(a))
		float_zero_divide();
	float		r = a / b;

	if (isinf(r) && !isinf(a))
		float_overflow();
	if (r == 0.0f && a != 0.0f && !isinf(b))
		float_underflow();
	return r;
}

#define F4A PG_GETARG_FLOAT4(0)
#define F4B PG_GETARG_FLOAT4(1)
#define F8A PG_GETARG_FLOAT8(0)
#define F8B PG_GETARG_FLOAT8(1)

#define FLOAT_ARITH(fname, expr, RET) \
	static Datum fname(FunctionCallInfo fcinfo) { RET(expr); }

FLOAT_ARITH(float44_pl, float4_add(F4A, F4B), PG_RETURN_FLOAT4)
FLOAT_ARITH(float44_mi, float4_sub(F4A, F4B), PG_RETURN_FLOAT4)
FLOAT_ARITH(float44_mul, float4_mul(F4A, F4B), PG_RETURN_FLOAT4)
FLOAT_ARITH(float44_div, float4_div(F4A, F4B), PG_RETURN_FLOAT4)
FLOAT_ARITH(float88_pl, float8_add(F8A, F8B), PG_RETURN_FLOAT8)
FLOAT_ARITH(float88_mi, float8_sub(F8A, F8B), PG_RETURN_FLOAT8)
FLOAT_ARITH(float88_mul, float8_mul(F8A, F8B), PG_RETURN_FLOAT8)
FLOAT_ARITH(float88_div, float8_div(F8A, F8B), PG_RETURN_FLOAT8)
FLOAT_ARITH(float48_pl, float8_add(F4A, F8B), PG_RETURN_FLOAT8)
FLOAT_ARITH(float48_mi, float8_sub(F4A, F8B), PG_RETURN_FLOAT8)
FLOAT_ARITH(float48_mul, float8_mul(F4A, F8B), PG_RETURN_FLOAT8)
FLOAT_ARITH(float48_div, float8_div(F4A, F8B), PG_RETURN_FLOAT8)
FLOAT_ARITH(float84_pl, float8_add(F8A, F4B), PG_RETURN_FLOAT8)
FLOAT_ARITH(float84_mi, float8_sub(F8A, F4B), PG_RETURN_FLOAT8)
FLOAT_ARITH(float84_mul, float8_mul(F8A, F4B), PG_RETURN_FLOAT8)
FLOAT_ARITH(float84_div, float8_div(F8A, F4B), PG_RETURN_FLOAT8)
FLOAT_ARITH(float4_um, -F4A, PG_RETURN_FLOAT4)
FLOAT_ARITH(float4_up, F4A, PG_RETURN_FLOAT4)
FLOAT_ARITH(float4_abs, fabsf(F4A), PG_RETURN_FLOAT4)
FLOAT_ARITH(float8_um, -F8A, PG_RETURN_FLOAT8)
FLOAT_ARITH(float8_up, F8A, PG_RETURN_FLOAT8)
FLOAT_ARITH(float8_abs, fabs(F8A), PG_RETURN_FLOAT8)

#define FLOAT_CMP(fname, GA, GB, op) \
	static Datum fname(FunctionCallInfo fcinfo) \
	{ \
		PG_RETURN_BOOL(float_cmp_double(GA, GB) op 0); \
	}
#define FLOAT_CMP_SET(pfx, GA, GB) \
	FLOAT_CMP(pfx##_eq, GA, GB, ==) \
	FLOAT_CMP(pfx##_ne, GA, GB, !=) \
	FLOAT_CMP(pfx##_lt, GA, GB, <) \
	FLOAT_CMP(pfx##_le, GA, GB, <=) \
	FLOAT_CMP(pfx##_gt, GA, GB, >) \
	FLOAT_CMP(pfx##_ge, GA, GB, >=)

FLOAT_CMP_SET(float44, F4A, F4B)
FLOAT_CMP_SET(float48, F4A, F8B)
FLOAT_CMP_SET(float84, F8A, F4B)
FLOAT_CMP_SET(float88, F8A, F8B)

/* ---- casts ---- */

static pg_noreturn void
int_cast_out_of_range(const char *what)
{
	ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			errmsg("%s out of range", what));
	__builtin_unreachable();
}

/* rint(v) if it lies in [lo, hi), else an error naming the type. */
static double
float_to_int_checked(double v, double lo, double hi, const char *what)
{
	double		r = rint(v);

	if (isnan(r) || !(r >= lo && r < hi))
		int_cast_out_of_range(what);
	return r;
}

static Datum
float8_to_int2(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT16((int16_t) float_to_int_checked(F8A, -32768.0, 32768.0, "smallint"));
}

static Datum
float8_to_int4(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT32((int32_t) float_to_int_checked(F8A, -2147483648.0, 2147483648.0,
												   "integer"));
}

static Datum
float8_to_int8(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT64((int64_t) float_to_int_checked(F8A, -9223372036854775808.0,
												   9223372036854775808.0, "bigint"));
}

/* float4 rounds in single precision first, as PostgreSQL's ftoi* do. */
static Datum
float4_to_int2(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT16((int16_t) float_to_int_checked(rintf(F4A), -32768.0, 32768.0, "smallint"));
}

static Datum
float4_to_int4(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT32((int32_t) float_to_int_checked(rintf(F4A), -2147483648.0, 2147483648.0,
												   "integer"));
}

static Datum
float4_to_int8(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT64((int64_t) float_to_int_checked(rintf(F4A), -9223372036854775808.0,
												   9223372036854775808.0, "bigint"));
}

static Datum
float4_to_float8(FunctionCallInfo fcinfo)
{
	PG_RETURN_FLOAT8((double) F4A);
}

static Datum
float8_to_float4(FunctionCallInfo fcinfo)
{
	double		v = F8A;
	float		r = (float) v;

	if (isinf(r) && !isinf(v))
		float_overflow();
	if (r == 0.0f && v != 0.0)
		float_underflow();
	PG_RETURN_FLOAT4(r);
}

#define INT_TO_FLOAT(fname, GET, RET, CT) \
	static Datum fname(FunctionCallInfo fcinfo) { RET((CT) GET(0)); }

INT_TO_FLOAT(int2_to_float4, PG_GETARG_INT16, PG_RETURN_FLOAT4, float)
INT_TO_FLOAT(int4_to_float4, PG_GETARG_INT32, PG_RETURN_FLOAT4, float)
INT_TO_FLOAT(int8_to_float4, PG_GETARG_INT64, PG_RETURN_FLOAT4, float)
INT_TO_FLOAT(int2_to_float8, PG_GETARG_INT16, PG_RETURN_FLOAT8, double)
INT_TO_FLOAT(int4_to_float8, PG_GETARG_INT32, PG_RETURN_FLOAT8, double)
INT_TO_FLOAT(int8_to_float8, PG_GETARG_INT64, PG_RETURN_FLOAT8, double)

static const BuiltinCast float_casts[] = {
	{INT2OID, FLOAT4OID, COERCION_IMPLICIT, int2_to_float4, false},
	{INT4OID, FLOAT4OID, COERCION_IMPLICIT, int4_to_float4, false},
	{INT8OID, FLOAT4OID, COERCION_IMPLICIT, int8_to_float4, false},
	{INT2OID, FLOAT8OID, COERCION_IMPLICIT, int2_to_float8, false},
	{INT4OID, FLOAT8OID, COERCION_IMPLICIT, int4_to_float8, false},
	{INT8OID, FLOAT8OID, COERCION_IMPLICIT, int8_to_float8, false},
	{FLOAT4OID, INT2OID, COERCION_ASSIGNMENT, float4_to_int2, false},
	{FLOAT4OID, INT4OID, COERCION_ASSIGNMENT, float4_to_int4, false},
	{FLOAT4OID, INT8OID, COERCION_ASSIGNMENT, float4_to_int8, false},
	{FLOAT8OID, INT2OID, COERCION_ASSIGNMENT, float8_to_int2, false},
	{FLOAT8OID, INT4OID, COERCION_ASSIGNMENT, float8_to_int4, false},
	{FLOAT8OID, INT8OID, COERCION_ASSIGNMENT, float8_to_int8, false},
	{FLOAT4OID, FLOAT8OID, COERCION_IMPLICIT, float4_to_float8, false},
	{FLOAT8OID, FLOAT4OID, COERCION_ASSIGNMENT, float8_to_float4, false},
};

#define ARITH_ROWS(pfx, L, R, RES) \
	{"+", L, R, RES, pfx##_pl}, \
	{"-", L, R, RES, pfx##_mi}, \
	{"*", L, R, RES, pfx##_mul}, \
	{"/", L, R, RES, pfx##_div}

#define CMP_ROWS(pfx, L, R) \
	{"=", L, R, BOOLOID, pfx##_eq}, \
	{"<>", L, R, BOOLOID, pfx##_ne}, \
	{"<", L, R, BOOLOID, pfx##_lt}, \
	{"<=", L, R, BOOLOID, pfx##_le}, \
	{">", L, R, BOOLOID, pfx##_gt}, \
	{">=", L, R, BOOLOID, pfx##_ge}

static const BuiltinOperator float_operators[] = {
	ARITH_ROWS(float44, FLOAT4OID, FLOAT4OID, FLOAT4OID),
	ARITH_ROWS(float48, FLOAT4OID, FLOAT8OID, FLOAT8OID),
	ARITH_ROWS(float84, FLOAT8OID, FLOAT4OID, FLOAT8OID),
	ARITH_ROWS(float88, FLOAT8OID, FLOAT8OID, FLOAT8OID),
	CMP_ROWS(float44, FLOAT4OID, FLOAT4OID),
	CMP_ROWS(float48, FLOAT4OID, FLOAT8OID),
	CMP_ROWS(float84, FLOAT8OID, FLOAT4OID),
	CMP_ROWS(float88, FLOAT8OID, FLOAT8OID),
	{"-", InvalidOid, FLOAT4OID, FLOAT4OID, float4_um},
	{"+", InvalidOid, FLOAT4OID, FLOAT4OID, float4_up},
	{"@", InvalidOid, FLOAT4OID, FLOAT4OID, float4_abs},
	{"-", InvalidOid, FLOAT8OID, FLOAT8OID, float8_um},
	{"+", InvalidOid, FLOAT8OID, FLOAT8OID, float8_up},
	{"@", InvalidOid, FLOAT8OID, FLOAT8OID, float8_abs},
};

static const BuiltinFunction float_functions[] = {
	{"abs", 1, {FLOAT4OID}, FLOAT4OID, true, FUNC_IMMUTABLE, false, float4_abs},
	{"abs", 1, {FLOAT8OID}, FLOAT8OID, true, FUNC_IMMUTABLE, false, float8_abs},
};

const FmgrTableSet float_fmgr = {
	FMGR_ROWS(float_functions),
	FMGR_ROWS(float_operators),
	FMGR_ROWS(float_casts),
	FMGR_NO_ROWS,
};
