"""The default answerer: quote the selected note lines, cited, framed in the question's language.

No model, deterministic, and it cannot claim what the notes do not say: every line of
the answer is a verbatim quote with its citation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from core.models import ScoredChunk
from core.text import normalize
from tutor.answerers.base import AnswerRequest, Draft
from tutor.cite import citation_for
from tutor.select import Selection

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


def _gloss(lang: str, text: str) -> str:
    gloss = english_gloss(text) if lang == "en" else ""
    return f" ({gloss})" if gloss else ""


def compose(lang: str, selection: Selection, hits: list[ScoredChunk]
            ) -> tuple[str, list[list[int]]]:
    """The answer text, and per citation number n the positions of the chunks it cites.

    Chunks of the same section share one number: the learner sees one source per section.
    """
    sections: list[tuple[str, str, int | None]] = []
    cited: list[list[int]] = []
    number: dict[int, int] = {}
    for u in selection.units:
        c = hits[u.chunk_pos].chunk
        key = (c.source, c.heading, c.page)
        if key not in sections:
            sections.append(key)
            cited.append([])
        n = sections.index(key) + 1
        if u.chunk_pos not in cited[n - 1]:
            cited[n - 1].append(u.chunk_pos)
        number[u.chunk_pos] = n
    lines: list[str] = []
    best = selection.units[0]
    topic = best.parent or hits[best.chunk_pos].chunk.heading.split(" > ")[-1]
    if lang == "ja":
        lines.append(f"ノートの「{topic}」には次のように書かれています。")
    else:
        lines.append(f"Your notes say this about 「{topic}」:")
    shown: set[str] = set()  # a line quoted once is not repeated under its label
    for u in selection.units:
        if u.text in shown:
            continue
        shown.add(u.text)
        n = number[u.chunk_pos]
        ctx = f"「{u.parent}」 › " if u.parent and u.parent != topic else ""
        lines.append(f"- {ctx}「{u.text}」{_gloss(lang, u.text)} [{n}]")
        for child in u.children[:8]:
            if child not in shown:
                shown.add(child)
                lines.append(f"    - 「{child}」{_gloss(lang, child)} [{n}]")
    return "\n".join(lines), cited


class ExtractiveAnswerer:
    """Quotes the lines the selector picked; the default, and every backend's fallback."""

    name = "extractive"
    chat_model = None

    def stream(self, request: AnswerRequest) -> Iterator[str | Draft]:
        text, used = compose(request.lang, request.selection, request.hits)
        citations = [citation_for(i + 1, *(request.hits[p].chunk for p in ps))
                     for i, ps in enumerate(used)]
        yield text
        yield Draft(text=text, citations=citations, backend=self.name)
