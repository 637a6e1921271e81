"""A Scrapbox page pasted as text: headings by star count, nesting by leading spaces,
code and table blocks, and link brackets read as what they show."""

from __future__ import annotations

from pathlib import Path

from notes_kit import file_units

from ingest.format_scrapbox import is_scrapbox

PAGE = """DynamoDB notes
#dva #勉強中
[DynamoDB] のまとめ

[*** DynamoDB]
[** キャパシティ]
 RCU
  1 RCU = 4KBまでを1秒に1回 [* 強い整合性] で読める #計算
 [https://docs.aws.amazon.com/amazondynamodb/ 公式]
[** インデックス]
 table:比較
  項目	LSI	GSI
  上限	5個	20個
 code:query.py
  table.query(IndexName="gsi1")
[*** Step Functions]
[** 基本]
 入出力は最大256KB
"""


def _units(path: Path) -> list[tuple[str, str, str]]:
    return [(u.chunk.heading, u.parent, u.text) for u in file_units(path)]


def test_a_scrapbox_page_reads_as_headed_nested_notes(tmp_path: Path) -> None:
    path = tmp_path / "ddb.txt"
    path.write_text(PAGE, encoding="utf-8")
    units = _units(path)
    by_text = {t: (h, p) for h, p, t in units}
    # more stars, bigger heading; a nested line is read under the one above it
    heading, parent = by_text["1 RCU = 4KBまでを1秒に1回 強い整合性 で読める"]
    assert heading.endswith("DynamoDB > キャパシティ") and parent == "RCU"
    # a table's rows name their columns; its cells are not tab-joined text
    assert any(t == "項目: 上限 — LSI: 5個 — GSI: 20個" for t in by_text)
    assert by_text["入出力は最大256KB"][0].endswith("Step Functions > 基本")
    texts = list(by_text)
    # no brackets, tags, link-only lines or code as lines of the notes
    assert "DynamoDB のまとめ" in texts
    assert not [t for t in texts if "[" in t or "#" in t or "公式" in t or "query(" in t]


def test_text_with_brackets_is_not_a_scrapbox_page() -> None:
    assert is_scrapbox(PAGE)
    assert not is_scrapbox("【S3】\n- [重要] 最大5TB\n- [要確認] 5GB\n[** not a page]\n")
    assert not is_scrapbox("# Notes\n\n- [** bold] item\n- table:x\n")
