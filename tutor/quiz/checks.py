"""Checks every item must pass, whoever wrote it (offline generator or LLM).

Per item: the shape fits the type; the evidence quote is in the cited chunk; each key is
supported by that chunk (its number, name or words occur there); no distractor is
supported by the notes as an answer to the stem; a false true/false claim is not stated
anywhere in the notes. Per quiz: no duplicate stems, key positions balanced (chi-square,
p > 0.05), the key not systematically the longest option. Failing items are dropped.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from functools import lru_cache

from core.models import Chunk
from tutor.quiz import numbers
from tutor.quiz.facts import Line, chunk_service, norm, parse_lines, service_aliases
from tutor.quiz.items import QuizItem

_SHAPE = {"mcq": (4, 1), "multi": (5, 2), "truefalse": (2, 1)}
# chi-square critical values at p = 0.05 by degrees of freedom
_CHI2_CRIT = {1: 3.841, 2: 5.991, 3: 7.815, 4: 9.488, 5: 11.070, 6: 12.592, 9: 16.919}


class Corpus:
    """The notes as the checks see them: normalised chunk texts and parsed lines."""

    def __init__(self, chunks: list[Chunk]) -> None:
        self.chunks = chunks
        self.texts = [norm(c.text) for c in chunks]
        self.lines: list[tuple[Chunk, Line]] = [(c, ln) for c in chunks for ln in parse_lines(c)]
        self.heads: set[str] | None = None  # headings and list headers (``heading_key``)

    def states(self, text: str) -> bool:
        """The notes say ``text``: verbatim in a chunk, or its pieces within one line
        (with its parent bullet), so "A: B" is stated only where A and B belong together."""
        n = norm(text)
        if n and any(n in t for t in self.texts):
            return True
        pieces = _pieces(text)
        return len(pieces) > 1 and any(
            all(p in norm(f"{ln.parent or ''} {ln.text}") for p in pieces) for _, ln in self.lines)

    def says(self, text: str, context: set[str]) -> bool:
        """Some line reads ``text``, under one of the ``context`` parents when given."""
        n = norm(text)
        return bool(n) and any(n in norm(ln.text) and (not context or norm(ln.parent or "")
                                                       in context) for _, ln in self.lines)

    def parents_of(self, text: str, chunk_text: str) -> set[str]:
        """Parent bullets of the lines reading ``text`` in the chunk (its context)."""
        return {norm(ln.parent or "") for c, ln in self.lines
                if c.text == chunk_text and norm(ln.text) == norm(text)}


def in_text(s: str, normed_text: str) -> bool:
    """``s`` occurs in the (normalised) text, whole or as its ``part: part`` pieces."""
    n = norm(s)
    if n and n in normed_text:
        return True
    pieces = _pieces(s)
    return len(pieces) > 1 and all(p in normed_text for p in pieces)


def _pieces(s: str) -> list[str]:
    return [norm(p) for p in re.split(r": |は「|」|「", s) if norm(p)]


def gives_away(key: str, stem: str) -> bool:
    """The stem contains the key (as a whole word, plural too, for Latin-script keys)."""
    k, st = unicodedata.normalize("NFKC", key).lower().strip(), unicodedata.normalize(
        "NFKC", stem).lower()
    if k.isascii():
        return re.search(rf"(?<![a-z0-9]){re.escape(k)}(?:e?s)?(?![a-z0-9])", st) is not None
    return norm(k) in norm(st)


_GLOSSED = re.compile(r"\s*\([^()]*\)$")


def _variants(option: str) -> list[str]:
    """The option and, for an English label ``用語 (gloss)``, the notes' own term."""
    bare = _GLOSSED.sub("", option)
    return [option] if bare == option or not bare else [option, bare]


def heading_key(key: str, corpus: Corpus) -> bool:
    """The key is a topic heading of the notes (a Markdown heading, or a list header that
    is not a term), not a statement or a term of the same kind as the options."""
    from tutor.quiz.facts import is_term

    if corpus.heads is None:
        corpus.heads = {norm(p) for c in corpus.chunks for p in c.heading.split(" > ")}
        corpus.heads |= {norm(ln.text) for _, ln in corpus.lines
                         if ln.children and not is_term(ln.text)}
    return norm(key) in corpus.heads and not is_service_name(key)


def key_supported(key: str, chunk_text: str) -> bool:
    """The key's number (any unit spelling), name (any alias) or words occur in the chunk."""
    normed = norm(chunk_text)
    if any(in_text(v, normed) for v in _variants(key)):
        return True
    q = numbers.parse_one(key)
    if q is not None:
        return any(numbers.same(q, found) for found in numbers.parse(chunk_text))
    from core.catalog import services_in

    return any(norm(a) in normed for s in services_in(key) for a in service_aliases(s))


def _claim(item: QuizItem) -> str:
    stem = re.sub(r"\s*\((?:○/×|O/X)\)\s*$", "", item.stem)
    stem = re.sub(r"^［[^］]*］", "", stem)
    return re.sub(r"^True or false\?\s*[^:]*:\s*", "", stem)


def _distractor_supported(item: QuizItem, key: str, wrong: str, corpus: Corpus) -> bool:
    """Would the notes back ``wrong`` as an answer to this stem?"""
    q_key, q_wrong = numbers.parse_one(key), numbers.parse_one(wrong)
    if q_key is not None and q_wrong is not None and numbers.same(q_key, q_wrong):
        return True
    for ev in item.evidence.split(" / "):
        context = corpus.parents_of(ev, item.citations[0].text)
        for k in _variants(key):
            for w in _variants(wrong):
                if k and k in ev and corpus.says(ev.replace(k, w), context):
                    return True
        if q_key is not None and q_wrong is not None:
            for found in numbers.parse(ev):
                if numbers.same(found, q_key):
                    template = re.escape(ev[:found.start]) + r"(.+?)" + re.escape(ev[found.end:])
                    for _, line in corpus.lines:
                        m = re.fullmatch(template, line.text)
                        if context and norm(line.parent or "") not in context:
                            continue
                        if m and (got := numbers.parse_one(m.group(1))) and numbers.same(
                                got, q_wrong):
                            return True
        if is_service_name(key) and is_service_name(wrong):
            from core.catalog import services_in

            for s in services_in(wrong):
                if any(chunk_service(c) == s and in_text(ev, norm(c.text)) for c in corpus.chunks):
                    return True
        for _, line in corpus.lines:  # the evidence listed under the wrong term
            if line.up and norm(line.text) == norm(ev) and any(
                    norm(line.up.text) == norm(w) for w in _variants(wrong)):
                return True
    return False


@lru_cache(maxsize=4096)
def is_service_name(text: str) -> bool:
    """``SQS`` or ``Amazon SQS`` (an option naming a service, not a feature of one)."""
    from core.catalog import services

    bare = re.sub(r"^(?:Amazon|AWS)\s+", "", text.strip())
    return any(norm(bare) in {norm(a) for a in aliases if a.isascii()}
               for aliases in services().values())


def check_item(item: QuizItem, corpus: Corpus) -> list[str]:
    """Problems with one item; an empty list means it may be asked."""
    problems: list[str] = []
    shape = _SHAPE.get(item.type)
    if shape and (len(item.options) != shape[0] or len(item.answer) != shape[1]):
        problems.append(f"{item.type} needs {shape[0]} options and {shape[1]} key(s)")
    if item.type == "cloze" and (not item.options or item.answer != list(range(len(item.options)))):
        problems.append("cloze answer must list every accepted answer")
    if any(i < 0 or i >= len(item.options) for i in item.answer) or not item.stem.strip():
        return problems + ["answer index out of range or empty stem"]
    if item.type != "cloze" and len({norm(o) for o in item.options}) != len(item.options):
        problems.append("duplicate options")
    if not item.citations:
        return problems + ["no citation"]
    cited = item.citations[0].text
    if "[1]" not in item.explanation:
        problems.append("explanation does not cite [1]")
    if not item.evidence or not all(in_text(e, norm(cited)) for e in item.evidence.split(" / ")):
        problems.append("evidence is not quoted from the cited chunk")
    if item.type == "truefalse":
        claim = _claim(item)
        if item.answer == [1] and corpus.states(claim):
            problems.append("the 'false' claim is stated in the notes")
        return problems
    keys = item.keys[:1] if item.type == "cloze" else item.keys
    if any(heading_key(k, corpus) for k in keys):
        problems.append("a key is a heading of the notes, not a statement or a term")
    for key in keys:
        if not key_supported(key, cited):
            problems.append(f"key not supported by the cited chunk: {key}")
        if item.type != "multi" and gives_away(key, item.stem):
            problems.append(f"the stem gives the key away: {key}")
    for wrong in item.distractors:
        if item.type == "multi":
            if (item.kind != "term" and corpus.states(wrong)) or any(
                    line.up and norm(line.text) == norm(v) and norm(line.up.text) in norm(item.stem)
                    for v in _variants(wrong) for _, line in corpus.lines):
                problems.append(f"distractor is true per the notes: {wrong}")
        elif _distractor_supported(item, item.keys[0], wrong, corpus):
            problems.append(f"distractor is true per the notes: {wrong}")
    return problems


def chi_square(counts: list[int]) -> tuple[float, float | None]:
    """(statistic, p-value); p is None when scipy is not installed."""
    total = sum(counts)
    expected = total / len(counts) if counts else 0
    stat = sum((c - expected) ** 2 / expected for c in counts) if expected else 0.0
    try:
        from scipy.stats import chi2  # type: ignore[import-not-found]
    except ImportError:
        return stat, None
    return stat, float(chi2.sf(stat, len(counts) - 1))


def balanced(counts: list[int]) -> bool:
    """Key positions look uniform at the 5% level."""
    stat, p = chi_square(counts)
    if p is not None:
        return p > 0.05
    return stat <= _CHI2_CRIT.get(len(counts) - 1, math.inf)


def position_counts(items: list[QuizItem], type_: str) -> list[int]:
    width = {"mcq": 4, "multi": 5}[type_]
    counts = Counter(i for it in items if it.type == type_ for i in it.answer)
    return [counts.get(i, 0) for i in range(width)]


def check_quiz(items: list[QuizItem]) -> list[str]:
    problems: list[str] = []
    stems = Counter(it.stem for it in items)
    problems += [f"duplicate stem: {s}" for s, n in stems.items() if n > 1]
    for type_ in ("mcq", "multi"):
        counts = position_counts(items, type_)
        if sum(counts) >= 8 and not balanced(counts):
            problems.append(f"{type_} key positions unbalanced: {counts}")
    mcq = [it for it in items if it.type == "mcq"]
    longest = sum(1 for it in mcq
                  if len(it.keys[0]) > max(len(d) for d in it.distractors))
    if len(mcq) >= 8 and longest / len(mcq) > 0.5:
        problems.append(f"key is the longest option in {longest}/{len(mcq)} items")
    return problems
