"""The generalization set stays consistent with its notes corpus, and the checker bites.

The tuning set (evals/datasets/gen.jsonl) is only worth its figures if every regex can be
met from the section it names and no "unanswerable" case is answered by the notes; the
checker enforces that, so here it must pass on the shipped set and fail on broken cases.
"""

from __future__ import annotations

import json
from pathlib import Path

from evals.corpora.check_gen import DATASET, NOTES, check, copied_run, term_found


def test_gen_set_passes_its_checker() -> None:
    fails, _, counts = check(DATASET, NOTES)
    assert not fails, fails
    assert min(counts[d] for d in ("ja→ja", "en→en", "en→ja", "ja→en")) >= 28


def _write(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    return path


def test_checker_reports_unmatched_regex_copy_and_answered_unanswerable(tmp_path: Path) -> None:
    rows = [
        {"id": "en2en-bad-regex", "lang": "en", "question": "How long do Kinesis records stay?",
         "reference": "Forever.", "must_include": ["forever"], "notes_lang": "en",
         "sources": ["serverless-ops.en.md › Kinesis Data Streams"], "answerable": True},
        {"id": "en2en-copied", "lang": "en", "answerable": True, "notes_lang": "en",
         "question": "Is it true that records are not deleted when a consumer reads them?",
         "reference": "They are not deleted.", "must_include": ["not\\s+deleted"],
         "sources": ["serverless-ops.en.md › Kinesis Data Streams"]},
        {"id": "unans-en-present", "lang": "en", "question": "What is X-Ray sampling?",
         "reference": "", "answerable": False, "kind": "uncovered_detail",
         "topic_terms": ["sampling"]},
    ]
    fails, _, _ = check(_write(tmp_path, rows), NOTES)
    text = "\n".join(fails)
    assert "en2en-bad-regex" in text and "matches none" in text
    assert "en2en-copied: question copies the notes" in text
    assert "unans-en-present: topic terms found" in text
    assert "direction ja→ja" in text  # the shape check counts too


def test_terms_match_whole_words_only() -> None:
    assert term_found("SES", "Amazon SES limits")
    assert not term_found("SES", "it uses sessions")
    assert term_found("カレー", "美味しいカレー")
    assert copied_run("a b " * 3, "x") is None
