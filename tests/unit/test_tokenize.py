"""The shared tokenizer on learners' colloquial Japanese: the spoken topic marker "って"
after a noun must not turn the noun's last kanji into a verb, and verbs before "って"
stay verbs."""

from __future__ import annotations

import pytest

from core.tokenize import tokenize


@pytest.mark.parametrize(("text", "has", "lacks"), [
    ("実行時間の上限っていくつ？", "上限", "限る"),
    ("アイテムが消えるときってWCUを使う？", "wcu", "切る"),
    ("ロールを持って行く", "持つ", "持"),
    ("Lambdaを使ってどうする", "使う", "使"),
])
def test_topic_marker_keeps_the_noun_whole(text: str, has: str, lacks: str) -> None:
    tokens = tokenize(text)
    assert has in tokens
    assert lacks not in tokens


@pytest.mark.parametrize(("short", "full"), [
    ("async invoke", "asynchronous invoke"),
    ("env vars", "environment variables"),
    ("max 10 msgs per batch", "maximum 10 messages per batch"),
    ("the prod db config", "the production database configuration"),
])
def test_short_forms_read_as_the_word_they_stand_for(short: str, full: str) -> None:
    assert tokenize(short) == tokenize(full)


def test_ambiguous_short_forms_stay_as_written() -> None:
    # "5 min" is minutes and "min 1" a minimum: the tokenizer does not guess
    assert "min" in tokenize("timeout 5 min")


def test_an_acronyms_plural_is_the_acronym() -> None:
    assert tokenize("How many GSIs? ARNs and IDs") == tokenize("How many GSI? ARN and ID")
    assert "aws" in tokenize("AWS") and "dns" in tokenize("DNS")  # a final capital S stays
