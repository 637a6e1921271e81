"""Quiz tab handlers: a per-session quiz as a plain dict (kept in gr.State).

The state holds the generated items (as dicts, so Gradio can copy it per session), the
position and each answer's verdict; every function returns a new state, never shared.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

from core.settings import Settings
from ingest.store import EmbedderMismatchError, IndexMissingError
from tutor.web.i18n import t
from tutor.web.render import citations_html

log = logging.getLogger(__name__)
QuizState = dict[str, Any]
LETTERS = "ABCDEFGH"
ANY = "any"


def _item(d: dict[str, Any]):  # noqa: ANN202 - QuizItem, imported lazily
    from tutor.quiz.items import QuizItem

    return QuizItem.model_validate(d)


def start_quiz(settings: Settings, *, service: str | None = None, domain: int | str | None = None,
               difficulty: str | None = None, lang: str = "ja", n: int = 5,
               seed: int | None = None) -> tuple[QuizState, str | None]:
    """Generate a quiz; (state, error message or None)."""
    from tutor.quiz import generate

    def pick(v: object) -> Any:
        return None if v in (None, "", ANY) else v

    try:
        items = generate(settings=settings, n=int(n), service=pick(service),
                         domain=int(domain) if pick(domain) else None,
                         difficulty=pick(difficulty), lang=lang, seed=seed)
    except (IndexMissingError, EmbedderMismatchError) as exc:
        return new_state([]), f"{t('err_index', lang)}: {exc}"
    except Exception as exc:  # the learner sees a message; the log keeps the trace
        log.exception("quiz generation failed")
        return new_state([]), f"{t('err_other', lang)} ({type(exc).__name__})"
    if not items:
        from ingest.store import empty_sections, load_chunks
        from tutor.quiz.assemble import why_empty

        return new_state([]), why_empty(lang, pick(service), load_chunks(settings),
                                        empty_sections(settings))
    return new_state([i.model_dump(mode="json") for i in items], lang), None


def new_state(items: list[dict[str, Any]], lang: str = "ja") -> QuizState:
    return {"items": items, "i": 0, "results": [None] * len(items), "lang": lang,
            "answered": False}


def current(state: QuizState) -> dict[str, Any] | None:
    items = state.get("items") or []
    i = state.get("i", 0)
    return items[i] if 0 <= i < len(items) else None


def choices(item: dict[str, Any]) -> list[tuple[str, int]]:
    """(label, index) pairs; cloze items have no visible choices."""
    if item["type"] == "cloze":
        return []
    return [(f"{LETTERS[k]}. {o}" if item["type"] != "truefalse" else o, k)
            for k, o in enumerate(item["options"])]


def question_md(state: QuizState, lang: str) -> str:
    item = current(state)
    if item is None:
        return ""
    head = t("quiz_progress", lang, i=state["i"] + 1, n=len(state["items"]))
    kind = {"multi": " (複数選択)" if lang == "ja" else " (choose all that apply)",
            "cloze": " ✍️", "truefalse": " (○×)" if item["lang"] == "ja" else " (True/False)"}
    tag = (" · シナリオ" if lang == "ja" else " · scenario") if item.get("scenario") else ""
    return f"**{head}**{kind.get(item['type'], '')}{tag}\n\n{item['stem']}"


def as_typed(item: dict[str, Any], response: object) -> str:
    """The UI's answer as the learner would type it in the CLI ("B", "A,C", the word)."""
    if item["type"] == "cloze":
        return str(response or "")
    picked = response if isinstance(response, list) else [response]
    try:
        return ",".join(LETTERS[int(k)] for k in picked if k is not None)
    except (TypeError, ValueError, IndexError):
        return ""


def grade(item: dict[str, Any], response: object) -> bool | None:
    """The quiz library's verdict; None when the response is not a readable answer."""
    from tutor.quiz.items import grade as grade_typed

    return grade_typed(_item(item), as_typed(item, response))


def answered_empty(item: dict[str, Any], response: object) -> bool:
    return response in (None, "", []) or (item["type"] == "cloze" and not str(response).strip())


def key_text(item: dict[str, Any]) -> str:
    if item["type"] == "cloze":
        return " / ".join(item["options"])
    if item["type"] == "truefalse":
        return item["options"][item["answer"][0]]
    return ", ".join(f"{LETTERS[k]}. {item['options'][k]}" for k in item["answer"])


def answer_item(state: QuizState, response: object, lang: str) -> tuple[QuizState, str]:
    """Grade the current item; (new state, feedback with explanation and citation)."""
    item = current(state)
    if item is None:
        return state, ""
    ok = None if answered_empty(item, response) else grade(item, response)
    if ok is None:
        return state, t("quiz_pick", lang)
    state = {**state, "results": list(state["results"]), "answered": True}
    if state["results"][state["i"]] is None:  # first answer counts
        state["results"][state["i"]] = ok
    verdict = "✅ " + t("quiz_correct", lang) if ok else \
        "❌ " + t("quiz_wrong", lang, key=key_text(item))
    evidence = [e for e in [item.get("evidence", "")] if e]
    cites = citations_html(_item(item).citations, lang, shown=evidence or None)
    explanation = item["explanation"].replace("\n", "  \n")  # one line per wrong option
    return state, f"### {verdict}\n\n{explanation}\n\n{cites}"


def next_item(state: QuizState) -> QuizState:
    return {**state, "i": state.get("i", 0) + 1, "answered": False}


def finished(state: QuizState) -> bool:
    return bool(state.get("items")) and state.get("i", 0) >= len(state["items"])


def score_md(state: QuizState, lang: str) -> str:
    results = state.get("results") or []
    score = sum(1 for r in results if r)
    line = t("quiz_score", lang, score=score, n=len(results))
    return f"## {line}" + (f"\n\n{t('quiz_perfect', lang)}" if score == len(results) else "")


def retry_wrong(state: QuizState) -> QuizState:
    """A new round of just the items answered wrongly (or skipped)."""
    wrong = [it for it, r in zip(state.get("items") or [], state.get("results") or [],
                                 strict=True) if not r]
    return new_state(wrong, state.get("lang", "ja"))


def export(state: QuizState, kind: str, out_dir: Path | None = None) -> str | None:
    """Write the quiz as CSV or an Anki deck; returns the file path."""
    from tutor.quiz import export as exporters

    items = [_item(d) for d in state.get("items") or []]
    if not items:
        return None
    folder = Path(out_dir or tempfile.mkdtemp(prefix="tutor-quiz-"))
    path = folder / ("dva-quiz.csv" if kind == "csv" else "dva-quiz.apkg")
    writer = exporters.export_csv if kind == "csv" else exporters.export_apkg
    writer(items, path)
    return str(path)
