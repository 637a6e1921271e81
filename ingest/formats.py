"""Bring every file format to the one Markdown-like shape the outline parser reads.

This module holds what the formats share (display width, bullet and sentence-end
patterns, tables as labelled rows, titles for headingless text) and plain text, where
【…】 / ■ / underlined lines become headings. PDF lives in ``ingest.format_pdf``, HTML in
``ingest.format_html``.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from core.catalog import services_in
from core.outline import parse
from core.text import join_wrapped, split_sentences
from ingest.load import Section

SENT_END = re.compile(r"[。．.!?！？」』)）:：]$")
# a short line set apart (bold, large) is a title unless it ends like a sentence, a clause
# or a label ("Note:" stays the label of what follows)
TITLE_END = re.compile(r"[。．.!?！？、,:：]$")
TITLE_MAX_WIDTH = 40  # a title line is short (a width unit is one Latin letter)
MARKER = re.compile(r"^\s*(?:[・•●○◦▪▶►\-*+]\s*|\(?(?P<step>\d{1,2})[.)）]\s+)")
_PSEUDO_HEADING = re.compile(r"^\s*(?:【(.+?)】|[■□◆◇▼▽●]\s*(.+?)|\[(.+?)\]|=+\s*(.+?)\s*=+|"
                             r"第\s*\d+\s*[章節]\s*(.*))\s*$")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def width(text: str) -> int:
    """Display width: full-width characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# --- tables ------------------------------------------------------------------------------


def table_rows(header: list[str], rows: list[list[str]]) -> list[str]:
    """Each row as one bullet that names its columns: "- Policy: Immutable — Downtime: no"."""
    out = []
    for row in rows:
        cells = [c.strip() for c in row]
        if header and len(header) >= len(cells):
            parts = [f"{h}: {c}" if h else c for h, c in zip(header, cells, strict=False) if c]
        else:
            parts = [c for c in cells if c]
        if parts:
            out.append("- " + " — ".join(parts))
    return out


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")


def _bare_table(lines: list[str], i: int) -> bool:
    """A pipe table written without its |---| line (a note app's export): three or more
    |-framed rows with the same number of cells; the first names the columns."""
    rows = lines[i:i + 3]
    return len(rows) == 3 and all(_PIPE_ROW.match(r) for r in rows) and \
        len({len(_cells(r)) for r in rows}) == 1 and len(_cells(rows[0])) >= 2


_GRID_BORDER = re.compile(r"^\s*\+(?:[-=]+\+)+\s*$")  # +-----+-----+ (a grid table's rules)


def _grid_rules(lines: list[str]) -> list[str]:
    """A grid table drawn with ``+---+`` rules as a pipe table: the rule under its first
    row separates the header, the others go."""
    out: list[str] = []
    for k, line in enumerate(lines):
        if not _GRID_BORDER.match(line):
            out.append(line)
        elif out and _PIPE_ROW.match(out[-1]) and not (len(out) > 1 and _PIPE_ROW.match(out[-2])) \
                and k + 1 < len(lines) and _PIPE_ROW.match(lines[k + 1]):
            out.append("|" + "|".join("---" for _ in _cells(out[-1])) + "|")
    return out


def flatten_markdown_tables(lines: list[str]) -> list[str]:
    """Markdown pipe tables (and grid tables) to labelled rows, so each row is a quotable
    statement."""
    lines = _grid_rules(lines)
    out: list[str] = []
    i = 0
    while i < len(lines):
        sep = "|" in lines[i] and i + 1 < len(lines) and _MD_TABLE_SEP.match(lines[i + 1])
        if sep or _bare_table(lines, i):
            header = [re.sub(r"\*\*", "", h) for h in _cells(lines[i])]
            j = i + 2 if sep else i + 1
            rows = []
            while j < len(lines) and "|" in lines[j] and lines[j].strip():
                rows.append(_cells(lines[j]))
                j += 1
            out += table_rows(header, rows)
            i = j
            continue
        out.append(lines[i])
        i += 1
    return out


# --- plain text --------------------------------------------------------------------------


WRAPPED_SHARE = 0.3  # share of lines near the longest one in a hard-wrapped file
_INDENT = re.compile(r"^(\s+)")


def _hard_wrapped(widths: list[int], full: int) -> bool:
    """Whether an editor wrapped this file at a fixed width: many of its (non-blank) lines
    run close to the longest one. A note app's export, one note per line, has lines of
    every length, and joining them would glue unrelated notes together."""
    return bool(widths) and sum(w >= 0.8 * full for w in widths) >= WRAPPED_SHARE * len(widths)


def _indent(line: str) -> int:
    m = _INDENT.match(line.expandtabs(4))
    return len(m.group(1)) if m else 0


def text_to_markdown(text: str) -> str:
    """Pseudo-headings (【IAM】, ■ KMS, underlined titles) become headings; bullets stay
    bullets; an indented line is an item of the line above it; tables become labelled
    rows; in a hard-wrapped file, rows of one sentence are joined again."""
    lines = flatten_markdown_tables(text.splitlines())
    widths = [width(ln.strip()) for ln in lines if ln.strip()]
    full = max(widths, default=0)
    wrapped = _hard_wrapped(widths, full)
    out: list[str] = []
    para: list[str] = []
    base = 0  # indentation of the current top-level line
    kinds = [_heading_kind(lines, i) for i in range(len(lines))]
    levels = _levels([k for k in kinds if k])

    def flush(as_item: bool = False) -> None:
        if para:
            out.extend(["- " + join_wrapped(para)] if as_item else [join_wrapped(para), ""])
            para.clear()

    for i, line in enumerate(lines):
        stripped = line.strip()
        m = _PSEUDO_HEADING.match(line)
        if _UNDERLINE.fullmatch(stripped):
            continue
        kind = kinds[i]
        if not stripped:
            flush()
        elif kind:
            flush()
            title = next((g for g in m.groups() if g), stripped) if m else stripped
            out += ["#" * levels[kind] + " " + title.strip(), ""]
        elif out and _indent(line) > base and (para or _MD_ITEM.match(out[-1])):
            flush(as_item=True)  # the line above is a label, this one of its items
            out.append("  " + _item(stripped))
        elif MARKER.match(line):
            flush()
            base = _indent(line)
            out.append(_item(line))
        elif para and not SENT_END.search(para[-1]) and (
                stripped[0].islower() and re.search(r"[A-Za-z0-9,]$", para[-1])
                or wrapped and width(para[-1]) >= 0.8 * full):
            para.append(stripped)  # a hard-wrapped sentence goes on
        else:
            flush()
            if out and out[-1]:
                out.append("")  # a paragraph after a list is not the list's last item
            base = _indent(line)
            para.append(stripped)
    flush()
    return "\n".join(out)


_UNDERLINE = re.compile(r"[=\-]{3,}")


_MD_ITEM = re.compile(r"^\s*(?:- |\d{1,2}\. )")


def _item(line: str) -> str:
    """A bulleted or numbered line as a Markdown item; a step keeps its number."""
    m = MARKER.match(line)
    rest = line[m.end():].strip() if m else line.strip()
    return f"{m.group('step')}. {rest}" if m and m.group("step") else f"- {rest}"


def _heading_kind(lines: list[str], i: int) -> str:
    """Line ``i``'s heading style, or "": its bracket or symbol (【, ■, ◆, [, ==, 第) for a
    short marked line, or the character of the line underlining it."""
    stripped = lines[i].strip()
    nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
    if not stripped or _UNDERLINE.fullmatch(stripped):
        return ""
    if _UNDERLINE.fullmatch(nxt):
        return "_" + nxt[:1]
    m = _PSEUDO_HEADING.match(lines[i])
    if not m or width(stripped) > 60:
        return ""
    styles = ("【", stripped[:1], "[", "==", "第")
    return next(style for style, g in zip(styles, m.groups(), strict=True) if g is not None)


MAX_LEVEL = 4


def _levels(kinds: list[str]) -> dict[str, int]:
    """Heading level by style, as reStructuredText does with underlines: the first style
    a file uses is its top level, the next new one the level below (【S3】 over ■ 基本;
    "====" titles over "[…]" parts, and a "----" part first used later sits below both,
    so under a "====" title its "----" and "[…]" parts come out side by side)."""
    return {k: min(n + 2, MAX_LEVEL) for n, k in enumerate(dict.fromkeys(kinds))}


# --- titles for headingless text ---------------------------------------------------

# where a paragraph's opening subject phrase ends ("ElastiCacheは…", "Amazon SQS is …")
_SUBJECT_END = re.compile(r"[はがをにで、。,:：]|\s(?:is|are|was|lets|has|can|uses|keeps)\s")


def titled(sections: list[Section]) -> list[Section]:
    """Give headingless text a title: split it where its subject service changes."""
    out: list[Section] = []
    last = ""  # a page that starts without naming a service goes on with the last one
    for s in sections:
        if s.is_empty or not _headingless(s):
            out.append(s)
            last = ""
            continue
        parts = _split_by_subject(s, last)
        last = parts[-1].heading_path[-1] if parts else last
        out += parts
    return out


def _headingless(s: Section) -> bool:
    stem = Path(s.source).stem
    return not s.heading_path or s.heading_path == [stem]


def _split_by_subject(s: Section, last: str = "") -> list[Section]:
    nodes = parse("\n".join(s.lines))
    tops = sorted({n.start for n in nodes if n.parent is None})
    groups: list[tuple[str, list[str]]] = []
    for k, start in enumerate(tops):
        block = s.lines[start:tops[k + 1] if k + 1 < len(tops) else len(s.lines)]
        text = " ".join(block).strip()
        named = services_in(text)
        current = groups[-1][0] if groups else last
        # a new subject is a service the paragraph opens with ("ElastiCacheは…"); one named
        # in passing ("SSE-KMS", "the origin can be S3") does not start a section
        opening = services_in(_SUBJECT_END.split(text[:40], maxsplit=1)[0])
        if not current:
            subject = named[0] if named else ""
        elif opening and current not in opening:
            subject = opening[0]
        else:
            subject = current
        if groups and groups[-1][0] == subject:
            groups[-1][1].extend(block)
        else:
            groups.append((subject, list(block)))
    stem = Path(s.source).stem
    out = []
    for subject, block in groups:
        title = subject or _first_words(block)
        out.append(Section(s.source, [stem, title], block, page=s.page))
    return out


def _first_words(block: list[str]) -> str:
    text = " ".join(ln.strip() for ln in block if ln.strip())
    first = (split_sentences(text) or [text])[0]
    return first if width(first) <= 40 else first[:20].rstrip() + "…"
