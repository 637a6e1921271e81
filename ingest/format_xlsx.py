"""Excel workbooks (.xlsx) as Markdown: each sheet a section, each row a labelled line.

A study sheet is a table ("サービス | 項目 | 値 | メモ"): its first filled row names the
columns, and every later row becomes one line that names them ("サービス: SQS — 項目: 可視性
タイムアウト — 値: 30秒"), so a row is quoted with what its cells mean. Text comes from the
shared-strings part or the cell itself; numbers as written, without a trailing ".0".
"""

from __future__ import annotations

import re
from itertools import groupby
from xml.etree import ElementTree as ET

from ingest.formats import TITLE_MAX_WIDTH, table_rows
from ingest.formats import width as width_of
from ingest.load import LoadError
from ingest.ooxml import open_zip, part

S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_COLUMN = re.compile(r"^([A-Z]+)")


def _column(ref: str) -> int:
    """"C7" -> 2: a cell's column index from its reference."""
    m = _COLUMN.match(ref or "")
    n = 0
    for ch in m.group(1) if m else "":
        n = n * 26 + ord(ch) - 64
    return n - 1


def _strings(root: ET.Element | None) -> list[str]:
    """The workbook's shared strings, rich-text runs joined."""
    return ["".join(t.text or "" for t in si.iter(f"{S}t"))
            for si in (root.findall(f"{S}si") if root is not None else [])]


def _value(c: ET.Element, strings: list[str]) -> str:
    kind = c.get("t")
    if kind == "inlineStr":
        text = "".join(t.text or "" for t in c.iter(f"{S}t"))
    else:
        text = c.findtext(f"{S}v") or ""
        if kind == "s":
            text = strings[int(text)] if text.isdigit() and int(text) < len(strings) else ""
        elif kind == "b":
            text = {"1": "TRUE", "0": "FALSE"}.get(text, text)
        elif kind in (None, "n") and re.fullmatch(r"-?\d+\.0+", text):
            text = text.split(".")[0]
    return " ".join(text.split())


def _sheet_rows(root: ET.Element, strings: list[str]) -> list[list[str]]:
    rows = []
    for row in root.iter(f"{S}row"):
        cells: dict[int, str] = {}
        for i, c in enumerate(row.findall(f"{S}c")):
            ref = c.get("r")
            cells[_column(ref) if ref else i] = _value(c, strings)
        if any(cells.values()):
            width = max(cells) + 1
            rows.append([cells.get(i, "") for i in range(width)])
    return rows


def xlsx_to_markdown(data: bytes) -> str:
    """Every sheet with rows, in workbook order, as a titled section of labelled lines."""
    with open_zip(data, "an Excel") as z:
        book = part(z, "xl/workbook.xml")
        if book is None:
            raise LoadError("no xl/workbook.xml: not an Excel workbook")
        rels = part(z, "xl/_rels/workbook.xml.rels")
        targets = {r.get("Id"): r.get("Target") or "" for r in
                   (rels.iter(f"{PKG}Relationship") if rels is not None else [])}
        strings = _strings(part(z, "xl/sharedStrings.xml"))
        out: list[str] = []
        for n, sheet in enumerate(book.iter(f"{S}sheet"), 1):
            target = targets.get(sheet.get(f"{R}id"), f"worksheets/sheet{n}.xml")
            name = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            root = part(z, name.replace("xl/xl/", "xl/"))
            rows = _sheet_rows(root, strings) if root is not None else []
            if not rows:
                continue
            out += [f"# {sheet.get('name') or f'Sheet{n}'}", ""]
            if len(rows) > 2 and sum(map(bool, rows[0])) == 1 and sum(map(bool, rows[1])) > 1:
                out += [next(c for c in rows[0] if c), ""]  # a title row above the table
                rows = rows[1:]
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
            header, body = (rows[0], rows[1:]) if len(rows) > 1 else ([], rows)
            for title, group in _groups(body, width):
                out += ([f"## {title}", ""] if title else []) + [*table_rows(header, group), ""]
    return "\n".join(out).strip() + "\n" if out else ""


def _groups(body: list[list[str]], width: int) -> list[tuple[str, list[list[str]]]]:
    """A sheet's rows cut where a learner grouped them, each group with its title: at a
    row with only its first cell filled ("【Lambda】" above a block of a wide table), or,
    when the first column runs in blocks of one value ("Lambda, Lambda, …, DynamoDB, …"),
    at each new value. Without either, one untitled group."""
    def title_row(r: list[str]) -> bool:
        return bool(r[0]) and not any(r[1:])

    if width > 2 and any(title_row(r) for r in body):
        groups: list[tuple[str, list[list[str]]]] = [("", [])]
        for r in body:
            if title_row(r):
                groups.append((r[0], []))
            else:
                groups[-1][1].append(r)
        return [g for g in groups if g[0] or g[1]]
    runs = [(v, list(rows)) for v, rows in groupby(body, key=lambda r: r[0])]
    if width > 2 and 1 < len(runs) == len({v for v, _ in runs}) <= len(body) // 3 \
            and all(v and width_of(v) <= TITLE_MAX_WIDTH for v, _ in runs):
        return runs
    return [("", body)]
