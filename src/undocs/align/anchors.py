"""Language-independent evidence in a text: what survives translation unchanged.

Digits (Arabic-Indic and full-width ones read as ASCII, thousands separators dropped,
month names read as their number so "21 December 2013" meets "2013年12月21日"), UN
document symbols (`undocs.symbols.find_symbols`), and name-like Latin tokens (acronyms,
"JS7", "AccessNow", proper names; in a non-Latin text every Latin word is one).
"""

from __future__ import annotations

import re
from functools import cache

from undocs import lang as langs
from undocs.symbols import find_symbols

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９", "0123456789" * 3)
_THOUSANDS = re.compile(r"(?<!\d)(\d{1,3})((?:[,.\u00a0\u202f ]\d{3})+)(?![\d])")
_DIGIT_RUN = re.compile(r"\d+")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'’][A-Za-z0-9]+)*")
_LETTER = re.compile(r"[^\W\d_]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


def ascii_digits(text: str) -> str:
    return text.translate(_DIGITS)


@cache
def _months(code: str) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """Month names of one language (from undocs' language files) -> their number."""
    try:
        table = langs.load(code).data.get("months", {})
    except Exception:  # no language file: no month names, digits still count
        return None, {}
    names: dict[str, str] = {}
    for number, forms in table.items():
        for form in forms:
            if not any(c.isdigit() for c in form):
                names[form] = str(int(number))
    if not names:
        return None, {}
    alt = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)"), names


def is_latin_text(text: str) -> bool:
    """Mostly Latin letters: decides which Latin words count as names."""
    letters = len(_LETTER.findall(text[:2000]))
    return letters > 0 and len(_LATIN_LETTER.findall(text[:2000])) > 0.5 * letters


def hard_anchors(text: str, lang: str | None) -> frozenset[str]:
    """Symbols and digit runs: a translation keeps every one of them."""
    found: set[str] = set()
    pieces: list[str] = []
    last = 0
    for start, end, symbol in find_symbols(text):
        found.add("§" + symbol)
        pieces.append(text[last:start])
        last = end
    pieces.append(text[last:])
    rest = ascii_digits(" ".join(pieces))
    rest = _THOUSANDS.sub(lambda m: m.group(1) + re.sub(r"\D", "", m.group(2)), rest)
    found.update(str(int(d)) for d in _DIGIT_RUN.findall(rest))
    if lang:
        rx, names = _months(lang)
        if rx is not None:
            found.update(names[m.group(0)] for m in rx.finditer(rest))
    return frozenset(found)


def name_anchors(text: str) -> frozenset[str]:
    """Latin tokens that a translation tends to keep as printed.

    In a Latin-script text: acronyms and mixed tokens ("ICAN", "JS7", "CoE-ECRI",
    "AccessNow") and capitalised words of 4+ letters not starting a sentence. In any
    other script: every Latin word of 2+ letters.
    """
    latin = is_latin_text(text)
    out: set[str] = set()
    for m in _LATIN_WORD.finditer(text):
        word = m.group(0)
        if not latin:
            if len(word) >= 2:
                out.add(word)
            continue
        uppers = sum(c.isupper() for c in word)
        if uppers >= 2 or (uppers and any(c.isdigit() for c in word)):
            out.add(word)
        elif word[0].isupper() and len(word) >= 4:
            before = text[: m.start()].rstrip()
            if before and before[-1] not in '.!?:;("“«':
                out.add(word)
    return frozenset(out)


_END = {
    ",": ",",
    "，": ",",
    "،": ",",
    ";": ";",
    "；": ";",
    "؛": ";",
    ".": ".",
    "。": ".",
    "．": ".",
    ":": ":",
    "：": ":",
}
_CLOSERS = "\"'’”»)]）】》」』 "


def ending(text: str) -> str:
    """How a paragraph ends, in any script: "," (preambular), ";" (operative), "." (last
    paragraph, sentence), ":" (before a list) or "" (a heading, a title)."""
    t = text.rstrip(_CLOSERS)
    return _END.get(t[-1:], "") if t else ""


def parentheses(text: str) -> int:
    """Opening brackets: "(a)", "(2022)", "（...）" survive translation in number."""
    return text.count("(") + text.count("（")


_ROMAN = {"i": 1, "v": 5, "x": 10}  # "c", "l" would clash with letters (c), (l)
_ABJAD = "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"
_CJK_NUM = {c: i + 1 for i, c in enumerate("一二三四五六七八九十")}
_STRIP = re.compile(r"[\s()\[\]’‘'\"«»“”.\-–—ـ]+")


def _roman(s: str) -> int | None:
    s = s.lower()
    if not s or any(c not in _ROMAN for c in s):
        return None
    total = 0
    for a, b in zip(s, s[1:] + " ", strict=True):
        v = _ROMAN[a]
        total += -v if b != " " and _ROMAN[b] > v else v
    return total if total > 0 else None


def canonical_number(printed: str | None) -> str | None:
    """A printed paragraph number in a form comparable across languages.

    `1.`, `’1‘`, `١` -> "1"; `(iii)`, `III`, `㈢` -> "3"; `(a)`, `(أ)` -> "a".
    """
    if not printed:
        return None
    s = _STRIP.sub("", ascii_digits(printed))
    if not s:
        return None
    if s.isdigit():
        return str(int(s))
    if len(s) == 1 and "\u3220" <= s <= "\u3229":  # ㈠..㈩
        return str(ord(s) - 0x3220 + 1)
    if s in _CJK_NUM:
        return str(_CJK_NUM[s])
    if len(s) == 1 and s in _ABJAD and _ABJAD.index(s) < 26:
        s = "abcdefghijklmnopqrstuvwxyz"[_ABJAD.index(s)]
    roman = _roman(s)  # after the letters: (i) and (ط) both read 1, whichever was meant
    return str(roman) if roman is not None else s.lower()
