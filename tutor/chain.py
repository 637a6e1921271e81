"""The tutor chain: validate -> condense -> retrieve -> answer -> cite.

``Tutor`` loads the index once and answers many questions; the extractive answerer is
the default, an LLM backend is used when configured and falls back to the extractive
answer (with a notice) when it is unreachable or fails.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator

from ingest.tagging import services_in
from ingest.textutil import LANG_NAMES, detect_language
from tutor.cite import citation_for, verify
from tutor.extractive import LineScorer, compose, select
from tutor.models import Answer, ScoredChunk
from tutor.refusal import decide, refusal_text, uncovered_services
from tutor.retrieve import Index, search
from tutor.settings import Settings

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
        self.index = Index.load(settings)
        self.scorer = LineScorer(self.index.chunks)
        self.uncovered = uncovered_services(self.index.chunks, self.index.empty)
        self._llm = None
        self._lock = threading.Lock()

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
        notice = None
        if lang != detected:
            name = LANG_NAMES.get(detected, "another language")
            notice = f"Your question looks like {name}; I answer in English."
        standalone = condense(question, normalize_history(history))
        hits = search(self.index, standalone, lang, timings=timings)
        selection = select(standalone, lang, hits, self.scorer)
        decision = decide(standalone, lang, hits, selection, self.scorer, self.uncovered)
        answer = Answer(question=question, language=lang, answer="", notice=notice,
                        standalone_question=standalone if standalone != question else None,
                        retrieved=[h.chunk.heading for h in hits],
                        retrieved_sources=[h.chunk.source for h in hits],
                        backend="extractive")
        if decision.refuse:
            answer.refused = True
            answer.answer = refusal_text(lang, hits, decision)
            yield answer.answer
        elif self.settings.llm != "extractive":
            yield from self._llm_answer(answer, standalone, hits, selection)
        else:
            text, used = compose(lang, selection, hits)
            answer.answer = text
            answer.citations = [citation_for(i + 1, *(hits[p].chunk for p in ps))
                                for i, ps in enumerate(used)]
            yield text
        if notice:
            answer.answer = f"{notice}\n\n{answer.answer}"
        timings["total"] = (time.perf_counter() - t0) * 1000
        answer.timings_ms = {k: round(v, 2) for k, v in timings.items()}
        yield answer

    def _chat_model(self):  # noqa: ANN202
        with self._lock:
            if self._llm is None:
                from tutor.llm import make_chat_model

                self._llm = make_chat_model(self.settings)
            return self._llm

    def _llm_answer(self, answer: Answer, question: str, hits: list[ScoredChunk],
                    selection) -> Iterator[str]:  # noqa: ANN001
        """Stream from the LLM; on any failure fall back to the extractive answer."""
        from langchain_core.messages import HumanMessage, SystemMessage

        from tutor.llm import load_prompt

        context = "\n\n".join(f"[{i + 1}] ({h.chunk.source} › {h.chunk.heading})\n{h.chunk.body}"
                              for i, h in enumerate(hits))
        system = load_prompt("answer", answer.language).format(context=context)
        parts: list[str] = []
        try:
            model = self._chat_model()
            for chunk in model.stream([SystemMessage(system), HumanMessage(question)]):
                piece = chunk.content if isinstance(chunk.content, str) else ""
                if piece:
                    parts.append(piece)
                    yield piece
            text = "".join(parts).strip()
            if not text:
                raise RuntimeError("the model returned an empty answer")
        except Exception as exc:  # any backend failure: the learner still gets an answer
            reason = f"{type(exc).__name__}: {str(exc)[:200]}"
            answer.notice = (f"The LLM backend '{self.settings.llm}' failed ({reason}); "
                             "showing the extractive answer instead.")
            text, used = compose(answer.language, selection, hits)
            answer.answer = text
            answer.citations = [citation_for(i + 1, *(hits[p].chunk for p in ps))
                                for i, ps in enumerate(used)]
            yield ("\n\n" if parts else "") + text
            return
        answer.backend = self.settings.llm
        checked = verify(text, [h.chunk for h in hits])
        answer.answer, answer.removed, answer.flagged = checked.text, checked.removed, \
            checked.flagged
        refusal = "記載がありません" in text or "don't cover" in text.lower()
        answer.refused = refusal and not checked.cited
        answer.citations = [citation_for(n, hits[n - 1].chunk) for n in checked.cited]


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
