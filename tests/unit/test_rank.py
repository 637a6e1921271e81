"""The learned line ranker: features read relative to the other candidates, a LambdaRank
fit that learns what a linear score cannot (the best of *this* question's lines), and the
selector's fallback to the linear order."""

from __future__ import annotations

import numpy as np
import pytest
from notes_kit import tutor as make_tutor

from core.catalog import services_in
from core.settings import Settings
from tutor import rank
from tutor.asks import answer_shape
from tutor.retrieve import make_query, search
from tutor.select import FEATURES, linear_order, select


def test_each_feature_is_read_as_value_gap_and_rank() -> None:
    x = np.array([[0.2, 5.0], [0.9, 5.0], [0.5, 1.0]])
    r = rank.relative(x)
    assert r.shape == (3, 6)
    assert np.allclose(r[:, :2], x)
    assert np.allclose(r[:, 2], [-0.7, 0.0, -0.4])  # gap to the best candidate
    assert list(r[:, 4]) == [2, 0, 1]  # rank among the candidates, 0 = highest
    assert list(r[:, 5]) == [0, 0, 2]  # ties share a rank
    assert np.array_equal(rank.relative(x[::-1]), r[::-1])  # the candidates' order is moot


def _groups(seed: int, n: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Questions whose right line has the *highest* first feature among its candidates,
    while that feature's level shifts from question to question: a value threshold
    cannot tell the right line, its rank can."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        x = rng.normal(size=(12, 3))
        x[:, 0] += rng.normal(scale=5.0)
        y = np.zeros(12)
        y[int(np.argmax(x[:, 0]))] = 1.0
        out.append((x, y))
    return out


def test_the_ranker_learns_the_best_of_each_question() -> None:
    pytest.importorskip("lightgbm")
    forest = rank.fit(_groups(0, 300), ("a", "b", "c"))
    test = _groups(1, 100)
    hits = [y[int(np.argmax(forest.predict(rank.relative(x))))] for x, y in test]
    assert np.mean(hits) > 0.9
    assert forest.names[:4] == ["a", "b", "c", "gap_a"]


def test_the_exported_trees_score_as_lightgbm_does() -> None:
    lightgbm = pytest.importorskip("lightgbm")
    groups = _groups(2, 200)
    data = lightgbm.Dataset(np.vstack([rank.relative(x) for x, _ in groups]),
                            np.concatenate([y for _, y in groups]), group=[12] * len(groups))
    booster = lightgbm.train({**rank.PARAMS, "num_leaves": 5}, data, num_boost_round=40)
    forest = rank.Forest(rank.export(booster))
    x = rank.relative(_groups(3, 1)[0][0])
    assert np.allclose(forest.predict(x), booster.predict(x))


@pytest.fixture(scope="module")
def tutors():  # noqa: ANN201
    return (make_tutor(Settings(llm="extractive")),
            make_tutor(Settings(llm="extractive", line_ranker=False)))


def test_without_the_ranker_lines_keep_the_linear_order(tutors) -> None:  # noqa: ANN001
    _, linear = tutors
    query = make_query(linear.index, "How are X-Ray annotations and metadata indexed?", "en")
    sel = select(query, search(linear.index, query), linear.index, linear.scorer)
    assert sel.candidates == linear_order(sel.candidates)
    assert sel.best_score == max(p.score for p in sel.candidates)


def test_the_ranker_orders_and_the_linear_score_sets_the_margin(tutors, monkeypatch) -> None:  # noqa: ANN001
    tutor, _ = tutors
    # a stand-in ranker that prefers the shortest line: the order must follow it
    monkeypatch.setattr(rank, "scores", lambda x: -x[:, FEATURES.index("long")])
    query = make_query(tutor.index, "How are trace annotations and metadata indexed?", "en")
    sel = select(query, search(tutor.index, query), tutor.index, tutor.scorer)
    # no rule reorders after the ranker: no "how many", no service named
    assert answer_shape(query.text) is None and not services_in(query.text)
    longs = [p.features[FEATURES.index("long")] for p in sel.candidates]
    assert len(longs) > 2 and longs == sorted(longs)
    # what the refusal reads stays the linear order, whichever line leads
    assert sel.matched == linear_order(sel.candidates)
    assert sel.best_score == max(p.score for p in sel.candidates)
    assert all(p.score >= sel.best_score - 3.5 for p in sel.picks[1:])
