"""PDF with a text layer -> positioned lines, via pdfium.

pdfium gives text in content-stream order with line breaks; we take one character
box per line (cheap), sort lines top-down, merge fragments sharing a baseline, and
turn small raised digits into footnote markers. Positions are what later stages
use to tell a first-line indent, a heading, the masthead's columns and page furniture.
"""

from __future__ import annotations

import ctypes
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from undocs.errors import ParseError, UnsupportedFormat
from undocs.extract.lines import MARK, Line, Source

_MARKER = re.compile(r"^(?:\d{1,3}|\*{1,3}|[a-z])$")
_TRAILING_DIGITS = re.compile(r"(\s?)(\d{1,3})$")


def extract_pdf(path: Path) -> Source:
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise ParseError(path, f"not a readable PDF ({exc})") from None
    try:
        lines: list[Line] = []
        chars = 0
        for index in range(len(pdf)):
            page = pdf[index]
            page_lines, n = _page_lines(page, index + 1)
            chars += n
            lines.extend(page_lines)
        if chars == 0 or not any(line.text.strip() for line in lines):
            raise UnsupportedFormat(path, "PDF has no text layer (image-only scan); OCR is not supported yet")
        return Source(path=str(path), format="pdf", lines=lines, pages=len(pdf))
    finally:
        pdf.close()


def _page_lines(page: pdfium.PdfPage, number: int) -> tuple[list[Line], int]:
    height = page.get_height()
    tp = page.get_textpage()
    text = tp.get_text_range()
    handle = tp.raw
    frags: list[Line] = []
    left, bottom, right, top = (ctypes.c_double() for _ in range(4))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    pos = 0
    for raw_line in text.split("\r\n"):
        start = pos
        pos += len(raw_line) + 2
        # pdfium joins a line ending in a hyphen to the next one, marking the join with U+FFFE
        offset = 0
        for piece in raw_line.split("\ufffe"):
            piece_start = start + offset
            offset += len(piece) + 1
            if piece.strip():
                hyphen = offset <= len(raw_line)
                frags.append(
                    _line(handle, piece, piece_start, height, number, hyphen, (left, right, bottom, top, ox, oy))
                )
    tp.close()
    return _merge(frags, height, number), len(text)


def _line(handle, piece: str, start: int, height: float, number: int, hyphen: bool, buf: tuple) -> Line:  # noqa: ANN001
    """One printed line from its text and the boxes of its first and last characters."""
    left, right, bottom, top, ox, oy = buf
    first = start + (len(piece) - len(piece.lstrip()))
    last = start + len(piece.rstrip()) - 1
    raw.FPDFText_GetCharOrigin(handle, first, ox, oy)
    x0 = ox.value
    base = height - oy.value
    size = raw.FPDFText_GetFontSize(handle, first)
    raw.FPDFText_GetCharBox(handle, last, left, right, bottom, top)
    x1 = right.value
    line_text = piece.strip().replace("\x02", "-")
    if hyphen and not line_text.endswith("-"):
        line_text += "-"
    # a raised small number at the end of the line is a footnote marker ("for 2022" + "1")
    m = _TRAILING_DIGITS.search(line_text)
    if m and len(line_text) > len(m.group(0)):
        k = last
        while k > last - len(m.group(2)) and raw.FPDFText_GetFontSize(handle, k) < 0.8 * size:
            k -= 1
        run = last - k
        before = line_text[len(line_text) - run - 1] if run else ""
        small_before = before.isdigit() and raw.FPDFText_GetFontSize(handle, k) < 0.8 * size
        if run and before not in "./-–(" and not small_before:
            line_text = line_text[: len(line_text) - run].rstrip() + MARK + line_text[len(line_text) - run :] + MARK
    return Line(text=line_text, page=number, x0=x0, x1=x1, y=base, size=size)


def _merge(frags: list[Line], height: float, page: int) -> list[Line]:
    """Sort fragments top-down and join those on one baseline (superscripts included)."""
    frags.sort(key=lambda f: f.y)
    groups: list[list[Line]] = []
    for f in frags:
        if groups:
            head = groups[-1][0]
            if abs(f.y - head.y) <= 0.45 * max(f.size, head.size, 6):
                groups[-1].append(f)
                continue
        groups.append([f])
    out: list[Line] = []
    for group in groups:
        group.sort(key=lambda f: f.x0)
        main = max(group, key=lambda f: (f.size, len(f.text)))
        line = group[0]
        for f in group[1:]:
            if f.size < 0.8 * main.size and f.y < main.y - 0.5 and _MARKER.match(f.text):
                line.text += MARK + f.text + MARK
            else:
                sep = "\t" if f.x0 - line.x1 > 3 * max(main.size, 6) else " "
                line.text = line.text + sep + f.text
            line.x1 = max(line.x1, f.x1)
        if line is not main:
            line.y, line.size, line.bold = main.y, main.size, main.bold
        out.append(line)
    steps = sorted(b.y - a.y for a, b in zip(out, out[1:], strict=False) if b.y - a.y > 2)
    typical = steps[len(steps) // 3] if steps else 12.0  # the body's line pitch, whatever the font says
    for i, line in enumerate(out):
        line.zone = "top" if line.y < 0.09 * height else "bottom" if line.y > 0.92 * height else "body"
        if i == 0 and page > 1:
            line.new_page = True
        if i:
            pitch = max(typical, 1.15 * line.size if line.size > 3 else 0)
            line.gap = max(0.0, (line.y - out[i - 1].y) / pitch - 1)
    return out
