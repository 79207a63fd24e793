"""Provenance: what a meeting adopted and what it became, read from what documents print.

A verbatim record says what the meeting did with each draft: "Draft resolution A/64/L.72 was
adopted (resolution 64/299).", "Draft resolution III, as amended, was adopted by 122 votes to 1,
with 62 abstentions (resolution 65/208)." Where the line names the draft only as "the draft
resolution", the draft is the one the President announced before it ("... take a decision on
draft resolution A/64/L.71"); a numbered draft ("Draft resolution I") is the one of the committee
report taken up ("report of the Third Committee (A/65/435)"). A resolution prints where it came
from above its text: "[without reference to a Main Committee (A/80/L.6)]" (`Record.origin`).
Each link keeps where it was read: the meeting record and the block.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any, Final

from undocs import lang as langs
from undocs import symbols
from undocs.enrich.votes import Vote, outcome_symbol, votes
from undocs.lang import Lang
from undocs.record import Record

__all__ = ["Adoption", "History", "adoptions", "history"]

#: the kinds of document whose text says what became of another: meeting records (adoption
#: lines) and what is adopted (origin lines)
_TELLING: Final = frozenset({"meeting_record", "resolution", "decision"})
#: how far back (blocks) the announcement of a draft is looked for (a vote's lists take many)
_LOOK_BACK: Final = 400


@dataclass
class Adoption:
    """One draft acted on at a meeting."""

    meeting: str | None  # the meeting record's symbol
    block: int  # index of the block that says it
    subject: str  # "Draft resolution III, as amended"
    kind: str  # resolution, decision
    result: str  # adopted, rejected
    draft: str | None  # "A/64/L.72"; a numbered draft: None, with `report` and `number`
    report: str | None = None  # the committee report whose draft it is
    number: str | None = None  # "III"
    outcome: str | None = None  # "A/RES/65/208", "A/DEC/76/575"
    vote: int | None = None  # index into votes(record) when it was a recorded vote

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def adoptions(record: Record, recorded_votes: list[Vote] | None = None) -> list[Adoption]:
    """The drafts a meeting record says were adopted or rejected, in order."""
    if record.language not in langs.available():
        return []
    lang = langs.load(record.language)
    adopted = lang.pats("provenance.adopted")
    if not adopted:
        return []
    named = lang.pats("provenance.draft_named")
    reports = lang.pats("provenance.report")
    found = votes(record) if recorded_votes is None else recorded_votes  # (a caller that has them)
    recorded = {v.result_block: n for n, v in enumerate(found) if v.result_block is not None}
    out: list[Adoption] = []
    for k, block in enumerate(record.blocks):
        if block.kind != "procedure":
            continue
        text = block.text
        if text.rstrip().endswith(",") and k + 1 < len(record.blocks):
            text = f"{text} {record.blocks[k + 1].text}"  # a result cut by a line or page break
        m = next((rx.search(text) for rx in adopted if rx.search(text)), None)
        if m is None:
            continue
        draft = m.group("draft")
        number = None
        report = None
        if draft and re.fullmatch(r"[IVXLC]+|[A-Z]", draft):
            number, draft = draft, None
            report = _last(record, k, lang, reports, "report")
        elif not draft:
            draft = _last(record, k, lang, named, "draft", kind=m.group("kind").lower())
            report = None if draft else _last(record, k, lang, reports, "report")
        outcome = outcome_symbol(m.group("outcome"), lang, record.organ)
        out.append(
            Adoption(
                meeting=record.symbol,
                block=k,
                subject=m.group("subject").strip(),
                kind=m.group("kind").lower(),
                result=m.group("result").lower(),
                draft=_canonical(draft),
                report=_canonical(report),
                number=number,
                outcome=outcome,
                vote=recorded.get(k),
            )
        )
    return out


def _last(
    record: Record, k: int, lang: Lang, patterns: list[re.Pattern[str]], group: str, kind: str | None = None
) -> str | None:
    """The last symbol `patterns` find in the blocks before block `k` (of a draft of `kind`),
    back to the heading of the agenda item taken up."""
    for block in reversed(record.blocks[max(0, k - _LOOK_BACK) : k]):
        if block.kind == "heading" and lang.first("masthead.agenda", block.text):
            return None
        for rx in patterns:
            found = [
                m
                for m in rx.finditer(block.text)
                if kind is None or (m.groupdict().get("kind") or kind).lower() == kind
            ]
            if found:
                return found[-1].group(group)
    return None


def _canonical(symbol: str | None) -> str | None:
    if not symbol:
        return None
    try:
        return symbols.normalize(symbol.rstrip(".,;"))
    except symbols.SymbolError:
        return None


@dataclass
class History:
    """A document's history as the library's documents tell it."""

    symbol: str
    origin: dict[str, Any] | None  # a resolution's printed origin line and the documents it names
    adopted: list[Adoption]  # the meetings' adoption lines that name it (as draft, report or outcome)
    became: list[str]  # resolutions and decisions it became (a draft), from those lines and origins
    came_from: list[str]  # the drafts (or reports) it came from (a resolution)


def history(store: Any, symbol: str) -> History | None:
    """What the library knows of where `symbol` came from and what it became: the meeting
    records that cite it and say what was done with it, and resolutions whose origin line
    names it. `store`: a `undocs.store.Store`. None for a document the library does not hold."""
    doc = store.document(symbol)
    if doc is None:
        return None
    own = store.version(doc.symbol, doc.reading_language)
    origin = own.origin if own is not None else None
    adopted: list[Adoption] = []
    became: list[str] = []
    came_from: list[str] = list(origin["documents"]) if origin else []
    for citing in store.references_in(doc.symbol):
        other = store.document(citing)
        if other is None or other.doc_type not in _TELLING:
            continue  # a report or letter citing it says nothing of what it became: not read
        record = store.version(other.symbol, other.reading_language)  # adoption lines: English where held
        if record is None:
            continue
        if record.doc_type == "meeting_record":
            for a in adoptions(record):
                if doc.symbol in (a.draft, a.outcome, a.report):
                    adopted.append(a)
                    if a.outcome and a.outcome != doc.symbol:
                        became.append(a.outcome)
                    if a.outcome == doc.symbol:
                        came_from.extend(s for s in (a.draft, a.report) if s)
        elif record.origin and doc.symbol in record.origin["documents"] and record.symbol:
            became.append(record.symbol)
    return History(
        symbol=doc.symbol,
        origin=origin,
        adopted=adopted,
        became=list(dict.fromkeys(became)),
        came_from=list(dict.fromkeys(came_from)),
    )
