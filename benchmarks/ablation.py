"""What each generalization piece earns: the eval with one piece switched off at a time.

    python -m benchmarks.ablation --set evals/datasets/dva.jsonl:corpus \\
        --set evals/datasets/gen.jsonl:evals/corpora/gen [--output benchmarks/ablation.md]

Variants: everything on; no bilingual bridge (BM25 and line scoring see only the
question's own words); no per-language centring of cosines; no second embedder (its
cosines replaced by the main one's, as on an index built without it). One throwaway
index per corpus, shared by the variants (the switches act at query time).
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from core.settings import Settings
from evals.dataset import load_dataset
from evals.metrics import summarize, summarize_by_direction
from evals.record import CaseRecord

VARIANTS = {"all on": {}, "no bridge": {"bridge": False},
            "no language centring": {"centre_languages": False},
            "no second embedder": {"aux_embedder": ""}}
SHOWN = ("hit@1", "answer_accuracy", "first_line_accuracy", "refusal_accuracy",
         "false_refusal_rate")


def run(dataset: Path, corpus: Path) -> dict[str, dict[str, float | None]]:
    from ingest.pipeline import ingest
    from tutor.chain import Tutor
    from tutor.retrieve import Index

    data = Path(tempfile.mkdtemp(prefix="ablation-"))
    base = Settings(data_dir=data, corpus_dir=corpus.resolve())
    ingest(base, [corpus.resolve()])
    index = Index.load(base)
    cases = load_dataset(dataset)
    out = {}
    aux = index.aux_matrix
    for name, change in VARIANTS.items():
        settings = base.model_copy(update=change)
        index.settings = settings
        index.aux_matrix = aux if settings.aux_embedder else None
        tutor = Tutor(settings, index=index)
        records = [CaseRecord.from_answer(c, tutor.answer(c.question)) for c in cases]
        out[name] = summarize(records)
        for direction, values in summarize_by_direction(records).items():
            out[name][f"answer {direction}"] = values["answer_accuracy"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", required=True, help="DATASET:CORPUS_DIR")
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    lines = []
    for spec in args.set:
        dataset, _, corpus = spec.partition(":")
        results = run(Path(dataset), Path(corpus))
        keys = [*SHOWN, *sorted(k for k in results["all on"] if k.startswith("answer "))]
        lines += [f"### `{Path(dataset).name}` over `{corpus}`", "",
                  "| variant | " + " | ".join(keys) + " |", "|---|" + "---:|" * len(keys)]
        for name, values in results.items():
            cells = ["—" if values.get(k) is None else f"{values[k]:.3f}" for k in keys]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        lines.append("")
    text = "\n".join(lines)
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
