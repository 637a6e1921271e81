"""What Word (.docx) and Excel (.xlsx) files share: a zip of XML parts, read with the
standard library and guarded, since a notes folder may hold anything with that name."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

from ingest.load import LoadError

MAX_PART_BYTES = 50_000_000  # an unpacked XML part larger than this is not a notes file


def open_zip(data: bytes, kind: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise LoadError(f"not {kind} file (it is a zip inside; this file is not)") \
            from exc


def part(z: zipfile.ZipFile, name: str) -> ET.Element | None:
    """One XML part, or None when the document has none by that name; an oversized part
    or one declaring a DOCTYPE (which Office never writes; entity tricks do) is refused."""
    try:
        info = z.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise LoadError(f"{name} unpacks to {info.file_size / 1e6:.0f} MB")
    data = z.read(info)
    if b"<!DOCTYPE" in data[:2000]:
        raise LoadError(f"{name} declares a DOCTYPE")
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise LoadError(f"{name} is not well-formed XML ({exc})") from None
