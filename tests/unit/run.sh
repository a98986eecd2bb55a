#!/bin/sh
# Run cmocka test programs a core at a time (UNIT_JOBS, default one per
# core), each one's output kept whole and printed in the order given;
# exits 1 when any fails.  One after the other, the unit tests under the
# sanitizers took a minute on two cores with one of them idle.
#
# Usage: tests/unit/run.sh TEST_PROGRAM...   (paths without white space)
set -u
jobs=${UNIT_JOBS:-$(nproc 2>/dev/null || echo 2)}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/unit.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
i=0
for t in "$@"; do
  echo "$i:$t"
  i=$((i + 1))
done | xargs -n 1 -P "$jobs" sh -c '
  i=${1%%:*}; t=${1#*:}
  { echo "== $t"; "$t"; } >"$0/$i.out" 2>&1
  echo $? >"$0/$i.rc"' "$tmp"
failed=0
i=0
for t in "$@"; do
  cat "$tmp/$i.out" 2>/dev/null
  rc=$(cat "$tmp/$i.rc" 2>/dev/null || echo 127)
  if [ "$rc" != 0 ]; then
    echo "FAIL $t (exit $rc)"
    failed=1
  fi
  i=$((i + 1))
done
exit $failed
