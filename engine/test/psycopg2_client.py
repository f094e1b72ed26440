"""psycopg2_client.py: a psycopg2 program using parameters, transactions,
errors, COPY and a server-side cursor, as application code does.

Run against a server given by PGHOST/PGPORT/PGUSER/PGDATABASE; prints
"all checks passed" or raises.  Every expectation was checked against
PostgreSQL 15 with this same program; t010_psycopg2.py runs it against
minipg.
"""
import datetime
import decimal
import io

import psycopg2
import psycopg2.errors


def expect_error(cur, sql, args, cls, pgcode, message):
    try:
        cur.execute(sql, args)
    except cls as e:
        assert e.pgcode == pgcode, (sql, e.pgcode)
        assert e.diag.message_primary == message, (sql, e.diag.message_primary)
        return
    raise AssertionError(f"expected {cls.__name__} for {sql!r}")


def main():
    conn = psycopg2.connect("")
    cur = conn.cursor()

    # psycopg2 opens a transaction implicitly; errors need a rollback.
    cur.execute("select %s::int + 1, %s, now()", (41, "it's"))
    y, s, ts = cur.fetchone()
    assert (y, s) == (42, "it's") and isinstance(ts, datetime.datetime)
    conn.commit()

    cur.execute("drop table if exists py_items")
    cur.execute("""create table py_items (id int primary key, name varchar(20) not null,
                   price numeric(10,2), qty smallint default 0, added date, flag boolean,
                   weight double precision)""")
    cur.executemany("insert into py_items (id, name, price, qty, added, flag, weight) "
                    "values (%s, %s, %s, %s, %s, %s, %s)",
                    [(i, f"item{i}", decimal.Decimal(f"{i}.25"), i * 2,
                      datetime.date(2026, 1, i), i % 2 == 0, i / 4) for i in range(1, 11)])
    conn.commit()

    cur.execute("select name, price, qty, added, flag, weight from py_items where id = %s", (3,))
    assert cur.fetchone() == ("item3", decimal.Decimal("3.25"), 6, datetime.date(2026, 1, 3),
                              False, 0.75)
    cur.execute("select count(*), sum(price), avg(qty), min(added), max(name) from py_items")
    n, total, avg_qty, first, last = cur.fetchone()
    assert (n, total, first, last) == (10, decimal.Decimal("57.50"), datetime.date(2026, 1, 1),
                                       "item9"), (n, total, first, last)
    assert avg_qty == decimal.Decimal("11.0000000000000000"), avg_qty
    cur.execute("select id from py_items where name like %s and qty between %s and %s order by id desc",
                ("item%", 4, 12))
    assert [r[0] for r in cur.fetchall()] == [6, 5, 4, 3, 2]
    cur.execute("select null::int, %s", (None,))
    assert cur.fetchone() == (None, None)
    conn.commit()

    # Rollback undoes everything; commit keeps it.
    cur.execute("update py_items set qty = qty + 100")
    cur.execute("delete from py_items where id > 5")
    conn.rollback()
    cur.execute("select count(*), sum(qty) from py_items")
    assert cur.fetchone() == (10, 110)
    with conn:
        cur.execute("update py_items set qty = 0 where id = %s returning qty", (1,))
        assert cur.fetchone() == (0,)
    cur.execute("select qty from py_items where id = 1")
    assert cur.fetchone() == (0,)
    conn.commit()

    # Errors: classes, SQLSTATEs, messages; the aborted transaction.
    expect_error(cur, "insert into py_items (id, name) values (%s, %s)", (1, "dup"),
                 psycopg2.errors.UniqueViolation, "23505",
                 'duplicate key value violates unique constraint "py_items_pkey"')
    conn.rollback()
    expect_error(cur, "insert into py_items (id, name) values (%s, %s)", (99, "x" * 30),
                 psycopg2.errors.StringDataRightTruncation, "22001",
                 "value too long for type character varying(20)")
    conn.rollback()
    expect_error(cur, "select * from nosuch", None, psycopg2.errors.UndefinedTable, "42P01",
                 'relation "nosuch" does not exist')
    expect_error(cur, "select 1", None, psycopg2.errors.InFailedSqlTransaction, "25P02",
                 "current transaction is aborted, commands ignored until end of transaction block")
    conn.rollback()
    expect_error(cur, "select nosuchcol from py_items", None, psycopg2.errors.UndefinedColumn,
                 "42703", 'column "nosuchcol" does not exist')
    conn.rollback()

    # COPY in and out (text format).
    buf = io.StringIO("".join(f"{i}\tcopied{i}\t\\N\t{i}\n" for i in range(100, 110)))
    cur.copy_from(buf, "py_items", columns=("id", "name", "price", "qty"))
    out = io.StringIO()
    cur.copy_expert("copy (select id, name, price from py_items where id >= 108 order by id) to stdout", out)
    assert out.getvalue() == "108\tcopied108\t\\N\n109\tcopied109\t\\N\n", out.getvalue()
    conn.commit()

    # A named (server-side) cursor fetches in batches.
    named = conn.cursor(name="srv")
    named.itersize = 4
    named.execute("select id from py_items order by id")
    ids = [r[0] for r in named]
    assert ids == list(range(1, 11)) + list(range(100, 110)), ids
    named.close()
    conn.commit()

    # Isolation levels.
    conn.set_session(isolation_level="REPEATABLE READ")
    cur.execute("show transaction_isolation")
    assert cur.fetchone() == ("repeatable read",)
    conn.rollback()
    conn.set_session(isolation_level="READ COMMITTED")

    cur.execute("drop table py_items")
    conn.commit()
    conn.close()
    print("psycopg2 client test: all checks passed")


if __name__ == "__main__":
    main()
