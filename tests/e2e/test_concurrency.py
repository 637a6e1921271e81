"""20 users asking at once through the public API: every one gets its own right answer."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest

pytestmark = pytest.mark.e2e
CASES = [  # (question, regex the answer must contain)
    ("SQSの可視性タイムアウトのデフォルト値は？", r"30秒"),
    ("What is the default visibility timeout of SQS?", r"30 seconds|30秒"),
    ("How many questions are on the DVA-C02 exam?", r"\b65\b"),
    ("DVA-C02の試験は全部で何問出題されますか？", r"65\s*問"),
    ("Lambdaのタイムアウトの最大値は？", r"15分"),
]


def ask(url: str, question: str) -> str:
    from gradio_client import Client

    client = Client(url, verbose=False)  # one client = one session, like one browser tab
    messages, box = client.predict(question, [], "ja", api_name="/chat")
    assert box == ""
    assert [m["role"] for m in messages] == ["user", "assistant"]  # no one else's turns
    assert messages[0]["content"][0]["text"] == question
    return messages[1]["content"][0]["text"]


def test_twenty_simultaneous_chats_are_all_answered(app_url: str):
    questions = [CASES[i % len(CASES)] for i in range(20)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(lambda qa: ask(app_url, qa[0]), questions))
    for (question, expected), answer in zip(questions, answers, strict=True):
        assert re.search(expected, answer), (question, answer[:300])
        assert '<details class="cite">' in answer
