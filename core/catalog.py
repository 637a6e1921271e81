"""The AWS service catalogue and the DVA-C02 blueprint, read from data files.

Both are domain data true for every learner of the exam (``core/data/*.json``), never
phrases of one notes file. Tags built from them power quiz filters, the coverage view
and refusal: a question about a service whose section is empty must not be answered
from elsewhere. Learners misspell service names ("Farget", "CodeGrue"); a capitalised
word that is one edit or one vowel pattern away from a catalogue name counts as it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Domain:
    number: int
    en: str
    ja: str
    weight: int  # percent of the scored questions
    tasks: tuple[str, ...]

    def name(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en


def _load(name: str) -> dict:
    return json.loads(resources.files("core.data").joinpath(name).read_text("utf-8"))


@lru_cache(maxsize=1)
def services() -> dict[str, tuple[str, ...]]:
    """Canonical service -> every name a learner may write for it."""
    data = _load("aws_services.json")["services"]
    return {key: tuple(dict.fromkeys([key, *entry["names"]])) for key, entry in data.items()}


@lru_cache(maxsize=1)
def catalog_version() -> str:
    """A fingerprint of the service catalogue: chunks are tagged with its services at
    ingest, so a changed catalogue (a service split in two, a new alias) re-tags them."""
    data = resources.files("core.data").joinpath("aws_services.json").read_bytes()
    return hashlib.sha1(data).hexdigest()[:12]


@lru_cache(maxsize=1)
def service_domains() -> dict[str, tuple[int, ...]]:
    data = _load("aws_services.json")["services"]
    return {key: tuple(entry.get("domains", [])) for key, entry in data.items()}


@lru_cache(maxsize=1)
def domains() -> dict[int, Domain]:
    """The exam's four domains with their weights, from the official blueprint."""
    data = _load("dva-c02.json")["domains"]
    return {int(n): Domain(int(n), d["en"], d["ja"], int(d["weight"]), tuple(d["tasks"]))
            for n, d in data.items()}


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    pats = []
    data = _load("aws_services.json")["services"]
    for name, aliases in services().items():
        words = data[name].get("word", False)
        # an everyday word ("batch", "glue") names the service only when capitalised
        alt = "|".join(rf"(?-i:{re.escape(a)})" if words and re.fullmatch(r"[A-Z][a-z]+", a)
                       else re.escape(a) for a in sorted(aliases, key=len, reverse=True))
        pats.append((name, re.compile(rf"(?<![A-Za-z0-9])(?:{alt})(?![A-Za-z0-9])", re.I)))
    return pats


_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Za-z0-9]{4,}(?![A-Za-z0-9])")
_VOWELS = re.compile(r"[aeiou]")


def _skeleton(word: str) -> str:
    return word[0] + _VOWELS.sub("", word[1:])


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance (edits and adjacent swaps), capped at 3."""
    if abs(len(a) - len(b)) > 2:
        return 3
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return min(prev[-1], 3)


@lru_cache(maxsize=1)
def _fuzzy_names() -> list[tuple[str, str]]:
    """(lower-cased one-word name, service) for names long enough to match fuzzily."""
    out = []
    for service, names in services().items():
        for n in names:
            if re.fullmatch(r"[A-Za-z][A-Za-z0-9]{5,}", n):
                out.append((n.lower(), service))
    return out


@lru_cache(maxsize=8192)
def misspelled_service(word: str) -> str | None:
    """The service a capitalised word misspells ("Farget" -> Fargate), if any."""
    w = word.lower()
    best: tuple[int, str] | None = None
    for name, service in _fuzzy_names():
        if name == w:
            return None  # an exact name is matched by the regular patterns
        if name[:2] != w[:2] or re.sub(r"\d", "", name) == w:
            continue  # "Cloud" is a word, not a misspelt "Cloud9"
        d = _distance(w, name)
        close = d <= 1 or (d == 2 and len(w) >= 8) or (
            _skeleton(w) == _skeleton(name) and len(_skeleton(w)) >= 4)
        if close and (best is None or d < best[0]):
            best = (d, service)
    return best[1] if best else None


def service_positions(text: str) -> dict[str, int]:
    """Canonical services mentioned in ``text`` -> where their first mention starts.

    A name inside a longer name of another service is part of that name, not a mention:
    "Kinesis Data Firehose" is Firehose, "CloudWatch Events" EventBridge, "IAM Identity
    Center" not IAM."""
    spans = [(name, m.start(), m.end()) for name, pat in _patterns()
             for m in pat.finditer(text)]
    hits: dict[str, int] = {}
    for name, start, end in spans:
        inside = any(other != name and s <= start and end <= e and e - s > end - start
                     for other, s, e in spans)
        if not inside and (name not in hits or start < hits[name]):
            hits[name] = start
    for m in _WORD.finditer(text):
        service = misspelled_service(m.group(0))
        if service and service not in hits:
            hits[service] = m.start()
    return hits


def services_in(text: str) -> list[str]:
    """Canonical services mentioned in ``text``, in first-mention order."""
    hits = service_positions(text)
    return [name for name, _ in sorted(hits.items(), key=lambda kv: kv[1])]


def service_of_heading(heading_path: list[str] | tuple[str, ...]) -> list[str]:
    """The service a section is about: the deepest heading that names one."""
    for title in reversed(heading_path):
        found = services_in(title)
        if found:
            return found[:1]
    return []


_DOMAIN_HEADING = re.compile(r"(?:Domain|ドメイン|分野|第)\s*([1-4])(?![0-9])")


def domains_for(services_: list[str], heading: str = "") -> list[int]:
    """Domains from the services, or from an exam-guide heading that names a domain."""
    table = service_domains()
    out: set[int] = set()
    for s in services_:
        out.update(table.get(s, ()))
    m = _DOMAIN_HEADING.search(heading)
    if m:
        out.add(int(m.group(1)))
    return sorted(out)


@lru_cache(maxsize=2)
def _names_pattern(key: str) -> re.Pattern[str]:
    """Any name listed under ``key`` of other_platforms.json, as a whole word; language
    names end in + or # (C++, C#), so those count as part of the word there."""
    names = sorted(_load("other_platforms.json")[key], key=len, reverse=True)
    edge = "A-Za-z0-9+#" if key == "languages" else "A-Za-z0-9"
    return re.compile(rf"(?<![{edge}])(?:" + "|".join(re.escape(n) for n in names) +
                      rf")(?![{edge}])", re.I)


def _named(text: str, key: str) -> list[str]:
    return list(dict.fromkeys(m.group(0) for m in _names_pattern(key).finditer(text)))


def languages_in(text: str) -> list[str]:
    """Programming languages and developer tools named in ``text`` ("Python", "git")."""
    return _named(text, "languages")


def platforms_in(text: str) -> list[str]:
    """Non-AWS platforms and products named in ``text`` ("Cloud Run", "Azure Functions")."""
    return _named(text, "names")

