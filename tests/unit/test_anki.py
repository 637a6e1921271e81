"""Anki plain-text exports: Anki's header lines are not notes, each note is a card (its front
a line, its other fields the lines under it), HTML and clozes show as the card shows them,
and a note's hierarchical tag or deck is the heading it is cited under."""

from __future__ import annotations

from pathlib import Path

from notes_kit import file_units

from ingest.format_anki import anki_to_markdown, is_anki, is_tab_cards

EXPORT = (
    "#separator:tab\n#html:true\n#tags column:3\n"
    "Visibility timeout max is {{c1::12 hours}}\tDefault <b>30&nbsp;s</b><br>Set per queue\t"
    "Study::SQS limits\n"
    '"Error ""Task timed out"""\tRaise the timeout<div>Check the downstream API</div>\t'
    "Study::Lambda mistakes\n"
    "Message retention?\t4 days by default, up to 14 days\tStudy::SQS\n"
    'Invoke async from CLI\t"aws lambda invoke --invocation-type Event\tout.json"\t'
    "Study::Lambda\n"
)


def units_by_text(tmp_path: Path, text: str, name: str = "cards.txt") -> dict:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return {u.text: u for u in file_units(path)}


def test_an_anki_export_is_read_as_cards_under_their_tags(tmp_path: Path) -> None:
    units = units_by_text(tmp_path, EXPORT)
    assert not any(t.startswith("#") or "separator" in t for t in units)
    front = units["Visibility timeout max is 12 hours"]
    assert front.chunk.heading == "SQS"  # the root every tag shares ("Study") is dropped
    assert units["Default 30 s"].parent.startswith("Visibility timeout")
    assert units["4 days by default, up to 14 days"].chunk.heading == "SQS"
    assert units["Check the downstream API"].chunk.heading == "Lambda"


def test_quoted_fields_keep_their_quotes_and_tabs(tmp_path: Path) -> None:
    units = units_by_text(tmp_path, EXPORT)
    assert 'Error "Task timed out"' in units
    assert any(t.startswith("aws lambda invoke --invocation-type Event") for t in units)


def test_markup_entities_and_media_do_not_reach_the_notes() -> None:
    text = ("#separator:comma\n#html:true\n"
            "SQS &gt; FIFO,\"<ul><li>300 msg/s</li><li>3,000 with batching</li></ul>"
            "[sound:x.mp3]<img src=\"\"a.png\"\">\"\n")  # quoted: it holds a comma
    md = anki_to_markdown(text)
    assert "- SQS > FIFO" in md
    assert "  - 300 msg/s" in md and "  - 3,000 with batching" in md
    assert "<" not in md.replace("SQS >", "") and "sound:" not in md


def test_a_field_is_left_as_written_when_the_export_is_not_html() -> None:
    md = anki_to_markdown("#separator:tab\n#html:false\nTag <b> in code\tuse &amp; as is\n")
    assert "- Tag <b> in code" in md and "  - use &amp; as is" in md


def test_a_deck_column_names_the_heading_and_untagged_notes_come_first() -> None:
    text = ("#separator:tab\n#html:true\n#deck column:1\n#tags column:4\n"
            "DVA::KMS\tEncrypt limit\t4 KB\tkms\n"
            "\tLoose card\tno deck\t\n")
    md = anki_to_markdown(text)
    assert md.index("- Loose card") < md.index("KMS")
    assert "- Encrypt limit\n  - 4 KB" in md


def test_only_an_export_with_ankis_header_is_taken_for_one() -> None:
    assert is_anki(EXPORT)
    assert not is_anki("# Lambda\n\n- timeout 15 min\n")
    assert not is_anki("#separator is a word here\nplain notes\n")


def test_cards_exported_without_a_header_are_cards_too(tmp_path: Path) -> None:
    text = ("Visibility timeout default\t30 seconds (max 12 hours)\n"
            "Max message size\t256 KB\n"
            "Lambda timeout limit\t15 minutes\n")
    units = units_by_text(tmp_path, text)
    assert units["256 KB"].parent == "Max message size"
    assert not any("\t" in t for t in units)
    assert not is_tab_cards("Notes\nwith one\ttab here\nand none here\n")
