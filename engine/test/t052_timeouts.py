#!/usr/bin/python3
"""t052_timeouts: statement_timeout, lock_timeout,
idle_in_transaction_session_timeout, idle_session_timeout.

Each is checked over a real connection against what PostgreSQL 15 does
(recorded with the same steps on Debian's postgresql-15):
1. statement_timeout = 300ms: pg_sleep(5) fails after ~0.3 s with 57014
   "canceling statement due to statement timeout"; the session goes on.
2. lock_timeout = 200ms: waiting for a table lock (another session holds
   TRUNCATE's ACCESS EXCLUSIVE lock) and waiting for a row lock (another
   session updated the row) both fail after ~0.2 s with 55P03 "canceling
   statement due to lock timeout"; without it the row wait lasts until the
   holder commits.
3. idle_in_transaction_session_timeout = 300ms: a session idle inside
   BEGIN receives, unprompted, an ErrorResponse FATAL 25P03 "terminating
   connection due to idle-in-transaction timeout", then the connection
   closes; a session idle outside a transaction is left alone.
4. idle_session_timeout = 300ms: FATAL 57P05 "terminating connection due
   to idle-session timeout" outside a transaction, not inside one.
"""
import os
import sys
import threading
import time

import psycopg2

sys.path.insert(0, os.path.dirname(__file__))
import pgwire  # noqa: E402
from cluster import Cluster, check, step  # noqa: E402


def run(conn, sql):
    try:
        cur = conn.cursor()
        cur.execute(sql)
        return ("ok", cur.fetchall() if cur.description else cur.statusmessage)
    except psycopg2.Error as e:
        return ("err", e.pgcode, e.diag.message_primary)


def timed(conn, sql):
    t = time.time()
    r = run(conn, sql)
    return r, time.time() - t


def raw(c, *setup):
    conn = pgwire.Conn(c.sockdir, c.port)
    conn.login()
    for sql in setup:
        msgs = pgwire.query(conn, sql)
        check(not any(t == b"E" for t, _ in msgs), f"{sql} failed: {msgs}")
    return conn


def unprompted_fatal(conn, within):
    """The ErrorResponse the server sends on its own, then EOF; None if none."""
    conn.sock.settimeout(within)
    try:
        t, body = conn.read_msg()
    except OSError:
        return None
    check(t == b"E", f"unexpected message {t}")
    f = pgwire.error_fields(body)
    check(conn.closed(), "connection still open after the FATAL")
    return f


def main():
    with Cluster("t052") as c:
        c.start()
        a = c.connect()
        b = c.connect()
        run(a, "create table lt(id int)")
        run(a, "insert into lt values (1)")

        step("statement_timeout")
        run(b, "set statement_timeout = 300")
        r, dt = timed(b, "select pg_sleep(5)")
        check(r == ("err", "57014", "canceling statement due to statement timeout"), f"{r}")
        check(0.25 < dt < 3, f"statement_timeout fired after {dt:.2f} s")
        run(b, "set statement_timeout = 0")
        check(run(b, "select 1") == ("ok", [(1,)]), "session unusable after the timeout")

        step("lock_timeout on a table lock")
        run(b, "set lock_timeout = 200")
        run(a, "begin")
        run(a, "truncate lt")
        r, dt = timed(b, "select * from lt")
        check(r == ("err", "55P03", "canceling statement due to lock timeout"), f"table lock: {r}")
        check(0.15 < dt < 3, f"table lock_timeout after {dt:.2f} s")
        run(a, "rollback")

        step("lock_timeout on a row lock")
        run(a, "begin")
        run(a, "update lt set id = 2")
        r, dt = timed(b, "update lt set id = 3")
        check(r == ("err", "55P03", "canceling statement due to lock timeout"), f"row lock: {r}")
        check(0.15 < dt < 3, f"row lock_timeout after {dt:.2f} s")
        run(b, "set lock_timeout = 0")
        done = {}
        th = threading.Thread(target=lambda: done.update(r=timed(b, "update lt set id = 3")))
        th.start()
        time.sleep(0.6)
        check(th.is_alive(), "without lock_timeout the row wait ended early")
        run(a, "commit")
        th.join(10)
        check(done["r"][0] == ("ok", "UPDATE 1"), f"waiter after commit: {done}")

        step("idle_in_transaction_session_timeout")
        idle_tx = raw(c, "set idle_in_transaction_session_timeout = 300", "begin", "select 1")
        idle_out = raw(c, "set idle_in_transaction_session_timeout = 300")
        t0 = time.time()
        f = unprompted_fatal(idle_tx, within=5)
        check(f is not None and f.get("S") == "FATAL" and f.get("C") == "25P03" and
              f.get("M") == "terminating connection due to idle-in-transaction timeout", f"{f}")
        check(time.time() - t0 < 3, "idle-in-transaction timeout too late")
        check(unprompted_fatal(idle_out, within=0.8) is None, "idle session outside a transaction was ended")
        check(c.wait_log("FATAL:  terminating connection due to idle-in-transaction timeout"),
              "FATAL not in the server log")

        step("idle_session_timeout")
        idle = raw(c, "set idle_session_timeout = 300")
        in_tx = raw(c, "set idle_session_timeout = 300", "begin")
        f = unprompted_fatal(idle, within=5)
        check(f is not None and f.get("S") == "FATAL" and f.get("C") == "57P05" and
              f.get("M") == "terminating connection due to idle-session timeout", f"{f}")
        check(unprompted_fatal(in_tx, within=0.8) is None, "idle_session_timeout fired inside a transaction")
        msgs = pgwire.query(in_tx, "select 42")
        check(any(t == b"D" for t, _ in msgs), "session inside a transaction unusable")
        print("ok")


if __name__ == "__main__":
    main()
