#!/usr/bin/python3
"""t061_autovacuum: the launcher, workers, and giving way to user locks.

  1. With PostgreSQL's default thresholds (only autovacuum_naptime lowered
     to 1 s, as PostgreSQL's own tests do) a table of 1000 rows gets 600
     of them updated: 600 dead tuples > 50 + 0.2 * reltuples, so a worker
     vacuums it: last_autovacuum is set, autovacuum_count goes up,
     n_dead_tup falls to 0 and the log (log_autovacuum_min_duration = 0)
     shows "automatic vacuum of table "postgres.public.av"".  The launcher
     runs as "minipg: autovacuum launcher".
  2. A table held by a user's ACCESS EXCLUSIVE lock (an open TRUNCATE)
     is skipped ("skipping
     vacuum of ... --- lock not available"), then vacuumed once released.
  3. Fault builds: a worker stalled holding the table's lock
     (autovacuum/worker/after-lock wait) is cancelled by a user's TRUNCATE
     (ACCESS EXCLUSIVE) after deadlock_timeout ("sending cancel to blocking autovacuum
     PID", "canceling autovacuum task"); the TRUNCATE goes through, no
     deadlock is reported.
  4. autovacuum = off (reload) stops the launcher; on starts it again.
  5. SIGKILL of the launcher is a crash reset (PostgreSQL 15's rule).
"""
import os
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from cluster import Cluster, check, step, wait_gone  # noqa: E402


def child_pid(c, title):
    out = subprocess.run(["ps", "-o", "pid=,args=", "--ppid", str(c.postmaster_pid())],
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        pid, args = line.strip().split(None, 1)
        if args == title:
            return int(pid)
    return None


def av_stats(c, name):
    row = c.query("select pg_stat_get_autovacuum_count(oid), pg_stat_get_dead_tuples(oid), "
                  "pg_stat_get_last_autovacuum_time(oid) is not null "
                  f"from pg_class where relname = '{name}'")
    count, dead, has_time = row.split("|")
    return int(count), int(dead), has_time == "t"


def wait_autovacuumed(c, name, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        count, dead, has_time = av_stats(c, name)
        if count >= 1:
            return count, dead, has_time
        time.sleep(0.2)
    return av_stats(c, name)


def set_autovacuum(c, value):
    with open(os.path.join(c.data, "postgresql.conf"), "a") as f:
        f.write(f"autovacuum = {value}\n")
    c.ctl("reload")


def is_fault_build(c):
    return c.psql("select fault_detach('*')", check=False).returncode == 0


def main():
    with Cluster("t061", {"autovacuum_naptime": "1", "log_autovacuum_min_duration": "0"}) as c:
        c.start()
        step("the launcher runs")
        deadline = time.time() + 10
        while time.time() < deadline and child_pid(c, "minipg: autovacuum launcher") is None:
            time.sleep(0.1)
        check(child_pid(c, "minipg: autovacuum launcher") is not None, "no launcher")

        step("enough updates with default thresholds: autovacuumed")
        c.psql("create table av(a int primary key, b int)")
        c.psql("insert into av select g, 0 from generate_series(1, 1000) g")
        c.psql("update av set b = 1 where a <= 600")
        count, dead, has_time = wait_autovacuumed(c, "av")
        check(count >= 1 and has_time, f"not autovacuumed: count={count} last set={has_time}")
        check(dead == 0, f"n_dead_tup after autovacuum: {dead}")
        check(c.wait_log('automatic vacuum of table "postgres.public.av"'),
              "log_autovacuum_min_duration = 0 logged nothing")
        check(c.query("select reltuples from pg_class where relname = 'av'") == "1000",
              "reltuples not updated by autovacuum")
        check(c.query("select count(*), sum(b) from av") == "1000|600", "rows changed")
        row = c.query("select n_dead_tup, autovacuum_count >= 1, last_autovacuum is not null, "
                      "n_live_tup from pg_stat_user_tables where relname = 'av'")
        check(row == "0|t|t|1000", f"pg_stat_user_tables after autovacuum: {row}")

        step("a locked table is skipped, then vacuumed")
        # autovacuum off while the table is filled and locked, so no worker
        # analyzes it first
        set_autovacuum(c, "off")
        check(wait_gone({child_pid(c, "minipg: autovacuum launcher") or 0}), "launcher stayed")
        c.psql("create table held(a int)")
        c.psql("insert into held select generate_series(1, 200)")
        holder = c.connect(autocommit=False)
        holder.cursor().execute("truncate held")  # ACCESS EXCLUSIVE, rolled back below
        c.psql("delete from av where a > 0")  # keep the worker busy elsewhere too
        holder_pid = holder.get_backend_pid()
        set_autovacuum(c, "on")
        # 200 inserted rows: analyze is due (200 > 50); the worker must skip.
        check(c.wait_log('skipping analyze of "held" --- lock not available', timeout=20) or
              c.wait_log('skipping vacuum of "held" --- lock not available', timeout=1),
              "the worker did not skip the locked table")
        check("sending cancel to blocking autovacuum" not in c.log_text(), "unexpected cancel")
        holder.rollback()
        holder.close()
        deadline = time.time() + 20
        while time.time() < deadline and c.query(
                "select pg_stat_get_autoanalyze_count(oid) from pg_class "
                "where relname = 'held'") == "0":
            time.sleep(0.2)
        check(c.query("select pg_stat_get_autoanalyze_count(oid) from pg_class "
                      "where relname = 'held'") != "0", "held never analyzed after release")
        del holder_pid

        if is_fault_build(c):
            step("a worker holding a lock gives way to the user")
            # nothing else left to vacuum, so the stalled worker holds cx
            deadline = time.time() + 20
            while time.time() < deadline and c.query(
                    "select count(*) from pg_stat_user_tables "
                    "where n_dead_tup > 0 or n_mod_since_analyze > 0") != "0":
                time.sleep(0.2)
            c.psql("create table cx(a int)")
            c.psql("select fault_attach('autovacuum/worker/after-lock', 'wait', 'proc=autovacuum-worker')")
            c.psql("insert into cx select generate_series(1, 500)")
            deadline = time.time() + 20
            while time.time() < deadline and c.query("select fault_waiting('autovacuum/worker/after-lock')") == "0":
                time.sleep(0.1)
            check(c.query("select fault_waiting('autovacuum/worker/after-lock')") != "0", "the worker never waited")
            result = {}

            def locker():
                r = c.psql("set deadlock_timeout = '200ms'; begin; "
                           "truncate cx; commit", check=False)
                result["rc"] = r.returncode
                result["err"] = r.stderr

            th = threading.Thread(target=locker)
            th.start()
            check(c.wait_log("sending cancel to blocking autovacuum PID", timeout=20),
                  "the waiting backend did not cancel the worker")
            c.psql("select fault_detach('*')")
            th.join(30)
            check(not th.is_alive(), "TRUNCATE still waiting")
            check(result.get("rc") == 0, f"TRUNCATE failed: {result}")
            check(c.wait_log("canceling autovacuum task"), "the worker did not report the cancel")
            check("deadlock detected" not in c.log_text(), "a deadlock was reported")

        step("autovacuum = off stops the launcher, on restarts it")
        launcher = child_pid(c, "minipg: autovacuum launcher")
        set_autovacuum(c, "off")
        check(wait_gone({launcher}), "the launcher kept running with autovacuum off")
        time.sleep(1.5)
        check(child_pid(c, "minipg: autovacuum launcher") is None, "a launcher was restarted")
        set_autovacuum(c, "on")
        deadline = time.time() + 10
        while time.time() < deadline and child_pid(c, "minipg: autovacuum launcher") is None:
            time.sleep(0.1)
        launcher = child_pid(c, "minipg: autovacuum launcher")
        check(launcher is not None, "no launcher after autovacuum = on")

        step("SIGKILL of the launcher is a crash reset")
        os.kill(launcher, signal.SIGKILL)
        check(c.wait_log(f"autovacuum launcher process (PID {launcher}) was terminated by signal 9"),
              "the launcher's death not logged")
        check(c.wait_log("all server processes terminated; reinitializing"), "no crash reset")
        check(c.wait_ready(), "not ready after the reset")
        check(c.query("select count(*), sum(b) from av") == "0|", "rows after reset")
        c.stop("fast")
    print("PASS [t061_autovacuum]")


if __name__ == "__main__":
    main()
