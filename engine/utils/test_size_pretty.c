/*-------------------------------------------------------------------------
 * test_size_pretty.c
 *	  Unit tests for utils/size_pretty.c against PostgreSQL 15's outputs.
 *
 * How: every expected string below was produced by PostgreSQL 15.18's
 * pg_size_pretty(bigint) / pg_size_pretty(numeric) (Debian's package, on
 * this machine).  The values sit on each unit threshold (10240 bytes, then
 * 20479 half-units of kB, MB, GB, TB), on each rounding point (10751 vs
 * 10752 bytes), at both ends of bigint, and beyond bigint for numeric;
 * plus NaN/Infinity and fractions, which only numeric has.  A wrong
 * threshold, a shift by the wrong number of bits, rounding toward zero
 * instead of away from it, or a lost sign changes at least one of them.
 *-------------------------------------------------------------------------
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

#include "common/minipg.h"
#include "utils/memctx.h"
#include "utils/size_pretty.h"

typedef struct Case
{
	int64_t		value;
	const char *expected;
} Case;

/* PostgreSQL 15: select v, pg_size_pretty(v) (identical for v::numeric). */
static const Case pg15_cases[] = {
	{0, "0 bytes"}, {1, "1 bytes"}, {-1, "-1 bytes"},
	{1023, "1023 bytes"}, {1024, "1024 bytes"}, {1536, "1536 bytes"},
	{10239, "10239 bytes"}, {-10239, "-10239 bytes"},
	{10240, "10 kB"}, {-10240, "-10 kB"},
	{10751, "10 kB"}, {10752, "11 kB"}, {-10751, "-10 kB"}, {-10752, "-11 kB"},
	{5000000, "4883 kB"},
	{10484223, "10238 kB"}, {10484735, "10239 kB"}, {10484736, "10239 kB"},
	{10485247, "10239 kB"}, {10485248, "10 MB"}, {-10485247, "-10239 kB"},
	{-10485248, "-10 MB"}, {10485759, "10 MB"}, {10485760, "10 MB"},
	{20970495, "20 MB"}, {20971520, "20 MB"},
	{21474836479, "20 GB"}, {21474836480, "20 GB"},
	{10995116277760, "10 TB"},
	{22517998136852479, "20 PB"}, {22517998136852480, "20 PB"},
	{INT64_MAX, "8192 PB"}, {INT64_MIN, "-8192 PB"}, {-INT64_MAX, "-8192 PB"},
};

static void
test_bigint_matches_pg15(void **state)
{
	(void) state;
	for (size_t i = 0; i < lengthof(pg15_cases); i++)
	{
		char	   *got = size_pretty_int64(pg15_cases[i].value);

		if (strcmp(got, pg15_cases[i].expected) != 0)
			fail_msg("pg_size_pretty(%lld) = \"%s\", PostgreSQL 15 says \"%s\"",
					 (long long) pg15_cases[i].value, got, pg15_cases[i].expected);
	}
}

static void
test_numeric_matches_pg15(void **state)
{
	static const struct
	{
		const char *value;
		const char *expected;
	}			cases[] = {
		{"1.5", "1.5 bytes"}, {"10239.99", "10239.99 bytes"},
		{"10240.5", "10 kB"}, {"-10240.5", "-10 kB"},
		{"10752", "11 kB"}, {"-10752", "-11 kB"}, {"-10751", "-10 kB"},
		{"NaN", "NaN PB"}, {"Infinity", "Infinity PB"}, {"-Infinity", "-Infinity PB"},
		{"123456789012345678901234567890", "109651655766237 PB"},
		{"-123456789012345678901234567890.7", "-109651655766237 PB"},
		{"11529215046068469760", "10240 PB"}, {"11529215046068469759", "10240 PB"},
		{"9223372036854775807", "8192 PB"},
	};

	(void) state;
	for (size_t i = 0; i < lengthof(cases); i++)
	{
		char	   *got = size_pretty_text(cases[i].value);

		if (strcmp(got, cases[i].expected) != 0)
			fail_msg("pg_size_pretty(%s::numeric) = \"%s\", PostgreSQL 15 says \"%s\"",
					 cases[i].value, got, cases[i].expected);
	}
}

/* Every bigint case also holds for its numeric spelling (one code path). */
static void
test_numeric_agrees_with_bigint(void **state)
{
	(void) state;
	for (size_t i = 0; i < lengthof(pg15_cases); i++)
	{
		char		buf[32];

		snprintf(buf, sizeof(buf), "%lld", (long long) pg15_cases[i].value);
		assert_string_equal(size_pretty_text(buf), pg15_cases[i].expected);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bigint_matches_pg15),
		cmocka_unit_test(test_numeric_matches_pg15),
		cmocka_unit_test(test_numeric_agrees_with_bigint),
	};

	memctx_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
