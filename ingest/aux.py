"""A second embedder's line vectors, kept beside the main ones.

Why: two multilingual models go wrong on different lines. The line selector weighs
both cosines (weights fitted on the tuning sets), which finds the line that answers more
often than either model alone, most of all across languages. The vectors are
content-addressed like the main ones (an edit re-embeds only its lines) and live in a
collection of their own: turning the second embedder off, or changing it, never
touches the index. Without them the selector uses the main cosines in their place.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from core.models import Chunk
from core.settings import Settings
from ingest.embed import make_embedder
from ingest.store import AUX_SUFFIX
from ingest.unit_store import drop_unit_vectors, open_units, save_units, unit_keys
from ingest.units import copy_vectors, embed_missing, units_of

log = logging.getLogger(__name__)


def aux_name(name: str) -> str:
    return f"{name}{AUX_SUFFIX}"


def aux_wanted(settings: Settings) -> bool:
    """A second embedder is configured, and it is not the main one."""
    return bool(settings.aux_embedder) and settings.aux_embedder != settings.embedder


def aux_current(settings: Settings, name: str, cl) -> bool:  # noqa: ANN001
    """The aux vectors of generation ``name`` are complete, from the configured embedder."""
    try:
        meta = open_units(settings, name=aux_name(name), cl=cl).metadata or {}
    except Exception:  # not there yet
        return False
    return meta.get("embedder") == settings.aux_embedder and bool(meta.get("complete"))


def sync_aux(settings: Settings, name: str, chunks: list[Chunk], cl,  # noqa: ANN001
             progress: Callable[[int, int, str], None] | None = None,
             reuse: str | None = None) -> int:
    """Embed the lines the aux collection lacks and drop the ones no chunk uses; a
    rebuild first copies what generation ``reuse`` has from the same embedder.

    Returns how many lines were embedded; 0 (and a warning) when the second embedder
    cannot run here: answers then rank lines by the main embedder alone."""
    col = open_units(settings, create=True, name=aux_name(name), cl=cl)
    if (col.metadata or {}).get("embedder") not in (None, settings.aux_embedder):
        cl.delete_collection(col.name)  # another model's vectors: not comparable
        col = open_units(settings, create=True, name=aux_name(name), cl=cl)
    col.modify(metadata={"embedder": settings.aux_embedder, "complete": False})
    units = [u for c in chunks for u in units_of(c)]
    known = unit_keys(col)
    if reuse and reuse != name and aux_current(settings, reuse, cl):
        copy_vectors(open_units(settings, name=aux_name(reuse), cl=cl), col, units, known)
    try:
        embedder = make_embedder(settings.aux_embedder)
        done = embed_missing(units, known,
                             lambda texts: embedder.embed_documents(texts).tolist(),
                             lambda keys, texts, vecs: save_units(col, keys, texts, vecs),
                             progress=progress)
    except Exception as exc:  # an optional signal never fails an ingest
        log.warning("second embedder %s unavailable (%s): lines ranked by the main one only",
                    settings.aux_embedder, exc)
        return 0
    drop_unit_vectors(col, {u.key for u in units})
    col.modify(metadata={"embedder": settings.aux_embedder, "complete": True})
    return done
