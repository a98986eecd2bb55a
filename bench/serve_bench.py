#!/usr/bin/env python3
"""Load on `leaflet serve`, on loopback only: a bounded run, not a test.

    python3 bench/serve_bench.py build/leaflet [--clients 50] [--seconds 20]

Starts `leaflet serve --port 0` (default render threads and queue), then
CLIENTS threads, each on its own keep-alive connection to 127.0.0.1, send
requests for SECONDS: 70 % PDFs in mixed formats (standard 35 %, large
20 %, giant 10 %, another size from 12 to 48 pt 25 %, an A5 booklet 10 %)
over every leaflet and edition, 30 % pages (the catalogue, searched or
not, and leaflet pages).  Prints requests per second, p50 and p99
latency (all, PDFs, pages), errors (anything but 200, with 503s counted
apart: they are the deliberate "busy" answer), and the server's peak RSS
and CPU time from /proc.

Then --watch: a copy of content/ is served with --watch, an event stream
is opened as a page would, and a leaflet file is saved 10 times; the time
from each save to the event that makes open pages reload is printed
(median and worst): the server's part of "the page reloads within a
second" (the browser's reload comes on top).
"""
import atexit
import http.client
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

args = sys.argv[1:]
leaflet = os.path.abspath(args[0] if args and not args[0].startswith("--") else "build/leaflet")
clients = int(args[args.index("--clients") + 1]) if "--clients" in args else 50
seconds = float(args[args.index("--seconds") + 1]) if "--seconds" in args else 20.0
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

DOCS = ["/leaflets/net-drugs-overview", "/leaflets/net-drugs/pancreatic-net",
        "/leaflets/net-drugs/digestive-net", "/leaflets/net-drugs/lung-net",
        "/leaflets/net-drugs/lung-nec"]
SEARCHES = ["", "sutent", "lung", "immunotherapy", "everolimus", "nec"]


def pick(rng):
    """A request: (kind, path)."""
    r = rng.random()
    doc = rng.choice(DOCS)
    if r < 0.30:
        if rng.random() < 0.5:
            q = rng.choice(SEARCHES)
            return "page", "/" + ("?q=" + q if q else "")
        return "page", doc
    r = rng.random()
    if r < 0.35:
        query = "format=standard"
    elif r < 0.55:
        query = "format=large"
    elif r < 0.65:
        query = "format=giant"
    elif r < 0.90:
        query = "format=size&size=%g" % (rng.randint(24, 96) / 2)
    else:
        query = "format=%s&layout=booklet" % rng.choice(["standard", "large"])
    return "pdf", doc + "/pdf?" + query


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def proc_stats(pid):
    """Peak RSS (KiB) and CPU seconds of a process, from /proc."""
    rss = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                rss = int(line.split()[1])
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return rss, (int(fields[11]) + int(fields[12])) / ticks


def start(*extra):
    """`leaflet serve --port 0` and the port it took."""
    server = subprocess.Popen([leaflet, "serve", "--port", "0", *extra], cwd=root,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    atexit.register(lambda: server.poll() is None and server.kill())
    for line in server.stderr:
        m = re.search(rb"serving \S+ at http://127\.0\.0\.1:(\d+)/", line)
        if m:
            threading.Thread(target=lambda: server.stderr.read(), daemon=True).start()
            return server, int(m.group(1))
    sys.exit("leaflet serve did not start")


def watch_latency(saves=10):
    """Seconds from each save of a content file to the event on an open stream."""
    tmp = tempfile.mkdtemp(prefix="leaflet-bench-")
    try:
        shutil.copytree(os.path.join(root, "content"), os.path.join(tmp, "content"))
        os.symlink(os.path.join(root, "fonts"), os.path.join(tmp, "fonts"))
        server, port = start("--watch", "--content", os.path.join(tmp, "content"))
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(b"GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        seen = b""
        while b"data: 1\n\n" not in seen:
            seen += s.recv(4096)
        path = os.path.join(tmp, "content", "leaflets", "net-drugs-overview.yaml")
        original = open(path).read()
        times = []
        for i in range(saves):
            time.sleep(0.3)
            t0 = time.monotonic()
            with open(path, "w") as f:
                f.write(original.replace("Some drugs work", "Some drugs work (%d)" % i))
            want, seen = b"data: %d\n\n" % (i + 2), b""
            while want not in seen:
                seen += s.recv(4096)
            times.append(time.monotonic() - t0)
        s.close()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        return times
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    server, port = start()
    results = []  # (kind, status, seconds)
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(n):
        rng = random.Random(n)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.monotonic() < stop_at:
            kind, path = pick(rng)
            t0 = time.monotonic()
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                body = resp.read()
                status = resp.status
                if status == 200 and kind == "pdf" and not body.startswith(b"%PDF-"):
                    status = -2
                if resp.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            except (OSError, http.client.HTTPException):
                status = -1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append((kind, status, time.monotonic() - t0))
        conn.close()
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    rss, cpu = proc_stats(server.pid)
    server.send_signal(signal.SIGTERM)
    code = server.wait(timeout=60)

    ok = [r for r in results if r[1] == 200]
    busy = [r for r in results if r[1] == 503]
    errors = [r for r in results if r[1] not in (200, 503)]
    print(f"machine: {os.cpu_count()} cores; {clients} clients on 127.0.0.1 for {seconds:g} s; "
          f"leaflet serve with its default render threads (one per core) and queue (64)")
    print(f"requests: {len(results)} in {elapsed:.1f} s = {len(results) / elapsed:.0f} requests/s "
          f"({len([r for r in ok if r[0] == 'pdf'])} PDFs, {len([r for r in ok if r[0] == 'page'])} pages)")
    for label, kind in (("all", None), ("PDFs", "pdf"), ("pages", "page")):
        lat = [r[2] * 1000 for r in ok if kind is None or r[0] == kind]
        print(f"latency {label}: p50 {percentile(lat, 50):.1f} ms, p99 {percentile(lat, 99):.1f} ms, "
              f"max {max(lat) if lat else float('nan'):.1f} ms")
    print(f"errors: {len(errors)} (busy 503s: {len(busy)})")
    print(f"server: peak RSS {rss / 1024:.1f} MiB, CPU {cpu:.1f} s "
          f"({cpu / max(1, len(ok)) * 1000:.2f} ms a request); exit status after SIGTERM {code}")
    lat = [t * 1000 for t in watch_latency()]
    print(f"--watch: a save to the event on an open page's stream: median {percentile(lat, 50):.0f} ms, "
          f"worst {max(lat):.0f} ms ({len(lat)} saves; 100 ms of it is waiting for the writes to settle)")
    return 1 if errors or code != 0 else 0


if __name__ == "__main__":
    sys.exit(main())
