#!/usr/bin/env bash
# t014_pgbench: pgbench initializes (default steps, COPY included) and the
# builtin tpcb-like, simple-update and select-only scripts run in simple,
# extended and prepared query modes with concurrent clients and zero
# failed transactions.  After the tpcb-like runs (with -n, so history is
# kept) the tpcb invariant must hold exactly: the branch, teller and
# account balance totals and the sum of the history deltas are all equal:
# no update was lost or applied twice under contention (2 branches, 4
# clients).  (Throughput is measured by ci/bench, not here.)
source "$(dirname "$0")/lib.sh"
PGBENCH=/usr/lib/postgresql/15/bin/pgbench
[ -x "$PGBENCH" ] || PGBENCH=$(command -v pgbench)
SECONDS_PER_RUN=${PGBENCH_TEST_SECONDS:-3}
cluster_init
cluster_start

step "pgbench -i -s 2"
out=$("$PGBENCH" -i -s 2 postgres 2>&1) || fail "pgbench -i failed: $out"
assert_contains "$out" "done in" "pgbench -i output"
assert_eq "$(q 'select count(*) from pgbench_accounts')" "200000" "accounts"
assert_eq "$(q 'select count(*) from pgbench_branches')" "2" "branches"
assert_eq "$(q 'select count(*) from pgbench_tellers')" "20" "tellers"

run() {  # run SCRIPT MODE [extra pgbench options]
  local script=$1 mode=$2; shift 2
  step "$script / $mode"
  out=$("$PGBENCH" -b "$script" -M "$mode" -c 4 -j 2 -T "$SECONDS_PER_RUN" "$@" postgres 2>&1) \
    || fail "pgbench $script $mode failed: $out"
  failed=$(echo "$out" | sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p')
  processed=$(echo "$out" | sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p')
  assert_eq "$failed" "0" "failed transactions ($script/$mode)"
  [ "${processed:-0}" -gt 0 ] || fail "no transactions processed ($script/$mode): $out"
}

for mode in simple extended prepared; do run tpcb-like $mode -n; done

step "tpcb invariant: balances and history agree"
assert_tpcb_invariant "after the tpcb-like runs"

for script in simple-update select-only; do
  for mode in simple extended prepared; do run $script $mode; done
done
pass
