"""LLM backends: one factory from "provider/model" to a LangChain chat model.

Ollama and any OpenAI-compatible server (llama.cpp, vLLM, LM Studio, OpenAI) cover the
local and hosted cases. Imports happen inside the factory: the default extractive path
never pays for them.
"""

from __future__ import annotations

import re
from importlib import resources

from langchain_core.language_models import BaseChatModel

from tutor.settings import Settings

_FENCE = re.compile(r"^\s*```[a-zA-Z0-9_-]*\s*\n?|\n?```\s*$")


class BackendError(RuntimeError):
    """The configured LLM backend is misconfigured, unreachable or failed."""


def make_chat_model(settings: Settings) -> BaseChatModel:
    """Build the chat model named by ``settings.llm`` ("ollama/<m>" or "openai/<m>")."""
    provider, _, model = settings.llm.partition("/")
    if provider == "ollama" and model:
        from langchain_ollama import ChatOllama

        kwargs = {"base_url": settings.llm_base_url} if settings.llm_base_url else {}
        return ChatOllama(model=model, temperature=0, client_kwargs={
            "timeout": settings.llm_timeout_s}, **kwargs)
    if provider == "openai" and model:
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(model=model, temperature=0, base_url=settings.llm_base_url,
                          api_key=settings.llm_api_key or "not-needed",
                          timeout=settings.llm_timeout_s, max_retries=0)
    raise ValueError(f"unknown LLM backend '{settings.llm}': use extractive, "
                     "ollama/<model> or openai/<model>")


def load_prompt(name: str, lang: str) -> str:
    """Prompts live in files, one per language."""
    return resources.files("tutor.prompts").joinpath(f"{name}.{lang}.txt").read_text("utf-8")


def strip_fences(text: str) -> str:
    """Models like to wrap JSON in ```json fences; take them off."""
    return _FENCE.sub("", text.strip()).strip()
