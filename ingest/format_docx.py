"""Word documents (.docx), read from their XML with the standard library, as Markdown.

A .docx is a zip of XML parts: ``word/document.xml`` holds the paragraphs and tables,
``word/styles.xml`` says which paragraph styles are headings (by outline level or by name,
"heading 1" / "見出し 1" / "Title"), ``word/numbering.xml`` which lists are bullets and which
are numbered. Headings become Markdown headings, list paragraphs items at their level, a
short paragraph set wholly in bold a title one level below the last heading (as in HTML),
tables labelled rows; a table of contents and field codes are not notes and go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from ingest.formats import TITLE_END, TITLE_MAX_WIDTH, table_rows, width
from ingest.load import LoadError
from ingest.ooxml import open_zip, part

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADER_MAX_WIDTH = 30  # a header cell names a column: short
_HEADING_NAME = re.compile(r"^(?:heading|見出し)\s*(\d)$", re.I)


def _val(el: ET.Element | None, tag: str) -> str | None:
    found = el.find(tag) if el is not None else None
    return found.get(f"{W}val") if found is not None else None


@dataclass
class _Style:
    level: int = 0  # heading level, 0 for none
    title: bool = False  # the document's title style
    toc: bool = False  # a table-of-contents entry
    num: str | None = None  # a list style's numbering ("List Bullet")
    depth: int = 0  # its level ("List Bullet 2" -> 1)


def _styles(root: ET.Element | None) -> dict[str, _Style]:
    """Paragraph styles by id, with what they inherit (``basedOn``) resolved."""
    raw: dict[str, ET.Element] = {}
    for st in root.iter(f"{W}style") if root is not None else []:
        raw[st.get(f"{W}styleId") or ""] = st

    def resolve(sid: str, depth: int = 0) -> _Style:
        st = raw.get(sid)
        if st is None or depth > 10:
            return _Style()
        name = (_val(st, f"{W}name") or "").strip()
        ppr = st.find(f"{W}pPr")
        base = resolve(_val(st, f"{W}basedOn") or "", depth + 1)
        out = _Style(base.level, False, name.lower().startswith("toc"), base.num, base.depth)
        m = _HEADING_NAME.match(name)
        outline = _val(ppr, f"{W}outlineLvl")
        if m:
            out.level = int(m.group(1))
        elif name.lower() == "title":
            out.level, out.title = 1, True
        elif outline is not None and outline.isdigit() and int(outline) < 9:
            out.level = int(outline) + 1
        num = ppr.find(f"{W}numPr") if ppr is not None else None
        if num is not None:
            out.num = _val(num, f"{W}numId")
            ilvl = _val(num, f"{W}ilvl")
            n = re.search(r"\s(\d)$", name)
            out.depth = int(ilvl) if ilvl and ilvl.isdigit() else int(n.group(1)) - 1 if n else 0
        return out

    return {sid: resolve(sid) for sid in raw}


def _numbered(root: ET.Element | None) -> set[tuple[str, str]]:
    """(numId, level) pairs whose list is numbered rather than bulleted."""
    if root is None:
        return set()
    formats: dict[str, dict[str, str]] = {}
    for a in root.iter(f"{W}abstractNum"):
        formats[a.get(f"{W}abstractNumId") or ""] = {
            lv.get(f"{W}ilvl") or "0": _val(lv, f"{W}numFmt") or "" for lv in a.iter(f"{W}lvl")}
    out = set()
    for num in root.iter(f"{W}num"):
        for ilvl, fmt in formats.get(_val(num, f"{W}abstractNumId") or "", {}).items():
            if fmt not in ("bullet", "none", ""):
                out.add((num.get(f"{W}numId") or "", ilvl))
    return out


def _text(p: ET.Element) -> tuple[str, bool]:
    """A paragraph's text (runs and links; a line break as a new line) and whether every
    run with text is bold."""
    parts, bold = [], []
    for r in p.iter(f"{W}r"):
        b = r.find(f"{W}rPr/{W}b")
        strong = b is not None and b.get(f"{W}val") not in ("0", "false")
        for el in r:
            if el.tag == f"{W}t" and el.text:
                parts.append(el.text)
                bold.append(strong)
            elif el.tag == f"{W}tab":
                parts.append(" ")
            elif el.tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
    text = "".join(parts).replace("\u3000", " ")
    return "\n".join(" ".join(ln.split()) for ln in text.split("\n")).strip(), \
        bool(bold) and all(bold)


def docx_to_markdown(data: bytes) -> str:
    """The document's paragraphs and tables, in order, as Markdown."""
    with open_zip(data, "a Word") as z:
        body = part(z, "word/document.xml")
        styles = _styles(part(z, "word/styles.xml"))
        numbered = _numbered(part(z, "word/numbering.xml"))
    if body is None or body.find(f"{W}body") is None:
        raise LoadError("no word/document.xml: not a Word document")
    out: list[str] = []
    level = 0  # the last heading's level: a bold paragraph is a title one below it
    counters: dict[tuple[str, str], int] = {}
    # a document with a title paragraph: its headings sit one level below the title
    used = {_val(p.find(f"{W}pPr"), f"{W}pStyle") for p in body.iter(f"{W}p")}
    shift = int(any(styles.get(u or "", _Style()).title for u in used))

    def paragraph(p: ET.Element) -> None:
        nonlocal level
        ppr = p.find(f"{W}pPr")
        style = styles.get(_val(ppr, f"{W}pStyle") or "", _Style())
        heading = style.level + (1 if shift and not style.title and style.level else 0)
        outline = _val(ppr, f"{W}outlineLvl")
        if outline is not None and outline.isdigit() and int(outline) < 9:
            heading = int(outline) + 1 + shift
        text, bold = _text(p)
        if style.toc or not text:
            return
        num = ppr.find(f"{W}numPr") if ppr is not None else None
        num_id = _val(num, f"{W}numId") if num is not None else style.num
        if heading:
            level = min(heading, 6)
            out.extend(["", "#" * level + " " + " ".join(text.split()), ""])
        elif num_id not in (None, "0"):
            ilvl = _val(num, f"{W}ilvl") if num is not None else None
            depth = int(ilvl) if ilvl and ilvl.isdigit() else style.depth
            key = (num_id or "", str(depth))
            for k in [k for k in counters if k[0] == key[0] and int(k[1]) > depth]:
                del counters[k]  # a deeper list starts again under its new parent
            counters[key] = counters.get(key, 0) + 1
            mark = f"{counters[key]}." if key in numbered else "-"
            out.append("  " * depth + f"{mark} " + " ".join(text.split()))
        elif bold and "\n" not in text and width(text) <= TITLE_MAX_WIDTH \
                and not TITLE_END.search(text):
            out.extend(["", "#" * min(level + 1, 6) + " " + text, ""])
        else:  # a line break inside a paragraph ends a line the learner meant as one
            for line in text.split("\n"):
                out.extend(["", line, ""])

    def table(tbl: ET.Element) -> None:
        header: list[str] = []
        rows: list[list[str]] = []
        look = tbl.find(f"{W}tblPr/{W}tblLook")
        # Word's "header row" table option (on for a new table): short first-row cells
        flags = look.get(f"{W}val") or "0" if look is not None else "0"
        first_row = look is not None and (look.get(f"{W}firstRow") == "1" or bool(
            re.fullmatch(r"[0-9A-Fa-f]{1,4}", flags) and int(flags, 16) & 0x0020))
        for tr in tbl.findall(f"{W}tr"):
            cells = [[_text(p) for p in tc.iter(f"{W}p")] for tc in tr.findall(f"{W}tc")]
            texts = [" ".join(t for t, _ in c if t) for c in cells]
            filled = [c for c in cells if any(t for t, _ in c)]
            marked = tr.find(f"{W}trPr/{W}tblHeader") is not None or (
                first_row and len(tbl.findall(f"{W}tr")) > 1 and len(filled) == len(cells)
                and all(width(t) <= HEADER_MAX_WIDTH for t in texts))
            if not header and not rows and filled and (
                    marked or all(all(b for t, b in c if t) for c in filled)):
                header = texts
            else:
                rows.append(texts)
        out.extend(["", *table_rows(header, rows), ""])

    def walk(parent: ET.Element) -> None:
        for el in parent:
            if el.tag == f"{W}p":
                paragraph(el)
            elif el.tag == f"{W}tbl":
                table(el)
            elif el.tag == f"{W}sdt":  # a content control: a table of contents, or a box
                content = el.find(f"{W}sdtContent")
                gallery = el.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
                toc = gallery is not None and "Contents" in (gallery.get(f"{W}val") or "")
                if content is not None and not toc:
                    walk(content)

    walk(body.find(f"{W}body"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"
