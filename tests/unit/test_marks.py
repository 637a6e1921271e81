"""Marks of note apps that are not notes: Obsidian comments and footnote markers, Logseq
macros, planning lines and heading blocks, Notion's page properties and callout icons; and
a bold line on its own read as a heading."""

from __future__ import annotations

from pathlib import Path

from notes_kit import file_units

from ingest.marks import bold_titles, page_properties, strip_marks


def units(tmp_path: Path, text: str, name: str = "page.md") -> dict:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return {u.text: u for u in file_units(path)}


def test_comments_footnote_markers_and_macros_go_but_code_stays() -> None:
    lines = ["Long polling waits up to 20 s[^1]. %%check the docs%%",
             "%% a draft", "still the draft %%", "Kept line",
             "- {{embed [[Cognito]]}}", "- {{cloze 15 minutes}} is the max timeout",
             "Dynamic reference: {{resolve:ssm:name}} in {{region}}",
             "```", "printf '%%d' {{not a macro}}", "```",
             "[^1]: Set WaitTimeSeconds on the receive call"]
    assert strip_marks(lines) == [
        "Long polling waits up to 20 s.", "Kept line", "- 15 minutes is the max timeout",
        "Dynamic reference: {{resolve:ssm:name}} in {{region}}",
        "```", "printf '%%d' {{not a macro}}", "```", "Set WaitTimeSeconds on the receive call"]


def test_a_logseq_page_loses_its_planning_lines_and_heading_marks(tmp_path: Path) -> None:
    page = ("- ## IAM\n"
            "\t- An explicit Deny always wins\n"
            "\t- TODO review iam:PassRole\n"
            "\t  SCHEDULED: <2025-05-10 Sat>\n"
            "- ## Cognito\n"
            "\t- ID tokens last one hour by default\n"
            "\t- {{query (task TODO)}}\n")
    found = units(tmp_path, page)
    assert "review iam:PassRole" in found
    assert found["ID tokens last one hour by default"].chunk.heading == "Cognito"
    assert not any("SCHEDULED" in t or "{{" in t or "#" in t for t in found)


def test_notion_properties_under_the_title_are_not_notes() -> None:
    page = ["# CloudFormation", "", "Tags: AWS, DVA", "Status: In progress",
            "Last edited: May 3, 2025 9:14 PM", "", "Change sets preview changes."]
    assert page_properties(page) == ["# CloudFormation", "", "", "Change sets preview changes."]
    ja = ["# SQS", "作成日時: 2025年5月3日 21:14", "タグ: AWS", "保持期間：最大14日"]
    assert page_properties(ja) == ["# SQS", "保持期間：最大14日"]  # a fact ends the run
    facts = ["# SQS", "", "Max message size: 256 KB", "Retention: up to 14 days"]
    assert page_properties(facts) == facts  # labelled facts are not a page's properties
    assert page_properties(["# SQS", "最大サイズ：256KB"]) == ["# SQS", "最大サイズ：256KB"]


def test_a_bold_line_on_its_own_is_a_heading_below_the_last_one() -> None:
    lines = ["## CloudFormation", "", "**Deployment**", "", "1. sam build",
             "", "**Note:**", "text", "**Careful, this is a sentence.**", ""]
    assert bold_titles(lines) == ["## CloudFormation", "", "### Deployment", "", "1. sam build",
                                  "", "**Note:**", "text", "**Careful, this is a sentence.**", ""]


def test_a_notion_callout_loses_its_icon(tmp_path: Path) -> None:
    found = units(tmp_path, "# Page\n\n<aside>\n💡 Change sets preview changes.\n\n</aside>\n")
    assert "Change sets preview changes." in found


def test_an_outliner_blocks_further_lines_are_items_and_siblings_return_to_the_topic(
        tmp_path: Path) -> None:
    page = ("- Lambda\n"
            "\t- 環境変数は合計4KBまで\n"
            "\t  KMSで暗号化される\n"
            "\t- エイリアスの重み付け\n"
            "\t\t- 2バージョンまで\n"
            "\t- Destinations は非同期呼び出しの送り先\n"
            "- API Gateway\n"
            "\t- The integration timeout is 29 seconds, which you\n"
            "\t  cannot raise for REST APIs\n")
    found = units(tmp_path, page)
    assert found["KMSで暗号化される"].parent == "環境変数は合計4KBまで"
    assert found["2バージョンまで"].chunk.heading == "Lambda > エイリアスの重み付け"
    assert found["Destinations は非同期呼び出しの送り先"].chunk.heading == "Lambda"
    assert "The integration timeout is 29 seconds, which you cannot raise for REST APIs" in found
