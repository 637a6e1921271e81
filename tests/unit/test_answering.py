"""The tuned core, pinned on small hand-written notes (no real index): fusion, retrieval
across languages, line selection, the refusal decision, and the answer-first layout."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from notes_kit import tutor as make_tutor

from core.settings import Settings
from tutor.asks import asked_counter, wanted_units
from tutor.refusal import decide
from tutor.retrieve import make_query, rrf, search
from tutor.select import select


@pytest.fixture(scope="module")
def tutor():  # noqa: ANN201
    return make_tutor(Settings(llm="extractive"))


def test_rrf_rewards_agreement_between_rankings() -> None:
    dense = [(1, 0.9), (2, 0.8), (3, 0.7)]
    keyword = [(3, 9.0), (1, 5.0)]
    fused = rrf([dense, keyword], k=60)
    assert max(fused, key=fused.get) == 1  # 1st and 2nd beats 3rd and 1st
    assert fused[3] > fused[2]  # listed twice beats listed once
    assert fused[1] == pytest.approx(1 / 61 + 1 / 62)


def _ask(tutor, question: str, lang: str):  # noqa: ANN001, ANN202
    query = make_query(tutor.index, question, lang)
    hits = search(tutor.index, query)
    return query, hits, select(query, hits, tutor.index, tutor.scorer)


@pytest.mark.parametrize(("question", "lang", "heading"), [
    ("What is the API Gateway integration timeout?", "en", "Amazon API Gateway"),
    ("API Gatewayの統合タイムアウトは最大何秒？", "ja", "Amazon API Gateway"),
    ("How many global secondary indexes can a DynamoDB table have?", "en", "Amazon DynamoDB"),
    ("KMSで直接暗号化できるサイズの上限は？", "ja", "AWS KMS"),
])
def test_search_reaches_the_section_whatever_the_question_language(
        tutor, question: str, lang: str, heading: str) -> None:  # noqa: ANN001
    _, hits, _ = _ask(tutor, question, lang)
    assert heading in hits[0].chunk.heading


@pytest.mark.parametrize(("question", "lang", "fact"), [
    ("API Gatewayの統合タイムアウトは最大何秒？", "ja", "29 seconds"),
    ("How many GSIs can a DynamoDB table have by default?", "en", "20個"),
    ("What is the largest payload KMS can encrypt directly?", "en", "4KB"),
    ("X-Rayのデーモンは何番ポートで待ち受ける？", "ja", "2000"),
])
def test_the_first_selected_line_holds_the_fact(tutor, question: str, lang: str,
                                                fact: str) -> None:  # noqa: ANN001
    _, _, selection = _ask(tutor, question, lang)
    lead = selection.picks[0].unit
    assert fact in " ".join([lead.text, *lead.children])


def test_question_units_are_read_in_both_languages() -> None:
    assert "second" in wanted_units("最大何秒ですか") and "second" in wanted_units("How many seconds?")
    assert "size" in wanted_units("What is the max size?")


@pytest.mark.parametrize(("question", "line", "match"), [
    ("試験は全部で何問ですか？", "問題数は 65 問です。", True),
    ("試験は全部で何問ですか？", "試験時間は 130 分です。", False),
    ("How many shards does the stream need?", "Each stream has 4 shards", True),
    ("How many shards does the stream need?", "Retention is 24 hours", False),
    ("何がありますか？", "65 問", None),
])
def test_the_asked_counter_finds_numbers_in_that_counter(question: str, line: str,
                                                         match: bool | None) -> None:
    counter = asked_counter(question)
    if match is None:
        assert counter is None
    else:
        assert bool(counter.search(line)) is match


@pytest.mark.parametrize(("question", "lang", "refuse", "reason"), [
    ("How do I bake sourdough bread?", "en", True, "not in the notes"),
    ("美味しいカレーの作り方は？", "ja", True, "not in the notes"),
    ("RDSのリードレプリカは最大何個？", "ja", True, "empty section"),
    ("DynamoDBのTTLを設定するとどうなる？", "ja", False, ""),
    ("Are X-Ray annotations indexed?", "en", False, ""),
    # a count of something else (requests, seconds) does not answer "how many stages"
    ("How many stages can one API Gateway API have?", "en", True, "no figure"),
    ("DynamoDBのGSIはテーブルごとに何個まで作れる？", "ja", False, ""),
    ("How many GSIs can one DynamoDB table have?", "en", False, ""),
])
def test_refusal_decision(tutor, question: str, lang: str, refuse: bool,
                          reason: str) -> None:  # noqa: ANN001
    query, hits, selection = _ask(tutor, question, lang)
    decision = decide(query, hits, selection, tutor.scorer, tutor.uncovered, tutor.index)
    assert decision.refuse is refuse and decision.reason == reason
    if reason == "empty section":
        assert decision.empty_topics == ["RDS"]


def test_answer_leads_with_the_fact_and_cites_it(tutor) -> None:  # noqa: ANN001
    answer = tutor.answer("How long can an API Gateway integration run at most?")
    assert not answer.refused and answer.language == "en"
    assert answer.quotes[0].role == "lead" and "29 seconds" in answer.quotes[0].text
    assert answer.citations[0].source == "notes/serverless.en.md"
    assert answer.quotes[0].text in answer.citations[0].quotes
    assert answer.answer.splitlines()[1].startswith("**")  # the lead line comes first


def test_english_question_over_japanese_notes_gets_english_glosses(tutor) -> None:  # noqa: ANN001
    answer = tutor.answer("What is the maximum number of GSIs per table?")
    lead = answer.quotes[0]
    assert "20個" in " ".join([lead.text, *lead.items]) and lead.gloss
    assert answer.answer.startswith("From your notes")


@pytest.mark.parametrize(("question", "lang", "absent"), [
    ("Route 53の加重ルーティングの使い方は？", "ja", ["Route 53"]),
    ("What is the maximum request timeout on Google Cloud Run?", "en", ["Google Cloud"]),
    ("Is the batch size of a trigger limited?", "en", []),  # "batch" is a word, not AWS Batch
    ("DynamoDBのTTLを設定するとどうなる？", "ja", []),
])
def test_a_question_naming_what_the_notes_never_mention_is_refused_by_name(
        tutor, question: str, lang: str, absent: list[str]) -> None:  # noqa: ANN001
    from tutor.refusal import absent_names, refusal_text

    assert absent_names(question, tutor.index) == absent
    if absent:
        query, hits, selection = _ask(tutor, question, lang)
        decision = decide(query, hits, selection, tutor.scorer, tutor.uncovered, tutor.index)
        assert decision.refuse and decision.reason == "absent"
        assert absent[0] in refusal_text(lang, hits, decision)


def test_a_question_far_from_the_notes_gets_no_closest_topics(tutor) -> None:  # noqa: ANN001
    # the sections nearest to a cooking question are not near it: naming them misleads
    from tutor.refusal import refusal_text

    query, hits, selection = _ask(tutor, "What is the best recipe for pasta carbonara?", "en")
    decision = decide(query, hits, selection, tutor.scorer, tutor.uncovered, tutor.index)
    assert decision.refuse and decision.far
    assert refusal_text("en", hits, decision) == "The notes don't cover this."
    near = dataclasses.replace(decision, far=False)
    assert "Closest topics" in refusal_text("en", hits, near)


def test_a_label_lines_items_count_as_its_support(tutor) -> None:  # noqa: ANN001
    """An empty-section service named in passing ("on EC2") is not refused when the best
    line is a label whose items cover what is asked: the items are what the learner sees."""
    from tutor.gaps import line_support

    label = next(u for u in tutor.index.units if u.text.startswith("グローバルセカンダリ"))
    terms = [("最大", 1.0, {"最大"}), ("作成", 1.0, {"作成"})]
    assert line_support(terms, label) == 0.0
    assert line_support(terms, label, items=True) == 1.0


def test_a_question_about_nothing_but_an_empty_section_is_refused(
        tutor, monkeypatch) -> None:  # noqa: ANN001
    import tutor.refusal as refusal

    weights = np.zeros(len(refusal.SIGNALS))
    weights[-1] = np.log(0.05 / 0.95)  # the classifier is sure it is answerable
    monkeypatch.setattr(refusal, "model", lambda: (weights, 0.9))
    query, hits, selection = _ask(tutor, "What is Amazon RDS?", "en")
    decision = decide(query, hits, selection, tutor.scorer, tutor.uncovered, tutor.index)
    assert decision.refuse and decision.reason == "empty section"


def test_a_services_own_names_are_not_details_of_it(tutor) -> None:  # noqa: ANN001
    from tutor.gaps import detail_terms

    question = "Does an Application Load Balancer keep the client IP?"
    query, _, _ = _ask(tutor, question, "en")
    words = {t for t, _, _ in detail_terms(query, tutor.scorer, ["ELB"], tutor.index)}
    assert words and not words & {"applic", "application", "load", "balanc", "balancer"}
    assert {"client", "ip"} & words


@pytest.mark.parametrize(("question", "lang", "words"), [
    ("How long can an API Gateway integration run at most?", "en", "check the quoted lines"),
    ("API Gatewayの統合タイムアウトは最大何秒？", "ja", "引用した行を確かめて"),
])
def test_an_answer_the_classifier_doubts_tells_the_learner_to_check_it(
        tutor, monkeypatch: pytest.MonkeyPatch, question: str, lang: str, words: str) -> None:  # noqa: ANN001
    import tutor.chain as chain
    from tutor.refusal import DOUBT, Decision

    real = chain.decide  # the hand-written notes' hash embedder leaves every answer in doubt

    def decided(doubt: float):  # noqa: ANN202
        return lambda *a, **k: dataclasses.replace(real(*a, **k), doubt=doubt)

    monkeypatch.setattr(chain, "decide", decided(DOUBT - 0.01))
    sure = tutor.answer(question)
    assert not sure.refused and not any(words in n for n in sure.notices)
    monkeypatch.setattr(chain, "decide", decided(DOUBT))
    doubted = tutor.answer(question)
    assert not doubted.refused and doubted.language == lang
    assert doubted.quotes == sure.quotes  # the same answer, with the notice
    assert any(words in n for n in doubted.notices)
    assert not Decision(True, "not in the notes", [], 0.0, doubt=0.99).doubtful  # refused


@pytest.mark.parametrize(("question", "shown"), [
    # the throttling and timeout figures are about requests and seconds, not about stages
    ("How many stages can one API Gateway API have at most?", False),
    ("What is the maximum integration timeout of API Gateway?", True),
])
def test_a_doubted_figure_question_needs_a_figure_of_what_it_asks(
        tutor, question: str, shown: bool) -> None:  # noqa: ANN001
    from tutor.refusal import FIGURE_DOUBT, figure_shown

    query = make_query(tutor.index, question, "en")
    selection = select(query, search(tutor.index, query), tutor.index, tutor.scorer)
    # not in doubt: any shown figure will do; in doubt: the figure must be of what is asked
    assert figure_shown(query, selection, tutor.scorer, tutor.index, FIGURE_DOUBT - 0.1)
    assert figure_shown(query, selection, tutor.scorer, tutor.index, FIGURE_DOUBT) is shown
