"""dva-tutor against the newcomer pipeline on the same eval set, scored by the same metrics.

    python -m benchmarks.compare [--dataset PATH.jsonl] [--corpus DIR] [--output FILE.md]

Two newcomers: with the English-only MiniLM (what a tutorial gives you) and the fair peer,
the same pipeline with multilingual e5-small (the embedder dva-tutor uses).

Each pipeline runs in its own subprocess so peak RSS (ru_maxrss) and cold start (process
spawn -> imports -> model load -> first answer) are its own. Index building is timed
separately and left out of cold start: ours is prebuilt in a throwaway data dir by a
third subprocess, the newcomer's has to be built in memory on every start.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from core.settings import REPO_ROOT, Settings
from evals.dataset import load_dataset
from evals.metrics import summarize_by_lang
from evals.record import CaseRecord, CitedChunk
from evals.runner import DEFAULT_DATASET, git_commit

NAMES = {"baseline": "newcomer (MiniLM + Chroma)", "e5": "newcomer (e5 + Chroma)",
         "ours": "dva-tutor"}
COLUMNS = (  # (label, key in a result row, format, higher is better)
    ("answer accuracy", "answer_accuracy", "{:.3f}", True),
    ("citation accuracy", "citation_accuracy", "{:.3f}", True),
    ("hit@1", "hit@1", "{:.3f}", True),
    ("latency p50 ms", "latency_p50_ms", "{:.0f}", False),
    ("cold start s", "cold_start_s", "{:.1f}", False),
    ("index build s", "index_build_s", "{:.1f}", False),
    ("peak RSS MB", "peak_rss_mb", "{:.0f}", False),
)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def work_baseline(dataset: Path, spawned_at: float, data_dir: Path, corpus: Path,
                  embedder: str = "minilm") -> dict[str, Any]:
    """Answer every case with the newcomer pipeline (runs in its own process)."""
    from benchmarks.baseline_pipeline import NaivePipeline

    pipe = NaivePipeline(corpus, embedder)
    pipe.load_model()
    t0 = time.perf_counter()
    pipe.build_index()
    index_s = time.perf_counter() - t0
    records, first_answer_at = [], None
    for case in load_dataset(dataset):
        t0 = time.perf_counter()
        text, docs = pipe.answer(case.question)
        latency = _ms_since(t0)
        first_answer_at = first_answer_at or time.time()
        cites = [
            CitedChunk(
                heading=d.metadata["heading"], source=d.metadata["source"], text=d.page_content
            )
            for d in docs
        ]
        records.append(
            CaseRecord(
                case=case,
                answer=text,
                citations=cites,
                retrieved=[c.heading for c in cites],
                retrieved_sources=[c.source for c in cites],
                latency_ms=latency,
            )
        )
    return _result(records, spawned_at, first_answer_at, index_s)


def work_e5(dataset: Path, spawned_at: float, data_dir: Path, corpus: Path) -> dict[str, Any]:
    return work_baseline(dataset, spawned_at, data_dir, corpus, "e5")


def work_index(dataset: Path, spawned_at: float, data_dir: Path, corpus: Path) -> dict[str, Any]:
    """Build dva-tutor's index into `data_dir` (its own process, timed)."""
    from ingest.pipeline import ingest

    t0 = time.perf_counter()
    ingest(Settings(data_dir=data_dir, corpus_dir=corpus), rebuild=True)
    return {"index_build_s": time.perf_counter() - t0}


def work_ours(dataset: Path, spawned_at: float, data_dir: Path, corpus: Path) -> dict[str, Any]:
    """Answer every case with dva-tutor over the prebuilt index in `data_dir`."""
    from tutor.chain import Tutor

    tutor = Tutor(Settings(data_dir=data_dir, corpus_dir=corpus))
    records, first_answer_at = [], None
    for case in load_dataset(dataset):
        answer = tutor.answer(case.question)
        first_answer_at = first_answer_at or time.time()
        records.append(CaseRecord.from_answer(case, answer))
    return _result(records, spawned_at, first_answer_at, None)


def _result(
    records: list[CaseRecord], spawned: float, first: float | None, index_s: float | None
) -> dict[str, Any]:
    cold = None if first is None else first - spawned - (index_s or 0.0)
    return {
        "records": [r.model_dump(mode="json") for r in records],
        "cold_start_s": cold,
        "index_build_s": index_s,
        "peak_rss_mb": _peak_rss_mb(),
    }


WORKERS = {"baseline": work_baseline, "e5": work_e5, "index": work_index, "ours": work_ours}


def spawn(worker: str, dataset: Path, data_dir: Path, corpus: Path) -> dict[str, Any]:
    """Run one worker in a fresh interpreter and return what it wrote."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        env = {
            **os.environ,
            "OMP_WAIT_POLICY": "PASSIVE",
            "HF_HUB_OFFLINE": "1",
            "ANONYMIZED_TELEMETRY": "False",
            "TOKENIZERS_PARALLELISM": "false",
        }
        cmd = [sys.executable, "-m", "benchmarks.compare", "--worker", worker]
        cmd += ["--dataset", str(dataset), "--data-dir", str(data_dir), "--out", str(out)]
        cmd += ["--corpus", str(corpus)]
        cmd += ["--spawned-at", repr(time.time())]
        subprocess.run(cmd, cwd=REPO_ROOT, env=env, check=True)
        return json.loads(out.read_text(encoding="utf-8"))


def row(result: dict[str, Any]) -> dict[str, float | None]:
    """The compared numbers for one pipeline, metrics computed by evals.metrics."""
    records = [CaseRecord.model_validate(r) for r in result["records"]]
    summary = summarize_by_lang(records)["all"]
    return {
        **summary,
        **{k: result.get(k) for k in ("cold_start_s", "index_build_s", "peak_rss_mb")},
    }


def ratio(ours: float | None, base: float | None) -> str:
    if ours is None or base is None or base == 0:
        return "—"
    return f"{ours / base:.2f}×"


def cells(values: dict[str, float | None]) -> list[str]:
    return ["—" if values.get(k) is None else fmt.format(values[k]) for _, k, fmt, _ in COLUMNS]


def table_rows(rows: dict[str, dict]) -> list[list[str]]:
    """One row per compared number: each pipeline, then ours / the fair peer."""
    out = []
    columns = {name: cells(values) for name, values in rows.items()}
    for i, (label, key, _, _) in enumerate(COLUMNS):
        out.append([label, *(columns[n][i] for n in rows),
                    ratio(rows["ours"].get(key), rows["e5"].get(key))])
    return out


def render_markdown(rows: dict[str, dict], dataset: Path, corpus: Path, n_cases: int) -> str:
    names = [NAMES[n] for n in rows]
    lines = [
        "# dva-tutor vs. a newcomer's RAG pipeline",
        "",
        f"Eval set: `{dataset.name}` ({n_cases} cases, ja + en) over `{corpus.name}/`. "
        f"Measured {time.strftime('%Y-%m-%d')} at commit `{git_commit() or '?'}` "
        f"on {os.cpu_count()} CPU cores.",
        "",
        "| | " + " | ".join(names) + " | ratio (ours / e5 newcomer) |",
        "|---|" + "---:|" * (len(names) + 1),
        *("| " + " | ".join(r) + " |" for r in table_rows(rows)),
        "",
        "Newcomer: RecursiveCharacterTextSplitter(1000/200) over the notes (Markdown/text as "
        "is, HTML text, PDF pages), one embedder, Chroma top-4 in a temp dir; the answer is "
        "the top chunk, never a refusal; its top-4 chunks count as citations, each mapped to "
        "the heading path in force where the chunk starts. The e5 newcomer uses the same "
        "multilingual e5-small as dva-tutor: the difference is the pipeline, not the model.",
        "",
        "Accuracy and hit@1 come from `evals.metrics` over all cases (answerable ones for "
        "these three). Cold start = process spawn to first answer (imports, model load, "
        "first query), index build excluded; peak RSS = the answering process's ru_maxrss. "
        "Timings vary with machine load; rerun with `python -m benchmarks.compare`.",
    ]
    return "\n".join(lines) + "\n"


def print_table(rows: dict[str, dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="dva-tutor vs. newcomer pipelines")
    table.add_column("")
    for name in [*(NAMES[n] for n in rows), "ours / e5"]:
        table.add_column(name, justify="right")
    for r in table_rows(rows):
        table.add_row(*r)
    Console().print(table)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--corpus", type=Path, default=Settings().corpus_dir)
    parser.add_argument("--output", type=Path, default=REPO_ROOT / "benchmarks" / "compare.md")
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--spawned-at", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:  # child process: do one job, write JSON, exit
        result = WORKERS[args.worker](args.dataset, args.spawned_at, args.data_dir,
                                      args.corpus.resolve())
        args.out.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        return

    n_cases = len(load_dataset(args.dataset))  # fail fast on a bad set
    corpus = args.corpus.resolve()
    with tempfile.TemporaryDirectory(prefix="compare-") as tmp:
        data_dir = Path(tmp) / "tutor-data"
        index = spawn("index", args.dataset, data_dir, corpus)
        rows = {"baseline": row(spawn("baseline", args.dataset, data_dir, corpus)),
                "e5": row(spawn("e5", args.dataset, data_dir, corpus)),
                "ours": row({**spawn("ours", args.dataset, data_dir, corpus), **index})}
    print_table(rows)
    args.output.write_text(render_markdown(rows, args.dataset, corpus, n_cases), encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
