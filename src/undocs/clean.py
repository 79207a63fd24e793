"""Text mending shared by all stages (extractors and parser): joining lines, French spacing artefacts,
stray spaces. Pure functions on strings."""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
# "l ’Asie", "d ’Action", "qu ’il": an elided article split from its apostrophe
_ELISION = re.compile(r"\b([LlDdNnMmTtSsJjCc]|[Qq]u|[Jj]usqu|[Ll]orsqu|[Pp]uisqu|[Qq]uoiqu)\s+([’'])\s*(?=\w)")
_SPACES = re.compile(r"[ \t\u00a0\u202f]{2,}")
_CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])")
_BIDI = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def join_lines(parts: list[str]) -> str:
    """Rejoin printed lines into one paragraph, mending hyphenation."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if not out:
            out = part
        elif out.endswith("\u00ad"):
            out = out[:-1] + part
        elif out.endswith("-") and len(out) > 1 and out[-2].isalpha() and part[:1].islower():
            out += part
        elif _CJK.match(out[-1]) and _CJK.match(part[0]):
            out += part
        else:
            out += " " + part
    return out.replace("\u00ad", "")


def mend(text: str) -> str:
    """Spacing artefacts of PDF extraction: `l ’Asie` -> `l’Asie`, doubled spaces."""
    if not text.isascii():
        text = _BIDI.sub("", text).replace("\u0640", "").replace("\u00a0", " ").replace("\u202f", " ")
        text = _CJK_SPACE.sub("", text)
    if " ’" in text or " '" in text:
        text = _ELISION.sub(r"\1\2", text)
    if "  " in text or "\u00a0 " in text or " \u00a0" in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()
