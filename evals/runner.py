"""Run the eval set through the real tutor and gate on a baseline report.

`eval_command` is registered by the CLI as `tutor eval`; everything heavy (the tutor,
matplotlib) is imported inside functions so `tutor --help` stays fast.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from evals.dataset import DatasetError, EvalCase, load_dataset
from evals.metrics import (
    CaseRecord,
    case_passes,
    compare_to_baseline,
    hit_rank,
    summarize_by_lang,
)
from tutor.settings import REPO_ROOT, Settings

__all__ = ["DEFAULT_DATASET", "compare_to_baseline", "eval_command", "run_eval"]

DEFAULT_DATASET = REPO_ROOT / "evals" / "datasets" / "dva.jsonl"


def git_commit() -> str | None:
    """The checked-out commit, so a report can be traced to the code that produced it."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def _display_path(path: Path) -> str:
    """Repo-relative when inside the repo, so reports from different checkouts compare."""
    try:
        return Path(path).resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return str(path)


def case_row(case: EvalCase, answer: Any, record: CaseRecord) -> dict[str, Any]:
    """One line of cases.jsonl: the whole Answer plus the per-metric verdicts."""
    return {
        "id": case.id,
        "lang": case.lang,
        **answer.model_dump(mode="json"),
        "retrieved": list(answer.retrieved),
        "rank": hit_rank(record) if case.answerable else None,
        "answerable": case.answerable,
        "pass": case_passes(record),
    }


def _answer_all(tutor: Any, cases: list[EvalCase],
                progress: bool | Callable[[int, int], None]) -> list[Any]:
    """Answer every case; ``progress`` is a rich bar (True), a (done, total) callback, or off."""
    if callable(progress):
        answers = []
        for i, case in enumerate(cases):
            answers.append(tutor.answer(case.question))
            progress(i + 1, len(cases))
        return answers
    if not progress:
        return [tutor.answer(c.question) for c in cases]
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    answers = []
    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task("Answering eval questions", total=len(cases))
        for case in cases:
            answers.append(tutor.answer(case.question))
            bar.advance(task)
    return answers


def run_eval(
    settings: Settings,
    dataset_path: Path,
    llm: str | None = None,
    output_dir: Path = Path("eval-out"),
    progress: bool | Callable[[int, int], None] = True,
) -> dict[str, Any]:
    """Answer every case with the tutor, score it, write the four output files."""
    cases = load_dataset(dataset_path)  # before the heavy imports: fail fast on a bad set
    from evals.report import write_outputs
    from tutor.chain import Tutor

    if llm:
        settings = settings.model_copy(update={"llm": llm})
    answers = _answer_all(Tutor(settings), cases, progress)
    records = [CaseRecord.from_answer(c, a) for c, a in zip(cases, answers, strict=True)]
    rows = [case_row(c, a, r) for c, a, r in zip(cases, answers, records, strict=True)]
    report = {
        "summary": summarize_by_lang(records),
        "config": {
            "embedder": settings.embedder,
            "llm": settings.llm,
            "dataset": _display_path(dataset_path),
            "n_cases": len(cases),
            "top_k": settings.top_k,
            "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
            "git_commit": git_commit(),
        },
    }
    write_outputs(Path(output_dir), report, rows)
    return report


def load_baseline(path: Path) -> dict[str, Any]:
    """A baseline is a previous report.json; its "summary" is what the gate compares."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DatasetError(f"baseline {path}: cannot read ({exc})") from None
    summary = data.get("summary") if isinstance(data, dict) else None
    if not isinstance(summary, dict):
        raise DatasetError(f"baseline {path}: no 'summary' object (expected a report.json)")
    return summary


def eval_command(
    dataset: Annotated[
        Path, typer.Option(help="JSON Lines eval set.", dir_okay=False)
    ] = DEFAULT_DATASET,
    llm: Annotated[
        str | None, typer.Option(help="Override the backend: extractive | ollama/<m> | openai/<m>.")
    ] = None,
    output: Annotated[Path, typer.Option(help="Directory for the report files.")] = Path(
        "eval-out"
    ),
    baseline: Annotated[
        Path | None, typer.Option(help="A previous report.json; fail on regressions > 0.02.")
    ] = None,
) -> None:
    """Score the tutor on the eval set; exit 1 if it regressed against --baseline."""
    from rich.console import Console

    from evals.report import summary_table
    from ingest.store import EmbedderMismatchError, IndexMissingError

    console = Console()
    try:
        baseline_summary = load_baseline(baseline) if baseline else None
        report = run_eval(Settings(), dataset, llm=llm, output_dir=output)
    except DatasetError as exc:
        console.print(f"[red]Eval set error:[/red] {exc}")
        raise typer.Exit(2) from None
    except (IndexMissingError, EmbedderMismatchError) as exc:
        console.print(f"[red]Index error:[/red] {exc}")
        raise typer.Exit(2) from None
    console.print(summary_table(report["summary"], title=f"Eval ({report['config']['llm']})"))
    console.print(f"Report written to {output}/report.md")
    if baseline_summary is None:
        return
    regressions = compare_to_baseline(report["summary"], baseline_summary)
    if regressions:
        console.print(f"[red]Regressions against {baseline}:[/red]")
        for line in regressions:
            console.print(f"  - {line}")
        raise typer.Exit(1)
    console.print(f"[green]No regressions against {baseline}.[/green]")
