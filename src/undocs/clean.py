"""Text mending shared by all stages (extractors and parser): joining lines, elided words split
from their apostrophe ("l ’Asie"; the words come from the language files), stray spaces.
Functions on strings."""

from __future__ import annotations

import re
from functools import cache
from typing import Final

from undocs.lang import available, load

_CJK: Final = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
# "l ’Asie", "d ’Action", "qu ’il": an elided word split from its apostrophe
_APOSTROPHE_GAP: Final = re.compile(r"\s+([’'])\s*(?=\w)")
_SPACES: Final = re.compile(r"[ \t\u00a0\u202f]{2,}")
_CJK_SPACE: Final = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])")
_BIDI: Final = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
# any character the first step of `mend` removes or changes (bidi marks, tatweel, no-break spaces, CJK)
_UNUSUAL: Final = re.compile("[\u00a0\u0640\u061c\u200e\u200f\u202a-\u202f\u2066-\u2069\u3000-\u9fff\uff00-\uffef]")


# a symbol cut by a line break: the piece before has a "/" or "(" (or is all digits and
# letters up to one), the piece after goes on with letters, digits, "/", ")" or "."
_SYMBOL_CUT: Final = re.compile(r"[A-Za-z0-9.()]*[/(][A-Za-z0-9./()]* [A-Za-z0-9./()]*[A-Za-z0-9/)]")


def _has_cjk(parts: list[str]) -> bool:
    return any(not p.isascii() and _CJK.search(p) for p in parts)


def join_lines(parts: list[str]) -> str:
    """Rejoin printed lines into one paragraph, mending hyphenation."""
    pieces: list[str] = []
    tail = ""  # the last two characters of the text joined so far (soft hyphens still in)
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if not pieces:
            pieces.append(part)
            tail = part[-2:]
        elif tail[-1] == "\u00ad":
            # the soft hyphen itself goes with all others at the end
            pieces.append(part)
            tail = (tail[:-1] + part)[-2:]
        elif tail[-1] == "-" and len(tail) > 1 and tail[-2].isalpha() and part[:1].islower():
            pieces.append(part)
            tail = (tail + part)[-2:]
        elif tail[-1] >= "\u3000" and part[0] >= "\u3000" and _CJK.match(tail[-1]) and _CJK.match(part[0]):
            pieces.append(part)
            tail = (tail + part)[-2:]
        elif tail[-1].isascii() and _SYMBOL_CUT.match(pieces[-1].rsplit(" ", 1)[-1] + " " + part) and _has_cjk(parts):
            # Chinese lines break anywhere, inside a symbol too: "GC(67)/RE" + "S/16"
            pieces.append(part)
            tail = (tail + part)[-2:]
        else:
            pieces.append(" ")
            pieces.append(part)
            tail = (" " + part)[-2:]
    out = "".join(pieces)
    return out.replace("\u00ad", "") if "\u00ad" in out else out


def mend(text: str) -> str:
    """Spacing artefacts of PDF extraction: `l ’Asie` -> `l’Asie`, doubled spaces."""
    if not text.isascii() and _UNUSUAL.search(text):
        text = _BIDI.sub("", text).replace("\u0640", "").replace("\u00a0", " ").replace("\u202f", " ")
        text = _CJK_SPACE.sub("", text)
    if " ’" in text or " '" in text:
        text = _mend_elisions(text)
    if "  " in text or "\u00a0 " in text or " \u00a0" in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


@cache
def _elided() -> frozenset[str]:
    """Every language file's `elided_words`, lower-case and capitalised."""
    words = (w for code in available() for w in load(code).data.get("elided_words", []))
    return frozenset(form for w in words for form in (w, w.capitalize()))


def _mend_elisions(text: str) -> str:
    """Close the gap after an elided French word; only where one stands before the gap
    (found backwards from each apostrophe: a scan for the words themselves is slow)."""
    pieces: list[str] = []
    pos = 0
    for m in _APOSTROPHE_GAP.finditer(text):
        start = j = m.start()
        while j > 0 and start - j <= 6 and (text[j - 1].isalnum() or text[j - 1] == "_"):
            j -= 1
        if text[j:start] in _elided():
            pieces.append(text[pos:start])
            pieces.append(m.group(1))
            pos = m.end()
    if not pieces:
        return text
    pieces.append(text[pos:])
    return "".join(pieces)
