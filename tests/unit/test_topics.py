"""A question about a service is answered from lines about it, not from a passing mention."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from core.tokenize import tokenize
from tutor.gaps import shown_about
from tutor.refusal import Decision, refusal_text
from tutor.subjects import topic_services


@pytest.mark.parametrize(("question", "topics"), [
    ("SQSの可視性タイムアウトってデフォルト何秒？", ["SQS"]),
    ("How do SNS subscription filter policies work?", ["SNS"]),
    ("AWS Lambda のメモリは最大いくつ？", ["Lambda"]),
    # "how long / how many" frame the question like "how" alone
    ("How long does a Kinesis shard keep records?", ["Kinesis"]),
    ("How many subscriptions can one SNS topic have?", []),
    # named on the way to something else: not what the question is about
    ("How do I test an alarm's SNS action without breaking anything?", []),
    ("Can I reshape an event before it reaches my Lambda target?", []),
    ("What is the capital of France?", []),
])
def test_the_services_a_question_is_about(question: str, topics: list[str]) -> None:
    assert topic_services(question) == topics


def _pick(heading: str, text: str, title: str = "", parent: str = "") -> SimpleNamespace:
    chunk = SimpleNamespace(heading=heading, title=title)
    unit = SimpleNamespace(text=text, children=[], parent=parent, chunk=chunk)
    return SimpleNamespace(unit=unit)


def test_a_line_under_the_services_heading_or_naming_it_is_about_it() -> None:
    under = SimpleNamespace(picks=[_pick("Amazon SQS > FIFO", "300 messages per second")])
    deeper = SimpleNamespace(picks=[_pick("Amazon Cognito > Lambda triggers", "pre sign-up")])
    named = SimpleNamespace(picks=[_pick("Messaging", "SQS keeps messages for 4 days")])
    assert shown_about(["SQS"], under) and shown_about(["SQS"], named)
    assert shown_about(["Cognito"], deeper)  # any heading on the path, not only the deepest


def test_lines_of_another_service_do_not_answer_about_it() -> None:
    elsewhere = SimpleNamespace(picks=[_pick("Amazon API Gateway > Caching",
                                             "TTL default 300 seconds")])
    assert not shown_about(["SQS"], elsewhere)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_refusal_names_the_service_in_the_questions_language(lang: str) -> None:
    text = refusal_text(lang, [], Decision(True, "elsewhere", ["SQS"]))
    assert "SQS" in text
    assert ("ノート" in text) == (lang == "ja")


@pytest.mark.parametrize(("text", "tokens"), [
    ("What's the maximum size?", ["maximum", "size"]),  # not ホワッツ
    ("It's a Lambda function's timeout", ["lambda", "function", "timeout"]),
    ("whats the longest", ["longest"]),
    ("isn't it? doesn't", []),
])
def test_english_contractions_leave_only_their_content_words(text: str,
                                                             tokens: list[str]) -> None:
    assert tokenize(text) == tokens


def test_an_english_phrase_sudachi_knows_as_one_word_counts_word_by_word() -> None:
    assert tokenize("can you explain closures") == ["explain", "closur"]  # not キャンニュ
