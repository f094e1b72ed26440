#!/usr/bin/python3
"""t100_sql_queries: queries without and with tables, through psycopg2,
return what PostgreSQL 15 returns: values, result column names and type
OIDs (RowDescription), command tags, and errors with SQLSTATE, message,
cursor position and hint.

Every expectation below was obtained from PostgreSQL 15 with this same
script: `t100_sql_queries.py --ref DSN` runs the checks against any server
(e.g. "host=/tmp/pgref port=5433 user=postgres"); without arguments the
script starts a throwaway minipg cluster and runs them there.
"""
import os
import sys

import psycopg2

sys.path.insert(0, os.path.dirname(__file__))

# (query, expected rows as tuples of text values or None)
RESULTS = [
    ("select 1, 'x', 2.5, true, null::int", [("1", "x", "2.5", "t", None)]),
    ("select 7 / 2, 7 % 3, -5 + 2 * 3, 2 ^ 10", [("3", "1", "1", "1024")]),
    ("select true and null, false and null, true or null, false or null",
     [(None, "f", "t", None)]),
    ("select 1 in (1, 2), 3 in (1, null), 3 not in (1, null), 2 between 1 and 3",
     [("t", None, None, "t")]),
    ("select null is distinct from null, 1 is distinct from null, nullif(2, 2), coalesce(null, 4)",
     [("f", "t", None, "4")]),
    ("select case when 2 > 1 then 'b' else 'c' end, greatest(3, 9, 1), least('q', 'b')",
     [("b", "9", "b")]),
    ("select x, count(*) from (values (1), (2), (1), (null)) v(x) group by x order by x",
     [("1", "2"), ("2", "1"), (None, "1")]),
    ("select x % 3 as m, sum(x), avg(x) from generate_series(1, 10) x group by m "
     "having count(*) > 3 order by m", [("1", "22", "5.5000000000000000")]),
    ("select count(distinct x), string_agg(x::text, ',' order by x desc) "
     "from (values (3), (1), (3)) v(x)", [("2", "3,3,1")]),
    ("select distinct on (a) a, b from (values (1, 'p'), (1, 'q'), (2, 'r')) v(a, b) "
     "order by a, b desc", [("1", "q"), ("2", "r")]),
    ("select g from generate_series(1, 20) g order by g desc limit 2 offset 3",
     [("17",), ("16",)]),
    ("select generate_series(1, 3), generate_series(1, 2)",
     [("1", "1"), ("2", "2"), ("3", None)]),
    ("select * from (select 1 union select 2 union select 1) s(x) order by x", [("1",), ("2",)]),
    ("select * from (values (1), (2), (2)) a(x) except all select 2 order by 1",
     [("1",), ("2",)]),
    ("select (select max(y) from generate_series(1, x) y) from generate_series(2, 3) x",
     [("2",), ("3",)]),
    ("with c(n) as (values (4), (5)) select sum(n) from c", [("9",)]),
    ("select a.x, b.y from (values (1), (2)) a(x) full join (values (2), (3)) b(y) "
     "on a.x = b.y order by 1, 2", [("1", None), ("2", "2"), (None, "3")]),
    ("select 'ab' || 'cd', length('héllo'), upper('abc'), 'abc' like '_b%'",
     [("abcd", "5", "ABC", "t")]),
]

# (query, [(column name, type oid)])
DESCRIPTIONS = [
    ("select 1, 'x', 1.5, true, count(*), now(), 1::int8, cast(2 as text)",
     [("?column?", 23), ("?column?", 25), ("?column?", 1700), ("?column?", 16),
      ("count", 20), ("now", 1184), ("int8", 20), ("text", 25)]),
    ("select coalesce(1, 2), case when true then 1 end, exists(select 1), (select 1 as z), "
     "current_user, greatest(1, 2), sum(1)",
     [("coalesce", 23), ("case", 23), ("exists", 16), ("z", 23), ("current_user", 19),
      ("greatest", 23), ("sum", 20)]),
]

# (query, sqlstate, message, position or None, hint or None)
ERRORS = [
    ("select 1/0", "22012", "division by zero", None, None),
    ("select 'abc'::int", "22P02", 'invalid input syntax for type integer: "abc"', 8, None),
    ("select foo(1)", "42883", "function foo(integer) does not exist", 8,
     "No function matches the given name and argument types. "
     "You might need to add explicit type casts."),
    ("select 'a'::text + 1", "42883", "operator does not exist: text + integer", 18,
     "No operator matches the given name and argument types. "
     "You might need to add explicit type casts."),
    ("select nosuch from t100", "42703", 'column "nosuch" does not exist', 8, None),
    ("select t100.nosuch from t100", "42703", "column t100.nosuch does not exist", 8, None),
    ("select bb from t100", "42703", 'column "bb" does not exist', 8,
     'Perhaps you meant to reference the column "t100.b".'),
    ("select a from t100, t100 x", "42702", 'column reference "a" is ambiguous', 8, None),
    ("select * from t100 t, (select t.a) s", "42P01",
     'invalid reference to FROM-clause entry for table "t"', 31,
     'There is an entry for table "t", but it cannot be referenced from this part of the query.'),
    ("select * from t100 t, (select c) s", "42703", 'column "c" does not exist', 31,
     'There is a column named "c" in table "t", but it cannot be referenced from this part '
     'of the query.'),
    ("select t100.a from t100 x", "42P01",
     'invalid reference to FROM-clause entry for table "t100"', 8,
     'Perhaps you meant to reference the table alias "x".'),
    ("select * from nosuch", "42P01", 'relation "nosuch" does not exist', 15, None),
    ("select b from t100 group by a", None, None, None, None),
    ("select c from t100 group by b", "42803",
     'column "t100.c" must appear in the GROUP BY clause or be used in an aggregate function',
     8, None),
    ("select 1 from t100 where count(*) > 1", "42803",
     "aggregate functions are not allowed in WHERE", 26, None),
    ("insert into t100 values ('x')", "22P02", 'invalid input syntax for type integer: "x"',
     26, None),
    ("update t100 set a = 'x'::text", "42804",
     'column "a" is of type integer but expression is of type text', 21,
     "You will need to rewrite or cast the expression."),
    ("select 1 limit -1", "2201W", "LIMIT must not be negative", None, None),
    ("select 1 offset -1", "2201X", "OFFSET must not be negative", None, None),
    ("select (select x from (values (1), (2)) v(x))", "21000",
     "more than one row returned by a subquery used as an expression", None, None),
    ("insert into t100 (b) values ('k')", "23502",
     'null value in column "a" of relation "t100" violates not-null constraint', None, None),
    ("insert into t100 values (1, 'dup')", "23505",
     'duplicate key value violates unique constraint "t100_pkey"', None, None),
]


def fetch_text(cur, query):
    cur.execute(query)
    return [tuple(None if v is None else str(v) for v in row) for row in cur.fetchall()]


def run_checks(dsn):
    conn = psycopg2.connect(dsn)
    conn.autocommit = True
    cur = conn.cursor()
    # text everywhere: compare what the server printed, not Python conversions
    for oid in (16, 20, 21, 23, 700, 701, 1700, 1184, 1114, 1082, 19):
        psycopg2.extensions.register_type(
            psycopg2.extensions.new_type((oid,), f"T{oid}", lambda v, c: v), conn)
    cur.execute("drop table if exists t100")
    cur.execute("create table t100(a int primary key, b text, c int)")
    cur.execute("insert into t100 values (1, 'one', 10), (2, 'two', 20)")
    check(cur.statusmessage == "INSERT 0 2", f"insert tag {cur.statusmessage}")

    for query, expected in RESULTS:
        got = fetch_text(cur, query)
        check(got == expected, f"{query}\n  expected {expected}\n  got      {got}")

    for query, expected in DESCRIPTIONS:
        cur.execute(query)
        got = [(d.name, d.type_code) for d in cur.description]
        check(got == expected, f"{query}\n  expected {expected}\n  got      {got}")

    cur.execute("select a, b, a + 1 from t100 where a = 1")
    d = cur.description
    check(d[0].table_oid is not None and d[0].table_oid > 0 and d[0].table_column == 1,
          f"plain column should carry table oid/attnum: {d[0]}")
    check(d[2].table_column in (None, 0), f"computed column has no attnum: {d[2]}")

    for query, code, message, position, hint in ERRORS:
        try:
            cur.execute(query)
        except psycopg2.Error as e:
            check(code is not None, f"{query}: unexpected error {e.pgcode} {e}")
            diag = e.diag
            got = (diag.sqlstate, diag.message_primary,
                   int(diag.statement_position) if diag.statement_position else None,
                   diag.message_hint)
            want = (code, message, position, hint)
            check(got == want, f"{query}\n  expected {want}\n  got      {got}")
            continue
        check(code is None, f"{query}: expected error {code}")

    # parameters through the extended protocol (psycopg2 interpolates; use PREPARE)
    cur.execute("prepare q(int) as select b from t100 where a = $1")
    cur.execute("execute q(2)")
    check(cur.fetchall() == [("two",)], "EXECUTE result")
    cur.execute("deallocate q")
    cur.execute("drop table t100")
    conn.close()


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--ref":
        run_checks(sys.argv[2])
        print("PASS [t100_sql_queries] (reference)")
        return
    from cluster import Cluster, step
    with Cluster("t100") as c:
        c.start()
        step("queries, column descriptions and errors as PostgreSQL 15 answers them")
        run_checks(f"host={c.sockdir} port={c.port} user=postgres dbname=postgres")
        print("PASS [t100_sql_queries]")


if __name__ == "__main__":
    main()
