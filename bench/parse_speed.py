"""Parsing speed and memory, measured against a baseline in the same run.

    python bench/parse_speed.py [--corpus ../shared/corpus/dev] [--rounds 5]

1. text documents per second on one core (the .txt files of the corpus, parsed in a loop);
2. PDFs: our full parse against raw pypdfium2 text extraction of the same files
   (open, load every page, extract its text), rounds interleaved; medians reported,
   the ratio is parse speed / extraction speed (1.0 = as fast as raw extraction);
3. peak memory (RSS growth, via a child process) parsing the largest PDF.
Machines are noisy: read the ratios, not the absolute numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium

from undocs import parse

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "dev"


def raw_extract(paths: list[Path]) -> None:
    for p in paths:
        pdf = pdfium.PdfDocument(str(p))
        for page in pdf:
            page.get_textpage().get_text_range()
        pdf.close()


def full_parse(paths: list[Path]) -> None:
    for p in paths:
        parse(p)


def timed(fn, paths: list[Path]) -> float:
    t = time.perf_counter()
    fn(paths)
    return time.perf_counter() - t


def peak_rss(path: Path) -> dict:
    code = (
        "import resource, sys, tracemalloc; from undocs import parse; import undocs.lang as L; "
        "[L.load(c) for c in L.available()]; "
        "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; tracemalloc.start(); parse(sys.argv[1]); "
        "py = tracemalloc.get_traced_memory()[1]; "
        "print(base, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, py)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    ).stdout.split()
    base, peak, py = int(out[0]), int(out[1]), int(out[2])
    return {
        "file": path.name,
        "size_kib": path.stat().st_size // 1024,
        "process_rss_peak_mib": round(peak / 1024, 1),
        "rss_growth_for_parse_mib": round((peak - base) / 1024, 1),
        "python_heap_peak_mib": round(py / 2**20, 1),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    texts = sorted(args.corpus.glob("*.txt"))
    pdfs = [p for p in sorted(args.corpus.glob("*.pdf")) if p.stat().st_size]
    pdfs_ok = []
    for p in pdfs:
        try:
            parse(p)
            pdfs_ok.append(p)
        except Exception:  # noqa: BLE001 - image-only scans are refused; not timed
            pass
    full_parse(texts)  # warm caches (language files, compiled patterns)
    text_rates = []
    for _ in range(args.rounds):
        n = 0
        t = time.perf_counter()
        while time.perf_counter() - t < 1.0:
            full_parse(texts)
            n += len(texts)
        text_rates.append(n / (time.perf_counter() - t))
    raw_times, parse_times = [], []
    for _ in range(args.rounds):
        raw_times.append(timed(raw_extract, pdfs_ok))
        parse_times.append(timed(full_parse, pdfs_ok))
    pages = sum(len(pdfium.PdfDocument(str(p))) for p in pdfs_ok)
    largest = max(pdfs_ok, key=lambda p: p.stat().st_size)
    result = {
        "text_docs": len(texts),
        "text_docs_per_s_median": round(statistics.median(text_rates)),
        "pdf_files": len(pdfs_ok),
        "pdf_pages": pages,
        "raw_extract_s_median": round(statistics.median(raw_times), 3),
        "full_parse_s_median": round(statistics.median(parse_times), 3),
        "raw_pages_per_s": round(pages / statistics.median(raw_times)),
        "parse_pages_per_s": round(pages / statistics.median(parse_times)),
        "pdf_speed_ratio_parse_vs_raw": round(statistics.median(raw_times) / statistics.median(parse_times), 3),
        "largest_pdf_memory": peak_rss(largest),
        "rounds": args.rounds,
        "python": sys.version.split()[0],
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for k, v in result.items():
            print(f"{k:32} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
