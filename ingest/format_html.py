"""HTML: headings, paragraphs, nested lists (each item once, at its depth), tables with
their header cells ("Launch type: Fargate — Price: …") and definition lists, as Markdown."""

from __future__ import annotations

from ingest.formats import table_rows
from ingest.load import LoadError

_BLOCK_TAGS = {"p", "div", "section", "article", "main", "blockquote", "figure", "body"}


def html_to_markdown(text: str) -> str:
    """Walk the DOM once: each element contributes its own text exactly once."""
    from bs4 import BeautifulSoup, NavigableString, Tag

    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(["script", "style", "nav", "footer", "head", "noscript", "template"]):
        tag.decompose()
    out: list[str] = []

    def inline(el: Tag) -> str:
        parts = []
        for child in el.children:
            if isinstance(child, NavigableString):
                parts.append(str(child))
            elif isinstance(child, Tag) and child.name not in {"ul", "ol", "table", "dl", "pre"}:
                parts.append("\n" if child.name == "br" else inline(child))
        return " ".join(" ".join("".join(parts).split(" ")).split()) if parts else ""

    def walk(el: Tag, depth: int) -> None:
        for child in el.children:
            if isinstance(child, NavigableString):
                if child.strip() and el.name in _BLOCK_TAGS | {"details"}:
                    out.append(" ".join(child.split()))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name in {"h1", "h2", "h3", "h4", "h5", "h6"}:
                words = inline(child)
                if words:
                    out.extend(["", "#" * int(name[1]) + " " + words, ""])
            elif name in {"ul", "ol"}:
                for n, li in enumerate(child.find_all("li", recursive=False), 1):
                    words = inline(li)
                    if words:  # an ordered list's items keep their numbers (steps)
                        out.append("    " * depth + (f"{n}. " if name == "ol" else "- ") + words)
                    walk_nested(li, depth + 1)
                out.append("")
            elif name == "table":
                out.extend(["", *_html_table(child), ""])
            elif name == "dl":
                for item in child.find_all(["dt", "dd"], recursive=False):
                    words = inline(item)
                    if words:
                        out.append(("    - " if item.name == "dd" else "- ") + words)
                out.append("")
            elif name == "summary":  # a toggle's title (a note app's collapsible block)
                words = inline(child)
                if words:  # the label of what it folds: a list below becomes its items
                    out.extend([words if words.endswith((":", "：", "。", ".", "?", "？"))
                                else words + ":", ""])
            elif name == "pre":
                out.extend(["```", child.get_text().rstrip("\n"), "```"])
            elif name in {"p", "blockquote"} or name in _BLOCK_TAGS and not child.find(
                    ["p", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "div"]):
                words = inline(child)
                if words:
                    out.extend([words, ""])
                walk_nested(child, depth)
            else:
                walk(child, depth)

    def walk_nested(el: Tag, depth: int) -> None:
        for sub in el.find_all(["ul", "ol", "table", "dl", "pre"], recursive=False):
            wrapper = soup.new_tag("div")
            sub.wrap(wrapper)
            walk(wrapper, depth)

    walk(soup, 0)
    md = "\n".join(out)
    if not md.strip():
        raise LoadError("HTML page has no readable text")
    return md


def _html_table(table) -> list[str]:  # noqa: ANN001 - a bs4 Tag
    rows = table.find_all("tr")
    header: list[str] = []
    body = []
    for tr in rows:
        cells = tr.find_all(["th", "td"], recursive=False)
        texts = [" ".join(c.get_text(" ", strip=True).split()) for c in cells]
        if not header and cells and all(c.name == "th" for c in cells):
            header = texts
        else:
            body.append(texts)
    return table_rows(header, body)
