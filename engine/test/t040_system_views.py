#!/usr/bin/python3
"""t040_system_views: the views an administrator reads on a running server.

1. pg_stat_activity lists every process of the family with PostgreSQL's
   backend_type names, and each pid is really one of the postmaster's
   children (checked in /proc); auxiliary processes have NULL state and
   datname, as in PostgreSQL.
2. A second session's state follows it: idle, idle in transaction, active
   (with its query, query_start and xact_start), and waiting on a lock
   (wait_event_type Lock); SET application_name shows at once.
3. pg_locks shows the lock a session holds, granted, and the one another
   waits for, not granted, with PostgreSQL's mode names; an xid waiter shows
   a transactionid ShareLock.
4. pg_settings agrees with SHOW and with SET, and a setting from the
   configuration file says so in `source`.
5. pg_buffercache joined with pg_class and pg_namespace (the administrator's
   "shared buffers per table" query) counts the buffers of a freshly read
   table; pg_backend_memory_contexts starts at TopMemoryContext.
6. A view cannot be written to; unqualified names find pg_catalog's view
   first (as in PostgreSQL), a schema-qualified user table of the same name
   stays reachable.
"""
import os
import sys
import threading
import time

import psycopg2

sys.path.insert(0, os.path.dirname(__file__))
from cluster import Cluster, check, step  # noqa: E402


def one(cur, sql, args=None):
    cur.execute(sql, args)
    return cur.fetchone()


def wait_for(cur, sql, args, want, what, timeout=10):
    deadline = time.time() + timeout
    got = None
    while time.time() < deadline:
        got = one(cur, sql, args)
        if got == want:
            return
        time.sleep(0.05)
    check(False, f"{what}: wanted {want}, last saw {got}")


def main():
    with Cluster("t040", settings={"shared_buffers": "2MB"}) as c:
        c.start()
        a = c.connect("t040-a")
        b = c.connect("t040-b")
        ca, cb = a.cursor(), b.cursor()

        step("pg_stat_activity lists the process family")
        ca.execute("SELECT pid, backend_type, state, datname FROM pg_stat_activity "
                   "WHERE backend_type != 'client backend' ORDER BY backend_type")
        aux = ca.fetchall()
        types = [r[1] for r in aux]
        for t in ("background writer", "checkpointer", "walwriter"):
            check(t in types, f"{t} missing from pg_stat_activity: {aux}")
        check(all(r[2] is None and r[3] is None for r in aux), f"aux state/datname not NULL: {aux}")
        kids = c.child_pids()
        ca.execute("SELECT pid FROM pg_stat_activity")
        pids = {r[0] for r in ca.fetchall()}
        check(pids <= kids, f"pids not children of the postmaster: {pids - kids}")
        check(one(ca, "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'")
              == (2,), "two client backends expected")

        step("a session's state follows it")
        bpid = one(cb, "SELECT pg_backend_pid()")[0]
        q = "SELECT state, application_name FROM pg_stat_activity WHERE pid = %s"
        wait_for(ca, q, (bpid,), ("idle", "t040-b"), "idle session")
        cb.execute("SET application_name = 't040-renamed'")
        wait_for(ca, q, (bpid,), ("idle", "t040-renamed"), "application_name after SET")
        cb.execute("BEGIN")
        cb.execute("SELECT 1")
        wait_for(ca, "SELECT state, xact_start IS NOT NULL FROM pg_stat_activity WHERE pid = %s",
                 (bpid,), ("idle in transaction", True), "idle in transaction")
        cb.execute("COMMIT")
        t = threading.Thread(target=lambda: cb.execute("SELECT pg_sleep(1.5)"))
        t.start()
        wait_for(ca, "SELECT state, query, query_start IS NOT NULL FROM pg_stat_activity "
                 "WHERE pid = %s", (bpid,), ("active", "SELECT pg_sleep(1.5)", True), "active")
        t.join()
        row = one(ca, "SELECT client_addr, client_port, usename, datname FROM pg_stat_activity "
                  "WHERE pid = pg_backend_pid()")
        check(row == (None, -1, "postgres", "postgres"), f"unix-socket client row: {row}")

        step("pg_locks: granted and awaited locks")
        ca.execute("CREATE TABLE acct (id int PRIMARY KEY, v int)")
        ca.execute("INSERT INTO acct SELECT g, 0 FROM generate_series(1, 100) g")
        relid = one(ca, "SELECT oid FROM pg_class WHERE relname = 'acct'")[0]
        cb.execute("BEGIN")
        cb.execute("UPDATE acct SET v = 1 WHERE id = 1")
        rows = set()
        ca.execute("SELECT locktype, relation, mode, granted FROM pg_locks WHERE pid = %s",
                   (bpid,))
        rows = set(ca.fetchall())
        check(("relation", relid, "RowExclusiveLock", True) in rows, f"b's locks: {rows}")
        check(any(r[0] == "transactionid" and r[2] == "ExclusiveLock" and r[3] for r in rows),
              f"b's own transactionid lock missing: {rows}")
        c2 = c.connect("t040-c")
        cc = c2.cursor()
        cpid = one(cc, "SELECT pg_backend_pid()")[0]
        waiter = threading.Thread(target=lambda: cc.execute(
            "UPDATE acct SET v = 2 WHERE id = 1"))
        waiter.start()
        wait_for(ca, "SELECT wait_event_type, state FROM pg_stat_activity WHERE pid = %s",
                 (cpid,), ("Lock", "active"), "row-lock waiter")
        check(one(ca, "SELECT count(*) FROM pg_locks WHERE pid = %s AND NOT granted "
                  "AND locktype = 'transactionid' AND mode = 'ShareLock'", (cpid,)) == (1,),
              "waiter's ShareLock on the xid missing")
        cb.execute("COMMIT")
        waiter.join(10)
        check(not waiter.is_alive(), "waiter did not finish after the commit")
        check(one(ca, "SELECT count(*) FROM pg_locks WHERE NOT granted") == (0,),
              "locks still awaited after the commit")
        c2.close()

        step("pg_settings agrees with SHOW and SET")
        row = one(ca, "SELECT setting, unit, context, vartype, source, boot_val "
                  "FROM pg_settings WHERE name = 'work_mem'")
        check(row == ("4096", "kB", "user", "integer", "default", "4096"), f"work_mem: {row}")
        ca.execute("SET work_mem = '1MB'")
        row = one(ca, "SELECT setting, source, reset_val FROM pg_settings WHERE name = 'work_mem'")
        check(row == ("1024", "session", "4096"), f"work_mem after SET: {row}")
        row = one(ca, "SELECT setting, source FROM pg_settings WHERE name = 'shared_buffers'")
        check(row == ("256", "configuration file"), f"shared_buffers: {row}")
        row = one(ca, "SELECT enumvals FROM pg_settings WHERE name = 'log_statement'")
        check(row == ("{none,ddl,mod,all}",), f"enumvals: {row}")
        row = one(ca, "SELECT sourcefile LIKE '%/postgresql.conf', sourceline > 0, pending_restart "
                  "FROM pg_settings WHERE name = 'shared_buffers'")
        check(row == (True, True, False), f"shared_buffers sourcefile/line/pending: {row}")
        ca.execute("ALTER SYSTEM SET shared_buffers = '3MB'")
        ca.execute("SELECT pg_reload_conf()")
        wait_for(ca, "SELECT setting, pending_restart FROM pg_settings WHERE name = 'shared_buffers'",
                 None, ("256", True), "pending_restart after ALTER SYSTEM + reload")
        n_settings = one(ca, "SELECT count(*) FROM pg_settings")[0]
        check(n_settings > 50, f"only {n_settings} settings")

        step("shared buffers per table")
        ca.execute("CREATE TABLE big (id int, pad text)")
        ca.execute("INSERT INTO big SELECT g, repeat('x', 200) FROM generate_series(1, 3000) g")
        ca.execute("CHECKPOINT")
        ca.execute("SELECT count(*) FROM big")
        pages = one(ca, "SELECT relpages FROM pg_class WHERE relname = 'big'")[0]
        ca.execute("""
            SELECT n.nspname, c.relname, count(*) AS buffers
            FROM pg_buffercache b JOIN pg_class c
                 ON b.relfilenode = c.relfilenode
                AND b.reldatabase IN (0, (SELECT oid FROM pg_database
                                          WHERE datname = current_database()))
            JOIN pg_namespace n ON n.oid = c.relnamespace
            GROUP BY n.nspname, c.relname ORDER BY 3 DESC LIMIT 10""")
        top = ca.fetchall()
        big = [r for r in top if r[1] == "big"]
        check(big and big[0][0] == "public" and big[0][2] >= 20,
              f"'big' should hold many of the 256 buffers: {top} (relpages {pages})")
        total = one(ca, "SELECT count(*), count(relfilenode) FROM pg_buffercache")
        check(total[0] == 256 and 0 < total[1] <= 256, f"pg_buffercache rows: {total}")
        check(one(ca, "SELECT count(*) FROM pg_buffercache WHERE isdirty") is not None, "isdirty")

        step("pg_backend_memory_contexts")
        row = one(ca, "SELECT name, level, parent FROM pg_backend_memory_contexts "
                  "ORDER BY level LIMIT 1")
        check(row == ("TopMemoryContext", 0, None), f"root context: {row}")
        check(one(ca, "SELECT bool_and(total_bytes >= used_bytes AND free_bytes >= 0) "
                  "FROM pg_backend_memory_contexts") == (True,), "byte counts inconsistent")

        step("views are read-only; a real table of the same name wins")
        try:
            ca.execute("INSERT INTO pg_stat_activity (pid) VALUES (1)")
            check(False, "insert into a system view succeeded")
        except psycopg2.Error as e:
            check(e.pgcode == "55000" and 'cannot insert into view "pg_stat_activity"' in str(e),
                  f"insert into a view: {e.pgcode} {e}")
        ca.execute("CREATE TABLE pg_locks (x int)")
        check(one(ca, "SELECT count(mode) >= 0 FROM pg_locks") == (True,),
              "unqualified pg_locks must be the view (pg_catalog is searched first)")
        check(one(ca, "SELECT count(*) FROM public.pg_locks") == (0,),
              "public.pg_locks must be the user's table")
        a.close()
        b.close()


if __name__ == "__main__":
    main()
