"""What every extractor produces: positioned lines, or ready-made blocks.

A `Line` is one visual line of text, in reading order. PDF lines carry positions in
points (y grows downwards from the top of the page); text lines carry leading spaces as
`x0` and a line index as `y`. Every extractor says how far a line is indented from its
column's edge (`indent`), so the parser needs no knowledge of the format. Structured
sources (Akoma Ntoso) give cover-page lines and
body blocks directly, so the parser does not have to guess what the markup says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from undocs.record import Block

#: Inline marker for a footnote reference inside line text: MARK + "12" + MARK.
MARK: Final = "\ue000"  # a private-use character: never in real text, and not whitespace


@dataclass(slots=True, init=False)
class Line:
    text: str
    page: int = 1
    x0: float = 0.0
    x1: float = 0.0
    y: float = 0.0
    size: float = 0.0
    bold: bool = False
    gap: float = 0.0  # blank space before the line, in line heights
    zone: str = "body"  # top / body / bottom band of its page
    new_page: bool = False  # first line of a page after the first
    hard_break: bool = False  # the source itself says a new paragraph starts here
    indent: float = 0.0  # how far the line starts right of its column's left edge
    column: int = 0  # 0, or 1 for the right column of a page printed in two
    rest: float = 0.0  # blank space after the line's end, before its column's right edge
    apart: bool = False  # the extractor saw it stand apart from what precedes it on its baseline (a cell)

    # written out, not generated: a compiled build (setup.py) makes this a plain C call,
    # and every line of every document passes through it
    def __init__(
        self,
        text: str,
        page: int = 1,
        x0: float = 0.0,
        x1: float = 0.0,
        y: float = 0.0,
        size: float = 0.0,
        bold: bool = False,
        gap: float = 0.0,
        zone: str = "body",
        new_page: bool = False,
        hard_break: bool = False,
        indent: float = 0.0,
        column: int = 0,
        rest: float = 0.0,
        apart: bool = False,
    ) -> None:
        self.text = text
        self.page = page
        self.x0 = x0
        self.x1 = x1
        self.y = y
        self.size = size
        self.bold = bold
        self.gap = gap
        self.zone = zone
        self.new_page = new_page
        self.hard_break = hard_break
        self.indent = indent
        self.column = column
        self.rest = rest
        self.apart = apart


@dataclass(frozen=True)
class Layout:
    """What an extractor knows of how its lines were laid out; the parser reads these
    traits, never the file format."""

    positioned: bool = False  # lines stand where the page printed them: page breaks, indents, line ends are real
    copied: bool = False  # text copied off pages: rules and page breaks lost, blank lines instead
    notes_at_markers: bool = False  # footnotes come right after the block holding their marker (structured XML)


@dataclass
class Source:
    path: str
    format: str  # pdf, text, akn, docx
    lines: list[Line] = field(default_factory=list)
    pages: int = 1
    # structured sources
    cover: list[Line] | None = None
    blocks: list[Block] | None = None
    language_hint: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    ocr: dict[str, object] | None = None  # what OCR read and why (extract/scan.py), for `source.ocr`
    layout: Layout = field(default_factory=Layout)
