"""Load: turn files into heading-aware sections.

Every loader returns ``Section`` objects, so the chunker never cares where text came
from. Files we cannot read are reported as ``Skipped`` instead of raising, so one bad
file never stops an ingest run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

SUPPORTED = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".pdf": "pdf",
             ".html": "html", ".htm": "html"}

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)")
_LINK_ONLY = re.compile(r"^\s*(?:[-*+]\s*)?(?:\[[^\]]*\]\((?:[^()]|\([^)]*\))*\)\s*)+$")
_URL = re.compile(r"https?://\S+")


@dataclass
class Section:
    """The body lines under one heading path (or one PDF page)."""

    source: str
    heading_path: list[str]
    lines: list[str] = field(default_factory=list)
    page: int | None = None
    is_title: bool = False  # the document title's own preamble

    @property
    def heading(self) -> str:
        return " > ".join(self.heading_path)

    @property
    def is_empty(self) -> bool:
        return not any(line.strip() for line in self.lines)


@dataclass
class Skipped:
    source: str
    reason: str


class LoadError(Exception):
    """A file that looked supported but could not be read."""


def read_text(path: Path) -> str:
    """Decode as UTF-8 and refuse binary data: a NUL byte or undecodable bytes."""
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise LoadError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def clean_line(line: str) -> str:
    """Keep link text, drop URLs: video links are references, not study facts."""
    line = _LINK.sub(lambda m: "" if _URL.fullmatch(m.group(1).strip()) else m.group(1), line)
    return _URL.sub("", line).rstrip()


def markdown_sections(text: str, source: str) -> list[Section]:
    """Split Markdown on headings; a lone H1 is the document title, not a path element."""
    raw = text.splitlines()
    h1_count = sum(1 for ln in raw if re.match(r"^#\s", ln))
    drop_title = h1_count == 1
    sections: list[Section] = [Section(source, [])]
    stack: list[tuple[int, str]] = []
    in_fence = False
    for line in raw:
        if line.strip().startswith("```"):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match:
            level, title = len(match.group(1)), clean_line(match.group(2)).strip().rstrip(":：")
            stack = [(lv, t) for lv, t in stack if lv < level] + [(level, title)]
            path = [t for lv, t in stack if not (drop_title and lv == 1)]
            sections.append(Section(source, path or [title], is_title=not path))
            continue
        if not in_fence and _LINK_ONLY.match(line):
            continue
        sections[-1].lines.append(line if in_fence else clean_line(line))
    # an empty preamble under the document title is not an "empty heading" of the notes
    return [s for s in sections if not s.is_empty or (s.heading_path and not s.is_title)]


def text_sections(text: str, source: str) -> list[Section]:
    """Plain text has no headings: the file name stands in as the section title."""
    return [Section(source, [Path(source).stem], text.splitlines())]


def html_sections(text: str, source: str) -> list[Section]:
    """HTML headings become a heading path, like Markdown."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(["script", "style", "nav", "footer"]):
        tag.decompose()
    md_lines: list[str] = []
    for el in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre", "td"]):
        words = el.get_text(" ", strip=True)
        if not words:
            continue
        if el.name.startswith("h"):
            md_lines.append("#" * int(el.name[1]) + " " + words)
        elif el.name == "li":
            md_lines.append("- " + words)
        else:
            md_lines.append(words)
    if not md_lines:
        raise LoadError("HTML page has no readable text")
    return markdown_sections("\n".join(md_lines), source)


def pdf_sections(path: Path, source: str) -> list[Section]:
    """One section per page so every chunk can cite its page number."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [(i + 1, page.extract_text() or "") for i, page in enumerate(reader.pages)]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise LoadError(f"malformed PDF ({exc})") from exc
    title = Path(source).stem
    sections = [Section(source, [title], text.splitlines(), page=n) for n, text in pages]
    if all(s.is_empty for s in sections):
        raise LoadError("PDF has no extractable text (scanned image?)")
    return sections


def load_file(path: Path, source: str) -> list[Section]:
    """Dispatch on the file suffix; raise LoadError with a reason a user can act on."""
    kind = SUPPORTED.get(path.suffix.lower())
    if kind is None:
        raise LoadError(f"unsupported file type '{path.suffix or path.name}'")
    if kind == "pdf":
        return pdf_sections(path, source)
    text = read_text(path)
    if not text.strip():
        raise LoadError("empty file")
    if kind == "markdown":
        return markdown_sections(text, source)
    if kind == "html":
        return html_sections(text, source)
    return text_sections(text, source)


def discover(paths: Iterable[Path], root: Path) -> tuple[list[tuple[Path, str]], list[Skipped]]:
    """Expand folders; name each file relative to the corpus root when it lives under it."""
    found: list[tuple[Path, str]] = []
    skipped: list[Skipped] = []
    for p in paths:
        p = p.resolve()
        if not p.exists():
            skipped.append(Skipped(str(p), "no such file or folder"))
            continue
        files = sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p]
        for f in files:
            if any(part.startswith(".") for part in f.relative_to(p.parent).parts):
                continue
            try:
                source = f.relative_to(root.resolve()).as_posix()
            except ValueError:
                source = f.name if not p.is_dir() else f.relative_to(p.parent).as_posix()
            if f.suffix.lower() not in SUPPORTED:
                skipped.append(Skipped(source, f"unsupported file type '{f.suffix or f.name}'"))
                continue
            found.append((f, source))
    return found, skipped
