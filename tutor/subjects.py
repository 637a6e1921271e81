"""What a question is about: the X of "what is X", the services it is about, and the
thing a figure question measures. Grammar of questions in both languages: nothing here
knows one notes file.
"""

from __future__ import annotations

import re

from core.catalog import service_positions, services_in
from core.text import HAS_JA, HIRAGANA, normalize
from core.tokenize import question_words, tagged, tokenize

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
                          r"\b(which|what|two|main|best|"
                          r"drawbacks?|downsides?|advantages?|I|you|my)\b", re.I)
SUBJECT_MAX_WORDS = 4


def defined_subject(question: str) -> str | None:
    """The X a "what is X" question asks to have defined, or None for other questions
    ("What is the maximum size of …" asks for a figure, not a definition)."""
    q = normalize(question).strip()
    for pat in _DEFINE:
        m = pat.search(q)
        if m:
            subject = re.sub(r"\s+(in|on|of|for|with)\s+.*$", "", m.group("s")).strip(" 、,")
            subject = re.sub(r"^(aws|amazon)\s+", "", subject, flags=re.I)
            # a name, not a description: no hiragana ("…を拾うエラー名"), a few words at most
            if subject and not _NOT_SUBJECT.search(subject) and not HIRAGANA.search(subject) \
                    and len(subject.split()) <= SUBJECT_MAX_WORDS:
                return subject
            return None
    return None


# what a figure is "of": a measure word names no thing ("maximum size of a message": message)
MEASURE_WORDS = frozenset(tokenize(
    "size number length value limit amount period duration time times count total rate "
    "maximum minimum default max min largest longest biggest smallest highest lowest "
    "サイズ 数 長さ 値 上限 下限 量 期間 時間 回数 合計 個数 件数 最大 最小 最長 最短 デフォルト 既定 "
    "それぞれ 全部 全体 大きさ 容量 既定値 初期値 デフォルト値 データ data"))
_MAX_JA = {"最大", "最小", "最長", "最短", "上限", "下限", "デフォルト", "既定"}
_ASK_JA = re.compile(r"^(何|いくつ|いくら|どれ(くらい|ぐらい|だけ)|どの(くらい|ぐらい))")
_NOUNISH = {"名詞", "接頭辞", "接尾辞"}
_EN_STOP = r"(?= (?:can|could|do|does|did|are|is|will|would|should|may|per|in|on|for|of|at|" \
    r"that|i|you|a|an|the|before|when|to|with|from)\b|[?,.]|$)"
_EN_MEASURED = [re.compile(p, re.I) for p in (
    r"\bhow many (?P<s>[\w@/\- ]+?)" + _EN_STOP,
    r"\b(?:max(?:imum)?|min(?:imum)?|largest|longest|biggest|smallest|highest|lowest) "
    r"(?P<s>[\w@/\- ]+?)" + _EN_STOP)]
_EN_OF = re.compile(r" of (?:an? |the |my |your |one |each |a single )?(?P<s>[\w@/\- ]+?)" + _EN_STOP,
                    re.I)


# "試験全体の何%", "the total number of": a share of a whole, not the thing measured
WHOLE_WORDS = frozenset(tokenize("全体 全部 合計 総数 total whole overall"))


def _things(words: str) -> list[str]:
    """Content tokens of a phrase that name a thing: no measure word, no service; none
    for a whole that a share is asked of."""
    tokens = tokenize(words)
    if WHOLE_WORDS & set(tokens):
        return []
    return [t for t in tokens if t not in MEASURE_WORDS and t not in question_words()
            and not services_in(t)]


def measured(question: str) -> list[str]:
    """What a figure question measures, as tokens: "How many stages…" -> stage,
    "タグって何個" -> タグ, "maximum size of a deployment package" -> deploy, packag.
    Empty when the grammar does not say ("how long can it run", "一番短くすると何秒")."""
    q = normalize(question)
    if HAS_JA.search(q):
        return _measured_ja(q)
    for pat in _EN_MEASURED:
        m = pat.search(q)
        if m:
            words = m.group("s").split()
            if set(tokenize(words[0])) <= MEASURE_WORDS:  # "size of …", "count toward …"
                of = _EN_OF.match(q, m.end("s")) if len(words) == 1 else None
                return _things(of.group("s")) if of else []
            return _things(m.group("s"))
    return []


def _measured_ja(q: str) -> list[str]:
    ms = tagged(q)
    cue = next((i for i, (s, _) in enumerate(ms) if s in _MAX_JA or _ASK_JA.match(s)), None)
    if cue is None:
        return []
    i = cue - 1
    if ms[cue][0] in _MAX_JA and cue + 1 < len(ms) and _ASK_JA.match(ms[cue + 1][0]):
        cue += 1  # 最大何日: the asking word is the cue, the thing comes before 最大
    if ms[cue][0] in _MAX_JA:  # 最小文字数は: the noun after the cue
        j, after = cue + 1, []
        while j < len(ms) and ms[j][1] in _NOUNISH:
            after.append(ms[j][0])
            j += 1
        found = _things("".join(after))
        if found:
            return found
    while i >= 0:
        while i >= 0 and (ms[i][1] == "助詞" and ms[i][0] in {"って", "は", "の", "が", "を", "も",
                                                            "まで", "とか"} or ms[i][1] == "空白"):
            i -= 1
        words: list[str] = []
        while i >= 0 and ms[i][1] in _NOUNISH:
            words.insert(0, ms[i][0])
            i -= 1
        found = _things("".join(words))
        if found or not words or i < 0 or ms[i][0] != "の":
            return found
    return []


def topic_services(question: str) -> list[str]:
    """The services a question is about: named before any other word of its own
    ("SQSの可視性タイムアウトは?", "How do SNS filter policies work?"), not on the way
    to something else ("how do I test an alarm's SNS action", "…before it reaches my
    Lambda target")."""
    framing = question_words()
    return [s for s, at in service_positions(question).items()
            if not [t for t in tokenize(question[:at]) if t not in framing]]
