"""Speed and memory of the aligner: paragraphs and sentences aligned per second, with and
without the sentence encoder, and the encoder's load time and memory.

    python bench/align_bench.py [--corpus ../shared/corpus/dev] [--rounds 3]

Input: the seven six-language AKN resolutions of the dev corpus (each aligned as six
versions, English pivot) and the two PDF pairs with hand labels, parsed before timing.
"Units aligned" counts the units of both sides of every pair (a six-version document of
n paragraphs is 5 pairs, 10n units). With the encoder, its text cache is emptied before
each round so every round encodes everything. One process, medians of the rounds; the
encoder is measured first, in a fresh state (its load is lazy: construction, then the
first call reads the 30 MB of weights).
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import sys
import time
from pathlib import Path

from undocs import parse
from undocs.align import UseEncoder, align
from undocs.record import Record

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "dev"
sys.path.insert(0, str(HERE.parent / "eval"))
from align_run import LANGS, RESOLUTIONS  # noqa: E402 - the evaluation's documents, measured the same way

PDF_PAIRS = (("A_RES_48_161", "en", "fr"), ("A_HRC_WG.6_34_ITA_3", "en", "ru"))


def rss_mib() -> float:
    """Resident memory of this process now (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def documents(corpus: Path) -> list[list[Record]]:
    docs = [[parse(corpus / f"{doc}.{lang}.xml") for lang in LANGS] for doc in RESOLUTIONS]
    docs += [[parse(corpus / f"{doc}.{a}.pdf"), parse(corpus / f"{doc}.{b}.pdf")] for doc, a, b in PDF_PAIRS]
    return docs


def run(docs: list[list[Record]], level: str, encoder: UseEncoder | None, rounds: int) -> tuple[float, int]:
    """Median seconds for aligning every document once, and the units aligned."""
    times = []
    units = 0
    for _ in range(rounds):
        if encoder is not None:
            encoder._cache.clear()
        gc.collect()
        t0 = time.perf_counter()
        units = 0
        for versions in docs:
            a = align(versions, level=level, encoder=encoder)
            units += sum(len(a.units[p.src_lang]) + len(a.units[p.tgt_lang]) for p in a.pairs)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), units


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    docs = documents(args.corpus)

    gc.collect()
    before = rss_mib()
    t0 = time.perf_counter()
    encoder = UseEncoder()
    encoder.encode(["The General Assembly,"])
    load = time.perf_counter() - t0
    after = rss_mib()
    t0 = time.perf_counter()
    encoder.encode(["L’Assemblée générale,"])
    one = time.perf_counter() - t0

    rows = [
        ("encoder load (construct + first call)", f"{load:.2f} s"),
        ("encoder memory (RSS growth at load)", f"{after - before:.0f} MiB (process {after:.0f} MiB)"),
        ("encoder, one short text once loaded", f"{one * 1000:.1f} ms"),
    ]
    for level in ("paragraph", "sentence"):
        for name, enc in (("with encoder", encoder), ("without encoder", None)):
            seconds, units = run(docs, level, enc, args.rounds)
            rows.append(
                (f"{level}s aligned per second, {name}", f"{units / seconds:,.0f} ({units:,} units in {seconds:.2f} s)")
            )
    rows.append(("process peak RSS", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"))
    print("| measure | value |\n|---|---|")
    for k, v in rows:
        print(f"| {k} | {v} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
