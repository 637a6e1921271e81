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


def test_a_description_sense_loses_to_a_name_even_when_the_question_shares_its_words():
    asked = _words("can one alias split traffic between two versions")
    assert bridge.gloss_text("振り分け", question=asked) == "divide"


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


def test_an_everyday_word_is_no_evidence_for_a_sense() -> None:
    """アイテム's second sense, 'something that one "just has to have"', shares only
    "have" with the question: the reader sees "item", or nothing, never the description."""
    asked = frozenset(tokenize("How many access keys can one IAM user have?"))
    vocab = frozenset(tokenize("something one user can have"))
    assert bridge.gloss_text("アイテム", asked, vocab) in ("item", "")


def test_hiragana_words_get_no_english_name() -> None:
    """あたり in 「1個あたり」 is "per", not "hit": a word written in hiragana alone is
    grammar more often than a term, and its first senses mislead."""
    kit = bridge.Bridge.__new__(bridge.Bridge)
    kit.en_vocab = {"hit", "partit", "limit"}
    names = kit.english_names("物理パーティション1個あたりの上限", "What is the limit per partition?")
    assert not [n for n in names if n.startswith("「あたり」")]


def test_a_gloss_the_notes_hyphenate_reaches_their_words():
    notes = bridge.Bridge.build(["Memcached is multi-threaded, with simple string keys."])
    assert notes.in_notes("multithread") == ["multi", "thread"]
    assert {"multi", "thread"} <= set(notes.english_for("マルチスレッド？"))
    assert notes.in_notes("queue") == []  # not in these notes, in any spelling


def test_a_gloss_is_split_only_into_words_the_notes_write_side_by_side():
    notes = bridge.Bridge.build(["Multi-AZ failover.", "One part per thread."])
    assert notes.in_notes("multithread") == []  # "multi" and "thread", but never together
