"""PDF: layout rows back to Markdown, page by page, for the outline parser.

Rows are re-joined into paragraphs (a Japanese sentence wrapped over two rows is one
sentence again), a paragraph cut by a page break stays on its first page, repeated page
headers/footers and page numbers are dropped, and short title-like rows become headings.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

from core.text import HAS_JA, join_wrapped
from core.wordfreq import one_word
from ingest.formats import MARKER, MAX_LEVEL, SENT_END, TITLE_END, TITLE_MAX_WIDTH, titled, width
from ingest.load import LoadError, Section, markdown_sections

_PAGE_NO = re.compile(r"^\s*(?:-\s*)?(?:p\.?|page|ページ)?\s*\d{1,4}\s*(?:/\s*\d+)?\s*(?:-)?\s*$",
                      re.I)


def pdf_sections(data: bytes, source: str) -> list[Section]:
    """One or more sections per page, each with its page number for citations."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    runs: list[tuple[str, float, str]] = []  # (text, font size, font) of every text run
    starts: list[list[tuple[str, float]]] = []  # per page: (text, x) of every text run

    def seen(text: str, cm: list, tm: list, font: object, size: float) -> None:
        if text.strip():
            scale = abs(tm[0] * cm[0]) if tm and cm else 1.0
            name = str(font.get("/BaseFont", "")) if isinstance(font, dict) else ""
            runs.append((text.strip(), round(size * (scale or 1.0), 1), name))
            if tm and cm:
                starts[-1].append((_key(text), tm[4] * cm[0] + tm[5] * cm[2] + cm[4]))

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = []
        for page in reader.pages:
            starts.append([])
            pages.append(page.extract_text(visitor_text=seen) or "")
    except (PdfReadError, ValueError, KeyError, OSError, TypeError) as exc:
        raise LoadError(f"malformed PDF ({exc})") from exc
    titles = _large_rows(runs)
    page_lines = [[ln.rstrip() for ln in p.splitlines()] for p in pages]
    lefts = _row_starts(page_lines, starts)
    repeated = _running_heads(page_lines)
    stem = Path(source).stem
    out: list[Section] = []
    kept_pages = [[ln for ln in lines if ln.strip() and ln.strip() not in repeated
                   and not _PAGE_NO.match(ln)] for lines in page_lines]
    last: list[str] = []  # the heading the previous page ended under
    for n, kept in enumerate(_carry_over(kept_pages, titles), start=1):
        md = reflow(kept, titles, lefts)
        for s in markdown_sections(md, source):
            s.page = n
            if not s.heading_path and titles and last:
                s.heading_path = list(last)  # a section going on over the page break
            else:
                s.heading_path = [stem, *s.heading_path] if s.heading_path else [stem]
            last = s.heading_path if len(s.heading_path) > 1 else last
            out.append(s)
    if all(s.is_empty for s in out):
        raise LoadError("PDF has no extractable text (scanned image?)")
    return titled(out)


HEADING_SCALE = 1.15  # a row this much larger than the body text is a heading
HEADING_MAX_WIDTH = 80


_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|-W[6-9]\b", re.I)


def _large_rows(runs: list[tuple[str, float, str]]) -> dict[str, int]:
    """Rows set in a larger font than the body text (the size most characters use), with
    their heading level: the largest size is level 2, the next 3 (Markdown's ##, ###).
    A short row set wholly in a bold face of the body size is a title one level below
    those (a handout's sub-title: without it, it read as the line above going on)."""
    chars: Counter[float] = Counter()
    faces: Counter[str] = Counter()
    for text, size, font in runs:
        chars[size] += len(text)
        faces[font] += len(text)
    if not chars:
        return {}
    body = chars.most_common(1)[0][0]
    big = sorted({size for _, size, _ in runs if size >= body * HEADING_SCALE}, reverse=True)
    level = {size: min(2 + i, MAX_LEVEL) for i, size in enumerate(big)}
    titles = {_key(text): level[size] for text, size, _ in runs
              if size in level and width(text) <= HEADING_MAX_WIDTH}
    if _BOLD_FONT.search(faces.most_common(1)[0][0]):
        return titles  # a body set in bold: weight tells nothing
    sub = min(2 + len(big), MAX_LEVEL)
    for text, size, font in runs:
        if size == body and _BOLD_FONT.search(font) and width(text) <= TITLE_MAX_WIDTH \
                and not TITLE_END.search(text) and not MARKER.match(text):
            titles.setdefault(_key(text), sub)
    return titles


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _row_starts(pages: list[list[str]], starts: list[list[tuple[str, float]]]
                ) -> dict[str, float]:
    """Where each layout row starts on its page (x, in points), found by the text run
    that begins it: indentation tells a slide's sub-bullet from a wrapped row."""
    out: dict[str, float] = {}
    for lines, page in zip(pages, starts, strict=False):
        j = 0
        for line in lines:
            key = _key(line)
            for k in range(j, min(j + 8, len(page))):
                run = page[k][0][:12]
                if run and key.startswith(run):
                    out.setdefault(key, page[k][1])
                    j = k + 1
                    break
    return out


FOOTER_MAX_WIDTH = 30  # a footer is short: its numbers are page numbers, not facts
_CONTINUED = re.compile(r"\s*[（(](?:つづき|続き|続|cont(?:inued|'d|\.)?)[)）]\s*$", re.I)


def _edge_key(line: str) -> str:
    """A page-edge line with what changes from page to page taken out: a "(つづき)" /
    "(continued)" mark, and a short footer's numbers ("my notes 2 / 3")."""
    key = _CONTINUED.sub("", line.strip())
    return re.sub(r"\d+", "#", key) if width(key) <= FOOTER_MAX_WIDTH else key


def _running_heads(pages: list[list[str]]) -> set[str]:
    """Short lines at the top or bottom of most pages (running titles, footers), a title
    marked as continued and a footer's page number included."""
    if len(pages) < 2:
        return set()
    edges = [{ln.strip() for ln in [*p[:2], *p[-2:]] if ln.strip()} for p in pages]
    counts = Counter(key for e in edges for key in {_edge_key(ln) for ln in e if width(ln) <= 80})
    need = len(pages) if len(pages) < 4 else max(3, len(pages) * 0.6)
    return {ln for e in edges for ln in e if counts[_edge_key(ln)] >= need}


def full_row(lines: list[str]) -> int:
    """The width of a full layout row: the 90th percentile, so a stray long line (a URL)
    does not set it."""
    widths = sorted(width(ln.strip()) for ln in lines)
    return widths[int(len(widths) * 0.9)] if widths else 0


def _carry_over(pages: list[list[str]], titles: dict[str, int]) -> list[list[str]]:
    """A paragraph cut by a page break belongs to the page it starts on: the next page's
    rows up to that paragraph's end move back, so no sentence (or word) is cut in two.
    A title or a bullet on the next page starts something new; a title at the foot of a
    page moves forward to what it heads."""
    pages = [list(p) for p in pages]
    for n in range(len(pages) - 1):
        moved = 0  # a title left at the foot of a page heads what the next page holds
        while moved < len(pages[n]) - 1 and _key(pages[n][-1 - moved]) in titles:
            moved += 1
        if moved:
            pages[n + 1][:0] = pages[n][-moved:]
            del pages[n][-moved:]
        if not pages[n] or SENT_END.search(pages[n][-1].strip()):
            continue
        nxt = pages[n + 1]
        full = full_row(pages[n])
        take = 0
        while take < min(len(nxt), 40):
            row = nxt[take].strip()
            if MARKER.match(row) or _key(row) in titles:
                take = 0
                break
            take += 1
            if SENT_END.search(row) and width(row) < 0.85 * full:
                break
        else:
            continue
        pages[n] += nxt[:take]
        del nxt[:take]
    return pages


INDENT_MIN = 4.0  # points: a row starting this much further right is indented
FIRST_INDENT_MAX = 16.0  # points: a paragraph's first-line indent is about one character
JA_WRAP, EN_WRAP = 0.9, 0.6  # a wrapped row is at least this share of a full row
_DEFINES = re.compile(r"[、,]|\S\s*[:：]\s*\S")  # a list or "term: what it is", not a title


def _depths(lines: list[str], titles: dict[str, int], lefts: dict[str, float]
            ) -> dict[str, int]:
    """Each body row's outline level on a page whose rows start at two or more clearly
    different places (a slide's bullets and sub-bullets, set by indentation alone);
    empty for a page of paragraphs, whose first-line indents are no level."""
    xs = sorted({lefts[k] for k in map(_key, lines)
                 if k in lefts and k not in titles})
    levels: list[float] = []
    for x in xs:
        if not levels or x > levels[-1] + FIRST_INDENT_MAX:
            levels.append(x)
    if len(levels) < 2:
        return {}
    out = {}
    for line in lines:
        k = _key(line)
        if k in lefts and k not in titles and not MARKER.match(line.strip()):
            out[k] = sum(1 for lv in levels[1:] if lefts[k] >= lv - INDENT_MIN)
    return out


SUB_INDENT_MAX = 40.0  # points: a sub-bullet sits a little right; further is another column


def _bullet_level(opened: list[float], x: float | None) -> int:
    """A glyph bullet's level from where it starts against the bullets open above it (a
    "-" row set a little right of the "•" row above is its sub-item); ``opened`` is
    updated. A jump further than an indent is a new column or region: level 0 again."""
    if x is None:
        opened.clear()
        return 0
    if not opened or x > opened[-1] + SUB_INDENT_MAX or x < opened[0] - SUB_INDENT_MAX:
        opened[:] = [x]
    elif x > opened[-1] + INDENT_MIN:
        if len(opened) < MAX_LEVEL:
            opened.append(x)
    else:
        while len(opened) > 1 and x < opened[-1] - INDENT_MIN:
            opened.pop()
        if x < opened[-1] - INDENT_MIN:
            opened[:] = [x]
    return len(opened) - 1


def reflow(lines: list[str], titles: dict[str, int] | None = None,
           lefts: dict[str, float] | None = None) -> str:
    """Layout rows -> Markdown: paragraphs re-joined, bullets kept, short titles as headings.

    A row ends its paragraph when it is clearly shorter than a full row and ends a
    sentence; the rows of a wrapped sentence are joined without a space in Japanese. A
    row set in a larger font (``titles``: row text -> level) is a heading wherever it is.
    A row that starts further right or left than the row above (``lefts``: row text ->
    x) is not that row wrapping but a line of its own (a slide's sub-bullet, the next
    bullet after it), unless the row above opens a bullet item, whose wrapped rows hang
    indented, or is a paragraph's first row, indented by about a character.
    """
    titles, lefts = titles or {}, lefts or {}
    if not lines:
        return ""
    full = full_row(lines)
    out: list[str] = []
    para: list[str] = []
    bullet = False
    depth = _depths(lines, titles, lefts)
    opened: list[float] = []  # where each open bullet level starts (x), outermost first
    nest = 0  # the current bullet's level among them

    def flush() -> None:
        nonlocal bullet
        if para:
            text = join_wrapped(para, layout=True, one_word=one_word)
            d = depth.get(_key(para[0]))
            if d is not None and not bullet:  # an outline level of a slide: an item
                out.append("  " * d + "- " + text)
            else:
                out.append(("  " * nest + "- " + text) if bullet else text)
                out.append("")
        para.clear()
        bullet = False

    for i, raw in enumerate(lines):
        line = raw.strip()
        w = width(line)
        marker = MARKER.match(line)
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        level = titles.get(_key(line))
        if level:
            flush()
            opened.clear()
            out += ["#" * level + " " + line, ""]
            continue
        if marker:
            flush()
            nest = _bullet_level(opened, lefts.get(_key(line)))
            bullet = True
            para.append(MARKER.sub("", line, count=1))
        elif not titles and not para and nxt and w < 0.6 * full and not SENT_END.search(line) \
                and not _DEFINES.search(line) and len(line) >= 2:
            flush()  # no title set in a larger font: a short lone row is a title
            out += ["## " + line, ""]
            continue
        else:
            prev = lefts.get(_key(para[-1])) if para else None
            here = lefts.get(_key(line))
            if prev is not None and here is not None and not bullet and (
                    here > prev + INDENT_MIN or here < prev - INDENT_MIN
                    and (len(para) > 1 or prev - here > FIRST_INDENT_MAX)):
                flush()  # a deeper or shallower row, not a paragraph's first-line indent
            para.append(line)
        # a short row ends its sentence, or its bullet item: only a full row wraps; a row
        # clearly short of one ends its line, sentence or not (a slide's bullet without a
        # glyph, a label): Japanese wraps only at a full row, ragged English (or a row cut
        # in a Latin word, whose width is only estimated) further short of it
        if (SENT_END.search(line) or bullet) and w < 0.85 * full or \
                w < (JA_WRAP if HAS_JA.search(line[-1:]) else EN_WRAP) * full:
            flush()
    flush()
    return "\n".join(out)
