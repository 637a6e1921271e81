"""Export a quiz: JSON (the QuizItem fields), CSV (one row per item) and Anki (.apkg).

Anki ids are fixed numbers and note GUIDs come from item ids, so re-importing an exported
deck updates the cards instead of duplicating them.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tutor.quiz.items import LETTERS, QuizItem

ANKI_MODEL_ID = 1_607_392_319
ANKI_DECK_ID = 2_059_400_110
CSV_FIELDS = ["id", "type", "lang", "stem", "options", "answer", "explanation", "service",
              "domain", "difficulty", "citation"]


def to_json(items: list[QuizItem]) -> str:
    return json.dumps([it.model_dump(mode="json") for it in items], ensure_ascii=False,
                      indent=2)


def answer_text(item: QuizItem) -> str:
    """The key as a learner reads it: letters for choices, the words for cloze."""
    if item.type == "cloze":
        return " / ".join(item.options)
    if item.type == "truefalse":
        return item.options[item.answer[0]]
    return ",".join(LETTERS[i] for i in item.answer)


def to_csv(items: list[QuizItem]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for it in items:
        writer.writerow({
            "id": it.id, "type": it.type, "lang": it.lang, "stem": it.stem,
            "options": " | ".join(f"{LETTERS[i]}. {o}" for i, o in enumerate(it.options))
            if it.type != "cloze" else "",
            "answer": answer_text(it), "explanation": it.explanation, "service": it.service,
            "domain": it.domain, "difficulty": it.difficulty,
            "citation": "; ".join(c.numbered for c in it.citations)})
    return buf.getvalue()


def export_json(items: list[QuizItem], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_json(items) + "\n", encoding="utf-8")
    return path


def export_csv(items: list[QuizItem], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_csv(items), encoding="utf-8")
    return path


def _front(item: QuizItem) -> str:
    from html import escape

    opts = ""
    if item.type in ("mcq", "multi"):
        opts = "<br>".join(f"{LETTERS[i]}. {escape(o)}" for i, o in enumerate(item.options))
    elif item.type == "truefalse":
        opts = " / ".join(escape(o) for o in item.options)
    return escape(item.stem) + (f"<br><br>{opts}" if opts else "")


def _back(item: QuizItem) -> str:
    from html import escape

    return (f"<b>{escape(answer_text(item))}</b><br><br>{escape(item.explanation)}"
            f"<br><small>{escape(item.service)} · D{item.domain} · {item.difficulty}</small>")


def export_apkg(items: list[QuizItem], path: Path, deck_name: str = "DVA-C02 quiz") -> Path:
    """An Anki deck with one basic note per item (front: stem and options)."""
    import genanki

    model = genanki.Model(
        ANKI_MODEL_ID, "dva-tutor quiz",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}",
                    "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}])
    deck = genanki.Deck(ANKI_DECK_ID, deck_name)
    for it in items:
        deck.add_note(genanki.Note(model=model, fields=[_front(it), _back(it)],
                                   guid=genanki.guid_for(it.id), tags=[it.service.replace(" ", "_"),
                                                                       f"D{it.domain}", it.type]))
    path.parent.mkdir(parents=True, exist_ok=True)
    genanki.Package(deck).write_to_file(str(path))
    return path
