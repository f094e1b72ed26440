/*-------------------------------------------------------------------------
 * test_parser.c
 *	  Unit tests for sql/parser: scanner (identifiers, strings, numbers,
 *	  operators, comments), expression precedence, every statement family
 *	  the brief lists (SELECT, INSERT/UPDATE/DELETE, DDL, transactions,
 *	  SET/SHOW, VACUUM, COPY, cursors, PREPARE/EXECUTE, EXPLAIN, roles),
 *	  command tags, statement splitting and locations, error messages with
 *	  SQLSTATE and position, nesting limits and garbage input.
 *
 * How: each test parses text and checks the tree either field by field or
 * against a hand-written node_to_string() dump (with "@N" locations
 * stripped where the test is not about locations).  Expected error texts,
 * SQLSTATEs, positions and command tags were taken from a PostgreSQL 15
 * server given the same input.  Errors are caught with ELOG_TRY.
 *-------------------------------------------------------------------------
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "common/minipg.h"
#include "sql/parser/parser.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/memctx.h"

static MemoryContext test_ctx;

static int
setup(void **state)
{
	test_ctx = memctx_create(TopMemoryContext, "test_parser");
	memctx_switch_to(test_ctx);
	return 0;
}

static int
teardown(void **state)
{
	memctx_switch_to(TopMemoryContext);
	memctx_delete(test_ctx);
	return 0;
}

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------
 */

/* Parse, failing the test on any error. */
static List *
parse(const char *sql)
{
	List	   *volatile result = NIL;
	volatile bool failed = false;

	ELOG_TRY();
	{
		result = raw_parser(sql);
	}
	ELOG_CATCH();
	{
		print_message("unexpected error for [%s]: %s\n", sql, elog_current_error()->message);
		elog_flush_error();
		failed = true;
	}
	ELOG_END_TRY();
	assert_false(failed);
	return result;
}

/* The statement of a query holding exactly one. */
static Node *
parse1(const char *sql)
{
	List	   *l = parse(sql);

	assert_int_equal(list_length(l), 1);
	return castNode(RawStmt, linitial(l))->stmt;
}

/* node_to_string without the " @N" location markers. */
static char *
strip_locations(const char *s)
{
	char	   *out = palloc(strlen(s) + 1);
	char	   *o = out;

	while (*s)
	{
		if (s[0] == ' ' && s[1] == '@' && s[2] >= '0' && s[2] <= '9')
		{
			s += 2;
			while (*s >= '0' && *s <= '9')
				s++;
			continue;
		}
		if (*s == '"')
		{
			/* copy quoted strings verbatim */
			*o++ = *s++;
			while (*s && *s != '"')
			{
				if (*s == '\\' && s[1])
					*o++ = *s++;
				*o++ = *s++;
			}
			if (*s)
				*o++ = *s++;
			continue;
		}
		*o++ = *s++;
	}
	*o = '\0';
	return out;
}

static char *
dump1(const char *sql)
{
	return strip_locations(node_to_string(parse1(sql)));
}

/* The dump of the first target list expression of a one-item SELECT. */
static char *
dump_expr(const char *sql)
{
	SelectStmt *s = castNode(SelectStmt, parse1(sql));

	return strip_locations(node_to_string(castNode(ResTarget, linitial(s->targetList))->val));
}

#define assert_dump(sql, expected) assert_string_equal(dump1(sql), expected)
#define assert_expr(sql, expected) assert_string_equal(dump_expr(sql), expected)

/* Parsing must fail with this SQLSTATE, message and cursor position. */
static void
assert_error(const char *sql, const char *sqlstate, const char *message, int position)
{
	volatile bool caught = false;

	ELOG_TRY();
	{
		(void) raw_parser(sql);
	}
	ELOG_CATCH();
	{
		ErrorData  *e = elog_current_error();

		caught = true;
		if (strcmp(e->sqlstate, sqlstate) != 0 || strcmp(e->message, message) != 0 ||
			e->cursorpos != position)
			print_message("for [%s] got %s \"%s\" at %d\n", sql, e->sqlstate, e->message,
						  e->cursorpos);
		assert_string_equal(e->sqlstate, sqlstate);
		assert_string_equal(e->message, message);
		assert_int_equal(e->cursorpos, position);
		elog_flush_error();
	}
	ELOG_END_TRY();
	if (!caught)
		print_message("no error for [%s]\n", sql);
	assert_true(caught);
}

static void
assert_syntax_error(const char *sql, const char *near, int position)
{
	char		msg[256];

	if (near == NULL)
		snprintf(msg, sizeof(msg), "syntax error at end of input");
	else
		snprintf(msg, sizeof(msg), "syntax error at or near \"%s\"", near);
	assert_error(sql, ERRCODE_SYNTAX_ERROR, msg, position);
}

static const char *
const_string(Node *n)
{
	A_Const    *c = castNode(A_Const, n);

	assert_false(c->isnull);
	return strVal(c->val);
}

static Node *
first_target(const char *sql)
{
	SelectStmt *s = castNode(SelectStmt, parse1(sql));

	return castNode(ResTarget, linitial(s->targetList))->val;
}

/* ------------------------------------------------------------------------
 * Scanner
 * ------------------------------------------------------------------------
 */

static void
test_identifiers(void **state)
{
	SelectStmt *s = castNode(SelectStmt,
							 parse1("SELECT Foo, \"Bar\", \"a\"\"b\", U&\"\\0061b\", naïve FROM T"));
	const char *expect[] = {"foo", "Bar", "a\"b", "ab", "naïve"};
	ListCell   *lc;

	foreach(lc, s->targetList)
	{
		ColumnRef  *c = castNode(ColumnRef, castNode(ResTarget, lfirst(lc))->val);

		assert_string_equal(strVal(linitial(c->fields)), expect[foreach_current_index(lc)]);
	}
	assert_string_equal(castNode(RangeVar, linitial(s->fromClause))->relname, "t");
}

static void
test_identifier_truncation(void **state)
{
	char		sql[512];
	char		longname[80];
	char		accents[100] = "";
	ColumnRef  *c;

	memset(longname, 'a', 70);
	longname[70] = '\0';
	snprintf(sql, sizeof(sql), "select %s", longname);
	c = castNode(ColumnRef, first_target(sql));
	assert_int_equal(strlen(strVal(linitial(c->fields))), NAMEDATALEN - 1);

	/* 40 two-byte characters: cut at a character boundary (31 chars, 62 bytes) */
	for (int i = 0; i < 40; i++)
		strcat(accents, "é");
	snprintf(sql, sizeof(sql), "select \"%s\"", accents);
	c = castNode(ColumnRef, first_target(sql));
	assert_int_equal(strlen(strVal(linitial(c->fields))), 62);
	assert_memory_equal(strVal(linitial(c->fields)), accents, 62);
}

static void
test_keywords_as_names(void **state)
{
	SelectStmt *s = castNode(SelectStmt,
							 parse1("select name, type, key, value, data, text, date, time, "
									"timestamp, interval, position from t"));
	const char *expect[] = {"name", "type", "key", "value", "data", "text", "date", "time",
	"timestamp", "interval", "position"};
	ListCell   *lc;

	assert_int_equal(list_length(s->targetList), 11);
	foreach(lc, s->targetList)
	{
		ColumnRef  *c = castNode(ColumnRef, castNode(ResTarget, lfirst(lc))->val);

		assert_string_equal(strVal(linitial(c->fields)), expect[foreach_current_index(lc)]);
	}
	/* column-name keywords as table columns */
	assert_dump("create table k (name text, type int, value text, user_id int)",
				"{CreateStmt :relation {RangeVar :relname \"k\"} :tableElts ("
				"{ColumnDef :colname \"name\" :typeName {TypeName :names (\"text\")}} "
				"{ColumnDef :colname \"type\" :typeName {TypeName :names (\"pg_catalog\" \"int4\")}} "
				"{ColumnDef :colname \"value\" :typeName {TypeName :names (\"text\")}} "
				"{ColumnDef :colname \"user_id\" :typeName {TypeName :names (\"pg_catalog\" \"int4\")}})}");
	/* reserved words need quotes */
	assert_syntax_error("select user from t where from = 1", "from", 26);
}

static void
test_keyword_lookup(void **state)
{
	const ParserKeyword *k;

	k = parser_keyword_lookup("SeLeCt");
	assert_non_null(k);
	assert_string_equal(k->name, "select");
	assert_int_equal(k->category, PARSER_KEYWORD_RESERVED);
	assert_int_equal(parser_keyword_lookup("name")->category, PARSER_KEYWORD_UNRESERVED);
	assert_int_equal(parser_keyword_lookup("int")->category, PARSER_KEYWORD_COL_NAME);
	assert_int_equal(parser_keyword_lookup("left")->category, PARSER_KEYWORD_TYPE_FUNC_NAME);
	assert_false(parser_keyword_lookup("from")->bare_label);
	assert_true(parser_keyword_lookup("desc")->bare_label);
	assert_null(parser_keyword_lookup("pgbench_accounts"));
	assert_null(parser_keyword_lookup(""));
	assert_int_equal(parser_keyword_count(), 460);
	for (int i = 1; i < parser_keyword_count(); i++)
		assert_true(strcmp(parser_keyword_get(i - 1)->name, parser_keyword_get(i)->name) < 0);
	assert_null(parser_keyword_get(parser_keyword_count()));
}

static void
test_strings(void **state)
{
	assert_string_equal(const_string(first_target("select 'it''s'")), "it's");
	assert_string_equal(const_string(first_target("select E'a\\tb\\x41\\101\\u00e9\\'q'")),
						"a\tbAAé'q");
	assert_string_equal(const_string(first_target("select e'\\uD83D\\uDE00'")), "\xF0\x9F\x98\x80");
	assert_string_equal(const_string(first_target("select $$x'y$$")), "x'y");
	assert_string_equal(const_string(first_target("select $tag$a$$b$tag$")), "a$$b");
	assert_string_equal(const_string(first_target("select U&'d\\0061t\\+000061'")), "data");
	assert_string_equal(const_string(first_target("select U&'d!0061t' UESCAPE '!'")), "dat");
	assert_string_equal(const_string(first_target("select 'a'\n'b' -- c\n  'c'")), "abc");
	assert_string_equal(const_string(first_target("select 'a' -- c\n'b'")), "ab");
	/* standard strings keep backslashes */
	assert_string_equal(const_string(first_target("select 'a\\nb'")), "a\\nb");
	assert_expr("select B'101'", "{A_Const :val {BitString \"b101\"}}");
	assert_expr("select X'1F'", "{A_Const :val {BitString \"x1F\"}}");
	assert_expr("select N'abc'",
				"{TypeCast :arg {A_Const :val \"abc\"} :typeName {TypeName :names "
				"(\"pg_catalog\" \"bpchar\")}}");
}

static void
test_nonstandard_strings(void **state)
{
	guc_standard_conforming_strings = false;
	assert_string_equal(const_string(first_target("select 'a\\nb'")), "a\nb");
	assert_error("select U&'x'", ERRCODE_FEATURE_NOT_SUPPORTED,
				 "unsafe use of string constant with Unicode escapes", 8);
	guc_standard_conforming_strings = true;
}

static void
test_numbers(void **state)
{
	assert_expr("select 2147483647", "{A_Const :val 2147483647}");
	assert_expr("select 2147483648", "{A_Const :val {Float \"2147483648\"}}");
	assert_expr("select 9223372036854775808", "{A_Const :val {Float \"9223372036854775808\"}}");
	assert_expr("select 1.5", "{A_Const :val {Float \"1.5\"}}");
	assert_expr("select .5", "{A_Const :val {Float \".5\"}}");
	assert_expr("select 5.", "{A_Const :val {Float \"5.\"}}");
	assert_expr("select 1e5", "{A_Const :val {Float \"1e5\"}}");
	assert_expr("select 007", "{A_Const :val 7}");
	/* unary minus folds into constants, and the constant moves to the '-' */
	assert_string_equal(node_to_string(first_target("select  -1")), "{A_Const :val -1 @8}");
	assert_expr("select -1.5", "{A_Const :val {Float \"-1.5\"}}");
	assert_expr("select - -1", "{A_Const :val 1}");
	assert_expr("select -2147483648", "{A_Const :val {Float \"-2147483648\"}}");
	assert_expr("select $7", "{ParamRef :number 7}");
}

static void
test_operators(void **state)
{
	/* a trailing + or - is split off unless the operator has ~!@#%^&|`? */
	assert_expr("select 1 +- 2",
				"{A_Expr :kind OP :name (\"+\") :lexpr {A_Const :val 1} :rexpr {A_Const :val -2}}");
	assert_expr("select 1 @- 2",
				"{A_Expr :kind OP :name (\"@-\") :lexpr {A_Const :val 1} :rexpr {A_Const :val 2}}");
	assert_expr("select a != b",
				"{A_Expr :kind OP :name (\"<>\") :lexpr {ColumnRef :fields (\"a\")} "
				":rexpr {ColumnRef :fields (\"b\")}}");
	assert_expr("select a ~~* b",
				"{A_Expr :kind OP :name (\"~~*\") :lexpr {ColumnRef :fields (\"a\")} "
				":rexpr {ColumnRef :fields (\"b\")}}");
	/* a comment start ends an operator */
	assert_expr("select 1 +--x\n 2",
				"{A_Expr :kind OP :name (\"+\") :lexpr {A_Const :val 1} :rexpr {A_Const :val 2}}");
	assert_expr("select 1 operator(pg_catalog.+) 2",
				"{A_Expr :kind OP :name (\"pg_catalog\" \"+\") :lexpr {A_Const :val 1} "
				":rexpr {A_Const :val 2}}");
	assert_expr("select |/ 25",
				"{A_Expr :kind OP :name (\"|/\") :rexpr {A_Const :val 25}}");
}

static void
test_comments(void **state)
{
	assert_expr("/* c */ select /* nested /* deep */ still */ 1 -- trailing",
				"{A_Const :val 1}");
	assert_null(parse("-- nothing\n  /* at all */ ;;"));
	assert_null(parse(""));
}

static void
test_lexical_errors(void **state)
{
	/* texts, codes and positions as PostgreSQL 15 reports them */
	assert_error("select 'abc", ERRCODE_SYNTAX_ERROR,
				 "unterminated quoted string at or near \"'abc\"", 8);
	assert_error("select /* abc", ERRCODE_SYNTAX_ERROR,
				 "unterminated /* comment at or near \"/* abc\"", 8);
	assert_error("select \"abc", ERRCODE_SYNTAX_ERROR,
				 "unterminated quoted identifier at or near \"\"abc\"", 8);
	assert_error("select $$abc", ERRCODE_SYNTAX_ERROR,
				 "unterminated dollar-quoted string at or near \"$$abc\"", 8);
	assert_error("select \"\"", ERRCODE_SYNTAX_ERROR,
				 "zero-length delimited identifier at or near \"\"\"\"", 8);
	assert_error("select 0x1F", ERRCODE_SYNTAX_ERROR,
				 "trailing junk after numeric literal at or near \"0x1F\"", 8);
	assert_error("select 12ab cd", ERRCODE_SYNTAX_ERROR,
				 "trailing junk after numeric literal at or near \"12ab\"", 8);
	assert_error("select 1.5e+x", ERRCODE_SYNTAX_ERROR,
				 "trailing junk after numeric literal at or near \"1.5e+\"", 8);
	assert_error("select $1a", ERRCODE_SYNTAX_ERROR,
				 "trailing junk after parameter at or near \"$1a\"", 8);
	assert_error("select E'\\u12'", ERRCODE_INVALID_ESCAPE_SEQUENCE, "invalid Unicode escape", 10);
	assert_error("select E'\\uD800'", ERRCODE_SYNTAX_ERROR,
				 "invalid Unicode surrogate pair at or near \"'\"", 16);
	assert_error("select e'\\u0000'", ERRCODE_SYNTAX_ERROR,
				 "invalid Unicode escape value at or near \"\\u0000\"", 10);
	assert_error("select U&'\\0000'", ERRCODE_SYNTAX_ERROR, "invalid Unicode escape value", 11);
	assert_error("select u&'x' uescape 'ab'", ERRCODE_SYNTAX_ERROR,
				 "invalid Unicode escape character at or near \"'ab'\"", 22);
	assert_error("select E'\\x80'", ERRCODE_CHARACTER_NOT_IN_REPERTOIRE,
				 "invalid byte sequence for encoding \"UTF8\": 0x80", 0);
	assert_error("select E'\\400'", ERRCODE_CHARACTER_NOT_IN_REPERTOIRE,
				 "invalid byte sequence for encoding \"UTF8\": 0x00", 0);
	assert_error("select $99999999999", ERRCODE_SYNTAX_ERROR,
				 "parameter number too large at or near \"$99999999999\"", 8);
	assert_syntax_error("select $", "$", 8);
	assert_syntax_error("select \\", "\\", 8);
	assert_syntax_error("select `", NULL, 9);
	/* positions count characters, not bytes */
	assert_error("select 'é' /* ééé", ERRCODE_SYNTAX_ERROR,
				 "unterminated /* comment at or near \"/* ééé\"", 12);
}

/* ------------------------------------------------------------------------
 * Expressions
 * ------------------------------------------------------------------------
 */

static void
test_precedence(void **state)
{
	assert_expr("select 1 + 2 * 3",
				"{A_Expr :kind OP :name (\"+\") :lexpr {A_Const :val 1} :rexpr "
				"{A_Expr :kind OP :name (\"*\") :lexpr {A_Const :val 2} :rexpr {A_Const :val 3}}}");
	assert_expr("select 1 - 2 - 3",
				"{A_Expr :kind OP :name (\"-\") :lexpr {A_Expr :kind OP :name (\"-\") "
				":lexpr {A_Const :val 1} :rexpr {A_Const :val 2}} :rexpr {A_Const :val 3}}");
	/* unary minus binds tighter than ^, :: tighter than unary minus */
	assert_expr("select -x ^ 2",
				"{A_Expr :kind OP :name (\"^\") :lexpr {A_Expr :kind OP :name (\"-\") "
				":rexpr {ColumnRef :fields (\"x\")}} :rexpr {A_Const :val 2}}");
	assert_expr("select -x::int",
				"{A_Expr :kind OP :name (\"-\") :rexpr {TypeCast :arg {ColumnRef :fields (\"x\")} "
				":typeName {TypeName :names (\"pg_catalog\" \"int4\")}}}");
	/* || (a generic operator) binds looser than + */
	assert_expr("select a || b + 1",
				"{A_Expr :kind OP :name (\"||\") :lexpr {ColumnRef :fields (\"a\")} :rexpr "
				"{A_Expr :kind OP :name (\"+\") :lexpr {ColumnRef :fields (\"b\")} "
				":rexpr {A_Const :val 1}}}");
	/* NOT binds looser than comparison, tighter than AND; OR lowest */
	assert_expr("select not a = b and c or d",
				"{BoolExpr :boolop OR :args ({BoolExpr :boolop AND :args ({BoolExpr :boolop NOT "
				":args ({A_Expr :kind OP :name (\"=\") :lexpr {ColumnRef :fields (\"a\")} "
				":rexpr {ColumnRef :fields (\"b\")}})} {ColumnRef :fields (\"c\")})} "
				"{ColumnRef :fields (\"d\")})}");
	/* AND chains are flattened */
	assert_expr("select a and b and c",
				"{BoolExpr :boolop AND :args ({ColumnRef :fields (\"a\")} "
				"{ColumnRef :fields (\"b\")} {ColumnRef :fields (\"c\")})}");
	/* IS binds looser than comparison */
	assert_expr("select a = b is null",
				"{NullTest :arg {A_Expr :kind OP :name (\"=\") :lexpr {ColumnRef :fields (\"a\")} "
				":rexpr {ColumnRef :fields (\"b\")}} :nulltesttype IS_NULL}");
	/* comparison binds looser than LIKE */
	assert_expr("select a like b = c",
				"{A_Expr :kind OP :name (\"=\") :lexpr {A_Expr :kind LIKE :name (\"~~\") "
				":lexpr {ColumnRef :fields (\"a\")} :rexpr {ColumnRef :fields (\"b\")}} "
				":rexpr {ColumnRef :fields (\"c\")}}");
	/* comparisons and LIKE-family operators do not associate */
	assert_syntax_error("select 1 = 1 = true", "=", 14);
	assert_syntax_error("select 1 < 2 < 3", "<", 14);
	assert_syntax_error("select 'a' like 'b' like 'c'", "like", 21);
	assert_expr("select 1 is not null is null",
				"{NullTest :arg {NullTest :arg {A_Const :val 1} :nulltesttype IS_NOT_NULL} "
				":nulltesttype IS_NULL}");
}

static void
test_predicates(void **state)
{
	assert_expr("select a between 1 and 2",
				"{A_Expr :kind BETWEEN :name (\"BETWEEN\") :lexpr {ColumnRef :fields (\"a\")} "
				":rexpr ({A_Const :val 1} {A_Const :val 2})}");
	assert_expr("select a not between symmetric 1 and 2",
				"{A_Expr :kind NOT_BETWEEN_SYM :name (\"NOT BETWEEN SYMMETRIC\") "
				":lexpr {ColumnRef :fields (\"a\")} :rexpr ({A_Const :val 1} {A_Const :val 2})}");
	assert_expr("select a not in (1, 2)",
				"{A_Expr :kind IN :name (\"<>\") :lexpr {ColumnRef :fields (\"a\")} "
				":rexpr ({A_Const :val 1} {A_Const :val 2})}");
	assert_expr("select a in (select 1)",
				"{SubLink :subLinkType ANY :testexpr {ColumnRef :fields (\"a\")} :subselect "
				"{SelectStmt :targetList ({ResTarget :val {A_Const :val 1}})}}");
	assert_expr("select a not in (select 1)",
				"{BoolExpr :boolop NOT :args ({SubLink :subLinkType ANY :testexpr "
				"{ColumnRef :fields (\"a\")} :subselect {SelectStmt :targetList "
				"({ResTarget :val {A_Const :val 1}})}})}");
	assert_expr("select a not like 'x' escape '!'",
				"{A_Expr :kind LIKE :name (\"!~~\") :lexpr {ColumnRef :fields (\"a\")} :rexpr "
				"{FuncCall :funcname (\"pg_catalog\" \"like_escape\") :args ({A_Const :val \"x\"} "
				"{A_Const :val \"!\"})}}");
	assert_expr("select a ilike 'x'",
				"{A_Expr :kind ILIKE :name (\"~~*\") :lexpr {ColumnRef :fields (\"a\")} "
				":rexpr {A_Const :val \"x\"}}");
	assert_expr("select a similar to 'x'",
				"{A_Expr :kind SIMILAR :name (\"~\") :lexpr {ColumnRef :fields (\"a\")} :rexpr "
				"{FuncCall :funcname (\"pg_catalog\" \"similar_to_escape\") :args "
				"({A_Const :val \"x\"})}}");
	assert_expr("select a is distinct from b",
				"{A_Expr :kind DISTINCT :name (\"=\") :lexpr {ColumnRef :fields (\"a\")} "
				":rexpr {ColumnRef :fields (\"b\")}}");
	assert_expr("select a is not true",
				"{BooleanTest :arg {ColumnRef :fields (\"a\")} :booltesttype IS_NOT_TRUE}");
	assert_expr("select a isnull",
				"{NullTest :arg {ColumnRef :fields (\"a\")} :nulltesttype IS_NULL}");
	assert_expr("select a notnull",
				"{NullTest :arg {ColumnRef :fields (\"a\")} :nulltesttype IS_NOT_NULL}");
	assert_expr("select a = any (array[1, 2])",
				"{A_Expr :kind OP_ANY :name (\"=\") :lexpr {ColumnRef :fields (\"a\")} :rexpr "
				"{A_ArrayExpr :elements ({A_Const :val 1} {A_Const :val 2})}}");
	assert_expr("select a < all (select 1)",
				"{SubLink :subLinkType ALL :testexpr {ColumnRef :fields (\"a\")} :operName (\"<\") "
				":subselect {SelectStmt :targetList ({ResTarget :val {A_Const :val 1}})}}");
	assert_expr("select exists (select 1)",
				"{SubLink :subLinkType EXISTS :subselect {SelectStmt :targetList "
				"({ResTarget :val {A_Const :val 1}})}}");
}

static void
test_casts_and_types(void **state)
{
	assert_expr("select x::int",
				"{TypeCast :arg {ColumnRef :fields (\"x\")} :typeName {TypeName :names "
				"(\"pg_catalog\" \"int4\")}}");
	assert_expr("select cast(x as varchar(10))",
				"{TypeCast :arg {ColumnRef :fields (\"x\")} :typeName {TypeName :names "
				"(\"pg_catalog\" \"varchar\") :typmods ({A_Const :val 10})}}");
	assert_expr("select x::int4::text",
				"{TypeCast :arg {TypeCast :arg {ColumnRef :fields (\"x\")} :typeName {TypeName "
				":names (\"int4\")}} :typeName {TypeName :names (\"text\")}}");
	assert_expr("select x::double precision[]",
				"{TypeCast :arg {ColumnRef :fields (\"x\")} :typeName {TypeName :names "
				"(\"pg_catalog\" \"float8\") :arrayBounds (-1)}}");
	assert_expr("select x::pg_catalog.int4",
				"{TypeCast :arg {ColumnRef :fields (\"x\")} :typeName {TypeName :names "
				"(\"pg_catalog\" \"int4\")}}");
	/* CHAR means CHAR(1) in a cast, but not in a typed literal */
	assert_expr("select x::char",
				"{TypeCast :arg {ColumnRef :fields (\"x\")} :typeName {TypeName :names "
				"(\"pg_catalog\" \"bpchar\") :typmods ({A_Const :val 1})}}");
	assert_expr("select char 'abc'",
				"{TypeCast :arg {A_Const :val \"abc\"} :typeName {TypeName :names "
				"(\"pg_catalog\" \"bpchar\")}}");
	assert_expr("select x::timestamp(3) with time zone",
				"{TypeCast :arg {ColumnRef :fields (\"x\")} :typeName {TypeName :names "
				"(\"pg_catalog\" \"timestamptz\") :typmods ({A_Const :val 3})}}");
	assert_expr("select x::numeric(10, 2)",
				"{TypeCast :arg {ColumnRef :fields (\"x\")} :typeName {TypeName :names "
				"(\"pg_catalog\" \"numeric\") :typmods ({A_Const :val 10} {A_Const :val 2})}}");
	assert_expr("select x::float(10)",
				"{TypeCast :arg {ColumnRef :fields (\"x\")} :typeName {TypeName :names "
				"(\"pg_catalog\" \"float4\")}}");
	assert_expr("select date '2020-01-01'",
				"{TypeCast :arg {A_Const :val \"2020-01-01\"} :typeName {TypeName :names (\"date\")}}");
	assert_expr("select int '5'",
				"{TypeCast :arg {A_Const :val \"5\"} :typeName {TypeName :names "
				"(\"pg_catalog\" \"int4\")}}");
	/* interval fields: DAY (8) | HOUR (1024) | MINUTE (2048) */
	assert_expr("select interval '1' day to minute",
				"{TypeCast :arg {A_Const :val \"1\"} :typeName {TypeName :names "
				"(\"pg_catalog\" \"interval\") :typmods ({A_Const :val 3080})}}");
	assert_error("select 'a'::float(0)", ERRCODE_INVALID_PARAMETER_VALUE,
				 "precision for type float must be at least 1 bit", 19);
	assert_error("select 'a'::float(60)", ERRCODE_INVALID_PARAMETER_VALUE,
				 "precision for type float must be less than 54 bits", 19);
}

static void
test_functions(void **state)
{
	assert_expr("select count(*)", "{FuncCall :funcname (\"count\") :agg_star true}");
	assert_expr("select pg_catalog.count(distinct a)",
				"{FuncCall :funcname (\"pg_catalog\" \"count\") :args ({ColumnRef :fields (\"a\")}) "
				":agg_distinct true}");
	assert_expr("select string_agg(a, ',' order by a desc)",
				"{FuncCall :funcname (\"string_agg\") :args ({ColumnRef :fields (\"a\")} "
				"{A_Const :val \",\"}) :agg_order ({SortBy :node {ColumnRef :fields (\"a\")} "
				":sortby_dir DESC})}");
	assert_expr("select sum(a) filter (where a > 0)",
				"{FuncCall :funcname (\"sum\") :args ({ColumnRef :fields (\"a\")}) :agg_filter "
				"{A_Expr :kind OP :name (\">\") :lexpr {ColumnRef :fields (\"a\")} "
				":rexpr {A_Const :val 0}}}");
	assert_expr("select f(a => 1)",
				"{FuncCall :funcname (\"f\") :args ({NamedArgExpr :arg {A_Const :val 1} "
				":name \"a\"})}");
	assert_expr("select rank() over (partition by a order by b)",
				"{FuncCall :funcname (\"rank\") :over {WindowDef :partitionClause "
				"({ColumnRef :fields (\"a\")}) :orderClause ({SortBy :node {ColumnRef :fields "
				"(\"b\")}}) :frameOptions 1058}}");
	assert_expr("select left('abc', 2)",
				"{FuncCall :funcname (\"left\") :args ({A_Const :val \"abc\"} {A_Const :val 2})}");
	assert_expr("select coalesce(a, 1)",
				"{CoalesceExpr :args ({ColumnRef :fields (\"a\")} {A_Const :val 1})}");
	assert_expr("select nullif(a, 1)",
				"{A_Expr :kind NULLIF :name (\"=\") :lexpr {ColumnRef :fields (\"a\")} "
				":rexpr {A_Const :val 1}}");
	assert_expr("select greatest(1, 2)", "{MinMaxExpr :op GREATEST :args ({A_Const :val 1} "
				"{A_Const :val 2})}");
	assert_expr("select extract(year from d)",
				"{FuncCall :funcname (\"pg_catalog\" \"extract\") :args ({A_Const :val \"year\"} "
				"{ColumnRef :fields (\"d\")}) :funcformat SQL_SYNTAX}");
	assert_expr("select position('b' in 'abc')",
				"{FuncCall :funcname (\"pg_catalog\" \"position\") :args ({A_Const :val \"abc\"} "
				"{A_Const :val \"b\"}) :funcformat SQL_SYNTAX}");
	assert_expr("select substring(s from 2 for 3)",
				"{FuncCall :funcname (\"pg_catalog\" \"substring\") :args ({ColumnRef :fields "
				"(\"s\")} {A_Const :val 2} {A_Const :val 3}) :funcformat SQL_SYNTAX}");
	assert_expr("select trim(leading 'x' from s)",
				"{FuncCall :funcname (\"pg_catalog\" \"ltrim\") :args ({ColumnRef :fields (\"s\")} "
				"{A_Const :val \"x\"}) :funcformat SQL_SYNTAX}");
	assert_expr("select now() at time zone 'utc'",
				"{FuncCall :funcname (\"pg_catalog\" \"timezone\") :args ({A_Const :val \"utc\"} "
				"{FuncCall :funcname (\"now\")}) :funcformat SQL_SYNTAX}");
	assert_expr("select case a when 1 then 'x' else 'y' end",
				"{CaseExpr :arg {ColumnRef :fields (\"a\")} :args ({CaseWhen :expr {A_Const :val 1} "
				":result {A_Const :val \"x\"}}) :defresult {A_Const :val \"y\"}}");
	/* a column-name keyword is not a function name */
	assert_syntax_error("select int(5)", "(", 11);
	assert_syntax_error("select count(distinct *) from t", "*", 23);
}

static void
test_special_values(void **state)
{
	SQLValueFunction *f = castNode(SQLValueFunction, first_target("select current_timestamp(3)"));

	assert_int_equal(f->op, SVFOP_CURRENT_TIMESTAMP_N);
	assert_int_equal(f->typmod, 3);
	assert_expr("select current_date", "{SQLValueFunction :op CURRENT_DATE}");
	assert_expr("select current_user", "{SQLValueFunction :op CURRENT_USER}");
	assert_expr("select session_user", "{SQLValueFunction :op SESSION_USER}");
	assert_expr("select user", "{SQLValueFunction :op USER}");
	assert_expr("select current_catalog", "{SQLValueFunction :op CURRENT_CATALOG}");
	assert_expr("select current_schema", "{SQLValueFunction :op CURRENT_SCHEMA}");
	assert_expr("select current_schema()", "{FuncCall :funcname (\"current_schema\")}");
	assert_expr("select localtimestamp", "{SQLValueFunction :op LOCALTIMESTAMP}");
	assert_expr("select true", "{A_Const :val true}");
	assert_expr("select null", "{A_Const :isnull true}");
}

static void
test_indirection_and_rows(void **state)
{
	assert_expr("select t.*", "{ColumnRef :fields (\"t\" {A_Star})}");
	assert_expr("select s.t.c", "{ColumnRef :fields (\"s\" \"t\" \"c\")}");
	assert_expr("select a.b[1].c",
				"{A_Indirection :arg {ColumnRef :fields (\"a\" \"b\")} :indirection "
				"({A_Indices :uidx {A_Const :val 1}} \"c\")}");
	assert_expr("select (x)[1:2]",
				"{A_Indirection :arg {ColumnRef :fields (\"x\")} :indirection ({A_Indices "
				":is_slice true :lidx {A_Const :val 1} :uidx {A_Const :val 2}})}");
	assert_expr("select (r).f", "{A_Indirection :arg {ColumnRef :fields (\"r\")} "
				":indirection (\"f\")}");
	assert_expr("select (1, 2)", "{RowExpr :args ({A_Const :val 1} {A_Const :val 2}) "
				":row_format IMPLICIT_CAST}");
	assert_expr("select row(1)", "{RowExpr :args ({A_Const :val 1}) :row_format EXPLICIT_CALL}");
	assert_expr("select array[[1], [2]]",
				"{A_ArrayExpr :elements ({A_ArrayExpr :elements ({A_Const :val 1})} "
				"{A_ArrayExpr :elements ({A_Const :val 2})})}");
	assert_expr("select ((select 1) union (select 2))",
				"{SubLink :subLinkType EXPR :subselect {SelectStmt :op UNION :larg {SelectStmt "
				":targetList ({ResTarget :val {A_Const :val 1}})} :rarg {SelectStmt :targetList "
				"({ResTarget :val {A_Const :val 2}})}}}");
	assert_error("select t.*.x from t", ERRCODE_SYNTAX_ERROR,
				 "improper use of \"*\" at or near \"from\"", 14);
	/* subscripts need parentheses around a function call */
	assert_syntax_error("select f(x)[1]", "[", 12);
}

/* ------------------------------------------------------------------------
 * Queries
 * ------------------------------------------------------------------------
 */

static void
test_select_basic(void **state)
{
	assert_dump("select distinct a as x, b y, c from s.t where a > 1 group by 1, b "
				"having count(*) > 1 order by 1 desc nulls first limit all offset 5",
				"{SelectStmt :distinct true :targetList ({ResTarget :name \"x\" :val {ColumnRef "
				":fields (\"a\")}} {ResTarget :name \"y\" :val {ColumnRef :fields (\"b\")}} "
				"{ResTarget :val {ColumnRef :fields (\"c\")}}) :fromClause ({RangeVar :schemaname "
				"\"s\" :relname \"t\"}) :whereClause {A_Expr :kind OP :name (\">\") :lexpr "
				"{ColumnRef :fields (\"a\")} :rexpr {A_Const :val 1}} :groupClause ({A_Const :val 1} "
				"{ColumnRef :fields (\"b\")}) :havingClause {A_Expr :kind OP :name (\">\") :lexpr "
				"{FuncCall :funcname (\"count\") :agg_star true} :rexpr {A_Const :val 1}} "
				":sortClause ({SortBy :node {A_Const :val 1} :sortby_dir DESC :sortby_nulls FIRST}) "
				":limitOffset {A_Const :val 5} :limitCount {A_Const :isnull true} "
				":limitOption COUNT}");
	assert_dump("select", "{SelectStmt}");
	assert_dump("select distinct on (a) a from t",
				"{SelectStmt :distinct true :distinctOn ({ColumnRef :fields (\"a\")}) :targetList "
				"({ResTarget :val {ColumnRef :fields (\"a\")}}) :fromClause ({RangeVar :relname "
				"\"t\"})}");
	assert_dump("select * from t fetch first 3 rows only",
				"{SelectStmt :targetList ({ResTarget :val {ColumnRef :fields ({A_Star})}}) "
				":fromClause ({RangeVar :relname \"t\"}) :limitCount {A_Const :val 3} "
				":limitOption COUNT}");
	assert_dump("table t",
				"{SelectStmt :targetList ({ResTarget :val {ColumnRef :fields ({A_Star})}}) "
				":fromClause ({RangeVar :relname \"t\"})}");
	assert_dump("values (1, default), (2, 3)",
				"{SelectStmt :valuesLists (({A_Const :val 1} {SetToDefault}) ({A_Const :val 2} "
				"{A_Const :val 3}))}");
	assert_dump("select * from t for update of t nowait",
				"{SelectStmt :targetList ({ResTarget :val {ColumnRef :fields ({A_Star})}}) "
				":fromClause ({RangeVar :relname \"t\"}) :lockingClause ({LockingClause "
				":lockedRels ({RangeVar :relname \"t\"}) :strength FORUPDATE :waitPolicy ERROR})}");
	/* bare labels: keywords that PostgreSQL allows without AS */
	assert_string_equal(castNode(ResTarget, linitial(castNode(SelectStmt,
															  parse1("select 1 desc"))->targetList))->name,
						"desc");
	assert_syntax_error("select 1 year", "year", 10);
}

static void
test_select_from(void **state)
{
	assert_dump("select * from a join b on a.x = b.x left join c using (y) cross join d "
				"natural full outer join e",
				"{SelectStmt :targetList ({ResTarget :val {ColumnRef :fields ({A_Star})}}) "
				":fromClause ({JoinExpr :jointype FULL :isNatural true :larg {JoinExpr :jointype "
				"INNER :larg {JoinExpr :jointype LEFT :larg {JoinExpr :jointype INNER :larg "
				"{RangeVar :relname \"a\"} :rarg {RangeVar :relname \"b\"} :quals {A_Expr :kind OP "
				":name (\"=\") :lexpr {ColumnRef :fields (\"a\" \"x\")} :rexpr {ColumnRef :fields "
				"(\"b\" \"x\")}}} :rarg {RangeVar :relname \"c\"} :usingClause (\"y\")} :rarg "
				"{RangeVar :relname \"d\"}} :rarg {RangeVar :relname \"e\"}})}");
	/* a qualified join directly followed by another nests to the right */
	assert_dump("select 1 from a join b join c on p on q",
				"{SelectStmt :targetList ({ResTarget :val {A_Const :val 1}}) :fromClause "
				"({JoinExpr :jointype INNER :larg {RangeVar :relname \"a\"} :rarg {JoinExpr "
				":jointype INNER :larg {RangeVar :relname \"b\"} :rarg {RangeVar :relname \"c\"} "
				":quals {ColumnRef :fields (\"p\")}} :quals {ColumnRef :fields (\"q\")}})}");
	assert_dump("select 1 from (a join b on true) as j, only c x(p, q)",
				"{SelectStmt :targetList ({ResTarget :val {A_Const :val 1}}) :fromClause "
				"({JoinExpr :jointype INNER :larg {RangeVar :relname \"a\"} :rarg {RangeVar "
				":relname \"b\"} :quals {A_Const :val true} :alias {Alias :aliasname \"j\"}} "
				"{RangeVar :relname \"c\" :inh false :alias {Alias :aliasname \"x\" :colnames "
				"(\"p\" \"q\")}})}");
	assert_dump("select x from generate_series(1, 10) as g(x)",
				"{SelectStmt :targetList ({ResTarget :val {ColumnRef :fields (\"x\")}}) "
				":fromClause ({RangeFunction :functions (({FuncCall :funcname "
				"(\"generate_series\") :args ({A_Const :val 1} {A_Const :val 10})} <>)) :alias "
				"{Alias :aliasname \"g\" :colnames (\"x\")}})}");
	assert_dump("select * from f() as (a int, b text)",
				"{SelectStmt :targetList ({ResTarget :val {ColumnRef :fields ({A_Star})}}) "
				":fromClause ({RangeFunction :functions (({FuncCall :funcname (\"f\")} <>)) "
				":coldeflist ({ColumnDef :colname \"a\" :typeName {TypeName :names (\"pg_catalog\" "
				"\"int4\")}} {ColumnDef :colname \"b\" :typeName {TypeName :names (\"text\")}})})}");
	assert_dump("select * from t, lateral (select 1) s",
				"{SelectStmt :targetList ({ResTarget :val {ColumnRef :fields ({A_Star})}}) "
				":fromClause ({RangeVar :relname \"t\"} {RangeSubselect :lateral true :subquery "
				"{SelectStmt :targetList ({ResTarget :val {A_Const :val 1}})} :alias {Alias "
				":aliasname \"s\"}})}");
	assert_error("select * from (select 1)", ERRCODE_SYNTAX_ERROR,
				 "subquery in FROM must have an alias", 15);
	assert_error("select * from (values (1))", ERRCODE_SYNTAX_ERROR,
				 "VALUES in FROM must have an alias", 15);
	assert_syntax_error("select * from (t)", ")", 17);
	assert_syntax_error("select * from a join b", NULL, 23);
	assert_error("select * from a.b.c.d", ERRCODE_SYNTAX_ERROR,
				 "improper qualified name (too many dotted names): a.b.c.d", 15);
}

static void
test_set_operations(void **state)
{
	SelectStmt *s = castNode(SelectStmt,
							 parse1("select 1 union select 2 except all select 3 intersect "
									"select 4 order by 1 limit 1"));

	/* (1 UNION 2) EXCEPT ALL (3 INTERSECT 4), options on the top */
	assert_int_equal(s->op, SETOP_EXCEPT);
	assert_true(s->all);
	assert_int_equal(s->larg->op, SETOP_UNION);
	assert_false(s->larg->all);
	assert_int_equal(s->rarg->op, SETOP_INTERSECT);
	assert_int_equal(list_length(s->sortClause), 1);
	assert_non_null(s->limitCount);
	assert_null(s->rarg->rarg->sortClause);

	s = castNode(SelectStmt, parse1("(select 1 order by 1) union select 2"));
	assert_int_equal(list_length(s->larg->sortClause), 1);
	assert_error("(select 1 order by 1) order by 1", ERRCODE_SYNTAX_ERROR,
				 "multiple ORDER BY clauses not allowed", 32);
	assert_error("(select 1 limit 1) limit 2", ERRCODE_SYNTAX_ERROR,
				 "multiple LIMIT clauses not allowed", 26);
	assert_error("select 1 limit 1, 2", ERRCODE_SYNTAX_ERROR,
				 "LIMIT #,# syntax is not supported", 10);
	assert_error("select 1 fetch first 1 row with ties", ERRCODE_SYNTAX_ERROR,
				 "WITH TIES cannot be specified without ORDER BY clause", 0);
}

static void
test_with(void **state)
{
	SelectStmt *s = castNode(SelectStmt,
							 parse1("with recursive r(n) as (select 1 union all select n + 1 "
									"from r) , x as materialized (select 2) select * from r, x"));
	CommonTableExpr *c1,
			   *c2;

	assert_non_null(s->withClause);
	assert_true(s->withClause->recursive);
	assert_int_equal(list_length(s->withClause->ctes), 2);
	c1 = linitial(s->withClause->ctes);
	c2 = lsecond(s->withClause->ctes);
	assert_string_equal(c1->ctename, "r");
	assert_string_equal(strVal(linitial(c1->aliascolnames)), "n");
	assert_int_equal(castNode(SelectStmt, c1->ctequery)->op, SETOP_UNION);
	assert_int_equal(c2->ctematerialized, CTEMaterializeAlways);
	/* WITH over INSERT / UPDATE / DELETE */
	assert_non_null(castNode(InsertStmt, parse1("with x as (select 1) insert into t select * "
												"from x"))->withClause);
	assert_non_null(castNode(DeleteStmt, parse1("with x as (select 1) delete from t"))->withClause);
	assert_error("with a as (select 1) (with b as (select 2) select 3)", ERRCODE_SYNTAX_ERROR,
				 "multiple WITH clauses not allowed", 1);
}

static void
test_window_frames(void **state)
{
	FuncCall   *f = castNode(FuncCall,
							 first_target("select sum(x) over (order by x rows between 1 preceding "
										  "and unbounded following) from t"));

	assert_int_equal(f->over->frameOptions,
					 FRAMEOPTION_NONDEFAULT | FRAMEOPTION_ROWS | FRAMEOPTION_BETWEEN |
					 FRAMEOPTION_START_OFFSET_PRECEDING | FRAMEOPTION_END_UNBOUNDED_FOLLOWING);
	assert_non_null(f->over->startOffset);
	assert_error("select sum(x) over (rows unbounded following) from t", ERRCODE_WINDOWING_ERROR,
				 "frame start cannot be UNBOUNDED FOLLOWING", 26);
	assert_error("select sum(x) over (rows between current row and 1 preceding) from t",
				 ERRCODE_WINDOWING_ERROR,
				 "frame starting from current row cannot have preceding rows", 50);
	assert_error("select sum(x) over (rows 1 following) from t", ERRCODE_WINDOWING_ERROR,
				 "frame starting from following row cannot end with current row", 26);
}

/* ------------------------------------------------------------------------
 * Data modification
 * ------------------------------------------------------------------------
 */

static void
test_insert(void **state)
{
	assert_dump("INSERT INTO pgbench_history (tid, bid) VALUES ($1, CURRENT_TIMESTAMP);",
				"{InsertStmt :relation {RangeVar :relname \"pgbench_history\"} :cols ({ResTarget "
				":name \"tid\"} {ResTarget :name \"bid\"}) :selectStmt {SelectStmt :valuesLists "
				"(({ParamRef :number 1} {SQLValueFunction :op CURRENT_TIMESTAMP}))}}");
	assert_dump("insert into t default values returning *",
				"{InsertStmt :relation {RangeVar :relname \"t\"} :returningList ({ResTarget :val "
				"{ColumnRef :fields ({A_Star})}})}");
	assert_dump("insert into t (select 1)",
				"{InsertStmt :relation {RangeVar :relname \"t\"} :selectStmt {SelectStmt "
				":targetList ({ResTarget :val {A_Const :val 1}})}}");
	assert_dump("insert into t as a values (1) on conflict (k) do update set v = excluded.v",
				"{InsertStmt :relation {RangeVar :relname \"t\" :alias {Alias :aliasname \"a\"}} "
				":selectStmt {SelectStmt :valuesLists (({A_Const :val 1}))} :onConflictClause "
				"{OnConflictClause :action UPDATE :infer {InferClause :indexElems ({IndexElem "
				":name \"k\"})} :targetList ({ResTarget :name \"v\" :val {ColumnRef :fields "
				"(\"excluded\" \"v\")}})}}");
	assert_dump("insert into t values (1) on conflict do nothing",
				"{InsertStmt :relation {RangeVar :relname \"t\"} :selectStmt {SelectStmt "
				":valuesLists (({A_Const :val 1}))} :onConflictClause {OnConflictClause "
				":action NOTHING}}");
}

static void
test_update_delete(void **state)
{
	assert_dump("UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2;",
				"{UpdateStmt :relation {RangeVar :relname \"pgbench_accounts\"} :targetList "
				"({ResTarget :name \"abalance\" :val {A_Expr :kind OP :name (\"+\") :lexpr "
				"{ColumnRef :fields (\"abalance\")} :rexpr {ParamRef :number 1}}}) :whereClause "
				"{A_Expr :kind OP :name (\"=\") :lexpr {ColumnRef :fields (\"aid\")} :rexpr "
				"{ParamRef :number 2}}}");
	assert_dump("update t as x set a[1] = default from u returning a",
				"{UpdateStmt :relation {RangeVar :relname \"t\" :alias {Alias :aliasname \"x\"}} "
				":targetList ({ResTarget :name \"a\" :indirection ({A_Indices :uidx {A_Const :val "
				"1}}) :val {SetToDefault}}) :fromClause ({RangeVar :relname \"u\"}) :returningList "
				"({ResTarget :val {ColumnRef :fields (\"a\")}})}");
	/* SET after the table is never an alias */
	assert_null(castNode(UpdateStmt, parse1("update t set a = 1"))->relation->alias);
	assert_dump("update t set (a, b) = (1, 2)",
				"{UpdateStmt :relation {RangeVar :relname \"t\"} :targetList ({ResTarget :name "
				"\"a\" :val {MultiAssignRef :source {RowExpr :args ({A_Const :val 1} {A_Const :val "
				"2}) :row_format IMPLICIT_CAST} :colno 1 :ncolumns 2}} {ResTarget :name \"b\" :val "
				"{MultiAssignRef :source {RowExpr :args ({A_Const :val 1} {A_Const :val 2}) "
				":row_format IMPLICIT_CAST} :colno 2 :ncolumns 2}})}");
	/* source checks are the analyzer's (PostgreSQL makes them after the table lookup) */
	assert_int_equal(castNode(MultiAssignRef, castNode(ResTarget, linitial(castNode(UpdateStmt,
																					  parse1("update t set (a, b) = 1"))->targetList))->val)->ncolumns, 2);
	assert_dump("delete from only t x using u where x.k = u.k returning *",
				"{DeleteStmt :relation {RangeVar :relname \"t\" :inh false :alias {Alias "
				":aliasname \"x\"}} :usingClause ({RangeVar :relname \"u\"}) :whereClause {A_Expr "
				":kind OP :name (\"=\") :lexpr {ColumnRef :fields (\"x\" \"k\")} :rexpr {ColumnRef "
				":fields (\"u\" \"k\")}} :returningList ({ResTarget :val {ColumnRef :fields "
				"({A_Star})}})}");
}

/* ------------------------------------------------------------------------
 * Data definition
 * ------------------------------------------------------------------------
 */

static void
test_create_table(void **state)
{
	assert_dump("create table pgbench_tellers(tid int not null,bid int,filler char(84)) "
				"with (fillfactor=100)",
				"{CreateStmt :relation {RangeVar :relname \"pgbench_tellers\"} :tableElts "
				"({ColumnDef :colname \"tid\" :typeName {TypeName :names (\"pg_catalog\" \"int4\")} "
				":constraints ({Constraint :contype NOTNULL})} {ColumnDef :colname \"bid\" "
				":typeName {TypeName :names (\"pg_catalog\" \"int4\")}} {ColumnDef :colname "
				"\"filler\" :typeName {TypeName :names (\"pg_catalog\" \"bpchar\") :typmods "
				"({A_Const :val 84})}}) :options ({DefElem :defname \"fillfactor\" :arg 100})}");
	assert_dump("create temp table if not exists t (a int primary key default 1, "
				"constraint c check (a > 0), unique (a))",
				"{CreateStmt :relation {RangeVar :relname \"t\" :relpersistence 't'} :tableElts "
				"({ColumnDef :colname \"a\" :typeName {TypeName :names (\"pg_catalog\" \"int4\")} "
				":constraints ({Constraint :contype PRIMARY} {Constraint :contype DEFAULT "
				":raw_expr {A_Const :val 1}})} {Constraint :contype CHECK :conname \"c\" :raw_expr "
				"{A_Expr :kind OP :name (\">\") :lexpr {ColumnRef :fields (\"a\")} :rexpr {A_Const "
				":val 0}}} {Constraint :contype UNIQUE :keys (\"a\")}) :if_not_exists true}");
	/* DEFAULT takes a b_expr, so NOT NULL after it is a constraint */
	{
		CreateStmt *c = castNode(CreateStmt, parse1("create table t (a int default 1 + 2 not null)"));
		ColumnDef  *cd = linitial(c->tableElts);

		assert_int_equal(list_length(cd->constraints), 2);
		assert_int_equal(castNode(Constraint, lsecond(cd->constraints))->contype, CONSTR_NOTNULL);
	}
	/* foreign keys, deferrable */
	{
		CreateStmt *c = castNode(CreateStmt, parse1("create table t (a int references p (k) "
													"on delete cascade deferrable initially deferred)"));
		Constraint *fk = linitial(castNode(ColumnDef, linitial(c->tableElts))->constraints);

		assert_int_equal(fk->contype, CONSTR_FOREIGN);
		assert_string_equal(fk->pktable->relname, "p");
		assert_int_equal(fk->fk_del_action, FKCONSTR_ACTION_CASCADE);
		assert_int_equal(fk->fk_upd_action, FKCONSTR_ACTION_NOACTION);
		assert_true(fk->deferrable);
		assert_true(fk->initdeferred);
	}
	assert_error("create table t (a int not deferrable)", ERRCODE_SYNTAX_ERROR,
				 "misplaced NOT DEFERRABLE clause", 23);
	assert_error("create table t16 (d bool default true is true)", ERRCODE_SYNTAX_ERROR,
				 "syntax error at or near \"true\"", 42);
}

static void
test_create_table_as(void **state)
{
	CreateTableAsStmt *c = castNode(CreateTableAsStmt,
									parse1("create table t (x, y) as select 1, 2 with no data"));

	assert_string_equal(c->into->rel->relname, "t");
	assert_int_equal(list_length(c->into->colNames), 2);
	assert_true(c->into->skipData);
	assert_true(IsA(c->query, SelectStmt));
	c = castNode(CreateTableAsStmt, parse1("create unlogged table t as table u"));
	assert_int_equal(c->into->rel->relpersistence, RELPERSISTENCE_UNLOGGED);
	/* SELECT INTO stays a SelectStmt with an IntoClause */
	assert_string_equal(castNode(SelectStmt, parse1("select 1 into temp x"))->intoClause->rel->relname,
						"x");
}

static void
test_indexes_drop_truncate(void **state)
{
	assert_dump("create unique index concurrently if not exists i on t using hash "
				"(a desc nulls last, lower(b), (a + 1)) where a > 0",
				"{IndexStmt :idxname \"i\" :relation {RangeVar :relname \"t\"} :accessMethod "
				"\"hash\" :indexParams ({IndexElem :name \"a\" :ordering DESC :nulls_ordering LAST} "
				"{IndexElem :expr {FuncCall :funcname (\"lower\") :args ({ColumnRef :fields "
				"(\"b\")})}} {IndexElem :expr {A_Expr :kind OP :name (\"+\") :lexpr {ColumnRef "
				":fields (\"a\")} :rexpr {A_Const :val 1}}}) :whereClause {A_Expr :kind OP :name "
				"(\">\") :lexpr {ColumnRef :fields (\"a\")} :rexpr {A_Const :val 0}} :unique true "
				":concurrent true :if_not_exists true}");
	assert_dump("create index on t (a)",
				"{IndexStmt :relation {RangeVar :relname \"t\"} :accessMethod \"btree\" "
				":indexParams ({IndexElem :name \"a\"})}");
	assert_dump("drop table if exists a, s.b cascade",
				"{DropStmt :objects ((\"a\") (\"s\" \"b\")) :removeType TABLE :behavior CASCADE "
				":missing_ok true}");
	assert_dump("drop index i", "{DropStmt :objects ((\"i\")) :removeType INDEX}");
	assert_dump("truncate table a, b restart identity cascade",
				"{TruncateStmt :relations ({RangeVar :relname \"a\"} {RangeVar :relname \"b\"}) "
				":restart_seqs true :behavior CASCADE}");
}

static void
test_alter_table(void **state)
{
	assert_dump("alter table pgbench_branches add primary key (bid)",
				"{AlterTableStmt :relation {RangeVar :relname \"pgbench_branches\"} :cmds "
				"({AlterTableCmd :subtype AddConstraint :def {Constraint :contype PRIMARY :keys "
				"(\"bid\")}})}");
	assert_dump("alter table if exists t add column c int, drop column if exists d, "
				"add constraint u unique (a), alter e set not null",
				"{AlterTableStmt :relation {RangeVar :relname \"t\"} :cmds ({AlterTableCmd "
				":subtype AddColumn :def {ColumnDef :colname \"c\" :typeName {TypeName :names "
				"(\"pg_catalog\" \"int4\")}}} {AlterTableCmd :subtype DropColumn :name \"d\" "
				":missing_ok true} {AlterTableCmd :subtype AddConstraint :def {Constraint :contype "
				"UNIQUE :conname \"u\" :keys (\"a\")}} {AlterTableCmd :subtype SetNotNull :name "
				"\"e\"}) :missing_ok true}");
	assert_dump("alter table t rename column a to b",
				"{RenameStmt :renameType COLUMN :relationType TABLE :relation {RangeVar :relname "
				"\"t\"} :subname \"a\" :newname \"b\"}");
	assert_dump("alter table t rename to u",
				"{RenameStmt :renameType TABLE :relationType TABLE :relation {RangeVar :relname "
				"\"t\"} :newname \"u\"}");
	/* RENAME cannot be combined with other actions (as in PostgreSQL) */
	assert_syntax_error("alter table t rename a to b, add c int", ",", 28);
}

static void
test_roles_and_databases(void **state)
{
	CreateRoleStmt *c = castNode(CreateRoleStmt,
								 parse1("create user u with login password 'pw' nosuperuser "
										"connection limit 3"));
	DefElem    *d;

	assert_int_equal(c->stmt_type, ROLESTMT_USER);
	assert_string_equal(c->role, "u");
	assert_int_equal(list_length(c->options), 4);
	d = linitial(c->options);
	assert_string_equal(d->defname, "canlogin");
	assert_true(boolVal(d->arg));
	d = lsecond(c->options);
	assert_string_equal(d->defname, "password");
	assert_string_equal(strVal(d->arg), "pw");
	d = lthird(c->options);
	assert_string_equal(d->defname, "superuser");
	assert_false(boolVal(d->arg));
	d = lfourth(c->options);
	assert_string_equal(d->defname, "connectionlimit");
	assert_int_equal(intVal(d->arg), 3);
	assert_null(castNode(DefElem, linitial(castNode(CreateRoleStmt,
													parse1("create role r password null"))->options))->arg);
	assert_dump("drop role if exists a, b",
				"{DropRoleStmt :roles ({RoleSpec :roletype CSTRING :rolename \"a\"} {RoleSpec "
				":roletype CSTRING :rolename \"b\"}) :missing_ok true}");
	assert_dump("alter role r set work_mem = '1MB'",
				"{AlterRoleSetStmt :role {RoleSpec :roletype CSTRING :rolename \"r\"} :setstmt "
				"{VariableSetStmt :kind SET_VALUE :name \"work_mem\" :args ({A_Const :val \"1MB\"})}}");
	assert_error("create role r1 bogus", ERRCODE_SYNTAX_ERROR, "unrecognized role option \"bogus\"",
				 16);
	assert_error("create role public", ERRCODE_RESERVED_NAME, "role name \"public\" is reserved",
				 13);
	assert_dump("create database d with owner = postgres connection limit = 5",
				"{CreatedbStmt :dbname \"d\" :options ({DefElem :defname \"owner\" :arg \"postgres\"} "
				"{DefElem :defname \"connection_limit\" :arg 5})}");
	assert_dump("drop database if exists d with (force)",
				"{DropdbStmt :dbname \"d\" :missing_ok true :options ({DefElem :defname \"force\"})}");
}

/* ------------------------------------------------------------------------
 * Utility statements
 * ------------------------------------------------------------------------
 */

static void
test_transactions(void **state)
{
	assert_dump("BEGIN ISOLATION LEVEL SERIALIZABLE",
				"{TransactionStmt :kind BEGIN :options ({DefElem :defname \"transaction_isolation\" "
				":arg \"serializable\"})}");
	assert_dump("begin transaction isolation level repeatable read, read only not deferrable",
				"{TransactionStmt :kind BEGIN :options ({DefElem :defname \"transaction_isolation\" "
				":arg \"repeatable read\"} {DefElem :defname \"transaction_read_only\" :arg true} "
				"{DefElem :defname \"transaction_deferrable\" :arg false})}");
	assert_dump("start transaction read write",
				"{TransactionStmt :kind START :options ({DefElem :defname "
				"\"transaction_read_only\" :arg false})}");
	assert_dump("END;", "{TransactionStmt :kind COMMIT}");
	assert_dump("commit work and no chain", "{TransactionStmt :kind COMMIT}");
	assert_dump("commit and chain", "{TransactionStmt :kind COMMIT :chain true}");
	assert_dump("abort", "{TransactionStmt :kind ROLLBACK}");
	assert_dump("savepoint s", "{TransactionStmt :kind SAVEPOINT :savepoint_name \"s\"}");
	assert_dump("release savepoint s", "{TransactionStmt :kind RELEASE :savepoint_name \"s\"}");
	assert_dump("rollback to savepoint s",
				"{TransactionStmt :kind ROLLBACK_TO :savepoint_name \"s\"}");
	assert_dump("prepare transaction 'g'", "{TransactionStmt :kind PREPARE :gid \"g\"}");
	assert_syntax_error("begin isolation level serializable,", NULL, 36);
}

static void
test_set_show_reset(void **state)
{
	assert_dump("set search_path to public, \"$user\"",
				"{VariableSetStmt :kind SET_VALUE :name \"search_path\" :args ({A_Const :val "
				"\"public\"} {A_Const :val \"$user\"})}");
	assert_dump("set local statement_timeout = 5", "{VariableSetStmt :kind SET_VALUE :name "
				"\"statement_timeout\" :args ({A_Const :val 5}) :is_local true}");
	assert_dump("set session x.y = -1.5", "{VariableSetStmt :kind SET_VALUE :name \"x.y\" "
				":args ({A_Const :val {Float \"-1.5\"}})}");
	assert_dump("set enable_seqscan to off", "{VariableSetStmt :kind SET_VALUE :name "
				"\"enable_seqscan\" :args ({A_Const :val \"off\"})}");
	assert_dump("set work_mem to default",
				"{VariableSetStmt :kind SET_DEFAULT :name \"work_mem\"}");
	assert_dump("set time zone 'UTC'", "{VariableSetStmt :kind SET_VALUE :name \"timezone\" "
				":args ({A_Const :val \"UTC\"})}");
	assert_dump("set time zone local", "{VariableSetStmt :kind SET_DEFAULT :name \"timezone\"}");
	assert_dump("set names 'UTF8'", "{VariableSetStmt :kind SET_VALUE :name \"client_encoding\" "
				":args ({A_Const :val \"UTF8\"})}");
	assert_dump("set transaction read only", "{VariableSetStmt :kind SET_MULTI :name "
				"\"TRANSACTION\" :args ({DefElem :defname \"transaction_read_only\" :arg true})}");
	assert_dump("set session characteristics as transaction isolation level read committed",
				"{VariableSetStmt :kind SET_MULTI :name \"SESSION CHARACTERISTICS\" :args "
				"({DefElem :defname \"transaction_isolation\" :arg \"read committed\"})}");
	assert_dump("show all", "{VariableShowStmt :name \"all\"}");
	assert_dump("show time zone", "{VariableShowStmt :name \"timezone\"}");
	assert_dump("show transaction isolation level",
				"{VariableShowStmt :name \"transaction_isolation\"}");
	assert_dump("SHOW DateStyle", "{VariableShowStmt :name \"datestyle\"}");
	assert_dump("reset all", "{VariableSetStmt :kind RESET_ALL}");
	assert_dump("reset work_mem", "{VariableSetStmt :kind RESET :name \"work_mem\"}");
	assert_dump("alter system set work_mem to '4MB'",
				"{AlterSystemStmt :setstmt {VariableSetStmt :kind SET_VALUE :name \"work_mem\" "
				":args ({A_Const :val \"4MB\"})}}");
	assert_dump("alter system reset all", "{AlterSystemStmt :setstmt {VariableSetStmt :kind "
				"RESET_ALL}}");
}

static void
test_maintenance(void **state)
{
	assert_dump("vacuum full freeze verbose analyze t (a), u",
				"{VacuumStmt :options ({DefElem :defname \"full\"} {DefElem :defname \"freeze\"} "
				"{DefElem :defname \"verbose\"} {DefElem :defname \"analyze\"}) :rels "
				"({VacuumRelation :relation {RangeVar :relname \"t\"} :va_cols (\"a\")} "
				"{VacuumRelation :relation {RangeVar :relname \"u\"}}) :is_vacuumcmd true}");
	assert_dump("vacuum (verbose, parallel 2, skip_locked off)",
				"{VacuumStmt :options ({DefElem :defname \"verbose\"} {DefElem :defname "
				"\"parallel\" :arg 2} {DefElem :defname \"skip_locked\" :arg \"off\"}) "
				":is_vacuumcmd true}");
	assert_dump("analyze verbose t", "{VacuumStmt :options ({DefElem :defname \"verbose\"}) "
				":rels ({VacuumRelation :relation {RangeVar :relname \"t\"}})}");
	assert_dump("checkpoint", "{CheckPointStmt}");
	assert_dump("discard all", "{DiscardStmt :target ALL}");
	assert_dump("discard temp", "{DiscardStmt :target TEMP}");
	assert_dump("lock table t in share row exclusive mode nowait",
				"{LockStmt :relations ({RangeVar :relname \"t\"}) :mode 6 :nowait true}");
}

static void
test_copy(void **state)
{
	assert_dump("copy pgbench_accounts from stdin with (freeze on)",
				"{CopyStmt :relation {RangeVar :relname \"pgbench_accounts\"} :is_from true "
				":options ({DefElem :defname \"freeze\" :arg \"on\"})}");
	assert_dump("copy t (a, b) to stdout with csv header delimiter ';' null ''",
				"{CopyStmt :relation {RangeVar :relname \"t\"} :attlist (\"a\" \"b\") :options "
				"({DefElem :defname \"format\" :arg \"csv\"} {DefElem :defname \"header\" :arg "
				"true} {DefElem :defname \"delimiter\" :arg \";\"} {DefElem :defname \"null\" "
				":arg \"\"})}");
	assert_dump("copy (select 1) to stdout (format binary)",
				"{CopyStmt :query {SelectStmt :targetList ({ResTarget :val {A_Const :val 1}})} "
				":options ({DefElem :defname \"format\" :arg \"binary\"})}");
	assert_dump("copy t to '/tmp/x' (force_quote *)",
				"{CopyStmt :relation {RangeVar :relname \"t\"} :filename \"/tmp/x\" :options "
				"({DefElem :defname \"force_quote\" :arg {A_Star}})}");
	assert_syntax_error("copy (select 1) from stdin", "from", 17);
}

static void
test_cursors(void **state)
{
	assert_dump("DECLARE \"srv\" CURSOR WITHOUT HOLD FOR select generate_series(1,3)",
				"{DeclareCursorStmt :portalname \"srv\" :query {SelectStmt :targetList "
				"({ResTarget :val {FuncCall :funcname (\"generate_series\") :args ({A_Const :val 1} "
				"{A_Const :val 3})}})}}");
	{
		DeclareCursorStmt *d = castNode(DeclareCursorStmt,
										parse1("declare c binary no scroll cursor with hold for "
											   "select 1"));

		assert_int_equal(d->options, CURSOR_OPT_BINARY | CURSOR_OPT_NO_SCROLL | CURSOR_OPT_HOLD);
	}
	assert_dump("FETCH FORWARD ALL FROM \"srv\"", "{FetchStmt :direction FORWARD :howMany "
				"9223372036854775807 :portalname \"srv\"}");
	assert_dump("fetch c", "{FetchStmt :direction FORWARD :howMany 1 :portalname \"c\"}");
	assert_dump("fetch next", "{FetchStmt :direction FORWARD :howMany 1 :portalname \"next\"}");
	assert_dump("fetch prior from c", "{FetchStmt :direction BACKWARD :howMany 1 "
				":portalname \"c\"}");
	assert_dump("fetch last in c", "{FetchStmt :direction ABSOLUTE :howMany -1 "
				":portalname \"c\"}");
	assert_dump("fetch -3 c", "{FetchStmt :direction FORWARD :howMany -3 :portalname \"c\"}");
	assert_dump("move backward 2 in c", "{FetchStmt :direction BACKWARD :howMany 2 "
				":portalname \"c\" :ismove true}");
	assert_dump("close \"srv\"", "{ClosePortalStmt :portalname \"srv\"}");
	assert_dump("close all", "{ClosePortalStmt}");
}

static void
test_prepare_execute_explain(void **state)
{
	assert_dump("prepare p (int, text) as select $1",
				"{PrepareStmt :name \"p\" :argtypes ({TypeName :names (\"pg_catalog\" \"int4\")} "
				"{TypeName :names (\"text\")}) :query {SelectStmt :targetList ({ResTarget :val "
				"{ParamRef :number 1}})}}");
	assert_dump("execute p (1, 'x')", "{ExecuteStmt :name \"p\" :params ({A_Const :val 1} "
				"{A_Const :val \"x\"})}");
	assert_dump("deallocate prepare p", "{DeallocateStmt :name \"p\"}");
	assert_dump("deallocate all", "{DeallocateStmt}");
	assert_dump("explain analyze verbose select 1",
				"{ExplainStmt :query {SelectStmt :targetList ({ResTarget :val {A_Const :val 1}})} "
				":options ({DefElem :defname \"analyze\"} {DefElem :defname \"verbose\"})}");
	assert_dump("explain (costs off, format json) delete from t",
				"{ExplainStmt :query {DeleteStmt :relation {RangeVar :relname \"t\"}} :options "
				"({DefElem :defname \"costs\" :arg \"off\"} {DefElem :defname \"format\" :arg "
				"\"json\"})}");
	assert_dump("explain (select 1)", "{ExplainStmt :query {SelectStmt :targetList ({ResTarget "
				":val {A_Const :val 1}})}}");
}

/* ------------------------------------------------------------------------
 * Statements, tags, locations, errors
 * ------------------------------------------------------------------------
 */

static void
test_command_tags(void **state)
{
	static const struct
	{
		const char *sql;
		const char *tag;
	}			cases[] = {
		{"select 1", "SELECT"}, {"values (1)", "SELECT"}, {"select 1 into x", "SELECT"},
		{"create table t as select 1", "SELECT"}, {"insert into t values (1)", "INSERT"},
		{"update t set a = 1", "UPDATE"}, {"delete from t", "DELETE"},
		{"create table t (a int)", "CREATE TABLE"}, {"drop table t", "DROP TABLE"},
		{"create index on t (a)", "CREATE INDEX"}, {"drop index i", "DROP INDEX"},
		{"truncate t", "TRUNCATE TABLE"}, {"alter table t add c int", "ALTER TABLE"},
		{"alter table t rename to u", "ALTER TABLE"}, {"alter index i rename to j", "ALTER INDEX"},
		{"begin", "BEGIN"}, {"start transaction", "START TRANSACTION"}, {"commit", "COMMIT"},
		{"end", "COMMIT"}, {"rollback", "ROLLBACK"}, {"abort", "ROLLBACK"},
		{"rollback to s", "ROLLBACK"}, {"savepoint s", "SAVEPOINT"}, {"release s", "RELEASE"},
		{"set x = 1", "SET"}, {"set transaction read only", "SET"}, {"reset all", "RESET"},
		{"show all", "SHOW"}, {"copy t from stdin", "COPY"}, {"vacuum", "VACUUM"},
		{"analyze", "ANALYZE"}, {"checkpoint", "CHECKPOINT"},
		{"declare c cursor for select 1", "DECLARE CURSOR"}, {"fetch c", "FETCH"},
		{"move c", "MOVE"}, {"close c", "CLOSE CURSOR"}, {"close all", "CLOSE CURSOR ALL"},
		{"prepare p as select 1", "PREPARE"}, {"execute p", "EXECUTE"},
		{"deallocate p", "DEALLOCATE"}, {"deallocate all", "DEALLOCATE ALL"},
		{"explain select 1", "EXPLAIN"}, {"create role r", "CREATE ROLE"},
		{"create user u", "CREATE ROLE"}, {"alter role r login", "ALTER ROLE"},
		{"alter role r set x = 1", "ALTER ROLE"}, {"drop user u", "DROP ROLE"},
		{"discard all", "DISCARD ALL"}, {"discard plans", "DISCARD PLANS"},
		{"discard temp", "DISCARD TEMP"}, {"alter system reset all", "ALTER SYSTEM"},
		{"create database d", "CREATE DATABASE"}, {"drop database d", "DROP DATABASE"},
		{"create schema s", "CREATE SCHEMA"}, {"drop schema s", "DROP SCHEMA"},
		{"create view v as select 1", "CREATE VIEW"}, {"drop view v", "DROP VIEW"},
		{"alter view v rename to w", "ALTER VIEW"}, {"create sequence s", "CREATE SEQUENCE"},
		{"drop sequence s", "DROP SEQUENCE"}, {"lock t", "LOCK TABLE"},
		{"prepare transaction 'x'", "PREPARE TRANSACTION"},
	};

	for (size_t i = 0; i < lengthof(cases); i++)
	{
		List	   *l = parse(cases[i].sql);

		assert_string_equal(parser_command_tag(linitial(l)), cases[i].tag);
		assert_string_equal(parser_command_tag(castNode(RawStmt, linitial(l))->stmt), cases[i].tag);
	}
	assert_string_equal(parser_command_tag(NULL), "???");
}

static void
test_statement_split(void **state)
{
	const char *sql = ";; select 1 ;\n  /* c */ select 'a;b' ; ;\tbegin; ";
	List	   *l = parse(sql);
	RawStmt    *r;

	assert_int_equal(list_length(l), 3);
	r = linitial(l);
	assert_int_equal(r->stmt_location, 3);
	assert_int_equal(r->stmt_len, 8);
	assert_memory_equal(sql + r->stmt_location, "select 1", 8);
	r = lsecond(l);
	assert_memory_equal(sql + r->stmt_location, "select 'a;b'", 12);
	assert_int_equal(r->stmt_len, 12);
	r = lthird(l);
	assert_memory_equal(sql + r->stmt_location, "begin", 5);
	assert_int_equal(r->stmt_len, 5);
	/* a syntax error anywhere rejects the whole string */
	assert_syntax_error("select 1; selec 2", "selec", 11);
}

static void
test_locations(void **state)
{
	const char *sql = "select  t.a + f(x) from s.t where b::int = $1";
	SelectStmt *s = castNode(SelectStmt, parse1(sql));
	A_Expr	   *plus = castNode(A_Expr, castNode(ResTarget, linitial(s->targetList))->val);
	A_Expr	   *eq = castNode(A_Expr, s->whereClause);
	TypeCast   *tc = castNode(TypeCast, eq->lexpr);

	assert_int_equal(castNode(ColumnRef, plus->lexpr)->location, 8);
	assert_int_equal(plus->location, 12);
	assert_int_equal(castNode(FuncCall, plus->rexpr)->location, 14);
	assert_int_equal(castNode(RangeVar, linitial(s->fromClause))->location, 24);
	assert_int_equal(tc->location, 35);
	assert_int_equal(tc->typeName->location, 37);
	assert_int_equal(castNode(ParamRef, eq->rexpr)->location, 43);
	/* character positions for errposition: é is one character */
	assert_int_equal(parser_errposition_of("select 'é' x", 12), 12);
	assert_int_equal(parser_errposition_of("select 'é' x", 0), 1);
	assert_int_equal(parser_errposition_of("select", -1), 0);
}

static void
test_syntax_errors(void **state)
{
	/* messages and positions as PostgreSQL 15 reports them */
	assert_syntax_error("select 1 from", NULL, 14);
	assert_syntax_error("select 'éé' from where", "where", 18);
	assert_syntax_error("select 1 1", "1", 10);
	assert_syntax_error("selec 1", "selec", 1);
	assert_syntax_error("select (1", NULL, 10);
	assert_syntax_error("select 1..2", "..", 9);
	assert_syntax_error("select 'abc' 'def'", "'def'", 14);
	assert_syntax_error("insert into t values", NULL, 21);
	assert_syntax_error("create table t (a int,)", ")", 23);
	assert_syntax_error("select * from t where", NULL, 22);
	assert_syntax_error("update t set a = 1 where", NULL, 25);
	assert_syntax_error("grant all on t to u", "grant", 1);
	assert_syntax_error("select 1 1; select 2", "1", 10);
	assert_syntax_error("SELECT * FROM t LEFT", NULL, 21);
}

static void
test_nesting_limits(void **state)
{
	int			n = 3000;
	char	   *sql = palloc(n * 2 + 16);
	char	   *p = sql;
	volatile bool caught = false;

	/* 1000 nested parentheses are fine */
	p += sprintf(p, "select ");
	for (int i = 0; i < 1000; i++)
		*p++ = '(';
	*p++ = '1';
	for (int i = 0; i < 1000; i++)
		*p++ = ')';
	*p = '\0';
	assert_true(IsA(first_target(sql), A_Const));

	/* far deeper nesting is an error, not a crash */
	p = sql + sprintf(sql, "select ");
	for (int i = 0; i < n; i++)
		*p++ = '(';
	*p = '\0';
	ELOG_TRY();
	{
		(void) raw_parser(sql);
	}
	ELOG_CATCH();
	{
		caught = true;
		assert_string_equal(elog_current_error()->sqlstate, ERRCODE_STATEMENT_TOO_COMPLEX);
		assert_string_equal(elog_current_error()->message, "stack depth limit exceeded");
		elog_flush_error();
	}
	ELOG_END_TRY();
	assert_true(caught);
}

static void
test_long_flat_lists(void **state)
{
	int			n = 20000;
	char	   *sql = palloc(n * 16 + 64);
	char	   *p = sql;
	SelectStmt *s;

	/* long OR chains and IN lists stay flat: no depth problem */
	p += sprintf(p, "select 1 where a = 0");
	for (int i = 1; i < n; i++)
		p += sprintf(p, " or a = %d", i);
	s = castNode(SelectStmt, parse1(sql));
	assert_int_equal(list_length(castNode(BoolExpr, s->whereClause)->args), n);

	p = sql + sprintf(sql, "select 1 where a in (0");
	for (int i = 1; i < n; i++)
		p += sprintf(p, ",%d", i);
	strcpy(p, ")");
	s = castNode(SelectStmt, parse1(sql));
	assert_int_equal(list_length((List *) castNode(A_Expr, s->whereClause)->rexpr), n);
}

/* Every byte value as a query, and random garbage: errors only, never a crash. */
static void
test_garbage_input(void **state)
{
	volatile uint32_t seed = 12345;	/* loop state kept across longjmp */
	static const char *pieces[] = {"select", "(", ")", "'", "\"", "$$", "/*", "e'\\", "u&'",
		"1e", "::", "[", "]", ",", "from", "join", "on", "\xff", "\xc3", "\x80", "--", "$1",
	"array", "case", "when", "::int[", "over (", "||", "..", "=", "and", "not", " "};

	for (volatile int c = 1; c < 256; c++)
	{
		char		sql[8] = {(char) c, '\0'};
		char		sql2[16];

		snprintf(sql2, sizeof(sql2), "select %c1", c);
		ELOG_TRY();
		{
			(void) raw_parser(sql);
		}
		ELOG_CATCH();
		{
			elog_flush_error();
		}
		ELOG_END_TRY();
		ELOG_TRY();
		{
			(void) raw_parser(sql2);
		}
		ELOG_CATCH();
		{
			elog_flush_error();
		}
		ELOG_END_TRY();
	}
	for (volatile int iter = 0; iter < 3000; iter++)
	{
		char		sql[256] = "";
		int			n = 1 + (int) (seed % 12);

		for (int i = 0; i < n; i++)
		{
			seed = seed * 1103515245 + 12345;
			strcat(sql, pieces[(seed >> 8) % lengthof(pieces)]);
		}
		ELOG_TRY();
		{
			List	   *l = raw_parser(sql);

			/* whatever parses must also dump and copy */
			assert_string_equal(node_to_string(l), node_to_string(copy_node(l)));
		}
		ELOG_CATCH();
		{
			ErrorData  *e = elog_current_error();

			assert_true(e->cursorpos >= 0 && e->cursorpos <= (int) strlen(sql) + 1);
			elog_flush_error();
		}
		ELOG_END_TRY();
	}
}

/* The parser allocates only in CurrentMemoryContext. */
static void
test_memory_context(void **state)
{
	size_t		top_before = memctx_used_bytes(TopMemoryContext, false);
	MemoryContext ctx = memctx_create(test_ctx, "parse");
	MemoryContext old = memctx_switch_to(ctx);
	List	   *l;

	l = raw_parser("select a, b from t where c in (select d from u) order by 1; begin; commit");
	assert_int_equal(list_length(l), 3);
	assert_ptr_equal(memctx_of(l), ctx);
	assert_true(memctx_used_bytes(ctx, false) > 0);
	memctx_switch_to(old);
	assert_int_equal(memctx_used_bytes(TopMemoryContext, false), top_before);
	memctx_delete(ctx);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_identifiers),
		T(test_identifier_truncation),
		T(test_keywords_as_names),
		T(test_keyword_lookup),
		T(test_strings),
		T(test_nonstandard_strings),
		T(test_numbers),
		T(test_operators),
		T(test_comments),
		T(test_lexical_errors),
		T(test_precedence),
		T(test_predicates),
		T(test_casts_and_types),
		T(test_functions),
		T(test_special_values),
		T(test_indirection_and_rows),
		T(test_select_basic),
		T(test_select_from),
		T(test_set_operations),
		T(test_with),
		T(test_window_frames),
		T(test_insert),
		T(test_update_delete),
		T(test_create_table),
		T(test_create_table_as),
		T(test_indexes_drop_truncate),
		T(test_alter_table),
		T(test_roles_and_databases),
		T(test_transactions),
		T(test_set_show_reset),
		T(test_maintenance),
		T(test_copy),
		T(test_cursors),
		T(test_prepare_execute_explain),
		T(test_command_tags),
		T(test_statement_split),
		T(test_locations),
		T(test_syntax_errors),
		T(test_nesting_limits),
		T(test_long_flat_lists),
		T(test_garbage_input),
		T(test_memory_context),
	};

	memctx_init();
	guc_init();
	/* keep NOTICEs (identifier truncation) out of the test output */
	log_min_messages = WARNING;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
