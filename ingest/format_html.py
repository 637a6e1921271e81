"""HTML: headings, paragraphs, nested lists (each item once, at its depth), tables with
their header cells ("Launch type: Fargate — Price: …") and definition lists, as Markdown.

Note apps (Evernote, OneNote) write titles as a short bold or large line in a ``<div>``
and a table's header as bold ``<td>`` cells; both are read as what they mean.
"""

from __future__ import annotations

import re

from ingest.formats import TITLE_END, TITLE_MAX_WIDTH, table_rows, width
from ingest.load import LoadError

_BLOCK_TAGS = {"p", "div", "section", "article", "main", "blockquote", "figure", "body"}
# Word's "save as web page": a list item is a paragraph whose bullet or number is text in a
# span marked mso-list:Ignore, its level only the paragraph's left margin
_WORD_LIST = re.compile(r"mso-list\s*:\s*Ignore", re.I)
_MARGIN = re.compile(r"margin-left\s*:\s*(-?\d+(?:\.\d+)?)\s*(pt|px|cm|mm|in)", re.I)
_NUMBER = re.compile(r"^\(?(\d{1,3})[.)）]?$")
_TO_PT = {"pt": 1.0, "px": 0.75, "cm": 28.35, "mm": 2.835, "in": 72.0}
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.I)
_SIZE_STYLE = re.compile(r"font-size\s*:\s*(\d+(?:\.\d+)?)\s*(px|pt)", re.I)


# the page around the notes in a wiki or note app's export (Confluence, MediaWiki, blogs):
# its breadcrumbs, "created by … last updated …" line, sidebars and footer, by role or name
_CHROME_ROLE = {"navigation", "contentinfo", "banner", "complementary"}
_CHROME_NAME = re.compile(r"(?:^|[-_])(?:breadcrumbs?|footer|page-?metadata|sidebar|navbar|"
                          r"navigation|site-?header)(?:$|[-_])", re.I)


def _chrome(tag: object) -> bool:
    attrs = getattr(tag, "attrs", None) or {}
    names = [attrs.get("id") or "", *(attrs.get("class") or [])]
    return attrs.get("role") in _CHROME_ROLE or any(_CHROME_NAME.search(n) for n in names)


def html_to_markdown(text: str) -> str:
    """Walk the DOM once: each element contributes its own text exactly once."""
    from bs4 import BeautifulSoup, NavigableString, Tag

    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(["script", "style", "nav", "footer", "head", "noscript", "template"]):
        tag.decompose()
    for tag in soup.find_all(_chrome):  # a wiki's breadcrumbs, page metadata and footer
        tag.decompose()
    out: list[str] = []
    level = 0  # the last heading's level: a bold line is a title one below it
    margins = _list_margins(soup)

    def raw(el: Tag) -> str:
        """The element's text as written, spaces at its edges kept: a Google Docs export
        puts the space between two words in the next span ("400 KB" "&nbsp;– …")."""
        parts = []
        for child in el.children:
            if isinstance(child, NavigableString):
                parts.append(str(child))
            elif isinstance(child, Tag) and child.name not in {"ul", "ol", "table", "dl", "pre"}:
                parts.append("\n" if child.name == "br" else raw(child))
        return "".join(parts)

    def inline(el: Tag) -> str:
        return " ".join(raw(el).split())

    def walk(el: Tag, depth: int) -> None:
        for child in el.children:
            if isinstance(child, NavigableString):
                if child.strip() and el.name in _BLOCK_TAGS | {"details"}:
                    out.append(" ".join(child.split()))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            nonlocal level
            if name in {"h1", "h2", "h3", "h4", "h5", "h6"}:
                words = inline(child)
                if words:
                    level = int(name[1])
                    out.extend(["", "#" * level + " " + words, ""])
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
            elif (marker := _word_marker(child)) is not None:
                words = inline(child)
                if words:  # its level: which of the list margins it sits at
                    out.append("    " * (depth + margins.index(_margin(child))) + marker + words)
            elif name == "p" and "title" in (child.get("class") or []) and inline(child):
                level = 1  # a Google Docs title: the document's name over what follows
                out.extend(["", "# " + inline(child), ""])
            elif name in {"p", "blockquote"} or name in _BLOCK_TAGS and not child.find(
                    ["p", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "div"]):
                words = inline(child)
                if words and depth == 0 and is_title(child, words):
                    out.extend(["", "#" * min(level + 1, 6) + " " + words, ""])
                else:  # a line break in a note app starts a new line of the note
                    out.extend(line for piece in lines(child) for line in (piece, ""))
                walk_nested(child, depth)
            else:
                walk(child, depth)

    def lines(el: Tag) -> list[str]:
        """The element's text split at its ``<br>``s."""
        pieces, current = [], []
        for child in el.children:
            if isinstance(child, Tag) and child.name == "br":
                pieces.append(current)
                current = []
            elif isinstance(child, NavigableString) or (
                    isinstance(child, Tag) and child.name not in {"ul", "ol", "table", "dl", "pre"}):
                current.append(child)
        pieces.append(current)
        out_lines = []
        for piece in pieces:
            holder = soup.new_tag("span")
            for node in piece:
                holder.append(node.extract() if isinstance(node, Tag) else NavigableString(str(node)))
            if words := inline(holder):
                out_lines.append(words)
        return out_lines

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


def _word_bullet(el):  # noqa: ANN001, ANN202 - a bs4 Tag; its bullet span, or None
    """The ``mso-list:Ignore`` span holding a Word list paragraph's bullet or number."""
    from bs4 import Tag

    if el.name != "p":
        return None
    return el.find(lambda t: isinstance(t, Tag) and bool(_WORD_LIST.search(t.get("style") or "")))


def _word_marker(el) -> str | None:  # noqa: ANN001 - a bs4 Tag
    """A Word list paragraph's Markdown marker ("- ", or "3. " for a number), its bullet
    span taken out; None for any other element."""
    span = _word_bullet(el)
    if span is None:
        return None
    glyph = span.get_text("").replace("\xa0", " ").strip()
    span.decompose()
    number = _NUMBER.match(glyph)
    return f"{number.group(1)}. " if number else "- "


def _margin(el) -> float:  # noqa: ANN001 - a bs4 Tag
    m = _MARGIN.search(el.get("style") or "")
    return round(float(m.group(1)) * _TO_PT[m.group(2).lower()]) if m else 0.0


def _list_margins(soup) -> list[float]:  # noqa: ANN001 - a BeautifulSoup
    """The left margins Word's list paragraphs use, smallest first: one per list level."""
    return sorted({_margin(p) for p in soup.find_all("p") if _word_bullet(p) is not None})


def _cell_text(cell) -> str:  # noqa: ANN001 - a bs4 Tag
    """A table cell's text as it reads: inline tags join without a space (Word wraps an
    English word of a Japanese line in its own span), block tags and line breaks with one."""
    from bs4 import NavigableString, Tag

    parts: list[str] = []
    for node in cell.descendants:
        if isinstance(node, NavigableString):
            parts.append(str(node))
        elif isinstance(node, Tag) and node.name in {"p", "div", "br", "li", "tr"}:
            parts.append(" ")
    return " ".join("".join(parts).split())


def _emphasised(el) -> bool:  # noqa: ANN001 - a bs4 Tag
    """Every letter of ``el`` is bold or set large (inside b/strong or a styled span)."""
    from bs4 import NavigableString, Tag

    def strong(node) -> bool:  # noqa: ANN001
        for up in [node, *node.parents]:
            if up is el.parent:
                return False
            if isinstance(up, Tag) and (up.name in {"b", "strong", "h1", "h2", "h3"} or _loud(up)):
                return True
        return False

    texts = [t for t in el.descendants if isinstance(t, NavigableString) and t.strip()]
    return bool(texts) and all(strong(t) for t in texts)


def _loud(tag) -> bool:  # noqa: ANN001 - a bs4 Tag
    style = tag.get("style") or ""
    size = _SIZE_STYLE.search(style)
    big = bool(size) and float(size.group(1)) * (4 / 3 if size.group(2).lower() == "pt" else 1) >= 18
    return bool(_BOLD_STYLE.search(style)) or big


def is_title(el, words: str) -> bool:  # noqa: ANN001 - a bs4 Tag
    """A short line set in bold or large type on its own, not a sentence: a note app's
    title ("読み込み", "GSI"). A bold line ending with a colon stays a label."""
    return width(words) <= TITLE_MAX_WIDTH and not TITLE_END.search(words) and _emphasised(el)


def _html_table(table) -> list[str]:  # noqa: ANN001 - a bs4 Tag
    rows = table.find_all("tr")
    header: list[str] = []
    body = []
    for tr in rows:
        cells = tr.find_all(["th", "td"], recursive=False)
        texts = [_cell_text(c) for c in cells]
        filled = [c for c in cells if c.get_text(strip=True)]
        if not header and not body and filled and (all(c.name == "th" for c in cells) or all(
                _emphasised(c) for c in filled)):
            header = texts
        else:
            body.append(texts)
    return table_rows(header, body)
