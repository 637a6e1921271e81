"""Turn library results into chat Markdown/HTML: answers with footnoted, expandable citations.

Kept apart from the handlers so the same rendering serves the chat, the quiz feedback
and the tests, and so the handlers stay plain control flow.
"""

from __future__ import annotations

import html
import re

from core.models import Answer, Citation
from tutor.web.i18n import t

CITES_MARK = '<div class="cites">'  # everything from here on is UI, not conversation
_CODE = re.compile(r"(```.*?(?:```|$)|`[^`\n]+`)", re.S)
_FLAGGED = {"ja": ("⚠️ ノートの引用元で確認できない文", "件の引用番号はどの出典も指さないため削除しました"),
            "en": ("⚠️ Not supported by the cited notes", "citation(s) pointing at no passage were "
                                                          "removed")}


def safe_markdown(text: str) -> str:
    """Markdown with every HTML tag shown as text: notes and questions are untrusted
    (a note line ``<img src=x onerror=...>`` must not become a live element). Code spans
    are left alone, Markdown prints them literally already."""
    parts = _CODE.split(text)
    return "".join(p if i % 2 else html.escape(p, quote=False) for i, p in enumerate(parts))


def passage_text(c: Citation) -> str:
    """The cited passage without its heading-path first line (the summary shows that)."""
    first, _, rest = c.text.partition("\n")
    return rest if first.strip() == c.heading.strip() and rest else c.text


def passage_html(text: str) -> str:
    """Escaped, on one physical line: a blank line would end Markdown's HTML block."""
    lines = []
    for line in text.strip("\n").splitlines():
        stripped = line.lstrip(" ")
        indent = "&nbsp;" * (len(line) - len(stripped))
        lines.append(indent + html.escape(stripped))
    return "<br>".join(lines)


def citations_html(citations: list[Citation], lang: str) -> str:
    """Numbered footnotes; each expands to the passage it cites."""
    if not citations:
        return ""
    items = "".join(
        f'<details class="cite"><summary>{html.escape(c.numbered)}</summary>'
        f'<div class="passage">{passage_html(passage_text(c))}</div></details>'
        for c in citations)
    return f'{CITES_MARK}<b>{html.escape(t("sources", lang))}</b>{items}</div>'


def notices_for(ans: Answer, forced: str | None, lang: str) -> list[str]:
    """The tutor's notices plus the UI's own (answered in another language than shown)."""
    notices = list(ans.notices)
    if forced in {"ja", "en"} and forced != ans.language:
        notices.append(t("answered_in", lang, language=t(f"lang_{ans.language}", lang)))
    return notices


def render_answer(ans: Answer, forced: str | None, lang: str) -> str:
    """Notices, refusal banner, answer body, then the expandable sources."""
    notices, body = notices_for(ans, forced, lang), ans.answer
    parts = [f"> ℹ️ {safe_markdown(n)}" for n in notices]
    if ans.refused:
        parts.append(f"**🚫 {t('refused', lang)}**")
    parts.append(safe_markdown(body))
    parts += citation_problems(ans, lang)
    out = "\n\n".join(parts)
    cites = citations_html(ans.citations, lang)
    return f"{out}\n\n{cites}" if cites else out


def citation_problems(ans: Answer, lang: str) -> list[str]:
    """The citation check's findings, where the learner reads the answer."""
    title, removed = _FLAGGED["ja" if lang == "ja" else "en"]
    out = []
    if ans.flagged_sentences:
        out.append(f"> **{title}:**\n" + "\n".join(f"> - {safe_markdown(s)}"
                                                   for s in ans.flagged_sentences))
    if ans.removed:
        out.append(f"> ⚠️ {ans.removed} {removed}")
    return out


def render_error(message: str) -> str:
    return f"**⚠️ {safe_markdown(message)}**"


def strip_ui(content: str) -> str:
    """The conversational part of a rendered bot message (for follow-up questions)."""
    return content.split(CITES_MARK, 1)[0].strip()
