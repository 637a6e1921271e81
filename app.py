"""Start the web UI: `python app.py` (or `make run`).

Settings are built here, at the edge, from TUTOR_* env vars; on first start the index is
built from the corpus with progress printed, then the app serves on TUTOR_HOST:TUTOR_PORT
(127.0.0.1:7860 by default, so it is not exposed to the network unless asked).
"""

from __future__ import annotations

import os
import sys


def ensure_index(settings) -> None:  # noqa: ANN001 - Settings, imported lazily
    """Build the index if there is none yet; an existing index is left as it is."""
    from ingest.pipeline import ingest_and_report
    from ingest.store import EmbedderMismatchError, IndexMissingError, open_collection

    try:
        open_collection(settings)
        return
    except EmbedderMismatchError as exc:  # the UI shows it too; never rebuild silently
        print(f"Warning: {exc}", flush=True)
        return
    except IndexMissingError as exc:  # none yet, or a first ingest that never finished
        print(f"{exc}\nBuilding it from {settings.corpus_dir} ...", flush=True)

    def progress(done: int, total: int, what: str) -> None:
        if done == total or done % 10 == 0:
            print(f"  embedded {done}/{total}  {what[:60]}", flush=True)

    ingest_and_report(settings, progress=progress, say=lambda line: print(line, flush=True))


def main() -> None:
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from core.settings import Settings
    from tutor.web.blocks import launch

    settings = Settings()
    from tutor.answerers import BackendError, validate_backend

    try:  # a misspelt TUTOR_LLM is a usage error, not a silent fallback at the first chat
        validate_backend(settings.llm)
    except BackendError as exc:
        print(f"error: {exc} (TUTOR_LLM)", file=sys.stderr)
        return 2
    ensure_index(settings)
    print(f"Serving on http://{settings.host}:{settings.port}", flush=True)
    launch(settings)


if __name__ == "__main__":
    sys.exit(main())
