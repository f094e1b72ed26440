#!/usr/bin/python3
"""t002_protocol_errors: malformed protocol input never crashes the server.

Sends hostile byte streams over real sockets (garbage before the startup
packet, a 20000-byte startup packet, message lengths of 0, 2, 3 and 2^31-1,
unknown message types, oversize control messages, unterminated strings, old
protocol versions, missing user, Bind/Describe/Execute naming statements
and portals that do not exist, COPY data outside COPY) and checks that
each gets what PostgreSQL 15 answers (recorded against postgresql-15 with
the same client): a closed connection, or a FATAL/ERROR with the right
SQLSTATE and message.  Throughout, a separate healthy session keeps
working, the postmaster keeps its pid, and the log shows no crash.
"""
import struct
import sys

sys.path.insert(0, __import__("os").path.dirname(__file__))
import pgwire  # noqa: E402
from cluster import Cluster, check, step  # noqa: E402


def fields_of(msgs, mtype=b"E"):
    for t, body in msgs:
        if t == mtype:
            return pgwire.error_fields(body)
    return None


def main():
    with Cluster("t002") as c:
        c.start()
        pm = c.postmaster_pid()
        tcp = ("127.0.0.1", c.port)
        healthy = pgwire.Conn(c.sockdir, c.port)
        healthy.login(application_name="healthy")

        def conn():
            return pgwire.Conn(*tcp)

        step("garbage before the startup packet: connection closed, nothing sent")
        s = conn()
        s.send(b"GET / HTTP/1.1\r\n\r\n")
        check(s.closed() and s.buf == b"", "HTTP garbage should be dropped silently")

        step("startup packet lengths 0 and 2^31: closed")
        for raw in (b"\0\0\0\0", struct.pack("!I", 0x7FFFFFFF) + b"x" * 64):
            s = conn()
            s.send(raw)
            check(s.closed() and s.buf == b"", f"bad length {raw[:4]!r} should close")

        step("a 20000-byte startup packet (limit 10000): closed, logged")
        body = (struct.pack("!I", 0x00030000) + b"user\0postgres\0application_name\0" +
                b"a" * 19900 + b"\0\0")
        s = conn()
        s.send(struct.pack("!I", len(body) + 4) + body)
        check(s.closed() and s.buf == b"", "oversize startup packet should close silently")
        check(c.wait_log("invalid length of startup packet"), "startup packet log line")

        step("protocol 2.0: refused with an old-format error")
        s = conn()
        s.startup(proto=0x00020000)
        check(s.closed(), "protocol 2 connection should be closed")
        check(s.buf.startswith(b"E") and
              b"unsupported frontend protocol 2.0: server supports 3.0 to 3.0" in s.buf,
              f"protocol 2 error text, got {s.buf!r}")

        step("protocol 3.5 with a _pq_ option: NegotiateProtocolVersion, then login")
        s = conn()
        s.startup(proto=0x00030005, **{"_pq_.foo": "x"})
        msgs = s.read_until_ready()
        check(msgs[0][0] == b"v", f"first message should be NegotiateProtocolVersion: {msgs[0]}")
        check(msgs[0][1] == struct.pack("!II", 0x00030000, 1) + b"_pq_.foo\0",
              f"NegotiateProtocolVersion body {msgs[0][1]!r}")
        check(msgs[-1] == (b"Z", b"I"), "login should finish with ReadyForQuery")
        s.close()

        step("SSLRequest answered N, then a normal login works")
        s = conn()
        s.send(struct.pack("!II", 8, 80877103))
        check(s.read_raw(1) == b"N", "SSLRequest answer")
        check(s.login()[-1] == (b"Z", b"I"), "login after SSLRequest")
        s.close()

        step("startup packet without user: FATAL 28000")
        s = conn()
        body = struct.pack("!I", 0x30000) + b"database\0postgres\0\0"
        s.send(struct.pack("!I", len(body) + 4) + body)
        f = pgwire.error_fields(s.read_msg()[1])
        check(f["C"] == "28000" and f["M"] == "no PostgreSQL user name specified in startup packet",
              f"no-user error {f}")

        step("startup packet without final terminator: FATAL 08P01")
        s = conn()
        body = struct.pack("!I", 0x30000) + b"user\0postgres\0database\0postgres"
        s.send(struct.pack("!I", len(body) + 4) + body)
        f = pgwire.error_fields(s.read_msg()[1])
        check(f["C"] == "08P01" and
              f["M"] == "invalid startup packet layout: expected terminator as last byte",
              f"layout error {f}")

        step("unknown setting in the startup packet: FATAL 42704 after AuthenticationOk")
        s = conn()
        s.startup(nosuch="1")
        msgs = []
        while True:
            try:
                msgs.append(s.read_msg())
            except EOFError:
                break
        f = fields_of(msgs)
        check(f is not None and f["S"] == "FATAL" and f["C"] == "42704" and
              f["M"] == 'unrecognized configuration parameter "nosuch"', f"unknown GUC {msgs}")

        step("unknown message type after login: FATAL 08P01, connection closed")
        s = conn()
        s.login()
        s.msg(b"Y")
        f = pgwire.error_fields(s.read_msg()[1])
        check(f["S"] == "FATAL" and f["C"] == "08P01" and
              f["M"] == "invalid frontend message type 89", f"bad type error {f}")
        check(s.closed(), "connection should close after FATAL")

        step("message lengths 0, 2, 3 and 2^31-1, and an oversize Sync: closed without a reply")
        for raw in (b"Q\0\0\0\0select 1\0", b"Q\0\0\0\x02", b"Q\0\0\0\x03select 1\0",
                    b"Q" + struct.pack("!I", 0x7FFFFFFF) + b"select 1\0",
                    b"S" + struct.pack("!I", 20004) + b"x" * 20000):
            s = conn()
            s.login()
            s.send(raw)
            check(s.closed() and s.buf == b"", f"bad message {raw[:5]!r} should close")

        step("a huge declared Query length with no body: no allocation, closed at EOF")
        s = conn()
        s.login()
        s.send(b"Q" + struct.pack("!I", 0x3FFFFFF0) + b"select")
        s.sock.shutdown(1)
        check(s.closed(), "truncated huge message should close")

        step("Query without NUL, Sync with a body: ERROR 08P01, session continues")
        s = conn()
        s.login()
        s.msg(b"Q", b"select 1")
        msgs = s.read_until_ready()
        f = fields_of(msgs)
        check(f["S"] == "ERROR" and f["C"] == "08P01" and f["M"] == "invalid string in message",
              f"unterminated query {msgs}")
        check(msgs[-1] == (b"Z", b"I"), "ReadyForQuery after the error")
        s.msg(b"S", b"abc")
        msgs = s.read_until_ready()
        f = fields_of(msgs)
        check(f["C"] == "08P01" and f["M"] == "invalid message format", f"sync body {msgs}")
        msgs = pgwire.query(s, ";;")
        check([m[0] for m in msgs] == [b"I", b"Z"], f"empty query after errors {msgs}")
        s.msg(b"X")
        check(s.closed(), "Terminate closes")

        step("Bind/Describe/Execute naming what does not exist: 26000/34000, skip to Sync")
        s = conn()
        s.login()

        def cstr(x):
            return x.encode() + b"\0"
        s.msg(b"B", cstr("") + cstr("nosuch") + struct.pack("!hhh", 0, 0, 0))
        s.msg(b"E", cstr("") + struct.pack("!i", 0))   # skipped: after the error
        s.msg(b"S")
        msgs = s.read_until_ready()
        f = fields_of(msgs)
        check([m[0] for m in msgs] == [b"E", b"Z"] and f["C"] == "26000" and
              f["M"] == 'prepared statement "nosuch" does not exist', f"bind to missing {msgs}")
        for body, mtype, code, text in (
                (b"P" + cstr("noportal"), b"D", "34000", 'portal "noportal" does not exist'),
                (cstr("noportal") + struct.pack("!i", 0), b"E", "34000",
                 'portal "noportal" does not exist'),
                (b"S" + cstr("nostmt"), b"D", "26000", 'prepared statement "nostmt" does not exist')):
            s.msg(mtype, body)
            s.msg(b"S")
            msgs = s.read_until_ready()
            f = fields_of(msgs)
            check(f is not None and f["C"] == code and f["M"] == text, f"{mtype!r} {msgs}")
        s.msg(b"C", b"S" + cstr("nostmt"))    # closing a missing statement is no error
        s.msg(b"S")
        check([m[0] for m in s.read_until_ready()] == [b"3", b"Z"], "Close of a missing statement")
        check([m[0] for m in pgwire.query(s, "select 1")] == [b"T", b"D", b"C", b"Z"],
              "the session works after the errors")

        step("CopyData/CopyDone outside COPY are ignored")
        s = conn()
        s.login()
        s.msg(b"d", b"xx")
        s.msg(b"c")
        check([m[0] for m in pgwire.query(s, ";")] == [b"I", b"Z"], "copy messages ignored")

        step("cancel request with a wrong key is logged and ignored")
        s = conn()
        s.send(struct.pack("!IIII", 16, 80877102, 12345, 42))
        check(s.closed(), "cancel connection closes")
        check(c.wait_log("wrong key in cancel request for process 12345"), "cancel log line")

        step("the healthy session and the postmaster survived everything")
        check([m[0] for m in pgwire.query(healthy, ";")] == [b"I", b"Z"], "healthy session")
        check(c.postmaster_pid() == pm, "postmaster pid changed")
        log = c.log_text()
        check(log.count("invalid message length") >= 4, "invalid message length log lines")
        check("terminated by signal" not in log and "reinitializing" not in log,
              "a process crashed during the hostile input test")
        print("PASS [t002_protocol_errors]")


if __name__ == "__main__":
    main()
