#!/usr/bin/env bash
# t012_psql_regress: SQL scripts run through psql produce exactly the output
# PostgreSQL 15 produced (PostgreSQL's regression-test method).
#
# For each engine/test/sql/NAME.sql, psql -X -a runs it against minipg and
# the output (query echo, results, notices, errors with LINE/caret
# positions, \echo'd SQLSTATEs) must equal engine/test/expected/NAME.out,
# which was recorded by the same command against postgresql-15.  To record
# a new script: psql -X -a -f sql/NAME.sql > expected/NAME.out 2>&1 (run
# from engine/test, against PostgreSQL 15), then read the output.
source "$(dirname "$0")/lib.sh"
cluster_init
cluster_start
cd "$TEST_DIR"
failures=0
for script in sql/*.sql; do
  name=$(basename "$script" .sql)
  step "$name"
  psql -X -a -f "$script" > "$WORK/$name.out" 2>&1 || true
  if ! diff -u "expected/$name.out" "$WORK/$name.out" > "$WORK/$name.diff"; then
    echo "FAIL: output of $script differs from expected/$name.out:"
    head -n 80 "$WORK/$name.diff"
    failures=$((failures + 1))
  fi
done
[ $failures -eq 0 ] || fail "$failures script(s) differ"
pass
