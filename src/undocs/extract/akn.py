"""Akoma Ntoso (AKN4UN) XML -> cover-page lines and body blocks.

The UN marks up its resolutions; we keep the markup's structure (preamble,
numbered paragraphs, footnotes at their markers) and hand the cover page to the
same masthead reader as every other format, so one reader serves all sources.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from lxml import etree

from undocs import lang as langs
from undocs.clean import mend
from undocs.errors import ParseError
from undocs.extract.lines import Layout, Line, Source
from undocs.extract.safe import parse_xml
from undocs.limits import Limits
from undocs.record import Block, Note


@cache
def _iso3() -> dict[str, str]:
    """ISO 639-2 code -> official language (each language file's `iso639_2`); German, which some
    AKN files carry, is named so that the parser can say it does not read it."""
    out = {"deu": "de", "ger": "de"}
    for code in langs.available():
        for iso in langs.load(code).data.get("iso639_2", []):
            out[iso] = code
    return out


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


_SPOT = "\ue001"  # where a footnote was, while the text is being built


def _text(el: etree._Element | list[etree._Element], notes: list[tuple[str, etree._Element, int]] | None = None) -> str:
    """Text of an element (or of a list of sibling elements); footnotes (authorialNote)
    are collected, not inlined, with the offset of their marker in the returned text."""
    parts: list[str] = []
    found: list[tuple[str, etree._Element]] = []

    def walk(e: etree._Element | list[etree._Element]) -> None:
        if not isinstance(e, list) and e.text:
            parts.append(e.text)
        for child in e:
            name = _local(child.tag)
            if name == "authorialNote":
                found.append((child.get("marker", ""), child))
                parts.append(_SPOT)
            elif name == "eol":
                parts.append(" ")
            else:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    # Arabic files keep an empty "()" where the marker is printed
    joined = re.sub(r"\(\s*\)\s*(?=" + _SPOT + ")", "", "".join(parts))
    joined = re.sub(r"\(\s*(" + _SPOT + r")\s*\)", r"\1", joined)  # "(" marker ")" around it
    text = mend(_clean(joined))
    if notes is not None:
        pieces = text.split(_SPOT)
        offset = 0
        for (marker, note), piece in zip(found, pieces, strict=False):
            offset += len(piece)
            notes.append((marker, note, offset))
    return text.replace(_SPOT, "")


def extract_akn(path: Path, data: bytes, limits: Limits) -> Source:
    root = parse_xml(data, path, limits, "XML")
    if _local(root.tag) != "akomaNtoso":
        raise ParseError(path, f"XML but not Akoma Ntoso (root element <{_local(root.tag)}>)")
    lang = None
    for el in root.iter():
        if _local(el.tag) == "FRBRlanguage":
            lang = _iso3().get(el.get("language", ""))
            break
    cover: list[Line] = []
    previous_name = None
    for el in root.iter():
        if _local(el.tag) == "coverPage":
            for p in el:
                if _local(p.tag) == "p":
                    text = _text(p)
                    names = [i.get("name") for i in p.iter() if _local(i.tag) == "inline" and i.get("name")]
                    name = names[0] if names else None
                    if text and name and name == previous_name and name == "agenda item name":
                        cover[-1].text += " " + text  # one title marked up in two paragraphs
                    elif text:
                        cover.append(Line(text=text, y=float(len(cover)), hard_break=True))
                    previous_name = name
            break
    for el in root.iter():
        if _local(el.tag) == "docketNumber" and el.text:
            cover.append(Line(text=_clean(el.text), y=float(len(cover)), zone="bottom", hard_break=True))
            break
    blocks: list[Block] = []
    _walk_body(root, blocks, cover, first=[True])
    if not cover and not blocks:
        raise ParseError(path, "Akoma Ntoso file with neither cover page nor body")
    return Source(
        path=str(path),
        format="akn",
        cover=cover,
        blocks=blocks,
        language_hint=lang,
        layout=Layout(notes_at_markers=True),
    )


_BODY = {
    "preamble",
    "mainBody",
    "conclusions",
    "preface",
    "attachments",
    "attachment",
    "collectionBody",
    "components",
    "component",
    "statement",
    "doc",
    "documentCollection",
    "hcontainer",
    "body",
}


def _walk_body(
    el: etree._Element, blocks: list[Block], cover: list[Line], first: list[bool], section: str = ""
) -> None:
    for child in el:
        name = _local(child.tag)
        if name in ("meta", "coverPage"):
            continue
        if name == "preface":
            for p in child:
                text = _text(p)
                if text and first[0]:
                    cover.append(Line(text=text, y=float(len(cover)), hard_break=True))
                elif text:
                    blocks.append(Block(kind="heading", text=text))
            first[0] = False
            continue
        if name == "formula":
            _add(blocks, "enacting", child)
        elif name == "container" and section == "preamble":
            _add(blocks, "preambular", child, opening=_opening(child))
        elif name == "paragraph" or name == "point":
            num = child.find("{*}num")
            number = _clean(num.text or "") if num is not None else None
            kind = "operative" if section == "mainBody" and name == "paragraph" else "subparagraph"
            own = [c for c in child if _local(c.tag) in ("content", "intro")]
            _add(blocks, kind, own, number=_number(number), opening=_opening(own))
            _walk_body(child, blocks, cover, first, section="sub")
            continue
        elif name == "subheading" or name == "heading":
            text = _text(child)
            if text:
                blocks.append(Block(kind="heading", text=text))
        elif name == "conclusions":
            for p in child:
                _add(blocks, "closing", p)  # with its notes, where a closing line carries one
        elif name in ("list", "sublist", "wrapUp"):
            _walk_body(child, blocks, cover, first, section="sub")
        elif name == "p" and section in ("preamble", "mainBody"):
            _add(blocks, "paragraph", child)
        else:
            _walk_body(child, blocks, cover, first, section=name if name in ("preamble", "mainBody") else section)


_NUM = re.compile(r"^\(?([0-9]{1,3}|[a-z]{1,2}|[ivxl]{1,6})\)?\s*[.\-–]?$")
_LEADING_NUM = re.compile(r"^([0-9]{1,3})\s*[.\-–]\s+")


def _number(printed: str | None) -> str | None:
    """`1.`, `1 -` (Arabic), `(a)` -> `1`, `a`."""
    if not printed:
        return None
    m = _NUM.match(printed.strip())
    return m.group(1) if m else printed.strip().rstrip(".")


def _opening(el: etree._Element | list[etree._Element]) -> str | None:
    spans = (span for e in (el if isinstance(el, list) else [el]) for span in e.iter())
    for span in spans:
        if _local(span.tag) == "span" and "italic" in (span.get("class") or "") and span.text:
            return _clean(span.text) or None
    return None


def _add(blocks: list[Block], kind: str, el: etree._Element | list[etree._Element], **kw: str | None) -> None:
    found: list[tuple[str, etree._Element, int]] = []
    text = _text(el, found)
    if not text and not found:
        return
    if kind in ("operative", "paragraph") and not kw.get("number"):
        m = _LEADING_NUM.match(text)  # a number typed into the text, not marked up
        if m:
            kw["number"], text = m.group(1), text[m.end() :]
            found = [(marker, note, max(0, offset - m.end())) for marker, note, offset in found]
    block = Block(kind=kind, text=text, **kw)  # type: ignore[arg-type]
    blocks.append(block)
    for marker, _note, offset in found:
        block.notes.append(Note(marker=marker, offset=min(offset, len(text))))
    for marker, note, _ in found:
        # Arabic files keep an empty "()" where the marker is printed
        blocks.append(Block(kind="footnote", text=re.sub(r"^\(\)\s*", "", _text(note)), number=marker))
