"""Select: pick the note lines that answer the question, best first.

Every answerer starts from this: the extractive one quotes the selected lines, an LLM
gets them (with their parents and heading paths) as its context. Each candidate line
of the retrieved chunks is described by a few features, and scored by a linear model:
- what it means: its cosine to the question (line vectors, language-centred), which
  works across languages, from the main embedder and from a second one when the index
  has its vectors (two models go wrong on different lines);
- the words it shares with the question (IDF-weighted, in the line itself, in its
  parent and heading, in its children; the question's words in the other language
  through the bridge);
- the question's type (``tutor/asks.py``): "how many / 何秒 / 最大" wants a number in
  the asked unit, "which service" a line naming a service, a list question a label line;
- the rank of its chunk.
The weights live in ``tutor/data/selector.json``, fitted by ``python -m tutor.tuning``
on the tuning sets the README names; nothing in here knows one notes file. The linear
score says how well a line matches (the margins, the refusal); which line leads is the
learned ranker's call (``tutor/rank.py``).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np

from core.catalog import services_in
from core.outline import STEP
from core.text import fold, normalize
from core.tokenize import tokenize
from ingest.units import Unit
from tutor.asks import (
    HAS_NUMBER,
    LIST_Q,
    NUMBER_Q,
    SENTENCE_END,
    SERVICE_Q,
    UNIT_LINE,
    WH,
    answer_shape,
    asked_counter,
    wanted_units,
)
from tutor.rank import order as ranker_order
from tutor.retrieve import Index, Query

FEATURES = ("own", "key", "phrase", "ctx", "kids", "bridge_own", "bridge_ctx", "service",
            "dense", "dense_top", "dense_rank", "unit_match", "number", "no_number",
            "names_service", "wh_match", "novel", "label", "list_label", "rank", "long",
            "local", "aux", "aux_top", "aux_rank")
RANKED_SHOWN = 3  # the ranker's best lines always shown (lead, then folded), however they score
KEEP_MARGIN = 3.5  # runners-up within this score of the best line are shown too
SERVICE_MARGIN = 2.0  # a line about the service asked about leads over another's within this
SHAPE_MARGIN = 2.0  # a line shaped like the answer (a figure, a file name) leads over a
# better-scored line this close


@lru_cache(maxsize=1)
def weights() -> np.ndarray:
    data = json.loads(resources.files("tutor.data").joinpath("selector.json").read_text("utf-8"))
    return np.array([float(data["weights"].get(f, 0.0)) for f in FEATURES])


class LineScorer:
    """IDF over all note lines, so rare terms (プロビジョンド同時実行) outweigh common ones."""

    def __init__(self, units: list[Unit]) -> None:
        df: Counter[str] = Counter()
        seen: dict[str, set[str]] = {}
        # each line with its parent and heading: what one place in the notes names
        self.places: list[tuple[str, set[str]]] = []
        for unit in units:
            words = set(tokenize(unit.text))
            df.update(words)
            around = f"{unit.parent} {unit.chunk.heading}"
            if around not in seen:
                seen[around] = set(tokenize(around))
            self.places.append((fold(f"{unit.text} {around}"), words | seen[around]))
        self.n = max(len(units), 1)
        self.df = df
        # a file's title names the whole file's topic ("… (DVA-C02) 試験ガイド")
        self.titles = {u.chunk.source: set(tokenize(u.chunk.title)) for u in units}

    def idf(self, token: str) -> float:
        return math.log(1 + self.n / (1 + self.df.get(token, 0)))

    def in_vocab(self, token: str) -> bool:
        return token in self.df


QUESTION_END = re.compile(r"(?:[?？]|とは|の違い)\s*$")
INTRO_END = re.compile(r"[:：]\s*$")


def is_label(text: str) -> bool:
    """A short heading-like bullet ("FIFOキュー", "Memory"), not a statement; a question
    over its answer (a review card's "Q"); or a line that introduces what follows ("…の比較:",
    "resolvers connect fields to:"): its items say what it means."""
    return len(text) <= 24 and not SENTENCE_END.search(text) and "、" not in text \
        or QUESTION_END.search(text) is not None or INTRO_END.search(text) is not None


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
    # the same lines by the linear score alone: how well the notes match, which the
    # refusal reads (whichever line the ranker puts first)
    matched: list[Pick] = field(default_factory=list)

    @property
    def units(self) -> list[Unit]:
        return [p.unit for p in self.picks]

    @property
    def shown(self) -> list[Pick]:
        """Every line an answer displays: the picks, then the ranker's best lines."""
        return [*self.picks, *(p for p in self.candidates[:RANKED_SHOWN]
                               if all(p is not q for q in self.picks))]


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


def said(unit: Unit) -> str:
    """What a line states: a label line with its items ("FIFOキュー" and its bullets)."""
    return " ".join([unit.text, *unit.children]) if unit.children and is_label(unit.text) \
        else unit.text


def shape_first(picks: list[Pick], shaped: Callable[[str], bool]) -> list[Pick]:
    """A close runner-up shaped like the answer ("how many" -> a figure) leads.

    The linear score can only say "a number helps" for every near tie at once; whether
    the best line may lack what the question's grammar asks for is a rule about the
    ranking itself."""
    if not picks or shaped(said(picks[0].unit)):
        return picks
    for i, p in enumerate(picks[1:], 1):
        if p.score < picks[0].score - SHAPE_MARGIN:
            continue  # (the ranker's order need not follow the linear score)
        if shaped(said(p.unit)):
            return [p, *picks[:i], *picks[i + 1:]]
    return picks


def about(unit: Unit, names: set[str]) -> bool:
    """Whether a line is about one of these services: under a heading that names it, or
    naming it itself (or in its parent). Another service's line that names it in passing
    is not."""
    chunk = unit.chunk
    path = [chunk.title, *chunk.heading.split(" > ")]
    return any(names & set(services_in(title)) for title in path if title) or \
        bool(names & set(services_in(f"{said(unit)} {unit.parent}")))


def service_first(picks: list[Pick], names: set[str]) -> list[Pick]:
    """A close runner-up about the service the question names, covering as much of the
    question's words, leads over a line about another service ("Kinesis retention" is not
    answered by a Glacier line's retention)."""
    if not names or not picks or about(picks[0].unit, names):
        return picks
    for i, p in enumerate(picks[1:], 1):
        if p.score >= picks[0].score - SERVICE_MARGIN and p.lexical >= picks[0].lexical \
                and about(p.unit, names):
            return [p, *picks[:i], *picks[i + 1:]]
    return picks


def line_tokens(unit: Unit) -> list[str]:
    """A label line's words include its items' ("FIFOキュー" with its bullets)."""
    return tokenize(said(unit))


def features(query: Query, unit: Unit, rank: int, dense: float, dense_rank: int,
             terms: _Terms, title: frozenset[str] | set[str] = frozenset(),
             tokens: list[str] | None = None,
             aux: tuple[float, int] | None = None) -> tuple[np.ndarray, float]:
    """The feature vector of one candidate line, and its lexical coverage.

    ``dense``/``dense_rank`` place the line's cosine among the candidates; ``aux`` does
    the same for the second embedder (the main embedder's stands in when there is none).

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
    aux_close, aux_rank = aux if aux is not None else (dense, dense_rank)
    f["aux"] = aux_close
    f["aux_top"] = float(aux_rank == 0)
    f["aux_rank"] = 1.0 / (1.0 + aux_rank)
    question = query.text
    line = normalize(unit.text)
    if NUMBER_Q.search(question):
        has_number = bool(HAS_NUMBER.search(STEP.sub("", line)))
        f["unit_match"] = float(any(UNIT_LINE[u].search(line) for u in terms.wanted)
                                or bool(terms.counter and terms.counter.search(line)))
        f["number"] = float(has_number and not f["unit_match"])
        f["no_number"] = float(not has_number)
    if SERVICE_Q.search(question):
        f["names_service"] = float(bool(set(services_in(unit.text)) - set(terms.services)))
    f["wh_match"] = float(any(q.search(question) and a.search(line) for q, a in WH.values()))
    asked = {t for t, _ in terms.own} | set(terms.services)
    f["novel"] = len(own - asked) / max(len(own), 1)
    f["label"] = float(label)
    f["list_label"] = float(label and bool(LIST_Q.search(question)))
    f["rank"] = float(rank)
    f["long"] = math.log1p(len(unit.text)) / 5
    f["local"] = sum(terms.local.get(t, 0.0) for t in set(tokens))
    return np.array([f[k] for k in FEATURES]), covered


def linear_order(picks: list[Pick]) -> list[Pick]:
    """Best linear score first; ties by chunk rank, then by place in the notes."""
    return sorted(picks, key=lambda p: (-p.score, p.rank, p.unit.node.start))


def closeness(centred: np.ndarray, candidates: list[int], home: np.ndarray | None = None
              ) -> tuple[np.ndarray, np.ndarray]:
    """Each candidate's cosine between the median line (0) of the candidates' own files
    (``home``; the whole index without it) and the best candidate (1), and its rank
    among the candidates: a scale no embedder's cosines set, and one that other notes
    added beside these files do not move."""
    c = centred[candidates]
    pool = centred[home] if home is not None and home.any() else centred
    floor, top = float(np.median(pool)), float(c.max())
    return np.maximum(c - floor, 0.0) / max(top - floor, 1e-6), np.argsort(np.argsort(-c))


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
    home = index.home_mask(candidates)
    dense, dense_rank = closeness(query.centred, candidates, home)
    aux = closeness(query.aux_centred, candidates, home) if query.aux_centred is not None \
        else (dense, dense_rank)

    w = weights()
    picks: list[Pick] = []
    for j, (i, toks) in enumerate(zip(candidates, tokens, strict=True)):
        unit = index.units[i]
        rank = rank_of[unit.chunk.id]
        vec, covered = features(query, unit, rank, float(dense[j]), int(dense_rank[j]), terms,
                                scorer.titles.get(unit.chunk.source, set()), toks,
                                (float(aux[0][j]), int(aux[1][j])))
        picks.append(Pick(unit, i, rank, float(vec @ w), covered, float(query.cos[i]), vec))
    shaped = answer_shape(query.text)
    named = set(services_in(query.text)) & index.mentioned[0]
    linear = linear_order(picks)
    matched = service_first(shape_first(linear, shaped) if shaped else linear, named)
    picks = matched  # without the ranker, the linear order leads
    if index.settings.line_ranker:
        picks = ranker_order(linear)
        if shaped:
            picks = shape_first(picks, shaped)
        picks = service_first(picks, named)
    best = picks[0]
    top = matched[0].score  # how well the notes match at best: the linear score
    chosen = [best]
    for p in picks[1:]:
        if len(chosen) >= max_units:
            break
        # runners-up close to the best match are kept: the learner sees the neighbourhood
        # of the fact, and a near-tie between two lines does not hide the right one
        if p.score >= top - KEEP_MARGIN and p.rank <= 1 and \
                p.unit.text not in {c.unit.text for c in chosen}:
            chosen.append(p)
    return Selection(chosen, top, matched[0].lexical, picks, matched)
