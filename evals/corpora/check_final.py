"""Check the held-out sets against the text they claim to be answered by.

Why: a held-out set is run once; a regex that cannot match its own source would show up
as a tutor failure nobody can fix afterwards. So, before anyone runs it, every answerable
case's ``must_include`` regexes must match the section its ``sources`` name, every
unanswerable case must carry none, and the per-direction counts must meet the brief.

Run: ``python -m evals.corpora.check_final`` for the first held-out set, or
``--set final2`` / ``--set final3`` / ``--set final4`` / ``--set final5`` / ``--set final6`` /
``--set final7`` / ``--set final8`` / ``--set final9`` / ``--set final10`` / ``--set final11`` /
``--set final12`` / ``--set final13`` / ``--set final14`` / ``--set final15`` for the later ones
(exit code 1 on any failure).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from evals.dataset import EvalCase, load_dataset

ROOT = Path(__file__).resolve().parents[2]
FINAL_CORPUS = ROOT / "evals" / "corpora" / "final"
FINAL2_CORPUS = ROOT / "evals" / "corpora" / "final2"
FINAL3_CORPUS = ROOT / "evals" / "corpora" / "final3"
FINAL4_CORPUS = ROOT / "evals" / "corpora" / "final4"
FINAL5_CORPUS = ROOT / "evals" / "corpora" / "final5"
FINAL6_CORPUS = ROOT / "evals" / "corpora" / "final6"
FINAL7_CORPUS = ROOT / "evals" / "corpora" / "final7"
FINAL8_CORPUS = ROOT / "evals" / "corpora" / "final8"
FINAL9_CORPUS = ROOT / "evals" / "corpora" / "final9"
FINAL10_CORPUS = ROOT / "evals" / "corpora" / "final10"
FINAL11_CORPUS = ROOT / "evals" / "corpora" / "final11"
FINAL12_CORPUS = ROOT / "evals" / "corpora" / "final12"
FINAL13_CORPUS = ROOT / "evals" / "corpora" / "final13"
FINAL14_CORPUS = ROOT / "evals" / "corpora" / "final14"
FINAL15_CORPUS = ROOT / "evals" / "corpora" / "final15"
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
    levels, want = path.split(" > "), heading.split(" > ")
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


def direction(case: EvalCase) -> str:
    return f"{case.lang}->{case.notes_lang or 'any'}" if case.answerable else f"unans-{case.lang}"


def check_dataset(path: Path, corpus: Path) -> tuple[list[str], Counter[str]]:
    cases = load_dataset(path)
    blocks = load_blocks(corpus)
    # a section's lines, not its heading: a topic's name ("Step Functions") is no fact that
    # a question copies by naming it
    note_lines = [re.sub(r"^\s*(?:[-*+]\s+)?", "", ln).strip()
                  for b in blocks for ln in b.text.splitlines()[1:]]
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


def _final2_quota(counts: Counter[str]) -> list[str]:
    """The second set's brief: 28 per direction."""
    return _even_quota(counts, "final2", 28, 18, 150)


def _final3_quota(counts: Counter[str]) -> list[str]:
    """The third set has the same brief as the second."""
    return _even_quota(counts, "final3", 28, 18, 150)


def _final4_quota(counts: Counter[str]) -> list[str]:
    """The fourth set's brief: 35 per direction."""
    return _even_quota(counts, "final4", 35, 17, 170)


def _final5_quota(counts: Counter[str]) -> list[str]:
    """The fifth set's brief: 35 per direction and 18 uncovered details."""
    return _even_quota(counts, "final5", 35, 18, 170)


def _final6_quota(counts: Counter[str]) -> list[str]:
    """The sixth set's brief: 40 per direction, 36 unanswerable (18 / 9 / 9 by kind)."""
    return _even_quota(counts, "final6", 40, 18, 220, other_kinds=9, unans_min=36)


def _final7_quota(counts: Counter[str]) -> list[str]:
    """The seventh set's brief: 40 per direction, 40 unanswerable (20 / 10 / 10 by kind)."""
    return _even_quota(counts, "final7", 40, 20, 220, other_kinds=10, unans_min=40)


def _final8_quota(counts: Counter[str]) -> list[str]:
    """The eighth set's brief: 45 per direction, 40 unanswerable (20 / 10 / 10 by kind)."""
    return _even_quota(counts, "final8", 45, 20, 230, other_kinds=10, unans_min=40)


def _final9_quota(counts: Counter[str]) -> list[str]:
    """The ninth set's brief: 45 per direction, 40 unanswerable (20 / 10 / 10 by kind)."""
    return _even_quota(counts, "final9", 45, 20, 230, other_kinds=10, unans_min=40)


def _final10_quota(counts: Counter[str]) -> list[str]:
    """The tenth set's brief: 45 per direction, 40 unanswerable (20 / 10 / 10 by kind)."""
    return _even_quota(counts, "final10", 45, 20, 230, other_kinds=10, unans_min=40)


def _final11_quota(counts: Counter[str]) -> list[str]:
    """The eleventh set's brief: 45 per direction, 40 unanswerable (20 / 10 / 10 by kind)."""
    return _even_quota(counts, "final11", 45, 20, 230, other_kinds=10, unans_min=40)


def _final12_quota(counts: Counter[str]) -> list[str]:
    """The twelfth set's brief: 45 per direction, 40 unanswerable (20 / 10 / 10 by kind)."""
    return _even_quota(counts, "final12", 45, 20, 230, other_kinds=10, unans_min=40)


def _final13_quota(counts: Counter[str]) -> list[str]:
    """The thirteenth set's brief: 45 per direction, 40 unanswerable (20 / 10 / 10 by kind)."""
    return _even_quota(counts, "final13", 45, 20, 230, other_kinds=10, unans_min=40)


def _final14_quota(counts: Counter[str]) -> list[str]:
    """The fourteenth set's brief: 45 per direction, 40 unanswerable (20 / 10 / 10 by kind)."""
    return _even_quota(counts, "final14", 45, 20, 230, other_kinds=10, unans_min=40)


def _final15_quota(counts: Counter[str]) -> list[str]:
    """The fifteenth set's brief: 45 per direction, 40 unanswerable (20 / 10 / 10 by kind)."""
    return _even_quota(counts, "final15", 45, 20, 230, other_kinds=10, unans_min=40)


def _shipped_quota(counts: Counter[str]) -> list[str]:
    ja = sum(v for k, v in counts.items() if k.startswith(("ja->", "unans-ja")))
    en = sum(v for k, v in counts.items() if k.startswith(("en->", "unans-en")))
    return [] if (ja, en) == (30, 30) else [f"shipped-final: {ja} ja / {en} en, want 30 / 30"]


# set name -> (held-out dataset, its corpus, its quota, shipped-corpus dataset)
SETS = {
    "final": ("final.jsonl", FINAL_CORPUS, _final_quota, "shipped-final.jsonl"),
    "final2": ("final2.jsonl", FINAL2_CORPUS, _final2_quota, "shipped-final2.jsonl"),
    "final3": ("final3.jsonl", FINAL3_CORPUS, _final3_quota, "shipped-final3.jsonl"),
    "final4": ("final4.jsonl", FINAL4_CORPUS / "notes", _final4_quota, "shipped-final4.jsonl"),
    "final5": ("final5.jsonl", FINAL5_CORPUS / "notes", _final5_quota, "shipped-final5.jsonl"),
    "final6": ("final6.jsonl", FINAL6_CORPUS / "notes", _final6_quota, "shipped-final6.jsonl"),
    "final7": ("final7.jsonl", FINAL7_CORPUS / "notes", _final7_quota, "shipped-final7.jsonl"),
    "final8": ("final8.jsonl", FINAL8_CORPUS / "notes", _final8_quota, "shipped-final8.jsonl"),
    "final9": ("final9.jsonl", FINAL9_CORPUS / "notes", _final9_quota, "shipped-final9.jsonl"),
    "final10": ("final10.jsonl", FINAL10_CORPUS / "notes", _final10_quota,
                "shipped-final10.jsonl"),
    "final11": ("final11.jsonl", FINAL11_CORPUS / "notes", _final11_quota,
                "shipped-final11.jsonl"),
    "final12": ("final12.jsonl", FINAL12_CORPUS / "notes", _final12_quota,
                "shipped-final12.jsonl"),
    "final13": ("final13.jsonl", FINAL13_CORPUS / "notes", _final13_quota,
                "shipped-final13.jsonl"),
    "final14": ("final14.jsonl", FINAL14_CORPUS / "notes", _final14_quota,
                "shipped-final14.jsonl"),
    "final15": ("final15.jsonl", FINAL15_CORPUS / "notes", _final15_quota,
                "shipped-final15.jsonl"),
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
