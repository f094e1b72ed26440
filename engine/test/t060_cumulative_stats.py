#!/usr/bin/python3
"""t060_cumulative_stats: the stats collector and what it counts.

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
  - the views have PostgreSQL 15's columns in its order (pg_stat_io:
    PostgreSQL 16's), pg_stat_user_tables agrees with pg_stat_get_*(oid),
    pg_stat_database counts commits, backends and a spilled sort's temp
    file, CHECKPOINT bumps
    pg_stat_bgwriter.checkpoints_req, inserts move pg_stat_wal and the
    client backends' row of pg_stat_io.
Counters are read through PostgreSQL's pg_stat_get_*(oid) functions and
the views.
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


# PostgreSQL 15's columns (checked against Debian's postgresql-15), and
# PostgreSQL 16's pg_stat_io.
PG_COLUMNS = {
    "pg_stat_user_tables": "relid schemaname relname seq_scan seq_tup_read idx_scan "
    "idx_tup_fetch n_tup_ins n_tup_upd n_tup_del n_tup_hot_upd n_live_tup n_dead_tup "
    "n_mod_since_analyze n_ins_since_vacuum last_vacuum last_autovacuum last_analyze "
    "last_autoanalyze vacuum_count autovacuum_count analyze_count autoanalyze_count",
    "pg_stat_database": "datid datname numbackends xact_commit xact_rollback blks_read "
    "blks_hit tup_returned tup_fetched tup_inserted tup_updated tup_deleted conflicts "
    "temp_files temp_bytes deadlocks checksum_failures checksum_last_failure "
    "blk_read_time blk_write_time session_time active_time idle_in_transaction_time "
    "sessions sessions_abandoned sessions_fatal sessions_killed stats_reset",
    "pg_stat_bgwriter": "checkpoints_timed checkpoints_req checkpoint_write_time "
    "checkpoint_sync_time buffers_checkpoint buffers_clean maxwritten_clean "
    "buffers_backend buffers_backend_fsync buffers_alloc stats_reset",
    "pg_stat_wal": "wal_records wal_fpi wal_bytes wal_buffers_full wal_write wal_sync "
    "wal_write_time wal_sync_time stats_reset",
    "pg_stat_io": "backend_type object context reads read_time writes write_time "
    "writebacks writeback_time extends extend_time op_bytes hits evictions reuses "
    "fsyncs fsync_time stats_reset",
}


def check_views(c):
    conn = c.connect()
    cur = conn.cursor()
    for view, cols in PG_COLUMNS.items():
        cur.execute(f"select * from {view} limit 0")
        got = [d.name for d in cur.description]
        check(got == cols.split(), f"{view} columns: {got}")
    f = table_stats(c)
    cur.execute("select n_tup_ins, n_tup_upd, n_tup_del, n_live_tup, n_dead_tup, "
                "n_mod_since_analyze, seq_scan, vacuum_count, analyze_count, "
                "schemaname, idx_scan is not null from pg_stat_user_tables where relname = 't'")
    row = cur.fetchone()
    check(row == (f["tuples_inserted"], f["tuples_updated"], f["tuples_deleted"],
                  f["live_tuples"], f["dead_tuples"], f["mod_since_analyze"], f["numscans"],
                  f["vacuum_count"], f["analyze_count"], "public", True),
          f"pg_stat_user_tables {row} disagrees with pg_stat_get_*: {f}")
    cur.execute("select count(*) from pg_stat_user_tables where schemaname = 'pg_catalog'")
    check(cur.fetchone()[0] == 0, "catalogs in pg_stat_user_tables")
    cur.execute("select count(*) > 0 from pg_stat_sys_tables where relname = 'pg_class'")
    check(cur.fetchone()[0], "pg_class missing from pg_stat_sys_tables")
    cur.execute("select numbackends, xact_commit from pg_stat_database where datname = 'postgres'")
    nb, commits = cur.fetchone()
    check(nb >= 1 and commits > 0, f"pg_stat_database: numbackends {nb}, xact_commit {commits}")
    # a sort past work_mem spills: its temp file is counted when removed
    cur.execute("select temp_files, temp_bytes from pg_stat_database where datname = 'postgres'")
    tf, tb = cur.fetchone()
    cur.execute("set work_mem = '64kB'")
    cur.execute("select count(*) from (select g from generate_series(1, 50000) g "
                "order by g desc) s")
    cur.execute("reset work_mem")
    cur.execute("select temp_files, temp_bytes from pg_stat_database where datname = 'postgres'")
    tf2, tb2 = cur.fetchone()
    check(tf2 > tf and tb2 > tb, f"temp files not counted: {tf},{tb} -> {tf2},{tb2}")
    cur.execute("select checkpoints_req from pg_stat_bgwriter")
    req = cur.fetchone()[0]
    cur.execute("checkpoint")
    # a sort past work_mem spills: its temp file is counted when removed
    cur.execute("select temp_files, temp_bytes from pg_stat_database where datname = 'postgres'")
    tf, tb = cur.fetchone()
    cur.execute("set work_mem = '64kB'")
    cur.execute("select count(*) from (select g from generate_series(1, 50000) g "
                "order by g desc) s")
    cur.execute("reset work_mem")
    cur.execute("select temp_files, temp_bytes from pg_stat_database where datname = 'postgres'")
    tf2, tb2 = cur.fetchone()
    check(tf2 > tf and tb2 > tb, f"temp files not counted: {tf},{tb} -> {tf2},{tb2}")
    cur.execute("select checkpoints_req from pg_stat_bgwriter")
    check(cur.fetchone()[0] == req + 1, "CHECKPOINT not counted in pg_stat_bgwriter")
    cur.execute("select wal_records, wal_bytes from pg_stat_wal")
    rec, nbytes = cur.fetchone()
    cur.execute("select hits from pg_stat_io where backend_type = 'client backend'")
    hits = cur.fetchone()[0]
    c.psql("insert into t select g, 0 from generate_series(20001, 20100) g")
    cur.execute("select wal_records, wal_bytes from pg_stat_wal")
    rec2, nbytes2 = cur.fetchone()
    check(rec2 >= rec + 100 and nbytes2 > nbytes, f"pg_stat_wal did not move: {rec},{nbytes} -> {rec2},{nbytes2}")
    cur.execute("select hits, op_bytes, object, context from pg_stat_io "
                "where backend_type = 'client backend'")
    h2, op_bytes, obj, ctx = cur.fetchone()
    check(h2 > hits and op_bytes == 8192 and (obj, ctx) == ("relation", "normal"),
          f"pg_stat_io client backend row: {h2} {op_bytes} {obj} {ctx}")
    conn.close()


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
    with Cluster("t060", {"autovacuum": "off"}) as c:
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

        step("the views")
        check_views(c)

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
    print("PASS [t060_cumulative_stats]")


if __name__ == "__main__":
    main()
