"""Deadlines around a model's token stream, whatever the server does.

An HTTP read timeout does not bound an answer: a server that sends keep-alives (SSE
comments, empty deltas) resets it forever. So the stream is consumed on a worker
thread and the caller waits on a queue with two clocks: the first token, and the whole
answer. On expiry the caller raises ``AnswerTimeout`` at once (the LLM answerer then
shows the extractive answer); the worker is told to stop and drops the connection at its
next chunk, and being a daemon thread it never keeps the process alive.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
_END = object()


class AnswerTimeout(TimeoutError):
    """The model missed the first-token or the whole-answer deadline."""


def bounded(start: Callable[[], Iterable[T]], first_s: float, deadline: float,
            has_content: Callable[[T], bool] = bool) -> Iterator[T]:
    """Yield the items of ``start()``, raising AnswerTimeout when no item with content came
    within ``first_s`` seconds or when ``time.monotonic()`` passes ``deadline``."""
    items: queue.Queue = queue.Queue()
    stop = threading.Event()

    def produce() -> None:
        stream = None
        try:
            stream = start()
            for item in stream:
                if stop.is_set():
                    break
                items.put(item)
            items.put(_END)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller as is
            items.put(exc)
        finally:
            close = getattr(stream, "close", None)
            if stop.is_set() and callable(close):
                with contextlib.suppress(Exception):  # best effort: we are abandoning it
                    close()

    threading.Thread(target=produce, name="llm-stream", daemon=True).start()
    first_due = time.monotonic() + first_s
    got_content = False
    try:
        while True:
            due = deadline if got_content else min(deadline, first_due)
            wait = due - time.monotonic()
            if wait <= 0:
                raise AnswerTimeout(_why(got_content, first_s, deadline))
            try:
                item = items.get(timeout=wait)
            except queue.Empty:
                raise AnswerTimeout(_why(got_content, first_s, deadline)) from None
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            got_content = got_content or has_content(item)
            yield item
    finally:
        stop.set()


def _why(got_content: bool, first_s: float, deadline: float) -> str:
    if got_content:
        return "the answer did not finish before its deadline"
    return f"no answer within {first_s:.0f} s"
