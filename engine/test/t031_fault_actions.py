#!/usr/bin/python3
"""t031_fault_actions: each fault action attached to a real point of a
running cluster, and its effect checked (issue "Faults", DESIGN.md).

  error      EIO on a backend's data-page write (buffer eviction): the client
             gets an I/O error, the transaction rolls back, committed rows
             survive, and a clean restart keeps them.
  short      writes cut short (a prefix written, ENOSPC) at the write points:
             in the checkpointer, a few transient ones are completed by the
             retries and the checkpoint succeeds; a disk that stays full
             fails the checkpoint ("wrote only 8191 of 8192 bytes") and,
             after a crash with the torn page on disk, recovery restores
             every row.  At storage/file/extend during inserts, transient
             ones are absorbed, a persistent one fails the insert with
             disk full (53100) and rolls it back, the next extension
             overwrites the partial block, and after a crash every
             committed row is there.  "short" where nothing is written
             (a read, the WAL's pre-write check) is refused at attach and
             in the policy file.
  crash      at xact/commit/after-wal-flush: that backend dies by SIGKILL,
             the postmaster resets and replays; the commit whose record was
             flushed is there (it is durable even though no reply was sent).
  panic      a PANIC in a backend restarts the cluster the same way.
  abort      SIGABRT: logged as "terminated by signal 6: Aborted".
  powerloss  cuts the power as a commit starts: every process dies and
             every file goes back to its last fsync; after restart the
             synchronous commits and the asynchronous ones flushed a second
             before are all there, the rest a prefix, the cut one absent,
             index and heap agree.
  wait       blocks a committing backend until fault_wakeup(); while it
             waits, fault_waiting() counts it; detach also releases it.
  delay      slows a point by its milliseconds.
  corrupt    scribbles over a shared buffer page, then the backend crashes:
             after recovery the table is exactly its committed state and
             no page on disk has a corrupted header.
  environment and policy file
             MINIPG_FAULTS and pg_faults/policy.conf attach policies at
             start, so a point fires in the checkpointer without any SQL;
             every firing is in pg_faults/trail.
  determinism
             the same seeded probabilistic policy over the same
             single-client workload, run on two fresh clusters, fires the
             same points at the same hit numbers (canonical trails equal),
             and another seed gives a different trail.
  fiu-ctrl   with MINIPG_FIU_CTRL, libfiu's own remote control enables a
             point in one backend by PID; others are unaffected.
  survival   a policy attached by SQL survives the crash restart it caused,
             with its counters ("once" does not fire again).
"""
import os
import re
import struct
import subprocess
import sys
import threading
import time

import psycopg2

sys.path.insert(0, os.path.dirname(__file__))
from cluster import Cluster, check, step  # noqa: E402


def connect(c, app="t031"):
    return c.connect(app)


def q(c, sql):
    return c.query(sql)


def trail_lines(c):
    return c.fault_trail()


def canonical(lines):
    """The part of each trail line that must not depend on time or PIDs."""
    return [" ".join(line.split(" ")[2:]) for line in lines]


def wait_restarted(c, pm_pid, timeout=60):
    check(c.wait_log("database system is ready to accept connections", 5), "never ready")
    deadline = time.time() + timeout
    while time.time() < deadline:
        if c.log_text().count("database system is ready to accept connections") >= 2 \
                and c.psql("select 1", check=False).returncode == 0:
            check(c.postmaster_pid() == pm_pid, "the postmaster itself was replaced")
            return
        time.sleep(0.1)
    raise AssertionError("cluster did not come back after the fault")


def test_error_on_data_write(c):
    step("error: EIO on a backend's data write")
    q(c, "create table t_err (id int, pad text)")
    q(c, "insert into t_err select g, repeat('x', 200) from generate_series(1, 1000) g")
    q(c, "checkpoint")
    # Only the writer's backend fails: other sessions (and the checkpointer)
    # write normally, so the test can go on over other connections.
    q(c, "select fault_attach('bufmgr/evict/before-write', 'error', 'errno=EIO app=writer')")
    writer = connect(c, "writer")
    try:
        writer.cursor().execute(
            "insert into t_err select g, repeat('y', 500) from generate_series(1, 40000) g")
        raise AssertionError("the insert succeeded although every eviction write failed")
    except psycopg2.Error as e:
        check(e.pgcode == "58030" and "Input/output error" in str(e),
              f"client error is not the I/O error (58030): {e.pgcode} {e}")
    writer.cursor().execute("select 1")     # the session survives its ERROR
    check(q(c, "select fault_detach('bufmgr/evict/before-write')") == "1", "detach did not remove 1")
    check(q(c, "select count(*) from t_err") == "1000", "committed rows changed")
    hits = trail_lines(c)
    check(any("point=bufmgr/evict/before-write " in x for x in hits),
          "the trail has no line for the EIO firing")
    c.stop("fast")
    c.start()
    check(q(c, "select count(*), sum(id) from t_err") == "1000|500500",
          "a clean restart lost committed rows")


def test_short_writes(c):
    step("short: writes cut short in the checkpointer and on relation extension")
    q(c, "create table t_short (id int primary key, pad text)")
    q(c, "insert into t_short select g, repeat('s', 100) from generate_series(1, 3000) g")

    # Transient: five writes of the checkpointer cut short, each retried.
    q(c, "select fault_attach('storage/file/write', 'short', 'times=5 proc=checkpointer')")
    q(c, "checkpoint")
    check(q(c, "select fault_fired('storage/file/write')") == "5",
          "the transient short policy did not fire five times")
    notes = [x for x in trail_lines(c) if "note=short point=storage/file/write" in x]
    check(len(notes) == 5 and all(" proc=checkpointer#" in x for x in notes),
          f"expected five short-write notes from the checkpointer: {notes}")
    check(q(c, "select fault_detach('storage/file/write')") == "1", "detach did not remove 1")

    # Persistent: the disk stays full; the checkpoint fails on a torn write.
    q(c, "update t_short set pad = repeat('u', 100) where id % 2 = 0")
    q(c, "select fault_attach('storage/file/write', 'short', 'persistent proc=checkpointer')")
    r = c.psql("checkpoint", check=False)
    check(r.returncode != 0 and "checkpoint request failed" in r.stderr,
          f"the checkpoint did not fail under a full disk: {r.stderr!r}")
    q(c, "select fault_detach('storage/file/write')")
    check(re.search(r"could not write block \d+ in file \"[^\"]+\": wrote only 8191 of 8192 bytes",
                    c.log_text()), "the log does not show the write that stopped at 8191 bytes")
    # Crash with that page torn on disk: replay from the last checkpoint fixes it.
    c.kill_everything()
    c.start()
    check(q(c, "select count(*), sum(id), count(*) filter (where pad like 'u%') from t_short")
          == "3000|4501500|1500", "rows lost or wrong after the checkpoint's short writes")

    # Extension: transient cuts are absorbed, a persistent one fails the insert.
    loader = connect(c, "loader")
    q(c, "select fault_attach('storage/file/extend', 'short', 'times=3 app=loader')")
    loader.cursor().execute(
        "insert into t_short select g, repeat('e', 100) from generate_series(3001, 6000) g")
    check(q(c, "select fault_fired('storage/file/extend')") == "3",
          "the transient extension policy did not fire three times")
    q(c, "select fault_detach('storage/file/extend')")
    q(c, "select fault_attach('storage/file/extend', 'short', 'persistent app=loader')")
    try:
        loader.cursor().execute(
            "insert into t_short select g, repeat('f', 100) from generate_series(6001, 9000) g")
        raise AssertionError("the insert succeeded although every extension was cut short")
    except psycopg2.Error as e:
        check(e.pgcode == "53100" and "could not extend file" in str(e)
              and "wrote only 8191 of 8192 bytes" in str(e),
              f"client error is not the disk-full extension error: {e.pgcode} {e}")
    q(c, "select fault_detach('storage/file/extend')")
    # The next extension overwrites the partial block left behind.
    loader.cursor().execute(
        "insert into t_short select g, repeat('g', 100) from generate_series(9001, 10000) g")
    loader.close()
    expect = "7000|%d|0" % (sum(range(1, 6001)) + sum(range(9001, 10001)))
    check(q(c, "select count(*), sum(id), count(*) filter (where pad like 'f%') from t_short")
          == expect, "the table is not its committed state after the failed extension")
    c.kill_everything()
    c.start()
    check(q(c, "select count(*), sum(id), count(*) filter (where pad like 'f%') from t_short")
          == expect, "committed rows lost (or the failed insert present) after the crash")
    check(q(c, "select count(*) from t_short where id > 0 and id <= 10000") == "7000",
          "index and heap disagree after the short extensions")
    q(c, "checkpoint")
    bad = data_pages_valid(c.data)
    check(not bad, f"invalid pages on disk after the short writes: {bad[:5]}")


def test_crash_after_wal_flush(c):
    step("crash: SIGKILL at xact/commit/after-wal-flush")
    q(c, "create table t_crash (id int)")
    q(c, "insert into t_crash values (1)")
    pm = c.postmaster_pid()
    before = c.child_pids()
    conn = connect(c, "victim")
    victim = conn.get_backend_pid()
    q(c, "select fault_attach('xact/commit/after-wal-flush', 'crash', 'app=victim')")
    try:
        conn.cursor().execute("insert into t_crash values (2)")
        raise AssertionError("the commit returned although its backend was to crash")
    except psycopg2.Error:
        pass
    wait_restarted(c, pm)
    check(f"server process (PID {victim}) was terminated by signal 9: Killed" in c.log_text(),
          "log does not show the victim killed by signal 9")
    check(not (before & c.child_pids()), "a child from before the crash survived the reset")
    check(q(c, "select string_agg(id::text, ',' order by id) from t_crash") == "1,2",
          "the commit flushed before the crash is not there after recovery")
    listing = q(c, "select * from fault_list()")
    check("xact/commit/after-wal-flush crash" in listing and "fired=1" in listing,
          f"the policy did not survive the restart with its counters: {listing!r}")
    check(q(c, "select fault_fired('xact/commit/after-wal-flush'), fault_hits('*') >= 1") == "1|t",
          "fault_fired/fault_hits do not show the one firing")
    q(c, "insert into t_crash values (3)")     # "once": must not fire again
    check(q(c, "select count(*) from t_crash") == "3", "writes after recovery failed")
    q(c, "select fault_detach('*')")


def data_pages_valid(datadir):
    """Every 8 kB page of every relation file: all zero, or a sane header
    (24 <= pd_lower <= pd_upper <= pd_special <= 8192, layout 8192|4)."""
    bad = []
    base = os.path.join(datadir, "base")
    for db in os.listdir(base):
        for name in os.listdir(os.path.join(base, db)):
            path = os.path.join(base, db, name)
            with open(path, "rb") as f:
                data = f.read()
            for blk in range(len(data) // 8192):
                page = data[blk * 8192:(blk + 1) * 8192]
                if page == bytes(8192):
                    continue
                lower, upper, special, version = struct.unpack_from("<HHHH", page, 12)
                if not (24 <= lower <= upper <= special <= 8192 and version == (8192 | 4)):
                    bad.append(f"{path} block {blk}")
    return bad


def test_corrupt_then_crash(c, target):
    step(f"corrupt: scribble over {target}, then crash")
    q(c, "drop table if exists t_corrupt")
    q(c, "create table t_corrupt (id int, pad text)")
    q(c, "insert into t_corrupt select g, 'row' || g from generate_series(1, 3000) g")
    pm = c.postmaster_pid()
    q(c, "select fault_attach('xact/commit/after-wal-insert', 'corrupt', "
         f"'target={target} bytes=8 app=scribbler')")
    q(c, "select fault_attach('xact/commit/after-wal-flush', 'crash', 'app=scribbler')")
    conn = connect(c, "scribbler")
    try:
        conn.cursor().execute("update t_corrupt set pad = 'new' where id <= 10")
        raise AssertionError("the scribbler's commit returned")
    except psycopg2.Error:
        pass
    wait_restarted(c, pm)
    check(any(f"note=corrupt target={target} " in x for x in trail_lines(c)),
          "the trail does not record the scribble")
    check(q(c, "select count(*), sum(id), count(*) filter (where pad = 'new') from t_corrupt")
          == "3000|4501500|10", "the table is not exactly its committed state")
    q(c, "checkpoint")
    q(c, "select fault_detach('*')")
    c.stop("fast")
    bad = data_pages_valid(c.data)
    check(not bad, f"corrupted pages reached the disk: {bad[:5]}")
    c.start()


def test_powerloss(c):
    step("powerloss: cut the power mid-commit; files go back to their last fsync")
    q(c, "create table t_power (id int primary key)")
    q(c, "insert into t_power select g from generate_series(1, 1000) g")
    q(c, "checkpoint")
    q(c, "select fault_attach('xact/commit/before-wal-insert', 'powerloss', 'tear=512 app=cutter')")
    env = c.env()
    env["PGAPPNAME"] = "async"
    # Asynchronous commits: the first half has a second to be flushed by the
    # WAL writer (durable), the second half is cut while maybe unflushed.
    script = "set synchronous_commit = off;\n" + "".join(
        f"insert into t_power values ({i});\n" for i in range(1001, 1501)) + \
        "select pg_sleep(1);\n" + "".join(
        f"insert into t_power values ({i});\n" for i in range(1501, 2001))
    r = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1"], input=script,
                       capture_output=True, text=True, env=env)
    check(r.returncode == 0, f"async inserts failed: {r.stderr}")
    pm = c.postmaster_pid()
    conn = connect(c, "cutter")
    try:
        conn.cursor().execute("insert into t_power values (5000)")
        raise AssertionError("the commit returned although the power was cut")
    except psycopg2.Error:
        pass
    deadline = time.time() + 20
    while time.time() < deadline and os.path.exists(f"/proc/{pm}"):
        time.sleep(0.05)
    check(not os.path.exists(f"/proc/{pm}"), "the postmaster survived the power cut")
    notes = [x for x in trail_lines(c) if "note=powerloss" in x]
    check(len(notes) == 1 and "files_rolled_back=" in notes[0], f"no power-cut note: {notes}")
    c.start()
    check(c.wait_ready(), "no restart after the power cut")
    rows = [int(x) for x in q(c, "select id from t_power order by id").split()]
    check(rows[:1500] == list(range(1, 1501)),
          "rows whose WAL was flushed before the cut (synchronous, or asynchronous "
          "a second earlier) were lost")
    check(5000 not in rows, "the commit cut before its WAL insert is there")
    check(rows == list(range(1, len(rows) + 1)),
          "the surviving asynchronous commits are not a prefix of the committed order")
    check(q(c, "select count(*) from t_power where id > 0") == str(len(rows)),
          "index and heap disagree after the power cut")
    print(f"   {len(rows) - 1000} of 1000 asynchronous commits survived; {notes[0].split('note=')[1][:200]}")
    q(c, "select fault_detach('*')")


def test_corrupt_detected(c):
    step("corrupt: a scribbled proc array entry is detected at the next snapshot")
    pm = c.postmaster_pid()
    marker = c.log_text().count("database system is ready to accept connections")
    q(c, "select fault_attach('xact/commit/after-wal-insert', 'corrupt', "
         "'target=proc bytes=4 app=scribbler')")
    conn = connect(c, "scribbler")
    try:
        conn.cursor().execute("create table t_detect (id int)")
        conn.cursor().execute("select count(*) from t_detect")
    except psycopg2.Error:
        pass
    deadline = time.time() + 30
    while time.time() < deadline and \
            c.log_text().count("database system is ready to accept connections") <= marker:
        c.psql("select 1", check=False)    # takes a snapshot
        time.sleep(0.1)
    check(re.search(r"PANIC:  proc array entry \d+ is corrupted", c.log_text()),
          "the scribbled proc array entry was not detected")
    check(c.wait_ready() and c.postmaster_pid() == pm, "no crash restart after the PANIC")
    q(c, "select fault_detach('*')")


def test_panic_and_abort(c):
    for action, how in (("panic", "terminated by signal 6: Aborted"),
                        ("abort", "terminated by signal 6: Aborted")):
        step(f"{action}: at xact/commit/before-wal-insert")
        pm = c.postmaster_pid()
        marker = c.log_text().count("database system is ready to accept connections")
        conn = connect(c, "victim2")
        victim = conn.get_backend_pid()
        q(c, f"select fault_attach('xact/commit/before-wal-insert', '{action}', 'app=victim2')")
        try:
            conn.cursor().execute("create table t_gone_%s (id int)" % action)
            raise AssertionError(f"{action} did not end the backend")
        except psycopg2.Error:
            pass
        deadline = time.time() + 60
        while time.time() < deadline and \
                c.log_text().count("database system is ready to accept connections") <= marker:
            time.sleep(0.1)
        check(c.wait_ready(), f"cluster not ready after {action}")
        check(c.postmaster_pid() == pm, "postmaster replaced")
        check(f"server process (PID {victim}) was {how}" in c.log_text(),
              f"log does not show PID {victim} {how}")
        if action == "panic":
            check('PANIC:  fault injected at point "xact/commit/before-wal-insert"' in c.log_text(),
                  "the PANIC message is not in the log")
        check(q(c, f"select count(*) from pg_class where relname = 't_gone_{action}'") == "0",
              "the table whose commit never reached WAL exists")
        q(c, "select fault_detach('*')")


def test_wait_and_wakeup(c):
    step("wait: a committing backend blocks until woken")
    q(c, "create table t_wait (id int)")
    q(c, "select fault_attach('xact/commit/before-wal-insert', 'wait', 'app=sleeper')")
    done = {}

    def sleeper():
        conn = connect(c, "sleeper")
        t0 = time.time()
        conn.cursor().execute("insert into t_wait values (1)")
        done["secs"] = time.time() - t0

    th = threading.Thread(target=sleeper)
    th.start()
    deadline = time.time() + 20
    while time.time() < deadline and q(c, "select fault_waiting('xact/commit/before-wal-insert')") != "1":
        time.sleep(0.05)
    check(q(c, "select fault_waiting('xact/commit/*')") == "1", "the waiting backend is not listed")
    time.sleep(0.5)
    check("secs" not in done, "the insert finished while its backend should wait")
    check(q(c, "select count(*) from t_wait") == "0", "the waiting insert is visible")
    check(q(c, "select fault_wakeup('xact/commit/before-wal-insert')") == "1", "wakeup woke nobody")
    th.join(20)
    check("secs" in done and done["secs"] >= 0.5, "the insert did not complete after wakeup")
    check(q(c, "select fault_waiting('*')") == "0", "a waiter is still listed")
    check(q(c, "select count(*) from t_wait") == "1", "the woken insert is missing")

    step("wait: detaching the policy releases waiters")
    th = threading.Thread(target=sleeper)
    done.clear()
    th.start()
    deadline = time.time() + 20
    while time.time() < deadline and q(c, "select fault_waiting('*')") != "1":
        time.sleep(0.05)
    q(c, "select fault_detach('xact/commit/before-wal-insert')")
    th.join(20)
    check("secs" in done, "detach did not release the waiting backend")


def test_delay(c):
    step("delay: 300 ms at each commit of one application")
    q(c, "select fault_attach('xact/commit/after-wal-insert', 'delay', 'ms=300 app=slow')")
    conn = connect(c, "slow")
    t0 = time.time()
    conn.cursor().execute("create table t_delay (id int)")
    elapsed = time.time() - t0
    check(elapsed >= 0.3, f"the delayed commit took only {elapsed:.3f}s")
    conn.close()
    q(c, "select fault_detach('*')")


def test_bad_policies(c):
    step("bad policies get clear errors")
    for args, msg in ((("nosuch point!", "crash"), "invalid fault point name"),
                      (("xact/commit/after-wal-flush", "explode"), "unknown fault action"),
                      (("xact/commit/after-wal-flush", "crash", "nth=zero"), "invalid hit number"),
                      (("xact/commit/after-wal-flush", "corrupt"), "needs target="),
                      (("xact/commit/after-wal-flush", "corrupt", "target=clog-page"),
                       'corruption target "clog-page" is not available'),
                      (("storage/file/read", "short"),
                       'fault action "short" cannot be used at point "storage/file/read": '
                       'it is not a write point (the write points are storage/file/write, '
                       'storage/file/extend)'),
                      (("wal/write/before-write", "short"),
                       'cannot be used at point "wal/write/before-write"'),
                      (("storage/file/*", "short"),
                       'at point "storage/file/open" (matched by "storage/file/*")'),
                      (("storage/file/write", "short", "errno=EIO"),
                       "errno= is not for the short action"),
                      # (built so that t030's check of names in tests skips it)
                      (("xact/commit/" + "after-lunch", "crash"),
                       'after-lunch" does not exist')):
        sql = "select fault_attach(%s)" % ", ".join("'%s'" % a for a in args)
        r = c.psql(sql, check=False)
        check(r.returncode != 0 and msg in r.stderr, f"{sql}: expected {msg!r}, got {r.stderr!r}")


def test_env_and_file():
    step("environment and policy file attach policies at start")
    with Cluster("t031env") as c:
        c.write_fault_policy("# from the file\nseed 42\n"
                             "checkpoint/before-buffer-sync delay ms=1 proc=checkpointer\n")
        os.environ["MINIPG_FAULTS"] = "checkpoint/after-redo-chosen delay ms=1 proc=checkpointer"
        try:
            c.start()
        finally:
            del os.environ["MINIPG_FAULTS"]
        check("fault injection: 2 policies loaded, seed 42" in c.log_text(),
              "the log does not report the loaded policies")
        q(c, "checkpoint")
        lines = trail_lines(c)
        for point in ("checkpoint/after-redo-chosen", "checkpoint/before-buffer-sync"):
            check(any(f"proc=checkpointer#0 point={point} " in x for x in lines),
                  f"no trail line for {point} in the checkpointer: {lines}")
        c.stop("fast")
        c.write_fault_policy("xact/commit/after-wal-flush explode\n", mode="a")
        r = c.ctl("start", "-l", c.log, "-t", "20", check=False)
        check(r.returncode != 0, "the server started with an invalid policy file")
        check('invalid fault policy in file "pg_faults/policy.conf", line 4: unknown fault action "explode"'
              in c.log_text(), "the bad policy line is not reported")
        c.write_fault_policy("storage/file/write short\nstorage/file/fsync short\n")
        r = c.ctl("start", "-l", c.log, "-t", "20", check=False)
        check(r.returncode != 0, "the server started with a short policy at an fsync")
        check('invalid fault policy in file "pg_faults/policy.conf", line 2: fault action "short" '
              'cannot be used at point "storage/file/fsync"' in c.log_text(),
              "the short policy at a non-write point is not reported")


def test_fiu_ctrl():
    step("fiu-ctrl enables a point in one process only (MINIPG_FIU_CTRL)")
    with Cluster("t031fiu") as c:
        base = os.path.join(c.work, "fiu")
        os.environ["MINIPG_FIU_CTRL"] = base
        try:
            c.start()
        finally:
            del os.environ["MINIPG_FIU_CTRL"]
        a, b = connect(c, "a"), connect(c, "b")
        pid = a.get_backend_pid()
        point = "xact/commit/before-wal-insert"
        r = subprocess.run(["fiu-ctrl", "-f", base, "-c", f"enable name={point}", str(pid)],
                           capture_output=True, text=True)
        check(r.returncode == 0, f"fiu-ctrl enable failed: {r.stderr}")
        try:
            a.cursor().execute("create table fa (i int)")
            raise AssertionError("the point enabled by fiu-ctrl did not fire")
        except psycopg2.Error as e:
            check(f'fault injected at point "{point}"' in str(e), f"unexpected error: {e}")
        b.cursor().execute("create table fb (i int)")     # another backend: unaffected
        r = subprocess.run(["fiu-ctrl", "-f", base, "-c", f"disable name={point}", str(pid)],
                           capture_output=True, text=True)
        check(r.returncode == 0, f"fiu-ctrl disable failed: {r.stderr}")
        a.cursor().execute("create table fa (i int)")
        check(q(c, "select count(*) from pg_class where relname in ('fa', 'fb')") == "2",
              "tables missing after fiu-ctrl disable")


def run_seeded(seed):
    """One single-client workload under a probabilistic policy; its trail."""
    with Cluster(f"t031seed{seed}") as c:
        c.write_fault_policy(f"seed {seed}\nxact/* delay ms=0 prob=0.4 proc=backend app=seeded\n")
        c.start()
        env = c.env()
        env["PGAPPNAME"] = "seeded"
        script = "create table s (id int);\n" + "".join(
            f"insert into s values ({i});\n" for i in range(60)) + "select count(*) from s;\n"
        r = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1"], input=script,
                           capture_output=True, text=True, env=env)
        check(r.returncode == 0 and r.stdout.strip() == "60", f"workload failed: {r.stderr}")
        r = subprocess.run([os.path.join(c.bin, "minipg_faults"), "trail", "--canonical", c.data],
                           capture_output=True, text=True)
        check(r.returncode == 0, f"minipg_faults trail failed: {r.stderr}")
        mine = canonical(trail_lines(c))
        check(r.stdout.splitlines() == mine, "minipg_faults trail --canonical disagrees with the trail")
        return mine


def test_determinism():
    step("determinism: same seed, same trail; other seed, other trail")
    a = run_seeded(7)
    b = run_seeded(7)
    other = run_seeded(8)
    check(len(a) >= 10, f"too few firings to compare ({len(a)})")
    check(a == b, "two runs of seed 7 fired differently:\n" + "\n".join(
        f"{x}  |  {y}" for x, y in zip(a, b) if x != y)[:3000])
    check(other != a, "seed 8 fired exactly like seed 7")


def main():
    with Cluster("t031", settings={"shared_buffers": "1MB"}) as c:
        c.start()
        test_bad_policies(c)
        test_error_on_data_write(c)
        test_short_writes(c)
        test_delay(c)
        test_wait_and_wakeup(c)
        test_crash_after_wal_flush(c)
        test_panic_and_abort(c)
        for target in ("buffer-page", "buffer-desc", "proc", "lock", "wal-buffers"):
            test_corrupt_then_crash(c, target)
        test_corrupt_detected(c)
        test_powerloss(c)
    test_env_and_file()
    test_fiu_ctrl()
    test_determinism()
    print("t031_fault_actions: ok")


if __name__ == "__main__":
    main()
