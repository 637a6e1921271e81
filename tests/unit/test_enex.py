"""Evernote exports (.enex): each note a section under its title, its ENML content read as
HTML, attachments and metadata left out; a broken export is skipped with its reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from notes_kit import file_units

from ingest.load import LoadError, load_file

ENEX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE en-export SYSTEM "http://xml.evernote.com/pub/evernote-export4.dtd">
<en-export export-date="20250318T120000Z" application="Evernote" version="10.80">
  <note>
    <title>SQS まとめ</title>
    <created>20250301T090000Z</created>
    <tag>DVA</tag>
    <content><![CDATA[<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE en-note SYSTEM "http://xml.evernote.com/pub/enml2.dtd">
<en-note><div><b>可視性タイムアウト</b></div>
<ul><li><div>デフォルト30秒、最大12時間</div></li><li><div>処理中は他のコンシューマから見えない</div></li></ul>
<h2>DLQ</h2><div>maxReceiveCount を超えたら移される</div>
<en-media type="image/png" hash="0123456789abcdef"/></en-note>]]></content>
    <resource><data encoding="base64">iVBORw0KGgo=</data><mime>image/png</mime></resource>
  </note>
  <note>
    <title>Lambda メモ</title>
    <content><![CDATA[<en-note><div>タイムアウトは最大15分</div></en-note>]]></content>
  </note>
</en-export>
"""


def test_an_evernote_export_reads_each_note_under_its_title(tmp_path: Path) -> None:
    path = tmp_path / "study.enex"
    path.write_text(ENEX, encoding="utf-8")
    units = {u.text: u for u in file_units(path)}
    assert units["デフォルト30秒、最大12時間"].chunk.heading.startswith("SQS まとめ")
    assert units["デフォルト30秒、最大12時間"].chunk.heading.endswith("可視性タイムアウト")
    dlq = units["maxReceiveCount を超えたら移される"].chunk.heading
    assert dlq.startswith("SQS まとめ") and dlq.endswith("DLQ")
    assert units["タイムアウトは最大15分"].chunk.heading == "Lambda メモ"
    # tags, dates and attachments are not lines of the notes
    assert not [t for t in units if "DVA" in t or "2025" in t or "iVBOR" in t]


@pytest.mark.parametrize(("text", "reason"), [
    ("<en-export><note><title>x</title>", "not a readable Evernote export"),
    ("<html><body>hi</body></html>", "not an Evernote export"),
    ('<!DOCTYPE x [<!ENTITY a "aaaa">]><en-export>&a;</en-export>', "entities"),
])
def test_a_broken_export_is_skipped_with_a_reason(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "bad.enex"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError, match=reason):
        load_file(path, path.name)
