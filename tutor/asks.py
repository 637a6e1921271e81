"""What a question asks for, and how a line that answers it looks.

"How many / 何秒 / 最大" wants a number in the asked unit or counter, "which service"
wants a line naming a service, a list question wants a label line, "why / なぜ" wants a
reason. Grammar of questions in both languages: nothing here knows one notes file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from core.catalog import services_in
from core.models import Side
from core.outline import STEP
from core.text import normalize
from core.tokenize import morphemes, question_words, tokenize

if TYPE_CHECKING:
    from core.bridge import Bridge

NUMBER_Q = re.compile(
    r"何|いくつ|いくら|どのくらい|どれくらい|どれだけ|最大|最小|上限|下限|デフォルト|既定|"
    r"how (many|much|long|big|large|often|soon)|maximum|minimum|max(?![a-z])|min(?![a-z])|default|limit|"
    r"size|percent|%|number of|up to|at most|at least", re.I)
SERVICE_Q = re.compile(r"どの(AWS)?サービス|何という(サービス)?|which (aws )?service|what service|"
                        r"which aws|どれを使|what should i use|which one", re.I)
LIST_Q = re.compile(r"どんな|どのような|何が(あり|でき)|種類|一覧|例|挙げ|which .*(are|can)|"
                     r"what (are|kinds?|types?)|list|options|examples", re.I)
# canonical unit -> how lines write it (ja and en); a question asking for the unit
UNITS: dict[str, tuple[str, str]] = {  # unit: (line pattern, question pattern)
    "day": (r"日間|日|days?", r"何日|days?|retain|retention|保持|保存"),
    "hour": (r"時間|hours?|h(?![A-Za-z])", r"何時間|hours?"),
    "minute": (r"分|min(ute)?s?", r"何分|minutes?|how long|最長|どれくらい|どのくらい|どれぐらい|"
               r"どのぐらい"),
    "second": (r"秒|sec(ond)?s?|(?<![A-Za-z])s(?![A-Za-z])|ms", r"何秒|seconds?|timeout|タイムアウト"),
    "size": (r"[KMGT]i?B|バイト|bytes?", r"サイズ|size|how (big|large)|容量|大きさ"),
    "memory": (r"[MG]B", r"メモリ|memory"),
    "percent": (r"%|％|パーセント|percent", r"配点|weight|percent|割合|%|％"),
    "count": (r"個|つ|件|回|台|問|requests?|records?|items?|times|questions?",
              r"いくつ|何個|何件|何回|how many|number of|最大何"),
    "money": (r"USD|ドル|\$|円", r"料金|price|cost|pric|費用|いくら"),
}
_NUM = r"\d[\d,.]*\s*"
UNIT_LINE = {u: re.compile(_NUM + f"(?:{p})", re.I) for u, (p, _) in UNITS.items()}
UNIT_Q = {u: re.compile(q, re.I) for u, (_, q) in UNITS.items()}
# what a question asks (when / why / where / how), and how an answering line says it
WH: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    k: (re.compile(q, re.I), re.compile(a, re.I)) for k, (q, a) in {
        "when": (r"いつ|どのタイミング|どんなとき|どういう時|\bwhen\b",
                 r"後|前|時|際|タイミング|場合|\bafter\b|\bbefore\b|\bwhen\b|\bonce\b"),
        "why": (r"なぜ|どうして|理由|\bwhy\b", r"ため|ので|から|理由|\bbecause\b|\bso that\b"),
        "where": (r"どこ|何処|\bwhere\b", r"に保存|へ|場所|\bin\b|\bto\b|\bstored\b"),
        "how": (r"どうやって|どのように|方法|手順|\bhow (do|does|can|to|is|are)\b",
                r"使って|で|により|によって|を使|\busing\b|\bwith\b|\bvia\b|\bby\b"),
        "what_file": (r"ファイル|\bfile\b", r"\.(ya?ml|json|xml|txt|cfg|ini|toml)\b|ファイル|\bfile\b"),
    }.items()}
WH_WORD = re.compile(r"何|どの|どこ|どれ|\b(what|which|where)\b", re.I)
HAS_NUMBER = re.compile(r"(?<![A-Za-z0-9\-.])\d")  # not the 2 of EC2 or DVA-C02
# a question that asks for a figure ("how many", "何日", "最大は?"), not one that names a
# limit on the way to asking something else ("上限に当たったときの対策", "which field shows
# how much memory")
FIGURE_Q = re.compile(
    r"\bhow (many|much|long|big|large|often)\b|"
    r"\bwhat(?:'s| is| are)? (?:the )?(?:max(?:imum)?|min(?:imum)?|limit|size|quota)\b|"
    r"何\s*(個|件|回|日|秒|分|時間|台|問|年|人|倍|文字|バイト|%|パーセント|[KMGT]i?B|ミリ秒)|"
    r"いくつ|いくら|どれ(くらい|ぐらい|だけ)|どの(くらい|ぐらい)|何番|"
    r"\b(what|which) (http )?(status code|port( number)?|error code)\b|(ステータス|エラー)コード(は|って)|"
    r"(最大|最長|最小|上限|下限)(値|サイズ|時間|数)?(は|って)?(何|いくつ|どれ|\s*\??\s*$)", re.I)
NOT_FIGURE_Q = re.compile(r"対策|方法|どうすれば|どうやって|どうする|なぜ|理由|違い|どっち|どちら|"
                          r"\bwhy\b|\bhow (do|does|can|should|to|would)\b|\bwhich\b|"
                          r"\bwhat happens\b|\bdifference\b", re.I)
# a figure written out: numbers in words, or "no limit"
FIGURE_WORD = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|twelve|once|twice|single|double|"
    r"half|dozen|hundred|thousand|million|unlimited|no limit)\b|"
    r"[一二三四五六七八九十百千万]+\s*(つ|個|回|日|時間|分|秒|件|倍|台|年|人)|ひと[つり]|ふた[つり]|"
    r"無制限|無期限", re.I)


def asks_figure(question: str) -> bool:
    """The question wants a figure (a count, size, duration or limit) as its answer."""
    q = normalize(question)
    return bool(FIGURE_Q.search(q)) and not NOT_FIGURE_Q.search(q)


def has_figure(text: str) -> bool:
    """The text states a figure, in digits or in words ("only one", "無制限"); a step's
    number ("1. ApplicationStop") is none."""
    t = STEP.sub("", normalize(text))
    return bool(HAS_NUMBER.search(t) or FIGURE_WORD.search(t))


FILE_Q = re.compile(r"ファイル|\bfiles?\b", re.I)
FILE_NAME = re.compile(r"[\w.-]+\.(ya?ml|json|xml|txt|cfg|ini|toml|config|properties|sh|py|js)\b|"
                       r"\b(Dockerfile|Procfile|Makefile)\b", re.I)


def has_file_name(text: str) -> bool:
    return bool(FILE_NAME.search(normalize(text)))


def answer_shape(question: str) -> Callable[[str], bool] | None:
    """How a line that answers the question looks, where its grammar says: a figure for
    "how many / 何日", a file name for "which file / どのファイル"."""
    if asks_figure(question):
        return has_figure
    if FILE_Q.search(question) and (WH_WORD.search(question)):
        return has_file_name
    return None
SENTENCE_END = re.compile(r"[。.!?！？]$|(る|た|い|だ|す|ない)$")


def wanted_units(question: str) -> set[str]:
    """Canonical units the answer line should carry ("何日" -> day)."""
    return {u for u, pat in UNIT_Q.items() if pat.search(question)}


# a unit the question names outright ("何秒", "how many hours", "サイズ", "in MB"), not one
# its topic suggests ("timeout", "retention", "how long")
NAMED_UNIT = {u: re.compile(p, re.I) for u, p in {
    "second": r"何\s*秒|\bseconds?\b", "minute": r"何\s*分(?!の)|\bminutes?\b",
    "hour": r"何\s*時間|\bhours?\b", "day": r"何\s*日|\bdays?\b",
    "size": r"サイズ|容量|何\s*(?:バイト|[KMGT]i?B)|\b(?:size|bytes?|[KMGT]i?B)\b|how (?:big|large)",
    "percent": r"何\s*(?:%|％|パーセント)|\bpercent", "money": r"いくら|料金|\b(?:cost|price)\b",
}.items()}


def named_unit_figure(question: str, line: str) -> bool:
    """The line gives a figure in a unit the question names outright ("何時間" and
    "24時間"): strong evidence that it gives the asked figure."""
    q = normalize(question)
    return any(NAMED_UNIT[u].search(q) and UNIT_LINE[u].search(normalize(line))
               for u in NAMED_UNIT)


COUNTER_Q = re.compile(r"何\s*([\u4e00-\u9fff]|[\u30a1-\u30f6ー]+)|how many ([a-z]+)", re.I)


def asked_counter(question: str) -> re.Pattern[str] | None:
    """The counter a question asks in ("何問" -> 問, "how many shards" -> shards), as a
    pattern for "a number in that counter" — grammar, not any notes' wording."""
    words = []
    for m in COUNTER_Q.finditer(normalize(question)):
        w = m.group(1) or m.group(2)
        if w:
            words.append(re.escape(w.rstrip("s")) + ("s?" if m.group(2) else ""))
    if not words:
        return None
    return re.compile(_NUM + f"(?:{'|'.join(words)})", re.I)


# "how many X can …", "max number of X", "Xって何個まで": the thing counted
_COUNTED_EN = [re.compile(p, re.I) for p in (
    r"\bhow many ([a-z][a-z0-9\- ]{1,40}?)(?= (?:can|does|do|are|is|per|in|for|of|at|will|"
    r"should|may|must|could|would|on|to|with|a|an|the)\b|\s*\?|\s*$)",
    r"\bnumber of ([a-z][a-z0-9\- ]{1,40}?)(?= (?:in|per|for|on|that|can|a|an|of|at|i|you|"
    r"allowed|is)\b|\s*\?|\s*$)")]
_COUNTED_JA = re.compile(r"([ァ-ヶー一-龠A-Za-z0-9\-]{2,})(?:って|は|の数)[^。？?]*?"
                         r"(?:何個|何件|何台|何本|何つ|いくつ|幾つ|何種類)")
# words after "how many" that end the counted thing (the verb), and counted words that
# are units or framing, not a thing the notes would name
_COUNT_VERBS = {"fit", "run", "get", "take", "have", "go", "hold", "keep", "make", "send",
                "use", "buy", "cost", "work", "give", "count", "creat", "put", "call", "need",
                "do", "be", "exist", "process", "handl", "store", "attach", "add", "set",
                "allow", "support", "includ", "contain", "return", "read", "write", "receiv",
                "deliv", "retri", "invok", "poll", "configur", "deploy"}
_NOT_COUNTED = {"time", "day", "hour", "minut", "second", "week", "month", "year", "byte",
                "kb", "mb", "gb", "tb", "percent", "way", "kind", "type", "step", "option",
                "thing", "one", "peopl", "request", "上限", "最大", "最小", "サイズ", "数",
                "デフォルト", "デフォ", "default", "maximum", "minimum", "max", "min", "limit",
                "total", "size", "number", "初期値", "既定値", "初期", "既定", "値", "valu"}


def counted_thing(question: str) -> str | None:
    """The token of what a count question counts ("how many stages can a REST API have"
    -> stage, "サンプリングルールって何個まで" -> ルール), or None: a count of something
    else in the notes does not answer it."""
    q = normalize(question)
    words: list[str] = []
    for pat in _COUNTED_EN:
        m = pat.search(q)
        if m:
            for t in tokenize(m.group(1)):
                if t in _COUNT_VERBS:
                    break
                words.append(t)
            break
    else:
        m = _COUNTED_JA.search(q)
        words = tokenize(m.group(1)) if m else []
    words = [t for t in words if t not in _NOT_COUNTED and t not in question_words()]
    return words[-1] if words else None


# --- comparison questions: "AとBの違い", "difference between A and B", "A vs B" ---------
# one definition of "is a comparison" (the web layout and anything else ask here)
COMPARE_Q = re.compile(r"違い|比較|異なる|差|使い分け|difference|differ|compare|comparison|"
                       r"\bvs\.?\b|\bversus\b", re.I)
_T = r"[^、。,，?？!！;:\n]+?"  # one side: a phrase without sentence punctuation
_JB = r"[^、。,，?？!！;:\nはっ]+?"  # a Japanese second side ends before は / って
_JA_KEY = (r"[\sのってはでを、,，かも]*(?:どう|何が|なにが)?\s*"
           r"(?:違い|違う|相違|差|比較|比べ|使い分け|どっち|どちら)")
_EN_END = r"\s*(?=[?？.!,;:]|$|\s(?:in|for|when|on|within|under|regarding|if)\s)"
_COMPARED: list[re.Pattern[str]] = [re.compile(p, re.I) for p in (
    rf"differences?\s+between\s+(?:the\s+)?(?P<a>{_T})\s+and\s+(?:the\s+)?(?P<b>{_T}){_EN_END}",
    rf"\bcompar(?:e|ing)\s+(?:the\s+)?(?P<a>{_T})\s+(?:and|with|to|vs\.?|versus)\s+(?:the\s+)?"
    rf"(?P<b>{_T}){_EN_END}",
    rf"\bhow\s+(?:does|do|is|are)\s+(?:the\s+)?(?P<a>{_T})\s+differ(?:ent)?\s+from\s+(?:the\s+)?"
    rf"(?P<b>{_T}){_EN_END}",
    rf"(?P<a>{_T})\s*(?:vs\.?|versus|v\.|対)\s*(?P<b>{_T})(?:{_JA_KEY}|{_EN_END})",
    rf"(?P<a>{_T})\s*(?:と|か)\s*(?P<b>{_JB}){_JA_KEY}",
    rf"(?P<a>{_T})\s*と\s*(?P<b>{_JB})(?:は|って|では|、|,)[^。?？]*?"
    rf"(?:どちら|どっち|違い|違う|比較|使い分け)",
    rf"(?P<a>{_T})\s+and\s+(?P<b>{_T})\s*[:,\-–]?\s*(?:what(?:'s|\s+is|\s+are)\s+the\s+)?"
    rf"differen(?:ce|t)",
    rf"\b(?:should\s+(?:i|we|you)\s+(?:use|choose|pick)|which\s+(?:is\s+better|one|to\s+use)[:,]?|"
    rf"do\s+(?:i|we)\s+(?:use|need)|when\s+(?:to|should\s+(?:i|we))\s+use|choose\s+between|"
    rf"use)\s+(?:the\s+)?(?P<a>{_T})\s+or\s+(?:the\s+)?(?P<b>{_T}){_EN_END}",
    rf"^(?P<a>{_T})\s+or\s+(?P<b>{_T})\s+(?:for|when|to)\s",
)]
_FRAME_HEAD = re.compile(
    r"^(?:(?:so|ok|hey|please|and|but|then)\b[\s,]*)*(?:what(?:'s|\s+is|\s+are)\s+(?:the\s+)?|"
    r"when\s+(?:should|do|would)\s+(?:i|we|you)\s+use\s+|should\s+(?:i|we)\s+use\s+|"
    r"which\s+is\s+better[,:]?\s+|explain\s+|tell\s+me\s+about\s+|the\s+|an?\s+)+", re.I)
_FRAME_TAIL = re.compile(r"(?:\s+(?:in|for|on|within|under)\s+.*|[\s「」『』\"'`]+)$", re.I)
_JA_PREFIX = re.compile(r"^.*の(?=.)")  # "ECSのタスクロール": the core is after the last の


def _clean(term: str) -> str:
    term = normalize(term).strip(" \t「」『』\"'`()（）")
    term = _FRAME_HEAD.sub("", term)
    term = _FRAME_TAIL.sub("", term).strip(" 「」『』\"'`")
    return _JA_PREFIX.sub("", term).strip()


def _service_prefix(a: str, b: str) -> str:
    """Drop a leading service name from A that B leaves out ("SQS standard queue" vs "FIFO
    queue"): it frames both sides and would match every line of that service. A capitalised
    rest is part of a name ("Kinesis Data Streams") and stays."""
    head, _, rest = a.partition(" ")
    own = set(services_in(head))
    if rest[:1].islower() and own and not own & set(services_in(b)):
        return rest
    return a


_MODIFIER_EN = re.compile(r"(?:ed|al|ic|ive|ous|ard|ary|ar|able|ent|ant)$|\w[-/]\w", re.I)
_KATAKANA_OR_LATIN = re.compile(r"[\u30a0-\u30ffA-Za-z0-9]+")


def _complete(a: str, b: str) -> str:
    """"Standard or FIFO queue", "reserved vs provisioned concurrency": a one-word side
    that reads as a modifier shares the other side's head noun ("size and hold time" does
    not: "size" is a noun of its own). Japanese: a loanword beside "FIFOキュー"."""
    head = b.split()[-1] if " " in b.strip() else ""
    if head[:1].islower() and " " not in a and _MODIFIER_EN.search(a) and not services_in(a):
        return a if a.lower().endswith(head.lower()) else f"{a} {head}"
    ma, mb = morphemes(a), morphemes(b)
    if len(ma) == 1 and len(mb) >= 2 and _KATAKANA_OR_LATIN.fullmatch(a) \
            and re.fullmatch(r"[\u30a0-\u30ff]+", mb[-1].surface) and mb[-1].form \
            and re.search(r"[\u30a0-\u30ff]", a) and not a.endswith(mb[-1].surface):
        return a + mb[-1].surface
    return a


def compared_terms(question: str) -> tuple[str, str] | None:
    """The two things a comparison question sets side by side, as core phrases
    ("ECSのタスクロールと実行ロールの違い" -> タスクロール, 実行ロール), or None."""
    text = normalize(question or "").strip()
    for pat in _COMPARED:
        m = pat.search(text)
        if not m:
            continue
        a, b = _clean(m.group("a")), _clean(m.group("b"))
        if not a or not b or a.lower() == b.lower() or len(a) > 40 or len(b) > 40:
            continue
        a = _service_prefix(a, b)
        return _complete(a, b), _complete(b, a)
    return None


def is_comparison(question: str) -> bool:
    """Does the question ask how two things differ (a side-by-side answer)?"""
    return bool(COMPARE_Q.search(question or "")) or compared_terms(question) is not None


def term_forms(term: str, bridge: Bridge | None = None) -> list[str]:
    """The tokens a note line uses for ``term``: its own (question words aside) and, through
    the bilingual bridge, their names in the other language (canary ~ カナリア)."""
    own = [t for t in tokenize(term) if t not in question_words()]
    if bridge is None:
        return list(dict.fromkeys(own))
    out = list(own)
    for tok in own:
        out += sorted(bridge.forms(tok))
    out += bridge.english_for(term, question_words())
    return list(dict.fromkeys(out))


def compared_sides(question: str, bridge: Bridge | None = None) -> list[Side]:
    """The comparison's two sides with their note forms ([] when not a comparison)."""
    terms = compared_terms(question)
    return [Side(term=t, forms=term_forms(t, bridge)) for t in terms] if terms else []
