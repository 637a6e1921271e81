"""``tutor quiz``: drill in the terminal, or export the quiz as JSON, CSV or an Anki deck.

A plain function with Typer-annotated parameters; the lead's Typer app registers it. It
builds ``Settings()`` itself (the CLI edge is where the environment is read).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tutor.quiz.items import ITEM_TYPES, LETTERS, QuizItem, grade

FORMATS = ("text", "json", "csv", "anki")
UI = {
    "ja": {"choose2": "（2つ選択。例: A,C）", "mcq": "答え (A-D)", "multi": "答え (例: A,C)",
           "truefalse": "答え (○/×)", "cloze": "答え", "right": "正解！",
           "wrong": "不正解。正解: {key}", "again": "読み取れませんでした。もう一度どうぞ。",
           "score": "スコア: {score}/{n}", "review": "復習: 期限の来た問題 {k} 問から出題します。"},
    "en": {"choose2": "(choose 2, e.g. A,C)", "mcq": "Answer (A-D)", "multi": "Answer (e.g. A,C)",
           "truefalse": "Answer (T/F)", "cloze": "Answer", "right": "Correct!",
           "wrong": "Wrong. Answer: {key}", "again": "Could not read that; try again.",
           "score": "Score: {score}/{n}", "review": "Review: {k} due item(s) first."},
}


def _check_choice(value: str | None, allowed: tuple[str, ...], name: str) -> None:
    if value is not None and value not in allowed:
        raise typer.BadParameter(f"{name} must be one of: {', '.join(allowed)}")


def ask_item(item: QuizItem, number: int, total: int) -> bool:
    """Show one item, read an answer (re-asking once if unreadable), explain, return verdict."""
    from tutor.quiz.export import answer_text

    ui = UI[item.lang]
    tag = " · scenario" if item.scenario else ""
    typer.echo(f"\nQ{number}/{total} [{item.service} · D{item.domain} · {item.difficulty}{tag}]")
    typer.echo(item.stem)
    if item.type in ("mcq", "multi"):
        for i, opt in enumerate(item.options):
            typer.echo(f"  {LETTERS[i]}. {opt}")
    if item.type == "multi":
        typer.echo(ui["choose2"])
    verdict: bool | None = None
    for _ in range(2):
        raw = typer.prompt(ui[item.type], default="", show_default=False)
        verdict = grade(item, raw)
        if verdict is not None:
            break
        typer.echo(ui["again"])
    ok = bool(verdict)
    typer.echo(ui["right"] if ok else ui["wrong"].format(key=answer_text(item)))
    typer.echo(item.explanation)
    return ok


def run_interactive(items: list[QuizItem], record=None) -> int:  # noqa: ANN001
    """Ask every item; ``record(item, ok)`` stores each verdict. Returns the score."""
    score = asked = 0
    try:
        for i, item in enumerate(items, 1):
            ok = ask_item(item, i, len(items))
            asked += 1
            score += ok
            if record:
                record(item, ok)
    except typer.Abort:  # end of input or Ctrl-C: still show the score
        typer.echo("")
    lang = items[0].lang if items else "ja"
    typer.echo("\n" + UI[lang]["score"].format(score=score, n=asked))
    return score


def quiz_command(
    n: Annotated[int, typer.Option("--n", "-n", min=1, help="Number of questions.")] = 10,
    service: Annotated[str | None, typer.Option(help="Only this service, e.g. SQS.")] = None,
    domain: Annotated[int | None, typer.Option(min=1, max=4, help="DVA-C02 domain 1-4.")] = None,
    difficulty: Annotated[str | None, typer.Option(help="easy | medium | hard.")] = None,
    lang: Annotated[str | None, typer.Option(help="ja | en (default: both).")] = None,
    format: Annotated[str, typer.Option("--format", "-f",  # noqa: A002
                                        help="text | json | csv | anki.")] = "text",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write.")] = None,
    seed: Annotated[int | None, typer.Option(help="Same seed, same quiz.")] = None,
    review: Annotated[bool, typer.Option(help="Drill due wrong answers first.")] = False,
    types: Annotated[list[str] | None, typer.Option(
        "--type", help="mcq | multi | truefalse | cloze (repeatable).")] = None,
) -> None:
    """Drill exam-style questions generated from the notes."""
    from core.settings import Settings
    from ingest.store import EmbedderMismatchError, IndexMissingError
    from tutor.progress import record_answer
    from tutor.quiz import export, generate
    from tutor.quiz.assemble import matches
    from tutor.quiz.review import ReviewStore

    _check_choice(difficulty, ("easy", "medium", "hard"), "--difficulty")
    _check_choice(lang, ("ja", "en"), "--lang")
    _check_choice(format, FORMATS, "--format")
    for t in types or []:
        _check_choice(t, ITEM_TYPES, "--type")
    if output is not None and output.is_dir():  # a usage error, before any work
        typer.echo(f"error: --output {output} is a folder; give a file name, e.g. "
                   f"{output / ('quiz.apkg' if format == 'anki' else 'quiz.' + format)}", err=True)
        raise typer.Exit(2)
    settings = Settings()
    filters = {"types": types or None, "service": service, "domain": domain,
               "difficulty": difficulty, "lang": lang}
    store = ReviewStore(settings.review_db)
    items: list[QuizItem] = []
    if review:
        items = [it for it in store.due(limit=n) if matches(it, **filters)]  # type: ignore[arg-type]
        if items and format == "text":
            typer.echo(UI[lang or items[0].lang]["review"].format(k=len(items)))
    try:
        fresh = generate(settings=settings, n=n, seed=seed, **filters) if len(items) < n else []  # type: ignore[arg-type]
    except (IndexMissingError, EmbedderMismatchError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc
    seen = {it.fingerprint() for it in items}
    items += [it for it in fresh if it.fingerprint() not in seen][:n - len(items)]
    if not items:
        from ingest.store import empty_sections, load_chunks
        from tutor.quiz.assemble import why_empty

        typer.echo(why_empty(lang or "en", service, load_chunks(settings),
                             empty_sections(settings)), err=True)
        raise typer.Exit(1)
    if format == "text":
        run_interactive(items, record=lambda item, ok: record_answer(settings, item, ok, "cli"))
    elif format == "anki":
        path = export.export_apkg(items, output or Path("quiz.apkg"))
        typer.echo(f"Wrote {len(items)} notes to {path}")
    else:
        text = export.to_json(items) if format == "json" else export.to_csv(items)
        if output:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
            typer.echo(f"Wrote {len(items)} items to {output}")
        else:
            typer.echo(text)
