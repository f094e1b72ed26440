# lib.sh: helpers shared by the integration tests (source it).
#
# Each test gets its own temporary directory with a fresh cluster on a free
# TCP port and a private Unix socket directory, so tests run in parallel and
# never touch a developer's servers.  On failure the server log is printed
# and the directory is kept (its path is printed) for inspection.
#
# Environment: MINIPG_BIN (directory with minipg and minipg_ctl; set by
# ctest), MINIPG_SRC (source tree).

set -euo pipefail
: "${MINIPG_BIN:?MINIPG_BIN must point at the engine build directory}"
TEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ -z "${MINIPG_SRC:-}" ]; then MINIPG_SRC=$(cd "$TEST_DIR/../.." && pwd); fi
PYTHON=/usr/bin/python3
TEST_NAME=$(basename "$0" .sh)
WORK=$(mktemp -d "/tmp/minipg-${TEST_NAME}.XXXXXX")
DATA="$WORK/data"
LOG="$WORK/server.log"
SOCKDIR="$WORK"
PORT=$($PYTHON -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export PGHOST="$SOCKDIR" PGPORT="$PORT" PGUSER=postgres PGDATABASE=postgres
export PGCONNECT_TIMEOUT=10
TEST_FAILED=1

cleanup() {
  local rc=$?
  if [ -f "$DATA/postmaster.pid" ]; then
    "$MINIPG_BIN/minipg_ctl" stop -D "$DATA" -m immediate -t 10 >/dev/null 2>&1 || true
  fi
  if [ $rc -ne 0 ] || [ $TEST_FAILED -ne 0 ]; then
    echo "---- server log ($LOG) ----"
    tail -n 80 "$LOG" 2>/dev/null || true
    echo "---- test directory kept: $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

fail() { echo "FAIL [$TEST_NAME]: $*" >&2; exit 1; }
pass() { TEST_FAILED=0; echo "PASS [$TEST_NAME]"; }
step() { echo "-- $*"; }

assert_eq() {  # assert_eq ACTUAL EXPECTED WHAT
  [ "$1" == "$2" ] || fail "$3: expected [$2], got [$1]"
}
assert_contains() {  # assert_contains HAYSTACK NEEDLE WHAT
  case "$1" in *"$2"*) ;; *) fail "$3: [$2] not found in [$1]";; esac
}
assert_log_contains() {  # assert_log_contains TEXT
  grep -qF -- "$1" "$LOG" || fail "server log lacks [$1]"
}

cluster_init() {  # cluster_init [minipg_ctl init options...]
  "$MINIPG_BIN/minipg_ctl" init -D "$DATA" -U postgres "$@" >"$WORK/init.log" 2>&1 \
    || { cat "$WORK/init.log"; fail "minipg_ctl init failed"; }
  cat >>"$DATA/postgresql.conf" <<CONF
port = $PORT
unix_socket_directories = '$SOCKDIR'
listen_addresses = '127.0.0.1'
shared_buffers = 16MB
CONF
}

cluster_start() {  # cluster_start [extra server options]
  "$MINIPG_BIN/minipg_ctl" start -D "$DATA" -l "$LOG" -t 60 -o "${1:-}" >/dev/null \
    || fail "minipg_ctl start failed"
}

cluster_stop() {  # cluster_stop [smart|fast|immediate]
  "$MINIPG_BIN/minipg_ctl" stop -D "$DATA" -m "${1:-fast}" -t 60 >/dev/null \
    || fail "minipg_ctl stop -m ${1:-fast} failed"
}

postmaster_pid() { head -1 "$DATA/postmaster.pid"; }

# Is PID a running process?  A killed process nobody has reaped yet (a
# zombie) is not: it holds nothing.
pid_running() {
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# Children of the postmaster as "pid title" lines.
children() {
  local pm; pm=$(postmaster_pid)
  for p in $(pgrep -P "$pm" || true); do
    echo "$p $(tr '\0' ' ' < /proc/$p/cmdline 2>/dev/null)"
  done
}

pid_of_role() { children | grep -F "minipg: $1" | head -1 | cut -d' ' -f1; }

# Run SQL through psql; prints tuples only, unaligned.  Fails the test on error.
q() { psql -X -q -At -v ON_ERROR_STOP=1 -c "$1" 2>&1 || fail "query failed: $1"; }
# Run SQL expecting an error; prints psql's stderr.
q_err() { if psql -X -q -At -v ON_ERROR_STOP=1 -c "$1" 2>&1; then fail "query should have failed: $1"; fi; }

# pgbench's tpcb-like transactions move each delta into an account, a
# teller and a branch and log it in pgbench_history, atomically: the four
# totals must be equal whatever happened (concurrency, crashes).
assert_tpcb_invariant() {  # assert_tpcb_invariant WHAT
  local b t a h
  b=$(q "select sum(bbalance) from pgbench_branches")
  t=$(q "select sum(tbalance) from pgbench_tellers")
  a=$(q "select sum(abalance) from pgbench_accounts")
  h=$(q "select coalesce(sum(delta), 0) from pgbench_history")
  assert_eq "$t" "$b" "$1: teller total vs branch total"
  assert_eq "$a" "$b" "$1: account total vs branch total"
  assert_eq "$h" "$b" "$1: history total vs branch total"
  echo "   totals agree: $b over $(q 'select count(*) from pgbench_history') transactions"
}

wait_for() {  # wait_for SECONDS COMMAND...  (true when COMMAND succeeds in time)
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -ge "$deadline" ] && return 1
    sleep 0.1
  done
}
