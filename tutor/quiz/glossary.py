"""English renderings of note lines, so Japanese notes can also yield English items.

Offline there is no translator, so English items exist only for lines a human rendered in
``glossary.en.json`` (numbers, names and settings survive translation verbatim and are
re-checked against the Japanese source). Everything else stays Japanese-only.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from tutor.quiz.facts import norm

_PATH = Path(__file__).with_name("glossary.en.json")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    data = json.loads(_PATH.read_text(encoding="utf-8"))
    lines = {norm(k): v for k, v in data.get("lines", {}).items()}
    terms = {norm(k): v for k, v in data.get("terms", {}).items()}
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
    data = json.loads(_PATH.read_text(encoding="utf-8"))
    out: dict[str, list[str]] = {}
    for table in ("lines", "terms"):
        for ja, en in data.get(table, {}).items():
            out.setdefault(norm(en), []).append(ja)
    return out


def ja_for(en: str) -> list[str]:
    """The Japanese lines or terms an English option renders (for checking it)."""
    return _reverse().get(norm(en), [])
