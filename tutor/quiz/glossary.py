"""English renderings of note lines, so Japanese notes can also yield English items.

Offline there is no translator, so English items exist only for lines a human rendered in
``glossary_en.py`` (numbers, names and settings survive translation verbatim and are
re-checked against the Japanese source). Everything else stays Japanese-only.
"""

from __future__ import annotations

from functools import lru_cache

from tutor.quiz.facts import norm
from tutor.quiz.glossary_en import LINES, TERMS


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    lines = {norm(k): v for k, v in LINES.items()}
    terms = {norm(k): v for k, v in TERMS.items()}
    return lines, terms


def line_en(ja: str) -> str | None:
    """The English rendering of a note line (or description), if one exists."""
    if ja.isascii():
        return ja
    return _tables()[0].get(norm(ja))


def term_en(ja: str) -> str | None:
    """A term in English: ASCII terms (``One-at-a-time``) are already English."""
    if ja.isascii():
        return ja
    return _tables()[1].get(norm(ja))


@lru_cache(maxsize=1)
def _reverse() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for table in (LINES, TERMS):
        for ja, en in table.items():
            out.setdefault(norm(en), []).append(ja)
    return out


def ja_for(en: str) -> list[str]:
    """The Japanese lines or terms an English option renders (for checking it)."""
    return _reverse().get(norm(en), [])
