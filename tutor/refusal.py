"""Refusal: say so when the notes do not contain the answer, in the question's language.

Two signals, calibrated on the shipped eval set (see evals/):
- the question is only about services whose note sections are empty headings
  (DynamoDB, S3, IAM, ...), and the best line barely matches the rest of the question;
- or nothing matches at all: few of the question's words occur anywhere in the notes
  and the best chunk is semantically far (off-topic questions).
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.keyword import tokenize
from ingest.tagging import service_of_heading, services_in
from tutor.extractive import LineScorer, Selection, question_terms
from tutor.glossary import expand
from tutor.models import Chunk, ScoredChunk

MIN_DENSE = 0.80  # cosine of the best chunk below which an unmatched question is off-topic
MIN_COVERAGE = 0.30  # share of the question's in-vocabulary IDF mass the best line must hit
MIN_IN_VOCAB = 0.34  # share of question tokens that occur anywhere in the notes


@dataclass
class Decision:
    refuse: bool
    reason: str
    empty_topics: list[str]


def uncovered_services(chunks: list[Chunk], empty: list[dict[str, str]]) -> set[str]:
    """Services with an empty section and no section of their own with content."""
    covered = {c.services[0] for c in chunks if c.services and
               service_of_heading(c.heading.split(" > "))}
    out: set[str] = set()
    for e in empty:
        for s in service_of_heading(e["heading"].split(" > ")):
            if s not in covered:
                out.add(s)
    return out


def decide(question: str, lang: str, hits: list[ScoredChunk], selection: Selection,
           scorer: LineScorer, uncovered: set[str]) -> Decision:
    q_services = services_in(question)
    if not hits or not selection.units:
        return Decision(True, "nothing retrieved", [])
    empty_only = bool(q_services) and all(s in uncovered for s in q_services)
    if empty_only:
        best = selection.units[0]
        rest = [t for t in question_terms(question, lang)
                if t not in {x.lower() for s in q_services for x in tokenize(s)}]
        own = set(tokenize(f"{best.text} {best.parent}"))
        hit = sum(scorer.idf(t) for t in rest if t in own)
        mass = sum(scorer.idf(t) for t in rest if scorer.in_vocab(t)) or 1.0
        if hit / mass < 0.6:
            return Decision(True, "empty section", q_services)
    tokens = tokenize(question)
    if lang != "ja":
        tokens = [t for t in tokens if scorer.in_vocab(t)] + tokenize(expand(question))
        tokens = tokens or tokenize(question)
    in_vocab = sum(scorer.in_vocab(t) for t in tokens) / max(len(tokens), 1)
    top_dense = max((h.dense or 0.0) for h in hits)
    if not q_services and in_vocab < MIN_IN_VOCAB and top_dense < MIN_DENSE:
        return Decision(True, "off-topic", [])
    if selection.coverage < MIN_COVERAGE and top_dense < MIN_DENSE - 0.02:
        return Decision(True, "weak match", [])
    return Decision(False, "", [])


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
