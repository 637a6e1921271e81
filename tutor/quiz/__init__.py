"""Quiz: exam-style items (DVA-C02 formats) generated from the indexed notes.

``generate`` is the one entry point: offline from extracted facts by default, or written
by a chat model when ``settings.llm`` names one (or ``chat_model`` is passed). Either way
every item is checked against the notes (``checks``) and dropped if it fails.
"""

from __future__ import annotations

import logging
import random
from typing import TYPE_CHECKING

from tutor.quiz.items import QuizItem

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from core.models import Chunk
    from core.settings import Settings
    from tutor.quiz.offline import Candidate

__all__ = ["QuizItem", "generate", "offline_candidates"]
log = logging.getLogger(__name__)


def offline_candidates(chunks: list[Chunk], rng: random.Random) -> list[Candidate]:
    """Every item the offline generator can make from ``chunks`` that passes the checks."""
    from tutor.quiz.checks import Corpus, check_item
    from tutor.quiz.distractors import Pool
    from tutor.quiz.facts import extract
    from tutor.quiz.multi import statement_multi, term_multi
    from tutor.quiz.offline import term_items, value_items
    from tutor.quiz.scenario import behaviour_items, purpose_items, requirement_items

    facts = extract(chunks)
    pool = Pool(facts, chunks)
    out: list[Candidate] = []
    for fact in facts:
        if fact.kind in ("number", "setting"):
            out += value_items(fact, pool, rng)
        elif fact.kind == "term":
            out += term_items(fact, pool, rng)
            out += behaviour_items(fact, pool, rng)
        elif fact.kind == "name":
            out += purpose_items(fact, pool, rng)
        if fact.kind in ("statement", "number"):
            out += requirement_items(fact, pool, rng)
    with_scenario = {c.item.service for c in out if c.item.scenario}
    with_en = {(c.item.citations[0].source, c.item.citations[0].heading) for c in out
               if c.item.lang == "en"}
    for fact in facts:
        if fact.kind in ("statement", "number") and (
                fact.service not in with_scenario
                or (fact.chunk.source, fact.chunk.heading) not in with_en):
            out += requirement_items(fact, pool, rng, relaxed=True)
    out += term_multi(pool, rng)
    out += statement_multi(pool, rng)
    corpus = Corpus(chunks)
    kept, seen = [], set()
    for c in out:
        problems = check_item(c.item, corpus)
        if problems:
            log.debug("dropped %s: %s", c.item.stem, problems)
        elif c.item.id not in seen:
            seen.add(c.item.id)
            kept.append(c)
    return kept


_CACHE: dict[str, list[Candidate]] = {}


def corpus_candidates(chunks: list[Chunk]) -> list[Candidate]:
    """``offline_candidates`` of these chunks, computed once per version of the notes.

    Distractors are drawn with a fixed seed, so an item reads the same in every quiz (and
    in the review store); each quiz's seed then picks and orders among them.
    """
    import hashlib

    digest = hashlib.sha1("\x1e".join(f"{c.source}\x1f{c.heading}\x1f{c.text}"
                                       for c in chunks).encode("utf-8")).hexdigest()
    if digest not in _CACHE:
        if len(_CACHE) >= 4:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[digest] = offline_candidates(chunks, random.Random(0))
    return _CACHE[digest]


def generate(chunks: list[Chunk] | None = None, *, settings: Settings, n: int = 10,
             types: list[str] | None = None, service: str | None = None,
             domain: int | None = None, difficulty: str | None = None, lang: str | None = None,
             seed: int | None = None, chat_model: BaseChatModel | None = None) -> list[QuizItem]:
    """A quiz of up to ``n`` checked items; the same ``seed`` gives the same quiz.

    ``types=None`` gives the exam's formats (single answer, choose two); true/false and
    cloze are drills a learner asks for. ``lang=None`` mixes Japanese and English items.
    Fewer than ``n`` items come back when the notes (after filtering) do not hold enough
    facts; ``assemble.why_empty`` says why none came back.
    """
    from tutor.quiz.assemble import DEFAULT_TYPES, arrange, matches, pick

    rng = random.Random(seed)
    if chunks is None:
        from ingest.store import load_chunks

        chunks = load_chunks(settings)
    filters = {"types": types or list(DEFAULT_TYPES), "service": service, "domain": domain,
               "difficulty": difficulty, "lang": lang}
    if chat_model is None:
        from tutor.answerers import make_answerer

        chat_model = make_answerer(settings).chat_model  # None for the extractive backend
    if chat_model is not None:
        from tutor.quiz.llm_gen import llm_candidates

        cands = llm_candidates(chunks, settings=settings, n=n, rng=rng, chat_model=chat_model,
                               filters=filters)
    else:
        cands = corpus_candidates(chunks)
    cands = [c for c in cands if matches(c.item, **filters)]  # type: ignore[arg-type]
    return arrange([c.item for c in pick(cands, n, rng)], rng)
