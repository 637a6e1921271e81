"""One app server per session (a subprocess on a free loopback port over a copy of the
session index), plus a headless Debian Chromium for the browser tests.

The machine has 2 cores: the server and the browser start once and are shared.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.settings import REPO_ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO_ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"app exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"app did not answer on {url} in {timeout:.0f} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def app_url(index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`python app.py` with TUTOR_* pointing at a private copy of the index and corpus."""
    root = tmp_path_factory.mktemp("e2e-app")
    shutil.copytree(index_dir, root / "data")
    shutil.copytree(REPO_ROOT / "corpus", root / "corpus",
                    ignore=shutil.ignore_patterns("uploads"))
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUTOR_")}
    env.update(TUTOR_DATA_DIR=str(root / "data"), TUTOR_CORPUS_DIR=str(root / "corpus"),
               TUTOR_HOST="127.0.0.1", TUTOR_PORT=str(port), OMP_WAIT_POLICY="PASSIVE",
               GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1",
               GRADIO_TEMP_DIR=str(root / "gradio-tmp"))
    log = root / "app.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, str(REPO_ROOT / "app.py")], cwd=root,
                                env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (make chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def artifacts() -> Path:
    """Where screenshots go (gitignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def open_page(browser, app_url: str) -> Iterator[object]:  # noqa: ANN001
    """Open the app in a fresh browser context (own Gradio session, own localStorage)."""
    contexts = []

    def opener(width: int = 1280, locale: str = "ja-JP", height: int = 1000) -> object:
        context = browser.new_context(viewport={"width": width, "height": height},
                                      locale=locale)
        contexts.append(context)
        pg = context.new_page()
        pg.set_default_timeout(60_000)
        pg.goto(app_url)
        pg.wait_for_selector("#question textarea")
        expected = "送信" if locale.startswith("ja") else "Send"
        pg.locator("#send").get_by_text(expected, exact=True).wait_for()  # relabelled
        return pg

    yield opener
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page) -> object:  # noqa: ANN001
    """The app at desktop width in a Japanese browser."""
    return open_page()
