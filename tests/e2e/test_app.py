"""The app in headless Chromium: chat in both languages, a quiz item, an upload.

Screenshots go to test-artifacts/ for a human to look at.
"""

from __future__ import annotations

import json
import re

import pytest

pytestmark = pytest.mark.e2e
BOT = "#chatbot [data-testid='bot']"


def ask(page, question: str) -> object:  # noqa: ANN001
    """Send a question and wait for the rendered (final) answer of this turn."""
    before = page.locator(BOT).count()
    page.fill("#question textarea", question)
    page.click("#send")
    bot = page.locator(BOT).nth(before)
    bot.locator(".cites, strong").first.wait_for()
    return bot


def test_chat_in_japanese_and_english_shows_the_cited_section(page, artifacts):  # noqa: ANN001
    bot = ask(page, "SQSの可視性タイムアウトのデフォルト値は？")
    assert "デフォルトで30秒" in bot.inner_text()
    cite = bot.locator("details.cite").first
    summary = cite.locator("summary")
    assert re.search(r"\[1\] notes/dva-notes\.ja\.md › アプリケーション統合 > "
                     r"Amazon Simple Queue Service", summary.inner_text())
    assert not cite.locator(".passage").is_visible()
    summary.click()
    assert cite.locator(".passage").is_visible()
    assert "デフォルトで30秒" in cite.locator(".passage").inner_text()
    page.screenshot(path=str(artifacts / "chat-ja.png"), full_page=True)

    page.get_by_test_id("English-radio-label").click()  # UI follows the toggle
    page.get_by_role("button", name="Send", exact=True).wait_for()
    bot = ask(page, "How many questions are on the DVA-C02 exam?")
    text = bot.inner_text()
    assert re.search(r"\b65\b", text) and "exam-guide/dva-c02-exam-guide" in text
    bot.locator("details.cite summary").first.click()
    bot.locator(".passage").first.wait_for()
    page.screenshot(path=str(artifacts / "chat-en.png"), full_page=True)


def test_quiz_item_gives_feedback_and_sessions_are_separate(page, browser, app_url,  # noqa: ANN001
                                                            artifacts):
    page.get_by_role("tab", name=re.compile("Quiz")).click()
    page.click("#quiz-start")
    page.locator("#quiz-submit").wait_for()
    assert "問題 1 / 5" in page.locator("#quiz-question").inner_text()
    if page.locator("#quiz-text").is_visible():
        page.fill("#quiz-text textarea, #quiz-text input", "わからない")
    elif page.locator("#quiz-checks").is_visible():
        page.locator("#quiz-checks label").first.click()
    else:
        page.locator("#quiz-radio label").first.click()
    page.click("#quiz-submit")
    feedback = page.locator("#quiz-feedback")
    feedback.locator("details.cite").wait_for()
    text = feedback.inner_text()
    assert re.search(r"(✅ 正解！|❌ 不正解。正解:)", text) and "ノートより" in text
    assert page.locator("#quiz-next").is_visible()
    page.screenshot(path=str(artifacts / "quiz.png"), full_page=True)

    other = browser.new_context().new_page()  # another user sees no quiz and no chat
    other.goto(app_url)
    other.get_by_role("tab", name=re.compile("Quiz")).click()
    other.locator("#quiz-start").wait_for()
    assert other.locator("#quiz-question").inner_text().strip() == ""
    assert not other.locator("#quiz-submit").is_visible()
    other.context.close()


def test_upload_a_markdown_note_then_ask_about_it(page, tmp_path, artifacts):  # noqa: ANN001
    note = tmp_path / "appconfig-memo.md"
    note.write_text("# AppConfig メモ\n\n## AWS AppConfig\n\n"
                    "- AppConfig のベイク時間はデフォルトで 10 分\n", "utf-8")
    page.get_by_role("tab", name=re.compile("Notes")).click()
    page.locator("#notes-upload input[type=file]").set_input_files(str(note))
    page.locator("#notes-upload a[download]").first.wait_for()  # uploaded, not just picked
    page.click("#notes-ingest")
    message = page.locator("#notes-message")
    message.get_by_text("appconfig-memo.md").wait_for(timeout=120_000)
    assert "拒否" not in message.inner_text() and "Rejected" not in message.inner_text()
    page.locator("#notes-files").get_by_text("uploads/appconfig-memo.md").wait_for()
    page.screenshot(path=str(artifacts / "notes-upload.png"), full_page=True)

    page.get_by_role("tab", name=re.compile("Chat")).click()
    bot = ask(page, "AppConfigのベイク時間のデフォルトは？")
    assert "10 分" in bot.inner_text()
    assert "uploads/appconfig-memo.md › AWS AppConfig" in bot.locator("summary").first.inner_text()
    page.screenshot(path=str(artifacts / "chat-upload.png"), full_page=True)


def test_eval_tab_runs_an_uploaded_set(page, tmp_path, artifacts):  # noqa: ANN001
    cases = [
        {"id": "ja-sqs", "lang": "ja", "question": "SQSの可視性タイムアウトのデフォルトは？",
         "reference": "30秒", "must_include": [r"30\s*(秒|seconds?)"],
         "sources": ["Amazon Simple Queue Service"]},
        {"id": "en-exam", "lang": "en", "question": "How many questions are on the exam?",
         "reference": "65", "must_include": ["65"], "sources": ["exam-guide"]},
    ]
    path = tmp_path / "mini.jsonl"
    path.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in cases), "utf-8")
    page.get_by_role("tab", name=re.compile("Evals")).click()
    page.locator("#eval-file input[type=file]").set_input_files(str(path))
    page.locator("#eval-file a[download]").first.wait_for()  # uploaded, not just picked
    page.click("#eval-run")
    page.locator("#eval-chart img").wait_for(timeout=120_000)
    assert "2 cases" in page.locator("#eval-message").inner_text()
    table = page.locator("#eval-table").inner_text()
    assert "answer_accuracy" in table and "ja" in table and "en" in table
    page.locator("#eval-report").get_by_text("report.json").first.wait_for()
    page.screenshot(path=str(artifacts / "evals.png"), full_page=True)
