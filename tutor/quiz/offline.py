"""Offline generator: recall items (value, term, true/false, cloze) from extracted facts.

Scenario items ("A developer needs … which service?") live in ``scenario``; choose-two in
``multi``. Every item is written in its frame language (ja or en) and quotes the notes in
theirs: an English item over Japanese notes shows the quote with English values and a
dictionary gloss (``english``), so no item depends on a hand-written translation.

Difficulty rule (stated so learners can trust the label):
- easy: true/false, and "which service" items built from a service's definition;
- medium: single answer on a value, a term, a setting or a requirement;
- hard: multiple response (choose 2 of 5) and cloze (type the answer, no options).

False claims are made only by swapping in another value, term or service of the same kind
(never by negating the sentence, which grammar gives away).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from tutor.quiz import numbers
from tutor.quiz.distractors import Pool, alnum, number_options, setting_options, term_options
from tutor.quiz.english import quantity_en, quote_en, term_en
from tutor.quiz.facts import Fact, norm
from tutor.quiz.items import BLANK, TF_LABELS, QuizItem, citation_for, explain, item_id

BLANK_EN = "____"


@dataclass
class Candidate:
    item: QuizItem
    fact_id: str
    truth: bool | None = None  # for true/false items
    sigs: frozenset[str] = field(default_factory=frozenset)  # facts it rests on


def signatures(facts: Iterable[Fact]) -> frozenset[str]:
    """What an item rests on: its note lines, their list, its value or its term group.
    Two items sharing any of these ask the same fact and never meet in one quiz."""
    out: set[str] = set()
    for f in facts:
        out.add("line:" + norm(f.line))
        if f.parent:
            out.add("line:" + norm(f.parent))
        if f.qty is not None:
            out.add(f"num:{f.service}|{f.qty.family}|{f.qty.base:g}")
        if f.kind == "term":
            out.add("terms:" + f.group)
        if f.kind in ("term", "setting", "name"):
            out.add(f"key:{f.service}|{alnum(f.answer)}")
    return frozenset(out)


def make_item(fact: Fact, type_: str, lang: str, stem: str, options: list[str],
              answer: list[int], difficulty: str, note: str = "", evidence: str | None = None,
              scenario: bool = False, others: Iterable[tuple[str, Fact]] = ()) -> QuizItem:
    """One item citing its fact's chunk as [1]; ``others`` (option, fact) explain wrong
    options from their own notes, cited [2], [3], ..."""
    cite = citation_for(fact.chunk)
    evidence = evidence or fact.line
    keys = [options[i] for i in answer]
    cites = [cite]
    explanation = explain(lang, evidence, cite, note)
    for option, other in others:
        c = citation_for(other.chunk, len(cites) + 1)
        cites.append(c)
        explanation += (f"\n{option}: ノートでは「{other.line}」 [{c.n}]" if lang == "ja"
                        else f"\n{option}: the notes say \"{other.line}\" [{c.n}]")
    return QuizItem(id=item_id(type_, lang, stem, sorted(keys)), type=type_, lang=lang,  # type: ignore[arg-type]
                    stem=stem, options=options, answer=answer,
                    explanation=explanation, citations=cites,
                    service=fact.service, domain=fact.domain, difficulty=difficulty,  # type: ignore[arg-type]
                    evidence=evidence, kind=fact.kind, scenario=scenario)


def cand(fact: Fact, item: QuizItem, truth: bool | None = None,
         also: Iterable[Fact] = ()) -> Candidate:
    return Candidate(item, fact.id, truth, signatures([fact, *also]))


def ctx(fact: Fact, lang: str) -> str:
    """Where the fact lives; a label-term's parent is its answer, so it is left out."""
    if not fact.parent or (fact.kind == "term" and "|label" in fact.group):
        return fact.label
    parent = fact.parent if lang == "ja" else term_en(fact.parent)
    return f"{fact.label} › {parent}"


def note(lang: str, key: str) -> str:
    return f"正解: {key}。" if lang == "ja" else f"Answer: {key}."


def value_items(fact: Fact, pool: Pool, rng: random.Random) -> Iterator[Candidate]:
    """Single answer, cloze and value-swapped true/false for a number or a setting."""
    if fact.kind == "number":
        key_q = numbers.parse_one(fact.answer)
        if key_q is None:
            return
        wrong = number_options(fact, pool, key_q, fact.masked, rng)
    else:
        wrong = setting_options(fact, pool, fact.masked, rng)
    en = quantity_en if fact.kind == "number" else (lambda s: s)
    for lang in ("ja", "en"):
        key = fact.answer if lang == "ja" else en(fact.answer)
        shown = [w if lang == "ja" else en(w) for w in wrong]
        if not key or not all(shown):
            continue
        if lang == "ja":
            stem = f"{ctx(fact, 'ja')}について、（　）に入るものはどれか。「{fact.masked}」"
            cloze = f"{ctx(fact, 'ja')}について、（　）に入る語句を答えよ。「{fact.masked}」"
        else:
            quoted = quote_en(fact.masked.replace(BLANK, BLANK_EN))
            stem = f"Your notes on {ctx(fact, 'en')} say {quoted}. Which value fills the blank?"
            cloze = f"Your notes on {ctx(fact, 'en')} say {quoted}. Type the missing value."
        if len(wrong) == 3:
            yield cand(fact, make_item(fact, "mcq", lang, stem, [key, *shown], [0], "medium",
                                       note(lang, key)))
            for truth in (True, False):  # both; a quiz asks one (same fact)
                claim = fact.masked.replace(BLANK, fact.answer if truth else wrong[0])
                yield tf(fact, lang, claim, truth, fix=key)
        accepted = list(dict.fromkeys(accepted_answers(key) + [fact.answer]))
        yield cand(fact, make_item(fact, "cloze", lang, cloze, accepted,
                                   list(range(len(accepted))), "hard", note(lang, key)))


def aliases(term: str) -> list[str]:
    """Other names the notes give a term in the same breath: ``GSI (global secondary
    index)`` is answered by either part."""
    import re

    m = re.fullmatch(r"\s*(.+?)\s*[（(]\s*(.+?)\s*[)）]\s*", term)
    return [m.group(1), m.group(2)] if m else []


def accepted_answers(key: str) -> list[str]:
    """The key plus spellings a learner may type (256 KB, 14日); grading folds the rest."""
    out = [key]
    q = numbers.parse_one(key)
    if q is not None:
        num = q.surface[:len(q.surface) - len(q.unit)].strip() if q.unit else q.surface
        out += [f"{num} {q.unit}".strip(), f"{num}{q.unit}"]
        if q.unit.endswith("間"):
            out.append(f"{num}{q.unit[:-1]}")
        if (en := quantity_en(key)) is not None:
            out.append(en)
    return list(dict.fromkeys(out))


def tf(fact: Fact, lang: str, claim: str, truth: bool, fix: str = "", rendered: bool = False,
       where: str | None = None) -> Candidate:
    """A true/false item; ``fix`` names the right value or term when the claim is false.
    ``rendered``: an English claim already quotes the notes; ``where`` replaces the
    context (a claim about which service must not name the service in its context)."""
    labels = TF_LABELS[lang]
    place = where if where is not None else ctx(fact, lang)
    if lang == "ja":
        stem = f"［{place}］{claim} (○/×)"
        verdict = "正しい。" if truth else "誤り。" + (f"正しくは「{fix}」。" if fix else "")
    else:
        shown = claim if rendered else f"\"{claim}\"" if claim.isascii() else quote_en(claim)
        stem = f"True or false? Your notes on {place} say: {shown}."
        verdict = "True." if truth else "False." + (f" The notes say {fix}." if fix else "")
    return cand(fact, make_item(fact, "truefalse", lang, stem, list(labels),
                                [0 if truth else 1], "easy", verdict), truth)


def term_items(fact: Fact, pool: Pool, rng: random.Random) -> Iterator[Candidate]:
    """Cloze and swapped-term true/false for a term (its single-answer form is a scenario)."""
    for lang in ("ja", "en"):
        key = fact.answer if lang == "ja" else term_en(fact.answer)
        if lang == "ja":
            cloze = f"{ctx(fact, 'ja')}で「{fact.masked}」に当てはまる語句を答えよ。"
        else:
            cloze = (f"Your notes on {ctx(fact, 'en')} describe {quote_en(fact.masked)}. "
                     "Type the term they use for it.")
        stem_for_check = cloze
        wrong = term_options(fact, pool, stem_for_check, "ja", rng, k=1)
        if wrong:
            w = wrong[0] if lang == "ja" else term_en(wrong[0])
            form = "{}は「{}」のことである" if lang == "ja" else "{} means {}"
            desc = fact.masked if lang == "ja" else quote_en(fact.masked)
            for truth in (True, False):
                yield tf(fact, lang, form.format(key if truth else w, desc), truth, fix=key,
                         rendered=True)
        accepted = list(dict.fromkeys([fact.answer, key, *aliases(fact.answer)]))
        yield cand(fact, make_item(fact, "cloze", lang, cloze, accepted,
                                   list(range(len(accepted))), "hard", note(lang, key)))
