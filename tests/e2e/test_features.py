#!/usr/bin/env python3
"""End-to-end tests of what issue 14 adds: tables, figures, QR codes,
write-in spaces and label boxes, read back from the PDFs with independent
tools (pdfinfo, pdftotext, pdftoppm, zbarimg, pikepdf), on a test leaflet
holding every kind of block (tests/e2e/features/) and on the real content:

- the structure: Table, THead/TBody, TR, TH and TD in reading order (row
  by row), every TH with its /Scope; a stacked table in large print is
  still a Table, each cell a TH of scope Row and its TD; a figure has a
  non-empty /Alt and a /BBox, a decorative picture is an artifact;
- a table split over pages draws its header rows again at the head of
  every page it goes on to (as artifacts: one THead in the structure);
  a row is never split; no large-print table text is smaller than the body;
- each picture is embedded once however often it is shown;
- an SVG drawing is one form XObject of vector paths, not a picture, and
  what pdftoppm draws of it is what Chromium draws of the same file (the
  test drawing tests/images/shapes.svg, and the overview's drawing);
- a figure with no alt, or an empty one, and a row colour below 7:1
  contrast are errors at their place, and nothing is written;
- every QR code decodes (pdftoppm -r 300, zbarimg) to the address printed
  beside it, has modules of at least 0.5 mm and a link over it;
- write-in lines are at least 8 mm apart (12 mm at 18 pt), the label box
  is 70 x 37 mm with the words "Patient label" inside;
- booklet sheets are A4 landscape within 0.5 pt;
- every PDF passes tests/pdfua/check_pdfua.py.

Uses the helpers of test_e2e.py and prints 'features: N passed, N failed'.
The hostile pictures (cut short, too many pixels, a GIF named .jpg, CMYK
...) are cases of the hostile corpus, tests/hostile/cases/image-*.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_e2e as e2e  # noqa: E402  (its checks and counts are shared)

import pikepdf  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
MM = 72 / 25.4
LEAFLET = os.path.join(HERE, "features", "leaflets", "features.yaml")


def make_content(tmp):
    """The real content, the test leaflet and the test pictures, fonts by
    absolute path."""
    content = os.path.join(tmp, "content")
    shutil.copytree("content", content)
    for f in os.listdir(os.path.join(content, "styles")):
        p = os.path.join(content, "styles", f)
        s = open(p, encoding="utf-8").read().replace(": fonts/", ": " + os.path.abspath("fonts") + "/")
        open(p, "w", encoding="utf-8").write(s)
    shutil.copy(LEAFLET, os.path.join(content, "leaflets"))
    for name in os.listdir(os.path.join("tests", "images")):
        if name.endswith((".png", ".jpg", ".svg")):
            shutil.copy(os.path.join("tests", "images", name), os.path.join(content, "images"))
    return content


def elements(pdf):
    """Structure elements in tree order: (type as written, element, parent
    type, depth)."""
    doc = pikepdf.open(pdf)
    out = []

    def walk(k, parent, depth):
        for kid in (list(k) if isinstance(k, pikepdf.Array) else [k]):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                out.append((str(kid.S)[1:], kid, parent, depth))
                if "/K" in kid:
                    walk(kid.K, str(kid.S)[1:], depth + 1)
    walk(doc.Root.StructTreeRoot.K, None, 0)
    return doc, out


def attr(el, owner, key):
    a = el.get("/A")
    for d in (list(a) if isinstance(a, pikepdf.Array) else [a]):
        if isinstance(d, pikepdf.Dictionary) and d.get("/O") == pikepdf.Name("/" + owner):
            return d.get(key)
    return None


def svg_pixels(svg, width, height, shot):
    """Chromium's rendering of an SVG file at width x height pixels (the
    root's width and height set to them), on white."""
    text = open(svg, encoding="utf-8").read()
    text = re.sub(r'(<svg\b[^>]*?)\swidth="[^"]*"', r'\1', text, count=1)
    text = re.sub(r'(<svg\b[^>]*?)\sheight="[^"]*"', r'\1', text, count=1)
    text = text.replace("<svg ", '<svg width="%d" height="%d" ' % (width, height), 1)
    page = shot + ".svg"
    open(page, "w", encoding="utf-8").write(text)
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    "--hide-scrollbars", "--default-background-color=ffffffff",
                    "--window-size=%d,%d" % (width, height), "--screenshot=" + shot,
                    "file://" + os.path.abspath(page)], capture_output=True, timeout=60)
    return shot


def drawing_difference(pdf, page, bbox, svg, tmp, name):
    """How far what pdftoppm draws of the figure at 'bbox' (pt) on 'page'
    (1-based) is from Chromium's drawing of 'svg' at the same pixels (1,000
    across, each against the nearest within a pixel): the mean difference
    (0 to 255) and the share of pixels off by more than a quarter."""
    from PIL import Image, ImageChops
    left, bottom, right, top = (float(v) for v in bbox)
    width = 1000
    height = round(width * (top - bottom) / (right - left))
    dpi = width / (right - left) * 72
    with pikepdf.open(pdf) as doc:
        page_height = float(doc.pages[page - 1].MediaBox[3])
    ours = os.path.join(tmp, name + "-pdf")
    subprocess.run(["pdftoppm", "-r", "%.5f" % dpi, "-f", str(page), "-l", str(page),
                    "-x", str(round(left * dpi / 72)), "-y", str(round((page_height - top) * dpi / 72)),
                    "-W", str(width), "-H", str(height), "-png", "-singlefile", pdf, ours],
                   check=True)
    theirs = svg_pixels(svg, width, height, os.path.join(tmp, name + "-chromium.png"))
    if not os.path.exists(theirs):
        return None
    a = Image.open(ours + ".png").convert("RGB")
    b = Image.open(theirs).convert("RGB")
    if a.size != b.size:
        return None
    # each pixel against the nearest of Chromium's within one pixel: the
    # crop's rounding (half a pixel either way) moves every edge, which is
    # not what a reader would call different
    diff = None
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            d = ImageChops.difference(a, ImageChops.offset(b, dx, dy)).convert("L")
            diff = d if diff is None else ImageChops.darker(diff, d)
    hist = diff.histogram()
    n = sum(hist)
    return sum(i * c for i, c in enumerate(hist)) / n, sum(hist[64:]) / n


def struct_tables(pdf):
    """pdfinfo -struct-text's tables: a list of tables, each a list of
    (element name, scope or None, text) in reading order."""
    tables, current, depth_in, pending = [], None, None, None
    for line in e2e.run(["pdfinfo", "-struct-text", pdf]).stdout.splitlines():
        indent = len(line) - len(line.lstrip())
        body = line.strip()
        if current is not None and indent <= depth_in and not body.startswith(('"', "/")):
            current = None
        m = re.match(r"([A-Za-z]+)", body)
        if current is None and m and m.group(1) == "Table" and not body.startswith('"'):
            current, depth_in = [], indent
            tables.append(current)
            continue
        if current is None:
            continue
        if body.startswith("/Scope"):
            current[-1] = (current[-1][0], body.split()[-1][1:], current[-1][2])
        elif body.startswith('"'):
            name, scope, text = current[-1]
            current[-1] = (name, scope, text + body[1:-1])
        elif m:
            current.append((m.group(1), None, ""))
    return tables


def page_texts(pdf):
    n = int(re.search(r"Pages:\s+(\d+)", e2e.run(["pdfinfo", pdf]).stdout).group(1))
    return [" ".join(e2e.run(["pdftotext", "-f", str(p), "-l", str(p), pdf, "-"]).stdout.split())
            for p in range(1, n + 1)]


def strokes(pdf):
    """Per page, the lines stroked (x1, y1, x2, y2, grey level or None) and
    rectangles stroked or filled (x, y, w, h, op), from the content."""
    doc = pikepdf.open(pdf)
    pages = []
    for page in doc.pages:
        lines, rects, grey, path = [], [], None, []
        for op in pikepdf.parse_content_stream(page):
            name = str(op.operator)
            nums = [float(v) for v in op.operands] if name in ("m", "l", "re", "G") else []
            if name == "G":
                grey = nums[0]
            elif name == "RG":
                grey = None
            elif name in ("m", "l", "re"):
                path.append((name, nums))
            elif name in ("S", "f", "B"):
                for kind, v in path:
                    if kind == "re":
                        rects.append((v[0], v[1], v[2], v[3], name))
                ms = [v for k, v in path if k == "m"]
                ls = [v for k, v in path if k == "l"]
                for a, b in zip(ms, ls):
                    lines.append((a[0], a[1], b[0], b[1], grey))
                path = []
        pages.append((lines, rects))
    return pages


def run_checks(tmp):
    content = make_content(tmp)
    out = os.path.join(tmp, "out")
    res = e2e.build(out, "--format", "standard", "--format", "large", "--format", "giant",
                    "features", content=content)
    e2e.check("features: the test leaflet builds in three formats, no warning",
              res.returncode == 0 and ": warning:" not in res.stderr, res.stderr)
    std, large = (os.path.join(out, f"features.{f}.pdf") for f in ("standard", "large"))
    if not os.path.exists(std) or not os.path.exists(large):
        return

    # ---- tables: structure and reading order
    tables = struct_tables(std)
    light = tables[0] if tables else []
    want = ["Caption", "THead", "TR", "TH", "TH", "TH", "TBody", "TR", "TH", "TD", "TD",
            "TR", "TH", "TD", "TD", "TR", "TH", "TD", "TD"]
    e2e.check("table: Caption, THead, TBody, TR, TH and TD in reading order, row by row",
              [n for n, _, _ in light] == want and
              [t for _, _, t in light if t][:7] == ["When to call the care team", "Status",
                                                   "What you notice", "What to do",
                                                   "Red: call now",
                                                   "A temperature of 38 degrees or above",
                                                   "Call the 24-hour line now"],
              str(light[:12]))
    ths = [(n, s) for t in tables for n, s, _ in t if n == "TH"]
    e2e.check(f"table: every TH has its /Scope ({len(ths)} in {len(tables)} tables)",
              ths and all(s in ("Column", "Row") for _, s in ths), str(ths))
    e2e.check("table: header-row cells are scope Column, row headers scope Row",
              [s for n, s, _ in light if n == "TH"] == ["Column"] * 3 + ["Row"] * 3, str(light))
    for fmt in ("large", "giant"):
        for pdf in (os.path.join(out, f"features.{fmt}.pdf"),):
            ts = struct_tables(pdf)
            drug = next((t for t in ts if any("Sutent" in x for _, _, x in t)), [])
            stacked = [n for n, _, _ in drug[:5]]
            e2e.check(f"{fmt}: the drug table is stacked and still a Table: TBody, TR, TH (Row), TD",
                      stacked == ["TBody", "TR", "TH", "TD", "TR"] and
                      all(s == "Row" for n, s, _ in drug if n == "TH"), str(drug[:8]))
            text = " ".join(page_texts(pdf))
            e2e.check(f"{fmt}: stacked cells read 'Header: value'",
                      "Drug: Sunitinib Also called: Sutent" in text, text[:200])
    std_tables = struct_tables(std)
    drug = next((t for t in std_tables if any("Sutent" in x for _, _, x in t)), [])
    e2e.check("standard: the drug table is a grid with a header row",
              drug[:2] == [("THead", None, ""), ("TR", None, "")], str(drug[:4]))
    for fmt in ("large", "giant"):
        size = {"large": 18.0, "giant": 24.0}[fmt]
        counts = {}
        for page in e2e.stext(os.path.join(out, f"features.{fmt}.pdf")):
            for font, sz, bbox, chars in page:
                counts[sz] = counts.get(sz, 0) + len(chars)
        e2e.check(f"{fmt}: no text smaller than the body, tables included", counts and
                  min(counts) >= size - 0.01, str(counts))

    # ---- a table split over pages repeats its header rows
    for fmt, pdf in (("standard", std), ("large", large)):
        pages = page_texts(pdf)
        diary = [i for i, t in enumerate(pages) if re.search(r"\bDay (\d+)\b", t)]
        later = [i for i in diary if i != diary[0]]
        heads = [i for i in later
                 if pages[i].find("Day What you take How to take it") >= 0 and
                 pages[i].find("Day What you take How to take it") < pages[i].find("Day ")
                 + len("Day What you take")]
        e2e.check(f"{fmt}: the diary runs over {len(diary)} pages, its header at the head of each "
                  f"page it goes on to", len(later) >= 1 and heads == later,
                  f"pages {diary}, header on {heads}")
        days = [int(d) for t in pages for d in re.findall(r"\bDay (\d+)\b", t)]
        e2e.check(f"{fmt}: every diary row once, in order (none split or lost)",
                  days == list(range(1, 43)), str(days))
        heads_in_structure = [t for t in struct_tables(pdf)
                              if any(x.startswith("Day 1") for _, _, x in t)]
        e2e.check(f"{fmt}: the repeated header rows are artifacts: one THead in the structure",
                  len(heads_in_structure) == 1 and
                  [n for n, _, _ in heads_in_structure[0]].count("THead") == 1)

    # ---- figures
    doc, els = elements(std)
    figures = [el for name, el, _, _ in els if name == "Figure"]
    alts = [str(el.get("/Alt", "")) for el in figures]
    e2e.check(f"figures: every Figure has a non-empty /Alt ({len(figures)}: four pictures, "
              f"a drawing, two QR codes)", len(figures) == 7 and all(a.strip() for a in alts),
              str(alts))
    boxes = [attr(el, "Layout", "/BBox") for el in figures]
    e2e.check("figures: every Figure has a Layout /BBox",
              all(b is not None and len(b) == 4 and float(b[0]) < float(b[2]) and
                  float(b[1]) < float(b[3]) for b in boxes), str(boxes))
    images = {}
    for page in doc.pages:
        for name, xo in (page.obj.Resources.get("/XObject") or {}).items():
            if xo.get("/Subtype") == pikepdf.Name.Image:
                images[xo.objgen] = xo
    e2e.check("figures: each picture embedded once (five shown, one twice: four images)",
              len(images) == 4, str(len(images)))
    filters = sorted(str(x.get("/Filter")) for x in images.values())
    e2e.check("figures: the JPEG passed through as DCT, the PNGs Flate with predictors",
              filters == ["/DCTDecode", "/FlateDecode", "/FlateDecode", "/FlateDecode"],
              str(filters))
    spaces = sorted(str(x.ColorSpace[0] if isinstance(x.ColorSpace, pikepdf.Array) else x.ColorSpace)
                    for x in images.values())
    e2e.check("figures: the palette PNG (4 bits an index) kept as its palette (/Indexed), the others RGB",
              spaces == ["/DeviceRGB", "/DeviceRGB", "/DeviceRGB", "/Indexed"], str(spaces))
    # what a reader sees: each PNG's pixels in the PDF are the file's own
    # (transparency laid on white), decoded by Pillow on both sides
    try:
        from PIL import Image
        from pikepdf import PdfImage
        sources = {}
        for name in ("rgb.png", "alpha.png", "palette4.png"):
            im = Image.open(os.path.join("tests", "images", name)).convert("RGBA")
            flat = Image.new("RGBA", im.size, (255, 255, 255, 255))
            sources[name] = Image.alpha_composite(flat, im).convert("RGB").tobytes()
        shown = [PdfImage(x).as_pil_image().convert("RGB").tobytes() for x in images.values()
                 if x.get("/Filter") == pikepdf.Name.FlateDecode]
        matched = sorted(n for n, px in sources.items() if px in shown)
        e2e.check("figures: each PNG's pixels in the PDF are the file's (rgb, alpha on white, "
                  "palette)", matched == ["alpha.png", "palette4.png", "rgb.png"], str(matched))
    except ImportError:
        e2e.check("figures: Pillow to compare the pictures' pixels", False, "no PIL")
    # ---- drawings: vector, and drawn as the SVG says
    forms = {}
    for page in doc.pages:
        for name, xo in (page.obj.Resources.get("/XObject") or {}).items():
            if xo.get("/Subtype") == pikepdf.Name.Form:
                forms[xo.objgen] = xo
    boxes = [[float(v) for v in f.BBox] for f in forms.values()]
    ops = set()
    for f in forms.values():
        ops |= {str(op.operator) for op in pikepdf.parse_content_stream(f)}
    e2e.check("drawings: the SVG is one form XObject, its /BBox the viewBox, painted with "
              "paths (no picture made of it)",
              boxes == [[0, 0, 400, 200]] and {"c", "l", "m", "f", "S", "B", "f*", "d", "cm", "gs"} <= ops
              and "Do" not in ops and "BI" not in ops, f"{boxes} {sorted(ops)}")
    drawing = next((el for name, el, _, _ in els if name == "Figure" and
                    str(el.get("/Alt", "")).startswith("A test drawing")), None)
    if drawing is not None and shutil.which("chromium"):
        page = [p.objgen for p in doc.pages].index(drawing.Pg.objgen) + 1
        diff = drawing_difference(std, page, attr(drawing, "Layout", "/BBox"),
                                  os.path.join("tests", "images", "shapes.svg"), tmp, "shapes")
        e2e.check("drawings: what pdftoppm draws of the test drawing is what Chromium draws of "
                  "the SVG (every shape, paint, transform, dash and arc; edges aside)",
                  diff is not None and diff[0] < 3 and diff[1] < 0.01, str(diff))
        over = os.path.join(tmp, "overview")
        res = e2e.build(over, "net-drugs-overview", "--format", "standard", "--format", "large",
                        content=content)
        for fmt in ("standard", "large"):
            pdf = os.path.join(over, f"net-drugs-overview.{fmt}.pdf")
            if res.returncode != 0 or not os.path.exists(pdf):
                e2e.check(f"drawings: the overview builds ({fmt})", False, res.stderr)
                continue
            odoc, oels = elements(pdf)
            kinds = sorted({str(x.get("/Subtype")) for p in odoc.pages
                            for _, x in (p.obj.Resources.get("/XObject") or {}).items()})
            fig = next(el for name, el, _, _ in oels if name == "Figure")
            page = [p.objgen for p in odoc.pages].index(fig.Pg.objgen) + 1
            diff = drawing_difference(pdf, page, attr(fig, "Layout", "/BBox"),
                                      os.path.join("content", "images", "how-the-drugs-work.svg"),
                                      tmp, "overview-" + fmt)
            e2e.check(f"drawings: the overview's drawing ({fmt}) is vector (a form, no image) "
                      f"and what pdftoppm draws of it is what Chromium draws of its SVG",
                      kinds == ["/Form"] and diff is not None and diff[0] < 3 and diff[1] < 0.01,
                      f"{kinds} {diff}")
    else:
        e2e.check("drawings: chromium to draw the SVG beside the PDF", False,
                  "no chromium or no drawing")
    shown = 0
    for page in doc.pages:
        owners = None
        art = False
        for op in pikepdf.parse_content_stream(page):
            name = str(op.operator)
            if name == "BMC" and str(op.operands[0]) == "/Artifact":
                art = True
            elif name == "BDC":
                art = False
            elif name == "Do" and art:
                shown += 1
    e2e.check("figures: the decorative picture is drawn as an artifact", shown == 1, str(shown))
    text = " ".join(page_texts(std))
    e2e.check("figures: a caption follows its picture", "A test picture in PNG, at its own size." in text)

    # ---- a figure without alt, an empty alt, a colour below 7:1: errors at their place
    leaflet = os.path.join(content, "leaflets", "features.yaml")
    original = open(leaflet, encoding="utf-8").read()
    lines = original.splitlines()
    fig = next(i for i, l in enumerate(lines) if l.strip() == "- figure:" and "rgb.png" in lines[i + 1])
    no_alt = "\n".join(l for i, l in enumerate(lines) if i != fig + 2) + "\n"
    open(leaflet, "w", encoding="utf-8").write(no_alt)
    bad_out = os.path.join(tmp, "bad")
    res = e2e.build(bad_out, "features", content=content)
    want = (f"{leaflet}:{fig + 1}:5: error: figure 'rgb.png' has no 'alt' (expected words saying "
            f"what the picture shows")
    e2e.check("a figure without alt: an error at its line, nothing written",
              res.returncode == 1 and want in res.stderr and
              not any(f.endswith(".pdf") for f in os.listdir(bad_out)), res.stderr)
    open(leaflet, "w", encoding="utf-8").write(original)
    drawing = os.path.join(content, "images", "shapes.svg")
    sound = open(drawing, encoding="utf-8").read()
    lines = sound.splitlines()
    at = next(i for i, l in enumerate(lines) if "<line " in l)
    lines.insert(at, '  <text x="10" y="10">Words</text>')
    open(drawing, "w", encoding="utf-8").write("\n".join(lines) + "\n")
    res = e2e.build(bad_out, "features", content=content)
    src_line = next(i for i, l in enumerate(original.splitlines()) if "src: shapes.svg" in l) + 1
    want = (f"{drawing}:{at + 1}:3: error: <text>: words are not drawn in a drawing (expected "
            f"them in the figure's caption or alt text")
    e2e.check("a drawing with words in it: an error at the element's line and column in the "
              "SVG, naming the figure, nothing written",
              res.returncode == 1 and want in res.stderr and f"{leaflet}:{src_line})" in res.stderr and
              not any(f.endswith(".pdf") for f in os.listdir(bad_out)), res.stderr)
    open(drawing, "w", encoding="utf-8").write(sound)
    empty = original.replace('alt: "A red disc on a blue field above a white band."', 'alt: "  "')
    open(leaflet, "w", encoding="utf-8").write(empty)
    res = e2e.build(bad_out, "features", content=content)
    e2e.check("a figure with an empty alt: an error at the alt, nothing written",
              res.returncode == 1 and f"{leaflet}:{fig + 3}:12: error: figure 'rgb.png' has an "
              f"empty 'alt'" in res.stderr and
              not any(f.endswith(".pdf") for f in os.listdir(bad_out)), res.stderr)
    red = original.replace('fill: "#F6CFCF"', 'fill: "#D9534F"')
    open(leaflet, "w", encoding="utf-8").write(red)
    line = next(i + 1 for i, l in enumerate(red.splitlines()) if "#D9534F" in l)
    col = red.splitlines()[line - 1].index('"#D9534F"') + 1
    res = e2e.build(bad_out, "features", content=content)
    e2e.check("a row colour below 7:1 contrast with its text: an error at the colour",
              res.returncode == 1 and f"{leaflet}:{line}:{col}: error: fill #D9534F under text in "
              f"#000000 has a contrast of" in res.stderr, res.stderr)
    open(leaflet, "w", encoding="utf-8").write(original)

    # ---- QR codes
    for fmt, pdf in (("standard", std), ("large", large)):
        doc, els = elements(pdf)
        pages = page_texts(pdf)
        decoded = []
        qr_pages = [i for i, t in enumerate(pages) if "example.org/leaflets/features" in t]
        for i in qr_pages:
            png = os.path.join(tmp, f"qr-{fmt}-{i}")
            e2e.run(["pdftoppm", "-r", "300", "-png", "-f", str(i + 1), "-l", str(i + 1), pdf, png])
            for f in sorted(os.listdir(tmp)):
                if f.startswith(os.path.basename(png)):
                    z = subprocess.run(["zbarimg", "--raw", "-q", os.path.join(tmp, f)],
                                       capture_output=True, text=True)
                    decoded += z.stdout.split()
        printed = set(re.findall(r"https://example\.org/\S+", " ".join(pages)))
        e2e.check(f"{fmt}: zbarimg decodes every QR code to the address printed beside it",
                  len(decoded) == 2 and all(d in printed for d in decoded) and
                  set(decoded) == {"https://example.org/leaflets/features"},
                  f"decoded {decoded}, printed {printed}")
        heights = set()
        for page in doc.pages:
            in_qr = False
            for op in pikepdf.parse_content_stream(page):
                name = str(op.operator)
                if name == "re" and float(op.operands[3]) == float(op.operands[2]) or \
                        (name == "re" and in_qr):
                    heights.add(round(float(op.operands[3]), 3))
                    in_qr = True
                elif name == "f":
                    in_qr = False
        module = min((h for h in heights if 1 < h < 10), default=0)
        e2e.check(f"{fmt}: QR modules at least 0.5 mm ({module / MM:.2f} mm)",
                  module >= 0.5 * MM - 1e-3, str(sorted(heights)[:5]))
        links = [a for p in doc.pages for a in (p.obj.get("/Annots") or [])
                 if str(a.get("/Subtype")) == "/Link" and
                 str(a.A.get("/URI")) == "https://example.org/leaflets/features"]
        qr_figs = [el for name, el, parent, _ in els if name == "Figure" and parent == "Link"]
        e2e.check(f"{fmt}: a QR code is a Figure in a Link, its alt naming the address, a link "
                  f"over it", len(qr_figs) == 2 and all("https://example.org/leaflets/features"
                                                        in str(f.Alt) for f in qr_figs) and
                  len(links) >= 4, f"{len(qr_figs)} figures, {len(links)} links")

    # ---- write-in spaces and the label box
    for fmt, pdf, gap_mm in (("standard", std, 8), ("large", large, 12)):
        marks = strokes(pdf)
        ys = sorted({round(l[1], 2) for lines, _ in marks for l in lines
                     if l[4] is not None and abs(l[4] - 0x59 / 255) < 0.01})
        gaps = [b - a for a, b in zip(ys, ys[1:])]
        close = [g for g in gaps if g < gap_mm * MM - 0.01]
        e2e.check(f"{fmt}: write-in lines at least {gap_mm} mm apart ({len(ys)} lines)",
                  len(ys) >= 3 and not close, f"{[round(g / MM, 1) for g in gaps]}")
        boxes = [r for _, rects in marks for r in rects
                 if r[4] == "S" and abs(r[2] - 70 * MM) < 2 and abs(r[3] - 37 * MM) < 2]
        e2e.check(f"{fmt}: a label box 70 x 37 mm, outlined", len(boxes) == 1,
                  str([(round(r[2] / MM, 1), round(r[3] / MM, 1)) for _, rs in marks for r in rs
                       if r[4] == "S"][:6]))
        words = e2e.run(["pdftotext", "-bbox", pdf, "-"]).stdout
        inside = False
        if boxes:
            x, y, w, h, _ = boxes[0]
            page_h = e2e.page_box(pdf)[1]
            for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                 r'yMax="([\d.]+)">label</word>', words):
                x1, y1, x2, y2 = map(float, m.groups())
                inside |= x <= x1 and x2 <= x + w and page_h - y - h <= y1 and y2 <= page_h - y
        e2e.check(f"{fmt}: 'Patient label' written inside the box", inside)

    # ---- booklets: sheets exactly A4 landscape
    res = e2e.build(os.path.join(tmp, "booklet"), "--booklet", "--format", "standard",
                    "--format", "large", "features", "net-drugs-overview", content=content)
    sizes = []
    for f in sorted(os.listdir(os.path.join(tmp, "booklet"))):
        if f.endswith(".pdf"):
            info = e2e.run(["pdfinfo", "-l", "-1", os.path.join(tmp, "booklet", f)]).stdout
            sizes += [tuple(map(float, m)) for m in re.findall(
                r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]
    e2e.check(f"booklets: every sheet A4 landscape within 0.5 pt ({len(sizes)} sheets)",
              res.returncode == 0 and sizes and
              all(abs(w - 841.89) <= 0.5 and abs(h - 595.28) <= 0.5 for w, h in sizes),
              str(sorted(set(sizes))))

    # ---- PDF/UA
    pdfs = [os.path.join(out, f) for f in sorted(os.listdir(out)) if f.endswith(".pdf")]
    res = subprocess.run(["/usr/bin/python3", "tests/pdfua/check_pdfua.py", "-q"] + pdfs,
                         capture_output=True, text=True)
    e2e.check(f"PDF/UA checker passes every feature PDF ({len(pdfs)})", res.returncode == 0,
              res.stdout)


def main():
    tmp = tempfile.mkdtemp(prefix="leaflet-features-")
    try:
        run_checks(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"features: {e2e.RESULTS['passed']} passed, {e2e.RESULTS['failed']} failed")
    sys.exit(1 if e2e.RESULTS["failed"] else 0)


if __name__ == "__main__":
    main()
