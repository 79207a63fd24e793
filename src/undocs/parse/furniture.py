"""Stage: drop page furniture (running headers and footers, page numbers, job
numbers, barcodes, "Please recycle", continuation marks) from the lines.

A line is furniture by what it says (patterns below, the document's own symbol
and job number) and, in PDFs, by where it stands (the top and bottom bands of a
page). Headers repeat the title: a line of a header band that repeats on other
pages is dropped too.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Final

from undocs import symbols
from undocs.extract.lines import Line

PAGE: Final = re.compile(r"^(?:Page\s+\d+|-\s*\d+\s*-|\d{1,3}\s*/\s*\d{1,3}|\d{1,3})$", re.I)
JOBLINE: Final = re.compile(r"^(?:GE\.)?\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6})*$")
CONT: Final = re.compile(r"^/\s*\.\s*\.\s*\.$|^\.\.\./?$")
BAR: Final = re.compile(r"^\*\d{7,8}\*$")
_NUMBERED_WORDS: Final = re.compile(r"^\d+\s+\S+\s+\S+")  # a footnote's first line, not furniture
_FOOT_MARK: Final = re.compile(r"\d{2}-\d{5}|\d+/\d+$")  # a job number or page count in a foot band
_DIGITS: Final = re.compile(r"\d+")
_NON_WORDS: Final = re.compile(r"\W+")
_OPENERS: Final = frozenset("Pp-G/.*")  # how the lines above can start (besides a digit)


def _words(text: str) -> str:
    """Lower-case words, single-spaced: how a header is compared with the title."""
    return _NON_WORDS.sub(" ", text.lower()).strip()


def _key(text: str) -> str:
    return _DIGITS.sub("#", text.strip().lower())


def _is_own_symbol(text: str, own: set[str]) -> bool:
    if "/" not in text or len(text) > 60 or not own:
        return False
    return _canonical(text.strip().rstrip("*")) in own


@lru_cache(maxsize=4096)
def _canonical(text: str) -> str | None:
    try:
        return symbols.normalize(text)
    except symbols.SymbolError:
        return None


def _furniture_text(text: str, own: set[str]) -> bool:
    t = text.strip()
    if len(t) > 70:
        return False  # furniture is short: page numbers, job numbers, symbols
    c = t[:1]
    if (c in _OPENERS or c.isdigit()) and (
        PAGE.match(t) or JOBLINE.match(t) or CONT.match(t) or BAR.match(t) or t.lower() == "please recycle"
    ):
        return True
    if _is_own_symbol(t, own):
        return True
    parts = t.split()
    # "2/17 25-16438", "A/C.2/80/L.5 3/17", "25-16438 3/17"
    if 1 < len(parts) <= 4 and all(PAGE.match(p) or JOBLINE.match(p) or _is_own_symbol(p, own) for p in parts):
        return True
    return False


def drop_furniture(
    lines: list[Line],
    own_symbols: list[str],
    title: str | None,
    *,
    copied: bool = False,
    notices: list[re.Pattern[str]] | None = None,
) -> list[Line]:
    """`copied`: lines of a text extraction, where a page's running header (the title alone
    between blank lines) stands in the flow without its page break. `notices`: how the
    standing notices of the language begin (a record's "This record contains the text
    of speeches ..."), dropped with the lines of their type that follow on their page."""
    if notices:
        lines = _drop_notices(lines, notices)
    own = set(own_symbols)
    top = [line.text for line in lines if line.zone == "top" and line.page > 1]  # where running headers stand
    header_keys = Counter(_key(text) for text in top)
    title_key = _words(title or "")
    # a few header lines, and the symbol among them: what stands in the top band is the running
    # header (without the symbol, text can reach into the band: keep it)
    few_keys = len(header_keys) <= 3
    running = few_keys and any(
        _is_own_symbol(word.rstrip("*"), own) for text in top for word in text.split() if "/" in word
    )
    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        text = line.text
        if (
            copied
            and title_key
            and line.gap >= 1
            and len(text) < 300
            and (i + 1 == len(lines) or lines[i + 1].gap >= 1)
            and _words(text) == title_key
        ):
            i += 1
            continue
        if len(text) > 70 and line.zone == "body" and "/" not in text[:40]:
            out.append(line)  # long body text: no furniture is that long
            i += 1
            continue
        text = text.strip()
        # a text extraction's header block: own symbol, running title, page number, job number
        if _starts_with_own(text, own) and line.zone == "body":
            j = i + 1
            while j < len(lines) and j <= i + 5 and not _furniture_text(lines[j].text, own):
                j += 1
            if j < len(lines) and j <= i + 5 and _is_running(lines[i + 1 : j], title_key, text, own):
                if copied and j == i + 1 and title_key:
                    _drop_title_above(out, title_key)  # an odd page's header: the title, then the symbol
                k = j
                while k < len(lines) and _furniture_text(lines[k].text, own):
                    k += 1
                if k < len(lines):
                    lines[k].new_page = True
                    lines[k].gap = 0.0
                i = k
                continue
        drop = _furniture_text(text, own)
        if not drop and line.page > 1 and line.zone == "top":
            drop = (
                header_keys[_key(text)] > 1
                or _starts_with_own(text, own)
                or (few_keys and running)
                or (_first_of_page(lines, i) and _is_sibling_symbol(text, own))
            )
        if not drop and line.zone == "bottom" and len(text) < 40 and not _NUMBERED_WORDS.match(text):
            drop = bool(_FOOT_MARK.search(text))
        if drop and copied and title_key and _is_own_symbol(text, own):
            _drop_title_above(out, title_key)  # an odd page's header: the title, then the symbol
        if drop:
            if i + 1 < len(lines) and line.page == lines[i + 1].page and line.zone == "top":
                lines[i + 1].gap = 0.0
                lines[i + 1].new_page = True
            i += 1
            continue
        out.append(line)
        i += 1
    return out


def _drop_notices(lines: list[Line], notices: list[re.Pattern[str]]) -> list[Line]:
    out: list[Line] = []
    notice: Line | None = None
    for line in lines:
        if notice is not None and line.page == notice.page and abs(line.size - notice.size) < 0.3:
            continue
        notice = line if any(rx.match(line.text) for rx in notices) else None
        if notice is None:
            out.append(line)
    return out


def _drop_title_above(out: list[Line], title_key: str) -> None:
    """Take back the last block of up to three lines if together they are the title."""
    k = len(out)
    while k > 0 and len(out) - k < 3:
        k -= 1
        if out[k].gap >= 1:
            break
    if k < len(out) and out[k].gap >= 1 and _words(" ".join(ln.text for ln in out[k:])) == title_key:
        del out[k:]


def _first_of_page(lines: list[Line], i: int) -> bool:
    return i == 0 or lines[i - 1].page != lines[i].page


def _is_sibling_symbol(text: str, own: set[str]) -> bool:
    """A symbol alone, of the document's own series but not its own: a running header the
    secretariat copied from another document (E/ESCWA/EDID/2017/IG.2/INF.2 heads its second
    page "E/ESCWA/2017/EC.3/INF.2")."""
    if " " in text or "/" not in text or len(text) > 60:
        return False
    canonical = _canonical(text.rstrip("*"))
    return canonical is not None and any(_series_root(canonical) == _series_root(s) for s in own)


def _series_root(symbol: str) -> str:
    """The series a symbol belongs to: "A", "S", "E/ESCWA", "E/CN.6"."""
    parts = symbol.split("/")
    return "/".join(parts[:2]) if len(parts) > 2 and not parts[1][:1].isdigit() else parts[0]


def _starts_with_own(text: str, own: set[str]) -> bool:
    if not own or "/" not in text[:40]:
        return False
    first = text.split(" ", 1)[0]
    return bool(first) and _is_own_symbol(first, own)


def _is_running(between: list[Line], title_key: str, first: str, own: set[str]) -> bool:
    """The lines between a header's symbol and its page number repeat the title."""
    if not between:
        return True
    words = _words(" ".join(line.text for line in between))
    return bool(title_key) and (words in title_key or title_key.startswith(words[:40]))
