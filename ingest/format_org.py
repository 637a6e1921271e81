"""Org-mode files (.org, Emacs) brought to the Markdown the outline reads.

``* Heading`` lines are headings by their stars (a TODO keyword, a priority cookie and
``:tags:`` dropped), ``#+TITLE:`` the document's title, ``#+BEGIN_SRC`` … ``#+END_SRC``
code, ``#+BEGIN_QUOTE`` a quote, property drawers, planning lines (``CLOSED: [...]``) and
other ``#+`` settings go, and links ``[[url][label]]`` read as their label; ``*bold*``
stays bold and ``=verbatim=`` / ``~code~`` marks go around their words (which may hold any
character). Lists and tables are already Markdown's.
"""

from __future__ import annotations

import re

_HEADING = re.compile(r"^(\*+)\s+(?:(?:TODO|DONE|NEXT|WAITING|HOLD|CANCELL?ED)\s+)?"
                      r"(?:\[#[A-C]\]\s+)?(.*?)(?:\s+(:[\w@#%:]+:))?\s*$")
_KEYWORD = re.compile(r"^\s*#\+(\w+):\s*(.*)$", re.I)
_BLOCK = re.compile(r"^\s*#\+(BEGIN|END)_(\w+)", re.I)
_DRAWER = re.compile(r"^\s*:([A-Z]+):\s*$")
_LINK = re.compile(r"\[\[([^\]]+)\](?:\[([^\]]*)\])?\]")
# *bold* (not /italic/: "/tmp/" in a note is a path)
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
# =verbatim= and ~code~ hold anything ("=Cfn*=", "=--context key=value="): they end at the
# first mark followed by a space, punctuation or the line's end, as Emacs reads them
_CODE = re.compile(r"(?<![\w=~])([=~])(?=\S)(.+?)(?<=\S)\1(?=[\s.,;:!?'\")\]}、。）]|$)")
# CLOSED: [2025-02-20 Thu 22:05], SCHEDULED: <…>, DEADLINE: <…>: when, not what
PLANNING = re.compile(r"^\s*(?:(?:CLOSED|SCHEDULED|DEADLINE):\s*[<\[][^>\]]*[>\]]\s*)+$")
_TABLE_RULE = re.compile(r"^(\s*)\|[-+]+\|?\s*$")


def _inline(line: str) -> str:
    line = _LINK.sub(lambda m: m.group(2) or m.group(1), line)
    line = _CODE.sub(lambda m: m.group(2), line)
    return _BOLD.sub(lambda m: f"**{m.group(1)}**", line)


def org_to_markdown(text: str) -> str:
    out: list[str] = []
    block = ""  # the open #+BEGIN_ block's kind
    drawer = False
    for line in text.splitlines():
        b = _BLOCK.match(line)
        if b:
            kind = b.group(2).upper()
            if b.group(1).upper() == "BEGIN":
                block = kind
                out.append("```" if kind in ("SRC", "EXAMPLE") else "")
            else:
                out.append("```" if block in ("SRC", "EXAMPLE") else "")
                block = ""
            continue
        if block in ("SRC", "EXAMPLE"):
            out.append(line)
            continue
        if drawer:  # a :PROPERTIES: … :END: drawer is metadata
            drawer = line.strip().upper() != ":END:"
            continue
        d = _DRAWER.match(line)
        if d and d.group(1) != "END":
            drawer = True
            continue
        if PLANNING.match(line):
            continue
        k = _KEYWORD.match(line)
        if k:
            if k.group(1).upper() == "TITLE" and k.group(2).strip():
                out += [f"# {_inline(k.group(2).strip())}", ""]
            continue
        h = _HEADING.match(line)
        if h:
            out += ["", "#" * min(len(h.group(1)) + 1, 6) + " " + _inline(h.group(2)), ""]
            continue
        r = _TABLE_RULE.match(line)
        if r:  # |---+---| is Markdown's |---|---|
            out.append(line.replace("+", "|"))
            continue
        out.append(("> " if block == "QUOTE" else "") + _inline(line))
    return "\n".join(out) + "\n"
