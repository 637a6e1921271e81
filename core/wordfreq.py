"""How common a word is in everyday language (the ``wordfreq`` package's lists, offline).

A question's word the notes never use matters when it is specific: "point-in-time
recovery" or "StackSets" name a detail the notes do not cover, while "drawback" or
"予想" only rephrase. General-language frequency tells the two apart for any notes.
"""

from __future__ import annotations

import re
from functools import lru_cache

from core.catalog import services_in
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


_CAMEL = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[A-Z]")
_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")
FRAGMENT_CHARS = 3  # a piece this short is a fragment of a word, not a word of its own
WORD_ZIPF = 3.0  # rarer than once in a million words: a piece, not a word (e.g. "kine")


def one_word(left: str, right: str) -> bool:
    """Whether two Latin runs that a page layout split ("Secre" | "ts", "Timeou" | "t")
    are one word, rather than two words the break's space fell between ("CloudWatch" |
    "Logs"): the last camel-case part of ``left`` joined with the first of ``right`` is
    a word (more common than either piece unless one is a fragment), a service's name
    that the spaced pair is not, two fragments that are no words ("retr" | "ies"), or
    the rest of a CamelCase name ("States.No" | "ChoiceMatched")."""
    if _INNER_CAPITAL.search(right):
        return True  # the rest of a CamelCase name: "States.No" | "ChoiceMatched"
    tail, head = (_CAMEL.findall(left) or [left])[-1], (_CAMEL.findall(right) or [right])[0]
    named = services_in(left + right)
    if named and (fragment(tail) or fragment(head)
                  or set(named) - set(services_in(f"{left} {right}"))):
        return True  # "Lamb" | "da", "Elasti" | "Cache"
    joined = zipf(tail + head)
    if joined > 0:  # "Gener" | "ate": a word with a fragment; "Data" | "base": two words
        return fragment(tail) or fragment(head) or joined >= max(_piece(tail), _piece(head))
    return fragment(tail) and fragment(head)


def _piece(word: str) -> float:
    return zipf(word) if len(word) >= FRAGMENT_CHARS else 0.0


def fragment(word: str) -> bool:
    """Too short or too rare to be a word of its own (an acronym, "DB", "FIFO", is one)."""
    return not (word.isupper() and len(word) > 1) and _piece(word) < WORD_ZIPF
