"""Org-mode files (.org): star headings (TODO keywords, priorities and tags dropped), the
#+TITLE, source blocks as code, property drawers and settings dropped, links as their
label, *bold* kept and =verbatim= unmarked; a path like /tmp/ keeps its slashes."""

from __future__ import annotations

from pathlib import Path

from notes_kit import file_units

ORG = """#+TITLE: DVA ノート
#+STARTUP: overview
* TODO SQS                                                        :dva:queue:
:PROPERTIES:
:CREATED: [2025-03-01]
:END:
** 可視性タイムアウト
- デフォルト30秒、最大12時間
- 関数タイムアウトの *6倍* 以上にする
** DLQ
- =maxReceiveCount= を超えたら移る（[[https://docs.aws.amazon.com/sqs][公式]]）
* [#A] Lambda
- /tmp/ は512MBから10GBまで
#+BEGIN_SRC python
def handler(event, context):
    return 1
#+END_SRC
| 項目 | 値 |
|------+----|
| タイムアウト | 15分 |
"""


def test_an_org_file_reads_as_headed_notes(tmp_path: Path) -> None:
    path = tmp_path / "dva.org"
    path.write_text(ORG, encoding="utf-8")
    units = {u.text: u.chunk.heading for u in file_units(path)}
    assert units["デフォルト30秒、最大12時間"] == "SQS > 可視性タイムアウト"  # no TODO, no tags
    assert units["maxReceiveCount を超えたら移る（公式）"] == "SQS > DLQ"
    assert "/tmp/ は512MBから10GBまで" in units and units["/tmp/ は512MBから10GBまで"] == "Lambda"
    assert "項目: タイムアウト — 値: 15分" in units  # an Org table is a Markdown one
    texts = " ".join(units)
    assert "CREATED" not in texts and "STARTUP" not in texts and "handler" not in texts
    assert any("6倍" in t and "*" not in t.replace("**", "") for t in units)


def test_code_marks_may_hold_any_character_and_planning_lines_go(tmp_path: Path) -> None:
    path = tmp_path / "cdk.org"
    path.write_text("* DONE CDK\nCLOSED: [2025-02-20 Thu 22:05]\n"
                    "- L1 = the =Cfn*= classes\n- values from =--context key=value= (-c)\n"
                    "- filter: ~annotation.tier = \"gold\"~\n- 2*3=6 stays as written\n",
                    encoding="utf-8")
    units = {u.text for u in file_units(path)}
    assert "L1 = the Cfn* classes" in units
    assert "values from --context key=value (-c)" in units
    assert 'filter: annotation.tier = "gold"' in units
    assert "2*3=6 stays as written" in units
    assert not any("CLOSED" in t for t in units)
