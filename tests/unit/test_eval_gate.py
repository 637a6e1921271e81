"""`tutor eval --baseline` must exit non-zero when a metric regressed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from evals import runner
from evals.metrics import GROUPS, METRICS
from tutor.cli import eval_command

CURRENT = {g: dict.fromkeys(METRICS, 0.80) for g in GROUPS}
for _group in CURRENT.values():
    _group["false_refusal_rate"] = 0.05


def write_report(path: Path, summary: dict[str, Any]) -> Path:
    path.write_text(json.dumps({"summary": summary, "config": {}}), encoding="utf-8")
    return path


@pytest.fixture
def fake_run(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Replace the tutor run with a fixed summary: the gate is what is under test."""
    calls: list[dict[str, Any]] = []

    def fake(settings: Any, dataset_path: Path, make_tutor: Any, **kw: Any) -> dict[str, Any]:
        calls.append({"dataset": dataset_path, **kw})
        return {"summary": CURRENT, "config": {"llm": kw.get("llm") or "extractive"}}

    monkeypatch.setattr(runner, "run_eval", fake)
    return calls


def test_higher_baseline_fails_with_exit_1(tmp_path: Path, fake_run: list, capsys) -> None:
    better = json.loads(json.dumps(CURRENT))
    better["ja"]["answer_accuracy"] = 0.90
    baseline = write_report(tmp_path / "base.json", better)
    with pytest.raises(typer.Exit) as info:
        eval_command(
            dataset=tmp_path / "d.jsonl", llm=None, output=tmp_path, baseline=baseline,
            corpus=None)
    assert info.value.exit_code == 1
    out = capsys.readouterr().out
    assert "ja answer_accuracy" in out


def test_false_refusal_increase_fails(tmp_path: Path, fake_run: list) -> None:
    lower = json.loads(json.dumps(CURRENT))
    lower["all"]["false_refusal_rate"] = 0.0
    baseline = write_report(tmp_path / "base.json", lower)
    with pytest.raises(typer.Exit) as info:
        eval_command(
            dataset=tmp_path / "d.jsonl", llm=None, output=tmp_path, baseline=baseline,
            corpus=None)
    assert info.value.exit_code == 1


def test_equal_or_slightly_higher_baseline_passes(tmp_path: Path, fake_run: list) -> None:
    close = json.loads(json.dumps(CURRENT))
    close["all"]["answer_accuracy"] = 0.815  # within the 0.02 tolerance
    close["all"]["latency_p50_ms"] = 1.0  # latency is not gated
    baseline = write_report(tmp_path / "base.json", close)
    eval_command(
        dataset=tmp_path / "d.jsonl", llm="ollama/x", output=tmp_path, baseline=baseline,
        corpus=None
    )
    assert fake_run[0]["llm"] == "ollama/x"


def test_bad_dataset_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "dva.jsonl"
    bad.write_text('{"id": "a"}\n', encoding="utf-8")
    with pytest.raises(typer.Exit) as info:
        eval_command(dataset=bad, llm=None, output=tmp_path / "out", baseline=None, corpus=None)
    assert info.value.exit_code == 2


def test_registered_as_typer_command(tmp_path: Path, fake_run: list) -> None:
    app = typer.Typer()
    app.command("eval")(eval_command)
    app.command("noop")(lambda: None)  # two commands, so "eval" is a real subcommand
    better = json.loads(json.dumps(CURRENT))
    better["en"]["hit@1"] = 1.0
    baseline = write_report(tmp_path / "base.json", better)
    args = ["eval", "--dataset", str(tmp_path / "d.jsonl"), "--output", str(tmp_path / "o")]
    cli = CliRunner()
    assert cli.invoke(app, args).exit_code == 0
    result = cli.invoke(app, [*args, "--baseline", str(baseline)])
    assert result.exit_code == 1
    assert "en hit@1" in result.output


def test_a_drop_in_one_direction_fails_even_when_the_average_holds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    directions = {"en→ja": dict.fromkeys(METRICS, 0.80), "ja→en": dict.fromkeys(METRICS, 0.80)}

    def fake(settings: Any, dataset_path: Path, make_tutor: Any, **kw: Any) -> dict[str, Any]:
        return {"summary": CURRENT, "by_direction": directions, "config": {"llm": "extractive"}}

    monkeypatch.setattr(runner, "run_eval", fake)
    base = json.loads(json.dumps(directions))
    base["en→ja"]["answer_accuracy"] = 0.95
    path = tmp_path / "base.json"
    path.write_text(json.dumps({"summary": CURRENT, "by_direction": base}), encoding="utf-8")
    with pytest.raises(typer.Exit) as info:
        eval_command(dataset=tmp_path / "d.jsonl", llm=None, output=tmp_path, baseline=path,
                     corpus=None)
    assert info.value.exit_code == 1
