"""The record of what one pipeline did with one eval case: all that the checks and
metrics read, so the runner and the benchmarks are scored by the same code."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field

from evals.dataset import EvalCase

CITE_MARK = re.compile(r"\[\d+\]")  # "[1]": a source number, not the answer's own words


class CitedChunk(BaseModel):
    heading: str = ""
    source: str = ""
    text: str = ""


class CaseRecord(BaseModel):
    """What one pipeline did with one case: everything the metrics need, nothing more."""

    case: EvalCase
    answer: str
    refused: bool = False
    language: str | None = None  # the framing language the pipeline claims; None = unknown
    citations: list[CitedChunk] = Field(default_factory=list)
    retrieved: list[str] = Field(default_factory=list)  # heading paths, rank order
    retrieved_sources: list[str] = Field(default_factory=list)  # source paths, same order
    latency_ms: float | None = None
    first_line: str | None = None  # the answer's first quoted line (or first sentence)
    shown_lines: int | None = None  # quoted lines shown before "more from your notes"

    @classmethod
    def from_answer(cls, case: EvalCase, answer: Any) -> CaseRecord:
        """Build a record from a `core.models.Answer` (duck-typed to keep imports light)."""
        return cls(
            case=case,
            answer=answer.answer,
            refused=answer.refused,
            language=answer.language,
            citations=[
                CitedChunk(heading=c.heading, source=c.source, text=c.text)
                for c in answer.citations
            ],
            retrieved=list(answer.retrieved),
            retrieved_sources=list(getattr(answer, "retrieved_sources", None) or []),
            latency_ms=answer.timings_ms.get("total"),
            first_line=first_line_of(answer),
            shown_lines=sum(1 for q in getattr(answer, "quotes", None) or []
                            if getattr(q, "role", "") != "more") or None,
        )


_FIRST_SENTENCE = re.compile(r"[^。！？.!?\n]+(?:[。！？!?]|\.(?=\s|$)|$)")


def first_line_of(answer: Any) -> str | None:
    """The first quoted line of an extractive answer (with its gloss), else the first
    sentence of the answer text."""
    quotes = getattr(answer, "quotes", None) or []
    if quotes:
        q = quotes[0]
        return " ".join([q.text, *getattr(q, "items", []), q.gloss]).strip()
    m = _FIRST_SENTENCE.search(CITE_MARK.sub("", answer.answer or ""))
    return m.group(0).strip() if m else None
