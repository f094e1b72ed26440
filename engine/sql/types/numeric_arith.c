/*-------------------------------------------------------------------------
 * numeric_arith.c
 *	  Arithmetic on NumericVar, the unpacked base-10000 form of numeric.
 *
 * Role: exact addition, subtraction and multiplication; long division
 * (Knuth's algorithm D in base 10000) truncated or rounded to a scale;
 * rounding half away from zero; square root via an exact integer square
 * root; ln, exp and power via argument reduction and series, computed with
 * guard digits and then rounded.  The result scales follow PostgreSQL 15
 * (see numvar_select_div_scale, numvar_log, numvar_power).
 *
 * Invariants:
 *	- Inputs are finite, stripped NumericVars (numeric_internal.h); results
 *	  are stripped and may alias an input.
 *	- Every loop is bounded by the operands' digit counts, which the
 *	  storage format bounds (weight <= 32767, dscale <= 16383), or by a
 *	  precision that callers cap; long loops check for interrupts.
 *	- No signed overflow: digit products are accumulated in int64, and
 *	  column sums stay far below 2^63 for operands of any storable size.
 *
 * Entry points: numvar_add/sub/mul/div/mod/round/trunc/sqrt/exp/ln/log/
 * power (declared in numeric_internal.h).
 *
 * See also: numeric.c (storage and text form), numeric_funcs.c.
 *-------------------------------------------------------------------------
 */
#include "sql/types/numeric_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "utils/elog.h"
#include "utils/interrupt.h"
#include "utils/memctx.h"

static const int pow10_int[] = {1, 10, 100, 1000, 10000};

/* ---------------------------------------------------------------------
 * Construction and basic helpers
 * ---------------------------------------------------------------------
 */

void
numvar_init(NumericVar *v)
{
	v->ndigits = 0;
	v->weight = 0;
	v->sign = NUMERIC_POS;
	v->dscale = 0;
	v->digits = NULL;
}

void
numvar_free(NumericVar *v)
{
	if (v->digits != NULL)
		pfree(v->digits);
	v->digits = NULL;
	v->ndigits = 0;
}

void
numvar_alloc(NumericVar *v, int ndigits)
{
	Assert(ndigits >= 0);
	numvar_free(v);
	v->digits = palloc(sizeof(NumericDigit) * (size_t) Max(ndigits, 1));
	v->ndigits = ndigits;
}

void
numvar_set_special(NumericVar *v, int sign)
{
	numvar_free(v);
	v->sign = sign;
	v->weight = 0;
	v->dscale = 0;
}

static void
numvar_set_zero(NumericVar *v, int dscale)
{
	numvar_free(v);
	v->sign = NUMERIC_POS;
	v->weight = 0;
	v->dscale = Max(dscale, 0);
}

/* Replace dst by src, taking over src's digits (src becomes empty). */
static void
numvar_move(NumericVar *dst, NumericVar *src)
{
	if (dst == src)
		return;
	numvar_free(dst);
	*dst = *src;
	src->digits = NULL;
	src->ndigits = 0;
}

void
numvar_copy(NumericVar *dst, const NumericVar *src)
{
	NumericDigit *d = NULL;

	if (dst == src)
		return;
	if (src->ndigits > 0)
	{
		d = palloc(sizeof(NumericDigit) * (size_t) src->ndigits);
		memcpy(d, src->digits, sizeof(NumericDigit) * (size_t) src->ndigits);
	}
	numvar_free(dst);
	*dst = *src;
	dst->digits = d;
}

void
numvar_strip(NumericVar *v)
{
	int			start = 0;
	int			end = v->ndigits;

	if (numvar_is_special(v))
		return;
	while (start < end && v->digits[start] == 0)
		start++;
	while (end > start && v->digits[end - 1] == 0)
		end--;
	if (start == end)
	{
		v->ndigits = 0;
		v->weight = 0;
		v->sign = NUMERIC_POS;
		return;
	}
	if (start > 0)
		memmove(v->digits, v->digits + start, sizeof(NumericDigit) * (size_t) (end - start));
	v->weight -= start;
	v->ndigits = end - start;
}

static void
numvar_from_small(NumericVar *v, int64_t val)
{
	numvar_init(v);
	numvar_from_int64(v, val);
}

/* The digit of v at NBASE exponent w (0 outside the stored digits). */
static inline int
digit_at(const NumericVar *v, int w)
{
	int			i = v->weight - w;

	return (i >= 0 && i < v->ndigits) ? v->digits[i] : 0;
}

/* Weight of v's lowest stored digit. */
static inline int
low_weight(const NumericVar *v)
{
	return v->weight - v->ndigits + 1;
}

static void
numvar_from_uint128(NumericVar *v, unsigned __int128 mag, bool neg)
{
	NumericDigit buf[40];
	int			n = 0;

	while (mag > 0)
	{
		buf[n++] = (NumericDigit) (mag % NBASE);
		mag /= NBASE;
	}
	numvar_alloc(v, n);
	for (int i = 0; i < n; i++)
		v->digits[i] = buf[n - 1 - i];
	v->weight = n - 1;
	v->sign = neg ? NUMERIC_NEG : NUMERIC_POS;
	v->dscale = 0;
	numvar_strip(v);
}

void
numvar_from_int64(NumericVar *v, int64_t val)
{
	unsigned __int128 mag = val < 0 ? (unsigned __int128) (-(__int128) val) : (unsigned __int128) val;

	numvar_from_uint128(v, mag, val < 0);
}

void
numvar_from_int128(NumericVar *v, __int128 val)
{
	unsigned __int128 mag;

	/* -val overflows only for the minimum, which int8 sums never reach */
	if (val < 0)
		mag = (unsigned __int128) 0 - (unsigned __int128) val;
	else
		mag = (unsigned __int128) val;
	numvar_from_uint128(v, mag, val < 0);
}

bool
numvar_to_int64(const NumericVar *v, int64_t *out)
{
	NumericVar	r;
	unsigned __int128 mag = 0;
	bool		ok = true;

	numvar_init(&r);
	numvar_copy(&r, v);
	numvar_round(&r, 0);
	if (r.ndigits > 0 && r.weight > 4)
		ok = false;
	else
	{
		for (int w = r.weight; w >= 0 && r.ndigits > 0; w--)
			mag = mag * NBASE + (unsigned __int128) digit_at(&r, w);
		if (r.sign == NUMERIC_NEG)
		{
			if (mag > (unsigned __int128) INT64_MAX + 1)
				ok = false;
			else
				*out = (int64_t) (-(__int128) mag);
		}
		else
		{
			if (mag > (unsigned __int128) INT64_MAX)
				ok = false;
			else
				*out = (int64_t) mag;
		}
	}
	numvar_free(&r);
	return ok;
}

double
numvar_to_double_approx(const NumericVar *v)
{
	char	   *s;
	double		d;

	if (v->sign == NUMERIC_NAN)
		return NAN;
	if (v->sign == NUMERIC_PINF)
		return HUGE_VAL;
	if (v->sign == NUMERIC_NINF)
		return -HUGE_VAL;
	s = numvar_to_cstring(v);
	d = strtod(s, NULL);		/* HUGE_VAL or 0 on range errors: fine */
	pfree(s);
	return d;
}

int
numvar_dweight(const NumericVar *v)
{
	int			d;

	if (v->ndigits == 0)
		return 0;
	d = v->digits[0];
	return v->weight * DEC_DIGITS + (d >= 1000 ? 3 : d >= 100 ? 2 : d >= 10 ? 1 : 0);
}

bool
numvar_is_integer(const NumericVar *v)
{
	return v->ndigits == 0 || v->ndigits <= v->weight + 1;
}

/* ---------------------------------------------------------------------
 * Comparison, addition, subtraction
 * ---------------------------------------------------------------------
 */

int
numvar_cmp_abs(const NumericVar *a, const NumericVar *b)
{
	int			hi,
				lo;

	if (a->ndigits == 0 || b->ndigits == 0)
		return (a->ndigits > 0) - (b->ndigits > 0);
	if (a->weight != b->weight)
		return a->weight > b->weight ? 1 : -1;
	hi = a->weight;
	lo = Min(low_weight(a), low_weight(b));
	for (int w = hi; w >= lo; w--)
	{
		int			da = digit_at(a, w);
		int			db = digit_at(b, w);

		if (da != db)
			return da > db ? 1 : -1;
	}
	return 0;
}

int
numvar_cmp(const NumericVar *a, const NumericVar *b)
{
	int			sa = a->ndigits == 0 ? 0 : (a->sign == NUMERIC_NEG ? -1 : 1);
	int			sb = b->ndigits == 0 ? 0 : (b->sign == NUMERIC_NEG ? -1 : 1);

	if (sa != sb)
		return sa > sb ? 1 : -1;
	if (sa == 0)
		return 0;
	return sa > 0 ? numvar_cmp_abs(a, b) : -numvar_cmp_abs(a, b);
}

/* res = |a| + |b| (positive), display scale the larger one's. */
static void
add_abs(const NumericVar *a, const NumericVar *b, NumericVar *res)
{
	NumericVar	t;
	int			hi = Max(a->weight, b->weight) + 1;
	int			lo = Min(low_weight(a), low_weight(b));
	int			n,
				carry = 0;

	if (lo > hi)
		lo = hi;
	n = hi - lo + 1;
	numvar_init(&t);
	numvar_alloc(&t, n);
	for (int w = lo, k = n - 1; w <= hi; w++, k--)
	{
		int			s = digit_at(a, w) + digit_at(b, w) + carry;

		carry = s >= NBASE;
		t.digits[k] = (NumericDigit) (carry ? s - NBASE : s);
	}
	Assert(carry == 0);
	t.weight = hi;
	t.sign = NUMERIC_POS;
	t.dscale = Max(a->dscale, b->dscale);
	numvar_strip(&t);
	numvar_move(res, &t);
}

/* res = |a| - |b|, requires |a| >= |b|. */
static void
sub_abs(const NumericVar *a, const NumericVar *b, NumericVar *res)
{
	NumericVar	t;
	int			hi = Max(a->weight, b->weight);
	int			lo = Min(low_weight(a), low_weight(b));
	int			n,
				borrow = 0;

	if (lo > hi)
		lo = hi;
	n = hi - lo + 1;
	numvar_init(&t);
	numvar_alloc(&t, n);
	for (int w = lo, k = n - 1; w <= hi; w++, k--)
	{
		int			s = digit_at(a, w) - digit_at(b, w) - borrow;

		borrow = s < 0;
		t.digits[k] = (NumericDigit) (borrow ? s + NBASE : s);
	}
	Assert(borrow == 0);
	t.weight = hi;
	t.sign = NUMERIC_POS;
	t.dscale = Max(a->dscale, b->dscale);
	numvar_strip(&t);
	numvar_move(res, &t);
}

void
numvar_add(const NumericVar *a, const NumericVar *b, NumericVar *res)
{
	int			asign = a->ndigits == 0 ? NUMERIC_POS : a->sign;
	int			bsign = b->ndigits == 0 ? NUMERIC_POS : b->sign;
	int			dscale = Max(a->dscale, b->dscale);

	if (asign == bsign)
	{
		add_abs(a, b, res);
		res->sign = asign;
	}
	else
	{
		int			c = numvar_cmp_abs(a, b);

		if (c == 0)
			numvar_set_zero(res, dscale);
		else if (c > 0)
		{
			sub_abs(a, b, res);
			res->sign = asign;
		}
		else
		{
			sub_abs(b, a, res);
			res->sign = bsign;
		}
	}
	if (res->ndigits == 0)
		res->sign = NUMERIC_POS;
	res->dscale = dscale;
}

void
numvar_sub(const NumericVar *a, const NumericVar *b, NumericVar *res)
{
	NumericVar	nb = *b;		/* shares b's digits, read only */

	nb.sign = (b->sign == NUMERIC_NEG) ? NUMERIC_POS : NUMERIC_NEG;
	if (res == b)
	{
		NumericVar	t;

		numvar_init(&t);
		numvar_add(a, &nb, &t);
		numvar_move(res, &t);
	}
	else
		numvar_add(a, &nb, res);
}

/* ---------------------------------------------------------------------
 * Multiplication and division
 * ---------------------------------------------------------------------
 */

void
numvar_mul(const NumericVar *a, const NumericVar *b, NumericVar *res, int rscale)
{
	NumericVar	t;
	int64_t    *acc;
	int			n;
	int64_t		carry = 0;

	if (a->ndigits == 0 || b->ndigits == 0)
	{
		numvar_set_zero(res, rscale);
		return;
	}
	n = a->ndigits + b->ndigits;
	acc = palloc0(sizeof(int64_t) * (size_t) n);
	for (int i = 0; i < a->ndigits; i++)
	{
		int64_t		ai = a->digits[i];

		if (ai == 0)
			continue;
		if ((i & 255) == 255)
			CHECK_FOR_INTERRUPTS();
		for (int j = 0; j < b->ndigits; j++)
			acc[i + j + 1] += ai * b->digits[j];
	}
	numvar_init(&t);
	numvar_alloc(&t, n);
	for (int k = n - 1; k >= 0; k--)
	{
		int64_t		v = acc[k] + carry;

		t.digits[k] = (NumericDigit) (v % NBASE);
		carry = v / NBASE;
	}
	Assert(carry == 0);
	pfree(acc);
	t.weight = a->weight + b->weight + 1;
	t.sign = (a->sign == b->sign) ? NUMERIC_POS : NUMERIC_NEG;
	t.dscale = a->dscale + b->dscale;
	numvar_strip(&t);
	numvar_round(&t, rscale);
	numvar_move(res, &t);
}

/*
 * Integer long division of digit strings (most significant first):
 * q[0 .. ulen - n] = floor(u / v).  Requires ulen >= n >= 1, v[0] != 0.
 * Knuth's algorithm D: normalise so v's top digit is >= NBASE / 2, then
 * each quotient digit's estimate from the top two digits is at most one
 * too large, which the add-back step fixes.
 */
static void
long_divide(const int32_t *u, int ulen, const int32_t *v, int n, int32_t *q)
{
	int			m = ulen - n;
	int32_t    *un,
			   *vn;
	int32_t		d;
	int64_t		carry;

	if (n == 1)
	{
		int64_t		rem = 0;

		for (int i = 0; i < ulen; i++)
		{
			int64_t		cur = rem * NBASE + u[i];

			q[i] = (int32_t) (cur / v[0]);
			rem = cur % v[0];
		}
		return;
	}

	d = NBASE / (v[0] + 1);
	un = palloc(sizeof(int32_t) * (size_t) (ulen + 1));
	vn = palloc(sizeof(int32_t) * (size_t) n);
	carry = 0;
	for (int i = ulen - 1; i >= 0; i--)
	{
		int64_t		t = (int64_t) u[i] * d + carry;

		un[i + 1] = (int32_t) (t % NBASE);
		carry = t / NBASE;
	}
	un[0] = (int32_t) carry;
	carry = 0;
	for (int i = n - 1; i >= 0; i--)
	{
		int64_t		t = (int64_t) v[i] * d + carry;

		vn[i] = (int32_t) (t % NBASE);
		carry = t / NBASE;
	}
	Assert(carry == 0 && vn[0] >= HALF_NBASE);

	for (int j = 0; j <= m; j++)
	{
		int64_t		num = (int64_t) un[j] * NBASE + un[j + 1];
		int64_t		qhat = num / vn[0];
		int64_t		rhat = num % vn[0];
		int64_t		borrow = 0;
		int64_t		top;

		if ((j & 255) == 255)
			CHECK_FOR_INTERRUPTS();
		while (qhat >= NBASE || qhat * vn[1] > rhat * NBASE + un[j + 2])
		{
			qhat--;
			rhat += vn[0];
			if (rhat >= NBASE)
				break;
		}
		carry = 0;
		for (int i = n - 1; i >= 0; i--)
		{
			int64_t		p = qhat * vn[i] + carry;
			int64_t		t;

			carry = p / NBASE;
			t = un[j + 1 + i] - (p % NBASE) - borrow;
			borrow = t < 0;
			un[j + 1 + i] = (int32_t) (borrow ? t + NBASE : t);
		}
		top = un[j] - carry - borrow;
		if (top < 0)
		{
			/* estimate was one too large: add the divisor back */
			carry = 0;
			for (int i = n - 1; i >= 0; i--)
			{
				int64_t		s = (int64_t) un[j + 1 + i] + vn[i] + carry;

				carry = s >= NBASE;
				un[j + 1 + i] = (int32_t) (carry ? s - NBASE : s);
			}
			top += carry;
			qhat--;
		}
		Assert(top == 0);
		un[j] = (int32_t) top;
		q[j] = (int32_t) qhat;
	}
	pfree(un);
	pfree(vn);
}

void
numvar_div(const NumericVar *a, const NumericVar *b, NumericVar *res, int rscale, bool round)
{
	NumericVar	t;
	int			need_scale = round ? rscale + 1 : rscale;
	int			fdig = need_scale <= 0 ? 0 : (need_scale + DEC_DIGITS - 1) / DEC_DIGITS;
	int			shift,
				ulen,
				n = b->ndigits,
				qlen;
	int32_t    *u,
			   *v,
			   *q;

	if (b->ndigits == 0)
		ereport(ERROR, errcode(ERRCODE_DIVISION_BY_ZERO), errmsg("division by zero"));
	if (a->ndigits == 0)
	{
		numvar_set_zero(res, rscale);
		return;
	}

	/*
	 * floor(|a| / |b| * NBASE^fdig) = floor(A * NBASE^shift / B) for the
	 * digit strings A and B, with shift as below; a negative shift drops
	 * A's low digits, which floor division allows.
	 */
	shift = low_weight(a) - low_weight(b) + fdig;
	ulen = a->ndigits + shift;
	if (ulen < n)
	{
		/* |a / b| < NBASE^-fdig: below the rounding digit */
		numvar_set_zero(res, rscale);
		return;
	}
	u = palloc0(sizeof(int32_t) * (size_t) ulen);
	for (int i = 0; i < Min(a->ndigits, ulen); i++)
		u[i] = a->digits[i];
	v = palloc(sizeof(int32_t) * (size_t) n);
	for (int i = 0; i < n; i++)
		v[i] = b->digits[i];
	qlen = ulen - n + 1;
	q = palloc(sizeof(int32_t) * (size_t) qlen);
	long_divide(u, ulen, v, n, q);

	numvar_init(&t);
	numvar_alloc(&t, qlen);
	for (int i = 0; i < qlen; i++)
		t.digits[i] = (NumericDigit) q[i];
	pfree(u);
	pfree(v);
	pfree(q);
	t.weight = qlen - 1 - fdig;
	t.sign = (a->sign == b->sign) ? NUMERIC_POS : NUMERIC_NEG;
	t.dscale = Max(rscale, 0);
	numvar_strip(&t);
	if (round)
		numvar_round(&t, rscale);
	else
		numvar_trunc(&t, rscale);
	numvar_move(res, &t);
}

int
numvar_select_div_scale(const NumericVar *a, const NumericVar *b)
{
	int			weight1 = 0,
				weight2 = 0,
				first1 = 0,
				first2 = 0;
	int			qweight,
				rscale;

	if (a->ndigits > 0)
	{
		weight1 = a->weight;
		first1 = a->digits[0];
	}
	if (b->ndigits > 0)
	{
		weight2 = b->weight;
		first2 = b->digits[0];
	}
	/* estimated quotient weight; equal leading digits count as a < b */
	qweight = weight1 - weight2;
	if (first1 <= first2)
		qweight--;
	rscale = NUMERIC_MIN_SIG_DIGITS - qweight * DEC_DIGITS;
	rscale = Max(rscale, a->dscale);
	rscale = Max(rscale, b->dscale);
	rscale = Max(rscale, NUMERIC_MIN_DISPLAY_SCALE);
	rscale = Min(rscale, NUMERIC_MAX_DISPLAY_SCALE);
	return rscale;
}

void
numvar_mod(const NumericVar *a, const NumericVar *b, NumericVar *res)
{
	NumericVar	q;

	numvar_init(&q);
	numvar_div(a, b, &q, 0, false);
	numvar_mul(b, &q, &q, b->dscale);
	numvar_sub(a, &q, res);
	numvar_free(&q);
}

/* ---------------------------------------------------------------------
 * Rounding
 * ---------------------------------------------------------------------
 */

static int
floor_div(int a, int b)
{
	int			q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/*
 * Keep the decimal digits down to 10^-rscale (rscale may be negative),
 * rounding half away from zero or truncating.  Sets dscale = max(rscale,0).
 */
static void
round_common(NumericVar *v, int rscale, bool round)
{
	int			lowexp,
				wlast,
				drop,
				ilast;
	bool		up = false;
	NumericDigit *nd;

	if (numvar_is_special(v))
		return;
	v->dscale = Max(rscale, 0);
	if (v->ndigits == 0)
		return;
	lowexp = -rscale;
	wlast = floor_div(lowexp, DEC_DIGITS);
	drop = lowexp - wlast * DEC_DIGITS;
	ilast = v->weight - wlast;
	if (ilast >= v->ndigits)
		return;
	if (ilast < -1)
	{
		numvar_set_zero(v, v->dscale);
		return;
	}
	/* prepend a zero digit: room for a carry, and ilast >= 0 */
	nd = palloc(sizeof(NumericDigit) * (size_t) (v->ndigits + 1));
	nd[0] = 0;
	memcpy(nd + 1, v->digits, sizeof(NumericDigit) * (size_t) v->ndigits);
	pfree(v->digits);
	v->digits = nd;
	v->ndigits++;
	v->weight++;
	ilast++;

	if (drop == 0)
	{
		if (round && ilast + 1 < v->ndigits)
			up = v->digits[ilast + 1] >= HALF_NBASE;
	}
	else
	{
		int			p = pow10_int[drop];
		int			rem = v->digits[ilast] % p;

		if (round)
			up = rem >= p / 2;
		v->digits[ilast] = (NumericDigit) (v->digits[ilast] - rem);
	}
	v->ndigits = ilast + 1;
	if (up)
	{
		v->digits[ilast] = (NumericDigit) (v->digits[ilast] + pow10_int[drop]);
		for (int i = ilast; i > 0 && v->digits[i] >= NBASE; i--)
		{
			v->digits[i] = (NumericDigit) (v->digits[i] - NBASE);
			v->digits[i - 1]++;
		}
	}
	numvar_strip(v);
}

void
numvar_round(NumericVar *v, int rscale)
{
	round_common(v, rscale, true);
}

void
numvar_trunc(NumericVar *v, int rscale)
{
	round_common(v, rscale, false);
}

static void
ceil_floor(const NumericVar *v, NumericVar *res, bool ceil)
{
	NumericVar	t;

	numvar_init(&t);
	numvar_copy(&t, v);
	numvar_trunc(&t, 0);
	/* truncation moved toward zero; step away only on the needed side */
	if (numvar_cmp(&t, v) != 0 && (v->sign == NUMERIC_NEG) != ceil)
	{
		NumericVar	one;

		numvar_init(&one);
		numvar_from_int64(&one, ceil ? 1 : -1);
		numvar_add(&t, &one, &t);
		numvar_free(&one);
	}
	t.dscale = 0;
	numvar_move(res, &t);
}

void
numvar_ceil(const NumericVar *v, NumericVar *res)
{
	ceil_floor(v, res, true);
}

void
numvar_floor(const NumericVar *v, NumericVar *res)
{
	ceil_floor(v, res, false);
}

/* ---------------------------------------------------------------------
 * Square root
 * ---------------------------------------------------------------------
 */

/* v = v / 2 for a non-negative integer v, truncating. */
static void
half_int(NumericVar *v)
{
	int			rem = 0;
	int			n;
	NumericDigit *d;

	if (v->ndigits == 0)
		return;
	/* spell out the trailing zero digits down to weight 0 first */
	n = v->weight + 1;
	Assert(n >= v->ndigits);
	d = palloc0(sizeof(NumericDigit) * (size_t) n);
	memcpy(d, v->digits, sizeof(NumericDigit) * (size_t) v->ndigits);
	for (int i = 0; i < n; i++)
	{
		int			cur = rem * NBASE + d[i];

		d[i] = (NumericDigit) (cur / 2);
		rem = cur % 2;
	}
	pfree(v->digits);
	v->digits = d;
	v->ndigits = n;
	numvar_strip(v);
}

/*
 * Newton's iteration for floor(sqrt(n)) from an integer x >= floor(sqrt(n)):
 * y = floor((x + floor(n / x)) / 2) never drops below floor(sqrt(n)) and
 * decreases until it stops changing.  Consumes x.
 */
static void
isqrt_newton(const NumericVar *n, NumericVar *x, NumericVar *res)
{
	NumericVar	y,
				q;

	numvar_init(&y);
	numvar_init(&q);
	for (;;)
	{
		CHECK_FOR_INTERRUPTS();
		numvar_div(n, x, &q, 0, false);
		numvar_add(x, &q, &y);
		half_int(&y);
		if (numvar_cmp(&y, x) >= 0)
			break;
		numvar_move(x, &y);
	}
	x->dscale = 0;
	numvar_move(res, x);
	numvar_free(&y);
	numvar_free(&q);
}

/*
 * floor(sqrt(n)) for a positive integer n.  Small n directly; otherwise
 * recursively: the root of n's top half (n / NBASE^(2k)) gives an
 * overestimate good to about half the digits, one Newton step makes it
 * exact or a unit too large, and a squaring confirms.  The cost is about
 * two divisions of the full size, against one per iteration for plain
 * Newton.
 */
static void
isqrt(const NumericVar *n, NumericVar *res)
{
	int			ndig = n->weight + 1;
	NumericVar	x,
				sq,
				one;

	numvar_init(&x);
	if (n->weight < 4)
	{
		uint64_t	m = 0;
		uint64_t	r;

		for (int w = n->weight; w >= 0; w--)
			m = m * NBASE + (uint64_t) digit_at(n, w);
		r = (uint64_t) sqrtl((long double) m);
		while (r * r > m)
			r--;
		while ((r + 1) * (r + 1) <= m)
			r++;
		numvar_from_int64(res, (int64_t) r);
		return;
	}
	if (ndig < 12)
	{
		int			k = ((n->weight - 3) % 2 == 0) ? 4 : 3;
		int			e = n->weight - (k - 1);
		double		f = 0;

		for (int i = 0; i < k; i++)
			f = f * NBASE + digit_at(n, n->weight - i);
		/* n < (f + 1) * NBASE^e, so this is above sqrt(n) */
		numvar_from_int64(&x, (int64_t) ceil(sqrt(f + 1.0)) + 1);
		x.weight += e / 2;
		isqrt_newton(n, &x, res);
		return;
	}
	else
	{
		int			k = (ndig - 1) / 4 - 1;
		NumericVar	hi,
					q;

		numvar_init(&hi);
		numvar_init(&q);
		numvar_init(&sq);
		numvar_from_small(&one, 1);
		numvar_copy(&hi, n);
		hi.weight -= 2 * k;
		numvar_trunc(&hi, 0);
		isqrt(&hi, &x);
		/* (isqrt(hi) + 1) * NBASE^k >= sqrt(n) */
		numvar_add(&x, &one, &x);
		x.weight += k;
		numvar_div(n, &x, &q, 0, false);
		numvar_add(&x, &q, &x);
		half_int(&x);
		numvar_free(&hi);
		numvar_free(&q);
		for (int tries = 0; tries < 3; tries++)
		{
			numvar_mul(&x, &x, &sq, 0);
			if (numvar_cmp(&sq, n) <= 0)
			{
				x.dscale = 0;
				numvar_move(res, &x);
				numvar_free(&sq);
				numvar_free(&one);
				return;
			}
			numvar_sub(&x, &one, &x);
		}
		numvar_free(&sq);
		numvar_free(&one);
		isqrt_newton(n, &x, res);	/* not reached for n of this size */
	}
}

void
numvar_sqrt(const NumericVar *a, NumericVar *res, int rscale)
{
	NumericVar	n,
				s;
	int			k;

	Assert(a->sign == NUMERIC_POS || a->ndigits == 0);
	if (a->ndigits == 0)
	{
		numvar_set_zero(res, rscale);
		return;
	}
	rscale = Max(rscale, 0);

	/*
	 * sqrt(a) truncated at 4k >= rscale + 1 places is floor(sqrt(N)) with
	 * N = floor(a * NBASE^(2k)), shifted back by k digits: exact, so the
	 * final rounding is exact too.
	 */
	k = (rscale + 1 + DEC_DIGITS - 1) / DEC_DIGITS;
	numvar_init(&n);
	numvar_init(&s);
	numvar_copy(&n, a);
	n.weight += 2 * k;
	numvar_trunc(&n, 0);
	if (n.ndigits == 0)
	{
		numvar_free(&n);
		numvar_set_zero(res, rscale);
		return;
	}
	isqrt(&n, &s);
	s.weight -= k;
	s.dscale = 4 * k;
	numvar_round(&s, rscale);
	numvar_move(res, &s);
	numvar_free(&n);
}

/* ---------------------------------------------------------------------
 * exp, ln, log, power
 * ---------------------------------------------------------------------
 */

/* Round v to sig significant decimal digits (at least scale 0 - ...). */
static void
round_sig(NumericVar *v, int sig)
{
	if (v->ndigits == 0)
		return;
	numvar_round(v, sig - 1 - numvar_dweight(v));
}

/*
 * e^a to sig significant digits (relative precision), for finite a with
 * |a| < 6000.  Reduction: r = a / 2^k with |r| < 0.01, Taylor series for
 * e^r, then k squarings, each kept to the working precision.
 */
static void
exp_sig(const NumericVar *a, NumericVar *res, int sig)
{
	double		val = numvar_to_double_approx(a);
	int			k = 0;
	int			wsig;
	NumericVar	r,
				sum,
				term,
				tmp;

	while (fabs(val) > 0.01 && k < 40)
	{
		val /= 2;
		k++;
	}
	wsig = sig + 8 + (k * 3 + 9) / 10;
	numvar_init(&r);
	numvar_init(&sum);
	numvar_init(&term);
	numvar_init(&tmp);
	/* r = a / 2^k, to wsig places (|r| < 0.01, so that is enough) */
	numvar_from_int64(&tmp, (int64_t) 1 << k);
	numvar_div(a, &tmp, &r, wsig + 2, true);

	numvar_from_int64(&sum, 1);
	numvar_add(&sum, &r, &sum);
	numvar_copy(&term, &r);
	for (int n = 2;; n++)
	{
		if ((n & 63) == 0)
			CHECK_FOR_INTERRUPTS();
		numvar_mul(&term, &r, &term, wsig + 2);
		numvar_from_int64(&tmp, n);
		numvar_div(&term, &tmp, &term, wsig + 2, true);
		if (term.ndigits == 0)
			break;
		numvar_add(&sum, &term, &sum);
	}
	for (int i = 0; i < k; i++)
	{
		CHECK_FOR_INTERRUPTS();
		numvar_mul(&sum, &sum, &sum, sum.dscale * 2);
		round_sig(&sum, wsig);
	}
	numvar_move(res, &sum);
	numvar_free(&r);
	numvar_free(&term);
	numvar_free(&tmp);
}

void
numvar_exp(const NumericVar *a, NumericVar *res, int rscale)
{
	double		val = numvar_to_double_approx(a);
	double		dweight;
	int			sig;

	if (a->ndigits == 0)
	{
		numvar_from_int64(res, 1);
		numvar_round(res, rscale);
		return;
	}
	/* PostgreSQL's limit: beyond this the result cannot be stored */
	if (fabs(val) >= NUMERIC_MAX_RESULT_SCALE * 3)
	{
		if (val > 0)
			ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					errmsg("value overflows numeric format"));
		numvar_set_zero(res, rscale);
		return;
	}
	dweight = val * 0.434294481903252;	/* decimal weight of the result */
	if (dweight < -(double) rscale - 2)
	{
		numvar_set_zero(res, rscale);
		return;
	}
	sig = rscale + (int) ceil(dweight) + 2;
	if (sig < 1)
		sig = 1;
	exp_sig(a, res, sig + 4);
	numvar_round(res, rscale);
}

/* ln(10) to `scale` places (absolute), computed like any ln. */
static void ln_scaled(const NumericVar *a, NumericVar *res, int scale);

/*
 * ln(m) for 0.5 <= m <= 20 to `scale` places: square roots bring m within
 * 1% of 1, then ln m = 2^(k+1) * atanh-series((m - 1) / (m + 1)).
 */
static void
ln_near(const NumericVar *m, NumericVar *res, int scale)
{
	NumericVar	x,
				one,
				z,
				z2,
				term,
				sum,
				t,
				lo,
				hi;
	int			k = 0;
	int			ws;

	numvar_init(&x);
	numvar_init(&z);
	numvar_init(&z2);
	numvar_init(&term);
	numvar_init(&sum);
	numvar_init(&t);
	numvar_from_small(&one, 1);
	numvar_init(&lo);
	numvar_init(&hi);
	numvar_from_cstring("0.99", &lo);
	numvar_from_cstring("1.01", &hi);

	ws = scale + 8 + 3;			/* 2^(k+1) <= 2^10 costs 3 digits */
	numvar_copy(&x, m);
	while ((numvar_cmp(&x, &lo) < 0 || numvar_cmp(&x, &hi) > 0) && k < 60)
	{
		numvar_sqrt(&x, &x, ws + 2);
		k++;
	}
	/* z = (x - 1) / (x + 1) */
	numvar_sub(&x, &one, &t);
	numvar_add(&x, &one, &z);
	numvar_div(&t, &z, &z, ws, true);
	numvar_mul(&z, &z, &z2, ws);
	numvar_copy(&sum, &z);
	numvar_copy(&term, &z);
	for (int n = 3;; n += 2)
	{
		if ((n & 127) == 1)
			CHECK_FOR_INTERRUPTS();
		numvar_mul(&term, &z2, &term, ws);
		if (term.ndigits == 0)
			break;
		numvar_from_int64(&t, n);
		numvar_div(&term, &t, &t, ws, true);
		numvar_add(&sum, &t, &sum);
	}
	numvar_from_int64(&t, (int64_t) 1 << (k + 1));
	numvar_mul(&sum, &t, &sum, ws);
	numvar_round(&sum, scale);
	numvar_move(res, &sum);
	numvar_free(&x);
	numvar_free(&z);
	numvar_free(&z2);
	numvar_free(&term);
	numvar_free(&t);
	numvar_free(&one);
	numvar_free(&lo);
	numvar_free(&hi);
}

/* ln(a), a > 0, to `scale` places: a = m * 10^e with 1 <= m < 10. */
static void
ln_scaled(const NumericVar *a, NumericVar *res, int scale)
{
	NumericVar	m,
				lnm;
	int			e = numvar_dweight(a);
	int			q,
				r;

	Assert(a->sign == NUMERIC_POS && a->ndigits > 0);
	numvar_init(&m);
	numvar_init(&lnm);
	numvar_copy(&m, a);
	/* divide by 10^e exactly: shift whole NBASE digits, then scale by 10^r */
	q = floor_div(e, DEC_DIGITS);
	r = e - q * DEC_DIGITS;
	m.weight -= q;
	m.dscale = Max(0, -low_weight(&m) * DEC_DIGITS);
	if (r != 0)
	{
		NumericVar	p;

		numvar_from_small(&p, pow10_int[DEC_DIGITS - r]);
		numvar_mul(&m, &p, &m, m.dscale + DEC_DIGITS);
		m.weight -= 1;
		numvar_free(&p);
	}
	m.dscale = Max(0, -low_weight(&m) * DEC_DIGITS);
	if (e == 0)
	{
		ln_near(&m, res, scale);
		numvar_free(&m);
		return;
	}
	else
	{
		NumericVar	ten,
					ln10,
					ev;
		int			extra = 1;

		for (int t = e < 0 ? -e : e; t >= 10; t /= 10)
			extra++;
		ln_near(&m, &lnm, scale + 2);
		numvar_from_small(&ten, 10);
		numvar_init(&ln10);
		ln_near(&ten, &ln10, scale + 2 + extra);
		numvar_from_small(&ev, e);
		numvar_mul(&ln10, &ev, &ln10, scale + 2 + extra);
		numvar_add(&lnm, &ln10, &lnm);
		numvar_round(&lnm, scale);
		numvar_move(res, &lnm);
		numvar_free(&ten);
		numvar_free(&ln10);
		numvar_free(&ev);
	}
	numvar_free(&m);
}

void
numvar_ln(const NumericVar *a, NumericVar *res, int rscale)
{
	NumericVar	one;

	numvar_from_small(&one, 1);
	rscale = Max(rscale, 0);
	if (numvar_cmp(a, &one) == 0)
	{
		numvar_free(&one);
		numvar_set_zero(res, rscale);
		return;
	}
	numvar_free(&one);
	ln_scaled(a, res, rscale + 4);
	numvar_round(res, rscale);
}

int
numvar_estimate_ln_dweight(const NumericVar *a)
{
	NumericVar	lo,
				hi,
				x;
	int			result = 0;

	if (a->sign != NUMERIC_POS || a->ndigits == 0)
		return 0;
	numvar_init(&lo);
	numvar_init(&hi);
	numvar_init(&x);
	numvar_from_cstring("0.9", &lo);
	numvar_from_cstring("1.1", &hi);
	if (numvar_cmp(a, &lo) >= 0 && numvar_cmp(a, &hi) <= 0)
	{
		/* close to 1: ln(a) ~ a - 1 */
		NumericVar	one;

		numvar_from_small(&one, 1);
		numvar_sub(a, &one, &x);
		result = x.ndigits > 0 ? numvar_dweight(&x) : 0;
		numvar_free(&one);
	}
	else
	{
		/* ln(a) ~ ln(first two digits) + their decimal exponent * ln(10) */
		int			digits = a->digits[0];
		int			dweight = a->weight * DEC_DIGITS;
		double		lnv;

		if (a->ndigits > 1)
		{
			digits = digits * NBASE + a->digits[1];
			dweight -= DEC_DIGITS;
		}
		lnv = log((double) digits) + dweight * 2.302585092994046;
		result = (int) log10(fabs(lnv));
	}
	numvar_free(&lo);
	numvar_free(&hi);
	numvar_free(&x);
	return result;
}

static int
clamp_display_scale(int rscale)
{
	rscale = Max(rscale, NUMERIC_MIN_DISPLAY_SCALE);
	return Min(rscale, NUMERIC_MAX_DISPLAY_SCALE);
}

void
numvar_log(const NumericVar *base, const NumericVar *num, NumericVar *res)
{
	int			ln_base_dw = numvar_estimate_ln_dweight(base);
	int			ln_num_dw = numvar_estimate_ln_dweight(num);
	int			result_dw = ln_num_dw - ln_base_dw;
	int			rscale;
	NumericVar	lb,
				ln;

	rscale = NUMERIC_MIN_SIG_DIGITS - result_dw;
	rscale = Max(rscale, base->dscale);
	rscale = Max(rscale, num->dscale);
	rscale = clamp_display_scale(rscale);

	numvar_init(&lb);
	numvar_init(&ln);
	numvar_ln(base, &lb, Max(rscale + result_dw - ln_base_dw + 8, 8));
	numvar_ln(num, &ln, Max(rscale + result_dw - ln_num_dw + 8, 8));
	numvar_div(&ln, &lb, res, rscale, true);
	numvar_free(&lb);
	numvar_free(&ln);
}

/*
 * base ^ exp for an int32 exponent, rscale as PostgreSQL: at least 16
 * places or the base's scale.  Repeated squaring kept to enough
 * significant digits that the final rounding is right.
 */
static void
power_int(const NumericVar *base, int64_t exp, NumericVar *res)
{
	int			rscale = clamp_display_scale(Max(NUMERIC_MIN_SIG_DIGITS, base->dscale));
	double		f;
	int			sig;
	uint64_t	mask;
	NumericVar	prod,
				acc;

	if (exp == 0)
	{
		numvar_from_int64(res, 1);
		numvar_round(res, rscale);
		return;
	}
	if (base->ndigits == 0)
	{
		numvar_set_zero(res, rscale);
		return;
	}
	/* approximate decimal weight of the result */
	{
		double		lead = 0;
		int			p = base->weight * DEC_DIGITS;

		for (int i = 0; i < base->ndigits && i < 4; i++)
		{
			lead = lead * NBASE + base->digits[i];
			if (i > 0)
				p -= DEC_DIGITS;
		}
		f = (double) exp * (log10(lead) + p);
	}
	if (f > (double) (NUMERIC_WEIGHT_MAX + 1) * DEC_DIGITS)
		ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("value overflows numeric format"));
	if (f + 1 < -rscale)
	{
		numvar_set_zero(res, rscale);
		return;
	}
	sig = rscale + (int) f + 1;
	sig = Max(sig, 1) + 10 + (int) log10(fabs((double) exp) + 1) * 2;

	numvar_init(&prod);
	numvar_init(&acc);
	numvar_copy(&prod, base);
	prod.sign = NUMERIC_POS;
	numvar_from_int64(&acc, 1);
	mask = exp < 0 ? (uint64_t) (-exp) : (uint64_t) exp;
	for (;;)
	{
		CHECK_FOR_INTERRUPTS();
		if (mask & 1)
		{
			numvar_mul(&acc, &prod, &acc, acc.dscale + prod.dscale);
			round_sig(&acc, sig);
		}
		mask >>= 1;
		if (mask == 0)
			break;
		numvar_mul(&prod, &prod, &prod, prod.dscale * 2);
		round_sig(&prod, sig);
		if (prod.weight > 2 * NUMERIC_WEIGHT_MAX || prod.weight < -2 * NUMERIC_WEIGHT_MAX)
			break;				/* f's estimate above already decided */
	}
	if (base->sign == NUMERIC_NEG && (exp & 1))
		acc.sign = NUMERIC_NEG;
	if (exp < 0)
	{
		NumericVar	one;

		numvar_from_small(&one, 1);
		numvar_div(&one, &acc, &acc, rscale, true);
		numvar_free(&one);
	}
	else
		numvar_round(&acc, rscale);
	numvar_move(res, &acc);
	numvar_free(&prod);
}

void
numvar_power(const NumericVar *base, const NumericVar *exp, NumericVar *res)
{
	NumericVar	absbase,
				lnb,
				z;
	bool		negate = false;
	int64_t		iexp;
	int			ln_dw,
				rscale,
				sig,
				lscale;
	double		val;

	/* integral exponent that fits int32: exact-ish repeated squaring */
	if (numvar_is_integer(exp) && numvar_to_int64(exp, &iexp) &&
		iexp >= INT32_MIN && iexp <= INT32_MAX)
	{
		power_int(base, iexp, res);
		return;
	}
	if (base->ndigits == 0)
	{
		numvar_set_zero(res, NUMERIC_MIN_SIG_DIGITS);
		return;
	}
	numvar_init(&absbase);
	numvar_copy(&absbase, base);
	if (base->sign == NUMERIC_NEG)
	{
		/* caller checked exp is integral; the sign follows its parity */
		negate = exp->ndigits > 0 && exp->ndigits == exp->weight + 1 &&
			(exp->digits[exp->ndigits - 1] & 1);
		absbase.sign = NUMERIC_POS;
	}

	/* first a rough ln(base) * exp to choose the scale */
	ln_dw = numvar_estimate_ln_dweight(&absbase);
	lscale = clamp_display_scale(8 - ln_dw);
	numvar_init(&lnb);
	numvar_init(&z);
	numvar_ln(&absbase, &lnb, lscale);
	numvar_mul(&lnb, exp, &z, lscale);
	val = numvar_to_double_approx(&z);
	if (fabs(val) > NUMERIC_MAX_RESULT_SCALE * 3.01)
	{
		if (val > 0)
			ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					errmsg("value overflows numeric format"));
		numvar_set_zero(res, NUMERIC_MAX_DISPLAY_SCALE);
		goto done;
	}
	val *= 0.434294481903252;	/* decimal weight of the result */
	rscale = NUMERIC_MIN_SIG_DIGITS - (int) val;
	rscale = Max(rscale, base->dscale);
	rscale = Max(rscale, exp->dscale);
	rscale = clamp_display_scale(rscale);

	/* then exactly enough: z = exp * ln(base) to sig + guard places */
	sig = Max(rscale + (int) val + 1, 1) + 10;
	numvar_ln(&absbase, &lnb, sig + Max(numvar_dweight(exp) + 1, 0) + 2);
	numvar_mul(&lnb, exp, &z, sig + 2);
	numvar_exp(&z, res, rscale);
	if (negate && res->ndigits > 0)
		res->sign = NUMERIC_NEG;
done:
	numvar_free(&absbase);
	numvar_free(&lnb);
	numvar_free(&z);
}

void
numvar_gcd(const NumericVar *a, const NumericVar *b, NumericVar *res)
{
	NumericVar	x,
				y,
				r;
	int			dscale = Max(a->dscale, b->dscale);

	numvar_init(&x);
	numvar_init(&y);
	numvar_init(&r);
	numvar_copy(&x, a);
	numvar_copy(&y, b);
	x.sign = NUMERIC_POS;
	y.sign = NUMERIC_POS;
	while (y.ndigits > 0)
	{
		CHECK_FOR_INTERRUPTS();
		numvar_mod(&x, &y, &r);
		numvar_move(&x, &y);
		numvar_move(&y, &r);
		numvar_init(&r);
	}
	x.dscale = dscale;
	x.sign = NUMERIC_POS;
	numvar_move(res, &x);
	numvar_free(&y);
}
