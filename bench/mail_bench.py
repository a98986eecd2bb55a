#!/usr/bin/env python3
"""Benchmark of the batch commands: a mailing of 1,000 requests
(`leaflet mail`) and the batch build (`leaflet build --all --force`), each
with one worker and with one per core.

Prints wall time, documents and pages per second, peak resident memory
and CPU time (of the leaflet process, from wait4) and the speed-up from one
worker to all cores.  On a shared machine read the CPU time too: the wall
time and the speed-up depend on what else is running.  The mailing file is made here, the same every time (a fixed
seed): 1,000 people, 30 % asking for the overview leaflet and the rest for
one of the four tumour editions; 70 % standard print, 18 % large, 7 %
giant, 3 % 20 pt and 2 % 16 pt.

Usage: python3 bench/mail_bench.py [build/leaflet] [--requests N] [--runs N]
(`make mail-bench`).  Nothing here is a test: no figure is asserted.

With --scale 1000,10000,100000 (`make mail-scale-bench`) it times only
`leaflet mail` with one worker per core, once at each number of requests
(the same generator), and prints for each the wall time, requests per
second, peak RSS, bytes written (every file of the output folder), print
files made and CPU time, then how time and memory grew from the smallest
to the largest: a mailing should cost the same per request at any size
and the same memory.  --batch-sheets N is passed on (0: one print file a
format, the spool's memory alone).  The output goes to a temporary folder
on the disk (--tmp DIR to choose); 100,000 requests write about 3 GB.
"""
import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

EDITIONS = ["pancreatic-net", "digestive-net", "lung-net", "lung-nec"]
FORMATS = (["standard", "large", "giant", "20", "16"], [70, 18, 7, 3, 2])
TODAY = "2026-11-24"


def make_requests(path, count):
    rng = random.Random(5)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("ref,name,address_1,address_2,address_3,town,postcode,leaflet,tumour,format\r\n")
        for i in range(count):
            fmt = rng.choices(*FORMATS)[0]
            if rng.random() < 0.3:
                leaflet, tumour = "net-drugs-overview", ""
            else:
                leaflet, tumour = "net-drugs", rng.choice(EDITIONS)
            flat = f"Flat {rng.randint(1, 9)}" if rng.random() < 0.4 else ""
            f.write(f"B{i:05d},Person {i},{rng.randint(1, 200)} Station Road,{flat},,"
                    f"Newtown,NT{rng.randint(1, 9)} {rng.randint(1, 9)}AB,{leaflet},{tumour},"
                    f"{fmt}\r\n")


def run_measured(args):
    """Wall time, peak RSS (KiB), standard error, exit status and CPU
    seconds (user + system, all threads) of one run of 'args', started with
    posix_spawn and reaped with wait4.  The peak RSS is GNU time's for the
    program alone (wait4's ru_maxrss of a child of this Python process
    would count Python's own pages); without /usr/bin/time it is 0."""
    rss_file = ERR_FILE + ".rss"
    timed = (["/usr/bin/time", "-f", "%M", "-o", rss_file, *args]
             if os.path.exists("/usr/bin/time") else list(args))
    actions = [
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, ERR_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
    ]
    start = time.monotonic()
    pid = os.posix_spawn(timed[0], timed, os.environ, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.monotonic() - start
    with open(ERR_FILE, encoding="utf-8") as f:
        err = f.read()
    rss = 0
    if timed[0] == "/usr/bin/time":
        with open(rss_file, encoding="utf-8") as f:
            rss = int(f.read().split()[-1])
    CPU.append(usage.ru_utime + usage.ru_stime)
    return seconds, rss, err, os.waitstatus_to_exitcode(status)


ERR_FILE = None
CPU = []   # CPU seconds of each run, in order


def folder_bytes(path):
    """Bytes and files under 'path'."""
    total = files = 0
    for root, _, names in os.walk(path):
        for n in names:
            total += os.path.getsize(os.path.join(root, n))
            files += 1
    return total, files


def scale(binary, counts, batch_sheets, tmp):
    """`leaflet mail` at each number of requests, one worker per core."""
    cores = os.cpu_count() or 1
    print(f"machine: {cores} cores; leaflet {os.path.relpath(binary)}; mail -j {cores}"
          + (f" --batch-sheets {batch_sheets}" if batch_sheets is not None else ""))
    results = []
    for n in counts:
        csv_path = os.path.join(tmp, f"requests-{n}.csv")
        make_requests(csv_path, n)
        out = os.path.join(tmp, f"mail-{n}")
        args = [binary, "mail", csv_path, "--out", out, "--today", TODAY, "-j", str(cores)]
        if batch_sheets is not None:
            args += ["--batch-sheets", str(batch_sheets)]
        seconds, rss, err, code = run_measured(args)
        m = re.search(r"(\d+) made.*?; (\d+) pages; (\d+) print files?, (\d+) pages", err)
        if code != 0 or not m:
            print(f"mail of {n} requests failed (exit {code}):\n{err[-1000:]}")
            return 1
        made, pages, prints, print_pages = map(int, m.groups())
        written, files = folder_bytes(out)
        results.append((n, seconds, rss, written))
        print(f"{n:>7} requests: {seconds:8.2f} s = {made / seconds:5.0f} requests/s, "
              f"{seconds / n * 1000:.2f} ms a request; peak RSS {rss / 1024:5.1f} MiB; "
              f"{written / 1e6:8.1f} MB written in {files} files ({made} request PDFs, {prints} "
              f"print files of {print_pages} pages); CPU {CPU[-1]:.1f} s", flush=True)
        shutil.rmtree(out, ignore_errors=True)
        os.unlink(csv_path)
    if len(results) > 1:
        (n0, s0, r0, _), (n1, s1, r1, _) = results[0], results[-1]
        print(f"from {n0} to {n1} requests ({n1 / n0:.0f}x): time {s1 / s0:.1f}x "
              f"({s1 / n1 * 1000:.2f} against {s0 / n0 * 1000:.2f} ms a request), "
              f"peak RSS {r1 / 1024:.1f} against {r0 / 1024:.1f} MiB (+{(r1 - r0) / 1024:.1f})")
    return 0


def main():
    global ERR_FILE
    ap = argparse.ArgumentParser()
    ap.add_argument("binary", nargs="?", default="build/leaflet")
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5, help="runs of the batch build (median)")
    ap.add_argument("--scale", help="request counts, as 1000,10000,100000: time only the "
                    "mailing at each")
    ap.add_argument("--batch-sheets", type=int, default=None,
                    help="with --scale: passed on to leaflet mail")
    ap.add_argument("--tmp", default=None, help="where the output goes (default: $TMPDIR)")
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)
    cores = os.cpu_count() or 1
    tmp = tempfile.mkdtemp(prefix="leaflet-mail-bench-", dir=a.tmp)
    ERR_FILE = os.path.join(tmp, "stderr")
    if a.scale:
        try:
            return scale(binary, [int(x) for x in a.scale.split(",")], a.batch_sheets, tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    try:
        csv_path = os.path.join(tmp, "requests.csv")
        make_requests(csv_path, a.requests)
        print(f"machine: {cores} cores; {a.requests} requests; leaflet {os.path.relpath(binary)}")
        mail = {}
        for workers in sorted({1, cores}):
            out = os.path.join(tmp, f"mail-{workers}")
            seconds, rss, err, code = run_measured(
                [binary, "mail", csv_path, "--out", out, "--today", TODAY, "-j", str(workers)])
            m = re.search(r"(\d+) made.*?; (\d+) pages; (\d+) print files?, (\d+) pages", err)
            if code != 0 or not m:
                print(f"mail -j {workers} failed (exit {code}):\n{err[-1000:]}")
                return 1
            made, pages, prints, print_pages = map(int, m.groups())
            mail[workers] = seconds
            docs = made + prints
            print(f"mail, {workers} worker{'s' if workers > 1 else ''}: {seconds:.2f} s = "
                  f"{made / seconds:.0f} requests/s; {docs} PDFs ({made} requests + {prints} "
                  f"print files), {pages + print_pages} pages = {docs / seconds:.0f} docs/s, "
                  f"{(pages + print_pages) / seconds:.0f} pages/s; peak RSS "
                  f"{rss / 1024:.0f} MiB; CPU {CPU[-1]:.2f} s")
            shutil.rmtree(out, ignore_errors=True)
        if cores > 1:
            print(f"mail speed-up, 1 -> {cores} workers: {mail[1] / mail[cores]:.2f}x")
        build = {}
        for workers in sorted({1, cores}):
            out = os.path.join(tmp, f"build-{workers}")
            times, rss_max, cpu = [], 0, []
            for _ in range(a.runs):
                seconds, rss, err, code = run_measured(
                    [binary, "build", "--all", "--force", "--out", out, "--today", TODAY,
                     "-j", str(workers)])
                if code != 0:
                    print(f"build -j {workers} failed (exit {code}):\n{err[-1000:]}")
                    return 1
                times.append(seconds)
                cpu.append(CPU[-1])
                rss_max = max(rss_max, rss)
            m = re.search(r"(\d+) documents .*?, (\d+) pages", err)
            docs, pages = map(int, m.groups())
            seconds = statistics.median(times)
            build[workers] = seconds
            print(f"build --all, {workers} worker{'s' if workers > 1 else ''}: median of "
                  f"{a.runs} {seconds * 1000:.0f} ms = {docs / seconds:.0f} docs/s, "
                  f"{pages / seconds:.0f} pages/s ({docs} documents, {pages} pages); peak RSS "
                  f"{rss_max / 1024:.1f} MiB; CPU {statistics.median(cpu) * 1000:.0f} ms")
            seconds, rss, err, code = run_measured(
                [binary, "build", "--all", "--out", out, "--today", TODAY, "-j", str(workers)])
            print(f"build --all again, nothing changed: {seconds * 1000:.0f} ms")
        if cores > 1:
            print(f"build speed-up, 1 -> {cores} workers: {build[1] / build[cores]:.2f}x")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
