"""Anki's plain-text export (and other tab-separated cards) as Markdown: each note a
card, grouped under its tag.

"Notes in Plain Text" writes ``#separator:tab`` / ``#html:true`` / ``#tags column:3``
header lines, then one note per line: its fields split by the separator (quoted with
``"`` when a field holds one), each field HTML (``<br>``, ``<div>``, ``&nbsp;``), a cloze
field with ``{{c1::900}}`` where the card hides a word. Read as plain text, the header
became a section of the notes, the markup stayed in quoted lines and a cloze said
``{{c1::900}}`` instead of 900. Here the first field is a card's front, a bullet, and the
other fields its lines, the items under it (as review cards read elsewhere); a note's
hierarchical tag (``DVA::Lambda``) or deck names the heading it sits under.
"""

from __future__ import annotations

import csv
import html
import re

_HEADER = re.compile(r"^#(?P<key>[a-z][a-z ]*):(?P<value>.*)$")
_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " ",
               "colon": ":"}
_CLOZE = re.compile(r"\{\{c\d+::(?P<text>.*?)(?:::[^{}]*)?\}\}", re.S)
_BREAK = re.compile(r"<br\s*/?>|</(?:div|p|li|h[1-6]|tr)>|<(?:div|p|li|tr)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_MEDIA = re.compile(r"\[sound:[^\]]*\]")


def is_anki(text: str) -> bool:
    """An Anki export: it opens with Anki's own header lines (``#separator:``, ``#html:``)."""
    head = [ln for ln in text.lstrip("\ufeff").splitlines()[:8] if ln.startswith("#")]
    keys = {m.group("key") for ln in head if (m := _HEADER.match(ln))}
    return "separator" in keys or ("html" in keys and len(keys) >= 2)


def is_tab_cards(text: str) -> bool:
    """Cards exported without a header (Anki's "Cards in Plain Text", Quizlet): every line
    a front and a back split by one tab."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return len(lines) >= 3 and sum(ln.count("\t") == 1 for ln in lines) >= 0.9 * len(lines)


def _headers(lines: list[str]) -> tuple[dict[str, str], int]:
    found: dict[str, str] = {}
    n = 0
    while n < len(lines) and (m := _HEADER.match(lines[n])):
        found[m.group("key").strip()] = m.group("value").strip()
        n += 1
    return found, n


def _lines(field: str, as_html: bool) -> list[str]:
    """A field's visible lines: clozes shown, markup and media gone, entities decoded."""
    field = _CLOZE.sub(lambda m: m.group("text"), field)
    field = _MEDIA.sub("", field)
    if as_html:
        field = _TAG.sub("", _BREAK.sub("\n", field))
        field = html.unescape(field).replace("\xa0", " ")
    return [" ".join(ln.split()) for ln in field.splitlines() if ln.strip()]


def _topic(tags: str, deck: str) -> list[str]:
    """The heading path of a note: its deck, else its hierarchical tag (else its first)."""
    if deck:
        return [p.strip() for p in deck.split("::") if p.strip()]
    words = tags.split()
    tag = next((t for t in words if "::" in t), words[0] if words else "")
    return [p.replace("_", " ") for p in tag.split("::") if p]


def anki_to_markdown(text: str) -> str:
    """Every note in file order under its topic's heading (topics in order of first use,
    untagged notes first, under the file's title)."""
    lines = text.lstrip("\ufeff").splitlines()
    meta, start = _headers(lines)
    sep = _SEPARATORS.get(meta.get("separator", "tab").lower(), meta.get("separator", "\t")[:1])
    as_html = meta.get("html", "false").lower() == "true"
    special = {}
    for key in ("tags", "deck", "notetype", "guid"):
        value = meta.get(f"{key} column", "")
        if value.isdigit():
            special[key] = int(value) - 1
    groups: dict[tuple[str, ...], list[str]] = {}
    for row in csv.reader(lines[start:], delimiter=sep, quotechar='"'):
        get = {k: row[i] if i < len(row) else "" for k, i in special.items()}
        fields = [f for i, f in enumerate(row) if i not in special.values()]
        shown = [_lines(f, as_html) for f in fields]
        front, rest = (shown[0], shown[1:]) if shown else ([], [])
        if not front:
            front, rest = (rest[0], rest[1:]) if rest and rest[0] else ([], [])
        if not front:
            continue
        card = [f"- {' '.join(front)}", *(f"  - {ln}" for f in rest for ln in f), ""]
        groups.setdefault(tuple(_topic(get.get("tags", ""), get.get("deck", ""))), []).extend(card)
    return _with_headings(groups)


def _with_headings(groups: dict[tuple[str, ...], list[str]]) -> str:
    """Groups under nested headings; a root every topic shares (the deck) is dropped."""
    paths = [p for p in groups if p]
    common = 0
    while paths and all(len(p) > common + 1 and p[common] == paths[0][common] for p in paths):
        common += 1
    out: list[str] = []
    last: tuple[str, ...] = ()
    for path, cards in sorted(groups.items(), key=lambda g: bool(g[0])):  # untagged first
        path = path[common:]
        shared = next((i for i, (a, b) in enumerate(zip(path, last, strict=False)) if a != b),
                      min(len(path), len(last)))
        out += [x for i, name in enumerate(path[shared:], shared + 1)
                for x in (f"{'#' * min(i, 6)} {name}", "")]
        out += cards
        last = path
    return "\n".join(out).strip() + "\n" if out else ""
