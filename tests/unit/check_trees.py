#!/usr/bin/env python3
"""Check the balanced trees of a PDF written part by part (src/pdf/trees.c,
the spool of src/pdf/spool.c), read with pikepdf, independent of the
writer:

  - the page tree: every /Pages node holds at most FANOUT kids, its /Count
    is the pages below it and each kid's /Parent is the node; every page
    at the same depth; PAGES pages, in order;
  - the structure tree: a StructTreeRoot whose /K is one Document element
    (/P the root), over /Part elements of at most FANOUT kids, each kid's
    /P its parent; the SECTIONS leaves (the elements the parts added) all
    at the same depth;
  - the ParentTree: a number tree whose leaves (/Nums) and nodes (/Kids)
    hold at most FANOUT entries, every node but the root with /Limits
    [lowest highest] of what is below it, keys ascending, every leaf at the
    same depth; KEYS keys, below /ParentTreeNextKey; each page's
    /StructParents and each annotation's /StructParent a key of it;
  - the outline, when there is one: BOOKMARKS items from /First along
    /Next to /Last, each /Prev the one before, /Parent the root.

Usage: check_trees.py PDF FANOUT PAGES SECTIONS KEYS [BOOKMARKS]
Prints each problem and exits 1, or prints "trees ok: ..." and exits 0.
"""
import sys

try:
    import pikepdf
    from pikepdf import Array, Dictionary, Name
except ImportError:
    print("check_trees: needs pikepdf (Debian: python3-pikepdf; run with /usr/bin/python3)")
    sys.exit(2)

problems = []


def same(a, b):
    return a is not None and b is not None and a.objgen == b.objgen and a.objgen != (0, 0)


def check_pages(root, fanout):
    pages, depths = [], set()

    def walk(node, depth, parent):
        if node.get("/Type") == Name.Pages:
            kids = node.get("/Kids")
            if not isinstance(kids, Array) or not 1 <= len(kids) <= fanout:
                problems.append(f"page tree node {node.objgen} has {len(kids)} kids")
            count = sum(walk(kid, depth + 1, node) for kid in kids)
            if int(node.get("/Count", -1)) != count:
                problems.append(f"page tree node {node.objgen}: /Count {node.get('/Count')}, "
                                f"{count} pages below it")
        else:
            pages.append(node)
            depths.add(depth)
            count = 1
        if parent is not None and not same(node.get("/Parent"), parent):
            problems.append(f"{node.objgen}: /Parent is not its node")
        if parent is None and "/Parent" in node:
            problems.append("the page tree's root has a /Parent")
        return count

    walk(root, 0, None)
    if len(depths) > 1:
        problems.append(f"pages at depths {sorted(depths)} (expected one)")
    return pages, max(depths) if depths else 0


def check_structure(struct_root, fanout):
    doc = struct_root.get("/K")
    if not isinstance(doc, Dictionary) or doc.get("/S") != Name.Document:
        problems.append("the StructTreeRoot's /K is not one Document element")
        return [], 0
    if not same(doc.get("/P"), struct_root):
        problems.append("the Document element's /P is not the StructTreeRoot")
    leaves, depths = [], set()

    def walk(node, depth):
        kids = node.get("/K")
        kids = list(kids) if isinstance(kids, Array) else [kids]
        grouping = node.get("/S") in (Name.Document, Name.Part) and \
            all(isinstance(k, Dictionary) and k.get("/S") == Name.Part for k in kids)
        if node.get("/S") == Name.Part and len(kids) > fanout:
            problems.append(f"Part {node.objgen} has {len(kids)} kids (at most {fanout})")
        for kid in kids:
            if not same(kid.get("/P"), node):
                problems.append(f"element {kid.objgen}: /P is not its parent")
            if grouping:
                walk(kid, depth + 1)
            else:
                leaves.append(kid)
                depths.add(depth + 1)

    walk(doc, 0)
    if len(depths) > 1:
        problems.append(f"sections at depths {sorted(depths)} (expected one)")
    return leaves, max(depths) if depths else 0


def check_numbers(node, fanout):
    entries, depths = [], set()

    def walk(n, depth, is_root):
        nums, kids = n.get("/Nums"), n.get("/Kids")
        if (nums is None) == (kids is None):
            problems.append(f"ParentTree node {n.objgen}: not one of /Nums or /Kids")
            return None
        if nums is not None:
            if len(nums) % 2 or not 1 <= len(nums) // 2 <= fanout:
                problems.append(f"ParentTree leaf {n.objgen}: {len(nums) // 2} entries")
            keys = [int(nums[i]) for i in range(0, len(nums), 2)]
            entries.extend((keys[i // 2], nums[i + 1]) for i in range(0, len(nums), 2))
            depths.add(depth)
            low, high = (keys[0], keys[-1]) if keys else (None, None)
        else:
            if not 1 <= len(kids) <= fanout:
                problems.append(f"ParentTree node {n.objgen}: {len(kids)} kids")
            spans = [walk(k, depth + 1, False) for k in kids]
            spans = [s for s in spans if s]
            low, high = (spans[0][0], spans[-1][1]) if spans else (None, None)
        limits = n.get("/Limits")
        if is_root and limits is not None:
            problems.append("the ParentTree's root has /Limits")
        if not is_root and (limits is None or [int(x) for x in limits] != [low, high]):
            problems.append(f"ParentTree node {n.objgen}: /Limits {limits}, keys {low}..{high}")
        return low, high

    walk(node, 0, True)
    keys = [k for k, _ in entries]
    if keys != sorted(set(keys)):
        problems.append("ParentTree keys are not ascending, or repeat")
    if len(depths) > 1:
        problems.append(f"ParentTree leaves at depths {sorted(depths)} (expected one)")
    return dict(entries), max(depths) if depths else 0


def check_outline(outlines, want):
    first, last = outlines.get("/First"), outlines.get("/Last")
    item, prev, count = first, None, 0
    while item is not None:
        count += 1
        if not same(item.get("/Parent"), outlines):
            problems.append(f"bookmark {count}: /Parent is not the outline's root")
        if prev is not None and not same(item.get("/Prev"), prev):
            problems.append(f"bookmark {count}: /Prev is not the one before")
        prev, item = item, item.get("/Next")
        if count > want + 1:
            break
    if count != want or not same(prev, last) or int(outlines.get("/Count", -1)) != want:
        problems.append(f"outline: {count} bookmarks along /Next, /Count "
                        f"{outlines.get('/Count')}, expected {want}, ending at /Last")


def main(argv):
    path, fanout, want_pages, want_sections, want_keys = argv[1], *map(int, argv[2:6])
    want_marks = int(argv[6]) if len(argv) > 6 else None
    pdf = pikepdf.open(path)
    root = pdf.Root
    pages, page_depth = check_pages(root.Pages, fanout)
    if len(pages) != want_pages:
        problems.append(f"{len(pages)} pages (expected {want_pages})")
    struct_root = root.get("/StructTreeRoot")
    sections, numbers = [], {}
    element_depth = number_depth = 0
    if struct_root is not None:
        sections, element_depth = check_structure(struct_root, fanout)
        numbers, number_depth = check_numbers(struct_root.ParentTree, fanout)
        next_key = int(struct_root.get("/ParentTreeNextKey", -1))
        if numbers and max(numbers) >= next_key:
            problems.append(f"/ParentTreeNextKey {next_key} is not past key {max(numbers)}")
        for i, page in enumerate(pages):
            if "/StructParents" in page and int(page.StructParents) not in numbers:
                problems.append(f"page {i + 1}: /StructParents {page.StructParents} not a key")
            for annot in page.get("/Annots", []):
                if "/StructParent" in annot and int(annot.StructParent) not in numbers:
                    problems.append(f"page {i + 1}: an annotation's /StructParent is not a key")
    if len(sections) != want_sections:
        problems.append(f"{len(sections)} sections (expected {want_sections})")
    if len(numbers) != want_keys:
        problems.append(f"{len(numbers)} ParentTree keys (expected {want_keys})")
    if want_marks == 0 and "/Outlines" in root:
        problems.append("an outline where no bookmark was made")
    elif want_marks:
        check_outline(root.get("/Outlines", Dictionary()), want_marks)
    for p in problems[:20]:
        print(p)
    if problems:
        return 1
    print(f"trees ok: {len(pages)} pages at depth {page_depth}, {len(sections)} sections at "
          f"depth {element_depth}, {len(numbers)} ParentTree keys at depth {number_depth}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
