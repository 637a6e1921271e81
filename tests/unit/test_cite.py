"""Citation verification and the LLM path, with deterministic fake chat models."""

from __future__ import annotations

from core.models import Chunk
from tutor.cite import cited_numbers, verify


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


def test_an_unsupported_feature_is_a_negation_for_the_polarity_check() -> None:
    from tutor.answerers.ground import _opposite

    line = "この機能はFIFOは未サポート"
    assert _opposite("FIFOでこの機能は使えます。", line)
    assert not _opposite("FIFOではこの機能は使えません。", line)
