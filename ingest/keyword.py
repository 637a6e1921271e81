"""Keyword side of the hybrid index: BM25 over the shared tokenizer's tokens.

The BM25 index is rebuilt from the stored chunks at load: for this corpus that takes
milliseconds (see benchmarks/), so persisting it would only add a way to go stale.
"""

from __future__ import annotations

from rank_bm25 import BM25Okapi

from core.tokenize import tokenize


class BM25Index:
    """BM25 over texts; ``search`` returns (position, score) best first."""

    def __init__(self, texts: list[str]) -> None:
        self._docs = [tokenize(t) for t in texts]
        self._bm25 = BM25Okapi(self._docs) if self._docs else None

    def search(self, query_tokens: list[str], k: int) -> list[tuple[int, float]]:
        if self._bm25 is None or not query_tokens:
            return []
        scores = self._bm25.get_scores(query_tokens)
        order = sorted(range(len(scores)), key=lambda i: -scores[i])[:k]
        return [(i, float(scores[i])) for i in order if scores[i] > 0]
