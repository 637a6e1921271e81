"""The eval-set loader must reject bad files loudly, naming the file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.dataset import DatasetError, EvalCase, load_dataset

GOOD = {
    "id": "sqs-retention-ja",
    "lang": "ja",
    "question": "SQS はメッセージを最大何日保持できますか？",
    "reference": "最大14日間キューにデータを保存する",
    "must_include": [r"14\s*(日|days?)"],
    "sources": ["Amazon Simple Queue Service"],
}


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "dva.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def case(**changes: object) -> str:
    data = {**GOOD, **changes}
    return json.dumps({k: v for k, v in data.items() if v is not None}, ensure_ascii=False)


def test_loads_cases_skipping_blank_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path, case(), "", "   ", case(id="q2", lang="en", answerable=False, sources=[])
    )
    cases = load_dataset(path)
    assert [c.id for c in cases] == ["sqs-retention-ja", "q2"]
    assert cases[0].answerable is True  # default
    assert cases[1].answerable is False
    assert cases[0].patterns()[0].search("最大14日間キューにデータを保存する")


def test_bad_json_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, case(), "", '{"id": "broken", ')
    with pytest.raises(DatasetError, match=r"^dva\.jsonl line 3: bad JSON"):
        load_dataset(path)


def test_missing_field_names_field_and_line(tmp_path: Path) -> None:
    lines = [case(id=f"q{i}") for i in range(6)] + [case(id="q7", question=None)]
    with pytest.raises(DatasetError) as info:
        load_dataset(write(tmp_path, *lines))
    assert str(info.value) == "dva.jsonl line 7: missing field 'question'"


def test_bad_lang(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match=r"line 1: bad lang 'fr'"):
        load_dataset(write(tmp_path, case(lang="fr")))


def test_regex_that_does_not_compile(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match=r"line 2: .*must_include.*does not compile"):
        load_dataset(write(tmp_path, case(id="a"), case(id="b", must_include=["(unclosed"])))


def test_duplicate_id(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match=r"line 3: duplicate id 'x' \(first on line 1\)"):
        load_dataset(write(tmp_path, case(id="x"), case(id="y"), case(id="x")))


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="no cases"):
        load_dataset(write(tmp_path, "", "  "))


def test_non_object_line(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="line 1: expected a JSON object"):
        load_dataset(write(tmp_path, "[1, 2]"))


def test_answerable_case_needs_sources(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="line 1: answerable case 'q' needs at least one source"):
        load_dataset(write(tmp_path, case(id="q", sources=[])))


def test_missing_file_is_a_dataset_error(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="cannot read"):
        load_dataset(tmp_path / "nope.jsonl")


def test_unknown_fields_are_ignored() -> None:
    parsed = EvalCase.model_validate({**GOOD, "domain": 1})
    assert parsed.id == GOOD["id"]


def test_a_held_out_question_may_name_a_heading_but_not_paste_a_line(tmp_path) -> None:  # noqa: ANN001
    """The held-out checker flags a question that pastes a note line, not one that names a
    section's topic ("Step Functions" as a heading)."""
    import json

    from evals.corpora.check_final import check_dataset

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "sfn.md").write_text("# Notes\n\n## Step Functions\n\n"
                                  "- Standard workflows run up to one year\n", "utf-8")
    cases = [{"id": "named", "lang": "en", "question": "How long can Step Functions run?",
              "reference": "Up to one year.", "must_include": ["one year"],
              "sources": ["sfn.md › Step Functions"],
              "answerable": True, "notes_lang": "en"},
             {"id": "pasted", "lang": "en",
              "question": "Is it true that standard workflows run up to one year?",
              "reference": "Up to one year.", "must_include": ["one year"],
              "sources": ["sfn.md › Step Functions"],
              "answerable": True, "notes_lang": "en"}]
    data = tmp_path / "set.jsonl"
    data.write_text("".join(json.dumps(c) + "\n" for c in cases), "utf-8")
    problems, _ = check_dataset(data, notes)
    assert [p.split(":")[0] for p in problems] == ["pasted"]
