/*-------------------------------------------------------------------------
 * test_sql_dml.c
 *	  Unit tests of the query pipeline over real tables: INSERT (VALUES,
 *	  SELECT, defaults, RETURNING), UPDATE/DELETE (with FROM/USING and
 *	  RETURNING), constraint errors, joins and subqueries over tables, the
 *	  planner's choices shown by EXPLAIN (index scan for equality on an
 *	  indexed column, sequential scan otherwise, index nested loop, hash
 *	  join, enable_* settings), cursors, SQL PREPARE/EXECUTE, re-planning
 *	  after DDL, and the work_mem guard.
 *
 * How: a standalone engine with a bootstrapped catalog
 * (test_sql_common.h); statements run through the sqlexec.h contract
 * exactly as tcop runs them.  Expected results were obtained from
 * PostgreSQL 15 running the same statements.
 *-------------------------------------------------------------------------
 */
#include "test_sql_common.h"

static void
test_insert_update_delete(void **state)
{
	(void) state;
	assert_sql("create table t(a int primary key, b text, c int default 7)", "CREATE TABLE");
	assert_sql("insert into t values (1, 'x'), (2, 'y')", "INSERT 0 2");
	assert_sql("insert into t (a) values (3)", "INSERT 0 1");
	assert_sql("insert into t values (4, 'z', null) returning *", "a|b|c\n4|z|NULL\nINSERT 0 1");
	assert_sql("insert into t (a, b) select g, 'g' || g from generate_series(10, 12) g",
			   "INSERT 0 3");
	assert_sql("select * from t order by a",
			   "a|b|c\n1|x|7\n2|y|7\n3|NULL|7\n4|z|NULL\n10|g10|7\n11|g11|7\n12|g12|7\nSELECT 7");
	assert_sql("update t set b = 'yy' where a = 2", "UPDATE 1");
	assert_sql("update t set c = c + 1 where a >= 10 returning a, c",
			   "a|c\n10|8\n11|8\n12|8\nUPDATE 3");
	assert_sql("delete from t where a = 3 returning *", "a|b|c\n3|NULL|7\nDELETE 1");
	assert_sql("delete from t where a > 100", "DELETE 0");
	assert_sql("select count(*), sum(a), max(b) from t", "count|sum|max\n6|40|z\nSELECT 1");
	/* a statement sees its own changes only after it ends */
	assert_sql("insert into t select a + 100, b, c from t", "INSERT 0 6");
	assert_sql("select count(*) from t", "count\n12\nSELECT 1");
	assert_sql("delete from t where a > 100", "DELETE 6");
}

static void
test_constraint_errors(void **state)
{
	(void) state;
	assert_sql("insert into t values (1, 'dup')",
			   "ERROR 23505: duplicate key value violates unique constraint \"t_pkey\"");
	assert_sql("insert into t (b) values ('nokey')",
			   "ERROR 23502: null value in column \"a\" of relation \"t\" violates not-null constraint");
	assert_sql("insert into t values ('x')",
			   "ERROR 22P02: invalid input syntax for type integer: \"x\" @23");
	assert_sql("update t set a = 'x'::text",
			   "ERROR 42804: column \"a\" is of type integer but expression is of type text @18");
	assert_sql("insert into t (a, nosuch) values (5, 1)",
			   "ERROR 42703: column \"nosuch\" of relation \"t\" does not exist @19");
	assert_sql("insert into t values (5, 'a', 1, 2)",
			   "ERROR 42601: INSERT has more expressions than target columns @34");
	/* a failed statement changed nothing */
	assert_sql("select count(*) from t", "count\n6\nSELECT 1");
}

static void
test_joins_and_subqueries(void **state)
{
	(void) state;
	assert_sql("create table u(id int primary key, tid int, v text)", "CREATE TABLE");
	assert_sql("create index u_tid on u(tid)", "CREATE INDEX");
	assert_sql("insert into u select g, g % 3 + 1, 'v' || g from generate_series(1, 20) g",
			   "INSERT 0 20");
	assert_sql("select t.a, count(*) from t join u on u.tid = t.a group by t.a order by 1",
			   "a|count\n1|6\n2|7\nSELECT 2");
	assert_sql("select t.a, u.id from t left join u on u.tid = t.a and u.id < 3 order by 1, 2",
			   "a|id\n1|NULL\n2|1\n4|NULL\n10|NULL\n11|NULL\n12|NULL\nSELECT 6");
	assert_sql("select id from u where tid in (select a from t where b = 'x') order by id",
			   "id\n3\n6\n9\n12\n15\n18\nSELECT 6");
	assert_sql("select id from u where exists (select 1 from t where t.a = u.tid and t.c = 7) "
			   "and id < 8 order by id",
			   "id\n1\n3\n4\n6\n7\nSELECT 5");
	assert_sql("select (select b from t where t.a = u.tid) from u where id in (1, 2, 3) order by id",
			   "b\nyy\nNULL\nx\nSELECT 3");
	assert_sql("update u set v = t.b from t where t.a = u.tid and u.id <= 3", "UPDATE 2");
	assert_sql("select id, v from u where id <= 3 order by id", "id|v\n1|yy\n2|v2\n3|x\nSELECT 3");
	assert_sql("delete from u using t where u.tid = t.a and t.b = 'yy'", "DELETE 7");
	assert_sql("select count(*) from u", "count\n13\nSELECT 1");
}

/* LATERAL subqueries and functions in FROM that read earlier FROM items. */
static void
test_lateral(void **state)
{
	(void) state;
	assert_sql("create table lt2(id int primary key, n int)", "CREATE TABLE");
	assert_sql("insert into lt2 values (1, 2), (2, 0), (3, 3)", "INSERT 0 3");
	assert_sql("select id, g from lt2, generate_series(1, lt2.n) g order by 1, 2",
			   "id|g\n1|1\n1|2\n3|1\n3|2\n3|3\nSELECT 5");
	assert_sql("select id, s.m from lt2 left join lateral (select max(g) as m from "
			   "generate_series(1, lt2.n) g where g > 1) s on true order by 1",
			   "id|m\n1|2\n2|NULL\n3|3\nSELECT 3");
	assert_sql("select lt2.id, t2.c from lt2, lateral (select count(*) c from lt2 l2 "
			   "where l2.id <= lt2.id) t2 order by 1",
			   "id|c\n1|1\n2|2\n3|3\nSELECT 3");
	assert_sql("select x, y from generate_series(1,2) x cross join lateral (select x * 10 as y) s",
			   "x|y\n1|10\n2|20\nSELECT 2");
}

/* x IN (subquery) is hashed; NULL semantics stay PostgreSQL's. */
static void
test_hashed_in(void **state)
{
	(void) state;
	assert_sql("select x, x in (select g from generate_series(2,3) g union all select null) as a, "
			   "x not in (select g from generate_series(2,3) g) as b from generate_series(1,4) x",
			   "x|a|b\n1|NULL|t\n2|t|f\n3|t|f\n4|NULL|t\nSELECT 4");
	assert_sql("select count(*) from generate_series(1, 300000) x "
			   "where x in (select g from generate_series(1, 300000, 3) g)",
			   "count\n100000\nSELECT 1");
}

/* The planner's choices, as EXPLAIN shows them. */
static void
test_plans(void **state)
{
	(void) state;
	assert_sql_contains("explain select * from t where a = 5", "Index Scan using t_pkey on t");
	assert_sql_contains("explain select * from t where a = 5", "Index Cond: (a = 5)");
	assert_sql_contains("explain select * from t where 5 = a", "Index Scan using t_pkey on t");
	assert_sql_contains("explain select * from t where a >= 2 and a <= 4",
						"Index Cond: ((a >= 2) AND (a <= 4))");
	assert_sql_contains("explain select * from t where a > 2", "Seq Scan on t");
	assert_sql_contains("explain select * from t where b = 'x'", "Filter: (b = 'x'::text)");
	assert_sql_contains("explain select * from t where a = 5::int8", "Index Scan using t_pkey on t");
	assert_sql_contains("explain select * from t join u on u.tid = t.a where t.a = 1",
						"Index Cond: (tid = t.a)");
	assert_sql_contains("explain select * from t join u on u.v = t.b", "Hash Join");
	assert_sql("set enable_seqscan = off", "SET");
	assert_sql_contains("explain select * from t where a > 2", "Index Scan using t_pkey on t");
	assert_sql("reset enable_seqscan", "RESET");
	assert_sql("set enable_indexscan = off", "SET");
	assert_sql_contains("explain select * from t where a = 5", "Seq Scan on t");
	assert_sql("reset enable_indexscan", "RESET");
	assert_sql("set enable_hashjoin = off", "SET");
	assert_sql_lacks("explain select * from t join u on u.v = t.b", "Hash Join");
	assert_sql("reset enable_hashjoin", "RESET");
	/* the index answers correctly, including values outside int4's range */
	assert_sql("select a, b from t where a = 2", "a|b\n2|yy\nSELECT 1");
	assert_sql("select count(*) from t where a = 5000000000", "count\n0\nSELECT 1");
	assert_sql("select count(*) from t where a < 5000000000", "count\n6\nSELECT 1");
	assert_sql_contains("explain analyze select * from t where a = 1", "actual time=");
}

static void
test_cursors(void **state)
{
	(void) state;
	assert_sql("declare c cursor for select 1",
			   "ERROR 25P01: DECLARE CURSOR can only be used in transaction blocks");
	assert_sql("begin; declare c cursor for select a from t order by a; fetch 2 from c; "
			   "fetch next from c; move 1 in c; fetch all from c; close c; commit",
			   "BEGINDECLARE CURSORa\n1\n2\nFETCH 2a\n4\nFETCH 1MOVE 1a\n11\n12\nFETCH 2"
			   "CLOSE CURSORCOMMIT");
	assert_sql("fetch 1 from c", "ERROR 34000: cursor \"c\" does not exist");
	/* WITH HOLD survives the commit with the rows of its snapshot */
	assert_sql("declare h cursor with hold for select a from t where a < 3 order by a",
			   "DECLARE CURSOR");
	assert_sql("delete from t where a = 1", "DELETE 1");
	assert_sql("fetch all from h", "a\n1\n2\nFETCH 2");
	assert_sql("close h", "CLOSE CURSOR");
}

static void
test_prepare_execute(void **state)
{
	(void) state;
	assert_sql("prepare p(int) as select b from t where a = $1", "PREPARE");
	assert_sql("execute p(2)", "b\nyy\nSELECT 1");
	assert_sql("prepare p as select 1", "ERROR 42P05: prepared statement \"p\" already exists");
	assert_sql("prepare ins as insert into t values ($1, $2)", "PREPARE");
	assert_sql("execute ins(20, 'twenty')", "INSERT 0 1");
	assert_sql("execute p(20)", "b\ntwenty\nSELECT 1");
	/* DDL after PREPARE: the statement is planned again */
	assert_sql("create index t_b on t(b)", "CREATE INDEX");
	assert_sql("execute p(20)", "b\ntwenty\nSELECT 1");
	assert_sql("deallocate p", "DEALLOCATE");
	assert_sql("execute p(2)", "ERROR 26000: prepared statement \"p\" does not exist");
	assert_sql("deallocate all", "DEALLOCATE ALL");
}

/* A prepared statement whose table was dropped reports the missing table. */
static void
test_revalidation(void **state)
{
	const char *q = "select * from gone";
	PreparedStmt *ps;
	volatile bool caught = false;

	(void) state;
	assert_sql("create table gone(x int)", "CREATE TABLE");
	xact_start_command();
	ps = sql_prepare(linitial(sql_parse(q)), q, NULL, 0);
	xact_commit_command();
	assert_sql("drop table gone", "DROP TABLE");
	xact_start_command();
	ELOG_TRY();
	{
		(void) sql_portal_create(ps, NULL, NULL);
	}
	ELOG_CATCH();
	{
		assert_string_equal(elog_current_error()->sqlstate, "42P01");
		caught = true;
		elog_flush_error();
		xact_abort_current();
	}
	ELOG_END_TRY();
	xact_commit_command();
	assert_true(caught);
}

/*
 * A node that cannot spill (here WindowAgg's partition) exceeding work_mem
 * by far is a clean ERROR 53200, not memory exhaustion; a Sort spills.
 */
static void
test_work_mem_guard(void **state)
{
	(void) state;
	assert_sql("set work_mem = '64kB'", "SET");
	assert_sql_contains("select g, repeat('x', 100), count(*) over () from generate_series(1, 200000) g",
						"ERROR 53200: out of memory");
	assert_sql("select count(*) from (select g, repeat('x', 100) from generate_series(1, 200000) g order by 1 desc) s",
			   "count\n200000\nSELECT 1");
	assert_sql("reset work_mem", "RESET");
	assert_sql("select count(*) from (select g from generate_series(1, 20000) g order by 1 desc) s",
			   "count\n20000\nSELECT 1");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_insert_update_delete),
		cmocka_unit_test(test_constraint_errors),
		cmocka_unit_test(test_joins_and_subqueries),
		cmocka_unit_test(test_lateral),
		cmocka_unit_test(test_hashed_in),
		cmocka_unit_test(test_plans),
		cmocka_unit_test(test_cursors),
		cmocka_unit_test(test_prepare_execute),
		cmocka_unit_test(test_revalidation),
		cmocka_unit_test(test_work_mem_guard),
	};
	int			failures;

	memctx_init();
	guc_init();
	sql_test_env_init("test_sql_dml");
	failures = cmocka_run_group_tests(tests, NULL, NULL);
	sql_test_env_cleanup();
	return failures;
}
