"""Retrieve: dense (Chroma) and keyword (Sudachi BM25) rankings fused by reciprocal rank.

RRF needs no score calibration between the two sides, which is why it beats a weighted
sum when one side is cosine and the other is BM25. ``HybridRetriever`` exposes the
same search as a LangChain retriever, so it composes with any LangChain chain.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from core.models import Chunk, ScoredChunk
from core.settings import Settings
from core.tokenize import tokenize
from ingest.embed import Embedder, make_embedder
from ingest.keyword import BM25Index
from ingest.store import empty_sections, load_chunks, open_collection
from tutor.glossary import expand


@dataclass
class Index:
    """Everything a query needs, loaded once: chunks, BM25, the Chroma collection."""

    settings: Settings
    chunks: list[Chunk]
    bm25: BM25Index
    collection: object
    embedder: Embedder
    empty: list[dict[str, str]] = field(default_factory=list)
    by_id: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, settings: Settings) -> Index:
        col = open_collection(settings)
        chunks = load_chunks(settings, col)
        idx = cls(settings=settings, chunks=chunks, bm25=BM25Index([c.text for c in chunks]),
                  collection=col, embedder=make_embedder(settings.embedder),
                  empty=empty_sections(settings, col))
        idx.by_id = {c.id: i for i, c in enumerate(chunks)}
        return idx

    def dense(self, query: str, k: int) -> list[tuple[int, float]]:
        """(chunk position, cosine) best first; uncommitted chunks are skipped."""
        if not self.chunks:
            return []
        vec = self.embedder.embed_query(query).tolist()
        n = min(len(self.chunks) + 8, max(k * 3, 12))
        got = self.collection.query(query_embeddings=[vec], n_results=n,
                                    include=["distances"])
        out = []
        for cid, dist in zip(got["ids"][0], got["distances"][0], strict=True):
            if cid in self.by_id:
                out.append((self.by_id[cid], 1.0 - float(dist)))
        return out[:k]

    def keyword(self, query: str, k: int) -> list[tuple[int, float]]:
        return self.bm25.search(tokenize(query), k)


def keyword_query(question: str, lang: str) -> str:
    """English questions get the glossary's Japanese terms appended."""
    return f"{question} {expand(question)}" if lang != "ja" else question


def search(index: Index, question: str, lang: str, k: int | None = None,
           timings: dict[str, float] | None = None) -> list[ScoredChunk]:
    """Top-k chunks by RRF over the dense and BM25 rankings."""
    k = k or index.settings.top_k
    depth = max(k * 3, 15)
    t0 = time.perf_counter()
    dense = index.dense(question, depth)
    t1 = time.perf_counter()
    kw = index.keyword(keyword_query(question, lang), depth)
    t2 = time.perf_counter()
    if timings is not None:
        timings["embed_search_ms"] = (t1 - t0) * 1000
        timings["bm25_ms"] = (t2 - t1) * 1000
    rrf_k = index.settings.rrf_k
    fused: dict[int, float] = {}
    for ranking in (dense, kw):
        for rank, (pos, _) in enumerate(ranking):
            fused[pos] = fused.get(pos, 0.0) + 1.0 / (rrf_k + rank + 1)
    dense_score = dict(dense)
    kw_score = dict(kw)
    order = sorted(fused, key=lambda p: (-fused[p], -dense_score.get(p, 0.0)))[:k]
    return [ScoredChunk(chunk=index.chunks[p], score=fused[p], dense=dense_score.get(p),
                        bm25=kw_score.get(p)) for p in order]


class HybridRetriever(BaseRetriever):
    """LangChain face of ``search``: Documents carry the chunk metadata and scores."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    index: Any  # an Index; typed loosely so pydantic does not inspect it
    k: int = 5
    lang: str = "ja"

    def _get_relevant_documents(self, query: str, *,
                                run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [Document(page_content=s.chunk.text, id=s.chunk.id,
                         metadata={**s.chunk.model_dump(exclude={"text"}), "score": s.score,
                                   "dense": s.dense, "bm25": s.bm25})
                for s in search(self.index, query, self.lang, self.k)]
