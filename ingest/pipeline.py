"""The ingest run: load -> chunk -> embed lines -> index -> calibrate, incrementally and
crash-safely.

Per changed file: line vectors are saved first (content-addressed, batch by batch),
then the chunks, then the manifest commits the file's new hash, then old chunks and
unused vectors are deleted. Unchanged files cost one hash each. The refusal cut-offs
are calibrated on the index itself whenever it or the embedder changes.

The whole run holds the data dir's write lock (``ingest.lock``): a second ingest waits,
it never commits over the first one's work. A fresh index is marked complete only at the
end; ``--rebuild`` builds a new generation beside the live one (reusing its vectors when
the embedder is the same) and swaps the head at its commit, so readers never see it half built.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from core.catalog import catalog_version
from core.models import Chunk
from core.settings import Settings
from ingest.aux import aux_current, aux_wanted, sync_aux
from ingest.calibrate import calibrate, calibration_stale
from ingest.chunk import chunk_sections
from ingest.embed import make_embedder
from ingest.load import LoadError, Skipped, discover, load_file
from ingest.lock import IngestLock
from ingest.store import (
    Manifest,
    chunk_metadata,
    client,
    committed,
    drop_collection,
    generation_name,
    generations,
    live_name,
    load_chunks,
    open_collection,
    read_manifest,
    set_live,
    write_manifest,
)
from ingest.unit_store import drop_unit_vectors, load_unit_vectors, open_units, save_units, unit_keys
from ingest.units import copy_vectors, embed_missing, units_of

CHUNKER_VERSION = "26"  # bump when chunking changes, so every file is re-chunked
Progress = Callable[[int, int, str], None]  # (done, total, what)


@dataclass
class IngestReport:
    indexed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    chunks_added: int = 0
    chunks_deleted: int = 0
    embeddings_computed: int = 0  # lines embedded by the main embedder
    aux_embeddings: int = 0  # lines embedded by the second one (ingest/aux.py)
    total_chunks: int = 0
    seconds: float = 0.0

    @property
    def nothing_changed(self) -> bool:
        return not (self.indexed or self.removed or self.chunks_deleted)

    def describe(self, lang: str = "en") -> list[str]:
        """What happened, for a person: one line per skipped file, then the totals."""
        ja = lang == "ja"
        lines = [(f"スキップ: {s.source} — {s.reason}" if ja else f"skipped {s.source}: {s.reason}")
                 for s in self.skipped]
        if self.nothing_changed:
            lines.append(f"変更なし: 埋め込み 0 件（{self.total_chunks} チャンク, {self.seconds:.2f} 秒）"
                         if ja else f"Nothing changed: 0 embeddings computed ({self.total_chunks} "
                         f"chunks indexed, {self.seconds:.2f} s).")
        elif ja:
            lines.append(f"{len(self.indexed)} ファイルを取り込み、{len(self.removed)} 件削除、"
                         f"{len(self.unchanged)} 件は変更なし。埋め込み {self.embeddings_computed} 件、"
                         f"インデックスは {self.total_chunks} チャンク（{self.seconds:.1f} 秒）。")
        else:
            lines.append(f"Indexed {len(self.indexed)} file(s), removed {len(self.removed)}, "
                         f"unchanged {len(self.unchanged)}; {self.embeddings_computed} embeddings "
                         f"computed; {self.total_chunks} chunks in the index ({self.seconds:.1f} s).")
        if self.aux_embeddings:
            lines.append(f"2つ目の埋め込みモデル: {self.aux_embeddings} 行" if ja else
                         f"Second embedder: {self.aux_embeddings} lines embedded.")
        return lines


def file_hash(path: Path, settings: Settings) -> str:
    """Content plus chunking parameters and the service catalogue the chunks are tagged
    with: a new chunk size or catalogue re-chunks every file (line vectors are reused)."""
    h = hashlib.sha1(path.read_bytes())
    h.update(f"|{CHUNKER_VERSION}|{settings.chunk_chars}|{settings.chunk_overlap}|"
             f"{catalog_version()}".encode())
    return h.hexdigest()


def ingest(settings: Settings, paths: Iterable[Path] | None = None, rebuild: bool = False,
           progress: Progress | None = None,
           on_wait: Callable[[str], None] | None = None) -> IngestReport:
    """Bring the index in line with the files under ``paths`` (default: the corpus).

    Waits (telling ``on_wait``) while another ingest holds the data dir's lock."""
    with IngestLock(settings, on_wait=on_wait):
        return _ingest_locked(settings, paths, rebuild, progress)


def _target(settings: Settings, cl, rebuild: bool) -> tuple[str, str, object | None]:  # noqa: ANN001
    """(collection to write, live collection, units to reuse vectors from) for this run.

    Generations left by a killed rebuild (neither live nor the target) are dropped."""
    live = live_name(settings, cl)
    gens = generations(settings, cl)
    name = live
    if rebuild:
        name = generation_name(settings, max([*gens.values(), 0]) + 1)
    for other in gens:
        if other not in {live, name}:
            drop_collection(settings, other, cl)
    reuse = None
    if rebuild and live in gens:
        old = Manifest.from_metadata(cl.get_collection(live, embedding_function=None).metadata)
        if old and old.embedder == settings.embedder:
            reuse = open_units(settings, create=True, name=live, cl=cl)
    return name, live, reuse


def _ingest_locked(settings: Settings, paths: Iterable[Path] | None, rebuild: bool,
                   progress: Progress | None) -> IngestReport:
    start = time.perf_counter()
    report = IngestReport()
    roots = [Path(p) for p in paths] if paths else [settings.corpus_dir]
    files, report.skipped = discover(roots, settings.corpus_dir)
    cl = client(settings, fresh=True)  # see what other processes committed
    name, live_index, reuse = _target(settings, cl, rebuild)
    embedder = make_embedder(settings.embedder)
    col = open_collection(settings, create=True, embedder=settings.embedder, name=name, cl=cl)
    units_col = open_units(settings, create=True, name=name, cl=cl)
    manifest = read_manifest(col)

    todo: list[tuple[str, str, list[Chunk]]] = []  # (source, hash, chunks)
    seen: set[str] = set()
    for path, source in files:
        seen.add(source)
        try:
            if path.stat().st_size > settings.max_file_bytes:
                raise LoadError(f"too large ({path.stat().st_size / 1e6:.1f} MB; the limit is "
                                f"{settings.max_file_bytes / 1e6:.1f} MB, TUTOR_MAX_FILE_BYTES)")
            digest = file_hash(path, settings)
            if manifest.files.get(source) == digest:
                report.unchanged.append(source)
                continue
            sections = load_file(path, source, settings.max_file_bytes)
        except (LoadError, OSError) as exc:  # one bad file never stops the run
            reason = str(exc) if isinstance(exc, LoadError) else \
                f"cannot read ({exc.strerror or type(exc).__name__})"
            report.skipped.append(Skipped(source, reason))
            continue
        chunks = chunk_sections(sections, settings.chunk_chars, settings.chunk_overlap)
        if not chunks:
            report.skipped.append(Skipped(source, "no text to index (only empty headings)"))
            continue
        manifest.empty[source] = [s.heading for s in sections if s.is_empty and s.heading]
        manifest.paths[source] = str(path.resolve())
        todo.append((source, digest, chunks))

    # Line vectors are content-addressed and saved batch by batch: an edit re-embeds only
    # the lines it changed, and a run killed at 90% resumes at 90%.
    units = {c.id: units_of(c) for _, _, chunks in todo for c in chunks}
    known = unit_keys(units_col) if todo else set()
    if reuse is not None and todo:  # a rebuild with the same embedder: copy, don't recompute
        copy_vectors(reuse, units_col, [u for us in units.values() for u in us], known)
    report.embeddings_computed = embed_missing(
        [u for us in units.values() for u in us], known,
        lambda texts: embedder.embed_documents(texts).tolist(),
        lambda keys, texts, vecs: save_units(units_col, keys, texts, vecs), progress=progress)
    vectors = load_unit_vectors(units_col, sorted({u.key for us in units.values() for u in us}))
    if vectors and not manifest.dim:
        manifest.dim = len(next(iter(vectors.values())))

    for source, digest, chunks in todo:
        ids = [hashlib.sha1(f"{digest}|{c.id}".encode()).hexdigest()[:24] for c in chunks]
        embeddings = [_chunk_vector([vectors[u.key] for u in units[c.id]], manifest.dim)
                      for c in chunks]
        for cid, c in zip(ids, chunks, strict=True):
            c.id = cid
        col.upsert(ids=ids, documents=[c.text for c in chunks], embeddings=embeddings,
                   metadatas=[chunk_metadata(c, digest) for c in chunks])
        manifest.files[source] = digest
        manifest.chunks[source] = len(chunks)
        write_manifest(col, manifest, cl)  # commit point for this file
        report.indexed.append(source)
        report.chunks_added += len(chunks)

    for source in [s for s in manifest.files if s not in seen]:
        where = manifest.paths.get(source)
        if where and not Path(where).exists():
            for table in (manifest.files, manifest.chunks, manifest.empty, manifest.paths):
                table.pop(source, None)
            write_manifest(col, manifest, cl)
            report.removed.append(source)

    report.chunks_deleted = _collect_garbage(col, manifest)
    changed = bool(todo or report.removed or report.chunks_deleted)
    stale = calibration_stale(manifest.calibration, settings.embedder) or not manifest.complete
    live = load_chunks(settings, col) if changed or stale else []
    if changed:
        drop_unit_vectors(units_col, {u.key for c in live for u in units_of(c)})
    if changed or stale:  # a new calibration recipe recalibrates an unchanged index too
        keys = sorted({u.key for c in live for u in units_of(c)})
        manifest.calibration = calibrate(live, load_unit_vectors(units_col, keys) if keys else {},
                                         embedder, settings.embedder)
        manifest.complete = True  # a fresh index becomes visible to readers only here
        write_manifest(col, manifest, cl)
    if aux_wanted(settings) and manifest.files and (changed or not aux_current(settings, name, cl)):
        report.aux_embeddings = sync_aux(settings, name, live or load_chunks(settings, col),
                                      cl, progress, reuse=live_index)
    if name != live_index and manifest.files:
        set_live(settings, name, cl)  # the rebuild's commit: readers switch generation
        drop_collection(settings, live_index, cl)
    elif name != live_index:  # a rebuild that found no notes never replaces an index
        drop_collection(settings, name, cl)
    report.total_chunks = sum(manifest.chunks.values())
    report.seconds = time.perf_counter() - start
    return report


def _chunk_vector(unit_vectors: list, dim: int) -> list[float]:
    """A chunk's own vector: the normalised mean of its lines' (no extra model call)."""
    import numpy as np

    if not unit_vectors:
        return [0.0] * dim
    mean = np.mean(np.stack(unit_vectors), axis=0)
    return (mean / max(float(np.linalg.norm(mean)), 1e-12)).tolist()


def _collect_garbage(col, manifest) -> int:  # noqa: ANN001
    """Delete chunks no committed file version owns: old versions, crashed runs."""
    got = col.get(include=["metadatas"])
    stale = [i for i, m in zip(got["ids"], got["metadatas"], strict=True)
             if not committed(m, manifest)]
    if stale:
        col.delete(ids=stale)
    return len(stale)


def ingest_and_report(settings: Settings, paths: Iterable[Path] | None = None, *,
                      rebuild: bool = False, progress: Progress | None = None,
                      say: Callable[[str], None] | None = None, lang: str = "en") -> IngestReport:
    """Run an ingest and tell the user what happened (the CLI, the app start and the
    Notes tab all go through here)."""
    report = ingest(settings, paths, rebuild=rebuild, progress=progress, on_wait=say)
    for line in report.describe(lang):
        (say or (lambda _: None))(line)
    return report

