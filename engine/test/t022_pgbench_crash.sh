#!/usr/bin/env bash
# t022_pgbench_crash: pgbench's tpcb-like transactions survive crashes in
# the middle of a run.  Each transaction moves a delta into an account, a
# teller and a branch and records it in pgbench_history, atomically; so
# after recovery the four totals must agree exactly, whatever was in flight.
# Two crashes during load: SIGKILL of one backend (the postmaster resets
# everything) and SIGKILL of every server process at once; checkpoints run
# often (small max_wal_size, short checkpoint_timeout) so crashes land
# between, during and after checkpoints, with fsync and synchronous_commit on.
source "$(dirname "$0")/lib.sh"
PGBENCH=/usr/lib/postgresql/15/bin/pgbench
[ -x "$PGBENCH" ] || PGBENCH=$(command -v pgbench)
LOAD_SECONDS=${PGBENCH_CRASH_SECONDS:-6}

cluster_init
cat >>"$DATA/postgresql.conf" <<CONF
fsync = on
synchronous_commit = on
max_wal_size = 32MB
checkpoint_timeout = 30s
CONF
cluster_start

step "pgbench -i -s 1"
"$PGBENCH" -i -s 1 postgres >"$WORK/init.out" 2>&1 || fail "pgbench -i failed: $(cat "$WORK/init.out")"

wait_recovered() {
  wait_for 60 psql -X -At -c "select 1" || fail "server did not come back"
}

# Start a load, let it run, then run CRASH (a shell command) mid-run.
load_then_crash() {  # load_then_crash WHAT CRASH...
  local what=$1; shift
  step "$what"
  "$PGBENCH" -b tpcb-like -c 4 -j 2 -T "$LOAD_SECONDS" -n postgres >"$WORK/load.out" 2>&1 &
  local bench=$!
  sleep $(( LOAD_SECONDS / 2 ))
  "$@"
  wait $bench || true   # the clients lose their connections: pgbench fails
  wait_recovered
  assert_log_contains "redo done at"
  assert_tpcb_invariant "$what"
}

kill_one_backend() {
  local victim
  victim=$(children | grep -F "minipg: postgres postgres" | head -1 | cut -d' ' -f1)
  [ -n "$victim" ] || fail "no pgbench backend found"
  kill -9 "$victim"
}

kill_everything() {
  local pm pids p deadline
  pm=$(postmaster_pid)
  pids="$pm $(pgrep -P "$pm" | tr '\n' ' ')"
  kill -9 $pids 2>/dev/null || true
  deadline=$(( $(date +%s) + 20 ))
  for p in $pids; do
    while pid_running "$p" && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.05; done
  done
  cluster_start
}

assert_tpcb_invariant "after pgbench -i"
load_then_crash "SIGKILL of a backend under load" kill_one_backend
load_then_crash "SIGKILL of every process under load" kill_everything

step "a clean restart keeps the totals"
cluster_stop fast
cluster_start
assert_tpcb_invariant "after a clean restart"
pass
