#!/usr/bin/env python3
"""Check the Markdown of the scoping brief (README.md and docs/*.md).

Usage: python3 tools/check_brief.py [ROOT]   (ROOT defaults to the repository root)

Fenced code blocks (``` or ~~~) and inline code spans are ignored. Rules:

  links      Every relative link [text](target) or reference definition
             [label]: target resolves to an existing path (relative to the
             linking file, URL-decoded; links with a URL scheme such as http:,
             https: or mailto: are skipped). A #fragment pointing into a
             Markdown file of the brief (or the same file) must be one of its
             anchors: GitHub heading slugs, or <a id="x"> / <a name="x">.
  citations  Each bracketed citation ([3], [3, 7], [12-14], [12–14], [8a])
             outside a file's References section (the level-2..6 heading whose
             text starts with "References") matches a numbered item "N. " in
             that section; every numbered reference is cited in its file; a
             file with citations needs a References section.
  questions  Each question (a line like "- **Q6.** ...") is defined once across
             all files, and every question referred to (Q12, Q2–Q5) is defined.
  h1         Each file has exactly one level-1 heading.
  tables     Each block of lines starting with "|" has a header row, a
             separator row, and the same number of cells in every row.

Prints one "FAIL file:line rule: detail" line per failure and a summary; exits
1 if anything failed, 0 otherwise.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote


@dataclass(frozen=True)
class Failure:
    file: str  # path relative to ROOT, with forward slashes
    line: int  # 1-based
    rule: str  # links | citations | questions | h1 | tables | files
    detail: str

    def __str__(self) -> str:
        return f"FAIL {self.file}:{self.line} {self.rule}: {self.detail}"


# --------------------------------------------------------------------------
# Reading a file: fenced code and inline code removed, line numbers kept
# --------------------------------------------------------------------------

FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
HEADING_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
HTML_ANCHOR_RE = re.compile(r"""<a\s[^>]*?\b(?:id|name)\s*=\s*["']([^"']+)["']""", re.I)


@dataclass
class Heading:
    line: int
    level: int
    text: str  # raw heading text, inline code kept (it counts for the slug)


@dataclass
class Doc:
    path: Path
    rel: str
    raw: list[str]  # lines with fenced code blocks blanked
    lines: list[str]  # same, with inline code spans blanked too
    headings: list[Heading]
    anchors: set[str]


def blank_code_spans(line: str) -> str:
    """Replace each inline code span by spaces of the same length."""
    return CODE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), line)


def strip_fences(text: str) -> list[str]:
    """Return the lines of text with fenced code blocks (fences included) blanked."""
    out: list[str] = []
    fence: str | None = None
    for line in text.splitlines():
        m = FENCE_RE.match(line)
        if fence is None:
            if m:
                fence = m.group(1)
                out.append("")
            else:
                out.append(line)
        else:
            out.append("")
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) \
                    and not line.strip().strip(fence[0]):
                fence = None
    return out


def slugify(text: str) -> str:
    """GitHub heading slug: 'Résumé (français)' -> 'résumé-français'."""
    text = re.sub(r"\s+#+\s*$", "", text)  # closing hashes
    text = re.sub(r"\]\([^)]*\)", "]", text)  # drop link targets
    text = re.sub(r"<[^>]+>", "", text)  # drop inline HTML tags
    text = text.lower()
    kept = "".join(
        c for c in text
        if c in "- " or unicodedata.category(c)[0] in "LMN" or unicodedata.category(c) == "Pc"
    )
    return kept.replace(" ", "-")


def read_doc(path: Path, root: Path) -> Doc:
    raw = strip_fences(path.read_text(encoding="utf-8"))
    lines = [blank_code_spans(line) for line in raw]
    headings: list[Heading] = []
    anchors: set[str] = set()
    seen: dict[str, int] = {}
    for i, line in enumerate(raw, 1):
        m = HEADING_RE.match(line)
        if not m:
            continue
        text = re.sub(r"(^|\s)#+$", "", (m.group(2) or "")).strip()
        headings.append(Heading(i, len(m.group(1)), text))
        slug = slugify(text)
        if slug in seen:
            seen[slug] += 1
            anchors.add(f"{slug}-{seen[slug]}")
        else:
            seen[slug] = 0
            anchors.add(slug)
    for line in lines:
        anchors.update(HTML_ANCHOR_RE.findall(line))
    rel = path.relative_to(root).as_posix()
    return Doc(path, rel, raw, lines, headings, anchors)


# --------------------------------------------------------------------------
# a. Links
# --------------------------------------------------------------------------

LINK_RE = re.compile(
    r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]"  # [text], one level of nested brackets
    r"\(\s*(<[^>]*>|(?:[^()\s]|\([^()\s]*\))*)"  # (target
    r"""(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)"""  # optional "title")
)
REF_DEF_RE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def link_targets(doc: Doc):
    """Yield (line number, target) for inline links and reference definitions."""
    for i, line in enumerate(doc.lines, 1):
        for m in LINK_RE.finditer(line):
            yield i, m.group(1)
        m = REF_DEF_RE.match(line)
        if m:
            yield i, m.group(1)


def check_links(doc: Doc, docs_by_path: dict[Path, Doc], root: Path) -> list[Failure]:
    failures = []
    for line_no, target in link_targets(doc):
        target = target.strip("<>")
        if SCHEME_RE.match(target):  # http:, https:, mailto: and other URLs
            continue
        if not target:
            failures.append(Failure(doc.rel, line_no, "links", "empty link target"))
            continue
        path_part, _, fragment = target.partition("#")
        path_part = unquote(path_part.split("?", 1)[0])
        if not path_part:
            dest = doc.path
        elif path_part.startswith("/"):
            dest = root / path_part.lstrip("/")
        else:
            dest = doc.path.parent / path_part
        if not dest.exists():
            failures.append(Failure(doc.rel, line_no, "links", f"'{target}': no such file"))
            continue
        target_doc = docs_by_path.get(dest.resolve())
        if fragment and target_doc is not None:
            anchor = unquote(fragment)
            if anchor not in target_doc.anchors:
                failures.append(Failure(
                    doc.rel, line_no, "links",
                    f"'{target}': no anchor '{anchor}' in {target_doc.rel}"))
    return failures


# --------------------------------------------------------------------------
# b. Citations and references
# --------------------------------------------------------------------------

_ITEM = r"\d+[a-z]?(?:\s*[–-]\s*\d+[a-z]?)?"
CITATION_RE = re.compile(rf"(?<![\\!])\[({_ITEM}(?:\s*,\s*{_ITEM})*)\](?!\()")
REFERENCE_ITEM_RE = re.compile(r"^ {0,3}(\d+)\.\s")
MAX_RANGE = 200


def expand(items: str) -> tuple[set[int], str | None]:
    """'3, 8a, 12–14' -> ({3, 8, 12, 13, 14}, None); the str is an error, if any."""
    numbers: set[int] = set()
    for item in items.split(","):
        ends = [int(re.match(r"\s*(\d+)", end).group(1)) for end in re.split(r"[–-]", item)]
        low, high = ends[0], ends[-1]
        if high < low or high - low > MAX_RANGE:
            return numbers, f"bad range '{item.strip()}'"
        numbers.update(range(low, high + 1))
    return numbers, None


def references_section(doc: Doc) -> tuple[int, int] | None:
    """Line span [start, end) of the References section, or None."""
    for n, h in enumerate(doc.headings):
        if 2 <= h.level <= 6 and h.text.lower().startswith("references"):
            end = len(doc.lines) + 1
            for later in doc.headings[n + 1:]:
                if later.level <= h.level:
                    end = later.line
                    break
            return h.line, end
    return None


def drop_link_targets(line: str) -> str:
    """Blank the (target) part of inline links so URLs are not read as text."""
    return LINK_RE.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)]
                       + " " * (m.end(0) - m.start(1)), line)


def check_citations(doc: Doc) -> list[Failure]:
    failures = []
    section = references_section(doc)
    start, end = section if section else (len(doc.lines) + 1, len(doc.lines) + 1)

    references: dict[int, int] = {}  # number -> line
    for i in range(start + 1, end):
        m = REFERENCE_ITEM_RE.match(doc.lines[i - 1])
        if m:
            number = int(m.group(1))
            if number in references:
                failures.append(Failure(doc.rel, i, "citations",
                                        f"reference {number} listed twice "
                                        f"(also line {references[number]})"))
            else:
                references[number] = i

    cited: set[int] = set()
    first_citation = None
    for i, line in enumerate(doc.lines, 1):
        if start <= i < end:
            continue
        line = drop_link_targets(line)
        for m in CITATION_RE.finditer(line):
            if line[m.end():m.end() + 1] == ":" and not line[:m.start()].strip():
                continue  # a reference definition "[1]: ..."
            first_citation = first_citation or i
            numbers, error = expand(m.group(1))
            if error:
                failures.append(Failure(doc.rel, i, "citations", error))
            cited |= numbers
            if section:
                for number in sorted(numbers - references.keys()):
                    failures.append(Failure(doc.rel, i, "citations",
                                            f"[{number}] cited but not in References"))

    if cited and not section:
        failures.append(Failure(doc.rel, first_citation, "citations",
                                "citations but no References section"))
    for number, line in references.items():
        if number not in cited:
            failures.append(Failure(doc.rel, line, "citations",
                                    f"unused reference {number}"))
    return failures


# --------------------------------------------------------------------------
# c. Questions
# --------------------------------------------------------------------------

QUESTION_DEF_RE = re.compile(r"^\s*(?:[-*]|\d+\.)?\s*\*\*Q(\d+)\.")
QUESTION_RANGE_RE = re.compile(r"\bQ(\d+)\s*[–-]\s*Q(\d+)\b")
QUESTION_REF_RE = re.compile(r"\bQ(\d+)\b")


def check_questions(docs: list[Doc]) -> list[Failure]:
    failures = []
    definitions: dict[int, list[tuple[str, int]]] = {}
    references: list[tuple[str, int, int]] = []  # file, line, number
    for doc in docs:
        for i, line in enumerate(doc.lines, 1):
            m = QUESTION_DEF_RE.match(line)
            if m:
                definitions.setdefault(int(m.group(1)), []).append((doc.rel, i))
            line = drop_link_targets(line)
            for m in QUESTION_RANGE_RE.finditer(line):
                low, high = int(m.group(1)), int(m.group(2))
                if high < low or high - low > MAX_RANGE:
                    failures.append(Failure(doc.rel, i, "questions",
                                            f"bad range '{m.group(0)}'"))
                    continue
                references.extend((doc.rel, i, n) for n in range(low, high + 1))
            references.extend((doc.rel, i, int(n)) for n in QUESTION_REF_RE.findall(line))

    for number, places in sorted(definitions.items()):
        if len(places) > 1:
            for file, line in places:
                others = ", ".join(f"{f}:{n}" for f, n in places if (f, n) != (file, line))
                failures.append(Failure(file, line, "questions",
                                        f"Q{number} defined {len(places)} times "
                                        f"(also at {others})"))
    reported = set()
    for file, line, number in references:
        if number not in definitions and (file, line, number) not in reported:
            reported.add((file, line, number))
            failures.append(Failure(file, line, "questions",
                                    f"Q{number} referred to but never defined"))
    return failures


# --------------------------------------------------------------------------
# d. One level-1 heading
# --------------------------------------------------------------------------

def check_h1(doc: Doc) -> list[Failure]:
    h1 = [h for h in doc.headings if h.level == 1]
    if not h1:
        return [Failure(doc.rel, 1, "h1", "no level-1 heading")]
    return [Failure(doc.rel, h.line, "h1",
                    f"second level-1 heading '{h.text}' (first at line {h1[0].line})")
            for h in h1[1:]]


# --------------------------------------------------------------------------
# e. Tables
# --------------------------------------------------------------------------

SEPARATOR_RE = re.compile(r"^\|[\s:\-|]+\|$")


def count_cells(row: str) -> int:
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return len(re.split(r"(?<!\\)\|", row))


def check_tables(doc: Doc) -> list[Failure]:
    failures = []
    blocks: list[list[tuple[int, str]]] = []
    previous = False
    for i, line in enumerate(doc.lines, 1):
        is_row = line.lstrip().startswith("|")
        if is_row:
            if not previous:
                blocks.append([])
            blocks[-1].append((i, line.strip()))
        previous = is_row

    for block in blocks:
        header_line, header = block[0]
        if len(block) < 2 or not (SEPARATOR_RE.match(block[1][1]) and "-" in block[1][1]):
            failures.append(Failure(doc.rel, header_line, "tables",
                                    "table has no separator row after its header"))
            continue
        width = count_cells(header)
        for line_no, row in block[1:]:
            cells = count_cells(row)
            if cells != width:
                failures.append(Failure(doc.rel, line_no, "tables",
                                        f"row has {cells} cells, header has {width}"))
    return failures


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------

def brief_files(root: Path) -> list[Path]:
    files = [root / "README.md"] if (root / "README.md").is_file() else []
    return files + sorted(p for p in (root / "docs").glob("*.md") if p.is_file())


def check(root: Path) -> list[Failure]:
    """Check every Markdown file of the brief under root; return the failures."""
    root = Path(root).resolve()
    failures: list[Failure] = []
    if not (root / "README.md").is_file():
        failures.append(Failure("README.md", 1, "files", "README.md is missing"))
    docs = [read_doc(path, root) for path in brief_files(root)]
    by_path = {doc.path.resolve(): doc for doc in docs}
    for doc in docs:
        failures += check_links(doc, by_path, root)
        failures += check_citations(doc)
        failures += check_h1(doc)
        failures += check_tables(doc)
    failures += check_questions(docs)
    order = {doc.rel: n for n, doc in enumerate(docs)}
    failures.sort(key=lambda f: (order.get(f.file, -1), f.line, f.rule, f.detail))
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path,
                        default=Path(__file__).resolve().parent.parent,
                        help="root of the brief (default: the repository root)")
    args = parser.parse_args(argv)
    if not args.root.is_dir():
        parser.error(f"{args.root} is not a directory")
    failures = check(args.root)
    count = len(brief_files(args.root.resolve()))
    for failure in failures:
        print(failure)
    if failures:
        print(f"FAILED: {len(failures)} problem(s) in {count} files checked")
        return 1
    print(f"OK: {count} files checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
