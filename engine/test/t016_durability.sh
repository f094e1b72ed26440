#!/usr/bin/env bash
# t016_durability: data written by committed statements survives
# `minipg_ctl stop -m fast` and a start (and a restart), uncommitted data
# does not, and page checksums verify on the way back in.
source "$(dirname "$0")/lib.sh"
cluster_init
cluster_start

step "write, commit, leave one transaction uncommitted"
q "create table kept (id int primary key, payload text)"
q "insert into kept select g, repeat('x', g % 100) from generate_series(1, 20000) g"
q "update kept set payload = 'updated' where id % 1000 = 0"
q "delete from kept where id > 19000"
q "create index kept_payload on kept (payload)"
expect_sum=$(q "select count(*), sum(id), sum(length(payload)) from kept")
psql -X -q -c "begin" -c "insert into kept values (-1, 'uncommitted')" -c "select pg_sleep(30)" \
  >/dev/null 2>&1 &
sleep 1

step "fast shutdown and start"
cluster_stop fast
cluster_start
assert_eq "$(q "select count(*), sum(id), sum(length(payload)) from kept")" "$expect_sum" "contents after restart"
assert_eq "$(q "select count(*) from kept where id = -1")" "0" "uncommitted row"
assert_eq "$(q "select count(*) from kept where payload = 'updated'")" "19" "index scan after restart"

step "restart and a second round of changes"
"$MINIPG_BIN/minipg_ctl" restart -D "$DATA" -l "$LOG" >/dev/null || fail "restart failed"
q "insert into kept values (50000, 'after restart')"
cluster_stop fast
cluster_start
assert_eq "$(q "select payload from kept where id = 50000")" "after restart" "row written after restart"
pass
