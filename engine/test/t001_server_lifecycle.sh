#!/usr/bin/env bash
# t001_server_lifecycle: the postmaster's process family and its lifecycle.
#
# Starts a cluster and checks: postmaster.pid says "ready"; ps shows the
# auxiliary processes by role; psql connects; a second postmaster on the
# same data directory is refused; killing an auxiliary process makes the
# postmaster reset every child (new pids, PostgreSQL's log lines) and keep
# serving; each stop mode (smart, fast, immediate) stops the server, and the
# next start reports a clean or an interrupted shutdown accordingly.
source "$(dirname "$0")/lib.sh"

cluster_init
cluster_start

step "postmaster.pid status and process titles"
assert_eq "$(sed -n 8p "$DATA/postmaster.pid")" "ready   " "postmaster.pid status line"
assert_eq "$(sed -n 4p "$DATA/postmaster.pid")" "$PORT" "postmaster.pid port line"
[ -n "$(pid_of_role checkpointer)" ] || fail "no checkpointer process: $(children)"
[ -n "$(pid_of_role 'background writer')" ] || fail "no background writer process: $(children)"

step "psql connects over the Unix socket and TCP"
psql -X -c '' >/dev/null 2>&1 || fail "psql could not connect over the Unix socket"
psql -X -h 127.0.0.1 -c '' >/dev/null 2>&1 || fail "psql could not connect over TCP"

step "a second postmaster on the same data directory is refused"
out=$("$MINIPG_BIN/minipg" -D "$DATA" -p $((PORT + 1)) 2>&1 || true)
assert_contains "$out" 'lock file "postmaster.pid" already exists' "second postmaster"

step "killing the checkpointer resets every child"
old_ckpt=$(pid_of_role checkpointer)
old_bgw=$(pid_of_role 'background writer')
pm=$(postmaster_pid)
kill -9 "$old_ckpt"
wait_for 20 grep -qF "all server processes terminated; reinitializing" "$LOG" \
  || fail "no reinitialization after the checkpointer was killed"
assert_log_contains "checkpointer process (PID $old_ckpt) was terminated by signal 9: Killed"
assert_log_contains "terminating any other active server processes"
wait_for 20 grep -qF "database system was interrupted" "$LOG" || fail "startup did not run again"
wait_for 20 psql -X -c '' || fail "server did not accept connections after the reset"
assert_eq "$(postmaster_pid)" "$pm" "postmaster survived"
new_ckpt=$(pid_of_role checkpointer)
new_bgw=$(pid_of_role 'background writer')
[ -n "$new_ckpt" ] && [ "$new_ckpt" != "$old_ckpt" ] || fail "checkpointer not replaced"
[ -n "$new_bgw" ] && [ "$new_bgw" != "$old_bgw" ] || fail "background writer not replaced"
pid_running "$old_bgw" && fail "old background writer $old_bgw still alive"

step "stop modes"
for mode in smart fast immediate; do
  cluster_stop $mode
  [ -f "$DATA/postmaster.pid" ] && fail "postmaster.pid left after stop -m $mode"
  pid_running "$pm" && fail "postmaster $pm alive after stop -m $mode"
  : > "$LOG"
  cluster_start
  pm=$(postmaster_pid)
  if [ $mode = immediate ]; then
    assert_log_contains "database system was not properly shut down; automatic recovery in progress"
  else
    assert_log_contains "database system was shut down at"
  fi
done
cluster_stop fast
assert_log_contains "checkpoint starting: shutdown immediate"
assert_log_contains "database system is shut down"
pass
