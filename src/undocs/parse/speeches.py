"""Stage (meeting records only): the body as speaker turns, with the procedure between them.

A verbatim or summary record is a sequence of turns: a speaker label ("Mr. Kimani
(Kenya):", "The President:", "Mr. Hilale (spoke in French) (Morocco):") opens one, and
the paragraphs after it are the same speaker's until the next label, a line of procedure
("The meeting was called to order at 3.15 p.m.", "Draft resolution A/76/L.86 was
adopted", "In favour:") or an agenda heading ("Agenda item 66 (continued)" and the
item's title). The agenda items taken up become the record's, in the order taken up.
Every printed form comes from the language files' `[body]` section.
"""

from __future__ import annotations

import re
from typing import Final

from undocs.lang import Lang, fold
from undocs.limits import check_time
from undocs.parse.values import agenda_numbers, language_codes
from undocs.record import AgendaItem, Block

# "Mr. Kimani (Kenya): ...", and the misprinted "Mr. Briz Gutiérrez: (Guatemala) (spoke in Spanish): ..."
_LABEL: Final = re.compile(r"^(?P<label>[^:：]{2,220}?\s*(?:[:：]\s*(?=\()(?:\([^()]{1,120}\)\s*)+)?)[:：]\s*")
_PARENS: Final = re.compile(r"\(([^()]{1,120})\)")
_SUB_ITEM: Final = re.compile(r"^\(([a-z]{1,2})\)\s+(?=\S)")
# the document an item is taken up on, printed after its title: "Report of ... (A/60/1)"
_DOCUMENT_AFTER: Final = re.compile(r"\s*\((?:[A-Z]{1,6}/[^()]*|[^()]*\b[A-Z]/\d+/[^()]*)\)\s*$")


def speaker_of(text: str, lang: Lang) -> tuple[dict[str, str | None], int] | None:
    """The speaker a paragraph opens with, and where the speech starts: {speaker,
    affiliation, language}, or None when the paragraph opens with no speaker label."""
    m = _LABEL.match(text)
    if m is None:
        return None
    label = m.group("label").strip()
    folded = fold(label)
    titles = [fold(t) for t in lang.values("body", "speaker_titles")]
    honorifics = [fold(h) for h in lang.values("body", "honorifics")]
    if not any(folded.startswith(t) for t in titles) and not any(
        folded.startswith(h + " ") or folded.startswith(h.rstrip(".") + " ") for h in honorifics
    ):
        return None
    name = label
    affiliation: str | None = None
    spoken: str | None = None
    for inner in _PARENS.findall(label):
        code = _spoke_in(inner, lang)
        if code:
            spoken = code
        elif affiliation is None:
            affiliation = inner.strip()
    name = _PARENS.sub("", label).split(",")[0].strip(" :")
    if len(name) > 80:
        return None
    return {"speaker": name, "affiliation": affiliation, "language": spoken}, m.end()


def _spoke_in(text: str, lang: Lang) -> str | None:
    for lg in lang.chain:
        for rx in lg.pats("body.spoke_in"):
            m = rx.match(text.strip())
            if m:
                codes = language_codes(m.group("lang"), lang, [])
                return codes[0] if codes else None
    return None


def turns(blocks: list[Block], lang: Lang) -> tuple[list[Block], list[AgendaItem]]:
    """The blocks with speeches marked (kind "speech", a turn number, the speaker on
    each of its paragraphs) and procedure marked (kind "procedure"); and the agenda items
    taken up, in order, each once."""
    out: list[Block] = []
    agenda: list[AgendaItem] = []
    turn = 0
    current: dict[str, str | None] | None = None
    pending_item: list[AgendaItem] = []  # items whose title is the next heading
    for block in blocks:
        check_time()
        if block.kind in ("footnote", "signature", "annex_heading"):
            out.append(block)
            continue
        text = block.text
        heading = _agenda_heading(text, lang)
        if heading is not None:
            numbers, title = heading
            current = None
            pending_item = []
            for number in numbers:
                found = next((a for a in agenda if a.number == number), None)
                if found is None:
                    found = AgendaItem(number=number, title=title)
                    agenda.append(found)
                pending_item.append(found)
            if title:
                pending_item = []
            out.append(Block(kind="heading", text=text, page=block.page, notes=block.notes, order=block.order))
            continue
        if pending_item and block.kind == "heading" and speaker_of(text, lang) is None:
            _title_item(pending_item, text, agenda)
            out.append(block)
            continue
        pending_item = []
        if _procedure(text, lang):
            current = None
            block.kind = "procedure"
            out.append(block)
            continue
        label = speaker_of(text, lang)
        if label is None and block.kind == "heading":
            current = None  # a heading ends the speech before it ("Draft resolution (A/76/L.86)")
            out.append(block)
            continue
        if label is not None:
            current = label[0]
            turn += 1
            block.kind = "speech"
            block.text = text[label[1] :]
        elif current is not None and block.kind in ("paragraph", "heading"):
            block.kind = "speech"
        if current is None or block.kind != "speech":
            out.append(block)
            continue
        block.turn = turn
        block.speaker = current["speaker"]
        block.affiliation = current["affiliation"]
        block.language = current["language"]
        out.append(block)
    return out, agenda


def _agenda_heading(text: str, lang: Lang) -> tuple[list[str], str | None] | None:
    """ "Agenda item 66 (continued)", "AGENDA ITEM 14 (continued) REPORT OF THE ...":
    the item numbers and a title printed on the same line."""
    m = lang.first("masthead.agenda", text)
    if m is None or len(text) > 400:
        return None
    numbers = next((n for lg in lang.chain if (n := agenda_numbers(m.group("items"), lg))), [])
    if not numbers:
        return None
    title = (m.groupdict().get("title") or "").strip()
    for rx in (rx for lg in lang.chain for rx in lg.pats("body.continued")):
        title = rx.sub("", title).strip()
    return numbers, title or None


def _title_item(pending: list[AgendaItem], text: str, agenda: list[AgendaItem]) -> None:
    """A heading under an agenda line: the item's title, or a sub-item "(b) ..." whose
    title is the item's and its own ("Sustainable development: Convention on ...")."""
    text = _DOCUMENT_AFTER.sub("", text)
    sub = _SUB_ITEM.match(text)
    if sub and pending and pending[0].title:
        parent = pending[0]
        number = f"{parent.number.split(' ')[0]} ({sub.group(1)})"
        if not any(a.number == number for a in agenda):
            if agenda and agenda[-1] is parent:
                agenda.pop()  # taken up by its sub-items, not as a whole
            agenda.append(AgendaItem(number=number, title=f"{parent.title}: {text[sub.end() :].strip()}"))
        return
    for a in pending:
        if a.title is None:
            a.title = text.strip()
            return


def _procedure(text: str, lang: Lang) -> bool:
    return any(rx.match(text) for lg in lang.chain for rx in lg.pats("body.procedure"))
