"""What the notes hold of a question's details, and the rules that refuse when the notes
are about the question's topic but not about what it asks.

After the general check (``refusal.decide``): a figure none of the shown lines gives, a
"what is X" whose X no place in the notes names, a feature name the notes never write, a
question about a service answered only from another service's lines, a programming
question that only shares a language's name with the notes.
"""

from __future__ import annotations

import re

from core.catalog import languages_in, platforms_in, services, services_in
from core.text import HAS_JA, fold, normalize
from core.tokenize import question_words, tokenize
from ingest.units import Unit
from tutor.asks import has_figure
from tutor.retrieve import Index, Query
from tutor.select import LineScorer, Selection, about, said
from tutor.subjects import defined_subject

Terms = list[tuple[str, float, set[str]]]  # (token, weight, its forms in either language)


def content_tokens(question: str) -> list[str]:
    """The question's own content words (not the bridge's additions, not the words that
    only frame the question: how, give, 何, 教える)."""
    framing = question_words()
    return [t for t in dict.fromkeys(tokenize(question)) if t not in framing]


def detail_terms(query: Query, scorer: LineScorer, q_services: list[str], index: Index
                 ) -> Terms:
    """(token, weight, forms) for the question's words beyond the service names.

    Forms are the token and the note words it stands for in the other language. Words
    the notes never use weigh as much as the rarest word: they are what the notes do
    not say.
    """
    # a service's names are not details of it ("Application Load Balancer" for ELB)
    names = services()
    svc_tokens = {t for s in q_services for n in (s, *names.get(s, ())) for t in tokenize(n)}
    top_idf = scorer.idf("\x00unseen")
    whole = index.bridge.part_forms(query.text)
    out = []
    for t in content_tokens(query.text):
        if t in svc_tokens or services_in(t):
            continue
        forms = {f for f in index.bridge.forms(t) | whole.get(t, set())
                 if scorer.in_vocab(f)} | {t}
        known = [f for f in forms if scorer.in_vocab(f)]
        w = max(scorer.idf(f) for f in known) if known else top_idf
        out.append((t, w, forms))
    return out


def line_support(terms: Terms, unit: Unit, items: bool = False) -> float:
    """How much of the question's detail words (``detail_terms``) one line, with its
    parent and heading (and its items, when asked), covers, in either language."""
    kids = " ".join(unit.children) if items else ""
    own = set(tokenize(f"{unit.text} {unit.parent} {unit.chunk.heading} {kids}"))
    mass = sum(w for _, w, _ in terms)
    hit = sum(w for _, w, forms in terms if forms & own)
    return hit / mass if mass else 1.0


def undefined_subject(query: Query, scorer: LineScorer, index: Index) -> str:
    """The X of "X ってなに / what is X" when no place in the notes names it."""
    subject = defined_subject(query.text) or ""
    return "" if not subject or named_in_notes(subject, scorer, index) else subject


def named_in_notes(name: str, scorer: LineScorer, index: Index) -> bool:
    """Whether a place in the notes (a line with its parent and heading) names ``name``:
    written out, or - English words, or a Japanese name read in English lines - all of
    its words through the bridge. A Japanese compound must be written out: グローバル and
    テーブル on one line are not "グローバルテーブル"."""
    words = content_tokens(name)
    if not words:
        return True
    written = fold(name)
    bridge = index.bridge if index.settings.bridge else None
    # a compound's English name counts for its parts (アップストリーム: アップ, ストリーム)
    whole = bridge.part_forms(name) if bridge else {}
    forms = [bridge.forms(t) | whole.get(t, set()) if bridge else {t} for t in words]
    ja = bool(HAS_JA.search(name))
    return any(written in text or (all(f & place for f in forms)
                                   and not (ja and HAS_JA.search(text)))
               for text, place in scorer.places)


# "Requester Pays", "Object Lock", "Service Connect": a feature's name in Title Case, inside
# the question (a sentence's first word is capitalised anyway); bounded by what is not a
# Latin letter, since \b sees no edge between Japanese and Latin ("CloudFrontのOrigin Shield")
TITLE_NAME = re.compile(r"(?<![A-Za-z])[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,3}(?![A-Za-z])")
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


def programming_only(query: Query, selection: Selection, scorer: LineScorer,
                     index: Index) -> bool:
    """A question about a programming language or tool itself ("closures in
    JavaScript", "== vs === in JavaScript"): it names no AWS service, and the shown lines
    share nothing with it but the language's name - notes that say Lambda runs Python do
    not answer it."""
    named = languages_in(query.text)
    if not named or services_in(query.text):
        return False
    own = set(tokenize(" ".join(named)))
    terms = [t for t in detail_terms(query, scorer, [], index) if t[0] not in own]
    return not terms or max(line_support(terms, p.unit) for p in selection.picks) == 0.0


def shown_about(wanted: list[str], selection: Selection) -> bool:
    """Whether a shown line is about one of the services the question is about (see
    ``select.about``)."""
    return any(about(p.unit, set(wanted)) for p in selection.picks)


def count_shown(thing: str, selection: Selection, index: Index) -> bool:
    """Whether a shown line with a figure names the counted thing (in its text, items or
    parent, in either language): "how many stages can a REST API have" is not answered
    by a line counting its timeouts."""
    bridge = index.bridge if index.settings.bridge else None
    stems = {thing, thing[:-1]} if len(thing) > 3 and thing.endswith("s") else {thing}  # GSIs
    forms = {f for t in stems for f in (bridge.forms(t) if bridge else {t})}
    for pick in selection.shown:
        line = said(pick.unit)
        if not has_figure(line):
            continue
        text = normalize(f"{line} {pick.unit.parent}").lower()
        if forms & set(tokenize(text)) or any(f.lower() in text for f in forms):
            return True
    return False
