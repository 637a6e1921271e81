"""How common a word is in everyday language (the ``wordfreq`` package's lists, offline).

A question's word the notes never use matters when it is specific: "point-in-time
recovery" or "StackSets" name a detail the notes do not cover, while "drawback" or
"予想" only rephrase. General-language frequency tells the two apart for any notes.
"""

from __future__ import annotations

from functools import lru_cache

from core.text import HAS_JA
from core.tokenize import morphemes

COMMON_ZIPF = 4.5  # a word this frequent (about once in 30,000 words) is not specific


@lru_cache(maxsize=2)
def _table(lang: str) -> dict[str, float]:
    """Zipf frequencies (log10 per billion words) of words that are not rare."""
    from wordfreq import get_frequency_list

    # the list is binned by centibels (bin i holds words of frequency 10^(-i/100)); only
    # bins down to zipf 2 are read, so the rare tail never sits in memory
    out: dict[str, float] = {}
    for i, words in enumerate(get_frequency_list(lang)[:701]):
        for w in words:
            out.setdefault(w, 9 - i / 100)
    return out


def zipf(word: str) -> float:
    """Zipf frequency of one surface word (0 when the language lists do not know it)."""
    w = word.lower()
    return _table("ja" if HAS_JA.search(w) else "en").get(w, 0.0)


def specificity(word: str) -> float:
    """0 for everyday words, 1 for words everyday language never uses."""
    return min(max((COMMON_ZIPF - zipf(word)) / COMMON_ZIPF, 0.0), 1.0)


def surfaces(text: str) -> dict[str, str]:
    """Token form -> the word as written (the stem "stackset" -> "stacksets")."""
    out: dict[str, str] = {}
    for m in morphemes(text):
        if m.form:
            out.setdefault(m.form, m.surface)
    return out
