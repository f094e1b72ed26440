/*-------------------------------------------------------------------------
 * test_numeric.c
 *	  Unit tests for the numeric type (numeric.c, numeric_arith.c,
 *	  numeric_funcs.c).
 *
 * What: text input (blanks, exponents, NaN/Infinity, the 22P02 / 22003
 * messages), display-scale preserving output, numeric(p,s) rounding and
 * overflow details, typmod_in errors, the result scales of + - * / % and
 * of sqrt/exp/ln/log/power/round/trunc, NaN and infinity rules, casts to
 * and from the integer and float types, hashing and ordering, the binary
 * wire format byte for byte, the sum/avg/variance aggregates, and the
 * public helpers of numeric.h.  A seeded random run feeds garbage and
 * extreme values to the input function and operators and accepts only
 * clean ERRORs.
 * How: calls go through the real resolution and coercion code
 * (test_types_common.h), so "1 + 1.5" is resolved exactly as the analyzer
 * would.  Every expected string was produced by the reference PostgreSQL
 * 15 server (psql -h /tmp/pgref), never by this code.
 *-------------------------------------------------------------------------
 */
#include "sql/types/test_types_common.h"

#include "sql/types/numeric.h"
#include "tcop/pqformat.h"
#include "utils/strbuf.h"

#define N NUMERICOID

static char *
num_op(const char *a, const char *op, const char *b)
{
	return eval_op(op, N, a, N, b);
}

static char *
num_func1(const char *f, const char *a)
{
	return eval_func1(f, N, a);
}

static char *
num_func2(const char *f, const char *a, const char *b)
{
	return eval_func2(f, N, a, N, b);
}

static char *
with_typmod(const char *v, int p, int s)
{
	return type_output(N, type_input(N, v, numeric_typmod_make(p, s)));
}

static void
test_input_output(void **state)
{
	assert_string_equal(roundtrip(N, "  12 "), "12");
	assert_string_equal(roundtrip(N, "-1.50"), "-1.50");
	assert_string_equal(roundtrip(N, "1e10"), "10000000000");
	assert_string_equal(roundtrip(N, "1.5e-3"), "0.0015");
	assert_string_equal(roundtrip(N, "1E+2"), "100");
	assert_string_equal(roundtrip(N, "+.5"), "0.5");
	assert_string_equal(roundtrip(N, "-.5e1"), "-5");
	assert_string_equal(roundtrip(N, "5."), "5");
	assert_string_equal(roundtrip(N, "00012.3400"), "12.3400");
	assert_string_equal(roundtrip(N, "-0.00"), "0.00");
	assert_string_equal(roundtrip(N, "0e999999"), "0");
	assert_string_equal(roundtrip(N, " nan "), "NaN");
	assert_string_equal(roundtrip(N, "+Infinity"), "Infinity");
	assert_string_equal(roundtrip(N, "-inf"), "-Infinity");
	assert_string_equal(roundtrip(N, "12345678901234567890123"), "12345678901234567890123");

	EXPECT_ERROR_EXACT(type_input(N, "x", -1), "22P02", "invalid input syntax for type numeric: \"x\"");
	EXPECT_ERROR_EXACT(type_input(N, "", -1), "22P02", "invalid input syntax for type numeric: \"\"");
	EXPECT_ERROR_EXACT(type_input(N, "1e", -1), "22P02", "invalid input syntax for type numeric: \"1e\"");
	EXPECT_ERROR_EXACT(type_input(N, "1.2.3", -1), "22P02",
				 "invalid input syntax for type numeric: \"1.2.3\"");
	EXPECT_ERROR_EXACT(type_input(N, "- 1", -1), "22P02", "invalid input syntax for type numeric: \"- 1\"");
	EXPECT_ERROR_EXACT(type_input(N, "-nan", -1), "22P02", "invalid input syntax for type numeric: \"-nan\"");
	EXPECT_ERROR_EXACT(type_input(N, "0x10", -1), "22P02", "invalid input syntax for type numeric: \"0x10\"");
	EXPECT_ERROR_EXACT(type_input(N, "1e131072", -1), "22003", "value overflows numeric format");
	EXPECT_ERROR_EXACT(type_input(N, "1e999999999", -1), "22003", "value overflows numeric format");
	EXPECT_ERROR_EXACT(type_input(N, "1e-16384", -1), "22003", "value overflows numeric format");
	EXPECT_ERROR_EXACT(type_input(N, "0e-16384", -1), "22003", "value overflows numeric format");
	/* the largest and smallest magnitudes still fit */
	assert_int_equal((int) strlen(roundtrip(N, "1e131071")), 131072);
	assert_int_equal((int) strlen(roundtrip(N, "1e-16383")), 16385);
}

static void
test_typmod(void **state)
{
	int32_t		mods[3] = {5, 2, 3};
	const TypeInfo *ti = type_get(N);

	assert_string_equal(with_typmod("123.456", 5, 2), "123.46");
	assert_string_equal(with_typmod("15", 5, -1), "20");
	assert_string_equal(with_typmod("0.001", 5, 6), "0.001000");
	assert_string_equal(with_typmod("9.99", 3, 1), "10.0");
	assert_string_equal(with_typmod("-9.99", 3, 1), "-10.0");
	assert_string_equal(with_typmod("0.000001", 3, 2), "0.00");
	assert_string_equal(with_typmod("NaN", 2, 2), "NaN");
	EXPECT_ERROR_EXACT(type_input(N, "1234.5", numeric_typmod_make(5, 2)), "22003", "numeric field overflow");
	/* the detail carries the limit, with 10^0 shown as 1 */
	ELOG_TRY();
	{
		type_input(N, "1", numeric_typmod_make(2, 2));
		fail_msg("numeric(2,2) accepted 1");
	}
	ELOG_CATCH();
	{
		assert_string_equal(elog_current_error()->detail,
							"A field with precision 2, scale 2 must round to an absolute value less than 1.");
		elog_flush_error();
	}
	ELOG_END_TRY();
	ELOG_TRY();
	{
		type_input(N, "0.1", numeric_typmod_make(5, 6));
		fail_msg("numeric(5,6) accepted 0.1");
	}
	ELOG_CATCH();
	{
		assert_string_equal(elog_current_error()->detail,
							"A field with precision 5, scale 6 must round to an absolute value less than 10^-1.");
		elog_flush_error();
	}
	ELOG_END_TRY();
	ELOG_TRY();
	{
		type_input(N, "inf", numeric_typmod_make(2, 2));
		fail_msg("numeric(2,2) accepted Infinity");
	}
	ELOG_CATCH();
	{
		assert_string_equal(elog_current_error()->detail,
							"A field with precision 2, scale 2 cannot hold an infinite value.");
		elog_flush_error();
	}
	ELOG_END_TRY();

	/* atttypmod as PostgreSQL stores it; format_type */
	assert_int_equal(ti->typmod_in(mods, 1), 327684);
	assert_int_equal(ti->typmod_in((int32_t[]) {5, -2}, 2), 329730);
	assert_string_equal(type_format(N, numeric_typmod_make(10, 2)), "numeric(10,2)");
	assert_string_equal(type_format(N, 327684), "numeric(5,0)");
	EXPECT_ERROR_EXACT(ti->typmod_in((int32_t[]) {1001, 2}, 2), "22023",
				 "NUMERIC precision 1001 must be between 1 and 1000");
	EXPECT_ERROR_EXACT(ti->typmod_in((int32_t[]) {0}, 1), "22023",
				 "NUMERIC precision 0 must be between 1 and 1000");
	EXPECT_ERROR_EXACT(ti->typmod_in((int32_t[]) {5, 1001}, 2), "22023",
				 "NUMERIC scale 1001 must be between -1000 and 1000");
	EXPECT_ERROR_EXACT(ti->typmod_in(mods, 3), "22023", "invalid NUMERIC type modifier");
}

static void
test_arithmetic_scales(void **state)
{
	assert_string_equal(num_op("1.50", "+", "2.1"), "3.60");
	assert_string_equal(num_op("1.50", "-", "2.100"), "-0.600");
	assert_string_equal(num_op("1.5", "*", "2.25"), "3.375");
	assert_string_equal(num_op("1", "/", "3"), "0.33333333333333333333");
	assert_string_equal(num_op("10", "/", "4"), "2.5000000000000000");
	assert_string_equal(num_op("2", "/", "3.00000000000000000000000"), "0.66666666666666666666667");
	assert_string_equal(num_op("100000000", "/", "3"), "33333333.333333333333");
	assert_string_equal(num_op("1e20", "/", "7"), "14285714285714285714");
	assert_string_equal(num_op("1", "/", "1e20"), "0.0000000000000000000100000000000000000000");
	assert_string_equal(num_op("7.5", "%", "2"), "1.5");
	assert_string_equal(num_op("-7.5", "%", "2"), "-1.5");
	assert_string_equal(num_op("7", "%", "-2.25"), "0.25");
	assert_string_equal(num_func2("div", "-7.9", "2"), "-3");
	assert_string_equal(num_func2("mod", "-7.9", "2"), "-1.9");
	assert_string_equal(num_func2("div", "7", "0.5"), "14");
	/* mixed with integers: resolved to numeric op numeric */
	assert_string_equal(eval_op("+", INT4OID, "1", N, "1.5"), "2.5");
	assert_int_equal(op_result_type("+", INT4OID, N), N);
	assert_string_equal(eval_op("*", INT8OID, "2", N, "1.25"), "2.50");
	/* scale of a product is capped at 16383 digits */
	assert_int_equal((int) strlen(num_op("1e-10000", "*", "1e-10000")), 16385);
	EXPECT_ERROR_EXACT(num_op("1", "/", "0"), "22012", "division by zero");
	EXPECT_ERROR_EXACT(num_op("1", "%", "0"), "22012", "division by zero");
	EXPECT_ERROR_EXACT(num_func2("div", "1", "0"), "22012", "division by zero");
	EXPECT_ERROR_EXACT(num_op("0", "/", "0"), "22012", "division by zero");
	EXPECT_ERROR_EXACT(num_op("1e100000", "*", "1e100000"), "22003", "value overflows numeric format");
}

static void
test_special_values(void **state)
{
	assert_string_equal(num_op("inf", "+", "inf"), "Infinity");
	assert_string_equal(num_op("inf", "-", "inf"), "NaN");
	assert_string_equal(num_op("inf", "*", "0"), "NaN");
	assert_string_equal(num_op("inf", "*", "-2"), "-Infinity");
	assert_string_equal(num_op("inf", "/", "inf"), "NaN");
	assert_string_equal(num_op("1", "/", "inf"), "0");
	assert_string_equal(num_op("inf", "/", "-3"), "-Infinity");
	assert_string_equal(num_op("inf", "%", "2"), "NaN");
	assert_string_equal(num_op("-5", "%", "inf"), "-5");
	assert_string_equal(num_op("NaN", "/", "0"), "NaN");
	assert_string_equal(num_op("NaN", "%", "0"), "NaN");
	assert_string_equal(num_func2("div", "inf", "5"), "Infinity");
	EXPECT_ERROR_EXACT(num_op("inf", "/", "0"), "22012", "division by zero");
	EXPECT_ERROR_EXACT(num_op("inf", "%", "0"), "22012", "division by zero");
	/* ordering: NaN equals NaN and is above +Infinity */
	assert_string_equal(num_op("NaN", "=", "NaN"), "t");
	assert_string_equal(num_op("NaN", ">", "Infinity"), "t");
	assert_string_equal(num_op("-Infinity", "<", "-1e100"), "t");
	assert_string_equal(num_op("1.0", "=", "1.00"), "t");
	assert_string_equal(eval_op("-", InvalidOid, NULL, N, "inf"), "-Infinity");
	assert_string_equal(eval_op("-", InvalidOid, NULL, N, "NaN"), "NaN");
	assert_string_equal(num_func1("abs", "-inf"), "Infinity");
	assert_string_equal(num_func1("sign", "-inf"), "-1");
	assert_string_equal(num_func1("sign", "NaN"), "NaN");
	assert_string_equal(num_func1("floor", "-inf"), "-Infinity");
}

static void
test_functions(void **state)
{
	assert_string_equal(num_func1("round", "2.5"), "3");
	assert_string_equal(num_func1("round", "-2.5"), "-3");
	assert_string_equal(eval_func2("round", N, "2.567", INT4OID, "2"), "2.57");
	assert_string_equal(eval_func2("round", N, "1234.5", INT4OID, "-2"), "1200");
	assert_string_equal(eval_func2("round", N, "1.5", INT4OID, "5"), "1.50000");
	assert_string_equal(eval_func2("round", N, "9999.9", INT4OID, "-4"), "10000");
	assert_string_equal(eval_func2("round", N, "4999", INT4OID, "-4"), "0");
	assert_string_equal(eval_func2("trunc", N, "2.567", INT4OID, "2"), "2.56");
	assert_string_equal(num_func1("trunc", "-1.5"), "-1");
	assert_string_equal(num_func1("ceil", "-1.5"), "-1");
	assert_string_equal(num_func1("ceil", "-0.5"), "0");
	assert_string_equal(num_func1("floor", "-1.5"), "-2");
	assert_string_equal(num_func1("floor", "1.50"), "1");
	assert_string_equal(num_func1("ceiling", "1.000001"), "2");
	assert_string_equal(num_func1("sign", "-2.5"), "-1");
	assert_string_equal(num_func1("abs", "-2.50"), "2.50");
	assert_string_equal(num_func1("sqrt", "2"), "1.414213562373095");
	assert_string_equal(num_func1("sqrt", "0.0001"), "0.01000000000000000");
	assert_string_equal(num_func1("sqrt", "1e20"), "10000000000.00000");
	assert_string_equal(num_func1("sqrt", "12345678901234567890"), "3513641828.8201443");
	assert_string_equal(num_func1("exp", "1"), "2.7182818284590452");
	assert_string_equal(num_func1("exp", "10"), "22026.465794806717");
	assert_string_equal(num_func1("exp", "-10"), "0.00004539992976248485");
	assert_string_equal(num_func1("exp", "230.2"),
						"9431694694444114321527145224760712626555728916348280693488875269563183929662337526358068301308016719.6");
	assert_string_equal(num_func1("ln", "2"), "0.6931471805599453");
	assert_string_equal(num_func1("ln", "1e-10"), "-23.025850929940457");
	assert_string_equal(num_func1("ln", "1.00001"), "0.000009999950000333331");
	assert_string_equal(num_func1("ln", "12345.6789"), "9.4210613941918353");
	assert_string_equal(num_func1("log10", "2"), "0.3010299956639812");
	assert_string_equal(num_func2("log", "2", "8"), "3.0000000000000000");
	assert_string_equal(num_op("2", "^", "10"), "1024.0000000000000000");
	assert_string_equal(num_op("1.1", "^", "100"), "13780.6123398222701841");
	assert_string_equal(num_op("3", "^", "-1"), "0.3333333333333333");
	assert_string_equal(num_op("2", "^", "0.5"), "1.4142135623730950");
	assert_string_equal(num_op("4", "^", "2.5"), "32.000000000000000");
	assert_string_equal(num_op("12345.678", "^", "2.2"), "1003073784.3123557");
	assert_string_equal(num_op("1.000001", "^", "1000000"), "2.7182804693193769");
	assert_string_equal(num_op("0", "^", "0"), "1.0000000000000000");
	assert_string_equal(num_op("-2", "^", "3"), "-8.0000000000000000");
	assert_string_equal(num_op("0.5", "^", "inf"), "0");
	assert_string_equal(num_op("-inf", "^", "3"), "-Infinity");
	assert_string_equal(num_op("NaN", "^", "0"), "1");
	assert_string_equal(num_op("1", "^", "NaN"), "1");
	assert_string_equal(num_func1("scale", "1.50"), "2");
	assert_string_equal(num_func1("min_scale", "1.500"), "1");
	assert_string_equal(num_func1("trim_scale", "1.500"), "1.5");
	assert_string_equal(num_func2("gcd", "12", "18.0"), "6.0");
	assert_string_equal(num_func2("lcm", "1.5", "2.5"), "7.5");
	assert_string_equal(eval_func1("factorial", INT8OID, "20"), "2432902008176640000");

	EXPECT_ERROR_EXACT(num_func1("sqrt", "-1"), "2201F", "cannot take square root of a negative number");
	EXPECT_ERROR_EXACT(num_func1("ln", "0"), "2201E", "cannot take logarithm of zero");
	EXPECT_ERROR_EXACT(num_func1("ln", "-inf"), "2201E", "cannot take logarithm of a negative number");
	EXPECT_ERROR_EXACT(num_func2("log", "1", "5"), "22012", "division by zero");
	EXPECT_ERROR_EXACT(num_op("0.0", "^", "-1"), "2201F", "zero raised to a negative power is undefined");
	EXPECT_ERROR_EXACT(num_op("-8", "^", "0.3333"), "2201F",
				 "a negative number raised to a non-integer power yields a complex result");
	EXPECT_ERROR_EXACT(num_op("10", "^", "200000"), "22003", "value overflows numeric format");
	EXPECT_ERROR_EXACT(num_func1("exp", "6000"), "22003", "value overflows numeric format");
	EXPECT_ERROR_EXACT(eval_func1("factorial", INT8OID, "-1"), "22003",
				 "factorial of a negative number is undefined");
}

static void
test_casts(void **state)
{
	assert_string_equal(cast_text(N, "2.5", INT4OID, -1, COERCION_ASSIGNMENT), "3");
	assert_string_equal(cast_text(N, "-2.5", INT4OID, -1, COERCION_ASSIGNMENT), "-3");
	assert_string_equal(cast_text(N, "2147483647.49", INT4OID, -1, COERCION_ASSIGNMENT), "2147483647");
	assert_string_equal(cast_text(N, "-9223372036854775808", INT8OID, -1, COERCION_ASSIGNMENT),
						"-9223372036854775808");
	EXPECT_ERROR_EXACT(cast_text(N, "2147483647.5", INT4OID, -1, COERCION_ASSIGNMENT), "22003",
				 "integer out of range");
	EXPECT_ERROR_EXACT(cast_text(N, "32767.5", INT2OID, -1, COERCION_ASSIGNMENT), "22003",
				 "smallint out of range");
	EXPECT_ERROR_EXACT(cast_text(N, "9223372036854775807.5", INT8OID, -1, COERCION_ASSIGNMENT), "22003",
				 "bigint out of range");
	EXPECT_ERROR_EXACT(cast_text(N, "NaN", INT4OID, -1, COERCION_ASSIGNMENT), "0A000",
				 "cannot convert NaN to integer");
	EXPECT_ERROR_EXACT(cast_text(N, "inf", INT8OID, -1, COERCION_ASSIGNMENT), "0A000",
				 "cannot convert infinity to bigint");
	assert_string_equal(cast_text(FLOAT8OID, "0.1", N, -1, COERCION_ASSIGNMENT), "0.1");
	assert_string_equal(cast_text(FLOAT8OID, "1.23456789012345678", N, -1, COERCION_ASSIGNMENT),
						"1.23456789012346");
	assert_string_equal(cast_text(FLOAT8OID, "-infinity", N, -1, COERCION_ASSIGNMENT), "-Infinity");
	assert_string_equal(cast_text(FLOAT4OID, "123456789.123", N, -1, COERCION_ASSIGNMENT), "123457000");
	assert_string_equal(cast_text(N, "1234567890.123456789", FLOAT8OID, -1, COERCION_IMPLICIT),
						"1234567890.1234567");
	assert_string_equal(cast_text(N, "NaN", FLOAT8OID, -1, COERCION_IMPLICIT), "NaN");
	{
		/* the message quotes numeric's text form: 1 and 400 zeros */
		char		msg[512];

		memset(msg, 0, sizeof(msg));
		msg[0] = '"';
		msg[1] = '1';
		memset(msg + 2, '0', 400);
		strcat(msg, "\" is out of range for type double precision");
		EXPECT_ERROR_EXACT(cast_text(N, "1e400", FLOAT8OID, -1, COERCION_IMPLICIT), "22003", msg);
	}
	/* numeric -> numeric(p,s) through coerce_datum and the typmod */
	assert_string_equal(cast_text(N, "123.456", N, numeric_typmod_make(5, 1), COERCION_EXPLICIT),
						"123.5");
	/* contexts as in pg_cast */
	assert_true(can_coerce(INT4OID, N, COERCION_IMPLICIT));
	assert_true(can_coerce(N, FLOAT8OID, COERCION_IMPLICIT));
	assert_false(can_coerce(FLOAT8OID, N, COERCION_IMPLICIT));
	assert_true(can_coerce(FLOAT8OID, N, COERCION_ASSIGNMENT));
	assert_false(can_coerce(N, INT4OID, COERCION_IMPLICIT));
	/* 0.1::float8 + 0.2 (numeric) resolves to float8 + float8 */
	assert_int_equal(op_result_type("+", FLOAT8OID, N), FLOAT8OID);
}

/* The numeric rows next to the float8/int ones resolve as PostgreSQL's. */
static Oid
func_result_type(const char *name, int nargs, const Oid *types)
{
	Oid			coerce[FUNC_MAX_ARGS];
	Oid			rettype = InvalidOid;

	if (func_resolve(name, nargs, types, coerce, &rettype) == NULL)
		return InvalidOid;
	return rettype;
}

static void
test_resolution(void **state)
{
	Oid			i4 = INT4OID,
				n = N,
				i4i4[2] = {INT4OID, INT4OID},
				ni4[2] = {N, INT4OID};

	/* pg_typeof() of these calls on the reference server */
	assert_int_equal(func_result_type("round", 1, &i4), FLOAT8OID);
	assert_int_equal(func_result_type("sqrt", 1, &i4), FLOAT8OID);
	assert_int_equal(func_result_type("ln", 1, &i4), FLOAT8OID);
	assert_int_equal(func_result_type("log", 1, &i4), FLOAT8OID);
	assert_int_equal(func_result_type("trunc", 1, &i4), FLOAT8OID);
	assert_int_equal(func_result_type("power", 2, i4i4), FLOAT8OID);
	assert_int_equal(func_result_type("round", 1, &n), N);
	assert_int_equal(func_result_type("floor", 1, &n), N);
	assert_int_equal(func_result_type("mod", 2, ni4), N);
	assert_int_equal(func_result_type("div", 2, i4i4), N);
	assert_int_equal(op_result_type("^", INT4OID, INT4OID), FLOAT8OID);
	assert_int_equal(op_result_type("*", N, INT8OID), N);
	assert_string_equal(eval_func1("sqrt", INT4OID, "2"), "1.4142135623730951");
}

static void
test_hash_compare(void **state)
{
	const TypeInfo *ti = type_get(N);
	Datum		a = type_input(N, "1.0", -1);
	Datum		b = type_input(N, "1.00", -1);
	Datum		c = type_input(N, "-1.0", -1);

	assert_int_equal(ti->hash(a), ti->hash(b));
	assert_int_not_equal(ti->hash(a), ti->hash(c));
	assert_int_equal(ti->hash(type_input(N, "0", -1)), ti->hash(type_input(N, "-0.000", -1)));
	assert_int_equal(ti->compare(a, b), 0);
	assert_true(ti->compare(c, a) < 0);
	assert_true(ti->compare(type_input(N, "NaN", -1), type_input(N, "inf", -1)) > 0);
	assert_true(ti->compare(type_input(N, "-inf", -1), type_input(N, "-1e131071", -1)) < 0);
	assert_int_equal(ti->compare(type_input(N, "NaN", -1), type_input(N, "nan", -1)), 0);
}

/* Hex of what send() writes. */
static char *
send_hex(const char *v)
{
	StringBuf	buf;
	char	   *hex;

	strbuf_init(&buf);
	type_send(N, type_input(N, v, -1), &buf);
	hex = palloc((size_t) buf.len * 2 + 1);
	for (int i = 0; i < buf.len; i++)
		sprintf(hex + 2 * i, "%02x", (unsigned char) buf.data[i]);
	return hex;
}

static char *
recv_bytes(const unsigned char *bytes, int len)
{
	StringBuf	buf;

	strbuf_init(&buf);
	strbuf_append_bytes(&buf, bytes, len);
	return type_output(N, type_recv(N, &buf, -1));
}

static void
test_binary(void **state)
{
	/* numeric_send() output of the reference server */
	assert_string_equal(send_hex("1234.5"), "000200000000000104d21388");
	assert_string_equal(send_hex("-0.001"), "0001ffff40000003000a");
	assert_string_equal(send_hex("NaN"), "00000000c0000000");
	assert_string_equal(send_hex("-inf"), "00000000f0000020");
	assert_string_equal(send_hex("0.00"), "0000000000000002");
	assert_string_equal(send_hex("12345678.9"), "000300010000000104d2162e2328");

	assert_string_equal(recv_bytes((const unsigned char *) "\x00\x02\x00\x00\x00\x00\x00\x01\x04\xd2\x13\x88", 12),
						"1234.5");
	/* digits hidden by the display scale are truncated away */
	assert_string_equal(recv_bytes((const unsigned char *) "\x00\x02\x00\x00\x00\x00\x00\x00\x00\x07\x13\x88", 12),
						"7");
	EXPECT_ERROR_EXACT(recv_bytes((const unsigned char *) "\x00\x00\x00\x00\x12\x34\x00\x00", 8), "22P03",
				 "invalid sign in external \"numeric\" value");
	EXPECT_ERROR_EXACT(recv_bytes((const unsigned char *) "\x00\x01\x00\x00\x00\x00\x00\x00\x27\x10", 10), "22P03",
				 "invalid digit in external \"numeric\" value");
	EXPECT_ERROR_EXACT(recv_bytes((const unsigned char *) "\xff\xff\x00\x00\x00\x00\x00\x00", 8), "22P03",
				 "invalid length in external \"numeric\" value");
	EXPECT_ERROR_EXACT(recv_bytes((const unsigned char *) "\x00\x00\x00\x00\x00\x00\xc0\x00", 8), "22P03",
				 "invalid scale in external \"numeric\" value");
	EXPECT_ERROR_EXACT(recv_bytes((const unsigned char *) "\x00\x05\x00\x00", 4), "08P01",
				 "insufficient data left in message");
}

static void
test_aggregates(void **state)
{
	const char *a[] = {"1.50", "2.25"};
	const char *b[] = {"1.5", NULL, "2.25", "-1"};
	const char *c[] = {"1.0", "2.0", "4.0"};
	const char *d[] = {"1", "2", "3", "4"};
	const char *e[] = {"9223372036854775807", "1"};
	const char *f[] = {"inf", "2.25"};
	const char *g[] = {"inf", "-inf"};
	const char *one[] = {"1.0"};
	const char *none[] = {NULL};

	assert_string_equal(run_agg("avg", N, a, 2), "1.8750000000000000");
	assert_string_equal(run_agg("avg", N, b, 4), "0.91666666666666666667");
	assert_string_equal(run_agg("sum", N, b, 4), "2.75");
	assert_string_equal(run_agg("sum", N, none, 1), "NULL");
	assert_string_equal(run_agg("avg", N, none, 1), "NULL");
	assert_string_equal(run_agg("avg", N, f, 2), "Infinity");
	assert_string_equal(run_agg("sum", N, g, 2), "NaN");
	assert_string_equal(run_agg("stddev", N, c, 3), "1.5275252316519467");
	assert_string_equal(run_agg("variance", N, c, 3), "2.3333333333333333");
	assert_string_equal(run_agg("stddev_pop", N, c, 3), "1.2472191289246471");
	assert_string_equal(run_agg("var_pop", N, c, 3), "1.5555555555555556");
	assert_string_equal(run_agg("stddev", INT4OID, c + 0, 0), "NULL");
	assert_string_equal(run_agg("var_pop", INT8OID, d, 4), "1.2500000000000000");
	assert_string_equal(run_agg("var_samp", INT2OID, d, 4), "1.6666666666666667");
	assert_string_equal(run_agg("stddev_pop", INT4OID, d, 4), "1.1180339887498948");
	assert_string_equal(run_agg("stddev_samp", INT8OID, d, 4), "1.2909944487358056");
	assert_string_equal(run_agg("variance", INT8OID, e, 2), "42535295865117307914475081855261474818");
	assert_string_equal(run_agg("stddev", INT8OID, e, 2), "6521908912666391105");
	assert_string_equal(run_agg("stddev", N, one, 1), "NULL");
	assert_string_equal(run_agg("var_pop", N, one, 1), "0");
	/* the core family's sum(int8)/avg(int4) produce numeric too */
	assert_string_equal(run_agg("avg", INT4OID, d, 2), "1.5000000000000000");
}

static void
test_public_api(void **state)
{
	assert_string_equal(numeric_out_datum(numeric_from_int64(INT64_MIN)), "-9223372036854775808");
	assert_int_equal(numeric_to_int64(numeric_in_cstring("-9223372036854775808", -1)), INT64_MIN);
	assert_int_equal(numeric_to_int64(numeric_in_cstring("2.5", -1)), 3);
	assert_string_equal(numeric_out_datum(numeric_from_int64_scaled(-5984438, 6)), "-5.984438");
	assert_string_equal(numeric_out_datum(numeric_from_int64_scaled(5000, 3)), "5.000");
	assert_string_equal(numeric_out_datum(numeric_from_double(1.0 / 3)), "0.333333333333333");
	assert_true(numeric_to_double(numeric_in_cstring("0.1", -1)) == 0.1);
	assert_true(numeric_is_nan(numeric_in_cstring("NaN", -1)));
	assert_string_equal(numeric_out_datum(numeric_div_datum(numeric_from_int64(1),
															numeric_from_int64(3))),
						"0.33333333333333333333");
	assert_string_equal(numeric_out_datum(numeric_in_cstring("123.456", numeric_typmod_make(4, 1))),
						"123.5");
	EXPECT_ERROR_EXACT(numeric_to_int64(numeric_in_cstring("1e19", -1)), "22003", "bigint out of range");
}

/*
 * Seeded random inputs: hostile strings and extreme operands must give a
 * value or a clean ERROR with a data-exception SQLSTATE, never a crash
 * (the ASan/UBSan CI build runs this too).
 */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint32_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t) rng_state;
}

static void
random_numeric_text(char *buf, int cap)
{
	static const char alphabet[] = "0123456789.eE+- naNinfINFtyx";
	int			len = (int) (rng() % 24);
	int			n = 0;

	if (rng() % 4 == 0)
	{
		/* a plausible number, possibly huge or tiny */
		n = snprintf(buf, (size_t) cap, "%s%u.%ue%d", rng() % 2 ? "-" : "",
					 rng() % 100000, rng() % 1000, (int) (rng() % 40000) - 20000);
		return;
	}
	for (; n < len && n < cap - 1; n++)
		buf[n] = alphabet[rng() % (sizeof(alphabet) - 1)];
	buf[n] = '\0';
}

static void
test_random_inputs(void **state)
{
	static const char *const ops[] = {"+", "-", "*", "/", "%", "^"};
	MemoryContext ctx = memctx_create(TopMemoryContext, "fuzz");
	int			values = 0,
				errors = 0;

	for (int i = 0; i < 3000; i++)
	{
		char		x[64],
					y[64];
		MemoryContext old = memctx_switch_to(ctx);

		random_numeric_text(x, sizeof(x));
		random_numeric_text(y, sizeof(y));
		ELOG_TRY();
		{
			if (i % 3 == 0)
				(void) roundtrip(N, x);
			else
				(void) num_op(x, ops[rng() % lengthof(ops)], y);
			values++;
		}
		ELOG_CATCH();
		{
			const char *st = elog_current_error()->sqlstate;

			/* class 22 (data exception) or 2201E/F only */
			assert_true(strncmp(st, "22", 2) == 0);
			errors++;
			elog_flush_error();
		}
		ELOG_END_TRY();
		memctx_switch_to(old);
		memctx_reset(ctx);
	}
	/* both outcomes occurred, so the run exercised something */
	assert_true(values > 100 && errors > 100);
	memctx_delete(ctx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_input_output),
		cmocka_unit_test(test_typmod),
		cmocka_unit_test(test_arithmetic_scales),
		cmocka_unit_test(test_special_values),
		cmocka_unit_test(test_functions),
		cmocka_unit_test(test_casts),
		cmocka_unit_test(test_resolution),
		cmocka_unit_test(test_hash_compare),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_aggregates),
		cmocka_unit_test(test_public_api),
		cmocka_unit_test(test_random_inputs),
	};

	types_test_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
