"""Exports: JSON round-trips, CSV rows, and an Anki package that Anki can open."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile

from core.models import Chunk
from tutor.quiz.export import export_apkg, to_csv, to_json
from tutor.quiz.items import QuizItem, citation_for

CHUNK = Chunk(id="c", source="notes/dva-notes.ja.md", heading="A > AWS Lambda",
              text="A > AWS Lambda\n- タイムアウト\n    - 最大15分")


def items() -> list[QuizItem]:
    cite = citation_for(CHUNK)
    common = dict(explanation="ノートより [1] notes/dva-notes.ja.md › A > AWS Lambda",
                  citations=[cite], service="Lambda", domain=1, evidence="最大15分")
    return [
        QuizItem(id="a1", type="mcq", lang="ja", stem="AWS Lambda › タイムアウト: 最大（　）",
                 options=["10分", "15分", "30分", "5分"], answer=[1], difficulty="medium", **common),
        QuizItem(id="a2", type="truefalse", lang="en", stem="True or false? Lambda: 15 minutes",
                 options=["True", "False"], answer=[0], difficulty="easy", **common),
        QuizItem(id="a3", type="cloze", lang="ja", stem="最大（　）", options=["15分", "15 分"],
                 answer=[0, 1], difficulty="hard", **common),
    ]


def test_json_has_the_contract_fields():
    data = json.loads(to_json(items()))
    assert len(data) == 3
    assert set(data[0]) >= {"id", "type", "lang", "stem", "options", "answer", "explanation",
                            "citations", "service", "domain", "difficulty"}
    assert data[0]["citations"][0] == {"n": 1, "source": "notes/dva-notes.ja.md",
                                       "heading": "A > AWS Lambda", "page": None,
                                       "text": CHUNK.text, "quotes": []}
    assert QuizItem.model_validate(data[2]).options == ["15分", "15 分"]


def test_csv_rows():
    rows = list(csv.DictReader(io.StringIO(to_csv(items()))))
    assert [r["answer"] for r in rows] == ["B", "True", "15分 / 15 分"]
    assert rows[0]["options"].startswith("A. 10分 | B. 15分")
    assert rows[0]["citation"] == "[1] notes/dva-notes.ja.md › A > AWS Lambda"


def test_anki_package_opens_with_one_note_per_item(tmp_path):
    path = export_apkg(items(), tmp_path / "deck" / "quiz.apkg")
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        assert "collection.anki2" in names
        zf.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        assert db.execute("SELECT count(*) FROM notes").fetchone()[0] == 3
        assert db.execute("SELECT count(*) FROM cards").fetchone()[0] == 3
        fields = [r[0] for r in db.execute("SELECT flds FROM notes")]
    finally:
        db.close()
    assert any("最大（　）" in f and "15分" in f for f in fields)
    again = export_apkg(items(), tmp_path / "again.apkg")
    assert again.exists()
