"""Check the generalization set (evals/datasets/gen.jsonl) against its notes corpus.

Why: a case whose regex the notes cannot satisfy, or an "unanswerable" case the notes
actually answer, silently skews every metric. This checks, for every case:

- answerable: each ``must_include`` regex matches the text of the file (and heading, for
  ``"file › heading"``) its ``sources`` name, as the project's loader reads it; and each
  regex matches the case's ``reference`` too, so it accepts the question-language wording
  (a translation, for cross-lingual cases), not only the notes' own words;
- the question does not copy a note line (no long shared run of characters);
- unanswerable: it lists ``topic_terms`` and none of them occurs in any notes file;
- the set's shape: at least 28 cases per direction, 34 unanswerable, half of them
  uncovered details of covered services, both languages even.

A regex that matches the raw file but not the loader's text is a loader problem, not a
dataset one: it is printed as a warning. Run:
``python evals/corpora/check_gen.py [--dataset FILE] [--notes DIR]``; exit 1 on failures.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup
from pypdf import PdfReader

from evals.dataset import load_dataset
from ingest.load import Section, load_file

HERE = Path(__file__).parent
DATASET = HERE.parent / "datasets" / "gen.jsonl"
NOTES = HERE / "gen" / "notes"
SEP = " › "
COPY_RUN = 24  # shared characters (case/space-folded) that count as copying a note line
MIN_PER_DIRECTION, MIN_UNANSWERABLE = 28, 34


def raw_text(path: Path) -> str:
    """The file's text without the project's loader, to tell loader damage from bad cases."""
    if path.suffix == ".pdf":
        reader = PdfReader(io.BytesIO(path.read_bytes()))
        return "".join((p.extract_text() or "").replace("\n", "") for p in reader.pages)
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".html", ".htm"):
        return BeautifulSoup(text, "html.parser").get_text(" ")
    return text


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).casefold()


class Corpus:
    """Every notes file as loaded sections plus raw text."""

    def __init__(self, notes: Path) -> None:
        self.files = sorted(p for p in notes.iterdir() if p.is_file())
        self.sections: dict[str, list[Section]] = {
            p.name: load_file(p, f"notes/{p.name}") for p in self.files}
        self.raw = {p.name: raw_text(p) for p in self.files}

    def text(self, source: str) -> tuple[str | None, str]:
        """(loader text of the named file/heading or None if unknown, raw file text)."""
        name, sep, heading = source.partition(SEP)
        files = [f for f in self.sections if name.casefold() in f.casefold()]
        if not files:
            return None, ""
        secs = [s for f in files for s in self.sections[f]
                if not sep or heading.casefold() in s.heading.casefold()]
        if not secs:
            return None, ""
        loaded = "\n".join(" > ".join(s.heading_path) + "\n" + "\n".join(s.lines) for s in secs)
        return loaded, "\n".join(self.raw[f] for f in files)

    def all_text(self) -> str:
        loaded = "\n".join(ln for secs in self.sections.values() for s in secs
                           for ln in [s.heading, *s.lines])
        return loaded + "\n" + "\n".join(self.raw.values())


def term_found(term: str, text: str) -> bool:
    """ASCII terms match on word boundaries (so "SES" is not found in "uses")."""
    if term.isascii():
        return re.search(rf"(?<![A-Za-z0-9]){re.escape(term)}(?![A-Za-z0-9])", text, re.I) is not None
    return term.casefold() in text.casefold()


def copied_run(question: str, notes: str, n: int = COPY_RUN) -> str | None:
    q = fold(question)
    for i in range(len(q) - n + 1):
        if q[i:i + n] in notes:
            return q[i:i + n]
    return None


def check(dataset: Path, notes: Path) -> tuple[list[str], list[str], Counter]:
    cases = load_dataset(dataset)
    raw_rows = {json.loads(ln)["id"]: json.loads(ln)
                for ln in dataset.read_text(encoding="utf-8").splitlines() if ln.strip()}
    corpus = Corpus(notes)
    every, folded = corpus.all_text(), fold(corpus.all_text())
    fails, warns, counts = [], [], Counter()
    for c in cases:
        if c.answerable:
            counts[f"{c.lang}→{c.notes_lang}"] += 1
            if c.notes_lang is None:
                fails.append(f"{c.id}: answerable case needs notes_lang")
            for pat in c.patterns():
                if not pat.search(c.reference):
                    fails.append(f"{c.id}: /{pat.pattern}/ does not match its reference")
                hit = False
                for src in c.sources:
                    loaded, raw = corpus.text(src)
                    if loaded is None:
                        fails.append(f"{c.id}: source {src!r} names no file/heading")
                        continue
                    if pat.search(loaded):
                        hit = True
                    elif pat.search(raw) and SEP not in src:
                        hit = True
                        warns.append(f"{c.id}: /{pat.pattern}/ is in {src} but not in the loader's text")
                if not hit:
                    fails.append(f"{c.id}: /{pat.pattern}/ matches none of {c.sources}")
            run = copied_run(c.question, folded)
            if run:
                fails.append(f"{c.id}: question copies the notes: {run!r}")
        else:
            counts[f"unanswerable {c.lang}"] += 1
            counts[f"unanswerable {c.kind}"] += 1
            terms = raw_rows[c.id].get("topic_terms") or []
            if not terms:
                fails.append(f"{c.id}: unanswerable case needs topic_terms")
            found = [t for t in terms if term_found(t, every)]
            if found:
                fails.append(f"{c.id}: topic terms found in the notes: {found}")
            if c.must_include or c.sources:
                fails.append(f"{c.id}: unanswerable case has must_include/sources")
    fails += shape(counts)
    return fails, warns, counts


def shape(counts: Counter) -> list[str]:
    out = [f"direction {d}: {counts[d]} < {MIN_PER_DIRECTION}"
           for d in ("ja→ja", "en→en", "en→ja", "ja→en") if counts[d] < MIN_PER_DIRECTION]
    unans = counts["unanswerable ja"] + counts["unanswerable en"]
    if unans < MIN_UNANSWERABLE:
        out.append(f"unanswerable: {unans} < {MIN_UNANSWERABLE}")
    if counts["unanswerable uncovered_detail"] * 2 < unans:
        out.append("fewer than half of the unanswerable cases are uncovered details")
    if abs(counts["unanswerable ja"] - counts["unanswerable en"]) > 2:
        out.append("unanswerable cases are not even across languages")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", type=Path, default=DATASET)
    ap.add_argument("--notes", type=Path, default=NOTES)
    args = ap.parse_args(argv)
    fails, warns, counts = check(args.dataset, args.notes)
    for w in warns:
        print("WARN", w)
    for f in fails:
        print("FAIL", f)
    print(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
    print(f"{len(fails)} failure(s), {len(warns)} loader warning(s)")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
