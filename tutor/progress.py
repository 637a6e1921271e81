"""Study progress: every quiz answer (app and CLI) as one row, plus the review schedule.

``record_answer`` is the one call a quiz front end makes after grading: it feeds the
Leitner review store (wrong answers come back, right ones move up a box) and appends an
attempt, so the Progress tab can show accuracy by exam domain and service over time.
Attempts live in the review database's file, beside the schedule they explain.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.settings import Settings
from tutor.quiz.items import QuizItem
from tutor.quiz.review import ReviewStore

_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    item_key TEXT NOT NULL,
    service TEXT NOT NULL,
    domain INTEGER NOT NULL,
    lang TEXT NOT NULL,
    type TEXT NOT NULL,
    correct INTEGER NOT NULL,
    origin TEXT NOT NULL
)"""


@dataclass(frozen=True)
class Attempt:
    at: datetime
    service: str
    domain: int
    correct: bool


@contextmanager
def _db(path: Path) -> Iterator[sqlite3.Connection]:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    try:
        with db:
            db.execute(_SCHEMA)
            yield db
    finally:
        db.close()


def record_answer(settings: Settings, item: QuizItem | dict[str, Any], correct: bool,
                  origin: str = "app", now: datetime | None = None) -> int | None:
    """Store one graded answer; returns the item's Leitner box (None if not scheduled)."""
    if not isinstance(item, QuizItem):
        item = QuizItem.model_validate(item)
    now = now or datetime.now(UTC)
    box = ReviewStore(settings.review_db).record(item, correct, now=now)
    with _db(settings.review_db) as db:
        db.execute("INSERT INTO attempts(at, item_key, service, domain, lang, type, correct,"
                   " origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   (now.isoformat(), item.fingerprint(), item.service, item.domain, item.lang,
                    item.type, int(bool(correct)), origin))
    return box


def attempts(settings: Settings) -> list[Attempt]:
    """Every recorded answer, oldest first (an empty list before the first quiz)."""
    if not settings.review_db.exists():
        return []
    with _db(settings.review_db) as db:
        rows = db.execute("SELECT at, service, domain, correct FROM attempts ORDER BY at, id"
                          ).fetchall()
    return [Attempt(datetime.fromisoformat(a), s, int(d), bool(c)) for a, s, d, c in rows]


def due_items(settings: Settings, now: datetime | None = None,
              limit: int | None = None) -> list[QuizItem]:
    """The review items due now, on the same schedule as ``tutor quiz --review``."""
    if not settings.review_db.exists():
        return []
    return ReviewStore(settings.review_db).due(now=now, limit=limit)


@dataclass
class Tally:
    answers: int = 0
    correct: int = 0
    last: datetime | None = None

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answers if self.answers else None

    def add(self, a: Attempt) -> None:
        self.answers += 1
        self.correct += a.correct
        self.last = max(self.last or a.at, a.at)


def tally(rows: list[Attempt], key: Any) -> dict[Any, Tally]:
    """Answers and correct answers grouped by ``key(attempt)``."""
    out: dict[Any, Tally] = {}
    for a in rows:
        out.setdefault(key(a), Tally()).add(a)
    return out


def weakest(rows: list[Attempt], n: int = 5, min_answers: int = 1) -> list[tuple[str, Tally]]:
    """Services with the lowest accuracy (more answers first on ties); none that are perfect."""
    by_service = [(s, t) for s, t in tally(rows, lambda a: a.service).items()
                  if t.answers >= min_answers and t.correct < t.answers]
    by_service.sort(key=lambda st: (st[1].accuracy or 0.0, -st[1].answers, st[0]))
    return by_service[:n]
