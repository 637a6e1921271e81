"""Answer backends behind one interface, chosen by a "provider/model" string.

- ``extractive`` (default): quotes the selected note lines; no model.
- ``ollama/<model>``: a local Ollama server.
- ``openai/<model>``: any OpenAI-compatible server (llama.cpp, vLLM, LM Studio, OpenAI).
Every LLM backend falls back to the extractive answer, with a notice, when it fails.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tutor.answerers.base import Answerer, AnswerRequest, BackendError, Draft

if TYPE_CHECKING:
    from core.settings import Settings

__all__ = ["AnswerRequest", "Answerer", "BackendError", "Draft", "PROVIDERS", "make_answerer",
           "validate_backend"]

PROVIDERS = ("extractive", "ollama/<model>", "openai/<model>")


def validate_backend(spec: str) -> None:
    """Raise BackendError for a spec no provider serves (a usage error, exit 2)."""
    provider, _, model = spec.partition("/")
    if spec == "extractive" or provider in {"ollama", "openai"} and model:
        return
    raise BackendError(f"unknown answer backend '{spec}': use " + ", ".join(PROVIDERS))


def make_answerer(settings: Settings) -> Answerer:
    """Factory: ``settings.llm`` -> an Answerer (models load lazily, on first use)."""
    validate_backend(settings.llm)
    from tutor.answerers.extractive import ExtractiveAnswerer

    if settings.llm == "extractive":
        return ExtractiveAnswerer()
    from tutor.answerers.llm import LLMAnswerer

    return LLMAnswerer(settings, fallback=ExtractiveAnswerer())
