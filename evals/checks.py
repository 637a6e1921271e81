"""Per-case checks: did this one answer retrieve, state, cite and frame it right.

Each takes a `CaseRecord` and returns a plain verdict; the metric registry decides where
a check applies and how verdicts add up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from evals.dataset import EvalCase
from evals.record import CITE_MARK, CaseRecord


def _key(text: str) -> str:
    """Text compared without case or spaces: a loader that reads the space an export put
    between a heading's words ("スロットリング ★") must not orphan a source written as
    "スロットリング★"."""
    return "".join(text.casefold().split())


def source_matches(expected: str, heading: str, source: str) -> bool:
    """``expected`` names a heading or file substring, or "file.md › heading" for both."""
    file_part, sep, heading_part = expected.partition(" › ")
    if sep:
        return _key(file_part) in _key(source) and _key(heading_part) in _key(heading)
    e = _key(expected)
    return bool(e) and (e in _key(heading) or e in _key(source))


def matches_sources(sources: Iterable[str], heading: str = "", source: str = "") -> bool:
    """True when any expected source matches this (heading path, source path) pair."""
    return any(source_matches(s, heading, source) for s in sources)


def hit_rank(rec: CaseRecord) -> int | None:
    """1-based rank of the first retrieved chunk from an expected source, None if none is."""
    n = max(len(rec.retrieved), len(rec.retrieved_sources))
    for i in range(n):
        heading = rec.retrieved[i] if i < len(rec.retrieved) else ""
        source = rec.retrieved_sources[i] if i < len(rec.retrieved_sources) else ""
        if matches_sources(rec.case.sources, heading, source):
            return i + 1
    return None


def includes_all(case: EvalCase, text: str) -> bool:
    """Every must_include regex matches somewhere in the answer text."""
    return all(p.search(text) for p in case.patterns())


def answer_correct(rec: CaseRecord) -> bool:
    return not rec.refused and includes_all(rec.case, rec.answer)


def first_line_correct(rec: CaseRecord) -> bool:
    return not rec.refused and rec.first_line is not None and \
        includes_all(rec.case, rec.first_line)


def citation_correct(rec: CaseRecord) -> bool:
    return any(matches_sources(rec.case.sources, c.heading, c.source) for c in rec.citations)


_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_QUOTED = re.compile(r"「[^」]*」|『[^』]*』|“[^”]*”")


def strip_quotes(text: str, passages: Iterable[str] = ()) -> str:
    """Remove what the answer quotes rather than says: 「…」 spans, > blockquote lines
    and any line of a cited passage, leaving the answer's own framing."""
    for passage in passages:
        for line in passage.splitlines():
            line = line.strip().lstrip("-*• ").strip()
            if len(line) >= 2:
                text = text.replace(line, " ")
    text = _QUOTED.sub(" ", text)
    kept = [ln for ln in text.splitlines() if not ln.lstrip().startswith(">")]
    return CITE_MARK.sub(" ", "\n".join(kept))


def latin_ratio(text: str) -> float | None:
    """Share of letters that are ASCII/Latin; None when the text has no letters at all."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    return sum(ord(ch) < 0x250 for ch in letters) / len(letters)


def text_in_language(
    text: str, lang: str, passages: Iterable[str] = (), threshold: float = 0.8
) -> bool:
    """Japanese answers must contain kana; English framing (quotes removed) mostly Latin."""
    if lang == "ja":
        return bool(_KANA.search(text))
    ratio = latin_ratio(strip_quotes(text, passages))
    return ratio is not None and ratio >= threshold


def language_ok(rec: CaseRecord) -> bool:
    if rec.language is not None and rec.language != rec.case.lang:
        return False
    return text_in_language(rec.answer, rec.case.lang, [c.text for c in rec.citations])
