/*-------------------------------------------------------------------------
 * numeric_funcs.c
 *	  SQL-callable numeric functions, operators, casts and aggregates, and
 *	  the FmgrTableSet that lists them.
 *
 * Role: each PGFunction unpacks its arguments into NumericVars, handles
 * NaN and +-Infinity exactly as PostgreSQL 15 does, calls the arithmetic
 * in numeric_arith.c with PostgreSQL's result scale, and packs the result.
 *
 * Aggregates (fmgr.h terms).  sum(numeric), avg(numeric) and the
 * variance/stddev family over int2, int4, int8 and numeric keep a
 * NumericAggState as their transition value (transtype BYTEAOID, the
 * convention of sql/types/README.md for states of internal shape):
 *	- initval NULL and strict_trans false: the transition function is
 *	  called for every row; it creates the state on the first non-NULL
 *	  input, allocating it (and all its digits) in fcinfo->agg_memctx
 *	  (CurrentMemoryContext when that is NULL), skips NULL inputs, and
 *	  updates the state in place, always returning the same pointer.
 *	- The state starts with a varlena header giving its own size.  Its
 *	  sums' digit arrays are separate chunks of the same context, so the
 *	  state must not be copied: it never needs to be, because the
 *	  transition function returns the same pointer, inside agg_memctx.
 *	- The final function returns NULL for a NULL state (no rows), as
 *	  PostgreSQL does for sum/avg over no rows, and palloc's its result in
 *	  CurrentMemoryContext without changing the state.
 * min/max over numeric, and sum/avg over the integer types, are provided
 * by the core type code (fmgr.h), not here.
 *
 * See also: numeric_arith.c, numeric.c, sql/types/fmgr.h.
 *-------------------------------------------------------------------------
 */
#include "sql/types/numeric_internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "utils/elog.h"
#include "utils/interrupt.h"
#include "utils/memctx.h"

/* ---------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------
 */

static void
arg_var(FunctionCallInfo fcinfo, int n, NumericVar *v)
{
	numvar_from_datum(PG_GETARG_DATUM(n), v);
}

/* Pack v as the result and release its digits. */
static Datum
var_result(NumericVar *v)
{
	Datum		d = numvar_to_datum(v);

	numvar_free(v);
	return d;
}

static Datum
zero_result(int dscale)
{
	NumericVar	v;

	numvar_init(&v);
	v.dscale = dscale;
	return numvar_to_datum(&v);
}

static bool
is_nan(const NumericVar *v)
{
	return v->sign == NUMERIC_NAN;
}

static bool
is_inf(const NumericVar *v)
{
	return v->sign == NUMERIC_PINF || v->sign == NUMERIC_NINF;
}

/* -1, 0 or 1 for finite values and infinities (not NaN). */
static int
sign_of(const NumericVar *v)
{
	if (v->sign == NUMERIC_PINF)
		return 1;
	if (v->sign == NUMERIC_NINF)
		return -1;
	if (v->ndigits == 0)
		return 0;
	return v->sign == NUMERIC_NEG ? -1 : 1;
}

static Datum
inf_result(int sign)
{
	return numeric_make_special(sign > 0 ? NUMERIC_PINF : NUMERIC_NINF);
}

pg_noreturn static void
division_by_zero(void)
{
	ereport(ERROR, errcode(ERRCODE_DIVISION_BY_ZERO), errmsg("division by zero"));
	__builtin_unreachable();
}

/* ---------------------------------------------------------------------
 * + - * / % div and the Datum-level wrappers
 * ---------------------------------------------------------------------
 */

static Datum
add_vars(NumericVar *a, NumericVar *b, bool subtract)
{
	int			sa,
				sb;

	if (is_nan(a) || is_nan(b))
		return numeric_make_special(NUMERIC_NAN);
	if (is_inf(a) || is_inf(b))
	{
		sa = is_inf(a) ? sign_of(a) : 0;
		sb = is_inf(b) ? sign_of(b) : 0;
		if (subtract)
			sb = -sb;
		if (sa != 0 && sb != 0 && sa != sb)
			return numeric_make_special(NUMERIC_NAN);
		return inf_result(sa != 0 ? sa : sb);
	}
	if (subtract)
		numvar_sub(a, b, a);
	else
		numvar_add(a, b, a);
	return var_result(a);
}

static Datum
mul_vars(NumericVar *a, NumericVar *b)
{
	if (is_nan(a) || is_nan(b))
		return numeric_make_special(NUMERIC_NAN);
	if (is_inf(a) || is_inf(b))
	{
		int			s = sign_of(a) * sign_of(b);

		return s == 0 ? numeric_make_special(NUMERIC_NAN) : inf_result(s);
	}
	/* a result this large cannot be stored: fail before the work */
	if (a->ndigits > 0 && b->ndigits > 0 && a->weight + b->weight > NUMERIC_WEIGHT_MAX)
		ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("value overflows numeric format"));
	numvar_mul(a, b, a, Min(a->dscale + b->dscale, NUMERIC_DSCALE_MAX));
	return var_result(a);
}

static Datum
div_vars(NumericVar *a, NumericVar *b)
{
	if (is_nan(a) || is_nan(b))
		return numeric_make_special(NUMERIC_NAN);
	if (is_inf(a))
	{
		if (is_inf(b))
			return numeric_make_special(NUMERIC_NAN);
		if (sign_of(b) == 0)
			division_by_zero();
		return inf_result(sign_of(a) * sign_of(b));
	}
	if (is_inf(b))
		return zero_result(0);
	if (b->ndigits == 0)
		division_by_zero();
	if (a->ndigits > 0 && a->weight - b->weight - 1 > NUMERIC_WEIGHT_MAX)
		ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("value overflows numeric format"));
	numvar_div(a, b, a, numvar_select_div_scale(a, b), true);
	return var_result(a);
}

static Datum
mod_vars(NumericVar *a, NumericVar *b)
{
	if (is_nan(a) || is_nan(b))
		return numeric_make_special(NUMERIC_NAN);
	if (is_inf(a))
	{
		if (sign_of(b) == 0)
			division_by_zero();
		return numeric_make_special(NUMERIC_NAN);
	}
	if (is_inf(b))
		return var_result(a);
	if (b->ndigits == 0)
		division_by_zero();
	numvar_mod(a, b, a);
	return var_result(a);
}

static Datum
div_trunc_vars(NumericVar *a, NumericVar *b)
{
	if (is_nan(a) || is_nan(b))
		return numeric_make_special(NUMERIC_NAN);
	if (is_inf(a))
	{
		if (sign_of(b) == 0)
			division_by_zero();
		if (is_inf(b))
			return numeric_make_special(NUMERIC_NAN);
		return inf_result(sign_of(a) * sign_of(b));
	}
	if (is_inf(b))
		return zero_result(0);
	if (b->ndigits == 0)
		division_by_zero();
	numvar_div(a, b, a, 0, false);
	return var_result(a);
}

typedef Datum (*binary_var_fn) (NumericVar *a, NumericVar *b);

static Datum
apply_binary(Datum x, Datum y, binary_var_fn fn)
{
	NumericVar	a,
				b;
	Datum		r;

	numvar_from_datum(x, &a);
	numvar_from_datum(y, &b);
	r = fn(&a, &b);
	numvar_free(&a);
	numvar_free(&b);
	return r;
}

static Datum
add_fn(NumericVar *a, NumericVar *b)
{
	return add_vars(a, b, false);
}

static Datum
sub_fn(NumericVar *a, NumericVar *b)
{
	return add_vars(a, b, true);
}

Datum
numeric_add_datum(Datum a, Datum b)
{
	return apply_binary(a, b, add_fn);
}

Datum
numeric_sub_datum(Datum a, Datum b)
{
	return apply_binary(a, b, sub_fn);
}

Datum
numeric_mul_datum(Datum a, Datum b)
{
	return apply_binary(a, b, mul_vars);
}

Datum
numeric_div_datum(Datum a, Datum b)
{
	return apply_binary(a, b, div_vars);
}

static Datum
numeric_add(FunctionCallInfo fcinfo)
{
	return apply_binary(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1), add_fn);
}

static Datum
numeric_sub(FunctionCallInfo fcinfo)
{
	return apply_binary(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1), sub_fn);
}

static Datum
numeric_mul(FunctionCallInfo fcinfo)
{
	return apply_binary(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1), mul_vars);
}

static Datum
numeric_div(FunctionCallInfo fcinfo)
{
	return apply_binary(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1), div_vars);
}

static Datum
numeric_mod(FunctionCallInfo fcinfo)
{
	return apply_binary(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1), mod_vars);
}

static Datum
numeric_div_trunc(FunctionCallInfo fcinfo)
{
	return apply_binary(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1), div_trunc_vars);
}

/* ---------------------------------------------------------------------
 * Comparison
 * ---------------------------------------------------------------------
 */

static Datum
numeric_eq(FunctionCallInfo fcinfo)
{
	PG_RETURN_BOOL(numeric_cmp_datum(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) == 0);
}

static Datum
numeric_ne(FunctionCallInfo fcinfo)
{
	PG_RETURN_BOOL(numeric_cmp_datum(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) != 0);
}

static Datum
numeric_lt(FunctionCallInfo fcinfo)
{
	PG_RETURN_BOOL(numeric_cmp_datum(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) < 0);
}

static Datum
numeric_le(FunctionCallInfo fcinfo)
{
	PG_RETURN_BOOL(numeric_cmp_datum(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) <= 0);
}

static Datum
numeric_gt(FunctionCallInfo fcinfo)
{
	PG_RETURN_BOOL(numeric_cmp_datum(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) > 0);
}

static Datum
numeric_ge(FunctionCallInfo fcinfo)
{
	PG_RETURN_BOOL(numeric_cmp_datum(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) >= 0);
}

static Datum
numeric_cmp_fn(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT32(numeric_cmp_datum(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)));
}

static Datum
numeric_larger(FunctionCallInfo fcinfo)
{
	return numeric_cmp_datum(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) >= 0 ?
		PG_GETARG_DATUM(0) : PG_GETARG_DATUM(1);
}

static Datum
numeric_smaller(FunctionCallInfo fcinfo)
{
	return numeric_cmp_datum(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) <= 0 ?
		PG_GETARG_DATUM(0) : PG_GETARG_DATUM(1);
}

/* ---------------------------------------------------------------------
 * Unary functions
 * ---------------------------------------------------------------------
 */

static Datum
numeric_uminus(FunctionCallInfo fcinfo)
{
	NumericVar	v;

	arg_var(fcinfo, 0, &v);
	if (v.sign == NUMERIC_PINF)
		v.sign = NUMERIC_NINF;
	else if (v.sign == NUMERIC_NINF)
		v.sign = NUMERIC_PINF;
	else if (!is_nan(&v) && v.ndigits > 0)
		v.sign = v.sign == NUMERIC_NEG ? NUMERIC_POS : NUMERIC_NEG;
	return var_result(&v);
}

static Datum
numeric_uplus(FunctionCallInfo fcinfo)
{
	PG_RETURN_DATUM(PG_GETARG_DATUM(0));
}

static Datum
numeric_abs(FunctionCallInfo fcinfo)
{
	NumericVar	v;

	arg_var(fcinfo, 0, &v);
	if (v.sign == NUMERIC_NINF)
		v.sign = NUMERIC_PINF;
	else if (!numvar_is_special(&v))
		v.sign = NUMERIC_POS;
	return var_result(&v);
}

static Datum
numeric_sign(FunctionCallInfo fcinfo)
{
	NumericVar	v;

	arg_var(fcinfo, 0, &v);
	if (is_nan(&v))
		return var_result(&v);
	{
		int			s = sign_of(&v);

		numvar_free(&v);
		return numeric_from_int64(s);
	}
}

static Datum
ceil_floor_common(FunctionCallInfo fcinfo, bool ceil)
{
	NumericVar	v;

	arg_var(fcinfo, 0, &v);
	if (!numvar_is_special(&v))
	{
		if (ceil)
			numvar_ceil(&v, &v);
		else
			numvar_floor(&v, &v);
	}
	return var_result(&v);
}

static Datum
numeric_ceil(FunctionCallInfo fcinfo)
{
	return ceil_floor_common(fcinfo, true);
}

static Datum
numeric_floor(FunctionCallInfo fcinfo)
{
	return ceil_floor_common(fcinfo, false);
}

/* round/trunc's scale argument, clamped as PostgreSQL does. */
static int
clamp_round_scale(FunctionCallInfo fcinfo)
{
	int			scale = PG_NARGS() > 1 ? PG_GETARG_INT32(1) : 0;

	scale = Max(scale, -(NUMERIC_WEIGHT_MAX + 1) * DEC_DIGITS);
	return Min(scale, NUMERIC_DSCALE_MAX);
}

static Datum
numeric_round(FunctionCallInfo fcinfo)
{
	NumericVar	v;

	arg_var(fcinfo, 0, &v);
	if (!numvar_is_special(&v))
		numvar_round(&v, clamp_round_scale(fcinfo));
	return var_result(&v);
}

static Datum
numeric_trunc(FunctionCallInfo fcinfo)
{
	NumericVar	v;

	arg_var(fcinfo, 0, &v);
	if (!numvar_is_special(&v))
		numvar_trunc(&v, clamp_round_scale(fcinfo));
	return var_result(&v);
}

static int
clamp_scale(int rscale)
{
	rscale = Max(rscale, NUMERIC_MIN_DISPLAY_SCALE);
	return Min(rscale, NUMERIC_MAX_DISPLAY_SCALE);
}

static Datum
numeric_sqrt(FunctionCallInfo fcinfo)
{
	NumericVar	v;
	int			sweight,
				rscale;

	arg_var(fcinfo, 0, &v);
	if (is_nan(&v) || v.sign == NUMERIC_PINF)
		return var_result(&v);
	if (sign_of(&v) < 0)
		ereport(ERROR, errcode(ERRCODE_INVALID_ARGUMENT_FOR_POWER_FUNCTION),
				errmsg("cannot take square root of a negative number"));
	/* at least 16 significant digits, and not less than the input's scale */
	sweight = (v.weight + 1) * DEC_DIGITS / 2 - 1;
	if (v.ndigits == 0)
		sweight = DEC_DIGITS / 2 - 1;
	rscale = clamp_scale(Max(NUMERIC_MIN_SIG_DIGITS - sweight, v.dscale));
	numvar_sqrt(&v, &v, rscale);
	return var_result(&v);
}

static Datum
numeric_exp(FunctionCallInfo fcinfo)
{
	NumericVar	v;
	double		val;
	int			rscale;

	arg_var(fcinfo, 0, &v);
	if (is_nan(&v) || v.sign == NUMERIC_PINF)
		return var_result(&v);
	if (v.sign == NUMERIC_NINF)
		return zero_result(0);
	/* decimal weight of e^x is x * log10(e), bounded to avoid overflow */
	val = numvar_to_double_approx(&v) * 0.434294481903252;
	val = Max(val, -NUMERIC_MAX_RESULT_SCALE);
	val = Min(val, NUMERIC_MAX_RESULT_SCALE);
	rscale = clamp_scale(Max(NUMERIC_MIN_SIG_DIGITS - (int) val, v.dscale));
	numvar_exp(&v, &v, rscale);
	return var_result(&v);
}

/* ERROR 2201E for ln/log of zero or a negative number (incl. -Infinity). */
static void
check_log_domain(const NumericVar *v)
{
	int			s = sign_of(v);

	if (s < 0)
		ereport(ERROR, errcode(ERRCODE_INVALID_ARGUMENT_FOR_LOG),
				errmsg("cannot take logarithm of a negative number"));
	if (s == 0)
		ereport(ERROR, errcode(ERRCODE_INVALID_ARGUMENT_FOR_LOG),
				errmsg("cannot take logarithm of zero"));
}

static Datum
numeric_ln(FunctionCallInfo fcinfo)
{
	NumericVar	v;
	int			rscale;

	arg_var(fcinfo, 0, &v);
	if (is_nan(&v))
		return var_result(&v);
	check_log_domain(&v);
	if (v.sign == NUMERIC_PINF)
		return var_result(&v);
	rscale = clamp_scale(Max(NUMERIC_MIN_SIG_DIGITS - numvar_estimate_ln_dweight(&v), v.dscale));
	numvar_ln(&v, &v, rscale);
	return var_result(&v);
}

static Datum
log_common(NumericVar *base, NumericVar *num)
{
	if (is_nan(base) || is_nan(num))
		return numeric_make_special(NUMERIC_NAN);
	check_log_domain(base);
	check_log_domain(num);
	if (base->sign == NUMERIC_PINF)
		return num->sign == NUMERIC_PINF ? numeric_make_special(NUMERIC_NAN) : zero_result(0);
	if (num->sign == NUMERIC_PINF)
		return numeric_make_special(NUMERIC_PINF);
	numvar_log(base, num, num);
	return var_result(num);
}

static Datum
numeric_log(FunctionCallInfo fcinfo)
{
	NumericVar	b,
				n;
	Datum		r;

	arg_var(fcinfo, 0, &b);
	arg_var(fcinfo, 1, &n);
	r = log_common(&b, &n);
	numvar_free(&b);
	numvar_free(&n);
	return r;
}

static Datum
numeric_log10(FunctionCallInfo fcinfo)
{
	NumericVar	b,
				n;
	Datum		r;

	numvar_init(&b);
	numvar_from_int64(&b, 10);
	arg_var(fcinfo, 0, &n);
	r = log_common(&b, &n);
	numvar_free(&b);
	numvar_free(&n);
	return r;
}

/* ---------------------------------------------------------------------
 * power
 * ---------------------------------------------------------------------
 */

pg_noreturn static void
power_error(const char *msg)
{
	ereport(ERROR, errcode(ERRCODE_INVALID_ARGUMENT_FOR_POWER_FUNCTION), errmsg("%s", msg));
	__builtin_unreachable();
}

#define MSG_ZERO_NEG	"zero raised to a negative power is undefined"
#define MSG_COMPLEX		"a negative number raised to a non-integer power yields a complex result"

static bool
is_one(const NumericVar *v)
{
	return !numvar_is_special(v) && v->sign == NUMERIC_POS && v->ndigits == 1 &&
		v->weight == 0 && v->digits[0] == 1;
}

static bool
is_odd_integer(const NumericVar *v)
{
	return v->ndigits > 0 && v->ndigits == v->weight + 1 && (v->digits[v->ndigits - 1] & 1);
}

/* x ^ y when x or y is NaN or infinite. */
static Datum
power_special(NumericVar *x, NumericVar *y)
{
	int			sx = sign_of(x),
				sy = sign_of(y);

	if (is_nan(x))
		return (!numvar_is_special(y) && y->ndigits == 0) ? numeric_from_int64(1)
			: numeric_make_special(NUMERIC_NAN);
	if (is_nan(y))
		return is_one(x) ? numeric_from_int64(1) : numeric_make_special(NUMERIC_NAN);
	if (is_one(x) || (!numvar_is_special(y) && y->ndigits == 0))
		return numeric_from_int64(1);
	if (sx == 0 && sy < 0)
		power_error(MSG_ZERO_NEG);
	if (is_inf(y))
	{
		NumericVar	one;
		int			c;

		if (sx == 0)
			return zero_result(0);
		numvar_init(&one);
		numvar_from_int64(&one, 1);
		c = is_inf(x) ? 1 : numvar_cmp_abs(x, &one);
		numvar_free(&one);
		if (c == 0)
			return numeric_from_int64(1);	/* x = -1 */
		return ((sy > 0) == (c > 0)) ? inf_result(1) : zero_result(0);
	}
	/* x is infinite, y finite non-zero */
	if (x->sign == NUMERIC_PINF)
		return sy > 0 ? inf_result(1) : zero_result(0);
	if (!numvar_is_integer(y))
		power_error(MSG_COMPLEX);
	if (sy < 0)
		return zero_result(0);
	return inf_result(is_odd_integer(y) ? -1 : 1);
}

static Datum
power_vars(NumericVar *x, NumericVar *y)
{
	if (numvar_is_special(x) || numvar_is_special(y))
		return power_special(x, y);
	if (x->ndigits == 0 && sign_of(y) < 0)
		power_error(MSG_ZERO_NEG);
	if (sign_of(x) < 0 && !numvar_is_integer(y))
		power_error(MSG_COMPLEX);
	numvar_power(x, y, x);
	return var_result(x);
}

static Datum
numeric_power(FunctionCallInfo fcinfo)
{
	return apply_binary(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1), power_vars);
}

/* ---------------------------------------------------------------------
 * scale, min_scale, trim_scale, gcd, lcm, factorial
 * ---------------------------------------------------------------------
 */

static Datum
numeric_scale(FunctionCallInfo fcinfo)
{
	NumericVar	v;
	int			s;

	arg_var(fcinfo, 0, &v);
	if (numvar_is_special(&v))
		PG_RETURN_NULL();
	s = v.dscale;
	numvar_free(&v);
	PG_RETURN_INT32(s);
}

/* Fewest decimal places that represent the value exactly. */
static int
min_scale_of(const NumericVar *v)
{
	int			last,
				s;

	if (v->ndigits == 0 || v->weight - v->ndigits + 1 >= 0)
		return 0;
	last = v->digits[v->ndigits - 1];
	s = (v->ndigits - v->weight - 1) * DEC_DIGITS;
	while (last % 10 == 0)
	{
		last /= 10;
		s--;
	}
	return s;
}

static Datum
numeric_min_scale(FunctionCallInfo fcinfo)
{
	NumericVar	v;
	int			s;

	arg_var(fcinfo, 0, &v);
	if (numvar_is_special(&v))
		PG_RETURN_NULL();
	s = min_scale_of(&v);
	numvar_free(&v);
	PG_RETURN_INT32(s);
}

static Datum
numeric_trim_scale(FunctionCallInfo fcinfo)
{
	NumericVar	v;

	arg_var(fcinfo, 0, &v);
	if (!numvar_is_special(&v))
		v.dscale = min_scale_of(&v);
	return var_result(&v);
}

static Datum
gcd_lcm_vars(NumericVar *a, NumericVar *b, bool lcm)
{
	NumericVar	g;
	int			dscale = Max(a->dscale, b->dscale);

	if (numvar_is_special(a) || numvar_is_special(b))
		return numeric_make_special(NUMERIC_NAN);
	numvar_init(&g);
	if (!lcm)
	{
		numvar_gcd(a, b, &g);
		return var_result(&g);
	}
	if (a->ndigits == 0 || b->ndigits == 0)
		return zero_result(dscale);
	numvar_gcd(a, b, &g);
	numvar_div(a, &g, &g, 0, false);
	numvar_mul(b, &g, &g, b->dscale);
	g.sign = NUMERIC_POS;
	g.dscale = dscale;
	return var_result(&g);
}

static Datum
gcd_fn(NumericVar *a, NumericVar *b)
{
	return gcd_lcm_vars(a, b, false);
}

static Datum
lcm_fn(NumericVar *a, NumericVar *b)
{
	return gcd_lcm_vars(a, b, true);
}

static Datum
numeric_gcd(FunctionCallInfo fcinfo)
{
	return apply_binary(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1), gcd_fn);
}

static Datum
numeric_lcm(FunctionCallInfo fcinfo)
{
	return apply_binary(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1), lcm_fn);
}

/* lo * (lo + 1) * ... * hi by binary splitting (balanced products). */
static void
range_product(int64_t lo, int64_t hi, NumericVar *res)
{
	if (hi - lo < 4)
	{
		int64_t		p = 1;

		for (int64_t k = lo; k <= hi; k++)
			p *= k;				/* < 32178^4 < 2^63 */
		numvar_from_int64(res, p);
		return;
	}
	else
	{
		int64_t		mid = lo + (hi - lo) / 2;
		NumericVar	right;

		CHECK_FOR_INTERRUPTS();
		numvar_init(&right);
		range_product(lo, mid, res);
		range_product(mid + 1, hi, &right);
		numvar_mul(res, &right, res, 0);
		numvar_free(&right);
	}
}

static Datum
numeric_factorial(FunctionCallInfo fcinfo)
{
	int64_t		n = PG_GETARG_INT64(0);
	NumericVar	r;

	if (n < 0)
		ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("factorial of a negative number is undefined"));
	if (n <= 1)
		return numeric_from_int64(1);
	/* 32177! is the largest factorial that fits (131072 digits) */
	if (n > 32177)
		ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("value overflows numeric format"));
	numvar_init(&r);
	range_product(2, n, &r);
	return var_result(&r);
}

/* ---------------------------------------------------------------------
 * Casts
 * ---------------------------------------------------------------------
 */

static Datum
int2_numeric(FunctionCallInfo fcinfo)
{
	return numeric_from_int64(PG_GETARG_INT16(0));
}

static Datum
int4_numeric(FunctionCallInfo fcinfo)
{
	return numeric_from_int64(PG_GETARG_INT32(0));
}

static Datum
int8_numeric(FunctionCallInfo fcinfo)
{
	return numeric_from_int64(PG_GETARG_INT64(0));
}

static Datum
float8_numeric(FunctionCallInfo fcinfo)
{
	return numeric_from_double(PG_GETARG_FLOAT8(0));
}

static Datum
float4_numeric(FunctionCallInfo fcinfo)
{
	float		f = PG_GETARG_FLOAT4(0);
	char		buf[64];

	if (isnan(f))
		return numeric_make_special(NUMERIC_NAN);
	if (isinf(f))
		return numeric_make_special(f > 0 ? NUMERIC_PINF : NUMERIC_NINF);
	snprintf(buf, sizeof(buf), "%.*g", 6, (double) f);
	return numeric_in_cstring(buf, -1);
}

/* numeric -> integer of the given range, as PostgreSQL's casts. */
static int64_t
numeric_to_intrange(Datum d, int64_t lo, int64_t hi, const char *typname)
{
	NumericVar	v;
	int64_t		r = 0;

	numvar_from_datum(d, &v);
	if (is_nan(&v))
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("cannot convert NaN to %s", typname));
	if (is_inf(&v))
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("cannot convert infinity to %s", typname));
	if (!numvar_to_int64(&v, &r) || r < lo || r > hi)
		ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("%s out of range", typname));
	numvar_free(&v);
	return r;
}

static Datum
numeric_int2(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT16((int16_t) numeric_to_intrange(PG_GETARG_DATUM(0), INT16_MIN, INT16_MAX, "smallint"));
}

static Datum
numeric_int4(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT32((int32_t) numeric_to_intrange(PG_GETARG_DATUM(0), INT32_MIN, INT32_MAX, "integer"));
}

static Datum
numeric_int8(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT64(numeric_to_intrange(PG_GETARG_DATUM(0), INT64_MIN, INT64_MAX, "bigint"));
}

static Datum
numeric_float8(FunctionCallInfo fcinfo)
{
	PG_RETURN_FLOAT8(numeric_to_double(PG_GETARG_DATUM(0)));
}

static Datum
numeric_float4(FunctionCallInfo fcinfo)
{
	NumericVar	v;
	char	   *s;
	float		f;

	numvar_from_datum(PG_GETARG_DATUM(0), &v);
	if (is_nan(&v))
		PG_RETURN_FLOAT4(NAN);
	if (is_inf(&v))
		PG_RETURN_FLOAT4(v.sign == NUMERIC_PINF ? HUGE_VALF : -HUGE_VALF);
	s = numvar_to_cstring(&v);
	numvar_free(&v);
	errno = 0;
	f = strtof(s, NULL);
	if (errno == ERANGE && (f == 0.0f || isinf(f)))
		ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("\"%s\" is out of range for type real", s));
	pfree(s);
	PG_RETURN_FLOAT4(f);
}

/* ---------------------------------------------------------------------
 * Aggregates
 * ---------------------------------------------------------------------
 */

/* 128-bit sums, 8-byte aligned like every palloc'd chunk */
typedef __int128 int128_a8 __attribute__((aligned(8)));

typedef struct NumericAggState
{
	char		vl_len_[4];		/* varlena header: sizeof(NumericAggState) */
	MemoryContext ctx;			/* holds this struct and the digits below */
	int64_t		count;			/* non-NULL inputs, NaN and infinities included */
	int64_t		nan_count;
	int64_t		pinf_count;
	int64_t		ninf_count;
	bool		squares;		/* maintain the sum of squares (variance) */
	bool		int_input;		/* inputs are integers: isum/isum2 are used */
	int128_a8	isum;			/* integer inputs: exact sums */
	int128_a8	isum2;
	NumericVar	sum;			/* numeric inputs (and int8 squares) */
	NumericVar	sum2;
} NumericAggState;

static NumericAggState *
agg_state(FunctionCallInfo fcinfo, bool squares, bool int_input)
{
	NumericAggState *st;
	MemoryContext ctx = fcinfo->agg_memctx ? fcinfo->agg_memctx : CurrentMemoryContext;

	if (!PG_ARGISNULL(0))
		return (NumericAggState *) PG_GETARG_POINTER(0);
	st = memctx_alloc_zero(ctx, sizeof(NumericAggState));
	SET_VARSIZE(st, (int32_t) sizeof(NumericAggState));
	st->ctx = ctx;
	st->squares = squares;
	st->int_input = int_input;
	numvar_init(&st->sum);
	numvar_init(&st->sum2);
	return st;
}

/* dst += src, keeping dst's digits in the state's context. */
static void
state_add(NumericAggState *st, NumericVar *dst, const NumericVar *src)
{
	NumericVar	t;
	MemoryContext old;

	numvar_init(&t);
	numvar_add(dst, src, &t);
	old = memctx_switch_to(st->ctx);
	numvar_copy(dst, &t);
	memctx_switch_to(old);
	numvar_free(&t);
}

/* Transition for numeric input (sum, avg, variance). */
static Datum
numeric_accum_common(FunctionCallInfo fcinfo, bool squares)
{
	NumericAggState *st;
	NumericVar	x;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	st = agg_state(fcinfo, squares, false);
	numvar_from_datum(PG_GETARG_DATUM(1), &x);
	st->count++;
	if (is_nan(&x))
		st->nan_count++;
	else if (x.sign == NUMERIC_PINF)
		st->pinf_count++;
	else if (x.sign == NUMERIC_NINF)
		st->ninf_count++;
	else
	{
		state_add(st, &st->sum, &x);
		if (st->squares)
		{
			NumericVar	sq;

			numvar_init(&sq);
			numvar_mul(&x, &x, &sq, x.dscale * 2);
			state_add(st, &st->sum2, &sq);
			numvar_free(&sq);
		}
	}
	numvar_free(&x);
	PG_RETURN_POINTER(st);
}

static Datum
numeric_avg_accum(FunctionCallInfo fcinfo)
{
	return numeric_accum_common(fcinfo, false);
}

static Datum
numeric_accum(FunctionCallInfo fcinfo)
{
	return numeric_accum_common(fcinfo, true);
}

/* Transition for integer input; int8 squares go to the numeric sum2. */
static Datum
int_accum_common(FunctionCallInfo fcinfo, int64_t x, bool squares, bool is_int8)
{
	NumericAggState *st = agg_state(fcinfo, squares, true);

	st->count++;
	st->isum += x;
	if (!squares)
		PG_RETURN_POINTER(st);
	if (!is_int8)
		st->isum2 += (__int128) x * x;
	else
	{
		NumericVar	sq;

		numvar_init(&sq);
		numvar_from_int128(&sq, (__int128) x * x);
		state_add(st, &st->sum2, &sq);
		numvar_free(&sq);
	}
	PG_RETURN_POINTER(st);
}

#define INT_ACCUM(fname, getter, squares, is_int8) \
static Datum \
fname(FunctionCallInfo fcinfo) \
{ \
	if (PG_ARGISNULL(1)) \
	{ \
		if (PG_ARGISNULL(0)) \
			PG_RETURN_NULL(); \
		PG_RETURN_DATUM(PG_GETARG_DATUM(0)); \
	} \
	return int_accum_common(fcinfo, getter(1), squares, is_int8); \
}

INT_ACCUM(int2_accum, PG_GETARG_INT16, true, false)
INT_ACCUM(int4_accum, PG_GETARG_INT32, true, false)
INT_ACCUM(int8_accum, PG_GETARG_INT64, true, true)

/* The state's sums as NumericVars (palloc'd copies). */
static void
state_sums(const NumericAggState *st, NumericVar *sum, NumericVar *sum2)
{
	numvar_init(sum);
	numvar_init(sum2);
	if (st->int_input)
	{
		numvar_from_int128(sum, st->isum);
		if (st->sum2.ndigits > 0)
			numvar_copy(sum2, &st->sum2);
		else
			numvar_from_int128(sum2, st->isum2);
	}
	else
	{
		numvar_copy(sum, &st->sum);
		numvar_copy(sum2, &st->sum2);
	}
}

/*
 * The result when NaN or infinities were seen, or (Datum) 0 if none were:
 * NaN wins, +Inf and -Inf together make NaN.
 */
static Datum
special_agg_result(const NumericAggState *st)
{
	if (st->nan_count > 0 || (st->pinf_count > 0 && st->ninf_count > 0))
		return numeric_make_special(NUMERIC_NAN);
	if (st->pinf_count > 0)
		return numeric_make_special(NUMERIC_PINF);
	if (st->ninf_count > 0)
		return numeric_make_special(NUMERIC_NINF);
	return (Datum) 0;
}

static Datum
numeric_sum_final(FunctionCallInfo fcinfo)
{
	NumericAggState *st;
	NumericVar	sum,
				sum2;
	Datum		sp;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (NumericAggState *) PG_GETARG_POINTER(0);
	if (st->count == 0)
		PG_RETURN_NULL();
	if ((sp = special_agg_result(st)) != (Datum) 0)
		return sp;
	state_sums(st, &sum, &sum2);
	numvar_free(&sum2);
	return var_result(&sum);
}

static Datum
numeric_avg_final(FunctionCallInfo fcinfo)
{
	NumericAggState *st;
	NumericVar	sum,
				sum2,
				n;
	Datum		sp;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (NumericAggState *) PG_GETARG_POINTER(0);
	if (st->count == 0)
		PG_RETURN_NULL();
	if ((sp = special_agg_result(st)) != (Datum) 0)
		return sp;
	state_sums(st, &sum, &sum2);
	numvar_free(&sum2);
	numvar_init(&n);
	numvar_from_int64(&n, st->count);
	numvar_div(&sum, &n, &sum, numvar_select_div_scale(&sum, &n), true);
	numvar_free(&n);
	return var_result(&sum);
}

/* variance / stddev, sample or population, as PostgreSQL computes them. */
static Datum
variance_final(FunctionCallInfo fcinfo, bool sample, bool stddev)
{
	NumericAggState *st;
	NumericVar	sx,
				sx2,
				n,
				d;
	int			rscale;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (NumericAggState *) PG_GETARG_POINTER(0);
	if (st->count == 0 || (sample && st->count == 1))
		PG_RETURN_NULL();
	if (st->nan_count > 0 || st->pinf_count > 0 || st->ninf_count > 0)
		return numeric_make_special(NUMERIC_NAN);
	state_sums(st, &sx, &sx2);
	numvar_init(&n);
	numvar_init(&d);
	numvar_from_int64(&n, st->count);

	/* n * sum(x^2) - sum(x)^2 over n * (n - 1) or n * n */
	rscale = sx.dscale * 2;
	numvar_mul(&sx, &sx, &sx, rscale);
	numvar_mul(&n, &sx2, &sx2, rscale);
	numvar_sub(&sx2, &sx, &sx2);
	if (numvar_cmp(&sx2, &d) <= 0)
	{
		numvar_free(&sx);
		numvar_free(&sx2);
		numvar_free(&n);
		return zero_result(0);
	}
	numvar_from_int64(&d, sample ? st->count - 1 : st->count);
	numvar_mul(&n, &d, &d, 0);
	rscale = numvar_select_div_scale(&sx2, &d);
	numvar_div(&sx2, &d, &sx2, rscale, true);
	if (stddev)
		numvar_sqrt(&sx2, &sx2, rscale);
	numvar_free(&sx);
	numvar_free(&n);
	numvar_free(&d);
	return var_result(&sx2);
}

static Datum
numeric_var_samp_final(FunctionCallInfo fcinfo)
{
	return variance_final(fcinfo, true, false);
}

static Datum
numeric_var_pop_final(FunctionCallInfo fcinfo)
{
	return variance_final(fcinfo, false, false);
}

static Datum
numeric_stddev_samp_final(FunctionCallInfo fcinfo)
{
	return variance_final(fcinfo, true, true);
}

static Datum
numeric_stddev_pop_final(FunctionCallInfo fcinfo)
{
	return variance_final(fcinfo, false, true);
}

/* ---------------------------------------------------------------------
 * Tables
 * ---------------------------------------------------------------------
 */

#define N NUMERICOID
#define F1(nm, a, r, fn) {nm, 1, {a}, r, true, FUNC_IMMUTABLE, false, fn}
#define F2(nm, a, b, r, fn) {nm, 2, {a, b}, r, true, FUNC_IMMUTABLE, false, fn}

static const BuiltinFunction numeric_functions[] = {
	F1("abs", N, N, numeric_abs),
	F1("ceil", N, N, numeric_ceil),
	F1("ceiling", N, N, numeric_ceil),
	F1("floor", N, N, numeric_floor),
	F1("round", N, N, numeric_round),
	F2("round", N, INT4OID, N, numeric_round),
	F1("trunc", N, N, numeric_trunc),
	F2("trunc", N, INT4OID, N, numeric_trunc),
	F1("sign", N, N, numeric_sign),
	F1("sqrt", N, N, numeric_sqrt),
	F1("exp", N, N, numeric_exp),
	F1("ln", N, N, numeric_ln),
	F1("log", N, N, numeric_log10),
	F1("log10", N, N, numeric_log10),
	F2("log", N, N, N, numeric_log),
	F2("power", N, N, N, numeric_power),
	F2("pow", N, N, N, numeric_power),
	F2("mod", N, N, N, numeric_mod),
	F2("div", N, N, N, numeric_div_trunc),
	F1("scale", N, INT4OID, numeric_scale),
	F1("min_scale", N, INT4OID, numeric_min_scale),
	F1("trim_scale", N, N, numeric_trim_scale),
	F2("gcd", N, N, N, numeric_gcd),
	F2("lcm", N, N, N, numeric_lcm),
	F1("factorial", INT8OID, N, numeric_factorial),
	F2("numeric_larger", N, N, N, numeric_larger),
	F2("numeric_smaller", N, N, N, numeric_smaller),
	F2("numeric_cmp", N, N, INT4OID, numeric_cmp_fn),
	F2("numeric_add", N, N, N, numeric_add),
	F2("numeric_sub", N, N, N, numeric_sub),
	F2("numeric_mul", N, N, N, numeric_mul),
	F2("numeric_div", N, N, N, numeric_div),
	F2("numeric_mod", N, N, N, numeric_mod),
	F2("numeric_power", N, N, N, numeric_power),
	F1("numeric_uminus", N, N, numeric_uminus),
	F1("numeric_abs", N, N, numeric_abs),
};

static const BuiltinOperator numeric_operators[] = {
	{"+", N, N, N, numeric_add},
	{"-", N, N, N, numeric_sub},
	{"*", N, N, N, numeric_mul},
	{"/", N, N, N, numeric_div},
	{"%", N, N, N, numeric_mod},
	{"^", N, N, N, numeric_power},
	{"=", N, N, BOOLOID, numeric_eq},
	{"<>", N, N, BOOLOID, numeric_ne},
	{"<", N, N, BOOLOID, numeric_lt},
	{"<=", N, N, BOOLOID, numeric_le},
	{">", N, N, BOOLOID, numeric_gt},
	{">=", N, N, BOOLOID, numeric_ge},
	{"-", InvalidOid, N, N, numeric_uminus},
	{"+", InvalidOid, N, N, numeric_uplus},
	{"@", InvalidOid, N, N, numeric_abs},
};

static const BuiltinCast numeric_casts[] = {
	{INT2OID, N, COERCION_IMPLICIT, int2_numeric, false},
	{INT4OID, N, COERCION_IMPLICIT, int4_numeric, false},
	{INT8OID, N, COERCION_IMPLICIT, int8_numeric, false},
	{FLOAT4OID, N, COERCION_ASSIGNMENT, float4_numeric, false},
	{FLOAT8OID, N, COERCION_ASSIGNMENT, float8_numeric, false},
	{N, INT2OID, COERCION_ASSIGNMENT, numeric_int2, false},
	{N, INT4OID, COERCION_ASSIGNMENT, numeric_int4, false},
	{N, INT8OID, COERCION_ASSIGNMENT, numeric_int8, false},
	{N, FLOAT4OID, COERCION_IMPLICIT, numeric_float4, false},
	{N, FLOAT8OID, COERCION_IMPLICIT, numeric_float8, false},
};

#define AGG(nm, arg, tfn, ffn) {nm, 1, arg, BYTEAOID, N, tfn, ffn, NULL, false}

static const BuiltinAggregate numeric_aggregates[] = {
	AGG("sum", N, numeric_avg_accum, numeric_sum_final),
	AGG("avg", N, numeric_avg_accum, numeric_avg_final),
#define VARIANCE_ROWS(arg, tfn) \
	AGG("variance", arg, tfn, numeric_var_samp_final), \
	AGG("var_samp", arg, tfn, numeric_var_samp_final), \
	AGG("var_pop", arg, tfn, numeric_var_pop_final), \
	AGG("stddev", arg, tfn, numeric_stddev_samp_final), \
	AGG("stddev_samp", arg, tfn, numeric_stddev_samp_final), \
	AGG("stddev_pop", arg, tfn, numeric_stddev_pop_final)
	VARIANCE_ROWS(INT2OID, int2_accum),
	VARIANCE_ROWS(INT4OID, int4_accum),
	VARIANCE_ROWS(INT8OID, int8_accum),
	VARIANCE_ROWS(N, numeric_accum),
};

#undef N

const FmgrTableSet numeric_fmgr = {
	.functions = numeric_functions,
	.n_functions = (int) lengthof(numeric_functions),
	.operators = numeric_operators,
	.n_operators = (int) lengthof(numeric_operators),
	.casts = numeric_casts,
	.n_casts = (int) lengthof(numeric_casts),
	.aggregates = numeric_aggregates,
	.n_aggregates = (int) lengthof(numeric_aggregates),
};
