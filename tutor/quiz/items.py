"""The quiz item: one exam-style question that carries its own evidence and citation.

Items are plain data (pydantic) so the CLI, the web app, the exporters and the review
store can share them, and so an LLM's output can be validated against the same shape.
"""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, Field

from core.models import Chunk, Citation, Lang

ItemType = Literal["mcq", "multi", "truefalse", "cloze"]
Difficulty = Literal["easy", "medium", "hard"]
ITEM_TYPES: tuple[ItemType, ...] = ("mcq", "multi", "truefalse", "cloze")
DIFFICULTIES: tuple[Difficulty, ...] = ("easy", "medium", "hard")
LETTERS = "ABCDEFGH"
TF_LABELS: dict[str, list[str]] = {"ja": ["○", "×"], "en": ["True", "False"]}
BLANK = "（　）"


class QuizItem(BaseModel):
    """One question. ``answer`` holds 0-based indices into ``options``.

    For true/false the options are the two labels (○/× or True/False); for cloze they
    are the accepted answer strings and ``answer`` lists all of them.
    """

    id: str
    type: ItemType
    lang: Lang
    stem: str
    options: list[str]
    answer: list[int]
    explanation: str
    citations: list[Citation] = Field(default_factory=list)
    service: str
    domain: int
    difficulty: Difficulty
    evidence: str = ""  # the verbatim source sentence that makes the key true
    kind: str = ""  # what fact it came from: number, name, term, setting, statement, llm
    scenario: bool = False  # an exam-style "a developer needs … which …?" item

    @property
    def keys(self) -> list[str]:
        return [self.options[i] for i in self.answer]

    @property
    def distractors(self) -> list[str]:
        if self.type in ("truefalse", "cloze"):
            return []
        return [o for i, o in enumerate(self.options) if i not in self.answer]

    def fingerprint(self) -> str:
        """Stable across option shuffles, so the review store recognises the item."""
        return item_id(self.type, self.lang, self.stem, sorted(self.keys))


def item_id(type_: str, lang: str, stem: str, keys: list[str]) -> str:
    raw = "\x1f".join([type_, lang, stem, *keys])
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def citation_for(chunk: Chunk, n: int = 1) -> Citation:
    """A quiz item cites one chunk; same shape as the tutor's citations."""
    from tutor.cite import citation_for as cite

    return cite(n, chunk)


def explain(lang: str, evidence: str, citation: Citation, note: str = "") -> str:
    """The explanation always quotes the source sentence and cites the chunk."""
    lead = (note + " ") if note else ""
    if lang == "ja":
        return f"{lead}ノートより:「{evidence}」 {citation.numbered}"
    return f"{lead}From the notes: \"{evidence}\" {citation.numbered}"


def option_letters(item: QuizItem) -> list[str]:
    return [LETTERS[i] for i in item.answer]


_TRUE = {"○", "o", "t", "true", "yes", "y", "はい", "正", "正しい", "まる"}
_FALSE = {"×", "x", "f", "false", "no", "n", "いいえ", "誤", "誤り", "ばつ", "✕", "✗"}


def parse_choice(item: QuizItem, raw: str) -> list[int] | None:
    """Indices a learner typed: "B", "a,c", "1 3", ○/×/T/F; None when unreadable."""
    import re
    import unicodedata

    s = unicodedata.normalize("NFKC", raw).strip().lower()
    if not s:
        return None
    if item.type == "truefalse":
        if s in _TRUE or s == "a":
            return [0]
        if s in _FALSE or s == "b":
            return [1]
        return None
    tokens = re.findall(r"[a-h]|\d+", s)
    picked = []
    for tok in tokens:
        i = int(tok) - 1 if tok.isdigit() else LETTERS.lower().index(tok)
        if not 0 <= i < len(item.options):
            return None
        picked.append(i)
    return sorted(set(picked)) or None


def grade(item: QuizItem, raw: str) -> bool | None:
    """Right, wrong, or None when the input cannot be read as an answer."""
    if item.type == "cloze":
        from tutor.quiz import numbers
        from tutor.quiz.facts import norm

        if not raw.strip():
            return None
        if norm(raw) in {norm(o) for o in item.options}:
            return True
        key = numbers.parse_one(item.options[0])
        typed = raw.strip()
        return key is not None and typed.replace(".", "", 1).isdigit() and float(typed) == key.value
    picked = parse_choice(item, raw)
    return None if picked is None else picked == sorted(item.answer)
