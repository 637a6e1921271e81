"""Chat history kept in the learner's browser (gr.BrowserState), never on the server.

Plain functions over a list of ``{"id", "title", "updated", "messages"}`` dicts, newest
first, so the tests need no browser.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from tutor.web.render import message_text, plain_text

MAX_CHATS = 30
TITLE_CHARS = 40
Chat = dict[str, Any]


def title_of(messages: list[dict[str, Any]]) -> str:
    """The first question, shortened: what the learner will recognise in the list."""
    for m in messages:
        if m.get("role") == "user":
            text = " ".join(plain_text(message_text(m.get("content"))).split())
            return text if len(text) <= TITLE_CHARS else text[:TITLE_CHARS - 1] + "…"
    return ""


def save_chat(chats: list[Chat] | None, chat_id: str | None,
              messages: list[dict[str, Any]] | None) -> tuple[list[Chat], str]:
    """Put this conversation first (new id if it has none); keep the newest MAX_CHATS."""
    chats = [c for c in chats or [] if isinstance(c, dict) and c.get("id")]
    if not messages:
        return chats, chat_id or ""
    chat_id = chat_id or uuid.uuid4().hex[:12]
    entry = {"id": chat_id, "title": title_of(messages),
             "updated": datetime.now(UTC).isoformat(timespec="seconds"),
             "messages": [{"role": m.get("role"), "content": m.get("content")}
                          for m in messages if isinstance(m, dict)]}
    rest = [c for c in chats if c["id"] != chat_id]
    return [entry, *rest][:MAX_CHATS], chat_id


def choices(chats: list[Chat] | None, untitled: str) -> list[tuple[str, str]]:
    """(label, id) pairs for the past-chats list, newest first."""
    return [(f"{c.get('title') or untitled} · {str(c.get('updated', ''))[:10]}", c["id"])
            for c in chats or [] if isinstance(c, dict) and c.get("id")]


def messages_of(chats: list[Chat] | None, chat_id: str | None) -> list[dict[str, Any]]:
    for c in chats or []:
        if isinstance(c, dict) and c.get("id") == chat_id:
            return list(c.get("messages") or [])
    return []
