"""Markdown as note apps write it (Obsidian, Logseq, Notion exports), brought to plain
Markdown before the outline parser reads it: YAML front matter, ``[[wiki links]]``,
``> [!note] callouts`` and blockquotes, ``==highlights==`` and ``- [ ] task`` boxes.

Without this a vault's front matter became a "line" of the notes, a callout split at
its ``[!`` into two half-sentences, and ``==shards==`` could not match "shards".
"""

from __future__ import annotations

import re

from ingest.load import fenced, outside_code_spans

_FRONT_KEY = re.compile(r"^(?:[\w-]+\s*:|\s*-\s|\s+\S|\s*$)")
_EMBED = re.compile(r"!\[\[[^\]]*\]\]")
_WIKI = re.compile(r"\[\[([^\]|#^]*)(?:[#^][^\]|]*)?(?:\|([^\]]*))?\]\]")
_HIGHLIGHT = re.compile(r"==(?=\S)(.+?)(?<=\S)==")
_TASK = re.compile(r"^(\s*(?:[-*+]|\d{1,3}[.)])\s+)\[[ xX/\-]\]\s+")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_CALLOUT = re.compile(r"^\[!\w[\w-]*\][+-]?\s*(.*)$")


def front_matter_end(lines: list[str]) -> int:
    """How many leading lines are a YAML front matter block (0 when there is none)."""
    if not lines or lines[0].strip() != "---":
        return 0
    for i, line in enumerate(lines[1:60], 1):
        if line.strip() in {"---", "..."}:
            return i + 1
        if not _FRONT_KEY.match(line):
            return 0  # prose after a horizontal rule, not metadata
    return 0


def _prose(text: str) -> str:
    text = _EMBED.sub("", text)
    text = _WIKI.sub(lambda m: (m.group(2) or m.group(1)).strip(), text)
    return _HIGHLIGHT.sub(r"\1", text)


def _inline(line: str) -> str:
    """Wiki links and highlights outside code spans (``a == b`` in code stays)."""
    return outside_code_spans(line, _prose)


def plain_markdown(text: str) -> str:
    """The note app's Markdown as the plain Markdown the outline parser reads.

    A callout's title becomes a label ("Partition key:") over its body, so the body's
    first sentence or list is read under it; a blockquote's lines become a paragraph.
    """
    lines = text.splitlines()
    out: list[str] = []
    quoting = False
    for line, code in fenced(lines[front_matter_end(lines):]):
        if code:
            out.append(line)
            continue
        quote = _QUOTE.match(line)
        if quote:
            body = line[quote.end():]
            while (inner := _QUOTE.match(body)) is not None:  # nested quotes
                body = body[inner.end():]
            if not quoting and out and out[-1].strip():
                out.append("")  # a quote is its own paragraph
            quoting = True
            callout = _CALLOUT.match(body.strip())
            if callout:
                title = callout.group(1).strip()
                if title:
                    out.append(_inline(title if title.endswith((":", "：")) else title + ":"))
                continue
            line = body
        elif quoting:
            quoting = False
            if line.strip():
                out.append("")
        out.append(_TASK.sub(r"\1", _inline(line)))
    return "\n".join(out)
