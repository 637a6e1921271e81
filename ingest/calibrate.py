"""Calibrate the refusal on the index itself, for whatever embedder built it.

Cosines mean different things for different embedders (e5 puts unrelated texts at 0.75,
USE at 0.1) and for different notes. So the index measures its own scale at ingest:
- off-topic: questions no study notes answer (``core/data/offtopic.json``, both
  languages) and how close they come to the notes' best line;
- on-topic: lines of the notes asked back as questions, and how close they come to
  their own vector.
The refusal places its cut-offs between the two. The result is stored with the index
and its embedder, and recomputed when either changes.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import numpy as np

from core.models import Chunk
from ingest.units import units_of

SAMPLE = 96  # lines asked back as on-topic questions
VERSION = 3  # bump when the calibration recipe changes


def offtopic_questions() -> dict[str, list[str]]:
    data = json.loads(resources.files("core.data").joinpath("offtopic.json").read_text("utf-8"))
    return {"ja": data["ja"], "en": data["en"]}


def calibration_stale(calibration: dict[str, Any], embedder: str) -> bool:
    return calibration.get("embedder") != embedder or calibration.get("version") != VERSION \
        or "onrel" not in calibration  # an empty or partial calibration is redone


def _stats(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    arr = np.asarray(values, dtype=np.float64)
    return {"mean": float(arr.mean()), "std": float(arr.std()), "p50": float(np.median(arr)),
            "p90": float(np.quantile(arr, 0.9)), "max": float(arr.max()), "n": len(values)}


def relative(cos: np.ndarray) -> np.ndarray:
    """Best cosine above the question's own median over all lines: a question in the
    other language than the notes sits lower on every line, not only the right one."""
    cos = np.atleast_2d(cos)
    return cos.max(axis=1) - np.median(cos, axis=1)


def calibrate(chunks: list[Chunk], vectors: dict[str, np.ndarray], embedder,  # noqa: ANN001
              embedder_name: str) -> dict[str, Any]:
    """Off-topic and on-topic best-line cosines per question language, for this index."""
    units = [u for c in chunks for u in units_of(c)]
    out: dict[str, Any] = {"embedder": embedder_name, "version": VERSION, "n_units": len(units)}
    if not units:
        return out
    matrix = np.stack([vectors[u.key] for u in units if u.key in vectors])
    off = offtopic_questions()
    step = max(1, len(units) // SAMPLE)
    sample = [u for u in units[::step] if len(u.text) >= 6 and u.key in vectors][:SAMPLE]
    for lang, questions in off.items():
        q = embedder.embed_queries(questions)
        cos = q @ matrix.T
        out[f"off_{lang}"] = _stats(cos.max(axis=1).tolist())
        out[f"offrel_{lang}"] = _stats(relative(cos).tolist())
    own = sample
    if own:
        q = embedder.embed_queries([u.text for u in own])
        self_cos = [float(q[i] @ vectors[u.key]) for i, u in enumerate(own)]
        medians = np.median(q @ matrix.T, axis=1)
        out["onrel"] = _stats([c - float(m) for c, m in zip(self_cos, medians, strict=True)])
        by_lang: dict[str, list[float]] = {"ja": [], "en": []}
        for u, c in zip(own, self_cos, strict=True):
            by_lang[u.chunk.lang].append(c)
        out["on"] = _stats(self_cos)
        for lang, values in by_lang.items():
            if values:
                out[f"on_{lang}"] = _stats(values)
    return out
