"""Chunk: sections into small, citable chunks that start with their heading path.

A top-level bullet keeps its children (a setting and its default stay together);
blocks are packed up to ``max_chars``; an oversized block is split on its child
bullets or sentences, repeating its first line as context. Never mid-sentence.
"""

from __future__ import annotations

import hashlib

from core.catalog import domains_for, service_of_heading, services_in
from core.models import Chunk
from core.outline import blocks as outline_blocks
from core.outline import parse
from core.text import join_wrapped, split_sentences, text_lang
from ingest.load import Section


def blocks(lines: list[str]) -> list[list[str]]:
    """Group lines by top-level node of the outline: a bullet with everything under it,
    a code fence, or a paragraph."""
    return outline_blocks(parse("\n".join(lines)), lines)


def _split_block(block: list[str], max_chars: int, overlap: int) -> list[list[str]]:
    """Split an oversized block on its lines (or sentences), repeating the parent line."""
    if len(block) == 1:
        sentences = split_sentences(block[0])
        pieces: list[list[str]] = []
        cur: list[str] = []
        for s in sentences:
            if cur and len(join_wrapped(cur)) + len(s) > max_chars:
                pieces.append([join_wrapped(cur)])
                cur = cur[-overlap:] if overlap else []
            cur.append(s)
        if cur:
            pieces.append([join_wrapped(cur)])  # English sentences keep their space
        return pieces
    head, rest = block[0], block[1:]
    pieces, cur = [], [head]
    for line in rest:
        if len(cur) > 1 and sum(map(len, cur)) + len(line) > max_chars:
            pieces.append(cur)
            cur = [head]
        cur.append(line)
    pieces.append(cur)
    return pieces


def pack(section_blocks: list[list[str]], max_chars: int, overlap: int) -> list[list[str]]:
    """Greedy packing of whole blocks into chunks of at most ``max_chars``."""
    chunks: list[list[str]] = []
    cur: list[str] = []
    for block in section_blocks:
        size = sum(len(ln) for ln in block)
        has_code = any(ln.strip().startswith("```") for ln in block)
        if size > (3 * max_chars if has_code else max_chars):
            if cur:
                chunks.append(cur)
                cur = []
            chunks.extend(_split_block(block, max_chars, overlap))
            continue
        if cur and sum(len(ln) for ln in cur) + size > max_chars:
            chunks.append(cur)
            cur = []
        if cur:
            cur.append("")  # blocks stay apart: two one-line notes are not one paragraph
        cur.extend(block)
    if cur:
        chunks.append(cur)
    return chunks


def _hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


def chunk_sections(sections: list[Section], max_chars: int = 350, overlap: int = 1) -> list[Chunk]:
    """Turn one file's sections into chunks; empty sections produce none."""
    out: list[Chunk] = []
    for section in sections:
        if section.is_empty:
            continue
        heading = section.heading or section.source
        for lines in pack(blocks(section.lines), max_chars, overlap):
            body = "\n".join(ln.rstrip() for ln in lines)
            text = f"{heading}\n{body}"
            services = service_of_heading(section.heading_path)
            services += [s for s in services_in(body) if s not in services]
            content_hash = _hash(text)
            out.append(Chunk(
                id=_hash(section.source, str(section.page), str(len(out)), content_hash)[:20],
                text=text, source=section.source, heading=heading, page=section.page,
                lang=text_lang(body),
                chunk_index=len(out), content_hash=content_hash, services=services,
                domains=domains_for(services[:1], heading), title=section.title,
            ))
    return out
