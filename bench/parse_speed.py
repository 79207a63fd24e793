"""Parsing speed and memory, measured against a baseline in the same run.

    python bench/parse_speed.py [--corpus ../shared/corpus/dev] [--rounds 5] [--compiled .build/mypyc]

1. text documents per second on one core (the .txt files of the corpus, parsed in a loop,
   one-second windows): by the wall clock and by the process's CPU time (a busy or
   shared machine steals wall time, not CPU time);
2. PDFs: our full parse against raw pypdfium2 text extraction of the same files
   (open, load every page, extract its text), rounds interleaved; the ratio is parse
   speed / extraction speed (1.0 = as fast as raw extraction), the median over pairs of
   an extraction and the parse right after it;
3. peak memory (RSS growth, via a child process) parsing the largest PDF.

With --compiled DIR (the mypyc build of `make compiled`), each round is a child process
per build (three text windows and three PDF pairs each), alternating plain and compiled,
so both meet the same machine.
Machines are noisy: read the ratios, not the absolute numbers.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "dev"


def raw_extract(paths: list[Path]) -> None:
    import pypdfium2 as pdfium

    for p in paths:
        pdf = pdfium.PdfDocument(str(p))
        for page in pdf:
            page.get_textpage().get_text_range()
        pdf.close()


def full_parse(paths: list[Path]) -> None:
    from undocs import parse

    for p in paths:
        parse(p)


def timed(fn, paths: list[Path]) -> float:  # noqa: ANN001
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


def inputs(corpus: Path) -> tuple[list[Path], list[Path]]:
    """The text files, and the PDFs we parse (image-only scans are refused: not timed)."""
    from undocs import parse
    from undocs.errors import UndocsError

    texts = sorted(corpus.glob("*.txt"))
    pdfs = []
    for p in sorted(corpus.glob("*.pdf")):
        try:
            if p.stat().st_size:
                parse(p)
                pdfs.append(p)
        except UndocsError:
            pass
    return texts, pdfs


def measure(corpus: Path, rounds: int) -> dict:
    """Every measure, `rounds` times, in this process (the build it imports)."""
    body = importlib.import_module("undocs.parse.body")  # `undocs.parse` the name is the function

    texts, pdfs = inputs(corpus)
    full_parse(texts)  # warm caches (language files, compiled patterns)
    wall_rates, cpu_rates = [], []
    for _ in range(rounds):
        n = 0
        t, c = time.perf_counter(), time.process_time()
        while time.perf_counter() - t < 1.0:
            full_parse(texts)
            n += len(texts)
        wall_rates.append(n / (time.perf_counter() - t))
        cpu_rates.append(n / (time.process_time() - c))
    raw_times, parse_times = [], []
    for _ in range(rounds):
        raw_times.append(timed(raw_extract, pdfs))
        parse_times.append(timed(full_parse, pdfs))
    return {
        "compiled": str(body.__file__).endswith(".so"),
        "text_docs": len(texts),
        "text_rates_wall": wall_rates,
        "text_rates_cpu": cpu_rates,
        "pdf_files": [str(p) for p in pdfs],
        "raw_times": raw_times,
        "parse_times": parse_times,
    }


def summary(runs: list[dict]) -> dict:
    import pypdfium2 as pdfium

    wall = [r for run in runs for r in run["text_rates_wall"]]
    cpu = [r for run in runs for r in run["text_rates_cpu"]]
    raw = statistics.median(t for run in runs for t in run["raw_times"])
    parsed = statistics.median(t for run in runs for t in run["parse_times"])
    # each parse against the extraction just before it: the two met the same machine
    paired = [r / p for run in runs for r, p in zip(run["raw_times"], run["parse_times"], strict=True)]
    pdfs = [Path(p) for p in runs[0]["pdf_files"]]
    pages = sum(len(pdfium.PdfDocument(str(p))) for p in pdfs)
    return {
        "compiled": runs[0]["compiled"],
        "text_docs": runs[0]["text_docs"],
        "text_docs_per_s_median": round(statistics.median(wall)),
        "text_docs_per_cpu_s_median": round(statistics.median(cpu)),
        "pdf_files": len(pdfs),
        "pdf_pages": pages,
        "raw_extract_s_median": round(raw, 3),
        "full_parse_s_median": round(parsed, 3),
        "raw_pages_per_s": round(pages / raw),
        "parse_pages_per_s": round(pages / parsed),
        "pdf_speed_ratio_parse_vs_raw": round(statistics.median(paired), 3),
    }


def child(corpus: Path, build: str | None, rounds: int = 3) -> dict:
    """`rounds` rounds in a fresh process on one build (None: the plain source)."""
    env = dict(os.environ)
    if build:
        env["PYTHONPATH"] = os.pathsep.join([build, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    cmd = [sys.executable, __file__, "--corpus", str(corpus), "--rounds", str(rounds), "--raw"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env).stdout
    return json.loads(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--compiled", type=Path, help="also measure the mypyc build in this folder (make compiled)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--raw", action="store_true", help=argparse.SUPPRESS)  # a child's measures, as JSON
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core (children inherit it)
    if args.raw:
        print(json.dumps(measure(args.corpus, args.rounds)))
        return 0
    if args.compiled is None:
        results = {"plain": summary([measure(args.corpus, args.rounds)])}
    else:
        if not (args.compiled / "undocs").is_dir():
            ap.error(f"{args.compiled}: no compiled build there (run `make compiled`)")
        runs: dict[str, list[dict]] = {"plain": [], "compiled": []}
        for _ in range(args.rounds):
            runs["plain"].append(child(args.corpus, None))
            runs["compiled"].append(child(args.corpus, str(args.compiled.resolve())))
        results = {name: summary(r) for name, r in runs.items()}
        if not results["compiled"]["compiled"]:
            ap.error(f"{args.compiled}: the children did not import a compiled build")
    largest = max(inputs(args.corpus)[1], key=lambda p: p.stat().st_size)
    report = {
        "builds": results,
        "largest_pdf_memory": peak_rss(largest),
        "rounds": args.rounds,
        "python": sys.version.split()[0],
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    for name, res in results.items():
        print(f"== {name} build")
        for k, v in res.items():
            print(f"{k:32} {v}")
    print("== memory (plain build)")
    for k, v in report["largest_pdf_memory"].items():
        print(f"{k:32} {v}")
    print(f"{'rounds':32} {args.rounds}\n{'python':32} {report['python']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
