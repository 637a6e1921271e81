"""Reliability (issue 14), fast: the real ingest pipeline and Chroma on hand-written notes
with the deterministic hash embedder. Each test reproduces a failure seen before the fix:
lost updates between writers, an empty index taken for a good one, a rebuild that left
the app without its index, a stream that never ended, live HTML in the chat."""

from __future__ import annotations

import os
import random
import threading
import time
from pathlib import Path

import pytest
from notes_kit import NOTES_EN, NOTES_JA, HashEmbedder

from core.settings import Settings

TRIALS = int(os.environ.get("TUTOR_FAULT_TRIALS", "4"))  # `make faults` runs 20 and more


@pytest.fixture
def hashed(tmp_path: Path) -> Settings:
    """Settings for a small corpus indexed with the hash embedder (no model)."""
    from ingest import embed

    embed._CACHE["test/hash"] = HashEmbedder()
    embed._CACHE["test/hash-aux"] = HashEmbedder()  # the second embedder's path, no model
    corpus = tmp_path / "notes"
    corpus.mkdir()
    (corpus / "memo.ja.md").write_text(NOTES_JA, encoding="utf-8")
    (corpus / "serverless.en.md").write_text(NOTES_EN, encoding="utf-8")
    return Settings(data_dir=tmp_path / "hashed-data", corpus_dir=corpus, embedder="test/hash",
                    aux_embedder="test/hash-aux")


def _note(path: Path, topic: str) -> Path:
    path.write_text(f"# {topic}\n\n## {topic} settings\n\n- {topic} default is 42 seconds\n",
                    encoding="utf-8")
    return path


def test_concurrent_ingests_lose_no_update(hashed: Settings, tmp_path: Path) -> None:
    """Two writers at once with random start offsets, TRIALS times: before the lock, both
    read the manifest, and the second commit dropped the first one's file."""
    from ingest.pipeline import ingest
    from ingest.store import load_chunks, open_collection, read_manifest

    ingest(hashed)
    rng = random.Random(14)
    lost = 0
    for trial in range(TRIALS):
        paths = [_note(hashed.corpus_dir / f"alpha{trial}.md", f"Alpha{trial}"),
                 _note(tmp_path / f"beta{trial}.md", f"Beta{trial}")]
        errors: list[BaseException] = []

        def run(path: Path, delay: float, errors: list[BaseException]) -> None:
            time.sleep(delay)
            try:
                ingest(hashed, [path])
            except BaseException as exc:  # noqa: BLE001 - asserted below
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(p, rng.uniform(0, 0.05), errors))
                   for p in paths]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors
        files = read_manifest(open_collection(hashed)).files
        sources = {c.source for c in load_chunks(hashed)}
        lost += sum(p.name not in files or p.name not in sources for p in paths)
    assert lost == 0, f"{lost} lost updates in {TRIALS} trials"


def test_manifest_commit_is_compare_and_swap(hashed: Settings) -> None:
    from ingest.pipeline import ingest
    from ingest.store import (
        ConcurrentUpdateError,
        client,
        open_collection,
        read_manifest,
        write_manifest,
    )

    ingest(hashed)
    cl = client(hashed)
    mine, theirs = (read_manifest(open_collection(hashed, cl=cl)) for _ in range(2))
    write_manifest(open_collection(hashed, cl=cl), theirs, cl)
    mine.files["mine.md"] = "x"
    with pytest.raises(ConcurrentUpdateError):
        write_manifest(open_collection(hashed, cl=cl), mine, cl)
    assert "mine.md" not in read_manifest(open_collection(hashed, cl=cl)).files


def test_lock_names_its_owner_times_out_and_ignores_a_dead_one(hashed: Settings) -> None:
    from ingest.lock import IndexBusyError, IngestLock, lock_owner, lock_path

    said: list[str] = []
    with IngestLock(hashed):
        assert lock_owner(hashed)["pid"] == str(os.getpid())
        with pytest.raises(IndexBusyError), IngestLock(hashed, timeout_s=0.3, on_wait=said.append):
            pass
    assert said and f"PID {os.getpid()}" in said[0]
    assert lock_owner(hashed) is None  # released
    import socket

    lock_path(hashed).write_text(f"999999999 {socket.gethostname()} 0\n")  # a killed holder
    assert lock_owner(hashed) is None
    with IngestLock(hashed, timeout_s=0.5):  # the kernel released its flock: no wait
        pass


def test_interrupted_first_ingest_is_missing_until_finished(hashed: Settings) -> None:
    from ingest.pipeline import ingest
    from ingest.store import IndexIncompleteError, open_collection

    def stop(*_: object) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest(hashed, progress=stop)
    with pytest.raises(IndexIncompleteError, match="tutor ingest"):
        open_collection(hashed)
    report = ingest(hashed)
    assert report.total_chunks > 3
    open_collection(hashed)


def test_empty_corpus_is_not_an_index(hashed: Settings, tmp_path: Path) -> None:
    from ingest.pipeline import ingest
    from ingest.store import IndexIncompleteError, open_collection

    empty = tmp_path / "nothing"
    empty.mkdir()
    ingest(hashed.model_copy(update={"corpus_dir": empty}))
    with pytest.raises(IndexIncompleteError, match="no notes"):
        open_collection(hashed)


def test_rebuild_swaps_generations_and_the_app_reloads(hashed: Settings) -> None:
    """A rebuild used to drop the live collection first; now it builds beside it, and
    get_tutor moves to the new generation between requests without failing one."""
    from ingest.pipeline import ingest
    from ingest.store import client, generations, live_name
    from tutor.chain import get_tutor, reset_tutors

    reset_tutors()
    fast = hashed.model_copy(update={"reload_check_s": 0.0})
    ingest(fast)
    before = get_tutor(fast)
    old_name = before.index.name
    report = ingest(fast, rebuild=True)
    assert report.embeddings_computed == 0  # same embedder: vectors copied, not recomputed
    assert report.aux_embeddings == 0  # the second embedder's too
    new_name = live_name(fast)
    assert new_name != old_name and set(generations(fast)) == {new_name}
    left = {c if isinstance(c, str) else c.name for c in client(fast).list_collections()}
    assert not {n for n in left if n == old_name or n.startswith(f"{old_name}_")}  # its vectors too
    assert before.answer("What is the X-Ray daemon port?").citations  # in memory, still fine
    deadline = time.monotonic() + 20
    while get_tutor(fast).index.name != new_name:
        assert time.monotonic() < deadline, "the app never picked up the rebuilt index"
        time.sleep(0.05)
    assert get_tutor(fast).answer("What is the X-Ray daemon port?").citations
    reset_tutors()


def test_app_notices_an_ingest_from_another_writer(hashed: Settings, tmp_path: Path) -> None:
    from ingest.pipeline import ingest
    from tutor.chain import get_tutor, reset_tutors

    reset_tutors()
    fast = hashed.model_copy(update={"reload_check_s": 0.0})
    ingest(fast)
    version = get_tutor(fast).index.version
    ingest(fast, [_note(tmp_path / "kinesis.md", "Kinesis")])
    deadline = time.monotonic() + 20
    while get_tutor(fast).index.version == version:
        assert time.monotonic() < deadline, "the app kept the old index"
        time.sleep(0.05)
    assert any(c.source == "kinesis.md" for c in get_tutor(fast).index.chunks)
    reset_tutors()


def test_bounded_stream_gives_up_on_keepalives() -> None:
    """A stream that keeps sending empty keep-alives never ends by itself."""
    from tutor.answerers.deadline import AnswerTimeout, bounded

    def endless(token: str):  # noqa: ANN202 - a stream that sends ``token`` forever
        def stream():  # noqa: ANN202
            while True:
                time.sleep(0.05)
                yield token
        return stream

    t0 = time.monotonic()
    with pytest.raises(AnswerTimeout, match="no answer"):  # empty keep-alives
        list(bounded(endless(""), first_s=0.3, deadline=time.monotonic() + 5))
    assert time.monotonic() - t0 < 1.0

    t0 = time.monotonic()
    with pytest.raises(AnswerTimeout, match="deadline"):  # a trickle of text
        list(bounded(endless("x"), first_s=0.3, deadline=time.monotonic() + 0.6))
    assert time.monotonic() - t0 < 1.2
    assert list(bounded(lambda: iter(["a", "b"]), 1, time.monotonic() + 1)) == ["a", "b"]


def test_chat_output_escapes_html_but_keeps_markdown() -> None:
    from core.models import Answer
    from tutor.web.render import render_answer, safe_markdown

    evil = '<img src=x onerror="fetch(1)"> **bold** `<code>`'
    out = safe_markdown(evil)
    assert "<img" not in out and "&lt;img" in out and "**bold**" in out and "`<code>`" in out
    ans = Answer(question="q", language="en", answer=f"- {evil} [1]",
                 notices=["<script>x</script>"], flagged_sentences=["It is <b>45</b> s."],
                 removed=2)
    html = render_answer(ans, None, "en")
    assert "<img" not in html and "<script>" not in html and "<b>45" not in html
    assert "Not supported by the cited notes" in html and "2 citation(s)" in html


def test_jmdict_lookups_work_from_any_thread() -> None:
    """The shared JMdict handle refused other threads, and the error was swallowed into
    "no gloss": web workers silently lost the bilingual bridge."""
    from core import bridge

    if bridge._jmdict() is None:
        pytest.skip("jamdict not installed")
    bridge.glosses.cache_clear()
    here = bridge.glosses("タイムアウト")
    bridge.glosses.cache_clear()
    there: list[tuple[str, ...]] = []
    worker = threading.Thread(target=lambda: there.append(bridge.glosses("タイムアウト")))
    worker.start()
    worker.join()
    assert here and there == [here]


def test_the_second_embedders_vectors_are_kept_beside_the_index(hashed: Settings) -> None:
    """Aux line vectors: stored at ingest, reused when nothing changed, optional at load,
    and redone from scratch when another second embedder is configured."""
    from ingest import embed
    from ingest.pipeline import ingest
    from tutor.retrieve import Index

    ingest(hashed)
    index = Index.load(hashed)
    assert index.aux_matrix is not None and index.aux_matrix.shape[0] == len(index.units)
    again = ingest(hashed)
    assert again.embeddings_computed == 0 and again.aux_embeddings == 0  # nothing changed
    assert Index.load(hashed.model_copy(update={"aux_embedder": ""})).aux_matrix is None
    embed._CACHE["test/hash-aux2"] = HashEmbedder()
    other = hashed.model_copy(update={"aux_embedder": "test/hash-aux2"})
    assert Index.load(other).aux_matrix is None  # not current for this embedder yet
    redo = ingest(other)
    assert redo.embeddings_computed == 0 and redo.aux_embeddings == len({u.key for u in index.units})
    assert Index.load(other).aux_matrix is not None


def test_the_ingest_report_tells_the_second_embedders_work(hashed: Settings) -> None:
    from ingest.pipeline import ingest

    report = ingest(hashed)
    assert report.aux_embeddings > 0
    assert any("Second embedder" in line for line in report.describe("en"))
    assert not any("Second embedder" in line for line in ingest(hashed).describe("en"))
