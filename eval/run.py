"""Score undocs records against hand-checked expectations, field by field and
language by language (exact match), over a corpus folder.

    python eval/run.py [--corpus ../shared/corpus/dev] [--diff]

Expectations: eval/expected/<corpus folder name>/<corpus file>.json (see
eval/expected/README.md). Each document is parsed once; a second table scores the
body's structure (paragraph, footnote and annex counts, speaker turns) where an
expectation gives them (`_body`). Languages are the expectation's, not the file
name's (a file's label can be wrong).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from undocs import parse
from undocs.errors import UndocsError
from undocs.lang import Lang, load
from undocs.parse.body import contents_entry
from undocs.record import CONTRACT_FIELDS, Block, Record

FIELDS = tuple(f for f in CONTRACT_FIELDS if f != "blocks")
#: Beyond the contract, scored where an expectation gives them: expectation key -> record key.
EXTRA = {"meeting": "meeting", "_joint": "joint"}
HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "dev"
BODY_FACTS = (
    "preambular_paragraphs",
    "operative_paragraphs",
    "footnotes",
    "annexes",
    "last_paragraph_number",
    "summary",
    "signature",
    "speeches",
    "first_speeches",
    "last_speech",
)


class Case:
    """One expectation and what undocs made of its document."""

    def __init__(self, name: str, expected: dict[str, Any], got: Record | UndocsError | None) -> None:
        self.name = name
        self.expected = expected
        self.got = got
        self.lang = expected.get("language") or name.split(".")[-2]


def cases(corpus: Path, expected_dir: Path) -> list[Case]:
    """Every expectation with its document parsed (None: the document is missing)."""
    out = []
    for exp_path in sorted(expected_dir.glob("*.json")):
        expected = json.loads(exp_path.read_text(encoding="utf-8"))
        name = exp_path.name[: -len(".json")]
        doc = corpus / name
        got: Record | UndocsError | None
        if not doc.exists():
            got = None
        else:
            try:
                got = parse(doc)
            except UndocsError as exc:
                got = exc
        out.append(Case(name, expected, got))
    return out


def score(all_cases: list[Case], show_diff: bool = False) -> tuple[dict, list[str]]:
    hits: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    diffs: list[str] = []
    for case in all_cases:
        name, expected, lang = case.name, case.expected, case.lang
        if case.got is None:
            diffs.append(f"{name}: missing from corpus")
            continue
        if "error" in expected:
            ok = isinstance(case.got, UndocsError)
            hits[("refused", lang)][0] += ok
            hits[("refused", lang)][1] += 1
            if not ok:
                diffs.append(f"{name}: expected a refusal, got a record")
            continue
        if isinstance(case.got, UndocsError):
            got: dict[str, Any] = {}
            diffs.append(f"{name}: ERROR {case.got}")
        else:
            got = case.got.to_dict(with_blocks=False)
        fields = [(f, f) for f in FIELDS] + [(e, r) for e, r in EXTRA.items() if e in expected]
        for field, key in fields:
            if field in expected.get("_skip", ()):
                continue  # the page gives no single answer to compare with (its _source says why)
            ok = got.get(key) == expected.get(field)
            hits[(field, lang)][0] += ok
            hits[(field, lang)][1] += 1
            if not ok and show_diff:
                diffs.append(_diff(name, field, expected.get(field), got.get(key)))
    return hits, diffs


def _diff(name: str, field: str, expected: Any, got: Any) -> str:
    if field == "references" and isinstance(got, list):
        e = expected or []
        extra = [x for x in got if x not in e]
        missing = [x for x in e if x not in got]
        order = "" if extra or missing else " (same items, other order)"
        return f"{name}: references{order}\n    missing {missing}\n    extra   {extra}"
    return (
        f"{name}: {field}\n    expected {json.dumps(expected, ensure_ascii=False)}"
        f"\n    got      {json.dumps(got, ensure_ascii=False)}"
    )


def _past_contents(blocks: list[Block], lang: Lang) -> list[Block]:
    """The body's blocks after a table of contents that opens it (its heading and entries)."""
    if not blocks or not lang.first("masthead.contents", blocks[0].text):
        return blocks
    k = 1
    while k < len(blocks) and contents_entry(blocks[k].text) and not lang.first("masthead.summary", blocks[k].text):
        k += 1
    return blocks[k:]


def body_counts(rec: Record) -> dict[str, Any]:
    """What the hand-counted `_body` facts count, read off our blocks."""
    main = [b for b in rec.blocks if not b.annex]
    # paragraph numbers, plain ("54") or by section ("11.52"), compared as numbers
    numbers = [
        tuple(int(x) for x in b.number.split("."))
        for b in main
        if b.kind in ("paragraph", "operative") and b.number and re.fullmatch(r"\d+(?:\.\d+)?", b.number)
    ]
    lang = load(rec.language or "en")
    opening = _past_contents(main, lang)[:4]
    speeches: dict[int, dict[str, str | None]] = {}
    for b in rec.blocks:
        if b.kind == "speech" and b.turn is not None and b.turn not in speeches:
            speeches[b.turn] = {"speaker": b.speaker, "country": b.affiliation, "language": b.language}
    turns = list(speeches.values())
    return {
        "preambular_paragraphs": sum(b.kind == "preambular" for b in main),
        "operative_paragraphs": sum(b.kind == "operative" and b.number is not None for b in main),
        "footnotes": sum(b.kind == "footnote" and (b.number or "").isdigit() for b in rec.blocks),
        "annexes": sum(b.kind == "annex_heading" for b in rec.blocks),
        "last_paragraph_number": ".".join(map(str, max(numbers))) if numbers else None,
        "summary": any(b.kind == "heading" and lang.first("masthead.summary", b.text) for b in opening),
        "signature": next((b.text for b in rec.blocks if b.kind == "signature"), None),
        "speeches": len(turns),
        "first_speeches": turns[:3],
        "last_speech": turns[-1] if turns else None,
    }


def body_score(all_cases: list[Case], show_diff: bool = False) -> tuple[dict, list[str]]:
    """Exact match of the body facts an expectation gives (`_body`)."""
    hits: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    diffs: list[str] = []
    for case in all_cases:
        facts = case.expected.get("_body") or {}
        if "error" in case.expected or not facts or not isinstance(case.got, Record):
            continue
        got = body_counts(case.got)
        for key in BODY_FACTS:
            if key in facts:
                ok = got[key] == facts[key]
                hits[(key, case.lang)][0] += ok
                hits[(key, case.lang)][1] += 1
                if not ok and show_diff:
                    diffs.append(f"{case.name}: {key} expected {facts[key]} got {got[key]}")
    return hits, diffs


def table(hits: dict) -> str:
    order = FIELDS + tuple(EXTRA) + ("refused",) + BODY_FACTS
    langs = sorted(
        {lang for _, lang in hits},
        key=lambda c: "ar zh en fr ru es".split().index(c) if c in "ar zh en fr ru es" else 9,
    )
    fields = [f for f in order if any((f, lang) in hits for lang in langs)]
    head = (
        "| field | "
        + " | ".join(f"{lang} (n={max(hits[(f, lang)][1] for f in fields if (f, lang) in hits)})" for lang in langs)
        + " | all |"
    )
    rows = [head, "|---|" + "---|" * (len(langs) + 1)]
    for f in fields:
        cells = []
        tot = [0, 0]
        for lang in langs:
            h, n = hits.get((f, lang), [0, 0])
            tot[0] += h
            tot[1] += n
            cells.append(f"{100 * h / n:.1f}" if n else "")
        rows.append(f"| {f} | " + " | ".join(cells) + f" | {100 * tot[0] / tot[1]:.1f} |")
    return "\n".join(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--expected", type=Path, help="expectations folder (default: eval/expected/<corpus folder name>)")
    ap.add_argument("--diff", action="store_true", help="print every mismatch")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        print(f"eval: corpus folder not found: {args.corpus}", file=sys.stderr)
        return 2
    expected = args.expected or HERE / "expected" / args.corpus.resolve().name
    all_cases = cases(args.corpus, expected)
    hits, diffs = score(all_cases, args.diff)
    print(f"Exact-match accuracy (%) per field and language, {args.corpus}")
    print()
    print(table(hits))
    body_hits, body_diffs = body_score(all_cases, args.diff)
    print()
    print("Body structure: exact counts and facts where the expectation gives them (%)")
    print()
    print(table(body_hits))
    diffs += body_diffs
    if diffs:
        print()
        print("\n".join(diffs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
