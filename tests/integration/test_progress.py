"""Study progress end to end: a CLI quiz and a web quiz answer land in the same store."""

from __future__ import annotations

from tests.integration.test_quiz_cli import _answers, _app, runner
from tutor import progress
from tutor.quiz import generate
from tutor.web import quizflow as qf
from tutor.web.progress_tab import progress_view


def test_cli_and_web_answers_both_count_in_progress_and_review(indexed_settings):
    items = generate(settings=indexed_settings, n=3, seed=11, lang="en")
    result = runner.invoke(_app(), ["--n", "3", "--seed", "11", "--lang", "en"],
                           input=_answers(items, right=False))
    assert result.exit_code == 0, result.output
    rows = progress.attempts(indexed_settings)
    assert len(rows) == 3 and not any(a.correct for a in rows)
    assert {a.service for a in rows} == {it.service for it in items}
    assert len(progress.due_items(indexed_settings)) == 3

    state, _ = qf.start_quiz(indexed_settings, lang="en", n=1, seed=11)
    item = qf.current(state)
    progress.record_answer(indexed_settings, item, True)  # what the Quiz tab calls
    view = progress_view(indexed_settings, "en")
    assert view["summary"].startswith("4 answers · 25% correct")
    answered = {row[0]: row[2] for row in view["domain_rows"]}
    assert sum(answered.values()) == 4
    assert [r for r in view["domain_rows"] if r[1].endswith("%")]  # exam weights shown
    assert view["weak"] and len(view["by_domain"]) == 4
    # a domain answered only wrongly still shows on the plot: its label carries the count
    labels = list(view["by_domain"]["domain"])
    assert sum(int(lab.rsplit("/", 1)[1]) for lab in labels if "/" in lab) == 4
    # the over-time plot is running accuracy: each service's last point is its overall figure
    last = view["by_day"].groupby("service")["accuracy"].last()
    overall = {row[0]: row[2] for row in view["service_rows"]}
    assert {s: f"{a:.0f}%" for s, a in last.items()} == {s: overall[s] for s in last.index}
