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
_LISTED: Final = re.compile(r"(?:^|\s)\(([a-z])\)\s+(?=[A-Z])")
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
    sub_title: AgendaItem | None = None  # a sub-item whose title may go on in the next heading
    whole = False  # the agenda line being read takes its items up as wholes, sub-items listed
    # each block's agenda line, read once: the loop and the look ahead for listed sub-items ask
    headings = [
        None
        if block.kind in ("footnote", "signature", "annex_heading", "subparagraph")
        else _agenda_heading(block.text, lang)
        for block in blocks
    ]
    listing = _listing_sub_items(blocks, headings, lang)
    for index, block in enumerate(blocks):
        check_time()
        if block.kind in ("footnote", "signature", "annex_heading"):
            out.append(block)
            continue
        text = block.text
        if block.kind == "subparagraph" and block.number and block.number.isalpha():
            text = f"({block.number}) {text}"  # a sub-item's letter, split off by the body reader
        if sub_title is not None:
            if (
                block.kind in ("heading", "paragraph")
                and len(text) < 200
                and not text.rstrip().endswith((".", ";", ":"))
                and not _DOCUMENT_AFTER.search(text)
                and not _names_document(text, lang)
                and speaker_of(text, lang) is None
            ):
                sub_title.title = f"{sub_title.title} {text.strip()}"  # its title's next line
                out.append(block)
                continue
            sub_title = None
        heading = headings[index]
        if heading is not None:
            numbers, title = heading
            current = None
            pending_item, whole, sub_title = [], index in listing, None
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
        if pending_item and _under_agenda_line(block, text, lang):
            if not (whole and _SUB_ITEM.match(text)):
                sub_title = _title_item(pending_item, text, agenda)
            if block.kind == "paragraph":
                block.kind = "heading"  # a title, set long
            out.append(block)
            continue
        pending_item = []
        if block.kind in ("heading", "subparagraph") and len(text) < 300 and not text.rstrip().endswith((".", ";")):
            sub_title = _next_sub_item(text, agenda)  # "(b) ...": the next sub-item of the item taken up
            if sub_title is not None:
                current = None
                out.append(block)
                continue
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


def _under_agenda_line(block: Block, text: str, lang: Lang) -> bool:
    """Whether a block right under an agenda line is the item's title (or a sub-item's): a
    heading, a sub-item, or a title long enough to be set as a paragraph (five lines of
    "Follow-up to the outcome of the twenty-sixth special session: ..."), which ends
    without a full stop, unlike anything said."""
    if speaker_of(text, lang) is not None:
        return False
    if block.kind in ("heading", "subparagraph"):
        return True
    return (
        block.kind == "paragraph"
        and len(text) < 400
        and not text.rstrip().endswith((".", ";", ":"))
        and not _procedure(text, lang)
    )


def _names_document(text: str, lang: Lang) -> bool:
    """A heading that names the document an item is taken up on ("Report of the Third
    Committee", "Note by the Secretary-General", "Draft resolution"): the language's kinds."""
    return any(
        rx.search(text)
        for lg in lang.chain
        for kind in lg.data.get("doc_types", {})
        for rx in lg.pats(f"doc_types.{kind}")
    )


def _listing_sub_items(
    blocks: list[Block], headings: list[tuple[list[str], str | None] | None], lang: Lang
) -> set[int]:
    """The agenda lines under which two sub-items or more are printed before the item's
    document or the first speech: they take the item up as a whole, its sub-items listed
    ("Agenda item 27 / Social development / (a) ... / (c) ..."), not sub-item by sub-item."""
    found: set[int] = set()
    for index, heading in enumerate(headings):
        if heading is None:
            continue
        letters: set[str] = set()
        for later, later_heading in zip(blocks[index + 1 : index + 12], headings[index + 1 : index + 12], strict=True):
            text = later.text
            letters.update(_LISTED.findall(text))
            if later.kind == "subparagraph" and later.number and later.number.isalpha():
                letters.add(later.number)  # (with its document after it, in older records)
                continue
            if _DOCUMENT_AFTER.search(text) or speaker_of(text, lang) is not None or _procedure(text, lang):
                break
            if later_heading is not None:
                break
        if len(letters) > 1:
            found.add(index)
    return found


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


def _title_item(pending: list[AgendaItem], text: str, agenda: list[AgendaItem]) -> AgendaItem | None:
    """A heading under an agenda line: the item's title, or a sub-item "(b) ..." whose
    title is the item's and its own ("Sustainable development: Convention on ..."), or its
    own alone where the item's is not printed; the sub-item is returned (its title can go on
    in the next heading)."""
    text = _DOCUMENT_AFTER.sub("", text)
    sub = _SUB_ITEM.match(text)
    if sub and pending:
        parent = pending[0]
        number = f"{parent.number.split(' ')[0]} ({sub.group(1)})"
        if any(a.number == number for a in agenda):
            return None
        if agenda and agenda[-1] is parent:
            agenda.pop()  # taken up by its sub-items, not as a whole
        own = text[sub.end() :].strip()
        item = AgendaItem(number=number, title=f"{parent.title}: {own}" if parent.title else own)
        agenda.append(item)
        return item
    for a in pending:
        if a.title is None:
            a.title = text.strip()
            return None
    return None


def _next_sub_item(text: str, agenda: list[AgendaItem]) -> AgendaItem | None:
    """A heading "(b) ..." between speeches, where an item is taken up sub-item by sub-item
    ("(a) Implementation of human rights instruments" after the item 68 as a whole): the
    next letter of the last item taken up, titled as under an agenda line."""
    sub = _SUB_ITEM.match(_DOCUMENT_AFTER.sub("", text))
    if sub is None or not agenda:
        return None
    last = agenda[-1]
    base, _, part = last.number.partition(" ")
    expected = "a" if not part else chr(ord(part.strip("()")[-1:] or "`") + 1)
    if sub.group(1) != expected:
        return None
    parent = next((a for a in reversed(agenda) if a.number == base), None)
    if parent is None or not parent.title:
        return None
    own = _DOCUMENT_AFTER.sub("", text)[sub.end() :].strip()
    item = AgendaItem(number=f"{base} ({sub.group(1)})", title=f"{parent.title}: {own}")
    agenda.append(item)
    return item


def _procedure(text: str, lang: Lang) -> bool:
    return any(rx.match(text) for lg in lang.chain for rx in lg.pats("body.procedure"))
