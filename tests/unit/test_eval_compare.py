"""The benchmark's scaffolding: heading mapping for splitter chunks and the ratio table."""

from __future__ import annotations

from pathlib import Path

from benchmarks.baseline_pipeline import heading_at
from benchmarks.compare import ratio, render_markdown, row
from evals.dataset import EvalCase
from evals.record import CaseRecord, CitedChunk

DOC = """# Developer associate
intro
## アプリケーション統合
### Amazon Simple Queue Service (Amazon SQS)
- 最大14日間キューにデータを保存する
```bash
# not a heading
aws sqs list-queues
```
after code
## コンピューティング
### AWS Lambda
- body
"""


def test_heading_at_builds_the_path_and_skips_code_fences() -> None:
    sqs = "Developer associate > アプリケーション統合 > Amazon Simple Queue Service (Amazon SQS)"
    assert heading_at(DOC, 0) == "Developer associate"
    assert heading_at(DOC, DOC.index("最大")) == sqs
    assert heading_at(DOC, DOC.index("after code")) == sqs
    assert (
        heading_at(DOC, DOC.index("- body"))
        == "Developer associate > コンピューティング > AWS Lambda"
    )
    assert heading_at(DOC, DOC.index("### AWS Lambda")) == (
        "Developer associate > コンピューティング > AWS Lambda"
    )


def test_row_scores_worker_records_with_the_eval_metrics() -> None:
    case = EvalCase(id="q", lang="ja", question="q", reference="r",
                    must_include=[r"14\s*日"], sources=["Amazon SQS"])  # fmt: skip
    hit = CaseRecord(case=case, answer="最大14日間", retrieved=["x", "Amazon SQS"],
                     citations=[CitedChunk(heading="Amazon SQS")], latency_ms=10.0)  # fmt: skip
    result = {"records": [hit.model_dump(mode="json")], "cold_start_s": 1.5, "peak_rss_mb": 300.0}
    values = row(result)
    assert values["answer_accuracy"] == 1.0
    assert values["hit@1"] == 0.0
    assert values["citation_accuracy"] == 1.0
    assert values["latency_p50_ms"] == 10.0
    assert values["cold_start_s"] == 1.5
    assert values["index_build_s"] is None


def test_ratio_and_markdown() -> None:
    assert ratio(0.9, 0.3) == "3.00×"
    assert ratio(0.5, 0.0) == "—"
    assert ratio(None, 1.0) == "—"
    rows = {"baseline": {"answer_accuracy": 0.2, "peak_rss_mb": 900.0},
            "e5": {"answer_accuracy": 0.3, "peak_rss_mb": 800.0},
            "ours": {"answer_accuracy": 0.9, "peak_rss_mb": 400.0}}
    md = render_markdown(rows, Path("dva.jsonl"), Path("corpus"), 2)
    assert "| answer accuracy | 0.200 | 0.300 | 0.900 | 3.00× |" in md
    assert "| peak RSS MB | 900 | 800 | 400 | 0.50× |" in md
    assert "| hit@1 | — | — | — | — |" in md
