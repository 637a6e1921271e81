"""Eval metrics as pure functions over per-case records.

Nothing here calls a model: the runner and the benchmark build `CaseRecord`s from whatever
pipeline they ran, so both are scored by exactly the same code. Rates whose denominator is
empty are None, never 0, so "not measured" cannot pass for "all wrong".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from pydantic import BaseModel, Field

from evals.dataset import EvalCase

LANGS = ("ja", "en")
GROUPS = ("ja", "en", "all")
RATE_METRICS = (
    "hit@1",
    "hit@3",
    "hit@5",
    "mrr",
    "answer_accuracy",
    "citation_accuracy",
    "refusal_accuracy",
    "false_refusal_rate",
    "language_match",
)
LATENCY_METRICS = ("latency_p50_ms", "latency_p95_ms")
METRICS = RATE_METRICS + LATENCY_METRICS
LOWER_IS_BETTER = frozenset({"false_refusal_rate", *LATENCY_METRICS})


class CitedChunk(BaseModel):
    heading: str = ""
    source: str = ""
    text: str = ""


class CaseRecord(BaseModel):
    """What one pipeline did with one case: everything the metrics need, nothing more."""

    case: EvalCase
    answer: str
    refused: bool = False
    language: str | None = None  # the framing language the pipeline claims; None = unknown
    citations: list[CitedChunk] = Field(default_factory=list)
    retrieved: list[str] = Field(default_factory=list)  # heading paths, rank order
    retrieved_sources: list[str] = Field(default_factory=list)  # source paths, same order
    latency_ms: float | None = None

    @classmethod
    def from_answer(cls, case: EvalCase, answer: Any) -> CaseRecord:
        """Build a record from a `tutor.models.Answer` (duck-typed to keep imports light)."""
        return cls(
            case=case,
            answer=answer.answer,
            refused=answer.refused,
            language=answer.language,
            citations=[
                CitedChunk(heading=c.heading, source=c.source, text=c.text)
                for c in answer.citations
            ],
            retrieved=list(answer.retrieved),
            retrieved_sources=list(getattr(answer, "retrieved_sources", None) or []),
            latency_ms=answer.timings_ms.get("total"),
        )


# --- per-case checks -------------------------------------------------------------------


def matches_sources(sources: Iterable[str], *paths: str) -> bool:
    """True when any expected source string occurs (case-insensitively) in any path."""
    hay = [p.casefold() for p in paths if p]
    return any(s.casefold() in h for s in sources if s for h in hay)


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


def citation_correct(rec: CaseRecord) -> bool:
    return any(matches_sources(rec.case.sources, c.heading, c.source) for c in rec.citations)


_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_QUOTED = re.compile(r"「[^」]*」|『[^』]*』|“[^”]*”")
_CITE_MARK = re.compile(r"\[\d+\]")


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
    return _CITE_MARK.sub(" ", "\n".join(kept))


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


def case_passes(rec: CaseRecord) -> dict[str, bool | None]:
    """Per-metric verdict for one case (True = good); None where the metric does not apply.

    For false_refusal_rate the verdict is "was not falsely refused".
    """
    answerable = rec.case.answerable
    rank = hit_rank(rec) if answerable else None
    answered = answerable and not rec.refused
    return {
        "hit@1": (rank is not None and rank <= 1) if answerable else None,
        "hit@3": (rank is not None and rank <= 3) if answerable else None,
        "hit@5": (rank is not None and rank <= 5) if answerable else None,
        "answer_accuracy": answer_correct(rec) if answerable else None,
        "citation_accuracy": citation_correct(rec) if answered else None,
        "refusal_accuracy": rec.refused if not answerable else None,
        "false_refusal_rate": (not rec.refused) if answerable else None,
        "language_match": language_ok(rec),
    }


# --- aggregation -----------------------------------------------------------------------


def _rate(values: Sequence[bool | float]) -> float | None:
    return sum(float(v) for v in values) / len(values) if values else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (q in 0..100), like numpy's default; None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def _only(recs: Sequence[CaseRecord], pred: Callable[[CaseRecord], bool]) -> list[CaseRecord]:
    return [r for r in recs if pred(r)]


def summarize(records: Sequence[CaseRecord]) -> dict[str, float | None]:
    """Every metric in METRICS over one group of records."""
    answerable = _only(records, lambda r: r.case.answerable)
    answered = _only(answerable, lambda r: not r.refused)
    unanswerable = _only(records, lambda r: not r.case.answerable)
    ranks = [hit_rank(r) for r in answerable]
    latencies = [r.latency_ms for r in records if r.latency_ms is not None]
    return {
        "hit@1": _rate([r is not None and r <= 1 for r in ranks]),
        "hit@3": _rate([r is not None and r <= 3 for r in ranks]),
        "hit@5": _rate([r is not None and r <= 5 for r in ranks]),
        "mrr": _rate([1 / r if r else 0.0 for r in ranks]),
        "answer_accuracy": _rate([answer_correct(r) for r in answerable]),
        "citation_accuracy": _rate([citation_correct(r) for r in answered]),
        "refusal_accuracy": _rate([r.refused for r in unanswerable]),
        "false_refusal_rate": _rate([r.refused for r in answerable]),
        "language_match": _rate([language_ok(r) for r in records]),
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
    }


def summarize_by_lang(records: Sequence[CaseRecord]) -> dict[str, dict[str, float | None]]:
    """{"ja": {...}, "en": {...}, "all": {...}} — the report's "summary"."""
    out = {
        lang: summarize(_only(records, lambda r, lang=lang: r.case.lang == lang)) for lang in LANGS
    }
    out["all"] = summarize(records)
    return out


def compare_to_baseline(
    summary: dict[str, dict[str, float | None]],
    baseline_summary: dict[str, dict[str, float | None]],
    tolerance: float = 0.02,
) -> list[str]:
    """Regressions beyond `tolerance`; latency is ignored because machines differ."""
    regressions: list[str] = []
    for group in GROUPS:
        now, base = summary.get(group) or {}, baseline_summary.get(group) or {}
        for metric in RATE_METRICS:
            new, old = now.get(metric), base.get(metric)
            if new is None or old is None:
                continue
            if metric in LOWER_IS_BETTER and new > old + tolerance:
                regressions.append(
                    f"{group} {metric}: {new:.3f} > baseline {old:.3f} + {tolerance}"
                )
            elif metric not in LOWER_IS_BETTER and new < old - tolerance:
                regressions.append(
                    f"{group} {metric}: {new:.3f} < baseline {old:.3f} - {tolerance}"
                )
    return regressions
