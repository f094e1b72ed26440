/*-------------------------------------------------------------------------
 * test_types_text.c
 *	  Unit tests for the character types and string functions (text.c,
 *	  text_ops.c, like.c, text_funcs.c, misc_funcs.c, bytea.c).
 *
 * What: UTF-8 verification with PostgreSQL's 22021 message; varchar(n)
 * and char(n) modifiers (22001 on store, silent truncation on explicit
 * casts, padding, trailing-space rules in comparison, length, hashing
 * and casts to text); name truncation at 63 bytes on a character
 * boundary; the "char" type's escapes and range; binary I/O; text || any;
 * LIKE/ILIKE with escapes, multibyte characters and the trailing-escape
 * error; the string functions' edge cases (negative and huge positions,
 * multibyte characters, empty arguments, length limits); concat, md5;
 * bytea hex/escape input and output.
 * How: real input/output functions, coerce_datum and resolved calls
 * (test_types_common.h); expected values from PostgreSQL 15.
 *-------------------------------------------------------------------------
 */
#include "sql/types/test_types_common.h"

#include "utils/strbuf.h"

#define T TEXTOID
#define U UNKNOWNOID
#define I INT4OID

static void
test_utf8_input(void **state)
{
	assert_string_equal(roundtrip(T, "héllo"), "héllo");
	EXPECT_ERROR_EXACT(type_input(T, "\xc3\x28", -1), "22021",
				 "invalid byte sequence for encoding \"UTF8\": 0xc3 0x28");
	EXPECT_ERROR_EXACT(type_input(T, "\xff", -1), "22021",
				 "invalid byte sequence for encoding \"UTF8\": 0xff");
	EXPECT_ERROR_EXACT(type_input(T, "\xe2\x82", -1), "22021",
				 "invalid byte sequence for encoding \"UTF8\": 0xe2 0x82");
	EXPECT_ERROR_EXACT(type_input(T, "\xc0\x80", -1), "22021",
				 "invalid byte sequence for encoding \"UTF8\": 0xc0 0x80");
	EXPECT_ERROR_EXACT(type_input(T, "\xed\xa0\x80", -1), "22021",
				 "invalid byte sequence for encoding \"UTF8\": 0xed 0xa0 0x80");
	EXPECT_ERROR_EXACT(type_input(T, "\xf4\x90\x80\x80", -1), "22021",
				 "invalid byte sequence for encoding \"UTF8\": 0xf4 0x90 0x80 0x80");
	EXPECT_ERROR_EXACT(type_input(VARCHAROID, "a\xf0\x9f\x98", -1), "22021",
				 "invalid byte sequence for encoding \"UTF8\": 0xf0 0x9f 0x98");

	/* binary input is verified too, NUL bytes included */
	StringBuf	buf;

	strbuf_init(&buf);
	strbuf_append_bytes(&buf, "a\0b", 3);
	EXPECT_ERROR_EXACT(type_recv(T, &buf, -1), "22021",
				 "invalid byte sequence for encoding \"UTF8\": 0x00");
}

static void
test_varchar_bpchar(void **state)
{
	int32_t		vc3 = 3 + VARHDRSZ;

	assert_string_equal(cast_text(U, "abcd", VARCHAROID, vc3, COERCION_EXPLICIT), "abc");
	EXPECT_ERROR_EXACT(cast_text(U, "abcd", VARCHAROID, vc3, COERCION_ASSIGNMENT), "22001",
				 "value too long for type character varying(3)");
	assert_string_equal(cast_text(U, "ab   ", VARCHAROID, vc3, COERCION_ASSIGNMENT), "ab ");
	assert_string_equal(type_output(VARCHAROID, type_input(VARCHAROID, "ééé", vc3)), "ééé");
	EXPECT_ERROR_EXACT(type_input(VARCHAROID, "éééé", vc3), "22001",
				 "value too long for type character varying(3)");

	assert_string_equal(cast_text(U, "a", BPCHAROID, vc3, COERCION_ASSIGNMENT), "a  ");
	assert_string_equal(cast_text(U, "abcd", BPCHAROID, 2 + VARHDRSZ, COERCION_EXPLICIT), "ab");
	assert_string_equal(cast_text(U, "abc  ", BPCHAROID, vc3, COERCION_ASSIGNMENT), "abc");
	EXPECT_ERROR_EXACT(cast_text(U, "abc", BPCHAROID, 2 + VARHDRSZ, COERCION_ASSIGNMENT), "22001",
				 "value too long for type character(2)");
	assert_string_equal(cast_text(U, "é", BPCHAROID, vc3, COERCION_ASSIGNMENT), "é  ");

	/* bpchar: trailing spaces ignored by comparison, length, hash, ->text */
	assert_string_equal(eval_op("=", BPCHAROID, "a  ", BPCHAROID, "a"), "t");
	assert_string_equal(eval_op("<", BPCHAROID, "a", BPCHAROID, "a "), "f");
	assert_string_equal(eval_func1("length", BPCHAROID, "a  "), "1");
	assert_string_equal(eval_func1("octet_length", BPCHAROID, "a  "), "3");
	assert_string_equal(eval_op("||", BPCHAROID, "a  ", U, "b"), "ab");
	assert_string_equal(cast_text(BPCHAROID, "a  ", T, -1, COERCION_IMPLICIT), "a");
	assert_string_equal(cast_text(BPCHAROID, "a  ", VARCHAROID, -1, COERCION_IMPLICIT), "a");
	assert_int_equal(type_hash(BPCHAROID, type_input(BPCHAROID, "x   ", -1)),
					 type_hash(BPCHAROID, type_input(BPCHAROID, "x", -1)));
	/* bpchar = text compares as text (no trimming of the text side) */
	assert_string_equal(eval_op("=", BPCHAROID, "a", T, "a  "), "f");
	/* LIKE on bpchar sees the padding */
	assert_string_equal(eval_op("~~", BPCHAROID, "a  ", U, "a"), "f");
	assert_string_equal(eval_op("~~", BPCHAROID, "a  ", U, "a  "), "t");

	/* modifiers */
	const TypeInfo *vc = type_get(VARCHAROID);
	int32_t		zero = 0,
				big = 10485761,
				ten = 10;

	EXPECT_ERROR_EXACT(vc->typmod_in(&zero, 1), "22023", "length for type varchar must be at least 1");
	EXPECT_ERROR_EXACT(type_get(BPCHAROID)->typmod_in(&big, 1), "22023",
				 "length for type char cannot exceed 10485760");
	assert_int_equal(vc->typmod_in(&ten, 1), 14);
	assert_string_equal(type_format(VARCHAROID, 14), "character varying(10)");
	assert_string_equal(type_format(BPCHAROID, 5), "character(1)");
	assert_string_equal(type_format(BPCHAROID, -1), "bpchar");
	assert_string_equal(type_sql_name(BPCHAROID), "character");
}

static void
test_name_and_char(void **state)
{
	char		longname[200] = "";

	for (int i = 0; i < 40; i++)
		strcat(longname, "é");
	/* 63 bytes would split a character: cut to 31 characters (62 bytes) */
	char	   *n = roundtrip(NAMEOID, longname);

	assert_int_equal(strlen(n), 62);
	assert_string_equal(eval_func1("length", NAMEOID, longname), "31");
	assert_string_equal(eval_op("=", NAMEOID, "abc", U, "abc"), "t");
	assert_string_equal(eval_op("<", NAMEOID, "ab", T, "abc"), "t");
	assert_string_equal(eval_op("||", NAMEOID, "ab", U, "c"), "abc");

	StringBuf	buf;

	strbuf_init(&buf);
	for (int i = 0; i < 64; i++)
		strbuf_append_char(&buf, 'x');
	EXPECT_ERROR_EXACT(type_recv(NAMEOID, &buf, -1), "42622", "identifier too long");

	/* "char" */
	assert_string_equal(roundtrip(CHAROID, "abc"), "a");
	assert_string_equal(roundtrip(CHAROID, ""), "");
	assert_string_equal(roundtrip(CHAROID, "\\101"), "A");
	assert_string_equal(roundtrip(CHAROID, "é"), "\\303");
	assert_string_equal(cast_text(INT4OID, "-56", CHAROID, -1, COERCION_EXPLICIT), "\\310");
	assert_string_equal(cast_text(CHAROID, "é", INT4OID, -1, COERCION_EXPLICIT), "-61");
	assert_string_equal(cast_text(CHAROID, "é", T, -1, COERCION_IMPLICIT), "\\303");
	EXPECT_ERROR_EXACT(cast_text(INT4OID, "200", CHAROID, -1, COERCION_EXPLICIT), "22003",
				 "\"char\" out of range");
	assert_string_equal(type_format(CHAROID, -1), "\"char\"");
}

static void
test_text_binary(void **state)
{
	StringBuf	buf;

	strbuf_init(&buf);
	type_send(T, type_input(T, "hé", -1), &buf);
	assert_int_equal(buf.len, 3);
	assert_memory_equal(buf.data, "h\xc3\xa9", 3);
	assert_string_equal(type_output(VARCHAROID, type_recv(VARCHAROID, &buf, -1)), "hé");
	assert_int_equal(buf.cursor, 3);
}

static void
test_concat_ops(void **state)
{
	assert_string_equal(eval_op("||", U, "a", INT4OID, "1"), "a1");
	assert_string_equal(eval_op("||", INT4OID, "1", U, "a"), "1a");
	assert_string_equal(eval_op("||", U, "a", BOOLOID, "true"), "atrue");
	assert_string_equal(eval_op("||", NAMEOID, "abc", BOOLOID, "t"), "abctrue");
	assert_string_equal(eval_op("||", U, "a", FLOAT8OID, "1.5"), "a1.5");
	assert_int_equal(op_result_type("||", VARCHAROID, U), TEXTOID);
	assert_string_equal(eval_op("^@", U, "abc", U, "ab"), "t");
	assert_string_equal(eval_op("<", U, "a", T, "B"), "f");
	assert_string_equal(eval_op(">", T, "é", T, "z"), "t");
}

static void
test_like(void **state)
{
	assert_string_equal(eval_op("~~", U, "abc", U, "a%"), "t");
	assert_string_equal(eval_op("~~", U, "abc", U, "a_c"), "t");
	assert_string_equal(eval_op("~~", U, "a%c", U, "a\\%c"), "t");
	assert_string_equal(eval_op("~~", U, "abc", U, "a\\%c"), "f");
	assert_string_equal(eval_op("~~*", U, "ABC", U, "a%"), "t");
	assert_string_equal(eval_op("!~~", U, "abc", U, "b%"), "t");
	assert_string_equal(eval_op("~~", U, "a\\", U, "a\\\\"), "t");
	assert_string_equal(eval_op("~~", U, "ab", U, "%%%b"), "t");
	assert_string_equal(eval_op("~~", U, "é", U, "_"), "t");
	assert_string_equal(eval_op("~~", U, "éa", U, "_a"), "t");
	assert_string_equal(eval_op("~~*", U, "ÄB", U, "äb"), "t");
	assert_string_equal(eval_op("~~", U, "xbc", U, "ab\\"), "f");
	assert_string_equal(eval_op("~~", U, "ab", U, "ab\\"), "f");
	assert_string_equal(eval_op("~~", U, "abc", U, "a%c\\"), "f");
	EXPECT_ERROR_EXACT(eval_op("~~", U, "abc", U, "ab\\"), "22025",
				 "LIKE pattern must not end with escape character");
	EXPECT_ERROR_EXACT(eval_op("~~", U, "abcd", U, "a%c\\"), "22025",
				 "LIKE pattern must not end with escape character");
	/* pathological backtracking stays cheap */
	char		s[2001],
				p[402];

	memset(s, 'a', 2000);
	s[2000] = '\0';
	for (int i = 0; i < 200; i++)
	{
		p[2 * i] = '%';
		p[2 * i + 1] = 'a';
	}
	p[400] = 'b';
	p[401] = '\0';
	assert_string_equal(eval_op("~~", T, s, T, p), "f");

	assert_string_equal(eval_func2("like_escape", U, "a#_b", U, "#"), "a\\_b");
	assert_string_equal(eval_func2("like_escape", U, "a\\b", U, ""), "a\\\\b");
	assert_string_equal(eval_func2("like_escape", U, "a\\b", U, "#"), "a\\\\b");
	EXPECT_ERROR_EXACT(eval_func2("like_escape", U, "x", U, "ab"), "22025", "invalid escape string");
}

static void
test_string_functions(void **state)
{
	assert_string_equal(eval_func1("length", U, "héllo"), "5");
	assert_string_equal(eval_func1("octet_length", U, "héllo"), "6");
	assert_string_equal(eval_func1("bit_length", U, "abc"), "24");
	assert_string_equal(eval_func1("lower", U, "ÄÖÉ"), "äöé");
	assert_string_equal(eval_func1("upper", U, "äöé straße"), "ÄÖÉ STRAßE");
	assert_string_equal(eval_func1("initcap", U, "hello wORLD"), "Hello World");
	assert_string_equal(eval_func1("initcap", U, "élan vital-x"), "Élan Vital-X");
	assert_string_equal(eval_func2("substr", U, "hello", I, "2"), "ello");
	assert_string_equal(eval_func3("substr", U, "hello", I, "2", I, "2"), "el");
	assert_string_equal(eval_func3("substr", U, "hello", I, "0", I, "2"), "h");
	assert_string_equal(eval_func3("substr", U, "hello", I, "-1", I, "3"), "h");
	assert_string_equal(eval_func2("substr", U, "hello", I, "10"), "");
	assert_string_equal(eval_func3("substr", U, "hello", I, "-2147483647", I, "2147483647"), "");
	assert_string_equal(eval_func3("substr", U, "hello", I, "2", I, "2147483647"), "ello");
	assert_string_equal(eval_func3("substr", U, "héllo", I, "2", I, "2"), "él");
	EXPECT_ERROR_EXACT(eval_func3("substr", U, "hello", I, "2", I, "-1"), "22011",
				 "negative substring length not allowed");
	assert_string_equal(eval_func2("position", U, "hello", U, "lo"), "4");
	assert_string_equal(eval_func2("strpos", U, "héllo", U, "l"), "3");
	assert_string_equal(eval_func2("strpos", U, "abc", U, ""), "1");
	assert_string_equal(eval_func3("replace", U, "hello", U, "l", U, "L"), "heLLo");
	assert_string_equal(eval_func3("replace", U, "hello", U, "", U, "L"), "hello");
	assert_string_equal(eval_func1("btrim", U, "  x  "), "x");
	assert_string_equal(eval_func2("ltrim", U, "xxaxx", U, "x"), "axx");
	assert_string_equal(eval_func2("rtrim", U, "xxaxx", U, "x"), "xxa");
	assert_string_equal(eval_func2("btrim", U, "xyhixy", U, "yx"), "hi");
	assert_string_equal(eval_func2("btrim", U, "ééaé", U, "é"), "a");
	assert_string_equal(eval_func2("left", U, "hello", I, "2"), "he");
	assert_string_equal(eval_func2("left", U, "hello", I, "-2"), "hel");
	assert_string_equal(eval_func2("left", U, "abc", I, "-2147483648"), "");
	assert_string_equal(eval_func2("right", U, "hello", I, "2"), "lo");
	assert_string_equal(eval_func2("right", U, "hello", I, "-2"), "llo");
	assert_string_equal(eval_func2("right", U, "abc", I, "-2147483648"), "abc");
	assert_string_equal(eval_func2("repeat", U, "ab", I, "3"), "ababab");
	assert_string_equal(eval_func2("repeat", U, "ab", I, "-1"), "");
	EXPECT_ERROR_EXACT(eval_func2("repeat", U, "x", I, "2000000000"), "54000",
				 "requested length too large");
	assert_string_equal(eval_func3("lpad", U, "hi", I, "5", U, "xy"), "xyxhi");
	assert_string_equal(eval_func2("rpad", U, "hi", I, "5"), "hi   ");
	assert_string_equal(eval_func2("lpad", U, "hello", I, "2"), "he");
	assert_string_equal(eval_func2("lpad", U, "abc", I, "-1"), "");
	assert_string_equal(eval_func3("lpad", U, "abc", I, "5", U, ""), "abc");
	assert_string_equal(eval_func3("rpad", U, "abé", I, "5", U, "é"), "abééé");
	assert_string_equal(eval_func1("reverse", U, "abé"), "éba");
	assert_string_equal(eval_func3("split_part", U, "a,b,c", U, ",", I, "2"), "b");
	assert_string_equal(eval_func3("split_part", U, "a,b,c", U, ",", I, "-1"), "c");
	assert_string_equal(eval_func3("split_part", U, "a,b,c", U, ",", I, "5"), "");
	assert_string_equal(eval_func3("split_part", U, "abc", U, "", I, "1"), "abc");
	EXPECT_ERROR_EXACT(eval_func3("split_part", U, "a,b", U, ",", I, "0"), "22023",
				 "field position must not be zero");
	assert_string_equal(eval_func3("translate", U, "12345", U, "143", U, "ax"), "a2x5");
	assert_string_equal(eval_func1("quote_literal", U, "it's"), "'it''s'");
	assert_string_equal(eval_func1("quote_literal", U, "a\\b"), "E'a\\\\b'");
	assert_string_equal(eval_func1("ascii", U, "A"), "65");
	assert_string_equal(eval_func1("ascii", U, ""), "0");
	assert_string_equal(eval_func1("chr", I, "233"), "é");
	EXPECT_ERROR_EXACT(eval_func1("chr", I, "0"), "54000", "null character not permitted");
	EXPECT_ERROR_EXACT(eval_func1("chr", I, "-1"), "22023", "character number must be positive");
	EXPECT_ERROR_EXACT(eval_func1("chr", I, "1114112"), "54000",
				 "requested character too large for encoding: 1114112");
	EXPECT_ERROR_EXACT(eval_func1("chr", I, "55296"), "54000",
				 "requested character not valid for encoding: 55296");
	assert_string_equal(eval_func1("md5", U, "abc"), "900150983cd24fb0d6963f7d28e17f72");
	assert_string_equal(eval_func1("md5", BYTEAOID, "\\x00"), "93b885adfe0da089cdf634904fd59f71");
	assert_string_equal(eval_func1("to_hex", I, "-1"), "ffffffff");
	assert_string_equal(eval_func1("to_hex", INT8OID, "-1"), "ffffffffffffffff");
}

static void
test_concat(void **state)
{
	Oid			types[4] = {U, INT4OID, BOOLOID, BPCHAROID};
	const char *vals[4] = {"a", "1", "true", "x  "};

	assert_string_equal(eval_func("concat", 4, types, vals), "a1tx  ");
	vals[1] = NULL;
	assert_string_equal(eval_func("concat", 4, types, vals), "atx  ");

	Oid			wtypes[3] = {U, U, INT4OID};
	const char *wvals[3] = {",", "a", "1"};

	assert_string_equal(eval_func("concat_ws", 3, wtypes, wvals), "a,1");
	wvals[0] = NULL;
	assert_string_equal(eval_func("concat_ws", 3, wtypes, wvals), "NULL");
	assert_null(func_resolve("concat_ws", 1, wtypes, NULL, NULL));
	assert_null(func_resolve("concat", 0, NULL, NULL, NULL));
}

static void
test_bytea(void **state)
{
	assert_string_equal(roundtrip(BYTEAOID, "\\x0a0B"), "\\x0a0b");
	assert_string_equal(roundtrip(BYTEAOID, "abc"), "\\x616263");
	assert_string_equal(roundtrip(BYTEAOID, "a\\\\b"), "\\x615c62");
	assert_string_equal(roundtrip(BYTEAOID, "\\x 0a 0b"), "\\x0a0b");
	assert_string_equal(roundtrip(BYTEAOID, "\\001é"), "\\x01c3a9");
	EXPECT_ERROR_EXACT(type_input(BYTEAOID, "\\x0", -1), "22023",
				 "invalid hexadecimal data: odd number of digits");
	EXPECT_ERROR_EXACT(type_input(BYTEAOID, "\\xzz", -1), "22023", "invalid hexadecimal digit: \"z\"");
	EXPECT_ERROR_EXACT(type_input(BYTEAOID, "a\\9", -1), "22P02", "invalid input syntax for type bytea");
	assert_string_equal(eval_op("<", BYTEAOID, "ab", BYTEAOID, "abc"), "t");
	assert_string_equal(eval_op("||", BYTEAOID, "ab", BYTEAOID, "c"), "\\x616263");
	assert_string_equal(eval_op("~~", BYTEAOID, "abc", U, "a%"), "t");
	assert_string_equal(eval_func1("length", BYTEAOID, "\\x0a0b"), "2");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_input),
		cmocka_unit_test(test_varchar_bpchar),
		cmocka_unit_test(test_name_and_char),
		cmocka_unit_test(test_text_binary),
		cmocka_unit_test(test_concat_ops),
		cmocka_unit_test(test_like),
		cmocka_unit_test(test_string_functions),
		cmocka_unit_test(test_concat),
		cmocka_unit_test(test_bytea),
	};

	types_test_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
