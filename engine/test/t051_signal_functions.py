#!/usr/bin/python3
"""t051_signal_functions: pg_terminate_backend, pg_cancel_backend.

1. pg_terminate_backend(pid) of another session returns true; that
   session's client reads an ErrorResponse with severity FATAL, SQLSTATE
   57P01, "terminating connection due to administrator command", then the
   connection closes, and the process is gone.  With a timeout (ms) the
   call returns only after the process has left.
2. pg_cancel_backend(pid) of a session running pg_sleep(30) returns true;
   the sleep ends within seconds with 57014 "canceling statement due to
   user request" and the session keeps working.
3. A pid that is not a client backend (1, a huge number, the
   checkpointer's): WARNING "PID N is not a PostgreSQL backend process"
   and false, as PostgreSQL 15.
4. Permissions as PostgreSQL 15: a non-superuser may signal its own role's
   sessions, gets 42501 "must be a superuser to terminate superuser
   process" / "... to cancel superuser query" for a superuser's, and
   "must be a member of the role whose process is being terminated or
   member of pg_signal_backend" for another role's.
5. Negative timeout: 22003 "\"timeout\" must not be negative".
6. Terminating oneself: as with PostgreSQL 15 the client reads the row
   (true), then FATAL 57P01, and the connection ends.
"""
import os
import sys
import threading
import time

import psycopg2

sys.path.insert(0, os.path.dirname(__file__))
import pgwire  # noqa: E402
from cluster import Cluster, check, pid_alive, step  # noqa: E402


def raw_session(c, user="postgres"):
    conn = pgwire.Conn(c.sockdir, c.port)
    msgs = conn.login(user=user)
    pid = None
    for t, body in msgs:
        if t == b"K":
            pid = int.from_bytes(body[:4], "big")
    check(pid is not None, "no BackendKeyData")
    return conn, pid


def read_fatal(conn, timeout=10):
    """The FATAL ErrorResponse the server sends before closing."""
    conn.sock.settimeout(timeout)
    while True:
        t, body = conn.read_msg()
        if t == b"E":
            return pgwire.error_fields(body)


def run(conn, sql):
    try:
        cur = conn.cursor()
        cur.execute(sql)
        return ("ok", cur.fetchall(), [n.strip() for n in conn.notices])
    except psycopg2.Error as e:
        return ("err", e.pgcode, e.diag.message_primary)


def main():
    with Cluster("t051") as c:
        c.start()
        admin = c.connect()

        step("terminate another session: it reads FATAL 57P01")
        victim, vpid = raw_session(c)
        got = run(admin, f"select pg_terminate_backend({vpid})")
        check(got[:2] == ("ok", [(True,)]), f"pg_terminate_backend: {got}")
        f = read_fatal(victim)
        check(f.get("S") == "FATAL" and f.get("C") == "57P01" and
              f.get("M") == "terminating connection due to administrator command", f"victim read {f}")
        check(victim.closed(), "connection not closed after FATAL")
        deadline = time.time() + 10
        while pid_alive(vpid) and time.time() < deadline:
            time.sleep(0.05)
        check(not pid_alive(vpid), "terminated backend still running")

        step("terminate with a timeout waits for the exit")
        victim, vpid = raw_session(c)
        got = run(admin, f"select pg_terminate_backend({vpid}, 5000)")
        check(got[:2] == ("ok", [(True,)]), f"pg_terminate_backend(pid, 5000): {got}")
        # The promise (PostgreSQL's too) is that the backend has left the proc
        # array when the call returns, so no view lists it; the OS process may
        # still be finishing its exit (slow under ASan), so that is polled.
        got = run(admin, f"select count(*) from pg_stat_activity where pid = {vpid}")
        check(got[:2] == ("ok", [(0,)]), f"pg_terminate_backend(pid, timeout) returned before the exit: {got}")
        deadline = time.time() + 10
        while pid_alive(vpid) and time.time() < deadline:
            time.sleep(0.05)
        check(not pid_alive(vpid), "terminated backend still running")

        step("cancel a running pg_sleep: 57014, session survives")
        sleeper = c.connect()
        spid = run(sleeper, "select pg_backend_pid()")[1][0][0]
        result = {}
        th = threading.Thread(target=lambda: result.update(r=run(sleeper, "select pg_sleep(30)")))
        start = time.time()
        th.start()
        time.sleep(0.7)
        got = run(admin, f"select pg_cancel_backend({spid})")
        check(got[:2] == ("ok", [(True,)]), f"pg_cancel_backend: {got}")
        th.join(15)
        check(not th.is_alive() and time.time() - start < 10, "pg_sleep was not cancelled")
        check(result["r"] == ("err", "57014", "canceling statement due to user request"), f"sleeper: {result}")
        check(run(sleeper, "select 1")[:2] == ("ok", [(1,)]), "cancelled session unusable")

        step("pids that are not backends: WARNING and false")
        ckpt = [p for p in c.child_pids()
                if "checkpointer" in open(f"/proc/{p}/cmdline").read().replace("\0", " ")]
        check(len(ckpt) == 1, f"checkpointer not found among {c.child_pids()}")
        for pid in (1, 12345678, ckpt[0]):
            for fn in ("pg_terminate_backend", "pg_cancel_backend"):
                del admin.notices[:]
                got = run(admin, f"select {fn}({pid})")
                check(got == ("ok", [(False,)], [f"WARNING:  PID {pid} is not a PostgreSQL backend process"]),
                      f"{fn}({pid}): {got}")
        check(pid_alive(ckpt[0]), "the checkpointer was signalled")
        got = run(admin, "select pg_terminate_backend(null)")
        check(got[:2] == ("ok", [(None,)]), f"pg_terminate_backend(null): {got}")

        step("negative timeout: 22003")
        got = run(admin, "select pg_terminate_backend(pg_backend_pid(), -1)")
        check(got == ("err", "22003", '"timeout" must not be negative'), f"negative timeout: {got}")

        step("permissions of a non-superuser")
        run(admin, "create role bob login")
        run(admin, "create role carol login")
        bob = psycopg2.connect(host=c.sockdir, port=c.port, user="bob", dbname="postgres")
        bob.autocommit = True
        su_conn, su_pid = raw_session(c)
        got = run(bob, f"select pg_terminate_backend({su_pid})")
        check(got == ("err", "42501", "must be a superuser to terminate superuser process"), f"{got}")
        got = run(bob, f"select pg_cancel_backend({su_pid})")
        check(got == ("err", "42501", "must be a superuser to cancel superuser query"), f"{got}")
        carol, carol_pid = raw_session(c, user="carol")
        got = run(bob, f"select pg_terminate_backend({carol_pid})")
        check(got == ("err", "42501", "must be a member of the role whose process is being terminated "
                      "or member of pg_signal_backend"), f"{got}")
        got = run(bob, f"select pg_cancel_backend({carol_pid})")
        check(got == ("err", "42501", "must be a member of the role whose query is being canceled "
                      "or member of pg_signal_backend"), f"{got}")
        check(pid_alive(su_pid) and pid_alive(carol_pid), "a refused signal was delivered")
        bob2, bob2_pid = raw_session(c, user="bob")
        got = run(bob, f"select pg_terminate_backend({bob2_pid})")
        check(got[:2] == ("ok", [(True,)]), f"bob terminating his own session: {got}")
        check(read_fatal(bob2).get("C") == "57P01", "bob's other session did not get 57P01")

        step("terminating oneself")
        me, _ = raw_session(c)
        me.msg(b"Q", b"select pg_terminate_backend(pg_backend_pid())\0")
        msgs = []
        try:
            while True:
                msgs.append(me.read_msg())
        except (EOFError, ConnectionResetError):
            pass
        types = [t for t, _ in msgs]
        # PostgreSQL 15 sends exactly RowDescription, the row (t), then the FATAL.
        check(types == [b"T", b"D", b"E"], f"self-termination messages: {types}")
        errs = [pgwire.error_fields(b) for t, b in msgs if t == b"E"]
        check(len(errs) == 1 and errs[0].get("S") == "FATAL" and errs[0].get("C") == "57P01",
              f"self-termination: {errs}")
        check(run(admin, "select 1")[:2] == ("ok", [(1,)]), "server unusable afterwards")
        print("ok")


if __name__ == "__main__":
    main()
