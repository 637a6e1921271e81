"""Multiple response items (choose 2 of 5), the exam's second format.

Two kinds, both keys from one chunk so one citation supports them, and no distractor made
by negating a sentence (the grammar would give it away):
- scenario: a developer picks a feature; which two statements hold for it. The wrong
  options are descriptions of the sibling features of the same list;
- two true lines about a service, the wrong options other lines of that service with a
  value swapped for a neighbour, or a sibling item's line put under another item.
Both in Japanese and English frames; the options are the notes' lines as written, since
offline there is no translator.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator

from tutor.quiz import numbers
from tutor.quiz.distractors import Pool, alnum
from tutor.quiz.english import term_en
from tutor.quiz.facts import Fact, norm
from tutor.quiz.items import QuizItem, citation_for, explain, item_id
from tutor.quiz.offline import Candidate, signatures

# the tricks' summed chance of picking the keys; nine tricks at random would sum to 0.9
MAX_TELLS = 1.0


def _multi(facts: list[Fact], lang: str, stem: str, keys: list[str], wrong: list[str],
           scenario: bool) -> Candidate:
    """``facts[:2]`` back the keys; any further facts lent distractors (same topic)."""
    first = facts[0]
    cite = citation_for(first.chunk)
    evidence = " / ".join(f.line for f in facts[:2])
    note = "正解は2つ。" if lang == "ja" else "Two answers are correct."
    item = QuizItem(id=item_id("multi", lang, stem, sorted(keys)), type="multi", lang=lang,  # type: ignore[arg-type]
                    stem=stem, options=[*keys, *wrong], answer=[0, 1],
                    explanation=explain(lang, evidence, cite, note), citations=[cite],
                    service=first.service, domain=first.domain, difficulty="hard",
                    evidence=evidence, kind=first.kind, scenario=scenario)
    return Candidate(item, first.id, None, signatures(facts))


def term_multi(pool: Pool, rng: random.Random) -> Iterator[Candidate]:
    """A developer chose feature X: which two statements hold (siblings' lines wrong)."""
    groups: dict[str, list[Fact]] = defaultdict(list)
    for f in pool.facts:
        if f.kind == "term" and f.group.endswith("|label"):
            groups[f.group].append(f)
    for facts in groups.values():
        by_term: dict[tuple[str, str], list[Fact]] = defaultdict(list)
        for f in facts:
            by_term[(f.answer, f.chunk.id)].append(f)
        for (term, _), own in by_term.items():
            if len(own) < 2:
                continue
            mine = {norm(f.masked) for f in facts if alnum(f.answer) == alnum(term)}
            others = [f for f in facts if alnum(f.answer) != alnum(term)
                      and norm(f.masked) not in mine and norm(term) not in norm(f.masked)]
            if len(others) < 3:
                continue
            label = own[0].label
            stem = (f"{label}を使う開発者が「{term}」を選んだ。ノートによれば、この選択に"
                    "当てはまるものはどれか。2つ選べ。")
            drawn = _least_telling(stem, own, others, rng)
            if drawn is None:
                continue
            keys, wrong = drawn
            yield _multi([*keys, *wrong], "ja", stem, [f.masked for f in keys],
                         [f.masked for f in wrong], True)
            stem = (f"A developer using {label} chose {term_en(term)}. According to the "
                    "notes, which TWO statements apply to this choice?")
            yield _multi([*keys, *wrong], "en", stem, [f.masked for f in keys],
                         [f.masked for f in wrong], True)


def _least_telling(stem: str, own: list[Fact], others: list[Fact],
                   rng: random.Random) -> tuple[list[Fact], list[Fact]] | None:
    """Of a few random draws of keys and distractors, the one whose surface (length,
    numbers, oddness, ...) gives the keys away to the fewest shortcut tricks."""
    from tutor.quiz.shortcuts import tells

    draws = [(rng.sample(own, 2), rng.sample(others, 3)) for _ in range(16)]
    scored = [(tells(stem, [f.masked for f in k + w], [0, 1]), i) for i, (k, w) in
              enumerate(draws)]
    best = min(scored)
    return draws[best[1]] if best[0] <= MAX_TELLS else None


def _as_option(parent: str | None, text: str) -> str:
    return f"{parent}: {text}" if parent else text


def _other_value(f: Fact) -> str | None:
    """The line with its number replaced by the nearest neighbour (256KB -> 128KB)."""
    found = numbers.parse(f.line)
    if len(found) != 1:
        return None
    near = numbers.neighbours(found[0])
    q = found[0]
    return f.line[:q.start] + near[0].surface + f.line[q.end:] if near else None


def _wrong_lines(keys: list[Fact], service_facts: list[Fact]) -> set[str]:
    taken = {norm(f.line) for f in keys}
    parents = sorted({f.parent for f in service_facts if f.parent})
    wrong: set[str] = set()
    for f in service_facts:
        if norm(f.line) in taken:
            continue
        if (swapped := _other_value(f)) is not None:
            wrong.add(_as_option(f.parent, swapped))
        wrong.update(_as_option(p, f.line) for p in parents if p != f.parent)
    return wrong


def statement_multi(pool: Pool, rng: random.Random) -> Iterator[Candidate]:
    """Two true lines under features of one chunk; wrong: a line of one feature put under
    a sibling feature, or a line with its value swapped. Every option reads "feature: line"
    so the form of an option says nothing about its truth."""
    from tutor.quiz.facts import is_term

    by_chunk: dict[str, list[Fact]] = defaultdict(list)
    by_service: dict[str, list[Fact]] = defaultdict(list)
    for f in pool.facts:
        if f.kind == "statement" and f.parent and is_term(f.parent):
            by_chunk[f.chunk.id].append(f)
            by_service[f.service].append(f)
    for facts in by_chunk.values():
        for _ in range(min(3, len(facts) // 2)):  # a few variants; one per quiz at most
            yield from _statement_variant(facts, by_service, rng)


def _statement_variant(facts: list[Fact], by_service: dict[str, list[Fact]],
                       rng: random.Random) -> Iterator[Candidate]:
    """Of random draws of two keys and three wrong lines, the least telling one (if any
    tells little enough)."""
    from tutor.quiz.shortcuts import tells

    best: tuple[float, list[Fact], list[str]] | None = None
    for _ in range(16):
        keys = rng.sample(facts, 2)
        wrong = sorted(_wrong_lines(keys, by_service[keys[0].service]))
        if len(wrong) < 3:
            continue
        picked = rng.sample(wrong, 3)
        stem = f"{keys[0].label}について、ノートの記述として正しいものを2つ選べ。"
        score = tells(stem, [_as_option(f.parent, f.line) for f in keys] + picked, [0, 1])
        if best is None or score < best[0]:
            best = (score, keys, picked)
    if best is None or best[0] > MAX_TELLS:
        return
    _, keys, picked = best
    ctx = keys[0].label
    options = [_as_option(f.parent, f.line) for f in keys]
    yield _multi(keys, "ja", f"{ctx}について、ノートの記述として正しいものを2つ選べ。",
                 options, picked, False)
    yield _multi(keys, "en", f"{ctx}: which TWO statements are true according to the notes?",
                 options, picked, False)
