"""Adding notes must not hurt the notes already there: the shipped eval set, answered over
the shipped corpus alone and then with a second notes folder beside it.

    python -m benchmarks.mixed_corpus [--beside evals/corpora/gen/notes] [--output FILE.md]

Two views, both printed:
- every case of the set. A case whose service the added notes also cover can change
  legitimately: its "unanswerable" may now be answered (the added notes fill an empty
  heading), or its best source may now be the added file, which the set's ``sources``
  do not name;
- the cases about services the added notes never mention (named in the question or the
  expected sources). Here nothing should move: this is the number the issue's "no metric
  drops by more than 0.01" is about.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from core.catalog import services_in
from core.settings import REPO_ROOT, Settings
from core.text import normalize
from evals.dataset import EvalCase
from evals.metrics import summarize
from evals.record import CaseRecord
from evals.runner import DEFAULT_DATASET

METRICS = ("hit@1", "answer_accuracy", "first_line_accuracy", "citation_accuracy",
           "refusal_accuracy", "false_refusal_rate")


def services_of(folder: Path) -> set[str]:
    """Every AWS service the notes in ``folder`` mention (headings and lines)."""
    from ingest.load import discover, load_file

    found, _ = discover([folder], folder)
    text = []
    for path, source in found:
        for s in load_file(path, source):
            text += [s.heading, *s.lines]
    return set(services_in(normalize("\n".join(text))))


def records(settings: Settings, dataset: Path, corpus: list[Path]) -> list[CaseRecord]:
    """Every case answered over a throwaway index of ``corpus``, as the eval scores it."""
    from evals.dataset import load_dataset
    from evals.runner import answer_case, throwaway_index
    from tutor.chain import Tutor

    tutor = Tutor(throwaway_index(settings, corpus))
    return [CaseRecord.from_answer(c, answer_case(tutor, c)) for c in load_dataset(dataset)]


def untouched(case: EvalCase, added: set[str]) -> bool:
    named = services_in(normalize(" ".join([case.question, *case.sources])))
    return not set(named) & added


def table(title: str, before: dict, after: dict) -> list[str]:
    lines = [f"### {title}", "", "| metric | shipped only | with the added notes | change |",
             "|---|---:|---:|---:|"]
    for m in METRICS:
        a, b = before.get(m), after.get(m)
        if a is None or b is None:
            continue
        lines.append(f"| {m} | {a:.3f} | {b:.3f} | {b - a:+.3f} |")
    return lines + [""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--corpus", type=Path, default=REPO_ROOT / "corpus")
    parser.add_argument("--beside", type=Path, default=REPO_ROOT / "evals/corpora/gen/notes")
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args()
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    settings = Settings()
    alone = records(settings, args.dataset, [args.corpus])
    mixed = records(settings, args.dataset, [args.corpus, args.beside])
    added = services_of(args.beside)
    keep = {r.case.id for r in alone if untouched(r.case, added)}
    beside = args.beside.resolve()
    where = beside.relative_to(REPO_ROOT) if beside.is_relative_to(REPO_ROOT) else beside
    out = [f"# `{args.dataset.name}` with `{where}` beside its notes",
           "", f"Added notes mention: {', '.join(sorted(added))}.", ""]
    out += table(f"All {len(alone)} cases", summarize(alone), summarize(mixed))
    out += table(f"The {len(keep)} cases on services the added notes never mention",
                 summarize([r for r in alone if r.case.id in keep]),
                 summarize([r for r in mixed if r.case.id in keep]))
    text = "\n".join(out)
    print(text)
    if args.output:
        args.output.write_text(text + "\n", "utf-8")


if __name__ == "__main__":
    main()
