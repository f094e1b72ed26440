/*-------------------------------------------------------------------------
 * size_pretty.c
 *	  pg_size_pretty(): a byte count in bytes, kB, MB, GB, TB or PB with
 *	  PostgreSQL 15's thresholds and rounding.
 *
 * The rule (observable in PostgreSQL 15, which this reproduces digit for
 * digit, see test_size_pretty.c):
 *	- below 10240 in magnitude the value is printed as given, "N bytes"
 *	  (a numeric keeps its fraction: "1.5 bytes");
 *	- otherwise it is divided, truncating toward zero, by 2^9 (so one bit
 *	  of precision is kept for rounding) and, as long as the magnitude is
 *	  not below 20479, by 2^10 again, one unit up each time, until PB;
 *	- the last value is halved rounding half away from zero:
 *	  (v + sign(v)) / 2, truncated, and printed with its unit.
 *	  So 10751 bytes is "10 kB" and 10752 is "11 kB".
 *	- NaN and +-Infinity are never below a threshold: "NaN PB".
 *
 * The value is handled as a sign and a decimal magnitude, so bigint and
 * numeric (any size) share one code path; division is long division by
 * a power of two.
 *
 * Invariant: pure functions, results palloc'd in the current context.
 * See also: sql/exec/adminfuncs.c (the SQL functions).
 *-------------------------------------------------------------------------
 */
#include "utils/size_pretty.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>

#include "utils/memctx.h"
#include "utils/strbuf.h"

static const char *const unit_names[] = {"bytes", "kB", "MB", "GB", "TB", "PB"};

#define FIRST_LIMIT 10240		/* bytes below this stay bytes */
#define UNIT_LIMIT	20479		/* above kB: half-units below this stay */

/* Magnitude < limit?  digits has no leading zeros (or is "0"). */
static bool
digits_below(const char *digits, uint64_t limit)
{
	size_t		len = strlen(digits);
	uint64_t	v = 0;

	if (len > 19)
		return false;
	for (size_t i = 0; i < len; i++)
		v = v * 10 + (uint64_t) (digits[i] - '0');
	return v < limit;
}

/* Truncating division of a decimal magnitude by d (d < 2^59). */
static char *
digits_div(const char *digits, uint64_t d)
{
	StringBuf	out;
	uint64_t	rem = 0;

	strbuf_init(&out);
	for (const char *p = digits; *p; p++)
	{
		rem = rem * 10 + (uint64_t) (*p - '0');
		if (out.len > 0 || rem / d > 0)
			strbuf_append_char(&out, (char) ('0' + rem / d));
		rem %= d;
	}
	if (out.len == 0)
		strbuf_append_char(&out, '0');
	return out.data;
}

/* Magnitude + 1. */
static char *
digits_add1(const char *digits)
{
	size_t		len = strlen(digits);
	char	   *out = palloc(len + 2);
	int			carry = 1;

	out[len + 1] = '\0';
	for (size_t i = len; i > 0; i--)
	{
		int			dg = digits[i - 1] - '0' + carry;

		carry = dg / 10;
		out[i] = (char) ('0' + dg % 10);
	}
	out[0] = (char) ('0' + carry);
	return carry ? out : out + 1;
}

char *
size_pretty_text(const char *num)
{
	const char *p = num;
	bool		negative = false;
	StringBuf	mag;

	while (isspace((unsigned char) *p))
		p++;
	if (*p == '-' || *p == '+')
		negative = (*p++ == '-');
	if (!isdigit((unsigned char) *p) && *p != '.')
		return psprintf("%s %s", num, unit_names[lengthof(unit_names) - 1]);	/* NaN, Infinity */

	/* Integer part without leading zeros; the fraction only matters for bytes. */
	strbuf_init(&mag);
	while (*p == '0')
		p++;
	while (isdigit((unsigned char) *p))
		strbuf_append_char(&mag, *p++);
	if (mag.len == 0)
		strbuf_append_char(&mag, '0');
	if (digits_below(mag.data, FIRST_LIMIT))
		return psprintf("%s bytes", num);

	char	   *v = digits_div(mag.data, (uint64_t) 1 << 9);
	size_t		unit = 1;

	while (unit + 1 < lengthof(unit_names) && !digits_below(v, UNIT_LIMIT))
	{
		v = digits_div(v, (uint64_t) 1 << 10);
		unit++;
	}
	v = digits_div(digits_add1(v), 2);
	return psprintf("%s%s %s", negative && strcmp(v, "0") != 0 ? "-" : "", v, unit_names[unit]);
}

char *
size_pretty_int64(int64_t value)
{
	char		buf[32];

	snprintf(buf, sizeof(buf), "%" PRId64, value);
	return size_pretty_text(buf);
}
