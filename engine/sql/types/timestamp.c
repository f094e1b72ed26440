/*-------------------------------------------------------------------------
 * timestamp.c
 *	  The timestamp (1114) and timestamptz (1184) types: I/O, precision
 *	  typmods, the current-time functions, arithmetic with intervals,
 *	  extract/date_part/date_trunc/age, casts among the date/time types.
 *
 * Role: both types are int64 microseconds since 2000-01-01 00:00:00; with
 * UTC as the only time zone they differ only in text form ("+00") and in
 * how input offsets are treated (timestamptz converts them to UTC,
 * timestamp ignores them), exactly as PostgreSQL with TimeZone = UTC.
 *
 * Invariants:
 *	- Finite values satisfy dt_timestamp_valid(); INT64_MIN / INT64_MAX are
 *	  -infinity / infinity and pass through arithmetic unchanged.
 *	- now(), transaction_timestamp() and CURRENT_TIMESTAMP are the start of
 *	  the transaction (xact_start_timestamp_us()), so they are STABLE.
 *	- Every result is range-checked: 22008 "timestamp out of range".
 *
 * Entry points: timestamp_type_table and timestamp_fmgr (catalog rows),
 * the datetime.h helpers for current time and text forms.
 *
 * See also: date.c, interval.c, datetime_parse.c, datetime_format.c.
 *-------------------------------------------------------------------------
 */
#include "sql/types/datetime_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <strings.h>
#include <time.h>

#include "access/transam/xact.h"
#include "sql/types/numeric.h"
#include "tcop/pqformat.h"
#include "utils/elog.h"
#include "utils/memctx.h"

/* 1970-01-01 00:00:00 in the 2000-based representation */
#define UNIX_EPOCH_TS	(-(INT64_C(10957) * USECS_PER_DAY))

/* ---------------------------------------------------------------------
 * Current time
 * ---------------------------------------------------------------------
 */

TimestampTz
datetime_from_unix_us(int64_t unix_us)
{
	return unix_us + UNIX_EPOCH_TS;
}

int64_t
datetime_to_unix_us(TimestampTz ts)
{
	return ts - UNIX_EPOCH_TS;
}

TimestampTz
datetime_xact_timestamp(void)
{
	return datetime_from_unix_us(xact_start_timestamp_us());
}

TimestampTz
datetime_statement_timestamp(void)
{
	return datetime_from_unix_us(xact_statement_timestamp_us());
}

TimestampTz
datetime_clock_timestamp(void)
{
	struct timespec tv;

	clock_gettime(CLOCK_REALTIME, &tv);
	return datetime_from_unix_us((int64_t) tv.tv_sec * USECS_PER_SEC + tv.tv_nsec / 1000);
}

DateADT
dt_current_date(void)
{
	Timestamp	t = datetime_xact_timestamp();
	int64_t		d = t / USECS_PER_DAY;

	if (t % USECS_PER_DAY < 0)
		d--;
	return (DateADT) d;
}

/* ---------------------------------------------------------------------
 * I/O
 * ---------------------------------------------------------------------
 */

static Timestamp
timestamp_parse(const char *str, bool with_tz)
{
	const char *typname = with_tz ? "timestamp with time zone" : "timestamp";
	const char *tzname = NULL;
	DtParsed	p;
	Timestamp	t;
	int			r;

	r = dt_parse(str, &p, &tzname);
	if (r != 0)
		dt_parse_error(r, str, typname, tzname);
	switch (p.special)
	{
		case DTS_EPOCH:
			return UNIX_EPOCH_TS;
		case DTS_INFINITY:
			return DT_NOEND;
		case DTS_NINFINITY:
			return DT_NOBEGIN;
		case DTS_NOW:
			return datetime_xact_timestamp();
		case DTS_NONE:
			break;
	}
	if (!p.has_date)
		dt_parse_error(DTERR_BAD_FORMAT, str, typname, NULL);
	if (!dt_fields_to_timestamp(&p.f, &t) ||
		(with_tz && p.f.has_tz &&
		 (__builtin_sub_overflow(t, (int64_t) p.f.tz * USECS_PER_SEC, &t) || !dt_timestamp_valid(t))))
		ereport(ERROR, errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				errmsg("timestamp out of range: \"%s\"", str));
	return t;
}

/* Round a finite timestamp to typmod's precision. */
static Timestamp
timestamp_round(Timestamp t, int32_t typmod)
{
	if (typmod < 0 || typmod >= MAX_TIME_PRECISION || !dt_timestamp_is_finite(t))
		return t;
	t = dt_round_us(t, typmod);
	if (!dt_timestamp_valid(t))
		dt_error_timestamp_range();
	return t;
}

static Datum
timestamp_in(const char *str, int32_t typmod)
{
	return Int64GetDatum(timestamp_round(timestamp_parse(str, false), typmod));
}

static Datum
timestamptz_in(const char *str, int32_t typmod)
{
	return Int64GetDatum(timestamp_round(timestamp_parse(str, true), typmod));
}

static char *
timestamp_out(Datum value)
{
	return dt_format_timestamp(DatumGetInt64(value), false);
}

static char *
timestamptz_out(Datum value)
{
	return dt_format_timestamp(DatumGetInt64(value), true);
}

static Datum
timestamp_recv(StringBuf *buf, int32_t typmod)
{
	Timestamp	t = (int64_t) pq_get_int64(buf);

	if (dt_timestamp_is_finite(t) && !dt_timestamp_valid(t))
		dt_error_timestamp_range();
	return Int64GetDatum(timestamp_round(t, typmod));
}

static void
timestamp_send(Datum value, StringBuf *out)
{
	pq_send_int64(out, (uint64_t) DatumGetInt64(value));
}

static int32_t
timestamp_typmod_in(const int32_t *mods, int nmods)
{
	return dt_precision_typmod_in(mods, nmods, "TIMESTAMP", "");
}

static int32_t
timestamptz_typmod_in(const int32_t *mods, int nmods)
{
	return dt_precision_typmod_in(mods, nmods, "TIMESTAMP", " WITH TIME ZONE");
}

/* "(p)": type_format() places it before " with[out] time zone". */
static char *
timestamp_typmod_out(int32_t typmod)
{
	return typmod >= 0 ? psprintf("(%d)", typmod) : pstrdup("");
}

static Datum
timestamp_apply_typmod(Datum value, int32_t typmod, bool is_explicit)
{
	return Int64GetDatum(timestamp_round(DatumGetInt64(value), typmod));
}

static int
timestamp_compare(Datum a, Datum b)
{
	int64_t		x = DatumGetInt64(a),
				y = DatumGetInt64(b);

	return (x > y) - (x < y);
}

static uint32_t
timestamp_hash(Datum value)
{
	return type_hash_uint64((uint64_t) DatumGetInt64(value));
}

static const TypeInfo timestamp_types[] = {
	{
		.oid = TIMESTAMPOID, .name = "timestamp", .sql_name = "timestamp without time zone",
		.typlen = 8, .byval = true, .align = 'd', .category = TYPCATEGORY_DATETIME,
		.preferred = false,
		.input = timestamp_in, .output = timestamp_out,
		.recv = timestamp_recv, .send = timestamp_send,
		.typmod_in = timestamp_typmod_in, .apply_typmod = timestamp_apply_typmod,
		.typmod_out = timestamp_typmod_out,
		.compare = timestamp_compare, .hash = timestamp_hash,
	},
	{
		.oid = TIMESTAMPTZOID, .name = "timestamptz", .sql_name = "timestamp with time zone",
		.typlen = 8, .byval = true, .align = 'd', .category = TYPCATEGORY_DATETIME,
		.preferred = true,
		.input = timestamptz_in, .output = timestamptz_out,
		.recv = timestamp_recv, .send = timestamp_send,
		.typmod_in = timestamptz_typmod_in, .apply_typmod = timestamp_apply_typmod,
		.typmod_out = timestamp_typmod_out,
		.compare = timestamp_compare, .hash = timestamp_hash,
	},
};

const TypeInfoTable timestamp_type_table = TYPE_INFO_TABLE(timestamp_types);

Timestamp
timestamp_from_string(const char *str)
{
	return timestamp_parse(str, false);
}

TimestampTz
timestamptz_from_string(const char *str)
{
	return timestamp_parse(str, true);
}

/* ---------------------------------------------------------------------
 * Arithmetic helpers shared with date.c and interval.c
 * ---------------------------------------------------------------------
 */

/* Normalise a month count into (year, month 1..12) in place. */
static void
fields_add_months(DtFields *f, int64_t months)
{
	int64_t		m = (int64_t) f->year * MONTHS_PER_YEAR + (f->mon - 1) + months;
	int64_t		y = m / MONTHS_PER_YEAR;
	int64_t		mm = m % MONTHS_PER_YEAR;

	if (mm < 0)
	{
		mm += MONTHS_PER_YEAR;
		y--;
	}
	if (y > JULIAN_MAXYEAR || y < -5000)
		dt_error_timestamp_range();
	f->year = (int) y;
	f->mon = (int) mm + 1;
	if (f->mday > dt_days_in_month(f->year, f->mon))
		f->mday = dt_days_in_month(f->year, f->mon);
}

Timestamp
dt_timestamp_add_interval(Timestamp t, const Interval *iv)
{
	DtFields	f;

	if (!dt_timestamp_is_finite(t))
		return t;
	if (iv->month != 0)
	{
		dt_timestamp_to_fields(t, &f);
		fields_add_months(&f, iv->month);
		if (!dt_fields_to_timestamp(&f, &t))
			dt_error_timestamp_range();
	}
	if (iv->day != 0)
	{
		int64_t		jd;

		dt_timestamp_to_fields(t, &f);
		jd = dt_date2j(f.year, f.mon, f.mday) + iv->day;
		if (jd < 0 || jd >= TIMESTAMP_END_JULIAN)
			dt_error_timestamp_range();
		dt_j2date(jd, &f.year, &f.mon, &f.mday);
		if (!dt_fields_to_timestamp(&f, &t))
			dt_error_timestamp_range();
	}
	if (__builtin_add_overflow(t, iv->time, &t) || !dt_timestamp_valid(t))
		dt_error_timestamp_range();
	return t;
}

/* -iv, or ERROR "interval out of range" for the minimum values. */
static Interval
interval_negate(const Interval *iv)
{
	Interval	r;

	if (iv->time == INT64_MIN || iv->day == INT32_MIN || iv->month == INT32_MIN)
		dt_error_interval_range();
	r.time = -iv->time;
	r.day = -iv->day;
	r.month = -iv->month;
	return r;
}

Datum
interval_datum(int64_t time, int32_t day, int32_t month)
{
	Interval   *r = palloc(sizeof(Interval));

	r->time = time;
	r->day = day;
	r->month = month;
	return PointerGetDatum(r);
}

Timestamp
dt_date_to_timestamp(DateADT d)
{
	if (d == DATEVAL_NOBEGIN)
		return DT_NOBEGIN;
	if (d == DATEVAL_NOEND)
		return DT_NOEND;
	if (d >= TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE)
		ereport(ERROR, errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				errmsg("date out of range for timestamp"));
	return (int64_t) d * USECS_PER_DAY;
}

/* ---------------------------------------------------------------------
 * Current time functions
 * ---------------------------------------------------------------------
 */

static Datum
ts_now(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT64(datetime_xact_timestamp());
}

static Datum
ts_statement_timestamp(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT64(datetime_statement_timestamp());
}

static Datum
ts_clock_timestamp(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT64(datetime_clock_timestamp());
}

/* current_timestamp(p) / localtimestamp(p): rounded to p digits */
static Datum
ts_now_precision(FunctionCallInfo fcinfo)
{
	int32_t		p = PG_GETARG_INT32(0);

	p = dt_precision_typmod_in(&p, 1, "TIMESTAMP",
							   fcinfo->result_type == TIMESTAMPOID ? "" : " WITH TIME ZONE");
	PG_RETURN_INT64(timestamp_round(datetime_xact_timestamp(), p));
}

static Datum
ts_current_date(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT32(dt_current_date());
}

static Datum
ts_localtime(FunctionCallInfo fcinfo)
{
	Timestamp	t = datetime_xact_timestamp();
	int64_t		us = t % USECS_PER_DAY;

	if (us < 0)
		us += USECS_PER_DAY;
	PG_RETURN_INT64(us);
}

/* ---------------------------------------------------------------------
 * Comparison (timestamp, timestamptz, and against date)
 * ---------------------------------------------------------------------
 */

/* Compare a date with a timestamp the way PostgreSQL does (no overflow). */
static int
cmp_date_ts(DateADT d, Timestamp t)
{
	Timestamp	dt;

	if (d == DATEVAL_NOBEGIN)
		dt = DT_NOBEGIN;
	else if (d == DATEVAL_NOEND)
		dt = DT_NOEND;
	else if (d >= TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE)
		return t == DT_NOEND ? -1 : 1;	/* later than any finite timestamp */
	else
		dt = (int64_t) d * USECS_PER_DAY;
	return (dt > t) - (dt < t);
}

#define CMP_OPS(prefix, expr) \
static Datum prefix##_eq(FunctionCallInfo fcinfo) { PG_RETURN_BOOL((expr) == 0); } \
static Datum prefix##_ne(FunctionCallInfo fcinfo) { PG_RETURN_BOOL((expr) != 0); } \
static Datum prefix##_lt(FunctionCallInfo fcinfo) { PG_RETURN_BOOL((expr) < 0); } \
static Datum prefix##_le(FunctionCallInfo fcinfo) { PG_RETURN_BOOL((expr) <= 0); } \
static Datum prefix##_gt(FunctionCallInfo fcinfo) { PG_RETURN_BOOL((expr) > 0); } \
static Datum prefix##_ge(FunctionCallInfo fcinfo) { PG_RETURN_BOOL((expr) >= 0); }

CMP_OPS(ts, timestamp_compare(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)))
CMP_OPS(date_ts, cmp_date_ts(PG_GETARG_INT32(0), PG_GETARG_INT64(1)))
CMP_OPS(ts_date, -cmp_date_ts(PG_GETARG_INT32(1), PG_GETARG_INT64(0)))

static Datum
ts_cmp(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT32(timestamp_compare(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)));
}

static Datum
ts_larger(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT64(Max(PG_GETARG_INT64(0), PG_GETARG_INT64(1)));
}

static Datum
ts_smaller(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT64(Min(PG_GETARG_INT64(0), PG_GETARG_INT64(1)));
}

/* ---------------------------------------------------------------------
 * Arithmetic
 * ---------------------------------------------------------------------
 */

/* time -> days + time within a day, signs agreeing (justify_hours) */
static void
justify_hours(Interval *iv)
{
	int64_t		days = iv->time / USECS_PER_DAY;
	int64_t		d;

	iv->time -= days * USECS_PER_DAY;
	d = (int64_t) iv->day + days;
	if (d > 0 && iv->time < 0)
	{
		iv->time += USECS_PER_DAY;
		d--;
	}
	else if (d < 0 && iv->time > 0)
	{
		iv->time -= USECS_PER_DAY;
		d++;
	}
	if (d > INT32_MAX || d < INT32_MIN)
		dt_error_interval_range();
	iv->day = (int32_t) d;
}

static Datum
ts_mi(FunctionCallInfo fcinfo)
{
	Timestamp	a = PG_GETARG_INT64(0),
				b = PG_GETARG_INT64(1);
	Interval	iv = {0, 0, 0};

	if (!dt_timestamp_is_finite(a) || !dt_timestamp_is_finite(b))
		ereport(ERROR, errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				errmsg("cannot subtract infinite timestamps"));
	if (__builtin_sub_overflow(a, b, &iv.time))
		dt_error_interval_range();
	justify_hours(&iv);
	return interval_datum(iv.time, iv.day, iv.month);
}

static Datum
ts_pl_interval(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT64(dt_timestamp_add_interval(PG_GETARG_INT64(0),
											  DatumGetIntervalP(PG_GETARG_DATUM(1))));
}

static Datum
interval_pl_ts(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT64(dt_timestamp_add_interval(PG_GETARG_INT64(1),
											  DatumGetIntervalP(PG_GETARG_DATUM(0))));
}

static Datum
ts_mi_interval(FunctionCallInfo fcinfo)
{
	Interval	neg = interval_negate(DatumGetIntervalP(PG_GETARG_DATUM(1)));

	PG_RETURN_INT64(dt_timestamp_add_interval(PG_GETARG_INT64(0), &neg));
}

/* ---------------------------------------------------------------------
 * extract / date_part
 * ---------------------------------------------------------------------
 */

/* The unit argument (text) as a lower-case C string. */
static char *
unit_arg(FunctionCallInfo fcinfo, int n)
{
	char	   *s = text_to_cstring(PG_GETARG_TEXT_P(n));

	for (char *p = s; *p; p++)
		*p = (char) tolower((unsigned char) *p);
	return s;
}

pg_noreturn static void
unit_error(const char *unit, const char *typname, bool recognized)
{
	if (recognized)
		ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				errmsg("unit \"%s\" not supported for type %s", unit, typname));
	ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			errmsg("unit \"%s\" not recognized for type %s", unit, typname));
	__builtin_unreachable();
}

/* The integer-valued date units of a broken-down date; false if not one. */
static bool
int_part(DtUnit unit, const DtFields *f, int64_t *out)
{
	int			iso_year;
	int64_t		jd = dt_date2j(f->year, f->mon, f->mday);
	int			y = f->year;

	switch (unit)
	{
		case DTU_DAY:
			*out = f->mday;
			return true;
		case DTU_MONTH:
			*out = f->mon;
			return true;
		case DTU_QUARTER:
			*out = (f->mon - 1) / 3 + 1;
			return true;
		case DTU_WEEK:
			*out = dt_iso_week(f->year, f->mon, f->mday, &iso_year);
			return true;
		case DTU_YEAR:
			*out = y > 0 ? y : y - 1;	/* there is no year 0 */
			return true;
		case DTU_DECADE:
			*out = y >= 0 ? y / 10 : -((8 - (y - 1)) / 10);
			return true;
		case DTU_CENTURY:
			*out = y > 0 ? (y + 99) / 100 : -((99 - (y - 1)) / 100);
			return true;
		case DTU_MILLENNIUM:
			*out = y > 0 ? (y + 999) / 1000 : -((999 - (y - 1)) / 1000);
			return true;
		case DTU_DOW:
			*out = dt_j2day(jd);
			return true;
		case DTU_ISODOW:
			*out = dt_j2day(jd) == 0 ? 7 : dt_j2day(jd);
			return true;
		case DTU_DOY:
			*out = jd - dt_date2j(f->year, 1, 1) + 1;
			return true;
		case DTU_ISOYEAR:
			dt_iso_week(f->year, f->mon, f->mday, &iso_year);
			*out = iso_year > 0 ? iso_year : iso_year - 1;
			return true;
		default:
			return false;
	}
}

/* Units whose value grows with time: infinite for infinite inputs. */
static bool
unit_is_monotonic(DtUnit unit)
{
	return unit == DTU_YEAR || unit == DTU_DECADE || unit == DTU_CENTURY ||
		unit == DTU_MILLENNIUM || unit == DTU_JULIAN || unit == DTU_ISOYEAR ||
		unit == DTU_EPOCH;
}

static Datum
part_int(int64_t v, bool as_numeric)
{
	return as_numeric ? numeric_from_int64(v) : Float8GetDatum((double) v);
}

/*
 * extract(unit from ts) (numeric) and date_part(unit, ts) (float8), with
 * PostgreSQL's float formulas for the latter so the doubles agree.
 */
static Datum
ts_part_common(FunctionCallInfo fcinfo, bool as_numeric, bool with_tz)
{
	char	   *name = unit_arg(fcinfo, 0);
	Timestamp	t = PG_GETARG_INT64(1);
	const char *typname = with_tz ? "timestamp with time zone" : "timestamp without time zone";
	DtUnit		unit = dt_lookup_unit(name);
	DtFields	f;
	int64_t		v,
				us;

	if (unit == DTU_UNKNOWN || unit == DTU_AGO)
		unit_error(name, typname, false);
	if (!dt_timestamp_is_finite(t))
	{
		if (!unit_is_monotonic(unit))
			PG_RETURN_NULL();
		if (as_numeric)
			return numeric_from_double(t == DT_NOEND ? HUGE_VAL : -HUGE_VAL);
		PG_RETURN_FLOAT8(t == DT_NOEND ? HUGE_VAL : -HUGE_VAL);
	}
	if (!with_tz && (unit == DTU_TZ || unit == DTU_TZ_HOUR || unit == DTU_TZ_MINUTE))
		unit_error(name, typname, true);
	dt_timestamp_to_fields(t, &f);
	us = (int64_t) f.sec * USECS_PER_SEC + f.fsec;
	switch (unit)
	{
		case DTU_MICROSEC:
			return as_numeric ? numeric_from_int64(us)
				: Float8GetDatum(f.sec * 1000000.0 + f.fsec);
		case DTU_MILLISEC:
			return as_numeric ? numeric_from_int64_scaled(us, 3)
				: Float8GetDatum(f.sec * 1000.0 + f.fsec / 1000.0);
		case DTU_SECOND:
			return as_numeric ? numeric_from_int64_scaled(us, 6)
				: Float8GetDatum(f.sec + f.fsec / 1000000.0);
		case DTU_MINUTE:
			return part_int(f.min, as_numeric);
		case DTU_HOUR:
			return part_int(f.hour, as_numeric);
		case DTU_TZ:
		case DTU_TZ_HOUR:
		case DTU_TZ_MINUTE:
			return part_int(0, as_numeric);
		case DTU_EPOCH:
			if (as_numeric)
				return numeric_add_datum(numeric_from_int64_scaled(t, 6),
										 numeric_from_int64(-UNIX_EPOCH_TS / USECS_PER_SEC));
			PG_RETURN_FLOAT8((double) ((__int128) t - UNIX_EPOCH_TS) / 1000000.0);
		case DTU_JULIAN:
			{
				int64_t		jd = dt_date2j(f.year, f.mon, f.mday);

				if (as_numeric)
					return numeric_add_datum(numeric_from_int64(jd),
											 numeric_div_datum(numeric_from_int64(dt_time_us(f.hour, f.min, f.sec, f.fsec)),
															   numeric_from_int64(USECS_PER_DAY)));
				PG_RETURN_FLOAT8(jd + ((((f.hour * 60) + f.min) * 60) + f.sec + (f.fsec / 1000000.0)) / (double) SECS_PER_DAY);
			}
		default:
			if (!int_part(unit, &f, &v))
				unit_error(name, typname, true);
			return part_int(v, as_numeric);
	}
}

static Datum
ts_extract(FunctionCallInfo fcinfo)
{
	return ts_part_common(fcinfo, true, false);
}

static Datum
tstz_extract(FunctionCallInfo fcinfo)
{
	return ts_part_common(fcinfo, true, true);
}

static Datum
ts_date_part(FunctionCallInfo fcinfo)
{
	return ts_part_common(fcinfo, false, false);
}

static Datum
tstz_date_part(FunctionCallInfo fcinfo)
{
	return ts_part_common(fcinfo, false, true);
}

/*
 * extract(unit from date): the date units as integers, plus epoch and
 * julian; time-of-day units are errors, as in PostgreSQL.
 */
static Datum
date_extract(FunctionCallInfo fcinfo)
{
	char	   *name = unit_arg(fcinfo, 0);
	DateADT		d = PG_GETARG_INT32(1);
	DtUnit		unit = dt_lookup_unit(name);
	DtFields	f;
	int64_t		v;

	if (unit == DTU_UNKNOWN || unit == DTU_AGO)
		unit_error(name, "date", false);
	if (!(unit == DTU_EPOCH || unit == DTU_JULIAN || unit == DTU_DAY || unit == DTU_MONTH ||
		  unit == DTU_QUARTER || unit == DTU_WEEK || unit == DTU_YEAR || unit == DTU_DECADE ||
		  unit == DTU_CENTURY || unit == DTU_MILLENNIUM || unit == DTU_DOW ||
		  unit == DTU_ISODOW || unit == DTU_DOY || unit == DTU_ISOYEAR))
		unit_error(name, "date", true);
	if (!dt_date_is_finite(d))
	{
		if (!unit_is_monotonic(unit))
			PG_RETURN_NULL();
		return numeric_from_double(d == DATEVAL_NOEND ? HUGE_VAL : -HUGE_VAL);
	}
	memset(&f, 0, sizeof(f));
	dt_j2date((int64_t) d + POSTGRES_EPOCH_JDATE, &f.year, &f.mon, &f.mday);
	if (unit == DTU_EPOCH)
		return numeric_from_int64(((int64_t) d + POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY);
	if (unit == DTU_JULIAN)
		return numeric_from_int64((int64_t) d + POSTGRES_EPOCH_JDATE);
	int_part(unit, &f, &v);
	return numeric_from_int64(v);
}

/* date_part(text, date) is date_part(text, date::timestamp), as in PG. */
static Datum
date_date_part(FunctionCallInfo fcinfo)
{
	fcinfo->args[1] = Int64GetDatum(dt_date_to_timestamp(PG_GETARG_INT32(1)));
	return ts_part_common(fcinfo, false, false);
}

/* ---------------------------------------------------------------------
 * date_trunc, age
 * ---------------------------------------------------------------------
 */

static Timestamp
ts_trunc(const char *name, Timestamp t, const char *typname)
{
	DtUnit		unit = dt_lookup_unit(name);
	DtFields	f;
	int			y;

	if (!dt_timestamp_is_finite(t))
		return t;
	if (unit == DTU_UNKNOWN || unit == DTU_AGO || unit == DTU_EPOCH || unit == DTU_DOW ||
		unit == DTU_ISODOW || unit == DTU_DOY || unit == DTU_ISOYEAR || unit == DTU_JULIAN)
		unit_error(name, typname, false);
	if (unit == DTU_TZ || unit == DTU_TZ_HOUR || unit == DTU_TZ_MINUTE)
		unit_error(name, typname, true);
	dt_timestamp_to_fields(t, &f);
	y = f.year;
	switch (unit)
	{
		case DTU_WEEK:
			{
				int64_t		jd = dt_date2j(f.year, f.mon, f.mday);

				jd -= (dt_j2day(jd) + 6) % 7;	/* back to Monday */
				dt_j2date(jd, &f.year, &f.mon, &f.mday);
				f.hour = f.min = f.sec = 0;
				f.fsec = 0;
				break;
			}
		case DTU_MILLENNIUM:
			f.year = y > 0 ? ((y + 999) / 1000) * 1000 - 999 : -((999 - (y - 1)) / 1000) * 1000 + 1;
			/* FALLTHROUGH */
		case DTU_CENTURY:
			if (unit == DTU_CENTURY)
				f.year = y > 0 ? ((y + 99) / 100) * 100 - 99 : -((99 - (y - 1)) / 100) * 100 + 1;
			/* FALLTHROUGH */
		case DTU_DECADE:
			if (unit == DTU_DECADE)
				f.year = y > 0 ? (y / 10) * 10 : -((8 - (y - 1)) / 10) * 10;
			/* FALLTHROUGH */
		case DTU_YEAR:
			f.mon = 1;
			/* FALLTHROUGH */
		case DTU_QUARTER:
			f.mon = 3 * ((f.mon - 1) / 3) + 1;
			/* FALLTHROUGH */
		case DTU_MONTH:
			f.mday = 1;
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
		default:
			unit_error(name, typname, true);
	}
	if (!dt_fields_to_timestamp(&f, &t))
		dt_error_timestamp_range();
	return t;
}

static Datum
ts_date_trunc(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT64(ts_trunc(unit_arg(fcinfo, 0), PG_GETARG_INT64(1), "timestamp without time zone"));
}

static Datum
tstz_date_trunc(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT64(ts_trunc(unit_arg(fcinfo, 0), PG_GETARG_INT64(1), "timestamp with time zone"));
}

/* Field-wise difference a - b with borrowing, as PostgreSQL's age(). */
static Datum
ts_age_internal(Timestamp a, Timestamp b)
{
	DtFields	fa,
				fb;
	int64_t		fsec,
				sec,
				min,
				hour,
				mday,
				mon,
				year;
	bool		neg = a < b;
	int64_t		month_total;

	if (!dt_timestamp_is_finite(a) || !dt_timestamp_is_finite(b))
		dt_error_timestamp_range();
	dt_timestamp_to_fields(a, &fa);
	dt_timestamp_to_fields(b, &fb);
	fsec = fa.fsec - fb.fsec;
	sec = fa.sec - fb.sec;
	min = fa.min - fb.min;
	hour = fa.hour - fb.hour;
	mday = fa.mday - fb.mday;
	mon = fa.mon - fb.mon;
	year = (int64_t) fa.year - fb.year;
	if (neg)
	{
		fsec = -fsec;
		sec = -sec;
		min = -min;
		hour = -hour;
		mday = -mday;
		mon = -mon;
		year = -year;
	}
	while (fsec < 0)
	{
		fsec += USECS_PER_SEC;
		sec--;
	}
	while (sec < 0)
	{
		sec += 60;
		min--;
	}
	while (min < 0)
	{
		min += 60;
		hour--;
	}
	while (hour < 0)
	{
		hour += 24;
		mday--;
	}
	while (mday < 0)
	{
		const DtFields *ref = neg ? &fa : &fb;

		mday += dt_days_in_month(ref->year, ref->mon);
		mon--;
	}
	while (mon < 0)
	{
		mon += MONTHS_PER_YEAR;
		year--;
	}
	if (neg)
	{
		fsec = -fsec;
		sec = -sec;
		min = -min;
		hour = -hour;
		mday = -mday;
		mon = -mon;
		year = -year;
	}
	month_total = year * MONTHS_PER_YEAR + mon;
	if (month_total > INT32_MAX || month_total < INT32_MIN)
		dt_error_interval_range();
	return interval_datum(((hour * 60 + min) * 60 + sec) * USECS_PER_SEC + fsec,
						  (int32_t) mday, (int32_t) month_total);
}

static Datum
ts_age(FunctionCallInfo fcinfo)
{
	return ts_age_internal(PG_GETARG_INT64(0), PG_GETARG_INT64(1));
}

/* age(ts): from midnight of the current date */
static Datum
ts_age_now(FunctionCallInfo fcinfo)
{
	return ts_age_internal((int64_t) dt_current_date() * USECS_PER_DAY, PG_GETARG_INT64(0));
}

/* ---------------------------------------------------------------------
 * Constructors and conversions
 * ---------------------------------------------------------------------
 */

static Datum
ts_to_timestamp(FunctionCallInfo fcinfo)
{
	double		secs = PG_GETARG_FLOAT8(0);
	double		us;
	Timestamp	t;

	if (isnan(secs))
		ereport(ERROR, errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				errmsg("timestamp cannot be NaN"));
	if (isinf(secs))
		PG_RETURN_INT64(secs > 0 ? DT_NOEND : DT_NOBEGIN);
	if (secs < (double) SECS_PER_DAY * (0 - UNIX_EPOCH_JDATE) ||
		secs >= (double) SECS_PER_DAY * (TIMESTAMP_END_JULIAN - UNIX_EPOCH_JDATE))
		ereport(ERROR, errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				errmsg("timestamp out of range: \"%g\"", secs));
	us = rint(secs * USECS_PER_SEC);
	t = (int64_t) us + UNIX_EPOCH_TS;
	if (!dt_timestamp_valid(t))
		ereport(ERROR, errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				errmsg("timestamp out of range: \"%g\"", secs));
	PG_RETURN_INT64(t);
}

/* make_timestamp(year, month, mday, hour, min, sec) */
static Datum
ts_make_timestamp(FunctionCallInfo fcinfo)
{
	int32_t		year = PG_GETARG_INT32(0),
				mon = PG_GETARG_INT32(1),
				mday = PG_GETARG_INT32(2),
				hour = PG_GETARG_INT32(3),
				min = PG_GETARG_INT32(4);
	double		sec = PG_GETARG_FLOAT8(5);
	DtFields	f;
	Timestamp	t;
	int64_t		time_us;

	if (year <= 0 || mon < 1 || mon > 12 || mday < 1 || mday > dt_days_in_month(year, mon))
		ereport(ERROR, errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				errmsg("date field value out of range: %d-%02d-%02d", year, mon, mday));
	if (!dt_julian_ok(year, mon, mday))
		ereport(ERROR, errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				errmsg("date out of range: %d-%02d-%02d", year, mon, mday));
	if (hour < 0 || hour > 24 || min < 0 || min >= 60 || !(sec >= 0.0 && sec <= 60.0) ||
		(time_us = dt_time_us(hour, min, 0, (int64_t) rint(sec * USECS_PER_SEC))) > USECS_PER_DAY)
		ereport(ERROR, errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				errmsg("time field value out of range: %d:%02d:%02g", hour, min, sec));
	memset(&f, 0, sizeof(f));
	f.year = year;
	f.mon = mon;
	f.mday = mday;
	if (!dt_fields_to_timestamp(&f, &t) || __builtin_add_overflow(t, time_us, &t) ||
		!dt_timestamp_valid(t))
		ereport(ERROR, errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				errmsg("timestamp out of range: %d-%02d-%02d %d:%02d:%02g",
					   year, mon, mday, hour, min, sec));
	PG_RETURN_INT64(t);
}

/* The zone names that mean UTC, the only zone there is. */
static void
check_utc_zone(const char *zone)
{
	static const char *const utc_names[] = {
		"utc", "etc/utc", "gmt", "etc/gmt", "z", "zulu", "etc/zulu", "ut", "uct", "etc/uct",
		"universal", "etc/universal", "greenwich", "etc/greenwich", "gmt0", "etc/gmt0",
		"gmt+0", "gmt-0", "etc/gmt+0", "etc/gmt-0", "+00", "-00", "+00:00", "-00:00", "0",
	};

	for (size_t i = 0; i < lengthof(utc_names); i++)
		if (strcasecmp(zone, utc_names[i]) == 0)
			return;
	ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			errmsg("time zone \"%s\" not recognized", zone));
}

/* timezone(zone, ts) / ts AT TIME ZONE zone: identity for UTC */
static Datum
ts_timezone(FunctionCallInfo fcinfo)
{
	check_utc_zone(text_to_cstring(PG_GETARG_TEXT_P(0)));
	PG_RETURN_INT64(PG_GETARG_INT64(1));
}

static Datum
ts_isfinite(FunctionCallInfo fcinfo)
{
	PG_RETURN_BOOL(dt_timestamp_is_finite(PG_GETARG_INT64(0)));
}

/* timestamp <-> timestamptz: the same instant with UTC as the zone */
static Datum
ts_identity(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT64(PG_GETARG_INT64(0));
}

static Datum
ts_to_date(FunctionCallInfo fcinfo)
{
	Timestamp	t = PG_GETARG_INT64(0);
	int64_t		d;

	if (t == DT_NOBEGIN)
		PG_RETURN_INT32(DATEVAL_NOBEGIN);
	if (t == DT_NOEND)
		PG_RETURN_INT32(DATEVAL_NOEND);
	d = t / USECS_PER_DAY;
	if (t % USECS_PER_DAY < 0)
		d--;
	PG_RETURN_INT32((int32_t) d);
}

static Datum
ts_to_time(FunctionCallInfo fcinfo)
{
	Timestamp	t = PG_GETARG_INT64(0);
	int64_t		us;

	if (!dt_timestamp_is_finite(t))
		PG_RETURN_NULL();
	us = t % USECS_PER_DAY;
	if (us < 0)
		us += USECS_PER_DAY;
	PG_RETURN_INT64(us);
}

/* ---------------------------------------------------------------------
 * Tables
 * ---------------------------------------------------------------------
 */

#define TS TIMESTAMPOID
#define TZ TIMESTAMPTZOID
#define IV INTERVALOID
#define FN(nm, n, args, r, vol, fn) {nm, n, args, r, true, vol, false, fn}
#define A0 {0}
#define A1(a) {a}
#define A2(a, b) {a, b}
#define A6(a, b, c, d, e, f) {a, b, c, d, e, f}

static const BuiltinFunction timestamp_functions[] = {
	FN("now", 0, A0, TZ, FUNC_STABLE, ts_now),
	FN("transaction_timestamp", 0, A0, TZ, FUNC_STABLE, ts_now),
	FN("current_timestamp", 0, A0, TZ, FUNC_STABLE, ts_now),
	FN("current_timestamp", 1, A1(INT4OID), TZ, FUNC_STABLE, ts_now_precision),
	FN("localtimestamp", 0, A0, TS, FUNC_STABLE, ts_now),
	FN("localtimestamp", 1, A1(INT4OID), TS, FUNC_STABLE, ts_now_precision),
	FN("statement_timestamp", 0, A0, TZ, FUNC_STABLE, ts_statement_timestamp),
	FN("clock_timestamp", 0, A0, TZ, FUNC_VOLATILE, ts_clock_timestamp),
	FN("current_date", 0, A0, DATEOID, FUNC_STABLE, ts_current_date),
	FN("localtime", 0, A0, TIMEOID, FUNC_STABLE, ts_localtime),
	FN("extract", 2, A2(TEXTOID, TS), NUMERICOID, FUNC_IMMUTABLE, ts_extract),
	FN("extract", 2, A2(TEXTOID, TZ), NUMERICOID, FUNC_STABLE, tstz_extract),
	FN("extract", 2, A2(TEXTOID, DATEOID), NUMERICOID, FUNC_IMMUTABLE, date_extract),
	FN("date_part", 2, A2(TEXTOID, TS), FLOAT8OID, FUNC_IMMUTABLE, ts_date_part),
	FN("date_part", 2, A2(TEXTOID, TZ), FLOAT8OID, FUNC_STABLE, tstz_date_part),
	FN("date_part", 2, A2(TEXTOID, DATEOID), FLOAT8OID, FUNC_IMMUTABLE, date_date_part),
	FN("date_trunc", 2, A2(TEXTOID, TS), TS, FUNC_IMMUTABLE, ts_date_trunc),
	FN("date_trunc", 2, A2(TEXTOID, TZ), TZ, FUNC_STABLE, tstz_date_trunc),
	FN("age", 2, A2(TS, TS), IV, FUNC_IMMUTABLE, ts_age),
	FN("age", 2, A2(TZ, TZ), IV, FUNC_STABLE, ts_age),
	FN("age", 1, A1(TS), IV, FUNC_STABLE, ts_age_now),
	FN("age", 1, A1(TZ), IV, FUNC_STABLE, ts_age_now),
	FN("to_timestamp", 1, A1(FLOAT8OID), TZ, FUNC_IMMUTABLE, ts_to_timestamp),
	FN("make_timestamp", 6, A6(INT4OID, INT4OID, INT4OID, INT4OID, INT4OID, FLOAT8OID), TS,
	   FUNC_IMMUTABLE, ts_make_timestamp),
	FN("make_timestamptz", 6, A6(INT4OID, INT4OID, INT4OID, INT4OID, INT4OID, FLOAT8OID), TZ,
	   FUNC_STABLE, ts_make_timestamp),
	FN("timezone", 2, A2(TEXTOID, TZ), TS, FUNC_IMMUTABLE, ts_timezone),
	FN("timezone", 2, A2(TEXTOID, TS), TZ, FUNC_IMMUTABLE, ts_timezone),
	FN("isfinite", 1, A1(TS), BOOLOID, FUNC_IMMUTABLE, ts_isfinite),
	FN("isfinite", 1, A1(TZ), BOOLOID, FUNC_IMMUTABLE, ts_isfinite),
	FN("timestamp_cmp", 2, A2(TS, TS), INT4OID, FUNC_IMMUTABLE, ts_cmp),
	FN("timestamptz_cmp", 2, A2(TZ, TZ), INT4OID, FUNC_IMMUTABLE, ts_cmp),
	FN("timestamp_larger", 2, A2(TS, TS), TS, FUNC_IMMUTABLE, ts_larger),
	FN("timestamp_smaller", 2, A2(TS, TS), TS, FUNC_IMMUTABLE, ts_smaller),
	FN("timestamptz_larger", 2, A2(TZ, TZ), TZ, FUNC_IMMUTABLE, ts_larger),
	FN("timestamptz_smaller", 2, A2(TZ, TZ), TZ, FUNC_IMMUTABLE, ts_smaller),
};

#define CMP_ROWS(l, r, prefix) \
	{"=", l, r, BOOLOID, prefix##_eq}, {"<>", l, r, BOOLOID, prefix##_ne}, \
	{"<", l, r, BOOLOID, prefix##_lt}, {"<=", l, r, BOOLOID, prefix##_le}, \
	{">", l, r, BOOLOID, prefix##_gt}, {">=", l, r, BOOLOID, prefix##_ge}

static const BuiltinOperator timestamp_operators[] = {
	CMP_ROWS(TS, TS, ts),
	CMP_ROWS(TZ, TZ, ts),
	CMP_ROWS(TS, TZ, ts),
	CMP_ROWS(TZ, TS, ts),
	CMP_ROWS(DATEOID, TS, date_ts),
	CMP_ROWS(DATEOID, TZ, date_ts),
	CMP_ROWS(TS, DATEOID, ts_date),
	CMP_ROWS(TZ, DATEOID, ts_date),
	{"-", TS, TS, IV, ts_mi},
	{"-", TZ, TZ, IV, ts_mi},
	{"+", TS, IV, TS, ts_pl_interval},
	{"+", TZ, IV, TZ, ts_pl_interval},
	{"+", IV, TS, TS, interval_pl_ts},
	{"+", IV, TZ, TZ, interval_pl_ts},
	{"-", TS, IV, TS, ts_mi_interval},
	{"-", TZ, IV, TZ, ts_mi_interval},
};

static const BuiltinCast timestamp_casts[] = {
	{TS, TZ, COERCION_IMPLICIT, ts_identity, false},
	{TZ, TS, COERCION_ASSIGNMENT, ts_identity, false},
	{TS, DATEOID, COERCION_ASSIGNMENT, ts_to_date, false},
	{TZ, DATEOID, COERCION_ASSIGNMENT, ts_to_date, false},
	{TS, TIMEOID, COERCION_ASSIGNMENT, ts_to_time, false},
	{TZ, TIMEOID, COERCION_ASSIGNMENT, ts_to_time, false},
};

const FmgrTableSet timestamp_fmgr = {
	FMGR_ROWS(timestamp_functions),
	FMGR_ROWS(timestamp_operators),
	FMGR_ROWS(timestamp_casts),
	FMGR_NO_ROWS,
};
