"""Test-wise tricks that answer an item without knowing anything, to measure item quality.

Each trick scores the options from their surface alone (length, words shared with the
stem, oddness, negation, number specificity, hedges) and picks the best; ties are broken
at random, so a trick that sees nothing scores chance. A good quiz keeps every trick near
chance: ``benchmarks/quiz_shortcuts.py`` reports them per item type and language.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from functools import lru_cache
from itertools import combinations

from core.text import fold
from tutor.quiz.items import QuizItem

_NEG = re.compile(r"ない|ず[、。]?$|ません|未サポート|不要|\bnot\b|n't\b|\bnever\b|\bno\b|"
                  r"\bcannot\b|\bwithout\b", re.I)
_HEDGE = re.compile(r"可能性|場合がある|ことがある|ことも|など|等|\bmay\b|\bmight\b|\bcan\b|"
                    r"\bsome\b|\busually\b|\boften\b|all of the above|both|いずれも|すべて正しい", re.I)
_ABSOLUTE = re.compile(r"必ず|常に|のみ|だけ|絶対|一切|\balways\b|\bnever\b|\bonly\b|\bevery\b|"
                       r"\bmust\b|\ball\b", re.I)
_NUM = re.compile(r"\d+(?:[.,]\d+)*")
CHANCE = {"mcq": 1 / 4, "multi": 1 / 10, "truefalse": 1 / 2}


def _grams(text: str) -> set[str]:
    t = fold(text)
    return {t[i:i + 2] for i in range(len(t) - 1)} or {t}


@lru_cache(maxsize=65536)
def _words(text: str) -> frozenset[str]:
    """Content words (Sudachi normal forms, stemmed English), as a reader sees words."""
    from core.tokenize import tokenize

    return frozenset(tokenize(text))


def _sim(a: str, b: str) -> float:
    ga, gb = _grams(a), _grams(b)
    return len(ga & gb) / (len(ga | gb) or 1)


def _specificity(text: str) -> float:
    """How precise an option's number looks: significant digits, -1 without a number."""
    nums = _NUM.findall(text)
    if not nums:
        return -1.0
    return max(len(n.replace(",", "").replace(".", "").rstrip("0")) for n in nums)


Scorer = Callable[[QuizItem, list[str]], list[float]]
CHOICE_TRICKS: dict[str, Scorer] = {
    "longest": lambda it, opts: [len(o) for o in opts],
    "shortest": lambda it, opts: [-len(o) for o in opts],
    "stem_overlap": lambda it, opts: [len(_words(o) & _words(it.stem)) for o in opts],
    "odd_one_out": lambda it, opts: [-sum(_sim(o, p) for p in opts if p is not o) for o in opts],
    "most_typical": lambda it, opts: [sum(_sim(o, p) for p in opts if p is not o) for o in opts],
    "non_negated": lambda it, opts: [0.0 if _NEG.search(o) else 1.0 for o in opts],
    "specific_number": lambda it, opts: [_specificity(o) for o in opts],
    "hedged": lambda it, opts: [1.0 if _HEDGE.search(o) else 0.0 for o in opts],
    "not_absolute": lambda it, opts: [0.0 if _ABSOLUTE.search(o) else 1.0 for o in opts],
}

TfRule = Callable[[str], bool]
TF_TRICKS: dict[str, TfRule] = {
    "always_true": lambda claim: True,
    "always_false": lambda claim: False,
    "negated_is_false": lambda claim: not _NEG.search(claim),
    "hedged_is_true": lambda claim: bool(_HEDGE.search(claim)),
    "absolute_is_false": lambda claim: not _ABSOLUTE.search(claim),
    "number_is_false": lambda claim: not _NUM.search(claim),
}


def _claim(item: QuizItem) -> str:
    from tutor.quiz.checks import _claim as claim

    return claim(item)


def choice_pick(item: QuizItem, trick: str, rng: random.Random) -> list[int]:
    """The options ``trick`` would mark (1 for mcq, 2 for multi), ties at random."""
    scores = CHOICE_TRICKS[trick](item, item.options)
    k = len(item.answer)
    if k == 1:
        best = max(scores)
        return [rng.choice([i for i, s in enumerate(scores) if s == best])]
    pairs = list(combinations(range(len(item.options)), k))
    totals = [sum(scores[i] for i in p) for p in pairs]
    best = max(totals)
    return sorted(rng.choice([p for p, t in zip(pairs, totals, strict=True) if t == best]))


def tells(stem: str, options: list[str], answer: list[int]) -> float:
    """How often the tricks would pick ``answer`` (summed over tricks, ties shared): the
    surface tells of an option set, which generators minimise when they can choose."""
    item = QuizItem(id="", type="mcq" if len(answer) == 1 else "multi", lang="ja", stem=stem,
                    options=options, answer=answer, explanation="", service="", domain=1,
                    difficulty="easy")
    count = 0.0
    for trick in CHOICE_TRICKS:
        scores = CHOICE_TRICKS[trick](item, options)
        sets = list(combinations(range(len(options)), len(answer)))
        totals = [sum(scores[i] for i in p) for p in sets]
        best = max(totals)
        winners = [p for p, t in zip(sets, totals, strict=True) if t == best]
        if tuple(sorted(answer)) in winners:
            count += 1 / len(winners)
    return count


def least_telling(stem: str, key: str, cands: list[str], k: int, rng: random.Random,
                  draws: int = 8) -> list[str]:
    """``k`` of ``cands`` as distractors for ``key``: of a few random draws, the one the
    shortcut tricks would least often mistake for giving the key away."""
    if len(cands) < k:
        return []
    best: tuple[float, list[str]] | None = None
    for _ in range(draws):
        sub = rng.sample(cands, k)
        score = tells(stem, [key, *sub], [0])
        if best is None or score < best[0]:
            best = (score, sub)
    return best[1] if best else []


def solves(item: QuizItem, trick: str, rng: random.Random) -> bool | None:
    """Whether the trick gets the item right; None when it does not apply to the type."""
    if item.type == "truefalse":
        if trick not in TF_TRICKS:
            return None
        says_true = TF_TRICKS[trick](_claim(item))
        return (item.answer == [0]) == says_true
    if item.type in ("mcq", "multi") and trick in CHOICE_TRICKS:
        return choice_pick(item, trick, rng) == sorted(item.answer)
    return None


def accuracy(items: list[QuizItem], seed: int = 0) -> dict[tuple[str, str], dict[str, float]]:
    """Per (type, lang): item count ``n``, ``chance`` and each applicable trick's accuracy."""
    rng = random.Random(seed)
    groups: dict[tuple[str, str], list[QuizItem]] = {}
    for it in items:
        if it.type in CHANCE:
            groups.setdefault((it.type, it.lang), []).append(it)
    out: dict[tuple[str, str], dict[str, float]] = {}
    for key, group in sorted(groups.items()):
        row: dict[str, float] = {"n": len(group), "chance": CHANCE[key[0]]}
        tricks = TF_TRICKS if key[0] == "truefalse" else CHOICE_TRICKS
        for trick in tricks:
            hits = [solves(it, trick, rng) for it in group]
            row[trick] = sum(bool(h) for h in hits) / len(group)
        if key[0] == "truefalse":
            row["share_true"] = sum(it.answer == [0] for it in group) / len(group)
        out[key] = row
    return out
