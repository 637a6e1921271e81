"""Fit the line selector and the refusal classifier on tuning sets: ``python -m tutor.tuning``.

For every answerable case of the given eval sets, the candidate lines of the retrieved
chunks are described by ``select.features`` and labelled by the case's own answer
patterns (a line is right when it alone matches every ``must_include`` regex). Two models
learn from them:
- a pairwise logistic model (right line above wrong line of the same question) gives the
  linear weights, ``tutor/data/selector.json``: how well a line matches, which sets the
  margins and feeds the refusal signals;
- a LambdaRank ranker (``tutor/rank.py``) learns which line leads, ``tutor/data/ranker.json``.
Each set's line top-1 is printed fitted on all sets and fitted without the sets over its
notes (the figure to trust: a ranker remembers the lines it was fitted on).
The refusal classifier is fitted on the same sets (its signals read the linear scores, not
the ranker's order); its cut-off keeps false refusals within ``--max-false`` on *each* set.
``--write-ranker`` saves the ranker alone. Only tuning sets go in: the README names the
held-out set this never sees.

    python -m tutor.tuning --max-false 0.04 --set evals/datasets/dva.jsonl:corpus \\
        --set evals/datasets/gen.jsonl:evals/corpora/gen/notes \\
        --set evals/datasets/final.jsonl:evals/corpora/final/notes \\
        --set evals/datasets/final2.jsonl:evals/corpora/final2/notes \\
        --set evals/datasets/shipped-final.jsonl:corpus \\
        --set evals/datasets/shipped-final2.jsonl:corpus \\
        --set evals/datasets/final3.jsonl:evals/corpora/final3/notes \\
        --set evals/datasets/shipped-final3.jsonl:corpus \\
        --set evals/datasets/final4.jsonl:evals/corpora/final4/notes \\
        --set evals/datasets/shipped-final4.jsonl:corpus \\
        --set evals/datasets/final5.jsonl:evals/corpora/final5/notes \\
        --set evals/datasets/shipped-final5.jsonl:corpus \\
        --set evals/datasets/final6.jsonl:evals/corpora/final6/notes \\
        --set evals/datasets/shipped-final6.jsonl:corpus --write
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.settings import REPO_ROOT, Settings

WEIGHTS_FILE = REPO_ROOT / "tutor" / "data" / "selector.json"
REFUSAL_FILE = REPO_ROOT / "tutor" / "data" / "refusal.json"
RANKER_FILE = REPO_ROOT / "tutor" / "data" / "ranker.json"


@dataclass
class Group:
    """One question's candidates: features and right/wrong labels."""

    case_id: str
    x: np.ndarray
    y: np.ndarray  # 1.0 = this line alone answers
    texts: list[str] | None = None  # the candidate lines, for reading a failure
    question: str = ""


@dataclass
class Sample:
    """One question's refusal signals and whether the notes answer it."""

    case_id: str
    x: np.ndarray
    answerable: bool


def collect(dataset: Path, corpus: Path,
            tutors: dict[Path, object] | None = None) -> tuple[list[Group], list[Sample]]:
    """Build a throwaway index of ``corpus`` (once per corpus in ``tutors``); label every
    case's candidate lines, and record its refusal signals."""
    from core.text import detect_language
    from evals.dataset import load_dataset
    from ingest.pipeline import ingest
    from tutor.chain import Tutor
    from tutor.refusal import absent_names, signals
    from tutor.retrieve import make_query, search
    from tutor.select import linear_order, said, select

    tutors = {} if tutors is None else tutors
    if corpus.resolve() not in tutors:
        data = Path(tempfile.mkdtemp(prefix="tutor-tune-"))
        settings = Settings(data_dir=data, corpus_dir=corpus.resolve())
        ingest(settings)
        tutors[corpus.resolve()] = Tutor(settings)
    tutor = tutors[corpus.resolve()]
    groups, samples = [], []
    for case in load_dataset(dataset):
        lang = "ja" if detect_language(case.question) == "ja" else "en"
        query = make_query(tutor.index, case.question, lang)
        hits = search(tutor.index, query)
        sel = select(query, hits, tutor.index, tutor.scorer)
        if not sel.candidates:
            continue
        if not absent_names(case.question, tutor.index):  # decided before the classifier
            samples.append(Sample(case.id, signals(query, sel, tutor.scorer, tutor.uncovered,
                                                   tutor.index), case.answerable))
        if not case.answerable:
            continue
        pats = case.patterns()
        lines = linear_order(sel.candidates)  # the order the ranker reads them in
        ys = [float(all(r.search(said(p.unit)) for r in pats)) for p in lines]
        groups.append(Group(case.id, np.stack([p.features for p in lines]),
                            np.array(ys), [p.unit.text for p in lines], case.question))
    return groups, samples


def fit(groups: list[Group], l2: float = 0.05) -> np.ndarray:
    """Pairwise logistic regression: every right line should outscore every wrong one.

    Each question weighs the same, however many candidate pairs it has (L-BFGS, L2).
    """
    from scipy.optimize import minimize

    diffs, weight = [], []
    for g in groups:
        right, wrong = np.where(g.y > 0)[0], np.where(g.y == 0)[0]
        if len(right) and len(wrong):
            d = (g.x[right][:, None, :] - g.x[wrong][None, :, :]).reshape(-1, g.x.shape[1])
            diffs.append(d)
            weight.append(np.full(len(d), 1.0 / len(d)))
    d, sw = np.concatenate(diffs), np.concatenate(weight)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        margin = d @ w
        value = float((sw * np.logaddexp(0, -margin)).sum() + l2 * w @ w)
        grad = -(d * (sw / (1 + np.exp(margin)))[:, None]).sum(axis=0) + 2 * l2 * w
        return value, grad

    return minimize(loss, np.zeros(d.shape[1]), jac=True, method="L-BFGS-B").x


def fit_refusal(samples: list[Sample], max_false: float = 0.03, l2: float = 0.002,
                sets: list[list[Sample]] | None = None) -> tuple[np.ndarray, float]:
    """Logistic regression (classes weighed equally), then the lowest cut-off whose false
    refusals on answerable questions stay within ``max_false`` on *every* set: one set's
    notes must not pay for another's."""
    from scipy.optimize import minimize

    x = np.stack([s.x for s in samples])
    y = np.array([0.0 if s.answerable else 1.0 for s in samples])
    sw = np.where(y > 0, 0.5 / max(y.sum(), 1), 0.5 / max((1 - y).sum(), 1))

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ w
        p = 1 / (1 + np.exp(-z))
        value = float((sw * (np.logaddexp(0, z) - y * z)).sum() + l2 * w[:-1] @ w[:-1])
        grad = x.T @ (sw * (p - y))
        grad[:-1] += 2 * l2 * w[:-1]
        return value, grad

    w = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B").x
    cuts = [_cut(part, w, max_false) for part in (sets or [samples]) if part]
    return w, min(max(max(cuts, default=0.5), 0.05), 0.95)


def _cut(samples: list[Sample], w: np.ndarray, max_false: float) -> float:
    """The lowest cut-off that refuses at most ``max_false`` of these answerable questions."""
    p = np.sort([1 / (1 + np.exp(-(s.x @ w))) for s in samples if s.answerable])
    allowed = int(np.floor(max_false * len(p)))
    return float(p[-allowed - 1]) + 1e-6 if len(p) > allowed else 0.5


def refusal_report(samples: list[Sample], w: np.ndarray, cut: float) -> str:
    p = np.array([1 / (1 + np.exp(-(s.x @ w))) for s in samples])
    ans = np.array([s.answerable for s in samples])
    refused = p >= cut
    return (f"refusal {refused[~ans].mean():.3f} ({(~ans).sum()}), "
            f"false refusals {refused[ans].mean():.3f} ({ans.sum()})")


def top1(groups: list[Group], w: np.ndarray) -> float:
    """Share of questions whose best-scored line is a right one (first-line accuracy)."""
    ok = [g.y[int(np.argmax(g.x @ w))] > 0 for g in groups if g.y.any()]
    return sum(ok) / max(len(ok), 1)


def top1_ranked(groups: list[Group], booster: object) -> float:
    """The same for a ranker (``tutor/rank.py`` Forest): its best line is a right one."""
    from tutor.rank import relative

    ok = [g.y[int(np.argmax(booster.predict(relative(g.x))))] > 0 for g in groups if g.y.any()]
    return sum(ok) / max(len(ok), 1)


def main() -> None:
    from tutor import rank
    from tutor.refusal import SIGNALS
    from tutor.select import FEATURES, weights

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", required=True,
                        help="DATASET:CORPUS_DIR (a tuning set and the notes it asks about)")
    parser.add_argument("--write", action="store_true", help="save the fitted weights")
    parser.add_argument("--write-ranker", action="store_true",
                        help="save only the ranker (keep the linear weights and the refusal)")
    parser.add_argument("--max-false", type=float, default=0.03,
                        help="false refusals allowed on each tuning set's answerable questions")
    args = parser.parse_args()
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    specs = [(Path(d), Path(c)) for d, _, c in (spec.partition(":") for spec in args.set)]
    tutors: dict[Path, object] = {}
    sets, samples = {}, {}
    for dataset, corpus in specs:
        sets[str(dataset)], samples[str(dataset)] = collect(dataset, corpus, tutors)
    current, current_ranker = weights(), rank.model()
    w = fit([g for gs in sets.values() for g in gs])
    booster = rank.fit([(g.x, g.y) for gs in sets.values() for g in gs], FEATURES)
    # held out by notes, not by set: sets over the same notes share their lines, and a
    # ranker remembers lines it was fitted on
    corpus_of = {str(d): c.resolve() for d, c in specs}
    held_out: dict[Path, tuple[np.ndarray, object]] = {}
    for name, gs in sets.items():
        corpus = corpus_of[name]
        if corpus not in held_out:
            others = [g for n, o in sets.items() if corpus_of[n] != corpus for g in o]
            held_out[corpus] = (fit(others),
                                rank.fit([(g.x, g.y) for g in others], FEATURES))
        w_out, ranker_out = held_out[corpus]
        now = f", ranker now {top1_ranked(gs, current_ranker):.3f}" if current_ranker else ""
        print(f"{name} ({len(gs)} questions): line top-1 linear now {top1(gs, current):.3f}"
              f"{now}; fitted on all: linear {top1(gs, w):.3f}, ranker "
              f"{top1_ranked(gs, booster):.3f}; fitted without its notes: linear "
              f"{top1(gs, w_out):.3f}, ranker {top1_ranked(gs, ranker_out):.3f}")
    print(json.dumps(dict(zip(FEATURES, np.round(w, 3).tolist(), strict=True))))
    # the refusal reads the linear scores only (Selection.matched): no ranker in its signals
    rw, cut = fit_refusal([s for ss in samples.values() for s in ss], args.max_false,
                          sets=list(samples.values()))
    for name, ss in samples.items():
        other_samples = [s for n, o in samples.items() if n != name for s in o]
        held = fit_refusal(other_samples, args.max_false) if other_samples else None
        print(f"{name}: {refusal_report(ss, rw, cut)}" + (
            f"; fitted on the others only: {refusal_report(ss, *held)}" if held else ""))
    print(json.dumps(dict(zip(SIGNALS, np.round(rw, 3).tolist(), strict=True))), "cut", round(cut, 3))
    trained_on = ", ".join(sets)
    if args.write or args.write_ranker:
        _write(RANKER_FILE, booster.data,
               f"LambdaRank line ranker (tutor/rank.py), fitted with LightGBM by "
               f"python -m tutor.tuning on: {trained_on}", compact=True)
    if args.write:
        _write(WEIGHTS_FILE, {"weights": dict(zip(FEATURES, np.round(w, 4).tolist(), strict=True))},
               f"Weights of the line selector's linear model (tutor/select.py FEATURES), "
               f"fitted by python -m tutor.tuning on: {trained_on}")
        _write(REFUSAL_FILE, {"weights": dict(zip(SIGNALS, np.round(rw, 4).tolist(), strict=True)),
                              "threshold": round(cut, 4)},
               f"Refusal classifier (tutor/refusal.py SIGNALS), fitted by python -m tutor.tuning "
               f"on: {trained_on}")


def _write(path: Path, body: dict, about: str, compact: bool = False) -> None:
    """A fitted model as JSON with where it came from; ``compact`` for the ranker's
    thousands of numbers (one per line would be 60,000 lines)."""
    text = json.dumps({"_about": about, **body}, ensure_ascii=False,
                      **({"separators": (",", ":")} if compact else {"indent": 2}))
    path.write_text(text + "\n", "utf-8")


if __name__ == "__main__":
    main()
