"""Which quoted lines belong to which side of an "A vs B" answer.

A line naming only A goes under A, only B under B; a line naming both (a table row, a
label with both in its items) is shown once, above the two columns, since forcing it
into one side would hide half of what it says. A line naming neither stays folded.
"Naming" is by tokens: the term's own and, through the bilingual bridge, its names in
the other language (``Side.forms``), minus the words both sides share ("queue").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from core.models import Quote, Side
from core.tokenize import tokenize
from tutor.asks import term_forms

SIDE_MAX = 3  # lines per column
BOTH_MAX = 2  # lines naming both sides, shown above the columns


@dataclass
class Sides:
    """What the side-by-side layout shows (everything else of the answer is folded)."""

    columns: list[list[Quote]]  # side A, side B
    names: list[str] = field(default_factory=list)  # the compared terms; [] in the fallback
    both: list[Quote] = field(default_factory=list)  # lines naming both sides

    @property
    def quotes(self) -> list[Quote]:
        return [*self.both, *(q for col in self.columns for q in col)]


def _sides(terms: Sequence[Side] | Sequence[str]) -> list[Side]:
    return [t if isinstance(t, Side) else Side(term=t, forms=term_forms(t)) for t in terms]


def side_of(q: Quote, a: set[str], b: set[str]) -> str | None:
    """"a", "b", "both" or None, by the line's own words (text, items, English gloss);
    its parent bullet decides only when the line names neither side."""
    own = set(tokenize(" ".join([q.text, *q.items, q.gloss])))
    hit_a, hit_b = bool(own & a), bool(own & b)
    if hit_a or hit_b:
        return "both" if hit_a and hit_b else "a" if hit_a else "b"
    parent = set(tokenize(q.parent)) if q.parent else set()
    hit_a, hit_b = bool(parent & a), bool(parent & b)
    return ("a" if hit_a else "b") if hit_a != hit_b else None


def by_terms(pool: list[Quote], terms: Sequence[Side] | Sequence[str]) -> Sides | None:
    """Each quote under the term it names; None when a side gets no line."""
    sa, sb = _sides(terms)[:2]
    fa, fb = set(sa.forms), set(sb.forms)
    a, b = fa - fb, fb - fa  # words both terms share name neither side
    if not a or not b:
        return None
    cols: dict[str, list[Quote]] = {"a": [], "b": [], "both": []}
    for q in pool:
        side = side_of(q, a, b)
        if side is not None:
            cols[side].append(q)
    if not cols["a"] or not cols["b"]:
        return None
    return Sides([cols["a"][:SIDE_MAX], cols["b"][:SIDE_MAX]], [sa.term, sb.term],
                 cols["both"][:BOTH_MAX])


def compare_sides(shown: list[Quote], more: list[Quote],
                  terms: Sequence[Side] | Sequence[str] | None = None) -> Sides | None:
    """The two sides of "A vs B": the lines naming each compared term; without terms (or
    when one side has no line) two sections' quotes, else the lead and the next line."""
    pool = shown + more
    if terms and len(terms) >= 2:
        sides = by_terms(pool, terms)
        if sides is not None:
            return sides
    ns = list(dict.fromkeys(q.n for q in pool))
    if len(ns) >= 2:
        return Sides([[q for q in pool if q.n == n][:SIDE_MAX] for n in ns[:2]])
    return Sides([[pool[0]], [pool[1]]]) if len(pool) >= 2 else None
