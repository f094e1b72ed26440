/*-------------------------------------------------------------------------
 * datetime_internal.h
 *	  Private interface shared by the date/time files of sql/types:
 *	  broken-down times, the calendar, the text parser and formatter, and
 *	  range checks.  Code outside sql/types uses sql/types/datetime.h.
 *
 * Conventions:
 *	- DtFields.year is astronomical: 1 BC is year 0, 2 BC is -1.
 *	- Julian day numbers count days from 4714-11-24 BC (day 0), as
 *	  PostgreSQL's date2j() does; 2000-01-01 is POSTGRES_EPOCH_JDATE.
 *	- Time zone offsets are seconds EAST of UTC (+02 is 7200).
 *
 * See also: datetime_parse.c (text to fields), datetime_format.c
 * (calendar, fields to text), date.c, timestamp.c, interval.c.
 *-------------------------------------------------------------------------
 */
#ifndef DATETIME_INTERNAL_H
#define DATETIME_INTERNAL_H

#include "sql/types/datetime.h"
#include "utils/strbuf.h"

typedef struct DtFields
{
	int			year;			/* astronomical year */
	int			mon;			/* 1..12 */
	int			mday;			/* 1..31 */
	int			hour;
	int			min;
	int			sec;
	int32_t		fsec;			/* microseconds, 0..1000000 */
	int			tz;				/* offset east of UTC, seconds */
	bool		has_tz;
} DtFields;

/* Special values a datetime string can name. */
typedef enum DtSpecial
{
	DTS_NONE,
	DTS_EPOCH,
	DTS_INFINITY,
	DTS_NINFINITY,
	DTS_NOW,
} DtSpecial;

/* What dt_parse found. */
typedef struct DtParsed
{
	DtFields	f;
	DtSpecial	special;
	bool		has_date;		/* year, month and day given (or today...) */
	bool		has_time;		/* hour:minute given (or now, allballs) */
} DtParsed;

/* Parser results (0 is success). */
#define DTERR_BAD_FORMAT		(-1)
#define DTERR_FIELD_OVERFLOW	(-2)
#define DTERR_MD_FIELD_OVERFLOW (-3)
#define DTERR_INTERVAL_OVERFLOW (-4)
#define DTERR_TZDISP_OVERFLOW	(-5)
#define DTERR_BAD_TIMEZONE		(-6)
#define DTERR_INTERVAL_RANGE	(-7)	/* fields fine, total too large */

/* Range limits (PostgreSQL's). */
#define JULIAN_MAXYEAR			5874898 /* date range ends 5874898-01-01 */
#define DATE_END_JULIAN			2147483494	/* JD of 5874898-01-01 */
#define TIMESTAMP_END_JULIAN	109203528	/* JD of 294277-01-01 */
#define MIN_TIMESTAMP			INT64_C(-211813488000000000)
#define END_TIMESTAMP			INT64_C(9223371331200000000)
#define MIN_DATE				(-POSTGRES_EPOCH_JDATE)
#define END_DATE				(DATE_END_JULIAN - POSTGRES_EPOCH_JDATE)
#define MAX_TIME_PRECISION		6
#define DAYS_PER_MONTH			30
#define MONTHS_PER_YEAR			12

static inline bool
dt_timestamp_is_finite(Timestamp t)
{
	return t != DT_NOBEGIN && t != DT_NOEND;
}

static inline bool
dt_timestamp_valid(Timestamp t)
{
	return t >= MIN_TIMESTAMP && t < END_TIMESTAMP;
}

static inline bool
dt_date_is_finite(DateADT d)
{
	return d != DATEVAL_NOBEGIN && d != DATEVAL_NOEND;
}

static inline bool
dt_date_valid(DateADT d)
{
	return d >= MIN_DATE && d < END_DATE;
}

/* ---- datetime_format.c: calendar ---- */
bool		dt_is_leap(int year);
int			dt_days_in_month(int year, int mon);
/* Is (y, m, d) within the date type's range (4714-11-24 BC on)? */
bool		dt_julian_ok(int y, int m, int d);
int64_t		dt_date2j(int y, int m, int d);
void		dt_j2date(int64_t jd, int *y, int *m, int *d);
int			dt_j2day(int64_t jd);	/* 0 = Sunday */
/* ISO 8601 week number and week-numbering year of a date. */
int			dt_iso_week(int y, int m, int d, int *iso_year);
/* Julian day of the Monday starting ISO week 1 of iso_year. */
int64_t		dt_iso_year_start(int iso_year);

/* ---- datetime_format.c: conversions ---- */
/* false when the fields are outside the timestamp range */
bool		dt_fields_to_timestamp(const DtFields *f, Timestamp *out);
/* finite timestamps only */
void		dt_timestamp_to_fields(Timestamp t, DtFields *f);
/* microseconds of a time of day */
int64_t		dt_time_us(int hour, int min, int sec, int64_t fsec);
/* Round microseconds to `precision` fractional digits, half away from 0. */
int64_t		dt_round_us(int64_t us, int precision);
/*
 * Typmod precision check for time/timestamp(p): ERROR when negative,
 * WARNING and 6 above 6; messages name "<prefix>(p)<suffix>".
 */
int32_t		dt_precision_typmod_in(const int32_t *mods, int nmods, const char *prefix,
								   const char *suffix);

/* ---- datetime_format.c: text ---- */
void		dt_append_date(StringBuf *buf, int y, int m, int d, bool bc_suffix);
void		dt_append_time(StringBuf *buf, int hour, int min, int sec, int32_t fsec);
char	   *dt_format_timestamp(Timestamp t, bool with_tz);
void		dt_append_interval(StringBuf *buf, const Interval *iv);

/* ---- datetime_parse.c ---- */
/*
 * Parse a date/time string.  Returns 0 or a DTERR code; for
 * DTERR_BAD_TIMEZONE *tzname gets the unknown zone name.
 */
int			dt_parse(const char *str, DtParsed *out, const char **tzname);
/* Same, with the time type's restrictions when time_only. */
int			dt_parse_ext(const char *str, bool time_only, DtParsed *out,
						 const char **tzname);
/* Report a parser error for input `str` of type `typname`. */
pg_noreturn void dt_parse_error(int dterr, const char *str, const char *typname,
								const char *tzname);
/* Parse interval text; range is the typmod's field mask (or FULL). */
int			dt_parse_interval(const char *str, int range, Interval *out);

/*
 * Unit names of extract/date_part/date_trunc and interval input
 * ("year", "mons", "msec", "epoch", ...).  Returns a DTU_* value or
 * DTU_UNKNOWN.
 */
typedef enum DtUnit
{
	DTU_UNKNOWN,
	DTU_MICROSEC,
	DTU_MILLISEC,
	DTU_SECOND,
	DTU_MINUTE,
	DTU_HOUR,
	DTU_DAY,
	DTU_WEEK,
	DTU_MONTH,
	DTU_QUARTER,
	DTU_YEAR,
	DTU_DECADE,
	DTU_CENTURY,
	DTU_MILLENNIUM,
	DTU_TZ,
	DTU_TZ_HOUR,
	DTU_TZ_MINUTE,
	DTU_EPOCH,
	DTU_DOW,
	DTU_ISODOW,
	DTU_DOY,
	DTU_ISOYEAR,
	DTU_JULIAN,
	DTU_AGO,
} DtUnit;
DtUnit		dt_lookup_unit(const char *lowercase_name);

/* ---- shared errors ---- */
pg_noreturn void dt_error_timestamp_range(void);
pg_noreturn void dt_error_date_range(void);
pg_noreturn void dt_error_interval_range(void);

/* ---- cross-file helpers ---- */
Datum		interval_datum(int64_t time, int32_t day, int32_t month);
/* timestamp + interval (ERROR 22008 when out of range); infinities kept. */
Timestamp	dt_timestamp_add_interval(Timestamp t, const Interval *iv);
/* timestamp of a date at midnight (infinities mapped); ERROR if too large. */
Timestamp	dt_date_to_timestamp(DateADT d);
/* 128-bit span of an interval in microseconds (months as 30 days). */
__int128	dt_interval_span(const Interval *iv);
/* The current transaction's date (UTC). */
DateADT		dt_current_date(void);

/* extract()/date_part() on broken-down fields, as numeric (see timestamp.c) */
Datum		dt_extract_fields(const DtFields *f, DtUnit unit, Timestamp t, bool is_date,
							  bool *ok);

#endif							/* DATETIME_INTERNAL_H */
