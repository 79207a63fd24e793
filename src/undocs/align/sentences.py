"""Sentence splitting for the six languages.

ICU's sentence break iterator (PyICU) knows Chinese and Arabic punctuation and, with
`@ss=standard`, some abbreviations. UN documents need more: a break is undone when the
text before it ends in an abbreviation of the language (`languages.toml`: "para.",
"No.", "art.", "Dec."), in a single capital (an initial), or when it falls inside a
document symbol ("A/72/L.1"). Breaks are added after a footnote number a PDF leaves glued
to a full stop ("NHRI.11 Amnesty"), and a lone paragraph number ("4.") stays with its
paragraph. Without PyICU a regex splitter takes over, with a warning.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from typing import Any

from undocs.align import langdata
from undocs.symbols import find_symbols

log = logging.getLogger(__name__)

# a footnote marker a PDF leaves glued to the full stop: "a NHRI.11 Amnesty International"
_MARKER_END = re.compile(r"(?<=[^\W\d_][.!?])\d{1,3}\s+(?=[^\W\d_])")
_NUMBER_ONLY = re.compile(r"^\W*\(?[0-9A-Za-z]{1,3}[.)]\s*$")  # "4." or "(a)" before its paragraph
_LAST_WORD = re.compile(r"([^\s(\[«“\"]+)\.[\s”»\"')\]]*$")
_INITIAL = re.compile(r"(?:^|[\s(])[A-ZА-Я]\.\s*$")


@cache
def _icu() -> Any | None:
    try:
        import icu
    except ImportError:
        log.warning("PyICU is not installed: sentences are split with a regex (less exact for zh, ar)")
        return None
    return icu


@cache
def _iterator(locale: str) -> Any:
    icu = _icu()
    if icu is None:
        raise RuntimeError("PyICU is not installed")  # callers check _icu() first
    return icu.BreakIterator.createSentenceInstance(icu.Locale(locale))


def _icu_breaks(text: str, locale: str) -> list[int]:
    """Break offsets in `text` (Python string indexes, ICU counts UTF-16 units)."""
    it = _iterator(locale)
    it.setText(text)
    units = [b for b in it]
    if all(ord(c) < 0x10000 for c in text):
        return units
    index, pos16, mapping = 0, 0, {0: 0}
    for c in text:
        pos16 += 2 if ord(c) >= 0x10000 else 1
        index += 1
        mapping[pos16] = index
    return [mapping.get(u, index) for u in units]


def _regex_breaks(text: str, ends: str) -> list[int]:
    cls = re.escape(ends)
    rx = re.compile(rf"[{cls}]+[”»\"')\]]*(?:\s+|(?<=[。！？]))")
    return [m.end() for m in rx.finditer(text) if m.end() < len(text)] + [len(text)]


@cache
def _folded(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w.casefold() for w in words)


def _keep_together(before: str, after: str, abbreviations: frozenset[str]) -> bool:
    """True when a break between `before` and `after` is not a sentence end."""
    if not after.strip():
        return True
    first = after.lstrip()[:1]
    if first.islower() or first.isdigit():
        return True
    if _NUMBER_ONLY.match(before):
        return True
    if _INITIAL.search(before):
        return True
    m = _LAST_WORD.search(before)
    if m:
        word = m.group(1).casefold()  # "См." as "см.", "Para." as "para."
        if word in abbreviations or word.rstrip(".") in abbreviations:
            return True
        if "/" in word or re.fullmatch(r"[A-Z]{1,3}(?:\.[A-Z0-9]+)+", word):  # "A/72/L.1." is a symbol's end
            return False
    return False


def split_sentences(text: str, lang: str) -> list[str]:
    """Sentences of `text`, stripped; joined with spaces they give back the text."""
    text = text.strip()
    if not text:
        return []
    data = langdata.get(lang)
    abbreviations = _folded(data.abbreviations)
    icu = _icu()
    breaks = _icu_breaks(text, data.icu_locale) if icu is not None else _regex_breaks(text, data.sentence_ends)
    marked = [m.end() for m in _MARKER_END.finditer(text) if text[m.end()].isupper()]
    if marked:
        breaks = sorted(set(breaks) | set(marked))
    inside = [(s, e) for s, e, _ in find_symbols(text)]
    pieces: list[str] = []
    start = 0
    for b in breaks:
        if b <= start:
            continue
        if b < len(text):
            if any(s < b < e for s, e in inside):
                continue
            if _keep_together(text[start:b], text[b:], abbreviations):
                continue
        piece = text[start:b].strip()
        if piece:
            pieces.append(piece)
        start = b
    tail = text[start:].strip()
    if tail:
        pieces.append(tail)
    return pieces
