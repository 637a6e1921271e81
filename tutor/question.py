"""The question: validated, and made self-contained when it is a follow-up.

A follow-up is condensed with the previous question only when it truly refers back
("そのデフォルト値は？", "And its maximum?") or is elliptical ("What about short
polling?"). A question that names a service stands on its own, whatever pronoun it
contains ("How long can a Lambda function run before it times out?" after an SQS
question is about Lambda); so does one naming any other topic the notes have a heading
or label for, unless it opens elliptically. A follow-up whose own words the notes never
use ("How do I bake a cake?", "Is it safe to eat raw eggs?" after a Kinesis question)
stands on its own too: carrying the previous question along would only hide that the notes
cannot answer it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from core.catalog import services_in
from core.settings import Settings
from core.text import detect_language
from core.tokenize import attribute_words, question_words, tokenize

History = list[dict[str, str]]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_JA_REFER = re.compile(r"^(その|それ|これ|あれ|そこ|この|あの|では|じゃあ|じゃ|他に|ほかに|逆に|"
                       r"それでは|なら|じゃ、|では、)|(それ|その|これ|この)(は|の|を|が|って)")
_EN_REFER = re.compile(r"^(and|what about|how about|and what|then|so)\b|"
                       r"\b(it|its|it's|they|them|their|that one|this one|those|these|same)\b",
                       re.I)
_ELLIPSIS = re.compile(r"^(what about|how about|and( what| how)?|then)\b|^(では|じゃあ|じゃ|なら|それなら)",
                       re.I)


class QuestionError(ValueError):
    """A question the tutor cannot take (empty, too long): a usage error."""


def clean_question(question: object, settings: Settings) -> str:
    """Strip control characters and undecodable bytes; refuse empty or oversized questions."""
    if not isinstance(question, str):
        raise QuestionError("The question must be text.")
    # a terminal in another encoding passes undecodable bytes through as surrogates
    question = question.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if len(question) > settings.max_question_chars:
        raise QuestionError(
            f"The question is too long ({len(question):,} characters; the limit is "
            f"{settings.max_question_chars:,}). Ask about one topic at a time. / "
            f"質問が長すぎます（上限 {settings.max_question_chars:,} 文字）。")
    cleaned = " ".join(_CONTROL.sub(" ", question).replace("\ufffd", " ").split())
    if not cleaned:
        raise QuestionError("The question is empty. / 質問が空です。")
    return cleaned


def normalize_history(history: object) -> History:
    """Accept Gradio 'messages', (user, bot) pairs, or None."""
    out: History = []
    for item in history or []:  # type: ignore[attr-defined]
        if isinstance(item, dict) and item.get("role") in {"user", "assistant"}:
            content = item.get("content")
            if isinstance(content, str):
                out.append({"role": item["role"], "content": content})
        elif isinstance(item, list | tuple) and len(item) == 2:
            out += [{"role": "user", "content": str(item[0] or "")},
                    {"role": "assistant", "content": str(item[1] or "")}]
    return out


def names_topic(question: str, topics: set[str]) -> bool:
    """The question names a service or a topic the notes have a heading or label for."""
    if services_in(question):
        return True
    own = [t for t in tokenize(question) if t not in attribute_words()]
    return any(t in topics for t in own)


def refers_back(question: str) -> bool:
    """A pronoun or an elliptical opening that needs the previous question."""
    if detect_language(question) == "ja":
        return bool(_JA_REFER.search(question))
    return bool(_EN_REFER.search(question))


def foreign(question: str, known: Callable[[str], bool]) -> bool:
    """Most of the question's own words (not those that frame it or ask for an attribute:
    how, default, 上限) are words the notes never use, in either language."""
    framing = question_words() | attribute_words()
    own = [t for t in tokenize(question) if t not in framing]
    return bool(own) and sum(map(known, own)) < len(own) / 2


def condense(question: str, history: History, topics: set[str] | None = None,
             known: Callable[[str], bool] | None = None) -> str:
    """Make a true follow-up self-contained by carrying the previous question along.

    "そのデフォルト値は？" after "SQSの可視性タイムアウトとは？" is retrieved as both.
    ``known`` says whether the notes use a word (directly or through the bridge).
    """
    previous = [m["content"] for m in history if m["role"] == "user"]
    if not previous or services_in(question):
        return question
    if _ELLIPSIS.search(question):  # "What about short polling?": the topic changes, the ask stays
        return f"{previous[-1]} {question}"
    if names_topic(question, topics or set()) or known is not None and foreign(question, known):
        return question
    short = len(question) <= 20 if detect_language(question) == "ja" else len(question) <= 40
    if refers_back(question) or short:
        return f"{previous[-1]} {question}"
    return question
