"""UN document symbols: parse, normalise, compare, and find them in running text.

A symbol is a `/`-separated sequence: series, subsidiary bodies, document type,
session or year, country, serial, then modifiers (`Add.1`, `Corr.1`, `Rev.1`...).
The grammar is research.un.org/en/docs/symbols as summarised in
shared/design/un-systems-and-conventions.md (c); the canonical spelling is
record.md's. Series, body names and type codes live in `data/series.toml`, so
teaching undocs a new series is a data edit.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Final
from urllib.parse import quote, unquote

from undocs.errors import UndocsError

__all__ = [
    "Symbol",
    "SymbolError",
    "find_symbols",
    "is_symbol",
    "kind_of",
    "normalize",
    "parse",
    "relation",
    "same_document",
]


class SymbolError(UndocsError, ValueError):
    """Text that is not a UN document symbol; the message names the text and the fault."""

    def __init__(self, text: str, reason: str):
        self.text = text
        self.reason = reason
        super().__init__(f"{text!r} is not a UN document symbol: {reason}")


# Modifiers keep the UN's printed case; the value is the canonical spelling.
_MODIFIERS: Final = {
    "ADD": "Add",
    "CORR": "Corr",
    "REV": "Rev",
    "AMEND": "Amend",
    "SUMMARY": "Summary",
    "REPORT": "Report",
    "PANEL": "Panel",
    "PART": "Part",
}
_RELATIONS: Final = {
    "Add": "addendum",
    "Corr": "corrigendum",
    "Rev": "revision",
    "Amend": "amendment",
    "Summary": "summary",
    "Report": "report",
    "Panel": "panel",
    "Part": "part",
}
# undocs.org language segments; it serves German under "ot" (other).
_URL_LANG: Final = {
    "ar": "ar",
    "zh": "zh",
    "en": "en",
    "fr": "fr",
    "ru": "ru",
    "es": "es",
    "ot": "ot",
    "de": "ot",
}

_ROMAN: Final = r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_RE_MODIFIER: Final = re.compile(
    r"(add|corr|rev|amend)\.?(\d+)|(summary|report|panel)|(part)\.?([a-z]|[ivx]{1,5})", re.IGNORECASE
)
_RE_SESSION: Final = re.compile(r"\d{1,3}|(?:ES|S)-\d{1,2}", re.IGNORECASE)
_RE_YEAR: Final = re.compile(r"(?:19[4-9]|20\d)\d")
_RE_BODY: Final = re.compile(r"[A-Za-z]+(?:\.[A-Za-z0-9]+)?")
_RE_NUMBERED: Final = re.compile(r"([A-Za-z]+)\.(\d+)")
_RE_SERIAL: Final = re.compile(r"(\d+)([A-Z](?:-[A-Z])*)?", re.IGNORECASE)
# "(1967)", "(XXVI)", "(Part I)", "(Sect. 11)": anywhere after the serial, spacing free (a part
# or section keeps the space before it as printed: "A/81/6 (Sect. 11)", "E/ESCWA/2017/EC.4/3(Part II)")
_RE_PAREN: Final = re.compile(
    rf"(?P<space>\s*)\(\s*(?:(?P<year>(?:19|20)\d\d)|(?P<roman>{_ROMAN})"
    rf"|(?P<pk>part|vol\.?|sect\.?)\s*(?P<part>\d+|{_ROMAN}))\s*\)",
    re.IGNORECASE,
)
_PART_KINDS: Final = {"part": "Part", "vol": "Vol.", "sect": "Sect."}
_RE_SLASH_PART: Final = re.compile(r"/\s*(?=\(\s*(?:part|vol|sect)\b)", re.IGNORECASE)
_RE_TRAILER: Final = re.compile(r"(?:\s*\*+|\s*\(\s*OR\s*\))+\s*$", re.IGNORECASE)


@cache
def _data() -> dict[str, Any]:
    """The series/body/type tables, read once from the package's TOML file."""
    raw = resources.files("undocs").joinpath("data/series.toml").read_bytes()
    return tomllib.loads(raw.decode("utf-8"))


def _series() -> dict[str, str | None]:
    """Every known first component -> its principal organ (None for special series)."""
    d = _data()
    out: dict[str, str | None] = {s: None for s in d["special"]["series"]}
    out.update(d["organs"])
    return out


def organs() -> dict[str, str]:
    """Symbol series -> the principal organ it belongs to ("S" -> "Security Council")."""
    return dict(_data()["organs"])


def series_of(organ: str | None) -> str | None:
    """The symbol series of a principal organ ("Security Council" -> "S"), from data/series.toml."""
    return next((series for series, name in _data()["organs"].items() if name == organ), None)


@dataclass(frozen=True)
class Symbol:
    """One parsed symbol; `text` is the canonical spelling, the rest its components."""

    text: str
    series: str
    organ: str | None
    bodies: tuple[str, ...]
    body: str | None
    session: str | None
    year: str | None
    doc_type: str | None
    serial: str | None
    parts: str | None
    modifiers: tuple[tuple[str, str], ...]
    country: str | None

    def __str__(self) -> str:
        return self.text

    @property
    def base(self) -> str:
        """Canonical text without modifiers: the document that Add/Corr/Rev attach to."""
        tail = format_modifiers(self.modifiers)
        return self.text[: len(self.text) - len(tail)] if tail else self.text

    def url(self, lang: str = "en") -> str:
        """undocs.org link; spaces dropped (`S/RES/242(1967)`), as the UN's own links print it."""
        code = _URL_LANG.get(lang.lower())
        if code is None:
            raise ValueError(f"undocs.org has no language {lang!r}; use one of ar zh en fr ru es ot")
        return f"https://undocs.org/{code}/" + quote(self.text.replace(" ", ""), safe="/()-.")


def format_modifiers(mods: tuple[tuple[str, str], ...]) -> str:
    """Modifiers as a symbol prints them: "/Rev.1/Corr.1", "/Part A", "/Report"."""
    return "".join(
        f"/{name} {value}" if name == "Part" else f"/{name}.{value}" if value else f"/{name}" for name, value in mods
    )


@lru_cache(maxsize=16384)
def parse(text: str) -> Symbol:
    """Parse a symbol as printed (any case, stray spaces, `(OR)`, reissue `*`)."""
    if not isinstance(text, str) or not text.strip():
        raise SymbolError(str(text), "empty")
    s = " ".join(text.split())  # NBSP, tabs, newlines -> one space
    s = _RE_TRAILER.sub("", s)
    if "(" in s:
        s = _RE_SLASH_PART.sub("", s)  # "E/ESCWA/2017/EC.4/4/(Part III)": a stray slash

    paren: re.Match[str] | None = None
    for found in _RE_PAREN.finditer(s):
        if paren is not None:
            raise SymbolError(text, "more than one parenthetical part")
        paren = found
    year_p = roman = part = None
    part_space = True
    part_after_mods = False  # "A/65/456/Add.2 (Part II)": the part printed after the modifier
    if paren is not None:
        head = s[: paren.start()].rstrip()
        part_after_mods = bool(_RE_MODIFIER.fullmatch(head.rsplit("/", 1)[-1].replace(" ", ""))) and "/" in head
        year_p, roman, part = paren["year"], paren["roman"], paren["part"]
        part_kind = _PART_KINDS[(paren["pk"] or "part").lower().rstrip(".")]
        part_space = bool(paren["space"])
        if roman == "":
            raise SymbolError(text, "empty parentheses")
        s = s[: paren.start()] + s[paren.end() :]

    comps = [re.sub(r"\s+", "", c) for c in s.split("/")]
    if any(not c for c in comps):
        raise SymbolError(text, "empty component")
    series = comps[0].upper()
    organs = _series()
    if series not in organs:
        raise SymbolError(text, f"unknown series {comps[0]!r}")

    mods: list[tuple[str, str]] = []
    while len(comps) > 1 and (m := _RE_MODIFIER.fullmatch(comps[-1])):
        name = (m[1] or m[3] or m[4]).upper()
        mods.insert(0, (_MODIFIERS[name], m[2] or (m[5].upper() if m[5] else "")))
        comps.pop()
    if len(comps) < 2:
        raise SymbolError(text, "no component after the series")

    d = _data()
    standalone, numbered = set(d["doc_types"]["standalone"]), set(d["doc_types"]["numbered"])
    named: dict[str, str] = d["doc_types"]["named"]
    iso3, body_case = set(d["countries"]["iso3"]), d["body_case"]

    # Last core component carries the serial: "3", "101A-B", "L.5", "PV.41".
    last = comps[-1]
    doc_type: str | None = None
    parts: str | None = None
    if m := _RE_SERIAL.fullmatch(last):
        serial, parts = m[1], (m[2].upper() if m[2] else None)
        last_canon = serial
    elif (m := _RE_NUMBERED.fullmatch(last)) and m[1].upper() in numbered:
        doc_type, serial = m[1].upper(), m[2]
        last_canon = f"{doc_type}.{serial}"
    elif (m := _RE_NUMBERED.fullmatch(last)) and mods and mods[0][0] in ("Report", "Summary", "Panel"):
        doc_type, serial = None, None  # the report of a meeting body: E/ESCWA/SD/2017/WG.3/Report
        last_canon = m[1].upper() + "." + m[2]
    elif (m := _RE_NUMBERED.fullmatch(last)) and m[1].upper() in named:
        doc_type, serial = m[1].upper(), m[2]
        last_canon = f"{named[doc_type]}.{serial}"  # "Technical Paper.8", "Pamphlet.2"
    else:
        raise SymbolError(text, f"last component {last!r} is not a serial number or L.n/PV.n-style")

    bodies: list[str] = []
    session = year = country = None
    mid_type: str | None = None
    canon = [series]
    past_bodies = False
    item = None  # a number after the session: E/ESCWA/30/17/CRP.1 (item 17's conference room paper)
    for c in comps[1:-1]:
        up = c.upper()
        if (session or year) and c.isdigit() and item is None and mid_type is None:
            item = c
            canon.append(c)
        elif _RE_SESSION.fullmatch(c) or _RE_YEAR.fullmatch(c):
            if session or year:
                raise SymbolError(text, f"second session/year {c!r}")
            if _RE_YEAR.fullmatch(c):
                year = c
            else:
                session = up
            canon.append(up)
            past_bodies = True
        elif c.isdigit():
            raise SymbolError(text, f"{c!r} is neither a session nor a year")
        elif up in standalone and mid_type is None:
            mid_type = up
            canon.append(up)
            past_bodies = True
        elif up in iso3 and country is None and len(canon) > 1:
            country = up
            canon.append(up)
            past_bodies = True
        elif not past_bodies and _RE_BODY.fullmatch(c):
            head, dot, tail = up.partition(".")
            spelled = body_case.get(head, head) + dot + tail
            bodies.append(spelled)
            canon.append(spelled)
        elif year and (m := _RE_NUMBERED.fullmatch(c)) and m[1].upper() not in numbered and item is None:
            bodies.append(up)  # a body numbered within the year: E/ESCWA/2017/EC.4/3, .../IG.2/5
            canon.append(up)
        elif past_bodies and c.isalpha() and mid_type is None and doc_type is None:
            mid_type = up  # e.g. "CO" in CCPR/C/ITA/CO/6
            canon.append(up)
        else:
            raise SymbolError(text, f"unexpected component {c!r}")
    canon.append(last_canon)
    doc_type = doc_type or mid_type

    if parts and doc_type not in ("RES", "DEC"):
        raise SymbolError(text, f"lettered part {parts!r} outside a resolution or decision")
    if year_p or roman:
        if doc_type != "RES":
            raise SymbolError(text, "a (year) or (Roman session) follows only a resolution number")
        if (year_p and year) or (roman and session):
            raise SymbolError(text, "session or year given twice")
        year = year or year_p
        session = session or (roman.upper() if roman else None)
    if part:
        if parts:
            raise SymbolError(text, "both lettered parts and (Part n)")
        parts = f"{part_kind} {part.upper()}"

    out = "/".join(canon)
    printed_part = (
        f"{' ' if part_space else ''}({parts})" if parts and parts.startswith(("Part ", "Vol. ", "Sect. ")) else ""
    )
    if parts and not printed_part:
        out += f" {parts}"
    if printed_part and not part_after_mods:
        out += printed_part
    if year_p or roman:
        out += f" ({year_p or str(roman).upper()})"
    out += format_modifiers(tuple(mods))
    if printed_part and part_after_mods:
        out += printed_part

    return Symbol(
        text=out,
        series=series,
        organ=organs[series],
        bodies=tuple(bodies),
        body=_body_name(series, bodies),
        session=session,
        year=year,
        doc_type=doc_type,
        serial=serial,
        parts=parts,
        modifiers=tuple(mods),
        country=country,
    )


def commissions() -> frozenset[str]:
    """The regional commissions' names (data/series.toml), bodies of the Economic and Social
    Council with resolutions of their own that carry no document symbol."""
    return frozenset(_data()["regional_commissions"]["names"])


def kind_of(symbol: Symbol) -> str | None:
    """The record's doc_type a symbol implies (data/series.toml [kinds]): its last suffix
    (/Report, /Summary), else its type component (RES, PV, INF)."""
    kinds = _data()["kinds"]
    for name, _ in reversed(symbol.modifiers):
        if name in kinds:
            return str(kinds[name])
    return str(kinds[symbol.doc_type]) if symbol.doc_type in kinds else None


def _body_name(series: str, bodies: list[str]) -> str | None:
    """Longest known prefix wins: A/HRC/WG.6 is the UPR working group, not just the HRC."""
    table = _data()["bodies"]
    for n in range(len(bodies), 0, -1):
        name = table.get("/".join([series, *bodies[:n]]))
        if name:
            return str(name)
    return None


def normalize(text: str) -> str:
    """Canonical spelling of a symbol; raises SymbolError if it is not one."""
    return parse(text).text


def is_symbol(text: str) -> bool:
    """True if `text` (as a whole) parses as a UN document symbol."""
    try:
        parse(text)
    except SymbolError:
        return False
    return True


def modifier_name(modifier: str) -> str:
    """What a modifier makes a document, in words: "Rev" -> "revision"."""
    return _RELATIONS.get(modifier, modifier.lower())


def same_document(a: str, b: str) -> bool:
    """Same canonical symbol: spacing, case, `(OR)` and reissue `*` do not matter."""
    return normalize(a) == normalize(b)


def relation(a: str, b: str) -> str | None:
    """How b relates to a: "same", or what b is to a ("revision", "addendum", ...).

    b must be a's document plus further modifiers; the last one names the relation
    (A/X/Add.1/Corr.1 is a corrigendum to A/X). Otherwise None, including the reverse.
    """
    sa, sb = parse(a), parse(b)
    if sa.text == sb.text:
        return "same"
    n = len(sa.modifiers)
    if sa.base == sb.base and len(sb.modifiers) > n and sb.modifiers[:n] == sa.modifiers:
        return _RELATIONS[sb.modifiers[-1][0]]
    return None


# ---- running text -----------------------------------------------------------

#: The longest symbol, in characters, a scanner tries (the longest in the corpora has 34)
MAX_SYMBOL_CHARS: Final = 80
#: The most components a symbol in running text may have (E/CN.4/Sub.2/1998/13/Add.1/Corr.1 has 8)
MAX_COMPONENTS: Final = 12
_COMP: Final = r"[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+)*"  # never ends in "." or "-": "A/78/304." stops
_SPACE: Final = r"[ \u00a0]"


@cache
def _text_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Candidate symbol, its optional printed tail, and the joint-symbol split."""
    alt = "|".join(sorted(map(re.escape, _series()), key=len, reverse=True))
    # Not preceded by a word char, "/", "." or "-": keeps out "GC(67)/RES/7", paths, "x-A/1".
    # at most MAX_COMPONENTS components: a run of "/1/1/1..." is one bounded candidate, and
    # trying its trailing cuts costs a constant, whatever the length of the run
    # A "." before is a path or a host ("www.A/1") only after a letter or digit: a sentence's
    # full stop that a right-to-left line sets before the symbol (".E/ESCWA/...") is not.
    cand = re.compile(rf"(?<![A-Za-z0-9_/\-])(?<![A-Za-z0-9]\.)(?:{alt})/{_COMP}(?:/{_COMP}){{0,{MAX_COMPONENTS - 2}}}")
    # After the candidate: "[ A] (1967)"/"(XXVI)"/"(Part I)" [+ modifiers], or " A-B",
    # or a lone " A" only before punctuation ("A/78/1 A new..." keeps no part).
    # a part's closing bracket may be lost where right-to-left text lays the symbol out, or
    # turned into an opening one, or followed by an Arabic comma or semicolon
    paren = rf"\({_SPACE}?(?:(?:\d{{4}}|[IVXLC]+){_SPACE}?\)|(?:Part|Vol\.|Sect\.){_SPACE}?[IVX\d]+(?=[).,;:\s(\u060c\u061b]|$){_SPACE}?\)?)"
    tail = re.compile(
        rf"(?:{_SPACE}?(?:[A-Z](?:-[A-Z])?{_SPACE}?)?{paren}(?:/(?:Part{_SPACE}[A-Z](?![\w-])|{_COMP}))*"
        rf"|{_SPACE}[A-Z]-[A-Z](?!\w)|{_SPACE}[A-Z](?=$|[.,;:)\]]))"
    )
    joint = re.compile(rf"-(?=(?:{alt})/)")
    return cand, tail, joint


_RE_URL: Final = re.compile(r"https?://[^\s<>\"']+")
_RE_UNDOCS: Final = re.compile(r"https?://(?:www\.)?undocs\.org/(?:(?:ar|zh|en|fr|ru|es|ot|de)/)?", re.IGNORECASE)


def _longest_parse(text: str, start: int, end: int, tail_end: int) -> tuple[int, str] | None:
    """Try text[start:tail_end], then without the tail, then dropping trailing components."""
    ends = [tail_end] if tail_end > end else []
    cut = tail_end
    while (slash := text.rfind("/", end, cut)) > end:  # "(Sect. 12)/Part": the tail, less its last components
        ends.append(slash)
        cut = slash
    ends.append(end)
    cut = end
    while (slash := text.rfind("/", start, cut)) > start:
        ends.append(slash)
        cut = slash
    for e in ends:
        piece = text[start:e]
        if piece.count("(") > piece.count(")"):
            piece += ")"  # "(Part I" whose bracket a right-to-left layout lost
        try:
            return e, parse(piece).text
        except SymbolError:
            continue
    return None


def find_symbols(text: str) -> list[tuple[int, int, str]]:
    """Explicit symbols in running text as (start, end, canonical), in order.

    Series must be printed in upper case; joint symbols `A/42/521-S/19085` give two;
    inside URLs only undocs.org links count. Citations without a symbol
    ("resolution 68/218") are the caller's business.
    """
    cand, tail, joint = _text_patterns()
    found: list[tuple[int, int, str]] = []
    urls = [(m.start(), m.end()) for m in _RE_URL.finditer(text)]
    for u0, u1 in urls:
        if m := _RE_UNDOCS.match(text, u0):
            path = text[m.end() : u1]
            while path:
                try:
                    found.append((m.end(), m.end() + len(path), parse(unquote(path)).text))
                    break
                except SymbolError:
                    path = path[:-1] if path[-1] in ".,;:)]!?" else ""
    for m in cand.finditer(text):
        if any(u0 <= m.start() < u1 for u0, u1 in urls):
            continue
        pieces = []
        pos = m.start()
        for j in joint.finditer(text, m.start(), m.end()):
            pieces.append((pos, j.start()))
            pos = j.end()
        pieces.append((pos, m.end()))
        for i, (p0, p1) in enumerate(pieces):
            t = tail.match(text, p1) if i == len(pieces) - 1 else None
            hit = _longest_parse(text, p0, p1, t.end() if t else p1)
            if hit:
                found.append((p0, hit[0], hit[1]))
    return sorted(found)
