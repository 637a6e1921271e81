"""Leitner schedule: wrong -> box 1 due now; right -> next box after 1/3/7/14 days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.models import Chunk
from tutor.quiz.items import QuizItem, citation_for
from tutor.quiz.review import ReviewStore

T0 = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
CHUNK = Chunk(id="c", source="s.md", heading="h", text="h\n- x")


def make(stem: str, answer: int = 0) -> QuizItem:
    return QuizItem(id=stem, type="mcq", lang="ja", stem=stem, options=list("abcd"),
                    answer=[answer], explanation="[1]", citations=[citation_for(CHUNK)],
                    service="SQS", domain=1, difficulty="medium")


def test_schedule(settings):
    store = ReviewStore(settings.review_db)
    assert settings.review_db.exists()
    q = make("q1")
    assert store.record(q, correct=True, now=T0) is None  # never missed: not tracked
    assert store.due(now=T0) == []
    assert store.record(q, correct=False, now=T0) == 1
    assert [i.stem for i in store.due(now=T0)] == ["q1"]
    expected = {2: 1, 3: 3, 4: 7, 5: 14}
    now = T0
    for box, days in expected.items():
        assert store.record(q, correct=True, now=now) == box
        assert store.box_of(q) == (box, now + timedelta(days=days))
        assert store.due(now=now + timedelta(days=days) - timedelta(seconds=1)) == []
        now += timedelta(days=days)
        assert [i.stem for i in store.due(now=now)] == ["q1"]
    assert store.record(q, correct=True, now=now) == 5  # stays in the last box
    assert store.record(q, correct=False, now=now) == 1  # a miss starts over


def test_same_question_with_shuffled_options_is_one_entry(settings):
    store = ReviewStore(settings.review_db)
    a = make("q2", answer=0)
    b = a.model_copy(update={"options": ["d", "c", "b", "a"], "answer": [3]})
    store.record(a, correct=False, now=T0)
    assert store.record(b, correct=True, now=T0) == 2


def test_due_orders_least_known_first(settings):
    store = ReviewStore(settings.review_db)
    for s in ("x", "y"):
        store.record(make(s), correct=False, now=T0)
    store.record(make("x"), correct=True, now=T0 - timedelta(days=2))
    assert [i.stem for i in store.due(now=T0 + timedelta(days=30))] == ["y", "x"]
    assert len(store.due(now=T0 + timedelta(days=30), limit=1)) == 1
