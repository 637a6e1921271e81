"""TUTOR_CHROMA_URL: the same ingest and queries against a real Chroma server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.settings import Settings
from ingest.pipeline import ingest
from ingest.store import load_chunks
from tutor.chain import Tutor

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_url(tmp_path: Path) -> Iterator[str]:
    exe = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = _free_port()
    proc = subprocess.Popen([exe, "run", "--path", str(tmp_path / "server"), "--host",
                             "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma server did not start")
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


def test_ingest_and_answer_through_a_chroma_server(settings: Settings, chroma_url: str) -> None:
    remote = settings.model_copy(update={"chroma_url": chroma_url})
    report = ingest(remote)
    assert report.total_chunks > 40 and report.embeddings_computed >= report.total_chunks
    assert not settings.chroma_dir.exists()  # nothing written to the local folder
    assert ingest(remote).embeddings_computed == 0
    assert len(load_chunks(remote)) == report.total_chunks
    a = Tutor(remote).answer("SQSのメッセージ保持期間は最大何日？")
    assert "14日" in a.answer and "Amazon SQS" in a.citations[0].heading
