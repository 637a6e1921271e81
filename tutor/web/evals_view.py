"""The Evals tab's tables, for learners as much as maintainers: each metric with a one-line
meaning in the UI language and its change against ``evals/baseline.json``, and the
failing cases with what was expected, what the tutor said and what it cited.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tutor.web.i18n import t

ANSWER_CHARS = 160


def _meaning(metric: str, lang: str) -> str:
    from evals.metrics import BY_NAME

    m = BY_NAME.get(metric)
    return "" if m is None else (m.ja if lang == "ja" else m.en)


def metric_rows(summary: dict[str, dict[str, float | None]],
                baseline: dict[str, dict[str, float | None]] | None,
                lang: str) -> tuple[list[str], list[list[Any]]]:
    """(headers, rows): metric, meaning, ja, en, all, baseline (all), change (all)."""
    from evals.metrics import GROUPS, LOWER_IS_BETTER, METRICS, RATE_METRICS
    from evals.report import fmt

    headers = [t("eval_metric", lang), t("eval_meaning", lang), *GROUPS,
               t("eval_base", lang), t("eval_delta", lang)]
    rows = []
    for m in METRICS:
        now = summary.get("all", {}).get(m)
        base = (baseline or {}).get("all", {}).get(m)
        change = ""
        if m in RATE_METRICS and now is not None and base is not None:
            delta = now - base
            worse = delta > 0.02 if m in LOWER_IS_BETTER else delta < -0.02
            change = f"{delta:+.3f}" + (" ⚠️" if worse else "")
        rows.append([m, _meaning(m, lang), *(fmt(m, summary.get(g, {}).get(m)) for g in GROUPS),
                     fmt(m, base) if base is not None else "—", change])
    return headers, rows


def _expected(case: Any, lang: str) -> str:
    if case is None:
        return ""
    if not case.answerable:
        return t("refused", lang)
    return case.reference or " · ".join(case.must_include)


def _said(row: dict[str, Any]) -> str:
    text = " ".join(str(row.get("answer", "")).replace("**", "").split())
    return text if len(text) <= ANSWER_CHARS else text[:ANSWER_CHARS - 1] + "…"


def failing_rows(output_dir: Path, dataset: Path, lang: str
                 ) -> tuple[list[str], list[list[Any]]]:
    """(headers, rows) of the cases that failed a listed metric, from ``cases.jsonl``."""
    from evals.dataset import load_dataset
    from evals.report import failures

    cases = {c.id: c for c in load_dataset(dataset)}
    headers = ["id", t("eval_q", lang), t("eval_expected", lang), t("eval_said", lang),
               t("eval_cited", lang), t("eval_why", lang)]
    rows = []
    path = Path(output_dir) / "cases.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        row = json.loads(line)
        why = failures(row)
        if not why:
            continue
        cited = "; ".join(f"[{c['n']}] {c['heading'].split(' > ')[-1]}"
                          for c in row.get("citations", []))
        rows.append([row["id"], row.get("question", ""), _expected(cases.get(row["id"]), lang),
                     _said(row), cited, ", ".join(why)])
    return headers, rows


def failing_md(headers: list[str], rows: list[list[Any]]) -> str:
    """The failing cases as a readable list (a wide table hides its last columns)."""
    from tutor.web.render import escape

    out = []
    for row in rows:
        case_id, question, *rest = (escape(str(x)) for x in row)
        out.append(f"- **`{case_id}`** — {question}")
        out += [f"    - *{escape(h)}:* {v}" for h, v in zip(headers[2:], rest, strict=True) if v]
    return "\n".join(out)


def verdict(summary: dict[str, dict[str, float | None]],
            baseline: dict[str, dict[str, float | None]] | None, lang: str) -> str:
    """One line: did anything fall below the baseline (the CI gate's rule)?"""
    if not baseline:
        return ""
    from evals.metrics import compare_to_baseline

    regressions = compare_to_baseline(summary, baseline)
    if not regressions:
        return "✅ " + t("eval_ok", lang)
    return "⚠️ " + t("eval_regressed", lang, n=len(regressions)) + "\n\n" + "\n".join(
        f"- `{r}`" for r in regressions)
