"""The one interface every answer backend implements, and what flows through it.

The chain does the retrieval, line selection and refusal decision once; an answerer
only turns an ``AnswerRequest`` into text (streamed) and a final ``Draft``. Fallbacks,
notices and citation checks travel in the Draft, never inside the answer text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from core.models import Citation, Lang, Quote, ScoredChunk

if TYPE_CHECKING:
    from core.bridge import Bridge
    from tutor.select import Selection


class BackendError(ValueError):
    """The configured answer backend is unknown or misconfigured: a usage error."""


@dataclass
class AnswerRequest:
    question: str  # standalone (follow-ups condensed)
    lang: Lang
    hits: list[ScoredChunk]
    selection: Selection
    bridge: Bridge | None = None  # English names for the terms of Japanese lines
    deadline: float | None = None  # time.monotonic() by which the whole answer is due


@dataclass
class Draft:
    """A finished answer before the chain wraps it into an ``Answer``."""

    text: str
    citations: list[Citation]
    backend: str
    refused: bool = False
    quotes: list[Quote] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    flagged_sentences: list[str] = field(default_factory=list)
    removed: int = 0
    stats: dict[str, float] = field(default_factory=dict)  # LLM: first token, tokens, ...


class Answerer(Protocol):
    """Chosen by a "provider/model" string through ``make_answerer``."""

    name: str
    chat_model: Any  # a LangChain chat model for LLM backends (the quiz uses it), else None

    def stream(self, request: AnswerRequest) -> Iterator[str | Draft]:
        """Yield text as it is produced, then exactly one Draft."""
        ...
