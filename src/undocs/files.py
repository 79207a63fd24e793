"""Which files of a folder are documents undocs should try to read."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

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
