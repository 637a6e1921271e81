"""Write an eval run to disk: JSON for machines, Markdown and a chart for people."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from evals.metrics import GROUPS, LATENCY_METRICS, METRICS, RATE_METRICS, REGISTRY

Summary = dict[str, dict[str, float | None]]

def fmt(metric: str, value: float | None) -> str:
    """Rates as 0.000, latencies as whole milliseconds, missing as an em dash."""
    if value is None:
        return "—"
    return f"{value:.0f}" if metric in LATENCY_METRICS else f"{value:.3f}"


def failures(row: dict[str, Any]) -> list[str]:
    """Names of the verdicts a case row failed."""
    verdicts = row.get("pass", {})
    return [m.name for m in REGISTRY if m.lists_failures and verdicts.get(m.name) is False]


def render_markdown(report: dict[str, Any], rows: Sequence[dict[str, Any]]) -> str:
    """Metrics as rows, ja/en/all as columns, then every failed case with its reasons."""
    summary: Summary = report["summary"]
    config = report.get("config", {})
    lines = [
        "# DVA-C02 tutor eval",
        "",
        ", ".join(f"{k}: `{config[k]}`" for k in ("llm", "embedder", "n_cases") if k in config),
        "",
        "| metric | " + " | ".join(GROUPS) + " |",
        "|---|" + "---:|" * len(GROUPS),
    ]
    for metric in METRICS:
        cells = [fmt(metric, summary.get(g, {}).get(metric)) for g in GROUPS]
        lines.append(f"| {metric} | " + " | ".join(cells) + " |")
    by_direction = report.get("by_direction") or {}
    if by_direction:
        lines += ["", "## By direction (question → notes, answerable cases)", "",
                  "| metric | " + " | ".join(by_direction) + " |",
                  "|---|" + "---:|" * len(by_direction)]
        for metric in DIRECTION_METRICS:
            cells = [fmt(metric, by_direction[d].get(metric)) for d in by_direction]
            lines.append(f"| {metric} | " + " | ".join(cells) + " |")
    failed = [(row, failures(row)) for row in rows]
    failed = [(row, why) for row, why in failed if why]
    lines += ["", f"## Failed cases ({len(failed)})", ""]
    if not failed:
        lines.append("None.")
    for row, why in failed:
        question = str(row.get("question", "")).replace("\n", " ")
        answer = " ".join(str(row.get("answer", "")).split())
        answer = answer if len(answer) <= 90 else answer[:89] + "…"
        lines.append(f"- `{row['id']}` ({row['lang']}): {', '.join(why)} — {question}")
        lines.append(f"  → {answer}")
    return "\n".join(lines) + "\n"


def plot_chart(summary: Summary, path: Path) -> None:
    """Grouped bars of the rate metrics, one bar per language group."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    width = 0.27
    fig, ax = plt.subplots(figsize=(11, 4.5))
    for i, group in enumerate(GROUPS):
        values = [summary.get(group, {}).get(m) for m in RATE_METRICS]
        xs = [j + (i - 1) * width for j in range(len(RATE_METRICS))]
        heights = [float("nan") if v is None else v for v in values]
        ax.bar(xs, heights, width, label=group)
    ax.set_xticks(range(len(RATE_METRICS)), RATE_METRICS, rotation=30, ha="right")
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("rate (false_refusal_rate: lower is better)")
    ax.set_title("DVA-C02 tutor eval by language")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_outputs(output_dir: Path, report: dict[str, Any], rows: Sequence[dict[str, Any]]) -> None:
    """report.json, cases.jsonl, report.md and chart.png in `output_dir`."""
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / "report.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    with (output_dir / "cases.jsonl").open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    (output_dir / "report.md").write_text(render_markdown(report, rows), encoding="utf-8")
    plot_chart(report["summary"], output_dir / "chart.png")


def summary_table(summary: Summary, title: str = "Eval summary") -> Any:
    """A rich Table of the summary for the terminal."""
    from rich.table import Table

    table = Table(title=title)
    table.add_column("metric")
    for group in GROUPS:
        table.add_column(group, justify="right")
    for metric in METRICS:
        table.add_row(metric, *(fmt(metric, summary.get(g, {}).get(metric)) for g in GROUPS))
    return table


DIRECTION_METRICS = ("hit@1", "hit@3", "answer_accuracy", "first_line_accuracy",
                     "citation_accuracy", "false_refusal_rate")


def direction_table(by_direction: Summary) -> Any:
    """Answerable cases by question → notes language (en→ja: English question, Japanese notes)."""
    from rich.table import Table

    table = Table(title="By direction (question → notes)")
    table.add_column("metric")
    for d in by_direction:
        table.add_column(d, justify="right")
    for metric in DIRECTION_METRICS:
        table.add_row(metric, *(fmt(metric, by_direction[d].get(metric)) for d in by_direction))
    return table
