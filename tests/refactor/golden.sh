#!/bin/sh
# Golden outputs for a refactor: render everything `make leaflets` writes,
# booklets, other sizes and papers, and a mailing (every format), then print
# the SHA-256 of every file written, sorted by name.  Compare the list
# before and after a change that must not change any output:
#
#   sh tests/refactor/golden.sh build/leaflet > /tmp/before.txt
#   ... change ...
#   sh tests/refactor/golden.sh build/leaflet | diff /tmp/before.txt -
set -eu
bin=${1:-build/leaflet}
today=2026-11-24
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT INT TERM
"$bin" build --all --out "$out/all" --today $today >/dev/null 2>&1
"$bin" build --all --booklet --out "$out/booklet" --today $today >/dev/null 2>&1
"$bin" build --size 20 --size 36 --paper A5 --out "$out/sizes" --today $today >/dev/null 2>&1
"$bin" build --all --allow-overdue --today 2031-01-01 --out "$out/overdue" >/dev/null 2>&1 || true
python3 - "$out/requests.csv" <<'PY'
import random, sys
rng = random.Random(7)
eds = ["pancreatic-net", "digestive-net", "lung-net", "lung-nec"]
with open(sys.argv[1], "w", newline="") as f:
    f.write("ref,name,address_1,address_2,address_3,town,postcode,leaflet,tumour,format\r\n")
    for i, fmt in enumerate(["standard", "large", "giant", "20", "16", "30", "standard", "large"] * 3):
        lf, t = ("net-drugs-overview", "") if i % 3 == 0 else ("net-drugs", eds[i % 4])
        f.write(f"G{i:03d},Person {i},{i+1} Station Road,Flat {i},,Newtown,NT1 {i%9}AB,{lf},{t},{fmt}\r\n")
PY
"$bin" mail "$out/requests.csv" --out "$out/mail" --today $today >/dev/null 2>&1
# A manifest's "input" digest names the program itself (a rebuilt leaflet
# rebuilds every PDF), so it is left out of the comparison.
for m in "$out"/*/manifest.json; do
  sed 's/"input": "[0-9a-f]*"/"input": -/' "$m" > "$m.tmp" && mv "$m.tmp" "$m"
done
cd "$out" && find . -type f ! -name requests.csv | sort | xargs sha256sum
