"""The English name shown beside a Japanese term: a name, the one the reader's words use."""

from __future__ import annotations

import pytest

from core import bridge
from core.tokenize import tokenize

pytestmark = pytest.mark.skipif(bridge._jmdict() is None, reason="JMdict (jamdict-data) missing")


def _words(text: str) -> frozenset[str]:
    return frozenset(tokenize(text))


def test_a_description_sense_is_never_the_name_even_when_it_shares_a_notes_word():
    # one of 呼び出し's later senses describes a bath-house fixture "containing" water:
    # notes about containers share "contain" with it, which must not make it the name
    assert bridge.gloss_text("呼び出し", vocab=_words("container image")) == "call"


def test_the_gloss_the_question_uses_is_shown():
    assert bridge.gloss_text("最大", question=_words("what is the largest size")) == "largest"
    assert bridge.gloss_text("最大", vocab=_words("max memory maximum")) == "maximum"


def test_the_common_word_comes_before_a_rare_spelling_of_another():
    # 取得 is also a rare spelling of 取り柄 (worth); the everyday word means acquisition
    assert bridge.gloss_text("取得") == "acquisition"


def test_a_katakana_homophone_without_evidence_gets_no_name():
    assert bridge.gloss_text("ロール") == ""
    assert bridge.gloss_text("キュー", vocab=_words("queue message")) == "queue"


def test_another_name_of_a_sense_is_shown_only_when_the_reader_uses_all_its_words():
    # ベース's sense "base; basic ingredient": notes that say "basic" do not make it the name
    assert bridge.gloss_text("ベース", vocab=_words("basic")) != "basic ingredient"
