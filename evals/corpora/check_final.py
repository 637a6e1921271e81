"""Check the held-out sets against the text they claim to be answered by.

Why: a held-out set is run once; a regex that cannot match its own source would show up
as a tutor failure nobody can fix afterwards. So, before anyone runs it, every answerable
case's ``must_include`` regexes must match the section its ``sources`` name, every
unanswerable case must carry none, and the per-direction counts must meet the brief.

Run: ``python -m evals.corpora.check_final`` for the first held-out set, or
``--set final2`` / ``--set final3`` / ``--set final4`` / ``--set final5`` / ``--set final6`` /
``--set final7`` / ``--set final8`` / ``--set final9`` / ``--set final10`` / ``--set final11`` /
``--set final12`` / ``--set final13`` / ``--set final14`` / ``--set final15`` / ``--set final16`` /
``--set final17`` / ``--set final18`` for the later ones (exit code 1 on any failure).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from html.parser import HTMLParser
from pathlib import Path

from evals.dataset import EvalCase, load_dataset

ROOT = Path(__file__).resolve().parents[2]
CORPORA = ROOT / "evals" / "corpora"
FINAL_CORPUS = CORPORA / "final"
SHIPPED_CORPUS = ROOT / "corpus"
SEP = "›"


@dataclass
class Block:
    """One section's searchable text, named the way citations name it."""

    source: str  # path relative to the corpus root, e.g. notes/x.ja.md
    heading: str  # "A > B"
    text: str

    @property
    def label(self) -> str:
        return f"{self.source} {SEP} {self.heading}"


class _TextOnly(HTMLParser):
    """Fallback HTML reader: headings become Markdown headings, the rest plain lines."""

    def __init__(self) -> None:
        super().__init__()
        self.out: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "head"}:
            self._skip += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self.out.append("\n" + "#" * int(tag[1]) + " ")
        elif tag in {"p", "li", "tr", "br", "div"}:
            self.out.append("\n")
        elif tag in {"td", "th"}:
            self.out.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "head"}:
            self._skip -= 1
        elif re.fullmatch(r"h[1-6]", tag):
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.out.append(data)


def _plain_markdown_blocks(text: str, source: str) -> list[Block]:
    """Fallback splitter on '#' headings, for when the project loader is unavailable."""
    blocks: list[Block] = []
    path: list[str] = []
    lines: list[str] = []

    def flush() -> None:
        if path or lines:
            blocks.append(Block(source, " > ".join(path), "\n".join(lines)))

    for line in text.splitlines():
        m = re.match(r"^(#{1,6})\s+(.*)$", line.strip())
        if m:
            flush()
            level = len(m.group(1))
            path = path[: max(level - 2, 0)] + [m.group(2).strip()]
            lines = []
        else:
            lines.append(line)
    flush()
    return blocks


def _pdf_text(path: Path) -> str:
    """Fallback PDF reader: layout rows re-joined (no spaces in Japanese), furniture dropped."""
    from pypdf import PdfReader

    rows = [r.strip() for page in PdfReader(path).pages
            for r in (page.extract_text() or "").splitlines()]
    rows = [r for r in rows if r and not re.fullmatch(r"- \d+ -", r)]
    return "".join(rows[1:] if len(rows) > 1 else rows)


def load_blocks(corpus: Path) -> list[Block]:
    """Every section of every supported file, preferring the project's own loader."""
    try:  # every format the project reads (Word, Excel, Evernote and Org too)
        from ingest.load import SUPPORTED

        suffixes = set(SUPPORTED)
    except ImportError:
        suffixes = {".md", ".html", ".htm", ".txt", ".pdf"}
    files = sorted(p for p in corpus.rglob("*") if p.is_file()
                   and p.suffix.lower() in suffixes and p.name != "README.md")
    blocks: list[Block] = []
    for path in files:
        source = path.relative_to(corpus).as_posix()
        try:
            from ingest.load import load_file

            sections = load_file(path, source)
            blocks += [Block(source, s.heading, s.heading + "\n" + "\n".join(s.lines))
                       for s in sections]
            continue
        except ImportError:
            pass
        if path.suffix.lower() == ".pdf":  # no headings: the whole file is one section
            blocks.append(Block(source, "", _pdf_text(path)))
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix.lower() in {".html", ".htm"}:
            parser = _TextOnly()
            parser.feed(text)
            text = "".join(parser.out)
        elif path.suffix.lower() == ".txt":  # pseudo-headings such as 【CloudTrail】
            text = re.sub(r"(?m)^\s*【(.+?)】\s*$", r"## \1", text)
        blocks += _plain_markdown_blocks(text, source)
    return blocks


def _within(path: str, heading: str) -> bool:
    """``heading`` (one level or several: "A > B") is a run of levels of the heading path,
    at any depth: a loader that reads a file's structure deeper must not orphan a set
    written before it."""
    def key(p: str) -> list[str]:  # levels without spaces ("スロットリング ★" is "…★")
        return ["".join(level.split()) for level in p.split(" > ")]

    levels, want = key(path), key(heading)
    return any(levels[i:i + len(want)] == want for i in range(len(levels) - len(want) + 1))


def _select(blocks: list[Block], source: str) -> list[Block]:
    """Blocks a ``sources`` entry names: "file › heading", a heading, or a path part."""
    if SEP in source:
        file, heading = (part.strip() for part in source.split(SEP, 1))
        return [b for b in blocks if b.source.endswith(file) and _within(b.heading, heading)]
    return [b for b in blocks if source in b.label]


def check_case(case: EvalCase, blocks: list[Block]) -> list[str]:
    """Problems with one case; empty when it is sound."""
    if not case.answerable:
        if case.must_include or case.sources:
            return [f"{case.id}: unanswerable case carries must_include/sources"]
        return []
    problems: list[str] = []
    if not 1 <= len(case.must_include) <= 3:
        problems.append(f"{case.id}: needs 1-3 must_include regexes")
    chosen = [b for s in case.sources for b in _select(blocks, s)]
    if not chosen:
        return problems + [f"{case.id}: no section matches sources {case.sources}"]
    # a source naming several files (exam-guide) must hold the fact in each of them
    by_file: dict[str, str] = {}
    for b in chosen:
        by_file[b.source] = by_file.get(b.source, "") + "\n" + b.text
    for pattern in case.patterns():
        missing = [f for f, text in by_file.items() if not pattern.search(text)]
        if missing:
            problems.append(f"{case.id}: /{pattern.pattern}/ not found in {', '.join(missing)}")
    return problems


def _copied(case: EvalCase, note_lines: list[str]) -> str | None:
    """A note line of 12+ characters pasted into the question (questions must paraphrase
    what the notes state). A review card's own question ("How many …?") is not a fact: a
    learner may ask it as written, so lines that are questions do not count."""
    q = case.question.lower()
    return next((ln for ln in note_lines if len(ln) >= 12 and ln.lower() in q
                 and not ln.rstrip().endswith(("?", "？"))), None)


def _facts(lines: list[str]) -> list[str]:
    """A section's lines but a bullet with items under it: a card's front ("APIキャッシュの
    TTL" over its answer) or a label prompts a fact, it does not state one."""
    def indent(line: str) -> int:
        return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())

    out = []
    for i, line in enumerate(lines):
        nxt = next((x for x in lines[i + 1:] if x.strip()), "")
        if not (re.match(r"^\s*[-*+]\s", line) and indent(nxt) > indent(line)):
            out.append(line)
    return out


def direction(case: EvalCase) -> str:
    return f"{case.lang}->{case.notes_lang or 'any'}" if case.answerable else f"unans-{case.lang}"


def check_dataset(path: Path, corpus: Path) -> tuple[list[str], Counter[str]]:
    cases = load_dataset(path)
    blocks = load_blocks(corpus)
    # a section's lines, not its heading: a topic's name ("Step Functions") is no fact that
    # a question copies by naming it
    note_lines = [re.sub(r"^\s*(?:[-*+]\s+)?", "", ln).strip()
                  for b in blocks for ln in _facts(b.text.splitlines()[1:])]
    problems: list[str] = []
    for case in cases:
        problems += check_case(case, blocks)
        pasted = _copied(case, note_lines)
        if pasted:
            problems.append(f"{case.id}: question copies a note line: {pasted!r}")
    counts: Counter[str] = Counter(direction(c) for c in cases)
    counts.update(f"kind:{c.kind}" for c in cases if not c.answerable)
    return problems, counts


def _final_quota(counts: Counter[str]) -> list[str]:
    need = {"ja->ja": 25, "en->en": 25, "en->ja": 25, "ja->en": 25}
    out = [f"final: {d} has {counts[d]} < {n}" for d, n in need.items() if counts[d] < n]
    unans = counts["unans-ja"] + counts["unans-en"]
    if unans < 30:
        out.append(f"final: {unans} unanswerable < 30")
    if counts["kind:uncovered_detail"] * 2 < unans:
        out.append("final: fewer than half the unanswerable cases are uncovered details")
    return out


def _even_quota(counts: Counter[str], name: str, per_direction: int, uncovered: int,
                total_min: int, other_kinds: int = 8, unans_min: int = 34) -> list[str]:
    """A brief of ``per_direction`` cases each way, ``unans_min`` unanswerable split evenly
    between ja and en and by kind, and at least ``total_min`` cases."""
    need = {"ja->ja": per_direction, "en->en": per_direction, "en->ja": per_direction,
            "ja->en": per_direction, "kind:uncovered_detail": uncovered,
            "kind:missing_service": other_kinds, "kind:off_topic": other_kinds}
    out = [f"{name}: {d} has {counts[d]} < {n}" for d, n in need.items() if counts[d] < n]
    unans = counts["unans-ja"] + counts["unans-en"]
    if unans < unans_min:
        out.append(f"{name}: {unans} unanswerable < {unans_min}")
    if abs(counts["unans-ja"] - counts["unans-en"]) > 1:
        out.append(f"{name}: unanswerable cases are not split evenly between ja and en")
    total = sum(v for k, v in counts.items() if not k.startswith("kind:"))
    if total < total_min:
        out.append(f"{name}: {total} cases < {total_min}")
    return out


# each later set's brief: cases per direction, uncovered details, total, and (from the
# sixth on) missing-service / off-topic cases each and unanswerable cases in all
BRIEFS: dict[str, tuple[int, ...]] = {
    "final2": (28, 18, 150), "final3": (28, 18, 150), "final4": (35, 17, 170),
    "final5": (35, 18, 170), "final6": (40, 18, 220, 9, 36), "final7": (40, 20, 220, 10, 40),
    **{f"final{n}": (45, 20, 230, 10, 40) for n in range(8, 19)},
}


def _brief_quota(name: str) -> Callable[[Counter[str]], list[str]]:
    """The quota check of a set written to an even brief (``BRIEFS``)."""
    return partial(_even_quota, name=name, **dict(zip(
        ("per_direction", "uncovered", "total_min", "other_kinds", "unans_min"),
        BRIEFS[name], strict=False)))


def _shipped_quota(counts: Counter[str]) -> list[str]:
    ja = sum(v for k, v in counts.items() if k.startswith(("ja->", "unans-ja")))
    en = sum(v for k, v in counts.items() if k.startswith(("en->", "unans-en")))
    return [] if (ja, en) == (30, 30) else [f"shipped-final: {ja} ja / {en} en, want 30 / 30"]


# set name -> (held-out dataset, its corpus, its quota, shipped-corpus dataset); from the
# fourth set on, the notes sit in the corpus folder's notes/
SETS = {
    "final": ("final.jsonl", FINAL_CORPUS, _final_quota, "shipped-final.jsonl"),
    **{name: (f"{name}.jsonl", CORPORA / name / ("notes" if int(name[5:]) >= 4 else ""),
              _brief_quota(name), f"shipped-{name}.jsonl") for name in BRIEFS},
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="which", choices=sorted(SETS), default="final",
                        help="which held-out set to check (default: final)")
    parser.add_argument("--final", type=Path, help="override the held-out dataset path")
    parser.add_argument("--corpus", type=Path, help="override the held-out corpus folder")
    parser.add_argument("--shipped", type=Path, help="override the shipped-corpus dataset path")
    args = parser.parse_args(argv)
    name, held_corpus, held_quota, shipped = SETS[args.which]
    data = ROOT / "evals" / "datasets"
    failures: list[str] = []
    for path, corpus, quota in ((args.final or data / name, args.corpus or held_corpus,
                                 held_quota),
                                (args.shipped or data / shipped, SHIPPED_CORPUS,
                                 _shipped_quota)):
        problems, counts = check_dataset(path, corpus)
        problems += quota(counts)
        print(f"{path.name}: {sum(v for k, v in counts.items() if not k.startswith('kind:'))}"
              f" cases; " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items())))
        failures += problems
    for line in failures:
        print("FAIL", line, file=sys.stderr)
    print("OK" if not failures else f"{len(failures)} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
