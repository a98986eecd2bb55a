#!/usr/bin/env python3
"""Write the seed inputs of the fuzz targets into tests/fuzz/corpus/.

    python3 tests/fuzz/make_seeds.py

Seeds come from the real content (tests/fuzz/content, a copy of content/,
and the broken content of tests/check/broken) and from a small TrueType
font made here.  Each seed is named 'seed-...' so that it can be told from
what libFuzzer adds (named by their SHA-1).  Run from the repository.
"""
import os
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "tests", "fuzz", "corpus")

# The slots of fuzz_content.c, in its order.
SLOTS = [
    "drugs/atezolizumab.yaml", "drugs/durvalumab.yaml", "drugs/everolimus.yaml",
    "drugs/sunitinib.yaml", "fragments/contact.yaml", "fragments/coping.yaml",
    "fragments/research.yaml", "fragments/side-effects.yaml", "glossary.yaml",
    "leaflets/net-drugs-overview.yaml", "leaflets/net-drugs.yaml", "styles/giant.yaml",
    "styles/large.yaml", "styles/standard.yaml", "tumours/digestive-net.yaml",
    "tumours/lung-nec.yaml", "tumours/lung-net.yaml", "tumours/pancreatic-net.yaml"]

# Small YAML texts that reach the loader's own checks.
YAML_EDGES = {
    "empty": b"",
    "bom": b"\xef\xbb\xbfid: x\n",
    "crlf": b"id: x\r\nbody:\r\n  - p: a\r\n",
    "tab-indent": b"id: x\nbody:\n\t- p: a\n",
    "nul": b"id: x\x00\n",
    "bad-utf8": b"id: \xc3\x28\n",
    "control": b"id: \x07\n",
    "escaped-control": b'id: "\\x07 \\0"\n',
    "duplicate": b"id: a\nid: b\n",
    "many-keys": b"".join(b"k%d: v\n" % i for i in range(40)) + b"k3: again\n",
    "anchor": b"a: &x [1, 2]\nb: *x\n",
    "alias-bomb": b"a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n",
    "tag": b"a: !!str 1\n",
    "two-docs": b"a: 1\n---\nb: 2\n",
    "deep": b"[" * 70 + b"]" * 70,
    "flow": b"{a: [1, {b: c}], d: 'e'}\n",
    "block-scalars": b"a: |\n  line one\n  line two\nb: >\n  folded\n  text\n",
    "markup": b'p: "**strong** [link](https://example.org/a/b.c) {term} {tumour.name} \\\\* x"\n',
    "unclosed": b'p: "**a [b {c"\n',
    "nbsp": "p: \"immune\u00a0system and \u2019quotes\u2019 \u2013 dash\"\n".encode(),
    "astral": "p: \"emoji \U0001F600 here\"\n".encode(),
    "no-glyph": "p: \"\u4e2d\u6587 \u05e9\u05dc\u05d5\u05dd\"\n".encode(),
    "long-word": b"p: " + b"x" * 300 + b"\n",
    "url": b"p: https://www.example.org/a/very/long/path/that/must/break.somewhere/index.html\n",
    "date": b"d: 2024-02-29\ne: 9999-99-99\nf: 2023-02-29\n",
    "line-separator": "p: \"a\u2028b\"\n".encode(),
    # mistakes the loader words for an author (issue 12)
    "unclosed-quote": b'id: x\ntitle: "no end\nbody: []\n',
    "quote-runs-on": b'id: x\r\ntitle: "A\r\nbody:\r\n  - p: "B."\r\n',
    "quote-inside": b"p: 'it's'\nq: \"a \"b\" c\"\n",
    "missing-colon": b'id: x\ntitle "A"\nreview\n  last: 1\n',
    "list-indent": b"body:\n  - p: a\n    - p: b\n- p: c\n  -d: e\n",
    "colon-in-value": b"a: b\n  c: d\nh2: Note: this\n",
    "curly-quotes": "h2: \u201cNote: this\u201d\n".encode(),
    "leading-characters": b"p: **a** b\nq: [l](u) c\nr: {t} d\ns: > 6\n",
    "escapes": b'p: "C:\\path \\x4 \\u12"\n',
    "stray-bom": b"id: x\n\xef\xbb\xbftitle: y\n",
    "nbsp-indent": b"body:\n\xc2\xa0 - p: a\n",
    "unclosed-flow": b"a: [x, y\nb: {c: d\n",
}


def write(folder, name, data):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def yaml_seeds():
    out = os.path.join(CORPUS, "fuzz_yaml")
    for base in ("tests/fuzz/content", "tests/check/broken"):
        for dirpath, _, files in os.walk(os.path.join(ROOT, base)):
            for name in sorted(files):
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, ROOT).replace("/", "-")
                write(out, "seed-" + rel, open(path, "rb").read())
    for name, data in YAML_EDGES.items():
        write(out, "seed-edge-" + name, data)


def content_seeds():
    out = os.path.join(CORPUS, "fuzz_content")
    n = len(SLOTS)
    for i, slot in enumerate(SLOTS):
        data = open(os.path.join(ROOT, "tests/fuzz/content", slot), "rb").read()
        stem = slot.replace("/", "-")
        write(out, f"seed-{stem}", bytes([i]) + data)
        if slot.startswith("leaflets/"):
            # flags: 1 booklet, 2 overdue, (flags >> 2) % 3 the format
            for flags, what in ((1, "booklet"), (2, "overdue"), (4, "large"), (8, "giant")):
                write(out, f"seed-{stem}-{what}", bytes([i + n * flags]) + data)
    # the loader's edge cases as a leaflet, a drug and the glossary
    for name in ("bom", "crlf", "duplicate", "alias-bomb", "deep", "markup", "astral",
                 "no-glyph", "long-word", "url", "line-separator"):
        for slot in ("leaflets/net-drugs.yaml", "drugs/sunitinib.yaml", "glossary.yaml"):
            write(out, f"seed-edge-{name}-{slot.replace('/', '-')}",
                  bytes([SLOTS.index(slot)]) + YAML_EDGES[name])


# ---- a small TrueType font ------------------------------------------------

def checksum(data):
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def square_glyph(x0, y0, x1, y1):
    """A simple glyph: one closed contour of four on-curve points."""
    points = [(x0, y0), (x0, y1), (x1, y1), (x1, y0)]
    header = struct.pack(">hhhhh", 1, x0, y0, x1, y1)
    body = struct.pack(">H", 3) + struct.pack(">H", 0) + bytes([1] * 4)
    xs, ys, px, py = b"", b"", 0, 0
    for x, y in points:
        xs += struct.pack(">h", x - px)
        ys += struct.pack(">h", y - py)
        px, py = x, y
    glyph = header + body + xs + ys
    return glyph + b"\0" * (-len(glyph) % 4)


def tiny_font():
    """A glyf-based font with .notdef, space, 'A', 'H', 'a' and U+00E9, with
    every table libharu and leaflet read."""
    upem = 1000
    glyphs = [square_glyph(50, 0, 450, 700), b"", square_glyph(20, 0, 580, 700),
              square_glyph(60, 0, 600, 700), square_glyph(40, 0, 460, 500),
              square_glyph(40, 0, 460, 750)]
    advances = [500, 250, 600, 660, 500, 500]
    cmap_chars = [(0x20, 1), (0x41, 2), (0x48, 3), (0x61, 4), (0xE9, 5)]
    glyf, loca = b"", []
    for g in glyphs:
        loca.append(len(glyf))
        glyf += g
    loca.append(len(glyf))
    loca_t = b"".join(struct.pack(">I", o) for o in loca)
    head = struct.pack(">IIIIHHqqhhhhHHhhh", 0x00010000, 0x00010000, 0, 0x5F0F3CF5, 0x000B,
                       upem, 0, 0, 0, 0, 600, 750, 0, 8, 2, 1, 0)
    hhea = struct.pack(">IhhhHhhhhhhhhhhhH", 0x00010000, 800, -200, 0, 660, 0, 0, 580, 1,
                       0, 0, 0, 0, 0, 0, 0, len(glyphs))
    maxp = struct.pack(">IHHHHHHHHHHHHHH", 0x00010000, len(glyphs), 4, 1, 0, 0, 2, 0, 0,
                       0, 0, 0, 0, 0, 0)
    hmtx = b"".join(struct.pack(">Hh", a, 0) for a in advances)
    # cmap format 4: one segment per character, then the final 0xFFFF one
    segs = [(c, c, (g - c) & 0xFFFF) for c, g in cmap_chars] + [(0xFFFF, 0xFFFF, 1)]
    n = len(segs)
    sub = struct.pack(">HHHHHHH", 4, 0, 0, 2 * n, 2, 0, 0)
    sub += b"".join(struct.pack(">H", e) for _, e, _ in segs) + b"\0\0"
    sub += b"".join(struct.pack(">H", s) for s, _, _ in segs)
    sub += b"".join(struct.pack(">H", d) for _, _, d in segs)
    sub += b"\0\0" * n
    sub = sub[:2] + struct.pack(">H", len(sub)) + sub[4:]
    cmap = struct.pack(">HHHHI", 0, 1, 3, 1, 12) + sub
    os2 = struct.pack(">HhHHHhhhhhhhhhhh", 4, 500, 400, 5, 0, 650, 600, 0, 75, 650, 600,
                      0, 350, 50, 250, 0) + bytes(10) + struct.pack(">IIII", 1, 0, 0, 0) \
        + b"NONE" + struct.pack(">HHHhhhHH", 0x40, 0x20, 0xE9, 800, -200, 0, 800, 200) \
        + struct.pack(">II", 1, 0) + struct.pack(">hhHHH", 500, 700, 0, 0x20, 1)
    name_str = "Tiny".encode("utf-16-be")
    records = [(3, 1, 0x409, nid, len(name_str), 0) for nid in (1, 2, 4, 6)]
    name = struct.pack(">HHH", 0, len(records), 6 + 12 * len(records))
    name += b"".join(struct.pack(">HHHHHH", *r) for r in records) + name_str
    post = struct.pack(">IIhhIIIII", 0x00030000, 0, -100, 50, 0, 0, 0, 0, 0)
    tables = {"OS/2": os2, "cmap": cmap, "cvt ": b"\0\0", "fpgm": b"\xb0\x00",
              "glyf": glyf, "head": head, "hhea": hhea, "hmtx": hmtx, "loca": loca_t,
              "maxp": maxp, "name": name, "post": post, "prep": b"\xb0\x00"}
    tags = sorted(tables)
    offset = 12 + 16 * len(tags)
    directory, body = b"", b""
    for tag in tags:
        data = tables[tag]
        directory += struct.pack(">4sIII", tag.encode(), checksum(data), offset + len(body),
                                 len(data))
        body += data + b"\0" * (-len(data) % 4)
    count = len(tags)
    entry = 1 << (count.bit_length() - 1)
    header = struct.pack(">IHHHH", 0x00010000, count, entry * 16, entry.bit_length() - 1,
                         count * 16 - entry * 16)
    return header + directory + body


def font_seeds():
    out = os.path.join(CORPUS, "fuzz_font")
    font = tiny_font()
    write(out, "seed-tiny.ttf", font)
    write(out, "seed-tiny-truncated-directory", font[:40])
    write(out, "seed-tiny-truncated-half", font[:len(font) // 2])
    write(out, "seed-otto", b"OTTO" + font[4:])
    write(out, "seed-ttcf", b"ttcf" + font[4:])
    write(out, "seed-empty", b"")
    cff_seeds(out)


def cff_seeds(out):
    """CFF outlines: a CID-keyed subset of Noto Sans CJK SC (a few Chinese
    characters), a font keyed by name, and a collection of the two; made
    with fontTools when it and fonts-noto-cjk are installed (their offsets
    are small, in the Top DICT's two-byte forms, as a small font's are)."""
    try:
        from fontTools import subset
        from fontTools.fontBuilder import FontBuilder
        from fontTools.pens.t2CharStringPen import T2CharStringPen
        from fontTools.ttLib import TTCollection, TTFont
    except ImportError:
        print("fontTools is missing: the CFF seeds are left as they are")
        return
    import io
    cjk = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
    if not os.path.exists(cjk):
        print("fonts-noto-cjk is missing: the CFF seeds are left as they are")
        return
    font = TTFont(cjk, fontNumber=2)
    options = subset.Options()
    options.layout_features = ["kern", "vert", "liga"]
    options.hinting = False
    options.name_IDs = [1, 2]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="用於神經內分泌癌的標靶藥物 Ab，。")
    subsetter.subset(font)
    cid = io.BytesIO()
    font.save(cid)
    builder = FontBuilder(1000, isTTF=False)
    names = [".notdef", "space", "A", "B", "wcircumflex"]
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({0x20: "space", 0x41: "A", 0x42: "B", 0x175: "wcircumflex"})
    strings = {}
    for i, glyph in enumerate(names):
        pen = T2CharStringPen(500 + 10 * i, None)
        pen.moveTo((50, 0))
        pen.lineTo((450 + 10 * i, 0))
        pen.curveTo((450 + 10 * i, 350), (450 + 10 * i, 700), (50, 700))
        pen.closePath()
        strings[glyph] = pen.getCharString()
    builder.setupCFF("LeafletTestCFF", {"FullName": "Leaflet Test CFF"}, strings, {})
    builder.setupHorizontalMetrics({n: (500 + 10 * i, 50) for i, n in enumerate(names)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Leaflet Test CFF", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    named = io.BytesIO()
    builder.save(named)
    pair = TTCollection()
    pair.fonts = [TTFont(io.BytesIO(cid.getvalue())), TTFont(io.BytesIO(named.getvalue()))]
    both = io.BytesIO()
    pair.save(both)
    write(out, "seed-cff-cid.otf", cid.getvalue())
    write(out, "seed-cff-name.otf", named.getvalue())
    write(out, "seed-cff-pair.ttc", both.getvalue())


CSV_SEEDS = {
    "mailing": b"ref,name,address_1,address_2,address_3,town,postcode,leaflet,tumour,format\r\n"
               b"R001,Ann Smith,1 High Street,,,Leeds,LS1 1AA,net-drugs,pancreatic-net,large\r\n"
               b"R002,\"O'Brien, Pat\",\"Flat 2\r\n3 Low Road\",,,York,YO1 7HH,net-drugs-overview,,standard\r\n",
    "bom-lf": b"\xef\xbb\xbfref,name\nR1,Zo\xc3\xab\n\nR2,\"Say \"\"hi\"\"\"\n",
    "bad-quotes": b"a,b\"c,d\n\"open,x\ny,\"closed\"junk\n",
    "bad-bytes": b"a,\xff\xfe,c\nd,\x00,f\r\ng,\x07,i\r",
    "empty-fields": b",,,\n\"\"\n,\n",
}


def csv_seeds():
    out = os.path.join(CORPUS, "fuzz_csv")
    for name, data in CSV_SEEDS.items():
        write(out, "seed-" + name, data)


MANIFEST = b"""{
  "manifest": 1,
  "generator": "leaflet 0.1.0",
  "documents": [
    {"file": "net-drugs-lung-nec.large.pdf", "leaflet": "net-drugs", "tumour": "lung-nec", "format": "large", "paper": "A4", "pages": 6, "bytes": 61010, "sha256": "%s", "last_reviewed": "2025-02-26", "next_review": "2028-02-26", "input": "%s"},
    {"file": "net-drugs-overview.standard.pdf", "leaflet": "net-drugs-overview", "tumour": null, "format": "standard", "paper": "A4", "pages": 5, "bytes": 21093, "sha256": "%s", "last_reviewed": "2025-02-26", "next_review": "2028-02-26", "input": "%s"}
  ],
  "totals": {"documents": 2, "pages": 11, "sheets": 6, "bytes": 82103}
}
""" % (b"a" * 64, b"0123456789abcdef" * 4, b"c09949a24fa8c08c0e44468752989dc5ea53a58d366286be1c25ecd14cc374d5",
       b"7fedba90925def7726d375899df96a3b0e90facdc25e561d845f7fec953d4b21")


def manifest_seeds():
    out = os.path.join(CORPUS, "fuzz_manifest")
    write(out, "seed-manifest", MANIFEST)
    write(out, "seed-shard", MANIFEST.replace(b'"generator": "leaflet 0.1.0",',
                                              b'"generator": "leaflet 0.1.0",\n  "shard": {"index": 2, "count": 3},'))
    write(out, "seed-empty-list", b'{"manifest": 1, "generator": "leaflet 0.1.0", "documents": []}\n')
    write(out, "seed-escapes", b'{"manifest": 1, "documents": [{"file": "a\\u00e9\\"b\\\\.pdf"}]}')
    write(out, "seed-truncated", MANIFEST[:300])


def drawing_seeds():
    """The content's drawings, the test drawing and the hostile cases'."""
    out = os.path.join(CORPUS, "fuzz_drawing")
    paths = [os.path.join(ROOT, "content", "images", n)
             for n in sorted(os.listdir(os.path.join(ROOT, "content", "images")))
             if n.endswith(".svg")]
    paths.append(os.path.join(ROOT, "tests", "images", "shapes.svg"))
    cases = os.path.join(ROOT, "tests", "hostile", "cases")
    for case in sorted(os.listdir(cases)):
        svg = os.path.join(cases, case, "content", "images", "d.svg")
        if os.path.exists(svg):
            paths.append(svg)
    write(out, "seed-style-sheet.svg",
          b"<?xml version='1.0'?>\n<!DOCTYPE svg PUBLIC '-//W3C//DTD SVG 1.1//EN' "
          b"'http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd'>\n"
          b"<svg xmlns='http://www.w3.org/2000/svg' width='100%' viewBox='0 0 40 20'>"
          b"<defs><style><![CDATA[ /* c */ rect{stroke:#00f} .a,.b{fill:#f00} #r{fill:#ff0}"
          b" @media (prefers-color-scheme: dark) { .a { fill: #fff } } @import url(x);"
          b" ]]></style></defs><rect class='a b' id='r' width='9' height='9'/>"
          b"<circle class='b' cx='20' cy='10' r='5' style='fill:#0f0'/></svg>\n")
    for path in paths:
        name = os.path.basename(path)
        if name == "d.svg":
            name = os.path.basename(os.path.dirname(os.path.dirname(os.path.dirname(path)))) + ".svg"
        write(out, "seed-" + name, open(path, "rb").read())


def image_seeds():
    """The test pictures (PNG and JPEG of every kind that prints) and the
    hostile cases' damaged ones."""
    out = os.path.join(CORPUS, "fuzz_image")
    images = os.path.join(ROOT, "tests", "images")
    paths = [os.path.join(images, n) for n in sorted(os.listdir(images))
             if n.endswith((".png", ".jpg"))]
    cases = os.path.join(ROOT, "tests", "hostile", "cases")
    for case in sorted(os.listdir(cases)):
        folder = os.path.join(cases, case, "content", "images")
        if case.startswith("image-") and os.path.isdir(folder):
            paths += [os.path.join(folder, n) for n in sorted(os.listdir(folder))]
    seen = set()
    for path in paths:
        case = os.path.basename(os.path.dirname(os.path.dirname(os.path.dirname(path))))
        name = os.path.basename(path)
        if path.startswith(cases):
            name = case + "-" + name
        data = open(path, "rb").read()
        if len(data) <= 64 * 1024 and data not in seen:  # small, and once
            seen.add(data)
            write(out, "seed-" + name, data)


REQUEST_SEEDS = {
    # path, format, size, layout, view, search, title (fuzz_request.c)
    "catalogue": b"/\n\n\n\n\nsutent\nTargeted and immunotherapy drugs",
    "leaflet": b"/leaflets/net-drugs/pancreatic-net\nlarge\n\npages\n\nNET%20drugs\n"
               b"Drugs for pancreatic NETs",
    "pdf-size": b"/leaflets/net-drugs-overview/pdf\nsize\n20.5pt\nbooklet\ninline\n"
                b"%E2%80%9Cdrugs%E2%80%9D\nCaf\xc3\xa9 \"au\" lait/\\ <b>",
    "asset": b"/assets/leaflet.css\nbraille\n\n\n\n%3Cscript%3E\n\xe7\x99\x8c\xe7\x97\x87",
    "dotdot": b"/leaflets/%2e%2e/%252e%252e\nsize\n48.25\nfold\nhuh\n%ZZ\n\x01\x7f",
    "events": b"/events\nstandard\n12\npages\ninline\n%26amp%3B\n" + b"a" * 300,
}


def request_seeds():
    out = os.path.join(CORPUS, "fuzz_request")
    for name, data in REQUEST_SEEDS.items():
        write(out, "seed-" + name, data)


def words_seeds():
    """The test words of every script (tests/scripts/content/words)."""
    out = os.path.join(CORPUS, "fuzz_words")
    folder = os.path.join(ROOT, "tests", "scripts", "content", "words")
    for name in sorted(os.listdir(folder)):
        if name.endswith(".yaml"):
            write(out, "seed-" + name, open(os.path.join(folder, name), "rb").read())


def main():
    yaml_seeds()
    content_seeds()
    font_seeds()
    csv_seeds()
    manifest_seeds()
    drawing_seeds()
    image_seeds()
    request_seeds()
    words_seeds()
    for t in sorted(os.listdir(CORPUS)):
        print(f"{t}: {len(os.listdir(os.path.join(CORPUS, t)))} inputs")


if __name__ == "__main__":
    sys.exit(main())
