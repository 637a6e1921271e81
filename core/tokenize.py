"""The tokenizer: Sudachi content words for Japanese, light-stemmed words for English.

One tokenizer for BM25, line scoring, refusal and quiz checks, so every part of the
tutor agrees on what a "word" of the notes is. Sudachi handles are per thread (they are
not thread-safe) and load lazily, never at import.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from core.text import normalize

_KEEP_POS = {"名詞", "動詞", "形容詞", "形状詞", "副詞", "接頭辞", "記号"}
_STOP_JA = {"する", "ある", "いる", "なる", "できる", "れる", "られる", "こと", "もの", "ため",
            "よう", "場合", "など", "事", "的", "等", "おく", "*"}
_STOP_EN = {"the", "a", "an", "is", "are", "was", "be", "of", "in", "on", "to", "for", "and",
            "or", "with", "by", "what", "which", "how", "does", "do", "can", "it", "its", "that",
            "this", "as", "at", "from", "many", "much", "about", "there", "when", "i", "you",
            "my", "your", "me", "should", "would", "will", "into", "if", "than", "then", "per"}
_LATIN = re.compile(r"[a-z0-9][a-z0-9.\-_]*")
_local = threading.local()


def _tokenizer():  # noqa: ANN202 - Sudachi handle, one per thread (it is not thread-safe)
    tok = getattr(_local, "tok", None)
    if tok is None:
        from sudachipy import Dictionary, SplitMode

        tok = (Dictionary(dict="core").create(), SplitMode.B)
        _local.tok = tok
    return tok


def stem(word: str) -> str:
    """Crude English stemming; enough to match 'queues'/'queue', 'retries'/'retry'."""
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: len(word) - len(suffix)] + repl
    return word


@lru_cache(maxsize=4096)
def _tokenize_cached(text: str) -> tuple[str, ...]:
    tok, mode = _tokenizer()
    out: list[str] = []
    for m in tok.tokenize(normalize(text).lower(), mode):
        surface = m.surface().strip()
        if not surface:
            continue
        if _LATIN.fullmatch(surface):
            if surface not in _STOP_EN and len(surface) > 1 or surface.isdigit():
                out.append(stem(surface.strip(".-_")))
            continue
        pos = m.part_of_speech()[0]
        if pos not in _KEEP_POS or pos == "記号" and not surface.isalnum():
            continue
        form = m.normalized_form()
        if form in _STOP_JA or surface in _STOP_JA:
            continue
        out.append(form)
    return tuple(out)


def tokenize(text: str) -> list[str]:
    """Content tokens of mixed Japanese/English text, in order."""
    return list(_tokenize_cached(text))
