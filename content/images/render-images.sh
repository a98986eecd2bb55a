#!/bin/sh
# Render the content's drawings (*.svg) to the PNG files the leaflets use,
# with headless Chromium (any SVG renderer would do: rsvg-convert -w 1200
# x.svg > x.png gives the same picture), laid on white; reduce each to a
# palette of 32 colours, unmixed (pngquant --nofs: flat colours and their
# anti-aliased edges need no more, and side by side at 300 dpi no
# difference shows); then store its rows unfiltered at zlib's best level:
# for flat-coloured drawings that is the smallest (measured: a quarter
# smaller than PNG's row filters), and the PDF takes a PNG's compressed rows
# as they are (a palette PNG's under an /Indexed colour space).  Measured
# on how-the-drugs-work.png: 44,217 bytes as RGB, 14,435 as 32 colours.
# Run it after editing a drawing and commit both files; builds read only
# the PNG.  Needs chromium and pngquant (Debian packages).
set -eu
cd "$(dirname "$0")"

# restore PNG: the PNG again with its rows unfiltered at zlib level 9, an
# alpha channel dropped (drawn on white, it says nothing), a palette kept,
# at 300 pixels an inch.
restore() {
  python3 - "$1" <<'PY'
import struct, sys, zlib
path = sys.argv[1]
data = open(path, "rb").read()
at, chunks, idat = 8, [], b""
while at < len(data):
    n, kind = struct.unpack(">I4s", data[at:at + 8])
    body = data[at + 8:at + 8 + n]
    if kind == b"IDAT":
        idat += body
    else:
        chunks.append((kind, body))
    at += 12 + n
w, h, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
assert depth == 8 and colour in (0, 2, 3, 6) and not interlace, "an 8-bit PNG, not interlaced"
bpp = {0: 1, 2: 3, 3: 1, 6: 4}[colour]
raw, stride, out, prior = zlib.decompress(idat), w * bpp, bytearray(), bytearray(w * bpp)
for y in range(h):
    line = raw[y * (stride + 1):(y + 1) * (stride + 1)]
    f, row = line[0], bytearray(line[1:])
    for i in range(stride):
        a = row[i - bpp] if i >= bpp else 0
        b, c = prior[i], prior[i - bpp] if i >= bpp else 0
        if f == 1: row[i] = (row[i] + a) & 255
        elif f == 2: row[i] = (row[i] + b) & 255
        elif f == 3: row[i] = (row[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prior = row
    if colour == 6:
        row = bytearray(v for i, v in enumerate(row) if i % 4 != 3)
    out += b"\0" + row
def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
kind = {0: 0, 2: 2, 3: 3, 6: 2}[colour]
plte = b"".join(chunk(k, b) for k, b in chunks if k == b"PLTE")
ppm = round(300 / 0.0254)
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, kind, 0, 0, 0))
       + chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1)) + plte
       + chunk(b"IDAT", zlib.compress(bytes(out), 9)) + chunk(b"IEND", b""))
open(path, "wb").write(png)
PY
}

for svg in *.svg; do
  png=${svg%.svg}.png
  size=$(sed -n 's/.*<svg[^>]* width="\([0-9]*\)" height="\([0-9]*\)".*/\1,\2/p' "$svg")
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --default-background-color=ffffffff --window-size="$size" \
    --screenshot="$PWD/$png" "file://$PWD/$svg" >/dev/null 2>&1
  restore "$png"
  pngquant --force --strip --speed 1 --nofs --output "$png" 32 "$png"
  restore "$png"
  echo "$png"
done
