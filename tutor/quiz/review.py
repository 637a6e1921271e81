"""Wrong-answer review: a SQLite store with a Leitner spaced-repetition schedule.

A wrong answer puts the item in box 1, due now; a right answer moves it up one box, due
again after 1, 3, 7 or 14 days (box 5 stays at 14). Items are stored whole (JSON), so a
review drill replays exactly the question that was missed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tutor.quiz.items import QuizItem

INTERVALS_DAYS = {1: 0, 2: 1, 3: 3, 4: 7, 5: 14}
MAX_BOX = 5
_SCHEMA = """
CREATE TABLE IF NOT EXISTS review (
    key TEXT PRIMARY KEY,
    item TEXT NOT NULL,
    box INTEGER NOT NULL,
    due TEXT NOT NULL,
    wrong INTEGER NOT NULL DEFAULT 0,
    right INTEGER NOT NULL DEFAULT 0,
    last TEXT NOT NULL
)"""


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


class ReviewStore:
    """The review database at ``settings.review_db`` (parent folder created on open)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        with self._db() as db:
            db.execute(_SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        """One connection per operation, committed and closed (no locks left behind)."""
        db = sqlite3.connect(self.path)
        try:
            with db:
                yield db
        finally:
            db.close()

    def record(self, item: QuizItem, correct: bool, now: datetime | None = None) -> int | None:
        """Update the schedule after an answer; returns the item's box (None if untracked).

        Right answers to items never missed are not stored: only mistakes need review.
        """
        now = _now(now)
        key = item.fingerprint()
        with self._db() as db:
            row = db.execute("SELECT box FROM review WHERE key = ?", (key,)).fetchone()
            if not correct:
                db.execute(
                    "INSERT INTO review(key, item, box, due, wrong, last) VALUES (?, ?, 1, ?, 1, ?)"
                    " ON CONFLICT(key) DO UPDATE SET box = 1, due = excluded.due,"
                    " wrong = wrong + 1, last = excluded.last, item = excluded.item",
                    (key, item.model_dump_json(), now.isoformat(), now.isoformat()))
                return 1
            if row is None:
                return None
            box = min(row[0] + 1, MAX_BOX)
            due = now + timedelta(days=INTERVALS_DAYS[box])
            db.execute("UPDATE review SET box = ?, due = ?, right = right + 1, last = ?"
                       " WHERE key = ?", (box, due.isoformat(), now.isoformat(), key))
            return box

    def due(self, now: datetime | None = None, limit: int | None = None) -> list[QuizItem]:
        """Items due for review, lowest box (least known) first."""
        sql = "SELECT item FROM review WHERE due <= ? ORDER BY box, due, key"
        args: tuple[object, ...] = (_now(now).isoformat(),)
        if limit is not None:
            sql += " LIMIT ?"
            args += (limit,)
        with self._db() as db:
            rows = db.execute(sql, args).fetchall()
        return [QuizItem.model_validate_json(r[0]) for r in rows]

    def box_of(self, item: QuizItem) -> tuple[int, datetime] | None:
        with self._db() as db:
            row = db.execute("SELECT box, due FROM review WHERE key = ?",
                             (item.fingerprint(),)).fetchone()
        return (row[0], datetime.fromisoformat(row[1])) if row else None
