"""Fault trials on a real HTTP socket: a server that never answers, one that answers with
an error, a wrong model name, a closed port. The learner always gets the extractive answer
with a notice saying what went wrong, within the configured deadline."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from core.settings import Settings
from tests.unit.notes_kit import tutor as make_tutor

QUESTION = "What is the API Gateway integration timeout?"


@pytest.fixture
def silent_server() -> Iterator[str]:
    """Accepts connections and reads the request, then never says a word."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    held: list[socket.socket] = []
    done = threading.Event()

    def serve() -> None:
        sock.settimeout(0.2)
        while not done.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            held.append(conn)  # kept open, never answered

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/v1"
    done.set()
    for conn in held:
        conn.close()
    sock.close()


def _error_server(status: int, message: str, provider: str) -> ThreadingHTTPServer:
    """Answers every POST with ``status``, in the provider's error format."""
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            error = message if provider == "ollama" else {
                "message": message, "type": "invalid_request_error", "code": status}
            body = json.dumps({"error": error}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _tutor(url: str, provider: str = "openai", **kw: float):  # noqa: ANN202
    if provider == "ollama":
        url = url.removesuffix("/v1")
    settings = Settings(llm=f"{provider}/qwen-test", llm_base_url=url, **kw)
    return make_tutor(settings)


PROVIDERS = ["openai", "ollama"]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_server_that_never_answers_costs_only_the_first_token_deadline(
        silent_server: str, provider: str) -> None:
    tutor = _tutor(silent_server, provider, llm_first_token_s=0.5, llm_deadline_s=1.0)
    assert tutor.answerer.chat_model is not None  # the one-time client import is not the fault
    t0 = time.monotonic()
    answer = tutor.answer(QUESTION)
    assert time.monotonic() - t0 < 3.0
    assert answer.backend == "extractive" and "29 seconds" in answer.answer and answer.citations
    assert "timed out" in answer.notices[0] and "no answer within" in answer.notices[0]


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(("status", "message", "says"), [
    (404, "model 'qwen-test' not found", "model 'qwen-test' was not found"),
    (500, "llama_decode failed", "answered with an error (HTTP 500"),
])
def test_an_error_answer_is_named_in_the_notice(status: int, message: str, says: str,
                                                provider: str) -> None:
    server = _error_server(status, message, provider)
    try:
        tutor = _tutor(f"http://127.0.0.1:{server.server_address[1]}/v1", provider)
        answer = tutor.answer(QUESTION)
    finally:
        server.shutdown()
    assert answer.backend == "extractive" and "29 seconds" in answer.answer
    assert says in answer.notices[0]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_closed_port_says_the_server_cannot_be_reached(provider: str) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again when the block ends
    answer = _tutor(f"http://127.0.0.1:{port}/v1", provider).answer(QUESTION)
    assert answer.backend == "extractive" and "cannot reach the server" in answer.notices[0]
