"""Which files of a folder are documents undocs should try to read."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Final

DOCUMENT_SUFFIXES = {".pdf", ".txt", ".xml", ".docx", ".doc", ".text"}


def document_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named on the command line as they are; folders walked recursively
    (sorted, hidden files skipped) for files with a document suffix."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if (
                    child.is_file()
                    and child.suffix.lower() in DOCUMENT_SUFFIXES
                    and not any(part.startswith(".") for part in child.relative_to(path).parts)
                ):
                    yield child
        else:
            yield path


#: A language code at the end of a file's name, as UN and library files name versions:
#: "A_C.2_72_3.fr.txt", "A_47_843-EN.pdf" (ODS), "GA_Resolution_2758_ru.pdf"
_NAME_LANGUAGE: Final = re.compile(r"(?:^|[._\-\s])(ar|zh|en|fr|ru|es)$", re.IGNORECASE)


def language_from_name(path: str | Path) -> str | None:
    """The official language a file's name gives, if any (a hint: names can be wrong)."""
    m = _NAME_LANGUAGE.search(Path(path).stem)
    return m.group(1).lower() if m else None


#: A file named for its symbol, as the UN's services and libraries name them: "/" written "_",
#: then the language ("A_RES_2758(XXVI).ru.pdf", "S_2015_246-EN.pdf")
_NAME_END: Final = re.compile(r"(?:[._\-\s](?:ar|zh|en|fr|ru|es))?$", re.IGNORECASE)


def symbol_from_name(path: str | Path) -> str | None:
    """The symbol a file's name spells, canonical, if it spells one (a hint: names can be wrong)."""
    from undocs import symbols

    stem = _NAME_END.sub("", Path(path).stem)
    try:
        return symbols.normalize(stem.replace("_", "/"))
    except symbols.SymbolError:
        return None


def sha256_file(path: Path) -> str:
    """Hash of the file's bytes, read in chunks (files may be large PDFs)."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


#: what a browser is told each source format is, when the original file is downloaded
MEDIA_TYPES: Final = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "akn": "application/xml",
    "text": "text/plain; charset=utf-8",
}


def original_of(source: dict[str, object]) -> Path | None:
    """The file a version was read from, while it is where it was ingested from and unchanged
    (its sha256 as stored); None otherwise, and for uploads, whose bytes are not kept."""
    path, digest = source.get("path"), source.get("sha256")
    if not isinstance(path, str) or not path or path.startswith("upload:"):
        return None
    file = Path(path)
    if not file.is_file() or (isinstance(digest, str) and sha256_file(file) != digest):
        return None
    return file
