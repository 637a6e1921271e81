"""The data that flows between pipeline stages: chunks in, answers and citations out."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Lang = Literal["ja", "en"]


class Chunk(BaseModel):
    """One indexed piece of a document, small enough to cite precisely."""

    id: str
    text: str  # starts with the heading path, then the body
    source: str  # path relative to the corpus root, e.g. "notes/dva-notes.ja.md"
    heading: str  # heading path joined by " > "
    page: int | None = None  # 1-based PDF page, None elsewhere
    lang: Lang = "ja"
    chunk_index: int = 0
    content_hash: str = ""
    services: list[str] = Field(default_factory=list)  # e.g. ["SQS"]
    domains: list[int] = Field(default_factory=list)  # DVA-C02 domains 1-4
    title: str = ""  # the file's title (a lone H1 is not part of heading paths)

    @property
    def body(self) -> str:
        """The text without its heading-path first line."""
        first, _, rest = self.text.partition("\n")
        return rest if first == self.heading else self.text


class ScoredChunk(BaseModel):
    chunk: Chunk
    score: float  # fused RRF score
    dense: float | None = None  # cosine similarity, when the dense retriever found it
    bm25: float | None = None


class Citation(BaseModel):
    n: int
    source: str
    heading: str
    page: int | None = None
    text: str
    quotes: list[str] = Field(default_factory=list)  # the lines quoted from this passage

    @property
    def label(self) -> str:
        """``notes/x.md › Heading > Sub (› p.3)``: the file always, so two files' "X-Ray"
        sections are told apart."""
        page = f" › p.{self.page}" if self.page else ""
        return f"{self.source} › {self.heading}{page}"

    @property
    def numbered(self) -> str:
        return f"[{self.n}] {self.label}"


class Quote(BaseModel):
    """One quoted line of the notes, in the order the answer shows them."""

    text: str
    n: int  # citation number
    parent: str = ""  # the bullet it sits under, for context
    role: Literal["lead", "support", "more"] = "support"
    items: list[str] = Field(default_factory=list)  # a list's items, quoted with their label
    gloss: str = ""  # English names of its terms, for English questions over Japanese notes


class Side(BaseModel):
    """One side of a comparison question: the term as asked, and the tokens that name it
    in the notes' words, both languages (so English questions match Japanese lines)."""

    term: str
    forms: list[str] = Field(default_factory=list)


class Answer(BaseModel):
    question: str
    language: Lang
    answer: str
    refused: bool = False
    citations: list[Citation] = Field(default_factory=list)
    backend: str = "extractive"
    quotes: list[Quote] = Field(default_factory=list)  # extractive answers: what is quoted
    flagged: int = 0  # sentences no retrieved passage supports
    flagged_sentences: list[str] = Field(default_factory=list)
    removed: int = 0  # citations [n] that pointed at no retrieved chunk
    notices: list[str] = Field(default_factory=list)  # language, backend fallback, ...
    standalone_question: str | None = None  # the follow-up condensed with history
    compared: list[Side] = Field(default_factory=list)  # "A vs B" questions: the two sides
    retrieved: list[str] = Field(default_factory=list)  # heading paths, rank order
    retrieved_sources: list[str] = Field(default_factory=list)  # their source paths
    timings_ms: dict[str, float] = Field(default_factory=dict)
    backend_stats: dict[str, float] = Field(default_factory=dict)  # LLM: ttft, tokens, ...
