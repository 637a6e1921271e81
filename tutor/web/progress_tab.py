"""The Progress tab: accuracy by exam domain (with its weight) and by service over time,
the weakest topics, and how many answers are due for review.

``progress_view`` is plain data (tested without a browser); ``build_progress_tab`` wires it.
"""

from __future__ import annotations

from typing import Any

import gradio as gr
import pandas as pd

from core.catalog import domains
from core.settings import Settings
from tutor import progress as pg
from tutor.web.i18n import t, ui_lang

TOP_SERVICES = 6  # lines in the over-time plot: the most-practised services


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.0%}"


def progress_view(settings: Settings, lang: str) -> dict[str, Any]:
    """{"summary", "domain_rows", "service_rows", "weak", "by_domain", "by_day", "due"}."""
    rows = pg.attempts(settings)
    due = len(pg.due_items(settings))
    info = domains()
    by_domain = pg.tally(rows, lambda a: a.domain)
    domain_rows = [[f"{n}. {d.name(lang)}", f"{d.weight}%", by_domain[n].answers
                    if n in by_domain else 0, _pct(by_domain[n].accuracy if n in by_domain
                                                   else None)]
                   for n, d in info.items()]
    service_rows = [[s, tl.answers, _pct(tl.accuracy), tl.last.strftime("%Y-%m-%d") if tl.last
                     else ""]
                    for s, tl in sorted(pg.tally(rows, lambda a: a.service).items())]
    weak = pg.weakest(rows)
    if rows:
        total = pg.tally(rows, lambda a: "all")["all"]
        summary = t("prog_total", lang, n=total.answers, acc=_pct(total.accuracy), due=due)
        weak_md = f"**{t('prog_weak', lang)}**\n\n" + "\n".join(
            f"{i}. **{s}** — {_pct(tl.accuracy)} ({tl.correct}/{tl.answers})"
            for i, (s, tl) in enumerate(weak, 1))
    else:
        summary, weak_md = t("prog_none", lang), ""
    # an answered domain's bar is named with its count: at 0 % the bar itself is invisible
    plot_domain = pd.DataFrame(
        {"domain": [f"D{n} ({d.weight}%)" + (f" {by_domain[n].correct}/{by_domain[n].answers}"
                                             if n in by_domain else "")
                    for n, d in info.items()],
         "accuracy": [round((by_domain[n].accuracy or 0.0) * 100, 1) if n in by_domain else 0.0
                      for n in info]})
    top = [s for s, _ in sorted(pg.tally(rows, lambda a: a.service).items(),
                                key=lambda st: -st[1].answers)[:TOP_SERVICES]]
    day_rows = []  # running accuracy: a day of one or two answers does not swing 0 ↔ 100 %
    for svc in top:
        done = right = 0
        for day, tl in sorted(pg.tally([a for a in rows if a.service == svc],
                                       lambda a: a.at.date().isoformat()).items()):
            done, right = done + tl.answers, right + tl.correct
            day_rows.append((day, svc, right / done))
    plot_day = pd.DataFrame({"day": [pd.Timestamp(d) for d, _, _ in day_rows],
                             "service": [x for _, x, _ in day_rows],
                             "accuracy": [round((acc or 0.0) * 100, 1) for _, _, acc in day_rows]})
    return {"summary": summary, "domain_rows": domain_rows, "service_rows": service_rows,
            "weak": weak_md, "by_domain": plot_domain, "by_day": plot_day, "due": due}


def day_figure(by_day: pd.DataFrame) -> Any:
    """Accuracy by service over time as lines with points: a service practised on one day
    is one point, which a plain line plot leaves invisible. None when nothing is answered."""
    if by_day.empty:
        return None
    from matplotlib.dates import AutoDateLocator, DateFormatter
    from matplotlib.figure import Figure  # no pyplot: no global state between sessions

    fig = Figure(figsize=(6.4, 3.6), dpi=100)
    fig.subplots_adjust(left=0.09, right=0.76, top=0.86, bottom=0.1)  # room for the label
    ax = fig.add_subplot()
    for service, rows in by_day.groupby("service", sort=True):
        ax.plot(rows["day"], rows["accuracy"], marker="o", markersize=6, linewidth=1.8,
                label=service)
    days = by_day["day"]
    pad = pd.Timedelta(hours=12)
    ax.set_xlim(days.min() - pad, days.max() + pad)
    ax.set_ylim(-5, 105)
    ax.set_ylabel("%")
    ax.xaxis.set_major_locator(AutoDateLocator(minticks=1, maxticks=7))
    ax.xaxis.set_major_formatter(DateFormatter("%m-%d"))
    ax.grid(alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return fig


def domain_headers(lang: str) -> list[str]:
    return [t("prog_domain", lang), t("prog_weight", lang), t("prog_answers", lang),
            t("prog_acc", lang)]


def service_headers(lang: str) -> list[str]:
    return [t("prog_service", lang), t("prog_answers", lang), t("prog_acc", lang),
            t("prog_last", lang)]


def build_progress_tab(settings: Settings, lang: gr.Radio) -> tuple[list[Any], Any, Any]:
    """The tab's components; returns (relabelled components, relabel, refresh)."""
    intro = gr.Markdown(t("prog_intro", "ja"))
    refresh_btn = gr.Button(t("prog_refresh", "ja"), size="sm", elem_id="progress-refresh")
    summary = gr.Markdown(elem_id="progress-summary")
    with gr.Row(equal_height=False):
        bars = gr.BarPlot(x="domain", y="accuracy", y_lim=[0, 100], x_label_angle=-25,
                          title=t("prog_by_domain", "ja"), y_title="%",
                          x_title=t("prog_domain", "ja"), elem_id="progress-domains",
                          min_width=300)
        line = gr.Plot(label=t("prog_by_day", "ja"), format="png", elem_id="progress-days",
                       min_width=300)
    weak = gr.Markdown(elem_id="progress-weak")
    dom_table = gr.Dataframe(headers=domain_headers("ja"), interactive=False, wrap=True,
                             elem_id="progress-domain-table")
    svc_table = gr.Dataframe(headers=service_headers("ja"), interactive=False, wrap=True,
                             elem_id="progress-service-table")

    def refresh(choice: str) -> list[Any]:
        ui = ui_lang(choice)
        v = progress_view(settings, ui)
        return [v["summary"], v["by_domain"], day_figure(v["by_day"]), v["weak"],
                {"headers": domain_headers(ui), "data": v["domain_rows"]},
                {"headers": service_headers(ui), "data": v["service_rows"]}]

    outs = [summary, bars, line, weak, dom_table, svc_table]
    refresh_btn.click(refresh, [lang], outs, api_visibility="private")

    def relabel(ui: str) -> list[Any]:
        return [gr.update(value=t("prog_intro", ui)), gr.update(value=t("prog_refresh", ui)),
                gr.update(title=t("prog_by_domain", ui), x_title=t("prog_domain", ui)),
                gr.update(label=t("prog_by_day", ui))]

    return [intro, refresh_btn, bars, line], relabel, (refresh, outs)
