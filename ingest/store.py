"""Index: the Chroma collection of chunks, and the manifest that makes updates safe.

The manifest (source -> file hash, plus the empty headings) lives in the collection's
own metadata, so a shared Chroma server and a local folder behave alike. Readers only
trust chunks whose (source, file hash) the manifest names: a run killed between writing
new chunks and committing the manifest leaves the previous index exactly as it was.

Three more rules keep readers from taking a bad index for a good one:
- ``complete``: a fresh index says so only when its first ingest finished; until then
  every reader treats it as missing (an interrupted first ingest is not "0 chunks, fine").
- generations: ``--rebuild`` builds a new collection beside the live one and swaps a
  head pointer (``<collection>.head``) at its commit, so a running app never loses its index.
- compare-and-swap: a manifest commit checks that the stored version is the one it read.
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


class IndexIncompleteError(IndexMissingError):
    """An index whose first ingest never finished, or one with no notes in it."""


class EmbedderMismatchError(RuntimeError):
    """The index was built by another embedder; its vectors are not comparable."""


class ConcurrentUpdateError(RuntimeError):
    """Someone else committed the manifest since we read it: we must not overwrite it."""


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
    complete: bool = False  # its first ingest finished: readers may use it

    def to_metadata(self) -> dict[str, Any]:
        return {"embedder": self.embedder, "dim": self.dim, "updated": self.updated,
                "version": self.version, "complete": self.complete,
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
                   calibration=body.get("calibration", {}),
                   # indexes from before the flag: complete if they hold any file
                   complete=bool(meta.get("complete", bool(body.get("files")))))


def client(settings: Settings, fresh: bool = False):  # noqa: ANN201 - types differ by mode
    """A Chroma client: HTTP when TUTOR_CHROMA_URL is set, else a local persistent folder.

    A local client caches segments in memory per process and does not see vectors another
    process wrote since (``get`` then fails with "Error finding id"). ``fresh`` starts a
    new one from disk: writers do after taking the lock, readers when they (re)load.
    Clients made earlier keep working on what they had.
    """
    import chromadb

    chroma_settings = chromadb.Settings(anonymized_telemetry=False)
    if settings.chroma_url:
        from urllib.parse import urlparse

        url = urlparse(settings.chroma_url)
        return chromadb.HttpClient(host=url.hostname or "localhost", port=url.port or 8000,
                                   ssl=url.scheme == "https", settings=chroma_settings)
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    if fresh:
        from chromadb.api.shared_system_client import SharedSystemClient

        with SharedSystemClient._refcount_lock:
            SharedSystemClient._identifier_to_system.pop(str(settings.chroma_dir), None)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


def where(settings: Settings) -> str:
    return settings.chroma_url or str(settings.chroma_dir)


def head_name(settings: Settings) -> str:
    return f"{settings.collection}.head"


def generation_name(settings: Settings, n: int) -> str:
    return settings.collection if n == 0 else f"{settings.collection}.g{n}"


UNITS_SUFFIX = "_units"  # "<generation>_units": a generation's line vectors
AUX_SUFFIX = "_aux"  # "<generation>_aux_units": the second embedder's line vectors


def _names(cl) -> set[str]:  # noqa: ANN001
    return {c if isinstance(c, str) else c.name for c in cl.list_collections()}


def live_name(settings: Settings, cl=None) -> str:  # noqa: ANN001
    """The collection readers use: the head pointer's, or the plain name before any rebuild."""
    cl = cl or client(settings)
    try:
        head = cl.get_collection(head_name(settings), embedding_function=None)
    except Exception:  # no head yet (NotFoundError / ValueError by chromadb version)
        return settings.collection
    return str((head.metadata or {}).get("live") or settings.collection)


def set_live(settings: Settings, name: str, cl=None) -> None:  # noqa: ANN001
    """Swap the head to ``name``: the commit point of a rebuild (one metadata write)."""
    cl = cl or client(settings)
    meta = {"live": name, "updated": _now()}
    head = cl.get_or_create_collection(head_name(settings), metadata=meta, embedding_function=None)
    head.modify(metadata=meta)


def generations(settings: Settings, cl=None) -> dict[str, int]:  # noqa: ANN001
    """Chunk collections of this index by name -> generation number."""
    cl = cl or client(settings)
    out = {}
    for name in _names(cl):
        if name == settings.collection:
            out[name] = 0
        elif name.startswith(f"{settings.collection}.g") and name.rsplit(".g", 1)[1].isdigit():
            out[name] = int(name.rsplit(".g", 1)[1])
    return out


def open_collection(settings: Settings, create: bool = False, embedder: str | None = None,
                    dim: int | None = None, *, name: str | None = None, cl=None,  # noqa: ANN001
                    require_complete: bool | None = None):  # noqa: ANN201
    """Open the chunk collection, checking it was built by the configured embedder and,
    for readers (``require_complete``, the default unless ``create``), that it is complete."""
    cl = cl or client(settings)
    name = name or live_name(settings, cl)
    if name not in _names(cl):
        if not create:
            raise IndexMissingError(
                f"No index found at {where(settings)}. Build it first: tutor ingest")
        manifest = Manifest(embedder=embedder or settings.embedder, dim=dim or 0,
                            updated=_now())
        return cl.create_collection(name, metadata=manifest.to_metadata(),
                                    configuration={"hnsw": {"space": "cosine"}},
                                    embedding_function=None)
    col = cl.get_collection(name, embedding_function=None)
    manifest = Manifest.from_metadata(col.metadata)
    if manifest and manifest.embedder != settings.embedder:
        raise EmbedderMismatchError(
            f"The index at {where(settings)} was built with embedder '{manifest.embedder}', "
            f"but TUTOR_EMBEDDER is '{settings.embedder}'. Rebuild it with: "
            f"TUTOR_EMBEDDER={settings.embedder} tutor ingest --rebuild "
            f"(or set TUTOR_EMBEDDER={manifest.embedder}).")
    if (not create if require_complete is None else require_complete):
        check_complete(settings, manifest)
    return col


def check_complete(settings: Settings, manifest: Manifest | None) -> None:
    """Raise IndexIncompleteError, with the fix, unless readers may use this index."""
    if manifest is None or not manifest.complete:
        raise IndexIncompleteError(
            f"The index at {where(settings)} is incomplete: its first ingest was interrupted. "
            "Finish it with: tutor ingest (vectors already computed are reused).")
    if not manifest.files:
        raise IndexIncompleteError(
            f"The index at {where(settings)} has no notes in it. Add Markdown, text, PDF or "
            f"HTML files to {settings.corpus_dir} and run: tutor ingest")


def index_version(settings: Settings) -> tuple[str, int, bool] | None:
    """(live collection, manifest version, usable) in two cheap reads; None when absent."""
    try:
        cl = client(settings)
        name = live_name(settings, cl)
        manifest = Manifest.from_metadata(cl.get_collection(name, embedding_function=None).metadata)
    except Exception:  # missing, or mid-swap: nothing newer to load yet
        return None
    if manifest is None:
        return None
    return name, manifest.version, bool(manifest.complete and manifest.files)


def read_manifest(col) -> Manifest:  # noqa: ANN001
    return Manifest.from_metadata(col.metadata) or Manifest(embedder="", dim=0)


def write_manifest(col, manifest: Manifest, cl=None) -> None:  # noqa: ANN001
    """Commit point of every ingest step: one metadata write, atomic in Chroma.

    With ``cl``, compare-and-swap: the stored version must still be the one ``manifest``
    was read at, else ConcurrentUpdateError (a writer that bypassed the lock, or a
    rebuild that swapped generations); nothing is overwritten.
    """
    if cl is not None:
        stored = Manifest.from_metadata(cl.get_collection(col.name, embedding_function=None)
                                        .metadata)
        if stored is not None and stored.version != manifest.version:
            raise ConcurrentUpdateError(
                f"The index changed under this ingest (version {stored.version}, expected "
                f"{manifest.version}); nothing was overwritten. Run tutor ingest again.")
    manifest.updated = _now()
    manifest.version += 1
    col.modify(metadata=manifest.to_metadata())


def drop_collection(settings: Settings, name: str | None = None, cl=None) -> None:  # noqa: ANN001
    """Delete one generation's chunks and line vectors, the second embedder's too (default: live)."""
    cl = cl or client(settings)
    name = name or live_name(settings, cl)
    names = _names(cl)
    for n in (name, *(f"{name}{suffix}{UNITS_SUFFIX}" for suffix in ("", AUX_SUFFIX))):
        if n in names:
            cl.delete_collection(n)


def chunk_metadata(chunk: Chunk, file_hash: str) -> dict[str, Any]:
    """Chroma metadata is flat scalars: lists are stored comma-joined."""
    return {"source": chunk.source, "heading": chunk.heading, "page": chunk.page or 0,
            "lang": chunk.lang, "chunk_index": chunk.chunk_index,
            "content_hash": chunk.content_hash, "file_hash": file_hash,
            "services": ",".join(chunk.services),
            "domains": ",".join(str(d) for d in chunk.domains), "title": chunk.title}


def chunk_from_record(cid: str, text: str, meta: dict[str, Any]) -> Chunk:
    return Chunk(id=cid, text=text, source=meta["source"], heading=meta["heading"],
                 page=meta.get("page") or None, lang=meta.get("lang", "ja"),
                 chunk_index=int(meta.get("chunk_index", 0)),
                 content_hash=meta.get("content_hash", ""),
                 services=[s for s in str(meta.get("services", "")).split(",") if s],
                 domains=[int(d) for d in str(meta.get("domains", "")).split(",") if d],
                 title=str(meta.get("title", "")))


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
