"""Stage 2: `Source` -> `Record`, through small stages with one job each:

language   which official language the version is in
front      the front page: symbol ... title, doc type   (parse/front/)
furniture  running headers, footers, page numbers out   (parse/furniture.py)
body       lines -> paragraphs -> typed blocks           (parse/body.py)
speeches   a meeting record's speaker turns, agenda taken up (parse/speeches.py)
references cited documents, canonical                    (parse/references.py)
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path

from undocs import lang as langs
from undocs import symbols
from undocs.clean import mend
from undocs.enrich.states import author_states
from undocs.errors import NotUNDocument, ParseError, UndocsError, as_parse_error
from undocs.extract import Source, extract
from undocs.extract.lines import Layout
from undocs.files import symbol_from_name
from undocs.limits import Limits, time_budget
from undocs.parse.body import BodyReader, closing_lines, paragraphs, typed_note_markers
from undocs.parse.front import FrontPage, read_front
from undocs.parse.furniture import drop_furniture
from undocs.parse.language import detect
from undocs.parse.references import references
from undocs.parse.speeches import turns
from undocs.parse.volume import printed_resolutions, read_volume_page
from undocs.record import Block, Record

__all__ = ["parse", "parse_source", "parse_many"]

_NOT_UN = "not a UN document: no UN symbol, organ or job number on its front page"
_NO_FRONT = (
    "no front page: an organ is named but no symbol, distribution, date or job number "
    "(a page of a printed volume or an extract is not a document undocs can file)"
)


def parse(path: str | Path, *, language: str | None = None, limits: Limits | None = None, ocr: str = "auto") -> Record:
    """Read one file into a record; raises ParseError naming the file and the reason.

    `ocr`: auto (scanned pages without a text layer, and scans whose layer a fresh reading
    contradicts, are read by Tesseract), always (every page of a PDF) or never.

    `limits` (default: `Limits.from_env()`) bounds the file's size, what it may inflate
    to, its XML nesting and the seconds its parse may take (`TimeLimitExceeded`)."""
    path = path if isinstance(path, Path) else Path(path)
    limits = limits or Limits.from_env()
    with time_budget(str(path), limits.time_limit):
        source = extract(path, limits=limits, ocr=ocr, language=language)
        try:
            record = parse_source(source, language=language)
        except UndocsError:
            raise
        except Exception as exc:  # noqa: BLE001 - a parser bug must name its file, and a batch goes on
            raise as_parse_error(path, exc, "undocs failed on this document ({error}); please report it") from exc
    sha = source.meta.get("sha256")
    if sha is None:
        try:
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return record
    record.source["sha256"] = sha
    return record


def parse_many(paths: Iterable[str | Path], *, limits: Limits | None = None) -> Iterator[Record | ParseError]:
    """Parse files one after another; a bad file yields its error and the run goes on."""
    limits = limits or Limits.from_env()
    for path in paths:
        try:
            yield parse(path, limits=limits)
        except ParseError as exc:
            yield exc
        except Exception as exc:  # noqa: BLE001 - whatever one file does, the next is parsed
            yield ParseError(path, str(exc) if isinstance(exc, UndocsError) else f"{type(exc).__name__}: {exc}")


def parse_source(source: Source, *, language: str | None = None) -> Record:
    lines = source.cover if source.cover is not None else source.lines
    code = language or source.language_hint or detect(_sample(source))
    if code is None:
        raise ParseError(source.path, "cannot tell which official language the text is in")
    if code not in langs.available():
        raise ParseError(source.path, f"language '{code}' is not one undocs reads ({', '.join(langs.available())})")
    lang = langs.load(code)
    rec = Record(language=code, source={"path": source.path, "format": source.format, "pages": source.pages})
    if source.ocr is not None:
        rec.source["ocr"] = source.ocr
    structured = source.cover is not None
    front = read_front(list(lines), lang, rec, structured=structured)
    if not (structured or rec.symbol or rec.job_number or rec.distribution or rec.date or rec.meeting):
        _volume_page(source, lang, rec, front)
    if not (rec.symbol or rec.organ or rec.job_number):
        raise NotUNDocument(source.path, _NOT_UN)  # said before the body is read: a long non-UN file costs little
    if not (rec.symbol or rec.job_number or rec.distribution or rec.date or rec.meeting):
        raise NotUNDocument(source.path, _NO_FRONT)
    if structured:
        blocks = [dataclasses.replace(b, text=mend(b.text)) for b in source.blocks or []]
    else:
        end = front.body_end if front.body_end is not None else len(source.lines)
        body_lines = [
            ln for i, ln in enumerate(source.lines[:end]) if i >= front.body_start and i not in front.consumed
        ]
        body_lines = drop_furniture(
            body_lines, rec.symbols, rec.title, copied=source.layout.copied, notices=lang.pats("body.notices")
        )
        order = {id(ln): i for i, ln in enumerate(body_lines)}
        blocks = BodyReader(lang, rec.doc_type).blocks(paragraphs(body_lines, source.layout, lang), order)
    if rec.doc_type == "meeting_record":
        blocks, taken_up = turns(blocks, lang)
        rec.agenda_items = rec.agenda_items or taken_up
    closing_lines(blocks, lang)
    typed_note_markers(blocks)
    rec.blocks = blocks
    if rec.doc_type is None and any(b.kind == "signature" for b in blocks):
        rec.doc_type = "letter"
    if rec.doc_type is None and rec.agenda_items and source.pages == 1 and not structured:
        rec.doc_type = "note"  # a page that introduces an agenda item, with no kind of its own
    if rec.doc_type in ("letter", "note_verbale") and rec.title:
        sender = author_states(rec.title, code)
        if sender is not None:
            rec.authors = {"printed": sender[0], "states": sender[1]}
    if not (blocks or rec.title):
        raise NotUNDocument(source.path, "a UN front page with neither a title nor any text after it")
    rec.references = references(
        [(t, [(0, -1)]) for t in front.texts] + list(_reading_order(blocks, source.layout)),
        lang,
        default_organ=_default_organ(rec),
        own=rec.symbols,
    )
    return rec


def _volume_page(source: Source, lang: langs.Lang, rec: Record, front: FrontPage) -> None:
    """No masthead: a page of a printed volume of resolutions is read as the resolution its
    file is named for (parse/volume.py); one naming none of them is refused, the resolutions
    it prints named."""
    printed = printed_resolutions(source.lines)
    if not printed:
        return
    chosen = read_volume_page(source.lines, lang, rec, symbol_from_name(source.path))
    if chosen is None:
        listed = ", ".join(p.symbol for p in printed)
        raise NotUNDocument(
            source.path,
            f"a page of a printed volume of resolutions ({listed}): name the file for the one "
            "to read (A_RES_2758(XXVI).en.pdf reads A/RES/2758 (XXVI))",
        )
    front.body_start, front.body_end, front.consumed = chosen.heading, chosen.end, set()
    front.texts = [rec.title or ""]


def _sample(source: Source, size: int = 1500) -> str:
    """The first `size` characters of text: enough to tell the language."""
    parts: list[str] = []
    n = 0
    texts = chain(
        (ln.text for ln in source.cover or []), (ln.text for ln in source.lines), (b.text for b in source.blocks or [])
    )
    for text in texts:
        parts.append(text)
        n += len(text) + 1
        if n >= size:
            break
    return " ".join(parts)


def _default_organ(rec: Record) -> str:
    """Whose resolution a bare "resolution 12/3" is: the citing organ's, or the council's
    or commission's the document belongs to (a regional commission's own resolutions have
    no document symbol)."""
    if rec.body == "Human Rights Council" or (rec.symbol or "").startswith("A/HRC/"):
        return "Human Rights Council"
    if rec.symbol:
        try:
            parsed = symbols.parse(rec.symbol)
        except symbols.SymbolError:
            parsed = None
        if parsed is not None and parsed.series == "E" and parsed.body and parsed.body in symbols.commissions():
            return parsed.body
    return rec.organ or "General Assembly"


def _reading_order(blocks: list[Block], layout: Layout) -> Iterator[tuple[str, list[tuple[int, int]]]]:
    """Block texts with the reading order of their lines; on a printed page a footnote
    comes after the page's text (a paragraph running on overleaf comes after it), in
    AKN a footnote sits at its marker."""
    if not layout.notes_at_markers:
        for b in blocks:
            yield b.text, b.order or [(0, 0)]
        return
    for n, text in enumerate(_akn_order(blocks)):
        yield text, [(0, n)]


def _akn_order(blocks: list[Block]) -> Iterator[str]:
    i = 0
    while i < len(blocks):
        b = blocks[i]
        notes: list[Block] = []
        j = i + 1
        while j < len(blocks) and blocks[j].kind == "footnote" and len(notes) < len(b.notes):
            notes.append(blocks[j])
            j += 1
        pos = 0
        for note, fb in zip(b.notes, notes, strict=False):
            yield b.text[pos : note.offset]
            yield fb.text
            pos = note.offset
        yield b.text[pos:]
        i = j
