""""What is X" questions: refused when no place in the notes names X."""

from __future__ import annotations

import pytest
from notes_kit import tutor as make_tutor

from core.settings import Settings
from tutor.refusal import decide, refusal_text
from tutor.retrieve import make_query, search
from tutor.select import select
from tutor.subjects import defined_subject


@pytest.fixture(scope="module")
def tutor(tmp_path_factory):  # noqa: ANN001, ANN201
    return make_tutor(Settings(data_dir=tmp_path_factory.mktemp("data")))


@pytest.mark.parametrize(("question", "subject"), [
    ("DynamoDBのグローバルテーブルってなに？", "グローバルテーブル"),
    ("SQS の FIFO キューでメッセージグループ ID は何のために指定する？", "メッセージグループ ID"),
    ("ECS の Service Connect はどういう機能？", "Service Connect"),
    ("What are package origin controls in CodeArtifact for?", "package origin controls"),
    ("What does the ECS container agent do?", "ECS container agent"),
    ("What is AWS FIS used for?", "FIS"),
    # an action on a name: the name is what the answer must explain
    ("What does setting ResultPath to null do?", "ResultPath"),
    ("What does turning on versioning do?", "versioning"),
    ("What does enabling long polling on a queue do?", "long polling"),
    # not a definition: a figure, a comparison, an opinion, a description
    ("What is the maximum size of an SQS message?", None),
    ("ユーザープールとIDプールの違いってなに？", None),
    ("lazy loadingのデメリットってなんだっけ？", None),
    ("どんなエラーでも拾うエラー名って何？", None),
    ("How do I define a table?", None),
])
def test_the_subject_of_a_what_is_question(question: str, subject: str | None) -> None:
    assert defined_subject(question) == subject


def _decide(tutor, question: str, lang: str):  # noqa: ANN001, ANN202
    query = make_query(tutor.index, question, lang)
    hits = search(tutor.index, query)
    selection = select(query, hits, tutor.index, tutor.scorer)
    return hits, decide(query, hits, selection, tutor.scorer, tutor.uncovered, tutor.index)


@pytest.mark.parametrize(("question", "lang", "subject"), [
    # グローバル and テーブル are on one line, but the notes never write the compound
    ("DynamoDBのグローバルテーブルってなに？", "ja", "グローバルテーブル"),
])
def test_a_subject_the_notes_never_name_is_refused(tutor, question: str, lang: str,  # noqa: ANN001
                                                   subject: str) -> None:
    hits, decision = _decide(tutor, question, lang)
    assert decision.refuse and decision.reason == "undefined" and decision.subject == subject
    assert subject in refusal_text(lang, hits, decision)


def test_an_off_topic_what_is_question_reads_as_off_topic(tutor) -> None:  # noqa: ANN001
    """The general check comes first: no "the notes don't explain 'capital'"."""
    hits, decision = _decide(tutor, "What is the capital of France?", "en")
    assert decision.refuse and decision.reason == "not in the notes" and not decision.subject
    assert "capital" not in refusal_text("en", hits, decision)


@pytest.mark.parametrize(("question", "lang"), [
    ("グローバルセカンダリインデックスってなに？", "ja"),  # written out
    ("What are stage variables for?", "en"),
    ("ステージ変数ってなに？", "ja"),  # a Japanese name read in English lines
    ("What is envelope encryption?", "en"),  # an English name read in Japanese lines
    ("X-Rayのアノテーションってなに？", "ja"),
])
def test_a_subject_the_notes_name_in_either_language_is_answered(tutor, question: str,  # noqa: ANN001
                                                                 lang: str) -> None:
    _, decision = _decide(tutor, question, lang)
    assert not decision.refuse


def _feature(tutor, question: str, lang: str = "en") -> str:  # noqa: ANN001
    from tutor.gaps import unnamed_feature

    return unnamed_feature(make_query(tutor.index, question, lang), tutor.scorer, tutor.index)


def test_a_title_case_feature_the_notes_never_name_is_refused(tutor) -> None:  # noqa: ANN001
    question = "How do I turn on Adaptive Sampling for the daemon?"
    assert _feature(tutor, question) == "Adaptive Sampling"
    # inside a Japanese question, where no word boundary separates it from the particles
    assert _feature(tutor, "X-RayのAdaptive Samplingってどう使う？", "ja") == "Adaptive Sampling"
    _, decision = _decide(tutor, question, "en")
    assert decision.refuse


@pytest.mark.parametrize("question", [
    "What do Stage Variables do?",  # written in the notes (case aside)
    "How does Envelope Encryption use a data key?",  # Japanese notes, through the bridge
    "Adaptive Sampling is what?",  # a sentence's first words are capitalised anyway
    "How do I use Amazon DynamoDB?",  # a service: the catalogue's business
])
def test_title_case_words_the_notes_name_or_that_are_not_names_pass(tutor,  # noqa: ANN001
                                                                    question: str) -> None:
    assert _feature(tutor, question) == ""


def _programming(tutor, question: str) -> bool:  # noqa: ANN001
    from tutor.gaps import programming_only

    query = make_query(tutor.index, question, "en")
    selection = select(query, search(tutor.index, query), tutor.index, tutor.scorer)
    return programming_only(query, selection, tutor.scorer, tutor.index)


@pytest.mark.parametrize(("question", "expected"), [
    ("Can you explain closures in JavaScript?", True),  # only the language's name in common
    ("In JavaScript, what is the difference between == and ===?", True),  # nothing else asked
    ("How do I read the DynamoDB TTL attribute from Python?", False),  # names a service
    ("How do I set a TTL on items with Python?", False),  # the notes' lines hold "TTL"
    ("What does the daemon listen on?", False),  # no language named
])
def test_a_question_about_a_programming_language_itself(tutor, question: str,  # noqa: ANN001
                                                         expected: bool) -> None:
    assert _programming(tutor, question) is expected


@pytest.mark.parametrize("question", [
    "What are the three kinds of KMS keys?",  # a list, not a definition of "three kinds"
    "What are the types of Lambda invocation?",
    "KMSキーの種類ってなに？",
])
def test_a_question_for_a_list_of_kinds_is_not_a_definition(question: str) -> None:
    assert defined_subject(question) is None
