"""Offline generator over the shipped notes (chunked like ingest does, no index needed)."""
# ruff: noqa: E501

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import pytest

from core.models import Chunk
from core.settings import REPO_ROOT, Settings
from ingest.chunk import chunk_sections
from ingest.load import markdown_sections
from tutor.quiz import generate
from tutor.quiz.checks import Corpus, balanced, check_item, check_quiz, position_counts
from tutor.quiz.items import ITEM_TYPES
from tutor.quiz.numbers import parse_one, same

NOTES = REPO_ROOT / "corpus" / "notes" / "dva-notes.ja.md"


@lru_cache(maxsize=1)
def _chunks() -> tuple[Chunk, ...]:
    s = Settings()
    sections = markdown_sections(NOTES.read_text(encoding="utf-8"), "notes/dva-notes.ja.md")
    return tuple(chunk_sections(sections, s.chunk_chars, s.chunk_overlap))


@pytest.fixture
def chunks() -> list[Chunk]:
    return list(_chunks())


@pytest.fixture(scope="module")
def run200() -> list:
    return generate(list(_chunks()), settings=Settings(), n=200, seed=2024,
                    types=list(ITEM_TYPES))


def test_200_item_run_passes_every_check(run200, chunks):
    assert len(run200) == 200
    corpus = Corpus(chunks)
    failures = {it.stem: check_item(it, corpus) for it in run200 if check_item(it, corpus)}
    assert failures == {}
    assert check_quiz(run200) == []
    assert len({it.stem for it in run200}) == 200


def test_key_positions_are_balanced(run200):
    mcq = position_counts(run200, "mcq")
    assert sum(mcq) >= 20 and balanced(mcq)
    multi = position_counts(run200, "multi")
    assert balanced(multi)
    truth = Counter(it.answer[0] for it in run200 if it.type == "truefalse")
    assert abs(truth[0] - truth[1]) <= 2


def test_key_is_not_systematically_longest(run200):
    mcq = [it for it in run200 if it.type == "mcq"]
    longest = sum(len(it.keys[0]) > max(map(len, it.distractors)) for it in mcq)
    assert longest / len(mcq) < 0.5


def test_every_type_language_and_difficulty_occurs(run200, chunks):
    kinds = Counter((it.type, it.lang) for it in _all(chunks, types=list(ITEM_TYPES)))
    for type_ in ("mcq", "truefalse", "cloze"):
        assert kinds[(type_, "ja")] > 0 and kinds[(type_, "en")] > 0
    assert kinds[("multi", "ja")] > 0
    assert {it.difficulty for it in run200} >= {"easy", "medium", "hard"}
    assert {it.domain for it in run200} <= {1, 2, 3, 4}


def test_items_cite_and_quote_their_chunk(run200):
    for it in run200:
        cite = it.citations[0]
        assert f"[1] {cite.source} › {cite.heading}" in it.explanation
        assert cite.source == "notes/dva-notes.ja.md"
        assert it.evidence.split(" / ")[0] in it.explanation


def test_same_seed_same_quiz_other_seed_other_quiz(chunks):
    s = Settings()
    a = generate(chunks, settings=s, n=15, seed=3)
    b = generate(chunks, settings=s, n=15, seed=3)
    c = generate(chunks, settings=s, n=15, seed=4)
    assert [i.model_dump() for i in a] == [i.model_dump() for i in b]
    assert [i.stem for i in a] != [i.stem for i in c]


def test_filters(chunks):
    s = Settings()
    sqs = generate(chunks, settings=s, n=20, service="sqs", lang="en", seed=1)
    assert sqs and all(it.service == "SQS" and it.lang == "en" for it in sqs)
    d4 = generate(chunks, settings=s, n=10, domain=4, difficulty="easy", seed=1)
    assert d4 and all(it.domain == 4 and it.difficulty == "easy" for it in d4)
    cloze = generate(chunks, settings=s, n=5, types=["cloze"], seed=1)
    assert len(cloze) == 5 and all(it.type == "cloze" for it in cloze)
    assert generate(chunks, settings=s, n=5, service="DynamoDB", seed=1) == []


def _all(chunks, **kw):
    return generate(chunks, settings=Settings(), n=2000, seed=0, **kw)


def test_sqs_max_message_size_item(chunks):
    items = [it for it in _all(chunks, types=["mcq"], lang="ja")
             if "「メッセージの最大サイズ（　）」" in it.stem]
    assert len(items) == 1
    it = items[0]
    assert it.keys == ["256KB"]
    key = parse_one("256KB")
    others = [parse_one(d) for d in it.distractors]
    assert all(q is not None and q.family == "size" and not same(q, key) for q in others)
    assert it.difficulty == "medium" and it.service == "SQS"


def test_standard_and_fifo_prices_are_distractors_only_across_contexts(chunks):
    for it in _all(chunks, service="SQS", types=["mcq"], lang="ja"):
        if "100万件ごとに（　）" in it.stem and "›" in it.stem:
            key = it.keys[0]
            assert key == ("0.4USD" if "スタンダードキュー" in it.stem else "0.5USD")
            assert key not in it.distractors


def test_definition_item_names_the_service(chunks):
    items = [it for it in _all(chunks, lang="en", types=["mcq"]) if "= orchestration" in it.stem]
    assert items and items[0].keys == ["Step Functions"]
    assert "SWF" not in items[0].options  # SWF is "very similar" per the notes: too close
    assert items[0].difficulty == "easy"


def test_default_quizzes_meet_the_issue_12_bar(chunks):
    from benchmarks.quiz_shortcuts import repeats
    from tutor.quiz.checks import heading_key
    from tutor.quiz.shortcuts import accuracy

    corpus = Corpus(chunks)
    runs = [generate(chunks, settings=Settings(), n=10, seed=s) for s in range(50)]
    assert sum(repeats(q) for q in runs) == 0
    assert not [k for q in runs for it in q for k in it.keys if heading_key(k, corpus)]
    assert min(sum(it.scenario for it in q) for q in runs) >= 4
    for row in accuracy([it for q in runs[:40] for it in q], seed=11).values():
        if row["n"] >= 50:
            tricks = {k: v for k, v in row.items() if k not in ("n", "chance", "share_true")}
            assert max(tricks.values()) <= row["chance"] + 0.10, row


def test_seed_reproduces_across_processes():
    """No set or hash order leaks into a quiz: another interpreter, the same quiz."""
    import os
    import subprocess
    import sys

    code = ("from tests.integration.test_quiz_shipped import _chunks\n"
            "from tutor.quiz import generate\nfrom tutor.quiz.export import to_json\n"
            "from core.settings import Settings\n"
            "print(to_json(generate(list(_chunks()), settings=Settings(), n=30, seed=9)))")
    outs = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(REPO_ROOT)}
        outs.append(subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO_ROOT,
                                   capture_output=True, text=True, check=True).stdout)
    assert outs[0] == outs[1] and outs[0].startswith("[")


GEN = REPO_ROOT / "evals" / "corpora" / "gen" / "notes"


@pytest.mark.skipif(not GEN.is_dir(), reason="generalization corpus not in this checkout")
def test_english_items_for_every_section_of_notes_we_did_not_write():
    from benchmarks.quiz_shortcuts import english_coverage, load_corpus

    covered, missing = english_coverage(load_corpus(GEN, Settings()))
    assert missing == [] and len(covered) >= 10
