#!/usr/bin/python3
"""make_broken.py -- deliberately broken variants of a good tagged PDF.

Usage: make_broken.py GOOD.pdf OUTDIR [MORE.pdf ...]

Writes OUTDIR/base.pdf (GOOD.pdf, plus one tagged Link annotation on page 1
when GOOD.pdf has none, so that the annotation cases have something to
break) and one variant per case, OUTDIR/<checkpoint>-<what>.pdf, each
breaking exactly one PDF/UA-1 condition of base.pdf.  A case that does not
apply to base.pdf (a CFF font to break, say, where GOOD.pdf has none) is
made from the first of the MORE files it applies to, copied as
OUTDIR/base-<n>.pdf.  OUTDIR/cases.tsv lists them, one per line:

    <file>\t<checkpoint>\t<regex the FAIL line must also match>\t<base>\t<what>

A case that applies to none of the inputs is reported on standard error as
SKIP and left out of cases.tsv.

It edits the PDF with pikepdf only; it knows nothing of leaflet's writer and
does not import the checker.
"""

import os
import re
import sys

try:
    import pikepdf
except ImportError:  # pragma: no cover
    sys.stderr.write("make_broken: needs pikepdf (Debian: python3-pikepdf)\n")
    sys.exit(2)

from pikepdf import Array, Dictionary, Name, String


class Skip(Exception):
    """The case does not apply to this input."""


# ------------------------------------------------------------------ helpers

def struct_elements(pdf):
    """Structure elements in tree order (preorder), with their parents."""
    root = pdf.Root.get("/StructTreeRoot")
    if not isinstance(root, Dictionary):
        return

    def kids_of(k):
        if k is None:
            return []
        return list(k) if isinstance(k, Array) else [k]

    stack = [(kid, None) for kid in reversed(kids_of(root.get("/K")))]
    seen = set()
    while stack:
        elem, parent = stack.pop()
        if not isinstance(elem, Dictionary) or "/S" not in elem or \
                elem.get("/Type") in (Name.MCR, Name.OBJR):
            continue
        og = elem.objgen
        if og != (0, 0):
            if og in seen:
                continue
            seen.add(og)
        yield elem, parent
        for kid in reversed(kids_of(elem.get("/K"))):
            stack.append((kid, elem))


def elements_of(pdf, stype):
    return [e for e, _ in struct_elements(pdf) if e.get("/S") == Name(
        "/" + stype)]


def first_element(pdf, stype):
    found = elements_of(pdf, stype)
    if not found:
        raise Skip("no /%s structure element" % stype)
    return found[0]


def link_annots(pdf):
    out = []
    for page in pdf.pages:
        for a in page.obj.get("/Annots", []) or []:
            if isinstance(a, Dictionary) and a.get("/Subtype") == Name.Link:
                out.append((page.obj, a))
    return out


def first_link(pdf):
    found = link_annots(pdf)
    if not found:
        raise Skip("no Link annotation")
    return found[0]


def page_fonts(pdf, page_index=0):
    res = pdf.pages[page_index].obj.get("/Resources")
    fonts = res.get("/Font") if isinstance(res, Dictionary) else None
    if not isinstance(fonts, Dictionary):
        raise Skip("page has no fonts")
    return fonts


def first_type0(pdf):
    for name, font in page_fonts(pdf).items():
        if font.get("/Subtype") == Name.Type0:
            return name, font
    raise Skip("no Type0 font on page 1")


def descriptor(font):
    if font.get("/Subtype") == Name.Type0:
        return font.DescendantFonts[0].get("/FontDescriptor")
    return font.get("/FontDescriptor")


def content(pdf, page_index=0):
    page = pdf.pages[page_index].obj
    return page, list(pikepdf.parse_content_stream(page))


def set_content(pdf, page, instructions):
    page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(
        instructions))


def ins(operands, op):
    return pikepdf.ContentStreamInstruction(operands, pikepdf.Operator(op))


def mcid_of(instr):
    if str(instr.operator) != "BDC" or len(instr.operands) < 2:
        return None
    plist = instr.operands[1]
    if isinstance(plist, Dictionary) and "/MCID" in plist:
        return int(plist.MCID)
    return None


def tagged_sequences(instructions):
    """(start, end) indexes of BDC-with-MCID ... matching EMC."""
    out = []
    stack = []
    for i, instr in enumerate(instructions):
        op = str(instr.operator)
        if op in ("BDC", "BMC"):
            stack.append((i, mcid_of(instr)))
        elif op == "EMC" and stack:
            start, mcid = stack.pop()
            if mcid is not None:
                out.append((start, i))
    out.sort()
    if not out:
        raise Skip("page 1 has no MCID-tagged sequence")
    return out


def shown_codes(instructions, fontname):
    """2-byte codes shown with font resource `fontname`, in order."""
    cur = None
    codes = []
    for instr in instructions:
        op = str(instr.operator)
        if op == "Tf":
            cur = instr.operands[0]
        elif op in ("Tj", "'", '"', "TJ") and cur == fontname:
            items = instr.operands[0] if op == "TJ" else [instr.operands[-1]]
            for s in items:
                if isinstance(s, String):
                    b = bytes(s)
                    codes += [b[i:i + 2] for i in range(0, len(b) - 1, 2)]
    return codes


def xmp(pdf):
    md = pdf.Root.get("/Metadata")
    if md is None:
        raise Skip("no XMP metadata")
    return md.read_bytes().decode("utf-8")


def set_xmp(pdf, text):
    md = pdf.Root.Metadata
    md.write(text.encode("utf-8"))


BF_CHAR = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
BF_RANGE = re.compile(
    r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def bf_mappings(cmap_text):
    """{code int: dst hex} from the bfchar/bfrange sections (hex forms)."""
    out = {}
    for sect in re.findall(r"beginbfchar(.*?)endbfchar", cmap_text, re.S):
        for src, dst in BF_CHAR.findall(sect):
            out[int(src, 16)] = dst
    for sect in re.findall(r"beginbfrange(.*?)endbfrange", cmap_text, re.S):
        if "[" in sect:
            raise Skip("ToUnicode uses array bfranges")
        for lo, hi, dst in BF_RANGE.findall(sect):
            base = int(dst, 16)
            for n, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = "%0*X" % (len(dst), base + n)
    return out


def write_bf_cmap(mappings):
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin",
             "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
             "/Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    items = sorted(mappings.items())
    for i in range(0, len(items), 100):
        chunk = items[i:i + 100]
        lines.append("%d beginbfchar" % len(chunk))
        lines += ["<%04X> <%s>" % (c, d) for c, d in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop",
              "end", "end"]
    return ("\n".join(lines) + "\n").encode()


def first_used_code(pdf):
    """(font resource name, font, first 2-byte code shown on page 1)."""
    name, font = first_type0(pdf)
    _, instructions = content(pdf)
    codes = shown_codes(instructions, name)
    if not codes:
        raise Skip("font %s shows nothing on page 1" % name)
    return name, font, int.from_bytes(codes[0], "big")


# ------------------------------------------------------------------ base

def ensure_link(pdf):
    """Give page 1 a tagged Link annotation when the document has none."""
    if link_annots(pdf):
        return False
    str_root = pdf.Root.get("/StructTreeRoot")
    if not isinstance(str_root, Dictionary):
        return False
    pt = str_root.get("/ParentTree")
    if not isinstance(pt, Dictionary) or "/Nums" not in pt:
        return False
    top = str_root.K
    doc = top[0] if isinstance(top, Array) else top
    if not isinstance(doc, Dictionary):
        return False
    keys = [int(pt.Nums[i]) for i in range(0, len(pt.Nums), 2)]
    key = max(keys + [int(str_root.get("/ParentTreeNextKey", 0)) - 1]) + 1
    page = pdf.pages[0].obj
    uri = "https://example.org/patient-information"
    annot = pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.Link, Rect=Array([72, 40, 200, 56]),
        Border=Array([0, 0, 0]), F=4, P=page, StructParent=key,
        Contents=String("Link to " + uri),
        A=Dictionary(Type=Name.Action, S=Name.URI, URI=String(uri))))
    link = pdf.make_indirect(Dictionary(
        Type=Name.StructElem, S=Name.Link, P=doc, Pg=page,
        K=Array([Dictionary(Type=Name.OBJR, Obj=annot, Pg=page)])))
    k = doc.get("/K")
    if isinstance(k, Array):
        k.append(link)
    elif k is None:
        doc.K = Array([link])
    else:
        doc.K = Array([k, link])
    pt.Nums.append(key)
    pt.Nums.append(link)
    str_root.ParentTreeNextKey = key + 1
    annots = page.get("/Annots")
    if isinstance(annots, Array):
        annots.append(annot)
    else:
        page.Annots = Array([annot])
    page.Tabs = Name.S
    return True


# ------------------------------------------------------------------ cases
# Each case: (file stem, checkpoint, regex for the FAIL line, what, function)

CASES = []


def case(stem, checkpoint, regex, what):
    def wrap(fn):
        CASES.append((stem, checkpoint, regex, what, fn))
        return fn
    return wrap


@case("11-001-no-lang", "11-001", "Lang", "catalog /Lang removed")
def _(pdf):
    if "/Lang" not in pdf.Root:
        raise Skip("no /Lang")
    del pdf.Root.Lang


@case("11-001-bad-lang", "11-001", "not a language tag",
      "catalog /Lang is not a language tag")
def _(pdf):
    pdf.Root.Lang = String("English (UK)")


@case("01-005-no-markinfo", "01-005", "MarkInfo", "catalog /MarkInfo removed")
def _(pdf):
    if "/MarkInfo" not in pdf.Root:
        raise Skip("no /MarkInfo")
    del pdf.Root.MarkInfo


@case("01-007-suspects", "01-007", "Suspects", "/MarkInfo /Suspects true")
def _(pdf):
    pdf.Root.MarkInfo = Dictionary(Marked=True, Suspects=True)


@case("07-001-no-displaydoctitle", "07-001", "DisplayDocTitle",
      "/ViewerPreferences removed")
def _(pdf):
    if "/ViewerPreferences" not in pdf.Root:
        raise Skip("no /ViewerPreferences")
    del pdf.Root.ViewerPreferences


@case("07-002-displaydoctitle-false", "07-002", "DisplayDocTitle",
      "/DisplayDocTitle false")
def _(pdf):
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=False)


@case("06-001-no-metadata", "06-001", "Metadata", "catalog /Metadata removed")
def _(pdf):
    if "/Metadata" not in pdf.Root:
        raise Skip("no /Metadata")
    del pdf.Root.Metadata


@case("06-001-metadata-not-xml", "06-001", "XML",
      "metadata stream is not well-formed XML")
def _(pdf):
    xmp(pdf)
    set_xmp(pdf, "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF>")


@case("06-002-no-pdfuaid", "06-002", "pdfuaid",
      "pdfuaid:part dropped from the XMP")
def _(pdf):
    text = xmp(pdf)
    new = re.sub(r"<pdfuaid:part>.*?</pdfuaid:part>", "", text, flags=re.S)
    new = re.sub(r"\s*pdfuaid:part\s*=\s*(['\"]).*?\1", "", new)
    if new == text:
        raise Skip("no pdfuaid:part in the XMP")
    set_xmp(pdf, new)


@case("06-002-pdfuaid-wrong-ns", "06-002", "pdfuaid",
      "pdfuaid prefix bound to a wrong namespace (no trailing slash)")
def _(pdf):
    text = xmp(pdf)
    ns = "http://www.aiim.org/pdfua/ns/id/"
    if ns not in text:
        raise Skip("no pdfuaid namespace in the XMP")
    set_xmp(pdf, text.replace(ns, ns[:-1]))


@case("06-002-pdfuaid-part-2", "06-002", "not 1",
      "pdfuaid:part is 2 (claims PDF/UA-2)")
def _(pdf):
    text = xmp(pdf)
    new = re.sub(r"<pdfuaid:part>.*?</pdfuaid:part>",
                 "<pdfuaid:part>2</pdfuaid:part>", text, flags=re.S)
    if new == text:
        raise Skip("no pdfuaid:part element in the XMP")
    set_xmp(pdf, new)


@case("06-003-no-dc-title", "06-003", "dc:title", "dc:title dropped")
def _(pdf):
    text = xmp(pdf)
    new = re.sub(r"<dc:title>.*?</dc:title>", "", text, flags=re.S)
    if new == text:
        raise Skip("no dc:title in the XMP")
    set_xmp(pdf, new)


@case("01-005-no-structtreeroot", "01-005", "StructTreeRoot",
      "catalog /StructTreeRoot removed")
def _(pdf):
    if "/StructTreeRoot" not in pdf.Root:
        raise Skip("no /StructTreeRoot")
    del pdf.Root.StructTreeRoot


@case("01-structtree-parenttree-loop", "01-structtree", "reached twice",
      "a ParentTree whose /Kids lists itself twice (a loop: the checker "
      "must end, not walk 2**32 nodes)")
def _(pdf):
    pt = pdf.Root.StructTreeRoot.get("/ParentTree")
    if not isinstance(pt, Dictionary) or not pt.is_indirect:
        raise Skip("no indirect ParentTree")
    pt.Kids = Array([pt, pt])


@case("01-structtree-form-bomb", "01-structtree", "more than 2000 times",
      "an artifact form XObject that draws itself 20 times (the checker "
      "must end, not run it 20**12 times)")
def _(pdf):
    page, instructions = content(pdf)
    form = pdf.make_stream(b"")
    form.Type = Name.XObject
    form.Subtype = Name.Form
    form.BBox = Array([0, 0, 10, 10])
    form.Resources = Dictionary(XObject=Dictionary(Bomb=form))
    form.write(b" ".join([b"/Bomb Do"] * 20))
    res = page.get("/Resources")
    if not isinstance(res, Dictionary):
        raise Skip("no page resources")
    if "/XObject" not in res:
        res.XObject = Dictionary()
    res.XObject.Bomb = form
    instructions += [ins([Name.Artifact], "BMC"), ins([Name.Bomb], "Do"), ins([], "EMC")]
    set_content(pdf, page, instructions)


@case("01-005-no-parenttree", "01-005", "ParentTree",
      "/ParentTree removed")
def _(pdf):
    sr = pdf.Root.get("/StructTreeRoot")
    if sr is None or "/ParentTree" not in sr:
        raise Skip("no /ParentTree")
    del sr.ParentTree


@case("01-005-parenttree-short", "01-005", "no ParentTree entry",
      "last MCID of page 1 dropped from its ParentTree array")
def _(pdf):
    page = pdf.pages[0].obj
    sp = page.get("/StructParents")
    pt = pdf.Root.StructTreeRoot.get("/ParentTree")
    if sp is None or pt is None or "/Nums" not in pt:
        raise Skip("no flat ParentTree for page 1")
    nums = pt.Nums
    for i in range(0, len(nums), 2):
        if int(nums[i]) == int(sp) and isinstance(nums[i + 1], Array):
            arr = nums[i + 1]
            if len(arr) == 0:
                raise Skip("empty ParentTree array")
            del arr[len(arr) - 1]
            return
    raise Skip("page 1's ParentTree array not found")


@case("01-005-no-structparents", "01-005", "StructParents",
      "/StructParents removed from page 1")
def _(pdf):
    page = pdf.pages[0].obj
    if "/StructParents" not in page:
        raise Skip("page 1 has no /StructParents")
    del page.StructParents


@case("01-005-mcid-owned-not-used", "01-005", "never uses",
      "a paragraph claims MCID 9999, which no content of its page has")
def _(pdf):
    p = first_element(pdf, "P")
    if "/Pg" not in p:
        raise Skip("the first P has no /Pg")
    p.K = Array(kids_list(p) + [9999])


@case("00-parse-content-unterminated", "00-parse",
      "does not parse to its end",
      "page 1's content ends in an unterminated string")
def _(pdf):
    page, instructions = content(pdf)
    page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(
        instructions) + b"\n(unterminated")


@case("00-parse-bt-unclosed", "00-parse", "BT without ET",
      "the last ET on page 1 removed (a text object never closed)")
def _(pdf):
    page, instructions = content(pdf)
    for i in range(len(instructions) - 1, -1, -1):
        if str(instructions[i].operator) == "ET":
            del instructions[i]
            set_content(pdf, page, instructions)
            return
    raise Skip("page 1 has no ET")


@case("01-005-untagged-text", "01-005", "neither tagged nor artifact",
      "BDC/EMC stripped from the first tagged text on page 1")
def _(pdf):
    page, instructions = content(pdf)
    start, end = tagged_sequences(instructions)[0]
    del instructions[end]
    del instructions[start]
    set_content(pdf, page, instructions)


@case("01-005-untagged-path", "01-005", "neither tagged nor artifact",
      "an untagged stroked line appended to page 1")
def _(pdf):
    page, instructions = content(pdf)
    instructions += [ins([], "q"), ins([10, 10], "m"), ins([20, 20], "l"),
                     ins([], "S"), ins([], "Q")]
    set_content(pdf, page, instructions)


@case("01-004-tagged-in-artifact", "01-004", "inside an Artifact",
      "an /Artifact sequence wrapped around tagged content")
def _(pdf):
    page, instructions = content(pdf)
    start, end = tagged_sequences(instructions)[0]
    instructions.insert(end + 1, ins([], "EMC"))
    instructions.insert(start, ins([Name.Artifact], "BMC"))
    set_content(pdf, page, instructions)


@case("01-003-artifact-in-tagged", "01-003", "inside MCID-tagged",
      "an /Artifact sequence inside a tagged sequence")
def _(pdf):
    page, instructions = content(pdf)
    start, end = tagged_sequences(instructions)[0]
    instructions.insert(end, ins([], "EMC"))
    instructions.insert(start + 1, ins([Name.Artifact], "BMC"))
    set_content(pdf, page, instructions)


@case("01-mcbalance-extra-emc", "01-mcbalance", "EMC without",
      "an extra EMC at the end of page 1")
def _(pdf):
    page, instructions = content(pdf)
    instructions.append(ins([], "EMC"))
    set_content(pdf, page, instructions)


@case("01-mcbalance-missing-emc", "01-mcbalance", "never closed",
      "the last EMC of page 1 removed")
def _(pdf):
    page, instructions = content(pdf)
    for i in range(len(instructions) - 1, -1, -1):
        if str(instructions[i].operator) == "EMC":
            del instructions[i]
            set_content(pdf, page, instructions)
            return
    raise Skip("page 1 has no EMC")


@case("01-mcid-duplicate", "01-mcid", "used 2 times",
      "the second MCID on page 1 renumbered to the first")
def _(pdf):
    page, instructions = content(pdf)
    seqs = tagged_sequences(instructions)
    if len(seqs) < 2:
        raise Skip("fewer than two tagged sequences on page 1")
    first = mcid_of(instructions[seqs[0][0]])
    second = instructions[seqs[1][0]]
    second.operands[1].MCID = first
    set_content(pdf, page, instructions)


@case("02-001-unmapped-type", "02-001", "does not role-map",
      "a P element renamed /Para with no RoleMap entry")
def _(pdf):
    first_element(pdf, "P").S = Name("/Para")


@case("02-003-circular-rolemap", "02-003", "circular",
      "a P element renamed /Para, RoleMap Para -> Para2 -> Para")
def _(pdf):
    first_element(pdf, "P").S = Name("/Para")
    sr = pdf.Root.StructTreeRoot
    rm = sr.get("/RoleMap")
    if not isinstance(rm, Dictionary):
        rm = sr.RoleMap = Dictionary()
    rm.Para = Name("/Para2")
    rm.Para2 = Name("/Para")


@case("02-004-standard-remapped", "02-004", "remapped",
      "RoleMap remaps the standard type /P")
def _(pdf):
    sr = pdf.Root.get("/StructTreeRoot")
    if sr is None:
        raise Skip("no structure tree")
    rm = sr.get("/RoleMap")
    if not isinstance(rm, Dictionary):
        rm = sr.RoleMap = Dictionary()
    rm.P = Name.Span


@case("09-005-list-holds-p", "09-005", "list",
      "an LI element of a list renamed /P")
def _(pdf):
    first_element(pdf, "LI").S = Name.P


@case("13-004-figure-no-alt", "13-004", "Figure",
      "a P element retyped /Figure without /Alt")
def _(pdf):
    first_element(pdf, "P").S = Name.Figure


@case("14-003-skipped-heading", "14-003", "H1 is followed by H4|skipped",
      "the first H2 made an H4 (a level skipped)")
def _(pdf):
    first_element(pdf, "H2").S = Name("/H4")


@case("14-002-first-heading-not-h1", "14-002", "not H1",
      "every H1 made an H2")
def _(pdf):
    h1s = elements_of(pdf, "H1")
    if not h1s:
        raise Skip("no H1")
    for e in h1s:
        e.S = Name("/H2")


@case("14-007-h-and-hn", "14-007", "both H and",
      "the first H2 made a plain H")
def _(pdf):
    first_element(pdf, "H2").S = Name.H


@case("28-012-link-no-contents", "28-012", "Contents",
      "/Contents removed from a Link annotation")
def _(pdf):
    _, annot = first_link(pdf)
    if "/Contents" not in annot:
        raise Skip("Link annotation has no /Contents already")
    del annot.Contents


@case("28-011-link-not-tagged", "28-011", "not referenced by an OBJR",
      "the OBJR of a Link annotation removed from its Link element")
def _(pdf):
    _, annot = first_link(pdf)
    og = annot.objgen
    for elem, _ in struct_elements(pdf):
        k = elem.get("/K")
        kids = list(k) if isinstance(k, Array) else [k]
        keep = [x for x in kids if not (
            isinstance(x, Dictionary) and x.get("/Type") == Name.OBJR and
            x.get("/Obj") is not None and x.Obj.objgen == og)]
        if len(keep) != len(kids):
            elem.K = Array(keep)
            return
    raise Skip("no OBJR for the Link annotation")


@case("28-011-link-no-structparent", "28-011", "StructParent",
      "/StructParent removed from a Link annotation")
def _(pdf):
    _, annot = first_link(pdf)
    if "/StructParent" not in annot:
        raise Skip("Link annotation has no /StructParent")
    del annot.StructParent


@case("28-011-link-objr-wrong-page", "28-011", "not the page holding it",
      "the OBJR of a page-1 Link annotation given /Pg of page 2")
def _(pdf):
    page, annot = first_link(pdf)
    others = [p.obj for p in pdf.pages if p.obj.objgen != page.objgen]
    if not others:
        raise Skip("one page only")
    og = annot.objgen
    for elem, _ in struct_elements(pdf):
        for kid in kids_list(elem):
            if isinstance(kid, Dictionary) and kid.get("/Type") == \
                    Name.OBJR and kid.get("/Obj") is not None and \
                    kid.Obj.objgen == og:
                kid.Pg = others[0]
                return
    raise Skip("no OBJR for the Link annotation")


@case("21-001-fileattachment-no-uf", "21-001", "FileAttachment",
      "a tagged FileAttachment annotation whose file specification has /F "
      "but no /UF")
def _(pdf):
    str_root = pdf.Root.StructTreeRoot
    pt = str_root.get("/ParentTree")
    if not isinstance(pt, Dictionary) or "/Nums" not in pt:
        raise Skip("no flat ParentTree")
    doc = first_element(pdf, "Document") if elements_of(
        pdf, "Document") else None
    if doc is None:
        raise Skip("no Document element")
    page = pdf.pages[0].obj
    keys = [int(pt.Nums[i]) for i in range(0, len(pt.Nums), 2)]
    key = max(keys + [int(str_root.get("/ParentTreeNextKey", 0)) - 1]) + 1
    ef = pdf.make_stream(b"Take with food.\n")
    ef.Type = Name.EmbeddedFile
    fs = Dictionary(Type=Name.Filespec, F=String("dosing.txt"),
                    EF=Dictionary(F=ef))
    annot = pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.FileAttachment, FS=fs,
        Rect=Array([72, 60, 88, 76]), F=4, P=page, StructParent=key,
        Contents=String("Dosing notes (text file)")))
    elem = pdf.make_indirect(Dictionary(
        Type=Name.StructElem, S=Name.Annot, P=doc, Pg=page,
        K=Array([Dictionary(Type=Name.OBJR, Obj=annot, Pg=page)])))
    doc.K = Array(kids_list(doc) + [elem])
    pt.Nums.append(key)
    pt.Nums.append(elem)
    str_root.ParentTreeNextKey = key + 1
    page.Annots = Array(list(page.get("/Annots", Array())) + [annot])
    page.Tabs = Name.S


@case("28-008-no-tabs", "28-008", "Tabs",
      "/Tabs removed from a page with annotations")
def _(pdf):
    page, _ = first_link(pdf)
    if "/Tabs" not in page:
        raise Skip("page has no /Tabs")
    del page.Tabs


@case("28-009-tabs-row", "28-009", "Tabs",
      "/Tabs /R on a page with annotations")
def _(pdf):
    page, _ = first_link(pdf)
    page.Tabs = Name.R


@case("31-027-no-tounicode", "31-027", "ToUnicode",
      "/ToUnicode removed from the first Type0 font of page 1")
def _(pdf):
    _, font = first_type0(pdf)
    if "/ToUnicode" not in font:
        raise Skip("font has no /ToUnicode")
    del font.ToUnicode


@case("10-001-tounicode-cidrange", "10-001", "cidrange|cidchar",
      "ToUnicode rewritten with cidrange/cidchar sections")
def _(pdf):
    _, font = first_type0(pdf)
    tu = font.get("/ToUnicode")
    if tu is None:
        raise Skip("font has no /ToUnicode")
    text = tu.read_bytes().decode("latin-1")
    text = re.sub(r"(<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>\s*)<([0-9A-Fa-f]+)>",
                  lambda m: "%s%d" % (m.group(1), int(m.group(2), 16)), text)
    text = re.sub(r"(beginbfchar.*?endbfchar)",
                  lambda m: re.sub(r"(<[0-9A-Fa-f]+>\s*)<([0-9A-Fa-f]+)>",
                                   lambda n: "%s%d" % (n.group(1),
                                                       int(n.group(2), 16)),
                                   m.group(1)), text, flags=re.S)
    text = text.replace("bfrange", "cidrange").replace("bfchar", "cidchar")
    tu.write(text.encode("latin-1"))


@case("10-001-tounicode-gap", "10-001", "no Unicode mapping",
      "the ToUnicode entry for a code shown on page 1 removed")
def _(pdf):
    _, font, code = first_used_code(pdf)
    tu = font.get("/ToUnicode")
    if tu is None:
        raise Skip("font has no /ToUnicode")
    maps = bf_mappings(tu.read_bytes().decode("latin-1"))
    if code not in maps:
        raise Skip("code %04X not mapped to start with" % code)
    del maps[code]
    tu.write(write_bf_cmap(maps))


@case("31-028-tounicode-zero", "31-028", "U\\+0000",
      "a code shown on page 1 mapped to U+0000")
def _(pdf):
    _, font, code = first_used_code(pdf)
    tu = font.get("/ToUnicode")
    if tu is None:
        raise Skip("font has no /ToUnicode")
    maps = bf_mappings(tu.read_bytes().decode("latin-1"))
    maps[code] = "0000"
    tu.write(write_bf_cmap(maps))


@case("10-001-tounicode-fffd", "10-001", "U\\+FFFD",
      "a code shown on page 1 mapped to U+FFFD (replacement character)")
def _(pdf):
    _, font, code = first_used_code(pdf)
    tu = font.get("/ToUnicode")
    if tu is None:
        raise Skip("font has no /ToUnicode")
    maps = bf_mappings(tu.read_bytes().decode("latin-1"))
    maps[code] = "FFFD"
    tu.write(write_bf_cmap(maps))


@case("31-capheight-missing", "31-capheight", "CapHeight",
      "/CapHeight removed from a FontDescriptor")
def _(pdf):
    _, font = first_type0(pdf)
    fd = descriptor(font)
    if fd is None or "/CapHeight" not in fd:
        raise Skip("no /CapHeight to remove")
    del fd.CapHeight


@case("31-009-font-not-embedded", "31-009", "not embedded",
      "the font program removed from a FontDescriptor")
def _(pdf):
    _, font = first_type0(pdf)
    fd = descriptor(font)
    if fd is None:
        raise Skip("no FontDescriptor")
    for k in ("/FontFile", "/FontFile2", "/FontFile3"):
        if k in fd:
            del fd[k]


@case("31-030-notdef", "31-030", "notdef",
      "CIDToGIDMap sends a CID shown on page 1 to glyph 0")
def _(pdf):
    _, font, code = first_used_code(pdf)
    cidfont = font.DescendantFonts[0]
    c2g = cidfont.get("/CIDToGIDMap")
    if isinstance(c2g, pikepdf.Stream):
        data = bytearray(c2g.read_bytes())
        if len(data) < 2 * code + 2:
            data.extend(b"\0" * (2 * code + 2 - len(data)))
        data[2 * code: 2 * code + 2] = b"\0\0"
        c2g.write(bytes(data))
    else:
        data = bytearray()
        for cid in range(0, max(code + 1, 256)):
            gid = 0 if cid == code else cid
            data += gid.to_bytes(2, "big")
        cidfont.CIDToGIDMap = pdf.make_stream(bytes(data))


@case("11-001-element-lang-bad", "11-001", "not a language tag",
      "a paragraph's /Lang is not a language tag")
def _(pdf):
    first_element(pdf, "P").Lang = String("en GB!")


def wrap_first_text(pdf, actual):
    """Put the first text-showing operator inside an MCID-tagged sequence
    on page 1 in a /Span with /ActualText `actual`."""
    page, instructions = content(pdf)
    for start, end in tagged_sequences(instructions):
        for i in range(start + 1, end):
            if str(instructions[i].operator) in ("TJ", "Tj"):
                span = ins([Name.Span, Dictionary(ActualText=actual)], "BDC")
                instructions[i:i + 1] = [span, instructions[i],
                                         ins([], "EMC")]
                set_content(pdf, page, instructions)
                return
    raise Skip("no text inside a tagged sequence on page 1")


@case("11-002-actualtext-no-lang", "11-002", "marked-content /ActualText",
      "a span of text in /ActualText on page 1, and no language declared")
def _(pdf):
    wrap_first_text(pdf, String("Replacement text"))
    if "/Lang" in pdf.Root:
        del pdf.Root.Lang
    for elem, _ in struct_elements(pdf):
        if "/Lang" in elem:
            del elem.Lang


@case("10-actualtext-not-text", "10-actualtext", "not a text string",
      "a span of text on page 1 whose /ActualText is a name")
def _(pdf):
    wrap_first_text(pdf, Name.Replacement)


@case("31-004-cidtogidmap-odd", "31-004", "odd number of bytes",
      "a CIDToGIDMap stream one byte longer")
def _(pdf):
    _, font = first_type0(pdf)
    c2g = font.DescendantFonts[0].get("/CIDToGIDMap")
    if not isinstance(c2g, pikepdf.Stream):
        raise Skip("no CIDToGIDMap stream")
    c2g.write(c2g.read_bytes() + b"\0")


def first_cff(pdf):
    """(page index, resource name, font) of the first CIDFontType0 font
    shown in the document."""
    for index, page in enumerate(pdf.pages):
        res = page.get("/Resources")
        fonts = res.get("/Font") if isinstance(res, Dictionary) else None
        if not isinstance(fonts, Dictionary):
            continue
        for name, font in fonts.items():
            dfs = font.get("/DescendantFonts")
            if font.get("/Subtype") == Name.Type0 and isinstance(dfs, Array) \
                    and dfs[0].get("/Subtype") == Name.CIDFontType0 and \
                    shown_codes(content(pdf, index)[1], Name(name)):
                return index, Name(name), font
    raise Skip("no CIDFontType0 (CFF) font shown")


@case("31-009-cff-as-fontfile2", "31-009", "CIDFontType0 embeds",
      "a CFF font's program moved from FontFile3 to FontFile2")
def _(pdf):
    _, _, font = first_cff(pdf)
    fd = descriptor(font)
    fd.FontFile2 = fd.FontFile3
    del fd.FontFile3


@case("31-030-cff-cid-unknown", "31-030", "notdef",
      "a CFF font shows a CID its charset has no glyph for")
def _(pdf):
    index, name, font = first_cff(pdf)
    page, instructions = content(pdf, index)
    cur = None
    for instr in instructions:
        op = str(instr.operator)
        if op == "Tf":
            cur = instr.operands[0]
        elif op in ("TJ", "Tj") and cur == name:
            items = instr.operands[0] if op == "TJ" else [instr.operands[0]]
            for k, item in enumerate(items):
                if isinstance(item, String) and len(bytes(item)) >= 2:
                    fresh = String(b"\xff\xfe" + bytes(item)[2:])
                    if op == "TJ":
                        items[k] = fresh
                    else:
                        instr.operands[0] = fresh
                    set_content(pdf, page, instructions)
                    return
    raise Skip("no string shown with the CFF font")


@case("00-version-1-3", "00-version", "1\\.3", "header version 1.3")
def _(pdf):
    return {"force_version": "1.3"}


@case("26-002-no-accessibility", "26-002", "accessibility",
      "encrypted without the accessibility permission")
def _(pdf):
    # qpdf forces the accessibility bit on for R >= 4; R 3 keeps it off.
    return {"encryption": pikepdf.Encryption(
        owner="owner-secret", user="", R=3, aes=False, metadata=False,
        allow=pikepdf.Permissions(accessibility=False, extract=False))}


def first_truetype(pdf):
    """(resource name, Type0 font, CIDFontType2, FontFile2 stream) of the
    first Type0 font on page 1 with an embedded TrueType program that
    shows text there."""
    _, instructions = content(pdf)
    for name, font in page_fonts(pdf).items():
        dfs = font.get("/DescendantFonts")
        if font.get("/Subtype") != Name.Type0 or not isinstance(dfs, Array):
            continue
        cidfont = dfs[0]
        fd = cidfont.get("/FontDescriptor")
        if cidfont.get("/Subtype") == Name.CIDFontType2 and \
                isinstance(fd, Dictionary) and \
                isinstance(fd.get("/FontFile2"), pikepdf.Stream) and \
                shown_codes(instructions, Name(name)):
            return Name(name), font, cidfont, fd.FontFile2
    raise Skip("no TrueType (CIDFontType2) font shown on page 1")


def rename_tables(stream, renames):
    """Rename tables of an sfnt program in its table directory."""
    data = bytearray(stream.read_bytes())
    count = int.from_bytes(data[4:6], "big")
    done = 0
    for t in range(count):
        tag = bytes(data[12 + 16 * t: 16 + 16 * t])
        if tag in renames:
            data[12 + 16 * t: 16 + 16 * t] = renames[tag]
            done += 1
    if done != len(renames):
        raise Skip("the program lacks a table to rename")
    stream.write(bytes(data))


@case("31-009-fontfile2-garbage", "31-009", "not a readable TrueType",
      "a TrueType font's FontFile2 replaced by bytes that are no sfnt")
def _(pdf):
    _, _, _, ff2 = first_truetype(pdf)
    ff2.write(bytes(range(256)) * 8)


@case("31-009-fontfile2-no-hmtx", "31-009", "no hmtx table",
      "a TrueType program's hmtx table renamed (no advance widths)")
def _(pdf):
    _, _, _, ff2 = first_truetype(pdf)
    rename_tables(ff2, {b"hmtx": b"xmtx"})


@case("31-011-fontfile2-no-glyf", "31-011", "no glyf/loca table",
      "a TrueType program's glyf and loca tables renamed (no outlines)")
def _(pdf):
    _, _, _, ff2 = first_truetype(pdf)
    rename_tables(ff2, {b"glyf": b"xlyf", b"loca": b"xoca"})


@case("31-016-widths-doubled", "31-016", "differ from the font program",
      "every /W width of a TrueType font doubled")
def _(pdf):
    _, _, cidfont, _ = first_truetype(pdf)
    w = cidfont.get("/W")
    if not isinstance(w, Array):
        raise Skip("no /W array")
    out = []
    for x in w:
        out.append(Array([v * 2 for v in x]) if isinstance(x, Array) else x)
    cidfont.W = Array(out)


@case("31-016-widths-removed", "31-016", "differ from the font program",
      "/W removed from a TrueType font (every glyph 1000 wide by /DW)")
def _(pdf):
    _, _, cidfont, _ = first_truetype(pdf)
    if "/W" not in cidfont:
        raise Skip("no /W")
    del cidfont.W


@case("26-002-r2-no-extract", "26-002", "bit 5",
      "encrypted by a revision 2 (RC4 40-bit) handler without copy and "
      "extract (bit 5), the only accessibility permission R 2 has")
def _(pdf):
    return {"encryption": pikepdf.Encryption(
        owner="owner-secret", user="", R=2, aes=False, metadata=False,
        allow=pikepdf.Permissions(extract=False))}


def drop_encrypt_p(data):
    """The saved file with the encryption dictionary's /P renamed /Q
    (same length, so the cross-reference offsets hold)."""
    at = data.index(b"/Filter /Standard")
    start = data.rfind(b" obj", 0, at)
    m = re.compile(rb"/P[ \-0-9]").search(data, start)
    if m is None:
        raise Skip("no /P in the encryption dictionary")
    return data[:m.start()] + b"/Q" + data[m.start() + 2:]


@case("26-001-no-p", "26-001", "no /P",
      "encrypted (AES-256, R 6) with /P taken out of the encryption "
      "dictionary")
def _(pdf):
    return {"encryption": pikepdf.Encryption(owner="owner-secret", user="",
                                             R=6),
            "postprocess": drop_encrypt_p}


def kids_list(elem):
    k = elem.get("/K")
    return list(k) if isinstance(k, Array) else ([k] if k is not None else [])


@case("15-003-th-no-scope", "15-003", "Scope", "a TH's Table attribute removed")
def _(pdf):
    th = first_element(pdf, "TH")
    if "/A" not in th:
        raise Skip("the first TH has no attributes")
    del th.A


@case("15-003-headers-th-no-id", "15-003", "Scope",
      "a table organized with Headers and IDs (its TDs name their TH by "
      "/ID, no TH has /Scope) where one TH has no /ID to be named by")
def _(pdf):
    th = first_element(pdf, "TH")
    row = th.get("/P")
    table = row.get("/P") if isinstance(row, Dictionary) else None
    if isinstance(table, Dictionary) and table.get("/S") != Name.Table:
        table = table.get("/P")
    if not isinstance(table, Dictionary) or table.get("/S") != Name.Table:
        raise Skip("the first TH is not in a Table's row")
    rows = []
    for kid in kids_list(table):
        if kid.get("/S") == Name.TR:
            rows.append(kid)
        elif kid.get("/S") in (Name.THead, Name.TBody, Name.TFoot):
            rows += [r for r in kids_list(kid) if r.get("/S") == Name.TR]
    ids, n = [], 0
    for row in rows:
        for cell in kids_list(row):
            if cell.get("/S") == Name.TH:
                n += 1
                cell.ID = String("th-%d" % n)
                ids.append(cell.ID)
                if "/A" in cell:
                    del cell.A
    for row in rows:
        for cell in kids_list(row):
            if cell.get("/S") == Name.TD:
                cell.A = Dictionary(O=Name.Table, Headers=Array(ids))
    del th.ID


@case("15-003-th-wrong-scope", "15-003", "Scope", "a TH's /Scope is /Both1")
def _(pdf):
    th = first_element(pdf, "TH")
    th.A = Dictionary(O=Name.Table, Scope=Name("/Both1"))


@case("13-004-figure-no-alt", "13-004", "Figure", "a Figure's /Alt removed")
def _(pdf):
    fig = first_element(pdf, "Figure")
    if "/Alt" not in fig:
        raise Skip("the first Figure has no /Alt")
    del fig.Alt


@case("13-bbox-figure-no-bbox", "13-bbox", "BBox", "a Figure's Layout attribute removed")
def _(pdf):
    fig = first_element(pdf, "Figure")
    if "/A" not in fig:
        raise Skip("the first Figure has no attributes")
    del fig.A


@case("09-004-caption-inside", "09-004", "Caption", "a table's Caption moved in among its rows")
def _(pdf):
    for table in elements_of(pdf, "Table"):
        kids = kids_list(table)
        if len(kids) >= 2 and kids[0].get("/S") == Name.Caption:
            if len(kids) >= 3:
                table.K = Array([kids[1], kids[0]] + kids[2:])
            else:  # into its body, among the rows
                body = kids[1]
                body.K = Array(kids_list(body)[:1] + [kids[0]] + kids_list(body)[1:])
                kids[0].P = body
                table.K = Array([body])
            return
    raise Skip("no table with a caption")


@case("09-004-td-in-table", "09-004", "TD inside", "a TD moved out of its row into the table")
def _(pdf):
    for table in elements_of(pdf, "Table"):
        for td in elements_of(pdf, "TD"):
            row = td.get("/P")
            if isinstance(row, Dictionary) and len(kids_list(row)) > 1:
                row.K = Array([k for k in kids_list(row) if k.objgen != td.objgen])
                table.K = Array(kids_list(table) + [td])
                td.P = table
                return
    raise Skip("no TD in a row of two cells")


@case("15-regular-short-row", "15-regular", "regular", "a cell taken out of one row")
def _(pdf):
    for table in elements_of(pdf, "Table"):
        rows = [r for r, _ in struct_elements(pdf) if r.get("/S") == Name.TR and
                r.get("/P") is not None and (r.P.objgen == table.objgen or
                                             r.P.get("/P") is not None and
                                             r.P.P.objgen == table.objgen)]
        if len(rows) >= 2 and len(kids_list(rows[-1])) >= 2:
            rows[-1].K = Array(kids_list(rows[-1])[:-1])
            return
    raise Skip("no table of two rows of two cells")


def regroup_rows(pdf, head_kind, body_kind, head_last=False):
    """Make the rows of the first table of one TBody (or bare TRs) and at
    least two rows into two groups: its first row in a new /head_kind
    element, the other rows in a /body_kind one, the head group after the
    body group when head_last.  A Caption stays where it is."""
    for table in elements_of(pdf, "Table"):
        kids = kids_list(table)
        caps = [k for k in kids if k.get("/S") == Name.Caption]
        rest = [k for k in kids if k.get("/S") != Name.Caption]
        if len(rest) == 1 and rest[0].get("/S") == Name.TBody:
            rows = kids_list(rest[0])
        elif rest and all(k.get("/S") == Name.TR for k in rest):
            rows = rest
        else:
            continue
        if len(rows) < 2 or any(r.get("/S") != Name.TR for r in rows):
            continue
        head = pdf.make_indirect(Dictionary(
            Type=Name.StructElem, S=Name("/" + head_kind), P=table,
            K=Array(rows[:1])))
        body = pdf.make_indirect(Dictionary(
            Type=Name.StructElem, S=Name("/" + body_kind), P=table,
            K=Array(rows[1:])))
        rows[0].P = head
        for r in rows[1:]:
            r.P = body
        groups = [body, head] if head_last else [head, body]
        first_cap = caps and kids[0].get("/S") == Name.Caption
        table.K = Array((caps if first_cap else []) + groups +
                        ([] if first_cap else caps))
        return
    raise Skip("no table of one row group and two rows")


def owner_in_parent_tree(pdf, old, new):
    """Point the ParentTree entries of element `old` at `new`."""
    pt = pdf.Root.StructTreeRoot.get("/ParentTree")
    nums = pt.get("/Nums") if isinstance(pt, Dictionary) else None
    if not isinstance(nums, Array):
        raise Skip("no flat ParentTree")
    for i in range(1, len(nums), 2):
        arr = nums[i]
        if isinstance(arr, Array):
            for j in range(len(arr)):
                if isinstance(arr[j], Dictionary) and \
                        arr[j].objgen == old.objgen:
                    arr[j] = new


def lift_mcid(pdf, container, leaf_types):
    """Move the first MCID (an integer kid) of an element of `leaf_types`
    under the first `container` element up into the container itself,
    with its ParentTree entry."""
    for top in elements_of(pdf, container):
        stack = [top]
        while stack:
            elem = stack.pop()
            kids = kids_list(elem)
            ints = [k for k in kids if isinstance(k, int)]
            if ints and str(elem.get("/S"))[1:] in leaf_types:
                mcid = ints[0]
                elem.K = Array([k for k in kids if not (
                    isinstance(k, int) and k == mcid)] or [])
                pg = elem.get("/Pg")
                node = elem
                while pg is None and node is not None:
                    node = node.get("/P")
                    pg = node.get("/Pg") if isinstance(node, Dictionary) \
                        else None
                if not isinstance(pg, Dictionary) or "/StructParents" not in pg:
                    raise Skip("the MCID's page is unknown")
                if "/Pg" not in top:
                    top.Pg = pg
                elif top.Pg.objgen != pg.objgen:
                    continue
                top.K = Array(kids_list(top) + [mcid])
                sp = int(pg.StructParents)
                nums = pdf.Root.StructTreeRoot.ParentTree.get("/Nums")
                if not isinstance(nums, Array):
                    raise Skip("no flat ParentTree")
                for i in range(0, len(nums), 2):
                    if int(nums[i]) == sp:
                        nums[i + 1][mcid] = top
                        return
                raise Skip("no ParentTree array for the page")
            stack += [k for k in kids if isinstance(k, Dictionary) and
                      "/S" in k]
    raise Skip("no /%s holding content in a %s" % ("/".join(leaf_types),
                                                    container))


@case("09-005-list-holds-mcid", "09-005", "L element holds 1 piece",
      "an MCID of a list item's text moved up into its L")
def _(pdf):
    lift_mcid(pdf, "L", ("P", "Span", "LBody", "Lbl"))


@case("09-004-table-holds-mcid", "09-004", "Table element holds 1 piece",
      "an MCID of a table cell moved up into its Table")
def _(pdf):
    lift_mcid(pdf, "Table", ("TD", "TH", "P", "Span"))


@case("09-004-two-theads", "09-004", "2 THead",
      "a table's rows split into two THead groups")
def _(pdf):
    regroup_rows(pdf, "THead", "THead")


@case("09-004-thead-after-tbody", "09-004", "THead after TBody",
      "a table's first row put in a THead after the TBody of the others")
def _(pdf):
    regroup_rows(pdf, "THead", "TBody", head_last=True)


@case("09-004-tfoot-first", "09-004", "TFoot that is not the last",
      "a table's first row put in a TFoot before the TBody of the others")
def _(pdf):
    regroup_rows(pdf, "TFoot", "TBody")


def wrap_content(pdf, outer, inner):
    """The first P element retyped /outer, its kids moved into a new
    /inner element under it (its ParentTree entries with them)."""
    p = first_element(pdf, "P")
    new = pdf.make_indirect(Dictionary(Type=Name.StructElem,
                                       S=Name("/" + inner), P=p,
                                       K=p.get("/K", Array())))
    if "/Pg" in p:
        new.Pg = p.Pg
    for kid in kids_list(new):
        if isinstance(kid, Dictionary) and "/S" in kid:
            kid.P = new
    owner_in_parent_tree(pdf, p, new)
    p.S = Name("/" + outer)
    p.K = Array([new])


@case("09-007-ruby-without-rt", "09-007", "Ruby holds RB,",
      "a paragraph made a Ruby holding only an RB (no RT)")
def _(pdf):
    wrap_content(pdf, "Ruby", "RB")


@case("09-008-warichu-without-wt", "09-008", "Warichu holds WP,",
      "a paragraph made a Warichu holding only a WP (no WT)")
def _(pdf):
    wrap_content(pdf, "Warichu", "WP")


# ------------------------------------------------------------------ main

def make_case(base, out, fn):
    """Apply case `fn` to a copy of `base` saved as `out`; True when made,
    else the reason it does not apply."""
    with pikepdf.open(base) as pdf:
        try:
            save_opts = fn(pdf) or {}
        except Skip as e:
            return str(e)
        except Exception as e:  # noqa: BLE001  (input lacks a part)
            return "cannot apply: %s: %s" % (type(e).__name__, e)
        post = save_opts.pop("postprocess", None)
        pdf.save(out, static_id=True, fix_metadata_version=False,
                 **save_opts)
    if post is not None:      # a change to the bytes pikepdf wrote
        with open(out, "rb") as f:
            data = f.read()
        try:
            data = post(data)
        except (Skip, ValueError) as e:
            os.unlink(out)
            return str(e) or "cannot apply"
        with open(out, "wb") as f:
            f.write(data)
    return True


def main(argv):
    if len(argv) < 3:
        sys.stderr.write("usage: make_broken.py GOOD.pdf OUTDIR [MORE.pdf ...]\n")
        return 2
    good, outdir, more = argv[1], argv[2], argv[3:]
    os.makedirs(outdir, exist_ok=True)
    base = os.path.join(outdir, "base.pdf")
    with pikepdf.open(good) as pdf:
        if ensure_link(pdf):
            sys.stderr.write("make_broken: %s has no Link annotation; "
                             "base.pdf adds a tagged one on page 1\n" % good)
        pdf.save(base, static_id=True, fix_metadata_version=False)
    extra_bases = {}
    rows = []
    for stem, checkpoint, regex, what, fn in CASES:
        out = os.path.join(outdir, stem + ".pdf")
        made = make_case(base, out, fn)
        used = "base.pdf"
        for n, other in enumerate(more, 1):
            if made is True:
                break
            copy = "base-%d.pdf" % n
            if n not in extra_bases:
                with pikepdf.open(other) as pdf:
                    pdf.save(os.path.join(outdir, copy), static_id=True,
                             fix_metadata_version=False)
                extra_bases[n] = other
            if make_case(os.path.join(outdir, copy), out, fn) is True:
                made, used = True, copy
        if made is not True:
            sys.stderr.write("SKIP %s: %s\n" % (stem, made))
            continue
        rows.append("%s\t%s\t%s\t%s\t%s" % (stem + ".pdf", checkpoint, regex,
                                            used, what))
    with open(os.path.join(outdir, "cases.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    sys.stderr.write("make_broken: %d variants in %s\n" % (len(rows), outdir))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
