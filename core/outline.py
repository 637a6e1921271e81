"""The one outline parser: Markdown text -> lines with their parents and heading path.

Every part of the tutor reads notes through this: the loader splits sections on its
headings, the chunker keeps a top-level bullet with its children, the answerer quotes
its nodes with their parent for context, the quiz asks about them. A node is a bullet
item (continuation lines joined) or one sentence of a paragraph; code fences are kept
whole and never quoted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from core.text import join_wrapped, split_sentences

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)(?:[-*+•・]|(\d{1,3}[.)]))\s+(.*)$")
_CHECKBOX = re.compile(r"^\[[ xX-]\]\s+")  # a task list's "- [ ] …" / "- [x] …": the item is what counts
# the number of an ordered item ("1. ApplicationStop"): kept in its text, since a step's
# place is a fact ("which hook runs first?"), but it states no figure
STEP = re.compile(r"^\s*\d{1,3}[.)]\s+")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
# a line that opens with its own label ("**容量モード:** …", "Retry のデフォルト値: …"):
# one fact per line, as note apps write key-value lines, never a sentence wrapping on
_LABEL_LINE = re.compile(r"^(?:\*\*|__)?[^\s:：*_`|#>][^:：。.!?！？]{0,23}?(?:\*\*|__)?\s*[:：]"
                         r"(?:\*\*|__)?\s+\S|^(?:\*\*|__)[^*_]{1,24}?[:：](?:\*\*|__)\S")
_RULE = re.compile(r"(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}")  # a thematic break: no line
_ENDED = re.compile(r"[.。!?！？)）]$|[^\x00-\x7f]$")  # a sentence's end, or Japanese
_HARD_BREAK = re.compile(r"(?: {2,}|\\)$")  # Markdown's own line break
_FENCE = re.compile(r"^\s*(```|~~~)")

Kind = Literal["bullet", "text", "code"]


@dataclass(eq=False)
class Node:
    """One quotable line of the notes (or a code block), with its place in the outline."""

    text: str
    kind: Kind
    depth: int
    heading: tuple[str, ...]
    start: int  # index of the node's first source line
    stop: int  # one past its last own source line
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)

    @property
    def parent_text(self) -> str:
        return self.parent.text if self.parent else ""

    @property
    def path(self) -> list[str]:
        """Texts of the ancestors, outermost first."""
        out, up = [], self.parent
        while up is not None:
            out.append(up.text)
            up = up.parent
        return out[::-1]

    @property
    def quotable(self) -> bool:
        return self.kind != "code" and bool(self.text)


@dataclass
class OutlineSection:
    """The nodes under one heading path (the text before the first heading has none)."""

    heading: tuple[str, ...]
    level: int  # 0 for the preamble
    lines: list[str] = field(default_factory=list)  # raw source lines
    nodes: list[Node] = field(default_factory=list)


def clean(text: str) -> str:
    """Drop Markdown emphasis markers and collapse spaces; keep `code` as written."""
    text = _BOLD.sub(lambda m: m.group(1) or m.group(2), text)
    return re.sub(r"[ \t\u3000]{2,}", " ", text).strip()


def _title(text: str) -> str:
    return clean(text).rstrip(":：").strip()


def _indent(line: str) -> int:
    expanded = line.replace("\t", "    ")
    return len(expanded) - len(expanded.lstrip(" "))


def _is_label(node: Node, stop: int) -> bool:
    """A one-line paragraph ending with a colon, just above line ``stop``."""
    return node.start == stop - 1 and node.text.endswith((":", "："))


def _opens_label(line: str, above: str) -> bool:
    """Whether ``line`` is a new "label: value" line rather than the line above wrapping:
    bold, capitalised or Japanese labels always; a lower-case English one ("visibility
    timeout: 30 s") only after a line that ended (a label line, a sentence, Japanese)."""
    if not _LABEL_LINE.match(line):
        return False
    if line.startswith(("**", "__")) or not line[:1].islower():
        return True
    return bool(_LABEL_LINE.match(above) or _ended(above))


def _ended(line: str) -> bool:
    """A line that cannot be wrapping on: it ends a sentence, or in Japanese."""
    return _ENDED.search(line) is not None


def parse(text: str, heading: tuple[str, ...] = ()) -> list[Node]:
    """Nodes of a Markdown body in document order; headings update the heading path."""
    nodes: list[Node] = []
    stack: list[tuple[int, Node]] = []  # (indent, node) of open bullets
    path: list[tuple[int, str]] = [(0, h) for h in heading]
    lines = text.splitlines()
    i = 0
    para: list[str] = []
    para_start = para_indent = 0
    label: Node | None = None  # a one-line paragraph ending with a colon, above a list

    def flush_para(stop: int) -> Node | None:
        if not para:
            return None
        joined = clean(join_wrapped(para))
        for sentence in split_sentences(joined) or [joined]:
            nodes.append(Node(sentence, "text", 0, _heads(), para_start, stop))
        para.clear()
        return nodes[-1]

    def _heads() -> tuple[str, ...]:
        return tuple(t for _, t in path)

    while i < len(lines):
        raw = lines[i]
        if _FENCE.match(raw):
            flush_para(i)
            j = i + 1
            while j < len(lines) and not _FENCE.match(lines[j]):
                j += 1
            code = Node("\n".join(lines[i:j + 1]), "code", 0, _heads(), i, min(j + 1, len(lines)))
            if stack and _indent(raw) > stack[-1][0]:  # a fence indented under a bullet
                code.parent, code.depth = stack[-1][1], stack[-1][1].depth + 1
                stack[-1][1].children.append(code)
            nodes.append(code)
            i = j + 1
            continue
        stripped = raw.strip()
        heading_m = _HEADING.match(raw)
        if heading_m:
            flush_para(i)
            stack.clear()
            label = None
            level = len(heading_m.group(1))
            path = [(lv, t) for lv, t in path if lv < level] + [(level, _title(heading_m.group(2)))]
            i += 1
            continue
        if not stripped or stripped in {"-", "*", "+"} or _RULE.fullmatch(stripped):
            flushed = flush_para(i)
            if flushed is not None:  # a one-line "Label:" stays a label across blank lines
                label = flushed if _is_label(flushed, i) else None
            i += 1
            continue
        bullet = _BULLET.match(raw)
        indent = _indent(raw)
        if not bullet and indent > 0 and nodes and nodes[-1].kind == "bullet" and \
                nodes[-1].stop == i:
            prev = nodes[-1]  # continuation line of the bullet above
            prev.text = clean(join_wrapped([prev.text, stripped]))
            prev.stop = i + 1
            i += 1
            continue
        if not bullet:
            if para and (_HARD_BREAK.search(lines[i - 1]) or _opens_label(stripped, para[-1])
                         or _LABEL_LINE.match(para[-1]) and _ended(para[-1])):
                flush_para(i)  # the line above ended: a hard break, or a label line's own
            if not para:
                para_start, para_indent = i, indent
                stack.clear()
                label = None
            para.append(stripped.rstrip("\\").rstrip())
            i += 1
            continue
        last = flush_para(i)
        if last is not None and indent > para_indent:
            stack = [(para_indent, last)]  # "以下の通り:" then an indented list
        elif last is not None and _is_label(last, i) or last is None and label is not None:
            stack = [(indent - 1, last or label)]  # "Deployment policies:" above its list
        label = None
        while stack and stack[-1][0] >= indent:
            stack.pop()
        parent = stack[-1][1] if stack else None
        if parent is not None and parent.kind == "text" and parent.children and \
                bool(STEP.match(parent.children[-1].text)) != bool(bullet.group(2)):
            parent, stack = None, []  # a list of the other kind after a label's list: its own
        text = clean(_CHECKBOX.sub("", bullet.group(3)))
        node = Node(f"{bullet.group(2)} {text}" if bullet.group(2) and text else text, "bullet",
                    parent.depth + 1 if parent else 0,
                    _heads(), i, i + 1, parent)
        if parent:
            parent.children.append(node)
        nodes.append(node)
        stack.append((indent, node))
        i += 1
    flush_para(len(lines))
    return [n for n in nodes if n.text]


def fenced(lines: Iterable[str]) -> Iterator[tuple[str, bool]]:
    """Each Markdown line with whether it is code (a fence line or inside a fence)."""
    in_fence = False
    for line in lines:
        if _FENCE.match(line):
            in_fence = not in_fence
            yield line, True
        else:
            yield line, in_fence


def sections(text: str) -> list[OutlineSection]:
    """Split Markdown on headings; every section keeps its raw lines and its nodes."""
    out = [OutlineSection((), 0)]
    path: list[tuple[int, str]] = []
    for line, code in fenced(text.splitlines()):
        m = None if code else _HEADING.match(line)
        if m:
            level = len(m.group(1))
            path = [(lv, t) for lv, t in path if lv < level] + [(level, _title(m.group(2)))]
            out.append(OutlineSection(tuple(t for _, t in path), level))
            continue
        out[-1].lines.append(line)
    for s in out:
        s.nodes = parse("\n".join(s.lines), s.heading)
    return out


def blocks(nodes: list[Node], lines: list[str]) -> list[list[str]]:
    """Raw source lines grouped by top-level node: a bullet with everything under it."""
    starts = sorted({n.start for n in nodes if n.parent is None})
    out: list[list[str]] = []
    for k, start in enumerate(starts):
        chunk = lines[start:starts[k + 1] if k + 1 < len(starts) else len(lines)]
        while chunk and not chunk[-1].strip():
            chunk.pop()
        if chunk:
            out.append(chunk)
    return out
