"""The title block: what stands between the masthead and the body.

Its lines are read in groups (a group ends at a gap, a change of type size or a hard
break), and each group is one of: an origin line ("[on the report of …]"), a heading
that names the kind of text ("Resolution adopted by the General Assembly on …",
"Report of the Secretary-General", "Summary"), a number heading ("Resolution 242
(1967)", "78/8. Title"), a sponsor line ("Iraq: draft resolution"), the title itself,
or the start of the body.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

from undocs.clean import mend
from undocs.extract.lines import MARK, Line
from undocs.lang import Lang

BIDI: Final = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
MARKS: Final = re.compile(re.escape(MARK) + r"[^" + re.escape(MARK) + r"]*" + re.escape(MARK))
# "78/8. Title", "ES-11/1 Title", Arabic "دإط-10/22 . Title" (the series prefix in the language's letters)
RES_NUMBER: Final = re.compile(
    r"^(?P<number>(?:(?P<pre>(?:ES|S)|[^\W\d_]{1,4})-)?\d+/\d+(?:\s*[A-Z](?:-[A-Z])?)?)(?:\s*[.\-–])?\s+(?P<title>\S.*)$"
)
ORIGIN: Final = re.compile(r"^\[.*\]$")
_TRAILING_ORIGIN: Final = re.compile(r"\s(\[[^\[\]]+\])$")
NUMBERED_START: Final = re.compile(r"^(?:\d{1,3}|[IVX]{1,5}|[A-H])[.)\-–]\s*\S")
_SPACES: Final = re.compile(r"\s+")
_STARS_END: Final = re.compile(r"\s*\*+$")
_DASHES_START: Final = re.compile(r"^[\s.\-–]+(?=\S)")


def strip_marks(text: str) -> str:
    return MARKS.sub("", text) if MARK in text else text


def clean_title(text: str) -> str:
    """One clean line: no footnote markers, bidi controls, trailing asterisks or full stop."""
    text = strip_marks(BIDI.sub("", text))
    text = mend(_SPACES.sub(" ", text))
    text = _STARS_END.sub("", text)
    text = _DASHES_START.sub("", text)
    return text.rstrip(" .").strip() if not text.endswith("...") else text


_TATWEEL: Final = "\u0640"


def breaks(lines: list[Line], i: int, lang: Lang | None = None) -> bool:
    """Whether line `i` starts a new group of the title block: after a gap, in another type
    size, or a line that only names the document's kind ("Round tables" under a title)."""
    line, prev = lines[i], lines[i - 1] if i else None
    if prev is None or line.hard_break or line.gap >= 0.45 or line.new_page:
        return True
    if prev.size and line.size and abs(prev.size - line.size) > 1.5:
        return True
    if lang is None:
        return False
    if len(line.text) < 60 and _kind_line(line.text, lang) is not None:
        return True
    # a "Summary" heading stands apart from the summary under it
    return any(len(x.text) < 30 and lang.first("masthead.summary", x.text.replace(_TATWEEL, "")) for x in (line, prev))


@dataclass
class TitleBlock:
    """What the title block says."""

    title: str | None = None
    doc_type: str | None = None
    res_number: str | None = None  # "78/8", "ES-11/1", "242 (1967)"
    organ: str | None = None  # named by a resolution heading
    texts: list[str] = field(default_factory=list)  # the groups read, for references
    sponsors: str | None = None  # a draft's sponsor line, as printed ("Barbados, Burkina Faso and Ghana")
    origin: str | None = None  # a resolution's "[on the report of the Second Committee (A/78/462/Add.1)]"


def read_title(
    groups: list[str],
    lang: Lang,
    *,
    final: bool,
    skip: Callable[[str], bool] | None = None,
    under_item: bool = False,
) -> tuple[TitleBlock, int | None]:
    """Interpret the groups read so far: the block and the index of the group where the
    body starts (None while the block may go on). `skip`: groups that belong to the
    masthead although they stand here (a session's place and dates). `under_item`: the
    masthead printed an agenda item, whose own heading may stand above the title."""
    block = TitleBlock()
    done = False  # the title is read
    want_title = False  # a sponsor line was read: the next group is the draft's title
    kind_only: str | None = None  # "Report", "Information note": the title if nothing else is
    preferred = [
        n
        for n, text in enumerate(groups)
        if any(
            lg.compile(p).match(text) for lg in lang.chain for p in lg.section("masthead").get("title_preferred", [])
        )
    ]
    second = under_item and not preferred  # a second heading may still be the title, the first being the item's
    if preferred and preferred[0] + 1 < len(groups) and _bare_number_heading(groups[preferred[0]]):
        # "Section 11" on a line of its own, its name on the next: one title
        n = preferred[0]
        joined = [*groups[:n], f"{groups[n]} {groups[n + 1]}", *groups[n + 2 :]]
        block, at = read_title(joined, lang, final=final, skip=skip, under_item=under_item)
        return block, at if at is None or at <= n else at + 1
    for n, text in enumerate(groups):
        if preferred and n < preferred[0] and not lang.first("masthead.sponsor", text):
            block.texts.append(text)  # headings above the section's own title
            block.doc_type = block.doc_type or _type_of(text, lang)
            continue
        if ORIGIN.match(text.strip()) or lang.first("masthead.origin", text):
            block.texts.append(text)
            block.origin = block.origin or text.strip()
            continue
        tail = _TRAILING_ORIGIN.search(text)
        if tail and lang.first("masthead.origin", tail.group(1)):
            # the origin on the line under a heading that the layout ran into it ("78 (1949).
            # Resolution of 18 October 1949 [S/1410]"): kept apart
            block.origin = block.origin or tail.group(1)
            block.texts.append(tail.group(1))  # (its symbols are cited)
            text = text[: tail.start()].rstrip()
        if _heading(text, lang, block, done):
            block.texts.append(text)
            done = done or (block.title is not None and block.doc_type == "resolution" and block.res_number is not None)
            continue
        m = lang.first("masthead.sponsor", text)
        if m and not done:
            block.doc_type = _type_of(m.group("kind"), lang) or "draft_resolution"
            block.sponsors = (m.groupdict().get("sponsors") or "").strip(" :*") or None
            block.texts.append(text)
            want_title = True
            second = False
            continue
        if skip is not None and skip(text):
            continue
        kind = _kind_line(text, lang)
        if kind is not None and not want_title:
            block.doc_type = block.doc_type or kind
            block.texts.append(text)
            second = second and not done  # a kind line under the title closes it
            if kind_only is None and _bare_kind(text, lang):
                kind_only = clean_title(text)
            continue
        if lang.first("masthead.summary", text) or _body_like(text, lang) or _body_heading(text, lang):
            return _settle(block, kind_only), n
        if not done and (want_title or block.title is None):
            if kind_only and not block.title and _joins(kind_only, text, lang):
                text = f"{kind_only} {text}"  # "Report" / "of the eleventh session of ..."
                kind_only = None
            block.title = clean_title(text)
            block.doc_type = block.doc_type or _type_of(text, lang)
            block.texts.append(text)
            want_title = False
            done = True
            continue
        if second and block.doc_type is None and _heading_like(text):
            block.title = clean_title(text)  # the first heading was the agenda item's
            block.texts.append(text)
            second = False
            continue
        return _settle(block, kind_only), n
    return _settle(block, kind_only), len(groups) if final else None


def _bare_number_heading(text: str) -> bool:
    """A heading that is a word and a number only ("Section 11")."""
    words = text.split()
    return len(words) == 2 and words[1].isdigit()


def _heading_like(text: str) -> bool:
    """A short line of words, no sentence: a heading (not a table row, not prose)."""
    plain = text.strip()
    digits = sum(c.isdigit() for c in plain)
    return (
        len(plain) < 250
        and "\t" not in plain
        and not plain.endswith((".", ":", ";"))
        and digits < 0.2 * max(1, len(plain))
        and "$" not in plain
    )


def _joins(kind: str, text: str, lang: Lang) -> bool:
    """Whether a bare kind word printed above the title begins it (the language file says
    how a title that goes on from it starts)."""
    return any(lang.compile(p).match(text) for p in lang.section("masthead").get("kind_joins_title", []))


def _body_heading(text: str, lang: Lang) -> bool:
    """An annex heading or a table of contents: the body has begun."""
    return bool(lang.first("masthead.annex", text) or lang.first("masthead.contents", text))


def _heading(text: str, lang: Lang, block: TitleBlock, done: bool) -> bool:
    """Headings that say what kind of text follows, and a resolution's number."""
    m = lang.first("masthead.resolution_heading", text)
    if m:
        block.doc_type = "resolution"
        block.organ = block.organ or (m.groupdict().get("organ") or None)
        return True
    if lang.first("masthead.decision_heading", text):
        block.doc_type = "decision"
        return True
    m = lang.first("masthead.number_heading", text)
    if m:  # "Resolution 242 (1967)": a Security Council resolution's only title
        block.res_number = _SPACES.sub(" ", m.group("number"))
        block.doc_type = "resolution"
        block.title = block.title or clean_title(m.groupdict().get("title") or m.group(0))
        return True
    m = RES_NUMBER.match(BIDI.sub("", text))
    if m and not done and block.doc_type in ("resolution", "decision", None):
        block.res_number = _SPACES.sub(" ", m.group("number"))
        if m.group("pre") and m.group("pre") not in ("ES", "S"):
            block.res_number = None  # a prefix in another script: the symbol says it better
        block.doc_type = block.doc_type or "resolution"
        block.title = clean_title(m.group("title")) or None
        return True
    return False


def _body_like(text: str, lang: Lang) -> bool:
    """A group that is the body's first paragraph or heading, not a title: numbered
    ("1. Background", "I. Introduction"), or a sentence of some length."""
    if NUMBERED_START.match(text):
        return True
    plain = clean_title(text)
    return len(plain) > 300 or (text.rstrip().endswith(".") and len(plain) > 150)


def _settle(block: TitleBlock, kind_only: str | None) -> TitleBlock:
    if block.title is None and kind_only:
        block.title = kind_only
    return block


def _kind_line(text: str, lang: Lang) -> str | None:
    """The document type a heading names when it only names the kind of document
    ("Report of the Secretary-General", "Note by the secretariat", "Report")."""
    for lg in lang.chain:
        for doc_type, pats in lg.section("kind_lines").items():
            for p in pats:
                if lg.compile(p).fullmatch(clean_title(text)):
                    return doc_type
    return None


def _bare_kind(text: str, lang: Lang) -> bool:
    """A kind line that is only the kind's name ("Report", "Information note", "تقرير")."""
    return any(
        lg.compile(p).fullmatch(clean_title(text))
        for lg in lang.chain
        for p in lg.section("masthead").get("bare_kinds", [])
    )


def _type_of(text: str, lang: Lang) -> str | None:
    for lg in lang.chain:
        for doc_type, pats in lg.section("doc_types").items():
            for p in pats:
                if lg.compile(p).search(text):
                    return doc_type
    return None
