"""Refusal: say so when the notes do not contain the answer, in the question's language.

Signals, none of them a constant of one embedder or one notes file:
- meaning: the best line's cosine, placed on this index's own scale (calibrated at
  ingest between off-topic questions and the notes' own lines asked back);
- words: the question's detail words (not the service names), and whether the notes
  use them anywhere, in either language (through the bilingual bridge) — a covered
  service asked about a detail the notes never mention ("KMS key deletion waiting
  period" over notes that have a KMS section but say nothing of deletion);
- coverage: a question only about services whose sections are empty headings.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from core.catalog import languages_in, platforms_in, services, services_in
from core.models import ScoredChunk
from core.text import HAS_JA, fold, normalize
from core.tokenize import question_words, tokenize
from core.wordfreq import specificity, surfaces
from ingest.calibrate import relative
from ingest.units import Unit
from tutor.asks import asks_figure, defined_subject, has_figure, measured, topic_services
from tutor.names import unknown_names
from tutor.retrieve import Index, Query
from tutor.select import LineScorer, Selection, said

SIGNALS = ("position", "position_rel", "coverage", "coverage_top", "known", "detail_known", "detail_line",
           "detail_line_top", "score", "covered_service", "unknown_details", "unknown_specific",
           "same_lang", "support_same", "support_svc", "off_service", "bias")


@lru_cache(maxsize=1)
def model() -> tuple[np.ndarray, float]:
    """(weights, cut-off) of the refusal classifier, fitted by ``python -m tutor.tuning``."""
    data = json.loads(resources.files("tutor.data").joinpath("refusal.json").read_text("utf-8"))
    return np.array([float(data["weights"].get(k, 0.0)) for k in SIGNALS]), \
        float(data["threshold"])


@dataclass
class Decision:
    refuse: bool
    reason: str
    empty_topics: list[str]
    position: float = 0.0  # the best line's cosine on the calibrated scale
    subject: str = ""  # the "X" of "what is X" that no line of the notes names


def position(index: Index, lang: str, cos: float) -> float:
    """Where ``cos`` sits between off-topic (0) and on-topic (1) for this index."""
    cal = index.calibration
    off = cal.get(f"off_{lang}") or cal.get("off_en") or {}
    on = cal.get("on") or {}
    lo, hi = off.get("p90"), on.get("p50")
    if lo is None or hi is None or hi <= lo:
        return 1.0  # uncalibrated: meaning alone never refuses
    return (cos - lo) / (hi - lo)


def relative_position(index: Index, query: Query) -> float:
    """The best line's lead over the question's median line, between off-topic (0) and
    on-topic (1) on this index's scale: fair to questions in the notes' other language."""
    cal = index.calibration
    off, on = cal.get(f"offrel_{query.lang}") or {}, cal.get("onrel") or {}
    lo, hi = off.get("p90"), on.get("p50")
    if lo is None or hi is None or hi <= lo or not len(query.cos):
        return 1.0
    return (float(relative(query.cos)[0]) - lo) / (hi - lo)


def signals(query: Query, selection: Selection, scorer: LineScorer, uncovered: set[str],
            index: Index) -> np.ndarray:
    """What the refusal weighs, each on a scale that does not depend on the embedder."""
    q_services = services_in(query.text)
    top = selection.candidates[:5]
    known = known_share(query, scorer, index)
    terms = detail_terms(query, scorer, q_services, index)
    support = [line_support(terms, p.unit) for p in top[:3]]
    same = float(top[0].unit.chunk.lang == query.lang)
    # the question's details found in a line of the service it names, not of another one
    in_svc = [line_support(terms, p.unit) for p in selection.candidates[:12]
              if set(q_services) & set(p.unit.chunk.services)]
    return np.array([
        position(index, query.lang, max(p.cos for p in top)),
        relative_position(index, query),
        selection.coverage,
        max(p.lexical for p in top),
        known,
        known_detail_share(terms, scorer) if q_services else known,
        support[0],
        max(support),
        selection.best_score / 10.0,
        float(any(s not in uncovered for s in q_services)),
        min(unknown_details(terms, scorer), 3) / 3,
        unknown_specific(query, terms, scorer),
        same,
        same * max(support),
        (max(in_svc) if in_svc else 0.0) if q_services else max(support),
        float(bool(q_services) and not set(q_services) & set(top[0].unit.chunk.services)),
        1.0,
    ])


def decide(query: Query, hits: list[ScoredChunk], selection: Selection, scorer: LineScorer,
           uncovered: set[str], index: Index) -> Decision:
    """Refuse when the notes do not hold the answer (with the reason, for the message)."""
    q_services = services_in(query.text)
    if not hits or not selection.picks:
        return Decision(True, "nothing retrieved", [])
    pos = position(index, query.lang, max(p.cos for p in selection.candidates[:5]))
    absent = absent_names(query.text, index)
    if absent:
        return Decision(True, "absent", absent, pos)
    # a question only about services whose sections are empty headings: refused when it
    # asks nothing beyond them, or when the best line (with its items) does not cover
    # what is asked (a service named in passing, "on EC2/on-premises" next to deployment
    # settings the notes list, does not refuse by itself)
    empty_only = bool(q_services) and all(s in uncovered for s in q_services)
    if empty_only:
        terms = detail_terms(query, scorer, q_services, index)
        if not terms or line_support(terms, selection.picks[0].unit, items=True) < 0.6:
            return Decision(True, "empty section", q_services, pos)
    x = signals(query, selection, scorer, uncovered, index)
    w, cut = model()
    p = 1.0 / (1.0 + np.exp(-float(x @ w)))
    if p >= cut or off_topic(x):
        if empty_only:
            return Decision(True, "empty section", q_services, pos)
        return Decision(True, "not in the notes", [], pos)
    # what the notes seem to be about, but not what is asked (after the general check, so
    # "What is the capital of France?" reads "not in the notes", not "no 'capital'"):
    # "how many / 何日" needs a shown line that gives a figure; "what is X" a place naming X;
    # "GetFederationToken" the notes must write
    if programming_only(query, selection, scorer, index):
        return Decision(True, "not in the notes", [], pos)
    unknown = unknown_names(query.text, index)  # an API or feature the notes never write
    feature = unnamed_feature(query, scorer, index)
    if unknown or feature:
        return Decision(True, "absent", unknown or [feature], pos)
    topics = topic_services(query.text)
    if topics and not shown_about(topics, selection):
        return Decision(True, "elsewhere", topics, pos)
    if asks_figure(query.text) and (not any(has_figure(said(p.unit)) for p in selection.picks)
                                    or figures_of_other_things(query, selection)):
        return Decision(True, "no figure", [], pos)
    subject = undefined_subject(query, scorer, index)
    if subject:
        return Decision(True, "undefined", [], pos, subject)
    return Decision(False, "", [], pos)


def undefined_subject(query: Query, scorer: LineScorer, index: Index) -> str:
    """The X of "X ってなに / what is X" when no place in the notes names it."""
    subject = defined_subject(query.text) or ""
    return "" if not subject or named_in_notes(subject, scorer, index) else subject


def named_in_notes(name: str, scorer: LineScorer, index: Index) -> bool:
    """Whether a place in the notes (a line with its parent and heading) names ``name``:
    written out, or - English words, or a Japanese name read in English lines - all of
    its words through the bridge. A Japanese compound must be written out: グローバル and
    テーブル on one line are not "グローバルテーブル"."""
    words = [t for t in dict.fromkeys(tokenize(name)) if t not in question_words()]
    if not words:
        return True
    written = fold(name)
    bridge = index.bridge if index.settings.bridge else None
    forms = [bridge.forms(t) if bridge else {t} for t in words]
    ja = bool(HAS_JA.search(name))
    return any(written in text or (all(f & place for f in forms)
                                   and not (ja and HAS_JA.search(text)))
               for text, place in scorer.places)


# "Requester Pays", "Object Lock", "Service Connect": a feature's name in Title Case, inside
# the question (a sentence's first word is capitalised anyway)
TITLE_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,3}\b")
SENTENCE_START = re.compile(r"(?:^|[.?!。？！]\s*)$")


def unnamed_feature(query: Query, scorer: LineScorer, index: Index) -> str:
    """A Title Case name in the question (not a service) that no place in the notes names."""
    text = normalize(query.text)
    for m in TITLE_NAME.finditer(text):
        name = m.group(0)
        if SENTENCE_START.search(text[:m.start()]) or services_in(name) \
                or platforms_in(name) or languages_in(name):
            continue
        if not named_in_notes(name, scorer, index):
            return name
    return ""


def figures_of_other_things(query: Query, selection: Selection) -> bool:
    """A figure question ("タグって何個", "how many stages") whose shown figures all
    measure something else: no line giving a figure names what is measured. Only when
    those lines are in the question's language - the bridge is too thin for the name of
    a thing (parts / パーツ), so other lines are left to the general check."""
    things = measured(query.text)
    lines = [p.unit for p in selection.picks if has_figure(said(p.unit))]
    if not things or not lines or any(bool(HAS_JA.search(said(u))) != (query.lang == "ja")
                                      for u in lines):
        return False
    wanted = set(things) | {t[:-1] for t in things if t.endswith("s") and len(t) > 3}
    return not any(wanted & set(tokenize(f"{said(u)} {u.parent} {u.chunk.heading}"))
                   for u in lines)


LANGUAGE_SUPPORT = 0.5  # share of the question's other words a shown line must hold


def programming_only(query: Query, selection: Selection, scorer: LineScorer,
                     index: Index) -> bool:
    """A question about a programming language or tool itself ("closures in
    JavaScript", "Pythonでリストを逆順に"): it names no AWS service, and no shown line
    holds most of its other words - notes that say Lambda runs Python do not answer it."""
    named = languages_in(query.text)
    if not named or services_in(query.text):
        return False
    own = set(tokenize(" ".join(named)))
    terms = [t for t in detail_terms(query, scorer, [], index) if t[0] not in own]
    return not terms or max(line_support(terms, p.unit) for p in selection.picks) \
        < LANGUAGE_SUPPORT


def shown_about(wanted: list[str], selection: Selection) -> bool:
    """Whether a shown line is about one of the services the question is about: under a
    heading that names it, or naming it itself (or in its parent). Lines of another
    service's section that name it in passing do not answer about it."""
    names = set(wanted)
    for p in selection.picks:
        chunk = p.unit.chunk
        path = [chunk.title, *chunk.heading.split(" > ")]
        if any(names & set(services_in(title)) for title in path if title):
            return True
        if names & set(services_in(f"{said(p.unit)} {p.unit.parent}")):
            return True
    return False


OFF_TOPIC_MARGIN = 0.1  # below the index's off-topic level, on its own calibrated scale


def off_topic(x: np.ndarray) -> bool:
    """Meaning and words agree the question is not about these notes: its best line sits
    below this index's off-topic questions, absolutely and relative to the question's
    median line, and no word of it is found near that line."""
    sig = dict(zip(SIGNALS, x, strict=True))
    return sig["position"] < -OFF_TOPIC_MARGIN and sig["position_rel"] < -OFF_TOPIC_MARGIN \
        and sig["coverage"] == 0.0


def absent_names(question: str, index: Index) -> list[str]:
    """Services and non-AWS products the question names that the notes never mention:
    nothing in the notes can answer about them."""
    mentioned = getattr(index, "_mentioned", None)
    if mentioned is None:
        text = normalize("\n".join(c.text for c in index.chunks))
        mentioned = (set(services_in(text)), text.lower())
        index._mentioned = mentioned  # computed once per loaded index
    services, text = mentioned
    out = [s for s in services_in(question) if s not in services]
    out += [p for p in platforms_in(normalize(question)) if p.lower() not in text]
    return out


def _content_tokens(question: str) -> list[str]:
    """The question's own content words (not the bridge's additions, not the words that
    only frame the question: how, give, 何, 教える)."""
    framing = question_words()
    return [t for t in dict.fromkeys(tokenize(question)) if t not in framing]


def _known(token: str, scorer: LineScorer, index: Index) -> bool:
    return any(scorer.in_vocab(f) for f in index.bridge.forms(token))


def known_share(query: Query, scorer: LineScorer, index: Index) -> float:
    """Share of the question's words the notes use (directly or through the bridge)."""
    tokens = _content_tokens(query.text)
    if not tokens:
        return 0.0
    return sum(1 for t in tokens if _known(t, scorer, index)) / len(tokens)


def detail_terms(query: Query, scorer: LineScorer, q_services: list[str], index: Index
                  ) -> list[tuple[str, float, set[str]]]:
    """(token, weight, forms) for the question's words beyond the service names.

    Forms are the token and the note words it stands for in the other language. Words
    the notes never use weigh as much as the rarest word: they are what the notes do
    not say.
    """
    # a service's names are not details of it ("Application Load Balancer" for ELB)
    names = services()
    svc_tokens = {t for s in q_services for n in (s, *names.get(s, ())) for t in tokenize(n)}
    top_idf = scorer.idf("\x00unseen")
    out = []
    for t in _content_tokens(query.text):
        if t in svc_tokens or services_in(t):
            continue
        forms = {f for f in index.bridge.forms(t) if scorer.in_vocab(f)} | {t}
        known = [f for f in forms if scorer.in_vocab(f)]
        w = max(scorer.idf(f) for f in known) if known else top_idf
        out.append((t, w, forms))
    return out


def known_detail_share(terms: list[tuple[str, float, set[str]]], scorer: LineScorer) -> float:
    """Weight share of the question's detail words that the notes use anywhere."""
    mass = sum(w for _, w, _ in terms)
    known = sum(w for _, w, forms in terms if any(scorer.in_vocab(f) for f in forms))
    return known / mass if mass else 1.0


def unknown_details(terms: list[tuple[str, float, set[str]]], scorer: LineScorer) -> int:
    """How many of the question's detail words the notes never use, in either language."""
    return sum(1 for _, _, forms in terms if not any(scorer.in_vocab(f) for f in forms))


def unknown_specific(query: Query, terms: list[tuple[str, float, set[str]]],
                     scorer: LineScorer) -> float:
    """How specific the most specific detail word the notes never use is ("StackSets": 1,
    "drawback": low): a named detail the notes lack, not a rephrasing."""
    written = surfaces(query.text)
    return max((specificity(written.get(t, t))
                for t, _, forms in terms
                if not any(scorer.in_vocab(f) for f in forms)), default=0.0)


def line_support(terms: list[tuple[str, float, set[str]]], unit: Unit,
                 items: bool = False) -> float:
    """How much of the question's detail words (``detail_terms``) one line, with its
    parent and heading (and its items, when asked), covers, in either language."""
    kids = " ".join(unit.children) if items else ""
    own = set(tokenize(f"{unit.text} {unit.parent} {unit.chunk.heading} {kids}"))
    mass = sum(w for _, w, _ in terms)
    hit = sum(w for _, w, forms in terms if forms & own)
    return hit / mass if mass else 1.0


def refusal_text(lang: str, hits: list[ScoredChunk], decision: Decision) -> str:
    """The refusal, plus the closest topics the notes do cover (no citation as support)."""
    topics: list[str] = []
    for h in hits:
        name = h.chunk.heading.split(" > ")[-1]
        if name not in topics:
            topics.append(name)
    topics = topics[:3]
    absent = decision.reason == "absent"
    if lang == "ja":
        text = "ノートにはこの内容の記載がありません。"
        if decision.reason == "no figure":
            text = "ノートの近い箇所には、聞かれている数値の記載がありません。"
        elif decision.reason == "elsewhere":
            text = (f"ノートで質問に近い箇所は {'、'.join(decision.empty_topics)} についての"
                    "記載ではないため、答えられません。")
        elif decision.subject:
            text = f"ノートには「{decision.subject}」の説明がありません。"
        elif absent:
            text = f"ノートには {'、'.join(decision.empty_topics)} についての記載がありません。"
        elif decision.empty_topics:
            text += f"（{'、'.join(decision.empty_topics)} の見出しはありますが、まだ内容がありません。）"
        if topics:
            text += "\n近いトピックとしてノートにあるのは: " + "、".join(f"「{t}」" for t in topics)
        return text
    text = "The notes don't cover this."
    if decision.reason == "no figure":
        text = "The closest lines in the notes don't give the figure you asked for."
    elif decision.reason == "elsewhere":
        text = (f"The lines of the notes closest to your question are not about "
                f"{', '.join(decision.empty_topics)}, so they don't answer it.")
    elif decision.subject:
        text = f"The notes don't explain “{decision.subject}”."
    elif absent:
        text = f"The notes don't mention {', '.join(decision.empty_topics)}."
    elif decision.empty_topics:
        text += (f" (The notes have a heading for {', '.join(decision.empty_topics)}, "
                 "but no content under it yet.)")
    if topics:
        text += "\nClosest topics the notes do cover: " + ", ".join(f"「{t}」" for t in topics)
    return text
