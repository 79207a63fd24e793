"""PDF with a text layer -> positioned lines in reading order, via pdfium.

pdfium gives text in content-stream order with line breaks. Per printed line we take
the box of its first and last character (cheap), and every character's box only where
a right-to-left script makes the stream order untrustworthy (extract/bidi.py). Then the
page's layout is settled here, so that the parser sees lines in reading order whatever
the document looked like (extract/layout.py): columns, a masthead's two sides, letters
stacked in the margin, fragments on one baseline, footnote markers.
"""

from __future__ import annotations

import ctypes
import math
import re
import unicodedata
from itertools import islice
from pathlib import Path
from typing import Final

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from undocs.errors import EmptyDocument, ParseError, UnsupportedFormat
from undocs.extract.bidi import MIRROR, RTL_CHARS, logical, normalise_forms
from undocs.extract.digits import DigitCheck
from undocs.extract.digits import available as digits_available
from undocs.extract.layout import arrange, indent_lines
from undocs.extract.lines import MARK, Layout, Line, Source
from undocs.extract.scan import Pages, garbled, read_scans
from undocs.limits import Limits, check_time

_TRAILING_DIGITS = re.compile(r"(\s?)(\d{1,3})$")


class _Buffers:
    """ctypes out-parameters, made once per page."""

    __slots__ = ("left", "right", "bottom", "top", "ox", "oy", "matrix")

    def __init__(self) -> None:
        self.left, self.right, self.bottom, self.top = (ctypes.c_double() for _ in range(4))
        self.ox, self.oy = ctypes.c_double(), ctypes.c_double()
        self.matrix = raw.FS_MATRIX()


def extract_pdf(path: Path, *, ocr: str = "auto", language: str | None = None, limits: Limits | None = None) -> Source:
    """The PDF's lines; scanned pages read by OCR as `ocr` says (extract/scan.py)."""
    limits = limits or Limits()
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise ParseError(path, _load_error(path, str(exc))) from None
    digits = DigitCheck() if ocr != "never" and digits_available() else None
    try:
        pages = Pages()
        if len(pdf) == 0:
            raise ParseError(path, "the PDF has no pages")
        for index in range(len(pdf)):
            check_time()
            try:
                page = pdf[index]
            except pdfium.PdfiumError as exc:
                raise ParseError(path, f"page {index + 1} cannot be read ({exc})") from None
            try:
                lines, noise = _page_lines(page, index + 1, digits)
                pages.add(page, lines, ocr, garbled=noise)
            finally:
                page.close()  # page by page: a long report never holds all its pages at once
        report = read_scans(pdf, path, pages, mode=ocr, language=language, page_time=limits.ocr_page_time)
        if digits is not None and digits.fixed:
            report = _with_digits(report, digits)
        lines = [line for page_lines in pages.lines for line in page_lines]
        if not any(line.text.strip() for line in lines):
            if ocr == "never":
                raise UnsupportedFormat(path, "PDF has no text layer (image-only scan) and OCR is off (--ocr never)")
            if report is not None:
                raise EmptyDocument(path, "PDF is a scan and OCR found no text on its pages")
            raise UnsupportedFormat(path, "PDF has no text layer and no scanned page to read")
        indent_lines(lines)
        layout = Layout(positioned=True)
        return Source(path=str(path), format="pdf", lines=lines, pages=len(pdf), layout=layout, ocr=report)
    finally:
        pdf.close()


def _with_digits(report: dict[str, object] | None, digits: DigitCheck) -> dict[str, object]:
    """`source.ocr` saying which numbers were read again from their glyphs (extract/digits.py)."""
    from undocs.extract import ocr

    out: dict[str, object] = dict(report) if report is not None else {
        "engine": ocr.ENGINE, "version": ocr.version(), "languages": ["en"], "models": ["eng"],
        "pages": [], "mean_confidence": None, "reason": "",
    }  # fmt: skip
    out["reason"] = "; ".join(x for x in (str(out.get("reason") or ""), digits.report()) if x)
    out["digits"] = {"numbers": digits.fixed, "pages": digits.pages}
    return out


def _load_error(path: Path, message: str) -> str:
    """Why pdfium could not open the file. pdfium reports the last error it recorded, which
    can be an earlier file's (a PDF without pages after a locked one says "Incorrect password",
    in a fresh process "Success"): a password is blamed only on a file that is encrypted."""
    lowered = message.lower()
    if any(word in lowered for word in ("password", "success", "unknown error")):
        with open(path, "rb") as f:
            data = f.read()
        if b"/Encrypt" in data:
            return "the PDF is protected by a password"
        if re.search(rb"/Count\s+0\b", data) and not re.search(rb"/Count\s+[1-9]", data):
            return "the PDF has no pages"
        return "not a readable PDF (pdfium cannot open it: its structure is broken)"
    return f"not a readable PDF ({message.removeprefix('Failed to load document ').strip('().')})"


def _page_lines(page: pdfium.PdfPage, number: int, digits: DigitCheck | None = None) -> tuple[list[Line], bool]:
    """The page's lines in reading order, and whether its text layer is control codes (scan.garbled)."""
    width, height = page.get_width(), page.get_height()
    tp = page.get_textpage()
    text = tp.get_text_range()
    handle = tp.raw
    frags: list[Line] = []
    buf = _Buffers()
    rtl_page = RTL_CHARS.search(text) is not None
    noise = garbled(text)
    if digits is not None and not noise:
        text = digits.fix(page, handle, text, number)
    pos = 0
    for raw_line in text.split("\r\n"):
        start = pos
        pos += len(raw_line) + 2
        if rtl_page and RTL_CHARS.search(raw_line):
            fast = _rtl_plain(handle, raw_line, start, height, number, buf)
            if fast is not None:
                frags.append(fast)
            else:
                frags.extend(_rtl_lines(handle, text, start, start + len(raw_line), height, number, buf))
            continue
        # pdfium joins a line ending in a hyphen to the next one, marking the join with U+FFFE
        offset = 0
        for piece in raw_line.split("\ufffe"):
            piece_start = start + offset
            offset += len(piece) + 1
            if piece.strip():
                hyphen = offset <= len(raw_line)
                line = _line(handle, piece, piece_start, height, number, hyphen, buf)
                if line.x1 < line.x0 and len(line.text) > 2:
                    # its last glyph stands left of its first: stored right to left (a Latin line of a
                    # file made for Arabic), read back from the glyphs' places
                    end = piece_start + len(piece.rstrip())
                    frags.extend(_rtl_lines(handle, text, piece_start, end, height, number, buf))
                elif line.x1 - line.x0 > 0.75 * len(line.text) * line.size and len(line.text) > 2:
                    # far wider than its letters: pieces far apart on one baseline (a masthead's
                    # two sides, table cells), each its own fragment
                    frags.extend(_split_wide(handle, piece, piece_start, height, number, hyphen, buf, line.size))
                else:
                    frags.append(line)
    tp.close()
    return arrange(frags, width, height, number), noise


def _size(handle: ctypes.c_void_p, index: int, buf: _Buffers) -> float:
    """The printed size of a character: the font size, times the text matrix's scale where
    the producer set size 1 and scaled the matrix instead."""
    size = raw.FPDFText_GetFontSize(handle, index)
    if raw.FPDFText_GetMatrix(handle, index, buf.matrix):
        m = buf.matrix
        scale = math.hypot(m.c, m.d)
        if scale > 0:
            size *= scale
    return size


def _line(
    handle: ctypes.c_void_p, piece: str, start: int, height: float, number: int, hyphen: bool, buf: _Buffers
) -> Line:
    """One printed line from its text and the boxes of its first and last characters."""
    first = start + (len(piece) - len(piece.lstrip()))
    last = start + len(piece.rstrip()) - 1
    raw.FPDFText_GetCharOrigin(handle, first, buf.ox, buf.oy)
    x0 = buf.ox.value
    base = height - buf.oy.value
    size = _size(handle, first, buf)
    raw.FPDFText_GetCharBox(handle, last, buf.left, buf.right, buf.bottom, buf.top)
    x1 = buf.right.value
    line_text = piece.strip().replace("\x02", "-")
    if hyphen and not line_text.endswith("-"):
        line_text += "-"
    # a raised small number at the end of the line is a footnote marker ("for 2022" + "1")
    m = _TRAILING_DIGITS.search(line_text)
    if m and len(line_text) > len(m.group(0)):
        k = last
        while k > last - len(m.group(2)) and _size(handle, k, buf) < 0.8 * size:
            k -= 1
        run = last - k
        before = line_text[len(line_text) - run - 1] if run else ""
        small_before = before.isdigit() and _size(handle, k, buf) < 0.8 * size
        if run and before not in "./-–(" and not small_before:
            line_text = line_text[: len(line_text) - run].rstrip() + MARK + line_text[len(line_text) - run :] + MARK
    return Line(text=line_text, page=number, x0=x0, x1=x1, y=base, size=size)


def _split_wide(
    handle: ctypes.c_void_p,
    piece: str,
    start: int,
    height: float,
    number: int,
    hyphen: bool,
    buf: _Buffers,
    size: float,
) -> list[Line]:
    """A stream line cut where the gap between two glyphs is wider than three letters."""
    cuts: list[int] = []
    prev_right: float | None = None
    for k, c in enumerate(piece):
        if c.isspace():
            continue
        raw.FPDFText_GetCharBox(handle, start + k, buf.left, buf.right, buf.bottom, buf.top)
        if prev_right is not None and buf.left.value - prev_right > 3 * size:
            cuts.append(k)
        prev_right = buf.right.value
    if not cuts:
        return [_line(handle, piece, start, height, number, hyphen, buf)]
    out: list[Line] = []
    bounds = [0, *cuts, len(piece)]
    for a, b in zip(bounds, bounds[1:], strict=False):
        part = piece[a:b]
        if part.strip():
            out.append(_line(handle, part, start + a, height, number, hyphen and b == len(piece), buf))
    return out


#: What makes a right-to-left line need its glyphs' places: a left-to-right run (Latin letters,
#: digits) inside it, whose order the stream does not give, or a hyphenation join
_NOT_PLAIN: Final = re.compile("[A-Za-z0-9\u0660-\u0669\u06f0-\u06f9\ufffe\x02]")
_ALEFS: Final = frozenset("\u0627\u0623\u0625\u0622")
_LAM: Final = "\u0644"


def _rtl_plain(
    handle: ctypes.c_void_p, raw_line: str, start: int, height: float, number: int, buf: _Buffers
) -> Line | None:
    """A right-to-left line with no left-to-right run, on one baseline, without wide gaps:
    its stream order is its reading order, so it is read from the text with a few boxes
    (its ends, its type size, its lam-alef ligatures) instead of every glyph's. None: the
    line needs `_rtl_lines`."""
    if _NOT_PLAIN.search(raw_line):
        return None
    lead = len(raw_line) - len(raw_line.lstrip())
    first, last = start + lead, start + len(raw_line.rstrip()) - 1
    if last <= first:
        return None
    raw.FPDFText_GetCharOrigin(handle, first, buf.ox, buf.oy)
    y = buf.oy.value
    raw.FPDFText_GetCharOrigin(handle, last, buf.ox, buf.oy)
    if abs(buf.oy.value - y) > 1.5:
        return None  # two baselines in one stream line
    raw.FPDFText_GetCharBox(handle, first, buf.left, buf.right, buf.bottom, buf.top)
    x0, x1 = buf.left.value, buf.right.value
    raw.FPDFText_GetCharBox(handle, last, buf.left, buf.right, buf.bottom, buf.top)
    x0, x1 = min(x0, buf.left.value), max(x1, buf.right.value)
    letters = list(islice((start + k for k, c in enumerate(raw_line) if c.isalpha()), 3))
    size = max((_size(handle, k, buf) for k in letters), default=10.0)
    body = raw_line.strip()
    if x1 - x0 > 0.75 * len(body) * size:
        return None  # pieces far apart (a table's cells, a masthead's sides): placed glyph by glyph
    chars = list(raw_line)
    for k in range(len(chars) - 1):
        if chars[k] in _ALEFS and chars[k + 1] == _LAM:
            # one glyph for lam and alef stores them in visual order: swapped back where both share a box
            raw.FPDFText_GetCharBox(handle, start + k, buf.left, buf.right, buf.bottom, buf.top)
            box = (buf.left.value, buf.right.value)
            raw.FPDFText_GetCharBox(handle, start + k + 1, buf.left, buf.right, buf.bottom, buf.top)
            if box == (buf.left.value, buf.right.value):
                chars[k], chars[k + 1] = chars[k + 1], chars[k]
    text = " ".join(normalise_forms("".join(chars).translate(MIRROR)).split())
    if not text:
        return None
    return Line(text=text, page=number, x0=x0, x1=x1, y=height - y, size=size)


def _rtl_lines(
    handle: ctypes.c_void_p, text: str, start: int, end: int, height: float, number: int, buf: _Buffers
) -> list[Line]:
    """A stream line holding right-to-left text, read from its characters' boxes: one line
    per baseline, its glyph clusters put in visual order, then read back (bidi.logical)."""
    rows: dict[int, list[tuple[float, float, str]]] = {}  # baseline (rounded) -> (left, right, text)
    sizes: dict[int, float] = {}  # baseline -> type size: its first glyph's, then its letters'
    sampled: dict[int, int] = {}  # letters whose size was asked, per baseline
    last_box = (math.nan, math.nan)
    last_row: list[tuple[float, float, str]] | None = None
    last_key = 0
    band_bottom = band_top = 0.0  # the vertical extent of the first glyph of the current line
    for k in range(start, end):
        c = text[k]
        if c == "\ufffe" or c == "\x02":
            continue
        if last_row and unicodedata.combining(c):
            left, right, t = last_row[-1]
            last_row[-1] = (left, right, t + c)  # a mark rides on its letter
            continue
        raw.FPDFText_GetCharBox(handle, k, buf.left, buf.right, buf.bottom, buf.top)
        left, right = buf.left.value, buf.right.value
        if c.isspace():
            if last_row is not None:
                last_row.append((left, right, " "))
            continue
        if last_row and (left, right) == last_box and last_row[-1][2][-1:].isalpha():
            # one glyph, several letters (lam-alef): the text of such a glyph is stored in visual order
            pl, pr, t = last_row[-1]
            last_row[-1] = (pl, pr, c + t if RTL_CHARS.match(c) else t + c)
            continue
        bottom, top = buf.bottom.value, buf.top.value
        if last_row is not None and bottom < band_top and top > band_bottom:
            row, key = last_row, last_key  # the glyph stands on the line of the one before: no need to ask where
        else:
            raw.FPDFText_GetCharOrigin(handle, k, buf.ox, buf.oy)
            key = round(height - buf.oy.value)
            key = next((x for x in (key, key - 1, key + 1) if x in rows), key)
            if key not in rows:
                rows[key], sampled[key] = [], 0
                sizes[key] = _size(handle, k, buf)
            row = rows[key]
            band_bottom, band_top = bottom, top
        if sampled[key] < 3 and c.isalpha():
            # a line's type size is its letters' (an Arabic line's digits, brackets and raised
            # note markers are often set in another size): the largest of its first few letters
            size = _size(handle, k, buf)
            sizes[key] = size if sampled[key] == 0 else max(sizes[key], size)
            sampled[key] += 1
        row.append((left, right, c))
        last_row, last_box, last_key = row, (left, right), key
    out: list[Line] = []
    for key, row in rows.items():
        row.sort(key=lambda g: g[0] + g[1])
        size = sizes.get(key) or 10.0
        # glyphs far apart on one baseline are separate fragments (a masthead's two sides)
        start = 0
        reach = row[0][1] if row else 0.0  # the right edge of the fragment so far
        for k in range(1, len(row) + 1):
            if k == len(row) or row[k][0] - reach > 3 * size:
                line = _read_back(row[start:k], size, number, float(key))
                if line is not None:
                    out.append(line)
                start = k
            if k < len(row):
                reach = row[k][1] if k == start else max(reach, row[k][1])
    return out


def _read_back(row: list[tuple[float, float, str]], size: float, number: int, y: float) -> Line | None:
    """Glyphs of one fragment in visual order -> a line in logical order."""
    clusters: list[str] = []
    prev_right = None
    for left, right, t in row:
        if t == " ":
            if clusters and clusters[-1] != " ":
                clusters.append(t)
            continue
        if prev_right is not None and left - prev_right > 0.5 * size and clusters[-1] != " ":
            clusters.append(" ")  # a gap as wide as a space, where the PDF stores none
        clusters.append(t)
        prev_right = right if prev_right is None else max(prev_right, right)
    letters = "".join(clusters)
    rtl = len(RTL_CHARS.findall(letters)) * 2 >= sum(ch.isalpha() for ch in letters)
    text = normalise_forms(logical(clusters, rtl)).strip()
    if not text:
        return None
    lefts = [g[0] for g in row if g[2] != " "] or [row[0][0]]
    rights = [g[1] for g in row if g[2] != " "] or [row[-1][1]]
    return Line(text=text, page=number, x0=min(lefts), x1=max(rights), y=y, size=size)
