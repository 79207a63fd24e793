"""Digits whose text layer lies, read again from their glyphs.

Arabic PDFs made by Word often embed two subsets of one face (both called "Arial"), and the
text layer of the second maps its digits wrongly: the printed "2018" reads "8102", "14" reads
"01", "2030" reads "0202", "7 (a)" reads "2 (a)". Nothing in the layer tells the lie apart from
the truth, but the glyphs do. So each font's digits are checked once against Tesseract reading
a few of their numbers alone (a number is a small crop, a hundredth of a second): a font whose
numbers agree is trusted for the rest of the document; one whose numbers disagree, where
Tesseract is sure, has every number it prints read again. A born-digital PDF with honest
fonts costs a few crops; a PDF without right-to-left text costs nothing.
"""

from __future__ import annotations

import ctypes
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Final

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from undocs.extract.bidi import RTL_CHARS

#: A font is trusted after this many of its numbers read the same by Tesseract, or after
#: twice as many looks that found no disagreement (a lone "1" is read unsure)
TRUST_AFTER: Final = 3
#: A reading replaces the layer's only when Tesseract is this sure of it (0-100)
MIN_CONFIDENCE: Final = 85
#: Numbers are read at this resolution (dots per inch)
DPI: Final = 400
_RUN: Final = re.compile(r"\d+")
_LOCAL = threading.local()


@dataclass
class DigitCheck:
    """One document's verdicts on its fonts' digits, and what was read again."""

    trusted: dict[int, int] = field(default_factory=dict)  # font -> numbers that agreed
    looks: dict[int, int] = field(default_factory=dict)  # font -> numbers read to judge it
    lying: set[int] = field(default_factory=set)  # fonts whose digits disagree with their glyphs
    fixed: int = 0  # numbers read again and changed
    pages: list[int] = field(default_factory=list)  # 1-based pages where numbers were changed

    def fix(self, page: pdfium.PdfPage, handle: Any, text: str, number: int) -> str:
        """`text` (the page's text) with the digits of lying fonts as their glyphs read; the
        same length, so that every character keeps its index and box."""
        chars = list(text)
        changed = False
        pos = 0
        for raw_line in text.split("\r\n"):
            start, pos = pos, pos + len(raw_line) + 2
            if not RTL_CHARS.search(raw_line):
                continue  # Latin lines' digits (symbols, the masthead's date) are set in honest faces
            for m in _RUN.finditer(raw_line):
                for run in _by_font(handle, start + m.start(), start + m.end()):
                    font = _font(handle, run[0])
                    if font in self.lying or (
                        self.trusted.get(font, 0) < TRUST_AFTER and self.looks.get(font, 0) < 2 * TRUST_AFTER
                    ):
                        changed |= self._check(page, handle, chars, run, font)
        if changed:
            self.pages.append(number)
            return "".join(chars)
        return text

    def _check(self, page: pdfium.PdfPage, handle: Any, chars: list[str], run: list[int], font: int) -> bool:
        boxes = [_box(handle, k) for k in run]
        self.looks[font] = self.looks.get(font, 0) + 1
        read, confidence = self._read(page, boxes)
        if confidence < MIN_CONFIDENCE or len(read) != len(run) or not read.isdigit():
            return False
        visual = sorted(range(len(run)), key=lambda i: boxes[i][0])  # left to right, as Tesseract reads
        layer = "".join(chars[run[i]] for i in visual)
        if layer == read:
            if font not in self.lying:
                self.trusted[font] = self.trusted.get(font, 0) + 1
            return False
        self.lying.add(font)
        for i, digit in zip(visual, read, strict=True):
            chars[run[i]] = digit
        self.fixed += 1
        return True

    def _read(self, page: pdfium.PdfPage, boxes: list[tuple[float, float, float, float]]) -> tuple[str, int]:
        """What Tesseract reads in the boxes' union (a little room around it), and how sure it is."""
        left = min(b[0] for b in boxes)
        right = max(b[1] for b in boxes)
        bottom = min(b[2] for b in boxes)
        top = max(b[3] for b in boxes)
        h = top - bottom
        width, height = page.get_width(), page.get_height()
        crop = (
            max(0.0, left - 0.2 * h),
            max(0.0, bottom - 0.5 * h),
            max(0.0, width - right - 0.2 * h),
            max(0.0, height - top - 0.5 * h),
        )
        if h <= 0 or right <= left or crop[0] + crop[2] >= width - 1 or crop[1] + crop[3] >= height - 1:
            return "", 0  # no box, or one off the page (a glyph drawn outside the page's box)
        bitmap = page.render(scale=DPI / 72, crop=crop, grayscale=True)
        api = _tesseract()
        api.SetImageBytes(bytes(bitmap.buffer), bitmap.width, bitmap.height, 1, bitmap.stride)
        api.SetSourceResolution(DPI)
        try:
            return str(api.GetUTF8Text() or "").strip(), int(api.MeanTextConf())
        finally:
            api.Clear()

    def report(self) -> str:
        """What the record's source says of it, or "" when nothing was read again."""
        if not self.fixed:
            return ""
        pages = ("page " if len(self.pages) == 1 else "pages ") + ", ".join(str(p) for p in self.pages)
        return (
            f"{self.fixed} numbers read again from their glyphs ({pages}): a font's text layer maps its digits wrongly"
        )


def _tesseract() -> Any:
    """This thread's Tesseract for numbers (made once: loading the model takes a tenth of a second)."""
    api = getattr(_LOCAL, "api", None)
    if api is None:
        from undocs.extract import ocr

        module = ocr._tesserocr()
        api = module.PyTessBaseAPI(path=ocr.tessdata(), lang="eng", psm=module.PSM.SINGLE_LINE)
        api.SetVariable("tessedit_char_whitelist", "0123456789")
        _LOCAL.api = api
    return api


def available() -> bool:
    """Whether Tesseract and its English model are here (the check is skipped without them)."""
    from undocs.extract import ocr

    try:
        ocr._tesserocr()
    except Exception:  # noqa: BLE001 - any failure to load the engine means "not here"
        return False
    return "eng" in ocr.installed_models()


def _font(handle: Any, index: int) -> int:
    obj = raw.FPDFText_GetTextObject(handle, index)
    font = raw.FPDFTextObj_GetFont(obj) if obj else None
    return ctypes.cast(font, ctypes.c_void_p).value or 0 if font else 0


def _by_font(handle: Any, start: int, end: int) -> list[list[int]]:
    """The character indexes of a digit run, parted where the font changes."""
    runs: list[list[int]] = []
    last = None
    for k in range(start, end):
        font = _font(handle, k)
        if font != last:
            runs.append([])
            last = font
        runs[-1].append(k)
    return runs


def _box(handle: Any, index: int) -> tuple[float, float, float, float]:
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    raw.FPDFText_GetCharBox(handle, index, left, right, bottom, top)
    return left.value, right.value, bottom.value, top.value
