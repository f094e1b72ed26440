#!/usr/bin/python3
"""t013_cancel: cancelling a running query.

1. psql runs `select pg_sleep(60)`; SIGINT to psql (what Ctrl-C does)
   makes it send a CancelRequest, and the query ends within seconds with
   "canceling statement due to user request" (57014).  (psql, like with
   PostgreSQL, then stops executing further commands of that invocation.)
2. With psycopg2, a query cancelled from another thread fails with
   QueryCanceled and the same connection keeps working.
3. statement_timeout cancels with its own message, also 57014.
"""
import os
import signal
import subprocess
import sys
import threading
import time

import psycopg2
import psycopg2.errors

sys.path.insert(0, os.path.dirname(__file__))
from cluster import Cluster, check, step  # noqa: E402


def main():
    with Cluster("t013") as c:
        c.start()
        step("Ctrl-C in psql")
        p = subprocess.Popen(["psql", "-X", "-v", "ON_ERROR_STOP=0", "-c", "select pg_sleep(60)",
                              "-c", "\\echo :LAST_ERROR_SQLSTATE"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=c.env())
        time.sleep(1.5)
        start = time.time()
        p.send_signal(signal.SIGINT)
        out, _ = p.communicate(timeout=20)
        check(time.time() - start < 10, "cancel took too long")
        check("ERROR:  canceling statement due to user request" in out and "57014" in out,
              f"psql output: {out!r}")

        step("cancel from another thread; the session continues")
        conn = psycopg2.connect(**{"host": c.sockdir, "port": c.port, "user": "postgres",
                                   "dbname": "postgres"})
        conn.autocommit = True
        cur = conn.cursor()
        threading.Timer(1.0, conn.cancel).start()
        try:
            cur.execute("select pg_sleep(60)")
            check(False, "pg_sleep was not cancelled")
        except psycopg2.errors.QueryCanceled as e:
            check(e.pgcode == "57014", f"pgcode {e.pgcode}")
        cur.execute("select 'still alive'")
        check(cur.fetchone() == ("still alive",), "session unusable after cancel")

        step("statement_timeout")
        cur.execute("set statement_timeout = '300ms'")
        try:
            cur.execute("select pg_sleep(10)")
            check(False, "statement_timeout did not fire")
        except psycopg2.errors.QueryCanceled as e:
            check(e.diag.message_primary == "canceling statement due to statement timeout",
                  f"message {e.diag.message_primary}")
        cur.execute("reset statement_timeout")
        cur.execute("select 2")
        check(cur.fetchone() == (2,), "session unusable after timeout")
        conn.close()
        print("PASS [t013_cancel]")


if __name__ == "__main__":
    main()
