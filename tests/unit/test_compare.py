"""Comparison questions: which two things are compared, and which quoted line goes under
which of them. Hand-written questions and quotes only; the bridge is built from a few
invented lines, as the tutor builds it from the notes."""

from __future__ import annotations

import re

import pytest

from core.bridge import Bridge
from core.models import Answer, Citation, Quote
from tutor.asks import compared_sides, compared_terms, is_comparison
from tutor.web.render import compare_sides, render_answer


@pytest.mark.parametrize(("question", "terms"), [
    ("SQSのスタンダードキューとFIFOキューの違いは？", ("スタンダードキュー", "FIFOキュー")),
    ("カナリアとリニアってどう違う？", ("カナリア", "リニア")),
    ("ECSとEKSの比較", ("ECS", "EKS")),
    ("SQS と SNS、どっちを使う？", ("SQS", "SNS")),
    ("プッシュ型 vs プル型", ("プッシュ型", "プル型")),
    ("スタンダードとFIFOキューの違い", ("スタンダードキュー", "FIFOキュー")),
    ("サイズと保持時間の違いは？", ("サイズ", "保持時間")),
    ("LambdaのエイリアスとバージョンはAPI Gatewayでどちらを使う？", ("エイリアス", "バージョン")),
    ("What is the difference between reserved and provisioned concurrency?",
     ("reserved concurrency", "provisioned concurrency")),
    ("Differences between SQS standard queues and FIFO queues?", ("standard queues", "FIFO queues")),
    ("SQS or SNS for fan-out?", ("SQS", "SNS")),
    ("Standard or FIFO queue for ordering?", ("Standard queue", "FIFO queue")),
    ("What's the difference between size and hold time?", ("size", "hold time")),
    ("difference between in-place and blue/green deployments",
     ("in-place deployments", "blue/green deployments")),
    ("Should I use DynamoDB or RDS for sessions?", ("DynamoDB", "RDS")),
    ("Lambda versus Fargate", ("Lambda", "Fargate")),
    ("compare Kinesis Data Streams and Firehose", ("Kinesis Data Streams", "Firehose")),
    ("CloudFormation vs. CDK: which one?", ("CloudFormation", "CDK")),
    ("How does a GSI differ from an LSI?", ("GSI", "LSI")),
    ("reserved vs provisioned concurrency in Lambda",
     ("reserved concurrency", "provisioned concurrency")),
])
def test_compared_terms_are_the_two_core_phrases(question: str, terms: tuple[str, str]) -> None:
    assert compared_terms(question) == terms
    assert is_comparison(question)


@pytest.mark.parametrize("question", [
    "SQSの可視性タイムアウトのデフォルト値は？",
    "DynamoDBの読み込みと書き込みの単位は？",  # two things, but not compared
    "Lambdaとは？",
    "What is the default visibility timeout of SQS?",
    "Is the max message size 256 KB or 1 MB?",
    "How do I deploy with SAM and CodeDeploy?",
    "",
])
def test_other_questions_compare_nothing(question: str) -> None:
    assert compared_terms(question) is None


def test_is_comparison_has_one_definition_shared_by_the_web_layer() -> None:
    from tutor.web import render

    assert render.is_comparison is is_comparison
    assert is_comparison("ログとメトリクスの差分は？")  # a comparison word, no two sides


EN = [Quote(text="Provisioned concurrency keeps instances initialised ahead of calls", n=1,
            role="lead"),
      Quote(text="Reserved concurrency caps how many instances one function may use", n=1),
      Quote(text="Both reserved and provisioned concurrency count against the account pool",
            n=2, role="more"),
      Quote(text="Unreserved capacity is shared by every function", n=2, role="more"),
      Quote(text="Provisioned concurrency is billed per hour", n=2, role="more"),
      Quote(text="Timeouts are set per function", n=2, role="more")]


def _split(quotes: list[Quote], terms: object) -> tuple[list[str], list[str], list[str]]:
    shown = [q for q in quotes if q.role != "more"]
    sides = compare_sides(shown, [q for q in quotes if q.role == "more"], terms)
    assert sides is not None
    a, b = ([q.text for q in col] for col in sides.columns)
    return a, b, [q.text for q in sides.both]


def test_each_quote_goes_under_the_term_it_names_and_shared_lines_lead() -> None:
    a, b, both = _split(EN, compared_terms("difference between reserved and provisioned "
                                           "concurrency"))
    assert a == [EN[1].text]
    assert b == [EN[0].text, EN[4].text]  # "concurrency", shared by both terms, decides nothing
    assert both == [EN[2].text]
    assert EN[5].text not in a + b + both  # names neither: stays folded


def test_japanese_lines_and_a_table_row_naming_both_sides() -> None:
    quotes = [Quote(text="スタンダードキューは順序を保証しない", n=1, role="lead"),
              Quote(text="FIFOキューは送った順に一度だけ届ける", n=1),
              Quote(text="順序: スタンダードキュー — 目安 / FIFOキュー — 厳密", n=1),
              Quote(text="重複排除IDを付けて送る", n=1, parent="FIFOキュー", role="more"),
              Quote(text="メッセージの保持期間を変えられる", n=2, role="more")]
    a, b, both = _split(quotes, compared_terms("SQSのスタンダードキューとFIFOキューの違い"))
    assert a == [quotes[0].text]
    assert b == [quotes[1].text, quotes[3].text]  # its parent bullet names the side
    assert both == [quotes[2].text]  # shown once, above the columns


def test_a_label_whose_items_name_one_side_each_is_split_between_the_sides() -> None:
    label = Quote(text="配信の方式", n=1, role="lead",
                  items=["プッシュ型は届いた時点で送り出す", "プル型は受け手が取りに行く",
                         "どちらも再送できる"])
    a, b, both = _split([label, Quote(text="プル型は待ち時間を指定できる", n=1)],
                        compared_terms("プッシュ型とプル型の違い"))
    assert a == ["プッシュ型は届いた時点で送り出す"]
    assert b == ["プル型は受け手が取りに行く", "プル型は待ち時間を指定できる"]
    assert both == []
    # a label whose items name both sides in one item stays one line, above the columns
    row = Quote(text="配信の方式", n=1, role="lead", items=["プッシュ型とプル型がある"])
    _, _, both = _split([row, *(Quote(text=t, n=1) for t in label.items[:2])],
                        ("プッシュ型", "プル型"))
    assert both == ["配信の方式"]


def test_a_term_inside_the_other_is_matched_as_written() -> None:
    quotes = [Quote(text="Task role: what the containers may call", n=1, role="lead"),
              Quote(text="Task execution role: what the agent needs to start a task", n=1),
              Quote(text="Tasks run on a cluster", n=1, role="more")]
    a, b, both = _split(quotes, compared_terms("task role vs task execution role"))
    assert (a, b, both) == ([quotes[0].text], [quotes[1].text], [])


def test_at_most_three_lines_a_side() -> None:
    quotes = [Quote(text=f"Canary step {i} shifts a slice", n=1) for i in range(5)]
    quotes += [Quote(text="Linear adds the same slice each step", n=2)]
    a, b, _ = _split(quotes, ("canary", "linear"))
    assert len(a) == 3 and b == [quotes[-1].text]


def test_without_terms_or_a_side_with_no_line_the_layout_falls_back() -> None:
    for terms in (None, ("reserved concurrency", "cold start")):  # nothing names "cold start"
        a, b, both = _split(EN, terms)
        # two sections' quotes, as before: section 1's lines, then section 2's
        assert a == [EN[0].text, EN[1].text] and b[0] == EN[2].text and both == []


LINES_JA = ["カナリアは一部の利用者に先に出して様子を見る",
            "リニアは決まった間隔で同じ割合ずつ増やす",
            "カナリアでもリニアでも問題があれば切り戻せる",
            "全部を一度に切り替える方式もある"]


def test_an_english_question_over_japanese_lines_matches_through_the_bridge() -> None:
    bridge = Bridge.build(LINES_JA)
    if not bridge.ja_to_en:
        pytest.skip("JMdict is not installed")
    question = "What is the difference between canary and linear?"
    sides = compared_sides(question, bridge)
    assert [s.term for s in sides] == ["canary", "linear"]
    assert "カナリア" in sides[0].forms and "リニア" in sides[1].forms
    quotes = [Quote(text=t, n=1, role="lead" if i == 0 else "more")
              for i, t in enumerate(LINES_JA)]
    cite = Citation(n=1, source="notes/d.md", heading="Deploy", text="\n".join(LINES_JA))
    ans = Answer(question=question, language="en", answer="", quotes=quotes, citations=[cite],
                 compared=sides)
    html = render_answer(ans, "en", "en")
    cols = re.findall(r'<div class="side">(.*?)</ul></div>', html)
    assert '<div class="side-name">canary</div>' in cols[0] and LINES_JA[0] in cols[0]
    assert '<div class="side-name">linear</div>' in cols[1] and LINES_JA[1] in cols[1]
    assert re.search(r'<div class="compare-both"><strong>「' + LINES_JA[2], html)
    assert LINES_JA[3] in html.split('<details class="more">')[1]  # folded
    # without the bridge the English terms name no Japanese line: the fallback layout
    plain = render_answer(ans.model_copy(update={"compared": []}), "en", "en")
    assert 'class="side-name">canary' not in plain


def test_a_japanese_question_over_english_lines_and_terms_are_escaped() -> None:
    lines = ["Canary shifts a small slice first, then the rest",
             "Linear shifts equal slices at fixed intervals"]
    bridge = Bridge.build(lines)
    if not bridge.en_vocab or not bridge.forms("カナリア") - {"カナリア"}:
        pytest.skip("JMdict is not installed")
    sides = compared_sides("カナリアとリニアの違いは？", bridge)
    split = compare_sides([Quote(text=lines[0], n=1, role="lead")],
                          [Quote(text=lines[1], n=1, role="more")], sides)
    assert split is not None and split.names == ["カナリア", "リニア"]
    assert [q.text for q in split.columns[0]] == [lines[0]]
    ans = Answer(question="<b>alpha</b> vs <i>beta</i>", language="en", answer="",
                 quotes=[Quote(text="alpha first", n=1, role="lead"),
                         Quote(text="beta second", n=1)])
    html = render_answer(ans, "en", "en")
    assert '<div class="side-name">&lt;b&gt;alpha&lt;/b&gt;</div>' in html
    assert "<b>alpha" not in html
