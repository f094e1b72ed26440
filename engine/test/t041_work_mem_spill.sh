#!/usr/bin/env bash
# t041_work_mem_spill: with a small work_mem, a sort, a hash aggregate and a
# hash join through a real server give the right answers while writing
# temporary files under base/pgsql_tmp; no file is left after the query,
# after the transaction holding a spilled cursor ends, after the session
# ends, or after the backend holding them is killed (SIGKILL) and the
# postmaster reinitializes.  log_temp_files reports each file.
source "$(dirname "$0")/lib.sh"
cluster_init
cat >>"$DATA/postgresql.conf" <<CONF
work_mem = '1MB'
log_temp_files = 0
CONF
cluster_start

tmp_files() { find "$DATA/base/pgsql_tmp" -type f 2>/dev/null | wc -l; }
has_tmp_files() { [ "$(tmp_files)" -gt 0 ]; }

step "sort of 200000 rows past work_mem: in order, files gone after"
q "create table t(g int, k int)"
q "insert into t select g, (g * 7919) % 200003 from generate_series(1, 200000) g"
psql -X -q -At -c "select k from t order by k" >"$WORK/sorted.txt" || fail "sort failed"
assert_eq "$(wc -l <"$WORK/sorted.txt")" "200000" "rows sorted"
sort -n -c "$WORK/sorted.txt" || fail "sort output out of order"
assert_eq "$(tmp_files)" "0" "temp files after the sort"
assert_log_contains 'temporary file: path "base/pgsql_tmp/pgsql_tmp'

step "EXPLAIN ANALYZE says external merge"
assert_contains "$(q "explain (analyze, costs off, timing off) select k from t order by k")" \
  "Sort Method: external merge  Disk:" "sort method"

step "hash aggregate and hash join past work_mem"
assert_eq "$(q "select count(*), sum(n) from (select k % 50000 as m, count(*) as n from t group by 1) s")" \
  "50000|200000" "hash aggregate groups"
assert_eq "$(q "select count(*), sum(a.g::bigint) from t a join t b on a.g = b.k")" \
  "$(q "select count(*), sum(g::bigint) from t where g in (select k from t)")" "hash join"
assert_eq "$(tmp_files)" "0" "temp files after aggregate and join"

step "a spilled cursor keeps its files until its transaction ends"
psql -X -q -At -c "begin" -c "declare c cursor for select k from t order by k desc" \
  -c "fetch 1 from c" -c "select pg_sleep(2)" -c "commit" >/dev/null 2>&1 &
wait_for 10 has_tmp_files || fail "no temp file while the cursor is open"
wait
assert_eq "$(tmp_files)" "0" "temp files after commit"

step "a backend killed while it holds temp files: removed at the reset"
psql -X -q -At -c "select pg_backend_pid()" -c "begin" \
  -c "declare c cursor for select k from t order by k desc" -c "fetch 1 from c" \
  -c "select pg_sleep(60)" >"$WORK/victim.out" 2>&1 &
victim_client=$!
wait_for 10 has_tmp_files || fail "no temp file before the crash"
victim=$(head -1 "$WORK/victim.out")
kill -9 "$victim"
wait "$victim_client" 2>/dev/null || true
wait_for 30 psql -X -q -At -c "select 1" || fail "server did not come back"
assert_log_contains "all server processes terminated; reinitializing"
assert_eq "$(tmp_files)" "0" "temp files after crash restart"

step "files left by a crashed server are removed at the next start"
mkdir -p "$DATA/base/pgsql_tmp"
cluster_stop immediate
echo garbage >"$DATA/base/pgsql_tmp/pgsql_tmp99999.0"
cluster_start
assert_eq "$(tmp_files)" "0" "temp files after start"
assert_eq "$(q "select count(*) from t")" "200000" "data after restart"
pass
