"""The eval runner end to end: the real tutor over the real index, on a 6-case set."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from core.settings import Settings
from evals.metrics import GROUPS, METRICS
from evals.runner import run_eval
from tutor.chain import Tutor

MINI = [
    {"id": "ja-sqs-retention", "lang": "ja",
     "question": "SQS はメッセージを最大何日間保存できますか？",
     "reference": "最大14日間", "must_include": [r"14\s*(日|days?)"],
     "sources": ["Amazon Simple Queue Service"]},
    {"id": "en-sqs-retention", "lang": "en",
     "question": "How long can SQS keep messages in a queue at most?",
     "reference": "Up to 14 days", "must_include": [r"14\s*(日|days?)"],
     "sources": ["Amazon Simple Queue Service"]},
    {"id": "ja-exam-questions", "lang": "ja", "question": "DVA-C02 の試験の問題数は？",
     "reference": "65問", "must_include": [r"65"], "sources": ["exam-guide"]},
    {"id": "en-exam-passing", "lang": "en", "question": "What is the minimum passing score?",
     "reference": "720", "must_include": [r"720"], "sources": ["exam-guide"]},
    {"id": "ja-weather", "lang": "ja", "question": "明日の大阪の天気を教えてください。",
     "reference": "", "answerable": False},
    {"id": "en-pasta", "lang": "en", "question": "What is the best recipe for carbonara?",
     "reference": "", "answerable": False},
]  # fmt: skip


def write_mini(tmp_path: Path) -> Path:
    path = tmp_path / "mini.jsonl"
    path.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in MINI) + "\n", "utf-8")
    return path


def test_runner_writes_reports_for_the_real_tutor(
    indexed_settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "eval-out"
    report = run_eval(indexed_settings, write_mini(tmp_path), Tutor, output_dir=out, progress=False)

    for name in ("report.json", "cases.jsonl", "report.md", "chart.png"):
        assert (out / name).stat().st_size > 0, name
    on_disk = json.loads((out / "report.json").read_text("utf-8"))
    assert on_disk == report
    assert set(on_disk["summary"]) == set(GROUPS)
    for group in GROUPS:
        assert set(on_disk["summary"][group]) == set(METRICS)
    config = on_disk["config"]
    assert config["n_cases"] == 6 and config["llm"] == "extractive"
    assert {"embedder", "dataset", "top_k", "timestamp"} <= set(config)

    rows = [json.loads(line) for line in (out / "cases.jsonl").read_text("utf-8").splitlines()]
    assert [r["id"] for r in rows] == [c["id"] for c in MINI]
    for r in rows:
        assert {"answer", "citations", "refused", "language", "retrieved", "pass"} <= set(r)
        assert r["timings_ms"]["total"] > 0
    # The shipped notes answer SQS retention in both languages, from the SQS section.
    summary = on_disk["summary"]
    assert summary["all"]["hit@5"] >= 0.75
    assert rows[0]["pass"]["answer_accuracy"] is True
    assert summary["all"]["language_match"] >= 0.8
    assert summary["all"]["latency_p50_ms"] > 0
    assert "| answer_accuracy |" in (out / "report.md").read_text("utf-8")


def test_tutor_eval_command_gates_on_baseline(indexed_settings: Settings, tmp_path: Path) -> None:
    """Through the real CLI: a baseline that is better on everything must fail the run."""
    from tutor.cli import app

    dataset = write_mini(tmp_path)
    args = ["eval", "--dataset", str(dataset), "--output", str(tmp_path / "o1")]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    report = json.loads((tmp_path / "o1" / "report.json").read_text("utf-8"))

    same = tmp_path / "same.json"
    same.write_text(json.dumps(report), "utf-8")
    again = CliRunner().invoke(app, [*args, "--baseline", str(same)])
    assert again.exit_code == 0, again.output

    raised = json.loads(json.dumps(report))
    raised["summary"]["en"]["citation_accuracy"] = (
        report["summary"]["en"]["citation_accuracy"] or 0.0
    ) + 0.1
    higher = tmp_path / "higher.json"
    higher.write_text(json.dumps(raised), "utf-8")
    gated = CliRunner().invoke(app, [*args, "--baseline", str(higher)])
    assert gated.exit_code == 1, gated.output
    assert "en citation_accuracy" in gated.output


def test_eval_on_a_throwaway_index_of_another_corpus(settings: Settings, tmp_path: Path) -> None:
    """`tutor eval --corpus DIR --dataset FILE`: anyone's notes, anyone's questions, with
    "file › heading" sources and notes_lang giving the by-direction table."""
    from tutor.cli import app

    notes = tmp_path / "mynotes"
    notes.mkdir()
    (notes / "api.en.md").write_text(
        "# API notes\n## Amazon API Gateway\n- Integration timeout is 29 seconds at most\n"
        "- Stage variables work like environment variables for a stage\n", "utf-8")
    cases = [
        {"id": "en-apigw", "lang": "en", "question": "What is the API Gateway integration "
         "timeout?", "reference": "29 s", "must_include": [r"29\s*(秒|s)"],
         "sources": ["api.en.md › Amazon API Gateway"], "notes_lang": "en"},
        {"id": "ja-apigw", "lang": "ja", "question": "API Gatewayの統合タイムアウトの上限は？",
         "reference": "29秒", "must_include": [r"29\s*(秒|s)"],
         "sources": ["api.en.md › API Gateway"], "notes_lang": "en"},
        {"id": "en-off", "lang": "en", "question": "How do I bake sourdough bread?",
         "reference": "", "answerable": False, "kind": "off_topic"},
    ]
    dataset = tmp_path / "mine.jsonl"
    dataset.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in cases), "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["eval", "--corpus", str(notes), "--dataset", str(dataset),
                                      "--output", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert report["config"]["corpus"] and report["summary"]["all"]["answer_accuracy"] == 1.0
    assert set(report["by_direction"]) == {"en→en", "ja→en"}
    assert report["summary"]["all"]["refusal_accuracy"] == 1.0
