"""Stage: read the front page (masthead and title block) into the record.

The front page is a fixed system: symbol, publisher and organ, distribution, date,
language and original language, job number, session, committee, agenda item and
title, then the title block (resolution heading, origin line, sponsors, title).
Each line is matched against the language's patterns (and English ones, which
Russian, Arabic and Chinese mastheads use for the Distr. and date lines); what is
matched is consumed, what is left over is the title block and then the body.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Final

from undocs import symbols
from undocs.clean import mend
from undocs.extract.lines import MARK, Line
from undocs.lang import Lang, fold, load
from undocs.parse.values import agenda_numbers, ascii_digits, find_date, language_codes, ordinal
from undocs.record import AgendaItem, Record

JOB: Final = re.compile(
    r"^(?P<job>(?:GE\.|[NVG])?\d{2}-\d{5}|[NVG]\d{7})\s*(?:\((?P<letter>[A-Z])\))?(?P<dates>(?:\s+\d{6}){0,3})\s*"
)
BARCODE: Final = re.compile(r"^\*\d{7,8}\*\s*")
RECYCLE: Final = re.compile(r"^Please recycle\s*", re.I)
BIDI: Final = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
MARKS: Final = re.compile(re.escape(MARK) + r"[^" + re.escape(MARK) + r"]*" + re.escape(MARK))
# "78/8. Title", "ES-11/1 Title", Arabic "دإط-10/22 . Title" (the series prefix in the language's letters)
RES_NUMBER: Final = re.compile(
    r"^(?P<number>(?:(?P<pre>(?:ES|S)|[^\W\d_]{1,4})-)?\d+/\d+(?:\s*[A-Z](?:-[A-Z])?)?)(?:\s*[.\-–])?\s+(?P<title>\S.*)$"
)
ORIGIN: Final = re.compile(r"^\[.*\]$")


def strip_marks(text: str) -> str:
    return MARKS.sub("", text) if MARK in text else text


_SPACES: Final = re.compile(r"\s+")
_STARS_END: Final = re.compile(r"\s*\*+$")
_DASHES_START: Final = re.compile(r"^[\s.\-–]+(?=\S)")
_SIX_DIGITS: Final = re.compile(r"\d{6}")
_ROMAN_SESSION: Final = re.compile(r"[IVXLC]+")
_WORDLIKE: Final = re.compile(r"[a-z]{4,}")


def clean_title(text: str) -> str:
    text = strip_marks(BIDI.sub("", text))
    text = mend(_SPACES.sub(" ", text))
    text = _STARS_END.sub("", text)
    text = _DASHES_START.sub("", text)
    return text.rstrip(" .").strip() if not text.endswith("...") else text


@dataclass
class Front:
    """What the front page left for later stages."""

    body_start: int = 0
    consumed: set[int] = field(default_factory=set)
    origin: str | None = None  # "[on the report of the ... (A/78/456)]"
    res_number: str | None = None  # "78/8", "ES-11/1", "242 (1967)"
    enacting_organ: str | None = None
    texts: list[str] = field(default_factory=list)  # agenda titles, for references
    block_texts: list[str] = field(default_factory=list)  # the title block's groups

    @property
    def all_texts(self) -> list[str]:
        """Front-page text in reading order (for references)."""
        return self.texts + self.block_texts


class FrontReader:
    def __init__(self, lang: Lang):
        self.lang = lang
        self.en = load("en")
        self.langs = [lang] if lang.code == "en" else [lang, self.en]
        self._gates = lang.gates  # key -> one pattern for the key in all self.langs
        # the same lines are asked about again and again (title groups, columns): remember
        self._matches: dict[tuple[str, str], re.Match[str] | None] = {}  # (pattern key, text)
        self._names: dict[tuple[str, str], tuple[str, int] | None] = {}  # (name section, text)

    # -- small matchers -------------------------------------------------------------
    def _match(self, key: str, text: str) -> re.Match[str] | None:
        """The first of `key`'s patterns (the language's, then English) that matches at the
        start of `text`: every masthead item stands at the start of its line."""
        memo = self._matches
        if (key, text) in memo:
            return memo[key, text]
        m = memo[key, text] = self._search(key, text)
        return m

    def _search(self, key: str, text: str) -> re.Match[str] | None:
        rx = self._gates.get(key) or self.lang.gate(key)
        if not rx.match(text):
            return None
        for lg in self.langs:
            for rx in lg.pats(key):
                m = rx.match(text)
                if m:
                    return m
        return None

    def _name(self, section: str, text: str) -> tuple[str, int] | None:
        """Longest printed name of `section` (organs, bodies) at the start of `text`."""
        memo = self._names
        if (section, text) in memo:
            return memo[section, text]
        found = memo[section, text] = self._find_name(section, text)
        return found

    def _find_name(self, section: str, text: str) -> tuple[str, int] | None:
        best: tuple[str, int] | None = None
        folded = fold(text)
        for lg in self.langs:
            for printed, canonical in lg.names(section).items():
                if folded.startswith(printed) and (len(folded) == len(printed) or not folded[len(printed)].isalnum()):
                    if best is None or len(printed) > best[1]:
                        best = (canonical, len(printed))
        if best is None:
            return None
        # map folded length back onto the original text (same length but for whitespace)
        consumed = 0
        seen = 0
        target = best[1]
        while consumed < len(text) and seen < target:
            if not (text[consumed].isspace() and (consumed == 0 or text[consumed - 1].isspace())):
                seen += 1
            consumed += 1
        return best[0], consumed

    # -- header items -----------------------------------------------------------------
    def eat_header(self, text: str, rec: Record, front: Front, *, allow_date: bool) -> tuple[str, bool]:
        """Consume header items at the start of `text`; returns (rest, found_any)."""
        found = False
        while True:
            text = text.strip().lstrip("\t").strip()
            if not text:
                return text, found
            n = self._header_item(text, rec, front, allow_date)
            if not n:
                return text, found
            found = True
            text = text[n:]

    def _header_item(self, text: str, rec: Record, front: Front, allow_date: bool) -> int:
        m = BARCODE.match(text) or RECYCLE.match(text)
        if m:
            return m.end()
        m = JOB.match(text)
        if m and (m.group("letter") or m.group("dates") or "GE." in m.group("job") or text[m.end() :] == ""):
            if rec.job_number is None:
                rec.job_number = m.group("job")
                if m.group("letter"):
                    rec.job_language = m.group("letter")
                rec.processing_dates = [iso for d in m.group("dates").split() if (iso := _ddmmyy(d))]
            return m.end()
        folded = fold(text)
        for lg in self.langs:
            for p in lg.section("masthead").get("publisher", []):
                if folded.startswith(fold(p)):
                    return len(p)
        sym = _leading_symbol(text)
        if sym:
            canonical, n = sym
            if canonical not in rec.symbols:
                rec.symbols.append(canonical)
            return n
        name = self._name("organs", text)
        if name and rec.organ is None:
            rec.organ = name[0]
            return name[1]
        m = self._match("masthead.distribution", text)
        if m and m.start() == 0:
            value = self._distribution(m.group("value"))
            if value:
                rec.distribution = value
                return m.end()
        m = self._match("masthead.original", text)
        if m and m.start() == 0:
            rec.original_languages = language_codes(
                m.group("langs"),
                self.lang,
                self.lang.section("masthead").get("original_separators", []),
                fallback=self.en,
            )
            return m.end()
        if allow_date and rec.date is None:
            found = find_date(text, self.lang, fallback=self.en)
            if found and found[1].start() == 0:
                rec.date = found[0]
                return found[1].end()
            if found and found[1].start() <= 2 and not text[: found[1].start()].strip().isalnum():
                return found[1].end()  # a date behind scanning noise ("~9 September 1971"): unreadable, left null
        if any(folded in lg.words for lg in self.langs):
            return len(text)  # the language line ("Français", "Russian")
        return 0

    def _distribution(self, value: str) -> str | None:
        """The canonical distribution of a printed word ("GENERALE", "ОБЩАЯ"), by the first
        letters the language files give."""
        v = fold(value)
        for lg in self.langs:
            for canonical, starts in lg.section("masthead").get("distribution_values", {}).items():
                if any(v.startswith(fold(s)) for s in starts):
                    return canonical
        return None

    # -- the whole front page ------------------------------------------------------
    def read(self, lines: list[Line], rec: Record, *, structured: bool, banded: bool = True) -> Front:
        """`banded`: the lines know the band of the page they stand in (PDF, AKN cover)."""
        front = Front()
        limit = len(lines) if structured else _page_one_end(lines)
        if not structured:
            self._columns(lines, limit)
        # job number and barcode printed at the foot of page one
        for j in range(limit) if banded else ():
            if lines[j].zone == "bottom":
                rest, found = self.eat_header(lines[j].text, rec, front, allow_date=False)
                if found and not rest:
                    front.consumed.add(j)
        i = 0
        seen_left = False  # session / agenda / committee seen
        title_groups: list[list[int]] = []
        stage = "masthead"
        while i < limit:
            line = lines[i]
            text = line.text.strip()
            if i in front.consumed:
                i += 1
                continue
            m = self._match("masthead.enacting", strip_marks(text) if MARK in text else text)
            if m and m.start() == 0:
                front.enacting_organ = (
                    self._canonical_organ(m.group("organ")) if m and "organ" in m.groupdict() else None
                )
                front.body_start = i
                if title_groups:
                    self._title_done(title_groups, lines, rec, front, final=True)
                break
            if stage == "masthead":
                rest, found = self.eat_header(
                    text, rec, front, allow_date=not seen_left or rec.date is None and not seen_left
                )
                if found and not rest:
                    front.consumed.add(i)
                    i += 1
                    continue
                if rest == "Distr." or rest == "Distr.:" and i + 1 < limit:
                    joined = rest + " " + lines[i + 1].text
                    r2, f2 = self.eat_header(joined, rec, front, allow_date=False)
                    if f2 and not r2:
                        front.consumed.update({i, i + 1})
                        i += 2
                        continue
                n = self._left_block(lines, i, limit, rec, front)
                if n:
                    seen_left = True
                    i += n
                    continue
                if not seen_left and not rec.symbols and _junk(rest):
                    front.consumed.add(i)
                    i += 1
                    continue
                if rest != text and found:
                    front.consumed.add(i)
                    text = rest
                stage = "title"
            # title block: group lines
            if not title_groups or self._breaks(lines, i):
                title_groups.append([i])
                k = self._title_done(title_groups, lines, rec, front)
                if k is not None:
                    front.body_start = title_groups[k][0]
                    break
            else:
                title_groups[-1].append(i)
            i += 1
        else:
            k = self._title_done(title_groups, lines, rec, front, final=True)
            front.body_start = title_groups[k][0] if k is not None else limit
        for j in range(0, front.body_start):
            front.consumed.add(j)
        self._finish(rec, front)
        return front

    def _columns(self, lines: list[Line], limit: int) -> None:
        """Old and scanned mastheads interleave a left and a right column line by line
        ("GENERAL" / "A/L.632" / "ASSEMBLY"): above the first session or agenda line,
        put the left column's lines before the right column's."""
        if not any(ln.x1 for ln in lines[: min(limit, 40)]):
            return  # no positions (plain text): nothing to tell the columns apart by
        end = 0
        for k in range(min(limit, 40)):
            text = strip_marks(lines[k].text)
            if self._first("masthead.session", text) or self._first("masthead.agenda", text):
                end = k
                break
        head = lines[:end]
        if len(head) < 4 or not any(ln.x1 for ln in head):
            return
        middle = max(ln.x1 for ln in lines[:limit]) / 2
        left = [ln for ln in head if ln.x0 < middle]
        right = [ln for ln in head if ln.x0 >= middle]
        # only when the columns really interleave (a modern masthead keeps each pair on one line)
        sides = [ln.x0 >= middle for ln in sorted(head, key=lambda ln: ln.y)]
        switches = sum(1 for a, b in zip(sides, sides[1:], strict=False) if a != b)
        if switches >= 3:
            lines[:end] = left + right

    def _breaks(self, lines: list[Line], i: int) -> bool:
        line, prev = lines[i], lines[i - 1] if i else None
        if prev is None or line.hard_break:
            return True
        if line.gap >= 0.45 or line.new_page:
            return True
        if prev.size and line.size and abs(prev.size - line.size) > 1.5:
            return True
        return False

    def _left_block(self, lines: list[Line], i: int, limit: int, rec: Record, front: Front) -> int:
        """Session, committee, agenda item (with its title); returns lines consumed."""
        text = strip_marks(lines[i].text).strip()
        m = self._match("masthead.session", text)
        if m and m.start() == 0:
            value = ordinal(m.group("ordinal"), self.lang) or ordinal(m.group("ordinal"), self.en)
            if value:
                kind = fold(m.groupdict().get("kind") or "")
                if any(fold(w) in kind for lg in self.langs for w in lg.section("masthead").get("emergency_words", [])):
                    rec.session = f"ES-{value}"
                elif kind and any(
                    fold(w) in kind for lg in self.langs for w in lg.section("masthead").get("special_words", [])
                ):
                    rec.session = f"S-{value}"
                else:
                    rec.session = str(value)
                rest = text[m.end() :].strip()
                front.consumed.add(i)
                if rest:  # "Eightieth session Agenda item 91 ..." on one line
                    lines[i] = dataclasses.replace(lines[i], text=rest)
                    return self._left_block(lines, i, limit, rec, front) or 1
                return 1
        # a body name, perhaps broken over two lines
        if i + 1 < limit:
            joined = text + " " + strip_marks(lines[i + 1].text).strip()
            name = self._name("bodies", joined)
            if name and name[1] >= len(joined.rstrip(" *")) - 1 and name[1] > len(text):
                rec.body = name[0]
                front.consumed.update({i, i + 1})
                return 2
        name = self._name("bodies", text)
        if name and name[1] >= len(text.rstrip(" *")) - 1:
            rec.body = name[0]
            front.consumed.add(i)
            return 1
        m = self._match("masthead.agenda", text)
        if m and m.start() == 0:
            numbers = agenda_numbers(m.group("items"), self.lang) or agenda_numbers(m.group("items"), self.en)
            if not numbers:
                return 0
            titles: list[list[str]] = [[m.group("title")]] if m.groupdict().get("title") else []
            j = i + 1
            # one title per item (for several items, each its own group of lines)
            wanted = len({n.split(" ")[0] for n in numbers})
            while j < limit and not self._is_known(lines[j].text):
                starts = not titles or self._breaks(lines, j)
                if starts and len(titles) >= wanted:
                    break
                if starts:
                    if titles and lines[j].gap >= 1.5:
                        break
                    titles.append([lines[j].text])
                else:
                    titles[-1].append(lines[j].text)
                j += 1
            texts = [clean_title(" ".join(t)) for t in titles]
            pairs: list[tuple[str, str | None]]
            if len(texts) == len(numbers):
                pairs = list(zip(numbers, texts, strict=False))
            elif len(texts) == wanted:
                heads = [n.split(" ")[0] for n in numbers]
                order = list(dict.fromkeys(heads))
                pairs = [(n, texts[order.index(h)]) for n, h in zip(numbers, heads, strict=False)]
            else:
                one_title = clean_title(" ".join(" ".join(t) for t in titles)) or None
                pairs = [(n, one_title if len(numbers) == 1 else None) for n in numbers]
            for n, t in pairs:
                rec.agenda_items.append(AgendaItem(number=n, title=t or None))
            front.consumed.update(range(i, j))
            front.texts.extend(" ".join(t) for t in titles)
            return j - i
        if rec.session and find_date(text, self.lang, fallback=self.en) and len(text) < 40 and not rec.agenda_items:
            front.consumed.add(i)  # the session's dates ("4–15 November 2019")
            return 1
        return 0

    def _is_known(self, text: str) -> bool:
        text = strip_marks(text).strip()
        for key in (
            "masthead.resolution_heading",
            "masthead.decision_heading",
            "masthead.origin",
            "masthead.enacting",
            "masthead.sponsor",
            "masthead.session",
        ):
            m = self._match(key, text)
            if m and m.start() == 0:
                return True
        return bool(RES_NUMBER.match(text))

    # -- title block --------------------------------------------------------------
    def _title_done(
        self, groups: list[list[int]], lines: list[Line], rec: Record, front: Front, final: bool = False
    ) -> int | None:
        """Interpret the title groups read so far; the index of the group where the
        body starts, or None while the title block may go on."""
        state: dict[str, str | None] = {"title": None, "doc_type": None, "want": None}
        front.origin, front.res_number = None, front.res_number if False else None
        done = False
        body_at = None
        front.block_texts = []
        for n, g in enumerate(groups):
            text = " ".join(strip_marks(lines[k].text).strip() for k in g)
            if body_at is not None:
                break
            front.block_texts.append(text)
            if ORIGIN.match(text.strip()) or self._starts(text, "masthead.origin"):
                front.origin = text
                continue
            m = self._first("masthead.resolution_heading", text)
            if m:
                state["doc_type"] = "resolution"
                org = m.groupdict().get("organ")
                if org and rec.organ is None:
                    rec.organ = self._canonical_organ(org)
                continue
            if self._first("masthead.decision_heading", text):
                state["doc_type"] = "decision"
                continue
            m = self._first("masthead.number_heading", text)
            if m:
                front.res_number = _SPACES.sub(" ", m.group("number"))
                state["doc_type"] = "resolution"
                continue
            m = RES_NUMBER.match(BIDI.sub("", text))
            if m and not done and state["doc_type"] in ("resolution", "decision", None):
                front.res_number = _SPACES.sub(" ", m.group("number"))
                if m.group("pre") and m.group("pre") not in ("ES", "S"):
                    front.res_number = None  # a prefix in another script: the symbol says it better
                state["doc_type"] = state["doc_type"] or "resolution"
                state["title"] = clean_title(m.group("title")) or None
                done = True
                continue
            m = self._first("masthead.sponsor", text)
            if m and not done:
                state["doc_type"] = self._type_of(m.group("kind")) or "draft_resolution"
                state["want"] = "title"
                continue
            if not done and (state["want"] == "title" or state["title"] is None):
                state["title"] = clean_title(text)
                state["doc_type"] = state["doc_type"] or self._type_of(text)
                state["want"] = None
                done = True
                continue
            body_at = n
            front.block_texts.pop()
        rec.title = state["title"]
        rec.doc_type = state["doc_type"]
        if body_at is None and final and len(groups) > 1 and not done:
            return None
        return body_at

    def _apply_title(self, rec: Record, state: dict) -> None:
        rec.title = state["title"]
        rec.doc_type = state["doc_type"]

    def _starts(self, text: str, key: str) -> bool:
        m = self._match(key, text)
        return bool(m and m.start() == 0)

    def _first(self, key: str, text: str) -> re.Match[str] | None:
        m = self._match(key, text)
        return m if m is not None and m.start() == 0 else None

    def _type_of(self, text: str) -> str | None:
        for lg in self.langs:
            for doc_type, pats in lg.section("doc_types").items():
                for p in pats:
                    if lg.compile(p).search(text):
                        return doc_type
        return None

    def _canonical_organ(self, printed: str | None) -> str | None:
        if not printed:
            return None
        name = self._name("organs", printed) or self._name("bodies", printed)
        return name[0] if name else None

    def _finish(self, rec: Record, front: Front) -> None:
        if front.enacting_organ and rec.organ is None:
            rec.organ = front.enacting_organ
        if not rec.symbols and front.res_number:
            prefix = {"Security Council": "S", "Economic and Social Council": "E"}.get(rec.organ or "", "A")
            try:
                rec.symbols.append(symbols.normalize(f"{prefix}/RES/{front.res_number}"))
            except symbols.SymbolError:
                pass
        rec.symbol = rec.symbols[0] if rec.symbols else None
        if rec.symbol and rec.session is None:
            try:
                sym = symbols.parse(rec.symbol)
                if sym.session and not _ROMAN_SESSION.fullmatch(sym.session):
                    rec.session = sym.session
            except symbols.SymbolError:
                pass
        if rec.doc_type is None and rec.symbol:
            rec.doc_type = _type_from_symbol(rec.symbol)


def _type_from_symbol(symbol: str) -> str | None:
    try:
        sym = symbols.parse(symbol)
    except symbols.SymbolError:
        return None
    return {
        "RES": "resolution",
        "DEC": "decision",
        "PV": "meeting_record",
        "SR": "meeting_record",
        "PRST": "statement",
    }.get(sym.doc_type or "")


def _ddmmyy(text: str) -> str | None:
    if not _SIX_DIGITS.fullmatch(text):
        return None
    d, m, y = int(text[:2]), int(text[2:4]), int(text[4:])
    if not (1 <= d <= 31 and 1 <= m <= 12):
        return None
    return f"{2000 + y if y < 70 else 1900 + y:04d}-{m:02d}-{d:02d}"


_SYMBOL_HEAD: Final = re.compile(r"^[A-Z][A-Za-z]*(?:\.\d+)?/[^\s]+(?:\s+(?:\(\w+\)|[A-Z](?:-[A-Z])?\b))?")


def _leading_symbol(text: str) -> tuple[str, int] | None:
    m = _SYMBOL_HEAD.match(text)
    if not m:
        return None
    candidate = m.group(0)
    for end in range(len(candidate), 2, -1):
        piece = candidate[:end].rstrip("*")
        try:
            canonical = symbols.normalize(piece)
        except symbols.SymbolError:
            continue
        return canonical, end + (1 if candidate[end : end + 1] == "*" else 0)
    return None


def _junk(text: str) -> bool:
    """Leftovers of old or scanned mastheads ("UNIES", "NATIONS A", OCR noise)."""
    return len(text) < 30 and (text.isupper() or not _WORDLIKE.search(text))


def _page_one_end(lines: list[Line]) -> int:
    for i, line in enumerate(lines):
        if line.page > 1 or (line.new_page and i > 0 and lines[i - 1].page == 1 and line.page == 1 and i > 60):
            return i
    return len(lines)


def _first_unconsumed_after(groups: list[list[int]], limit: int) -> int:
    return groups[1][0] if len(groups) > 1 else limit


def ascii(text: str) -> str:  # pragma: no cover - helper for debugging
    return ascii_digits(text)
