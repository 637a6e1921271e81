"""The checks catch the failure modes: unsupported key, true distractor, stated 'false'."""

from __future__ import annotations

import pytest

from core.models import Chunk
from tutor.quiz.checks import Corpus, balanced, check_item, check_quiz, chi_square
from tutor.quiz.items import QuizItem, citation_for

SQS = Chunk(id="c1", source="notes/dva-notes.ja.md",
            heading="アプリケーション統合 > Amazon Simple Queue Service (Amazon SQS)",
            text="アプリケーション統合 > Amazon Simple Queue Service (Amazon SQS)\n"
                 "- メッセージの最大サイズ256KB\n- 最大14日間キューにデータを保存する\n"
                 "- スタンダードキュー\n    - 100万件をこえた場合、100万件ごとに0.4USD\n"
                 "- FIFOキュー\n    - 100万件をこえた場合、100万件ごとに0.5USD\n"
                 "- 遅延キューとメッセージタイマー\n    - メッセージタイマーはFIFOは未サポート",
            services=["SQS"], domains=[1])
SFN = Chunk(id="c2", source="notes/dva-notes.ja.md",
            heading="アプリケーション統合 > AWS Step Functions",
            text="アプリケーション統合 > AWS Step Functions\n- オーケストレーションを行うためのサービス",
            services=["Step Functions"], domains=[1])


@pytest.fixture
def corpus() -> Corpus:
    return Corpus([SQS, SFN])


def item(**kw) -> QuizItem:
    chunk = kw.pop("chunk", SQS)
    base = dict(id="x", type="mcq", lang="ja", stem="Amazon SQSのメッセージの最大サイズは？",
                options=["256KB", "64KB", "1MB", "2MB"], answer=[0],
                explanation=f"ノートより [1] {chunk.source} › {chunk.heading}",
                citations=[citation_for(chunk)], service="SQS", domain=1, difficulty="medium",
                evidence="メッセージの最大サイズ256KB")
    base.update(kw)
    return QuizItem(**base)


def test_good_item_passes(corpus):
    assert check_item(item(), corpus) == []


def test_unsupported_key_fails(corpus):
    bad = item(options=["512KB", "64KB", "1MB", "2MB"], evidence="メッセージの最大サイズ256KB")
    assert any("key not supported" in p for p in check_item(bad, corpus))


def test_distractor_equal_to_key_in_other_unit_fails(corpus):
    bad = item(options=["256KB", "0.25MB", "1MB", "2MB"])
    assert any("distractor is true" in p for p in check_item(bad, corpus))


def test_distractor_true_in_same_context_fails_but_other_context_is_fine(corpus):
    stem = "Amazon SQS › スタンダードキュー: 100万件をこえた場合、100万件ごとに（　）"
    ev = "100万件をこえた場合、100万件ごとに0.4USD"
    ok = item(stem=stem, options=["0.4USD", "0.5USD", "0.3USD", "1USD"], evidence=ev)
    assert check_item(ok, corpus) == []  # 0.5USD is the FIFO price, wrong for standard
    same = item(stem=stem, options=["0.4USD", "0.4 USD", "0.3USD", "1USD"], evidence=ev)
    assert check_item(same, corpus)


def test_service_distractor_whose_notes_state_the_definition_fails(corpus):
    ev = "オーケストレーションを行うためのサービス"
    ok = item(chunk=SFN, stem=f"次の説明に当てはまるAWSサービスはどれか。「{ev}」",
              options=["Step Functions", "SQS", "CodeBuild", "X-Ray"], evidence=ev,
              service="Step Functions")
    assert check_item(ok, corpus) == []
    dup = Chunk(**{**SQS.model_dump(), "id": "c3", "text": SQS.text + "\n- " + ev})
    assert any("distractor is true" in p for p in check_item(ok, Corpus([dup, SFN])))


def test_false_statement_stated_in_notes_fails(corpus):
    ev = "メッセージタイマーはFIFOは未サポート"
    tf = item(type="truefalse", options=["○", "×"], answer=[1],
              stem=f"［Amazon SQS］{ev} (○/×)", evidence=ev)
    assert any("'false' claim is stated" in p for p in check_item(tf, corpus))
    flipped = tf.model_copy(update={"stem": "［Amazon SQS］メッセージタイマーはFIFOもサポートされる (○/×)"})
    assert check_item(flipped, corpus) == []


def test_evidence_must_come_from_the_cited_chunk(corpus):
    bad = item(evidence="メッセージの最大サイズ1MB", options=["1MB", "64KB", "512KB", "2MB"])
    problems = check_item(bad, corpus)
    assert any("evidence" in p for p in problems) and any("key not" in p for p in problems)


def test_shape_and_giveaway(corpus):
    assert check_item(item(options=["256KB", "64KB", "1MB"]), corpus)
    assert any("gives the key away" in p for p in
               check_item(item(stem="256KBより大きいものは？"), corpus))


def test_chi_square_and_quiz_checks():
    assert balanced([25, 25, 25, 25]) and not balanced([10, 60, 15, 15])
    stat, _ = chi_square([10, 60, 15, 15])
    assert stat > 7.815
    skewed = [item(id=str(i), stem=f"q{i}", options=["a", "b", "c", "d"], answer=[1])
              for i in range(20)]
    assert any("unbalanced" in p for p in check_quiz(skewed))
    assert any("duplicate stem" in p for p in check_quiz([item(), item()]))
