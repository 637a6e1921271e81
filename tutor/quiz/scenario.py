"""Scenario items in the DVA-C02 style: "A developer needs … Which service / option?"

Built offline from what the notes say a service or a feature is for:
- purpose -> service: a service's defining line ("… for orchestration") as the need;
- requirement -> service: a distinctive line of one service as the requirement, the
  distractors sibling services whose notes do not say anything like it;
- behaviour -> option: a feature's description as the wanted behaviour, the distractors
  the sibling options of the same list (deployment configurations, polling modes, ...).
Each is written in Japanese and English (``english`` quotes the notes with a gloss).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from functools import lru_cache

from core.tokenize import tokenize
from tutor.quiz.distractors import Pool, fewest_tells, service_options, term_options
from tutor.quiz.english import quote_en, term_en
from tutor.quiz.facts import EXAM, Fact, norm
from tutor.quiz.offline import Candidate, cand, make_item, note, tf

_ASK_SERVICE = {"ja": "どのサービスを選ぶべきか。",
                "en": "Which AWS service meets these requirements?"}


def _need(lang: str, text: str) -> str:
    text = text.rstrip("。. ")
    if lang == "ja":
        return f"ある開発チームが、次の要件を満たすAWSサービスを選ぼうとしている:「{text}」。"
    return f"A development team is choosing an AWS service that must meet this need: {quote_en(text)}."


_GENERIC_NAME_WORDS = {"aw", "aws", "amazon", "servic", "service", "simpl", "simple", "manag"}


def shares_name_words(text: str, service: str) -> bool:
    """The text uses a word of the service's name ("secrets" for Secrets Manager)."""
    from tutor.quiz.facts import service_aliases

    name_words = {w for a in service_aliases(service) for w in tokenize(a)} - _GENERIC_NAME_WORDS
    return bool(name_words & set(tokenize(text)))


def names_a_service(text: str, service: str | None = None) -> bool:
    """The text names ``service`` (any service when None), or misspells it: the stem
    would point at the answer."""
    import re

    from core.catalog import misspelled_service, services_in

    named = set(services_in(text)) | {misspelled_service(w) for w in
                                      re.findall(r"[A-Za-z][A-Za-z0-9-]{3,}", text)}
    named.discard(None)
    return bool(named) if service is None else service in named


def purpose_items(fact: Fact, pool: Pool, rng: random.Random) -> Iterator[Candidate]:
    """From a definition line: which service is for this purpose (easy), and true/false."""
    if (fact.service == EXAM or names_a_service(fact.masked)
            or shares_name_words(fact.masked, fact.service)):
        return
    for lang in ("ja", "en"):
        stem = _need(lang, fact.masked) + ("" if lang == "ja" else " ") + _ASK_SERVICE[lang]
        wrong = fewest_tells(stem, fact.service, service_options(fact, pool, stem, rng, k=8),
                             rng)
        if not wrong:
            continue
        yield cand(fact, make_item(fact, "mcq", lang, stem, [fact.service, *wrong], [0],
                                   "easy", note(lang, fact.service), scenario=True,
                                   others=_definitions(pool, wrong)))
        for truth in (True, False):
            name = fact.service if truth else wrong[0]
            claim = (f"「{fact.masked}」に使うサービスは{name}である" if lang == "ja"
                     else f"the service for {quote_en(fact.masked)} is {name}")
            yield tf(fact, lang, claim, truth, fix=fact.service, rendered=True,
                     where="AWS" if lang == "ja" else "AWS services")


def _definitions(pool: Pool, services: list[str]) -> list[tuple[str, Fact]]:
    """What the notes say each wrong service is for (its definition line), to explain."""
    found = {}
    for f in pool.facts:
        if f.kind == "name" and f.service in services and f.service not in found:
            found[f.service] = f
    return [(s, found[s]) for s in services if s in found]


@lru_cache(maxsize=8)
def _service_tokens(pool_id: int, pool: Pool) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in pool.facts:
        out.setdefault(f.service, set()).update(tokenize(f.line))
    return out


def distinct_from(fact: Fact, pool: Pool, service: str) -> bool:
    """Nothing in ``service``'s notes says much the same as the fact's line."""
    mine = set(tokenize(fact.line))
    if not mine:
        return False
    theirs = _service_tokens(id(pool), pool).get(service, set())
    return len(mine & theirs) / len(mine) < 0.5


def requirement_items(fact: Fact, pool: Pool, rng: random.Random,
                      relaxed: bool = False) -> Iterator[Candidate]:
    """From a distinctive line of a service: which service meets this requirement.

    A line naming another service hints at its family (EC2 -> ECS), and one using a word
    of the service's own name hints at it, so both are used only ``relaxed``: for a
    service that has no other scenario item."""
    from tutor.quiz.facts import is_term

    if fact.service == EXAM or (fact.parent and not is_term(fact.parent)):
        return  # the exam is no service; a child of a sentence means little on its own
    text = f"{fact.parent}: {fact.line}" if fact.parent else fact.line
    if (len(norm(fact.line)) < 10 or names_a_service(text, fact.service if relaxed else None)
            or (shares_name_words(text, fact.service) and not relaxed)):
        return
    others = [s for s in pool.services if s != fact.service]
    if sum(not distinct_from(fact, pool, s) for s in others) >= 2:
        return  # a generic line ("fully managed"): true of many services
    for lang in ("ja", "en"):
        stem = _need(lang, text) + ("" if lang == "ja" else " ") + _ASK_SERVICE[lang]
        wrong = fewest_tells(stem, fact.service, [
            s for s in service_options(fact, pool, stem, rng, k=10)
            if distinct_from(fact, pool, s)][:8], rng)
        if len(wrong) < 3:
            continue
        yield cand(fact, make_item(fact, "mcq", lang, stem, [fact.service, *wrong], [0],
                                   "medium", note(lang, fact.service), scenario=True,
                                   others=_definitions(pool, wrong)))


def _named_by_its_words(key: str, wrong: list[str], desc: str) -> bool:
    """The key's name shares more words with the description than any wrong option does
    (``start-api`` for "runs the API locally"): a guesser would match words."""
    said = set(tokenize(desc))
    overlap = [len(set(tokenize(o)) & said) for o in (key, *wrong)]
    return overlap[0] > max(overlap[1:])


def behaviour_items(fact: Fact, pool: Pool, rng: random.Random) -> Iterator[Candidate]:
    """From a term and its description: which option gives the wanted behaviour."""
    where = fact.parent if fact.parent and "|label" not in fact.group else ""
    for lang in ("ja", "en"):
        if lang == "ja":
            scope = f"（{where}）" if where else ""
            stem = (f"{fact.label}を使う開発者が、次の動作を必要としている{scope}:"
                    f"「{fact.masked}」。どれを選ぶべきか。")
        else:
            scope = f" ({term_en(where)})" if where else ""
            stem = (f"A developer using {fact.label} needs this behaviour{scope}: "
                    f"{quote_en(fact.masked)}. Which option should the developer choose?")
        wrong = term_options(fact, pool, stem, "ja", rng)
        if not wrong or _named_by_its_words(fact.answer, wrong, fact.masked):
            continue
        key = fact.answer if lang == "ja" else term_en(fact.answer)
        shown = wrong if lang == "ja" else [term_en(w) for w in wrong]
        yield cand(fact, make_item(fact, "mcq", lang, stem, [key, *shown], [0], "medium",
                                   note(lang, key), scenario=True))

