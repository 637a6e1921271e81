"""Which exam services the notes teach: own section with content, empty heading, mention.

One computation for the Notes tab's coverage table, the refusal rule ("the notes have a
DynamoDB heading but nothing under it") and the quiz's empty states.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.catalog import service_of_heading
from core.models import Chunk

GUIDE_PREFIX = "exam-guide/"  # the exam guide names every service: it is not note coverage


@dataclass
class ServiceCoverage:
    own_chunks: int = 0  # chunks of a section about the service
    mentions: int = 0  # chunks that name it anywhere
    empty_heading: bool = False  # a heading for it exists, with nothing under it

    @property
    def status(self) -> str:
        if self.own_chunks:
            return "content"
        if self.empty_heading:
            return "empty"
        return "mentioned" if self.mentions else "missing"


def service_coverage(chunks: list[Chunk], empty: list[dict[str, str]]) -> dict[str, ServiceCoverage]:
    """Coverage per service named by the notes (the exam guide excluded)."""
    out: dict[str, ServiceCoverage] = {}
    for c in chunks:
        if c.source.startswith(GUIDE_PREFIX):
            continue
        for s in service_of_heading(c.heading.split(" > ")):
            out.setdefault(s, ServiceCoverage()).own_chunks += 1
        for s in c.services:
            out.setdefault(s, ServiceCoverage()).mentions += 1
    for e in empty:
        for s in service_of_heading(e["heading"].split(" > ")):
            out.setdefault(s, ServiceCoverage()).empty_heading = True
    return out


def uncovered_services(chunks: list[Chunk], empty: list[dict[str, str]]) -> set[str]:
    """Services with an empty heading and no section of their own with content."""
    return {s for s, cov in service_coverage(chunks, empty).items() if cov.status == "empty"}
