/*-------------------------------------------------------------------------
 * test_sql_query.c
 *	  Unit tests of the query pipeline without user tables: analyzer,
 *	  planner and executor for expressions, VALUES, generate_series,
 *	  aggregates, grouping, DISTINCT, ORDER BY/LIMIT, set operations,
 *	  subqueries, CTEs and joins of VALUES lists; result column names and
 *	  types; analyzer errors with their SQLSTATEs and cursor positions;
 *	  parameter type inference.
 *
 * How: a standalone engine (test_sql_common.h) runs each statement
 * through sql_parse/sql_prepare/sql_portal_run and the rows are compared
 * as text with PostgreSQL 15's answers to the same queries (collected
 * from the reference server when the tests were written).
 *-------------------------------------------------------------------------
 */
#include "test_sql_common.h"

static int
setup(void **state)
{
	(void) state;
	return 0;
}

/* Expression semantics, aggregates, grouping, set operations (PostgreSQL's results). */
static void
test_results(void **state)
{
	(void) state;
	assert_sql("select 1 as a, 'x' as b, 2.5 as c, true as d, null as e",
			   "a|b|c|d|e\n1|x|2.5|t|NULL\nSELECT 1");
	assert_sql("select 1 + 2 * 3, 7 / 2, 7 % 3, -5, 2 ^ 10",
			   "?column?|?column?|?column?|?column?|?column?\n7|3|1|-5|1024\nSELECT 1");
	assert_sql("select true and null, false and null, true or null, false or null, not (null::bool)",
			   "?column?|?column?|?column?|?column?|?column?\nNULL|f|t|NULL|NULL\nSELECT 1");
	assert_sql("select null is null, 1 is not null, null is distinct from null, 1 is distinct from 2, 1 is not distinct from 1",
			   "?column?|?column?|?column?|?column?|?column?\nt|t|f|t|t\nSELECT 1");
	assert_sql("select 1 in (1, 2), 3 in (1, 2), 3 in (1, null), 3 not in (1, null), 1 between 0 and 2, 5 not between 0 and 2",
			   "?column?|?column?|?column?|?column?|?column?|?column?\nt|f|NULL|NULL|t|t\nSELECT 1");
	assert_sql("select case when 1 > 2 then 'a' when 2 > 1 then 'b' else 'c' end, case 2 when 1 then 'one' when 2 then 'two' end, case 3 when 1 then 'one' end",
			   "case|case|case\nb|two|NULL\nSELECT 1");
	assert_sql("select coalesce(null, null, 3), coalesce(null, 'x'), nullif(1, 1), nullif(1, 2), greatest(1, 5, 3), least('b', 'a', 'c')",
			   "coalesce|coalesce|nullif|nullif|greatest|least\n3|x|NULL|1|5|a\nSELECT 1");
	assert_sql("select 'abc' like 'a%', 'abc' like 'b%', 'ABC' ilike 'a%', 'a' || 'b' || 1",
			   "?column?|?column?|?column?|?column?\nt|f|t|ab1\nSELECT 1");
	assert_sql("select x, count(*) from (values (1), (2), (1), (null)) v(x) group by x order by x",
			   "x|count\n1|2\n2|1\nNULL|1\nSELECT 3");
	assert_sql("select x, count(*) from (values (1), (2), (1), (null)) v(x) group by x order by x desc nulls last",
			   "x|count\n2|1\n1|2\nNULL|1\nSELECT 3");
	assert_sql("select x % 2 as parity, sum(x), min(x), max(x), count(x) from generate_series(1, 9) x group by 1 having sum(x) > 20 order by 1",
			   "parity|sum|min|max|count\n1|25|1|9|5\nSELECT 1");
	assert_sql("select count(*), count(x), count(distinct x), sum(x), avg(x) from (values (1), (1), (null), (4)) v(x)",
			   "count|count|count|sum|avg\n4|3|2|6|2.0000000000000000\nSELECT 1");
	assert_sql("select count(*), sum(x), max(x) from (values (1)) v(x) where x > 5",
			   "count|sum|max\n0|NULL|NULL\nSELECT 1");
	assert_sql("select distinct x from (values (3), (1), (2), (1), (null)) v(x) order by x",
			   "x\n1\n2\n3\nNULL\nSELECT 4");
	assert_sql("select distinct on (a) a, b from (values (1, 'x'), (1, 'y'), (2, 'z')) v(a, b) order by a, b desc",
			   "a|b\n1|y\n2|z\nSELECT 2");
	assert_sql("select g from generate_series(1, 10) g order by g desc limit 3 offset 2",
			   "g\n8\n7\n6\nSELECT 3");
	assert_sql("select generate_series(1, 3) as g, 'k'",
			   "g|?column?\n1|k\n2|k\n3|k\nSELECT 3");
	assert_sql("select generate_series(1, 3) as a, generate_series(1, 2) as b",
			   "a|b\n1|1\n2|2\n3|NULL\nSELECT 3");
	assert_sql("select * from generate_series(1, 3) with ordinality as t(v, n)",
			   "v|n\n1|1\n2|2\n3|3\nSELECT 3");
	assert_sql("select * from (select 1 union select 2 union select 1) s(x) order by 1",
			   "x\n1\n2\nSELECT 2");
	assert_sql("select * from (select 1 union all select 1) s(x)",
			   "x\n1\n1\nSELECT 2");
	assert_sql("select * from (values (1), (2), (2), (3)) a(x) except all select * from (values (2)) b(x) order by 1",
			   "x\n1\n2\n3\nSELECT 3");
	assert_sql("select * from (values (1), (2), (2), (3)) a(x) intersect select * from (values (2), (3), (4)) b(x) order by 1",
			   "x\n2\n3\nSELECT 2");
	assert_sql("select exists (select 1), exists (select 1 where false), (select 42), (select 1 where false)",
			   "exists|exists|?column?|?column?\nt|f|42|NULL\nSELECT 1");
	assert_sql("select x, (select count(*) from generate_series(1, x) y) from generate_series(1, 3) x order by 1",
			   "x|count\n1|1\n2|2\n3|3\nSELECT 3");
	assert_sql("select x from generate_series(1, 5) x where x in (select g * 2 from generate_series(1, 2) g) order by 1",
			   "x\n2\n4\nSELECT 2");
	assert_sql("select x from generate_series(1, 5) x where x not in (select g from generate_series(2, 4) g) order by 1",
			   "x\n1\n5\nSELECT 2");
	assert_sql("select x from generate_series(1, 5) x where exists (select 1 from generate_series(1, 3) y where y = x + 1) order by 1",
			   "x\n1\n2\nSELECT 2");
	assert_sql("with c(n) as (select 1 union all select 2) select sum(n), count(*) from c",
			   "sum|count\n3|2\nSELECT 1");
	assert_sql("with c as (select 5 as v) select a.v + b.v from c a, c b",
			   "?column?\n10\nSELECT 1");
	assert_sql("select a.x, b.y from (values (1), (2)) a(x) join (values (2), (3)) b(y) on a.x = b.y",
			   "x|y\n2|2\nSELECT 1");
	assert_sql("select a.x, b.y from (values (1), (2)) a(x) left join (values (2), (3)) b(y) on a.x = b.y order by 1",
			   "x|y\n1|NULL\n2|2\nSELECT 2");
	assert_sql("select a.x, b.y from (values (1), (2)) a(x) right join (values (2), (3)) b(y) on a.x = b.y order by 2",
			   "x|y\n2|2\nNULL|3\nSELECT 2");
	assert_sql("select a.x, b.y from (values (1), (2)) a(x) full join (values (2), (3)) b(y) on a.x = b.y order by 1, 2",
			   "x|y\n1|NULL\n2|2\nNULL|3\nSELECT 3");
	assert_sql("select * from (values (1, 'a'), (2, 'b')) a(k, s) join (values (2, 'z'), (1, 'q')) b(k, t) using (k) order by k",
			   "k|s|t\n1|a|q\n2|b|z\nSELECT 2");
	assert_sql("select * from (values (1), (2)) a(x) cross join (values (3), (4)) b(y) order by 1, 2",
			   "x|y\n1|3\n1|4\n2|3\n2|4\nSELECT 4");
	assert_sql("select 1::int8 + 1, 1.5::int, '  12 '::int, 3.75::numeric(5,1), 'abcdef'::varchar(3)",
			   "?column?|int4|int4|numeric|varchar\n2|2|12|3.8|abc\nSELECT 1");
	assert_sql("select 9223372036854775807, -2147483648, 2147483648",
			   "?column?|?column?|?column?\n9223372036854775807|-2147483648|2147483648\nSELECT 1");
	assert_sql("select length('hello'), upper('abc'), substr('hello', 2, 3), 'x' || null",
			   "length|upper|substr|?column?\n5|ABC|ell|NULL\nSELECT 1");
}

/* WITH RECURSIVE, also inside a scalar subquery (PostgreSQL's results). */
static void
test_recursive_cte(void **state)
{
	(void) state;
	assert_sql("with recursive r(n) as (select 1 union all select n + 1 from r where n < 5) "
			   "select * from r",
			   "n\n1\n2\n3\n4\n5\nSELECT 5");
	assert_sql("with recursive r(n) as (select 1 union select n % 3 + 1 from r) "
			   "select * from r order by 1",
			   "n\n1\n2\n3\nSELECT 3");
	assert_sql("with recursive fib(a, b) as (select 0::int8, 1::int8 union all "
			   "select b, a + b from fib where b < 100) select a from fib",
			   "a\n0\n1\n1\n2\n3\n5\n8\n13\n21\n34\n55\n89\nSELECT 12");
	assert_sql("select (with recursive r(n) as (select 1 union all select n + 1 from r "
			   "where n < 10) select sum(n) from r)",
			   "sum\n55\nSELECT 1");
}

/* Window functions: ranking, frames, lag/lead, aggregates OVER (PostgreSQL's results). */
static void
test_window_functions(void **state)
{
	(void) state;
	assert_sql("select id, g, v, rank() over (partition by g order by v), dense_rank() over (partition by g order by v), row_number() over (partition by g order by v, id) from (values (1,'a',10),(2,'a',20),(3,'a',20),(4,'b',5),(5,'b',null),(6,'c',7),(7,'a',30)) w(id, g, v) order by g, v, id",
			   "id|g|v|rank|dense_rank|row_number\n1|a|10|1|1|1\n2|a|20|2|2|2\n3|a|20|2|2|3\n7|a|30|4|3|4\n4|b|5|1|1|1\n5|b|NULL|2|2|2\n6|c|7|1|1|1\nSELECT 7");
	assert_sql("select id, sum(v) over (order by id rows between 1 preceding and 1 following), lag(v) over (order by id), lead(v, 2, -1) over (order by id) from (values (1,10),(2,20),(3,20),(4,5),(5,null),(6,7),(7,30)) w(id, v) order by id",
			   "id|sum|lag|lead\n1|30|NULL|20\n2|50|10|5\n3|45|20|NULL\n4|25|20|7\n5|12|5|30\n6|37|NULL|-1\n7|37|7|-1\nSELECT 7");
	assert_sql("select id, v, sum(v) over (order by v), count(v) over (order by v), first_value(v) over (order by id), last_value(v) over (order by id) from (values (1,10),(2,20),(3,20),(4,5),(5,null)) w(id, v) order by id",
			   "id|v|sum|count|first_value|last_value\n1|10|15|2|10|10\n2|20|55|4|10|20\n3|20|55|4|10|20\n4|5|5|1|10|5\n5|NULL|55|4|10|NULL\nSELECT 5");
	assert_sql("select g, sum(v), rank() over (order by sum(v) desc) from (values ('a',10),('a',20),('b',5),('c',7)) w(g, v) group by g order by g",
			   "g|sum|rank\na|30|1\nb|5|3\nc|7|2\nSELECT 3");
	assert_sql("select 1 from (values (1)) v(x) where row_number() over () > 1",
			   "ERROR 42P20: window functions are not allowed in WHERE @39");
}

/* Column names and types as PostgreSQL reports them in RowDescription. */
static void
test_column_names_and_types(void **state)
{
	char	   *r;

	(void) state;
	r = sql_run_ex("select 1, 'x', 1.5, true, count(*), now(), 1::int8, cast(2 as text), "
				   "'a'::varchar(3), coalesce(1, 2), case when true then 1 end, "
				   "exists(select 1), (select 1 as z), current_user, 1 + 1, sum(1), "
				   "greatest(1, 2), nullif(1, 2), 'x'::text::varchar, -1", true);
	*strchr(r, '\n') = '\0';
	assert_string_equal(r, "?column?:23|?column?:25|?column?:1700|?column?:16|count:20|"
						"now:1184|int8:20|text:25|varchar:1043|coalesce:23|case:23|"
						"exists:16|z:23|current_user:19|?column?:23|sum:20|greatest:23|"
						"nullif:23|varchar:1043|?column?:23");
}

static void
test_errors(void **state)
{
	(void) state;
	assert_sql("select 1/0", "ERROR 22012: division by zero");
	assert_sql("select 'abc'::int", "ERROR 22P02: invalid input syntax for type integer: \"abc\" @8");
	assert_sql("select foo(1)", "ERROR 42883: function foo(integer) does not exist @8");
	assert_sql("select 'a'::text + 1", "ERROR 42883: operator does not exist: text + integer @18");
	assert_sql("select x from (values (1)) v(y)", "ERROR 42703: column \"x\" does not exist @8");
	assert_sql("select v.z from (values (1)) v(y)", "ERROR 42703: column v.z does not exist @8");
	assert_sql("select q.y from (values (1)) v(y)",
			   "ERROR 42P01: missing FROM-clause entry for table \"q\" @8");
	assert_sql("select y from (values (1)) a(y), (values (2)) b(y)",
			   "ERROR 42702: column reference \"y\" is ambiguous @8");
	assert_sql("select * from nosuch", "ERROR 42P01: relation \"nosuch\" does not exist @15");
	assert_sql("select x, y from (values (1, 2)) v(x, y) group by x",
			   "ERROR 42803: column \"v.y\" must appear in the GROUP BY clause or be used in an aggregate function @11");
	assert_sql("select 1 from (values (1)) v(x) where count(*) > 1",
			   "ERROR 42803: aggregate functions are not allowed in WHERE @39");
	assert_sql("select sum(sum(x)) from (values (1)) v(x)",
			   "ERROR 42803: aggregate function calls cannot be nested @12");
	assert_sql("select 1 limit -1", "ERROR 2201W: LIMIT must not be negative");
	assert_sql("select 1 offset -1", "ERROR 2201X: OFFSET must not be negative");
	assert_sql("select (select x from (values (1), (2)) v(x))",
			   "ERROR 21000: more than one row returned by a subquery used as an expression");
	assert_sql("select 1 order by 5", "ERROR 42P10: ORDER BY position 5 is not in select list @19");
	assert_sql("select 1 where 1", "ERROR 42804: argument of WHERE must be type boolean, not type integer @16");
	assert_sql("select 1 union select 1, 2",
			   "ERROR 42601: each UNION query must have the same number of columns");
}

/*
 * Parameter types (extended protocol: a type array, possibly empty):
 * inferred from context, or 42P18 when undeterminable.  The simple Query
 * protocol (no array) has no parameters: 42P02.
 */
static void
test_param_inference(void **state)
{
	static const Oid no_types[1] = {InvalidOid};
	struct
	{
		const char *query;
		int			nparams;
		Oid			first;
	}			cases[] = {
		{"select $1 + 1", 1, INT4OID},
		{"select x from (values (1::int8)) v(x) where x = $1", 1, INT8OID},
		{"select $1", 1, TEXTOID},
		{"select $2::numeric, $1 || 'x'", 2, TEXTOID},
	};

	(void) state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		List	   *stmts;
		PreparedStmt *ps;

		xact_start_command();
		stmts = sql_parse(cases[i].query);
		ps = sql_prepare(linitial(stmts), cases[i].query, no_types, 0);
		assert_int_equal(sql_prepared_nparams(ps), cases[i].nparams);
		assert_int_equal(sql_prepared_param_type(ps, 0), cases[i].first);
		xact_commit_command();
	}
	/* undeterminable: 42P18 */
	{
		volatile bool caught = false;

		xact_start_command();
		ELOG_TRY();
		{
			List	   *stmts = sql_parse("select 1 where $1 is null");

			(void) sql_prepare(linitial(stmts), "select 1 where $1 is null", no_types, 0);
		}
		ELOG_CATCH();
		{
			assert_string_equal(elog_current_error()->sqlstate, "42P18");
			caught = true;
			elog_flush_error();
			xact_abort_current();
		}
		ELOG_END_TRY();
		xact_commit_command();
		assert_true(caught);
	}
	assert_sql("select $1", "ERROR 42P02: there is no parameter $1 @8");
}

/* Bound parameters reach the executor. */
static void
test_bound_params(void **state)
{
	const char *q = "select $1 * 2, $2 is null";
	Oid			types[2] = {INT4OID, TEXTOID};
	Datum		values[2] = {Int32GetDatum(21), 0};
	bool		nulls[2] = {false, true};
	StringBuf	out;
	CollectDest dest = {{collect_startup, collect_receive, collect_shutdown}, NULL, NULL, false};
	char		tag[64];
	PreparedStmt *ps;
	Portal	   *portal;

	(void) state;
	strbuf_init(&out);
	dest.out = &out;
	xact_start_command();
	ps = sql_prepare(linitial(sql_parse(q)), q, types, 2);
	portal = sql_portal_create(ps, values, nulls);
	assert_true(sql_portal_run(portal, 0, &dest.pub, tag, sizeof(tag)));
	sql_portal_drop(portal);
	xact_commit_command();
	assert_string_equal(out.data, "?column?|?column?\n42|t\n");
	assert_string_equal(tag, "SELECT 1");
}

/* A portal run with max_rows stops and resumes where it left off. */
static void
test_portal_suspend(void **state)
{
	const char *q = "select g from generate_series(1, 5) g";
	StringBuf	out;
	CollectDest dest = {{collect_startup, collect_receive, collect_shutdown}, NULL, NULL, false};
	char		tag[64] = "";
	PreparedStmt *ps;
	Portal	   *portal;

	(void) state;
	strbuf_init(&out);
	dest.out = &out;
	xact_start_command();
	ps = sql_prepare(linitial(sql_parse(q)), q, NULL, 0);
	portal = sql_portal_create(ps, NULL, NULL);
	assert_false(sql_portal_run(portal, 2, &dest.pub, tag, sizeof(tag)));
	assert_false(sql_portal_run(portal, 2, &dest.pub, tag, sizeof(tag)));
	assert_true(sql_portal_run(portal, 2, &dest.pub, tag, sizeof(tag)));
	/* PostgreSQL counts the rows of the Execute that completed the portal. */
	assert_string_equal(tag, "SELECT 1");
	sql_portal_drop(portal);
	xact_commit_command();
	assert_string_equal(out.data, "g\n1\n2\ng\n3\n4\ng\n5\n");
}

/* Millions of rows through aggregation in constant memory. */
static void
test_large_aggregate(void **state)
{
	(void) state;
	assert_sql("select count(*), sum(g), min(g), max(g) from generate_series(1, 2000000) g",
			   "count|sum|min|max\n2000000|2000001000000|1|2000000\nSELECT 1");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_results),
		cmocka_unit_test(test_recursive_cte),
		cmocka_unit_test(test_window_functions),
		cmocka_unit_test(test_column_names_and_types),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_param_inference),
		cmocka_unit_test(test_bound_params),
		cmocka_unit_test(test_portal_suspend),
		cmocka_unit_test(test_large_aggregate),
	};
	int			failures;

	memctx_init();
	guc_init();

	sql_test_env_init("test_sql_query");
	failures = cmocka_run_group_tests(tests, setup, NULL);
	sql_test_env_cleanup();
	return failures;
}
