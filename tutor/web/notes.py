"""Notes tab handlers: what is indexed, safe uploads + re-ingest, coverage of the exam.

Uploads are untrusted: the name is sanitised, the type and size checked, and the file
parsed before it enters the corpus, so a bad file is rejected with a reason and the
index keeps everything it had.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import threading
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from core.catalog import domains, service_domains
from core.settings import Settings
from ingest.coverage import ServiceCoverage, service_coverage
from ingest.load import SUPPORTED, LoadError, load_file
from ingest.lock import IndexBusyError
from ingest.pipeline import ingest_and_report
from ingest.store import (
    ConcurrentUpdateError,
    EmbedderMismatchError,
    IndexMissingError,
    empty_sections,
    load_chunks,
    open_collection,
    read_manifest,
)
from tutor.chain import reset_tutors
from tutor.web.i18n import t

log = logging.getLogger(__name__)
Progress = Callable[[int, int, str], None]  # (done, total, what), like ingest's
_INGEST_LOCK = threading.Lock()  # one ingest at a time per process
_UNSAFE = re.compile(r"[^\w.\- ]+")


def sanitize_filename(name: str) -> str:
    """A bare, harmless file name: no directories, no dot-files, no odd characters."""
    name = unicodedata.normalize("NFKC", name).replace("\\", "/").split("/")[-1]
    name = _UNSAFE.sub("_", name).strip(" ._")
    stem, suffix = os.path.splitext(name)
    stem = stem.strip(" ._")[:100] or "upload"
    return stem + suffix.lower()


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def check_upload(path: Path, name: str, settings: Settings, lang: str) -> str | None:
    """Why ``path`` may not be indexed, or None when it is fine."""
    if Path(name).suffix.lower() not in SUPPORTED:
        return t("up_type", lang, allowed=" ".join(sorted(SUPPORTED)))
    size = path.stat().st_size
    if size > settings.max_upload_bytes:
        return t("up_size", lang, size=_size(size), limit=_size(settings.max_upload_bytes))
    try:
        load_file(path, f"uploads/{name}")
    except (LoadError, OSError) as exc:
        return str(exc)
    except Exception as exc:  # a parser bug on a hostile file is still just a bad file
        return f"unreadable ({type(exc).__name__})"
    return None


def _chunk_counts(settings: Settings) -> dict[str, int]:
    try:
        return dict(read_manifest(open_collection(settings)).chunks)
    except IndexMissingError:
        return {}


def upload(files: Iterable[str | Path] | None, settings: Settings, lang: str = "auto",
           progress: Progress | None = None) -> str:
    """Validate, save under uploads_dir, ingest just those files; report per file."""
    paths = [Path(f) for f in files or []]
    if not paths:
        return t("up_none", lang)
    if not _INGEST_LOCK.acquire(blocking=False):
        return t("up_busy", lang)
    try:
        return _upload_locked(paths, settings, lang, progress)
    finally:
        _INGEST_LOCK.release()


def _upload_locked(paths: list[Path], settings: Settings, lang: str,
                   progress: Progress | None) -> str:
    lines: list[str] = []
    dest_dir = settings.uploads_dir
    dest_dir.mkdir(parents=True, exist_ok=True)
    saved: dict[str, tuple[Path, Path | None]] = {}  # source -> (file, backup of old one)
    for src in paths:
        name = sanitize_filename(src.name)
        reason = check_upload(src, name, settings, lang)
        if reason:
            lines.append("- " + t("up_rejected", lang, name=name, reason=reason))
            continue
        dest = dest_dir / name
        backup = None
        if dest.exists():
            backup = dest_dir / f".{name}.bak"
            shutil.copy2(dest, backup)
        tmp = dest_dir / f".{name}.part"  # dot-files are invisible to ingest
        shutil.copyfile(src, tmp)
        os.replace(tmp, dest)
        saved[f"uploads/{name}"] = (dest, backup)
    if not saved:
        return "\n".join(lines)
    try:
        before = _chunk_counts(settings)
        report = ingest_and_report(settings, [p for p, _ in saved.values()], progress=progress)
        after = _chunk_counts(settings)
    except Exception as exc:  # e.g. an index built by another embedder: undo the saves
        log.exception("upload ingest failed")
        for source, (dest, backup) in saved.items():
            _restore(dest, backup)
            lines.append("- " + t("up_rejected", lang, name=Path(source).name, reason=exc))
        return "\n".join(lines)
    skipped = {s.source: s.reason for s in report.skipped}
    for source, (dest, backup) in saved.items():
        name = Path(source).name
        if source in skipped:  # put back what was there, so nothing indexed is lost
            _restore(dest, backup)
            lines.append("- " + t("up_rejected", lang, name=name, reason=skipped[source]))
            continue
        if backup:
            backup.unlink(missing_ok=True)
        key = "up_saved" if source in report.indexed else "up_unchanged"
        lines.append("- " + t(key, lang, name=name, chunks=after.get(source, 0)))
    reset_tutors()
    total_before, total_after = sum(before.values()), sum(after.values())
    lines.append("\n" + t("up_total", lang, before=total_before, after=total_after))
    replaced = sum(before.get(s, 0) for s in saved)
    if total_after < total_before - replaced:
        lines.append("\n**" + t("up_lost", lang) + "**")
    return "\n".join(lines)


def _restore(dest: Path, backup: Path | None) -> None:
    """Put back the file an upload replaced (or remove the new one)."""
    if backup:
        os.replace(backup, dest)
    else:
        dest.unlink(missing_ok=True)


def reingest(settings: Settings, lang: str = "auto", progress: Progress | None = None) -> str:
    """Bring the index in line with the whole corpus folder (incremental)."""
    if not _INGEST_LOCK.acquire(blocking=False):
        return t("up_busy", lang)
    lines: list[str] = []
    try:
        ingest_and_report(settings, progress=progress, say=lines.append,
                          lang="ja" if lang == "ja" else "en")
    except (EmbedderMismatchError, IndexBusyError, ConcurrentUpdateError) as exc:
        return f"⚠️ {exc}"
    finally:
        _INGEST_LOCK.release()
    reset_tutors()
    return "\n".join(f"- {line}" for line in lines)


def index_status(settings: Settings) -> tuple[str, list[list[object]]]:
    """(summary line, rows of [source, chunks, empty headings]) for the indexed files."""
    try:
        manifest = read_manifest(open_collection(settings))
    except (IndexMissingError, EmbedderMismatchError) as exc:
        return f"⚠️ {exc}", []
    rows: list[list[object]] = [[s, n, len(manifest.empty.get(s, []))]
                                for s, n in sorted(manifest.chunks.items())]
    total = sum(manifest.chunks.values())
    summary = (f"**{len(rows)}** files · **{total}** chunks · embedder `{manifest.embedder}`"
               f" · updated {manifest.updated}")
    return summary, rows


def coverage(settings: Settings, lang: str = "auto") -> list[list[object]]:
    """Rows [domain, service, own-section chunks, mentions, status] for every exam service.

    A service "has content" only if a section about it has text: a passing mention in
    another section (SQS under Lambda) does not teach the service.
    """
    try:
        cov = service_coverage(load_chunks(settings), empty_sections(settings))
    except (IndexMissingError, EmbedderMismatchError):
        return []
    marks = {"content": "✅", "empty": "⚠️", "mentioned": "➖", "missing": "❌"}
    rows: list[list[object]] = []
    for domain, info in domains().items():
        for service in sorted(s for s, ds in service_domains().items() if domain in ds):
            c = cov.get(service, ServiceCoverage())
            rows.append([f"{domain}. {info.name(lang)}", service, c.own_chunks, c.mentions,
                         f"{marks[c.status]} {t('cov_' + c.status, lang)}"])
    return rows


COVERAGE_HEADERS = {"ja": ["分野", "サービス", "セクションのチャンク", "言及", "状態"],
                    "en": ["Domain", "Service", "Section chunks", "Mentions", "Status"]}
