#!/usr/bin/python3
"""t003_extended_protocol: the extended query protocol, byte for byte.

With a raw protocol client (pgwire.py): Parse with and without parameter
types (inference), Describe of statement and portal, Bind with binary
parameters and binary results for int2/int4/int8/bool/text, Execute with
a row limit (PortalSuspended, then the rest), named statements reused
across Syncs, Close, an error that skips to Sync, and the transaction
status letters in ReadyForQuery.  Every expectation was first checked
against PostgreSQL 15 with this script (`t003_extended_protocol.py --ref
HOST PORT`).
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(__file__))
import pgwire  # noqa: E402
from cluster import Cluster, check, step  # noqa: E402

INT2, INT4, INT8, BOOL, TEXT = 21, 23, 20, 16, 25


def parse(c, name, sql, types=()):
    c.msg(b"P", name.encode() + b"\0" + sql.encode() + b"\0" +
          struct.pack("!H", len(types)) + b"".join(struct.pack("!I", t) for t in types))


def bind(c, portal, stmt, params, param_formats=(), result_formats=()):
    body = portal.encode() + b"\0" + stmt.encode() + b"\0"
    body += struct.pack("!H", len(param_formats)) + b"".join(struct.pack("!H", f) for f in param_formats)
    body += struct.pack("!H", len(params))
    for p in params:
        body += struct.pack("!i", -1) if p is None else struct.pack("!i", len(p)) + p
    body += struct.pack("!H", len(result_formats)) + b"".join(struct.pack("!H", f) for f in result_formats)
    c.msg(b"B", body)


def describe(c, kind, name):
    c.msg(b"D", kind + name.encode() + b"\0")


def execute(c, portal, max_rows=0):
    c.msg(b"E", portal.encode() + b"\0" + struct.pack("!I", max_rows))


def sync(c):
    c.msg(b"S")
    return c.read_until_ready()


def row_description(body):
    n = struct.unpack("!H", body[:2])[0]
    cols, p = [], 2
    for _ in range(n):
        e = body.index(b"\0", p)
        name = body[p:e].decode()
        tbl, att, typ, ln, mod, fmt = struct.unpack("!IhIhih", body[e + 1:e + 19])
        cols.append((name, typ, ln, mod, fmt))
        p = e + 19
    return cols


def data_row(body):
    n = struct.unpack("!H", body[:2])[0]
    vals, p = [], 2
    for _ in range(n):
        ln = struct.unpack("!i", body[p:p + 4])[0]
        p += 4
        if ln < 0:
            vals.append(None)
        else:
            vals.append(body[p:p + ln])
            p += ln
    return vals


def run(host, port):
    c = pgwire.Conn(host, port)
    c.login()

    step("inference: Parse without types, ParameterDescription says int4 and text")
    parse(c, "", "select $1::int + 1 as y, $2 as s")
    describe(c, b"S", "")
    msgs = sync(c)
    kinds = [m[0] for m in msgs]
    check(kinds == [b"1", b"t", b"T", b"Z"], f"describe statement: {kinds}")
    check(msgs[1][1] == struct.pack("!HII", 2, INT4, TEXT), f"param types {msgs[1][1]!r}")
    cols = row_description(msgs[2][1])
    check([(n, t) for n, t, *_ in cols] == [("y", INT4), ("s", TEXT)], f"row desc {cols}")

    step("binary parameters and results for int2/int4/int8/bool/text")
    parse(c, "bin", "select $1::int2 as a, $2::int4 as b, $3::int8 as c, $4::bool as d, $5::text as e, $6::int4 as f",
          (INT2, INT4, INT8, BOOL, TEXT, INT4))
    params = [struct.pack("!h", -7), struct.pack("!i", 123456), struct.pack("!q", -9876543210),
              b"\x01", "héllo".encode(), None]
    bind(c, "", "bin", params, param_formats=(1,), result_formats=(1,))
    describe(c, b"P", "")
    execute(c, "")
    msgs = sync(c)
    kinds = [m[0] for m in msgs]
    check(kinds == [b"1", b"2", b"T", b"D", b"C", b"Z"], f"binary round trip messages {kinds}")
    cols = row_description(msgs[2][1])
    check([(t, ln, fmt) for _, t, ln, _, fmt in cols] ==
          [(INT2, 2, 1), (INT4, 4, 1), (INT8, 8, 1), (BOOL, 1, 1), (TEXT, -1, 1), (INT4, 4, 1)],
          f"binary row description {cols}")
    check(data_row(msgs[3][1]) == params, f"binary values {data_row(msgs[3][1])}")
    check(msgs[4][1] == b"SELECT 1\0", f"tag {msgs[4][1]!r}")

    step("mixed formats per column: text then binary")
    bind(c, "", "bin", [b"1", b"2", b"3", b"t", b"x", b"4"], param_formats=(0,), result_formats=(0, 1, 0, 1, 0, 1))
    execute(c, "")
    msgs = sync(c)
    check(data_row(msgs[1][1]) == [b"1", struct.pack("!i", 2), b"3", b"\x01", b"x", struct.pack("!i", 4)],
          f"mixed formats {data_row(msgs[1][1])}")

    step("row limit: PortalSuspended, then the rest, inside a transaction")
    for m in pgwire.query(c, "begin"):
        pass
    parse(c, "gs", "select g from generate_series(1, 5) g")
    bind(c, "p1", "gs", [])
    execute(c, "p1", 2)
    execute(c, "p1", 2)
    execute(c, "p1", 0)
    msgs = sync(c)
    kinds = [m[0] for m in msgs]
    check(kinds == [b"1", b"2", b"D", b"D", b"s", b"D", b"D", b"s", b"D", b"C", b"Z"],
          f"suspended portal messages {kinds}")
    check(msgs[-2][1] == b"SELECT 1\0", f"final tag after suspension {msgs[-2][1]!r}")
    check(msgs[-1] == (b"Z", b"T"), "still in the transaction block")
    for m in pgwire.query(c, "commit"):
        pass

    step("named statement reused after Sync; Close")
    bind(c, "", "gs", [])
    execute(c, "", 1)
    c.msg(b"C", b"Sgs\0")
    msgs = sync(c)
    check([m[0] for m in msgs] == [b"2", b"D", b"s", b"3", b"Z"], f"reuse and close {msgs}")
    bind(c, "", "gs", [])
    msgs = sync(c)
    f = pgwire.error_fields(msgs[0][1])
    check(f["C"] == "26000" and f["M"] == 'prepared statement "gs" does not exist', f"closed stmt {f}")

    step("an error skips to Sync; the transaction status is E inside a block")
    for m in pgwire.query(c, "begin"):
        pass
    parse(c, "", "select 1 / (random() * 0)::int")
    bind(c, "", "", [])
    execute(c, "")
    parse(c, "", "select 1")   # skipped
    bind(c, "", "", [])         # skipped
    execute(c, "")              # skipped
    msgs = sync(c)
    kinds = [m[0] for m in msgs]
    check(kinds == [b"1", b"2", b"E", b"Z"], f"skip till sync {kinds}")
    check(pgwire.error_fields(msgs[2][1])["C"] == "22012", "division by zero")
    check(msgs[-1] == (b"Z", b"E"), f"failed block status {msgs[-1]}")
    parse(c, "", "select 1")
    msgs = sync(c)
    check(pgwire.error_fields(msgs[0][1])["C"] == "25P02", f"aborted block {msgs}")
    for m in pgwire.query(c, "rollback"):
        pass

    step("wrong parameter count and bad binary value")
    parse(c, "two", "select $1::int4, $2::int4", (INT4, INT4))
    bind(c, "", "two", [b"1"])
    msgs = sync(c)
    f = pgwire.error_fields(msgs[1][1])
    check(f["C"] == "08P01" and f["M"] ==
          'bind message supplies 1 parameters, but prepared statement "two" requires 2', f"count {f}")
    cases = [
        ("", [b"\x00\x01", b"\x00\x00\x00\x02"], 1, "08P01", "insufficient data left in message",
         "unnamed portal parameter $1"),
        ("", [b"\x00\x00\x00\x01\x00", b"\x00\x00\x00\x02"], 1, "22P03",
         "incorrect binary data format in bind parameter 1", "unnamed portal parameter $1"),
        ("", [b"abc", b"1"], 0, "22P02", 'invalid input syntax for type integer: "abc"',
         "unnamed portal parameter $1 = '...'"),
        ("pp", [b"abc", b"1"], 0, "22P02", 'invalid input syntax for type integer: "abc"',
         "portal \"pp\" parameter $1 = '...'"),
    ]
    for portal, values, fmt, code, message, context in cases:
        bind(c, portal, "two", values, param_formats=(fmt,))
        msgs = sync(c)
        f = pgwire.error_fields(msgs[0][1])
        check((f["C"], f["M"], f.get("W")) == (code, message, context), f"bad parameter {f}")
    c.msg(b"X")
    print("PASS [t003_extended_protocol]")


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--ref":
        run(sys.argv[2], int(sys.argv[3]))
        return
    with Cluster("t003") as c:
        c.start()
        run(c.sockdir, c.port)


if __name__ == "__main__":
    main()
