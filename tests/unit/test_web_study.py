"""The web layer's plain parts: answer-first rendering, browser-side history, study progress.

Hand-made answers and quiz items only: no index, no browser.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from core.models import Answer, Citation, Quote
from core.settings import Settings
from tutor import progress
from tutor.quiz.items import QuizItem
from tutor.web import history
from tutor.web.i18n import browser_lang, t, ui_lang
from tutor.web.render import (
    CITES_MARK,
    is_quoted,
    passage_html,
    render_answer,
    strip_ui,
)

PASSAGE = "Queue service > Timeouts\n- Hold time\n    - default is 45 units\n    - max is 9 units\n"


def _answer(question: str = "What is the default hold time?", **kw: object) -> Answer:
    cite = Citation(n=1, source="notes/q.md", heading="Queue service > Timeouts",
                    text=PASSAGE, quotes=["default is 45 units", "max is 9 units"])
    other = Citation(n=2, source="notes/q.md", heading="Queue service > Limits",
                     text="Queue service > Limits\n- size <b>cap</b> 7 units\n")
    quotes = [Quote(text="default is 45 units", n=1, parent="Hold time", role="lead"),
              Quote(text="max is 9 units", n=1, parent="Hold time", role="support"),
              Quote(text="size <b>cap</b> 7 units", n=2, role="more")]
    return Answer(question=question, language="en", answer="plain", citations=[cite, other],
                  quotes=quotes, **kw)


def test_answer_leads_with_the_line_that_answers_and_folds_the_rest():
    html = render_answer(_answer(), "en", "en")
    body, cites = html.split(CITES_MARK)
    lead = re.search(r'<div class="answer-lead"><strong>(.*?)</strong>', body).group(1)
    assert "default is 45 units" in lead and 'href="#source-1"' in lead
    assert body.index("answer-lead") < body.index("answer-support") < body.index("more")
    assert re.search(r'<details class="more"><summary>More from your notes \(1\)', body)
    assert "&lt;b&gt;cap&lt;/b&gt;" in body and "<b>cap</b>" not in body  # notes escaped
    # the viewer highlights what the answer shows, and only lightly what is folded
    assert '<mark class="quoted">- default is 45 units</mark>' in cites
    assert '<mark class="also">- max is 9 units</mark>' not in cites
    assert "[1] notes/q.md › Queue service &gt; Timeouts" in cites


def test_comparison_questions_put_two_sides_next_to_each_other():
    html = render_answer(_answer("What is the difference between hold time and size?"),
                         "en", "en")
    sides = re.findall(r'<div class="side">(.*?)</ul></div>', html)
    assert len(sides) == 2
    # named by the compared terms; "hold time" lines sit under it by their parent bullet
    assert '<div class="side-name">hold time</div>' in sides[0] and "45 units" in sides[0]
    assert '<div class="side-name">size</div>' in sides[1] and "7 units" in sides[1]
    assert "answer-lead" not in html


def test_refusals_and_notices_are_escaped_and_plain_text_is_recoverable():
    ans = Answer(question="x", language="en", answer="Not in <i>notes</i>", refused=True,
                 notices=["<script>x</script>"])
    html = render_answer(ans, "ja", "ja")
    assert "<script>" not in html and "<i>" not in html
    assert "🚫 ノートに記載がありません" in html
    assert "質問が英語のため" in html  # UI in Japanese, answer in English: said so
    assert strip_ui(render_answer(_answer(), "en", "en")).startswith("From your notes on")
    assert "size" not in strip_ui(render_answer(_answer(), "en", "en"))  # folded part dropped


def test_llm_answers_link_their_citations_and_show_unsupported_sentences():
    ans = Answer(question="q", language="en", answer="It holds for 45 units [1]. Also 99 [2].",
                 citations=_answer().citations, backend="ollama/x",
                 flagged_sentences=["Also 99 [2]."])
    html = render_answer(ans, "en", "en")
    assert 'units <a class="cite-ref" href="#source-1">[1]</a>' in html
    assert re.search(r"Not supported by the cited notes.*\n> - Also 99", html)


def test_quoted_line_matching_ignores_bullets_and_spacing():
    assert is_quoted("    - default  is 45 units", ["default is 45 units"])
    assert not is_quoted("- max is 9 units", ["default is 45 units"])
    assert "<br>" in passage_html("a\nb") and "\n" not in passage_html("a\nb")


def test_one_ui_language_at_a_time():
    assert browser_lang("ja-JP") == "ja" and browser_lang("en-GB") == "en"
    assert browser_lang(None) == "en" and browser_lang("fr") == "en"
    assert ui_lang("en") == "en" and ui_lang(None, "ja") == "ja"
    assert " / " not in t("tab_chat", "en") and t("tab_chat", "ja") == "チャット"


def test_history_keeps_newest_first_and_titles_from_the_first_question():
    msgs = [{"role": "user", "content": [{"type": "text", "text": "What is &lt;x&gt;?"}]},
            {"role": "assistant", "content": "<div>answer</div>"}]
    chats, cid = history.save_chat([], "", msgs)
    assert cid and chats[0]["title"] == "What is <x>?"
    chats, cid2 = history.save_chat(chats, "", msgs[:1])
    assert cid2 != cid and [c["id"] for c in chats] == [cid2, cid]
    chats, _ = history.save_chat(chats, cid, msgs)  # updated: back to the top
    assert [c["id"] for c in chats] == [cid, cid2]
    assert history.messages_of(chats, cid)[1]["content"] == "<div>answer</div>"
    assert history.choices(chats, "untitled")[0][1] == cid
    for _ in range(history.MAX_CHATS + 5):
        chats, _ = history.save_chat(chats, "", msgs)
    assert len(chats) == history.MAX_CHATS


def _item(service: str, domain: int, stem: str) -> QuizItem:
    return QuizItem(id=stem, type="mcq", lang="en", stem=stem, options=["a", "b", "c", "d"],
                    answer=[0], explanation="because", service=service, domain=domain,
                    difficulty="easy")


def test_progress_records_answers_by_domain_and_service_and_schedules_review(
        settings: Settings):
    assert progress.attempts(settings) == [] and progress.due_items(settings) == []
    now = datetime(2026, 1, 5, 9, tzinfo=UTC)
    q1, q2 = _item("SQS", 1, "q one?"), _item("IAM", 2, "q two?")
    assert progress.record_answer(settings, q1, False, now=now) == 1
    assert progress.record_answer(settings, q1.model_dump(mode="json"), True,
                                  now=now + timedelta(hours=1)) == 2
    assert progress.record_answer(settings, q2, True, now=now) is None  # never missed
    rows = progress.attempts(settings)
    assert [(a.service, a.correct) for a in rows] == [("SQS", False), ("IAM", True),
                                                      ("SQS", True)]
    by_domain = progress.tally(rows, lambda a: a.domain)
    assert (by_domain[1].answers, by_domain[1].accuracy) == (2, 0.5)
    assert progress.weakest(rows)[0][0] == "SQS"
    # box 2 is due a day later, on the CLI's Leitner schedule
    assert progress.due_items(settings, now=now + timedelta(hours=2)) == []
    assert [i.stem for i in progress.due_items(settings, now=now + timedelta(days=2))] == \
        ["q one?"]
