#!/usr/bin/python3
"""t101_sql_dml: data changes through real clients behave as in
PostgreSQL 15: READ COMMITTED re-checks of concurrently updated rows
(EvalPlanQual), REPEATABLE READ serialization failures, waits on unique
keys being inserted, SELECT ... FOR UPDATE, COPY in and out (text and CSV, errors with their
CONTEXT line), server-side cursors (psycopg2 named cursors, WITH HOLD),
index scans on a million-row table, and cancelling pg_sleep.

The expectations were checked against PostgreSQL 15 with this same script:
`t101_sql_dml.py --ref DSN` runs it against any server; without arguments
it starts a throwaway minipg cluster.
"""
import io
import os
import sys
import threading
import time

import psycopg2
import psycopg2.errors

sys.path.insert(0, os.path.dirname(__file__))


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def connect(dsn, autocommit=True):
    c = psycopg2.connect(dsn)
    c.autocommit = autocommit
    return c


def one(cur, sql, args=None):
    cur.execute(sql, args)
    return cur.fetchone()[0]


class Background(threading.Thread):
    """Run one statement on its own connection; keep its result or error."""

    def __init__(self, conn, sql):
        super().__init__(daemon=True)
        self.conn, self.sql = conn, sql
        self.status = self.error = None

    def run(self):
        try:
            cur = self.conn.cursor()
            cur.execute(self.sql)
            self.status = cur.statusmessage
        except psycopg2.Error as e:
            self.error = e


def start_blocked(conn, sql):
    t = Background(conn, sql)
    t.start()
    time.sleep(0.5)
    check(t.is_alive(), f"{sql} should wait for the other transaction")
    return t


def concurrency_checks(dsn):
    a = connect(dsn, autocommit=False)
    b = connect(dsn)
    setup = connect(dsn)
    sc = setup.cursor()
    sc.execute("drop table if exists acct")
    sc.execute("create table acct(id int primary key, bal int not null, open bool)")
    sc.execute("insert into acct select g, 100, true from generate_series(1, 5) g")
    ac = a.cursor()

    # 1. a concurrent update is applied on top of the committed one
    ac.execute("update acct set bal = bal + 10 where id = 1")
    t = start_blocked(b, "update acct set bal = bal + 5 where id = 1")
    a.commit()
    t.join(10)
    check(t.status == "UPDATE 1", f"blocked update: {t.status} {t.error}")
    check(one(sc, "select bal from acct where id = 1") == 115, "EvalPlanQual lost an update")

    # 2. the re-check sees that the row no longer qualifies
    ac.execute("update acct set open = false where id = 2")
    t = start_blocked(b, "update acct set bal = 0 where id = 2 and open")
    a.commit()
    t.join(10)
    check(t.status == "UPDATE 0", f"re-check should skip the row: {t.status} {t.error}")
    check(one(sc, "select bal from acct where id = 2") == 100, "row 2 must be unchanged")

    # 3. a concurrently deleted row is skipped
    ac.execute("delete from acct where id = 3")
    t = start_blocked(b, "update acct set bal = 1 where id = 3")
    a.commit()
    t.join(10)
    check(t.status == "UPDATE 0", f"deleted row: {t.status} {t.error}")

    # 4. REPEATABLE READ: 40001 instead of a re-check
    rr = connect(dsn, autocommit=False)
    rr.set_session(isolation_level="REPEATABLE READ")
    rc = rr.cursor()
    check(one(rc, "select bal from acct where id = 4") == 100, "rr snapshot")
    sc.execute("update acct set bal = 50 where id = 4")
    try:
        rc.execute("update acct set bal = bal + 1 where id = 4")
        raise AssertionError("expected a serialization failure")
    except psycopg2.errors.SerializationFailure as e:
        check(e.diag.message_primary == "could not serialize access due to concurrent update",
              e.diag.message_primary)
    rr.rollback()
    rr.close()

    # 5. an insert of a key being inserted waits, then succeeds after a rollback
    ac.execute("insert into acct values (100, 1, true)")
    t = start_blocked(b, "insert into acct values (100, 2, true)")
    a.rollback()
    t.join(10)
    check(t.status == "INSERT 0 1", f"unique wait: {t.status} {t.error}")
    # ... and fails with 23505 after a commit
    ac.execute("insert into acct values (101, 1, true)")
    t = start_blocked(b, "insert into acct values (101, 2, true)")
    a.commit()
    t.join(10)
    check(t.error is not None and t.error.pgcode == "23505", f"unique conflict: {t.error}")
    # 6. SELECT ... FOR UPDATE makes a second locker wait and see the new value
    sc.execute("update acct set bal = 100 where id = 5")
    ac.execute("select bal from acct where id = 5 for update")
    check(ac.fetchone()[0] == 100, "locked row value")
    b.autocommit = False
    t = start_blocked(b, "select bal from acct where id = 5 for update")
    ac.execute("update acct set bal = bal + 10 where id = 5")
    a.commit()
    t.join(10)
    check(t.status == "SELECT 1" and t.error is None, f"second locker: {t.status} {t.error}")
    bc = b.cursor()
    bc.execute("select bal from acct where id = 5")
    check(bc.fetchone()[0] == 110, "second locker reads the committed value")
    b.commit()
    b.autocommit = True
    try:
        sc.execute("select count(*) from acct for update")
        raise AssertionError("FOR UPDATE with an aggregate must fail")
    except psycopg2.Error as e:
        check(e.pgcode == "0A000" and
              e.diag.message_primary == "FOR UPDATE is not allowed with aggregate functions",
              e.diag.message_primary)
    for c in (a, b, setup):
        c.close()


COPY_TEXT = "1\tplain\t1.5\n2\ttab\\there\t\\N\n3\tback\\\\slash\\101\t-2\n"


def copy_checks(dsn):
    conn = connect(dsn)
    cur = conn.cursor()
    cur.execute("drop table if exists cp")
    cur.execute("create table cp(id int primary key, s text, x numeric, d int default 42)")
    cur.copy_expert("copy cp(id, s, x) from stdin", io.StringIO(COPY_TEXT))
    check(cur.rowcount == 3, f"COPY count {cur.rowcount}")
    cur.execute("select id, s, x, d from cp order by id")
    rows = [(r[0], r[1], None if r[2] is None else str(r[2]), r[3]) for r in cur.fetchall()]
    check(rows == [(1, "plain", "1.5", 42), (2, "tab\there", None, 42),
                   (3, "back\\slashA", "-2", 42)], f"copied rows {rows}")
    cur.copy_expert("copy cp from stdin with (format csv, header)",
                    io.StringIO('id,s,x,d\n4,"a,b ""q""",,7\n5,,3,\n'))
    cur.execute("select s, x, d from cp where id in (4, 5) order by id")
    check(cur.fetchall() == [('a,b "q"', None, 7), (None, 3, None)], "csv rows")
    out = io.StringIO()
    cur.copy_expert("copy (select id, s from cp where id <= 3 order by id) to stdout", out)
    check(out.getvalue() == "1\tplain\n2\ttab\\there\n3\tback\\\\slashA\n",
          f"copy out {out.getvalue()!r}")
    out = io.StringIO()
    cur.copy_expert("copy cp (id, s) to stdout with (format csv, header)", out)
    check(out.getvalue().startswith("id,s\n") and '4,"a,b ""q"""\n' in out.getvalue(),
          f"csv out {out.getvalue()!r}")
    for data, message, context in [
        ("6\tx\t1\t2\n7\n", 'missing data for column "s"', 'COPY cp, line 2: "7"'),
        ("8\tx\t1\t2\t3\n", "extra data after last expected column",
         'COPY cp, line 1: "8\tx\t1\t2\t3"'),
        ("zz\tx\t1\t2\n", 'invalid input syntax for type integer: "zz"',
         'COPY cp, line 1, column id: "zz"'),
    ]:
        try:
            cur.copy_expert("copy cp from stdin", io.StringIO(data))
            raise AssertionError("COPY should fail")
        except psycopg2.Error as e:
            check(e.pgcode in ("22P04", "22P02"), f"copy error code {e.pgcode}")
            check(e.diag.message_primary == message, e.diag.message_primary)
            check(e.diag.context == context, f"context {e.diag.context!r}")
    check(one(cur, "select count(*) from cp") == 5, "failed COPYs add nothing")
    conn.close()


def cursor_checks(dsn):
    conn = connect(dsn, autocommit=False)
    named = conn.cursor("walk")
    named.itersize = 7
    named.execute("select g from generate_series(1, 50) g")
    check([r[0] for r in named] == list(range(1, 51)), "named cursor rows")
    named.close()
    conn.commit()
    held = conn.cursor("held", withhold=True)
    held.execute("select g from generate_series(1, 5) g")
    conn.commit()
    check([r[0] for r in held.fetchall()] == [1, 2, 3, 4, 5], "WITH HOLD cursor after commit")
    held.close()
    conn.autocommit = True
    cur = conn.cursor()
    try:
        cur.execute("declare c cursor for select 1")
        raise AssertionError("DECLARE outside a block must fail")
    except psycopg2.Error as e:
        check(e.pgcode == "25P01", e.pgcode)
    conn.close()


def plan_checks(dsn):
    conn = connect(dsn)
    cur = conn.cursor()
    cur.execute("drop table if exists big")
    cur.execute("create table big(id int primary key, grp int, pad text)")
    cur.execute("insert into big select g, g % 100, 'xxxxxxxxxxxxxxxxxxxx' "
                "from generate_series(1, 1000000) g")
    cur.execute("analyze big")
    cur.execute("explain select * from big where id = 777777")
    plan = "\n".join(r[0] for r in cur.fetchall())
    check("Index Scan using big_pkey on big" in plan and "Index Cond: (id = 777777)" in plan,
          plan)
    start = time.time()
    for i in range(200):
        cur.execute("select grp from big where id = %s", (i * 4999 + 1,))
        check(cur.fetchone()[0] == (i * 4999 + 1) % 100, "point lookup value")
    per_query_ms = (time.time() - start) * 1000 / 200
    check(per_query_ms < 20, f"point lookups take {per_query_ms:.1f} ms: not an index scan?")
    cur.execute("explain select count(*) from big where grp = 5")
    check("Seq Scan on big" in "\n".join(r[0] for r in cur.fetchall()), "seq scan for grp")
    cur.execute("explain select * from big a join big b on b.id = a.grp where a.id < 3")
    plan = "\n".join(r[0] for r in cur.fetchall())
    check("Index Scan using big_pkey on big b" in plan, f"index nested loop:\n{plan}")
    check(one(cur, "select count(*) from big a join big b on b.id = a.grp "
                   "where a.id between 10 and 20") == 11, "join count")
    cur.execute("drop table big")
    conn.close()


def sleep_checks(dsn):
    conn = connect(dsn)
    cur = conn.cursor()
    start = time.time()
    timer = threading.Timer(0.5, conn.cancel)
    timer.start()
    try:
        cur.execute("select pg_sleep(20)")
        raise AssertionError("pg_sleep should have been cancelled")
    except psycopg2.errors.QueryCanceled:
        pass
    check(time.time() - start < 5, "cancel took too long")
    cur.execute("set statement_timeout = 300")
    start = time.time()
    try:
        cur.execute("select pg_sleep(20)")
        raise AssertionError("statement_timeout should fire")
    except psycopg2.errors.QueryCanceled as e:
        check("statement timeout" in e.diag.message_primary, e.diag.message_primary)
    check(time.time() - start < 5, "timeout took too long")
    conn.close()


def run_checks(dsn):
    concurrency_checks(dsn)
    copy_checks(dsn)
    cursor_checks(dsn)
    plan_checks(dsn)
    sleep_checks(dsn)


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--ref":
        run_checks(sys.argv[2])
        print("PASS [t101_sql_dml] (reference)")
        return
    from cluster import Cluster, step
    with Cluster("t101") as c:
        c.start()
        step("concurrency, COPY, cursors, plans and cancellation")
        run_checks(f"host={c.sockdir} port={c.port} user=postgres dbname=postgres")
        print("PASS [t101_sql_dml]")


if __name__ == "__main__":
    main()
