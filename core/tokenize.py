"""The tokenizer: Sudachi content words for Japanese, Snowball-stemmed words for English.

One tokenizer for BM25, line scoring, refusal and quiz checks, so every part of the
tutor agrees on what a "word" of the notes is. Sudachi handles are per thread (they are
not thread-safe) and load lazily, never at import.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from core.text import normalize

_KEEP_POS = {"名詞", "動詞", "形容詞", "形状詞", "副詞", "接頭辞", "記号"}
_STOP_JA = {"する", "ある", "いる", "なる", "できる", "れる", "られる", "こと", "もの", "ため",
            "よう", "場合", "など", "事", "的", "等", "おく", "*"}
_STOP_EN = {"the", "a", "an", "is", "are", "was", "be", "of", "in", "on", "to", "for", "and",
            "or", "with", "by", "what", "which", "how", "does", "do", "can", "it", "its", "that",
            "this", "as", "at", "from", "many", "much", "about", "there", "when", "i", "you",
            "my", "your", "me", "should", "would", "will", "into", "if", "than", "then", "per",
            # what is left of a negated auxiliary once the apostrophe splits it off
            "isn", "aren", "wasn", "weren", "doesn", "don", "didn", "hasn", "haven", "hadn",
            "couldn", "wouldn", "shouldn", "won", "ca"}
_LATIN = re.compile(r"[a-z0-9][a-z0-9.\-_]*")
_CONTRACTION = re.compile(r"([a-z0-9]+)['’][a-z]{1,2}")
# an API or type name written in CamelCase ("GenerateDataKey", "StreamViewType")
_CAMEL = re.compile(r"\b[A-Za-z][a-z0-9]*(?:[A-Z][a-z0-9]+)+[A-Z]?\b")
_CAMEL_PART = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
_local = threading.local()


def _tokenizer():  # noqa: ANN202 - Sudachi handle, one per thread (it is not thread-safe)
    tok = getattr(_local, "tok", None)
    if tok is None:
        from sudachipy import Dictionary, SplitMode

        tok = (Dictionary(dict="core").create(), SplitMode.B)
        _local.tok = tok
    return tok


@lru_cache(maxsize=1)
def _stemmer():  # noqa: ANN202 - snowballstemmer handle
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Porter2 (Snowball) stem: visibility/visible -> visibl, queues -> queue."""
    return _stemmer().stemWord(word) if len(word) > 3 and word.isalpha() else word


@dataclass(frozen=True)
class Morpheme:
    surface: str
    form: str  # the token BM25 and the line scorer see ('' when not a content word)


_ACRONYM_PLURAL = re.compile(r"\b[A-Z]{2,}[0-9]?s\b")


@lru_cache(maxsize=8192)
def morphemes(text: str) -> tuple[Morpheme, ...]:
    """Every morpheme in order, content words carrying their token (for phrase lookups)."""
    tok, mode = _tokenizer()
    out: list[Morpheme] = []
    text = normalize(text)
    # an acronym's plural ("GSIs", "ARNs") is the acronym: the stemmer keeps "gsis"
    plurals = {m.group(0).lower() for m in _ACRONYM_PLURAL.finditer(text[:20000])}
    for m in _parsed(tok, mode, text.lower()[:20000]):
        surface = m.surface().strip()
        if not surface:
            continue
        if surface in plurals:
            out.append(Morpheme(surface, _latin_form(surface[:-1])))
            continue
        if " " in surface and surface.isascii():
            # an English phrase Sudachi knows as one word ("can you" read as キャンニュ,
            # "of course"): its words count one by one, as English
            out.extend(Morpheme(w, _latin_form(w)) for w in surface.split())
            continue
        out.append(Morpheme(surface, _form(m, surface)))
    return tuple(out)


def _parsed(tok, mode, text: str) -> list:  # noqa: ANN001 - Sudachi handles and morphemes
    """Sudachi's morphemes, with one misreading of colloquial questions undone: before
    "って" (the spoken topic marker) a noun's last kanji is read as a verb ("の上限って"
    as 上 + 限っ(限る) + て). Where the text read with "は" in place of "って" puts one
    noun over that span (上限), that reading stands."""
    ms = list(tok.tokenize(text, mode))
    out: list = []
    i = 0
    while i < len(ms):
        m = ms[i]
        if i + 1 < len(ms) and ms[i + 1].surface() == "て" and m.surface().endswith("っ") \
                and m.part_of_speech()[0] == "動詞":
            cut = m.end() - 1
            alt = list(tok.tokenize(text[:cut] + "は" + text[ms[i + 1].end():], mode))
            noun = next((a for a in alt if a.end() == cut), None)
            keep = [o for o in out if o.end() <= (noun.begin() if noun else 0)]
            if noun is not None and noun.begin() < m.begin() \
                    and noun.part_of_speech()[0] == "名詞" \
                    and (not keep or keep[-1].end() == noun.begin()):
                particle = next(a for a in alt if a.begin() == cut)  # the は
                out = [*keep, noun, _Particle("って", particle)]
                i += 2
                continue
        out.append(m)
        i += 1
    return out


class _Particle:
    """A particle standing in for a morpheme re-read above (its surface is the text's)."""

    def __init__(self, surface: str, like) -> None:  # noqa: ANN001 - a Sudachi morpheme
        self._surface, self._like = surface, like

    def surface(self) -> str:
        return self._surface

    def part_of_speech(self):  # noqa: ANN201
        return self._like.part_of_speech()

    def normalized_form(self) -> str:
        return self._surface


def _latin_form(surface: str) -> str:
    """An English word's token: stemmed, '' for a stop word. Sudachi knows a few
    contractions as words of their own ("what's" read as ホワッツ): the word before the
    apostrophe is what counts ("lambda's" -> lambda)."""
    base = _CONTRACTION.fullmatch(surface)
    if base:
        surface = base.group(1)
    if not _LATIN.fullmatch(surface):
        return ""
    if surface not in _STOP_EN and len(surface) > 1 or surface.isdigit():
        word = surface.strip(".-_")
        stemmed = stem(abbreviations().get(word, word))
        return "" if stemmed in _STOP_EN else stemmed  # "whats" -> what
    return ""


def _form(m, surface: str) -> str:  # noqa: ANN001 - a Sudachi morpheme
    if _LATIN.fullmatch(surface) or _CONTRACTION.fullmatch(surface):
        return _latin_form(surface)
    pos = m.part_of_speech()[0]
    if pos not in _KEEP_POS or pos == "記号" and not surface.isalnum():
        return ""
    form = m.normalized_form()
    return "" if form in _STOP_JA or surface in _STOP_JA else form


def tokenize(text: str) -> list[str]:
    """Content tokens of mixed Japanese/English text, in order; a CamelCase name also
    gives its words ("StreamViewType" -> streamviewtyp, stream, view, type), so a
    question that says "view type" or "例外" (exception) reaches it."""
    tokens = [m.form for m in morphemes(text) if m.form]
    for name in _CAMEL.findall(text[:20000]):
        if _ACRONYM_PLURAL.fullmatch(name):  # "IDs" is no CamelCase name
            continue
        tokens.extend(p for p in (stem(w.lower()) for w in _CAMEL_PART.findall(name))
                      if p not in _STOP_EN and (len(p) > 1 or p.isdigit()))
    return tokens


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    """Short forms read as the word they stand for ("async" -> asynchronous):
    ``core/data/abbreviations.json``."""
    import json
    from importlib import resources

    data = json.loads(resources.files("core.data").joinpath("abbreviations.json")
                      .read_text("utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def _question_data() -> dict:
    """``core/data/question_words.json`` (each reader of it is cached)."""
    import json
    from importlib import resources

    return json.loads(resources.files("core.data").joinpath("question_words.json")
                      .read_text("utf-8"))


@lru_cache(maxsize=1)
def question_words() -> frozenset[str]:
    """Tokens that frame a question rather than name its subject (how, 違い, 教える):
    ``core/data/question_words.json``, in ``tokenize``'s forms."""
    data = _question_data()
    return frozenset(data["ja"]) | frozenset(data["en"])


@lru_cache(maxsize=1)
def attribute_words() -> frozenset[str]:
    """Tokens that ask for an attribute of whatever was asked about (default, 上限, 料金):
    a question of these alone names no subject of its own (``question_words.json``)."""
    data = _question_data()["attributes"]
    return frozenset(data["ja"]) | frozenset(data["en"])
