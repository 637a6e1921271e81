"""The Gradio Blocks: four tabs wired to the plain handlers in ``tutor.web.handlers``.

Settings arrive as an argument (built at the edge, in app.py or a test), so two apps
with different data dirs can run in one process.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from core.settings import Settings
from ingest.load import SUPPORTED
from tutor.web import handlers
from tutor.web.i18n import EXAMPLES, LANG_CHOICES, t, ui_lang
from tutor.web.notes import COVERAGE_HEADERS
from tutor.web.quiz_tab import build_quiz_tab

CSS = """
.cites { margin-top: .6em; font-size: .92em; }
.cites details.cite { margin: .25em 0; }
.cites details.cite summary { cursor: pointer; }
.cites .passage { margin: .3em 0 .5em 1em; padding: .4em .6em; border-left: 3px solid
  var(--color-accent); background: var(--background-fill-secondary); }
"""
FILE_HEADERS = {"ja": ["ファイル", "チャンク数", "空の見出し"],
                "en": ["File", "Chunks", "Empty headings"]}


def _headers(table: dict[str, list[str]], lang: str) -> list[str]:
    if lang in table:
        return table[lang]
    return [f"{j} / {e}" for j, e in zip(table["ja"], table["en"], strict=True)]


def build_app(settings: Settings) -> gr.Blocks:
    """The whole UI; every event is a thin wrapper that passes ``settings`` along."""
    with gr.Blocks(title="DVA-C02 tutor") as demo:
        title = gr.Markdown(f"# {t('title')}\n{t('subtitle')}", elem_id="title")
        with gr.Row():
            lang = gr.Radio(LANG_CHOICES, value="auto", label=t("lang"), elem_id="lang",
                            scale=2)
            backend = gr.Markdown(_backend_md(settings, "auto"), elem_id="backend")
        with gr.Tabs():
            with gr.Tab(t("tab_chat"), id="chat", elem_id="tab-chat") as tab_chat:
                chat_parts = _chat_tab(settings, lang)
            with gr.Tab(t("tab_quiz"), id="quiz", elem_id="tab-quiz") as tab_quiz:
                quiz_relabel = build_quiz_tab(settings, lang)
            with gr.Tab(t("tab_evals"), id="evals", elem_id="tab-evals") as tab_evals:
                eval_parts = _evals_tab(settings, lang)
            with gr.Tab(t("tab_notes"), id="notes", elem_id="tab-notes") as tab_notes:
                notes_parts = _notes_tab(settings, lang, demo)

        def relabel(choice: str) -> list[Any]:
            ui = ui_lang(choice)
            return [gr.update(value=f"# {t('title', ui)}\n{t('subtitle', ui)}"),
                    gr.update(label=t("lang", ui)), gr.update(value=_backend_md(settings, ui)),
                    gr.update(label=t("tab_chat", ui)), gr.update(label=t("tab_quiz", ui)),
                    gr.update(label=t("tab_evals", ui)), gr.update(label=t("tab_notes", ui)),
                    *chat_parts[1](ui), *quiz_relabel[1](ui), *eval_parts[1](ui),
                    *notes_parts[1](ui)]

        lang.change(relabel, [lang],
                    [title, lang, backend, tab_chat, tab_quiz, tab_evals, tab_notes,
                     *chat_parts[0], *quiz_relabel[0], *eval_parts[0], *notes_parts[0]],
                    api_visibility="private")
    return demo


def _backend_md(settings: Settings, lang: str) -> str:
    label = handlers.backend_label(settings, lang)
    return f"**{t('backend', lang)}:** " + (label if settings.llm == "extractive" else f"`{label}`")


def _chat_tab(settings: Settings, lang: gr.Radio) -> tuple[list[Any], Any]:
    chatbot = gr.Chatbot(elem_id="chatbot", height=480, label=t("tab_chat"),
                         placeholder=t("subtitle"), feedback_options=None, buttons=["copy"])
    with gr.Row():
        msg = gr.Textbox(label=t("question"), placeholder=t("placeholder"), scale=8,
                         elem_id="question", autofocus=True, max_lines=6)
        send = gr.Button(t("send"), variant="primary", scale=1, elem_id="send")
    clear = gr.Button(t("clear"), size="sm", elem_id="clear")
    gr.Examples(EXAMPLES, inputs=[msg], label=t("examples"))

    def chat(message: str, history: list, lang_choice: str):  # noqa: ANN202
        """Stream into the chat and empty the textbox."""
        for shown in handlers.chat(message, history, lang_choice, settings):
            yield shown, ""

    gr.on([msg.submit, send.click], chat, [msg, chatbot, lang], [chatbot, msg],
          api_name="chat", concurrency_limit=8, concurrency_id="chat")
    clear.click(lambda: ([], ""), None, [chatbot, msg], api_visibility="private")

    def relabel(ui: str) -> list[Any]:
        return [gr.update(label=t("tab_chat", ui), placeholder=t("subtitle", ui)),
                gr.update(label=t("question", ui), placeholder=t("placeholder", ui)),
                gr.update(value=t("send", ui)), gr.update(value=t("clear", ui))]

    return [chatbot, msg, send, clear], relabel


def _evals_tab(settings: Settings, lang: gr.Radio) -> tuple[list[Any], Any]:
    intro = gr.Markdown(t("eval_intro"))
    dataset = gr.File(label=t("eval_upload"), file_types=[".jsonl"], elem_id="eval-file")
    run = gr.Button(t("eval_run"), variant="primary", elem_id="eval-run")
    message = gr.Markdown(elem_id="eval-message")
    table = gr.Dataframe(interactive=False, elem_id="eval-table", wrap=True)
    chart = gr.Image(type="filepath", show_label=False, elem_id="eval-chart")
    report = gr.File(label=t("eval_report"), interactive=False, elem_id="eval-report")

    def run_eval(path: str | None, lang_choice: str,
                 progress: gr.Progress = gr.Progress()) -> list[Any]:  # noqa: B008
        ui = ui_lang(lang_choice)
        progress(0.0, desc=t("eval_run", ui))
        result = handlers.run_eval_set(settings, path, ui,
                                       progress=lambda f, what: progress(f, desc=what))
        if not result["ok"]:
            return [result["message"], gr.update(), gr.update(), gr.update()]
        frame = {"headers": result["headers"], "data": result["rows"]}
        return [result["message"], frame, result["chart"], result["report"]]

    run.click(run_eval, [dataset, lang], [message, table, chart, report], api_name="eval",
              concurrency_limit=1, concurrency_id="eval")

    def relabel(ui: str) -> list[Any]:
        return [gr.update(value=t("eval_intro", ui)), gr.update(label=t("eval_upload", ui)),
                gr.update(value=t("eval_run", ui))]

    return [intro, dataset, run], relabel


def _notes_tab(settings: Settings, lang: gr.Radio, demo: gr.Blocks) -> tuple[list[Any], Any]:
    files_title = gr.Markdown(f"### {t('notes_indexed')}")
    summary = gr.Markdown(elem_id="notes-summary")
    files = gr.Dataframe(headers=_headers(FILE_HEADERS, "auto"), interactive=False,
                         elem_id="notes-files")
    uploads = gr.File(label=t("notes_upload"), file_count="multiple",
                      file_types=sorted(SUPPORTED), elem_id="notes-upload")
    with gr.Row():
        ingest_btn = gr.Button(t("notes_ingest"), variant="primary", elem_id="notes-ingest")
        reingest_btn = gr.Button(t("notes_reingest"), elem_id="notes-reingest")
    message = gr.Markdown(elem_id="notes-message")
    cov_title = gr.Markdown(f"### {t('notes_coverage')}")
    cov = gr.Dataframe(headers=_headers(COVERAGE_HEADERS, "auto"), interactive=False,
                       wrap=True, elem_id="notes-coverage")

    def refresh(lang_choice: str) -> list[Any]:
        ui = ui_lang(lang_choice)
        line, rows = handlers.index_status(settings)
        cov_rows = handlers.coverage(settings, ui)
        return [line, {"headers": _headers(FILE_HEADERS, ui), "data": rows},
                {"headers": _headers(COVERAGE_HEADERS, ui), "data": cov_rows}]

    def do_upload(paths: list[str] | None, lang_choice: str,
                  progress: gr.Progress = gr.Progress()) -> list[Any]:  # noqa: B008
        ui = ui_lang(lang_choice)
        text = handlers.upload(paths, settings, ui,
                               progress=lambda d, n, w: progress((d, n), desc=w))
        return [text, None, *refresh(lang_choice)]

    def do_reingest(lang_choice: str,
                    progress: gr.Progress = gr.Progress()) -> list[Any]:  # noqa: B008
        text = handlers.reingest(settings, ui_lang(lang_choice),
                                 progress=lambda d, n, w: progress((d, n), desc=w))
        return [text, *refresh(lang_choice)]

    outs = [summary, files, cov]
    ingest_btn.click(do_upload, [uploads, lang], [message, uploads, *outs], api_name="upload",
                     concurrency_limit=1, concurrency_id="ingest")
    reingest_btn.click(do_reingest, [lang], [message, *outs], api_name="reingest",
                       concurrency_limit=1, concurrency_id="ingest")
    demo.load(refresh, [lang], outs, api_visibility="private")
    lang.change(refresh, [lang], outs, api_visibility="private")

    def relabel(ui: str) -> list[Any]:
        return [gr.update(value=f"### {t('notes_indexed', ui)}"),
                gr.update(label=t("notes_upload", ui)), gr.update(value=t("notes_ingest", ui)),
                gr.update(value=t("notes_reingest", ui)),
                gr.update(value=f"### {t('notes_coverage', ui)}")]

    return [files_title, uploads, ingest_btn, reingest_btn, cov_title], relabel


def launch(settings: Settings, **kwargs: Any) -> gr.Blocks:
    """Queue (per-session state, bounded concurrency) and serve on settings.host:port."""
    demo = build_app(settings)
    demo.queue(default_concurrency_limit=2)
    demo.launch(server_name=settings.host, server_port=settings.port, css=CSS,
                max_file_size=settings.max_upload_bytes, footer_links=["api"], **kwargs)
    return demo
