"""Load the JSON Lines eval set, failing loudly with file and line on any bad case.

A silently skipped or mis-parsed case would quietly change every metric, so the loader
refuses the whole file instead and says exactly where the problem is.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from core.models import Lang


class DatasetError(ValueError):
    """The eval set file is unusable; the message names the file and line."""


class EvalCase(BaseModel):
    """One question with what a correct answer must contain and where it must come from."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1)
    lang: Lang
    question: str = Field(min_length=1)
    reference: str
    must_include: list[str] = Field(default_factory=list)  # regexes, all must match
    sources: list[str] = Field(default_factory=list)  # substrings of heading/source paths
    answerable: bool = True
    notes_lang: Lang | None = None  # language of the notes that hold the answer
    kind: str | None = None  # unanswerable: uncovered_detail | missing_service | off_topic

    @field_validator("must_include")
    @classmethod
    def _regexes_compile(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern, re.IGNORECASE)
            except re.error as exc:
                raise ValueError(f"regex {pattern!r} does not compile: {exc}") from None
        return value

    def patterns(self) -> list[re.Pattern[str]]:
        """The must_include regexes, compiled case-insensitively."""
        return [re.compile(p, re.IGNORECASE) for p in self.must_include]


def _describe(exc: ValidationError) -> str:
    """Turn pydantic's report into one short phrase a dataset author can act on."""
    err = exc.errors()[0]
    field = ".".join(str(part) for part in err["loc"]) or "case"
    if err["type"] == "missing":
        return f"missing field {field!r}"
    if field == "lang":
        return f"bad lang {err.get('input')!r} (expected 'ja' or 'en')"
    message = err["msg"].removeprefix("Value error, ")
    return f"field {field!r}: {message}"


def parse_line(line: str, where: str) -> EvalCase:
    """Parse one non-blank line; `where` (e.g. "dva.jsonl line 7") prefixes any error."""
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise DatasetError(f"{where}: bad JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(raw, dict):
        raise DatasetError(f"{where}: expected a JSON object, got {type(raw).__name__}")
    try:
        case = EvalCase.model_validate(raw)
    except ValidationError as exc:
        raise DatasetError(f"{where}: {_describe(exc)}") from None
    if case.answerable and not case.sources:
        raise DatasetError(f"{where}: answerable case {case.id!r} needs at least one source")
    return case


def load_dataset(path: Path | str) -> list[EvalCase]:
    """Read every case of a JSON Lines eval set; blank lines are skipped."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DatasetError(f"{path}: cannot read ({exc.strerror})") from None
    try:  # editors on Windows save UTF-16 with a BOM; anything else must be UTF-8
        text = data.decode("utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else \
            data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DatasetError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); "
                           "save it as UTF-8") from None
    cases: list[EvalCase] = []
    seen: dict[str, int] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path.name} line {lineno}"
        case = parse_line(line, where)
        if case.id in seen:
            raise DatasetError(f"{where}: duplicate id {case.id!r} (first on line {seen[case.id]})")
        seen[case.id] = lineno
        cases.append(case)
    if not cases:
        raise DatasetError(f"{path.name}: no cases (empty file)")
    return cases
