"""Evernote exports (.enex) as Markdown: each note a section under its own title.

An .enex file is XML: ``<en-export>`` holds ``<note>``s, each with a ``<title>`` and its
``<content>``, an ENML document (XHTML inside CDATA), beside tags, dates and attachments
(base64, not notes). Each note's content is read as HTML is (``format_html``), its headings
one level below the note's title, so a notebook of many notes keeps each note apart.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from ingest.format_html import html_to_markdown
from ingest.load import LoadError

_HEADING = re.compile(r"^(#{1,5}) ", re.M)
_PROLOG = re.compile(r"^\s*<\?xml[^>]*\?>\s*(?:<!DOCTYPE[^>]*>\s*)?", re.I)  # ENML's own


def enex_to_markdown(data: bytes) -> str:
    """Every note of the export, in order, as a titled Markdown section."""
    if b"<!ENTITY" in data:  # Evernote declares no entities; expansion tricks do
        raise LoadError("the export declares XML entities")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise LoadError(f"not a readable Evernote export ({exc})") from None
    if root.tag != "en-export":
        raise LoadError("not an Evernote export (no <en-export>)")
    out: list[str] = []
    for note in root.iter("note"):
        title = " ".join((note.findtext("title") or "").split())
        body = html_to_markdown(_PROLOG.sub("", note.findtext("content") or "")).strip()
        if not body and not title:
            continue
        body = _HEADING.sub(lambda m: "#" + m.group(0), body)  # under the note's title
        out += [f"# {title or 'Untitled'}", "", body, ""]
    return "\n".join(out).strip() + "\n" if out else ""
