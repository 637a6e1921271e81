"""Uploading a note then asking about it, and running an eval set from the Evals tab."""

from __future__ import annotations

import json
import re

import pytest

from tests.e2e.test_app import ask

pytestmark = pytest.mark.e2e


def test_upload_a_markdown_note_then_ask_about_it(page, tmp_path, artifacts):  # noqa: ANN001
    note = tmp_path / "appconfig-memo.md"
    note.write_text("# AppConfig メモ\n\n## AWS AppConfig\n\n"
                    "- AppConfig のベイク時間はデフォルトで 10 分\n", "utf-8")
    page.get_by_role("tab", name="ノート").click()
    page.locator("#notes-upload input[type=file]").set_input_files(str(note))
    page.locator("#notes-upload a[download]").first.wait_for()  # uploaded, not just picked
    page.click("#notes-ingest")
    message = page.locator("#notes-message")
    message.get_by_text("appconfig-memo.md").wait_for(timeout=120_000)
    assert "拒否" not in message.inner_text()
    page.locator("#notes-files").get_by_text("uploads/appconfig-memo.md").wait_for()

    page.get_by_role("tab", name="チャット").click()
    bot = ask(page, "AppConfigのベイク時間のデフォルトは？")
    assert "10 分" in bot.locator(".answer-lead").inner_text()
    assert "uploads/appconfig-memo.md › AWS AppConfig" in \
        bot.locator("details.cite summary").first.inner_text()


def test_eval_tab_explains_metrics_and_lists_failing_cases(open_page, tmp_path,  # noqa: ANN001
                                                           artifacts):
    page = open_page(locale="en-US")
    cases = [
        {"id": "ja-sqs", "lang": "ja", "question": "SQSの可視性タイムアウトのデフォルトは？",
         "reference": "30秒", "must_include": [r"30\s*(秒|seconds?)"],
         "sources": ["Amazon Simple Queue Service"]},
        {"id": "en-exam", "lang": "en", "question": "How many questions are on the exam?",
         "reference": "65", "must_include": ["65"], "sources": ["exam-guide"]},
        {"id": "en-wrong-on-purpose", "lang": "en",
         "question": "What is the default visibility timeout of SQS?",
         "reference": "45 seconds", "must_include": [r"\b45 seconds"],
         "sources": ["Amazon Simple Queue Service"]},
    ]
    path = tmp_path / "mini.jsonl"
    path.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in cases), "utf-8")
    page.get_by_role("tab", name="Evals").click()
    page.locator("#eval-file input[type=file]").set_input_files(str(path))
    page.locator("#eval-file a[download]").first.wait_for()  # uploaded, not just picked
    page.click("#eval-run")
    bars = page.locator(".progress-text, .eta-bar")
    page.wait_for_function("document.querySelectorAll('.progress-text, .eta-bar').length > 0"
                           " || document.querySelector('#eval-failed li') !== null")
    assert page.locator(".progress-text").count() <= 1  # one progress bar, not three
    page.locator("#eval-failed").get_by_text("en-wrong-on-purpose").first.wait_for(timeout=120_000)
    assert bars.count() == 0
    assert "3 cases" in page.locator("#eval-message").inner_text()
    table = page.locator("#eval-table").inner_text()
    assert "answer_accuracy" in table and "Answers that contain the expected fact" in table
    assert "Baseline" in table
    failed = page.locator("#eval-failed").inner_text()
    assert "45 seconds" in failed and "Amazon Simple Queue Service" in failed
    assert "ja-sqs" not in failed
    assert re.search(r"Failing cases \(1\)", page.locator("#eval-failed-title").inner_text())
    page.locator("#eval-report").get_by_text("report.json").first.wait_for()
    page.screenshot(path=str(artifacts / "evals.png"), full_page=True)
