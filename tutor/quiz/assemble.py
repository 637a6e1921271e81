"""From candidate items to a quiz: filter, pick a varied set, balance key positions.

Picking goes round-robin over item types, one item per fact first (asking the same fact
twice, or in both languages, gives the answer away), alternating true and false for
true/false items. Key positions are then assigned from a shuffled balanced sequence, so a
quiz never leans on "B" the way LLM-written items tend to.
"""

from __future__ import annotations

import itertools
import random
from collections import defaultdict

from tutor.quiz.items import ITEM_TYPES, QuizItem
from tutor.quiz.offline import Candidate


def resolve_service(name: str) -> str:
    """The canonical service for what a user typed ("sqs", "Amazon SQS")."""
    from core.catalog import services_in

    found = services_in(name)
    return found[0] if found else name


def matches(item: QuizItem, *, types: list[str] | None = None, service: str | None = None,
            domain: int | None = None, difficulty: str | None = None,
            lang: str | None = None) -> bool:
    return ((not types or item.type in types)
            and (service is None or item.service.lower() == resolve_service(service).lower())
            and (domain is None or item.domain == domain)
            and (difficulty is None or item.difficulty == difficulty)
            and (lang is None or item.lang == lang))


def pick(cands: list[Candidate], n: int, rng: random.Random) -> list[Candidate]:
    """Up to ``n`` candidates: types interleaved, facts spread, no repeated stem."""
    order = cands[:]
    rng.shuffle(order)
    queues: dict[str, list[Candidate]] = defaultdict(list)
    for c in order:
        key = c.item.type if c.truth is None else f"truefalse:{c.truth}"
        queues[key].append(c)
    types = [t for t in ITEM_TYPES if any(k.split(":")[0] == t for k in queues)]
    rng.shuffle(types)
    tf_turn = itertools.cycle([True, False] if rng.random() < 0.5 else [False, True])
    chosen: list[Candidate] = []
    stems: set[str] = set()
    facts: set[str] = set()
    for fresh_only in (True, False):
        progress = True
        while progress and len(chosen) < n:
            progress = False
            for t in types:
                if len(chosen) >= n:
                    break
                keys = [t]
                if t == "truefalse":
                    first = next(tf_turn)
                    keys = [f"truefalse:{first}", f"truefalse:{not first}"]
                for key in keys:
                    c = _take(queues[key], stems, facts, fresh_only)
                    if c:
                        chosen.append(c)
                        stems.add(c.item.stem)
                        facts.add(c.fact_id)
                        progress = True
                        break
    return chosen


def _take(queue: list[Candidate], stems: set[str], facts: set[str],
          fresh_only: bool) -> Candidate | None:
    for i, c in enumerate(queue):
        if c.item.stem in stems:
            continue
        if fresh_only and c.fact_id in facts:
            continue
        return queue.pop(i)
    return None


# two blocks of five pairs; each block uses every position exactly twice
_PAIRS = [(0, 1), (2, 3), (4, 0), (1, 2), (3, 4), (0, 2), (1, 3), (2, 4), (3, 0), (4, 1)]


def arrange(items: list[QuizItem], rng: random.Random) -> list[QuizItem]:
    """Shuffle options so key positions follow a balanced, shuffled sequence per type."""
    slots: dict[str, list[tuple[int, ...]]] = {}
    counts: dict[str, int] = defaultdict(int)
    for it in items:
        counts[it.type] += 1
    for type_, k in counts.items():
        if type_ == "mcq":
            perm = rng.sample(range(4), 4)
            seq: list[tuple[int, ...]] = [(perm[i % 4],) for i in range(k)]
        elif type_ == "multi":
            perm = rng.sample(range(5), 5)
            seq = [tuple(perm[p] for p in _PAIRS[i % len(_PAIRS)]) for i in range(k)]
        else:
            continue
        rng.shuffle(seq)
        slots[type_] = seq
    out = []
    for it in items:
        if it.type not in slots:
            out.append(it)
            continue
        positions = slots[it.type].pop()
        keys = [it.options[i] for i in it.answer]
        wrong = [o for i, o in enumerate(it.options) if i not in it.answer]
        rng.shuffle(wrong)
        options: list[str] = []
        ki, wi = iter(keys), iter(wrong)
        for pos in range(len(it.options)):
            options.append(next(ki) if pos in positions else next(wi))
        out.append(it.model_copy(update={"options": options, "answer": sorted(positions)}))
    return out
