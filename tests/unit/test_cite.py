"""Citation verification and the LLM path, with deterministic fake chat models."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from tutor.cite import cited_numbers, verify
from tutor.models import Chunk


def _chunk(text: str, heading: str = "SQS") -> Chunk:
    return Chunk(id=heading, text=f"{heading}\n{text}", source="notes/n.md", heading=heading)


CONTEXT = [_chunk("- 可視性タイムアウト\n    - デフォルトで30秒"), _chunk("- 最大14日間保存", "SQS2")]


def test_cited_numbers_parses_lists() -> None:
    assert cited_numbers("a [1]. b [2, 1]. c [3]") == [1, 2, 3]


def test_citation_to_missing_chunk_is_removed() -> None:
    v = verify("デフォルトは30秒です [1][7]。", CONTEXT)
    assert v.removed == 1 and "[7]" not in v.text and v.cited == [1] and v.flagged == 0


def test_unsupported_number_is_flagged() -> None:
    v = verify("The default visibility timeout is 45 seconds [1]. Retention is 14 days [2].",
               CONTEXT)
    assert v.flagged == 1 and v.removed == 0


def test_fabricated_quote_is_flagged() -> None:
    assert verify("ノートには「デフォルトで60秒」とあります [1]。", CONTEXT).flagged == 1
    assert verify("ノートには「デフォルトで30秒」とあります [1]。", CONTEXT).flagged == 0


@pytest.fixture
def tutor_with_llm(indexed_settings):  # noqa: ANN001, ANN201
    from tutor.chain import Tutor

    t = Tutor(indexed_settings.model_copy(update={"llm": "openai/fake"}))
    return t


def test_llm_answer_is_verified(tutor_with_llm) -> None:  # noqa: ANN001
    tutor_with_llm._llm = FakeListChatModel(
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

    tutor_with_llm._llm = Down(responses=["x"])
    a = tutor_with_llm.answer("What is the default visibility timeout in SQS?")
    assert a.backend == "extractive" and "failed" in (a.notice or "")
    assert "30" in a.answer and a.citations


def test_llm_refusal_is_recognised(tutor_with_llm) -> None:  # noqa: ANN001
    tutor_with_llm._llm = FakeListChatModel(responses=["The notes don't cover this."])
    a = tutor_with_llm.answer("What does the SQS message retention look like in detail?")
    assert a.refused and not a.citations
