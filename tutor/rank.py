"""Rank: which candidate line leads, learned as a ranking (LightGBM LambdaRank).

The linear model of ``tutor/select.py`` says how well each line matches the question on
its own; its scores set the margins (which runners-up are shown) and feed the refusal
classifier. Which line *leads* is a decision among one question's candidates, and it
turns on how a line compares with the others: the best cosine among them, a word only
two of them share. A linear score cannot see that (a per-question shift cancels out of
every pairwise difference), so a gradient-boosted ranker reads each feature three ways:
its value, its gap to the question's best, and its rank among the candidates.

The model is fitted by ``python -m tutor.tuning`` on the tuning sets and stored as
LightGBM's text format in ``tutor/data/ranker.txt``. Without the file or the package the
linear order stands.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

MODEL_FILE = "ranker.txt"
PARAMS: dict[str, Any] = {  # small trees, big leaves: chosen leaving one corpus out
    "objective": "lambdarank", "learning_rate": 0.05, "num_leaves": 7,
    "min_data_in_leaf": 100, "lambda_l2": 1.0, "feature_fraction": 0.8,
    "bagging_fraction": 0.8, "bagging_freq": 1, "lambdarank_truncation_level": 10,
    "verbose": -1, "seed": 1, "deterministic": True, "force_row_wise": True,
    "num_threads": 1,
}
ROUNDS = 300


def relative(x: np.ndarray) -> np.ndarray:
    """Each feature as it is, as its gap to the best candidate's, and as its rank: how
    many candidates have more of it (0 = best; ties share a rank, so the order the
    candidates come in does not matter)."""
    rel = x - x.max(axis=0, keepdims=True)
    rank = (x[None, :, :] > x[:, None, :]).sum(axis=1)
    return np.hstack([x, rel, rank.astype(float)])


def names(features: tuple[str, ...]) -> list[str]:
    return [*features, *(f"gap_{f}" for f in features), *(f"rank_{f}" for f in features)]


@lru_cache(maxsize=1)
def model() -> Any | None:  # noqa: ANN401 - a lightgbm.Booster, or None
    """The fitted ranker, or None (no model file, or LightGBM not installed)."""
    path = resources.files("tutor.data").joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    try:
        import lightgbm
    except ImportError:
        return None
    text = "".join(line for line in path.read_text("utf-8").splitlines(keepends=True)
                   if not line.startswith("# "))  # the provenance line tuning writes
    return lightgbm.Booster(model_str=text)


def scores(x: np.ndarray) -> np.ndarray | None:
    """The ranker's score of each candidate (rows of select's feature matrix), or None."""
    booster = model()
    if booster is None or not len(x):
        return None
    return np.asarray(booster.predict(relative(x), num_threads=1), dtype=float)


def fit(groups: list[tuple[np.ndarray, np.ndarray]], features: tuple[str, ...]) -> Any:  # noqa: ANN401
    """A LambdaRank booster on (features, right/wrong labels) per question. Questions
    whose candidates are all right or all wrong teach no order and are left out."""
    import lightgbm

    xs, ys, sizes = [], [], []
    for x, y in groups:
        if y.any() and not y.all():
            xs.append(relative(x))
            ys.append(y)
            sizes.append(len(y))
    data = lightgbm.Dataset(np.vstack(xs), np.concatenate(ys), group=sizes,
                            feature_name=names(features))
    return lightgbm.train(PARAMS, data, num_boost_round=ROUNDS)
