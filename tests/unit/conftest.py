"""Unit tests run on hand-written notes and a hash embedder (``notes_kit``)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_figure_doubt(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hash embedder cannot tell a clear question from a doubtful one: the refusal
    classifier leans against every answer here, so the figure check that only applies in
    doubt would refuse "How long can an integration run at most?" for its verb "run".
    It is tested on its own, with the doubt given (test_answering)."""
    import tutor.refusal

    monkeypatch.setattr(tutor.refusal, "FIGURE_DOUBT", 1.01)
