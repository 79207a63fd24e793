#!/usr/bin/env python3
"""Precision and recall of State-name resolution (enrich/states.py), per official language.

The truth: eval/expected/states/<file>.json, every occurrence of a State's name in a file of
the dev corpus, counted by a reader from the file's text (the UN's Akoma Ntoso resolutions in
six languages and the seed letter; adjectives such as "Ukrainian" are not names, cities such as
"Mexico City" are not States; each file's `_source` says what its reader decided). The text
read here is the whole of what undocs extracts from the file (cover page, body, footnotes,
annexes). Per file and State, the occurrences found are matched to those expected
(min of the two counts is right); precision and recall pool them over a language's files.

    .venv/bin/python eval/states.py [--corpus ../shared/corpus/dev] [--diff]
    .venv/bin/python eval/states.py --corpus ../shared/corpus/real     # the held-out labels
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from undocs.enrich.states import find_states  # noqa: E402
from undocs.extract import extract  # noqa: E402
from undocs.files import language_from_name  # noqa: E402

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")


def text_of(path: Path) -> str:
    """Everything undocs extracts from the file, as one text."""
    source = extract(path)
    parts = [ln.text for ln in source.cover or []] + [ln.text for ln in source.lines]
    parts += [b.text for b in source.blocks or []]
    return "\n".join(parts)


def score(corpus: Path, expected: Path) -> tuple[dict[str, tuple[int, int, int, int]], dict[str, list[str]]]:
    """Per language: (right, found, expected, files); and each file's misses."""
    right: Counter[str] = Counter()
    found_n: Counter[str] = Counter()
    expected_n: Counter[str] = Counter()
    files: Counter[str] = Counter()
    misses: dict[str, list[str]] = defaultdict(list)
    for spec in sorted(expected.glob("*.json")):
        name = spec.name.removesuffix(".json")
        path = corpus / name
        language = language_from_name(path) or "en"
        want = {code: v["count"] for code, v in json.loads(spec.read_text(encoding="utf-8"))["states"].items()}
        got = Counter(code for code, _, _ in find_states(text_of(path), language))
        files[language] += 1
        for code in set(want) | set(got):
            right[language] += min(want.get(code, 0), got.get(code, 0))
            if got.get(code, 0) != want.get(code, 0):
                misses[name].append(f"{code}: expected {want.get(code, 0)}, found {got.get(code, 0)}")
        found_n[language] += sum(got.values())
        expected_n[language] += sum(want.values())
    table = {lang: (right[lang], found_n[lang], expected_n[lang], files[lang]) for lang in files}
    return table, misses


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev")
    ap.add_argument(
        "--expected", type=Path, help="labels (default: eval/expected/states, or states_real for corpus/real)"
    )
    ap.add_argument("--diff", action="store_true", help="print every file's misses")
    args = ap.parse_args()
    expected = args.expected or ROOT / "eval" / "expected" / ("states_real" if args.corpus.name == "real" else "states")
    table, misses = score(args.corpus, expected)
    print(f"State names found in {args.corpus} (occurrences), per language\n")
    print("| language | files | names (expected) | found | precision | recall |")
    print("|---|---|---|---|---|---|")
    for lang in LANGUAGES + ("all",):
        if lang == "all":
            r, f, e, n = (sum(row[k] for row in table.values()) for k in range(4))
        elif lang in table:
            r, f, e, n = table[lang]
        else:
            continue
        precision = f"{100 * r / f:.1f}" if f else "-"
        recall = f"{100 * r / e:.1f}" if e else "-"
        print(f"| {lang} | {n} | {e} | {f} | {precision} | {recall} |")
    if args.diff:
        print()
        for name, lines in sorted(misses.items()):
            print(f"{name}: " + "; ".join(sorted(lines)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
