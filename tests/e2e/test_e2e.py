#!/usr/bin/env python3
"""End-to-end tests for leaflet: render real content, check the PDFs from
outside with qpdf, pdftotext, pdffonts, pdfinfo and mutool.

Each check asserts what a reader would see: the words and their order, the
type sizes, the fonts, the bookmarks.  Prints one line per check and a
closing 'e2e: N passed, N failed' line; exits non-zero on any failure.
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/leaflet")
TODAY = "2026-11-24"
RESULTS = {"passed": 0, "failed": 0}


# LEAFLET_WRAPPER: a command every run of leaflet goes through, e.g.
# "valgrind -q --error-exitcode=9" (make e2e-valgrind); other tools run as they are.
WRAPPER = shlex.split(os.environ.get("LEAFLET_WRAPPER", ""))


def run(args, **kw):
    if args and args[0] == BIN:
        args = WRAPPER + list(args)
    return subprocess.run(args, capture_output=True, text=True, **kw)


def check(name, ok, detail=""):
    if ok:
        RESULTS["passed"] += 1
        print(f"ok   {name}")
    else:
        RESULTS["failed"] += 1
        print(f"FAIL {name}" + (f"\n     {detail}" if detail else ""))


def build(out, *args, content="content"):
    return run([BIN, "build", "--today", TODAY, "--out", out, "--content", content, *args])


def words(text):
    # str.split() splits on U+00A0 too: a reader sees a space either way
    return text.split()


def style_value(name, key):
    with open(f"content/styles/{name}.yaml", encoding="utf-8") as f:
        for line in f:
            m = re.match(rf"{key}:\s*(.*?)\s*(#.*)?$", line)
            if m:
                return m.group(1)
    raise KeyError(key)


MM = 72 / 25.4


def page_box(pdf):
    info = run(["pdfinfo", pdf]).stdout
    m = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info)
    return float(m.group(1)), float(m.group(2))


def body_text(pdf, fmt):
    """The text of every page above the footer (the footer repeats on each
    page and is checked on its own)."""
    w, h = page_box(pdf)
    size = float(style_value(fmt, "body_size"))
    spacing = float(style_value(fmt, "line_spacing"))
    margins = [float(x) for x in style_value(fmt, "margins").strip("[]").split(",")]
    footer = margins[2] * MM + 2 * size * spacing + size
    res = run(["pdftotext", "-x", "0", "-y", "0", "-W", str(int(w)), "-H",
               str(int(h - footer)), pdf, "-"])
    return res.stdout


def stext(pdf):
    """mutool's structured text: (font name, size, line bbox) per line."""
    res = run(["mutool", "draw", "-q", "-F", "stext", "-o", "-", pdf])
    root = ET.fromstring(res.stdout)
    pages = []
    for page in root.iter("page"):
        lines = []
        for line in page.iter("line"):
            bbox = [float(v) for v in line.get("bbox").split()]
            for font in line.iter("font"):
                chars = "".join(c.get("c", "") for c in font.iter("char"))
                # the right edge of what is visible: a space a line ends
                # with is kept for text extraction but prints nothing
                ink = [max(float(v) for v in c.get("quad").split()[0::2])
                       for c in font.iter("char") if c.get("c", " ").strip()]
                if ink:
                    bbox = [bbox[0], bbox[1], max(ink), bbox[3]]
                lines.append((font.get("name"), float(font.get("size")), bbox, chars))
        pages.append(lines)
    return pages


def body_lines(pdf, fmt):
    """Per page, the body lines (above the footer) as dicts with x (first
    ink), y (baseline from the top), text, size and bold, in reading order."""
    w, h = page_box(pdf)
    size = float(style_value(fmt, "body_size"))
    spacing = float(style_value(fmt, "line_spacing"))
    margins = [float(x) for x in style_value(fmt, "margins").strip("[]").split(",")]
    footer_top = h - (margins[2] * MM + 2 * size * spacing + size)
    res = run(["mutool", "draw", "-q", "-F", "stext", "-o", "-", pdf])
    pages = []
    for page in ET.fromstring(res.stdout).iter("page"):
        lines = []
        for line in page.iter("line"):
            chars = [(c, f) for f in line.iter("font") for c in f.iter("char")]
            ink = [(c, f) for c, f in chars if c.get("c", " ").strip()]
            if not ink:
                continue
            y = float(ink[0][0].get("y"))
            if y > footer_top:
                continue
            lines.append({"x": float(ink[0][0].get("x")), "y": y,
                          "text": "".join(c.get("c", "") for c, _ in chars).rstrip(),
                          "size": float(ink[0][1].get("size")),
                          "bold": "Bol" in ink[0][1].get("name")})
        pages.append(lines)
    return pages, size


def tagged_lines(pdf):
    """From the structure tree and the content streams (pikepdf): for each
    structure element, the baselines of its text on each page, as
    {element: {page: set(y)}} with elements named by object number."""
    import pikepdf
    doc = pikepdf.open(pdf)
    nums = doc.Root.StructTreeRoot.ParentTree.get("/Nums", [])
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    out = {}
    for pno, page in enumerate(doc.pages):
        owners = parents.get(int(page.obj.get("/StructParents", -1)))
        mcid, y, base = None, None, 0.0
        for op in pikepdf.parse_content_stream(page):
            name = str(op.operator)
            if name == "BDC" and isinstance(op.operands[1], pikepdf.Dictionary) and "/MCID" in op.operands[1]:
                mcid = int(op.operands[1].MCID)
            elif name == "EMC":
                mcid = None
            elif name == "BT":
                base = 0.0  # Td moves from the line before, in one text object
            elif name == "Td":
                base += float(op.operands[1])
                y = round(base, 1)
            elif name in ("Tj", "TJ") and mcid is not None and owners is not None:
                el = owners[mcid]
                if str(el.get("/S")) == "/P":
                    # dicts keep insertion order: elements in reading order
                    out.setdefault(el.objgen, {}).setdefault(pno, set()).add(y)
                    top_level[el.objgen] = str(el.P.get("/S")) == "/Document"
    return out


top_level = {}  # filled by tagged_lines: is a P element a child of Document


def struct_parts(pdf, skip=("Table", "Figure")):
    """pdfinfo -struct-text read as (text outside the elements named in
    'skip', text inside them): both in structure order, a new element
    starting a new word."""
    outside, inside, depth_in = [], [], None
    for line in run(["pdfinfo", "-struct-text", pdf]).stdout.splitlines():
        indent = len(line) - len(line.lstrip())
        body = line.strip()
        if depth_in is not None and indent <= depth_in and not body.startswith(('"', "/")):
            depth_in = None
        if depth_in is None and not body.startswith('"'):
            name = re.match(r"([A-Za-z0-9]+)", body)
            if name and name.group(1) in skip:
                depth_in = indent
        target = inside if depth_in is not None else outside
        target.append(body[1:-1] if body.startswith('"') else " ")
    return "".join(outside), "".join(inside)


def content_strings(pattern):
    """Every string the content writes where 'pattern' (a regex with one
    group) matches: write-in labels, say."""
    found = []
    for folder in ("content/leaflets", "content/fragments"):
        for name in sorted(os.listdir(folder)):
            found += re.findall(pattern, open(os.path.join(folder, name), encoding="utf-8").read())
    return found


def without(seq, sub):
    """'seq' with the first run equal to 'sub' taken out."""
    for i in range(len(seq) - len(sub) + 1):
        if seq[i:i + len(sub)] == sub:
            return seq[:i] + seq[i + len(sub):]
    return seq


def main():
    tmp = tempfile.mkdtemp(prefix="leaflet-e2e-")
    try:
        run_checks(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"e2e: {RESULTS['passed']} passed, {RESULTS['failed']} failed")
    sys.exit(1 if RESULTS["failed"] else 0)


def run_checks(tmp):
    out = os.path.join(tmp, "out")
    res = build(out, "--all")
    check("build --all exits 0", res.returncode == 0, res.stderr)
    pdfs = sorted(f for f in os.listdir(out) if f.endswith(".pdf")) if os.path.isdir(out) else []
    expected = sorted(f"{stem}.{fmt}.pdf" for fmt in ("standard", "large", "giant") for stem in (
        "net-drugs-overview", "net-drugs-pancreatic-net", "net-drugs-digestive-net",
        "net-drugs-lung-net", "net-drugs-lung-nec"))
    check("one PDF per leaflet, edition and format", pdfs == expected, f"{pdfs}")
    printed = sorted(os.path.basename(l.split(" ")[0]) for l in res.stdout.splitlines())
    brfs = sorted(f.replace(".standard.pdf", ".braille.brf") for f in expected
                  if f.endswith(".standard.pdf"))
    check("one line printed per PDF (and braille file: tests/e2e/test_braille.py) written",
          printed == sorted(expected + brfs), res.stdout)

    for name in pdfs:
        pdf = os.path.join(out, name)
        q = run(["qpdf", "--check", pdf])
        check(f"{name}: qpdf --check", q.returncode == 0 and "No syntax or stream encoding errors" in q.stdout,
              q.stdout + q.stderr)
        t = run(["pdftotext", pdf, "-"])
        check(f"{name}: pdftotext prints no warnings", t.returncode == 0 and t.stderr == "", t.stderr)
        f = run(["pdffonts", pdf])
        rows = f.stdout.splitlines()[2:]
        ok = f.returncode == 0 and f.stderr == "" and rows and all(
            re.search(r"\byes\s+yes\s+yes\b", r) for r in rows)
        check(f"{name}: every font embedded, subset, with a Unicode map", ok, f.stdout + f.stderr)
        names = [r.split()[0] for r in rows]
        check(f"{name}: Atkinson Hyperlegible is the face",
              any("AtkinsonHyperlegible" in n for n in names), str(names))

    # the overview's words are the seed page's words, in order: the text
    # the program adds is left out (tables, pictures, the labels of write-in
    # spaces and the label box, the generated sections), and the review
    # dates the page ends with are in the about section's table
    with open("tests/e2e/seed-body.txt", encoding="utf-8") as f:
        seed = words(f.read())
    labels = [words(l) for l in content_strings(r"write-in: \{label: \"([^\"]*)\"")]
    labels.append(["Patient", "label"])
    for fmt in ("standard", "large"):
        pdf = os.path.join(out, f"net-drugs-overview.{fmt}.pdf")
        text, tables = struct_parts(pdf)
        got = words(text)
        for label in labels:
            got = without(got, label)
        if "References" in got:
            got.remove("References")
        if "Glossary" in got and "About" in got:
            got = got[:got.index("Glossary")]
        tail = ["Last", "reviewed:", "26", "Feb", "2025", "Next", "review", "due:", "26", "Feb", "2028"]
        want = seed[:-len(tail)] if seed[-len(tail):] == tail else seed
        first_diff = next((i for i, (a, b) in enumerate(zip(want, got)) if a != b), None)
        check(f"overview {fmt}: words equal the seed page's, in order", got == want,
              f"seed {len(want)} words, pdf {len(got)}; first difference at {first_diff}: "
              f"{want[first_diff - 3:first_diff + 3] if first_diff is not None else want[len(got):len(got) + 5]} vs "
              f"{got[first_diff - 3:first_diff + 3] if first_diff is not None else got[len(want):len(want) + 5]}")
        check(f"overview {fmt}: the review dates, in the about section's table",
              " ".join(words(tables)).find("Last reviewed 26 Feb 2025 Next review due 26 Feb 2028") >= 0
              or " ".join(words(tables)).find("Last reviewed: 26 Feb 2025 Next review due: 26 Feb 2028") >= 0,
              tables[-300:])
        text = run(["pdftotext", pdf, "-"]).stdout
        check(f"overview {fmt}: curly apostrophe copies out exactly",
              "Cancer Research UK\u2019s" in " ".join(text.split()))
        glossary = text[text.find("Glossary"):]
        check(f"overview {fmt}: glossary holds the two terms used",
              "immune" in glossary and "digestive system" in glossary)

    # sizes are the sizes asked for: body 12 pt standard, 18 pt large, and
    # nothing smaller than the body in large print
    for fmt, size in (("standard", 12.0), ("large", 18.0), ("giant", 24.0)):
        pdf = os.path.join(out, f"net-drugs-overview.{fmt}.pdf")
        counts = {}
        for page in stext(pdf):
            for font, sz, bbox, chars in page:
                counts[sz] = counts.get(sz, 0) + len(chars)
        body = max(counts, key=counts.get)
        check(f"overview {fmt}: body text is {size:g} pt", abs(body - size) < 0.01, str(counts))
        check(f"overview {fmt}: no text smaller than the body", min(counts) >= size - 0.01, str(counts))

    # a size asked for on the command line: every size scaled from it
    out20 = os.path.join(tmp, "size20")
    res = build(out20, "--size", "20", "net-drugs-overview")
    pdf = os.path.join(out20, "net-drugs-overview.20pt.pdf")
    check("--size 20 writes <leaflet>.20pt.pdf", res.returncode == 0 and os.path.exists(pdf), res.stderr)
    if os.path.exists(pdf):
        counts = {}
        for page in stext(pdf):
            for font, sz, bbox, chars in page:
                counts[sz] = counts.get(sz, 0) + len(chars)
        check("--size 20: body text is 20 pt, nothing smaller", max(counts, key=counts.get) == 20.0
              and min(counts) >= 20.0, str(counts))

    # --size given twice: a format for each (only the last was built)
    out2 = os.path.join(tmp, "twosizes")
    res = build(out2, "--size", "22", "--size", "26", "net-drugs-overview")
    check("--size 22 --size 26 builds both sizes",
          res.returncode == 0 and sorted(f for f in os.listdir(out2) if f.endswith(".pdf")) ==
          ["net-drugs-overview.22pt.pdf", "net-drugs-overview.26pt.pdf"], res.stderr)

    # --size 40 on A4 keeps the large format's 20 mm margins (they once grew
    # with the type to 42 mm: ordinary words were split and "Page 100 of
    # 127" ran into the left margin): no word split, every word inside the
    # margins, the page number ending at the right margin on every page
    out40 = os.path.join(tmp, "size40")
    res = build(out40, "--size", "40", "net-drugs-overview")
    pdf = os.path.join(out40, "net-drugs-overview.40pt.pdf")
    check("--size 40 writes its PDF", res.returncode == 0 and os.path.exists(pdf), res.stderr)
    check("--size 40: no word split", "was split (clear print" not in res.stderr, res.stderr)
    if os.path.exists(pdf):
        margin, width = 20 * 72 / 25.4, 595.28
        bbox = run(["pdftotext", "-bbox", pdf, "-"]).stdout
        pages = re.findall(r"<page .*?</page>", bbox, re.S)
        outside, numbers = [], set()
        for n, page in enumerate(pages, 1):
            ws = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">'
                            r'([^<]*)</word>', page)
            outside += [(n, w) for x0, x1, w in ws
                        if float(x0) < margin - 0.5 or float(x1) > width - margin + 0.5]
            for i in range(len(ws) - 3):
                if ws[i][2] == "Page" and ws[i + 1][2] == str(n) and ws[i + 2][2] == "of":
                    numbers.add(round(float(ws[i + 3][1]), 1))
        check("--size 40: every word inside the 20 mm margins", not outside and len(pages) > 40,
              f"{len(pages)} pages, outside: {outside[:5]}")
        check("--size 40: 'Page N of M' on every page, ending at the right margin",
              len(numbers) == 1 and abs(numbers.pop() - (width - margin)) < 1.0, str(numbers))

    # a booklet: A5 pages two-up on A4 landscape sheets in saddle-stitch
    # order, padded with Notes pages to a multiple of four, print only
    outb = os.path.join(tmp, "booklet")
    for fmt in ("standard", "large"):
        res = build(outb, "--booklet", "--format", fmt, "net-drugs")
        pdf = os.path.join(outb, f"net-drugs-pancreatic-net.{fmt}-a5.booklet.pdf")
        check(f"booklet {fmt}: written", res.returncode == 0 and os.path.exists(pdf), res.stderr)
        if not os.path.exists(pdf):
            continue
        info = run(["pdfinfo", pdf]).stdout
        w, h = page_box(pdf)
        sides = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        check(f"booklet {fmt}: A4 landscape sheets, printed both sides",
              abs(w - 841.9) < 3 and abs(h - 595.3) < 1 and sides % 2 == 0, f"{w}x{h}, {sides} sides")
        check(f"booklet {fmt}: says it is for printing only and is not tagged",
              "For printing only" in info and re.search(r"Tagged:\s+no", info), info)
        # the Subject named "net-drugs-pancreatic-net.<format>.pdf", not the file
        check(f"booklet {fmt}: its Subject names the accessible file, "
              f"net-drugs-pancreatic-net.{fmt}.pdf",
              f"page-per-page PDF net-drugs-pancreatic-net.{fmt}.pdf." in info, info)
        # the print dialog presets both sides, flipped on the short edge
        import pikepdf
        with pikepdf.open(pdf) as bdoc:
            prefs = bdoc.Root.get("/ViewerPreferences", {})
            check(f"booklet {fmt}: /ViewerPreferences /Duplex /DuplexFlipShortEdge",
                  str(prefs.get("/Duplex", "")) == "/DuplexFlipShortEdge", repr(prefs))
        total = sides * 2
        found = {}
        bbox = run(["pdftotext", "-bbox", pdf, "-"]).stdout
        for page_no, page in enumerate(re.findall(r"<page .*?</page>", bbox, re.S)):
            words_ = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>', page)
            for i in range(len(words_) - 3):
                if words_[i][1] == "Page" and words_[i + 2][1] == "of":
                    half = 0 if float(words_[i][0]) < w / 2 else 1
                    found[(page_no, half)] = (int(words_[i + 1][1]), int(words_[i + 3][1]))
        want = {}
        for s_ in range(total // 4):
            pairs = [(total - 2 * s_, 2 * s_ + 1), (2 * s_ + 2, total - 2 * s_ - 1)]
            for side, (left, right) in enumerate(pairs):
                for half, n in enumerate((left, right)):
                    if n != 1:  # the cover has no page number
                        want[(2 * s_ + side, half)] = (n, total)
        check(f"booklet {fmt}: pages {total} in saddle-stitch order on each half of each sheet",
              total % 4 == 0 and found == want, f"found {sorted(found.items())}\n want {sorted(want.items())}")
        check(f"booklet {fmt}: {total // 4} sheets, no saddle-stitching warning",
              "saddle stitching" not in res.stderr, res.stderr)
        if fmt == "large":
            # the footer said "Targeted and…" beside the page number
            halves = [" ".join(run(["pdftotext", "-f", str(side), "-l", str(side), "-x",
                                    str(int(half * w / 2)), "-y", "0", "-W", str(int(w / 2)),
                                    "-H", str(int(h)), pdf, "-"]).stdout.split())
                      for side in range(1, sides + 1) for half in (0, 1)]
            named = [t for t in halves if re.search(
                r"Targeted and immunotherapy drugs Page \d+ of %d Next review due" % total, t)]
            check("booklet large: every footer names the leaflet by its short title, whole, "
                  "never 'Targeted and\u2026'",
                  not any("\u2026" in t for t in halves) and len(named) == total - 1,
                  f"{len(named)} of {total - 1}: " + str([t[-100:] for t in halves[:3]]))
        text = " ".join(run(["pdftotext", pdf, "-"]).stdout.split())
        check(f"booklet {fmt}: cover names the tumour type and publisher, back page the contact",
              "Tumour type: pancreatic neuroendocrine tumour (NET)" in text and
              "Published by Cancer Research UK" in text and "Phone 0808 800 4040" in text and
              len(re.findall("Leaflet ID:? net-drugs-pancreatic-net", text)) == 1, text[:400])
        # the back page is the left half of the first sheet's front
        first = " ".join(run(["pdftotext", "-f", "1", "-l", "1", "-x", "0", "-y", "0", "-W",
                              str(int(w / 2)), "-H", str(int(h)), pdf, "-"]).stdout.split())
        check(f"booklet {fmt}: the back page has the box for the patient label"
              + (", and the review facts as a table" if fmt == "standard" else ""),
              "Patient label" in first and (fmt != "standard" or (
                  "Last reviewed 26 Feb 2025" in first and
                  "Leaflet ID net-drugs-pancreatic-net" in first)), first[:300])

    # a booklet is A5 pages on A4 sheets: --paper A4 was silently ignored
    res = build(os.path.join(tmp, "booklet-a4"), "--booklet", "--paper", "A4", "net-drugs")
    check("booklet --paper A4: refused (exit 2), saying why, nothing written",
          res.returncode == 2 and "--paper A4" in res.stderr and
          not os.path.exists(os.path.join(tmp, "booklet-a4")), res.stderr)
    res = build(os.path.join(tmp, "booklet-a5"), "--booklet", "--paper", "A5", "net-drugs")
    check("booklet --paper A5: the booklet's own paper, built", res.returncode == 0, res.stderr)

    # --size 30 on A4: the short title whole in every footer, not cut
    out30 = os.path.join(tmp, "size30")
    res = build(out30, "--size", "30", "net-drugs")
    pdf = os.path.join(out30, "net-drugs-pancreatic-net.30pt.pdf")
    pages30 = [" ".join(pg.split()) for pg in run(["pdftotext", pdf, "-"]).stdout.split("\f")
               if pg.strip()]
    check("--size 30: every page's footer says 'Targeted and immunotherapy drugs', none "
          "'Targeted and\u2026'", res.returncode == 0 and pages30 and
          all("Targeted and immunotherapy drugs" in pg and "\u2026" not in pg for pg in pages30),
          res.stderr + str([pg[-120:] for pg in pages30[:3]]))

    # a booklet thicker than saddle stitching holds (26 sheets at 36 pt) is
    # made, with a warning naming the leaflet's file; it was said nowhere
    res = build(os.path.join(tmp, "booklet-36"), "--booklet", "--size", "36", "net-drugs-overview")
    check("booklet at 36 pt: 104 pages on 26 sheets, warned as more than saddle stitching holds",
          res.returncode == 0 and "content/leaflets/net-drugs-overview.yaml: warning: "
          "net-drugs-overview: as a booklet at 36 pt it takes 104 pages on 26 sheets, more than "
          "the 20 sheets (80 pages) saddle stitching holds" in res.stderr, res.stderr[-800:])
    # the largest size: the README says a booklet is refused from about 46
    # pt (46 pt built: the digestive edition's cover ran over); 45.5 builds
    res = build(os.path.join(tmp, "booklet-46"), "--booklet", "--size", "46", "net-drugs")
    check("booklet at 46 pt: the digestive edition refused, its cover cannot be one page",
          res.returncode == 1 and "net-drugs-digestive-net: at 46 pt the booklet's cover does "
          "not fit on one A5 page" in res.stderr, res.stderr[-800:])
    res = build(os.path.join(tmp, "booklet-47"), "--booklet", "--size", "47", "net-drugs-overview")
    check("booklet at 47 pt: refused, a page has room for fewer than three lines",
          res.returncode == 1 and "above its footer (expected at least 3" in res.stderr,
          res.stderr[-800:])
    out455 = os.path.join(tmp, "booklet-45.5")
    res = build(out455, "--booklet", "--size", "45.5", "net-drugs")
    covers = []
    for f in sorted(os.listdir(out455)) if os.path.isdir(out455) else []:
        if f.endswith(".booklet.pdf"):
            # page 2, the inside front cover: the left half of the first back
            w2, h2 = page_box(os.path.join(out455, f))
            covers.append(" ".join(run(["pdftotext", "-f", "2", "-l", "2", "-x", "0", "-y", "0",
                                        "-W", str(int(w2 / 2)), "-H", str(int(h2)),
                                        os.path.join(out455, f), "-"]).stdout.split()))
    check("booklet at 45.5 pt: every edition made, the cover one page (page 2 has its number, "
          "nothing of the cover)", res.returncode == 0 and len(covers) == 4 and
          all(re.search(r"(^| )2( |$)|Page 2 of", c) and "Published by Cancer" not in c
              for c in covers), res.stderr[-500:] + str(covers))

    # a paragraph carried over a page break leaves at least two lines on
    # each side.  First find paragraphs to judge, so that the check cannot
    # pass by finding none: those the real leaflets split (none may be, in
    # standard print), and those of a leaflet of long paragraphs that split
    # in every format.
    long_content = os.path.join(tmp, "long-content")
    shutil.copytree("content", long_content)
    for f in os.listdir(os.path.join(long_content, "styles")):
        p = os.path.join(long_content, "styles", f)
        s = open(p, encoding="utf-8").read().replace(": fonts/", ": " + os.path.abspath("fonts") + "/")
        open(p, "w", encoding="utf-8").write(s)
    sentence = "Tell your doctor or nurse about any side effects you have, even mild ones. "
    with open(os.path.join(long_content, "leaflets", "long.yaml"), "w", encoding="utf-8") as f:
        f.write("id: long\ntitle: Long paragraphs\n"
                "review: {last_reviewed: 2025-02-26, next_review: 2028-02-26}\nbody:\n")
        for n in (7, 31, 19, 43, 11, 37):
            f.write(f"  - p: \"{sentence * n}\"\n")
    out_long = os.path.join(tmp, "long")
    res = build(out_long, "--all", "long", content=long_content)
    check("a leaflet of long paragraphs in every format", res.returncode == 0, res.stderr)
    splits = {}
    for fmt in ("standard", "large", "giant"):
        for stem in ("net-drugs-overview", "net-drugs-lung-nec", "net-drugs-pancreatic-net", "long"):
            pdf = os.path.join(out_long if stem == "long" else out, f"{stem}.{fmt}.pdf")
            splits[(stem, fmt)] = [(el, sorted((p, len(ys)) for p, ys in by_page.items()))
                                   for el, by_page in tagged_lines(pdf).items() if len(by_page) > 1]
    per_format = {fmt: sum(len(v) for (_, f_), v in splits.items() if f_ == fmt)
                  for fmt in ("standard", "large", "giant")}
    real = sum(len(v) for (stem, _), v in splits.items() if stem != "long")
    check(f"widow check: paragraphs split over pages to judge in every format {per_format} "
          f"({real} in the real leaflets)", all(n >= 2 for n in per_format.values()) and real >= 1,
          str(per_format))
    for (stem, fmt), split in splits.items():
        bad = [s_ for s_ in split if any(n < 2 for _, n in s_[1])]
        check(f"{stem} {fmt}: no one-line widows or orphans ({len(split)} paragraphs split)",
              not bad, str(bad))

    # clear print, measured from the pages: every body line starts at the
    # margin, a list indent or inside a callout box; no line ends with an
    # added hyphen; no page ends with a heading
    for fmt in ("standard", "large", "giant"):
        margins = [float(x) for x in style_value(fmt, "margins").strip("[]").split(",")]
        size = float(style_value(fmt, "body_size"))
        ml = margins[3] * MM
        indent = float(style_value(fmt, "list_indent")) * size
        pad = 0.75 * size + float(style_value(fmt, "rule_width"))
        allowed = [ml, ml + indent, ml + pad, ml + pad + indent]
        for stem in ("net-drugs-overview", "net-drugs-lung-nec", "net-drugs-pancreatic-net"):
            pdf = os.path.join(out, f"{stem}.{fmt}.pdf")
            pages, body = body_lines(pdf, fmt)
            # a table's cells and a label box's words start where their
            # rules put them (tests/e2e/test_features.py checks those)
            boxed = " ".join(words(struct_parts(pdf)[1])) + " Patient label"
            starts = [l for p in pages for l in p if not any(abs(l["x"] - a) < 0.6 for a in allowed)
                      and " ".join(words(l["text"])) not in boxed]
            check(f"{stem} {fmt}: every line starts at the margin or an indent", not starts,
                  str([(l["x"], l["text"][:30]) for l in starts[:3]]))
            hyph = [l["text"] for p in pages for l in p if l["text"].endswith(("-", "\u2010"))]
            check(f"{stem} {fmt}: no line ends with a hyphen", not hyph, str(hyph[:3]))
            ends = [i + 1 for i, p in enumerate(pages[:-1]) if p and p[-1]["bold"] and p[-1]["size"] > body + 0.01]
            check(f"{stem} {fmt}: no page ends with a heading", not ends, f"pages {ends}")
            # consecutive body paragraphs on one page: at least a blank line
            # (one line pitch) between the last line of one and the next
            pitch = body * float(style_value(fmt, "line_spacing"))
            paras = [(el, by_page) for el, by_page in tagged_lines(pdf).items() if top_level.get(el)]
            tight = []
            for (e1, p1), (e2, p2) in zip(paras, paras[1:]):
                page = max(p1)
                if page in p2 and min(p2) == page:
                    gap_ = min(p1[page]) - max(p2[page])  # PDF y grows upwards
                    if gap_ < 2 * pitch - 0.5:
                        tight.append(round(gap_ - pitch, 1))
            check(f"{stem} {fmt}: a blank line between paragraphs ({len(paras)} paragraphs)",
                  not tight and len(paras) > 3, f"extra space {tight}")

    # standard print keeps full lines to 60-75 characters
    pdf = os.path.join(out, "net-drugs-overview.standard.pdf")
    lengths = [len(l.rstrip()) for l in run(["pdftotext", "-layout", pdf, "-"]).stdout.splitlines()
               if len(l.strip()) > 0]
    longest = max(lengths)
    check("standard: the longest lines are 60-75 characters", 60 <= longest <= 75, f"longest {longest}")

    # no line runs past the right margin
    for fmt in ("standard", "large", "giant"):
        margins = [float(x) for x in style_value(fmt, "margins").strip("[]").split(",")]
        for stem in ("net-drugs-overview", "net-drugs-lung-nec"):
            pdf = os.path.join(out, f"{stem}.{fmt}.pdf")
            w, _ = page_box(pdf)
            limit = w - margins[1] * MM + 0.5
            worst = max(bbox[2] for page in stext(pdf) for _, _, bbox, _ in page)
            check(f"{stem} {fmt}: no line passes the right margin", worst <= limit,
                  f"widest line ends at {worst:.2f}, margin at {limit:.2f}")

    # each tumour edition holds exactly its drugs' sections (bookmarks)
    drugs = {"pancreatic-net": ["Sunitinib", "Everolimus"], "digestive-net": ["Everolimus"],
             "lung-net": ["Everolimus"], "lung-nec": ["Atezolizumab", "Durvalumab"]}
    all_drugs = {"Sunitinib", "Everolimus", "Atezolizumab", "Durvalumab"}
    for tumour, want in drugs.items():
        pdf = os.path.join(out, f"net-drugs-{tumour}.standard.pdf")
        outline = run(["mutool", "show", pdf, "outline"]).stdout
        titles = re.findall(r'"([^"]*)"', outline)
        have = [t for t in titles if t in all_drugs]
        check(f"{tumour}: drug sections are exactly {want}", have == want, str(titles))
        text = run(["pdftotext", pdf, "-"]).stdout
        others = [d for d in all_drugs - set(want) if f"{d} is also called" in text]
        check(f"{tumour}: no other drug's section", not others, str(others))
    nec = run(["pdftotext", os.path.join(out, "net-drugs-lung-nec.standard.pdf"), "-"]).stdout
    check("lung-nec: mentions chemotherapy alongside", "chemotherapy" in nec)

    # metadata, footers, last page
    pdf = os.path.join(out, "net-drugs-pancreatic-net.large.pdf")
    info = run(["pdfinfo", pdf]).stdout
    field = lambda k: (re.search(rf"^{k}:\s+(.*)$", info, re.M) or [None, None])[1]
    check("pdfinfo: title names the tumour type",
          field("Title") == "Targeted and immunotherapy drugs for pancreatic neuroendocrine tumour (NET)", info)
    check("pdfinfo: author is the publisher", field("Author") == "Cancer Research UK", info)
    check("pdfinfo: subject and keywords", field("Subject") and "Sunitinib" in (field("Keywords") or ""), info)
    check("pdfinfo: PDF 1.7", field("PDF version") == "1.7", info)
    check("pdfinfo: dates from the content", (field("CreationDate") or "").startswith("Wed Feb 26 00:00:00 2025"), info)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    for p in range(1, pages + 1):
        t = run(["pdftotext", "-f", str(p), "-l", str(p), pdf, "-"]).stdout
        check(f"page {p}: footer has page number and review date",
              f"Page {p} of {pages}" in t and "Next review due: 26 Feb 2028" in t, t[-300:])
    # the about section is kept on one page: the last, or the one before a
    # last page holding only what the leaflet puts on its back page
    last = " ".join(run(["pdftotext", "-f", str(pages - 1), "-l", str(pages), pdf, "-"]).stdout.split())
    check("last pages: reviewed dates, publisher, contact, and the label box last",
          all(s in last for s in ("Last reviewed 26 Feb 2025", "Next review due 26 Feb 2028",
                                  "Cancer Research UK", "0808 800 4040")) and
          last.rstrip().split("Page")[-2].strip().endswith("Patient label Targeted and immunotherapy drugs Next review due: 26 Feb 2028")
          or "Patient label" in " ".join(run(["pdftotext", "-f", str(pages), "-l", str(pages), pdf, "-"]).stdout.split()), last)
    outline = run(["mutool", "show", pdf, "outline"]).stdout
    check("bookmarks: one per heading", "Side effects" in outline and "Coping" in outline, outline)

    # the structure tree's headings are the content's own outline
    def content_outline():
        def scalar(v):
            v = v.strip()
            return v[1:-1] if v[:1] == '"' and v[-1:] == '"' else v

        def from_body(path):
            heads = []
            for line in open(path, encoding="utf-8"):
                m = re.match(r"\s*- (h[234]): (.*)$", line)
                if m:
                    heads.append((int(m.group(1)[1]), scalar(m.group(2))))
                m = re.match(r"\s*- drug: \{id: ([a-z0-9-]+), level: (\d)\}", line)
                if m:
                    name = re.search(r"^name: (.*)$", open(f"content/drugs/{m.group(1)}.yaml",
                                     encoding="utf-8").read(), re.M).group(1)
                    heads.append((int(m.group(2)), scalar(name)))
                m = re.match(r"\s*- include: ([a-z0-9-]+)", line)
                if m:
                    heads += from_body(f"content/fragments/{m.group(1)}.yaml")
            return heads
        path = "content/leaflets/net-drugs-overview.yaml"
        title = scalar(re.search(r"^title: (.*)$", open(path, encoding="utf-8").read(), re.M).group(1))
        return [(1, title)] + from_body(path) + [(2, "References"), (2, "Glossary"),
                                                 (2, "About this leaflet")]

    def struct_headings(pdf):
        text = run(["pdfinfo", "-struct-text", pdf]).stdout.splitlines()
        heads, i = [], 0
        while i < len(text):
            m = re.match(r"\s*H([1-6]) \(block\)", text[i])
            i += 1
            if m:
                parts = []
                while i < len(text) and text[i].strip().startswith('"'):
                    parts.append(text[i].strip()[1:-1])
                    i += 1
                heads.append((int(m.group(1)), " ".join("".join(parts).split())))
        return heads
    for fmt in ("standard", "large"):
        got = struct_headings(os.path.join(out, f"net-drugs-overview.{fmt}.pdf"))
        want = content_outline()
        check(f"overview {fmt}: structure-tree headings are the content's outline", got == want,
              f"\n got  {got}\n want {want}")

    # text read in structure order is the text a reader sees on the page
    for fmt in ("standard", "large"):
        pdf = os.path.join(out, f"net-drugs-overview.{fmt}.pdf")
        lines = run(["pdfinfo", "-struct-text", pdf]).stdout.splitlines()
        # strings of one element run on; a new element starts a new word
        tagged = "".join(l.strip()[1:-1] if l.strip().startswith('"') else " " for l in lines)
        # pdftotext reads a table's lines across its columns, the
        # structure cell by cell: words that occur in a table are left out
        # of both (test_features.py reads tables cell by cell)
        in_tables = set(words(struct_parts(pdf)[1]))
        a = [w for w in words(tagged) if w not in in_tables]
        b = [w for w in words(body_text(pdf, fmt)) if w not in in_tables]
        check(f"overview {fmt}: structure-order text has the page's words, spaced and in order",
              a == b and len(a) > 300, f"{a[:12]} vs {b[:12]}")

    # same input, same bytes
    out2 = os.path.join(tmp, "again")
    build(out2, "--all", "-j", "1")
    same = all(open(os.path.join(out, n), "rb").read() == open(os.path.join(out2, n), "rb").read()
               for n in pdfs)
    check("output is byte-identical across runs and worker counts", same)

    # command line
    res = run([BIN, "--help"])
    check("--help exits 0 and shows usage", res.returncode == 0 and "usage: leaflet build" in res.stdout)
    res = run([BIN, "--version"])
    check("--version", res.returncode == 0 and res.stdout.startswith("leaflet "))
    res = run([BIN, "build", "--bogus"])
    check("unknown option exits 2", res.returncode == 2 and "unknown option '--bogus'" in res.stderr, res.stderr)
    res = build(os.path.join(tmp, "x"), "net-drugs-overveiw")
    check("unknown leaflet exits 1 with a suggestion", res.returncode == 1 and
          "no leaflet 'net-drugs-overveiw' (did you mean 'net-drugs-overview'?)" in res.stderr, res.stderr)
    res = build(os.path.join(tmp, "x"), "--format", "larg")
    check("unknown format exits 2 with a suggestion", res.returncode == 2 and "did you mean 'large'" in res.stderr,
          res.stderr)
    check("a diagnostic of no file names the program", res.stderr.startswith("leaflet: error: no print format"),
          res.stderr)
    # sizes as the server and a mailing read them: no hex, exponent or
    # quarter points (0x14 and 2e1 were 20 pt, 20.25 a file no server gave)
    for size in ("0x14", "2e1", "20.25", "20.", "-20"):
        res = run([BIN, "build", "--size", size, "--out", os.path.join(tmp, "x")])
        check("--size %s exits 2, saying what a size is" % size, res.returncode == 2 and
              "is not a body size (expected 12 to 48 pt, whole or half points" in res.stderr, res.stderr)
    res = run([BIN, "serve", "--bind", "nonsense"])
    check("serve --bind with no address exits 2 at once, before loading content",
          res.returncode == 2 and "--bind 'nonsense' is not an address" in res.stderr and
          "content:" not in res.stderr, res.stderr)
    res = run([BIN, "diff", "content", "content", "--content", "nosuch", "--today", TODAY,
               "--out", os.path.join(tmp, "x", "proof.pdf")])
    check("diff --content naming no folder exits 2 (it was passed over for the newer's)",
          res.returncode == 2 and "--content 'nosuch' is not a folder" in res.stderr, res.stderr)
    res = run([BIN, "build", "--out", ""])
    check("an empty --out exits 2 (it named no folder: ': error: cannot create')",
          res.returncode == 2 and "leaflet: --out needs a value" in res.stderr, res.stderr)

    # leaflet check: clean on the shipped content, the stored diagnostics on
    # the broken folder, JSON for tools
    res = run([BIN, "check", "--today", TODAY, "--strict"])
    bad_lines = [l for l in res.stdout.splitlines() if ": error: " in l or ": warning: " in l]
    check("check: shipped content is clean, even with --strict", res.returncode == 0 and not bad_lines,
          res.stdout)
    same = run([BIN, "check", "--today", TODAY, "--strict", "--content", "content"])
    check("check --content DIR: as naming the folder (as build, report and serve take it)",
          same.returncode == 0 and same.stdout == res.stdout, same.stderr)
    res = run([BIN, "check", "--today", TODAY, "tests/check/broken"])
    want = open("tests/check/broken.expected", encoding="utf-8").read()
    check("check: broken content gives the stored diagnostics, exit 2",
          res.returncode == 2 and res.stdout == want, res.stdout)
    res = run([BIN, "check", "--today", TODAY, "--format", "json", "tests/check/broken"])
    import json
    try:
        items = json.loads(res.stdout)
    except ValueError:
        items = []
    check("check --format json: the same diagnostics", len(items) == len(want.splitlines()) and
          items[0]["severity"] == "error" and items[0]["line"] == 1 and items[0]["column"] == 1
          and items[0]["message"].startswith("the file is empty (expected a leaflet"), res.stdout[:300])
    res = run([BIN, "check", "--today", "2028-03-01"])
    check("check: a leaflet past review is an error with the days overdue", res.returncode == 2 and
          "was due for review on 26 Feb 2028, 4 days ago" in res.stdout, res.stdout)

    # what only setting the text finds, check finds too, at the same place
    # as build (it passed a character braille has no cells for, which build
    # then refused, and braille in a language with no braille table)
    emoji = os.path.join(tmp, "emoji-content")
    shutil.copytree("content", emoji)
    path = os.path.join(emoji, "leaflets", "net-drugs-overview.yaml")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace("Some drugs work in more than one way.",
                             "Some drugs work in more than one way \U0001F48A.", 1))
    res = run([BIN, "check", "--today", TODAY, emoji])
    said = [l for l in res.stdout.splitlines() if "U+1F48A" in l and ": error: " in l]
    built = run([BIN, "build", "--today", TODAY, "--content", emoji, "--format", "braille",
                 "--out", os.path.join(tmp, "emoji-out"), "net-drugs-overview"])
    check("check: a character with no braille is an error where build puts it",
          res.returncode == 2 and said and said[0].startswith(path + ":35:") and
          said[0].split(": error: ")[1] in built.stderr, (res.stdout[-600:], built.stderr[-600:]))
    # an error in a fragment every edition includes is said once, not once
    # an edition (it was said five times)
    once = os.path.join(tmp, "once")
    shutil.copytree("content", os.path.join(once, "content"))
    os.symlink(os.path.abspath("fonts"), os.path.join(once, "fonts"))
    path = os.path.join(once, "content", "fragments", "coping.yaml")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace('  - h2: "Coping"\n', '  - h2: "Coping"\n  - nonsense: x\n', 1))
    res = run([BIN, "build", "--today", TODAY, "--content", os.path.join(once, "content"),
               "--out", os.path.join(once, "out")])
    check("build: an error in a fragment five documents include is said once",
          res.stderr.count("unknown block 'nonsense'") == 1 and "5 failed" in res.stderr,
          res.stderr[-800:])
    res = run([BIN, "check", "--today", TODAY, "tests/scripts/content"])
    check("check: a leaflet in a language with no braille table is an error (Romanian)",
          res.returncode == 2 and "net-drugs-overview-ro.yaml:6:11: error: no braille table for "
          "language 'ro'" in res.stdout, res.stdout[-600:])

    # a leaflet past its review date is not printed, unless allowed, and
    # then every page says so
    late = os.path.join(tmp, "late")
    res = run([BIN, "build", "--today", "2028-03-01", "--out", late, "net-drugs-overview"])
    check("overdue leaflet: exit 1, error with the days, nothing written", res.returncode == 1 and
          "content/leaflets/net-drugs-overview.yaml:%d:16: error: leaflet 'net-drugs-overview' was due "
          "for review on 26 Feb 2028, 4 days ago" % next(
              i + 1 for i, l in enumerate(open("content/leaflets/net-drugs-overview.yaml", encoding="utf-8"))
              if l.strip().startswith("next_review:")) in res.stderr and not os.listdir(late)
          if os.path.isdir(late) else res.returncode == 1, res.stderr)
    res = run([BIN, "build", "--today", "2028-03-01", "--allow-overdue", "--out", late, "net-drugs-overview"])
    pdf = os.path.join(late, "net-drugs-overview.standard.pdf")
    ok = res.returncode == 0 and os.path.exists(pdf)
    if ok:
        n = int(re.search(r"Pages:\s+(\d+)", run(["pdfinfo", pdf]).stdout).group(1))
        ok = all("Review overdue: was due 26 Feb 2028" in
                 run(["pdftotext", "-f", str(p), "-l", str(p), pdf, "-"]).stdout for p in range(1, n + 1))
    check("--allow-overdue: printed, with 'Review overdue' on every page", ok, res.stderr)

    # bad content: file:line:column error, nothing written, earlier PDF untouched
    bad = os.path.join(tmp, "content")
    shutil.copytree("content", bad)
    for f in os.listdir(os.path.join(bad, "styles")):
        p = os.path.join(bad, "styles", f)
        s = open(p, encoding="utf-8").read().replace(": fonts/", ": " + os.path.abspath("fonts") + "/")
        open(p, "w", encoding="utf-8").write(s)
    # a word wider than the line: split, warned about, and reported
    # against its PDF (the one clear-print rule that can give way)
    leaf = os.path.join(bad, "leaflets", "net-drugs-overview.yaml")
    original = open(leaf, encoding="utf-8").read()
    long_word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 2
    open(leaf, "w", encoding="utf-8").write(
        original.replace("Your treatment plan depends", f"Your {long_word} treatment plan depends"))
    res = build(os.path.join(tmp, "wide"), "--format", "giant", "net-drugs-overview", content=bad)
    check("a word wider than the line is split, warned and reported per PDF",
          res.returncode == 0 and "1 word split)" in res.stdout and
          f"warning: word '{long_word[:40]}\u2026' is wider than the line and was split" in res.stderr,
          res.stdout + res.stderr)
    open(leaf, "w", encoding="utf-8").write(original)
    path = os.path.join(bad, "drugs", "sunitinib.yaml")
    s = open(path, encoding="utf-8").read().replace("brand_names:", "brand_nmaes:")
    open(path, "w", encoding="utf-8").write(s)
    out3 = os.path.join(tmp, "out3")
    os.makedirs(out3)
    keep = os.path.join(out3, "net-drugs-overview.standard.pdf")
    shutil.copy(os.path.join(out, "net-drugs-overview.standard.pdf"), keep)
    before = open(keep, "rb").read()
    res = build(out3, content=bad)
    line = next((i + 1 for i, l in enumerate(s.splitlines()) if l.startswith("brand_nmaes")), 0)
    want = f"{path}:{line}:1: error: unknown key 'brand_nmaes' in a drug (did you mean 'brand_names'?)"
    check("misspelt key: file:line:column error with suggestion", res.returncode == 1 and want in res.stderr,
          res.stderr)
    check("failed build leaves earlier output untouched and nothing else",
          os.listdir(out3) == ["net-drugs-overview.standard.pdf"] and open(keep, "rb").read() == before,
          str(os.listdir(out3)))


if __name__ == "__main__":
    main()
