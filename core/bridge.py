"""The bilingual bridge: which words of the notes a question's words stand for, in the
other language, learned from the notes' own vocabulary and a real dictionary (JMdict).

Nothing is hand-kept. Every Japanese term of the notes (single content words and short
compounds such as タイムアウト, which the tokenizer splits) is looked up in JMdict; its
English glosses, stemmed, link it to English question words ("timeout" -> タイム アウト)
and to English words of the notes (for Japanese questions over English notes). Two
Japanese words that share a gloss are weak synonyms (保持 ~ 保存 through "preservation").
A term of the notes that JMdict does not know bridges nothing: its meaning is left to
the multilingual embedder.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from core.text import HAS_JA
from core.tokenize import morphemes, question_words, tokenize

_GLOSS_SPLIT = re.compile(r"\s*\([^)]*\)\s*")
_GENERIC = {"thing", "someth", "person", "one", "do", "make", "be", "get", "have", "use", "go",
            "take", "put", "give", "way", "kind", "sort", "etc", "e.g", "mean", "state",
            "case", "time", "point", "part", "place", "abbr", "esp"}
MAX_SENSES = 3
MAX_ENTRIES = 5  # homographs looked through for a computing sense
_local = threading.local()


def _jmdict():  # noqa: ANN202 - a jamdict handle, or None when the package is missing
    """This thread's JMdict handle: its sqlite connection refuses other threads (a shared
    handle made every web worker's look-up fail, silently, into "no gloss")."""
    jam = getattr(_local, "jam", False)
    if jam is False:
        try:
            from jamdict import Jamdict

            jam = Jamdict()
            jam = jam if jam.ready else None
        except ImportError:
            jam = None
        _local.jam = jam
    return jam


def _entries(term: str) -> list:
    """JMdict entries for a Japanese term ([] without the dictionary or on any error)."""
    jam = _jmdict()
    if jam is None or not HAS_JA.search(term):
        return []
    try:
        return list(jam.lookup(term, lookup_chars=False, lookup_ne=False).entries)
    except Exception:  # a dictionary problem must never break a question
        return []


@lru_cache(maxsize=65536)
def glosses(term: str) -> tuple[str, ...]:
    """Stemmed English content words of the term's JMdict glosses (first senses only)."""
    entries = _entries(term)
    words: list[str] = []
    for n, entry in enumerate(entries[:MAX_ENTRIES]):
        forms = {k.text for k in entry.kanji_forms} | {k.text for k in entry.kana_forms}
        if term not in forms:
            continue
        for i, sense in enumerate(entry.senses):
            fields = set(getattr(sense, "field", None) or [])
            # the first senses of the first two entries, and a computing sense wherever
            # it is (キュー's "queue" is its third entry); never a billiard cue
            if fields & _OFF_FIELD or not ("computing" in fields or n < 2 and i < MAX_SENSES):
                continue
            for g in sense.gloss[:4]:
                text = _GLOSS_SPLIT.sub(" ", g.text).strip()
                if 0 < len(text.split()) <= 3:
                    words += [w.replace("-", "") for w in tokenize(text)]
    words += loan_origins(term)
    return tuple(w for w in dict.fromkeys(words) if w not in _GENERIC and len(w) > 2)


_KATAKANA = re.compile(r"[\u30a0-\u30ffー]+")


def _unidic():  # noqa: ANN202 - a fugashi tagger on UniDic, one per thread, or None
    tagger = getattr(_local, "unidic", False)
    if tagger is False:
        try:
            import fugashi

            tagger = fugashi.Tagger()
        except Exception:  # the package or its dictionary is missing: no loanword origins
            tagger = None
        _local.unidic = tagger
    return tagger


@lru_cache(maxsize=65536)
def loan_origins(term: str) -> tuple[str, ...]:
    """Stemmed English origins of a katakana loanword, from UniDic's lemmas
    (パーティション -> partition, ワークフロー -> work, flow, workflow)."""
    if not _KATAKANA.fullmatch(term):
        return ()
    tagger = _unidic()
    if tagger is None:
        return ()
    parts: list[str] = []
    for m in tagger(term):
        lemma = getattr(m.feature, "lemma", None) or ""
        origin = lemma.rpartition("-")[2] if "-" in lemma else ""
        if not re.fullmatch(r"[A-Za-z]+", origin):
            return ()  # one part without a known origin: the guess would be half a word
        parts.append(origin.lower())
    words = [*parts, "".join(parts)] if len(parts) > 1 else parts
    return tuple(dict.fromkeys(t for w in words for t in tokenize(w)))


# JMdict fields that never describe a term of software notes (キュー is not a billiard cue)
_OFF_FIELD = {"food, cooking", "sports", "music", "baseball", "sumo", "shogi", "go (game)",
              "mahjong", "golf", "botany", "zoology", "medicine", "anatomy", "biology",
              "Buddhism", "Shinto", "Christianity", "fashion", "card games", "horse racing",
              "martial arts", "kabuki", "noh", "cooking"}
_KANJI = re.compile(r"[\u4e00-\u9fff]")
_TERM_SCRIPT = re.compile(r"[\u4e00-\u9fff\u30a1-\u30fa]")  # kanji or katakana


@lru_cache(maxsize=65536)
def senses(term: str) -> tuple[tuple[str, tuple[str, ...], bool, tuple[str, ...]], ...]:
    """(display gloss, stemmed gloss words, is a computing sense, all its glosses) of the
    term's senses, in dictionary order (entries where the term is a common form first),
    without senses of unrelated fields."""
    def common(entry) -> bool:  # noqa: ANN001 - the term is a frequent form of this entry
        return any(k.text == term and k.pri for k in [*entry.kanji_forms, *entry.kana_forms])

    # 取得 is first a rare spelling of 取り柄 (worth), then the common word (acquisition)
    entries = sorted(_entries(term)[:3], key=lambda e: not common(e))
    out = []
    for entry in entries:
        forms = {k.text for k in entry.kanji_forms} | {k.text for k in entry.kana_forms}
        if term not in forms:
            continue
        for sense in entry.senses:
            fields = set(getattr(sense, "field", None) or [])
            if fields & _OFF_FIELD or not sense.gloss:
                continue
            names = tuple(_GLOSS_SPLIT.sub(" ", g.text).strip() for g in sense.gloss[:4])
            words = tuple(w.replace("-", "") for g in sense.gloss[:4] for w in tokenize(g.text))
            out.append((names[0], words, "computing" in fields, names))
    return tuple(out)


def gloss_text(term: str, question: frozenset[str] = frozenset(),
               vocab: frozenset[str] = frozenset()) -> str:
    """The English name a reader should see for ``term``, or "" when unsure.

    A sense named in the question wins; then a computing sense, or one whose own name
    the notes use in English; earlier senses before later ones. Only the sense's shown
    name counts as evidence: a sense that is a description ("box-shaped area containing
    clean water…" for 呼び出し) shares some word with any notes, and "carrying two bundles…"
    (振り分け) with a question about two versions: a description loses to any short name,
    whatever words it shares. A kanji term gets its best sense; a katakana word, whose
    first sense is often a homophone (ロール: roll, role), only one with evidence.
    """
    options = senses(term)
    if not options:
        return ""
    plain = _GENERIC | question_words()  # everyday words are no evidence for a sense
    scored = []
    for i, (first, words, comp, names) in enumerate(options):
        # the sense's name the question or the notes use (最大: "maximum", not "biggest")
        text = next((n for n in names if _all_in(n, question)), None) or next(
            (n for n in names if len(n.split()) <= 3 and _all_in(n, vocab)), first)
        # ("have" of 'something one just has to have' is not)
        evidence = 2.0 * bool((set(words) - plain) & question) + \
            1.0 * bool((set(tokenize(text)) - plain) & vocab)
        scored.append((evidence + 1.0 * comp - 0.3 * i - 3.5 * (len(text.split()) > 3), -i, text))
    best, _, text = max(scored)
    if best >= 0.9 or _KANJI.search(term):
        return text
    return ""


def _all_in(name: str, words: frozenset[str]) -> bool:
    """Every word of a gloss is one the reader uses ("basic ingredient" is not ベース's
    name for notes that say "basic")."""
    toks = set(tokenize(name))
    return bool(toks) and toks <= words


def ja_terms(text: str, max_len: int = 3) -> list[tuple[str, tuple[str, ...]]]:
    """(surface, tokens) of the Japanese words and short compounds of ``text``.

    A compound is up to ``max_len`` consecutive morphemes that start and end with a
    content word (可視+性, タイム+アウト); its tokens are what BM25 indexes for it.
    """
    ms = morphemes(text)
    out: list[tuple[str, tuple[str, ...]]] = []
    for i, first in enumerate(ms):
        if not first.form or not HAS_JA.search(first.surface):
            continue
        surface = ""
        for j in range(i, min(i + max_len, len(ms))):
            surface += ms[j].surface
            if not HAS_JA.search(ms[j].surface):
                break
            if ms[j].form or j > i:
                toks = tuple(m.form for m in ms[i:j + 1] if m.form)
                out.append((surface, toks))
    return out


@dataclass
class Bridge:
    """Links built from one index's vocabulary; query-time look-ups are dictionary reads."""

    en_to_ja: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)
    ja_to_en: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    en_vocab: set[str] = field(default_factory=set)  # English tokens of the notes
    ja_vocab: set[str] = field(default_factory=set)  # Japanese tokens of the notes
    en_pairs: set[tuple[str, str]] = field(default_factory=set)  # English tokens side by side

    @classmethod
    def build(cls, texts: Iterable[str]) -> Bridge:
        bridge = cls()
        seen: set[str] = set()
        for text in texts:
            words = tokenize(text)
            for tok in words:
                (bridge.ja_vocab if HAS_JA.search(tok) else bridge.en_vocab).add(tok)
            bridge.en_pairs.update((a, b) for a, b in zip(words, words[1:], strict=False)
                                   if not HAS_JA.search(a + b))
            for surface, toks in ja_terms(text):
                if surface in seen:
                    continue
                seen.add(surface)
                # a compound does not stand for a word one of its parts already means
                # ("message" is メッセージ, not メッセージタイマー)
                parts = {w for t in toks for w in glosses(t)} if len(toks) > 1 else set()
                for word in glosses(surface):
                    if word in parts:
                        continue
                    bridge.en_to_ja.setdefault(word, set()).add(toks)
                    bridge.ja_to_en.setdefault(toks, set()).add(word)
        return bridge

    def japanese_for(self, english_tokens: Iterable[str]) -> list[str]:
        """Japanese note tokens an English question's words stand for."""
        out: list[str] = []
        for w in english_tokens:
            for toks in sorted(self.en_to_ja.get(w, ())):
                out += [t for t in toks if t in self.ja_vocab]
        return list(dict.fromkeys(out))

    def english_for(self, text: str, skip: frozenset[str] = frozenset()) -> list[str]:
        """English note tokens a Japanese question's words stand for."""
        out: list[str] = []
        for surface, toks in ja_terms(text):
            if toks and all(t in skip for t in toks) or surface in skip:
                continue  # 何分 frames "how many minutes"; its senses are "anyhow", "some"
            out += [p for w in glosses(surface) for p in self.in_notes(w)]
        return list(dict.fromkeys(out))

    def in_notes(self, word: str) -> list[str]:
        """The English note tokens a gloss word is written as: itself, or the two words
        the notes write side by side for it (multithread: "multi-threaded")."""
        if word in self.en_vocab:
            return [word]
        for i in range(3, len(word) - 2):
            if (word[:i], word[i:]) in self.en_pairs:
                return [word[:i], word[i:]]
        return []

    def synonyms_for(self, text: str, skip: frozenset[str] = frozenset()) -> list[str]:
        """Japanese note tokens that share a gloss with the question's Japanese words."""
        out: list[str] = []
        for surface, toks in ja_terms(text):
            if all(t in self.ja_vocab or t in skip for t in toks) or surface in skip:
                continue  # the notes use this word itself, or it only frames the question
            for w in glosses(surface):
                for other in sorted(self.en_to_ja.get(w, ())):
                    out += [t for t in other if t in self.ja_vocab]
        return list(dict.fromkeys(out))

    def expand(self, question: str, lang: str, skip: frozenset[str] = frozenset()) -> list[str]:
        """The question's tokens in the notes' other language (and synonyms), for BM25;
        words in ``skip`` (those that only frame a question: 違い, difference) stay out."""
        if lang == "ja":
            return self.english_for(question, skip) + self.synonyms_for(question, skip)
        return self.japanese_for(t for t in tokenize(question) if t not in skip)

    def english_names(self, text: str, question: str = "", limit: int = 3) -> list[str]:
        """「用語」 term-style English names for a Japanese line's terms."""
        asked, vocab = frozenset(tokenize(question)), frozenset(self.en_vocab)
        out: list[str] = []
        for surface, _ in sorted(ja_terms(text), key=lambda t: -len(t[0])):
            if len(out) >= limit:
                break
            if not _TERM_SCRIPT.search(surface):
                continue  # a word in hiragana alone (あたり, しばらく) is grammar, not a term
            name = gloss_text(surface, asked, vocab)
            if name and len(surface) >= 2 and not any(surface in o for o in out):
                out.append(f"「{surface}」 {name}")
        return out

    def part_forms(self, text: str) -> dict[str, set[str]]:
        """English note words of the Japanese compounds of ``text``, lent to each part:
        タイムアウト, which the tokenizer splits into タイム and アウト, stands for "timeout"."""
        out: dict[str, set[str]] = {}
        for surface, toks in ja_terms(text):
            if len(toks) < 2:
                continue
            # only what the compound means beyond its parts (アクセスポイント lends nothing:
            # "access" is アクセス's own word, and ポイント must not stand for it)
            parts = {w for t in toks for w in glosses(t)}
            words = {w for w in glosses(surface) if w in self.en_vocab and w not in parts}
            for t in toks if words else ():
                out.setdefault(t, set()).update(words)
        return out

    def forms(self, token: str) -> set[str]:
        """A question token and the note tokens it can appear as (for support checks)."""
        if HAS_JA.search(token):
            return {token} | {p for w in glosses(token) for p in self.in_notes(w)}
        return {token} | set(self.japanese_for([token]))
