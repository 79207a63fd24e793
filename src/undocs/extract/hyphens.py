"""Words a scanned page breaks at a line's end ("Ки-" / "тайской"): typeset volumes and
typewritten documents hyphenate, and OCR gives the hyphen as printed. Where the language's
hyphenation patterns (pyphen: LibreOffice's dictionaries) allow a break at that point, the
hyphen becomes a soft hyphen, which the joining of lines into paragraphs drops
(`clean.join_lines`). A compound's own hyphen ("self-" / "determination") stays where the
document prints the compound with its hyphen inside a line too, or where the patterns put no
break there. Languages without hyphenation (Arabic, Chinese) name no patterns.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

from undocs import lang as langs
from undocs.extract.lines import Line

SOFT_HYPHEN: Final = "\u00ad"
_END: Final = re.compile(r"(?P<word>[^\W\d_]+)-$")
_START: Final = re.compile(r"^(?P<word>[^\W\d_]+)")
#: a word with a hyphen inside it, as a line prints it
_COMPOUND: Final = re.compile(r"[^\W\d_]+-[^\W\d_]+")


@cache
def _patterns(code: str) -> object | None:
    name = langs.load(code).data.get("ocr", {}).get("hyphenation") if code in langs.available() else None
    if not name:
        return None
    import pyphen

    return pyphen.Pyphen(lang=name)


def mark_breaks(pages: list[list[Line]], code: str) -> None:
    """Line-end hyphens that break a word, in place, as soft hyphens (each page's lines in
    reading order)."""
    patterns = _patterns(code)
    if patterns is None:
        return
    compounds = {m.group(0).lower() for lines in pages for line in lines for m in _COMPOUND.finditer(line.text)}
    for lines in pages:
        for line, after in zip(lines, lines[1:], strict=False):
            end = _END.search(line.text)
            start = _START.match(after.text.lstrip())
            if not (end and start) or after.column != line.column or not start.group("word")[0].islower():
                continue
            head, tail = end.group("word"), start.group("word")
            if f"{head}-{tail}".lower() in compounds:
                continue
            if len(head) in patterns.positions(head + tail):  # type: ignore[attr-defined]
                line.text = line.text[:-1] + SOFT_HYPHEN
