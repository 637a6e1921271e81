"""Questions that ask for a figure: the lead gives one, or the tutor says the notes don't."""

from __future__ import annotations

import pytest
from notes_kit import tutor as make_tutor

from core.settings import Settings
from tutor.asks import asks_figure, counted_thing, has_figure
from tutor.refusal import decide, refusal_text
from tutor.retrieve import make_query, search
from tutor.select import SHAPE_MARGIN, Pick, select, shape_first


@pytest.fixture(scope="module")
def tutor(tmp_path_factory):  # noqa: ANN001, ANN201
    return make_tutor(Settings(data_dir=tmp_path_factory.mktemp("data")))


@pytest.mark.parametrize(("question", "wants"), [
    ("How many shards can one stream have?", True),
    ("How long are messages kept at most?", True),
    ("What's the maximum payload size?", True),
    ("キューにメッセージを最長何日置いておける？", True),
    ("タグは何個までつけられる？", True),
    ("メッセージサイズの上限は？", True),
    ("書き込みは最大どれくらいまでいける？", True),
    ("What status code does a throttled client get?", True),
    ("デーモンって何番ポートで待ってるの？", True),
    ("How do I change the port?", False),
    # a limit named on the way to asking something else
    ("呼び出し上限に当たったときの対策は？", False),
    ("Which field shows how much memory my function used?", False),
    ("How do I raise the maximum retries?", False),
    ("What is the default storage class?", False),
    ("What does X-Ray do?", False),
])
def test_a_question_asking_for_a_figure_is_told_apart(question: str, wants: bool) -> None:
    assert asks_figure(question) is wants


@pytest.mark.parametrize(("text", "has"), [
    ("最大 10 個まで", True),
    ("１つのキューにつき", True),
    ("only one external connection per repository", True),
    ("ひとつのリージョンだけ", True),
    ("保持期間は無制限", True),
    ("Runs on EC2 and S3", False),  # a service's digit is not a figure
    ("The exam code is DVA-C02", False),
    ("Annotations are indexed", False),
])
def test_a_figure_is_found_in_digits_or_words(text: str, has: bool) -> None:
    assert has_figure(text) is has


def _picks(tutor, texts_scores: list[tuple[str, float]]) -> list[Pick]:  # noqa: ANN001
    by_text = {u.text: i for i, u in enumerate(tutor.index.units)}
    return [Pick(tutor.index.units[by_text[t]], by_text[t], 0, s, 0.0, 0.0)
            for t, s in texts_scores]


def test_a_close_runner_up_giving_the_figure_leads(tutor) -> None:  # noqa: ANN001
    no_figure = "TTLを設定すると期限切れの項目が自動で削除される"
    figure = "テーブルごとにデフォルトで最大20個まで作成できる"
    close = _picks(tutor, [(no_figure, 5.0), (figure, 5.0 - SHAPE_MARGIN / 2)])
    assert [p.unit.text for p in shape_first(close, has_figure)] == [figure, no_figure]
    far = _picks(tutor, [(no_figure, 5.0), (figure, 5.0 - SHAPE_MARGIN * 2)])
    assert shape_first(far, has_figure) == far  # too far below: the better line keeps the lead
    led = _picks(tutor, [(figure, 5.0), (no_figure, 4.9)])
    assert shape_first(led, has_figure) == led


def _decide(tutor, question: str, lang: str):  # noqa: ANN001, ANN202
    query = make_query(tutor.index, question, lang)
    hits = search(tutor.index, query)
    selection = select(query, hits, tutor.index, tutor.scorer)
    return hits, selection, decide(query, hits, selection, tutor.scorer, tutor.uncovered,
                                   tutor.index)


@pytest.mark.parametrize(("question", "lang"), [
    ("TTLで期限切れの項目が削除されるまで何時間かかる？", "ja"),
    ("How many days does DynamoDB TTL take to delete expired items?", "en"),
    ("How many stage variables can a stage have?", "en"),
])
def test_a_figure_no_shown_line_gives_is_refused(tutor, question: str, lang: str) -> None:  # noqa: ANN001
    hits, selection, decision = _decide(tutor, question, lang)
    assert decision.refuse and decision.reason == "no figure"
    assert not any(has_figure(p.unit.text) for p in selection.picks)
    text = refusal_text(lang, hits, decision)
    assert ("数値" in text) if lang == "ja" else ("figure" in text)


@pytest.mark.parametrize(("question", "lang", "fact"), [
    ("KMSで直接暗号化できるデータの上限は？", "ja", "4KB"),
    ("GSIはテーブルごとに何個まで？", "ja", "20個"),
    ("How long can an API Gateway integration run at most?", "en", "29 seconds"),
])
def test_a_figure_the_notes_give_is_answered_first(tutor, question: str, lang: str,  # noqa: ANN001
                                                   fact: str) -> None:
    _, selection, decision = _decide(tutor, question, lang)
    assert not decision.refuse
    assert fact in selection.picks[0].unit.text


@pytest.mark.parametrize(("question", "line", "fits"), [
    ("ビルドの手順はどのファイルに書く？", "ビルド方法は buildspec.yml に記述する", True),
    ("Which file describes the app's processes?", "a Procfile lists the processes", True),
    ("Which file describes the build?", "the build runs in a managed container", False),
    ("How many shards can one stream have?", "up to 500 shards by default", True),
])
def test_a_question_says_how_its_answer_looks(question: str, line: str, fits: bool) -> None:
    from tutor.asks import answer_shape

    shaped = answer_shape(question)
    assert shaped is not None and shaped(line) is fits


def test_most_questions_do_not_fix_the_answers_shape() -> None:
    from tutor.asks import answer_shape

    assert answer_shape("What does X-Ray do?") is None
    assert answer_shape("ファイルを暗号化する方法は？") is None  # about files, not asking which


@pytest.mark.parametrize(("question", "thing"), [
    ("How many stages can a single REST API have?", "stage"),
    ("max number of nodes in a Memcached cluster?", "node"),
    ("How many roles fit in one instance profile?", "role"),  # the verb ends the thing
    ("X-Rayのサンプリングルールって何個まで作れる？", "ルール"),
    ("S3のバケットって1アカウントで何個まで作れる？", "バケット"),
    # a unit or a limit is not a thing the notes would name
    ("How many times a day can I call UpdateShardCount?", None),
    ("Lambdaの同時実行数のデフォルト上限はいくつですか？", None),
    ("How long are messages kept?", None),
    ("BackoffRateの初期値っていくつだっけ", None),  # a value, not a count of 初期値
])
def test_the_thing_a_count_question_counts(question: str, thing: str | None) -> None:
    assert counted_thing(question) == thing


@pytest.mark.parametrize(("question", "line", "named"), [
    ("ストリームのレコードって何時間残るの？", "保持期間は24時間", True),
    ("ステート間で渡せるデータの上限サイズは？", "入出力は最大256KB", True),
    ("How many seconds of unused capacity can be saved?", "up to 300 seconds of burst", True),
    # a unit the topic only suggests, or a figure in another unit, is no such evidence
    ("What is the visibility timeout?", "30 seconds by default", False),
    ("ストリームのレコードって何時間残るの？", "最大500シャード", False),
    ("Lambdaの/tmpって何MBまで？", "最大15分", False),
])
def test_a_figure_in_the_unit_the_question_names(question: str, line: str, named: bool) -> None:
    from tutor.asks import named_unit_figure

    assert named_unit_figure(question, line) is named
