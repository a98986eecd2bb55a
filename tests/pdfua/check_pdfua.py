#!/usr/bin/python3
"""check_pdfua.py -- an independent PDF/UA-1 (ISO 14289-1) machine checker.

Usage: check_pdfua.py [-q|-v] FILE.pdf [FILE.pdf ...]

Reads each PDF with pikepdf (Debian: python3-pikepdf; run it with the
system /usr/bin/python3) and tests the machine-checkable conditions below.
It shares nothing with leaflet's C writer: every condition is re-derived
from ISO 14289-1, ISO 32000-1 and the Matterhorn Protocol (PDF Association),
whose failure-condition numbers label the output, one line per failure:

    FAIL 06-001 document has no /Metadata XMP stream

then "PASS FILE", or "FAILED FILE (N failures: IDS)", per file.  At most 12
lines are printed per checkpoint and file.  "WARN" lines are advice and do
not fail.  Exit status: 0 every file passed, 1 some failed, 2 bad usage.
-q prints only the verdict lines; -v adds an INFO line per file (PDF
version, and how many pages, elements, MCIDs, fonts, codes, annotations and
operators were checked).

Checkpoints covered (Matterhorn number: what is tested)
  01-003  an /Artifact sequence opens inside an MCID-tagged sequence
  01-004  an MCID-tagged sequence opens inside an /Artifact sequence
  01-005  a text-showing (Tj TJ ' ") or painting (f F f* S s B B* b b* sh,
          image Do, inline image) operator is inside neither an MCID
          sequence nor an Artifact sequence (form XObjects are followed);
          an MCID used in content is not owned by any structure element
          (via K integers or MCRs, /Pg from the element, its ancestors or
          the MCR) or has no/the wrong ParentTree entry; a structure
          element owns an MCID that no content of its page (or form) has;
          a page using MCIDs has no /StructParents; and the document-level
          causes: no
          /MarkInfo /Marked true, no /StructTreeRoot, empty /K, no
          /ParentTree
  01-007  /MarkInfo /Suspects true
  02-001  a structure element without /S, or whose type does not role-map
          to a standard PDF 1.7 structure type
  02-003  circular /RoleMap
  02-004  a standard structure type is remapped in /RoleMap
  06-001  no /Metadata stream, or not /Type /Metadata /Subtype /XML, or not
          well-formed XML
  06-002  XMP has no pdfuaid:part = 1 in namespace
          http://www.aiim.org/pdfua/ns/id/ (element or attribute form)
  06-003  XMP has no non-empty dc:title
  07-001  /ViewerPreferences has no /DisplayDocTitle
  07-002  /DisplayDocTitle is not true
  09-004  Table holds only TR THead TBody TFoot Caption, a Caption only as
          its first or last kid; TR sits in Table/THead/TBody/TFoot and
          holds only TH TD; TH/TD sit in TR; THead/TBody/TFoot sit in Table
          and hold only TR; a Table holds at most one THead, before any
          TR/TBody/TFoot, and a TFoot only as the last of its rows and row
          groups (one TFoot); Table, TR, THead, TBody, TFoot hold no MCID
          or MCR directly
  09-005  L holds only L LI Caption; LI sits in L and holds only Lbl LBody;
          LBody sits in LI; L and LI hold no MCID or MCR directly
  09-006  TOC holds only TOC TOCI Caption; TOCI sits in TOC
  09-007  Ruby holds exactly RB RT or RB RP RT RP; RB, RT, RP sit in Ruby;
          Ruby holds no MCID or MCR directly
  09-008  Warichu holds exactly WT or WP WT WP; WT, WP sit in Warichu;
          Warichu holds no MCID or MCR directly
  10-001  a code shown with a font has no mapping, or an empty one, or
          one holding U+FFFD (the replacement character: the text is
          lost), in its ToUnicode CMap (codes inside an /ActualText span
          too); or the
          ToUnicode CMap is not a bf CMap (cidrange, cidchar, notdefrange
          sections; unbalanced or malformed sections)
  11-001  no catalog /Lang (or not a language tag) and not every element
          declares /Lang; a structure element's /Lang, or a marked-content
          sequence's, that is not a language tag (its text's language
          cannot be determined)
  11-002  /Alt, /ActualText or /E with no language on the element, its
          ancestors or the catalog; a marked-content /ActualText (a /Span
          over glyphs whose text it gives) with no language on the
          sequence, the element owning the enclosing MCID, its ancestors
          or the catalog
  11-003  outline entries but no document language
  11-004  annotation /Contents but no document language
  11-006  XMP dc:language present but empty
  13-004  Figure without /Alt or /ActualText
  15-003  a TH without a /Scope of Row, Column or Both in a Table
          attribute (/A with /O /Table), unless its table is organized
          with Headers and IDs: some cell of the table has a /Headers
          attribute and the TH has a non-empty /ID (a /Scope that is
          present must still be one of the three)
  14-002  the first numbered heading (in tree order) is not H1
  14-003  a numbered heading level is skipped going deeper (H2 then H4)
  14-006  a node holds more than one H;  14-007  both H and Hn are used
  17-002  Formula without /Alt
  19-003  Note without /ID;  19-004  Note /ID not unique
  20-001, 20-002  optional-content configuration without /Name;  20-003 /AS
  21-001  embedded file specification (in the EmbeddedFiles name tree, or
          the /FS of a FileAttachment annotation) without both /F and /UF
  25-001  XFA with dynamicRender required
  26-001  encrypted, and the encryption dictionary has no integer /P
  26-002  encrypted, and bit 10 of /P (extract for accessibility) is clear,
          read from the encryption dictionary itself, whatever the
          revision; for a revision 2 handler, which predates bit 10 and
          whose readers go by bit 5, bit 5 (copy and extract) clear too
  28-002  annotation (not Widget, Link, PrinterMark, Popup) not referenced
          from an Annot element
  28-004  such an annotation has no /Contents and no /Alt on its element
  28-005  widget without /TU (own or field's) or /Alt
  28-006  annotation subtype not defined in ISO 32000-1
  28-007  TrapNet annotation
  28-008  page with annotations has no /Tabs;  28-009  /Tabs is not /S
  28-010  widget not referenced from a Form element
  28-011  Link annotation not referenced by an OBJR from a Link element, or
          its /StructParent missing or not leading back to that element;
          also a Link element holding no OBJR to a Link annotation, or
          an OBJR whose /Pg (its own or its element's) is not the page
          holding the annotation (28-010 for a widget, 28-002 for others)
  28-012  Link annotation without a non-empty /Contents
  28-017  PrinterMark annotation in the structure tree
  30-001  reference XObject;  30-002  form XObject with MCIDs painted twice
  31-004  CIDFontType2 /CIDToGIDMap neither /Identity nor a stream, or a
          stream of an odd number of bytes (two per CID)
  31-005  CIDFontType2 without /CIDToGIDMap
  31-006  Type 0 /Encoding CMap neither predefined (Table 118) nor embedded
  31-009  a font used for visible text is not embedded (no FontDescriptor,
          or no FontFile/FontFile2/FontFile3), or its program is of a kind
          its font type cannot use (ISO 32000-1 Table 126: a CIDFontType0
          takes FontFile3 /CIDFontType0C or /OpenType, a CIDFontType2
          FontFile2 or FontFile3 /OpenType); Tf naming a missing font; a
          FontFile2 program whose sfnt table directory cannot be read
          (not TrueType, a table outside the data, head/hhea/hmtx/loca
          too short for what they declare) or that lacks a head, hhea,
          hmtx or maxp table (ISO 32000-1 9.9)
  31-011  a shown CID maps to a GID beyond the embedded program's glyph
          count (TrueType maxp; CFF CharStrings, the CFF of an OpenType
          program included); a FontFile2 program without glyf or loca
  31-016  a CIDFontType2 with Identity-H/V: a shown CID's width in /W (or
          /DW, 1000 when absent) differs by more than 1 unit from its
          glyph's hmtx advance scaled to 1000/unitsPerEm (GID through the
          CIDToGIDMap; the composite glyphs leaflet makes per shaped
          cluster carry their cluster's advance in hmtx, so they too must
          agree)
  31-027  no /ToUnicode on a font that is not exempt (a Type 0 font is
          exempt only for Adobe-GB1/CNS1/Japan1/Korea1; simple fonts with
          MacRoman/MacExpert/WinAnsi encoding, non-symbolic TrueType and
          Type 1, and Type 1/3 with /Differences are taken as exempt)
  31-028  a shown code maps to U+0000;  31-029  ... to U+FEFF or U+FFFE
  31-030  a shown code selects glyph 0 (.notdef): Identity-H/V CID whose
          CIDToGIDMap entry (or CID itself, for /Identity) is 0; for a
          CIDFontType0, a CID that a CID-keyed CFF program's charset does
          not give a glyph (or, not CID-keyed, CID 0)
Not Matterhorn conditions, labelled with the nearest checkpoint:
  00-parse       the file, a content stream or an object cannot be read;
                 a page's or form's content does not parse to its end (qpdf
                 warns and skips: an unterminated string, a stray token, a
                 truncated or corrupt filter), or ends inside BT (no ET),
                 or has ET without BT or BT inside BT
  00-version     PDF header version below 1.4 (PDF/UA-1 builds on PDF 1.7)
  10-actualtext  a marked-content /ActualText that is not a text string
  01-mcbalance   BMC/BDC without EMC, or EMC without BMC/BDC, within one
                 page's (or form's) content
  01-mcid        an MCID used twice in one content stream, or owned by two
                 structure elements
  01-structtree  structure tree malformed (cycle, shared element, kid of the
                 wrong type, bad ParentTree node, MCID under the root)
  31-capheight   FontDescriptor without /CapHeight (required by ISO 32000-1
                 Table 122 for all but Type 3 fonts)
  13-bbox        a Figure with content and no Layout attribute /BBox of four
                 numbers, left below right and bottom below top (ISO
                 32000-1 Table 344: required for an illustration on one page)
  15-regular     a table whose rows hold different numbers of cells (none
                 spans rows or columns: /RowSpan, /ColSpan), so a cell's
                 headers cannot be found by its position
WARN (not failures): Info /Title differs from dc:title; dc:language does
not list the catalog /Lang; a ToUnicode bfrange spans more than its last
byte or carries past the last destination byte; a CIDFontType0 with a
/CIDToGIDMap (only a CIDFontType2 has one).
Not covered: the human checkpoints (reading order, semantics, contrast,
alternative text quality ...); 31-001..003, 31-007/008, 31-010,
31-012..015, 31-017..026 (CMap/font-program internals beyond the table
directory, glyph count and advances; .notdef for simple fonts); 31-016
for simple fonts, CFF programs (widths in charstrings) and encodings
other than Identity-H/V; 28-014/015/018, and 28-016 beyond /F and /UF;
whether a /Headers ID names a TH of the table; content inside annotation
appearance streams, Type 3 glyph procedures and tiling patterns.
"""

import io
import os
import re
import sys
import xml.etree.ElementTree as ET

try:
    import pikepdf
except ImportError:  # pragma: no cover
    sys.stderr.write("check_pdfua: needs pikepdf (Debian: apt-get install "
                     "python3-pikepdf; run with /usr/bin/python3)\n")
    sys.exit(2)

Name = pikepdf.Name
Dictionary = pikepdf.Dictionary
Array = pikepdf.Array
Stream = pikepdf.Stream

STANDARD_TYPES = frozenset("""
Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private
P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span
Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP
Figure Formula Form""".split())

ANNOT_SUBTYPES = frozenset("""
Text Link FreeText Line Square Circle Polygon PolyLine Highlight Underline
Squiggly StrikeOut Stamp Caret Ink Popup FileAttachment Sound Movie Widget
Screen PrinterMark TrapNet Watermark 3D Redact RichMedia Projection""".split())

# ISO 32000-1 9.7.5.2, Table 118: predefined CMaps.
PREDEFINED_CMAPS = frozenset("""
GB-EUC-H GB-EUC-V GBpc-EUC-H GBpc-EUC-V GBK-EUC-H GBK-EUC-V GBKp-EUC-H
GBKp-EUC-V GBK2K-H GBK2K-V UniGB-UCS2-H UniGB-UCS2-V UniGB-UTF16-H
UniGB-UTF16-V B5pc-H B5pc-V HKscs-B5-H HKscs-B5-V ETen-B5-H ETen-B5-V
ETenms-B5-H ETenms-B5-V CNS-EUC-H CNS-EUC-V UniCNS-UCS2-H UniCNS-UCS2-V
UniCNS-UTF16-H UniCNS-UTF16-V 83pv-RKSJ-H 90ms-RKSJ-H 90ms-RKSJ-V
90msp-RKSJ-H 90msp-RKSJ-V 90pv-RKSJ-H Add-RKSJ-H Add-RKSJ-V EUC-H EUC-V
Ext-RKSJ-H Ext-RKSJ-V H V UniJIS-UCS2-H UniJIS-UCS2-V UniJIS-UCS2-HW-H
UniJIS-UCS2-HW-V UniJIS-UTF16-H UniJIS-UTF16-V KSC-EUC-H KSC-EUC-V
KSCms-UHC-H KSCms-UHC-V KSCms-UHC-HW-H KSCms-UHC-HW-V KSCpc-EUC-H
UniKS-UCS2-H UniKS-UCS2-V UniKS-UTF16-H UniKS-UTF16-V Identity-H
Identity-V""".split())

TEXT_OPS = frozenset(["Tj", "TJ", "'", '"'])
PAINT_OPS = frozenset(["f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh"])

# Grouping elements that hold only structure elements, never content
# directly (ISO 32000-1 Tables 336, 337), with the checkpoint for each.
CONTAINERS = {"L": "09-005", "LI": "09-005", "Table": "09-004",
              "TR": "09-004", "THead": "09-004", "TBody": "09-004",
              "TFoot": "09-004", "Ruby": "09-007", "Warichu": "09-008"}

NS_DC = "http://purl.org/dc/elements/1.1/"
NS_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NS_PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
NS_XML = "http://www.w3.org/XML/1998/namespace"

LANG_RE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
HEADING_RE = re.compile(r"^H([1-6])$")

MAX_LINES_PER_ID = 12


def name_str(obj):
    """'/Foo' -> 'Foo' for a pikepdf Name, None otherwise."""
    if isinstance(obj, Name):
        return str(obj)[1:]
    return None


def text_of(obj):
    """A PDF text string as Python str ('' when absent or not a string)."""
    if isinstance(obj, pikepdf.String):
        try:
            return str(obj)
        except Exception:  # undecodable bytes
            return bytes(obj).decode("latin-1")
    return ""


def fmt_key(key):
    if isinstance(key, tuple) and len(key) == 2 and isinstance(key[0], int):
        return "%d %d R" % key
    return "a direct object"


def key_of(obj):
    """Identity of a PDF object: its object number for indirect objects."""
    og = getattr(obj, "objgen", (0, 0))
    return og if og != (0, 0) else ("direct", id(obj))


def show(obj):
    """A short printable form of any PDF value, for messages."""
    try:
        if isinstance(obj, pikepdf.String):
            return repr(text_of(obj))
        if isinstance(obj, (Name, int, float)) or obj is None:
            return str(obj)
        return repr(obj)[:60]
    except Exception:  # noqa: BLE001
        return "?"


def page_like(obj, fallback):
    """obj when it can be a page (a dictionary), else fallback."""
    return obj if isinstance(obj, Dictionary) else fallback


def as_int(obj):
    try:
        if isinstance(obj, (int,)) and not isinstance(obj, bool):
            return obj
        return int(obj)
    except Exception:
        return None


def as_num(obj):
    """A PDF number as a float, or None."""
    if isinstance(obj, bool):
        return None
    try:
        return float(obj)
    except Exception:
        return None


def inherited(page, key):
    """An inheritable page attribute, walking up /Parent."""
    node = page
    for _ in range(64):
        if node is None:
            return None
        if key in node:
            return node[key]
        node = node.get("/Parent")
    return None


def read_number_tree(node, out, problems, depth=0, seen=None):
    """Flatten a number tree into {int: object}; a node reached twice (a
    cycle, or a kid listed twice) is a problem, read once."""
    if depth > 32 or not isinstance(node, Dictionary):
        problems.append("ParentTree node is not a dictionary")
        return
    seen = set() if seen is None else seen
    if node.is_indirect:
        if node.objgen in seen:
            problems.append("ParentTree node %d %d R is reached twice" % node.objgen)
            return
        seen.add(node.objgen)
    nums = node.get("/Nums")
    if nums is not None:
        if not isinstance(nums, Array) or len(nums) % 2:
            problems.append("ParentTree /Nums is not an array of pairs")
        else:
            for i in range(0, len(nums), 2):
                k = as_int(nums[i])
                if k is None:
                    problems.append("ParentTree key is not an integer")
                    continue
                out[k] = nums[i + 1]
    kids = node.get("/Kids")
    if kids is not None:
        for kid in kids:
            read_number_tree(kid, out, problems, depth + 1, seen)


def read_name_tree(node, out, depth=0, seen=None):
    if depth > 32 or not isinstance(node, Dictionary):
        return
    seen = set() if seen is None else seen
    if node.is_indirect:
        if node.objgen in seen:
            return  # a cycle or a kid listed twice: read once
        seen.add(node.objgen)
    names = node.get("/Names")
    if isinstance(names, Array):
        for i in range(0, len(names) - 1, 2):
            out.append((names[i], names[i + 1]))
    kids = node.get("/Kids")
    if isinstance(kids, Array):
        for kid in kids:
            read_name_tree(kid, out, depth + 1, seen)


# --------------------------------------------------------------------------
# CMaps

CMAP_TOKEN = re.compile(
    rb"%[^\r\n]*|<<|>>|<[0-9A-Fa-f\s]*>|\[|\]|\{|\}|"
    rb"\((?:\\.|[^\\)])*\)|/[^\s/\[\]<>(){}%]*|[^\s/\[\]<>(){}%]+",
    re.S)


def hexbytes(tok):
    digits = re.sub(rb"\s", b"", tok[1:-1]).decode()
    if len(digits) % 2:
        digits += "0"           # ISO 32000-1 7.3.4.3: a final odd digit
    return bytes.fromhex(digits)


class CMap:
    """The parts of a CMap a checker needs: codespace ranges, bf mappings."""

    def __init__(self, data):
        self.codespace = []      # [(lo bytes, hi bytes)]
        self.bfchar = {}         # code bytes -> unicode str (or None = bad)
        self.bfrange = []        # [(lo int, hi int, nbytes, dst)]
        self.errors = []
        self.warnings = []
        self.cid_sections = set()
        self.usecmap = None
        self.parse(data)

    def parse(self, data):
        toks = [t for t in CMAP_TOKEN.findall(data) if not t.startswith(b"%")]
        section = None
        args = []
        saw_begin = saw_end = False
        i = 0
        while i < len(toks):
            t = toks[i]
            i += 1
            if t == b"begincmap":
                saw_begin = True
                continue
            if t == b"endcmap":
                saw_end = True
                continue
            if t == b"usecmap":
                self.usecmap = True
                continue
            if t.startswith(b"begin") and t[5:] in (
                    b"codespacerange", b"bfchar", b"bfrange", b"cidrange",
                    b"cidchar", b"notdefrange", b"notdefchar"):
                if section is not None:
                    self.errors.append("section %s opens inside %s"
                                       % (t.decode(), section))
                section = t[5:].decode()
                args = []
                if section in ("cidrange", "cidchar", "notdefrange",
                               "notdefchar"):
                    self.cid_sections.add(section)
                continue
            if t.startswith(b"end") and t[3:] in (
                    b"codespacerange", b"bfchar", b"bfrange", b"cidrange",
                    b"cidchar", b"notdefrange", b"notdefchar"):
                name = t[3:].decode()
                if section != name:
                    self.errors.append("%s without begin%s" % (t.decode(),
                                                               name))
                else:
                    self.finish(section, args)
                section = None
                args = []
                continue
            if section is not None:
                if t == b"[":
                    arr = []
                    while i < len(toks) and toks[i] != b"]":
                        arr.append(toks[i])
                        i += 1
                    i += 1
                    args.append(arr)
                else:
                    args.append(t)
        if section is not None:
            self.errors.append("begin%s never ends" % section)
        if not saw_begin or not saw_end:
            self.errors.append("no begincmap/endcmap")

    @staticmethod
    def decode_dst(tok):
        if isinstance(tok, list) or not tok.startswith(b"<"):
            return None
        raw = hexbytes(tok)
        if len(raw) % 2:
            return None
        try:
            return raw.decode("utf-16-be")
        except UnicodeDecodeError:
            return None

    def finish(self, section, args):
        def ishex(t):
            return isinstance(t, bytes) and t.startswith(b"<") \
                and not t.startswith(b"<<")

        if section == "codespacerange":
            if len(args) % 2:
                self.errors.append("odd codespacerange")
            for lo, hi in zip(args[0::2], args[1::2]):
                if ishex(lo) and ishex(hi):
                    self.codespace.append((hexbytes(lo), hexbytes(hi)))
                else:
                    self.errors.append("codespacerange entry not hex")
        elif section == "bfchar":
            if len(args) % 2:
                self.errors.append("odd bfchar entry count")
            for src, dst in zip(args[0::2], args[1::2]):
                if not ishex(src):
                    self.errors.append("bfchar source not a hex string")
                    continue
                if ishex(dst):
                    self.bfchar[hexbytes(src)] = self.decode_dst(dst)
                elif isinstance(dst, bytes) and dst.startswith(b"/"):
                    self.bfchar[hexbytes(src)] = dst[1:].decode("latin-1")
                else:
                    self.errors.append("bfchar destination malformed")
        elif section == "bfrange":
            if len(args) % 3:
                self.errors.append("bfrange entry count not a multiple of 3")
            for lo, hi, dst in zip(args[0::3], args[1::3], args[2::3]):
                if not (ishex(lo) and ishex(hi)):
                    self.errors.append("bfrange bounds not hex strings")
                    continue
                blo, bhi = hexbytes(lo), hexbytes(hi)
                if len(blo) != len(bhi) or blo > bhi:
                    self.errors.append("bfrange <%s> <%s> is not a range"
                                       % (blo.hex(), bhi.hex()))
                    continue
                if blo[:-1] != bhi[:-1]:
                    self.warnings.append(
                        "bfrange <%s> <%s> spans more than its last byte"
                        % (blo.hex(), bhi.hex()))
                n = int.from_bytes(bhi, "big") - int.from_bytes(blo, "big")
                if isinstance(dst, list):
                    if len(dst) != n + 1:
                        self.errors.append("bfrange array length mismatch")
                    self.bfrange.append((int.from_bytes(blo, "big"),
                                         int.from_bytes(bhi, "big"), len(blo),
                                         [self.decode_dst(d) for d in dst]))
                elif ishex(dst):
                    raw = hexbytes(dst)
                    if not raw or len(raw) % 2:
                        self.errors.append("bfrange destination malformed")
                        continue
                    if raw[-1] + n > 255:
                        self.warnings.append(
                            "bfrange <%s> <%s> <%s> carries past the last "
                            "destination byte" % (blo.hex(), bhi.hex(),
                                                  raw.hex()))
                    self.bfrange.append((int.from_bytes(blo, "big"),
                                         int.from_bytes(bhi, "big"), len(blo),
                                         raw))
                else:
                    self.errors.append("bfrange destination malformed")

    def lookup(self, code):
        """Unicode for a code (bytes); None when unmapped or malformed."""
        if code in self.bfchar:
            return self.bfchar[code]
        c = int.from_bytes(code, "big")
        for lo, hi, nbytes, dst in self.bfrange:
            if nbytes == len(code) and lo <= c <= hi:
                if isinstance(dst, list):
                    idx = c - lo
                    return dst[idx] if idx < len(dst) else None
                v = int.from_bytes(dst, "big") + (c - lo)
                try:
                    return v.to_bytes(len(dst), "big").decode("utf-16-be")
                except (OverflowError, UnicodeDecodeError):
                    return None
        return None

    def split_codes(self, data):
        """Split a string into codes by the codespace ranges."""
        ranges = self.codespace or [(b"\x00\x00", b"\xff\xff")]
        return split_by_codespace(data, ranges)


def split_by_codespace(data, ranges):
    """Split a shown string into codes by the codespace ranges.  Bytes that
    match no range are taken in the shortest code length in use (ISO
    32000-1 9.7.6.3); a short tail is kept as it is."""
    codes = []
    shortest = min((len(lo) for lo, _ in ranges), default=1) or 1
    i = 0
    while i < len(data):
        step = 0
        for n in (1, 2, 3, 4):
            chunk = data[i:i + n]
            if len(chunk) < n:
                break
            if any(len(lo) == n and all(lo[k] <= chunk[k] <= hi[k]
                                        for k in range(n))
                   for lo, hi in ranges):
                step = n
                break
        step = step or shortest
        codes.append(data[i:i + step])
        i += step
    return codes


SFNT_REQUIRED = (b"head", b"hhea", b"hmtx", b"maxp")   # 31-009 without
SFNT_OUTLINES = (b"glyf", b"loca")                    # 31-011 without


def sfnt_directory(data):
    """{tag: (offset, length)} of an sfnt font program's table directory;
    raises ValueError when it is not one (too short, a wrong version tag,
    a table running past the end)."""
    if len(data) < 12:
        raise ValueError("%d bytes, too short for an sfnt header" % len(data))
    if data[:4] not in (b"\x00\x01\x00\x00", b"true", b"OTTO"):
        raise ValueError("sfnt version %r is not TrueType or OpenType"
                         % bytes(data[:4]))
    num_tables = int.from_bytes(data[4:6], "big")
    if num_tables == 0 or 12 + 16 * num_tables > len(data):
        raise ValueError("table directory of %d tables does not fit"
                         % num_tables)
    out = {}
    for t in range(num_tables):
        rec = data[12 + 16 * t: 28 + 16 * t]
        tag = bytes(rec[:4])
        off = int.from_bytes(rec[8:12], "big")
        length = int.from_bytes(rec[12:16], "big")
        if off + length > len(data) or off < 12 + 16 * num_tables:
            raise ValueError("table %r (%d bytes at %d) lies outside the "
                             "%d-byte program" % (tag.decode("latin-1"),
                                                  length, off, len(data)))
        out[tag] = (off, length)
    return out


class TrueTypeProgram:
    """The parts of an embedded TrueType program the checker reads: glyph
    count (maxp), units per em (head), advance widths (hhea, hmtx).
    Raises ValueError with the reason when it cannot be read;
    `missing` lists the required tables it lacks."""

    def __init__(self, data):
        self.tables = sfnt_directory(data)
        self.data = data
        self.missing = [t.decode() for t in SFNT_REQUIRED + SFNT_OUTLINES
                        if t not in self.tables]
        self.glyph_count = self.units_per_em = None
        self.advances = []
        maxp = self.table(b"maxp")
        if maxp is not None:
            if len(maxp) < 6:
                raise ValueError("maxp table too short")
            self.glyph_count = int.from_bytes(maxp[4:6], "big")
        head = self.table(b"head")
        if head is not None:
            if len(head) < 54:
                raise ValueError("head table too short")
            self.units_per_em = int.from_bytes(head[18:20], "big")
            if not 16 <= self.units_per_em <= 16384:
                raise ValueError("head unitsPerEm %d is outside 16..16384"
                                 % self.units_per_em)
            self.loca_long = int.from_bytes(head[50:52], "big")
        hhea, hmtx = self.table(b"hhea"), self.table(b"hmtx")
        if hhea is not None and hmtx is not None:
            if len(hhea) < 36:
                raise ValueError("hhea table too short")
            nmetrics = int.from_bytes(hhea[34:36], "big")
            if nmetrics == 0 or 4 * nmetrics > len(hmtx):
                raise ValueError("hmtx holds fewer than the %d metrics hhea "
                                 "gives" % nmetrics)
            self.advances = [int.from_bytes(hmtx[4 * i: 4 * i + 2], "big")
                             for i in range(nmetrics)]
        loca = self.table(b"loca")
        if loca is not None and self.glyph_count is not None and \
                head is not None:
            need = (self.glyph_count + 1) * (4 if self.loca_long else 2)
            if len(loca) < need:
                raise ValueError("loca holds %d bytes, not the %d its %d "
                                 "glyphs need" % (len(loca), need,
                                                  self.glyph_count))

    def table(self, tag):
        where = self.tables.get(tag)
        if where is None:
            return None
        return self.data[where[0]: where[0] + where[1]]

    def advance(self, gid):
        """Advance width of glyph `gid` in font units (the last hmtx
        metric's for glyphs past numberOfHMetrics), or None."""
        if not self.advances:
            return None
        return self.advances[min(gid, len(self.advances) - 1)]


def cid_widths(desc_font):
    """({CID: width}, default width) of a CIDFont's /W and /DW (ISO
    32000-1 9.7.4.3); raises ValueError on a malformed /W."""
    dw = desc_font.get("/DW")
    default = as_num(dw) if as_num(dw) is not None else 1000.0
    widths = {}
    w = desc_font.get("/W")
    if w is None:
        return widths, default
    if not isinstance(w, Array):
        raise ValueError("/W is not an array")
    items = list(w)
    i = 0
    while i < len(items):
        first = as_int(items[i])
        if first is None or i + 1 >= len(items):
            raise ValueError("/W entry %d is not a CID followed by widths" % i)
        nxt = items[i + 1]
        if isinstance(nxt, Array):
            for n, v in enumerate(nxt):
                val = as_num(v)
                if val is None:
                    raise ValueError("/W width is not a number")
                widths[first + n] = val
            i += 2
            continue
        last = as_int(nxt)
        if last is None or i + 2 >= len(items) or \
                as_num(items[i + 2]) is None or last - first > 0x10000:
            raise ValueError("/W entry %d is neither c [w ...] nor "
                             "cfirst clast w" % i)
        for cid in range(first, last + 1):
            widths[cid] = as_num(items[i + 2])
        i += 3
    return widths, default


def sfnt_table(data, tag):
    """The bytes of table `tag` of an sfnt font program, or None."""
    if len(data) < 12:
        return None
    num_tables = int.from_bytes(data[4:6], "big")
    for t in range(num_tables):
        rec = data[12 + 16 * t: 28 + 16 * t]
        if len(rec) < 16:
            return None
        if rec[:4] == tag:
            off = int.from_bytes(rec[8:12], "big")
            length = int.from_bytes(rec[12:16], "big")
            return data[off: off + length] if off + length <= len(data) \
                else None
    return None


def cff_index(data, at):
    """(items, offset after) of the CFF INDEX at `at` (Adobe TN 5176, 5);
    raises ValueError when it runs past the data."""
    if at + 2 > len(data):
        raise ValueError("INDEX past the end")
    count = int.from_bytes(data[at: at + 2], "big")
    if count == 0:
        return [], at + 2
    size = data[at + 2]
    if not 1 <= size <= 4:
        raise ValueError("INDEX offset size %d" % size)
    base = at + 3
    offs = [int.from_bytes(data[base + i * size: base + (i + 1) * size], "big")
            for i in range(count + 1)]
    start = base + (count + 1) * size - 1
    if start + offs[-1] > len(data) or any(b < a for a, b in zip(offs,
                                                                offs[1:])):
        raise ValueError("INDEX data past the end")
    return [data[start + offs[i]: start + offs[i + 1]]
            for i in range(count)], start + offs[-1]


def cff_dict(data):
    """{operator: [operands]} of a CFF DICT (operators 12 x as 1200 + x)."""
    out, operands, i = {}, [], 0
    while i < len(data):
        b = data[i]
        if b <= 21:
            if b == 12:
                i += 1
                b = 1200 + (data[i] if i < len(data) else 0)
            out[b] = operands
            operands = []
            i += 1
        elif b == 28:
            operands.append(int.from_bytes(data[i + 1: i + 3], "big",
                                           signed=True))
            i += 3
        elif b == 29:
            operands.append(int.from_bytes(data[i + 1: i + 5], "big",
                                           signed=True))
            i += 5
        elif b == 30:
            i += 1
            while i < len(data) and (data[i] & 0x0F) != 0x0F and \
                    (data[i] >> 4) != 0x0F:
                i += 1
            operands.append(0.0)
            i += 1
        elif 32 <= b <= 246:
            operands.append(b - 139)
            i += 1
        elif 247 <= b <= 250:
            operands.append((b - 247) * 256 + data[i + 1] + 108)
            i += 2
        elif 251 <= b <= 254:
            operands.append(-(b - 251) * 256 - data[i + 1] - 108)
            i += 2
        else:
            raise ValueError("DICT byte %d" % b)
    return out


def cff_glyphs(data):
    """(glyph count, {CID: GID} or None) of a CFF font program: the map of
    a CID-keyed font (Top DICT with ROS) from its charset, None for one
    that is not CID-keyed (its CIDs are glyph numbers).  Raises ValueError
    on a malformed program."""
    if len(data) < 4:
        raise ValueError("too short")
    _, at = cff_index(data, data[2])            # Name INDEX
    tops, at = cff_index(data, at)              # Top DICT INDEX
    if not tops:
        raise ValueError("no Top DICT")
    top = cff_dict(tops[0])
    if 17 not in top or not top[17]:
        raise ValueError("no CharStrings")
    charstrings, _ = cff_index(data, int(top[17][-1]))
    count = len(charstrings)
    if 1230 not in top:                         # ROS: CID-keyed
        return count, None
    cids = {0: 0}
    at = int(top.get(15, [0])[-1])
    if at <= 2:
        raise ValueError("a CID-keyed font with a predefined charset")
    fmt = data[at]
    at += 1
    gid = 1
    while gid < count:
        if fmt == 0:
            cids[int.from_bytes(data[at: at + 2], "big")] = gid
            at += 2
            gid += 1
            continue
        if fmt not in (1, 2):
            raise ValueError("charset format %d" % fmt)
        first = int.from_bytes(data[at: at + 2], "big")
        left = data[at + 2] if fmt == 1 else \
            int.from_bytes(data[at + 2: at + 4], "big")
        at += 3 if fmt == 1 else 4
        if at > len(data):
            raise ValueError("charset past the end")
        for k in range(left + 1):
            if gid >= count:
                break
            cids[first + k] = gid
            gid += 1
    return count, cids


# --------------------------------------------------------------------------


class Report:
    def __init__(self):
        self.fails = []
        self.warns = []
        self._seen = set()

    def fail(self, cid, msg):
        if (cid, msg) not in self._seen:
            self._seen.add((cid, msg))
            self.fails.append((cid, msg))

    def warn(self, msg):
        if msg not in self.warns:
            self.warns.append(msg)


class FontInfo:
    """A font as used on the pages: its dictionary and the codes shown."""

    def __init__(self, font):
        self.font = font
        self.codes = set()
        self.where = None     # where it was first used
        self.visible = False  # used with a text rendering mode other than 3


class Checker:
    def __init__(self, path):
        self.path = path
        self.r = Report()
        self.pdf = None
        self.link_has_objr = set()   # Link elements holding a Link OBJR
        self.forms_seen = {}         # form key -> (stream, /StructParents)
        self.elem_lang = {}
        self.doc_lang = ""
        self.bad_lang = None
        self.stats = {"pages": 0, "elements": 0, "mcids": 0, "fonts": 0,
                      "codes": 0, "annots": 0, "ops": 0}

    # ---------------------------------------------------------------- run
    def run(self):
        try:
            self.pdf = pikepdf.open(self.path)
        except Exception as e:  # noqa: BLE001
            self.r.fail("00-parse", "cannot read the file as a PDF: %s" % e)
            if "encryption" in str(e):
                self.check_raw_encrypt()
            return self.r
        self.phase("document", self.check_all)
        return self.r

    def phase(self, what, fn, *args):
        """Run one group of checks; a malformed object stops only that."""
        try:
            fn(*args)
        except Exception as e:  # noqa: BLE001
            self.r.fail("00-parse", "%s: checks stopped on a malformed "
                        "object: %s: %s" % (what, type(e).__name__, e))

    def check_all(self):
        pdf = self.pdf
        self.root = pdf.Root
        self.version = str(pdf.pdf_version)
        try:
            major, minor = (int(x) for x in self.version.split(".")[:2])
        except ValueError:
            major, minor = 0, 0
        if (major, minor) < (1, 4):
            self.r.fail("00-version", "PDF header version %s is below 1.4 "
                        "(PDF/UA-1 is based on PDF 1.7)" % self.version)
        if pdf.is_encrypted:
            self.check_encrypt(pdf.trailer.get("/Encrypt"))
        self.fonts = {}
        self.form_uses = {}
        self.all_used = set()
        self.has_outlines = False
        self.owned, self.objr, self.parent_tree = {}, {}, {}
        self.objr_pg = {}
        self.struct_ok = False
        self.phase("catalog", self.check_catalog)
        self.phase("metadata", self.check_metadata)
        self.phase("structure tree", self.check_structure)
        self.page_numbers = {key_of(p.obj): i + 1
                             for i, p in enumerate(pdf.pages)}
        for index, page in enumerate(pdf.pages):
            self.phase("page %d" % (index + 1), self.check_page, index,
                       page.obj)
            self.stats["pages"] += 1
        stale = {}
        for (ck, mcid) in self.owned:
            if (ck, mcid) not in self.all_used:
                stale.setdefault(ck, []).append(mcid)
        for ck, mcids in stale.items():
            self.r.fail("01-005", "structure elements own MCID(s) %s on %s "
                        "that its content never uses (they tag nothing)"
                        % (fmt_list(sorted(mcids)), self.where_of(ck)))
        for key, (count, has_mcid) in self.form_uses.items():
            if count > 1 and has_mcid:
                self.r.fail("30-002", "form XObject %s contains MCIDs "
                            "and is painted %d times" % (fmt_key(key), count))
        for info in self.fonts.values():
            self.phase("font", self.check_font, info)
        self.phase("document", self.check_misc)

    def check_encrypt(self, enc):
        """26-001/26-002 from the encryption dictionary's own /P: bit 10
        (extract for accessibility) set, whatever the revision (ISO
        14289-1 7.16); a revision 2 handler has no bit 10 of its own and
        readers honour bit 5 (copy and extract) for it (ISO 32000-1
        Table 22), so for R 2 bit 5 must be set too."""
        if not isinstance(enc, Dictionary):
            self.r.fail("26-001", "the file is encrypted but its "
                        "encryption dictionary cannot be read")
            return
        p = enc.get("/P")
        if p is None or isinstance(p, bool) or not isinstance(p, int):
            self.r.fail("26-001", "the file is encrypted and its encryption "
                        "dictionary has no /P (integer) permissions entry")
            return
        bits = int(p) & 0xFFFFFFFF
        rev = as_int(enc.get("/R"))
        if not bits & (1 << 9):
            self.r.fail("26-002", "encrypted with /P %d (R %s): bit 10, "
                        "extract for accessibility, is clear"
                        % (int(p), rev))
        if rev is not None and rev < 3 and not bits & (1 << 4):
            self.r.fail("26-002", "encrypted with /P %d by a revision %d "
                        "handler: bit 5, copy and extract (all such a "
                        "handler has for accessibility), is clear"
                        % (int(p), rev))

    def check_raw_encrypt(self):
        """26-001 for a file qpdf cannot open for its encryption
        dictionary: when the trailer's /Encrypt object has no /P."""
        try:
            with open(self.path, "rb") as f:
                data = f.read()
        except OSError:
            return
        refs = re.findall(rb"/Encrypt\s+(\d+)\s+(\d+)\s+R", data)
        if not refs:
            return
        num, gen = refs[-1]
        body = re.search(rb"(?<!\d)" + num + rb"\s+" + gen +
                         rb"\s+obj(.*?)endobj", data, re.S)
        if body and not re.search(rb"/P[\s\-+0-9]", body.group(1)):
            self.r.fail("26-001", "the file is encrypted and its encryption "
                        "dictionary has no /P (integer) permissions entry")

    # ------------------------------------------------------------ catalog
    def check_catalog(self):
        root = self.root
        mi = root.get("/MarkInfo")
        if not isinstance(mi, Dictionary) or mi.get("/Marked") is not True:
            self.r.fail("01-005", "catalog /MarkInfo does not have /Marked "
                        "true (the document is not declared tagged)")
        elif mi.get("/Suspects") is True:
            self.r.fail("01-007", "/MarkInfo /Suspects is true")
        lang = root.get("/Lang")
        self.doc_lang = text_of(lang).strip() if lang is not None else ""
        if self.doc_lang and not LANG_RE.match(self.doc_lang):
            self.bad_lang = self.doc_lang
            self.doc_lang = ""
        vp = root.get("/ViewerPreferences")
        if not isinstance(vp, Dictionary) or "/DisplayDocTitle" not in vp:
            self.r.fail("07-001", "/ViewerPreferences has no /DisplayDocTitle")
        elif vp.get("/DisplayDocTitle") is not True:
            self.r.fail("07-002", "/ViewerPreferences /DisplayDocTitle is "
                        "not true")
        outlines = root.get("/Outlines")
        self.has_outlines = isinstance(outlines, Dictionary) and \
            "/First" in outlines

    # ----------------------------------------------------------- metadata
    def check_metadata(self):
        md = self.root.get("/Metadata")
        self.dc_title = ""
        if not isinstance(md, Stream):
            self.r.fail("06-001", "document has no /Metadata XMP stream")
            return
        if md.get("/Type") != Name.Metadata or md.get("/Subtype") != Name.XML:
            self.r.fail("06-001", "catalog /Metadata is not /Type /Metadata "
                        "/Subtype /XML")
        try:
            data = md.read_bytes()
            tree = ET.fromstring(data)
        except Exception as e:  # noqa: BLE001
            self.r.fail("06-001", "metadata stream is not well-formed XML: %s"
                        % e)
            return
        part = None
        for el in tree.iter("{%s}part" % NS_PDFUAID):
            part = (el.text or "").strip()
        if part is None:
            for el in tree.iter("{%s}Description" % NS_RDF):
                v = el.get("{%s}part" % NS_PDFUAID)
                if v is not None:
                    part = v.strip()
        if part is None:
            hint = ""
            if re.search(rb"pdfuaid:part", data):
                hint = " (a pdfuaid:part is present, but its prefix is not " \
                    "bound to %s)" % NS_PDFUAID
            self.r.fail("06-002", "XMP metadata has no pdfuaid:part "
                        "(PDF/UA identifier)" + hint)
        elif part != "1":
            self.r.fail("06-002", "XMP pdfuaid:part is %r, not 1" % part)

        titles = list(tree.iter("{%s}title" % NS_DC))
        title = ""
        for t in titles:
            lis = list(t.iter("{%s}li" % NS_RDF))
            texts = [(li.text or "").strip() for li in lis] if lis else \
                [(t.text or "").strip()]
            title = title or next((x for x in texts if x), "")
        if not title:
            self.r.fail("06-003", "XMP metadata has no non-empty dc:title")
        self.dc_title = title
        info_title = ""
        try:
            info_title = text_of(self.pdf.docinfo.get("/Title")).strip()
        except Exception:  # noqa: BLE001
            pass
        if title and info_title and info_title != title:
            self.r.warn("Info /Title %r differs from dc:title %r"
                        % (info_title, title))
        for lang in tree.iter("{%s}language" % NS_DC):
            lis = list(lang.iter("{%s}li" % NS_RDF))
            vals = [(li.text or "").strip() for li in lis] if lis else \
                [(lang.text or "").strip()]
            if not any(vals):
                self.r.fail("11-006", "XMP dc:language is present but empty")
            elif self.doc_lang and self.doc_lang not in vals:
                self.r.warn("XMP dc:language %s does not list catalog /Lang "
                            "%s" % (vals, self.doc_lang))

    # ---------------------------------------------------------- structure
    def resolve_role(self, s):
        """Standard type for structure type s, or None (02-001/02-003)."""
        if s in self.role_cache:
            return self.role_cache[s]
        seen = []
        cur = s
        result = None
        while True:
            if cur in STANDARD_TYPES:
                result = cur
                break
            if cur in seen:
                self.r.fail("02-003", "circular /RoleMap: %s"
                            % " -> ".join(seen + [cur]))
                break
            seen.append(cur)
            nxt = self.rolemap.get(cur)
            if nxt is None:
                self.r.fail("02-001", "structure type /%s does not role-map "
                            "to a standard type" % s)
                break
            cur = nxt
        self.role_cache[s] = result
        return result

    def check_structure(self):
        self.owned = {}          # (content key, mcid) -> element key
        self.objr = {}           # annot key -> [(elem key, type, elem)]
        self.elem_types = {}     # element key -> resolved type
        self.elem_lang = {}      # element key -> has a language
        self.parent_tree = {}
        self.rolemap = {}
        self.role_cache = {}
        self.link_elems = []     # keys of Link elements
        self.th_headed = set()   # TH keys in tables using /Headers and IDs
        self.objr_pg = {}        # annot key -> [page key of each OBJR]
        self.struct_ok = False
        str_root = self.root.get("/StructTreeRoot")
        if not isinstance(str_root, Dictionary):
            self.r.fail("01-005", "catalog has no /StructTreeRoot: nothing "
                        "in the document is tagged")
            return
        self.struct_ok = True
        rm = str_root.get("/RoleMap")
        if isinstance(rm, Dictionary):
            for k in rm.keys():
                v = name_str(rm[k])
                kk = k[1:]
                if v is None:
                    self.r.fail("02-001", "/RoleMap entry /%s is not a name"
                                % kk)
                    continue
                self.rolemap[kk] = v
                if kk in STANDARD_TYPES:
                    self.r.fail("02-004", "standard structure type /%s is "
                                "remapped to /%s in /RoleMap" % (kk, v))
        pt = str_root.get("/ParentTree")
        if pt is None:
            self.r.fail("01-005", "/StructTreeRoot has no /ParentTree")
        else:
            problems = []
            read_number_tree(pt, self.parent_tree, problems)
            for p in problems[:3]:
                self.r.fail("01-structtree", p)
        k = str_root.get("/K")
        if k is None or (isinstance(k, Array) and len(k) == 0):
            self.r.fail("01-005", "/StructTreeRoot has no /K: the structure "
                        "tree is empty")
            return
        self.walk_tree(k)

    def walk_tree(self, top):
        headings = []            # numbered heading levels in tree order
        plain_h = 0
        note_ids = {}
        visited = set()
        # stack items: (object, parent elem key, parent type, page, has_lang)
        stack = []

        def push_kids(k, parent_key, parent_type, pg, lang, parent):
            kids = list(k) if isinstance(k, Array) else [k]
            for kid in reversed(kids):
                stack.append((kid, parent_key, parent_type, pg, lang, parent))

        push_kids(top, None, None, None, bool(self.doc_lang), None)
        h_children = {}
        elem_count = 0
        while stack:
            obj, pkey, ptype, pg, lang, pobj = stack.pop()
            if isinstance(obj, int) and not isinstance(obj, bool):
                self.own_mcid(pg, obj, pkey, ptype)
                continue
            if not isinstance(obj, Dictionary):
                if obj is None:
                    continue
                self.r.fail("01-structtree", "structure kid of type %s under "
                            "/%s" % (type(obj).__name__, ptype))
                continue
            typ = obj.get("/Type")
            if typ == Name.MCR:
                mcid = as_int(obj.get("/MCID"))
                stm = obj.get("/Stm")
                where = stm if isinstance(stm, Stream) else \
                    page_like(obj.get("/Pg"), pg)
                if mcid is not None:
                    self.own_mcid(where, mcid, pkey, ptype)
                continue
            if typ == Name.OBJR:
                target = obj.get("/Obj")
                if not isinstance(target, Dictionary):
                    self.r.fail("01-structtree", "OBJR under /%s has no "
                                "object in /Obj" % ptype)
                else:
                    self.objr.setdefault(key_of(target), []).append(
                        (pkey, ptype, pobj))
                    opg = page_like(obj.get("/Pg"), pg)
                    self.objr_pg.setdefault(key_of(target), []).append(
                        key_of(opg) if opg is not None else None)
                    if ptype == "Link" and isinstance(target, Dictionary) \
                            and target.get("/Subtype") == Name.Link:
                        self.link_has_objr.add(pkey)
                continue
            key = key_of(obj)
            if key in visited:
                self.r.fail("01-structtree", "structure tree has a cycle or "
                            "shares element %s" % fmt_key(key))
                continue
            visited.add(key)
            elem_count += 1
            s = name_str(obj.get("/S"))
            if s is None:
                self.r.fail("02-001", "structure element %s has no /S"
                            % fmt_key(key))
                rtype = None
            else:
                rtype = self.resolve_role(s)
            self.elem_types[key] = rtype
            elang = lang
            if "/Lang" in obj:
                own = text_of(obj.get("/Lang")).strip()
                elang = bool(LANG_RE.match(own))
                if not elang:
                    self.r.fail("11-001", "structure element /%s has /Lang "
                                "%r, which is not a language tag: the "
                                "language of its text cannot be determined"
                                % (s, own))
            self.elem_lang[key] = elang
            self.check_element(obj, rtype, ptype, s, elang)
            if rtype and HEADING_RE.match(rtype):
                headings.append((int(rtype[1]), s))
            elif rtype == "H":
                plain_h += 1
                h_children[pkey] = h_children.get(pkey, 0) + 1
            elif rtype == "Link":
                self.link_elems.append(key)
            elif rtype == "Note":
                nid = obj.get("/ID")
                if nid is None:
                    self.r.fail("19-003", "Note element has no /ID")
                else:
                    b = bytes(nid) if isinstance(nid, pikepdf.String) else \
                        str(nid).encode()
                    if b in note_ids:
                        self.r.fail("19-004", "Note /ID %r is not unique" % b)
                    note_ids[b] = True
            epg = page_like(obj.get("/Pg"), pg)
            k = obj.get("/K")
            if k is not None:
                push_kids(k, key, rtype, epg, elang, obj)
        self.stats["elements"] = elem_count
        # Headings.
        if headings:
            if headings[0][0] != 1:
                self.r.fail("14-002", "the first numbered heading is H%d, "
                            "not H1" % headings[0][0])
            for (a, _), (b, _) in zip(headings, headings[1:]):
                if b > a + 1:
                    self.r.fail("14-003", "heading levels skipped: H%d is "
                                "followed by H%d" % (a, b))
        if plain_h and headings:
            self.r.fail("14-007", "document uses both H and H1..H6")
        for pk, n in h_children.items():
            if n > 1:
                self.r.fail("14-006", "a structure node holds %d H elements"
                            % n)
        for key in self.link_elems:
            if key not in self.link_has_objr:
                self.r.fail("28-011", "Link structure element %s holds no "
                            "OBJR to a Link annotation" % fmt_key(key))

    def own_mcid(self, where, mcid, pkey, ptype):
        if pkey is None:
            self.r.fail("01-structtree", "MCID %d directly under the "
                        "StructTreeRoot" % mcid)
            return
        if where is None:
            self.r.fail("01-005", "MCID %d of a /%s element has no /Pg on "
                        "the element or its ancestors" % (mcid, ptype))
            return
        ck = key_of(where)
        prev = self.owned.get((ck, mcid))
        if prev is not None and prev != pkey:
            self.r.fail("01-mcid", "MCID %d on %s is owned by two structure "
                        "elements" % (mcid, self.where_of(ck)))
        self.owned[(ck, mcid)] = pkey

    def check_element(self, obj, rtype, ptype, s, has_lang):
        kids_types = []
        content = 0              # MCIDs and MCRs held directly
        k = obj.get("/K")
        if k is not None:
            for kid in (list(k) if isinstance(k, Array) else [k]):
                if isinstance(kid, Dictionary) and kid.get("/Type") not in (
                        Name.MCR, Name.OBJR):
                    ks = name_str(kid.get("/S"))
                    kids_types.append(self.resolve_role(ks) if ks else None)
                elif (isinstance(kid, int) and not isinstance(kid, bool)) \
                        or (isinstance(kid, Dictionary) and
                            kid.get("/Type") == Name.MCR):
                    content += 1
        label = "/%s" % s if s == rtype else "/%s (%s)" % (s, rtype)
        if content and rtype in CONTAINERS:
            self.r.fail(CONTAINERS[rtype], "%s element holds %d piece(s) of "
                        "marked content (MCID or MCR) directly; only "
                        "structure elements belong there" % (label, content))
        if rtype == "L":
            bad = [t for t in kids_types if t not in ("L", "LI", "Caption")]
            if bad:
                self.r.fail("09-005", "list %s holds %s (only L, LI, Caption "
                            "allowed)" % (label, ", ".join(map(str, bad))))
        elif rtype == "LI":
            if ptype != "L":
                self.r.fail("09-005", "LI element inside /%s, not L" % ptype)
            bad = [t for t in kids_types if t not in ("Lbl", "LBody")]
            if bad:
                self.r.fail("09-005", "LI holds %s (only Lbl, LBody allowed)"
                            % ", ".join(map(str, bad)))
        elif rtype == "LBody" and ptype != "LI":
            self.r.fail("09-005", "LBody element inside /%s, not LI" % ptype)
        elif rtype == "Table":
            bad = [t for t in kids_types
                   if t not in ("TR", "THead", "TBody", "TFoot", "Caption")]
            if bad:
                self.r.fail("09-004", "Table holds %s" % ", ".join(
                    map(str, bad)))
            inner = [i for i, t in enumerate(kids_types) if t == "Caption"
                     and 0 < i < len(kids_types) - 1]
            if inner:
                self.r.fail("09-004", "Table holds a Caption as kid %d of %d "
                            "(a Caption is the first or last)"
                            % (inner[0] + 1, len(kids_types)))
            self.check_table(obj)
            parts = [t for t in kids_types if t in ("THead", "TBody",
                                                    "TFoot", "TR")]
            if parts.count("THead") > 1:
                self.r.fail("09-004", "Table holds %d THead elements (at "
                            "most one)" % parts.count("THead"))
            if "THead" in parts and any(t != "THead" for t in
                                        parts[:parts.index("THead")]):
                self.r.fail("09-004", "Table holds a THead after %s (THead "
                            "comes before the body)" % ", ".join(
                                sorted(set(parts[:parts.index("THead")]))))
            if "TFoot" in parts and (parts.count("TFoot") > 1 or
                                     parts[-1] != "TFoot"):
                self.r.fail("09-004", "Table holds a TFoot that is not the "
                            "last of its rows and row groups (%s)"
                            % " ".join(parts))
        elif rtype == "TR":
            if ptype not in ("Table", "THead", "TBody", "TFoot"):
                self.r.fail("09-004", "TR inside /%s" % ptype)
            bad = [t for t in kids_types if t not in ("TH", "TD")]
            if bad:
                self.r.fail("09-004", "TR holds %s" % ", ".join(map(str, bad)))
        elif rtype == "TD" and ptype != "TR":
            self.r.fail("09-004", "%s inside /%s, not TR" % (rtype, ptype))
        elif rtype in ("THead", "TBody", "TFoot"):
            if ptype != "Table":
                self.r.fail("09-004", "%s inside /%s, not Table"
                            % (rtype, ptype))
            bad = [t for t in kids_types if t != "TR"]
            if bad:
                self.r.fail("09-004", "%s holds %s (only TR allowed)"
                            % (rtype, ", ".join(map(str, bad))))
        elif rtype == "Ruby":
            if kids_types not in (["RB", "RT"], ["RB", "RP", "RT", "RP"]):
                self.r.fail("09-007", "Ruby holds %s, not RB RT or RB RP RT "
                            "RP" % (" ".join(map(str, kids_types)) or
                                    "no structure elements"))
        elif rtype in ("RB", "RT", "RP") and ptype != "Ruby":
            self.r.fail("09-007", "%s inside /%s, not Ruby" % (rtype, ptype))
        elif rtype == "Warichu":
            if kids_types not in (["WT"], ["WP", "WT", "WP"]):
                self.r.fail("09-008", "Warichu holds %s, not WT or WP WT WP"
                            % (" ".join(map(str, kids_types)) or
                               "no structure elements"))
        elif rtype in ("WT", "WP") and ptype != "Warichu":
            self.r.fail("09-008", "%s inside /%s, not Warichu"
                        % (rtype, ptype))
        elif rtype == "TOC":
            bad = [t for t in kids_types if t not in ("TOC", "TOCI",
                                                      "Caption")]
            if bad:
                self.r.fail("09-006", "TOC holds %s" % ", ".join(
                    map(str, bad)))
        elif rtype == "TOCI" and ptype != "TOC":
            self.r.fail("09-006", "TOCI inside /%s, not TOC" % ptype)
        elif rtype == "Figure":
            if not text_of(obj.get("/Alt")).strip() and \
                    not text_of(obj.get("/ActualText")).strip():
                self.r.fail("13-004", "Figure element without /Alt or "
                            "/ActualText")
            if obj.get("/K") is not None and not self.layout_bbox(obj):
                self.r.fail("13-bbox", "Figure element without a Layout "
                            "attribute /BBox [left bottom right top]")
        elif rtype == "TH":
            if ptype != "TR":
                self.r.fail("09-004", "TH inside /%s, not TR" % ptype)
            scope = self.attribute(obj, "Table", "/Scope")
            if name_str(scope) not in ("Row", "Column", "Both") and \
                    (scope is not None or
                     key_of(obj) not in self.th_headed):
                self.r.fail("15-003", "TH element without a /Scope of Row, "
                            "Column or Both (found %s)"
                            % (name_str(scope) if scope is not None else
                               "none"))
        elif rtype == "Formula":
            if not text_of(obj.get("/Alt")).strip():
                self.r.fail("17-002", "Formula element without /Alt")
        if not has_lang:
            for key in ("/Alt", "/ActualText", "/E"):
                if key in obj:
                    self.r.fail("11-002", "%s on a %s element with no "
                                "language declared" % (key, label))

    @staticmethod
    def attribute(obj, owner, key):
        """The value of 'key' in an attribute object of 'owner' (/O) on the
        element's /A (a dictionary, or an array of them with revision
        numbers), or None."""
        a = obj.get("/A")
        for attr in (list(a) if isinstance(a, Array) else [a]):
            if isinstance(attr, Dictionary) and \
                    attr.get("/O") == Name("/" + owner) and key in attr:
                return attr.get(key)
        return None

    def layout_bbox(self, obj):
        box = self.attribute(obj, "Layout", "/BBox")
        if not isinstance(box, Array) or len(box) != 4:
            return False
        try:
            x1, y1, x2, y2 = (float(v) for v in box)
        except (TypeError, ValueError):
            return False
        return x1 < x2 and y1 < y2

    def check_table(self, table):
        """15-regular: every row of the table has as many cells (when none
        spans rows or columns)."""
        def kids(o):
            k = o.get("/K")
            return [x for x in (list(k) if isinstance(k, Array) else [k])
                    if isinstance(x, Dictionary) and "/S" in x]

        def typ(o):
            s = name_str(o.get("/S"))
            return self.resolve_role(s) if s else None

        rows = []
        for kid in kids(table):
            t = typ(kid)
            if t == "TR":
                rows.append(kid)
            elif t in ("THead", "TBody", "TFoot"):
                rows += [r for r in kids(kid) if typ(r) == "TR"]
        # 15-003 spares a TH in a table organized with /Headers and IDs:
        # some cell names its headers, and the TH has an /ID to be named.
        cells_of = [[c for c in kids(row) if typ(c) in ("TH", "TD")]
                    for row in rows]
        if any(self.attribute(c, "Table", "/Headers") is not None
               for cells in cells_of for c in cells):
            for cells in cells_of:
                for c in cells:
                    if typ(c) == "TH" and text_of(c.get("/ID")).strip():
                        self.th_headed.add(key_of(c))
        counts = []
        for cells in cells_of:
            if any(self.attribute(c, "Table", "/RowSpan") is not None or
                   self.attribute(c, "Table", "/ColSpan") is not None
                   for c in cells):
                return
            counts.append(len(cells))
        if len(set(counts)) > 1:
            self.r.fail("15-regular", "table rows hold %s cells: not a "
                        "regular table" % "/".join(str(c) for c in sorted(
                            set(counts))))

    # ---------------------------------------------------------------- page
    def check_page(self, index, page):
        pno = index + 1
        resources = inherited(page, "/Resources")
        self.mc_used = {}        # content key -> {mcid: count}
        self.form_runs = 0       # form XObjects run on this page (a budget)
        self.untagged = {}       # op -> count
        self.first_untagged = None
        try:
            instructions = self.parse_content(page, "page %d" % pno)
        except Exception as e:  # noqa: BLE001
            self.r.fail("00-parse", "page %d: content stream does not parse: "
                        "%s" % (pno, e))
            instructions = []
        state = {"stack": [], "font": None, "tr": 0, "gs": [], "bt": False}
        self.run_content(instructions, resources, state, key_of(page),
                         "page %d" % pno, depth=0)
        if state["bt"]:
            self.r.fail("00-parse", "page %d: content ends inside a text "
                        "object (BT without ET)" % pno)
        if state["stack"]:
            self.r.fail("01-mcbalance", "page %d: %d marked-content "
                        "sequence(s) (BMC/BDC) never closed by EMC"
                        % (pno, len(state["stack"])))
        if self.untagged:
            total = sum(self.untagged.values())
            ops = ", ".join("%s x%d" % kv for kv in sorted(
                self.untagged.items()))
            self.r.fail("01-005", "page %d: %d content operator(s) neither "
                        "tagged nor artifact (%s; first at operator #%d)"
                        % (pno, total, ops, self.first_untagged))
        # MCIDs used on this page: ParentTree and ownership.
        page_key = key_of(page)
        used = self.mc_used.get(page_key, {})
        sp = page.get("/StructParents")
        if used:
            self.check_mcids(page_key, used, sp, "page %d" % pno)
        for ck, mcids in self.mc_used.items():
            if ck == page_key:
                continue
            fsp = self.forms_seen[ck][1]
            self.check_mcids(ck, mcids, fsp, "form XObject %s on page %d"
                             % (fmt_key(ck), pno), form_owned=True)
        self.check_annotations(page, pno)

    def where_of(self, ck):
        pno = getattr(self, "page_numbers", {}).get(ck)
        return "page %d" % pno if pno else "object %s" % fmt_key(ck)

    def check_mcids(self, ck, used, sp, where, form_owned=False):
        self.all_used.update((ck, m) for m in used)
        for mcid, n in used.items():
            if n > 1:
                self.r.fail("01-mcid", "%s: MCID %d is used %d times"
                            % (where, mcid, n))
        if not self.struct_ok:
            self.r.fail("01-005", "%s: MCIDs are used but there is no "
                        "structure tree to own them" % where)
            return
        arr = None
        if sp is None:
            if not form_owned:
                self.r.fail("01-005", "%s uses MCIDs but has no "
                            "/StructParents" % where)
        else:
            spi = as_int(sp)
            arr = self.parent_tree.get(spi)
            if not isinstance(arr, Array):
                self.r.fail("01-005", "%s: /StructParents %s has no array "
                            "in the ParentTree" % (where, show(sp)))
                arr = None
        self.stats["mcids"] += len(used)
        missing_owner = []
        missing_pt = []
        wrong_pt = []
        for mcid in sorted(used):
            owner = self.owned.get((ck, mcid))
            if owner is None:
                missing_owner.append(mcid)
            if arr is None:
                continue
            entry = arr[mcid] if 0 <= mcid < len(arr) else None
            if not isinstance(entry, Dictionary):
                missing_pt.append(mcid)
            elif owner is not None and key_of(entry) != owner:
                wrong_pt.append(mcid)
        if missing_owner:
            self.r.fail("01-005", "%s: MCID(s) %s are not owned by any "
                        "structure element" % (where, fmt_list(missing_owner)))
        if missing_pt:
            self.r.fail("01-005", "%s: MCID(s) %s have no ParentTree entry"
                        % (where, fmt_list(missing_pt)))
        if wrong_pt:
            self.r.fail("01-005", "%s: ParentTree entries for MCID(s) %s "
                        "point to an element that does not own them"
                        % (where, fmt_list(wrong_pt)))

    def parse_content(self, obj, where):
        """The instructions of a page's or form's content; what qpdf skips
        or stops at while parsing (it warns and goes on) fails 00-parse:
        the content after it is not what a reader shows."""
        before = len(self.pdf.get_warnings())
        instructions = pikepdf.parse_content_stream(obj)
        for w in self.pdf.get_warnings()[before:][:3]:
            self.r.fail("00-parse", "%s: content stream does not parse to "
                        "its end: %s" % (where, w))
        return instructions

    def run_content(self, instructions, resources, state, ck, where, depth):
        stack = state["stack"]
        base = len(stack)
        fonts = resources.get("/Font") if isinstance(resources, Dictionary) \
            else None
        props = resources.get("/Properties") if isinstance(
            resources, Dictionary) else None
        xobjs = resources.get("/XObject") if isinstance(
            resources, Dictionary) else None
        self.stats["ops"] += len(instructions)
        for n, ins in enumerate(instructions, 1):
            op = ins.operator.unparse().decode("latin-1")
            operands = ins.operands
            if op in ("BDC", "BMC"):
                tag = name_str(operands[0]) if operands else None
                mcid = None
                plist = None
                if op == "BDC" and len(operands) > 1:
                    plist = operands[1]
                    if isinstance(plist, Name) and isinstance(props,
                                                              Dictionary):
                        plist = props.get(plist)
                    if isinstance(plist, Dictionary):
                        mcid = as_int(plist.get("/MCID"))
                    else:
                        plist = None
                if plist is not None:
                    self.check_marked_text(plist, stack, ck, where, n)
                artifact = tag == "Artifact"
                in_art = any(e[1] for e in stack)
                in_mcid = any(e[0] is not None for e in stack)
                if artifact and in_mcid:
                    self.r.fail("01-003", "%s: an Artifact sequence opens "
                                "inside MCID-tagged content (operator #%d)"
                                % (where, n))
                if mcid is not None and not artifact and in_art:
                    self.r.fail("01-004", "%s: MCID %d opens inside an "
                                "Artifact sequence (operator #%d)"
                                % (where, mcid, n))
                if mcid is not None and not artifact:
                    used = self.mc_used.setdefault(ck, {})
                    used[mcid] = used.get(mcid, 0) + 1
                stack.append((mcid if not artifact else None, artifact))
                continue
            if op == "EMC":
                if len(stack) <= base:
                    self.r.fail("01-mcbalance", "%s: EMC without a matching "
                                "BMC/BDC (operator #%d)" % (where, n))
                else:
                    stack.pop()
                continue
            if op == "BT":
                if state.get("bt"):
                    self.r.fail("00-parse", "%s: BT inside a text object "
                                "(operator #%d)" % (where, n))
                state["bt"] = True
                continue
            if op == "ET":
                if not state.get("bt"):
                    self.r.fail("00-parse", "%s: ET outside a text object "
                                "(operator #%d)" % (where, n))
                state["bt"] = False
                continue
            if op == "q":
                state["gs"].append((state["font"], state["tr"]))
                continue
            if op == "Q":
                if state["gs"]:
                    state["font"], state["tr"] = state["gs"].pop()
                continue
            if op == "Tr":
                state["tr"] = as_int(operands[0]) if operands else 0
                continue
            if op == "Tf":
                state["font"] = None
                if operands and isinstance(fonts, Dictionary):
                    f = fonts.get(operands[0]) if isinstance(
                        operands[0], Name) else None
                    if isinstance(f, Dictionary):
                        state["font"] = f
                    else:
                        self.r.fail("31-009", "%s: Tf names font %s that is "
                                    "not in the resources"
                                    % (where, show(operands[0])))
                continue
            painting = False
            if op in TEXT_OPS:
                painting = True
                self.note_text(state["font"], op, operands, where,
                               state["tr"] != 3)
            elif op in PAINT_OPS or op == "INLINE IMAGE" or op == "BI":
                painting = True
            elif op == "Do":
                xo = xobjs.get(operands[0]) if isinstance(
                    xobjs, Dictionary) and operands and isinstance(
                        operands[0], Name) else None
                if isinstance(xo, Stream):
                    st = xo.get("/Subtype")
                    if st == Name.Form:
                        if "/Ref" in xo:
                            self.r.fail("30-001", "%s: reference XObject"
                                        % where)
                        self.run_form(xo, resources, state, depth)
                    else:
                        painting = True
                else:
                    painting = True
            if painting:
                if not stack or not any(e[1] or e[0] is not None
                                        for e in stack):
                    self.untagged[op] = self.untagged.get(op, 0) + 1
                    if self.first_untagged is None:
                        self.first_untagged = n
        if len(stack) > base and depth > 0:
            self.r.fail("01-mcbalance", "%s: %d BMC/BDC never closed"
                        % (where, len(stack) - base))
            del stack[base:]

    def check_marked_text(self, plist, stack, ck, where, n):
        """A marked-content sequence's /Lang (11-001) and /ActualText
        (10-actualtext; its language, 11-002: the sequence's own /Lang, or
        that of the element owning the nearest enclosing MCID, or the
        document's)."""
        lang = None
        if "/Lang" in plist:
            lang = text_of(plist.get("/Lang")).strip()
            if not LANG_RE.match(lang):
                self.r.fail("11-001", "%s: marked content has /Lang %r, "
                            "which is not a language tag (operator #%d)"
                            % (where, lang, n))
        if "/ActualText" not in plist:
            return
        if not isinstance(plist.get("/ActualText"), pikepdf.String):
            self.r.fail("10-actualtext", "%s: marked-content /ActualText is "
                        "%s, not a text string (operator #%d)"
                        % (where, show(plist.get("/ActualText")), n))
            return
        if lang and LANG_RE.match(lang):
            return
        known = bool(self.doc_lang)
        for mcid, _ in reversed(stack):
            if mcid is not None:
                owner = self.owned.get((ck, mcid))
                if owner is not None:
                    known = self.elem_lang.get(owner, known)
                break
        if not known:
            self.r.fail("11-002", "%s: marked-content /ActualText with no "
                        "language on the sequence, its element or the "
                        "document (operator #%d)" % (where, n))

    def run_form(self, xo, resources, state, depth):
        key = key_of(xo)
        if depth > 12:
            self.r.fail("01-structtree", "form XObjects nested too deeply "
                        "(cycle?)")
            return
        # a budget of form runs a page: a form drawing another 20 times,
        # 12 deep, would otherwise run 20**12 times
        self.form_runs = getattr(self, "form_runs", 0) + 1
        if self.form_runs > 2000:
            if self.form_runs == 2001:
                self.r.fail("01-structtree", "form XObjects drawn more than 2000 "
                            "times on one page (a form drawing itself over and over?)")
            return
        fres = xo.get("/Resources")
        if not isinstance(fres, Dictionary):
            fres = resources
        try:
            instructions = self.parse_content(xo, "form XObject %s"
                                              % fmt_key(key))
        except Exception as e:  # noqa: BLE001
            self.r.fail("00-parse", "form XObject %s does not parse: %s"
                        % (fmt_key(key), e))
            return
        before = sum(len(v) for v in self.mc_used.values())
        self.forms_seen[key] = (xo, xo.get("/StructParents"))
        saved = state["font"], state["tr"], list(state["gs"]), state["bt"]
        state["bt"] = False
        self.run_content(instructions, fres, state, key,
                         "form XObject %s" % fmt_key(key), depth + 1)
        if state["bt"]:
            self.r.fail("00-parse", "form XObject %s: content ends inside "
                        "a text object (BT without ET)" % fmt_key(key))
        state["font"], state["tr"], state["gs"], state["bt"] = saved
        after = sum(len(v) for v in self.mc_used.values())
        count, had = self.form_uses.get(key, (0, False))
        self.form_uses[key] = (count + 1, had or after > before)

    def note_text(self, font, op, operands, where, visible):
        if font is None:
            self.r.fail("31-009", "%s: text shown with no font selected"
                        % where)
            return
        fk = font.objgen
        if fk == (0, 0):                 # a direct font: key by its bytes
            fk = ("direct", font.unparse())
        info = self.fonts.get(fk)
        if info is None:
            info = self.fonts[fk] = FontInfo(font)
            info.where = where
        info.visible = info.visible or visible
        strings = []
        if op == "TJ":
            if operands and isinstance(operands[0], Array):
                strings = [bytes(x) for x in operands[0]
                           if isinstance(x, pikepdf.String)]
        elif operands and isinstance(operands[-1], pikepdf.String):
            strings = [bytes(operands[-1])]
        for s in strings:
            info.codes.add(s)   # split later, once the font is known

    # --------------------------------------------------------- annotations
    def check_annotations(self, page, pno):
        annots = page.get("/Annots")
        if not isinstance(annots, Array) or len(annots) == 0:
            return
        real = [a for a in annots if isinstance(a, Dictionary)]
        if not real:
            return
        tabs = page.get("/Tabs")
        if tabs is None:
            self.r.fail("28-008", "page %d has annotations but no /Tabs"
                        % pno)
        elif tabs != Name.S:
            self.r.fail("28-009", "page %d has /Tabs %s, not /S"
                        % (pno, show(tabs)))
        self.stats["annots"] += len(real)
        for a in real:
            st = name_str(a.get("/Subtype")) or "?"
            flags = as_int(a.get("/F", 0)) or 0
            akey = key_of(a)
            if st == "Popup":
                continue
            if st not in ANNOT_SUBTYPES:
                self.r.fail("28-006", "page %d: annotation subtype /%s is "
                            "not defined in ISO 32000-1" % (pno, st))
            if st == "TrapNet":
                self.r.fail("28-007", "page %d: TrapNet annotation" % pno)
                continue
            owners = self.objr.get(akey, [])
            if st == "PrinterMark":
                if owners:
                    self.r.fail("28-017", "page %d: PrinterMark annotation "
                                "is in the structure tree" % pno)
                continue
            if flags & 2:            # hidden: not part of the document
                continue
            if self.doc_lang == "" and "/Contents" in a:
                self.r.fail("11-004", "page %d: annotation /Contents with no "
                            "document language" % pno)
            owner_types = [t for _, t, _ in owners]
            sp = a.get("/StructParent")
            cid = {"Link": "28-011", "Widget": "28-010"}.get(st, "28-002")
            wrong = [pk for pk in self.objr_pg.get(akey, [])
                     if pk is not None and pk != key_of(page)]
            if wrong:
                self.r.fail(cid, "page %d: the OBJR of a /%s annotation "
                            "gives /Pg %s, not the page holding it"
                            % (pno, st, self.where_of(wrong[0])))
            if st == "FileAttachment":
                fs = a.get("/FS")
                if isinstance(fs, Dictionary) and not ("/F" in fs and
                                                       "/UF" in fs):
                    self.r.fail("21-001", "page %d: the file specification "
                                "of a FileAttachment annotation has not both "
                                "/F and /UF" % pno)
            if st == "Link":
                contents = text_of(a.get("/Contents")).strip()
                if not contents:
                    self.r.fail("28-012", "page %d: Link annotation has no "
                                "/Contents (alternate description)" % pno)
                if "Link" not in owner_types:
                    self.r.fail("28-011", "page %d: Link annotation is not "
                                "referenced by an OBJR from a Link element"
                                % pno)
                self.check_struct_parent(a, sp, owners, pno, "28-011",
                                         "Link")
            elif st == "Widget":
                if "Form" not in owner_types:
                    self.r.fail("28-010", "page %d: widget annotation not in "
                                "a Form element" % pno)
                tu = a.get("/TU")
                parent = a.get("/Parent")
                if tu is None and isinstance(parent, Dictionary):
                    tu = parent.get("/TU")
                if not text_of(tu).strip() and not self.owner_has_alt(owners):
                    self.r.fail("28-005", "page %d: widget without /TU or "
                                "/Alt" % pno)
                self.check_struct_parent(a, sp, owners, pno, "28-010",
                                         "Widget")
            else:
                if "Annot" not in owner_types:
                    self.r.fail("28-002", "page %d: /%s annotation not in an "
                                "Annot element" % (pno, st))
                if not text_of(a.get("/Contents")).strip() and \
                        not self.owner_has_alt(owners):
                    self.r.fail("28-004", "page %d: /%s annotation without "
                                "/Contents or /Alt" % (pno, st))
                self.check_struct_parent(a, sp, owners, pno, "28-002", st)

    @staticmethod
    def owner_has_alt(owners):
        return any(isinstance(e, Dictionary) and
                   text_of(e.get("/Alt")).strip() for _, _, e in owners)

    def check_struct_parent(self, a, sp, owners, pno, cid, st):
        if not owners:
            return   # already reported as not nested in the structure
        if sp is None:
            self.r.fail(cid, "page %d: tagged %s annotation has no "
                        "/StructParent" % (pno, st))
            return
        entry = self.parent_tree.get(as_int(sp))
        if not isinstance(entry, Dictionary):
            self.r.fail(cid, "page %d: %s annotation /StructParent %s has no "
                        "ParentTree entry" % (pno, st, show(sp)))
        elif key_of(entry) not in [o for o, _, _ in owners]:
            self.r.fail(cid, "page %d: %s annotation /StructParent %s leads "
                        "to an element that does not hold its OBJR"
                        % (pno, st, show(sp)))

    # --------------------------------------------------------------- fonts
    def check_font(self, info):
        font = info.font
        where = info.where
        subtype = name_str(font.get("/Subtype"))
        base = name_str(font.get("/BaseFont")) or "?"
        label = "font %s (%s, first used on %s)" % (base, subtype, where)
        desc_font = None
        descriptor = None
        if subtype == "Type0":
            dfs = font.get("/DescendantFonts")
            if isinstance(dfs, Array) and len(dfs) >= 1 and \
                    isinstance(dfs[0], Dictionary):
                desc_font = dfs[0]
                descriptor = desc_font.get("/FontDescriptor")
            else:
                self.r.fail("31-009", "%s has no descendant CIDFont" % label)
                return
        elif subtype != "Type3":
            descriptor = font.get("/FontDescriptor")
        # Embedding (31-009) and CapHeight.  Text in rendering mode 3
        # (invisible, as over a scanned image) need not be embedded.
        if subtype != "Type3" and info.visible:
            if not isinstance(descriptor, Dictionary):
                self.r.fail("31-009", "%s is not embedded (no "
                            "FontDescriptor)" % label)
            else:
                if not any(k in descriptor for k in
                           ("/FontFile", "/FontFile2", "/FontFile3")):
                    self.r.fail("31-009", "%s is not embedded (no "
                                "FontFile/FontFile2/FontFile3)" % label)
                elif desc_font is not None:
                    self.check_program_kind(label, desc_font, descriptor)
                if "/CapHeight" not in descriptor:
                    self.r.fail("31-capheight", "%s: FontDescriptor has no "
                                "/CapHeight" % label)
        # The TrueType program itself (31-009: readable, with the tables
        # ISO 32000-1 9.9 requires; 31-011: with glyph outlines).
        prog = None
        if isinstance(descriptor, Dictionary) and \
                isinstance(descriptor.get("/FontFile2"), Stream):
            prog = self.truetype_program(label, descriptor.FontFile2,
                                         info.visible)
        # Code splitting.
        encoding = font.get("/Encoding")
        enc_name = name_str(encoding)
        cmap = None
        tu = font.get("/ToUnicode")
        if isinstance(tu, Stream):
            try:
                cmap = CMap(tu.read_bytes())
            except Exception as e:  # noqa: BLE001
                self.r.fail("10-001", "%s: ToUnicode stream unreadable: %s"
                            % (label, e))
        if subtype == "Type0":
            if enc_name in ("Identity-H", "Identity-V"):
                ranges = [(b"\x00\x00", b"\xff\xff")]
            elif enc_name is not None:
                if enc_name not in PREDEFINED_CMAPS:
                    self.r.fail("31-006", "%s: /Encoding /%s is neither a "
                                "predefined CMap nor embedded"
                                % (label, enc_name))
                ranges = (cmap.codespace if cmap and cmap.codespace
                          else [(b"\x00\x00", b"\xff\xff")])
            elif isinstance(encoding, Stream):
                try:
                    ranges = CMap(encoding.read_bytes()).codespace
                except Exception:  # noqa: BLE001
                    ranges = []
                ranges = ranges or [(b"\x00\x00", b"\xff\xff")]
            else:
                self.r.fail("31-006", "%s has no usable /Encoding" % label)
                ranges = [(b"\x00\x00", b"\xff\xff")]
        else:
            ranges = [(b"\x00", b"\xff")]
        codes = set()
        for s in info.codes:
            codes.update(split_by_codespace(s, ranges))
        self.stats["fonts"] += 1
        self.stats["codes"] += len(codes)
        # CIDToGIDMap, glyph 0, glyph count.
        if desc_font is not None:
            dsub = name_str(desc_font.get("/Subtype"))
            c2g = desc_font.get("/CIDToGIDMap")
            gidmap = None
            cid_to_gid = None
            if dsub == "CIDFontType2":
                if c2g is None:
                    self.r.fail("31-005", "%s: CIDFontType2 has no "
                                "/CIDToGIDMap" % label)
                elif isinstance(c2g, Stream):
                    gidmap = c2g.read_bytes()
                    if len(gidmap) % 2:
                        self.r.fail("31-004", "%s: /CIDToGIDMap stream has "
                                    "an odd number of bytes (%d), not two "
                                    "per CID" % (label, len(gidmap)))
                elif c2g != Name.Identity:
                    self.r.fail("31-004", "%s: /CIDToGIDMap is neither "
                                "/Identity nor a stream" % label)
            elif dsub == "CIDFontType0" and c2g is not None:
                self.r.warn("%s: a CIDFontType0 has a /CIDToGIDMap, which "
                            "only a CIDFontType2 uses" % label)
            if enc_name in ("Identity-H", "Identity-V"):
                nglyphs = None
                if prog is not None:
                    nglyphs = prog.glyph_count
                elif dsub == "CIDFontType0" and \
                        isinstance(descriptor, Dictionary) and \
                        isinstance(descriptor.get("/FontFile3"), Stream):
                    nglyphs, cid_to_gid = self.cff_program(
                        label, descriptor.FontFile3)
                notdef = []
                toobig = []
                shown = {}               # CID -> GID
                for code in sorted(codes):
                    if len(code) != 2:
                        continue
                    cid = int.from_bytes(code, "big")
                    if cid_to_gid is not None:
                        gid = cid_to_gid.get(cid, 0)
                    elif gidmap is not None:
                        g = gidmap[2 * cid: 2 * cid + 2]
                        gid = int.from_bytes(g, "big") if len(g) == 2 else 0
                    else:
                        gid = cid
                    shown[cid] = gid
                    if gid == 0:
                        notdef.append(cid)
                    elif nglyphs is not None and gid >= nglyphs:
                        toobig.append((cid, gid))
                if notdef:
                    self.r.fail("31-030", "%s: CID(s) %s are shown but select "
                                "glyph 0 (.notdef)" % (label,
                                                       fmt_list(notdef)))
                if toobig:
                    self.r.fail("31-011", "%s: CID->GID %s beyond the %d "
                                "glyphs of the embedded program"
                                % (label, fmt_list(toobig), nglyphs))
                if prog is not None and dsub == "CIDFontType2":
                    self.check_widths(label, desc_font, prog, shown)
        # ToUnicode presence (31-027), validity and coverage (10-001).
        if cmap is None and tu is None:
            if not self.tounicode_exempt(font, subtype, desc_font, encoding,
                                         descriptor):
                self.r.fail("31-027", "%s has no /ToUnicode CMap" % label)
            return
        if cmap is None:
            if tu is not None and not isinstance(tu, Stream):
                if name_str(tu) in ("Identity-H", "Identity-V"):
                    self.r.fail("10-001", "%s: /ToUnicode is a name, not a "
                                "CMap stream" % label)
                else:
                    self.r.fail("10-001", "%s: /ToUnicode is not a stream"
                                % label)
            return
        if cmap.cid_sections:
            self.r.fail("10-001", "%s: ToUnicode CMap uses %s sections (only "
                        "bfchar/bfrange map to Unicode)"
                        % (label, "/".join(sorted(cmap.cid_sections))))
        for e in cmap.errors[:3]:
            self.r.fail("10-001", "%s: ToUnicode CMap malformed: %s"
                        % (label, e))
        for w in cmap.warnings[:3]:
            self.r.warn("%s: ToUnicode CMap: %s" % (label, w))
        unmapped, zero, bom, lost = [], [], [], []
        for code in sorted(codes):
            u = cmap.lookup(code)
            if not u:
                unmapped.append(code.hex())
            elif "\ufffd" in u:
                lost.append(code.hex())
            elif "\x00" in u:
                zero.append(code.hex())
            elif "\ufeff" in u or "\ufffe" in u:
                bom.append(code.hex())
        if unmapped:
            self.r.fail("10-001", "%s: shown code(s) %s have no Unicode "
                        "mapping in its ToUnicode CMap"
                        % (label, fmt_list(unmapped)))
        if lost:
            self.r.fail("10-001", "%s: shown code(s) %s map to U+FFFD "
                        "(replacement character): their text cannot be "
                        "recovered" % (label, fmt_list(lost)))
        if zero:
            self.r.fail("31-028", "%s: code(s) %s map to U+0000"
                        % (label, fmt_list(zero)))
        if bom:
            self.r.fail("31-029", "%s: code(s) %s map to U+FEFF/U+FFFE"
                        % (label, fmt_list(bom)))

    def check_program_kind(self, label, desc_font, descriptor):
        """31-009: a font program its CIDFont type can use (ISO 32000-1,
        Table 126)."""
        dsub = name_str(desc_font.get("/Subtype"))
        ff3 = descriptor.get("/FontFile3")
        kind = name_str(ff3.get("/Subtype")) if isinstance(ff3, Stream) \
            else None
        if dsub == "CIDFontType0":
            if kind not in ("CIDFontType0C", "OpenType"):
                have = "FontFile3 /%s" % kind if kind else \
                    "/" + next(k for k in ("FontFile", "FontFile2",
                                           "FontFile3") if "/" + k in
                               descriptor)
                self.r.fail("31-009", "%s: a CIDFontType0 embeds its "
                            "program as %s, not FontFile3 /CIDFontType0C "
                            "or /OpenType" % (label, have))
        elif dsub == "CIDFontType2":
            if "/FontFile2" not in descriptor and kind != "OpenType":
                self.r.fail("31-009", "%s: a CIDFontType2 embeds its "
                            "program as %s, not FontFile2 (or FontFile3 "
                            "/OpenType)" % (label, "FontFile3 /%s" % kind
                                            if kind else "FontFile"))

    def truetype_program(self, label, stream, visible):
        """The TrueTypeProgram of a FontFile2 stream, or None when it
        cannot be read or lacks tables (a failure when `visible`: text
        rendered with it)."""
        try:
            prog = TrueTypeProgram(stream.read_bytes())
        except (ValueError, IndexError) as e:
            if visible:
                self.r.fail("31-009", "%s: its FontFile2 program is not a "
                            "readable TrueType font: %s" % (label, e))
            return None
        missing = [t for t in prog.missing if t not in ("glyf", "loca")]
        if missing and visible:
            self.r.fail("31-009", "%s: its FontFile2 program has no %s "
                        "table (ISO 32000-1 9.9)"
                        % (label, "/".join(missing)))
        outlines = [t for t in prog.missing if t in ("glyf", "loca")]
        if outlines and visible:
            self.r.fail("31-011", "%s: its FontFile2 program has no %s "
                        "table: it holds no glyphs for the text"
                        % (label, "/".join(outlines)))
        if prog.missing:
            return None
        return prog

    def check_widths(self, label, desc_font, prog, shown):
        """31-016: each shown CID's width in /W (or /DW) agrees, within 1
        unit in 1000, with its glyph's hmtx advance scaled to 1000 units
        per em."""
        try:
            widths, default = cid_widths(desc_font)
        except ValueError as e:
            self.r.fail("31-016", "%s: %s" % (label, e))
            return
        bad = []
        for cid, gid in sorted(shown.items()):
            adv = prog.advance(gid)
            if adv is None or gid == 0 or gid >= (prog.glyph_count or 0):
                continue            # reported as 31-030 / 31-011
            want = adv * 1000.0 / prog.units_per_em
            have = widths.get(cid, default)
            if abs(have - want) > 1.0:
                bad.append("CID %d: %g, program %g" % (cid, have,
                                                       round(want, 1)))
        if bad:
            self.r.fail("31-016", "%s: /W widths differ from the font "
                        "program's (hmtx) by more than 1/1000 em: %s"
                        % (label, fmt_list(bad, 4)))

    def cff_program(self, label, stream):
        """(glyph count, {CID: GID} or None) of a CIDFontType0's program,
        (None, None) when it is not one the checker can read."""
        kind = name_str(stream.get("/Subtype"))
        try:
            data = stream.read_bytes()
            if kind == "OpenType":
                data = sfnt_table(data, b"CFF ")
                if data is None:
                    self.r.fail("31-009", "%s: its OpenType program has no "
                                "CFF table" % label)
                    return None, None
            elif kind != "CIDFontType0C":
                return None, None
            return cff_glyphs(data)
        except (ValueError, IndexError) as e:
            self.r.fail("31-009", "%s: its CFF program cannot be read: %s"
                        % (label, e))
            return None, None

    @staticmethod
    def tounicode_exempt(font, subtype, desc_font, encoding, descriptor):
        if subtype == "Type0":
            csi = desc_font.get("/CIDSystemInfo") if desc_font else None
            if isinstance(csi, Dictionary):
                reg = text_of(csi.get("/Registry"))
                order = text_of(csi.get("/Ordering"))
                return reg == "Adobe" and order in ("GB1", "CNS1", "Japan1",
                                                    "Korea1")
            return False
        enc = encoding
        if isinstance(enc, Dictionary):
            if "/Differences" in enc and subtype in ("Type1", "MMType1",
                                                     "Type3"):
                return True   # glyph names assumed from the AGL
            enc = enc.get("/BaseEncoding")
        if name_str(enc) in ("MacRomanEncoding", "MacExpertEncoding",
                             "WinAnsiEncoding"):
            return True
        flags = as_int(descriptor.get("/Flags", 0)) if isinstance(
            descriptor, Dictionary) else 0
        symbolic = bool((flags or 0) & 4)
        if subtype == "TrueType" and not symbolic:
            return True
        if subtype in ("Type1", "MMType1") and not symbolic:
            return True   # standard encoding, AGL glyph names
        return False

    # ---------------------------------------------------------------- misc
    def check_misc(self):
        root = self.root
        if not self.doc_lang:
            if not self.elem_lang or not all(self.elem_lang.values()):
                what = ("catalog /Lang %r is not a language tag"
                        % self.bad_lang) if self.bad_lang else \
                    "catalog has no (non-empty) /Lang"
                self.r.fail("11-001", what + ": the natural language of the "
                            "page content cannot be determined")
            if self.has_outlines:
                self.r.fail("11-003", "outline entries exist but the "
                            "document declares no language")
        ocp = root.get("/OCProperties")
        if isinstance(ocp, Dictionary):
            d = ocp.get("/D")
            if isinstance(d, Dictionary):
                if not text_of(d.get("/Name")).strip():
                    self.r.fail("20-002", "default optional content "
                                "configuration has no /Name")
                if "/AS" in d:
                    self.r.fail("20-003", "optional content configuration "
                                "has /AS")
            for c in ocp.get("/Configs", []) or []:
                if isinstance(c, Dictionary):
                    if not text_of(c.get("/Name")).strip():
                        self.r.fail("20-001", "optional content "
                                    "configuration in /Configs has no /Name")
                    if "/AS" in c:
                        self.r.fail("20-003", "optional content "
                                    "configuration has /AS")
        names = root.get("/Names")
        if isinstance(names, Dictionary) and "/EmbeddedFiles" in names:
            files = []
            read_name_tree(names.EmbeddedFiles, files)
            for _, fs in files:
                if isinstance(fs, Dictionary) and not ("/F" in fs and
                                                       "/UF" in fs):
                    self.r.fail("21-001", "embedded file specification "
                                "without both /F and /UF")
        acro = root.get("/AcroForm")
        if isinstance(acro, Dictionary) and "/XFA" in acro:
            xfa = acro.XFA
            parts = []
            if isinstance(xfa, Stream):
                parts = [xfa]
            elif isinstance(xfa, Array):
                parts = [x for x in xfa if isinstance(x, Stream)]
            for p in parts:
                if re.search(rb"<dynamicRender>\s*required", p.read_bytes()):
                    self.r.fail("25-001", "XFA dynamicRender is required")


def fmt_list(items, limit=8):
    items = list(items)
    text = ", ".join(str(x) for x in items[:limit])
    if len(items) > limit:
        text += " ... (%d in all)" % len(items)
    return text


def check_file(path, quiet=False, verbose=False, out=sys.stdout):
    checker = Checker(path)
    report = checker.run()
    if verbose and checker.pdf is not None:
        out.write("INFO %s: PDF %s; %s\n" % (
            path, getattr(checker, "version", "?"),
            ", ".join("%d %s" % (v, k) for k, v in checker.stats.items())))
    if not quiet:
        per_id = {}
        for cid, msg in report.fails:
            per_id[cid] = per_id.get(cid, 0) + 1
            if per_id[cid] <= MAX_LINES_PER_ID:
                out.write("FAIL %s %s\n" % (cid, msg))
        for cid, n in per_id.items():
            if n > MAX_LINES_PER_ID:
                out.write("FAIL %s ... and %d more\n"
                          % (cid, n - MAX_LINES_PER_ID))
        for w in report.warns:
            out.write("WARN %s\n" % w)
    if report.fails:
        ids = sorted(set(c for c, _ in report.fails))
        out.write("FAILED %s (%d failures: %s)\n"
                  % (path, len(report.fails), " ".join(ids)))
        return False
    out.write("PASS %s\n" % path)
    return True


def check_each(list_file, share, folder):
    """Check the files listed in 'list_file' (one a line) whose line number,
    counted from 0, is share[0] modulo share[1]: file i's report to
    folder/i.out and its exit status (0 pass, 1 fail, 2 the checker broke)
    to folder/i.rc.  run.sh runs a process a core this way: starting
    Python and pikepdf was most of the time of one run a file."""
    paths = open(list_file, encoding="utf-8").read().splitlines()
    for i, path in enumerate(paths):
        if i % share[1] != share[0]:
            continue
        buf = io.StringIO()
        try:
            rc = 0 if check_file(path, False, False, buf) else 1
        except Exception as e:  # a file the checker cannot read
            buf.write("ERROR %s: %s: %s\n" % (path, type(e).__name__, e))
            rc = 2
        with open(os.path.join(folder, "%d.out" % i), "w", encoding="utf-8") as f:
            f.write(buf.getvalue())
        with open(os.path.join(folder, "%d.rc" % i), "w", encoding="utf-8") as f:
            f.write("%d\n" % rc)
    return 0


def main(argv):
    args = argv[1:]
    if args[:1] == ["--each"] and len(args) == 4:
        k, n = (int(x) for x in args[2].split("/"))
        return check_each(args[1], (k, n), args[3])
    quiet = verbose = False
    while args and args[0] in ("-q", "-v"):
        quiet = quiet or args[0] == "-q"
        verbose = verbose or args[0] == "-v"
        args = args[1:]
    if not args or any(a in ("-h", "--help") for a in args):
        sys.stderr.write("usage: check_pdfua.py [-q|-v] FILE.pdf [...]\n"
                         "       check_pdfua.py --each LIST K/N FOLDER\n")
        return 2
    ok = True
    for path in args:
        ok = check_file(path, quiet, verbose) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
