"""Load: turn files into heading-aware sections.

Every format is brought to one shape first (Markdown-like lines: headings, bullets,
paragraphs, header-labelled table rows; see ``ingest.formats``, ``format_pdf`` and
``format_html``), then split on its headings by the one outline parser, so the chunker
never cares where text came from.
Files we cannot read are reported as ``Skipped`` instead of raising, so one bad file
never stops an ingest run.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from core.outline import fenced
from core.outline import sections as outline_sections

SUPPORTED = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".pdf": "pdf",
             ".html": "html", ".htm": "html", ".docx": "docx", ".enex": "enex",
             ".xlsx": "xlsx", ".org": "org"}

_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)")
_LINK_ONLY = re.compile(r"^\s*(?:[-*+]\s*)?(?:\[[^\]]*\]\((?:[^()]|\([^)]*\))*\)\s*)+$")
_URL = re.compile(r"https?://[!-~]+")  # ASCII only: "…/lambda/を参照" keeps "を参照"
# an address that is a fact to learn, not a page to read: an AWS endpoint, a local one, or
# a pattern with placeholders ("https://{api-id}.execute-api.{region}.amazonaws.com")
_FACT_URL = re.compile(r"amazonaws\.com|://(localhost|127\.0\.0\.1|169\.254\.)|[<{][\w-]+[>}]",
                       re.I)
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")


@dataclass
class Section:
    """The body lines under one heading path (or one PDF page)."""

    source: str
    heading_path: list[str]
    lines: list[str] = field(default_factory=list)
    page: int | None = None
    is_title: bool = False  # the document title's own preamble
    title: str = ""  # the document's title (its lone H1), "" when it has none

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


def read_text(path: Path, max_bytes: int | None = None) -> str:
    """Decode as UTF-8 (or UTF-16 with a BOM) and refuse binary data and oversize files."""
    data = _read_bytes(path, max_bytes)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise LoadError(f"not UTF-16 text ({exc.reason})") from exc
    if b"\x00" in data[:8192]:
        raise LoadError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def _read_bytes(path: Path, max_bytes: int | None) -> bytes:
    """Read a regular file only (a FIFO would block forever), within the size limit."""
    try:
        st = path.stat()
    except OSError as exc:
        raise LoadError(f"cannot read ({exc.strerror or exc})") from exc
    if not stat.S_ISREG(st.st_mode):
        raise LoadError("not a regular file (FIFO, socket or device)")
    if max_bytes is not None and st.st_size > max_bytes:
        raise LoadError(f"too large ({st.st_size / 1e6:.1f} MB; the limit is "
                        f"{max_bytes / 1e6:.1f} MB, set TUTOR_MAX_FILE_BYTES to change it)")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise LoadError(f"cannot read ({exc.strerror or exc})") from exc


def outside_code_spans(line: str, edit: Callable[[str], str]) -> str:
    """``edit`` applied to the prose of a line; its `code spans` stay as written."""
    out, at = [], 0
    for m in _CODE_SPAN.finditer(line):
        out += [edit(line[at:m.start()]), m.group(0)]
        at = m.end()
    out.append(edit(line[at:]))
    return "".join(out)


def clean_line(line: str) -> str:
    """Keep link text, drop URLs: video and documentation links are references, not study
    facts. An endpoint's address is a fact, and code spans are kept as written."""
    return outside_code_spans(line, _clean_prose).rstrip()


def _clean_prose(text: str) -> str:
    text = _LINK.sub(lambda m: "" if _URL.fullmatch(m.group(1).strip()) else m.group(1), text)
    return _URL.sub(lambda m: m.group(0) if _FACT_URL.search(m.group(0)) else "", text)


def _clean_markdown(text: str) -> str:
    """Drop link-only lines and URLs outside code; flatten tables to labelled rows."""
    from ingest.formats import flatten_markdown_tables

    out = [line if code else clean_line(line) for line, code in fenced(text.splitlines())
           if code or not _LINK_ONLY.match(line)]
    return "\n".join(flatten_markdown_tables(out))


def markdown_sections(text: str, source: str) -> list[Section]:
    """Split Markdown on headings; a lone H1 is the document title, not a path element."""
    parts = outline_sections(_clean_markdown(text))
    h1 = [p for p in parts if p.level == 1]
    drop_title = len(h1) == 1
    out: list[Section] = []
    for p in parts:
        path = list(p.heading[1:] if drop_title and p.heading and p.heading[0] == h1[0].heading[0]
                    else p.heading)
        title = drop_title and p.level == 1
        out.append(Section(source, path or list(p.heading), p.lines, is_title=title or not path,
                           title=h1[0].heading[0] if drop_title else ""))
    # an empty preamble under the document title is not an "empty heading" of the notes
    return [s for s in out if not s.is_empty or (s.heading_path and not s.is_title)]


def load_file(path: Path, source: str, max_bytes: int | None = None) -> list[Section]:
    """Dispatch on the file suffix; raise LoadError with a reason a user can act on."""
    from ingest import format_docx, format_enex, format_pdf, format_xlsx, formats

    kind = SUPPORTED.get(path.suffix.lower())
    if kind is None:
        raise LoadError(f"unsupported file type '{path.suffix or path.name}'")
    if kind == "pdf":
        return format_pdf.pdf_sections(_read_bytes(path, max_bytes), source)
    binary = {"docx": format_docx.docx_to_markdown, "xlsx": format_xlsx.xlsx_to_markdown,
              "enex": format_enex.enex_to_markdown}
    if kind in binary:  # each raises LoadError with its reason, as the PDF reader does
        markdown = binary[kind](_read_bytes(path, max_bytes))
        if not markdown.strip():
            raise LoadError("empty file")
    else:
        text = read_text(path, max_bytes)
        if not text.strip():
            raise LoadError("empty file")
        markdown = _text_markdown(kind, text)
    return formats.titled(markdown_sections(markdown, source))


def _text_markdown(kind: str, text: str) -> str:
    """A text file's Markdown, by its suffix and the shape its text turns out to have."""
    from ingest import dialects, format_anki, format_html, format_org, format_scrapbox, formats

    if kind == "text" and (format_anki.is_anki(text) or format_anki.is_tab_cards(text)):
        return format_anki.anki_to_markdown(text)
    if kind in ("markdown", "text"):
        text = dialects.flashcards(text)
        if format_scrapbox.is_scrapbox(text):
            return format_scrapbox.to_markdown(text)
    if kind == "markdown":
        return dialects.plain_markdown(text)
    if kind == "org":
        return format_org.org_to_markdown(text)
    if kind == "html":
        return format_html.html_to_markdown(text)
    return formats.text_to_markdown(text)


def discover(paths: Iterable[Path], root: Path) -> tuple[list[tuple[Path, str]], list[Skipped]]:
    """Expand folders; name each file relative to the corpus root when it lives under it.

    Hidden files, special files (FIFOs, sockets), unreadable folders and symlink loops
    are reported, never followed into a hang.
    """
    found: list[tuple[Path, str]] = []
    skipped: list[Skipped] = []
    root = root.resolve()
    for given in paths:
        try:
            p = given.resolve(strict=True)
        except (OSError, RuntimeError):
            skipped.append(Skipped(str(given), "no such file or folder (or a symlink loop)"))
            continue
        if p.is_dir():
            files, errors = _walk(p)
            skipped += errors
        else:
            files = [p]
        for f in files:
            rel = f.relative_to(p.parent) if f.is_relative_to(p.parent) else Path(f.name)
            if any(part.startswith(".") for part in rel.parts):
                continue
            source = f.relative_to(root).as_posix() if f.is_relative_to(root) else \
                (f.name if not p.is_dir() else rel.as_posix())
            if f.suffix.lower() not in SUPPORTED:
                skipped.append(Skipped(source, f"unsupported file type '{f.suffix or f.name}'"))
                continue
            try:
                mode = f.stat().st_mode
            except OSError as exc:
                skipped.append(Skipped(source, f"cannot read ({exc.strerror or exc})"))
                continue
            if not stat.S_ISREG(mode):
                skipped.append(Skipped(source, "not a regular file (FIFO, socket or device)"))
                continue
            found.append((f, source))
    return found, skipped


def _walk(top: Path) -> tuple[list[Path], list[Skipped]]:
    """Every file under ``top`` in sorted order; symlinked folders are visited once."""
    files: list[Path] = []
    errors: list[Skipped] = []
    seen: set[tuple[int, int]] = set()

    def onerror(exc: OSError) -> None:
        errors.append(Skipped(str(exc.filename or top), f"cannot read folder ({exc.strerror})"))

    for dirpath, dirnames, filenames in os.walk(top, onerror=onerror, followlinks=True):
        st = os.stat(dirpath)
        if (st.st_dev, st.st_ino) in seen:
            dirnames[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirnames.sort()
        for name in sorted(filenames):
            f = Path(dirpath) / name
            try:
                files.append(f.resolve(strict=True) if f.is_symlink() else f)
            except (OSError, RuntimeError):
                errors.append(Skipped(str(f), "broken symlink or symlink loop"))
    return files, errors
