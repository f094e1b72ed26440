/*-------------------------------------------------------------------------
 * date.c
 *	  The date (1082) and time (1083) types: I/O, the time(p) typmod,
 *	  ordering, arithmetic (date +- days, date - date, date + time,
 *	  date/time +- interval), make_date/make_time, extract on time.
 *
 * Role: date is int32 days since 2000-01-01 (INT32_MIN/MAX are
 * -infinity/infinity); time is int64 microseconds since midnight,
 * 00:00:00 to 24:00:00 inclusive.  Both are passed by value.
 *
 * Invariants:
 *	- Finite dates satisfy dt_date_valid() (4714-11-24 BC up to, not
 *	  including, 5874898-01-01); results outside raise 22008 "date out of
 *	  range".
 *	- Time arithmetic with intervals wraps around midnight, as PostgreSQL.
 *
 * Entry points: date_type_table and date_fmgr (catalog rows),
 * date_to_string/time_to_string/date_from_string (datetime.h).
 *
 * See also: timestamp.c (date <-> timestamp comparisons and extract on
 * dates), datetime_parse.c, datetime_format.c.
 *-------------------------------------------------------------------------
 */
#include "sql/types/datetime_internal.h"

#include <ctype.h>
#include <math.h>

#include "sql/types/numeric.h"
#include "tcop/pqformat.h"
#include "utils/elog.h"
#include "utils/memctx.h"

/* ---------------------------------------------------------------------
 * date I/O
 * ---------------------------------------------------------------------
 */

DateADT
date_from_string(const char *str)
{
	DtParsed	p;
	const char *tzname = NULL;
	int			r = dt_parse(str, &p, &tzname);

	if (r != 0)
		dt_parse_error(r, str, "date", tzname);
	switch (p.special)
	{
		case DTS_EPOCH:
			return UNIX_EPOCH_JDATE - POSTGRES_EPOCH_JDATE;
		case DTS_INFINITY:
			return DATEVAL_NOEND;
		case DTS_NINFINITY:
			return DATEVAL_NOBEGIN;
		case DTS_NOW:
			return dt_current_date();
		case DTS_NONE:
			break;
	}
	if (!p.has_date)
		dt_parse_error(DTERR_BAD_FORMAT, str, "date", NULL);
	if (!dt_julian_ok(p.f.year, p.f.mon, p.f.mday))
		ereport(ERROR, errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				errmsg("date out of range: \"%s\"", str));
	return (DateADT) (dt_date2j(p.f.year, p.f.mon, p.f.mday) - POSTGRES_EPOCH_JDATE);
}

static Datum
date_in(const char *str, int32_t typmod)
{
	return Int32GetDatum(date_from_string(str));
}

static char *
date_out(Datum value)
{
	return date_to_string(DatumGetInt32(value));
}

static Datum
date_recv(StringBuf *buf, int32_t typmod)
{
	DateADT		d = (int32_t) pq_get_int32(buf);

	if (dt_date_is_finite(d) && !dt_date_valid(d))
		dt_error_date_range();
	return Int32GetDatum(d);
}

static void
date_send(Datum value, StringBuf *out)
{
	pq_send_int32(out, (uint32_t) DatumGetInt32(value));
}

static int
date_compare(Datum a, Datum b)
{
	int32_t		x = DatumGetInt32(a),
				y = DatumGetInt32(b);

	return (x > y) - (x < y);
}

static uint32_t
date_hash(Datum value)
{
	return type_hash_uint64((uint64_t) (int64_t) DatumGetInt32(value));
}

/* ---------------------------------------------------------------------
 * time I/O
 * ---------------------------------------------------------------------
 */

static TimeADT
time_round(TimeADT t, int32_t typmod)
{
	if (typmod < 0 || typmod >= MAX_TIME_PRECISION)
		return t;
	return dt_round_us(t, typmod);
}

static Datum
time_in(const char *str, int32_t typmod)
{
	DtParsed	p;
	const char *tzname = NULL;
	int			r = dt_parse_ext(str, true, &p, &tzname);
	int64_t		us;

	if (r != 0)
		dt_parse_error(r, str, "time", tzname);
	if (p.special == DTS_NOW)
	{
		Timestamp	t = datetime_xact_timestamp();

		us = t % USECS_PER_DAY;
		if (us < 0)
			us += USECS_PER_DAY;
		return Int64GetDatum(time_round(us, typmod));
	}
	if (p.special != DTS_NONE || !p.has_time)
		dt_parse_error(DTERR_BAD_FORMAT, str, "time", NULL);
	us = dt_time_us(p.f.hour, p.f.min, p.f.sec, p.f.fsec);
	if (us > USECS_PER_DAY)
		dt_parse_error(DTERR_FIELD_OVERFLOW, str, "time", NULL);
	return Int64GetDatum(time_round(us, typmod));
}

static char *
time_out(Datum value)
{
	return time_to_string(DatumGetInt64(value));
}

static Datum
time_recv(StringBuf *buf, int32_t typmod)
{
	TimeADT		t = (int64_t) pq_get_int64(buf);

	if (t < 0 || t > USECS_PER_DAY)
		ereport(ERROR, errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				errmsg("time out of range"));
	return Int64GetDatum(time_round(t, typmod));
}

static void
time_send(Datum value, StringBuf *out)
{
	pq_send_int64(out, (uint64_t) DatumGetInt64(value));
}

static int32_t
time_typmod_in(const int32_t *mods, int nmods)
{
	return dt_precision_typmod_in(mods, nmods, "TIME", "");
}

/* "(p)": type_format() places it before " without time zone". */
static char *
time_typmod_out(int32_t typmod)
{
	return typmod >= 0 ? psprintf("(%d)", typmod) : pstrdup("");
}

static Datum
time_apply_typmod(Datum value, int32_t typmod, bool is_explicit)
{
	return Int64GetDatum(time_round(DatumGetInt64(value), typmod));
}

static int
time_compare(Datum a, Datum b)
{
	int64_t		x = DatumGetInt64(a),
				y = DatumGetInt64(b);

	return (x > y) - (x < y);
}

static uint32_t
time_hash(Datum value)
{
	return type_hash_uint64((uint64_t) DatumGetInt64(value));
}

static const TypeInfo date_types[] = {
	{
		.oid = DATEOID, .name = "date", .sql_name = "date",
		.typlen = 4, .byval = true, .align = 'i', .category = TYPCATEGORY_DATETIME,
		.preferred = false,
		.input = date_in, .output = date_out, .recv = date_recv, .send = date_send,
		.compare = date_compare, .hash = date_hash,
	},
	{
		.oid = TIMEOID, .name = "time", .sql_name = "time without time zone",
		.typlen = 8, .byval = true, .align = 'd', .category = TYPCATEGORY_DATETIME,
		.preferred = false,
		.input = time_in, .output = time_out, .recv = time_recv, .send = time_send,
		.typmod_in = time_typmod_in, .apply_typmod = time_apply_typmod,
		.typmod_out = time_typmod_out,
		.compare = time_compare, .hash = time_hash,
	},
};

const TypeInfoTable date_type_table = TYPE_INFO_TABLE(date_types);

/* ---------------------------------------------------------------------
 * date functions
 * ---------------------------------------------------------------------
 */

#define CMP_OPS(prefix, cmpfn) \
static Datum prefix##_eq(FunctionCallInfo fcinfo) { PG_RETURN_BOOL(cmpfn(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) == 0); } \
static Datum prefix##_ne(FunctionCallInfo fcinfo) { PG_RETURN_BOOL(cmpfn(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) != 0); } \
static Datum prefix##_lt(FunctionCallInfo fcinfo) { PG_RETURN_BOOL(cmpfn(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) < 0); } \
static Datum prefix##_le(FunctionCallInfo fcinfo) { PG_RETURN_BOOL(cmpfn(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) <= 0); } \
static Datum prefix##_gt(FunctionCallInfo fcinfo) { PG_RETURN_BOOL(cmpfn(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) > 0); } \
static Datum prefix##_ge(FunctionCallInfo fcinfo) { PG_RETURN_BOOL(cmpfn(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) >= 0); } \
static Datum prefix##_cmp(FunctionCallInfo fcinfo) { PG_RETURN_INT32(cmpfn(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1))); }

CMP_OPS(date, date_compare)
CMP_OPS(time, time_compare)

static DateADT
date_add_days(DateADT d, int64_t days)
{
	int64_t		r;

	if (!dt_date_is_finite(d))
		return d;
	r = (int64_t) d + days;
	if (r < MIN_DATE || r >= END_DATE)
		dt_error_date_range();
	return (DateADT) r;
}

static Datum
date_pli(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT32(date_add_days(PG_GETARG_INT32(0), PG_GETARG_INT32(1)));
}

static Datum
int_pl_date(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT32(date_add_days(PG_GETARG_INT32(1), PG_GETARG_INT32(0)));
}

static Datum
date_mii(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT32(date_add_days(PG_GETARG_INT32(0), -(int64_t) PG_GETARG_INT32(1)));
}

static Datum
date_mi(FunctionCallInfo fcinfo)
{
	DateADT		a = PG_GETARG_INT32(0),
				b = PG_GETARG_INT32(1);

	if (!dt_date_is_finite(a) || !dt_date_is_finite(b))
		ereport(ERROR, errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				errmsg("cannot subtract infinite dates"));
	PG_RETURN_INT32((int32_t) ((int64_t) a - b));
}

static Datum
date_pl_interval(FunctionCallInfo fcinfo)
{
	Timestamp	t = dt_date_to_timestamp(PG_GETARG_INT32(0));

	PG_RETURN_INT64(dt_timestamp_add_interval(t, DatumGetIntervalP(PG_GETARG_DATUM(1))));
}

static Datum
interval_pl_date(FunctionCallInfo fcinfo)
{
	Timestamp	t = dt_date_to_timestamp(PG_GETARG_INT32(1));

	PG_RETURN_INT64(dt_timestamp_add_interval(t, DatumGetIntervalP(PG_GETARG_DATUM(0))));
}

static Datum
date_mi_interval(FunctionCallInfo fcinfo)
{
	Interval   *iv = DatumGetIntervalP(PG_GETARG_DATUM(1));
	Interval	neg;
	Timestamp	t = dt_date_to_timestamp(PG_GETARG_INT32(0));

	if (iv->time == INT64_MIN || iv->day == INT32_MIN || iv->month == INT32_MIN)
		dt_error_interval_range();
	neg.time = -iv->time;
	neg.day = -iv->day;
	neg.month = -iv->month;
	PG_RETURN_INT64(dt_timestamp_add_interval(t, &neg));
}

static Timestamp
date_plus_time(DateADT d, TimeADT t)
{
	Timestamp	ts = dt_date_to_timestamp(d);

	if (!dt_timestamp_is_finite(ts))
		return ts;
	if (__builtin_add_overflow(ts, t, &ts) || !dt_timestamp_valid(ts))
		dt_error_timestamp_range();
	return ts;
}

static Datum
date_pl_time(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT64(date_plus_time(PG_GETARG_INT32(0), PG_GETARG_INT64(1)));
}

static Datum
time_pl_date(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT64(date_plus_time(PG_GETARG_INT32(1), PG_GETARG_INT64(0)));
}

static Datum
date_larger(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT32(Max(PG_GETARG_INT32(0), PG_GETARG_INT32(1)));
}

static Datum
date_smaller(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT32(Min(PG_GETARG_INT32(0), PG_GETARG_INT32(1)));
}

static Datum
date_isfinite(FunctionCallInfo fcinfo)
{
	PG_RETURN_BOOL(dt_date_is_finite(PG_GETARG_INT32(0)));
}

/* make_date(year, month, day); negative years are BC */
static Datum
date_make_date(FunctionCallInfo fcinfo)
{
	int32_t		year = PG_GETARG_INT32(0),
				mon = PG_GETARG_INT32(1),
				mday = PG_GETARG_INT32(2);
	int			y = year < 0 ? year + 1 : year;

	if (year == 0 || year == INT32_MIN || mon < 1 || mon > 12 || mday < 1 ||
		mday > dt_days_in_month(y, mon))
		ereport(ERROR, errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				errmsg("date field value out of range: %d-%02d-%02d", y, mon, mday));
	if (!dt_julian_ok(y, mon, mday))
		ereport(ERROR, errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				errmsg("date out of range: %d-%02d-%02d", year, mon, mday));
	PG_RETURN_INT32((int32_t) (dt_date2j(y, mon, mday) - POSTGRES_EPOCH_JDATE));
}

static Datum
date_to_timestamp_fn(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT64(dt_date_to_timestamp(PG_GETARG_INT32(0)));
}

/* ---------------------------------------------------------------------
 * time functions
 * ---------------------------------------------------------------------
 */

static Datum
time_mi_time(FunctionCallInfo fcinfo)
{
	return interval_datum(PG_GETARG_INT64(0) - PG_GETARG_INT64(1), 0, 0);
}

/* time + interval.time, wrapped into one day */
static TimeADT
time_add_us(TimeADT t, int64_t us)
{
	int64_t		r = t + (us % USECS_PER_DAY);

	r %= USECS_PER_DAY;
	if (r < 0)
		r += USECS_PER_DAY;
	return r;
}

static Datum
time_pl_interval(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT64(time_add_us(PG_GETARG_INT64(0), DatumGetIntervalP(PG_GETARG_DATUM(1))->time));
}

static Datum
interval_pl_time(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT64(time_add_us(PG_GETARG_INT64(1), DatumGetIntervalP(PG_GETARG_DATUM(0))->time));
}

static Datum
time_mi_interval(FunctionCallInfo fcinfo)
{
	int64_t		us = DatumGetIntervalP(PG_GETARG_DATUM(1))->time;

	PG_RETURN_INT64(time_add_us(PG_GETARG_INT64(0), -(us % USECS_PER_DAY)));
}

static Datum
time_larger(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT64(Max(PG_GETARG_INT64(0), PG_GETARG_INT64(1)));
}

static Datum
time_smaller(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT64(Min(PG_GETARG_INT64(0), PG_GETARG_INT64(1)));
}

/* make_time(hour, min, sec) */
static Datum
time_make_time(FunctionCallInfo fcinfo)
{
	int32_t		hour = PG_GETARG_INT32(0),
				min = PG_GETARG_INT32(1);
	double		sec = PG_GETARG_FLOAT8(2);
	int64_t		us;

	if (hour < 0 || hour > 24 || min < 0 || min >= 60 || !(sec >= 0.0 && sec <= 60.0) ||
		(us = dt_time_us(hour, min, 0, (int64_t) rint(sec * USECS_PER_SEC))) > USECS_PER_DAY)
		ereport(ERROR, errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				errmsg("time field value out of range: %d:%02d:%02g", hour, min, sec));
	PG_RETURN_INT64(us);
}

static Datum
time_to_interval(FunctionCallInfo fcinfo)
{
	return interval_datum(PG_GETARG_INT64(0), 0, 0);
}

/* extract(unit from time) / date_part(unit, time) */
static Datum
time_part_common(FunctionCallInfo fcinfo, bool as_numeric)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_P(0));
	TimeADT		t = PG_GETARG_INT64(1);
	int64_t		hour = t / USECS_PER_HOUR;
	int64_t		min = t % USECS_PER_HOUR / USECS_PER_MINUTE;
	int64_t		us = t % USECS_PER_MINUTE;	/* seconds in microseconds */
	DtUnit		unit;

	for (char *p = name; *p; p++)
		*p = (char) tolower((unsigned char) *p);
	unit = dt_lookup_unit(name);
	switch (unit)
	{
		case DTU_MICROSEC:
			return as_numeric ? numeric_from_int64(us) : Float8GetDatum((double) us);
		case DTU_MILLISEC:
			return as_numeric ? numeric_from_int64_scaled(us, 3)
				: Float8GetDatum((us / USECS_PER_SEC) * 1000.0 + (us % USECS_PER_SEC) / 1000.0);
		case DTU_SECOND:
			return as_numeric ? numeric_from_int64_scaled(us, 6)
				: Float8GetDatum((us / USECS_PER_SEC) + (us % USECS_PER_SEC) / 1000000.0);
		case DTU_MINUTE:
			return as_numeric ? numeric_from_int64(min) : Float8GetDatum((double) min);
		case DTU_HOUR:
			return as_numeric ? numeric_from_int64(hour) : Float8GetDatum((double) hour);
		case DTU_EPOCH:
			return as_numeric ? numeric_from_int64_scaled(t, 6) : Float8GetDatum(t / 1000000.0);
		case DTU_UNKNOWN:
		case DTU_AGO:
			ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					errmsg("unit \"%s\" not recognized for type %s", name, "time without time zone"));
			break;
		default:
			ereport(ERROR, errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					errmsg("unit \"%s\" not supported for type %s", name, "time without time zone"));
			break;
	}
	return (Datum) 0;
}

static Datum
time_extract(FunctionCallInfo fcinfo)
{
	return time_part_common(fcinfo, true);
}

static Datum
time_date_part(FunctionCallInfo fcinfo)
{
	return time_part_common(fcinfo, false);
}

/* ---------------------------------------------------------------------
 * Tables
 * ---------------------------------------------------------------------
 */

#define D DATEOID
#define T TIMEOID
#define IV INTERVALOID
#define FN(nm, n, args, r, fn) {nm, n, args, r, true, FUNC_IMMUTABLE, false, fn}
#define A1(a) {a}
#define A2(a, b) {a, b}
#define A3(a, b, c) {a, b, c}

static const BuiltinFunction date_functions[] = {
	FN("date_cmp", 2, A2(D, D), INT4OID, date_cmp),
	FN("date_larger", 2, A2(D, D), D, date_larger),
	FN("date_smaller", 2, A2(D, D), D, date_smaller),
	FN("isfinite", 1, A1(D), BOOLOID, date_isfinite),
	FN("make_date", 3, A3(INT4OID, INT4OID, INT4OID), D, date_make_date),
	FN("time_cmp", 2, A2(T, T), INT4OID, time_cmp),
	FN("time_larger", 2, A2(T, T), T, time_larger),
	FN("time_smaller", 2, A2(T, T), T, time_smaller),
	FN("make_time", 3, A3(INT4OID, INT4OID, FLOAT8OID), T, time_make_time),
	FN("extract", 2, A2(TEXTOID, T), NUMERICOID, time_extract),
	FN("date_part", 2, A2(TEXTOID, T), FLOAT8OID, time_date_part),
};

#define CMP_ROWS(l, r, prefix) \
	{"=", l, r, BOOLOID, prefix##_eq}, {"<>", l, r, BOOLOID, prefix##_ne}, \
	{"<", l, r, BOOLOID, prefix##_lt}, {"<=", l, r, BOOLOID, prefix##_le}, \
	{">", l, r, BOOLOID, prefix##_gt}, {">=", l, r, BOOLOID, prefix##_ge}

static const BuiltinOperator date_operators[] = {
	CMP_ROWS(D, D, date),
	CMP_ROWS(T, T, time),
	{"+", D, INT4OID, D, date_pli},
	{"+", INT4OID, D, D, int_pl_date},
	{"-", D, INT4OID, D, date_mii},
	{"-", D, D, INT4OID, date_mi},
	{"+", D, IV, TIMESTAMPOID, date_pl_interval},
	{"+", IV, D, TIMESTAMPOID, interval_pl_date},
	{"-", D, IV, TIMESTAMPOID, date_mi_interval},
	{"+", D, T, TIMESTAMPOID, date_pl_time},
	{"+", T, D, TIMESTAMPOID, time_pl_date},
	{"-", T, T, IV, time_mi_time},
	{"+", T, IV, T, time_pl_interval},
	{"+", IV, T, T, interval_pl_time},
	{"-", T, IV, T, time_mi_interval},
};

static const BuiltinCast date_casts[] = {
	{D, TIMESTAMPOID, COERCION_IMPLICIT, date_to_timestamp_fn, false},
	{D, TIMESTAMPTZOID, COERCION_IMPLICIT, date_to_timestamp_fn, false},
	{T, IV, COERCION_IMPLICIT, time_to_interval, false},
};

const FmgrTableSet date_fmgr = {
	FMGR_ROWS(date_functions),
	FMGR_ROWS(date_operators),
	FMGR_ROWS(date_casts),
	FMGR_NO_ROWS,
};
