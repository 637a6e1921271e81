"""Select: pick the note lines that answer the question, best first.

Every answerer starts from this: the extractive one quotes the selected lines, an LLM
gets them (with their parents and heading paths) as its context. Each candidate line
of the retrieved chunks is described by a few features, and scored by a linear model:
- what it means: its cosine to the question (line vectors, language-centred), which
  works across languages;
- the words it shares with the question (IDF-weighted, in the line itself, in its
  parent and heading, in its children; the question's words in the other language
  through the bridge);
- the question's type: "how many / 何秒 / 最大" wants a number in the asked unit,
  "which service" wants a line naming a service, a list question wants a label line;
- the rank of its chunk.
The weights live in ``tutor/data/selector.json``, fitted by ``python -m tutor.tuning``
on the tuning sets the README names; nothing in here knows one notes file.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np

from core.catalog import services_in
from core.text import normalize
from core.tokenize import tokenize
from ingest.units import Unit
from tutor.retrieve import Index, Query

_NUMBER_Q = re.compile(
    r"何|いくつ|いくら|どのくらい|どれくらい|どれだけ|最大|最小|上限|下限|デフォルト|既定|"
    r"how (many|much|long|big|large|often|soon)|maximum|minimum|max\b|min\b|default|limit|"
    r"size|percent|%|number of|up to|at most|at least", re.I)
_SERVICE_Q = re.compile(r"どの(AWS)?サービス|何という(サービス)?|which (aws )?service|what service|"
                        r"which aws|どれを使|what should i use|which one", re.I)
_LIST_Q = re.compile(r"どんな|どのような|何が(あり|でき)|種類|一覧|例|挙げ|which .*(are|can)|"
                     r"what (are|kinds?|types?)|list|options|examples", re.I)
# canonical unit -> how lines write it (ja and en); a question asking for the unit
UNITS: dict[str, tuple[str, str]] = {  # unit: (line pattern, question pattern)
    "day": (r"日間|日|days?", r"何日|days?|retain|retention|保持|保存"),
    "hour": (r"時間|hours?|h\b", r"何時間|hours?"),
    "minute": (r"分|min(ute)?s?", r"何分|minutes?|how long|最長|どれくらい|どのくらい|どれぐらい|"
               r"どのぐらい"),
    "second": (r"秒|sec(ond)?s?|\bs\b|ms", r"何秒|seconds?|timeout|タイムアウト"),
    "size": (r"[KMGT]i?B|バイト|bytes?", r"サイズ|size|how (big|large)|容量|大きさ"),
    "memory": (r"[MG]B", r"メモリ|memory"),
    "percent": (r"%|％|パーセント|percent", r"配点|weight|percent|割合|%|％"),
    "count": (r"個|つ|件|回|台|問|requests?|records?|items?|times|questions?",
              r"いくつ|何個|何件|何回|how many|number of|最大何"),
    "money": (r"USD|ドル|\$|円", r"料金|price|cost|pric|費用|いくら"),
}
_NUM = r"\d[\d,.]*\s*"
_UNIT_LINE = {u: re.compile(_NUM + f"(?:{p})", re.I) for u, (p, _) in UNITS.items()}
_UNIT_Q = {u: re.compile(q, re.I) for u, (_, q) in UNITS.items()}
# what a question asks (when / why / where / how), and how an answering line says it
_WH: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    k: (re.compile(q, re.I), re.compile(a, re.I)) for k, (q, a) in {
        "when": (r"いつ|どのタイミング|どんなとき|どういう時|\bwhen\b",
                 r"後|前|時|際|タイミング|場合|\bafter\b|\bbefore\b|\bwhen\b|\bonce\b"),
        "why": (r"なぜ|どうして|理由|\bwhy\b", r"ため|ので|から|理由|\bbecause\b|\bso that\b"),
        "where": (r"どこ|何処|\bwhere\b", r"に保存|へ|場所|\bin\b|\bto\b|\bstored\b"),
        "how": (r"どうやって|どのように|方法|手順|\bhow (do|does|can|to|is|are)\b",
                r"使って|で|により|によって|を使|\busing\b|\bwith\b|\bvia\b|\bby\b"),
        "what_file": (r"ファイル|\bfile\b", r"\.(ya?ml|json|xml|txt|cfg|ini|toml)\b|ファイル|\bfile\b"),
    }.items()}
_HAS_NUMBER = re.compile(r"(?<![A-Za-z0-9\-.])\d")  # not the 2 of EC2 or DVA-C02
_SENTENCE_END = re.compile(r"[。.!?！？]$|(る|た|い|だ|す|ない)$")

FEATURES = ("own", "key", "phrase", "ctx", "kids", "bridge_own", "bridge_ctx", "service",
            "dense", "dense_top", "dense_rank", "unit_match", "number", "no_number",
            "names_service", "wh_match", "novel", "label", "list_label", "rank", "long",
            "local")
KEEP_MARGIN = 3.0  # runners-up within this score of the best line are shown too


@lru_cache(maxsize=1)
def weights() -> np.ndarray:
    data = json.loads(resources.files("tutor.data").joinpath("selector.json").read_text("utf-8"))
    return np.array([float(data["weights"].get(f, 0.0)) for f in FEATURES])


class LineScorer:
    """IDF over all note lines, so rare terms (プロビジョンド同時実行) outweigh common ones."""

    def __init__(self, units: list[Unit]) -> None:
        df: Counter[str] = Counter()
        for unit in units:
            df.update(set(tokenize(unit.text)))
        self.n = max(len(units), 1)
        self.df = df
        # a file's title names the whole file's topic ("… (DVA-C02) 試験ガイド")
        self.titles = {u.chunk.source: set(tokenize(u.chunk.title)) for u in units}

    def idf(self, token: str) -> float:
        return math.log(1 + self.n / (1 + self.df.get(token, 0)))

    def in_vocab(self, token: str) -> bool:
        return token in self.df


def wanted_units(question: str) -> set[str]:
    """Canonical units the answer line should carry ("何日" -> day)."""
    return {u for u, pat in _UNIT_Q.items() if pat.search(question)}


_COUNTER_Q = re.compile(r"何\s*([\u4e00-\u9fff]|[\u30a1-\u30f6ー]+)|how many ([a-z]+)", re.I)


def asked_counter(question: str) -> re.Pattern[str] | None:
    """The counter a question asks in ("何問" -> 問, "how many shards" -> shards), as a
    pattern for "a number in that counter" — grammar, not any notes' wording."""
    words = []
    for m in _COUNTER_Q.finditer(normalize(question)):
        w = m.group(1) or m.group(2)
        if w:
            words.append(re.escape(w.rstrip("s")) + ("s?" if m.group(2) else ""))
    if not words:
        return None
    return re.compile(_NUM + f"(?:{'|'.join(words)})", re.I)


def is_label(text: str) -> bool:
    """A short heading-like bullet ("FIFOキュー", "Memory"), not a statement."""
    return len(text) <= 24 and not _SENTENCE_END.search(text) and "、" not in text


@dataclass
class Pick:
    """One candidate line with its score and where it came from."""

    unit: Unit
    index: int  # position in Index.units
    rank: int  # rank of its chunk among the hits
    score: float
    lexical: float  # share of the question's word weight the line (with context) covers
    cos: float  # raw cosine to the question
    features: np.ndarray | None = None


@dataclass
class Selection:
    picks: list[Pick]  # the lines to show, best first
    best_score: float
    coverage: float  # share of the question's word weight found in the best line's context
    candidates: list[Pick] = field(default_factory=list)  # every scored line, best first

    @property
    def units(self) -> list[Unit]:
        return [p.unit for p in self.picks]


@dataclass
class _Terms:
    own: list[tuple[str, float]]  # (token, idf share)
    bridged: list[tuple[str, float]]
    services: dict[str, float]  # service -> idf share of its name in the question
    pairs: set[tuple[str, str]]  # adjacent word pairs of the question ("試験"+"時間")
    local: dict[str, float] = field(default_factory=dict)  # token -> weight among candidates
    wanted: set[str] = field(default_factory=set)  # the units a number question asks in
    counter: re.Pattern[str] | None = None  # "a number in the asked counter" (何問 -> 問)


def _local_weights(terms: _Terms, lines: list[set[str]]) -> dict[str, float]:
    """The question's words weighed by how few *candidate* lines carry them: a word in
    every retrieved line (the topic) tells them apart less than one in a single line."""
    n = len(lines)
    raw: dict[str, float] = {}
    for pairs, scale in ((terms.own, 1.0), (terms.bridged, 0.5)):
        for t, _ in pairs:
            df = sum(t in s for s in lines)
            if df:
                raw[t] = scale * math.log(1 + n / (1 + df))
    mass = sum(raw.values()) or 1.0
    return {t: w / mass for t, w in raw.items()}


def _terms(query: Query, scorer: LineScorer) -> _Terms:
    own_tokens = list(dict.fromkeys(query.tokens))
    svc = {t: services_in(t)[0] for t in own_tokens if services_in(t)}
    own = [t for t in own_tokens if t not in svc]
    bridged = [t for t in dict.fromkeys(query.bridged) if t not in own and t not in svc]
    mass = sum(scorer.idf(t) for t in own if scorer.in_vocab(t)) + \
        0.5 * sum(scorer.idf(t) for t in bridged if scorer.in_vocab(t)) or 1.0
    services: dict[str, float] = {}
    for t, s in svc.items():
        services[s] = services.get(s, 0.0) + scorer.idf(t) / mass
    return _Terms([(t, scorer.idf(t) / mass) for t in own],
                  [(t, 0.5 * scorer.idf(t) / mass) for t in bridged], services,
                  set(zip(query.tokens, query.tokens[1:], strict=False)),
                  wanted=wanted_units(query.text), counter=asked_counter(query.text))


def line_tokens(unit: Unit) -> list[str]:
    """A label line's words include its items' ("FIFOキュー" with its bullets)."""
    label = bool(unit.children) and is_label(unit.text)
    return tokenize(" ".join([unit.text, *unit.children]) if label else unit.text)


def features(query: Query, unit: Unit, rank: int, dense: float, dense_rank: int,
             terms: _Terms, title: frozenset[str] | set[str] = frozenset(),
             tokens: list[str] | None = None) -> tuple[np.ndarray, float]:
    """The feature vector of one candidate line, and its lexical coverage.

    A word of the section's heading or its file's title counts as context even where the
    line repeats it: restating the topic ("DVA-C02", "FIFOキュー") is not answering about it.
    """
    heading = set(tokenize(unit.chunk.heading)) | title
    label = bool(unit.children) and is_label(unit.text)
    tokens = line_tokens(unit) if tokens is None else tokens
    own = set(tokens) - heading
    ctx = set(tokenize(unit.parent)) | heading
    kids = set(tokenize(" ".join(unit.children)))
    f = dict.fromkeys(FEATURES, 0.0)
    covered = 0.0
    for t, w in terms.own:
        if t in own:
            f["own"] += w
            f["key"] = max(f["key"], w)
        elif t in ctx:
            f["ctx"] += w
        elif t in kids:
            f["kids"] += w
        covered += w if t in own or t in ctx else 0.0
    for t, w in terms.bridged:
        if t in own:
            f["bridge_own"] += w
        elif t in ctx:
            f["bridge_ctx"] += w
        covered += w if t in own or t in ctx else 0.0
    if terms.pairs:
        line_pairs = set(zip(tokens, tokens[1:], strict=False))
        f["phrase"] = len(terms.pairs & line_pairs) / len(terms.pairs)
    primary = unit.chunk.services[:1]
    f["service"] = sum(w * (1.0 if s in primary else 0.3) for s, w in terms.services.items()
                       if s in unit.chunk.services)
    f["dense"] = dense
    f["dense_top"] = float(dense_rank == 0)
    f["dense_rank"] = 1.0 / (1.0 + dense_rank)
    question = query.text
    line = normalize(unit.text)
    if _NUMBER_Q.search(question):
        has_number = bool(_HAS_NUMBER.search(line))
        f["unit_match"] = float(any(_UNIT_LINE[u].search(line) for u in terms.wanted)
                                or bool(terms.counter and terms.counter.search(line)))
        f["number"] = float(has_number and not f["unit_match"])
        f["no_number"] = float(not has_number)
    if _SERVICE_Q.search(question):
        f["names_service"] = float(bool(set(services_in(unit.text)) - set(terms.services)))
    f["wh_match"] = float(any(q.search(question) and a.search(line) for q, a in _WH.values()))
    asked = {t for t, _ in terms.own} | set(terms.services)
    f["novel"] = len(own - asked) / max(len(own), 1)
    f["label"] = float(label)
    f["list_label"] = float(label and bool(_LIST_Q.search(question)))
    f["rank"] = float(rank)
    f["long"] = math.log1p(len(unit.text)) / 5
    f["local"] = sum(terms.local.get(t, 0.0) for t in set(tokens))
    return np.array([f[k] for k in FEATURES]), covered


def select(query: Query, hits: list, index: Index, scorer: LineScorer,
           max_units: int = 6) -> Selection:
    """Best-matching lines across the retrieved chunks."""
    candidates = [i for h in hits for i in index.chunk_units[index.chunk_pos[h.chunk.id]]]
    if not candidates:
        return Selection([], 0.0, 0.0)
    terms = _terms(query, scorer)
    tokens = [line_tokens(index.units[i]) for i in candidates]
    terms.local = _local_weights(terms, [set(t) for t in tokens])
    rank_of = {h.chunk.id: r for r, h in enumerate(hits)}
    centred = query.centred[candidates]
    floor, top = float(np.median(query.centred)), float(centred.max())
    spread = max(top - floor, 1e-6)
    dense_rank = np.argsort(np.argsort(-centred))

    w = weights()
    picks: list[Pick] = []
    for i, c, dr, toks in zip(candidates, centred, dense_rank, tokens, strict=True):
        unit = index.units[i]
        rank = rank_of[unit.chunk.id]
        vec, covered = features(query, unit, rank, max(float(c) - floor, 0.0) / spread, int(dr),
                                terms, scorer.titles.get(unit.chunk.source, set()), toks)
        picks.append(Pick(unit, i, rank, float(vec @ w), covered, float(query.cos[i]), vec))
    picks.sort(key=lambda p: (-p.score, p.rank, p.unit.node.start))
    best = picks[0]
    chosen = [best]
    for p in picks[1:]:
        if len(chosen) >= max_units or p.score < best.score - KEEP_MARGIN:
            break
        # runners-up close to the best line are kept: the learner sees the neighbourhood
        # of the fact, and a near-tie between two lines does not hide the right one
        if p.rank <= 1 and p.unit.text not in {c.unit.text for c in chosen}:
            chosen.append(p)
    return Selection(chosen, best.score, best.lexical, picks)
