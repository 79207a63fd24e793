"""Stage 1: bytes -> `Source` (positioned lines, or cover lines and blocks).

`extract(path)` sniffs the format from the bytes, not the name, so a PDF named
.txt is still read as a PDF, and refuses what it cannot read with a `ParseError`
that names the file and the reason. Whatever a reader's library raises on a broken
file (pdfium, zlib, lxml, a nesting too deep) comes out as that `ParseError` too:
callers catch one error, and a batch goes on past the file.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from undocs.errors import EmptyDocument, ParseError, TooLarge, UndocsError, UnsupportedFormat, as_parse_error
from undocs.extract.lines import MARK, Line, Source
from undocs.lang import LangDataError
from undocs.limits import Limits

__all__ = ["extract", "sniff", "Line", "Source", "MARK", "OCR_MODES"]

#: How scanned pages are read: --ocr auto (pages without text, and scans whose layer a fresh
#: reading contradicts), always (every page), never (the text layer as it is)
OCR_MODES = ("auto", "always", "never")


def sniff(path: Path, head: bytes) -> str:
    """The format of a file from its first bytes (and its name only as a tie-break)."""
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if path.suffix.lower() != ".odt" else "odt"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<") and (b"akomaNtoso" in head or path.suffix.lower() == ".xml"):
        return "xml"
    for magic, kind in (
        (b"\x89PNG", "png image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"II*\x00", "TIFF image"),
        (b"MM\x00*", "TIFF image"),
    ):
        if head.startswith(magic):
            return kind
    return "text"


def extract(
    path: str | Path, *, limits: Limits | None = None, ocr: str = "auto", language: str | None = None
) -> Source:
    """`ocr`: auto, always or never (extract/scan.py); `language`: the language scans are read in
    (else the file's name, its text layer or a first pass say)."""
    path = path if isinstance(path, Path) else Path(path)
    limits = limits or Limits.from_env()
    if ocr not in OCR_MODES:
        raise ValueError(f"--ocr {ocr!r}: one of {', '.join(OCR_MODES)}")
    try:
        return _extract(path, limits, ocr, language)
    except (UndocsError, LangDataError):
        raise  # (a broken language file is the installation's fault, not the document's)
    except Exception as exc:  # noqa: BLE001 - a reader's library failing on a broken file
        raise as_parse_error(path, exc, "the file is damaged and cannot be read ({error})") from None


def _extract(path: Path, limits: Limits, ocr: str, language: str | None) -> Source:
    limit = limits.max_bytes
    try:
        st = os.stat(path)
    except OSError as exc:
        raise ParseError(path, f"cannot read file ({exc.strerror})") from None
    size = st.st_size
    if stat.S_ISDIR(st.st_mode):
        raise ParseError(path, "is a folder")
    if size == 0:
        raise EmptyDocument(path, "empty file (0 bytes)")
    if size > limit:
        raise TooLarge(
            path, f"file is {size / 2**20:.0f} MiB, over the {limit / 2**20:.0f} MiB limit (UNDOCS_MAX_BYTES)"
        )
    with open(path, "rb") as f:
        head = f.read(2048)
        kind = sniff(path, head)
        if kind != "pdf":
            data = head + f.read()
    if kind == "pdf":
        from undocs.extract.pdf import extract_pdf

        return extract_pdf(path, ocr=ocr, language=language, limits=limits)
    source = _extract_bytes(path, kind, data, limits)
    source.meta["sha256"] = hashlib.sha256(data).hexdigest()  # the bytes read: no second read
    return source


def _extract_bytes(path: Path, kind: str, data: bytes, limits: Limits) -> Source:
    if kind == "docx":
        from undocs.extract.docx import extract_docx

        return extract_docx(path, data, limits)
    if kind == "xml":
        from undocs.extract.akn import extract_akn

        return extract_akn(path, data, limits)
    if kind == "text":
        from undocs.extract.text import extract_text

        return extract_text(path, data)
    if kind == "doc":
        raise UnsupportedFormat(path, "legacy Word .doc is not supported yet; save it as DOCX or PDF")
    raise UnsupportedFormat(path, f"{kind} is not a document format undocs reads (PDF, DOCX, text, Akoma Ntoso XML)")
