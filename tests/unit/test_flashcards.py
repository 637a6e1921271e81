"""Review cards ("Q: … / A: …") read as one place of the notes: the answer under its
question, quoted with it, whatever the file type."""

from __future__ import annotations

from pathlib import Path

import pytest
from notes_kit import file_units

from ingest.dialects import flashcards
from tutor.select import is_label

CARDS = """Queues
======

Q: How long can a message stay in a queue?
A: Up to 14 days; 4 days if you set nothing.
   The clock starts when the message arrives.
\t- a retention change applies to messages already there

Q: Which API hides a message from other consumers?
A: ReceiveMessage (for the visibility timeout).
tip: long polling cuts empty receives.
"""

CARDS_JA = """## キュー

**Q:** メッセージの最大サイズは？

**A:** 256KB。それより大きいものは S3 に置く。
"""


def _units(path: Path) -> list[tuple[str, str, list[str]]]:
    return [(u.parent, u.text, u.children) for u in file_units(path)]


def test_a_text_file_of_cards_puts_each_answer_under_its_question(tmp_path: Path) -> None:
    path = tmp_path / "cards.txt"
    path.write_text(CARDS, encoding="utf-8")
    units = _units(path)
    question = next(u for u in units if u[1] == "How long can a message stay in a queue?")
    # the wrapped answer is one line again, and it is the question's item
    answer = "Up to 14 days; 4 days if you set nothing. The clock starts when the message arrives."
    assert answer in question[2]
    assert any(u[0] == question[1] and u[1] == answer for u in units)
    assert not any(u[1].startswith(("Q:", "A:")) for u in units)
    # the line after a card is not read as part of its answer
    receive = next(u for u in units if u[1].startswith("Which API"))
    assert receive[2] == ["ReceiveMessage (for the visibility timeout)."]
    assert any(u[1].startswith("tip: long polling") for u in units)


def test_bold_markdown_cards_with_a_blank_line_between(tmp_path: Path) -> None:
    path = tmp_path / "cards.md"
    path.write_text(CARDS_JA, encoding="utf-8")
    units = _units(path)
    assert ("メッセージの最大サイズは？", "256KB。それより大きいものは S3 に置く。") in \
        [(u[0], u[1]) for u in units]


@pytest.mark.parametrize("text", [
    "Queue: a buffer between producer and consumer",  # "Queue:" is not "Q:"
    "Q: a question nobody answered\n\nsome other line",  # no answer: left as it is
])
def test_lines_that_are_not_cards_are_left_alone(text: str) -> None:
    assert flashcards(text) == text


def test_a_question_heads_its_items_like_a_label() -> None:
    assert is_label("How long can a message stay in a queue?")
    assert is_label("メッセージの最大サイズは？")
    assert is_label("予約済み同時実行 (Reserved concurrency) とは")  # "what is …" without "？"
    assert is_label("DLQ と Destinations の違い")
    assert not is_label("A message can stay in a queue for up to 14 days.")


def test_a_line_that_introduces_its_items_is_a_label() -> None:
    """"…の比較:" / "the usual order is:" says nothing by itself: its items do."""
    assert is_label("CloudFront Functions と Lambda@Edge の比較:")
    assert is_label("Resolvers connect schema fields to these data sources:")
    assert is_label("EC2 / オンプレミスの場合、ライフサイクルイベントはこの順：")
    assert not is_label("Ratio: 1 RCU = one strongly consistent read of up to 4 KB per second.")


def test_cards_inside_a_code_block_are_code() -> None:
    text = "```yaml\nQ: a key\nA: another key\n```"
    assert flashcards(text) == text
