"""Rank: which candidate line leads, learned as a ranking (LightGBM LambdaRank).

The linear model of ``tutor/select.py`` says how well each line matches the question on
its own; its scores set the margins (which runners-up are shown) and feed the refusal
classifier. Which line *leads* is a decision among one question's candidates, and it
turns on how a line compares with the others: the best cosine among them, a word only
two of them share. A linear score cannot see that (a per-question shift cancels out of
every pairwise difference), so a gradient-boosted ranker reads each feature three ways:
its value, its gap to the question's best, and its rank among the candidates.

The model is fitted with LightGBM by ``python -m tutor.tuning`` on the tuning sets and
exported as plain arrays (``tutor/data/ranker.json``), which numpy walks for every tree at
once: answering does not import LightGBM (its import pulls pandas and scikit-learn in:
+120 MB and a second on a cold start). Without the file the linear order stands.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any, TypeVar

import numpy as np

MODEL_FILE = "ranker.json"
T = TypeVar("T")
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


class Forest:
    """A fitted ensemble as arrays: per tree, its split nodes (feature, threshold, left,
    right; a child < 0 is leaf ~child) and its leaf values. Splits are ``x <= threshold``
    goes left, as LightGBM's numerical splits (the features have no missing values)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data  # what tuning writes back
        self.feature = np.array(data["feature"], dtype=np.int64)
        self.threshold = np.array(data["threshold"], dtype=float)
        self.left = np.array(data["left"], dtype=np.int64)
        self.right = np.array(data["right"], dtype=np.int64)
        self.leaf = np.array(data["leaf"], dtype=float)
        self.root = np.array(data["root"], dtype=np.int64)  # 0, or ~0 for a one-leaf tree
        self.depth = int(data["depth"])
        self.names = list(data.get("names", []))

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Each row's summed leaf values: every tree walked for every row at once."""
        trees = np.arange(len(self.root))[:, None]
        rows = np.arange(len(x))[None, :]
        node = np.repeat(self.root[:, None], len(x), axis=1)
        for _ in range(self.depth):
            inner = node >= 0
            if not inner.any():
                break
            at = np.where(inner, node, 0)
            left = x[rows, self.feature[trees, at]] <= self.threshold[trees, at]
            step = np.where(left, self.left[trees, at], self.right[trees, at])
            node = np.where(inner, step, node)
        return self.leaf[trees, ~node].sum(axis=0)


def export(booster: Any) -> dict[str, Any]:  # noqa: ANN401 - a lightgbm.Booster
    """A LightGBM booster as the arrays ``Forest`` reads (trees padded to one shape)."""
    trees = []
    for info in booster.dump_model()["tree_info"]:
        nodes: list[dict] = []
        leaves: list[float] = []
        root = _flatten(info["tree_structure"], nodes, leaves)
        trees.append((root, nodes, leaves))
    width = max(1, *(len(n) for _, n, _ in trees))
    n_leaves = max(len(v) for _, _, v in trees)

    def pad(rows: list[list], size: int, fill: float) -> list[list]:
        return [r + [fill] * (size - len(r)) for r in rows]

    split = {"feature": ("f", 0), "threshold": ("t", 0.0), "left": ("l", -1), "right": ("r", -1)}
    return {
        "root": [r for r, _, _ in trees],
        **{field: pad([[n[key] for n in ns] for _, ns, _ in trees], width, fill)
           for field, (key, fill) in split.items()},
        "leaf": pad([v for _, _, v in trees], n_leaves, 0.0),
        "depth": max(_depth(r, ns) for r, ns, _ in trees),
        "names": booster.feature_name(),
    }


def _flatten(node: dict, nodes: list[dict], leaves: list[float]) -> int:
    """Number a dumped tree's split nodes and leaves; returns the node's index (~leaf)."""
    if "split_feature" not in node:
        leaves.append(float(node.get("leaf_value", 0.0)))
        return ~(len(leaves) - 1)
    if node["decision_type"] != "<=" or node.get("missing_type") not in (None, "None"):
        raise ValueError(f"unsupported split: {node['decision_type']} {node.get('missing_type')}")
    me = len(nodes)
    nodes.append({"f": node["split_feature"], "t": float(node["threshold"])})
    nodes[me]["l"] = _flatten(node["left_child"], nodes, leaves)
    nodes[me]["r"] = _flatten(node["right_child"], nodes, leaves)
    return me


def _depth(node: int, nodes: list[dict]) -> int:
    return 0 if node < 0 else 1 + max(_depth(nodes[node]["l"], nodes),
                                      _depth(nodes[node]["r"], nodes))


@lru_cache(maxsize=1)
def model() -> Forest | None:
    """The fitted ranker, or None (no model file)."""
    path = resources.files("tutor.data").joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    return Forest(json.loads(path.read_text("utf-8")))


def scores(x: np.ndarray) -> np.ndarray | None:
    """The ranker's score of each candidate (rows of select's feature matrix), or None."""
    forest = model()
    if forest is None or not len(x):
        return None
    return forest.predict(relative(x))


def order(picks: list[T]) -> list[T]:
    """Candidates (each with a ``features`` row, in the linear order) in the ranker's
    order; unchanged when there is no ranker."""
    s = scores(np.stack([p.features for p in picks])) if picks else None
    if s is None:
        return picks
    return [picks[i] for i in np.argsort(-s, kind="stable")]  # ties keep the linear order


def fit(groups: list[tuple[np.ndarray, np.ndarray]], features: tuple[str, ...]) -> Forest:
    """A LambdaRank ensemble (LightGBM, a tuning-only dependency) on (features, right/wrong
    labels) per question. Questions whose candidates are all right or all wrong teach no
    order and are left out."""
    import lightgbm

    xs, ys, sizes = [], [], []
    for x, y in groups:
        if y.any() and not y.all():
            xs.append(relative(x))
            ys.append(y)
            sizes.append(len(y))
    data = lightgbm.Dataset(np.vstack(xs), np.concatenate(ys), group=sizes,
                            feature_name=names(features))
    return Forest(export(lightgbm.train(PARAMS, data, num_boost_round=ROUNDS)))
