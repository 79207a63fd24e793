"""Scanned pages -> positioned lines, by Tesseract (through tesserocr) on pages rendered by pdfium.

OCR output enters the same line model as a PDF text layer: one `Line` per printed line
fragment with its place on the page in points, an estimate of its type size and its page,
then the page's layout is settled by `extract/layout.arrange` as for any PDF page. The
front-page and body readers never learn that a page was a scan.

Which Tesseract model reads a page comes from the language's file (`[ocr] tesseract` in
`lang/<code>.toml`, with what else a language wants of OCR: its punctuation, whether rules
are erased or specks removed); the language itself from the caller (the file's name, the
text layer), else from a first pass: Tesseract's script detection, or where it is unsure
the reading Tesseract is surest of, whose text then says which Latin language it is.

Known weaknesses of Tesseract that are mended here, each for a reason the UN's pages give:
underlines (erased), a masthead's two sides read as one line (cut at wide gaps), two close
lines read as one (parted by their words' heights), right-to-left words given in visual
order and numbers in Arabic lines cut short (read again), stray Latin words in Arabic lines.

Pages are read in parallel threads, one Tesseract instance per thread and model (tesserocr
releases the GIL while Tesseract works); pdfium, which is not thread-safe, renders them one
by one in the calling thread.
"""

from __future__ import annotations

import glob
import os
import re
import statistics
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final

from undocs import lang as langs
from undocs.errors import UnsupportedFormat
from undocs.extract.bidi import RTL_CHARS, logical, normalise_forms
from undocs.extract.layout import RULE
from undocs.extract.lines import Line

ENGINE: Final = "tesseract"
#: Resolution pages are rendered at: what Tesseract's models were trained on (text of 10-12 pt
#: at 300 dpi stands 30-50 pixels high)
DPI: Final = 300
#: The type size of a line from Tesseract's row height (x-height plus ascenders), measured on
#: born-digital UN pages rendered at DPI: 10 pt text gives a row of 9.1 pt
ROW_TO_SIZE: Final = 1.1
#: A line is cut into fragments where two of its words stand further apart than this many
#: type sizes (a masthead's organs and its "Distr." read by Tesseract as one line); the page's
#: layout joins the fragments of a line of prose again, as it joins a text layer's
WIDE_GAP: Final = 1.2
#: ... and a fragment further than this many type sizes from the one before it on its line is
#: another cell (a masthead's organs and its distribution), never joined to it as one text
APART: Final = 2.0
#: Words Tesseract is less sure of than this (0-100) are left out: specks, rules, stamps
MIN_WORD_CONFIDENCE: Final = 20.0
#: A fragment of a few words Tesseract is on average less sure of than this is what it made of
#: a picture (the emblem, a seal, a signature), not text
MIN_FRAGMENT_CONFIDENCE: Final = 50.0
#: Words standing taller than this many times the page's typical word are pictures read as letters
MAX_WORD_HEIGHT: Final = 3.0
#: Dark runs at least this long (inches) on a row of pixels are rules and underlines, erased
#: before reading: typewritten UN documents underline titles and headings (the typewriter's
#: italics), and an underline through descenders makes Tesseract misread the whole line
RULE_INCHES: Final = 0.3
#: Tesseract's orientation and script detection is trusted when it is this sure of the page's
#: orientation (a page lying on its side: 5-10; a clean upright page: 8-30; a coarse one: under 1)
MIN_OSD_CONFIDENCE: Final = 2.0
#: A page OCR reads with a lower mean word confidence gives no text (what Tesseract makes of
#: a picture, a map or a scan too coarse to read is noise)
MIN_PAGE_CONFIDENCE: Final = 50.0

#: Called with (pages read, pages to read) while a document's pages are OCRed: the CLI's progress bar
PROGRESS: ContextVar[Callable[[int, int], None] | None] = ContextVar("undocs_ocr_progress", default=None)

#: A symbol's "S/" read as "$/" or "s/" (typewriter faces): no UN text starts a word so
_SYMBOL_START: Final = re.compile(r"(^|\s)[$s5]/(?=\d{3,5}\b)")
#: A typed note's "1/" (its 1 underlined) read as "i/", "]/", "l/": no line starts so otherwise
_NOTE_ONE: Final = re.compile(r"^[il\]|I!]/(?=\s|$)")
_CJK: Final = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


class OcrUnavailable(UnsupportedFormat):
    """Tesseract or the language's model is not installed."""


@dataclass
class Image:
    """One page rendered for OCR: 8-bit grey pixels, and the page's size in points."""

    number: int
    pixels: bytes
    width: int
    height: int
    stride: int
    page_width: float
    page_height: float
    dpi: int = DPI
    osd: dict[str, Any] | None = field(default=None, repr=False)  # Tesseract's orientation and script, once


@dataclass
class PageText:
    """What OCR read on one page: its line fragments in points, before layout, and how sure it was."""

    number: int
    frags: list[Line]
    confidence: float  # Tesseract's mean word confidence, 0-100
    text: str = ""
    turned: int = 0  # degrees the page was turned (counter-clockwise) to be read upright


@dataclass
class Report:
    """What the record says of OCR (`source.ocr`)."""

    engine: str = ENGINE
    version: str = ""
    languages: list[str] = field(default_factory=list)
    models: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    confidence: float | None = None
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "version": self.version,
            "languages": self.languages,
            "models": self.models,
            "pages": self.pages,
            "mean_confidence": self.confidence,
            "reason": self.reason,
        }


# -- the engine -------------------------------------------------------------------------


@cache
def tessdata() -> str | None:
    """Where Tesseract's models are: $TESSDATA_PREFIX, else Debian's folder (the newest)."""
    env = os.environ.get("TESSDATA_PREFIX")
    if env and Path(env).is_dir():
        return env.rstrip("/") + "/"
    for pattern in ("/usr/share/tesseract-ocr/*/tessdata", "/usr/share/tessdata", "/usr/local/share/tessdata"):
        found = sorted(glob.glob(pattern))
        if found and glob.glob(found[-1] + "/*.traineddata"):
            return found[-1].rstrip("/") + "/"
    return None


def _tesserocr() -> Any:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # our threads, not Tesseract's: one page per core
    try:
        import tesserocr
    except ImportError:
        return None
    return tesserocr


@cache
def version() -> str:
    module = _tesserocr()
    if module is None:
        return ""
    first = module.tesseract_version().split()  # "tesseract 5.5.4\n leptonica-..."
    return first[1] if len(first) > 1 else ""


def installed_models() -> set[str]:
    folder = tessdata()
    if folder is None:
        return set()
    return {Path(p).stem for p in glob.glob(folder + "*.traineddata")}


def model_for(code: str) -> str:
    """The Tesseract model that reads an official language (its file's `[ocr] tesseract`)."""
    return str(langs.load(code).data.get("ocr", {}).get("tesseract", ""))


def check_available(path: Path, models: Iterable[str]) -> None:
    """Raise `OcrUnavailable` naming what is missing to read a scan."""
    if _tesserocr() is None:
        raise OcrUnavailable(path, "PDF is a scan and OCR needs tesserocr (pip install tesserocr)")
    have = installed_models()
    if not have:
        raise OcrUnavailable(path, "PDF is a scan and no Tesseract models were found (apt-get install tesseract-ocr)")
    missing = sorted({m for model in models for m in model.split("+")} - have)
    if missing:
        raise OcrUnavailable(
            path,
            "PDF is a scan and Tesseract's model for it is not installed: "
            + ", ".join(missing)
            + " (apt-get install "
            + " ".join("tesseract-ocr-" + m.replace("_", "-") for m in missing)
            + ")",
        )


_LOCAL = threading.local()


def _api(model: str, psm: int | None = None) -> Any:
    """This thread's Tesseract for `model` (made once: loading a model takes a tenth of a second)."""
    apis: dict[tuple[str, int | None], Any] = getattr(_LOCAL, "apis", None) or {}
    _LOCAL.apis = apis
    api = apis.get((model, psm))
    if api is None:
        module = _tesserocr()
        kwargs = {} if psm is None else {"psm": psm}
        api = module.PyTessBaseAPI(path=tessdata(), lang=model, **kwargs)
        apis[(model, psm)] = api
    return api


# -- reading one page -----------------------------------------------------------------


@dataclass
class _Row:
    """One line as Tesseract segmented it: its baseline and type size in points, its words
    (text, pixel box, confidence)."""

    y: float
    size: float
    words: list[tuple[str, tuple[int, int, int, int], float]] = field(default_factory=list)


def read_page(image: Image, model: str) -> PageText:
    """OCR one rendered page into line fragments placed in points on the page; a page that
    Tesseract sees lying on its side or upside down is turned upright first (`PageText.turned`:
    the fragments then stand on the turned page)."""
    degrees = _orientation(image)
    if not degrees:
        return _read(image, model)
    page = _read(_turn(image, degrees), model)
    page.turned = degrees
    return page


def _osd(image: Image) -> dict[str, Any]:
    """Tesseract's orientation and script detection on the page, once per page (the
    language guess and the turn upright both ask); {} where it is unsure or unavailable:
    it says 8-30 on a clean page, under 1 on a coarse 100-dpi one, where it can name a
    script and an orientation the page does not have."""
    if image.osd is None:
        image.osd = {}
        if "osd" in installed_models():
            api = _api("osd", psm=_tesserocr().PSM.OSD_ONLY)
            api.SetImageBytes(image.pixels, image.width, image.height, 1, image.stride)
            api.SetSourceResolution(image.dpi)
            try:
                found = api.DetectOrientationScript()
            except RuntimeError:
                found = None
            finally:
                api.Clear()
            if found and found.get("orient_conf", 0.0) >= MIN_OSD_CONFIDENCE:
                image.osd = dict(found)
    return image.osd


def _orientation(image: Image) -> int:
    """How far the page must turn (counter-clockwise, degrees) to stand upright."""
    return int(_osd(image).get("orient_deg", 0)) % 360


def _turn(image: Image, degrees: int) -> Image:
    """The page turned counter-clockwise by `degrees` (90, 180, 270)."""
    import numpy as np

    grey = np.frombuffer(image.pixels, dtype=np.uint8).reshape(image.height, image.stride)[:, : image.width]
    turned = np.ascontiguousarray(np.rot90(grey, degrees // 90))
    height, width = turned.shape
    sideways = degrees in (90, 270)
    return Image(
        image.number,
        turned.tobytes(),
        width,
        height,
        width,
        image.page_height if sideways else image.page_width,
        image.page_width if sideways else image.page_height,
        image.dpi,
    )


def _read(image: Image, model: str) -> PageText:
    module = _tesserocr()
    api = _api(model)
    settings = _settings(model)
    pixels, free = erase_rules(image) if settings.get("erase_rules", True) else (image.pixels, [])
    if settings.get("despeckle", True):
        pixels = despeckle(pixels, image)
    api.SetImageBytes(pixels, image.width, image.height, 1, image.stride)
    api.SetSourceResolution(image.dpi)
    api.Recognize()
    scale = 72.0 / image.dpi
    ril_line, ril_word = module.RIL.TEXTLINE, module.RIL.WORD
    rows: list[_Row] = []
    confidences: list[float] = []
    for item in module.iterate_level(api.GetIterator(), ril_word):
        word = item.GetUTF8Text(ril_word)
        if word is None:
            continue
        if item.IsAtBeginningOf(ril_line) or not rows:
            baseline = item.Baseline(ril_line)
            attrs = item.RowAttributes()
            y = (baseline[0][1] + baseline[1][1]) / 2 if baseline else item.BoundingBox(ril_line)[3]
            rows.append(_Row(y * scale, attrs["row_height"] * scale * ROW_TO_SIZE))
        word = word.strip()
        confidence = item.Confidence(ril_word)
        if not word or confidence < MIN_WORD_CONFIDENCE and not (_ELIDED.search(word) and well_formed(word)):
            continue  # (Tesseract gives an elided word it read right no confidence: "L’Assemblée" at 0)
        confidences.append(confidence)
        rows[-1].words.append((word, item.BoundingBox(ril_word), confidence))
    api.Clear()
    if any(RTL_CHARS.search(w) for row in rows for w, _, _ in row.words):
        _right_to_left(rows, image, model)
    rows = [part for row in rows for part in _one_baseline(row, scale)]
    heights = [b[3] - b[1] for row in rows for _, b, _ in row.words]
    if heights:
        limit = MAX_WORD_HEIGHT * statistics.median(heights)
        for row in rows:
            row.words = [w for w in row.words if w[1][3] - w[1][1] <= limit or w[2] >= 80]
    frags: list[Line] = []
    for row in rows:
        frags.extend(_fragments(row, scale, image.number))
    frags.extend(_note_rules(free, image, frags))
    text = "\n".join(f.text for f in frags)
    mean = statistics.fmean(confidences) if confidences else 0.0
    return PageText(number=image.number, frags=frags, confidence=mean, text=text)


def _one_baseline(row: _Row, scale: float) -> list[_Row]:
    """A line of Tesseract's as the lines it holds: two short lines close together (a masthead's
    symbol and date, one under the other) can come as one, their words at two heights."""
    words = row.words
    if len(words) < 2:
        return [row]
    tall = statistics.median(b[3] - b[1] for _, b, _ in words)
    bottoms = sorted(range(len(words)), key=lambda k: words[k][1][3])
    if words[bottoms[-1]][1][3] - words[bottoms[0]][1][3] <= 0.6 * tall:
        return [row]
    parts: list[list[int]] = [[bottoms[0]]]
    for k in bottoms[1:]:
        if words[k][1][3] - words[parts[-1][-1]][1][3] > 0.5 * tall:
            parts.append([])
        parts[-1].append(k)
    out = []
    for part in parts:
        part.sort()  # reading order
        base = statistics.median(words[k][1][3] for k in part) * scale
        out.append(_Row(base, row.size, [words[k] for k in part]))
    return out


def _right_to_left(rows: list[_Row], image: Image, model: str) -> None:
    """Right-to-left words in logical order, and their numbers whole. Tesseract's word
    iterator gives such words in visual order; and its Arabic model, on a number inside
    Arabic text, can read a few digits of it ("2014" as "4", in a box four digits wide): a
    number whose box is far wider than its digits is read again on its own, in Latin digits."""
    rtl_model = next((m for m in model.split("+") if m != "eng"), "")
    marks = str.maketrans(_settings(model).get("punctuation", {}))
    for row in rows:
        fixed: list[tuple[str, tuple[int, int, int, int], float]] = []
        for k, (word, box, confidence) in enumerate(row.words):
            if RTL_CHARS.search(word):
                word = logical(list(word), True).translate(marks)
            elif _NUMBER.match(word) and box[2] - box[0] > 1.5 * _DIGIT_WIDTH * (box[3] - box[1]) * len(word):
                again = _read_box(image, box, "eng").strip(".,:;-–—")
                if again and _NUMBER.match(again) and len(again) > len(word):
                    word = again
            elif rtl_model and _STRAY_LATIN.match(word) and _between_rtl(row.words, k):
                # a short Latin word between two Arabic ones is an Arabic word the Latin
                # model won ("Jol" for الأول): read again by the Arabic model alone
                again = _read_box(image, box, rtl_model)
                if RTL_CHARS.search(again):
                    word = logical(list(again), True).translate(marks)
            fixed.append((word, box, confidence))
        row.words = fixed


@cache
def _settings(model: str) -> dict[str, Any]:
    """The `[ocr]` table of the language `model` reads (its punctuation, whether rules are erased)."""
    for code in langs.available():
        table = langs.load(code).data.get("ocr", {})
        if table.get("tesseract") == model:
            return dict(table)
    return {}


def _between_rtl(words: list[tuple[str, tuple[int, int, int, int], float]], k: int) -> bool:
    """Arabic on one side and Arabic or a number on the other."""
    sides = [words[j][0] for j in (k - 1, k + 1) if 0 <= j < len(words)]
    arabic = sum(1 for w in sides if RTL_CHARS.search(w))
    return arabic >= 1 and arabic + sum(1 for w in sides if _NUMBER.match(w)) == 2


#: a short word in Latin letters, not an acronym in capitals (UN, ESCWA)
_STRAY_LATIN: Final = re.compile(r"^[\"'(]?(?![A-Z]{2,}\b)[A-Za-z]{1,5}[\"'),.:;]?$")


#: a number as printed in a document: digits with their separators
_NUMBER: Final = re.compile(r"^[\d/.,:\-()]+$")
#: a digit's width against its height, in the faces UN documents are set in (about 0.55-0.65)
_DIGIT_WIDTH: Final = 0.65


def _read_box(image: Image, box: tuple[int, int, int, int], model: str) -> str:
    """The text of one word's box (and half a letter height either side: the box can cut a
    number's ends), read alone by `model`."""
    import numpy as np

    module = _tesserocr()
    api = _api(model, psm=module.PSM.SINGLE_WORD)
    pad, side = 4, (box[3] - box[1]) // 2
    top, bottom = max(0, box[1] - pad), min(image.height, box[3] + pad)
    left, right = max(0, box[0] - side), min(image.width, box[2] + side)
    grey = np.frombuffer(image.pixels, dtype=np.uint8).reshape(image.height, image.stride)
    crop = np.ascontiguousarray(grey[top:bottom, left:right])
    api.SetImageBytes(crop.tobytes(), right - left, bottom - top, 1, right - left)
    api.SetSourceResolution(image.dpi)
    try:
        return str(api.GetUTF8Text() or "").strip()
    finally:
        api.Clear()


#: A page is grainy when a 3 x 3 median would take away this share of its ink
GRAIN: Final = 0.04
#: compare-and-swap steps that leave the median of nine values in the fifth (Paeth's network)
_MEDIAN9: Final = (
    (1, 2), (4, 5), (7, 8), (0, 1), (3, 4), (6, 7), (1, 2), (4, 5), (7, 8), (0, 3),
    (5, 8), (4, 7), (3, 6), (1, 4), (2, 5), (4, 7), (4, 2), (6, 4), (4, 2),
)  # fmt: skip


def despeckle(pixels: bytes, image: Image) -> bytes:
    """A grainy page through a 3 x 3 median: its specks and grain gone (a 150-dpi scan with
    noise: 10 % of characters wrong without, under 2 % with, eval/ocr_cer.py). The median
    also thins strokes one pixel wide (a typewriter's, on a bilevel scan), so a page keeps
    its pixels unless the median takes away more than GRAIN of its ink: ink in specks too
    small to be strokes (the edges of clean type lose about 2 %). Element-wise minima and
    maxima of the nine shifted copies: a tenth of a second a page."""
    import numpy as np

    grey = np.frombuffer(pixels, dtype=np.uint8).reshape(image.height, image.stride)[:, : image.width]
    padded = np.pad(grey, 1, mode="edge")
    h, w = grey.shape
    v = [padded[i : i + h, j : j + w] for i in range(3) for j in range(3)]
    for a, b in _MEDIAN9:
        low = np.minimum(v[a], v[b])
        v[b] = np.maximum(v[a], v[b])
        v[a] = low
    ink = grey < 128
    taken, total = int(np.count_nonzero(ink & (v[4] >= 128))), int(np.count_nonzero(ink))
    if taken < GRAIN * max(1, total):
        return pixels
    out = np.frombuffer(pixels, dtype=np.uint8).reshape(image.height, image.stride).copy()
    out[:, : image.width] = v[4]
    return out.tobytes()


def erase_rules(image: Image) -> tuple[bytes, list[tuple[int, int, int]]]:
    """The page's pixels with horizontal rules and underlines turned white, and the rules
    that stand free (no ink just above or below: not an underline) as (left, right, y) pixels."""
    import numpy as np

    grey = np.frombuffer(image.pixels, dtype=np.uint8).reshape(image.height, image.stride)
    dark = (grey[:, : image.width] < 128).astype(np.int32)
    run = max(8, int(RULE_INCHES * image.dpi))
    sums = np.cumsum(np.pad(dark, ((0, 0), (1, 0))), axis=1)
    full = (sums[:, run:] - sums[:, :-run]) == run  # a window of `run` dark pixels starts here
    if not full.any():
        return image.pixels, []
    starts = np.cumsum(np.pad(full.astype(np.int32), ((0, 0), (1, 0))), axis=1)
    covered = np.zeros_like(dark, dtype=bool)
    # a pixel lies on a rule when a full window starts within `run` pixels before it
    hits = starts[:, 1:] - np.pad(starts[:, 1:], ((0, 0), (run, 0)))[:, : starts.shape[1] - 1]
    covered[:, : hits.shape[1]] = hits > 0
    out = grey.copy()
    out[:, : image.width][covered] = 255
    ink = (dark > 0) & ~covered
    clear = max(2, int(0.04 * image.dpi))  # a tenth of a line: an underline touches its text
    free: list[tuple[int, int, int]] = []
    rows = np.flatnonzero(covered.any(axis=1))
    for band in np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1):
        top, bottom = int(band[0]), int(band[-1])
        cols = np.flatnonzero(covered[top : bottom + 1].any(axis=0))
        left, right = int(cols[0]), int(cols[-1])
        edge = 3  # a rule's ragged edges, too short to count as rule, are its own
        above = ink[max(0, top - clear) : max(0, top - edge), left : right + 1]
        below = ink[bottom + 1 + edge : bottom + 1 + clear, left : right + 1]
        if not above.any() and not below.any():
            free.append((left, right, (top + bottom) // 2))
    return out.tobytes(), free


def _note_rules(free: list[tuple[int, int, int]], image: Image, frags: list[Line]) -> list[Line]:
    """The rule above a page's notes, as the line a typed page has there: a short rule standing
    free at the left margin, below the page's top third, with text under it (the rules across
    a masthead, a short centred rule that ends a document, a scanner's edge are not it)."""
    scale = 72.0 / image.dpi
    return [
        Line(text=RULE, page=image.number, x0=left * scale, x1=right * scale, y=y * scale, size=10.0)
        for left, right, y in free
        if right - left < 0.5 * image.width
        and left < 0.25 * image.width
        and y > image.height / 3
        and any(f.y > y * scale for f in frags)
    ]


def _fragments(row: _Row, scale: float, page: int) -> Iterator[Line]:
    """One OCR line's words -> fragments, cut at gaps wider than WIDE_GAP type sizes. Words keep
    Tesseract's order inside a fragment: its reading order, right to left in Arabic. A fragment's
    size is the line's, scaled by how tall its words stand against the line's words."""
    words, size = row.words, row.size
    if not words or not any(any(c.isalnum() for c in w) for w, _, _ in words):
        return
    by_x = sorted(range(len(words)), key=lambda k: words[k][1][0])
    groups: list[list[int]] = [[by_x[0]]]
    reach = words[by_x[0]][1][2]
    apart: list[bool] = [False]
    for k in by_x[1:]:
        left, right = words[k][1][0], words[k][1][2]
        gap = (left - reach) * scale
        if gap > WIDE_GAP * size:
            groups.append([])
            apart.append(gap > APART * size)
        groups[-1].append(k)
        reach = max(reach, right)
    tall = statistics.median(b[3] - b[1] for _, b, _ in words) or 1
    for group, alone in zip(groups, apart, strict=True):
        group.sort()  # back to reading order
        text = _join([words[k][0] for k in group])
        text = _NOTE_ONE.sub("1/", _SYMBOL_START.sub(lambda m: m.group(1) + "S/", text))
        if not any(c.isalnum() for c in text):
            continue
        if (
            len(group) < 4
            and statistics.fmean(words[k][2] for k in group) < MIN_FRAGMENT_CONFIDENCE
            and not any(c.isdigit() for c in text)
            and 2 * sum(well_formed(words[k][0]) for k in group) < len(group)
        ):
            continue
        own = statistics.median(words[k][1][3] - words[k][1][1] for k in group)
        ratio = own / tall if len(groups) > 1 else 1.0
        x0 = min(words[k][1][0] for k in group) * scale
        x1 = max(words[k][1][2] for k in group) * scale
        size_here = round(size * ratio * 2) / 2 or 10.0
        yield Line(text=text, page=page, x0=x0, x1=x1, y=row.y, size=size_here, apart=alone)


def _join(words: list[str]) -> str:
    """Words of one fragment as text: Chinese characters without the spaces Tesseract puts
    between them, Arabic presentation forms as letters."""
    out = words[0]
    for word in words[1:]:
        glued = _CJK.match(word[:1]) and _CJK.match(out[-1:]) or word[:1] == "/" or out[-1:] == "/"
        out += word if glued else " " + word  # ("الأول" "/ديسمبر": one word Tesseract cut at its slash)
    out = unicodedata.normalize("NFC", out)
    return normalise_forms(out) if any("\ufb50" <= c <= "\ufeff" for c in out) else out


_ELIDED: Final = re.compile(r"[^\W\d_]['’][^\W\d_]")
_WELL_FORMED: Final = re.compile(r"[\"'(\[«“]?([^\W\d_]+(?:[-'’][^\W\d_]+)*)[)\]»”\"',.;:!?]*")
_CASE_FLIP: Final = re.compile(r"[^\W\d_](?<=[a-zа-яà-ÿ])[A-ZА-ЯÀ-Þ]")


def well_formed(word: str) -> bool:
    """A word of letters (a hyphen or apostrophe inside, punctuation around), no lower-case
    letter followed by a capital: what OCR noise ("Pgrmanr~nt", "JOOmber_s", "pF") is not."""
    m = _WELL_FORMED.fullmatch(word)
    return m is not None and len(m.group(1)) >= 2 and not _CASE_FLIP.search(m.group(1))


# -- choosing the language --------------------------------------------------------------


@cache
def _script_languages() -> dict[str, str]:
    """Tesseract's script names -> the official language written in that script alone (each
    language file's `[ocr] scripts`; the Latin languages name none: their text tells them apart)."""
    return {
        script: code for code in langs.available() for script in langs.load(code).data.get("ocr", {}).get("scripts", [])
    }


def guess_language(image: Image) -> str:
    """The official language of a scanned page nothing else names: Tesseract's script
    detection; where it is unsure, the reading Tesseract is surest of among the scripts'
    models (the Latin languages read together); for Latin script, the text then says which."""
    from undocs.parse.language import detect

    scripts = _script_languages()
    code = scripts.get(_osd(image).get("script_name", ""))
    if code:
        return code
    latin = [c for c in langs.OFFICIAL if c in langs.available() and c not in scripts.values()]
    candidates = {"+".join(model_for(c) for c in latin): None} | {
        model_for(c): c for c in dict.fromkeys(scripts.values())
    }
    best, best_code, best_text = -1.0, "en", ""
    for model, script_code in candidates.items():
        if not set(model.split("+")) <= installed_models():
            continue
        reading = read_page(image, model)
        if reading.confidence > best:
            best, best_code, best_text = reading.confidence, script_code or "", reading.text
    return best_code or detect(best_text) or "en"


# -- many pages -----------------------------------------------------------------------


def workers() -> int:
    """Threads to OCR with: $UNDOCS_OCR_WORKERS, else one per core."""
    text = os.environ.get("UNDOCS_OCR_WORKERS", "")
    if text.strip().isdigit() and int(text) > 0:
        return int(text)
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def read_pages(images: Iterable[Image], total: int, model: str) -> Iterator[PageText]:
    """OCR pages in parallel, in their order; `images` is consumed in the calling thread
    (pdfium renders there) no further ahead than the threads can take."""
    progress = PROGRESS.get()
    n = workers()
    done = 0
    if progress:
        progress(0, total)
    with ThreadPoolExecutor(max_workers=n, thread_name_prefix="undocs-ocr") as pool:
        pending: list[Future[PageText]] = []
        for image in images:
            pending.append(pool.submit(read_page, image, model))
            while len(pending) > n:
                yield pending.pop(0).result()
                done += 1
                if progress:
                    progress(done, total)
        for future in pending:
            yield future.result()
            done += 1
            if progress:
                progress(done, total)
