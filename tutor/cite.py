"""Cite: parse [n] markers, drop the ones that point nowhere, flag unsupported sentences.

Runs on every backend's output. An LLM may invent a citation number or a figure; a
sentence whose numbers or key terms are not in the chunk it cites is flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.catalog import services_in
from core.models import Chunk, Citation
from core.text import normalize

_MARK = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_SENTENCE = re.compile(r"[^。！？.!?\n]+(?:[。！？!?]|\.(?=\s|$)|\n|$)")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_TERM = re.compile(r"[A-Za-z][A-Za-z0-9\-]{2,}|[\u30a0-\u30ff]{3,}|[\u4e00-\u9fff]{2,}")
_QUOTE = re.compile(r"「([^」]*)」")


@dataclass
class Verified:
    text: str
    cited: list[int]  # citation numbers used, in first-use order
    removed: int
    flagged_sentences: list[str]

    @property
    def flagged(self) -> int:
        return len(self.flagged_sentences)


def cited_numbers(text: str) -> list[int]:
    out: list[int] = []
    for m in _MARK.finditer(text):
        for n in m.group(1).split(","):
            if int(n) not in out:
                out.append(int(n))
    return out


def _supported(sentence: str, sources: list[Chunk]) -> bool:
    """Numbers must all occur in a cited chunk; most key terms must too."""
    body = normalize(_MARK.sub("", sentence))
    corpus = normalize(" ".join(c.text for c in sources)).lower()
    for q in _QUOTE.findall(body):
        if normalize(q).lower() not in corpus:
            return False
    numbers = [n.replace(",", "") for n in _NUMBER.findall(body)]
    if any(n not in corpus.replace(",", "") for n in numbers):
        return False
    # names (SQS, InputPath, プロビジョンド同時実行), not ordinary English words: an English
    # answer about Japanese notes shares its names and numbers with them, not its prose
    terms = [t.lower() for t in _TERM.findall(_QUOTE.sub("", body))
             if not t.isascii() or sum(ch.isupper() for ch in t) >= 2]
    if len(terms) < 2:  # one framing word ("ノート") is not a claim
        return True
    hits = sum(t in corpus for t in terms)
    return hits / len(terms) >= 0.34


def supported(sentence: str, sources: list[Chunk]) -> bool:
    """Public form of the support test, for the LLM answerer's sentence attribution."""
    return _supported(sentence, sources)


def _claims(sentence: str) -> bool:
    """A number or a name: something a reader would take as coming from the notes."""
    body = _MARK.sub("", sentence)
    return bool(_NUMBER.search(body) or _QUOTE.search(body) or any(
        not t.isascii() or sum(ch.isupper() for ch in t) >= 2 for t in _TERM.findall(body)))


def verify(text: str, context: list[Chunk]) -> Verified:
    """Remove citations to missing chunks; flag sentences their citations don't support.

    A sentence left with no citation (its only one pointed nowhere, or it never had one)
    is checked against every passage: a number or a name none of them contains is flagged.
    So is any sentence naming an AWS service that no passage mentions.
    """
    removed = 0
    lost = "\u2063"  # invisible separator: marks where a citation was removed

    def keep_valid(m: re.Match[str]) -> str:
        nonlocal removed
        nums = [int(n) for n in m.group(1).split(",")]
        good = [n for n in nums if 1 <= n <= len(context)]
        removed += len(nums) - len(good)
        return f"[{', '.join(map(str, good))}]" if good else lost

    known = {name for c in context for name in (*c.services, *services_in(c.text))}

    def foreign_service(sentence: str) -> bool:  # a service no passage mentions at all
        return bool(set(services_in(sentence)) - known)

    marked = _MARK.sub(keep_valid, text)
    gone = re.compile(rf"[ \t]*{lost}")
    text = gone.sub("", marked)
    flagged: list[str] = []
    for sentence in _SENTENCE.findall(marked):
        clean = gone.sub("", sentence).strip()
        nums = cited_numbers(sentence)
        if nums:
            if not _supported(clean, [context[n - 1] for n in nums]) or foreign_service(clean):
                flagged.append(clean)
        elif foreign_service(clean) or \
                (lost in sentence or _claims(clean)) and not _supported(clean, context):
            flagged.append(clean)
    return Verified(text=text, cited=cited_numbers(text), removed=removed,
                    flagged_sentences=flagged)


def citation_for(n: int, *chunks: Chunk) -> Citation:
    """One numbered source; several chunks of one section are shown as one passage."""
    first = chunks[0]
    text = first.text + "".join(f"\n…\n{c.body}" for c in chunks[1:])
    return Citation(n=n, source=first.source, heading=first.heading, page=first.page, text=text)
