#!/usr/bin/python3
"""t050_cumulative_stats: the stats collector and what it counts.

  - the collector runs as "minipg: stats collector";
  - after INSERT 1000, UPDATE 300, a rolled-back INSERT of 1 and DELETE
    100 of one table, its counters are PostgreSQL's: n_tup_ins 1001,
    n_tup_upd 300, n_tup_del 100, n_live_tup 900, n_dead_tup 401 (300
    updated + 1 aborted insert + 100 deleted), n_mod_since_analyze 1400;
    the database counts the rollback; a seq scan is counted with its rows;
  - a manual VACUUM sets n_dead_tup to 0, vacuum_count 1, last_vacuum;
    ANALYZE sets analyze_count 1 and n_mod_since_analyze 0;
  - a clean (fast) restart keeps every counter (pg_stat/minipg.stat is
    written at shutdown and gone once the server runs again);
  - SIGKILL of a backend resets them all to zero, as PostgreSQL 15 does;
  - SIGKILL of the collector is a crash too (it is attached to shared
    memory): the postmaster logs it, resets, a new collector runs;
  - pg_stat_reset() zeroes this database's counters; a bad
    pg_stat_reset_shared target is ERROR 22023.
Counters are read through PostgreSQL's pg_stat_get_*(oid) functions.
"""
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from cluster import Cluster, check, step, wait_gone  # noqa: E402

COLS = ["tuples_inserted", "tuples_updated", "tuples_deleted", "live_tuples",
        "dead_tuples", "mod_since_analyze", "numscans", "tuples_returned",
        "vacuum_count", "analyze_count"]


def table_stats(c, name="t"):
    sel = ", ".join(f"pg_stat_get_{col}(oid)" for col in COLS)
    row = c.query(f"select {sel} from pg_class where relname = '{name}'")
    return dict(zip(COLS, (int(x) for x in row.split("|"))))


def pids_titled(title):
    out = subprocess.run(["ps", "-eo", "pid=,args="], capture_output=True, text=True).stdout
    return [int(line.split(None, 1)[0]) for line in out.splitlines()
            if line.split(None, 1)[1:] == [title]]


def collector_pid(c):
    out = subprocess.run(["ps", "-o", "pid=,args=", "--ppid", str(c.postmaster_pid())],
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        pid, args = line.strip().split(None, 1)
        if args == "minipg: stats collector":
            return int(pid)
    return None


def main():
    with Cluster("t050", {"autovacuum": "off"}) as c:
        c.start()
        step("the collector runs under its name")
        check(collector_pid(c) is not None, "no 'minipg: stats collector' child")

        step("inserts, updates, a rollback, deletes")
        c.psql("create table t(a int primary key, b int)")
        c.psql("insert into t select g, 0 from generate_series(1, 1000) g")
        c.psql("update t set b = 1 where a <= 300")
        c.psql("begin; insert into t values (5000, 1); rollback")
        c.psql("delete from t where a > 900")
        before_scan = table_stats(c)["numscans"]
        check(c.query("select count(*) from t where b >= 0") == "900", "count")
        s = table_stats(c)
        want = {"tuples_inserted": 1001, "tuples_updated": 300, "tuples_deleted": 100,
                "live_tuples": 900, "dead_tuples": 401, "mod_since_analyze": 1400}
        for k, v in want.items():
            check(s[k] == v, f"{k}: expected {v}, got {s[k]} ({s})")
        check(s["numscans"] == before_scan + 1, f"seq scan not counted: {before_scan} -> {s}")
        check(s["tuples_returned"] >= 900, f"seq_tup_read {s['tuples_returned']} < 900")
        rb = int(c.query("select pg_stat_get_db_xact_rollback(5)"))
        check(rb >= 1, f"xact_rollback {rb}")
        commits = int(c.query("select pg_stat_get_db_xact_commit(5)"))
        check(commits >= 5, f"xact_commit {commits}")

        step("VACUUM and ANALYZE report")
        c.psql("vacuum t")
        c.psql("analyze t")
        s = table_stats(c)
        check(s["dead_tuples"] == 0 and s["vacuum_count"] == 1, f"after VACUUM: {s}")
        check(s["analyze_count"] == 1 and s["mod_since_analyze"] == 0, f"after ANALYZE: {s}")
        check(c.query("select pg_stat_get_last_vacuum_time(oid) is not null and "
                      "pg_stat_get_last_autovacuum_time(oid) is null "
                      "from pg_class where relname = 't'") == "t", "last_vacuum")

        step("a clean restart keeps the counters")
        before = table_stats(c)
        c.stop("fast")
        check(os.path.exists(os.path.join(c.data, "pg_stat", "minipg.stat")),
              "no pg_stat/minipg.stat after a clean shutdown")
        c.start()
        after = table_stats(c)
        check(after == before, f"counters changed across a clean restart: {before} -> {after}")
        check(not os.path.exists(os.path.join(c.data, "pg_stat", "minipg.stat")),
              "the stats file is still there while the server runs")
        check(int(c.query("select pg_stat_get_db_xact_commit(5)")) > commits,
              "database counters lost across a clean restart")

        step("a backend crash resets them")
        sleeper = subprocess.Popen(["psql", "-X", "-c", "select pg_sleep(60)"], env=c.env(),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        pid = None
        for _ in range(100):
            titles = [p for p in pids_titled("minipg: postgres postgres [local] SELECT")]
            if titles:
                pid = titles[0]
                break
            time.sleep(0.05)
        check(pid is not None, "sleeping backend not found")
        os.kill(pid, signal.SIGKILL)
        sleeper.wait(20)
        check(c.wait_log("all server processes terminated; reinitializing"), "no reset")
        check(c.wait_ready(), "not ready after the crash")
        s = table_stats(c)
        check(all(v == 0 for v in s.values()), f"counters survived a crash: {s}")

        step("killing the collector is a crash reset")
        c.psql("insert into t values (7000, 7)")
        check(table_stats(c)["tuples_inserted"] == 1, "insert after reset not counted")
        old = collector_pid(c)
        os.kill(old, signal.SIGKILL)
        check(c.wait_log(f"statistics collector process (PID {old}) was terminated by signal 9"),
              "collector's death not logged as a crash")
        check(wait_gone({old}), "old collector still there")
        check(c.wait_ready(), "not ready after the collector's crash")
        deadline = time.time() + 20
        while time.time() < deadline and collector_pid(c) in (None, old):
            time.sleep(0.1)
        check(collector_pid(c) not in (None, old), "no new collector")
        check(table_stats(c)["tuples_inserted"] == 0, "counts survived the collector's crash")

        step("pg_stat_reset and pg_stat_reset_shared")
        c.psql("insert into t values (8000, 8)")
        check(table_stats(c)["tuples_inserted"] == 1, "insert not counted")
        c.psql("select pg_stat_reset()")
        check(table_stats(c)["tuples_inserted"] == 0, "pg_stat_reset left table counters")
        r = c.psql("select pg_stat_reset_shared('nonsense')", check=False)
        check(r.returncode != 0 and 'unrecognized reset target: "nonsense"' in r.stderr,
              f"bad target: {r.stderr}")
        c.psql("select pg_stat_reset_shared('bgwriter')")
        c.stop("fast")
    print("PASS [t050_cumulative_stats]")


if __name__ == "__main__":
    main()
