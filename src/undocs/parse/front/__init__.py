"""Stage: read the front page (masthead and title block) into the record.

The masthead is read as a sequence of pieces of text (a line, or a cell of a line that
holds two columns): each piece is offered to the item recognisers of `items.ITEMS` in
turn, and what they consume is gone; a piece left over may be the start of an item
broken over two lines ("ECONOMIC AND SOCIAL" / "COUNCIL", "Distr." / "LIMITED"), so it
is tried again joined with the next one. The first piece no recogniser takes ends the
masthead: the title block starts there (front/title.py), then the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from undocs import symbols
from undocs.enrich.states import sponsor_states
from undocs.extract.lines import Line
from undocs.lang import Lang
from undocs.parse.front.items import ITEMS, Agenda, Found, Front, Item, Place, President
from undocs.parse.front.title import TitleBlock, breaks, clean_title, read_title, strip_marks
from undocs.parse.values import ordinal
from undocs.record import Record

__all__ = ["read_front", "FrontPage", "clean_title", "strip_marks"]

_PLACE: Final = next(item for item in ITEMS if isinstance(item, Place))
_ROMAN: Final = re.compile(r"[IVXLC]+")
_WORDLIKE: Final = re.compile(r"[a-z]{4,}")
_LOGO_LETTER: Final = re.compile(r"(?:^|\s)[AEST](?=\s|$)")
_FOOT: Final = frozenset({"job_number", "barcode"})  # items that say "foot of the page" by themselves
_SYMBOL_LINE: Final = frozenset({"symbol", "job_number", "barcode"})
_FOOT_BLOCK: Final = frozenset({"symbol", "distribution", "date", "language", "original", "job_number", "barcode"})
_HAS_WORD: Final = re.compile(r"\w")
_HAS_LETTER: Final = re.compile(r"[^\W\d_]")
NOTE: Final = re.compile(r"^\*{1,3}\s")  # a page-one note ("* Reissued for technical reasons")


@dataclass
class FrontPage:
    """What the front page leaves for later stages."""

    body_start: int = 0
    body_end: int | None = None  # the body stops before this line (one resolution of a page that prints several)
    consumed: set[int] = field(default_factory=set)
    texts: list[str] = field(default_factory=list)  # front-page text in reading order, for references


def read_front(lines: list[Line], lang: Lang, rec: Record, *, structured: bool) -> FrontPage:
    front = Front(rec, lang=lang)
    limit = len(lines) if structured else _page_one_end(lines)
    out = FrontPage()
    _foot(lines, 0, limit, lang, front)
    start, first_text = _masthead(lines, limit, lang, front)
    if not structured and not _has_masthead(front):
        second = _masthead_page_two(lines, limit, lang)
        if second is not None:  # page one is a cover; page two opens with the masthead
            rec.__init__(language=rec.language, source=rec.source)  # type: ignore[misc]
            front = Front(rec, lang=lang)
            out.consumed.update(range(limit))
            end = _page_end(lines, second)
            _foot(lines, second, end, lang, front)
            start, first_text = _masthead(lines, end, lang, front, first=second)
            limit = end
    out.body_start, title_texts = _title_block(lines, start, first_text, limit, lang, front, final=not structured)
    if not structured and not _has_masthead(front) and front.res_number is None:
        # a cover page, no masthead: a publication, whose symbol stands on a later page
        _printed_elsewhere(lines, lang, front)
        title = _cover_title(lines, start, limit, lang, front)
        if title:
            rec.title = clean_title(title)
            title_texts = [title]
    out.consumed |= front.consumed
    # page-one notes read with the front page (a DOCX's framed "* The present document ..."):
    # not the title, but what they cite is cited
    notes = [_text(lines[k]) for k in range(min(out.body_start, limit)) if NOTE.match(lines[k].text)]
    out.texts = front.texts + title_texts + notes
    _finish(front)
    return out


def _has_masthead(front: Front) -> bool:
    rec = front.rec
    return bool(
        rec.symbols or rec.distribution or rec.date or front.meeting.get("number") or rec.job_number and rec.organ
    )


def _foot(lines: list[Line], start: int, limit: int, lang: Lang, front: Front) -> None:
    """The foot of the front page: job number, barcode, wherever they stand; and a
    masthead block printed at the foot (old records: "Distr. GENERAL", symbol, date)."""
    block = [j for j in range(start, limit) if _foot_masthead(lines[j], lang, front)]
    edges: dict[int, list[int]] = {}  # a block's lines share their left edge
    for j in block:
        edges.setdefault(round(lines[j].x0 / 4), []).append(j)
    for run in edges.values():
        if len(run) >= 2 and any(_distribution_line(lines[j], lang, front) for j in run):
            for j in run:
                _apply(scan(_text(lines[j]), lang, front)[0], front)
                front.consumed.add(j)
    for j in range(start, limit):
        # a cell of marks only (the continuation mark "/...", a scan's specks) says nothing
        cells = [scan(cell, lang, front) for cell in _text(lines[j]).split("\t") if _HAS_WORD.search(cell)]
        found = [hit for hits, _ in cells for hit in hits]
        whole = all(not rest for _, rest in cells)
        foot_only = all(item.name in _FOOT for item, _ in found)
        if found and whole and (lines[j].zone == "bottom" or foot_only):
            if foot_only and lines[j].zone != "bottom" and front.rec.job_number is not None:
                continue  # a later page's foot in copied text: the furniture stage's
            _apply(found, front)
            front.consumed.add(j)
        elif (lines[j].zone == "bottom" or j == limit - 1) and front.rec.job_number is None:
            # an old page foot (its last line, where a scan's margin puts it above the page's
            # bottom band): the job number in a cell of its own beside other marks
            # (after it, in a scan, a date stamp or specks the OCR read as marks: no words)
            quiet = [hits for hits, rest in cells if not _HAS_LETTER.search(rest)]
            jobs = [hit for hits in quiet for hit in hits if hit[0].name == "job_number"]
            _apply(jobs, front)
            if jobs:
                front.consumed.add(j)  # the page's foot, with its stamps: not the body's


def _foot_masthead(line: Line, lang: Lang, front: Front) -> bool:
    if line.zone == "top" or len(line.text) > 60 or not line.x1:
        return False  # (lines without positions: a block cannot be told from a later page's header)
    found, rest = scan(_text(line), lang, front)
    return bool(found) and not rest and all(item.name in _FOOT_BLOCK for item, _ in found)


def _distribution_line(line: Line, lang: Lang, front: Front) -> bool:
    found, _ = scan(_text(line), lang, front)
    return any(item.name == "distribution" for item, _ in found)


def _masthead_page_two(lines: list[Line], limit: int, lang: Lang) -> int | None:
    """The first line of page two when it opens with a masthead (a symbol and a
    distribution or date line among its first lines)."""
    if limit >= len(lines):
        return None
    probe = Front(Record())
    for j in range(limit, min(len(lines), limit + 12)):
        if lines[j].page != lines[limit].page:
            break
        found, rest = scan(_text(lines[j]), lang, probe)
        if len(rest.split()) >= 4:
            break  # running text: the masthead, if any, is above (a date opening a sentence is not one)
        _apply(found, probe)
    return limit if probe.rec.symbols and (probe.rec.distribution or probe.rec.date) else None


def _page_end(lines: list[Line], start: int) -> int:
    page = lines[start].page
    return next((k for k in range(start, len(lines)) if lines[k].page != page), len(lines))


def _printed_elsewhere(lines: list[Line], lang: Lang, front: Front) -> None:
    """A line holding only the document's symbol (and job number), wherever it is printed:
    publications print it on the back cover."""
    for j, line in enumerate(lines):
        text = _text(line)
        if "/" not in text or len(text) > 80:
            continue
        found, rest = scan(text, lang, front)
        if (
            found
            and not rest
            and any(item.name == "symbol" for item, _ in found)
            and all(item.name in _SYMBOL_LINE for item, _ in found)
        ):
            _apply(found, front)
            front.consumed.add(j)
            return


def _cover_title(lines: list[Line], start: int, limit: int, lang: Lang, front: Front) -> str | None:
    """A cover page's title: its first group of lines in the largest type, past an
    epigraph (a quotation and the line naming its author)."""
    groups: list[list[int]] = []
    for k in range(start, limit):
        if k in front.consumed or not _text(lines[k]):
            continue
        text = _text(lines[k])
        if not groups or breaks(lines, k) or lang.first("masthead.summary", text) or _bare(text, lang):
            groups.append([k])
        else:
            groups[-1].append(k)
    candidates = []
    for n, g in enumerate(groups):
        text = " ".join(_text(lines[k]) for k in g)
        if len(text) < 4 or _bare(text, lang) or lang.first("masthead.summary", text):
            continue
        if (
            text[:1] in '“"«'
            and n + 1 < len(groups)
            and len(groups[n + 1]) == 1
            and len(_text(lines[groups[n + 1][0]])) < 40
        ):
            continue  # an epigraph
        candidates.append((-max(lines[k].size for k in g), n, text))
    if not candidates:
        return None
    text = min(candidates)[2]
    return text.strip('“”"«» ')


def _bare(text: str, lang: Lang) -> bool:
    return any(lg.compile(p).fullmatch(text) for lg in lang.chain for p in lg.section("masthead").get("bare_kinds", []))


def scan(text: str, lang: Lang, front: Front, depth: int = 0) -> tuple[list[tuple[Item, Found]], str]:
    """The items at the start of `text`, one after another, and what is left (nothing is
    kept yet: `_apply` keeps them)."""
    found: list[tuple[Item, Found]] = []
    while True:
        text = text.strip()
        if not text:
            return found, text
        for item in ITEMS:
            hit = item.match(text, lang, front)
            if hit is None or hit.end <= 0:
                continue
            rest = text[hit.end :]
            if item.whole and rest.strip():
                after, left = scan(rest, lang, front, depth + 1) if depth < 4 else ([], rest)
                if left:
                    continue  # a name that opens a longer line (a title): not a masthead item
            found.append((item, hit))
            text = rest
            break
        else:
            return found, text


def _apply(found: list[tuple[Item, Found]], front: Front) -> None:
    for item, hit in found:
        item.apply(hit.value, front)


def _masthead(lines: list[Line], limit: int, lang: Lang, front: Front, first: int = 0) -> tuple[int, str | None]:
    """Read masthead pieces until one is not a masthead item: its line index and the text
    of it left to read (None: the whole line)."""
    left: dict[int, str] = {}  # what remains of a line a join took the start of
    i = first
    while i < limit:
        if i in front.consumed:
            i += 1
            continue
        text = left.get(i, _text(lines[i]))
        if _enacting(text, lang, front):
            return i, None
        if "\t" not in text and (both := _with_next(text, lines, i, limit, lang, front)) is not None:
            _apply(both, front)  # one item printed over two lines ("Special Political ..." / "(Fourth Committee)")
            front.consumed.update((i, i + 1))
            i += 2
            continue
        rest_cells: list[str] = []
        for cell in text.split("\t"):
            found, rest = scan(cell, lang, front)
            _apply(found, front)
            if found and isinstance(found[-1][0], Agenda | President) and not rest:
                i += _follow(found[-1][0], lines, i + 1, limit, lang, front)
            if rest:
                rest_cells.append(rest)
        if rest_cells and all(len(r) <= 2 for r in rest_cells) and len(" ".join(rest_cells)) < len(text):
            rest_cells = []  # a letter or two of scanning noise beside an item ("A/45/155J")
        if not rest_cells:
            front.consumed.add(i)
            i += 1
            continue
        rest = " ".join(rest_cells)
        joined = _join_next(rest, lines, i, limit, lang, front)
        if joined is not None:
            front.consumed.add(i)
            if joined:
                left[i + 1] = joined
            else:
                front.consumed.add(i + 1)
            i += 1
            continue
        if (not front.rec.symbols and _junk(rest) or len(rest) <= 2) and rest == text:
            front.consumed.add(i)  # scanning noise above an old masthead, a stray letter
            i += 1
            continue
        return i, rest if rest != _text(lines[i]) else None
    return limit, None


def _with_next(
    text: str, lines: list[Line], i: int, limit: int, lang: Lang, front: Front
) -> list[tuple[Item, Found]] | None:
    """The items of a line read together with the next one, when the next line alone is
    no item but the two lines make items whole."""
    if i + 1 >= limit or (i + 1) in front.consumed:
        return None
    nxt = _text(lines[i + 1])
    if "\t" in nxt or not nxt or len(nxt) > 120:
        return None
    found, rest = scan(nxt, lang, front)
    if not rest:
        return None
    alone, alone_rest = scan(text, lang, front)
    if alone_rest or not alone or isinstance(alone[-1][0], Agenda | President):
        return None  # not all masthead by itself (_join_next reads it on), or an item that takes its next lines
    both, left = scan(text + " " + nxt, lang, front)
    return both if not left and both else None


def _join_next(rest: str, lines: list[Line], i: int, limit: int, lang: Lang, front: Front) -> str | None:
    """Read `rest` with the next line, as one item broken over two lines: what is left of
    the next line (\"\" for nothing), or None when that reads no further."""
    if i + 1 >= limit or (i + 1) in front.consumed:
        return None
    rest = _LOGO_LETTER.sub("", rest).strip()  # the series letter printed large beside the organ ("المجلس E")
    nxt = _text(lines[i + 1]).split("\t")[0]
    found, left = scan(rest + " " + nxt, lang, front)
    if not found or len(left) >= len(nxt) or not nxt.endswith(left):
        return None
    _apply(found, front)
    if isinstance(found[-1][0], Agenda) and not left:
        _follow(found[-1][0], lines, i + 2, limit, lang, front)
    return left


def _follow(item: Item, lines: list[Line], j: int, limit: int, lang: Lang, front: Front) -> int:
    """Lines below an item that belong to it: an agenda item's titles, the President's
    country on the next line. Returns how many lines it took."""
    if isinstance(item, President):
        if j < limit and front.meeting.get("president_country") is None:
            text = _text(lines[j])
            if text.startswith("(") and text.endswith(")") and len(text) < 60:
                front.meeting["president_country"] = text[1:-1].strip()
                front.consumed.add(j)
                return 1
        return 0
    return _agenda_titles(lines, j, limit, lang, front)


def _agenda_titles(lines: list[Line], j: int, limit: int, lang: Lang, front: Front) -> int:
    """The titles printed under an agenda line: one per item number (several items, each
    its own group of lines, or its own line), up to the next masthead item, a gap or the
    title block. A title stands close under its item and aligned with it; a heading
    centred far below is the document's own title."""
    items = front.rec.agenda_items
    pending = [a for a in items if a.title is None]
    if not pending:  # a title printed on the item's line: the lines that go on with it
        return _continue_title(lines, j, limit, lang, front)
    wanted = len({a.number.split(" ")[0] for a in pending})
    start = j
    if j >= limit:
        return 0
    aligned = _aligned(lines[j - 1], lines[j])
    if lines[j].gap >= (3.0 if aligned else 2.0):
        return 0
    if not aligned and lines[j].size > lines[j - 1].size + 1:
        return 0  # centred in larger type: the document's title, not the item's
    if not aligned and any(
        lg.compile(p).search(_text(lines[j - 1]))
        for lg in lang.chain
        for p in lg.section("masthead").get("agenda_untitled", [])
    ):
        return 0  # this form of item line prints no title: the heading below is the document's
    first_x = lines[j].x0
    hanging = False  # old typewritten titles: no gaps, continuation lines indented
    for k in range(j + 1, min(limit, j + 8)):
        if lines[k].gap >= 0.45:
            break
        hanging = hanging or lines[k].x0 > first_x + 4
    titles: list[list[str]] = []
    notes: list[int] = []  # page-one notes standing among the title's lines (a DOCX's framed note)
    while j < limit and j not in front.consumed:
        text = _text(lines[j])
        if NOTE.match(text):
            notes.append(j)
            j += 1
            continue
        if _known(text, lang, front):
            break
        if hanging and wanted > 1:
            if titles and lines[j].gap >= 0.45:
                break
            starts = not titles or lines[j].x0 <= first_x + 2
        else:
            starts = not titles or breaks(lines, j)
        if starts and (
            len(titles) >= wanted or (titles and (lines[j].gap >= 1.5 or not _aligned(lines[start], lines[j])))
        ):
            break
        if starts:
            titles.append([text])
        else:
            titles[-1].append(text)
        j += 1
    if len(titles) < wanted and sum(len(t) for t in titles) == wanted:
        titles = [[line] for t in titles for line in t]  # one title a line
    texts = [clean_title(" ".join(t)) for t in titles]
    if len(texts) == len(pending):
        pairs = list(zip(pending, texts, strict=True))
    elif len(texts) == wanted:
        heads = list(dict.fromkeys(a.number.split(" ")[0] for a in pending))
        pairs = [(a, texts[heads.index(a.number.split(" ")[0])]) for a in pending]
    elif len(pending) == 1 and texts:
        pairs = [(pending[0], clean_title(" ".join(texts)))]
    else:
        pairs = []
    for agenda_item, title in pairs:
        agenda_item.title = title or None
    front.consumed.update(k for k in range(start, j) if k not in notes)
    front.texts.extend(" ".join(t) for t in titles)
    return j - start


def _aligned(item: Line, title: Line) -> bool:
    """A title under its agenda line starts where the line starts (ends, for
    right-to-left lines); plain text has no positions to tell."""
    if not (item.x1 or title.x1):
        return True
    return abs(title.x0 - item.x0) < 12 or abs(title.x1 - item.x1) < 12


def _continue_title(lines: list[Line], j: int, limit: int, lang: Lang, front: Front) -> int:
    """Lines that go on with an agenda title begun on the item's own line (no gap)."""
    start = j
    last = front.rec.agenda_items[-1] if front.rec.agenda_items else None
    while last is not None and j < limit and j not in front.consumed and not breaks(lines, j):
        text = _text(lines[j])
        if _known(text, lang, front):
            break
        last.title = clean_title(f"{last.title} {text}")
        front.texts.append(text)
        front.consumed.add(j)
        j += 1
    return j - start


def _known(text: str, lang: Lang, front: Front) -> bool:
    """A line that is a masthead item or opens the title block: no agenda title."""
    found, rest = scan(text, lang, front)
    if found and not rest:
        return True
    return any(
        lang.first(key, text)
        for key in (
            "masthead.resolution_heading",
            "masthead.decision_heading",
            "masthead.origin",
            "masthead.enacting",
            "masthead.sponsor",
            "masthead.session",
        )
    )


def _title_block(
    lines: list[Line], i: int, first_text: str | None, limit: int, lang: Lang, front: Front, *, final: bool
) -> tuple[int, list[str]]:
    """Group the lines from `i` to the enacting formula or the page's end, and read the
    groups as the title block; the index of the body's first line and the block's texts."""
    if front.meeting.get("number") or i >= limit:
        return i, []  # a meeting record: the body follows the meeting header

    def text_of(k: int) -> str:
        return first_text if k == i and first_text is not None else _text(lines[k])

    def skip(text: str) -> bool:
        found, rest = scan(text, lang, front)
        return bool(found) and not rest and found[0][0] is _PLACE

    groups: list[list[int]] = []
    end = limit
    for k in range(i, limit):
        if k in front.consumed or (k > i and (NOTE.match(_text(lines[k])) or skip(_text(lines[k])))):
            continue  # a page-one note or a session's place and dates: not the title
        if _enacting(text_of(k), lang, front):
            end = k
            break
        if not groups or breaks(lines, k, lang):
            groups.append([k])
        else:
            groups[-1].append(k)
    texts = [" ".join(text_of(x) for x in g) for g in groups]
    block, at = read_title(texts, lang, final=final or end < limit, skip=skip, under_item=bool(front.rec.agenda_items))
    _keep(block, lang, front)
    if at is not None and at < len(groups):
        front.summary = bool(lang.first("masthead.summary", texts[at]))
        return groups[at][0], block.texts
    return end, block.texts


def _keep(block: TitleBlock, lang: Lang, front: Front) -> None:
    rec = front.rec
    rec.title = block.title
    rec.doc_type = block.doc_type
    if block.organ and rec.organ is None:
        rec.organ = (lang.find_name("organs", block.organ) or lang.find_name("bodies", block.organ) or (None,))[0]
    front.res_number = block.res_number
    if block.origin:
        found = [sym for _, _, sym in symbols.find_symbols(block.origin)]
        rec.origin = {"printed": block.origin, "documents": list(dict.fromkeys(found))}
    if block.sponsors:
        states, unknown = sponsor_states(block.sponsors, lang.code)
        rec.sponsors = {"printed": block.sponsors, "states": states}
        if unknown:
            rec.sponsors["unresolved"] = unknown


def _finish(front: Front) -> None:
    rec = front.rec
    res_number = front.res_number
    if not rec.symbols and res_number:
        prefix = (
            symbols.series_of(rec.organ) if rec.organ in ("Security Council", "Economic and Social Council") else "A"
        )
        try:
            rec.symbols.append(symbols.normalize(f"{prefix}/RES/{res_number}"))
        except symbols.SymbolError:
            pass
    rec.symbol = rec.symbols[0] if rec.symbols else None
    parsed = _parse(rec.symbol)
    if parsed is not None:
        if rec.session is None and parsed.session and not _ROMAN.fullmatch(parsed.session):
            rec.session = parsed.session
        if rec.doc_type is None:
            rec.doc_type = symbols.kind_of(parsed)
        if len(front.organs) > 1 and parsed.organ:
            rec.organ = parsed.organ
    if parsed is not None and rec.organ is None and parsed.organ:
        rec.organ = parsed.organ  # a masthead without the organ's name (a publication of a commission)
    if parsed is not None and rec.body is None and not front.organs and parsed.body:
        rec.body = parsed.body  # no masthead names it: the body the symbol belongs to
    if len(front.organs) > 1:
        rec.joint = {"organs": list(front.organs), **front.joint}
    _session_in_title(front)
    if front.meeting.get("number"):
        if front.place and "place" not in front.meeting:
            front.meeting["place"] = front.place
        rec.meeting = {
            key: front.meeting.get(key) for key in ("number", "date", "time", "place", "president", "president_country")
        }
        rec.date = front.meeting.get("date") or rec.date  # a record's date is its meeting's
        rec.doc_type = rec.doc_type or "meeting_record"
    if rec.doc_type is None and front.summary:
        rec.doc_type = "report"  # a summary box opens the body: a report


def _session_in_title(front: Front) -> None:
    """A report titled after a body's session ("Eighth session of the Committee on Women",
    "تقرير لجنة الطاقة عن دورتها الحادية عشرة") is that body's, of that session."""
    rec, lang = front.rec, front.lang
    if not rec.title or lang is None:
        return
    for lg in lang.chain:
        for rx in lg.pats("masthead.title_session"):
            m = rx.match(rec.title)
            if m is None:
                continue
            names = [m.group("body")] + [
                new + m.group("body")[len(old) :]
                for old, new in lg.section("masthead").get("title_body_prefixes", [])
                if m.group("body").startswith(old)
            ]
            body = next((found[0] for name in names if (found := lang.find_name("bodies", name))), None)
            number = next((v for chained in lang.chain if (v := ordinal(m.group("ordinal"), chained))), None)
            if body and number:
                rec.body = body
                rec.session = rec.session or str(number)
                return


def _parse(symbol: str | None) -> symbols.Symbol | None:
    if not symbol:
        return None
    try:
        return symbols.parse(symbol)
    except symbols.SymbolError:
        return None


def _enacting(text: str, lang: Lang, front: Front) -> bool:
    """ "The General Assembly,": the body of a resolution starts here; its organ is the
    document's when the masthead named none (an old Security Council text)."""
    m = lang.first("masthead.enacting", text)
    if m is None:
        return False
    organ = m.groupdict().get("organ")
    found = lang.find_name("organs", organ) if organ else None
    if found and front.rec.organ is None:
        front.rec.organ = found[0]
    return True


def _text(line: Line) -> str:
    """A line's text as the recognisers read it: no footnote markers, no tatweel (a
    stretch of an Arabic line, not a letter)."""
    text = strip_marks(line.text)
    return (text.replace("\u0640", "") if "\u0640" in text else text).strip()


def _junk(text: str) -> bool:
    """Leftovers of old or scanned mastheads ("UNIES", "NATIONS A", OCR noise)."""
    return len(text) < 30 and (text.isupper() or _WORDLIKE.search(text) is None)


def _page_one_end(lines: list[Line]) -> int:
    """Where page one ends; copied text without page numbers shows its page breaks only as
    breaks in the flow (lines without positions)."""
    for i, line in enumerate(lines):
        if line.page > 1 or (line.new_page and not line.x1 and i > 60):
            return i
    return len(lines)
