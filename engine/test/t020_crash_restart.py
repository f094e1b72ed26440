#!/usr/bin/python3
"""t020_crash_restart: PostgreSQL's crash-restart test, in minipg's terms.

Session A commits one row and leaves a second insert uncommitted; session
B waits in pg_sleep.  Then A's backend dies: first by SIGKILL, then (in a
second round) by SIGQUIT.  Checked each round:
  - both sessions lose their connection; B gets the "terminating
    connection because of crash of another server process" warning;
  - the postmaster's PID is unchanged, every other server process from
    before the crash is gone and new ones run;
  - the log shows PostgreSQL's sequence of lines, in order ("terminated
    by signal 9: Killed" for SIGKILL; "exited with exit code 2" for
    SIGQUIT, whose handler _exit(2)s, as PostgreSQL logs it), and "redo
    starts at" names the REDO location minipg_controldata showed before
    the crash;
  - exactly the committed rows are there, writes work, and a clean
    restart keeps them.
"""
import os
import re
import signal
import sys
import threading
import time

import psycopg2

sys.path.insert(0, os.path.dirname(__file__))
from cluster import Cluster, check, pid_alive, step, wait_gone  # noqa: E402

SEQUENCE = [
    r"server process \(PID {pid}\) {how}",
    r"terminating any other active server processes",
    r"all server processes terminated; reinitializing",
    r"database system was interrupted; last known up at ",
    r"database system was not properly shut down; automatic recovery in progress",
    r"redo starts at {redo}",
    r"redo done at ",
    r"database system is ready to accept connections",
]


def connect(c):
    return c.connect()


def waiting_session(c, result):
    """Session B: sleeps until the crash takes its connection away."""
    conn = connect(c)
    result["pid"] = conn.get_backend_pid()
    result["ready"].set()
    try:
        conn.cursor().execute("select pg_sleep(60)")
        result["error"] = "pg_sleep returned normally"
    except psycopg2.Error as e:
        result["error"] = str(e)
    result["notices"] = list(conn.notices)


def assert_sequence(log, pid, sig, redo):
    pos = 0
    for pattern in SEQUENCE:
        # SIGKILL shows as the signal; SIGQUIT's handler exits with code 2,
        # which PostgreSQL's postmaster reports as such.
        how = (f"was terminated by signal {int(sig)}: {signal.strsignal(sig)}"
               if sig == signal.SIGKILL else "exited with exit code 2")
        rx = re.compile(pattern.format(pid=pid, how=re.escape(how), redo=re.escape(redo)))
        m = rx.search(log, pos)
        check(m is not None, f"log lacks /{rx.pattern}/ after offset {pos}")
        pos = m.end()


def crash_round(c, sig, round_no):
    step(f"round {round_no}: committed row, uncommitted row, a waiting session")
    a = connect(c)
    cur = a.cursor()
    cur.execute("insert into t values (%s, 'committed')", (round_no * 10 + 1,))
    cur.execute("begin")
    cur.execute("insert into t values (%s, 'uncommitted')", (round_no * 10 + 2,))
    a_pid = a.get_backend_pid()

    b = {"ready": threading.Event()}
    th = threading.Thread(target=waiting_session, args=(c, b))
    th.start()
    check(b["ready"].wait(10), "session B did not connect")
    time.sleep(0.3)  # B is inside pg_sleep

    redo = c.controldata()["Latest checkpoint's REDO location"]
    pm = c.postmaster_pid()
    before = c.child_pids()
    check(a_pid in before and b["pid"] in before, "sessions are not postmaster children")
    log_offset = len(c.log_text())

    step(f"round {round_no}: signal {signal.strsignal(sig)} to session A's backend {a_pid}")
    os.kill(a_pid, sig)
    th.join(30)
    check(not th.is_alive(), "session B still waiting after the crash")
    check("pg_sleep returned normally" not in b["error"], "session B's query completed")
    warned = any("terminating connection because of crash of another server process" in n
                 for n in b["notices"]) or \
        "crash of another server process" in b["error"]
    check(warned, f"session B got no crash warning: error={b['error']!r} notices={b['notices']!r}")
    try:
        cur.execute("select 1")
        check(False, "session A still works after its backend died")
    except psycopg2.Error:
        pass

    check(c.wait_ready(60), "server did not come back")
    check(c.postmaster_pid() == pm, "postmaster PID changed")
    check(wait_gone(before), f"old server processes still alive: "
          f"{[p for p in before if pid_alive(p)]}")
    after = c.child_pids()
    check(after and not (after & before), f"children were not all replaced: {before} -> {after}")

    log = c.log_text()[log_offset:]
    assert_sequence(log, a_pid, sig, redo)

    rows = c.psql("select id, v from t order by id").stdout.split()
    expected = [f"{r * 10 + 1}|committed" for r in range(1, round_no + 1)]
    check(rows == expected, f"after recovery {rows}, expected {expected}")
    c.psql(f"insert into t values ({round_no * 10 + 3}, 'after')")
    c.psql(f"delete from t where id = {round_no * 10 + 3}")


def main():
    with Cluster("t020", settings={"checkpoint_timeout": "1h"}) as c:
        c.start()
        c.psql("create table t (id int primary key, v text)")
        c.psql("checkpoint")
        crash_round(c, signal.SIGKILL, 1)
        crash_round(c, signal.SIGQUIT, 2)

        step("a clean restart keeps the recovered rows")
        c.stop("fast")
        c.start()
        rows = c.psql("select id, v from t order by id").stdout.split()
        check(rows == ["11|committed", "21|committed"], f"after restart: {rows}")
        check(c.psql("select count(*) from t where v = 'uncommitted'").stdout.strip() == "0",
              "an uncommitted row survived")
    print("t020_crash_restart: ok")


if __name__ == "__main__":
    main()
