"""The front page's items, one recogniser each.

A recogniser looks at the start of a piece of masthead text and says what it read and
how much it consumed (`Found`), or None. It knows the printed forms of its item from the
language files (`lang.first(...)` along the language chain), never from a branch on the
language; `apply` writes the value into the front page being read. Each is tested alone
on lines printed by real documents (tests/test_front_items.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Final

from undocs import symbols
from undocs.lang import Lang, fold
from undocs.parse.values import agenda_numbers, find_date, language_codes, ordinal
from undocs.record import AgendaItem, Record

# layout knowledge of UN mastheads that no language changes
JOB: Final = re.compile(
    r"^(?P<job>(?:GE\.|[NVG])?\d{2}-\d{5}|[NVG]\d{7})\*?\s*(?:\((?P<letter>[A-Z])\))?"
    r"(?P<dates>(?:\s+\d{6}){0,3})\s*(?:\d{3,4}[a-z0-9]?\s*\((?P<letter2>[A-Z])\)(?P<dates2>(?:\s+\d{6}){0,3}))?\s*"
)
FURNITURE: Final = re.compile(r"^(?:-{3,}|_{3,}|[AEST]{1,2}|[AEST] ?/ ?[AEST])\s*(?=$|\s)")
BARCODE: Final = re.compile(r"^\*\d{7,8}\*\s*")
_SYMBOL_HEAD: Final = re.compile(
    r"^[A-Z][A-Za-z]*(?:\.\d+)?\s?/\s?[^\s(]+(?: [A-Z][a-z]+\.\d+)?"
    r"(?:\s?\(\w+\.? ?[\w.]*\)(?:/Part [A-Z]\b|/\S+)*|\s[A-Z](?:-[A-Z])?\b)?"
)
_JOINT: Final = re.compile(r"^\s*[-–—]\s*")
_SIX_DIGITS: Final = re.compile(r"\d{6}")
_THEME: Final = re.compile(r"\s*\([^()]{1,80}\)")
_MONTH_AND_YEAR: Final = re.compile(r"\d{4}\s*$")


@dataclass
class Front:
    """What the front page says beyond the record's fields, and what later stages need."""

    rec: Record
    consumed: set[int] = field(default_factory=set)
    texts: list[str] = field(default_factory=list)  # printed text that may cite documents (agenda titles)
    organs: list[str] = field(default_factory=list)
    joint: dict[str, Any] = field(default_factory=dict)
    meeting: dict[str, Any] = field(default_factory=dict)
    place: str | None = None
    res_number: str | None = None  # a resolution's number read in the title block ("242 (1967)")
    summary: bool = False  # the body opens with a summary box
    lang: Lang | None = None
    left_seen: bool = False  # session, committee or agenda item read: the masthead's date is above


@dataclass
class Found:
    value: Any
    end: int  # characters of the text consumed


class Item:
    """A front-page item: `match` reads it at the start of a text, `apply` keeps it.
    A `whole` item (a name, a label) stands alone: what follows it on its line must be
    other items too, else the line is not masthead (a title may begin with a name)."""

    name = "item"
    whole = False

    def match(self, text: str, lang: Lang, front: Front) -> Found | None:  # pragma: no cover - interface
        raise NotImplementedError

    def apply(self, value: Any, front: Front) -> None:
        """Most items need nothing kept (furniture, labels)."""


class Barcode(Item):
    """The job number's barcode ("*2321904*")."""

    name = "barcode"

    def match(self, text: str, lang: Lang, front: Front) -> Found | None:
        m = BARCODE.match(text)
        return Found(None, m.end()) if m else None


class Furniture(Item):
    """Rules, the series letter printed large beside the masthead ("E", "A S")."""

    name = "furniture"

    def match(self, text: str, lang: Lang, front: Front) -> Found | None:
        m = FURNITURE.match(text)
        return Found(None, m.end()) if m else None


class JobNumber(Item):
    """ "17-20793 (F) 291117 051217", "GE.19-13879", "90-05282 1299c (E)": the job number,
    its language letter and the processing dates."""

    name = "job_number"

    def match(self, text: str, lang: Lang, front: Front) -> Found | None:
        m = JOB.match(text)
        if not m:
            return None
        letter = m.group("letter") or m.group("letter2")
        if not (letter or m.group("dates") or "GE." in m.group("job") or text[m.end() :] == ""):
            return None
        printed = (m.group("dates") + " " + (m.group("dates2") or "")).split()
        dates = [iso for d in printed if (iso := _ddmmyy(d))]
        return Found((m.group("job"), letter, dates), m.end())

    def apply(self, value: Any, front: Front) -> None:
        rec = front.rec
        if rec.job_number is None:
            rec.job_number, rec.job_language, rec.processing_dates = value[0], value[1], value[2]


class Label(Item):
    """Words printed on a masthead that carry no value: the publisher ("United Nations"),
    "Official Records"."""

    name = "label"
    whole = True

    def match(self, text: str, lang: Lang, front: Front) -> Found | None:
        folded = fold(text)
        for word in lang.values("masthead", "publisher") + lang.values("masthead", "labels"):
            key = fold(word)
            if folded.startswith(key) and (len(folded) == len(key) or not folded[len(key)].isalnum()):
                return Found(None, _cover(text, key))
        return None


class Symbols(Item):
    """The document's symbol(s): "A/C.2/72/3", "S/2012/197*", "A/45/155 S/21174",
    "A/80/434–S/2025/632", "A/81/6 (Sect. 11)/Part A"."""

    name = "symbol"

    def match(self, text: str, lang: Lang, front: Front) -> Found | None:
        found = _leading_symbol(text)
        if found is None:
            return None
        canonical, end = found
        joint = _JOINT.match(text[end:])
        if joint:  # A/80/434-S/2025/632: both at once
            second = _leading_symbol(text[end + joint.end() :])
            if second:
                return Found([canonical, second[0]], end + joint.end() + second[1])
        return Found([canonical], end)

    def apply(self, value: Any, front: Front) -> None:
        for canonical in value:
            if canonical not in front.rec.symbols:
                front.rec.symbols.append(canonical)


class Organ(Item):
    """ "General Assembly", "ECONOMIC AND SOCIAL COUNCIL", "مجلس الأمن": the first one is the
    record's organ; a joint masthead prints a second."""

    name = "organ"
    whole = True

    def match(self, text: str, lang: Lang, front: Front) -> Found | None:
        found = lang.find_name("organs", text)
        return Found(found[0], found[1]) if found else None

    def apply(self, value: Any, front: Front) -> None:
        if value not in front.organs:
            front.organs.append(value)
        if front.rec.organ is None:
            front.rec.organ = value


class Distribution(Item):
    """ "Distr.: General", "Distr. LIMITED", "Distr. générale", "Distr. GENERAL"."""

    name = "distribution"

    def match(self, text: str, lang: Lang, front: Front) -> Found | None:
        m = lang.first("masthead.distribution", text)
        if not m:
            return None
        value = fold(m.group("value"))
        for lg in lang.chain:
            for canonical, starts in lg.section("masthead").get("distribution_values", {}).items():
                if any(value.startswith(fold(s)) for s in starts):
                    return Found(canonical, m.end())
        return None

    def apply(self, value: Any, front: Front) -> None:
        front.rec.distribution = value


class Original(Item):
    """ "Original: English", "ORIGINAL: ARABIC", "Original : anglais/français", "الأصل: عربي"."""

    name = "original"

    def match(self, text: str, lang: Lang, front: Front) -> Found | None:
        m = lang.first("masthead.original", text)
        if not m:
            return None
        codes = language_codes(m.group("langs"), lang, lang.values("masthead", "original_separators"))
        return Found(codes, m.end()) if codes else None

    def apply(self, value: Any, front: Front) -> None:
        front.rec.original_languages = value


class IssueDate(Item):
    """The masthead's date ("22 November 2017", "-25 March-1991"), above the session and
    agenda lines; a date the scan made unreadable ("~9 September 1971") is consumed, not read."""

    name = "date"

    def match(self, text: str, lang: Lang, front: Front) -> Found | None:
        if front.rec.date is not None:
            return None
        found = find_date(text, lang)
        if found is None:
            return None
        start = found[1].start()
        if front.left_seen:  # under the session line only a date alone (a range is the session's)
            return Found(found[0], found[1].end()) if start == 0 and not text[found[1].end() :].strip() else None
        if start == 0 or (start <= 2 and text[:start].strip() in ("-", "")):
            return Found(found[0], found[1].end())
        if start <= 2 and not text[:start].strip().isalnum():
            return Found(None, found[1].end())
        return None

    def apply(self, value: Any, front: Front) -> None:
        if value is not None:
            front.rec.date = value


class SessionDates(Item):
    """The dates of the session under its session line ("4–15 November 2019"): read, not kept."""

    name = "session_dates"

    def match(self, text: str, lang: Lang, front: Front) -> Found | None:
        if not front.left_seen or len(text) > 40:
            return None
        found = find_date(text, lang)
        if found is None or found[1].end() < len(text.rstrip(" .")) or found[1].start() > 8:
            return None
        return Found(None, len(text))


class LanguageLine(Item):
    """The version's language printed alone ("ENGLISH", "Français", "ARABIC")."""

    name = "language"
    whole = True

    def match(self, text: str, lang: Lang, front: Front) -> Found | None:
        folded = fold(text)
        return Found(None, len(text)) if any(folded in lg.words for lg in lang.chain) else None


class Session(Item):
    """ "Seventy-second session", "Tenth emergency special session", "الدورة الثلاثون",
    "Twelfth session (Financing for development)"; a Security Council "Forty-fifth year"
    on a joint masthead; a committee's "Fourth meeting" (read, not a session)."""

    name = "session"

    def match(self, text: str, lang: Lang, front: Front) -> Found | None:
        for key, kind in (
            ("masthead.session", "session"),
            ("masthead.year", "year"),
            ("masthead.meeting_of", "meeting"),
        ):
            m = lang.first(key, text)
            if not m:
                continue
            value = next((v for lg in lang.chain if (v := ordinal(m.group("ordinal"), lg))), None)
            if not value:
                continue
            end = m.end()
            theme = _THEME.match(text, end)  # "Twelfth session (Financing for development)"
            if theme:
                end = theme.end()
            if kind == "session":
                special = fold(m.groupdict().get("kind") or "")
                if special and any(fold(w) in special for w in lang.values("masthead", "emergency_words")):
                    return Found(("session", f"ES-{value}"), end)
                if special and any(fold(w) in special for w in lang.values("masthead", "special_words")):
                    return Found(("session", f"S-{value}"), end)
            return Found((kind, str(value)), end)
        return None

    def apply(self, value: Any, front: Front) -> None:
        kind, number = value
        front.left_seen = True
        if kind == "session" and front.rec.session is None:
            front.rec.session = number
        elif kind == "year":
            front.joint.setdefault("Security Council", {})["year"] = str(1945 + int(number))


class Body(Item):
    """The committee or commission the document is printed under ("Second Committee",
    "Economic and Social Commission for Western Asia (ESCWA)", "Committee on Women"):
    the most specific one printed wins, that is the last."""

    name = "body"
    whole = True

    def match(self, text: str, lang: Lang, front: Front) -> Found | None:
        found = lang.find_name("bodies", text)
        if found is None:
            return None
        end = found[1]
        abbreviation = re.match(r"\s*\([A-Z\u0600-\u06ff]{2,10}\)", text[end:])
        return Found(found[0], end + (abbreviation.end() if abbreviation else 0))

    def apply(self, value: Any, front: Front) -> None:
        front.left_seen = True
        front.rec.body = value


class Agenda(Item):
    """ "Agenda item 19 (a)", "Items 23, 35 and 78 of the preliminary list*", "Item 3 of the
    provisional agenda", "البند 128 (أ) من جدول الأعمال": the numbers; titles printed on
    the same line or below are taken by the front-page reader (`follows`)."""

    name = "agenda"
    follows = True

    def match(self, text: str, lang: Lang, front: Front) -> Found | None:
        m = lang.first("masthead.agenda", text)
        if not m:
            return None
        numbers = next((n for lg in lang.chain if (n := agenda_numbers(m.group("items"), lg))), [])
        if not numbers:
            return None
        title = m.groupdict().get("title")
        if title:  # the item's title on the same line
            return Found((numbers, title), len(text))
        return Found((numbers, None), m.end())

    def apply(self, value: Any, front: Front) -> None:
        front.left_seen = True
        numbers, title = value
        for n in numbers:
            front.rec.agenda_items.append(AgendaItem(number=n, title=None))
        if title:
            front.rec.agenda_items[-1].title = title
            front.texts.append(title)


class MeetingNumber(Item):
    """ "102nd plenary meeting", "46th PLENARY MEETING", "10011th meeting", "Fourth meeting"
    of a committee is a Session item."""

    name = "meeting_number"

    def match(self, text: str, lang: Lang, front: Front) -> Found | None:
        m = lang.first("masthead.meeting", text)
        return Found(m.group("number"), m.end()) if m else None

    def apply(self, value: Any, front: Front) -> None:
        front.meeting["number"] = value


class MeetingTime(Item):
    """ "Thursday, 8 September 2022, 3 p.m.", "Monday, 1 November 1993", "at 3 p.m.": the
    meeting's day and hour."""

    name = "meeting_time"

    def match(self, text: str, lang: Lang, front: Front) -> Found | None:
        m = lang.first("masthead.weekday", text)
        end = 0
        date = None
        if m:
            end = m.end()
            found = find_date(text[end:], lang)
            if found is None or found[1].start() > 2:
                return None
            date = found[0]
            end += found[1].end()
        time = lang.first("masthead.time", text[end:].lstrip(" ,"))
        if time:
            end = len(text) - len(text[end:].lstrip(" ,")) + time.end()
        if date is None and time is None:
            return None
        return Found((date, _clock(time) if time else None), end)

    def apply(self, value: Any, front: Front) -> None:
        date, clock = value
        if date:
            front.meeting["date"] = date
        if clock:
            front.meeting["time"] = clock


class Place(Item):
    """Where a meeting or session is held ("New York", "Beirut, 25-28 June 2018",
    "بيروت، 14-13 كانون الأول/ديسمبر 2017"): the place, with the dates when printed."""

    name = "place"
    whole = True

    def match(self, text: str, lang: Lang, front: Front) -> Found | None:
        found = lang.find_name("places", text)
        if found is None:
            return None
        rest = text[found[1] :]
        if not rest.strip():
            return Found(found[0], len(text))
        if rest.lstrip()[:1] in ",،":  # the dates of the session: "Beirut, 25-28 June 2018"
            date = find_date(rest, lang)
            if date is not None and date[1].start() <= 12:
                return Found(found[0], found[1] + date[1].end())
            if (
                len(rest) < 60
                and _MONTH_AND_YEAR.search(rest)
                and any(rx.search(rest) for lg in lang.chain for rx in lg.pats("masthead.month_name"))
            ):
                return Found(found[0], len(text))  # dates a scan or a font garbled ("72-72 ... 7102")
        return None

    def apply(self, value: Any, front: Front) -> None:
        front.place = front.place or value


class President(Item):
    """ "President: Mr. Shahid . . . . . (Maldives)", "President: Mr. INSANALLY (Guyana)"."""

    name = "president"

    def match(self, text: str, lang: Lang, front: Front) -> Found | None:
        m = lang.first("masthead.president", text)
        if not m:
            return None
        name = re.sub(r"[\s.…]+$", "", m.group("name")).strip()
        country = (m.groupdict().get("country") or "").strip() or None
        return Found((name, country), m.end())

    def apply(self, value: Any, front: Front) -> None:
        front.meeting["president"], front.meeting["president_country"] = value


#: In the order they are tried on a piece of masthead text.
ITEMS: Final[tuple[Item, ...]] = (
    Barcode(),
    Furniture(),
    JobNumber(),
    Symbols(),
    Distribution(),
    Original(),
    Agenda(),
    MeetingNumber(),
    MeetingTime(),
    President(),
    Session(),
    IssueDate(),
    SessionDates(),
    Place(),
    Organ(),
    Body(),
    Label(),
    LanguageLine(),
)


def _cover(text: str, folded_key: str) -> int:
    """Characters of `text` whose folded form is `folded_key` (a prefix)."""
    # folding drops a few marks (tatweel, diacritics), never many: the search stays short on a long line
    for end in range(len(folded_key), min(len(text), 3 * len(folded_key) + 20) + 1):
        if fold(text[:end]) == folded_key:
            return end
    return len(text)


def _leading_symbol(text: str) -> tuple[str, int] | None:
    """The canonical symbol at the start of `text` and the characters it covers
    (reissue asterisks included, not part of the symbol)."""
    m = _SYMBOL_HEAD.match(text)
    if not m:
        return None
    candidate = m.group(0)[: symbols.MAX_SYMBOL_CHARS]  # each cut is tried: bounded, whatever the line
    for end in range(len(candidate), 2, -1):
        piece = candidate[:end].rstrip("*")
        try:
            canonical = symbols.normalize(piece.replace(" /", "/").replace("/ ", "/"))
        except symbols.SymbolError:
            continue
        while end < len(text) and text[end] == "*":
            end += 1
        return canonical, end
    return None


def _ddmmyy(text: str) -> str | None:
    if not _SIX_DIGITS.fullmatch(text):
        return None
    d, m, y = int(text[:2]), int(text[2:4]), int(text[4:])
    if not (1 <= d <= 31 and 1 <= m <= 12):
        return None
    return f"{2000 + y if y < 70 else 1900 + y:04d}-{m:02d}-{d:02d}"


def _clock(m: re.Match[str]) -> str:
    """ "3 p.m." -> "15:00", "10.30 a.m." -> "10:30", "15 h 30" -> "15:30", "下午3时" -> "15:00"
    (the language file's pattern names the afternoon `pm`, the morning `am`)."""
    hour = int(m.group("hour"))
    minute = int(m.group("minute") or 0)
    groups = m.groupdict()
    if groups.get("pm") and hour < 12:
        hour += 12
    if groups.get("am") and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"
