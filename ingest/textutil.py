"""Small text helpers shared by ingest and tutor: language, sentences, normalisation."""

from __future__ import annotations

import re
import unicodedata

_KANA = re.compile(r"[\u3040-\u30ff]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
_OTHER_SCRIPT = re.compile(r"[\u0400-\u04ff\u0600-\u06ff\u0e00-\u0e7f\u0900-\u097f]")
_SENTENCE_END = re.compile(r"(?<=[。！？!?])|(?<=[.])(?=\s)")
_LATIN_STOP = {
    "fr": {"le", "la", "les", "est", "quelle", "quel", "pour", "une", "des", "combien"},
    "es": {"el", "los", "las", "es", "cuál", "cual", "para", "una", "cuántos", "qué"},
    "de": {"der", "die", "das", "ist", "wie", "welche", "für", "eine", "und", "nicht"},
    "pt": {"o", "os", "qual", "para", "uma", "quantos", "não", "é"},
}
_EN_STOP = {"the", "is", "what", "how", "which", "of", "a", "an", "in", "for", "to", "does",
            "do", "can", "many", "much", "long", "are", "and", "on", "with", "by", "it"}
LANG_NAMES = {"zh": "Chinese", "ko": "Korean", "fr": "French", "es": "Spanish",
              "de": "German", "pt": "Portuguese", "other": "another language"}


def normalize(text: str) -> str:
    """NFKC folds full-width digits and letters (１つ -> 1つ) so numbers match."""
    return unicodedata.normalize("NFKC", text)


def detect_language(text: str) -> str:
    """'ja', 'en', or a code for another language the tutor will answer in English.

    Kana decides Japanese; CJK without kana is Chinese; Latin text is English unless
    another language's function words clearly outnumber English ones.
    """
    if _KANA.search(text):
        return "ja"
    if _HANGUL.search(text):
        return "ko"
    if _CJK.search(text):
        return "zh"
    if _OTHER_SCRIPT.search(text):
        return "other"
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    en = sum(w in _EN_STOP for w in words)
    best, best_n = "en", en
    for code, stops in _LATIN_STOP.items():
        n = sum(w in stops for w in words)
        if n > best_n and n >= 2:
            best, best_n = code, n
    return best


def split_sentences(text: str) -> list[str]:
    """Split on Japanese and English sentence ends, never inside a sentence."""
    parts = [p.strip() for p in _SENTENCE_END.split(text)]
    return [p for p in parts if p]
