"""Answer latency and memory for the default (extractive) backend.

Targets on 2 cores: warm p50 <= 50 ms, p95 <= 150 ms; a cold `tutor ask` to its printed
answer <= 5 s; peak RSS <= 600 MB, and torch never imported on this path.
Needs an index (TUTOR_DATA_DIR or .tutor/). Run: python -m benchmarks.answer_bench
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

CHILD = """
import json, resource, sys, time
from core.settings import Settings
from tutor.chain import Tutor
from evals.dataset import load_dataset
cases = load_dataset(sys.argv[1])
tutor = Tutor(Settings())
for c in cases[:5]:
    tutor.answer(c.question)  # warm-up
lat = []
for c in cases:
    t = time.perf_counter(); tutor.answer(c.question); lat.append((time.perf_counter() - t) * 1000)
print(json.dumps({"lat": lat, "torch": "torch" in sys.modules,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> None:
    env = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE"}
    dataset = Path(__file__).resolve().parent.parent / "evals" / "datasets" / "dva.jsonl"
    out = subprocess.run([sys.executable, "-c", CHILD, str(dataset)], env=env, check=True,
                         capture_output=True, text=True).stdout
    warm = json.loads(out.strip().splitlines()[-1])
    colds = []
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "tutor.cli", "ask", "SQSの可視性タイムアウトは？"],
                       env=env, check=True, capture_output=True)
        colds.append(time.perf_counter() - t)
    lat = warm["lat"]
    print(f"warm answer latency over {len(lat)} questions: p50 {pct(lat, .5):.1f} ms, "
          f"p95 {pct(lat, .95):.1f} ms, mean {statistics.mean(lat):.1f} ms "
          "(targets 50 / 150 ms)")
    print(f"cold `tutor ask` to printed answer: median {statistics.median(colds):.2f} s "
          "(target 5 s)")
    print(f"peak RSS {warm['rss_mb']:.0f} MB (target 600 MB); torch imported: {warm['torch']}")


if __name__ == "__main__":
    main()
