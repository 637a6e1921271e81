"""Units: the quotable lines of every chunk, each with its own vector.

A unit is one outline node of a chunk (a bullet item or a sentence). It is embedded
with its section title and parent bullet, so "デフォルトで30秒" is embedded as what it
is about. Vectors are content-addressed (the hash of the embedded text): an edit
re-embeds only the lines it changed, and a killed ingest resumes from what it stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from core.models import Chunk
from core.outline import Node, parse
from ingest.unit_store import load_unit_vectors, save_units

MAX_EMBED_CHARS = 400  # a unit longer than this is embedded by its beginning


@dataclass(eq=False)
class Unit:
    """One quotable line of a chunk, ready to score."""

    node: Node
    chunk: Chunk
    embed_text: str
    key: str  # content hash of embed_text: the vector's id

    @property
    def text(self) -> str:
        return self.node.text

    @property
    def parent(self) -> str:
        return self.node.parent_text

    @property
    def children(self) -> list[str]:
        return [c.text for c in self.node.children if c.quotable]


def title_of(chunk: Chunk) -> str:
    return chunk.heading.split(" > ")[-1] if chunk.heading else chunk.source


def embed_text(chunk: Chunk, node: Node) -> str:
    """What the embedder sees for one line: section title › parents › the line."""
    context = " › ".join([title_of(chunk), *node.path])
    return f"{context} › {node.text}"[:MAX_EMBED_CHARS]


def key_of(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:24]


def units_of(chunk: Chunk) -> list[Unit]:
    """The chunk's quotable nodes in document order (code blocks are not units)."""
    out = []
    for node in parse(chunk.body):
        if node.quotable:
            text = embed_text(chunk, node)
            out.append(Unit(node, chunk, text, key_of(text)))
    return out


def embed_missing(units: list[Unit], known: set[str],
                  embed: Callable[[list[str]], list[list[float]]],
                  save: Callable[[list[str], list[str], list[list[float]]], None],
                  batch: int = 32, progress: Callable[[int, int, str], None] | None = None
                  ) -> int:
    """Embed the units whose vector is not stored yet, saving every batch as it is done.

    Texts are sorted by length so a batch pads little. Returns how many were embedded.
    """
    todo: dict[str, str] = {}
    for u in units:
        if u.key not in known and u.key not in todo:
            todo[u.key] = u.embed_text
    items = sorted(todo.items(), key=lambda kv: len(kv[1]))
    for start in range(0, len(items), batch):
        part = items[start:start + batch]
        vectors = embed([t for _, t in part])
        save([k for k, _ in part], [t for _, t in part], vectors)
        known.update(k for k, _ in part)
        if progress:
            progress(min(start + batch, len(items)), len(items), part[-1][1][:60])
    return len(items)


def copy_vectors(source, dest, units: list, known: set[str]) -> int:  # noqa: ANN001
    """Copy stored line vectors ``dest`` lacks from ``source`` (same embedder); returns how many."""
    wanted = {u.key: u.embed_text for u in units if u.key not in known}
    keys = sorted(wanted)
    copied = 0
    for start in range(0, len(keys), 500):
        got = load_unit_vectors(source, keys[start:start + 500])
        if got:
            ks = sorted(got)
            save_units(dest, ks, [wanted[k] for k in ks], [got[k] for k in ks])
            known.update(ks)
            copied += len(ks)
    return copied
