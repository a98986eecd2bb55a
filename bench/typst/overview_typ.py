#!/usr/bin/python3
"""overview_typ.py -- the text of a leaflet PDF as a Typst document, for the
benchmark's comparison (bench/typst/README.md).

Usage: overview_typ.py LEAFLET.pdf [IMAGE] > OUT.typ  (IMAGE: the figure's file, relative to the compile's root)

The PDF's structure tree (read as tests/scripts reads it) gives the
headings, paragraphs, list items, tables (header rows, rows, caption) and
figures (the picture's file name in content/images/ and its alt text) in
reading order; the Typst document sets them in the same face, size and page
as the standard format, with a footer "Page N of M", so that both programs
set the same leaflet.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "tests", "scripts"))
from test_scripts import Structure  # noqa: E402

SPECIAL = set("\\#*_`$<>@[]~=-+/'\"")


def escape(text):
    return "".join("\\" + c if c in SPECIAL else c for c in " ".join(text.split()))


def cells(s, row):
    return ", ".join("[%s]" % escape(s.text(c)) for c in s.elements[row]["kids"]
                     if s.elements[c]["S"] in ("TH", "TD"))


def table(s, e):
    """A Table element as a Typst table: its THead rows as table.header."""
    kids = s.elements[e]["kids"]
    rows = [(s.elements[g]["S"], r) for g in kids for r in s.elements[g]["kids"]
            if s.elements[r]["S"] == "TR"]
    if not rows:
        return []
    width = max(sum(1 for c in s.elements[r]["kids"] if s.elements[c]["S"] in ("TH", "TD"))
                for _, r in rows)
    out = []
    caption = [c for c in kids if s.elements[c]["S"] == "Caption"]
    if caption:
        out += ["", "*" + escape(s.text(caption[0])) + "*", ""]
    out.append("#table(columns: %d, inset: 6pt," % width)
    head = [r for g, r in rows if g == "THead"]
    if head:
        out.append("  table.header(%s)," % ", ".join(cells(s, r) for r in head))
    out += ["  %s," % cells(s, r) for g, r in rows if g != "THead"]
    out += [")", ""]
    return out


def figure(s, e, image):
    """A Figure element as a Typst image at the measure's width, with its alt text."""
    objgen = next(o for o, i in s.index.items() if i == e)
    alt = str(s.doc.get_object(objgen).get("/Alt", ""))
    return ['#figure(image("%s", width: 100%%, alt: "%s"))' %
            (image, alt.replace("\\", "\\\\").replace('"', '\\"')), ""]


def main():
    s = Structure(sys.argv[1])
    image = sys.argv[2] if len(sys.argv) > 2 else None
    title = " ".join(s.text(s.elements[0]["kids"][0] if s.elements[0]["S"] == "Document"
                            else 0).split())
    out = ['#set document(title: "%s")' % title.replace("\\", "\\\\").replace('"', '\\"'),
           '#set text(font: "Atkinson Hyperlegible Next", size: 12pt, lang: "en", region: "gb")',
           '#set page(paper: "a4", margin: (x: 37mm, top: 25mm, bottom: 30mm),',
           '  footer: context [Page #counter(page).display() of '
           '#counter(page).final().first()])',
           '#set par(leading: 0.55em, spacing: 1.4em)', '']
    for e, el in enumerate(s.elements):
        kind, parent = el["S"], s.parent_type(e)
        text = escape(s.text(e))
        if kind in ("H1", "H2", "H3", "H4"):
            out += ["=" * int(kind[1]) + " " + text, ""]
        elif kind == "P" and parent not in ("LBody", "TH", "TD", "Caption"):
            out += ["", text, ""]
        elif kind == "LBody":
            out.append("- " + text)
        elif kind == "Table" and parent != "Table":
            out += table(s, e)
        elif kind == "Figure" and image:
            out += figure(s, e, image)
    print("\n".join(out))


if __name__ == "__main__":
    main()
