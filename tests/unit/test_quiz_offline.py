"""Offline generator over hand-written notes: coverage, well-formed options, scenarios,
English from any notes, fair grading, shortcut resistance, honest empty states."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from benchmarks.quiz_shortcuts import english_coverage, repeats
from core.settings import Settings
from tests.unit.quiz_kit import EMPTY, quiz_chunks
from tutor.quiz import generate, offline_candidates
from tutor.quiz.assemble import domain_weights, why_empty
from tutor.quiz.checks import Corpus, check_item, check_quiz, heading_key
from tutor.quiz.items import QuizItem, grade
from tutor.quiz.shortcuts import accuracy, choice_pick

S = Settings(llm="extractive")


@pytest.fixture(scope="module")
def chunks():
    return quiz_chunks()


@pytest.fixture(scope="module")
def quizzes(chunks) -> list[list[QuizItem]]:
    return [generate(chunks, settings=S, n=10, seed=s) for s in range(30)]


def test_every_item_passes_the_checks(chunks, quizzes):
    corpus = Corpus(chunks)
    items = [it for q in quizzes for it in q]
    assert {p for it in items for p in check_item(it, corpus)} == set()
    assert all(check_quiz(q) == [] for q in quizzes)


def test_default_quiz_is_the_exams_formats_with_scenarios(quizzes):
    for q in quizzes:
        assert len(q) == 10 and {it.type for it in q} <= {"mcq", "multi"}
        assert sum(it.scenario for it in q) >= 4
        scen = [it for it in q if it.scenario]
        assert all(it.keys[0] in it.explanation or it.type == "multi" for it in scen)


def test_no_fact_twice_in_a_quiz_and_services_spread(quizzes):
    assert sum(repeats(q) for q in quizzes) == 0
    for q in quizzes:
        assert max(Counter(it.service for it in q).values()) <= 3


def test_domains_follow_the_exam_weights_when_unfiltered(quizzes):
    items = [it for q in quizzes for it in q]
    share = Counter(it.domain for it in items)
    weights = domain_weights(set(share))
    for d, w in weights.items():
        assert abs(share[d] / len(items) - w) < 0.12, (d, share, weights)


def test_a_topic_heading_is_never_a_key(chunks):
    corpus = Corpus(chunks)
    assert heading_key("暗号化の設定", corpus) and not heading_key("ロングポーリング", corpus)
    cands = offline_candidates(chunks, random.Random(3))
    assert not [c.item.stem for c in cands if c.item.type != "truefalse"
                and any(heading_key(k, corpus) for k in c.item.keys)]


def test_no_distractor_is_a_negated_key(chunks):
    from tutor.quiz.falsify import negate

    for c in offline_candidates(chunks, random.Random(5)):
        it = c.item
        flipped = {negate(k) for k in it.keys} - {None}
        assert not flipped & set(it.distractors), it.stem


def test_scenario_items_in_both_languages_name_the_need(chunks):
    cands = [c.item for c in offline_candidates(chunks, random.Random(1)) if c.item.scenario]
    langs = Counter(it.lang for it in cands)
    assert langs["ja"] >= 5 and langs["en"] >= 5
    purpose = [it for it in cands if it.lang == "en" and "workflow" not in it.stem
               and it.keys == ["Step Functions"]]
    assert purpose and "Which AWS service" in purpose[0].stem
    assert "(" in purpose[0].stem  # the Japanese need carries a dictionary gloss
    assert all(o not in purpose[0].stem for o in purpose[0].options)


def test_english_items_for_every_service_section_of_japanese_notes():
    covered, missing = english_coverage(quiz_chunks(en=False))
    assert missing == [] and len(covered) >= 6


def test_fair_grading_folds_spelling():
    from tests.unit.test_quiz_items import make

    term = make("cloze", ["All at once"], [0])
    assert grade(term, "all-at-once") and grade(term, "ALL AT ONCE") and grade(term, "allatonce")
    kana = make("cloze", ["サーバー"], [0])
    assert grade(kana, "サーバ") and grade(kana, "ｻｰﾊﾞｰ")
    days = make("cloze", ["14日間", "14 days"], [0, 1])
    assert grade(days, "14 Days") and not grade(days, "7 days")


def test_shortcut_tricks_stay_near_chance(quizzes):
    items = [it for q in quizzes for it in q]
    for (type_, lang), row in accuracy(items, seed=1).items():
        if row["n"] < 50:
            continue
        for trick, acc in row.items():
            if trick not in ("n", "chance", "share_true"):
                assert acc <= row["chance"] + 0.15, (type_, lang, trick, acc)


def test_a_trick_finds_a_planted_shortcut_and_ties_score_chance():
    from tests.unit.test_quiz_items import make

    planted = [make("mcq", ["a much longer key option", "b", "c", "d"], [0]) for _ in range(40)]
    assert accuracy(planted)[("mcq", "ja")]["longest"] == 1.0
    rng = random.Random(0)
    flat = make("mcq", ["aa", "bb", "cc", "dd"], [2])
    hits = sum(choice_pick(flat, "longest", rng) == [2] for _ in range(2000))
    assert 0.2 < hits / 2000 < 0.3


def test_truefalse_drill_keys_balanced(chunks):
    tf = [it for s in range(10) for it in generate(chunks, settings=S, n=6, seed=s,
                                                    types=["truefalse"])]
    true_share = sum(it.answer == [0] for it in tf) / len(tf)
    assert len(tf) >= 40 and 0.4 <= true_share <= 0.6


def test_empty_service_says_the_heading_has_no_content(chunks):
    assert generate(chunks, settings=S, n=5, service="MQ", seed=1) == []
    msg = why_empty("en", "MQ", chunks, EMPTY)
    assert "MQ heading" in msg and "no content" in msg and "Notes tab" in msg
    assert "見出し" in why_empty("ja", "Amazon MQ", chunks, EMPTY)
    assert "nothing about" in why_empty("en", "Kinesis", chunks, EMPTY)


def test_same_seed_same_quiz(chunks):
    a = generate(chunks, settings=S, n=8, seed=3)
    b = generate(chunks, settings=S, n=8, seed=3)
    c = generate(chunks, settings=S, n=8, seed=4)
    assert [i.model_dump() for i in a] == [i.model_dump() for i in b]
    assert [i.stem for i in a] != [i.stem for i in c]


def test_filters(chunks):
    sqs = generate(chunks, settings=S, n=5, service="sqs", lang="en", seed=1)
    assert sqs and all(it.service == "SQS" and it.lang == "en" for it in sqs)
    cloze = generate(chunks, settings=S, n=4, types=["cloze"], seed=1)
    assert len(cloze) == 4 and all(it.type == "cloze" for it in cloze)


def test_aliases_in_parentheses_are_accepted():
    from tutor.quiz.offline import aliases

    assert aliases("GSI（グローバルセカンダリインデックス）") == ["GSI", "グローバルセカンダリインデックス"]
    assert aliases("ASL (Amazon States Language)") == ["ASL", "Amazon States Language"]
    assert aliases("FIFOキュー") == []


def test_an_exam_guide_yields_items_about_the_exam_but_no_service_answer():
    from core.models import Chunk
    from ingest.chunk import chunk_sections
    from ingest.load import markdown_sections

    guide = ("# DVA-C02 Exam Guide\n## Exam format\n- The exam has 65 questions in total.\n"
             "- The exam duration is 130 minutes.\n## Scoring\n- The minimum passing score is 720.\n")
    chunks: list[Chunk] = chunk_sections(markdown_sections(guide, "guide/exam-guide.en.md"), 600, 1)
    items = [c.item for c in offline_candidates(chunks + quiz_chunks(), random.Random(0))]
    exam = [it for it in items if it.service == "DVA-C02"]
    assert {k for it in exam if it.type == "mcq" for k in it.keys} >= {"130 minutes", "720"}
    assert not [it for it in items if "DVA-C02" in it.options]
