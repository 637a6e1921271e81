"""Every LLM answer carries verified citations: five questions in each language from the
shipped eval set, on the real index.

Runs against an echoing fake chat model always (it copies the first note line and cites
nothing, so attribution has to do the citing), and against a real OpenAI-compatible server
when ``TUTOR_TEST_LLM_URL`` is set (marker ``llm``; ``TUTOR_TEST_LLM_MODEL`` names the
model, else the server's first one):

    python -m benchmarks.llm_server --model 0.5b --port 8085 &
    TUTOR_TEST_LLM_URL=http://127.0.0.1:8085/v1 pytest -m llm tests/integration/test_llm_cited.py
"""

from __future__ import annotations

import json
import os
import re
import urllib.request
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from evals.dataset import load_dataset
from evals.runner import DEFAULT_DATASET

# conftest clears TUTOR_* per test: read these at import time
LIVE_URL = os.environ.get("TUTOR_TEST_LLM_URL")
LIVE_MODEL = os.environ.get("TUTOR_TEST_LLM_MODEL")
# "[n] Title: parent › line: items (gloss)" -> line
_LINE = re.compile(r"^\[\d+\] [^:\n]+: (?:[^›\n]+ › )?(.+?)(?:: [^\n]*)?(?: \([^()]*\))?$", re.M)


class EchoModel(FakeListChatModel):
    """Answers with the first note line it was given, quoted in a sentence, citing nothing."""

    responses: list[str] = ["unused"]

    def _reply(self, messages: list[Any]) -> str:
        user = str(messages[-1].content)
        m = _LINE.search(user)
        line = m.group(1) if m else "?"
        return f"ノートには「{line}」とあります。" if "質問:" in user else f"The notes say 「{line}」."

    def _call(self, messages, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        return self._reply(messages)

    def _stream(self, messages, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        from langchain_core.messages import AIMessageChunk
        from langchain_core.outputs import ChatGenerationChunk

        for word in re.findall(r"\S+\s*", self._reply(messages)):
            yield ChatGenerationChunk(message=AIMessageChunk(content=word))


def questions() -> list[tuple[str, str]]:
    """The first five answerable questions of each language, one per section."""
    out: list[tuple[str, str]] = []
    for lang in ("ja", "en"):
        seen: set[str] = set()
        for case in load_dataset(DEFAULT_DATASET):
            if case.lang == lang and case.answerable and case.sources[0] not in seen:
                seen.add(case.sources[0])
                out.append((lang, case.question))
            if len(seen) == 5:
                break
    return out


def _first_model(url: str) -> str:
    with urllib.request.urlopen(f"{url}/models", timeout=5) as resp:
        return json.load(resp)["data"][0]["id"]


def _reachable(url: str | None) -> bool:
    try:
        return bool(url) and bool(_first_model(str(url)))
    except OSError:
        return False


BACKENDS = [
    pytest.param("fake", id="fake"),
    pytest.param("live", id="live", marks=[
        pytest.mark.llm, pytest.mark.skipif(not _reachable(LIVE_URL),
                                            reason="set TUTOR_TEST_LLM_URL to a running server")]),
]


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_answer_carries_verified_citations(backend: str, indexed_settings) -> None:  # noqa: ANN001
    from tutor.chain import Tutor

    if backend == "live":
        assert LIVE_URL
        model = LIVE_MODEL or _first_model(LIVE_URL)
        settings = indexed_settings.model_copy(update={
            "llm": f"openai/{model}", "llm_base_url": LIVE_URL, "llm_deadline_s": 180.0,
            "llm_first_token_s": 120.0})
    else:
        settings = indexed_settings.model_copy(update={"llm": "openai/echo"})
    tutor = Tutor(settings)
    if backend == "fake":
        tutor.answerer._model = EchoModel()
    by_llm = answered = 0
    for lang, question in questions():
        a = tutor.answer(question)
        assert a.language == lang
        if a.refused:  # the chain's refusal decision (before any backend): nothing to cite
            continue
        answered += 1
        assert a.citations, f"no citation: {question}"
        for c in a.citations:
            assert f"[{c.n}]" in a.answer
            assert c.quotes and all(q in c.text for q in c.quotes)  # the backing note line
        if a.backend == settings.llm:
            by_llm += 1
            assert a.backend_stats["verified"] >= 1
        else:  # the extractive answer, with the reason shown
            assert a.backend == "extractive" and a.notices
    assert answered >= 8
    assert by_llm == answered if backend == "fake" else by_llm >= answered // 2
