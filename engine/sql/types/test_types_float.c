/*-------------------------------------------------------------------------
 * test_types_float.c
 *	  Unit tests for float4/float8 (float.c, float_funcs.c).
 *
 * What: shortest round-trip output in PostgreSQL's format (fixed vs
 * exponent thresholds, two-digit exponents, ties never chosen: 1e23
 * prints as 9.999999999999999e+22), extra_float_digits <= 0, special
 * values, input (blanks, inf/nan spellings, hex, denormals, range
 * errors quoting only the number), binary I/O, arithmetic overflow /
 * underflow / division by zero, NaN ordering and hashing, float -> int
 * casts rounding half to even with range errors, math function domain
 * errors, random()/setseed().
 * How: through type_input/type_output and resolved operator/function
 * calls (test_types_common.h); expected text from PostgreSQL 15.  A
 * property check reads back the output of many random bit patterns.
 *-------------------------------------------------------------------------
 */
#include "sql/types/test_types_common.h"

#include <math.h>
#include <stdlib.h>

#include "utils/strbuf.h"

static char *
f8(double v)
{
	return type_output(FLOAT8OID, Float8GetDatum(v));
}

static char *
f4(float v)
{
	return type_output(FLOAT4OID, Float4GetDatum(v));
}

static void
test_float8_output(void **state)
{
	assert_string_equal(f8(1e15), "1e+15");
	assert_string_equal(f8(1e14), "100000000000000");
	assert_string_equal(f8(123456789012345678.0), "1.2345678901234568e+17");
	assert_string_equal(f8(0.0001), "0.0001");
	assert_string_equal(f8(0.00001), "1e-05");
	assert_string_equal(f8(1.5), "1.5");
	assert_string_equal(f8(100), "100");
	assert_string_equal(f8(0.1 + 0.2), "0.30000000000000004");
	assert_string_equal(f8(1.0 / 3), "0.3333333333333333");
	assert_string_equal(f8(-0.0), "-0");
	assert_string_equal(f8(1.23e-7), "1.23e-07");
	assert_string_equal(f8(1e100), "1e+100");
	assert_string_equal(f8(1.7976931348623157e308), "1.7976931348623157e+308");
	assert_string_equal(f8(5e-324), "5e-324");
	assert_string_equal(f8(ldexp(1, 1023)), "8.98846567431158e+307");
	assert_string_equal(f8(ldexp(1, -1022)), "2.2250738585072014e-308");
	assert_string_equal(f8(ldexp(1, 53)), "9.007199254740992e+15");
	assert_string_equal(f8(ldexp(1, 60)), "1.152921504606847e+18");
	assert_string_equal(f8(ldexp(1, -60)), "8.673617379884035e-19");
	assert_string_equal(f8(123456789012345.6), "123456789012345.6");
	assert_string_equal(f8(0.00012345678901234567), "0.00012345678901234567");
	/* exact ties are never printed */
	assert_string_equal(f8(1e23), "9.999999999999999e+22");
	assert_string_equal(f8(5e22), "4.9999999999999996e+22");
	assert_string_equal(f8(1e22), "1e+22");
	assert_string_equal(f8(INFINITY), "Infinity");
	assert_string_equal(f8(-INFINITY), "-Infinity");
	assert_string_equal(f8(NAN), "NaN");
	assert_string_equal(f8(2.718281828459045), "2.718281828459045");
}

static void
test_float4_output(void **state)
{
	assert_string_equal(f4(1.0f / 3.0f), "0.33333334");
	assert_string_equal(f4(1e6f), "1e+06");
	assert_string_equal(f4(100000.0f), "100000");
	assert_string_equal(f4(1234567.0f), "1.234567e+06");
	assert_string_equal(f4(12345678.0f), "1.2345678e+07");
	assert_string_equal(f4(1e-4f), "0.0001");
	assert_string_equal(f4(1e-5f), "1e-05");
	assert_string_equal(f4(3.4028235e38f), "3.4028235e+38");
	assert_string_equal(f4(1.4e-45f), "1e-45");
	assert_string_equal(f4(ldexpf(1, 127)), "1.7014118e+38");
	assert_string_equal(f4(ldexpf(1, -126)), "1.1754944e-38");
	assert_string_equal(f4(8.589973e9f), "8.589974e+09");
	assert_string_equal(f4(16777216.0f), "1.6777216e+07");
	assert_string_equal(f4(123.456f), "123.456");
	assert_string_equal(f4(2e-7f), "2e-07");
	assert_string_equal(f8((double) 0.1f), "0.10000000149011612");
}

static void
test_extra_float_digits(void **state)
{
	guc_set("extra_float_digits", "0", PGC_USERSET, PGC_S_SESSION, false, ERROR);
	assert_string_equal(f8(0.1 + 0.2), "0.3");
	assert_string_equal(f8(1.0 / 3), "0.333333333333333");
	assert_string_equal(f8(1e15), "1e+15");
	assert_string_equal(f8(1e16), "1e+16");
	assert_string_equal(f4(1.0f / 3.0f), "0.333333");
	assert_string_equal(f4(1e6f), "1e+06");
	guc_set("extra_float_digits", "1", PGC_USERSET, PGC_S_SESSION, false, ERROR);
	assert_string_equal(f8(0.1 + 0.2), "0.30000000000000004");
}

/* Output must read back as the same bits (NaN aside). */
static void
test_float_roundtrip_property(void **state)
{
	srand(12345);
	for (int i = 0; i < 20000; i++)
	{
		uint64_t	bits = ((uint64_t) rand() << 42) ^ ((uint64_t) rand() << 21) ^ (uint64_t) rand();
		double		d;
		float		f;
		uint32_t	fbits = (uint32_t) bits;

		memcpy(&d, &bits, sizeof(d));
		memcpy(&f, &fbits, sizeof(f));
		if (!isnan(d))
		{
			double		back = strtod(f8(d), NULL);

			assert_memory_equal(&back, &d, sizeof(d));
		}
		if (!isnan(f))
		{
			float		fback = strtof(f4(f), NULL);

			assert_memory_equal(&fback, &f, sizeof(f));
		}
	}
}

static void
test_float_input(void **state)
{
	assert_string_equal(roundtrip(FLOAT8OID, "  1.5  "), "1.5");
	assert_string_equal(roundtrip(FLOAT8OID, ".5"), "0.5");
	assert_string_equal(roundtrip(FLOAT8OID, "5."), "5");
	assert_string_equal(roundtrip(FLOAT8OID, "+.5e1"), "5");
	assert_string_equal(roundtrip(FLOAT8OID, "0x10"), "16");
	assert_string_equal(roundtrip(FLOAT8OID, "inf"), "Infinity");
	assert_string_equal(roundtrip(FLOAT8OID, "-INF"), "-Infinity");
	assert_string_equal(roundtrip(FLOAT8OID, " Infinity "), "Infinity");
	assert_string_equal(roundtrip(FLOAT8OID, "nan"), "NaN");
	assert_string_equal(roundtrip(FLOAT8OID, "-nan"), "NaN");
	assert_string_equal(roundtrip(FLOAT4OID, "NaN"), "NaN");
	assert_string_equal(roundtrip(FLOAT4OID, "-infinity"), "-Infinity");
	assert_string_equal(roundtrip(FLOAT8OID, "4.9e-324"), "5e-324");
	assert_string_equal(roundtrip(FLOAT8OID, "1e-310"), "1e-310");
	assert_string_equal(roundtrip(FLOAT4OID, "1e-40"), "1e-40");
	assert_string_equal(roundtrip(FLOAT4OID, "16777217"), "1.6777216e+07");

	EXPECT_ERROR_EXACT(type_input(FLOAT8OID, "1e400", -1), "22003",
				 "\"1e400\" is out of range for type double precision");
	EXPECT_ERROR_EXACT(type_input(FLOAT8OID, " 1e-400 ", -1), "22003",
				 "\"1e-400\" is out of range for type double precision");
	EXPECT_ERROR_EXACT(type_input(FLOAT4OID, "1e40", -1), "22003",
				 "\"1e40\" is out of range for type real");
	EXPECT_ERROR_EXACT(type_input(FLOAT4OID, "1e-50", -1), "22003",
				 "\"1e-50\" is out of range for type real");
	EXPECT_ERROR_EXACT(type_input(FLOAT8OID, "", -1), "22P02",
				 "invalid input syntax for type double precision: \"\"");
	EXPECT_ERROR_EXACT(type_input(FLOAT8OID, "1.5x", -1), "22P02",
				 "invalid input syntax for type double precision: \"1.5x\"");
	EXPECT_ERROR_EXACT(type_input(FLOAT8OID, "1e", -1), "22P02",
				 "invalid input syntax for type double precision: \"1e\"");
	EXPECT_ERROR_EXACT(type_input(FLOAT8OID, ".", -1), "22P02",
				 "invalid input syntax for type double precision: \".\"");
	EXPECT_ERROR_EXACT(type_input(FLOAT8OID, "infinityx", -1), "22P02",
				 "invalid input syntax for type double precision: \"infinityx\"");
	EXPECT_ERROR_EXACT(type_input(FLOAT4OID, "abc", -1), "22P02",
				 "invalid input syntax for type real: \"abc\"");
}

static void
test_float_binary(void **state)
{
	StringBuf	buf;

	strbuf_init(&buf);
	type_send(FLOAT8OID, Float8GetDatum(1.0), &buf);
	type_send(FLOAT4OID, Float4GetDatum(-2.0f), &buf);
	assert_int_equal(buf.len, 12);
	assert_memory_equal(buf.data, "\x3f\xf0\0\0\0\0\0\0\xc0\0\0\0", 12);
	assert_true(DatumGetFloat8(type_recv(FLOAT8OID, &buf, -1)) == 1.0);
	assert_true(DatumGetFloat4(type_recv(FLOAT4OID, &buf, -1)) == -2.0f);
}

static void
test_float_arithmetic(void **state)
{
	assert_string_equal(eval_op("+", FLOAT8OID, "0.1", FLOAT8OID, "0.2"), "0.30000000000000004");
	assert_string_equal(eval_op("/", FLOAT4OID, "1", FLOAT4OID, "3"), "0.33333334");
	assert_string_equal(eval_op("+", FLOAT8OID, "infinity", INT4OID, "1"), "Infinity");
	assert_string_equal(eval_op("-", FLOAT8OID, "infinity", FLOAT8OID, "infinity"), "NaN");
	assert_string_equal(eval_op("+", FLOAT4OID, "1.5", FLOAT8OID, "1"), "2.5");
	assert_int_equal(op_result_type("*", FLOAT4OID, INT4OID), FLOAT8OID);
	assert_int_equal(op_result_type("+", FLOAT4OID, FLOAT4OID), FLOAT4OID);
	assert_int_equal(op_result_type("^", INT4OID, INT4OID), FLOAT8OID);
	assert_string_equal(eval_op("^", INT4OID, "2", INT4OID, "10"), "1024");
	assert_string_equal(eval_op("|/", InvalidOid, NULL, INT4OID, "16"), "4");
	assert_string_equal(eval_op("||/", InvalidOid, NULL, INT4OID, "27"), "3.0000000000000004");
	assert_string_equal(eval_op("-", InvalidOid, NULL, FLOAT8OID, "infinity"), "-Infinity");

	EXPECT_ERROR_EXACT(eval_op("*", FLOAT8OID, "1e300", FLOAT8OID, "1e300"), "22003",
				 "value out of range: overflow");
	EXPECT_ERROR_EXACT(eval_op("*", FLOAT8OID, "1e-300", FLOAT8OID, "1e-300"), "22003",
				 "value out of range: underflow");
	EXPECT_ERROR_EXACT(eval_op("+", FLOAT8OID, "1e308", FLOAT8OID, "1e308"), "22003",
				 "value out of range: overflow");
	EXPECT_ERROR_EXACT(eval_op("*", FLOAT4OID, "1e38", FLOAT4OID, "10"), "22003",
				 "value out of range: overflow");
	EXPECT_ERROR_EXACT(eval_op("/", FLOAT8OID, "1", INT4OID, "0"), "22012", "division by zero");
	/* NaN / 0 is NaN, not an error */
	assert_string_equal(eval_op("/", FLOAT8OID, "nan", FLOAT8OID, "0"), "NaN");
}

static void
test_float_compare_hash(void **state)
{
	assert_string_equal(eval_op("=", FLOAT8OID, "nan", FLOAT8OID, "nan"), "t");
	assert_string_equal(eval_op(">", FLOAT8OID, "nan", FLOAT8OID, "infinity"), "t");
	assert_string_equal(eval_op("=", FLOAT8OID, "-0", INT4OID, "0"), "t");
	assert_string_equal(eval_op("=", FLOAT4OID, "NaN", FLOAT8OID, "NaN"), "t");
	assert_string_equal(eval_op("<", FLOAT4OID, "1", FLOAT8OID, "nan"), "t");
	assert_int_equal(type_hash(FLOAT8OID, Float8GetDatum(0.0)),
					 type_hash(FLOAT8OID, Float8GetDatum(-0.0)));
	assert_int_equal(type_hash(FLOAT8OID, Float8GetDatum(NAN)),
					 type_hash(FLOAT8OID, Float8GetDatum(-NAN)));
	assert_int_equal(type_hash(FLOAT4OID, Float4GetDatum(1.5f)),
					 type_hash(FLOAT8OID, Float8GetDatum(1.5)));
	assert_true(type_compare(FLOAT8OID, Float8GetDatum(NAN), Float8GetDatum(INFINITY)) > 0);
	assert_int_equal(type_compare(FLOAT8OID, Float8GetDatum(NAN), Float8GetDatum(NAN)), 0);
}

static void
test_float_casts(void **state)
{
	assert_string_equal(cast_text(FLOAT8OID, "2.5", INT4OID, -1, COERCION_ASSIGNMENT), "2");
	assert_string_equal(cast_text(FLOAT8OID, "3.5", INT4OID, -1, COERCION_ASSIGNMENT), "4");
	assert_string_equal(cast_text(FLOAT8OID, "-2.5", INT4OID, -1, COERCION_ASSIGNMENT), "-2");
	assert_string_equal(cast_text(FLOAT4OID, "0.5", INT2OID, -1, COERCION_ASSIGNMENT), "0");
	assert_string_equal(cast_text(FLOAT8OID, "32766.5", INT2OID, -1, COERCION_ASSIGNMENT),
						"32766");
	EXPECT_ERROR_EXACT(cast_text(FLOAT8OID, "32767.5", INT2OID, -1, COERCION_ASSIGNMENT), "22003",
				 "smallint out of range");
	EXPECT_ERROR_EXACT(cast_text(FLOAT8OID, "1e10", INT4OID, -1, COERCION_ASSIGNMENT), "22003",
				 "integer out of range");
	EXPECT_ERROR_EXACT(cast_text(FLOAT8OID, "nan", INT4OID, -1, COERCION_ASSIGNMENT), "22003",
				 "integer out of range");
	EXPECT_ERROR_EXACT(cast_text(FLOAT8OID, "9.2233720368547758e18", INT8OID, -1, COERCION_ASSIGNMENT),
				 "22003", "bigint out of range");
	assert_string_equal(cast_text(FLOAT8OID, "1e38", FLOAT4OID, -1, COERCION_ASSIGNMENT), "1e+38");
	EXPECT_ERROR_EXACT(cast_text(FLOAT8OID, "1e39", FLOAT4OID, -1, COERCION_ASSIGNMENT), "22003",
				 "value out of range: overflow");
	EXPECT_ERROR_EXACT(cast_text(FLOAT8OID, "1e-50", FLOAT4OID, -1, COERCION_ASSIGNMENT), "22003",
				 "value out of range: underflow");
	assert_string_equal(cast_text(FLOAT8OID, "inf", FLOAT4OID, -1, COERCION_ASSIGNMENT),
						"Infinity");
	assert_false(can_coerce(FLOAT8OID, INT4OID, COERCION_IMPLICIT));
	assert_true(can_coerce(INT8OID, FLOAT4OID, COERCION_IMPLICIT));
}

static void
test_float_functions(void **state)
{
	assert_string_equal(eval_func1("round", FLOAT8OID, "2.5"), "2");
	assert_string_equal(eval_func1("round", FLOAT8OID, "-2.5"), "-2");
	assert_string_equal(eval_func1("trunc", FLOAT8OID, "-2.7"), "-2");
	assert_string_equal(eval_func1("ceil", FLOAT8OID, "-0.5"), "-0");
	assert_string_equal(eval_func1("floor", FLOAT8OID, "-0.5"), "-1");
	assert_string_equal(eval_func1("sign", INT4OID, "-5"), "-1");
	assert_string_equal(eval_func1("sign", FLOAT8OID, "nan"), "0");
	assert_string_equal(eval_func1("log", FLOAT8OID, "100"), "2");
	assert_string_equal(eval_func1("exp", FLOAT8OID, "1"), "2.718281828459045");
	assert_string_equal(eval_func2("power", FLOAT8OID, "2", FLOAT8OID, "0.5"),
						"1.4142135623730951");
	assert_string_equal(eval_func1("degrees", FLOAT8OID, "3.141592653589793"), "180");
	assert_string_equal(eval_func2("atan2", FLOAT8OID, "1", FLOAT8OID, "1"), "0.7853981633974483");
	assert_string_equal(eval_func1("cot", FLOAT8OID, "1"), "0.6420926159343306");
	assert_string_equal(eval_func(  "pi", 0, NULL, NULL), "3.141592653589793");

	EXPECT_ERROR_EXACT(eval_func1("sqrt", FLOAT8OID, "-1"), "2201F",
				 "cannot take square root of a negative number");
	EXPECT_ERROR_EXACT(eval_func1("ln", FLOAT8OID, "0"), "2201E", "cannot take logarithm of zero");
	EXPECT_ERROR_EXACT(eval_func1("ln", FLOAT8OID, "-1"), "2201E",
				 "cannot take logarithm of a negative number");
	EXPECT_ERROR_EXACT(eval_func1("exp", FLOAT8OID, "1000"), "22003", "value out of range: overflow");
	EXPECT_ERROR_EXACT(eval_func1("exp", FLOAT8OID, "-1000"), "22003", "value out of range: underflow");
	EXPECT_ERROR_EXACT(eval_func2("power", FLOAT8OID, "0", FLOAT8OID, "-1"), "2201F",
				 "zero raised to a negative power is undefined");
	EXPECT_ERROR_EXACT(eval_func2("power", FLOAT8OID, "-8", FLOAT8OID, "0.3333333333333333"), "2201F",
				 "a negative number raised to a non-integer power yields a complex result");
	EXPECT_ERROR_EXACT(eval_func2("power", FLOAT8OID, "10", FLOAT8OID, "400"), "22003",
				 "value out of range: overflow");
	EXPECT_ERROR_EXACT(eval_func1("sin", FLOAT8OID, "infinity"), "22003", "input is out of range");
	EXPECT_ERROR_EXACT(eval_func1("asin", INT4OID, "2"), "22003", "input is out of range");
	EXPECT_ERROR_EXACT(eval_func1("setseed", INT4OID, "2"), "22023",
				 "setseed parameter 2 is out of allowed range [-1,1]");
}

static void
test_random(void **state)
{
	Oid			rettype;
	const BuiltinFunction *f = func_resolve("random", 0, NULL, NULL, &rettype);
	const BuiltinFunction *seed = func_resolve("setseed", 1, (Oid[]) {FLOAT8OID}, NULL, NULL);
	double		first[5];

	assert_non_null(f);
	assert_int_equal(f->volatility, FUNC_VOLATILE);
	assert_int_equal(rettype, FLOAT8OID);
	call_function1(seed->fn, Float8GetDatum(0.5));
	for (int i = 0; i < 5; i++)
	{
		first[i] = DatumGetFloat8(f->fn(&(FunctionCallInfoData) {.nargs = 0}));
		assert_true(first[i] >= 0.0 && first[i] < 1.0);
	}
	assert_true(first[0] != first[1]);
	call_function1(seed->fn, Float8GetDatum(0.5));
	for (int i = 0; i < 5; i++)
		assert_true(DatumGetFloat8(f->fn(&(FunctionCallInfoData) {.nargs = 0})) == first[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_float8_output),
		cmocka_unit_test(test_float4_output),
		cmocka_unit_test(test_extra_float_digits),
		cmocka_unit_test(test_float_roundtrip_property),
		cmocka_unit_test(test_float_input),
		cmocka_unit_test(test_float_binary),
		cmocka_unit_test(test_float_arithmetic),
		cmocka_unit_test(test_float_compare_hash),
		cmocka_unit_test(test_float_casts),
		cmocka_unit_test(test_float_functions),
		cmocka_unit_test(test_random),
	};

	types_test_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
