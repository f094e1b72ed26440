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

    def psql(self, sql, check=True):
        r = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql],
                           capture_output=True, text=True, env=self.env())
        if check and r.returncode != 0:
            raise AssertionError(f"psql failed for {sql!r}: {r.stderr}")
        return r


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def step(what):
    print(f"-- {what}", flush=True)
