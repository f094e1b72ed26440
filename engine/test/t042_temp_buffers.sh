#!/usr/bin/env bash
# t042_temp_buffers: temporary tables live in the session's local buffers,
# at most temp_buffers of them, and are neither WAL-logged nor shared.
#  - a temp table ten times larger than temp_buffers gives right answers
#    (scan, index, update, delete, vacuum, truncate) while the session's
#    LocalBufferContext stays within temp_buffers pages, and no shared
#    buffer (pg_buffercache) ever holds one of its blocks;
#  - its file is base/<db>/t<N>_<filenode>; writing it logs almost no WAL
#    (the same rows in a permanent table log megabytes);
#  - temp_buffers can change only before the first temporary access
#    (22023 with PostgreSQL 15's DETAIL);
#  - another session gets 0A000 "cannot access temporary tables of other
#    sessions";
#  - 300 create/insert/drop cycles leave no relation cache entry behind
#    (CacheMemoryContext under 1 MB);
#  - ON COMMIT DELETE ROWS empties the table at each commit, ON COMMIT DROP
#    drops it at the end of its transaction (42P16 on a permanent table);
#  - the file goes at rollback of its creation, at session end, and after
#    the owning backend is killed (the postmaster removes t*_* files when
#    it reinitializes, and at every start).
source "$(dirname "$0")/lib.sh"
cluster_init
cluster_start

lsn_bytes() { local hi=${1%/*} lo=${1#*/}; echo $(( (16#$hi << 32) + 16#$lo )); }
temp_files() { find "$DATA/base" -name 't[0-9]*_[0-9]*' -type f 2>/dev/null | wc -l; }
has_temp_files() { [ "$(temp_files)" -gt 0 ]; }

step "a temp table 10x temp_buffers: right answers, pool bounded, no shared buffers"
out=$(psql -X -q -At -v ON_ERROR_STOP=1 2>&1 <<'SQL'
set temp_buffers = 100;
show temp_buffers;
create temp table tt(a int primary key, b text);
insert into tt select g, repeat('x', 300) from generate_series(1, 25000) g;
select count(*), sum(a) from tt;
select b = repeat('x', 300) from tt where a = 17777;
update tt set b = 'short' where a % 2 = 0;
delete from tt where a % 5 = 0;
vacuum tt;
select count(*), sum(a), count(*) filter (where b = 'short') from tt;
select pg_relation_size('tt') > 100 * 8192 * 5;
select total_bytes <= 100 * 8192 + 65536, total_bytes >= 100 * 8192
  from pg_backend_memory_contexts where name = 'LocalBufferContext';
select count(*) from pg_buffercache where relfilenode = pg_relation_filenode('tt');
select 'file', current_setting('data_directory') is not null, pg_relation_filenode('tt');
SQL
) || fail "temp table session failed: $out"
lines=()
while IFS= read -r l; do lines+=("$l"); done <<<"$out"
assert_eq "${lines[0]}" "800kB" "SHOW temp_buffers"
assert_eq "${lines[1]}" "25000|312512500" "count and sum after insert"
assert_eq "${lines[2]}" "t" "index lookup"
# 25000 rows minus the 5000 multiples of 5; half of the rest were even.
assert_eq "${lines[3]}" "20000|250000000|10000" "after update, delete, vacuum"
assert_eq "${lines[4]}" "t" "the table is far larger than temp_buffers"
assert_eq "${lines[5]}" "t|t" "LocalBufferContext within temp_buffers, and used in full"
assert_eq "${lines[6]}" "0" "shared buffers holding a temp table's block"

step "the file is base/<db>/t<N>_<filenode>; it goes when the session ends"
psql -X -q -At -c "create temp table kept(a int)" \
  -c "select pg_relation_filenode('kept')" -c "select pg_sleep(2)" >"$WORK/kept.out" 2>&1 &
kept_client=$!
wait_for 10 has_temp_files || fail "no t<N>_<filenode> file while the session runs"
wait_for 10 test -s "$WORK/kept.out" || fail "the session did not print its filenode"
node=$(head -1 "$WORK/kept.out")
find "$DATA/base" -name "t[0-9]*_$node" | grep -q . || fail "no file named t<N>_$node: $(ls "$DATA"/base/*)"
wait "$kept_client"
wait_for 10 bash -c "[ \$(find '$DATA/base' -name 't[0-9]*_*' -type f | wc -l) -eq 0 ]" ||
  fail "temp relation files left after the session ended"

step "writing a temp table logs (almost) no WAL"
wal_growth() {  # wal_growth PERSISTENCE: bytes of WAL written by one load
  psql -X -q -At -v ON_ERROR_STOP=1 -c "select pg_current_wal_lsn()" \
    -c "create $1 table load_$2(a int, b text)" \
    -c "insert into load_$2 select g, repeat('y', 200) from generate_series(1, 20000) g" \
    -c "update load_$2 set a = a + 1" \
    -c "select pg_current_wal_lsn()" 2>&1
}
read -r -d '' -a t_lsn < <(wal_growth temp t) || true
read -r -d '' -a p_lsn < <(wal_growth "" p) || true
t_bytes=$(( $(lsn_bytes "${t_lsn[1]}") - $(lsn_bytes "${t_lsn[0]}") ))
p_bytes=$(( $(lsn_bytes "${p_lsn[1]}") - $(lsn_bytes "${p_lsn[0]}") ))
echo "WAL for 20000 rows + update: temp $t_bytes bytes, permanent $p_bytes bytes"
[ "$p_bytes" -gt 4000000 ] || fail "the permanent load logged only $p_bytes bytes"
[ "$t_bytes" -lt 65536 ] || fail "the temp load logged $t_bytes bytes"

step "temp_buffers: settable before the first temp access, not after"
out=$(psql -X -q -At -v VERBOSITY=verbose -c "set temp_buffers = '2MB'" -c "show temp_buffers" \
  -c "create temp table x(a int)" -c "insert into x values (1)" -c "set temp_buffers = '2MB'" \
  -c "set temp_buffers = '4MB'" 2>&1 || true)
assert_contains "$out" "2MB" "SHOW after an early SET"
assert_contains "$out" 'ERROR:  22023: invalid value for parameter "temp_buffers": 512' "late SET"
assert_contains "$out" 'DETAIL:  "temp_buffers" cannot be changed after any temporary tables have been accessed in the session.' "late SET detail"
[ "$(grep -c ERROR <<<"$out")" -eq 1 ] || fail "setting the same size again must work: $out"
out=$(psql -X -q -At -c "set temp_buffers = 50" 2>&1 || true)
assert_contains "$out" "50 8kB is outside the valid range for parameter \"temp_buffers\" (100 .. 1073741823)" "range"

step "another session cannot read a temp table (0A000)"
psql -X -q -At -c "create temp table mine(a int)" -c "insert into mine values (1)" \
  -c "select pg_sleep(3)" >/dev/null 2>&1 &
mine_client=$!
wait_for 10 bash -c "[ \"\$(psql -X -qAt -c \"select count(*) from pg_class where relname = 'mine'\")\" = 1 ]" ||
  fail "temp table not visible in pg_class"
nsp=$(q "select n.nspname from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relname = 'mine'")
out=$(psql -X -q -At -v VERBOSITY=verbose -c "select * from $nsp.mine" 2>&1 || true)
assert_contains "$out" "ERROR:  0A000: cannot access temporary tables of other sessions" "other session"
wait "$mine_client"

step "a rolled-back first temp table leaves no dangling schema for the next"
# The transaction that sets up pg_temp_N aborts: the schema row is rolled
# back, so the session must set it up again rather than put the next
# temporary table into a schema that does not exist.
out=$(psql -X -q -At -v ON_ERROR_STOP=1 2>&1 <<'SQL'
begin;
create temp table rolled_back(a int);
rollback;
create temp table after_rollback(a int);
insert into after_rollback values (42);
select n.nspname like 'pg_temp_%' from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relname = 'after_rollback';
select a from pg_temp.after_rollback;
SQL
) || fail "rollback session failed: $out"
assert_eq "$(tr '\n' ' ' <<<"$out")" "t 42 " "temp table after a rolled-back first one"

step "ON COMMIT DELETE ROWS empties at each commit; ON COMMIT DROP drops"
out=$(psql -X -q -At -v ON_ERROR_STOP=1 2>&1 <<'SQL'
create temp table ocd(a int primary key, b text) on commit delete rows;
begin;
insert into ocd select g, 'x' from generate_series(1, 3000) g;
select count(*) from ocd;
commit;
select count(*), pg_relation_size('ocd') from ocd;
begin;
insert into ocd values (5, 'five');
select b from ocd where a = 5;
commit;
select count(*) from ocd;
begin;
create temp table ocdrop(a int) on commit drop;
insert into ocdrop values (1);
select count(*) from ocdrop;
commit;
select count(*) from pg_class where relname = 'ocdrop';
SQL
) || fail "ON COMMIT session failed: $out"
assert_eq "$(tr '\n' ' ' <<<"$out")" "3000 0|0 five 0 1 0 " "ON COMMIT actions"
out=$(psql -X -q -At -v VERBOSITY=verbose -c "create table perm_oc(a int) on commit delete rows" 2>&1 || true)
assert_contains "$out" "ERROR:  42P16: ON COMMIT can only be used on temporary tables" "ON COMMIT on a permanent table"

step "creating and dropping temp tables does not grow the session's caches or the catalogs"
catalog_pages() { q "select pg_relation_size('pg_class') / 8192 + pg_relation_size('pg_attribute') / 8192"; }
catalog_pages_before=$(catalog_pages)
cycles=$(for j in $(seq 1 300); do
  echo "create temp table cyc$j(a int primary key, b text); insert into cyc$j values (1, 'a'); drop table cyc$j;"
done)
out=$(psql -X -q -At -v ON_ERROR_STOP=1 2>&1 <<SQL
$cycles
select count(*) from pg_backend_memory_contexts where name = 'relation';
select total_bytes < 1024 * 1024 from pg_backend_memory_contexts where name = 'CacheMemoryContext';
SQL
) || fail "create/drop cycles failed: $out"
# Before the fix: one leaked relation context per cycle, 25 kB per cycle in all.
assert_eq "$(tr '\n' ' ' <<<"$out")" "0 t " "relation contexts and CacheMemoryContext after 300 create/drop cycles"
# Catalogs have no indexes and are never vacuumed: pruning must free their
# dead line pointers, or each cycle leaves some behind for good (before the
# fix, 300 cycles grew pg_class + pg_attribute from 2 to 6 pages).
catalog_pages_after=$(catalog_pages)
[ "$catalog_pages_after" -le $((catalog_pages_before + 1)) ] ||
  fail "pg_class + pg_attribute grew from $catalog_pages_before to $catalog_pages_after pages in 300 create/drop cycles"

step "rollback of CREATE TEMP TABLE removes its file"
q "begin; create temp table rb(a int); insert into rb select generate_series(1, 1000); rollback"
assert_eq "$(temp_files)" "0" "temp relation files after rollback"

step "a killed backend's temp files are removed when the postmaster reinitializes"
psql -X -q -At -c "select pg_backend_pid()" -c "create temp table doomed(a int)" \
  -c "insert into doomed select generate_series(1, 50000)" -c "select pg_sleep(60)" \
  >"$WORK/victim.out" 2>&1 &
victim_client=$!
wait_for 10 has_temp_files || fail "no temp relation file before the crash"
wait_for 10 test -s "$WORK/victim.out" || fail "the victim did not print its pid"
victim=$(head -1 "$WORK/victim.out")
kill -9 "$victim"
wait "$victim_client" 2>/dev/null || true
wait_for 30 psql -X -q -At -c "select 1" || fail "server did not come back"
assert_log_contains "all server processes terminated; reinitializing"
assert_eq "$(temp_files)" "0" "temp relation files after the crash reset"
# The dead session's catalog rows go when its slot is used again; a new
# temp table works either way.
assert_eq "$(q "create temp table after_crash(a int); insert into after_crash values (7); select * from after_crash")" "7" "temp table after the reset"

step "files left by an immediate shutdown are removed at the next start"
psql -X -q -At -c "create temp table left_behind(a int)" -c "insert into left_behind values (1)" \
  -c "select pg_sleep(30)" >/dev/null 2>&1 &
wait_for 10 has_temp_files || fail "no temp relation file before the shutdown"
cluster_stop immediate
wait 2>/dev/null || true
has_temp_files || fail "the immediate shutdown removed the file itself (the test needs it)"
cluster_start
assert_eq "$(temp_files)" "0" "temp relation files after start"
pass
