#!/usr/bin/env bash
# t030_fault_catalog: the fault-point catalog agrees with the code and docs.
#
# What: every fault-point name used in the sources is in the catalog
# (faults/fault_points.def), every catalog entry is used by some point in
# the code with the kind its macro implies (FAULT_MARK: step; FAULT_WRITE:
# write; FAULT_POINT, FAULT_RETURN_ERRNO, FAULT_NAME: io), names follow the
# rule, the plain listing shows a write point as io (scripts such as
# recovery-tests/matrix.c parse io|step there), the catalog
# has no duplicates and at least MIN_POINTS entries, every process name
# is a known one, tests refer only to points that exist, and
# docs/fault-points.md is exactly what `minipg_faults catalog --markdown`
# prints.
#
# How: the catalog side comes from the compiled program (minipg_faults
# catalog), so it is what the C compiler saw.  The code side is extracted
# from engine/ and faults/ with perl:
#   - a point in the code: a string literal as the first argument of
#     FAULT_POINT, FAULT_RETURN_ERRNO, FAULT_MARK, FAULT_WRITE or
#     FAULT_NAME (the marker for a name passed around as a value,
#     faults/fault_catalog.h);
#   - the kind of a point (io, write or step) from the kind column of
#     `minipg_faults catalog --markdown`, the only listing that tells a
#     write point from another io point;
#   - a reference in a test (engine/**/test_*.c, faults/test_*.c,
#     engine/test/t*, recovery-tests/, fuzz/, ci/): a literal passed to
#     fiu_enable*() or fiu_disable(), and any quoted string that looks like
#     a point of a catalog subsystem ('wal/...', "xact/commit/..."); a
#     pattern ending in '*' must match some catalog point, and a string that
#     is a group prefix of catalog names ("xact/commit") is not a point.
# No cluster is started.  Prints the number of points.
source "$(dirname "$0")/lib.sh"

MIN_POINTS=60
NAME_RULE='^[a-z][a-z0-9-]*(/[a-z0-9][a-z0-9-]*){1,2}$'
KNOWN_PROCESSES="postmaster backend startup checkpointer bgwriter walwriter
autovacuum-launcher autovacuum-worker stats archiver logger standalone"
TOOL="$MINIPG_BIN/minipg_faults"
[ -x "$TOOL" ] || fail "$TOOL not built"
cd "$MINIPG_SRC"

step "the catalog (minipg_faults catalog)"
"$TOOL" catalog >"$WORK/catalog.txt" || fail "minipg_faults catalog failed"
awk '{print $1}' "$WORK/catalog.txt" >"$WORK/catalog_names"
count=$(wc -l <"$WORK/catalog_names")
echo "fault points in the catalog: $count"
[ "$count" -ge "$MIN_POINTS" ] || fail "the catalog has $count points, fewer than $MIN_POINTS"
dups=$(sort "$WORK/catalog_names" | uniq -d)
[ -z "$dups" ] || fail "duplicated in faults/fault_points.def: $(echo $dups)"
while read -r name; do
  [[ "$name" =~ $NAME_RULE ]] \
    || fail "catalog name \"$name\" breaks the naming rule (subsystem/module/event: lower-case, digits, '-')"
done <"$WORK/catalog_names"
while read -r name kind procs; do
  case "$kind" in io|step) ;; *) fail "point $name: unknown kind \"$kind\"";; esac
  [ -n "$procs" ] || fail "point $name lists no process type"
  [ "$procs" = "any" ] && continue
  for p in $procs; do
    case " $(echo $KNOWN_PROCESSES) " in *" $p "*) ;;
      *) fail "point $name: unknown process type \"$p\" (known: any $(echo $KNOWN_PROCESSES))";;
    esac
  done
done <"$WORK/catalog.txt"
# The kinds with write points told apart: the Markdown tables' kind column.
"$TOOL" catalog --markdown >"$WORK/fault-points.md" || fail "minipg_faults catalog --markdown failed"
perl -ne 'print "$1 $2\n" if /^\| `([^`]+)` \| (\w+) \|/' "$WORK/fault-points.md" >"$WORK/kinds.txt"
[ "$(wc -l <"$WORK/kinds.txt")" -eq "$count" ] \
  || fail "the Markdown catalog lists $(wc -l <"$WORK/kinds.txt") points, the plain one $count"
while read -r name kind; do
  plain=$(awk -v n="$name" '$1 == n {print $2}' "$WORK/catalog.txt")
  case "$kind/$plain" in io/io|write/io|step/step) ;;
    *) fail "point $name: kind \"$kind\" in the Markdown catalog, \"$plain\" in the plain one";;
  esac
done <"$WORK/kinds.txt"

step "points used in the code"
# Source files, test files excluded (those only refer to points).
find engine faults -name '*.[ch]' ! -name 'test_*' ! -path 'engine/test/*' | sort >"$WORK/src_files"
# shellcheck disable=SC2016
perl -0777 -ne '
  # Drop comments (prose may name points), keeping string and char literals.
  s{("(?:\\.|[^"\\\n])*"|\x27(?:\\.|[^\x27\\\n])*\x27)|/\*.*?\*/|//[^\n]*}{defined $1 ? $1 : " "}gse;
  while (/\b(FAULT_POINT|FAULT_RETURN_ERRNO|FAULT_MARK|FAULT_WRITE|FAULT_NAME)\s*\(\s*"([^"]*)"/g) {
    print "$2\t$1\t$ARGV\n";
  }' $(cat "$WORK/src_files") | sort -u >"$WORK/code_points"
cut -f1 "$WORK/code_points" | sort -u >"$WORK/code_names"
[ -s "$WORK/code_names" ] || fail "no fault point found in engine/ or faults/"
echo "distinct point names in the code: $(wc -l <"$WORK/code_names")"
while IFS=$'\t' read -r name macro file; do
  [[ "$name" =~ $NAME_RULE ]] || fail "$file: point name \"$name\" breaks the naming rule"
  grep -qxF -- "$name" "$WORK/catalog_names" \
    || fail "$file: point \"$name\" is not in faults/fault_points.def"
  # FAULT_MARK is a step, FAULT_WRITE a write; the others (and FAULT_NAME,
  # passed to FAULT_POINT) are io.
  want=io
  [ "$macro" = FAULT_MARK ] && want=step
  [ "$macro" = FAULT_WRITE ] && want=write
  kind=$(awk -v n="$name" '$1 == n {print $2}' "$WORK/kinds.txt")
  [ "$kind" = "$want" ] \
    || fail "$file: $macro(\"$name\") makes it kind $want, but the catalog says kind $kind"
done <"$WORK/code_points"
while read -r name; do
  grep -qxF -- "$name" "$WORK/code_names" \
    || fail "catalog point \"$name\" is used nowhere in engine/ or faults/ (FAULT_POINT, FAULT_RETURN_ERRNO, FAULT_MARK, FAULT_WRITE, FAULT_NAME)"
done <"$WORK/catalog_names"

step "points referred to by tests"
{
  find engine faults -name 'test_*.c'
  find engine/test -maxdepth 1 -name 't*_*' -type f
  for d in recovery-tests fuzz ci; do [ -d "$d" ] && find "$d" -type f; done
} | sort -u >"$WORK/test_files"
subsystems=$(sed 's|/.*||' "$WORK/catalog_names" | sort -u | paste -sd'|')
# shellcheck disable=SC2016
SUBSYSTEMS="$subsystems" perl -0777 -ne '
  my $subs = $ENV{SUBSYSTEMS};
  while (/\bfiu_(?:enable\w*|disable)\s*\(\s*"([^"]*)"/g) { print "$1\t$ARGV\n"; }
  while (/["\x27]((?:$subs)\/[a-z0-9*\/-]*)["\x27]/g) { print "$1\t$ARGV\n"; }
  ' $(cat "$WORK/test_files") 2>/dev/null | sort -u >"$WORK/test_refs"
nrefs=0
while IFS=$'\t' read -r ref file; do
  nrefs=$((nrefs + 1))
  if [[ "$ref" == *'*' ]]; then
    prefix=${ref%\*}
    grep -q -- "^$prefix" "$WORK/catalog_names" \
      || fail "$file: pattern \"$ref\" matches no catalog point"
    continue
  fi
  grep -qxF -- "$ref" "$WORK/catalog_names" && continue
  # A group prefix ("xact/commit", "storage/file/") is not a point name.
  grep -q -- "^${ref%/}/" "$WORK/catalog_names" && continue
  fail "$file: refers to fault point \"$ref\", which is not in faults/fault_points.def"
done <"$WORK/test_refs"
echo "point references in tests checked: $nrefs"

step "docs/fault-points.md is generated from the catalog"
"$TOOL" catalog --markdown >"$WORK/fault-points.md" || fail "minipg_faults catalog --markdown failed"
[ -f docs/fault-points.md ] || fail "docs/fault-points.md is missing (generate it: minipg_faults catalog --markdown > docs/fault-points.md)"
if ! diff -u docs/fault-points.md "$WORK/fault-points.md" >"$WORK/docs.diff"; then
  head -40 "$WORK/docs.diff"
  fail "docs/fault-points.md differs from \`minipg_faults catalog --markdown\`: regenerate it"
fi
for name in $(cat "$WORK/catalog_names"); do
  grep -qF -- "\`$name\`" docs/fault-points.md || fail "docs/fault-points.md does not list $name"
done

echo "fault points: $count"
pass
