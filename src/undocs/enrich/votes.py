"""Recorded votes in meeting records: one row per State per vote.

A verbatim record prints a recorded vote as a run of its own text: "A recorded vote was taken.",
then "In favour:", "Against:" and "Abstaining:" each followed by a list of States (over as
many lines, columns and pages as it needs, a name broken across two lines), then the result:
"Draft resolution A/61/L.67 was adopted by 143 votes to 4, with 11 abstentions (resolution
61/295)." The words are the language file's (`[votes]`); the States' names are resolved to
ISO 3166-1 alpha-3 codes (enrich/states.py). The totals printed are checked against the lists:
`agrees` says whether they match, and names that could not be resolved are kept as printed.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Final

from undocs import lang as langs
from undocs import symbols
from undocs.enrich.states import code_of, find_states
from undocs.lang import Lang, fold
from undocs.record import Block, Record

__all__ = ["Vote", "votes", "outcome_symbol"]

LISTS: Final = ("in_favour", "against", "abstaining")
#: a recorded vote's text runs over at most this many blocks (the lists of 193 States, a page break)
_MAX_BLOCKS: Final = 120
#: a result cut by a line or page break ("... by 123 votes to 1," / "with 55 abstentions ...")
_CUT: Final = re.compile(r"\d+\s*,?$")
_SEPARATORS: Final = re.compile(r"[,،、;]")


@dataclass
class Vote:
    """One recorded vote: what was voted on, its result, the totals printed and the lists."""

    subject: str | None  # "Draft resolution A/61/L.67", "The eighth preambular paragraph"
    result: str | None  # adopted, rejected, retained
    totals: dict[str, int] | None  # as printed in the result line
    in_favour: list[str] = field(default_factory=list)  # alpha-3 codes, in printed order
    against: list[str] = field(default_factory=list)
    abstaining: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)  # names printed that no State's name matches
    resolution: str | None = None  # "(resolution 61/295)" -> "A/RES/61/295"
    block: int = 0  # index of the block that opens the vote
    result_block: int | None = None  # index of the block that gives its result
    page: int | None = None

    @property
    def agrees(self) -> bool:
        """The lists hold as many States as the totals say, every name resolved."""
        if self.totals is None or self.unresolved:
            return False
        return all(len(getattr(self, key)) == self.totals.get(key, 0) for key in LISTS)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["agrees"] = self.agrees
        return out


def votes(record: Record) -> list[Vote]:
    """The recorded votes of a meeting record, in the order it prints them."""
    lang = langs.load(record.language) if record.language in langs.available() else langs.load("en")
    blocks = record.blocks
    found: list[Vote] = []
    i = 0
    while i < len(blocks):
        if lang.first("votes.taken", blocks[i].text):
            vote, i = _read_vote(blocks, i, lang, record.organ)
            found.append(vote)
        else:
            i += 1
    return found


def _read_vote(blocks: list[Block], start: int, lang: Lang, organ: str | None) -> tuple[Vote, int]:
    """The vote opened at `start`, and the index of the first block after it."""
    vote = Vote(subject=None, result=None, totals=None, block=start, page=blocks[start].page)
    texts: dict[str, list[str]] = {key: [] for key in LISTS}
    current: str | None = None
    i = start + 1
    end = min(len(blocks), start + _MAX_BLOCKS)
    while i < end:
        text = blocks[i].text.strip()
        if lang.first("votes.taken", text):
            break  # another vote: this one printed no result
        label = _label(text, lang)
        if label is not None:
            current, m = label
            texts[current].append(text[m.end() :])
            i += 1
            continue
        result = _result(text, blocks[i + 1].text if i + 1 < len(blocks) else "", lang)
        if result is not None:
            _apply(vote, result, lang, organ)
            vote.result_block = i
            i += 1
            break
        if current is None or blocks[i].kind == "speech":
            break  # the vote's own text has ended without a result
        texts[current].append(text)
        i += 1
    for key in LISTS:
        codes, unknown = _states(" ".join(texts[key]), lang)
        setattr(vote, key, codes)
        vote.unresolved += unknown
    return vote, i


def _label(text: str, lang: Lang) -> tuple[str, re.Match[str]] | None:
    for key in LISTS:
        m = lang.first(f"votes.{key}", text)
        if m:
            return key, m
    return None


def _result(text: str, after: str, lang: Lang) -> re.Match[str] | None:
    m = lang.first("votes.result", text)
    if m and _CUT.search(text) and after:
        m = lang.first("votes.result", f"{text} {after.strip()}") or m
    return m


def _apply(vote: Vote, m: re.Match[str], lang: Lang, organ: str | None) -> None:
    groups = m.groupdict()
    vote.subject = (groups.get("subject") or "").strip(" ,") or None
    word = fold(groups.get("result") or "")
    table = lang.section("votes").get("results", {})
    vote.result = next((kind for kind, words in table.items() if any(word.startswith(fold(w)) for w in words)), None)
    vote.totals = {key: int(groups[key]) for key in LISTS if groups.get(key)}
    vote.totals.setdefault("abstaining", 0)
    vote.resolution = outcome_symbol(groups.get("outcome"), lang, organ)


#: the number of a resolution or decision in "(resolution 61/295)", "(резолюция 2231 (2015))"
_OUTCOME_NUMBER: Final = re.compile(r"\d+/\d+(?:\s*[A-Z](?:-[A-Z])?\b)?|\d+\s*\(\d{4}\)")


def outcome_symbol(printed: str | None, lang: Lang, organ: str | None) -> str | None:
    """What a result line says a draft became, as a symbol: "resolution 64/299" -> A/RES/64/299,
    "decision 76/575" -> A/DEC/76/575 (the words are the language file's `[votes] outcomes`;
    the series is the organ's, the General Assembly's by default)."""
    if not printed:
        return None
    number = _OUTCOME_NUMBER.search(printed)
    if number is None:
        return None
    words = fold(printed[: number.start()])
    kinds = lang.section("votes").get("outcomes", {})
    kind = next((k for k, names in kinds.items() if any(fold(n) in words for n in names)), "RES")
    try:
        return symbols.normalize(f"{symbols.series_of(organ) or 'A'}/{kind}/{number.group(0)}")
    except symbols.SymbolError:
        return None


def _states(text: str, lang: Lang) -> tuple[list[str], list[str]]:
    """A printed list of States -> their codes, and the names no State's name matches. Names
    broken over two lines come joined; a line-end hyphen leaves "Guinea- Bissau"."""
    codes: list[str] = []
    unknown: list[str] = []
    nobody = {fold(w) for w in lang.section("votes").get("none", [])}  # "Against: None"
    for name in _SEPARATORS.split(text):
        name = name.strip().rstrip(".").strip()
        if not name or fold(name) in nobody:
            continue
        code = code_of(name, lang.code)
        if code is not None:
            codes.append(code)
            continue
        run = _run_of_names(name, lang.code)
        if run:
            codes += run  # a comma left out between two names ("Zambia Zimbabwe")
        else:
            unknown.append(name)
    return codes, unknown


def _run_of_names(text: str, language: str) -> list[str]:
    """The States of a text that is nothing but their names, one after another."""
    found = find_states(text, language)
    covered = sum(end - start for _, start, end in found) + len(found) - 1  # the names and a space between each two
    return [code for code, _, _ in found] if len(found) > 1 and covered >= len(fold(text)) else []
