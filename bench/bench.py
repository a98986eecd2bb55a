#!/usr/bin/env python3
"""The benchmark: the one place leaflet's speed and size figures come from.

    make bench        (or: python3 bench/bench.py build/leaflet)

It measures, on this machine:
  - one leaflet as a fresh process (the standard overview): median wall ms
    over repeated runs;
  - the whole batch (every leaflet x edition x format) with 1 worker and with
    one per core: documents per second, pages per second, the speed-up;
  - peak resident memory of the batch (GNU time's maximum RSS);
  - bytes per PDF, for the standard and large-print overview;
  - with valgrind present: the share of instructions (callgrind, so the
    figure repeats exactly) spent building tags (src/pdf/tags.c), and the
    share spent in the PDF backend as a whole.
Timing is measured here and printed; no test asserts it.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/leaflet")
TODAY = "2026-11-24"


def run(args):
    return subprocess.run(args, capture_output=True, text=True, check=True)


def timed(args, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run(args)
        times.append(time.perf_counter() - t0)
    return times


def main():
    out = tempfile.mkdtemp(prefix="leaflet-bench-")
    one = [BIN, "build", "--today", TODAY, "--out", out, "net-drugs-overview"]
    run(one)  # warm the page cache
    t_one = timed(one, 30)
    batch = [BIN, "build", "--today", TODAY, "--out", out, "--all"]
    listing = run(batch).stdout.splitlines()
    docs = len(listing)
    pages = sum(int(re.search(r"\((\d+) page", l).group(1)) for l in listing)
    t1 = statistics.median(timed(batch + ["-j", "1"], 9))
    tn = statistics.median(timed(batch, 9))
    rss = run(["/usr/bin/time", "-f", "%M", *batch]).stderr.strip().splitlines()[-1]
    size_std = os.path.getsize(os.path.join(out, "net-drugs-overview.standard.pdf"))
    size_large = os.path.getsize(os.path.join(out, "net-drugs-overview.large.pdf"))
    cores = os.cpu_count()
    print(f"machine: {cores} cores")
    print(f"one leaflet, fresh process (standard overview): median {statistics.median(t_one) * 1000:.1f} ms"
          f" (min {min(t_one) * 1000:.1f} ms, 30 runs)")
    print(f"batch of {docs} documents, {pages} pages, 1 worker: {t1 * 1000:.0f} ms = "
          f"{docs / t1:.0f} docs/s, {pages / t1:.0f} pages/s")
    print(f"batch, {cores} workers: {tn * 1000:.0f} ms = {docs / tn:.0f} docs/s, {pages / tn:.0f} pages/s"
          f" (speed-up {t1 / tn:.2f}x)")
    print(f"batch peak RSS: {int(rss) / 1024:.1f} MiB")
    print(f"bytes: standard overview {size_std}, large-print overview {size_large}")
    if subprocess.run(["which", "valgrind"], capture_output=True).returncode == 0:
        cg = os.path.join(out, "callgrind.out")
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={cg}", *batch,
                        "-j", "1"], capture_output=True)
        ann = run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", cg]).stdout
        total = int(re.search(r"([\d,]+) \(100.0%\)\s+PROGRAM TOTALS", ann).group(1).replace(",", ""))
        def incl(pattern):
            seen, n = set(), 0
            for m in re.finditer(r"^\s*([\d,]+) \([^)]*\)\s+(\S*?)(src/pdf/\S+?):(\w+)", ann, re.M):
                if re.match(pattern, m.group(4)) and m.group(4) not in seen:
                    seen.add(m.group(4))
                    n += int(m.group(1).replace(",", ""))
            return n
        tags = incl(r"lf_pdf_tags_")
        pdf = incl(r"lf_pdf_write$")
        print(f"instructions (callgrind, batch, 1 worker): {total:,}; PDF backend {100 * pdf / total:.1f} %;"
              f" tagging {100 * tags / total:.2f} %")
    subprocess.run(["rm", "-rf", out])


if __name__ == "__main__":
    main()
