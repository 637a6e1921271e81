"""Questions: cleaning, and follow-ups condensed only when they truly refer back."""

from __future__ import annotations

import pytest

from core.settings import Settings
from tutor.question import QuestionError, clean_question, condense, names_topic, refers_back

# what an index of Japanese SQS/Lambda notes offers: heading and label words, with their
# English glosses (see tutor.retrieve.topic_words)
TOPICS = {"可視", "タイム", "アウト", "ポーリング", "poll", "fifo", "キュー", "queue", "timeout",
          "メモリ", "memori"}


def history(*questions: str) -> list[dict[str, str]]:
    out = []
    for q in questions:
        out += [{"role": "user", "content": q}, {"role": "assistant", "content": "…"}]
    return out


@pytest.mark.parametrize(("previous", "follow_up"), [
    ("SQSの可視性タイムアウトとは？", "そのデフォルト値は？"),
    ("SQSのFIFOキューの特徴は？", "それの料金は？"),
    ("What is the SQS visibility timeout?", "What is its default value?"),
    ("What is the SQS visibility timeout?", "And the maximum?"),
    ("How does long polling work in SQS?", "What about short polling?"),
])
def test_true_follow_ups_carry_the_previous_question(previous: str, follow_up: str) -> None:
    assert condense(follow_up, history(previous), TOPICS) == f"{previous} {follow_up}"


@pytest.mark.parametrize(("previous", "question"), [
    ("What is the SQS visibility timeout?",
     "How long can a Lambda function run before it times out?"),
    ("SQSの可視性タイムアウトとは？", "Lambdaのメモリはどこまで増やせますか？"),
    ("SQSの可視性タイムアウトとは？", "それとは別に、KMSのキーは何ですか？"),
    ("What is the SQS visibility timeout?", "Does long polling reduce cost when it waits?"),
    ("What is the SQS visibility timeout?", "How many messages per second can a FIFO queue take?"),
])
def test_a_question_naming_its_own_topic_stands_alone(previous: str, question: str) -> None:
    assert condense(question, history(previous), TOPICS) == question


# the words an index of the same notes uses (in either language, as the bridge would say)
VOCAB = TOPICS | {"default", "valu", "暗号化", "encrypt", "message", "メッセージ", "retri", "リトライ"}


@pytest.mark.parametrize(("previous", "question", "carried"), [
    # a short question of words the notes never use is not a follow-up, pronoun or not
    ("How long are Kinesis records kept by default?", "How do I bake a cake?", False),
    ("What is the SQS visibility timeout?", "Is it safe to eat raw eggs?", False),
    ("SQSの可視性タイムアウトとは？", "ケーキの焼き方は？", False),
    ("SQSの可視性タイムアウトとは？", "それでカレーは何分煮る？", False),
    # one of its own words the notes use, or none beyond asking for an attribute
    ("What is the SQS visibility timeout?", "Is it encrypted?", True),
    ("SQSのメッセージについて教えて", "暗号化される？", True),
    ("What is the SQS visibility timeout?", "What is its default value?", True),
    ("SQSの可視性タイムアウトとは？", "そのデフォルト値は？", True),
])
def test_a_follow_up_the_notes_have_no_words_for_stands_alone(previous: str, question: str,
                                                              carried: bool) -> None:
    out = condense(question, history(previous), TOPICS, lambda t: t in VOCAB)
    assert out == (f"{previous} {question}" if carried else question)


def test_no_history_means_no_condensing() -> None:
    assert condense("そのデフォルト値は？", [], TOPICS) == "そのデフォルト値は？"


def test_topic_and_reference_detectors() -> None:
    assert names_topic("Lambdaの制限は？", set()) and names_topic("ポーリングとは", TOPICS)
    assert not names_topic("What is its default?", TOPICS)
    assert refers_back("その上限は？") and refers_back("And what about its limit?")
    assert not refers_back("What does the notes say about retries?")


def test_clean_question_rejects_empty_and_huge_and_repairs_bad_bytes() -> None:
    settings = Settings(max_question_chars=50)
    with pytest.raises(QuestionError, match="empty"):
        clean_question(" \x00\x01 ", settings)
    with pytest.raises(QuestionError, match="too long"):
        clean_question("x" * 51, settings)
    broken = b"SQS\xff\xfe timeout?".decode("utf-8", "surrogateescape")
    assert clean_question(broken, settings) == "SQS timeout?"
