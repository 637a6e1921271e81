"""Select: pick the note lines that answer the question, best first.

Every answerer starts from this: the extractive one quotes the selected lines, an LLM
gets them (with their parents and heading paths) as its context. Lines are scored by
IDF-weighted overlap with the question (Japanese glossary terms added for English
questions), by the rank of their chunk, and by the question type: "how many / 何秒 /
最大" wants a line with a number and a unit, "which service" wants a line naming a
service.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from core.catalog import services_in
from core.models import Chunk, ScoredChunk
from core.outline import parse
from core.text import normalize
from core.tokenize import tokenize
from tutor.glossary import expand, expand_ja

_NUMBER_Q = re.compile(
    r"何|いくつ|いくら|どのくらい|どれくらい|最大|最小|上限|デフォルト|何秒|何日|何分|何個|何件|何回|"
    r"how (many|much|long|big|large|often)|maximum|minimum|max\b|default|limit|size|"
    r"percent|%|number of|how many", re.I)
_SERVICE_Q = re.compile(r"どの(AWS)?サービス|何という(サービス)?|which (aws )?service|what service",
                        re.I)
_NUM_UNIT = re.compile(
    r"\d[\d,.]*\s*(KB|MB|GB|TB|秒|分|時間|日間|日|件|個|回|台|%|％|USD|OFF|TPS|文字|問|点|つ|"
    r"段階|minutes?|seconds?|days?|hours?|questions?|domains?)", re.I)
# question pattern -> units a good answer line carries
_WANT_UNITS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(p, re.I), units) for p, units in [
        (r"何日|days?\b|retain|retention|保持|保存", ("日",)),
        (r"何秒|seconds?\b|秒", ("秒",)),
        (r"何分|minutes?\b|how long|最長|どれくらい", ("分", "秒", "日", "時間")),
        (r"何問|questions?\b|問", ("問",)),
        (r"いくつ|何個|how many|number of|最大何|何件", ("個", "つ", "件", "問", "回")),
        (r"サイズ|size|how (big|large)|容量", ("KB", "MB", "GB")),
        (r"メモリ|memory", ("MB", "GB")),
        (r"配点|weight|percent|割合|%|％", ("%", "％")),
        (r"料金|price|cost|USD|pric", ("USD",)),
        (r"スコア|score", ("720", "1,000", "1000")),
    ]]


PARENT_W = 0.8  # a line inherits its parent bullet's subject
RANK_W = 0.3  # later chunks are less likely to hold the answer
KEEP_RATIO = 0.5  # runners-up this close to the best line are shown too


@dataclass
class Unit:
    """One quotable line: a bullet or a paragraph sentence, with its parent for context."""

    text: str
    parent: str
    chunk_pos: int
    line_no: int
    children: list[str] = field(default_factory=list)


def units_of(chunk: Chunk, chunk_pos: int) -> list[Unit]:
    """The chunk body's outline nodes as quotable units (code blocks are not quoted)."""
    return [Unit(n.text, n.parent_text, chunk_pos, n.start,
                 [c.text for c in n.children if c.quotable])
            for n in parse(chunk.body) if n.quotable]


class LineScorer:
    """IDF over all note lines, so rare terms (可視性タイムアウト) outweigh common ones."""

    def __init__(self, chunks: list[Chunk]) -> None:
        df: Counter[str] = Counter()
        n = 0
        for pos, chunk in enumerate(chunks):
            for unit in units_of(chunk, pos):
                df.update(set(tokenize(unit.text)))
                n += 1
        self.n = max(n, 1)
        self.df = df

    def idf(self, token: str) -> float:
        return math.log(1 + self.n / (1 + self.df.get(token, 0)))

    def in_vocab(self, token: str) -> bool:
        return token in self.df


def question_terms(question: str, lang: str) -> list[str]:
    """Content tokens of the question; English ones plus their Japanese glossary terms."""
    text = f"{question} {expand_ja(question)}" if lang == "ja" else f"{question} {expand(question)}"
    return list(dict.fromkeys(tokenize(text)))


def wanted_units(question: str) -> set[str]:
    """Units the answer line should carry ("何日" -> 日)."""
    out: set[str] = set()
    for pat, units in _WANT_UNITS:
        if pat.search(question):
            out.update(units)
    return out


@dataclass
class Selection:
    units: list[Unit]
    best_score: float
    coverage: float  # share of the question's IDF mass found in the best unit's context


def select(question: str, lang: str, hits: list[ScoredChunk], scorer: LineScorer,
           max_units: int = 4) -> Selection:
    """Best-matching units across the retrieved chunks."""
    q_terms = question_terms(question, lang)
    q_services = set(services_in(question))
    # service names say which chunk, not which line: they match through the chunk's tags
    svc_terms = {t: services_in(t)[0] for t in q_terms if services_in(t)}
    line_terms = [t for t in q_terms if t not in svc_terms]
    wants_number = bool(_NUMBER_Q.search(question))
    units_wanted = wanted_units(question)
    wants_service = bool(_SERVICE_Q.search(question))
    q_mass = sum(scorer.idf(t) for t in line_terms if scorer.in_vocab(t)) or 1.0
    scored: list[tuple[float, float, Unit]] = []
    for rank, hit in enumerate(hits):
        heading_tokens = set(tokenize(hit.chunk.heading))
        primary = hit.chunk.services[:1]
        svc_bonus = 0.0
        for t, svc in svc_terms.items():
            if svc in primary:
                svc_bonus += scorer.idf(t)
            elif svc in hit.chunk.services:
                svc_bonus += 0.3 * scorer.idf(t)
        for unit in units_of(hit.chunk, rank):
            own = set(tokenize(unit.text))
            ctx = set(tokenize(unit.parent)) | heading_tokens
            kids = set(tokenize(" ".join(unit.children)))
            score = svc_bonus
            matched = 0.0
            for t in line_terms:
                w = scorer.idf(t)
                if t in own:
                    score += w
                    matched += w
                elif t in ctx:
                    score += PARENT_W * w
                    matched += w
                elif t in kids:
                    score += 0.3 * w
            score *= 1.0 / (1.0 + RANK_W * rank)
            line = normalize(unit.text)
            nums = [m.group(0) for m in _NUM_UNIT.finditer(line)]
            if units_wanted and wants_number:
                if any(u in n for n in nums for u in units_wanted) or \
                        any(u in line and re.search(r"\d", line) for u in units_wanted
                            if u[0].isdigit()):
                    score *= 1.8
                elif nums:
                    score *= 1.0
                else:
                    score *= 0.6
            elif wants_number:
                score *= 1.35 if nums else 0.75
            if wants_service:
                named = set(services_in(unit.text)) - q_services
                score *= 1.3 if named else 0.85
            if unit.children and not wants_number:
                score *= 1.05  # a label line: its children are the answer (lists)
            scored.append((score, matched / q_mass, unit))
    if not scored:
        return Selection([], 0.0, 0.0)
    scored.sort(key=lambda s: (-s[0], s[2].chunk_pos, s[2].line_no))
    best_score, coverage, best = scored[0]
    chosen = [best]
    for score, _, unit in scored[1:]:
        if len(chosen) >= max_units or score < KEEP_RATIO * best_score:
            break
        # runners-up close to the best line are kept: the learner sees the neighbourhood
        # of the fact, and a near-tie between two lines does not hide the right one
        if unit.chunk_pos <= 1 and unit.text not in {u.text for u in chosen} and \
                unit.text not in best.children:
            chosen.append(unit)
    return Selection(chosen, best_score, coverage)
