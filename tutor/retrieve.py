"""Retrieve: dense (line vectors) and keyword (BM25, both languages) rankings fused by RRF.

Every note line has its own vector. A question is compared with all of them at once
(an exact matrix product: the notes of one learner are thousands of lines, not
millions), and a chunk scores as its best line. The multilingual embedder prefers text
in the question's own language whatever the topic, so each language's cosines are
centred on that language's median before lines of two languages are compared: adding
English notes must not pull English questions away from the Japanese notes that
answer them. BM25 sees the question in both languages through the bilingual bridge.
RRF needs no score calibration between the two sides. A second embedder's line vectors,
when the index has them (``ingest/aux.py``), give the line selector a second opinion.
``HybridRetriever`` exposes the same search as a LangChain retriever.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from core.bridge import Bridge, glosses, ja_terms
from core.catalog import services_in
from core.models import Chunk, ScoredChunk
from core.settings import Settings
from core.text import normalize
from core.tokenize import question_words, tokenize
from ingest.aux import aux_current, aux_name, aux_wanted
from ingest.embed import Embedder, make_embedder
from ingest.keyword import BM25Index
from ingest.store import (
    EmbedderMismatchError,
    IndexMissingError,
    client,
    empty_sections,
    load_chunks,
    open_collection,
    read_manifest,
)
from ingest.unit_store import load_unit_vectors, open_units
from ingest.units import Unit, units_of

# characters of a question the embedder sees: its cost grows with the tokens and the
# embedder is shared, so this bounds how long one question can make the others wait
# (~100 ms on 2 cores; every eval question is shorter)
MAX_EMBED_QUESTION = 160
log = logging.getLogger(__name__)
MIN_GROUP = 12  # a language needs this many lines before its cosines are centred


@dataclass
class Index:
    """Everything a query needs, loaded once: chunks, their lines and vectors, BM25."""

    settings: Settings
    chunks: list[Chunk]
    units: list[Unit]
    unit_chunk: np.ndarray  # chunk position of every unit
    matrix: np.ndarray  # (units, dim) line vectors, L2-normalised
    unit_ja: np.ndarray  # True where the line is Japanese
    bm25: BM25Index
    bridge: Bridge
    embedder: Embedder
    collection: object = None
    version: int = 0
    calibration: dict[str, Any] = field(default_factory=dict)
    empty: list[dict[str, str]] = field(default_factory=list)
    chunk_units: list[list[int]] = field(default_factory=list)
    chunk_pos: dict[str, int] = field(default_factory=dict)
    topics: set[str] = field(default_factory=set)  # words of headings and label lines
    aux_matrix: np.ndarray | None = None  # the second embedder's line vectors (ingest/aux.py)
    aux_embedder: Embedder | None = None

    @cached_property
    def unit_source(self) -> np.ndarray:
        """Every line's file, as a small integer (computed once per loaded index)."""
        ids: dict[str, int] = {}
        return np.array([ids.setdefault(u.chunk.source, len(ids)) for u in self.units])

    def home_mask(self, units: list[int]) -> np.ndarray:
        """The lines of the files these lines come from."""
        source = self.unit_source
        return np.isin(source, np.unique(source[units])) if len(units) else \
            np.zeros(len(source), dtype=bool)

    @cached_property
    def mentioned(self) -> tuple[set[str], str]:
        """The services the notes mention and their whole text, lower-cased (for questions
        naming what the notes never mention; computed once per loaded index)."""
        text = normalize("\n".join(c.text for c in self.chunks))
        return set(services_in(text)), text.lower()

    @property
    def name(self) -> str:
        """The collection (generation) it was loaded from; "" for an in-memory index."""
        return str(getattr(self.collection, "name", "") or "")

    @classmethod
    def load(cls, settings: Settings, attempts: int = 3) -> Index:
        """The committed index from the store (Chroma), with its line vectors.

        Read through a fresh client (another process may have committed since), and
        retried when a rebuild swaps generations under the read."""
        for attempt in range(attempts):
            try:
                return cls._load(settings)
            except (IndexMissingError, EmbedderMismatchError):
                raise
            except Exception:
                if attempt == attempts - 1:
                    raise
                time.sleep(0.2 * (attempt + 1))
        raise AssertionError("unreachable")

    @classmethod
    def _load(cls, settings: Settings) -> Index:
        cl = client(settings, fresh=True)
        col = open_collection(settings, cl=cl)
        manifest = read_manifest(col)
        chunks = load_chunks(settings, col)
        units = [u for c in chunks for u in units_of(c)]
        keys = sorted({u.key for u in units})
        vectors = load_unit_vectors(open_units(settings, name=col.name, cl=cl), keys) \
            if units else {}
        aux = None
        if units and aux_wanted(settings) and aux_current(settings, col.name, cl):
            aux = load_unit_vectors(open_units(settings, name=aux_name(col.name), cl=cl), keys)
        return cls.build(settings, chunks, make_embedder(settings.embedder), vectors,
                         calibration=manifest.calibration, empty=empty_sections(settings, col),
                         collection=col, version=manifest.version,
                         aux_embedder=make_embedder(settings.aux_embedder) if aux else None,
                         aux_vectors=aux)

    @classmethod
    def build(cls, settings: Settings, chunks: list[Chunk], embedder: Embedder,
              vectors: dict[str, np.ndarray] | None = None,
              aux_embedder: Embedder | None = None,
              aux_vectors: dict[str, np.ndarray] | None = None, **extra: Any) -> Index:
        """An index over ``chunks``; line vectors come from ``vectors`` (by unit key) or are
        embedded here (small notes: tests, throwaway experiments); the same for the
        optional second embedder."""
        units = [u for c in chunks for u in units_of(c)]
        matrix = _matrix(units, embedder, vectors)
        aux_matrix = _matrix(units, aux_embedder, aux_vectors) if aux_embedder else None
        pos = {c.id: i for i, c in enumerate(chunks)}
        unit_chunk = np.array([pos[u.chunk.id] for u in units], dtype=np.int32)
        chunk_units: list[list[int]] = [[] for _ in chunks]
        for i, p in enumerate(unit_chunk):
            chunk_units[p].append(i)
        return cls(settings=settings, chunks=chunks, units=units, unit_chunk=unit_chunk,
                   matrix=matrix, unit_ja=np.array([u.chunk.lang == "ja" for u in units]),
                   bm25=BM25Index([c.text for c in chunks]),
                   bridge=Bridge.build(u.text for u in units), embedder=embedder,
                   chunk_units=chunk_units, chunk_pos=pos, topics=topic_words(chunks, units),
                   aux_matrix=aux_matrix, aux_embedder=aux_embedder,
                   collection=extra.pop("collection", None), **extra)


def _matrix(units: list[Unit], embedder: Embedder,
            vectors: dict[str, np.ndarray] | None) -> np.ndarray:
    """(units, dim) line vectors from ``vectors`` by unit key, embedded here when None."""
    if vectors is None:
        texts = sorted({u.key: u.embed_text for u in units}.items())
        embedded = embedder.embed_documents([t for _, t in texts]) if texts else []
        vectors = {k: np.asarray(v, dtype=np.float32)
                   for (k, _), v in zip(texts, embedded, strict=True)}
    dim = len(next(iter(vectors.values()))) if vectors else 1
    zero = np.zeros(dim, dtype=np.float32)
    return np.stack([vectors.get(u.key, zero) for u in units]) if units else \
        np.zeros((0, dim), dtype=np.float32)


def topic_words(chunks: list[Chunk], units: list[Unit]) -> set[str]:
    """Words that name a topic of the notes (section headings, label bullets), in both
    languages: ポーリング is also "poll"."""
    names = {c.heading.split(" > ")[-1] for c in chunks}
    names |= {u.text for u in units if u.children and len(u.text) <= 24}
    words = {t for n in names for t in tokenize(n)}
    words |= {g for n in names for surface, _ in ja_terms(n) for g in glosses(surface)}
    return words


@dataclass
class Query:
    """A question as retrieval sees it, computed once and shared by every later step."""

    text: str
    lang: str
    tokens: list[str]
    bridged: list[str]  # the question's words as the notes write them in the other language
    cos: np.ndarray  # cosine to every line
    centred: np.ndarray  # cosine with each language's median taken out
    truncated: bool = False
    aux_centred: np.ndarray | None = None  # the same from the second embedder, if any


def make_query(index: Index, question: str, lang: str) -> Query:
    text = question[:MAX_EMBED_QUESTION]
    settings = index.settings
    cos = _cosines(index.embedder, index.matrix, text)
    bridged = index.bridge.expand(question, lang, question_words()) if settings.bridge else []
    centred = centre(cos, index.unit_ja) if settings.centre_languages else cos
    aux = None
    if index.aux_matrix is not None and index.aux_embedder is not None:
        try:
            aux = _cosines(index.aux_embedder, index.aux_matrix, text)
        except Exception as exc:  # an optional second opinion never fails a question
            log.warning("second embedder failed (%s): lines ranked by the main one only", exc)
            index.aux_matrix = None
        else:
            aux = centre(aux, index.unit_ja) if settings.centre_languages else aux
    return Query(question, lang, tokenize(question), bridged, cos, centred,
                 truncated=len(question) > MAX_EMBED_QUESTION, aux_centred=aux)


def _cosines(embedder: Embedder, matrix: np.ndarray, text: str) -> np.ndarray:
    """Cosine of ``text`` (as a query) to every line vector of ``matrix``."""
    if not len(matrix):
        return np.zeros(0, dtype=np.float32)
    vec = embedder.embed_query(text)
    return matrix @ (vec / max(float(np.linalg.norm(vec)), 1e-12))


def centre(cos: np.ndarray, is_ja: np.ndarray) -> np.ndarray:
    """Take each language's median cosine out, then put the overall median back."""
    if not len(cos):
        return cos
    out = cos.copy()
    overall = float(np.median(cos))
    for mask in (is_ja, ~is_ja):
        if mask.sum() >= MIN_GROUP and (~mask).sum() >= MIN_GROUP:
            out[mask] = cos[mask] - float(np.median(cos[mask])) + overall
    return out


def rrf(rankings: list[list[tuple[int, float]]], k: int = 60) -> dict[int, float]:
    """Reciprocal-rank fusion: each ranking adds 1/(k + rank) to the items it lists."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, (item, _) in enumerate(ranking):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank + 1)
    return fused


def search(index: Index, query: Query, k: int | None = None,
           timings: dict[str, float] | None = None) -> list[ScoredChunk]:
    """Top-k chunks by RRF over the dense (best line) and BM25 rankings."""
    k = k or index.settings.top_k
    if not index.chunks:
        return []
    depth = max(k * 3, 15)
    t0 = time.perf_counter()
    best = _chunk_best(index, query.centred)
    raw = _chunk_best(index, query.cos)
    dense = _ranking(best, depth)
    t1 = time.perf_counter()
    kw = index.bm25.search(query.tokens + query.bridged, depth)
    t2 = time.perf_counter()
    if timings is not None:
        timings["dense_ms"] = (t1 - t0) * 1000
        timings["bm25_ms"] = (t2 - t1) * 1000
    rankings = [dense, kw]
    if query.aux_centred is not None:  # the second embedder votes too
        rankings.append(_ranking(_chunk_best(index, query.aux_centred), depth))
    fused = rrf(rankings, index.settings.rrf_k)
    kw_score = dict(kw)
    order = sorted(fused, key=lambda p: (-fused[p], -float(best[p])))[:k]
    return [ScoredChunk(chunk=index.chunks[p], score=fused[p], dense=float(raw[p]),
                        bm25=kw_score.get(p)) for p in order]


def _chunk_best(index: Index, line_scores: np.ndarray) -> np.ndarray:
    """Each chunk's best line score (-1 for a chunk without lines)."""
    best = np.full(len(index.chunks), -1.0, dtype=np.float32)
    np.maximum.at(best, index.unit_chunk, line_scores)
    return best


def _ranking(best: np.ndarray, depth: int) -> list[tuple[int, float]]:
    """The top ``depth`` chunks by their best line, for RRF."""
    return [(int(p), float(best[p])) for p in np.argsort(-best)[:depth] if best[p] > -1.0]


class HybridRetriever(BaseRetriever):
    """LangChain face of ``search``: Documents carry the chunk metadata and scores."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    index: Any  # an Index; typed loosely so pydantic does not inspect it
    k: int = 5
    lang: str = "ja"

    def _get_relevant_documents(self, query: str, *,
                                run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        q = make_query(self.index, query, self.lang)
        return [Document(page_content=s.chunk.text, id=s.chunk.id,
                         metadata={**s.chunk.model_dump(exclude={"text"}), "score": s.score,
                                   "dense": s.dense, "bm25": s.bm25})
                for s in search(self.index, q, self.k)]
