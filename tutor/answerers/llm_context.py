"""What an LLM answerer sends: the selected lines, numbered by section, in a small prompt.

Small models on CPUs pay for every prompt token (≈2k tokens of five whole chunks cost a
1.5B model ~30 s before its first word), and they lose the answer in long context. So the
model gets only the lines the selector picked (plus the next best candidates, up to a
character budget), each with its parent bullet, grouped under its heading path. Lines of
one section share one number, as in the extractive answer, so a learner sees one source per
section. For an English question over Japanese notes each line carries an English gloss of
its numbers and terms: a 0.5B model that cannot read a Japanese term still sees
"visibility timeout" next to it and does not refuse.

The system prompt holds no per-question text, so a server with prompt caching reuses it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources

from core.models import Chunk, ScoredChunk
from core.tokenize import tokenize
from tutor.answerers.base import AnswerRequest
from tutor.answerers.extractive import english_gloss
from tutor.select import Pick

MAX_LINES = 6  # lines sent to the model
MAX_CONTEXT_CHARS = 380  # of passage text (≈350-500 tokens of Japanese for Qwen2.5)
MAX_LINE_CHARS = 100  # a very long line is cut (its start carries the fact)
NO_ANSWER = "NO_ANSWER"


@dataclass
class Passage:
    """One numbered section: its chunks (for citation and checks) and the lines sent."""

    n: int
    chunks: list[Chunk]
    lines: list[str] = field(default_factory=list)  # as quoted (verbatim note lines)
    shown: list[str] = field(default_factory=list)  # as sent (with parent and gloss)
    items: dict[str, list[str]] = field(default_factory=dict)  # a label line's items sent

    @property
    def heading(self) -> str:
        return self.chunks[0].heading

    @property
    def label(self) -> str:
        return f"{self.chunks[0].source} › {self.heading}"

    @property
    def text(self) -> str:
        """All the text this number stands for: what a citation to it may claim."""
        return "\n".join(c.text for c in self.chunks)


@dataclass
class Context:
    passages: list[Passage]
    user: str  # the per-question message: passages, question, instruction

    def chunk_for(self, n: int) -> Chunk:
        """The passage as one Chunk, for ``tutor.cite.verify``."""
        p = self.passages[n - 1]
        first = p.chunks[0]
        return first.model_copy(update={"text": p.text})


def load_prompt(name: str, lang: str) -> str:
    """Prompts live in files, one per language."""
    return resources.files("tutor.prompts").joinpath(f"{name}.{lang}.txt").read_text("utf-8")


def _picks(request: AnswerRequest) -> list[tuple[Pick, list[str]]]:
    """The selector's picks first, then the best other candidates: distinct lines, each
    with the items of a list it labels (those not already shown)."""
    out: list[tuple[Pick, list[str]]] = []
    seen: set[str] = set()
    for p in [*request.selection.picks, *request.selection.candidates]:
        if len(out) >= MAX_LINES:
            break
        text = p.unit.text
        # a list's items only for the best line: a list question's label leads
        label = len(text) <= 24 and bool(p.unit.children)
        items = [i for i in p.unit.children[:3] if i not in seen] if label and not out else []
        if text in seen or not text.strip() or (label and not items and out):
            continue  # a repeat, or a bare label
        seen.update([text, *items])
        out.append((p, items))
    return out


def _line(p: Pick, items: list[str], request: AnswerRequest, glossed: set[str]
          ) -> tuple[str, str]:
    """(the verbatim line, the line as shown: parent › line: items (gloss)); a term's gloss
    is shown once (``glossed`` remembers), not on every line that uses the term."""
    text = p.unit.text[:MAX_LINE_CHARS]
    body = text + (": " + " / ".join(i[:30] for i in items) if items else "")
    parent = p.unit.parent[:24]
    shown = f"{parent} › {body}" if parent else body
    parts = [g for g in key_gloss(request, body).split("; ") if g and g not in glossed]
    glossed.update(parts)
    return text, shown + (f" ({'; '.join(parts)})" if parts else "")


def key_gloss(request: AnswerRequest, text: str) -> str:
    """English for an English question: the line's numbers, and the names of its terms
    that the question itself uses (a Japanese term -> its English name), not every gloss
    the dictionary has (those are noise a small model copies)."""
    if request.lang != "en":
        return ""
    asked = set(tokenize(request.question))
    parts = [english_gloss(text)] if english_gloss(text) else []
    if request.bridge is not None:
        parts += [n for n in request.bridge.english_names(text, request.question, limit=6)
                  if asked & set(tokenize(n.split("」")[-1]))]
    return "; ".join(parts)


def build_context(request: AnswerRequest) -> Context:
    """Number the sections of the chosen lines and write the user message."""
    hits: list[ScoredChunk] = request.hits
    passages: list[Passage] = []
    by_key: dict[tuple[str, str, int | None], Passage] = {}
    used = 0
    glossed: set[str] = set()
    for p, items in _picks(request):
        text, shown = _line(p, items, request, glossed)
        if passages and used + len(shown) > MAX_CONTEXT_CHARS:
            continue
        chunk = hits[p.rank].chunk
        key = (chunk.source, chunk.heading, chunk.page)
        passage = by_key.get(key)
        if passage is None:
            passage = by_key[key] = Passage(n=len(passages) + 1, chunks=[chunk])
            passages.append(passage)
        elif all(c.id != chunk.id for c in passage.chunks):
            passage.chunks.append(chunk)
        passage.lines.append(text)
        passage.shown.append(shown)
        if items:
            passage.items[text] = items
        used += len(shown)
    lines = [f"[{p.n}] " + (f"{short_title(p.chunks[0])}: " if i == 0 else "") + s
             for p in passages for i, s in enumerate(p.shown)]
    return Context(passages, user_message(request.lang, "\n".join(lines), request.question))


def short_title(chunk: Chunk) -> str:
    """The section's service name ("SQS"), else its last heading, kept short."""
    if chunk.services:
        return chunk.services[0]
    return (chunk.heading.split(" > ")[-1] or chunk.source)[:30]


def user_message(lang: str, notes: str, question: str) -> str:
    """One turn: the numbered note lines, the question, the answer language."""
    if lang == "ja":
        return f"ノート:\n{notes}\n\n質問: {question}\n（日本語で答える）"
    return f"Notes:\n{notes}\n\nQuestion: {question}\n(Answer in English.)"


def prefix_messages(lang: str | None = None) -> list[tuple[str, str]]:
    """System rules and one worked exchange per language: the same for every question in
    either language, so a server keeps one cached prefix (llama.cpp has one slot: a
    per-language prefix was re-read at every switch), and a small model follows an
    example far better than a rule. ``lang`` is accepted and ignored on purpose."""
    out = [("system", load_prompt("answer", "all").strip())]
    for example_lang in ("ja", "en"):
        human, ai = load_prompt("answer_example", example_lang).strip().split("\n---\n")
        out += [("human", human.strip()), ("ai", ai.strip())]
    return out


def estimate_tokens(text: str) -> int:
    """A rough count for Qwen-style BPE: a CJK character ≈ 1 token, other text ≈ 4 chars."""
    cjk = sum(1 for ch in text if ord(ch) > 0x2E80)
    return cjk + (len(text) - cjk) // 4 + 1
