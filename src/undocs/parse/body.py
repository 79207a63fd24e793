"""Stage: body lines -> blocks in reading order.

Lines are first rejoined into paragraphs (a blank line or extra space, a first-line
indent, a number opening the line after a finished sentence, a page break after a
finished sentence), then each paragraph is given its kind: enacting formula,
preambular or operative paragraph, heading, signature, annex heading, footnote,
closing line.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

from undocs.clean import join_lines, mend
from undocs.extract.lines import MARK, Layout, Line
from undocs.lang import Lang, load
from undocs.limits import check_time
from undocs.parse.values import find_date, language_codes
from undocs.record import Block, Note

SEPARATOR: Final = re.compile(r"^_{5,}\s*$")
NOTE_START: Final = re.compile(
    r"^(?:" + MARK + r")?\(?(\d{1,3}|\*{1,3})\)?(?:" + MARK + r")?(?:/)?\s+(?=\S)"  # "1 ", "*/ ", Arabic "(1) "
)
# a copied sentence end with its footnote marker stuck on: "persons.8", "migration.11"
_STOP_THEN_MARKER: Final = re.compile(r"[.;:”»\"]\d{1,3}\s*$")
NUMBER_ALONE: Final = re.compile(r"^\d{1,3}\.$")
LETTER_ALONE: Final = re.compile(r"^\(([a-z]{1,2}|[ivxl]{1,6})\)$")
NUMBERED: Final = re.compile(r"^(\d{1,3})(?:\.|\s*-)\s+(?=\S)")  # "1. ", "1 - ", Arabic "1- "
LETTERED: Final = re.compile(r"^\(([a-z]{1,2}|[ivxl]{1,6})\)\s+(?=\S)")
ROMAN_HEAD: Final = re.compile(r"^([IVXL]{1,6}|[A-H])\.\s+(?=\S)")
END: Final = '.;:!?»”"…。；：'
_SPOT: Final = "\ue001"  # a marker's place while the text is mended
MARKED: Final = re.compile(MARK + r"([^" + MARK + r"]*)" + MARK)
_CLASSIFY_KEYS: Final = (
    "masthead.enacting",
    "masthead.annex_original",
    "masthead.annex",
    "masthead.signature",
    "masthead.adoption",
)


class Para:
    """Lines that make one paragraph (or one footnote)."""

    def __init__(self, lines: list[Line], footnote: bool = False) -> None:
        self.lines = lines
        self.footnote = footnote

    @property
    def text(self) -> str:
        return join_lines([line.text for line in self.lines])

    def starts(self, order: dict[int, int]) -> list[tuple[int, int]]:
        """(offset in the joined text, reading order) of each line: where a citation stood."""
        get = order.get
        lines = self.lines
        first = get(id(lines[0]), 0)
        if get(id(lines[-1]), 0) - first == len(lines) - 1:
            return [(0, first)]  # lines in a row: the first one's place orders the whole paragraph
        out, offset = [], 0
        for line in lines:
            out.append((offset, get(id(line), 0)))
            offset += len(line.text) + 1
        return out

    @property
    def first(self) -> Line:
        return self.lines[0]


def _ends_sentence(text: str) -> bool:
    if MARK in text:
        text = MARKED.sub("", text)
    text = text.rstrip()
    return bool(text) and text[-1] in END


def _starts_fresh(text: str) -> bool:
    """Starts as a sentence or heading does: a capital, a digit, or a letter of a script
    without capitals (Arabic, Chinese), which any start may be."""
    text = text.lstrip("«“\"'(")
    if not text:
        return False
    c = text[0]
    return c.isupper() or c.isdigit() or (c.isalpha() and not c.islower())


def paragraphs(lines: list[Line], layout: Layout, lang: Lang | None = None) -> list[Para]:
    """Group lines into paragraphs; footnote lines (after a rule) into footnotes."""
    lang = lang or load("en")
    # lines that end a paragraph (a signature), lines that start one (an annex heading)
    hard_after, hard_before = lang.gate("masthead.signature"), lang.gate("masthead.annex")
    separator = [bool(SEPARATOR.match(ln.text)) if ln.text[:1] == "_" else False for ln in lines]
    out: list[Para] = []
    in_notes = False
    note_page = None
    last_note: int | None = None
    prev: Para | None = None  # the last paragraph that is not a footnote
    resumed: Para | None = None  # a paragraph that went on after its page's footnotes
    # per line text: does it end a paragraph (a signature), or start one / stand alone (an annex heading)
    after_memo: dict[str, bool] = {}
    before_memo: dict[str, re.Match[str] | None] = {}
    for line, sep in zip(lines, separator, strict=True):
        check_time()
        if sep:
            in_notes, note_page = True, line.page
            continue
        if in_notes and (line.page != note_page or (line.new_page and not layout.positioned)):
            in_notes = False
        if in_notes and layout.copied and line.gap >= 1 and not NOTE_START.match(line.text):
            in_notes = False
        if not in_notes and layout.copied and line.gap >= 1 and _ruleless_note(line.text, last_note, out, lang):
            in_notes, note_page = True, line.page  # copied text loses the rule above a page's notes
        if in_notes:
            m = NOTE_START.match(line.text)
            # a footnote starts with the next number in sequence ("17 March 2022" continues one)
            starts = m is not None and (
                not m.group(1).isdigit()
                or last_note is None
                or int(m.group(1)) == last_note + 1
                or not layout.positioned
                and int(m.group(1)) > last_note
            )
            if starts or not out or not out[-1].footnote:
                out.append(Para([line], footnote=True))
                resumed = None
                if m and m.group(1).isdigit():
                    last_note = int(m.group(1))
            else:
                out[-1].lines.append(line)
            continue
        # the paragraph a line may continue: the last one that is not a footnote
        # (a page's footnotes stand between a paragraph and its continuation overleaf)
        cont = prev
        text = line.text
        if text in before_memo:
            before = before_memo[text]
        else:
            before = before_memo[text] = hard_before.match(text)
        if layout.copied and cont is not None and cont is not resumed and out[-1].footnote and before is None:
            last = cont.lines[-1].text.rstrip()
            if (
                not _ends_sentence(last)
                and (text[:1].islower() or last[-1:].isalnum())
                and not _numbered(text)
                and not hard_after.match(last)  # a signature ends its paragraph
            ):
                cont.lines.append(line)  # the rest of a paragraph the page's footnotes cut in two
                resumed = cont
                continue
        if (
            cont is not None
            and cont is not resumed
            and out[-1].footnote
            and not line.new_page
            and line.page == out[-1].first.page
        ):
            cont = None
        if cont is None or before is not None or _new_paragraph(cont.lines[-1], line, layout):
            new = True
        else:
            last = cont.lines[-1].text
            if last in after_memo:
                new = after_memo[last]
            else:
                if last in before_memo:
                    lb = before_memo[last]
                else:
                    lb = before_memo[last] = hard_before.match(last)
                new = after_memo[last] = bool(
                    hard_after.match(last) or (lb is not None and lb.end() >= len(last.rstrip()))
                )
        if new or cont is None:
            prev = Para([line])
            out.append(prev)
            resumed = None
        else:
            cont.lines.append(line)
    return out


_BARE_NUMBER: Final = re.compile(r"^(\d{1,3})\s+(?=\S)")


def _ruleless_note(text: str, last_note: int | None, out: list[Para], lang: Lang) -> bool:
    """A footnote in text copied without the rule above it: "2 See CD/1839." starts a
    paragraph with a bare number (a numbered paragraph has "2." or "2 -"), the next in
    sequence, or for the first one a number whose marker stands in the text above
    ("Bodies,1", "1949, 20"); never a date ("11 November 2025")."""
    m = _BARE_NUMBER.match(text)
    if m is None or NUMBERED.match(text):
        return False
    n = int(m.group(1))
    if last_note is not None and n != last_note + 1:
        return False
    found = find_date(text, lang)
    if found is not None and found[1].start() == 0:
        return False
    if last_note is not None:
        return True
    marker = re.compile(r"(?:[^\W\d_][,.;:”’\")]?|\d[,.;:”’\")])\s?" + str(n) + r"(?![\d/])")
    above = [ln.text for para in out[-12:] if not para.footnote for ln in para.lines]
    return marker.search(" ".join(above)) is not None


@cache
def _gate(code: str) -> re.Pattern[str]:
    """A pattern matching wherever one of the patterns `BodyReader._classify` tries
    would: most paragraphs need none of them."""
    lang = load(code)
    others = [load("en")] if code != "en" else []
    return re.compile("|".join(f"(?:{lang.any_of(k, *others).pattern})" for k in _CLASSIFY_KEYS), re.IGNORECASE)


def _whole(rx: re.Pattern[str], text: str) -> bool:
    m = rx.match(text)
    return m is not None and m.end() >= len(text.rstrip())


def _new_paragraph(prev: Line, line: Line, layout: Layout) -> bool:
    if line.hard_break:
        return True
    text = line.text
    if layout.copied and not line.new_page:
        if line.gap >= 1 or line.indent > 0:
            return True
        if not _numbered(text):
            return False
        return (
            _ends_sentence(prev.text)
            or _STOP_THEN_MARKER.search(prev.text) is not None
            or (NUMBERED.fullmatch(prev.text.strip()) is None and prev.text.rstrip().endswith(","))
        )
    finished = _ends_sentence(prev.text)
    numbered = _numbered(text)
    if line.new_page:
        if layout.positioned:  # continuation lines start at the margin; a first line is indented; a heading is short
            return (
                _other_size(prev, line)
                or line.indent > 8
                or (numbered and (finished or prev.text.rstrip().endswith(",")))
                or (finished and line.rest > 60)
            )
        return finished and (numbered or _starts_fresh(text)) and (line.indent > 0 or numbered or line.gap >= 1)
    if layout.positioned:
        if line.gap >= 0.35:
            return True
        if line.indent > 8 and (finished or prev.rest > 40 or prev.text.endswith(",")):
            return True
        if _other_size(prev, line):
            return True
        if numbered and finished:
            return True
        return finished and prev.rest > 60 and _starts_fresh(text)
    # text
    if line.gap >= 1:
        return True
    if line.indent > 0:
        return True
    return numbered and (finished or NUMBERED.fullmatch(prev.text.strip()) is None and prev.text.rstrip().endswith(","))


_LEADER: Final = re.compile(r"(?:\.\s?){4,}|…{2,}|\s\d{1,3}\s*$")


def contents_entry(text: str) -> bool:
    """A line of a table of contents: dot leaders or a page number at its end, or a label
    short enough to stand in one ("Annex", "Page", "Paragraphs")."""
    return len(text) < 15 or _LEADER.search(text) is not None


def _other_size(prev: Line, line: Line) -> bool:
    """Printed in another type size (a heading over a list in smaller type): by more than
    an eighth, and at least a point."""
    if not (line.size and prev.size):
        return False
    return abs(line.size - prev.size) > max(1.0, 0.12 * min(line.size, prev.size))


def _numbered(text: str) -> bool:
    """A numbered or lettered paragraph's first line ("1. ", "(a) "), or its number alone
    on the line above the text (some copies break the line after "3.")."""
    c = text[:1]
    if c.isdigit():
        return NUMBERED.match(text) is not None or NUMBER_ALONE.match(text) is not None
    return c == "(" and (LETTERED.match(text) is not None or LETTER_ALONE.match(text) is not None)


def _notes(text: str) -> tuple[str, list[Note]]:
    """Text without its footnote markers, and where each marker stood in that text
    (measured after mending, so offsets stay right when spaces collapse)."""
    markers = MARKED.findall(text)
    spotted = mend(MARKED.sub(_SPOT, text))
    pieces = spotted.split(_SPOT)
    notes, offset = [], 0
    for marker, piece in zip(markers, pieces, strict=False):
        offset += len(piece)
        notes.append(Note(marker=marker, offset=len(spotted.replace(_SPOT, "")[:offset].rstrip())))
    return spotted.replace(_SPOT, ""), notes


class BodyReader:
    def __init__(self, lang: Lang, doc_type: str | None):
        self.lang = lang
        self.en = load("en")
        self.langs = [lang] if lang.code == "en" else [lang, self.en]
        self._gates = lang.gates  # key -> one pattern for the key in all self.langs
        self._gate = _gate(lang.code)
        self.resolution_like = doc_type in ("resolution", "decision", "draft_resolution", "draft_decision", "amendment")

    def _first(self, key: str, text: str) -> re.Match[str] | None:
        if not self._pattern(key).match(text):
            return None
        for lg in self.langs:
            for rx in lg.pats(key):
                m = rx.match(text)
                if m:
                    return m
        return None

    def blocks(self, paras: list[Para], order: dict[int, int] | None = None) -> list[Block]:
        blocks: list[Block] = []
        order = order or {}
        annex = 0
        state = "start"
        for para in paras:
            check_time()
            raw = mend(para.text)
            text, notes = _notes(raw) if MARK in raw else (raw, [])
            if not text:
                continue
            page = para.first.page
            if para.footnote:
                m = NOTE_START.match(raw)
                number = m.group(1) if m else None
                body = mend(MARKED.sub("", raw[m.end() :] if m else raw))
                blocks.append(Block(kind="footnote", text=body, number=number, annex=annex or None, page=page))
                blocks[-1].order = para.starts(order)
                continue
            block = self._classify(text, blocks, state, annex)
            if state == "contents":
                if contents_entry(text) and not self._first("masthead.summary", text):
                    if block.kind == "annex_heading":
                        block = Block(kind="heading", text=text)  # "Annex" listed in the contents
                else:
                    state = "start"
            elif block.kind == "heading" and self._first("masthead.contents", text):
                state = "contents"
            if notes:
                cut = len(text) - len(block.text) if text.endswith(block.text) else 0  # a number taken off the front
                block.notes = [Note(n.marker, max(0, n.offset - cut)) for n in notes]
            block.page = page
            block.order = para.starts(order)
            if block.kind == "annex_heading":
                annex += 1
                state = "annex"
            elif block.kind == "annex_original":
                prev = next((b for b in reversed(blocks) if b.kind == "annex_heading"), None)
                if prev is not None:
                    prev.original_languages = block.original_languages
                    continue
            elif block.kind == "enacting":
                state = "preamble"
            elif block.kind == "operative":
                state = "operative"
            block.annex = annex or None
            blocks.append(block)
        return blocks

    def _classify(self, text: str, blocks: list[Block], state: str, annex: int) -> Block:
        if self._gate.match(text):
            block = self._by_pattern(text, blocks)
            if block is not None:
                return block
        return self._by_form(text, blocks, state, annex)

    def _pattern(self, key: str) -> re.Pattern[str]:
        return self._gates.get(key) or self.lang.gate(key)

    def _by_pattern(self, text: str, blocks: list[Block]) -> Block | None:
        """The kinds the language file's patterns tell."""
        if self._first("masthead.enacting", text):
            return Block(kind="enacting", text=text)
        m = self._first("masthead.annex_original", text)
        if m and len(text) < 80 and blocks and blocks[-1].kind in ("annex_heading", "heading"):
            codes = language_codes(m.group("langs"), self.lang, self.lang.values("masthead", "original_separators"))
            return Block(kind="annex_original", text=text, original_languages=codes)
        if self._first("masthead.annex", text) and len(text) < 300:
            return Block(kind="annex_heading", text=text)
        m = self._first("masthead.signature", text)
        if m:
            return Block(kind="signature", text=m.group("name").strip())
        if self._first("masthead.adoption", text) and len(text) < 300:
            return Block(kind="closing", text=text)
        return None

    def _by_form(self, text: str, blocks: list[Block], state: str, annex: int) -> Block:
        """The kinds the paragraph's form tells: numbers, punctuation, length."""
        m = NUMBERED.match(text)
        if m:
            kind = (
                "operative"
                if self.resolution_like and state in ("preamble", "operative") and not annex
                else "paragraph"
            )
            return Block(kind=kind, text=text[m.end() :], number=m.group(1))
        m = LETTERED.match(text)
        if m:
            return Block(kind="subparagraph", text=text[m.end() :], number=m.group(1))
        m = ROMAN_HEAD.match(text)
        if m and len(text) < 200 and not _ends_sentence(text):
            return Block(kind="heading", text=text[m.end() :], number=m.group(1))
        if self.resolution_like and state in ("preamble", "operative") and not annex:
            if state == "preamble" and text.rstrip().endswith(","):
                return Block(kind="preambular", text=text)
            if text.rstrip()[-1:] in ";.":
                return Block(kind="operative", text=text)
            if state == "preamble":
                return Block(kind="preambular", text=text)
        limit = 400 if blocks and blocks[-1].kind == "annex_heading" else 200
        if len(text) < limit and not _ends_sentence(text) and not text.endswith(",") and _starts_fresh(text):
            return Block(kind="heading", text=text)
        return Block(kind="paragraph", text=text)


def closing_lines(blocks: list[Block], lang: Lang) -> None:
    """A closing's two printed lines, the meeting and its date ("30th plenary meeting" over
    "8 November 2023"; in Arabic "الجلسة العامة 30" over the date), kept apart by a line
    break: run together they read "30th plenary meeting 8 November 2023", or "30 8"."""
    for block in blocks:
        if block.kind != "closing" or "\n" in block.text:
            continue
        found = find_date(block.text, lang)
        if found is None:
            continue
        start, end = found[1].span()
        before, date, after = block.text[:start].rstrip(), block.text[start:end], block.text[end:].strip()
        meeting = before or after  # the other line: a meeting alone ("Adopted at ... on" is one sentence)
        m = lang.first("masthead.meeting", meeting)
        if m is None or m.end() != len(meeting) or (before and after):
            continue
        block.text = f"{before}\n{date}" if before else f"{date}\n{after}"


#: a typed note marker left in the text ("signed on 7 August 1987, 1/ and"): a number and a
#: slash, standing alone (not a symbol's "43/21", not a fraction)
_TYPED_MARKER: Final = re.compile(r"\s?(?<![\w/])(\d{1,2})/(?=[\s,.;:)]|$)")


def typed_note_markers(blocks: list[Block]) -> None:
    """Markers of typed notes ("1/", as documents were typed before the 2000s) taken out of
    the text and kept as the block's notes, where the document prints those notes: in the
    notes' order, each marker the next number of its section's notes."""
    numbers: dict[int | None, list[str]] = {}
    for b in blocks:
        if b.kind == "footnote" and b.number and b.number.isdigit():
            numbers.setdefault(b.annex, []).append(b.number)
    following = {annex: 0 for annex in numbers}
    for b in blocks:
        wanted = numbers.get(b.annex)
        if b.kind == "footnote" or not wanted or b.notes:
            continue
        text, kept, cut = b.text, [], 0
        for m in _TYPED_MARKER.finditer(b.text):
            k = following[b.annex]
            if k >= len(wanted) or m.group(1) != wanted[k]:
                continue
            following[b.annex] = k + 1
            start, end = m.start() - cut, m.end() - cut
            text = text[:start] + text[end:]
            cut += m.end() - m.start()
            kept.append(Note(marker=m.group(1), offset=start))
        if kept:
            b.text, b.notes = text, kept
