#!/usr/bin/env python3
"""The benchmark: the one place leaflet's speed and size figures come from.

    make bench        (or: python3 bench/bench.py build/leaflet [--quick] [--scripts] [--typst])

It measures, on this machine, with output on a RAM file system (/dev/shm)
so that the figures are the program's own and not the disk's:

  - one leaflet as a fresh process (the standard overview): median wall
    and CPU milliseconds over 30 runs; and once more writing to the disk,
    where each PDF is synced (fsync) before it is renamed into place; and
    the same leaflet in braille (--format braille: contracted UEB through
    liblouis, laid out as BRF), beside it;
  - the batch (every leaflet x edition x format): documents and pages per
    second with 1 worker and with one per core, and the speed-up;
  - a large batch of about 1,000 documents (the content's leaflets copied
    under new names), so that start-up is spread thin: documents and pages
    per second with one worker per core;
  - the 1,000-request mailing, when this build has `leaflet mail` (the
    requests are made by bench/mail_bench.py's generator), and the same
    with every twentieth request (5 %) in braille;
  - peak resident memory (GNU time's maximum RSS), with 1 worker and with
    one per core;
  - bytes per PDF: the standard and large-print overview, and the mean;
  - per test leaflet of tests/scripts (a language and script each): one
    leaflet as a fresh process, and its bytes in standard and large print;
    and Chinese leaflets of 1,500 characters, 555 different (typical) and
    all different (the worst case for an embedded CFF subset) (--scripts
    measures only these);
  - the same leaflet as a fresh process against Typst 0.14 setting the same
    text (bench/typst: `npm ci` there first; --typst measures only this);
  - with valgrind present (not with --quick): instructions of the batch
    with one worker (callgrind, so the figure repeats exactly), per
    document, and the share spent in the PDF backend.

CPU time is user + system time of the leaflet process and its threads
(wait4); on a machine that is also doing other work, the CPU figures and the
instruction counts hold, the wall times do not.  Nothing here is a test: no
figure is asserted.
"""
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TODAY = "2026-11-24"
LARGE_BATCH = 1000   # documents, about


def peak_rss(args):
    """Peak resident memory (KiB) of one run of 'args', as GNU time reports
    it.  (ru_maxrss of a child forked from this Python process would count
    Python's own pages, resident when it was forked.)"""
    if not os.path.exists("/usr/bin/time"):
        return 0
    report = os.path.join(SCRATCH, "time")
    subprocess.run(["/usr/bin/time", "-o", report, "-f", "%M", *args],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    with open(report, encoding="utf-8") as f:
        return int(f.read().split()[-1])


def run_measured(args):
    """Wall seconds, CPU seconds, stdout and exit status of one run of
    'args', started with posix_spawn (vfork and exec, as a shell starts a
    command; a fork of this Python process would copy its page tables and
    add about a millisecond that is the harness's, not leaflet's) and
    reaped with wait4."""
    out_path = os.path.join(SCRATCH, "stdout")
    actions = [
        (os.POSIX_SPAWN_OPEN, 1, out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
        (os.POSIX_SPAWN_OPEN, 2, os.path.join(SCRATCH, "stderr"),
         os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
    ]
    start = time.monotonic()
    pid = os.posix_spawn(args[0], args, os.environ, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    wall = time.monotonic() - start
    with open(out_path, encoding="utf-8", errors="replace") as f:
        stdout = f.read()
    return (wall, usage.ru_utime + usage.ru_stime, stdout,
            os.waitstatus_to_exitcode(status))


def measure(args, runs):
    """Median wall and CPU seconds, peak RSS (of one more run) and the last
    run's standard output, over 'runs' runs (each must succeed)."""
    walls, cpus, stdout = [], [], ""
    for _ in range(runs):
        wall, cpu, stdout, code = run_measured(args)
        if code != 0:
            with open(os.path.join(SCRATCH, "stderr"), encoding="utf-8",
                      errors="replace") as f:
                sys.exit(f"bench: {' '.join(args)} failed (exit {code}):\n{f.read()[-2000:]}")
        walls.append(wall)
        cpus.append(cpu)
    return statistics.median(walls), statistics.median(cpus), peak_rss(args), stdout


def pages_of(listing):
    """Documents and pages from the lines `leaflet build` prints."""
    counts = [int(m.group(1)) for m in re.finditer(r"\((\d+) pages?\)", listing)]
    return len(counts), sum(counts)


def copy_content(src, dst, copies):
    """The content folder with every leaflet also under 'copies' new ids,
    for a batch of many documents."""
    shutil.copytree(src, dst)
    leaflets = os.path.join(dst, "leaflets")
    for name in sorted(os.listdir(leaflets)):
        if not name.endswith(".yaml"):
            continue
        stem = name[:-5]
        with open(os.path.join(leaflets, name), encoding="utf-8") as f:
            text = f.read()
        for i in range(copies):
            new = f"{stem}-copy{i:03d}"
            with open(os.path.join(leaflets, new + ".yaml"), "w", encoding="utf-8") as f:
                f.write(re.sub(r"(?m)^id:.*$", f"id: {new}", text, count=1))


def callgrind_share(binary, build_args):
    """Instructions of one batch run under callgrind, and the part spent in
    lf_pdf_write()/lf_pdf_render() and their _cached forms (inclusive)."""
    out = os.path.join(SCRATCH, "callgrind.out")
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                    binary, *build_args], capture_output=True)
    ann = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", out],
                         capture_output=True, text=True).stdout
    total = int(re.search(r"([\d,]+) \(100.0%\)\s+PROGRAM TOTALS", ann).group(1).replace(",", ""))
    pdf = 0
    for m in re.finditer(r"^\s*([\d,]+) \([^)]*\)\s+\S*src/pdf/document\.c:(lf_pdf_write\w*|lf_pdf_render\w*) ",
                         ann, re.M):
        pdf = max(pdf, int(m.group(1).replace(",", "")))
    return total, pdf


def with_braille(src, dst, every=20):
    """The requests of 'src' with every 'every'-th one asked for in braille."""
    with open(src, encoding="utf-8", newline="") as f:
        lines = f.read().split("\r\n")
    rows = [line.rsplit(",", 1)[0] + ",braille" if i % every == 0 and line else line
            for i, line in enumerate(lines[1:])]
    with open(dst, "w", encoding="utf-8", newline="") as f:
        f.write("\r\n".join([lines[0]] + rows))
    return sum(1 for r in rows if r.endswith(",braille"))


def mailing(binary, help_text, cores):
    """The 1,000-request mailing with one worker per core, when the binary
    has `leaflet mail` and bench/mail_bench.py can make the requests; then
    the same with 5 % of the requests in braille."""
    if "leaflet mail" not in help_text:
        return "mailing: not measured (this build has no `leaflet mail`)"
    sys.path.insert(0, HERE)
    try:
        from mail_bench import make_requests
    except ImportError:
        return "mailing: not measured (no bench/mail_bench.py to make the requests)"
    csv_path = os.path.join(SCRATCH, "requests.csv")
    make_requests(csv_path, 1000)
    out = os.path.join(OUT_ROOT, "mail")
    wall, cpu, rss, _ = measure([binary, "mail", csv_path, "--out", out, "--today", TODAY,
                                 "-j", str(cores)], 3)
    pdfs = [n for _, _, names in os.walk(out) for n in names if n.endswith(".pdf")]
    shutil.rmtree(out, ignore_errors=True)
    line = (f"mailing of 1,000 requests, {cores} workers, median of 3: {wall:.2f} s = {1000 / wall:.0f} "
            f"requests/s; {len(pdfs)} PDFs (a letter and leaflet per request, and the print "
            f"files) = {len(pdfs) / wall:.0f} docs/s; CPU {cpu:.2f} s; "
            f"peak RSS {rss / 1024:.1f} MiB")
    if not os.path.exists(os.path.join("content", "styles", "braille.yaml")):
        return line
    mixed = os.path.join(SCRATCH, "requests-braille.csv")
    n = with_braille(csv_path, mixed)
    wall_b, cpu_b, rss_b, _ = measure([binary, "mail", mixed, "--out", out, "--today", TODAY,
                                       "-j", str(cores)], 3)
    brfs = [x for _, _, names in os.walk(out) for x in names if x.endswith(".brf")]
    shutil.rmtree(out, ignore_errors=True)
    return line + (f"\n  the same with {n} requests (5 %) in braille: {wall_b:.2f} s = "
                   f"{1000 / wall_b:.0f} requests/s; {len(brfs)} BRF files (one per braille "
                   f"request, and print-braille.brf); CPU {cpu_b:.2f} s; peak RSS "
                   f"{rss_b / 1024:.1f} MiB")


SCRIPTS_CONTENT = os.path.join("tests", "scripts", "content")
CHINESE_CHARS = 1500


def chinese_leaflet(content, lid, typical):
    """A leaflet of CHINESE_CHARS Chinese characters, in paragraphs of 100.
    No language: only a measure of an embedded CFF subset's size, which
    grows with the different characters.  'typical': drawn (seeded) with
    Zipf's law from 3,000 characters ranked in code order (every seventh of
    the CJK block from U+4E00), which gives 555 different ones, about what
    1,500 characters of prose hold (1,500 of the system's Chinese message
    catalogues hold 255 to 325); else every character different, the worst
    case."""
    ranked = [chr(0x4E00 + 7 * i) for i in range(max(CHINESE_CHARS, 3000))]
    if typical:
        weights = [1 / (k + 1) for k in range(3000)]
        chars = random.Random(13).choices(ranked[:3000], weights=weights, k=CHINESE_CHARS)
    else:
        chars = ranked[:CHINESE_CHARS]
    paras = ["".join(chars[i:i + 100]) + "\u3002" for i in range(0, len(chars), 100)]
    with open(os.path.join(content, "leaflets", lid + ".yaml"), "w", encoding="utf-8") as f:
        f.write(f"id: {lid}\ntitle: \"\u4E2D\u6587\"\nlanguage: zh-Hans\n"
                "publisher: Cancer Research UK\n"
                "review: {last_reviewed: 2025-02-26, next_review: 2028-02-26, version: \"1\"}\n"
                "body:\n" + "".join(f"  - p: \"{p}\"\n" for p in paras))
    return len(set(chars))


def scripts(binary, force):
    """Per test leaflet of tests/scripts (a language each): one leaflet as a
    fresh process, median wall and CPU of 15 runs, and the bytes of its
    standard and large-print PDFs; then the Chinese leaflets of
    CHINESE_CHARS characters (chinese_leaflet())."""
    if not os.path.isdir(SCRIPTS_CONTENT):
        return ["scripts: not measured (no tests/scripts/content)"]
    lines = ["one leaflet per language, fresh process (tests/scripts/content; median of 15 runs):"]
    out = os.path.join(OUT_ROOT, "scripts")
    lids = sorted(n[:-5] for n in os.listdir(os.path.join(SCRIPTS_CONTENT, "leaflets"))
                  if n.endswith(".yaml"))
    for lid in lids:
        one = [binary, "build", "--today", TODAY, "--content", SCRIPTS_CONTENT, "--out", out,
               *force, lid]
        measure(one, 2)
        wall, cpu, _, _ = measure(one, 15)
        measure(one + ["--format", "large"], 1)
        std = os.path.getsize(os.path.join(out, f"{lid}.standard.pdf"))
        large = os.path.getsize(os.path.join(out, f"{lid}.large.pdf"))
        lines.append(f"  {lid}: {wall * 1000:.1f} ms wall, {cpu * 1000:.1f} ms CPU; "
                     f"{std} bytes standard, {large} large")
    folder = os.path.join(SCRATCH, "zh")
    content = os.path.join(folder, "content")
    shutil.copytree(SCRIPTS_CONTENT, content)  # links followed: styles, letters
    os.symlink(os.path.abspath("fonts"), os.path.join(folder, "fonts"))
    for lid, typical in (("zh-typical", True), ("zh-different", False)):
        different = chinese_leaflet(content, lid, typical)
        one = [binary, "build", "--today", TODAY, "--content", content, "--out", out, *force,
               lid]
        measure(one, 1)
        wall, cpu, _, _ = measure(one, 5)
        measure(one + ["--format", "large"], 1)
        std = os.path.getsize(os.path.join(out, f"{lid}.standard.pdf"))
        large = os.path.getsize(os.path.join(out, f"{lid}.large.pdf"))
        lines.append(f"  Chinese, {CHINESE_CHARS} characters, {different} different "
                     f"({'typical' if typical else 'the worst case'}): {wall * 1000:.1f} ms wall, "
                     f"{cpu * 1000:.1f} ms CPU (median of 5); {std} bytes standard, {large} large")
    shutil.rmtree(out, ignore_errors=True)
    return lines



TYPST = os.path.join(HERE, "typst")


def pikepdf_python():
    """A Python that has pikepdf (this one, or Debian's), for reading a PDF's
    structure."""
    for python in (sys.executable, "/usr/bin/python3"):
        if subprocess.run([python, "-c", "import pikepdf"], capture_output=True).returncode == 0:
            return python
    sys.exit("bench: no python3 with pikepdf (Debian: python3-pikepdf)")


def typst(binary, force):
    """One leaflet as a fresh process, leaflet against Typst 0.14 (typst.ts's
    Node compiler, installed in bench/typst by `npm ci`): the standard
    overview (its structure tree's headings, paragraphs, lists, tables and
    the drawing, bench/typst/overview_typ.py) set by Typst in the same
    face, size and page, a tagged PDF/UA-1 file, each
    run a new node process; leaflet's runs interleaved with Typst's so that
    both meet the same machine."""
    compiler = os.path.join(TYPST, "node_modules", "@myriaddreamin", "typst-ts-node-compiler")
    node = shutil.which("node")
    if not node or not os.path.isdir(compiler):
        return "typst: not measured (run `npm ci` in bench/typst, with node)"
    out = os.path.join(OUT_ROOT, "typst")
    one = [binary, "build", "--today", TODAY, "--out", out, *force, "net-drugs-overview"]
    measure(one, 2)
    source = os.path.join(SCRATCH, "overview.typ")
    with open(source, "w", encoding="utf-8") as f:
        f.write(subprocess.run([pikepdf_python(), os.path.join(TYPST, "overview_typ.py"),
                                os.path.join(out, "net-drugs-overview.standard.pdf"),
                                "how-the-drugs-work.svg"],
                               capture_output=True, text=True, check=True).stdout)
    made = os.path.join(out, "typst.pdf")
    run = [node, os.path.join(TYPST, "compile.mjs"), source, made, os.path.abspath("fonts"),
           os.path.abspath(os.path.join("content", "images"))]
    measure(run, 1)
    ours, theirs = [], []
    for _ in range(10):
        ours.append(measure(one, 1)[:2])
        theirs.append(measure(run, 1)[:2])
    wall_o = statistics.median(w for w, _ in ours)
    cpu_o = statistics.median(c for _, c in ours)
    wall_t = statistics.median(w for w, _ in theirs)
    cpu_t = statistics.median(c for _, c in theirs)
    size_o = os.path.getsize(os.path.join(out, "net-drugs-overview.standard.pdf"))
    size_t = os.path.getsize(made)
    return (f"one leaflet, fresh process, leaflet against Typst 0.14 (the overview: text, tables and drawing; median of "
            f"10 each, interleaved): leaflet {wall_o * 1000:.1f} ms wall, {cpu_o * 1000:.1f} ms CPU, "
            f"{size_o} bytes; Typst {wall_t * 1000:.0f} ms wall, {cpu_t * 1000:.0f} ms CPU, "
            f"{size_t} bytes; leaflet {wall_t / wall_o:.0f}x faster (wall), {cpu_t / cpu_o:.0f}x (CPU)")



def main():
    global SCRATCH, OUT_ROOT
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    quick = "--quick" in sys.argv
    scripts_only = "--scripts" in sys.argv
    binary = os.path.abspath(args[0] if args else "build/leaflet")
    cores = os.cpu_count() or 1
    SCRATCH = tempfile.mkdtemp(prefix="leaflet-bench-")
    ram = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    OUT_ROOT = tempfile.mkdtemp(prefix="leaflet-bench-", dir=ram) if ram else SCRATCH
    try:
        help_text = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
        force = ["--force"] if "--force" in help_text else []
        if scripts_only:
            print("\n".join(scripts(binary, force)))
            return
        if "--typst" in sys.argv:
            print(typst(binary, force))
            return
        out = os.path.join(OUT_ROOT, "one")
        one = [binary, "build", "--today", TODAY, "--out", out, *force, "net-drugs-overview"]
        measure(one, 2)  # warm the page cache
        wall_one, cpu_one, rss_one, _ = measure(one, 30)
        disk_out = os.path.join(SCRATCH, "disk")
        wall_disk, _, _, _ = measure([binary, "build", "--today", TODAY, "--out", disk_out,
                                      *force, "net-drugs-overview"], 15)
        braille_line = "  in braille: not measured (no content/styles/braille.yaml)"
        if os.path.exists(os.path.join("content", "styles", "braille.yaml")):
            one_brf = [binary, "build", "--today", TODAY, "--out", os.path.join(OUT_ROOT, "brf"),
                       *force, "--format", "braille", "net-drugs-overview"]
            measure(one_brf, 2)
            wall_b, cpu_b, rss_b, _ = measure(one_brf, 30)
            braille_line = (f"  the same in braille (contracted UEB, BRF): median {wall_b * 1000:.1f} ms "
                            f"wall, {cpu_b * 1000:.1f} ms CPU; peak RSS {rss_b / 1024:.1f} MiB (30 runs)")

        batch = [binary, "build", "--today", TODAY, "--out", os.path.join(OUT_ROOT, "batch"),
                 "--all", *force]
        _, _, _, listing = measure(batch, 1)
        docs, pages = pages_of(listing)
        t1, c1, rss1, _ = measure(batch + ["-j", "1"], 9)
        tn, cn, rssn, _ = measure(batch + ["-j", str(cores)], 9)

        content = os.path.join(SCRATCH, "content")
        copies = max(1, LARGE_BATCH // max(docs, 1) - 1)
        copy_content("content", content, copies)
        # styles name fonts relative to the content folder's parent
        os.symlink(os.path.abspath("fonts"), os.path.join(SCRATCH, "fonts"))
        large = [binary, "build", "--today", TODAY, "--content", content, "--all", *force,
                 "--out", os.path.join(OUT_ROOT, "large"), "-j", str(cores)]
        tl, cl, rssl, listing_l = measure(large, 3)
        docs_l, pages_l = pages_of(listing_l)
        shutil.rmtree(os.path.join(OUT_ROOT, "large"), ignore_errors=True)

        batch_dir = os.path.join(OUT_ROOT, "batch")
        sizes = [os.path.getsize(os.path.join(batch_dir, n))
                 for n in os.listdir(batch_dir) if n.endswith(".pdf")]
        size_std = os.path.getsize(os.path.join(batch_dir, "net-drugs-overview.standard.pdf"))
        size_large = os.path.getsize(os.path.join(batch_dir, "net-drugs-overview.large.pdf"))

        print(f"machine: {cores} cores; output on {'tmpfs (' + ram + ')' if ram else 'disk'}")
        print(f"one leaflet, fresh process (standard overview): median {wall_one * 1000:.1f} ms wall, "
              f"{cpu_one * 1000:.1f} ms CPU; peak RSS {rss_one / 1024:.1f} MiB (30 runs)")
        print(f"  the same writing to disk (synced once before the manifest lists it): median {wall_disk * 1000:.1f} ms wall")
        print(braille_line)
        print(f"batch of {docs} documents, {pages} pages, 1 worker: {t1 * 1000:.0f} ms = "
              f"{docs / t1:.0f} docs/s, {pages / t1:.0f} pages/s; CPU {c1 * 1000:.0f} ms = "
              f"{c1 * 1000 / docs:.2f} ms/doc; peak RSS {rss1 / 1024:.1f} MiB")
        print(f"batch, {cores} workers: {tn * 1000:.0f} ms = {docs / tn:.0f} docs/s, "
              f"{pages / tn:.0f} pages/s (speed-up {t1 / tn:.2f}x); peak RSS {rssn / 1024:.1f} MiB")
        print(f"large batch of {docs_l} documents, {pages_l} pages, {cores} workers: "
              f"{tl:.2f} s = {docs_l / tl:.0f} docs/s, {pages_l / tl:.0f} pages/s; "
              f"CPU {cl:.2f} s = {cl * 1000 / docs_l:.2f} ms/doc; peak RSS {rssl / 1024:.1f} MiB")
        print(mailing(binary, help_text, cores))
        print(f"bytes: standard overview {size_std}, large-print overview {size_large}, "
              f"mean of the batch {sum(sizes) / len(sizes):.0f}")
        print("\n".join(scripts(binary, force)))
        print(typst(binary, force))
        if not quick and shutil.which("valgrind") and shutil.which("callgrind_annotate"):
            total, pdf = callgrind_share(binary, [a for a in batch[1:]] + ["-j", "1"])
            print(f"instructions (callgrind, batch, 1 worker): {total:,} = {total / docs / 1e6:.1f} M "
                  f"per document; PDF backend {100 * pdf / total:.1f} %")
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)
        if OUT_ROOT != SCRATCH:
            shutil.rmtree(OUT_ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
