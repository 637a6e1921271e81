"""Bring every file format to the one Markdown-like shape the outline parser reads.

- PDF: layout lines re-joined into paragraphs (a Japanese sentence wrapped over two
  rows is one sentence again), repeated page headers/footers dropped, short title-like
  rows taken as headings.
- HTML: headings, paragraphs, nested lists (each item once, at its depth), tables
  with their header cells ("Launch type: Fargate — Price: …"), definition lists.
- Plain text: 【…】 / ■ / underlined lines become headings.
- Sections without headings get a title from their content (the services they name).
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter
from pathlib import Path

from core.catalog import services_in
from core.outline import parse
from core.text import join_wrapped, split_sentences
from ingest.load import LoadError, Section, markdown_sections

_SENT_END = re.compile(r"[。．.!?！？」』)）:：]$")
_MARKER = re.compile(r"^\s*(?:[・•●○◦▪▶►\-*+]\s*|\(?\d{1,2}[.)）]\s+)")
_PSEUDO_HEADING = re.compile(r"^\s*(?:【(.+?)】|[■□◆◇▼▽●]\s*(.+?)|\[(.+?)\]|=+\s*(.+?)\s*=+|"
                             r"第\s*\d+\s*[章節]\s*(.*))\s*$")
_PAGE_NO = re.compile(r"^\s*(?:-\s*)?(?:p\.?|page|ページ)?\s*\d{1,4}\s*(?:/\s*\d+)?\s*(?:-)?\s*$",
                      re.I)
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


def flatten_markdown_tables(lines: list[str]) -> list[str]:
    """Markdown pipe tables to labelled rows, so each row is a quotable statement."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if "|" in lines[i] and i + 1 < len(lines) and _MD_TABLE_SEP.match(lines[i + 1]):
            header = [re.sub(r"\*\*", "", h) for h in _cells(lines[i])]
            j = i + 2
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


# --- HTML --------------------------------------------------------------------------------

_BLOCK_TAGS = {"p", "div", "section", "article", "main", "blockquote", "figure", "body"}


def html_to_markdown(text: str) -> str:
    """Walk the DOM once: each element contributes its own text exactly once."""
    from bs4 import BeautifulSoup, NavigableString, Tag

    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(["script", "style", "nav", "footer", "head", "noscript", "template"]):
        tag.decompose()
    out: list[str] = []

    def inline(el: Tag) -> str:
        parts = []
        for child in el.children:
            if isinstance(child, NavigableString):
                parts.append(str(child))
            elif isinstance(child, Tag) and child.name not in {"ul", "ol", "table", "dl", "pre"}:
                parts.append("\n" if child.name == "br" else inline(child))
        return " ".join(" ".join("".join(parts).split(" ")).split()) if parts else ""

    def walk(el: Tag, depth: int) -> None:
        for child in el.children:
            if isinstance(child, NavigableString):
                if child.strip() and el.name in _BLOCK_TAGS:
                    out.append(" ".join(child.split()))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name in {"h1", "h2", "h3", "h4", "h5", "h6"}:
                words = inline(child)
                if words:
                    out.extend(["", "#" * int(name[1]) + " " + words, ""])
            elif name in {"ul", "ol"}:
                for li in child.find_all("li", recursive=False):
                    words = inline(li)
                    if words:
                        out.append("    " * depth + "- " + words)
                    walk_nested(li, depth + 1)
                out.append("")
            elif name == "table":
                out.extend(["", *_html_table(child), ""])
            elif name == "dl":
                for item in child.find_all(["dt", "dd"], recursive=False):
                    words = inline(item)
                    if words:
                        out.append(("    - " if item.name == "dd" else "- ") + words)
                out.append("")
            elif name == "pre":
                out.extend(["```", child.get_text().rstrip("\n"), "```"])
            elif name in {"p", "blockquote"} or name in _BLOCK_TAGS and not child.find(
                    ["p", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "div"]):
                words = inline(child)
                if words:
                    out.extend([words, ""])
                walk_nested(child, depth)
            else:
                walk(child, depth)

    def walk_nested(el: Tag, depth: int) -> None:
        for sub in el.find_all(["ul", "ol", "table", "dl", "pre"], recursive=False):
            wrapper = soup.new_tag("div")
            sub.wrap(wrapper)
            walk(wrapper, depth)

    walk(soup, 0)
    md = "\n".join(out)
    if not md.strip():
        raise LoadError("HTML page has no readable text")
    return md


def _html_table(table) -> list[str]:  # noqa: ANN001 - a bs4 Tag
    rows = table.find_all("tr")
    header: list[str] = []
    body = []
    for tr in rows:
        cells = tr.find_all(["th", "td"], recursive=False)
        texts = [" ".join(c.get_text(" ", strip=True).split()) for c in cells]
        if not header and cells and all(c.name == "th" for c in cells):
            header = texts
        else:
            body.append(texts)
    return table_rows(header, body)


# --- plain text --------------------------------------------------------------------------


def text_to_markdown(text: str) -> str:
    """Pseudo-headings (【IAM】, ■ KMS, underlined titles) become headings; bullets stay
    bullets; hard-wrapped rows of one sentence are joined again."""
    lines = text.splitlines()
    full = max((width(ln.strip()) for ln in lines), default=0)
    out: list[str] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            out.extend([join_wrapped(para), ""])
            para.clear()

    for i, line in enumerate(lines):
        stripped = line.strip()
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        m = _PSEUDO_HEADING.match(line)
        if re.fullmatch(r"[=\-]{3,}", stripped):
            continue
        if not stripped:
            flush()
        elif (m and width(stripped) <= 60) or re.fullmatch(r"[=\-]{3,}", nxt):
            flush()
            title = next((g for g in m.groups() if g), stripped) if m else stripped
            out += ["## " + title.strip(), ""]
        elif _MARKER.match(line):
            flush()
            out.append("- " + _MARKER.sub("", line, count=1).strip())
        elif para and not _SENT_END.search(para[-1]) and (
                stripped[0].islower() or width(para[-1]) >= 0.8 * full):
            para.append(stripped)  # a hard-wrapped sentence goes on
        else:
            flush()
            para.append(stripped)
    flush()
    return "\n".join(out)


# --- PDF ---------------------------------------------------------------------------------


def pdf_sections(data: bytes, source: str) -> list[Section]:
    """One or more sections per page, each with its page number for citations."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError, TypeError) as exc:
        raise LoadError(f"malformed PDF ({exc})") from exc
    page_lines = [[ln.rstrip() for ln in p.splitlines()] for p in pages]
    repeated = _running_heads(page_lines)
    stem = Path(source).stem
    out: list[Section] = []
    kept_pages = [[ln for ln in lines if ln.strip() and ln.strip() not in repeated
                   and not _PAGE_NO.match(ln)] for lines in page_lines]
    for n, kept in enumerate(_carry_over(kept_pages), start=1):
        md = reflow(kept)
        for s in markdown_sections(md, source):
            s.page = n
            s.heading_path = [stem, *s.heading_path] if s.heading_path else [stem]
            out.append(s)
    if all(s.is_empty for s in out):
        raise LoadError("PDF has no extractable text (scanned image?)")
    return titled(out)


def _running_heads(pages: list[list[str]]) -> set[str]:
    """Short lines at the top or bottom of most pages (running titles, footers)."""
    if len(pages) < 2:
        return set()
    edges = [{ln.strip() for ln in [*p[:2], *p[-2:]] if ln.strip()} for p in pages]
    counts = Counter(ln for e in edges for ln in e if width(ln) <= 80)
    need = len(pages) if len(pages) < 4 else max(3, len(pages) * 0.6)
    return {ln for ln, c in counts.items() if c >= need}


def full_row(lines: list[str]) -> int:
    """The width of a full layout row: the 90th percentile, so a stray long line (a URL)
    does not set it."""
    widths = sorted(width(ln.strip()) for ln in lines)
    return widths[int(len(widths) * 0.9)] if widths else 0


def _carry_over(pages: list[list[str]]) -> list[list[str]]:
    """A paragraph cut by a page break belongs to the page it starts on: the next page's
    rows up to that paragraph's end move back, so no sentence (or word) is cut in two."""
    pages = [list(p) for p in pages]
    for n in range(len(pages) - 1):
        if not pages[n] or _SENT_END.search(pages[n][-1].strip()):
            continue
        nxt = pages[n + 1]
        full = full_row(pages[n])
        take = 0
        while take < min(len(nxt), 40):
            row = nxt[take].strip()
            take += 1
            if _SENT_END.search(row) and width(row) < 0.85 * full:
                break
        else:
            continue
        pages[n] += nxt[:take]
        del nxt[:take]
    return pages


def reflow(lines: list[str]) -> str:
    """Layout rows -> Markdown: paragraphs re-joined, bullets kept, short titles as headings.

    A row ends its paragraph when it is clearly shorter than a full row and ends a
    sentence; the rows of a wrapped sentence are joined without a space in Japanese.
    """
    if not lines:
        return ""
    full = full_row(lines)
    out: list[str] = []
    para: list[str] = []
    bullet = False

    def flush() -> None:
        nonlocal bullet
        if para:
            text = join_wrapped(para, layout=True)
            out.append(("- " + text) if bullet else text)
            out.append("" if not bullet else "")
        para.clear()
        bullet = False

    for i, raw in enumerate(lines):
        line = raw.strip()
        w = width(line)
        marker = _MARKER.match(line)
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if marker:
            flush()
            bullet = True
            para.append(_MARKER.sub("", line, count=1))
        elif not para and nxt and w < 0.6 * full and not _SENT_END.search(line) and \
                "、" not in line and "," not in line and len(line) >= 2:
            flush()
            out += ["## " + line, ""]
            continue
        else:
            para.append(line)
        if _SENT_END.search(line) and w < 0.85 * full:
            flush()
    flush()
    return "\n".join(out)


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
