"""Which official language a version is written in.

Script settles Arabic, Chinese and Russian; among the Latin-script languages the
most frequent function words (from each language file's `[detect]`) decide.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import islice
from typing import Final

from undocs import lang as langs

_SCRIPTS: Final = {
    "ar": re.compile(r"[\u0600-\u06ff]"),
    "zh": re.compile(r"[\u4e00-\u9fff]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
}
_ANY_SCRIPT: Final = re.compile(
    "[" + "".join(rx.pattern[1:-1] for rx in _SCRIPTS.values()) + "]"
)  # one class: a fast scan
_LATIN: Final = re.compile(r"[A-Za-zÀ-ÿ]")
_WORD: Final = re.compile(r"[a-zà-ÿœ]+")
# ASCII text: every character that is not a letter of _WORD becomes a space (str.translate, then split)
_ASCII_WORDS: Final = "".join(c if "a" <= c <= "z" else " " for c in map(chr, range(128)))


def detect(text: str) -> str | None:
    """ISO 639-1 code of the dominant official language of `text`, or None."""
    sample = text[:1500]
    if _ANY_SCRIPT.search(sample):
        counts = {code: len(rx.findall(sample)) for code, rx in _SCRIPTS.items()}
        latin = len(_LATIN.findall(sample))
        best = max(counts, key=counts.__getitem__)
        if counts[best] > 0.3 * (latin + counts[best]) and counts[best] > 20:
            return best
    else:  # no letter of another script: only whether there are 20 Latin letters matters
        latin = sum(1 for _ in islice(_LATIN.finditer(sample), 20))
    if latin < 20:
        return None
    lower = sample.lower()
    scores = dict.fromkeys(langs.available(), 0)
    voters = _voters()
    for word in lower.translate(_ASCII_WORDS).split() if lower.isascii() else _WORD.findall(lower):
        codes = voters.get(word)
        if codes is not None:
            for code in codes:
                scores[code] += 1
    winner = max(scores, key=scores.__getitem__) if scores else None
    return winner if winner and scores[winner] > 0 else None


@cache
def _voters() -> dict[str, tuple[str, ...]]:
    """Each function word of the languages' `[detect]` lists -> the languages it votes for
    (once per listing)."""
    out: dict[str, list[str]] = {}
    for code in langs.available():
        for word in langs.load(code).section("detect").get("words", []):
            out.setdefault(word, []).append(code)
    return {word: tuple(codes) for word, codes in out.items()}
