/*-------------------------------------------------------------------------
 * datetime_format.c
 *	  The calendar (Julian day numbers, leap years, ISO weeks), conversion
 *	  between timestamps and broken-down fields, and the text forms of
 *	  dates, times, timestamps and intervals.
 *
 * Role: every date/time file converts through here, so the proleptic
 * Gregorian calendar and the output formats (DateStyle ISO, IntervalStyle
 * postgres, time zone UTC) live in one place.
 *
 * Invariants:
 *	- dt_date2j/dt_j2date are exact inverses for Julian days >= 0 (the
 *	  earliest representable date, 4714-11-24 BC, is day 0).
 *	- All arithmetic is in int64 and checked against the type ranges before
 *	  a value is formed, so no input can overflow.
 *	- Output matches PostgreSQL byte for byte: 4-digit zero-padded years,
 *	  " BC" for years <= 0, fractional seconds only when non-zero and with
 *	  trailing zeros removed, "+00" for timestamptz.
 *
 * Entry points: see datetime_internal.h ("datetime_format.c" sections) and
 * the *_to_string functions of datetime.h.
 *
 * See also: datetime_parse.c (the reverse direction).
 *-------------------------------------------------------------------------
 */
#include "sql/types/datetime_internal.h"

#include <stdio.h>

#include "utils/elog.h"
#include "utils/memctx.h"

/* ---------------------------------------------------------------------
 * Calendar
 * ---------------------------------------------------------------------
 */

bool
dt_is_leap(int year)
{
	/* astronomical year: 0 (1 BC) is a leap year */
	return (year % 4 == 0) && ((year % 100 != 0) || (year % 400 == 0));
}

int
dt_days_in_month(int year, int mon)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	Assert(mon >= 1 && mon <= 12);
	return (mon == 2 && dt_is_leap(year)) ? 29 : days[mon - 1];
}

bool
dt_julian_ok(int y, int m, int d)
{
	/* from 4714-11-24 BC (astronomical -4713) up to, excluding, 5874898 */
	if (y < -4713 || y >= JULIAN_MAXYEAR)
		return false;
	if (y == -4713 && (m < 11 || (m == 11 && d < 24)))
		return false;
	return true;
}

/*
 * Julian day number of a proleptic Gregorian date (astronomical year),
 * counting from March so that the leap day ends the year.
 */
int64_t
dt_date2j(int y, int m, int d)
{
	int64_t		a = (14 - m) / 12;
	int64_t		yy = (int64_t) y + 4800 - a;
	int64_t		mm = m + 12 * a - 3;

	return d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - yy / 100 + yy / 400 - 32045;
}

void
dt_j2date(int64_t jd, int *y, int *m, int *d)
{
	int64_t		a = jd + 32044;
	int64_t		b = (4 * a + 3) / 146097;
	int64_t		c = a - 146097 * b / 4;
	int64_t		dd = (4 * c + 3) / 1461;
	int64_t		e = c - 1461 * dd / 4;
	int64_t		mm = (5 * e + 2) / 153;

	*d = (int) (e - (153 * mm + 2) / 5 + 1);
	*m = (int) (mm + 3 - 12 * (mm / 10));
	*y = (int) (100 * b + dd - 4800 + mm / 10);
}

int
dt_j2day(int64_t jd)
{
	int64_t		r = (jd + 1) % 7;

	return (int) (r < 0 ? r + 7 : r);
}

int64_t
dt_iso_year_start(int iso_year)
{
	int64_t		jan4 = dt_date2j(iso_year, 1, 4);
	int			isodow = (dt_j2day(jan4) + 6) % 7 + 1;

	return jan4 - (isodow - 1);
}

int
dt_iso_week(int y, int m, int d, int *iso_year)
{
	int64_t		jd = dt_date2j(y, m, d);
	int			isodow = (dt_j2day(jd) + 6) % 7 + 1;
	int64_t		thursday = jd - isodow + 4;
	int			ty,
				tm,
				td;

	dt_j2date(thursday, &ty, &tm, &td);
	*iso_year = ty;
	return (int) ((thursday - dt_date2j(ty, 1, 1)) / 7 + 1);
}

/* ---------------------------------------------------------------------
 * Timestamps and fields
 * ---------------------------------------------------------------------
 */

int64_t
dt_time_us(int hour, int min, int sec, int64_t fsec)
{
	return (((int64_t) hour * 60 + min) * 60 + sec) * USECS_PER_SEC + fsec;
}

bool
dt_fields_to_timestamp(const DtFields *f, Timestamp *out)
{
	int64_t		date,
				result;

	if (!dt_julian_ok(f->year, f->mon, f->mday))
		return false;
	date = dt_date2j(f->year, f->mon, f->mday) - POSTGRES_EPOCH_JDATE;
	if (__builtin_mul_overflow(date, USECS_PER_DAY, &result) ||
		__builtin_add_overflow(result, dt_time_us(f->hour, f->min, f->sec, f->fsec), &result))
		return false;
	if (!dt_timestamp_valid(result))
		return false;
	*out = result;
	return true;
}

void
dt_timestamp_to_fields(Timestamp t, DtFields *f)
{
	int64_t		date = t / USECS_PER_DAY;
	int64_t		time = t % USECS_PER_DAY;

	if (time < 0)
	{
		time += USECS_PER_DAY;
		date--;
	}
	memset(f, 0, sizeof(*f));
	dt_j2date(date + POSTGRES_EPOCH_JDATE, &f->year, &f->mon, &f->mday);
	f->hour = (int) (time / USECS_PER_HOUR);
	time -= f->hour * USECS_PER_HOUR;
	f->min = (int) (time / USECS_PER_MINUTE);
	time -= f->min * USECS_PER_MINUTE;
	f->sec = (int) (time / USECS_PER_SEC);
	f->fsec = (int32_t) (time - f->sec * USECS_PER_SEC);
}

int64_t
dt_round_us(int64_t us, int precision)
{
	int64_t		scale = 1;

	if (precision < 0 || precision >= MAX_TIME_PRECISION)
		return us;
	for (int i = precision; i < MAX_TIME_PRECISION; i++)
		scale *= 10;
	if (us >= 0)
		return ((us + scale / 2) / scale) * scale;
	return -((((-us) + scale / 2) / scale) * scale);
}

int32_t
dt_precision_typmod_in(const int32_t *mods, int nmods, const char *prefix,
					   const char *suffix)
{
	int32_t		p;

	if (nmods != 1)
		ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("invalid type modifier"));
	p = mods[0];
	if (p < 0)
		ereport(ERROR, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("%s(%d)%s precision must not be negative", prefix, p, suffix));
	if (p > MAX_TIME_PRECISION)
	{
		ereport(WARNING, errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				errmsg("%s(%d)%s precision reduced to maximum allowed, %d",
					   prefix, p, suffix, MAX_TIME_PRECISION));
		p = MAX_TIME_PRECISION;
	}
	return p;
}

/* ---------------------------------------------------------------------
 * Text
 * ---------------------------------------------------------------------
 */

void
dt_append_date(StringBuf *buf, int y, int m, int d, bool bc_suffix)
{
	strbuf_appendf(buf, "%04d-%02d-%02d", y > 0 ? y : 1 - y, m, d);
	if (bc_suffix && y <= 0)
		strbuf_append(buf, " BC");
}

/* ".ffffff" without trailing zeros, nothing for a zero fraction */
static void
append_fraction(StringBuf *buf, int64_t fsec)
{
	char		frac[16];
	int			len;

	if (fsec == 0)
		return;
	snprintf(frac, sizeof(frac), ".%06lld", (long long) fsec);
	len = (int) strlen(frac);
	while (len > 1 && frac[len - 1] == '0')
		len--;
	strbuf_append_bytes(buf, frac, len);
}

void
dt_append_time(StringBuf *buf, int hour, int min, int sec, int32_t fsec)
{
	strbuf_appendf(buf, "%02d:%02d:%02d", hour, min, sec);
	append_fraction(buf, fsec);
}

char *
dt_format_timestamp(Timestamp t, bool with_tz)
{
	StringBuf	buf;
	DtFields	f;

	if (t == DT_NOBEGIN)
		return pstrdup("-infinity");
	if (t == DT_NOEND)
		return pstrdup("infinity");
	if (!dt_timestamp_valid(t))
		dt_error_timestamp_range();
	dt_timestamp_to_fields(t, &f);
	strbuf_init_cap(&buf, 48);
	dt_append_date(&buf, f.year, f.mon, f.mday, false);
	strbuf_append_char(&buf, ' ');
	dt_append_time(&buf, f.hour, f.min, f.sec, f.fsec);
	if (with_tz)
		strbuf_append(&buf, "+00");
	if (f.year <= 0)
		strbuf_append(&buf, " BC");
	return buf.data;
}

/* One "N unit(s)" part of an interval; see dt_append_interval. */
static void
append_interval_part(StringBuf *buf, int64_t value, const char *unit,
					 bool *is_zero, bool *is_before)
{
	if (value == 0)
		return;
	strbuf_appendf(buf, "%s%s%lld %s%s",
				   *is_zero ? "" : " ",
				   (*is_before && value > 0) ? "+" : "",
				   (long long) value, unit, value != 1 ? "s" : "");
	*is_before = value < 0;
	*is_zero = false;
}

/*
 * IntervalStyle postgres: "1 year 2 mons 3 days 04:05:06.5", parts that
 * are zero omitted, a '+' before a positive part that follows a negative
 * one, and "00:00:00" for an all-zero interval.
 */
void
dt_append_interval(StringBuf *buf, const Interval *iv)
{
	bool		is_zero = true,
				is_before = false;
	int64_t		years = iv->month / MONTHS_PER_YEAR;
	int64_t		mons = iv->month % MONTHS_PER_YEAR;

	append_interval_part(buf, years, "year", &is_zero, &is_before);
	append_interval_part(buf, mons, "mon", &is_zero, &is_before);
	append_interval_part(buf, iv->day, "day", &is_zero, &is_before);
	if (is_zero || iv->time != 0)
	{
		bool		minus = iv->time < 0;
		uint64_t	t = minus ? (uint64_t) 0 - (uint64_t) iv->time : (uint64_t) iv->time;
		uint64_t	hours = t / (uint64_t) USECS_PER_HOUR;
		uint64_t	rest = t % (uint64_t) USECS_PER_HOUR;

		strbuf_appendf(buf, "%s%s%02llu:%02llu:%02llu",
					   is_zero ? "" : " ",
					   minus ? "-" : (is_before ? "+" : ""),
					   (unsigned long long) hours,
					   (unsigned long long) (rest / (uint64_t) USECS_PER_MINUTE),
					   (unsigned long long) (rest % (uint64_t) USECS_PER_MINUTE / (uint64_t) USECS_PER_SEC));
		append_fraction(buf, (int64_t) (rest % (uint64_t) USECS_PER_SEC));
	}
}

/* ---------------------------------------------------------------------
 * Public text forms (datetime.h)
 * ---------------------------------------------------------------------
 */

char *
date_to_string(DateADT d)
{
	StringBuf	buf;
	int			y,
				m,
				dd;

	if (d == DATEVAL_NOBEGIN)
		return pstrdup("-infinity");
	if (d == DATEVAL_NOEND)
		return pstrdup("infinity");
	dt_j2date((int64_t) d + POSTGRES_EPOCH_JDATE, &y, &m, &dd);
	strbuf_init_cap(&buf, 24);
	dt_append_date(&buf, y, m, dd, true);
	return buf.data;
}

char *
time_to_string(TimeADT t)
{
	StringBuf	buf;
	int64_t		rest = t;
	int			h,
				m,
				s;

	h = (int) (rest / USECS_PER_HOUR);
	rest -= h * USECS_PER_HOUR;
	m = (int) (rest / USECS_PER_MINUTE);
	rest -= m * USECS_PER_MINUTE;
	s = (int) (rest / USECS_PER_SEC);
	rest -= s * USECS_PER_SEC;
	strbuf_init_cap(&buf, 24);
	dt_append_time(&buf, h, m, s, (int32_t) rest);
	return buf.data;
}

char *
timestamp_to_string(Timestamp ts)
{
	return dt_format_timestamp(ts, false);
}

char *
timestamptz_to_string(TimestampTz ts)
{
	return dt_format_timestamp(ts, true);
}

char *
interval_to_string(const Interval *iv)
{
	StringBuf	buf;

	strbuf_init_cap(&buf, 48);
	dt_append_interval(&buf, iv);
	return buf.data;
}

/* ---------------------------------------------------------------------
 * Shared errors
 * ---------------------------------------------------------------------
 */

void
dt_error_timestamp_range(void)
{
	ereport(ERROR, errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
			errmsg("timestamp out of range"));
	__builtin_unreachable();
}

void
dt_error_date_range(void)
{
	ereport(ERROR, errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
			errmsg("date out of range"));
	__builtin_unreachable();
}

void
dt_error_interval_range(void)
{
	ereport(ERROR, errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
			errmsg("interval out of range"));
	__builtin_unreachable();
}
