"""Eval metrics: one registry, each metric defined once (per-case value, aggregation,
direction, a one-line description in both languages); the runner, the report, the gate
and the UI all read it.

Nothing here calls a model: metrics read `CaseRecord`s (evals.record) through the
per-case checks (evals.checks). Rates whose denominator is empty are None, never 0, so
"not measured" cannot pass for "all wrong".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from evals.checks import answer_correct, citation_correct, first_line_correct, hit_rank, language_ok
from evals.record import CaseRecord

LANGS = ("ja", "en")
GROUPS = ("ja", "en", "all")
DIRECTIONS = ("ja→ja", "en→en", "en→ja", "ja→en")


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
