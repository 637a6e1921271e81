"""Can a test-wise guesser beat the quiz? Shortcut tricks and quiz-quality audits.

    python -m benchmarks.quiz_shortcuts [--corpus corpus/notes] [--corpus evals/corpora/gen/notes]
        [--quizzes 40] [--n 10] [--seed 11] [--types truefalse] [--output FILE.md]

Per corpus: ``quizzes`` seeded quizzes of ``n`` items of the default mix (or ``--types``),
answered by every trick of ``tutor.quiz.shortcuts`` without the notes; each trick's accuracy
against chance per item type and language (a cell is flagged when it beats chance by more
than 0.10 on 50 or more items). Then audits of the same quizzes: repeated facts within a
quiz, heading keys, scenario share, and which service sections have English items.
No index is built: the notes are loaded and chunked the way ``tutor ingest`` does.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections import Counter
from pathlib import Path

from core.models import Chunk
from core.settings import REPO_ROOT, Settings
from core.text import fold
from tutor.quiz.items import QuizItem

MARGIN = 0.10
MIN_ITEMS = 50


def load_corpus(folder: Path, settings: Settings) -> list[Chunk]:
    """Chunks of every supported file under ``folder`` (as ingest would make them)."""
    from ingest.chunk import chunk_sections
    from ingest.load import LoadError, discover, load_file

    files, _ = discover([folder], folder.parent)
    chunks: list[Chunk] = []
    for path, source in files:
        try:
            sections = load_file(path, source)
        except LoadError:
            continue
        chunks += chunk_sections(sections, settings.chunk_chars, settings.chunk_overlap)
    for i, c in enumerate(chunks):
        c.id = c.id or f"c{i}"
    return chunks


def quizzes(chunks: list[Chunk], settings: Settings, count: int, n: int, seed: int,
            types: list[str] | None) -> list[list[QuizItem]]:
    from tutor.quiz import generate

    return [generate(chunks, settings=settings, n=n, seed=seed + i, types=types)
            for i in range(count)]


def fact_keys(item: QuizItem) -> set[str]:
    """The note lines an item rests on and its non-service keys (value, term, setting)."""
    from tutor.quiz.checks import is_service_name

    out = {"line:" + fold(e) for e in item.evidence.split(" / ") if e}
    if item.type != "truefalse":
        out |= {f"key:{item.service}|{fold(k)}" for k in item.keys[:1]
                if not is_service_name(k) and item.kind != "statement"}
    return out


def repeats(quiz: list[QuizItem]) -> int:
    """Items of a quiz that share a note line or a key with an earlier item."""
    seen: set[str] = set()
    count = 0
    for it in quiz:
        keys = fact_keys(it)
        count += bool(keys & seen)
        seen |= keys
    return count


def english_coverage(chunks: list[Chunk]) -> tuple[list[str], list[str]]:
    """(service sections with an English item, those without), over every candidate."""
    from tutor.quiz import offline_candidates
    from tutor.quiz.facts import EXAM, extract

    sections = {(f.chunk.source, f.chunk.heading) for f in extract(chunks) if f.service != EXAM}
    with_en = {(c.item.citations[0].source, c.item.citations[0].heading)
               for c in offline_candidates(chunks, random.Random(0)) if c.item.lang == "en"}
    names = sorted(f"{s} › {h}" for s, h in sections)
    covered = [x for x in names if tuple(x.split(" › ", 1)) in with_en]
    return covered, [x for x in names if x not in covered]


def report(corpus: Path, args: argparse.Namespace, settings: Settings) -> list[str]:
    from tutor.quiz.checks import Corpus, heading_key
    from tutor.quiz.shortcuts import accuracy

    chunks = load_corpus(corpus, settings)
    t0 = time.perf_counter()
    runs = quizzes(chunks, settings, args.quizzes, args.n, args.seed, args.types)
    secs = time.perf_counter() - t0
    items = [it for q in runs for it in q]
    lines = [f"## {corpus}", "",
             f"{len(runs)} quizzes × {args.n} items (seeds {args.seed}..{args.seed + len(runs) - 1},"
             f" types {args.types or 'default mix'}): {len(items)} items,"
             f" {secs / max(len(runs), 1):.2f} s per quiz", ""]
    mix = Counter((it.type, it.lang) for it in items)
    lines.append("Mix: " + ", ".join(f"{t}/{lang} {k}" for (t, lang), k in sorted(mix.items())))
    lines.append("")
    table = accuracy(items, seed=args.seed)
    failures = 0
    for (type_, lang), row in table.items():
        tricks = {k: v for k, v in row.items() if k not in ("n", "chance", "share_true")}
        lines.append(f"### {type_} / {lang}: {int(row['n'])} items, chance {row['chance']:.2f}"
                     + (f", keys true {row['share_true']:.2f}" if "share_true" in row else ""))
        lines.append("")
        lines.append("| trick | accuracy | over chance | |")
        lines.append("|---|---:|---:|---|")
        for trick, acc in tricks.items():
            over = acc - row["chance"]
            bad = over > MARGIN and row["n"] >= MIN_ITEMS
            failures += bad
            lines.append(f"| {trick} | {acc:.3f} | {over:+.3f} | {'**beats chance**' if bad else ''} |")
        lines.append("")
    corpus_obj = Corpus(chunks)
    heading_keys = sum(any(heading_key(k, corpus_obj) for k in it.keys)
                       for it in items if it.type != "truefalse")
    reps = [repeats(q) for q in runs]
    choice = [[it for it in q if it.type in ("mcq", "multi")] for q in runs]
    shares = [sum(it.scenario for it in q) / len(q) for q in runs if q]
    covered, missing = english_coverage(chunks)
    lines += ["### Audits", "",
              f"- repeated facts within a quiz: {sum(reps)} (over {len(runs)} quizzes)",
              f"- heading keys: {heading_keys}",
              f"- scenario share per quiz: mean {sum(shares) / max(len(shares), 1):.2f},"
              f" min {min(shares, default=0):.2f}; choice items {sum(map(len, choice))}",
              f"- service sections with English items: {len(covered)}/{len(covered) + len(missing)}"
              + (f" (none for: {', '.join(missing)})" if missing else ""),
              f"- tricks beating chance by > {MARGIN} on ≥ {MIN_ITEMS} items: {failures}", ""]
    return lines


def main() -> None:
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", action="append", type=Path)
    ap.add_argument("--quizzes", type=int, default=40)
    ap.add_argument("--n", type=int, default=10)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--types", action="append")
    ap.add_argument("--output", type=Path)
    args = ap.parse_args()
    settings = Settings(llm="extractive")
    lines = ["# Quiz shortcut benchmark", ""]
    for corpus in args.corpus or [REPO_ROOT / "corpus" / "notes"]:
        lines += report(corpus, args, settings)
    text = "\n".join(lines)
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
