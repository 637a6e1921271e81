"""The learner's day in headless Chromium: answer-first chat with a source viewer, history
across reloads, one UI language at a time, a quiz answer in Progress and Review, an upload.

Screenshots go to test-artifacts/ for a human to look at.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.e2e
BOT = "#chatbot [data-testid='bot']"
SQS_JA = "SQSの可視性タイムアウトのデフォルト値は？"
SQS_EN = "What is the default visibility timeout of SQS?"


def ask(page, question: str) -> object:  # noqa: ANN001
    """Send a question and wait for the rendered (final) answer of this turn."""
    before = page.locator(BOT).count()
    page.fill("#question textarea", question)
    page.click("#send")
    bot = page.locator(BOT).nth(before)
    bot.locator(".answer, .cites, strong").first.wait_for()
    bot.locator(".cites").first.wait_for()
    return bot


def test_answer_first_and_the_source_viewer_opens_the_quoted_lines(page, artifacts):  # noqa: ANN001
    bot = ask(page, SQS_JA)
    lead = bot.locator(".answer-lead strong")
    assert "デフォルトで30秒" in lead.inner_text()  # the line that answers comes first
    assert bot.locator(".answer-support li").count() <= 2
    more = bot.locator("details.more")
    assert more.count() == 0 or not more.locator("ul").is_visible()  # the rest is folded
    assert not page.locator("#source-viewer").is_visible()

    lead.locator("a.cite-ref").click()
    viewer = page.locator("#source-viewer")
    viewer.wait_for()
    assert re.search(r"notes/dva-notes\.ja\.md › アプリケーション統合 > Amazon Simple Queue",
                     viewer.locator(".sv-label").inner_text())
    marked = viewer.locator("mark.quoted")
    assert "デフォルトで30秒" in marked.first.inner_text()
    body_text = viewer.locator(".sv-body").inner_text()
    assert len(body_text) > len(marked.first.inner_text()) * 3  # the whole section, marked
    assert marked.first.is_visible()  # scrolled into view
    page.screenshot(path=str(artifacts / "chat-ja-viewer.png"))
    viewer.locator(".sv-close").click()
    assert not viewer.is_visible()
    for el in page.locator("[aria-label]").all():  # accessible names carry no markup
        assert "<" not in (el.get_attribute("aria-label") or "")


def test_comparison_question_sets_two_sides_next_to_each_other(page, artifacts):  # noqa: ANN001
    for question, names, shot in (
            ("CodeDeployのカナリアとリニアの違いは？", ["カナリア", "リニア"], "compare-ja.png"),
            ("What is the difference between canary and linear deployments?",
             ["canary deployments", "linear deployments"], "compare-en.png")):
        bot = ask(page, question)
        assert bot.locator(".compare").count() == 1, bot.inner_html()[:3000]
        sides = bot.locator(".compare .side")
        assert sides.count() == 2
        # each column is headed by the compared term and holds the lines naming it (the
        # English question reaches the Japanese notes' lines through the bilingual bridge)
        assert [s.locator(".side-name").inner_text() for s in sides.all()] == names
        text = [s.inner_text() for s in sides.all()]
        assert "Canary" in text[0] and "Linear" not in text[0]
        assert "Linear" in text[1] and "Canary" not in text[1]
        box0, box1 = (s.bounding_box() for s in sides.all())
        assert abs(box0["y"] - box1["y"]) < 5 and box1["x"] > box0["x"] + 50  # side by side
        bot.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / shot))


def test_english_ui_and_history_survive_a_reload(open_page, artifacts):  # noqa: ANN001
    page = open_page(locale="en-US")
    quiz_tab = page.locator("#tabs").get_by_role("tab", name="Quiz", exact=True)
    quiz_tab.wait_for(state="visible")  # the tabs are relabelled after load
    assert "チャット" not in page.locator("#tabs").inner_text()  # one language at a time
    assert "What is the" in page.locator("#examples").inner_text()
    bot = ask(page, SQS_EN)
    text = bot.inner_text()
    assert "30 seconds" in text and "From your notes" in text
    page.screenshot(path=str(artifacts / "chat-en.png"))

    page.reload()
    page.locator(BOT).first.wait_for()  # the chat came back from the browser's storage
    assert "30 seconds" in page.locator(BOT).first.inner_text()
    past = page.locator("#past-chats label")
    assert past.count() == 1 and "default visibility timeout" in past.first.inner_text()
    page.click("#new-chat")
    page.wait_for_function("document.querySelectorAll(\"" + BOT + "\").length === 0")
    past.first.click()  # back to the saved chat
    page.locator(BOT).first.wait_for()

    page.get_by_test_id("日本語-radio-label").click()  # the toggle relabels everything
    page.locator("#send").get_by_text("送信", exact=True).wait_for()
    assert "Quiz" not in page.locator("#tabs").inner_text()
    assert "SQSの" in page.locator("#examples").inner_text()


def _answer_current(page) -> None:  # noqa: ANN001
    """Answer the shown item with a likely-wrong response."""
    page.locator("#quiz-submit").wait_for()
    if page.locator("#quiz-text").is_visible():
        page.fill("#quiz-text textarea, #quiz-text input", "zzzz")
    elif page.locator("#quiz-checks").is_visible():
        page.locator("#quiz-checks label").first.click()  # one box where two are due
    else:
        page.locator("#quiz-radio label").last.click()
    page.click("#quiz-submit")
    page.locator("#quiz-feedback h3").wait_for()


def test_quiz_answers_show_in_progress_and_come_back_in_review(page, artifacts):  # noqa: ANN001
    page.get_by_role("tab", name="クイズ").click()
    page.click("#quiz-start")
    wrong = 0
    for _ in range(5):
        _answer_current(page)
        feedback = page.locator("#quiz-feedback").inner_text()
        assert re.search(r"(✅ 正解！|❌ 不正解。正解:)", feedback) and "ノートより" in feedback
        wrong += "❌" in feedback
        if wrong:
            break
        page.click("#quiz-next")
    assert wrong, "five answers in a row were right: cannot test review"
    page.locator("#quiz-feedback details.cite summary").first.click()  # quiz sources open too
    page.locator("#source-viewer .sv-body").wait_for()
    assert "notes/" in page.locator("#source-viewer .sv-label").inner_text()
    page.locator("#source-viewer .sv-close").click()
    page.screenshot(path=str(artifacts / "quiz.png"), full_page=True)

    page.get_by_role("tab", name="学習状況").click()
    summary = page.locator("#progress-summary")
    summary.get_by_text(re.compile(r"回答 \d+ 問")).wait_for()
    due = int(re.search(r"復習待ち (\d+) 問", summary.inner_text()).group(1))
    assert due >= 1
    assert page.locator("#progress-weak li").count() >= 1
    page.locator("#progress-domains canvas, #progress-domains svg").first.wait_for()  # a plot
    # one day of answers is still a visible point in the over-time plot (a drawn image)
    page.locator("#progress-days img").first.wait_for()
    page.screenshot(path=str(artifacts / "progress.png"), full_page=True)

    page.get_by_role("tab", name="クイズ").click()
    page.locator("#quiz-review").get_by_text(re.compile(rf"{due} 問")).wait_for()
    page.click("#quiz-review")
    page.locator("#quiz-feedback").get_by_text("Leitner").wait_for()
    assert re.search(r"問題 1 / \d+", page.locator("#quiz-question").inner_text())


def test_mobile_width_reaches_every_tab(open_page, artifacts):  # noqa: ANN001
    for locale, names in (("ja-JP", ["チャット", "クイズ", "学習状況", "評価", "ノート"]),
                          ("en-US", ["Chat", "Quiz", "Progress", "Evals", "Notes"])):
        page = open_page(width=390, height=844, locale=locale)
        tabs = page.locator("#tabs").get_by_role("tab")
        for name in names:
            tab = page.locator("#tabs").get_by_role("tab", name=name, exact=True)
            assert tab.is_visible(), f"{name} hidden at 390 px"
            box = tab.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert tabs.count() == 5
        page.screenshot(path=str(artifacts / f"mobile-{locale[:2]}.png"))
        page.locator("#tabs").get_by_role("tab", name=names[2], exact=True).click()
        page.locator("#progress-summary").get_by_text(re.compile(r"\S")).first.wait_for()
        page.locator("#tabs").get_by_role("tab", name=names[0], exact=True).click()
        if locale == "ja-JP":
            bot = ask(page, SQS_JA)
            bot.locator("a.cite-ref").first.click()
            viewer = page.locator("#source-viewer")
            viewer.locator("mark.quoted").first.wait_for()
            box = viewer.bounding_box()  # a bottom sheet across the whole width
            assert box["x"] == 0 and box["width"] == 390 and box["y"] > 200
            page.screenshot(path=str(artifacts / "mobile-ja-viewer.png"))
