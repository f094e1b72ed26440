/*-------------------------------------------------------------------------
 * test_datetime.c
 *	  Unit tests for the date/time types (date.c, timestamp.c, interval.c,
 *	  datetime_parse.c, datetime_format.c).
 *
 * What: input formats of date, time, timestamp, timestamptz and interval
 * (ISO, MDY, month names, YYYYMMDD, 'T', AM/PM, BC, zone offsets, special
 * words, ISO 8601 intervals) with PostgreSQL's output and error SQLSTATEs
 * and messages; precision typmods and format_type; ordering across types;
 * timestamp/date/time/interval arithmetic including month-end clamping
 * and range errors; extract (numeric) and date_part (float8) with their
 * scales; date_trunc; age and justify_*; casts; binary send/recv bytes;
 * now() against the transaction start; sum/avg over intervals; and a
 * seeded random run of hostile strings through every input function.
 * How: calls go through operator/function resolution and coercion as the
 * analyzer does (test_types_common.h).  Every expected string comes from
 * the reference PostgreSQL 15 server (TimeZone UTC, DateStyle ISO, MDY).
 *-------------------------------------------------------------------------
 */
#include "sql/types/test_types_common.h"

#include "access/transam/xact.h"
#include "sql/types/datetime.h"
#include "utils/strbuf.h"

#define TS TIMESTAMPOID
#define TZ TIMESTAMPTZOID
#define IV INTERVALOID

static void
test_date_input(void **state)
{
	assert_string_equal(roundtrip(DATEOID, "2026-11-21"), "2026-11-21");
	assert_string_equal(roundtrip(DATEOID, "  2026-11-21  "), "2026-11-21");
	assert_string_equal(roundtrip(DATEOID, "Nov 21 2026"), "2026-11-21");
	assert_string_equal(roundtrip(DATEOID, "21 Nov 2026"), "2026-11-21");
	assert_string_equal(roundtrip(DATEOID, "12 Nov 2026"), "2026-11-12");
	assert_string_equal(roundtrip(DATEOID, "November 21, 2026"), "2026-11-21");
	assert_string_equal(roundtrip(DATEOID, "20261121"), "2026-11-21");
	assert_string_equal(roundtrip(DATEOID, "11/21/2026"), "2026-11-21");
	assert_string_equal(roundtrip(DATEOID, "1/2/3"), "2003-01-02");
	assert_string_equal(roundtrip(DATEOID, "2026.11.21"), "2026-11-21");
	assert_string_equal(roundtrip(DATEOID, "J2451545"), "2000-01-01");
	assert_string_equal(roundtrip(DATEOID, "2026-11-21 BC"), "2026-11-21 BC");
	assert_string_equal(roundtrip(DATEOID, "4714-11-24 BC"), "4714-11-24 BC");
	assert_string_equal(roundtrip(DATEOID, "5874897-12-31"), "5874897-12-31");
	assert_string_equal(roundtrip(DATEOID, "epoch"), "1970-01-01");
	assert_string_equal(roundtrip(DATEOID, "-infinity"), "-infinity");
	assert_string_equal(roundtrip(DATEOID, "2026-11-21 07:20:00 Z"), "2026-11-21");

	EXPECT_ERROR_EXACT(type_input(DATEOID, "2026-13-01", -1), "22008",
				 "date/time field value out of range: \"2026-13-01\"");
	EXPECT_ERROR_EXACT(type_input(DATEOID, "2026-02-29", -1), "22008",
				 "date/time field value out of range: \"2026-02-29\"");
	EXPECT_ERROR_EXACT(type_input(DATEOID, "0000-01-01", -1), "22008",
				 "date/time field value out of range: \"0000-01-01\"");
	EXPECT_ERROR_EXACT(type_input(DATEOID, "5874898-01-01", -1), "22008",
				 "date out of range: \"5874898-01-01\"");
	EXPECT_ERROR_EXACT(type_input(DATEOID, "4714-11-23 BC", -1), "22008",
				 "date out of range: \"4714-11-23 BC\"");
	EXPECT_ERROR_EXACT(type_input(DATEOID, "2026-11", -1), "22007",
				 "invalid input syntax for type date: \"2026-11\"");
	EXPECT_ERROR_EXACT(type_input(DATEOID, "x", -1), "22007", "invalid input syntax for type date: \"x\"");
	EXPECT_ERROR_EXACT(type_input(DATEOID, "99999999999999999999-11-21", -1), "22008",
				 "date/time field value out of range: \"99999999999999999999-11-21\"");
}

static void
test_timestamp_input(void **state)
{
	assert_string_equal(roundtrip(TS, "2026-11-21 07:20:00"), "2026-11-21 07:20:00");
	assert_string_equal(roundtrip(TS, "2026-11-21T07:20:00.984438"), "2026-11-21 07:20:00.984438");
	assert_string_equal(roundtrip(TS, "2026-11-21 07:20:00.1234567"), "2026-11-21 07:20:00.123457");
	assert_string_equal(roundtrip(TS, "2026-11-21 07:20:00.9999995"), "2026-11-21 07:20:01");
	assert_string_equal(roundtrip(TS, "2026-11-21 24:00:00"), "2026-11-22 00:00:00");
	assert_string_equal(roundtrip(TS, "2026-11-21 23:59:60"), "2026-11-22 00:00:00");
	assert_string_equal(roundtrip(TS, "2026-11-21 07:20:00+02"), "2026-11-21 07:20:00");
	assert_string_equal(roundtrip(TS, "2026-11-21 7:2:3"), "2026-11-21 07:02:03");
	assert_string_equal(roundtrip(TS, "2026-11-21 07:20 PM"), "2026-11-21 19:20:00");
	assert_string_equal(roundtrip(TS, "2026-11-21 12:00 AM"), "2026-11-21 00:00:00");
	assert_string_equal(roundtrip(TS, "20261121T072000"), "2026-11-21 07:20:00");
	assert_string_equal(roundtrip(TS, "Sat Nov 21 07:20:00 2026"), "2026-11-21 07:20:00");
	assert_string_equal(roundtrip(TS, "4713-01-01 BC 00:00"), "4713-01-01 00:00:00 BC");
	assert_string_equal(roundtrip(TS, "294276-12-31 23:59:59.999999"), "294276-12-31 23:59:59.999999");
	assert_string_equal(roundtrip(TS, "epoch"), "1970-01-01 00:00:00");
	assert_string_equal(roundtrip(TS, "infinity"), "infinity");

	assert_string_equal(roundtrip(TZ, "2026-11-21 07:20:00+02"), "2026-11-21 05:20:00+00");
	assert_string_equal(roundtrip(TZ, "2026-11-21 07:20:00-05:30"), "2026-11-21 12:50:00+00");
	assert_string_equal(roundtrip(TZ, "2026-11-21 07:20:00 +0200"), "2026-11-21 05:20:00+00");
	assert_string_equal(roundtrip(TZ, "2026-11-21 07:20:00+15:59:59"), "2026-11-20 15:20:01+00");
	assert_string_equal(roundtrip(TZ, "2026-11-21 07:20:00+123"), "2026-11-21 05:57:00+00");
	assert_string_equal(roundtrip(TZ, "2026-11-21T07:20:00.5Z"), "2026-11-21 07:20:00.5+00");
	assert_string_equal(roundtrip(TZ, "2026-11-21 07:20:00 UTC"), "2026-11-21 07:20:00+00");
	assert_string_equal(roundtrip(TZ, "2026-11-21 07:20:00 utc+3"), "2026-11-21 10:20:00+00");
	assert_string_equal(roundtrip(TZ, "2026-11-21"), "2026-11-21 00:00:00+00");
	assert_string_equal(roundtrip(TZ, "0001-01-01 00:00:00+00 BC"), "0001-01-01 00:00:00+00 BC");

	EXPECT_ERROR_EXACT(type_input(TS, "x", -1), "22007", "invalid input syntax for type timestamp: \"x\"");
	EXPECT_ERROR_EXACT(type_input(TS, "2026-11-21 24:00:01", -1), "22008",
				 "date/time field value out of range: \"2026-11-21 24:00:01\"");
	EXPECT_ERROR_EXACT(type_input(TS, "2026-11-21 13:00 PM", -1), "22008",
				 "date/time field value out of range: \"2026-11-21 13:00 PM\"");
	EXPECT_ERROR_EXACT(type_input(TS, "294277-01-01", -1), "22008", "timestamp out of range: \"294277-01-01\"");
	EXPECT_ERROR_EXACT(type_input(TS, "2026-11-21T07", -1), "22007",
				 "invalid input syntax for type timestamp: \"2026-11-21T07\"");
	EXPECT_ERROR_EXACT(type_input(TZ, "2026-11-21 07:20:00+16", -1), "22009",
				 "time zone displacement out of range: \"2026-11-21 07:20:00+16\"");
	EXPECT_ERROR_EXACT(type_input(TZ, "2026-11-21 07:20:00 Foo/Bar", -1), "22023",
				 "time zone \"foo/bar\" not recognized");
	EXPECT_ERROR_EXACT(type_input(TZ, "2026-11-21 07:20:00 XYZ", -1), "22007",
				 "invalid input syntax for type timestamp with time zone: \"2026-11-21 07:20:00 XYZ\"");
}

static void
test_time_interval_input(void **state)
{
	assert_string_equal(roundtrip(TIMEOID, "07:20"), "07:20:00");
	assert_string_equal(roundtrip(TIMEOID, "allballs"), "00:00:00");
	assert_string_equal(roundtrip(TIMEOID, "07:20:00+02"), "07:20:00");
	assert_string_equal(roundtrip(TIMEOID, "2026-11-21 07:20"), "07:20:00");
	assert_string_equal(roundtrip(TIMEOID, "23:59:59.9999995"), "24:00:00");
	assert_string_equal(roundtrip(TIMEOID, "07:20:00.123456789"), "07:20:00.123457");
	EXPECT_ERROR_EXACT(type_input(TIMEOID, "1.5", -1), "22007", "invalid input syntax for type time: \"1.5\"");
	EXPECT_ERROR_EXACT(type_input(TIMEOID, "2026-11-21", -1), "22007",
				 "invalid input syntax for type time: \"2026-11-21\"");
	EXPECT_ERROR_EXACT(type_input(TIMEOID, "24:00:00.1", -1), "22008",
				 "date/time field value out of range: \"24:00:00.1\"");
	EXPECT_ERROR_EXACT(type_input(TIMEOID, "epoch", -1), "22007", "invalid input syntax for type time: \"epoch\"");

	assert_string_equal(roundtrip(IV, "1 day 02:03:04"), "1 day 02:03:04");
	assert_string_equal(roundtrip(IV, "1 year 2 mons"), "1 year 2 mons");
	assert_string_equal(roundtrip(IV, "-00:00:01"), "-00:00:01");
	assert_string_equal(roundtrip(IV, "0"), "00:00:00");
	assert_string_equal(roundtrip(IV, "1.5 days"), "1 day 12:00:00");
	assert_string_equal(roundtrip(IV, "1.5 months"), "1 mon 15 days");
	assert_string_equal(roundtrip(IV, "1.5 years"), "1 year 6 mons");
	assert_string_equal(roundtrip(IV, "1.49 week"), "10 days 10:19:12");
	assert_string_equal(roundtrip(IV, "1 day ago"), "-1 days");
	assert_string_equal(roundtrip(IV, "@ 1 minute"), "00:01:00");
	assert_string_equal(roundtrip(IV, "-1 day +02:00"), "-1 days +02:00:00");
	assert_string_equal(roundtrip(IV, "-1 years -2 mons +3 days -04:05:06"),
						"-1 years -2 mons +3 days -04:05:06");
	assert_string_equal(roundtrip(IV, "1 day - 1 hour"), "1 day -01:00:00");
	assert_string_equal(roundtrip(IV, "1-2 3 4:05:06"), "1 year 2 mons 3 days 04:05:06");
	assert_string_equal(roundtrip(IV, "100"), "00:01:40");
	assert_string_equal(roundtrip(IV, "1 microsecond"), "00:00:00.000001");
	assert_string_equal(roundtrip(IV, "1 decade 1 century 1 millennium"), "1110 years");
	assert_string_equal(roundtrip(IV, "P1Y2M3DT4H5M6S"), "1 year 2 mons 3 days 04:05:06");
	assert_string_equal(roundtrip(IV, "P0001-02-03T04:05:06"), "1 year 2 mons 3 days 04:05:06");
	assert_string_equal(roundtrip(IV, "PT1.5S"), "00:00:01.5");
	assert_string_equal(roundtrip(IV, "2147483647 mons"), "178956970 years 7 mons");
	assert_string_equal(roundtrip(IV, "2562047788:00:54.775807"), "2562047788:00:54.775807");
	/* a time field replaces seconds accumulated from units to its right */
	assert_string_equal(roundtrip(IV, "-01:00 -1.5 days"), "-1 days -01:00:00");
	EXPECT_ERROR_EXACT(type_input(IV, "x", -1), "22007", "invalid input syntax for type interval: \"x\"");
	EXPECT_ERROR_EXACT(type_input(IV, "2 3", -1), "22007", "invalid input syntax for type interval: \"2 3\"");
	EXPECT_ERROR_EXACT(type_input(IV, "1 hour 1 hour", -1), "22007",
				 "invalid input syntax for type interval: \"1 hour 1 hour\"");
	EXPECT_ERROR_EXACT(type_input(IV, "2147483648 days", -1), "22015",
				 "interval field value out of range: \"2147483648 days\"");
	EXPECT_ERROR_EXACT(type_input(IV, "2562047789:00:00", -1), "22015",
				 "interval field value out of range: \"2562047789:00:00\"");
	EXPECT_ERROR_EXACT(type_input(IV, "178956970 years 8 mons", -1), "22008", "interval out of range");
}

static void
test_typmods(void **state)
{
	int32_t		p3 = 3,
				p7 = 7;

	assert_string_equal(type_output(TS, type_input(TS, "2026-11-21 07:20:00.123456", 2)),
						"2026-11-21 07:20:00.12");
	assert_string_equal(type_output(TS, type_input(TS, "2026-11-21 23:59:59.995", 2)),
						"2026-11-22 00:00:00");
	assert_string_equal(type_output(TIMEOID, type_input(TIMEOID, "07:20:00.55", 1)), "07:20:00.6");
	assert_string_equal(type_output(TS, type_input(TS, "infinity", 2)), "infinity");
	assert_string_equal(cast_text(TS, "2026-11-21 07:20:00.5", TS, 0, COERCION_EXPLICIT),
						"2026-11-21 07:20:01");
	assert_int_equal(type_get(TS)->typmod_in(&p3, 1), 3);
	assert_int_equal(type_get(TS)->typmod_in(&p7, 1), 6);	/* with a WARNING */
	EXPECT_ERROR_EXACT(type_get(TZ)->typmod_in((int32_t[]) {3, 2}, 2), "22023", "invalid type modifier");
	EXPECT_ERROR_EXACT(type_get(TS)->typmod_in((int32_t[]) {-1}, 1), "22023",
				 "TIMESTAMP(-1) precision must not be negative");
	assert_string_equal(type_format(TS, 3), "timestamp(3) without time zone");
	assert_string_equal(type_format(TZ, 0), "timestamp(0) with time zone");
	assert_string_equal(type_format(TIMEOID, 2), "time(2) without time zone");
	/* interval typmods: PostgreSQL's atttypmod values */
	assert_int_equal(type_get(IV)->typmod_in((int32_t[]) {INTERVAL_FULL_RANGE, 3}, 2), 2147418115);
	assert_int_equal(type_get(IV)->typmod_in((int32_t[]) {INTERVAL_MASK_DAY | INTERVAL_MASK_HOUR |
															  INTERVAL_MASK_MINUTE | INTERVAL_MASK_SECOND, 2}, 2),
					 470286338);
	assert_int_equal(type_get(IV)->typmod_in((int32_t[]) {INTERVAL_MASK_YEAR}, 1), 327679);
	assert_string_equal(type_format(IV, 2147418115), "interval(3)");
	assert_string_equal(type_format(IV, 470286338), "interval day to second(2)");
	assert_string_equal(type_format(IV, 327679), "interval year");
	/* interval '1' day, interval '1-2' year to month, interval(2) */
	assert_string_equal(type_output(IV, type_input(IV, "1", interval_typmod_make(INTERVAL_MASK_DAY, 0xFFFF))),
						"1 day");
	assert_string_equal(type_output(IV, type_input(IV, "1 year 5 mons 3 days",
												   interval_typmod_make(INTERVAL_MASK_YEAR, 0xFFFF))),
						"1 year");
	assert_string_equal(type_output(IV, type_input(IV, "1.2345 sec", 2147418114)), "00:00:01.23");
}

static void
test_ordering_and_hash(void **state)
{
	const TypeInfo *iv = type_get(IV);

	assert_string_equal(eval_op("=", IV, "1 day", IV, "24 hours"), "t");
	assert_string_equal(eval_op("=", IV, "1 mon", IV, "30 days"), "t");
	assert_string_equal(eval_op(">", IV, "1 mon", IV, "29 days 23:00"), "t");
	assert_int_equal(iv->hash(type_input(IV, "1 mon", -1)), iv->hash(type_input(IV, "30 days", -1)));
	assert_string_equal(eval_op("=", DATEOID, "2026-11-21", TS, "2026-11-21 00:00"), "t");
	assert_string_equal(eval_op("<", DATEOID, "2026-11-21", TZ, "2026-11-21 00:00:01"), "t");
	assert_string_equal(eval_op(">", DATEOID, "infinity", TS, "294276-12-31"), "t");
	assert_string_equal(eval_op("<", TS, "-infinity", TS, "4713-01-01 BC"), "t");
	assert_string_equal(eval_op("=", TS, "2026-11-21 07:20", TZ, "2026-11-21 09:20+02"), "t");
	assert_true(type_compare(TIMEOID, type_input(TIMEOID, "24:00", -1), type_input(TIMEOID, "23:59:59.999999", -1)) > 0);
	assert_int_equal(type_hash(DATEOID, type_input(DATEOID, "2026-11-21", -1)),
					 type_hash(DATEOID, type_input(DATEOID, "Nov 21 2026", -1)));
}

static void
test_arithmetic(void **state)
{
	assert_string_equal(eval_op("+", TS, "2026-11-21 07:20", IV, "1 mon 2 days 03:00"), "2026-12-23 10:20:00");
	assert_string_equal(eval_op("+", TS, "2026-01-31", IV, "1 mon"), "2026-02-28 00:00:00");
	assert_string_equal(eval_op("-", DATEOID, "2026-03-31", IV, "1 mon"), "2026-02-28 00:00:00");
	assert_string_equal(eval_op("+", TZ, "2026-11-21 23:30", IV, "1 hour"), "2026-11-22 00:30:00+00");
	assert_string_equal(eval_op("-", TS, "2026-11-21 07:20", TS, "2026-01-01"), "324 days 07:20:00");
	assert_string_equal(eval_op("-", TZ, "2026-11-21 07:20", TZ, "2026-11-20"), "1 day 07:20:00");
	assert_string_equal(eval_op("+", DATEOID, "2026-11-21", INT4OID, "5"), "2026-11-26");
	assert_string_equal(eval_op("+", DATEOID, "2024-02-29", INT4OID, "365"), "2025-02-28");
	assert_string_equal(eval_op("-", DATEOID, "2026-11-21", DATEOID, "2024-02-29"), "996");
	assert_string_equal(eval_op("+", DATEOID, "2026-11-21", TIMEOID, "07:20"), "2026-11-21 07:20:00");
	assert_string_equal(eval_op("+", DATEOID, "infinity", INT4OID, "1"), "infinity");
	assert_string_equal(eval_op("+", TIMEOID, "23:20", IV, "1 hour"), "00:20:00");
	assert_string_equal(eval_op("-", TIMEOID, "07:20", TIMEOID, "08:00"), "-00:40:00");
	assert_string_equal(eval_op("*", IV, "1 day", FLOAT8OID, "1.5"), "1 day 12:00:00");
	assert_string_equal(eval_op("*", IV, "1 mon", FLOAT8OID, "1.5"), "1 mon 15 days");
	assert_string_equal(eval_op("/", IV, "1 mon", FLOAT8OID, "3"), "10 days");
	assert_string_equal(eval_op("/", IV, "2 days", FLOAT8OID, "1.5"), "1 day 08:00:00");
	assert_string_equal(eval_op("-", InvalidOid, NULL, IV, "1 day 02:00"), "-1 days -02:00:00");
	assert_string_equal(eval_op("+", IV, "1 day", IV, "1 hour"), "1 day 01:00:00");
	assert_string_equal(eval_op("+", TS, "infinity", IV, "1 day"), "infinity");

	EXPECT_ERROR_EXACT(eval_op("+", TS, "294276-12-31", IV, "1 day"), "22008", "timestamp out of range");
	EXPECT_ERROR_EXACT(eval_op("+", DATEOID, "2026-11-21", INT4OID, "2147483647"), "22008", "date out of range");
	EXPECT_ERROR_EXACT(eval_op("-", DATEOID, "infinity", DATEOID, "2026-01-01"), "22008",
				 "cannot subtract infinite dates");
	EXPECT_ERROR_EXACT(eval_op("-", TS, "infinity", TS, "2026-01-01"), "22008",
				 "cannot subtract infinite timestamps");
	EXPECT_ERROR_EXACT(eval_op("/", IV, "1 day", FLOAT8OID, "0"), "22012", "division by zero");
	EXPECT_ERROR_EXACT(eval_op("*", IV, "1 day", FLOAT8OID, "NaN"), "22008", "interval out of range");
	EXPECT_ERROR_EXACT(eval_op("*", IV, "1 day", FLOAT8OID, "1e300"), "22008", "interval out of range");
}

static void
test_extract_trunc(void **state)
{
	const char *t = "2026-11-21 07:20:05.984438";

	assert_string_equal(eval_func2("extract", TEXTOID, "second", TS, t), "5.984438");
	assert_string_equal(eval_func2("extract", TEXTOID, "milliseconds", TS, t), "5984.438");
	assert_string_equal(eval_func2("extract", TEXTOID, "epoch", TS, t), "1795245605.984438");
	assert_string_equal(eval_func2("extract", TEXTOID, "julian", TS, t), "2461366.30562481988425925926");
	assert_string_equal(eval_func2("extract", TEXTOID, "julian", TS, "2026-11-21 00:00"),
						"2461366.0000000000000000000000000000");
	assert_string_equal(eval_func2("extract", TEXTOID, "DOW", TS, t), "6");
	assert_string_equal(eval_func2("extract", TEXTOID, "doy", TS, t), "325");
	assert_string_equal(eval_func2("extract", TEXTOID, "week", DATEOID, "2027-01-01"), "53");
	assert_string_equal(eval_func2("extract", TEXTOID, "isoyear", DATEOID, "2027-01-01"), "2026");
	assert_string_equal(eval_func2("extract", TEXTOID, "century", DATEOID, "0001-01-01 BC"), "-1");
	assert_string_equal(eval_func2("extract", TEXTOID, "year", TS, "0001-01-01 BC"), "-1");
	assert_string_equal(eval_func2("extract", TEXTOID, "millennium", DATEOID, "2000-12-31"), "2");
	assert_string_equal(eval_func2("extract", TEXTOID, "epoch", TS, "infinity"), "Infinity");
	assert_string_equal(eval_func2("extract", TEXTOID, "hour", TS, "infinity"), "NULL");
	assert_string_equal(eval_func2("extract", TEXTOID, "timezone", TZ, t), "0");
	assert_string_equal(eval_func2("extract", TEXTOID, "second", TIMEOID, "07:20:05"), "5.000000");
	assert_string_equal(eval_func2("extract", TEXTOID, "epoch", IV, "-1 day 07:20:05.25"), "-59994.750000");
	assert_string_equal(eval_func2("extract", TEXTOID, "epoch", IV, "1 year"), "31557600.000000");
	assert_string_equal(eval_func2("extract", TEXTOID, "quarter", IV, "5 mons"), "2");
	assert_string_equal(eval_func2("date_part", TEXTOID, "julian", TS, t), "2461366.30562482");
	assert_string_equal(eval_func2("date_part", TEXTOID, "epoch", TS, t), "1795245605.984438");
	assert_string_equal(eval_func2("date_part", TEXTOID, "epoch", IV, "1 year 2 mons 3 days 04:05:06.5"),
						"37015506.5");
	assert_string_equal(eval_func2("date_part", TEXTOID, "hour", DATEOID, "2026-11-21"), "0");
	EXPECT_ERROR_EXACT(eval_func2("extract", TEXTOID, "timezone", TS, t), "0A000",
				 "unit \"timezone\" not supported for type timestamp without time zone");
	EXPECT_ERROR_EXACT(eval_func2("extract", TEXTOID, "foo", TS, t), "22023",
				 "unit \"foo\" not recognized for type timestamp without time zone");
	EXPECT_ERROR_EXACT(eval_func2("extract", TEXTOID, "hour", DATEOID, "2026-11-21"), "0A000",
				 "unit \"hour\" not supported for type date");
	EXPECT_ERROR_EXACT(eval_func2("extract", TEXTOID, "dow", IV, "1 day"), "0A000",
				 "unit \"dow\" not supported for type interval");

	assert_string_equal(eval_func2("date_trunc", TEXTOID, "week", TS, "2026-11-21 07:20"), "2026-11-16 00:00:00");
	assert_string_equal(eval_func2("date_trunc", TEXTOID, "quarter", TZ, "2026-11-21 07:20"),
						"2026-10-01 00:00:00+00");
	assert_string_equal(eval_func2("date_trunc", TEXTOID, "milliseconds", TS, t), "2026-11-21 07:20:05.984");
	assert_string_equal(eval_func2("date_trunc", TEXTOID, "century", TS, "2000-01-01"), "1901-01-01 00:00:00");
	assert_string_equal(eval_func2("date_trunc", TEXTOID, "millennium", TS, "0001-01-01 BC"),
						"1000-01-01 00:00:00 BC");
	assert_string_equal(eval_func2("date_trunc", TEXTOID, "decade", TS, "0005-01-01 BC"),
						"0011-01-01 00:00:00 BC");
	assert_string_equal(eval_func2("date_trunc", TEXTOID, "quarter", IV, "1 year 5 mons 3 days 04:05:06.789"),
						"1 year 3 mons");
	assert_string_equal(eval_func2("date_trunc", TEXTOID, "hour", TS, "infinity"), "infinity");
	/* date_trunc(text, date) resolves to the timestamptz version, as in PG */
	assert_string_equal(eval_func2("date_trunc", TEXTOID, "day", DATEOID, "2026-11-21"),
						"2026-11-21 00:00:00+00");
	EXPECT_ERROR_EXACT(eval_func2("date_trunc", TEXTOID, "epoch", TS, t), "22023",
				 "unit \"epoch\" not recognized for type timestamp without time zone");
	EXPECT_ERROR_EXACT(eval_func2("date_trunc", TEXTOID, "week", IV, "1 day"), "0A000",
				 "unit \"week\" not supported for type interval");
}

static void
test_functions(void **state)
{
	assert_string_equal(eval_func2("age", TS, "2026-11-21", TS, "2025-12-25 10:00"), "10 mons 26 days 14:00:00");
	assert_string_equal(eval_func2("age", TS, "2025-12-25", TS, "2026-11-21 10:00"),
						"-10 mons -27 days -10:00:00");
	assert_string_equal(eval_func2("age", TS, "2026-03-31", TS, "2026-02-28"), "1 mon 3 days");
	assert_string_equal(eval_func1("justify_interval", IV, "1 mon -1 day 25:00"), "1 mon 01:00:00");
	assert_string_equal(eval_func1("justify_hours", IV, "50:00"), "2 days 02:00:00");
	assert_string_equal(eval_func1("justify_days", IV, "65 days"), "2 mons 5 days");
	assert_string_equal(eval_func1("to_timestamp", FLOAT8OID, "1795245605.984438"),
						"2026-11-21 07:20:05.984438+00");
	assert_string_equal(eval_func1("to_timestamp", FLOAT8OID, "infinity"), "infinity");
	EXPECT_ERROR_EXACT(eval_func1("to_timestamp", FLOAT8OID, "1e20"), "22008", "timestamp out of range: \"1e+20\"");
	EXPECT_ERROR_EXACT(eval_func1("to_timestamp", FLOAT8OID, "NaN"), "22008", "timestamp cannot be NaN");
	assert_string_equal(eval_func3("make_date", INT4OID, "-44", INT4OID, "3", INT4OID, "15"), "0044-03-15 BC");
	EXPECT_ERROR_EXACT(eval_func3("make_date", INT4OID, "2026", INT4OID, "2", INT4OID, "29"), "22008",
				 "date field value out of range: 2026-02-29");
	EXPECT_ERROR_EXACT(eval_func3("make_time", INT4OID, "25", INT4OID, "0", FLOAT8OID, "0"), "22008",
				 "time field value out of range: 25:00:00");
	assert_string_equal(eval_func2("timezone", TEXTOID, "UTC", TZ, "2026-11-21 07:20"), "2026-11-21 07:20:00");
	EXPECT_ERROR_EXACT(eval_func2("timezone", TEXTOID, "Europe/Paris", TZ, "2026-11-21 07:20"), "22023",
				 "time zone \"Europe/Paris\" not recognized");
	assert_string_equal(eval_func1("isfinite", DATEOID, "infinity"), "f");

	/* casts */
	assert_string_equal(cast_text(TS, "2026-11-21 07:20", DATEOID, -1, COERCION_ASSIGNMENT), "2026-11-21");
	assert_string_equal(cast_text(TS, "1999-12-31 23:00", DATEOID, -1, COERCION_ASSIGNMENT), "1999-12-31");
	assert_string_equal(cast_text(DATEOID, "2026-11-21", TZ, -1, COERCION_IMPLICIT), "2026-11-21 00:00:00+00");
	assert_string_equal(cast_text(TZ, "2026-11-21 07:20+02", TS, -1, COERCION_ASSIGNMENT), "2026-11-21 05:20:00");
	assert_string_equal(cast_text(TIMEOID, "07:20", IV, -1, COERCION_IMPLICIT), "07:20:00");
	assert_true(can_coerce(DATEOID, TS, COERCION_IMPLICIT));
	assert_true(can_coerce(TS, TZ, COERCION_IMPLICIT));
	assert_false(can_coerce(TZ, TS, COERCION_IMPLICIT));
	assert_false(can_coerce(TS, DATEOID, COERCION_IMPLICIT));
	EXPECT_ERROR_EXACT(cast_text(DATEOID, "5874897-12-31", TS, -1, COERCION_IMPLICIT), "22008",
				 "date out of range for timestamp");
	/* result types as pg_typeof() reports them on the reference server */
	assert_int_equal(op_result_type("-", TZ, IV), TZ);
	assert_int_equal(op_result_type("+", DATEOID, INT4OID), DATEOID);
	assert_int_equal(op_result_type("-", DATEOID, IV), TS);
	assert_int_equal(op_result_type("-", DATEOID, DATEOID), INT4OID);
}

static void
test_now(void **state)
{
	int64_t		start_us = xact_start_timestamp_us();
	char	   *expected = timestamptz_to_string(datetime_from_unix_us(start_us));

	assert_string_equal(timestamptz_to_string(datetime_from_unix_us(0)), "1970-01-01 00:00:00+00");
	assert_string_equal(timestamp_to_string(datetime_from_unix_us(1795245605984438)),
						"2026-11-21 07:20:05.984438");
	assert_int_equal(datetime_to_unix_us(datetime_from_unix_us(start_us)), start_us);
	assert_string_equal(eval_func("now", 0, NULL, NULL), expected);
	assert_string_equal(eval_func("transaction_timestamp", 0, NULL, NULL), expected);
	assert_string_equal(roundtrip(TZ, "now"), expected);
	/* the wall clock is after 2020 */
	assert_true(datetime_clock_timestamp() > INT64_C(631152000000000));
}

static char *
send_hex(Oid t, const char *v)
{
	StringBuf	buf;
	char	   *hex;

	strbuf_init(&buf);
	type_send(t, type_input(t, v, -1), &buf);
	hex = palloc((size_t) buf.len * 2 + 1);
	for (int i = 0; i < buf.len; i++)
		sprintf(hex + 2 * i, "%02x", (unsigned char) buf.data[i]);
	return hex;
}

static char *
recv_text(Oid t, const char *bytes, int len)
{
	StringBuf	buf;

	strbuf_init(&buf);
	strbuf_append_bytes(&buf, bytes, len);
	return type_output(t, type_recv(t, &buf, -1));
}

static void
test_binary(void **state)
{
	/* date_send/time_send/timestamp_send/interval_send of the reference */
	assert_string_equal(send_hex(DATEOID, "2026-11-21"), "0000265d");
	assert_string_equal(send_hex(DATEOID, "-infinity"), "80000000");
	assert_string_equal(send_hex(TIMEOID, "07:20:00.5"), "000000062597a920");
	assert_string_equal(send_hex(TS, "2026-11-21 07:20:00.984438"), "000303c2f51ced76");
	assert_string_equal(send_hex(TZ, "infinity"), "7fffffffffffffff");
	assert_string_equal(send_hex(IV, "1 year 2 mons 3 days 04:05:06.5"), "000000036c9361a0000000030000000e");
	assert_string_equal(recv_text(IV, "\x00\x00\x00\x03\x6c\x93\x61\xa0\x00\x00\x00\x03\x00\x00\x00\x0e", 16),
						"1 year 2 mons 3 days 04:05:06.5");
	assert_string_equal(recv_text(DATEOID, "\x00\x00\x26\x5d", 4), "2026-11-21");
	EXPECT_ERROR_EXACT(recv_text(DATEOID, "\x7f\xff\xff\xfe", 4), "22008", "date out of range");
	EXPECT_ERROR_EXACT(recv_text(TS, "\x7f\xff\xff\xff\xff\xff\xff\x00", 8), "22008", "timestamp out of range");
	EXPECT_ERROR_EXACT(recv_text(TIMEOID, "\xff\x00\x00\x00\x00\x00\x00\x00", 8), "22008", "time out of range");
	EXPECT_ERROR_EXACT(recv_text(TS, "\x00\x00", 2), "08P01", "insufficient data left in message");
}

static void
test_interval_aggregates(void **state)
{
	const char *v[] = {"1 day", NULL, "2 hours", "1 mon"};
	const char *none[] = {NULL};

	assert_string_equal(run_agg("sum", IV, v, 4), "1 mon 1 day 02:00:00");
	assert_string_equal(run_agg("avg", IV, v, 4), "10 days 08:40:00");
	assert_string_equal(run_agg("sum", IV, none, 1), "NULL");
	assert_string_equal(run_agg("max", TS, (const char *[]) {"2026-11-21", "infinity", "2020-01-01"}, 3),
						"infinity");
}

/* Seeded hostile strings: a value or a clean class-22 ERROR, never a crash. */
static void
test_random_inputs(void **state)
{
	static const char alphabet[] = "0123456789:-/.+ TtZzJjpamPAMbcBCnovNOVdayutcinfepoh@,";
	static const Oid types[] = {DATEOID, TIMEOID, TS, TZ, IV};
	uint64_t	x = 88172645463325252ull;
	MemoryContext ctx = memctx_create(TopMemoryContext, "fuzz");
	int			ok = 0,
				errors = 0;

	for (int i = 0; i < 4000; i++)
	{
		char		s[48];
		int			len;
		MemoryContext old = memctx_switch_to(ctx);

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		len = (int) (x % 40);
		for (int k = 0; k < len; k++)
		{
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			s[k] = alphabet[x % (sizeof(alphabet) - 1)];
		}
		s[len] = '\0';
		if (i % 5 == 0)
			snprintf(s, sizeof(s), "%d-%d-%d %d:%d:%d.%d%s", (int) (x % 400000), (int) (x >> 20) % 15,
					 (int) (x >> 30) % 33, (int) (x >> 35) % 26, (int) (x >> 40) % 62,
					 (int) (x >> 45) % 62, (int) (x >> 50) % 10000000, (x >> 60) % 2 ? " BC" : "+05:30");
		ELOG_TRY();
		{
			(void) roundtrip(types[i % lengthof(types)], s);
			ok++;
		}
		ELOG_CATCH();
		{
			assert_true(strncmp(elog_current_error()->sqlstate, "22", 2) == 0);
			errors++;
			elog_flush_error();
		}
		ELOG_END_TRY();
		memctx_switch_to(old);
		memctx_reset(ctx);
	}
	assert_true(ok > 50 && errors > 1000);
	memctx_delete(ctx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_input),
		cmocka_unit_test(test_timestamp_input),
		cmocka_unit_test(test_time_interval_input),
		cmocka_unit_test(test_typmods),
		cmocka_unit_test(test_ordering_and_hash),
		cmocka_unit_test(test_arithmetic),
		cmocka_unit_test(test_extract_trunc),
		cmocka_unit_test(test_functions),
		cmocka_unit_test(test_now),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_interval_aggregates),
		cmocka_unit_test(test_random_inputs),
	};

	types_test_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
