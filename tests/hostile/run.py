#!/usr/bin/env python3
"""The hostile-input corpus: every case builds a small content folder with
`leaflet` and compares what happens with what the case expects.

    python3 tests/hostile/run.py [--update] [--wrapper CMD] LEAFLET [CASE...]

Each case is a folder tests/hostile/cases/<name>/ holding a file 'case' and,
beside it, files to lay over the base content (tests/hostile/base/content/),
at the same paths ('content/leaflets/x.yaml', 'fonts-bad/x.ttf' ...).  The
'case' file is a few header lines, then 'stderr:' and the exact standard
error expected:

    # what the case shows (comments start with '#')
    args: build --today 2026-01-01 --content content --out out   (the default)
    remove: content/drugs/sunitinib.yaml     (take a base file away)
    mkdir: content/drugs/x.yaml              (a folder where a file should be)
    symlink: content/drugs/x.yaml -> nowhere (a link, dangling or not)
    fifo: content/drugs/x.yaml               (a named pipe nobody writes to)
    generate: <generator> <path>             (a huge file, made at test time)
    ulimit-f: 64                             (file size limit, 512-byte blocks)
    sigxfsz: ignore                          (start with SIGXFSZ ignored)
    known-bug: <what is wrong>               (a bug reported, not yet fixed)
    exit: 1
    written: basic.standard.pdf template-pancreatic-net.standard.pdf
    text: basic.standard.pdf: words the PDF must hold (pdftotext)
    stderr:
    content/leaflets/x.yaml:3:1: error: ...

Every run starts with out/ holding an earlier good PDF, out/earlier.pdf,
which must come through unchanged, and out/ must end holding exactly that
file, the PDFs 'written' names and the build's manifest (no temporary or
partial files); every PDF written must pass qpdf --check and a manifest
must be JSON.  The build's closing summary line ("3 documents (...), ...
0.04 s ...") holds a time, so it is left out of the comparison.  Standard
error must be valid UTF-8.  A run that is killed by a signal, or takes
longer than HOSTILE_TIMEOUT seconds (300), fails: a hang.

A case marked 'known-bug' states what the program should do; while it
fails it is reported as 'xfail' with the bug and does not fail the run, and
once it passes it says so ('XPASS ...: remove known-bug').

--update rewrites each case's exit, written and stderr from what the
program does (review the diff before keeping it).  --wrapper runs the
program under another (for example 'valgrind -q --error-exitcode=9').
Prints one line per case and 'hostile: N passed, M failed'; exits 1 on any
failure.
"""
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CASES = os.path.join(HERE, "cases")
BASE = os.path.join(HERE, "base")
DEFAULT_ARGS = "build --today 2026-01-01 --content content --out out"
TIMEOUT = int(os.environ.get("HOSTILE_TIMEOUT", "300"))
SUMMARY = re.compile(r"^\d+ documents? \(.*$", re.M)
MANIFEST = re.compile(r"^manifest(\.\d+-of-\d+)?\.json$")
EARLIER = b"%PDF-1.7\n% an earlier PDF that no failed build may touch\n%%EOF\n"


# ---- generators: inputs too big to keep in git ---------------------------

LEAFLET_HEAD = (
    "id: {id}\ntitle: \"A huge leaflet\"\n"
    "review: {{last_reviewed: 2025-02-26, next_review: 2028-02-26}}\n")


def gen_file_50mb(path, stem):
    """A 50 MB leaflet: valid YAML, padded with comment lines."""
    line = b"# " + b"padding " * 12 + b"\n"
    with open(path, "wb") as f:
        f.write(LEAFLET_HEAD.format(id=stem).encode() + b"body:\n  - p: Short.\n")
        for _ in range(50 * 1000 * 1000 // len(line) + 1):
            f.write(line)


def gen_file_over_limit(path, stem):
    """One byte over the 16 MiB a YAML file may hold."""
    head = (LEAFLET_HEAD.format(id=stem) + "body:\n  - p: Short.\n").encode()
    with open(path, "wb") as f:
        f.write(head)
        left = 16 * 1024 * 1024 + 1 - len(head)
        line = b"#" + b"x" * 62 + b"\n"
        f.write(line * (left // len(line)))
        f.write(b"#" * (left % len(line)))


def gen_word_1mb(path, stem):
    """A paragraph that is one word of a million letters."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(LEAFLET_HEAD.format(id=stem) + "body:\n  - p: \"" + "x" * 1000000 + "\"\n")


def gen_text_3mb(path, stem):
    """Three paragraphs of a megabyte of words each."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(LEAFLET_HEAD.format(id=stem) + "body:\n")
        for _ in range(3):
            f.write("  - p: \"" + "word " * 200000 + "\"\n")


def gen_list_100k(path, stem):
    """A list of 100,000 items."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(LEAFLET_HEAD.format(id=stem) + "body:\n  - list:\n")
        for i in range(100000):
            f.write(f"    - item {i}\n")


def gen_nodes_over_limit(path, stem):
    """A flow list of 1,100,000 items: past the 1,048,576 nodes of a file."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(LEAFLET_HEAD.format(id=stem) + "keywords: [" + "a," * 1100000 + "a]\n"
                "body:\n  - p: Short.\n")


def gen_deep_flow(path, stem):
    """Lists nested 10,000 deep, written in flow style."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(LEAFLET_HEAD.format(id=stem) + "body: " + "[" * 10000 + "]" * 10000 + "\n")


def gen_deep_block(path, stem):
    """Lists nested 10,000 deep in block style ("- - - ... x": indenting
    each level on its own line would not fit in 16 MiB)."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(LEAFLET_HEAD.format(id=stem) + "body:\n  " + "- " * 10000 + "x\n")


SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">\n'


def gen_svg_deep(path, stem):
    """A drawing whose groups nest 200,000 deep."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(SVG_HEAD + "<g>" * 200000 + "</g>" * 200000 + "</svg>\n")


def gen_svg_endless_path(path, stem):
    """A drawing with one path of 2 million segments (8 MB)."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(SVG_HEAD + '<path d="M0 0' + "h1v1" * 1000000 + '"/></svg>\n')


def gen_svg_many_shapes(path, stem):
    """A drawing of 100,000 small rectangles."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(SVG_HEAD + '<rect width="1" height="1"/>\n' * 100000 + "</svg>\n")


def repo_font(name="AtkinsonHyperlegible-Regular.ttf"):
    with open(os.path.join(REPO, "fonts", name), "rb") as f:
        return f.read()


def gen_font_truncated(path, stem):
    """The first 2,000 bytes of the real regular face."""
    with open(path, "wb") as f:
        f.write(repo_font()[:2000])


def gen_font_no_embedding(path, stem):
    """The real regular face with OS/2 fsType saying 'restricted licence'."""
    import struct
    data = bytearray(repo_font())
    count = struct.unpack(">H", data[4:6])[0]
    for i in range(count):
        rec = 12 + 16 * i
        if data[rec:rec + 4] == b"OS/2":
            offset = struct.unpack(">I", data[rec + 8:rec + 12])[0]
            data[offset + 8:offset + 10] = struct.pack(">H", 0x0002)
    with open(path, "wb") as f:
        f.write(bytes(data))


def gen_font_bad_tables(path, stem):
    """The real regular face with its table directory pointing past the end."""
    import struct
    data = bytearray(repo_font())
    count = struct.unpack(">H", data[4:6])[0]
    for i in range(count):
        rec = 12 + 16 * i
        if data[rec:rec + 4] == b"hmtx":
            data[rec + 8:rec + 12] = struct.pack(">I", len(data) - 8)
    with open(path, "wb") as f:
        f.write(bytes(data))


def gen_font_zeroed_cmap(path, stem):
    """The real regular face with its cmap table zeroed: the directory is
    sound, so only reading the table finds the fault."""
    import struct
    data = bytearray(repo_font())
    count = struct.unpack(">H", data[4:6])[0]
    for i in range(count):
        rec = 12 + 16 * i
        if data[rec:rec + 4] == b"cmap":
            offset, length = struct.unpack(">II", data[rec + 8:rec + 16])
            data[offset:offset + length] = bytes(length)
    with open(path, "wb") as f:
        f.write(bytes(data))


def font_tables(data):
    """{tag: (offset, length)} of a font's table directory."""
    import struct
    count = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(count):
        rec = 12 + 16 * i
        offset, length = struct.unpack(">II", data[rec + 8:rec + 16])
        tables[bytes(data[rec:rec + 4])] = (offset, length)
    return tables


def composite_font(path, next_glyph):
    """The real regular face with every glyph long enough rewritten as a
    composite of one component, glyph next_glyph(g): itself, or the next."""
    import struct
    data = bytearray(repo_font())
    t = font_tables(data)
    head, loca, glyf, maxp = t[b"head"][0], t[b"loca"][0], t[b"glyf"][0], t[b"maxp"][0]
    glyphs = struct.unpack(">H", data[maxp + 4:maxp + 6])[0]
    long_loca = struct.unpack(">h", data[head + 50:head + 52])[0] == 1
    for g in range(glyphs):
        if long_loca:
            start, end = struct.unpack(">II", data[loca + 4 * g:loca + 4 * g + 8])
        else:
            start, end = (2 * v for v in struct.unpack(">HH", data[loca + 2 * g:loca + 2 * g + 4]))
        if end - start < 18:
            continue
        at = glyf + start
        # numberOfContours -1, the box kept; flags ARG_1_AND_2_ARE_WORDS |
        # ARGS_ARE_XY_VALUES, the component, offsets 0, 0
        data[at:at + 2] = struct.pack(">h", -1)
        data[at + 10:at + 18] = struct.pack(">HHhh", 0x0003, next_glyph(g) % glyphs, 0, 0)
    with open(path, "wb") as f:
        f.write(bytes(data))


def gen_font_composite_self(path, stem):
    """The real regular face, each glyph a composite of itself: it draws
    nothing, and text set in it would be invisible."""
    composite_font(path, lambda g: g)


def gen_font_composite_chain(path, stem):
    """The real regular face, each glyph a composite of the next, round to
    the first: a loop through every glyph."""
    composite_font(path, lambda g: g + 1)


def gen_font_loca_format(path, stem):
    """The real regular face with head.indexToLocFormat 7 (0 or 1 only)."""
    import struct
    data = bytearray(repo_font())
    head = font_tables(data)[b"head"][0]
    data[head + 50:head + 52] = struct.pack(">h", 7)
    with open(path, "wb") as f:
        f.write(bytes(data))


GENERATORS = {
    "font-zeroed-cmap": gen_font_zeroed_cmap,
    "font-composite-self": gen_font_composite_self,
    "font-composite-chain": gen_font_composite_chain,
    "font-loca-format": gen_font_loca_format,
    "font-truncated": gen_font_truncated,
    "font-no-embedding": gen_font_no_embedding,
    "font-bad-tables": gen_font_bad_tables,
    "file-50mb": gen_file_50mb,
    "file-over-limit": gen_file_over_limit,
    "word-1mb": gen_word_1mb,
    "list-100k": gen_list_100k,
    "text-3mb": gen_text_3mb,
    "nodes-over-limit": gen_nodes_over_limit,
    "deep-flow": gen_deep_flow,
    "deep-block": gen_deep_block,
    "svg-deep": gen_svg_deep,
    "svg-endless-path": gen_svg_endless_path,
    "svg-many-shapes": gen_svg_many_shapes,
}


# ---- cases ---------------------------------------------------------------

class Case:
    def __init__(self, name):
        self.name = name
        self.dir = os.path.join(CASES, name)
        self.args = DEFAULT_ARGS
        self.setup = []          # (verb, value) in order
        self.exit = 0
        self.written = []
        self.texts = []          # (pdf, words)
        self.stderr = ""
        self.header = []         # the header lines as written, for --update
        self.known_bug = None
        with open(os.path.join(self.dir, "case"), encoding="utf-8") as f:
            lines = f.read().split("\n")
        for i, line in enumerate(lines):
            if line == "stderr:":
                self.stderr = "\n".join(lines[i + 1:])
                break
            self.header.append(line)
            if not line.strip() or line.startswith("#"):
                continue
            key, _, value = line.partition(":")
            value = value.strip()
            if key == "args":
                self.args = value
            elif key == "known-bug":
                self.known_bug = value
            elif key in ("remove", "mkdir", "symlink", "fifo", "generate", "ulimit-f",
                         "sigxfsz"):
                self.setup.append((key, value))
            elif key == "exit":
                self.exit = int(value)
            elif key == "written":
                self.written = value.split()
            elif key == "text":
                pdf, _, words = value.partition(":")
                self.texts.append((pdf.strip(), words.strip()))
            else:
                raise SystemExit(f"{self.name}/case: unknown line '{line}'")

    def write(self, status, written, stderr):
        """--update: keep the header's own lines, replace exit/written/stderr."""
        out, done = [], set()
        for line in self.header:
            key = line.partition(":")[0]
            if key == "exit":
                out.append(f"exit: {status}")
                done.add("exit")
            elif key == "written":
                if written:
                    out.append("written: " + " ".join(written))
                done.add("written")
            else:
                out.append(line)
        if "exit" not in done:
            out.append(f"exit: {status}")
        if "written" not in done and written:
            out.append("written: " + " ".join(written))
        with open(os.path.join(self.dir, "case"), "w", encoding="utf-8") as f:
            f.write("\n".join(out) + "\nstderr:\n" + stderr)


def prepare(case, root):
    """The base content, the case's files over it, then its setup steps."""
    shutil.copytree(os.path.join(BASE, "content"), os.path.join(root, "content"))
    os.symlink(os.path.join(REPO, "fonts"), os.path.join(root, "fonts"))
    for dirpath, dirnames, files in os.walk(case.dir):
        rel = os.path.relpath(dirpath, case.dir)
        for name in files:
            if rel == "." and name == "case":
                continue
            dest = os.path.normpath(os.path.join(root, rel, name))
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            shutil.copyfile(os.path.join(dirpath, name), dest)
    limit, ignore_xfsz = None, False
    for verb, value in case.setup:
        if verb == "ulimit-f":
            limit = int(value)
            continue
        if verb == "sigxfsz":
            ignore_xfsz = value == "ignore"
            continue
        if verb == "symlink":
            path, _, target = value.partition("->")
            path = os.path.join(root, path.strip())
            os.makedirs(os.path.dirname(path), exist_ok=True)
            os.symlink(target.strip(), path)
            continue
        if verb == "generate":
            gen, _, path = value.partition(" ")
            path = os.path.join(root, path.strip())
            os.makedirs(os.path.dirname(path), exist_ok=True)
            GENERATORS[gen](path, os.path.basename(path).rsplit(".", 1)[0])
            continue
        path = os.path.join(root, value)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if verb == "remove":
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path)
            else:
                os.remove(path)
        elif verb == "mkdir":
            os.makedirs(path)
        elif verb == "fifo":
            os.mkfifo(path)
    out = os.path.join(root, "out")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "earlier.pdf"), "wb") as f:
        f.write(EARLIER)
    return limit, ignore_xfsz


def run_case(case, binary, wrapper, update):
    """Run one case; returns a list of problems (empty when it passed)."""
    root = tempfile.mkdtemp(prefix=f"leaflet-hostile-{case.name}-")
    try:
        limit, ignore_xfsz = prepare(case, root)
        cmd = wrapper + [binary] + shlex.split(case.args)
        if limit is not None or ignore_xfsz:
            shell = ("trap '' XFSZ; " if ignore_xfsz else "") + \
                (f"ulimit -f {limit}; " if limit is not None else "")
            cmd = ["sh", "-c", shell + "exec \"$@\"", "sh"] + cmd
        try:
            res = subprocess.run(cmd, cwd=root, capture_output=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return [f"no answer after {TIMEOUT} s (a hang)"]
        try:
            stderr = res.stderr.decode("utf-8")
            bad_utf8 = False
        except UnicodeDecodeError:
            stderr = res.stderr.decode("utf-8", errors="replace")
            bad_utf8 = True
        stderr = SUMMARY.sub("", stderr).replace("\n\n", "\n")
        if stderr == "\n":
            stderr = ""
        out = os.path.join(root, "out")
        present = sorted(os.listdir(out)) if os.path.isdir(out) else []
        written = [p for p in present if p != "earlier.pdf" and not MANIFEST.match(p)]
        if update and res.returncode >= 0:
            case.write(res.returncode, written, stderr)
            case.exit, case.written, case.stderr = res.returncode, written, stderr
        problems = []
        if bad_utf8:
            problems.append("standard error is not valid UTF-8")
        if res.returncode < 0:
            problems.append(f"killed by signal {signal.Signals(-res.returncode).name}")
        elif res.returncode != case.exit:
            problems.append(f"exit status {res.returncode}, expected {case.exit}")
        if stderr != case.stderr:
            problems.append("standard error differs:\n" + indent(diff(case.stderr, stderr)))
        if written != sorted(case.written):
            problems.append(f"out/ holds {written}, expected {sorted(case.written)}")
        if "earlier.pdf" not in present or open(os.path.join(out, "earlier.pdf"), "rb").read() != EARLIER:
            problems.append("the earlier PDF in out/ was damaged or removed")
        for name in present:
            if MANIFEST.match(name):
                try:
                    json.load(open(os.path.join(out, name), encoding="utf-8"))
                except ValueError as e:
                    problems.append(f"{name} is not JSON: {e}")
        for name in written:
            if not name.endswith(".pdf"):
                continue
            q = subprocess.run(["qpdf", "--check", os.path.join(out, name)], capture_output=True,
                               text=True)
            if q.returncode != 0:
                problems.append(f"{name}: qpdf --check fails:\n" + indent(q.stdout + q.stderr))
        for name, words in case.texts:
            pdf = os.path.join(out, name)
            text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True,
                                  text=True).stdout if os.path.exists(pdf) else ""
            if " ".join(words.split()) not in " ".join(text.split()):
                problems.append(f"{name}: the text does not hold '{words}'")
        return problems
    finally:
        subprocess.run(["chmod", "-R", "u+rwX", root], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def diff(want, got):
    import difflib
    return "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                        "expected", "actual", n=1)) or "(only line endings)"


def indent(text):
    return "".join("     " + line + "\n" for line in text.rstrip("\n").split("\n"))


def main(argv):
    update = "--update" in argv
    argv = [a for a in argv if a != "--update"]
    wrapper = []
    if "--wrapper" in argv:
        i = argv.index("--wrapper")
        wrapper = shlex.split(argv[i + 1])
        del argv[i:i + 2]
    if not argv:
        print(__doc__)
        return 2
    binary = os.path.abspath(argv[0])
    names = argv[1:] or sorted(os.listdir(CASES))
    passed = failed = xfailed = 0
    for name in names:
        case = Case(name)
        problems = run_case(case, binary, wrapper, update and not case.known_bug)
        if problems and case.known_bug:
            xfailed += 1
            print(f"xfail {name}: {case.known_bug}")
            for p in problems:
                print("     " + p)
        elif case.known_bug:
            passed += 1
            print(f"XPASS {name}: it works now; remove its known-bug line")
        elif problems:
            failed += 1
            print(f"FAIL {name}")
            for p in problems:
                print("     " + p)
        else:
            passed += 1
            print(f"ok   {name}")
    print(f"hostile: {passed} passed, {failed} failed" +
          (f", {xfailed} known bugs" if xfailed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
