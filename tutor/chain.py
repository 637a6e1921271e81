"""The tutor chain: validate -> condense -> retrieve -> select -> decide -> answer -> cite.

``Tutor`` loads the index once and answers many questions. Retrieval, line selection
and the refusal decision happen here, once, for every backend; the answerer chosen by
``settings.llm`` (extractive by default) only writes the answer from them.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator

from core.catalog import services_in
from core.models import Answer, ScoredChunk
from core.settings import Settings
from core.text import LANG_NAMES, detect_language
from ingest.coverage import uncovered_services
from tutor.answerers import AnswerRequest, Draft, make_answerer
from tutor.refusal import decide, refusal_text
from tutor.retrieve import Index, search
from tutor.select import LineScorer, select

History = list[dict[str, str]]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ANAPHORA = re.compile(r"^(その|それ|これ|あれ|そこ|この|あの|では|じゃあ|じゃ|他に|ほかに|逆に)|"
                       r"\b(it|its|that|this|they|them|those|these|there|what about|and)\b",
                       re.I)


class QuestionError(ValueError):
    """A question the tutor cannot take (empty, too long): a usage error."""


def clean_question(question: str, settings: Settings) -> str:
    """Strip control characters; refuse empty and oversized questions with a reason."""
    if not isinstance(question, str):
        raise QuestionError("The question must be text.")
    if len(question) > settings.max_question_chars:
        raise QuestionError(
            f"The question is too long ({len(question):,} characters; the limit is "
            f"{settings.max_question_chars:,}). Ask about one topic at a time. / "
            f"質問が長すぎます（上限 {settings.max_question_chars:,} 文字）。")
    cleaned = " ".join(_CONTROL.sub(" ", question).split())
    if not cleaned:
        raise QuestionError("The question is empty. / 質問が空です。")
    return cleaned


def normalize_history(history: object) -> History:
    """Accept Gradio 'messages', (user, bot) pairs, or None."""
    out: History = []
    for item in history or []:
        if isinstance(item, dict) and item.get("role") in {"user", "assistant"}:
            content = item.get("content")
            if isinstance(content, str):
                out.append({"role": item["role"], "content": content})
        elif isinstance(item, list | tuple) and len(item) == 2:
            out += [{"role": "user", "content": str(item[0] or "")},
                    {"role": "assistant", "content": str(item[1] or "")}]
    return out


def condense(question: str, history: History) -> str:
    """Make a follow-up self-contained by carrying the previous question's topic.

    "そのデフォルト値は？" after "SQSの可視性タイムアウトとは？" is retrieved as both.
    """
    previous = [m["content"] for m in history if m["role"] == "user"]
    if not previous:
        return question
    short = len(question) <= 25 if detect_language(question) == "ja" else len(question) <= 60
    refers = bool(_ANAPHORA.search(question))
    if (refers or short) and not services_in(question) or refers and short:
        return f"{previous[-1]} {question}"
    return question


class Tutor:
    """Answers questions from one index. Thread-safe for concurrent UI users."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.answerer = make_answerer(settings)  # a bad backend name fails here, early
        self.index = Index.load(settings)
        self.scorer = LineScorer(self.index.chunks)
        self.uncovered = uncovered_services(self.index.chunks, self.index.empty)

    def retrieve(self, question: str, k: int | None = None, lang: str | None = None
                 ) -> list[ScoredChunk]:
        lang = lang or ("ja" if detect_language(question) == "ja" else "en")
        return search(self.index, question, lang, k)

    def answer(self, question: str, history: object = None) -> Answer:
        result: Answer | None = None
        for piece in self.stream(question, history):
            if isinstance(piece, Answer):
                result = piece
        assert result is not None
        return result

    def stream(self, question: str, history: object = None) -> Iterator[str | Answer]:
        """Yield answer text as it is produced, then the final Answer."""
        t0 = time.perf_counter()
        timings: dict[str, float] = {}
        question = clean_question(question, self.settings)
        detected = detect_language(question)
        lang = detected if detected in {"ja", "en"} else "en"
        answer = Answer(question=question, language=lang, answer="", backend="extractive")
        if lang != detected:
            name = LANG_NAMES.get(detected, "another language")
            answer.notices.append(f"Your question looks like {name}; I answer in English.")
        standalone = condense(question, normalize_history(history))
        hits = search(self.index, standalone, lang, timings=timings)
        selection = select(standalone, lang, hits, self.scorer)
        decision = decide(standalone, lang, hits, selection, self.scorer, self.uncovered)
        answer.standalone_question = standalone if standalone != question else None
        answer.retrieved = [h.chunk.heading for h in hits]
        answer.retrieved_sources = [h.chunk.source for h in hits]
        if decision.refuse:
            answer.refused = True
            answer.answer = refusal_text(lang, hits, decision)
            yield answer.answer
        else:
            request = AnswerRequest(standalone, lang, hits, selection)
            for piece in self.answerer.stream(request):
                if isinstance(piece, Draft):
                    _fill(answer, piece)
                else:
                    yield piece
        timings["total"] = (time.perf_counter() - t0) * 1000
        answer.timings_ms = {k: round(v, 2) for k, v in timings.items()}
        yield answer


def _fill(answer: Answer, draft: Draft) -> None:
    answer.answer = draft.text
    answer.citations = draft.citations
    answer.backend = draft.backend
    answer.refused = draft.refused
    answer.quotes = draft.quotes
    answer.notices += draft.notices
    answer.flagged_sentences = draft.flagged_sentences
    answer.flagged = len(draft.flagged_sentences)
    answer.removed = draft.removed


_TUTORS: dict[str, Tutor] = {}
_TUTORS_LOCK = threading.Lock()


def get_tutor(settings: Settings) -> Tutor:
    """One Tutor per configuration per process: loading the index is the slow part."""
    key = settings.model_dump_json()
    with _TUTORS_LOCK:
        if key not in _TUTORS:
            _TUTORS[key] = Tutor(settings)
        return _TUTORS[key]


def reset_tutors() -> None:
    """Forget loaded indexes (after a re-ingest)."""
    with _TUTORS_LOCK:
        _TUTORS.clear()


def answer(question: str, history: object = None, settings: Settings | None = None) -> Answer:
    """Answer one question with citations; see ``Tutor.stream`` for streaming."""
    return get_tutor(settings or Settings()).answer(question, history)
