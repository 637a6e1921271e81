"""Fact extraction: turn chunk bullets into small, checkable facts to ask about.

A fact is one line of the notes plus what can be asked about it:
- number: a number with a unit (a maximum size, a retention period);
- name: a defining statement of the section's service ("a service for X");
- term: a term and its description, either inline (``Term  description``, ```key:` what``)
  or a short parent bullet (a term, not a topic heading) with descriptive children;
- setting: an identifier the notes name as an attribute or file (``SomePath``, ``x.yml``);
- statement: any factual sentence, used for requirement scenarios and "choose two" items.
Only sections whose heading names an AWS service yield facts, so every item has a service.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from core.models import Chunk
from core.outline import parse
from core.text import HIRAGANA, fold, normalize
from tutor.quiz import numbers
from tutor.quiz.items import BLANK
from tutor.quiz.numbers import Quantity

_SECURITY = re.compile(r"暗号化|復号|KMS|IAM|アクセス権|アクセス制御|ポリシー|認証|認可|Secret|"
                       r"encrypt|decrypt|permission|policy", re.I)
_SUBJECTIVE = re.compile(r"そう[なだで]|思う|かもしれ|らしい|気がする")
_DEFINITION = re.compile(r"(?:サービス|ツール|シミュレータ)(?:である|です)?[。.]?$")
_INLINE_PAIR = re.compile(r"^([A-Za-z][A-Za-z0-9\- ]*[A-Za-z0-9])\s+([^\x00-\x7f].{3,})$")
_DASH_PAIR = re.compile(r"^(.{1,30}?)\s+-\s+(.{4,})$")
_CODE_PAIR = re.compile(r"^`([^`]+?):?`\s*(.+)$")
_SETTING = re.compile(r"([A-Za-z][A-Za-z0-9]+)(?=という属性名|属性|という設定|というパラメータ)|"
                      r"([A-Za-z][\w-]*\.(?:ya?ml|json)|[A-Z][A-Za-z]+(?=ファイル))")
_POINTER = re.compile(r"以下[にのが]|上記")
_PARTICLE_START = re.compile(r"^[はがをのにでともへ]")
_LABEL_END = re.compile(r"[るたいだす。、]$")


norm = fold  # compare text the way a reader would: one normaliser for the whole tutor


@dataclass
class Line:
    text: str
    depth: int
    up: Line | None = None  # the parent bullet
    children: list[str] = field(default_factory=list)

    @property
    def parent(self) -> str | None:
        return self.up.text if self.up else None

    @property
    def heads_descriptions(self) -> bool:
        """A short label whose children mostly describe it (not a list of names)."""
        described = [c for c in self.children if len(c) >= 10 and prose(c)]
        return is_label(self.text) and len(described) * 2 > len(self.children)


@dataclass
class Fact:
    kind: str  # number | name | term | setting | statement
    chunk: Chunk
    service: str
    label: str  # how the section names the service, e.g. "Amazon SQS"
    domain: int
    parent: str | None
    line: str  # the evidence: the cleaned source line
    answer: str = ""  # the key: a value, a service, a term or an identifier
    masked: str = ""  # the line with the key blanked (term: the description)
    group: str = ""  # which facts can lend distractors
    qty: Quantity | None = None

    @property
    def id(self) -> str:
        raw = "\x1f".join([self.kind, self.chunk.source, self.chunk.heading,
                           self.parent or "", self.line, self.answer])
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12]

    @property
    def context(self) -> str:
        return f"{self.label} › {self.parent}" if self.parent else self.label


def clean(text: str) -> str:
    """The quiz compares and displays NFKC text (１つ and 1つ are one number)."""
    return normalize(text)


def parse_lines(chunk: Chunk) -> list[Line]:
    """The chunk body's quotable outline nodes, as quiz lines (depth, parent, children)."""
    lines: dict[int, Line] = {}
    out: list[Line] = []
    for node in parse(chunk.body):
        if not node.quotable:
            continue
        up = lines.get(id(node.parent)) if node.parent else None
        line = Line(clean(node.text), node.depth, up)
        if up:
            up.children.append(line.text)
        lines[id(node)] = line
        out.append(line)
    return out


def _label(heading: str) -> str:
    if not heading.strip():
        return EXAM
    title = heading.split(" > ")[-1].strip()
    inner = re.search(r"\(([^()]+)\)\s*$", title)
    return inner.group(1).strip() if inner else title


def domain_of(chunk: Chunk, service: str, text: str) -> int:
    """Security-flavoured lines serve domain 2 whatever their service."""
    if _SECURITY.search(text):
        return 2
    if chunk.domains:
        return chunk.domains[0]
    from core.catalog import service_domains

    return (service_domains().get(service) or (1,))[0]


EXAM = "DVA-C02"  # the "service" of exam-guide sections: the exam itself
_EXAM_DOC = re.compile(r"dva-?c02|exam[ _-]?guide|試験ガイド", re.I)


def chunk_service(chunk: Chunk) -> str | None:
    """The service the chunk's section is about (its deepest heading naming one); an
    exam-guide section is about the exam (format, scoring, domain weights)."""
    found = _heading_service(chunk.heading)
    if found is None and _EXAM_DOC.search(f"{chunk.source} {chunk.heading}"):
        return EXAM
    return found


@lru_cache(maxsize=4096)
def _heading_service(heading: str) -> str | None:
    from core.catalog import service_of_heading

    found = service_of_heading(heading.split(" > "))
    return found[0] if found else None


def service_aliases(service: str) -> list[str]:
    from core.catalog import services

    return list(services().get(service, (service,)))


def is_label(text: str) -> bool:
    """A short noun bullet (``FIFOキュー``) that heads a group of descriptions."""
    return len(text) <= 16 and not _LABEL_END.search(text) and "、" not in text


def prose(text: str) -> bool:
    """A sentence-like line in either language (Japanese with kana, English of 3+ words)."""
    return bool(HIRAGANA.search(text)) or (text.isascii() and len(text.split()) >= 3)


def is_term(text: str) -> bool:
    """A name of a thing (``FIFOキュー``, ``All-at-once``), not a topic heading such as
    "encryption of messages" or "X and Y", which would make a heading a key."""
    text = text.strip().strip("`")
    named = re.fullmatch(r"(.+?)\s*[（(](.+?)[)）]", text)  # "GSI (global secondary index)"
    if named:
        return is_term(named.group(1)) and is_term(named.group(2))
    if not text or len(text) > 25 or any(ch in text for ch in "/、,:;()（）"):
        return False
    if text.isascii():
        return True
    return not HIRAGANA.search(text) and " " not in text


def is_statement(line: Line) -> bool:
    """A single factual sentence that stands on its own (no "以下の" list pointer)."""
    text = line.text
    return (len(text) >= 10 and prose(text) and not _SUBJECTIVE.search(text)
            and text.rstrip("。").count("。") == 0 and not _POINTER.search(text)
            and not (line.children and (is_label(text) or is_term(text)))
            and _term_pair(text) is None
            and not (line.up and is_label(line.up.text) and not line.up.heads_descriptions))


def _mask(text: str, start: int, end: int) -> str:
    return text[:start] + BLANK + text[end:]


def facts_from_chunk(chunk: Chunk) -> list[Fact]:
    service = chunk_service(chunk)
    if not service:
        return []
    label = _label(chunk.heading)
    if service == EXAM and label != EXAM:
        label = f"{EXAM} › {label}"
    heading = f"{chunk.source}|{chunk.heading}"
    out: list[Fact] = []

    def add(kind: str, line: Line, **kw: object) -> None:
        out.append(Fact(kind, chunk, service, label, domain_of(chunk, service, line.text),
                        line.parent, line.text, **kw))  # type: ignore[arg-type]

    for line in parse_lines(chunk):
        text = line.text
        for q in numbers.parse(text):
            if (text.count(q.surface) == 1 and _has_context(text, q.surface, line)
                    and not text[q.end:].startswith("以上")
                    and not (q.family == "percent" and q.value == 100)):  # "all": guessable
                add("number", line, answer=q.surface, masked=_mask(text, q.start, q.end),
                    group=q.family, qty=q)
        if (line.depth == 0 and not line.children and _DEFINITION.search(text)
                and not _SUBJECTIVE.search(text)):
            definition = re.sub(rf"^(?:AWS |Amazon )?{re.escape(service)}\s*は\s*", "", text)
            if not any(norm(a) in norm(definition) for a in service_aliases(service)
                       if a.isascii()):
                add("name", line, answer=service, masked=definition, group="service")
        term = _term_pair(text)
        if term and norm(term[0]) not in norm(term[1]) and is_term(term[0]):
            add("term", line, answer=term[0], masked=term[1],
                group=f"{heading}|pair|{line.parent or ''}")
        if (not term and line.up and line.up.heads_descriptions and is_term(line.up.text)
                and len(text) >= 10
                and prose(text) and norm(line.up.text) not in norm(text)):
            add("term", line, answer=line.up.text, masked=text, group=f"{heading}|label")
        for m in _SETTING.finditer(text):
            ident = m.group(1) or m.group(2)
            if text.count(ident) == 1 and _has_context(text, ident, line):
                add("setting", line, answer=ident, masked=_mask(text, m.start(), m.end()),
                    group=f"{service}|setting")
        if is_statement(line):
            add("statement", line, group=heading)
    return out


def _has_context(text: str, answer: str, line: Line) -> bool:
    """A blank needs enough words around it (or a parent bullet) to be answerable."""
    rest = norm(text.replace(answer, ""))
    return len(rest) >= 6 or (line.parent is not None and len(rest) >= 2)


def _term_pair(text: str) -> tuple[str, str] | None:
    for pat in (_CODE_PAIR, _DASH_PAIR, _INLINE_PAIR):
        m = pat.match(text)
        if not m:
            continue
        term, desc = m.group(1).strip().rstrip(":"), m.group(2).strip()
        if pat is _INLINE_PAIR and not HIRAGANA.search(desc):
            continue
        if _PARTICLE_START.match(desc) or len(term) > 30:
            continue
        return term, desc
    return None


def extract(chunks: list[Chunk]) -> list[Fact]:
    """All facts, once each: overlapping chunks repeat lines, the first chunk wins."""
    seen: set[str] = set()
    out: list[Fact] = []
    for chunk in chunks:
        for fact in facts_from_chunk(chunk):
            key = "|".join([fact.kind, fact.chunk.source, fact.chunk.heading,
                            fact.parent or "", norm(fact.line), fact.answer])
            if key not in seen:
                seen.add(key)
                out.append(fact)
    return out
