"""Plain text (pdftotext-like or copy-pasted) -> lines.

What such files do to a document, and how we read it back:
- every line followed by an empty line ("doubled" extractions): single empty lines
  are dropped, and a missing one marks a page break;
- a line with only spaces, or several empty lines, separates paragraphs;
- leading spaces are a first-line indent; `\\f` is a page break;
- a YAML header (`---` ... `---`) added by a corpus on top is skipped.
"""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path
from typing import Final

from undocs.errors import BadEncoding, EmptyDocument, ParseError, UnsupportedFormat
from undocs.extract.lines import Layout, Line, Source

_YAML_END: Final = re.compile(r"^(?:---|\.\.\.)\s*$")


def decode(path: Path, data: bytes) -> str:
    """Bytes -> text, refusing what would silently become mojibake."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as exc:
                raise BadEncoding(path, f"broken {enc} text at byte {exc.start}") from None
    if b"\x00" in data[:65536]:
        raise ParseError(path, "unrecognised binary data: not a PDF, DOCX, Akoma Ntoso XML or UTF-8 text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadEncoding(
            path,
            f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it first, e.g. iconv -f cp1252 -t utf-8",
        ) from None


_CSV_LINE: Final = re.compile(r"^[^,\t;]*(?:[,\t;][^,\t;]*){1,}$")


def _data_format(text: str, suffix: str = "") -> str | None:
    """JSON or a table of values (CSV, TSV) in a text file: data, not a document. A file
    named as a table needs only one separator a row; otherwise two (three columns)."""
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    if head[:1] in "{[":
        try:
            json.loads(text)
            return "JSON data"
        except ValueError:
            pass
    rows = [r for r in head.splitlines()[:20] if r.strip()]
    if len(rows) >= 3:
        counts = [max(r.count(","), r.count("\t"), r.count(";")) for r in rows]
        fewest = 1 if suffix.lower() in (".csv", ".tsv") else 2
        if (
            min(counts) >= fewest
            and max(counts) - min(counts) <= max(2, min(counts) // 2)
            and all(_CSV_LINE.match(r) or '"' in r for r in rows[:1])
        ):
            return "a table of values (CSV)"
    return None


def strip_front_matter(lines: list[str]) -> list[str]:
    if lines and lines[0].strip() == "---":
        for i in range(1, min(len(lines), 80)):
            if _YAML_END.match(lines[i]):
                return lines[i + 1 :]
    return lines


def extract_text(path: Path, data: bytes) -> Source:
    text = decode(path, data)
    if "\x00" in text:
        raise ParseError(path, "binary data, not text (NUL characters)")
    kind = _data_format(text, path.suffix)
    if kind:
        raise UnsupportedFormat(
            path, f"{kind}, not a document (undocs reads UN documents: PDF, DOCX, text, Akoma Ntoso XML)"
        )
    raw = strip_front_matter(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    if not any(line.strip() for line in raw):
        raise EmptyDocument(path, "no text in file")
    return Source(
        path=str(path),
        format="text",
        lines=text_lines(raw),
        pages=1 + (sum(s.count("\f") for s in raw) if "\f" in text else 0),
        layout=Layout(copied=True),
    )


_BLANKS: Final = re.compile(r"[ \t]+")


def _doubled(raw: list[str], stripped: list[str]) -> bool:
    """True when most content lines are followed by exactly one empty line."""
    content = singles = 0
    for i in range(len(raw) - 2):
        if stripped[i]:
            content += 1
            if stripped[i + 2] and raw[i + 1] == "":
                singles += 1
    if content <= 4 or singles <= 0.5 * content:
        return False
    lengths = sorted(len(t) for t in stripped if t)
    return lengths[int(0.9 * (len(lengths) - 1))] <= 110


def text_lines(raw: list[str]) -> list[Line]:
    all_stripped = [line.strip() for line in raw]
    doubled = _doubled(raw, all_stripped)
    out: list[Line] = []
    append = out.append
    page, blank, y = 1, 0, 0
    pending_break = False
    prev_content = -10
    for i, stripped in enumerate(all_stripped):
        line = raw[i]
        if "\f" in line:
            page += line.count("\f")
            pending_break = True
            line = line.replace("\f", "")
            stripped = line.strip()
        if not stripped:
            if doubled and line == "":
                # the doubling's own empty line; a second one in a row is a real gap
                if i > 0 and raw[i - 1] == "" and i - 1 != prev_content + 1:
                    blank += 1
                continue
            blank += 1
            continue
        indent = len(line) - len(line.lstrip(" \t")) if line[0] in " \t" else 0
        new_page = pending_break or (doubled and prev_content == i - 1 and blank == 0 and out)
        append(
            Line(
                _BLANKS.sub(" ", stripped) if "  " in stripped or "\t" in stripped else stripped,
                page,
                float(indent),
                0.0,
                float(y),
                0.0,
                False,
                float(blank),
                "body",
                bool(new_page and out),
                False,
                float(indent),
            )
        )
        prev_content = i
        blank, y, pending_break = 0, y + 1, False
    return out
