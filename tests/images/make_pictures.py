#!/usr/bin/env python3
"""Make the pictures the tests use, deterministically, into tests/images/
and into the hostile corpus's cases (tests/hostile/cases/image-*/).

    python3 tests/images/make_pictures.py

PNG files are written here byte by byte (zlib and struct only); the JPEG
files need Pillow (Debian's python3-pil), which only this script uses: the
files it makes are kept in the repository, so the tests themselves need
nothing but the files.  Every picture is drawn by this script: no one
else's image, no licence to state beyond the project's own.
"""
import io
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CASES = os.path.join(REPO, "tests", "hostile", "cases")


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png(width, height, colour_type, depth, rows, palette=None, trns=None, ppi=None,
        interlace=0):
    """A PNG of 'rows' (each a bytes object of packed samples, no filter byte)."""
    out = b"\x89PNG\r\n\x1a\n"
    out += chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0,
                                      interlace))
    if ppi:
        ppm = round(ppi / 0.0254)
        out += chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1))
    if palette:
        out += chunk(b"PLTE", b"".join(bytes(c) for c in palette))
    if trns is not None:
        out += chunk(b"tRNS", trns)
    if interlace:
        raw = adam7(rows, width, height, colour_type, depth)
    else:
        raw = b"".join(b"\x00" + r for r in rows)
    out += chunk(b"IDAT", zlib.compress(raw, 9))
    out += chunk(b"IEND", b"")
    return out


def adam7(rows, width, height, colour_type, depth):
    """The seven passes of an interlaced PNG (8-bit samples only)."""
    assert depth == 8
    bpp = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour_type]
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4),
              (1, 0, 2, 2), (0, 1, 1, 2)]
    out = b""
    for x0, y0, dx, dy in passes:
        xs = range(x0, width, dx)
        if not len(xs):
            continue
        for y in range(y0, height, dy):
            out += b"\x00" + b"".join(rows[y][x * bpp:(x + 1) * bpp] for x in xs)
    return out


def picture(x, y, w, h):
    """The test picture's colour at (x, y): a blue field, a red disc, a
    white band, so that a wrong channel order or lost row shows."""
    cx, cy, r = w * 0.35, h * 0.5, min(w, h) * 0.3
    if (x - cx) ** 2 + (y - cy) ** 2 < r * r:
        return (200, 30, 40)
    if abs(y - h * 0.8) < h * 0.06:
        return (255, 255, 255)
    return (20, 60 + (x * 120) // w, 160)


def rgb_rows(w, h, alpha=False, sixteen=False):
    rows = []
    for y in range(h):
        row = bytearray()
        for x in range(w):
            c = picture(x, y, w, h)
            if sixteen:
                for v in c:
                    row += struct.pack(">H", v * 257)
            else:
                row += bytes(c)
            if alpha:
                row.append(0 if x < w // 4 else 255)
        rows.append(bytes(row))
    return rows


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def main():
    w, h = 240, 160
    good = {}
    good["rgb.png"] = png(w, h, 2, 8, rgb_rows(w, h), ppi=150)
    good["grey.png"] = png(w, h, 0, 8, [bytes(sum(picture(x, y, w, h)) // 3 for x in range(w))
                                        for y in range(h)])
    good["grey2.png"] = png(w, h, 0, 2, [bytes((((x // 8) % 4) << 6 | ((x // 8) % 4) << 4 |
                                                ((x // 8) % 4) << 2 | ((x // 8) % 4))
                                               for x in range(w // 4)) for y in range(h)])
    good["alpha.png"] = png(w, h, 6, 8, rgb_rows(w, h, alpha=True))
    good["sixteen.png"] = png(w, h, 2, 16, rgb_rows(w, h, sixteen=True))
    good["interlaced.png"] = png(w, h, 2, 8, rgb_rows(w, h), interlace=1)
    palette = [(20, 60, 160), (200, 30, 40), (255, 255, 255), (0, 0, 0)]
    index = {c: i for i, c in enumerate(palette)}
    good["palette.png"] = png(w, h, 3, 8, [bytes(index.get(picture(x, y, w, h), 0)
                                                for x in range(w)) for y in range(h)],
                              palette=palette, trns=b"\xff\xff\xff\x00")
    # 4 bits an index, nothing see-through: the PDF takes its rows as they
    # are, under an /Indexed colour space
    def pack4(row):
        row = row + [0] * (len(row) % 2)
        return bytes(row[i] << 4 | row[i + 1] for i in range(0, len(row), 2))
    good["palette4.png"] = png(w, h, 3, 4, [pack4([index.get(picture(x, y, w, h), 0)
                                                  for x in range(w)]) for y in range(h)],
                               palette=palette[:3] + [(0, 0, 0)])
    try:
        from PIL import Image
        img = Image.new("RGB", (w, h))
        img.putdata([picture(x, y, w, h) for y in range(h) for x in range(w)])
        for name, kw in (("photo.jpg", {}), ("progressive.jpg", {"progressive": True})):
            buf = io.BytesIO()
            img.save(buf, "JPEG", quality=85, dpi=(150, 150), **kw)
            good[name] = buf.getvalue()
        buf = io.BytesIO()
        img.convert("L").save(buf, "JPEG", quality=85)
        good["grey.jpg"] = buf.getvalue()
        buf = io.BytesIO()
        img.convert("CMYK").save(buf, "JPEG", quality=85)
        cmyk = buf.getvalue()
        buf = io.BytesIO()
        img.save(buf, "GIF")
        gif = buf.getvalue()
    except ImportError:
        raise SystemExit("make_pictures: the JPEG and GIF files need Pillow (python3-pil)")
    for name, data in good.items():
        write(os.path.join(HERE, name), data)

    # the hostile corpus: each a picture named by tests/hostile/cases/<case>/
    rgb = good["rgb.png"]
    huge = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 100000, 100000, 8, 2,
                                                            0, 0, 0))
    huge += chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b"")
    idat = rgb.index(b"IDAT") - 4
    bad_data = (rgb[:idat] + chunk(b"IDAT", b"\x78\x9c" + bytes(range(200)) * 4) +
                chunk(b"IEND", b""))
    hostile = {
        "image-png-truncated": ("cut.png", rgb[:len(rgb) * 2 // 3]),
        "image-png-huge": ("huge.png", huge),
        "image-png-bad-checksum": ("crc.png", rgb[:idat + 20] + bytes([rgb[idat + 20] ^ 0xFF]) +
                                   rgb[idat + 21:]),
        "image-png-bad-data": ("data.png", bad_data),
        "image-jpeg-is-gif": ("photo.jpg", gif),
        "image-jpeg-truncated": ("cut.jpg", good["photo.jpg"][:len(good["photo.jpg"]) // 2]),
        "image-jpeg-cmyk": ("cmyk.jpg", cmyk),
        "image-kinds-print": None,
    }
    for case, item in hostile.items():
        if item:
            write(os.path.join(CASES, case, "content", "images", item[0]), item[1])
    for name in ("sixteen.png", "interlaced.png", "palette.png", "alpha.png", "grey2.png",
                 "progressive.jpg", "grey.jpg"):
        write(os.path.join(CASES, "image-kinds-print", "content", "images", name), good[name])


if __name__ == "__main__":
    main()
