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
from tutor.web import history as hist
from tutor.web.assets import CSS, JS
from tutor.web.evals_view import failing_md
from tutor.web.i18n import EXAMPLES, LANG_CHOICES, browser_lang, t, ui_lang
from tutor.web.notes import COVERAGE_HEADERS
from tutor.web.progress_tab import build_progress_tab
from tutor.web.quiz_tab import build_quiz_tab

FILE_HEADERS = {"ja": ["ファイル", "チャンク数", "空の見出し"],
                "en": ["File", "Chunks", "Empty headings"]}


def _headers(table: dict[str, list[str]], lang: str) -> list[str]:
    if lang in table:
        return table[lang]
    return [f"{j} / {e}" for j, e in zip(table["ja"], table["en"], strict=True)]


def build_app(settings: Settings) -> gr.Blocks:
    """The whole UI; every event is a thin wrapper that passes ``settings`` along.

    Built in Japanese, then relabelled on load to the browser's language (or the learner's
    saved choice); the toggle relabels everything and is remembered in the browser.
    """
    with gr.Blocks(title="DVA-C02 tutor") as demo:
        lang_pref = gr.BrowserState("", storage_key="dva-tutor-lang")
        locale = gr.Textbox(visible=False)
        with gr.Row(elem_id="header"):
            title = gr.Markdown(f"# {t('title')}\n{t('subtitle')}", elem_id="title")
            lang = gr.Radio(LANG_CHOICES, value="ja", label=t("lang"), elem_id="lang",
                            scale=0, min_width=180)
        backend = gr.Markdown(_backend_md(settings, "ja"), elem_id="backend")
        with gr.Tabs(elem_id="tabs"):
            with gr.Tab(t("tab_chat"), id="chat", elem_id="tab-chat") as tab_chat:
                chat_parts = _chat_tab(settings, lang, demo)
            with gr.Tab(t("tab_quiz"), id="quiz", elem_id="tab-quiz") as tab_quiz:
                quiz_relabel = build_quiz_tab(settings, lang)
            with gr.Tab(t("tab_progress"), id="progress", elem_id="tab-progress") as tab_prog:
                prog_parts, prog_relabel, (prog_refresh, prog_outs) = \
                    build_progress_tab(settings, lang)
            with gr.Tab(t("tab_evals"), id="evals", elem_id="tab-evals") as tab_evals:
                eval_parts = _evals_tab(settings, lang)
            with gr.Tab(t("tab_notes"), id="notes", elem_id="tab-notes") as tab_notes:
                notes_parts = _notes_tab(settings, lang, demo)

        def relabel(choice: str) -> list[Any]:
            ui = ui_lang(choice)
            return [gr.update(value=f"# {t('title', ui)}\n{t('subtitle', ui)}"),
                    gr.update(label=t("lang", ui)), gr.update(value=_backend_md(settings, ui)),
                    gr.update(label=t("tab_chat", ui)), gr.update(label=t("tab_quiz", ui)),
                    gr.update(label=t("tab_progress", ui)),
                    gr.update(label=t("tab_evals", ui)), gr.update(label=t("tab_notes", ui)),
                    *chat_parts[1](ui), *quiz_relabel[1](ui), *prog_relabel(ui),
                    *eval_parts[1](ui), *notes_parts[1](ui), choice]

        lang.change(relabel, [lang],
                    [title, lang, backend, tab_chat, tab_quiz, tab_prog, tab_evals, tab_notes,
                     *chat_parts[0], *quiz_relabel[0], *prog_parts, *eval_parts[0],
                     *notes_parts[0], lang_pref],
                    api_visibility="private")
        demo.load(lambda pref, loc: pref if pref in ("ja", "en") else browser_lang(loc),
                  [lang_pref, locale], [lang], api_visibility="private",
                  js="(pref, loc) => [pref, navigator.language || '']")
        tab_prog.select(prog_refresh, [lang], prog_outs, api_visibility="private")
    return demo


def _backend_md(settings: Settings, lang: str) -> str:
    label = handlers.backend_label(settings, lang)
    return f"**{t('backend', lang)}:** " + (label if settings.llm == "extractive" else f"`{label}`")


def _chat_tab(settings: Settings, lang: gr.Radio, demo: gr.Blocks
              ) -> tuple[list[Any], Any]:
    chats = gr.BrowserState([], storage_key="dva-tutor-chats")
    chat_id = gr.State("")
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=180, elem_id="chat-side"):
            new = gr.Button(t("new_chat"), size="sm", elem_id="new-chat")
            past = gr.Radio([], label=t("past_chats"), elem_id="past-chats")
            forget = gr.Button(t("delete_chats"), size="sm", variant="stop",
                               elem_id="delete-chats")
        with gr.Column(scale=4, min_width=300):
            chatbot = gr.Chatbot(elem_id="chatbot", height=520, label=t("tab_chat"),
                                 placeholder=t("subtitle"), feedback_options=None,
                                 buttons=["copy"])
            with gr.Row():
                msg = gr.Textbox(label=t("question"), placeholder=t("placeholder"), scale=8,
                                 elem_id="question", autofocus=True, max_lines=6)
                send = gr.Button(t("send"), variant="primary", scale=1, elem_id="send",
                                 min_width=80)
            examples = gr.Dataset(components=[msg], samples=[[q] for q in EXAMPLES["ja"]],
                                  label=t("examples"), elem_id="examples")

    def chat(message: str, history: list, lang_choice: str):  # noqa: ANN202
        """Stream into the chat and empty the textbox."""
        for shown in handlers.chat(message, history, lang_choice, settings):
            yield shown, ""

    def save(messages: list, cid: str, saved: list, lang_choice: str) -> list[Any]:
        saved, cid = hist.save_chat(saved, cid, messages)
        return [saved, cid, gr.update(choices=hist.choices(saved, t("untitled",
                                                                     ui_lang(lang_choice))),
                                      value=cid)]

    gr.on([msg.submit, send.click], chat, [msg, chatbot, lang], [chatbot, msg],
          api_name="chat", concurrency_limit=8, concurrency_id="chat").then(
        save, [chatbot, chat_id, chats, lang], [chats, chat_id, past], api_visibility="private")
    examples.click(lambda row: row[0] if row else "", [examples], [msg],
                   api_visibility="private")
    new.click(lambda: ([], "", "", gr.update(value=None)), None, [chatbot, msg, chat_id, past],
              api_visibility="private")
    past.input(lambda cid, saved: (hist.messages_of(saved, cid), cid), [past, chats],
               [chatbot, chat_id], api_visibility="private")
    forget.click(lambda: ([], [], "", gr.update(choices=[], value=None)), None,
                 [chats, chatbot, chat_id, past], api_visibility="private")

    def restore(saved: list, lang_choice: str) -> list[Any]:
        """On load: the list of past chats, and the latest one back in the chat."""
        labels = hist.choices(saved, t("untitled", ui_lang(lang_choice)))
        latest = labels[0][1] if labels else ""
        return [hist.messages_of(saved, latest), latest,
                gr.update(choices=labels, value=latest or None)]

    demo.load(restore, [chats, lang], [chatbot, chat_id, past], api_visibility="private")

    def relabel(ui: str) -> list[Any]:
        return [gr.update(label=t("tab_chat", ui), placeholder=t("subtitle", ui)),
                gr.update(label=t("question", ui), placeholder=t("placeholder", ui)),
                gr.update(value=t("send", ui)), gr.update(value=t("new_chat", ui)),
                gr.update(label=t("past_chats", ui)), gr.update(value=t("delete_chats", ui)),
                gr.update(samples=[[q] for q in EXAMPLES.get(ui, EXAMPLES["en"])],
                          label=t("examples", ui))]

    return [chatbot, msg, send, new, past, forget, examples], relabel


def _evals_tab(settings: Settings, lang: gr.Radio) -> tuple[list[Any], Any]:
    intro = gr.Markdown(t("eval_intro"))
    dataset = gr.File(label=t("eval_upload"), file_types=[".jsonl"], elem_id="eval-file")
    run = gr.Button(t("eval_run"), variant="primary", elem_id="eval-run")
    message = gr.Markdown(elem_id="eval-message")
    verdict = gr.Markdown(elem_id="eval-verdict")
    table = gr.Dataframe(interactive=False, elem_id="eval-table", wrap=True)
    failed_title = gr.Markdown(elem_id="eval-failed-title")
    failed = gr.Markdown(elem_id="eval-failed")
    report = gr.File(label=t("eval_report"), interactive=False, elem_id="eval-report")

    def run_eval(path: str | None, lang_choice: str,
                 progress: gr.Progress = gr.Progress()) -> list[Any]:  # noqa: B008
        ui = ui_lang(lang_choice)
        progress(0.0, desc=t("eval_run", ui))
        result = handlers.run_eval_set(settings, path, ui,
                                       progress=lambda f, what: progress(f, desc=what))
        if not result["ok"]:
            return [result["message"], *([gr.update()] * 5)]
        n = len(result["fail_rows"])
        title = f"### {t('eval_failed', ui, n=n)}" + ("" if n else f"\n\n{t('eval_no_fail', ui)}")
        return [result["message"], result["verdict"],
                {"headers": result["headers"], "data": result["rows"]}, title,
                failing_md(result["fail_headers"], result["fail_rows"]),
                result["report"]]

    run.click(run_eval, [dataset, lang], [message, verdict, table, failed_title, failed, report],
              api_name="eval", concurrency_limit=1, concurrency_id="eval",
              show_progress_on=[message])

    def relabel(ui: str) -> list[Any]:
        return [gr.update(value=t("eval_intro", ui)), gr.update(label=t("eval_upload", ui)),
                gr.update(value=t("eval_run", ui))]

    return [intro, dataset, run], relabel


def _notes_tab(settings: Settings, lang: gr.Radio, demo: gr.Blocks) -> tuple[list[Any], Any]:
    files_title = gr.Markdown(f"### {t('notes_indexed')}")
    summary = gr.Markdown(elem_id="notes-summary")
    files = gr.Dataframe(headers=_headers(FILE_HEADERS, "ja"), interactive=False,
                         elem_id="notes-files")
    uploads = gr.File(label=t("notes_upload"), file_count="multiple",
                      file_types=sorted(SUPPORTED), elem_id="notes-upload")
    with gr.Row():
        ingest_btn = gr.Button(t("notes_ingest"), variant="primary", elem_id="notes-ingest")
        reingest_btn = gr.Button(t("notes_reingest"), elem_id="notes-reingest")
    message = gr.Markdown(elem_id="notes-message")
    cov_title = gr.Markdown(f"### {t('notes_coverage')}")
    cov = gr.Dataframe(headers=_headers(COVERAGE_HEADERS, "ja"), interactive=False,
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
                max_file_size=settings.max_upload_bytes, footer_links=["api"], js=JS,
                **kwargs)
    return demo
