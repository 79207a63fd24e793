#!/usr/bin/env python3
"""Character error rate of undocs' OCR, per official language, on scans made from real text.

Where the pages come from: the body paragraphs of the UN's Akoma Ntoso resolutions in the
dev corpus (six languages of each resolution), laid out one page at a time as HTML and
printed to PDF by headless Chromium (Debian's `chromium`: real fonts, Arabic shaping, CJK
faces from fonts-noto-core/-cjk). Each printed page is rasterised by pdfium and wrapped in
a new PDF as a single page image, which is what a scan is:

- clean:    300 dpi, grey, no noise;
- degraded: 150 dpi, grey, Gaussian noise (sigma 25) and 0.5 % salt-and-pepper specks.

That scan goes through undocs' own PDF reader (`extract`, OCR as for any scan: language
from the file name, Tesseract through tesserocr). The truth is the text that was printed.
CER = edit distance / length of the truth (rapidfuzz's Levenshtein), pooled over the pages
of a language, after the same normalisation of both sides: NFKC, one space for any run of
whitespace, typographic quotes and dashes as ASCII; no spaces at all in Chinese (Tesseract
puts spaces between Chinese characters, the printed text has none).

    .venv/bin/python eval/ocr_cer.py                 # the table of the README
    .venv/bin/python eval/ocr_cer.py --pages 1 --keep /tmp/cer   # quicker; keep the scans
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
from rapidfuzz.distance import Levenshtein

from undocs.extract import extract
from undocs.lang import OFFICIAL

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from scans import degrade, image_pdf, rasterise  # noqa: E402 - the tests' scan maker, shared

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parents[1] / "shared" / "corpus" / "dev"
#: resolutions whose six AKN versions give the pages
RESOLUTIONS = ("A_RES_76_23", "A_RES_77_3", "A_RES_78_25", "A_RES_78_8")
#: characters of text per printed page: a full page of 12 pt text in each script
PAGE_CHARS = {"ar": 1500, "zh": 600, "en": 2000, "fr": 2000, "ru": 1800, "es": 2000}
CONDITIONS = {"clean": (300, 0.0, 0.0), "degraded": (150, 25.0, 0.005)}
FONTS = {"ar": "Noto Naskh Arabic, Noto Sans Arabic", "zh": "Noto Serif CJK SC, Noto Sans CJK SC"}
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-", "\u00ad": ""})


def page_texts(corpus: Path, code: str, pages: int) -> list[str]:
    """Runs of body paragraphs of the resolutions in language `code`, one run per page."""
    out: list[str] = []
    for stem in RESOLUTIONS:
        path = corpus / f"{stem}.{code}.xml"
        if not path.exists():
            continue
        source = extract(path)
        paragraphs = [re.sub(r"\s+", " ", b.text).strip() for b in source.blocks or [] if b.text.strip()]
        run: list[str] = []
        for p in paragraphs:
            if run and sum(len(x) for x in run) + len(p) > PAGE_CHARS[code]:
                break
            run.append(p[: PAGE_CHARS[code]])
        if run:
            out.append("\n".join(run))
        if len(out) == pages:
            break
    return out


def print_page(text: str, code: str, chromium: str, folder: Path, name: str) -> Path:
    """The text as a printed A4 page (PDF) from headless Chromium."""
    rtl = ' dir="rtl"' if code == "ar" else ""
    font = FONTS.get(code, "Noto Serif, Liberation Serif, serif")
    body = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n"))
    page = (
        f'<!doctype html><html lang="{code}"{rtl}><meta charset="utf-8"><style>'
        f"@page {{ size: A4; margin: 2.2cm }} body {{ font-family: {font}; font-size: 12pt; line-height: 1.35 }}"
        f"p {{ margin: 0 0 8pt 0; text-align: justify }}</style><body>{body}</body></html>"
    )
    src = folder / f"{name}.html"
    src.write_text(page, encoding="utf-8")
    out = folder / f"{name}.printed.pdf"
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={folder / 'chromium-profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            src.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out


def scan(printed: Path, dpi: int, sigma: float, specks: float, seed: int, out: Path) -> int:
    """Page one of `printed` as a scan (tests/scans.py): a PDF whose page is one grey image
    at `dpi`. Returns the number of pages Chromium printed (a page of text must fit on one)."""
    n = len(pdfium.PdfDocument(str(printed)))
    image_pdf([degrade(rasterise(printed, 0, dpi), sigma, specks, seed)], dpi, out)
    return n


def normal(text: str, code: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = re.sub(r"\s+", "", text) if code == "zh" else re.sub(r"\s+", " ", text)
    return text.strip()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--pages", type=int, default=3, help="pages per language (one per resolution)")
    ap.add_argument("--langs", default=",".join(OFFICIAL))
    ap.add_argument("--keep", type=Path, help="keep the printed pages and scans in this folder")
    args = ap.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("eval/ocr_cer.py needs Debian's chromium (make system-deps)", file=sys.stderr)
        return 2
    folder = args.keep or Path(tempfile.mkdtemp(prefix="undocs-cer-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str, int, float, float, float]] = []
    for code in args.langs.split(","):
        texts = page_texts(args.corpus, code, args.pages)
        for condition, (dpi, sigma, specks) in CONDITIONS.items():
            edits = length = 0
            seconds: list[float] = []
            per_page: list[float] = []
            for k, text in enumerate(texts):
                name = f"{code}-{k}"
                printed = folder / f"{name}.printed.pdf"
                if not printed.exists():
                    printed = print_page(text, code, chromium, folder, name)
                target = folder / f"page{k}-{condition}.{code}.pdf"  # the name gives the language, as users' files do
                if scan(printed, dpi, sigma, specks, seed=k, out=target) != 1:
                    print(f"{name}: the text does not fit on one printed page; lower PAGE_CHARS", file=sys.stderr)
                    return 2
                started = time.perf_counter()
                source = extract(target)
                seconds.append(time.perf_counter() - started)
                got = normal(" ".join(line.text for line in source.lines), code)
                truth = normal(" ".join(text.split("\n")), code)
                distance = Levenshtein.distance(got, truth)
                edits += distance
                length += len(truth)
                per_page.append(distance / max(1, len(truth)))
            cer = edits / max(1, length)
            rows.append((code, condition, len(texts), cer, max(per_page, default=0.0), statistics.median(seconds)))
            print(f"{code} {condition}: CER {cer:.2%} over {len(texts)} pages ({length} characters)", file=sys.stderr)
    print("| language | scan | pages | CER | worst page | seconds per page (median) |")
    print("|---|---|---|---|---|---|")
    for code, condition, n, cer, worst, secs in rows:
        dpi = CONDITIONS[condition][0]
        print(f"| {code} | {condition} ({dpi} dpi) | {n} | {cer:.2%} | {worst:.2%} | {secs:.1f} |")
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
