"""Markdown as note apps write it (Obsidian, Logseq, Notion exports), brought to plain
Markdown before the outline parser reads it: YAML front matter, ``[[wiki links]]``,
``> [!note] callouts`` and blockquotes, ``==highlights==``, ``- [ ] task`` boxes, and
Notion's ``<aside>`` callouts and ``<details><summary>`` toggles; and a learner's review
cards (``Q: … / A: …``), in text files too.

Without this a vault's front matter became a "line" of the notes, a callout split at
its ``[!`` into two half-sentences, and ``==shards==`` could not match "shards".
"""

from __future__ import annotations

import re

from core.outline import fenced
from core.text import HAS_JA
from ingest import marks
from ingest.load import outside_code_spans

_FRONT_KEY = re.compile(r"^(?:[\w-]+\s*:|\s*-\s|\s+\S|\s*$)")
_EMBED = re.compile(r"!\[\[[^\]]*\]\]")
_WIKI = re.compile(r"\[\[([^\]|#^]*)(?:[#^][^\]|]*)?(?:\|([^\]]*))?\]\]")
_HIGHLIGHT = re.compile(r"==(?=\S)(.+?)(?<=\S)==")
_TASK = re.compile(r"^(\s*(?:[-*+]|\d{1,3}[.)])\s+)\[[ xX/\-]\]\s+")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_CALLOUT = re.compile(r"^\[!\w[\w-]*\][+-]?\s*(.*)$")
# Notion's export of callouts (<aside>) and toggles (<details><summary>)
_BOX = re.compile(r"^\s*</?(?:aside|details)\b[^>]*>\s*(?P<rest>.*?)\s*(?:</(?:aside|details)>)?\s*$",
                  re.I)
_ICON = re.compile(r"^\s*[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D]+\s*")
_SUMMARY = re.compile(r"^\s*<summary\b[^>]*>(?P<title>.*?)</summary>\s*$", re.I)
# an outliner's (Logseq, Roam) page: block properties, #tags, task markers, block refs
_PROPERTY = re.compile(r"^\s*(?:[-*+]\s+)?(?P<key>[A-Za-z][\w-]*)::\s?(?P<value>.*)$")
_TAG = re.compile(r"(?<!\S)#(?:\[\[[^\]]*\]\]|[A-Za-z][\w/-]*)")
_BLOCK_REF = re.compile(r"\(\(\s*[\w-]{6,}\s*\)\)")
_BULLET_HEADING = re.compile(r"^(\s*[-*+]\s+)#{1,6}\s+")  # Logseq's heading block "- ## IAM"
_STATUS = re.compile(r"^(\s*[-*+]\s+)(?:TODO|DONE|LATER|NOW|DOING|WAITING|CANCEL(?:L)?ED)\s+")
_BULLET = re.compile(r"^(?P<indent>\s*)[-*+]\s+(?P<text>\S.*)$")
_BULLET_FENCE = re.compile(r"^(\s*)[-*+]\s+(```|~~~)")
_ATX = re.compile(r"^\s{0,3}#{1,6}\s")
_LINE_END = re.compile(r"[。．.!?！？]\s*$")  # a line that ends its sentence
_TITLE_STOP = re.compile(r"[。．.!?！？:：]\s*$")  # a bullet that ends a sentence or a label
# a chat saved as notes: "**You:** …", "### ChatGPT", "Claude: …" open each turn
_USER = r"You|User|Me|自分|私|質問"
_BOT = r"ChatGPT|GPT[\w.-]*|Assistant|Claude|Gemini|Copilot|AI|Bot"
_TURN = re.compile(rf"^\s{{0,3}}(?:#{{1,6}}\s+)?(?:\*\*|__)?(?:(?P<user>{_USER})|(?P<bot>{_BOT}))"
                   r"\s*(?:[:：]\s*(?:\*\*|__)?|(?:\*\*|__)\s*[:：]?|$)\s*(?P<text>.*)$", re.I)
_OPENER = re.compile(r"^[^.!?。！？]{1,40}[!！]\s*")  # "Great question!", "Sure!"


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


def outliner(lines: list[str]) -> list[str]:
    """An outliner's page (every line a bullet, no headings) as sections: its top bullets
    that hold others are the page's topics, so "S3 > storage classes" is a heading path
    and not a bullet whose children a chunk break separates from it. Block properties
    (``tags:: …``) are metadata; a page's ``title::`` becomes its title."""
    out: list[str] = []
    lines = [_BULLET_FENCE.sub(r"\1  \2", ln) for ln in lines]  # "- ```json" opens a fence
    for line, code in fenced(lines):
        prop = None if code else _PROPERTY.match(line)
        if prop:
            if prop.group("key").lower() == "title" and not out and prop.group("value").strip():
                out += [f"# {prop.group('value').strip()}", ""]
            continue
        if not code:
            line = _BULLET_HEADING.sub(r"\1", _STATUS.sub(r"\1", _BLOCK_REF.sub("", outside_code_spans(
                line, lambda t: _TAG.sub("", t))).rstrip()))
        out.append(line)
    plain = [ln for ln, code in fenced(out) if not code and ln.strip()]
    bullets = [_BULLET.match(ln) for ln in plain]
    items = sum(b is not None for b in bullets)
    # a line of text that is not a block's further line (those are indented under it)
    loose = sum(1 for ln, b in zip(plain, bullets, strict=True) if b is None and not ln[:1].isspace())
    if not plain or any(_ATX.match(ln) for ln in plain[1:]) or items < 0.8 * (items + loose):
        return out
    steps = sorted({len(b.group("indent").expandtabs(2)) for b in bullets if b})
    return _block_lines(_topics(out, steps[:2]))


def _block_lines(lines: list[str]) -> list[str]:
    """An outliner block's further lines (Shift+Enter in Logseq) as items under its first:
    "合計4KBまで" and "KMSで暗号化される" are two lines, not "4KBまでKMSで…". English
    text wrapped mid-sentence is still one line."""
    out: list[str] = []
    last, prev = None, ""  # the indent and latest line of the block being read
    for line, code in fenced(lines):
        m = None if code else _BULLET.match(line)
        if m:
            last, prev = len(m.group("indent").expandtabs(2)), m.group("text")
        elif not code and line.strip() and last is not None:
            depth = len(line.expandtabs(2)) - len(line.expandtabs(2).lstrip())
            text = line.strip()
            if depth > last and (HAS_JA.search(prev + text) or _LINE_END.search(prev)):
                line, prev = " " * (last + 2) + "- " + text, text
        elif not line.strip():
            last = None
        out.append(line)
    return out


def _topics(lines: list[str], levels: list[int]) -> list[str]:
    """Bullets at the outline's first two levels that hold others become headings; what
    they hold moves out by as many levels."""
    rows = [(_BULLET.match(ln) if not code else None, ln) for ln, code in fenced(lines)]
    indent = [len(m.group("indent").expandtabs(2)) if m else None for m, _ in rows]
    out: list[str] = []
    shift: list[tuple[int, int, str]] = []  # (indent of a promoted bullet, width, heading)
    for i, (m, line) in enumerate(rows):
        here = indent[i]
        nxt = next((d for d in indent[i + 1:] if d is not None), None)
        if here is not None:
            left = any(d >= here for d, _, _ in shift)
            shift = [s for s in shift if s[0] < here]
            text = m.group("text")
            if here in levels and nxt is not None and nxt > here and not _TITLE_STOP.search(text):
                heading = "#" * (2 + levels.index(here)) + " " + text.strip("*_ ")
                out += ["", heading, ""]
                shift.append((here, (nxt - here), heading))
                continue
            if left and shift:  # back from a sub-topic: its siblings are the topic's again
                out += ["", shift[-1][2], ""]
        cut = sum(w for _, w, _ in shift)
        expanded = line.expandtabs(2)
        out.append(expanded[min(cut, len(expanded) - len(expanded.lstrip())):])
    return out


def chat_log(lines: list[str]) -> list[str]:
    """A chat with an assistant kept as notes: the assistant's turns are the notes, the
    learner's own turns (questions, "I always mix them up") are no facts and go, as do
    the turn markers and an exclamation that opens a turn ("Great question!"); the
    learner's comments between turns stay. Without this "### You" became a heading of
    the notes, and "You: hosted UI?" a line to quote."""
    turns = [m for ln, code in fenced(lines) if not code and (m := _TURN.match(ln))]
    if sum(1 for m in turns if m.group("user")) < 2 or sum(1 for m in turns if m.group("bot")) < 2:
        return lines
    out: list[str] = []
    user = opening = False
    for line, code in fenced(lines):
        turn = None if code else _TURN.match(line)
        if turn:
            user = bool(turn.group("user"))
            text = "" if user else _OPENER.sub("", turn.group("text").strip())
            out += ["", text] if text else [""]
            opening = not user and not turn.group("text").strip()  # "### ChatGPT" alone
            continue
        if opening and line.strip():
            line, opening = _OPENER.sub("", line.strip()), False
        if not code and (_ATX.match(line) or line.strip() in ("---", "***", "___")
                         or _QUOTE.match(line)):
            user = False  # a heading, a rule or the learner's own comment ends a question
        if not user:
            out.append(line)
    return out


def plain_markdown(text: str) -> str:
    """The note app's Markdown as the plain Markdown the outline parser reads.

    A callout's title becomes a label ("Partition key:") over its body, so the body's
    first sentence or list is read under it; a blockquote's lines become a paragraph.
    """
    lines = text.splitlines()
    out: list[str] = []
    quoting = icon = False  # icon: a callout box just opened (Notion starts it with one)
    body = marks.page_properties(marks.strip_marks(lines[front_matter_end(lines):]))
    for line, code in fenced(marks.bold_titles(outliner(chat_log(body)))):
        if code:
            out.append(line)
            continue
        box, summary = _BOX.match(line), _SUMMARY.match(line)
        if box or summary:  # a toggle's title is a label over its body, a box a paragraph
            title = _inline(summary.group("title").strip()) if summary else ""
            out += ["", title if not title or title.endswith((":", "：")) else title + ":"] \
                if title else [""]
            icon = bool(box) and not line.lstrip().startswith("</")
            if box and box.group("rest"):
                out.append(_ICON.sub("", _inline(box.group("rest"))))
                icon = False
            continue
        if icon and line.strip():
            line, icon = _ICON.sub("", line), False
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


# --- flashcards: "Q: … / A: …" pairs ----------------------------------------------------

_MARK = r"(?:\*\*|__)?"
_CARD_Q = re.compile(rf"^\s*(?:[-*+•]\s+)?{_MARK}(?:Q\d*|Question|質問|問題?)\s*{_MARK}\s*[:：]"
                     rf"\s*{_MARK}\s*(?P<text>\S.*)$", re.I)
_CARD_A = re.compile(rf"^\s*(?:[-*+•]\s+)?{_MARK}(?:A|Ans|Answer|答え?|回答|解答)\s*{_MARK}\s*[:：]"
                     rf"\s*{_MARK}\s*(?P<text>\S.*)$", re.I)
_SUB_ITEM = re.compile(r"^\s+(?:[-*+•]|\d{1,2}[.)])\s+(?P<text>\S.*)$")


def flashcards(text: str) -> str:
    """A learner's review cards ("Q: … / A: …", one card after another) as the outline
    reads them: the question a bullet, its answer the item under it (an answer's wrapped
    lines joined, its own sub-points one level down). A card is then one place of the
    notes: the answer is quoted with its question, and the question is not a line of its
    own that answers nothing."""
    lines = text.splitlines()
    code = [c for _, c in fenced(lines)]
    out: list[str] = []
    i = 0
    while i < len(lines):
        q = None if code[i] else _CARD_Q.match(lines[i])
        j = i + 1
        question = [q.group("text").strip()] if q else []
        while q and j < len(lines) and lines[j].strip() and not _CARD_A.match(lines[j]) \
                and lines[j][:1].isspace():
            question.append(lines[j].strip())  # a question wrapped onto the next line
            j += 1
        if q and j < len(lines) and not lines[j].strip():
            j += 1  # one blank line between a question and its answer
        a = _CARD_A.match(lines[j]) if q and j < len(lines) else None
        if not a:
            out.append(lines[i])
            i += 1
            continue
        answer, subs = [a.group("text").strip()], []
        j += 1
        while j < len(lines) and lines[j].strip() and lines[j][:1].isspace():
            sub = _SUB_ITEM.match(lines[j])
            if sub:
                subs.append(sub.group("text").strip())
            elif subs:
                subs[-1] += " " + lines[j].strip()
            else:
                answer.append(lines[j].strip())
            j += 1
        if out and out[-1].strip():
            out.append("")
        out += [f"- {' '.join(question)}", f"  - {' '.join(answer)}",
                *(f"    - {s}" for s in subs)]
        if j < len(lines) and lines[j].strip():
            out.append("")  # what follows the card is not its answer going on
        i = j
    return "\n".join(out)
