"""Stage: every UN document the text cites, as canonical symbols.

Two kinds of citation: symbols printed as such ("A/78/304", found by the symbol
grammar) and running-text citations ("resolutions 61/194, 62/188 and 63/211",
"résolution 68/218 de l'Assemblée générale", "Security Council resolution 2231
(2015)"), which are resolved to the citing organ's series unless another organ is
named or the number's form says whose it is ("(2015)": Security Council; "(XII)":
General Assembly before 1976). Words and organ names come from the language file.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from undocs import symbols
from undocs.lang import Lang, load
from undocs.limits import check_time

ITEM: Final = re.compile(
    r"(?P<num>(?:ES|S)-\d{1,2}/\d{1,4}|\d{1,4}/\d{1,4}(?![/\d])|\d{1,4}\s*(?P<oldpart>[A-Z]\s*)?\((?P<paren>[IVXL]{1,7}|\d{4})\))"
    r"(?P<part>\s?[A-ZАВСЕНКМОРТХ](?:(?:\s?(?:and|et|y|и|و|和)\s?|-)[A-ZАВСЕНКМОРТХ])?(?=[\s,;.:)\]،、号؛。，；]|$))?"
)
_NUMBER: Final = re.compile(r"\d(?:\s?[A-Z])?\s*[/(]")
_LOOKALIKE: Final = str.maketrans("АВСЕНКМОРТХ", "ABCEHKMOPTX")
_ROMAN: Final = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


SERIES: Final = {
    ("General Assembly", "resolution"): "A/RES/",
    ("General Assembly", "decision"): "A/DEC/",
    ("Security Council", "resolution"): "S/RES/",
    ("Economic and Social Council", "resolution"): "E/RES/",
    ("Economic and Social Council", "decision"): "E/DEC/",
    ("Human Rights Council", "resolution"): "A/HRC/RES/",
    ("Human Rights Council", "decision"): "A/HRC/DEC/",
}


_ORGANS: Final = frozenset(organ for organ, _ in SERIES)
_NOT_BY_SESSION: Final = frozenset({"Security Council", "Economic and Social Council"})


@dataclass(frozen=True)
class _Patterns:
    """A language's citation patterns, compiled once from its file."""

    kw: re.Pattern[str]  # the keyword ("resolutions"), with an organ printed between
    connector: re.Pattern[str]  # what joins listed numbers (", ", " and ", dates, topics)
    date_after: re.Pattern[str] | None
    before: dict[str, list[re.Pattern[str]]]  # organ printed before the keyword
    after: dict[str, list[re.Pattern[str]]]  # organ printed after the numbers
    foreign: list[re.Pattern[str]]  # "... of the Human Rights Council": not ours to resolve
    ref: dict[str, Any]  # the language file's [references]
    rewrites: list[tuple[re.Pattern[str], str]]
    roman: list[re.Pattern[str]]
    letters: dict[str, str]
    between: dict[str, str]  # group name -> organ
    list_heading: re.Pattern[str] | None  # "General Assembly resolutions", a group per organ and kind
    list_heads: dict[str, tuple[str, str]]  # group name -> (organ, kind)


@cache
def _patterns(code: str) -> _Patterns:
    lang = load(code)
    ref = lang.section("references")
    date_words = "|".join(ref.get("date_words", [])) or "(?!)"
    # a date between listed numbers, in the language's own date forms, groups made anonymous
    dates = (
        "|".join(
            re.sub(r"\(\?P<\w+>", "(?:", lang.compile(p).pattern) for p in lang.section("dates").get("patterns", [])
        )
        or "(?!)"
    )
    topic_words = "|".join(ref.get("topic_words", [])) or "(?!)"
    seps = "|".join(re.escape(s.strip()) if s.strip() else re.escape(s) for s in ref.get("list_separators", [","]))
    keywords = {kind: "|".join(ref.get(kind, [])) for kind in ("resolution", "decision")}
    # an organ printed between keyword and number ("resoluciones del Consejo de Seguridad 2242 (2015)")
    between = ref.get("organ_between") or ref.get("organ_after", {})
    pairs = [(org, p) for org, pats in between.items() for p in pats]
    between_alt = "|".join(f"(?P<b{i}>{p})" for i, (_org, p) in enumerate(pairs))
    between_names = {f"b{i}": org for i, (org, _p) in enumerate(pairs)}
    kw = re.compile(
        r"(?<!\w)(?:(?P<res>"
        + (keywords["resolution"] or "(?!)")
        + r")|(?P<dec>"
        + (keywords["decision"] or "(?!)")
        + r"))"
        + (r"(?:\s+(?:" + between_alt + r"))?" if between_alt else "")
        + r"\s*(?=\S)",
        re.I,
    )
    connector = re.compile(
        r"(?:\s*,?\s*(?:(?:" + date_words + r")\s*)?(?:" + dates + r"))?"
        r"(?:,?\s+(?:" + topic_words + r")\s+[^;:]{1,250}?)?"
        r"\s*(?:" + seps + r")\s*(?:(?:" + seps + r")\s*)?(?=(?:ES-|S-)?\d)",
        re.I,
    )
    before = {org: [lang.compile(p + r"\W{0,3}$") for p in pats] for org, pats in ref.get("organ_before", {}).items()}
    after = {
        org: [lang.compile(r"^\s*(?:\d{1,2}\s+\S+\s+\d{4}\s+)?" + p) for p in pats]
        for org, pats in ref.get("organ_after", {}).items()
    }
    rewrites: list[tuple[re.Pattern[str], str]] = []
    for canonical, printed in ref.get("session_prefixes", {}).items():
        for p in printed:
            rewrites.append((re.compile(re.escape(p) + r"(?=\d)"), canonical))
    letters = ref.get("part_letters", {})
    if letters:
        words = "|".join(sorted(map(re.escape, letters), key=len, reverse=True))
        seps = "|".join(map(re.escape, [x.strip() or x for x in ref.get("list_separators", [])]))
        rewrites.append(
            (re.compile(r"(?<=\d)\s+(" + words + r")(?:\s*(?:" + seps + r")\s*(" + words + r"))?(?!\w)"), "PARTS")
        )
    roman = [lang.compile(p) for p in ref.get("roman_session", [])]
    foreign = [lang.compile(r"^\s*(?:" + p + ")") for p in ref.get("foreign_after", [])]
    date_after = (
        re.compile(r"^\s*(?:(?:" + "|".join(ref.get("date_words", [])) + r")\s+)?\d{1,2}(?:er)?\s+\S+\s+\d{4},?")
        if ref.get("date_words")
        else None
    )
    # a heading over a list of an organ's resolutions ("Economic and Social Council resolutions",
    # "Résolutions de l'Assemblée générale"), from the organ names and keywords above, in one
    # pattern (a group per organ and kind); it may close a block that a layout ran into it,
    # and ends without a full stop
    heads: list[tuple[str, str, str]] = []
    for kind in ("resolution", "decision"):
        kws = "|".join(ref.get(kind, []))
        if not kws:
            continue
        for organ, pats in ref.get("organ_before", {}).items():
            heads += [(r"(?:^|\s)(?:" + o + r")\s+(?:" + kws + r")", organ, kind) for o in pats]
        for organ, pats in ref.get("organ_after", {}).items():
            heads += [(r"^\s*(?:" + kws + r")\s+(?:" + o + r")", organ, kind) for o in pats]
    list_heading = (
        lang.compile("(?:" + "|".join(f"(?P<h{i}>{rx})" for i, (rx, _, _) in enumerate(heads)) + r")\s*$")
        if heads
        else None
    )
    list_heads = {f"h{i}": (organ, kind) for i, (_, organ, kind) in enumerate(heads)}
    return _Patterns(
        list_heading=list_heading,
        list_heads=list_heads,
        date_after=date_after,
        kw=kw,
        connector=connector,
        before=before,
        after=after,
        foreign=foreign,
        ref=ref,
        rewrites=rewrites,
        roman=roman,
        letters=letters,
        between=between_names,
    )


def _part_letters(m: re.Match[str], letters: dict[str, str]) -> str:
    return " " + "-".join(letters[g] for g in m.groups() if g)


def normalise(text: str, lang: Lang) -> str:
    """Rewrite a language's own spellings of symbol parts into the UN's Latin ones
    (Arabic "دإط-10/22" -> "ES-10/22", "(د-12)" -> "(XII)", "50/70 ميم" -> "50/70 M")."""
    p = _patterns(lang.code)
    if not (p.rewrites or p.roman):
        return text  # most languages print symbols the UN's way
    for rx, canonical in p.rewrites:
        if canonical == "PARTS":
            text = rx.sub(lambda m: _part_letters(m, p.letters), text)
        else:
            text = rx.sub(canonical, text)
    for rx in p.roman:
        text = rx.sub(lambda m: f"({_roman(int(m.group('n')))})", text)
    return text


def _organ_near(pats: dict[str, list[re.Pattern[str]]], text: str) -> str | None:
    for organ, rxs in pats.items():
        for rx in rxs:
            if rx.search(text):
                return organ
    return None


def citations(text: str, lang: Lang, default_organ: str) -> list[tuple[int, str]]:
    """(offset, canonical symbol) of running-text resolution/decision citations."""
    p = _patterns(lang.code)
    ref = p.ref
    out: list[tuple[int, str]] = []
    if ref.get("keyword_after"):
        return _citations_after(text, p, default_organ)
    kw = p.kw
    connector = p.connector
    for m in kw.finditer(text):
        kind = "decision" if m.group("dec") else "resolution"
        pos = m.end()
        items: list[re.Match[str]] = []
        while True:
            im = ITEM.match(text, pos)
            if not im:
                break
            items.append(im)
            pos = im.end()
            cm = connector.match(text, pos)
            if not cm or cm.end() == pos or not ITEM.match(text, cm.end()):
                # "resolutions 47/19 of 24 November 1992" ends with a date
                cm2 = connector.match(text, pos)
                if cm2 and cm2.end() > pos:
                    pass
                break
            pos = cm.end()
        if not items:
            continue
        date_after = p.date_after
        tail = date_after.sub("", text[pos : pos + 120]) if date_after is not None else text[pos : pos + 120]
        if any(rx.search(tail) for rx in p.foreign):
            continue
        named = [g for g, v in m.groupdict().items() if v and g in p.between]
        organ = p.between[named[0]] if named else None
        organ = organ or _organ_before_text(p, text[max(0, m.start() - 60) : m.start()])
        if organ is None:
            organ = _organ_near(p.after, text[pos : pos + 80])
        for im in items:
            sym = _build(_plausible(im, ref), kind, organ, default_organ)
            if sym:
                out.append((im.start(), sym))
    return out


def _citations_after(text: str, p: _Patterns, default_organ: str) -> list[tuple[int, str]]:
    """Languages that put the keyword after the numbers: "第61/194、62/188和63/211号决议"."""
    ref = p.ref
    prefix = "|".join(map(re.escape, ref.get("number_prefix", []))) or "(?!)"
    suffix = "|".join(map(re.escape, ref.get("number_suffix", []))) or "(?!)"
    seps = "|".join(map(re.escape, ref.get("list_separators", [])))
    res = "|".join(ref.get("resolution", []))
    dec = "|".join(ref.get("decision", []))
    topics = "|".join(ref.get("topic_words", [])) or "(?!)"
    filler = re.compile(
        r"(?:\s|"
        + topics
        + "|"
        + suffix
        + "|"
        + prefix
        + "|"
        + seps
        + r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|"
        + ITEM.pattern
        + r")*?(?:(?P<res>"
        + res
        + r")|(?P<dec>"
        + (dec or "(?!)")
        + r"))"
    )
    out: list[tuple[int, str]] = []
    for im in ITEM.finditer(text):
        m = filler.match(text, im.end())
        if not m or m.end() - im.end() > 3000:
            continue
        kind = "decision" if m.group("dec") else "resolution"
        organ = _organ_near(p.before, text[max(0, im.start() - 40) : im.start()].rstrip(" 第"))
        sym = _build(im, kind, organ, default_organ)
        if sym:
            out.append((im.start(), sym))
    return out


def _organ_before_text(p: _Patterns, before: str) -> str | None:
    return _organ_near(p.before, before)


def _build(
    im: re.Match[str] | tuple[str, str | None, str | None], kind: str, organ: str | None, default: str
) -> str | None:
    num, paren, part = im if isinstance(im, tuple) else (im.group("num"), im.group("paren"), im.group("part"))
    return _symbol_for(num, paren, part, kind, organ, default)


def _plausible(im: re.Match[str], ref: dict[str, Any]) -> tuple[str, str | None, str | None]:
    """A number "a/b" as the language may print it: right-to-left text can lay "71/272" out
    as "272/71", and the layout does not tell; a session number is small and a year comes
    first, which does (the language file's `numbers_may_turn`)."""
    num, paren, part = im.group("num"), im.group("paren"), im.group("part")
    if ref.get("numbers_may_turn") and "/" in num and not num.startswith(("ES-", "S-")):
        a, b = num.split("/", 1)
        year_b = len(b) == 4 and b.startswith(("19", "20"))
        # sessions are numbered so since the thirty-first (1976): 31 to about 150
        session_b = 31 <= int(b) <= 150 and not int(a) >= 31
        if (
            (year_b and len(a) < 4)
            or (int(a) > 150 and int(b) <= 150 and not (len(a) == 4 and a.startswith(("19", "20"))))
            or session_b
        ):
            num = f"{b}/{a}"
    return num, paren, part


@cache
def _symbol_for(
    num: str, paren: str | None, part: str | None, kind: str, organ: str | None, default: str
) -> str | None:
    """The canonical symbol a printed number stands for, given who adopted it."""
    num = re.sub(r"\s+", " ", num).strip()
    if paren and paren.isdigit():
        organ = "Security Council"
    elif paren or num.startswith(("ES-", "S-")):
        if organ is None and default not in _ORGANS:
            return None  # "resolution 320 (XVIII)" in a regional commission's text: the commission's own
        # the Assembly and, until 1978, the Council numbered by session: "1296 (XLIV)"
        both = paren and organ == "Economic and Social Council"
        organ = organ if both or organ == "General Assembly" else "General Assembly"
    first = num.split("/")[0]
    by_year = "/" in num and len(first) == 4 and first.startswith(("19", "20"))
    if organ is None and by_year:
        organ = "Economic and Social Council"  # ECOSOC numbers by year: 1996/31
    if organ == "Security Council" and re.fullmatch(r"\d+/(?:19|20)\d\d", num):
        num = num.replace("/", " (") + ")"  # "resolution 1325/2000" is S/RES/1325 (2000)
    organ = organ or default
    if organ not in _ORGANS or (organ in _NOT_BY_SESSION and "/" in num and not by_year):
        # a number by session ("66/278") is the Assembly's, whoever cites it
        organ = "General Assembly"
    prefix = (
        SERIES.get((organ, kind)) or SERIES[("General Assembly", "decision" if kind == "decision" else "resolution")]
    )
    text = prefix + num
    if part:
        letters = re.findall(r"[A-Z]", part.translate(_LOOKALIKE))
        text += " " + "-".join(letters)
    try:
        return symbols.normalize(text)
    except symbols.SymbolError:
        return None


#: An entry of a list of resolutions under its organ's heading (a budget fascicle's legislative
#: mandates): the numbers open a title, "63/260 Development-related activities", "78/263, 79/264 ...",
#: "1197 (1998)"
LIST_ENTRY: Final = re.compile(
    r"(?<![\w/.(\-])(?P<num>\d{1,4}/\d{1,4}|\d{1,4} \((?P<paren>[IVXL]{1,7}|\d{4})\))"
    r"(?P<part>\s[A-H])?(?=[\s,;]|$)"
)
#: A numbered paragraph of the body ("12.19 The ...") ends a list; so does prose
_PARAGRAPH_NUMBER: Final = re.compile(r"^\d{1,2}\.\d{1,3}\s")
_LIST_PROSE: Final = 200
_HEADING_LENGTH: Final = 160  # a list's heading, with what a layout may have run into it


class _Lists:
    """Where the texts stand in a list of an organ's resolutions, text after text."""

    def __init__(self, p: _Patterns, default: str) -> None:
        self.p, self.default = p, default
        self.organ: str | None = None
        self.kind = "resolution"

    def entries(self, text: str) -> list[tuple[int, str]]:
        heading = self.p.list_heading
        if heading is not None and len(text) <= _HEADING_LENGTH and (m := heading.search(text)):
            self.organ, self.kind = self.p.list_heads[next(k for k, v in m.groupdict().items() if v is not None)]
            return []
        if self.organ is None:
            return []
        found = [] if _PARAGRAPH_NUMBER.match(text) else list(LIST_ENTRY.finditer(text))
        if not found and (len(text) > _LIST_PROSE or _PARAGRAPH_NUMBER.match(text)):
            self.organ = None  # the list is over
            return []
        out = []
        for m in found:
            sym = _symbol_for(m.group("num"), m.group("paren"), m.group("part"), self.kind, self.organ, self.default)
            if sym:
                out.append((m.start(), sym))
        return out


_MODIFIER_AFTER: Final = re.compile(r"\s+(?P<and>\S{1,4})\s+(?P<mods>(?:Add|Corr|Rev)\.\d+(?:\s*(?:and|,)\s*\d+)*)")


def _modifiers_after(text: str, explicit: list[tuple[int, int, str]], lang: Lang) -> list[tuple[int, str]]:
    """ "A/48/L.13 and Corr.1", "A/65/L.34 and Add.1": the addendum or corrigendum is cited too."""
    words = {w.strip() for w in lang.values("references", "list_separators")} - {"", ",", ";"}
    out: list[tuple[int, str]] = []
    for _start, end, sym in explicit:
        m = _MODIFIER_AFTER.match(text, end)
        if m is None or m.group("and") not in words:
            continue
        kind, _, numbers = m.group("mods").partition(".")
        for n in re.findall(r"\d+", numbers):
            try:
                out.append((m.start("mods"), symbols.normalize(f"{sym}/{kind}.{n}")))
            except symbols.SymbolError:
                pass
    return out


def _part_of_other(text: str, offset: int, explicit: list[tuple[int, int, str]]) -> bool:
    """'CBD/COP/15/17, decision 15/4': a decision inside another body's document."""
    for _start, end, sym in explicit:
        if end <= offset and offset - end < 30 and sym.split("/")[0] not in ("A", "S", "E", "T"):
            between = text[end:offset]
            if re.fullmatch(r"[,;]?\s*\w+\s*", between):
                return True
    return False


def references(
    texts: Iterable[str | tuple[str, list[tuple[int, int]]]], lang: Lang, *, default_organ: str, own: Iterable[str]
) -> list[str]:
    """Canonical symbols cited in `texts`, in reading order, first appearance, no repeats.

    A text may come with the reading order of its lines [(offset, order), ...], so that a
    citation on a paragraph's overleaf part comes after the footnotes of the page before.
    """
    own_set = set(own)
    hits: list[tuple[int, int, int, str]] = []
    langs = [lang] if lang.code == "en" else [lang, load("en")]
    lists = _Lists(_patterns(lang.code), default_organ)
    for n, item in enumerate(texts):
        check_time()
        text, starts = (item, None) if isinstance(item, str) else item
        if not text:
            continue
        text = normalise(text, lang)
        slash = "/" in text
        explicit = symbols.find_symbols(text) if slash else []
        found = [(start, sym) for start, _end, sym in explicit]
        found += lists.entries(text)
        found += _modifiers_after(text, explicit, lang)
        if (slash or "(" in text) and _NUMBER.search(text):
            for lg in langs:
                for offset, sym in citations(text, lg, default_organ):
                    if not _part_of_other(text, offset, explicit):
                        found.append((offset, sym))
        if not found:
            continue
        if starts is None:
            starts = [(0, n)]
        offsets = [start for start, _ in starts]
        for offset, sym in found:
            k = bisect.bisect_right(offsets, offset) - 1
            hits.append((starts[max(k, 0)][1], n, offset, sym))
    seen: list[str] = []
    for *_, sym in sorted(hits):
        if sym not in own_set and sym not in seen:
            seen.append(sym)
    return seen
