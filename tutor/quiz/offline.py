"""Offline generator: exam-style items built from extracted facts, no model needed.

Difficulty rule (stated so learners can trust the label):
- easy: true/false items, and multiple choice that asks which service a definition names;
- medium: multiple choice on a number (numeric neighbours), a term or a setting;
- hard: multiple response (choose 2 of 5) and cloze (type the answer, no options to lean on).

Options are built key-first; ``assemble.arrange`` shuffles them so key positions are balanced.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from tutor.quiz import numbers
from tutor.quiz.distractors import (
    Pool,
    number_options,
    service_options,
    setting_options,
    term_options,
)
from tutor.quiz.facts import Fact, norm
from tutor.quiz.falsify import negate
from tutor.quiz.glossary import line_en, term_en
from tutor.quiz.items import BLANK, TF_LABELS, QuizItem, citation_for, explain, item_id

BLANK_EN = "____"


@dataclass
class Candidate:
    item: QuizItem
    fact_id: str
    truth: bool | None = None  # for true/false items


def _item(fact: Fact, type_: str, lang: str, stem: str, options: list[str], answer: list[int],
          difficulty: str, evidence: str | None = None, note: str = "") -> QuizItem:
    cite = citation_for(fact.chunk)
    evidence = evidence or fact.line
    keys = [options[i] for i in answer]
    return QuizItem(id=item_id(type_, lang, stem, sorted(keys)), type=type_, lang=lang,  # type: ignore[arg-type]
                    stem=stem, options=options, answer=answer,
                    explanation=explain(lang, evidence, cite, note), citations=[cite],
                    service=fact.service, domain=fact.domain, difficulty=difficulty,  # type: ignore[arg-type]
                    evidence=evidence, kind=fact.kind)


def _ctx(fact: Fact) -> str:
    """Where the fact lives; a label-term's parent is its answer, so it is left out."""
    return fact.label if fact.kind == "term" and "|label" in fact.group else fact.context


def _ctx_en(fact: Fact) -> str | None:
    if not fact.parent or (fact.kind == "term" and "|label" in fact.group):
        return fact.label
    parent = term_en(fact.parent)
    return f"{fact.label} › {parent}" if parent else None


def _note(lang: str, key: str, extra: str = "") -> str:
    if lang == "ja":
        return f"正解: {key}。"
    return f"Answer: {key}." + (f" ({extra})" if extra else "")


def _value_stem_ja(fact: Fact, masked: str) -> str:
    prefix = masked[:-len(BLANK)] if masked.endswith(BLANK) else ""
    if len(prefix) >= 4 and prefix[-1] not in "はがをにでとのも最大 ":
        return f"{_ctx(fact)}の{prefix}は？"
    return f"{_ctx(fact)}について、（　）に入るものはどれか。「{masked}」"


def _english_value(fact: Fact) -> tuple[str, str] | None:
    """(masked English line, English key) for a number or setting fact."""
    en = line_en(fact.line)
    if not en or en == fact.line and not fact.line.isascii():
        return None
    if fact.kind == "number" and fact.qty is not None:
        for q in numbers.parse(en):
            if numbers.same(q, fact.qty) and en.count(q.surface) == 1:
                return en[:q.start] + BLANK_EN + en[q.end:], q.surface
        return None
    if fact.answer in en and en.count(fact.answer) == 1:
        return en.replace(fact.answer, BLANK_EN), fact.answer
    return None


def value_items(fact: Fact, pool: Pool, rng: random.Random) -> Iterator[Candidate]:
    """mcq, cloze and true/false for a number or a setting, in Japanese and English."""
    forms: list[tuple[str, str, str, str]] = []  # lang, masked, key, context
    forms.append(("ja", fact.masked, fact.answer, _ctx(fact)))
    en = _english_value(fact)
    ctx_en = _ctx_en(fact)
    if en and ctx_en:
        forms.append(("en", en[0], en[1], ctx_en))
    for lang, masked, key, ctx in forms:
        blank = BLANK if lang == "ja" else BLANK_EN
        if fact.kind == "number":
            key_q = numbers.parse_one(key)
            if key_q is None:
                continue
            wrong = number_options(fact, pool, key_q, masked, rng)
        else:
            wrong = setting_options(fact, pool, masked, rng)
        if lang == "ja":
            stem = _value_stem_ja(fact, masked) if fact.kind == "number" else \
                f"{ctx}について、（　）に入るものはどれか。「{masked}」"
            cloze = f"{ctx}について、（　）に入る語句を答えよ。「{masked}」"
        else:
            stem = f"{ctx}: {masked} Which option fills the blank?"
            cloze = f"{ctx}: fill in the blank. {masked}"
        extra = line_en(fact.line) or ""
        if wrong:
            yield Candidate(_item(fact, "mcq", lang, stem, [key, *wrong], [0], "medium",
                                  note=_note(lang, key, extra)), fact.id)
            false_claim = masked.replace(blank, wrong[0])
            true_claim = masked.replace(blank, key)
            for truth, claim in ((True, true_claim), (False, false_claim)):
                yield _tf(fact, lang, ctx, claim, truth, extra, fix=key)
        accepted = _accepted(key)
        yield Candidate(_item(fact, "cloze", lang, cloze, accepted, list(range(len(accepted))),
                              "hard", note=_note(lang, key, extra)), fact.id)


def _accepted(key: str) -> list[str]:
    """The key plus spellings a learner may type (256 KB, 14日)."""
    out = [key]
    q = numbers.parse_one(key)
    if q is not None:
        num = q.surface[:len(q.surface) - len(q.unit)].strip() if q.unit else q.surface
        out += [f"{num} {q.unit}".strip(), f"{num}{q.unit}"]
        if q.unit.endswith("間"):
            out.append(f"{num}{q.unit[:-1]}")
    return list(dict.fromkeys(out))


def _tf(fact: Fact, lang: str, ctx: str, claim: str, truth: bool, extra: str = "",
        fix: str = "") -> Candidate:
    """A true/false item; ``fix`` names the right value/term when the claim is false."""
    labels = TF_LABELS[lang]
    if lang == "ja":
        stem = f"［{ctx}］{claim} (○/×)"
        note = "正しい。" if truth else "誤り。" + (f"正しくは「{fix}」。" if fix else "")
    else:
        stem = f"True or false? {ctx}: {claim}"
        note = ("True." if truth else "False." + (f" The notes say {fix}." if fix else ""))
        note += f" ({extra})" if extra else ""
    return Candidate(_item(fact, "truefalse", lang, stem, list(labels), [0 if truth else 1],
                           "easy", note=note), fact.id, truth)


def term_items(fact: Fact, pool: Pool, rng: random.Random) -> Iterator[Candidate]:
    """Which term matches a description: mcq, cloze and swapped-term true/false."""
    forms = [("ja", fact.masked, fact.answer, _ctx(fact))]
    desc_en, key_en, ctx_en = line_en(fact.masked), term_en(fact.answer), _ctx_en(fact)
    if desc_en and key_en and ctx_en:
        forms.append(("en", desc_en, key_en, ctx_en))
    for lang, desc, key, ctx in forms:
        if lang == "ja":
            stem = f"{ctx}で「{desc}」に当てはまるのはどれか。"
            cloze = f"{ctx}で「{desc}」に当てはまる語句を答えよ。"
        else:
            stem = f"{ctx}: which term matches \"{desc}\"?"
            cloze = f"{ctx}: type the term that matches \"{desc}\"."
        wrong = term_options(fact, pool, stem, lang, rng)
        extra = desc_en or ""
        if wrong:
            yield Candidate(_item(fact, "mcq", lang, stem, [key, *wrong], [0], "medium",
                                  note=_note(lang, key, extra)), fact.id)
            form = "{}は「{}」" if lang == "ja" else "{} means \"{}\""
            yield _tf(fact, lang, ctx, form.format(key, desc), True, extra)
            yield _tf(fact, lang, ctx, form.format(wrong[0], desc), False, extra, fix=key)
        accepted = [key] + ([key_en] if lang == "ja" and key_en and key_en != key else [])
        yield Candidate(_item(fact, "cloze", lang, cloze, accepted, list(range(len(accepted))),
                              "hard", note=_note(lang, key, extra)), fact.id)


def name_items(fact: Fact, pool: Pool, rng: random.Random) -> Iterator[Candidate]:
    """Which service a definition describes: mcq (easy) and true/false."""
    forms = [("ja", fact.masked)]
    if (en := line_en(fact.masked)) and en != fact.masked:
        forms.append(("en", en))
    for lang, definition in forms:
        if lang == "ja":
            stem = f"次の説明に当てはまるAWSサービスはどれか。「{definition}」"
        else:
            stem = f"Which AWS service do the notes describe as \"{definition}\"?"
        wrong = service_options(fact, pool, stem, rng)
        if not wrong:
            continue
        extra = en or ""
        yield Candidate(_item(fact, "mcq", lang, stem, [fact.service, *wrong], [0], "easy",
                              note=_note(lang, fact.service, extra)), fact.id)
        form = "「{}」は{}のことである" if lang == "ja" else "\"{}\" describes {}."
        ctx = "AWS" if lang == "ja" else "AWS services"
        yield _tf(fact, lang, ctx, form.format(definition, fact.service), True, extra)
        yield _tf(fact, lang, ctx, form.format(definition, wrong[0]), False, extra,
                  fix=fact.service)


def statement_items(fact: Fact) -> Iterator[Candidate]:
    """A note line as a true statement and, when it negates cleanly, as a false one."""
    yield _tf(fact, "ja", fact.context, fact.line, True)
    flipped = negate(fact.line)
    if flipped and norm(flipped) != norm(fact.line):
        yield _tf(fact, "ja", fact.context, flipped, False)
    en = line_en(fact.line)
    ctx_en = _ctx_en(fact)
    if en and ctx_en and not fact.line.isascii():
        yield _tf(fact, "en", ctx_en, en, True, en)
