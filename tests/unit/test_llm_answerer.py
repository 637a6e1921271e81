"""The LLM answerer with deterministic fake chat models over the hand-written notes:
citations verified or attributed, unsupported claims flagged in the text, NO_ANSWER,
a small cacheable prompt, deadlines, and readable failure reasons."""

from __future__ import annotations

import time
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from notes_kit import tutor as make_tutor

from core.settings import Settings
from tutor.answerers.llm import AnswerTimeout, describe_failure
from tutor.answerers.llm_context import estimate_tokens
from tutor.refusal import messages as refusal_messages


class Recording(FakeListChatModel):
    """A fake that remembers the messages it was sent."""

    seen: list[Any] = []

    def _stream(self, messages, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        self.seen.append(messages)
        yield from super()._stream(messages, *args, **kwargs)


@pytest.fixture(scope="module")
def tutor():  # noqa: ANN201
    return make_tutor(Settings(llm="openai/fake", llm_first_token_s=0.5, llm_deadline_s=1.5))


def ask(tutor, reply: str | list[str], question: str, model: Any = None):  # noqa: ANN001, ANN201
    replies = reply if isinstance(reply, list) else [reply]
    tutor.answerer._model = model or Recording(responses=replies, seen=[])
    return tutor.answer(question)


def test_uncited_answer_is_attributed_to_the_passage_that_supports_it(tutor) -> None:  # noqa: ANN001
    a = ask(tutor, "An integration can run for 29 seconds at most.",
            "How long can an API Gateway integration run at most?")
    # no warning of the verifier (the hand-written notes' hash embedder leaves every answer
    # in the refusal classifier's doubt: that notice is not the answerer's)
    assert a.backend == "openai/fake" and not [n for n in a.notices
                                               if n != refusal_messages("en")["doubtful"]]
    assert "29 seconds at most [1]." in a.answer
    assert [c.n for c in a.citations] == [1] and "API Gateway" in a.citations[0].heading
    assert a.backend_stats["attributed"] == 1 and a.backend_stats["verified"] == 1
    assert any("29 seconds" in q for q in a.citations[0].quotes)  # the backing line is shown
    assert "「Integration timeout is 29 seconds at most」" in a.answer


def test_citation_to_a_missing_passage_is_removed_and_reattributed(tutor) -> None:  # noqa: ANN001
    a = ask(tutor, "GSIは最大20個まで作成できます [7]。", "DynamoDBのGSIはテーブルあたり最大いくつ？")
    assert a.removed == 1 and a.backend == "openai/fake"
    assert "[1]" in a.answer and "[7]" not in a.answer
    assert "DynamoDB" in a.citations[0].heading


def test_number_in_no_passage_is_flagged_where_the_learner_sees_it(tutor) -> None:  # noqa: ANN001
    a = ask(tutor, "The integration timeout is 29 seconds [1]. It can be raised to 45 seconds [1].",
            "What is the API Gateway integration timeout?")
    assert a.backend == "openai/fake"
    assert a.flagged == 1 and "45" in a.flagged_sentences[0]
    assert "⚠ (not in your notes: 45)" in a.answer


def test_service_the_passages_never_name_is_flagged(tutor) -> None:  # noqa: ANN001
    a = ask(tutor, "GSIは最大20個です [1]。Amazon Kinesisでも同じです [1]。",
            "DynamoDBのGSIは最大何個？")
    assert a.flagged == 1 and "Kinesis" in a.answer.split("⚠")[1]


def test_answer_nothing_supports_falls_back_to_the_quoted_lines(tutor) -> None:  # noqa: ANN001
    a = ask(tutor, "Bananas ripen faster next to apples because of ethylene gas.",
            "What is the API Gateway integration timeout?")
    assert a.backend == "extractive" and "could not be matched" in a.notices[0]
    assert "29 seconds" in a.answer and a.citations


def test_no_answer_sentinel_shows_the_selected_lines_not_the_sentinel(tutor) -> None:  # noqa: ANN001
    a = ask(tutor, "NO_ANSWER", "KMSで直接暗号化できるサイズの上限は？")
    assert "NO_ANSWER" not in a.answer and not a.refused
    assert a.backend == "extractive" and "found no answer" in a.notices[0]
    assert "4KB" in a.answer


def test_no_answer_without_any_selected_line_is_a_refusal_in_the_question_language(
        tutor) -> None:  # noqa: ANN001
    from tutor.answerers import AnswerRequest, Draft
    from tutor.select import Selection

    tutor.answerer._model = FakeListChatModel(responses=["NO_ANSWER"])
    for lang, expected in (("ja", "ノート"), ("en", "notes")):
        request = AnswerRequest("?", lang, [], Selection([], 0.0, 0.0))
        pieces = list(tutor.answerer.stream(request))
        draft = pieces[-1]
        assert isinstance(draft, Draft) and draft.refused and not draft.citations
        assert expected in draft.text and "NO_ANSWER" not in "".join(map(str, pieces[:-1]))


def test_prompt_is_small_and_its_system_part_is_a_shared_prefix(tutor) -> None:  # noqa: ANN001
    model = Recording(responses=["x"], seen=[])
    for q in ("DynamoDBのTTLを設定するとどうなる？", "What is the API Gateway integration timeout?",
              "KMSで直接暗号化できるサイズの上限は？"):
        ask(tutor, "x", q, model=model)
    prefixes = {tuple(m.content for m in messages[:-1]) for messages in model.seen}
    assert len(prefixes) == 1  # nothing per-question (or per-language) before the last turn
    for messages in model.seen:
        assert estimate_tokens("".join(m.content for m in messages)) < 600
        assert "[1]" in messages[-1].content and "Question" not in messages[0].content


def test_english_question_over_japanese_notes_gets_english_numbers_in_context(tutor) -> None:  # noqa: ANN001
    model = Recording(responses=["Up to 20 GSIs per table [1]."], seen=[])
    a = ask(tutor, "", "How many global secondary indexes can a DynamoDB table have?", model=model)
    user = model.seen[-1][-1].content
    assert "20個" in user and "(20 items" in user
    assert a.backend == "openai/fake" and a.citations and a.language == "en"


class Hanging(FakeListChatModel):
    def _stream(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        time.sleep(5)
        yield from ()


class Trickle(FakeListChatModel):
    """Starts at once, then never finishes: the whole-answer deadline must end it."""

    def _stream(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        for chunk in super()._stream(*args, **kwargs):
            yield chunk
            time.sleep(0.4)


@pytest.mark.parametrize(("model", "what"), [(Hanging(responses=["x"]), "no answer within"),
                                             (Trickle(responses=["x" * 50]), "did not finish")])
def test_a_backend_that_hangs_costs_only_its_deadline(tutor, model, what: str) -> None:  # noqa: ANN001
    t0 = time.monotonic()
    a = ask(tutor, "", "What is the API Gateway integration timeout?", model=model)
    assert time.monotonic() - t0 < 3.0
    assert a.backend == "extractive" and "timed out" in a.notices[0] and what in a.notices[0]
    assert "29 seconds" in a.answer


class _Status(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = code


@pytest.mark.parametrize(("exc", "says"), [
    (_Status(404, "model 'qwen9' not found"), "model 'qwen9' was not found"),
    (_Status(500, "internal error"), "answered with an error (HTTP 500"),
    (ConnectionRefusedError("refused"), "cannot reach the server"),
    (AnswerTimeout("no answer within 3 s"), "no answer within 3 s from http://127.0.0.1:9/v1"),
])
def test_failures_are_described_for_the_learner(exc: Exception, says: str) -> None:
    settings = Settings(llm="openai/qwen9", llm_base_url="http://127.0.0.1:9/v1")
    assert says in describe_failure(exc, settings)


def test_a_sentence_that_negates_its_backing_line_is_flagged(tutor) -> None:  # noqa: ANN001
    a = ask(tutor, "Annotations are not indexed [1]. The daemon listens on UDP port 2000 [1].",
            "Are X-Ray annotations indexed, and which port does the daemon use?")
    assert a.backend == "openai/fake" and a.flagged == 1
    assert "Annotations are not indexed [1] ⚠ (the note may say the opposite). The daemon" in a.answer
    assert "2000 [1]." in a.answer


def test_a_no_answer_in_words_is_read_as_the_sentinel(tutor) -> None:  # noqa: ANN001
    a = ask(tutor, "No answer.", "What is the API Gateway integration timeout?")
    assert a.backend == "extractive" and "found no answer" in a.notices[0]


def test_an_answer_in_the_wrong_language_shows_the_quoted_lines(tutor) -> None:  # noqa: ANN001
    a = ask(tutor, "GSIは最大20個まで作成できます [1]。", "How many GSIs can a DynamoDB table have?")
    assert a.backend == "extractive" and "language" in a.notices[0] and a.language == "en"
    ok = ask(tutor, "Up to 20 GSIs, as the notes say 「最大20個」 [1].",
             "How many GSIs can a DynamoDB table have?")
    assert ok.backend == "openai/fake"  # a quoted Japanese term is fine


def test_a_quoted_label_line_brings_its_items(tutor) -> None:  # noqa: ANN001
    a = ask(tutor, "GSIは最大20個まで作成できます [1]。", "DynamoDBのグローバルセカンダリインデックスとは？")
    evidence = a.answer.split("ノートの該当箇所:")[1]
    assert "「グローバルセカンダリインデックス (GSI)」: 「テーブルごとにデフォルトで最大20個" in evidence
    assert "最大20個まで作成できる" in " ".join(a.citations[0].quotes)
