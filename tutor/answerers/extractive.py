"""The default answerer: quote the selected note lines, cited, framed in the question's language.

No model, deterministic, and it cannot claim what the notes do not say: every line of
the answer is a verbatim quote with its citation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from core.bridge import Bridge
from core.models import Answer, Quote, ScoredChunk
from core.text import normalize
from tutor.answerers.base import AnswerRequest, Draft
from tutor.cite import citation_for
from tutor.select import Pick, Selection, is_label

_UNITS_EN = {"秒": "seconds", "分": "minutes", "時間": "hours", "日間": "days", "日": "days",
             "件": "messages", "個": "items", "回": "times", "台": "instances"}


def english_gloss(text: str) -> str:
    """'30秒' -> '30 seconds': number facts readable to an English reader."""
    glosses = []
    for m in re.finditer(r"(\d[\d,.]*)\s*(時間|日間|秒|分|日|件|個|回|台)", normalize(text)):
        unit = _UNITS_EN[m.group(2)]
        if m.group(1) == "1":
            unit = "once" if unit == "times" else unit.rstrip("s")
            glosses.append(unit if unit == "once" else f"1 {unit}")
        else:
            glosses.append(f"{m.group(1)} {unit}")
    return ", ".join(dict.fromkeys(glosses))


SUPPORT_MAX = 2  # supporting lines shown under the lead, before the fold
SUPPORT_MARGIN = 1.0  # a supporting line scores within this of the lead (else it folds)
LIST_MAX = 8  # items of a list quoted inline with their label
# the plain-text answer's own words (the CLI prints them; the web UI has its i18n table)
INTRO = {"ja": "ノートの「{topic}」より:", "en": "From your notes on 「{topic}」:"}
MORE_TITLE = {"ja": "ノートの関連箇所:", "en": "More from your notes:"}


def quote_body(q: Quote) -> str:
    """「line」: 「item」 / 「item」 - a label quoted with its items."""
    return f"「{q.text}」" + (": " + " / ".join(f"「{i}」" for i in q.items) if q.items else "")


def topic_of(answer: Answer, lead: Quote) -> str:
    """What the answer is "from your notes on": the lead's parent bullet, else its section."""
    cite = next((c for c in answer.citations if c.n == lead.n), None)
    return lead.parent or (cite.heading.split(" > ")[-1] if cite else "")


@dataclass
class Layout:
    """Which picked lines lead, support and fold, before they become text."""

    lead: Pick
    items: list[str]  # a label lead's children, quoted inline (a list answer)
    support: list[Pick]
    more: list[Pick]
    own_items: dict[int, list[str]] = field(default_factory=dict)  # by Pick.index

    def items_with(self, p: Pick) -> list[str]:
        """The items quoted with a supporting label: those not quoted elsewhere."""
        return self.own_items.get(p.index, items_of(p))


def items_of(p: Pick) -> list[str]:
    """A label line's items, quoted inline with it (a heading-only line says nothing)."""
    return p.unit.children[:LIST_MAX] if p.unit.children and is_label(p.unit.text) else []


LABEL_ITEMS_MAX = 1  # a label with one item reads as one statement ("Role: what it does")


def owning_label(best: Pick, candidates: list[Pick]) -> Pick | None:
    """The short label whose only item is the best line ("Task role" over "what the
    containers may call"): label and item read as one statement, and the label names
    what the item describes."""
    parent = best.unit.parent
    if not parent or not is_label(parent) or items_of(best):  # a list keeps its own items
        return None
    for p in candidates:
        if p.unit.chunk.id == best.unit.chunk.id and p.unit.text == parent \
                and best.unit.text in p.unit.children \
                and len(p.unit.children) <= LABEL_ITEMS_MAX:
            return p
    return None


def arrange(selection: Selection) -> Layout:
    """Answer first: the line that answers, then at most two that support it.

    A label line ("Deployment policies") is not an answer by itself: it leads with its items
    quoted inline ("Deployment policies: All at once / Rolling / Immutable").
    """
    picks = list(selection.picks)
    lead = owning_label(picks[0], selection.candidates) or picks[0]
    if lead is not picks[0]:
        picks.insert(0, lead)
    items = items_of(lead)
    shown = {lead.unit.text, lead.unit.parent, *items}
    rest = []
    # the ranker's runners-up join the fold even when their linear score is not close: when
    # the lead is wrong, the line that answers is most often one of them
    ranked = [p for p in selection.shown if all(p is not q for q in picks)]
    own: dict[int, list[str]] = {}  # a label's items left to quote with it
    for p in picks[1:] + ranked:
        if p.unit.text in shown:  # a line already shown, or the lead's own label
            continue
        kids = items_of(p)
        # a label over items already quoted one by one takes the first one's place
        taken = [q for q in rest if q.unit.chunk.id == p.unit.chunk.id and q.unit.text in kids]
        moved = {q.unit.text for q in taken}
        new = [i for i in kids if i not in shown or i in moved]
        if kids and not new:
            continue  # every item is shown already (the lead's, or a list's)
        if taken:
            rest[rest.index(taken[0])] = p
            rest = [q for q in rest if all(q is not t for t in taken)]
        if kids:
            own[p.index] = new
        shown.update([p.unit.text, *kids])
        if not taken:
            rest.append(p)
    close = [p for p in rest if p.score >= lead.score - SUPPORT_MARGIN
             and (p.rank <= 1 or p.unit.chunk.id == lead.unit.chunk.id)]
    return Layout(lead, items, close[:SUPPORT_MAX],
                  close[SUPPORT_MAX:] + [p for p in rest if p not in close], own)


def compose(lang: str, selection: Selection, hits: list[ScoredChunk], bridge: Bridge | None = None,
            question: str = "") -> tuple[str, list[Quote], list[list[int]]]:
    """The answer text, its quotes, and per citation number n the chunk positions it cites.

    Chunks of the same section share one number: the learner sees one source per section.
    """
    layout = arrange(selection)
    sections: list[tuple[str, str, int | None]] = []
    cited: list[list[int]] = []

    def number(p: Pick) -> int:
        c = hits[p.rank].chunk
        key = (c.source, c.heading, c.page)
        if key not in sections:
            sections.append(key)
            cited.append([])
        n = sections.index(key) + 1
        if p.rank not in cited[n - 1]:
            cited[n - 1].append(p.rank)
        return n

    def quote(p: Pick, role: str, items: list[str] | None = None) -> Quote:
        text = p.unit.text
        return Quote(text=text, n=number(p), parent=p.unit.parent, role=role,  # type: ignore[arg-type]
                     items=items or [], gloss=gloss(lang, " ".join([text, *(items or [])]),
                                                    bridge, question))

    quotes = [quote(layout.lead, "lead", layout.items)]
    quotes += [quote(p, "support", layout.items_with(p)) for p in layout.support]
    quotes += [quote(p, "more", layout.items_with(p)) for p in layout.more]
    return render(lang, quotes, layout.lead), quotes, cited


def render(lang: str, quotes: list[Quote], lead: Pick) -> str:
    """Plain text for the CLI and JSON: the lead in bold, supports, then the folded rest."""
    topic = lead.unit.parent or lead.unit.chunk.heading.split(" > ")[-1]
    key = "ja" if lang == "ja" else "en"
    lines = [INTRO[key].format(topic=topic)]
    more_shown = False
    for q in quotes:
        body = quote_body(q)
        gloss = f" ({q.gloss})" if q.gloss else ""
        if q.role == "lead":
            lines.append(f"**{body}**{gloss} [{q.n}]")
            continue
        if q.role == "more" and not more_shown:
            lines.append(MORE_TITLE[key])
            more_shown = True
        ctx = f"「{q.parent}」 › " if q.parent and q.parent != topic else ""
        lines.append(f"- {ctx}{body}{gloss} [{q.n}]")
    return "\n".join(lines)


def gloss(lang: str, text: str, bridge: Bridge | None, question: str = "") -> str:
    """For English readers of Japanese notes: the numbers and key terms in English."""
    if lang != "en":
        return ""
    parts = [english_gloss(text)] if english_gloss(text) else []
    if bridge is not None:
        parts += bridge.english_names(text, question)
    return "; ".join(p for p in parts if p)


class ExtractiveAnswerer:
    """Quotes the lines the selector picked; the default, and every backend's fallback."""

    name = "extractive"
    chat_model = None

    def stream(self, request: AnswerRequest) -> Iterator[str | Draft]:
        text, quotes, used = compose(request.lang, request.selection, request.hits,
                                     request.bridge, request.question)
        citations = [citation_for(i + 1, *(request.hits[p].chunk for p in ps))
                     for i, ps in enumerate(used)]
        for c in citations:
            c.quotes = [t for q in quotes if q.n == c.n for t in [q.text, *q.items]]
        yield text
        yield Draft(text=text, citations=citations, backend=self.name, quotes=quotes)
