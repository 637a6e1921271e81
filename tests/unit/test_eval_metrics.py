"""Every metric on tiny hand-made records, where the right number is obvious."""

from __future__ import annotations

import pytest

from core.models import Answer, Citation, Quote
from evals.checks import hit_rank, strip_quotes, text_in_language
from evals.dataset import EvalCase
from evals.metrics import METRICS, case_passes, compare_to_baseline, percentile, summarize, summarize_by_lang
from evals.record import CaseRecord, CitedChunk

SQS = "Developer associate > アプリケーション統合 > Amazon Simple Queue Service (Amazon SQS)"
SNS = "Developer associate > アプリケーション統合 > Amazon Simple Notification Service (Amazon SNS)"
LAMBDA = "Developer associate > コンピューティング > AWS Lambda"
NOTES = "notes/dva-notes.ja.md"
JA_TEXT = "SQS は最大14日間キューにデータを保存する [1]"


def make_case(lang: str = "ja", answerable: bool = True, **kw: object) -> EvalCase:
    data: dict = {
        "id": kw.pop("id", f"c-{lang}"),
        "lang": lang,
        "question": "q",
        "reference": "r",
        "must_include": [r"14\s*(日|days?)"] if answerable else [],
        "sources": ["Amazon Simple Queue Service"] if answerable else [],
        "answerable": answerable,
    }
    return EvalCase.model_validate({**data, **kw})


def record(case: EvalCase | None = None, **kw: object) -> CaseRecord:
    case = case or make_case()
    data: dict = {
        "case": case,
        "answer": JA_TEXT if case.lang == "ja" else "SQS keeps messages for up to 14 days [1].",
        "language": case.lang,
        "citations": [
            CitedChunk(heading=SQS, source=NOTES, text="最大14日間キューにデータを保存する")
        ],
        "retrieved": [SQS],
        "retrieved_sources": [NOTES],
        "latency_ms": 100.0,
    }
    return CaseRecord(**{**data, **kw})


def test_japanese_regex_matches_japanese_answer() -> None:
    rec = record(answer="最大14日間キューにデータを保存する")
    assert summarize([rec])["answer_accuracy"] == 1.0
    assert summarize([record(answer="最大4日間")])["answer_accuracy"] == 0.0


def test_must_include_is_case_insensitive_and_all_must_match() -> None:
    case = make_case(lang="en", must_include=["visibility timeout", r"\b30\b"])
    assert case_passes(record(case, answer="The VISIBILITY TIMEOUT defaults to 30 s"))[
        "answer_accuracy"
    ]
    assert not case_passes(record(case, answer="The visibility timeout is long"))["answer_accuracy"]


def test_refused_answer_is_never_accurate_even_if_it_matches() -> None:
    rec = record(refused=True)
    s = summarize([rec])
    assert s["answer_accuracy"] == 0.0
    assert s["false_refusal_rate"] == 1.0
    assert s["citation_accuracy"] is None  # no answered cases


def test_hit_at_k_and_mrr() -> None:
    first = record(retrieved=[SQS, SNS], retrieved_sources=[NOTES, NOTES])
    third = record(retrieved=[SNS, LAMBDA, SQS], retrieved_sources=[NOTES] * 3)
    missed = record(retrieved=[SNS, LAMBDA], retrieved_sources=[NOTES] * 2)
    assert [hit_rank(r) for r in (first, third, missed)] == [1, 3, None]
    s = summarize([first, third, missed])
    assert s["hit@1"] == pytest.approx(1 / 3)
    assert s["hit@3"] == pytest.approx(2 / 3)
    assert s["hit@5"] == pytest.approx(2 / 3)
    assert s["mrr"] == pytest.approx((1 + 1 / 3 + 0) / 3)


def test_hit_by_source_path() -> None:
    case = make_case(sources=["exam-guide/"])
    rec = record(case, retrieved=[SNS, "Domain 1"], retrieved_sources=[NOTES, "exam-guide/g.md"])
    assert hit_rank(rec) == 2


def test_citation_accuracy_needs_a_matching_citation() -> None:
    good = record()
    bad = record(citations=[CitedChunk(heading=SNS, source=NOTES, text="x")])
    none = record(citations=[])
    assert summarize([good, bad, none])["citation_accuracy"] == pytest.approx(1 / 3)


def test_refusal_metrics() -> None:
    refusal = "ノートには記載がありません。"
    recs = [
        record(make_case(answerable=False, id="u1"), refused=True, answer=refusal),
        record(make_case(answerable=False, id="u2"), refused=True, answer=refusal),
        record(make_case(answerable=False, id="u3"), refused=False),
        record(make_case(id="a1"), refused=False),
        record(make_case(id="a2"), refused=True, answer=refusal),
    ]
    s = summarize(recs)
    assert s["refusal_accuracy"] == pytest.approx(2 / 3)  # over unanswerable only
    assert s["false_refusal_rate"] == 0.5  # over answerable only
    # Retrieval and accuracy are over answerable cases only.
    assert s["hit@1"] == 1.0
    assert s["answer_accuracy"] == 0.5


def test_metrics_without_applicable_cases_are_none_not_zero() -> None:
    s = summarize([record()])  # one answerable case, nothing unanswerable
    assert s["refusal_accuracy"] is None
    empty = summarize([])
    assert all(empty[m] is None for m in METRICS)


def test_summary_by_lang_splits_groups() -> None:
    ja = record(make_case("ja", id="j"))
    en_bad = record(make_case("en", id="e"), answer="It keeps them for a week [1].")
    out = summarize_by_lang([ja, en_bad])
    assert set(out) == {"ja", "en", "all"}
    assert set(out["all"]) == set(METRICS)
    assert out["ja"]["answer_accuracy"] == 1.0
    assert out["en"]["answer_accuracy"] == 0.0
    assert out["all"]["answer_accuracy"] == 0.5


def test_latency_percentiles() -> None:
    recs = [
        record(make_case(id=str(i)), latency_ms=float(ms))
        for i, ms in enumerate(range(10, 110, 10))
    ]
    s = summarize(recs + [record(make_case(id="x"), latency_ms=None)])
    assert s["latency_p50_ms"] == pytest.approx(55.0)
    assert s["latency_p95_ms"] == pytest.approx(95.5)
    assert percentile([], 50) is None
    assert percentile([7.0], 95) == 7.0


# --- language ---------------------------------------------------------------------------


def test_japanese_text_needs_kana() -> None:
    assert text_in_language("最大14日間キューにデータを保存する", "ja")
    assert not text_in_language("SQS keeps messages for 14 days", "ja")
    assert not text_in_language("最大十四日間保存", "ja")  # kanji only: could be Chinese


def test_english_text_ignores_quoted_japanese() -> None:
    text = "The notes say 「最大14日間キューにデータを保存する」, so the answer is 14 days [1]."
    assert text_in_language(text, "en")
    assert not text_in_language("答えは14日です。SQS", "en")


def test_english_text_ignores_cited_passages_and_blockquotes() -> None:
    passage = "Amazon SQS\n- 最大14日間キューにデータを保存する\n- 可視性タイムアウトの既定値は30秒"
    answer = (
        "According to the notes:\n最大14日間キューにデータを保存する [1]\n"
        "> 可視性タイムアウト\nSo: 14 days."
    )
    assert "最大" not in strip_quotes(answer, [passage])
    assert text_in_language(answer, "en", [passage])
    assert not text_in_language(answer, "en")  # without the passage the Japanese line counts


def test_english_answer_that_is_only_quotes_has_no_english_framing() -> None:
    assert not text_in_language("「最大14日間キューにデータを保存する」", "en")


def test_language_match_also_checks_declared_language() -> None:
    wrong_flag = record(make_case("en"), language="ja")
    right = record(make_case("en"))
    assert summarize([wrong_flag, right])["language_match"] == 0.5


def test_case_passes_marks_inapplicable_metrics_none() -> None:
    verdicts = case_passes(
        record(make_case(answerable=False), refused=True, answer="記載がありません")
    )
    assert verdicts["refusal_accuracy"] is True
    assert verdicts["answer_accuracy"] is None
    assert verdicts["hit@1"] is None
    assert verdicts["language_match"] is True


def test_record_from_answer() -> None:
    answer = Answer(
        question="q",
        language="ja",
        answer=JA_TEXT,
        citations=[Citation(n=1, source=NOTES, heading=SQS, text="最大14日間")],
        retrieved=[SNS, SQS],
        timings_ms={"total": 42.0, "retrieve": 10.0},
    )
    rec = CaseRecord.from_answer(make_case(), answer)
    assert rec.latency_ms == 42.0
    assert hit_rank(rec) == 2
    assert case_passes(rec)["citation_accuracy"] is True


def test_lines_before_fold_counts_lead_and_support_only() -> None:
    from evals.metrics import BY_NAME

    def answered(roles: list[str]) -> CaseRecord:
        quotes = [Quote(text=f"line {i}", n=1, role=r) for i, r in enumerate(roles)]
        answer = Answer(question="q", language="ja", answer=JA_TEXT, quotes=quotes)
        return CaseRecord.from_answer(make_case(), answer)

    recs = [answered(["lead", "more", "more"]), answered(["lead", "support", "support"]),
            answered(["lead", "support", "more"])]
    assert [r.shown_lines for r in recs] == [1, 3, 2]
    assert BY_NAME["lines_before_fold_p50"].summarize(recs) == 2
    refused = record(refused=True, shown_lines=1)
    assert BY_NAME["lines_before_fold_p50"].per_case(refused) is None


# --- gate -------------------------------------------------------------------------------


def test_compare_to_baseline_tolerance_and_direction() -> None:
    base = {"all": {"answer_accuracy": 0.80, "false_refusal_rate": 0.10, "latency_p50_ms": 10.0}}
    ok = {"all": {"answer_accuracy": 0.785, "false_refusal_rate": 0.115, "latency_p50_ms": 999.0}}
    assert compare_to_baseline(ok, base) == []
    bad = {"all": {"answer_accuracy": 0.70, "false_refusal_rate": 0.20, "latency_p50_ms": 10.0}}
    regressions = compare_to_baseline(bad, base)
    assert len(regressions) == 2
    assert any("answer_accuracy" in r for r in regressions)
    assert any("false_refusal_rate" in r for r in regressions)
    # A metric missing on either side is not a regression.
    assert compare_to_baseline({"all": {"answer_accuracy": None}}, base) == []
