"""Fuzz the parser with mutations of real corpus files of every format (PDF, DOCX, Akoma
Ntoso XML, text), and report what escaped.

    python tests/fuzz.py --cases 2000 --seed 1          (make fuzz)
    python tests/fuzz.py --cases 120 --json             (tests/test_fuzz.py, in make test)

Each case is one real file changed the way a broken disk, a careless tool or an attacker
would change it: bytes flipped, cut short, a run inserted or repeated, two files spliced;
inside a DOCX or XML, the markup broken or nested deep; in text, a soup of what the
scanners look for (symbols, parentheses, numbers, right-to-left letters, control
characters) or another encoding. Every case is parsed under the time budget; the only
acceptable outcomes are a record or the library's own `ParseError`. The report counts
escapes (any other exception), cases over the budget, and the process's peak memory
against the ceiling; with --keep the files of failing cases are kept to reproduce them.
Exit status 1 when anything failed.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import resource
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
FORMATS = {".pdf": "pdf", ".docx": "docx", ".xml": "xml", ".txt": "text"}
#: Seed files above this size are left out: the mutations, not the size, are under test
MAX_SEED_BYTES = 600_000

SOUP = [
    "A/72/1",
    "A/C.2/72/L.5/Rev.1",
    "S/RES/2049 (2012)",
    "E/ESCWA/2017/EC.4/4/(Part III)",
    "A/",
    "résolution 68/218",
    "resolution",
    "(",
    ")",
    "((",
    "/1",
    "/",
    "-",
    "Corr.1",
    "Add.",
    "(Part I",
    "Distr.: General",
    "Original: English",
    "Item 19 (a)",
    "Annex",
    "12 December 2017",
    "\u0627\u0644\u0642\u0631\u0627\u0631",
    "\u200f",
    "\u202e",
    "\x00",
    "\x0c",
    "\ufeff",
    "\ufffe",
    "1" * 40,
    ".",
    "\n",
    "\n\n",
    "  ",
    "\t",
]


def seeds(folders: list[Path], rng: random.Random, per_format: int) -> dict[str, list[Path]]:
    """Up to `per_format` real files of each format, chosen at random among the small ones."""
    found: dict[str, list[Path]] = {f: [] for f in FORMATS.values()}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            kind = FORMATS.get(path.suffix.lower())
            if kind and path.is_file() and path.stat().st_size <= MAX_SEED_BYTES and "alignment" not in str(path):
                found[kind].append(path)
    return {k: rng.sample(v, min(per_format, len(v))) for k, v in found.items() if v}


# ---- mutations: bytes -> bytes ---------------------------------------------------------------


def flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice([1, 4, 16, 64])):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, max(2, len(data)))]


def insert(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + rng.randbytes(rng.choice([1, 16, 512, 4096])) + data[at:]


def repeat(data: bytes, rng: random.Random) -> bytes:
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.choice([8, 256, 4096]))
    return data[:b] + data[a:b] * rng.choice([2, 50, 500]) + data[b:]


def zero(data: bytes, rng: random.Random) -> bytes:
    a = rng.randrange(len(data))
    n = rng.choice([16, 1024, 65536])
    return data[:a] + b"\x00" * min(n, len(data) - a) + data[a + n :]


def _markup(text: bytes, rng: random.Random) -> bytes:
    """Break XML the ways a tool does: a closing tag lost, an element nested deep, an entity
    declared and used, bytes flipped in the text."""
    choice = rng.randrange(4)
    if choice == 0:
        closes = [m.start() for m in re.finditer(rb"</", text)]
        if closes:
            at = rng.choice(closes)
            end = text.find(b">", at)
            return text[:at] + text[end + 1 :]
    if choice == 1:
        opens = [m.end() for m in re.finditer(rb"<[A-Za-z][^>]*[^/]>", text)]
        if opens:
            at = rng.choice(opens)
            depth = rng.choice([50, 199, 201, 300, 3000])
            return text[:at] + b"<x>" * depth + b"</x>" * depth + text[at:]
    if choice == 2 and text.startswith(b"<?xml"):
        end = text.find(b"?>") + 2
        dtd = b'<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        return text[:end] + dtd + text[end:].replace(b"<", b"&b;<", 3)
    return flip(text, rng)


def docx_part(data: bytes, rng: random.Random) -> bytes:
    """Mutate one XML part inside the package and pack it again (the ZIP stays valid)."""
    try:
        zin = zipfile.ZipFile(io.BytesIO(data))
        names = [n for n in zin.namelist() if n.endswith(".xml") or n.endswith(".rels")]
    except zipfile.BadZipFile:
        return flip(data, rng)
    target = "word/document.xml" if rng.random() < 0.6 and "word/document.xml" in names else rng.choice(names)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            part = zin.read(info.filename)
            z.writestr(info.filename, _markup(part, rng) if info.filename == target else part)
    return out.getvalue()


def xml_markup(data: bytes, rng: random.Random) -> bytes:
    return _markup(data, rng)


def soup(data: bytes, rng: random.Random) -> bytes:
    """Text the scanners look for, in runs: inserted into a real text, after its masthead."""
    text = data.decode("utf-8", "replace")
    run = "".join(rng.choice(SOUP) * rng.choice([1, 1, 3, 200]) for _ in range(rng.randrange(20, 400)))
    at = rng.randrange(len(text))
    return (text[:at] + run + text[at:]).encode("utf-8", "surrogatepass")


def encoding(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", "replace")
    codec = rng.choice(["utf-16", "utf-16-be", "latin-1", "cp1256", "koi8-r", "gb18030"])
    return text.encode(codec, "replace")


def splice(data: bytes, rng: random.Random, other: bytes) -> bytes:
    return data[: rng.randrange(len(data))] + other[rng.randrange(len(other)) :]


BYTES: list[Callable[[bytes, random.Random], bytes]] = [flip, truncate, insert, repeat, zero]
BY_FORMAT: dict[str, list[Callable[[bytes, random.Random], bytes]]] = {
    "pdf": [],
    "docx": [docx_part, docx_part],
    "xml": [xml_markup, xml_markup],
    "text": [soup, soup, encoding],
}


# ---- the run ---------------------------------------------------------------------------------


def run(cases: int, seed: int, budget: float, keep: Path | None, per_format: int) -> dict:
    from undocs import parse
    from undocs.errors import ParseError
    from undocs.limits import Limits, TimeLimitExceeded

    rng = random.Random(seed)
    pool = seeds([SHARED / "dev", SHARED / "real"], rng, per_format)
    kinds = sorted(pool)
    limits = Limits(time_limit=budget)
    outcomes: Counter[str] = Counter()
    per_format_count: Counter[str] = Counter()
    records: Counter[str] = Counter()  # per format: the mutations the parser read through
    escapes: list[dict] = []
    over: list[dict] = []
    slowest = 0.0
    slowest_case: dict = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="undocs-fuzz-") as tmp:
        for n in range(cases):
            kind = kinds[n % len(kinds)]
            src = rng.choice(pool[kind])
            data = src.read_bytes()
            mutations = BYTES + BY_FORMAT[kind] * 2
            mutation = rng.choice(mutations + ["splice"])  # type: ignore[operator]
            if mutation == "splice":
                other = rng.choice(pool[rng.choice(kinds)]).read_bytes()
                mutated, name = splice(data, rng, other), "splice"
            else:
                mutated, name = mutation(data, rng), mutation.__name__  # type: ignore[operator]
            if not mutated:
                mutated = b" "
            path = Path(tmp) / f"case{n}{src.suffix}"
            path.write_bytes(mutated)
            case = {"case": n, "seed_file": src.name, "mutation": name}
            per_format_count[kind] += 1
            t0 = time.perf_counter()
            try:
                parse(path, limits=limits)
                outcomes["record"] += 1
                records[kind] += 1
            except TimeLimitExceeded:
                over.append(case)
                outcomes["over budget"] += 1
            except ParseError as exc:
                outcomes[type(exc).__name__] += 1
            except BaseException as exc:  # noqa: BLE001 - what the fuzzer is here to find
                if isinstance(exc, KeyboardInterrupt):
                    raise
                escapes.append({**case, "error": f"{type(exc).__name__}: {str(exc)[:200]}"})
                outcomes["escaped"] += 1
            elapsed = time.perf_counter() - t0
            if elapsed > slowest:
                slowest, slowest_case = elapsed, case
                if keep is not None:
                    keep.mkdir(parents=True, exist_ok=True)
                    (keep / f"slowest{src.suffix}").write_bytes(mutated)
            if elapsed > budget and not any(o["case"] == n for o in over):
                over.append({**case, "seconds": round(elapsed, 2)})
            failed = escapes and escapes[-1]["case"] == n or over and over[-1]["case"] == n
            if keep is not None and failed:
                keep.mkdir(parents=True, exist_ok=True)
                (keep / path.name).write_bytes(mutated)
            path.unlink()
    from undocs import compiled

    return {
        "cases": cases,
        "seed": seed,
        "compiled": compiled(),
        "budget_seconds": budget,
        "seconds": round(time.perf_counter() - started, 1),
        "slowest_case_seconds": round(slowest, 2),
        "slowest_case": slowest_case,
        "by_format": dict(per_format_count),
        "records_by_format": dict(records),
        "outcomes": dict(outcomes),
        "escapes": escapes,
        "over_budget": over,
        "peak_rss_mib": peak_kib() // 1024,
        "memory_ceiling_mib": Limits.from_env().memory_limit // 2**20,
    }


def peak_kib() -> int:
    """This process's peak resident memory in KiB: VmHWM where Linux has it (getrusage's
    maxrss keeps the peak of the process that forked this one, a test runner's say)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--budget", type=float, default=20.0, help="seconds per case (UNDOCS_TIME_LIMIT for the run)")
    ap.add_argument("--per-format", type=int, default=12, help="real files of each format to mutate")
    ap.add_argument("--keep", type=Path, help="folder to keep the files of failing cases in")
    ap.add_argument("--json", action="store_true", help="the report as JSON")
    args = ap.parse_args()
    report = run(args.cases, args.seed, args.budget, args.keep, args.per_format)
    ok = not report["escapes"] and not report["over_budget"] and report["peak_rss_mib"] < report["memory_ceiling_mib"]
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(
            f"{report['cases']} cases ({'compiled' if report['compiled'] else 'plain'} build) in {report['seconds']} s: "
            f"{report['outcomes']}; slowest {report['slowest_case_seconds']} s of a {report['budget_seconds']:g} s budget; "
            f"peak memory {report['peak_rss_mib']} MiB of a {report['memory_ceiling_mib']} MiB ceiling"
        )
        for e in report["escapes"] + report["over_budget"]:
            print("  FAILED", e)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
