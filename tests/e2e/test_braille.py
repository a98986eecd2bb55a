#!/usr/bin/env python3
"""End-to-end tests of braille: render every leaflet in braille and read
the BRF files back with liblouis's own back-translation (python3-louis),
as a braille reader's display would.

- every BRF byte is a BRF byte (space to underscore, line feed, form feed),
  every line at most 40 cells, every page at most 25 lines;
- the braille page numbers at the top right run 1, 2, 3 ... and the
  running head is the title from the second page;
- the back-translated text holds the print edition's words in order (at
  least 99 % of them, compared case-insensitively, punctuation aside;
  tables and pictures aside, which braille reads its own way);
- a Welsh block is translated with the Welsh table; a language with no
  table is refused at its place; the manifest lists the BRF files.

Uses the helpers of test_e2e.py (run, check, build, body_text) and prints
'braille: N passed, N failed'.
"""
import json
import os
import re
import shutil
import sys
import tempfile

import louis

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_e2e as e2e  # noqa: E402  (its checks and counts are shared)

CELLS, LINES = 40, 25
ENGLISH = ["en-ueb-g2.ctb"]
WELSH = ["cy-cy-g2.ctb"]


def pages_of(data):
    """A BRF file as pages of lines."""
    text = data.decode("ascii")
    return [page.split("\n")[:-1] if page.endswith("\n") else page.split("\n")
            for page in text.split("\f")]


def lower_brf(cells):
    """BRF as liblouis's tables read it back (lower-case ASCII braille)."""
    return "".join(chr(ord(c) + 32) if "@" <= c <= "_" else c for c in cells)


def page_number(line):
    """The braille page number at the end of a first line, as an int."""
    m = re.search(r"#([A-J]+)$", line)
    if not m:
        return None
    return int("".join(str("JABCDEFGHI".index(c)) for c in m.group(1)))


def norm(words):
    out = []
    for w in words:
        w = re.sub(r"[^0-9a-z]", "", w.lower())
        if w:
            out.append(w)
    return out


def in_order(expected, got, window=60):
    """How many of 'expected' are found in 'got' in order (each searched a
    little way ahead of the last one found)."""
    found, at = 0, 0
    for w in expected:
        try:
            k = got.index(w, at, at + window)
        except ValueError:
            continue
        found += 1
        at = k + 1
    return found


def back_translate(pages, table=ENGLISH):
    """The text of the pages, past each page-number line, back-translated.
    liblouis 3.24 writes the cells of UEB's bold indicators back as dot
    escapes ("\\45/"); they are dropped."""
    body = " ".join(" ".join(page[1:]) for page in pages)
    return re.sub(r"\\[0-9]+/", "", louis.backTranslateString(table, lower_brf(body)))


def check_file(path, title_cells=None):
    data = open(path, "rb").read()
    name = os.path.basename(path)
    bad = sorted({b for b in data if not (0x20 <= b <= 0x5F or b in (10, 12))})
    e2e.check(f"{name}: every byte is a BRF byte", not bad, str(bad[:10]))
    pages = pages_of(data)
    long_lines = [(p + 1, l) for p, page in enumerate(pages) for l in page if len(l) > CELLS]
    e2e.check(f"{name}: every line at most {CELLS} cells", not long_lines, str(long_lines[:3]))
    tall = [(p + 1, len(page)) for p, page in enumerate(pages) if len(page) > LINES]
    e2e.check(f"{name}: every page at most {LINES} lines", not tall, str(tall))
    numbers = [page_number(page[0]) if page else None for page in pages]
    e2e.check(f"{name}: braille page numbers at the top right run 1 to {len(pages)}",
              numbers == list(range(1, len(pages) + 1)) and
              all(len(page[0]) == CELLS for page in pages), str(numbers))
    if title_cells and len(pages) > 1:
        heads = [page[0][:len(page[0]) - len(page[0].split()[-1])].strip() for page in pages[1:]]
        e2e.check(f"{name}: the title is the running head from page 2",
                  all(h and title_cells.startswith(h) for h in heads), str(heads[:3]))
    return pages


def run_checks(tmp):
    out = os.path.join(tmp, "out")
    res = e2e.build(out, "--format", "braille", "--format", "standard")
    e2e.check("build --format braille exits 0", res.returncode == 0, res.stderr)
    brfs = sorted(f for f in os.listdir(out) if f.endswith(".brf"))
    pdfs = sorted(f for f in os.listdir(out) if f.endswith(".standard.pdf"))
    e2e.check("one BRF per leaflet and edition, named <stem>.braille.brf",
              len(brfs) == len(pdfs) == 5 and
              [b.replace(".braille.brf", "") for b in brfs] ==
              [p.replace(".standard.pdf", "") for p in pdfs], str(brfs))
    manifest = json.load(open(os.path.join(out, "manifest.json")))
    entries = {d["file"]: d for d in manifest["documents"]}
    for brf in brfs:
        path = os.path.join(out, brf)
        pdf = os.path.join(out, brf.replace(".braille.brf", ".standard.pdf"))
        info = e2e.run(["pdfinfo", pdf]).stdout
        title = re.search(r"Title:\s+(.*)", info).group(1).strip()
        title_cells = louis.translateString(ENGLISH, title).upper()
        pages = check_file(path, title_cells)
        entry = entries.get(brf, {})
        e2e.check(f"{brf}: in the manifest with its braille pages and bytes",
                  entry.get("format") == "braille" and entry.get("pages") == len(pages) and
                  entry.get("bytes") == os.path.getsize(path), str(entry))
        # the print edition's words in structure order, but for what
        # braille sets otherwise: a table is read a row at a time, each cell
        # after its header, and a label box has no place on braille paper
        text = e2e.struct_parts(pdf)[0]
        expected = norm(e2e.without(text.split(), ["Patient", "label"]))
        got = norm(back_translate(pages).split())
        found = in_order(expected, got, window=250)
        e2e.check(f"{brf}: back-translated, the print edition's words in order "
                  f"({found} of {len(expected)})", found >= 0.99 * len(expected),
                  f"missing e.g. {[w for w in expected if w not in got][:10]}")
    res = e2e.run([e2e.BIN, "manifest", "check", os.path.join(out, "manifest.json")])
    e2e.check("manifest check accepts the BRF files", res.returncode == 0, res.stdout + res.stderr)
    # a write-in space: its question, then the blank braille shows for a
    # space to fill in (dots 36), so that what follows is not read as the
    # answer ("...is called:" then the heading "Atezolizumab")
    question = louis.translateString(ENGLISH, "The treatment you will have is called:").upper()
    flat = " ".join(open(os.path.join(out, "net-drugs-lung-nec.braille.brf"),
                         encoding="ascii").read().split())
    overview = open(os.path.join(out, "net-drugs-overview.braille.brf"), encoding="ascii").read()
    e2e.check("the leaflet id, a code to quote, is letter for letter (not contracted)",
              "NET-DRUGS-OVERVIEW" in overview and "OV]VIEW" not in overview,
              [l for l in overview.splitlines() if "NET-DRUGS" in l][:2])
    # Traditional Chinese in Cantonese braille (zh-hk.ctb), not the
    # mainland's Mandarin braille its first subtag would give
    zh = os.path.join(tmp, "zh")
    res = e2e.run([e2e.BIN, "build", "--content", "tests/scripts/content", "--format", "braille",
                   "--out", zh, "net-drugs-overview-zh-hant"])
    brf = os.path.join(zh, "net-drugs-overview-zh-hant.braille.brf")
    text = " ".join(open(brf, encoding="ascii").read().split()) if os.path.exists(brf) else ""
    words = louis.translateString(["zh-hk.ctb"], "免疫治療藥物").upper().translate(
        str.maketrans("`{|}~", "@[\\]^"))  # liblouis's ASCII to BRF
    e2e.check("Traditional Chinese in Cantonese braille (zh-hk.ctb)",
              res.returncode == 0 and words in text.replace(" ", ""), res.stderr[-300:])
    e2e.check("a write-in question is followed by a fill-in blank (dots 36)",
              question + " ------" in flat, flat[flat.find(question[:8]) - 20:][:120])

    # a Welsh block in the Welsh table; a language with no table refused
    content = os.path.join(tmp, "content")
    shutil.copytree("content", content)
    for f in os.listdir(os.path.join(content, "styles")):
        p = os.path.join(content, "styles", f)
        s = open(p, encoding="utf-8").read().replace(": fonts/", ": " + os.path.abspath("fonts") + "/")
        open(p, "w", encoding="utf-8").write(s)
    leaf = os.path.join(content, "leaflets", "net-drugs-overview.yaml")
    original = open(leaf, encoding="utf-8").read()
    welsh = "Mae gennych chi hawl i gael y daflen hon yn Gymraeg ac mae hi ar gael"
    marker = '  - p: "Your treatment plan depends'
    open(leaf, "w", encoding="utf-8").write(
        original.replace(marker, f'  - p: "{welsh}"\n    lang: cy\n' + marker))
    res = e2e.build(os.path.join(tmp, "cy"), "--format", "braille", "net-drugs-overview",
                    content=content)
    data = open(os.path.join(tmp, "cy", "net-drugs-overview.braille.brf"), "rb").read()
    flat = " ".join(" ".join(" ".join(page[1:]).split()) for page in pages_of(data))
    cy = louis.translateString(WELSH, welsh).upper()
    en = louis.translateString(ENGLISH, welsh).upper()
    e2e.check("a Welsh block ('lang: cy') is in the Welsh table, not the English one",
              res.returncode == 0 and cy != en and cy in flat and en not in flat,
              f"{res.stderr}\nwelsh {cy}\nenglish {en}")
    check_file(os.path.join(tmp, "cy", "net-drugs-overview.braille.brf"))
    # Krio: a language leaflet knows (content refuses one it does not, so
    # the braille step would never see it) for which liblouis has no table
    text = original.replace(marker, '  - p: "Aw yu de?"\n    lang: kri\n' + marker)
    open(leaf, "w", encoding="utf-8").write(text)
    line = text.splitlines().index("    lang: kri") + 1
    res = e2e.build(os.path.join(tmp, "kri"), "--format", "braille", "net-drugs-overview",
                    content=content)
    want = (f"{leaf}:{line}:11: error: no braille table for language 'kri' (expected a language "
            f"named in the 'tables' of {content}/styles/braille.yaml, or one liblouis has a "
            f"table for)")
    e2e.check("a language with no braille table: an error at its place, nothing written",
              res.returncode == 1 and want in res.stderr and
              not os.path.exists(os.path.join(tmp, "kri", "net-drugs-overview.braille.brf")),
              res.stderr)
    open(leaf, "w", encoding="utf-8").write(
        original.replace(marker, '  - p: "Text"\n    lang: "not a tag"\n' + marker))
    res = e2e.build(os.path.join(tmp, "tag"), "--format", "braille", "net-drugs-overview",
                    content=content)
    e2e.check("'lang' that is not a language tag: an error at its place",
              res.returncode == 1 and "error: 'lang' must be a language tag" in res.stderr,
              res.stderr)

    # the test leaflets in other languages (tests/scripts): each in its
    # own table; a bulleted list where the table has no bullet (Welsh,
    # Polish, Urdu) goes without it rather than failing the leaflet
    scripts = "tests/scripts/content"
    ids = ["net-drugs-overview-cy", "net-drugs-overview-pl", "net-drugs-overview-ur"]
    res = e2e.build(os.path.join(tmp, "scripts"), "--format", "braille", *ids, content=scripts)
    e2e.check("Welsh, Polish and Urdu leaflets with bulleted lists in braille: exit 0, no error",
              res.returncode == 0 and "error" not in res.stderr, res.stderr)
    for lid in ids:
        path = os.path.join(tmp, "scripts", f"{lid}.braille.brf")
        if os.path.exists(path):
            check_file(path)
    # Polish is uncontracted: its back-translation gives the items' words
    path = os.path.join(tmp, "scripts", "net-drugs-overview-pl.braille.brf")
    if os.path.exists(path):
        got = " ".join(back_translate(pages_of(open(path, "rb").read()), ["pl.tbl"]).split())
        with open(os.path.join(scripts, "leaflets", "net-drugs-overview-pl.yaml"),
                  encoding="utf-8") as f:
            items = re.findall(r'^      - "(.*)"$', f.read(), re.M)
        e2e.check(f"Polish braille: the {len(items)} list items read back",
                  len(items) == 3 and all(item in got for item in items), got[:400])


def main():
    tmp = tempfile.mkdtemp(prefix="leaflet-braille-")
    try:
        run_checks(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"braille: {e2e.RESULTS['passed']} passed, {e2e.RESULTS['failed']} failed")
    sys.exit(1 if e2e.RESULTS["failed"] else 0)


if __name__ == "__main__":
    main()
