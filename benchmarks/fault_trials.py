"""Fault trials with real processes (issue 14), against any checkout of the project.

    python -m benchmarks.fault_trials [--repo DIR] [--trials 20] [--kills 10] [--only NAME]

``--repo`` runs the trials on another checkout (e.g. the commit before the fix) to
show the failures they reproduce. Trials:
- concurrent: `tutor ingest` (whole corpus, with a new file) and, 0-2 s later,
  `tutor ingest other.md` on one data dir; a lost update is a file missing afterwards.
- kill: `kill -9` a first ingest at a random moment; then `tutor status` must not exit 0
  and `tutor ingest --if-missing` must build (not say "Index present"); the index it
  builds must list every file.
- stall: `tutor ask` against an OpenAI-compatible server that sends keep-alives forever;
  the answer must come within TUTOR_LLM_DEADLINE_S + 2 s.
- rebuild: 40 chats through the web handler in a running process while `tutor ingest
  --rebuild` runs beside it; failed chats are counted.
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = ["Queues", "Functions", "Tables", "Streams"]


def note(path: Path, topic: str) -> Path:
    lines = [f"# {topic}", "", f"## {topic} basics", ""]
    lines += [f"- {topic} setting {i} defaults to {i * 7} seconds" for i in range(1, 9)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class Runner:
    def __init__(self, repo: Path, work: Path) -> None:
        self.repo = repo
        self.work = work

    def env(self, data: Path, corpus: Path, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TUTOR_")}
        return {**env, "TUTOR_DATA_DIR": str(data), "TUTOR_CORPUS_DIR": str(corpus),
                "OMP_WAIT_POLICY": "PASSIVE", "PYTHONPATH": str(self.repo), **extra}

    def cli(self, data: Path, corpus: Path, *args: str, timeout: float = 600,
            **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "tutor.cli", *args], cwd=self.repo,
                              env=self.env(data, corpus, **extra), capture_output=True,
                              text=True, timeout=timeout)

    def popen(self, data: Path, corpus: Path, *args: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "tutor.cli", *args], cwd=self.repo,
                                env=self.env(data, corpus), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)

    def files(self, data: Path, corpus: Path) -> list[str] | None:
        code = ("import json; from core.settings import Settings; from ingest.store import "
                "open_collection, read_manifest; print(json.dumps(sorted(read_manifest("
                "open_collection(Settings())).files)))")
        out = subprocess.run([sys.executable, "-c", code], cwd=self.repo,
                             env=self.env(data, corpus), capture_output=True, text=True)
        return json.loads(out.stdout.strip().splitlines()[-1]) if out.returncode == 0 else None

    def corpus(self, name: str) -> Path:
        corpus = self.work / name
        corpus.mkdir(parents=True)
        for topic in FILES:
            note(corpus / f"{topic.lower()}.md", topic)
        return corpus


def concurrent(r: Runner, trials: int, rng: random.Random) -> str:
    base_corpus = r.corpus("base-corpus")
    base = r.work / "base-data"
    r.cli(base, base_corpus, "ingest").check_returncode()
    lost = failed = 0
    for t in range(trials):
        corpus, data = r.work / f"c{t}", r.work / f"d{t}"
        shutil.copytree(base_corpus, corpus)
        shutil.copytree(base, data)
        note(corpus / "added.md", f"Added{t}")
        other = note(r.work / f"other{t}.md", f"Other{t}")
        a = r.popen(data, corpus, "ingest")
        time.sleep(rng.uniform(0, 2))
        b = r.popen(data, corpus, "ingest", str(other))
        failed += (a.wait() != 0) + (b.wait() != 0)
        files = r.files(data, corpus) or []
        lost += ("added.md" not in files) + (other.name not in files)
    return f"concurrent ingests: {trials} trials, {lost} lost updates, {failed} failed runs"


def kill(r: Runner, trials: int, rng: random.Random) -> str:
    corpus = r.corpus("kill-corpus")
    accepted = incomplete_after = 0
    for t in range(trials):
        data = r.work / f"k{t}"
        proc = r.popen(data, corpus, "ingest")
        while not (data / "chroma").exists() and proc.poll() is None:
            time.sleep(0.05)
        time.sleep(rng.uniform(0.2, 3.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        status = r.cli(data, corpus, "status")
        again = r.cli(data, corpus, "ingest", "--if-missing")
        accepted += status.returncode == 0 and "Index present" in again.stdout and \
            len(r.files(data, corpus) or []) < len(FILES)
        incomplete_after += sorted(r.files(data, corpus) or []) != \
            sorted(f"{x.lower()}.md" for x in FILES)
    return (f"kill -9 during a first ingest: {trials} trials, {accepted} incomplete indexes "
            f"accepted as present, {incomplete_after} still incomplete after "
            "`ingest --if-missing`")


class StallHandler(http.server.BaseHTTPRequestHandler):
    """An OpenAI-compatible endpoint that keeps the stream alive and never answers."""

    interval = 0.5  # seconds between keep-alive comments

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        try:
            while True:  # keep-alive comments forever, never a token
                self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
                time.sleep(self.interval)
        except OSError:
            return

    def log_message(self, *args: object) -> None:
        pass


def serve_stalled() -> tuple[http.server.ThreadingHTTPServer, str]:
    """A stalling server on a free local port, and its OpenAI base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), StallHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/v1"


def stall(r: Runner, deadline_s: float = 8.0) -> str:
    corpus = r.corpus("stall-corpus")
    data = r.work / "stall-data"
    r.cli(data, corpus, "ingest").check_returncode()
    server, url = serve_stalled()
    t0 = time.monotonic()
    try:
        out = r.cli(data, corpus, "ask", "--llm", "openai/stalled", "Queues setting 3?",
                    timeout=120, TUTOR_LLM_BASE_URL=url, TUTOR_LLM_TIMEOUT_S="5",
                    TUTOR_LLM_DEADLINE_S=str(deadline_s), TUTOR_LLM_FIRST_TOKEN_S="5")
        took = time.monotonic() - t0
        verdict = "ok" if took <= deadline_s + 2 + 6 and out.returncode == 0 else "too slow"
        result = f"{took:.1f} s, exit {out.returncode}, {verdict}"
    except subprocess.TimeoutExpired:
        result = "still waiting at 120 s (hang)"
    server.shutdown()
    return (f"stalled LLM stream (deadline {deadline_s:.0f} s, includes ~3-6 s process "
            f"start-up): {result}")


APP = """
import sys, threading, time
from core.settings import Settings
from tutor.web import handlers
s = Settings()
handlers.ask("Queues setting 2?", "auto", s)  # warm
ok = bad = 0
print("ready", flush=True)
for i in range(int(sys.argv[1])):
    last = handlers.ask(f"Queues setting {i % 8 + 1}?", "auto", s)[-1]["content"]
    if "⚠️" in last.split("</details>")[0][:40] or "seconds" not in last:
        bad += 1
    else:
        ok += 1
    time.sleep(float(sys.argv[2]))
print(f"ok {ok} bad {bad}", flush=True)
"""


def rebuild(r: Runner, chats: int = 40) -> str:
    corpus = r.corpus("rebuild-corpus")
    data = r.work / "rebuild-data"
    r.cli(data, corpus, "ingest").check_returncode()
    app = subprocess.Popen([sys.executable, "-c", APP, str(chats), "0.25"], cwd=r.repo,
                           env=r.env(data, corpus), stdout=subprocess.PIPE, text=True)
    assert app.stdout is not None
    app.stdout.readline()  # ready
    runs = 0
    while app.poll() is None and runs < 3:
        r.cli(data, corpus, "ingest", "--rebuild")
        runs += 1
    out = app.communicate(timeout=600)[0].strip().splitlines()
    return f"rebuild under a running app: {runs} rebuilds, {chats} chats: {out[-1] if out else '?'}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", type=Path, default=ROOT)
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--kills", type=int, default=10)
    ap.add_argument("--only", choices=["concurrent", "kill", "stall", "rebuild"])
    args = ap.parse_args()
    rng = random.Random(14)
    work = Path(tempfile.mkdtemp(prefix="fault-trials-"))
    r = Runner(args.repo.resolve(), work)
    print(f"repo {r.repo} (commit {_commit(r.repo)})", flush=True)
    try:
        steps = {"concurrent": lambda: concurrent(r, args.trials, rng),
                 "kill": lambda: kill(r, args.kills, rng), "stall": lambda: stall(r),
                 "rebuild": lambda: rebuild(r)}
        for name, step in steps.items():
            if args.only in (None, name):
                t0 = time.monotonic()
                print(f"{step()}  [{time.monotonic() - t0:.0f} s]", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _commit(repo: Path) -> str:
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=repo,
                         capture_output=True, text=True)
    return out.stdout.strip() or "?"


if __name__ == "__main__":
    main()
