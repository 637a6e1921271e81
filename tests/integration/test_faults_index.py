"""Fault suite, index side (issue 14): concurrent writers, interrupted first ingest,
unreadable and special files, a rebuild under a running app.

Each test reproduces a failure observed before the fix. The 20-trial concurrent-writer
test runs in tests/unit (test_reliability.py, hash embedder); the many-trial versions with
real processes and `kill -9` are in ``benchmarks/fault_trials.py`` (`make faults`).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from core.settings import REPO_ROOT, Settings
from ingest.pipeline import ingest
from ingest.store import (
    IndexIncompleteError,
    IndexMissingError,
    open_collection,
    read_manifest,
)
from ingest.unit_store import open_units, unit_keys


def _note(path: Path, topic: str) -> Path:
    path.write_text(f"# {topic}\n\n## {topic} settings\n\n- {topic} default is 42 seconds\n"
                    f"- {topic} maximum is 7 days\n", encoding="utf-8")
    return path


def _cli(settings: Settings, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "TUTOR_DATA_DIR": str(settings.data_dir),
           "TUTOR_CORPUS_DIR": str(settings.corpus_dir), "OMP_WAIT_POLICY": "PASSIVE"}
    return subprocess.run([sys.executable, "-m", "tutor.cli", *args], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def test_second_process_waits_for_the_lock_and_says_so(indexed_settings: Settings,
                                                       tmp_path: Path) -> None:
    """A CLI ingest while another writer holds the lock waits, tells the user whom it waits
    for, and then indexes its file on top of the other's work."""
    from ingest.lock import IngestLock

    extra = _note(tmp_path / "extra.md", "Gamma")
    held = threading.Event()
    release = threading.Event()

    def holder() -> None:
        with IngestLock(indexed_settings):
            held.set()
            release.wait(30)

    t = threading.Thread(target=holder)
    t.start()
    held.wait(10)
    proc = subprocess.Popen(
        [sys.executable, "-m", "tutor.cli", "ingest", str(extra)], cwd=REPO_ROOT,
        env={**os.environ, "TUTOR_DATA_DIR": str(indexed_settings.data_dir),
             "TUTOR_CORPUS_DIR": str(indexed_settings.corpus_dir)},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    time.sleep(6)
    assert proc.poll() is None, "the second writer did not wait"
    release.set()
    out, _ = proc.communicate(timeout=120)
    t.join()
    assert proc.returncode == 0, out
    assert f"PID {os.getpid()}" in out and "waiting" in out
    assert "extra.md" in read_manifest(open_collection(indexed_settings)).files


def test_interrupted_first_ingest_is_not_an_index(settings: Settings) -> None:
    """Killed mid-embedding, a first ingest used to leave a 0-chunk index that `status`,
    `--if-missing`, the app and `ask` all accepted. Now it counts as missing, says how to
    fix it, and the next run resumes from the vectors already saved."""
    calls = 0

    def interrupt(done: int, total: int, what: str) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest(settings, progress=interrupt)
    with pytest.raises(IndexIncompleteError, match="tutor ingest"):
        open_collection(settings)
    status = _cli(settings, "status")
    assert status.returncode == 2 and "incomplete" in status.stderr
    ask = _cli(settings, "ask", "SQSの可視性タイムアウトは？")
    assert ask.returncode == 2 and "incomplete" in ask.stderr
    from tutor.chain import Tutor

    with pytest.raises(IndexMissingError):
        Tutor(settings)
    fixed = _cli(settings, "ingest", "--if-missing")
    assert fixed.returncode == 0 and "Index present" not in fixed.stdout, fixed.stdout
    manifest = read_manifest(open_collection(settings))
    assert manifest.complete and len(manifest.files) >= 1
    assert _cli(settings, "status").returncode == 0
    # the two batches saved before the interruption were not embedded again
    computed = int(re.search(r"(\d+) embeddings computed", fixed.stdout.replace("\n", " ")
                             ).group(1))
    assert computed <= len(unit_keys(open_units(settings))) - 2 * 32


def test_unreadable_file_is_reported_and_the_rest_indexed(settings: Settings,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """One file that raises PermissionError (root ignores chmod, so the read is made to
    fail) is named with its reason; every other file is indexed."""
    bad = settings.corpus_dir / "locked.md"
    _note(bad, "Locked")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.md":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    report = ingest(settings)
    assert [(s.source, "Permission denied" in s.reason) for s in report.skipped] == \
        [("locked.md", True)]
    assert report.indexed and report.total_chunks > 40
    open_collection(settings)  # complete and usable


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_passed_by_name_never_hangs(settings: Settings, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    good = _note(tmp_path / "good.md", "Delta")
    result = _cli(settings, "ingest", str(fifo), str(good), timeout=120)
    assert result.returncode == 0, result.stderr
    assert "pipe.md" in result.stdout and "not a regular file" in result.stdout
    assert "good.md" in read_manifest(open_collection(settings)).files
