"""DOCX -> lines, one per Word paragraph (a table row is one tab-separated line).

Word already knows where paragraphs end, so every line is a hard break; indents and
bold come from the paragraph and run formatting. What a printed page shows, read in
the order a reader meets it:
- the first page's header part (where UN documents keep their masthead: symbol, organ,
  Distr., date, Original) and its footer part (job number), as the first section of the
  document prints them (`w:titlePg` chooses the "first" header, else the "default" one;
  header parts that no page prints are ignored);
- the body, with text boxes read where they are anchored (their Word 2010 form only:
  the VML fallback is a second copy), content controls opened;
- footnotes and endnotes after a rule, as on a printed page.
Tracked changes read as accepted: insertions kept, deletions and moved-away text
dropped. Comments, field codes and hidden text are not printed, so not read.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from lxml import etree

from undocs.errors import ParseError
from undocs.extract.lines import MARK, Layout, Line, Source
from undocs.extract.safe import Package
from undocs.limits import Limits, check_time

W: Final = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R: Final = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MC: Final = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
REL: Final = "{http://schemas.openxmlformats.org/package/2006/relationships}"
#: Elements whose content is not printed text of the paragraph they stand in.
_SKIP: Final = frozenset(
    {
        W + "del",
        W + "moveFrom",
        W + "instrText",
        W + "delText",
        W + "txbxContent",  # read as lines of their own
        MC + "Fallback",
        W + "commentReference",
        W + "pPr",
        W + "rPr",
    }
)
_SPACES: Final = re.compile(r"[ ]+")
#: Where a page began at Word's last layout, and where the author forced one (kept in the
#: text while lines are made, taken out by `_paginate`)
_RENDERED: Final = "\ue003"
_EXPLICIT: Final = "\ue004"
_MARKERS: Final = re.compile(MARK + "([^" + MARK + "]*)" + MARK)


def extract_docx(path: Path, data: bytes, limits: Limits) -> Source:
    package = Package(data, path, limits)
    try:
        document = package.xml("word/document.xml")
    except KeyError:
        raise ParseError(path, "not a readable DOCX (no word/document.xml)") from None
    rels = _relationships(package, "word/_rels/document.xml.rels")
    body = document.find(f"{W}body")
    if body is None:
        raise ParseError(path, "not a readable DOCX (no document body)")
    lines: list[Line] = []
    header, footer = _first_page_parts(body, rels)
    if header is not None:
        _container(_part(package, header), lines)
    if footer is not None:
        start = len(lines)
        _container(_part(package, footer), lines)
        for line in lines[start:]:
            line.zone = "bottom"  # the foot of page one, as in a PDF
    _container(body, lines)
    notes = _notes(package, rels, "footnotes", "footnote") + _notes(package, rels, "endnotes", "endnote")
    lines = _with_notes(lines, notes, _paginate(lines))
    # Word's default language is the template's, not the text's: detect it instead
    return Source(path=str(path), format="docx", lines=lines, layout=Layout())


def _paginate(lines: list[Line]) -> dict[str, int]:
    """Give each line the page it starts on, from the page breaks Word recorded at its last
    layout (`lastRenderedPageBreak`; without any, the explicit ones), and return the page
    each note marker stands on: a page's footnotes are read after its text, as printed."""
    rendered = any(_RENDERED in line.text for line in lines)
    counted, ignored = (_RENDERED, _EXPLICIT) if rendered else (_EXPLICIT, _RENDERED)
    page = 1
    marker_page: dict[str, int] = {}
    for line in lines:
        text = line.text.replace(ignored, "")
        pieces = text.split(counted)
        lead = 0
        while lead < len(pieces) - 1 and not pieces[lead].strip():
            lead += 1  # a break before any text: the line starts on the next page
        line.page = page + lead
        for k, piece in enumerate(pieces):
            for marker in _MARKERS.findall(piece):
                marker_page.setdefault(marker, page + k)
        page += len(pieces) - 1
        line.text = _SPACES.sub(" ", "".join(pieces)).strip()
    lines[:] = [line for line in lines if line.text]  # the empty paragraphs that only held a break
    return marker_page


def _with_notes(lines: list[Line], notes: list[tuple[str, str]], marker_page: dict[str, int]) -> list[Line]:
    """The lines with each page's notes after its text, under a rule (notes whose marker was
    not seen: at the end); lines renumbered, a page's first line marked as such."""
    by_page: dict[int, list[tuple[str, str]]] = {}
    last = lines[-1].page if lines else 1
    for marker, text in notes:
        by_page.setdefault(marker_page.get(marker, last), []).append((marker, text))
    out: list[Line] = []

    def flush(page: int) -> None:
        if page in by_page:
            out.append(Line(text="__________________", page=page, hard_break=True))
            out.extend(Line(text=f"{m} {t}", page=page, hard_break=True, size=8.0) for m, t in by_page.pop(page))

    for i, line in enumerate(lines):
        if i and line.page != lines[i - 1].page:
            for page in range(lines[i - 1].page, line.page):
                flush(page)
            line.new_page = True
        out.append(line)
    for page in sorted(by_page):
        flush(page)
    for i, line in enumerate(out):
        line.y = float(i)
    return out


def _part(package: Package, name: str) -> etree._Element:
    """A part the relationships name; one that is missing is an empty part."""
    try:
        return package.xml(name)
    except KeyError:
        return etree.Element(f"{W}hdr")


def _relationships(package: Package, name: str) -> dict[str, str]:
    """Relationship id -> part name inside the package."""
    try:
        root = package.xml(name)
    except KeyError:
        return {}
    out = {}
    for rel in root.iter(f"{REL}Relationship"):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External":
            continue
        out[rel.get("Id") or ""] = target.lstrip("/") if target.startswith("/") else "word/" + target
    return out


def _first_page_parts(body: etree._Element, rels: dict[str, str]) -> tuple[str | None, str | None]:
    """The header and footer part names page one prints, from the first section's settings."""
    sect = next(body.iter(f"{W}sectPr"), None)
    if sect is None:
        return None, None
    kind = "first" if sect.find(f"{W}titlePg") is not None else "default"
    parts: list[str | None] = []
    for ref in ("headerReference", "footerReference"):
        found = None
        for el in sect.findall(f"{W}{ref}"):
            if el.get(f"{W}type") == kind:
                found = rels.get(el.get(f"{R}id") or "")
        parts.append(found)
    return parts[0], parts[1]


def _container(root: etree._Element, lines: list[Line]) -> None:
    """Paragraphs and tables of a body, header, cell or text box, in order."""
    for child in root:
        check_time()
        tag = child.tag
        if tag == f"{W}p":
            _paragraph(child, lines)
        elif tag == f"{W}tbl":
            for row in child.iter(f"{W}tr"):
                cells = [_text(p) for p in row.iter(f"{W}p")]
                text = "\t".join(c for c in cells if c)
                if text.strip():
                    lines.append(Line(text=text, y=float(len(lines)), hard_break=True))
        elif tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}ins", f"{MC}AlternateContent", f"{MC}Choice"):
            _container(child, lines)


def _text(p: etree._Element) -> str:
    """The printed text of a paragraph; footnote references as markers."""
    parts: list[str] = []
    _walk(p, parts)
    return _SPACES.sub(" ", "".join(parts)).strip()


def _walk(el: etree._Element, parts: list[str]) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == f"{W}t":
            parts.append(child.text or "")
        elif tag == f"{W}tab":
            parts.append("\t")
        elif tag == f"{W}br" and child.get(f"{W}type") == "page":
            parts.append(" " + _EXPLICIT)
        elif tag in (f"{W}br", f"{W}cr"):
            parts.append(" ")
        elif tag == f"{W}lastRenderedPageBreak":
            parts.append(_RENDERED)
        elif tag == f"{W}noBreakHyphen":
            parts.append("-")
        elif tag in (f"{W}footnoteReference", f"{W}endnoteReference"):
            parts.append(MARK + (child.get(f"{W}id") or "") + MARK)
        elif tag == f"{W}r" and _hidden(child):
            continue
        else:
            _walk(child, parts)


def _hidden(run: etree._Element) -> bool:
    props = run.find(f"{W}rPr")
    if props is None:
        return False
    vanish = props.find(f"{W}vanish")
    return vanish is not None and vanish.get(f"{W}val") not in ("0", "false")


def _paragraph(p: etree._Element, lines: list[Line]) -> None:
    for box in p.iter(f"{W}txbxContent"):
        if not any(a.tag == f"{MC}Fallback" for a in box.iterancestors()):
            _container(box, lines)  # a text box anchored here: its own lines
    text = _text(p)
    if not text.replace(_RENDERED, "").replace(_EXPLICIT, "").strip():
        if _RENDERED in text or _EXPLICIT in text:  # an empty paragraph where a page begins
            lines.append(Line(text="".join(c for c in text if c in (_RENDERED, _EXPLICIT)), hard_break=True))
        return
    ind = p.find(f"{W}pPr/{W}ind")
    first = 0.0
    if ind is not None:
        first = _twips(ind.get(f"{W}firstLine")) - _twips(ind.get(f"{W}hanging"))
    runs = [r for r in p.iter(f"{W}r") if r.find(f"{W}t") is not None]
    bold = bool(runs) and all(r.find(f"{W}rPr/{W}b") is not None for r in runs)
    lines.append(Line(text=text, y=float(len(lines)), x0=first, bold=bold, hard_break=True, indent=first))


def _twips(value: str | None) -> float:
    try:
        return float(value or 0) / 20
    except ValueError:
        return 0.0


def _notes(package: Package, rels: dict[str, str], part: str, tag: str) -> list[tuple[str, str]]:
    """(id, text) of the footnotes or endnotes, without Word's separator notes."""
    name = next((target for target in rels.values() if target.endswith(f"/{part}.xml")), None)
    if name is None or name not in package.names():
        return []
    out: list[tuple[str, str]] = []
    for note in package.xml(name).iter(f"{W}{tag}"):
        if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join(t for p in note.iter(f"{W}p") if (t := _text(p))).strip()
        text = _SPACES.sub(" ", text.replace(_RENDERED, "").replace(_EXPLICIT, "")).strip()
        if text:
            out.append((note.get(f"{W}id") or "", text))
    return out
