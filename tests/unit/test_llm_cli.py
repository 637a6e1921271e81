"""`tutor ask` on a terminal shows an LLM's tokens as they stream, then the checked answer."""

from __future__ import annotations

import io

from langchain_core.language_models.fake_chat_models import FakeListChatModel
from notes_kit import tutor as make_tutor
from rich.console import Console

from core.settings import Settings
from tutor import cli


def test_tokens_stream_to_a_terminal_then_the_checked_answer_replaces_them(monkeypatch) -> None:  # noqa: ANN001
    out = io.StringIO()
    monkeypatch.setattr(cli, "console", Console(file=out, force_terminal=True, width=100))
    tutor = make_tutor(Settings(llm="openai/fake"))
    tutor.answerer._model = FakeListChatModel(responses=["It runs for 29 seconds at most."])
    answer = cli._answer(tutor, "How long can an API Gateway integration run at most?")
    assert answer.backend == "openai/fake" and "[1]" in answer.answer
    assert "29 seconds" in out.getvalue()  # shown while streaming (then cleared)
    assert "[1]" not in out.getvalue()  # the citation comes with the checked answer only
