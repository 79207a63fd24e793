"""Small readers for values printed in any language: dates, ordinals, agenda numbers,
language names. Each takes a `Lang`; none knows a language by name.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from typing import Final

from undocs.lang import Lang, fold

_DIGITS: Final = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def ascii_digits(text: str) -> str:
    return text.translate(_DIGITS)


def find_date(text: str, lang: Lang) -> tuple[str, re.Match[str]] | None:
    """The first date in `text` as ISO 8601, with its match, along the language chain
    (Russian, Arabic and Chinese mastheads print dates in English)."""
    for lg in lang.chain:
        for rx in lg.pats("dates.patterns"):
            for m in rx.finditer(text):
                iso = _iso(m, lg)
                if iso:
                    return iso, m
    return None


def _iso(m: re.Match[str], lang: Lang) -> str | None:
    try:
        day = int(ascii_digits(m.group("day")))
        month = lang.month(ascii_digits(m.group("month")).strip())
        year = int(ascii_digits(m.group("year")))
    except (IndexError, ValueError):
        return None
    if month is None:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


_OrdinalTables = tuple[dict[str, int], dict[str, int], set[str], list[str], bool]
_ORDINAL_TABLES: Final[dict[str, _OrdinalTables]] = {}


def _ordinal_tables(lang: Lang) -> _OrdinalTables:
    """A language's ordinal words, folded once: values, multipliers, words to skip,
    prefixes to strip, and whether the words are read character by character."""
    hit = _ORDINAL_TABLES.get(lang.code)
    if hit is None:
        spec = lang.section("ordinals")
        values = {fold(k): v for k, v in spec.get("values", {}).items()}
        mult = {fold(k): v for k, v in spec.get("multipliers", {}).items()}
        skip = {fold(k) for k in spec.get("skip", [])}
        prefixes = list(spec.get("strip_prefixes", []))
        hit = _ORDINAL_TABLES[lang.code] = (values, mult, skip, prefixes, spec.get("tokenizer") == "chars")
    return hit


def ordinal(words: str, lang: Lang) -> int | None:
    """Value of an ordinal written in words ("Soixante-douzième" -> 72, "第七十二" -> 72).

    Tokens add up; a multiplier multiplies what came before it (quatre-vingt, 七十).
    Unknown tokens are matched loosely to cope with OCR ("rrwenty" -> twenty).
    """
    values, mult, skip, prefixes, by_char = _ordinal_tables(lang)
    text = fold(ascii_digits(words))
    if text.isdigit():
        return int(text)
    if by_char:
        tokens = [c for c in text if not c.isspace()]
    else:
        tokens = [t for t in re.split(r"[\s\-‑–]+", text) if t]
    total = current = 0
    for token in tokens:
        if token in skip:
            continue
        if token not in values and token not in mult:
            for p in prefixes:
                if token.startswith(fold(p)) and (token[len(p) :] in values or token[len(p) :] in mult):
                    token = token[len(p) :]
                    break
        if token not in mult and token not in values:
            close = (
                difflib.get_close_matches(token, list(values) + list(mult), n=1, cutoff=0.75) if len(token) > 4 else []
            )
            if not close:
                return None
            token = close[0]
        if token in mult:  # 七十, quatre-vingt, 一百: multiplies what came since the last one
            total += (current or 1) * mult[token]
            current = 0
        else:
            current += values[token]
    return (total + current) or None


def language_codes(text: str, lang: Lang, separators: list[str]) -> list[str]:
    """ISO codes of language names listed in `text` ("anglais/français" -> [en, fr]),
    along the language chain."""
    names: dict[str, str] = {}
    for lg in reversed(lang.chain):
        names.update(lg.names("language_names"))
    parts = [text]
    for sep in separators + ["/", ","]:
        parts = [q for p in parts for q in p.split(sep)]
    out: list[str] = []
    for part in parts:
        key = fold(re.sub(r"[\[\]().*]", "", part))
        code = names.get(key)
        if code and code not in out:
            out.append(code)
    return out


_LETTER: Final = re.compile(r"^\(?([a-z]{1,2})\)?$")


def agenda_numbers(items: str, lang: Lang) -> list[str]:
    """Canonical item numbers from the printed list: "19 a)" -> ["19 (a)"],
    "20 and 118" -> ["20", "118"], "128 (أ)" -> ["128 (a)"], "3 (a) and (b)" -> two."""
    letters = {fold(k): v for k, v in lang.section("masthead").get("agenda_letters", {}).items()}
    text = ascii_digits(unicodedata.normalize("NFKC", items))
    for word in lang.section("masthead").get("agenda_to", []):  # "Agenda items 21 to 26"
        text = re.sub(
            rf"(\d+)\s*{re.escape(word.strip())}\s*(\d+)",
            lambda m: (
                " ; ".join(str(n) for n in range(int(m.group(1)), int(m.group(2)) + 1))
                if 0 < int(m.group(2)) - int(m.group(1)) < 30
                else m.group(0)
            ),
            text,
        )
    for word in lang.section("masthead").get("agenda_and", []) + [",", "、", "/"]:
        text = text.replace(word, " ; ")
    out: list[str] = []
    last_number = None
    for raw in text.split(";"):
        chunk = raw.strip().rstrip(".*").strip()
        if not chunk:
            continue
        m = re.match(r"^(\d+)\s*(?:\(?\s*([^\s()]{1,3})\s*\))?\s*$", chunk)
        if m:
            last_number = m.group(1)
            letter = m.group(2)
        else:
            lm = _LETTER.match(chunk) or re.match(r"^\(?\s*([^\s()]{1,3})\s*\)$", chunk)
            if not (lm and last_number):
                continue
            letter = lm.group(1)
        if letter:
            letter = letters.get(fold(letter), fold(letter))
            if not re.fullmatch(r"[a-z]{1,2}", letter):
                continue
            out.append(f"{last_number} ({letter})")
        else:
            out.append(last_number)
    return out
