#!/usr/bin/env python3
"""Batch and mailing tests for leaflet: `leaflet build --all` as a batch
(manifest, skipping what is up to date, shards and their merge, a run
killed with SIGKILL and run again) and `leaflet mail` (a few dozen
requests with bad rows mixed in; print files in batches, parts of a
sharded mailing run side by side and merged, runs into one folder taking
turns, a print file that fails when the disk fills).

Everything is measured from outside, from the files: qpdf --check,
pdfinfo, pdftotext -bbox (where the address sits), mutool's structured
text (type sizes), SHA-256 of the bytes, file modes.  Prints one line per
check and 'batch: N passed, N failed'; exits non-zero on any failure.
Usage: tests/batch/test_batch.py build/leaflet
"""
import csv
import fcntl
import hashlib
import io
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/leaflet")
TODAY = "2026-11-24"
MM = 72 / 25.4
RESULTS = {"passed": 0, "failed": 0}


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def check(name, ok, detail=""):
    if ok:
        RESULTS["passed"] += 1
        print(f"ok   {name}")
    else:
        RESULTS["failed"] += 1
        print(f"FAIL {name}" + (f"\n     {str(detail)[:2000]}" if detail else ""))


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def pages_of(path):
    """Pages of a PDF (pdfinfo), or of a BRF file (form feeds between pages)."""
    if path.endswith(".brf"):
        with open(path, "rb") as f:
            return f.read().count(b"\f") + 1
    m = re.search(r"Pages:\s+(\d+)", run(["pdfinfo", path]).stdout)
    return int(m.group(1)) if m else -1


def outputs(folder):
    """The documents a build wrote: PDFs and BRF files."""
    return sorted(f for f in os.listdir(folder) if f.endswith((".pdf", ".brf")))


def braille(text, table="en-ueb-g2.ctb"):
    """'text' in contracted UEB (or 'table') as BRF cells (liblouis's lou_translate)."""
    res = run(["lou_translate", "--forward", table], input=text)
    return res.stdout.strip().upper().replace("`", "@").replace("{", "[").replace(
        "|", "\\").replace("}", "]").replace("~", "^")


def qpdf_ok(pdf):
    q = run(["qpdf", "--check", pdf])
    return q.returncode == 0 and "No syntax or stream encoding errors" in q.stdout


def sizes_on(pdf, first, last):
    """Characters per type size on pages first..last (mutool stext)."""
    res = run(["mutool", "draw", "-q", "-F", "stext", "-o", "-", pdf, f"{first}-{last}"])
    counts = {}
    for font in ET.fromstring(res.stdout).iter("font"):
        n = sum(1 for c in font.iter("char") if c.get("c", " ").strip())
        size = round(float(font.get("size")), 2)
        counts[size] = counts.get(size, 0) + n
    return counts


def body_size(pdf, first, last):
    counts = sizes_on(pdf, first, last)
    return max(counts, key=counts.get) if counts else None


def words_on_page(pdf, page):
    """(text, xMin, yMin, xMax, yMax) of each word, top-left origin."""
    out = run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", pdf, "-"]).stdout
    return [(w[4], float(w[0]), float(w[1]), float(w[2]), float(w[3])) for w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]


def read_manifest(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def manifest_matches(folder, name="manifest.json"):
    """Every entry's file exists with its bytes and SHA-256; returns the
    problems found."""
    problems = []
    m = read_manifest(os.path.join(folder, name))
    for e in m["documents"]:
        path = os.path.join(folder, e["file"])
        if not os.path.exists(path):
            problems.append(f"{e['file']}: missing")
        elif os.path.getsize(path) != e["bytes"] or sha256(path) != e["sha256"]:
            problems.append(f"{e['file']}: bytes differ")
    return problems


# Prints the structure tree's top levels: the root's child, each of its
# children, and how many children of one type each of those has.
STRUCT_COUNTS = r"""
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
def kids(e):
    k = e.get("/K")
    if k is None:
        return []
    k = list(k) if isinstance(k, pikepdf.Array) else [k]
    return [x for x in k if isinstance(x, pikepdf.Dictionary) and "/S" in x]
for top in kids(pdf.Root.StructTreeRoot):
    print(str(top.S)[1:])
    for part in kids(top):
        inner = kids(part)
        types = sorted({str(x.S)[1:] for x in inner})
        print(str(part.S)[1:], len(inner), " ".join(types))
"""


def pdyua_python():
    for py in (os.environ.get("PYTHON"), "python3", "/usr/bin/python3"):
        if py and subprocess.run([py, "-c", "import pikepdf"], capture_output=True).returncode == 0:
            return py
    return None


# ---- content for the batch tests -------------------------------------------

def big_content(tmp, copies):
    """The shipped content with the net-drugs template copied 'copies'
    times under other ids, so that a batch takes long enough to kill."""
    content = os.path.join(tmp, f"content-{copies}")
    shutil.copytree("content", content)
    for f in os.listdir(os.path.join(content, "styles")):
        p = os.path.join(content, "styles", f)
        s = open(p, encoding="utf-8").read().replace(": fonts/", ": " + os.path.abspath("fonts") + "/")
        open(p, "w", encoding="utf-8").write(s)
    src = open(os.path.join(content, "leaflets", "net-drugs.yaml"), encoding="utf-8").read()
    for i in range(copies):
        s = re.sub(r"^id: net-drugs$", f"id: copy-{i:02d}", src, flags=re.M)
        open(os.path.join(content, "leaflets", f"copy-{i:02d}.yaml"), "w", encoding="utf-8").write(s)
    return content


def build(out, *args, content="content"):
    return run([BIN, "build", "--today", TODAY, "--out", out, "--content", content, *args])


# --all: 5 documents (the overview, 4 tumour editions) in 3 print formats
# and braille
DOCS = 20


def test_manifest_and_skips(tmp):
    out = os.path.join(tmp, "batch")
    res = build(out, "--all")
    pdfs = outputs(out)
    check("build --all: 15 PDFs, 5 BRF files and exit 0", res.returncode == 0 and
          len([f for f in pdfs if f.endswith(".pdf")]) == 15 and
          len([f for f in pdfs if f.endswith(".braille.brf")]) == 5, res.stderr)
    m = read_manifest(os.path.join(out, "manifest.json"))
    docs = m["documents"]
    check("manifest: one entry per PDF and BRF file, sorted by file",
          [d["file"] for d in docs] == pdfs, [d["file"] for d in docs])
    check("manifest: every entry matches its file (bytes, SHA-256)", not manifest_matches(out))
    ok = all(d["pages"] == pages_of(os.path.join(out, d["file"])) for d in docs)
    check("manifest: page counts are the PDFs' and BRF files' page counts", ok)
    b = next(x for x in docs if x["file"] == "net-drugs-lung-nec.braille.brf")
    check("manifest: a BRF entry has the braille format and its cells and lines",
          (b["format"], b["paper"], b["tumour"]) == ("braille", "braille 40x25", "lung-nec"), b)
    d = next(x for x in docs if x["file"] == "net-drugs-lung-nec.large.pdf")
    check("manifest: leaflet, tumour, format, paper and review dates",
          (d["leaflet"], d["tumour"], d["format"], d["paper"], d["last_reviewed"], d["next_review"]) ==
          ("net-drugs", "lung-nec", "large", "A4", "2025-02-26", "2028-02-26"), d)
    o = next(x for x in docs if x["file"] == "net-drugs-overview.standard.pdf")
    check("manifest: a leaflet without editions has tumour null", o["tumour"] is None, o)
    t = m["totals"]
    check("manifest: totals of documents, pages and duplex sheets",
          t["documents"] == DOCS and t["pages"] == sum(x["pages"] for x in docs) and
          t["sheets"] == sum((x["pages"] + 1) // 2 for x in docs), t)
    summary = res.stderr.strip().splitlines()[-1] if res.stderr.strip() else ""
    check("summary: documents, pages, sheets, seconds, warnings",
          re.match(rf"{DOCS} documents \({DOCS} written, 0 unchanged, 0 failed\), \d+ pages, \d+ sheets "
                   r"duplex, [\d.]+ s, \d+ warnings?", summary), summary)
    check("not a terminal: one plain line per PDF on standard output",
          len(res.stdout.splitlines()) == DOCS and "\r" not in res.stdout, res.stdout)

    before = {f: os.stat(os.path.join(out, f)).st_mtime_ns for f in pdfs}
    manifest_before = open(os.path.join(out, "manifest.json"), "rb").read()
    res = build(out, "--all")
    after = {f: os.stat(os.path.join(out, f)).st_mtime_ns for f in pdfs}
    check("rebuild: nothing changed, nothing rendered",
          res.returncode == 0 and before == after and f"{DOCS} unchanged" in res.stderr and
          res.stdout.count(", unchanged)") == DOCS, res.stderr)
    check("rebuild: the manifest is byte-identical",
          open(os.path.join(out, "manifest.json"), "rb").read() == manifest_before)

    res = build(out, "--all", "--force")
    check("--force renders every PDF again", f"{DOCS} written" in res.stderr, res.stderr)

    # a PDF changed behind the build's back is rendered again
    victim = os.path.join(out, "net-drugs-lung-net.giant.pdf")
    with open(victim, "ab") as f:
        f.write(b"\n% edited\n")
    res = build(out, "--all")
    check("a PDF whose bytes no longer match is rendered again",
          f"1 written, {DOCS - 1} unchanged" in res.stderr and not manifest_matches(out), res.stderr)
    victim = os.path.join(out, "net-drugs-overview.braille.brf")
    with open(victim, "ab") as f:
        f.write(b"EDITED\n")
    res = build(out, "--all")
    check("a BRF file whose bytes no longer match is made again",
          f"1 written, {DOCS - 1} unchanged" in res.stderr and not manifest_matches(out) and
          not open(victim, "rb").read().endswith(b"EDITED\n"), res.stderr)

    # a change to a content file renders what depends on it
    content = big_content(tmp, 0)
    out2 = os.path.join(tmp, "batch2")
    build(out2, "--all", content=content)
    res = build(out2, "--all", content=content)
    check("own content folder: second build renders nothing", f"{DOCS} unchanged" in res.stderr,
          res.stderr)
    with open(os.path.join(content, "drugs", "sunitinib.yaml"), "a", encoding="utf-8") as f:
        f.write("# a comment changes the bytes\n")
    res = build(out2, "--all", content=content)
    check("a changed content file: every PDF rendered again", f"{DOCS} written" in res.stderr,
          res.stderr)
    # another --today that changes nothing printed keeps everything
    res = run([BIN, "build", "--today", "2027-01-01", "--out", out2, "--content", content, "--all"])
    check("another --today with the same output: nothing rendered",
          f"{DOCS} unchanged" in res.stderr, res.stderr)
    # building one leaflet keeps the others' entries
    res = build(out2, "--force", "net-drugs-overview", content=content)
    m = read_manifest(os.path.join(out2, "manifest.json"))
    check("building a part keeps the other PDFs' entries",
          res.returncode == 0 and len(m["documents"]) == DOCS and not manifest_matches(out2),
          len(m["documents"]))


def test_shards(tmp):
    whole = os.path.join(tmp, "whole")
    build(whole, "--all")
    parts = os.path.join(tmp, "parts")
    seen = []
    ok = True
    for k in (1, 2, 3):
        res = build(parts, "--all", "--shard", f"{k}/3")
        ok &= res.returncode == 0
        m = read_manifest(os.path.join(parts, f"manifest.{k}-of-3.json"))
        ok &= m["shard"] == {"index": k, "count": 3}
        seen.append([d["file"] for d in m["documents"]])
    allfiles = sorted(f for s in seen for f in s)
    check("--shard K/3: three parts, each with its own manifest", ok)
    check("shards: every document in exactly one part, parts within one of each other",
          allfiles == outputs(whole) and any(f.endswith(".brf") for f in allfiles) and
          max(map(len, seen)) - min(map(len, seen)) <= 1, seen)
    res = build(parts, "--all", "--shard", "2/3")
    m = read_manifest(os.path.join(parts, "manifest.2-of-3.json"))
    check("shards: the same part again lists the same files (deterministic)",
          [d["file"] for d in m["documents"]] == seen[1] and "0 written" in res.stderr, res.stderr)
    merged = os.path.join(parts, "manifest.json")
    res = run([BIN, "manifest", "merge", "--out", merged] +
              [os.path.join(parts, f"manifest.{k}-of-3.json") for k in (1, 2, 3)])
    a = read_manifest(merged)
    b = read_manifest(os.path.join(whole, "manifest.json"))
    strip = lambda m: [{k: v for k, v in d.items()} for d in m["documents"]]
    check("manifest merge: the parts make the whole build's manifest (same SHA-256s)",
          res.returncode == 0 and strip(a) == strip(b) and "shard" not in a, res.stderr)
    res = run([BIN, "manifest", "check", merged])
    check("manifest check: the merged manifest matches the files", res.returncode == 0, res.stderr)
    res = run([BIN, "manifest", "merge"] + [os.path.join(parts, f"manifest.{k}-of-3.json") for k in (1, 3)])
    check("manifest merge: a missing part is an error", res.returncode == 1 and
          "shard 2 of 3 is missing" in res.stderr, res.stderr)
    res = run([BIN, "build", "--shard", "4/3"])
    check("--shard 4/3 is a usage error", res.returncode == 2 and "--shard '4/3'" in res.stderr,
          res.stderr)


def looks_whole(path):
    """A cheap test that a file is a whole PDF (its header and its end), or
    a whole BRF file (BRF bytes only, ending with a line)."""
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".brf"):
        return data.endswith(b"\n") and all(0x20 <= b <= 0x5F or b in (10, 12) for b in data)
    return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def test_content_spelt_any_way(tmp):
    """The same content folder however --content spells it ("content",
    "./content", "content/", an absolute path): the manifest's inputs are
    the same, so nothing is rendered again (each spelling rendered
    everything again: the fonts' paths were in the digest)."""
    out = os.path.join(tmp, "spelt")
    first = run([BIN, "build", "--today", TODAY, "--out", out, "--content", "content"])
    again = [run([BIN, "build", "--today", TODAY, "--out", out, "--content", c])
             for c in ("./content", "content/", os.path.abspath("content"))]
    check("--content spelt any way: nothing rendered again",
          first.returncode == 0 and all(r.returncode == 0 and "(0 written" in r.stderr and
                                        "0 failed" in r.stderr for r in again),
          [r.stderr[-200:] for r in again])


def kill_after_outputs(proc, folder, count):
    """Kill 'proc' with SIGKILL once it has written 'count' documents into
    'folder' (files newer than its start); whether it was killed before it
    ended."""
    started = time.time_ns()
    while proc.poll() is None:
        try:
            names = outputs(folder)
            done = sum(1 for f in names
                       if os.stat(os.path.join(folder, f)).st_mtime_ns >= started)
        except FileNotFoundError:   # a file renamed away while we looked
            done = 0
        if done >= count:
            proc.send_signal(signal.SIGKILL)
            return True
        time.sleep(0.002)
    return False


def test_killed(tmp):
    content = big_content(tmp, 12)   # 13 templates x 4 editions x 4 formats + overview
    out = os.path.join(tmp, "killed")
    full = 13 * 4 * 4 + 4
    cmd = [BIN, "build", "--today", TODAY, "--out", out, "--content", content, "--all", "-j", "2"]
    started = time.monotonic()
    res = run(cmd)
    took = time.monotonic() - started
    check(f"a batch of {full} documents ({took:.2f} s)", res.returncode == 0, res.stderr[-300:])
    kills = 0
    for part in (0.3, 0.55, 0.8):
        # killed once it has written that share of the documents again (not
        # after a share of the first run's time, which a loaded machine
        # stretched past the whole run)
        p = subprocess.Popen(cmd + ["--force"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if kill_after_outputs(p, out, int(full * part)):
            kills += 1
        p.wait()
        pdfs = outputs(out)
        newest = sorted(pdfs, key=lambda f: os.stat(os.path.join(out, f)).st_mtime_ns)[-12:]
        bad = [f for f in pdfs if not looks_whole(os.path.join(out, f))]
        bad += [f for f in newest if f.endswith(".pdf") and not qpdf_ok(os.path.join(out, f))]
        check(f"killed at {part:.0%} of a run: no partial PDF or BRF file (all whole, the "
              f"newest PDFs pass qpdf --check)", not bad, bad[:5])
        mpath = os.path.join(out, "manifest.json")
        try:
            problems = manifest_matches(out) if os.path.exists(mpath) else ["no manifest"]
            parsed = True
        except ValueError as e:
            parsed, problems = False, [str(e)]
        check(f"killed at {part:.0%} of a run: the manifest is whole and matches the files",
              parsed and not problems, problems[:5])
        listed = len(read_manifest(mpath)["documents"]) if parsed and os.path.exists(mpath) else 0
    check("the batch was really killed part-way", kills >= 2, kills)
    res = run(cmd)
    pdfs = outputs(out)
    m = read_manifest(os.path.join(out, "manifest.json"))
    check("rerun: completes the work (exit 0, every PDF, all in the manifest)",
          res.returncode == 0 and len(pdfs) == full and len(m["documents"]) == full and
          not manifest_matches(out), res.stderr[-500:])
    bad = [f for f in pdfs if not (qpdf_ok(os.path.join(out, f)) if f.endswith(".pdf")
                                   else looks_whole(os.path.join(out, f)))]
    check("rerun: every PDF passes qpdf --check, every BRF file is whole", not bad, bad[:5])
    written = re.search(r"\((\d+) written, (\d+) unchanged", res.stderr)
    check(f"rerun: renders only what the killed run left undone ({listed} of {full} were "
          f"listed and are kept)", written and int(written.group(1)) == full - listed and
          int(written.group(2)) == listed, res.stderr[-300:])
    leftovers = [f for f in os.listdir(out) if re.search(r"\.[A-Za-z0-9]{6}$", f)]
    check("rerun: no temporary files are left", not leftovers, leftovers[:5])


# ---- the mailing run -----------------------------------------------------------

COLUMNS = ["ref", "name", "address_1", "address_2", "address_3", "town", "postcode",
           "leaflet", "tumour", "format"]


def mailing_rows():
    """Good rows in every format, and bad rows with what is wrong."""
    formats = ["standard", "large", "giant", "20", "24", "16pt", "braille"]
    editions = ["pancreatic-net", "digestive-net", "lung-net", "lung-nec"]
    rows, bad = [], {}
    for i in range(30):
        fmt = formats[i % len(formats)]
        overview = i % 3 == 0
        rows.append({"ref": f"REQ-{i:03d}", "name": f"Pat Quincy{i} Zebedee",
                     "address_1": f"{i} Wexford Lane", "address_2": "Flat 1" if i % 2 else "",
                     "address_3": "Upper Mill" if i % 4 == 1 else "", "town": "Kirkbymoorside",
                     "postcode": f"YO62 {i % 10}QX",
                     "leaflet": "net-drugs-overview" if overview else "net-drugs",
                     "tumour": "" if overview else editions[i % 4], "format": fmt})
    base = dict(rows[1])
    def bad_row(ref, why, **change):
        r = dict(base, ref=ref, name=f"Secret Person {ref}", address_1=f"{ref} Hidden Road")
        r.update(change)
        bad[len(rows)] = why
        rows.append(r)
    bad_row("BAD-LEAFLET", "did you mean 'net-drugs'", leaflet="net-drgs")
    bad_row("BAD-POSTCODE", "no postcode", postcode="")
    bad_row("BAD-SIZE", "column 'format'", format="99")
    bad_row("BAD-TUMOUR", "did you mean 'lung-net'", tumour="lung-nett")
    bad_row("BAD-NAME", "no name", name="")
    bad_row("REQ-001", "ref 'REQ-001' is also on line 3")   # a ref used twice
    # the column of each cell-level error: where its cell starts
    for i, column in zip(range(len(rows) - 6, len(rows)),
                         ["leaflet", "postcode", "format", "tumour", "name", "ref"]):
        bad[i] = (bad[i], column)
    # in braille, a name too long for the print address sheet's window: the
    # request fails, and the embosser's print file must not take it either
    bad_row("BAD-WINDOW", "does not fit the envelope window", format="braille",
            name="Secret Alexandra Bartholomew-Fitzwilliam-Montgomery-Hidden")
    return rows, bad


def write_csv(path, rows, malformed=True):
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\r\n")
    w.writeheader()
    for r in rows:
        w.writerow(r)
    text = buf.getvalue()
    if not malformed:
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return text
    # malformed lines: a stray quote and an unclosed quote (the last line)
    text += 'BAD-QUOTE,Mr "Hidden" Name,1 Road,,,Town,AB1 2CD,net-drugs-overview,,standard\r\n'
    text += 'BAD-UNCLOSED,"Unclosed Secret,1 Road,,,Town,AB1 2CD,net-drugs-overview,,standard\r\n'
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    return text


def test_mail(tmp):
    rows, bad = mailing_rows()
    requests = os.path.join(tmp, "requests.csv")
    write_csv(requests, rows)
    out = os.path.join(tmp, "mail")
    res = run([BIN, "mail", requests, "--out", out, "--today", TODAY])
    good = [r for i, r in enumerate(rows) if i not in bad]
    check("mail: exit 1 when some rows fail", res.returncode == 1, res.stderr[-800:])

    # files: one PDF per good request, named by ref (in braille, a BRF file
    # and an address sheet); one print file per format
    made = sorted(os.listdir(os.path.join(out, "requests")))
    in_braille = [r for r in good if r["format"] == "braille"]
    check("mail: one PDF per good request, named by ref; braille: a BRF file and an address sheet",
          in_braille and made == sorted([f"{r['ref']}.pdf" for r in good if r not in in_braille] +
                                        [f"{r['ref']}.brf" for r in in_braille] +
                                        [f"{r['ref']}.address.pdf" for r in in_braille]), made)
    formats = {"standard": "standard", "large": "large", "giant": "giant", "20": "20pt",
               "24": "giant", "16pt": "16pt", "braille": "braille"}
    prints = sorted(f for f in os.listdir(out) if f.startswith("print-"))
    check("mail: one print file per format (24 pt is the giant format; braille for the "
          "embosser, and its address sheets in a print file of their own)",
          prints == sorted([f"print-{f}-001.{'brf' if f == 'braille' else 'pdf'}"
                            for f in set(formats.values())] +
                           ["print-braille-address-001.pdf"]), prints)
    # the braille requests' address sheets, one a sheet, in the embosser's
    # order: each sheet's first page names the request's person
    sheets_pdf = os.path.join(out, "print-braille-address-001.pdf")
    sheet_names = [" ".join(run(["pdftotext", "-f", str(2 * k + 1), "-l", str(2 * k + 1),
                                 sheets_pdf, "-"]).stdout.split())
                   for k in range(pages_of(sheets_pdf) // 2)] if os.path.exists(sheets_pdf) else []
    check("mail: the address sheets' print file holds a sheet per braille request, in CSV order",
          len(sheet_names) == len(in_braille) and pages_of(sheets_pdf) == 2 * len(in_braille) and
          all(r["name"] in t and f"Our reference: {r['ref']}" in t
              for r, t in zip(in_braille, sheet_names)), sheet_names[:3])
    prints = [f for f in prints if f != "print-braille-address-001.pdf"]

    # personal data: owner-only files and folders, never in the output
    modes = {}
    for root, dirs, files in os.walk(out):
        for n in dirs + files:
            modes[os.path.join(root, n)] = os.stat(os.path.join(root, n)).st_mode & 0o777
    check("mail: every file 0600, every folder 0700",
          all(v == (0o700 if os.path.isdir(k) else 0o600) for k, v in modes.items()) and
          os.stat(out).st_mode & 0o777 == 0o700,
          {k: oct(v) for k, v in modes.items() if v not in (0o600, 0o700)})
    secrets = ["Quincy", "Zebedee", "Wexford", "Kirkbymoorside", "YO62", "Secret", "Hidden",
               "Upper Mill"]
    leaked = [s for s in secrets if s in res.stdout or s in res.stderr]
    check("mail: no name or address in progress lines or diagnostics", not leaked, leaked)
    manifest_text = open(os.path.join(out, "manifest.csv"), encoding="utf-8").read()
    check("mail: no name or address in the manifest", not [s for s in secrets if s in manifest_text])

    # bad rows: reported with their line numbers, listed in the manifest
    expect = {i + 2: why for i, why in bad.items()}           # line 1 is the header
    # a malformed row at the field at fault (the row's start until then)
    expect[len(rows) + 2] = ("malformed CSV: a double quote inside a field", "name")
    expect[len(rows) + 3] = ("never closed", "name")
    lines = open(requests, encoding="utf-8", newline="").read().split("\r\n")
    for line, want in sorted(expect.items()):
        # at the start of the cell at fault (the CSV's fields here hold no
        # commas or quotes), or at the row's start for the row as a whole
        want, column = want if isinstance(want, tuple) else (want, None)
        at = 1
        if column:
            fields = lines[line - 1].split(",")
            at = len(",".join(fields[:COLUMNS.index(column)])) + (2 if COLUMNS.index(column) else 1)
        pat = f"{requests}:{line}:{at}: error: "
        hit = [l for l in res.stderr.splitlines() if l.startswith(pat)]
        check(f"mail: bad row at line {line} reported at line {line}, column {at} ({want})",
              hit and want in hit[0], res.stderr[-1500:])

    man = list(csv.DictReader(io.StringIO(manifest_text)))
    check("manifest.csv: a malformed row shows no ref (its cells may have shifted)",
          [r["ref"] for r in man[-2:]] == ["", ""], man[-2:])
    check("manifest.csv: a row per request line, in order, with the columns for the print room",
          [int(r["line"]) for r in man] == list(range(2, len(rows) + 4)) and
          list(man[0].keys())[:8] == ["line", "ref", "leaflet", "tumour", "format", "pages",
                                      "sheets", "file"], [r["line"] for r in man])
    failed = {int(r["line"]) for r in man if r["status"] != "ok"}
    check("manifest.csv: the failures are listed with their reasons",
          failed == set(expect) and all(r["error"] for r in man if r["status"] != "ok"),
          (sorted(failed), sorted(expect)))
    in_print = [r["ref"] for r in man if r["status"] != "ok" and r["print_file"]]
    check("manifest.csv: no failed request has a place in a print file", not in_print, in_print)
    batches = list(csv.DictReader(open(os.path.join(out, "batches.csv"), encoding="utf-8")))
    embossed = sum(int(b["requests"]) for b in batches if b["format"] == "braille")
    check("batches.csv: the embosser's file holds the good braille requests only (a failed one "
          "was embossed with no address sheet to go with it)",
          embossed == len(in_braille), (embossed, len(in_braille)))

    # the manifest matches the files: pages, and where each request sits in
    # its print file (its first page holds its letter, with its name)
    by_ref = {r["ref"]: r for r in man if r["status"] == "ok"}
    ok_pages = all(int(by_ref[r["ref"]]["pages"]) == pages_of(os.path.join(out, by_ref[r["ref"]]["file"]))
                   for r in good)
    check("manifest.csv: pages match each request's PDF", ok_pages)
    place_ok, sheets_ok = True, True
    for fmt_file in prints:
        pdf = os.path.join(out, fmt_file)
        mine = sorted((int(r["print_first_page"]), r) for r in man
                      if r["status"] == "ok" and r["print_file"] == fmt_file)
        total = pages_of(pdf)
        sheets_ok &= total % 2 == 0 and sum(int(r["sheets"]) for _, r in mine) * 2 == total
        brf_pages = open(pdf, "rb").read().decode("ascii").split("\f") if pdf.endswith(".brf") else []
        for first, r in mine:
            person = next(x for x in good if x["ref"] == r["ref"])
            if brf_pages:   # the letter greets the person, in braille
                text = brf_pages[first - 1].split("\n", 1)[1]
                place_ok &= braille(f"Dear {person['name']}") in " ".join(text.split())
            else:
                text = run(["pdftotext", "-f", str(first), "-l", str(first), pdf, "-"]).stdout
                place_ok &= person["name"] in " ".join(text.split())
            place_ok &= first % 2 == 1
    check("print files: each request's letter is on the page the manifest gives, on a "
          "sheet of its own", place_ok)
    check("print files: duplex sheets in the manifest add up to the print file's pages", sheets_ok)

    # every PDF is sound
    allpdfs = [os.path.join(out, "requests", f) for f in made if f.endswith(".pdf")] + \
        [os.path.join(out, f) for f in prints if f.endswith(".pdf")]
    bad_pdfs = [p for p in allpdfs if not qpdf_ok(p)]
    check("mail: every PDF passes qpdf --check", not bad_pdfs, bad_pdfs)

    # formats and window, measured from the PDFs
    size_of = {"standard": 12, "large": 18, "giant": 24, "20": 20, "24": 24, "16pt": 16}
    window = (20 * MM, 45 * MM, 105 * MM, 90 * MM)   # left, top, right, bottom
    size_ok, window_ok, window_detail = [], True, []
    for r in good:
        if r in in_braille:
            # the address sheet: one page, the address in the window at 12 pt
            sheet = os.path.join(out, "requests", f"{r['ref']}.address.pdf")
            brf = open(os.path.join(out, "requests", f"{r['ref']}.brf"), "rb").read()
            if pages_of(sheet) != 1 or body_size(sheet, 1, 1) != 12 or \
                    braille(f"Dear {r['name']}") not in " ".join(brf.decode("ascii").split()) or \
                    not all(0x20 <= b <= 0x5F or b in (10, 12) for b in brf):
                size_ok.append((r["ref"], "braille", pages_of(sheet)))
            pdf = sheet
            words = words_on_page(pdf, 1)
            address = " ".join(r[c] for c in COLUMNS[1:7] if r[c]).split()
            texts = [w[0] for w in words]
            at = next((i for i in range(len(texts)) if texts[i:i + len(address)] == address), None)
            if at is None or not all(window[0] <= w[1] and w[3] <= window[2] and
                                     window[1] <= w[2] and w[4] <= window[3]
                                     for w in words[at:at + len(address)]):
                window_ok = False
                window_detail.append((r["ref"], "address sheet", words[:12]))
            continue
        pdf = os.path.join(out, "requests", f"{r['ref']}.pdf")
        want = size_of[r["format"]]
        # the letter's pages are those with its footer, "Our reference: <ref>"
        letter_pages = 0
        while f"Our reference: {r['ref']}" in run(["pdftotext", "-f", str(letter_pages + 1), "-l",
                                                   str(letter_pages + 1), pdf, "-"]).stdout:
            letter_pages += 1
        got_letter = body_size(pdf, 1, letter_pages)
        got_leaflet = body_size(pdf, letter_pages + 1, pages_of(pdf))
        if letter_pages == 0 or got_letter != want or got_leaflet != want:
            size_ok.append((r["ref"], want, got_letter, got_leaflet))
        words = words_on_page(pdf, 1)
        address = " ".join(r[c] for c in COLUMNS[1:7] if r[c]).split()
        texts = [w[0] for w in words]
        at = next((i for i in range(len(texts)) if texts[i:i + len(address)] == address), None)
        block = words[at:at + len(address)] if at is not None else []
        inside = lambda w: (window[0] <= w[1] and w[3] <= window[2] and window[1] <= w[2] and
                            w[4] <= window[3])
        others = [w for i, w in enumerate(words) if inside(w) and
                  not (at is not None and at <= i < at + len(address))]
        if at is None or not all(inside(w) for w in block) or others:
            window_ok = False
            window_detail.append((r["ref"], block, others))
    check("mail: the letter and the leaflet are in the size asked for (body size measured); "
          "braille: the letter in BRF, an address sheet of one page", not size_ok, size_ok)
    check("mail: every address word lies inside the envelope window (20, 45, 85 x 45 mm)",
          window_ok, window_detail[:2])
    first_line = run(["pdftotext", "-f", "1", "-l", "1", os.path.join(out, "requests", "REQ-000.pdf"),
                      "-"]).stdout
    check("mail: the letter greets the person and names the leaflet and format",
          "Dear Pat Quincy0 Zebedee" in first_line and "standard print (12 pt)" in " ".join(first_line.split()),
          first_line[:600])

    py = pdyua_python()
    if py:
        sheet = os.path.join(out, "requests", f"{in_braille[0]['ref']}.address.pdf")
        for pdf in (os.path.join(out, "requests", "REQ-002.pdf"), os.path.join(out, "print-giant-001.pdf"),
                    sheet):
            res = run([py, "tests/pdfua/check_pdfua.py", pdf])
            check(f"mail: {os.path.basename(pdf)} passes the PDF/UA-1 checker", res.returncode == 0,
                  res.stdout[-1500:])
    else:
        check("mail: pikepdf for the PDF/UA check", False, "no python3 with pikepdf")

    # the same requests again give the same bytes
    out2 = os.path.join(tmp, "mail2")
    run([BIN, "mail", requests, "--out", out2, "--today", TODAY, "-j", "1"])
    same = all(open(os.path.join(out, "requests", f), "rb").read() ==
               open(os.path.join(out2, "requests", f), "rb").read() for f in made) and all(
        open(os.path.join(out, f), "rb").read() == open(os.path.join(out2, f), "rb").read()
        for f in prints + ["manifest.csv"])
    check("mail: the same requests give byte-identical files whatever -j is", same)

    # a file without the columns, and a missing file
    bad_header = os.path.join(tmp, "bad-header.csv")
    with open(bad_header, "w") as f:
        f.write("ref,name,adress_1,postcode,leaflet,format\r\nX,Y,Z,P,net-drugs-overview,standard\r\n")
    res = run([BIN, "mail", bad_header, "--out", os.path.join(tmp, "mail3"), "--today", TODAY])
    check("mail: a header without the columns is an error, exit 2, with a suggestion",
          res.returncode == 2 and "did you mean 'address_1'" in res.stderr and
          "no column 'address_1'" in res.stderr, res.stderr)
    res = run([BIN, "mail", os.path.join(tmp, "none.csv")])
    check("mail: a missing requests file exits 2", res.returncode == 2 and "cannot read" in res.stderr,
          res.stderr)
    res = run([BIN, "mail"])
    check("mail: no requests file is a usage error", res.returncode == 2, res.stderr)


def test_mail_letter_messages(tmp):
    """What a letter's layout reports reaches the user by its kind (diag.h),
    never quoting the letter: its own errors as they are, a split word in
    words that name no one; and a right-to-left name, which no longer makes
    the line breaker fail (issue 13), is set."""
    rows = [
        # a word of the name wider than a line at 30 pt, narrow enough for the window
        {"ref": "SPLIT", "name": "Pat Secret" + "x" * 30, "format": "30"},
        # an address line no size down to 10 pt fits in the window
        {"ref": "WINDOW", "name": "Pat Secret", "address_1": "Hidden " * 26, "format": "standard"},
        # a right-to-left name: set right to left since issue 13 (it was the
        # line breaker's error, which quoted it)
        {"ref": "RTL", "name": "Pat Secret \u05e9\u05dc\u05d5\u05dd", "format": "standard"},
    ]
    requests = os.path.join(tmp, "letter-messages.csv")
    write_csv(requests, [dict({"address_1": "1 Hidden Road", "address_2": "", "address_3": "",
                               "town": "Town", "postcode": "AB1 2CD",
                               "leaflet": "net-drugs-overview", "tumour": ""}, **r) for r in rows])
    out = os.path.join(tmp, "mail-letters")
    res = run([BIN, "mail", requests, "--out", out, "--today", TODAY])
    manifest = open(os.path.join(out, "manifest.csv"), encoding="utf-8").read()
    status = {r["ref"]: r for r in csv.DictReader(io.StringIO(manifest))}
    def said(line, severity, text):
        return any(l.startswith(f"{requests}:{line}:1: {severity}: ") and text in l
                   for l in res.stderr.splitlines())
    check("mail: a split word of the letter is a warning that quotes nothing; the request is made",
          said(2, "warning", "a word of the covering letter is wider than a line at 30 pt and "
               "was split") and status["SPLIT"]["status"] == "ok", res.stderr[-1500:])
    check("mail: the letter's own error (an address too long for the window) is passed on",
          said(3, "error", "cannot be typeset: the address does not fit the envelope window, "
               "even at 10 pt") and status["WINDOW"]["status"] == "failed", res.stderr[-1500:])
    check("mail: a right-to-left name is set (no error from the line breaker, whose errors "
          "would be replaced by one that quotes nothing)",
          status["RTL"]["status"] == "ok" and not said(4, "error", ""), res.stderr[-1500:])
    leaked = [s for s in ("Secret", "Hidden", "\u05e9") if s in res.stdout + res.stderr + manifest]
    check("mail: no name or address in a letter's messages", not leaked, leaked)


# ---- mailings at scale: batches, parts, locks ------------------------------------

def many_rows(count, fmt="standard", prefix="M"):
    return [{"ref": f"{prefix}{i:04d}", "name": f"Person {i}", "address_1": f"{i} Road",
             "address_2": "", "address_3": "", "town": "Newtown", "postcode": "NT1 1AB",
             "leaflet": "net-drugs-overview" if i % 2 else "net-drugs",
             "tumour": "" if i % 2 else "lung-net", "format": fmt} for i in range(count)]


def manifest_rows(folder, name="manifest.csv"):
    with open(os.path.join(folder, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_mail_batches(tmp):
    """Print files of at most --batch-sheets sheets, each request on the
    page the manifest gives in the file it names, batches.csv as the files
    are; a print file of more than 64 requests (its structure in Parts)
    passes the PDF/UA-1 checker."""
    rows, bad = mailing_rows()
    requests = os.path.join(tmp, "batches.csv")
    write_csv(requests, rows)
    out = os.path.join(tmp, "mail-batches")
    res = run([BIN, "mail", requests, "--out", out, "--today", TODAY, "--batch-sheets", "20"])
    man = [r for r in manifest_rows(out) if r["print_file"]]
    batches = manifest_rows(out, "batches.csv")
    files = sorted(f for f in os.listdir(out) if f.startswith("print-"))
    check("batches: --batch-sheets 20 splits a format's print file at request boundaries "
          "(print-giant-001.pdf, -002 ...), each file listed once",
          res.returncode == 1 and "print-giant-002.pdf" in files and
          sorted(b["print_file"] for b in batches) == files, (res.stderr[-500:], files))
    over = [b["print_file"] for b in batches if int(b["sheets"]) > 20 and int(b["requests"]) > 1]
    check("batches: no file over 20 sheets unless one request alone takes more", not over, over)
    bad_place, bad_list = [], []
    names = {}
    for r in rows:
        names.setdefault(r["ref"], r["name"])
    for b in batches:
        path = os.path.join(out, b["print_file"])
        if b["format"] == "braille-address":
            # the braille requests' address sheets, a sheet each, in CSV order
            embossed = [r for r in man if r["format"] == "braille" and r["status"] == "ok" and
                        int(b["first_line"]) <= int(r["line"]) <= int(b["last_line"])]
            if (len(embossed) != int(b["requests"]) or pages_of(path) != int(b["pages"]) or
                    int(b["pages"]) != 2 * len(embossed) or os.path.getsize(path) != int(b["bytes"])
                    or sha256(path) != b["sha256"] or b["status"] != "ok" or
                    embossed[0]["ref"] != b["first_ref"] or embossed[-1]["ref"] != b["last_ref"]):
                bad_list.append(b["print_file"])
            continue
        mine = sorted((int(r["print_first_page"]), r) for r in man if r["print_file"] == b["print_file"])
        if (len(mine) != int(b["requests"]) or sum(int(r["sheets"]) for _, r in mine) != int(b["sheets"])
                or pages_of(path) != int(b["pages"]) or os.path.getsize(path) != int(b["bytes"])
                or sha256(path) != b["sha256"] or b["status"] != "ok"
                or (mine and (mine[0][1]["ref"] != b["first_ref"] or mine[-1][1]["ref"] != b["last_ref"]))):
            bad_list.append(b["print_file"])
        brf = open(path, "rb").read().decode("ascii").split("\f") if path.endswith(".brf") else None
        for first, r in mine:
            if brf is not None:
                ok_here = braille(f"Dear {names[r['ref']]}") in " ".join(brf[first - 1].split("\n", 1)[1].split())
            else:
                text = run(["pdftotext", "-f", str(first), "-l", str(first), path, "-"]).stdout
                ok_here = names[r["ref"]] in " ".join(text.split())
            if not ok_here:
                bad_place.append((b["print_file"], first, r["ref"]))
    check("batches: each request's letter is on the page of the file the manifest gives",
          not bad_place, bad_place[:5])
    check("batches.csv: each file's requests, pages, sheets, first and last ref, bytes and "
          "SHA-256 as the file and the manifest have them", not bad_list, bad_list)

    # more than 64 requests in one file: Parts under the Document
    requests = os.path.join(tmp, "seventy.csv")
    write_csv(requests, many_rows(70), malformed=False)
    out = os.path.join(tmp, "mail-seventy")
    res = run([BIN, "mail", requests, "--out", out, "--today", TODAY])
    pdf = os.path.join(out, "print-standard-001.pdf")
    py = pdyua_python()
    # the element tree from pikepdf (poppler's pdfinfo -struct-text loads
    # every font again for each element: 47 s for this file, 0.6 s a letter)
    tree = run([py, "-c", STRUCT_COUNTS, pdf]).stdout if py else ""
    ua = run([py, "tests/pdfua/check_pdfua.py", pdf]) if py else None
    check("batches: a print file of 70 requests, a Part of 64 Sects and one of 6, passes "
          "qpdf --check and the PDF/UA-1 checker",
          res.returncode == 0 and qpdf_ok(pdf) and tree.split() == ["Document", "Part", "64", "Sect", "Part", "6", "Sect"] and ua is not None and ua.returncode == 0,
          (res.stderr[-300:], ua.stdout[-800:] if ua else "no pikepdf"))


def test_mail_parts(tmp):
    """Three parts run at once into one folder, then merged: the manifest a
    whole run writes, but for the print files' names and places; every
    row once; a row taken out is an error naming it."""
    rows, bad = mailing_rows()
    requests = os.path.join(tmp, "parts.csv")
    write_csv(requests, rows)
    whole = os.path.join(tmp, "mail-whole")
    run([BIN, "mail", requests, "--out", whole, "--today", TODAY])
    out = os.path.join(tmp, "mail-parts")
    procs = [subprocess.Popen([BIN, "mail", requests, "--out", out, "--today", TODAY,
                               "--shard", f"{k}/3", "-j", "1"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True) for k in (1, 2, 3)]
    errs = [p.communicate()[1] for p in procs]
    codes = [p.returncode for p in procs]
    check("parts: three parts at once in one folder, none waiting for another (shared lock)",
          all(c in (0, 1) for c in codes) and not any("waiting for" in e for e in errs) and
          all(f"part {k} of 3" in errs[k - 1] for k in (1, 2, 3)), (codes, [e[-300:] for e in errs]))
    names = sorted(os.listdir(out))
    check("parts: each part's manifest, list of print files and print files named for it",
          all(f"manifest.{k}-of-3.csv" in names and f"batches.{k}-of-3.csv" in names for k in (1, 2, 3))
          and any(n.startswith("print-standard-2-of-3-") for n in names), names)
    res = run([BIN, "mail", "merge", requests, "--out", out])
    merged, want = manifest_rows(out), manifest_rows(whole)
    same = [(a["line"], a["ref"], a["status"], a["file"], a["sheets"], a["error"]) for a in merged] == \
           [(b["line"], b["ref"], b["status"], b["file"], b["sheets"], b["error"]) for b in want]
    check("merge: the manifest of the whole run, every row once (exit 1: the bad rows)",
          res.returncode == 1 and same and "rows in 3 parts" in res.stderr, res.stderr[-600:])
    listed = manifest_rows(out, "batches.csv")
    check("merge: batches.csv lists every part's print files, part by part",
          sorted(b["print_file"] for b in listed) == sorted(n for n in names if n.startswith("print-"))
          and [b["part"] for b in listed] == sorted(b["part"] for b in listed), listed[:3])
    # take a row out of part 2
    path = os.path.join(out, "manifest.2-of-3.csv")
    lines = open(path, encoding="utf-8", newline="").read().split("\r\n")
    gone = lines.pop(2).split(",")[0]
    open(path, "w", encoding="utf-8", newline="").write("\r\n".join(lines))
    res = run([BIN, "mail", "merge", requests, "--out", out])
    check("merge: a row in no part is an error at its line, and nothing is written",
          res.returncode == 1 and f"{requests}:{gone}:1: error: row " in res.stderr and
          "nothing written" in res.stderr, res.stderr[-600:])


def hold_lock(folder):
    """Hold the folder's lock as a run would (the test stands for another
    run)."""
    os.makedirs(folder, exist_ok=True)
    fd = os.open(os.path.join(folder, ".leaflet.lock"), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def test_locks(tmp):
    """Two runs into one folder at once take turns and lose nothing: two
    builds of different leaflets both end in the manifest; two mailings of
    the same file both complete; --no-wait refuses at once."""
    out = os.path.join(tmp, "locked-build")
    fd = hold_lock(out)
    procs = [subprocess.Popen([BIN, "build", "--today", TODAY, "--out", out, *args],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for args in (["net-drugs-overview"], ["--format", "large", "net-drugs"])]
    time.sleep(0.5)
    still = [p.poll() is None for p in procs]
    refused = build(out, "--no-wait", "net-drugs-overview")
    os.close(fd)
    errs = [p.communicate()[1] for p in procs]
    check("lock: while another run holds the folder, --no-wait refuses (exit 1) naming its pid",
          refused.returncode == 1 and f"(pid {os.getpid()}): not waiting" in refused.stderr,
          refused.stderr)
    check("lock: two builds into one folder at once wait, saying so, and both complete",
          all(still) and all(p.returncode == 0 for p in procs) and
          all(f"waiting for another leaflet run in {out}" in e for e in errs), errs)
    m = read_manifest(os.path.join(out, "manifest.json"))
    pdfs = sorted(f for f in os.listdir(out) if f.endswith(".pdf"))
    check("lock: the manifest lists every PDF of both runs, and nothing is left over",
          sorted(e["file"] for e in m["documents"]) == pdfs and len(pdfs) == 5 and
          not manifest_matches(out) and sorted(os.listdir(out)) == sorted(pdfs + ["manifest.json"]),
          sorted(os.listdir(out)))

    requests = os.path.join(tmp, "locked.csv")
    write_csv(requests, many_rows(12, prefix="K"), malformed=False)
    out = os.path.join(tmp, "locked-mail")
    fd = hold_lock(out)
    os.chmod(out, 0o700)
    procs = [subprocess.Popen([BIN, "mail", requests, "--out", out, "--today", TODAY],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    time.sleep(0.5)
    still = [p.poll() is None for p in procs]
    os.close(fd)
    errs = [p.communicate()[1] for p in procs]
    man = manifest_rows(out)
    check("lock: two mailings into one folder at once both complete, one after the other; the "
          "manifest lists every request's file, and no temporary file is left",
          all(still) and all(p.returncode == 0 for p in procs) and
          all("waiting for another leaflet run" in e for e in errs) and
          sorted(r["file"] for r in man) == sorted(f"requests/{f}" for f in os.listdir(os.path.join(out, "requests")))
          and len(man) == 12 and all(r["status"] == "ok" for r in man) and
          sorted(os.listdir(out)) == ["batches.csv", "manifest.csv", "print-standard-001.pdf", "requests"],
          (errs, sorted(os.listdir(out))))


def test_mail_disk_full(tmp):
    """A print file that cannot be written (a file-size limit, as a full
    disk) after its first requests were listed: their rows lose its name
    and read "failed", in no print file (they are not posted: the
    summary counted them made), batches.csv says it failed, the run exits
    1, every request's own PDF is still made."""
    requests = os.path.join(tmp, "full.csv")
    write_csv(requests, many_rows(2000), malformed=False)
    out = os.path.join(tmp, "mail-full")
    limit = lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (16_000_000, 16_000_000))
    res = subprocess.run([BIN, "mail", requests, "--out", out, "--today", TODAY, "--batch-sheets", "0"],
                         capture_output=True, text=True, preexec_fn=limit)
    man = manifest_rows(out)
    listed = manifest_rows(out, "batches.csv")
    check("disk full: the print file fails after 1,024 rows were listed with it; no row names it, "
          "each reads failed, in no print file, and the summary counts them failed; batches.csv "
          "says it failed, every request's own PDF is made, exit 1",
          res.returncode == 1 and "File too large" in res.stderr and len(man) == 2000 and
          all(r["status"] == "failed" and r["error"].startswith("in no print file") and
              not r["print_file"] and not r["sheets"] and r["file"] and
              os.path.exists(os.path.join(out, r["file"])) for r in man) and
          "0 made, 0 skipped, 2000 failed" in res.stderr and
          len(listed) == 1 and listed[0]["status"] == "failed" and int(listed[0]["requests"]) > 1024 and
          not os.path.exists(os.path.join(out, listed[0]["print_file"])),
          (res.stderr[-400:], listed))


def test_mail_old_print_files_removed(tmp):
    """A mailing run again into its folder with fewer print files: the
    earlier run's print files the new batches.csv does not list are
    removed (printed beside the new ones they would post letters twice),
    and a note says so; the new run's files stay."""
    requests = os.path.join(tmp, "again.csv")
    write_csv(requests, many_rows(300), malformed=False)
    out = os.path.join(tmp, "mail-again")
    first = subprocess.run([BIN, "mail", requests, "--out", out, "--today", TODAY,
                            "--batch-sheets", "300"], capture_output=True, text=True)
    before = sorted(f for f in os.listdir(out) if f.startswith("print-"))
    second = subprocess.run([BIN, "mail", requests, "--out", out, "--today", TODAY],
                            capture_output=True, text=True)
    after = sorted(f for f in os.listdir(out) if f.startswith("print-"))
    listed = sorted(r["print_file"] for r in manifest_rows(out, "batches.csv"))
    check("mail again into its folder: only the print files batches.csv lists are left, and a "
          "note names what was removed",
          first.returncode == 0 and second.returncode == 0 and len(before) > len(after) and
          after == listed and "note: removed" in second.stderr, (before, after, second.stderr[-300:]))


def test_mail_own_file_failed_but_printed(tmp):
    """A request whose own PDF cannot be written (here a folder stands in
    its place) but which is in a print file that was: its row reads failed,
    names the print file and page, and says it is in that file all the
    same, so that the print room does not post it twice."""
    requests = os.path.join(tmp, "own.csv")
    write_csv(requests, many_rows(3, prefix="O"), malformed=False)
    out = os.path.join(tmp, "mail-own")
    os.makedirs(os.path.join(out, "requests", "O0001.pdf"))
    os.chmod(os.path.join(out), 0o700)
    res = subprocess.run([BIN, "mail", requests, "--out", out, "--today", TODAY],
                         capture_output=True, text=True)
    man = {r["ref"]: r for r in manifest_rows(out)}
    row = man.get("O0001", {})
    check("mail: a request whose own PDF failed but which is printed says it is in its print "
          "file all the same",
          res.returncode == 1 and row.get("status") == "failed" and
          row.get("print_file") == "print-standard-001.pdf" and row.get("print_first_page") and
          "cannot write" in row.get("error", "") and
          row.get("error", "").endswith("(it is in its print file all the same)") and
          man.get("O0000", {}).get("status") == "ok" and man.get("O0002", {}).get("status") == "ok",
          (res.returncode, row, res.stderr[-300:]))


def test_mail_history_refused(tmp):
    """A leaflet whose review.version its history does not record is not
    mailed, as `build` does not print it: its rows are skipped, pointing at
    the error given once with its place; other leaflets' rows are made."""
    content = big_content(tmp, 1)   # a folder of its own (content-1)
    path = os.path.join(content, "leaflets", "net-drugs.yaml")
    text = open(path, encoding="utf-8").read()
    open(path, "w", encoding="utf-8").write(text.replace('  version: "1"\n', '  version: "2"\n', 1))
    requests = os.path.join(tmp, "history.csv")
    write_csv(requests, many_rows(4, prefix="H"), malformed=False)
    out = os.path.join(tmp, "mail-history")
    res = subprocess.run([BIN, "mail", requests, "--out", out, "--today", TODAY,
                          "--content", content], capture_output=True, text=True)
    man = {r["ref"]: r for r in manifest_rows(out)}
    skipped = [r for r in man.values() if r["leaflet"] == "" or r["status"] == "skipped"]
    check("mail: a leaflet whose history does not hold its version is not mailed",
          res.returncode == 1 and len(skipped) == 2 and
          all("review history" in r["error"] for r in skipped) and
          [man[k]["status"] for k in ("H0001", "H0003")] == ["ok", "ok"] and
          res.stderr.count("net-drugs.yaml:") == 1 and
          "review.version is '2' but the newest history entry" in res.stderr,
          (res.returncode, res.stderr[-600:]))
    # a mailing that asks only for other leaflets says nothing of it
    only = os.path.join(tmp, "history-others.csv")
    write_csv(only, [r for r in many_rows(4, prefix="K") if r["leaflet"] != "net-drugs"],
              malformed=False)
    res = subprocess.run([BIN, "mail", only, "--out", os.path.join(tmp, "mail-others"),
                          "--today", TODAY, "--content", content], capture_output=True, text=True)
    check("mail: a leaflet no row asks for is not checked (it printed errors, and exited 0)",
          res.returncode == 0 and "net-drugs.yaml" not in res.stderr, res.stderr[-400:])


def test_mail_format_any_case(tmp):
    """A spreadsheet's "Large" or "BRAILLE" in the format column is that
    format (it was a skipped row: "no print format or size")."""
    requests = os.path.join(tmp, "cases.csv")
    rows = many_rows(2, fmt="Large", prefix="L") + many_rows(2, fmt="BRAILLE", prefix="B")
    write_csv(requests, rows, malformed=False)
    out = os.path.join(tmp, "mail-cases")
    res = subprocess.run([BIN, "mail", requests, "--out", out, "--today", TODAY],
                         capture_output=True, text=True)
    man = manifest_rows(out)
    check("mail: format names in any case",
          res.returncode == 0 and [r["format"] for r in man] == ["large"] * 2 + ["braille"] * 2 and
          all(r["status"] == "ok" for r in man), res.stderr[-400:])


def test_summary_counts_failures(tmp):
    """The summary's total counts every document, failed ones too: a
    file-size limit that fails some gave "9 documents (9 written, 0
    unchanged, 11 failed)" for a run of 20."""
    out = os.path.join(tmp, "limited")
    limit = lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (21 * 512, 21 * 512))
    res = subprocess.run([BIN, "build", "--all", "--out", out, "--today", TODAY],
                         capture_output=True, text=True, preexec_fn=limit)
    m = re.search(r"(\d+) documents \((\d+) written, (\d+) unchanged, (\d+) failed", res.stderr)
    check("summary: the total is written + unchanged + failed, failures included",
          res.returncode != 0 and m is not None and int(m.group(4)) > 0 and
          int(m.group(1)) == sum(int(m.group(k)) for k in (2, 3, 4)), res.stderr[-300:])


def test_mail_braille_packs_and_sheets_in_step(tmp):
    """A braille request whose letter cannot go into braille (a name with a
    letter the English table has no braille for) is left out of the address
    sheets' print file as it is out of the embosser's: the print room pairs
    the two in order, so one sheet too many put the next person's letter in
    the wrong envelope."""
    rows = many_rows(3, fmt="braille", prefix="P")
    rows[0]["name"] = "Mr Nguy\u1ec5n V\u0103n \u0110\u1ee9c"
    requests = os.path.join(tmp, "packs.csv")
    write_csv(requests, rows, malformed=False)
    out = os.path.join(tmp, "mail-packs")
    res = run([BIN, "mail", requests, "--out", out, "--today", TODAY])
    batches = {b["format"]: b for b in manifest_rows(out, "batches.csv")}
    sheets = os.path.join(out, "print-braille-address-001.pdf")
    text = run(["pdftotext", sheets, "-"]).stdout if os.path.exists(sheets) else ""
    check("mail: a braille request that fails has no address sheet in the print file either "
          "(sheets and packs in step)",
          res.returncode == 1 and batches.get("braille", {}).get("requests") == "2" and
          batches.get("braille-address", {}).get("requests") == "2" and
          pages_of(sheets) == 4 and "Nguy" not in text and "Person 1" in text and
          "Person 2" in text, (res.stderr[-400:], batches, text[:300]))
    check("mail: the name with no braille is said at its cell, without quoting it",
          "packs.csv:2:7: error: request failed: the name has a character with no braille"
          in res.stderr and "Nguy" not in res.stderr, res.stderr[-400:])
    # the reference the letter asks the reader to quote is letter for letter
    rows = many_rows(1, fmt="braille", prefix="R")
    rows[0].update(ref="CH-THE-9")
    write_csv(requests, rows, malformed=False)
    out = os.path.join(tmp, "mail-quoted")
    run([BIN, "mail", requests, "--out", out, "--today", TODAY])
    path = os.path.join(out, "requests", "CH-THE-9.brf")
    brf = open(path, encoding="ascii").read() if os.path.exists(path) else ""
    check("mail: a braille letter's reference is not contracted ('THE' is not '!')",
          "THE-#I" in brf and "CH-,!" not in brf and "CH-!" not in brf,
          [l for l in brf.splitlines() if "CH-" in l][:2])
    # a Welsh letter gives its reference only in its footer: the braille
    # letter ends with it; the leaflet starts its own sheet (page 3)
    rows = many_rows(1, fmt="braille", prefix="W")
    rows[0].update(leaflet="net-drugs-overview-cy", tumour="")
    write_csv(requests, rows, malformed=False)
    out = os.path.join(tmp, "mail-welsh")
    res = run([BIN, "mail", requests, "--out", out, "--today", TODAY,
               "--content", "tests/scripts/content"])
    path = os.path.join(out, "requests", "W0000.brf")
    pages = open(path, encoding="ascii").read().split("\f") if os.path.exists(path) else []
    flat = lambda t: " ".join(t.split())
    check("mail: a Welsh braille letter gives its footer's reference; its leaflet starts a "
          "new sheet (a blank back, its number alone)",
          res.returncode == 0 and len(pages) > 3 and
          flat(braille("Ein cyfeirnod: W0000", "cy-cy-g2.ctb")) in flat(pages[0]) and
          flat(pages[1]) == "#B" and flat(pages[2]).startswith("#C"),
          (res.stderr[-300:], pages[:3]))
    # the code changes between the letter and its leaflet: the leaflet
    # opens with a transcriber's note naming its language (a Polish leaflet
    # after an English letter; an English one after a letter that ends on
    # its statement in Chinese), written in the letter's braille
    rows = many_rows(2, fmt="braille", prefix="N")
    rows[0].update(leaflet="net-drugs-overview-pl", tumour="")
    rows[1].update(leaflet="net-drugs-overview", tumour="")
    write_csv(requests, rows, malformed=False)
    out = os.path.join(tmp, "mail-notes")
    res = run([BIN, "mail", requests, "--out", out, "--today", TODAY,
               "--content", "tests/scripts/content"])
    alone = os.path.join(tmp, "alone")
    run([BIN, "build", "net-drugs-overview-pl", "net-drugs-overview", "--format", "braille",
         "--out", alone, "--today", TODAY, "--content", "tests/scripts/content"])
    for ref, leaflet, language in (("N0000", "net-drugs-overview-pl", "Polish"),
                                   ("N0001", "net-drugs-overview", "English")):
        path = os.path.join(out, "requests", f"{ref}.brf")
        pages = open(path, encoding="ascii").read().split("\f") if os.path.exists(path) else []
        own = os.path.join(alone, f"{leaflet}.braille.brf")
        # the leaflet's title: its own first page's first line after the number
        title = open(own, encoding="ascii").read().split("\n")[1].strip() if os.path.exists(own) else "?"
        first = next((p for p in pages if title in p), "")
        before = flat(first[:first.find(title)]).split(" ", 1)[-1] if first else ""
        note = "@.<" + flat(braille(language)) + "@.>"
        check(f"mail: a braille {language} leaflet after the English letter opens with a "
              f"transcriber's note naming {language}", res.returncode == 0 and before == note,
              (res.stderr[-300:], title, before))


def test_mail_refs_sharing_a_file(tmp):
    """Refs whose files would be one are refused: 'X.address' (its PDF was
    overwritten by braille request X's address sheet, another patient's
    name in it, and the manifest said ok) and 'ab1' after 'AB1' (one file
    on a disk that ignores case)."""
    rows = many_rows(4, prefix="R")
    rows[0].update(ref="X.address")
    rows[1].update(ref="X", format="braille")
    rows[2].update(ref="AB1")
    rows[3].update(ref="ab1")
    requests = os.path.join(tmp, "clash.csv")
    write_csv(requests, rows, malformed=False)
    out = os.path.join(tmp, "mail-clash")
    res = run([BIN, "mail", requests, "--out", out, "--today", TODAY])
    man = {r["line"]: r for r in manifest_rows(out)}
    sheet = os.path.join(out, "requests", "X.address.pdf")
    text = run(["pdftotext", sheet, "-"]).stdout if os.path.exists(sheet) else ""
    check("mail: a ref ending in '.address' and a ref repeated in other capitals are skipped, "
          "each said at its cell; the braille sheet is its own request's",
          res.returncode == 1 and man["2"]["status"] == "skipped" and
          man["5"]["status"] == "skipped" and man["3"]["status"] == "ok" and
          man["4"]["status"] == "ok" and "clash.csv:2:1: error: request skipped: ref "
          "'X.address' ends in '.address'" in res.stderr and
          "clash.csv:5:1: error: request skipped: ref 'ab1' is also on line 4" in res.stderr and
          "Person 1" in text and "Person 0" not in text, (res.stderr[-600:], man, text[:200]))
    check("manifest.csv: a skipped row shows its ref, so that the print room can find it",
          man["2"]["ref"] == "X.address" and man["5"]["ref"] == "ab1", man)
    # but never a cell that is not a ref: a name shifted into the column,
    # a spreadsheet formula
    rows = many_rows(2, prefix="Q")
    rows[0].update(ref="Jane Smith")
    rows[1].update(ref="=HYPERLINK(1)")
    write_csv(requests, rows, malformed=False)
    run([BIN, "mail", requests, "--out", out, "--today", TODAY])
    shown = [r["ref"] for r in manifest_rows(out)]
    check("manifest.csv: a ref cell that is not a ref is not copied into it", shown == ["", ""],
          shown)


def test_mail_whole_and_parts_in_one_folder(tmp):
    """A whole run and a sharded run of one mailing in one folder: each
    removes the other's files (said in a note), so that the folder never
    holds every letter twice; parts of the same N are left to each other."""
    requests = os.path.join(tmp, "series.csv")
    write_csv(requests, many_rows(6, prefix="S"), malformed=False)
    out = os.path.join(tmp, "mail-series")
    prints = lambda: sorted(n for n in os.listdir(out)
                            if n.startswith(("print-", "manifest", "batches", "requests.")))
    run([BIN, "mail", requests, "--out", out, "--today", TODAY])
    whole = prints()
    run([BIN, "mail", requests, "--out", out, "--today", TODAY, "--shard", "1/2"])
    after_one = prints()
    res2 = run([BIN, "mail", requests, "--out", out, "--today", TODAY, "--shard", "2/2"])
    merged = run([BIN, "mail", "merge", requests, "--out", out])
    parts = prints()
    check("mail: a part's run removes the whole run's print files, manifest and batches.csv, "
          "not another part's of the same N",
          "print-standard-001.pdf" in whole and "print-standard-001.pdf" not in after_one and
          "manifest.1-of-2.csv" in after_one and "manifest.1-of-2.csv" in parts and
          "print-standard-1-of-2-001.pdf" in parts and "print-standard-2-of-2-001.pdf" in parts
          and not any(n.startswith("print-standard-0") for n in parts) and merged.returncode == 0,
          (whole, after_one, parts, merged.stderr[-300:]))
    res3 = run([BIN, "mail", requests, "--out", out, "--today", TODAY, "--shard", "1/3"])
    three = prints()
    check("mail: a part of another N removes the parts of the earlier N",
          "print-standard-1-of-3-001.pdf" in three and "requests.1-of-3.sha256" in three and
          not any("-of-2" in n for n in three) and "manifest.csv" not in three and
          "removed" in res3.stderr, (three, res3.stderr[-300:]))
    # the requests file changed between the parts and the merge: refused
    run([BIN, "mail", requests, "--out", out, "--today", TODAY, "--shard", "2/3"])
    run([BIN, "mail", requests, "--out", out, "--today", TODAY, "--shard", "3/3"])
    text = open(requests, encoding="utf-8", newline="").read()
    open(requests, "w", encoding="utf-8", newline="").write(
        text.replace("S0003,Person 3", "S0003,Person Three"))
    merged = run([BIN, "mail", "merge", requests, "--out", out])
    check("mail merge: parts made from another version of the requests file are refused, "
          "nothing written",
          merged.returncode != 0 and "part 1 of 3 was made from another version of" in
          merged.stderr and not os.path.exists(os.path.join(out, "manifest.csv")),
          merged.stderr[-400:])
    open(requests, "w", encoding="utf-8", newline="").write(text)
    os.remove(os.path.join(out, "requests.2-of-3.sha256"))
    merged = run([BIN, "mail", "merge", requests, "--out", out])
    check("mail merge: a part without its record of the requests file is refused",
          merged.returncode != 0 and "part 2 of 3 has no record of the requests file" in
          merged.stderr and not os.path.exists(os.path.join(out, "manifest.csv")),
          merged.stderr[-400:])
    # parts and the merge read from a pipe too (the digest is of the bytes
    # read, not the file opened again: a pipe gave nothing the second time)
    piped = os.path.join(tmp, "mail-piped")
    text = open(requests, encoding="utf-8", newline="").read()
    codes = [run([BIN, "mail", "/dev/stdin", "--out", piped, "--today", TODAY, "--shard",
                  f"{k}/2"], input=text).returncode for k in (1, 2)]
    merged = run([BIN, "mail", "merge", "/dev/stdin", "--out", piped], input=text)
    check("mail --shard and mail merge read the requests from a pipe",
          codes == [0, 0] and merged.returncode == 0 and
          len(manifest_rows(piped)) == 6, (codes, merged.stderr[-300:]))
    # files named like print files or lists but not this tool's: kept
    decoys = ["print-invoice-2024.pdf", "print-a-of-b-001.pdf", "print--001.pdf",
              "print-standard-01-of-2-001.pdf", "manifest.0-of-0.csv", "manifest.1-of-.csv",
              "manifest.2-of-1.csv", "manifest.1-of-2222222222222222222222222222222222abc.csv"]
    for d in decoys:
        open(os.path.join(out, d), "w").write("not leaflet's")
    parts = [n for n in prints() if "-of-" in n and n not in decoys]
    res = run([BIN, "mail", requests, "--out", out, "--today", TODAY])
    check("mail: files named like print files or lists but of no format or part the tool "
          "makes are left alone", all(os.path.exists(os.path.join(out, d)) for d in decoys),
          [d for d in decoys if not os.path.exists(os.path.join(out, d))])
    for d in decoys:
        os.remove(os.path.join(out, d))
    again = prints()
    check("mail: a whole run removes the parts' print files and manifests, and says so",
          again == whole and len(parts) == 11 and
          f"removed {len(parts)} files an earlier run of this mailing left in this folder" in res.stderr,
          (again, whole, res.stderr[-300:]))


def test_mail_removes_nothing_unlisted(tmp):
    """A run whose manifest cannot be written removes no earlier run's file:
    the earlier files go only once this run's lists take their place (a
    part whose manifest failed deleted the whole run's print file and
    batches.csv); a named pipe in place of a part's record of the requests
    file, or of a print file `manifest check` reads, is refused, not waited
    on for ever."""
    requests = os.path.join(tmp, "unlisted.csv")
    write_csv(requests, many_rows(2, prefix="U"), malformed=False)
    out = os.path.join(tmp, "mail-unlisted")
    run([BIN, "mail", requests, "--out", out, "--today", TODAY])
    os.makedirs(os.path.join(out, "manifest.1-of-2.csv"))
    res = run([BIN, "mail", requests, "--out", out, "--today", TODAY, "--shard", "1/2"])
    check("mail: a part whose manifest failed removes nothing of the whole run's",
          res.returncode == 1 and "cannot write the manifest" in res.stderr and
          os.path.exists(os.path.join(out, "print-standard-001.pdf")) and
          os.path.exists(os.path.join(out, "batches.csv")), res.stderr[-400:])
    os.rmdir(os.path.join(out, "manifest.1-of-2.csv"))
    for k in (1, 2):
        run([BIN, "mail", requests, "--out", out, "--today", TODAY, "--shard", f"{k}/2"])
    digest = os.path.join(out, "requests.1-of-2.sha256")
    os.remove(digest)
    os.mkfifo(digest)
    try:
        merged = run([BIN, "mail", "merge", requests, "--out", out], timeout=30)
        ok = merged.returncode == 1 and "cannot be read" in merged.stderr
    except subprocess.TimeoutExpired:
        ok, merged = False, None
    check("mail merge: a named pipe in place of a part's record is refused, not waited on",
          ok, merged.stderr[-300:] if merged else "hung")
    os.remove(digest)
    batches = os.path.join(out, "batches.1-of-2.csv")
    text = open(batches, encoding="utf-8", newline="").read()
    os.symlink("/dev/zero", os.path.join(out, "zero.pdf"))
    open(batches, "w", encoding="utf-8", newline="").write(
        text + "zero.pdf,standard,1-of-2,9,1,2,1,2,2,U1,U1,10," + "0" * 64 + ",ok\r\n")
    try:
        checked = run([BIN, "manifest", "check", batches], timeout=30)
        ok = checked.returncode == 1 and "zero.pdf: not a regular file" in checked.stderr
    except subprocess.TimeoutExpired:
        ok, checked = False, None
    check("manifest check: a print file that is not a regular file (/dev/zero) is refused",
          ok, checked.stderr[-300:] if checked else "hung")


def test_mail_print_files_checked(tmp):
    """`leaflet manifest check DIR/batches.csv` checks each print file
    against the bytes and SHA-256 batches.csv lists (a copy sent to the
    printers, checked before it is printed); a mailing's manifest.csv,
    which lists no digests, is said to be the wrong file."""
    requests = os.path.join(tmp, "checked.csv")
    write_csv(requests, many_rows(3, prefix="C"), malformed=False)
    out = os.path.join(tmp, "mail-checked")
    run([BIN, "mail", requests, "--out", out, "--today", TODAY])
    batches = os.path.join(out, "batches.csv")
    good = run([BIN, "manifest", "check", batches])
    with open(os.path.join(out, "print-standard-001.pdf"), "ab") as f:
        f.write(b"%")
    damaged = run([BIN, "manifest", "check", batches])
    wrong = run([BIN, "manifest", "check", os.path.join(out, "manifest.csv")])
    # saved again by a spreadsheet (a BOM first), and a list of no print file
    text = open(batches, encoding="utf-8", newline="").read()
    bom = os.path.join(out, "bom-batches.csv")
    open(bom, "w", encoding="utf-8-sig", newline="").write(text)
    with open(os.path.join(out, "print-standard-001.pdf"), "rb+") as f:
        f.truncate(os.path.getsize(f.name) - 1)  # the file as the mailing wrote it again
    bom_res = run([BIN, "manifest", "check", bom])
    none = os.path.join(out, "none-batches.csv")
    open(none, "w", encoding="utf-8", newline="").write(
        text.replace(",ok\r\n", ",failed\r\n"))
    none_res = run([BIN, "manifest", "check", none])
    check("manifest check: a batches.csv a spreadsheet saved with a BOM is read; one listing "
          "no print file as written is an error",
          bom_res.returncode == 0 and "every file matches" in bom_res.stdout and
          none_res.returncode == 1 and "no print file is listed as written" in none_res.stderr,
          (bom_res.stdout + bom_res.stderr[-300:], none_res.stderr[-300:]))
    check("manifest check: batches.csv's print files against their bytes and SHA-256; a "
          "changed copy fails; a mailing's manifest.csv is named as the wrong file",
          good.returncode == 0 and "1 print files, every file matches" in good.stdout and
          damaged.returncode == 1 and "print-standard-001.pdf:" in damaged.stderr and
          "do not print it" in damaged.stderr and wrong.returncode == 1 and
          "a mailing's manifest.csv lists no digests" in wrong.stderr,
          (good.stdout, damaged.stderr[-300:], wrong.stderr[-300:]))


def main():
    tmp = tempfile.mkdtemp(prefix="leaflet-batch-")
    try:
        test_manifest_and_skips(tmp)
        test_shards(tmp)
        test_killed(tmp)
        test_content_spelt_any_way(tmp)
        test_mail(tmp)
        test_mail_letter_messages(tmp)
        test_mail_batches(tmp)
        test_mail_parts(tmp)
        test_locks(tmp)
        test_mail_disk_full(tmp)
        test_summary_counts_failures(tmp)
        test_mail_format_any_case(tmp)
        test_mail_own_file_failed_but_printed(tmp)
        test_mail_history_refused(tmp)
        test_mail_braille_packs_and_sheets_in_step(tmp)
        test_mail_refs_sharing_a_file(tmp)
        test_mail_whole_and_parts_in_one_folder(tmp)
        test_mail_print_files_checked(tmp)
        test_mail_removes_nothing_unlisted(tmp)
        test_mail_old_print_files_removed(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"batch: {RESULTS['passed']} passed, {RESULTS['failed']} failed")
    sys.exit(1 if RESULTS["failed"] else 0)


if __name__ == "__main__":
    main()
