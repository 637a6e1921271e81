"""Note-app Markdown (Obsidian and friends) and note-app HTML (Evernote, OneNote) read as
the notes they are: no metadata lines, no markup in quotes, titles as headings."""

from __future__ import annotations

from pathlib import Path

from notes_kit import file_units

from ingest.dialects import front_matter_end, plain_markdown
from ingest.format_html import html_to_markdown

VAULT_NOTE = """---
title: Kinesis study notes
tags: [aws, dva]
aliases:
  - KDS
---

# Kinesis

See also [[SQS notes]] and [[Lambda notes#Limits|Lambda]]. ![[diagram.png]]

## Data Streams

- A stream is made of ==shards==
- [ ] check the enhanced fan-out price
- [x] retention: default 24 hours, up to 365 days

> [!tip] Partition key
> Records with one partition key go to one shard.
> A hot key makes a hot shard.

> [!warning]-
> Resharding splits or merges shards.

```python
assert a == b  # ==code== stays
```
"""


def _units(path: Path) -> list[tuple[str, str]]:
    return [(u.chunk.heading, u.text) for u in file_units(path)]


def test_an_obsidian_note_reads_as_plain_notes(tmp_path: Path) -> None:
    path = tmp_path / "kinesis.md"
    path.write_text(VAULT_NOTE, "utf-8")
    texts = [t for _, t in _units(path)]
    assert not [t for t in texts if "title:" in t or "tags:" in t or t.startswith("---")]
    assert "See also SQS notes and Lambda." in texts
    assert "A stream is made of shards" in texts
    assert "check the enhanced fan-out price" in texts
    assert "retention: default 24 hours, up to 365 days" in texts
    # a callout's title leads its body; no half-sentence split at "[!"
    assert "Partition key: Records with one partition key go to one shard." in texts
    assert "A hot key makes a hot shard." in texts
    assert "Resharding splits or merges shards." in texts
    assert not [t for t in texts if "[!" in t or t.startswith(">") or "==" in t or "[[" in t]


def test_code_and_a_rule_that_opens_prose_are_left_alone() -> None:
    assert "assert a == b  # ==code== stays" in plain_markdown(VAULT_NOTE)
    # a horizontal rule followed by prose is not front matter
    assert front_matter_end(["---", "Kinesis shards hold records.", "---"]) == 0
    assert front_matter_end(["---", "title: x", "---", "text"]) == 3
    assert plain_markdown("x `a == b` and ==y==") == "x `a == b` and y"


EVERNOTE = """<html><body>
<div><span style="font-size: 20px;"><b>DynamoDB memo</b></span></div>
<h2>Capacity</h2>
<div><b>Reads</b></div>
<div>1 RCU = one strongly consistent read per second of up to 4 KB</div>
<div>Eventually consistent reads cost half<br>Transactional reads cost double</div>
<div><span style="font-size: 12pt; font-weight: bold;">Writes</span></div>
<div>1 WCU = one write per second of up to 1 KB</div>
<table>
<tr><td><b>Mode</b></td><td><b>Good for</b></td></tr>
<tr><td>On-demand</td><td>unpredictable traffic</td></tr>
</table>
<div><b>LSI</b> can only be created with the table.</div>
<div><b>Note:</b></div>
<ul><li>GSIs can be added later</li></ul>
</body></html>"""


def test_note_app_html_titles_line_breaks_and_bold_header_cells() -> None:
    md = html_to_markdown(EVERNOTE)
    lines = [ln for ln in md.splitlines() if ln.strip()]
    assert "# DynamoDB memo" in lines  # a large bold line before any heading: the title
    assert "### Reads" in lines and "### Writes" in lines  # one below the last heading
    # a <br> starts a new line of the note: two facts, not one run-on line
    assert "Eventually consistent reads cost half" in lines
    assert "Transactional reads cost double" in lines
    assert "- Mode: On-demand — Good for: unpredictable traffic" in lines
    # a bold word inside a sentence, and a bold label ending with a colon, are no titles
    assert "LSI can only be created with the table." in lines
    assert "Note:" in lines


NOTION_PAGE = """# DynamoDB メモ

Tags: DVA, DB
作成日: 2025年3月2日

<aside>
💡 RCUの計算は切り上げを忘れない

</aside>

---

## 容量

**容量モード:** プロビジョンドとオンデマンドの2つ
**RCU:** 強い整合性なら4KBまでを1秒に1回
visibility timeout: 30秒
Retry: Lambda retries twice with
a delay between attempts.

<details>
<summary>GSIのハマりどころ</summary>

- GSIの書き込み容量が足りないとテーブルもスロットリングされる

</details>
"""


def test_a_notion_export_reads_one_fact_per_line(tmp_path: Path) -> None:
    path = tmp_path / "notion.md"
    path.write_text(NOTION_PAGE, "utf-8")
    units = [(u.parent, u.text) for u in file_units(path)]
    texts = [t for _, t in units]
    # key-value lines are lines of their own, not one run-on sentence
    assert "容量モード: プロビジョンドとオンデマンドの2つ" in texts
    assert "RCU: 強い整合性なら4KBまでを1秒に1回" in texts
    assert "visibility timeout: 30秒" in texts
    assert "作成日: 2025年3月2日" not in texts  # a page property under the title, not a fact
    # a lower-case line after an unfinished one still wraps on
    assert "Retry: Lambda retries twice with a delay between attempts." in texts
    # a toggle's title heads its items; no HTML tag or thematic break is a line
    assert ("GSIのハマりどころ:", "GSIの書き込み容量が足りないとテーブルもスロットリングされる") in units
    assert not [t for t in texts if "<" in t or t.strip("-") == ""]
    assert any(t.endswith("RCUの計算は切り上げを忘れない") for t in texts)


WORD_PAGE = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<style><!-- p.MsoListParagraph {margin-left:21.0pt;} --></style></head>
<body lang=JA><div class=WordSection1>
<h1><span lang=EN-US>Lambda</span>のメモ</h1>
<p class=MsoListParagraphCxSpFirst style='margin-left:21.0pt;text-indent:-21.0pt'><span
style='font-family:"ＭＳ 明朝";mso-list:Ignore'>・<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;
</span></span>タイムアウト：デフォルト<span lang=EN-US>3</span>秒。上限は<span lang=EN-US>900</span>秒</p>
<p class=MsoListParagraphCxSpLast style='margin-left:42.0pt;text-indent:-21.0pt'><span
style='mso-list:Ignore'>・<span style='font:7.0pt "Times New Roman"'>&nbsp; </span></span>
コンソールで変更できる</p>
<p class=MsoListParagraph style='margin-left:21.0pt;text-indent:-21.0pt'><span lang=EN-US
style='mso-list:Ignore'>(2)<span style='font:7.0pt "Times New Roman"'>&nbsp; </span></span>失敗したら<span
lang=EN-US>2</span>回リトライ</p>
<table class=MsoTableGrid border=1><tr><td><p class=MsoNormal><b>項目</b></p></td>
<td><p class=MsoNormal><b>予約済み（<span lang=EN-US>Reserved</span>）</b></p></td></tr>
<tr><td><p class=MsoNormal>料金</p></td><td><p class=MsoNormal>追加料金なし</p></td></tr></table>
</div></body></html>"""


def test_a_word_web_page_reads_its_list_paragraphs_as_items_and_cells_as_written() -> None:
    lines = [ln for ln in html_to_markdown(WORD_PAGE).splitlines() if ln.strip()]
    # the bullet glyph is Word's list marker, not text; one item, both its sentences
    assert "- タイムアウト：デフォルト3秒。上限は900秒" in lines
    assert "    - コンソールで変更できる" in lines  # a deeper left margin: its sub-item
    assert "2. 失敗したら2回リトライ" in lines  # a numbered item keeps its number
    # an English word in its own span joins the Japanese around it without a space
    assert "- 項目: 料金 — 予約済み（Reserved）: 追加料金なし" in lines


OUTLINER_PAGE = """title:: Storage notes
tags:: dva, storage

- **S3**
  tags:: aws
  - multipart upload #perf
    - TODO parts are 5 MB to 5 GB
    - at most 10,000 parts ((64f1c2a0-1b2c-4d5e-8f90-123456789abc))
  - Q: can I skip Standard-IA's 30 days?
    - no, objects sit 30 days first
  - bucket policy:
    - ```json
      {"Effect": "Deny"}
      ```
- CloudFront
  - OAC replaces OAI
"""


def test_an_outliner_page_reads_its_top_bullets_as_topics(tmp_path: Path) -> None:
    path = tmp_path / "storage.md"
    path.write_text(OUTLINER_PAGE, encoding="utf-8")
    units = {(h, t) for h, t in _units(path)}
    assert ("S3 > multipart upload", "parts are 5 MB to 5 GB") in units  # no TODO, no tag
    assert ("S3 > multipart upload", "at most 10,000 parts") in units  # no block ref
    assert ("CloudFront", "OAC replaces OAI") in units
    texts = {t for _, t in units}
    assert not any("::" in t or "Effect" in t for t in texts)  # no properties, no code
    # a question over its answer, and a label over its code, stay bullets
    assert "Q: can I skip Standard-IA's 30 days?" in texts


def test_a_markdown_list_under_headings_is_not_an_outliner_page() -> None:
    md = plain_markdown("# Notes\n\n## Storage\n\n- S3\n  - parts are 5 MB to 5 GB\n"
                        "- SQS\n  - 256 KB\n")
    assert "## S3" not in md and "- S3" in md


CHAT_LOG = """# ChatGPT log: queues

**You:** what is the visibility timeout? I always forget

**ChatGPT:** Great question! It hides a message while a consumer works on it.

## Visibility timeout

- default 30 seconds, up to 12 hours

> my note: set it to six times the function timeout

---

### You

dead-letter queues?

### ChatGPT

Sure! A DLQ keeps messages that failed too often.

- maxReceiveCount sets how often
"""


def test_a_chat_kept_as_notes_reads_the_answers_not_the_turns(tmp_path: Path) -> None:
    path = tmp_path / "chat.md"
    path.write_text(CHAT_LOG, encoding="utf-8")
    units = _units(path)
    texts = [t for _, t in units]
    assert "It hides a message while a consumer works on it." in texts  # no "Great question!"
    assert "A DLQ keeps messages that failed too often." in texts  # no "Sure!"
    assert "default 30 seconds, up to 12 hours" in texts
    assert any("six times the function timeout" in t for t in texts)  # the learner's own
    # the learner's questions and the turn markers are not lines of the notes
    assert not [t for t in texts if "?" in t or "You" in t or "ChatGPT:" in t]
    assert not [h for h, _ in units if h.endswith(("You", "ChatGPT"))]


def test_a_note_with_one_user_label_is_not_a_chat() -> None:
    md = "# Cognito\n\nUser: a person in the user pool\n\nAssistant: not a thing here\n"
    assert "User: a person" in plain_markdown(md)


CONFLUENCE_PAGE = """<html><body><div id="page">
<div id="breadcrumb-section"><ol id="breadcrumbs"><li><a href="index.html">Study space</a></li>
<li><a href="home.html">Home</a></li></ol></div>
<h1 id="title-heading" class="pagetitle"><span id="title-text">Study : CodeDeploy</span></h1>
<div class="page-metadata">Created by Aoi, last updated on Mar 18, 2025</div>
<div id="main-content" class="wiki-content group">
<h1 id="CodeDeploy-Hooks">Hooks</h1><p>ApplicationStop runs first.</p></div>
<div id="footer" role="contentinfo"><p>Document generated by Confluence on Mar 18, 2025</p>
</div></div></body></html>"""


def test_a_wiki_export_loses_its_breadcrumbs_metadata_and_footer() -> None:
    md = html_to_markdown(CONFLUENCE_PAGE)
    assert "ApplicationStop runs first." in md and "# Study : CodeDeploy" in md
    for chrome in ("Home", "Created by", "Document generated"):
        assert chrome not in md
