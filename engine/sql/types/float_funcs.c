/*-------------------------------------------------------------------------
 * float_funcs.c
 *	  Mathematical functions over float8: rounding, sqrt/cbrt, power,
 *	  exp/ln/log, trigonometry, sign, pi, and the random() generator.
 *
 * Role: rows of pg_proc / pg_operator (|/, ||/, ^) for float8.  The
 * numeric versions of the same functions belong to numeric.c; resolution
 * picks between them by PostgreSQL's rules (float8 is the preferred
 * numeric type, so f(int) resolves to the float8 version).
 *
 * Invariants:
 *	- Domain errors use PostgreSQL's SQLSTATEs and messages: 2201F for
 *	  sqrt of a negative number and bad powers, 2201E for logarithms of
 *	  zero or negatives, 22003 "input is out of range" for trig inputs,
 *	  22003 overflow/underflow when a finite input gives an infinite or
 *	  zero result.
 *	- round() rounds half to even (rint), as PostgreSQL's float8 round.
 *	- random() is volatile and per process: the generator is seeded from
 *	  the pid and clock the first time a process uses it, and again after
 *	  a fork (a child never replays its parent's sequence); setseed() makes
 *	  the sequence repeatable.
 *
 * Entry points: float_funcs_fmgr (exported table set).
 * See also: float.c (the types and arithmetic).
 *-------------------------------------------------------------------------
 */
#include <errno.h>
#include <math.h>
#include <time.h>
#include <unistd.h>

#include "sql/types/fmgr.h"
#include "sql/types/types.h"
#include "utils/elog.h"

#define F8A PG_GETARG_FLOAT8(0)
#define F8B PG_GETARG_FLOAT8(1)

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
input_out_of_range(void)
{
	ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			errmsg("input is out of range"));
	__builtin_unreachable();
}

/* Overflow/underflow check for f(arg) = result where only finite->finite is fine. */
static double
check_result(double result, double arg, bool zero_ok)
{
	if (isinf(result) && !isinf(arg))
		float_overflow();
	if (result == 0.0 && !zero_ok)
		float_underflow();
	return result;
}

/* ---- rounding and sign ---- */

static Datum
f8_round(FunctionCallInfo fcinfo)
{
	PG_RETURN_FLOAT8(rint(F8A));
}

static Datum
f8_trunc(FunctionCallInfo fcinfo)
{
	PG_RETURN_FLOAT8(trunc(F8A));
}

static Datum
f8_ceil(FunctionCallInfo fcinfo)
{
	PG_RETURN_FLOAT8(ceil(F8A));
}

static Datum
f8_floor(FunctionCallInfo fcinfo)
{
	PG_RETURN_FLOAT8(floor(F8A));
}

static Datum
f8_sign(FunctionCallInfo fcinfo)
{
	double		v = F8A;

	PG_RETURN_FLOAT8(v > 0 ? 1.0 : v < 0 ? -1.0 : 0.0);
}

/* ---- roots, powers, logarithms ---- */

static Datum
f8_sqrt(FunctionCallInfo fcinfo)
{
	double		v = F8A;

	if (v < 0)
		ereport(ERROR, errcode(ERRCODE_INVALID_ARGUMENT_FOR_POWER_FUNCTION),
				errmsg("cannot take square root of a negative number"));
	PG_RETURN_FLOAT8(check_result(sqrt(v), v, v == 0.0));
}

static Datum
f8_cbrt(FunctionCallInfo fcinfo)
{
	double		v = F8A;

	PG_RETURN_FLOAT8(check_result(cbrt(v), v, v == 0.0));
}

/* x ^ y with PostgreSQL's domain rules; NaN and infinities as in C99 pow. */
static double
float8_power(double x, double y)
{
	if (isnan(x))
		return (isnan(y) || y != 0.0) ? x : 1.0;
	if (isnan(y))
		return x != 1.0 ? y : 1.0;
	if (x == 0.0 && y < 0.0)
		ereport(ERROR, errcode(ERRCODE_INVALID_ARGUMENT_FOR_POWER_FUNCTION),
				errmsg("zero raised to a negative power is undefined"));
	if (x < 0.0 && floor(y) != y)
		ereport(ERROR, errcode(ERRCODE_INVALID_ARGUMENT_FOR_POWER_FUNCTION),
				errmsg("a negative number raised to a non-integer power yields a complex result"));
	if (isinf(x) || isinf(y))
		return pow(x, y);		/* exact C99 special cases, no range error */

	double		r = pow(x, y);

	if (isinf(r))
		float_overflow();
	if (r == 0.0 && x != 0.0)
		float_underflow();
	return r;
}

static Datum
f8_power(FunctionCallInfo fcinfo)
{
	PG_RETURN_FLOAT8(float8_power(F8A, F8B));
}

static Datum
f8_exp(FunctionCallInfo fcinfo)
{
	double		v = F8A;

	if (isnan(v))
		PG_RETURN_FLOAT8(v);
	if (isinf(v))
		PG_RETURN_FLOAT8(v > 0 ? v : 0.0);

	double		r = exp(v);

	if (isinf(r))
		float_overflow();
	if (r == 0.0)
		float_underflow();
	PG_RETURN_FLOAT8(r);
}

static void
check_log_argument(double v)
{
	if (v == 0.0)
		ereport(ERROR, errcode(ERRCODE_INVALID_ARGUMENT_FOR_LOG),
				errmsg("cannot take logarithm of zero"));
	if (v < 0)
		ereport(ERROR, errcode(ERRCODE_INVALID_ARGUMENT_FOR_LOG),
				errmsg("cannot take logarithm of a negative number"));
}

static Datum
f8_ln(FunctionCallInfo fcinfo)
{
	double		v = F8A;

	check_log_argument(v);
	PG_RETURN_FLOAT8(check_result(log(v), v, v == 1.0));
}

static Datum
f8_log10(FunctionCallInfo fcinfo)
{
	double		v = F8A;

	check_log_argument(v);
	PG_RETURN_FLOAT8(check_result(log10(v), v, v == 1.0));
}

/* ---- trigonometry ---- */

/* Finite inputs only (sin, cos, tan, cot); NaN passes through. */
#define TRIG_FN(fname, expr) \
	static Datum fname(FunctionCallInfo fcinfo) \
	{ \
		double		x = F8A; \
		if (isnan(x)) \
			PG_RETURN_FLOAT8(x); \
		if (isinf(x)) \
			input_out_of_range(); \
		double		r = (expr); \
		if (isinf(r) && !isinf(x)) \
			float_overflow(); \
		PG_RETURN_FLOAT8(r); \
	}

TRIG_FN(f8_sin, sin(x))
TRIG_FN(f8_cos, cos(x))
TRIG_FN(f8_tan, tan(x))
TRIG_FN(f8_cot, 1.0 / tan(x))

/* asin/acos: [-1, 1] only. */
#define ARC_FN(fname, fn) \
	static Datum fname(FunctionCallInfo fcinfo) \
	{ \
		double		x = F8A; \
		if (isnan(x)) \
			PG_RETURN_FLOAT8(x); \
		if (x < -1.0 || x > 1.0) \
			input_out_of_range(); \
		PG_RETURN_FLOAT8(fn(x)); \
	}

ARC_FN(f8_asin, asin)
ARC_FN(f8_acos, acos)

static Datum
f8_atan(FunctionCallInfo fcinfo)
{
	PG_RETURN_FLOAT8(atan(F8A));
}

static Datum
f8_atan2(FunctionCallInfo fcinfo)
{
	PG_RETURN_FLOAT8(atan2(F8A, F8B));
}

static Datum
f8_degrees(FunctionCallInfo fcinfo)
{
	double		x = F8A;
	double		r = x / (M_PI / 180.0);

	PG_RETURN_FLOAT8(check_result(r, x, x == 0.0 || isinf(x)));
}

static Datum
f8_radians(FunctionCallInfo fcinfo)
{
	double		x = F8A;
	double		r = x * (M_PI / 180.0);

	PG_RETURN_FLOAT8(check_result(r, x, x == 0.0));
}

static Datum
f8_pi(FunctionCallInfo fcinfo)
{
	PG_RETURN_FLOAT8(M_PI);
}

/* ---- random ---- */

/*
 * xoshiro256** (Blackman and Vigna, public domain), seeded through
 * splitmix64.  Process-local; reseeded after fork.
 */
static uint64_t rng_state[4];
static pid_t rng_pid;

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t	z = (*x += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static void
rng_seed(uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		rng_state[i] = splitmix64(&seed);
	rng_pid = getpid();
}

static inline uint64_t
rotl64(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
rng_next(void)
{
	if (rng_pid != getpid())
	{
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		rng_seed(((uint64_t) getpid() << 32) ^ (uint64_t) ts.tv_sec ^
				 ((uint64_t) ts.tv_nsec << 16));
	}

	uint64_t   *s = rng_state;
	uint64_t	result = rotl64(s[1] * 5, 7) * 9;
	uint64_t	t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl64(s[3], 45);
	return result;
}

/* Uniform in [0, 1) with 53 random bits. */
static Datum
f8_random(FunctionCallInfo fcinfo)
{
	PG_RETURN_FLOAT8((double) (rng_next() >> 11) * 0x1.0p-53);
}

static Datum
f8_setseed(FunctionCallInfo fcinfo)
{
	double		seed = F8A;

	if (isnan(seed) || seed < -1.0 || seed > 1.0)
		ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("setseed parameter %g is out of allowed range [-1,1]", seed));
	rng_seed((uint64_t) (int64_t) (seed * 9007199254740992.0));	/* 2^53 */
	PG_RETURN_VOID();
}

/* ---- tables ---- */

#define F1(n, fn) {n, 1, {FLOAT8OID}, FLOAT8OID, true, FUNC_IMMUTABLE, false, fn}
#define F2(n, fn) {n, 2, {FLOAT8OID, FLOAT8OID}, FLOAT8OID, true, FUNC_IMMUTABLE, false, fn}

static const BuiltinFunction float_math_functions[] = {
	F1("round", f8_round),
	F1("trunc", f8_trunc),
	F1("ceil", f8_ceil),
	F1("ceiling", f8_ceil),
	F1("floor", f8_floor),
	F1("sign", f8_sign),
	F1("sqrt", f8_sqrt),
	F1("cbrt", f8_cbrt),
	F2("power", f8_power),
	F2("pow", f8_power),
	F1("exp", f8_exp),
	F1("ln", f8_ln),
	F1("log", f8_log10),
	F1("log10", f8_log10),
	F1("sin", f8_sin),
	F1("cos", f8_cos),
	F1("tan", f8_tan),
	F1("cot", f8_cot),
	F1("asin", f8_asin),
	F1("acos", f8_acos),
	F1("atan", f8_atan),
	F2("atan2", f8_atan2),
	F1("degrees", f8_degrees),
	F1("radians", f8_radians),
	{"pi", 0, {0}, FLOAT8OID, true, FUNC_IMMUTABLE, false, f8_pi},
	{"random", 0, {0}, FLOAT8OID, true, FUNC_VOLATILE, false, f8_random},
	{"setseed", 1, {FLOAT8OID}, VOIDOID, true, FUNC_VOLATILE, false, f8_setseed},
};

static const BuiltinOperator float_math_operators[] = {
	{"|/", InvalidOid, FLOAT8OID, FLOAT8OID, f8_sqrt},
	{"||/", InvalidOid, FLOAT8OID, FLOAT8OID, f8_cbrt},
	{"^", FLOAT8OID, FLOAT8OID, FLOAT8OID, f8_power},
};

const FmgrTableSet float_funcs_fmgr = {
	FMGR_ROWS(float_math_functions),
	FMGR_ROWS(float_math_operators),
	FMGR_NO_ROWS,
	FMGR_NO_ROWS,
};
