#!/usr/bin/python3
"""t053_size_functions: pg_size_pretty, regclass, relation sizes, times.

1. pg_size_pretty(bigint) and pg_size_pretty(numeric) over the server,
   for every value in expected/size_pretty_pg15.txt (347 values on each
   unit threshold and rounding point, both ends of bigint, and random
   values of every magnitude), equal PostgreSQL 15.18's outputs recorded
   in that file; pg_size_pretty(1) is ambiguous (42725) as in PostgreSQL.
2. regclass: 't'::regclass prints t, its oid equals pg_class.oid; an oid
   column from pg_class is accepted where regclass is expected; unknown
   names, schemas and bad syntax fail with PostgreSQL's SQLSTATEs.
3. pg_relation_filenode(t) is pg_class.relfilenode and names the file
   base/<db oid>/<filenode>; after CHECKPOINT pg_relation_size(t) equals
   that file's size and grows with the data; pg_indexes_size and
   pg_total_relation_size add the index; a missing OID gives NULL.
4. current_database(), pg_backend_pid() (the pid of the process serving
   us), pg_postmaster_start_time() (the postmaster's start, before now),
   pg_conf_load_time() (moves forward after a reload).
"""
import os
import sys
import time

import psycopg2

sys.path.insert(0, os.path.dirname(__file__))
from cluster import Cluster, check, step  # noqa: E402


def run(conn, sql):
    try:
        cur = conn.cursor()
        cur.execute(sql)
        return ("ok", cur.fetchall())
    except psycopg2.Error as e:
        return ("err", e.pgcode, e.diag.message_primary)


def main():
    ref = os.path.join(os.path.dirname(__file__), "expected", "size_pretty_pg15.txt")
    rows = []
    with open(ref) as f:
        for line in f:
            v, b1, b2, n1, n2 = line.split()
            rows.append((int(v), f"{b1} {b2}", f"{n1} {n2}"))
    with Cluster("t053") as c:
        c.start()
        a = c.connect()

        step(f"pg_size_pretty: {len(rows)} values against PostgreSQL 15")
        values = ",".join(f"({v})" for v, _, _ in rows)
        got = run(a, f"select v, pg_size_pretty(v::bigint), pg_size_pretty(v::numeric) "
                     f"from (values {values}) as x(v)")
        check(got[0] == "ok", f"{got}")
        bad = [(r, g) for r, g in zip(rows, got[1]) if (g[0], g[1], g[2]) != r]
        check(not bad, f"{len(bad)} differ from PostgreSQL 15, e.g. {bad[:3]}")
        got = run(a, "select pg_size_pretty(1.5::numeric), pg_size_pretty('NaN'::numeric), "
                     "pg_size_pretty(123456789012345678901234567890::numeric), pg_size_pretty(null::bigint)")
        check(got == ("ok", [("1.5 bytes", "NaN PB", "109651655766237 PB", None)]), f"{got}")
        got = run(a, "select pg_size_pretty(1)")
        check(got == ("err", "42725", "function pg_size_pretty(integer) is not unique"), f"{got}")

        step("regclass")
        run(a, "create table t(id int, pad text)")
        run(a, "create index t_id on t(id)")
        got = run(a, "select 't'::regclass, 't'::regclass::oid = (select oid from pg_class where relname = 't'), "
                     "'pg_class'::regclass::oid, 0::regclass, 999999::regclass")
        check(got == ("ok", [("t", True, 1259, "-", "999999")]), f"{got}")
        for sql, want in (("select 'nosuch'::regclass", ("42P01", 'relation "nosuch" does not exist')),
                          ("select 'nosuch.t'::regclass", ("3F000", 'schema "nosuch" does not exist')),
                          ("select ''::regclass", ("42602", "invalid name syntax")),
                          ("select 'a.b.c.d'::regclass",
                           ("42601", "improper relation name (too many dotted names): a.b.c.d"))):
            got = run(a, sql)
            check(got[0] == "err" and got[1:] == want, f"{sql}: {got}")

        step("relation filenode and sizes match the file on disk")
        got = run(a, "select pg_relation_filenode('t'), c.relfilenode, pg_relation_filenode(c.oid), "
                     "d.oid from pg_class c, pg_database d "
                     "where c.relname = 't' and d.datname = current_database()")
        check(got[0] == "ok" and got[1][0][0] == got[1][0][1] == got[1][0][2], f"{got}")
        filenode, dboid = got[1][0][0], got[1][0][3]
        path = os.path.join(c.data, "base", str(dboid), str(filenode))
        check(os.path.exists(path), f"{path} does not exist")
        check(run(a, "select pg_relation_size('t')") == ("ok", [(0,)]), "empty table has a size")
        run(a, "insert into t select g, repeat('x', 100) from generate_series(1, 5000) g")
        run(a, "checkpoint")
        got = run(a, "select pg_relation_size('t'), pg_relation_size('t', 'main'), pg_indexes_size('t'), "
                     "pg_table_size('t'), pg_total_relation_size('t'), pg_relation_size('t_id')")
        check(got[0] == "ok", f"{got}")
        rel, main_, idx, table, total, t_id = got[1][0]
        check(rel == main_ == table == os.path.getsize(path) and rel > 8192 * 50,
              f"pg_relation_size {rel}, file {os.path.getsize(path)}")
        check(idx == t_id > 0 and total == rel + idx, f"index {idx}, t_id {t_id}, total {total}")
        got = run(a, "select relname, pg_relation_size(oid) > 0 from pg_class where relname in ('t', 't_id') "
                     "order by relname")
        check(got == ("ok", [("t", True), ("t_id", True)]), f"oid column as regclass: {got}")
        got = run(a, "select pg_relation_size(999999), pg_relation_filenode(999999), pg_total_relation_size(999999)")
        check(got == ("ok", [(None, None, None)]), f"missing relation: {got}")
        got = run(a, "select pg_relation_size('t', 'bogus')")
        check(got == ("err", "22023", "invalid fork name"), f"{got}")

        step("session and server facts")
        got = run(a, "select current_database(), pg_backend_pid(), pg_postmaster_start_time() < now(), "
                     "extract(epoch from pg_postmaster_start_time()), pg_conf_load_time()")
        check(got[0] == "ok", f"{got}")
        db, pid, before_now, start_epoch, load1 = got[1][0]
        check(db == "postgres" and before_now, f"{got}")
        with open(f"/proc/{pid}/stat") as f:
            ppid = int(f.read().split(")")[-1].split()[1])
        check(ppid == c.postmaster_pid(), f"pg_backend_pid {pid} is not a child of the postmaster")
        pm_start = os.stat(f"/proc/{c.postmaster_pid()}").st_mtime
        check(abs(float(start_epoch) - pm_start) < 30, f"start time {start_epoch} vs process {pm_start}")
        time.sleep(0.05)
        run(a, "select pg_reload_conf()")
        deadline = time.time() + 10
        while time.time() < deadline:
            load2 = run(a, "select pg_conf_load_time()")[1][0][0]
            if load2 > load1:
                break
            time.sleep(0.05)
        check(load2 > load1, f"pg_conf_load_time did not move after a reload: {load1} -> {load2}")
        print("ok")


if __name__ == "__main__":
    main()
