"""The over-time plot draws a point for every (day, service): one day of practice is visible."""

from __future__ import annotations

import pandas as pd

from tutor.web.progress_tab import day_figure


def _frame(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame({"day": [pd.Timestamp(d) for d, _, _ in rows],
                         "service": [s for _, s, _ in rows],
                         "accuracy": [a for _, _, a in rows]})


def test_single_day_service_is_a_visible_point_and_others_are_lines():
    fig = day_figure(_frame([("2026-11-20", "SQS", 50.0), ("2026-11-20", "Lambda", 0.0),
                             ("2026-11-22", "Lambda", 100.0)]))
    lines = {ln.get_label(): ln for ln in fig.axes[0].get_lines()}
    assert set(lines) == {"SQS", "Lambda"}
    assert list(lines["SQS"].get_ydata()) == [50.0]
    assert lines["SQS"].get_marker() == "o" and lines["SQS"].get_markersize() > 0
    assert list(lines["Lambda"].get_ydata()) == [0.0, 100.0]
    lo, hi = fig.axes[0].get_ylim()
    assert lo < 0 and hi > 100  # a 0 % or 100 % point is not clipped by the frame


def test_a_single_day_gets_a_date_range_wide_enough_to_show_it():
    fig = day_figure(_frame([("2026-11-20", "SQS", 100.0)]))
    lo, hi = fig.axes[0].get_xlim()
    assert hi > lo


def test_no_answers_draw_no_figure():
    assert day_figure(_frame([])) is None
