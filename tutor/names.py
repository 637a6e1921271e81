"""Technical names a question uses that the notes never write: an API (GetFederationToken),
a feature (PartiQL, SnapStart), an acronym (PITR).

The catalogue knows AWS services and other clouds' products (``refusal.absent_names``);
this catches the names below that level, by their shape: CamelCase words and short
all-capital acronyms. A name counts as written when the notes have it (case, spaces and
hyphens aside), when it is the initials of a phrase the notes write ("DLQ" for Dead Letter
Queue), or when the notes have a word it is a near-miss of (the learner's typo:
"RecieveMessage" for ReceiveMessage).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from core.catalog import services_in
from core.text import fold, normalize

# "GetFederationToken", "PartiQL", "SnapStart"; "PITR", "MFA", "OACs" (2-5 capitals)
NAME = re.compile(r"(?<![A-Za-z0-9$-])(?:[A-Za-z]*[a-z][A-Z][A-Za-z]*|[A-Z]{2,5}s?)(?![A-Za-z0-9-])")
# words of every computing text, not names of a topic the notes could leave out
GENERIC = frozenset({
    "AWS", "API", "APIs", "URL", "URLs", "URI", "JSON", "YAML", "XML", "CSV", "PDF", "HTML",
    "HTTP", "HTTPS", "REST", "SQL", "SDK", "SDKs", "CLI", "UI", "OS", "CPU", "CPUs", "GPU",
    "RAM", "SSL", "TLS", "DNS", "IP", "TCP", "UDP", "ID", "IDs", "ARN", "ARNs", "FAQ", "KB",
    "MB", "GB", "TB", "KiB", "MiB", "GiB", "TiB", "AZ", "AZs", "VM", "VMs",
})
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
NEAR_MISS = 0.85  # SequenceMatcher ratio of a typo to the word it misspells
NEAR_MIN = 6  # shorter names are too easy to confuse with another word


@dataclass
class NoteNames:
    """What the notes write, in the forms a name is compared with."""

    text: str  # all note text, folded
    acronyms: set[str]  # initials of runs of 2-5 Latin words ("dlq")
    words: set[str]  # Latin words of NEAR_MIN+ letters, casefolded


def note_names(index) -> NoteNames:  # noqa: ANN001 - a tutor.retrieve.Index
    """Computed once per loaded index."""
    cached = getattr(index, "_note_names", None)
    if cached is None:
        raw = normalize("\n".join(f"{c.heading}\n{c.text}" for c in index.chunks))
        acronyms: set[str] = set()
        for line in raw.splitlines():
            words = [w.casefold() for w in _WORD.findall(line)]
            for n in range(2, 6):
                acronyms.update("".join(w[0] for w in words[i:i + n])
                                for i in range(len(words) - n + 1))
        cached = NoteNames(fold(raw), acronyms,
                           {w.casefold() for w in _WORD.findall(raw) if len(w) >= NEAR_MIN})
        index._note_names = cached
    return cached


def _written(name: str, notes: NoteNames) -> bool:
    key = fold(name)
    if key in notes.text or key.rstrip("s") in notes.text:
        return True
    if name.isupper() or name.rstrip("s").isupper():
        return key.rstrip("s") in notes.acronyms or key in notes.acronyms
    low = name.casefold()
    return len(low) >= NEAR_MIN and any(
        abs(len(w) - len(low)) <= 2 and SequenceMatcher(None, low, w).ratio() >= NEAR_MISS
        for w in notes.words)


def unknown_names(question: str, index) -> list[str]:  # noqa: ANN001
    """Names in the question that the notes never write (services are the catalogue's)."""
    q = normalize(question)
    services = {fold(s) for s in services_in(q)}
    out = []
    for name in dict.fromkeys(NAME.findall(q)):
        if name in GENERIC or fold(name) in services or services_in(name):
            continue
        if not _written(name, note_names(index)):
            out.append(name)
    return out
