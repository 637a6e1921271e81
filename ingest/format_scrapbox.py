"""Scrapbox (Cosense) pages pasted as text, brought to the Markdown the outline reads.

A Scrapbox page is lines: the first is the page's title, a line that is only
``[** 見出し]`` is a heading (more stars, bigger), leading spaces nest a line under the
one above, ``code:name`` and ``table:name`` open blocks of the lines indented below them
(a table's cells split by tabs), and brackets mark links and styles inline:
``[* bold]``, ``[page]``, ``[https://… label]``, ``#tag``. Without this a heading read
"** DynamoDB", a table row "項目	LSI	GSI", and link brackets stayed in the quoted lines.
"""

from __future__ import annotations

import re

from ingest.formats import table_rows

# a line that is only a bold bracket: a heading in Scrapbox's notation
_HEADING = re.compile(r"^\[(\*+)\s+([^\[\]]+?)\s*\]$")
_BLOCK = re.compile(r"^(code|table):(\S.*)$")
_URL = re.compile(r"^https?://\S+$")
_BRACKET = re.compile(r"\[([^\[\]]*)\]")
_LINK_ONLY = re.compile(r"^\[[^\[\]]*https?://[^\[\]]*\]$")
_TAG = re.compile(r"(?:(?<=\s)|^)#[^\s#\[\]]+")
_INDENT = re.compile(r"^[ \t]*")


def is_scrapbox(text: str) -> bool:
    """A page in Scrapbox notation: its headings or blocks are written as Scrapbox writes
    them, and it has no Markdown headings or bullets of its own."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        return False
    marks = sum(1 for ln in lines if _HEADING.match(ln.strip()) or _BLOCK.match(ln.strip()))
    markdown = sum(1 for ln in lines if re.match(r"^\s*(#{1,6}\s|[-*+]\s|\d+\.\s|・)", ln))
    return marks >= 2 and markdown <= 0.1 * len(lines)


def _inline(text: str) -> str:
    """Brackets as what they show: bold stays bold, a link its label or page name; an
    icon, a bare URL and #tags go."""
    def one(m: re.Match[str]) -> str:
        inner = m.group(1).strip()
        style = re.match(r"^([*/\-_!]+)\s+(.*)$", inner)
        if style:
            body = style.group(2).strip()
            return f"**{body}**" if "*" in style.group(1) else body
        words = inner.split()
        if any(_URL.match(w) for w in words):  # [https://… label] or [label https://…]
            return " ".join(w for w in words if not _URL.match(w))
        if inner.endswith(".icon") or inner.startswith("$ "):
            return inner[2:] if inner.startswith("$ ") else ""
        return inner
    text = _BRACKET.sub(one, text)
    return " ".join(_TAG.sub("", text).split())


def _depth(line: str) -> int:
    return len(_INDENT.match(line).group(0).expandtabs(1))


def to_markdown(text: str) -> str:
    """The page as Markdown: title, headings by star count, nested lines as items, code
    blocks fenced, tables as labelled rows."""
    lines = text.splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    stars = sorted({len(m.group(1)) for ln in lines if (m := _HEADING.match(ln.strip()))},
                   reverse=True)
    level = {n: min(i + 2, 4) for i, n in enumerate(stars)}
    out = [f"# {_inline(lines[0])}", ""] if lines else []
    i = 1
    while i < len(lines):
        line, depth = lines[i], _depth(lines[i])
        body = line.strip()
        i += 1
        block = _BLOCK.match(body)
        if block:  # the lines indented below it are its body
            inner = []
            while i < len(lines) and (not lines[i].strip() or _depth(lines[i]) > depth):
                inner.append(lines[i])
                i += 1
            while inner and not inner[-1].strip():
                inner.pop()
            out += _block(block.group(1), inner, depth)
            continue
        heading = _HEADING.match(body)
        if heading:
            out += ["", "#" * level[len(heading.group(1))] + " " + _inline(heading.group(2)), ""]
            continue
        shown = _inline(body)
        if not shown or _LINK_ONLY.match(body):  # a line that only links out says nothing
            continue
        if depth:
            out.append("  " * (depth - 1) + "- " + shown)
        else:
            out += [shown, ""]
    return "\n".join(out) + "\n"


def _block(kind: str, inner: list[str], depth: int) -> list[str]:
    """A code block fenced; a table's rows, cells split by tabs, each as a labelled item
    under the first row's headers."""
    cut = min((_depth(ln) for ln in inner if ln.strip()), default=0)
    if kind == "code":
        return ["", "```", *(ln[cut:] for ln in inner), "```", ""]
    rows = [[_inline(c) for c in re.split(r"\t+|\s{2,}", ln.strip())] for ln in inner
            if ln.strip()]
    if not rows:
        return []
    pad = "  " * max(depth - 1, 0)
    return ["", *(pad + r for r in table_rows(rows[0], rows[1:])), ""]
