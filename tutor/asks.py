"""What a question asks for, and how a line that answers it looks.

"How many / 何秒 / 最大" wants a number in the asked unit or counter, "which service"
wants a line naming a service, a list question wants a label line, "why / なぜ" wants a
reason. Grammar of questions in both languages: nothing here knows one notes file.
"""

from __future__ import annotations

import re

from core.text import normalize

NUMBER_Q = re.compile(
    r"何|いくつ|いくら|どのくらい|どれくらい|どれだけ|最大|最小|上限|下限|デフォルト|既定|"
    r"how (many|much|long|big|large|often|soon)|maximum|minimum|max\b|min\b|default|limit|"
    r"size|percent|%|number of|up to|at most|at least", re.I)
SERVICE_Q = re.compile(r"どの(AWS)?サービス|何という(サービス)?|which (aws )?service|what service|"
                        r"which aws|どれを使|what should i use|which one", re.I)
LIST_Q = re.compile(r"どんな|どのような|何が(あり|でき)|種類|一覧|例|挙げ|which .*(are|can)|"
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
HAS_NUMBER = re.compile(r"(?<![A-Za-z0-9\-.])\d")  # not the 2 of EC2 or DVA-C02
SENTENCE_END = re.compile(r"[。.!?！？]$|(る|た|い|だ|す|ない)$")


def wanted_units(question: str) -> set[str]:
    """Canonical units the answer line should carry ("何日" -> day)."""
    return {u for u, pat in UNIT_Q.items() if pat.search(question)}


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
