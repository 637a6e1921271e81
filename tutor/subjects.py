"""What a question is about: the X of "what is X", and the services it is about.
Grammar of questions in both languages: nothing here knows one notes file.
"""

from __future__ import annotations

import re

from core.catalog import service_positions
from core.text import HIRAGANA, normalize
from core.tokenize import question_words, tokenize

# "X ってなに？ / X は何のため？ / What is X? / What does X do?": the answer defines X
_DEFINE = [re.compile(p, re.I) for p in (
    r"^(?:.*[のでに])?(?P<s>[^、。?のでに]+?)(?:って|とは)\s*(?:なに|何|なん)(?:ですか|だっけ)?\s*\??$",
    r"^(?:.*[のでに])?(?P<s>[^、。?のでに]+?)(?:って|は)\s*何(?:に使う|のため)",
    r"^(?:.*[のでに])?(?P<s>[^、。?のでに]+?)(?:って|は)\s*どういう(?:機能|仕組み|もの)",
    r"^what (?:is|are) (?:an? |the )?(?P<s>[^?]+?)(?: (?:used )?for)?\??$",
    r"^what does (?:an? |the )?(?P<s>[^?]+?) do\??$")]
# what the "X" of such a question must not be: a figure, a comparison, an opinion
_NOT_SUBJECT = re.compile(r"max|min|default|largest|longest|smallest|differen|between|number|"
                          r"size|limit|違い|デメリット|メリット|リスク|こと|どんな|どの|どう|何|なに|"
                          r"種類|一覧|方法|手順|"
                          r"\b(which|what|one|two|three|four|five|several|main|best|"
                          r"kinds?|types?|ways?|steps?|options?|examples?|"
                          r"drawbacks?|downsides?|advantages?|I|you|my)\b", re.I)
SUBJECT_MAX_WORDS = 4
# a subject that is an action on a name ("setting ResultPath to null", "enabling long
# polling on a queue"): the name is the verb's object, without where it goes
_ACTION = re.compile(r"^[a-z]+ing\s+(?:(?:on|off|up)\s+)?(?:an?\s+|the\s+)?(?P<obj>\S.*?)"
                     r"(?:\s+(?:to|on|off|as|from|into|at)\b.*)?$", re.I)
# "how long / how many …": the word after "how" frames the question like "how" itself
_HOW_FRAME = re.compile(r"\bhow\s+(?:long|many|much|big|large|small|often|far|soon|old|fast|"
                        r"quickly|high|low|early|late)\b", re.I)


def defined_subject(question: str) -> str | None:
    """The X a "what is X" question asks to have defined, or None for other questions
    ("What is the maximum size of …" asks for a figure, not a definition)."""
    q = normalize(question).strip()
    for pat in _DEFINE:
        m = pat.search(q)
        if m:
            subject = m.group("s")
            if pat is _DEFINE[-1]:  # "what does setting X to null do": the object is the name
                subject = _ACTION.sub(r"\g<obj>", subject)
            subject = re.sub(r"\s+(in|on|of|for|with)\s+.*$", "", subject).strip(" 、,")
            subject = re.sub(r"^(aws|amazon)\s+", "", subject, flags=re.I)
            # a name, not a description: no hiragana ("…を拾うエラー名"), a few words at most
            if subject and not _NOT_SUBJECT.search(subject) and not HIRAGANA.search(subject) \
                    and len(subject.split()) <= SUBJECT_MAX_WORDS:
                return subject
            return None
    return None


def topic_services(question: str) -> list[str]:
    """The services a question is about: named before any other word of its own
    ("SQSの可視性タイムアウトは?", "How do SNS filter policies work?"), not on the way
    to something else ("how do I test an alarm's SNS action", "…before it reaches my
    Lambda target")."""
    framing = question_words()
    return [s for s, at in service_positions(question).items()
            if not [t for t in tokenize(_HOW_FRAME.sub(" ", question[:at])) if t not in framing]]
