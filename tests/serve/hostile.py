#!/usr/bin/env python3
"""Hostile requests against `leaflet serve`, on loopback only.

    python3 tests/serve/hostile.py build/leaflet

Each case is sent on a raw socket (so nothing normalises the path) and
must get its 4xx (or be cut off) without a byte of any file in the answer;
after every case an ordinary request must still be answered.  Then: a
slowloris client (connections that never finish their headers) is cut
off while others are served; a full render queue answers 503 with
Retry-After and nothing else fails; SIGTERM lets renders under way finish
and be sent whole, then the server exits 0; every answer carries the
security headers; nothing a client sent is in the server's log.

Prints one line per check and "N passed, N failed" at the end.
"""
import atexit
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import tempfile
import time

LEAFLET = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/leaflet")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TODAY = "2026-11-24"
PASSED, FAILED = [], []


def check(name, ok, detail=""):
    (PASSED if ok else FAILED).append(name)
    print(("ok   " if ok else "FAIL ") + name + ("" if ok or not detail else "\n     " + str(detail)[:600]))


class Server:
    """`leaflet serve --port 0` with its log collected."""

    def __init__(self, *args):
        # a slow client is cut after 2 s, not the 10 s a ward gets: the
        # slowloris and "\r\n"-flood cases wait it out
        self.proc = subprocess.Popen([LEAFLET, "serve", "--port", "0", "--today", TODAY,
                                      "--header-timeout", "2", *args],
                                     cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        atexit.register(lambda p=self.proc: p.poll() is None and p.kill())
        self.log = ""
        deadline = time.time() + 10
        while time.time() < deadline:
            line = self.proc.stderr.readline().decode()
            self.log += line
            m = re.search(r"serving \S+ at http://127\.0\.0\.1:(\d+)/", line)
            if m:
                self.port = int(m.group(1))
                break
            if not line and self.proc.poll() is not None:
                raise SystemExit("leaflet serve did not start:\n" + self.log)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stderr:
            self.log += line.decode()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return None


def exchange(port, data, timeout=5.0, read=True):
    """Send raw bytes; return (status or None when cut off, headers, body)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        try:
            s.sendall(data)
        except OSError:
            pass  # cut off while sending: read what was said
        if not read:
            return None, {}, b""
        chunks = []
        try:
            while True:
                b = s.recv(65536)
                if not b:
                    break
                chunks.append(b)
                raw = b"".join(chunks)
                head, sep, body = raw.partition(b"\r\n\r\n")
                if sep:
                    m = re.search(rb"\r\ncontent-length: *(\d+)", head, re.I)
                    if m and len(body) >= int(m.group(1)):
                        break
        except OSError:
            pass
        raw = b"".join(chunks)
    finally:
        s.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    m = re.match(rb"HTTP/1\.[01] (\d{3})", head)
    headers = {}
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        headers[k.strip().lower().decode("latin-1")] = v.strip().decode("latin-1")
    return (int(m.group(1)) if m else None), headers, body


def get(port, target, extra=b"", method=b"GET", timeout=5.0):
    req = method + b" " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extra + b"\r\n"
    return exchange(port, req, timeout)


# Bytes of files a traversal might reach: none may ever be in an answer.
SECRETS = [b"root:x:0:0", b"brand_names:", b"fonts/AtkinsonHyperlegible", b"LDLIBS", b"\x00\x01\x00\x00\x00"]


def still_serving(srv, after):
    status, _, body = get(srv.port, b"/")
    check(f"still serving after {after}", status == 200 and b"Patient information leaflets" in body, status)


def hostile_cases(srv):
    traversal = [
        b"/../../../../etc/passwd",
        b"/leaflets/../../../../etc/passwd",
        b"/leaflets/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        b"/leaflets/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        b"/leaflets/..%2f..%2fcontent%2fdrugs%2fsunitinib.yaml",
        b"/leaflets/%252e%252e/%252e%252e/etc/passwd",
        b"/leaflets/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
        b"/leaflets/%e0%80%ae%e0%80%ae/etc/passwd",
        b"/leaflets/..%5c..%5cetc%5cpasswd",
        b"/leaflets/..\\..\\etc\\passwd",
        b"/leaflets/net-drugs/../../../Makefile",
        b"/leaflets/net-drugs/%2e%2e%2f%2e%2e%2fMakefile/pdf",
        b"/assets/../../content/drugs/sunitinib.yaml",
        b"/assets/%2e%2e%2f%2e%2e%2fcontent%2fdrugs%2fsunitinib.yaml",
        b"/assets/..%252f..%252fMakefile",
        b"/content/drugs/sunitinib.yaml",
        b"/fonts/AtkinsonHyperlegible-Regular.ttf",
        b"//etc/passwd",
        b"/./leaflets/net-drugs-overview",
        b"/leaflets/net-drugs-overview%00.yaml",
        b"/leaflets/net-drugs-overview/pdf?format=../../styles/standard",
        b"/leaflets/net-drugs-overview/pdf?format=%2e%2e%2fstandard",
        b"http://127.0.0.1/../../etc/passwd",
    ]
    for target in traversal:
        status, headers, body = get(srv.port, target)
        leaked = [s for s in SECRETS if s in body]
        check(f"traversal {target.decode('latin-1')}: {status}",
              status is None or (400 <= status < 500 and not leaked), (status, leaked))
    still_serving(srv, "path traversal")

    bad_encoding = [b"/leaflets/%zz", b"/leaflets/%", b"/leaflets/%4", b"/leaflets/x%00y",
                    b"/leaflets/%ff%fe", b"/leaflets/%ed%a0%80", b"/?q=%ff", b"/?q=%",
                    b"/?q=a%0d%0aSet-Cookie:%20x",
                    b"/leaflets/net-drugs-overview/pdf?format=size&size=2%",
                    b"/leaflets/net-drugs-overview/pdf?layout=%c0%80"]
    for target in bad_encoding:
        status, headers, _ = get(srv.port, target)
        check(f"bad %-encoding {target.decode('latin-1')}: 400", status == 400 and "set-cookie" not in headers, status)
    still_serving(srv, "bad %-encoding")

    unknown = [b"/leaflets/no-such-leaflet", b"/leaflets/net-drugs/no-such-tumour",
               b"/leaflets/net-drugs/no-such-tumour/pdf", b"/leaflets/no-such/pdf",
               b"/leaflets/net-drugs-overview/lung-nec", b"/assets/missing.js", b"/events",
               b"/leaflets/NET-DRUGS-OVERVIEW", b"/favicon.ico", b"/leaflets/" + b"a" * 65]
    for target in unknown:
        status, _, _ = get(srv.port, target)
        check(f"unknown {target.decode()[:60]}: 404", status == 404, status)
    still_serving(srv, "unknown ids")

    pdf = b"/leaflets/net-drugs/pancreatic-net/pdf?format=size&size="
    for size in [b"11.5", b"48.5", b"0", b"-12", b"100", b"1e1", b"20.25", b"abc", b"nan", b"inf",
                 b"0x14", b"", b"20%20px", b"9" * 400]:
        status, _, body = get(srv.port, pdf + size)
        check(f"size '{size.decode()[:20]}': 4xx", status in (400, 414) and not body.startswith(b"%PDF"), status)
    for size in [b"12", b"48", b"20.5"]:
        status, headers, body = get(srv.port, pdf + size)
        check(f"size {size.decode()}: a PDF", status == 200 and body.startswith(b"%PDF-")
              and headers.get("content-type") == "application/pdf", status)
    # a size the paper cannot hold: the leaflet's page again, saying so
    # (not a problem "in the content"), and a size it can hold, made
    status, _, body = get(srv.port, pdf + b"48&layout=booklet")
    check("size 48 as an A5 booklet: 400, too large for it, choose another",
          status == 400 and b"48 pt is too large for an A5 booklet" in body and
          b'name="layout"' in body, (status, body[-600:]))
    status, _, body = get(srv.port, pdf + b"28&layout=booklet")
    check("size 28 as an A5 booklet: a PDF", status == 200 and body.startswith(b"%PDF-"), status)
    status, _, _ = get(srv.port, b"/leaflets/net-drugs/pancreatic-net/pdf?format=poster")
    check("a format that does not exist: 400", status == 400, status)
    status, _, _ = get(srv.port, b"/leaflets/net-drugs/pancreatic-net/pdf?format=large&size=20")
    check("a format and a size at once: 400", status == 400, status)
    still_serving(srv, "sizes outside 12-48")

    # overlong lines and headers, too many of them, bodies, methods, garbage
    status, _, _ = exchange(srv.port, b"GET /" + b"a" * 100000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    check(f"a 100 kB request line: 4xx or cut off ({status})", status is None or 400 <= status < 500, status)
    status, _, _ = get(srv.port, b"/leaflets/" + b"a" * 600)
    check(f"a path over the limit: 414 ({status})", status == 414, status)
    status, _, _ = get(srv.port, b"/?" + b"&".join(b"a%d=1" % i for i in range(40)))
    check(f"too many query arguments: 414 ({status})", status == 414, status)
    status, _, _ = get(srv.port, b"/?q=" + b"a" * 1500)
    check(f"a query over the limit: 414 ({status})", status == 414, status)
    status, _, _ = get(srv.port, b"/?q=" + b"a" * 300)
    check(f"a search over 200 bytes: 400 ({status})", status == 400, status)
    status, _, _ = get(srv.port, b"/", b"X-Long: " + b"a" * 100000 + b"\r\n")
    check(f"a 100 kB header: 4xx or cut off ({status})", status is None or 400 <= status < 500, status)
    status, _, _ = get(srv.port, b"/", b"".join(b"X-H%d: v\r\n" % i for i in range(100)))
    check(f"100 headers: 431 ({status})", status == 431, status)
    status, _, _ = get(srv.port, b"/", b"".join(b"X-H%d: %s\r\n" % (i, b"v" * 1000) for i in range(20)))
    check(f"20 kB of headers: 431 ({status})", status == 431, status)
    # a sign-in proxy's session cookies (OIDC, often 4 to 8 KB, split into
    # several) and a browser's other headers: served (8 KiB was refused)
    cookies = b"; ".join(b"_oauth2_proxy_%d=%s" % (i, b"c" * 3900) for i in range(3))
    status, _, _ = get(srv.port, b"/", b"Cookie: " + cookies + b"\r\nUser-Agent: " + b"u" * 300 +
                       b"\r\nAccept: " + b"a" * 200 + b"\r\n")
    check(f"12 kB of sign-in cookies: served ({status})", status == 200, status)
    for method in [b"POST", b"PUT", b"DELETE", b"PATCH", b"OPTIONS", b"TRACE", b"CONNECT"]:
        status, headers, _ = get(srv.port, b"/", method=method)
        check(f"{method.decode()}: 405 ({status})", status == 405 and headers.get("allow") == "GET, HEAD", status)
    status, _, _ = get(srv.port, b"/", b"Content-Length: 11\r\n", method=b"POST")
    check(f"a POST with a body (name=value): 405, the method being what is wrong ({status})",
          status == 405, status)
    status, _, _ = exchange(srv.port, b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 13\r\n\r\nname=J+Smith&")
    check(f"a GET with a body: 413 ({status})", status == 413, status)
    status, _, _ = exchange(srv.port, b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
    check(f"a chunked body: 4xx ({status})", status is not None and 400 <= status < 500, status)
    for garbage in [b"HELLO\r\n\r\n", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + os.urandom(64),
                    b"GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", b"\r\n" * 5000]:
        status, _, _ = exchange(srv.port, garbage, timeout=15)
        check(f"garbage {garbage[:16]!r}: 4xx or cut off ({status})", status is None or 400 <= status < 500, status)
    status, _, _ = exchange(srv.port, b"GET / HTTP/9.9\r\n\r\n")
    check(f"an HTTP version that does not exist: 505 ({status})", status == 505, status)
    # libmicrohttpd hands the path over as a C string: a NUL ends it there,
    # so what follows a NUL is never read (the part before is served)
    status, _, body = exchange(srv.port, b"GET /leaflets/net-drugs-overview\x00/../../../etc/passwd HTTP/1.1\r\n"
                                         b"Host: x\r\nConnection: close\r\n\r\n")
    check(f"a NUL in the request line: the path ends there ({status})",
          status in (200, 400) and not any(s in body for s in SECRETS)
          and (status == 400 or b"<h1>Targeted and immunotherapy drugs for neuroendocrine cancer</h1>" in body), status)
    status, headers, body = get(srv.port, b"/", method=b"HEAD")
    check("HEAD /: 200, no body", status == 200 and body == b"", (status, body[:40]))
    still_serving(srv, "overlong lines and headers, bodies, methods")


def security_headers(srv):
    for target in [b"/", b"/leaflets/net-drugs-overview", b"/no-such-page",
                   b"/leaflets/net-drugs-overview/pdf?format=standard", b"/assets/leaflet.js"]:
        status, h, _ = get(srv.port, target)
        csp = h.get("content-security-policy", "")
        ok = ("script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
              and h.get("x-content-type-options") == "nosniff" and h.get("x-frame-options") == "DENY"
              and h.get("referrer-policy") == "no-referrer")
        check(f"security headers on {target.decode()} ({status})", ok, h)
    _, h, _ = get(srv.port, b"/leaflets/net-drugs-overview/pdf?format=large")
    check("a PDF is named for people", h.get("content-disposition", "").startswith(
        "attachment; filename=\"net-drugs-overview.large.pdf\"; filename*=UTF-8''Targeted%20and%20"), h)
    # braille: the BRF the command line makes, as text, named .brf
    status, h, body = get(srv.port, b"/leaflets/net-drugs/lung-nec/pdf?format=braille", timeout=30)
    # a folder of this run's own: the sanitized runs go side by side
    out = tempfile.mkdtemp(prefix="serve-hostile-brf-")
    atexit.register(shutil.rmtree, out, True)
    subprocess.run([LEAFLET, "build", "--format", "braille", "--out", out, "--today", TODAY, "net-drugs"],
                   cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(os.path.join(out, "net-drugs-lung-nec.braille.brf"), "rb") as f:
        cli = f.read()
    check("braille: the command line's BRF, as text, named .brf",
          status == 200 and body == cli and h.get("content-type") == "text/plain; charset=us-ascii"
          and h.get("content-disposition", "").startswith("attachment; filename=\"net-drugs-lung-nec.braille.brf\"")
          and h.get("content-disposition", "").endswith(".brf"), (status, h))
    status, _, _ = get(srv.port, b"/leaflets/net-drugs/lung-nec/pdf?format=braille&layout=booklet")
    check(f"braille as a booklet: 400 ({status})", status == 400, status)


def slowloris(srv):
    """Connections that send a header line every second and never finish."""
    socks = []
    for _ in range(30):
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        socks.append(s)
    started = time.time()
    served = []
    cut = set()
    while time.time() - started < 20 and len(cut) < len(socks):
        for i, s in enumerate(socks):
            if i in cut:
                continue
            try:
                s.sendall(b"X-Slow: 1\r\n")
                s.setblocking(False)
                try:
                    if s.recv(1024) == b"":
                        cut.add(i)
                except BlockingIOError:
                    pass
                finally:
                    s.setblocking(True)
            except OSError:
                cut.add(i)
        t0 = time.time()
        status, _, _ = get(srv.port, b"/leaflets/net-drugs/lung-nec")
        served.append((status, time.time() - t0))
        time.sleep(1)
    elapsed = time.time() - started
    for s in socks:
        s.close()
    check(f"slowloris: others served meanwhile ({len(served)} requests, slowest "
          f"{max(t for _, t in served):.2f} s)", all(st == 200 for st, _ in served)
          and max(t for _, t in served) < 5, served)
    check(f"slowloris: all {len(socks)} slow connections cut off ({len(cut)} after {elapsed:.1f} s)",
          len(cut) == len(socks) and elapsed < 20, len(cut))
    still_serving(srv, "slowloris")


# the slowest render there is: 48 pt, over a hundred A4 pages (as an A5
# booklet 48 pt is refused: the footer would leave no room on the page)
SLOW = b"/leaflets/net-drugs/lung-nec/pdf?format=size&size=48"


def busy(srv):
    """One render at a time, one waiting: a burst gets 503 with Retry-After, nothing else fails."""
    results = []
    lock = threading.Lock()

    def one():
        r = get(srv.port, SLOW, timeout=30)
        with lock:
            results.append(r)
    threads = [threading.Thread(target=one) for _ in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(r[0] for r in results)
    busy_answers = [r for r in results if r[0] == 503]
    check(f"a full queue: some 503, the rest 200 ({statuses.count(200)} x 200, {len(busy_answers)} x 503)",
          set(statuses) <= {200, 503} and busy_answers and statuses.count(200) >= 2, statuses)
    check("503 says when to try again", all(r[1].get("retry-after") == "2" for r in busy_answers),
          [r[1] for r in busy_answers][:1])
    check("every 200 is a whole PDF", all(r[2].startswith(b"%PDF-") and r[2].rstrip().endswith(b"%%EOF")
                                          for r in results if r[0] == 200))
    still_serving(srv, "a full render queue")


def sigterm(srv):
    """SIGTERM with renders under way: each is sent whole, then exit 0."""
    results = []

    def one():
        results.append(get(srv.port, SLOW, timeout=30))
    threads = [threading.Thread(target=one) for _ in range(6)]
    for t in threads:
        t.start()
    time.sleep(0.02)
    srv.proc.send_signal(signal.SIGTERM)
    for t in threads:
        t.join()
    code = srv.stop()
    whole = [r for r in results if r[0] == 200 and r[2].rstrip().endswith(b"%%EOF")
             and len(r[2]) == int(r[1].get("content-length", -1))]
    refused = [r for r in results if r[0] in (None, 503)]
    check(f"SIGTERM: renders under way sent whole ({len(whole)} of {len(results)}; others refused, not cut)",
          len(whole) + len(refused) == len(results) and whole, [r[0] for r in results])
    check(f"SIGTERM: exit status 0 ({code})", code == 0, srv.log[-400:])
    try:
        socket.create_connection(("127.0.0.1", srv.port), timeout=1).close()
        gone = False
    except OSError:
        gone = True
    check("SIGTERM: no longer listening", gone)


def thick_booklet(srv):
    """A booklet thicker than saddle stitching holds (26 sheets at 36 pt):
    the form again, saying so at the paper choice, before anything is
    printed; sent again (thick=yes), the booklet."""
    base = b"/leaflets/net-drugs-overview/pdf?format=size&size=36&layout=booklet"
    status, _, body = get(srv.port, base, timeout=30)
    check(f"a booklet of 26 sheets: the form again, saying it will not staple ({status})",
          status == 409 and b"takes 26 sheets, more than the 20" in body and
          b'name="thick" value="yes"' in body and b'id="layout-booklet" value="booklet" checked'
          in body, (status, body[:300]))
    status, headers, body = get(srv.port, base + b"&thick=yes", timeout=30)
    check(f"the same booklet asked for again: printed ({status})",
          status == 200 and body.startswith(b"%PDF-"), status)
    status, _, body = get(srv.port, b"/leaflets/net-drugs-overview/pdf?format=size&size=20&"
                          b"layout=booklet", timeout=30)
    check(f"a booklet that staples: printed at once ({status})",
          status == 200 and body.startswith(b"%PDF-"), status)


def stream_slots():
    """--watch: event streams whose pages have gone give their places back
    within about a second, even while other requests keep the server busy
    (they held them up to 15 s, refusing every page opened meanwhile, and a
    browser does not retry a refused stream)."""
    srv = Server("--watch")
    streams = [socket.create_connection(("127.0.0.1", srv.port)) for _ in range(64)]
    for sock in streams:
        sock.sendall(b"GET /events HTTP/1.1\r\nHost: x\r\n\r\n")
    time.sleep(0.5)
    for sock in streams:
        sock.close()
    started, status = time.time(), None
    while time.time() - started < 10:
        sock = socket.create_connection(("127.0.0.1", srv.port))
        sock.sendall(b"GET /events HTTP/1.1\r\nHost: x\r\n\r\n")
        sock.settimeout(5)
        try:
            status = sock.recv(100).split(b"\r\n")[0]
        except OSError:
            status = None
        sock.close()
        if status and b" 200 " in status:
            break
        time.sleep(0.25)
    took = time.time() - started
    check(f"--watch: closed event streams give their places back ({took:.1f} s)",
          status is not None and b" 200 " in status and took < 4, (status, took))
    srv.stop()


def reload_broken_content():
    """SIGHUP (systemctl reload) when the new content does not load as a
    whole (a typo in the glossary, a folder half copied): the content
    loaded before goes on being served, and the log says why; a reload of
    good content is then made current."""
    import shutil
    import tempfile
    tmp = tempfile.mkdtemp(prefix="leaflet-reload-")
    try:
        content = os.path.join(tmp, "content")
        shutil.copytree(os.path.join(ROOT, "content"), content)
        os.symlink(os.path.join(ROOT, "fonts"), os.path.join(tmp, "fonts"))
        srv = Server("--content", content)
        path = b"/leaflets/net-drugs/pancreatic-net/pdf"
        before = get(srv.port, path)[0]
        glossary = os.path.join(content, "glossary.yaml")
        good = open(glossary, encoding="utf-8").read()
        with open(glossary, "a", encoding="utf-8") as f:
            f.write("foo: [unclosed\n")
        srv.proc.send_signal(signal.SIGHUP)
        deadline = time.time() + 10
        while "still serving the content loaded before" not in srv.log and time.time() < deadline:
            time.sleep(0.05)
        after = get(srv.port, path)[0]
        check("reload of content that does not load: the content before is still served",
              before == 200 and after == 200 and
              "glossary.yaml:" in srv.log and "still serving the content loaded before" in srv.log,
              (before, after, srv.log[-500:]))
        open(glossary, "w", encoding="utf-8").write(good)
        srv.proc.send_signal(signal.SIGHUP)
        deadline = time.time() + 10
        while srv.log.count("0 errors") < 2 and time.time() < deadline:
            time.sleep(0.05)
        check("reload of good content after it: made current",
              srv.log.count("0 errors") >= 2 and get(srv.port, path)[0] == 200, srv.log[-500:])
        # a style file naming a font that is not there: every PDF would fail
        style = os.path.join(content, "styles", "standard.yaml")
        text = open(style, encoding="utf-8").read()
        open(style, "w", encoding="utf-8").write(
            text.replace("AtkinsonHyperlegibleNext-Regular.ttf", "Missing-Regular.ttf"))
        srv.proc.send_signal(signal.SIGHUP)
        deadline = time.time() + 10
        while srv.log.count("still serving the content loaded before") < 2 and \
                time.time() < deadline:
            time.sleep(0.05)
        check("reload whose fonts do not load: the content before is still served",
              srv.log.count("still serving the content loaded before") == 2 and
              get(srv.port, path)[0] == 200, srv.log[-500:])
        srv.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def command_line():
    """What the command line refuses, and what it says at start-up."""
    def run(*args, wait=5):
        p = subprocess.Popen([LEAFLET, "serve", *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        try:
            _, err = p.communicate(timeout=wait)
        except subprocess.TimeoutExpired:
            p.send_signal(signal.SIGTERM)
            _, err = p.communicate(timeout=40)
        return p.returncode, err.decode()
    code, err = run("--bind", "localhost", "--port", "0")
    check(f"--bind localhost: usage error, not an address ({code})",
          code == 2 and "--bind 'localhost' is not an address" in err, err)
    code, err = run("--port", "70000")
    check(f"--port 70000: usage error ({code})", code == 2 and "is not a port" in err, err)
    for t in ("0", "61", "2s"):
        code, err = run("--header-timeout", t)
        check(f"--header-timeout {t}: usage error ({code})", code == 2 and
              f"--header-timeout '{t}' is not a number of seconds (expected 1 to 60)" in err, err)
    code, err = run("--port", "0", "--content", "/no/such/folder")
    check(f"a content folder that is not there: exit 1 ({code})",
          code == 1 and "/no/such/folder: error: no content folder here" in err, err)
    # another address is said at start-up (nothing is sent to it)
    code, err = run("--bind", "0.0.0.0", "--port", "0", wait=1.5)
    check("--bind 0.0.0.0: said at start-up as reachable from other machines",
          code == 0 and "warning: 0.0.0.0 is not a loopback address: other machines on the network "
          "can reach this server" in err, err)
    code, err = run("--port", "0", wait=1.5)
    check("the default address is loopback, and not warned about",
          code == 0 and "at http://127.0.0.1:" in err and "warning" not in err, err)


def main():
    command_line()
    reload_broken_content()
    stream_slots()
    srv = Server("-j", "2")
    hostile_cases(srv)
    thick_booklet(srv)
    security_headers(srv)
    slowloris(srv)
    # a patient's name typed into the search never reaches the log
    get(srv.port, b"/?q=Jane%20Doe%201970")
    sigterm(srv)
    check("nothing a client sent is in the log",
          "Jane" not in srv.log and "passwd" not in srv.log and "X-Slow" not in srv.log, srv.log)
    # a review dated after today (the content's was 26 Feb 2025) is no
    # evidence: not printed, as `build` refuses it
    srv = Server("--today", "2025-01-01", "--allow-overdue")
    status, _, body = get(srv.port, b"/leaflets/net-drugs-overview/pdf?format=standard")
    check(f"a review dated after today: 409, not printed ({status})",
          status == 409 and b"reviewed or signed off on a date after today" in body and
          not body.startswith(b"%PDF"), (status, body[:200]))
    srv.stop()
    srv = Server("-j", "1", "--queue", "1")
    busy(srv)
    check("the busy server stops cleanly", srv.stop() == 0, srv.log[-400:])
    # braille of a leaflet in a language with no braille table: a page a
    # nurse can act on, and the reason on the log (it was "could not be
    # made" and an empty log)
    srv = Server("--content", "tests/scripts/content")
    status, _, body = get(srv.port, b"/leaflets/net-drugs-overview-ro/pdf?format=braille")
    check("braille with no table for the language: says braille is not available, print instead",
          status == 500 and b"Braille is not available for this leaflet" in body and
          b"large print instead" in body, (status, body[:300]))
    srv.stop()
    check("braille with no table: the reason is on the server's log",
          "net-drugs-overview-ro in braille could not be made" in srv.log and
          "no braille table for language 'ro'" in srv.log, srv.log[-600:])
    print(f"{len(PASSED)} passed, {len(FAILED)} failed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
