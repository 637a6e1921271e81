"""run_eval's four output files, driven by a stand-in Tutor so no index is needed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.models import Answer, Citation
from core.settings import Settings
from evals.metrics import GROUPS, METRICS
from evals.report import render_markdown
from evals.runner import run_eval

SQS = "Developer associate > アプリケーション統合 > Amazon Simple Queue Service (Amazon SQS)"
CASES = [
    {"id": "ja-ok", "lang": "ja", "question": "SQS の保持期間は？", "reference": "14日",
     "must_include": [r"14\s*(日|days?)"], "sources": ["Amazon SQS"]},
    {"id": "en-wrong", "lang": "en", "question": "How long does SQS keep messages?",
     "reference": "14 days", "must_include": [r"14\s*days?"], "sources": ["Amazon SQS"]},
    {"id": "ja-refuse", "lang": "ja", "question": "今日の東京の天気は？", "reference": "",
     "answerable": False},
]  # fmt: skip


class FakeTutor:
    """Answers from a script; records the settings it was built with."""

    built_with: list[Settings] = []

    def __init__(self, settings: Settings) -> None:
        FakeTutor.built_with.append(settings)

    def answer(self, question: str) -> Answer:
        cite = Citation(n=1, source="notes/dva-notes.ja.md", heading=SQS, text="最大14日間保存")
        if "天気" in question:
            return Answer(question=question, language="ja", answer="ノートに記載がありません。",
                          refused=True, timings_ms={"total": 5.0})  # fmt: skip
        if question.startswith("How"):
            text = "SQS keeps messages for 4 days [1]."
            return Answer(question=question, language="en", answer=text, citations=[cite],
                          retrieved=["Other", SQS], timings_ms={"total": 30.0})  # fmt: skip
        return Answer(question=question, language="ja", answer="最大14日間保存します [1]",
                      citations=[cite], retrieved=[SQS], timings_ms={"total": 20.0})  # fmt: skip


@pytest.fixture
def fake_chain() -> type[FakeTutor]:
    FakeTutor.built_with = []
    return FakeTutor


def test_run_eval_writes_four_files(tmp_path: Path, fake_chain: type[FakeTutor]) -> None:
    dataset = tmp_path / "mini.jsonl"
    dataset.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in CASES), "utf-8")
    out = tmp_path / "out"
    report = run_eval(Settings(data_dir=tmp_path), dataset, fake_chain, llm="ollama/x", output_dir=out,
                      progress=False)  # fmt: skip

    assert fake_chain.built_with[0].llm == "ollama/x"
    on_disk = json.loads((out / "report.json").read_text("utf-8"))
    assert on_disk == report
    assert set(on_disk) == {"summary", "by_direction", "config"}
    assert set(on_disk["summary"]) == set(GROUPS)
    assert all(set(on_disk["summary"][g]) == set(METRICS) for g in GROUPS)
    assert on_disk["config"]["llm"] == "ollama/x"
    assert on_disk["config"]["n_cases"] == 3
    summary = on_disk["summary"]
    assert summary["ja"]["answer_accuracy"] == 1.0
    assert summary["en"]["answer_accuracy"] == 0.0
    assert summary["en"]["hit@1"] == 0.0 and summary["en"]["hit@3"] == 1.0
    assert summary["ja"]["refusal_accuracy"] == 1.0
    assert summary["en"]["refusal_accuracy"] is None

    rows = [json.loads(line) for line in (out / "cases.jsonl").read_text("utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["ja-ok", "en-wrong", "ja-refuse"]
    assert rows[1]["answer"] == "SQS keeps messages for 4 days [1]."
    assert rows[1]["citations"][0]["heading"] == SQS
    assert rows[1]["pass"]["answer_accuracy"] is False
    assert rows[2]["pass"]["refusal_accuracy"] is True

    md = (out / "report.md").read_text("utf-8")
    assert "| answer_accuracy | 1.000 | 0.000 | 0.500 |" in md
    assert "`en-wrong`" in md and "`ja-ok`" not in md
    assert (out / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_markdown_shows_missing_metrics_as_dash() -> None:
    summary = {g: dict.fromkeys(METRICS) for g in GROUPS}
    md = render_markdown({"summary": summary, "config": {}}, [])
    assert "| refusal_accuracy | — | — | — |" in md
    assert "None." in md
