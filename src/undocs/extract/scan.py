"""Which pages of a PDF are read by OCR, and reading them.

A page is OCRed when it has no text but an image (a scan, a scanned annex), or when it is a
scan whose text layer does not agree with a fresh reading: old layers can be noise
(`:: '. :~.`) or half right ("Pgrmanr~nt. Observer"). Whether a layer is good is measured
against Tesseract itself on the document's first scanned page (the share of words the two
readings have in common), so a good layer is kept and costs one page of OCR, and a
born-digital PDF costs a look at its first page's objects.

Modes (`--ocr`): auto (the above), always (every page, layer or not), never (layers as
they are; a page without text stays empty, a PDF without any is refused).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from undocs.errors import EmptyDocument
from undocs.extract import ocr
from undocs.extract.hyphens import mark_breaks
from undocs.extract.layout import arrange
from undocs.extract.lines import MARK, Line
from undocs.files import language_from_name
from undocs.limits import extend_time

#: A page is a scan when one image covers at least this share of it
SCAN_COVER: Final = 0.5
#: Text objects drawn invisible that make a page's text an OCR layer
INVISIBLE_MIN: Final = 5
#: A scan's text layer is kept when at least this share of its words are also in a fresh
#: reading of the page (Dice over word counts): below it, a layer is mostly noise. Layers
#: of fair scans agree at 0.75-0.95 (Tesseract misreads some words the layer got right, and
#: the other way round: the corpus's 1971 and 1990s scans); a 1951 petition's agrees at 0.6.
MIN_AGREEMENT: Final = 0.7
#: ... or when a fresh reading finds this many times the layer's well-formed words (a layer
#: that kept parts of the page as pictures, a masthead typically, lacks their words)
MORE_WORDS: Final = 1.25
#: A fresh reading replaces a layer only when Tesseract is this sure of it (mean word confidence)
MIN_CONFIDENCE: Final = 70.0
#: The longest side of a rendered page in pixels (an A0 poster at 300 dpi is not read at 300 dpi)
MAX_SIDE: Final = 7000

#: A text layer is garbled when this share of its characters are control codes (or U+FFFD)
GARBLED: Final = 0.05

_WORD: Final = re.compile(r"\w+")
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]")


@dataclass
class Pages:
    """A PDF's pages as the text layer gave them, and what is known of their scans."""

    lines: list[list[Line]] = field(default_factory=list)
    sizes: list[tuple[float, float]] = field(default_factory=list)
    empty_scans: list[int] = field(default_factory=list)  # 0-based: no text, an image over the page
    layered_scans: list[int] = field(default_factory=list)  # 0-based: a scan with a text layer
    garbled: list[int] = field(default_factory=list)  # 0-based: a layer of control codes, no text

    first_is_scan: bool = False

    def add(self, page: pdfium.PdfPage, lines: list[Line], mode: str, *, garbled: bool = False) -> None:
        """Keep a page's lines; look at its objects where that can change what is read: the
        first page, pages without text, and every page of a document that starts as a scan."""
        index = len(self.lines)
        self.lines.append(lines)
        self.sizes.append((page.get_width(), page.get_height()))
        if mode != "auto":
            return
        has_text = any(line.text.strip() for line in lines)
        if has_text and garbled:  # (the extractor measured its text: scan.garbled)
            self.garbled.append(index)
            return
        if index == 0 or not has_text or self.first_is_scan:
            kind = scan_kind(page)
            if kind == "image" and not has_text:
                self.empty_scans.append(index)
            elif kind == "layer" and has_text:
                self.layered_scans.append(index)
            self.first_is_scan = self.first_is_scan or (index == 0 and kind is not None)


def garbled(text: str) -> bool:
    """Whether a page's text layer is control codes more than text: a font embedded without a
    usable character map gives "\x04 \x07\x08 ةE" for a line of Arabic (E/ESCWA/SD/2017/WG.3/Report;
    other PDFs of both corpora have none), and only OCR can read such a page."""
    controls = len(_CONTROL.findall(text))
    if not controls:
        return False  # (almost every page: no need to count its letters)
    letters = len(text) - sum(1 for c in text if c.isspace())
    return letters >= 20 and controls >= GARBLED * letters


def scan_kind(page: pdfium.PdfPage) -> str | None:
    """ "layer": the page carries an OCR layer (text drawn invisible, the way OCR tools lay their
    reading over a scan, alone or beside pieces of the image they kept); "image": one image
    covers most of it and no text is drawn; None: a page made as text (a cover's background
    picture with its text drawn over it is such a page)."""
    handle = page.raw
    area = page.get_width() * page.get_height()
    left, bottom, right, top = (raw.FS_FLOAT(), raw.FS_FLOAT(), raw.FS_FLOAT(), raw.FS_FLOAT())
    invisible = visible = 0
    covered = False
    for k in range(raw.FPDFPage_CountObjects(handle)):
        obj = raw.FPDFPage_GetObject(handle, k)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            if raw.FPDFTextObj_GetTextRenderMode(obj) == raw.FPDF_TEXTRENDERMODE_INVISIBLE:
                invisible += 1
            else:
                visible += 1
        elif (
            kind == raw.FPDF_PAGEOBJ_IMAGE and not covered and raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        ):
            box = max(0.0, right.value - left.value) * max(0.0, top.value - bottom.value)
            covered = area > 0 and box >= SCAN_COVER * area
    if invisible >= INVISIBLE_MIN and invisible >= 0.1 * (invisible + visible):
        return "layer"
    if covered and visible == 0:
        return "image"
    return None


def render(pdf: pdfium.PdfDocument, index: int) -> ocr.Image:
    """A page as grey pixels at OCR resolution (lower for a page too large for it)."""
    page = pdf[index]
    try:
        width, height = page.get_width(), page.get_height()
        dpi = min(ocr.DPI, int(MAX_SIDE * 72 / max(width, height, 1.0)))
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        pixels = bytes(bitmap.buffer)
        image = ocr.Image(index + 1, pixels, bitmap.width, bitmap.height, bitmap.stride, width, height, dpi)
        bitmap.close()
        return image
    finally:
        page.close()


def _text(lines: list[Line]) -> str:
    return "\n".join(line.text.replace(MARK, " ") for line in lines)


def clean_words(text: str) -> int:
    """How many well-formed words a reading has (ocr.well_formed): what noise is not."""
    return sum(1 for word in text.split() if ocr.well_formed(word))


def agreement(layer: str, reading: str) -> float:
    """The share of words two readings of a page have in common (Dice over word counts,
    case-blind): 1.0 the same words, 0.0 none."""
    a, b = Counter(_WORD.findall(layer.casefold())), Counter(_WORD.findall(reading.casefold()))
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 1.0


def read_scans(
    pdf: pdfium.PdfDocument, path: Path, pages: Pages, *, mode: str, language: str | None, page_time: float
) -> dict[str, object] | None:
    """OCR the pages `mode` asks for, in place in `pages.lines`; what was done, for
    `source.ocr`, or None when no page was OCRed."""
    if mode == "never":
        return None
    if mode == "always":
        targets = list(range(len(pages.lines)))
        reason = "--ocr always"
    else:
        targets = sorted(pages.empty_scans + pages.garbled)
        reason = "; ".join(
            said
            for said, where in (
                ("pages without a text layer", pages.empty_scans),
                ("text layer of control codes, not text (a font without a usable character map)", pages.garbled),
            )
            if where
        )
    if not targets and not pages.layered_scans:
        return None
    ocr.check_available(path, [])
    layered = pages.layered_scans if mode == "auto" else targets  # (--ocr always: the whole layer)
    layer_text = "\n".join(_text(pages.lines[k]) for k in layered)
    code = language or language_from_name(path) or _detect(layer_text)
    read: dict[int, ocr.PageText] = {}
    first_image: ocr.Image | None = None
    if code is None:
        first_image = render(pdf, targets[0] if targets else pages.layered_scans[0])
        code = ocr.guess_language(first_image)
    model = ocr.model_for(code)
    ocr.check_available(path, [model])
    if mode == "auto" and pages.layered_scans:
        first = pages.layered_scans[0]
        extend_time(page_time)
        image = first_image if first_image is not None and first_image.number == first + 1 else render(pdf, first)
        read[first] = ocr.read_page(image, model)
        layer, fresh = _text(pages.lines[first]), read[first]
        score, more = agreement(layer, fresh.text), clean_words(fresh.text) / max(1, clean_words(layer))
        said = f"{score:.0%} of its words agree with a fresh reading of page {first + 1}, which has {more:.0%} of its well-formed words"
        if fresh.confidence >= MIN_CONFIDENCE and (score < MIN_AGREEMENT or more >= MORE_WORDS):
            targets = sorted(set(targets) | set(pages.layered_scans))
            reason = "text layer replaced: " + said + ("; pages without a text layer" if pages.empty_scans else "")
        elif not targets:
            return ocr.Report(
                version=ocr.version(), languages=[code], models=[model], reason="text layer kept: " + said
            ).to_dict()
    if not targets:
        return None
    todo = [k for k in targets if k not in read]
    extend_time(page_time * len(todo))

    def images() -> Iterator[ocr.Image]:
        for k in todo:
            yield first_image if first_image is not None and first_image.number == k + 1 else render(pdf, k)

    for page in ocr.read_pages(images(), len(todo), model):
        read[page.number - 1] = page
    unread = [k for k in targets if read[k].frags and read[k].confidence < ocr.MIN_PAGE_CONFIDENCE]
    for k in targets:
        width, height = pages.sizes[k]
        if read[k].turned in (90, 270):
            width, height = height, width  # the page was read turned on its side
        pages.lines[k] = [] if k in unread else arrange(read[k].frags, width, height, k + 1, scanned=True)
    mark_breaks([pages.lines[k] for k in targets], code)
    confidences = [read[k].confidence for k in targets if read[k].frags]
    if unread and not any(line.text.strip() for lines in pages.lines for line in lines):
        mean = sum(read[k].confidence for k in unread) / len(unread)
        raise EmptyDocument(path, f"PDF is a scan that OCR cannot read (Tesseract's mean confidence {mean:.0f} of 100)")
    if unread:
        reason += (
            "; left out as unreadable (mean confidence under "
            + f"{ocr.MIN_PAGE_CONFIDENCE:.0f}): pages "
            + ", ".join(str(k + 1) for k in unread)
        )
    report = ocr.Report(
        version=ocr.version(),
        languages=[code],
        models=[model],
        pages=[k + 1 for k in targets],
        confidence=round(sum(confidences) / len(confidences), 1) if confidences else None,
        reason=reason,
    )
    out = report.to_dict()
    turned = {str(k + 1): read[k].turned for k in targets if read[k].turned}
    if turned:
        out["turned"] = turned  # page -> degrees turned to read it upright
    return out


def _detect(text: str) -> str | None:
    from undocs.parse.language import detect

    return detect(text) if text.strip() else None
