"""From candidate items to a quiz: filter, pick a varied set, balance key positions.

Picking is greedy: each next item is the one that best fills the quiz's gaps (exam domain
weights, type mix, scenario share, services not yet asked, true/false balance) among
those resting on no fact already asked (asking a fact twice, or in both languages,
gives the answer away). Key positions are then assigned from a shuffled balanced sequence, so a
quiz never leans on "B" the way LLM-written items tend to.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict

from tutor.quiz.items import QuizItem
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


DEFAULT_TYPES: tuple[str, ...] = ("mcq", "multi")  # the exam's formats
DEFAULT_MIX = {"mcq": 0.7, "multi": 0.3, "truefalse": 0.5, "cloze": 0.5}
SCENARIO_SHARE = 0.5


def _sigs(c: Candidate) -> frozenset[str]:
    from tutor.quiz.facts import norm

    return c.sigs or frozenset({f"fact:{c.fact_id}"} | {
        "line:" + norm(e) for e in c.item.evidence.split(" / ") if e})


def domain_weights(present: set[int]) -> dict[int, float]:
    """The exam's domain weights, renormalised over the domains the candidates cover."""
    from core.catalog import domains

    raw = {d: dom.weight for d, dom in domains().items() if d in present}
    total = sum(raw.values()) or 1
    return {d: w / total for d, w in raw.items()}


def pick(cands: list[Candidate], n: int, rng: random.Random) -> list[Candidate]:
    """Up to ``n`` candidates: no two resting on one fact or note line (while fresh facts
    last), domains in the exam's proportions, services spread, the type mix and half of
    the choice items scenarios, true/false keys alternating."""
    order = cands[:]
    rng.shuffle(order)
    weights = domain_weights({c.item.domain for c in order})
    types = {c.item.type for c in order}
    mix_total = sum(DEFAULT_MIX[t] for t in types) or 1
    mix = {t: DEFAULT_MIX[t] / mix_total for t in types}
    langs = {c.item.lang for c in order}
    chosen: list[Candidate] = []
    used: set[str] = set()
    stems: set[str] = set()
    count: dict[str, int] = defaultdict(int)
    for strict in (True, False):
        while len(chosen) < n:
            best, best_score = None, -math.inf
            k = len(chosen) + 1
            choice_k = count["choice"] + 1
            for c in order:
                it = c.item
                if it.stem in stems or (strict and _sigs(c) & used):
                    continue
                score = 3 * (weights.get(it.domain, 0) * k - count[f"d{it.domain}"])
                score += 2 * (mix[it.type] * k - count[it.type])
                score -= count[f"s:{it.service}"]
                if it.type in ("mcq", "multi"):
                    gap = SCENARIO_SHARE * choice_k - count["scenario"]
                    score += 2 * (gap if it.scenario else -gap)
                if c.truth is not None:
                    lead = count[f"true:{it.lang}"] - count[f"false:{it.lang}"]
                    score += 2 * (-lead if c.truth else lead)
                if len(langs) > 1:
                    score += k / len(langs) - count[f"l:{it.lang}"]
                if score > best_score:
                    best, best_score = c, score
            if best is None:
                break
            it = best.item
            chosen.append(best)
            order.remove(best)
            stems.add(it.stem)
            used |= _sigs(best)
            for key in (f"d{it.domain}", it.type, f"s:{it.service}", f"l:{it.lang}"):
                count[key] += 1
            if it.type in ("mcq", "multi"):
                count["choice"] += 1
                count["scenario"] += it.scenario
            if best.truth is not None:
                count[f"{'true' if best.truth else 'false'}:{it.lang}"] += 1
    return chosen


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


def why_empty(lang: str, service: str | None, chunks: list, empty: list[dict[str, str]]) -> str:
    """An honest message for a quiz with no items: the service's heading has no content
    yet, the notes say nothing about it, or the other filters are too narrow."""
    from tutor.quiz.facts import chunk_service

    if service:
        name = resolve_service(service)
        from core.catalog import service_of_heading

        heads = [e["heading"] for e in empty
                 if name in service_of_heading(e["heading"].split(" > "))]
        if heads and not any(chunk_service(c) == name for c in chunks):
            if lang == "ja":
                return (f"ノートには{name}の見出し（{heads[0]}）がありますが、まだ内容がありません。"
                        "Notesタブ（tutor ingest）でノートを追加すると出題できます。")
            return (f"The notes have a {name} heading ({heads[0]}) but no content yet. "
                    "Add notes in the Notes tab (or tutor ingest) to get questions on it.")
        if not any(chunk_service(c) == name for c in chunks):
            return (f"ノートに{name}の記述がありません。" if lang == "ja"
                    else f"The notes say nothing about {name} yet.")
    return ("この条件に合う問題がありません。条件を広げてください。" if lang == "ja"
            else "No questions match these filters. Try wider filters.")
