#!/usr/bin/python3
"""t032_fault_found_bugs: bugs that fault injection found, each driven by
a fault policy on a real cluster and checked against what PostgreSQL 15
does (the protocol sequences were first recorded from PostgreSQL 15, with a
deferred unique constraint making its COMMIT fail).

  failed checkpoint
             "error" at checkpoint/buffer-written (once) and at
             bufmgr/flush/before-write (twice in a row) in the
             checkpointer: each CHECKPOINT that ran into it gets ERROR
             "checkpoint request failed" with PostgreSQL's HINT, and the
             next CHECKPOINT completes (it used to wait forever for a
             checkpoint that never came) and moves pg_control's redo point.
  failed commit
             "error" at xact/commit/before-wal-insert: the client reads
             only the ErrorResponse for the COMMIT (never CommandComplete
             then the error), the session is back to idle (status I) and
             the transaction's rows are gone.  Simple protocol: COMMIT of
             a block, an autocommitted INSERT, a multi-statement Query
             (the earlier statement's CommandComplete stays, the rest of
             the Query is skipped).  Extended protocol: Execute of COMMIT,
             and the implicit commit at Sync (the INSERT's CommandComplete
             was already sent at Execute, as in PostgreSQL).
  WAL read error in crash recovery
             committed rows, every process killed, then a policy file
             makes one WAL page read of the startup process fail (EIO)
             in the middle of replay: the start fails with "could not read
             from WAL segment ...: Input/output error" and "aborting
             startup due to startup process failure", and no WAL is
             truncated; without the policy the next start replays every
             committed row.  Also after a crash reset: the startup process
             of the reset failing on its first WAL read makes the
             postmaster exit (it used to sit in the starting state).
  startup fork failure
             postmaster/fork-startup failing at start (policy file) and at
             the reset after a crash (SQL policy): the postmaster logs
             "could not fork startup process: Input/output error" and
             exits like PostgreSQL, instead of waiting forever, and at
             once: the helpers forked just before obey its SIGQUIT (signals
             stay blocked across fork until a child has its own handlers);
             a start without the policy then recovers every committed row.
"""
import os
import signal
import sys
import time

import psycopg2

sys.path.insert(0, os.path.dirname(__file__))
import pgwire  # noqa: E402
from cluster import Cluster, check, pid_alive, step, wait_gone  # noqa: E402
from t003_extended_protocol import bind, execute, parse, sync  # noqa: E402


def connect(c, app="t032"):
    return c.connect(app)


def q(c, sql):
    return c.query(sql)


def write_policy(c, text):
    c.write_fault_policy(text)


def remove_policy(c):
    os.unlink(c.fault_policy_path())


def wal_segments(c):
    return sorted(os.listdir(os.path.join(c.data, "pg_wal")))


# ---------------------------------------------------------------- checkpoint

def checkpoint_with_timeout(conn, secs=20):
    """CHECKPOINT under a statement timeout, so a hang is a failure."""
    cur = conn.cursor()
    cur.execute(f"set statement_timeout = '{secs}s'")
    try:
        cur.execute("checkpoint")
        return None
    except psycopg2.Error as e:
        return e
    finally:
        cur.execute("set statement_timeout = 0")


def expect_failed_checkpoint(conn, what):
    e = checkpoint_with_timeout(conn)
    check(e is not None, f"{what}: CHECKPOINT succeeded although the checkpoint failed")
    check(e.diag.message_primary == "checkpoint request failed",
          f"{what}: wrong error for the failed checkpoint: {e.pgcode} {e}")
    check(e.diag.message_hint == "Consult recent messages in the server log for details.",
          f"{what}: no PostgreSQL HINT: {e.diag.message_hint!r}")


def expect_good_checkpoint(c, conn, what):
    redo_before = c.controldata()["Latest checkpoint's REDO location"]
    e = checkpoint_with_timeout(conn)
    check(e is None, f"{what}: CHECKPOINT after a failed one did not complete: {e}")
    check(c.controldata()["Latest checkpoint's REDO location"] != redo_before,
          f"{what}: CHECKPOINT returned but pg_control names the old redo point")


def test_failed_checkpoint(c):
    step("failed checkpoint: ERROR to the requester, later checkpoints complete")
    conn = connect(c)
    q(c, "create table t_ckpt (id int, pad text)")
    q(c, "insert into t_ckpt select g, repeat('c', 300) from generate_series(1, 2000) g")
    q(c, "select fault_attach('checkpoint/buffer-written', 'error', 'proc=checkpointer once')")
    expect_failed_checkpoint(conn, "buffer-written")
    check('fault injected at point "checkpoint/buffer-written"' in c.log_text(),
          "the checkpointer did not log why its checkpoint failed")
    for i in range(3):
        q(c, f"update t_ckpt set pad = 'again{i}' where id <= 500")
        expect_good_checkpoint(c, conn, f"checkpoint {i + 1} after the failure")

    step("failed checkpoint: two failures in a row (EIO writing a buffer)")
    q(c, "select fault_detach('*')")
    q(c, "update t_ckpt set pad = 'eio' where id <= 100")
    q(c, "select fault_attach('bufmgr/flush/before-write', 'error', 'errno=EIO proc=checkpointer')")
    expect_failed_checkpoint(conn, "first EIO")
    expect_failed_checkpoint(conn, "second EIO")
    check("Input/output error" in c.log_text(), "the checkpointer did not log the EIO")
    q(c, "select fault_detach('*')")
    expect_good_checkpoint(c, conn, "checkpoint after two failures")
    check(q(c, "select count(*), count(*) filter (where pad = 'eio') from t_ckpt") == "2000|100",
          "rows changed by the failed checkpoints")
    conn.close()


# ---------------------------------------------------------------- commit

def summary(msgs):
    """Message types, with the error message of an ErrorResponse."""
    out = []
    for t, body in msgs:
        t = t.decode()
        if t == "E":
            out.append("E:" + pgwire.error_fields(body).get("M", ""))
        elif t == "C":
            out.append("C:" + body.rstrip(b"\0").decode())
        elif t == "Z":
            out.append("Z:" + body.decode())
        else:
            out.append(t)
    return out


FAULT_ERR = 'E:fault injected at point "xact/commit/before-wal-insert"'


def test_failed_commit(c):
    step("failed commit: the client gets only the ERROR (simple protocol)")
    q(c, "create table t_commit (id int)")
    w = pgwire.Conn(c.sockdir, c.port)
    w.login(application_name="committer")
    q(c, "select fault_attach('xact/commit/before-wal-insert', 'error', 'app=committer')")

    check(summary(pgwire.query(w, "begin")) == ["C:BEGIN", "Z:T"], "BEGIN failed")
    check(summary(pgwire.query(w, "insert into t_commit values (1)")) == ["C:INSERT 0 1", "Z:T"],
          "INSERT in the block failed")
    got = summary(pgwire.query(w, "commit"))
    check(got == [FAULT_ERR, "Z:I"], f"COMMIT that failed: expected only the error, got {got}")

    got = summary(pgwire.query(w, "insert into t_commit values (2)"))
    check(got == [FAULT_ERR, "Z:I"], f"autocommitted INSERT whose commit failed: got {got}")

    got = summary(pgwire.query(w, "insert into t_commit values (3); insert into t_commit values (4)"))
    check(got == ["C:INSERT 0 1", FAULT_ERR, "Z:I"],
          f"multi-statement Query whose commit failed: got {got}")

    got = summary(pgwire.query(w, "begin; insert into t_commit values (5); commit; select 1"))
    check(got == ["C:BEGIN", "C:INSERT 0 1", FAULT_ERR, "Z:I"],
          f"BEGIN; INSERT; COMMIT; SELECT in one Query: got {got}")

    step("failed commit: Execute of COMMIT and the implicit commit at Sync")
    pgwire.query(w, "begin")
    pgwire.query(w, "insert into t_commit values (6)")
    parse(w, "", "commit")
    bind(w, "", "", [])
    execute(w, "")
    got = summary(sync(w))
    check(got == ["1", "2", FAULT_ERR, "Z:I"], f"Execute of COMMIT that failed: got {got}")

    parse(w, "", "insert into t_commit values (7)")
    bind(w, "", "", [])
    execute(w, "")
    got = summary(sync(w))
    check(got == ["1", "2", "C:INSERT 0 1", FAULT_ERR, "Z:I"],
          f"implicit commit at Sync that failed: got {got}")

    check(q(c, "select count(*) from t_commit") == "0", "rows of failed commits are visible")
    q(c, "select fault_detach('*')")
    check(summary(pgwire.query(w, "insert into t_commit values (8)")) == ["C:INSERT 0 1", "Z:I"],
          "the session does not work after the failed commits")
    check(summary(pgwire.query(w, "begin; insert into t_commit values (9); commit")) ==
          ["C:BEGIN", "C:INSERT 0 1", "C:COMMIT", "Z:I"], "a block does not commit afterwards")
    w.close()
    check(q(c, "select string_agg(id::text, ',' order by id) from t_commit") == "8,9",
          "the table is not exactly the committed rows")


# ---------------------------------------------------------------- WAL read

def start_expect_failure(c, what):
    r = c.ctl("start", "-l", c.log, "-t", "30", check=False)
    check(r.returncode != 0, f"{what}: the server started")
    check("could not start server" in r.stderr,
          f"{what}: minipg_ctl did not see the postmaster exit: {r.stdout}{r.stderr}")
    check(not os.path.exists(os.path.join(c.data, "postmaster.pid")),
          f"{what}: postmaster.pid left behind")


def test_wal_read_error_in_recovery():
    step("WAL read error during crash recovery: the startup process fails, WAL is kept")
    with Cluster("t032wal") as c:
        c.start()
        q(c, "create table t_wal (id int, pad text)")
        q(c, "checkpoint")
        # About 3 MB of WAL after the redo point (12 read-ahead chunks),
        # in 30 committed transactions.
        for i in range(30):
            q(c, f"insert into t_wal select g, repeat('w', 400) from "
                 f"generate_series({i * 200 + 1}, {(i + 1) * 200}) g")
        c.kill_everything()
        segments = wal_segments(c)
        # The third page read of the startup process is in the middle of
        # replay, well before the last commit.
        write_policy(c, "wal/reader/read-page error errno=EIO nth=3 proc=startup\n")
        start_expect_failure(c, "WAL read error")
        log = c.log_text()
        check("could not read from WAL segment" in log and "Input/output error" in log,
              "the read error is not reported")
        check("aborting startup due to startup process failure" in log,
              "the postmaster did not abort startup")
        check("redo done at" not in log, "recovery went on as if WAL ended at the read error")
        check(wal_segments(c) == segments, "WAL segments were removed after the read error")
        remove_policy(c)
        c.start()
        check(q(c, "select count(*), sum(id) from t_wal") == "6000|18003000",
              "committed rows were lost")


def test_startup_failure_after_crash_reset():
    step("after a crash reset, a startup process failing on WAL makes the postmaster exit")
    with Cluster("t032reset") as c:
        c.start()
        q(c, "create table t_reset (id int)")
        q(c, "insert into t_reset select generate_series(1, 100)")
        pm = c.postmaster_pid()
        q(c, "select fault_attach('wal/reader/read-page', 'error', 'proc=startup nth=1')")
        q(c, "select fault_attach('xact/commit/after-wal-flush', 'crash', 'app=victim')")
        conn = connect(c, "victim")
        try:
            conn.cursor().execute("insert into t_reset values (101)")
            raise AssertionError("the commit returned although its backend was to crash")
        except psycopg2.Error:
            pass
        check(wait_gone([pm], 30), "the postmaster did not exit after its startup process failed")
        log = c.log_text()
        check("all server processes terminated; reinitializing" in log, "no crash reset")
        check("could not read from WAL segment" in log, "the WAL read error is not reported")
        check("aborting startup due to startup process failure" in log,
              "the postmaster did not abort startup")
        c.start()
        check(q(c, "select count(*) from t_reset") == "101", "committed rows were lost")


# ---------------------------------------------------------------- fork

def test_fork_startup_failure():
    step("fork of the startup process fails at start: the postmaster exits")
    with Cluster("t032fork") as c:
        c.start()
        q(c, "create table t_fork (id int)")
        q(c, "insert into t_fork select generate_series(1, 50)")
        c.stop("immediate")
        write_policy(c, "postmaster/fork-startup error\n")
        t0 = time.time()
        start_expect_failure(c, "startup fork failure")
        # Promptly: the helpers forked just before obey their SIGQUIT (the
        # postmaster's SIGKILL for recalcitrant children comes after 5 s).
        check(time.time() - t0 < 4, "the postmaster took too long to give up")
        check("could not fork startup process: Input/output error" in c.log_text(),
              "the fork failure is not logged")
        check("recalcitrant" not in c.log_text(), "children ignored the postmaster's SIGQUIT")
        remove_policy(c)
        c.start()       # also proves no orphan of the failed start holds the directory
        check(q(c, "select count(*) from t_fork") == "50", "committed rows were lost")

        step("fork of the startup process fails at the reset after a crash")
        pm = c.postmaster_pid()
        q(c, "select fault_attach('postmaster/fork-startup', 'error', '')")
        conn = connect(c, "victim")
        victim = conn.get_backend_pid()
        os.kill(victim, signal.SIGKILL)
        check(wait_gone([pm], 30), "the postmaster did not exit when the startup fork failed")
        check(not pid_alive(victim), "the victim survived")
        log = c.log_text()
        check(log.count("could not fork startup process: Input/output error") == 2,
              "the second fork failure is not logged")
        check("recalcitrant" not in log, "children ignored the postmaster's SIGQUIT")
        c.start()
        check(q(c, "select count(*) from t_fork") == "50", "committed rows were lost")


def main():
    with Cluster("t032") as c:
        c.start()
        test_failed_commit(c)
        test_failed_checkpoint(c)
    test_wal_read_error_in_recovery()
    test_startup_failure_after_crash_reset()
    test_fork_startup_failure()
    print("t032_fault_found_bugs: ok")


if __name__ == "__main__":
    main()
