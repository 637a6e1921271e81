"""LLM path with a deterministic fake chat model: keep good items, drop bad ones."""

from __future__ import annotations

import json

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from core.models import Chunk
from core.settings import Settings
from tutor.quiz import generate
from tutor.quiz.llm_gen import parse_items

SQS = Chunk(id="c1", source="notes/dva-notes.ja.md",
            heading="アプリケーション統合 > Amazon Simple Queue Service (Amazon SQS)",
            text="アプリケーション統合 > Amazon Simple Queue Service (Amazon SQS)\n"
                 "- メッセージの最大サイズ256KB\n- 最大14日間キューにデータを保存する",
            services=["SQS"], domains=[1])
GOOD = {"type": "mcq", "stem": "SQSのメッセージの最大サイズは？",
        "options": ["64KB", "256KB", "1MB", "2MB"], "answer": ["B"],
        "explanation": "ノートに最大256KBとある。", "evidence": "メッセージの最大サイズ256KB"}
UNSUPPORTED = {**GOOD, "stem": "SQSのメッセージ保持期間の最大は？",
               "options": ["7日間", "30日間", "1日間", "4日間"], "answer": [1],
               "evidence": "最大14日間キューにデータを保存する"}
TRUE_DISTRACTOR = {**GOOD, "stem": "SQSのメッセージの最大サイズとして正しいのは？",
                   "options": ["256KB", "0.25MB", "1MB", "2MB"], "answer": [0]}


def reply(*items: dict) -> str:
    return "```json\n" + json.dumps({"items": list(items)}, ensure_ascii=False) + "\n```"


def test_good_kept_unsupported_and_malformed_dropped():
    model = FakeListChatModel(responses=[reply(GOOD, UNSUPPORTED, TRUE_DISTRACTOR),
                                         "{not json", "Sure! Here are your questions."])
    items = generate([SQS, SQS.model_copy(update={"id": "c2"}), SQS.model_copy(update={"id": "c3"})],
                     settings=Settings(), n=3, lang="ja", seed=1, chat_model=model)
    assert [it.stem for it in items] == [GOOD["stem"]]
    it = items[0]
    assert it.keys == ["256KB"] and it.kind == "llm" and it.service == "SQS"
    assert it.difficulty == "medium" and it.domain == 1
    assert "[1] notes/dva-notes.ja.md › アプリケーション統合 > Amazon Simple Queue Service" \
        in it.explanation
    assert it.citations[0].text == SQS.text


def test_key_position_is_reassigned_not_trusted():
    """A model that always answers "B" does not make every key B."""
    items = []
    for seed in range(8):
        model = FakeListChatModel(responses=[reply(GOOD)])
        items += generate([SQS], settings=Settings(), n=1, lang="ja", seed=seed,
                          chat_model=model)
    assert len({it.answer[0] for it in items}) > 1


def test_parse_items_validates_each_item():
    raw = json.dumps([GOOD, {"type": "essay", "stem": "?"}, {**GOOD, "answer": "D"}])
    parsed = parse_items(raw)
    assert [p.answer for p in parsed] == [[1], [3]]
    assert parse_items("[]") == [] and parse_items("nope") == []


def test_unreachable_backend_falls_back_to_offline(caplog):
    class Broken(FakeListChatModel):
        def invoke(self, *a, **kw):  # noqa: ANN002, ANN003
            raise ConnectionError("refused")

    items = generate([SQS], settings=Settings(), n=2, seed=1,
                     chat_model=Broken(responses=["x"]))
    assert items and all(it.kind != "llm" for it in items)
    assert "offline" in caplog.text


def test_model_scenario_items_are_marked():
    from tutor.quiz.llm_gen import to_item

    stem = "開発者は256KBまでのメッセージを送る必要がある。どのサービスを使うべきか。"
    scen = parse_items(reply({**GOOD, "stem": stem, "options": ["SQS", "SNS", "Kinesis", "MQ"],
                              "answer": [0]}))[0]
    assert to_item(scen, SQS, "ja").scenario
    assert not to_item(parse_items(reply(GOOD))[0], SQS, "ja").scenario
