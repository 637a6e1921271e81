"""The tutor chain: validate -> condense -> retrieve -> select -> decide -> answer -> cite.

``Tutor`` loads the index once and answers many questions. Retrieval, line selection
and the refusal decision happen here, once, for every backend; the answerer chosen by
``settings.llm`` (extractive by default) only writes the answer from them.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterator

from core.models import Answer, ScoredChunk
from core.settings import Settings
from core.text import LANG_NAMES, detect_language
from ingest.coverage import uncovered_services
from tutor.answerers import AnswerRequest, Draft, make_answerer
from tutor.asks import compared_sides
from tutor.question import clean_question, condense, normalize_history
from tutor.refusal import decide, known_word, messages, refusal_text
from tutor.retrieve import MAX_EMBED_QUESTION, Index, make_query, search
from tutor.select import LineScorer, select

log = logging.getLogger(__name__)
MAX_WORK_CHARS = 400  # a longer question is searched and matched by its beginning only
_LONG_TURN = threading.Lock()
_LONG = {"ja": "質問が長いため、検索には冒頭の部分だけを使いました（キーワードは最初の{work}文字、"
               "意味の検索は最初の{embed}文字）。",
         "en": "Your question is long: only its beginning was used to search your notes (the "
               "first {work} characters for keywords, the first {embed} for meaning)."}


class Tutor:
    """Answers questions from one index. Thread-safe for concurrent UI users."""

    def __init__(self, settings: Settings, index: Index | None = None) -> None:
        self.settings = settings
        self.answerer = make_answerer(settings)  # a bad backend name fails here, early
        self.index = index or Index.load(settings)
        self.scorer = LineScorer(self.index.units)
        self.uncovered = uncovered_services(self.index.chunks, self.index.empty)

    def known(self, token: str) -> bool:
        """Whether the notes use this word, or its counterpart in their other language."""
        return known_word(token, self.scorer, self.index)

    def retrieve(self, question: str, k: int | None = None, lang: str | None = None
                 ) -> list[ScoredChunk]:
        lang = lang or ("ja" if detect_language(question) == "ja" else "en")
        return search(self.index, make_query(self.index, question, lang), k)

    def answer(self, question: str, history: object = None) -> Answer:
        result: Answer | None = None
        for piece in self.stream(question, history):
            if isinstance(piece, Answer):
                result = piece
        assert result is not None
        return result

    def stream(self, question: str, history: object = None) -> Iterator[str | Answer]:
        """Yield answer text as it is produced, then the final Answer."""
        t0, start = time.perf_counter(), time.monotonic()
        timings: dict[str, float] = {}
        question = clean_question(question, self.settings)
        detected = detect_language(question)
        lang = detected if detected in {"ja", "en"} else "en"
        answer = Answer(question=question, language=lang, answer="", backend="extractive")
        if lang != detected:
            name = LANG_NAMES.get(detected, "another language")
            answer.notices.append(f"Your question looks like {name}; I answer in English.")
        standalone = condense(question, normalize_history(history), self.index.topics,
                              self.known)
        # bounded work per question: a 2,000-character question must not hold the shared
        # embedder and the CPU for seconds while everyone else's short question waits
        # and long questions take turns among themselves, so at most one competes with them
        work = standalone[:MAX_WORK_CHARS]
        with _LONG_TURN if len(work) > MAX_EMBED_QUESTION else contextlib.nullcontext():
            query = make_query(self.index, work, lang)
            hits = search(self.index, query, timings=timings)
            selection = select(query, hits, self.index, self.scorer)
            decision = decide(query, hits, selection, self.scorer, self.uncovered, self.index)
        if query.truncated:
            answer.notices.append(_LONG[lang].format(work=MAX_WORK_CHARS,
                                                     embed=MAX_EMBED_QUESTION))
        answer.standalone_question = standalone if standalone != question else None
        answer.retrieved = [h.chunk.heading for h in hits]
        answer.retrieved_sources = [h.chunk.source for h in hits]
        if decision.refuse:
            answer.refused = True
            answer.answer = refusal_text(lang, hits, decision)
            yield answer.answer
        else:
            # "A vs B": each side's names in the notes' words, for the side-by-side layout
            answer.compared = compared_sides(work, self.index.bridge if self.settings.bridge
                                             else None)
            request = AnswerRequest(work, lang, hits, selection, self.index.bridge,
                                    deadline=start + self.settings.llm_deadline_s)
            for piece in self.answerer.stream(request):
                if isinstance(piece, Draft):
                    _fill(answer, piece)
                else:
                    yield piece
            if decision.doubtful and not answer.refused:
                answer.notices.append(messages(lang)["doubtful"])
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
    answer.backend_stats = draft.stats


class _Slot:
    """One configuration's Tutor, and when we last looked for a newer committed index."""

    def __init__(self, tutor: Tutor) -> None:
        self.tutor = tutor
        self.checked = time.monotonic()
        self.loading = False


_TUTORS: dict[str, _Slot] = {}
_TUTORS_LOCK = threading.Lock()


def get_tutor(settings: Settings) -> Tutor:
    """One Tutor per configuration per process: loading the index is the slow part.

    At most every ``settings.reload_check_s`` a request looks at the live index's manifest
    version (two cheap reads). When another process (or a rebuild) committed a newer
    complete index, it is loaded in the background and swapped in between requests;
    requests meanwhile keep answering from the loaded one, so none waits or fails.
    """
    key = settings.model_dump_json()
    with _TUTORS_LOCK:
        slot = _TUTORS.get(key)
        if slot is None:
            slot = _TUTORS[key] = _Slot(Tutor(settings))
            return slot.tutor
        due = not slot.loading and time.monotonic() - slot.checked >= settings.reload_check_s
        if due:
            slot.checked = time.monotonic()
            slot.loading = True
    if due:
        _maybe_reload(settings, key, slot)
    return slot.tutor


def _maybe_reload(settings: Settings, key: str, slot: _Slot) -> None:
    from ingest.lock import lock_owner
    from ingest.store import index_version

    current = index_version(settings)
    index = slot.tutor.index
    # while an ingest runs, wait for its last commit rather than reload after every file
    if current is None or not current[2] or current[:2] == (index.name, index.version) \
            or lock_owner(settings) is not None:
        slot.loading = False
        return

    def load() -> None:
        try:
            fresh = Tutor(settings)
            with _TUTORS_LOCK:
                if _TUTORS.get(key) is slot:
                    slot.tutor = fresh
        except Exception:  # mid-swap or mid-write: keep serving, look again next time
            log.warning("reloading the index failed; still answering from version %s",
                        index.version, exc_info=True)
        finally:
            slot.loading = False
            slot.checked = time.monotonic()

    threading.Thread(target=load, name="tutor-reload", daemon=True).start()


def reset_tutors() -> None:
    """Forget loaded indexes (after a re-ingest in this process: load the new one now)."""
    with _TUTORS_LOCK:
        _TUTORS.clear()


def answer(question: str, history: object = None, settings: Settings | None = None) -> Answer:
    """Answer one question with citations; see ``Tutor.stream`` for streaming."""
    return get_tutor(settings or Settings()).answer(question, history)
