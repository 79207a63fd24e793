"""The document record: what every stage fills in and every consumer reads.

Its JSON form is the contract of `design/record.md`: the top-level fields always
exist with these names; anything not printed on the document is None or [].
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

#: Fields of the contract, in the order they are printed.
CONTRACT_FIELDS = (
    "symbol",
    "symbols",
    "organ",
    "body",
    "session",
    "distribution",
    "date",
    "language",
    "original_languages",
    "job_number",
    "job_language",
    "agenda_items",
    "title",
    "doc_type",
    "references",
    "blocks",
)


@dataclass(slots=True)
class Note:
    """A footnote marker inside a block's text: `offset` is where the marker stood."""

    marker: str
    offset: int


@dataclass(slots=True, init=False)
class Block:
    """One unit of the body in reading order.

    kind: heading, paragraph, preambular, operative, enacting, signature, annex_heading,
    footnote, closing (adoption line), subparagraph; in meeting records speech (a speaker's
    paragraph) and procedure (the meeting's own text: called to order, adopted, votes).
    """

    kind: str
    text: str
    number: str | None = None
    opening: str | None = None  # a resolution paragraph's opening phrase ("Recalling")
    annex: int | None = None  # 1-based annex the block belongs to, None in the main text
    page: int | None = None
    notes: list[Note] = field(default_factory=list)
    original_languages: list[str] = field(default_factory=list)  # annex headings only
    # meeting records: the speech a block belongs to (1-based), who spoke, for which State or
    # body, and in which language where the record says so ("spoke in French")
    turn: int | None = None
    speaker: str | None = None
    affiliation: str | None = None
    language: str | None = None
    # where each printed line of the block starts: (offset, reading order); not serialised
    order: list[tuple[int, int]] = field(default_factory=list, repr=False, compare=False)

    # written out, not generated: a plain C call in the compiled build (setup.py)
    def __init__(
        self,
        kind: str,
        text: str,
        number: str | None = None,
        opening: str | None = None,
        annex: int | None = None,
        page: int | None = None,
        notes: list[Note] | None = None,
        original_languages: list[str] | None = None,
        order: list[tuple[int, int]] | None = None,
        turn: int | None = None,
        speaker: str | None = None,
        affiliation: str | None = None,
        language: str | None = None,
    ) -> None:
        self.kind = kind
        self.text = text
        self.number = number
        self.opening = opening
        self.annex = annex
        self.page = page
        self.notes = [] if notes is None else notes
        self.original_languages = [] if original_languages is None else original_languages
        self.order = [] if order is None else order
        self.turn = turn
        self.speaker = speaker
        self.affiliation = affiliation
        self.language = language

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"kind": self.kind, "text": self.text}
        for key in ("number", "opening", "annex", "page", "turn", "speaker", "affiliation", "language"):
            value = getattr(self, key)
            if value is not None:
                d[key] = value
        if self.notes:
            d["notes"] = [asdict(n) for n in self.notes]
        if self.original_languages:
            d["original_languages"] = self.original_languages
        return d


@dataclass
class AgendaItem:
    number: str
    title: str | None = None


@dataclass
class Record:
    """One version (one language, one file) of one UN document."""

    symbol: str | None = None
    symbols: list[str] = field(default_factory=list)
    organ: str | None = None
    body: str | None = None
    session: str | None = None
    distribution: str | None = None
    date: str | None = None
    language: str | None = None
    original_languages: list[str] = field(default_factory=list)
    job_number: str | None = None
    job_language: str | None = None
    agenda_items: list[AgendaItem] = field(default_factory=list)
    title: str | None = None
    doc_type: str | None = None
    references: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    # beyond the contract
    processing_dates: list[str] = field(default_factory=list)
    # a meeting record's meeting: number, date, time, place, president, president_country
    meeting: dict[str, Any] | None = None
    # a joint document's organs, and what the masthead says of each beyond the first
    joint: dict[str, Any] | None = None
    # a draft's sponsor line: {"printed": "Barbados, Burkina Faso and Ghana", "states": ["BRB", "BFA", "GHA"]}
    sponsors: dict[str, Any] | None = None
    # a letter's or note verbale's sender as its title names it: {"printed": "the Permanent
    # Representative of Uzbekistan to the United Nations", "states": ["UZB"]}
    authors: dict[str, Any] | None = None
    # where a resolution came from, as printed above its text: {"printed": "[without reference
    # to a Main Committee (A/80/L.6)]", "documents": ["A/80/L.6"]}
    origin: dict[str, Any] | None = None
    source: dict[str, Any] = field(default_factory=dict)

    def to_dict(self, *, with_blocks: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {}
        for name in CONTRACT_FIELDS:
            value = getattr(self, name)
            if name == "blocks":
                if with_blocks:
                    d[name] = [b.to_dict() for b in value]
            elif name == "agenda_items":
                d[name] = [asdict(a) for a in value]
            else:
                d[name] = value
        d["processing_dates"] = self.processing_dates
        d["meeting"] = self.meeting
        d["joint"] = self.joint
        d["sponsors"] = self.sponsors
        d["authors"] = self.authors
        d["origin"] = self.origin
        d["source"] = self.source
        return d

    def to_json(self, *, indent: int | None = 2, with_blocks: bool = True) -> str:
        return json.dumps(self.to_dict(with_blocks=with_blocks), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Record:
        """Rebuild a record from its JSON form (the store and tests read records back)."""
        blocks = [Block(**{**b, "notes": [Note(**n) for n in b.get("notes", [])]}) for b in d.get("blocks", [])]
        agenda = [AgendaItem(**a) for a in d.get("agenda_items", [])]
        kwargs = {k: d[k] for k in CONTRACT_FIELDS if k in d and k not in ("blocks", "agenda_items")}
        return cls(
            **kwargs,
            agenda_items=agenda,
            blocks=blocks,
            processing_dates=d.get("processing_dates", []),
            meeting=d.get("meeting"),
            joint=d.get("joint"),
            sponsors=d.get("sponsors"),
            authors=d.get("authors"),
            origin=d.get("origin"),
            source=d.get("source", {}),
        )
