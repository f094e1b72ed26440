/*-------------------------------------------------------------------------
 * datetime.h
 *	  The date/time types: date (1082), time (1083), timestamp (1114),
 *	  timestamptz (1184) and interval (1186), with PostgreSQL 15's
 *	  representations, and helpers other modules need (the transaction
 *	  timestamp for now(), timestamps as text for views and logs).
 *
 * Representations (as PostgreSQL, so binary I/O matches):
 *	date		int32 days since 2000-01-01 (pass by value)
 *	time		int64 microseconds since midnight, 0..86400000000
 *	timestamp	int64 microseconds since 2000-01-01 00:00:00
 *	timestamptz	the same, in UTC
 *	interval	struct Interval (16 bytes, by reference): time_us, day, month
 * Infinite values: INT32_MIN/INT32_MAX for date, INT64_MIN/INT64_MAX for
 * timestamps ("-infinity"/"infinity").
 *
 * Invariants:
 *	- The only time zone is UTC: timestamptz prints with "+00" and input
 *	  offsets (+02, -05:30, Z, UTC) are converted to UTC.
 *	- Output is DateStyle "ISO, MDY" and IntervalStyle "postgres".
 *	- Finite timestamps lie in [4714-11-24 00:00 BC, 294277-01-01 00:00),
 *	  dates in [4714-11-24 BC, 5874898-01-01); arithmetic leaving the range
 *	  raises 22008 "timestamp out of range" / "date out of range".
 *
 * See also: sql/types/date.c, timestamp.c, interval.c, datetime_parse.c,
 * datetime_format.c, sql/types/README-datetime-numeric.md.
 *-------------------------------------------------------------------------
 */
#ifndef DATETIME_H
#define DATETIME_H

#include "common/minipg.h"
#include "sql/types/fmgr.h"
#include "sql/types/types.h"

typedef int32_t DateADT;
typedef int64_t TimeADT;
typedef int64_t Timestamp;
typedef int64_t TimestampTz;

typedef struct Interval
{
	int64_t		time;			/* microseconds */
	int32_t		day;
	int32_t		month;
} Interval;

#define DATEVAL_NOBEGIN		INT32_MIN
#define DATEVAL_NOEND		INT32_MAX
#define DT_NOBEGIN			INT64_MIN
#define DT_NOEND			INT64_MAX

#define USECS_PER_SEC		INT64_C(1000000)
#define USECS_PER_MINUTE	INT64_C(60000000)
#define USECS_PER_HOUR		INT64_C(3600000000)
#define USECS_PER_DAY		INT64_C(86400000000)
#define SECS_PER_DAY		86400

#define POSTGRES_EPOCH_JDATE	2451545 /* 2000-01-01 */
#define UNIX_EPOCH_JDATE		2440588 /* 1970-01-01 */

static inline Interval *
DatumGetIntervalP(Datum d)
{
	return (Interval *) DatumGetPointer(d);
}

/*
 * Interval type modifiers, as PostgreSQL encodes them: a field range mask
 * (the bits below) in the high 16 bits and a precision (0..6, or 0xFFFF for
 * none) in the low 16.  The analyzer builds the typmod_in list as
 * PostgreSQL's grammar does: { range } or { range, precision }, with
 * INTERVAL_FULL_RANGE for a plain "interval(p)".
 */
#define INTERVAL_MASK_MONTH		(1 << 1)
#define INTERVAL_MASK_YEAR		(1 << 2)
#define INTERVAL_MASK_DAY		(1 << 3)
#define INTERVAL_MASK_HOUR		(1 << 10)
#define INTERVAL_MASK_MINUTE	(1 << 11)
#define INTERVAL_MASK_SECOND	(1 << 12)
#define INTERVAL_FULL_RANGE		0x7FFF
#define INTERVAL_FULL_PRECISION 0xFFFF
int32_t		interval_typmod_make(int range, int precision);

/* ---- current time ---- */

/* Start of the current transaction (now(), CURRENT_TIMESTAMP). */
TimestampTz datetime_xact_timestamp(void);
/* Start of the current statement (statement_timestamp()). */
TimestampTz datetime_statement_timestamp(void);
/* The wall clock (clock_timestamp()). */
TimestampTz datetime_clock_timestamp(void);
/* Conversions from and to microseconds since the Unix epoch. */
TimestampTz datetime_from_unix_us(int64_t unix_us);
int64_t		datetime_to_unix_us(TimestampTz ts);

/* ---- text forms (palloc'd), exactly as the output functions print ---- */

char	   *date_to_string(DateADT d);	/* 2026-11-21 */
char	   *time_to_string(TimeADT t);	/* 07:20:00.5 */
char	   *timestamp_to_string(Timestamp ts);	/* 2026-11-21 07:20:00.984438 */
char	   *timestamptz_to_string(TimestampTz ts);	/* ... +00 */
char	   *interval_to_string(const Interval *iv);	/* 1 day 02:03:04 */

/* Parsers (the types' input functions): ERROR 22007/22008 on bad text. */
DateADT		date_from_string(const char *str);
Timestamp	timestamp_from_string(const char *str);
TimestampTz timestamptz_from_string(const char *str);
Interval   *interval_from_string(const char *str);

/* Catalog tables (listed in types_catalog.c and fmgr_catalog.c). */
extern const TypeInfoTable date_type_table;	/* date, time (date.c) */
extern const FmgrTableSet date_fmgr;
extern const TypeInfoTable timestamp_type_table;	/* timestamp, timestamptz */
extern const FmgrTableSet timestamp_fmgr;
extern const TypeInfoTable interval_type_table; /* interval (interval.c) */
extern const FmgrTableSet interval_fmgr;

#endif							/* DATETIME_H */
