"""dva-tutor: answer DVA-C02 questions from your notes, with citations.

``tutor.answer(question, history=None, settings=None)`` is the library entry point.
Nothing heavy is imported until it is called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.models import Answer
    from core.settings import Settings

__all__ = ["answer"]


def answer(question: str, history: Any = None, settings: Settings | None = None) -> Answer:
    """Answer ``question`` (Japanese or English) from the indexed notes."""
    from tutor.chain import answer as _answer

    return _answer(question, history, settings)
