"""Eval metrics: one registry, each metric defined once (per-case value, aggregation,
direction, a one-line description in both languages); the runner, the report, the gate
and the UI all read it.

Nothing here calls a model: the runner and the benchmark build `CaseRecord`s from whatever
pipeline they ran, so both are scored by exactly the same code. Rates whose denominator is
empty are None, never 0, so "not measured" cannot pass for "all wrong".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field

from evals.dataset import EvalCase

LANGS = ("ja", "en")
GROUPS = ("ja", "en", "all")
DIRECTIONS = ("ja→ja", "en→en", "en→ja", "ja→en")


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
    first_line: str | None = None  # the answer's first quoted line (or first sentence)
    shown_lines: int | None = None  # quoted lines shown before "more from your notes"

    @classmethod
    def from_answer(cls, case: EvalCase, answer: Any) -> CaseRecord:
        """Build a record from a `core.models.Answer` (duck-typed to keep imports light)."""
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
            first_line=first_line_of(answer),
            shown_lines=sum(1 for q in getattr(answer, "quotes", None) or []
                            if getattr(q, "role", "") != "more") or None,
        )


# --- per-case checks -------------------------------------------------------------------

_FIRST_SENTENCE = re.compile(r"[^。！？.!?\n]+(?:[。！？!?]|\.(?=\s|$)|$)")


def first_line_of(answer: Any) -> str | None:
    """The first quoted line of an extractive answer (with its gloss), else the first
    sentence of the answer text."""
    quotes = getattr(answer, "quotes", None) or []
    if quotes:
        q = quotes[0]
        return " ".join([q.text, *getattr(q, "items", []), q.gloss]).strip()
    m = _FIRST_SENTENCE.search(_CITE_MARK.sub("", answer.answer or ""))
    return m.group(0).strip() if m else None


def source_matches(expected: str, heading: str, source: str) -> bool:
    """``expected`` names a heading or file substring, or "file.md › heading" for both."""
    file_part, sep, heading_part = expected.partition(" › ")
    if sep:
        return file_part.casefold() in source.casefold() and \
            heading_part.casefold() in heading.casefold()
    e = expected.casefold()
    return bool(e) and (e in heading.casefold() or e in source.casefold())


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


# --- the registry: every metric defined once -------------------------------------------

Value = bool | float | None


@dataclass(frozen=True)
class Metric:
    """One metric: its per-case value, how values aggregate, and what it means.

    ``per_case`` returns None where the metric does not apply to a case. ``aggregate``
    is "mean" for rates, or "p50"/"p95" over latencies.
    """

    name: str
    per_case: Callable[[CaseRecord], Value]
    en: str
    ja: str
    aggregate: str = "mean"
    higher_is_better: bool = True
    lists_failures: bool = True  # a case failing it is listed in the report

    @property
    def is_rate(self) -> bool:
        return self.aggregate == "mean"

    def passed(self, rec: CaseRecord) -> bool | None:
        """True = good for this case; None where the metric does not apply."""
        value = self.per_case(rec) if self.is_rate else None
        if value is None:
            return None
        good = bool(value) if not isinstance(value, float) else value > 0
        return good if self.higher_is_better else not good

    def summarize(self, records: Sequence[CaseRecord]) -> float | None:
        values = [v for v in (self.per_case(r) for r in records) if v is not None]
        if self.is_rate:
            return sum(float(v) for v in values) / len(values) if values else None
        return percentile([float(v) for v in values], float(self.aggregate[1:]))


def _answerable(f: Callable[[CaseRecord], Value]) -> Callable[[CaseRecord], Value]:
    return lambda r: f(r) if r.case.answerable else None


def _hit(k: int) -> Callable[[CaseRecord], Value]:
    def value(rec: CaseRecord) -> Value:
        rank = hit_rank(rec)
        return rank is not None and rank <= k
    return _answerable(value)


def _mrr(rec: CaseRecord) -> Value:
    rank = hit_rank(rec)
    return 1 / rank if rank else 0.0


def _latency(rec: CaseRecord) -> Value:
    return rec.latency_ms


REGISTRY: tuple[Metric, ...] = (
    Metric("hit@1", _hit(1), "The right section is the top retrieved passage.",
           "正しいセクションが検索結果の1位にある割合。", lists_failures=False),
    Metric("hit@3", _hit(3), "The right section is among the top 3 passages.",
           "正しいセクションが検索結果の上位3件にある割合。", lists_failures=False),
    Metric("hit@5", _hit(5), "The right section is among the top 5 passages.",
           "正しいセクションが検索結果の上位5件にある割合。"),
    Metric("mrr", _answerable(_mrr), "Mean reciprocal rank of the right section.",
           "正しいセクションの順位の逆数の平均。", lists_failures=False),
    Metric("answer_accuracy", _answerable(answer_correct),
           "Answers that contain the expected fact.", "期待した事実を含む回答の割合。"),
    Metric("first_line_accuracy", _answerable(first_line_correct),
           "The first quoted line alone holds the expected fact (answer first).",
           "最初に引用した1行だけで期待した事実を含む割合（結論が先頭にあるか）。"),
    Metric("citation_accuracy",
           lambda r: citation_correct(r) if r.case.answerable and not r.refused else None,
           "Answered questions that cite the right section.", "回答が正しいセクションを出典にしている割合。"),
    Metric("refusal_accuracy", lambda r: r.refused if not r.case.answerable else None,
           "Questions the notes do not answer that the tutor declines.",
           "ノートに答えがない質問に「記載なし」と答えた割合。"),
    Metric("false_refusal_rate", _answerable(lambda r: r.refused),
           "Answerable questions the tutor wrongly declines (lower is better).",
           "答えられる質問を誤って断った割合（低いほど良い）。", higher_is_better=False),
    Metric("language_match", language_ok, "Answers framed in the question's language.",
           "質問と同じ言語で回答した割合。"),
    Metric("lines_before_fold_p50",
           lambda r: r.shown_lines if r.case.answerable and not r.refused else None,
           "Median number of quoted lines shown before the fold (answer first, ≤ 3).",
           "折りたたみより前に表示する引用行数の中央値（結論を先に、3行以内）。",
           aggregate="p50", higher_is_better=False, lists_failures=False),
    Metric("latency_p50_ms", _latency, "Median time to answer (ms).", "回答時間の中央値（ミリ秒）。",
           aggregate="p50", higher_is_better=False, lists_failures=False),
    Metric("latency_p95_ms", _latency, "95th-percentile time to answer (ms).",
           "回答時間の95パーセンタイル（ミリ秒）。", aggregate="p95", higher_is_better=False,
           lists_failures=False),
)
BY_NAME = {m.name: m for m in REGISTRY}
METRICS = tuple(m.name for m in REGISTRY)
RATE_METRICS = tuple(m.name for m in REGISTRY if m.is_rate)
LATENCY_METRICS = tuple(m.name for m in REGISTRY if not m.is_rate)
LOWER_IS_BETTER = frozenset(m.name for m in REGISTRY if not m.higher_is_better)


def case_passes(rec: CaseRecord) -> dict[str, bool | None]:
    """Per-metric verdict for one case (True = good); None where the metric does not apply."""
    return {m.name: m.passed(rec) for m in REGISTRY if m.is_rate}


# --- aggregation -----------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (q in 0..100), like numpy's default; None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def summarize(records: Sequence[CaseRecord]) -> dict[str, float | None]:
    """Every registered metric over one group of records."""
    return {m.name: m.summarize(records) for m in REGISTRY}


def direction(rec: CaseRecord) -> str | None:
    """"en→ja" for an English question whose answer is in Japanese notes (answerable only)."""
    notes = rec.case.notes_lang
    return f"{rec.case.lang}→{notes}" if rec.case.answerable and notes else None


def summarize_by_lang(records: Sequence[CaseRecord]) -> dict[str, dict[str, float | None]]:
    """{"ja": {...}, "en": {...}, "all": {...}} — the report's "summary"."""
    out = {lang: summarize([r for r in records if r.case.lang == lang]) for lang in LANGS}
    out["all"] = summarize(records)
    return out


def summarize_by_direction(records: Sequence[CaseRecord]) -> dict[str, dict[str, float | None]]:
    """Answerable cases grouped by question language → notes language (when the set says)."""
    groups: dict[str, list[CaseRecord]] = {}
    for r in records:
        d = direction(r)
        if d:
            groups.setdefault(d, []).append(r)
    return {d: summarize(groups[d]) for d in DIRECTIONS if d in groups}


def compare_to_baseline(
    summary: dict[str, dict[str, float | None]],
    baseline_summary: dict[str, dict[str, float | None]],
    tolerance: float = 0.02,
) -> list[str]:
    """Regressions beyond `tolerance`; latency is ignored because machines differ.

    Groups are ja / en / all plus any the baseline has beyond them (directions such as
    "en→ja", so a drop in one direction is not hidden by the average).
    """
    regressions: list[str] = []
    for group in [*GROUPS, *(g for g in baseline_summary if g not in GROUPS)]:
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
