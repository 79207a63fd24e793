"""Right-to-left lines of a PDF back into logical order, from where each glyph stands.

A PDF stores glyphs, not text: where Arabic and Latin runs share a line, the order in
the content stream (and what pdfium makes of it) need not be the reading order. The
positions settle it: the glyphs in visual order, left to right, are the line as printed,
and reading them back is the Unicode bidirectional algorithm run backwards (right-to-left
runs read from the right, left-to-right runs inside them, symbols, years, numbers, from
the left). Two more PDF habits are undone here: a ligature glyph (lam-alef) whose text
is written in visual order, and brackets in right-to-left runs, which are drawn (and
stored) mirrored. Arabic presentation forms become the standard letters.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

#: Characters of the right-to-left scripts the UN prints (Arabic; Hebrew for completeness).
RTL_CHARS: Final = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_PRESENTATION: Final = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")
MIRROR: Final = str.maketrans("()[]{}<>«»", ")(][}{><»«")
_STRONG_R: Final = frozenset(("R", "AL"))
_LTR_LIKE: Final = frozenset(("L", "EN", "AN"))


def has_rtl(text: str) -> bool:
    return RTL_CHARS.search(text) is not None


def normalise_forms(text: str) -> str:
    """Arabic presentation forms (isolated, initial, final glyph codes) -> standard letters."""
    if _PRESENTATION.search(text) is None:
        return text
    return _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)


def _direction(text: str) -> str:
    """R, L, D (digits) or N: the strong direction of a cluster's text."""
    for c in text:
        kind = unicodedata.bidirectional(c)
        if kind in _STRONG_R:
            return "R"
        if kind == "L":
            return "L"
        if kind in _LTR_LIKE:
            return "D"
    return "N"


#: Separators that keep two numbers one number in right-to-left text ("2.5", "1,000",
#: "71/272"); others ("20-21", "20 21") make two numbers, read from the right.
_NUMBER_SEPARATORS: Final = frozenset(".,/:\u060c\u066b\u066c")


def _in_word(dirs: list[str], clusters: list[str], k: int, step: int) -> bool:
    """Whether the number at `k` belongs to a left-to-right word ("EC.4", "A/78"): past its
    digits in direction `step` stands a letter, or a dot or slash before one."""
    n = len(dirs)
    while 0 <= k < n and dirs[k] == "D":
        k += step
    if 0 <= k < n and clusters[k] in "./" and 0 <= k + step < n:
        k += step
    return 0 <= k < n and dirs[k] == "L"


def logical(clusters: list[str], rtl: bool) -> str:
    """The reading order of a line given as glyph clusters in visual order (left to right).

    A cluster is what one position holds: a letter with its combining marks, a ligature's
    letters, a space. Neutral clusters between two left-to-right ones go with them; other
    neutrals take the line's direction, and are mirrored where that is right-to-left.
    """
    dirs = [_direction(c) for c in clusters]
    base = "R" if rtl else "L"
    n = len(clusters)
    # resolve neutrals: the direction on both sides if they agree, else the line's; between
    # two numbers of a right-to-left line only a decimal or list separator joins them
    resolved = ["L" if d == "D" else d for d in dirs]
    i = 0
    while i < n:
        if dirs[i] != "N":
            i += 1
            continue
        j = i
        while j < n and dirs[j] == "N":
            j += 1
        left = dirs[i - 1] if i > 0 else base
        right = dirs[j] if j < n else base
        if (
            rtl
            and left == right == "D"
            and not all(c in _NUMBER_SEPARATORS for k in range(i, j) for c in clusters[k])
            and not _in_word(dirs, clusters, i - 1, -1)
            and not _in_word(dirs, clusters, j, 1)
        ):
            side = "R"
        elif left in ("L", "D") and right in ("L", "D"):
            side = "L"
        else:
            side = left if left == right else base
        for k in range(i, j):
            resolved[k] = side
        i = j
    # runs of one direction, in visual order; the line reads them in its direction
    runs: list[tuple[str, list[str]]] = []
    for text, d in zip(clusters, resolved, strict=True):
        if runs and runs[-1][0] == d:
            runs[-1][1].append(text)
        else:
            runs.append((d, [text]))
    if rtl:
        runs.reverse()
    out: list[str] = []
    for d, texts in runs:
        if d == "R":
            out.append("".join(t.translate(MIRROR) for t in reversed(texts)))
        else:
            out.append("".join(texts))
    text = "".join(out)
    return _RANGE.sub(_ascending, text) if rtl and "-" in text or "–" in text else text


#: Two numbers joined by a dash in right-to-left text: a range ("2016-2017", "13-14"), which
#: the glyph order cannot tell apart from its reverse; a range reads from its start.
_RANGE: Final = re.compile(r"(?<![\d/.])(\d{1,4})([-–])(\d{1,4})(?![\d/.])")


def _ascending(m: re.Match[str]) -> str:
    a, b = int(m.group(1)), int(m.group(3))
    return f"{m.group(3)}{m.group(2)}{m.group(1)}" if a > b and len(m.group(1)) == len(m.group(3)) else m.group(0)
