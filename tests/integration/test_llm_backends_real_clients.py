"""LLM answers through the answerer interface, on the real index: verified, or the
extractive answer with a notice."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel


@pytest.fixture
def tutor_with_llm(indexed_settings):  # noqa: ANN001, ANN201
    from tutor.chain import Tutor

    t = Tutor(indexed_settings.model_copy(update={"llm": "openai/fake"}))
    return t


def test_llm_answer_is_verified(tutor_with_llm) -> None:  # noqa: ANN001
    tutor_with_llm.answerer._model = FakeListChatModel(
        responses=["可視性タイムアウトはデフォルトで30秒です [1]。最大は99日です [1]。根拠 [9]。"])
    a = tutor_with_llm.answer("SQSの可視性タイムアウトのデフォルトは？")
    assert a.backend == "openai/fake"
    assert a.removed == 1 and a.flagged == 1
    assert [c.n for c in a.citations] == [1]
    assert "Simple Queue Service" in a.citations[0].heading


def test_llm_failure_falls_back_to_extractive(tutor_with_llm) -> None:  # noqa: ANN001
    class Down(FakeListChatModel):
        def _call(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            raise ConnectionError("connection refused")

        def _stream(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            raise ConnectionError("connection refused")

    tutor_with_llm.answerer._model = Down(responses=["x"])
    a = tutor_with_llm.answer("What is the default visibility timeout in SQS?")
    assert a.backend == "extractive" and any("failed" in n for n in a.notices)
    assert "30" in a.answer and a.citations


def test_llm_no_answer_signal_shows_the_extractive_lines(tutor_with_llm) -> None:  # noqa: ANN001
    """The model's structured NO_ANSWER, where the selector found a supporting line: the
    learner gets the quoted lines with a notice, never the sentinel."""
    tutor_with_llm.answerer._model = FakeListChatModel(responses=["NO_ANSWER"])
    a = tutor_with_llm.answer("SQSのメッセージの最大サイズは？")
    assert not a.refused and "NO_ANSWER" not in a.answer and a.citations
    assert a.backend == "extractive" and any("no answer" in n for n in a.notices)
