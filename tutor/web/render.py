"""Turn library results into chat HTML: answer first, the rest folded, citations that open
the exact passage with the quoted lines highlighted.

Kept apart from the handlers so the same rendering serves the chat, the quiz feedback
and the tests. Every piece of user or notes text goes through ``escape`` once, here.
"""

from __future__ import annotations

import html
import re

from core.models import Answer, Citation, Quote
from tutor.answerers.extractive import topic_of
from tutor.asks import compared_terms, is_comparison
from tutor.web.compare import Sides, compare_sides
from tutor.web.i18n import t

__all__ = ["compare_sides", "is_comparison"]  # the layout's parts, importable from here

CITES_MARK = '<div class="cites">'  # everything from here on is UI, not conversation
_REF = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_BULLET = re.compile(r"^\s*(?:[-*+・]|\d+[.)])\s*")
_TAGS = re.compile(r"<[^>]+>")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"(```.*?(?:```|$)|`[^`\n]+`)", re.S)
_FLAGGED = {"ja": ("⚠️ ノートの引用元で確認できない文", "件の引用番号はどの出典も指さないため削除しました"),
            "en": ("⚠️ Not supported by the cited notes", "citation(s) pointing at no passage were "
                                                          "removed")}


def escape(text: str) -> str:
    """HTML-escape note or user text for the HTML this module builds (inside an HTML
    block Markdown leaves it alone)."""
    return html.escape(str(text), quote=False)


def safe_markdown(text: str) -> str:
    """Markdown with every HTML tag shown as text: notes and questions are untrusted
    (a note line ``<img src=x onerror=...>`` must not become a live element). Code spans
    are left alone, Markdown prints them literally already."""
    parts = _CODE.split(text)
    return "".join(p if i % 2 else html.escape(p, quote=False) for i, p in enumerate(parts))


def passage_text(c: Citation) -> str:
    """The cited passage without its heading-path first line (the label shows that)."""
    first, _, rest = c.text.partition("\n")
    return rest if first.strip() == c.heading.strip() and rest else c.text


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", _BULLET.sub("", text)).lower()


def is_quoted(line: str, quotes: list[str]) -> bool:
    """Does this passage line hold one of the quoted lines (whitespace and bullets aside)?"""
    body = _squash(line)
    return bool(body) and any(q and (q in body or (len(body) >= 4 and body in q))
                              for q in (_squash(x) for x in quotes))


def passage_html(text: str, quotes: list[str] | None = None,
                 shown: list[str] | None = None) -> str:
    """Escaped, on one physical line (a blank line would end Markdown's HTML block). Lines
    the answer shows get <mark class="quoted"> (the viewer scrolls to the first); lines
    quoted only under the fold get a lighter <mark class="also">."""
    strong = quotes if shown is None else shown
    lines = []
    for line in text.strip("\n").splitlines():
        stripped = line.lstrip(" ")
        indent = "&nbsp;" * (len(line) - len(stripped))
        body = _BOLD.sub(r"<b>\1</b>", escape(stripped))
        if strong and is_quoted(stripped, strong):
            body = f'<mark class="quoted">{body}</mark>'
        elif quotes and is_quoted(stripped, quotes):
            body = f'<mark class="also">{body}</mark>'
        lines.append(indent + body)
    return "<br>".join(lines)


def ref_html(n: int) -> str:
    """An inline [n] that opens source n of the same message in the viewer."""
    return f'<a class="cite-ref" href="#source-{n}">[{n}]</a>'


def citations_html(citations: list[Citation], lang: str,
                   shown: list[str] | None = None) -> str:
    """Numbered sources; each expands inline (no script) or opens in the side viewer."""
    if not citations:
        return ""
    items = "".join(
        f'<details class="cite">'
        f'<summary>{escape(c.numbered)}</summary>'
        f'<div class="passage">{passage_html(passage_text(c), c.quotes, shown)}</div></details>'
        for c in citations)
    return f'{CITES_MARK}<b>{escape(t("sources", lang))}</b>{items}</div>'


def notices_for(ans: Answer, forced: str | None, lang: str) -> list[str]:
    """The tutor's notices plus the UI's own (answered in another language than shown)."""
    notices = list(ans.notices)
    if forced in {"ja", "en"} and forced != ans.language:
        notices.append(t("answered_in", lang, language=t(f"lang_{ans.language}", lang)))
    return notices


def quote_html(q: Quote, topic: str = "") -> str:
    """「line」: 「item」 / 「item」 (gloss) [n], with its parent bullet as context."""
    body = f"「{escape(q.text)}」"
    if q.items:
        body += ": " + " / ".join(f"「{escape(i)}」" for i in q.items)
    ctx = (f'<span class="ctx">「{escape(q.parent)}」 › </span>'
           if q.parent and q.parent != topic and q.role != "lead" else "")
    gloss = f' <span class="gloss">({escape(q.gloss)})</span>' if q.gloss else ""
    return f"{ctx}{body}{gloss} {ref_html(q.n)}"


def _compare_html(sides: Sides, citations: dict[int, Citation]) -> str:
    """Lines naming both sides first, then the two sides next to each other, each headed
    by its compared term (or by its section, in the fallback, when the sections differ)."""
    names = sides.names
    if not names and len({qs[0].n for qs in sides.columns}) > 1:
        names = [c.heading.split(" > ")[-1] if (c := citations.get(qs[0].n)) else ""
                 for qs in sides.columns]
    both = "".join(f'<div class="compare-both"><strong>{quote_html(q)}</strong></div>'
                   for q in sides.both)
    cols = []
    for i, qs in enumerate(sides.columns):
        name = f'<div class="side-name">{escape(names[i])}</div>' if names and names[i] else ""
        lis = "".join(f"<li>{quote_html(q, q.parent)}</li>" for q in qs)
        cols.append(f'<div class="side">{name}<ul>{lis}</ul></div>')
    return f'{both}<div class="compare">{"".join(cols)}</div>'


def quotes_html(ans: Answer, lang: str) -> tuple[str, list[str]]:
    """Answer first: the lead emphasised, at most two supports, the rest folded.

    Also returns the texts shown before the fold, for the source viewer's highlight."""
    lead = next((q for q in ans.quotes if q.role == "lead"), ans.quotes[0])
    support = [q for q in ans.quotes if q.role == "support" and q is not lead][:2]
    more = [q for q in ans.quotes if q is not lead and q not in support]
    cites = {c.n: c for c in ans.citations}
    topic = topic_of(ans, lead)
    intro = t("from_notes", lang, topic=escape(topic)) if topic else ""
    parts = [f'<div class="answer-intro">{intro}</div>'] if intro else []
    shown = [lead, *support]
    # the chain names the sides with the bridge; a hand-made Answer by its question alone
    terms = ans.compared or compared_terms(ans.question)
    sides = compare_sides(shown, more, terms) if terms or is_comparison(ans.question) else None
    if sides:
        parts.append(_compare_html(sides, cites))
        used = sides.quotes
        more = [q for q in shown + more if q not in used]
        shown = used
    else:
        parts.append(f'<div class="answer-lead"><strong>{quote_html(lead)}</strong></div>')
        if support:
            lis = "".join(f"<li>{quote_html(q, topic)}</li>" for q in support)
            parts.append(f'<ul class="answer-support">{lis}</ul>')
    if more:
        lis = "".join(f"<li>{quote_html(q, topic)}</li>" for q in more)
        parts.append(f'<details class="more"><summary>{escape(t("more_notes", lang))} '
                     f"({len(more)})</summary><ul>{lis}</ul></details>")
    texts = [x for q in shown for x in (q.text, *q.items)]
    return f'<div class="answer">{"".join(parts)}</div>', texts


def link_refs(text: str) -> str:
    """Free text (an LLM's answer): each [n] becomes a link to its source."""
    return _REF.sub(lambda m: " ".join(ref_html(int(n)) for n in m.group(1).split(",")), text)


def render_answer(ans: Answer, forced: str | None, lang: str) -> str:
    """Notices, refusal banner, answer body (answer first), citation problems, sources."""
    parts = [f"> ℹ️ {safe_markdown(n)}" for n in notices_for(ans, forced, lang)]
    shown: list[str] | None = None
    if ans.refused:
        parts.append(f"**🚫 {t('refused', lang)}**")
        parts.append(safe_markdown(ans.answer))
    elif ans.quotes:
        body, shown = quotes_html(ans, ans.language)  # the answer speaks its own language
        parts.append(body)
    else:
        parts.append(link_refs(safe_markdown(ans.answer)))
    parts += citation_problems(ans, lang)
    out = "\n\n".join(parts)
    cites = citations_html(ans.citations, lang, shown)
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


def message_text(content: object) -> str:
    """Text of a chat message whether Gradio sent a string or a list of content parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or "")
    if isinstance(content, list | tuple):
        return "\n".join(message_text(part) for part in content)
    return ""


def plain_text(content: str) -> str:
    """Readable text of rendered HTML/Markdown: for follow-up questions and aria labels."""
    content = re.sub(r'<details class="more">.*?</details>', "", content, flags=re.S)
    return html.unescape(_TAGS.sub(" ", content)).replace("  ", " ").strip()


def strip_ui(content: str) -> str:
    """The conversational part of a rendered bot message (for follow-up questions)."""
    return plain_text(content.split(CITES_MARK, 1)[0])
