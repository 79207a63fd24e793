"""The States a document links to, and how: what the store keeps per version so that a State's
page lists its letters, sponsorships, votes and mentions without reading every record again.

Roles: `author` (a letter's sender, `Record.authors`), `sponsor` (a draft's sponsor line,
`Record.sponsors`), `in_favour` / `against` / `abstaining` (a recorded vote of a meeting record;
`ref` says which: its index and what was voted on), and `mentioned` (the State named in the
title or text, `count` times).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from undocs.enrich.states import find_states
from undocs.enrich.votes import LISTS, votes
from undocs.record import Record

__all__ = ["StateLink", "state_links"]


@dataclass(frozen=True)
class StateLink:
    code: str
    role: str  # author, sponsor, in_favour, against, abstaining, mentioned
    ref: str = ""  # a vote: "3: Draft resolution A/61/L.67"
    count: int = 1


def state_links(record: Record) -> list[StateLink]:
    """Every link of the record to a State, each (code, role, ref) once."""
    out: list[StateLink] = []
    for code in (record.authors or {}).get("states", []):
        out.append(StateLink(code, "author"))
    for code in dict.fromkeys((record.sponsors or {}).get("states", [])):
        out.append(StateLink(code, "sponsor"))
    if record.doc_type == "meeting_record":
        for n, vote in enumerate(votes(record)):
            ref = f"{n}: {vote.subject or ''}".strip()
            for role in LISTS:
                for code in dict.fromkeys(getattr(vote, role)):
                    out.append(StateLink(code, role, ref))
    text = "\n".join([record.title or ""] + [b.text for b in record.blocks])
    counts = Counter(code for code, _, _ in find_states(text, record.language or "en"))
    out += [StateLink(code, "mentioned", "", n) for code, n in sorted(counts.items())]
    return out
