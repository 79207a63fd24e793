"""Stage: a page of a printed volume of resolutions, read as the resolution it is asked for.

Before the UN issued every resolution as a document of its own (the General Assembly from its
thirty-first session, 1976), its resolutions were printed one after another in the session's
volume of resolutions, and the UN's services give a page (or pages) of that volume as the
resolution's file (`A/RES/2758(XXVI)`). Such a page has no masthead; each resolution on it
opens with its number, its Roman session and its title ("2758 (XXVI). Restoration of the lawful
rights ...") and closes with the meeting that adopted it and the date ("1976th plenary meeting,
25 October 1971"; the language file's `masthead.adoption`).

A page holds several resolutions: the one read is the one the file is named for; a page whose
file names none of its resolutions is read only if it holds one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from functools import cache
from typing import Final

from undocs import lang as langs
from undocs import symbols
from undocs.clean import join_lines
from undocs.extract.lines import Line
from undocs.lang import Lang, fold
from undocs.parse.front.title import clean_title
from undocs.parse.values import ascii_digits, find_date
from undocs.record import Record

__all__ = ["Printed", "printed_resolutions", "read_volume_page"]

#: "2758 (XXVI). Title": a resolution's number, its session in Roman figures, its title
_HEADING: Final = re.compile(r"^(?P<number>\d{1,4})\s*\((?P<session>[^\s)]{1,7})\)?\s*[.,]?\s+(?P<title>\S.*)$")
#: the same without its session, which OCR left out: "2752	Прием Бахрейна в члены"
_BARE_HEADING: Final = re.compile(r"^(?P<number>\d{3,4})\s+(?P<title>[^\W\d_].*)$")
#: how far from the numbers of a page's other resolutions such a heading's number may lie
_NEIGHBOURS: Final = 20
#: what OCR makes of Roman figures in bold type, in any script: "!" and "|" for I, "\" for the left
#: stroke of a V; each language file adds its script's look-alikes (`[ocr] roman_lookalikes`:
#: Cyrillic "Х", "У", and "Ю" for "I)" read as one letter)
_GLYPH_LOOKALIKES: Final = {"!": "I", "|": "I", "l": "I", "1": "I", "\\": "V"}


@cache
def _lookalikes() -> dict[int, str]:
    table = dict(_GLYPH_LOOKALIKES)
    for code in langs.available():
        table.update(langs.load(code).data.get("ocr", {}).get("roman_lookalikes", {}))
    return str.maketrans(table)


_ROMAN: Final = re.compile(r"^(?=[IVXL])L?X{0,3}(?:IX|IV|V?I{0,3})$")
_ROMAN_VALUES: Final = {"I": 1, "V": 5, "X": 10, "L": 50}
#: the title runs over at most this many lines after the heading's
_TITLE_LINES: Final = 4
#: a line this close to the name of an organ (OCR garbles it: "Генеральная Асгамбаея.") is the
#: resolution's first words ("The General Assembly,"), not its title
_ORGAN_LIKENESS: Final = 0.8
#: the last session whose resolutions bear a Roman session number (1975)
_LAST_ROMAN_SESSION: Final = 30
#: the General Assembly's regular session n opens in September of the year 1945 + n
_FIRST_YEAR: Final = 1945


@dataclass
class Printed:
    """One resolution printed on the page: its heading line and where its text ends."""

    number: str  # "2758"
    session: int  # 26
    heading: int  # index of the heading line
    end: int  # index after its last line (the next resolution's heading, or the page's end)

    @property
    def symbol(self) -> str:
        return symbols.normalize(f"A/RES/{self.number} ({_roman(self.session)})")


def printed_resolutions(lines: list[Line]) -> list[Printed]:
    """The resolutions whose headings the page prints, in reading order. A heading whose
    session OCR could not read ("2752	Прием Бахрейна ...") counts where its number lies among
    those of headings that have one, all of one session."""
    found: list[Printed] = []
    unsure: list[Printed] = []
    for i, line in enumerate(lines):
        text = line.text.strip()
        m = _HEADING.match(text)
        session = _session(m.group("session")) if m else None
        if m and session is not None and m.group("title")[:1].isupper():
            found.append(Printed(number=m.group("number"), session=session, heading=i, end=len(lines)))
            continue
        bare = _BARE_HEADING.match(text)
        if bare and bare.group("title")[:1].isupper():
            unsure.append(Printed(number=bare.group("number"), session=0, heading=i, end=len(lines)))
    sessions = {p.session for p in found}
    if len(sessions) == 1 and unsure:
        numbers = [int(p.number) for p in found]
        low, high = min(numbers) - _NEIGHBOURS, max(numbers) + _NEIGHBOURS
        for p in unsure:
            if low <= int(p.number) <= high and p.number not in {f.number for f in found}:
                p.session = next(iter(sessions))
                found.append(p)
        found.sort(key=lambda p: p.heading)
    for a, b in zip(found, found[1:], strict=False):
        a.end = b.heading
    return found


def read_volume_page(lines: list[Line], lang: Lang, rec: Record, wanted: str | None) -> Printed | None:
    """The record of the resolution `wanted` (a symbol from the file's name), or of the page's
    only resolution; None where the page prints none, or several and the name chooses none.
    Fills `rec` (symbol, organ, session, date, title, doc type) from what the page prints."""
    printed = printed_resolutions(lines)
    chosen = [p for p in printed if wanted is not None and p.symbol == wanted]
    if not chosen and len(printed) == 1 and wanted is None:
        chosen = printed
    if not chosen:
        return None
    res = chosen[0]
    title_parts = [_HEADING.match(lines[res.heading].text.strip()).group("title")]  # type: ignore[union-attr]
    k = res.heading + 1
    while k < res.end and k - res.heading <= _TITLE_LINES and not _opens_text(lines[k].text, lang):
        title_parts.append(lines[k].text)
        k += 1
    rec.__init__(language=rec.language, source=rec.source)  # type: ignore[misc]
    rec.symbol = res.symbol
    rec.symbols = [res.symbol]
    rec.organ = "General Assembly"
    rec.session = str(res.session)
    rec.doc_type = "resolution"
    rec.title = clean_title(join_lines(title_parts)) or None
    rec.date = _adoption_date(lines[k : res.end], lang, res.session)
    res.heading = k  # the body starts after the title
    return res


def _session(printed: str) -> int | None:
    text = printed.rstrip(").").translate(_lookalikes()).upper()
    if not _ROMAN.match(text):
        return None
    value = _roman_value(text)
    return value if 0 < value <= _LAST_ROMAN_SESSION else None


def _roman_value(text: str) -> int:
    total = 0
    for a, b in zip(text, text[1:] + " ", strict=True):
        v = _ROMAN_VALUES[a]
        total += -v if b != " " and _ROMAN_VALUES[b] > v else v
    return total


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def _opens_text(text: str, lang: Lang) -> bool:
    """The resolution's first words: the organ's name ("Генеральная Ассамблея,"), or its closing."""
    if lang.first("masthead.adoption", text):
        return True
    words = fold(text.strip(" ,.;:")).split()
    if not words:
        return False
    for name in lang.names("organs"):
        target = fold(name).split()
        if (
            len(words) >= len(target)
            and difflib.SequenceMatcher(None, " ".join(words[: len(target)]), " ".join(target)).ratio()
            >= _ORGAN_LIKENESS
        ):
            return True
    return False


def _adoption_date(lines: list[Line], lang: Lang, session: int) -> str | None:
    """The date under the closing meeting line. A year OCR could not read (italic figures) is
    the session's: the dates of a regular session's autumn (September to December) fall in the
    year it opened."""
    for i, line in enumerate(lines):
        if not lang.first("masthead.adoption", line.text):
            continue
        text = " ".join(ln.text for ln in lines[i : i + 2])
        found = find_date(text, lang)
        if found:
            return found[0]
        for lg in lang.chain:
            m = lg.compile(r"(?P<day>\d{1,2})\s+(?P<month>{months})\b").search(text)
            month = lg.month(m.group("month")) if m else None
            if m and month and month >= 9:
                try:
                    return dt.date(_FIRST_YEAR + session, month, int(ascii_digits(m.group("day")))).isoformat()
                except ValueError:
                    return None
        return None
    return None
