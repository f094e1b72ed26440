"""pgwire.py: a minimal PostgreSQL protocol v3 client for tests.

Unlike libpq it sends exactly the bytes a test asks for, so tests can
build malformed streams (bad lengths, unknown message types, truncated
messages) and check how the server answers.  Written for minipg's tests;
it implements only what they need.
"""
import socket
import struct
import time


class Conn:
    def __init__(self, host, port, timeout=10.0):
        if host.startswith("/"):
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.sock.settimeout(timeout)
            self.sock.connect(f"{host}/.s.PGSQL.{port}")
        else:
            self.sock = socket.create_connection((host, port), timeout=timeout)
        self.buf = b""

    def send(self, data: bytes):
        self.sock.sendall(data)

    def startup(self, user="postgres", database="postgres", proto=0x00030000, **extra):
        params = {"user": user, "database": database, **extra}
        body = struct.pack("!I", proto)
        for k, v in params.items():
            body += k.encode() + b"\0" + v.encode() + b"\0"
        body += b"\0"
        self.send(struct.pack("!I", len(body) + 4) + body)

    def msg(self, mtype: bytes, body: bytes = b""):
        self.send(mtype + struct.pack("!I", len(body) + 4) + body)

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("server closed the connection")
        self.buf += chunk

    def read_raw(self, n):
        while len(self.buf) < n:
            self._fill()
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def read_msg(self):
        """Return (type, body) of the next message."""
        hdr = self.read_raw(5)
        mtype, length = hdr[:1], struct.unpack("!I", hdr[1:])[0]
        return mtype, self.read_raw(length - 4)

    def read_until_ready(self):
        """Read messages up to and including ReadyForQuery; return them."""
        out = []
        while True:
            m = self.read_msg()
            out.append(m)
            if m[0] == b"Z":
                return out

    def login(self, **kw):
        self.startup(**kw)
        return self.read_until_ready()

    def closed(self, timeout=5.0):
        """True if the server closes the connection within timeout."""
        self.sock.settimeout(timeout)
        try:
            while True:
                self._fill()
        except EOFError:
            return True
        except ConnectionResetError:
            return True
        except socket.timeout:
            return False

    def close(self):
        self.sock.close()


def error_fields(body: bytes):
    """Decode an ErrorResponse/NoticeResponse body into a dict."""
    fields = {}
    for part in body.split(b"\0"):
        if part:
            fields[chr(part[0])] = part[1:].decode()
    return fields


def query(conn, sql):
    conn.msg(b"Q", sql.encode() + b"\0")
    return conn.read_until_ready()


def wait_port(host, port, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            Conn(host, port, timeout=1).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False
