#!/usr/bin/python3
"""t062_archiver: WAL archiving with a real archive_command.

The cluster runs with archive_mode = on and
    archive_command = 'test ! -f WORK/fail && cp %p WORK/arch/%f'
so a flag file makes the command fail for as long as it exists.  Checked:
  - the archiver runs ("minipg: archiver" in ps) and segments completed by
    pg_switch_wal() are copied byte for byte (compared with pg_wal/) and
    marked .done;
  - while the command fails: PostgreSQL 15's LOG "archive command failed
    with exit code 1" with the DETAIL naming the command, three tries, then
    the WARNING "... failed too many times, will try again later"; the
    segments stay .ready and a CHECKPOINT keeps them in pg_wal/; once the
    flag is gone every one of them is archived (nothing lost), and the
    next CHECKPOINT removes or recycles them with their status files;
  - archive_timeout (set by a reload) switches a segment with activity by
    itself;
  - every segment before the current one is in the archive, without gaps;
  - SIGKILL of the archiver is a crash reset, as PostgreSQL 15 does it
    (every other child replaced, committed rows kept), and a new archiver
    runs afterwards;
  - a segment still .ready at a fast shutdown is archived by the
    archiver's last cycle before the postmaster exits.
"""
import filecmp
import os
import re
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from cluster import Cluster, check, pid_alive, step, wait_gone  # noqa: E402


def archiver_pid(c):
    pm = c.postmaster_pid()
    for pid in c.child_pids():
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                title = f.read().decode(errors="replace")
        except FileNotFoundError:
            continue
        if title.startswith("minipg: archiver"):
            return pid
    return None


def wait_for(pred, what, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if pred():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def status_files(c):
    d = os.path.join(c.data, "pg_wal", "archive_status")
    return sorted(os.listdir(d)) if os.path.isdir(d) else []


def all_archived(c, arch, segs):
    """Every segment copied and marked .done (cp may still be writing the
    copy when it first appears)."""
    st = status_files(c)
    return all(os.path.exists(os.path.join(arch, s)) and f"{s}.done" in st for s in segs)


def switch(c, n=1):
    """Insert a row and complete the segment, n times; the segments completed."""
    done = []
    for _ in range(n):
        c.query("insert into t values (1)")
        seg = c.query("select pg_walfile_name(pg_current_wal_lsn())")
        c.query("select pg_switch_wal()")
        done.append(seg)
    return done


def main():
    with Cluster("t062") as c:
        arch = os.path.join(c.work, "arch")
        flag = os.path.join(c.work, "fail")
        os.makedirs(arch)
        c.settings = {}
        with open(os.path.join(c.data, "postgresql.conf"), "a") as f:
            f.write("archive_mode = on\n")
            f.write(f"archive_command = 'test ! -f {flag} && cp %p {arch}/%f'\n")
        c.start()

        step("the archiver runs and archives completed segments byte for byte")
        check(c.query("show archive_mode") == "on", "archive_mode")
        wait_for(lambda: archiver_pid(c) is not None, "minipg: archiver")
        c.query("create table t (a int)")
        segs = switch(c, 3)
        wait_for(lambda: all_archived(c, arch, segs), f"archived {segs}")
        for s in segs:
            check(filecmp.cmp(os.path.join(arch, s), os.path.join(c.data, "pg_wal", s),
                              shallow=False), f"{s}: archive copy differs from pg_wal")
            check(f"{s}.done" in status_files(c), f"{s}.done missing: {status_files(c)}")
        title = open(f"/proc/{archiver_pid(c)}/cmdline", "rb").read().decode()
        check(f"last was {segs[-1]}" in title, f"ps title: {title!r}")

        step("a failing command: PG15's messages, segments kept through a checkpoint")
        open(flag, "w").close()
        failing = switch(c, 3)
        check(c.wait_log("failed too many times, will try again later"), "no WARNING")
        log = c.log_text()
        check(re.search(r"LOG:  archive command failed with exit code 1\n.*DETAIL:  The failed "
                        rf"archive command was: test ! -f {re.escape(flag)} && cp "
                        rf"pg_wal/{failing[0]} {re.escape(arch)}/{failing[0]}", log),
              "LOG + DETAIL of the failed command")
        check(re.search(rf'WARNING:  archiving write-ahead log file "{failing[0]}" failed too '
                        r"many times, will try again later", log), "WARNING line")
        c.query("checkpoint")
        for s in failing:
            check(os.path.exists(os.path.join(c.data, "pg_wal", s)),
                  f"{s} removed by a checkpoint before it was archived")
            check(f"{s}.ready" in status_files(c), f"{s}.ready missing")
            check(not os.path.exists(os.path.join(arch, s)), f"{s} archived while failing?")
        os.unlink(flag)
        more = switch(c, 1)     # wakes the archiver
        wait_for(lambda: all_archived(c, arch, failing + more), "archiving after the failure")
        for s in failing:
            check(filecmp.cmp(os.path.join(arch, s), os.path.join(c.data, "pg_wal", s),
                              shallow=False), f"{s}: archive copy differs")
        c.query("checkpoint")
        for s in failing:
            check(not any(f.startswith(s) for f in status_files(c)),
                  f"status file of removed {s} left behind")

        step("archive_timeout switches a segment with activity by itself")
        with open(os.path.join(c.data, "postgresql.conf"), "a") as f:
            f.write("archive_timeout = 1\n")
        c.ctl("reload")
        time.sleep(0.5)
        c.query("insert into t values (2)")
        seg = c.query("select pg_walfile_name(pg_current_wal_lsn())")
        wait_for(lambda: all_archived(c, arch, [seg]), f"{seg} by archive_timeout")
        with open(os.path.join(c.data, "postgresql.conf"), "a") as f:
            f.write("archive_timeout = 0\n")
        c.ctl("reload")

        step("every segment before the current one is archived, no gaps")
        current = c.query("select pg_walfile_name(pg_current_wal_lsn())")
        archived = sorted(os.listdir(arch))
        first = int(archived[0], 16)
        want = [f"{n:024X}" for n in range(first, int(current, 16))]
        check(archived[0] == "000000010000000000000001", f"first archived {archived[0]}")
        check(all(w in archived for w in want), f"gap: want {want}, have {archived}")

        step("SIGKILL of the archiver: crash reset (PostgreSQL 15's rule)")
        rows = c.query("select count(*) from t")
        victim = archiver_pid(c)
        others = c.child_pids() - {victim}
        os.kill(victim, signal.SIGKILL)
        check(c.wait_log(f"archiver process (PID {victim}) was terminated by signal 9: Killed"),
              "archiver exit not logged")
        check(c.wait_log("terminating any other active server processes"), "no reset")
        check(wait_gone(others), "children from before the crash survived")
        check(c.wait_ready(), "server did not come back")
        check(c.query("select count(*) from t") == rows, "rows lost")
        wait_for(lambda: archiver_pid(c) not in (None, victim), "a new archiver")

        step("fast shutdown archives what is ready")
        open(flag, "w").close()
        n_warn = c.log_text().count("failed too many times")
        last = switch(c, 1)[0]
        wait_for(lambda: c.log_text().count("failed too many times") > n_warn,
                 "the failure WARNING")
        os.unlink(flag)
        check(not os.path.exists(os.path.join(arch, last)), "archived too early")
        c.stop("fast")
        check(os.path.exists(os.path.join(arch, last)), f"{last} not archived at shutdown")
        check(f"{last}.done" in status_files(c), f"{last}.done missing after shutdown")
    print("ok")


if __name__ == "__main__":
    main()
