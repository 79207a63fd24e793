"""Store and search speed: ingest throughput, query latency at a million paragraphs, size.

    python bench/store_bench.py [--corpus ../shared/corpus/dev] [--paragraphs 1000000]
                                [--rounds 5] [--out results.json]

1. Ingest throughput on the dev corpus: `undocs.ingest.ingest` into a fresh store
   (parse + hash + put, the default durable settings: WAL, synchronous=FULL), best of
   3 runs; and the store alone (`put` of records parsed beforehand).
2. Store size per 1,000 documents (and per 1,000 versions) of the dev corpus store.
3. A store scaled to at least `--paragraphs` blocks: the dev corpus's records are filed
   once as they are, then again and again under generated symbols `A/RES/{100+n}/{k}`
   (copy n, the k-th document of the corpus; all language versions of one document
   share the symbol),
   each through `SQLiteStore.put` itself, so the rows are exactly those an ingest
   writes; only fsync is off while building (`synchronous=OFF`), which changes no row.
   Metadata (organ, body, doc type, date, language, agenda items) stays that of the
   source record, but the session is the symbol's (100+n): facet sets are then as
   varied as in a real library, where session and agenda items set documents apart.
4. Query latency on that store, reopened with the default settings, warm cache: every
   query once to warm up, then `--rounds` timed runs of `store.search()` (hits with
   snippets, total and all seven facets, limit 20). p50/p95 over all timed runs of
   (a) one word with one facet filter, (b) a phrase, (c) a symbol wildcard.

Everything is written in a temporary folder, removed at the end; `--out` writes the
numbers as JSON. Runs in about 5 minutes on the 2-core development machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from undocs.files import document_files
from undocs.ingest import ingest
from undocs.parse import parse
from undocs.record import Record
from undocs.store import SearchQuery
from undocs.store.sqlite import SQLiteStore

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "dev"
PARAGRAPH_KINDS = {"paragraph", "preambular", "operative", "subparagraph"}

# (a) one word, one facet filter: words of every language and of every frequency,
# from "the" (in nearly every English version) to rare ones.
WORD_QUERIES = [
    SearchQuery(q="development", lang="en"),
    SearchQuery(q="nuclear", doc_type="resolution"),
    SearchQuery(q="resolution", organ="General Assembly"),
    SearchQuery(q="women", year="2023"),
    SearchQuery(q="security", session="80"),
    SearchQuery(q="climate", lang="en"),
    SearchQuery(q="Palestine", organ="General Assembly"),
    SearchQuery(q="the", lang="en"),
    SearchQuery(q="Ouzbékistan", doc_type="letter"),
    SearchQuery(q="résolution", lang="fr"),
    SearchQuery(q="développement", doc_type="resolution"),
    SearchQuery(q="desarrollo", lang="es"),
    SearchQuery(q="развития", lang="ru"),
    SearchQuery(q="الأمم", lang="ar"),
    SearchQuery(q="التنمية", year="2022"),
    SearchQuery(q="发展", lang="zh"),
    SearchQuery(q="会员", organ="General Assembly"),
    SearchQuery(q="agenda", body="Second Committee"),
]
PHRASE_QUERIES = [
    SearchQuery(q='"sustainable development"'),
    SearchQuery(q='"human rights"'),
    SearchQuery(q='"General Assembly"'),
    SearchQuery(q='"Security Council"'),
    SearchQuery(q='"mise en œuvre"'),
    SearchQuery(q='"Conseil de sécurité"'),
    SearchQuery(q='"desarrollo sostenible"'),
    SearchQuery(q='"Генеральная Ассамблея"'),
    SearchQuery(q='"الجمعية العامة"'),
    SearchQuery(q="安全理事会"),
]
SYMBOL_QUERIES = [
    SearchQuery(q="A/RES/150/*"),
    SearchQuery(q="a/res/78/*"),
    SearchQuery(q="A/C.2/*"),
    SearchQuery(q="S/RES/*"),
    SearchQuery(q="A/RES/2*"),
    SearchQuery(q="A/RES/1*", lang="en"),
]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def file_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def checkpoint(store: SQLiteStore) -> None:
    store._conn().execute("PRAGMA wal_checkpoint(TRUNCATE)")


def bench_ingest(corpus: Path, tmp: Path) -> dict:
    runs = []
    for i in range(3):
        store = SQLiteStore(tmp / f"ingest{i}.sqlite")
        report = ingest([corpus], store)
        runs.append(report)
        if i < 2:
            store.close()
    best = min(runs, key=lambda r: r.seconds)
    versions = len(best.added)
    checkpoint(store)
    stats = store.stats()
    size = file_size(tmp / "ingest2.sqlite")
    store.close()

    records: list[tuple[Record, str]] = []
    for f in document_files([corpus]):
        try:
            records.append((parse(f), str(f.resolve())))
        except Exception:  # noqa: BLE001 - the image-only scan
            continue
    put_runs = []
    for i in range(3):
        store = SQLiteStore(tmp / f"put{i}.sqlite")
        t = time.perf_counter()
        for rec, path in records:
            store.put(rec, path=path, sha256=str(rec.source.get("sha256")))
        put_runs.append(time.perf_counter() - t)
        store.close()
    return {
        "files": best.files,
        "versions_added": versions,
        "failed": len(best.failed),
        "seconds": best.seconds,
        "files_per_s": best.files / best.seconds,
        "versions_per_s": versions / best.seconds,
        "put_only_versions_per_s": len(records) / min(put_runs),
        "documents": stats["documents"],
        "blocks": stats["blocks"],
        "size_bytes": size,
        "bytes_per_1000_documents": size / stats["documents"] * 1000,
        "bytes_per_1000_versions": size / stats["versions"] * 1000,
    }


def build_scaled(corpus: Path, path: Path, target: int) -> dict:
    records = []
    for f in document_files([corpus]):
        try:
            records.append(parse(f))
        except Exception:  # noqa: BLE001 - the image-only scan
            continue
    index: dict[str, int] = {}
    for rec in records:
        index.setdefault(str(rec.symbol), len(index) + 1)
    per_copy = sum(1 for r in records for b in r.blocks if b.kind in PARAGRAPH_KINDS)
    copies = -(-target // per_copy)
    store = SQLiteStore(path, synchronous="OFF")
    started = time.perf_counter()
    puts = 0
    for n in range(copies):
        for rec in records:
            if n == 0:  # the corpus itself, under its own symbols
                copy = rec
            else:
                symbol = f"A/RES/{100 + n}/{index[str(rec.symbol)]}"
                copy = dataclasses.replace(rec, symbol=symbol, symbols=[symbol], session=str(100 + n))
            store.put(
                copy,
                path=f"/bench/{n}/{rec.symbol}.{rec.language}.{rec.source.get('format')}",
                sha256=f"{n:04d}{rec.source.get('sha256')}",
            )
            puts += 1
        if (n + 1) % 25 == 0:
            print(f"  scaled store: {n + 1}/{copies} copies, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    seconds = time.perf_counter() - started
    checkpoint(store)
    store.close()
    return {"copies": copies, "puts": puts, "build_seconds": seconds, "puts_per_s": puts / seconds, **describe(path)}


def describe(path: Path) -> dict:
    store = SQLiteStore(path)
    stats = store.stats()
    kinds = sorted(PARAGRAPH_KINDS)
    sql = f"SELECT count(*) FROM blocks WHERE kind IN ({','.join('?' * len(kinds))})"
    paragraphs = store._conn().execute(sql, kinds).fetchone()[0]
    store.close()
    size = file_size(path)
    return {
        "documents": stats["documents"],
        "versions": stats["versions"],
        "blocks": stats["blocks"],
        "paragraph_blocks": paragraphs,
        "size_bytes": size,
        "bytes_per_1000_documents": size / stats["documents"] * 1000,
        "bytes_per_1000_versions": size / stats["versions"] * 1000,
    }


def bench_queries(path: Path, rounds: int) -> dict:
    """Each query once to warm up, then `rounds` rounds over all queries (interleaved, so
    a burst of load from elsewhere does not land on every run of one query). Wall time
    is what a user waits; thread CPU time is the work done, whatever else the machine runs."""
    store = SQLiteStore(path)
    out = {}
    for name, queries in (("word+facet", WORD_QUERIES), ("phrase", PHRASE_QUERIES), ("symbol*", SYMBOL_QUERIES)):
        totals = [store.search(q).total for q in queries]
        wall: list[list[float]] = [[] for _ in queries]
        cpu: list[list[float]] = [[] for _ in queries]
        for _ in range(rounds):
            for i, q in enumerate(queries):
                t, c = time.perf_counter(), time.thread_time()
                store.search(q)
                wall[i].append((time.perf_counter() - t) * 1000)
                cpu[i].append((time.thread_time() - c) * 1000)
        detail = []
        for q, total, w, c in zip(queries, totals, wall, cpu, strict=True):
            filt = {
                k: v
                for k, v in dataclasses.asdict(q).items()
                if k in ("lang", "organ", "body", "session", "doc_type", "year") and v
            }
            detail.append(
                {
                    "q": q.q,
                    "filter": filt,
                    "total": total,
                    "median_ms": statistics.median(w),
                    "median_cpu_ms": statistics.median(c),
                }
            )
        all_wall = [x for w in wall for x in w]
        all_cpu = [x for c in cpu for x in c]
        out[name] = {
            "queries": len(queries),
            "runs": len(all_wall),
            "p50_ms": percentile(all_wall, 50),
            "p95_ms": percentile(all_wall, 95),
            "max_ms": max(all_wall),
            "cpu_p50_ms": percentile(all_cpu, 50),
            "cpu_p95_ms": percentile(all_cpu, 95),
            "detail": detail,
        }
    store.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument(
        "--paragraphs",
        type=int,
        default=1_000_000,
        help="paragraph blocks (paragraph, preambular, operative, subparagraph) in the scaled store",
    )
    ap.add_argument("--store", type=Path, help="keep the scaled store here (reused if it exists) instead of a temp dir")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--out", type=Path, help="write the results as JSON here")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"corpus not found: {args.corpus}")

    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="undocs-bench-") as tmpdir:
        tmp = Path(tmpdir)
        print("ingest throughput on the dev corpus ...", file=sys.stderr)
        ing = bench_ingest(args.corpus, tmp)
        scaled_path = args.store or tmp / "scaled.sqlite"
        if args.store and args.store.exists():
            print(f"reusing the scaled store {args.store} ...", file=sys.stderr)
            scaled = describe(args.store)
        else:
            print(f"scaling a store to {args.paragraphs:,} paragraphs ...", file=sys.stderr)
            scaled = build_scaled(args.corpus, scaled_path, args.paragraphs)
        print("queries ...", file=sys.stderr)
        queries = bench_queries(scaled_path, args.rounds)

    mib = 1024 * 1024
    rows = [
        (
            "ingest, dev corpus (parse + store, best of 3)",
            f"{ing['files_per_s']:.0f} files/s ({ing['files']} files, {ing['seconds']:.2f} s; {ing['versions_per_s']:.0f} versions/s)",
        ),
        ("store only (put of parsed records)", f"{ing['put_only_versions_per_s']:.0f} versions/s"),
        (
            "dev store size per 1,000 documents",
            f"{ing['bytes_per_1000_documents'] / mib:.0f} MiB ({ing['bytes_per_1000_versions'] / mib:.0f} MiB per 1,000 versions; {ing['documents']} documents, {ing['blocks']:,} blocks)",
        ),
        (
            "scaled store",
            f"{scaled['documents']:,} documents, {scaled['versions']:,} versions, {scaled['blocks']:,} blocks ({scaled['paragraph_blocks']:,} paragraphs), {scaled['size_bytes'] / mib:,.0f} MiB",
        ),
        (
            "scaled store: build through put",
            f"{scaled['build_seconds']:.0f} s ({scaled['puts_per_s']:.0f} versions/s, fsync off)"
            if "build_seconds" in scaled
            else "reused (--store)",
        ),
        (
            "scaled store size per 1,000 documents",
            f"{scaled['bytes_per_1000_documents'] / mib:.0f} MiB ({scaled['bytes_per_1000_versions'] / mib:.0f} MiB per 1,000 versions)",
        ),
    ]
    for name, q in queries.items():
        rows.append(
            (
                f"query {name}: p50 / p95 wall (CPU)",
                f"{q['p50_ms']:.1f} / {q['p95_ms']:.1f} ms ({q['cpu_p50_ms']:.1f} / {q['cpu_p95_ms']:.1f} ms CPU); "
                f"max {q['max_ms']:.1f} ms; {q['queries']} queries x {args.rounds} rounds",
            )
        )
    width = max(len(r[0]) for r in rows)
    print(f"| {'measure'.ljust(width)} | value |")
    print(f"|{'-' * (width + 2)}|-------|")
    for name, value in rows:
        print(f"| {name.ljust(width)} | {value} |")
    print()
    for name, q in queries.items():
        for d in q["detail"]:
            filt = " ".join(f"{k}={v}" for k, v in d["filter"].items())
            print(
                f"  {name:10} {d['q']!s:28} {filt:32} total {d['total']:>6}  "
                f"median {d['median_ms']:6.1f} ms (CPU {d['median_cpu_ms']:5.1f})"
            )
    print(
        f"\nload average (1 min) at start {load[0]:.1f}, at the end {os.getloadavg()[0]:.1f}, on {os.cpu_count()} cores"
    )
    if args.out:
        args.out.write_text(
            json.dumps(
                {
                    "ingest": ing,
                    "scaled": scaled,
                    "queries": queries,
                    "loadavg_start": load,
                    "loadavg_end": os.getloadavg(),
                },
                ensure_ascii=False,
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
