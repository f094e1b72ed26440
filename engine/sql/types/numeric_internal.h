/*-------------------------------------------------------------------------
 * numeric_internal.h
 *	  Private interface of the numeric module: the unpacked working form
 *	  (NumericVar) and the arithmetic on it.  Only numeric*.c include this;
 *	  everyone else uses sql/types/numeric.h.
 *
 * A NumericVar is a value in base NBASE (10000) digits, most significant
 * first:
 *
 *	value = sign * SUM(digits[i] * NBASE^(weight - i)),  0 <= i < ndigits
 *
 * with a display scale dscale (decimal digits shown after the point).
 * sign is NUMERIC_POS or NUMERIC_NEG for finite values, or one of
 * NUMERIC_NAN / NUMERIC_PINF / NUMERIC_NINF (then ndigits is 0).
 *
 * Invariants (for "stripped" vars, which every function returns):
 *	- digits[0] != 0 and digits[ndigits - 1] != 0 unless ndigits == 0;
 *	- zero has ndigits == 0, weight == 0 and sign NUMERIC_POS;
 *	- no digit is non-zero below decimal position dscale (callers round).
 * Digits are palloc'd in CurrentMemoryContext; numvar_free releases them.
 * Results may alias inputs (res == a is allowed) unless stated otherwise.
 *
 * Scale limits are PostgreSQL 15's: declared precision 1..1000, declared
 * scale -1000..1000, computed results keep at most 1000 digits after the
 * point unless an input had more, stored values have weight <= 32767
 * (131072 digits before the point) and dscale <= 16383.
 *
 * See also: numeric.c (storage format, I/O), numeric_arith.c (arithmetic),
 * numeric_funcs.c (SQL-callable functions).
 *-------------------------------------------------------------------------
 */
#ifndef NUMERIC_INTERNAL_H
#define NUMERIC_INTERNAL_H

#include "common/minipg.h"
#include "sql/types/fmgr.h"
#include "sql/types/numeric.h"

#define NBASE		10000
#define HALF_NBASE	5000
#define DEC_DIGITS	4			/* decimal digits per NBASE digit */

/* sign field values (also the wire format's sign word) */
#define NUMERIC_POS		0x0000
#define NUMERIC_NEG		0x4000
#define NUMERIC_NAN		0xC000
#define NUMERIC_PINF	0xD000
#define NUMERIC_NINF	0xF000

#define NUMERIC_MAX_PRECISION		1000
#define NUMERIC_MIN_SCALE			(-1000)
#define NUMERIC_MAX_SCALE			1000
#define NUMERIC_MAX_DISPLAY_SCALE	NUMERIC_MAX_PRECISION
#define NUMERIC_MIN_DISPLAY_SCALE	0
#define NUMERIC_MAX_RESULT_SCALE	(NUMERIC_MAX_PRECISION * 2)
#define NUMERIC_MIN_SIG_DIGITS		16
#define NUMERIC_DSCALE_MAX			0x3FFF
#define NUMERIC_WEIGHT_MAX			32767

typedef int16_t NumericDigit;

typedef struct NumericVar
{
	int			ndigits;		/* number of digits in digits[] */
	int			weight;			/* weight of digits[0] (NBASE exponent) */
	int			sign;			/* NUMERIC_POS/NEG/NAN/PINF/NINF */
	int			dscale;			/* display scale */
	NumericDigit *digits;		/* NULL when ndigits == 0 */
} NumericVar;

static inline bool
numvar_is_special(const NumericVar *v)
{
	return v->sign == NUMERIC_NAN || v->sign == NUMERIC_PINF || v->sign == NUMERIC_NINF;
}

static inline bool
numvar_is_zero(const NumericVar *v)
{
	return !numvar_is_special(v) && v->ndigits == 0;
}

/* ---- numeric_arith.c: construction ---- */
void		numvar_init(NumericVar *v);
void		numvar_free(NumericVar *v);
void		numvar_set_special(NumericVar *v, int sign);
void		numvar_copy(NumericVar *dst, const NumericVar *src);
void		numvar_alloc(NumericVar *v, int ndigits);
void		numvar_strip(NumericVar *v);
void		numvar_from_int64(NumericVar *v, int64_t val);
void		numvar_from_int128(NumericVar *v, __int128 val);
/* Rounds to an integer (half away from zero); false when out of range. */
bool		numvar_to_int64(const NumericVar *v, int64_t *out);
/* Approximate value, clamped to +-HUGE_VAL (for scale estimates). */
double		numvar_to_double_approx(const NumericVar *v);
/* Decimal exponent of the leading digit (123.4 -> 2, 0.05 -> -2); 0 for 0. */
int			numvar_dweight(const NumericVar *v);
/* Is the (finite) value an integer? */
bool		numvar_is_integer(const NumericVar *v);

/* ---- numeric_arith.c: arithmetic on finite values ---- */
int			numvar_cmp(const NumericVar *a, const NumericVar *b);
int			numvar_cmp_abs(const NumericVar *a, const NumericVar *b);
void		numvar_add(const NumericVar *a, const NumericVar *b, NumericVar *res);
void		numvar_sub(const NumericVar *a, const NumericVar *b, NumericVar *res);
/* Product rounded to rscale (<= NUMERIC_DSCALE_MAX) decimal places. */
void		numvar_mul(const NumericVar *a, const NumericVar *b, NumericVar *res, int rscale);
/*
 * Quotient to rscale places, rounded half away from zero (round) or
 * truncated.  ERROR 22012 when b is zero.
 */
void		numvar_div(const NumericVar *a, const NumericVar *b, NumericVar *res,
					   int rscale, bool round);
/* PostgreSQL's result scale for a / b (at least 16 significant digits). */
int			numvar_select_div_scale(const NumericVar *a, const NumericVar *b);
/* a - trunc(a / b) * b; ERROR 22012 when b is zero. */
void		numvar_mod(const NumericVar *a, const NumericVar *b, NumericVar *res);
void		numvar_round(NumericVar *v, int rscale);
void		numvar_trunc(NumericVar *v, int rscale);
void		numvar_ceil(const NumericVar *v, NumericVar *res);
void		numvar_floor(const NumericVar *v, NumericVar *res);
/* Square root of a non-negative value, correctly rounded to rscale. */
void		numvar_sqrt(const NumericVar *a, NumericVar *res, int rscale);
/* e^a rounded to rscale; ERROR 22003 when the result cannot be stored. */
void		numvar_exp(const NumericVar *a, NumericVar *res, int rscale);
/* ln(a) for a > 0 (caller checks) rounded to rscale. */
void		numvar_ln(const NumericVar *a, NumericVar *res, int rscale);
/* PostgreSQL's estimate of the decimal weight of ln(a). */
int			numvar_estimate_ln_dweight(const NumericVar *a);
/* log_base(num) with PostgreSQL's result scale (caller checks domain). */
void		numvar_log(const NumericVar *base, const NumericVar *num, NumericVar *res);
/* base ^ exp with PostgreSQL's result scale (finite, domain checked). */
void		numvar_power(const NumericVar *base, const NumericVar *exp, NumericVar *res);
void		numvar_gcd(const NumericVar *a, const NumericVar *b, NumericVar *res);

/* ---- numeric.c: packing, text, checks ---- */
void		numvar_from_datum(Datum d, NumericVar *v);
/* ERROR 22003 "value overflows numeric format" when it cannot be stored. */
Datum		numvar_to_datum(const NumericVar *v);
/* Parse PostgreSQL numeric syntax; ERROR 22P02 / 22003 as numeric_in. */
void		numvar_from_cstring(const char *str, NumericVar *v);
/* Text form with v->dscale digits after the point. */
char	   *numvar_to_cstring(const NumericVar *v);
/* Round to a numeric(p,s) typmod; ERROR 22003 numeric field overflow. */
void		numvar_apply_typmod(NumericVar *v, int32_t typmod);

/* Shorthand for by-hand special values. */
Datum		numeric_make_special(int sign);

#endif							/* NUMERIC_INTERNAL_H */
