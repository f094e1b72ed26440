#!/usr/bin/python3
"""t015_max_connections: with max_connections = 100, 100 concurrent
sessions work (each runs a query), connection 101 is refused with FATAL
53300 "sorry, too many clients already", and once a session leaves a new
one gets in.  With superuser_reserved_connections = 3, a non-superuser is
refused earlier with PostgreSQL's reserved-slots message.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import pgwire  # noqa: E402
from cluster import Cluster, check, step  # noqa: E402


def login(c, user="postgres"):
    conn = pgwire.Conn(c.sockdir, c.port)
    conn.startup(user=user)
    msgs = []
    while True:
        m = conn.read_msg()
        msgs.append(m)
        if m[0] in (b"Z", b"E"):
            return conn, msgs


def main():
    with Cluster("t015", settings={"max_connections": "100",
                                    "superuser_reserved_connections": "3"}) as c:
        c.start()
        step("100 concurrent superuser sessions")
        sessions = []
        for i in range(100):
            conn, msgs = login(c)
            check(msgs[-1][0] == b"Z", f"session {i + 1} refused: {msgs[-1]}")
            sessions.append(conn)
        for conn in sessions:
            check(pgwire.query(conn, ";")[-1] == (b"Z", b"I"), "session not usable")

        step("connection 101 gets 53300")
        conn, msgs = login(c)
        f = pgwire.error_fields(msgs[-1][1])
        check(msgs[-1][0] == b"E" and f["S"] == "FATAL" and f["C"] == "53300" and
              f["M"] == "sorry, too many clients already", f"101st connection: {msgs}")

        step("a slot freed by Terminate is reused")
        sessions[0].msg(b"X")
        sessions[0].closed()
        ok = False
        for _ in range(50):
            conn, msgs = login(c)
            if msgs[-1][0] == b"Z":
                ok = True
                sessions[0] = conn
                break
            __import__("time").sleep(0.1)
        check(ok, "no slot after a session ended")

        step("reserved slots refuse non-superusers")
        for conn in sessions[:5]:
            conn.msg(b"X")
            conn.closed()
        c.psql("create role plain login")
        held = []
        refused = None
        for _ in range(5):
            conn, msgs = login(c, user="plain")
            if msgs[-1][0] == b"E":
                refused = pgwire.error_fields(msgs[-1][1])
                break
            held.append(conn)
        check(refused is not None and refused["C"] == "53300" and refused["M"] ==
              "remaining connection slots are reserved for non-replication superuser connections",
              f"reserved slots: {refused}")
        check(len(held) == 2, f"non-superusers admitted before the reservation: {len(held)}")
        print("PASS [t015_max_connections]")


if __name__ == "__main__":
    main()
