"""The CLI's answer text: as the answerer wrote it, or for "A vs B" side by side.

A comparison reads best as two columns, as in the web UI; which quote goes under which
term is decided once, by ``compare_sides`` (tutor/web/compare.py, pure logic, no Gradio),
so the terminal and the browser never disagree. Here only the terminal layout: a rich
``Table`` whose cells wrap at any width. Every other answer prints as written, its bold
lead in bold and its bullets kept beside their lines.
"""

from __future__ import annotations

import re

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from core.models import Answer, Quote
from tutor.answerers.extractive import INTRO, MORE_TITLE, quote_body, topic_of
from tutor.asks import compared_terms
from tutor.web.compare import Sides, compare_sides


def quote_text(q: Quote, topic: str = "") -> Text:
    """「line」: 「item」 / 「item」 (gloss) [n], its parent bullet as context, as the web
    shows it; the gloss dim, since it is a reading aid and not the notes' words."""
    out = Text()
    if q.parent and q.parent != topic:
        out.append(f"「{q.parent}」 › ", style="dim")
    out.append(quote_body(q))
    if q.gloss:
        out.append(f" ({q.gloss})", style="dim")
    out.append(f" [{q.n}]")
    return out


def comparison(answer: Answer) -> Sides | None:
    """The two term-named columns of a comparison answer, or None (print as today):
    refused, no quotes, not a comparison, or a side no quoted line names."""
    if answer.refused or not answer.quotes:
        return None
    terms = answer.compared or compared_terms(answer.question)
    if not terms or len(terms) < 2:
        return None
    shown = [q for q in answer.quotes if q.role != "more"]
    more = [q for q in answer.quotes if q.role == "more"]
    sides = compare_sides(shown, more, terms)
    if sides is None or not sides.names or not all(sides.columns):
        return None  # the section fallback has no compared terms to head the columns
    return sides


def _bullets(quotes: list[Quote]) -> Table:
    """One side's lines, each under a bullet that stays beside it when the line wraps (a
    Japanese line has no space to break at, so "• " + line would leave the bullet alone)."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=1)
    grid.add_column(ratio=1, overflow="fold")
    for q in quotes:
        grid.add_row("•", quote_text(q, q.parent))
    return grid


def _rest(quotes: list[Quote], used: list[Quote]) -> list[Quote]:
    """The quotes the columns do not show; a label whose items went to the two sides
    keeps only its other items (it is dropped when none is left), so no line shows twice."""
    shown = {x for q in used for x in (q.text, *q.items)}
    rest = []
    for q in quotes:
        if q in used:
            continue
        items = [i for i in q.items if i not in shown]
        if q.items and not items:
            continue
        rest.append(q.model_copy(update={"items": items}) if items != q.items else q)
    return rest


def comparison_body(answer: Answer, sides: Sides) -> RenderableType:
    """Intro, the lines naming both sides (bold), the two columns, then the other quotes."""
    key = "ja" if answer.language == "ja" else "en"
    topic = topic_of(answer, next((q for q in answer.quotes if q.role == "lead"),
                                  answer.quotes[0]))
    parts: list[RenderableType] = [Text(INTRO[key].format(topic=topic))] if topic else []
    for q in sides.both:
        parts.append(Text.assemble(quote_text(q), style="bold"))
    table = Table(expand=True)
    cells = []
    for name, column in zip(sides.names, sides.columns, strict=False):
        table.add_column(name, ratio=1, overflow="fold")
        cells.append(_bullets(column))
    table.add_row(*cells)
    parts.append(table)
    rest = _rest(answer.quotes, sides.quotes)
    if rest:
        parts.append(Text(MORE_TITLE[key]))
        parts += [Text("- ") + quote_text(q, topic) for q in rest]
    return Group(*parts)


_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _styled(line: str) -> Text:
    """A line of the answer with its **lead** in bold rather than between asterisks."""
    out, at = Text(), 0
    for m in _BOLD.finditer(line):
        out.append(line[at:m.start()])
        out.append(m.group(1), style="bold")
        at = m.end()
    out.append(line[at:])
    return out


def plain_body(text: str) -> RenderableType:
    """The answer as written, its "- " items as bullets that stay beside their line when it
    wraps (a Japanese quote has no space to break at: rich would leave "- " alone on its
    row and push the whole quote below it)."""
    parts: list[RenderableType] = []
    items: Table | None = None
    for line in text.split("\n"):
        if line.startswith("- "):
            if items is None:
                items = Table.grid(padding=(0, 1))
                items.add_column(width=1)
                items.add_column(ratio=1, overflow="fold")
                parts.append(items)
            items.add_row("-", _styled(line[2:]))
            continue
        items = None
        parts.append(_styled(line))
    return Group(*parts)


def print_answer(console: Console, answer: Answer) -> None:
    """Notices, the answer (side by side for a comparison), sources, citation warnings."""
    for notice in answer.notices:
        console.print(f"[cyan]ℹ {escape(notice)}[/cyan]")
    sides = comparison(answer)
    if sides is not None:
        console.print(comparison_body(answer, sides))
    else:
        console.print(plain_body(answer.answer))
    if answer.citations:
        console.print("\n[bold]Sources / 出典[/bold]")
        for c in answer.citations:
            console.print(f"  [{c.n}] {escape(c.label)}")
    for sentence in answer.flagged_sentences:
        console.print(f"[yellow]⚠ not supported by the notes: {escape(sentence)}[/yellow]")
    if answer.removed:
        console.print(f"[yellow]⚠ {answer.removed} citation(s) pointing at no passage were "
                      "removed.[/yellow]")
