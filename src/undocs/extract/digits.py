"""Digits whose text layer lies, read again from their glyphs.

Arabic PDFs made by Word often embed two subsets of one face (both called "Arial"), and the
text layer of the second maps its digits wrongly: the printed "2018" reads "8102", "14" reads
"01", "2030" reads "0202", "7 (a)" reads "2 (a)". Nothing in the layer tells the lie apart from
the truth, but the glyphs do. So each font's digits are checked against Tesseract reading a
few of their numbers alone (a number is a small crop, a few milliseconds): a font whose
numbers agree is trusted for the rest of the document; one whose numbers disagree, where
Tesseract is sure, more than once and in a fifth of its numbers or more, has every number it
prints read again (Tesseract misreads a bold italic "1" now and then; a lone disagreement
is no verdict, unless the glyph's shape witnesses it too). The fonts of right-to-left lines
are all suspects; in Latin lines (the English twin of an Arabic original prints
"E/ESCWA/7102/EC.4/L.2"), a number is read only where its digits' ink does not have the
shape their codes say.
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
#: A font lies when at least this share of its numbers read disagree with its codes
LYING_SHARE: Final = 0.2
#: ... and a number whose ink contradicts its codes is changed alone when Tesseract is this sure
SURE: Final = 95
#: Numbers are read at this resolution (dots per inch)
DPI: Final = 400
#: a digit's ink, width over height: a "1" is narrower than this, the others wider than
#: the next (in the faces UN documents are set in; a mismatch only asks for a reading)
_WIDE: Final = 0.5
_NARROW: Final = 0.42
_RUN: Final = re.compile(r"\d+")
_LOCAL = threading.local()


@dataclass
class _Reading:
    run: list[int]  # character indexes
    font: int
    visual: list[int]  # positions in the run, left to right
    read: str  # what Tesseract read, left to right
    odd: bool  # the run's ink contradicts its codes (a second, independent witness)
    confidence: int


@dataclass
class DigitCheck:
    """One document's verdicts on its fonts' digits, and what was read again."""

    agreed: dict[int, int] = field(default_factory=dict)  # font -> numbers read as the layer has them
    disagreed: dict[int, int] = field(default_factory=dict)  # font -> numbers read otherwise, surely
    looks: dict[int, int] = field(default_factory=dict)  # font -> numbers read to judge it
    names: dict[int, str] = field(default_factory=dict)  # font -> its face's name ("Arial")
    fixed: int = 0  # numbers read again and changed
    pages: list[int] = field(default_factory=list)  # 1-based pages where numbers were changed

    def lying(self, font: int) -> bool:
        """A font whose numbers disagree with their glyphs, twice or more and in a fifth of its
        numbers read or more (Tesseract misreads a number now and then: one disagreement is
        no verdict; a lying font's map is wrong for some digits only, so many numbers agree).
        Once, where another subset of its face lies (a title's bold "Arial" beside the body's)."""
        if self._lies(font, 2):
            return True
        name = self.names.get(font)
        return self._lies(font, 1) and any(
            other != font and self.names.get(other) == name and self._lies(other, 2) for other in self.disagreed
        )

    def _lies(self, font: int, times: int) -> bool:
        wrong = self.disagreed.get(font, 0)
        return wrong >= times and wrong >= LYING_SHARE * (wrong + self.agreed.get(font, 0))

    def fix(self, page: pdfium.PdfPage, handle: Any, text: str, number: int) -> str:
        """`text` (the page's text) with the digits of lying fonts as their glyphs read; the
        same length, so that every character keeps its index and box. The page's numbers are
        read first, then the fonts judged, then the numbers changed."""
        chars = list(text)
        readings: list[_Reading] = []
        pos = 0
        for raw_line in text.split("\r\n"):
            start, pos = pos, pos + len(raw_line) + 2
            rtl = RTL_CHARS.search(raw_line) is not None
            for m in _RUN.finditer(raw_line):
                if not rtl and not self.disagreed:
                    # a Latin line while no font has lied: only a number whose ink contradicts
                    # its codes is looked at (the cheap look first, the fonts only then)
                    if not _odd_shapes(handle, chars, list(range(start + m.start(), start + m.end()))):
                        continue
                run = list(range(start + m.start(), start + m.end()))
                font = _font(handle, run[0])  # a number is set in one font (its first digit's)
                if font not in self.names:
                    self.names[font] = _face(handle, run[0])
                if self.lying(font):
                    reading = self._reading(page, handle, chars, run, font, False)
                elif self._judged(font):
                    continue  # trusted, or looked at enough
                else:
                    odd = _odd_shapes(handle, chars, run)
                    reading = self._reading(page, handle, chars, run, font, odd) if rtl or odd else None
                if reading is not None:
                    readings.append(reading)
        changed = False
        for r in readings:
            if self.lying(r.font) or (r.odd and r.confidence >= SURE):
                for i, digit in zip(r.visual, r.read, strict=True):
                    chars[r.run[i]] = digit
                self.fixed += 1
                changed = True
        if changed:
            self.pages.append(number)
            return "".join(chars)
        return text

    def _judged(self, font: int) -> bool:
        """Whether a font's digits need no more looks: trusted, or looked at enough."""
        trusted = self.agreed.get(font, 0) >= TRUST_AFTER and not self.disagreed.get(font)
        return trusted or self.looks.get(font, 0) >= 2 * TRUST_AFTER

    def _reading(
        self, page: pdfium.PdfPage, handle: Any, chars: list[str], run: list[int], font: int, odd: bool
    ) -> _Reading | None:
        """A sure reading of a run that differs from the layer; the verdicts counted."""
        boxes = [_box(handle, k) for k in run]
        self.looks[font] = self.looks.get(font, 0) + 1
        read, confidence = self._read(page, boxes)
        if confidence < MIN_CONFIDENCE or len(read) != len(run) or not read.isdigit():
            return None
        visual = sorted(range(len(run)), key=lambda i: boxes[i][0])  # left to right, as Tesseract reads
        if "".join(chars[run[i]] for i in visual) == read:
            self.agreed[font] = self.agreed.get(font, 0) + 1
            return None
        self.disagreed[font] = self.disagreed.get(font, 0) + 1
        return _Reading(run, font, visual, read, odd, confidence)

    def _read(self, page: pdfium.PdfPage, boxes: list[tuple[float, float, float, float]]) -> tuple[str, int]:
        """What Tesseract reads in the boxes' union (a little room around it), and how sure it is."""
        left = min(b[0] for b in boxes)
        right = max(b[1] for b in boxes)
        bottom = min(b[2] for b in boxes)
        top = max(b[3] for b in boxes)
        h = top - bottom
        width, height = page.get_width(), page.get_height()
        crop = (
            max(0.0, left - 0.05 * h),
            max(0.0, bottom - 0.5 * h),
            max(0.0, width - right - 0.05 * h),
            max(0.0, height - top - 0.5 * h),
        )
        if h <= 0 or right <= left or crop[0] + crop[2] >= width - 1 or crop[1] + crop[3] >= height - 1:
            return "", 0  # no box, or one off the page (a glyph drawn outside the page's box)
        try:
            bitmap = page.render(scale=DPI / 72, crop=crop, grayscale=True)
            api = _tesseract()
        except (pdfium.PdfiumError, RuntimeError, ValueError):
            return "", 0  # no reading: the layer stands
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


def _face(handle: Any, index: int) -> str:
    """The name of the face a character is set in, without a subset's tag ("ABCDEF+Arial")."""
    obj = raw.FPDFText_GetTextObject(handle, index)
    font = raw.FPDFTextObj_GetFont(obj) if obj else None
    if not font:
        return ""
    buf = ctypes.create_string_buffer(256)
    size = raw.FPDFFont_GetBaseFontName(font, buf, 256)
    name = buf.value.decode("latin-1") if size else ""
    return name.split("+", 1)[-1].split(",")[0].split("-")[0]


def _odd_shapes(handle: Any, chars: list[str], run: list[int]) -> bool:
    """Whether the ink of two digits of a number is not the shape their codes say: a "1" as
    wide as a "0", another digit as narrow as a "1". A cheap look that tells where a Latin
    line's digits deserve a reading (right-to-left lines are read anyway: their fonts are
    the suspects)."""
    if len(run) < 2:
        return False  # a lone digit is often a raised note number in another face: no witness
    odd = 0
    for k in run:
        left, right, bottom, top = _box(handle, k)
        if top - bottom <= 0:
            continue
        ratio = (right - left) / (top - bottom)
        if (chars[k] == "1" and ratio > _WIDE) or (chars[k] != "1" and ratio < _NARROW):
            odd += 1
    return odd >= 2  # two digits of one number of the wrong shape: not a bold or italic "1" alone


def _box(handle: Any, index: int) -> tuple[float, float, float, float]:
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    raw.FPDFText_GetCharBox(handle, index, left, right, bottom, top)
    return left.value, right.value, bottom.value, top.value
