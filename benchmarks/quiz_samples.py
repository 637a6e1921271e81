"""Verbatim sample items, a few of each type and language, for reviewing quiz quality.

    python -m benchmarks.quiz_samples [--corpus corpus/notes] [--k 5] [--seed 1] [--output FILE.md]

Single-answer and choose-two items come from default quizzes; true/false and cloze from
the drill modes. The key is marked with ``*``.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from core.settings import REPO_ROOT, Settings
from tutor.quiz.items import ITEM_TYPES, LETTERS, QuizItem


def render(item: QuizItem) -> list[str]:
    tag = " · scenario" if item.scenario else ""
    out = [f"**{item.type} / {item.lang}** — {item.service} · D{item.domain} · "
           f"{item.difficulty}{tag}", "", "```text", item.stem]
    if item.type == "cloze":
        out.append(f"  accepted: {' | '.join(item.options)}")
    else:
        out += [f"{'*' if i in item.answer else ' '} {LETTERS[i]}. {o}"
                for i, o in enumerate(item.options)]
    out += ["", item.explanation, "```", ""]
    return out


def samples(corpus: Path, k: int, seed: int) -> list[str]:
    from benchmarks.quiz_shortcuts import load_corpus
    from tutor.quiz import generate

    settings = Settings(llm="extractive")
    chunks = load_corpus(corpus, settings)
    lines = [f"## {corpus}", ""]
    for type_ in ITEM_TYPES:
        for lang in ("ja", "en"):
            types = None if type_ in ("mcq", "multi") else [type_]
            got: list[QuizItem] = []
            for s in range(seed, seed + 40):
                for it in generate(chunks, settings=settings, n=10, seed=s, types=types,
                                   lang=lang):
                    if it.type == type_ and it.stem not in {g.stem for g in got}:
                        got.append(it)
                if len(got) >= k:
                    break
            lines.append(f"### {type_} / {lang}")
            lines.append("")
            for it in got[:k]:
                lines += render(it)
    return lines


def main() -> None:
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=REPO_ROOT / "corpus" / "notes")
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--output", type=Path)
    args = ap.parse_args()
    text = "\n".join(["# Quiz samples", "", *samples(args.corpus, args.k, args.seed)])
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
