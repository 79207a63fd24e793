"""What takes part in an alignment: a record's units, in a fixed, documented order.

Body blocks (every kind but `footnote`) come first, in reading order; footnotes follow,
in reading order, and are aligned among themselves. Why: a PDF prints footnotes at the
foot of a page, an AKN file at its marker, so their place in the reading order differs
between versions of one document while their own order (by marker) does not; mixing
them into the body would make them drift. (When one version has no footnotes at all,
its parser may have read them as body paragraphs, and the two lists are aligned whole.)
Positions in the output are 0-based indexes into this list (`Alignment.units[lang]`).
"""

from __future__ import annotations

from dataclasses import dataclass

from undocs.record import Record


@dataclass(frozen=True)
class Unit:
    """One paragraph (or sentence, or presegmented line) of one version."""

    text: str
    kind: str | None = None  # the block's kind; None for sentences and presegmented lines
    number: str | None = None  # the printed paragraph number, as the parser gives it
    part: str = "body"  # "body" or "footnote": the two parts are aligned separately


def record_units(record: Record) -> list[Unit]:
    """Body blocks in reading order, then footnotes; empty blocks are left out."""
    # a unit is one line of a parallel corpus: a closing's printed line break becomes a space
    body = [
        Unit(" ".join(b.text.split("\n")), b.kind, b.number)
        for b in record.blocks
        if b.kind != "footnote" and b.text.strip()
    ]
    notes = [
        Unit(b.text, b.kind, b.number, "footnote") for b in record.blocks if b.kind == "footnote" and b.text.strip()
    ]
    return body + notes


def parts(units: list[Unit]) -> dict[str, tuple[int, int]]:
    """Start and end of each part in a unit list (units of one part are contiguous)."""
    spans: dict[str, tuple[int, int]] = {}
    for i, u in enumerate(units):
        start, _ = spans.get(u.part, (i, i))
        spans[u.part] = (start, i + 1)
    return spans
