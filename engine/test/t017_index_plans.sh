#!/usr/bin/env bash
# t017_index_plans: the planner uses B-tree indexes where PostgreSQL would,
# so a point lookup in a 1,000,000-row table does not scan the table.
#
# Builds big(id primary key, grp, payload) with 1,000,000 rows and checks
# EXPLAIN: equality and ranges on the key are index scans, a predicate on
# an unindexed column is a sequential scan, a join from a small table into
# big probes the index (nested loop with an inner index scan), and
# enable_indexscan = off falls back to a sequential scan.  Results of the
# indexed queries are checked too.
source "$(dirname "$0")/lib.sh"
cluster_init
cluster_start

step "load 1,000,000 rows"
q "create table big (id int primary key, grp int, payload text)"
q "insert into big select g, g % 1000, 'row ' || g from generate_series(1, 1000000) g"
q "create table small (ref int, label text)"
q "insert into small values (17, 'a'), (500000, 'b'), (999999, 'c')"
q "vacuum analyze big"
q "analyze small"

plan() { psql -X -At -c "explain $1" 2>&1 || fail "explain failed: $1"; }

step "point lookup"
p=$(plan "select * from big where id = 500000")
assert_contains "$p" "Index Scan using big_pkey on big" "point lookup plan"
assert_contains "$p" "Index Cond: (id = 500000)" "point lookup condition"
assert_eq "$(q 'select payload from big where id = 500000')" "row 500000" "point lookup result"

step "range"
p=$(plan "select * from big where id between 10 and 20")
assert_contains "$p" "Index Scan using big_pkey on big" "range plan"
assert_eq "$(q 'select count(*), sum(id) from big where id between 10 and 20')" "11|165" "range result"

step "unindexed predicate"
p=$(plan "select count(*) from big where grp = 5")
assert_contains "$p" "Seq Scan on big" "unindexed plan"
assert_eq "$(q 'select count(*) from big where grp = 5')" "1000" "unindexed result"

step "join probes the index"
p=$(plan "select s.label, b.payload from small s join big b on b.id = s.ref")
assert_contains "$p" "Nested Loop" "join plan"
assert_contains "$p" "Index Scan using big_pkey on big" "join inner plan"
assert_eq "$(q 'select string_agg(b.payload, $$,$$ order by b.id) from small s join big b on b.id = s.ref')" \
  "row 17,row 500000,row 999999" "join result"

step "enable_indexscan = off"
p=$(psql -X -At -c "set enable_indexscan = off" -c "explain select * from big where id = 500000")
assert_contains "$p" "Seq Scan on big" "plan with indexes disabled"
pass
