"""DOCX -> lines, one per Word paragraph (a table row is one tab-separated line).

Word already knows where paragraphs end, so every line is a hard break; indents
and bold come from the paragraph and run formatting. Footnotes are read from the
footnotes part and appended after a rule, as on a printed page.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from undocs.errors import ParseError
from undocs.extract.lines import MARK, Line, Source

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def extract_docx(path: Path, data: bytes) -> Source:
    try:
        import docx  # python-docx
    except ImportError:  # pragma: no cover - a declared dependency
        raise ParseError(path, "python-docx is not installed") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ParseError(path, f"not a readable DOCX ({exc})") from None
    lines: list[Line] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            _paragraph(child, lines)
        elif tag == "tbl":
            for row in child.iter(f"{W}tr"):
                cells = [_ptext(p) for p in row.iter(f"{W}p")]
                text = "\t".join(c for c in cells if c)
                if text.strip():
                    lines.append(Line(text=text, y=float(len(lines)), hard_break=True))
    notes = _footnotes(document)
    if notes:
        lines.append(Line(text="__________________", y=float(len(lines)), hard_break=True))
        for marker, text in notes:
            lines.append(Line(text=f"{marker} {text}", y=float(len(lines)), hard_break=True, size=8.0))
    # Word's default language is the template's, not the text's: detect it instead
    return Source(path=str(path), format="docx", lines=lines)


def _ptext(p) -> str:  # noqa: ANN001 - lxml element
    parts: list[str] = []
    for el in p.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "t" and el.text:
            parts.append(el.text)
        elif tag == "tab":
            parts.append("\t")
        elif tag in ("br", "cr"):
            parts.append(" ")
        elif tag == "footnoteReference":
            parts.append(MARK + (el.get(f"{W}id") or "") + MARK)
    return re.sub(r"[ ]+", " ", "".join(parts)).strip()


def _paragraph(p, lines: list[Line]) -> None:  # noqa: ANN001
    text = _ptext(p)
    if not text.strip():
        if lines:
            lines[-1].gap = max(lines[-1].gap, 0.0)
        return
    ind = p.find(f"{W}pPr/{W}ind")
    first = 0.0
    if ind is not None:
        first = float(ind.get(f"{W}firstLine") or 0) / 20 - float(ind.get(f"{W}hanging") or 0) / 20
    bold = bool(p.findall(f".//{W}b")) and all(
        r.find(f"{W}rPr/{W}b") is not None for r in p.iter(f"{W}r") if r.find(f"{W}t") is not None
    )
    lines.append(Line(text=text, y=float(len(lines)), x0=first, bold=bold, hard_break=True, indent=first))


def _footnotes(document) -> list[tuple[str, str]]:  # noqa: ANN001
    out: list[tuple[str, str]] = []
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes"):
            from lxml import etree

            root = etree.fromstring(rel.target_part.blob)
            for fn in root.iter(f"{W}footnote"):
                fid = fn.get(f"{W}id")
                if fn.get(f"{W}type") in ("separator", "continuationSeparator"):
                    continue
                text = " ".join(_ptext(p) for p in fn.iter(f"{W}p")).strip()
                if text:
                    out.append((fid or "", text))
    return out
