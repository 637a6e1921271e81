"""LLM answer backends: Ollama or any OpenAI-compatible server, via LangChain chat models.

The model gets a small numbered context (``llm_context``) and should cite it as [n]; its
answer is then grounded (``ground``): cited sentences are verified, uncited ones are
attributed to the passage that supports them, and what nothing supports is flagged in the
text. The model says "not in the notes" with the structured signal ``NO_ANSWER``, never
with a phrase we would have to match. The backend runs on a worker thread under two
deadlines (first token, whole answer), so a server that is down, errors or hangs never
hangs the UI: the learner gets the extractive answer with a notice saying why. Imports of
the LangChain providers happen on first use: the extractive path never pays for them.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from tutor.answerers.base import Answerer, AnswerRequest, Draft
from tutor.answerers.deadline import AnswerTimeout, bounded
from tutor.answerers.ground import Grounded, ground
from tutor.answerers.llm_context import (
    MAX_LINE_CHARS,
    NO_ANSWER,
    Context,
    build_context,
    estimate_tokens,
    key_gloss,
    load_prompt,
    prefix_messages,
)
from tutor.cite import citation_for

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from core.settings import Settings

__all__ = ["NO_ANSWER", "AnswerTimeout", "LLMAnswerer", "describe_failure", "load_prompt",
           "make_chat_model", "strip_fences"]

_FENCE = re.compile(r"^\s*```[a-zA-Z0-9_-]*\s*\n?|\n?```\s*$")
EVIDENCE_PICKS = 3  # of the selector's best lines, quoted under the model's sentences
EVIDENCE_MAX = 5
_EVIDENCE = {"ja": "ノートの該当箇所:", "en": "From your notes:"}
_REFUSAL = {"ja": "ノートにはこの内容の記載がありません。", "en": "The notes don't cover this."}


STOP = ["\n\n", "\nQuestion:", "\n質問:", "\nNotes:", "\nノート:"]  # one short answer


_KANA = re.compile(r"[\u3040-\u30ff]")
_QUOTED = re.compile(r"「[^」]*」|『[^』]*』|\"[^\"]*\"")
_NO_ANSWER_LIKE = re.compile(r"\W*no[ _-]?answer\W*(\[\d+\])?\W*", re.I)


def make_chat_model(settings: Settings) -> BaseChatModel:
    """The LangChain chat model named by ``settings.llm`` ("ollama/<m>" or "openai/<m>")."""
    provider, _, model = settings.llm.partition("/")
    if provider == "ollama":
        from langchain_ollama import ChatOllama

        kwargs = {"base_url": settings.llm_base_url} if settings.llm_base_url else {}
        return ChatOllama(model=model, temperature=0, num_predict=settings.llm_max_tokens, stop=STOP,
                          keep_alive=settings.llm_keep_alive,
                          client_kwargs={"timeout": settings.llm_timeout_s}, **kwargs)
    from langchain_openai import ChatOpenAI

    # langchain-openai sends max_tokens as max_completion_tokens, which llama.cpp, vLLM and
    # LM Studio ignore: a local server also gets the classic field, or a small model rambles
    extra = {"max_tokens": settings.llm_max_tokens} if settings.llm_base_url else None
    return ChatOpenAI(model=model, temperature=0, base_url=settings.llm_base_url,
                      api_key=settings.llm_api_key or "not-needed", max_tokens=settings.llm_max_tokens,
                      timeout=settings.llm_timeout_s, max_retries=0, stream_usage=True,
                      stop_sequences=STOP, extra_body=extra)


def strip_fences(text: str) -> str:
    """Models like to wrap JSON in ```json fences; take them off."""
    return _FENCE.sub("", text.strip()).strip()


def in_language(text: str, lang: str) -> bool:
    """Japanese answers have kana; English ones have none outside 「quotes」 (small models
    sometimes answer an English question in the notes' Japanese)."""
    has_kana = bool(_KANA.search(_QUOTED.sub("", text)))
    return has_kana if lang == "ja" else not has_kana


def describe_failure(exc: BaseException, settings: Settings) -> str:
    """A learner-readable reason: wrong model name, server error, unreachable, timeout."""
    model = settings.llm.partition("/")[2]
    where = settings.llm_base_url or "the default URL"
    name = type(exc).__name__
    status = getattr(exc, "status_code", None) or getattr(getattr(exc, "response", None),
                                                         "status_code", None)
    detail = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else name
    if isinstance(exc, AnswerTimeout):
        return f"{exc} from {where} (timed out)"
    if "Timeout" in name:
        return f"no answer from {where} within {settings.llm_timeout_s:g} s (timed out)"
    if status == 404 or "not found" in detail.lower() and "model" in detail.lower():
        return f"model '{model}' was not found on {where} ({detail})"
    if status is not None:
        return f"the server at {where} answered with an error (HTTP {status}: {detail})"
    if "Connect" in name or isinstance(exc, ConnectionError | OSError):
        return f"cannot reach the server at {where} ({detail})"
    return f"{name}: {detail}"


class LLMAnswerer:
    """Streams a grounded, cited answer from a chat model; falls back to ``fallback``."""

    def __init__(self, settings: Settings, fallback: Answerer) -> None:
        self.name = settings.llm
        self.settings = settings
        self.fallback = fallback
        self._model: BaseChatModel | None = None
        self._lock = threading.Lock()

    @property
    def chat_model(self) -> BaseChatModel:
        with self._lock:
            if self._model is None:
                self._model = make_chat_model(self.settings)
            return self._model

    def _pieces(self, messages: list[Any], request: AnswerRequest, stats: dict[str, float]
                ) -> Iterator[str]:
        """The model's text as it streams, under the first-token and whole-answer deadlines
        (``tutor.answerers.deadline.bounded``: a hung or keep-alive-only server costs the
        learner only the deadline), counting what the benchmark reports."""
        model = self.chat_model
        start = time.monotonic()
        deadline = request.deadline or start + self.settings.llm_deadline_s
        try:
            for item in bounded(lambda: model.stream(messages), self.settings.llm_first_token_s,
                                deadline, has_content=lambda c: bool(c.content)):
                usage = getattr(item, "usage_metadata", None)
                if usage:
                    stats["prompt_tokens"] = float(usage.get("input_tokens", 0))
                    stats["completion_tokens"] = float(usage.get("output_tokens", 0))
                piece = item.content if isinstance(item.content, str) else ""
                if piece:
                    stats["chunks"] = stats.get("chunks", 0.0) + 1  # ≈ tokens when streamed
                    stats.setdefault("first_token_ms", (time.monotonic() - start) * 1000)
                    yield piece
        finally:
            stats["llm_ms"] = (time.monotonic() - start) * 1000

    def stream(self, request: AnswerRequest) -> Iterator[str | Draft]:
        from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

        context = build_context(request)
        kinds = {"system": SystemMessage, "human": HumanMessage, "ai": AIMessage}
        messages = [kinds[k](text) for k, text in prefix_messages(request.lang)]
        messages.append(HumanMessage(context.user))
        prompt = "".join(str(m.content) for m in messages)
        stats: dict[str, float] = {"passages": float(len(context.passages)),
                                   "prompt_tokens_est": float(estimate_tokens(prompt)),
                                   "question_tokens_est": float(estimate_tokens(context.user))}
        parts: list[str] = []
        try:
            for piece in self._pieces(messages, request, stats):
                parts.append(piece)
                so_far = "".join(parts).strip()
                if not NO_ANSWER.startswith(so_far[:len(NO_ANSWER)]):
                    yield piece
            text = "".join(parts).strip()
            if not text:
                raise RuntimeError("the model returned an empty answer")
        except Exception as exc:  # any backend failure: the learner still gets an answer
            reason = describe_failure(exc, self.settings)
            yield from self._fall_back(request, parts, f"The LLM backend '{self.name}' failed: "
                                                      f"{reason}. Showing the extractive answer.",
                                       stats)
            return
        if NO_ANSWER in text or _NO_ANSWER_LIKE.fullmatch(text):
            yield from self._no_answer(request, parts, stats)
            return
        if not in_language(text, request.lang):
            yield from self._fall_back(request, parts, f"The answer of '{self.name}' was not in "
                                                      "the question's language; showing the lines "
                                                      "the notes have on it.", stats)
            return
        grounded = ground(text, context, [h.chunk for h in request.hits], request.lang)
        if not grounded.verified:
            yield from self._fall_back(request, parts, f"The answer of '{self.name}' could not be "
                                                      "matched to your notes; showing the lines the "
                                                      "notes have on it.", stats)
            return
        stats.update(verified=float(grounded.verified), attributed=float(grounded.attributed),
                     flagged=float(len(grounded.flagged_sentences)))
        yield self._draft(request, context, grounded, stats)

    def _draft(self, request: AnswerRequest, context: Context, grounded: Grounded,
               stats: dict[str, float]) -> Draft:
        """The checked text, renumbered 1..k, then the note lines behind it.

        Under "From your notes" come the line backing each verified sentence and the lines
        the selector ranked best (at most ``EVIDENCE_MAX``), each quoted verbatim with its
        citation: a small model's sentence may be vague or wrong, the quoted line is not.
        """
        evidence = grounded.evidence()
        picked = [p.unit.text[:MAX_LINE_CHARS] for p in request.selection.picks]
        for line in picked[:EVIDENCE_PICKS]:
            n = next((p.n for p in context.passages if line in p.lines), None)
            if n is not None and line not in evidence.get(n, []):
                evidence.setdefault(n, []).append(line)
        order = [*grounded.cited, *(n for n in evidence if n not in grounded.cited)]
        renumber = {old: new for new, old in enumerate(order, start=1)}
        text = re.sub(r"\[(\d+)\]", lambda m: f"[{renumber.get(int(m.group(1)), m.group(1))}]",
                      grounded.text)
        lines = []
        for old in order:
            for line in evidence.get(old, []):
                items = context.passages[old - 1].items.get(line, [])  # a label's list
                body = f"「{line}」" + (": " + " / ".join(f"「{i}」" for i in items) if items else "")
                g = key_gloss(request, " ".join([line, *items]))
                lines.append(f"- {body}" + (f" ({g})" if g else "") + f" [{renumber[old]}]")
        if lines:
            text += "\n\n" + "\n".join([_EVIDENCE[request.lang], *lines[:EVIDENCE_MAX]])
        citations = []
        for old in order:
            c = citation_for(renumber[old], *context.passages[old - 1].chunks)
            c.quotes = [q for line in evidence.get(old, [])
                        for q in [line, *context.passages[old - 1].items.get(line, [])]]
            citations.append(c)
        return Draft(text=text, citations=citations, backend=self.name, removed=grounded.removed,
                     flagged_sentences=grounded.flagged_sentences, stats=stats)

    def _no_answer(self, request: AnswerRequest, shown: list[str], stats: dict[str, float]
                   ) -> Iterator[str | Draft]:
        """The model found nothing; the selector may still have a line that answers."""
        if request.selection.picks:
            yield from self._fall_back(request, shown, f"The LLM backend '{self.name}' found no "
                                                       "answer in the passages; showing the lines "
                                                       "the notes have on it.", stats)
            return
        text = _REFUSAL[request.lang]
        yield text
        yield Draft(text=text, citations=[], backend=self.name, refused=True, stats=stats)

    def _fall_back(self, request: AnswerRequest, shown: list[str], notice: str,
                   stats: dict[str, float]) -> Iterator[str | Draft]:
        stats["fallback"] = 1.0
        for piece in self.fallback.stream(request):
            if isinstance(piece, Draft):
                piece.notices.insert(0, notice)
                piece.stats = stats
                yield piece
            else:
                yield ("\n\n" if shown else "") + piece
