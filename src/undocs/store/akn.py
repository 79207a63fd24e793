"""Records of resolutions as Akoma Ntoso (AKN4UN), the UN's own markup of its resolutions.

Written as the UN's files are (the dev corpus's `*.xml`): FRBR identification in `meta`; a
`coverPage` printing the masthead (symbol, organ, distribution, date with its ISO value,
original language, session with its number, agenda items with their number and title, the
line saying where the text came from); the `preface` with the resolution's number and title;
the `preamble` (the enacting formula, one `container` per preambular paragraph, its opening
words in italics); the `mainBody` (numbered `paragraph`s, their `point`s); footnotes as
`authorialNote`s where their markers stood; the closing lines in `conclusions`; the job number
as the `docketNumber`. The cover's labels are printed in English, as Russian, Arabic and Chinese
mastheads print some of theirs: the record does not keep the masthead's own wording, only what
it says; undocs' reader takes either. `undocs parse` of an export gives the record again
(tests/test_export.py).
"""

from __future__ import annotations

from datetime import date as Date
from typing import Final
from xml.sax.saxutils import escape, quoteattr

from undocs import lang as langs
from undocs.errors import UndocsError
from undocs.record import Block, Note, Record

NS: Final = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
#: the kinds of document written as AKN4UN `statement`s (what the UN marks up so)
KINDS: Final = frozenset({"resolution", "decision", "draft_resolution", "draft_decision"})
#: the kinds of block the markup below holds (others would not come back the same)
_BLOCKS: Final = frozenset(
    {"heading", "paragraph", "preambular", "operative", "subparagraph", "enacting", "closing", "footnote"}
)
_MONTHS: Final = "January February March April May June July August September October November December".split()
_UNITS: Final = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS: Final = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINAL_WORDS: Final = {
    "one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth", "nine": "ninth",
    "twelve": "twelfth",
}  # fmt: skip


class NotExportable(UndocsError):
    """A record the AKN4UN markup of resolutions cannot hold faithfully."""


def exportable(record: Record) -> str | None:
    """Why a record cannot be written as AKN4UN, or None when it can."""
    if record.doc_type not in KINDS:
        return f"{record.symbol}: a {record.doc_type or 'document of unknown kind'}; AKN4UN is written for resolutions and decisions"
    odd = sorted({b.kind for b in record.blocks} - _BLOCKS)
    if odd or any(b.annex for b in record.blocks):
        return f"{record.symbol}: its text has {', '.join(odd) or 'annexes'}, which this export does not mark up yet"
    return None


def to_akn(record: Record) -> str:
    """The record as an AKN4UN document; NotExportable says why when it cannot be."""
    why = exportable(record)
    if why:
        raise NotExportable(why)
    lang = record.language or "en"
    iso3 = (langs.load(lang).data.get("iso639_2") or ["eng"])[0] if lang in langs.available() else "eng"
    work = "/akn/un/statement/" + (record.symbol or "").replace("/", "-").replace(" ", "")
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<akomaNtoso xmlns="{NS}">',
        f'<statement name="{record.doc_type}">',
        '<meta><identification source="#undocs">',
        f"<FRBRWork><FRBRthis value={quoteattr(work + '/!main')}/><FRBRuri value={quoteattr(work)}/>"
        f'<FRBRdate date="{record.date or "0001-01-01"}" name="issuance"/><FRBRauthor href="#un"/>'
        '<FRBRcountry value="un"/></FRBRWork>',
        f"<FRBRExpression><FRBRthis value={quoteattr(f'{work}/{iso3}@/!main')}/><FRBRuri value={quoteattr(f'{work}/{iso3}@')}/>"
        f'<FRBRdate date="{record.date or "0001-01-01"}" name="issuance"/><FRBRauthor href="#un"/>'
        f'<FRBRlanguage language="{iso3}"/></FRBRExpression>',
        f"<FRBRManifestation><FRBRthis value={quoteattr(f'{work}/{iso3}@/!main.xml')}/>"
        f'<FRBRuri value={quoteattr(f"{work}/{iso3}@.xml")}/><FRBRdate date="{Date.today().isoformat()}" name="markup"/>'
        '<FRBRauthor href="#undocs"/></FRBRManifestation>',
        "</identification></meta>",
        "<coverPage>",
    ]
    out += [f"<p>{line}</p>" for line in _cover(record)]
    out.append("</coverPage>")
    notes = [b for b in record.blocks if b.kind == "footnote"]
    number = (record.symbol or "").rsplit("/", 1)[-1]
    if record.title:
        printed = _resolution_number(record) or number
        # "78/8. Title" as the UN's files print it; a number with its year or session in
        # brackets ("2729 (2024)", "2758 (XXVI)") is no part of the preface's line
        plain = "/" in printed and "(" not in printed
        head = f"<docNumber>{escape(printed)}.</docNumber> " if plain and printed not in record.title else ""
        out.append(
            f'<preface><p>{head}<docTitle refersTo="#resolutionTitle">{escape(record.title)}</docTitle></p></preface>'
        )
    out += _body(record.blocks, notes)
    if record.job_number:
        job = record.job_number + (f" ({record.job_language})" if record.job_language else "")
        job += "".join(" " + d[8:10] + d[5:7] + d[2:4] for d in record.processing_dates)  # "151123"
        out.append(f"<docketNumber>{escape(job)}</docketNumber>")  # where the reader looks for it
    out += ["</statement>", "</akomaNtoso>"]
    return "\n".join(out) + "\n"


def _cover(record: Record) -> list[str]:
    lines = ['<docAuthority refersTo="#publisher">United Nations</docAuthority>']
    lines += [f'<docNumber refersTo="#symbol">{escape(s)}</docNumber>' for s in record.symbols or [record.symbol or ""]]
    if record.organ:
        lines.append(f'<docAuthority refersTo="#issuingBody">{escape(record.organ)}</docAuthority>')
    if record.distribution:
        lines.append(f"<docStatus>Distr.: {escape(record.distribution.capitalize())}</docStatus>")
    if record.date:
        y, m, d = (int(x) for x in record.date.split("-"))
        month = langs.load("en").data["months"][str(m)][0]  # as an English masthead prints it
        lines.append(f'<docDate date="{record.date}">{d} {month} {y}</docDate>')
    if record.original_languages:
        names = ", ".join(_english(c) for c in record.original_languages)
        lines.append(f"Original: {escape(names)}")
    if record.session and record.session.isdigit():
        lines.append(
            f'<session value="{record.session}">{_ordinal(int(record.session)).capitalize()} session</session>'
        )
    for item in record.agenda_items:
        lines.append(
            f'<inline name="agenda item" title={quoteattr(item.number)}>Agenda item {escape(item.number)}</inline>'
        )
        if item.title:
            lines.append(f'<inline name="agenda item name">{escape(item.title)}</inline>')
    if record.origin and record.origin.get("printed"):
        lines.append(f"<docProponent>{escape(record.origin['printed'])}</docProponent>")
    return lines


def _orphans(blocks: list[Block]) -> dict[int, list[Block]]:
    """Footnotes no block marks (a PDF whose marker the reader did not find): by the index of
    the block before them, whose end they are attached to (AKN holds notes only at markers)."""
    marked = {(b.annex, n.marker) for b in blocks for n in b.notes}
    out: dict[int, list[Block]] = {}
    last = None
    for i, b in enumerate(blocks):
        if b.kind != "footnote":
            last = i
        elif (b.annex, b.number) not in marked and last is not None:
            out.setdefault(last, []).append(b)
    return out


def _body(blocks: list[Block], notes: list[Block]) -> list[str]:
    """preamble, mainBody and conclusions, in the order the blocks come."""
    orphans = _orphans(blocks)
    out: list[str] = []
    section = None
    paragraph_open = False
    for i, b in enumerate(blocks):
        if b.kind == "footnote":
            continue
        extra = [Note(marker=n.number or "", offset=len(b.text)) for n in orphans.get(i, [])]
        wanted = (
            "conclusions" if b.kind == "closing" else "preamble" if b.kind in ("enacting", "preambular") else "mainBody"
        )
        if section == "preamble" and wanted == "mainBody" and b.kind == "paragraph":
            wanted = "preamble"  # an unnumbered paragraph among the preambular ones
        if wanted != section:
            if paragraph_open:
                out.append("</paragraph>")
                paragraph_open = False
            if section:
                out.append(f"</{section}>")
            out.append(f"<{wanted}>")
            section = wanted
        text = _inline(b, notes, extra)
        if b.kind == "enacting":
            out.append(f'<formula name="enactingFormula"><p>{text}</p></formula>')
        elif b.kind == "preambular":
            out.append(f"<container><p>{text}</p></container>")
        elif b.kind == "operative":
            if paragraph_open:
                out.append("</paragraph>")
            num = f"<num>{escape(b.number)}.</num>" if b.number else ""
            out.append(f"<paragraph>{num}<content><p>{text}</p></content>")
            paragraph_open = True
        elif b.kind == "subparagraph":
            printed = f"({b.number})" if b.number and b.number.isalnum() else (b.number or "")
            num = f"<num>{escape(printed)}</num>" if printed else ""
            point = f"<point>{num}<content><p>{text}</p></content></point>"
            out.append(point)
        elif b.kind == "heading":
            if paragraph_open:
                out.append("</paragraph>")
                paragraph_open = False
            out.append(f'<hcontainer name="heading"><heading>{text}</heading></hcontainer>')
        elif b.kind == "closing":
            out.append("<p>" + text.replace("\n", "<eol/>") + "</p>")  # its printed lines
        else:
            out.append(f"<p>{text}</p>")
    if paragraph_open:
        out.append("</paragraph>")
    if section:
        out.append(f"</{section}>")
    return out


def _inline(b: Block, notes: list[Block], extra: list[Note]) -> str:
    """A block's text as markup: its opening words in italics, its notes where their markers
    stood (and `extra` notes, whose markers were not found, at its end)."""
    text = b.text
    pieces: list[str] = []
    at = 0
    for note in sorted([*b.notes, *extra], key=lambda n: n.offset):
        body = next((n for n in notes if n.number == note.marker and n.annex == b.annex), None)
        if body is None:
            continue
        pieces.append(_inline_text(text[at : note.offset]))
        pieces.append(
            f'<authorialNote marker={quoteattr(note.marker)} placement="bottom"><p>{_inline_text(body.text)}</p></authorialNote>'
        )
        at = note.offset
    pieces.append(_inline_text(text[at:]))
    marked = "".join(pieces)
    if b.opening:  # its first printing, in italics (most often the text's first words)
        head = _inline_text(b.opening)
        at = marked.find(head)
        if at >= 0:
            marked = marked[:at] + f'<span class="italic">{head}</span>' + marked[at + len(head) :]
    return marked


def _inline_text(text: str) -> str:
    return escape(text)


def _resolution_number(record: Record) -> str | None:
    """ "78/8" for A/RES/78/8, "2729 (2024)" for S/RES/2729 (2024): as the preface prints it."""
    symbol = record.symbol or ""
    for prefix in ("A/RES/", "S/RES/", "E/RES/", "A/DEC/", "E/DEC/"):
        if symbol.startswith(prefix):
            return symbol[len(prefix) :]
    return None


def _english(code: str) -> str:
    """A language's English name, as an English masthead's "Original:" prints it."""
    names = langs.load("en").data.get("language_names", {}).get(code) or [code]
    return str(names[0])


def _words(n: int) -> str:
    if n < 20:
        return _UNITS[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else "-" + _UNITS[n % 10])
    return _UNITS[n // 100] + " hundred" + ("" if n % 100 == 0 else " and " + _words(n % 100))


def _ordinal(n: int) -> str:
    """78 -> "seventy-eighth", the way a session line prints its number."""
    words = _words(n)
    head, sep, last = words.rpartition("-") if "-" in words.split(" ")[-1] else words.rpartition(" ")
    if last in _ORDINAL_WORDS:
        last = _ORDINAL_WORDS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + sep + last
