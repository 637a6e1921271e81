"""The CLI prints "A vs B" answers as two columns headed by the compared terms, at a
narrow width too; every other answer prints as the answerer wrote it. Hand-made Answers
only (no index)."""

from __future__ import annotations

import json
import re

import pytest
from rich.console import Console

from core.models import Answer, Citation, Quote
from tutor.asks import compared_sides
from tutor.cli_render import comparison, print_answer

JA_Q = "SQSのスタンダードキューとFIFOキューの違いは？"
JA = [Quote(text="スタンダードキューは順序を保証しない場合がある", n=1, role="lead"),
      Quote(text="FIFOキューは送った順に一度だけ届ける", n=1),
      Quote(text="順序: スタンダードキュー — 目安 / FIFOキュー — 厳密", n=1),
      Quote(text="重複排除IDを付けて送る", n=1, parent="FIFOキュー", role="more"),
      Quote(text="メッセージの保持期間は変えられる", n=2, role="more")]
EN_Q = "What is the difference between reserved and provisioned concurrency?"
EN = [Quote(text="Provisioned concurrency keeps instances initialised ahead of calls", n=1,
            role="lead", gloss="ahead of time"),
      Quote(text="Reserved concurrency caps how many instances one function may use", n=1),
      Quote(text="Unreserved capacity is shared by every function", n=2, role="more")]
CITES = [Citation(n=1, source="notes/q.md", heading="Queues > Kinds", text="x"),
         Citation(n=2, source="notes/q.md", heading="Queues > Retention", text="y")]


def _answer(question: str, quotes: list[Quote], lang: str = "ja", **kw: object) -> Answer:
    text = "\n".join(f"「{q.text}」 [{q.n}]" for q in quotes) or "no answer"
    return Answer(question=question, language=lang, answer=text, quotes=quotes,  # type: ignore[arg-type]
                  citations=CITES, **kw)


def _shown(answer: Answer, width: int = 60) -> str:
    console = Console(width=width, record=True, color_system=None)
    print_answer(console, answer)
    return console.export_text()


def _columns(out: str) -> tuple[list[str], list[str]]:
    """Each column's header and body text, glued back from the wrapped table lines."""
    lines = out.splitlines()
    head_rows = [line.split("┃")[1:-1] for line in lines if line.count("┃") == 3]
    body_rows = [line.split("│")[1:-1] for line in lines if line.count("│") == 3]
    head = [" ".join(r[i].strip() for r in head_rows).strip() for i in (0, 1)]
    body = [" ".join(r[i].strip() for r in body_rows) for i in (0, 1)]
    return head, body


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("compared", [True, False])  # the chain's sides, or the question's
def test_a_japanese_comparison_is_two_columns_headed_by_the_terms(compared: bool) -> None:
    sides = compared_sides(JA_Q) if compared else []
    out = _shown(_answer(JA_Q, JA, compared=sides))
    head, body = _columns(out)
    assert head == ["スタンダードキュー", "FIFOキュー"]
    assert _squash(JA[0].text) in _squash(body[0]) and _squash(JA[0].text) not in _squash(body[1])
    assert _squash(JA[1].text) in _squash(body[1]) and _squash(JA[1].text) not in _squash(body[0])
    assert _squash(JA[3].text) in _squash(body[1])  # its parent bullet names the side
    # the line naming both sides is above the table, the unrelated one after it, then sources
    table_top = out.index("┏")
    assert 0 <= out.index(JA[2].text[:8]) < table_top
    after = out[out.index("└"):]
    assert "ノートの関連箇所:" in after and JA[4].text in after
    assert after.index(JA[4].text) < after.index("Sources / 出典") < after.index("notes/q.md")


def test_an_english_comparison_wraps_in_a_narrow_terminal() -> None:
    out = _shown(_answer(EN_Q, EN, lang="en"), width=60)
    assert max(len(line) for line in out.splitlines()) <= 60
    head, body = _columns(out)
    assert head == ["reserved concurrency", "provisioned concurrency"]
    assert " ".join(EN[1].text.split()) in " ".join(body[0].split())
    assert " ".join(EN[0].text.split()) in " ".join(body[1].split())
    assert "(ahead of time)" in " ".join(body[1].split())  # the gloss, in its cell
    assert "More from your notes:" in out and EN[2].text in out


def test_a_question_comparing_nothing_prints_the_answer_as_today() -> None:
    ans = _answer("SQSの可視性タイムアウトのデフォルトは？", JA)
    assert comparison(ans) is None
    out = _shown(ans, width=200)
    assert not re.search(r"[│┃┏┗]", out)
    assert out.startswith(ans.answer)


def test_a_refused_comparison_prints_no_table() -> None:
    ans = _answer(JA_Q, JA, refused=True)
    assert comparison(ans) is None
    assert not re.search(r"[│┃┏┗]", _shown(ans, width=200))
    assert comparison(_answer(JA_Q, [])) is None  # no quotes (an LLM's answer): as today


def test_a_side_no_line_names_falls_back_to_the_plain_answer() -> None:
    ans = _answer("スタンダードキューとデッドレターキューの違いは？", JA)
    assert comparison(ans) is None  # the section fallback has no terms to head columns
    assert not re.search(r"[│┃]", _shown(ans, width=200))


def test_json_output_is_the_answer_model(capsys: pytest.CaptureFixture[str]) -> None:
    from tutor.cli import _print_answer

    ans = _answer(JA_Q, JA)
    _print_answer(ans, as_json=True)
    assert json.loads(capsys.readouterr().out) == json.loads(ans.model_dump_json())


def test_a_label_split_between_the_sides_shows_only_its_other_items_below() -> None:
    label = Quote(text="配信の方式", n=1, role="lead",
                  items=["プッシュ型は届いた時点で送り出す", "プル型は受け手が取りに行く",
                         "どちらも再送できる"])
    out = _shown(_answer("プッシュ型とプル型の違い", [label]), width=100)
    head, body = _columns(out)
    assert head == ["プッシュ型", "プル型"]
    assert label.items[0] in body[0] and label.items[1] in body[1]
    after = out[out.index("└"):]
    assert label.items[2] in after  # the item naming neither side, under its label
    assert label.items[0] not in after and label.items[1] not in after


def test_a_plain_answer_keeps_each_bullet_beside_its_japanese_line() -> None:
    text = ("ノートの「保持」より:\n**「メッセージは最大14日間キューに保存される」** [1]\n"
            "ノートの関連箇所:\n- 「デフォルトの保持期間は4日で、1分から14日のあいだで変えられる、"
            "と書いてある」 [1]\n- 「[red]markup[/red] is printed as written」 [2]")
    out = _shown(Answer(question="保持期間は？", language="ja", answer=text, citations=CITES),
                 width=40)
    rows = [r.rstrip() for r in out.splitlines()]
    assert "-" not in rows  # no bullet left alone on its row
    assert any(r.startswith("- 「デフォルト") for r in rows)
    assert "**" not in out and "「メッセージは最大14日間キューに保存される」" in _squash(out)
    assert "[red]markup[/red]" in out  # the notes' text is not read as rich markup
