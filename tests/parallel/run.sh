#!/bin/sh
# The parallel paths, for a checking tool to watch: a batch build of every
# leaflet, edition and format with 4 workers, the same as booklets, and a
# mailing of 50 requests in six formats with 4 workers (leaflets laid out
# in parallel, then print files and request PDFs in parallel, sharing the
# stream cache).  The content is the real one and a leaflet in four
# editions whose characters only the fallback face has, so that workers
# meet the fallback font's first load together.
#
#   make tsan      with build/tsan/leaflet (ThreadSanitizer)
#   make san       with build/san/leaflet (AddressSanitizer and UBSan)
#   make valgrind  with LEAFLET_WRAPPER="valgrind ..." and build/leaflet
#
# A run fails on a sanitizer's report, on an exit status other than the one
# expected (a sanitizer's or valgrind's error status included), and when
# it made fewer files than it should (so a crash or an early exit cannot
# pass for a clean run).
# Usage: tests/parallel/run.sh LEAFLET_BINARY
set -eu
bin=${1:-build/leaflet}
today=2026-11-24
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT INT TERM
# stop at the first report; the exit status then says so
TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1 suppressions=$(cd "$(dirname "$0")/../.." && pwd)/tests/tsan.supp ${TSAN_OPTIONS:-}"
export TSAN_OPTIONS
failed=0

# 'run' NAME STATUS ARGS... - Run leaflet (through $LEAFLET_WRAPPER),
# expecting exit status STATUS and no sanitizer report on standard error.
run() {
  name=$1 want=$2
  shift 2
  rc=0
  ${LEAFLET_WRAPPER:-} "$bin" "$@" >"$out/stdout" 2>"$out/stderr" || rc=$?
  if grep -Eq "Sanitizer|runtime error:|==[0-9]+== " "$out/stderr" || [ "$rc" != "$want" ]; then
    echo "FAIL $name (exit $rc, expected $want)"
    sed -n '1,80p' "$out/stderr"
    failed=1
  else
    echo "ok   $name"
  fi
}

# 'count' NAME WANT PATTERN... - WANT files match the patterns.
count() {
  name=$1 want=$2
  shift 2
  n=$(ls "$@" 2>/dev/null | wc -l)
  if [ "$n" -ne "$want" ]; then
    echo "FAIL $name: $n files, expected $want"
    failed=1
  else
    echo "ok   $name: $n files"
  fi
}

# (font paths are relative to the folder above the content's)
cp -R content "$out/content"
ln -s "$(pwd)/fonts" "$out/fonts"
cat >"$out/content/leaflets/tsan-fallback.yaml" <<'YAML'
id: tsan-fallback
title: "Symbols for {tumour.name}"
language: en-GB
publisher: Test
editions:
  - tumour: pancreatic-net
  - tumour: digestive-net
  - tumour: lung-net
  - tumour: lung-nec
review: {last_reviewed: 2025-02-26, next_review: 2028-02-26, version: "1"}
contact: {text: Nurses, phone: "0808 800 4040"}
body:
  - p: "A dose of ≥ 10 mg → twice a day (Ω, Ж, ∑)."
YAML

# 3 print formats x (1 + 4 + 4 editions); braille is left out, as it
# refuses the Cyrillic and Greek letters that make workers load the
# fallback face (no English braille table has them)
run "build --all --force -j 4" 0 build --format standard --format large --format giant \
  --force -j 4 --content "$out/content" --out "$out/build" --today $today
count "build --all" 27 "$out"/build/*.pdf
run "build --all --booklet --force -j 4" 0 build --all --booklet --force -j 4 \
  --content "$out/content" --out "$out/booklet" --today $today
count "booklets" 27 "$out"/booklet/*.booklet.pdf

# 50 requests: both leaflets, every edition, named formats and sizes
{
  printf 'ref,name,address_1,address_2,address_3,town,postcode,leaflet,tumour,format\r\n'
  i=0
  for fmt in standard large giant 20 standard 14pt large standard giant 30; do
    for ed in pancreatic-net digestive-net lung-net lung-nec -; do
      if [ "$ed" = - ]; then leaflet=net-drugs-overview ed=; else leaflet=net-drugs; fi
      printf 'T%03d,Person %d,%d Station Road,Flat %d,,Newtown,NT1 %dAB,%s,%s,%s\r\n' \
        $i $i $((i + 1)) $i $((i % 9)) $leaflet "$ed" $fmt
      i=$((i + 1))
    done
  done
} >"$out/requests.csv"
run "mail of 50 requests -j 4" 0 mail "$out/requests.csv" -j 4 --out "$out/mail" --today $today
count "mail: request PDFs" 50 "$out"/mail/requests/*.pdf
# standard, large, giant, 20pt, 14pt, 30pt
count "mail: print files" 6 "$out"/mail/print-*.pdf

if [ $failed -ne 0 ]; then
  echo "parallel ($bin): FAILED"
  exit 1
fi
echo "parallel ($bin): clean"
