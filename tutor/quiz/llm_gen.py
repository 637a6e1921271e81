"""LLM generator: a chat model writes items from one chunk as JSON; the checks judge them.

The model's output is parsed (fences stripped), validated item by item with pydantic, and
run through ``checks.check_item`` against the whole corpus. An item that fails anything is
dropped, never repaired: a quiz with fewer items beats a quiz with a wrong key. Service,
domain, difficulty, citation and the option order are set here, not by the model (models
put the key at "B" far too often; ``assemble.arrange`` reshuffles).
"""

from __future__ import annotations

import json
import logging
import random
import re
from string import Template
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError, field_validator

from tutor.answerers import make_answerer
from tutor.answerers.llm import strip_fences
from tutor.quiz.checks import Corpus, check_item, is_service_name
from tutor.quiz.facts import chunk_service, domain_of, norm
from tutor.quiz.items import (
    ITEM_TYPES,
    LETTERS,
    TF_LABELS,
    ItemType,
    QuizItem,
    citation_for,
    explain,
    item_id,
)
from tutor.quiz.offline import Candidate

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from core.models import Chunk
    from core.settings import Settings

log = logging.getLogger(__name__)
ITEMS_PER_CALL = 3
_SCENARIO = re.compile(r"developer|team|company|requirement|開発者|チーム|企業|要件", re.I)


class LLMItem(BaseModel):
    """What the prompt asks the model for, one item."""

    type: ItemType
    stem: str
    options: list[str]
    answer: list[int]
    explanation: str = ""
    evidence: str

    @field_validator("answer", mode="before")
    @classmethod
    def _letters(cls, v: Any) -> Any:
        """Accept "B", ["A", "C"] or 1 as well as [1]."""
        v = v if isinstance(v, list) else [v]
        return [LETTERS.index(x.strip().upper()) if isinstance(x, str) and x.strip().upper()
                in LETTERS else x for x in v]


def parse_items(text: str) -> list[LLMItem]:
    """Valid items from a reply; malformed JSON or an invalid item yields nothing for it."""
    try:
        data = json.loads(strip_fences(text))
    except (json.JSONDecodeError, TypeError):
        log.info("quiz model reply is not JSON: %.80s", text)
        return []
    raw = data.get("items", []) if isinstance(data, dict) else data
    out = []
    for r in raw if isinstance(raw, list) else []:
        try:
            out.append(LLMItem.model_validate(r))
        except ValidationError as exc:
            log.info("quiz model item invalid: %s", exc.errors()[:1])
    return out


def _difficulty(raw: LLMItem) -> str:
    """The offline rule: true/false easy; naming a service easy; other mcq medium; else hard."""
    if raw.type == "truefalse":
        return "easy"
    if raw.type == "mcq":
        return "easy" if all(is_service_name(o) for o in raw.options) else "medium"
    return "hard"


def to_item(raw: LLMItem, chunk: Chunk, lang: str) -> QuizItem | None:
    service = chunk_service(chunk)
    if service is None:
        return None
    options = raw.options
    if raw.type == "truefalse":
        labels = {norm(o) for o in options}
        if labels not in ({"○", "×"}, {"true", "false"}, {"o", "x"}):
            return None
        truth = norm(options[raw.answer[0]]) in ("○", "true", "o") if raw.answer else None
        options, answer = list(TF_LABELS[lang]), [0 if truth else 1]
    else:
        answer = sorted(set(raw.answer))
    cite = citation_for(chunk)
    keys = sorted(options[i] for i in answer if 0 <= i < len(options))
    return QuizItem(id=item_id(raw.type, lang, raw.stem, keys), type=raw.type, lang=lang,  # type: ignore[arg-type]
                    stem=raw.stem, options=options, answer=answer,
                    explanation=explain(lang, raw.evidence, cite, raw.explanation.strip()),
                    citations=[cite], service=service,
                    domain=domain_of(chunk, service, raw.evidence),
                    difficulty=_difficulty(raw), evidence=raw.evidence, kind="llm",  # type: ignore[arg-type]
                    scenario=raw.type in ("mcq", "multi") and bool(_SCENARIO.search(raw.stem)))


def llm_candidates(chunks: list[Chunk], *, settings: Settings, n: int, rng: random.Random,
                   chat_model: BaseChatModel | None, filters: dict[str, Any]) -> list[Candidate]:
    """Ask the model chunk by chunk until ``n`` items pass the checks (bounded calls)."""
    from tutor.answerers.llm import load_prompt
    from tutor.quiz import offline_candidates
    from tutor.quiz.assemble import resolve_service

    if chat_model is None:
        chat_model = make_answerer(settings).chat_model

    types = filters.get("types") or list(ITEM_TYPES)
    service = resolve_service(filters["service"]) if filters.get("service") else None
    eligible = [c for c in chunks if chunk_service(c)
                and (service is None or chunk_service(c) == service)
                and (filters.get("domain") is None or filters["domain"] in c.domains)]
    rng.shuffle(eligible)
    langs = [filters["lang"]] if filters.get("lang") else ["ja", "en"]
    corpus = Corpus(chunks)
    out: list[Candidate] = []
    calls = failures = 0
    for i, chunk in enumerate(eligible[:max(3, n)]):
        if len(out) >= n:
            break
        lang = langs[i % len(langs)]
        prompt = Template(load_prompt("quiz", lang)).safe_substitute(
            count=min(ITEMS_PER_CALL, n - len(out)), types=", ".join(types),
            source=chunk.source, heading=chunk.heading, chunk=chunk.text)
        calls += 1
        try:
            reply = chat_model.invoke(prompt)
        except Exception as exc:  # noqa: BLE001 - any backend failure: try the next chunk
            failures += 1
            log.warning("quiz model call failed: %s", exc)
            continue
        content = reply.content if isinstance(reply.content, str) else str(reply.content)
        for j, raw in enumerate(parse_items(content)):
            item = to_item(raw, chunk, lang) if raw.type in types else None
            problems = check_item(item, corpus) if item else ["unusable item"]
            if problems:
                log.info("dropped model item %r: %s", raw.stem[:60], problems)
                continue
            out.append(Candidate(item, f"llm:{chunk.id}:{j}",  # type: ignore[arg-type]
                                 truth=None))
    if calls and failures == calls:
        log.warning("quiz model unreachable; using the offline generator")
        return offline_candidates(chunks, rng)
    return out
