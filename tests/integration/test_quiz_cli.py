"""`tutor quiz` end to end over a real index of the shipped corpus."""

from __future__ import annotations

import json
import zipfile

import typer
from typer.testing import CliRunner

from tutor.quiz import generate
from tutor.quiz.checks import Corpus, check_item, check_quiz
from tutor.quiz.cli import quiz_command
from tutor.quiz.items import LETTERS
from tutor.quiz.review import ReviewStore

runner = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command()(quiz_command)
    return app


def _answers(items, right: bool) -> str:
    """Typed answers for ``items``: all right or all wrong."""
    out = []
    for it in items:
        if it.type == "cloze":
            out.append(it.options[0] if right else "わからない")
        elif it.type == "truefalse":
            says_true = (it.answer == [0]) == right
            out.append("○" if says_true else "×")
        else:
            keys = it.answer if right else [i for i in range(len(it.options))
                                             if i not in it.answer][:len(it.answer)]
            out.append(",".join(LETTERS[i] for i in keys))
    return "\n".join(out) + "\n"


def test_generate_from_the_index(indexed_settings):
    from ingest.store import load_chunks

    items = generate(settings=indexed_settings, n=200, seed=11)
    assert len(items) == 200
    corpus = Corpus(load_chunks(indexed_settings))
    assert [p for it in items for p in check_item(it, corpus)] == []
    assert check_quiz(items) == []


def test_interactive_quiz_scores_and_records_wrong_answers(indexed_settings):
    items = generate(settings=indexed_settings, n=4, seed=5, lang="ja")
    result = runner.invoke(_app(), ["--n", "4", "--seed", "5", "--lang", "ja"],
                           input=_answers(items, right=True))
    assert result.exit_code == 0, result.output
    assert "スコア: 4/4" in result.output
    assert result.output.count("正解！") == 4
    assert "[1] notes/dva-notes.ja.md ›" in result.output
    assert ReviewStore(indexed_settings.review_db).due() == []

    result = runner.invoke(_app(), ["--n", "4", "--seed", "5", "--lang", "ja"],
                           input=_answers(items, right=False))
    assert result.exit_code == 0, result.output
    assert "スコア: 0/4" in result.output and "不正解。正解:" in result.output
    due = ReviewStore(indexed_settings.review_db).due()
    assert {it.stem for it in due} == {it.stem for it in items}

    # --review asks the due items first
    result = runner.invoke(_app(), ["--n", "2", "--review", "--lang", "ja", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert {q["stem"] for q in json.loads(result.output)} <= {it.stem for it in items}


def test_unreadable_answer_is_asked_again_and_input_end_still_scores(indexed_settings):
    result = runner.invoke(_app(), ["--n", "3", "--seed", "1", "--type", "mcq", "--lang", "en"],
                           input="???\n")
    assert result.exit_code == 0, result.output
    assert "Could not read that" in result.output and "Score: 0/" in result.output


def test_json_csv_and_anki_outputs(indexed_settings, tmp_path):
    result = runner.invoke(_app(), ["-n", "5", "--seed", "2", "-f", "json", "--service", "SQS"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data) == 5 and all(d["service"] == "SQS" for d in data)

    out = tmp_path / "q.csv"
    result = runner.invoke(_app(), ["-n", "5", "--seed", "2", "-f", "csv", "-o", str(out)])
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("id,type,lang")

    apkg = tmp_path / "q.apkg"
    result = runner.invoke(_app(), ["-n", "6", "--seed", "2", "-f", "anki", "-o", str(apkg)])
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(apkg) and "Wrote 6 notes" in result.output


def test_bad_options_and_missing_index(settings):
    assert runner.invoke(_app(), ["--difficulty", "extreme"]).exit_code != 0
    assert runner.invoke(_app(), ["--type", "essay"]).exit_code != 0
    result = runner.invoke(_app(), ["-n", "2"])
    assert result.exit_code == 1 and "tutor ingest" in result.output


def test_empty_section_gets_an_honest_message(indexed_settings):
    result = runner.invoke(_app(), ["--service", "DynamoDB", "--lang", "en"])
    assert result.exit_code == 1
    assert "DynamoDB heading" in result.output and "no content yet" in result.output


def test_default_quiz_from_the_index_is_the_exams_formats(indexed_settings):
    from benchmarks.quiz_shortcuts import repeats

    runs = [generate(settings=indexed_settings, n=10, seed=s) for s in range(10)]
    assert all({it.type for it in q} <= {"mcq", "multi"} for q in runs)
    assert all(sum(it.scenario for it in q) >= 4 for q in runs)
    assert sum(repeats(q) for q in runs) == 0
