#!/usr/bin/python3
"""t021_recovery_scenarios: committed work that exists only in WAL comes
back after every kind of crash, and nothing uncommitted does.

Workload (a bank with a ledger): each transaction inserts a ledger row
and moves its amount into an account, so after any crash
  - the ledger ids are exactly the commits the client saw acknowledged
    (checkpoint_timeout is long: they live only in WAL),
  - sum(balance) = sum(amount), and the index agrees with the table,
  - an insert left uncommitted at the crash is absent.
Scenarios, each followed by that check and a write:
  1. SIGKILL of the postmaster and every child at once;
  2. minipg_ctl stop -m immediate;
  3. SIGKILL of the postmaster alone: the children notice and exit; one
     kept stopped (SIGSTOP) plays an orphan that still holds the old
     shared memory, and a start must be refused until it is gone;
  4. a torn data page: after a crash, half of a page changed since the
     last checkpoint is overwritten on disk; replay restores it from its
     full-page image.  Control: the same damage to a page that was NOT
     changed since the checkpoint is detected (checksum error), so the
     damage is real and only WAL repairs it.
"""
import os
import random
import signal
import subprocess
import sys
import time

import psycopg2

sys.path.insert(0, os.path.dirname(__file__))
from cluster import Cluster, check, pid_alive, step, wait_gone  # noqa: E402

ACCOUNTS = 200


def connect(c, autocommit=True):
    return c.connect(autocommit=autocommit)


class Bank:
    def __init__(self, c):
        self.c = c
        self.acked = set()
        self.next_id = 1
        self.rng = random.Random(21)

    def setup(self):
        self.c.psql("create table accounts (id int primary key, balance bigint not null)")
        self.c.psql("create table ledger (id int primary key, account int, amount int)")
        self.c.psql(f"insert into accounts select g, 0 from generate_series(1, {ACCOUNTS}) g")
        self.c.psql("create table untouched (id int primary key, pad text)")
        self.c.psql("insert into untouched select g, repeat('u', 200) from generate_series(1, 500) g")
        self.c.psql("checkpoint")

    def run(self, n):
        conn = connect(self.c, autocommit=False)
        cur = conn.cursor()
        for _ in range(n):
            i = self.next_id
            self.next_id += 1
            acct = self.rng.randint(1, ACCOUNTS)
            amount = self.rng.randint(1, 1000)
            cur.execute("insert into ledger values (%s, %s, %s)", (i, acct, amount))
            cur.execute("update accounts set balance = balance + %s where id = %s", (amount, acct))
            conn.commit()
            self.acked.add(i)
        conn.close()

    def leave_uncommitted(self):
        """An open transaction the crash must roll back (keep the connection)."""
        conn = connect(self.c, autocommit=False)
        cur = conn.cursor()
        cur.execute("insert into ledger values (%s, 1, 999999)", (10 ** 8,))
        cur.execute("update accounts set balance = balance + 999999 where id = 1")
        return conn

    def verify(self, what):
        c = self.c
        ids = {int(x) for x in c.psql("select id from ledger").stdout.split()}
        check(ids == self.acked, f"{what}: ledger has {len(ids)} rows, {len(self.acked)} acknowledged; "
              f"missing {sorted(self.acked - ids)[:5]}, extra {sorted(ids - self.acked)[:5]}")
        sums = c.psql("select (select coalesce(sum(balance),0) from accounts), "
                      "(select coalesce(sum(amount),0) from ledger)").stdout.strip()
        bal, amt = sums.split("|")
        check(bal == amt, f"{what}: balances {bal} != ledger amounts {amt}")
        by_index = c.psql("set enable_seqscan = off; "
                          "select count(*) from ledger where id > 0").stdout.split()[-1]
        check(int(by_index) == len(ids), f"{what}: index finds {by_index}, table has {len(ids)}")
        c.psql(f"insert into ledger values ({10 ** 9 + self.next_id}, 1, 0)")
        self.acked.add(10 ** 9 + self.next_id)
        self.next_id += 1


def start_after_crash(c):
    c.start()
    check(c.wait_ready(60), "server did not become ready")
    log = c.log_text()
    check("automatic recovery in progress" in log and "redo done at" in log,
          "no crash recovery in the log")


def scenario_kill_all(c, bank):
    step("1. SIGKILL of the postmaster and every child")
    bank.run(150)
    open_tx = bank.leave_uncommitted()
    c.kill_everything()
    open_tx.close()
    start_after_crash(c)
    bank.verify("after SIGKILL of every process")


def scenario_immediate(c, bank):
    step("2. immediate shutdown")
    bank.run(100)
    open_tx = bank.leave_uncommitted()
    c.stop("immediate")
    open_tx.close()
    start_after_crash(c)
    bank.verify("after stop -m immediate")


def scenario_postmaster_killed(c, bank):
    step("3. SIGKILL of the postmaster alone; an orphan keeps the old segment")
    bank.run(100)
    orphan_conn = connect(c)
    orphan = orphan_conn.get_backend_pid()
    pm = c.postmaster_pid()
    others = c.child_pids() - {orphan}
    os.kill(orphan, signal.SIGSTOP)
    os.kill(pm, signal.SIGKILL)
    check(wait_gone({pm} | others, 20),
          f"children did not exit after the postmaster died: {[p for p in others if pid_alive(p)]}")
    check(pid_alive(orphan), "the stopped orphan is gone already")
    r = c.ctl("start", "-l", c.log, "-t", "10", check=False)
    check(r.returncode != 0, "start succeeded while an orphan holds the old shared memory")
    check(c.wait_log("pre-existing shared memory block is still in use", 10),
          "no 'pre-existing shared memory block is still in use' in the log")
    os.kill(orphan, signal.SIGCONT)
    check(wait_gone({orphan}, 20), "the orphan did not exit once resumed")
    orphan_conn.close()
    start_after_crash(c)
    bank.verify("after SIGKILL of the postmaster")


def relfile(c, name):
    node = c.psql(f"select relfilenode from pg_class where relname = '{name}'").stdout.strip()
    return os.path.join(c.data, "base", "5", node)


def tear(path, blkno):
    """Overwrite the second half of a block with garbage: a torn write."""
    with open(path, "r+b") as f:
        f.seek(blkno * 8192 + 4096)
        f.write(bytes([0xAB]) * 4096)


def scenario_torn_page(c, bank):
    step("4. torn data pages are repaired from full-page images")
    c.psql("checkpoint")
    bank.run(60)  # touches accounts pages after the checkpoint: they get FPIs
    accounts = relfile(c, "accounts")
    untouched = relfile(c, "untouched")
    c.kill_everything()
    tear(accounts, 0)
    tear(untouched, 1)
    start_after_crash(c)
    bank.verify("after tearing a changed page")
    r = c.psql("select count(*) from untouched", check=False)
    check(r.returncode != 0 and "invalid page in block 1" in r.stderr,
          f"the torn page that WAL cannot repair was not detected: {r.stdout!r} {r.stderr!r}")


def main():
    with Cluster("t021", settings={"checkpoint_timeout": "1h", "max_wal_size": "1GB"}) as c:
        c.start()
        bank = Bank(c)
        bank.setup()
        scenario_kill_all(c, bank)
        scenario_immediate(c, bank)
        scenario_postmaster_killed(c, bank)
        scenario_torn_page(c, bank)
        step("a clean restart keeps everything")
        c.psql("drop table untouched")
        c.stop("fast")
        c.start()
        bank.verify("after a clean restart")
    print("t021_recovery_scenarios: ok")


if __name__ == "__main__":
    main()
