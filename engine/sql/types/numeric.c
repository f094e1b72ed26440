/*-------------------------------------------------------------------------
 * numeric.c
 *	  The numeric type's storage format, text and binary I/O, type
 *	  modifier, ordering and hashing, and the public conversion helpers.
 *
 * Storage format.  A numeric Datum points to a varlena laid out as below
 * (host byte order; every field is read and written with memcpy, so the
 * value may sit at any alignment inside a tuple):
 *
 *	offset 0	int32	varlena size in bytes = 8 + 2 * ndigits
 *	offset 4	uint16	sign and display scale.  The top bits are the sign:
 *						0x0000 positive, 0x4000 negative, 0xC000 NaN,
 *						0xD000 +Infinity, 0xF000 -Infinity (the same words
 *						as PostgreSQL's binary format).  For finite values
 *						the low 14 bits are the display scale (0..16383);
 *						for special values they are 0.
 *	offset 6	int16	weight: the base-10000 exponent of the first digit
 *						(0 for zero and special values)
 *	offset 8	uint16	ndigits base-10000 digits (0..9999), most
 *						significant first, neither the first nor the last
 *						zero; zero and special values have no digits.
 *
 *	value = sign * SUM(digit[i] * 10000^(weight - i))
 *
 * Invariants: stored values have weight <= 32767 and display scale <=
 * 16383 (beyond: ERROR 22003 "value overflows numeric format"), and no
 * non-zero digit beyond the display scale.  Equal values may differ only
 * in display scale (1.0 vs 1.00); compare and hash ignore it.
 *
 * Type modifier: numeric(p,s) is ((p << 16) | (s & 0x7ff)) + 4, exactly
 * PostgreSQL's atttypmod, so clients decode it from RowDescription.
 *
 * Entry points: numeric_type_table (TypeInfo row), the conversions in
 * numeric.h, and numvar_from_datum/numvar_to_datum/numvar_from_cstring/
 * numvar_to_cstring/numvar_apply_typmod for the other numeric*.c files.
 *
 * See also: numeric_arith.c, numeric_funcs.c, sql/types/types.h.
 *-------------------------------------------------------------------------
 */
#include "sql/types/numeric_internal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "tcop/pqformat.h"
#include "utils/elog.h"
#include "utils/memctx.h"

#define NUMERIC_HDRSZ		8
#define NUMERIC_SIGN_MASK	0xC000
#define NUMERIC_SPECIAL		0xC000
#define NUMERIC_EXT_MASK	0xF000
#define NUMERIC_DSCALE_MASK 0x3FFF

/* ---------------------------------------------------------------------
 * Packing
 * ---------------------------------------------------------------------
 */

void
numvar_from_datum(Datum d, NumericVar *v)
{
	const char *p = DatumGetPointer(d);
	int32_t		size = VARSIZE(p);
	uint16_t	head;
	int16_t		weight;
	int			n;

	if (size < NUMERIC_HDRSZ || (size - NUMERIC_HDRSZ) % 2 != 0)
		ereport(ERROR, errcode(ERRCODE_DATA_CORRUPTED),
				errmsg("invalid numeric value (size %d)", (int) size));
	memcpy(&head, p + 4, 2);
	memcpy(&weight, p + 6, 2);
	n = (size - NUMERIC_HDRSZ) / 2;
	numvar_init(v);
	if ((head & NUMERIC_SIGN_MASK) == NUMERIC_SPECIAL)
	{
		numvar_set_special(v, head & NUMERIC_EXT_MASK);
		return;
	}
	v->sign = head & NUMERIC_SIGN_MASK;
	v->dscale = head & NUMERIC_DSCALE_MASK;
	v->weight = weight;
	if (n > 0)
	{
		numvar_alloc(v, n);
		memcpy(v->digits, p + NUMERIC_HDRSZ, sizeof(NumericDigit) * (size_t) n);
		/* stored data is checked, not trusted: arithmetic relies on it */
		for (int i = 0; i < n; i++)
			if (v->digits[i] < 0 || v->digits[i] >= NBASE)
				ereport(ERROR, errcode(ERRCODE_DATA_CORRUPTED),
						errmsg("invalid numeric value (digit %d)", (int) v->digits[i]));
	}
}

Datum
numvar_to_datum(const NumericVar *v)
{
	NumericVar	t;
	char	   *p;
	uint16_t	head;
	int16_t		weight;
	int32_t		size;

	numvar_init(&t);
	if (numvar_is_special(v))
	{
		head = (uint16_t) v->sign;
		weight = 0;
	}
	else
	{
		numvar_copy(&t, v);
		numvar_strip(&t);
		if (t.dscale > NUMERIC_DSCALE_MAX ||
			(t.ndigits > 0 && (t.weight > NUMERIC_WEIGHT_MAX || t.weight < -NUMERIC_WEIGHT_MAX - 1)))
			ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					errmsg("value overflows numeric format"));
		head = (uint16_t) (t.sign | (t.dscale & NUMERIC_DSCALE_MASK));
		weight = (int16_t) t.weight;
	}
	size = NUMERIC_HDRSZ + 2 * t.ndigits;
	p = palloc((size_t) size);
	SET_VARSIZE(p, size);
	memcpy(p + 4, &head, 2);
	memcpy(p + 6, &weight, 2);
	if (t.ndigits > 0)
		memcpy(p + NUMERIC_HDRSZ, t.digits, sizeof(NumericDigit) * (size_t) t.ndigits);
	numvar_free(&t);
	return PointerGetDatum(p);
}

Datum
numeric_make_special(int sign)
{
	NumericVar	v;

	numvar_init(&v);
	numvar_set_special(&v, sign);
	return numvar_to_datum(&v);
}

/* ---------------------------------------------------------------------
 * Text form
 * ---------------------------------------------------------------------
 */

pg_noreturn static void
numeric_syntax_error(const char *str)
{
	ereport(ERROR, errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			errmsg("invalid input syntax for type %s: \"%s\"", "numeric", str));
	__builtin_unreachable();
}

pg_noreturn static void
numeric_overflow_error(void)
{
	ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			errmsg("value overflows numeric format"));
	__builtin_unreachable();
}

/* Does s start with word (case-insensitively) followed only by spaces? */
static bool
match_word(const char *s, const char *word)
{
	size_t		n = strlen(word);

	if (strncasecmp(s, word, n) != 0)
		return false;
	s += n;
	while (isspace((unsigned char) *s))
		s++;
	return *s == '\0';
}

/* NaN, [+-]Infinity, [+-]inf; returns false if str is none of them. */
static bool
parse_special(const char *p, NumericVar *v)
{
	int			sign = NUMERIC_PINF;

	if (match_word(p, "NaN"))
	{
		numvar_set_special(v, NUMERIC_NAN);
		return true;
	}
	if (*p == '+' || *p == '-')
	{
		if (*p == '-')
			sign = NUMERIC_NINF;
		p++;
	}
	if (match_word(p, "Infinity") || match_word(p, "inf"))
	{
		numvar_set_special(v, sign);
		return true;
	}
	return false;
}

void
numvar_from_cstring(const char *str, NumericVar *v)
{
	const char *p = str;
	const char *digstart;
	bool		neg = false,
				seen_point = false;
	int64_t		nint = 0,
				nfrac = 0,
				exponent = 0,
				dexp_first,
				dscale,
				wfirst,
				wlast;
	int			ndig = 0,
				lead = 0;

	numvar_init(v);
	while (isspace((unsigned char) *p))
		p++;
	if (parse_special(p, v))
		return;
	if (*p == '+' || *p == '-')
		neg = (*p++ == '-');
	digstart = p;
	for (;; p++)
	{
		if (isdigit((unsigned char) *p))
		{
			ndig++;
			if (seen_point)
				nfrac++;
			else
				nint++;
		}
		else if (*p == '.' && !seen_point)
			seen_point = true;
		else
			break;
	}
	if (ndig == 0)
		numeric_syntax_error(str);
	if (*p == 'e' || *p == 'E')
	{
		bool		eneg = false;

		p++;
		if (*p == '+' || *p == '-')
			eneg = (*p++ == '-');
		if (!isdigit((unsigned char) *p))
			numeric_syntax_error(str);
		while (isdigit((unsigned char) *p))
		{
			exponent = exponent * 10 + (*p++ - '0');
			if (exponent >= INT32_MAX / 2)
				numeric_overflow_error();
		}
		if (eneg)
			exponent = -exponent;
	}
	while (isspace((unsigned char) *p))
		p++;
	if (*p != '\0')
		numeric_syntax_error(str);

	dscale = nfrac - exponent;
	if (dscale < 0)
		dscale = 0;
	if (dscale > NUMERIC_DSCALE_MAX)
		numeric_overflow_error();

	/* skip leading zeros; then digit i has decimal exponent dexp_first - i */
	dexp_first = nint - 1 + exponent;
	for (const char *q = digstart; q < p; q++)
	{
		if (*q == '.')
			continue;
		if (*q != '0' || !isdigit((unsigned char) *q))
			break;
		lead++;
		dexp_first--;
	}
	v->dscale = (int) dscale;
	v->sign = neg ? NUMERIC_NEG : NUMERIC_POS;
	if (lead == ndig)
	{
		v->sign = NUMERIC_POS;
		return;					/* zero */
	}
	wfirst = dexp_first >= 0 ? dexp_first / DEC_DIGITS : -((-dexp_first + DEC_DIGITS - 1) / DEC_DIGITS);
	{
		int64_t		dexp_last = dexp_first - (ndig - lead - 1);

		wlast = dexp_last >= 0 ? dexp_last / DEC_DIGITS : -((-dexp_last + DEC_DIGITS - 1) / DEC_DIGITS);
	}
	if (wfirst > NUMERIC_WEIGHT_MAX)
		numeric_overflow_error();
	numvar_alloc(v, (int) (wfirst - wlast + 1));
	memset(v->digits, 0, sizeof(NumericDigit) * (size_t) v->ndigits);
	v->weight = (int) wfirst;
	{
		int64_t		e = dexp_first;
		int			seen = 0;

		for (const char *q = digstart; q < p && seen < ndig; q++)
		{
			int64_t		w,
						pos;
			static const int pw[] = {1, 10, 100, 1000};

			if (*q == '.')
				continue;
			seen++;
			if (seen <= lead)
				continue;
			w = e >= 0 ? e / DEC_DIGITS : -((-e + DEC_DIGITS - 1) / DEC_DIGITS);
			pos = e - w * DEC_DIGITS;
			v->digits[wfirst - w] = (NumericDigit) (v->digits[wfirst - w] + (*q - '0') * pw[pos]);
			e--;
		}
	}
	numvar_strip(v);
}

char *
numvar_to_cstring(const NumericVar *v)
{
	char	   *buf,
			   *p;
	size_t		len;

	if (v->sign == NUMERIC_NAN)
		return pstrdup("NaN");
	if (v->sign == NUMERIC_PINF)
		return pstrdup("Infinity");
	if (v->sign == NUMERIC_NINF)
		return pstrdup("-Infinity");

	len = (size_t) (Max(v->weight, 0) + 1) * DEC_DIGITS + (size_t) v->dscale + 4;
	buf = palloc(len);
	p = buf;
	if (v->sign == NUMERIC_NEG && v->ndigits > 0)
		*p++ = '-';
	if (v->ndigits == 0 || v->weight < 0)
		*p++ = '0';
	else
	{
		for (int w = v->weight; w >= 0; w--)
		{
			int			i = v->weight - w;
			int			d = (i < v->ndigits) ? v->digits[i] : 0;

			if (w == v->weight)
				p += sprintf(p, "%d", d);
			else
				p += sprintf(p, "%04d", d);
		}
	}
	if (v->dscale > 0)
	{
		int			left = v->dscale;

		*p++ = '.';
		for (int w = -1; left > 0; w--)
		{
			int			i = v->weight - w;
			int			d = (i >= 0 && i < v->ndigits) ? v->digits[i] : 0;
			char		four[5];

			snprintf(four, sizeof(four), "%04d", d);
			for (int k = 0; k < DEC_DIGITS && left > 0; k++, left--)
				*p++ = four[k];
		}
	}
	*p = '\0';
	return buf;
}

/* ---------------------------------------------------------------------
 * Type modifier
 * ---------------------------------------------------------------------
 */

int32_t
numeric_typmod_make(int precision, int scale)
{
	return (int32_t) ((((uint32_t) precision << 16) | ((uint32_t) scale & 0x7ff)) + VARHDRSZ);
}

static int
typmod_precision(int32_t typmod)
{
	return ((typmod - VARHDRSZ) >> 16) & 0xffff;
}

static int
typmod_scale(int32_t typmod)
{
	return (((typmod - VARHDRSZ) & 0x7ff) ^ 1024) - 1024;
}

void
numvar_apply_typmod(NumericVar *v, int32_t typmod)
{
	int			precision,
				scale,
				maxdigits;

	if (typmod < VARHDRSZ || v->sign == NUMERIC_NAN)
		return;
	precision = typmod_precision(typmod);
	scale = typmod_scale(typmod);
	maxdigits = precision - scale;
	if (numvar_is_special(v))
		ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("numeric field overflow"),
				errdetail("A field with precision %d, scale %d cannot hold an infinite value.",
						  precision, scale));
	numvar_round(v, scale);
	if (v->ndigits > 0 && numvar_dweight(v) + 1 > maxdigits)
		ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("numeric field overflow"),
				errdetail("A field with precision %d, scale %d must round to an absolute value less than %s%d.",
						  precision, scale, maxdigits ? "10^" : "", maxdigits ? maxdigits : 1));
}

static int32_t
numeric_typmod_in(const int32_t *mods, int nmods)
{
	int			precision,
				scale = 0;

	if (nmods < 1 || nmods > 2)
		ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("invalid NUMERIC type modifier"));
	precision = mods[0];
	if (precision < 1 || precision > NUMERIC_MAX_PRECISION)
		ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("NUMERIC precision %d must be between 1 and %d",
					   precision, NUMERIC_MAX_PRECISION));
	if (nmods == 2)
	{
		scale = mods[1];
		if (scale < NUMERIC_MIN_SCALE || scale > NUMERIC_MAX_SCALE)
			ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("NUMERIC scale %d must be between %d and %d",
						   scale, NUMERIC_MIN_SCALE, NUMERIC_MAX_SCALE));
	}
	return numeric_typmod_make(precision, scale);
}

static char *
numeric_typmod_out(int32_t typmod)
{
	if (typmod < VARHDRSZ)
		return pstrdup("");
	return psprintf("(%d,%d)", typmod_precision(typmod), typmod_scale(typmod));
}

static Datum
numeric_apply_typmod_datum(Datum value, int32_t typmod, bool is_explicit)
{
	NumericVar	v;
	Datum		result;

	if (typmod < VARHDRSZ)
		return value;
	numvar_from_datum(value, &v);
	numvar_apply_typmod(&v, typmod);
	result = numvar_to_datum(&v);
	numvar_free(&v);
	return result;
}

/* ---------------------------------------------------------------------
 * TypeInfo I/O
 * ---------------------------------------------------------------------
 */

static Datum
numeric_input(const char *str, int32_t typmod)
{
	NumericVar	v;
	Datum		result;

	numvar_from_cstring(str, &v);
	numvar_apply_typmod(&v, typmod);
	result = numvar_to_datum(&v);
	numvar_free(&v);
	return result;
}

static char *
numeric_output(Datum value)
{
	NumericVar	v;
	char	   *s;

	numvar_from_datum(value, &v);
	s = numvar_to_cstring(&v);
	numvar_free(&v);
	return s;
}

pg_noreturn static void
numeric_recv_error(const char *what)
{
	ereport(ERROR, errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			errmsg("invalid %s in external \"numeric\" value", what));
	__builtin_unreachable();
}

/* PostgreSQL's wire format: int16 ndigits, weight, sign, dscale, digits. */
static Datum
numeric_recv(StringBuf *buf, int32_t typmod)
{
	NumericVar	v;
	int			len,
				sign,
				dscale;
	Datum		result;

	numvar_init(&v);
	len = (int16_t) pq_get_int16(buf);
	if (len < 0 || len > NUMERIC_MAX_PRECISION + NUMERIC_MAX_RESULT_SCALE)
		numeric_recv_error("length");
	v.weight = (int16_t) pq_get_int16(buf);
	sign = pq_get_int16(buf);
	if (sign != NUMERIC_POS && sign != NUMERIC_NEG && sign != NUMERIC_NAN &&
		sign != NUMERIC_PINF && sign != NUMERIC_NINF)
		numeric_recv_error("sign");
	dscale = pq_get_int16(buf);
	if ((dscale & NUMERIC_DSCALE_MASK) != dscale)
		numeric_recv_error("scale");
	if (len > 0)
		numvar_alloc(&v, len);
	for (int i = 0; i < len; i++)
	{
		int			d = (int16_t) pq_get_int16(buf);

		if (d < 0 || d >= NBASE)
			numeric_recv_error("digit");
		v.digits[i] = (NumericDigit) d;
	}
	if (sign == NUMERIC_NAN || sign == NUMERIC_PINF || sign == NUMERIC_NINF)
	{
		numvar_set_special(&v, sign);
		if (sign != NUMERIC_NAN)
			numvar_apply_typmod(&v, typmod);
		return numvar_to_datum(&v);
	}
	v.sign = sign;
	v.dscale = dscale;
	numvar_strip(&v);
	/* digits hidden by the display scale are dropped, as PostgreSQL does */
	numvar_trunc(&v, dscale);
	numvar_apply_typmod(&v, typmod);
	result = numvar_to_datum(&v);
	numvar_free(&v);
	return result;
}

static void
numeric_send(Datum value, StringBuf *out)
{
	NumericVar	v;

	numvar_from_datum(value, &v);
	pq_send_int16(out, (uint16_t) v.ndigits);
	pq_send_int16(out, (uint16_t) (int16_t) v.weight);
	pq_send_int16(out, (uint16_t) v.sign);
	/* PostgreSQL 15 sends a display scale of 32 for the infinities */
	pq_send_int16(out, (uint16_t) ((v.sign == NUMERIC_PINF || v.sign == NUMERIC_NINF) ? 32 : v.dscale));
	for (int i = 0; i < v.ndigits; i++)
		pq_send_int16(out, (uint16_t) v.digits[i]);
	numvar_free(&v);
}

/* Rank of special values in the sort order; finite values are 0. */
static int
special_rank(const NumericVar *v)
{
	switch (v->sign)
	{
		case NUMERIC_NINF:
			return -1;
		case NUMERIC_PINF:
			return 1;
		case NUMERIC_NAN:
			return 2;
		default:
			return 0;
	}
}

int
numeric_cmp_datum(Datum a, Datum b)
{
	NumericVar	va,
				vb;
	int			ra,
				rb,
				c;

	numvar_from_datum(a, &va);
	numvar_from_datum(b, &vb);
	ra = special_rank(&va);
	rb = special_rank(&vb);
	if (ra != 0 || rb != 0)
		c = (ra > rb) - (ra < rb);
	else
		c = numvar_cmp(&va, &vb);
	numvar_free(&va);
	numvar_free(&vb);
	return c;
}

bool
numeric_is_nan(Datum num)
{
	uint16_t	head;

	memcpy(&head, (const char *) DatumGetPointer(num) + 4, 2);
	return (head & NUMERIC_EXT_MASK) == NUMERIC_NAN;
}

/*
 * Hash of the value, not the representation: the stored form is already
 * stripped, and the display scale is left out, so 1.0 and 1.00 agree.
 */
static uint32_t
numeric_hash(Datum value)
{
	NumericVar	v;
	int32_t    *buf;
	int			n = 0;
	uint32_t	h;

	numvar_from_datum(value, &v);
	buf = palloc(sizeof(int32_t) * (size_t) (v.ndigits + 2));
	buf[n++] = (int32_t) (v.ndigits == 0 && !numvar_is_special(&v) ? NUMERIC_POS : v.sign);
	buf[n++] = v.weight;
	for (int i = 0; i < v.ndigits; i++)
		buf[n++] = v.digits[i];
	h = type_hash_bytes(buf, sizeof(int32_t) * (size_t) n);
	pfree(buf);
	numvar_free(&v);
	return h;
}

/* ---------------------------------------------------------------------
 * Public conversions (numeric.h)
 * ---------------------------------------------------------------------
 */

Datum
numeric_from_int64(int64_t val)
{
	NumericVar	v;
	Datum		d;

	numvar_init(&v);
	numvar_from_int64(&v, val);
	d = numvar_to_datum(&v);
	numvar_free(&v);
	return d;
}

Datum
numeric_from_int64_scaled(int64_t val, int scale)
{
	NumericVar	v,
				p;
	Datum		d;
	int64_t		pow10 = 1;

	Assert(scale >= 0 && scale <= 18);
	for (int i = 0; i < scale; i++)
		pow10 *= 10;
	numvar_init(&v);
	numvar_init(&p);
	numvar_from_int64(&v, val);
	numvar_from_int64(&p, pow10);
	numvar_div(&v, &p, &v, scale, false);	/* exact */
	d = numvar_to_datum(&v);
	numvar_free(&v);
	numvar_free(&p);
	return d;
}

Datum
numeric_from_double(double val)
{
	char		buf[64];

	if (isnan(val))
		return numeric_make_special(NUMERIC_NAN);
	if (isinf(val))
		return numeric_make_special(val > 0 ? NUMERIC_PINF : NUMERIC_NINF);
	snprintf(buf, sizeof(buf), "%.*g", 15, val);
	return numeric_input(buf, -1);
}

int64_t
numeric_to_int64(Datum num)
{
	NumericVar	v;
	int64_t		result = 0;

	numvar_from_datum(num, &v);
	if (v.sign == NUMERIC_NAN)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("cannot convert NaN to %s", "bigint"));
	if (numvar_is_special(&v))
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("cannot convert infinity to %s", "bigint"));
	if (!numvar_to_int64(&v, &result))
		ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("bigint out of range"));
	numvar_free(&v);
	return result;
}

double
numeric_to_double(Datum num)
{
	NumericVar	v;
	char	   *s;
	double		d;

	numvar_from_datum(num, &v);
	if (v.sign == NUMERIC_NAN)
		return NAN;
	if (v.sign == NUMERIC_PINF)
		return HUGE_VAL;
	if (v.sign == NUMERIC_NINF)
		return -HUGE_VAL;
	s = numvar_to_cstring(&v);
	numvar_free(&v);
	errno = 0;
	d = strtod(s, NULL);
	if (errno == ERANGE && (d == 0.0 || isinf(d)))
		ereport(ERROR, errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				errmsg("\"%s\" is out of range for type double precision", s));
	pfree(s);
	return d;
}

Datum
numeric_in_cstring(const char *str, int32_t typmod)
{
	return numeric_input(str, typmod);
}

char *
numeric_out_datum(Datum num)
{
	return numeric_output(num);
}

/* ---------------------------------------------------------------------
 * The TypeInfo row
 * ---------------------------------------------------------------------
 */

static int
numeric_compare(Datum a, Datum b)
{
	return numeric_cmp_datum(a, b);
}

static const TypeInfo numeric_types[] = {
	{
		.oid = NUMERICOID,
		.name = "numeric",
		.sql_name = "numeric",
		.typlen = -1,
		.byval = false,
		.align = 'i',
		.category = TYPCATEGORY_NUMERIC,
		.preferred = false,
		.input = numeric_input,
		.output = numeric_output,
		.recv = numeric_recv,
		.send = numeric_send,
		.typmod_in = numeric_typmod_in,
		.apply_typmod = numeric_apply_typmod_datum,
		.typmod_out = numeric_typmod_out,
		.compare = numeric_compare,
		.hash = numeric_hash,
	},
};

const TypeInfoTable numeric_type_table = TYPE_INFO_TABLE(numeric_types);
