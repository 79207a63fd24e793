#!/usr/bin/env python3
"""Search ranking measured: nDCG@10 per language on hand-judged queries.

The truth: eval/expected/search/<language>.json, queries a researcher would type in that
language, each with the documents of the dev corpus judged relevant by reading them (2: about
the topic, 1: mentions it substantively; each file's `source` says how it was made). The dev
corpus is ingested into a temporary library; each query runs in its language, one hit per
document (`group`), and its first ten documents are scored against the judgments (graded
nDCG: gain 2^grade - 1, log2 discount; a query whose judgments are all found in order scores
1.0). The same run also scores the baselines over the same index: BM25 on the exact forms of
the words (search as issue 13 found it) and BM25 with word forms but without undocs' phrase
and proximity boosts. The boosts were set before the judgments were written, not tuned on them.

    .venv/bin/python eval/search.py [--corpus ../shared/corpus/dev] [--show]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from undocs.ingest import ingest  # noqa: E402
from undocs.search import engine  # noqa: E402
from undocs.store import SearchQuery, open_store  # noqa: E402

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
K = 10
#: the rankings compared, in one run over one index: as issue 13 found search (the exact form
#: of each word, BM25 with the title weighted 4:1), with word forms, and undocs' default
RANKINGS = (
    ("BM25, exact word forms (before issue 13)", engine.Boosts(phrase=0.0, near=0.0, word_forms=False)),
    ("BM25 + word forms", engine.Boosts(phrase=0.0, near=0.0)),
    ("undocs: BM25 + word forms + phrase and proximity", engine.Boosts()),
)


def ndcg(ranked: list[str], grades: dict[str, int], k: int = K) -> float:
    """Graded nDCG@k of a ranking against judgments (1.0 when nothing is relevant and nothing found)."""
    dcg = sum((2 ** grades.get(s, 0) - 1) / math.log2(i + 2) for i, s in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best else 1.0


def judgments(folder: Path) -> dict[str, list[dict]]:
    out = {}
    for lang in LANGUAGES:
        path = folder / f"{lang}.json"
        if path.exists():
            out[lang] = json.loads(path.read_text(encoding="utf-8"))["queries"]
    return out


def score(store: object, queries: dict[str, list[dict]], show: bool = False) -> dict[str, tuple[float, int]]:
    """Per language: (mean nDCG@10, queries)."""
    out = {}
    for lang, qs in queries.items():
        values = []
        for spec in qs:
            result = store.search(SearchQuery(q=spec["q"], lang=lang, group=True, limit=K))  # type: ignore[attr-defined]
            ranked = [h.symbol for h in result.hits]
            value = ndcg(ranked, spec["relevant"])
            values.append(value)
            if show:
                print(f"{lang} {value:.3f} {spec['q']!r}: {ranked}")
        out[lang] = (sum(values) / len(values), len(values))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev")
    ap.add_argument("--expected", type=Path, default=ROOT / "eval" / "expected" / "search")
    ap.add_argument("--show", action="store_true", help="print each query's nDCG and ranking")
    args = ap.parse_args()
    queries = judgments(args.expected)
    if not queries:
        print(f"no judgments in {args.expected}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "dev.sqlite")
        try:
            ingest([args.corpus], store)
            tables = {}
            saved = engine.BOOSTS
            try:
                for name, boosts in RANKINGS:
                    engine.BOOSTS = boosts
                    tables[name] = score(store, queries, args.show)
            finally:
                engine.BOOSTS = saved
        finally:
            store.close()  # type: ignore[attr-defined]
    print(f"nDCG@{K} per language, {args.corpus} (one hit per document; judgments: {args.expected})\n")
    first = tables[RANKINGS[0][0]]
    print("| ranking | " + " | ".join(f"{lang} (n={first[lang][1]})" for lang in first) + " | mean |")
    print("|---|" + "---|" * (len(first) + 1))
    for name, table in tables.items():
        values = [table[lang][0] for lang in first]
        print(f"| {name} | " + " | ".join(f"{v:.3f}" for v in values) + f" | {sum(values) / len(values):.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
