"""Sentence negation (できる -> できない, 無料 <-> 有料): what the quiz must NOT use to make
wrong options, since the grammar gives such options away (issue 12's guesser picked the
non-negated option far above chance). Kept as a detector: tests check that no distractor
is a key negated this way.
"""

from __future__ import annotations

import re

# Applied to the end of a Japanese sentence; the first rule that matches wins.
_FLIPS: list[tuple[re.Pattern[str], str]] = [(re.compile(p), r) for p, r in [
    (r"(こと|事)はできない(。?)$", r"\1ができる\2"),
    (r"はできない(。?)$", r"ができる\1"),
    (r"(こと|事)ができる(。?)$", r"\1はできない\2"),
    (r"できる(。?)$", r"できない\1"),
    (r"[がも]可能(。?)$", r"はできない\1"),
    (r"は未サポート(。?)$", r"もサポートされる\1"),
    (r"ではない(。?)$", r"である\1"),
    (r"必要がある(。?)$", r"必要はない\1"),
    (r"必要がない(。?)$", r"必要がある\1"),
    (r"必要になる(。?)$", r"必要はない\1"),
    (r"(され|られ|たれ)ている(。?)$", r"\1ていない\2"),
    (r"(され|られ|たれ)る(。?)$", r"\1ない\2"),
    (r"を行う(。?)$", r"を行わない\1"),
    (r"を防ぐ(。?)$", r"を防がない\1"),
    (r"かかる(。?)$", r"かからない\1"),
    (r"する(。?)$", r"しない\1"),
]]
_SWAPS = [("無料", "有料"), ("多くなり", "少なくなり"), ("高くなる", "安くなる"), ("高い", "安い")]


def negate(text: str) -> str | None:
    """The line with its claim reversed, or None when no safe edit applies."""
    for a, b in _SWAPS:
        if a in text or b in text:
            marker = "\x00"
            swapped = text.replace(a, marker).replace(b, a).replace(marker, b)
            if swapped != text:
                return swapped
    for pattern, repl in _FLIPS:
        if pattern.search(text):
            out = pattern.sub(repl, text, count=1)
            return out if out != text else None
    return None
