"""Retake the README screenshots from a running app: `python docs/screenshots.py URL`.

Needs Playwright and Debian's chromium (make chromium). Desktop (1280 px) and phone
(390 px) widths, Japanese and English browsers. The Progress shot shows whatever the
app's data dir holds: answer a few quizzes first.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

DOCS = Path(__file__).resolve().parent
BOT = "#chatbot [data-testid='bot']"


def open_app(browser, url: str, width: int, locale: str):  # noqa: ANN001, ANN201
    page = browser.new_context(viewport={"width": width, "height": 900 if width > 500 else 844},
                               locale=locale).new_page()
    page.set_default_timeout(60_000)
    page.goto(url)
    page.wait_for_selector("#question textarea")
    page.locator("#send").get_by_text("送信" if locale == "ja-JP" else "Send", exact=True).wait_for()
    return page


def ask(page, question: str):  # noqa: ANN001, ANN201
    page.fill("#question textarea", question)
    page.click("#send")
    bot = page.locator(BOT).last
    bot.locator(".cites").first.wait_for()
    page.wait_for_timeout(300)
    return bot


def main(url: str) -> None:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                              args=["--no-sandbox", "--disable-gpu"])
        page = open_app(b, url, 1280, "ja-JP")
        ask(page, "SQSの可視性タイムアウトのデフォルト値は？")
        page.locator(BOT).last.locator("a.cite-ref").first.click()
        page.locator("#source-viewer mark").first.wait_for()
        page.screenshot(path=str(DOCS / "chat-ja-desktop.png"))

        page = open_app(b, url, 1280, "en-US")
        bot = ask(page, "What is the difference between canary and linear in CodeDeploy?")
        more = bot.locator("details.more summary")
        if more.count():
            more.first.click()
        page.screenshot(path=str(DOCS / "chat-en-desktop.png"))
        page.get_by_role("tab", name="Progress").click()
        page.locator("#progress-summary").get_by_text("answers").wait_for()
        page.wait_for_timeout(1500)
        page.screenshot(path=str(DOCS / "progress-en-desktop.png"), full_page=True)

        page = open_app(b, url, 390, "ja-JP")
        ask(page, "Lambdaのタイムアウトの最大値は？")
        page.locator(BOT).last.scroll_into_view_if_needed()
        page.screenshot(path=str(DOCS / "chat-ja-390.png"))
        page.locator(BOT).last.locator("a.cite-ref").first.click()
        page.locator("#source-viewer mark").first.wait_for()
        page.screenshot(path=str(DOCS / "viewer-ja-390.png"))

        page = open_app(b, url, 390, "en-US")
        page.get_by_role("tab", name="Progress").click()
        page.locator("#progress-summary").get_by_text("answers").wait_for()
        page.wait_for_timeout(1500)
        page.screenshot(path=str(DOCS / "progress-en-390.png"))
        b.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:7860/")
