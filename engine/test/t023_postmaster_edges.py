#!/usr/bin/python3
"""t023_postmaster_edges: postmaster paths the other tests do not reach.

Checked, each against PostgreSQL 15's behaviour and wording:
  - the data directory: group write or any access for others (0770) is
    FATAL "data directory ... has invalid permissions" with PG's DETAIL;
    0750 (group read) is accepted, as PostgreSQL accepts it; a directory
    with a postgresql.conf but no PG_VERSION is FATAL "... is not a valid
    data directory", DETAIL 'File ".../PG_VERSION" is missing.';
  - a new connection during a smart shutdown that waits for a session is
    refused with 57P03 "the database system is shutting down";
  - a crash while one backend is stopped (SIGSTOP, so it cannot act on
    SIGQUIT): after 5 s the postmaster logs "issuing SIGKILL to
    recalcitrant children", the stopped backend dies, the reset completes
    and the committed row is there;
  - restart_after_crash = off: a backend killed by SIGKILL makes the
    postmaster log "shutting down because restart_after_crash is off" and
    exit (postmaster.pid removed); the next start recovers the committed
    row.
"""
import os
import re
import signal
import subprocess
import sys
import time

import psycopg2

sys.path.insert(0, os.path.dirname(__file__))
from cluster import Cluster, check, pid_alive, step, wait_gone  # noqa: E402


def run_postmaster(c, datadir):
    """minipg -D datadir in the foreground; (exit code, stderr)."""
    r = subprocess.run([os.path.join(c.bin, "minipg"), "-D", datadir],
                       capture_output=True, text=True, timeout=30)
    return r.returncode, r.stderr


def data_directory_checks(c):
    step("data directory permissions and PG_VERSION")
    os.chmod(c.data, 0o770)
    rc, err = run_postmaster(c, c.data)
    check(rc == 1, f"0770: exit code {rc}")
    check(f'FATAL:  data directory "{c.data}" has invalid permissions' in err, err)
    check("DETAIL:  Permissions should be u=rwx (0700) or u=rwx,g=rx (0750)." in err, err)
    check(not os.path.exists(os.path.join(c.data, "postmaster.pid")), "pid file left")

    os.chmod(c.data, 0o750)
    c.start()
    check(c.query("select 1") == "1", "0750: server not usable")
    c.stop()
    os.chmod(c.data, 0o700)

    empty = os.path.join(c.work, "empty")
    os.mkdir(empty, 0o700)
    with open(os.path.join(empty, "postgresql.conf"), "w") as f:
        f.write(f"port = {c.port}\n")
    rc, err = run_postmaster(c, empty)
    check(rc == 1, f"no PG_VERSION: exit code {rc}")
    check(f'FATAL:  "{empty}" is not a valid data directory' in err, err)
    check(f'DETAIL:  File "{empty}/PG_VERSION" is missing.' in err, err)


def smart_shutdown_refuses(c):
    step("smart shutdown: new connections get 57P03")
    c.start()
    held = c.connect()
    os.kill(c.postmaster_pid(), signal.SIGTERM)
    check(c.wait_log("received smart shutdown request"), "no smart shutdown line")
    try:
        c.connect().close()
        raise AssertionError("a connection was accepted during smart shutdown")
    except psycopg2.OperationalError as e:
        check("the database system is shutting down" in str(e), str(e))
    held.close()
    check(c.wait_log("database system is shut down"), "smart shutdown did not finish")
    deadline = time.time() + 20
    while os.path.exists(os.path.join(c.data, "postmaster.pid")) and time.time() < deadline:
        time.sleep(0.05)


def recalcitrant_child(c):
    step("a stopped backend is SIGKILLed after 5 s")
    c.start()
    c.psql("create table t (a int); insert into t values (1)")
    stopped = c.connect()
    stopped_pid = stopped.get_backend_pid()
    victim = c.connect()
    victim_pid = victim.get_backend_pid()
    pm = c.postmaster_pid()
    os.kill(stopped_pid, signal.SIGSTOP)
    t0 = time.time()
    os.kill(victim_pid, signal.SIGKILL)
    check(c.wait_log("issuing SIGKILL to recalcitrant children", timeout=20),
          "no SIGKILL to recalcitrant children")
    waited = time.time() - t0
    check(waited >= 4.5, f"SIGKILL after {waited:.1f} s, expected 5 s")
    check(wait_gone({stopped_pid}), "the stopped backend survived")
    check(c.wait_ready(), "not ready after the reset")
    check(c.postmaster_pid() == pm, "postmaster restarted")
    log = c.log_text()
    order = [f"server process (PID {victim_pid}) was terminated by signal 9",
             "issuing SIGKILL to recalcitrant children",
             "all server processes terminated; reinitializing"]
    pos = [log.find(s) for s in order]
    check(all(p >= 0 for p in pos) and pos == sorted(pos), f"log order {pos}:\n{log[-3000:]}")
    check(c.query("select a from t") == "1", "row lost")
    for conn in (stopped, victim):
        try:
            conn.close()
        except psycopg2.Error:
            pass
    c.stop()


def no_restart_after_crash(c):
    step("restart_after_crash = off")
    c.start("-c restart_after_crash=off")
    c.psql("insert into t values (2)")
    conn = c.connect()
    pid = conn.get_backend_pid()
    pm = c.postmaster_pid()
    before = len(c.log_text())
    os.kill(pid, signal.SIGKILL)
    check(wait_gone({pm}), "postmaster still running")
    log = c.log_text()[before:]
    order = [f"server process (PID {pid}) was terminated by signal 9",
             "terminating any other active server processes",
             "shutting down because restart_after_crash is off"]
    pos = [log.find(s) for s in order]
    check(all(p >= 0 for p in pos) and pos == sorted(pos), f"log order {pos}:\n{log}")
    check("reinitializing" not in log, "reinitialized anyway")
    check(not os.path.exists(os.path.join(c.data, "postmaster.pid")), "pid file left")
    try:
        conn.close()
    except psycopg2.Error:
        pass
    c.start()
    check(re.search(r"database system was interrupted", c.log_text()[before:]) is not None,
          "no recovery at the next start")
    check(c.query("select a from t order by a") == "1\n2", "rows lost")
    c.stop()


def main():
    with Cluster("t023") as c:
        data_directory_checks(c)
        smart_shutdown_refuses(c)
        recalcitrant_child(c)
        no_restart_after_crash(c)
    print("t023_postmaster_edges: ok")


if __name__ == "__main__":
    main()
