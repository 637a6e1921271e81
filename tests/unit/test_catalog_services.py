"""Service names as learners write them: a name inside a longer name of another service
is that service ("Kinesis Data Firehose" is Firehose, not Kinesis), and a changed catalogue
changes the fingerprint the index's file hashes carry."""

from __future__ import annotations

import pytest

from core.catalog import services_in


@pytest.mark.parametrize(("text", "found"), [
    ("Kinesis Data Firehose のバッファサイズは？", ["Firehose"]),
    ("Firehose と Kinesis Data Streams の違い", ["Firehose", "Kinesis"]),
    ("What replaced CloudWatch Events?", ["EventBridge"]),
    ("IAM Identity Center or IAM users?", ["IAM Identity Center", "IAM"]),
    ("Kinesis Data Analytics is now Managed Service for Apache Flink",
     ["Managed Service for Apache Flink"]),
    ("EC2 Auto Scaling のクールダウン", ["Auto Scaling"]),
    ("DynamoDB の auto scaling", ["DynamoDB", "Auto Scaling"]),
    ("Lambda@Edge の制限", ["Lambda"]),
    ("APIGWのキャッシュTTL", ["API Gateway"]),  # learners' short forms
    ("DDB の GSI", ["DynamoDB"]),
])
def test_longest_name_wins(text: str, found: list[str]) -> None:
    assert services_in(text) == found


def test_catalogue_change_rehashes_files(tmp_path, monkeypatch) -> None:
    import ingest.pipeline as pipeline
    from core.settings import Settings

    note = tmp_path / "n.md"
    note.write_text("# SQS\n- 可視性タイムアウト\n", "utf-8")
    settings = Settings(corpus_dir=tmp_path, data_dir=tmp_path / "data")
    before = pipeline.file_hash(note, settings)
    assert pipeline.file_hash(note, settings) == before
    monkeypatch.setattr(pipeline, "catalog_version", lambda: "another")
    assert pipeline.file_hash(note, settings) != before
