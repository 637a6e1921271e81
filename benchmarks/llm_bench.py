"""LLM backend on a real server: accuracy, citations, faithfulness, time to first token.

Runs an eval set (or an evenly spread, language-balanced sample of it) through the tutor
with ``openai/<model>`` (or ``ollama/<model>``) and, on the same cases, the extractive
backend, and reports the usual eval metrics plus what only an LLM path has:

- verified-citation rate: non-refused answers with at least one citation whose passage
  supports its sentence (the issue's "every answer cited" promise);
- model-text accuracy: the expected fact in the model's own sentences (the answer shown
  also quotes the backing note line under "From your notes");
- flagged: answers with a sentence no passage supports (shown with a warning);
- fallback: answers where the extractive answer was shown instead, and why;
- time to first token, answer latency, streamed tokens per answer, prompt tokens.

    python -m benchmarks.llm_bench --base-url http://127.0.0.1:8085/v1 --model qwen2.5-0.5b
    python -m benchmarks.llm_bench --serve 1.5b --sample 40      # starts llama.cpp itself

Needs an index (``--data-dir``, else a throwaway index of the shipped corpus is built).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from core.settings import REPO_ROOT, Settings
from evals.checks import includes_all
from evals.dataset import EvalCase, load_dataset
from evals.metrics import percentile, summarize_by_lang
from evals.record import CaseRecord

DEFAULT_DATASET = REPO_ROOT / "evals" / "datasets" / "dva.jsonl"
EVIDENCE_HEADERS = ("ノートの該当箇所:", "From your notes:")
SHOWN = ("answer_accuracy", "citation_accuracy", "refusal_accuracy", "false_refusal_rate",
         "language_match")


def sample(cases: list[EvalCase], n: int | None) -> list[EvalCase]:
    """Every k-th case of each language, so the sample spreads over the set's topics."""
    if not n or n >= len(cases):
        return cases
    out: list[EvalCase] = []
    for lang in ("ja", "en"):
        group = [c for c in cases if c.lang == lang]
        want = n // 2 + (n % 2 if lang == "ja" else 0)
        step = len(group) / max(want, 1)
        out += [group[int(i * step)] for i in range(min(want, len(group)))]
    return out


def model_text(answer: str) -> str:
    """The model's own sentences: the answer without the quoted evidence block."""
    for header in EVIDENCE_HEADERS:
        answer = answer.split("\n\n" + header, 1)[0]
    return answer


def run(settings: Settings, cases: list[EvalCase], llm: str) -> list[dict[str, Any]]:
    """Answer every case with backend ``llm``; one row per case."""
    from tutor.chain import Tutor

    tutor = Tutor(settings.model_copy(update={"llm": llm}))
    rows = []
    for i, case in enumerate(cases, start=1):
        t0 = time.perf_counter()
        first: float | None = None
        answer = None
        for piece in tutor.stream(case.question):
            if isinstance(piece, str):
                first = first if first is not None else time.perf_counter() - t0
            else:
                answer = piece
        assert answer is not None
        total = time.perf_counter() - t0
        record = CaseRecord.from_answer(case, answer)
        stats = answer.backend_stats
        llm_answered = answer.backend == llm and not answer.refused and llm != "extractive"
        rows.append({
            "id": case.id, "lang": case.lang, "answerable": case.answerable,
            "backend": answer.backend, "refused": answer.refused, "answer": answer.answer,
            "notices": answer.notices, "flagged": answer.flagged_sentences,
            "citations": [c.label for c in answer.citations],
            "correct": case.answerable and not answer.refused and includes_all(case, answer.answer),
            "model_correct": llm_answered and includes_all(case, model_text(answer.answer)),
            "llm_answered": llm_answered, "fallback": bool(stats.get("fallback")),
            "verified_cited": bool(answer.citations) and (
                stats.get("verified", 0) > 0 or answer.backend == "extractive"),
            "attributed": stats.get("attributed", 0.0), "stats": stats,
            "first_text_s": first, "latency_s": total, "record": record,
        })
        print(f"[{i}/{len(cases)}] {case.id}: {answer.backend} {total:.1f}s "
              f"{'ok' if rows[-1]['correct'] else 'MISS'}", file=sys.stderr, flush=True)
    return rows


def _p(values: list[float], q: float) -> float | None:
    return percentile(values, q) if values else None


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    records = [r["record"] for r in rows]
    out: dict[str, Any] = {"n": len(rows)}
    summary = summarize_by_lang(records)
    for group in ("ja", "en", "all"):
        out[group] = {m: summary[group].get(m) for m in SHOWN}
    answered = [r for r in rows if not r["refused"]]
    llm_rows = [r for r in rows if r["llm_answered"]]
    out["verified_cited_rate"] = (sum(r["verified_cited"] for r in answered) / len(answered)
                                  if answered else None)
    out["llm_answered"] = len(llm_rows)
    out["fallbacks"] = sum(r["fallback"] for r in rows)
    out["fallback_reasons"] = sorted({n.split(":")[0][:90] for r in rows if r["fallback"]
                                      for n in r["notices"][:1]})
    answerable_llm = [r for r in llm_rows if r["answerable"]]
    out["model_text_accuracy_of_llm_answers"] = (
        sum(r["model_correct"] for r in answerable_llm) / len(answerable_llm)
        if answerable_llm else None)
    out["llm_answers_with_flag"] = sum(bool(r["flagged"]) for r in llm_rows)
    out["llm_answers_with_attributed_citation"] = sum(r["attributed"] > 0 for r in llm_rows)
    ttft = [r["stats"]["first_token_ms"] / 1000 for r in rows if "first_token_ms" in r["stats"]]
    lat = [r["latency_s"] for r in rows]
    toks = [r["stats"]["chunks"] for r in rows if "chunks" in r["stats"]]
    out["ttft_s"] = {"p50": _p(ttft, 50), "p95": _p(ttft, 95), "max": max(ttft, default=None)}
    out["latency_s"] = {"p50": _p(lat, 50), "p95": _p(lat, 95), "max": max(lat, default=None)}
    out["streamed_tokens_per_answer"] = statistics.mean(toks) if toks else None
    prompt = [r["stats"]["prompt_tokens_est"] for r in rows if "prompt_tokens_est" in r["stats"]]
    out["prompt_tokens_est"] = {"p50": _p(prompt, 50), "max": max(prompt, default=None)}
    return out


def _fmt(v: Any) -> str:
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def report(name: str, s: dict[str, Any]) -> str:
    lines = [f"## {name} (n={s['n']})", "| metric | ja | en | all |", "|---|---:|---:|---:|"]
    lines += [f"| {m} | {_fmt(s['ja'][m])} | {_fmt(s['en'][m])} | {_fmt(s['all'][m])} |"
              for m in SHOWN]
    for key in ("verified_cited_rate", "llm_answered", "fallbacks", "fallback_reasons",
                "model_text_accuracy_of_llm_answers", "llm_answers_with_flag",
                "llm_answers_with_attributed_citation", "ttft_s", "latency_s",
                "streamed_tokens_per_answer", "prompt_tokens_est"):
        value = s[key]
        if isinstance(value, dict):
            value = ", ".join(f"{k} {_fmt(v)}" for k, v in value.items())
        lines.append(f"- {key}: {_fmt(value)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.llm_bench",
                                     description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--base-url", help="an OpenAI-compatible (or Ollama) server")
    parser.add_argument("--model", help="the model name the server knows (its alias)")
    parser.add_argument("--provider", default="openai", choices=["openai", "ollama"])
    parser.add_argument("--serve", choices=["0.5b", "1.5b"], help="start a llama.cpp server")
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--sample", type=int, default=40, help="cases (0 = the whole set)")
    parser.add_argument("--data-dir", type=Path, help="an existing index (else one is built)")
    parser.add_argument("--timeout", type=float, default=120.0, help="whole-answer deadline (s)")
    parser.add_argument("--out", type=Path, help="write summary.json and cases.jsonl here")
    parser.add_argument("--no-extractive", action="store_true", help="skip the comparison run")
    args = parser.parse_args(argv)
    if not args.serve and not (args.base_url and args.model):
        parser.error("give --base-url and --model, or --serve 0.5b|1.5b")
    cases = sample(load_dataset(args.dataset), args.sample)
    settings = Settings(llm_deadline_s=args.timeout, llm_first_token_s=args.timeout)
    if args.data_dir:
        settings = settings.model_copy(update={"data_dir": args.data_dir})
    else:
        from ingest.pipeline import ingest

        data = Path(tempfile.mkdtemp(prefix="llm-bench-index-"))
        settings = settings.model_copy(update={"data_dir": data})
        ingest(settings)
    server = None
    if args.serve:
        from benchmarks.llm_server import LlamaServer

        # no RAM prompt cache: llama.cpp reuses the shared prefix anyway, and the cache grew to
        # 12 GB RSS here
        server = LlamaServer(args.serve, n_ctx=2048)
        args.base_url, args.model = server.start(), server.spec.alias
    try:
        llm = f"{args.provider}/{args.model}"
        settings = settings.model_copy(update={"llm_base_url": args.base_url})
        results = {llm: summarize(rows := run(settings, cases, llm))}
        if not args.no_extractive:
            results["extractive"] = summarize(run(settings, cases, "extractive"))
    finally:
        if server is not None:
            server.stop()
    print(f"dataset {args.dataset.name}, {len(cases)} cases, server {args.base_url}")
    for name, s in results.items():
        print(report(name, s) + "\n")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "summary.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
        with (args.out / "cases.jsonl").open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps({k: v for k, v in r.items() if k != "record"},
                                    ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
