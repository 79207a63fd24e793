"""Which official language a version is written in.

Script settles Arabic, Chinese and Russian; among the Latin-script languages the
most frequent function words (from each language file's `[detect]`) decide.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from itertools import islice

from undocs import lang as langs

_SCRIPTS = {
    "ar": re.compile(r"[\u0600-\u06ff]"),
    "zh": re.compile(r"[\u4e00-\u9fff]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
}
_ANY_SCRIPT = re.compile("|".join(rx.pattern for rx in _SCRIPTS.values()))
_LATIN = re.compile(r"[A-Za-zÀ-ÿ]")
_WORD = re.compile(r"[a-zà-ÿœ]+")


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
    words = Counter(_WORD.findall(sample.lower()))
    get = words.get
    scores: dict[str, int] = {}
    for code in langs.available():
        scores[code] = sum(get(w, 0) for w in _vocabulary(code))
    code = max(scores, key=scores.__getitem__) if scores else None
    return code if code and scores[code] > 0 else None


@cache
def _vocabulary(code: str) -> tuple[str, ...]:
    return tuple(langs.load(code).section("detect").get("words", []))
