"""Which official language a version is written in.

Script settles Arabic, Chinese and Russian; among the Latin-script languages the
most frequent function words (from each language file's `[detect]`) decide.
"""

from __future__ import annotations

import re
from collections import Counter

from undocs import lang as langs

_SCRIPTS = {
    "ar": re.compile(r"[\u0600-\u06ff]"),
    "zh": re.compile(r"[\u4e00-\u9fff]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
}
_LATIN = re.compile(r"[A-Za-zÀ-ÿ]")
_WORD = re.compile(r"[a-zà-ÿœ]+")


def detect(text: str) -> str | None:
    """ISO 639-1 code of the dominant official language of `text`, or None."""
    sample = text[:1500]
    counts = {code: len(rx.findall(sample)) for code, rx in _SCRIPTS.items()}
    latin = len(_LATIN.findall(sample))
    best = max(counts, key=counts.__getitem__)
    if counts[best] > 0.3 * (latin + counts[best]) and counts[best] > 20:
        return best
    if latin < 20:
        return None
    words = Counter(_WORD.findall(sample.lower()))
    scores: dict[str, int] = {}
    for code in langs.available():
        vocab = langs.load(code).section("detect").get("words", [])
        scores[code] = sum(words[w] for w in vocab)
    code = max(scores, key=scores.__getitem__) if scores else None
    return code if code and scores[code] > 0 else None
