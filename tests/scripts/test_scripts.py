#!/usr/bin/env python3
"""Tests from outside for text in every script (issue 13): build the test
leaflets of tests/scripts/content in standard and large print, and read the
PDFs back with poppler (pdftotext, pdffonts, pdfinfo), MuPDF (mutool),
pikepdf (the structure tree, and the text of each element through the
fonts' ToUnicode maps and /ActualText, read with tests/pdfua's CMap reader)
and HarfBuzz (through ctypes: the positions a shaper gives).

    python3 tests/scripts/test_scripts.py [build/leaflet]

Checks, per leaflet and format unless said:
  - pdftotext and mutool give back every word of the title and body, in
    order, compared after NFC with white space normalised (Chinese compared
    character by character, since lines break between characters); in
    right-to-left text the words are compared without the punctuation
    around them, and pdftotext's in any order (see rtl_words() below);
  - the text of the structure tree (what a screen reader reads: the
    content in drawing order through the fonts' ToUnicode maps and
    /ActualText) gives back every word exactly, punctuation and all, in
    order, in every script;
  - every font embedded and subset with a Unicode map, the script's face
    among them; the document's language is the leaflet's; PDF/UA-1
    (tests/pdfua/check_pdfua.py);
  - kerning (English): letters sit at HarfBuzz's advances for their word,
    and the kerned pairs 'Yo' and 'Ta' are not at their unkerned widths;
  - right to left (Urdu, Arabic, Farsi): every line of every paragraph has
    its right edge at the right margin, page numbers are on the left, and
    'sunitinib (Sutent)' reads left to right inside;
  - Chinese: lines break between characters (no line ends short of the
    margin when the next line starts with a character that would have
    fitted), none starts with closing punctuation, none passes a margin;
    the CJK face is a CFF CID font (CIDFontType0), subset;
  - Welsh: ŵ ŷ Ŵ Ŷ ẁ ẃ ẅ ỳ are drawn from the body face, not a fallback;
  - mixed: each part of the covering letter's "another language or format"
    statement (tests/scripts/letters/default.yaml, through `leaflet mail`)
    and the English paragraph of the Welsh leaflet are structure elements
    with their /Lang whose text copies out exactly.

Prints one line per check and 'scripts: N passed, M failed'; exits non-zero
on any failure.  Needs python3-pikepdf and python3-yaml (it runs itself
again with /usr/bin/python3 when the python3 first on PATH lacks them) and
libharfbuzz.
"""
import os
import sys

try:
    import pikepdf  # noqa: F401
    import yaml
except ImportError:
    if os.path.exists("/usr/bin/python3") and \
            os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    print("FAIL no python3 with pikepdf and yaml (install python3-pikepdf python3-yaml)")
    print("scripts: 0 passed, 1 failed")
    sys.exit(1)

import ctypes
import ctypes.util
import re
import shutil
import tempfile
import unicodedata
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pdfua"))
from test_e2e import BIN, MM, RESULTS, check, page_box, run  # noqa: E402
from check_pdfua import CMap  # noqa: E402

CONTENT = "tests/scripts/content"
LETTER = "tests/scripts/letters/default.yaml"
TODAY = "2026-11-24"
FORMATS = ("standard", "large")

RTL_LANGUAGES = ("ar", "ur", "fa")
# The face issue 13 names for each script (PostScript names, as embedded);
# Urdu may be set in Naskh or, when a format asks for it, Nastaliq.
SCRIPT_FACES = {
    "ar": ("NotoNaskhArabic",), "fa": ("NotoNaskhArabic",),
    "ur": ("NotoNaskhArabic", "NotoNastaliqUrdu"),
    "bn": ("NotoSansBengali",), "pa": ("NotoSansGurmukhi",), "gu": ("NotoSansGujarati",),
    "hi": ("NotoSansDevanagari",), "ta": ("NotoSansTamil",),
    "zh-hans": ("NotoSansCJKsc",), "zh-hant": ("NotoSansCJKtc",),
}
WELSH_LETTERS = "ŵŷŴŶẁẃẅỳ"
# Closing punctuation, UAX #14 classes CL, CP, EX, IS and the like that a
# line of Chinese must not start with.
CLOSING = set("，。、；：？！）」』》〉】〕〗〙〛｝］’”…‥・．､｡％‰%,.;:?!)]}")
CJK = "[\u2e80-\u2fff\u3000-\u303f\u3040-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
DIGITS = ("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669",
          "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9")



def read(args):
    """A tool's output as UTF-8 text, whatever the locale."""
    return run(args, encoding="utf-8", errors="replace")


# ---- text as a reader sees it -------------------------------------------

def tokens(text):
    """Words after NFC, white space normalised; each CJK character is a
    word of its own (a line may end between any two).  The bidi embedding
    controls pdftotext puts around a right-to-left line (U+202B ... U+202C)
    are marks of direction, not text, and are left out."""
    out = []
    for w in unicodedata.normalize("NFC", BIDI_CONTROLS.sub("", text)).split():
        out += re.findall(f"{CJK}|(?:(?!{CJK}).)+", w)
    return [t for t in out if t != "\u2022"]  # list bullets are not words


# Right-to-left text, as pdftotext and mutool read it back.  Both order a
# right-to-left line by their own rules, which put punctuation on the wrong
# side of the word it follows, whatever the PDF holds (Chromium's PDFs of
# the same texts come out the same):
#   - pdftotext (poppler 22) reorders a line with a simplified bidi that
#     counts '.' ',' ':' as numbers and other neutrals as left to right, so
#     'والبقاء. وتساعد' comes back 'والبقاء .وتساعد' and '(NET).' as
#     '( .)NET'; on a page it finds mostly left to right (a letter with an
#     Urdu paragraph) it gives a line's right-to-left stretches in visual
#     order, so words either side of a number swap places;
#   - mutool (MuPDF 1.21, whose stext device has "TODO: handle RTL
#     visual/logical ordering") starts a new line where a left-to-right run
#     begins, or its neutral punctuation ends, far from the pen, so '(NET).'
#     comes back '( NET ).'.
# So in right-to-left text these two are checked on the words themselves
# (letters, marks and digits: punctuation, brackets and symbols taken out,
# a word split where its script changes): in order with mutool, which keeps
# drawing order, and with pdftotext every word present, in any order (on a
# page it finds mostly left to right, a leaflet's English 'About this
# leaflet' page, it orders a right-to-left line's stretches visually).  The
# exact text, punctuation and order included, is checked through the
# structure tree, which holds it in reading order.
def rtl_words(text):
    out = []
    for w in unicodedata.normalize("NFC", BIDI_CONTROLS.sub("", text)).split():
        w = "".join(c if unicodedata.category(c)[0] in "LMN" or c == "\u200c" else " " for c in w)
        for part in w.split():
            out += [m for m in re.findall(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff"
                                          r"\ufe70-\ufeff\u200c]+|[^\u0600-\u06ff\u0750-\u077f"
                                          r"\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff\u200c]+", part)]
    return out


def inline_text(s):
    """Running text as printed: markup taken away (the test texts use only
    **strong** and {term}; a link would print its address too)."""
    s = str(s)
    assert "](" not in s, f"test texts hold no links: {s}"
    s = re.sub(r"\\(.)", r"\1", s.replace("**", ""))
    return re.sub(r"\{([^}]*)\}", r"\1", s)


def block_texts(blocks):
    """Each printed block of a body, in order, as text."""
    out = []
    for b in blocks:
        if isinstance(b, str):
            out.append(inline_text(b))
            continue
        key = next(k for k in b if k != "lang")
        v = b[key]
        if key in ("p", "h2", "h3", "h4"):
            out.append(inline_text(v))
        elif key in ("list", "steps"):
            for item in v:
                out += block_texts(item) if isinstance(item, list) else [inline_text(item)]
        elif key == "callout":
            out += block_texts(v) if isinstance(v, list) else [inline_text(v)]
        else:
            raise ValueError(f"test leaflets hold no '{key}' block")
    return out


def page_tokens(text, split=tokens):
    """Extracted text (pages separated by form feeds) as (word, page)."""
    return [(t, p) for p, page in enumerate(text.split("\f")) for t in split(page)]


def match_block(flat, start, want):
    """Where the words 'want' run on from flat[start:] without a gap, but
    for a page's footer and the next page's head between two of them.
    Returns (end, None) or (None, how far the best attempt got)."""
    best = (0, start)
    for s in range(start, len(flat)):
        if flat[s][0] != want[0]:
            continue
        i, j = 1, s + 1
        while i < len(want):
            if j < len(flat) and flat[j][0] == want[i]:
                i, j = i + 1, j + 1
                continue
            # a page break between want[i-1] and want[i]: skip what ends the
            # page (its footer) and up to 12 words that open the next
            page = flat[j - 1][1]
            nxt = next((k for k in range(j, min(len(flat), j + 40)) if flat[k][1] > page), None)
            hit = None if nxt is None else next(
                (k for k in range(nxt, min(len(flat), nxt + 12)) if flat[k][0] == want[i]), None)
            if hit is None:
                break
            j = hit
        if i == len(want):
            return j, None
        if i > best[0]:
            best = (i, j)
    return None, best


def words_in_order(text, blocks, split=tokens):
    """Every block's words found in 'text', in order; '' or what differs."""
    flat, pos = page_tokens(text, split), 0
    for n, block in enumerate(blocks):
        want = split(block)
        if not want:
            continue
        end, best = match_block(flat, pos, want)
        if end is None:
            got_i, at = best
            return (f"block {n + 1} of {len(blocks)}: after {' '.join(want[max(0, got_i - 3):got_i])!r} "
                    f"expected {' '.join(want[got_i:got_i + 4])!r}, found "
                    f"{' '.join(t for t, _ in flat[at:at + 6])!r}")
        pos = end
    return ""


# ---- the PDF read back --------------------------------------------------

def stext_chars(pdf):
    """MuPDF's characters per page: dicts with c, origin x, box x0..x1,
    baseline y (from the top), font name and size."""
    res = read(["mutool", "draw", "-q", "-F", "stext", "-o", "-", pdf])
    try:
        root = ET.fromstring(res.stdout)
    except ET.ParseError:
        return []
    pages = []
    for page in root.iter("page"):
        chars = []
        for font in page.iter("font"):
            for c in font.iter("char"):
                quad = [float(v) for v in c.get("quad").split()]
                chars.append({"c": c.get("c", ""), "x": float(c.get("x")), "y": float(c.get("y")),
                              "x0": min(quad[0::2]), "x1": max(quad[0::2]),
                              "font": font.get("name"), "size": float(font.get("size"))})
        pages.append(chars)
    return pages


def on_baseline(chars, y):
    return [c for c in chars if abs(c["y"] - y) < 0.3]


def ink(chars):
    return [c for c in chars if c["c"].strip()]


def mat_mul(a, b):
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


class Structure:
    """The structure tree (pikepdf): each element with its type, parent,
    children and language (its own /Lang, else its nearest ancestor's, else
    the catalog's), and, read from the content streams, the text of its
    marked content (through the fonts' ToUnicode maps, or /ActualText
    where a marked sequence carries one, ISO 32000-1 14.9.4) and the
    baselines it is drawn on, per page."""

    def __init__(self, pdf):
        self.doc = pikepdf.open(pdf)
        root = self.doc.Root
        self.lang = str(root.get("/Lang", ""))
        self.elements = []
        self.index = {}
        self.pieces = []  # (element, text) in content order
        tree = root.get("/StructTreeRoot")
        if tree is not None:
            for k in self._kids(tree):
                self._walk(k, None, self.lang)
            self._read_content(tree)

    @staticmethod
    def _kids(node):
        kids = node.get("/K")
        return kids if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]

    def _walk(self, el, parent, lang):
        if not isinstance(el, pikepdf.Dictionary) or "/S" not in el:
            return  # marked-content and object references
        lang = str(el.get("/Lang", lang))
        me = len(self.elements)
        self.index[el.objgen] = me
        self.elements.append({"S": str(el.S)[1:], "parent": parent, "kids": [], "lang": lang,
                              "lines": {}})
        if parent is not None:
            self.elements[parent]["kids"].append(me)
        for k in self._kids(el):
            self._walk(k, me, lang)

    def _read_content(self, tree):
        nums = {}

        def number_tree(node):
            a = node.get("/Nums", [])
            nums.update({int(a[i]): a[i + 1] for i in range(0, len(a) - 1, 2)})
            for kid in node.get("/Kids", []):
                number_tree(kid)
        if "/ParentTree" in tree:
            number_tree(tree.ParentTree)
        cmaps = {}
        for pno, page in enumerate(self.doc.pages):
            owners = nums.get(int(page.obj.get("/StructParents", -1)))
            fonts = page.resources.get("/Font", {})
            top = float(page.mediabox[3])
            ctm, saved, tm, tlm, leading = [1, 0, 0, 1, 0, 0], [], None, None, 0.0
            font, marks, last = None, [], {}
            for operands, op in pikepdf.parse_content_stream(page):
                op = str(op)
                if op == "q":
                    saved.append(ctm)
                elif op == "Q" and saved:
                    ctm = saved.pop()
                elif op == "cm":
                    ctm = mat_mul([float(v) for v in operands], ctm)
                elif op == "BT":
                    tm = tlm = [1, 0, 0, 1, 0, 0]
                elif op in ("Td", "TD"):
                    leading = -float(operands[1]) if op == "TD" else leading
                    tm = tlm = mat_mul([1, 0, 0, 1, float(operands[0]), float(operands[1])], tlm)
                elif op == "Tm":
                    tm = tlm = [float(v) for v in operands]
                elif op == "TL":
                    leading = float(operands[0])
                elif op in ("T*", "'", '"'):
                    tm = tlm = mat_mul([1, 0, 0, 1, 0, -leading], tlm)
                elif op == "Tf":
                    font = fonts.get(str(operands[0]))
                elif op in ("BDC", "BMC"):
                    props = operands[1] if op == "BDC" else None
                    if isinstance(props, pikepdf.Name) and "/Properties" in page.resources:
                        props = page.resources.Properties.get(str(props))
                    is_dict = isinstance(props, pikepdf.Dictionary)
                    mcid = int(props.MCID) if is_dict and "/MCID" in props else None
                    actual = str(props.ActualText) if is_dict and "/ActualText" in props else None
                    marks.append((mcid, actual))
                    owner = self._owner(owners, marks)
                    if actual is not None and owner is not None:
                        self.pieces.append((owner, actual))
                elif op == "EMC" and marks:
                    marks.pop()
                if op not in ("Tj", "TJ", "'", '"') or tm is None:
                    continue
                owner = self._owner(owners, marks)
                if owner is None:
                    continue
                y = round(top - mat_mul(tm, ctm)[5], 1)
                if last.get(owner) not in (None, y):
                    self.pieces.append((owner, " "))  # a new line is a new word
                last[owner] = y
                self.elements[owner]["lines"].setdefault(pno, set()).add(y)
                if any(a is not None for _, a in marks):
                    continue  # the text is the /ActualText
                shown = operands[-1] if op != "TJ" else [s for s in operands[0] if isinstance(s, pikepdf.String)]
                for s in ([shown] if op != "TJ" else shown):
                    self.pieces.append((owner, self._decode(font, bytes(s), cmaps)))

    def _owner(self, owners, marks):
        """The element owning the innermost marked sequence with an MCID."""
        mcid = next((m for m, _ in reversed(marks) if m is not None), None)
        if owners is None or mcid is None or mcid >= len(owners):
            return None
        return self.index.get(owners[mcid].objgen)

    @staticmethod
    def _decode(font, data, cmaps):
        if font is None or "/ToUnicode" not in font:
            return "\ufffd" * len(data)
        key = font.objgen
        if key not in cmaps:
            cmaps[key] = CMap(font.ToUnicode.read_bytes())
        cmap = cmaps[key]
        if font.get("/Subtype") != "/Type0":
            codes = list(data[i:i + 1] for i in range(len(data)))
        elif str(font.get("/Encoding")) in ("/Identity-H", "/Identity-V"):
            codes = [data[i:i + 2] for i in range(0, len(data), 2)]
        else:
            codes = cmap.split_codes(data)
        return "".join(cmap.lookup(c) or "\ufffd" for c in codes)

    BLOCKS = {"P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "Lbl", "LBody", "TH", "TD",
              "Caption"}

    def reading_text(self):
        """All the structure's text in content order, as a reader gets it:
        a new line where one block element's text ends and another's
        starts (a line, or a word, is no block)."""
        out, last = [], None
        for owner, t in self.pieces:
            block = owner
            while block is not None and self.elements[block]["S"] not in self.BLOCKS:
                block = self.elements[block]["parent"]
            if last is not None and block != last:
                out.append("\n")
            out.append(t)
            last = block
        return "".join(out)

    def subtree(self, e):
        yield e
        for k in self.elements[e]["kids"]:
            yield from self.subtree(k)

    def text(self, e):
        """What the element and everything in it say, in content order."""
        mine = set(self.subtree(e))
        return "".join(t for owner, t in self.pieces if owner in mine)

    def lines(self, e):
        """{page: baselines} of the element and everything in it."""
        out = {}
        for k in self.subtree(e):
            for pno, ys in self.elements[k]["lines"].items():
                out.setdefault(pno, set()).update(ys)
        return out

    def parent_type(self, e):
        p = self.elements[e]["parent"]
        return self.elements[p]["S"] if p is not None else ""


# ---- HarfBuzz, as the engine shapes -------------------------------------

class HbGlyphInfo(ctypes.Structure):
    _fields_ = [("codepoint", ctypes.c_uint32), ("mask", ctypes.c_uint32),
                ("cluster", ctypes.c_uint32), ("var1", ctypes.c_uint32), ("var2", ctypes.c_uint32)]


class HbGlyphPosition(ctypes.Structure):
    _fields_ = [("x_advance", ctypes.c_int32), ("y_advance", ctypes.c_int32),
                ("x_offset", ctypes.c_int32), ("y_offset", ctypes.c_int32), ("var", ctypes.c_uint32)]


class HbFeature(ctypes.Structure):
    _fields_ = [("tag", ctypes.c_uint32), ("value", ctypes.c_uint32),
                ("start", ctypes.c_uint), ("end", ctypes.c_uint)]


class HarfBuzz:
    """A font file shaped with libharfbuzz at its units per em."""

    def __init__(self, path, index=0):
        hb = ctypes.CDLL(ctypes.util.find_library("harfbuzz") or "libharfbuzz.so.0")
        vp = ctypes.c_void_p
        for name, res, args in (
                ("hb_blob_create_from_file", vp, [ctypes.c_char_p]),
                ("hb_face_create", vp, [vp, ctypes.c_uint]),
                ("hb_face_get_upem", ctypes.c_uint, [vp]),
                ("hb_font_create", vp, [vp]),
                ("hb_font_set_scale", None, [vp, ctypes.c_int, ctypes.c_int]),
                ("hb_buffer_create", vp, []),
                ("hb_buffer_destroy", None, [vp]),
                ("hb_buffer_add_utf8", None, [vp, ctypes.c_char_p, ctypes.c_int, ctypes.c_uint, ctypes.c_int]),
                ("hb_buffer_guess_segment_properties", None, [vp]),
                ("hb_shape", None, [vp, vp, ctypes.POINTER(HbFeature), ctypes.c_uint]),
                ("hb_buffer_get_glyph_infos", ctypes.POINTER(HbGlyphInfo), [vp, ctypes.POINTER(ctypes.c_uint)]),
                ("hb_buffer_get_glyph_positions", ctypes.POINTER(HbGlyphPosition),
                 [vp, ctypes.POINTER(ctypes.c_uint)]),
                ("hb_feature_from_string", ctypes.c_int, [ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(HbFeature)]),
                ("hb_ot_name_get_utf8", ctypes.c_uint,
                 [vp, ctypes.c_uint, vp, ctypes.POINTER(ctypes.c_uint), ctypes.c_char_p])):
            f = getattr(hb, name)
            f.restype, f.argtypes = res, args
        self.hb = hb
        self.face = hb.hb_face_create(hb.hb_blob_create_from_file(path.encode()), index)
        self.upem = hb.hb_face_get_upem(self.face)
        self.font = hb.hb_font_create(self.face)
        hb.hb_font_set_scale(self.font, self.upem, self.upem)
        size = ctypes.c_uint(128)
        buf = ctypes.create_string_buffer(128)
        hb.hb_ot_name_get_utf8(self.face, 6, None, ctypes.byref(size), buf)
        self.postscript_name = buf.value.decode()

    def shape(self, text, features=()):
        """(cluster's character index, glyph origin x, advance) per glyph,
        in font units."""
        hb = self.hb
        data = text.encode()
        starts = {len(text[:i].encode()): i for i in range(len(text))}
        feats = (HbFeature * max(1, len(features)))()
        for i, f in enumerate(features):
            hb.hb_feature_from_string(f.encode(), -1, ctypes.byref(feats[i]))
        buf = hb.hb_buffer_create()
        hb.hb_buffer_add_utf8(buf, data, len(data), 0, -1)
        hb.hb_buffer_guess_segment_properties(buf)
        hb.hb_shape(self.font, buf, feats, len(features))
        n = ctypes.c_uint()
        infos = hb.hb_buffer_get_glyph_infos(buf, ctypes.byref(n))
        pos = hb.hb_buffer_get_glyph_positions(buf, ctypes.byref(n))
        out, pen = [], 0
        for i in range(n.value):
            out.append((starts.get(infos[i].cluster), pen + pos[i].x_offset, pos[i].x_advance))
            pen += pos[i].x_advance
        hb.hb_buffer_destroy(buf)
        return out


# ---- the checks ---------------------------------------------------------

def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def style(fmt):
    s = load_yaml(os.path.join(CONTENT, "styles", f"{fmt}.yaml"))
    s["margin_list"] = [float(m) * MM for m in s["margins"]]
    return s


_faces = {}


def face(st, key="regular"):
    """A face of a style, shaped with HarfBuzz; font paths are relative to
    the folder holding the content folder, as leaflet reads them."""
    path = st["fonts"][key]
    path = path if os.path.isabs(path) else os.path.join(os.path.dirname(CONTENT), path)
    if path not in _faces:
        _faces[path] = HarfBuzz(path)
    return _faces[path]


def footer_top(pdf, st):
    _, h = page_box(pdf)
    return h - (st["margin_list"][2] + 2 * st["body_size"] * st["line_spacing"] + st["body_size"])


def page_texts(pdf):
    return {"pdftotext": read(["pdftotext", pdf, "-"]),
            "mutool": read(["mutool", "draw", "-q", "-F", "txt", "-o", "-", pdf])}


def words_present(text, blocks):
    """Every word of the blocks among the words of 'text' (as many times
    as the blocks hold it), in any order: '' or the words missing."""
    have = {}
    for w in rtl_words(text):
        have[w] = have.get(w, 0) + 1
    missing = []
    for block in blocks:
        for w in rtl_words(block):
            if have.get(w, 0) > 0:
                have[w] -= 1
            else:
                missing.append(w)
    return f"words not found: {missing[:8]}" if missing else ""


def check_words(label, pdf, blocks, rtl=False):
    for tool, res in page_texts(pdf).items():
        if res.returncode != 0:
            diff = res.stderr
        elif rtl and tool == "pdftotext":
            diff = words_present(res.stdout, blocks)
        else:
            diff = words_in_order(res.stdout, blocks, rtl_words if rtl else tokens)
        what = ("every word, in order" if not rtl else
                "every word (punctuation aside, in any order: see rtl_words())" if tool == "pdftotext"
                else "every word (punctuation aside: see rtl_words()), in order")
        check(f"{label}: {tool} gives back {what}", not diff, diff)
    struct = Structure(pdf)
    text = struct.reading_text()
    diff = words_in_order(text, blocks)
    check(f"{label}: the structure tree's text gives back every word exactly, in order",
          bool(struct.elements) and not diff, diff if struct.elements else "no structure tree")


def check_fonts(label, pdf, lang, st):
    res = read(["pdffonts", pdf])
    rows = res.stdout.splitlines()[2:]
    bad = [r for r in rows if not re.search(r"\byes\s+yes\s+yes\b", r)]
    faces = SCRIPT_FACES.get(lang.lower(), SCRIPT_FACES.get(lang.split("-")[0].lower(),
                                                          (face(st).postscript_name,)))
    names = [r.split()[0] for r in rows]
    have = any(f.lower() in n.lower() for n in names for f in faces)
    check(f"{label}: every font embedded and subset with a Unicode map, {' or '.join(faces)} among them",
          res.returncode == 0 and rows and not bad and have,
          f"fonts {sorted(set(names))[:8]}; not embedded, subset and mapped: {bad[:4]} {res.stderr}")
    # Chinese in its own face only: a Traditional leaflet's punctuation
    # beside Latin text ("（NET）。") came from the Simplified face
    other = {"zh-hans": "NotoSansCJKtc", "zh-hant": "NotoSansCJKsc"}.get(lang.lower())
    if other:
        check(f"{label}: no {other} (the other Chinese face) embedded",
              not any(other.lower() in n.lower() for n in names), sorted(set(names)))


def check_cjk_font(label, pdf, lang):
    want = SCRIPT_FACES[lang.lower()][0]
    found = []
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            for _, font in page.resources.get("/Font", {}).items():
                name = str(font.get("/BaseFont", ""))
                if want.lower() not in name.lower():
                    continue
                desc = font.get("/DescendantFonts", [None])[0]
                ff3 = desc.get("/FontDescriptor", {}).get("/FontFile3") if desc is not None else None
                found.append((name, str(font.get("/Subtype")),
                              str(desc.get("/Subtype")) if desc is not None else None,
                              str(ff3.get("/Subtype")) if ff3 is not None else None))
    ok = found and all(re.match(r"^/[A-Z]{6}\+", n) and t == "/Type0" and d == "/CIDFontType0"
                       and f in ("/CIDFontType0C", "/OpenType") for n, t, d, f in found)
    check(f"{label}: {want} embedded as a subset CFF CID font (CIDFontType0)", ok,
          f"(BaseFont, Subtype, descendant, FontFile3): {sorted(set(found))}" if found else "no such font")


def paragraph_lines(struct, chars_by_page, script_re, size):
    """Paragraphs (P elements not in a list item) drawn in a script, each
    as its lines in reading order: (page, baseline, characters by x).
    Text drawn less than half the body size above or below a line (marks
    placed by their own text operator) belongs to that line."""
    out = []
    for e, info in enumerate(struct.elements):
        if info["S"] != "P" or struct.parent_type(e) == "LBody":
            continue
        lines = []
        for pno, ys in sorted(struct.lines(e).items()):
            if pno >= len(chars_by_page):
                continue
            groups = []
            for y in sorted(ys):
                if groups and y - groups[-1][-1] < size / 2:
                    groups[-1].append(y)
                else:
                    groups.append([y])
            for g in groups:
                cs = [c for y in g for c in ink(on_baseline(chars_by_page[pno], y))]
                cs = sorted({id(c): c for c in cs}.values(), key=lambda c: c["x0"])
                if cs:
                    lines.append((pno, g[0], cs))
        if any(script_re.search(c["c"]) for _, _, cs in lines for c in cs):
            out.append(lines)
    return out


def check_rtl(label, pdf, st, chars_by_page, struct):
    w, _ = page_box(pdf)
    right = w - st["margin_list"][1]
    paras = paragraph_lines(struct, chars_by_page, ARABIC, st["body_size"])
    off = [(pno + 1, y, round(cs[-1]["x1"], 2)) for lines in paras for pno, y, cs in lines
           if abs(cs[-1]["x1"] - right) > 1.0]
    n = sum(len(lines) for lines in paras)
    check(f"{label}: every line of every paragraph has its right edge at the right margin "
          f"({len(paras)} paragraphs, {n} lines)", n > 0 and not off,
          f"margin at {right:.2f}; (page, baseline, right edge): {off[:6]}" if n
          else "no right-to-left paragraph found through the structure tree")
    check_page_numbers(label, pdf, st, left=True)
    # the left-to-right names inside read left to right where they are drawn
    visual = ["".join(c["c"] for c in sorted(ink(on_baseline(chars, y)), key=lambda c: c["x0"]))
              for chars in chars_by_page for y in sorted({round(c["y"], 1) for c in chars})]
    missing = [name for name in ("sunitinib", "(Sutent)", "everolimus", "(Afinitor)")
               if not any(name in line for line in visual)]
    check(f"{label}: 'sunitinib (Sutent)' and 'everolimus (Afinitor)' read left to right inside "
          f"the right-to-left lines", not missing, f"not found reading a line from left to right: {missing}")


def check_page_numbers(label, pdf, st, left):
    """The page number in every page's footer is on the left half of the
    page (right to left) or the right half (left to right)."""
    w, _ = page_box(pdf)
    top = footer_top(pdf, st)
    pages = re.findall(r"<page .*?</page>", read(["pdftotext", "-bbox", pdf, "-"]).stdout, re.S)
    wrong = []
    for pno, page in enumerate(pages, 1):
        forms = {str(pno).translate(str.maketrans("0123456789", d)) for d in DIGITS}
        hits = [(round(float(x0), 1), round(float(x1), 1)) for x0, y0, x1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', page)
            if float(y0) > top and word in forms]
        if not hits or any((x1 > w / 2) if left else (x0 < w / 2) for x0, x1 in hits):
            wrong.append((pno, hits))
    side = "left (mirrored)" if left else "right"
    check(f"{label}: page numbers on the {side}", pages and not wrong,
          f"(page, its number's x extent in the footer): {wrong}")


def check_cjk(label, pdf, st, chars_by_page, struct):
    w, _ = page_box(pdf)
    left, right = st["margin_list"][3], w - st["margin_list"][1]
    size = st["body_size"]
    paras = paragraph_lines(struct, chars_by_page, re.compile(CJK), size)
    starts, past, short = [], [], []
    for lines in paras:
        for n, (pno, y, cs) in enumerate(lines):
            text = "".join(c["c"] for c in cs)
            if cs[0]["c"] in CLOSING:
                starts.append((pno + 1, text[:8]))
            if cs[-1]["x1"] > right + 0.5 or cs[0]["x0"] < left - 0.5:
                past.append((pno + 1, text[:8], round(cs[0]["x0"], 2), round(cs[-1]["x1"], 2)))
            # room left for two more characters, and the next line opens
            # with one: the line did not break between characters
            following = lines[n + 1][2][0]["c"] if n < len(lines) - 1 else ""
            if re.match(CJK, following) and right - cs[-1]["x1"] > 2 * size + 0.5:
                short.append((pno + 1, text[-6:], round(cs[-1]["x1"], 2), following))
    multi = sum(len(lines) > 1 for lines in paras)
    n = sum(len(lines) for lines in paras)
    check(f"{label}: lines break between characters, none ends short of the margin before a "
          f"character that fits ({multi} paragraphs of two lines or more)", multi > 0 and not short,
          f"margin at {right:.2f}; (page, line's end, its right edge, next line's first): {short[:5]}" if multi
          else "no Chinese paragraph of two lines found through the structure tree")
    check(f"{label}: no line starts with closing punctuation ({n} lines)", n > 0 and not starts,
          str(starts[:5]) if n else "no Chinese paragraph found through the structure tree")
    check(f"{label}: no line runs past a margin ({n} lines)", n > 0 and not past,
          f"margins {left:.2f} and {right:.2f}: {past[:5]}" if n else "no lines")


def words_on_lines(chars):
    """Runs of consecutive characters with no space between, on one line:
    a character starting more than a quarter of an em past the end of the
    one before (a list's bullet and its text, in separate stext lines with
    no space character between) starts a new word."""
    word = []
    for c in chars + [{"c": " ", "y": None}]:
        if c["c"].strip() and (not word or (abs(c["y"] - word[-1]["y"]) < 0.3 and
                                            c["x0"] - word[-1]["x1"] < 0.25 * c["size"])):
            word.append(c)
            continue
        if len(word) > 1:
            yield word
        word = [c] if c["c"].strip() else []


def check_kerning(label, st, chars_by_page):
    body = face(st)
    size = st["body_size"]
    scale = size / body.upem
    mine = [[c for c in chars if c["font"] and body.postscript_name.startswith(c["font"])
             and abs(c["size"] - size) < 0.01] for chars in chars_by_page]
    # each letter of each word at HarfBuzz's advances for the word, in the
    # regular face or, for a bold word, the bold one: MuPDF keeps a font's
    # name in 31 bytes, so both faces' subsets ('TZAGTH+AtkinsonHyperlegible
    # Next-Regular' and '...-Bold') are named 'AtkinsonHyperlegibleNext'
    bold = face(st, "bold")
    letters, kerned, wrong = 0, 0, []
    for chars in mine:
        for word in words_on_lines(chars):
            text = "".join(c["c"] for c in word)
            misses = []
            for f in (body, bold):
                plain = {k: x for k, x, _ in f.shape(text, ["-kern"]) if k}
                moved, miss = 0, []
                for k, x, _ in f.shape(text):
                    if not k:
                        continue
                    moved += plain.get(k, x) != x
                    got = word[k]["x"] - word[0]["x"]
                    if abs(got - x * scale) > 0.02:
                        miss.append((text, text[k], round(got, 3), round(x * scale, 3)))
                misses.append((miss, moved))
                if not miss:
                    break
            miss, moved = misses[-1] if not misses[-1][0] else misses[0]
            letters += sum(1 for k, _, _ in body.shape(text) if k)
            kerned += moved
            wrong += miss
    check(f"{label}: every letter at HarfBuzz's advances for its word ({letters} letters, "
          f"{kerned} of them moved by kerning)", letters > 0 and kerned > 0 and not wrong,
          f"{len(wrong)} letters elsewhere; (word, letter, x from the word's start in the PDF, "
          f"HarfBuzz's x): {wrong[:4]}")
    for pair, word in (("Yo", "You"), ("Ta", "Targeted")):
        kern = body.shape(word)[1][1] * scale
        plain = body.shape(word, ["-kern"])[1][1] * scale
        got = next((b["x"] - a["x"] for chars in mine for a, b in zip(chars, chars[1:])
                    if a["c"] + b["c"] == pair and abs(a["y"] - b["y"]) < 0.3), None)
        check(f"{label}: '{pair}' of '{word}' set {kern:.3f} pt apart, kerned (unkerned {plain:.3f} pt)",
              got is not None and abs(got - kern) < 0.02 and abs(plain - kern) > 0.3,
              f"in the PDF {got:.3f} pt" if got is not None else f"no '{pair}' in the body text")


def check_welsh(label, st, chars_by_page):
    faces = [face(st, k).postscript_name for k in ("regular", "bold")]
    seen = {}
    for chars in chars_by_page:
        for c in chars:
            if c["c"] in WELSH_LETTERS:
                seen.setdefault(c["c"], set()).add(c["font"])
    missing = [ch for ch in WELSH_LETTERS if ch not in seen]
    wrong = {ch: sorted(names) for ch, names in seen.items() if not all(
        n and any(f.startswith(n) for f in faces) for n in names)}
    check(f"{label}: {' '.join(WELSH_LETTERS)} drawn from the body face ({' or '.join(faces)})",
          not missing and not wrong, f"not drawn: {missing}; drawn from other faces: {wrong}")


def check_lang_elements(label, pdf, parts):
    """Each (lang, text) of 'parts' is a structure element whose text is
    'text' and whose language is 'lang', and pdftotext and mutool read the
    text whole."""
    struct = Structure(pdf)
    pages = {tool: " ".join(tokens(res.stdout)) for tool, res in page_texts(pdf).items()}
    for lang, text in parts:
        want = tokens(text)
        langs = sorted({el["lang"] for e, el in enumerate(struct.elements) if tokens(struct.text(e)) == want})
        check(f"{label}: the {lang} part is a structure element with /Lang {lang}",
              any(la.lower() == lang.lower() for la in langs),
              f"languages of the elements whose text it is: {langs}")
        if lang.split("-")[0].lower() in RTL_LANGUAGES:
            # right to left: the words, in order with mutool, present with
            # pdftotext (which gives a line's stretches in visual order on a
            # page it finds left to right): see rtl_words()
            words = rtl_words(text)
            got = {tool: rtl_words(res.stdout) for tool, res in page_texts(pdf).items()}
            bad = [tool for tool, t in got.items() if
                   ((f" {' '.join(words)} " not in f" {' '.join(t)} ") if tool == "mutool"
                    else any(t.count(w) < words.count(w) for w in words))]
            check(f"{label}: the {lang} part copies out (its words; punctuation and, with "
                  f"pdftotext, order aside: see rtl_words())", not bad, f"not read whole by {bad}: {text}")
            continue
        bad = [tool for tool, t in pages.items() if f" {' '.join(want)} " not in f" {t} "]
        check(f"{label}: the {lang} part copies out exactly", not bad, f"not read whole by {bad}: {text}")


def words_for(lang):
    """The program's words for 'lang' from the content's words/ folder, as
    leaflet looks them up (BCP 47: the tag, then less its last subtag), or
    None (the built-in English)."""
    tag = lang
    while tag:
        for name in os.listdir(os.path.join(CONTENT, "words")):
            if name.lower() == f"{tag.lower()}.yaml":
                return load_yaml(os.path.join(CONTENT, "words", name))
        tag = tag.rpartition("-")[0]
    return None


def fill(word, zero="0", **values):
    """A word with its fields filled in; numbers in the digits whose 0 is
    'zero' (a words file's 'digits')."""
    def value(v):
        return "".join(chr(ord(zero) + int(c)) for c in str(v)) if isinstance(v, int) else v
    return re.sub(r"\{(\w+)\}", lambda m: value(values[m.group(1)]), word)


def check_element_languages(label, struct, leaflet, lang):
    """A screen reader speaks each block in the language the structure
    gives it (its own /Lang, else an ancestor's, else the catalog's): the
    leaflet's own blocks (those with no 'lang:') in the leaflet's language,
    and the program's own words ("About this leaflet" and the labels of its
    table) in the leaflet's language where the content's words/ has it,
    else in English."""
    want = lang.lower()
    untagged = [inline_text(b if isinstance(b, str) else next(v for k, v in b.items() if k != "lang"))
                for b in leaflet["body"] if isinstance(b, str) or "lang" not in b]
    found, wrong = 0, []
    for text in untagged:
        toks = tokens(text)
        langs = {el["lang"].lower() for e, el in enumerate(struct.elements)
                 if el["S"] in ("P", "H1", "H2", "H3", "H4") and tokens(struct.text(e)) == toks}
        found += bool(langs)
        wrong += [(text[:40], la) for la in langs if la != want]
    check(f"{label}: the leaflet's own blocks are in {lang} in the structure",
          found and not wrong, f"{found} of {len(untagged)} found; in another language: {wrong[:3]}")
    if want.split("-")[0] == "en":
        return
    words = words_for(lang)
    about_text = words["about"] if words else "About this leaflet"
    label_texts = (words["last_reviewed"], words["version"]) if words else ("Last reviewed", "Version")
    in_lang = want if words else "en-gb"
    about = [el["lang"] for e, el in enumerate(struct.elements)
             if el["S"] == "H2" and tokens(struct.text(e)) == tokens(about_text)]
    labels = [el["lang"] for e, el in enumerate(struct.elements)
              if el["S"] == "TH" and tokens(struct.text(e)) in [tokens(t) for t in label_texts]]
    check(f"{label}: \"{about_text}\" and its labels {label_texts} are in {in_lang}"
          f"{' (words/)' if words else ' (no words/ file: the built-in English)'}",
          about and len(labels) == 2 and all(la.lower() == in_lang for la in about + labels),
          f"heading {about}, labels {labels}")


def check_footer_words(label, pdf, lang, rtl):
    """The footer's page number and review date in the leaflet's words (the
    content's words/, else English): as mutool reads the first page."""
    words = words_for(lang)
    if not words:
        return
    with pikepdf.open(pdf) as doc:
        pages = len(doc.pages)
    months, zero = words["months"], words.get("digits", "0")[0]
    date = fill(words["date"], zero, day=26, month=months[1], year=2028)  # the test leaflets' next review
    want = [fill(words["page"], zero, page=1, pages=pages), fill(words["next_review"], date=date)]
    res = read(["mutool", "draw", "-q", "-F", "txt", "-o", "-", pdf, "1"])
    split = rtl_words if rtl else tokens
    have = " " + " ".join(split(res.stdout)) + " "
    # the words of each in order; not necessarily whole at their ends:
    # mutool joins a right-to-left footer line's two parts without a space
    # ("...۲۰۲۸صفحه ۱ از ۱"), as it did before the words were Persian
    missing = [w for w in want if ' '.join(split(w)) not in have]
    check(f"{label}: the footer says {want} (words/{lang})", res.returncode == 0 and not missing,
          f"not on page 1: {missing}")


def check_letter(tmp):
    """The covering letter's statement, through `leaflet mail`."""
    letter = load_yaml(LETTER)
    parts = [(b["lang"], b["p"]) for b in letter["body"] if isinstance(b, dict)]
    csv = os.path.join(tmp, "requests.csv")
    with open(csv, "w", encoding="utf-8") as f:
        f.write("ref,name,address_1,town,postcode,leaflet,tumour,format\n"
                "S1,Alex Example,1 Test Street,Testtown,AB1 2CD,net-drugs-overview,,standard\n"
                "S2,Sam Example,2 Test Street,Testtown,AB1 2CD,net-drugs-overview-ur,,standard\n"
                "S3,Cai Example,3 Test Street,Testtown,AB1 2CD,net-drugs-overview-cy,,standard\n")
    out = os.path.join(tmp, "mail")
    res = read([BIN, "mail", csv, "--content", CONTENT, "--out", out, "--today", TODAY])
    pdf = os.path.join(out, "requests", "S1.pdf")
    check("letter: `leaflet mail` writes the letter with its leaflet",
          res.returncode == 0 and os.path.exists(pdf), "\n     ".join(res.stderr.strip().splitlines()[:12]))
    urdu = os.path.join(out, "requests", "S2.pdf")
    if os.path.exists(urdu):
        # an English letter before an Urdu leaflet: each read in its language
        struct = Structure(urdu)
        dear = [el["lang"] for e, el in enumerate(struct.elements)
                if el["S"] == "P" and struct.text(e).startswith("Dear Sam Example")]
        check("letter before an Urdu leaflet: the letter is in English (en-GB)",
              dear and all(la.lower() == "en-gb" for la in dear),
              f"/Lang of its 'Dear ...' paragraph: {dear}; the document's: {struct.lang}")
        check_element_languages("letter before an Urdu leaflet: the leaflet", struct,
                                load_yaml(os.path.join(CONTENT, "leaflets", "net-drugs-overview-ur.yaml")),
                                "ur")
    else:
        check("letter before an Urdu leaflet: written", False, "no PDF")
    welsh = os.path.join(out, "requests", "S3.pdf")
    words = words_for("cy")
    today = [int(x) for x in TODAY.split("-")]
    date = fill(words["date"], day=today[2], month=words["months_long"][today[1] - 1], year=today[0])
    page = fill(words["page"], page=1, pages=1)
    text = read(["pdftotext", "-f", "1", "-l", "1", welsh, "-"]).stdout if os.path.exists(welsh) else ""
    check(f"letter in Welsh (letters/net-drugs-overview-cy.yaml): dated '{date}' and numbered "
          f"'{page}' in the words of words/cy.yaml", date in text and page in text, text[-400:])
    if os.path.exists(pdf):
        check_lang_elements("letter", pdf, parts)
        return
    for lang, _ in parts:
        check(f"letter: the {lang} part is a structure element with /Lang {lang}", False, "no PDF")
        check(f"letter: the {lang} part copies out exactly", False, "no PDF")


def check_leaflet(out, lid, leaflet, fmt, st, diagnostics):
    label = f"{lid} {fmt}"
    pdf = os.path.join(out, f"{lid}.{fmt}.pdf")
    lang = str(leaflet.get("language", "en-GB"))
    primary = lang.split("-")[0].lower()
    written = os.path.exists(pdf)
    said = [line for line in diagnostics.splitlines() if f"leaflets/{lid}.yaml:" in line]
    check(f"{label}: written", written, "\n     ".join(sorted(set(said))[:4]))
    if not written:
        return
    check_words(label, pdf, [inline_text(leaflet["title"])] + block_texts(leaflet["body"]),
                rtl=primary in RTL_LANGUAGES)
    check_fonts(label, pdf, lang, st)
    struct = Structure(pdf)
    check(f"{label}: the document's language is {lang}", struct.lang.lower() == lang.lower(),
          f"/Lang is {struct.lang!r}")
    check_element_languages(label, struct, leaflet, lang)
    check_footer_words(label, pdf, lang, primary in RTL_LANGUAGES)
    res = read([sys.executable, "tests/pdfua/check_pdfua.py", "-q", pdf])
    check(f"{label}: PDF/UA-1 (tests/pdfua/check_pdfua.py)", res.returncode == 0, res.stdout[-1500:])
    chars = stext_chars(pdf)
    if lid == "net-drugs-overview":
        check_kerning(label, st, chars)
        check_page_numbers(f"{label} (left to right, for comparison)", pdf, st, left=False)
    if primary in RTL_LANGUAGES:
        check_rtl(label, pdf, st, chars, struct)
    if primary == "zh":
        check_cjk(label, pdf, st, chars, struct)
        check_cjk_font(label, pdf, lang)
    if any(ch in WELSH_LETTERS for ch in str(leaflet)):
        check_welsh(label, st, chars)
    tagged = [(b["lang"], inline_text(next(v for k, v in b.items() if k != "lang")))
              for b in leaflet["body"] if isinstance(b, dict) and "lang" in b]
    if tagged:
        check_lang_elements(label, pdf, tagged)


def check_stacked_chinese(tmp):
    """At 36 pt the review facts go as a stacked list, "label: value": in
    Chinese the label takes the full-width colon, as the footer does, not
    ": " (it read "上次審核: 2025年2月26日")."""
    for lid, label in (("net-drugs-overview-zh-hant", "上次審核"),
                       ("net-drugs-overview-zh-hans", "上次审核")):
        out = os.path.join(tmp, "stacked-" + lid)
        res = read([BIN, "build", "--content", CONTENT, "--out", out, "--today", TODAY,
                    "--size", "36", lid])
        pdf = os.path.join(out, f"{lid}.36pt.pdf")
        text = read(["pdftotext", pdf, "-"]).stdout if os.path.exists(pdf) else ""
        check(f"{lid} 36pt: a stacked table's label ends in the full-width colon",
              res.returncode == 0 and label + "：" in text and label + ":" not in text,
              [l for l in text.splitlines() if label in l][:3] or res.stderr[-300:])


def main():
    tmp = tempfile.mkdtemp(prefix="leaflet-scripts-")
    try:
        out = os.path.join(tmp, "out")
        args = [BIN, "build", "--content", CONTENT, "--out", out, "--today", TODAY]
        for fmt in FORMATS:
            args += ["--format", fmt]
        res = read(args)
        check("build: every test leaflet in standard and large print, exit 0", res.returncode == 0,
              res.stderr.strip().splitlines()[-1] if res.stderr.strip() else "")
        leaflets = sorted(f[:-5] for f in os.listdir(os.path.join(CONTENT, "leaflets")) if f.endswith(".yaml"))
        for fmt in FORMATS:
            st = style(fmt)
            for lid in leaflets:
                check_leaflet(out, lid, load_yaml(os.path.join(CONTENT, "leaflets", f"{lid}.yaml")), fmt, st,
                              res.stderr)
        check_letter(tmp)
        check_stacked_chinese(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"scripts: {RESULTS['passed']} passed, {RESULTS['failed']} failed")
    sys.exit(1 if RESULTS["failed"] else 0)


if __name__ == "__main__":
    main()
