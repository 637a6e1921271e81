"""Word documents (.docx) read from their XML: headings by style (English or Japanese
names, outline levels, a title style), bullets and numbered lists by numbering (in the
paragraph or its style), a bold line as a title, tables with a header row as labelled rows;
a table of contents goes, and a file that is not a Word document is skipped with a reason."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from notes_kit import file_units

from ingest.format_docx import docx_to_markdown
from ingest.load import LoadError, load_file

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
STYLES = f"""<w:styles {NS}>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="見出し 2"/></w:style>
<w:style w:type="paragraph" w:styleId="Mine"><w:name w:val="My Heading"/><w:basedOn w:val="1"/></w:style>
<w:style w:type="paragraph" w:styleId="ListNumber"><w:name w:val="List Number"/>
  <w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style>
</w:styles>"""
NUMBERING = f"""<w:numbering {NS}>
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl>
  <w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"""


def p(text: str, style: str = "", num: tuple[str, str] | None = None, bold: bool = False) -> str:
    ppr = (f'<w:pStyle w:val="{style}"/>' if style else "") + (
        f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>' if num else "")
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f"<w:p><w:pPr>{ppr}</w:pPr><w:r>{rpr}<w:t>{text}</w:t></w:r></w:p>"


def cell(text: str) -> str:
    return f"<w:tc>{p(text)}</w:tc>"


BODY = "".join([
    p("DynamoDB ノート", "Title"),
    p("目次", "TOC1"),
    p("キャパシティ", "1"),
    p("1 RCU は 4KB までを1秒に1回読める。"),
    p("結果整合性なら2回", num=("1", "0")),
    p("トランザクションは2倍", num=("1", "1")),
    p("インデックス", "2"),
    '<w:tbl><w:tblPr><w:tblLook w:firstRow="1" w:val="04A0"/></w:tblPr>',
    "<w:tr>" + cell("項目") + cell("LSI") + cell("GSI") + "</w:tr>",
    "<w:tr>" + cell("上限") + cell("5個") + cell("20個") + "</w:tr></w:tbl>",
    p("Streams", bold=True),
    p("保持期間は24時間", "ListNumber"),
    p("ビュータイプは4つ", "ListNumber"),
    p("自作の見出し", "Mine"),
])


def make_docx(body: str = BODY, parts: bool = True) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", f"<w:document {NS}><w:body>{body}</w:body></w:document>")
        if parts:
            z.writestr("word/styles.xml", STYLES)
            z.writestr("word/numbering.xml", NUMBERING)
    return buf.getvalue()


def test_a_word_document_reads_as_headed_notes() -> None:
    md = docx_to_markdown(make_docx())
    lines = [ln for ln in md.splitlines() if ln.strip()]
    assert lines[0] == "# DynamoDB ノート"  # the title style, headings one level below it
    assert "## キャパシティ" in lines and "### インデックス" in lines
    assert "## 自作の見出し" in lines  # a style based on a heading style is one
    assert "- 結果整合性なら2回" in lines and "  - トランザクションは2倍" in lines
    assert "1. 保持期間は24時間" in lines and "2. ビュータイプは4つ" in lines  # by its style
    assert "#### Streams" in lines  # a short bold line: a title under the last heading
    assert "- 項目: 上限 — LSI: 5個 — GSI: 20個" in lines  # Word's header row labels
    assert "目次" not in md  # a table of contents is not notes


def test_a_line_break_inside_a_paragraph_ends_a_line(tmp_path: Path) -> None:
    body = ('<w:p><w:r><w:t>作成：2024/11/10</w:t><w:br/><w:t>次回の見直し：試験前</w:t>'
            '<w:tab/><w:t>要確認</w:t></w:r></w:p>')
    path = tmp_path / "memo.docx"
    path.write_bytes(make_docx(body))
    assert [u.text for u in file_units(path)] == ["作成：2024/11/10", "次回の見直し：試験前 要確認"]


def test_a_docx_in_the_notes_folder_gives_units_under_its_headings(tmp_path: Path) -> None:
    path = tmp_path / "dynamodb.docx"
    path.write_bytes(make_docx())
    by_text = {u.text: u for u in file_units(path)}
    assert by_text["1. 保持期間は24時間"].chunk.heading.endswith("Streams")  # a step keeps its number
    assert by_text["トランザクションは2倍"].parent == "結果整合性なら2回"


@pytest.mark.parametrize(("data", "reason"), [
    (b"PK\x03\x04 not really a zip", "not a Word file"),
    (b"%PDF-1.4 renamed", "not a Word file"),
])
def test_a_file_that_is_not_a_word_document_is_skipped_with_a_reason(
        tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "notes.docx"
    path.write_bytes(data)
    with pytest.raises(LoadError, match=reason):
        load_file(path, path.name)


def test_a_zip_without_a_document_or_with_a_doctype_is_refused(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    path = tmp_path / "empty.docx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(LoadError, match="no word/document.xml"):
        load_file(path, path.name)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')
    path.write_bytes(buf.getvalue())
    with pytest.raises(LoadError, match="DOCTYPE"):
        load_file(path, path.name)
