#!/usr/bin/env python3
"""Page fill: how much of each page's text area the body fills.

    python3 bench/page_fill.py [--pages] OUT_FOLDER [OUT_FOLDER ...]

For every PDF in the folders (booklets left out: their pages are
imposed), renders each page (pdftoppm, grey, 36 dpi) and finds the lowest
ink above the footer: text, pictures, rules and boxes alike.  Fill is how
far down the text area (from the top margin to the top of the footer)
that ink reaches.  Prints, per print format, the mean fill of the pages
that are not a document's last (a last page is as full as its text
makes it), the emptiest such page and its document, and how many such
pages are less than two thirds full; with --pages, every page's fill.
Used for the README's page-fill figures; no test asserts them.
"""
import os
import re
import subprocess
import sys
import tempfile

MM = 72 / 25.4
DPI = 36


def style(content, fmt, key):
    with open(os.path.join(content, "styles", f"{fmt}.yaml"), encoding="utf-8") as f:
        for line in f:
            m = re.match(rf"{key}:\s*(.*?)\s*(#.*)?$", line)
            if m:
                return m.group(1)
    raise KeyError(key)


def read_pgm(path):
    with open(path, "rb") as f:
        data = f.read()
    parts, at = [], 0
    while len(parts) < 4:  # P5, width, height, maxval
        while data[at:at + 1].isspace():
            at += 1
        start = at
        while not data[at:at + 1].isspace():
            at += 1
        parts.append(data[start:at])
    w, h = int(parts[1]), int(parts[2])
    return w, h, data[at + 1:]


def page_fills(pdf, fmt, content):
    size = float(style(content, fmt, "body_size"))
    spacing = float(style(content, fmt, "line_spacing"))
    margins = [float(x) for x in style(content, fmt, "margins").strip("[]").split(",")]
    fills = []
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-gray", "-r", str(DPI), pdf, os.path.join(tmp, "p")],
                       check=True)
        for name in sorted(os.listdir(tmp), key=lambda n: int(re.findall(r"\d+", n)[-1])):
            w, h, pixels = read_pgm(os.path.join(tmp, name))
            scale = DPI / 72
            top = margins[0] * MM * scale
            # the footer's rule sits a third of an em above its first line
            footer_top = h - (margins[2] * MM + 2 * size * spacing + size) * scale
            lowest = top
            for y in range(int(top), int(footer_top) - 1):
                row = pixels[y * w:(y + 1) * w]
                if min(row) < 160:
                    lowest = y + 1
            fills.append(min(1.0, (lowest - top) / (footer_top - top)))
    return fills


def main():
    args = sys.argv[1:]
    every = "--pages" in args
    args = [a for a in args if a != "--pages"]
    content = os.environ.get("CONTENT", "content")
    by_format = {}
    for folder in args:
        for name in sorted(os.listdir(folder)):
            m = re.match(r"(.+)\.([a-z0-9]+)\.pdf$", name)
            if not m or "booklet" in name:
                continue
            stem, fmt = m.groups()
            fills = page_fills(os.path.join(folder, name), fmt, content)
            if every:
                print(f"{name:45} " + " ".join(f"{f * 100:3.0f}" for f in fills))
            for i, f in enumerate(fills[:-1]):
                by_format.setdefault(fmt, []).append((f, f"{stem} p{i + 1}"))
    for fmt, fills in sorted(by_format.items()):
        mean = sum(f for f, _ in fills) / len(fills)
        worst = min(fills)
        low = sum(1 for f, _ in fills if f < 2 / 3)
        print(f"{fmt:10} pages {len(fills):3}  mean fill {mean * 100:5.1f} %  emptiest "
              f"{worst[0] * 100:5.1f} % ({worst[1]})  under two thirds: {low}")


if __name__ == "__main__":
    main()
