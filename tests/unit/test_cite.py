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


def test_sentence_whose_only_citation_was_invented_is_flagged() -> None:
    """Issue 14: an invented [7] was removed and its sentence then passed unflagged."""
    v = verify("The maximum retention is 21 days [7].", CONTEXT)
    assert v.removed == 1 and v.flagged_sentences == ["The maximum retention is 21 days."]


def test_uncited_invented_number_is_flagged() -> None:
    v = verify("The default is 45 seconds by default. ノートでは30秒です [1]。", CONTEXT)
    assert v.flagged_sentences == ["The default is 45 seconds by default."]


def test_uncited_framing_is_not_flagged() -> None:
    assert verify("Here is what your notes say. デフォルトで30秒です [1]。", CONTEXT).flagged == 0
    assert verify("Retention is 14 days.", CONTEXT).flagged == 0  # true, only uncited


def test_service_no_passage_mentions_is_flagged() -> None:
    v = verify("Use Kinesis for this. SQS keeps messages 14 days [2].", CONTEXT)
    assert v.flagged_sentences == ["Use Kinesis for this."]
    assert verify("SQS keeps messages for 14 days [2].", CONTEXT).flagged == 0


def test_an_unsupported_feature_is_a_negation_for_the_polarity_check() -> None:
    from tutor.answerers.ground import _opposite

    line = "この機能はFIFOは未サポート"
    assert _opposite("FIFOでこの機能は使えます。", line)
    assert not _opposite("FIFOではこの機能は使えません。", line)
