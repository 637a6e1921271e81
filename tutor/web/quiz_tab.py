"""The Quiz tab: filters, one item at a time, feedback, score, retry, downloads.

All quiz state lives in a per-session gr.State; the logic is in ``tutor.web.quizflow``.
"""

from __future__ import annotations

import logging
from typing import Any

import gradio as gr

from core.catalog import domains, services
from core.settings import Settings
from tutor import progress
from tutor.web import quizflow as qf
from tutor.web.i18n import t, ui_lang

log = logging.getLogger(__name__)
DIFFICULTIES = ["easy", "medium", "hard"]


def _domain_choices(lang: str) -> list[tuple[str, str]]:
    return [(t("quiz_any", lang), qf.ANY)] + [(f"{n}. {d.name(lang)}", str(n))
                                               for n, d in domains().items()]


def _service_choices(lang: str) -> list[tuple[str, str]]:
    return [(t("quiz_any", lang), qf.ANY), *((s, s) for s in sorted(services()))]


def _difficulty_choices(lang: str) -> list[tuple[str, str]]:
    names = {"ja": {"easy": "易しい", "medium": "普通", "hard": "難しい"}}.get(lang, {})
    return [(t("quiz_any", lang), qf.ANY), *((names.get(d, d), d) for d in DIFFICULTIES)]


def build_quiz_tab(settings: Settings, lang: gr.Radio) -> tuple[list[Any], Any]:
    with gr.Row():
        service = gr.Dropdown(_service_choices("ja"), value=qf.ANY, label=t("quiz_service"),
                              elem_id="quiz-service")
        domain = gr.Dropdown(_domain_choices("ja"), value=qf.ANY, label=t("quiz_domain"),
                             elem_id="quiz-domain")
        difficulty = gr.Dropdown(_difficulty_choices("ja"), value=qf.ANY, label=t("quiz_difficulty"),
                                 elem_id="quiz-difficulty")
        qlang = gr.Radio([("日本語", "ja"), ("English", "en")], value="ja",
                         label=t("quiz_lang"), elem_id="quiz-lang")
        count = gr.Slider(1, 20, value=5, step=1, label=t("quiz_count"), elem_id="quiz-count")
    with gr.Row():
        start = gr.Button(t("quiz_start", "ja"), variant="primary", elem_id="quiz-start")
        review = gr.Button(review_label(settings, "ja"), elem_id="quiz-review")
    state = gr.State(qf.new_state([]))
    question = gr.Markdown(elem_id="quiz-question")
    radio = gr.Radio([], label=t("quiz_choices"), visible=False, elem_id="quiz-radio")
    checks = gr.CheckboxGroup([], label=t("quiz_choices"), visible=False, elem_id="quiz-checks")
    text = gr.Textbox(label=t("quiz_cloze"), visible=False, elem_id="quiz-text")
    submit = gr.Button(t("quiz_submit"), variant="primary", visible=False, elem_id="quiz-submit")
    feedback = gr.Markdown(elem_id="quiz-feedback")
    next_btn = gr.Button(t("quiz_next"), visible=False, elem_id="quiz-next")
    score = gr.Markdown(elem_id="quiz-score")
    retry = gr.Button(t("quiz_retry"), visible=False, elem_id="quiz-retry")
    with gr.Row():
        csv_btn = gr.DownloadButton(t("quiz_export_csv"), visible=False, elem_id="quiz-csv")
        apkg_btn = gr.DownloadButton(t("quiz_export_apkg"), visible=False, elem_id="quiz-apkg")
    view_outputs = [state, question, radio, checks, text, submit, feedback, next_btn, score,
                    retry, csv_btn, apkg_btn, review]

    def view(st: qf.QuizState, ui: str, message: str = "") -> list[Any]:
        """Every quiz component's update for this state."""
        item = qf.current(st)
        done = qf.finished(st)
        answered = bool(st.get("answered"))
        kind = item["type"] if item else None
        choices = qf.choices(item) if item else []
        has_items = bool(st.get("items"))
        # A fresh item resets the inputs; an answered one keeps what the learner chose.
        keep = answered
        return [
            st,
            gr.update(value=qf.question_md(st, ui) if item else ""),
            gr.update(**({} if keep else {"choices": choices, "value": None}),
                      visible=kind in ("mcq", "truefalse"), interactive=not answered,
                      label=t("quiz_choices", ui)),
            gr.update(**({} if keep else {"choices": choices, "value": []}),
                      visible=kind == "multi", interactive=not answered,
                      label=t("quiz_choices", ui)),
            gr.update(**({} if keep else {"value": ""}), visible=kind == "cloze",
                      interactive=not answered, label=t("quiz_cloze", ui)),
            gr.update(visible=item is not None and not answered, value=t("quiz_submit", ui)),
            gr.update(value=message),
            gr.update(visible=answered and item is not None, value=t("quiz_next", ui)),
            gr.update(value=qf.score_md(st, ui) if done else ""),
            gr.update(visible=done and not all(st["results"]), value=t("quiz_retry", ui)),
            *_downloads(st, ui, has_items),
            gr.update(value=review_label(settings, ui)),
        ]

    def _downloads(st: qf.QuizState, ui: str, show: bool) -> list[Any]:
        paths = st.get("exports") or {}
        return [gr.update(visible=show and bool(paths.get("csv")), value=paths.get("csv"),
                          label=t("quiz_export_csv", ui)),
                gr.update(visible=show and bool(paths.get("apkg")), value=paths.get("apkg"),
                          label=t("quiz_export_apkg", ui))]

    def on_start(svc: str, dom: str, diff: str, ql: str, n: float, choice: str) -> list[Any]:
        st, error = qf.start_quiz(settings, service=svc, domain=dom, difficulty=diff, lang=ql,
                                  n=int(n))
        if st["items"]:
            st["exports"] = _export_all(st)
        return view(st, ui_lang(choice, ql), error or "")

    def on_submit(st: qf.QuizState, r: Any, c: list | None, tx: str, choice: str) -> list[Any]:
        item = qf.current(st)
        ui = ui_lang(choice, st.get("lang"))
        if item is None:
            return view(st, ui)
        response = {"multi": c, "cloze": tx}.get(item["type"], r)
        new, message = qf.answer_item(st, response, ui)
        if not new.get("answered"):  # nothing picked: keep the inputs as they are
            return [st, gr.update(), gr.update(), gr.update(), gr.update(), gr.update(),
                    gr.update(value=message), *([gr.update()] * 6)]
        if st["results"][st["i"]] is None:  # the first answer counts, for progress too
            record(item, bool(new["results"][st["i"]]))
        return view(new, ui, message)

    def record(item: dict[str, Any], ok: bool) -> None:
        try:
            progress.record_answer(settings, item, ok, origin="app")
        except Exception:  # a full disk must not break the quiz; the log says why
            log.exception("recording a quiz answer failed")

    def on_review(choice: str) -> list[Any]:
        ui = ui_lang(choice)
        items = progress.due_items(settings)
        st = qf.new_state([i.model_dump(mode="json") for i in items], ui)
        return view(st, ui, t("review_head", ui) if items else t("review_none", ui))

    def on_next(st: qf.QuizState, choice: str) -> list[Any]:
        return view(qf.next_item(st), ui_lang(choice, st.get("lang")))

    def on_retry(st: qf.QuizState, choice: str) -> list[Any]:
        new = qf.retry_wrong(st)
        new["exports"] = _export_all(new)
        return view(new, ui_lang(choice, st.get("lang")))

    inputs = [service, domain, difficulty, qlang, count, lang]
    start.click(on_start, inputs, view_outputs, api_name="quiz_start")
    submit.click(on_submit, [state, radio, checks, text, lang], view_outputs,
                 api_name="quiz_answer")
    text.submit(on_submit, [state, radio, checks, text, lang], view_outputs,
                api_visibility="private")
    review.click(on_review, [lang], view_outputs, api_name="quiz_review")
    next_btn.click(on_next, [state, lang], view_outputs, api_visibility="private")
    retry.click(on_retry, [state, lang], view_outputs, api_visibility="private")

    def relabel(ui: str) -> list[Any]:
        out = [gr.update(label=t("quiz_service", ui), choices=_service_choices(ui)),
               gr.update(label=t("quiz_domain", ui), choices=_domain_choices(ui)),
               gr.update(label=t("quiz_difficulty", ui), choices=_difficulty_choices(ui)),
               gr.update(label=t("quiz_count", ui)),
               gr.update(value=t("quiz_start", ui)),
               gr.update(value=review_label(settings, ui))]
        if ui in ("ja", "en"):
            return [*out, gr.update(label=t("quiz_lang", ui), value=ui)]
        return [*out, gr.update(label=t("quiz_lang", ui))]

    return [service, domain, difficulty, count, start, review, qlang], relabel


def review_label(settings: Settings, lang: str) -> str:
    """The review button says how many answers are due (0 before the first quiz)."""
    try:
        k = len(progress.due_items(settings))
    except Exception:  # an unreadable review file: the button still offers review
        log.exception("reading the review store failed")
        k = 0
    return t("review_start", lang, k=k)


def _export_all(st: qf.QuizState) -> dict[str, str | None]:
    """Both download files, written once per quiz; a failing exporter hides its button."""
    out: dict[str, str | None] = {}
    for kind in ("csv", "apkg"):
        try:
            out[kind] = qf.export(st, kind)
        except Exception:  # a download is optional; the quiz still works
            log.exception("quiz export %s failed", kind)
            out[kind] = None
    return out
