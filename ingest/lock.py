"""One writer at a time per data dir: an inter-process lock around every ingest.

Two `tutor ingest` runs (or the app's Notes tab and a CLI run) on one data dir would
each read the manifest, index their files and commit their own copy: the second commit
silently drops the first run's work. The lock is ``flock`` on ``<data_dir>/ingest.lock``:
the kernel releases it when its holder exits, however it exits (``kill -9`` included),
so a stale lock never needs a manual clean-up. The holder writes its PID and start time
into the file so a waiting writer can say whom it waits for, and readers can tell an
ingest is running without ever taking the lock (readers never block).
"""

from __future__ import annotations

import fcntl
import os
import socket
import time
from collections.abc import Callable
from pathlib import Path

from core.settings import Settings


class IndexBusyError(RuntimeError):
    """Another ingest held the data dir's lock for longer than we were willing to wait."""


def lock_path(settings: Settings) -> Path:
    return settings.data_dir / "ingest.lock"


def lock_owner(settings: Settings) -> dict[str, str] | None:
    """Who holds the lock now ({"pid", "host", "since"}), or None: read-only, never blocks.

    A PID left in the file by a killed holder is ignored when that process is gone.
    """
    try:
        text = lock_path(settings).read_text("utf-8").strip()
    except OSError:
        return None
    parts = text.split()
    if len(parts) < 3 or not parts[0].isdigit():
        return None
    owner = {"pid": parts[0], "host": parts[1], "since": parts[2]}
    if owner["host"] == socket.gethostname() and not _alive(int(owner["pid"])):
        return None  # stale: the kernel already released its lock
    return owner


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class IngestLock:
    """``with IngestLock(settings, on_wait=print):`` waits (saying so) for another writer."""

    def __init__(self, settings: Settings, timeout_s: float | None = None,
                 on_wait: Callable[[str], None] | None = None, poll_s: float = 0.1) -> None:
        self.settings = settings
        self.timeout_s = settings.ingest_lock_timeout_s if timeout_s is None else timeout_s
        self.on_wait = on_wait
        self.poll_s = poll_s
        self._fd: int | None = None

    def __enter__(self) -> IngestLock:
        path = lock_path(self.settings)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout_s
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told and self.on_wait:
                    owner = lock_owner(self.settings) or {}
                    who = f"PID {owner['pid']}" if owner else "another process"
                    self.on_wait(f"Another ingest ({who}) is updating the index at "
                                 f"{self.settings.data_dir}; waiting for it to finish "
                                 f"(up to {self.timeout_s:.0f} s)…")
                    told = True
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise IndexBusyError(
                        f"Another ingest is still updating the index at {self.settings.data_dir} "
                        f"after {self.timeout_s:.0f} s; try again when it has finished "
                        "(TUTOR_INGEST_LOCK_TIMEOUT_S sets the wait).") from None
                time.sleep(self.poll_s)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {socket.gethostname()} {int(time.time())}\n".encode(), 0)
        self._fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)  # nobody holds it any more
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            os.close(self._fd)
            self._fd = None
