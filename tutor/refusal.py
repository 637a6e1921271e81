"""Refusal: say so when the notes do not contain the answer, in the question's language.

Two signals, calibrated on the shipped eval set (see evals/):
- the question is only about services whose note sections are empty headings
  (DynamoDB, S3, IAM, ...), and the best line barely matches the rest of the question;
- or nothing matches at all: few of the question's words occur anywhere in the notes
  and the best chunk is semantically far (off-topic questions).
"""

from __future__ import annotations

from dataclasses import dataclass

from core.catalog import services_in
from core.models import ScoredChunk
from core.tokenize import tokenize
from tutor.glossary import expand_words
from tutor.select import LineScorer, Selection

MIN_DENSE = 0.78  # cosine of the best chunk below which a weakly matched question is refused
MIN_DENSE_OFFTOPIC = 0.86  # an unknown-words question must be at least this close to a chunk
MIN_COVERAGE = 0.30  # share of the question's in-vocabulary IDF mass the best line must hit
MIN_IN_VOCAB = 0.25  # share of question tokens that occur anywhere in the notes
MIN_KNOWN_DETAIL = 0.2  # Japanese: IDF share of the non-service words the notes ever use


@dataclass
class Decision:
    refuse: bool
    reason: str
    empty_topics: list[str]


def decide(question: str, lang: str, hits: list[ScoredChunk], selection: Selection,
           scorer: LineScorer, uncovered: set[str]) -> Decision:
    q_services = services_in(question)
    if not hits or not selection.units:
        return Decision(True, "nothing retrieved", [])
    empty_only = bool(q_services) and all(s in uncovered for s in q_services)
    top_dense = max((h.dense or 0.0) for h in hits)
    if empty_only and top_dense < MIN_DENSE_OFFTOPIC + 0.01 and \
            _line_support(question, lang, selection, scorer, q_services) < 0.6:
        return Decision(True, "empty section", q_services)
    if lang == "ja" and q_services and \
            known_detail_share(question, scorer, q_services) < MIN_KNOWN_DETAIL:
        return Decision(True, "unknown detail", [])
    known = known_share(question, lang, scorer)
    if not q_services and (known == 0.0 or known < MIN_IN_VOCAB and top_dense < MIN_DENSE_OFFTOPIC):
        return Decision(True, "off-topic", [])
    if selection.coverage < MIN_COVERAGE and top_dense < MIN_DENSE:
        return Decision(True, "weak match", [])
    return Decision(False, "", [])


def _content_tokens(question: str) -> list[str]:
    """The question's own content words (not the glossary's additions)."""
    return list(dict.fromkeys(tokenize(question)))


def known_share(question: str, lang: str, scorer: LineScorer) -> float:
    """Share of the question's words the notes know (directly or through the glossary)."""
    tokens = _content_tokens(question)
    if not tokens:
        return 0.0
    known = sum(1 for t in tokens if scorer.in_vocab(t) or (lang != "ja" and expand_words(t)))
    return known / len(tokens)


def _detail_terms(question: str, lang: str, scorer: LineScorer,
                  q_services: list[str]) -> list[tuple[str, float, set[str]]]:
    """(token, weight, forms) for the question's words beyond the service names.

    Forms are the token plus, for English, its Japanese glossary terms. Words the notes
    never use weigh as much as the rarest word: they are what the notes do not say.
    """
    svc_tokens = {t for s in q_services for t in tokenize(s)}
    top_idf = scorer.idf("\x00unseen")
    out = []
    for t in _content_tokens(question):
        if t in svc_tokens or services_in(t):
            continue
        ja = set(tokenize(expand_words(t))) if lang != "ja" else set()
        if scorer.in_vocab(t):
            w = scorer.idf(t)
        elif ja:
            w = max(scorer.idf(x) for x in ja)
        else:
            w = top_idf
        out.append((t, w, {t} | ja))
    return out


def known_detail_share(question: str, scorer: LineScorer, q_services: list[str]) -> float:
    """IDF share of a Japanese question's non-service words that occur anywhere in the notes.

    "Beanstalkのイミュータブルデプロイとローリングデプロイの違い" names a covered service but
    asks about words the notes never use: that detail is not in the notes. (Japanese only:
    English questions meet the Japanese notes through the glossary, whose gaps would read
    as unknown words.)
    """
    terms = _detail_terms(question, "ja", scorer, q_services)
    mass = sum(w for _, w, _ in terms)
    known = sum(w for t, w, _ in terms if scorer.in_vocab(t))
    return known / mass if mass else 1.0


def _line_support(question: str, lang: str, selection: Selection, scorer: LineScorer,
                  q_services: list[str]) -> float:
    """How much of the question, beyond the service name, the best line covers."""
    best = selection.units[0]
    own = set(tokenize(f"{best.text} {best.parent}"))
    terms = _detail_terms(question, lang, scorer, q_services)
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
    if lang == "ja":
        text = "ノートにはこの内容の記載がありません。"
        if decision.empty_topics:
            text += f"（{'、'.join(decision.empty_topics)} の見出しはありますが、まだ内容がありません。）"
        if topics:
            text += "\n近いトピックとしてノートにあるのは: " + "、".join(f"「{t}」" for t in topics)
        return text
    text = "The notes don't cover this."
    if decision.empty_topics:
        text += (f" (The notes have a heading for {', '.join(decision.empty_topics)}, "
                 "but no content under it yet.)")
    if topics:
        text += "\nClosest topics the notes do cover: " + ", ".join(f"「{t}」" for t in topics)
    return text
