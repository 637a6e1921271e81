"""The app's event handlers as plain functions over the library (no Gradio imports).

Each takes a ``Settings`` and plain values and returns plain values, so the tests call
them directly and the Blocks layer only wires components to them.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from core.models import Answer
from core.settings import REPO_ROOT, Settings
from ingest.store import EmbedderMismatchError, IndexMissingError
from tutor.chain import get_tutor
from tutor.question import QuestionError
from tutor.web.i18n import t, ui_lang
from tutor.web.notes import coverage, index_status, reingest, upload  # noqa: F401 - facade
from tutor.web.quizflow import answer_item, start_quiz  # noqa: F401 - facade
from tutor.web.render import (
    message_text,
    render_answer,
    render_error,
    safe_markdown,
    strip_ui,
)

log = logging.getLogger(__name__)
BASELINE = REPO_ROOT / "evals" / "baseline.json"
Messages = list[dict[str, Any]]
Progress = Callable[[int, int, str], None]


def tutor_history(history: Messages | None) -> list[dict[str, str]]:
    """Chat history as the tutor wants it: plain text, without rendered sources."""
    out = []
    for m in history or []:
        if isinstance(m, dict) and m.get("role") in {"user", "assistant"}:
            text = strip_ui(message_text(m.get("content")))
            out.append({"role": m["role"], "content": text})  # strip_ui unescapes once
    return out


def backend_label(settings: Settings, lang: str = "ja") -> str:
    return t("extractive", lang) if settings.llm == "extractive" else settings.llm


def chat(message: str, history: Messages | None, lang_choice: str | None,
         settings: Settings) -> Iterator[Messages]:
    """Stream one answer into the chat: the history plus the growing bot message.

    Library errors become a friendly bot message; nothing ever shows a stack trace.
    """
    shown = [{"role": m["role"], "content": message_text(m.get("content"))}
             for m in history or [] if isinstance(m, dict) and "role" in m]
    shown.append({"role": "user", "content": safe_markdown(message or "")})
    bot = {"role": "assistant", "content": ""}
    shown.append(bot)
    lang = ui_lang(lang_choice)
    answer: Answer | None = None
    streamed = ""
    try:
        tutor = get_tutor(settings)
        for piece in tutor.stream(message or "", tutor_history(history)):
            if isinstance(piece, Answer):
                answer = piece
            else:
                streamed += piece
                bot["content"] = safe_markdown(streamed)
                yield shown
    except QuestionError as exc:
        bot["content"] = render_error(f"{t('err_question', lang)}: {exc}")
    except (IndexMissingError, EmbedderMismatchError) as exc:
        bot["content"] = render_error(f"{t('err_index', lang)}: {exc}")
    except Exception as exc:  # the learner sees a message; the log keeps the trace
        log.exception("chat failed")
        bot["content"] = render_error(f"{t('err_other', lang)} ({type(exc).__name__})")
    if answer is not None:
        bot["content"] = render_answer(answer, lang_choice, ui_lang(lang_choice, answer.language))
    yield shown


def ask(message: str, lang_choice: str | None, settings: Settings) -> Messages:
    """Single-turn convenience for scripts: the final chat messages."""
    *_, last = chat(message, [], lang_choice, settings)
    return last


def run_eval_set(settings: Settings, dataset: str | Path | None, lang: str = "ja",
                 output_dir: Path | None = None,
                 progress: Callable[[float, str], None] | None = None,
                 baseline: Path | None = None) -> dict[str, Any]:
    """Run an eval set; returns {"ok", "message", "headers", "rows", "fail_headers",
    "fail_rows", "verdict", "report", "summary"} (or {"ok": False, "message"})."""
    from evals.dataset import DatasetError, load_dataset
    from evals.runner import DEFAULT_DATASET, load_baseline, run_eval
    from tutor.web.evals_view import failing_rows, metric_rows, verdict

    path = Path(dataset) if dataset else DEFAULT_DATASET
    out = Path(output_dir or tempfile.mkdtemp(prefix="tutor-eval-"))
    say = progress or (lambda frac, what: None)
    try:
        total = len(load_dataset(path))
        say(0.0, f"{path.name}: {total} cases")
        report = run_eval(settings, path, get_tutor, output_dir=out,
                          progress=lambda done, n: say(done / n, f"{path.name}: {done}/{n}"))
    except DatasetError as exc:
        return {"ok": False, "message": render_error(f"{t('eval_error', lang)}: {exc}")}
    except (IndexMissingError, EmbedderMismatchError) as exc:
        return {"ok": False, "message": render_error(f"{t('err_index', lang)}: {exc}")}
    except Exception as exc:
        log.exception("eval run failed")
        return {"ok": False,
                "message": render_error(f"{t('err_other', lang)} ({type(exc).__name__})")}
    say(1.0, "report")
    base_path = baseline or BASELINE
    try:
        base = load_baseline(base_path) if base_path.exists() else None
    except DatasetError:
        base = None
    headers, rows = metric_rows(report["summary"], base, lang)
    fail_headers, fail_rows = failing_rows(out, path, lang)
    cfg = report.get("config", {})
    message = (f"`{Path(str(cfg.get('dataset', path))).name}` · "
               f"{t('eval_cases', lang, n=cfg.get('n_cases'))} · llm `{cfg.get('llm')}` · "
               f"embedder `{cfg.get('embedder')}`")
    if base is not None:
        message += f" · baseline `{base_path.name}`"
    return {"ok": True, "message": message, "headers": headers, "rows": rows,
            "fail_headers": fail_headers, "fail_rows": fail_rows,
            "verdict": verdict(report["summary"], base, lang),
            "report": str(out / "report.json"), "summary": report["summary"]}
