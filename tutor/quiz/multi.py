"""Multiple response items (choose 2 of 5), the exam's second format.

Two kinds, both with both keys from one chunk so one citation supports them:
- a term and two of its descriptions, the wrong options being sibling terms' descriptions
  (``ロングポーリング`` vs ``ショートポーリング``);
- two true lines about a service, the wrong options being other lines of that service
  with their claim reversed (``falsify.negate``).
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Iterator

from tutor.quiz import numbers
from tutor.quiz.distractors import Pool, alnum
from tutor.quiz.facts import Fact, norm
from tutor.quiz.falsify import negate
from tutor.quiz.glossary import line_en, term_en
from tutor.quiz.items import QuizItem, citation_for, explain, item_id
from tutor.quiz.offline import Candidate

_NEG = re.compile(r"(?:ない|ず|未サポート|不要)[。.]?$")


def _multi(first: Fact, lang: str, stem: str, keys: list[str], wrong: list[str],
           evidence: str) -> Candidate:
    cite = citation_for(first.chunk)
    options = [*keys, *wrong]
    note = "正解は2つ。" if lang == "ja" else "Two answers are correct."
    item = QuizItem(id=item_id("multi", lang, stem, sorted(keys)), type="multi", lang=lang,  # type: ignore[arg-type]
                    stem=stem, options=options, answer=[0, 1],
                    explanation=explain(lang, evidence, cite, note), citations=[cite],
                    service=first.service, domain=first.domain, difficulty="hard",
                    evidence=evidence, kind=first.kind)
    return Candidate(item, first.id)


def term_multi(pool: Pool, rng: random.Random) -> Iterator[Candidate]:
    """「ロングポーリング」について正しいものを2つ: keys from one term, wrong from siblings."""
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
            keys, wrong = rng.sample(own, 2), rng.sample(others, 3)
            evidence = " / ".join(f.line for f in keys)
            stem = f"{keys[0].label}の「{term}」について、ノートの記述として正しいものを2つ選べ。"
            yield _multi(keys[0], "ja", stem, [f.masked for f in keys],
                         [f.masked for f in wrong], evidence)
            en = [line_en(f.masked) for f in [*keys, *wrong]]
            term_e = term_en(term)
            if all(en) and term_e:
                stem = (f"{keys[0].label} › {term_e}: which TWO statements are true "
                        "according to the notes?")
                yield _multi(keys[0], "en", stem, en[:2], en[2:], evidence)  # type: ignore[arg-type]


def _as_option(f: Fact, text: str) -> str:
    return f"{f.parent}: {text}" if f.parent else text


def _other_value(f: Fact) -> str | None:
    """The line with its number replaced by the nearest neighbour (256KB -> 128KB)."""
    found = numbers.parse(f.line)
    if len(found) != 1:
        return None
    near = numbers.neighbours(found[0])
    q = found[0]
    return f.line[:q.start] + near[0].surface + f.line[q.end:] if near else None


def statement_multi(pool: Pool, rng: random.Random) -> Iterator[Candidate]:
    """Two true lines from one chunk, three reversed lines of the same service."""
    by_chunk: dict[str, list[Fact]] = defaultdict(list)
    by_service: dict[str, list[Fact]] = defaultdict(list)
    for f in pool.facts:
        if f.kind == "statement":
            by_chunk[f.chunk.id].append(f)
            by_service[f.service].append(f)
    for facts in by_chunk.values():
        if len(facts) < 2:
            continue
        keys = rng.sample(facts, 2)
        taken = {norm(f.line) for f in keys}
        parent = keys[0].parent if keys[0].parent == keys[1].parent else None
        flips: dict[str, list[str]] = {"same": [], "any": []}
        for f in by_service[keys[0].service]:
            flipped = negate(f.line) or _other_value(f)
            if not flipped or norm(f.line) in taken or norm(flipped) in taken:
                continue
            flips["any"].append(_as_option(f, flipped))
            if parent and f.parent == parent:
                flips["same"].append(flipped)
        if parent and len(set(flips["same"])) >= 3:
            ctx, options = keys[0].context, [f.line for f in keys]
            wrong = sorted(set(flips["same"]))
        else:
            ctx, options = keys[0].label, [_as_option(f, f.line) for f in keys]
            wrong = sorted(set(flips["any"]))
        if len(wrong) < 3:
            continue
        stem = f"{ctx}について、ノートの記述として正しいものを2つ選べ。"
        yield _multi(keys[0], "ja", stem, options, _like_keys(options, wrong, rng),
                     " / ".join(f.line for f in keys))


def _negative(text: str) -> bool:
    return bool(_NEG.search(text))


def _like_keys(keys: list[str], wrong: list[str], rng: random.Random) -> list[str]:
    """Three wrong options, as many as possible in the keys' polarity, so that
    "the two without a negation" is not a shortcut to the answer."""
    want = sum(_negative(k) for k in keys) / len(keys) * 3
    neg = [w for w in wrong if _negative(w)]
    pos = [w for w in wrong if not _negative(w)]
    n_neg = min(len(neg), max(round(want), 3 - len(pos)))
    picked = rng.sample(neg, n_neg) + rng.sample(pos, min(3 - n_neg, len(pos)))
    rng.shuffle(picked)
    return picked
