#!/usr/bin/python3
"""overview_typ.py -- the text of a leaflet PDF as a Typst document, for the
benchmark's comparison (bench/typst/README.md).

Usage: overview_typ.py LEAFLET.pdf > OUT.typ

The PDF's structure tree (read as tests/scripts reads it) gives the
headings, paragraphs and list items with their text; the Typst document
sets them in the same face, size and page as the standard format, with a
footer "Page N of M".
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "tests", "scripts"))
from test_scripts import Structure  # noqa: E402

SPECIAL = set("\\#*_`$<>@[]~=-+/'\"")


def escape(text):
    return "".join("\\" + c if c in SPECIAL else c for c in " ".join(text.split()))


def main():
    s = Structure(sys.argv[1])
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
        elif kind == "P" and parent not in ("LBody",):
            out += ["", text, ""]
        elif kind == "LBody":
            out.append("- " + text)
    print("\n".join(out))


if __name__ == "__main__":
    main()
