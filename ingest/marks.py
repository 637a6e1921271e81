"""Marks note apps write into Markdown that are not notes, taken out before the outline
reads a page: Obsidian's ``%%comments%%``, footnote markers (``[^1]``; a footnote's own
text stays, as a line), Logseq's ``{{embed …}}`` / ``{{query …}}`` macros and its
``SCHEDULED: <…>`` lines, and the property lines Notion's export writes under a page's
title (``Status: In progress`` / ``Last edited: May 3, 2025 9:14 PM``); and a bold line
on its own (``**Deployment**``), which note apps use as a heading, read as one.

Without this a comment and a macro were lines to quote, a task's date was glued to it
("…を復習するSCHEDULED: <2025-05-10 Sat>"), and a bold pseudo-heading was a line of the
section above it instead of a heading over the lines below.
"""

from __future__ import annotations

import re

from core.outline import fenced
from ingest.format_org import PLANNING
from ingest.formats import TITLE_END, TITLE_MAX_WIDTH, width
from ingest.load import outside_code_spans

_COMMENT = re.compile(r"%%.*?%%")
# Logseq's own macros only: "{{resolve:ssm:name}}" (CloudFormation) and "{{region}}" are notes
_MACRO = re.compile(r"\{\{(?:embed|query|renderer|video|youtube[\w-]*|tweet|twitter|pdf|namespace"
                    r"|function|cards|zotero[\w-]*|iframe|vimeo|bilibili)\b[^{}]*\}\}")
_CLOZE = re.compile(r"\{\{cloze\s+([^{}]*)\}\}")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\](?!:)")
_FOOTNOTE_DEF = re.compile(r"^(\s*)\[\^[^\]\s]+\]:\s*")
_EMPTY_ITEM = re.compile(r"^\s*(?:[-*+]\s*)?$")
_BOLD_LINE = re.compile(r"^\s{0,3}(\*\*|__)(?P<text>[^*_]+?)\1\s*$")
_ATX = re.compile(r"^\s{0,3}(#{1,6})\s")
_PROPERTY = re.compile(r"^(?P<key>[^\s:：#>|*-][^:：]{0,29})(?::\s|：\s*)\S")
# what only a note app's page properties hold: its own keys, or its date stamp
_PROPERTY_KEYS = {"tags", "status", "created", "created time", "created by", "last edited",
                  "last edited time", "last edited by", "タグ", "ステータス",
                  "作成日", "作成日時", "作成者", "最終更新日時", "最終更新者"}
_STAMP = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September"
                    r"|October|November|December) \d{1,2}, \d{4}\b"
                    r"|\d{4}年\d{1,2}月\d{1,2}日|\d{4}/\d{1,2}/\d{1,2} \d{1,2}:\d{2}")


def _prose(text: str) -> str:
    text = _CLOZE.sub(r"\1", _MACRO.sub("", _COMMENT.sub("", text)))
    return _FOOTNOTE_REF.sub("", text)


def strip_marks(lines: list[str]) -> list[str]:
    """The page without comments, macros, footnote markers and planning lines (code kept)."""
    out: list[str] = []
    comment = False
    for line, code in fenced(lines):
        if code:
            out.append(line)
            continue
        raw = line
        if comment:  # inside a comment that spans lines
            if "%%" not in line:
                continue
            line, comment = line.split("%%", 1)[1], False
        kept = outside_code_spans(line, _prose)
        if "%%" in kept and not _COMMENT.search(kept):
            kept, comment = kept.split("%%", 1)[0], True
        if PLANNING.match(kept):
            continue
        kept = _FOOTNOTE_DEF.sub(r"\1", kept)
        if raw.strip() and _EMPTY_ITEM.match(kept):
            continue  # a line that was only a mark
        out.append(kept.rstrip() if kept != raw else raw)
    return out


def page_properties(lines: list[str]) -> list[str]:
    """The page without the property lines right under its title (a Notion export): in
    the run of "Key: value" lines there, those with a property's key or a date stamp."""
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or not lines[i].startswith("# "):
        return lines
    j = i + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    k = j
    while k < len(lines) and _PROPERTY.match(lines[k]):
        k += 1
    kept = [p for p in lines[j:k] if not _is_property(p)]
    return lines[:j] + kept + lines[k:]


def _is_property(line: str) -> bool:
    m = _PROPERTY.match(line)
    return bool(m) and (m.group("key").strip().lower() in _PROPERTY_KEYS or bool(_STAMP.search(line)))


def bold_titles(lines: list[str]) -> list[str]:
    """A short bold line on its own, between blank lines or a heading, as a heading one
    level below the last one ("**Deployment**" under "## CloudFormation" -> "### …")."""
    out: list[str] = []
    level = 1
    for n, (line, code) in enumerate(fenced(lines)):
        head = None if code else _ATX.match(line)
        if head:
            level = len(head.group(1))
        bold = None if code else _BOLD_LINE.match(line)
        before = not out or not out[-1].strip() or _ATX.match(out[-1])
        if bold and before and width(text := bold.group("text").strip()) <= TITLE_MAX_WIDTH \
                and not TITLE_END.search(text) and n + 1 < len(lines):
            out.append("#" * min(level + 1, 6) + " " + text)
            continue
        out.append(line)
    return out
