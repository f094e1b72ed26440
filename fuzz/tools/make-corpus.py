#!/usr/bin/env python3
"""make-corpus.py: (re)generate the seed corpora under fuzz/corpus/<target>/.

Sources:
  * the real client captures ../shared/client-captures/conn-NNN.c2s.bin
    (psql, pgbench, psycopg2, node-postgres against PostgreSQL 15), split:
      protocol_startup  the whole stream, startup packet first, with the
                        user renamed to the fuzz session's role for that
                        method (SCRAM -> fuzz_scram, md5 -> fuzz_md5,
                        cleartext -> fuzz_password, others -> postgres) and
                        the database to postgres;
      protocol_stream   what follows the login (startup packet and password
                        messages removed), whole and cut at each Sync/Query;
      sql_parser        the text of every Query and Parse;
  * hand-written seeds for what the captures lack (SSL/GSS requests, cancel,
    protocol 2 and 3.1, COPY, FunctionCall, malformed messages, conf/hba
    files, fault policies);
  * a data directory made by `minipg_ctl init` (pages for page_decode, WAL
    records for wal_decode).

Usage: fuzz/tools/make-corpus.py [--captures DIR] [--minipg-ctl PATH]
Files are named by the SHA-1 of their content (as libFuzzer names them), so
re-running only adds what is new.
"""
import argparse
import glob
import hashlib
import os
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def put(target, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def msg(t, body=b""):
    return t + struct.pack(">I", len(body) + 4) + body


def cstr(s):
    return s.encode() + b"\0"


FIXED_SCRAM_NONCE = "fuzzServerNonce000000000"   # fuzz_session.h's FUZZ_SESSION_SCRAM_*
FIXED_SCRAM_SALT = b"fuzz-scram-salt!"
FIXED_SCRAM_ITERATIONS = 4096


def md5_response(password, user, salt):
    inner = hashlib.md5((password + user).encode()).hexdigest()
    return "md5" + hashlib.md5(inner.encode() + salt).hexdigest()


def scram_exchange(password, client_nonce="clientNonce"):
    """SASLInitialResponse and SASLResponse of a whole SCRAM-SHA-256 login,
    computed in advance from the fixed server nonce, salt and iterations."""
    import base64
    import hmac
    first_bare = "n=,r=" + client_nonce
    server_first = "r=%s%s,s=%s,i=%d" % (client_nonce, FIXED_SCRAM_NONCE,
                                         base64.b64encode(FIXED_SCRAM_SALT).decode(), FIXED_SCRAM_ITERATIONS)
    final_bare = "c=biws,r=" + client_nonce + FIXED_SCRAM_NONCE
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), FIXED_SCRAM_SALT, FIXED_SCRAM_ITERATIONS)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()
    auth_message = ",".join([first_bare, server_first, final_bare]).encode()
    signature = hmac.new(stored_key, auth_message, "sha256").digest()
    proof = bytes(a ^ b for a, b in zip(client_key, signature))
    client_first = ("n,," + first_bare).encode()
    final = final_bare + ",p=" + base64.b64encode(proof).decode()
    return (msg(b"p", cstr("SCRAM-SHA-256") + struct.pack(">I", len(client_first)) + client_first)
            + msg(b"p", final.encode()))


def startup(params, proto=(3, 0)):
    body = struct.pack(">HH", *proto) + b"".join(cstr(k) + cstr(v) for k, v in params) + b"\0"
    return struct.pack(">I", len(body) + 4) + body


def split_stream(data):
    """-> (pre-startup requests, startup packet, [(type, body)], leftover)."""
    pos, pre = 0, []
    while pos + 8 <= len(data):
        ln, code = struct.unpack(">II", data[pos:pos + 8])
        if code in (80877103, 80877104):          # SSLRequest, GSSENCRequest
            pre.append(data[pos:pos + ln])
            pos += ln
            continue
        break
    ln = struct.unpack(">I", data[pos:pos + 4])[0]
    pkt = data[pos:pos + ln]
    pos += ln
    msgs = []
    while pos + 5 <= len(data):
        t = data[pos:pos + 1]
        ln = struct.unpack(">I", data[pos + 1:pos + 5])[0]
        msgs.append((t, data[pos + 5:pos + 1 + ln]))
        pos += 1 + ln
    return pre, pkt, msgs, data[pos:]


def startup_params(pkt):
    parts = pkt[8:].split(b"\0")
    return [(parts[i].decode(), parts[i + 1].decode()) for i in range(0, len(parts) - 2, 2) if parts[i]]


def from_captures(capdir):
    for path in sorted(glob.glob(os.path.join(capdir, "*.c2s.bin"))):
        data = open(path, "rb").read()
        pre, pkt, msgs, rest = split_stream(data)
        auth = [m for m in msgs if m[0] == b"p"]
        after = [m for m in msgs if m[0] != b"p"]
        role = "postgres"
        if auth:
            first = auth[0][1]
            role = ("fuzz_scram" if first.startswith(b"SCRAM-SHA-256") else
                    "fuzz_md5" if first.startswith(b"md5") else "fuzz_password")
        params = [(k, role if k == "user" else "postgres" if k == "database" else v)
                  for k, v in startup_params(pkt)]
        login = b"".join(pre) + startup(params)
        authbytes = b"".join(msg(t, b) for t, b in auth)
        if role == "fuzz_password":
            authbytes = msg(b"p", cstr("fuzz"))
        stream = b"".join(msg(t, b) for t, b in after)
        put("protocol_startup", login + authbytes + stream)
        put("protocol_stream", stream)
        # Cut after each Sync or Query: shorter seeds, one exchange each.
        cur = b""
        for t, b in after:
            cur += msg(t, b)
            if t in (b"S", b"Q"):
                put("protocol_stream", cur)
                cur = b""
            if t == b"Q":
                put("sql_parser", b.rstrip(b"\0"))
            if t == b"P":
                put("sql_parser", b.split(b"\0")[1])


def synthetic_protocol():
    pg = [("user", "postgres"), ("database", "postgres")]
    sslreq = struct.pack(">II", 8, 80877103)
    gssreq = struct.pack(">II", 8, 80877104)
    term = msg(b"X")
    q = lambda s: msg(b"Q", cstr(s))
    put("protocol_startup", sslreq + startup(pg) + q("select 1") + term)
    put("protocol_startup", gssreq + sslreq + startup(pg) + term)
    put("protocol_startup", struct.pack(">IIii", 16, 80877102, 1234, 5678))   # CancelRequest
    put("protocol_startup", startup(pg, (2, 0)))
    put("protocol_startup", startup(pg + [("_pq_.foo", "bar")], (3, 1)) + term)
    put("protocol_startup", startup(pg + [("options", "-c work_mem=64kB --search_path=public"),
                                          ("application_name", "fuzz"), ("DateStyle", "SQL")]) + term)
    put("protocol_startup", startup([("user", "nobody"), ("database", "postgres")]))
    put("protocol_startup", startup([("user", "postgres"), ("database", "nosuchdb")]))
    put("protocol_startup", startup([("user", "postgres"), ("replication", "database")]))
    put("protocol_startup", startup([("user", "fuzz_password"), ("database", "postgres")])
        + msg(b"p", cstr("fuzz")) + q("select current_user") + term)
    put("protocol_startup", startup([("user", "fuzz_password"), ("database", "postgres")])
        + msg(b"p", cstr("wrong")))
    put("protocol_startup", startup([("user", "fuzz_scram"), ("database", "postgres")])
        + msg(b"p", cstr("SCRAM-SHA-256") + struct.pack(">I", 32) + b"n,,n=,r=fyko+d2lbbFgONRv9qkxdawL"))
    # complete md5 and SCRAM exchanges: replayable with the single-session
    # mode's fixed salt and nonce (FUZZ_SESSION_* in engine/tcop/fuzz_session.h)
    put("protocol_startup", startup([("user", "fuzz_md5"), ("database", "postgres")])
        + msg(b"p", cstr(md5_response("fuzz", "fuzz_md5", b"salt"))) + q("select current_user") + term)
    for password in ("fuzz", "wrong"):
        put("protocol_startup", startup([("user", "fuzz_scram"), ("database", "postgres")])
            + scram_exchange(password) + q("select current_user") + term)
    put("protocol_startup", struct.pack(">I", 20000) + b"\0\3\0\0" + b"user\0" + b"x" * 100)
    put("protocol_startup", struct.pack(">I", 3))

    s = []
    s.append(q("select 1; select 2") + term)
    s.append(q("begin") + q("select 1/0") + q("select 1") + q("rollback") + term)
    s.append(q("copy fuzz_t from stdin") + msg(b"d", b"1000\tx\t1.5\n1001\t\\N\t2\n") + msg(b"c") + q("select count(*) from fuzz_t") + term)
    s.append(q("copy fuzz_t from stdin (format csv)") + msg(b"d", b"2000,\"a,b\",3\n") + msg(b"f", cstr("client gave up")) + term)
    s.append(q("copy (select * from fuzz_t where a < 5) to stdout") + term)
    s.append(msg(b"d", b"data outside copy") + msg(b"c") + q("select 1") + term)
    s.append(msg(b"P", cstr("s1") + cstr("select $1::int + a from fuzz_t where a = $2") + struct.pack(">hII", 2, 23, 23))
             + msg(b"B", cstr("") + cstr("s1") + struct.pack(">hh", 1, 0) + struct.pack(">hi", 2, 1) + b"7" + struct.pack(">i", 1) + b"3" + struct.pack(">hh", 1, 1))
             + msg(b"D", b"P" + cstr("")) + msg(b"E", cstr("") + struct.pack(">i", 0)) + msg(b"S")
             + msg(b"C", b"S" + cstr("s1")) + msg(b"S") + term)
    s.append(msg(b"B", cstr("") + cstr("missing") + struct.pack(">hhh", 0, 0, 0)) + msg(b"S") + term)
    s.append(msg(b"P", cstr("") + cstr("select 1") + struct.pack(">h", 0)) + msg(b"H") + msg(b"D", b"S" + cstr("")) + msg(b"S") + term)
    s.append(msg(b"F", struct.pack(">I", 1598) + struct.pack(">h", 0) + struct.pack(">h", 0) + struct.pack(">h", 0)) + term)
    s.append(msg(b"Z") + term)
    s.append(b"Q" + struct.pack(">I", 0x7fffffff) + b"select")
    s.append(b"Q" + struct.pack(">I", 3))
    s.append(b"Q" + struct.pack(">I", 0))
    s.append(q("prepare p(int) as select $1 + 1") + q("execute p(41)") + q("deallocate p") + term)
    s.append(q("set work_mem = '64kB'") + q("select b from fuzz_t order by b desc limit 3") + term)
    s.append(q("begin") + q("declare c cursor for select * from fuzz_t") + q("fetch 2 from c") + q("close c") + q("commit") + term)
    s.append(q("create temp table tt as select * from fuzz_t") + q("update tt set b = 'x' where a < 10") + q("delete from tt") + term)
    # local buffers: a temp table past temp_buffers (eviction), an index on it, a late SET.
    # 240 rows of 3500 bytes are 120 pages, past the 100 buffers, in few tuples: this seed
    # and its many mutants stay cheap (2500 rows of 400 bytes took 110 ms a run under ASan).
    s.append(q("set temp_buffers = 100") + q("create temp table lb(a int primary key, b text)")
             + q("insert into lb select g, repeat('x', 3500) from generate_series(1, 240) g")
             + q("update lb set b = 'y' where a % 7 = 0") + q("select count(*), sum(a) from lb where a > 100")
             + q("truncate lb") + q("set temp_buffers = 200") + term)
    for x in s:
        put("protocol_stream", x)


SQL = [
    "SELECT 1", "select a, b from fuzz_t where a between 1 and 10 order by b desc limit 5 offset 1",
    "INSERT INTO t (a, b) VALUES (1, 'x'), (2, NULL) RETURNING *",
    "UPDATE t SET b = b || 'y' WHERE a IN (SELECT a FROM u WHERE c > 1.5e3)",
    "DELETE FROM t USING u WHERE t.a = u.a",
    "CREATE TABLE IF NOT EXISTS x (id serial PRIMARY KEY, n numeric(10,2) DEFAULT 0 NOT NULL, t text CHECK (t <> ''))",
    "CREATE UNIQUE INDEX CONCURRENTLY i ON x (lower(t)) WHERE n > 0",
    "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT sum(n) FROM r",
    "SELECT count(*) FILTER (WHERE a > 1), max(b) OVER (PARTITION BY c ORDER BY a ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t GROUP BY c HAVING count(*) > 1",
    "SELECT CASE WHEN a IS NULL THEN 'n' ELSE a::text END, COALESCE(b, 'z'), NULLIF(a, 0) FROM t",
    "SELECT $1::int + $2, E'\\x41\\n', U&'d\\0061t', $$dollar$$, $tag$x$tag$, B'101', X'ff'",
    "BEGIN ISOLATION LEVEL REPEATABLE READ; SAVEPOINT s; ROLLBACK TO SAVEPOINT s; COMMIT",
    "EXPLAIN (ANALYZE, COSTS OFF) SELECT * FROM t JOIN u ON t.a = u.a LEFT JOIN v USING (a)",
    "COPY t (a, b) FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ';')",
    "SET LOCAL statement_timeout = '1s'; RESET ALL; SHOW work_mem",
    "ALTER TABLE t ADD COLUMN d date DEFAULT now()", "DROP TABLE IF EXISTS t, u CASCADE",
    "SELECT '2024-01-01'::timestamptz + interval '1 day 2 hours', 1.5::float8 / 0, -2147483648::int4",
    "SELECT ARRAY[1,2,3][2], (SELECT 1) IS DISTINCT FROM 2, 'a' LIKE 'a%' ESCAPE '\\'",
    "VACUUM ANALYZE t", "CHECKPOINT", "TRUNCATE t", "LOCK TABLE t IN ACCESS EXCLUSIVE MODE",
    "SELECT ((((((((((1))))))))))", "/* comment /* nested */ */ SELECT 1 -- trailing",
    "CREATE ROLE r LOGIN PASSWORD 'p' VALID UNTIL 'infinity'", "GRANT SELECT ON t TO r",
    "SELECT * FROM pg_stat_activity, pg_locks, pg_settings",
]


def synthetic_text():
    for s in SQL:
        put("sql_parser", s.encode())
    confs = [
        "shared_buffers = 128MB\nwork_mem = 4MB # comment\n",
        "listen_addresses = '*'\nport=5433\nlog_line_prefix = '%m [%p] '\n",
        "search_path = '\"$user\", public'\napplication_name = 'it''s'\n",
        "include 'other.conf'\ninclude_if_exists 'x.conf'\ninclude_dir 'conf.d'\n",
        "fsync off\nsynchronous_commit=local\ncheckpoint_completion_target = 0.9\n",
        "bad line without value\n= 3\nname = 'unterminated\n",
        "a.b = 1\nstatement_timeout = 10s\nmax_wal_size = 1GB\n",
        "timezone = 'Europe/Paris'\nDateStyle = 'ISO, MDY'\nx = \\'\\\\n\\'\n",
    ]
    for c in confs:
        put("conf_parser", c.encode())
    hbas = [
        "local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 md5\n",
        "hostssl sameuser +admins 10.0.0.0 255.0.0.0 password clientcert=verify-full\n",
        "host \"my db\",postgres all samenet reject\nhostnossl all @users.txt all md5\n",
        "local replication all peer\nhost all all .example.com trust\nhost all all all ident map=m\n",
        "hostgssenc all all 0.0.0.0/0 gss include_realm=0\nhost all all fe80::1%eth0/64 trust\n",
        "local all all\nhost all\nbogus all all trust\nhost all all 300.1.1.1/33 md5\n",
        "# comment only\n\n   \t\nlocal all all trust \\\n",
    ]
    for h in hbas:
        put("hba_parser", h.encode())
    policies = [
        "seed 42\nwal/flush/before-fsync error errno=EIO nth=3\n",
        "xact/commit/* crash proc=backend prob=0.5 times=1\n",
        "smgr/write error errno=ENOSPC window=2..5 pid=1234\n",
        "bufmgr/evict/before-write delay ms=10 persistent\n",
        "tcop/pqcomm/recv error errno=ECONNRESET app=psql\n",
        "* panic\nx abort from=3 to=7\ncorrupt target=proc\nwait\npowerloss tear=sector\n",
        "seed 18446744073709551616\nseed -1\nbad action\n",
    ]
    for p in policies:
        put("fault_policy", p.encode())


def from_datadir(ctl):
    d = tempfile.mkdtemp(prefix="minipg-corpus-")
    try:
        subprocess.run([ctl, "init", "-D", d + "/data"], check=True, stdout=subprocess.DEVNULL)
        data = d + "/data"
        # Pages: the first blocks of the catalog files (heap and btree),
        # an all-zero page, and a damaged copy of a real one.
        n = 0
        for path in sorted(glob.glob(data + "/base/*/[0-9]*") + glob.glob(data + "/global/[0-9]*")):
            raw = open(path, "rb").read()
            for off in range(0, min(len(raw), 3 * 8192), 8192):
                if n < 24:
                    put("page_decode", raw[off:off + 8192])
                    n += 1
        put("page_decode", bytes(8192))
        # WAL: reassemble the stream (drop page headers), walk the records.
        segs = sorted(glob.glob(data + "/pg_wal/0*"))
        stream = bytearray()
        raw = open(segs[0], "rb").read()
        for pg in range(0, len(raw), 8192):
            page = raw[pg:pg + 8192]
            magic, info = struct.unpack("<HH", page[:4])
            if magic != 0x4D57:
                break
            stream += page[40 if pg == 0 else 24:]
        pos, kept, seen = 0, 0, set()
        while pos + 24 <= len(stream) and kept < 40:
            tot = struct.unpack("<I", stream[pos:pos + 4])[0]
            if tot < 24 or pos + tot > len(stream):
                break
            rec = bytes(stream[pos:pos + tot])
            kind = (rec[16], rec[17], tot > 4096)
            if kind not in seen or kept < 12:
                put("wal_decode", rec)
                kept += 1
                seen.add(kind)
            pos += (tot + 7) & ~7
    finally:
        subprocess.run(["rm", "-rf", d])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--captures", default=os.path.join(os.path.dirname(ROOT), "shared", "client-captures"))
    ap.add_argument("--minipg-ctl", default=os.path.join(ROOT, "build", "debug", "engine", "minipg_ctl"))
    a = ap.parse_args()
    if not glob.glob(os.path.join(a.captures, "*.c2s.bin")):
        # A worktree sits one level deeper than the main checkout.
        alt = "/work/shared/client-captures"
        a.captures = alt if glob.glob(os.path.join(alt, "*.c2s.bin")) else a.captures
    from_captures(a.captures)
    synthetic_protocol()
    synthetic_text()
    from_datadir(a.minipg_ctl)
    for t in sorted(os.listdir(CORPUS)):
        files = os.listdir(os.path.join(CORPUS, t))
        size = sum(os.path.getsize(os.path.join(CORPUS, t, f)) for f in files)
        print(f"{t:18} {len(files):3} files {size:8} bytes")


if __name__ == "__main__":
    sys.exit(main())
