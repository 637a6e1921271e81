"""Chunking keeps heading paths, bullet groups and sentences intact."""

from core.text import detect_language, split_sentences
from ingest.chunk import blocks, chunk_sections
from ingest.load import markdown_sections

MD = """# Title
## Queues
### Amazon SQS
[video](https://example.com/v)
- Max size 256KB
- Visibility timeout
    - default 30 seconds
    - another child
### Amazon DynamoDB
## Long
これは長い文です。二つ目の文です。三つ目の文です！最後の文です。
```yaml
version: 0.2
```
"""


def test_heading_paths_and_empty_sections() -> None:
    sections = markdown_sections(MD, "notes/x.md")
    headings = [s.heading for s in sections]
    assert "Queues > Amazon SQS" in headings  # the lone H1 title is not in the path
    empty = [s.heading for s in sections if s.is_empty]
    assert "Queues > Amazon DynamoDB" in empty
    sqs = next(s for s in sections if s.heading == "Queues > Amazon SQS")
    assert not any("example.com" in line or "video" in line for line in sqs.lines)


def test_bullet_children_stay_with_parent_and_text_starts_with_heading() -> None:
    chunks = chunk_sections(markdown_sections(MD, "notes/x.md"), max_chars=350)
    sqs = [c for c in chunks if c.heading.endswith("Amazon SQS")]
    assert len(sqs) == 1
    assert sqs[0].text.startswith("Queues > Amazon SQS\n")
    assert "Visibility timeout\n    - default 30 seconds" in sqs[0].text
    assert sqs[0].services == ["SQS"] and sqs[0].domains == [1]
    assert not any(c.heading.endswith("DynamoDB") for c in chunks)


def test_long_paragraph_splits_on_sentence_boundaries_only() -> None:
    chunks = chunk_sections(markdown_sections(MD, "notes/x.md"), max_chars=20, overlap=0)
    long = [c.body for c in chunks if c.heading == "Long"]
    assert len(long) > 2
    for body in long:
        if "```" not in body:
            assert body.endswith(("。", "！")), body
    assert any("version: 0.2" in b for b in long)  # code fence kept whole


def test_blocks_group_children() -> None:
    assert blocks(["- a", "    - b", "- c"]) == [["- a", "    - b"], ["- c"]]


def test_sentences_and_language() -> None:
    assert split_sentences("一つ目。二つ目！Three. Four?") == ["一つ目。", "二つ目！", "Three.", "Four?"]
    assert detect_language("SQSの可視性タイムアウトは？") == "ja"
    assert detect_language("What is SQS?") == "en"
    assert detect_language("SQS의 최대 크기는?") == "ko"
    assert detect_language("Quelle est la taille maximale pour une file SQS ?") == "fr"


def test_html_headings_become_a_heading_path() -> None:
    from ingest.format_html import html_to_markdown

    def html_sections(html: str, source: str):  # noqa: ANN202
        return markdown_sections(html_to_markdown(html), source)

    html = ("<html><head><script>var x=1;</script></head><body><h1>Memo</h1>"
            "<h2>AWS X-Ray</h2><ul><li>Traces calls across services.</li></ul>"
            "<h2>Empty</h2></body></html>")
    sections = html_sections(html, "memo.html")
    xray = next(s for s in sections if s.heading == "AWS X-Ray")
    assert [ln for ln in xray.lines if ln.strip()] == ["- Traces calls across services."]
    assert any(s.heading == "Empty" and s.is_empty for s in sections)
    assert not any("var x" in line for s in sections for line in s.lines)


def test_one_line_notes_packed_into_a_chunk_stay_separate_statements() -> None:
    """Two unpunctuated one-line paragraphs share a chunk but are not one paragraph."""
    from core.outline import parse

    md = "## SNS\n\nメッセージサイズ上限 256 KB\n\nMessage attributes: 1メッセージに最大 10 個\n"
    chunks = chunk_sections(markdown_sections(md, "memo.md"), 600, 1)
    assert len(chunks) == 1
    texts = [n.text for n in parse(chunks[0].body)]
    assert texts == ["メッセージサイズ上限 256 KB", "Message attributes: 1メッセージに最大 10 個"]


def test_a_one_line_label_ending_with_a_colon_owns_the_list_below_it() -> None:
    """"Deployment policies:" above its bullets (a blank line between, as plain-text and
    Markdown notes write it) is their parent: the line "Immutable: new instances…" is then
    read with what it is a kind of. A paragraph that does not end with a colon, or one of
    two lines, owns nothing."""
    from core.outline import parse

    nodes = parse("Deployment policies:\n\n- Immutable: new instances\n- Rolling: in batches\n\n"
                  "Commands:\n- cdk init\n\nA plain sentence.\n\n- a free bullet\n\n"
                  "Two lines\nend here:\n\n- another free bullet")
    parent = {n.text: n.parent.text if n.parent else None for n in nodes}
    assert parent["Immutable: new instances"] == "Deployment policies:"
    assert parent["Rolling: in batches"] == "Deployment policies:"
    assert parent["cdk init"] == "Commands:"
    assert parent["a free bullet"] is None and parent["another free bullet"] is None


def test_a_label_owns_only_its_own_list_not_the_next_list_of_another_kind() -> None:
    """A numbered list under "Hooks run in this order:" and a bulleted list after it (as
    an HTML export writes ``</ol><ul>``) are two lists: the bullets are not steps."""
    from core.outline import parse

    nodes = parse("Hooks run in this order:\n\n1. ApplicationStop\n2. BeforeInstall\n\n"
                  "- appspec.yml sits at the root\n- Lambda has two hooks\n")
    parent = {n.text: n.parent.text if n.parent else None for n in nodes}
    assert parent["1. ApplicationStop"] == parent["2. BeforeInstall"] == "Hooks run in this order:"
    assert parent["appspec.yml sits at the root"] is None
    assert parent["Lambda has two hooks"] is None


def test_a_long_english_paragraph_keeps_the_space_between_its_sentences() -> None:
    """Split on its sentences, a paragraph longer than a chunk is joined again with its
    spaces: 'flavours.REST' would read as one sentence and one quoted line."""
    para = ("There are three flavours. REST is the full one with API keys and caching. "
            "HTTP is cheaper and faster. WebSocket keeps a connection open. ") * 3
    chunks = chunk_sections(markdown_sections(f"# APIs\n\n{para}\n", "notes/a.md"),
                            max_chars=120, overlap=0)
    bodies = [c.body for c in chunks]
    assert len(bodies) > 1
    assert all(".R" not in b and ".H" not in b and ".W" not in b and ".T" not in b
               for b in bodies), bodies


def test_a_task_lists_checkboxes_are_not_part_of_its_items() -> None:
    """"- [ ] X-Ray filter expressions" is a thing to review, not a line reading "[ ] …"."""
    from core.outline import parse

    nodes = parse("Before the exam:\n- [x] intrinsic functions\n- [ ] X-Ray filter expressions\n"
                  "- [1] is a footnote mark, kept\n")
    assert [n.text for n in nodes][1:] == ["intrinsic functions", "X-Ray filter expressions",
                                           "[1] is a footnote mark, kept"]
