"""Fault suite, answer side (issue 14), on the real index: a stalled LLM stream, a
rebuild under a running app, HTML in notes and questions, citation problems shown."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from benchmarks.fault_trials import serve_stalled
from core.settings import REPO_ROOT, Settings
from tutor.web import handlers


@pytest.fixture
def stalled_url() -> Iterator[str]:
    server, url = serve_stalled()
    yield url
    server.shutdown()


def test_stalled_stream_falls_back_within_the_deadline(indexed_settings: Settings,
                                                       stalled_url: str) -> None:
    """Before: `tutor ask` still waited at 400 s, TUTOR_LLM_TIMEOUT_S=5 or not."""
    from tutor.chain import Tutor

    s = indexed_settings.model_copy(update={
        "llm": "openai/stalled", "llm_base_url": stalled_url, "llm_timeout_s": 5.0,
        "llm_first_token_s": 3.0, "llm_deadline_s": 4.0})
    tutor = Tutor(s)
    t0 = time.monotonic()
    answer = tutor.answer("What is the default visibility timeout in SQS?")
    took = time.monotonic() - t0
    assert took <= s.llm_first_token_s + 2, took
    assert answer.backend == "extractive" and "30" in answer.answer
    assert any("no answer within" in n for n in answer.notices)


def test_web_chat_on_a_stalled_backend_ends_within_the_deadline(indexed_settings: Settings,
                                                                stalled_url: str) -> None:
    """Before: 8 such chats filled every chat slot; now each ends by the deadline."""
    from tutor.chain import reset_tutors

    reset_tutors()
    s = indexed_settings.model_copy(update={
        "llm": "openai/stalled", "llm_base_url": stalled_url, "llm_first_token_s": 2.0,
        "llm_deadline_s": 3.0})
    handlers.ask("warm-up", "auto", s)
    t0 = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        replies = list(pool.map(lambda q: handlers.ask(q, "auto", s)[-1]["content"],
                                ["SQSの可視性タイムアウトは？"] * 8))
    assert time.monotonic() - t0 <= s.llm_deadline_s + 2
    assert all("30" in r and "ℹ️" in r for r in replies)
    reset_tutors()


def test_rebuild_under_a_running_app_fails_no_chat(indexed_settings: Settings) -> None:
    """Before: `tutor ingest --rebuild` beside the app made chats fail until a restart,
    and the app never noticed a CLI ingest. 40 chats while the rebuild runs: 0 fail, and
    the app ends up on the rebuilt generation."""
    from ingest.store import live_name
    from tutor.chain import get_tutor, reset_tutors

    reset_tutors()
    s = indexed_settings.model_copy(update={"reload_check_s": 0.2})
    old = get_tutor(s).index.name
    env = {**os.environ, "TUTOR_DATA_DIR": str(s.data_dir), "TUTOR_CORPUS_DIR": str(s.corpus_dir)}
    proc = subprocess.Popen([sys.executable, "-m", "tutor.cli", "ingest", "--rebuild"],
                            cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    failed = 0
    for i in range(40):
        reply = handlers.ask("SQSの可視性タイムアウトのデフォルトは？", "auto", s)[-1]["content"]
        failed += "30" not in reply or reply.startswith("**⚠️")
        if proc.poll() is None or i < 20:
            time.sleep(0.25)
    out = proc.communicate(timeout=300)[0]
    assert proc.returncode == 0, out
    assert failed == 0
    new = live_name(s)
    assert new != old
    deadline = time.monotonic() + 30
    while get_tutor(s).index.name != new:
        assert time.monotonic() < deadline, "the app never moved to the rebuilt index"
        time.sleep(0.1)
    reset_tutors()


def test_html_in_notes_and_questions_is_shown_not_run(indexed_settings: Settings) -> None:
    """Before: a note line `<img src=x onerror=...>` became a live image in the chat."""
    from ingest.pipeline import ingest
    from tutor.chain import reset_tutors

    note = indexed_settings.corpus_dir / "xss.md"
    note.write_text("# Kinesis メモ\n\n## Amazon Kinesis\n\n"
                    "- Kinesis のシャード <img src=x onerror=alert(1)> は 1 MB/秒 まで\n",
                    encoding="utf-8")
    ingest(indexed_settings, [note])
    reset_tutors()
    *_, shown = handlers.chat("Kinesis のシャード <script>alert(2)</script> は？", [], "auto",
                              indexed_settings)
    user, bot = shown[-2]["content"], shown[-1]["content"]
    assert "<script>" not in user and "&lt;script&gt;" in user
    assert "1 MB" in bot and "<img" not in bot and "&lt;img" in bot
    history = handlers.tutor_history(shown)
    assert "<script>" in history[0]["content"]  # the tutor still reads what was typed
    reset_tutors()


def test_citation_problems_are_shown_in_chat_and_cli(indexed_settings: Settings,
                                                     tmp_path: Path) -> None:
    """Before: flagged sentences and removed citations were invisible in the web UI."""
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from tutor.chain import get_tutor, reset_tutors

    reset_tutors()
    s = indexed_settings.model_copy(update={"llm": "openai/fake"})
    get_tutor(s).answerer._model = FakeListChatModel(responses=[
        "可視性タイムアウトはデフォルトで30秒です [1]。最大保持期間は21日です [7]。"])
    rendered = handlers.ask("SQSの可視性タイムアウトは？", "ja", s)[-1]["content"]
    assert "ノートの引用元で確認できない文" in rendered and "21日" in rendered
    assert "1 件の引用番号" in rendered
    reset_tutors()
