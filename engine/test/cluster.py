"""cluster.py: a throwaway minipg cluster for Python integration tests.

    with Cluster("t002") as c:
        c.start()
        ... c.port, c.sockdir, c.log_text(), c.psql("select 1") ...

The cluster lives in a temporary directory on a free port.  When the
block exits with an exception the server log is printed and the directory
is kept; otherwise it is removed.  Same conventions as lib.sh.
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Cluster:
    def __init__(self, name, settings=None):
        self.bin = os.environ["MINIPG_BIN"]
        self.work = tempfile.mkdtemp(prefix=f"minipg-{name}.")
        self.data = os.path.join(self.work, "data")
        self.log = os.path.join(self.work, "server.log")
        self.sockdir = self.work
        self.port = free_port()
        self.settings = settings or {}

    def __enter__(self):
        self.init()
        return self

    def __exit__(self, exc_type, exc, tb):
        self.stop("immediate", check=False)
        if exc_type is None:
            shutil.rmtree(self.work, ignore_errors=True)
        else:
            print("---- server log ----", file=sys.stderr)
            print(self.log_text()[-6000:], file=sys.stderr)
            print(f"---- test directory kept: {self.work}", file=sys.stderr)
        return False

    def ctl(self, *args, check=True):
        r = subprocess.run([os.path.join(self.bin, "minipg_ctl"), *args, "-D", self.data],
                           capture_output=True, text=True)
        if check and r.returncode != 0:
            raise AssertionError(f"minipg_ctl {' '.join(args)} failed: {r.stdout}{r.stderr}")
        return r

    def init(self):
        self.ctl("init", "-U", "postgres")
        with open(os.path.join(self.data, "postgresql.conf"), "a") as f:
            f.write(f"port = {self.port}\n")
            f.write(f"unix_socket_directories = '{self.sockdir}'\n")
            f.write("listen_addresses = '127.0.0.1'\n")
            f.write("shared_buffers = 16MB\n")
            for k, v in self.settings.items():
                f.write(f"{k} = '{v}'\n")

    def start(self, options=""):
        self.ctl("start", "-l", self.log, "-t", "60", "-o", options)

    def stop(self, mode="fast", check=True):
        if os.path.exists(os.path.join(self.data, "postmaster.pid")):
            self.ctl("stop", "-m", mode, "-t", "60", check=check)

    def postmaster_pid(self):
        with open(os.path.join(self.data, "postmaster.pid")) as f:
            return int(f.readline())

    def child_pids(self):
        """PIDs of the postmaster's children (every server process but it)."""
        pm = self.postmaster_pid()
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pm)],
                             capture_output=True, text=True).stdout
        return {int(x) for x in out.split()}

    def controldata(self):
        """minipg_controldata's fields as a dict."""
        r = subprocess.run([os.path.join(self.bin, "minipg_controldata"), self.data],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise AssertionError(f"minipg_controldata failed: {r.stderr}")
        return {k.strip(): v.strip() for k, v in
                (line.split(":", 1) for line in r.stdout.splitlines() if ":" in line)}

    def wait_ready(self, timeout=60):
        """Wait until a new connection can run SELECT 1."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.psql("select 1", check=False).returncode == 0:
                return True
            time.sleep(0.05)
        return False

    def kill_everything(self):
        """SIGKILL the postmaster and all its children at once (a power cut
        for the processes; the kernel still has their writes).  The
        postmaster goes first: were a child to die first, the postmaster
        could reset and fork a new startup process before its own SIGKILL
        lands, an orphan outside the list."""
        import signal
        pm = self.postmaster_pid()
        # postmaster.pid outlives a dead postmaster and its pid may now be
        # another test's process: only ours works in our data directory.
        try:
            ours = os.readlink(f"/proc/{pm}/cwd") == os.path.realpath(self.data)
        except OSError:
            ours = False
        if not ours:
            return
        children = self.child_pids()
        for pid in [pm, *children]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        wait_gone(children | {pm})

    def log_text(self):
        try:
            with open(self.log, errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def wait_log(self, text, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if text in self.log_text():
                return True
            time.sleep(0.1)
        return False

    def env(self):
        e = dict(os.environ)
        e.update(PGHOST=self.sockdir, PGPORT=str(self.port), PGUSER="postgres",
                 PGDATABASE="postgres")
        return e

    def connect(self, app=None, autocommit=True):
        """A psycopg2 connection as postgres (application_name app)."""
        import psycopg2
        kw = {"application_name": app} if app else {}
        conn = psycopg2.connect(host=self.sockdir, port=self.port, user="postgres",
                                dbname="postgres", **kw)
        conn.autocommit = autocommit
        return conn

    def query(self, sql):
        """psql -At output of sql, stripped (raises if psql fails)."""
        return self.psql(sql).stdout.strip()

    def fault_policy_path(self):
        return os.path.join(self.data, "pg_faults", "policy.conf")

    def write_fault_policy(self, text, mode="w"):
        """Write (or with mode="a" append to) pg_faults/policy.conf."""
        os.makedirs(os.path.dirname(self.fault_policy_path()), exist_ok=True)
        with open(self.fault_policy_path(), mode) as f:
            f.write(text)

    def fault_trail(self):
        """Lines of pg_faults/trail ([] before the first firing)."""
        path = os.path.join(self.data, "pg_faults", "trail")
        if not os.path.exists(path):
            return []
        with open(path) as f:
            return [line.rstrip("\n") for line in f]

    def psql(self, sql, check=True):
        r = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql],
                           capture_output=True, text=True, env=self.env())
        if check and r.returncode != 0:
            raise AssertionError(f"psql failed for {sql!r}: {r.stderr}")
        return r


def pid_alive(pid):
    """True while pid exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        # ProcessLookupError: it was reaped between open() and read()
        return False


def wait_gone(pids, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if not any(pid_alive(p) for p in pids):
            return True
        time.sleep(0.02)
    return False


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def step(what):
    print(f"-- {what}", flush=True)
