"""Excel workbooks (.xlsx): each sheet a section, its first filled row the column names,
every later row one labelled line; shared and inline strings, numbers without ".0"; a
title row above the table stays a line; a file that is not a workbook is skipped."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from notes_kit import file_units

from ingest.format_xlsx import xlsx_to_markdown
from ingest.load import LoadError, load_file

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
WORKBOOK = (f'<workbook {NS} {RNS}><sheets><sheet name="暗記表" sheetId="1" r:id="rId1"/>'
            '<sheet name="Step Functions" sheetId="2" r:id="rId2"/></sheets></workbook>')
RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Target="/xl/worksheets/sheet2.xml"/></Relationships>')
STRINGS = (f'<sst {NS}><si><t>DVA 暗記表</t></si><si><t>サービス</t></si><si><t>項目</t></si>'
           '<si><t>値</t></si><si><t>SQS</t></si><si><r><t>可視性</t></r><r><t>タイムアウト</t></r></si>'
           '<si><t>30秒</t></si><si><t>Lambda</t></si><si><t>タイムアウト(秒)</t></si></sst>')


def c(ref: str, s: int | None = None, v: str | None = None, inline: str | None = None) -> str:
    if inline is not None:
        return f'<c r="{ref}" t="inlineStr"><is><t>{inline}</t></is></c>'
    return f'<c r="{ref}" t="s"><v>{s}</v></c>' if s is not None else f'<c r="{ref}"><v>{v}</v></c>'


SHEET1 = (f'<worksheet {NS}><sheetData>'
          f'<row r="1">{c("A1", 0)}</row>'
          f'<row r="2">{c("A2", 1)}{c("B2", 2)}{c("C2", 3)}</row>'
          f'<row r="3">{c("A3", 4)}{c("B3", 5)}{c("C3", 6)}</row>'
          f'<row r="5">{c("A5", 7)}{c("B5", 8)}{c("C5", v="900.0")}</row>'
          '</sheetData></worksheet>')
SHEET2 = (f'<worksheet {NS}><sheetData>'
          f'<row r="1">{c("A1", inline="項目")}{c("B1", inline="Standard")}'
          f'{c("C1", inline="Express")}</row>'
          f'<row r="2">{c("A2", inline="最大実行時間")}{c("C2", inline="5分")}</row>'
          '</sheetData></worksheet>')


def make_xlsx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", RELS)
        z.writestr("xl/sharedStrings.xml", STRINGS)
        z.writestr("xl/worksheets/sheet1.xml", SHEET1)
        z.writestr("xl/worksheets/sheet2.xml", SHEET2)
    return buf.getvalue()


def test_a_study_sheet_reads_one_labelled_line_per_row() -> None:
    lines = [ln for ln in xlsx_to_markdown(make_xlsx()).splitlines() if ln.strip()]
    assert lines[:2] == ["# 暗記表", "DVA 暗記表"]  # a title row above the table stays
    assert "- サービス: SQS — 項目: 可視性タイムアウト — 値: 30秒" in lines  # rich text joined
    assert "- サービス: Lambda — 項目: タイムアウト(秒) — 値: 900" in lines  # no ".0"
    assert "# Step Functions" in lines
    assert "- 項目: 最大実行時間 — Express: 5分" in lines  # an empty cell is left out


def test_a_workbook_in_the_notes_folder_gives_units_under_its_sheets(tmp_path: Path) -> None:
    path = tmp_path / "anki.xlsx"
    path.write_bytes(make_xlsx())
    by_text = {u.text: u for u in file_units(path)}
    assert by_text["項目: 最大実行時間 — Express: 5分"].chunk.heading == "Step Functions"


def sheet(rows: list[list[str]]) -> bytes:
    """A one-sheet workbook of inline-string cells."""
    body = "".join(f'<row r="{i}">' + "".join(c(f"{chr(65 + j)}{i}", inline=v)
                   for j, v in enumerate(r) if v) + "</row>" for i, r in enumerate(rows, 1))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", f'<workbook {NS} {RNS}><sheets><sheet name="表" '
                   'sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", RELS)
        z.writestr("xl/worksheets/sheet1.xml", f"<worksheet {NS}><sheetData>{body}"
                   "</sheetData></worksheet>")
    return buf.getvalue()


def test_rows_grouped_by_their_first_column_or_a_title_row_get_headings() -> None:
    runs = [["サービス", "項目", "値"]] + [["Lambda", f"l{i}", "1"] for i in range(3)] + \
        [["DynamoDB", f"d{i}", "2"] for i in range(3)]
    lines = [ln for ln in xlsx_to_markdown(sheet(runs)).splitlines() if ln.strip()]
    assert lines[:3] == ["# 表", "## Lambda", "- サービス: Lambda — 項目: l0 — 値: 1"]
    assert "## DynamoDB" in lines
    titled = [["項目", "A", "B"], ["【API Gateway】"], ["料金", "高め", "安い"],
              ["【Lambda】"], ["料金", "無料", "有料"]]
    lines = [ln for ln in xlsx_to_markdown(sheet(titled)).splitlines() if ln.strip()]
    assert lines == ["# 表", "## 【API Gateway】", "- 項目: 料金 — A: 高め — B: 安い",
                     "## 【Lambda】", "- 項目: 料金 — A: 無料 — B: 有料"]
    mixed = [["問題", "答え", "分野"]] + [[f"q{i}", "a", "Lambda"] for i in range(6)]
    assert "##" not in xlsx_to_markdown(sheet(mixed))  # every first cell differs: no groups


@pytest.mark.parametrize(("data", "reason"), [
    (b"not a zip at all", "not an Excel file"),
    (b"PK\x05\x06" + b"\x00" * 18, "no xl/workbook.xml"),
])
def test_a_file_that_is_not_a_workbook_is_skipped_with_a_reason(
        tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(data)
    with pytest.raises(LoadError, match=reason):
        load_file(path, path.name)
