#!/usr/bin/env python3
"""Page fill: how much of each page's text area the body fills.

    python3 bench/page_fill.py OUT_FOLDER [OUT_FOLDER ...]

For every PDF in the folders (booklets left out: their pages are
imposed), reads where the body's last line on each page ends (mutool's
structured text, the footer left out) and prints, per print format, the
mean fill of the pages that are not a document's last (a last page is as
full as its text makes it), the emptiest such page and its document, and
how many such pages are less than two thirds full.  Fill is the share of
the height from the top margin to the top of the footer the body takes.
Used for the README's page-fill figures; no test asserts them.
"""
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

MM = 72 / 25.4


def style(content, fmt, key):
    with open(os.path.join(content, "styles", f"{fmt}.yaml"), encoding="utf-8") as f:
        for line in f:
            m = re.match(rf"{key}:\s*(.*?)\s*(#.*)?$", line)
            if m:
                return m.group(1)
    raise KeyError(key)


def page_fills(pdf, fmt, content):
    size = float(style(content, fmt, "body_size"))
    spacing = float(style(content, fmt, "line_spacing"))
    margins = [float(x) for x in style(content, fmt, "margins").strip("[]").split(",")]
    res = subprocess.run(["mutool", "draw", "-q", "-F", "stext", "-o", "-", pdf],
                         capture_output=True, text=True, check=True)
    fills = []
    for page in ET.fromstring(res.stdout).iter("page"):
        h = float(page.get("height"))
        top = margins[0] * MM
        footer_top = h - (margins[2] * MM + 2 * size * spacing + size)
        lowest = top
        for block in page.iter("block"):
            y1 = float(block.get("bbox").split()[3])
            if y1 <= footer_top + 0.5:
                lowest = max(lowest, y1)
        # pictures and rules count too: mutool lists images as blocks with bbox
        fills.append((lowest - top) / (footer_top - top))
    return fills


def main():
    content = os.environ.get("CONTENT", "content")
    by_format = {}
    for folder in sys.argv[1:]:
        for name in sorted(os.listdir(folder)):
            m = re.match(r"(.+)\.([a-z0-9]+)\.pdf$", name)
            if not m or "booklet" in name:
                continue
            stem, fmt = m.groups()
            fills = page_fills(os.path.join(folder, name), fmt, content)
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
