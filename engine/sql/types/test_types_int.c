/*-------------------------------------------------------------------------
 * test_types_int.c
 *	  Unit tests for the integer family (int.c, int_ops.c): int2, int4,
 *	  int8 and oid.
 *
 * What: text input (blanks, signs, limits, the exact 22P02 / 22003
 * messages, overflow detected before trailing garbage), oid's wrapping
 * input, output, binary send/recv round trips in network byte order,
 * arithmetic with PostgreSQL's result types and overflow errors,
 * truncating division, division by zero, MIN % -1, cross-width
 * comparisons, casts with range checks, shifts, hashing equal across
 * widths, generate_series.
 * How: values go through the real input/output functions and through
 * operator resolution + coerce_datum (test_types_common.h); expected
 * strings and messages were taken from PostgreSQL 15.
 *-------------------------------------------------------------------------
 */
#include "sql/types/test_types_common.h"

#include "utils/strbuf.h"

static void
test_int_input(void **state)
{
	assert_string_equal(roundtrip(INT4OID, " 12 "), "12");
	assert_string_equal(roundtrip(INT2OID, "+5"), "5");
	assert_string_equal(roundtrip(INT4OID, "  -0  "), "0");
	assert_string_equal(roundtrip(INT4OID, "-2147483648"), "-2147483648");
	assert_string_equal(roundtrip(INT8OID, "-9223372036854775808"), "-9223372036854775808");
	assert_string_equal(roundtrip(INT8OID, "9223372036854775807"), "9223372036854775807");
	assert_string_equal(roundtrip(INT2OID, "-32768"), "-32768");

	EXPECT_ERROR_EXACT(type_input(INT4OID, "99999999999", -1), "22003",
				 "value \"99999999999\" is out of range for type integer");
	EXPECT_ERROR_EXACT(type_input(INT4OID, "2147483648", -1), "22003",
				 "value \"2147483648\" is out of range for type integer");
	EXPECT_ERROR_EXACT(type_input(INT4OID, "99999999999x", -1), "22003",
				 "value \"99999999999x\" is out of range for type integer");
	EXPECT_ERROR_EXACT(type_input(INT2OID, "32768", -1), "22003",
				 "value \"32768\" is out of range for type smallint");
	EXPECT_ERROR_EXACT(type_input(INT8OID, "9223372036854775808", -1), "22003",
				 "value \"9223372036854775808\" is out of range for type bigint");
	EXPECT_ERROR_EXACT(type_input(INT4OID, "abc", -1), "22P02",
				 "invalid input syntax for type integer: \"abc\"");
	EXPECT_ERROR_EXACT(type_input(INT4OID, "", -1), "22P02",
				 "invalid input syntax for type integer: \"\"");
	EXPECT_ERROR_EXACT(type_input(INT4OID, "-", -1), "22P02",
				 "invalid input syntax for type integer: \"-\"");
	EXPECT_ERROR_EXACT(type_input(INT4OID, "0x10", -1), "22P02",
				 "invalid input syntax for type integer: \"0x10\"");
	EXPECT_ERROR_EXACT(type_input(INT4OID, "1e3", -1), "22P02",
				 "invalid input syntax for type integer: \"1e3\"");
	EXPECT_ERROR_EXACT(type_input(INT4OID, "1 2", -1), "22P02",
				 "invalid input syntax for type integer: \"1 2\"");
}

static void
test_oid_input(void **state)
{
	assert_string_equal(roundtrip(OIDOID, "-1"), "4294967295");
	assert_string_equal(roundtrip(OIDOID, "4294967295"), "4294967295");
	assert_string_equal(roundtrip(OIDOID, "-2147483648"), "2147483648");
	assert_string_equal(roundtrip(OIDOID, " 12 "), "12");
	EXPECT_ERROR_EXACT(type_input(OIDOID, "4294967296", -1), "22003",
				 "value \"4294967296\" is out of range for type oid");
	EXPECT_ERROR_EXACT(type_input(OIDOID, "-2147483649", -1), "22003",
				 "value \"-2147483649\" is out of range for type oid");
	EXPECT_ERROR_EXACT(type_input(OIDOID, "x", -1), "22P02", "invalid input syntax for type oid: \"x\"");
	EXPECT_ERROR_EXACT(type_input(OIDOID, "", -1), "22P02", "invalid input syntax for type oid: \"\"");
}

static void
test_int_binary(void **state)
{
	StringBuf	buf;

	strbuf_init(&buf);
	type_send(INT4OID, Int32GetDatum(-2), &buf);
	type_send(INT2OID, Int16GetDatum(258), &buf);
	type_send(INT8OID, Int64GetDatum(INT64_C(0x0102030405060708)), &buf);
	type_send(OIDOID, ObjectIdGetDatum(4000000000u), &buf);
	assert_int_equal(buf.len, 4 + 2 + 8 + 4);
	assert_memory_equal(buf.data, "\xff\xff\xff\xfe\x01\x02\x01\x02\x03\x04\x05\x06\x07\x08", 14);

	assert_int_equal(DatumGetInt32(type_recv(INT4OID, &buf, -1)), -2);
	assert_int_equal(DatumGetInt16(type_recv(INT2OID, &buf, -1)), 258);
	assert_true(DatumGetInt64(type_recv(INT8OID, &buf, -1)) == INT64_C(0x0102030405060708));
	assert_int_equal(DatumGetObjectId(type_recv(OIDOID, &buf, -1)), 4000000000u);
	assert_int_equal(buf.cursor, buf.len);

	/* a short parameter is a protocol error, not an over-read */
	StringBuf	shortbuf;

	strbuf_init(&shortbuf);
	strbuf_append_bytes(&shortbuf, "\x01\x02", 2);
	EXPECT_ERROR_EXACT(type_recv(INT4OID, &shortbuf, -1), "08P01", "insufficient data left in message");
}

static void
test_int_arithmetic(void **state)
{
	assert_string_equal(eval_op("+", UNKNOWNOID, "1", INT4OID, "1"), "2");
	assert_string_equal(eval_op("/", INT4OID, "1", INT4OID, "2"), "0");
	assert_string_equal(eval_op("/", INT4OID, "-7", INT4OID, "2"), "-3");
	assert_string_equal(eval_op("%", INT4OID, "-7", INT4OID, "2"), "-1");
	assert_string_equal(eval_op("%", INT4OID, "7", INT4OID, "-2"), "1");
	assert_string_equal(eval_op("%", INT4OID, "7", INT4OID, "3"), "1");
	assert_string_equal(eval_op("%", INT4OID, "-2147483648", INT4OID, "-1"), "0");
	assert_string_equal(eval_op("%", INT8OID, "-9223372036854775808", INT8OID, "-1"), "0");
	assert_string_equal(eval_op("-", InvalidOid, NULL, INT4OID, "5"), "-5");
	assert_string_equal(eval_op("@", InvalidOid, NULL, INT4OID, "-5"), "5");
	assert_string_equal(eval_op("*", INT2OID, "300", INT4OID, "300"), "90000");

	EXPECT_ERROR_EXACT(eval_op("+", INT4OID, "2147483647", INT4OID, "1"), "22003", "integer out of range");
	EXPECT_ERROR_EXACT(eval_op("+", INT2OID, "32767", INT2OID, "1"), "22003", "smallint out of range");
	EXPECT_ERROR_EXACT(eval_op("+", INT8OID, "9223372036854775807", INT4OID, "1"), "22003",
				 "bigint out of range");
	EXPECT_ERROR_EXACT(eval_op("*", INT8OID, "9223372036854775807", INT8OID, "2"), "22003",
				 "bigint out of range");
	EXPECT_ERROR_EXACT(eval_op("/", INT4OID, "-2147483648", INT4OID, "-1"), "22003",
				 "integer out of range");
	EXPECT_ERROR_EXACT(eval_op("/", INT2OID, "-32768", INT2OID, "-1"), "22003", "smallint out of range");
	EXPECT_ERROR_EXACT(eval_op("/", INT8OID, "-9223372036854775808", INT8OID, "-1"), "22003",
				 "bigint out of range");
	EXPECT_ERROR_EXACT(eval_op("-", InvalidOid, NULL, INT2OID, "-32768"), "22003",
				 "smallint out of range");
	EXPECT_ERROR_EXACT(eval_op("/", INT4OID, "5", INT4OID, "0"), "22012", "division by zero");
	EXPECT_ERROR_EXACT(eval_op("%", INT4OID, "5", INT4OID, "0"), "22012", "division by zero");
	EXPECT_ERROR_EXACT(eval_func1("abs", INT4OID, "-2147483648"), "22003", "integer out of range");
	EXPECT_ERROR_EXACT(eval_func1("abs", INT2OID, "-32768"), "22003", "smallint out of range");
}

static void
test_int_result_types(void **state)
{
	assert_int_equal(op_result_type("+", INT2OID, INT8OID), INT8OID);
	assert_int_equal(op_result_type("+", INT2OID, INT2OID), INT2OID);
	assert_int_equal(op_result_type("*", INT2OID, INT4OID), INT4OID);
	assert_int_equal(op_result_type("+", INT4OID, INT8OID), INT8OID);
	assert_int_equal(op_result_type("<<", INT8OID, INT4OID), INT8OID);
	/* '1'::int2 + 1 is int2 + int4; 1::int2 + '1' is int2 + int2 */
	assert_int_equal(op_result_type("+", INT2OID, INT4OID), INT4OID);
	assert_int_equal(op_result_type("+", INT2OID, UNKNOWNOID), INT2OID);
	assert_int_equal(op_result_type("~", InvalidOid, INT2OID), INT2OID);
}

static void
test_int_compare_and_bits(void **state)
{
	assert_string_equal(eval_op("=", INT4OID, "1", INT8OID, "1"), "t");
	assert_string_equal(eval_op("<", INT2OID, "1", INT8OID, "2"), "t");
	assert_string_equal(eval_op(">=", INT8OID, "-1", INT2OID, "0"), "f");
	assert_string_equal(eval_op("<", OIDOID, "4294967295", OIDOID, "1"), "f");
	assert_string_equal(eval_op("=", OIDOID, "5", INT4OID, "5"), "t");

	assert_string_equal(eval_op("&", INT4OID, "5", INT4OID, "3"), "1");
	assert_string_equal(eval_op("|", INT4OID, "5", INT4OID, "3"), "7");
	assert_string_equal(eval_op("#", INT4OID, "5", INT4OID, "3"), "6");
	assert_string_equal(eval_op("~", InvalidOid, NULL, INT4OID, "5"), "-6");
	assert_string_equal(eval_op("<<", INT4OID, "1", INT4OID, "3"), "8");
	assert_string_equal(eval_op(">>", INT4OID, "16", INT4OID, "2"), "4");
	/* shift counts wrap as on x86, as PostgreSQL's C shifts do there */
	assert_string_equal(eval_op("<<", INT4OID, "1", INT4OID, "33"), "2");
	assert_string_equal(eval_op("<<", INT8OID, "1", INT4OID, "65"), "2");
	assert_string_equal(eval_op("<<", INT4OID, "1", INT4OID, "-1"), "-2147483648");
	assert_string_equal(eval_op("<<", INT2OID, "1", INT4OID, "17"), "0");
	assert_string_equal(eval_op(">>", INT2OID, "-8", INT4OID, "1"), "-4");
	assert_string_equal(eval_op(">>", INT4OID, "-1", INT4OID, "1"), "-1");
}

static void
test_int_casts(void **state)
{
	assert_string_equal(cast_text(INT8OID, "-32768", INT2OID, -1, COERCION_ASSIGNMENT), "-32768");
	EXPECT_ERROR_EXACT(cast_text(INT4OID, "32768", INT2OID, -1, COERCION_ASSIGNMENT), "22003",
				 "smallint out of range");
	EXPECT_ERROR_EXACT(cast_text(INT8OID, "2147483648", INT4OID, -1, COERCION_ASSIGNMENT), "22003",
				 "integer out of range");
	/* narrowing is not implicit; widening is */
	assert_false(can_coerce(INT8OID, INT4OID, COERCION_IMPLICIT));
	assert_true(can_coerce(INT8OID, INT4OID, COERCION_ASSIGNMENT));
	assert_true(can_coerce(INT2OID, INT8OID, COERCION_IMPLICIT));
	assert_false(can_coerce(INT4OID, BOOLOID, COERCION_ASSIGNMENT));
	assert_string_equal(cast_text(INT4OID, "5", BOOLOID, -1, COERCION_EXPLICIT), "t");
	assert_string_equal(cast_text(BOOLOID, "true", INT4OID, -1, COERCION_EXPLICIT), "1");
	/* oid <-> integers */
	assert_string_equal(cast_text(OIDOID, "4294967295", INT4OID, -1, COERCION_ASSIGNMENT), "-1");
	assert_string_equal(cast_text(OIDOID, "4294967295", INT8OID, -1, COERCION_ASSIGNMENT),
						"4294967295");
	assert_string_equal(cast_text(INT4OID, "-1", OIDOID, -1, COERCION_IMPLICIT), "4294967295");
	EXPECT_ERROR_EXACT(cast_text(INT8OID, "-1", OIDOID, -1, COERCION_IMPLICIT), "22003",
				 "OID out of range");
	EXPECT_ERROR_EXACT(cast_text(INT8OID, "4294967296", OIDOID, -1, COERCION_IMPLICIT), "22003",
				 "OID out of range");
	/* to text through the output function, assignment only */
	assert_false(can_coerce(INT4OID, TEXTOID, COERCION_IMPLICIT));
	assert_string_equal(cast_text(INT4OID, "-42", TEXTOID, -1, COERCION_ASSIGNMENT), "-42");
	assert_string_equal(cast_text(TEXTOID, " 42 ", INT4OID, -1, COERCION_EXPLICIT), "42");
	assert_null(cast_find(TEXTOID, INT4OID, COERCION_ASSIGNMENT));
}

static void
test_int_hash(void **state)
{
	assert_int_equal(type_hash(INT2OID, Int16GetDatum(-7)), type_hash(INT4OID, Int32GetDatum(-7)));
	assert_int_equal(type_hash(INT4OID, Int32GetDatum(-7)), type_hash(INT8OID, Int64GetDatum(-7)));
	assert_int_equal(type_hash(INT2OID, Int16GetDatum(12345)),
					 type_hash(INT8OID, Int64GetDatum(12345)));
	assert_int_not_equal(type_hash(INT4OID, Int32GetDatum(1)), type_hash(INT4OID, Int32GetDatum(2)));
	assert_true(type_compare(INT8OID, Int64GetDatum(-1), Int64GetDatum(1)) < 0);
	assert_true(type_compare(OIDOID, ObjectIdGetDatum(4294967295u), ObjectIdGetDatum(1)) > 0);
}

static void
test_generate_series(void **state)
{
	Oid			types[3] = {INT4OID, INT4OID, INT4OID};
	Oid			coerce[3];
	Oid			rettype;
	const BuiltinFunction *f = func_resolve("generate_series", 3, types, coerce, &rettype);
	FunctionCallInfoData fc;
	char		got[64] = "";

	assert_non_null(f);
	assert_true(f->retset);
	memset(&fc, 0, sizeof(fc));
	fc.nargs = 3;
	fc.args[0] = Int32GetDatum(2147483645);
	fc.args[1] = Int32GetDatum(2147483647);
	fc.args[2] = Int32GetDatum(1);
	fc.srf_memctx = CurrentMemoryContext;
	for (int guard = 0; guard < 10; guard++)
	{
		Datum		v = f->fn(&fc);

		if (fc.srf_done)
			break;
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%d,", DatumGetInt32(v));
	}
	/* stops at the type's end instead of overflowing */
	assert_string_equal(got, "2147483645,2147483646,2147483647,");

	memset(&fc, 0, sizeof(fc));
	fc.nargs = 3;
	fc.args[0] = Int32GetDatum(1);
	fc.args[1] = Int32GetDatum(3);
	fc.args[2] = Int32GetDatum(0);
	EXPECT_ERROR_EXACT(f->fn(&fc), "22023", "step size cannot equal zero");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_int_input),
		cmocka_unit_test(test_oid_input),
		cmocka_unit_test(test_int_binary),
		cmocka_unit_test(test_int_arithmetic),
		cmocka_unit_test(test_int_result_types),
		cmocka_unit_test(test_int_compare_and_bits),
		cmocka_unit_test(test_int_casts),
		cmocka_unit_test(test_int_hash),
		cmocka_unit_test(test_generate_series),
	};

	types_test_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
