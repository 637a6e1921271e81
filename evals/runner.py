"""Run an eval set through a tutor and write the report; gate on a baseline report.

The tutor comes in as a factory (``make_tutor``), so evals/ depends on nothing of
tutor/: the CLI (`tutor eval`) and the web app pass the real one, tests a stand-in.
Everything heavy (matplotlib) is imported inside functions.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.settings import REPO_ROOT, Settings
from evals.checks import hit_rank
from evals.dataset import DatasetError, EvalCase, load_dataset
from evals.metrics import case_passes, compare_to_baseline, summarize_by_direction, summarize_by_lang
from evals.record import CaseRecord

__all__ = ["DEFAULT_DATASET", "compare_to_baseline", "load_baseline", "run_eval"]

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


def answer_case(tutor: Any, case: EvalCase) -> Any:
    """The tutor's Answer, or an empty failed one: one bad case never aborts the run."""
    from core.models import Answer

    try:
        return tutor.answer(case.question)
    except Exception as exc:  # recorded as a failed case, with the reason
        return Answer(question=case.question[:200], language=case.lang, answer="",
                      notices=[f"error: {type(exc).__name__}: {str(exc)[:200]}"])


def _answer_all(tutor: Any, cases: list[EvalCase],
                progress: bool | Callable[[int, int], None]) -> list[Any]:
    """Answer every case; ``progress`` is a rich bar (True), a (done, total) callback, or off."""
    if callable(progress):
        answers = []
        for i, case in enumerate(cases):
            answers.append(answer_case(tutor, case))
            progress(i + 1, len(cases))
        return answers
    if not progress:
        return [answer_case(tutor, c) for c in cases]
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    answers = []
    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task("Answering eval questions", total=len(cases))
        for case in cases:
            answers.append(answer_case(tutor, case))
            bar.advance(task)
    return answers


def throwaway_index(settings: Settings, corpus: Path | list[Path]) -> Settings:
    """Settings for a fresh index of the ``corpus`` folder(s) in a temporary folder."""
    import tempfile

    from ingest.pipeline import ingest_and_report

    folders = [Path(c).resolve() for c in (corpus if isinstance(corpus, list) else [corpus])]
    data = Path(tempfile.mkdtemp(prefix="tutor-eval-index-"))
    settings = settings.model_copy(update={"corpus_dir": folders[0], "data_dir": data,
                                           "chroma_url": None})
    ingest_and_report(settings, folders)
    return settings


def run_eval(
    settings: Settings,
    dataset_path: Path,
    make_tutor: Callable[[Settings], Any],
    llm: str | None = None,
    output_dir: Path = Path("eval-out"),
    progress: bool | Callable[[int, int], None] = True,
    corpus: Path | list[Path] | None = None,
) -> dict[str, Any]:
    """Answer every case with the tutor, score it, write the four output files.

    With ``corpus`` (one folder or several), a throwaway index of it is built first and
    used instead.
    """
    cases = load_dataset(dataset_path)  # before the heavy imports: fail fast on a bad set
    from evals.report import write_outputs

    if llm:
        settings = settings.model_copy(update={"llm": llm})
    if corpus:
        settings = throwaway_index(settings, corpus)
    answers = _answer_all(make_tutor(settings), cases, progress)
    records = [CaseRecord.from_answer(c, a) for c, a in zip(cases, answers, strict=True)]
    rows = [case_row(c, a, r) for c, a, r in zip(cases, answers, records, strict=True)]
    report = {
        "summary": summarize_by_lang(records),
        "by_direction": summarize_by_direction(records),
        "config": {
            "embedder": settings.embedder,
            "llm": settings.llm,
            "dataset": _display_path(dataset_path),
            "corpus": [_display_path(c) for c in (corpus if isinstance(corpus, list)
                                                   else [corpus])] if corpus else None,
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
    return {**summary, **gated_directions(data)}


def gated_directions(report: dict[str, Any]) -> dict[str, Any]:
    """A report's by-direction summaries, as extra groups for the baseline gate."""
    by_direction = report.get("by_direction") or {}
    return {d: s for d, s in by_direction.items() if isinstance(s, dict)}
