"""LLM answer backends: Ollama or any OpenAI-compatible server, via LangChain chat models.

The model gets the numbered passages and must cite them as [n]; its output is checked
by ``tutor.cite`` like every answer. It says "not in the notes" with the structured
signal ``NO_ANSWER`` (its whole reply), never with a phrase we would have to match.
Any failure falls back to the extractive answer with a notice. Imports of the LangChain
providers happen on first use: the default extractive path never pays for them.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from importlib import resources
from typing import TYPE_CHECKING

from tutor.answerers.base import Answerer, AnswerRequest, Draft
from tutor.answerers.deadline import bounded
from tutor.cite import citation_for, verify

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from core.settings import Settings

NO_ANSWER = "NO_ANSWER"
_FENCE = re.compile(r"^\s*```[a-zA-Z0-9_-]*\s*\n?|\n?```\s*$")


def make_chat_model(settings: Settings) -> BaseChatModel:
    """The LangChain chat model named by ``settings.llm`` ("ollama/<m>" or "openai/<m>")."""
    provider, _, model = settings.llm.partition("/")
    if provider == "ollama":
        from langchain_ollama import ChatOllama

        kwargs = {"base_url": settings.llm_base_url} if settings.llm_base_url else {}
        return ChatOllama(model=model, temperature=0, client_kwargs={
            "timeout": settings.llm_timeout_s}, **kwargs)
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(model=model, temperature=0, base_url=settings.llm_base_url,
                      api_key=settings.llm_api_key or "not-needed",
                      timeout=settings.llm_timeout_s, max_retries=0)


def load_prompt(name: str, lang: str) -> str:
    """Prompts live in files, one per language."""
    return resources.files("tutor.prompts").joinpath(f"{name}.{lang}.txt").read_text("utf-8")


def strip_fences(text: str) -> str:
    """Models like to wrap JSON in ```json fences; take them off."""
    return _FENCE.sub("", text.strip()).strip()


class LLMAnswerer:
    """Streams a cited answer from a chat model; falls back to ``fallback`` on failure."""

    def __init__(self, settings: Settings, fallback: Answerer) -> None:
        self.name = settings.llm
        self.settings = settings
        self.fallback = fallback
        self._model: BaseChatModel | None = None
        self._lock = threading.Lock()

    @property
    def chat_model(self) -> BaseChatModel:
        with self._lock:
            if self._model is None:
                self._model = make_chat_model(self.settings)
            return self._model

    def stream(self, request: AnswerRequest) -> Iterator[str | Draft]:
        from langchain_core.messages import HumanMessage, SystemMessage

        hits = request.hits
        context = "\n\n".join(f"[{i + 1}] ({h.chunk.source} › {h.chunk.heading})\n{h.chunk.body}"
                              for i, h in enumerate(hits))
        system = load_prompt("answer", request.lang).format(context=context)
        parts: list[str] = []
        messages = [SystemMessage(system), HumanMessage(request.question)]
        deadline = request.deadline or time.monotonic() + self.settings.llm_deadline_s
        try:  # keep-alives reset HTTP read timeouts: bound the whole stream ourselves
            for chunk in bounded(lambda: self.chat_model.stream(messages),
                                 self.settings.llm_first_token_s, deadline,
                                 has_content=lambda c: bool(c.content)):
                piece = chunk.content if isinstance(chunk.content, str) else ""
                if piece:
                    parts.append(piece)
                    if not NO_ANSWER.startswith("".join(parts).strip()[:len(NO_ANSWER)]):
                        yield piece
            text = "".join(parts).strip()
            if not text:
                raise RuntimeError("the model returned an empty answer")
        except Exception as exc:  # any backend failure: the learner still gets an answer
            reason = f"{type(exc).__name__}: {str(exc)[:200]}"
            yield from self._fall_back(request, parts, f"The LLM backend '{self.name}' failed "
                                                      f"({reason}); showing the extractive answer.")
            return
        if text.startswith(NO_ANSWER):
            yield from self._fall_back(request, [], f"The LLM backend '{self.name}' found no "
                                                    "answer in the passages; showing the lines "
                                                    "the notes have on it.")
            return
        checked = verify(text, [h.chunk for h in hits])
        yield Draft(text=checked.text, backend=self.name, removed=checked.removed,
                    flagged_sentences=checked.flagged_sentences,
                    citations=[citation_for(n, hits[n - 1].chunk) for n in checked.cited])

    def _fall_back(self, request: AnswerRequest, shown: list[str], notice: str
                   ) -> Iterator[str | Draft]:
        for piece in self.fallback.stream(request):
            if isinstance(piece, Draft):
                piece.notices.insert(0, notice)
                yield piece
            else:
                yield ("\n\n" if shown else "") + piece
