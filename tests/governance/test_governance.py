#!/usr/bin/env python3
"""End-to-end tests for governance (issue 18): leaflet diff, leaflet report,
and the version, review dates and approver in PDFs and the manifest.

Everything expected is worked out here from the content itself (YAML read
with PyYAML, dates with datetime), never taken from leaflet's own output:

- `leaflet diff` between the project's content and a copy with known edits
  (words changed in a paragraph, a paragraph added, one removed, a drug
  taken out of an edition) lists exactly those edits at their places; the
  proof's text shows the struck and the inserted words, lines are drawn
  through the one and under the other, a screen reader is told which is
  which, and the proof passes the PDF/UA checker;
- the same between two git revisions, with the repository left as it was;
- `leaflet report --format csv` matches the content row by row; JSON has
  the same rows; the PDF passes the PDF/UA checker; a translation older
  than its source says so;
- a leaflet's PDF carries its version and review dates (Info and XMP) and
  the manifest its version and approver.

Prints one line per check and 'governance: N passed, M failed'.
"""
import csv
import datetime
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

import pikepdf
import yaml

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/leaflet")
TODAY = datetime.date(2026, 11, 24)
CHECKER = "tests/pdfua/check_pdfua.py"
RESULTS = {"passed": 0, "failed": 0}
WRAPPER = shlex.split(os.environ.get("LEAFLET_WRAPPER", ""))


def run(args, **kw):
    if args and args[0] == BIN:
        args = WRAPPER + list(args)
    return subprocess.run(args, capture_output=True, text=True, **kw)


def check(name, ok, detail=""):
    if ok:
        RESULTS["passed"] += 1
        print(f"ok   {name}")
    else:
        RESULTS["failed"] += 1
        print(f"FAIL {name}" + (f"\n     {detail}" if detail else ""))


def pdfua(pdf):
    res = run([sys.executable, CHECKER, pdf])
    return res.returncode == 0, res.stdout + res.stderr


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        # dates stay text: the content writes them as YYYY-MM-DD
        return yaml.load(f, Loader=yaml.BaseLoader)


def line_of(path, needle):
    """The line (from 1) and column (from 1, of the text after '- p: ')
    where 'needle' is written in a file."""
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if needle in line:
                return number, line.index("p: ") + 4
    raise KeyError(needle)


# ---- leaflet diff ------------------------------------------------------------

CHANGED_OLD = "Some drugs work in more than one way."
CHANGED_NEW = "Some medicines work in more than one way."
REMOVED = "Your treatment plan depends on what type of neuroendocrine cancer you have."
ADDED = "Ask your specialist nurse which of these drugs might suit you."
ALT_OLD = 'alt: "Two drawings.'
ALT_NEW = 'alt: "Two pictures.'


def edit_content(folder):
    """The edits a reviewer is to see, made to a copy of the content."""
    overview = os.path.join(folder, "leaflets", "net-drugs-overview.yaml")
    with open(overview, encoding="utf-8") as f:
        text = f.read()
    assert CHANGED_OLD in text
    text = text.replace(CHANGED_OLD, CHANGED_NEW)
    # a figure's alt text: what a screen reader says of the picture
    assert ALT_OLD in text
    text = text.replace(ALT_OLD, ALT_NEW)
    # the paragraph removed ends in a no-break space, as on the source page
    text, n = re.subn(r'  - p: "Your treatment plan depends on[^\n]*\n', "", text)
    assert n == 1
    nec = '  - h3: "Neuroendocrine carcinoma (NEC)"\n'
    assert nec in text
    text = text.replace(nec, nec + f'  - p: "{ADDED}"\n')
    with open(overview, "w", encoding="utf-8") as f:
        f.write(text)
    template = os.path.join(folder, "leaflets", "net-drugs.yaml")
    with open(template, encoding="utf-8") as f:
        text = f.read()
    old = "  - tumour: pancreatic-net\n    drugs: [sunitinib, everolimus]\n"
    assert old in text
    text = text.replace(old, "  - tumour: pancreatic-net\n    drugs: [sunitinib]\n")
    with open(template, "w", encoding="utf-8") as f:
        f.write(text)


def expected_summary(old_root, new_root, old_name, new_name):
    """The summary lines the edits must give, places worked out from the
    files: (document line, [change lines]) per document, in order."""
    ov_old = os.path.join(old_root, "leaflets", "net-drugs-overview.yaml")
    ov_new = os.path.join(new_root, "leaflets", "net-drugs-overview.yaml")
    changed = line_of(ov_new, CHANGED_NEW)
    removed = line_of(ov_old, "Your treatment plan depends on")
    added = line_of(ov_new, ADDED)
    tmpl = os.path.join(old_root, "leaflets", "net-drugs.yaml")
    with open(tmpl, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if "drugs: [sunitinib, everolimus]" in line:
                drug_place = (number, line.index("everolimus") + 1)
                break
    # the drug section: heading, "is also called" + how it works, how you have it
    drug = load_yaml(os.path.join(old_root, "drugs", "everolimus.yaml"))
    parts = 1 + (1 if isinstance(drug["how_it_works"], str) else len(drug["how_it_works"]))
    parts += 1 if isinstance(drug["how_you_have_it"], str) else len(drug["how_you_have_it"])
    parts += (1 + len(drug["side_effects"])) if drug.get("side_effects") else 0
    # the drug table's row for it, a paragraph of "Header: value" cells
    kinds = {"targeted": "Targeted drug", "immunotherapy": "Immunotherapy"}
    kind = kinds[drug["kind"]] + (f" ({drug['class']})" if drug.get("class") else "")
    row = (f"Drug: {drug['name']}; Also called: {drug['brand_names'][0]}; Type of drug: {kind}; "
           f"How you have it: {drug['how_you_have_it']}")
    # the figure, at its '- figure:' line
    with open(ov_new, encoding="utf-8") as f:
        lines = f.readlines()
    figure = next(i for i, l in enumerate(lines, 1) if l.strip() == "- figure:")
    figure_place = (figure, lines[figure - 1].index("figure:") + 1)
    alt_new = [l for l in lines if ALT_NEW in l][0].split('"')[1]
    alt_rest = alt_new[len("Two pictures. "):]
    rest = CHANGED_NEW[len("Some medicines "):]
    with open(ov_new, encoding="utf-8") as f:
        whole = [l for l in f if CHANGED_NEW in l][0]
    # text is trimmed at its ends, a no-break space too (the page's
    # paragraph ends in one)
    tail = whole.split('"')[1][len(CHANGED_NEW):].rstrip(" \u00a0")
    return [
        ("net-drugs-overview: 2 paragraphs changed, 1 added, 1 removed", [
            f"  changed  {new_name}/leaflets/net-drugs-overview.yaml:{changed[0]}:{changed[1]}: "
            f"Some [deleted: drugs] [inserted: medicines] {rest}{tail}",
            f"  changed  {new_name}/leaflets/net-drugs-overview.yaml:{figure_place[0]}:"
            f"{figure_place[1]}: Picture: Two [deleted: drawings.] [inserted: pictures.] {alt_rest}",
            f"  removed  {old_name}/leaflets/net-drugs-overview.yaml:{removed[0]}:{removed[1]}: "
            f"[deleted: {REMOVED}]",
            f"  added    {new_name}/leaflets/net-drugs-overview.yaml:{added[0]}:{added[1]}: "
            f"[inserted: {ADDED}]",
        ]),
        ("net-drugs-pancreatic-net: 0 paragraphs changed, 0 added, 1 removed; "
         "drug removed: Everolimus", [
            f"  removed  {old_name}/leaflets/net-drugs.yaml:{drug_place[0]}:{drug_place[1]}: "
            f"[deleted: {row}]",
            f"  removed  {old_name}/leaflets/net-drugs.yaml:{drug_place[0]}:{drug_place[1]}: "
            f"the drug section Everolimus ({parts} paragraphs)",
        ]),
        ("net-drugs-digestive-net: no changes", []),
        ("net-drugs-lung-net: no changes", []),
        ("net-drugs-lung-nec: no changes", []),
    ]


def word_boxes(pdf):
    """Every word pdftotext finds, with its page and box in PDF points
    (origin bottom-left)."""
    res = run(["pdftotext", "-bbox", pdf, "-"])
    words, page, height = [], -1, 0
    for line in res.stdout.splitlines():
        m = re.match(r'\s*<page width="([\d.]+)" height="([\d.]+)"', line)
        if m:
            page += 1
            height = float(m.group(2))
            continue
        m = re.match(r'\s*<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                     r'yMax="([\d.]+)">(.*)</word>', line)
        if m:
            x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
            words.append((page, m.group(5), x0, height - y1, x1, height - y0))
    return words


def page_lines(pdf):
    """Per page, the straight lines stroked: (x, y, x2, y2)."""
    out = []
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            lines, start, last = [], None, None
            for operands, op in pikepdf.parse_content_stream(page):
                op = str(op)
                if op == "m":
                    start = [float(v) for v in operands]
                elif op == "l" and start:
                    last = [float(v) for v in operands]
                elif op == "S" and start and last:
                    lines.append((start[0], start[1], last[0], last[1]))
                    start = last = None
            out.append(lines)
    return out


def marked(words, lines, text, where):
    """Whether a stroked line runs across the box of a word 'text' at
    'where' ("through": inside its height; "under": just below its
    baseline)."""
    for page, word, x0, y0, x1, y1 in words:
        if word != text:
            continue
        for x, y, x2, y2 in lines[page]:
            if abs(y - y2) > 0.01 or x > x0 + 1 or x2 < x1 - 1:
                continue
            height = y1 - y0
            if where == "through" and y0 + 0.3 * height < y < y1 - 0.3 * height:
                return True
            if where == "under" and y0 - 0.2 * height < y < y0 + 0.3 * height:
                return True
    return False


def spoken(pdf):
    """The /ActualText of every Span in the structure tree."""
    said = []
    with pikepdf.open(pdf) as doc:
        def walk(node):
            if isinstance(node, pikepdf.Array):
                for kid in node:
                    walk(kid)
            elif isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Span" and "/ActualText" in node:
                    said.append(str(node.ActualText))
                if "/K" in node:
                    walk(node.K)
        walk(doc.Root.StructTreeRoot)
    return said


def diff_checks(tmp):
    old = os.path.join(tmp, "old", "content")
    new = os.path.join(tmp, "new", "content")
    shutil.copytree("content", old)
    shutil.copytree("content", new)
    edit_content(new)
    proof = os.path.join(tmp, "proof.pdf")
    res = run([BIN, "diff", old, new, "--today", TODAY.isoformat(), "--out", proof])
    check("diff: exits 0 and writes the proof", res.returncode == 0 and os.path.exists(proof),
          res.stderr)
    want = expected_summary(old, new, old, new)
    lines = res.stdout.splitlines()
    expect = [f"Changes from {old} to {new}"]
    for doc, changes in want:
        expect += [doc] + changes
    expect.append(f"2 of 5 documents changed; proof {proof} (")
    ok = len(lines) == len(expect) and all(
        a == b or (b.endswith("(") and a.startswith(b)) for a, b in zip(lines, expect))
    check("diff: the summary lists exactly the edits made, each at its place", ok,
          "\n     ".join(["got:"] + lines + ["want:"] + expect))

    text = run(["pdftotext", "-layout", proof, "-"]).stdout
    flat = " ".join(text.split())
    check("diff proof: the changed paragraph shows the struck and the inserted word",
          "Some drugs medicines work in more than one way." in flat, flat[:2000])
    check("diff proof: the removed and the added paragraphs are there",
          REMOVED in flat and ADDED in flat)
    check("diff proof: a summary page and the documents changed",
          "Summary" in flat and "net-drugs-overview: 2 paragraphs changed, 1 added, 1 removed."
          in flat and "net-drugs-pancreatic-net: 0 paragraphs changed, 0 added, 1 removed; drug removed: "
          "Everolimus." in flat)
    # unchanged sections are folded to their headings: "Coping" is there,
    # its text is not
    coping = load_yaml("content/fragments/coping.yaml")["body"]
    first_p = next(b["p"] for b in coping if isinstance(b, dict) and "p" in b)
    check("diff proof: an unchanged section is folded to its heading",
          "Coping" in flat and " ".join(first_p.split())[:40] not in flat)
    words, strokes = word_boxes(proof), page_lines(proof)
    check("diff proof: the deleted word is struck through",
          marked(words, strokes, "drugs", "through"))
    check("diff proof: the inserted word is underlined",
          marked(words, strokes, "medicines", "under"))
    check("diff proof: words not changed are neither struck nor underlined",
          not marked(words, strokes, "Some", "through") and
          not marked(words, strokes, "Some", "under"))
    said = spoken(proof)
    check("diff proof: a screen reader is told what is deleted and what inserted",
          "[deleted: drugs]" in said and "[inserted: medicines]" in said and
          f"[deleted: {REMOVED}]" in said and f"[inserted: {ADDED}]" in said, said)
    ok, out = pdfua(proof)
    check("diff proof: passes the PDF/UA checker", ok, out)

    # one leaflet only
    res = run([BIN, "diff", old, new, "net-drugs", "--today", TODAY.isoformat(),
               "--out", os.path.join(tmp, "one.pdf")])
    docs = [l.split(":")[0] for l in res.stdout.splitlines()[1:-1] if not l.startswith("  ")]
    check("diff LEAFLET: only that leaflet's editions", res.returncode == 0 and docs == [
        "net-drugs-pancreatic-net", "net-drugs-digestive-net", "net-drugs-lung-net",
        "net-drugs-lung-nec"], res.stdout + res.stderr)
    res = run([BIN, "diff", old, new, "net-drugs-overveiw", "--out", os.path.join(tmp, "x.pdf")])
    check("diff: an unknown leaflet is an error with a suggestion", res.returncode == 1 and
          "did you mean 'net-drugs-overview'" in res.stderr, res.stderr)
    res = run([BIN, "diff", old])
    check("diff: one version only is a usage error", res.returncode == 2, res.stderr)
    res = run([BIN, "diff", old, new, "--format", "larg", "--out", os.path.join(tmp, "y.pdf")])
    check("diff --format naming no print format: a usage error, with the nearest name, "
          "nothing written", res.returncode == 2 and "no print format 'larg' (did you mean "
          "'large'?)" in res.stderr and not os.path.exists(os.path.join(tmp, "y.pdf")),
          res.stderr)

    # two revisions of a git repository, read with git show
    repo = os.path.join(tmp, "repo")
    os.makedirs(repo)
    git = ["git", "-C", repo, "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    run(["git", "init", "-q", repo])
    shutil.copytree(old, os.path.join(repo, "content"))
    run(git + ["add", "-A"])
    run(git + ["commit", "-qm", "version 1"])
    shutil.rmtree(os.path.join(repo, "content"))
    shutil.copytree(new, os.path.join(repo, "content"))
    run(git + ["add", "-A"])
    run(git + ["commit", "-qm", "version 2"])
    # a working copy with changes of its own, which must not be touched
    with open(os.path.join(repo, "content", "leaflets", "net-drugs.yaml"), "a") as f:
        f.write("# a change not committed\n")
    with open(os.path.join(repo, "notes.txt"), "w") as f:
        f.write("untracked\n")
    before = run(git + ["status", "--porcelain"]).stdout
    head = run(git + ["rev-parse", "HEAD"]).stdout
    listing = sorted(os.listdir(repo))
    res = run([BIN, "diff", "--repo", repo, "HEAD~1:content", "HEAD:content", "--today",
               TODAY.isoformat(), "--out", os.path.join(tmp, "git.pdf")])
    want = expected_summary(old, new, "HEAD~1:content", "HEAD:content")
    expect = ["Changes from HEAD~1:content to HEAD:content"]
    for doc, changes in want:
        expect += [doc] + changes
    lines = res.stdout.splitlines()[:-1]
    check("diff REV:PATH: the same edits, places named by revision",
          res.returncode == 0 and lines == expect,
          "\n     ".join(["got:"] + lines + ["want:"] + expect + [res.stderr]))
    check("diff REV:PATH: the repository and its working copy are as they were",
          run(git + ["status", "--porcelain"]).stdout == before and
          run(git + ["rev-parse", "HEAD"]).stdout == head and
          sorted(os.listdir(repo)) == listing)
    res = run([BIN, "diff", "--repo", repo, "--git", "HEAD~1", "HEAD", "net-drugs-overview",
               "--today", TODAY.isoformat(), "--out", os.path.join(tmp, "git2.pdf")])
    check("diff --git: revisions of --content", res.returncode == 0 and
          "net-drugs-overview: 2 paragraphs changed, 1 added, 1 removed" in res.stdout,
          res.stdout + res.stderr)
    res = run([BIN, "diff", "--repo", repo, "HEAD~7:content", "HEAD:content",
               "--out", os.path.join(tmp, "bad.pdf")])
    check("diff: a revision that is not there is an error naming it", res.returncode == 1 and
          "HEAD~7:content: error: cannot list the files of 'content' at 'HEAD~7'" in res.stderr,
          res.stderr)
    leftovers = [n for n in os.listdir(tempfile.gettempdir()) if n.startswith("leaflet-diff-")]
    check("diff: no private copy is left behind", leftovers == [], leftovers)


# ---- leaflet report ------------------------------------------------------------


def minus_months(d, months):
    """d less 'months' months, the day clamped to the month's end."""
    index = d.year * 12 + d.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for day in range(d.day, 27, -1):
        try:
            return datetime.date(year, month, day)
        except ValueError:
            continue
    return datetime.date(year, month, min(d.day, 28))


def expected_rows(folder):
    """The report's rows, worked out from the YAML."""
    formats = sorted(n[:-5] for n in os.listdir(os.path.join(folder, "styles"))
                     if n.endswith(".yaml"))
    leaflets = []
    for name in sorted(os.listdir(os.path.join(folder, "leaflets"))):
        if name.endswith(".yaml"):
            leaflets.append(load_yaml(os.path.join(folder, "leaflets", name)))
    rows = []
    for l in leaflets:
        review = l["review"]
        last = datetime.date.fromisoformat(review["last_reviewed"])
        nxt = datetime.date.fromisoformat(review["next_review"])
        lead = int(review.get("submit_before_months", "3"))
        status = ("overdue" if TODAY > nxt else
                  "due soon" if lead and TODAY >= minus_months(nxt, lead) else "current")
        history = review.get("history") or []
        approver = history[0]["approved_by"] if history else {}
        years = [int(y) for r in l.get("references", [])
                 for field in ("title", "authors", "source")
                 for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", r.get(field, ""))
                 if 1900 <= int(y) <= TODAY.year]
        translations = [t for t in leaflets if t.get("translation_of") == l["id"]]
        languages = [l.get("language", "en-GB")]
        for t in translations:
            if t.get("language", "en-GB") not in languages:
                languages.append(t.get("language", "en-GB"))
        source = next((s for s in leaflets if s["id"] == l.get("translation_of")), None)
        older = ""
        if source:
            older = "yes" if last < datetime.date.fromisoformat(
                source["review"]["last_reviewed"]) else "no"
        tr = "; ".join(
            f"{t['id']} ({t.get('language', 'en-GB')}, "
            f"{'older than this' if datetime.date.fromisoformat(t['review']['last_reviewed']) < last else 'up to date'})"
            for t in translations)
        editions = l.get("editions") or [None]
        for e in editions:
            title = l["title"]
            if e:
                tumour = load_yaml(os.path.join(folder, "tumours", e["tumour"] + ".yaml"))
                title = title.replace("{tumour.name}", tumour["name"])
            rows.append({
                "id": l["id"], "edition": e["tumour"] if e else "", "title": title,
                "language": l.get("language", "en-GB"), "version": review.get("version", ""),
                "last_reviewed": review["last_reviewed"], "next_review": review["next_review"],
                "days_to_review": str((nxt - TODAY).days), "status": status,
                "approver_role": approver.get("role", ""),
                "approver_name": approver.get("name", ""),
                "references": str(len(l.get("references", []))),
                "newest_reference_year": str(max(years)) if years else "",
                "newest_reference_age_years": str(TODAY.year - max(years)) if years else "",
                "formats": "; ".join(formats), "languages": "; ".join(languages),
                "translation_of": l.get("translation_of", ""), "older_than_source": older,
                "translations": tr,
            })
    return rows


def compare_rows(name, got, want):
    """Row by row, column by column (words and reading age are leaflet's
    own measure, checked against leaflet check elsewhere)."""
    ok = len(got) == len(want)
    detail = [f"{len(got)} rows, expected {len(want)}"] if not ok else []
    for i, (g, w) in enumerate(zip(got, want)):
        for key, value in w.items():
            if g.get(key) != value:
                ok = False
                detail.append(f"row {i + 1} ({w['id']} {w['edition']}): {key} is "
                              f"{g.get(key)!r}, expected {value!r}")
    check(name, ok, "\n     ".join(detail))


def report_checks(tmp):
    res = run([BIN, "report", "--format", "csv", "--today", TODAY.isoformat()])
    check("report --format csv: exits 0", res.returncode == 0, res.stderr)
    raw = subprocess.run(WRAPPER + [BIN, "report", "--format", "csv", "--today",
                                    TODAY.isoformat()], capture_output=True).stdout
    records = raw.split(b"\r\n")
    check("report csv: CRLF line ends (RFC 4180), a header and a row each",
          records[-1] == b"" and b"\n" not in b"".join(records) and
          len(records) - 1 == 1 + len(expected_rows("content")), raw[:300])
    got = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    compare_rows("report csv: matches the content, row by row", got, expected_rows("content"))
    overview = next(r for r in got if r["id"] == "net-drugs-overview")
    note = run([BIN, "check", "--today", TODAY.isoformat()]).stdout
    m = re.search(r"leaflet 'net-drugs-overview': (\d+) words, Flesch reading ease \d+, "
                  r"reading age about (\d+)", note)
    check("report csv: words and reading age are leaflet check's",
          m and overview["words"] == m.group(1) and
          round(float(overview["reading_age"])) == int(m.group(2)), (overview, note))

    res = run([BIN, "report", "--format", "json", "--today", TODAY.isoformat()])
    try:
        data = json.loads(res.stdout)
    except ValueError:
        data = {"leaflets": []}
    same = [r["id"] for r in data["leaflets"]] == [r["id"] for r in got] and all(
        r["words"] == int(g["words"]) and r["status"] == g["status"] and
        (r["approved_by"] or {}).get("name", "") == g["approver_name"]
        for r, g in zip(data["leaflets"], got))
    check("report --format json: the same rows, typed", res.returncode == 0 and same and
          data.get("today") == TODAY.isoformat(), res.stdout[:500])

    res = run([BIN, "report", "--print-format", "braille", "--out", os.path.join(tmp, "r.pdf")])
    check("report --print-format braille: a usage error (a PDF needs a print format), "
          "nothing written", res.returncode == 2 and "is a braille format" in res.stderr and
          not os.path.exists(os.path.join(tmp, "r.pdf")), res.stderr)

    pdf = os.path.join(tmp, "report.pdf")
    res = run([BIN, "report", "--today", TODAY.isoformat(), "--out", pdf])
    text = " ".join(run(["pdftotext", pdf, "-"]).stdout.split())
    check("report pdf: each row a heading and its fields",
          res.returncode == 0 and "Status: current" in text and
          "Approved by: Cancer Research UK, Publisher" in text and
          text.count("Leaflet ID: ") == len(got), res.stderr + text[:500])
    # the table at a glance: a header row, then each row's id (a row
    # header), version, next review and status, as the CSV gives them
    months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()

    def day(iso):
        y, m, d = (int(x) for x in iso.split("-"))
        return f"{d} {months[m - 1]} {y}"
    glance = "Reviews at a glance Leaflet Version Next review Status " + " ".join(
        f"{r['id'] + ('-' + r['edition'] if r['edition'] else '')} {r['version'] or 'not given'} "
        f"{day(r['next_review'])} {r['status']}" for r in got)
    struct = run(["pdfinfo", "-struct-text", pdf]).stdout
    check("report pdf: a table of every row's review at a glance, its header row and row "
          "headers scoped", glance in text and struct.count("/Scope /Column") == 4 and
          struct.count("/Scope /Row") == len(got), glance + "\n" + text[:800])
    ok, out = pdfua(pdf)
    check("report pdf: passes the PDF/UA checker", ok, out)

    # a translation reviewed before its source, and a leaflet due soon
    folder = os.path.join(tmp, "library", "content")
    shutil.copytree("content", folder)
    with open(os.path.join(folder, "leaflets", "net-drugs-overview-cy.yaml"), "w",
              encoding="utf-8") as f:
        f.write("id: net-drugs-overview-cy\n"
                "title: Cyffuriau wedi'u targedu\n"
                "language: cy\n"
                "translation_of: net-drugs-overview\n"
                "review:\n"
                "  last_reviewed: 2024-06-01\n"
                "  next_review: 2027-01-31\n"
                "  version: \"1\"\n"
                "  history:\n"
                "    - version: \"1\"\n"
                "      date: 2024-06-01\n"
                "      changes: Translated.\n"
                "      approved_by: {role: Translator, name: C. Example}\n"
                "body:\n"
                "  - p: Mae cyffuriau yn helpu.\n")
    res = run([BIN, "report", "--format", "csv", "--today", TODAY.isoformat(), "--content",
               folder, "--out", os.path.join(tmp, "library.csv")])
    with open(os.path.join(tmp, "library.csv"), newline="", encoding="utf-8") as f:
        got = list(csv.DictReader(f))
    compare_rows("report csv: a translation, older than its source, and one due soon", got,
                 expected_rows(folder))
    cy = next((r for r in got if r["id"] == "net-drugs-overview-cy"), {})
    src = next((r for r in got if r["id"] == "net-drugs-overview"), {})
    check("report csv: the translation says it is older; its source lists it",
          cy.get("older_than_source") == "yes" and cy.get("status") == "due soon" and
          src.get("translations") == "net-drugs-overview-cy (cy, older than this)" and
          src.get("languages") == "en-GB; cy", (cy, src))


# ---- metadata and manifest -------------------------------------------------------


def metadata_checks(tmp):
    out = os.path.join(tmp, "built")
    res = run([BIN, "build", "--today", TODAY.isoformat(), "--out", out, "net-drugs-overview"])
    pdf = os.path.join(out, "net-drugs-overview.standard.pdf")
    review = load_yaml("content/leaflets/net-drugs-overview.yaml")["review"]
    info = run(["pdfinfo", "-custom", pdf]).stdout
    fields = dict(re.findall(r"^(\w+):\s+(.*)$", info, re.M))
    check("PDF Info: DocumentVersion, LastReviewed and NextReview from the content",
          res.returncode == 0 and fields.get("DocumentVersion") == review["version"] and
          fields.get("LastReviewed") == review["last_reviewed"] and
          fields.get("NextReview") == review["next_review"], info)
    with pikepdf.open(pdf) as doc:
        xmp = doc.Root.Metadata.read_bytes().decode("utf-8")
    check("PDF XMP: xmpMM:VersionID and the review dates",
          f"<xmpMM:VersionID>{review['version']}</xmpMM:VersionID>" in xmp and
          f"<review:lastReviewed>{review['last_reviewed']}</review:lastReviewed>" in xmp and
          f"<review:nextReview>{review['next_review']}</review:nextReview>" in xmp, xmp)
    with open(os.path.join(out, "manifest.json"), encoding="utf-8") as f:
        entry = json.load(f)["documents"][0]
    approver = review["history"][0]["approved_by"]
    check("manifest: version and approver",
          entry.get("version") == review["version"] and
          entry.get("approved_by") == {"role": approver["role"], "name": approver["name"]},
          entry)


def report_in_every_script(tmp):
    """The report names leaflets in their own scripts (a Bengali or
    Chinese title): it sets them with the format's script faces, as a build
    does, instead of failing with 'in none of the fonts'."""
    pdf = os.path.join(tmp, "scripts-report.pdf")
    res = run([BIN, "report", "--content", "tests/scripts/content", "--out", pdf, "--today",
               TODAY.isoformat()])
    text = run(["pdftotext", pdf, "-"]).stdout if os.path.exists(pdf) else ""
    check("report PDF of a library with Bengali and Chinese titles: written, the titles in it",
          res.returncode == 0 and "(net-drugs-overview-bn)" in text and
          "\u0987\u09ae\u09bf\u0989\u09a8\u09cb" in text, res.stderr)
    ua_ok, ua_out = pdfua(pdf) if os.path.exists(pdf) else (False, "no PDF")
    check("report PDF of every script: PDF/UA", ua_ok, ua_out)


def broken_record_checks(tmp):
    """Evidence that does not hold is not printed: a leaflet whose
    review.version is raised with no history entry for it is refused by
    build (no PDF, no manifest entry claiming version 2 signed off by
    version 1's approver) and shows "content errors" in the report; a
    leaflet file that does not load keeps its report row."""
    root = os.path.join(tmp, "broken")
    shutil.copytree("content", os.path.join(root, "content"))
    os.symlink(os.path.abspath("fonts"), os.path.join(root, "fonts"))
    content = os.path.join(root, "content")
    path = os.path.join(content, "leaflets", "net-drugs-overview.yaml")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    version = load_yaml(path)["review"]["version"]
    raised = str(int(version) + 1)
    text = text.replace(f'  version: "{version}"', f'  version: "{raised}"', 1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    out = os.path.join(root, "out")
    res = run([BIN, "build", "--content", content, "--today", TODAY.isoformat(), "--out", out,
               "net-drugs-overview"])
    check("build: a version its history does not hold is refused at review.version",
          res.returncode != 0 and
          f"error: review.version is '{raised}' but the newest history entry" in res.stderr and
          not os.path.exists(os.path.join(out, "net-drugs-overview.standard.pdf")), res.stderr)
    res = run([BIN, "report", "--content", content, "--format", "csv", "--today",
               TODAY.isoformat()])
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(res.stdout, newline=""))}
    check("report: a leaflet whose history does not hold its version reads 'content errors'",
          res.returncode != 0 and rows.get("net-drugs-overview", {}).get("status") ==
          "content errors", res.stdout + res.stderr)
    # a leaflet file that does not load is still a row
    with open(os.path.join(content, "leaflets", "net-drugs.yaml"), "a", encoding="utf-8") as f:
        f.write("unknown_key: 1\n")
    res = run([BIN, "report", "--content", content, "--format", "csv", "--today",
               TODAY.isoformat()])
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(res.stdout, newline=""))}
    check("report: a leaflet file that does not load keeps a row, 'content errors'",
          rows.get("net-drugs", {}).get("status") == "content errors" and
          rows["net-drugs"]["title"] == "" and rows["net-drugs"]["version"] == "",
          res.stdout)


def main():
    tmp = tempfile.mkdtemp(prefix="leaflet-governance-")
    try:
        diff_checks(tmp)
        report_checks(tmp)
        metadata_checks(tmp)
        broken_record_checks(tmp)
        report_in_every_script(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"governance: {RESULTS['passed']} passed, {RESULTS['failed']} failed")
    return 1 if RESULTS["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
