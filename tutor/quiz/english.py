"""English for quiz items built from notes in another language, without hand-written text.

Offline there is no translator, so an English item keeps the notes' own words where it
must (a requirement or description is quoted as written, 「…」) and makes everything
around it English: the stem frame, numbers with their units (14日間 -> 14 days), service
names and identifiers (already language-neutral), and a gloss of the quote's key words from
JMdict through the bilingual bridge (``core.bridge``). Nothing here knows any notes file.
"""

from __future__ import annotations

import re
from functools import lru_cache

from core.text import HAS_JA
from tutor.quiz import numbers

_UNIT_EN = {"秒": "second", "秒間": "second", "分": "minute", "分間": "minute", "時間": "hour",
            "日": "day", "日間": "day", "週間": "week", "ミリ秒": "millisecond", "件": "",
            "個": "", "回": "time", "文字": "character", "ドル": "USD", "問": "question"}


def is_english(text: str) -> bool:
    return not HAS_JA.search(text)


def quantity_en(surface: str) -> str | None:
    """A value in English units (``14日間`` -> ``14 days``, ``256KB`` -> ``256 KB``)."""
    q = numbers.parse_one(surface)
    if q is None:
        return None
    num = q.value
    text = f"{int(num):,}" if float(num).is_integer() else f"{num:g}"
    if q.unit in _UNIT_EN:
        word = _UNIT_EN[q.unit]
        if not word:
            return text
        return f"{text} {word}" + ("" if num == 1 or word == "USD" else "s")
    if "万" in q.surface and not q.unit:
        return text
    if not HAS_JA.search(q.unit):
        return f"{text} {q.unit}".strip() if q.unit not in ("%",) else f"{text}%"
    return None


_LONG_KATAKANA = re.compile(r"^[\u30a0-\u30ff]{5,}$")


def _gloss_word(term: str) -> str:
    """The dictionary English of a word; a long katakana loanword (rarely a homophone)
    gets its first sense even where the bridge stays unsure."""
    from core.bridge import gloss_text, senses

    en = gloss_text(term)
    if not en and _LONG_KATAKANA.match(term) and (found := senses(term)):
        en = found[0][0]
    return en


@lru_cache(maxsize=8192)
def gloss(text: str, limit: int = 3) -> str:
    """Key words of a Japanese quote with their dictionary English, e.g.
    ``(最大 = maximum; キュー = queue)``; empty for English text or unknown words."""
    if not HAS_JA.search(text):
        return ""
    from core.bridge import ja_terms

    pairs: list[str] = []
    taken: list[str] = []
    for surface, _ in sorted(ja_terms(text), key=lambda t: -len(t[0])):
        if len(pairs) >= limit:
            break
        if len(surface) < 2 or any(surface in t or t in surface for t in taken):
            continue
        en = _gloss_word(surface)
        if en and len(en) <= 30:
            taken.append(surface)
            pairs.append(f"{surface} = {en}")
    order = {p.split(" = ")[0]: text.find(p.split(" = ")[0]) for p in pairs}
    pairs.sort(key=lambda p: order[p.split(" = ")[0]])
    return f"({'; '.join(pairs)})" if pairs else ""


def quote_en(text: str) -> str:
    """A note line as an English item shows it: English as is, otherwise the quote as
    written (English units inside a Japanese sentence read worse) with a gloss of its
    key words."""
    if is_english(text):
        return f"\"{text}\""
    g = gloss(text)
    return f"「{text}」" + (f" {g}" if g else "")


def term_en(term: str) -> str:
    """A term's English label: the term itself when it is already Latin script, else the
    term with its dictionary gloss when one exists (``可視性 (visibility)``)."""
    if is_english(term):
        return term
    en = _gloss_word(term)
    return f"{term} ({en})" if en and len(en) <= 30 else term
