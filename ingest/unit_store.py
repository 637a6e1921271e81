"""Line vectors: a content-addressed cache (id = hash of the embedded text) beside each
generation's chunks, so re-ingesting an edited file only embeds the lines that changed."""

from __future__ import annotations

from typing import Any

from core.settings import Settings
from ingest.store import UNITS_SUFFIX, IndexMissingError, client, live_name, where


def units_name(settings: Settings, name: str | None = None) -> str:
    return f"{name or live_name(settings)}{UNITS_SUFFIX}"


def open_units(settings: Settings, create: bool = False, name: str | None = None,
               cl=None):  # noqa: ANN001, ANN201
    """The line-vector collection (id = hash of the embedded text) of generation ``name``."""
    cl = cl or client(settings)
    units = f"{name or live_name(settings, cl)}{UNITS_SUFFIX}"
    if create:
        return cl.get_or_create_collection(units, embedding_function=None,
                                           configuration={"hnsw": {"space": "cosine"}})
    try:
        return cl.get_collection(units, embedding_function=None)
    except Exception as exc:  # chromadb raises NotFoundError / ValueError by version
        raise IndexMissingError(
            f"No line vectors at {where(settings)}. Rebuild the index: tutor ingest --rebuild"
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
