#!/bin/sh
# PDF/UA-1 tests with an independent checker (tests/pdfua/check_pdfua.py).
#
# Usage: tests/pdfua/run.sh LEAFLET.pdf [LEAFLET.pdf ...]
#
# 1. Every PDF given must PASS the checker.
# 2. Broken variants of the first PDF (tests/pdfua/make_broken.py; of a later
#    one for a case the first has nothing to break for) must each FAIL with
#    the checkpoint the variant breaks, on a FAIL line that also matches the
#    case's pattern -- and that line must not already be in the checker's
#    report on the unbroken PDF it was made from, so no case passes
#    vacuously.
# A variant that cannot be made from the first PDF (it has no list, say)
# counts as failed unless PDFUA_ALLOW_SKIP=1.  Prints one line per case and
# ends with "pdfua: N passed, M failed"; exits non-zero when M > 0.  Needs
# pikepdf (Debian: python3-pikepdf).
set -u
here=$(cd "$(dirname "$0")" && pwd)

if [ $# -eq 0 ]; then
  echo "usage: $0 LEAFLET.pdf [...]" >&2
  exit 2
fi

py=
for c in ${PYTHON:-} python3 /usr/bin/python3; do
  if "$c" -c 'import pikepdf' >/dev/null 2>&1; then
    py=$c
    break
  fi
done
if [ -z "$py" ]; then
  echo "FAIL no python3 with pikepdf (install python3-pikepdf)"
  echo "pdfua: 0 passed, 1 failed"
  exit 1
fi

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
indent() { sed 's/^/       /'; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pdfua.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# check_all LIST DIR: every file LIST names checked, a process a core
# (check_pdfua.py --each), file i's report in DIR/i.out, its status in
# DIR/i.rc.  Starting Python and pikepdf for each file was most of the time.
jobs=$(nproc 2>/dev/null || echo 2)
check_all() {
  mkdir -p "$2"
  k=0
  while [ "$k" -lt "$jobs" ]; do
    "$py" "$here/check_pdfua.py" --each "$1" "$k/$jobs" "$2" &
    k=$((k + 1))
  done
  wait
}
# result LIST DIR FILE: FILE's index in LIST, or empty
index_of() { grep -n -x -F -e "$3" "$1" | head -n 1 | cut -d: -f1; }

# 1. The real outputs.
: >"$tmp/real.list"
for pdf in "$@"; do printf '%s\n' "$pdf" >>"$tmp/real.list"; done
check_all "$tmp/real.list" "$tmp/real"
i=0
for pdf in "$@"; do
  if [ "$(cat "$tmp/real/$i.rc" 2>/dev/null)" = 0 ]; then
    ok "conforms: $pdf"
  elif [ ! -f "$tmp/real/$i.rc" ]; then
    bad "conforms: $pdf: no report (the checker's process stopped before this file)"
  else
    bad "conforms: $pdf"
    grep -v '^FAILED ' "$tmp/real/$i.out" 2>/dev/null | indent
  fi
  i=$((i + 1))
done

# 2. Broken variants of the first one (or, for a case it gives nothing to
#    break, of the first of the others that does: a CFF font, say).
first=$1
shift
if ! "$py" "$here/make_broken.py" "$first" "$tmp" "$@" 2>"$tmp/make.log"; then
  bad "make_broken.py $first"
  indent <"$tmp/make.log"
else
  # A case no PDF given can support is a test that did not run: it counts
  # as failed unless PDFUA_ALLOW_SKIP=1.
  while IFS= read -r line; do
    case $line in
      SKIP*)
        if [ "${PDFUA_ALLOW_SKIP:-0}" = 1 ]; then
          echo "skip ${line#SKIP }"
        else
          bad "not made: ${line#SKIP }"
        fi ;;
    esac
  done <"$tmp/make.log"
  # every file the cases need checked, at once: the base, each case and
  # each case's own base
  tab=$(printf '\t')
  { echo "$tmp/base.pdf"
    while IFS="$tab" read -r file id pattern base what; do
      [ -n "$file" ] || continue
      echo "$tmp/$file"
      echo "$tmp/$base"
    done <"$tmp/cases.tsv"; } | awk '!seen[$0]++' >"$tmp/cases.list"
  check_all "$tmp/cases.list" "$tmp/cases"
  # checked FILE OUT: FILE's report copied to OUT; its status returned
  checked() {
    n=$(index_of "$tmp/cases.list" "" "$1")
    n=$((n - 1))
    cp "$tmp/cases/$n.out" "$2" 2>/dev/null || : >"$2"
    return "$(cat "$tmp/cases/$n.rc" 2>/dev/null || echo 2)"
  }
  checked "$tmp/base.pdf" "$tmp/base.pdf.out"
  base_rc=$?
  if [ "$base_rc" -eq 0 ]; then
    ok "base of the broken variants conforms"
  else
    bad "base of the broken variants (checker exit $base_rc)"
    grep -v '^FAILED ' "$tmp/base.pdf.out" | indent
  fi
  while IFS="$tab" read -r file id pattern base what; do
    [ -n "$file" ] || continue
    if [ ! -f "$tmp/$base.out" ]; then
      checked "$tmp/$base" "$tmp/$base.out"
    fi
    checked "$tmp/$file" "$tmp/case.out"
    rc=$?
    hits=$(grep -E "^FAIL $id " "$tmp/case.out" | grep -E -e "$pattern")
    if [ "$rc" -ne 1 ]; then
      bad "$file: checker exited $rc, expected 1 ($what)"
      indent <"$tmp/case.out"
    elif [ -z "$hits" ]; then
      bad "$file: no 'FAIL $id' matching /$pattern/ ($what)"
      indent <"$tmp/case.out"
    else
      new=$(printf '%s\n' "$hits" | grep -vxF -f "$tmp/$base.out")
      if [ -z "$new" ]; then
        bad "$file: vacuous, the base already fails the same way ($what)"
      else
        ok "$file: $(printf '%s\n' "$new" | head -n 1)"
      fi
    fi
  done <"$tmp/cases.tsv"
fi

echo "pdfua: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
