"""Ground an LLM answer in the passages: every sentence cited, or flagged where the learner sees it.

Small models often write no [n] at all, or cite the wrong passage. Each sentence is
checked against the passage it cites with the support test of ``tutor.cite`` (numbers,
quoted terms, names) plus positive evidence (it shares a number, a name or words with
the passage, its English gloss included); a sentence that cites nothing, or cites a
passage that does not support it, is attributed to the passage that does. A sentence no
passage supports is flagged in the text itself, and so is a number or service name that
is in no retrieved passage at all, so the learner sees the warning next to the claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.catalog import services_in
from core.models import Chunk
from core.text import normalize
from core.tokenize import tokenize
from tutor.answerers.llm_context import Context
from tutor.cite import supported

_MARK = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")
_LEADING_MARKS = re.compile(r"^(?:\s*\[\d+(?:\s*,\s*\d+)*\])+")
_END = re.compile(r"[。！？!?]+|\.(?=\s|$)|\n")
_TAIL = re.compile(r"^(.*?)([。！？!?.]*)(\s*)$", re.S)
_NUMBER = re.compile(r"(?<![A-Za-z0-9\-.])\d+(?:[.,]\d+)?")
_QUOTE = re.compile(r"「([^」]*)」")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9\-]{2,}|[\u30a0-\u30ff]{3,}|[\u4e00-\u9fff]{2,}")
_NEG_EN = re.compile(r"\b(no|not|never|cannot|can't|don't|doesn't|isn't|aren't|won't|without)\b", re.I)
_NEG_JA = re.compile(r"ない|ません|ず[にとも、。]|不可|無い|なし|未サポート|未対応|非対応|不要")
_OPPOSITE = {"ja": " ⚠（ノートと逆の内容かもしれません）", "en": " ⚠ (the note may say the opposite)"}
_FLAG = {"ja": " ⚠（ノートに根拠が見つかりません）", "en": " ⚠ (no note supports this)"}
_NOT_IN = {"ja": " ⚠（ノートにない記述: {}）", "en": " ⚠ (not in your notes: {})"}


@dataclass
class Sentence:
    text: str  # as shown, with its [n] and any warning
    body: str = ""  # as the model wrote it, without [n]
    cited: list[int] = field(default_factory=list)
    verified: bool = False
    attributed: bool = False  # its citation was added or changed here
    flagged: bool = False
    opposite: bool = False  # negated where its backing line is not, or the reverse
    missing: list[str] = field(default_factory=list)  # numbers / services in no passage
    evidence: dict[int, str] = field(default_factory=dict)  # n -> the note line that backs it


@dataclass
class Grounded:
    sentences: list[Sentence]
    removed: int  # [n] that pointed at no passage

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.sentences).strip()

    @property
    def cited(self) -> list[int]:
        return list(dict.fromkeys(n for s in self.sentences for n in s.cited))

    @property
    def verified(self) -> int:
        return sum(s.verified for s in self.sentences)

    @property
    def attributed(self) -> int:
        return sum(s.attributed for s in self.sentences)

    @property
    def flagged_sentences(self) -> list[str]:
        return [s.body.strip() for s in self.sentences if s.flagged]

    def evidence(self) -> dict[int, list[str]]:
        out: dict[int, list[str]] = {}
        for s in self.sentences:
            for n, line in s.evidence.items():
                if line not in out.setdefault(n, []):
                    out[n].append(line)
        return out


def split_sentences(text: str) -> list[str]:
    """Sentences with their marks; "… 30 seconds. [1]" keeps its [1]."""
    parts, start = [], 0
    for m in _END.finditer(text):
        parts.append(text[start:m.end()])
        start = m.end()
    if start < len(text):
        parts.append(text[start:])
    out: list[str] = []
    for part in parts:
        lead = _LEADING_MARKS.match(part)
        if lead and out:
            out[-1] += lead.group(0)
            part = part[lead.end():]
        if part:
            out.append(part)
    return out


def numbers(text: str) -> list[str]:
    return [n.replace(",", "") for n in _NUMBER.findall(normalize(text))]


def _has_number(n: str, text: str) -> bool:
    return re.search(rf"(?<![\d.]){re.escape(n)}(?![\d])", normalize(text).replace(",", "")) is not None


def evidence_score(body: str, text: str, words: set[str]) -> float:
    """How much of the sentence's content the passage shows (0 = nothing it can point at)."""
    nums = numbers(body)
    if any(not _has_number(n, text) for n in nums):
        return 0.0
    lowered = normalize(text).lower()
    names = [t.lower() for t in _NAME.findall(_QUOTE.sub("", body))
             if not t.isascii() or sum(ch.isupper() for ch in t) >= 2]
    shared = {t for t in tokenize(body) if len(t) > 1} & words
    return 2.0 * len(nums) + sum(t in lowered for t in names) + 0.5 * len(shared)


def _content_words(body: str) -> int:
    return len([t for t in tokenize(body) if len(t) > 1])


def _place(body: str, nums: list[int]) -> str:
    """The sentence with its citation before its final punctuation."""
    m = _TAIL.match(body)
    assert m is not None
    core, punct, space = m.groups()
    marks = "".join(f" [{n}]" for n in nums)
    return f"{core.rstrip()}{marks}{punct}{space}"


def _best_line(body: str, lines: list[str]) -> str:
    words = set(tokenize(body))
    return max(lines, key=lambda ln: (sum(_has_number(n, ln) for n in numbers(body)),
                                      len(words & set(tokenize(ln)))), default="")


def negated(text: str) -> bool:
    return bool(_NEG_EN.search(text) or _NEG_JA.search(text))


def _opposite(body: str, line: str) -> bool:
    """"No, X does not count" over a line that says X counts: polarity differs."""
    return bool(line) and negated(_QUOTE.sub("", body)) != negated(line)


def _echo(body: str, context: Context) -> bool:
    """A copied heading or note-number label ("[1] SQS:"), not a sentence of the answer."""
    bare = re.sub(r"^[\s\-*>#]+", "", body).strip().rstrip(":：")
    return bool(bare) and any(bare in (c.heading, c.heading.split(" > ")[-1], short)
                              for p in context.passages for c in p.chunks
                              for short in [c.services[0] if c.services else ""])


def ground(text: str, context: Context, hits: list[Chunk], lang: str) -> Grounded:
    """Check, attribute and flag every sentence of ``text`` against the numbered passages."""
    passages = context.passages
    chunks = [context.chunk_for(p.n) for p in passages]
    words = [set(tokenize(p.text + "\n" + "\n".join(p.shown))) for p in passages]
    everything = "\n".join([*(c.text for c in hits), *(c.text for c in chunks)])
    known_services = set(services_in(everything)) | {s for c in hits for s in c.services}
    removed = 0
    out: list[Sentence] = []
    for raw in split_sentences(text):
        marks = [int(n) for m in _MARK.finditer(raw) for n in m.group(1).split(",")]
        good = list(dict.fromkeys(n for n in marks if 1 <= n <= len(passages)))
        removed += len(marks) - len(good)
        body = _MARK.sub("", raw)
        if not body.strip() or _echo(body, context):
            continue
        sent = Sentence(text=body, body=body)
        scores = [evidence_score(body, p.text + "\n" + "\n".join(p.shown), w)
                  for p, w in zip(passages, words, strict=True)]
        ok = [n for n in good if scores[n - 1] > 0 and supported(body, [chunks[n - 1]])]
        if ok:
            sent.cited, sent.verified = ok, True
        else:
            ranked = sorted(range(len(passages)), key=lambda i: -scores[i])
            best = next((i + 1 for i in ranked if scores[i] > 0 and supported(body, [chunks[i]])),
                        None)
            if best is not None:
                sent.cited, sent.verified, sent.attributed = [best], True, True
            elif good or _content_words(body) >= 2 or numbers(body):
                sent.cited, sent.flagged = good, True
        sent.missing = [n for n in numbers(body) if not _has_number(n, everything)]
        sent.missing += [s for s in services_in(body) if s not in known_services]
        if sent.missing:
            sent.flagged, sent.verified = True, False
        for n in sent.cited if sent.verified else []:
            sent.evidence[n] = _best_line(body, passages[n - 1].lines)
        if sent.verified and all(_opposite(body, line) for line in sent.evidence.values()):
            sent.verified, sent.flagged, sent.opposite = False, True, True
        sent.text = _place(body, sent.cited)
        if sent.flagged:
            warn = (_NOT_IN[lang].format(", ".join(sent.missing)) if sent.missing
                    else _OPPOSITE[lang] if sent.opposite else _FLAG[lang])
            m = _TAIL.match(sent.text)
            assert m is not None
            sent.text = f"{m.group(1).rstrip()}{warn}{m.group(2)}{m.group(3)}"
        out.append(sent)
    return Grounded(out, removed)
