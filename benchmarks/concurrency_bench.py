"""Short questions under load: 20 concurrent chats, five of them 2,000-character questions.

A long question must not hold the shared embedder (or the CPU) for seconds while
short ones wait. Target (issue 14): a short question's p95 <= 1.5 s. The chats go
through ``get_tutor`` as the web app's do, all 20 released at once, for several rounds.

Run: python -m benchmarks.concurrency_bench [--data-dir DIR] [--rounds 5] [--slots 20]
(without --data-dir a throwaway index of the shipped corpus is built first).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.answer_bench import pct

ROOT = Path(__file__).resolve().parent.parent
LONG_PARTS = ["Lambdaの同時実行数とSQSの可視性タイムアウトの関係を詳しく説明してください。",
              "What happens to messages that fail repeatedly, and how do retries interact "
              "with the batch size of an event source mapping? ",
              "DynamoDBのキャパシティとStep Functionsのリトライも教えてください。"]


def long_question(rng: random.Random, n: int = 2000) -> str:
    text = ""
    while len(text) < n:
        text += rng.choice(LONG_PARTS)
    return text[:n]


def main() -> None:
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", type=Path)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--chats", type=int, default=20)
    ap.add_argument("--long", type=int, default=5)
    ap.add_argument("--slots", type=int, default=20, help="concurrent workers (the app: 8)")
    args = ap.parse_args()

    from core.settings import Settings
    from evals.dataset import load_dataset
    from tutor.chain import get_tutor

    tmp = None
    if args.data_dir:
        settings = Settings(data_dir=args.data_dir)
    else:
        from ingest.pipeline import ingest

        tmp = Path(tempfile.mkdtemp(prefix="conc-bench-"))
        shutil.copytree(ROOT / "corpus", tmp / "corpus", ignore=shutil.ignore_patterns("uploads"))
        settings = Settings(data_dir=tmp / "data", corpus_dir=tmp / "corpus")
        print("building a throwaway index ...", flush=True)
        ingest(settings)
    rng = random.Random(14)
    shorts = [c.question for c in load_dataset(ROOT / "evals" / "datasets" / "dva.jsonl")]
    tutor = get_tutor(settings)
    for q in shorts[:5]:
        tutor.answer(q)  # warm-up
    short_lat: list[float] = []
    long_lat: list[float] = []
    lock = threading.Lock()

    def ask(q: str, is_long: bool, t: float) -> None:
        """Latency from release (waiting for a free worker counts, as in the app's queue)."""
        get_tutor(settings).answer(q)
        dt = time.perf_counter() - t
        with lock:
            (long_lat if is_long else short_lat).append(dt)

    solo = []
    for q in rng.sample(shorts, 10):
        t = time.perf_counter()
        tutor.answer(q)
        solo.append(time.perf_counter() - t)
    for _ in range(args.rounds):
        batch = [(long_question(rng), True) for _ in range(args.long)]
        batch += [(q, False) for q in rng.sample(shorts, args.chats - args.long)]
        rng.shuffle(batch)
        released = time.perf_counter()
        with ThreadPoolExecutor(args.slots) as pool:
            list(pool.map(lambda qa, t=released: ask(*qa, t), batch))
    print(f"short question alone: median {statistics.median(solo) * 1000:.0f} ms")
    print(f"{args.rounds} rounds x {args.chats} concurrent chats ({args.long} of 2,000 chars), "
          f"{args.slots} workers:")
    print(f"  short questions (n={len(short_lat)}): p50 {pct(short_lat, .5):.2f} s, "
          f"p95 {pct(short_lat, .95):.2f} s, max {max(short_lat):.2f} s (target p95 <= 1.5 s)")
    if long_lat:
        print(f"  long questions (n={len(long_lat)}): p50 {pct(long_lat, .5):.2f} s, "
              f"max {max(long_lat):.2f} s")
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
