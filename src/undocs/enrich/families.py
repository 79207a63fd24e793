"""Document families from the symbol grammar: a document, its revisions, corrigenda, addenda,
amendments, sections and parts, and what a member's symbol says exists besides it.

A family is rooted at the symbol without its modifiers and sections (`A/C.2/78/L.12` for
`A/C.2/78/L.12/Rev.1/Corr.1`, `A/81/6` for `A/81/6 (Sect. 10)/Part A`). The members are the
documents a library holds under that root, and the ones their symbols imply: a second revision
implies the first and the original, a corrigendum to a revision that revision, `Add.3` the
addenda before it. Each member says how it relates to the root ("corrigendum 1 to revision 1"),
whether the library holds it, and where the UN publishes it (undocs.org).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any, Final

from undocs import symbols

#: Implied siblings are listed up to this number (an Add.120 does not list 119 addenda)
MAX_IMPLIED: Final = 20
_NUMBER: Final = re.compile(r"^\d+$")


@dataclass(frozen=True)
class Member:
    symbol: str
    relation: str  # "document", "revision 1", "corrigendum 1 to revision 1", "section 10, part A", ...
    held: bool
    url: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def root(symbol: str) -> str:
    """The family's root: the symbol without modifiers (Rev., Corr., Add., Part ...) and
    without sections or parts (`(Sect. 10)`, ` A-B`)."""
    parsed = symbols.parse(symbol)
    base = parsed.base
    if parsed.parts:
        base = base[: base.rindex(parsed.parts)].rstrip(" (")
    return symbols.normalize(base)


def relation(member: str) -> str:
    """How a member relates to its root, in words: "document", "revision 2", "addendum 13",
    "corrigendum 1 to revision 1", "section 10, part A", "parts A-B"."""
    parsed = symbols.parse(member)
    words: list[str] = []
    if parsed.parts:
        sect = re.match(r"(Sect|Part)\.?\s*(\S+)", parsed.parts)
        if sect:
            words.append(("section " if sect.group(1) == "Sect" else "part ") + sect.group(2))
        else:
            words.append(f"parts {parsed.parts}" if "-" in parsed.parts else f"part {parsed.parts}")
    chain = [f"{symbols.modifier_name(name)} {value}".strip() for name, value in parsed.modifiers]
    if parsed.parts and chain:
        return ", ".join([words[0], " to ".join(reversed(chain))])
    if chain:
        return " to ".join(reversed(chain))
    return words[0] if words else "document"


def implied(member: str) -> list[str]:
    """The symbols a member's own implies exist: each shorter prefix of its modifiers (the
    revision a corrigendum corrects, the original), and the earlier numbers of its last
    numbered modifier (Rev.1 before Rev.2)."""
    parsed = symbols.parse(member)
    base = parsed.base
    mods = list(parsed.modifiers)
    out: list[str] = []
    for k in range(len(mods)):
        out.append(base + symbols.format_modifiers(tuple(mods[:k])))
    for k, (name, value) in enumerate(mods):
        if _NUMBER.match(value) and name != "Part":
            first = max(1, int(value) - MAX_IMPLIED)
            out.extend(base + symbols.format_modifiers((*mods[:k], (name, str(n)))) for n in range(first, int(value)))
    if parsed.parts and parsed.modifiers:
        out.append(base)  # the section itself, before its parts
    return out


def family(symbol: str, held: Iterable[str]) -> list[Member]:
    """The family of `symbol`: the root, every held member, every member they imply; in
    symbol order (numbers in numeric order)."""
    top = root(symbol)
    have = {symbols.normalize(s) for s in held}
    known: set[str] = {top, symbols.normalize(symbol)} | have
    for s in list(have):
        known.update(symbols.normalize(x) for x in implied(s))
    known.discard("")
    return sorted(
        (Member(s, relation(s), s in have, symbols.parse(s).url()) for s in known if _under(s, top)),
        key=lambda m: _order(m.symbol),
    )


def _under(symbol: str, top: str) -> bool:
    try:
        return root(symbol) == top
    except symbols.SymbolError:
        return False


def _order(symbol: str) -> tuple[Any, ...]:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", symbol))
