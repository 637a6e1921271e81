"""Index: the Chroma collection of chunks, and the manifest that makes updates safe.

The manifest (source -> file hash, plus the empty headings) lives in the collection's
own metadata, so a shared Chroma server and a local folder behave alike. Readers only
trust chunks whose (source, file hash) the manifest names: a run killed between writing
new chunks and committing the manifest leaves the previous index exactly as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from core.models import Chunk
from core.settings import Settings


class IndexMissingError(RuntimeError):
    """No index yet: the user has to run ``tutor ingest``."""


class EmbedderMismatchError(RuntimeError):
    """The index was built by another embedder; its vectors are not comparable."""


@dataclass
class Manifest:
    embedder: str
    dim: int
    files: dict[str, str] = field(default_factory=dict)  # source -> file hash
    empty: dict[str, list[str]] = field(default_factory=dict)  # source -> empty headings
    chunks: dict[str, int] = field(default_factory=dict)  # source -> chunk count
    paths: dict[str, str] = field(default_factory=dict)  # source -> absolute path
    updated: str = ""
    version: int = 0  # bumped by every commit: readers reload when it moves
    calibration: dict[str, Any] = field(default_factory=dict)  # refusal cut-offs, per index

    def to_metadata(self) -> dict[str, Any]:
        return {"embedder": self.embedder, "dim": self.dim, "updated": self.updated,
                "version": self.version,
                "manifest": json.dumps({"files": self.files, "empty": self.empty,
                                        "chunks": self.chunks, "paths": self.paths,
                                        "calibration": self.calibration},
                                       ensure_ascii=False)}

    @classmethod
    def from_metadata(cls, meta: dict[str, Any] | None) -> Manifest | None:
        if not meta or "embedder" not in meta:
            return None
        body = json.loads(meta.get("manifest") or "{}")
        return cls(embedder=meta["embedder"], dim=int(meta.get("dim", 0)),
                   files=body.get("files", {}), empty=body.get("empty", {}),
                   chunks=body.get("chunks", {}), paths=body.get("paths", {}),
                   updated=meta.get("updated", ""), version=int(meta.get("version", 0)),
                   calibration=body.get("calibration", {}))


def client(settings: Settings):  # noqa: ANN201 - chromadb client types differ by mode
    """A Chroma client: HTTP when TUTOR_CHROMA_URL is set, else a local persistent folder."""
    import chromadb

    chroma_settings = chromadb.Settings(anonymized_telemetry=False)
    if settings.chroma_url:
        from urllib.parse import urlparse

        url = urlparse(settings.chroma_url)
        return chromadb.HttpClient(host=url.hostname or "localhost", port=url.port or 8000,
                                   ssl=url.scheme == "https", settings=chroma_settings)
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


def _where(settings: Settings) -> str:
    return settings.chroma_url or str(settings.chroma_dir)


def open_collection(settings: Settings, create: bool = False, embedder: str | None = None,
                    dim: int | None = None):  # noqa: ANN201
    """Open the chunk collection, checking it was built by the configured embedder."""
    cl = client(settings)
    names = {c if isinstance(c, str) else c.name for c in cl.list_collections()}
    if settings.collection not in names:
        if not create:
            raise IndexMissingError(
                f"No index found at {_where(settings)}. Build it first: tutor ingest")
        manifest = Manifest(embedder=embedder or settings.embedder, dim=dim or 0,
                            updated=_now())
        return cl.create_collection(settings.collection, metadata=manifest.to_metadata(),
                                    configuration={"hnsw": {"space": "cosine"}},
                                    embedding_function=None)
    col = cl.get_collection(settings.collection, embedding_function=None)
    manifest = Manifest.from_metadata(col.metadata)
    if manifest and manifest.embedder != settings.embedder:
        raise EmbedderMismatchError(
            f"The index at {_where(settings)} was built with embedder '{manifest.embedder}', "
            f"but TUTOR_EMBEDDER is '{settings.embedder}'. Rebuild it with: "
            f"TUTOR_EMBEDDER={settings.embedder} tutor ingest --rebuild "
            f"(or set TUTOR_EMBEDDER={manifest.embedder}).")
    return col


def read_manifest(col) -> Manifest:  # noqa: ANN001
    return Manifest.from_metadata(col.metadata) or Manifest(embedder="", dim=0)


def write_manifest(col, manifest: Manifest) -> None:  # noqa: ANN001
    """Commit point of every ingest step: one metadata write, atomic in Chroma."""
    manifest.updated = _now()
    manifest.version += 1
    col.modify(metadata=manifest.to_metadata())


def drop_collection(settings: Settings) -> None:
    cl = client(settings)
    names = {c if isinstance(c, str) else c.name for c in cl.list_collections()}
    for name in (settings.collection, units_name(settings)):
        if name in names:
            cl.delete_collection(name)


# --- unit vectors: a content-addressed cache beside the chunks ---------------------------


def units_name(settings: Settings) -> str:
    return f"{settings.collection}_units"


def open_units(settings: Settings, create: bool = False):  # noqa: ANN201
    """The line-vector collection (id = hash of the embedded text)."""
    cl = client(settings)
    if create:
        return cl.get_or_create_collection(units_name(settings), embedding_function=None,
                                           configuration={"hnsw": {"space": "cosine"}})
    try:
        return cl.get_collection(units_name(settings), embedding_function=None)
    except Exception as exc:  # chromadb raises NotFoundError / ValueError by version
        raise IndexMissingError(
            f"No line vectors at {_where(settings)}. Rebuild the index: tutor ingest --rebuild"
        ) from exc


def unit_keys(units_col) -> set[str]:  # noqa: ANN001
    return set(units_col.get(include=[])["ids"])


def save_units(units_col, keys: list[str], texts: list[str], vectors: list) -> None:  # noqa: ANN001
    units_col.upsert(ids=keys, documents=texts, embeddings=[list(map(float, v)) for v in vectors])


def load_unit_vectors(units_col, keys: list[str] | None = None) -> dict[str, Any]:  # noqa: ANN001
    """key -> vector (numpy) for the given keys (all when None)."""
    import numpy as np

    got = units_col.get(ids=keys, include=["embeddings"]) if keys else \
        units_col.get(include=["embeddings"])
    return {k: np.asarray(v, dtype=np.float32) for k, v in
            zip(got["ids"], got["embeddings"], strict=True)}


def drop_unit_vectors(units_col, keep: set[str]) -> int:  # noqa: ANN001
    """Delete vectors no committed chunk uses any more."""
    stale = [k for k in unit_keys(units_col) if k not in keep]
    for start in range(0, len(stale), 1000):
        units_col.delete(ids=stale[start:start + 1000])
    return len(stale)


def chunk_metadata(chunk: Chunk, file_hash: str) -> dict[str, Any]:
    """Chroma metadata is flat scalars: lists are stored comma-joined."""
    return {"source": chunk.source, "heading": chunk.heading, "page": chunk.page or 0,
            "lang": chunk.lang, "chunk_index": chunk.chunk_index,
            "content_hash": chunk.content_hash, "file_hash": file_hash,
            "services": ",".join(chunk.services),
            "domains": ",".join(str(d) for d in chunk.domains)}


def chunk_from_record(cid: str, text: str, meta: dict[str, Any]) -> Chunk:
    return Chunk(id=cid, text=text, source=meta["source"], heading=meta["heading"],
                 page=meta.get("page") or None, lang=meta.get("lang", "ja"),
                 chunk_index=int(meta.get("chunk_index", 0)),
                 content_hash=meta.get("content_hash", ""),
                 services=[s for s in str(meta.get("services", "")).split(",") if s],
                 domains=[int(d) for d in str(meta.get("domains", "")).split(",") if d])


def committed(meta: dict[str, Any], manifest: Manifest) -> bool:
    """A chunk counts only if the manifest names its file at the same version."""
    return manifest.files.get(meta.get("source", "")) == meta.get("file_hash")


def load_chunks(settings: Settings, col=None) -> list[Chunk]:  # noqa: ANN001
    """Every committed chunk, in source then chunk order."""
    col = col if col is not None else open_collection(settings)
    manifest = read_manifest(col)
    got = col.get(include=["documents", "metadatas"])
    chunks = [chunk_from_record(i, d, m) for i, d, m in
              zip(got["ids"], got["documents"], got["metadatas"], strict=True)
              if committed(m, manifest)]
    return sorted(chunks, key=lambda c: (c.source, c.chunk_index))


def empty_sections(settings: Settings, col=None) -> list[dict[str, str]]:  # noqa: ANN001
    """Headings that exist in the notes but have no content yet."""
    col = col if col is not None else open_collection(settings)
    manifest = read_manifest(col)
    return [{"source": s, "heading": h} for s, hs in sorted(manifest.empty.items()) for h in hs]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
