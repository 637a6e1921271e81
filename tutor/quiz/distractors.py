"""Distractors: wrong options of the same kind as the key, never true per the notes.

- numbers: other values of the same unit family in the notes, and numeric neighbours
  (256KB -> 128KB/512KB/1MB), never the key's amount in another unit and never a value the
  notes give for the same property;
- terms: sibling terms of the same list (One-at-a-time / Half-at-a-time / All-at-once);
- services: other services with notes, same category first, skipping close relatives
  (a service whose top-level lines mention the key service, e.g. SWF for Step Functions);
- settings: other identifiers the service's notes name (ResultPath / OutputPath).
"""

from __future__ import annotations

import math
import random
import re
from collections import defaultdict
from functools import lru_cache

from core.models import Chunk
from tutor.quiz import numbers
from tutor.quiz.facts import EXAM, Fact, is_term, norm, service_aliases
from tutor.quiz.numbers import Quantity

_IDENT = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b|\b\w+\.ya?ml\b")


@lru_cache(maxsize=65536)
def alnum(text: str) -> str:
    return re.sub(r"[^0-9a-z\u3040-\u30ff\u4e00-\u9fff]", "", norm(text))


class Pool:
    """All facts of the corpus, indexed for distractor search."""

    def __init__(self, facts: list[Fact], chunks: list[Chunk]) -> None:
        self.facts = facts
        self.chunks = chunks
        self.by_group: dict[str, list[Fact]] = defaultdict(list)
        self.services: list[str] = []
        self.category: dict[str, str] = {}
        self.top_text: dict[str, str] = defaultdict(str)
        for f in facts:
            self.by_group[f.group].append(f)
            if f.service not in self.category:
                if f.service != EXAM:  # the exam is no answer to "which service"
                    self.services.append(f.service)
                self.category[f.service] = f.chunk.heading.split(" > ")[0]
            if f.parent is None:
                self.top_text[f.service] += norm(f.line) + "\n"

    def related(self, a: str, b: str) -> bool:
        """Either service's top-level notes mention the other: too close to be wrong."""
        def mentions(s: str, other: str) -> bool:
            return any(len(al) >= 3 and norm(al) in self.top_text[s]
                       for al in service_aliases(other) if al.isascii())
        return mentions(a, b) or mentions(b, a)

    def descs_of(self, term: str, heading_prefix: str) -> set[str]:
        return {norm(f.masked) for f in self.facts if f.kind == "term"
                and alnum(f.answer) == alnum(term) and f.group.startswith(heading_prefix)}


def _pick(rng: random.Random, ranked: list[str], k: int, window: int = 5, key: str = "",
          stem: str = "", draws: int = 8) -> list[str]:
    """k of the ``window`` best candidates: close distractors, not always the same, and
    drawn so that no surface trick (length, shared words, ...) points at the key."""
    from tutor.quiz.shortcuts import least_telling

    head = ranked[:max(window, k)]
    return least_telling(stem, key, head, k, rng, draws) if len(head) >= k else []


def number_options(fact: Fact, pool: Pool, key: Quantity, stem: str,
                   rng: random.Random) -> list[str]:
    """Three wrong values rendered like ``key`` (which may be the English surface)."""
    def supported(q: Quantity) -> bool:
        return any(g.kind == "number" and g.qty is not None and g.service == fact.service
                   and norm(g.masked) == norm(fact.masked) and g.parent == fact.parent
                   and numbers.same(g.qty, q) for g in pool.facts)

    seen: list[Quantity] = [key]
    ranked: list[tuple[float, str]] = []
    cands = [g.qty for g in pool.facts if g.kind == "number" and g.qty is not None
             and g.qty.family == key.family] + numbers.neighbours(key)
    for q in cands:
        surface = numbers.render(q.base, key)
        if not surface or q.base <= 0 or any(numbers.same(q, s) for s in seen):
            continue
        if supported(q) or norm(surface) in norm(stem) or norm(q.surface) in norm(stem):
            continue
        seen.append(q)
        ranked.append((abs(math.log(q.base / key.base)) if key.base else 0.0, surface))
    ranked.sort()
    return _pick(rng, [s for _, s in ranked], 3, key=key.surface, stem=stem)


def term_options(fact: Fact, pool: Pool, stem: str, lang: str, rng: random.Random,
                 k: int = 3) -> list[str]:
    """Sibling terms first, then other terms of the same section."""
    prefix = fact.group.split("|pair|")[0].split("|label")[0]
    desc = norm(fact.masked)
    chosen: list[str] = []
    taken = {alnum(fact.answer)}
    same_group = [g for g in pool.by_group[fact.group]]
    others = [g for g in pool.facts if g.kind == "term" and g.group != fact.group
              and g.group.startswith(prefix)]
    for tier in (same_group, others):
        ok: list[str] = []
        for g in tier:
            label = g.answer
            if not is_term(label) or alnum(g.answer) in taken:
                continue
            if desc in pool.descs_of(g.answer, prefix) or norm(label) in norm(stem):
                continue
            taken.add(alnum(g.answer))
            ok.append(label)
        need = k - len(chosen)
        chosen += rng.sample(ok, min(need, len(ok)))
        if len(chosen) >= k:
            return chosen
    return []


def service_options(fact: Fact, pool: Pool, stem: str, rng: random.Random,
                    k: int = 3) -> list[str]:
    """Other services: same category of the notes first, never a close relative."""
    same_def = {f.service for f in pool.facts if f.kind == "name"
                and norm(f.masked) == norm(fact.masked)}
    ok = [s for s in pool.services if s != fact.service and s not in same_def
          and not pool.related(s, fact.service)
          and not any(norm(a) in norm(stem) for a in service_aliases(s) if a.isascii())]
    near = [s for s in ok if pool.category[s] == pool.category[fact.service]]
    far = [s for s in ok if s not in near]
    chosen = rng.sample(near, min(k, len(near)))
    chosen += rng.sample(far, min(k - len(chosen), len(far)))
    return chosen if len(chosen) >= min(k, 3) else []


def fewest_tells(stem: str, key: str, cands: list[str], rng: random.Random) -> list[str]:
    """Three of ``cands`` (closest first) that give the key away least (a short name
    such as "FIS" among long "Code…" siblings would be picked by "the shortest")."""
    return _pick(rng, cands, 3, window=8, key=key, stem=stem, draws=24)


def setting_options(fact: Fact, pool: Pool, stem: str, rng: random.Random) -> list[str]:
    """Identifiers named in the same service's setting lines (ResultPath, OutputPath...)."""
    names: list[str] = []
    for g in pool.by_group[fact.group]:
        for name in [g.answer, *_IDENT.findall(g.line)]:
            if (name not in names and alnum(name) != alnum(fact.answer)
                    and norm(name) not in norm(stem)):
                names.append(name)
    return rng.sample(names, 3) if len(names) >= 3 else []
