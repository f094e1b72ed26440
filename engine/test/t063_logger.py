#!/usr/bin/python3
"""t063_logger: the logging collector (logging_collector = on).

Started like pg_ctl's users do, `minipg_ctl start -l server.log`, with
log_rotation_size = 64kB and a log_line_prefix with %b.  Checked:
  - server.log (the -l file) gets only the redirect notice and its HINT,
    as with PostgreSQL; the rest goes to log/, the file current_logfiles
    names ("stderr log/postgresql-<UTC time>.log"), mode 0600
    (SHOW log_file_mode says 0600), and log_line_prefix keeps working;
  - "minipg: logger" runs;
  - messages longer than PIPE_BUF from four clients at once each come out
    whole (no line of one inside another's);
  - rotation by size: more than 64 kB of messages over a few seconds give
    several files, current_logfiles names the newest;
  - SIGKILL of the logger: no crash reset (every other child keeps its
    PID, no "terminating any other active server processes"), the
    postmaster logs "system logger process (PID n) was terminated by
    signal 9: Killed" as PostgreSQL 15 does, a new logger runs, and an
    error a client caused right after the kill is in the log;
  - log_file_mode = 0640 set by a reload applies to the file the logger
    opens on its next rotation (SIGUSR1);
  - after a fast shutdown the last file ends with "database system is
    shut down": the logger drained the pipe after the postmaster exited;
  - fault points, from pg_faults/policy.conf (the logger is forked before
    shared memory, so only policies loaded at start reach the first one):
    logger/rotate error keeps the current file and logs "could not open
    log file" and "disabling automatic rotation" on the -l file, as
    PostgreSQL does; logger/write crash kills the logger: no reset (same
    shared-memory generation in postmaster.pid), a new logger, messages
    keep arriving.
"""
import glob
import os
import re
import signal
import stat
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from cluster import Cluster, check, step, wait_gone  # noqa: E402

LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC \[(\d+)\] ([a-z ]+?) ([A-Z]+):  ")


def logger_pids(c):
    out = []
    for pid in c.child_pids():
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if f.read().decode(errors="replace").startswith("minipg: logger"):
                    out.append(pid)
        except FileNotFoundError:
            pass
    return out


def log_files(c):
    return sorted(glob.glob(os.path.join(c.data, "log", "*.log")))


def all_logs(c):
    text = ""
    for f in log_files(c):
        with open(f, errors="replace") as fh:
            text += fh.read()
    return text


def current_logfile(c):
    with open(os.path.join(c.data, "current_logfiles")) as f:
        line = f.read()
    check(re.fullmatch(r"stderr log/postgresql-\d{4}-\d\d-\d\d_\d{6}\.log\n", line),
          f"current_logfiles: {line!r}")
    return os.path.join(c.data, line.split()[1])


def wait_for(pred, what, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if pred():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def big_errors(c, tag, n):
    for i in range(n):
        c.psql(f"select repeat('{tag}', 9000)::int", check=False)


def main():
    with Cluster("t063", {"logging_collector": "on", "log_rotation_size": "64kB",
                          "log_line_prefix": "%m [%p] %b "}) as c:
        c.start()

        step("-l file: only the redirect notice; the rest in log/")
        check(c.query("show logging_collector") == "on", "logging_collector")
        check(c.query("show log_file_mode") == "0600", "log_file_mode shows 0600")
        early = c.log_text()
        check("LOG:  redirecting log output to logging collector process" in early, early)
        check('HINT:  Future log output will appear in directory "log".' in early, early)
        check("ready to accept connections" not in early, "-l file got the later lines")
        wait_for(lambda: "ready to accept connections" in all_logs(c), "ready line in log/")
        cur = current_logfile(c)
        check(os.path.exists(cur), f"{cur} missing")
        check(stat.S_IMODE(os.stat(cur).st_mode) == 0o600, "log file mode")
        check(re.search(r"^\S+ \S+ UTC \[\d+\] postmaster LOG:  database system is ready to "
                        r"accept connections$", all_logs(c), re.M), "log_line_prefix (%m [%p] %b)")
        check(len(logger_pids(c)) == 1, "minipg: logger not running")

        step("messages longer than PIPE_BUF from four clients stay whole")
        threads = [threading.Thread(target=big_errors, args=(c, t, 8)) for t in "1234"]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wait_for(lambda: all_logs(c).count("is out of range for type integer") >= 32,
                 "32 big error lines")
        bad = []
        for line in all_logs(c).splitlines():
            if "out of range for type integer" in line or line.startswith("select repeat"):
                m = re.search(r'value "(\d+)"', line)
                if m and (len(m.group(1)) != 9000 or len(set(m.group(1))) != 1):
                    bad.append(line[:80])
            elif line and not LINE.match(line) and not line.startswith("\t"):
                bad.append(line[:80])
        check(not bad, f"mangled lines: {bad[:3]}")

        step("rotation by size")
        for _ in range(3):
            big_errors(c, "7", 8)
            time.sleep(1.1)
        files = log_files(c)
        check(len(files) >= 3, f"expected several files, have {files}")
        newest = max(files)     # names carry the UTC time they were opened
        check(current_logfile(c) == newest, f"current_logfiles {current_logfile(c)} != {newest}")

        step("SIGKILL of the logger: no reset, a new logger, nothing lost")
        victim = logger_pids(c)[0]
        others = c.child_pids() - {victim}
        os.kill(victim, signal.SIGKILL)
        c.psql("select 'after the kill'::int", check=False)
        wait_for(lambda: logger_pids(c) and logger_pids(c)[0] != victim, "a new logger")
        wait_for(lambda: 'invalid input syntax for type integer: "after the kill"' in all_logs(c),
                 "the error written while the logger was down")
        logs = all_logs(c)
        check(f"system logger process (PID {victim}) was terminated by signal 9: Killed" in logs,
              "logger exit not logged")
        check("terminating any other active server processes" not in logs, "a crash reset")
        check(others <= c.child_pids(), "another child was replaced")

        step("log_file_mode applies at the next rotation")
        with open(os.path.join(c.data, "postgresql.conf"), "a") as f:
            f.write("log_file_mode = 0640\n")
        c.ctl("reload")
        wait_for(lambda: c.query("show log_file_mode") == "0640", "reload")
        time.sleep(1.1)         # the next file gets another name
        os.kill(logger_pids(c)[0], signal.SIGUSR1)
        wait_for(lambda: stat.S_IMODE(os.stat(current_logfile(c)).st_mode) == 0o640,
                 "a 0640 log file")

        step("fast shutdown: the last lines reach the file")
        c.stop("fast")
        wait_for(lambda: all_logs(c).rstrip().endswith("LOG:  database system is shut down"),
                 "shutdown line at the end of the log")

    with Cluster("t061f", {"logging_collector": "on", "log_rotation_size": "16kB"}) as c:
        step("fault points (policy.conf reaches the logger): logger/rotate, logger/write")
        c.write_fault_policy("logger/rotate error proc=logger\n"
                             "logger/write crash nth=8 proc=logger\n")
        c.start()
        gen = open(os.path.join(c.data, "postmaster.pid")).read().splitlines()[6]
        for _ in range(3):
            big_errors(c, "5", 4)
        wait_for(lambda: "disabling automatic rotation (use SIGHUP to re-enable)" in c.log_text(),
                 "the rotation failure in the -l file")
        check(re.search(r'LOG:  could not open log file "log/postgresql-[^"]+": Input/output error',
                        c.log_text()), "could not open log file")
        wait_for(lambda: "system logger process (PID " in all_logs(c) and
                 "was terminated by signal 9: Killed" in all_logs(c), "the logger's crash logged")
        # Each new logger opens a file of its own; none may have rotated.
        crashes = len(re.findall(r"system logger process \(PID \d+\) was terminated", all_logs(c)))
        check(len(log_files(c)) <= 1 + crashes, f"rotated although the open failed: {log_files(c)}")
        check(any(os.path.getsize(f) > 16 * 1024 for f in log_files(c)),
              "no file grew past log_rotation_size")
        check(open(os.path.join(c.data, "postmaster.pid")).read().splitlines()[6] == gen,
              "the logger's crash reset shared memory")
        c.psql("select 'still logging'::int", check=False)
        wait_for(lambda: 'integer: "still logging"' in all_logs(c), "messages after the crash")
        check(len(logger_pids(c)) == 1, "no logger running")
    print("ok")


if __name__ == "__main__":
    main()
