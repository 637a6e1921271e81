"""Numbers with units: find them in note lines, compare them, and propose neighbours.

Quantities are normalised (256KB == 0.25MB, 2分 == 120秒) so a distractor can never be
the key in another unit, and numeric neighbours stay in the key's own unit family.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

_SIZE = {"KB": 1024, "KIB": 1024, "MB": 1024**2, "MIB": 1024**2, "GB": 1024**3,
         "GIB": 1024**3, "TB": 1024**4}
_TIME = {"ミリ秒": 0.001, "ms": 0.001, "秒": 1, "秒間": 1, "分": 60, "分間": 60, "時間": 3600,
         "日": 86400, "日間": 86400, "週間": 604800, "second": 1, "seconds": 1, "minute": 60,
         "minutes": 60, "hour": 3600, "hours": 3600, "day": 86400, "days": 86400}
_COUNT_UNITS = ["件", "個", "回", "文字", "問", "USD", "ドル", "%", "questions", "question", "messages",
                "times", "time", "characters", "character", "attributes", "layers"]
_UNITS = sorted([*_SIZE, *(u for u in _TIME if u != "ms"), *_COUNT_UNITS, "KiB", "MiB",
                 "GiB", "ms"], key=len, reverse=True)
NUMBER_RE = re.compile(
    r"(?<![A-Za-z0-9.,\-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?(万)?("
    + "|".join(re.escape(u) for u in _UNITS)
    + r")?(?![A-Za-z0-9])", re.I)
# a rate or step ("1秒間あたり", "64MBごとに") is context, not a fact
_PER = re.compile(r"^\s*(?:間)?(?:あたり|当たり|ごと|毎|単位)")

_NICE_TIME = {"秒": [1, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600, 900],
              "分": [1, 3, 5, 10, 15, 20, 30, 45, 60, 90, 120],
              "時間": [1, 2, 3, 6, 12, 24, 48, 72],
              "日": [1, 3, 4, 5, 7, 10, 14, 21, 30, 60, 90, 180, 365]}
_NICE_COUNT = [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 100, 200, 250, 300, 400,
               500, 1000, 2000, 3000, 5000, 10000, 50000, 100000, 200000, 500000, 1000000,
               2000000, 5000000, 10000000]
_NICE_DECIMAL = [0.01, 0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.75, 0.8, 1.0, 1.5, 2.0]
_NICE_PERCENT = [5, 10, 20, 25, 30, 40, 50, 60, 70, 75, 80, 90, 100]


@dataclass(frozen=True)
class Quantity:
    surface: str  # as written, e.g. "256KB"
    value: float  # the number as written (100万 -> 1000000)
    unit: str  # as written, e.g. "KB", "日間", "" for a bare number
    family: str  # size | time | percent | money | count:<unit>
    base: float  # value in the family's base unit (bytes, seconds, ...)
    start: int = 0
    end: int = 0


def _family(unit: str) -> tuple[str, float]:
    u = unit.upper() if unit.isascii() else unit
    if u in _SIZE:
        return "size", _SIZE[u]
    if unit in _TIME or unit.lower() in _TIME:
        return "time", _TIME.get(unit, _TIME.get(unit.lower(), 1))
    if unit in ("%", "％"):
        return "percent", 1
    if unit in ("USD", "ドル"):
        return "money", 1
    return f"count:{unit.lower()}", 1


def parse(text: str) -> list[Quantity]:
    """Every number+unit in ``text`` that states a value (rates and steps skipped).

    A bare number counts only when it has three or more digits ("1000となっている").
    """
    text = unicodedata.normalize("NFKC", text)
    out = []
    for m in NUMBER_RE.finditer(text):
        num, man, unit = m.group(1).replace(",", ""), m.group(2), m.group(3) or ""
        if _PER.match(text[m.end():]):
            continue
        if not unit and (len(num) < 3 or "." in num or man):
            continue
        value = float(num) * (10000 if man else 1)
        family, scale = _family(unit)
        out.append(Quantity(m.group(0).strip(), value, unit, family, value * scale,
                            m.start(), m.end()))
    return out


def parse_one(text: str) -> Quantity | None:
    """The quantity when ``text`` is just one value (an option), else None."""
    found = parse(text.strip())
    return found[0] if len(found) == 1 and found[0].surface == text.strip() else None


def same(a: Quantity, b: Quantity) -> bool:
    """Equal amounts; counts compare by number (300件 == 300 messages)."""
    if a.family.startswith("count:") and b.family.startswith("count:"):
        return math.isclose(a.value, b.value, rel_tol=1e-9)
    return a.family == b.family and math.isclose(a.base, b.base, rel_tol=1e-9)


def _fmt(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def _size_surface(base: float, like: Quantity) -> str:
    sep = " " if " " in like.surface else ""
    own = base / _SIZE.get(like.unit.upper(), 0) if like.unit.upper() in _SIZE else 0
    if own >= 1 and float(own).is_integer() and own < 1024:
        return f"{_fmt(own)}{sep}{like.unit}"
    for unit in ("TB", "GB", "MB", "KB"):
        n = base / _SIZE[unit]
        if n >= 1 and float(n).is_integer():
            return f"{_fmt(n)}{sep}{unit}"
    return f"{_fmt(base / 1024)}{sep}KB"


def render(base: float, like: Quantity) -> str | None:
    """``base`` written the way ``like`` is written (its unit, spacing), or None."""
    sep = " " if " " in like.surface else ""
    if like.family == "size":
        return _size_surface(base, like)
    scale = like.base / like.value if like.value else 1
    n = base / scale
    if not math.isclose(n, round(n, 2)) or n <= 0:
        return None
    if like.family in ("time", "percent") and not float(n).is_integer():
        return None
    unit = like.unit
    if unit.isascii() and unit.isalpha() and like.family == "time":
        unit = unit.rstrip("s") + ("" if n == 1 else "s")
    if "万" in like.surface:
        return f"{_fmt(n / 10000)}{sep}万{unit}" if n % 10000 == 0 else None
    text = f"{int(n):,}" if "," in like.surface and float(n).is_integer() else _fmt(n)
    return f"{text}{sep}{unit}"


def neighbours(q: Quantity) -> list[Quantity]:
    """Plausible wrong values in the key's unit family, nearest first (deterministic)."""
    if q.base <= 0:
        return []  # "0 seconds" has no neighbours on a log scale
    scale = q.base / q.value if q.value else 1
    if q.family == "size":
        scale_unit = q.base / q.value if q.value else 1
        bases = [q.base * 2**k for k in (-3, -2, -1, 1, 2, 3)
                 if float(q.value * 2**k).is_integer()]
        if q.value in _NICE_COUNT:  # a round key gets round neighbours, 256 gets 128/512
            bases += [n * scale_unit for n in _NICE_COUNT if n < 10000]
    elif q.family == "time":
        key = {1: "秒", 60: "分", 3600: "時間", 86400: "日"}.get(int(scale), "")
        bases = [n * scale for n in _NICE_TIME.get(key, _NICE_COUNT)]
    elif q.family == "percent":
        bases = [float(n) for n in _NICE_PERCENT]
    else:
        nice = _NICE_COUNT if float(q.value).is_integer() else _NICE_DECIMAL
        bases = [n * scale for n in nice]
    out = []
    for base in bases:
        surface = render(base, q) if base >= (1024 if q.family == "size" else 0) else None
        if not surface or math.isclose(base, q.base, rel_tol=1e-9):
            continue
        out.append(Quantity(surface, base / scale, q.unit, q.family, base))
    out.sort(key=lambda c: (abs(math.log(c.base / q.base)), c.base))
    return out[:8]
