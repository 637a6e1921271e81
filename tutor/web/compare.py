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
from core.text import fold
from core.tokenize import tokenize
from tutor.asks import term_forms

SIDE_MAX = 3  # lines per column
BOTH_MAX = 2  # lines naming both sides, shown above the columns
MIN_SPELT = 3  # a shorter term written out would turn up inside other words


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


def _spelt(term: str, folded: str) -> bool:
    return len(term) >= MIN_SPELT and term in folded


@dataclass
class _Matcher:
    """Names a line A, B, both or neither: by the sides' own tokens (``a``, ``b``: each
    side's forms minus the other's), or by the term written out (case, spaces, hyphens
    aside) - the only way when A's words are all B's ("task role" in "task execution
    role"), where a written-out B does not also count as A."""

    a: set[str]
    b: set[str]
    term_a: str
    term_b: str

    def hits(self, text: str) -> tuple[bool, bool]:
        if not text:
            return False, False
        toks, folded = set(tokenize(text)), fold(text)
        hit_b = bool(toks & self.b) or _spelt(self.term_b, folded)
        rest = folded.replace(self.term_b, " ") if self.term_a in self.term_b else folded
        return bool(toks & self.a) or _spelt(self.term_a, rest), hit_b

    def side_of(self, q: Quote) -> str | None:
        """"a", "b", "both" or None, by the line's own words (text, items, English gloss);
        its parent bullet decides only when the line names neither side."""
        hit_a, hit_b = self.hits(" ".join([q.text, *q.items, q.gloss]))
        if hit_a or hit_b:
            return "both" if hit_a and hit_b else "a" if hit_a else "b"
        hit_a, hit_b = self.hits(q.parent)
        return ("a" if hit_a else "b") if hit_a != hit_b else None

    def split_items(self, q: Quote) -> tuple[list[Quote], list[Quote]] | None:
        """A label whose items name one side each ("Deployment types: X ... / Y ...") is
        not one "both" line: its items go to their sides, each under the label."""
        if not q.items or any(self.hits(q.text)):
            return None
        sides: dict[str, list[Quote]] = {"a": [], "b": []}
        for item in q.items:
            side = self.side_of(Quote(text=item, n=q.n))
            if side in sides:
                sides[side].append(Quote(text=item, n=q.n, parent=q.text, role=q.role))
        return (sides["a"], sides["b"]) if sides["a"] and sides["b"] else None


def by_terms(pool: list[Quote], terms: Sequence[Side] | Sequence[str]) -> Sides | None:
    """Each quote under the term it names; None when a side gets no line."""
    sa, sb = _sides(terms)[:2]
    fa, fb = set(sa.forms), set(sb.forms)
    match = _Matcher(fa - fb, fb - fa, fold(sa.term), fold(sb.term))
    if not match.a or not match.b:  # one term's words are all the other's: spelt out only
        match.a = match.b = set()
    cols: dict[str, list[Quote]] = {"a": [], "b": [], "both": []}
    for q in pool:
        side = match.side_of(q)
        split = match.split_items(q) if side == "both" else None
        if split:
            cols["a"] += split[0]
            cols["b"] += split[1]
        elif side is not None:
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
