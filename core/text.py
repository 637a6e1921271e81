"""The text kit shared by ingest and tutor: normalising, comparing, languages, sentences.

One normaliser (``normalize``: NFKC, so １つ and 1つ are one number) and one comparison
key built on it (``fold``), used wherever two texts are compared: answer grading,
de-duplication, citation checks.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

_KANA = re.compile(r"[\u3040-\u30ff]")
HAS_JA = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")  # kana or kanji: Japanese is written here
HIRAGANA = re.compile(r"[\u3041-\u309f]")  # grammar (particles, verb endings), not names
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

# hyphens, dashes and the long-vowel mark written in their many look-alike forms
_DASHES = re.compile(r"[\u2010-\u2015\u2212\u30fc\uff0d\uff70~〜・_\-]")
_IGNORED = re.compile(r"[\s`*_。、,.，．・「」『』\"'()（）\[\]【】:：;；!?！？]")


def normalize(text: str) -> str:
    """NFKC: full-width digits and letters fold to ASCII (１つ -> 1つ), so numbers match."""
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Comparison key: NFKC, case, width, spaces, hyphens and long-vowel marks ignored.

    "All-at-once", "all at once" and "ALL AT ONCE" fold alike; so do サーバー and サーバ.
    """
    text = normalize(text).casefold()
    text = re.sub(r"(?<=[\u30a0-\u30ff])ー", "", text)  # サーバー == サーバ
    text = _DASHES.sub("", text)
    return _IGNORED.sub("", text)


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


def text_lang(text: str) -> str:
    """'ja' or 'en' for a passage of notes: kana or kanji make it Japanese."""
    return "ja" if _KANA.search(text) or _CJK.search(text) else "en"


def split_sentences(text: str) -> list[str]:
    """Split on Japanese and English sentence ends, never inside a sentence."""
    parts = [p.strip() for p in _SENTENCE_END.split(text)]
    return [p for p in parts if p]


def join_wrapped(lines: list[str], layout: bool = False,
                 one_word: Callable[[str, str], bool] | None = None) -> str:
    """Re-join layout lines of one paragraph: no space inside Japanese, one in English.

    ``layout``: the rows come from a page layout (PDF), where Japanese wraps anywhere, so a
    Latin word may be cut at a row's end ("Secre" + "ts") and a space between two words
    may fall on the break ("CloudWatch" + "Logs"); in a mostly Japanese paragraph
    ``one_word(left, right)`` tells the two apart (English rows wrap at spaces).
    """
    rows = [ln.strip() for ln in lines if ln.strip()]
    ja_layout = layout and _char_wrapped("".join(rows))
    out = ""
    for line in rows:
        if out and not (_is_cjk(out[-1]) or _is_cjk(line[0])) and not out.endswith("-"):
            if not ja_layout:
                out += " "
            elif one_word is not None and (left := _LATIN_END.search(out)) \
                    and (right := _LATIN_START.match(line)):
                out += "" if one_word(left.group(), right.group()) else " "
        out += line
    return out


_LATIN_END = re.compile(r"[A-Za-z]+$")
_LATIN_START = re.compile(r"[A-Za-z]+")


def _char_wrapped(line: str) -> bool:
    """A row of mostly Japanese text (wrapped by character, not at spaces)."""
    letters = [ch for ch in line if not ch.isspace()]
    return bool(letters) and sum(_is_cjk(ch) for ch in letters) >= 0.3 * len(letters)


def _is_cjk(ch: str) -> bool:
    return bool(_KANA.match(ch) or _CJK.match(ch)) or "\u3000" <= ch <= "\u303f" or \
        "\uff00" <= ch <= "\uffef"
