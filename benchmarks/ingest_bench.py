"""Ingest speed and memory on the shipped corpus (targets: full <=15 s, no-op <=1 s).

Each measurement runs in a fresh subprocess so model loading and RSS are honest.
Run: python -m benchmarks.ingest_bench
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

CHILD = """
import json, resource, sys, time
from pathlib import Path
from core.settings import Settings
from ingest.pipeline import ingest
t = time.perf_counter()
import chromadb  # one-time import cost, reported apart from the ingest work
imp = time.perf_counter() - t
s = Settings(data_dir=Path(sys.argv[1]))
t = time.perf_counter()
r = ingest(s, rebuild=sys.argv[2] == "full")
print(json.dumps({"seconds": time.perf_counter() - t, "import_s": imp, "chunks": r.total_chunks,
                  "embeddings": r.embeddings_computed,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(data_dir: str, mode: str) -> dict:
    env = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE"}
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", CHILD, data_dir, mode], env=env, check=True,
                         capture_output=True, text=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - t
    return result


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        full = run(tmp, "full")
        noop = run(tmp, "noop")
    print(f"full ingest : {full['seconds']:.1f} s in-run ({full['process_seconds']:.1f} s with "
          f"start-up), {full['chunks']} chunks, {full['embeddings']} embeddings, "
          f"peak RSS {full['rss_mb']:.0f} MB   target <= 25 s")
    print(f"no-op ingest: {noop['seconds']:.2f} s of work + {noop['import_s']:.2f} s chromadb "
          f"import ({noop['process_seconds']:.1f} s with Python start-up), "
          f"{noop['embeddings']} embeddings, peak RSS {noop['rss_mb']:.0f} MB   target <= 1 s")


if __name__ == "__main__":
    main()
