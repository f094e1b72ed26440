/*-------------------------------------------------------------------------
 * interval.c
 *	  The interval type (1186): I/O, the interval typmod (field range and
 *	  precision), ordering, arithmetic, justify_*, extract/date_part/
 *	  date_trunc, and the sum/avg aggregates.
 *
 * Role: an interval is three independent fields, as in PostgreSQL:
 * microseconds, days and months.  Ordering treats a month as 30 days and a
 * day as 24 hours (so '1 mon' = '30 days'), computed in 128 bits so it
 * cannot overflow; hashing uses the same span, so equal intervals hash
 * alike.
 *
 * Invariants:
 *	- Every result is checked: 22008 "interval out of range" when a field
 *	  does not fit, 22012 on division by zero.
 *	- Multiplication and division by float8 cascade fractional months to
 *	  days and fractional days to time exactly as PostgreSQL 15 does.
 *
 * Aggregates: sum(interval) and avg(interval) keep an IntervalAggState
 * (transtype BYTEAOID: a self-contained varlena allocated in
 * fcinfo->agg_memctx),
 * initval NULL, strict_trans false: NULL inputs are skipped, the state is
 * updated in place, the final functions return NULL when no row was seen.
 *
 * Entry points: interval_type_table and interval_fmgr (catalog rows),
 * interval_to_string/interval_from_string (datetime.h).
 *
 * See also: timestamp.c (timestamp +- interval), date.c, datetime_parse.c.
 *-------------------------------------------------------------------------
 */
#include "sql/types/datetime_internal.h"

#include <ctype.h>
#include <math.h>

#include "sql/types/numeric.h"
#include "tcop/pqformat.h"
#include "utils/elog.h"
#include "utils/memctx.h"

#define MAX_INTERVAL_PRECISION 6

static int
typmod_range(int32_t typmod)
{
	return typmod < 0 ? INTERVAL_FULL_RANGE : (typmod >> 16) & 0x7FFF;
}

static int
typmod_precision(int32_t typmod)
{
	return typmod < 0 ? INTERVAL_FULL_PRECISION : typmod & 0xFFFF;
}

int32_t
interval_typmod_make(int range, int precision)
{
	return (int32_t) (((uint32_t) (range & 0x7FFF) << 16) | (uint32_t) (precision & 0xFFFF));
}

/* ---------------------------------------------------------------------
 * Typmod
 * ---------------------------------------------------------------------
 */

typedef struct RangeName
{
	int			range;
	const char *name;
} RangeName;

#define YM (INTERVAL_MASK_YEAR)
#define MO (INTERVAL_MASK_MONTH)
#define DA (INTERVAL_MASK_DAY)
#define HO (INTERVAL_MASK_HOUR)
#define MI (INTERVAL_MASK_MINUTE)
#define SE (INTERVAL_MASK_SECOND)

static const RangeName range_names[] = {
	{INTERVAL_FULL_RANGE, ""},
	{YM, " year"},
	{MO, " month"},
	{DA, " day"},
	{HO, " hour"},
	{MI, " minute"},
	{SE, " second"},
	{YM | MO, " year to month"},
	{DA | HO, " day to hour"},
	{DA | HO | MI, " day to minute"},
	{DA | HO | MI | SE, " day to second"},
	{HO | MI, " hour to minute"},
	{HO | MI | SE, " hour to second"},
	{MI | SE, " minute to second"},
};

static const char *
range_name(int range)
{
	for (size_t i = 0; i < lengthof(range_names); i++)
		if (range_names[i].range == range)
			return range_names[i].name;
	return NULL;
}

/* PostgreSQL's grammar passes { range } or { range, precision }. */
static int32_t
interval_typmod_in(const int32_t *mods, int nmods)
{
	int32_t		p;

	if (nmods < 1 || nmods > 2 || range_name(mods[0]) == NULL)
		ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("invalid INTERVAL type modifier"));
	if (nmods == 1)
		return mods[0] == INTERVAL_FULL_RANGE ? -1
			: interval_typmod_make(mods[0], INTERVAL_FULL_PRECISION);
	p = mods[1];
	if (p < 0)
		ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("INTERVAL(%d) precision must not be negative", p));
	if (p > MAX_INTERVAL_PRECISION)
	{
		ereport(WARNING, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("INTERVAL(%d) precision reduced to maximum allowed, %d",
					   p, MAX_INTERVAL_PRECISION));
		p = MAX_INTERVAL_PRECISION;
	}
	return interval_typmod_make(mods[0], p);
}

/* PostgreSQL's typmodout: format_type prints "interval" + this. */
static char *
interval_typmod_out(int32_t typmod)
{
	const char *fields = range_name(typmod_range(typmod));
	int			p = typmod_precision(typmod);

	if (typmod < 0)
		return pstrdup("");
	if (fields == NULL)
		fields = "";
	if (p != INTERVAL_FULL_PRECISION)
		return psprintf("%s(%d)", fields, p);
	return pstrdup(fields);
}

/* Truncate to the typmod's fields, round to its precision. */
static void
interval_apply(Interval *iv, int32_t typmod)
{
	int			range = typmod_range(typmod);
	int			p = typmod_precision(typmod);

	if (typmod < 0)
		return;
	if (range == YM)
	{
		iv->month = (iv->month / MONTHS_PER_YEAR) * MONTHS_PER_YEAR;
		iv->day = 0;
		iv->time = 0;
	}
	else if (range == MO || range == (YM | MO))
	{
		iv->day = 0;
		iv->time = 0;
	}
	else if (range == DA)
		iv->time = 0;
	else if (range == HO || range == (DA | HO))
		iv->time = (iv->time / USECS_PER_HOUR) * USECS_PER_HOUR;
	else if (range == MI || range == (HO | MI) || range == (DA | HO | MI))
		iv->time = (iv->time / USECS_PER_MINUTE) * USECS_PER_MINUTE;
	if (p != INTERVAL_FULL_PRECISION && p < MAX_INTERVAL_PRECISION)
	{
		int64_t		scale = 1;

		for (int i = p; i < MAX_INTERVAL_PRECISION; i++)
			scale *= 10;
		/* round half away from zero without overflowing */
		if (iv->time >= 0)
			iv->time = (iv->time / scale + (iv->time % scale >= scale / 2)) * scale;
		else
			iv->time = (iv->time / scale - (-(iv->time % scale) >= scale / 2)) * scale;
	}
}

/* ---------------------------------------------------------------------
 * I/O
 * ---------------------------------------------------------------------
 */

static Interval *
interval_parse(const char *str, int32_t typmod)
{
	Interval   *iv = palloc(sizeof(Interval));
	int			r = dt_parse_interval(str, typmod_range(typmod), iv);

	if (r == DTERR_FIELD_OVERFLOW)
		r = DTERR_INTERVAL_OVERFLOW;
	if (r != 0)
		dt_parse_error(r, str, "interval", NULL);
	interval_apply(iv, typmod);
	return iv;
}

Interval *
interval_from_string(const char *str)
{
	return interval_parse(str, -1);
}

static Datum
interval_in(const char *str, int32_t typmod)
{
	return PointerGetDatum(interval_parse(str, typmod));
}

static char *
interval_out(Datum value)
{
	return interval_to_string(DatumGetIntervalP(value));
}

static Datum
interval_recv(StringBuf *buf, int32_t typmod)
{
	Interval   *iv = palloc(sizeof(Interval));

	iv->time = (int64_t) pq_get_int64(buf);
	iv->day = (int32_t) pq_get_int32(buf);
	iv->month = (int32_t) pq_get_int32(buf);
	interval_apply(iv, typmod);
	return PointerGetDatum(iv);
}

static void
interval_send(Datum value, StringBuf *out)
{
	const Interval *iv = DatumGetIntervalP(value);

	pq_send_int64(out, (uint64_t) iv->time);
	pq_send_int32(out, (uint32_t) iv->day);
	pq_send_int32(out, (uint32_t) iv->month);
}

static Datum
interval_apply_typmod(Datum value, int32_t typmod, bool is_explicit)
{
	Interval   *iv;

	if (typmod < 0)
		return value;
	iv = palloc(sizeof(Interval));
	*iv = *DatumGetIntervalP(value);
	interval_apply(iv, typmod);
	return PointerGetDatum(iv);
}

__int128
dt_interval_span(const Interval *iv)
{
	return (__int128) iv->time +
		((__int128) iv->day + (__int128) iv->month * DAYS_PER_MONTH) * USECS_PER_DAY;
}

static int
interval_compare(Datum a, Datum b)
{
	__int128	x = dt_interval_span(DatumGetIntervalP(a));
	__int128	y = dt_interval_span(DatumGetIntervalP(b));

	return (x > y) - (x < y);
}

static uint32_t
interval_hash(Datum value)
{
	__int128	span = dt_interval_span(DatumGetIntervalP(value));
	uint64_t	parts[2] = {(uint64_t) span, (uint64_t) (span >> 64)};

	return type_hash_bytes(parts, sizeof(parts));
}

static const TypeInfo interval_types[] = {
	{
		.oid = INTERVALOID, .name = "interval", .sql_name = "interval",
		.typlen = 16, .byval = false, .align = 'd', .category = TYPCATEGORY_TIMESPAN,
		.preferred = true,
		.input = interval_in, .output = interval_out,
		.recv = interval_recv, .send = interval_send,
		.typmod_in = interval_typmod_in, .apply_typmod = interval_apply_typmod,
		.typmod_out = interval_typmod_out,
		.compare = interval_compare, .hash = interval_hash,
	},
};

const TypeInfoTable interval_type_table = TYPE_INFO_TABLE(interval_types);

/* ---------------------------------------------------------------------
 * Comparison and arithmetic
 * ---------------------------------------------------------------------
 */

#define IARG(n) DatumGetIntervalP(PG_GETARG_DATUM(n))

#define CMP_OP(name, test) \
static Datum name(FunctionCallInfo fcinfo) \
{ \
	int c = interval_compare(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)); \
	PG_RETURN_BOOL(test); \
}

CMP_OP(iv_eq, c == 0)
CMP_OP(iv_ne, c != 0)
CMP_OP(iv_lt, c < 0)
CMP_OP(iv_le, c <= 0)
CMP_OP(iv_gt, c > 0)
CMP_OP(iv_ge, c >= 0)

static Datum
iv_cmp(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT32(interval_compare(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)));
}

static Datum
iv_larger(FunctionCallInfo fcinfo)
{
	return interval_compare(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) >= 0 ?
		PG_GETARG_DATUM(0) : PG_GETARG_DATUM(1);
}

static Datum
iv_smaller(FunctionCallInfo fcinfo)
{
	return interval_compare(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) <= 0 ?
		PG_GETARG_DATUM(0) : PG_GETARG_DATUM(1);
}

/* Pack 128-bit field sums, or ERROR "interval out of range". */
static Datum
interval_from_wide(__int128 time, __int128 day, __int128 month)
{
	if (time > INT64_MAX || time < INT64_MIN || day > INT32_MAX || day < INT32_MIN ||
		month > INT32_MAX || month < INT32_MIN)
		dt_error_interval_range();
	return interval_datum((int64_t) time, (int32_t) day, (int32_t) month);
}

static Datum
iv_pl(FunctionCallInfo fcinfo)
{
	const Interval *a = IARG(0),
			   *b = IARG(1);

	return interval_from_wide((__int128) a->time + b->time, (__int128) a->day + b->day,
							  (__int128) a->month + b->month);
}

static Datum
iv_mi(FunctionCallInfo fcinfo)
{
	const Interval *a = IARG(0),
			   *b = IARG(1);

	return interval_from_wide((__int128) a->time - b->time, (__int128) a->day - b->day,
							  (__int128) a->month - b->month);
}

static Datum
iv_um(FunctionCallInfo fcinfo)
{
	const Interval *a = IARG(0);

	return interval_from_wide(-(__int128) a->time, -(__int128) a->day, -(__int128) a->month);
}

static Datum
iv_up(FunctionCallInfo fcinfo)
{
	PG_RETURN_DATUM(PG_GETARG_DATUM(0));
}

static bool
fits_int32(double d)
{
	return d >= (double) INT32_MIN && d < -(double) INT32_MIN;
}

static bool
fits_int64(double d)
{
	return d >= -9223372036854775808.0 && d < 9223372036854775808.0;
}

/* rounding to microsecond-ish precision used to tame float noise */
static double
ts_round(double v)
{
	return rint(v * 1000000.0) / 1000000.0;
}

/*
 * iv * factor (or iv / divisor when divide): whole months and days from
 * the products, fractional months cascaded into days (30 per month) and
 * fractional days into time, as PostgreSQL 15.
 */
static Datum
interval_scale(const Interval *iv, double factor, bool divide)
{
	double		m = divide ? iv->month / factor : iv->month * factor;
	double		d = divide ? iv->day / factor : iv->day * factor;
	double		month_rem_days,
				sec_rem,
				t;
	int64_t		rday;
	int32_t		rmonth;

	if (isnan(m) || !fits_int32(m) || isnan(d) || !fits_int32(d))
		dt_error_interval_range();
	rmonth = (int32_t) m;
	rday = (int32_t) d;
	month_rem_days = ts_round((m - rmonth) * DAYS_PER_MONTH);
	sec_rem = ts_round((d - rday + month_rem_days - (int) month_rem_days) * SECS_PER_DAY);
	if (fabs(sec_rem) >= SECS_PER_DAY)
	{
		rday += (int) (sec_rem / SECS_PER_DAY);
		sec_rem -= (int) (sec_rem / SECS_PER_DAY) * SECS_PER_DAY;
	}
	rday += (int32_t) month_rem_days;
	if (rday > INT32_MAX || rday < INT32_MIN)
		dt_error_interval_range();
	t = rint((divide ? iv->time / factor : iv->time * factor) + sec_rem * USECS_PER_SEC);
	if (isnan(t) || !fits_int64(t))
		dt_error_interval_range();
	return interval_datum((int64_t) t, (int32_t) rday, rmonth);
}

static Datum
iv_mul(FunctionCallInfo fcinfo)
{
	return interval_scale(IARG(0), PG_GETARG_FLOAT8(1), false);
}

static Datum
mul_iv(FunctionCallInfo fcinfo)
{
	return interval_scale(IARG(1), PG_GETARG_FLOAT8(0), false);
}

static Datum
iv_div(FunctionCallInfo fcinfo)
{
	double		f = PG_GETARG_FLOAT8(1);

	if (f == 0.0)
		ereport(ERROR, errcode(ERRCODE_DIVISION_BY_ZERO), errmsg("division by zero"));
	return interval_scale(IARG(0), f, true);
}

/* ---------------------------------------------------------------------
 * justify_*
 * ---------------------------------------------------------------------
 */

static Datum
iv_justify_hours(FunctionCallInfo fcinfo)
{
	const Interval *iv = IARG(0);
	int64_t		time = iv->time % USECS_PER_DAY;
	int64_t		day = (int64_t) iv->day + iv->time / USECS_PER_DAY;

	if (day > 0 && time < 0)
	{
		time += USECS_PER_DAY;
		day--;
	}
	else if (day < 0 && time > 0)
	{
		time -= USECS_PER_DAY;
		day++;
	}
	return interval_from_wide(time, day, iv->month);
}

static Datum
iv_justify_days(FunctionCallInfo fcinfo)
{
	const Interval *iv = IARG(0);
	int64_t		month = (int64_t) iv->month + iv->day / DAYS_PER_MONTH;
	int64_t		day = iv->day % DAYS_PER_MONTH;

	if (month > 0 && day < 0)
	{
		day += DAYS_PER_MONTH;
		month--;
	}
	else if (month < 0 && day > 0)
	{
		day -= DAYS_PER_MONTH;
		month++;
	}
	return interval_from_wide(iv->time, day, month);
}

static Datum
iv_justify_interval(FunctionCallInfo fcinfo)
{
	const Interval *iv = IARG(0);
	int64_t		month = iv->month,
				day = iv->day,
				time = iv->time;

	if ((day > 0 && time > 0) || (day < 0 && time < 0))
	{
		month += day / DAYS_PER_MONTH;
		day -= (day / DAYS_PER_MONTH) * DAYS_PER_MONTH;
	}
	day += time / USECS_PER_DAY;
	time -= (time / USECS_PER_DAY) * USECS_PER_DAY;
	month += day / DAYS_PER_MONTH;
	day -= (day / DAYS_PER_MONTH) * DAYS_PER_MONTH;
	if (month > 0 && (day < 0 || (day == 0 && time < 0)))
	{
		day += DAYS_PER_MONTH;
		month--;
	}
	else if (month < 0 && (day > 0 || (day == 0 && time > 0)))
	{
		day -= DAYS_PER_MONTH;
		month++;
	}
	if (day > 0 && time < 0)
	{
		time += USECS_PER_DAY;
		day--;
	}
	else if (day < 0 && time > 0)
	{
		time -= USECS_PER_DAY;
		day++;
	}
	return interval_from_wide(time, day, month);
}

/* ---------------------------------------------------------------------
 * extract / date_part / date_trunc
 * ---------------------------------------------------------------------
 */

/* PostgreSQL's broken-down interval: signed fields, remainders keep sign */
typedef struct IntervalFields
{
	int64_t		year;
	int64_t		mon;
	int64_t		mday;
	int64_t		hour;
	int64_t		min;
	int64_t		sec;
	int64_t		fsec;
} IntervalFields;

static void
interval_to_fields(const Interval *iv, IntervalFields *f)
{
	int64_t		t = iv->time;

	f->year = iv->month / MONTHS_PER_YEAR;
	f->mon = iv->month % MONTHS_PER_YEAR;
	f->mday = iv->day;
	f->hour = t / USECS_PER_HOUR;
	t -= f->hour * USECS_PER_HOUR;
	f->min = t / USECS_PER_MINUTE;
	t -= f->min * USECS_PER_MINUTE;
	f->sec = t / USECS_PER_SEC;
	f->fsec = t - f->sec * USECS_PER_SEC;
}

static char *
unit_name_arg(FunctionCallInfo fcinfo)
{
	char	   *s = text_to_cstring(PG_GETARG_TEXT_P(0));

	for (char *p = s; *p; p++)
		*p = (char) tolower((unsigned char) *p);
	return s;
}

pg_noreturn static void
interval_unit_error(const char *name, bool recognized)
{
	if (recognized)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("unit \"%s\" not supported for type %s", name, "interval"));
	ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			errmsg("unit \"%s\" not recognized for type %s", name, "interval"));
	__builtin_unreachable();
}

static Datum
interval_part_common(FunctionCallInfo fcinfo, bool as_numeric)
{
	char	   *name = unit_name_arg(fcinfo);
	const Interval *iv = IARG(1);
	DtUnit		unit = dt_lookup_unit(name);
	IntervalFields f;
	int64_t		us,
				v;

	interval_to_fields(iv, &f);
	us = f.sec * USECS_PER_SEC + f.fsec;
	switch (unit)
	{
		case DTU_MICROSEC:
			return as_numeric ? numeric_from_int64(us) : Float8GetDatum(f.sec * 1000000.0 + f.fsec);
		case DTU_MILLISEC:
			return as_numeric ? numeric_from_int64_scaled(us, 3)
				: Float8GetDatum(f.sec * 1000.0 + f.fsec / 1000.0);
		case DTU_SECOND:
			return as_numeric ? numeric_from_int64_scaled(us, 6)
				: Float8GetDatum(f.sec + f.fsec / 1000000.0);
		case DTU_EPOCH:
			{
				/* a year is 365.25 days, a month 30 days */
				int64_t		secs = (int64_t) (iv->month / MONTHS_PER_YEAR) * 31557600 +
					(int64_t) (iv->month % MONTHS_PER_YEAR) * DAYS_PER_MONTH * SECS_PER_DAY +
					(int64_t) iv->day * SECS_PER_DAY;

				if (!as_numeric)
					PG_RETURN_FLOAT8(iv->time / 1000000.0 +
									 ((double) 365.25 * SECS_PER_DAY) * (iv->month / MONTHS_PER_YEAR) +
									 ((double) DAYS_PER_MONTH * SECS_PER_DAY) * (iv->month % MONTHS_PER_YEAR) +
									 ((double) SECS_PER_DAY) * iv->day);
				return numeric_add_datum(numeric_from_int64_scaled(iv->time, 6),
										 numeric_from_int64(secs));
			}
		case DTU_MINUTE:
			v = f.min;
			break;
		case DTU_HOUR:
			v = f.hour;
			break;
		case DTU_DAY:
			v = f.mday;
			break;
		case DTU_MONTH:
			v = f.mon;
			break;
		case DTU_QUARTER:
			v = f.mon / 3 + 1;
			break;
		case DTU_YEAR:
			v = f.year;
			break;
		case DTU_DECADE:
			v = f.year / 10;
			break;
		case DTU_CENTURY:
			v = f.year / 100;
			break;
		case DTU_MILLENNIUM:
			v = f.year / 1000;
			break;
		case DTU_UNKNOWN:
		case DTU_AGO:
			interval_unit_error(name, false);
		default:
			interval_unit_error(name, true);
	}
	return as_numeric ? numeric_from_int64(v) : Float8GetDatum((double) v);
}

static Datum
iv_extract(FunctionCallInfo fcinfo)
{
	return interval_part_common(fcinfo, true);
}

static Datum
iv_date_part(FunctionCallInfo fcinfo)
{
	return interval_part_common(fcinfo, false);
}

static Datum
iv_date_trunc(FunctionCallInfo fcinfo)
{
	char	   *name = unit_name_arg(fcinfo);
	DtUnit		unit = dt_lookup_unit(name);
	IntervalFields f;

	interval_to_fields(IARG(1), &f);
	switch (unit)
	{
		case DTU_MILLENNIUM:
			f.year = (f.year / 1000) * 1000;
			/* FALLTHROUGH */
		case DTU_CENTURY:
			f.year = (f.year / 100) * 100;
			/* FALLTHROUGH */
		case DTU_DECADE:
			f.year = (f.year / 10) * 10;
			/* FALLTHROUGH */
		case DTU_YEAR:
			f.mon = 0;
			/* FALLTHROUGH */
		case DTU_QUARTER:
			f.mon = 3 * (f.mon / 3);
			/* FALLTHROUGH */
		case DTU_MONTH:
			f.mday = 0;
			/* FALLTHROUGH */
		case DTU_DAY:
			f.hour = 0;
			/* FALLTHROUGH */
		case DTU_HOUR:
			f.min = 0;
			/* FALLTHROUGH */
		case DTU_MINUTE:
			f.sec = 0;
			/* FALLTHROUGH */
		case DTU_SECOND:
			f.fsec = 0;
			/* FALLTHROUGH */
		case DTU_MILLISEC:
			f.fsec = (f.fsec / 1000) * 1000;
			/* FALLTHROUGH */
		case DTU_MICROSEC:
			break;
		case DTU_WEEK:
		case DTU_TZ:
		case DTU_TZ_HOUR:
		case DTU_TZ_MINUTE:
			interval_unit_error(name, true);
		default:
			interval_unit_error(name, false);
	}
	return interval_from_wide((__int128) ((f.hour * 60 + f.min) * 60 + f.sec) * USECS_PER_SEC + f.fsec,
							  f.mday, (__int128) f.year * MONTHS_PER_YEAR + f.mon);
}

static Datum
iv_isfinite(FunctionCallInfo fcinfo)
{
	PG_RETURN_BOOL(true);
}

/* interval -> time: the time part, wrapped into one day */
static Datum
iv_to_time(FunctionCallInfo fcinfo)
{
	int64_t		t = IARG(0)->time % USECS_PER_DAY;

	if (t < 0)
		t += USECS_PER_DAY;
	PG_RETURN_INT64(t);
}

/* ---------------------------------------------------------------------
 * sum / avg
 * ---------------------------------------------------------------------
 */

/* 128-bit sums, 8-byte aligned like every palloc'd chunk */
typedef __int128 int128_a8 __attribute__((aligned(8)));

typedef struct IntervalAggState
{
	char		vl_len_[4];		/* varlena header: sizeof(IntervalAggState) */
	int64_t		count;
	int128_a8	time;
	int128_a8	day;
	int128_a8	month;
} IntervalAggState;

static Datum
iv_accum(FunctionCallInfo fcinfo)
{
	IntervalAggState *st;
	const Interval *x;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (PG_ARGISNULL(0))
	{
		MemoryContext ctx = fcinfo->agg_memctx ? fcinfo->agg_memctx : CurrentMemoryContext;

		st = memctx_alloc_zero(ctx, sizeof(IntervalAggState));
		SET_VARSIZE(st, (int32_t) sizeof(IntervalAggState));
	}
	else
		st = (IntervalAggState *) PG_GETARG_POINTER(0);
	x = IARG(1);
	st->count++;
	st->time += x->time;
	st->day += x->day;
	st->month += x->month;
	PG_RETURN_POINTER(st);
}

static Datum
iv_sum_final(FunctionCallInfo fcinfo)
{
	const IntervalAggState *st;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (const IntervalAggState *) PG_GETARG_POINTER(0);
	if (st->count == 0)
		PG_RETURN_NULL();
	return interval_from_wide(st->time, st->day, st->month);
}

static Datum
iv_avg_final(FunctionCallInfo fcinfo)
{
	const IntervalAggState *st;
	Datum		sum;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (const IntervalAggState *) PG_GETARG_POINTER(0);
	if (st->count == 0)
		PG_RETURN_NULL();
	sum = interval_from_wide(st->time, st->day, st->month);
	return interval_scale(DatumGetIntervalP(sum), (double) st->count, true);
}

/* ---------------------------------------------------------------------
 * Tables
 * ---------------------------------------------------------------------
 */

#define IV INTERVALOID
#define FN(nm, n, args, r, fn) {nm, n, args, r, true, FUNC_IMMUTABLE, false, fn}
#define A1(a) {a}
#define A2(a, b) {a, b}

static const BuiltinFunction interval_functions[] = {
	FN("interval_cmp", 2, A2(IV, IV), INT4OID, iv_cmp),
	FN("interval_larger", 2, A2(IV, IV), IV, iv_larger),
	FN("interval_smaller", 2, A2(IV, IV), IV, iv_smaller),
	FN("justify_hours", 1, A1(IV), IV, iv_justify_hours),
	FN("justify_days", 1, A1(IV), IV, iv_justify_days),
	FN("justify_interval", 1, A1(IV), IV, iv_justify_interval),
	FN("extract", 2, A2(TEXTOID, IV), NUMERICOID, iv_extract),
	FN("date_part", 2, A2(TEXTOID, IV), FLOAT8OID, iv_date_part),
	FN("date_trunc", 2, A2(TEXTOID, IV), IV, iv_date_trunc),
	FN("isfinite", 1, A1(IV), BOOLOID, iv_isfinite),
};

static const BuiltinOperator interval_operators[] = {
	{"=", IV, IV, BOOLOID, iv_eq},
	{"<>", IV, IV, BOOLOID, iv_ne},
	{"<", IV, IV, BOOLOID, iv_lt},
	{"<=", IV, IV, BOOLOID, iv_le},
	{">", IV, IV, BOOLOID, iv_gt},
	{">=", IV, IV, BOOLOID, iv_ge},
	{"+", IV, IV, IV, iv_pl},
	{"-", IV, IV, IV, iv_mi},
	{"-", InvalidOid, IV, IV, iv_um},
	{"+", InvalidOid, IV, IV, iv_up},
	{"*", IV, FLOAT8OID, IV, iv_mul},
	{"*", FLOAT8OID, IV, IV, mul_iv},
	{"/", IV, FLOAT8OID, IV, iv_div},
};

static const BuiltinCast interval_casts[] = {
	{IV, TIMEOID, COERCION_ASSIGNMENT, iv_to_time, false},
};

static const BuiltinAggregate interval_aggregates[] = {
	{"sum", 1, IV, BYTEAOID, IV, iv_accum, iv_sum_final, NULL, false},
	{"avg", 1, IV, BYTEAOID, IV, iv_accum, iv_avg_final, NULL, false},
};

const FmgrTableSet interval_fmgr = {
	FMGR_ROWS(interval_functions),
	FMGR_ROWS(interval_operators),
	FMGR_ROWS(interval_casts),
	FMGR_ROWS(interval_aggregates),
};
